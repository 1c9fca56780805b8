/**
 * The oauth family (category `iam`): the OAuth scopes micro-apps hold (Slack, Google, Microsoft Graph, GitHub)
 * and the settings that open an app beyond its own organisation. Scopes are read where they live (readers.ts for
 * manifests and registrations, code.ts for code), judged with the shipped catalogue (catalog.ts, data/*.json), and
 * every declaration is published as an `iam/grant` fact (provider slack / google / microsoft / github), so the scan's
 * grants, the registration manifest's requested permissions, its permissions factor and its data classes see them
 * as they see cloud grants. Code files publish which platform APIs they reach (`oauth/code`), which the
 * unused-scope rule reads across files.
 */
import type { DocumentContext } from '../../document';
import type { Fact, Family } from '../../family';
import { withLine } from '../../positions';
import type { Finding } from '../../types';
import { broader, type GrantClass } from '../../topics';
import { teamNarrower, type TeamNarrower } from './templates';
import { appPermissionInfo, catalogue, microsoftId, scopeInfo, written, type Platform, type ScopeInfo } from './catalog';
import { codeUses, markerVariants, readCode, type CodeUse } from './code';
import { removeItem, type OffsetEdit } from './edits';
import { readBicep, readHcl, readTree } from './readers';
import { OAUTH_RULES } from './rules';
import type { Declaration, ReadResult, ScopeRef, TenantSetting } from './types';
import { documentEdits, findingOf, perDocument, quickFix } from '../../builders';

const GRANT_TOPIC = 'iam/grant';
const CODE_TOPIC = 'oauth/code';
export { OAUTH_RULES };
export { scopeClassesDoc, catalogueSizes } from './catalog';

const CODE_KINDS = new Set(['js', 'python', 'go', 'java', 'kotlin', 'ruby', 'csharp', 'php']);
const STRUCTURED_HINT = /oauth_config|org_deploy_enabled|oauthScopes|requiredResourceAccess|signInAudience|availableToOtherTenants|default_permissions/;
const PLATFORM_NAME: Record<Platform, string> = { slack: 'Slack', google: 'Google', microsoft: 'Microsoft Graph', github: 'GitHub' };

export interface OauthFixData {
  kind: 'oauth';
  options: Array<{ title: string; preferred: boolean; edits: OffsetEdit[] }>;
}

/** What the oauth family publishes on an `iam/grant` beyond the shared fields (the manifest reads it). */
export interface OauthGrantExtra {
  app?: string;
  revokeKind: string;
  where: string;
  /** Scopes that reach personal data, with what they reach. */
  personal: Array<{ scope: string; what: string }>;
}

interface Own {
  read: ReadResult;
  uses: CodeUse[];
}

/** Bicep files (read as text by the other families): Entra app registrations of the Microsoft Graph extension. */
function isBicep(doc: DocumentContext): boolean {
  return /\.bicep$/i.test(doc.base);
}

const own = perDocument((doc): Own => {
  const r: Own = { read: { declarations: [], tenant: [] }, uses: [] };
  try {
    if (CODE_KINDS.has(doc.kind)) {
      r.read = readCode(doc.text, doc.base, doc.index.lineStarts);
      r.uses = codeUses(doc.text, doc.base, doc.index.lineStarts);
    } else if (doc.kind === 'terraform') {
      if (doc.text.includes('azuread_application')) {
        const hcl = doc.hcl();
        if (hcl) r.read = readHcl(doc.text, hcl);
      }
    } else if (isBicep(doc)) {
      if (/Microsoft\.Graph\/applications/i.test(doc.text)) r.read = readBicep(doc.text);
    } else if ((doc.kind === 'yaml' || doc.kind === 'json' || doc.kind === 'jsonc') && STRUCTURED_HINT.test(doc.text)) {
      // Only documents that name one of the keys are parsed (untyped YAML is otherwise never parsed).
      for (const t of doc.trees()) {
        const x = readTree(doc.text, t, doc.base);
        r.read.declarations.push(...x.declarations);
        r.read.tenant.push(...x.tenant);
      }
    }
  } catch {
    // Half-typed input: nothing is guessed.
  }
  return r;
});

function infoOf(d: Declaration, s: ScopeRef): ScopeInfo {
  if (d.platform === 'github' && s.level) return appPermissionInfo(s.name, s.level);
  return scopeInfo(d.platform, s.name, s.kind);
}

function label(d: Declaration, s: ScopeRef): string {
  if (s.level) return `${s.name}: ${s.level}`;
  return s.kind && d.platform === 'microsoft' ? `${s.name} (${s.kind})` : s.name;
}

const HISTORY = ['channels:history', 'groups:history', 'im:history', 'mpim:history'];

interface Raw {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  start: number;
  end: number;
  options: OauthFixData['options'];
}

function kindText(s: ScopeRef): string {
  return s.kind === 'application' ? ' as an application permission (no signed-in user, the whole organisation)' : s.kind === 'delegated' ? ' (delegated)' : '';
}

function plural(p: Platform): string {
  return p === 'microsoft' ? 'permission' : 'scope';
}

/** The narrower scopes to offer for a scope: the platform team's first (oauth.templatesDir), then the catalogue's. */
function narrowerOf(p: Platform, info: ScopeInfo, team: TeamNarrower | undefined): string[] {
  return [...new Set([...(team?.get(p)?.get(info.name) ?? []), ...(info.entry?.narrower ?? [])])].filter((n) => n !== info.name);
}

/** The quick-fixes that narrow one scope in place. */
function narrowOptions(text: string, d: Declaration, s: ScopeRef, info: ScopeInfo, team: TeamNarrower | undefined): OauthFixData['options'] {
  const out: OauthFixData['options'] = [];
  const present = new Set(d.scopes.map((x) => x.name));
  if (d.platform === 'github' && s.level) {
    const e = catalogue('github').appPermissions?.[s.name];
    if (e && s.level !== 'read' && e.read !== 'broad') out.push({ title: `Ask for "${s.name}: read" instead (read-only)`, preferred: true, edits: [{ start: s.start, end: s.end, newText: 'read' }] });
    return out;
  }
  for (const n of narrowerOf(d.platform, info, team)) {
    // A narrower permission that is still broad the way it is held (an application permission) is no fix.
    if (scopeInfo(d.platform, n, s.kind).class === 'broad') continue;
    if (d.platform === 'microsoft' && /^[0-9a-f-]{36}$/i.test(s.written)) {
      // Permissions by id: the narrower permission's id of the same kind.
      const id = microsoftId(n, s.kind ?? 'delegated');
      if (!id) continue;
      out.push({ title: `Ask for "${n}" instead of "${info.name}"`, preferred: out.length === 0, edits: [{ start: s.start, end: s.end, newText: id }] });
      continue;
    }
    if (present.has(n) && s.item) {
      out.push({ title: `Remove "${info.name}" ("${n}" is already asked for)`, preferred: out.length === 0, edits: removeItem(text, s.item, d.syntax) });
      continue;
    }
    out.push({ title: `Ask for "${n}" instead of "${info.name}"`, preferred: out.length === 0, edits: [{ start: s.start, end: s.end, newText: written(d.platform, n, s.written) }] });
  }
  // An application permission where a user is present: the delegated one (id and type in a registration).
  if (d.platform === 'microsoft' && s.kind === 'application' && s.type && /^[0-9a-f-]{36}$/i.test(s.written)) {
    const id = microsoftId(info.name, 'delegated');
    if (id) {
      out.push({
        title: `Use the delegated permission "${info.name}" (acts only as the signed-in user)`,
        preferred: out.length === 0,
        edits: [
          { start: s.start, end: s.end, newText: id },
          { start: s.type.start, end: s.type.end, newText: 'Scope' },
        ],
      });
    }
  }
  if (s.item) out.push({ title: `Remove "${info.name}"`, preferred: false, edits: removeItem(text, s.item, d.syntax) });
  return out;
}

/** What each scope of the declaration reaches, and the findings on them. */
function judge(text: string, d: Declaration, used: Map<Platform, Set<string>> | undefined, team?: TeamNarrower): { raws: Raw[]; cls: GrantClass; reason: string; personal: OauthGrantExtra['personal'] } {
  const raws: Raw[] = [];
  let cls: GrantClass = 'narrow';
  let reason = '';
  const personal: OauthGrantExtra['personal'] = [];
  const P = PLATFORM_NAME[d.platform];
  const infos = d.scopes.map((s) => infoOf(d, s));
  // Slack history of three or more kinds of conversation is reported once, together (below).
  const historyTogether = d.platform === 'slack' && d.scopes.filter((s) => HISTORY.includes(s.name)).length >= 3;
  d.scopes.forEach((s, i) => {
    const info = infos[i];
    // The reason is the first of the broadest scopes.
    if (!reason || broader(cls, info.class) !== cls) reason = `"${label(d, s)}" lets the app ${info.does}`;
    cls = broader(cls, info.class);
    if (info.personal) personal.push({ scope: label(d, s), what: info.personal });
    const what = `${P} ${plural(d.platform)} "${label(d, s)}"${kindText(s)} lets the app ${info.does}`;
    if (info.class === 'broad') {
      const e = info.entry;
      const narrower = narrowerOf(d.platform, info, team);
      const hint = narrower.length ? ` Ask for "${narrower[0]}" instead if it covers what the app does.` : e?.note ? ` Narrower: ${e.note}.` : ' Ask only for what the app needs.';
      raws.push({
        ruleId: 'iam/oauth-broad-scope',
        severity: info.admin ? 'error' : 'warning',
        message: `${what}${info.personal ? ` (personal data: ${info.personal})` : ''}.${hint}`,
        start: s.start,
        end: s.end,
        options: narrowOptions(text, d, s, info, team),
      });
    } else if (info.personal && info.class === 'moderate' && !(historyTogether && HISTORY.includes(s.name))) {
      raws.push({ ruleId: 'iam/oauth-personal-data', severity: 'info', message: `${what}: personal data (${info.personal}). The registration manifest lists it among the data classes.`, start: s.start, end: s.end, options: [] });
    }
  });
  // Slack: the history of three or more kinds of conversation at once.
  if (d.platform === 'slack') {
    const hist = d.scopes.filter((s) => HISTORY.includes(s.name));
    if (hist.length >= 3) {
      cls = 'broad';
      reason = `${hist.map((h) => `"${h.name}"`).join(', ')} let the app read every message of every kind of conversation it is in`;
      const options: OauthFixData['options'] = [];
      if (d.events) {
        // Narrowed to the kinds of conversation the app receives messages from.
        const unneeded = hist.filter((h) => !d.events!.includes(catalogue('slack').scopes[h.name]?.event ?? ''));
        const edits = unneeded.flatMap((h) => (h.item ? removeItem(text, h.item, d.syntax) : []));
        if (unneeded.length && unneeded.length < hist.length && edits.length) options.push({ title: `Keep only the history of the conversations the app subscribes to (remove ${unneeded.map((h) => h.name).join(', ')})`, preferred: true, edits });
      }
      for (const h of hist.slice(1)) if (h.item) options.push({ title: `Remove "${h.name}"`, preferred: false, edits: removeItem(text, h.item, d.syntax) });
      raws.push({
        ruleId: 'iam/oauth-broad-scope',
        severity: 'warning',
        message: `Slack scopes ${hist.map((h) => `"${h.name}"`).join(', ')} together let the app read every message in every kind of conversation it is in (public and private channels, direct messages): personal data (message history). A bot that posts a summary needs only the history of the conversations it summarises.`,
        start: hist[0].start,
        end: hist[0].end,
        options,
      });
    }
  }
  // Declared but never used, when the workspace has code for the platform.
  const uses = used?.get(d.platform);
  if (uses) {
    d.scopes.forEach((s, i) => {
      const e = infos[i].entry;
      if (!e?.uses?.length || !s.item) return;
      let isUsed = e.uses.some((m) => uses.has(m));
      let why = `no code in the workspace calls the API it is for (looked for ${e.uses.slice(0, 3).map((m) => `"${m}"`).join(', ')})`;
      if (d.platform === 'slack' && e.event && d.events) {
        isUsed = d.events.includes(e.event) || uses.has('conversations.history') || uses.has('conversations.replies');
        why = `the app subscribes to no "${e.event}" event and no code reads conversation history`;
      }
      if (isUsed) return;
      raws.push({
        ruleId: 'iam/oauth-unused-scope',
        severity: 'warning',
        message: `${PLATFORM_NAME[d.platform]} ${plural(d.platform)} "${label(d, s)}" lets the app ${infos[i].does}, but ${why}. Remove it if the app does not need it.`,
        start: s.start,
        end: s.end,
        options: [{ title: `Remove "${infos[i].name}" (not used)`, preferred: true, edits: removeItem(text, s.item, d.syntax) }],
      });
    });
  }
  return { raws, cls, reason: reason || 'no scopes', personal };
}

function tenantRaw(t: TenantSetting): Raw {
  const messages: Record<TenantSetting['what'], string> = {
    'multi-tenant': `Sign-in audience "${t.value}" lets people of any Microsoft organisation${/Personal/.test(t.value) ? ' and personal Microsoft accounts' : ''} sign in to the app and consent to its permissions. For an app used only inside your organisation, set it to "AzureADMyOrg".`,
    'org-deploy': 'org_deploy_enabled lets the Slack app be installed on every workspace of the Enterprise Grid organisation at once, with its scopes in each. Leave it off unless the app is meant for the whole organisation.',
    'public-app': '"public": true lets any GitHub account or organisation install this GitHub App. For an app used only inside your organisation, set it to false.',
    'domain-wide-delegation':
      'A Google service account with "subject" impersonates a user of the domain (domain-wide delegation): it can act as any user of the Google Workspace domain, for the scopes an admin allowed, without their consent. Prefer the user\'s own OAuth consent where a user is present, or keep the delegated scopes in the Admin console to the narrowest.',
  };
  return { ruleId: 'iam/oauth-tenant-exposure', severity: 'warning', message: messages[t.what], start: t.start, end: t.end, options: t.fix ? [{ title: t.fix.title, preferred: true, edits: [{ start: t.fix.start, end: t.fix.end, newText: t.fix.newText }] }] : [] };
}

function toFinding(doc: DocumentContext, r: Raw): Finding {
  return findingOf(doc, 'iam', r, { kind: 'oauth', options: r.options } as OauthFixData);
}

/** Code uses by platform: how many facts of each platform, and of each marker how many facts name it. */
interface Tally {
  facts: Map<Platform, number>;
  uses: Map<Platform, Map<string, number>>;
}
function tallyOf(values: Iterable<CodeUse>): Tally {
  const t: Tally = { facts: new Map(), uses: new Map() };
  for (const u of values) {
    if (!u || typeof u.platform !== 'string' || !Array.isArray(u.uses)) continue;
    t.facts.set(u.platform, (t.facts.get(u.platform) ?? 0) + 1);
    let m = t.uses.get(u.platform);
    if (!m) t.uses.set(u.platform, (m = new Map()));
    for (const x of new Set(u.uses)) m.set(x, (m.get(x) ?? 0) + 1);
  }
  return t;
}
/** The folder's code uses (the model's list, every file's), tallied once per list, and each file's own facts in it. */
const folderTallies = new WeakMap<object, { all: Tally; byPath: Map<string, CodeUse[]> }>();

/**
 * The uses of each declared platform's APIs by the code of the workspace (this file's own, as its text has them,
 * and every other file's); a platform without code is absent. `folder` is the model's list with this file's published
 * facts in it, tallied once for every file that asks (each declaring file read and merged every file's uses: a folder
 * of apps, each with its manifest, cost the square of their number).
 */
function usesIn(own: CodeUse[], folder: Array<{ path: string; value: CodeUse }>, path: string, platforms: Set<Platform>): Map<Platform, Set<string>> {
  let f = folderTallies.get(folder);
  if (!f) {
    const byPath = new Map<string, CodeUse[]>();
    for (const x of folder) {
      const l = byPath.get(x.path);
      if (l) l.push(x.value);
      else byPath.set(x.path, [x.value]);
    }
    folderTallies.set(folder, (f = { all: tallyOf(folder.map((x) => x.value)), byPath }));
  }
  // This file's published facts are left out: its text's own uses stand for them.
  const published = tallyOf(f.byPath.get(path) ?? []);
  const m = new Map<Platform, Set<string>>();
  for (const p of platforms) {
    if ((f.all.facts.get(p) ?? 0) - (published.facts.get(p) ?? 0) <= 0) continue;
    const s = new Set<string>();
    const mine = published.uses.get(p);
    for (const [x, n] of f.all.uses.get(p) ?? []) if (n - (mine?.get(x) ?? 0) > 0) s.add(x);
    m.set(p, s);
  }
  for (const u of own) {
    if (!u || typeof u.platform !== 'string' || !Array.isArray(u.uses)) continue;
    const s = m.get(u.platform) ?? new Set<string>();
    for (const x of u.uses) s.add(x);
    m.set(u.platform, s);
  }
  return m;
}

/** The grant of a declaration (as the permissions family publishes its grants). */
function grantOf(text: string, d: Declaration) {
  const j = judge(text, d, undefined);
  const extra: OauthGrantExtra = { ...(d.app ? { app: d.app } : {}), revokeKind: d.revokeKind, where: d.where, personal: j.personal };
  return { provider: d.platform, actions: d.scopes.map((s) => label(d, s)), resources: [d.where], class: j.cls, reason: `${PLATFORM_NAME[d.platform]}: ${j.reason}`, start: d.start, end: d.end, oauth: extra };
}

export const oauthFamily: Family = {
  name: 'oauth',
  category: 'iam',
  idPrefixes: ['iam/oauth-'],
  rules: OAUTH_RULES.map((r) => ({ ...r, category: 'iam' as const, family: 'oauth' })),
  settings: [
    {
      key: 'oauth.templatesDir',
      type: 'string',
      default: '',
      scope: 'resource',
      description:
        "Folder (relative to the workspace folder) of a platform team's least-privilege choices for OAuth scopes (*.json, validated against schemas/oauth-templates.schema.json): per scope, the narrower scopes the quick-fixes offer first.",
    },
  ],

  appliesTo: (doc) => CODE_KINDS.has(doc.kind) || doc.kind === 'yaml' || doc.kind === 'json' || doc.kind === 'jsonc' || doc.kind === 'terraform' || isBicep(doc),

  facts(doc) {
    const r = own(doc);
    const facts: Fact[] = [];
    for (const d of r.read.declarations) {
      const g = grantOf(doc.text, d);
      facts.push({ topic: GRANT_TOPIC, value: { ...withLine(g, doc), endLine: doc.index.positionAt(g.end).line + 1 } });
    }
    for (const u of r.uses) facts.push({ topic: CODE_TOPIC, value: u });
    return facts;
  },

  // A file that declares scopes reads the folder's code uses (files that only hold code or a tenant do not).
  readsOtherFiles: (doc) => own(doc).read.declarations.length > 0,
  // A code file's uses by platform: a declaration reads those of the platforms it declares scopes of.
  factKeys: { [CODE_TOPIC]: (value) => String((value as CodeUse | undefined)?.platform) },

  async check(ctx) {
    const { doc } = ctx;
    const r = own(doc);
    if (!r.read.declarations.length && !r.read.tenant.length) return [];
    const platforms = new Set(r.read.declarations.map((d) => d.platform));
    // Only a file that declares scopes reads the other files' code (the dependency is recorded).
    const used = platforms.size ? usesIn(r.uses, ctx.workspace.query<CodeUse>(CODE_TOPIC, { withOwn: true }), doc.path, platforms) : undefined;
    // What it depends on: the code uses of the declared platforms (editing a Google script leaves Slack manifests be).
    if (platforms.size) ctx.workspace.narrow(CODE_TOPIC, [...platforms]);
    // A platform team's narrower scopes, offered first by the quick-fixes.
    const team = r.read.declarations.length ? teamNarrower(ctx.settings, ctx.folder?.root) : { problems: [] };
    for (const p of team.problems) ctx.onProblem(p);
    const findings: Finding[] = [];
    for (const d of r.read.declarations) for (const raw of judge(doc.text, d, used, team.narrower).raws) findings.push(toFinding(doc, raw));
    for (const t of r.read.tenant) findings.push(toFinding(doc, tenantRaw(t)));
    return findings;
  },

  fixes(ctx, finding) {
    const data = finding.data as OauthFixData | undefined;
    if (data?.kind !== 'oauth' || !Array.isArray(data.options)) return [];
    const { doc } = ctx;
    return data.options.map((o) => quickFix(finding.ruleId, o.title, [documentEdits(doc, o.edits)], { preferred: o.preferred }));
  },
};

export { markerVariants };
export { usesIn };
