/**
 * Inference from the workspace's files: metadata, data classes, observability,
 * residency, data flows and revocation names. Pure: files in, facts out.
 * Evidence is a file, a line and a word from our own vocabulary; never the
 * text found there (values, connection strings and tokens are never copied).
 */
import type { DataClass, Evidence, FlowItem, RevocationItem, Signal, WorkspaceFile } from './types';
import { containsCredential } from '../../credentials';
import { escapeRegExp, matchesAtEveryStart } from '../../text';

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
  // A split at one character is much faster than at a pattern (11.8 MB of text: 43 -> ~10 ms); the same lines.
  return text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r?\n/);
}

// ---- data classes ------------------------------------------------------------
//
// Data classes come from the data the app handles: fields and columns (SQL DDL,
// Prisma, SQLAlchemy, Django, TypeORM, OpenAPI / JSON Schema properties,
// GraphQL types, CSV headers, form fields), identifiers in code (outside
// comments and strings), API scopes that grant personal data, and the
// project's description. The app's own credentials (passwords, tokens, keys,
// secret references) and infrastructure identifiers (service-account e-mails,
// ARNs, hostnames, resource names) are never a data class: secrets have their
// own section. Infrastructure and configuration files (Terraform, YAML/JSON
// config, .env) only count through the schemas and scopes they carry.

interface Pattern {
  cls: DataClass;
  tokens: string[];
  /** Also counts in prose (README, docs) where words stand apart. */
  prose?: boolean;
  /** Only as a field or column name (schemas, models, forms, headers), not any identifier in code. */
  fieldOnly?: boolean;
  /** Only as a field of a record that holds people (users, customers, patients...). */
  personOnly?: boolean;
}

const P = (cls: DataClass, words: string, opts: Partial<Pattern> = {}): Pattern => ({ cls, tokens: words.split(' '), ...opts });

const PATTERNS: Pattern[] = [
  // PII (restricted)
  P('PII', 'email'),
  P('PII', 'e mail'),
  P('PII', 'email address', { prose: true }),
  P('PII', 'e mail address', { prose: true }),
  P('PII', 'phone'),
  P('PII', 'telephone'),
  P('PII', 'mobile', { fieldOnly: true }),
  P('PII', 'phone number', { prose: true }),
  P('PII', 'mobile number', { prose: true }),
  P('PII', 'date of birth', { prose: true }),
  P('PII', 'dob'),
  P('PII', 'birth date', { prose: true }),
  P('PII', 'birthdate'),
  P('PII', 'birthday'),
  P('PII', 'first name'),
  P('PII', 'firstname'),
  P('PII', 'last name'),
  P('PII', 'lastname'),
  P('PII', 'full name'),
  P('PII', 'fullname'),
  P('PII', 'surname'),
  P('PII', 'given name'),
  P('PII', 'family name'),
  P('PII', 'name', { fieldOnly: true, personOnly: true }),
  P('PII', 'street address', { prose: true }),
  P('PII', 'home address', { prose: true }),
  P('PII', 'billing address', { prose: true }),
  P('PII', 'shipping address', { prose: true }),
  P('PII', 'mailing address', { prose: true }),
  P('PII', 'postal address', { prose: true }),
  P('PII', 'street', { fieldOnly: true }),
  P('PII', 'postal code'),
  P('PII', 'zip code'),
  P('PII', 'zipcode'),
  P('PII', 'postcode'),
  P('PII', 'address line'),
  P('PII', 'address', { fieldOnly: true }),
  P('PII', 'ip address', { prose: true }),
  P('PII', 'ip addr'),
  P('PII', 'client ip', { fieldOnly: true }),
  P('PII', 'gender', { fieldOnly: true }),
  // government identifiers (regulated)
  P('government-id', 'ssn', { prose: true }),
  P('government-id', 'social security', { prose: true }),
  P('government-id', 'national id', { prose: true }),
  P('government-id', 'national insurance', { prose: true }),
  P('government-id', 'passport', { prose: true }),
  P('government-id', 'drivers license', { prose: true }),
  P('government-id', 'driver license', { prose: true }),
  P('government-id', 'driving licence', { prose: true }),
  P('government-id', 'tax id', { prose: true }),
  P('government-id', 'taxpayer id', { prose: true }),
  P('government-id', 'tin', { fieldOnly: true }),
  P('government-id', 'nino'),
  // PHI (regulated)
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
  // payment card data (regulated)
  P('payment-card', 'card number', { prose: true }),
  P('payment-card', 'cardnumber'),
  P('payment-card', 'credit card', { prose: true }),
  P('payment-card', 'debit card', { prose: true }),
  P('payment-card', 'card pan'),
  P('payment-card', 'pan', { fieldOnly: true }),
  P('payment-card', 'pan number'),
  P('payment-card', 'cvv', { prose: true }),
  P('payment-card', 'cvc'),
  P('payment-card', 'cvv2'),
  P('payment-card', 'card cvc'),
  P('payment-card', 'card expiry'),
  P('payment-card', 'expiry date', { fieldOnly: true }),
  // financial (restricted)
  P('financial', 'iban', { prose: true }),
  P('financial', 'bic'),
  P('financial', 'swift code', { prose: true }),
  P('financial', 'account number', { prose: true }),
  P('financial', 'bank account', { prose: true }),
  P('financial', 'routing number', { prose: true }),
  P('financial', 'sort code', { prose: true }),
  P('financial', 'salary', { prose: true }),
  P('financial', 'salaries', { prose: true }),
  P('financial', 'wage'),
  P('financial', 'payroll', { prose: true }),
  P('financial', 'invoice amount', { prose: true }),
  P('financial', 'amount due'),
  P('financial', 'credit score', { prose: true }),
];

/**
 * A data word followed by one of these in the same identifier names a
 * setting or a tool, not a field holding the data: `emailEnabled`,
 * `email_template`, `phoneFormat`, `email-validator`.
 */
const STOP_AFTER = new Set(
  'enabled disabled enable disable template templates subject regex re pattern validator validation valid provider service client transport queue job jobs notification notifications notify config settings setting smtp host port server sender type format policy length min max count limit label placeholder style icon button toggle flag feature verified'.split(' '),
);
/**
 * A data word after one of these names the app's own identity or a setting,
 * not data it handles: `enableEmail`, `serviceAccountEmail`, `client_email`
 * (a service-account key), `adminEmail`, `senderEmail`, `listenAddress`.
 */
const STOP_BEFORE = new Set(
  'enable disable is has show hide toggle use service sa iam client admin sender from reply noreply support bot app owner smtp listen bind remote server host proxy gateway mac wallet contract'.split(' '),
);

/** Record (table, model, type) names whose `name` field is a person's name. */
const PERSON_RECORD = /^(users?|customers?|clients?|persons?|people|employees?|staff|members?|patients?|contacts?|students?|applicants?|candidates?|guests?|visitors?|subscribers?|accounts?|profiles?|authors?|owners?|tenants?|leads?|volunteers?|participants?|attendees?|recipients?|donors?)$/i;

function splitIdentifier(id: string): string[] {
  const out: string[] = [];
  for (const part of id.split(/[_\-.]+/)) {
    const m = part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
    if (m) for (const t of m) out.push(t.toLowerCase());
  }
  // "icd10" / "ICD10" / "cvv2": join a word and the number that follows it.
  const joined: string[] = [];
  for (const t of out) {
    const prev = joined[joined.length - 1];
    if (/^[0-9]+$/.test(t) && (prev === 'icd' || prev === 'cvv')) joined[joined.length - 1] = prev + t;
    else joined.push(t);
  }
  return joined;
}

function matchAt(tokens: string[], i: number, p: string[]): boolean {
  if (i + p.length > tokens.length) return false;
  for (let k = 0; k < p.length; k++) if (tokens[i + k] !== p[k]) return false;
  return true;
}

const BY_FIRST = new Map<string, Pattern[]>();
for (const p of PATTERNS) BY_FIRST.set(p.tokens[0], [...(BY_FIRST.get(p.tokens[0]) ?? []), p]);

/**
 * The data classes an identifier (or a run of prose words) names, with the matched indicator.
 * `field`: a field or column name; `person` says its record holds people (a bare `name` counts).
 */
export function classifyTokens(tokens: string[], mode: 'code' | 'prose' | 'field' | 'schema', person = false): Array<{ cls: DataClass; indicator: string }> {
  const field = mode === 'field' || mode === 'schema';
  const found: Array<{ cls: DataClass; indicator: string }> = [];
  const candidates = new Set<Pattern>();
  for (const t of tokens) for (const p of BY_FIRST.get(t) ?? []) candidates.add(p);
  // Longer phrases first, so `ip_address` is an IP address and not a postal address.
  const sorted = [...candidates].sort((a, b) => b.tokens.length - a.tokens.length);
  const used = new Set<number>();
  for (const p of sorted) {
    if (mode === 'prose' && !p.prose) continue;
    if (p.fieldOnly && !field) continue;
    if (p.personOnly && !(person && tokens.length === 1)) continue;
    for (let i = 0; i < tokens.length; i++) {
      if (!matchAt(tokens, i, p.tokens)) continue;
      if (used.has(i)) continue;
      if (mode !== 'prose') {
        const after = tokens[i + p.tokens.length];
        const before = tokens[i - 1];
        if (after && STOP_AFTER.has(after)) continue;
        if (before && STOP_BEFORE.has(before)) continue;
        if (tokens.slice(0, i).some((t) => t === 'service' || t === 'iam')) continue; // serviceAccountEmail
      }
      for (let k = 0; k < p.tokens.length; k++) used.add(i + k);
      if (!found.some((f) => f.cls === p.cls)) found.push({ cls: p.cls, indicator: p.tokens.join('_') });
      break;
    }
  }
  return found;
}

// ---- API scopes that grant personal data ----

const SCOPES: Array<{ re: RegExp; cls: DataClass }> = [
  // Slack: e-mail addresses, profiles, private conversations.
  { re: /(?<![\w.:/-])(users:read\.email|users\.profile:read|im:history|mpim:history|groups:history)(?![\w.:-])/, cls: 'PII' },
  // Google: mail, contacts, directory, files, people's personal fields.
  {
    re: /googleapis\.com\/auth\/(gmail\.[a-z.]+|mail\.google\.com|contacts(?:\.readonly|\.other\.readonly)?|directory\.readonly|admin\.directory\.user(?:\.readonly)?|drive(?:\.readonly)?|user\.(?:emails|phonenumbers|birthday|addresses)\.read)(?![\w.-])|\bhttps:\/\/mail\.google\.com\//,
    cls: 'PII',
  },
  { re: /googleapis\.com\/auth\/(fitness\.(?:heart_rate|blood_pressure|blood_glucose|body_temperature|oxygen_saturation|reproductive_health|sleep)\.read)/, cls: 'PHI' },
  // Microsoft Graph: mail, other users' profiles, contacts, people, files, chats.
  {
    re: /(?<![\w.])(Mail\.(?:Read|ReadWrite|ReadBasic)(?:\.All|\.Shared)?|User\.(?:Read|ReadBasic|ReadWrite)\.All|Contacts\.Read(?:Write)?(?:\.Shared)?|People\.Read(?:\.All)?|Files\.Read(?:Write)?\.All|Chat\.Read(?:Write)?(?:\.All)?|ChannelMessage\.Read\.All)(?![\w.])/,
    cls: 'PII',
  },
];

// ---- fields from schemas, models, forms and headers ----

interface Field {
  name: string;
  /** 0-based line. */
  line: number;
  /** The record (table, model, type) holding it, when known. */
  record?: string;
}

const CODE_LIKE = /\.(m?[jt]sx?|cjs|py|go|rb|java|kt|cs|php|rs|vue|svelte|scala|swift)$/i;
const CONFIG_LIKE = /\.(tf|tfvars|hcl|bicep|ya?ml|json|toml|ini|cfg|conf|properties|env|template|xml|lock)$|(^|\/)\.env(\.[\w-]+)?$|(^|\/)Dockerfile$/i;
const FORM_FILE = /\.(html?|[jt]sx|vue|svelte|hbs|handlebars|ejs|erb|jinja2?|j2|njk|twig|php|cshtml|razor)$/i;

/** `CREATE TABLE t ( col type, ... )` and `ALTER TABLE t ADD [COLUMN] col type`. */
function sqlFields(ls: string[]): Field[] {
  const out: Field[] = [];
  let table: string | undefined;
  let depth = 0;
  const ident = '["`\\[]?([A-Za-z_][\\w$]*)["`\\]]?';
  for (let n = 0; n < ls.length; n++) {
    const line = ls[n].replace(/--.*$/, '');
    const alter = new RegExp(`\\balter\\s+table\\s+(?:if\\s+exists\\s+)?(?:${ident}\\.)?${ident}\\s+add\\s+(?:column\\s+)?(?:if\\s+not\\s+exists\\s+)?${ident}`, 'i').exec(line);
    if (alter) out.push({ name: alter[3], line: n, record: alter[2] });
    if (!table) {
      const m = new RegExp(`\\bcreate\\s+(?:(?:global\\s+|local\\s+)?(?:temporary|temp)\\s+|unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:${ident}\\.)?${ident}\\s*\\(?(.*)$`, 'i').exec(line);
      if (!m) continue;
      table = m[2];
      depth = line.includes('(') ? 1 : 0;
      const rest = m[3] ?? '';
      // columns on the same line: CREATE TABLE t (a int, b text);
      for (const part of rest.split(',')) {
        const c = new RegExp(`^\\s*${ident}\\s+[A-Za-z]`).exec(part);
        if (c && !/^(constraint|primary|foreign|unique|check|key|index)$/i.test(c[1])) out.push({ name: c[1], line: n, record: table });
      }
      if (/\)\s*;?\s*$/.test(rest) && (rest.match(/\(/g) ?? []).length < (rest.match(/\)/g) ?? []).length) table = undefined;
      continue;
    }
    if (depth === 0 && line.includes('(')) depth = 1;
    if (depth === 1) {
      for (const part of line.split(',')) {
        const c = new RegExp(`^\\s*${ident}\\s+[A-Za-z]`).exec(part);
        if (c && !/^(constraint|primary|foreign|unique|check|key|index|exclude|like)$/i.test(c[1])) out.push({ name: c[1], line: n, record: table });
      }
    }
    depth += (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length;
    if (depth <= 0 && /\)/.test(line)) table = undefined;
  }
  return out;
}

/** Prisma `model X { field Type ... }`. */
function prismaFields(ls: string[]): Field[] {
  const out: Field[] = [];
  let model: string | undefined;
  for (let n = 0; n < ls.length; n++) {
    const line = ls[n].replace(/\/\/.*$/, '');
    const m = /^\s*(model|type|view)\s+(\w+)\s*\{/.exec(line);
    if (m) {
      model = m[2];
      continue;
    }
    if (!model) continue;
    if (/^\s*\}/.test(line)) {
      model = undefined;
      continue;
    }
    const f = /^\s*(\w+)\s+[A-Z]\w*/.exec(line);
    if (f) out.push({ name: f[1], line: n, record: model });
  }
  return out;
}

/** GraphQL `type|input|interface X { field(args): Type }`. */
function graphqlFields(ls: string[], startAt = 0, endAt = ls.length): Field[] {
  const out: Field[] = [];
  let record: string | undefined;
  for (let n = startAt; n < endAt; n++) {
    const line = ls[n].replace(/#.*$/, '');
    const m = /^\s*(?:extend\s+)?(type|input|interface)\s+(\w+)[^{]*\{/.exec(line);
    if (m) {
      record = m[2];
      continue;
    }
    if (!record) continue;
    if (/^\s*\}/.test(line)) {
      record = undefined;
      continue;
    }
    const f = /^\s*(\w+)\s*(?:\([^)]*\))?\s*:\s*[[\w]/.exec(line);
    if (f) out.push({ name: f[1], line: n, record });
  }
  return out;
}

/** Python models: SQLAlchemy `x = Column(...)` / `mapped_column(...)` / `x: Mapped[...]`, Django `x = models.XField(...)`. */
function pythonModelFields(ls: string[]): Field[] {
  const out: Field[] = [];
  let record: string | undefined;
  for (let n = 0; n < ls.length; n++) {
    const line = ls[n];
    const c = /^class\s+(\w+)\s*\(/.exec(line);
    if (c) {
      record = c[1];
      continue;
    }
    if (/^\S/.test(line) && line.trim() && !line.trim().startsWith('#') && !/^@/.test(line)) record = undefined;
    const f =
      /^\s+(\w+)\s*(?::\s*[\w.[\], ]+)?=\s*(?:db\.|sa\.|sqlalchemy\.|orm\.)?(?:Column|mapped_column|relationship)\s*\(/.exec(line) ??
      /^\s+(\w+)\s*=\s*(?:models|gis_models|db\.models)\.\w*Field\s*\(/.exec(line) ??
      /^\s+(\w+)\s*:\s*Mapped\[/.exec(line);
    if (f) out.push({ name: f[1], line: n, record });
  }
  return out;
}

/** TypeORM / MikroORM / Sequelize-typescript: a property under `@Column(...)`-style decorators; `@Entity` classes. */
function decoratedFields(ls: string[]): Field[] {
  const out: Field[] = [];
  let record: string | undefined;
  let pending = false;
  for (let n = 0; n < ls.length; n++) {
    const line = ls[n];
    const c = /\bclass\s+(\w+)/.exec(line);
    if (c) record = c[1];
    const deco = /@(?:Column|PrimaryColumn|Property|Field|Prop|Attribute)\s*\(/.exec(line);
    if (deco) {
      // `@Column() email: string;` on one line
      const rest = line.slice(line.indexOf(')', deco.index) + 1);
      const same = /^\s*(?:(?:public|private|protected|readonly|declare)\s+)*(\w+)\s*[?!]?\s*:/.exec(rest);
      if (same) out.push({ name: same[1], line: n, record });
      else pending = true;
      continue;
    }
    if (pending) {
      if (/^\s*@/.test(line) || !line.trim()) continue;
      const f = /^\s*(?:(?:public|private|protected|readonly|declare)\s+)*(\w+)\s*[?!]?\s*:/.exec(line);
      if (f) out.push({ name: f[1], line: n, record });
      pending = false;
    }
  }
  return out;
}

/** The keys of every `properties` object of an OpenAPI document or JSON Schema (JSON or YAML), with the schema's name. */
function schemaPropertyFields(ls: string[], json: boolean): Field[] {
  const out: Field[] = [];
  if (json) {
    // Track the JSON nesting: keys one level inside a "properties" object are fields.
    const stack: Array<{ props: boolean; key?: string }> = [];
    let lastKey: string | undefined;
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      const re = /"((?:[^"\\]|\\.)*)"\s*(:)?|([{}[\]])/g;
      for (let m = re.exec(line); m; m = re.exec(line)) {
        if (m[1] !== undefined && m[2]) {
          lastKey = m[1];
          const top = stack[stack.length - 1];
          if (top && top.props) out.push({ name: m[1], line: n, record: stack[stack.length - 2]?.key });
        } else if (m[3] === '{' || m[3] === '[') {
          stack.push({ props: m[3] === '{' && lastKey === 'properties', key: lastKey });
          lastKey = undefined;
        } else if (m[3] === '}' || m[3] === ']') {
          stack.pop();
          lastKey = undefined;
        }
      }
    }
    return out;
  }
  // YAML: a `properties:` line opens a block; keys at its first child indent are fields.
  const open: Array<{ indent: number; child?: number; record?: string }> = [];
  const keyAt: Array<{ indent: number; key: string }> = [];
  for (let n = 0; n < ls.length; n++) {
    const line = ls[n];
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const indent = line.search(/\S/);
    while (open.length && indent <= open[open.length - 1].indent) open.pop();
    while (keyAt.length && indent <= keyAt[keyAt.length - 1].indent) keyAt.pop();
    const k = /^(\s*)(?:-\s+)?["']?([A-Za-z_][\w$-]*)["']?\s*:(\s|$)/.exec(line);
    if (!k) continue;
    const top = open[open.length - 1];
    if (top) {
      if (top.child === undefined) top.child = indent;
      if (indent === top.child) out.push({ name: k[2], line: n, record: top.record });
    }
    if (k[2] === 'properties' && /:\s*$/.test(line)) open.push({ indent, record: keyAt[keyAt.length - 1]?.key });
    keyAt.push({ indent, key: k[2] });
  }
  return out;
}

function csvHeader(ls: string[], tsv: boolean): Field[] {
  const head = (ls[0] ?? '').replace(/^\uFEFF/, '');
  const cells = head.split(tsv ? '\t' : /[,;]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  if (!cells.every((c) => /^[A-Za-z][\w .\-()/]*$/.test(c))) return []; // not a header row
  return cells.map((c) => ({ name: c.replace(/[ ()/]+/g, '_'), line: 0 }));
}

function formFields(ls: string[]): Field[] {
  const out: Field[] = [];
  for (let n = 0; n < ls.length; n++) {
    const re = /<(?:input|select|textarea|Input|TextField|Select|Field|FormField)\b[^>]*?\b(?:name|formControlName|v-model|autocomplete)\s*=\s*\{?\s*["'`]([A-Za-z_][\w.\-[\]]*)["'`]/g;
    for (let m = re.exec(ls[n]); m; m = re.exec(ls[n])) out.push({ name: m[1], line: n });
  }
  return out;
}

/** Fields of the records a file defines, by its kind. */
function fieldsOf(f: WorkspaceFile, ls: string[]): Field[] {
  const p = f.path;
  const out: Field[] = [];
  if (/\.sql$/i.test(p)) out.push(...sqlFields(ls));
  if (/\.prisma$/i.test(p)) out.push(...prismaFields(ls));
  if (/\.(graphqls?|gql)$/i.test(p)) out.push(...graphqlFields(ls));
  if (/\.py$/i.test(p)) out.push(...pythonModelFields(ls));
  if (/\.[cm]?tsx?$/i.test(p) && /@(?:Column|PrimaryColumn|Property|Entity)\b/.test(f.text)) out.push(...decoratedFields(ls));
  if (/\.(csv|tsv)$/i.test(p)) out.push(...csvHeader(ls, /\.tsv$/i.test(p)));
  if (FORM_FILE.test(p)) out.push(...formFields(ls));
  if (/\.json$/i.test(p) && /"properties"\s*:\s*\{/.test(f.text)) out.push(...schemaPropertyFields(ls, true));
  if (/\.ya?ml$/i.test(p) && /^\s*properties:\s*$/m.test(f.text)) out.push(...schemaPropertyFields(ls, false));
  return out;
}

/**
 * A line of code with comments and string literals blanked, keeping the quoted
 * names in key position (`row["email"]`, `.get('email')`, `{"email": ...}`):
 * a log message or a comment that mentions a data word is not data.
 */
export function codeIdentifiers(line: string, state: { block?: string }, hashComments: boolean): string[] {
  // Read by character codes, the code between comments and strings copied a run at a time (a slice per character
  // made this the manifest's costliest step on a large folder: 97 of 688 ms, profiled).
  const keep: string[] = [];
  const n = line.length;
  let s = '';
  let run = 0;
  let i = 0;
  while (i < n) {
    if (state.block) {
      const end = line.indexOf(state.block, i);
      if (end < 0) return keep.concat(ids(s));
      i = end + state.block.length;
      state.block = undefined;
      run = i;
      continue;
    }
    const c = line.charCodeAt(i);
    if (!hashComments && c === 47 /* / */) {
      const d = line.charCodeAt(i + 1);
      if (d === 47) break;
      if (d === 42 /* * */) {
        s += line.slice(run, i);
        state.block = '*/';
        i += 2;
        run = i;
        continue;
      }
    }
    if (hashComments && c === 35 /* # */) break;
    if (hashComments && (c === 34 || c === 39) && line.charCodeAt(i + 1) === c && line.charCodeAt(i + 2) === c) {
      const three = c === 34 ? '"""' : "'''";
      s += line.slice(run, i);
      const end = line.indexOf(three, i + 3);
      if (end < 0) {
        state.block = three;
        return keep.concat(ids(s));
      }
      i = end + 3;
      s += ' ';
      run = i;
      continue;
    }
    if (c === 34 || c === 39 || c === 96 /* " ' ` */) {
      s += line.slice(run, i);
      let j = i + 1;
      while (j < n && line.charCodeAt(j) !== c) j += line.charCodeAt(j) === 92 /* \ */ ? 2 : 1;
      const body = line.slice(i + 1, j);
      if (/^[A-Za-z_][\w-]*$/.test(body) && /(\[|\.get\(|\.getlist\(|\.pop\(|\{|,)\s*$/.test(line.slice(0, i)) && /^\s*(\]|\)|:)/.test(line.slice(j + 1))) keep.push(body);
      s += ' ';
      i = j + 1;
      run = i;
      continue;
    }
    i++;
  }
  if (run < Math.min(i, n)) s += line.slice(run, Math.min(i, n));
  return keep.concat(ids(s));
}

function ids(s: string): string[] {
  return s.match(/[A-Za-z][A-Za-z0-9_\-]*/g) ?? [];
}

/** Data classes with evidence (file, line, indicator word), never the data. */
export function inferDataClasses(files: WorkspaceFile[]): Map<DataClass, Evidence[]> {
  const out = new Map<DataClass, Evidence[]>();
  const seen = new Set<string>();
  const codeCache = new Map<string, Array<{ cls: DataClass; indicator: string }>>();
  const add = (cls: DataClass, file: string, n: number, indicator: string) => {
    const key = `${cls}|${file}|${n}|${indicator}`;
    if (seen.has(key)) return;
    seen.add(key);
    const list = out.get(cls) ?? [];
    if (list.length < MAX_EVIDENCE) list.push({ file, line: n + 1, indicator });
    out.set(cls, list);
  };
  for (const f of files) {
    if (/(^|\/)(\.git\/|CODEOWNERS$|\.gitignore$|\.dockerignore$)/.test(f.path)) continue;
    // Package metadata: only the description speaks about the app's data (the package name and authors' emails do not).
    const packageMeta = /(^|\/)(package\.json|pyproject\.toml|setup\.cfg|composer\.json|Cargo\.toml)$/.test(f.path);
    const prose = packageMeta || PROSE.test(f.path) || /(^|\/)README[^/]*$/i.test(f.path);
    const ls = lines(f.text);
    if (prose) {
      for (let n = 0; n < ls.length; n++) {
        const line = ls[n];
        if (line.length > 2000) continue;
        if (packageMeta && !/^\s*"?description"?\s*[:=]/.test(line)) continue;
        const words = (line.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).map((w) => w.toLowerCase());
        for (const h of classifyTokens(words, 'prose')) add(h.cls, f.path, n, h.indicator);
      }
      continue;
    }
    // API scopes (Slack app manifests, OAuth scope lists in code or config).
    if (/users:read\.email|users\.profile:read|:history|googleapis\.com\/auth\/|mail\.google\.com|\.Read\b|\.Read\.|\.ReadWrite|\.ReadBasic/.test(f.text)) {
      for (let n = 0; n < ls.length; n++) {
        const line = ls[n];
        if (line.length > 2000 || /^\s*(#|\/\/|\*|--)/.test(line)) continue;
        for (const s of SCOPES) {
          const m = s.re.exec(line);
          if (m) add(s.cls, f.path, n, `scope ${m[1] ?? m[0]}`);
        }
      }
    }
    // Fields and columns of the records the file defines.
    for (const fld of fieldsOf(f, ls)) {
      const person = !!fld.record && PERSON_RECORD.test(fld.record.replace(/(model|entity|schema|table|record|dto|input|type)$/i, '').replace(/[_-]$/, '') || '');
      for (const h of classifyTokens(splitIdentifier(fld.name), 'field', person)) add(h.cls, f.path, fld.line, h.indicator);
    }
    // Identifiers in code, outside comments and strings; constants and environment names (ALL_CAPS) are settings.
    if (!CODE_LIKE.test(f.path) || CONFIG_LIKE.test(f.path)) continue;
    const hash = /\.(py|rb)$/i.test(f.path);
    const state: { block?: string } = {};
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue; // minified or data, not field names
      for (const id of codeIdentifiers(line, state, hash)) {
        if (id.length > 60 || id.length < 3) continue;
        if (/^[A-Z0-9_]+$/.test(id) && /[A-Z]/.test(id) && id.length > 3) continue;
        let got = codeCache.get(id);
        if (!got) {
          got = classifyTokens(splitIdentifier(id), 'code');
          if (codeCache.size < 100_000) codeCache.set(id, got);
        }
        for (const h of got) add(h.cls, f.path, n, h.indicator);
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
function isContactSafe(value: string): boolean {
  if (!looksSafe(value)) return false;
  if (/[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return false;
  if (/[^\s/@:]+:[^\s/@]*@/.test(value)) return false;
  return !containsCredential(value);
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

/** Each signal: its pattern (read per line), what it shows, and optionally a cheaper pattern a whole text is asked first. */
const SIGNALS: Record<'structuredLogs' | 'metrics' | 'requestIds', Array<[RegExp, string, RegExp?]>> = {
  structuredLogs: [
    [/\b(pino|winston|bunyan|structlog|loguru|logrus|zerolog|serilog)\b/, '$1'],
    [/python-json-logger|pythonjsonlogger|\bjsonlogger\b/, 'python-json-logger'],
    [/go\.uber\.org\/zap/, 'zap'],
    [/"log\/slog"/, 'slog'],
    [/\bJsonFormatter\b|\bJSONFormatter\b/, 'json formatter'],
    // `.*` over a whole text backtracks over every long line holding the first word: the text is asked the word alone.
    [/\blogging\b.*\bjson\b/i, 'logging with json', /\blogging\b/i],
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

const SIGNAL_KEYS = Object.keys(SIGNALS) as Array<keyof typeof SIGNALS>;

export function inferObservability(files: WorkspaceFile[]): { structuredLogs: Signal; metrics: Signal; requestIds: Signal } {
  const out = { structuredLogs: sig(), metrics: sig(), requestIds: sig() };
  for (const f of files) {
    if (!CODE_FILE.test(f.path) && !DEP_FILE.test(f.path)) continue;
    // The signals the whole text holds (none is anchored, none reads past a line: a line matches only where the text
    // does; a signal whose pattern could run long over a whole text is asked a word it needs): the lines are read, with
    // those signals only, in files that hold one (the URL-dense corpus: 124-166 -> 82-94 ms, the same evidence).
    const active: Array<[keyof typeof SIGNALS, Array<[RegExp, string, RegExp?]>]> = [];
    for (const key of SIGNAL_KEYS) {
      const held = SIGNALS[key].filter(([re, , hint]) => (hint ?? re).test(f.text));
      if (held.length) active.push([key, held]);
    }
    if (!active.length) continue;
    const ls = lines(f.text);
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue;
      for (const [key, held] of active) {
        for (const [re, ind] of held) {
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

const REGION_PLACE = /region|location|zone/i;
/** AWS_REGION and GCP_REGION without `g`: whether a text holds one. */
const AWS_REGION_IN = new RegExp(AWS_REGION.source);
const GCP_REGION_IN = new RegExp(GCP_REGION.source);

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
    // A line is read where it names a region's place, or, in infrastructure, holds a region: a text with neither has
    // no such line (the patterns read within a line), and its lines are not split.
    if (!REGION_PLACE.test(f.text) && !(infra && (AWS_REGION_IN.test(f.text) || GCP_REGION_IN.test(f.text)))) continue;
    const ls = lines(f.text);
    for (let n = 0; n < ls.length; n++) {
      const line = ls[n];
      if (line.length > 2000) continue;
      const named = REGION_PLACE.test(line);
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
  /**
   * What the whole text must hold for `re` to match one of its lines, when `re` itself could scan far from where it
   * starts over a whole file (a negated class with `*` runs from each quote to the next: quadratic there).
   */
  hint?: RegExp;
  /**
   * Literal words (lower case) of which every match of `re` holds one, read case-insensitively: a file holding none
   * is not read with `re` at all. All the rules' words are found in one pass over a file (`flowWordsIn`); no word
   * may start another (a test checks both).
   */
  words: string[];
}

const SOURCE_RULES: FlowRule[] = [
  { re: /\b(?:app|router|server|api|fastify)\.(?:get|post|put|patch|delete|all|route)\(\s*['"`]/, kind: 'http', name: 'HTTP handler', words: ['.get(', '.post(', '.put(', '.patch(', '.delete(', '.all(', '.route('] },
  { re: /@(?:app|bp|blueprint|router|api)\.(?:route|get|post|put|patch|delete)\(/, kind: 'http', name: 'HTTP handler', words: ['.route(', '.get(', '.post(', '.put(', '.patch(', '.delete('] },
  { re: /\bhttp\.createServer\(|\bexport\s+(?:async\s+)?function\s+(?:GET|POST|PUT|PATCH|DELETE)\b/, kind: 'http', name: 'HTTP handler', words: ['createserver(', 'function'] },
  { re: /webhooks\.constructEvent|\.construct_event\(|Webhook\.construct_event/, kind: 'webhook', name: 'Stripe webhook', words: ['constructevent', 'construct_event'] },
  { re: /['"`][^'"`]*\/webhooks?\b[^'"`]*['"`]/, hint: /\/webhooks?\b/, kind: 'webhook', name: 'Webhook endpoint', words: ['/webhook'] },
  { re: /\bapp\.(?:event|command|message|action|shortcut|view)\(/, kind: 'slack-event', name: 'Slack events', fileHas: /@slack\/bolt|slack_bolt/, words: ['app.event(', 'app.command(', 'app.message(', 'app.action(', 'app.shortcut(', 'app.view('] },
  { re: /spreadsheets\.values\.(?:get|batchGet)|\.get_all_records\(|\.get_all_values\(|\.worksheet\(|\.getSheetByName\(/, kind: 'spreadsheet', name: 'Google Sheets', words: ['spreadsheets.values.', '.get_all_records(', '.get_all_values(', '.worksheet(', '.getsheetbyname('] },
  { re: /ReceiveMessageCommand|\.receive_message\(|consumer\.subscribe\(|\.consume\(/, kind: 'queue', name: 'Message queue', words: ['receivemessagecommand', '.receive_message(', 'consumer.subscribe(', '.consume('] },
  // APScheduler's Python package is `apscheduler` (`from apscheduler.schedulers.blocking import BlockingScheduler`).
  { re: /\bcron\.schedule\(|node-cron|@Scheduled|APScheduler|\bapscheduler\.|\bschedule\.every\(/, kind: 'schedule', name: 'Scheduled job', words: ['cron', 'schedul'] },
];

const STORE_RULES: FlowRule[] = [
  { re: /\bpostgres(?:ql)?:\/\/|\b(?:require\(\s*['"]|from\s+['"])(?:pg|postgres)['"]|\bimport\s+psycopg2?\b|\bpsycopg2?\b\.connect/i, kind: 'database', name: 'PostgreSQL', words: ['postgres', "'pg'", '"pg"', `'pg"`, `"pg'`, 'psycopg'] },
  { re: /\b(?:mysql|mariadb):\/\/|\b(?:require\(\s*['"]|from\s+['"])mysql2?['"]|\bimport\s+(?:pymysql|mysql\.connector)\b/i, kind: 'database', name: 'MySQL', words: ['mysql', 'mariadb'] },
  { re: /\bmongodb(?:\+srv)?:\/\/|\b(?:require\(\s*['"]|from\s+['"])(?:mongoose|mongodb)['"]|\bimport\s+pymongo\b|\bfrom\s+pymongo\b/i, kind: 'database', name: 'MongoDB', words: ['mongo'] },
  { re: /\brediss?:\/\/|\b(?:require\(\s*['"]|from\s+['"])(?:redis|ioredis)['"]|\bimport\s+redis\b/, kind: 'cache', name: 'Redis', words: ['redis'] },
  { re: /\bsqlite3?\b|better-sqlite3/, kind: 'database', name: 'SQLite', words: ['sqlite'] },
  { re: /@prisma\/client|\bsequelize\b|\btypeorm\b|\bknex\b|\bsqlalchemy\b|\bflask_sqlalchemy\b|SQLALCHEMY_DATABASE_URI/i, kind: 'database', name: 'SQL database (ORM)', words: ['prisma', 'sequelize', 'typeorm', 'knex', 'sqlalchemy'] },
  { re: /DynamoDBClient|dynamodb|aws_dynamodb_table|AWS::DynamoDB::Table/i, kind: 'database', name: 'DynamoDB', words: ['dynamodb'] },
  { re: /firestore/i, kind: 'database', name: 'Firestore', words: ['firestore'] },
  { re: /PutObjectCommand|GetObjectCommand|\.putObject\(|\.put_object\(|\.upload_file\(|boto3\.(?:client|resource)\(\s*['"]s3['"]|aws_s3_bucket\b|AWS::S3::Bucket/, kind: 'object-storage', name: 'Amazon S3', words: ['putobjectcommand', 'getobjectcommand', '.putobject(', '.put_object(', '.upload_file(', 'boto3.', 'aws_s3_bucket', 'aws::s3::bucket'] },
  { re: /@google-cloud\/storage|from\s+google\.cloud\s+import\s+storage|google_storage_bucket\b/, kind: 'object-storage', name: 'Google Cloud Storage', words: ['@google-cloud/storage', 'google.cloud', 'google_storage_bucket'] },
  { re: /BlobServiceClient|azurerm_storage_account\b/, kind: 'object-storage', name: 'Azure Blob Storage', words: ['blobserviceclient', 'azurerm_storage_account'] },
  { re: /spreadsheets\.values\.(?:append|update|batchUpdate)|\.append_row\(|\.update_cell\(|\.appendRow\(/, kind: 'spreadsheet', name: 'Google Sheets', words: ['spreadsheets.values.', '.append_row(', '.update_cell(', '.appendrow('] },
];

const SINK_RULES: FlowRule[] = [
  { re: /chat\.postMessage|chat_postMessage|hooks\.slack\.com|\bsay\(/, kind: 'chat', name: 'Slack', fileHas: /slack/i, words: ['chat.postmessage', 'chat_postmessage', 'hooks.slack.com', 'say('] },
  { re: /nodemailer|@sendgrid\/mail|\bsendgrid\b|\bsmtplib\b|SendEmailCommand|send_email\(/, kind: 'email', name: 'Email', words: ['nodemailer', 'sendgrid', 'smtplib', 'sendemailcommand', 'send_email('] },
];

export const FLOW_RULES: readonly FlowRule[] = [...SOURCE_RULES, ...STORE_RULES, ...SINK_RULES];

let FLOW_WORDS: RegExp | undefined;
/**
 * The rules' words a text holds, lower case, found in one pass: the search starts again one character after each word
 * found, so a word inside or right after another is found too (no word starts another, so at most one matches at a
 * position). Replaces a scan of the whole text per rule (the URL-dense corpus: 171 ms for 21 of the 23 patterns). A
 * lookahead at every position (`(?=(a|b|...))`) found the same words in 75-80 ms; a plain alternation lets the
 * expression engine skip the positions where no word can start: 39-46 ms (the same sets for each of the corpus's files).
 */
export function flowWordsIn(text: string): Set<string> {
  const re = (FLOW_WORDS ??= new RegExp([...new Set(FLOW_RULES.flatMap((r) => r.words))].map(escapeRegExp).join('|'), 'gi'));
  const out = new Set<string>();
  matchesAtEveryStart(re, text, (m) => out.add(m.toLowerCase()));
  return out;
}

function applyFlowRules(files: WorkspaceFile[], rules: FlowRule[], wordsOf: (f: WorkspaceFile) => Set<string>): FlowItem[] {
  const items = new Map<string, FlowItem>();
  for (const f of files) {
    if (!CODE_FILE.test(f.path) && !INFRA.test(f.path)) continue;
    if (/(^|\/)package\.json$/.test(f.path)) continue;
    let ls: string[] | undefined;
    let words: Set<string> | undefined;
    for (const r of rules) {
      words ??= wordsOf(f);
      if (!r.words.some((w) => words!.has(w))) continue;
      if (r.fileHas && !r.fileHas.test(f.text)) continue;
      // A rule that matches no line does not match the whole text either (no rule is anchored to a line's ends):
      // the lines are looked at only in files where the whole text matches (or the rule's hint, where its pattern
      // could run far over a whole file).
      if (!(r.hint ?? r.re).test(f.text)) continue;
      ls ??= lines(f.text);
      const k = `${r.kind}|${r.name}`;
      for (let n = 0; n < ls.length; n++) {
        if (ls[n].length > 2000 || !r.re.test(ls[n])) continue;
        const it = items.get(k) ?? { kind: r.kind, name: r.name, origin: 'inferred' as const, evidence: [] };
        if (it.evidence!.length < 5) it.evidence!.push({ file: f.path, line: n + 1 });
        items.set(k, it);
        // Five lines are the evidence an item keeps: the rest of the file cannot add to it.
        if (it.evidence!.length >= 5) break;
      }
    }
  }
  return [...items.values()];
}

export function inferFlows(files: WorkspaceFile[]): { sources: FlowItem[]; stores: FlowItem[]; sinks: FlowItem[] } {
  // Each file's words found once for the three lists of rules.
  const found = new Map<WorkspaceFile, Set<string>>();
  const wordsOf = (f: WorkspaceFile): Set<string> => {
    let w = found.get(f);
    if (!w) found.set(f, (w = flowWordsIn(f.text)));
    return w;
  };
  return { sources: applyFlowRules(files, SOURCE_RULES, wordsOf), stores: applyFlowRules(files, STORE_RULES, wordsOf), sinks: applyFlowRules(files, SINK_RULES, wordsOf) };
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

/** Every pattern below needs one of these words: a file with none of them is not read line by line. */
const REVOCATION_HINT = /env|ENV|secrets|serviceAccountName|gserviceaccount|secretName|secretKeyRef|secretRef|resource|arn:aws:secretsmanager|ServiceAccount/;

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
    const dotenv = /(^|\/)\.env(\.[\w-]+)?$/.test(f.path);
    if (!dotenv && !REVOCATION_HINT.test(f.text)) continue;
    const ls = lines(f.text);
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
