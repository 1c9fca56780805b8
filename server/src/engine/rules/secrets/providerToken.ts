/**
 * secret/provider-token: provider keys with distinctive prefixes that
 * micro-apps embed often and that secretlint's recommended preset lacks.
 */
import { isNeverSecret } from './heuristics';

interface ProviderPattern {
  kind: string;
  envName: string;
  re: RegExp;
  severity: 'error' | 'warning';
}

const PATTERNS: ProviderPattern[] = [
  { kind: 'Stripe live secret key', envName: 'STRIPE_SECRET_KEY', re: /\b(?:sk|rk)_live_[0-9A-Za-z]{20,99}\b/g, severity: 'error' },
  { kind: 'Stripe test secret key', envName: 'STRIPE_SECRET_KEY', re: /\b(?:sk|rk)_test_[0-9A-Za-z]{20,99}\b/g, severity: 'warning' },
  { kind: 'Stripe webhook signing secret', envName: 'STRIPE_WEBHOOK_SECRET', re: /\bwhsec_[0-9A-Za-z]{24,64}\b/g, severity: 'error' },
  // Firebase web config keys are public by design; Maps and other keys must at least be restricted: a warning.
  { kind: 'Google API key (restrict it by referrer/API, or keep it out of code)', envName: 'GOOGLE_API_KEY', re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, severity: 'warning' },
  { kind: 'Twilio API key', envName: 'TWILIO_API_KEY', re: /\bSK[0-9a-f]{32}\b/g, severity: 'error' },
  { kind: 'Telegram bot token', envName: 'TELEGRAM_BOT_TOKEN', re: /\b\d{8,10}:AA[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])/g, severity: 'error' },
  // Credentials in URLs of schemes secretlint's basic-auth and connection-string rules do not cover.
  { kind: 'password in a connection URL', envName: 'CONNECTION_URL', re: /\b(?:redis|rediss|amqps?|mssql|sqlserver|mariadb|ftp|sftp|smtps?|ldaps?|nats|kafka|mqtts?|couchbase|neo4j(?:\+s)?|cassandra):\/\/[^:\/\s"'@]*:[^@\s"'\/]{4,}@[^\s"'`)]+/g, severity: 'error' },
  // secretlint scans key ids only with enableIDScanRule; an id in code means a long-lived key pair is around.
  { kind: 'AWS access key ID (long-lived IAM user key)', envName: 'AWS_ACCESS_KEY_ID', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g, severity: 'warning' },
  { kind: 'Discord bot token', envName: 'DISCORD_BOT_TOKEN', re: /\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}\b/g, severity: 'error' },
];

export interface ProviderHit {
  kind: string;
  envName: string;
  severity: 'error' | 'warning';
  start: number;
  end: number;
}

export function findProviderTokens(text: string): ProviderHit[] {
  const hits: ProviderHit[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      if (isNeverSecret(m[0])) continue;
      hits.push({ kind: p.kind, envName: p.envName, severity: p.severity, start: m.index, end: m.index + m[0].length });
    }
  }
  return hits;
}
