/**
 * secret/provider-token: provider credentials recognised by their documented
 * format (providers/table.ts, ~290 formats behind a keyword pre-filter), plus
 * passwords in URLs of schemes secretlint's basic-auth and connection-string
 * rules do not cover. Every hit goes through the shared placeholder judgement.
 */
import { findProviderSecrets, tokenPrefixLength } from './providers';
import { isPlaceholderToken, isPlaceholderValue } from './heuristics';
import { findConnectionCredentials, localDefaultReason } from './connectionString';
import { judgeToken } from './judgement';

export interface ProviderHit {
  /** Human description of the credential, e.g. "Stripe live secret key". Never the value. */
  kind: string;
  providerId: string;
  envName: string;
  severity: 'error' | 'warning' | 'info';
  start: number;
  end: number;
  /** Why an info hit is not an error (a published example key, a local-development default). Never the value. */
  reason?: string;
}

// Credentials in URLs of schemes secretlint's basic-auth and connection-string rules do not cover.
// The password runs to the last @ before the host (a password may hold @).
const CONNECTION_URL =
  /\b(?:redis|rediss|amqps?|mssql|sqlserver|mariadb|ftp|sftp|smtps?|ldaps?|nats|kafka|mqtts?|couchbase|neo4j(?:\+s)?|cassandra):\/\/[^:\/\s"'@]*:([^\s"'\/]{4,200})@(?=[A-Za-z0-9[])[^\s"'`)@]+/g;

function lineAround(text: string, start: number, end: number): { before: string; after: string } {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return { before: text.slice(ls, start), after: text.slice(end, le) };
}

export function findProviderTokens(text: string, opts: { path?: string } = {}): ProviderHit[] {
  const hits: ProviderHit[] = [];
  for (const h of findProviderSecrets(text)) {
    // The table judged the token run and its surroundings (looksLikePlaceholderToken); documented examples are shared with every rule.
    const token = text.slice(h.start, h.end);
    let severity: ProviderHit['severity'] = h.severity;
    let reason: string | undefined;
    if (!/[\r\n]/.test(token)) {
      if (isPlaceholderValue(token)) continue;
      const { before, after } = lineAround(text, h.start, h.end);
      const v = judgeToken(token, { path: opts.path, before, after, prefixLength: tokenPrefixLength(token) });
      if (v.drop) continue;
      if (v.info) [severity, reason] = ['info', v.info];
    }
    hits.push({ kind: h.description, providerId: h.providerId, envName: h.envName, severity, start: h.start, end: h.end, ...(reason ? { reason } : {}) });
  }
  if (/:\/\//.test(text)) {
    CONNECTION_URL.lastIndex = 0;
    for (let m = CONNECTION_URL.exec(text); m; m = CONNECTION_URL.exec(text)) {
      const pw = m[1];
      const pwStart = m.index + m[0].indexOf(':' + pw + '@') + 1;
      const { before, after } = lineAround(text, pwStart, pwStart + pw.length);
      if (isPlaceholderToken(pw, before, after) || /^[$%{<]/.test(pw)) continue;
      if (hits.some((h) => h.start < m!.index + m![0].length && m!.index < h.end)) continue;
      const user = /:\/\/([^:\/\s"'@]*):/.exec(m[0])?.[1];
      const host = /@([A-Za-z0-9._-]+)[^@]*$/.exec(m[0])?.[1];
      const local = localDefaultReason(pw, user, host);
      hits.push({ kind: 'password in a connection URL', providerId: 'connection-url', envName: 'CONNECTION_URL', severity: local ? 'info' : 'error', start: m.index, end: m.index + m[0].length, ...(local ? { reason: local } : {}) });
    }
  }
  for (const c of findConnectionCredentials(text)) {
    if (hits.some((h) => c.start < h.end && h.start < c.end)) continue;
    const local = localDefaultReason(text.slice(c.start, c.end), c.user, c.host);
    hits.push({ kind: c.kind, providerId: 'connection-string', envName: c.envName, severity: local ? 'info' : 'error', start: c.start, end: c.end, ...(local ? { reason: local } : {}) });
  }
  return hits.sort((a, b) => a.start - b.start);
}
