/**
 * What families tell each other, typed: the fact topics more than one family (or an adapter) reads, with their
 * value types, and the workspace views a family computes from the facts for everyone (grants with their roles
 * resolved across files, workloads with the namespace they land in). A family publishes and reads these through
 * the workspace model and `CheckContext.view`; no module outside a family's folder imports the family.
 *
 * A topic only one family reads stays in that family's folder.
 */

/** A fact topic and the type of its values (the type exists for the compiler only). */
export interface Topic<T> {
  readonly name: string;
  /** Never set: carries T. */
  readonly __value?: T;
}

export function topic<T>(name: string): Topic<T> {
  return Object.freeze({ name });
}

/** The permissions-breadth classes of the checklist (narrow 0, moderate 2, broad 5 points). */
export type GrantClass = 'narrow' | 'moderate' | 'broad';

const ORDER: Record<GrantClass, number> = { narrow: 0, moderate: 1, broad: 2 };

/** The broader of two classes. */
export function broader(a: GrantClass, b: GrantClass): GrantClass {
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** A permission the app holds, as one file states it: an IAM statement, a role binding, a role, an OAuth scope. */
export interface GrantFact {
  /** Who grants: "aws", "kubernetes", "gcp", "azure", "github", or a platform a family adds. */
  provider: string;
  /** Role / user / service account / member as written, when known. */
  principal?: string;
  /** Actions, verbs or scopes; [] when a role is granted instead. */
  actions: string[];
  /** Managed policy ARN, Kubernetes role, GCP or Azure role. */
  role?: string;
  /** Resources as written; '*' kept. */
  resources: string[];
  /** narrow / moderate / broad (the permissions-breadth classes). */
  class: string;
  /** One line: why this class. */
  reason: string;
  /** A Kubernetes binding whose role is in another file: resolved by the `grants` view. */
  roleRef?: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string; binding: string };
  /** 1-based first and last line of the grant in its file. */
  line: number;
  endLine?: number;
}

/** Where the app connects: one per URL or host named in a file. */
export interface EndpointFact {
  url?: string;
  scheme?: string;
  host: string;
  registrableDomain?: string;
  port?: number;
  kind: 'internal' | 'listed-saas' | 'unknown';
  provider?: string;
  line: number;
}

/** A workload or Service of a Kubernetes file (its namespace as written; the `workloads` view resolves it). */
export interface WorkloadFact {
  kind: string;
  name?: string;
  /** The namespace the object lands in by the file alone (as written, or the default). */
  namespace: string;
  writtenNamespace?: string;
  /** It runs pods (a workload, found by its kind or its pod template); absent for a Service. */
  runsPods?: boolean;
  path: string;
  line: number;
}

/** Permissions the app holds (published by the permissions family). */
export const GRANTS = topic<GrantFact>('iam/grant');
/** Endpoints the app calls (published by the network family for every file). */
export const ENDPOINTS = topic<EndpointFact>('network/endpoint');
/** Kubernetes workloads and Services (published by the network family). */
export const WORKLOADS = topic<WorkloadFact>('k8s/workload');

/** Facts of a topic with the file that published them (WorkspaceModel.all, FactsView.query). */
export type FactSource = <T = unknown>(topic: string) => Array<{ path: string; value: T }>;

/** A grant as reports and the manifest list it: cross-file roles resolved, with its workspace-relative file. */
export type ResolvedGrant = Omit<GrantFact, 'roleRef'> & Record<string, unknown> & { file: string };

/** A workload with the namespace it lands in (kustomize, then as written, then the setting). */
export interface ResolvedWorkload {
  kind: string;
  name?: string;
  namespace: string;
  runsPods?: boolean;
  file: string;
  line: number;
}

/** The workspace views: each computed by the family that owns the facts, read by every other part. */
export interface WorkspaceViews {
  grants: ResolvedGrant[];
  workloads: ResolvedWorkload[];
}

export interface ViewOptions {
  /** The workspace folder (files are reported relative to it). */
  root?: string;
  /** Every declared setting's value (defaults applied). */
  settings: Record<string, unknown>;
}

/** A family's part of the workspace views. */
export type ViewProviders = { [K in keyof WorkspaceViews]?: (source: FactSource, opts: ViewOptions) => WorkspaceViews[K] };
