/**
 * Types of the registration manifest (schemas/registration-manifest.schema.json)
 * and of the inputs the manifest is built from. Pure data; no logic.
 */

export type Sensitivity = 'public' | 'internal' | 'restricted' | 'regulated';
export type Breadth = 'narrow' | 'moderate' | 'broad';
export type Connectivity = 'none' | 'listed-saas' | 'unknown';
export type SbomLevel = 'none' | 'medium' | 'high-critical' | 'unknown';
export type Gate = 'auto-approve' | 'manual-review' | 'blocked';
/** `credentials` is only ever declared by the owner (an app that stores its users' credentials); it is never inferred. */
export type DataClass = 'PII' | 'PHI' | 'financial' | 'payment-card' | 'government-id' | 'credentials' | 'other';
export type Origin = 'inferred' | 'declared';
export type FactorName = 'dataClass' | 'permissionsBreadth' | 'externalConnectivity' | 'sbomVulnerabilities';

/** A workspace file as the caller read it. `path` is workspace-relative with forward slashes. */
export interface WorkspaceFile {
  path: string;
  text: string;
}

/** What the permissions family publishes. */
export interface GrantInput {
  provider: string;
  principal?: string;
  actions?: string[];
  role?: string;
  resources: string[];
  class: Breadth;
  reason: string;
  file: string;
  line: number;
}

/** What the network family publishes. */
export interface EndpointInput {
  host: string;
  registrableDomain?: string;
  kind: 'internal' | 'listed-saas' | 'unknown';
  provider?: string;
  file: string;
  line: number;
}

export interface WorkloadInput {
  name: string;
  namespace?: string;
  kind: string;
  ingressIsolated: boolean;
  egressIsolated: boolean;
  file: string;
  line: number;
}

export interface ExposureInput {
  kind: string;
  name: string;
  hosts?: string[];
  file: string;
  line: number;
}

export interface SecretInput {
  rule: string;
  file: string;
  line: number;
}

export interface VulnerabilityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

/** Package ecosystems whose dependency manifests and lock files are recognised. */
export type Ecosystem = 'npm' | 'pypi' | 'go' | 'maven' | 'cargo' | 'rubygems' | 'composer' | 'nuget';

/** Vulnerability report formats, each recognised by its content. */
export type ReportFormat = 'npm-audit' | 'osv' | 'trivy' | 'grype' | 'pip-audit' | 'cyclonedx';

/** A dependency manifest or lock file that declares third-party packages. */
export interface DependencyFile {
  file: string;
  ecosystem: Ecosystem;
  /** Third-party packages it declares (local paths and workspace links excluded). */
  packages: number;
}

/**
 * Vulnerability counts from the reports in the folder (`known`), none needed
 * because no file declares a third-party package (`no-components`), or not
 * known offline (`unknown`: no report; the manifest is incomplete).
 */
export type VulnerabilitySummary =
  | ({ status: 'known'; reports: Array<{ file: string; format: ReportFormat }>; uncovered?: Ecosystem[] } & VulnerabilityCounts)
  | { status: 'unknown'; reason: string; ecosystems?: Ecosystem[] }
  | { status: 'no-components'; reason: string };

/** What keeps the manifest incomplete, and what would complete it. */
export interface MissingItem {
  /** Dot path of the field (a human field, or `risk.factors.<factor>`). */
  field: string;
  reason: string;
  howToComplete: string;
}

/** The facts after the preferred fixes; anything omitted is taken unchanged. */
export interface AfterFixesInput {
  grants?: GrantInput[];
  endpoints?: EndpointInput[];
  secrets?: SecretInput[];
  vulnerabilities?: VulnerabilitySummary;
}

export interface BuildInput {
  files: WorkspaceFile[];
  /** Undefined = the permissions family published nothing (the factor is marked incomplete). */
  grants?: GrantInput[];
  /** Undefined = the network family published nothing (the factor is marked incomplete). */
  endpoints?: EndpointInput[];
  /** Data classes the app's OAuth scopes reach (a Gmail scope: PII), with the scope as evidence (oauth family). */
  scopeDataClasses?: Array<Evidence & { class: DataClass }>;
  /** OAuth apps to uninstall or revoke (oauth family). */
  oauthApps?: RevocationItem[];
  workloads?: WorkloadInput[];
  publicExposure?: ExposureInput[];
  secrets?: SecretInput[];
  afterFixes?: AfterFixesInput;
  /** Where the SBOM is (to be) written; default `sbom.cdx.json`. */
  sbomPath?: string;
  /** The manifest's own path, excluded from inference; default `microapp.yaml`. */
  manifestPath?: string;
  /** ISO time for generatedAt; default now. */
  now?: string;
  generatorVersion?: string;
}

export interface Evidence {
  file: string;
  line: number;
  indicator?: string;
}

export interface Location {
  file: string;
  line: number;
}

export interface DataClassEntry {
  class: DataClass;
  origin?: Origin;
  note?: string;
  evidence?: Evidence[];
}

export interface FlowItem {
  kind: string;
  name: string;
  origin?: Origin;
  note?: string;
  evidence?: Evidence[];
}

export interface TrustBoundary {
  from: string;
  to: string;
  origin?: Origin;
  note?: string;
}

export interface RevocationItem {
  name: string;
  kind?: string;
  origin?: Origin;
  file?: string;
  line?: number;
}

export interface Signal {
  found: boolean;
  evidence: Evidence[];
}

export interface Factor<V extends string = string> {
  value: V;
  points: number;
  evidence: string[];
}

export interface RiskFactors {
  dataClass: Factor<Sensitivity>;
  permissionsBreadth: Factor<Breadth>;
  externalConnectivity: Factor<Connectivity>;
  sbomVulnerabilities: Factor<SbomLevel>;
}

export interface Risk {
  score: number;
  gate: Gate;
  /** The manifest is incomplete (status.missing): the score counts the known factors only and the gate may still move. */
  incomplete?: boolean;
  factors: RiskFactors;
  incompleteFactors?: FactorName[];
  afterFixes?: { score: number; gate: Gate; values?: Record<string, string> };
}

export interface Manifest {
  apiVersion: 'microapp-guard/v1';
  kind: 'MicroAppRegistration';
  status: { state: 'complete' | 'incomplete'; todo: string[]; missing?: MissingItem[] };
  metadata: {
    name: string;
    description: string;
    owner: { name: string; email: string };
    team: string;
    escalation: string;
    technicalApprover: string;
    [x: `x-${string}`]: unknown;
  };
  spec: {
    businessJustification: string;
    dataClasses: DataClassEntry[];
    sensitivity: Sensitivity;
    requestedPermissions: GrantInput[];
    externalIntegrations: Array<{ host: string; domain?: string; kind: EndpointInput['kind']; provider?: string; locations: Location[] }>;
    dataFlows: { sources: FlowItem[]; stores: FlowItem[]; sinks: FlowItem[]; trustBoundaries: TrustBoundary[] };
    secrets: { total: number; byRule: Record<string, number>; locations: Array<{ file: string; line: number; rule: string }> };
    network: { workloads: WorkloadInput[]; publicExposure: ExposureInput[] };
    sbom: {
      path: string;
      format: 'CycloneDX';
      specVersion?: string;
      componentCount: number;
      lockFiles?: string[];
      /** Files that declare third-party packages (what makes a vulnerability report necessary). */
      dependencyFiles?: DependencyFile[];
      vulnerabilities: VulnerabilitySummary;
    };
    revocation: { credentials: RevocationItem[]; roles: RevocationItem[]; serviceAccounts: RevocationItem[]; secrets: RevocationItem[]; oauthApps?: RevocationItem[] };
    observability: { structuredLogs: Signal; metrics: Signal; requestIds: Signal };
    residency: { regions: Array<{ region: string; provider: 'aws' | 'gcp' | 'azure'; locations: Location[] }>; saasSinks: string[] };
    [x: `x-${string}`]: unknown;
  };
  risk: Risk;
  generatedAt: string;
  generator: { name: string; version: string };
  [x: `x-${string}`]: unknown;
}

/** A diagnostic-shaped problem with document offsets (UTF-16). */
export interface TextProblem {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
}
