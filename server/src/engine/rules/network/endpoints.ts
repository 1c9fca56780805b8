/**
 * External endpoints an app calls, found in code and config: URLs (any
 * network scheme) and host names in host-like places (`host:` keys, `*_HOST`
 * variables, `endpoint`/`baseURL` options, Kubernetes `ExternalName`).
 *
 * Decisions (documented in the rule docs):
 * - Comments are documentation, not calls: they are skipped in every file kind
 *   that has them. Markdown is documentation as a whole: nothing is reported.
 * - Documentation-only hosts are never endpoints: RFC 2606/6761 names
 *   (example.com/.net/.org, *.example, *.test, *.invalid), documentation IP
 *   ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32),
 *   XML/JSON namespace and schema hosts (www.w3.org, schemas.xmlsoap.org,
 *   json-schema.org, ...), licence hosts; `0.0.0.0`/`::` are bind addresses.
 * - In JSON/YAML, metadata places are skipped: package.json `repository`,
 *   `homepage`, `bugs`, `author`, `license`..., `$schema`/`$id`/`$ref`, `xmlns`,
 *   Kubernetes `metadata` (annotations hold doc links) and Ingress/Gateway
 *   hosts (the app's own names, not endpoints it calls).
 * - `internal`: localhost, private/loopback/link-local/CGNAT/ULA addresses,
 *   cluster-local names (*.svc, *.cluster.local, *.local, *.internal, ...),
 *   single-label names (Kubernetes / compose service names), names under a TLD
 *   no public resolver knows, and configured suffixes.
 * - `listed-saas`: the host or a parent domain is in saas-domains.json (or the
 *   setting's extra entries "domain" / "domain=Provider"); everything else
 *   public is `unknown`.
 * - A URL is reported without userinfo, query or fragment, and path segments
 *   that look like tokens (webhook secrets) are replaced by `*`.
 */
import * as ipaddr from 'ipaddr.js';
import type * as Tldts from 'tldts';
import { parseJsonTree, fromYaml, get, str, type PArray, type PEntry, type PNode, type PObject } from '../../formats/tree';
import { parseYamlDocuments } from '../../formats/yaml';
import { flatString } from '../../text';

export type EndpointKind = 'internal' | 'listed-saas' | 'unknown';

export interface Endpoint {
  /** Scheme, host, port and path: never userinfo, query or fragment; token-like path segments masked. */
  url?: string;
  scheme?: string;
  host: string;
  registrableDomain?: string;
  port?: number;
  kind: EndpointKind;
  provider?: string;
  start: number;
  end: number;
}

export interface EndpointOptions {
  /** Extra internal DNS suffixes ("corp.acme.net"). */
  internalSuffixes?: string[];
  /** Extra SaaS domains: "domain" or "domain=Provider". */
  saasDomains?: string[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SAAS: { providers: Array<{ provider: string; domains: string[] }> } = require('./saas-domains.json');

const BUILTIN_SAAS = new Map<string, string>();
for (const p of SAAS.providers) for (const d of p.domains) BUILTIN_SAAS.set(d.toLowerCase(), p.provider);

const DOC_HOSTS = [
  'example.com', 'example.net', 'example.org', 'example', 'test', 'invalid',
  'w3.org', 'xmlsoap.org', 'schemas.microsoft.com', 'schemas.openxmlformats.org', 'schemas.android.com',
  'purl.org', 'json-schema.org', 'schema.org', 'schemastore.org', 'xmlns.com', 'ns.adobe.com',
  'opensource.org', 'spdx.org', 'creativecommons.org', 'gnu.org', 'www.apache.org', 'semver.org',
  'keepachangelog.com', 'yaml.org', 'relaxng.org', 'xml.org', 'oasis-open.org',
];

const INTERNAL_SUFFIXES = ['svc', 'cluster.local', 'local', 'internal', 'localdomain', 'lan', 'home.arpa', 'intranet', 'corp', 'localhost'];

const URL_SCHEMES = new Set([
  'http', 'https', 'ws', 'wss', 'grpc', 'grpcs', 'amqp', 'amqps', 'mqtt', 'mqtts', 'redis', 'rediss', 'postgres', 'postgresql',
  'mysql', 'mariadb', 'mongodb', 'mongodb+srv', 'nats', 'kafka', 'ftp', 'ftps', 'sftp', 'smtp', 'smtps', 'ldap', 'ldaps', 'tcp', 'udp',
  'clickhouse', 'cassandra', 'memcached', 'sqlserver', 'mssql', 'oracle', 'elasticsearch',
]);

const DEFAULT_PORTS: Record<string, number> = {
  http: 80, ws: 80, https: 443, wss: 443, grpcs: 443, amqp: 5672, amqps: 5671, mqtt: 1883, mqtts: 8883, redis: 6379, rediss: 6379,
  postgres: 5432, postgresql: 5432, mysql: 3306, mariadb: 3306, mongodb: 27017, nats: 4222, kafka: 9092, ftp: 21, sftp: 22,
  smtp: 25, smtps: 465, ldap: 389, ldaps: 636,
};

/** The port a connection uses: explicit, else the scheme's default. */
export function endpointPort(e: Pick<Endpoint, 'port' | 'scheme'>): number | undefined {
  return e.port ?? (e.scheme ? DEFAULT_PORTS[e.scheme] : undefined);
}

function suffixMatch(host: string, suffix: string): boolean {
  const s = suffix.toLowerCase().replace(/^\*?\./, '');
  return host === s || host.endsWith('.' + s);
}

function saasLookup(host: string, extra: string[] | undefined): string | undefined {
  for (const e of extra ?? []) {
    const [d, provider] = e.split('=');
    if (d && suffixMatch(host, d.trim())) return provider?.trim() || d.trim();
  }
  const labels = host.split('.');
  for (let i = 0; i < labels.length; i++) {
    const p = BUILTIN_SAAS.get(labels.slice(i).join('.'));
    if (p) return p;
  }
  return undefined;
}

/** Cheap test before ipaddr.js (which parses, and throws internally, for every host name it is asked about). */
function looksLikeIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || (host.includes(':') && /^[0-9a-fA-F:.%]+$/.test(host)) || /^0x[0-9a-f]+$/i.test(host);
}

/** The documentation address ranges (RFC 5737, RFC 3849), parsed when an address is first classified. */
let docRanges: { v4: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>; v6: [ipaddr.IPv4 | ipaddr.IPv6, number] } | undefined;
function documentationRanges(): NonNullable<typeof docRanges> {
  return (docRanges ??= {
    v4: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((c) => ipaddr.parseCIDR(c)),
    v6: ipaddr.parseCIDR('2001:db8::/32'),
  });
}

let tldts: typeof Tldts | undefined;
/**
 * A host's registrable domain and public suffix (tldts), loaded when a host name is first classified: setting up its
 * public-suffix trie costs the start ~2 ms, which the first diagnostics of a file without a URL do not need.
 */
function parseDomain(host: string): ReturnType<typeof Tldts.parse> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (tldts ??= require('tldts') as typeof Tldts).parse(host);
}

/**
 * Classify a host. Undefined: not an endpoint (documentation host, bind-all
 * address, malformed). `singleLabel` says whether a dotless name counts (as an
 * internal service name) in the place it was found.
 */
export function classifyHost(
  rawHost: string,
  opts: EndpointOptions = {},
  singleLabel = true,
): { host: string; kind: EndpointKind; provider?: string; registrableDomain?: string } | undefined {
  // The same hosts come back in file after file: classified once per host, settings and place (one map per place,
  // keyed by the host itself: no key string is made per lookup).
  let memos = classified.get(opts);
  if (!memos) classified.set(opts, (memos = [new HostMemo(), new HostMemo()]));
  const memo = memos[singleLabel ? 1 : 0];
  const known = memo.get(rawHost);
  if (known !== NOT_KNOWN) return known;
  const r = classifyHostUncached(rawHost, opts, singleLabel);
  // Kept as copies of their own: a host read from a file is a slice of its text, and would keep that text alive.
  if (r) r.host = flatString(r.host);
  memo.set(flatString(rawHost), r);
  return r;
}
type HostClass = { host: string; kind: EndpointKind; provider?: string; registrableDomain?: string } | undefined;
const NOT_KNOWN = Symbol('not known');
/**
 * Hosts classified, in two generations of at most 5,000 each: when the young one is full it becomes the old one (the
 * older is dropped), and a host found in the old one moves back to the young. The hosts a workspace names again and
 * again stay however many it names once (a URL-dense corpus: 11,357 hosts, 7,833 named once; clearing the one table
 * when it held 10,000 classified the frequent hosts again after each clear: the corpus's endpoints 500 -> 440 ms).
 */
class HostMemo {
  private young = new Map<string, HostClass>();
  private old = new Map<string, HostClass>();
  /** The generations' sizes (a test bounds them). */
  sizes(): [number, number] {
    return [this.young.size, this.old.size];
  }
  get(host: string): HostClass | typeof NOT_KNOWN {
    const y = this.young.get(host);
    if (y !== undefined || this.young.has(host)) return y;
    const o = this.old.get(host);
    if (o === undefined && !this.old.has(host)) return NOT_KNOWN;
    this.old.delete(host);
    this.set(host, o);
    return o;
  }
  set(host: string, r: HostClass): void {
    if (this.young.size >= HOST_MEMO_GENERATION) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(host, r);
  }
}
const HOST_MEMO_GENERATION = 5000;
/** The sizes of the host memo's generations for these options (dotted names only, any name), for tests. */
export function hostMemoSizes(opts: EndpointOptions = {}): Array<[number, number]> {
  return (classified.get(opts) ?? []).map((m) => m.sizes());
}
/** Per options object (the default one, or a settings' one held by the caller's memo): [dotted names only, any name]. */
const classified = new WeakMap<EndpointOptions, [HostMemo, HostMemo]>();

function classifyHostUncached(rawHost: string, opts: EndpointOptions, singleLabel: boolean): HostClass {
  let host = rawHost.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (!host || host.length > 253) return undefined;
  if (looksLikeIp(host) && ipaddr.isValid(host)) {
    let addr: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      addr = ipaddr.parse(host);
    } catch {
      return undefined;
    }
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    if (addr.kind() === 'ipv4' && !/^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.includes(':')) return undefined; // "1.2" style shorthands are versions
    host = addr.toString();
    const range = addr.range();
    if (range === 'unspecified' || range === 'broadcast' || range === 'multicast') return undefined;
    const doc = documentationRanges();
    if (addr.kind() === 'ipv4' ? doc.v4.some((c) => addr.match(c)) : addr.match(doc.v6)) return undefined;
    if (['private', 'loopback', 'linkLocal', 'uniqueLocal', 'carrierGradeNat'].includes(range)) return { host, kind: 'internal' };
    return { host, kind: 'unknown' };
  }
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(host)) return undefined;
  if (DOC_HOSTS.some((d) => suffixMatch(host, d))) return undefined;
  if (host === 'localhost') return { host, kind: 'internal' };
  if (!host.includes('.')) return singleLabel ? { host, kind: 'internal' } : undefined;
  if ([...INTERNAL_SUFFIXES, ...(opts.internalSuffixes ?? [])].some((s) => suffixMatch(host, s))) return { host, kind: 'internal' };
  const provider = saasLookup(host, opts.saasDomains);
  const parsed = parseDomain(host);
  const registrableDomain = parsed.domain ?? undefined;
  if (provider) return { host, kind: 'listed-saas', provider, registrableDomain };
  if (!parsed.isIcann) return { host, kind: 'internal' }; // no public resolver knows this TLD: private DNS
  return { host, kind: 'unknown', registrableDomain };
}

/** One options object per distinct content, so the per-options memo of classifyHost is found again. */
const NO_OPTIONS: EndpointOptions = {};
const optionObjects = new Map<string, EndpointOptions>();
function stableOptions(opts: EndpointOptions): EndpointOptions {
  if (!opts.internalSuffixes?.length && !opts.saasDomains?.length) return NO_OPTIONS;
  const k = JSON.stringify([opts.internalSuffixes ?? [], opts.saasDomains ?? []]);
  let o = optionObjects.get(k);
  if (!o) {
    if (optionObjects.size > 64) optionObjects.clear();
    optionObjects.set(k, (o = opts));
  }
  return o;
}

// ---- comments ------------------------------------------------------------------

interface CommentSyntax {
  line: string[];
  block?: Array<[string, string]>;
  quotes: string[];
  /** `#` starts a comment only at line start or after whitespace (shell, YAML, dotenv). */
  hashNeedsSpace?: boolean;
  triple?: boolean;
}

const C_LIKE: CommentSyntax = { line: ['//'], block: [['/*', '*/']], quotes: ['"', "'", '`'] };
const SYNTAX: Record<string, CommentSyntax> = {
  js: C_LIKE,
  go: C_LIKE,
  java: C_LIKE,
  kotlin: C_LIKE,
  csharp: C_LIKE,
  jsonc: C_LIKE,
  json: C_LIKE,
  php: { line: ['//', '#'], block: [['/*', '*/']], quotes: ['"', "'"] },
  terraform: { line: ['//', '#'], block: [['/*', '*/']], quotes: ['"'] },
  python: { line: ['#'], quotes: ['"', "'"], triple: true },
  ruby: { line: ['#'], quotes: ['"', "'"] },
  shell: { line: ['#'], quotes: ['"', "'"], hashNeedsSpace: true },
  dockerfile: { line: ['#'], quotes: ['"', "'"], hashNeedsSpace: true },
  dotenv: { line: ['#'], quotes: ['"', "'"], hashNeedsSpace: true },
  yaml: { line: ['#'], quotes: ['"', "'"], hashNeedsSpace: true },
  toml: { line: ['#'], quotes: ['"', "'"], triple: true },
  ini: { line: ['#', ';'], quotes: [], hashNeedsSpace: true },
  properties: { line: ['#', '!'], quotes: [], hashNeedsSpace: true },
  xml: { line: [], block: [['<!--', '-->']], quotes: [] },
};

/** Per syntax, the characters that can start a string, an escape or a comment, as one character class. */
const STARTS = new Map<CommentSyntax, RegExp>();
function startsOf(syn: CommentSyntax): RegExp {
  let re = STARTS.get(syn);
  if (!re) {
    const starts = new Set<string>([...syn.quotes, '\\', ...syn.line.map((l) => l[0]), ...(syn.block ?? []).map(([o]) => o[0]), ...(syn.triple ? ['"', "'"] : [])]);
    // The regular expression engine skips to the next such character much faster than a loop over characters.
    STARTS.set(syn, (re = new RegExp(`[${[...starts].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`, 'g')));
  }
  return re;
}

/** The text with comments replaced by spaces (offsets and newlines kept). */
function maskComments(text: string, fileKind: string): string {
  const syn = SYNTAX[fileKind];
  if (!syn) return text;
  // Built from slices (a character array of a large file costs more than the scan itself).
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  const n = text.length;
  const blank = (a: number, b: number) => {
    parts.push(text.slice(last, a), text.slice(a, b).replace(/[^\r\n]/g, ' '));
    last = b;
  };
  const next = startsOf(syn);
  next.lastIndex = 0;
  const first = next.exec(text);
  i = first ? first.index : n;
  while (i < n) {
    const c = text[i];
    if (syn.triple && (text.startsWith('"""', i) || text.startsWith("'''", i))) {
      const q = text.slice(i, i + 3);
      const e = text.indexOf(q, i + 3);
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (syn.quotes.includes(c)) {
      let j = i + 1;
      while (j < n && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n' && c !== '`') break;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '\\' && syn !== SYNTAX.xml) {
      i += 2;
      continue;
    }
    const line = syn.line.find((l) => text.startsWith(l, i));
    if (line && (!syn.hashNeedsSpace || line !== '#' || i === 0 || /\s/.test(text[i - 1]))) {
      if (!(syn.line.length === 1 && line === '!' && !(i === 0 || text[i - 1] === '\n'))) {
        const e = text.indexOf('\n', i);
        const end = e < 0 ? n : e;
        blank(i, end);
        i = end;
        continue;
      }
    }
    const block = syn.block?.find(([o]) => text.startsWith(o, i));
    if (block) {
      const e = text.indexOf(block[1], i + block[0].length);
      const end = e < 0 ? n : e + block[1].length;
      blank(i, end);
      i = end;
      continue;
    }
    i++;
    next.lastIndex = i;
    const m = next.exec(text);
    i = m ? m.index : n;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

// ---- URLs ------------------------------------------------------------------------

const XMLNS_BEFORE = /(xmlns(:[\w.-]+)?|schemaLocation|targetNamespace|DOCTYPE[^>]*)\s*=?\s*["']?\s*$/i;

function tokenishSegment(seg: string): boolean {
  return seg.length >= 20 || (seg.length >= 8 && /\d/.test(seg) && /[a-z]/i.test(seg) && !/^v\d+(\.\d+)*$/.test(seg) && !/^[a-z]+[-_.]?\d{1,4}$/i.test(seg)) || /[:=]/.test(seg);
}

/** The path with segments that look like ids or tokens as `*`; the same string when none does (the usual case). */
function maskPath(p: string): string {
  let masked: string[] | undefined;
  let from = 0;
  for (let k = 0; from <= p.length; k++) {
    const slash = p.indexOf('/', from);
    const end = slash < 0 ? p.length : slash;
    if (end > from && tokenishSegment(p.slice(from, end))) {
      masked ??= p.split('/');
      masked[k] = '*';
    }
    if (slash < 0) break;
    from = slash + 1;
  }
  return masked ? masked.join('/') : p;
}

/** Characters of a URL scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
/** What follows `://` up to a space, a quote or a character a URL does not hold unescaped (sticky: from lastIndex). */
const URL_REST = /[^\s"'`<>\\{}|^]*/y;

/**
 * URLs in text[from, to): each `scheme://` found with indexOf (the scheme is the letter-led run of 2 to 16 scheme
 * characters before it, starting at a word boundary), the rest up to a character a URL does not hold. The same
 * matches as /\b([a-z][a-z0-9+.-]{1,15}):\/\/([^\s"'`<>\\{}|^]*)/gi over the slice, without trying every position.
 */
function urlsIn(text: string, from: number, to: number, opts: EndpointOptions, out: Endpoint[]): void {
  opts = stableOptions(opts);
  // Searched within the slice (a scalar of a large YAML file is one of 100,000: a search must not run past its end).
  const sub = from === 0 && to === text.length ? text : text.slice(from, to);
  let next = 0;
  for (let c = sub.indexOf('://'); c >= 0; c = sub.indexOf('://', c + 1)) {
    if (c < next) continue;
    // The leftmost start of a scheme ending at c: scheme characters all the way, a letter first, a word boundary.
    let runStart = c;
    while (runStart > Math.max(next, c - 16) && isSchemeChar(sub.charCodeAt(runStart - 1))) runStart--;
    let at0 = -1;
    for (let p = runStart; p <= c - 2; p++) {
      if (isLetter(sub.charCodeAt(p)) && (p === 0 || !isWordChar(sub.charCodeAt(p - 1)))) {
        at0 = p;
        break;
      }
    }
    if (at0 < 0) continue;
    URL_REST.lastIndex = c + 3;
    const rawRest = URL_REST.exec(sub)![0];
    next = c + 3 + rawRest.length;
    const start = from + at0;
    const scheme = sub.slice(at0, c).toLowerCase();
    if (!URL_SCHEMES.has(scheme)) continue;
    // An xmlns/schemaLocation attribute before a URL is a name, not an endpoint.
    if (XMLNS_BEFORE.test(text.slice(Math.max(0, start - 60), start))) continue;
    const rest = rawRest.replace(/[.,;:)\]}'"!?*]+$/, '');
    const authEnd = rest.search(/[/?#]/);
    const authority = authEnd < 0 ? rest : rest.slice(0, authEnd);
    let pathPart = authEnd < 0 ? '' : rest.slice(authEnd);
    const at = authority.lastIndexOf('@');
    const userless = at >= 0 ? authority.slice(at + 1) : authority;
    const comma = userless.indexOf(',');
    const hostPort = comma < 0 ? userless : userless.slice(0, comma);
    let host: string;
    let portStr: string | undefined;
    if (hostPort.startsWith('[')) {
      const close = hostPort.indexOf(']');
      if (close < 0) continue;
      host = hostPort.slice(1, close);
      portStr = hostPort.slice(close + 1).replace(/^:/, '') || undefined;
    } else {
      const colon = hostPort.lastIndexOf(':');
      host = colon >= 0 ? hostPort.slice(0, colon) : hostPort;
      portStr = colon >= 0 ? hostPort.slice(colon + 1) : undefined;
    }
    if (portStr !== undefined && !/^\d{1,5}$/.test(portStr)) {
      if (portStr === '') portStr = undefined;
      else continue; // a templated port or host: not known statically
    }
    const cls = classifyHost(host, opts, true);
    if (!cls) continue;
    const q = pathPart.search(/[?#]/);
    if (q >= 0) pathPart = pathPart.slice(0, q);
    const port = portStr ? Number(portStr) : undefined;
    if (port !== undefined && port > 65535) continue;
    const hostForUrl = cls.host.includes(':') ? `[${cls.host}]` : cls.host;
    const url = `${scheme}://${hostForUrl}${port !== undefined ? ':' + port : ''}${maskPath(pathPart)}`;
    const e: Endpoint = { url, scheme, host: cls.host, kind: cls.kind, start, end: start + scheme.length + 3 + rest.length };
    if (port !== undefined) e.port = port;
    if (cls.provider) e.provider = cls.provider;
    if (cls.registrableDomain) e.registrableDomain = cls.registrableDomain;
    out.push(e);
  }
}

// ---- bare hosts ------------------------------------------------------------------

/** Keys/variables whose value is a host: host, hostname, *_HOST, endpoint, server, domain, addr, broker, externalName. */
const HOST_KEY = /(^|[^a-z])(host|hostname|endpoint|server|servers|domain|addr|address|broker|brokers|bootstrap[_.-]?servers|external[_-]?name)$|host(name)?$|endpoint$|externalname$/i;
/** Before a string literal in code: `host: `, `host=`, `"API_HOST", `, `API_HOST || `, `Host(`. */
const CODE_HOST_BEFORE = /(host(name)?|endpoint|server|domain|addr(ess)?|broker)\w*["'`]?\s*(:|=|,|\(|\|\||\?\?|\bor\b)\s*$/i;
const HOSTPORT = /^([a-z0-9_.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

function bareHost(value: string, start: number, opts: EndpointOptions, singleLabel: boolean, out: Endpoint[]): void {
  opts = stableOptions(opts);
  const m = HOSTPORT.exec(value.trim());
  if (!m) return;
  const host = m[1];
  if (/^\d+(\.\d+)*$/.test(host) && !ipaddr.IPv4.isValidFourPartDecimal(host)) return; // a version number
  if (!host.includes('.') && !host.startsWith('[') && !/^[a-z][a-z0-9-]*$/.test(host)) return;
  if (!host.includes('.') && !singleLabel && host.toLowerCase() !== 'localhost') return;
  const cls = classifyHost(host, opts, singleLabel);
  if (!cls) return;
  if (cls.kind === 'unknown' && !(looksLikeIp(cls.host) && ipaddr.isValid(cls.host)) && !parseDomain(cls.host).isIcann) return;
  const offset = value.indexOf(value.trim());
  const e: Endpoint = { host: cls.host, kind: cls.kind, start: start + offset, end: start + offset + value.trim().length };
  if (m[2]) e.port = Number(m[2]);
  if (cls.provider) e.provider = cls.provider;
  if (cls.registrableDomain) e.registrableDomain = cls.registrableDomain;
  out.push(e);
}

const STRING_LIT = /(["'`])([^"'`\s\\$]{1,260})\1/g;

/** A host literal counts only after one of these words on its line (CODE_HOST_BEFORE): without any, nothing to do. */
const CODE_HOST_WORDS = /host|endpoint|server|domain|addr|broker/i;

function codeHosts(masked: string, opts: EndpointOptions, out: Endpoint[]): void {
  if (!CODE_HOST_WORDS.test(masked)) return;
  STRING_LIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  // The start of the current line, moved forward with the matches (a search back from each literal is quadratic on a
  // long line: a 600 KB minified file took 3 s).
  let lineStart = 0;
  let nextNewline = masked.indexOf('\n');
  while ((m = STRING_LIT.exec(masked))) {
    const v = m[2];
    if (v.includes('://') || !HOSTPORT.test(v)) continue;
    while (nextNewline >= 0 && nextNewline < m.index) {
      lineStart = nextNewline + 1;
      nextNewline = masked.indexOf('\n', lineStart);
    }
    const before = masked.slice(Math.max(lineStart, m.index - 80), m.index);
    if (!CODE_HOST_BEFORE.test(before)) continue;
    bareHost(v, m.index + 1, opts, false, out);
  }
}

// ---- structured files ------------------------------------------------------------

const SKIP_KEYS = new Set([
  'repository', 'homepage', 'bugs', 'funding', 'author', 'authors', 'contributors', 'maintainers', 'license', 'licenses',
  '$schema', '$id', '$ref', 'xmlns', 'documentation', 'docs', 'description', 'readme', 'namespaceuri', 'targetnamespace',
]);
const SKIP_K8S_KINDS = new Set(['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Ingress', 'IngressClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'CustomResourceDefinition', 'Certificate']);

function walkTree(text: string, node: PNode | undefined, opts: EndpointOptions, out: Endpoint[], k8s: boolean): void {
  const visit = (n: PNode | undefined, key: string | undefined, depth: number): void => {
    if (!n || depth > 64) return;
    if (n.type === 'object') {
      // Kubernetes env entries: { name: API_HOST, value: "..." }
      const envName = str(get(n, 'name'));
      for (const e of n.entries) {
        const k = e.key.toLowerCase();
        if (SKIP_KEYS.has(k) || k.startsWith('xmlns')) continue;
        if (k8s && depth === 0 && (k === 'metadata' || k === 'apiversion' || k === 'kind')) continue;
        if (k === 'image') continue;
        visit(e.value, e.key === 'value' && envName ? envName : e.key, depth + 1);
      }
      return;
    }
    if (n.type === 'array') {
      for (const item of n.items) visit(item, key, depth + 1);
      return;
    }
    if (n.type === 'unknown') {
      visit(n.inner, key, depth + 1);
      return;
    }
    if (n.type !== 'string') return;
    const before = out.length;
    urlsIn(text, n.start, n.end, opts, out);
    if (out.length === before && key && HOST_KEY.test(key)) {
      // a list of brokers "a:9092,b:9092" or a single host[:port]
      const raw = text.slice(n.start, n.end);
      const q = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
      let off = n.start + q;
      for (const part of raw.slice(q, raw.length - q).split(',')) {
        bareHost(part, off, opts, true, out);
        off += part.length + 1;
      }
    }
  };
  visit(node, undefined, 0);
}

function structured(text: string, fileKind: 'yaml' | 'json', opts: EndpointOptions, out: Endpoint[]): void {
  const trees = fileKind === 'json' ? [parseJsonTree(text).root] : parseYamlDocuments(text).map(({ doc }) => fromYaml(doc, undefined, 0, text));
  treesEndpoints(text, trees, opts, out);
}

function treesEndpoints(text: string, trees: Array<PNode | undefined>, opts: EndpointOptions, out: Endpoint[]): void {
  for (const tree of trees) {
    const kind = str(get(tree, 'kind'));
    const k8s = !!kind && !!str(get(tree, 'apiVersion'));
    if (k8s && SKIP_K8S_KINDS.has(kind!)) continue;
    walkTree(text, tree, opts, out, k8s);
  }
}

/** findEndpoints for a YAML/JSON file whose documents are already parsed (the document context's trees). */
export function findEndpointsInTrees(text: string, trees: Array<{ tree: PNode | undefined }>, opts: EndpointOptions = {}): Endpoint[] {
  const out: Endpoint[] = [];
  try {
    treesEndpoints(text, trees.map((t) => t.tree), opts, out);
  } catch {
    // what was found so far
  }
  return finish(out);
}

// ---- YAML read line by line ----------------------------------------------------

/**
 * findEndpointsInTrees for a YAML text without the `yaml` library: the common shapes of configuration files
 * (block mappings and sequences, one-line plain and quoted scalars, block scalars, comments, `---`/`...`) are
 * read line by line into the same positioned tree the parse gives, as far as the walk reads it (keys, string
 * values and their offsets; other scalars as nulls), and walked by the same walkTree. Undefined when the text
 * uses anything else (flow collections, anchors, aliases, tags, complex keys, directives, multi-line plain or
 * quoted scalars, tabs, CloudFormation intrinsic keys, anything the parse would report as an error): the
 * caller parses then. Several documents in the text: the result is findEndpointsInTrees over all of them.
 *
 * Comments are found by YAML's own rule (`#` after a space, outside quoted scalars and never in block scalar
 * content), not by maskComments: that one keeps a comment after `it's` (an apostrophe opens a quote for it)
 * and blanks `# ...` lines of a block scalar, whose URLs the walk reports.
 */
export function findEndpointsInYamlLines(text: string, opts: EndpointOptions = {}): Endpoint[] | undefined {
  const trees = yamlLineTrees(text);
  return trees ? findEndpointsInTrees(text, trees.map((tree) => ({ tree })), opts) : undefined;
}

/** Characters the line reader leaves to the parse: controls, BOM, non-ASCII line breaks (and a CR not before LF, tested apart). */
const YAML_ODD_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
/** Plain scalars YAML 1.2's core schema resolves to null, booleans, integers or floats (yaml's core tags). */
const YAML_NOT_STRING = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)?$/;
/**
 * Plain keys the reader does not take as they are written: null keys (the tree leaves their entry out),
 * CloudFormation intrinsics (tree.ts makes a mapping of one an unknown node), flow indicators. Keys the core
 * schema resolves to numbers or booleans are `String(value)` in the tree ("0x1F" -> "31") and written ones
 * here; the walk treats both alike: neither is a skipped, host-like, `name` or `value` key.
 */
const YAML_ODD_KEY = /^(?:~|[Nn]ull|NULL|Ref|Condition|Fn::[A-Za-z]+)$|[[\]{}]/;
const YAML_NULL_KEY = /^(?:~|[Nn]ull|NULL)$/;
/** Keys whose string value the walk reads (env `name`, `kind` and `apiVersion`). */
const YAML_VALUE_READ = new Set(['name', 'kind', 'apiVersion']);
/** Double-quoted escapes YAML knows, but for \x, \u and \U (hexadecimal digits). */
const YAML_DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
/** First characters of no plain scalar (YAML indicators), and `?`/`:` (left to the parse). */
const YAML_NO_PLAIN_START = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '?', ':']);
/** Deeper nesting is left to the parse (the walk stops at 64). */
const YAML_MAX_DEPTH = 100;
/** The value of a key or item with none (and of every scalar that is not a string: the walk reads only strings). */
const YAML_NULL: PNode = Object.freeze({ type: 'null', start: 0, end: 0 }) as PNode;

/** Thrown inside the reader for anything it leaves to the parse. */
const YAML_LINES_FALLBACK = new Error('yaml line reader: parse instead');
function leaveToParse(): never {
  throw YAML_LINES_FALLBACK;
}

interface YFrame {
  /** Column of the mapping's keys or of the sequence's dashes. */
  indent: number;
  node: PObject | PArray;
}

/**
 * The trees of a YAML text's documents, read line by line, as far as walkTree reads them: mapping keys,
 * sequence items, strings with their offsets (block scalars' values not computed); containers' offsets and
 * every other scalar are not kept (one shared null node). Undefined when the text needs the parse.
 */
function yamlLineTrees(text: string): Array<PNode | undefined> | undefined {
  if (YAML_ODD_CHARS.test(text) || (text.includes('\r') && /\r(?!\n)/.test(text))) return undefined;
  try {
    return readYamlLines(text);
  } catch {
    // YAML_LINES_FALLBACK, or anything unforeseen: the parse decides
    return undefined;
  }
}

function readYamlLines(text: string): Array<PNode | undefined> {
  const n = text.length;
  const trees: Array<PNode | undefined> = [];
  let stack: YFrame[] = [];
  let root: PNode | undefined;
  let docOpen = false;
  // A value still to come on the next lines: the entry's (mapping) or the last item's (sequence).
  let pendingFrame: YFrame | undefined;
  let pendingEntry: PEntry | undefined;
  /** String values the walk may read (`name`, `kind`, `apiVersion`) that the reader does not compute (block scalars). */
  const unread: Array<{ frame: YFrame; entry: PEntry }> = [];
  let tabAt = text.indexOf('\t');
  if (tabAt < 0) tabAt = n;
  // The current line: its text (without CR LF) and its offset.
  let line = '';
  let ls = 0;

  const closeDoc = () => {
    if (docOpen) trees.push(root);
    root = undefined;
    stack = [];
    pendingFrame = pendingEntry = undefined;
    docOpen = false;
  };
  const setValue = (frame: YFrame, entry: PEntry | undefined, node: PNode) => {
    if (entry) entry.value = node;
    else {
      const items = (frame.node as PArray).items;
      items[items.length - 1] = node;
    }
  };
  const push = (indent: number, node: PObject | PArray): YFrame => {
    if (stack.length >= YAML_MAX_DEPTH) leaveToParse();
    const f = { indent, node };
    stack.push(f);
    return f;
  };
  const newMap = (at: number): PObject => ({ type: 'object', start: at, end: at, entries: [] });
  const newSeq = (at: number): PArray => ({ type: 'array', start: at, end: at, items: [] });
  /** The first offset from j (in the line) that is not a space. */
  const skipSpaces = (j: number) => {
    const end = ls + line.length;
    while (j < end && text.charCodeAt(j) === 32) j++;
    return j;
  };
  /** `-` followed by a space or the end of the line. */
  const isItem = (j: number) => text.charCodeAt(j) === 45 && (j + 1 === ls + line.length || text.charCodeAt(j + 1) === 32);
  /** After a scalar or a marker: nothing, or a comment after a space. */
  const restIsComment = (j: number) => {
    const k = skipSpaces(j);
    if (k < ls + line.length && !(k > j && text.charCodeAt(k) === 35)) leaveToParse();
  };

  /** The offset after the quoted scalar starting at q, or -1 when it does not close on its line. */
  const quotedEnd = (q: number): number => {
    const end = ls + line.length;
    if (text.charCodeAt(q) === 39) {
      for (let j = line.indexOf("'", q - ls + 1); j >= 0; j = line.indexOf("'", j + 2)) {
        if (line.charCodeAt(j + 1) !== 39) return ls + j + 1;
      }
      return -1;
    }
    for (let j = q + 1; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === 34) return j + 1;
      if (c !== 92) continue;
      const e = text[j + 1];
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (digits) {
        if (j + 2 + digits > end || !/^[0-9a-fA-F]+$/.test(text.slice(j + 2, j + 2 + digits))) leaveToParse();
        j += 1 + digits;
      } else if (j + 1 < end && Object.hasOwn(YAML_DQ_ESCAPES, e)) j++;
      else leaveToParse();
    }
    return -1;
  };
  /** A one-line quoted scalar's value (its escapes checked by quotedEnd); undefined for a code point out of range. */
  const quotedValue = (q: number, close: number): string | undefined => {
    const inner = text.slice(q + 1, close - 1);
    if (text.charCodeAt(q) === 39) return inner.includes("'") ? inner.replace(/''/g, "'") : inner;
    if (!inner.includes('\\')) return inner;
    try {
      return inner.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) =>
        e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : YAML_DQ_ESCAPES[e],
      );
    } catch {
      return undefined;
    }
  };

  // The key parsed last: its string (null: a null key, an entry the tree leaves out) and the offset after its `:`.
  let keyText: string | null = null;
  let keyAfter = 0;
  /** Whether a key starts at k (then in keyText / keyAfter); false: not a key. */
  const parseKey = (k: number): boolean => {
    const c = text.charCodeAt(k);
    const len = line.length;
    if (c === 34 || c === 39) {
      const close = quotedEnd(k);
      if (close < 0) leaveToParse();
      const j = skipSpaces(close);
      if (j - ls < len && text.charCodeAt(j) === 58 && (j + 1 - ls === len || text.charCodeAt(j + 1) === 32)) {
        const key = quotedValue(k, close);
        if (key === undefined) leaveToParse();
        keyText = key;
        keyAfter = j + 1;
        return true;
      }
      return false;
    }
    if (YAML_NO_PLAIN_START.has(text[k])) return false;
    let colon = line.indexOf(':', k - ls);
    while (colon >= 0 && colon + 1 < len && line.charCodeAt(colon + 1) !== 32) colon = line.indexOf(':', colon + 1);
    if (colon < 0) return false;
    const hash = line.indexOf(' #', k - ls);
    if (hash >= 0 && hash < colon) return false;
    let e = colon;
    while (line.charCodeAt(e - 1) === 32) e--;
    if (e - (k - ls) > 1024) leaveToParse();
    const key = line.slice(k - ls, e);
    if (YAML_ODD_KEY.test(key)) {
      if (!YAML_NULL_KEY.test(key)) leaveToParse();
      keyText = null;
    } else keyText = key;
    keyAfter = ls + colon + 1;
    return true;
  };

  /** Where the first token of a line (an item or a key at column `col`, offset `at`) goes: the frame it is added to. */
  const place = (col: number, at: number, item: boolean): YFrame => {
    const pf = pendingFrame;
    const pe = pendingEntry;
    pendingFrame = pendingEntry = undefined;
    if (pf && (col > pf.indent || (col === pf.indent && item && pe))) {
      // the value of the key or item above: a nested block (a sequence may sit at its key's column)
      const node = item ? newSeq(at) : newMap(at);
      setValue(pf, pe, node);
      return push(col, node);
    }
    while (stack.length && stack[stack.length - 1].indent > col) stack.pop();
    if (!stack.length) {
      if (root) leaveToParse();
      root = item ? newSeq(at) : newMap(at);
      return push(col, root);
    }
    const top = stack[stack.length - 1];
    if (top.indent < col) leaveToParse(); // a continuation line (multi-line scalar) or bad indentation
    if (item) {
      if (top.node.type !== 'array') leaveToParse();
      return top;
    }
    if (top.node.type === 'object') return top;
    // a key after a sequence at its key's column
    stack.pop();
    const up = stack[stack.length - 1];
    if (!up || up.indent !== col || up.node.type !== 'object') leaveToParse();
    return up;
  };

  const addEntry = (frame: YFrame, at: number): PEntry => {
    const entry: PEntry = { key: keyText ?? '', keyStart: at, keyEnd: at, value: YAML_NULL };
    if (keyText !== null) (frame.node as PObject).entries.push(entry);
    return entry;
  };

  /** A block scalar whose header is at v, in a collection at column `base`: its node; reading goes on at `next`. */
  let next = 0;
  const blockScalar = (v: number, eol: number, base: number): PNode => {
    const end = ls + line.length;
    let j = v + 1;
    let indicator = 0;
    let chomp = false;
    for (; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c >= 49 && c <= 57 && !indicator) indicator = c - 48;
      else if ((c === 43 || c === 45) && !chomp) chomp = true;
      else break;
    }
    restIsComment(j);
    let contentIndent = indicator ? base + indicator : -1;
    let leadingBlank = 0;
    let last = -1;
    let p = eol + 1;
    while (p < n) {
      let le = text.indexOf('\n', p);
      if (le < 0) le = n;
      let e = le;
      if (text.charCodeAt(e - 1) === 13) e--;
      let s = p;
      while (s < e && text.charCodeAt(s) === 32) s++;
      const indent = s - p;
      if (s === e) {
        if (contentIndent < 0 && indent > leadingBlank) leadingBlank = indent;
        p = le + 1;
        continue;
      }
      if (contentIndent < 0) {
        if (indent <= base) break;
        if (leadingBlank > indent) leaveToParse();
        contentIndent = indent;
      } else if (indent < contentIndent) break;
      last = le < n ? le + 1 : n;
      p = le + 1;
    }
    next = Math.min(p, n);
    return { type: 'string', start: v, end: last >= 0 ? last : eol < n ? eol + 1 : n, value: '' };
  };

  /** The value at v of the entry (or last item) of `frame`; reading goes on at `next`. */
  const scalar = (v: number, eol: number, frame: YFrame, entry: PEntry | undefined): void => {
    const c = text.charCodeAt(v);
    next = eol + 1;
    if (c === 34 || c === 39) {
      const close = quotedEnd(v);
      if (close < 0) leaveToParse();
      restIsComment(close);
      const value = quotedValue(v, close);
      if (value === undefined && entry && YAML_VALUE_READ.has(entry.key)) unread.push({ frame, entry });
      setValue(frame, entry, { type: 'string', start: v, end: close, value: value ?? '' });
      return;
    }
    if (c === 124 || c === 62) {
      if (entry && YAML_VALUE_READ.has(entry.key)) unread.push({ frame, entry });
      setValue(frame, entry, blockScalar(v, eol, frame.indent));
      return;
    }
    if (YAML_NO_PLAIN_START.has(text[v]) || isItem(v)) leaveToParse();
    const from = v - ls;
    const hash = line.indexOf(' #', from);
    let e = hash < 0 ? line.length : hash;
    const colon = line.indexOf(': ', from);
    if (colon >= 0 && colon < e) leaveToParse(); // `a: b: c`
    while (line.charCodeAt(e - 1) === 32) e--;
    if (hash < 0 && line.charCodeAt(e - 1) === 58) leaveToParse(); // `a: b:`
    const value = line.slice(from, e);
    setValue(frame, entry, YAML_NOT_STRING.test(value) ? YAML_NULL : { type: 'string', start: v, end: ls + e, value });
  };

  let pos = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const end = text.charCodeAt(eol - 1) === 13 && eol > pos ? eol - 1 : eol;
    let i = pos;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i === end) {
      pos = eol + 1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 35) {
      pos = eol + 1;
      continue;
    }
    if (tabAt < pos) {
      tabAt = text.indexOf('\t', pos);
      if (tabAt < 0) tabAt = n;
    }
    if (tabAt < end) leaveToParse();
    line = text.slice(pos, end);
    ls = pos;
    if (i === pos && (c === 45 || c === 46) && (line.startsWith('---') || line.startsWith('...')) && (line.length === 3 || line.charCodeAt(3) === 32)) {
      restIsComment(pos + 3);
      closeDoc();
      docOpen = c === 45;
      pos = eol + 1;
      continue;
    }
    docOpen = true;
    // the line's first token: an item or a key
    let frame: YFrame;
    let entry: PEntry | undefined;
    let v: number;
    if (isItem(i)) {
      frame = place(i - pos, i, true);
      (frame.node as PArray).items.push(YAML_NULL);
      entry = undefined;
      v = skipSpaces(i + 1);
    } else {
      if (!parseKey(i)) leaveToParse();
      frame = place(i - pos, i, false);
      entry = addEntry(frame, i);
      v = skipSpaces(keyAfter);
    }
    // then, on the same line: nested items and keys of compact collections (`- - a`, `- key: v`), and a value
    next = eol + 1;
    for (;;) {
      if (v >= end || text.charCodeAt(v) === 35) {
        pendingFrame = frame;
        pendingEntry = entry;
        break;
      }
      if (!entry) {
        if (isItem(v)) {
          const node = newSeq(v);
          setValue(frame, entry, node);
          frame = push(v - pos, node);
          node.items.push(YAML_NULL);
          v = skipSpaces(v + 1);
          continue;
        }
        if (parseKey(v)) {
          const node = newMap(v);
          setValue(frame, entry, node);
          frame = push(v - pos, node);
          entry = addEntry(frame, v);
          v = skipSpaces(keyAfter);
          continue;
        }
      }
      scalar(v, eol, frame, entry);
      break;
    }
    pos = next;
  }
  closeDoc();
  // The walk reads a mapping's first `name` when it has a `value`, and `kind` / `apiVersion` of a document.
  for (const { frame, entry } of unread) {
    const entries = (frame.node as PObject).entries;
    if (entry.key === 'name' ? entries.find((e) => e.key === 'name') === entry && entries.some((e) => e.key === 'value') : trees.includes(frame.node)) leaveToParse();
  }
  return trees;
}

function finish(out: Endpoint[]): Endpoint[] {
  out.sort((a, b) => a.start - b.start);
  return out.filter((e, i) => i === 0 || e.start !== out[i - 1].start);
}

function dotenvHosts(masked: string, opts: EndpointOptions, out: Endpoint[]): void {
  const re = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*[=:][ \t]*(["']?)([^"'\s#]+)\2/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(masked))) {
    if (!HOST_KEY.test(m[1]) || m[3].includes('://')) continue;
    const valueStart = m.index + m[0].length - m[3].length - m[2].length;
    let off = valueStart;
    for (const part of m[3].split(',')) {
      bareHost(part, off, opts, true, out);
      off += part.length + 1;
    }
  }
}

/** Endpoints of a file, sorted by offset, one per place. Never throws. */
export function findEndpoints(text: string, fileKind: string, opts: EndpointOptions = {}): Endpoint[] {
  const out: Endpoint[] = [];
  try {
    if (fileKind === 'markdown' || fileKind === 'lockfile') return out;
    if (fileKind === 'yaml' || fileKind === 'json' || fileKind === 'jsonc') {
      structured(text, fileKind === 'yaml' ? 'yaml' : 'json', opts, out);
    } else {
      // Nothing to find without a URL or a host-like key: skip the comment masking and the scans.
      if (!text.includes('://') && !/host|endpoint|server|domain|addr|broker|external|url|uri/i.test(text)) return out;
      const masked = maskComments(text, fileKind);
      urlsIn(masked, 0, masked.length, opts, out);
      if (fileKind === 'dotenv' || fileKind === 'properties' || fileKind === 'ini' || fileKind === 'shell') dotenvHosts(masked, opts, out);
      else if (fileKind !== 'text' && fileKind !== 'xml') codeHosts(masked, opts, out);
    }
  } catch {
    // half-typed input: what was found so far
  }
  return finish(out);
}

/** Endpoints grouped by registrable domain (or host for addresses and internal names). */
export function groupEndpoints(endpoints: Endpoint[]): Array<{ key: string; kind: EndpointKind; provider?: string; hosts: string[]; ports: number[] }> {
  const groups = new Map<string, { key: string; kind: EndpointKind; provider?: string; hosts: string[]; ports: number[] }>();
  for (const e of endpoints) {
    const key = e.registrableDomain ?? e.host;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, kind: e.kind, provider: e.provider, hosts: [], ports: [] }));
    if (!g.hosts.includes(e.host)) g.hosts.push(e.host);
    const p = endpointPort(e);
    if (p !== undefined && !g.ports.includes(p)) g.ports.push(p);
  }
  return [...groups.values()];
}
