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
import { parse as parseDomain } from 'tldts';
import { parseJsonTree, fromYaml, get, str, type PNode } from '../../formats/tree';
import { parseYamlDocuments } from '../../formats/yaml';

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

const DOC_V4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map((c) => ipaddr.parseCIDR(c));
const DOC_V6 = ipaddr.parseCIDR('2001:db8::/32');

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
    if (addr.kind() === 'ipv4' ? DOC_V4.some((c) => addr.match(c)) : addr.match(DOC_V6)) return undefined;
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

/** The text with comments replaced by spaces (offsets and newlines kept). */
export function maskComments(text: string, fileKind: string): string {
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
  // Only these characters can start a string, an escape or a comment.
  const starts = new Set<string>([...syn.quotes, '\\', ...syn.line.map((l) => l[0]), ...(syn.block ?? []).map(([o]) => o[0]), ...(syn.triple ? ['"', "'"] : [])]);
  // The regular expression engine skips to the next such character much faster than a loop over characters.
  const next = new RegExp(`[${[...starts].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('')}]`, 'g');
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

const URL_RE = /\b([a-z][a-z0-9+.-]{1,15}):\/\/([^\s"'`<>\\{}|^]*)/gi;
const XMLNS_BEFORE = /(xmlns(:[\w.-]+)?|schemaLocation|targetNamespace|DOCTYPE[^>]*)\s*=?\s*["']?\s*$/i;

function maskPath(p: string): string {
  return p
    .split('/')
    .map((seg) => {
      if (!seg) return seg;
      const tokenish = seg.length >= 20 || (seg.length >= 8 && /\d/.test(seg) && /[a-z]/i.test(seg) && !/^v\d+(\.\d+)*$/.test(seg) && !/^[a-z]+[-_.]?\d{1,4}$/i.test(seg)) || /[:=]/.test(seg);
      return tokenish ? '*' : seg;
    })
    .join('/');
}

function urlsIn(text: string, from: number, to: number, opts: EndpointOptions, out: Endpoint[]): void {
  const slice = text.slice(from, to);
  URL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_RE.exec(slice))) {
    const scheme = m[1].toLowerCase();
    if (!URL_SCHEMES.has(scheme)) continue;
    const start = from + m.index;
    const before = text.slice(Math.max(0, start - 60), start);
    if (XMLNS_BEFORE.test(before)) continue;
    const rest = m[2].replace(/[.,;:)\]}'"!?*]+$/, '');
    const authEnd = rest.search(/[/?#]/);
    const authority = authEnd < 0 ? rest : rest.slice(0, authEnd);
    let pathPart = authEnd < 0 ? '' : rest.slice(authEnd);
    const at = authority.lastIndexOf('@');
    const hostPort = (at >= 0 ? authority.slice(at + 1) : authority).split(',')[0];
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
    pathPart = pathPart.replace(/[?#].*$/, '');
    const port = portStr ? Number(portStr) : undefined;
    if (port !== undefined && port > 65535) continue;
    const hostForUrl = cls.host.includes(':') ? `[${cls.host}]` : cls.host;
    const url = `${scheme}://${hostForUrl}${port !== undefined ? ':' + port : ''}${maskPath(pathPart)}`;
    const e: Endpoint = { url, scheme, host: cls.host, kind: cls.kind, start, end: start + m[1].length + 3 + rest.length };
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

function codeHosts(masked: string, opts: EndpointOptions, out: Endpoint[]): void {
  STRING_LIT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = STRING_LIT.exec(masked))) {
    const v = m[2];
    if (v.includes('://') || !HOSTPORT.test(v)) continue;
    const lineStart = masked.lastIndexOf('\n', m.index) + 1;
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
const SKIP_K8S_KINDS = new Set(['NetworkPolicy', 'Ingress', 'IngressClass', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'CustomResourceDefinition', 'Certificate']);

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
  const trees = fileKind === 'json' ? [parseJsonTree(text).root] : parseYamlDocuments(text).map(({ doc }) => fromYaml(doc));
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
