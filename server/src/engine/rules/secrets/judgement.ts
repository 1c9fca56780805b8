/**
 * The one credential judgement for what a format rule reports (secretlint's
 * preset and the provider table), next to the value judgement of
 * heuristics.ts that named credentials go through: published example keys,
 * values that say they are fake (anywhere in a test file), tokens without a
 * random part where the pattern is loose, and hashed asset file names.
 */
import { FAKE_IN_TESTS, isFakeWord, isTestPath, shannonEntropy } from './heuristics';
import { knownExample } from './data/knownExamples';

export interface Verdict {
  /** Not a credential: no finding. The reason is for tests and debugging. */
  drop?: string;
  /** Reported as information only, with this reason (never the value). */
  info?: string;
}

export interface TokenContext {
  path?: string;
  /** Text right before and after the token on its line. */
  before?: string;
  after?: string;
  /** Length of the format's literal prefix (`xoxb-`, `sk_live_`). */
  prefixLength?: number;
  /** The pattern that matched is loose (secretlint's Slack rule takes `xoxb-` and anything): ask for a random part. */
  loose?: boolean;
}

/** Mode words formats carry after their prefix (sk_test_, duffel_live_). */
const MODE_WORD = /^(?:test|live|prod|production|sandbox|development|dev)[_\-.]/i;
const ASSET_AFTER = /^\.(?:png|jpe?g|gif|svg|ico|webp|avif|bmp|css|js|mjs|map|woff2?|ttf|eot|mp[34]|webm|pdf|html?)(?![A-Za-z0-9])/i;

/** A run of letters and digits that was generated, not typed: long enough, mixed, not words. */
export function isRandomRun(run: string): boolean {
  if (run.length < 12) return false;
  const classes = (/[a-z]/.test(run) ? 1 : 0) + (/[A-Z]/.test(run) ? 1 : 0) + (/[0-9]/.test(run) ? 1 : 0);
  if (/^[0-9]+$/.test(run)) return false;
  if (classes < 2 && !/^[0-9a-f]{16,}$/i.test(run)) return false;
  // PascalCase or camelCase words (SlackAppConfigurationAccessTokenHere).
  const segments = run.split(/(?=[A-Z][a-z])/);
  if (!/[0-9]/.test(run) && segments.length >= 2 && segments.every((w) => /^[A-Za-z][a-z]{2,}$/.test(w))) return false;
  return shannonEntropy(run) >= 3;
}

export function judgeToken(token: string, ctx: TokenContext = {}): Verdict {
  const known = knownExample(token);
  if (known) {
    if (/EXAMPLE/.test(token)) return { drop: `documented example (${known.provider})` };
    return { info: `a published example key (${known.provider}: ${known.source}), shared by everyone who copied it` };
  }
  if (ctx.after && ASSET_AFTER.test(ctx.after)) return { drop: 'part of a file name' };
  let body = token.slice(Math.max(0, Math.min(ctx.prefixLength ?? 0, token.length)));
  const mode = MODE_WORD.exec(body);
  const parts = body.split(/[^A-Za-z0-9]+/).filter(Boolean);
  // A base64 value (an AWS secret access key) is one generated run even where '/' and '+' cut it into short pieces.
  const random = parts.some(isRandomRun) || body.split(/[^A-Za-z0-9+/=]+/).some((run) => run.length >= 20 && /[+/]/.test(run) && isRandomRun(run.replace(/[+/=]/g, '')));
  if (mode) body = body.slice(mode[0].length);
  // A Slack bot token of the words test-token, `sk_live_fake_key`: a fake word and nothing generated.
  if (!random && parts.some(isFakeWord)) return { drop: 'says it is fake' };
  if (isTestPath(ctx.path) && FAKE_IN_TESTS.test(body)) return { drop: 'says it is fake (test file)' };
  if (ctx.loose) {
    if (!random) return { drop: 'no random part' };
    // 1234-1234-1234: the same group typed again and again.
    const counts = new Map<string, number>();
    for (const p of parts) if (p.length >= 3) counts.set(p, (counts.get(p) ?? 0) + 1);
    if ([...counts.values()].some((n) => n >= 3)) return { drop: 'repeated groups' };
  }
  return {};
}
