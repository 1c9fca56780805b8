/**
 * Inference from the workspace's files: metadata, data classes, observability,
 * residency, data flows and revocation names. Pure: files in, facts out.
 * Evidence is a file, a line and a word from our own vocabulary; never the
 * text found there (values, connection strings and tokens are never copied).
 */
import type { DataClass, Evidence, FlowItem, RevocationItem, Signal, WorkspaceFile } from './types';
import { findProviderTokens } from '../secrets/providerToken';

const LOCK_FILES = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|Cargo\.lock|go\.sum|composer\.lock|Gemfile\.lock)$/;
const SKIP_DIRS = /(^|\/)(node_modules|\.git|dist|build|out|vendor|\.venv|venv|__pycache__|coverage)\//;
const PROSE = /\.(md|markdown|txt|rst|adoc)$/i;
const INFRA = /\.(tf|tfvars|hcl|bicep|ya?ml|json|template)$/i;
const MAX_FILE = 512 * 1024;
const MAX_EVIDENCE = 20;

/** Files worth reading for inference (no lock files, vendored code, generated or huge files, the manifest itself). */
export function inferableFiles(files: WorkspaceFile[], manifestPath = 'microapp.yaml'): WorkspaceFile[] {
  const own = new Set([manifestPath, 'microapp.yaml', 'microapp.yml', 'microapp.json', 'catalog-info.yaml']);
  return files.filter(
    (f) =>
      !own.has(f.path) &&
      !LOCK_FILES.test(f.path) &&
      !SKIP_DIRS.test(f.path) &&
      !/\.min\.(js|css)$|\.cdx\.json$|(^|\/)bom\.json$|\.map$/.test(f.path) &&
      f.text.length <= MAX_FILE &&
      !f.text.includes('\u0000'),
  );
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

// ---- data classes ------------------------------------------------------------

interface Pattern {
  cls: DataClass;
  tokens: string[];
  /** Also counts in prose (README, docs) where words stand apart. */
  prose?: boolean;
  /** Only in schema-like files (SQL, Prisma, GraphQL, JSON schema). */
  schemaOnly?: boolean;
}

const P = (cls: DataClass, words: string, opts: Partial<Pattern> = {}): Pattern => ({ cls, tokens: words.split(' '), ...opts });

const PATTERNS: Pattern[] = [
  // PII
  P('PII', 'email'),
  P('PII', 'e mail'),
  P('PII', 'email address', { prose: true }),
  P('PII', 'e mail address', { prose: true }),
  P('PII', 'phone'),
  P('PII', 'telephone'),
  P('PII', 'phone number', { prose: true }),
  P('PII', 'mobile number', { prose: true }),
  P('PII', 'date of birth', { prose: true }),
  P('PII', 'dob'),
  P('PII', 'birth date', { prose: true }),
  P('PII', 'birthdate'),
  P('PII', 'ssn', { prose: true }),
  P('PII', 'social security', { prose: true }),
  P('PII', 'national id', { prose: true }),
  P('PII', 'passport', { prose: true }),
  P('PII', 'drivers license', { prose: true }),
  P('PII', 'driver license', { prose: true }),
  P('PII', 'first name'),
  P('PII', 'last name'),
  P('PII', 'full name'),
  P('PII', 'surname'),
  P('PII', 'given name'),
  P('PII', 'family name'),
  P('PII', 'street address', { prose: true }),
  P('PII', 'home address', { prose: true }),
  P('PII', 'billing address', { prose: true }),
  P('PII', 'shipping address', { prose: true }),
  P('PII', 'mailing address', { prose: true }),
  P('PII', 'postal code'),
  P('PII', 'zip code'),
  P('PII', 'postcode'),
  P('PII', 'address line'),
  P('PII', 'address', { schemaOnly: true }),
  // PHI
  P('PHI', 'diagnosis', { prose: true }),
  P('PHI', 'diagnoses', { prose: true }),
  P('PHI', 'icd'),
  P('PHI', 'icd10', { prose: true }),
  P('PHI', 'medication', { prose: true }),
  P('PHI', 'medications', { prose: true }),
  P('PHI', 'prescription', { prose: true }),
  P('PHI', 'prescriptions', { prose: true }),
  P('PHI', 'patient'),
  P('PHI', 'patients', { prose: true }),
  P('PHI', 'patient data', { prose: true }),
  P('PHI', 'patient record', { prose: true }),
  P('PHI', 'patient records', { prose: true }),
  P('PHI', 'mrn', { prose: true }),
  P('PHI', 'medical record', { prose: true }),
  P('PHI', 'allergies'),
  P('PHI', 'allergy'),
  P('PHI', 'lab result', { prose: true }),
  P('PHI', 'lab results', { prose: true }),
  P('PHI', 'blood type', { prose: true }),
  P('PHI', 'health insurance', { prose: true }),
  P('PHI', 'symptoms'),
  // financial
  P('financial', 'iban', { prose: true }),
  P('financial', 'bic'),
  P('financial', 'swift code', { prose: true }),
  P('financial', 'card number', { prose: true }),
  P('financial', 'credit card', { prose: true }),
  P('financial', 'debit card', { prose: true }),
  P('financial', 'card pan'),
  P('financial', 'pan number'),
  P('financial', 'cvv', { prose: true }),
  P('financial', 'cvc'),
  P('financial', 'card cvc'),
  P('financial', 'account number', { prose: true }),
  P('financial', 'bank account', { prose: true }),
  P('financial', 'routing number', { prose: true }),
  P('financial', 'sort code', { prose: true }),
  // credentials (user credentials the app handles)
  P('credentials', 'password'),
  P('credentials', 'passwd'),
  P('credentials', 'passphrase'),
  P('credentials', 'password hash'),
  P('credentials', 'security answer'),
];

/**
 * A data word followed by one of these in the same identifier names a
 * setting or a tool, not a field holding the data: `emailEnabled`,
 * `email_template`, `phoneFormat`, `passwordPolicy`, `email-validator`.
 */
const STOP_AFTER = new Set(
  'enabled disabled enable disable template templates subject regex re pattern validator validation valid provider service client transport queue job jobs notification notifications notify config settings setting smtp host port server sender type format policy length min max count limit label placeholder style icon button toggle flag feature verified'.split(' '),
);
const STOP_BEFORE = new Set('enable disable is has show hide toggle use'.split(' '));

function splitIdentifier(id: string): string[] {
  const out: string[] = [];
  for (const part of id.split(/[_\-.]+/)) {
    const m = part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
    if (m) for (const t of m) out.push(t.toLowerCase());
  }
  // "icd10" / "ICD10": join a word and the number that follows it.
  const joined: string[] = [];
  for (const t of out) {
    if (/^[0-9]+$/.test(t) && joined.length && joined[joined.length - 1] === 'icd') joined[joined.length - 1] = 'icd' + t;
    else joined.push(t);
  }
  return joined;
}

function matchAt(tokens: string[], i: number, p: string[]): boolean {
  if (i + p.length > tokens.length) return false;
  for (let k = 0; k < p.length; k++) if (tokens[i + k] !== p[k]) return false;
  return true;
}

/** The data classes an identifier (or a run of prose words) names, with the matched indicator. */
const BY_FIRST = new Map<string, Pattern[]>();
for (const p of PATTERNS) BY_FIRST.set(p.tokens[0], [...(BY_FIRST.get(p.tokens[0]) ?? []), p]);

export function classifyTokens(tokens: string[], mode: 'code' | 'prose' | 'schema'): Array<{ cls: DataClass; indicator: string }> {
  const found: Array<{ cls: DataClass; indicator: string }> = [];
  const candidates = new Set<Pattern>();
  for (const t of tokens) for (const p of BY_FIRST.get(t) ?? []) candidates.add(p);
  for (const p of candidates) {
    if (mode === 'prose' && !p.prose) continue;
    if (p.schemaOnly && mode !== 'schema') continue;
    for (let i = 0; i < tokens.length; i++) {
      if (!matchAt(tokens, i, p.tokens)) continue;
      if (mode !== 'prose') {
        const after = tokens[i + p.tokens.length];
        const before = tokens[i - 1];
        if (after && STOP_AFTER.has(after)) continue;
        if (before && STOP_BEFORE.has(before)) continue;
      }
      found.push({ cls: p.cls, indicator: p.tokens.join('_') });
      break;
    }
  }
  return found;
}

const SCHEMA_FILE = /\.(sql|prisma|graphql|gql|avsc|proto)$|schema\.json$|\.schema\.json$|models?\.py$/i;

/** Data classes with evidence (file, line, indicator word), never the data. */
export function inferDataClasses(files: WorkspaceFile[]): Map<DataClass, Evidence[]> {
  const out = new Map<DataClass, Evidence[]>();
  const seen = new Set<string>();
  const codeCache = new Map<string, Array<{ cls: DataClass; indicator: string }>>();
  const schemaCache = new Map<string, Array<{ cls: DataClass; indicator: string }>>();
  for (const f of files) {
    if (/(^|\/)(\.git\/|CODEOWNERS$|\.gitignore$|\.dockerignore$)/.test(f.path)) continue;
    // Package metadata: only the description speaks about the app's data (authors' emails do not).
    const packageMeta = /(^|\/)(package\.json|pyproject\.toml|setup\.cfg)$/.test(f.path);
    const prose = packageMeta || PROSE.test(f.path) || /(^|\/)README[^/]*$/i.test(f.path);
    const mode = prose ? 'prose' : SCHEMA_FILE.test(f.path) ? 'schema' : 'code';
    const cache = mode === 'schema' ? schemaCache : codeCache;
    const ls = lines(f.text);
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue; // minified or data, not field names
      if (packageMeta && !/^\s*"?description"?\s*[:=]/.test(line)) continue;
      const hits: Array<{ cls: DataClass; indicator: string }> = [];
      if (prose) {
        const words = (line.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).map((w) => w.toLowerCase());
        hits.push(...classifyTokens(words, 'prose'));
      } else {
        for (const id of line.match(/[A-Za-z][A-Za-z0-9_\-]*/g) ?? []) {
          if (id.length > 60 || id.length < 3) continue;
          let got = cache.get(id);
          if (!got) {
            got = classifyTokens(splitIdentifier(id), mode);
            if (cache.size < 100_000) cache.set(id, got);
          }
          hits.push(...got);
        }
      }
      for (const h of hits) {
        const key = `${h.cls}|${f.path}|${n}|${h.indicator}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const list = out.get(h.cls) ?? [];
        if (list.length < MAX_EVIDENCE) list.push({ file: f.path, line: n + 1, indicator: h.indicator });
        out.set(h.cls, list);
      }
    }
  }
  return out;
}

// ---- metadata ------------------------------------------------------------------

export interface TomlSection {
  name: string;
  entries: Map<string, string>;
}

/**
 * A minimal TOML reader for what we need from pyproject.toml and poetry.lock:
 * table headers (`[a.b]`, `[[a]]`), `key = value` with the raw value (arrays
 * and multi-line strings gathered until they close). Not a full TOML parser:
 * inline tables and dotted keys are kept raw; no TOML library is installed.
 */
export function readTomlSections(text: string): TomlSection[] {
  const sections: TomlSection[] = [{ name: '', entries: new Map() }];
  const ls = lines(text);
  for (let i = 0; i < ls.length; i++) {
    const line = ls[i];
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      sections.push({ name: header[1].replace(/["']/g, ''), entries: new Map() });
      continue;
    }
    const kv = /^\s*("[^"]+"|'[^']+'|[A-Za-z0-9_.\-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1].replace(/^["']|["']$/g, '');
    let value = kv[2];
    if (/^("""|''')/.test(value)) {
      const q = value.slice(0, 3);
      while (value.indexOf(q, 3) < 0 && i + 1 < ls.length) value += '\n' + ls[++i];
    } else if (value.startsWith('[') || value.startsWith('{')) {
      let depth = bracketDepth(value);
      while (depth > 0 && i + 1 < ls.length) {
        value += '\n' + ls[++i];
        depth = bracketDepth(value);
      }
    }
    sections[sections.length - 1].entries.set(key, value.trim());
  }
  return sections;
}

function bracketDepth(s: string): number {
  let d = 0;
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#') while (i < s.length && s[i] !== '\n') i++;
    else if (c === '[' || c === '{') d++;
    else if (c === ']' || c === '}') d--;
  }
  return d;
}

/** The string value of a raw TOML value (basic, literal or multi-line string), else undefined. */
export function tomlString(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const ml = /^("""|''')\n?([\s\S]*?)\1/.exec(raw);
  if (ml) return ml[2].trim();
  const basic = /^"((?:[^"\\]|\\.)*)"/.exec(raw);
  if (basic) {
    try {
      return JSON.parse(`"${basic[1]}"`);
    } catch {
      return basic[1];
    }
  }
  const lit = /^'([^']*)'/.exec(raw);
  return lit ? lit[1] : undefined;
}

export interface Person {
  name?: string;
  email?: string;
}

/** "Jane Doe <jane@x.org> (https://...)" or { name, email }. */
export function parsePerson(v: unknown): Person | undefined {
  if (typeof v === 'string') {
    const m = /^\s*([^<(]*?)\s*(?:<([^>]+)>)?\s*(?:\(([^)]*)\))?\s*$/.exec(v);
    if (!m) return undefined;
    const p: Person = {};
    if (m[1]) {
      if (/^[^@\s]+@[^@\s]+$/.test(m[1])) p.email = m[1];
      else p.name = m[1];
    }
    if (m[2]) p.email = m[2].trim();
    return p.name || p.email ? p : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const p: Person = {};
    if (typeof o.name === 'string' && o.name.trim()) p.name = o.name.trim();
    if (typeof o.email === 'string' && o.email.trim()) p.email = o.email.trim();
    return p.name || p.email ? p : undefined;
  }
  return undefined;
}

export interface InferredMetadata {
  name?: string;
  description?: string;
  owner: Person;
  team?: string;
  /** Where each value came from: "package.json", "pyproject.toml", "README.md", "CODEOWNERS", ".git/config". */
  sources: Record<string, string>;
}

/** A text may only go into the manifest when it carries nothing that looks like a credential. */
export function looksSafe(text: string): boolean {
  for (const run of text.match(/[A-Za-z0-9+/_=\-]{24,}/g) ?? []) {
    if (/[0-9]/.test(run) && /[A-Za-z]/.test(run)) return false;
  }
  return !/:\/\/[^/\s:@]+:[^/\s@]+@/.test(text);
}

/** An e-mail address as an owner field holds it: a mailbox at a domain, no scheme, no path, no password. */
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * A value fit for an owner or contact field (a name, an e-mail, a team): nothing in it is a credential. Refused: a
 * URL (with or without a user and password), a `user:password@host` userinfo, what the secrets family recognises as a
 * provider token, and the long letter-and-digit runs `looksSafe` refuses.
 */
export function isContactSafe(value: string): boolean {
  if (!looksSafe(value)) return false;
  if (/[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return false;
  if (/[^\s/@:]+:[^\s/@]*@/.test(value)) return false;
  return findProviderTokens(value).length === 0;
}

function shallowest(files: WorkspaceFile[], re: RegExp): WorkspaceFile | undefined {
  return files.filter((f) => re.test(f.path)).sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.length - b.path.length)[0];
}

export function inferMetadata(files: WorkspaceFile[], secretLines: Set<string> = new Set()): InferredMetadata {
  const meta: InferredMetadata = { owner: {}, sources: {} };
  const set = (key: 'name' | 'description' | 'team', v: string | undefined, src: string, line?: number) => {
    if (!v || meta[key]) return;
    const clean = v.replace(/\s+/g, ' ').trim().slice(0, 400);
    if (!clean || !looksSafe(clean) || (line && secretLines.has(`${src}:${line}`))) return;
    if (key === 'team' && !isContactSafe(clean)) return;
    meta[key] = clean;
    meta.sources[key] = src;
  };
  // A value on a line a secret rule flagged is not a contact, whatever its shape.
  const flagged = (v: string, src: string): boolean => {
    const text = files.find((f) => f.path === src)?.text;
    if (!text || !secretLines.size) return false;
    let line = 1;
    let from = 0;
    for (let at = text.indexOf(v); at >= 0; at = text.indexOf(v, at + 1)) {
      for (let i = text.indexOf('\n', from); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
        line++;
        from = i + 1;
      }
      if (secretLines.has(`${src}:${line}`)) return true;
    }
    return false;
  };
  const setOwner = (p: Person | undefined, src: string) => {
    if (!p) return;
    if (p.name && !meta.owner.name && isContactSafe(p.name) && !flagged(p.name, src)) {
      meta.owner.name = p.name;
      meta.sources['owner.name'] = src;
    }
    if (p.email && !meta.owner.email && EMAIL.test(p.email) && isContactSafe(p.email) && !flagged(p.email, src)) {
      meta.owner.email = p.email;
      meta.sources['owner.email'] = src;
    }
  };

  const pkg = shallowest(files, /(^|\/)package\.json$/);
  if (pkg) {
    try {
      const j = JSON.parse(pkg.text) as Record<string, unknown>;
      set('name', typeof j.name === 'string' ? j.name : undefined, pkg.path);
      set('description', typeof j.description === 'string' ? j.description : undefined, pkg.path);
      setOwner(parsePerson(j.author), pkg.path);
      if (Array.isArray(j.maintainers)) setOwner(parsePerson(j.maintainers[0]), pkg.path);
    } catch {
      /* not JSON: skip */
    }
  }
  const py = shallowest(files, /(^|\/)pyproject\.toml$/);
  if (py) {
    const secs = readTomlSections(py.text);
    for (const tname of ['project', 'tool.poetry']) {
      const s = secs.find((x) => x.name === tname);
      if (!s) continue;
      set('name', tomlString(s.entries.get('name')), py.path);
      set('description', tomlString(s.entries.get('description')), py.path);
      const authors = s.entries.get('authors') ?? s.entries.get('maintainers');
      if (authors) {
        const inline = /\{\s*([^}]*)\}/.exec(authors);
        if (inline) {
          const name = /name\s*=\s*"([^"]*)"/.exec(inline[1])?.[1];
          const email = /email\s*=\s*"([^"]*)"/.exec(inline[1])?.[1];
          setOwner({ name, email }, py.path);
        } else {
          const first = /"([^"]+)"/.exec(authors)?.[1];
          setOwner(parsePerson(first), py.path);
        }
      }
    }
  }
  const readme = shallowest(files, /(^|\/)README(\.(md|markdown|rst|txt))?$/i);
  if (readme) {
    const ls = lines(readme.text);
    let i = 0;
    let title: string | undefined;
    for (; i < ls.length; i++) {
      const h = /^#\s+(.+?)\s*#*\s*$/.exec(ls[i]);
      if (h) {
        title = h[1];
        i++;
        break;
      }
      if (i + 1 < ls.length && ls[i].trim() && /^=+\s*$/.test(ls[i + 1])) {
        title = ls[i].trim();
        i += 2;
        break;
      }
    }
    if (title) set('name', title.replace(/[`*_]/g, ''), readme.path, i);
    const para: string[] = [];
    let start = 0;
    for (; i < ls.length; i++) {
      const t = ls[i].trim();
      if (!t) {
        if (para.length) break;
        continue;
      }
      if (/^(#|!\[|\[!\[|<|```|\||>|---|===|\* \* \*)/.test(t)) {
        if (para.length) break;
        continue;
      }
      if (!para.length) start = i + 1;
      para.push(t);
    }
    let safe = true;
    for (let k = 0; k < para.length; k++) if (secretLines.has(`${readme.path}:${start + k}`)) safe = false;
    if (para.length && safe) set('description', para.join(' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, ''), readme.path);
  }
  const codeowners = files.find((f) => /^(\.github\/|docs\/|\.gitlab\/)?CODEOWNERS$/.test(f.path));
  if (codeowners) {
    let owners: string[] | undefined;
    for (const line of lines(codeowners.text)) {
      const m = /^\s*\*\s+(.+?)\s*(#.*)?$/.exec(line);
      if (m) owners = m[1].split(/\s+/); // the last matching rule wins, as in CODEOWNERS
    }
    for (const o of owners ?? []) {
      if (/^@[\w.-]+\/[\w.-]+$/.test(o)) set('team', o, codeowners.path);
      else if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o)) setOwner({ email: o }, codeowners.path);
    }
    meta.sources['codeowners'] = codeowners.path;
    const user = (owners ?? []).find((o) => /^@[\w.-]+$/.test(o));
    if (user && isContactSafe(user)) meta.sources['codeownersUser'] = user;
  }
  const git = files.find((f) => f.path === '.git/config');
  if (git) {
    let inUser = false;
    const p: Person = {};
    for (const line of lines(git.text)) {
      const h = /^\s*\[([^\]]+)\]/.exec(line);
      if (h) {
        inUser = h[1].trim() === 'user';
        continue;
      }
      if (!inUser) continue;
      const kv = /^\s*(name|email)\s*=\s*(.+?)\s*$/.exec(line);
      if (kv) p[kv[1] as 'name' | 'email'] = kv[2].replace(/^"|"$/g, '');
    }
    setOwner(p, '.git/config');
  }
  if (!meta.owner.name && meta.sources['codeownersUser']) {
    meta.owner.name = meta.sources['codeownersUser'];
    meta.sources['owner.name'] = meta.sources['codeowners'];
  }
  delete meta.sources['codeowners'];
  delete meta.sources['codeownersUser'];
  return meta;
}

// ---- observability ---------------------------------------------------------------

const DEP_FILE = /(^|\/)(package\.json|requirements[^/]*\.txt|pyproject\.toml|Pipfile|go\.mod|pom\.xml|build\.gradle(\.kts)?|Gemfile|setup\.py|setup\.cfg)$/;
const CODE_FILE = /\.(m?[jt]sx?|cjs|py|go|rb|java|kt|cs|php|rs)$/i;

const SIGNALS: Record<'structuredLogs' | 'metrics' | 'requestIds', Array<[RegExp, string]>> = {
  structuredLogs: [
    [/\b(pino|winston|bunyan|structlog|loguru|logrus|zerolog|serilog)\b/, '$1'],
    [/python-json-logger|pythonjsonlogger|\bjsonlogger\b/, 'python-json-logger'],
    [/go\.uber\.org\/zap/, 'zap'],
    [/"log\/slog"/, 'slog'],
    [/\bJsonFormatter\b|\bJSONFormatter\b/, 'json formatter'],
    [/\blogging\b.*\bjson\b/i, 'logging with json'],
  ],
  metrics: [
    [/\b(prom-client|prometheus[_-]client|prometheus_flask_exporter|express-prom-bundle|hot-shots|node-statsd|statsd|micrometer|datadog-metrics)\b/, '$1'],
    [/@opentelemetry\/[a-z-]+|\bopentelemetry(?:[-_.][a-z]+)*\b/, 'opentelemetry'],
  ],
  requestIds: [
    [/x-request-id/i, 'x-request-id'],
    [/x-correlation-id/i, 'x-correlation-id'],
    [/\btraceparent\b/i, 'traceparent'],
    [/\b(cls-rtracer|express-request-id|asgi-correlation-id|request_id|requestId|correlation_id|correlationId)\b/, '$1'],
  ],
};

export function inferObservability(files: WorkspaceFile[]): { structuredLogs: Signal; metrics: Signal; requestIds: Signal } {
  const out = { structuredLogs: sig(), metrics: sig(), requestIds: sig() };
  for (const f of files) {
    if (!CODE_FILE.test(f.path) && !DEP_FILE.test(f.path)) continue;
    const ls = lines(f.text);
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue;
      for (const key of Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>) {
        for (const [re, ind] of SIGNALS[key]) {
          const m = re.exec(line);
          if (!m) continue;
          const s = out[key];
          s.found = true;
          if (s.evidence.length < 10) s.evidence.push({ file: f.path, line: n + 1, indicator: ind.replace('$1', m[1] ?? '') });
          break;
        }
      }
    }
  }
  return out;
}

function sig(): Signal {
  return { found: false, evidence: [] };
}

// ---- residency ---------------------------------------------------------------------

const AWS_REGION = /\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-[1-9]\b/g;
const GCP_REGION = /\b(?:us|europe|asia|australia|northamerica|southamerica|me|africa)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)[1-9][0-9]?\b/g;
const AZURE_REGIONS = new Set(
  'eastus eastus2 westus westus2 westus3 centralus northcentralus southcentralus westcentralus northeurope westeurope uksouth ukwest francecentral germanywestcentral switzerlandnorth norwayeast swedencentral polandcentral italynorth spaincentral eastasia southeastasia japaneast japanwest australiaeast australiasoutheast centralindia southindia canadacentral canadaeast brazilsouth koreacentral southafricanorth uaenorth qatarcentral'.split(
    ' ',
  ),
);

export function inferRegions(files: WorkspaceFile[]): Array<{ region: string; provider: 'aws' | 'gcp' | 'azure'; locations: Array<{ file: string; line: number }> }> {
  const found = new Map<string, { region: string; provider: 'aws' | 'gcp' | 'azure'; locations: Array<{ file: string; line: number }> }>();
  const add = (region: string, provider: 'aws' | 'gcp' | 'azure', file: string, line: number) => {
    const k = `${provider}:${region}`;
    const e = found.get(k) ?? { region, provider, locations: [] };
    if (e.locations.length < 10) e.locations.push({ file, line });
    found.set(k, e);
  };
  for (const f of files) {
    if (PROSE.test(f.path)) continue;
    const infra = INFRA.test(f.path) || /(^|\/)Dockerfile$|\.env/.test(f.path);
    const ls = lines(f.text);
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue;
      const named = /region|location|zone/i.test(line);
      if (!infra && !named) continue;
      for (const m of line.match(AWS_REGION) ?? []) add(m, 'aws', f.path, n + 1);
      for (const m of line.match(GCP_REGION) ?? []) add(m, 'gcp', f.path, n + 1);
      if (/location|region/i.test(line)) for (const w of line.match(/\b[a-z0-9]+\b/g) ?? []) if (AZURE_REGIONS.has(w)) add(w, 'azure', f.path, n + 1);
    }
  }
  return [...found.values()].sort((a, b) => a.region.localeCompare(b.region));
}

// ---- data flows --------------------------------------------------------------------

interface FlowRule {
  re: RegExp;
  kind: string;
  name: string;
  /** The file must also contain this (e.g. the Slack SDK for `app.event(`). */
  fileHas?: RegExp;
}

const SOURCE_RULES: FlowRule[] = [
  { re: /\b(?:app|router|server|api|fastify)\.(?:get|post|put|patch|delete|all|route)\(\s*['"`]/, kind: 'http', name: 'HTTP handler' },
  { re: /@(?:app|bp|blueprint|router|api)\.(?:route|get|post|put|patch|delete)\(/, kind: 'http', name: 'HTTP handler' },
  { re: /\bhttp\.createServer\(|\bexport\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE)\b/, kind: 'http', name: 'HTTP handler' },
  { re: /webhooks\.constructEvent|\.construct_event\(|Webhook\.construct_event/, kind: 'webhook', name: 'Stripe webhook' },
  { re: /['"`][^'"`]*\/webhooks?\b[^'"`]*['"`]/, kind: 'webhook', name: 'Webhook endpoint' },
  { re: /\bapp\.(?:event|command|message|action|shortcut|view)\(/, kind: 'slack-event', name: 'Slack events', fileHas: /@slack\/bolt|slack_bolt/ },
  { re: /spreadsheets\.values\.(?:get|batchGet)|\.get_all_records\(|\.get_all_values\(|\.worksheet\(|\.getSheetByName\(/, kind: 'spreadsheet', name: 'Google Sheets' },
  { re: /ReceiveMessageCommand|\.receive_message\(|consumer\.subscribe\(|\.consume\(/, kind: 'queue', name: 'Message queue' },
  { re: /\bcron\.schedule\(|node-cron|@Scheduled|APScheduler|\bschedule\.every\(/, kind: 'schedule', name: 'Scheduled job' },
];

const STORE_RULES: FlowRule[] = [
  { re: /\bpostgres(?:ql)?:\/\/|\b(?:require\(\s*['"]|from\s+['"])(?:pg|postgres)['"]|\bimport\s+psycopg2?\b|\bpsycopg2?\b\.connect/i, kind: 'database', name: 'PostgreSQL' },
  { re: /\b(?:mysql|mariadb):\/\/|\b(?:require\(\s*['"]|from\s+['"])mysql2?['"]|\bimport\s+(?:pymysql|mysql\.connector)\b/i, kind: 'database', name: 'MySQL' },
  { re: /\bmongodb(?:\+srv)?:\/\/|\b(?:require\(\s*['"]|from\s+['"])(?:mongoose|mongodb)['"]|\bimport\s+pymongo\b|\bfrom\s+pymongo\b/i, kind: 'database', name: 'MongoDB' },
  { re: /\brediss?:\/\/|\b(?:require\(\s*['"]|from\s+['"])(?:redis|ioredis)['"]|\bimport\s+redis\b/, kind: 'cache', name: 'Redis' },
  { re: /\bsqlite3?\b|better-sqlite3/, kind: 'database', name: 'SQLite' },
  { re: /@prisma\/client|\bsequelize\b|\btypeorm\b|\bknex\b|\bsqlalchemy\b|\bflask_sqlalchemy\b|SQLALCHEMY_DATABASE_URI/i, kind: 'database', name: 'SQL database (ORM)' },
  { re: /DynamoDBClient|dynamodb|aws_dynamodb_table|AWS::DynamoDB::Table/i, kind: 'database', name: 'DynamoDB' },
  { re: /firestore/i, kind: 'database', name: 'Firestore' },
  { re: /PutObjectCommand|GetObjectCommand|\.putObject\(|\.put_object\(|\.upload_file\(|boto3\.(?:client|resource)\(\s*['"]s3['"]|aws_s3_bucket\b|AWS::S3::Bucket/, kind: 'object-storage', name: 'Amazon S3' },
  { re: /@google-cloud\/storage|from\s+google\.cloud\s+import\s+storage|google_storage_bucket\b/, kind: 'object-storage', name: 'Google Cloud Storage' },
  { re: /BlobServiceClient|azurerm_storage_account\b/, kind: 'object-storage', name: 'Azure Blob Storage' },
  { re: /spreadsheets\.values\.(?:append|update|batchUpdate)|\.append_row\(|\.update_cell\(|\.appendRow\(/, kind: 'spreadsheet', name: 'Google Sheets' },
];

const SINK_RULES: FlowRule[] = [
  { re: /chat\.postMessage|chat_postMessage|hooks\.slack\.com|\bsay\(/, kind: 'chat', name: 'Slack', fileHas: /slack/i },
  { re: /nodemailer|@sendgrid\/mail|\bsendgrid\b|\bsmtplib\b|SendEmailCommand|send_email\(/, kind: 'email', name: 'Email' },
];

function applyFlowRules(files: WorkspaceFile[], rules: FlowRule[]): FlowItem[] {
  const items = new Map<string, FlowItem>();
  for (const f of files) {
    if (!CODE_FILE.test(f.path) && !INFRA.test(f.path)) continue;
    if (/(^|\/)package\.json$/.test(f.path)) continue;
    const ls = lines(f.text);
    for (const r of rules) {
      if (r.fileHas && !r.fileHas.test(f.text)) continue;
      for (let n = 0; n < ls.length; n++) {
        if (ls[n].length > 2000 || !r.re.test(ls[n])) continue;
        const k = `${r.kind}|${r.name}`;
        const it = items.get(k) ?? { kind: r.kind, name: r.name, origin: 'inferred' as const, evidence: [] };
        if (it.evidence!.length < 5) it.evidence!.push({ file: f.path, line: n + 1 });
        items.set(k, it);
      }
    }
  }
  return [...items.values()];
}

export function inferFlows(files: WorkspaceFile[]): { sources: FlowItem[]; stores: FlowItem[]; sinks: FlowItem[] } {
  return { sources: applyFlowRules(files, SOURCE_RULES), stores: applyFlowRules(files, STORE_RULES), sinks: applyFlowRules(files, SINK_RULES) };
}

// ---- revocation names ---------------------------------------------------------------

const CRED_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|API_?KEY|ACCESS_KEY|PRIVATE_KEY|SIGNING|AUTH|DSN|DATABASE_URL|CONNECTION_STRING|WEBHOOK)/i;
const ENV_REFS: RegExp[] = [
  /process\.env\.([A-Z_][A-Z0-9_]*)/g,
  /process\.env\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\]/g,
  /os\.environ(?:\.get)?[[(]\s*['"]([A-Z_][A-Z0-9_]*)['"]/g,
  /os\.getenv\(\s*['"]([A-Z_][A-Z0-9_]*)['"]/g,
  /ENV\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\]/g,
  /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g,
];

/** Names (never values) of credentials the app reads and of secret objects it mounts. */
export function inferRevocationNames(files: WorkspaceFile[]): { credentials: RevocationItem[]; serviceAccounts: RevocationItem[]; secrets: RevocationItem[] } {
  const creds = new Map<string, RevocationItem>();
  const sas = new Map<string, RevocationItem>();
  const secrets = new Map<string, RevocationItem>();
  const put = (m: Map<string, RevocationItem>, it: RevocationItem) => {
    if (!m.has(it.name)) m.set(it.name, it);
  };
  for (const f of files) {
    if (PROSE.test(f.path)) continue;
    const ls = lines(f.text);
    const dotenv = /(^|\/)\.env(\.[\w-]+)?$/.test(f.path);
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue;
      const at = { file: f.path, line: n + 1, origin: 'inferred' as const };
      if (dotenv) {
        const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
        if (m && CRED_NAME.test(m[1])) put(creds, { name: m[1], kind: 'env-var', ...at });
        continue;
      }
      for (const re of ENV_REFS) {
        re.lastIndex = 0;
        for (let m = re.exec(line); m; m = re.exec(line)) if (CRED_NAME.test(m[1])) put(creds, { name: m[1], kind: 'env-var', ...at });
      }
      let m = /\bserviceAccountName:\s*["']?([\w.-]+)/.exec(line);
      if (m) put(sas, { name: m[1], kind: 'k8s-serviceaccount', ...at });
      m = /\b([\w.-]+@[\w-]+\.iam\.gserviceaccount\.com)\b/.exec(line);
      if (m) put(sas, { name: m[1], kind: 'gcp-serviceaccount', ...at });
      m = /\bsecretName:\s*["']?([\w.-]+)/.exec(line);
      if (m) put(secrets, { name: m[1], kind: 'k8s-secret', ...at });
      if (/\b(secretKeyRef|secretRef):/.test(line)) {
        for (let k = n + 1; k < Math.min(ls.length, n + 4); k++) {
          const nm = /^\s*name:\s*["']?([\w.-]+)/.exec(ls[k]);
          if (nm) {
            put(secrets, { name: nm[1], kind: 'k8s-secret', file: f.path, line: k + 1, origin: 'inferred' });
            break;
          }
        }
      }
      m = /resource\s+"(aws_secretsmanager_secret|google_secret_manager_secret|azurerm_key_vault_secret|kubernetes_secret)"\s+"([\w-]+)"/.exec(line);
      if (m) put(secrets, { name: m[2], kind: m[1], ...at });
      m = /arn:aws:secretsmanager:[^:\s]*:[0-9]*:secret:([\w/+=.@-]+)/.exec(line);
      if (m) put(secrets, { name: m[1], kind: 'aws-secretsmanager', ...at });
      m = /\bprojects\/[\w-]+\/secrets\/([\w-]+)/.exec(line);
      if (m) put(secrets, { name: m[1], kind: 'gcp-secret-manager', ...at });
      if (/^\s*kind:\s*ServiceAccount\s*$/.test(line)) {
        for (let k = n + 1; k < Math.min(ls.length, n + 6); k++) {
          const nm = /^\s+name:\s*["']?([\w.-]+)/.exec(ls[k]);
          if (nm) {
            put(sas, { name: nm[1], kind: 'k8s-serviceaccount', file: f.path, line: n + 1, origin: 'inferred' });
            break;
          }
        }
      }
    }
  }
  return { credentials: [...creds.values()], serviceAccounts: [...sas.values()], secrets: [...secrets.values()] };
}
