/**
 * secretlint/*: secretlint's preset (and the workspace's extra rule packages)
 * run on the file, minus placeholders and documented examples.
 */
import { envNameFromKind } from './fixData';
import { isPlaceholderToken, isPlaceholderValue } from './heuristics';
import { tokenPrefixLength } from './providers';
import { candidate, type Candidate } from './candidate';
import type { SecretsContext, SecretsScan } from './scan';
import { runSecretlint, type SecretlintHit } from './secretlint';

/** The text right before and after [start, end) on its line (at most 160/120 characters). */
function around(text: string, start: number, end: number): { before: string; after: string } {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return { before: text.slice(ls, start), after: text.slice(end, le) };
}

/** Runs secretlint with the workspace's .secretlintrc options and extra rules. */
export function runSecretlintPass(ctx: SecretsContext): Promise<SecretlintHit[]> {
  return runSecretlint(ctx.text, ctx.path, {
    presetRuleOptions: ctx.secretlintConfig?.presetRuleOptions,
    disabledRules: ctx.secretlintConfig?.disabledRules,
    extraRules: ctx.extraSecretlintRules,
  });
}

/** Priority 0: secretlint's hits that are not placeholders. */
export function secretlintCandidates(scan: SecretsScan, hits: SecretlintHit[]): Candidate[] {
  const { text } = scan.ctx;
  const out: Candidate[] = [];
  for (const h of hits) {
    // secretlint matches placeholders like "xoxb-your-token-here" in docs: never report those.
    // (Whole-file findings such as a GCP key file are judged by secretlint alone.)
    const matched = text.slice(h.start, h.end);
    if (!/[\r\n]/.test(matched)) {
      if (isPlaceholderValue(matched)) continue;
      // The same placeholder judgement as the provider table: the whole token run and its surroundings
      // (npm_aaaa…, lin_api_0123…, xoxb-…****, <your-…>); in a URL, the password part.
      const url = /^[a-z][\w+.-]*:\/\/[^:/\s@]*:([^@\s]+)@/i.exec(matched);
      const tokStart = url ? h.start + url[0].length - url[1].length - 1 : h.start;
      const tok = url ? url[1] : matched;
      const { before, after } = around(text, tokStart, tokStart + tok.length);
      if (isPlaceholderToken(tok, before, after, url ? 0 : tokenPrefixLength(tok))) continue;
    }
    if (h.messageId === 'PrivateKeyJSON') {
      const key = /"private_key"\s*:\s*"([^"]*)"/.exec(matched)?.[1];
      if (key !== undefined && (isPlaceholderValue(key) || !/PRIVATE KEY/.test(key))) continue;
    }
    out.push(
      candidate(scan, {
        ruleId: h.ruleId,
        severity: 'error',
        message: `Hardcoded secret: ${h.secretKind}. Load it at run time from a secret store or the environment, and rotate it.`,
        start: h.start,
        end: h.end,
        secretKind: h.secretKind,
        envName: envNameFromKind(h.ruleId, h.messageId),
        priority: 0,
      }),
    );
  }
  return out;
}
