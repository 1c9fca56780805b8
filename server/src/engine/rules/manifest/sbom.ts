/**
 * A CycloneDX SBOM from the workspace's lock files, and vulnerability counts
 * from reports already in the workspace (npm audit, OSV-Scanner, Trivy,
 * Grype, pip-audit, CycloneDX with vulnerabilities), each recognised by its
 * content. Nothing is fetched from the network.
 */
import type * as ModelsT from '@cyclonedx/cyclonedx-library/Models';
import type * as EnumsT from '@cyclonedx/cyclonedx-library/Enums';
import type * as SpecT from '@cyclonedx/cyclonedx-library/Spec';
import type * as SerializeT from '@cyclonedx/cyclonedx-library/Serialize';

/** The CycloneDX library, loaded when an SBOM is written (not at every start of the server: it is 5 ms of it). */
function cyclonedx(): { Models: typeof ModelsT; Enums: typeof EnumsT; Spec: typeof SpecT; Serialize: typeof SerializeT } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    Models: require('@cyclonedx/cyclonedx-library/Models'),
    Enums: require('@cyclonedx/cyclonedx-library/Enums'),
    Spec: require('@cyclonedx/cyclonedx-library/Spec'),
    Serialize: require('@cyclonedx/cyclonedx-library/Serialize'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}
import { readTomlSections, tomlString } from './infer';
import type { ReportFormat, VulnerabilityCounts, VulnerabilitySummary, WorkspaceFile } from './types';

export const SBOM_SPEC_VERSION = '1.6';
const SKIP = /(^|\/)(node_modules|\.git|vendor|\.venv|venv)\//;

interface Pkg {
  ecosystem: 'npm' | 'pypi';
  name: string;
  version: string;
  dev?: boolean;
  lockFile: string;
}

/** npm package URL: scoped names keep the scope as the namespace, `@` encoded. */
export function npmPurl(name: string, version: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%2F/gi, '/');
  if (name.startsWith('@') && name.includes('/')) {
    const [scope, n] = name.split('/', 2);
    return `pkg:npm/${enc(scope)}/${enc(n)}@${enc(version)}`;
  }
  return `pkg:npm/${enc(name)}@${enc(version)}`;
}

/** PyPI package URL with the PEP 503 normalised name. */
export function pypiPurl(name: string, version: string): string {
  return `pkg:pypi/${encodeURIComponent(normalisePyName(name))}@${encodeURIComponent(version)}`;
}

function normalisePyName(n: string): string {
  return n.toLowerCase().replace(/[-_.]+/g, '-');
}

function fromPackageLock(f: WorkspaceFile): Pkg[] {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(f.text);
  } catch {
    return [];
  }
  const out: Pkg[] = [];
  const packages = j.packages as Record<string, Record<string, unknown>> | undefined;
  if (packages && typeof packages === 'object') {
    // lockfileVersion 2 and 3: "node_modules/a/node_modules/@s/b" keys.
    for (const [key, p] of Object.entries(packages)) {
      if (!key || !p || typeof p !== 'object' || p.link) continue;
      const idx = key.lastIndexOf('node_modules/');
      if (idx < 0) continue; // workspace folders
      const name = typeof p.name === 'string' ? p.name : key.slice(idx + 'node_modules/'.length);
      if (typeof p.version !== 'string') continue;
      out.push({ ecosystem: 'npm', name, version: p.version, dev: p.dev === true, lockFile: f.path });
    }
    return out;
  }
  // lockfileVersion 1: nested "dependencies".
  const walk = (deps: unknown) => {
    if (!deps || typeof deps !== 'object') return;
    for (const [name, d] of Object.entries(deps as Record<string, Record<string, unknown>>)) {
      if (d && typeof d.version === 'string' && !d.version.startsWith('file:')) out.push({ ecosystem: 'npm', name, version: d.version, dev: d.dev === true, lockFile: f.path });
      walk(d?.dependencies);
    }
  };
  walk(j.dependencies);
  return out;
}

function fromRequirements(f: WorkspaceFile): Pkg[] {
  const out: Pkg[] = [];
  for (const raw of f.text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*(?:;.*)?(?:\\)?$/.exec(line);
    if (m) out.push({ ecosystem: 'pypi', name: normalisePyName(m[1]), version: m[2], lockFile: f.path });
  }
  return out;
}

function fromPoetryLock(f: WorkspaceFile): Pkg[] {
  const out: Pkg[] = [];
  for (const s of readTomlSections(f.text)) {
    if (s.name !== 'package') continue;
    const name = tomlString(s.entries.get('name'));
    const version = tomlString(s.entries.get('version'));
    const category = tomlString(s.entries.get('category'));
    if (name && version) out.push({ ecosystem: 'pypi', name: normalisePyName(name), version, dev: category === 'dev', lockFile: f.path });
  }
  return out;
}

function fromPipfileLock(f: WorkspaceFile): Pkg[] {
  let j: Record<string, Record<string, { version?: string }>>;
  try {
    j = JSON.parse(f.text);
  } catch {
    return [];
  }
  const out: Pkg[] = [];
  for (const [section, dev] of [
    ['default', false],
    ['develop', true],
  ] as const) {
    for (const [name, d] of Object.entries(j[section] ?? {})) {
      const v = d?.version?.replace(/^==/, '');
      if (v) out.push({ ecosystem: 'pypi', name: normalisePyName(name), version: v, dev, lockFile: f.path });
    }
  }
  return out;
}

function lockFilesOf(files: WorkspaceFile[]): WorkspaceFile[] {
  return files.filter((f) => !SKIP.test(f.path) && /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|requirements[^/]*\.txt|poetry\.lock|Pipfile\.lock)$/.test(f.path));
}

export interface SbomResult {
  /** CycloneDX 1.6 JSON. */
  bom: Record<string, unknown>;
  /** Distinct components (by package URL). */
  componentCount: number;
  lockFiles: string[];
}

/**
 * A CycloneDX 1.6 SBOM from package-lock.json (v1-v3), requirements*.txt
 * (pinned `==` lines), poetry.lock and Pipfile.lock. One component per
 * distinct package URL; development-only packages carry the
 * `cdx:npm:package:development` / `cdx:python:package:development` property.
 */
export function buildSbom(files: WorkspaceFile[], opts: { name?: string; version?: string; timestamp?: string } = {}): SbomResult {
  const locks = lockFilesOf(files);
  const pkgs: Pkg[] = [];
  for (const f of locks) {
    if (/package-lock\.json$|npm-shrinkwrap\.json$/.test(f.path)) pkgs.push(...fromPackageLock(f));
    else if (/requirements[^/]*\.txt$/.test(f.path)) pkgs.push(...fromRequirements(f));
    else if (/poetry\.lock$/.test(f.path)) pkgs.push(...fromPoetryLock(f));
    else if (/Pipfile\.lock$/.test(f.path)) pkgs.push(...fromPipfileLock(f));
  }
  const byPurl = new Map<string, Pkg>();
  for (const p of pkgs) {
    const purl = p.ecosystem === 'npm' ? npmPurl(p.name, p.version) : pypiPurl(p.name, p.version);
    const prev = byPurl.get(purl);
    // A package used in production anywhere is not development-only.
    if (prev) prev.dev = prev.dev && p.dev;
    else byPurl.set(purl, { ...p });
  }
  const { Models, Enums, Spec, Serialize } = cyclonedx();
  const bom = new Models.Bom();
  if (opts.timestamp) bom.metadata.timestamp = new Date(opts.timestamp);
  bom.metadata.tools.components.add(new Models.Component(Enums.ComponentType.Application, 'microapp-guard'));
  if (opts.name) bom.metadata.component = new Models.Component(Enums.ComponentType.Application, opts.name, { version: opts.version, bomRef: 'root-component' });
  for (const [purl, p] of byPurl) {
    let group: string | undefined;
    let name = p.name;
    if (p.ecosystem === 'npm' && name.startsWith('@') && name.includes('/')) [group, name] = name.split('/', 2);
    const c = new Models.Component(Enums.ComponentType.Library, name, { group, version: p.version, purl, bomRef: purl });
    if (p.dev) c.properties.add(new Models.Property(`cdx:${p.ecosystem === 'npm' ? 'npm' : 'python'}:package:development`, 'true'));
    bom.components.add(c);
  }
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const json = JSON.parse(serializer.serialize(bom, { sortLists: true })) as Record<string, unknown>;
  return { bom: json, componentCount: byPurl.size, lockFiles: locks.map((f) => f.path) };
}

// ---- vulnerability reports --------------------------------------------------------

type Sev = keyof VulnerabilityCounts;

function sevOf(s: unknown): Sev {
  const v = String(s ?? '').toLowerCase();
  if (v === 'critical') return 'critical';
  if (v === 'high') return 'high';
  if (v === 'moderate' || v === 'medium') return 'medium';
  if (v === 'low' || v === 'info' || v === 'none' || v === 'negligible') return 'low';
  return 'unknown';
}

function sevOfScore(n: number): Sev {
  if (!Number.isFinite(n)) return 'unknown';
  if (n >= 9) return 'critical';
  if (n >= 7) return 'high';
  if (n >= 4) return 'medium';
  return 'low';
}

const ORDER: Sev[] = ['unknown', 'low', 'medium', 'high', 'critical'];
const worst = (a: Sev, b: Sev): Sev => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a);

function zero(): VulnerabilityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

function readNpmAudit(j: Record<string, unknown>): VulnerabilityCounts | undefined {
  const c = zero();
  if (j.auditReportVersion !== undefined && j.vulnerabilities && typeof j.vulnerabilities === 'object') {
    for (const v of Object.values(j.vulnerabilities as Record<string, { severity?: string }>)) c[sevOf(v?.severity)]++;
    return c;
  }
  if (j.advisories && typeof j.advisories === 'object') {
    for (const v of Object.values(j.advisories as Record<string, { severity?: string }>)) c[sevOf(v?.severity)]++;
    return c;
  }
  return undefined;
}

interface OsvVuln {
  id?: string;
  database_specific?: { severity?: string };
  severity?: Array<{ type?: string; score?: string }>;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * OSV-Scanner JSON: `results[]` of sources, each with `packages[]`. An empty
 * `results` is a clean scan only when nothing but OSV-Scanner's own keys is
 * beside it (a search result or a test report is not a vulnerability report).
 */
function readOsv(j: Record<string, unknown>): VulnerabilityCounts | undefined {
  if (!Array.isArray(j.results)) return undefined;
  if (j.results.length === 0 && Object.keys(j).some((k) => k !== 'results' && k !== 'experimental_config')) return undefined;
  if (!j.results.every((r) => isObj(r) && Array.isArray(r.packages) && (r.source === undefined || isObj(r.source)))) return undefined;
  const c = zero();
  for (const r of j.results as Array<{ packages?: Array<{ vulnerabilities?: OsvVuln[]; groups?: Array<{ ids?: string[]; max_severity?: string }> }> }>) {
    for (const p of r?.packages ?? []) {
      const vulns = p?.vulnerabilities ?? [];
      const byId = new Map(vulns.map((v) => [v.id, v]));
      if (Array.isArray(p.groups) && p.groups.length) {
        // osv-scanner groups aliases of one vulnerability; count each group once.
        for (const g of p.groups) {
          let s: Sev = g.max_severity ? sevOfScore(parseFloat(g.max_severity)) : 'unknown';
          for (const id of g.ids ?? []) s = worst(s, severityOfOsv(byId.get(id)));
          c[s]++;
        }
      } else {
        for (const v of vulns) c[severityOfOsv(v)]++;
      }
    }
  }
  return c;
}

function severityOfOsv(v: OsvVuln | undefined): Sev {
  if (!v) return 'unknown';
  const db = v.database_specific?.severity;
  if (db) return sevOf(db);
  for (const s of v.severity ?? []) {
    const n = parseFloat(String(s.score ?? ''));
    if (/^\d+(\.\d+)?$/.test(String(s.score ?? '').trim())) return sevOfScore(n);
  }
  return 'unknown';
}

function readCycloneDxVulns(j: Record<string, unknown>): VulnerabilityCounts | undefined {
  if (j.bomFormat !== 'CycloneDX' || !Array.isArray(j.vulnerabilities)) return undefined;
  const c = zero();
  for (const v of j.vulnerabilities as Array<{ ratings?: Array<{ severity?: string; score?: number }> }>) {
    let s: Sev = 'unknown';
    for (const r of v?.ratings ?? []) s = worst(s, r.severity ? sevOf(r.severity) : typeof r.score === 'number' ? sevOfScore(r.score) : 'unknown');
    c[s]++;
  }
  return c;
}

/**
 * Trivy JSON (`trivy fs --format json`): `SchemaVersion`, `ArtifactName`,
 * `Results[].Vulnerabilities[]` with `Severity` CRITICAL/HIGH/MEDIUM/LOW/UNKNOWN.
 * A vulnerability of one package version found in several targets counts once.
 */
function readTrivy(j: Record<string, unknown>): VulnerabilityCounts | undefined {
  if (typeof j.SchemaVersion !== 'number' || (j.Results !== undefined && !Array.isArray(j.Results)) || (j.Results === undefined && typeof j.ArtifactName !== 'string')) return undefined;
  const c = zero();
  const seen = new Set<string>();
  for (const r of (j.Results ?? []) as unknown[]) {
    if (!isObj(r) || !Array.isArray(r.Vulnerabilities)) continue;
    for (const v of r.Vulnerabilities) {
      if (!isObj(v)) continue;
      const key = `${v.VulnerabilityID}\u0000${v.PkgName}\u0000${v.InstalledVersion}`;
      if (seen.has(key)) continue;
      seen.add(key);
      c[sevOf(v.Severity)]++;
    }
  }
  return c;
}

/**
 * Grype JSON (`grype dir:. -o json`): `matches[]` of `{vulnerability: {id,
 * severity}, artifact: {name, version}}` and grype's `descriptor`. Negligible
 * counts as low; one vulnerability of one package version counts once.
 */
function readGrype(j: Record<string, unknown>): VulnerabilityCounts | undefined {
  if (!Array.isArray(j.matches)) return undefined;
  const byGrype = isObj(j.descriptor) && j.descriptor.name === 'grype';
  if (!byGrype && !(j.matches.length > 0 && j.matches.every((m) => isObj(m) && isObj(m.vulnerability) && isObj(m.artifact)))) return undefined;
  const c = zero();
  const seen = new Set<string>();
  for (const m of j.matches) {
    if (!isObj(m) || !isObj(m.vulnerability)) continue;
    const a = isObj(m.artifact) ? m.artifact : {};
    const key = `${m.vulnerability.id}\u0000${a.name}\u0000${a.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    c[sevOf(m.vulnerability.severity)]++;
  }
  return c;
}

/**
 * pip-audit JSON (`pip-audit -f json`): `{dependencies: [{name, version,
 * vulns: [{id, fix_versions, aliases}]}], fixes}`, or the bare array of older
 * versions. pip-audit gives no severity: every vulnerability counts as of
 * unknown severity (scored as medium).
 */
function readPipAudit(j: unknown): VulnerabilityCounts | undefined {
  let deps: unknown[];
  if (Array.isArray(j)) deps = j;
  else if (isObj(j) && Array.isArray(j.dependencies) && (Array.isArray(j.fixes) || j.dependencies.length > 0)) deps = j.dependencies;
  else return undefined;
  if (Array.isArray(j) && j.length === 0) return undefined;
  if (!deps.every((d) => isObj(d) && typeof d.name === 'string' && (Array.isArray(d.vulns) || typeof d.skip_reason === 'string'))) return undefined;
  const c = zero();
  for (const d of deps as Array<Record<string, unknown>>) {
    for (const v of (Array.isArray(d.vulns) ? d.vulns : []) as unknown[]) {
      // Newer pip-audit versions may carry a severity; older ones do not.
      const sev = isObj(v) && typeof v.severity === 'string' ? sevOf(v.severity) : 'unknown';
      c[sev]++;
    }
  }
  return c;
}

/** The format and counts of a parsed JSON document, when it is one of the six vulnerability reports. */
export function readReport(j: unknown): { format: ReportFormat; counts: VulnerabilityCounts } | undefined {
  const pip = readPipAudit(j);
  if (pip) return { format: 'pip-audit', counts: pip };
  if (!isObj(j)) return undefined;
  const readers: Array<[ReportFormat, (o: Record<string, unknown>) => VulnerabilityCounts | undefined]> = [
    ['cyclonedx', readCycloneDxVulns],
    ['npm-audit', readNpmAudit],
    ['trivy', readTrivy],
    ['grype', readGrype],
    ['osv', readOsv],
  ];
  for (const [format, read] of readers) {
    const counts = read(j);
    if (counts) return { format, counts };
  }
  return undefined;
}

export const NO_REPORT_REASON = 'no vulnerability report in the workspace; nothing is fetched from the network';

/** JSON files that may hold a report: a cheap look at the keys before parsing. */
const REPORT_KEYS = /"(vulnerabilities|advisories|results|Results|matches|vulns|fixes)"/;

/**
 * Vulnerability counts by severity from the reports in the workspace, each
 * recognised by its content whatever its name: npm audit JSON (v2
 * `vulnerabilities`, v1 `advisories`), OSV-Scanner JSON
 * (`results[].packages[]`), Trivy JSON (`Results[].Vulnerabilities[]`), Grype
 * JSON (`matches[]`), pip-audit JSON (`dependencies[].vulns[]`), CycloneDX
 * with `vulnerabilities[].ratings[]`. Reports usually cover the same
 * dependencies, so several reports are combined by taking the highest count
 * per severity, not the sum.
 */
export function readVulnerabilityReports(files: WorkspaceFile[]): VulnerabilitySummary {
  const reports: Array<{ file: string; format: ReportFormat }> = [];
  const total = zero();
  for (const f of files) {
    if (SKIP.test(f.path) || !/\.json$/i.test(f.path) || /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|composer\.(json|lock)|Pipfile\.lock|packages\.lock\.json|tsconfig[^/]*\.json)$/.test(f.path)) continue;
    if (!REPORT_KEYS.test(f.text)) continue;
    let j: unknown;
    try {
      j = JSON.parse(f.text);
    } catch {
      continue;
    }
    const r = readReport(j);
    if (!r) continue;
    reports.push({ file: f.path, format: r.format });
    for (const k of Object.keys(total) as Sev[]) total[k] = Math.max(total[k], r.counts[k]);
  }
  if (!reports.length) return { status: 'unknown', reason: NO_REPORT_REASON };
  return { status: 'known', ...total, reports };
}
