/**
 * The registry is the list of families. Every rule's metadata (id,
 * category, default severity, title, docs, fix), every setting of every
 * family, and the one vocabulary of family names, categories and rule-id
 * prefixes derive from it. The LSP server, the CLI, SARIF output and
 * docs/rules.md are generated from it.
 */
import type { Family } from './family';
import { manifestFamily } from './rules/manifest';
import { networkFamily } from './rules/network';
import { oauthFamily } from './rules/oauth';
import { permissionsFamily } from './rules/permissions';
import { secretsFamily } from './rules/secrets';
import { CORE_SETTINGS, type SettingSpec } from './settings';
import type { RuleMeta } from './types';

/** Adding a family: one folder under rules/, and one line here. */
export const FAMILIES: readonly Family[] = [secretsFamily, permissionsFamily, networkFamily, oauthFamily, manifestFamily];

export const RULES: readonly RuleMeta[] = FAMILIES.flatMap((f) => f.rules);

export const SETTINGS: readonly SettingSpec[] = [...CORE_SETTINGS, ...FAMILIES.flatMap((f) => f.settings ?? [])];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function getRule(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}

/** The family a rule id belongs to: by registered id, else by prefix. */
export function familyOf(ruleId: string): Family | undefined {
  const meta = BY_ID.get(ruleId);
  if (meta) return FAMILIES.find((f) => f.name === meta.family);
  return FAMILIES.find((f) => f.idPrefixes.some((p) => ruleId.startsWith(p)));
}

/**
 * Does a selector name this rule? A rule id, or a whole family by its name
 * (`secrets`, `secrets/*`), its category (`secret/*`, `iam`) or one of its
 * prefixes (`secretlint/*`).
 */
export function selectorMatches(selector: string, ruleId: string): boolean {
  if (selector === ruleId) return true;
  const family = familyOf(ruleId);
  if (!family) return false;
  const s = selector.endsWith('/*') ? selector.slice(0, -2) : selector;
  if (s === family.name || s === family.category) return true;
  return selector.endsWith('/*') && family.idPrefixes.some((p) => p === `${s}/`) && ruleId.startsWith(`${s}/`);
}

/** Is this token a family selector (rather than a rule id)? */
export function isFamilySelector(token: string): boolean {
  const s = token.endsWith('/*') ? token.slice(0, -2) : token;
  return FAMILIES.some((f) => f.name === s || f.category === s || f.idPrefixes.includes(`${s}/`));
}

/** Anchor of a rule in docs/rules.md. */
export function docsAnchor(id: string): string {
  return id.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}
