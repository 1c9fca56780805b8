/**
 * Kubernetes objects in positioned trees (formats/tree.ts): the one reader of manifests every family uses
 * (network facts, RBAC, the manifest's workloads; the secrets family reads its values from the `yaml`
 * library's nodes along the paths defined here).
 *
 * An object is a mapping with a string `apiVersion` and `kind`. `List` kinds (`kind: List`,
 * `RoleBindingList`, ...) stand for their items and a top-level sequence for its entries, three levels
 * deep at most. The workload kinds, where each keeps its pod template, and the containers of a pod spec
 * (init, regular, ephemeral) are defined here once. Nothing here parses: trees come from the caller's
 * DocumentContext (`doc.trees()`, `perYamlDocument`), or from tree.ts's `treesOfText` for the text-in
 * entry points tests and the public API keep. Never throws on half-typed input.
 */
import { get, getPath, str, type PNode, type PObject } from './tree';

// ---- workloads -----------------------------------------------------------------

export type WorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Job' | 'CronJob';

/** Keys from a workload object to its pod template (a Pod is its own template). */
const POD_TEMPLATE_PATHS: Readonly<Record<WorkloadKind, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The kinds that run pods. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = Object.keys(POD_TEMPLATE_PATHS) as WorkloadKind[];
const WORKLOADS = new Set<string>(WORKLOAD_KINDS);
const POD_SPEC_PATHS = new Map<string, readonly string[]>(WORKLOAD_KINDS.map((k) => [k, [...POD_TEMPLATE_PATHS[k], 'spec']]));

export function isWorkloadKind(kind: string | undefined): kind is WorkloadKind {
  return kind !== undefined && WORKLOADS.has(kind);
}

/** Keys from an object of this kind to its pod template ([] for a Pod); undefined when the kind runs no pods. */
export function podTemplatePath(kind: string): readonly string[] | undefined {
  return isWorkloadKind(kind) ? POD_TEMPLATE_PATHS[kind] : undefined;
}

/** Keys from an object of this kind to its pod spec; undefined when the kind runs no pods. */
export function podSpecPath(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATHS.get(kind);
}

/** The container lists of a pod spec, in the order the kubelet starts them. */
export const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
export type ContainerField = (typeof CONTAINER_FIELDS)[number];

// ---- objects -------------------------------------------------------------------

export interface K8sObject {
  kind: string;
  apiVersion: string;
  /** metadata.name when it is a string. */
  name?: string;
  /** metadata.namespace as written (when a string). */
  namespace?: string;
  node: PObject;
  /** The `kind` value. */
  kindNode: PNode;
  metadata?: PNode;
  /** metadata.name whatever its value (a template is still a position). */
  nameNode?: PNode;
  /** Offsets of the object (its document, or its List item). */
  start: number;
  end: number;
}

const LIST_KIND = /List$/;
const MAX_DEPTH = 3;

/** The Kubernetes objects of a file's document trees, in document order, List kinds expanded. */
export function k8sObjects(roots: Iterable<PNode | undefined>): K8sObject[] {
  const out: K8sObject[] = [];
  for (const r of roots) visit(r, 0, out);
  return out;
}

function visit(n: PNode | undefined, depth: number, out: K8sObject[]): void {
  if (!n || depth > MAX_DEPTH) return;
  if (n.type === 'array') {
    for (const i of n.items) visit(i, depth + 1, out);
    return;
  }
  if (n.type !== 'object') return;
  const kindNode = get(n, 'kind');
  const kind = str(kindNode);
  if (kind && LIST_KIND.test(kind)) {
    const items = get(n, 'items');
    if (items?.type === 'array') {
      for (const i of items.items) visit(i, depth + 1, out);
      return;
    }
  }
  const apiVersion = str(get(n, 'apiVersion'));
  if (!kind || !apiVersion || !kindNode) return;
  const metadata = get(n, 'metadata');
  const nameNode = get(metadata, 'name');
  const o: K8sObject = { kind, apiVersion, name: str(nameNode), namespace: str(get(metadata, 'namespace')), node: n, kindNode, start: n.start, end: n.end };
  if (metadata) o.metadata = metadata;
  if (nameNode) o.nameNode = nameNode;
  out.push(o);
}

/** The pod template of a workload (the Pod itself); undefined for other kinds or when absent. */
export function podTemplate(o: Pick<K8sObject, 'kind' | 'node'>): PNode | undefined {
  const p = podTemplatePath(o.kind);
  if (!p) return undefined;
  return p.length ? getPath(o.node, p) : o.node;
}

/** The pod spec of a workload; undefined for other kinds or when absent. */
export function podSpec(o: Pick<K8sObject, 'kind' | 'node'>): PNode | undefined {
  const p = podSpecPath(o.kind);
  return p ? getPath(o.node, p) : undefined;
}

/** The containers of a workload: init, regular and ephemeral (or the lists named), each a sequence item. */
export function containers(o: Pick<K8sObject, 'kind' | 'node'>, fields: readonly ContainerField[] = CONTAINER_FIELDS): PNode[] {
  const spec = podSpec(o);
  if (!spec) return [];
  const out: PNode[] = [];
  for (const f of fields) {
    const list = get(spec, f);
    if (list?.type === 'array') out.push(...list.items);
  }
  return out;
}
