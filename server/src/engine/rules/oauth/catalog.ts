/**
 * The shipped OAuth scope catalogue (data/*.json, one file per platform, each naming its source): what each scope
 * lets an app do in plain words, its class (narrow / moderate / broad, the classes of the permissions family),
 * whether it reaches personal data, narrower scopes to offer, and the code literals that show the app uses it.
 * The classification is Micro-App Guard's own; schemas/oauth-scopes.schema.json validates the files (a unit test).
 */
import type { GrantClass } from '../../topics';

export type Platform = 'slack' | 'google' | 'microsoft' | 'github';
export const PLATFORMS: readonly Platform[] = ['slack', 'google', 'microsoft', 'github'];

/** How a scope is held: Microsoft's delegated (a user is signed in) or application (the app alone, tenant-wide) permissions. */
export type PermissionKind = 'delegated' | 'application';

export interface ScopeEntry {
  class?: GrantClass;
  delegated?: GrantClass;
  application?: GrantClass;
  adminConsent?: boolean;
  admin?: boolean;
  /** What the scope lets the app do, in words a non-developer understands ("read every e-mail ..."). */
  does: string;
  /** The personal data the scope reaches, when it does ("e-mail addresses", "message history"). */
  personal?: string;
  /** Narrower scopes, best first (as the catalogue names them). */
  narrower?: string[];
  /** A note for a narrowing no scope expresses (a fine-grained token). */
  note?: string;
  /** Literals in code that show the scope's API is reached; none means "never judged unused". */
  uses?: string[];
  /** Slack: the bot event that delivers what a history scope reads (`message.channels`). */
  event?: string;
  ids?: { delegated?: string; application?: string };
}

export interface AppPermissionEntry {
  read: GrantClass;
  write: GrantClass;
  admin?: boolean;
  does: string;
  personal?: string;
}

export interface PlatformCatalogue {
  platform: Platform;
  source: string;
  notes?: string;
  scopes: Record<string, ScopeEntry>;
  appPermissions?: Record<string, AppPermissionEntry>;
  resourceApps?: Record<string, string>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const DATA: Record<Platform, PlatformCatalogue> = {
  slack: require('./data/slack.json'),
  google: require('./data/google.json'),
  microsoft: require('./data/microsoft.json'),
  github: require('./data/github.json'),
};

export function catalogue(p: Platform): PlatformCatalogue {
  return DATA[p];
}

const GOOGLE_PREFIX = 'https://www.googleapis.com/auth/';

/** The catalogue's name of a scope as written (Google's full URLs lose their common prefix). */
export function canonical(p: Platform, written: string): string {
  const s = written.trim();
  if (p === 'google') {
    if (s.startsWith(GOOGLE_PREFIX)) return s.slice(GOOGLE_PREFIX.length);
    if (s === 'https://mail.google.com') return 'https://mail.google.com/';
    return s;
  }
  if (p === 'microsoft') {
    // `https://graph.microsoft.com/Mail.Read`, `api://.../.default`: the permission name after the resource.
    const m = /^(?:https:\/\/graph\.microsoft\.com\/|api:\/\/[^/]+\/|https?:\/\/[^/]+\/)(.+)$/.exec(s);
    if (m) return m[1];
    // Case as Graph spells it (Graph names are case-insensitive).
    const lower = s.toLowerCase();
    for (const k of Object.keys(DATA.microsoft.scopes)) if (k.toLowerCase() === lower) return k;
  }
  return s;
}

/** The written form of a catalogue name in the same style as `like` (a full URL for Google when written so). */
export function written(p: Platform, name: string, like: string): string {
  if (p === 'google' && like.startsWith('https://') && !/^https?:/.test(name)) return GOOGLE_PREFIX + name;
  if (p === 'google' && !like.startsWith('https://') && name.startsWith(GOOGLE_PREFIX)) return name.slice(GOOGLE_PREFIX.length);
  if (p === 'microsoft') {
    const m = /^(https:\/\/graph\.microsoft\.com\/)/.exec(like);
    if (m) return m[1] + name;
  }
  return name;
}

export interface ScopeInfo {
  platform: Platform;
  /** The catalogue's name. */
  name: string;
  entry?: ScopeEntry;
  class: GrantClass;
  admin: boolean;
  /** What it lets the app do; an unknown scope says so. */
  does: string;
  personal?: string;
}

/** A scope judged: its class for the way it is held (Microsoft application permissions are usually broader). */
export function scopeInfo(p: Platform, writtenName: string, kind?: PermissionKind): ScopeInfo {
  const name = canonical(p, writtenName);
  const entry = DATA[p].scopes[name];
  if (!entry) return { platform: p, name, class: 'moderate', admin: false, does: `use "${name}", a scope the catalogue does not know (judged moderate until reviewed)` };
  const cls = (p === 'microsoft' ? (kind === 'application' ? entry.application : entry.delegated) : entry.class) ?? entry.class ?? 'moderate';
  return { platform: p, name, entry, class: cls, admin: entry.admin === true || (p === 'microsoft' && kind === 'application' && cls === 'broad'), does: entry.does, personal: entry.personal };
}

/** A GitHub App permission at a level (`read`, `write`, `admin`). */
export function appPermissionInfo(name: string, level: string): ScopeInfo {
  const e = DATA.github.appPermissions?.[name];
  const lv = level.toLowerCase();
  if (!e) return { platform: 'github', name: `${name}: ${level}`, class: lv === 'read' ? 'narrow' : 'moderate', admin: false, does: `${lv} access to ${name.replace(/_/g, ' ')} (a permission the catalogue does not know)` };
  const cls: GrantClass = lv === 'read' ? e.read : lv === 'admin' ? 'broad' : e.write;
  return { platform: 'github', name: `${name}: ${level}`, class: cls, admin: e.admin === true && lv !== 'read', does: `${lv === 'read' ? 'read' : lv === 'admin' ? 'administer' : 'read and change'} ${e.does}`, personal: e.personal };
}

/** A Microsoft permission by its id (an Entra manifest's `resourceAccess`), with its kind. */
export function microsoftById(id: string): { name: string; kind: PermissionKind } | undefined {
  return MS_IDS.get(id.toLowerCase());
}
const MS_IDS = new Map<string, { name: string; kind: PermissionKind }>();
for (const [name, e] of Object.entries(DATA.microsoft.scopes)) {
  if (e.ids?.delegated) MS_IDS.set(e.ids.delegated, { name, kind: 'delegated' });
  if (e.ids?.application) MS_IDS.set(e.ids.application, { name, kind: 'application' });
}

/** The id of a Microsoft permission of a kind, when the catalogue has it. */
export function microsoftId(name: string, kind: PermissionKind): string | undefined {
  return DATA.microsoft.scopes[name]?.ids?.[kind];
}

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Sizes per platform (docs, tests). */
export function catalogueSizes(): Record<Platform, number> {
  const out = {} as Record<Platform, number>;
  for (const p of PLATFORMS) out[p] = Object.keys(DATA[p].scopes).length + Object.keys(DATA[p].appPermissions ?? {}).length;
  return out;
}

/** The docs section (docs/rules.md): classes per platform with their sources. */
export function scopeClassesDoc(): string {
  const lines = ['## OAuth scope classes (oauth family)', '', 'Every OAuth scope the oauth family reads (Slack app manifests and Bolt code, Apps Script `appsscript.json` and Google scope lists, Entra app registrations and MSAL scopes, GitHub App manifests and OAuth `scope=` strings) is classified from a catalogue shipped as data (`server/src/engine/rules/oauth/data/`). A declaration is one grant, as broad as its broadest scope; an unknown scope is moderate. The class feeds the manifest\'s permissions factor (narrow 0, moderate 2, broad 5); scopes marked personal feed the data classes (PII).', ''];
  const title: Record<Platform, string> = { slack: 'Slack', google: 'Google', microsoft: 'Microsoft Graph', github: 'GitHub' };
  for (const p of PLATFORMS) {
    const c = DATA[p];
    lines.push(`### ${title[p]} (${catalogueSizes()[p]} entries)`, '', `Source: ${c.source}.`, '');
    const by: Record<GrantClass, string[]> = { narrow: [], moderate: [], broad: [] };
    for (const [n, e] of Object.entries(c.scopes)) {
      if (p === 'microsoft') by[e.delegated ?? 'moderate'].push(`\`${n}\`${e.application && e.application !== e.delegated ? ` (application: ${e.application})` : ''}${e.personal ? ' *' : ''}`);
      else by[e.class ?? 'moderate'].push(`\`${n}\`${e.personal ? ' *' : ''}`);
    }
    for (const [n, e] of Object.entries(c.appPermissions ?? {})) by[e.write].push(`App \`${n}: write\`${e.read !== e.write ? ` (read: ${e.read})` : ''}${e.personal ? ' *' : ''}`);
    lines.push('| Class | Scopes (* reaches personal data) |', '| --- | --- |');
    for (const k of ['narrow', 'moderate', 'broad'] as const) lines.push(`| ${k} | ${by[k].join(', ') || '-'} |`);
    lines.push('');
  }
  return lines.join('\n');
}
