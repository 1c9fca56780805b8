/**
 * The manifest family (category `manifest`): the registration manifest
 * (`microapp.yaml`, or any YAML/JSON document of kind MicroAppRegistration)
 * checked while it is edited: schema errors on the exact node, TODO markers,
 * disagreements with the workspace and computed sections that no longer match
 * it. The workspace is read through the facts the permissions and network
 * families publish (`iam/grant`, `network/endpoint`, `k8s/workload`), so
 * editing a policy re-diagnoses the open manifest. Export, scoring and the
 * SBOM are in the family's API (api.ts), driven by the export layer (export/manifest.ts).
 */
import path = require('path');
import type { DocumentContext, DocumentTypeSpec } from '../../document';
import { findingOf } from '../../builders';
import type { Family } from '../../family';
import { entry, get, getPath, str, toPlain, type PNode } from '../../formats/tree';
import type { RuleMeta } from '../../types';
import { buildManifest, finishStatus } from './build';
import { dataClassFactor, rank, sbomFactor, score, SENSITIVITY_ORDER, sensitivityOf, BREADTH_ORDER, CONNECTIVITY_ORDER } from './score';
import type { DataClass, DependencyFile, Ecosystem, EndpointInput, Evidence, FactorName, Manifest, Sensitivity, TextProblem, VulnerabilitySummary } from './types';
import { disagreementsInText, parseManifestText, todoRanges, validateManifest } from './validate';
import { endpointInputOf, grantInput, isOutputFile, workloadInputs, type WithFile, type WorkloadFact } from './inputs';
import { ENDPOINTS } from '../../topics';
import { completionsAt, hoverAt, jsonLocation, yamlLocation } from './schemaNav';
import { addTo } from '../../collections';
export const DEFAULT_MANIFEST_PATH = 'microapp.yaml';
const DEFAULT_NAMES = new Set(['microapp.yaml', 'microapp.yml', 'microapp.json']);

const DOCS = 'docs/manifest.md';
export const MANIFEST_RULES: readonly RuleMeta[] = [
  {
    id: 'manifest/schema',
    category: 'manifest',
    severity: 'error',
    title: 'Registration manifest does not match its schema',
    description: 'A syntax error, an unknown field, a missing required field or a value outside its allowed set in the registration manifest, reported on the exact node (schemas/registration-manifest.schema.json, JSON Schema 2020-12).',
    docs: `Unknown keys are errors except keys starting with "x-" (free for the owner's notes). See ${DOCS} for every field.`,
    fix: 'Correct the field as the message says, or export the manifest again (Micro-App Guard: Export Registration Manifest) to regenerate the computed fields.',
    family: 'manifest',
  },
  {
    id: 'manifest/todo',
    category: 'manifest',
    severity: 'info',
    title: 'Required field still holds a TODO',
    description: 'A required human field (name, description, owner, team, escalation, technical approver, business justification) still holds a "TODO:" marker: the manifest is incomplete and `microapp-guard manifest --check` fails.',
    docs: 'The gate follows the score alone; completeness is a separate status (`status.state`).',
    fix: 'Replace the TODO with the information; it survives re-export.',
    family: 'manifest',
  },
  {
    id: 'manifest/disagreement',
    category: 'manifest',
    severity: 'warning',
    title: 'Manifest claims less than the workspace shows',
    description: 'A factor, the sensitivity, the permissions or the integrations say less than the workspace does (the manifest says narrow while a wildcard policy is there), or the score and gate are not what the factors give.',
    docs: 'Permissions and endpoints are read from the facts the permissions and network families publish for every file of the workspace; data classes and vulnerability counts from the manifest itself (re-export to recompute them from the files).',
    fix: 'Export the manifest again, or fix the workspace (narrow the policy) so it matches what the manifest says.',
    family: 'manifest',
  },
  {
    id: 'manifest/stale',
    category: 'manifest',
    severity: 'info',
    title: 'Computed section no longer matches the workspace',
    description: 'A computed section (requested permissions, integrations, a factor value) differs from what the workspace gives now, in a way that is not an under-statement (those are disagreements): the manifest was exported before the workspace changed.',
    docs: '`microapp-guard manifest --check` fails on a stale committed manifest; it also compares the sections the editor cannot recompute (data classes, SBOM, observability, residency).',
    fix: 'Export the manifest again: computed sections are refreshed, hand-filled fields survive.',
    family: 'manifest',
  },
];

function formatOf(doc: DocumentContext): 'yaml' | 'json' | undefined {
  if (doc.kind === 'yaml') return 'yaml';
  if (doc.kind === 'json' || doc.kind === 'jsonc') return 'json';
  return undefined;
}

/** A YAML or JSON document of kind MicroAppRegistration (it has an apiVersion too: tested before Kubernetes). */
const MANIFEST_TYPE: DocumentTypeSpec = { type: 'registration-manifest', keys: ['kind'], beforeKubernetes: true, test: (tree) => str(get(tree, 'kind')) === 'MicroAppRegistration' };

/** Whether a document is a registration manifest: by kind, or by the default file names. */
export function isManifestDocument(doc: DocumentContext): boolean {
  if (!formatOf(doc)) return false;
  return doc.has('registration-manifest') || DEFAULT_NAMES.has(doc.base);
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The file's own data classes, as the map the data-class factor reads. */
function classesOf(plain: Record<string, unknown>): Map<DataClass, Evidence[]> {
  const map = new Map<DataClass, Evidence[]>();
  const list = isObj(plain.spec) && Array.isArray(plain.spec.dataClasses) ? plain.spec.dataClasses : [];
  for (const d of list) {
    if (!isObj(d) || typeof d.class !== 'string' || !['PII', 'PHI', 'financial', 'payment-card', 'government-id', 'credentials', 'other'].includes(d.class)) continue;
    const ev = Array.isArray(d.evidence) ? d.evidence.filter((e): e is Evidence => isObj(e) && typeof e.file === 'string' && typeof e.line === 'number') : [];
    addTo(map, d.class as DataClass, ...ev);
  }
  return map;
}

const ECOSYSTEMS = ['npm', 'pypi', 'go', 'maven', 'cargo', 'rubygems', 'composer', 'nuget'];
const ecosystems = (v: unknown): Ecosystem[] => (Array.isArray(v) ? (v.filter((e) => typeof e === 'string' && ECOSYSTEMS.includes(e)) as Ecosystem[]) : []);

function vulnerabilitiesOf(plain: Record<string, unknown>): VulnerabilitySummary {
  const v = isObj(plain.spec) && isObj(plain.spec.sbom) ? plain.spec.sbom.vulnerabilities : undefined;
  if (isObj(v) && v.status === 'known' && ['critical', 'high', 'medium', 'low', 'unknown'].every((k) => typeof v[k] === 'number')) {
    const uncovered = ecosystems(v.uncovered);
    return {
      status: 'known',
      critical: v.critical as number,
      high: v.high as number,
      medium: v.medium as number,
      low: v.low as number,
      unknown: v.unknown as number,
      reports: Array.isArray(v.reports) ? (v.reports as never) : [],
      ...(uncovered.length ? { uncovered } : {}),
    };
  }
  if (isObj(v) && v.status === 'no-components' && typeof v.reason === 'string') return { status: 'no-components', reason: v.reason };
  const eco = isObj(v) ? ecosystems(v.ecosystems) : [];
  return { status: 'unknown', reason: isObj(v) && typeof v.reason === 'string' ? v.reason : 'no vulnerability report in the workspace', ...(eco.length ? { ecosystems: eco } : {}) };
}

function dependencyFilesOf(plain: Record<string, unknown>): DependencyFile[] {
  const list = isObj(plain.spec) && isObj(plain.spec.sbom) && Array.isArray(plain.spec.sbom.dependencyFiles) ? plain.spec.sbom.dependencyFiles : [];
  return list.filter((d): d is DependencyFile => isObj(d) && typeof d.file === 'string' && ECOSYSTEMS.includes(d.ecosystem as string) && typeof d.packages === 'number');
}

/**
 * The manifest as the workspace gives it while the file is edited: permissions,
 * integrations and workloads from the published facts; data classes and
 * vulnerability counts from the file itself (their inputs are files the editor
 * does not read on every keystroke). Score and gate are recomputed from those.
 */
export function liveManifest(
  plain: unknown,
  facts: { grants?: Array<WithFile<Record<string, unknown>>>; endpoints?: EndpointInput[]; workloads?: WorkloadFact[] },
): Manifest {
  const own = isObj(plain) ? plain : {};
  const fresh = buildManifest({
    files: [],
    grants: facts.grants?.map(grantInput),
    endpoints: facts.endpoints,
    workloads: workloadInputs(facts.workloads ?? [], []),
    now: typeof own.generatedAt === 'string' ? own.generatedAt : '1970-01-01T00:00:00.000Z',
  }).manifest;
  const classes = classesOf(own);
  const inferred = sensitivityOf(classes.keys());
  const fileSens = isObj(own.spec) ? (own.spec.sensitivity as Sensitivity | undefined) : undefined;
  const declared = fileSens && rank(SENSITIVITY_ORDER, fileSens) > rank(SENSITIVITY_ORDER, inferred) ? fileSens : undefined;
  fresh.spec.dataClasses = [...classes.keys()].map((c) => ({ class: c, origin: 'declared' as const }));
  fresh.spec.sensitivity = declared ?? inferred;
  fresh.risk.factors.dataClass = dataClassFactor(classes, declared);
  const vulns = vulnerabilitiesOf(own);
  fresh.spec.sbom.vulnerabilities = vulns;
  fresh.spec.sbom.dependencyFiles = dependencyFilesOf(own);
  fresh.risk.factors.sbomVulnerabilities = sbomFactor(vulns);
  const incomplete: FactorName[] = (fresh.risk.incompleteFactors ?? []).filter((f) => f !== 'sbomVulnerabilities');
  if (vulns.status === 'unknown' || (vulns.status === 'known' && vulns.uncovered?.length)) incomplete.push('sbomVulnerabilities');
  if (incomplete.length) fresh.risk.incompleteFactors = incomplete;
  else delete fresh.risk.incompleteFactors;
  const sc = score(fresh.risk.factors);
  fresh.risk.score = sc.score;
  fresh.risk.gate = sc.gate;
  return finishStatus(fresh);
}

/** Stable comparison of computed lists, whatever the order of keys and entries. */
function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => (Array.isArray(x) ? x.map(norm) : isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, norm(x[k])])) : x);
  if (Array.isArray(v)) return JSON.stringify(v.map((x) => JSON.stringify(norm(x))).sort());
  return JSON.stringify(norm(v));
}

/** Computed sections of the file that differ from the live manifest without under-stating it. */
export function staleInText(root: PNode | undefined, computed: Manifest): TextProblem[] {
  const out: TextProblem[] = [];
  const plain = toPlain(root) as Record<string, unknown> | undefined;
  if (!isObj(plain)) return out;
  const keyOf = (keys: string[]) => {
    const parent = getPath(root, keys.slice(0, -1));
    const e = entry(parent, keys[keys.length - 1]);
    return e ? { start: e.keyStart, end: e.keyEnd } : undefined;
  };
  const lists: Array<[string[], unknown[], string]> = [
    [['spec', 'requestedPermissions'], computed.spec.requestedPermissions, 'grant(s)'],
    [['spec', 'externalIntegrations'], computed.spec.externalIntegrations, 'host(s)'],
  ];
  for (const [keys, want, noun] of lists) {
    const node = getPath(root, keys);
    if (node?.type !== 'array') continue;
    const have = toPlain(node) as unknown[];
    if (have.length < want.length) continue; // a disagreement says so
    if (canonical(have) === canonical(want)) continue;
    const at = keyOf(keys);
    if (at) out.push({ ...at, severity: 'info', message: `${keys.join('.')} no longer matches the workspace (${want.length} ${noun} now, ${have.length} listed): export the manifest again to refresh it` });
  }
  const orders = { permissionsBreadth: BREADTH_ORDER as string[], externalConnectivity: CONNECTIVITY_ORDER as string[] };
  for (const name of Object.keys(orders) as Array<keyof typeof orders>) {
    const n = getPath(root, ['risk', 'factors', name, 'value']);
    if (n?.type !== 'string') continue;
    const want = computed.risk.factors[name].value;
    if (rank(orders[name], n.value) > rank(orders[name], want)) {
      out.push({ start: n.start, end: n.end, severity: 'info', message: `says ${n.value} but the workspace now gives ${want}: export the manifest again to refresh the score` });
    }
  }
  return out;
}

function relTo(root: string | undefined, p: string): string {
  return root ? path.relative(root, p).split(path.sep).join('/') : path.basename(p);
}

export const manifestFamily: Family = {
  name: 'manifest',
  category: 'manifest',
  idPrefixes: ['manifest/'],
  rules: MANIFEST_RULES,
  settings: [
    {
      key: 'manifest.path',
      type: 'string',
      default: DEFAULT_MANIFEST_PATH,
      scope: 'resource',
      description: 'Where the registration manifest is written, relative to the workspace folder (.yaml/.yml for YAML, .json for JSON). A file there, or any YAML/JSON document of kind MicroAppRegistration, is checked against the schema and the workspace.',
    },
  ],

  documentTypes: [MANIFEST_TYPE],
  appliesTo: (doc) => isManifestDocument(doc),

  // Completion and hover from the schema (the export's score is added to a hover on the verdict by the adapter).
  editor: {
    completionTriggers: [':'],
    hover({ doc, offset }) {
      const format = formatOf(doc);
      if (!format || !isManifestDocument(doc)) return undefined;
      const h = hoverAt(doc.text, offset, format);
      if (!h) return undefined;
      const loc = format === 'json' ? jsonLocation(doc.text, offset) : yamlLocation(doc.text, offset);
      return { markdown: h.markdown, key: [...loc.parent, ...(loc.key ? [loc.key] : [])].filter((k) => k !== '[]').join('.') };
    },
    completions({ doc, offset }) {
      const format = formatOf(doc);
      if (!format || !isManifestDocument(doc)) return [];
      return completionsAt(doc.text, offset, format).map((c) => ({ label: c.label, kind: c.kind, ...(c.detail ? { detail: c.detail } : {}), documentation: c.documentation }));
    },
  },

  async check(ctx) {
    const { doc } = ctx;
    const format = formatOf(doc);
    if (!format) return [];
    const root = ctx.workspace.root ?? ctx.folder?.root;
    const setting = (ctx.settings['manifest.path'] as string | undefined) || DEFAULT_MANIFEST_PATH;
    const rel = relTo(root, doc.path);
    // A stray microapp.* file that is not a manifest (no kind, not the configured path) is left alone.
    if (!doc.has('registration-manifest') && rel !== setting && !(root === undefined || path.dirname(rel) === '.')) return [];
    const problems: Array<TextProblem & { ruleId: string }> = [];
    const schema = validateManifest(doc.text, format);
    for (const p of schema) problems.push({ ...p, ruleId: 'manifest/schema' });
    const parsed = parseManifestText(doc.text, format);
    if (!parsed.problems.length && parsed.root) {
      for (const p of todoRanges(doc.text, format)) problems.push({ ...p, ruleId: 'manifest/todo' });
      await ctx.yield();
      // The vulnerability reports the manifest says it read are not app content (as on export).
      const plain = toPlain(parsed.root);
      const own = isObj(plain) ? vulnerabilitiesOf(plain) : undefined;
      const reports = new Set(own?.status === 'known' ? own.reports.map((r) => (isObj(r) && typeof r.file === 'string' ? r.file : '')) : []);
      const keep = (f: { path: string }) => !isOutputFile(relTo(root, f.path), setting) && !reports.has(relTo(root, f.path));
      // Grants and workloads as the scan and the export read them (the workspace views): roles across files, kustomize namespaces.
      const keepFile = (f: { file: string }) => !isOutputFile(f.file, setting) && !reports.has(f.file);
      const grants = ctx.view('grants').filter(keepFile) as WithFile<Record<string, unknown>>[];
      const endpoints = ctx.workspace.query<Record<string, unknown>>(ENDPOINTS.name).filter(keep).map((x) => endpointInputOf(x.value, relTo(root, x.path)));
      const workloads = ctx.view('workloads').filter(keepFile) as unknown as WorkloadFact[];
      let computed: Manifest | undefined;
      try {
        computed = liveManifest(toPlain(parsed.root), { grants, endpoints, workloads });
      } catch {
        computed = undefined; // values the schema check reports
      }
      if (computed) {
        for (const p of disagreementsInText(doc.text, format, computed)) problems.push({ ...p, ruleId: 'manifest/disagreement' });
        for (const p of staleInText(parsed.root, computed)) problems.push({ ...p, ruleId: 'manifest/stale' });
      }
    }
    return problems.map((p) => findingOf(doc, 'manifest', p, undefined, doc.index.range(p.start, Math.min(p.end, doc.text.length))));
  },
};
