/**
 * The registry is the list of families. Every rule's metadata (id,
 * category, default severity, title, docs, fix), every setting of every
 * family, and the one vocabulary of family names, categories and rule-id
 * prefixes derive from it. The LSP server, the CLI, SARIF output and
 * docs/rules.md are generated from it.
 */
import type { Family } from './family';
import type { DocumentContext } from './document';
import { manifestFamily } from './rules/manifest';
import { networkFamily } from './rules/network';
import { oauthFamily } from './rules/oauth';
import { permissionsFamily } from './rules/permissions';
import { secretsFamily } from './rules/secrets';
import { CORE_SETTINGS, type SettingSpec } from './settings';
import type { RuleMeta } from './types';
import type { FactSource, ViewOptions, WorkspaceViews } from './topics';
import { setCredentialFinder } from './credentials';
import { registerDocumentTypes } from './document';
import { registerFactKeys } from './model';

const families: Family[] = [];
const rules: RuleMeta[] = [];
const settings: SettingSpec[] = [...CORE_SETTINGS];
const BY_ID = new Map<string, RuleMeta>();

/** The registered families, in the order they run. */
export const FAMILIES: readonly Family[] = families;
/** Every registered rule's metadata. */
export const RULES: readonly RuleMeta[] = rules;
/** Every setting: the core's and each family's section. */
export const SETTINGS: readonly SettingSpec[] = settings;

/**
 * Registers a family: its rules, settings, category and hooks join everything derived from the registry (the
 * analysis, fixes, settings, the CLI, the LSP server, SARIF, docs). The built-in families are registered below;
 * a test registers its own family the same way.
 */
export function registerFamily(f: Family): void {
  if (families.some((x) => x.name === f.name)) throw new Error(`a family named "${f.name}" is already registered`);
  for (const r of f.rules) if (BY_ID.has(r.id)) throw new Error(`rule ${r.id} of family "${f.name}" is already registered`);
  families.push(f);
  for (const r of f.rules) {
    rules.push(r);
    BY_ID.set(r.id, r);
  }
  settings.push(...(f.settings ?? []));
  registerDocumentTypes(f.documentTypes ?? []);
  registerFactKeys(f.factKeys ?? {});
}

/** Adding a family: one folder under rules/, and one line here. */
for (const f of [secretsFamily, permissionsFamily, networkFamily, oauthFamily, manifestFamily]) registerFamily(f);

/**
 * The public API of a family that adapters use beyond findings and fixes (the export layer builds the registration
 * manifest with the manifest family's): reached through the registry, the one module that names families.
 */
export * as manifestApi from './rules/manifest/api';

/** A workspace view (topics.ts): every family's part of it, over the facts `source` gives. */
export function workspaceView<K extends keyof WorkspaceViews>(name: K, source: FactSource, opts: ViewOptions): WorkspaceViews[K] {
  const out: unknown[] = [];
  for (const f of families) {
    const provide = f.views?.[name];
    if (provide) out.push(...(provide(source, opts) as unknown[]));
  }
  return out as WorkspaceViews[K];
}

setCredentialFinder((text) => families.some((f) => f.containsCredential?.(text) === true));

/**
 * Whether a document's check reads other files' facts (Family.readsOtherFiles), by any family that looks at it. A
 * family that cannot tell (input it stops on) says yes: the check, run later, reports what stopped it.
 */
export function readsOtherFiles(doc: DocumentContext): boolean {
  return families.some((f) => {
    if (f.readsOtherFiles === undefined) return false;
    try {
      return f.appliesTo(doc) && f.readsOtherFiles(doc);
    } catch {
      return true;
    }
  });
}

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
