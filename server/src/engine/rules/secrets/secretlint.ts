/**
 * secretlint's recommended preset, run in-process on the text the user is
 * editing. The profiler secretlint enables for library callers is switched
 * off (it grows without bound in a long-running server), secrets are masked
 * in secretlint's own messages, and our messages never carry a value.
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as presetRecommend, rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import { secretlintExt, secretlintMayMatch } from './secretlintPrefilter';

export { secretlintMayMatch, PREFILTER_COVERS_PRESET } from './secretlintPrefilter';

/** How many times secretlint itself ran (the prefilter's skips do not count): for tests and the bench. */
export const lintRuns = { count: 0 };

// Turn the profiler off: no performance marks, nothing retained between runs.
(secretLintProfiler as unknown as { mark: (m: unknown) => void }).mark = () => undefined;

const SECRETLINT_PREFIX = '@secretlint/secretlint-rule-';
export const PRESET_ID = '@secretlint/secretlint-rule-preset-recommend';

export interface SecretlintRuleInfo {
  secretlintId: string;
  ruleId: string;
  docsUrl?: string;
}

/** Detection rules of the preset (the comment filter is not a detection rule). */
export const PRESET_RULES: SecretlintRuleInfo[] = (presetRules as Array<{ meta: { id: string; docs?: { url?: string } } }>)
  .filter((r) => r.meta.id !== '@secretlint/secretlint-rule-filter-comments')
  .map((r) => ({
    secretlintId: r.meta.id,
    ruleId: `secretlint/${r.meta.id.replace(SECRETLINT_PREFIX, '')}`,
    docsUrl: r.meta.docs?.url,
  }));

function toRuleId(secretlintId: string): string {
  return secretlintId.startsWith(SECRETLINT_PREFIX) ? `secretlint/${secretlintId.slice(SECRETLINT_PREFIX.length)}` : `secretlint/${secretlintId}`;
}

export interface SecretlintHit {
  ruleId: string;
  secretlintId: string;
  messageId: string;
  /** Human kind of secret, e.g. "Slack token"; derived from the masked message. */
  secretKind: string;
  start: number;
  end: number;
}

export interface ExtraSecretlintRule {
  id: string;
  rule: unknown;
  options?: unknown;
}

export interface SecretlintRunOptions {
  /** Options per preset rule id (from .secretlintrc). */
  presetRuleOptions?: Record<string, unknown>;
  /** Preset rule ids turned off (from .secretlintrc or settings). */
  disabledRules?: string[];
  /** Rule packages named by a trusted workspace's .secretlintrc. */
  extraRules?: ExtraSecretlintRule[];
  /** Skip secretlint when no preset rule can match (secretlintMayMatch); default true. Tests turn it off. */
  prefilter?: boolean;
}

/** Preset rule options other than absent or `{}`: the prefilter is written for the default options only. */
function hasPresetOptions(options: Record<string, unknown> | undefined): boolean {
  for (const v of Object.values(options ?? {})) {
    if (v === undefined) continue;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    return true;
  }
  return false;
}

function kindFromMessage(message: string): string {
  // secretlint messages look like "found slack token: ****"; values are masked.
  let k = message.replace(/^found\s+/i, '').replace(/\s*:.*$/s, '').trim();
  k = k.replace(/\*+/g, '').replace(/\(\s*\)/g, '').trim();
  if (!k) return 'secret';
  return k.charAt(0).toUpperCase() + k.slice(1);
}

export async function runSecretlint(text: string, filePath: string, opts: SecretlintRunOptions = {}): Promise<SecretlintHit[]> {
  // secretlint drops a leading byte-order mark, which would shift every range by one.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // secretlint-disable comments are applied by the engine's suppression (the same directives, for every
  // rule): secretlint's own comment filter would hide a hit that the provider table then reports in its
  // place. The directives are masked with a same-length word so that offsets do not move.
  const content = (bom ? text.slice(1) : text).replace(/secretlint-(disable|enable)/g, 'secretlinx-$1');
  // Most files cannot match any rule of the preset: then secretlint (whose rules are built anew for every
  // file) is not run. Only the bundled preset with its default options is pre-filtered.
  if (opts.prefilter !== false && !opts.extraRules?.length && !hasPresetOptions(opts.presetRuleOptions) && !secretlintMayMatch(content, filePath)) {
    return [];
  }
  lintRuns.count++;
  // The rules' configuration, made for the files secretlint runs on (not for every file the pre-filter turns away).
  const presetRulesConfig = PRESET_RULES.map((r) => ({
    id: r.secretlintId,
    options: opts.presetRuleOptions?.[r.secretlintId] ?? {},
    disabled: opts.disabledRules?.includes(r.secretlintId) ?? false,
  }));
  const rules: Array<Record<string, unknown>> = [
    { id: PRESET_ID, rule: presetRecommend, rules: presetRulesConfig },
  ];
  for (const extra of opts.extraRules ?? []) {
    rules.push({ id: extra.id, rule: extra.rule, options: extra.options ?? {} });
  }
  const result = await lintSource({
    source: { content, filePath, ext: secretlintExt(filePath), contentType: 'text' } as never,
    options: { config: { rules } as never, maskSecrets: true, noPhysicFilePath: false },
  });
  const hits: SecretlintHit[] = [];
  const disabled = new Set(opts.disabledRules ?? []);
  for (const m of result.messages) {
    if ((m as { type?: string }).type !== 'message' && (m as { type?: string }).type !== undefined) continue;
    if (disabled.has(m.ruleId)) continue;
    const [start, end] = refineRange(text, m.ruleId, m.messageId, m.range[0] + bom, m.range[1] + bom);
    hits.push({
      ruleId: toRuleId(m.ruleId),
      secretlintId: m.ruleId,
      messageId: m.messageId,
      secretKind: kindFromMessage(m.message),
      start,
      end,
    });
  }
  return hits;
}

/**
 * Some preset rules report a range that starts at the label or runs past the
 * value (secretlint 12): the AWS secret key and .npmrc `_authToken` ranges
 * start at the key name, `x-oauth-basic` URLs cover the URL, connection
 * strings run to the next whitespace and so take a closing quote. Quick-fixes
 * and placeholder checks need the value itself.
 */
function refineRange(text: string, ruleId: string, messageId: string, start: number, end: number): [number, number] {
  const window = (n: number) => text.slice(start, Math.min(text.length, start + n));
  if (messageId === 'AWSSecretAccessKey') {
    const m = /(?:=>|[:=])\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/.exec(window(300));
    if (m) {
      const s = start + m.index + m[0].length - m[1].length;
      return [s, s + m[1].length];
    }
  }
  if (messageId === 'Npmrc_authToken') {
    const m = /_authToken\s*=\s*["']?([^\s"']+)/.exec(window(400));
    if (m) {
      const s = start + m.index + m[0].length - m[1].length;
      return [s, s + m[1].length];
    }
  }
  if (messageId === 'PackageJSON_xOauthToken') {
    const m = /([A-Za-z0-9_]{20,}):x-oauth-basic/.exec(window(400));
    if (m) {
      const s = start + m.index;
      return [s, s + m[1].length];
    }
  }
  if (ruleId.endsWith('database-connection-string') || ruleId.endsWith('basicauth')) {
    let e = end;
    while (e > start && /["'`)\]};,>]/.test(text[e - 1])) e--;
    return [start, e];
  }
  return [start, end];
}
