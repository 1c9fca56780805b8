/**
 * Builds what the secret fixes need: the literal to replace, the reference
 * style that fits the place, and a good environment-variable name.
 */
import type { FileKind } from '../../formats/fileKind';
import { LineIndex } from '../../text';
import { toEnvName } from './envName';
import type { ReferenceStyle, SecretFixData } from './types';
import type { K8sEnvLiteral } from './k8sContext';

const GENERIC_KEYS = new Set([
  'token', 'key', 'secret', 'password', 'passwd', 'pwd', 'pass', 'value', 'apikey', 'api_key', 'auth', 'authorization',
  'url', 'uri', 'dsn', 'credential', 'credentials', 'data', 'default', 'bearer', 'headers', 'header',
]);

/** Name of the key a literal is assigned to, read from the text left of it (the last 200 characters). */
function keyBefore(lineTextBefore: string): string | undefined {
  const tail = lineTextBefore.length > 200 ? lineTextBefore.slice(-200) : lineTextBefore;
  const m = /(["']?)([A-Za-z_$@][\w$.@-]*)\1\]?\s*(?::=|=>|=|:)\s*[A-Za-z]{0,2}["'`]?$/.exec(tail);
  if (!m) return undefined;
  const key = m[2].split('.').pop()!;
  return key;
}

/** Env name from a secretlint messageId or a rule short name. */
export function envNameFromKind(ruleId: string, messageId?: string): string {
  const short = ruleId.replace(/^secretlint\//, '').replace(/^secret\//, '');
  if (short === 'database-connection-string') return 'DATABASE_URL';
  if (messageId === 'IncomingWebhook') return 'SLACK_WEBHOOK_URL';
  if (messageId === 'PrivateKeyJSON' || messageId === 'PrivateKeyP12') return 'GCP_SERVICE_ACCOUNT_KEY';
  if (short === 'basicauth') return 'SERVICE_URL';
  if (messageId && /^[A-Z][A-Z0-9_]+$/.test(messageId)) return messageId;
  if (messageId) return toEnvName(messageId);
  return toEnvName(`${short}_token`);
}

let quoteMemo: { text: string; backticks: number[]; triples: number[] } | undefined;

/**
 * Offsets of unescaped backticks and of triple quotes in a text, found once
 * per text: every finding of a document asks whether its line starts inside
 * a multi-line string.
 */
function multilineQuotes(text: string): { backticks: number[]; triples: number[] } {
  if (quoteMemo?.text !== text) {
    quoteMemo = {
      text,
      backticks: [...text.matchAll(/(?<!\\)`/g)].map((m) => m.index!),
      triples: [...text.matchAll(/"""|\'\'\'/g)].map((m) => m.index!),
    };
  }
  return quoteMemo;
}

/** How many tokens of `length` at sorted `offsets` lie wholly inside [from, to). */
function countIn(offsets: number[], from: number, to: number, length: number): number {
  const firstAtOrAfter = (x: number) => {
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (offsets[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return Math.max(0, firstAtOrAfter(to - length + 1) - firstAtOrAfter(from));
}

/**
 * The string literal around [start, end), found by scanning the start line
 * from its beginning (so an apostrophe in an earlier string does not fool
 * it): its opening quote on the start line (with a string prefix such as
 * Python's b/r/f/u, triple quotes recognised) and its closing quote on the
 * end line. `delimited` is false when no enclosing literal was found: the
 * secret is bare (YAML, .env, a comment) or inside a string that began on an
 * earlier line.
 */
function literalAround(text: string, start: number, end: number): [number, number, boolean] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  // A multi-line string (template literal, triple quotes) that is still open at the line start.
  const q = multilineQuotes(text);
  const windowStart = Math.max(0, lineStart - 200_000);
  if (countIn(q.backticks, windowStart, lineStart, 1) % 2 === 1 || countIn(q.triples, windowStart, lineStart, 3) % 2 === 1) {
    return [start, end, false];
  }
  let quote = '';
  let open = -1;
  for (let k = lineStart; k < start; k++) {
    const c = text[k];
    if (quote) {
      if (c === '\\') k++;
      else if (text.startsWith(quote, k)) {
        k += quote.length - 1;
        quote = '';
      }
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c !== '`' && text[k + 1] === c && text[k + 2] === c ? c + c + c : c;
      open = k;
      k += quote.length - 1;
    } else if ((c === '#' && (k === lineStart || /\s/.test(text[k - 1]))) || (c === '/' && text[k + 1] === '/')) {
      // a comment runs to the end of the line: the secret is not in a string
      return [start, end, false];
    }
  }
  if (!quote) return [start, end, false];
  let close = -1;
  for (let j = end; j < lineEnd; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text.startsWith(quote, j)) {
      close = j + quote.length;
      break;
    }
  }
  if (close < 0) return [start, end, false];
  let from = open;
  const prefix = /[bBrRuUfF]{1,2}$/.exec(text.slice(Math.max(lineStart, open - 2), open));
  if (prefix && !/[\w$]/.test(text[open - prefix[0].length - 1] ?? '')) from = open - prefix[0].length;
  return [from, close, true];
}

const CODE_STYLES = new Set(['js', 'python', 'go', 'java', 'ruby', 'csharp', 'php']);

export function buildSecretFixData(
  path: string,
  text: string,
  index: LineIndex,
  kind: FileKind,
  start: number,
  end: number,
  secretKind: string,
  fallbackEnvName: string,
  k8s: K8sEnvLiteral[],
  keyHint?: string,
): SecretFixData {
  const inEnv = k8s.find((e) => start >= e.valueStart && end <= e.valueEnd);
  if (inEnv) {
    const envName = toEnvName(inEnv.envName);
    return {
      kind: 'secret',
      secretKind,
      envName,
      replaceRange: index.range(inEnv.valueStart, inEnv.valueEnd),
      style: 'k8s-env',
      k8sValueRange: index.range(inEnv.entryStart, inEnv.entryEnd),
      k8sIndent: ' '.repeat(inEnv.indent),
      k8sSecretName: `${inEnv.workloadName}-secrets`,
    };
  }
  const [ls, le, delimited] = kind === 'dotenv' ? [start, end, false] : literalAround(text, start, end);
  const startPos = index.positionAt(ls);
  const lineText = index.lineText(startPos.line);
  const before = lineText.slice(0, startPos.character);
  // When the secret is only part of a longer string ("Here's the token: xoxb-..."), the key names the string, not the secret.
  const partial = delimited && le - ls - (end - start) > 8;
  const key = partial ? undefined : keyHint ?? keyBefore(before);
  let envName = fallbackEnvName;
  if (key && key.length >= 3 && !GENERIC_KEYS.has(key.toLowerCase())) envName = toEnvName(key);
  else if (key && kind === 'yaml') {
    // `openai:\n  api_key: ...` -> OPENAI_API_KEY
    const parent = yamlParentKey(index, startPos.line);
    if (parent) envName = toEnvName(`${parent}_${key}`);
  } else if (key && envName === toEnvName(key)) {
    // `new OpenAI({ apiKey: "..." })` -> OPENAI_API_KEY
    const ctor = /new\s+([A-Z][A-Za-z0-9]*)\s*\(\s*\{?[^()]*$/.exec(text.slice(Math.max(0, ls - 300), ls));
    // OpenAI -> OPENAI (a trailing acronym is part of the brand), WebClient -> WEB_CLIENT
    if (ctor) envName = toEnvName(`${/^[A-Z][a-z]+[A-Z]{2,}$/.test(ctor[1]) ? ctor[1].toUpperCase() : ctor[1]}_${key}`);
  }
  const data: SecretFixData = {
    kind: 'secret',
    secretKind,
    envName,
    replaceRange: index.range(ls, le),
    style: kind === 'yaml' && isWorkflowFile(path) ? 'gha' : referenceStyle(kind),
  };
  // In code, a reference is only written in place of a whole, known string literal.
  if (CODE_STYLES.has(data.style) && !delimited) data.noReference = true;
  if (['go', 'csharp', 'java'].includes(data.style) && /(^|\s)const\s/.test(lineText)) data.noReference = true; // a constant needs a constant
  // A fallback next to an environment lookup: remove the fallback, keep the lookup (only when it ends the expression).
  const after = text.slice(le, Math.min(text.length, le + 40));
  const endsExpression = /^\s*([;),}\]]|$|\n|\r)/.test(after);
  const js = /(process\.env\.([A-Za-z_]\w*)|process\.env\[["']([A-Za-z_]\w*)["']\])\s*(?:\|\||\?\?)\s*$/.exec(before);
  const py = /((?:os\.getenv|os\.environ\.get|getenv|ENV\.fetch)\(\s*["']([A-Za-z_]\w*)["'])\s*,\s*$/.exec(before);
  if (js && kind === 'js' && endsExpression) {
    const name = js[2] ?? js[3];
    const from = index.offsetAt({ line: startPos.line, character: js.index });
    data.fallback = { range: index.range(from, le), newText: `process.env.${name}` };
    data.envName = name;
  } else if (py && /^\s*\)/.test(after)) {
    const name = py[2];
    const from = index.offsetAt({ line: startPos.line, character: py.index + py[1].length });
    data.fallback = { range: index.range(from, le), newText: '' };
    data.envName = name;
  }
  return data;
}

/** GitHub Actions workflows and composite actions. */
function isWorkflowFile(p: string): boolean {
  return /[\\/]\.github[\\/](workflows|actions)[\\/]/.test(p) || /(^|[\\/])action\.ya?ml$/.test(p);
}

/** The key of the enclosing YAML mapping (the nearest less-indented `key:` line above). */
function yamlParentKey(index: LineIndex, line: number): string | undefined {
  const indentOf = (t: string) => /^\s*/.exec(t)![0].length;
  const own = indentOf(index.lineText(line));
  if (own === 0) return undefined;
  for (let l = line - 1; l >= 0; l--) {
    const t = index.lineText(l);
    if (!t.trim() || /^\s*#/.test(t)) continue;
    if (indentOf(t) < own) {
      const m = /^\s*(?:-\s+)?([A-Za-z_][\w.-]*)\s*:\s*(#.*)?$/.exec(t);
      return m ? m[1] : undefined;
    }
  }
  return undefined;
}

/** The reference style a secret literal in this kind of file is replaced by. */
function referenceStyle(kind: FileKind): ReferenceStyle {
  switch (kind) {
    case 'js':
      return 'js';
    case 'python':
      return 'python';
    case 'go':
      return 'go';
    case 'java':
    case 'kotlin':
      return 'java';
    case 'ruby':
      return 'ruby';
    case 'csharp':
      return 'csharp';
    case 'php':
      return 'php';
    case 'shell':
      return 'shell';
    case 'dockerfile':
      return 'dockerfile';
    case 'yaml':
    case 'toml':
    case 'properties':
    case 'ini':
      return 'yaml';
    case 'json':
    case 'jsonc':
      return 'json';
    case 'terraform':
      return 'terraform';
    case 'dotenv':
      return 'dotenv';
    default:
      return 'none';
  }
}
