/**
 * secret/provider-token: the provider table's hits (providerToken.ts), silenced
 * where the workspace's .secretlintrc disables or allows the same provider.
 */
import { candidate, type Candidate } from './candidate';
import { findProviderTokens } from './providerToken';
import type { SecretsScan } from './scan';

/** secretlint preset rule names, keyed by the provider table's provider id prefix. */
const PRESET_FOR_PROVIDER: Array<[RegExp, string]> = [
  [/^slack-/, 'slack'], [/^github-/, 'github'], [/^gitlab-/, 'gitlab'], [/^aws-/, 'aws'], [/^npm-/, 'npm'], [/^sendgrid-/, 'sendgrid'],
  [/^shopify-/, 'shopify'], [/^grafana-/, 'grafana'], [/^openai-/, 'openai'], [/^anthropic-/, 'anthropic'], [/^groq-/, 'groq'],
  [/^huggingface-/, 'huggingface'], [/^linear-/, 'linear'], [/^notion-/, 'notion'], [/^onepassword-/, '1password'], [/^vault-/, 'hashicorp-vault'],
  [/^vercel-/, 'vercel'], [/^databricks-/, 'databricks'], [/^docker-/, 'docker'], [/^figma-/, 'figma'], [/^private-key$/, 'privatekey'],
];

function presetRuleOf(providerId: string): string | undefined {
  const hit = PRESET_FOR_PROVIDER.find(([re]) => re.test(providerId));
  return hit ? `@secretlint/secretlint-rule-${hit[1]}` : undefined;
}

/** secretlint's `allows` option: exact strings, or "/regex/flags". */
function isAllowed(token: string, allows: unknown): boolean {
  if (!Array.isArray(allows)) return false;
  return allows.some((a) => {
    if (typeof a !== 'string') return false;
    const m = /^\/(.+)\/([a-z]*)$/.exec(a);
    if (!m) return a === token || token.includes(a);
    try {
      return new RegExp(m[1], m[2]).test(token);
    } catch {
      return false;
    }
  });
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Priority 1: provider tokens, after the workspace's secretlint configuration for the same provider. */
export function providerTokenCandidates(scan: SecretsScan): Candidate[] {
  const { text, secretlintConfig, path } = scan.ctx;
  const out: Candidate[] = [];
  // A provider that secretlint's preset also knows follows the workspace's .secretlintrc for it:
  // a disabled preset rule, or its `allows` list, silences the table's hits of that provider too.
  for (const h of findProviderTokens(text, { path })) {
    const slId = presetRuleOf(h.providerId);
    if (slId && secretlintConfig) {
      if (secretlintConfig.disabledRules.includes(slId)) continue;
      if (isAllowed(text.slice(h.start, h.end), (secretlintConfig.presetRuleOptions[slId] as { allows?: unknown } | undefined)?.allows)) continue;
    }
    out.push(
      candidate(scan, {
        ruleId: 'secret/provider-token',
        severity: h.severity,
        message: h.reason
          ? `${capitalize(h.kind)}: ${h.reason}. Information only: not a secret worth protecting, but keep real credentials out of the repository.`
          : `Hardcoded secret: ${h.kind}. Load it at run time from a secret store or the environment, and rotate it.`,
        start: h.start,
        end: h.end,
        secretKind: h.kind,
        envName: h.envName,
        priority: 1,
      }),
    );
  }
  return out;
}
