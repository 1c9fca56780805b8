/**
 * Where scopes live in configuration, read from the shared positioned trees (formats/tree.ts, formats/hcl.ts):
 *
 * - Slack app manifests (`manifest.yml` / `manifest.json`): `oauth_config.scopes.bot` and `.user`,
 *   `settings.event_subscriptions.bot_events` / `user_events`, `settings.org_deploy_enabled`;
 * - Apps Script `appsscript.json`: `oauthScopes`;
 * - Entra app registrations: the app manifest's `requiredResourceAccess` (permission ids, `type` Scope = delegated,
 *   Role = application) and `signInAudience` (or the older `availableToOtherTenants`); Terraform
 *   `azuread_application` (`required_resource_access`, `sign_in_audience`) and `azuread_application_api_access`;
 * - GitHub App manifests: `default_permissions` (permission: read / write / admin) and `public`.
 *
 * Readers never throw on half-typed input: what is not there (or not a string) is skipped.
 */
import { bicepResources } from '../../formats/bicep';
import type { HclBlock, HclBody, HclFile } from '../../formats/hcl';
import { get, getPath, str, type PNode } from '../../formats/tree';
import { canonical, GRAPH_APP_ID, microsoftById, type PermissionKind, type Platform } from './catalog';
import type { Declaration, ReadResult, ScopeRef, TenantSetting } from './types';

/** Offsets of a string node's text, inside its quotes (JSON and quoted YAML scalars carry them in their span). */
export function inner(text: string, n: { start: number; end: number }): { start: number; end: number } {
  const c = text[n.start];
  if ((c === '"' || c === "'") && n.end - n.start >= 2 && text[n.end - 1] === c) return { start: n.start + 1, end: n.end - 1 };
  return { start: n.start, end: n.end };
}

function stringItems(text: string, list: PNode | undefined, platform: Platform): ScopeRef[] {
  if (!list) return [];
  const out: ScopeRef[] = [];
  const items = list.type === 'array' ? list.items : list.type === 'string' ? [list] : [];
  for (const it of items) {
    if (it.type !== 'string' || !it.value.trim()) continue;
    if (list.type === 'string') {
      // A comma-separated string ("chat:write,commands"): each part at its place.
      const span = inner(text, it);
      const raw = text.slice(span.start, span.end);
      for (const m of raw.matchAll(/[^,\s]+/g)) out.push({ written: m[0], name: canonical(platform, m[0]), start: span.start + m.index, end: span.start + m.index + m[0].length });
      continue;
    }
    const span = inner(text, it);
    out.push({ written: it.value, name: canonical(platform, it.value), start: span.start, end: span.end, item: { start: it.start, end: it.end } });
  }
  return out;
}

const strings = (n: PNode | undefined): string[] => (n?.type === 'array' ? n.items.flatMap((i) => (i.type === 'string' ? [i.value] : [])) : []);

/** A Slack app manifest: `oauth_config` with scopes, or Slack's `display_information` / `settings` keys beside it. */
function slackManifest(text: string, root: PNode, out: ReadResult): void {
  const oauth = get(root, 'oauth_config');
  const settings = get(root, 'settings');
  if (!oauth && !(settings && get(root, 'display_information'))) return;
  const app = str(getPath(root, ['display_information', 'name'])) ?? str(getPath(root, ['features', 'bot_user', 'display_name']));
  const events = [...strings(getPath(settings, ['event_subscriptions', 'bot_events'])), ...strings(getPath(settings, ['event_subscriptions', 'user_events']))];
  const hasEvents = !!getPath(settings, ['event_subscriptions']);
  for (const token of ['bot', 'user'] as const) {
    const list = getPath(oauth, ['scopes', token]);
    const scopes = stringItems(text, list, 'slack');
    if (!list || !scopes.length) continue;
    out.declarations.push({
      platform: 'slack',
      where: `Slack app manifest, ${token} token`,
      ...(app ? { app } : {}),
      revokeKind: 'slack-app',
      syntax: text[root.start] === '{' ? 'json' : 'yaml',
      scopes,
      ...(hasEvents ? { events } : {}),
      start: list.start,
      end: list.end,
    });
  }
  const org = get(settings, 'org_deploy_enabled');
  if (org?.type === 'boolean' && org.value) {
    out.tenant.push({ what: 'org-deploy', platform: 'slack', start: org.start, end: org.end, value: 'true', fix: { start: org.start, end: org.end, newText: 'false', title: 'Set org_deploy_enabled to false (install per workspace)' } });
  }
}

/** Apps Script's project manifest. */
function appsScript(text: string, root: PNode, out: ReadResult, base: string): void {
  const list = get(root, 'oauthScopes');
  if (!list || list.type !== 'array') return;
  if (base !== 'appsscript.json' && !get(root, 'timeZone') && !get(root, 'runtimeVersion') && !get(root, 'exceptionLogging') && !get(root, 'dependencies')) return;
  const scopes = stringItems(text, list, 'google');
  if (!scopes.length) return;
  out.declarations.push({ platform: 'google', where: 'Apps Script project (appsscript.json)', revokeKind: 'google-apps-script', syntax: 'json', scopes, start: list.start, end: list.end });
}

const MULTI_TENANT = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount']);

function kindOfType(t: string | undefined): PermissionKind | undefined {
  if (!t) return undefined;
  if (/^role$/i.test(t)) return 'application';
  if (/^scope$/i.test(t)) return 'delegated';
  return undefined;
}

/** An Entra app manifest (JSON), or a Bicep `Microsoft.Graph/applications` resource: permissions by id and the sign-in audience. */
function entraManifest(text: string, root: PNode, out: ReadResult, syntax: 'json' | 'bicep' = 'json'): void {
  const rra = get(root, 'requiredResourceAccess');
  const audience = get(root, 'signInAudience');
  const others = get(root, 'availableToOtherTenants');
  if (!rra && !audience && !others) return;
  if (!rra && !get(root, 'appId') && !get(root, 'displayName') && !get(root, 'identifierUris')) return;
  const app = str(get(root, 'displayName')) ?? str(get(root, 'name'));
  for (const r of rra?.type === 'array' ? rra.items : []) {
    const resource = str(get(r, 'resourceAppId'));
    const access = get(r, 'resourceAccess');
    if (access?.type !== 'array') continue;
    const graph = resource?.toLowerCase() === GRAPH_APP_ID;
    const scopes: ScopeRef[] = [];
    for (const a of access.items) {
      const idNode = get(a, 'id');
      const typeNode = get(a, 'type');
      if (idNode?.type !== 'string') continue;
      const id = idNode.value;
      const known = graph ? microsoftById(id) : undefined;
      const kind = kindOfType(str(typeNode)) ?? known?.kind;
      const span = inner(text, idNode);
      scopes.push({
        written: id,
        name: known && (!kind || known.kind === kind) ? known.name : `id ${id}`,
        ...(kind ? { kind } : {}),
        start: span.start,
        end: span.end,
        item: { start: a.start, end: a.end },
        ...(typeNode?.type === 'string' ? { type: { ...inner(text, typeNode), value: typeNode.value } } : {}),
      });
    }
    if (!scopes.length) continue;
    out.declarations.push({
      platform: 'microsoft',
      where: `Entra app registration, ${graph ? 'Microsoft Graph' : `API ${resource ?? '(unknown)'}`}`,
      ...(app ? { app } : {}),
      revokeKind: 'entra-app',
      syntax,
      scopes,
      start: r.start,
      end: r.end,
    });
  }
  if (audience?.type === 'string' && MULTI_TENANT.has(audience.value)) {
    const span = inner(text, audience);
    out.tenant.push({ what: 'multi-tenant', platform: 'microsoft', start: span.start, end: span.end, value: audience.value, fix: { start: span.start, end: span.end, newText: 'AzureADMyOrg', title: 'Set signInAudience to AzureADMyOrg (this organisation only)' } });
  }
  if (others?.type === 'boolean' && others.value) {
    out.tenant.push({ what: 'multi-tenant', platform: 'microsoft', start: others.start, end: others.end, value: 'true', fix: { start: others.start, end: others.end, newText: 'false', title: 'Set availableToOtherTenants to false (this organisation only)' } });
  }
}

/** A GitHub App manifest: `default_permissions` and whether any account may install it (`public`). */
function githubApp(text: string, root: PNode, out: ReadResult): void {
  const perms = get(root, 'default_permissions');
  if (perms?.type !== 'object') return;
  if (!get(root, 'url') && !get(root, 'hook_attributes') && !get(root, 'default_events') && !get(root, 'name') && !get(root, 'redirect_url')) return;
  const scopes: ScopeRef[] = [];
  for (const e of perms.entries) {
    if (e.value.type !== 'string' || !/^(read|write|admin)$/i.test(e.value.value)) continue;
    const span = inner(text, e.value);
    scopes.push({ written: `${e.key}: ${e.value.value}`, name: e.key, level: e.value.value.toLowerCase(), start: span.start, end: span.end });
  }
  if (scopes.length) {
    const app = str(get(root, 'name'));
    out.declarations.push({ platform: 'github', where: 'GitHub App manifest', ...(app ? { app } : {}), revokeKind: 'github-app', syntax: 'json', scopes, start: perms.start, end: perms.end });
  }
  const pub = get(root, 'public');
  if (pub?.type === 'boolean' && pub.value) out.tenant.push({ what: 'public-app', platform: 'github', start: pub.start, end: pub.end, value: 'true', fix: { start: pub.start, end: pub.end, newText: 'false', title: 'Set public to false (only this account can install the app)' } });
}

/** Every declaration of a JSON or YAML tree (one YAML document, or a JSON root). */
export function readTree(text: string, root: PNode | undefined, base: string): ReadResult {
  const out: ReadResult = { declarations: [], tenant: [] };
  if (!root || root.type !== 'object') return out;
  try {
    slackManifest(text, root, out);
    appsScript(text, root, out, base.toLowerCase());
    entraManifest(text, root, out);
    githubApp(text, root, out);
  } catch {
    // Half-typed input: what was read stays.
  }
  return out;
}

// ---- Bicep ----------------------------------------------------------------------

/** Entra app registrations declared in Bicep with the Microsoft Graph extension (`Microsoft.Graph/applications`). */
export function readBicep(text: string): ReadResult {
  const out: ReadResult = { declarations: [], tenant: [] };
  try {
    for (const r of bicepResources(text)) if (r.type.toLowerCase() === 'microsoft.graph/applications') entraManifest(text, r.body, out, 'bicep');
  } catch {
    // Half-typed input: what was read stays.
  }
  return out;
}

// ---- Terraform ----------------------------------------------------------------

function attrOf(body: HclBody, name: string) {
  return body.attributes.find((a) => a.name === name);
}

/** A permission named in Terraform: a literal id, or `...app_role_ids["Mail.Read"]` / `...oauth2_permission_scope_ids["User.Read"]`. */
function hclPermission(text: string, n: PNode, typeHint?: PermissionKind): ScopeRef | undefined {
  if (n.type === 'string') {
    const known = microsoftById(n.value);
    const span = inner(text, n);
    const kind = typeHint ?? known?.kind;
    return { written: n.value, name: known && (!typeHint || known.kind === typeHint) ? known.name : `id ${n.value}`, ...(kind ? { kind } : {}), start: span.start, end: span.end };
  }
  const raw = text.slice(n.start, n.end);
  const m = /\b(app_role_ids|oauth2_permission_scope_ids)\s*\[\s*"([^"]+)"\s*\]/.exec(raw);
  if (!m) return undefined;
  const at = n.start + m.index + m[0].indexOf(`"${m[2]}"`) + 1;
  return { written: m[2], name: canonical('microsoft', m[2]), kind: m[1] === 'app_role_ids' ? 'application' : 'delegated', start: at, end: at + m[2].length };
}

function terraformApp(text: string, block: HclBlock, out: ReadResult): void {
  const body = block.body;
  const name = block.labels[1]?.value;
  const display = attrOf(body, 'display_name')?.value;
  const app = display?.type === 'string' ? display.value : name;
  for (const rra of body.blocks.filter((b) => b.type === 'required_resource_access')) {
    const res = attrOf(rra.body, 'resource_app_id')?.value;
    const resource = res?.type === 'string' ? res.value : res ? text.slice(res.start, res.end) : undefined;
    const graph = !resource || resource.toLowerCase() === GRAPH_APP_ID || /msgraph|microsoft_graph|MicrosoftGraph/i.test(resource);
    const scopes: ScopeRef[] = [];
    for (const ra of rra.body.blocks.filter((b) => b.type === 'resource_access')) {
      const id = attrOf(ra.body, 'id')?.value;
      const t = attrOf(ra.body, 'type')?.value;
      const kind = kindOfType(t?.type === 'string' ? t.value : undefined);
      const ref = id ? hclPermission(text, id, kind) : undefined;
      if (!ref) continue;
      if (!graph && ref.name.startsWith('id ') === false) ref.name = `id ${ref.written}`;
      if (t?.type === 'string') ref.type = { ...inner(text, t), value: t.value };
      ref.item = { start: ra.start, end: ra.end };
      scopes.push(ref);
    }
    if (scopes.length) out.declarations.push({ platform: 'microsoft', where: `Terraform azuread_application "${name ?? ''}", ${graph ? 'Microsoft Graph' : 'another API'}`, ...(app ? { app } : {}), revokeKind: 'entra-app', syntax: 'hcl', scopes, start: rra.start, end: rra.end });
  }
  const aud = attrOf(body, 'sign_in_audience')?.value;
  if (aud?.type === 'string' && MULTI_TENANT.has(aud.value)) {
    const span = inner(text, aud);
    out.tenant.push({ what: 'multi-tenant', platform: 'microsoft', start: span.start, end: span.end, value: aud.value, fix: { start: span.start, end: span.end, newText: 'AzureADMyOrg', title: 'Set sign_in_audience to AzureADMyOrg (this organisation only)' } });
  }
}

function terraformApiAccess(text: string, block: HclBlock, out: ReadResult): void {
  const scopes: ScopeRef[] = [];
  for (const [attr, kind] of [['role_ids', 'application'], ['scope_ids', 'delegated']] as const) {
    const v = attrOf(block.body, attr)?.value;
    for (const n of v?.type === 'array' ? v.items : v ? [v] : []) {
      const ref = hclPermission(text, n, kind);
      if (ref) scopes.push({ ...(v?.type === 'array' ? { item: { start: n.start, end: n.end } } : {}), ...ref });
    }
  }
  if (scopes.length) out.declarations.push({ platform: 'microsoft', where: `Terraform azuread_application_api_access "${block.labels[1]?.value ?? ''}"`, ...(block.labels[1] ? { app: block.labels[1].value } : {}), revokeKind: 'entra-app', syntax: 'hcl', scopes, start: block.start, end: block.end });
}

export function readHcl(text: string, hcl: HclFile): ReadResult {
  const out: ReadResult = { declarations: [], tenant: [] };
  try {
    for (const b of hcl.blocks) {
      if (b.type !== 'resource' || b.labels.length < 2) continue;
      const t = b.labels[0].value;
      if (t === 'azuread_application' || t === 'azuread_application_registration') terraformApp(text, b, out);
      else if (t === 'azuread_application_api_access') terraformApiAccess(text, b, out);
    }
  } catch {
    // Half-typed input: what was read stays.
  }
  return out;
}
