/**
 * Shared judgement of "is this name a credential name" and "does this value
 * look like a real secret rather than a placeholder, hash, id or reference".
 * The negative list is taken from what users of generic secret scanners
 * complain about most: UUIDs, commit SHAs, lock-file integrity hashes, data
 * URIs, keybindings, camelCase identifiers, template references and
 * documented example keys.
 */
import type { FileKind } from '../../formats/fileKind';
import { looksLikePlaceholderToken } from './providers/placeholder';
import { knownExample } from './data/knownExamples';

export type CredentialNameKind = 'password' | 'token' | 'authorization';

const PASSWORD_SUFFIX = /(password|passwd|passphrase|pwd|dbpass|pass)$/;
const TOKEN_SUFFIX =
  /(secret|token|apikey|accesskey|secretkey|privatekey|signingkey|encryptionkey|masterkey|authkey|clientkey|appkey|servicekey|licensekey|webhookkey|credential|credentials|connectionstring|sastoken|accountkey|secretkeybase|hmackey|sessionkey|jwtkey|cookiekey|adminkey|rootkey)$/;
/** `<PROVIDER>_KEY`: names of services whose keys micro-apps embed. */
const PROVIDER_KEY =
  /(openai|anthropic|claude|gemini|cohere|groq|mistral|deepseek|replicate|huggingface|hf|pinecone|stripe|paypal|braintree|square|plaid|twilio|sendgrid|mailgun|mailchimp|postmark|resend|brevo|algolia|mapbox|firebase|supabase|pusher|airtable|notion|hubspot|shopify|slack|discord|telegram|github|gitlab|cloudflare|datadog|newrelic|sentry|segment|mixpanel|amplitude|clerk|auth0|okta|aws|azure|gcp|google|linear|vercel|netlify|heroku|digitalocean)key$/;
const NOT_CREDENTIAL =
  /(pagetoken|nexttoken|continuationtoken|csrftoken|xsrftoken|maxtoken|tokentype|publickey|secretname|secretref|tokenurl|tokenendpoint|passwordpolicy|passwordfield|passwordlabel|passwordhint|passwordlength|secretkeyref|keyref|tokenizer|passwordhash|hashedpassword|passworddigest|existingsecret|existingsecretname|passwordregex|passwordpattern|compass|bypass|surpass|trespass|encompass)$/;

/**
 * Names of values that are public by design (shipped to every browser):
 * analytics project tokens, captcha site keys, publishable and anon keys.
 */
const PUBLIC_NAME =
  /((mixpanel|posthog|amplitude|heap|hotjar|fullstory|logrocket|plausible|clarity|pendo|gtag|googleanalytics)(project)?(token|apikey|key|writekey|clienttoken)|projectapikey|(recaptcha|hcaptcha|turnstile|captcha)?sitekey|publishablekey|publishabletoken|publictoken|publicapikey|anonkey|anonymouskey|rumclienttoken|browserclienttoken)$/;

/** Classifies a key name; undefined when it does not name a credential. */
const NAME_SUFFIX = /[_.-]?(\d+|v\d+|prod|production|dev|development|staging|stage|test|live|old|new|primary|secondary|backup|local|default)$/i;

export function credentialNameKind(key: string): CredentialNameKind | undefined {
  // DB_PASSWORD_2, SLACK_TOKEN_PROD, token_v2, password2: look past one or two qualifiers.
  let base = key;
  for (let i = 0; i < 2 && NAME_SUFFIX.test(base) && base.replace(NAME_SUFFIX, '').length >= 3; i++) base = base.replace(NAME_SUFFIX, '');
  const norm = base.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!norm || norm.length > 80) return undefined;
  if (NOT_CREDENTIAL.test(norm) || PUBLIC_NAME.test(norm)) return undefined;
  if (norm === 'authorization' || norm.endsWith('authorization') || norm === 'auth' || norm.endsWith('authheader')) return 'authorization';
  if (PASSWORD_SUFFIX.test(norm)) {
    // "pass" alone is too ambiguous unless it is a whole word (db_pass, smtpPass).
    if (norm.endsWith('pass') && !/(^|[^a-z])pass$/i.test(base.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))) return undefined;
    return 'password';
  }
  if (TOKEN_SUFFIX.test(norm) || PROVIDER_KEY.test(norm)) return 'token';
  return undefined;
}

const PLACEHOLDER_WORDS =
  /(changeme|change[_-]?me|change[_-]?this|replace[_-]?me|placeholder|your[_-]?[a-z0-9_-]{0,24}?(key|token|secret|password|pass)|[_-]here$|example|redacted|notasecret|not[_-]?a[_-]?secret|\*\*\*|\.\.\.|<[^>]*>|^none$|^null$|^nil$|^undefined$|^true$|^false$|^password$|^secret$|^token$|^test$|^testing$|^default$|^admin$|^root$|^empty$|^string$|^value$|^required$|^optional$|^tbd$|^n\/a$|^bar$|^baz$)/i;
/** Weaker words count only as whole words: "todo-fill-in", "FAKE_KEY" are placeholders; a random "…ToDo…" inside a token is not. */
const PLACEHOLDER_WHOLE_WORDS = /(^|[^A-Za-z0-9])(todo|fixme|tbd|sample|dummy|fake|mock|foo|insert)(?=[^A-Za-z]|$)/i;

const BASE64_RUN = /^[A-Za-z0-9+/]{30,}={0,2}$/;

/** Documented example credentials (AWS docs and others). */
const DOCUMENTED_EXAMPLES = [
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMIT_SHA = /^[0-9a-f]{40}$/i;
const SHORT_SHA = /^[0-9a-f]{7,12}$/i;
const INTEGRITY = /^(sha1|sha256|sha384|sha512|md5)-[A-Za-z0-9+/=]+$/;
const DATA_URI = /^data:[\w/+.-]*(;[\w=.-]+)*(;base64)?,/i;
const KEYBINDING = /^((ctrl|cmd|command|alt|shift|meta|super|option|opt|win|control)\s*\+\s*)+[\w\[\]\-=;',./`\\]+$/i;
const TEMPLATE_REF =
  /(\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|\{%[^%]*%\}|%\([^)]*\)s|(?<![A-Za-z0-9])%[sd](?![A-Za-z0-9])|^\$[A-Za-z_][A-Za-z0-9_]*$|^\$\{?[A-Z_]+|^%[A-Z_]+%$|^\$\{|\\\$\\\{|process\\?\.env|os\.environ|os\.getenv|System\.getenv|ENV\[|getenv\(|secretKeyRef|valueFrom|^arn:|^projects\/|^ref\+|^vault:|^op:\/\/|^sm:\/\/|^awssm:|^gcpsm:|^azkv:|^secret:\/\/|^!Ref|^!Sub|^!GetAtt|^\{\{resolve:)/;
const ENV_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const CAMEL_IDENT = /^[a-z]+([A-Z][a-z0-9]+)+$/;
const DOTTED_KEY = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+){1,}$/i;
const PATHLIKE = /^(\.{0,2}\/|~\/|[A-Za-z]:\\|\/)[^\s]*$/;
const URL_NO_CREDS = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+(:\d+)?(\/[^\s]*)?$/i;
const NUMERIC = /^[0-9.,_:-]+$/;
const SEMVER = /^v?\d+\.\d+(\.\d+)?([-+][\w.-]+)?$/;
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/i;
const HEX_COLOR = /^#[0-9a-f]{3,8}$/i;

/** camelCase words ("slackBotToken"), not random text that happens to alternate case. */
function isCamelIdentifier(v: string): boolean {
  if (!CAMEL_IDENT.test(v)) return false;
  const segments = v.split(/(?=[A-Z])/);
  const digits = (v.match(/[0-9]/g) ?? []).length;
  // Words: few of them, each at least three letters (the first at least two), hardly any digits.
  // The last word may have two letters (…ExpiresAt, …RecordId, …SignedBy).
  const inner = segments.slice(1, -1);
  const last = segments[segments.length - 1];
  return segments.length <= 6 && segments[0].length >= 2 && inner.every((w) => w.length >= 3) && last.length >= 2 && digits <= 1;
}

export interface ValueJudgement {
  secret: boolean;
  reason: string;
}

function charClasses(v: string): number {
  let n = 0;
  if (/[a-z]/.test(v)) n++;
  if (/[A-Z]/.test(v)) n++;
  if (/[0-9]/.test(v)) n++;
  if (/[^A-Za-z0-9]/.test(v)) n++;
  return n;
}

/** Strips an auth scheme ("Bearer ", "Basic ", "token ") from a header value. */
export function stripAuthScheme(value: string): { scheme: string; rest: string } {
  const m = /^(bearer|basic|token|bot|apikey|api-key|key)\s+/i.exec(value);
  if (!m) return { scheme: '', rest: value };
  return { scheme: m[0], rest: value.slice(m[0].length) };
}

/** A template or variable reference rather than a literal (`{{ .Values.x }}`, `${DB_PASSWORD}`, `#{pass}`). */
export function isTemplateReference(value: string, kind?: FileKind): boolean {
  const v = value.trim();
  return TEMPLATE_REF.test(v) || literalParts(v, kind) !== undefined;
}

/**
 * A placeholder or a reference, not a value (used on what provider rules
 * match, whose shapes may legitimately be UUIDs or hex).
 */
export function isPlaceholderValue(value: string): boolean {
  return placeholderReason(value) !== undefined;
}

/** Why a value is a placeholder or a reference rather than a value; undefined when it is neither. */
function placeholderReason(value: string): string | undefined {
  const v = value.trim();
  if (v.length === 0) return 'empty';
  if (TEMPLATE_REF.test(v)) return 'reference';
  if (DOCUMENTED_EXAMPLES.includes(v) || /EXAMPLE/.test(v)) return 'documented example';
  // In a long base64 value "/" and "+" are random characters, not word boundaries ("…C/Tbd2hQ" is a key).
  const wholeWords = !BASE64_RUN.test(v) && PLACEHOLDER_WHOLE_WORDS.test(v);
  if (PLACEHOLDER_WORDS.test(v) || wholeWords || /(^|[^A-Za-z0-9])(x{3,}|X{3,})|x{6,}|X{6,}|0{7,}/.test(v)) return 'placeholder';
  if (/^(.)\1+$/.test(v)) return 'repeated character';
  // SOPS-encrypted values: ENC[AES256_GCM,data:...,iv:...,tag:...,type:str].
  if (/^ENC\[(AES256_GCM|PGP),/.test(v)) return 'encrypted (SOPS)';
  // 1234-1234-1234-...: one group typed again and again.
  if (repeatedGroups(v)) return 'placeholder';
  return undefined;
}

/** The same group of three or more letters or digits at least three times between separators. */
function repeatedGroups(v: string): boolean {
  if (!/[-_.:]/.test(v)) return false;
  const counts = new Map<string, number>();
  for (const p of v.split(/[-_.:]+/)) {
    if (p.length < 3) continue;
    const n = (counts.get(p) ?? 0) + 1;
    if (n >= 3) return true;
    counts.set(p, n);
  }
  return false;
}

/** A JWT whose payload says role "anon" (Supabase's public anon key). */
function isAnonJwt(v: string): boolean {
  const m = /^eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+$/.exec(v);
  if (!m) return false;
  try {
    const payload = JSON.parse(Buffer.from(m[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as { role?: string };
    return payload.role === 'anon';
  } catch {
    return false;
  }
}

/** Things that are never secrets, whatever the key says. */
export function isNeverSecret(value: string): string | undefined {
  const placeholder = placeholderReason(value);
  if (placeholder) return placeholder;
  const v = value.trim();
  if (UUID.test(v)) return 'uuid';
  if (COMMIT_SHA.test(v)) return 'commit sha';
  if (INTEGRITY.test(v)) return 'integrity hash';
  if (DATA_URI.test(v)) return 'data uri';
  if (KEYBINDING.test(v)) return 'keybinding';
  if (NUMERIC.test(v)) return 'number';
  if (SEMVER.test(v)) return 'version';
  if (HEX_COLOR.test(v)) return 'colour';
  if (/^(var|calc|rgba?|hsla?|url)\(/.test(v)) return 'css value';
  // Publishable keys, meant for browsers: Stripe pk_, Mapbox public tokens.
  if (/^pk_(live|test)_/.test(v) || /^pk\.eyJ/.test(v)) return 'publishable key';
  // Model and repository names: sentence-transformers/all-MiniLM-L6-v2, org/repo.
  if (/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(v) && /[-.]/.test(v) && !/[+=]/.test(v)) return 'a name with a slash';
  if (isAnonJwt(v)) return 'anonymous-role JWT (public by design)';
  if (/^\$(2[abxy]?|argon2(id|i|d)|scrypt|pbkdf2[-_\w]*)\$/.test(v)) return 'password hash';
  return undefined;
}

/** What is known about the place a value sits in; every field is optional. */
export interface ValueContext {
  /** The name the value is assigned to (`DB_PASSWORD`, `clientSecret`). */
  key?: string;
  /** The file's path: values in test files that say they are fake are fake. */
  path?: string;
  /** The file's kind: which interpolation syntax applies. */
  kind?: FileKind;
  /** Text right before and after the value on its line (placeholder wrappers, masking). */
  before?: string;
  after?: string;
}

/** Test, spec, fixture and mock files and folders. */
export function isTestPath(p: string | undefined): boolean {
  if (!p) return false;
  const s = p.replace(/\\/g, '/');
  return (
    /(^|\/)(tests?|__tests__|spec|specs|testdata|test-data|test_data|fixtures?|__fixtures__|mocks?|__mocks__|e2e|testing|cypress|playwright)\//i.test(s) ||
    /[._-](test|tests|spec|specs|fixture|mock|stories)\.[A-Za-z0-9]+$/i.test(s) ||
    /(^|\/)test_[^/]*\.py$/i.test(s) ||
    /(^|\/)conftest\.py$/i.test(s)
  );
}

/** Words that say a value is not real, as a word of the value (fake-token, invalidSecret, TEST_KEY). */
const FAKE_WORDS = new Set([
  'invalid', 'fake', 'fakes', 'dummy', 'example', 'examples', 'test', 'tests', 'testing', 'sample', 'samples', 'mock', 'mocked', 'bogus',
  'stub', 'stubbed', 'demo', 'wrong', 'incorrect', 'expired', 'revoked', 'fixture', 'placeholder', 'unused', 'nonexistent', 'foobar',
]);
/** A word that says a value is not real (`fake`, `dummy`, `test`, ...). */
export function isFakeWord(word: string): boolean {
  return FAKE_WORDS.has(word.toLowerCase());
}

/** Inside a test file, these anywhere in the value are enough. */
export const FAKE_IN_TESTS = /invalid|fake|dummy|example|test|sample|mock|bogus|stub|wrong|incorrect|expired|revoked|fixture|placeholder|nonexist/i;

/** The words of an identifier or value: snake, kebab, dotted and camelCase parts, lower-cased. */
export function wordsOf(s: string): string[] {
  return s
    .split(/[^A-Za-z0-9]+/)
    .flatMap((w) => w.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/))
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const KEY_QUALIFIERS = new Set(['prod', 'production', 'dev', 'development', 'staging', 'stage', 'test', 'live', 'old', 'new', 'primary', 'secondary', 'backup', 'local', 'default', 'app', 'my', 'the']);
const OWNER_WORDS = /^(my|your|our|the|some|sample|example|dummy|fake|test)$/;

/**
 * The value says it is fake: a fake word among its words (anywhere in it in
 * test files), or it repeats its own variable's name (`client_secret:
 * my-client-secret`, `API_KEY=api-key`, `password: "my-password"`).
 */
export function fakeValueReason(value: string, ctx: ValueContext = {}): string | undefined {
  const words = wordsOf(value);
  if (words.some((w) => FAKE_WORDS.has(w))) return 'says it is fake';
  if (isTestPath(ctx.path) && FAKE_IN_TESTS.test(value)) return 'says it is fake (test file)';
  if (ctx.key) {
    const kw = wordsOf(ctx.key).filter((w) => !KEY_QUALIFIERS.has(w) && !/^\d+$/.test(w));
    if (kw.length && words.length) {
      const k = kw.join('');
      const v = words.join('');
      if (k.length >= 4 && v.includes(k)) return 'repeats its own name';
      // "my-db-password", "test_api_key": an owner word, then only the name's own words (and numbers).
      if (OWNER_WORDS.test(words[0]) && /^[A-Za-z][A-Za-z0-9_.-]*$/.test(value) && words.length > 1 && words.slice(1).every((w) => kw.includes(w) || /^\d+$/.test(w))) return 'repeats its own name';
    }
  }
  return undefined;
}

/** Interpolation that every language of a kind shares, plus Python/C# fields, Ruby, Go templates and printf verbs. */
const INTERPOLATION =
  /\$\{[^}]*\}|#\{[^}]*\}|\{\{[^}]*\}\}|\{%[^%]*%\}|<%=?[^%]*%>|\{[A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:![rsa])?(?::[^{}]*)?\}|\{\d*\}|%\([A-Za-z_]\w*\)[sdrf]|(?<![A-Za-z0-9])%[-+ 0#]?\d*(?:\.\d+)?[sdvqrf](?![A-Za-z0-9])/g;
/** `$name` inside a string interpolates in shell, Dockerfiles, PHP, Perl, Kotlin, Groovy and Compose files. */
const DOLLAR_VAR = /\$[A-Za-z_]\w*/g;
const DOLLAR_KINDS = new Set<FileKind>(['shell', 'dockerfile', 'php', 'kotlin']);
/**
 * Elsewhere (plain YAML, .env read with or without dotenv-expand, text) only an
 * environment-style `$NAME` is taken as a reference: `$` inside a random
 * password (`pR7#Lq2$wN5tZx8V`) is a character of it.
 */
const DOLLAR_ENV = /\$[A-Z_][A-Z0-9_]*(?![a-z])/g;
const DOLLAR_ENV_KINDS = new Set<FileKind>(['dotenv', 'yaml', 'text']);

/** Docker Compose files, which interpolate `$name` in every value. */
export function isComposePath(p: string | undefined): boolean {
  return !!p && /(^|[\\/])(docker-)?compose(\.[\w-]+)*\.ya?ml$/i.test(p);
}

/**
 * The literal parts of an interpolated string, or undefined when the value
 * has no interpolation (`f"Bearer {token}"`, `"#{user}:#{pass}"`, `"$HOME/x"`).
 */
export function literalParts(value: string, kind?: FileKind, path?: string): string[] | undefined {
  let parts = value.split(INTERPOLATION);
  if (kind && (DOLLAR_KINDS.has(kind) || (kind === 'yaml' && isComposePath(path)))) parts = parts.flatMap((p) => p.split(DOLLAR_VAR));
  else if (kind && DOLLAR_ENV_KINDS.has(kind)) parts = parts.flatMap((p) => p.split(DOLLAR_ENV));
  return parts.length > 1 ? parts : undefined;
}

const HOST_PORT = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\]):\d{1,5}(?:\/[\w.-]*)?(?:,(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*):\d{1,5})*$/;
const URL_USER_NO_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+@[^\s@]+$/i;
const KV_CONNECTION = /^\s*[A-Za-z][\w .]*=[^;]*(?:;\s*[A-Za-z][\w .]*=[^;]*)+;?\s*$/;
const FILE_EXT = /\.[A-Za-z][A-Za-z0-9]{0,7}$/;

/** Shapes that are never credentials: relative paths, host:port lists, URLs and connection strings without a password. */
export function notCredentialShape(v: string): string | undefined {
  if (HOST_PORT.test(v) && /[A-Za-z]/.test(v.split(':')[0]) || /^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(v)) return 'host:port';
  if (URL_USER_NO_PASSWORD.test(v)) return 'url without a password';
  if (KV_CONNECTION.test(v) && !/(^|;)\s*(password|pwd|pass|accountkey|sharedaccesskey|secret|token|apikey)\s*=/i.test(v)) return 'connection string without a password';
  // Relative paths without ./ (certs/server.key, config/secrets.yml): word-like segments, or a file extension at the end.
  if (/^(?:[\w@.-]+\/)+[\w@.-]*$/.test(v) && !/\/\//.test(v)) {
    const segs = v.split('/').filter(Boolean);
    const wordy = (seg: string) => /^[a-z0-9_.@-]+$/.test(seg) || /^[A-Z0-9_.@-]+$/.test(seg) || /^[A-Z]?[a-z]+(?:[A-Z][a-z]+)*$/.test(seg);
    if (segs.length >= 2 && (FILE_EXT.test(segs[segs.length - 1]) && segs.slice(0, -1).every(wordy) || segs.every(wordy))) return 'relative path';
  }
  return undefined;
}

/**
 * A provider-shaped token that is a placeholder: judged on the whole token
 * run and its surroundings (masking that continues it, `<your-…>`, `{{ }}`,
 * `${ }`), on words inside it, and on documented example keys.
 */
export function isPlaceholderToken(token: string, before = '', after = '', prefixLength = 0): boolean {
  return looksLikePlaceholderToken(token, before, after, { prefixLength }) || isPlaceholderValue(token);
}

/**
 * Judges a value assigned to a credential name: the one judgement of "is
 * this value a credential" that generic credentials, Kubernetes env values
 * and Kubernetes Secret data share. `entropyThreshold` is in bits per
 * character (default 3.0).
 */
export function judgeCredentialValue(
  rawValue: string,
  kind: CredentialNameKind,
  entropyThreshold = 3.0,
  ctx: ValueContext = {},
): ValueJudgement {
  let value = rawValue.trim();
  if (kind === 'authorization') {
    const s = stripAuthScheme(value);
    if (!s.scheme && !/^[A-Za-z0-9+/=_.-]{20,}$/.test(value)) return { secret: false, reason: 'not a credential' };
    value = s.rest;
  }
  const parts = literalParts(value, ctx.kind, ctx.path);
  if (parts) {
    // The literal part alone is not a secret, unless one part is a whole credential by itself.
    const whole = parts.some((p) => p.length >= 20 && judgeCredentialValue(p, 'token', entropyThreshold, { ...ctx, kind: undefined }).secret);
    if (!whole) return { secret: false, reason: 'interpolated' };
  }
  const fake = fakeValueReason(value, ctx);
  if (fake) return { secret: false, reason: fake };
  const known = knownExample(value);
  if (known) return { secret: false, reason: `a published example (${known.provider})` };
  const judged = judgeShape(value, kind, entropyThreshold);
  if (!judged.secret) return judged;
  if (looksLikePlaceholderToken(value, ctx.before ?? '', ctx.after ?? '', { symbols: true })) return { secret: false, reason: 'placeholder' };
  return judged;
}

function judgeShape(value: string, kind: CredentialNameKind, entropyThreshold: number): ValueJudgement {
  const never = isNeverSecret(value);
  if (never) return { secret: false, reason: never };
  if (/\s/.test(value)) return { secret: false, reason: 'prose' };
  if (ENV_NAME.test(value)) return { secret: false, reason: 'environment variable name' };
  if (isCamelIdentifier(value)) return { secret: false, reason: 'identifier' };
  if (DOTTED_KEY.test(value) && !/[0-9]/.test(value)) return { secret: false, reason: 'dotted key' };
  if (PATHLIKE.test(value)) return { secret: false, reason: 'path' };
  if (URL_NO_CREDS.test(value)) return { secret: false, reason: 'url' };
  const shape = notCredentialShape(value);
  if (shape) return { secret: false, reason: shape };
  if (MIME.test(value) && value.length < 40) return { secret: false, reason: 'mime type' };
  if (value.length > 4096) return { secret: false, reason: 'too long' };
  // Translations and labels ("Passwort", "Zugangsschlüssel", "¿Olvidaste?"): secrets are ASCII, words are not secrets.
  if (/[^\x00-\x7f]/.test(value)) return { secret: false, reason: 'natural-language text' };
  if (/^[A-Z]?[a-z]+$/.test(value)) return { secret: false, reason: 'a word' };
  // Resource names in Helm values and manifests (existingSecret: my-app-credentials).
  if (kind === 'token' && /^[a-z][a-z0-9]*([-_.][a-z0-9]+)+$/.test(value) && value.split(/[-_.]/).every((w) => w.length <= 12 && !/\d.*\d.*\d/.test(w))) {
    return { secret: false, reason: 'resource name' };
  }
  const classes = charClasses(value);
  const entropy = shannonEntropy(value);
  if (kind === 'password') {
    if (value.length < 6) return { secret: false, reason: 'too short' };
    if (SHORT_SHA.test(value) && value.length < 12) return { secret: false, reason: 'short sha' };
    if (classes < 2 && entropy < entropyThreshold + 0.5) return { secret: false, reason: 'dictionary-like' };
    return { secret: true, reason: 'password literal' };
  }
  if (value.length < 12) return { secret: false, reason: 'too short' };
  if (classes < 2 && !/^[0-9a-f]+$/i.test(value)) return { secret: false, reason: 'single character class' };
  if (entropy < entropyThreshold) return { secret: false, reason: 'low entropy' };
  return { secret: true, reason: 'high-entropy literal' };
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = s.length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}
