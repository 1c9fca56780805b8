/**
 * From what the other families published (grants, endpoints, workloads) and
 * the findings of a scan (rule, file, line: never a value) to the manifest's
 * build input. Pure: the caller (cli/manifest.ts, the language server) reads
 * the files and runs the scan.
 */
import type { BuildInput, EndpointInput, ExposureInput, GrantInput, SecretInput, WorkloadInput, WorkspaceFile } from './types';

/** Files the export writes: their own facts (endpoints named in the manifest, ...) never feed it back. */
export const OUTPUT_FILES = ['microapp.yaml', 'microapp.yml', 'microapp.json', 'sbom.cdx.json', 'catalog-info.yaml'];

export function isOutputFile(rel: string, manifestPath = 'microapp.yaml', sbomPath = 'sbom.cdx.json'): boolean {
  return rel === manifestPath || rel === sbomPath || OUTPUT_FILES.includes(rel);
}

const MANIFEST_KIND = /(^|\n)\s*kind\s*:\s*["']?MicroAppRegistration\b|"kind"\s*:\s*"MicroAppRegistration"/;

/** A registration manifest by its content (a copy under another name, too): its hosts and grants are not the app's. */
function isManifestText(text: string): boolean {
  return MANIFEST_KIND.test(text.slice(0, 4000));
}

/** A published fact with its workspace-relative file. */
export type WithFile<T> = T & { file: string };

/** A finding as a scan reports it: rule, category, file and 1-based line (never the text there). */
export interface FindingRef {
  ruleId: string;
  category: string;
  file: string;
  line: number;
  message?: string;
}

export interface WorkloadFact {
  kind: string;
  name?: string;
  namespace?: string;
  /** It runs pods (a workload found by its kind or its pod template); a Service does not. */
  runsPods?: boolean;
  file: string;
  line: number;
}

export interface WorkspaceFacts {
  files: WorkspaceFile[];
  /** `iam/grant` facts with their file (undefined: the permissions family published nothing). */
  grants?: Array<WithFile<Record<string, unknown>>>;
  /** `network/endpoint` facts as the manifest reads them (`endpointInput`, `endpointInputOf`), with their file. */
  endpoints?: EndpointInput[];
  /** `k8s/workload` facts with their file. */
  workloads?: WorkloadFact[];
  findings: FindingRef[];
  /** Grants after the preferred fixes were applied to the files that have them (see cli/manifest.ts). */
  grantsAfterFixes?: Array<WithFile<Record<string, unknown>>>;
  /** Findings (rule, file, line) that have a preferred fix. */
  fixable?: FindingRef[];
  manifestPath?: string;
  sbomPath?: string;
  now?: string;
  generatorVersion?: string;
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A published grant as the manifest lists it (only the schema's keys, in a stable order). */
export function grantInput(g: WithFile<Record<string, unknown>>): GrantInput {
  const out: GrantInput = { provider: s(g.provider) ?? 'unknown', resources: strings(g.resources), class: (['narrow', 'moderate', 'broad'].includes(g.class as string) ? g.class : 'broad') as GrantInput['class'], reason: s(g.reason) ?? '', file: g.file, line: Number(g.line) || 1 };
  const principal = s(g.principal);
  const role = s(g.role);
  const actions = strings(g.actions);
  return {
    provider: out.provider,
    ...(principal ? { principal } : {}),
    ...(actions.length ? { actions } : {}),
    ...(role ? { role } : {}),
    resources: out.resources,
    class: out.class,
    reason: out.reason,
    file: out.file,
    line: out.line,
  };
}

/**
 * What the oauth family's grants add (their `oauth` field): the data classes their scopes reach (every personal-data
 * scope is PII, with the scope and what it reaches as the indicator) and the OAuth apps to revoke, one per app and file.
 */
function oauthInputs(grants: Array<WithFile<Record<string, unknown>>>): { scopeDataClasses: NonNullable<BuildInput['scopeDataClasses']>; oauthApps: NonNullable<BuildInput['oauthApps']> } {
  const scopeDataClasses: NonNullable<BuildInput['scopeDataClasses']> = [];
  const apps = new Map<string, NonNullable<BuildInput['oauthApps']>[number]>();
  for (const g of grants) {
    const o = g.oauth as { app?: unknown; revokeKind?: unknown; where?: unknown; personal?: unknown } | undefined;
    if (!o || typeof o !== 'object') continue;
    const line = Number(g.line) || 1;
    for (const p of Array.isArray(o.personal) ? o.personal : []) {
      const scope = s((p as { scope?: unknown }).scope);
      const what = s((p as { what?: unknown }).what);
      if (scope) scopeDataClasses.push({ class: 'PII', file: g.file, line, indicator: `${s(g.provider) ?? 'oauth'} scope ${scope}${what ? `: ${what}` : ''}` });
    }
    const kind = s(o.revokeKind) ?? `${s(g.provider) ?? 'oauth'}-app`;
    const name = s(o.app) ?? `${s(o.where) ?? 'OAuth app'} (${g.file})`;
    const key = `${kind}\u0000${name}\u0000${g.file}`;
    if (!apps.has(key)) apps.set(key, { name, kind, origin: 'inferred', file: g.file, line });
  }
  return { scopeDataClasses, oauthApps: [...apps.values()] };
}

const ENDPOINT_KINDS: ReadonlySet<unknown> = new Set(['internal', 'listed-saas', 'unknown']);

/** A published endpoint as the manifest reads it (host, domain, kind, provider, where; never the URL's path or query). */
export function endpointInput(e: WithFile<Record<string, unknown>>): EndpointInput {
  return endpointInputOf(e, e.file);
}

/**
 * endpointInput of a published endpoint fact and its file (no copy of the fact with its file first: a URL-dense
 * workspace publishes tens of thousands). The keys in the same order as ever (the manifest's JSON keeps it).
 */
export function endpointInputOf(e: Record<string, unknown>, file: string): EndpointInput {
  const out = { host: s(e.host) ?? 'unknown' } as EndpointInput;
  const domain = s(e.registrableDomain);
  if (domain) out.registrableDomain = domain;
  out.kind = (ENDPOINT_KINDS.has(e.kind) ? e.kind : 'unknown') as EndpointInput['kind'];
  const provider = s(e.provider);
  if (provider) out.provider = provider;
  out.file = file;
  out.line = Number(e.line) || 1;
  return out;
}

/** The workload a finding of `file:line` belongs to: the nearest one starting at or above the line. */
function workloadAt<T extends { file: string; line: number }>(list: T[], file: string, line: number): T | undefined {
  let best: T | undefined;
  for (const w of list) if (w.file === file && w.line <= line && (!best || w.line > best.line)) best = w;
  return best;
}

/** Workloads with their isolation, read from the network family's findings on them. */
export function workloadInputs(workloads: WorkloadFact[], findings: FindingRef[]): WorkloadInput[] {
  // The network family publishes workloads (found by kind or by their pod template: runsPods) and Services.
  const pods = workloads.filter((w) => w.runsPods === true);
  const out = pods.map((w) => ({ name: w.name ?? '(unnamed)', ...(w.namespace ? { namespace: w.namespace } : {}), kind: w.kind, ingressIsolated: true, egressIsolated: true, file: w.file, line: w.line }));
  for (const f of findings) {
    if (f.ruleId !== 'network/no-policy' && f.ruleId !== 'network/egress-unrestricted') continue;
    const w = workloadAt(out, f.file, f.line);
    if (!w) continue;
    w.egressIsolated = false;
    if (f.ruleId === 'network/no-policy') w.ingressIsolated = false;
  }
  return out;
}

/** Public exposure from the network family's `network/public-exposure` findings (kind and name from the object there). */
export function exposureInputs(workloads: WorkloadFact[], findings: FindingRef[]): ExposureInput[] {
  const out: ExposureInput[] = [];
  for (const f of findings) {
    if (f.ruleId !== 'network/public-exposure') continue;
    const m = /\b(Service|Ingress|Gateway|Route)\b[^"]*"([^"]+)"/.exec(f.message ?? '');
    const w = workloadAt(workloads, f.file, f.line);
    const hosts = [...(f.message ?? '').matchAll(/\bhost[s]?\b[^"]*((?:"[^"]+"(?:, )?)+)/g)].flatMap((x) => [...x[1].matchAll(/"([^"]+)"/g)].map((y) => y[1]));
    out.push({ kind: m?.[1] ?? w?.kind ?? 'exposure', name: m?.[2] ?? w?.name ?? f.file, ...(hosts.length ? { hosts } : {}), file: f.file, line: f.line });
  }
  return out;
}

/** Hardcoded secrets by rule, file and line (one per place and rule); never values. */
export function secretInputs(findings: FindingRef[]): SecretInput[] {
  const seen = new Set<string>();
  const out: SecretInput[] = [];
  for (const f of findings) {
    if (f.category !== 'secret') continue;
    const k = `${f.ruleId}\u0000${f.file}\u0000${f.line}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ rule: f.ruleId, file: f.file, line: f.line });
  }
  return out;
}

/**
 * The manifest's build input from the workspace's facts and findings.
 *
 * `afterFixes` is honest about what a fix changes: grants are those the
 * permissions family finds in the files after their preferred fixes were
 * applied (the caller applies them and re-reads the facts); secrets with a
 * preferred fix are gone; endpoints and data classes are unchanged (moving a
 * URL to the environment does not change whom the app talks to, nor what data
 * it handles); vulnerability counts are unchanged (no fix is offered for them).
 */
export function buildInputFrom(w: WorkspaceFacts): BuildInput {
  const manifestPath = w.manifestPath ?? 'microapp.yaml';
  const sbomPath = w.sbomPath ?? 'sbom.cdx.json';
  // The tool's outputs by name, and manifests by content wherever they are (the scan skips its other outputs by content).
  const manifests = new Set(w.files.filter((f) => isManifestText(f.text)).map((f) => f.path));
  // Asked once per file (not once per fact: a URL-dense workspace has tens of thousands of endpoints in 300 files).
  const keptFiles = new Map<string, boolean>();
  const keep = <T extends { file: string }>(x: T) => {
    let k = keptFiles.get(x.file);
    if (k === undefined) keptFiles.set(x.file, (k = !isOutputFile(x.file, manifestPath, sbomPath) && !manifests.has(x.file)));
    return k;
  };
  const findings = w.findings.filter(keep);
  const secrets = secretInputs(findings);
  const fixable = new Set((w.fixable ?? []).map((f) => `${f.ruleId}\u0000${f.file}\u0000${f.line}`));
  const grants = w.grants?.filter(keep).map(grantInput);
  const oauth = oauthInputs(w.grants?.filter(keep) ?? []);
  const input: BuildInput = {
    files: w.files.filter((f) => !isOutputFile(f.path, manifestPath, sbomPath) && !manifests.has(f.path)),
    grants,
    ...(oauth.scopeDataClasses.length ? { scopeDataClasses: oauth.scopeDataClasses } : {}),
    ...(oauth.oauthApps.length ? { oauthApps: oauth.oauthApps } : {}),
    endpoints: w.endpoints?.filter(keep),
    workloads: workloadInputs((w.workloads ?? []).filter(keep), findings),
    publicExposure: exposureInputs((w.workloads ?? []).filter(keep), findings),
    secrets,
    manifestPath,
    sbomPath,
    ...(w.now ? { now: w.now } : {}),
    ...(w.generatorVersion ? { generatorVersion: w.generatorVersion } : {}),
  };
  input.afterFixes = {
    ...(w.grantsAfterFixes ? { grants: w.grantsAfterFixes.filter(keep).map(grantInput) } : {}),
    secrets: secrets.filter((x) => !fixable.has(`${x.rule}\u0000${x.file}\u0000${x.line}`)),
  };
  return input;
}
