/**
 * Live validation of a manifest being edited: parse errors and schema errors
 * on the exact node, TODO markers, and disagreements with the workspace.
 * Messages never quote the document's content.
 */
import { compile2020, type ErrorObject, type ValidateFunction } from '../../schemaValidator';
import { printParseErrorCode, type ParseErrorCode } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { entry, fromYaml, get, getPath, parseJsonTree, toPlain, type PNode } from '../../formats/tree';
import { isTodo, HUMAN_FIELDS } from './build';
import { containsCredential } from '../../credentials';
import { manifestSchema } from './schemaData';
import { BREADTH_ORDER, CONNECTIVITY_ORDER, rank, SBOM_ORDER, score, SENSITIVITY_ORDER, valuesOf } from './score';
import type { Manifest, TextProblem } from './types';

let validator: ValidateFunction | undefined;

/** The compiled schema validator (ajv 2020-12 with formats), compiled once. */
export function schemaValidator(): ValidateFunction {
  validator ??= compile2020(manifestSchema, { allErrors: true, strict: false }, true);
  return validator;
}

/** Validate a manifest object; the ajv errors (for tests and the CLI). */
export function validateObject(m: unknown): ErrorObject[] {
  const v = schemaValidator();
  return v(m) ? [] : [...(v.errors ?? [])];
}

export interface ParsedManifest {
  root?: PNode;
  problems: TextProblem[];
}

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate key',
  BAD_INDENT: 'bad indentation',
  MISSING_CHAR: 'a closing character is missing',
  MULTILINE_IMPLICIT_KEY: 'an implicit key cannot span lines',
  TAB_AS_INDENT: 'tabs cannot indent YAML',
  UNEXPECTED_TOKEN: 'unexpected token',
  BLOCK_AS_IMPLICIT_KEY: 'a block cannot be an implicit key',
  KEY_OVER_1024_CHARS: 'key longer than 1024 characters',
};

/** A YAML error code as people read it (never the content at the error). */
export function yamlErrorText(code: string): string {
  return YAML_MESSAGES[code] ?? code.toLowerCase().replace(/_/g, ' ');
}

/** Parse YAML or JSON into the positioned tree; syntax errors as problems (never quoting content). */
export function parseManifestText(text: string, format: 'yaml' | 'json'): ParsedManifest {
  if (format === 'json') {
    const r = parseJsonTree(text);
    return {
      root: r.root,
      problems: r.errors.map((e) => ({
        start: e.offset,
        end: e.offset + Math.max(1, e.length),
        message: `JSON syntax error: ${printParseErrorCode(e.code as ParseErrorCode)}`,
        severity: 'error' as const,
      })),
    };
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problems: TextProblem[] = doc.errors.map((e) => ({
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0] + 1),
    message: `YAML syntax error: ${YAML_MESSAGES[e.code] ?? e.code.toLowerCase().replace(/_/g, ' ')}`,
    severity: 'error' as const,
  }));
  return { root: fromYaml(doc, undefined, 0, text), problems };
}

/** The node at a JSON pointer (ajv instancePath), or the deepest existing ancestor. */
function nodeAt(root: PNode | undefined, pointer: string): { node?: PNode; keyRange?: [number, number]; exact: boolean } {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = root;
  let keyRange: [number, number] | undefined;
  for (const p of parts) {
    if (!cur) break;
    if (cur.type === 'object') {
      const e = entry(cur, p);
      if (!e) return { node: cur, keyRange, exact: false };
      keyRange = [e.keyStart, e.keyEnd];
      cur = e.value;
    } else if (cur.type === 'array') {
      const it = cur.items[Number(p)];
      if (!it) return { node: cur, keyRange, exact: false };
      keyRange = undefined;
      cur = it;
    } else return { node: cur, keyRange, exact: false };
  }
  return { node: cur, keyRange, exact: true };
}

/**
 * A key of the document that a message may name: identifier-like (or an array index), short, and not shaped like a
 * token (a provider's format, a long run mixing letters and digits, random-looking case, long hex). Anything else is
 * not quoted: a key pasted by mistake may be a live credential.
 */
function mentionableKey(k: string): boolean {
  if (/^\d{1,6}$/.test(k)) return true;
  if (k.length > 40 || !/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k)) return false;
  if (containsCredential(k)) return false;
  for (const w of k.split(/[-_$]+/)) {
    if (w.length >= 8 && /[0-9]/.test(w) && /[A-Za-z]/.test(w) && (w.match(/[0-9]/g) ?? []).length >= 2) return false;
    if (w.length >= 16 && /^[0-9a-f]+$/i.test(w)) return false;
    // camelCase splits into words; random case splits into crumbs.
    const parts = w.split(/(?<=[a-z0-9])(?=[A-Z])/);
    if (w.length >= 12 && w.length / parts.length < 3) return false;
  }
  return true;
}

/** A JSON pointer as a dotted path, each key that may not be named replaced by a marker. */
function dottedPath(pointer: string): string {
  if (!pointer) return '(root)';
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (mentionableKey(p) ? p : '[key not shown]'))
    .join('.');
}

function describe(e: ErrorObject): string {
  const at = dottedPath(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return `${at}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      if (!mentionableKey(key)) return `${at}: unknown field (its name is not shown: it looks like a credential; remove it, and put your own notes under keys starting with "x-")`;
      return `${at}: unknown field "${key}" (put your own notes under keys starting with "x-")`;
    }
    case 'enum':
      return `${at}: must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'pattern':
      return /email$/.test(at) ? `${at}: must be an email address or a TODO marker` : `${at}: does not match the expected pattern`;
    default:
      return `${at}: ${e.message ?? 'invalid'}`;
  }
}

/**
 * Schema and syntax problems of a manifest text, each on the exact node: the
 * offending value, the unknown key, or for a missing field the key of the
 * object that lacks it (the document start at the root).
 */
export function validateManifest(text: string, format: 'yaml' | 'json'): TextProblem[] {
  const parsed = parseManifestText(text, format);
  if (parsed.problems.length || !parsed.root) {
    if (!parsed.root && !parsed.problems.length) return [{ start: 0, end: Math.min(text.length, 1), message: 'the manifest is empty', severity: 'error' }];
    return parsed.problems;
  }
  const errors = validateObject(toPlain(parsed.root)).filter((e) => e.keyword !== 'if');
  const out: TextProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const { node, keyRange, exact } = nodeAt(parsed.root, e.instancePath);
    let start = node?.start ?? 0;
    let end = node?.end ?? 0;
    if (e.keyword === 'additionalProperties' && node?.type === 'object') {
      const en = entry(node, (e.params as { additionalProperty: string }).additionalProperty);
      if (en) [start, end] = [en.keyStart, en.keyEnd];
    } else if (e.keyword === 'required' || !exact) {
      if (keyRange) [start, end] = keyRange;
      else end = Math.min(end, start + 1);
    }
    const message = describe(e);
    const k = `${start}:${end}:${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ start, end: Math.max(end, start + 1), message, severity: 'error' });
  }
  return out;
}

/** The TODO markers in the required human fields, as info problems on their values. */
export function todoRanges(text: string, format: 'yaml' | 'json'): TextProblem[] {
  const { root } = parseManifestText(text, format);
  const out: TextProblem[] = [];
  for (const p of HUMAN_FIELDS) {
    const n = getPath(root, p.split('.'));
    if (n?.type === 'string' && isTodo(n.value)) out.push({ start: n.start, end: n.end, message: `${p} is still a TODO: the manifest is incomplete until it is filled`, severity: 'info' });
  }
  return out;
}

function strAt(root: PNode | undefined, path: string[]): { node: PNode; value: string } | undefined {
  const n = getPath(root, path);
  return n?.type === 'string' ? { node: n, value: n.value } : undefined;
}

/**
 * Where the edited manifest disagrees with the workspace (a freshly computed
 * manifest): a factor value or sensitivity lower than computed, fewer data
 * classes, fewer permissions or integrations, a score or gate that is not the
 * one its factors give, a `complete` status with TODO fields left.
 */
export function disagreements(root: PNode | undefined, computed: Manifest): TextProblem[] {
  const out: TextProblem[] = [];
  const warn = (n: PNode, message: string) => out.push({ start: n.start, end: n.end, message, severity: 'warning' });
  const orders = {
    dataClass: SENSITIVITY_ORDER as string[],
    permissionsBreadth: BREADTH_ORDER as string[],
    externalConnectivity: CONNECTIVITY_ORDER as string[],
    sbomVulnerabilities: SBOM_ORDER as string[],
  };
  for (const name of Object.keys(orders) as Array<keyof typeof orders>) {
    const s = strAt(root, ['risk', 'factors', name, 'value']);
    if (!s) continue;
    const want = computed.risk.factors[name];
    if (rank(orders[name], s.value) >= 0 && rank(orders[name], s.value) < rank(orders[name], want.value)) {
      warn(s.node, `says ${s.value} but the workspace gives ${want.value}${want.evidence[0] ? `: ${want.evidence[0]}` : ''}`);
    }
  }
  const sens = strAt(root, ['spec', 'sensitivity']);
  if (sens && rank(SENSITIVITY_ORDER, sens.value) >= 0 && rank(SENSITIVITY_ORDER, sens.value) < rank(SENSITIVITY_ORDER, computed.spec.sensitivity)) {
    warn(sens.node, `says ${sens.value} but the data classes found make it ${computed.spec.sensitivity}`);
  }
  const dc = getPath(root, ['spec', 'dataClasses']);
  if (dc) {
    const declared = new Set(dc.type === 'array' ? dc.items.map((i) => (get(i, 'class')?.type === 'string' ? (get(i, 'class') as { value: string }).value : '')) : []);
    const missing = [...new Set(computed.spec.dataClasses.map((d) => d.class))].filter((c) => !declared.has(c));
    if (missing.length) warn(dc, `the workspace handles ${missing.join(', ')} too, which this list does not declare`);
  }
  const perms = getPath(root, ['spec', 'requestedPermissions']);
  if (perms?.type === 'array' && perms.items.length < computed.spec.requestedPermissions.length) {
    warn(perms, `lists ${perms.items.length} grant(s) but the workspace has ${computed.spec.requestedPermissions.length}`);
  }
  const integ = getPath(root, ['spec', 'externalIntegrations']);
  if (integ?.type === 'array' && integ.items.length < computed.spec.externalIntegrations.length) {
    warn(integ, `lists ${integ.items.length} integration(s) but the workspace talks to ${computed.spec.externalIntegrations.length} host(s)`);
  }
  // Score and gate as the file's own factors give them, and against the workspace.
  const factorsNode = getPath(root, ['risk', 'factors']);
  const fileFactors = toPlain(factorsNode) as Record<string, { value?: string }> | undefined;
  const scoreNode = getPath(root, ['risk', 'score']);
  const gateNode = strAt(root, ['risk', 'gate']);
  let own: ReturnType<typeof score> | undefined;
  try {
    if (fileFactors) own = score(valuesOf(fileFactors as never));
  } catch {
    own = undefined; // invalid factor values: the schema check reports them
  }
  if (own && scoreNode?.type === 'number' && scoreNode.value !== own.score) warn(scoreNode, `the factors add up to ${own.score}, not ${scoreNode.value}`);
  if (gateNode) {
    if (own && gateNode.value !== own.gate) warn(gateNode.node, `a score of ${own.score} gives ${own.gate}`);
    else if (gateNode.value !== computed.risk.gate) warn(gateNode.node, `the workspace scores ${computed.risk.score}, which gives ${computed.risk.gate}`);
  }
  // An unknown vulnerability factor scored 5 by an older version: it scores 0 now, and the manifest is incomplete instead.
  const sbomValue = strAt(root, ['risk', 'factors', 'sbomVulnerabilities', 'value']);
  const sbomPoints = getPath(root, ['risk', 'factors', 'sbomVulnerabilities', 'points']);
  if (sbomValue?.value === 'unknown' && sbomPoints?.type === 'number' && sbomPoints.value !== 0) {
    warn(sbomPoints, `an unknown vulnerability factor scores 0 (written by an older version that scored it ${sbomPoints.value}): the manifest is incomplete instead until a vulnerability report is read; export the manifest again`);
  }
  const state = strAt(root, ['status', 'state']);
  if (state?.value === 'complete') {
    const left = HUMAN_FIELDS.filter((p) => {
      const n = getPath(root, p.split('.'));
      return !n || (n.type === 'string' && (isTodo(n.value) || !n.value.trim()));
    });
    const parts = left.length ? [`${left.join(', ')} still need filling`] : [];
    const vulnStatus = strAt(root, ['spec', 'sbom', 'vulnerabilities', 'status'])?.value;
    const uncovered = getPath(root, ['spec', 'sbom', 'vulnerabilities', 'uncovered']);
    if (vulnStatus === 'unknown') parts.push('the vulnerability factor is unknown (no vulnerability report was read)');
    else if (vulnStatus === 'known' && uncovered?.type === 'array' && uncovered.items.length) parts.push('no vulnerability report covers every ecosystem of the app');
    if (parts.length) warn(state.node, `says complete but ${parts.join('; ')}`);
  }
  return out;
}

/** Disagreements of a manifest text (parse errors yield none: validateManifest reports them). */
export function disagreementsInText(text: string, format: 'yaml' | 'json', computed: Manifest): TextProblem[] {
  const { root, problems } = parseManifestText(text, format);
  return problems.length ? [] : disagreements(root, computed);
}

export type { Manifest };
