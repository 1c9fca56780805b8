/**
 * secret/provider-token: provider credentials recognised by their documented
 * format (providers/table.ts, ~290 formats behind a keyword pre-filter), plus
 * passwords in URLs of schemes secretlint's basic-auth and connection-string
 * rules do not cover. Every hit goes through the shared placeholder judgement.
 */
import { findProviderSecrets } from './providers';
import { isPlaceholderToken, isPlaceholderValue } from './heuristics';

export interface ProviderHit {
  /** Human description of the credential, e.g. "Stripe live secret key". Never the value. */
  kind: string;
  providerId: string;
  envName: string;
  severity: 'error' | 'warning';
  start: number;
  end: number;
}

// Credentials in URLs of schemes secretlint's basic-auth and connection-string rules do not cover.
const CONNECTION_URL =
  /\b(?:redis|rediss|amqps?|mssql|sqlserver|mariadb|ftp|sftp|smtps?|ldaps?|nats|kafka|mqtts?|couchbase|neo4j(?:\+s)?|cassandra):\/\/[^:\/\s"'@]*:([^@\s"'\/]{4,})@[^\s"'`)]+/g;

function lineAround(text: string, start: number, end: number): { before: string; after: string } {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return { before: text.slice(ls, start), after: text.slice(end, le) };
}

export function findProviderTokens(text: string): ProviderHit[] {
  const hits: ProviderHit[] = [];
  for (const h of findProviderSecrets(text)) {
    // The table judged the token run and its surroundings (looksLikePlaceholderToken); documented examples are shared with every rule.
    const token = text.slice(h.start, h.end);
    if (!/[\r\n]/.test(token) && isPlaceholderValue(token)) continue;
    hits.push({ kind: h.description, providerId: h.providerId, envName: h.envName, severity: h.severity, start: h.start, end: h.end });
  }
  if (/:\/\//.test(text)) {
    CONNECTION_URL.lastIndex = 0;
    for (let m = CONNECTION_URL.exec(text); m; m = CONNECTION_URL.exec(text)) {
      const pw = m[1];
      const pwStart = m.index + m[0].indexOf(':' + pw + '@') + 1;
      const { before, after } = lineAround(text, pwStart, pwStart + pw.length);
      if (isPlaceholderToken(pw, before, after) || /^[$%{<]/.test(pw)) continue;
      if (hits.some((h) => h.start < m!.index + m![0].length && m!.index < h.end)) continue;
      hits.push({ kind: 'password in a connection URL', providerId: 'connection-url', envName: 'CONNECTION_URL', severity: 'error', start: m.index, end: m.index + m[0].length });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
