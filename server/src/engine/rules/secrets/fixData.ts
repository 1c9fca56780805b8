/**
 * Builds what the secret fixes need: the literal to replace, the reference
 * style that fits the place, and a good environment-variable name.
 */
import type { FileKind } from '../../formats/fileKind';
import { referenceStyle } from '../../formats/fileKind';
import { LineIndex, toEnvName } from '../../text';
import type { SecretFixData } from '../../types';
import type { K8sEnvLiteral } from './k8sContext';

const GENERIC_KEYS = new Set([
  'token', 'key', 'secret', 'password', 'passwd', 'pwd', 'pass', 'value', 'apikey', 'api_key', 'auth', 'authorization',
  'url', 'uri', 'dsn', 'credential', 'credentials', 'data', 'default', 'bearer', 'headers', 'header',
]);

/** Name of the key a literal is assigned to, read from the text left of it. */
export function keyBefore(lineTextBefore: string): string | undefined {
  const m = /(["']?)([A-Za-z_$@][\w$.@-]*)\1\]?\s*(?::=|=>|=|:)\s*[A-Za-z]?["'`]?$/.exec(lineTextBefore);
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

/** Finds the quotes around [start, end) on the same lines; falls back to the value itself. */
export function literalAround(text: string, start: number, end: number): [number, number] {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  for (let i = start - 1; i >= lineStart; i--) {
    const q = text[i];
    if (q === '"' || q === "'" || q === '`') {
      if (text[i - 1] === '\\') continue;
      // the closing quote: same char after end
      for (let j = end; j < lineEnd; j++) {
        if (text[j] === '\\') {
          j++;
          continue;
        }
        if (text[j] === q) return [i, j + 1];
      }
      break;
    }
  }
  // Multi-line literal (template string, triple quotes, PEM block): look for a backtick or quote pair around.
  const before = text.lastIndexOf('`', start);
  const after = text.indexOf('`', end);
  if (before >= 0 && after >= 0 && !text.slice(before + 1, start).includes('`') && end - start > 40) return [before, after + 1];
  return [start, end];
}

export function buildSecretFixData(
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
  const [ls, le] = kind === 'dotenv' ? [start, end] : literalAround(text, start, end);
  const startPos = index.positionAt(ls);
  const lineText = index.lineText(startPos.line);
  const key = keyHint ?? keyBefore(lineText.slice(0, startPos.character));
  let envName = fallbackEnvName;
  if (key && key.length >= 3 && !GENERIC_KEYS.has(key.toLowerCase())) envName = toEnvName(key);
  else if (key && kind === 'yaml') {
    // `openai:\n  api_key: ...` -> OPENAI_API_KEY
    const parent = yamlParentKey(index, startPos.line);
    if (parent) envName = toEnvName(`${parent}_${key}`);
  }
  return {
    kind: 'secret',
    secretKind,
    envName,
    replaceRange: index.range(ls, le),
    style: referenceStyle(kind),
  };
}

/** The key of the enclosing YAML mapping (the nearest less-indented `key:` line above). */
export function yamlParentKey(index: LineIndex, line: number): string | undefined {
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
