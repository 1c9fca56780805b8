/**
 * The secrets family's folder configuration: secretlint's .secretlintrc.*
 * (preset rule options, disabled rules, extra rule packages) and loading of
 * the rule packages it names, only in a trusted workspace.
 */
import path = require('path');
import { createRequire } from 'module';
import { pathToFileURL } from 'url';
import { parse as parseYaml } from 'yaml';
import { PRESET_ID, type ExtraSecretlintRule } from './secretlint';

export interface SecretlintConfigSummary {
  file?: string;
  presetRuleOptions: Record<string, unknown>;
  disabledRules: string[];
  /** Rule packages other than the bundled preset. */
  packages: Array<{ id: string; options?: unknown; disabled?: boolean }>;
  error?: string;
}

export const SECRETLINT_CONFIG_FILES = ['.secretlintrc.json', '.secretlintrc.yml', '.secretlintrc.yaml', '.secretlintrc'];

export function loadSecretlintConfig(root: string, read: (absPath: string) => string | undefined): SecretlintConfigSummary | undefined {
  for (const name of SECRETLINT_CONFIG_FILES) {
    const file = path.join(root, name);
    const text = read(file);
    if (text === undefined) continue;
    const summary: SecretlintConfigSummary = { file, presetRuleOptions: {}, disabledRules: [], packages: [] };
    try {
      const parsed = (name.endsWith('.json') || name === '.secretlintrc' ? JSON.parse(text) : parseYaml(text)) as {
        rules?: Array<{ id: string; options?: unknown; disabled?: boolean; rules?: Array<{ id: string; options?: unknown; disabled?: boolean }> }>;
      };
      for (const r of parsed?.rules ?? []) {
        if (!r || typeof r.id !== 'string') continue;
        if (r.id === PRESET_ID) {
          for (const sub of r.rules ?? []) {
            if (sub.options !== undefined) summary.presetRuleOptions[sub.id] = sub.options;
            if (sub.disabled) summary.disabledRules.push(sub.id);
          }
        } else {
          summary.packages.push({ id: r.id, options: r.options, disabled: r.disabled });
        }
      }
    } catch (e) {
      // Parser messages quote the source (which may hold a secret): keep only where it failed.
      const pos = /position (\d+)/.exec((e as Error).message)?.[1];
      const linePos = (e as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
      const where = linePos ? ` at line ${linePos.line}, column ${linePos.col}` : pos ? ` at character ${pos}` : '';
      summary.error = `${name} could not be parsed${where}; its rule options are not applied`;
    }
    return summary;
  }
  return undefined;
}

/**
 * Loads the rule packages named by .secretlintrc from the workspace's own
 * node_modules: only when the workspace is trusted.
 */
export async function loadExtraSecretlintRules(
  root: string,
  cfg: SecretlintConfigSummary | undefined,
  trusted: boolean,
): Promise<{ rules: ExtraSecretlintRule[]; skipped: string[]; errors: string[] }> {
  const rules: ExtraSecretlintRule[] = [];
  const skipped: string[] = [];
  const errors: string[] = [];
  for (const p of cfg?.packages ?? []) {
    if (p.disabled) continue;
    if (!trusted) {
      skipped.push(p.id);
      continue;
    }
    try {
      const req = createRequire(path.join(root, 'package.json'));
      const resolved = req.resolve(p.id);
      const mod = (await import(/* webpackIgnore: true */ pathToFileURL(resolved).href)) as { creator?: unknown; default?: { creator?: unknown } };
      const creator = mod.creator ?? mod.default?.creator;
      if (!creator) throw new Error('no `creator` export');
      rules.push({ id: p.id, rule: creator, options: p.options });
    } catch (e) {
      errors.push(`${p.id}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { rules, skipped, errors };
}
