/**
 * Building the manifest from the workspace and the families' facts, merging
 * it with the owner's previous file, and writing YAML / Backstage.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, stringify, type Node as YamlNode } from 'yaml';
import { inferableFiles, inferDataClasses, inferFlows, inferMetadata, inferObservability, inferRegions, inferRevocationNames } from './infer';
import { buildSbom, readVulnerabilityReports, SBOM_SPEC_VERSION } from './sbom';
import { dependencyFiles, describeDependencies, ecosystemsCovered, ecosystemsOf, howToReport, MAX_DEPENDENCY_FILES } from './deps';
import {
  connectivityFactor,
  dataClassFactor,
  gateFor,
  permissionsFactor,
  rank,
  sbomFactor,
  score,
  SENSITIVITY_ORDER,
  sensitivityOf,
  valuesOf,
} from './score';
import type {
  BuildInput,
  DataClass,
  DataClassEntry,
  Evidence,
  FactorName,
  FlowItem,
  DependencyFile,
  Manifest,
  MissingItem,
  RevocationItem,
  Risk,
  Sensitivity,
  TrustBoundary,
  VulnerabilitySummary,
  WorkspaceFile,
} from './types';

export const API_VERSION = 'microapp-guard/v1';
const GENERATOR = 'microapp-guard';

/** The TODO marker convention: a string starting with "TODO" (written `TODO: <what to fill>`). */
export function isTodo(v: unknown): boolean {
  return typeof v === 'string' && /^\s*TODO\b/.test(v);
}

export function todo(what: string): string {
  return `TODO: ${what}`;
}

/** Required human fields (dot paths); a TODO or an empty value in any of them makes the manifest incomplete. */
export const HUMAN_FIELDS = [
  'metadata.name',
  'metadata.description',
  'metadata.owner.name',
  'metadata.owner.email',
  'metadata.team',
  'metadata.escalation',
  'metadata.technicalApprover',
  'spec.businessJustification',
] as const;

function getDot(o: unknown, path: string): unknown {
  let cur = o;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function setDot(o: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (!cur[k] || typeof cur[k] !== 'object') cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]] = v;
}

/** Paths of the required human fields still holding a TODO (or empty / missing). */
export function todoPaths(m: unknown): string[] {
  return HUMAN_FIELDS.filter((p) => {
    const v = getDot(m, p);
    return typeof v !== 'string' || !v.trim() || isTodo(v);
  });
}

const TODO_TEXT: Record<(typeof HUMAN_FIELDS)[number], string> = {
  'metadata.name': 'the app name',
  'metadata.description': 'what the app does, who uses it, which systems it talks to',
  'metadata.owner.name': "the accountable owner's name",
  'metadata.owner.email': "the owner's email address",
  'metadata.team': 'the team that maintains the app',
  'metadata.escalation': 'where to escalate an incident (on-call rotation, channel or address)',
  'metadata.technicalApprover': 'who approves the technical design',
  'spec.businessJustification': 'why the business needs this app',
};

const isDeclared = (x: { origin?: string }) => x.origin !== 'inferred';

export const NO_COMPONENTS_REASON = 'no third-party components: no dependency manifest or lock file in the folder declares a third-party package';

/**
 * The vulnerability summary of a folder: from the reports in it when there
 * are any (the ecosystems with packages that no report covers listed in
 * `uncovered`); `no-components` when no file declares a third-party package;
 * otherwise unknown, with the ecosystems a report is needed for.
 */
export function vulnerabilitySummary(files: WorkspaceFile[], deps: DependencyFile[] = dependencyFiles(files)): VulnerabilitySummary {
  const read = readVulnerabilityReports(files);
  const ecosystems = ecosystemsOf(deps);
  if (read.status === 'known') {
    const covered = new Set(read.reports.flatMap((r) => {
      const c = ecosystemsCovered(r.format);
      return c === 'all' ? ecosystems : c;
    }));
    const uncovered = ecosystems.filter((e) => !covered.has(e));
    return uncovered.length ? { ...read, uncovered } : read;
  }
  if (!deps.length) return { status: 'no-components', reason: NO_COMPONENTS_REASON };
  return { status: 'unknown', reason: `no vulnerability report in the workspace for its ${ecosystems.join(', ')} packages; nothing is fetched from the network`, ecosystems };
}

const sbomIncomplete = (v: VulnerabilitySummary) => v.status === 'unknown' || (v.status === 'known' && !!v.uncovered?.length);

const REPORT_FORMATS = 'npm audit, OSV-Scanner, Trivy, Grype, pip-audit or CycloneDX with vulnerabilities, as JSON';

/**
 * What keeps a manifest incomplete and what would complete it: a factor that
 * cannot be known offline (no vulnerability report for the app's
 * third-party packages; a family that published nothing), then every required
 * human field still holding a TODO (or empty). Neither scores any points.
 */
export function missingItems(m: Manifest): MissingItem[] {
  const out: MissingItem[] = [];
  const inc = m.risk.incompleteFactors ?? [];
  const rerun = 'export the manifest with `microapp-guard manifest --out microapp.yaml` or the editor command, which run every family';
  if (inc.includes('permissionsBreadth')) out.push({ field: 'risk.factors.permissionsBreadth', reason: 'the permissions were not analysed (no grants were published)', howToComplete: rerun });
  if (inc.includes('externalConnectivity')) out.push({ field: 'risk.factors.externalConnectivity', reason: 'the endpoints were not analysed (none were published)', howToComplete: rerun });
  const v = m.spec?.sbom?.vulnerabilities;
  const deps = m.spec?.sbom?.dependencyFiles ?? [];
  if (v?.status === 'unknown') {
    out.push({
      field: 'risk.factors.sbomVulnerabilities',
      reason: deps.length ? `no vulnerability report in the workspace for its third-party packages (${describeDependencies(deps)}); nothing is fetched from the network` : v.reason,
      howToComplete: deps.length ? howToReport(deps) : `add a vulnerability report (${REPORT_FORMATS}) to the folder, then export the manifest again`,
    });
  } else if (v?.status === 'known' && v.uncovered?.length) {
    const uncovered = deps.filter((d) => v.uncovered!.includes(d.ecosystem));
    out.push({
      field: 'risk.factors.sbomVulnerabilities',
      reason: `the report(s) read (${v.reports.map((r) => `${r.file}, ${r.format}`).join('; ')}) do not cover the ${v.uncovered.join(', ')} packages${uncovered.length ? ` (${describeDependencies(uncovered)})` : ''}`,
      howToComplete: uncovered.length ? howToReport(uncovered) : `add a report that covers them (${REPORT_FORMATS}), then export the manifest again`,
    });
  }
  for (const p of todoPaths(m)) {
    const value = getDot(m, p);
    out.push({ field: p, reason: isTodo(value) ? 'still holds a TODO marker' : 'is empty', howToComplete: `fill in ${TODO_TEXT[p as (typeof HUMAN_FIELDS)[number]]}; a filled field survives re-export` });
  }
  return out;
}

function computeRisk(
  input: BuildInput,
  inferredClasses: Map<DataClass, Evidence[]>,
  declaredSensitivity: Sensitivity | undefined,
  vulns: Manifest['spec']['sbom']['vulnerabilities'],
): Risk {
  const factors = {
    dataClass: dataClassFactor(inferredClasses, declaredSensitivity),
    permissionsBreadth: permissionsFactor(input.grants),
    externalConnectivity: connectivityFactor(input.endpoints),
    sbomVulnerabilities: sbomFactor(vulns),
  };
  const s = score(factors);
  const incomplete: FactorName[] = [];
  if (input.grants === undefined) incomplete.push('permissionsBreadth');
  if (input.endpoints === undefined) incomplete.push('externalConnectivity');
  if (sbomIncomplete(vulns)) incomplete.push('sbomVulnerabilities');
  // `incomplete` sits beside the gate; finishStatus sets it from status.missing.
  const risk: Risk = { score: s.score, gate: s.gate, incomplete: false, factors };
  if (incomplete.length) risk.incompleteFactors = incomplete;
  if (input.afterFixes) {
    const a = input.afterFixes;
    const after = {
      dataClass: factors.dataClass.value,
      permissionsBreadth: permissionsFactor(a.grants ?? input.grants).value,
      externalConnectivity: connectivityFactor(a.endpoints ?? input.endpoints).value,
      sbomVulnerabilities: sbomFactor(a.vulnerabilities ?? vulns).value,
    };
    const sa = score(after);
    risk.afterFixes = { score: sa.score, gate: sa.gate, values: { ...after } };
  }
  return risk;
}

/**
 * The build input without the files and facts of the vulnerability reports
 * read (they are not app content: their advisory links are no integrations,
 * their advisory texts no data classes). Secrets found in them stay: a
 * credential in a committed file is one to revoke wherever it is.
 */
function withoutReports(input: BuildInput, vulns: VulnerabilitySummary): BuildInput {
  if (vulns.status !== 'known') return input;
  const reports = new Set(vulns.reports.map((r) => r.file));
  const keep = <T extends { file: string }>(list: T[] | undefined) => list?.filter((x) => !reports.has(x.file));
  const a = input.afterFixes;
  return {
    ...input,
    files: input.files.filter((f) => !reports.has(f.path)),
    grants: keep(input.grants),
    endpoints: keep(input.endpoints),
    workloads: keep(input.workloads),
    publicExposure: keep(input.publicExposure),
    ...(a ? { afterFixes: { ...a, grants: keep(a.grants), endpoints: keep(a.endpoints) } } : {}),
  };
}

/**
 * Build a fresh manifest from the workspace, then merge the owner's previous
 * manifest (if any) into it. Returns the manifest, its status and the TODO paths.
 */
export function buildManifest(
  input: BuildInput,
  previous?: unknown,
): { manifest: Manifest; status: 'complete' | 'incomplete'; todo: string[]; sbom: ReturnType<typeof buildSbom> } {
  const deps = dependencyFiles(input.files);
  const vulns = vulnerabilitySummary(input.files, deps);
  // A vulnerability report is read as a report, never as app content: its advisory links are not integrations.
  input = withoutReports(input, vulns);
  const files = inferableFiles(input.files, input.manifestPath);
  const secrets = input.secrets ?? [];
  const secretLines = new Set(secrets.map((s) => `${s.file}:${s.line}`));
  const meta = inferMetadata(files, secretLines);
  const classes = inferDataClasses(files);
  // OAuth scopes that reach personal data (oauth family): PII, the scope as the indicator.
  for (const e of input.scopeDataClasses ?? []) {
    const list = classes.get(e.class) ?? [];
    if (!list.some((x) => x.file === e.file && x.line === e.line && x.indicator === e.indicator)) list.push({ file: e.file, line: e.line, indicator: e.indicator });
    classes.set(e.class, list);
  }
  const flows = inferFlows(files);
  const endpoints = input.endpoints ?? [];
  const grants = input.grants ?? [];

  // Integrations: one entry per host.
  const integrations = new Map<string, Manifest['spec']['externalIntegrations'][number]>();
  for (const e of endpoints) {
    const it = integrations.get(e.host) ?? { host: e.host, ...(e.registrableDomain ? { domain: e.registrableDomain } : {}), kind: e.kind, ...(e.provider ? { provider: e.provider } : {}), locations: [] };
    if (it.locations.length < 20) it.locations.push({ file: e.file, line: e.line });
    integrations.set(e.host, it);
  }
  const external = [...integrations.values()].filter((i) => i.kind !== 'internal');
  const sinks: FlowItem[] = [
    ...external.map((i) => ({ kind: i.kind === 'listed-saas' ? 'saas' : 'unknown', name: i.host, origin: 'inferred' as const, evidence: i.locations.slice(0, 5) })),
    ...flows.sinks,
  ];
  const boundaries: TrustBoundary[] = [];
  const entering = flows.sources.filter((s) => ['http', 'webhook', 'slack-event'].includes(s.kind));
  if (entering.length || (input.publicExposure ?? []).length) {
    const via = [...new Set(entering.map((s) => s.name))];
    boundaries.push({ from: 'internet', to: 'app', origin: 'inferred', note: via.length ? `via ${via.join(', ')}` : 'public exposure' });
  }
  for (const s of flows.sources.filter((x) => x.kind === 'spreadsheet')) boundaries.push({ from: s.name, to: 'app', origin: 'inferred', note: 'SaaS data read by the app' });
  for (const s of sinks) boundaries.push({ from: 'app', to: s.name, origin: 'inferred', note: s.kind === 'unknown' ? 'data leaves to an unlisted host' : 'data leaves to a third party' });

  // Secrets: counts and locations, never values.
  const byRule: Record<string, number> = {};
  for (const s of secrets) byRule[s.rule] = (byRule[s.rule] ?? 0) + 1;

  const revNames = inferRevocationNames(files);
  const roles = new Map<string, RevocationItem>();
  const serviceAccounts = new Map<string, RevocationItem>(revNames.serviceAccounts.map((s) => [s.name, s]));
  for (const g of grants) {
    if (g.role && !roles.has(g.role)) roles.set(g.role, { name: g.role, kind: `${g.provider}-role`, origin: 'inferred', file: g.file, line: g.line });
    if (g.principal) {
      const sa = /serviceaccount|gserviceaccount\.com/i.test(g.principal);
      const target = sa ? serviceAccounts : roles;
      if (!target.has(g.principal)) target.set(g.principal, { name: g.principal, kind: sa ? `${g.provider}-serviceaccount` : `${g.provider}-principal`, origin: 'inferred', file: g.file, line: g.line });
    }
  }
  const credentials: RevocationItem[] = [
    ...revNames.credentials,
    ...secrets.map((s) => ({ name: `hardcoded secret (${s.rule})`, kind: 'hardcoded', origin: 'inferred' as const, file: s.file, line: s.line })),
  ];

  const sbom = buildSbom(input.files, { name: meta.name, timestamp: input.now });

  const dataClasses: DataClassEntry[] = [...classes.entries()].map(([cls, evidence]) => ({ class: cls, origin: 'inferred', evidence }));
  const manifest: Manifest = {
    apiVersion: API_VERSION,
    kind: 'MicroAppRegistration',
    status: { state: 'incomplete', todo: [] },
    metadata: {
      name: meta.name ?? todo(TODO_TEXT['metadata.name']),
      description: meta.description ?? todo(TODO_TEXT['metadata.description']),
      owner: { name: meta.owner.name ?? todo(TODO_TEXT['metadata.owner.name']), email: meta.owner.email ?? todo(TODO_TEXT['metadata.owner.email']) },
      team: meta.team ?? todo(TODO_TEXT['metadata.team']),
      escalation: todo(TODO_TEXT['metadata.escalation']),
      technicalApprover: todo(TODO_TEXT['metadata.technicalApprover']),
    },
    spec: {
      businessJustification: todo(TODO_TEXT['spec.businessJustification']),
      dataClasses,
      sensitivity: sensitivityOf(classes.keys()),
      requestedPermissions: grants.map((g) => ({ ...g })),
      externalIntegrations: [...integrations.values()],
      dataFlows: { sources: flows.sources, stores: flows.stores, sinks, trustBoundaries: boundaries },
      secrets: { total: secrets.length, byRule, locations: secrets.map((s) => ({ file: s.file, line: s.line, rule: s.rule })) },
      network: { workloads: (input.workloads ?? []).map((w) => ({ ...w })), publicExposure: (input.publicExposure ?? []).map((p) => ({ ...p })) },
      sbom: {
        path: input.sbomPath ?? 'sbom.cdx.json',
        format: 'CycloneDX',
        specVersion: SBOM_SPEC_VERSION,
        componentCount: sbom.componentCount,
        lockFiles: sbom.lockFiles,
        dependencyFiles: deps.slice(0, MAX_DEPENDENCY_FILES),
        vulnerabilities: vulns,
      },
      revocation: { credentials, roles: [...roles.values()], serviceAccounts: [...serviceAccounts.values()], secrets: revNames.secrets, ...(input.oauthApps?.length ? { oauthApps: input.oauthApps.map((a) => ({ ...a })) } : {}) },
      observability: inferObservability(files),
      residency: { regions: inferRegions(files), saasSinks: [...new Set(external.map((i) => i.host))] },
    },
    risk: computeRisk(input, classes, undefined, vulns),
    generatedAt: input.now ?? new Date().toISOString(),
    generator: { name: GENERATOR, version: input.generatorVersion ?? '0.0.0' },
  };
  const merged = previous && typeof previous === 'object' ? mergeManifest(previous, manifest) : finishStatus(manifest);
  return { manifest: merged, status: merged.status.state, todo: merged.status.todo, sbom };
}

/** Status from what is missing (factors not known offline, TODO fields), and the gate's incomplete mark. */
export function finishStatus(m: Manifest): Manifest {
  const t = todoPaths(m);
  const missing = missingItems(m);
  m.status = { state: missing.length ? 'incomplete' : 'complete', todo: t, missing };
  m.risk.incomplete = missing.length > 0;
  return m;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function extensionKeys(o: unknown): string[] {
  return o && typeof o === 'object' && !Array.isArray(o) ? Object.keys(o).filter((k) => k.startsWith('x-')) : [];
}

/**
 * Merge the owner's previous manifest into a fresh one. Kept from `previous`:
 * human fields the owner filled (not TODO, not empty), owner-declared list
 * entries (origin `declared` or no origin) in dataClasses, dataFlows and
 * revocation, a sensitivity higher than inferred, and `x-` extension keys.
 * Everything else (risk, permissions, integrations, secrets, network, sbom,
 * observability, residency, status, generatedAt) comes from `fresh`.
 */
export function mergeManifest(previous: unknown, fresh: Manifest): Manifest {
  const out = clone(fresh);
  const prev = (previous && typeof previous === 'object' ? previous : {}) as Record<string, unknown>;
  for (const p of HUMAN_FIELDS) {
    const v = getDot(prev, p);
    if (typeof v === 'string' && v.trim() && !isTodo(v)) setDot(out as unknown as Record<string, unknown>, p, v);
  }
  const pspec = (prev.spec ?? {}) as Record<string, unknown>;
  const declaredList = <T extends { origin?: string }>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]).filter((x) => x && typeof x === 'object' && isDeclared(x)).map(clone) : []);
  out.spec.dataClasses.push(...declaredList<DataClassEntry>(pspec.dataClasses));
  const pflows = (pspec.dataFlows ?? {}) as Record<string, unknown>;
  for (const k of ['sources', 'stores', 'sinks', 'trustBoundaries'] as const) (out.spec.dataFlows[k] as Array<{ origin?: string }>).push(...declaredList(pflows[k]));
  const prev_rev = (pspec.revocation ?? {}) as Record<string, unknown>;
  for (const k of ['credentials', 'roles', 'serviceAccounts', 'secrets'] as const) out.spec.revocation[k].push(...declaredList<RevocationItem>(prev_rev[k]));
  const declaredApps = declaredList<RevocationItem>(prev_rev.oauthApps);
  if (declaredApps.length) out.spec.revocation.oauthApps = [...(out.spec.revocation.oauthApps ?? []), ...declaredApps];
  for (const k of extensionKeys(prev)) (out as unknown as Record<string, unknown>)[k] = clone(prev[k]);
  for (const k of extensionKeys(prev.metadata)) (out.metadata as Record<string, unknown>)[k] = clone((prev.metadata as Record<string, unknown>)[k]);
  for (const k of extensionKeys(pspec)) (out.spec as Record<string, unknown>)[k] = clone(pspec[k]);

  // Sensitivity: classes the owner declared count; a higher value the owner set wins.
  const classes = out.spec.dataClasses.map((d) => d.class);
  let sens = sensitivityOf(classes);
  const ps = pspec.sensitivity as Sensitivity | undefined;
  const declared = ps && SENSITIVITY_ORDER.includes(ps) && rank(SENSITIVITY_ORDER, ps) > rank(SENSITIVITY_ORDER, sens) ? ps : undefined;
  if (declared) sens = declared;
  out.spec.sensitivity = sens;
  rescore(out, declared);
  return finishStatus(out);
}

/** Recompute the data-class factor from the manifest's classes (inferred and declared) and the total. */
function rescore(m: Manifest, declared: Sensitivity | undefined): void {
  const map = new Map<DataClass, Evidence[]>();
  for (const d of m.spec.dataClasses) {
    const list = map.get(d.class) ?? [];
    list.push(...(d.evidence ?? []));
    map.set(d.class, list);
  }
  const f = dataClassFactor(map, declared);
  for (const d of m.spec.dataClasses) if (isDeclared(d) && !(d.evidence ?? []).length) f.evidence.push(`${d.class}: declared by the owner`);
  m.risk.factors.dataClass = f;
  const s = score(m.risk.factors);
  m.risk.score = s.score;
  m.risk.gate = s.gate;
  if (m.risk.afterFixes?.values) {
    const v = { ...valuesOf(m.risk.factors), ...m.risk.afterFixes.values, dataClass: f.value } as ReturnType<typeof valuesOf>;
    const sa = score(v);
    m.risk.afterFixes = { score: sa.score, gate: sa.gate, values: { ...v } };
  }
}

/** Whether a committed manifest is stale: its computed parts differ from a fresh build (generatedAt ignored). */
export function staleFields(committed: unknown, fresh: Manifest): string[] {
  const c = (committed ?? {}) as Record<string, unknown>;
  const paths = [
    'risk',
    'spec.requestedPermissions',
    'spec.externalIntegrations',
    'spec.secrets',
    'spec.network',
    'spec.sbom',
    'spec.observability',
    'spec.residency',
    'spec.sensitivity',
    'status',
  ];
  const merged = mergeManifest(committed, fresh);
  return paths.filter((p) => JSON.stringify(getDot(c, p)) !== JSON.stringify(getDot(merged, p)));
}

export const YAML_HEADER = [
  ' Micro-App Guard registration manifest (schema: schemas/registration-manifest.schema.json).',
  ' Fill every "TODO:" field; fields you fill survive re-export. status.missing says what else completes it',
  ' (a vulnerability report, with the command that makes one). Computed fields (risk, permissions,',
  ' integrations, secrets, network, sbom, observability, residency, status) are refreshed on export.',
  ' Add your own notes under keys starting with "x-".',
].join('\n');

/**
 * The manifest as YAML. With the previous file's text, its header comment and
 * the comments on unchanged nodes are kept (the previous document is edited
 * in place); otherwise a fresh document with the standard header.
 */
export function toYaml(manifest: Manifest, previousText?: string): string {
  const plain = clone(manifest) as unknown;
  if (previousText !== undefined) {
    const doc = parseDocument(previousText);
    if (!doc.errors.length && isMap(doc.contents)) {
      doc.contents = updateNode(doc, doc.contents as YamlNode, plain) as typeof doc.contents;
      if (!doc.commentBefore) doc.commentBefore = YAML_HEADER;
      return doc.toString({ lineWidth: 0 });
    }
  }
  const doc = new Document(plain);
  doc.commentBefore = YAML_HEADER;
  return doc.toString({ lineWidth: 0 });
}

function updateNode(doc: Document, node: YamlNode, value: unknown): YamlNode {
  if (value && typeof value === 'object' && !Array.isArray(value) && isMap(node)) {
    const obj = value as Record<string, unknown>;
    for (const item of [...node.items]) {
      const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (!(k in obj)) node.delete(item.key);
    }
    for (const [k, v] of Object.entries(obj)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === k);
      if (pair && pair.value) pair.value = updateNode(doc, pair.value as YamlNode, v);
      else node.set(k, doc.createNode(v));
    }
    return node;
  }
  if (isScalar(node) && (value === null || typeof value !== 'object') && node.value === value) return node;
  if (isSeq(node) && Array.isArray(value) && JSON.stringify(node.toJSON()) === JSON.stringify(value)) return node;
  const fresh = doc.createNode(value) as YamlNode;
  const c = (node as { comment?: string; commentBefore?: string }).comment;
  const cb = (node as { commentBefore?: string }).commentBefore;
  if (c) (fresh as { comment?: string }).comment = c;
  if (cb) (fresh as { commentBefore?: string }).commentBefore = cb;
  return fresh;
}

/** A Backstage catalog-info.yaml (kind Component) with the risk in annotations. */
export function toBackstage(m: Manifest): string {
  const name = backstageName(isTodo(m.metadata.name) ? 'microapp' : m.metadata.name);
  const team = isTodo(m.metadata.team) ? undefined : m.metadata.team;
  let owner = 'unknown';
  if (team) owner = `group:${backstageName(team.replace(/^@/, '').split('/').pop() ?? team)}`;
  else if (!isTodo(m.metadata.owner.email)) owner = `user:${backstageName(m.metadata.owner.email.split('@')[0])}`;
  const annotations: Record<string, string> = {
    'microapp-guard/risk-score': String(m.risk.score),
    'microapp-guard/gate': m.risk.gate,
    'microapp-guard/sensitivity': m.spec.sensitivity,
    'microapp-guard/status': m.status.state,
  };
  if (m.risk.afterFixes) {
    annotations['microapp-guard/risk-score-after-fixes'] = String(m.risk.afterFixes.score);
    annotations['microapp-guard/gate-after-fixes'] = m.risk.afterFixes.gate;
  }
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      ...(isTodo(m.metadata.description) ? {} : { description: m.metadata.description }),
      annotations,
      tags: [...new Set(m.spec.dataClasses.map((d) => backstageName(d.class.toLowerCase())))],
    },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner,
      dependsOn: [...new Set(m.spec.externalIntegrations.filter((i) => i.kind !== 'internal').map((i) => `resource:${backstageName(i.host)}`))],
    },
  };
  return `# Generated by Micro-App Guard from the registration manifest.\n${stringify(entity, { lineWidth: 0 })}`;
}

/** Backstage entity names: [A-Za-z0-9] at both ends, [-_.A-Za-z0-9] inside, at most 63 characters. */
export function backstageName(s: string): string {
  const n = s
    .replace(/^@/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
  return n || 'unnamed';
}
