/**
 * secretlint/*: secretlint's preset (and the workspace's extra rule packages)
 * run on the file, minus placeholders and documented examples.
 */
import { envNameFromKind } from './fixData';
import { isPlaceholderToken, isPlaceholderValue } from './heuristics';
import { tokenPrefixLength } from './providers';
import { candidate, type Candidate } from './candidate';
import type { SecretsContext, SecretsScan } from './scan';
import { PRESET_RULES, runSecretlint, type SecretlintHit } from './secretlint';

const PRESET_IDS = new Set(PRESET_RULES.map((r) => r.ruleId));
import { judgeToken } from './judgement';
import { localDefaultReason } from './connectionString';

/** The text right before and after [start, end) on its line (at most 160/120 characters). */
function around(text: string, start: number, end: number): { before: string; after: string } {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return { before: text.slice(ls, start), after: text.slice(end, le) };
}

/**
 * Runs secretlint with the workspace's .secretlintrc options and extra rules. A configuration secretlint
 * rejects (an `allows` pattern that is not a valid regular expression, a rule package that throws) is said,
 * and the preset runs again without the workspace's options, so the file is still checked.
 */
export async function runSecretlintPass(ctx: SecretsContext): Promise<SecretlintHit[]> {
  const hasWorkspaceConfig = !!(ctx.secretlintConfig?.presetRuleOptions && Object.keys(ctx.secretlintConfig.presetRuleOptions).length) || !!ctx.extraSecretlintRules?.length;
  try {
    return await runSecretlint(ctx.text, ctx.path, {
      presetRuleOptions: ctx.secretlintConfig?.presetRuleOptions,
      disabledRules: ctx.secretlintConfig?.disabledRules,
      extraRules: ctx.extraSecretlintRules,
    });
  } catch (e) {
    if (!hasWorkspaceConfig) throw e;
    // The message names the problem (never the file's content: secretlint's errors about options quote options).
    const what = /Invalid regular expression/i.test((e as Error).message) ? 'an `allows` pattern is not a valid regular expression' : 'a rule option or rule package failed';
    ctx.onProblem?.(`.secretlintrc could not be applied (${what}); the bundled preset ran with its default options`);
    return runSecretlint(ctx.text, ctx.path, { disabledRules: ctx.secretlintConfig?.disabledRules });
  }
}

/** Priority 0: secretlint's hits that are not placeholders. */
export function secretlintCandidates(scan: SecretsScan, hits: SecretlintHit[]): Candidate[] {
  const { text, path } = scan.ctx;
  const out: Candidate[] = [];
  for (const h of hits) {
    let info: string | undefined;
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
      // The family's one judgement (published examples, fake values, test files; the preset's token
      // patterns are loose, so its tokens need a random part: a workspace's own rule packages know their
      // shapes); in a URL, a local-development default.
      if (url) {
        const host = /@([A-Za-z0-9._-]+)/.exec(matched.slice(url[0].length - 1))?.[1];
        const user = /:\/\/([^:/\s@]*):/.exec(matched)?.[1];
        info = localDefaultReason(tok, user, host);
        const v = judgeToken(tok, { path, before, after });
        if (v.drop) continue;
        info ??= v.info;
      } else {
        const v = judgeToken(tok, { path, before, after, prefixLength: tokenPrefixLength(tok), loose: PRESET_IDS.has(h.ruleId) });
        if (v.drop) continue;
        info = v.info;
      }
    }
    if (h.messageId === 'PrivateKeyJSON') {
      const key = /"private_key"\s*:\s*"([^"]*)"/.exec(matched)?.[1];
      if (key !== undefined && (isPlaceholderValue(key) || !/PRIVATE KEY/.test(key))) continue;
    }
    out.push(
      candidate(scan, {
        ruleId: h.ruleId,
        severity: info ? 'info' : 'error',
        message: info
          ? `${h.secretKind}: ${info}. Information only: not a secret worth protecting, but keep real credentials out of the repository.`
          : `Hardcoded secret: ${h.secretKind}. Load it at run time from a secret store or the environment, and rotate it.`,
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
