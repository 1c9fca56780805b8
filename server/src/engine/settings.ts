/**
 * The one settings contract. Every `microappGuard.*` setting is declared
 * here (core) or in its family's `settings` list, with its type, default,
 * range and scope. The language server (workspace/configuration), the CLI
 * (.vscode/settings.json or --config) and the engine all normalise through
 * `normalizeSettings`; a test fails when package.json's
 * contributes.configuration disagrees with these declarations.
 */
import type { RuleSetting, Severity } from './types';

export interface SettingSpec {
  /** Key below `microappGuard.` (a family's keys are `<family>.<name>`; secrets keeps its historic flat keys). */
  key: string;
  type: 'boolean' | 'number' | 'string' | 'array' | 'object';
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  /** Array items' type. */
  items?: 'string';
  scope: 'resource' | 'window';
  description: string;
}

export type RuleSettingValue = RuleSetting | Severity | 'off' | boolean;

/** Settings every family shares. */
export const CORE_SETTINGS: readonly SettingSpec[] = [
  { key: 'enable', type: 'boolean', default: true, scope: 'resource', description: 'Check files of this folder for hardcoded secrets, broad permissions, network isolation and registration findings.' },
  {
    key: 'rules',
    type: 'object',
    default: {},
    scope: 'resource',
    description:
      'Per-rule overrides by rule id: "off", false, a severity ("error", "warning", "info", "hint") or { "enabled": false, "severity": "info" }. "<family>/*" (secrets/*, permissions/*, network/*, manifest/*) or "<category>/*" (secret/*, iam/*) addresses a whole family, secretlint\'s rules included.',
  },
  { key: 'ignore', type: 'array', items: 'string', default: [], scope: 'resource', description: 'Files not to check, as gitignore-style globs relative to the workspace folder (in addition to .secretlintignore).' },
  { key: 'debounceMs', type: 'number', default: 150, minimum: 0, maximum: 5000, scope: 'resource', description: 'Delay after the last keystroke before a file is re-checked (clients without pull diagnostics).' },
  {
    key: 'workspaceScan',
    type: 'boolean',
    default: true,
    scope: 'window',
    description: 'Also check files that are not open, so the Problems view and the status bar cover the whole workspace (files ignored by .gitignore or .secretlintignore are skipped). Takes effect after a server restart.',
  },
  {
    key: 'keepIndex',
    type: 'boolean',
    default: true,
    scope: 'window',
    description: "Keep the workspace index for the next start, so a folder opened again reads only the files that changed. It is a signed file in your user cache folder (never in the repository) holding each file's facts and findings as the Problems view shows them, never a secret value. Takes effect after a server restart.",
  },
  { key: 'logTimings', type: 'boolean', default: false, scope: 'window', description: 'Log analysis timings to the Micro-App Guard output channel. The log never holds secret values.' },
];

/** Normalised settings: every declared key has a valid value (the default when the input was missing or invalid). */
export interface Settings {
  enable: boolean;
  rules: Record<string, RuleSettingValue>;
  ignore: string[];
  debounceMs: number;
  workspaceScan: boolean;
  logTimings: boolean;
  /** Every declared key (core and families) with its value. */
  values: Record<string, unknown>;
}

export interface SettingsProblem {
  key: string;
  message: string;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

function validRuleValue(v: unknown): v is RuleSettingValue {
  if (v === 'off' || typeof v === 'boolean') return true;
  if (typeof v === 'string') return SEVERITIES.has(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (o.enabled !== undefined && typeof o.enabled !== 'boolean') return false;
    if (o.severity !== undefined && !SEVERITIES.has(o.severity as string)) return false;
    return true;
  }
  return false;
}

function check(spec: SettingSpec, v: unknown): unknown {
  switch (spec.type) {
    case 'boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      if (spec.minimum !== undefined && v < spec.minimum) return undefined;
      if (spec.maximum !== undefined && v > spec.maximum) return undefined;
      return v;
    case 'string':
      if (typeof v !== 'string') return undefined;
      if (spec.enum && !spec.enum.includes(v)) return undefined;
      return v;
    case 'array':
      return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : undefined;
    case 'object': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      if (spec.key !== 'rules') return v;
      const out: Record<string, RuleSettingValue> = {};
      for (const [id, rv] of Object.entries(v as Record<string, unknown>)) if (validRuleValue(rv)) out[id] = rv;
      return out;
    }
  }
}

/**
 * Accepts what a client or a settings file holds, nested (`{ microappGuard: { rules } }`,
 * `{ rules }`) or flat (`{ "microappGuard.rules": ... }`), and keeps only well-formed
 * values; each rejected value is reported (without quoting it).
 */
export function normalizeSettings(raw: unknown, specs: readonly SettingSpec[], problems?: SettingsProblem[]): Settings {
  const values: Record<string, unknown> = {};
  const src = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const nested = (src.microappGuard && typeof src.microappGuard === 'object' ? src.microappGuard : src) as Record<string, unknown>;
  for (const spec of specs) {
    const v = readKey(src, nested, spec.key);
    let ok = v === undefined ? undefined : check(spec, v);
    if (v !== undefined && ok === undefined) {
      const range = spec.minimum !== undefined || spec.maximum !== undefined ? ` (${spec.minimum ?? '-inf'}..${spec.maximum ?? 'inf'})` : '';
      problems?.push({ key: `microappGuard.${spec.key}`, message: `microappGuard.${spec.key} must be a ${spec.type}${range}; the default applies` });
    }
    if (ok === undefined) ok = structuredClone(spec.default);
    values[spec.key] = ok;
  }
  return {
    enable: values.enable as boolean,
    rules: values.rules as Settings['rules'],
    ignore: values.ignore as string[],
    debounceMs: values.debounceMs as number,
    workspaceScan: values.workspaceScan as boolean,
    logTimings: values.logTimings as boolean,
    values,
  };
}

function readKey(flat: Record<string, unknown>, nested: Record<string, unknown>, key: string): unknown {
  if (flat[`microappGuard.${key}`] !== undefined) return flat[`microappGuard.${key}`];
  if (nested[key] !== undefined) return nested[key];
  // "permissions.templates" may also be nested: { permissions: { templates } }.
  const dot = key.indexOf('.');
  if (dot > 0) {
    const section = nested[key.slice(0, dot)];
    if (section && typeof section === 'object') return (section as Record<string, unknown>)[key.slice(dot + 1)];
  }
  return undefined;
}

/** package.json's `contributes.configuration.properties` entry of a setting. */
export function contributedProperty(spec: SettingSpec): Record<string, unknown> {
  const p: Record<string, unknown> = { type: spec.type, default: spec.default, scope: spec.scope };
  if (spec.minimum !== undefined) p.minimum = spec.minimum;
  if (spec.maximum !== undefined) p.maximum = spec.maximum;
  if (spec.enum) p.enum = spec.enum;
  if (spec.items) p.items = { type: spec.items };
  return p;
}
