/**
 * Scopes in code (JavaScript/TypeScript, Apps Script `.gs`, Python, and the other code kinds), read token-locally
 * the way the secrets and endpoints families read code: a key named like scopes (`scopes: [...]`, `SCOPES = [...]`,
 * `user_scopes=`, `userScopes:`) followed by a list or a string of string literals, `scope=` in OAuth URLs, and
 * Google scope URLs anywhere. A list is given to the platform whose SDK the file uses and whose catalogue knows its
 * scopes (Google's URLs need no SDK). Also read here: domain-wide delegation (a Google service account that
 * impersonates users with `subject`), and which platform APIs the file reaches (the `oauth/code` fact the
 * unused-scope rule reads). Everything is prefiltered on literals before any regular expression runs.
 */
import { canonical, catalogue, PLATFORMS, type PermissionKind, type Platform } from './catalog';
import { escapeRegExp, matchesAtEveryStart } from '../../text';
import type { Declaration, ReadResult, ScopeRef, TenantSetting } from './types';

const PRESENCE: Record<Platform, RegExp> = {
  slack: /@slack\/|slack_bolt|slack_sdk|slackclient|slack\.com\/api\/|slack\.com\/oauth/,
  google: /googleapis|googleapiclient|google\.oauth2|google-auth|google\.auth\b|SpreadsheetApp|DriveApp|GmailApp|CalendarApp|DocumentApp|UrlFetchApp|ScriptApp|gspread|mail\.google\.com/,
  microsoft: /@microsoft\/microsoft-graph-client|msgraph|graph\.microsoft\.com|GraphServiceClient|Microsoft\.Graph\b|@azure\/msal|\bmsal\b|Microsoft\.Identity\.Client/,
  github: /@octokit|\boctokit\b|api\.github\.com|github\.com\/login\/oauth|\bPyGithub\b|from github import|go-github/,
};
/** A cheap first look: one of these literals must be in the text for PRESENCE to be tried. */
const PRESENCE_HINT = /slack|google|Spreadsheet|DriveApp|GmailApp|CalendarApp|DocumentApp|UrlFetchApp|ScriptApp|gspread|graph|msal|Msal|Microsoft|octokit|github|Github/;

/** The platforms whose SDK or API this code file uses (the last text's answer kept: readCode and codeUses both ask). */
function platformsIn(text: string, base: string, lineStarts?: readonly number[]): Platform[] {
  if (lastPlatforms && lastPlatforms.text === text && lastPlatforms.base === base) return lastPlatforms.platforms;
  const gs = /\.gs$/i.test(base);
  const platforms = !gs && !hintIn(text, lineStarts) ? [] : PLATFORMS.filter((p) => (p === 'google' && gs) || PRESENCE[p].test(text));
  lastPlatforms = { text, base, platforms };
  return platforms;
}
let lastPlatforms: { text: string; base: string; platforms: Platform[] } | undefined;

/** Lines per block of a large file whose hint answer is kept by the block's text. */
const HINT_BLOCK_LINES = 512;
/**
 * The blocks of the last large text asked about, with their answers. Only the last text's: a block is a slice of its
 * text and keeps the whole text alive, so blocks of older versions must not be kept (kept by the thousand, they held
 * a copy of a 20,000-line file per edit: the server's heap grew 0.3 MiB an edit, found by the bench's memory soak).
 */
let hintBlocks = new Map<string, boolean>();

/**
 * Whether a platform hint is in the text. A large file is asked block by block (lines, so a keystroke inside a line
 * leaves the other blocks' texts as they were) and each block's answer is kept by its text: an edit re-reads one
 * block, not the whole file (a 20,000-line file is typed in).
 */
function hintIn(text: string, lineStarts: readonly number[] | undefined): boolean {
  if (!lineStarts || lineStarts.length <= 2 * HINT_BLOCK_LINES) return PRESENCE_HINT.test(text);
  const seen = new Map<string, boolean>();
  let any = false;
  for (let l = 0; l < lineStarts.length && !any; l += HINT_BLOCK_LINES) {
    const end = l + HINT_BLOCK_LINES < lineStarts.length ? lineStarts[l + HINT_BLOCK_LINES] : text.length;
    const block = text.slice(lineStarts[l], end);
    let found = hintBlocks.get(block);
    if (found === undefined) found = PRESENCE_HINT.test(block);
    seen.set(block, found);
    any = found;
  }
  hintBlocks = seen;
  return any;
}


/**
 * One regular expression for every use marker of every platform's catalogue and their snake_case forms
 * (`chat.postMessage` -> `chat_postMessage`), longest first: a file is read once, not once per marker. Each
 * variant maps to the (platform, marker) pairs it shows, the shorter markers it contains included
 * (`admin.users.list` holds `admin.`).
 */
let MARKERS: { re: RegExp; pairsOf: (variant: string) => ReadonlyArray<[Platform, string]> } | undefined;
function markers(): NonNullable<typeof MARKERS> {
  if (MARKERS) return MARKERS;
  const direct = new Map<string, Array<[Platform, string]>>();
  for (const p of PLATFORMS) {
    for (const e of Object.values(catalogue(p).scopes)) {
      for (const u of e.uses ?? []) {
        for (const v of markerVariants(u)) {
          const l = direct.get(v) ?? [];
          if (!l.some(([q, m]) => q === p && m === u)) l.push([p, u]);
          direct.set(v, l);
        }
      }
    }
  }
  const variants = [...direct.keys()];
  // A variant's pairs (its own and those of the shorter markers inside it) are worked out when a file first shows it:
  // the first file that names a platform does not pay for every variant against every other.
  const byVariant = new Map<string, Array<[Platform, string]>>();
  const pairsOf = (v: string): ReadonlyArray<[Platform, string]> => {
    let pairs = byVariant.get(v);
    if (pairs === undefined) {
      pairs = direct.has(v) ? variants.filter((w) => v.includes(w)).flatMap((w) => direct.get(w)!) : [];
      byVariant.set(v, pairs);
    }
    return pairs;
  };
  const alternatives = [...variants].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return (MARKERS = { re: new RegExp(alternatives.join('|'), 'g'), pairsOf });
}

/** Python clients spell Slack and Graph methods in snake case. */
export function markerVariants(marker: string): string[] {
  const out = [marker];
  if (/^[a-z]+\.[A-Za-z.]+$/.test(marker)) out.push(marker.replace(/\./g, '_'));
  return out;
}

export interface CodeUse {
  platform: Platform;
  /** Markers (as the catalogue writes them) found in the file. */
  uses: string[];
}

/** Which platform APIs a code file reaches (the `oauth/code` fact). */
export function codeUses(text: string, base: string, lineStarts?: readonly number[]): CodeUse[] {
  const out: CodeUse[] = [];
  const present = platformsIn(text, base, lineStarts);
  if (!present.length) return out;
  const { re, pairsOf } = markers();
  const uses = new Map<Platform, Set<string>>(present.map((p) => [p, new Set<string>()]));
  // Every position is tried, not only those after the previous match: a marker that starts inside another's match
  // counts too (Google's `.users` matched in `client.users.info` and hid Slack's `users.info`).
  matchesAtEveryStart(re, text, (m) => {
    for (const [p, u] of pairsOf(m)) uses.get(p)?.add(u);
  });
  for (const p of present) out.push({ platform: p, uses: [...uses.get(p)!].sort() });
  return out;
}

// ---- scope lists ------------------------------------------------------------------

const SCOPE_KEY = /(?<![\w$])["']?([A-Za-z_]*(?:scopes?|SCOPES?|Scopes?))["']?\s*(?::|=(?!=)|\s+=)\s*/g;
const GOOGLE_URL = /https:\/\/www\.googleapis\.com\/auth\/[\w.\-]+|https:\/\/mail\.google\.com\//g;
const URL_SCOPE = /[?&]scope=([^&"'`\s#<>)]+)/g;
const MAX_LIST = 4000;

interface RawItem {
  value: string;
  start: number;
  end: number;
  item?: { start: number; end: number };
}

/** A string literal at `i` (', ", `); undefined when there is none or it does not close on its line. */
function stringAt(text: string, i: number): { value: string; start: number; end: number } | undefined {
  const q = text[i];
  if (q !== '"' && q !== "'" && q !== '`') return undefined;
  let j = i + 1;
  while (j < text.length && j - i < 1000) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === q) return { value: text.slice(i + 1, j), start: i + 1, end: j };
    if (c === '\n' && q !== '`') return undefined;
    j++;
  }
  return undefined;
}

/** Items of a list literal opening at `open` (`[` or `(`): string literals only; stops at anything else. */
function listAt(text: string, open: number): { items: RawItem[]; end: number } {
  const close = text[open] === '[' ? ']' : ')';
  const items: RawItem[] = [];
  let i = open + 1;
  while (i < text.length && i - open < MAX_LIST) {
    const c = text[i];
    if (c === close) return { items, end: i + 1 };
    if (/[\s,]/.test(c)) {
      i++;
      continue;
    }
    if ((c === '/' && text[i + 1] === '/') || c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    const s = stringAt(text, i);
    if (!s || s.value.includes('${')) break;
    items.push({ value: s.value.trim(), start: s.start, end: s.end, item: { start: i, end: s.end + 1 } });
    i = s.end + 1;
  }
  return { items, end: i };
}

/** The parts of a scope string ("chat:write,commands", "repo user", "a%20b") with their offsets. */
function splitScopes(value: string, at: number): RawItem[] {
  const out: RawItem[] = [];
  const re = /(?:%20|%2C|%2c|\+|,|\s)+/g;
  let last = 0;
  const push = (a: number, b: number) => {
    if (b > a) out.push({ value: decodeURIComponentSafe(value.slice(a, b)), start: at + a, end: at + b });
  };
  for (const m of value.matchAll(re)) {
    push(last, m.index);
    last = m.index + m[0].length;
  }
  push(last, value.length);
  return out;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Which platform a list of scopes belongs to: the one (used by the file) whose catalogue knows most of it. */
function platformOf(items: RawItem[], present: Platform[]): Platform | undefined {
  if (items.some((i) => i.value.startsWith('https://www.googleapis.com/auth/') || i.value.startsWith('https://mail.google.com'))) return 'google';
  let best: Platform | undefined;
  let bestKnown = 0;
  for (const p of present) {
    const scopes = catalogue(p).scopes;
    const known = items.filter((i) => scopes[canonical(p, i.value)] !== undefined).length;
    if (known > bestKnown) {
      best = p;
      bestKnown = known;
    }
  }
  return best;
}

const CLIENT_CREDENTIALS = /acquireTokenByClientCredential|acquire_token_for_client|ClientSecretCredential|ClientCertificateCredential|ConfidentialClientApplication/;

const REVOKE: Record<Platform, string> = { slack: 'slack-app', google: 'google-oauth-client', microsoft: 'entra-app', github: 'github-oauth-app' };

/** Scope declarations and domain-wide delegation in a code file. */
export function readCode(text: string, base: string, lineStarts?: readonly number[]): ReadResult {
  const out: ReadResult = { declarations: [], tenant: [] };
  const hasScope = /scope/i.test(text);
  const hasGoogleUrl = text.includes('googleapis.com/auth') || text.includes('mail.google.com');
  if (!hasScope && !hasGoogleUrl) return out;
  const present = platformsIn(text, base, lineStarts);
  const taken = new Set<number>();
  const add = (items: RawItem[], start: number, end: number, keyName: string) => {
    const platform = platformOf(items, present);
    if (!platform) return;
    const appOnly = platform === 'microsoft' && CLIENT_CREDENTIALS.test(text);
    const kind: PermissionKind | undefined = platform === 'microsoft' ? (appOnly ? 'application' : 'delegated') : undefined;
    const scopes: ScopeRef[] = items.map((i) => ({ written: i.value, name: canonical(platform, i.value), ...(kind ? { kind } : {}), start: i.start, end: i.end, ...(i.item ? { item: i.item } : {}) }));
    for (const s of scopes) taken.add(s.start);
    const token = platform === 'slack' ? (/user/i.test(keyName) ? ', user token' : ', bot token') : '';
    out.declarations.push({ platform, where: `scopes in code${token}`, revokeKind: REVOKE[platform], syntax: 'code', scopes, start, end });
  };
  if (hasScope) {
    SCOPE_KEY.lastIndex = 0;
    for (let m = SCOPE_KEY.exec(text); m; m = SCOPE_KEY.exec(text)) {
      const at = m.index + m[0].length;
      const c = text[at];
      if (c === '[' || c === '(') {
        const l = listAt(text, at);
        if (l.items.length) add(l.items, at, l.end, m[1]);
        SCOPE_KEY.lastIndex = Math.max(SCOPE_KEY.lastIndex, l.end);
      } else {
        const s = stringAt(text, at);
        if (s && !s.value.includes('${') && s.value.trim()) add(splitScopes(s.value, s.start), at, s.end + 1, m[1]);
      }
    }
    if (text.includes('scope=')) {
      URL_SCOPE.lastIndex = 0;
      for (let m = URL_SCOPE.exec(text); m; m = URL_SCOPE.exec(text)) {
        const at = m.index + m[0].indexOf('=') + 1;
        if (taken.has(at)) continue;
        const items = splitScopes(m[1], at);
        add(items, at, at + m[1].length, 'scope');
      }
    }
  }
  if (hasGoogleUrl) {
    // Google scope URLs outside any list read above (a constant, a concatenation).
    const loose: RawItem[] = [];
    GOOGLE_URL.lastIndex = 0;
    for (let m = GOOGLE_URL.exec(text); m; m = GOOGLE_URL.exec(text)) {
      if (taken.has(m.index)) continue;
      const q = text[m.index - 1];
      const quoted = (q === '"' || q === "'" || q === '`') && text[m.index + m[0].length] === q;
      loose.push({ value: m[0], start: m.index, end: m.index + m[0].length, ...(quoted ? { item: { start: m.index - 1, end: m.index + m[0].length + 1 } } : {}) });
    }
    if (loose.length) add(loose, loose[0].start, loose[loose.length - 1].end, 'scope');
  }
  if (present.includes('google')) out.tenant.push(...domainWideDelegation(text));
  return out;
}

/** A Google service account impersonating a user of the domain (`subject`): domain-wide delegation. */
function domainWideDelegation(text: string): TenantSetting[] {
  const out: TenantSetting[] = [];
  if (!text.includes('subject')) return out;
  const python = /service_account|ServiceAccountCredentials/.test(text);
  const js = /\bJWT\b|GoogleAuth|clientOptions|impersonate/.test(text);
  if (!python && !js) return out;
  const re = python ? /\.with_subject\(|\bsubject\s*=(?!=)/g : /\bsubject\s*:/g;
  for (const m of text.matchAll(re)) {
    const at = m.index + (m[0].startsWith('.') ? 1 : 0);
    out.push({ what: 'domain-wide-delegation', platform: 'google', start: at, end: at + (m[0].startsWith('.') ? 'with_subject'.length : 'subject'.length), value: 'subject' });
    if (out.length >= 20) break;
  }
  return out;
}

export type { Declaration };
