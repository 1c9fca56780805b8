/** What the oauth family's readers return: scope declarations and tenant settings, with offsets into the text. */
import type { PermissionKind, Platform } from './catalog';

export interface ScopeRef {
  /** The scope as written (`https://www.googleapis.com/auth/drive`, `chat:write`, an Entra permission id). */
  written: string;
  /** The catalogue's name (`drive`, `Mail.Read`); for an unknown Entra id, `id <guid>`. */
  name: string;
  /** Microsoft: delegated or application permission. */
  kind?: PermissionKind;
  /** Offsets of the scope's text (inside any quotes). */
  start: number;
  end: number;
  /** Offsets of the whole item (quotes included), for removal; absent when it cannot be removed on its own. */
  item?: { start: number; end: number };
  /** Entra manifests name permissions by id: the `type` value ("Role" / "Scope") beside it. */
  type?: { start: number; end: number; value: string };
  /** GitHub App permission level (`read` / `write` / `admin`). */
  level?: string;
}

export type Syntax = 'json' | 'yaml' | 'hcl' | 'bicep' | 'code';

export interface Declaration {
  platform: Platform;
  /** Where it was read, for messages and the grant's resources ("Slack app manifest, bot token"). */
  where: string;
  /** The app's name, when the file says it. */
  app?: string;
  /** What to uninstall or revoke to cut the app off (revocation). */
  revokeKind: string;
  syntax: Syntax;
  scopes: ScopeRef[];
  /** Slack manifest: the events the app subscribes to (bot and user). */
  events?: string[];
  /** Offsets of the declaration (the grant). */
  start: number;
  end: number;
}

export interface TenantSetting {
  what: 'multi-tenant' | 'org-deploy' | 'domain-wide-delegation' | 'public-app';
  platform: Platform;
  start: number;
  end: number;
  /** The value as written (never a secret: an audience, a boolean, a key name). */
  value: string;
  /** The replacement that closes the exposure, in the file's syntax. */
  fix?: { start: number; end: number; newText: string; title: string };
}

export interface ReadResult {
  declarations: Declaration[];
  tenant: TenantSetting[];
}
