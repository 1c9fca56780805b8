/**
 * The secrets family: secretlint's preset, provider keys it lacks, generic
 * credentials, Kubernetes env literals and Secret data, committed .env files.
 */
import path = require('path');
import type { Family } from '../../family';
import { isDotenvTemplateName } from './dotenvCommitted';
import { checkSecrets } from './check';
import { loadExtraSecretlintRules, loadSecretlintConfig, SECRETLINT_CONFIG_FILES, type SecretlintConfigSummary } from './config';
import { projectEnvNames, secretFixes } from './fixes';
import { SECRET_RULES } from './rules';
import type { ExtraSecretlintRule } from './secretlint';
import { findProviderTokens } from './providerToken';

export interface SecretsOptions {
  extraSecretlintRules?: ExtraSecretlintRule[];
}

export const secretsFamily: Family = {
  name: 'secrets',
  category: 'secret',
  idPrefixes: ['secret/', 'secretlint/'],
  rules: SECRET_RULES,
  // Findings depend on their line and its neighbours; YAML documents are independent of each other.
  lineLocal: () => true,
  settings: [
    {
      key: 'genericEntropyThreshold',
      type: 'number',
      default: 3,
      minimum: 0,
      maximum: 8,
      scope: 'resource',
      description: 'Minimum Shannon entropy (bits per character) for a literal assigned to a token/secret/API-key name to be reported by secret/generic-credential.',
    },
    {
      key: 'maxLineLength',
      type: 'number',
      default: 4000,
      minimum: 100,
      scope: 'resource',
      description: 'Lines longer than this (minified code) are skipped by the generic credential rule; provider-specific rules still run.',
    },
  ],
  folderConfig: { files: SECRETLINT_CONFIG_FILES, load: loadSecretlintConfig },

  async prepareFolder({ root, trusted, config }) {
    const cfg = config as SecretlintConfigSummary | undefined;
    const notes: string[] = [];
    if (cfg?.error) notes.push(cfg.error);
    const r = await loadExtraSecretlintRules(root, cfg, trusted);
    for (const e of r.errors) notes.push(`secretlint rule package not loaded: ${e}`);
    const restricted = r.skipped.length ? [{ by: path.basename(cfg!.file!), packages: r.skipped }] : undefined;
    return { options: { extraSecretlintRules: r.rules } satisfies SecretsOptions, notes, ...(restricted ? { restricted } : {}) };
  },

  optionsKey(options) {
    return ((options as SecretsOptions | undefined)?.extraSecretlintRules ?? []).map((r) => r.id).join(',');
  },

  containsCredential: (text) => findProviderTokens(text).some((h) => h.severity !== 'info'),
  // A finding's text is the secret: no message of any family quotes it.
  maskFindingText: true,
  // Ignored with secretlint's own comment and rule id, so secretlint's CLI honours the same comment.
  suppression: {
    directive: 'secretlint',
    ruleToken: (ruleId) => (ruleId.startsWith('secretlint/') ? `@secretlint/secretlint-rule-${ruleId.slice('secretlint/'.length)}` : ruleId),
  },

  appliesTo: () => true,

  async check(ctx) {
    const { doc, folder } = ctx;
    // A git-ignored .env is where local secrets belong: nothing to report.
    if (doc.kind === 'dotenv' && !isDotenvTemplateName(doc.base) && folder?.isGitIgnored?.(doc.path)) return [];
    return checkSecrets({
      path: doc.path,
      text: doc.text,
      kind: doc.kind,
      index: doc.index,
      workspace: folder,
      entropyThreshold: ctx.settings.genericEntropyThreshold as number | undefined,
      maxLineLength: ctx.settings.maxLineLength as number | undefined,
      extraSecretlintRules: (ctx.options as SecretsOptions | undefined)?.extraSecretlintRules,
      secretlintConfig: folder?.config?.('secrets') as SecretlintConfigSummary | undefined,
      yield: ctx.yield,
      onProblem: ctx.onProblem,
      doc,
    });
  },

  fixes(ctx, finding) {
    let envNames = ctx.memo.get('secrets.envNames') as ReadonlySet<string> | undefined;
    if (!envNames) ctx.memo.set('secrets.envNames', (envNames = projectEnvNames(ctx.folder)));
    return secretFixes(ctx.input, finding, { workspace: ctx.folder, envNames });
  },
};
