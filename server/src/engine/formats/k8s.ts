/**
 * Kubernetes objects in positioned trees (formats/tree.ts): the one reader of manifests every family uses
 * (network facts, RBAC, the manifest's workloads; the secrets family reads its values from the `yaml`
 * library's nodes along the paths defined here).
 *
 * An object is a mapping with a string `apiVersion` and `kind`. `List` kinds (`kind: List`,
 * `RoleBindingList`, ...) stand for their items and a top-level sequence for its entries, three levels
 * deep at most. The workload kinds, where each keeps its pod template (known kinds by name, others by the template), and the containers of a pod spec
 * (init, regular, ephemeral) are defined here once. Nothing here parses: trees come from the caller's
 * DocumentContext (`doc.trees()`, `perYamlDocument`), or from tree.ts's `treesOfText` for the text-in
 * entry points tests and the public API keep. Never throws on half-typed input.
 */
import { get, getPath, str, type PNode, type PObject } from './tree';

// ---- workloads -----------------------------------------------------------------

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob'
  | 'DeploymentConfig'
  | 'Rollout';

/**
 * Keys from a workload object to its pod template (a Pod is its own template): the core kinds, OpenShift's
 * DeploymentConfig (apps.openshift.io) and Argo Rollouts' Rollout (a Rollout with `workloadRef` has no template).
 * Other kinds that run pods (Knative Service, Configuration and Revision, any CRD embedding a pod template) are
 * found by their template: see podTemplatePathOf.
 */
const POD_TEMPLATE_PATHS: Readonly<Record<WorkloadKind, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  DeploymentConfig: ['spec', 'template'],
  Rollout: ['spec', 'template'],
};

/** The kinds that run pods, known by name (others are found by their template). */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = Object.keys(POD_TEMPLATE_PATHS) as WorkloadKind[];
const WORKLOADS = new Set<string>(WORKLOAD_KINDS);
const POD_SPEC_PATHS = new Map<string, readonly string[]>(WORKLOAD_KINDS.map((k) => [k, [...POD_TEMPLATE_PATHS[k], 'spec']]));

/** A kind known by name to run pods (see isWorkloadObject for the kinds found by their template). */
export function isWorkloadKind(kind: string | undefined): kind is WorkloadKind {
  return kind !== undefined && WORKLOADS.has(kind);
}

/** Keys from an object of this kind to its pod template ([] for a Pod); undefined when the kind is not known by name to run pods. */
export function podTemplatePath(kind: string): readonly string[] | undefined {
  return isWorkloadKind(kind) ? POD_TEMPLATE_PATHS[kind] : undefined;
}

/** Keys from an object of this kind to its pod spec; undefined when the kind is not known by name to run pods. */
export function podSpecPath(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATHS.get(kind);
}

/**
 * Kinds that never run pods even when a field looks like a template: definitions and schemas (a
 * CustomResourceDefinition's openAPIV3Schema), configuration, templates of templates, policies, autoscalers.
 */
const NEVER_WORKLOADS = new Set([
  'CustomResourceDefinition',
  'ConfigMap',
  'Secret',
  'PodTemplate',
  'Template',
  'ValidatingAdmissionPolicy',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'HorizontalPodAutoscaler',
  'VerticalPodAutoscaler',
  'PodDisruptionBudget',
  'LimitRange',
  'ResourceQuota',
  'Kustomization',
  'HelmRelease',
  'Application',
  'ApplicationSet',
]);

/** A sequence of containers: every item a mapping with an `image` or a `name`. */
function isContainerList(n: PNode | undefined): boolean {
  if (n?.type !== 'array' || !n.items.length) return false;
  return n.items.every((c) => c.type === 'object' && (get(c, 'image') !== undefined || get(c, 'name') !== undefined));
}

const TEMPLATE = ['spec', 'template'] as const;
const JOB_TEMPLATE = ['spec', 'jobTemplate', 'spec', 'template'] as const;
const NONE: readonly string[] = [];

/**
 * Keys from an object to its pod template, for every kind that runs pods: the kinds known by name, else found by the
 * template itself (`spec.template.spec.containers`, `spec.jobTemplate.spec.template.spec.containers`, or, pod-like,
 * `spec.containers`), so that Knative Services (`serving.knative.dev`, template at spec.template) and CRDs that embed a
 * pod template are workloads too. A core `v1` Service, a CustomResourceDefinition, a ConfigMap and the other kinds of
 * NEVER_WORKLOADS never are. Undefined when the object runs no pods.
 */
export function podTemplatePathOf(o: Pick<K8sObject, 'kind' | 'node'> & { apiVersion?: string }): readonly string[] | undefined {
  const known = podTemplatePath(o.kind);
  // A Rollout with `workloadRef` runs the pods of the Deployment it names (which is the workload), not its own.
  if (known && o.kind === 'Rollout' && !getPath(o.node, known) && getPath(o.node, ['spec', 'workloadRef'])) return undefined;
  if (known) return known;
  if (NEVER_WORKLOADS.has(o.kind) || (o.apiVersion === 'v1' && o.kind !== 'Pod')) return undefined;
  const spec = get(o.node, 'spec');
  if (spec?.type !== 'object') return undefined;
  if (isContainerList(getPath(spec, ['template', 'spec', 'containers']))) return TEMPLATE;
  if (isContainerList(getPath(spec, ['jobTemplate', 'spec', 'template', 'spec', 'containers']))) return JOB_TEMPLATE;
  if (isContainerList(get(spec, 'containers'))) return NONE;
  return undefined;
}

/** Whether an object runs pods: a kind known by name, or one found by its pod template (podTemplatePathOf). */
export function isWorkloadObject(o: Pick<K8sObject, 'kind' | 'node'> & { apiVersion?: string }): boolean {
  return podTemplatePathOf(o) !== undefined;
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

/** The pod template of a workload (the Pod, or a pod-like object, itself); undefined for other kinds or when absent. */
export function podTemplate(o: Pick<K8sObject, 'kind' | 'node'> & { apiVersion?: string }): PNode | undefined {
  const p = podTemplatePathOf(o);
  if (!p) return undefined;
  return p.length ? getPath(o.node, p) : o.node;
}

/** The pod spec of a workload; undefined for other kinds or when absent. */
export function podSpec(o: Pick<K8sObject, 'kind' | 'node'> & { apiVersion?: string }): PNode | undefined {
  const p = podTemplatePathOf(o);
  return p ? getPath(o.node, [...p, 'spec']) : undefined;
}

/** The containers of a workload: init, regular and ephemeral (or the lists named), each a sequence item. */
export function containers(o: Pick<K8sObject, 'kind' | 'node'> & { apiVersion?: string }, fields: readonly ContainerField[] = CONTAINER_FIELDS): PNode[] {
  const spec = podSpec(o);
  if (!spec) return [];
  const out: PNode[] = [];
  for (const f of fields) {
    const list = get(spec, f);
    if (list?.type === 'array') out.push(...list.items);
  }
  return out;
}
