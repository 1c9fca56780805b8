/**
 * Kubernetes RBAC: what Roles / ClusterRoles grant, what bindings hand out, and
 * the findings of the `iam/k8s-*` rules. Pure: positioned trees in, facts,
 * findings and grants out.
 *
 * ## Classification of one role rule (scope: a ClusterRole or a
 * ClusterRoleBinding is cluster-wide, a Role or a RoleBinding one namespace)
 *
 * - `broad`: any `*` in verbs, resources, apiGroups or nonResourceURLs; read
 *   (get/list/watch) of `secrets` without resourceNames; any write verb on
 *   `secrets` (a created service-account-token Secret mints a token);
 *   `pods/exec`, `pods/attach`, `pods/portforward`; `escalate`, `bind`,
 *   `impersonate`, writes on (cluster)rolebindings, `create
 *   serviceaccounts/token`; `create` on workload kinds (runs any image under
 *   any service account of the namespace).
 * - `moderate`: write verbs on named resource types that are none of the
 *   above; read-only rules at cluster scope without resourceNames; read of
 *   named Secrets; anything not known statically (templated values) or an
 *   aggregated ClusterRole whose rules are filled in by the controller.
 * - `narrow`: read-only verbs (get/list/watch) on non-secret resources in one
 *   namespace, or on named objects (resourceNames set).
 *
 * A role is as broad as its broadest rule. A binding is as broad as its role
 * at the binding's scope; the built-in `cluster-admin`, `admin` and `edit`
 * ClusterRoles are broad; a role that cannot be found is `moderate` (never
 * guessed narrow).
 *
 * ## Where findings go
 *
 * Role rules are flagged on the offending element (the `"*"`, the `secrets`
 * resource, the `impersonate` verb). A binding is flagged on its
 * `roleRef.name` when it binds a built-in privileged role (rule
 * `iam/k8s-cluster-admin-binding`) or a role defined in another file whose
 * rules are flagged (same rule id as the role's finding, related information
 * pointing at the role's rules and file). When the role sits in the same
 * file, its own findings already show there and the binding is not flagged
 * again.
 */
import { broader, type Grant, type GrantClass, type RawFinding } from '../grants';
import { get, str, type PNode } from '../../../formats/tree';
import { k8sObjects, type K8sObject } from '../../../formats/k8s';
import { addTo } from '../../../collections';

export interface Item {
  value: string;
  start: number;
  end: number;
}

type Field = 'apiGroups' | 'resources' | 'verbs' | 'resourceNames' | 'nonResourceURLs';
const FIELDS: Field[] = ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'];

export interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  /** Positions of every written value per field. */
  at: Record<Field, Item[]>;
  /** Positions of the field values (the list nodes). */
  ranges: Partial<Record<Field, { start: number; end: number }>>;
  /** Some value is not known statically (a template, an alias to nothing). */
  unknown?: boolean;
  /** A rule an aggregated ClusterRole takes from another: that role's file (undefined: the file at hand) and name. */
  path?: string;
  from?: string;
  /** Taken from a built-in ClusterRole (no text to point at). */
  builtin?: boolean;
  start: number;
  end: number;
}

export interface RbacRole {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
  rules: RbacRule[];
  aggregationRule?: { clusterRoleSelectors: Array<Record<string, string>>; matchExpressions?: Array<Array<{ key: string; operator: string; values: string[] }>> };
  /** metadata.labels (string values): what aggregation rules select. */
  labels?: Record<string, string>;
  /** The rules were gathered from the ClusterRoles the aggregation rule selects (names of those roles). */
  aggregatedFrom?: string[];
  start: number;
  end: number;
  nameStart?: number;
  nameEnd?: number;
  /** File of the role, filled in by the caller when it comes from another file. */
  path?: string;
  /** A built-in ClusterRole known without a definition (cluster-admin, admin, edit, view). */
  builtin?: boolean;
}

export interface RbacSubject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface RbacBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string; start: number; end: number };
  subjects: RbacSubject[];
  start: number;
  end: number;
  path?: string;
}

export type RoleLookup = ((kind: 'Role' | 'ClusterRole', name: string, namespace?: string) => RbacRole | undefined) & {
  /** Every ClusterRole the lookup knows (for aggregation by label), when it can list them. */
  clusterRoles?: () => RbacRole[];
};

export interface RelatedInfo {
  start: number;
  end: number;
  message: string;
  path?: string;
}
/** RawFinding whose related entries may name another file. */
export type K8sFinding = RawFinding & { related?: RelatedInfo[] };

export interface RbacCheckOptions {
  /** Bindings of other files (workspace facts), for the service-account automount rule. */
  bindings?: RbacBinding[];
}

// ---- facts -----------------------------------------------------------------

function items(n: PNode | undefined): { list: Item[]; unknown: boolean } {
  const list: Item[] = [];
  let unknown = false;
  if (!n || n.type === 'null') return { list, unknown };
  const nodes = n.type === 'array' ? n.items : [n];
  for (const i of nodes) {
    if (i.type === 'string') list.push({ value: i.value, start: i.start, end: i.end });
    else if (i.type === 'number' || i.type === 'boolean') list.push({ value: String(i.value), start: i.start, end: i.end });
    else if (i.type !== 'null') unknown = true;
  }
  return { list, unknown };
}

function parseRule(n: PNode): RbacRule | undefined {
  if (n.type !== 'object') return undefined;
  const at = {} as Record<Field, Item[]>;
  const ranges: RbacRule['ranges'] = {};
  let unknown = false;
  for (const f of FIELDS) {
    const v = get(n, f);
    const r = items(v);
    at[f] = r.list;
    if (v) ranges[f] = { start: v.start, end: v.end };
    unknown ||= r.unknown;
  }
  const vals = (f: Field) => at[f].map((i) => i.value);
  const rule: RbacRule = {
    apiGroups: vals('apiGroups'),
    resources: vals('resources'),
    verbs: vals('verbs'),
    resourceNames: vals('resourceNames'),
    nonResourceURLs: vals('nonResourceURLs'),
    at,
    ranges,
    start: n.start,
    end: n.end,
  };
  if (unknown) rule.unknown = true;
  return rule;
}

function roleOf(o: K8sObject): RbacRole | undefined {
  if ((o.kind !== 'Role' && o.kind !== 'ClusterRole') || !/^rbac\.authorization\.k8s\.io\//.test(o.apiVersion)) return undefined;
  const rulesNode = get(o.node, 'rules');
  const rules: RbacRule[] = [];
  if (rulesNode?.type === 'array') for (const r of rulesNode.items) {
    const p = parseRule(r);
    if (p) rules.push(p);
  }
  const nameNode = o.nameNode;
  const role: RbacRole = { kind: o.kind, name: o.name ?? '', rules, start: o.start, end: o.end };
  if (o.namespace !== undefined) role.namespace = o.namespace;
  if (nameNode) {
    role.nameStart = nameNode.start;
    role.nameEnd = nameNode.end;
  }
  const labels = get(o.metadata, 'labels');
  if (labels?.type === 'object' && labels.entries.length) {
    role.labels = {};
    for (const e of labels.entries) {
      const v = e.value.type === 'string' ? e.value.value : e.value.type === 'boolean' || e.value.type === 'number' ? String(e.value.value) : undefined;
      if (v !== undefined) role.labels[e.key] = v;
    }
  }
  const agg = get(o.node, 'aggregationRule');
  if (agg && o.kind === 'ClusterRole') {
    const sels = get(agg, 'clusterRoleSelectors');
    const selectors: Array<Record<string, string>> = [];
    const expressions: Array<Array<{ key: string; operator: string; values: string[] }>> = [];
    if (sels?.type === 'array')
      for (const s of sels.items) {
        const ml = get(s, 'matchLabels');
        const m: Record<string, string> = {};
        if (ml?.type === 'object') for (const e of ml.entries) m[e.key] = str(e.value) ?? (e.value.type === 'boolean' ? String(e.value.value) : '');
        selectors.push(m);
        const me = get(s, 'matchExpressions');
        expressions.push(
          me?.type === 'array'
            ? me.items.map((x) => ({ key: str(get(x, 'key')) ?? '', operator: str(get(x, 'operator')) ?? '', values: (get(x, 'values')?.type === 'array' ? (get(x, 'values') as { items: PNode[] }).items : []).flatMap((v) => (v.type === 'string' ? [v.value] : [])) }))
            : [],
        );
      }
    role.aggregationRule = { clusterRoleSelectors: selectors, ...(expressions.some((e) => e.length) ? { matchExpressions: expressions } : {}) };
  }
  return role;
}

function bindingOf(o: K8sObject): RbacBinding | undefined {
  if ((o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') || !/^rbac\.authorization\.k8s\.io\//.test(o.apiVersion)) return undefined;
  const ref = get(o.node, 'roleRef');
  const refName = get(ref, 'name');
  const refKind = str(get(ref, 'kind'));
  if (!refName || refName.type !== 'string') return undefined;
  const subjects: RbacSubject[] = [];
  const subs = get(o.node, 'subjects');
  if (subs?.type === 'array')
    for (const s of subs.items) {
      const kind = str(get(s, 'kind'));
      const name = str(get(s, 'name'));
      if (!kind || !name) continue;
      const namespace = str(get(s, 'namespace'));
      subjects.push(namespace !== undefined ? { kind, name, namespace } : { kind, name });
    }
  return {
    kind: o.kind,
    name: o.name ?? '',
    ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
    roleRef: { kind: refKind === 'Role' ? 'Role' : 'ClusterRole', name: refName.value, start: refName.start, end: refName.end },
    subjects,
    start: o.start,
    end: o.end,
  };
}

/** The Roles and ClusterRoles of a file's document roots (JSON-serialisable). */
export function rbacFacts(roots: Array<PNode | undefined>): RbacRole[] {
  return k8sObjects(roots).flatMap((o) => roleOf(o) ?? []);
}

/** The RoleBindings and ClusterRoleBindings of a file's document roots (JSON-serialisable). */
export function rbacBindingFacts(roots: Array<PNode | undefined>): RbacBinding[] {
  return k8sObjects(roots).flatMap((o) => bindingOf(o) ?? []);
}

// ---- built-in roles ----------------------------------------------------------

function synthRule(apiGroups: string[], resources: string[], verbs: string[], nonResourceURLs: string[] = []): RbacRule {
  const none: Item[] = [];
  return { apiGroups, resources, verbs, resourceNames: [], nonResourceURLs, at: { apiGroups: none, resources: none, verbs: none, resourceNames: none, nonResourceURLs: none }, ranges: {}, start: 0, end: 0 };
}
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const READ_VERBS = ['get', 'list', 'watch'];
/** Summaries of the default user-facing ClusterRoles (their most telling rules). */
const BUILTIN: Record<string, RbacRule[]> = {
  'cluster-admin': [synthRule(['*'], ['*'], ['*']), synthRule([], [], ['*'], ['*'])],
  admin: [
    synthRule([''], ['secrets', 'configmaps', 'services', 'pods', 'serviceaccounts'], [...READ_VERBS, ...WRITE]),
    synthRule([''], ['pods/exec', 'pods/attach', 'pods/portforward'], ['create', 'get']),
    synthRule(['apps', 'batch'], ['deployments', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs'], [...READ_VERBS, ...WRITE]),
    synthRule(['rbac.authorization.k8s.io'], ['roles', 'rolebindings'], [...READ_VERBS, ...WRITE]),
  ],
  edit: [
    synthRule([''], ['secrets', 'configmaps', 'services', 'pods', 'serviceaccounts'], [...READ_VERBS, ...WRITE]),
    synthRule([''], ['pods/exec', 'pods/attach', 'pods/portforward'], ['create', 'get']),
    synthRule(['apps', 'batch'], ['deployments', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs'], [...READ_VERBS, ...WRITE]),
  ],
  view: [synthRule(['', 'apps', 'batch'], ['configmaps', 'services', 'pods', 'deployments', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs'], READ_VERBS)],
};
const PRIVILEGED_BUILTIN = ['cluster-admin', 'admin', 'edit'];

/** The labels the built-in user-facing roles aggregate (admin takes edit's, edit takes view's). */
const BUILTIN_AGGREGATION: Record<string, string[]> = {
  admin: ['admin', 'edit', 'view'],
  edit: ['edit', 'view'],
  view: ['view'],
};

export function builtinClusterRole(name: string): RbacRole | undefined {
  const rules = BUILTIN[name];
  if (!rules) return undefined;
  const agg = BUILTIN_AGGREGATION[name];
  // Every default role carries the bootstrapping label (what an aggregation selector on it, or an empty one, picks).
  return { kind: 'ClusterRole', name, rules, start: 0, end: 0, builtin: true, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, ...(agg ? { aggregationRule: { clusterRoleSelectors: agg.map((a) => ({ [`rbac.authorization.k8s.io/aggregate-to-${a}`]: 'true' })) } } : {}) };
}

// ---- aggregation ---------------------------------------------------------------

/** Whether one of a role's aggregation selectors (matchLabels and matchExpressions, as LabelSelector) selects `candidate`. */
export function aggregationSelects(role: RbacRole, candidate: RbacRole): boolean {
  const agg = role.aggregationRule;
  if (!agg || candidate.kind !== 'ClusterRole' || candidate.name === role.name) return false;
  const labels = candidate.labels ?? {};
  return agg.clusterRoleSelectors.some((m, i) => {
    const exprs = agg.matchExpressions?.[i] ?? [];
    // An empty selector selects every ClusterRole (LabelSelector semantics).
    const labelsOk = Object.entries(m).every(([k, v]) => labels[k] === v);
    const exprsOk = exprs.every((e) => {
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      switch (e.operator) {
        case 'In':
          return has && e.values.includes(labels[e.key]);
        case 'NotIn':
          return !has || !e.values.includes(labels[e.key]);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    });
    return labelsOk && exprsOk;
  });
}

/**
 * An aggregated ClusterRole (an `aggregationRule`, or the built-in admin / edit / view, which aggregate the
 * `rbac.authorization.k8s.io/aggregate-to-*` labels) with the rules of every ClusterRole its selectors pick among
 * `candidates` (the workspace's ClusterRoles), as the aggregation controller fills them in. Each rule taken keeps
 * its role's file and name. ClusterRole names are cluster-wide: the first candidate of a name is used.
 */
export function expandAggregation(role: RbacRole, candidates: RbacRole[], depth = 0): RbacRole {
  if (!role.aggregationRule || depth > 4) return role;
  const seen = new Set<string>([role.name]);
  const rules = [...role.rules];
  const from: string[] = [];
  // The built-in ClusterRoles are in every cluster: a selector may pick them too (an empty one picks cluster-admin).
  // A workspace role of the same name comes first (names are cluster-wide).
  const named = new Set(candidates.filter((c) => c.kind === 'ClusterRole').map((c) => c.name));
  const builtins = Object.keys(BUILTIN).filter((n) => !named.has(n)).map((n) => builtinClusterRole(n)!);
  for (const c of [...candidates, ...builtins]) {
    if (c.kind !== 'ClusterRole' || seen.has(c.name) || !aggregationSelects(role, c)) continue;
    seen.add(c.name);
    const inner = c.aggregationRule ? expandAggregation(c, candidates, depth + 1) : c;
    if (!inner.rules.length) continue;
    from.push(c.name);
    for (const r of inner.rules) rules.push({ ...r, path: r.path ?? c.path, from: r.from ?? c.name, ...(c.builtin || r.builtin ? { builtin: true } : {}) });
  }
  return from.length ? { ...role, rules, aggregatedFrom: from } : role;
}

// ---- rule analysis -----------------------------------------------------------

const matchRes = (written: string, target: string): boolean =>
  written === '*' || written === target || (written.endsWith('/*') && target.startsWith(written.slice(0, -1))) || (written.startsWith('*/') && target.endsWith(written.slice(1)));
const coreGroup = (r: RbacRule) => r.apiGroups.length === 0 || r.apiGroups.includes('') || r.apiGroups.includes('*');
const hasVerb = (r: RbacRule, vs: string[]) => r.verbs.some((v) => v === '*' || vs.includes(v));
const explicitItem = (r: RbacRule, f: Field, pred: (v: string) => boolean): Item | undefined => r.at[f].find((i) => pred(i.value));

const EXEC = ['pods/exec', 'pods/attach', 'pods/portforward', 'nodes/proxy'];
const WORKLOADS = ['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'replicationcontrollers'];
const ESCALATION_VERBS = ['escalate', 'bind', 'impersonate'];
const BINDING_RES = ['rolebindings', 'clusterrolebindings'];
/** Admission webhooks see (and mutating ones change) every object sent to the API: writing them takes the cluster. */
const WEBHOOK_RES = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'];
/** The API group each resource the rules judge lives in ('' is the core group); a rule names the group too. */
const GROUP_OF: Record<string, string[]> = {
  pods: [''],
  replicationcontrollers: [''],
  secrets: [''],
  serviceaccounts: [''],
  nodes: [''],
  deployments: ['apps', 'extensions'],
  replicasets: ['apps', 'extensions'],
  statefulsets: ['apps'],
  daemonsets: ['apps', 'extensions'],
  jobs: ['batch'],
  cronjobs: ['batch'],
  rolebindings: ['rbac.authorization.k8s.io'],
  clusterrolebindings: ['rbac.authorization.k8s.io'],
  mutatingwebhookconfigurations: ['admissionregistration.k8s.io'],
  validatingwebhookconfigurations: ['admissionregistration.k8s.io'],
  certificatesigningrequests: ['certificates.k8s.io'],
  signers: ['certificates.k8s.io'],
};
/** Whether the rule's API groups hold the resource (`*`, or no apiGroups written: judged as holding it). */
const inGroup = (r: RbacRule, resource: string): boolean => {
  const groups = GROUP_OF[resource.split('/')[0]];
  return !groups || r.apiGroups.length === 0 || r.apiGroups.includes('*') || r.apiGroups.some((g) => groups.includes(g));
};

export interface RuleIssue {
  ruleId: string;
  severity: RawFinding['severity'];
  message: string;
  start: number;
  end: number;
}

/** Findings of one role rule and its class at the given scope. */
function analyzeRule(role: Pick<RbacRole, 'kind' | 'name'>, r: RbacRule, clusterScope: boolean): { issues: RuleIssue[]; cls: GrantClass; reason: string } {
  const issues: RuleIssue[] = [];
  const who = `${role.kind} "${role.name}"`;
  const at = (i: Item | undefined, fallback: Field) => i ?? r.at[fallback][0] ?? { value: '', start: r.start, end: r.start };

  // Wildcards.
  const starFields = (['verbs', 'resources', 'apiGroups', 'nonResourceURLs'] as Field[]).filter((f) => r[f].includes('*') || (f === 'nonResourceURLs' && r[f].some((u) => u.endsWith('*'))));
  if (starFields.length) {
    const full = r.verbs.includes('*') && (r.resources.includes('*') || r.nonResourceURLs.includes('*'));
    const first = starFields.map((f) => r.at[f].find((i) => i.value === '*' || (f === 'nonResourceURLs' && i.value.endsWith('*')))).find(Boolean);
    issues.push({
      ruleId: 'iam/k8s-wildcard',
      severity: full ? 'error' : 'warning',
      message: `${who} grants "*" in ${starFields.join(', ')}${full ? ': every action on every resource, cluster-admin in all but name' : ''}. List the verbs and resources it needs.`,
      ...span(at(first, 'verbs')),
    });
  }
  // Secrets read.
  const secretItem = coreGroup(r) ? explicitItem(r, 'resources', (v) => v === 'secrets') : undefined;
  const readsSecrets = secretItem && hasVerb(r, READ_VERBS);
  if (secretItem && readsSecrets && r.resourceNames.length === 0) {
    issues.push({
      ruleId: 'iam/k8s-secrets-read',
      severity: 'warning',
      message: `${who} can read every Secret${clusterScope ? ' in the cluster' : ' of its namespace'} (${r.verbs.filter((v) => v === '*' || READ_VERBS.includes(v)).join(', ')} on secrets without resourceNames). Name the Secrets it needs in resourceNames.`,
      ...span(secretItem),
    });
  }
  // pods/exec, attach, portforward.
  const execItem = explicitItem(r, 'resources', (v) => v !== '*' && EXEC.some((e) => matchRes(v, e) && inGroup(r, e)));
  if (execItem && hasVerb(r, ['create', 'get'])) {
    issues.push({
      ruleId: 'iam/k8s-pod-exec',
      severity: 'warning',
      message: `${who} can open a shell in or attach to running pods (${execItem.value}): it reaches every secret and token those pods hold.`,
      ...span(execItem),
    });
  }
  // Escalation.
  const escVerb = explicitItem(r, 'verbs', (v) => ESCALATION_VERBS.includes(v));
  const bindRes = hasVerb(r, ['create', 'update', 'patch']) ? explicitItem(r, 'resources', (v) => v !== '*' && BINDING_RES.some((b) => matchRes(v, b) && inGroup(r, b))) : undefined;
  const tokenRes = hasVerb(r, ['create']) ? explicitItem(r, 'resources', (v) => v !== '*' && matchRes(v, 'serviceaccounts/token') && inGroup(r, 'serviceaccounts')) : undefined;
  const hookRes = hasVerb(r, ['create', 'update', 'patch']) ? explicitItem(r, 'resources', (v) => v !== '*' && WEBHOOK_RES.some((b) => matchRes(v, b) && inGroup(r, b))) : undefined;
  // Approving a certificate signing request (update on the approval subresource, approve on a signer) mints a
  // client certificate for any user or group the request names.
  const csrRes = hasVerb(r, ['update', 'patch']) ? explicitItem(r, 'resources', (v) => v !== '*' && matchRes(v, 'certificatesigningrequests/approval') && inGroup(r, 'certificatesigningrequests')) : undefined;
  const signerRes = r.verbs.includes('approve') ? explicitItem(r, 'resources', (v) => v !== '*' && matchRes(v, 'signers') && inGroup(r, 'signers')) : undefined;
  const esc = escVerb ?? bindRes ?? tokenRes ?? hookRes ?? csrRes ?? signerRes;
  if (esc) {
    const what = escVerb
      ? `the "${escVerb.value}" verb`
      : bindRes
        ? `writes on ${bindRes.value}`
        : tokenRes
          ? 'creating service account tokens'
          : hookRes
            ? `writes on ${hookRes.value} (a webhook sees or changes every object sent to the API)`
            : 'approving certificate signing requests (a client certificate for any user or group)';
    issues.push({
      ruleId: 'iam/k8s-escalation-verbs',
      severity: 'warning',
      message: `${who} allows ${what}: a path to more privileges than the role itself holds.`,
      ...span(esc),
    });
  }
  // Workload creation.
  const createsWorkload = r.verbs.includes('create') ? explicitItem(r, 'resources', (v) => WORKLOADS.includes(v) && inGroup(r, v)) : undefined;
  if (createsWorkload) {
    issues.push({
      ruleId: 'iam/k8s-workload-create',
      severity: clusterScope ? 'warning' : 'info',
      message: `${who} can create ${createsWorkload.value}: that runs any image under any service account of the namespace, with its secrets and token.`,
      ...span(createsWorkload),
    });
  }

  // Class.
  const writesSecrets = secretItem && hasVerb(r, WRITE);
  if (issues.length || writesSecrets) {
    const reason = issues.length ? issues.map((i) => i.ruleId.replace('iam/k8s-', '')).join(', ') : 'writes Secrets';
    return { issues, cls: 'broad', reason };
  }
  const readOnly = r.verbs.length > 0 && r.verbs.every((v) => READ_VERBS.includes(v));
  if (r.unknown) return { issues, cls: 'moderate', reason: 'values not known statically' };
  if (!readOnly) return { issues, cls: 'moderate', reason: `write verbs (${r.verbs.filter((v) => !READ_VERBS.includes(v)).join(', ')}) on named resource types` };
  if (secretItem) return { issues, cls: 'moderate', reason: 'reads named Secrets' };
  if (clusterScope && r.resourceNames.length === 0) return { issues, cls: 'moderate', reason: 'read-only, cluster-wide' };
  return { issues, cls: 'narrow', reason: r.resourceNames.length ? 'read-only on named objects' : 'read-only in one namespace' };
}

function span(i: { start: number; end: number }): { start: number; end: number } {
  return { start: i.start, end: i.end };
}

/** A role's class and issues at a scope. */
export function analyzeRole(role: RbacRole, clusterScope: boolean): { cls: GrantClass; reason: string; issues: Array<RuleIssue & { rule: RbacRule }> } {
  if (role.builtin && PRIVILEGED_BUILTIN.includes(role.name)) {
    const issues = role.rules.flatMap((r) => analyzeRule(role, r, clusterScope).issues.map((i) => ({ ...i, rule: r })));
    return { cls: 'broad', reason: `built-in ClusterRole ${role.name}`, issues };
  }
  let cls: GrantClass = 'narrow';
  const reasons: string[] = [];
  const issues: Array<RuleIssue & { rule: RbacRule }> = [];
  for (const r of role.rules) {
    const a = analyzeRule(role, r, clusterScope);
    if (a.cls !== 'narrow' || reasons.length === 0) {
      if (broader(cls, a.cls) !== cls || reasons.length === 0) reasons.unshift(a.reason);
    }
    cls = broader(cls, a.cls);
    for (const i of a.issues) issues.push({ ...i, rule: r });
  }
  if (role.aggregationRule && role.rules.length === 0) return { cls: 'moderate', reason: 'aggregated ClusterRole: rules filled in by the controller', issues };
  if (role.rules.length === 0) return { cls: 'narrow', reason: 'no rules', issues };
  return { cls, reason: reasons[0] ?? '', issues };
}

// ---- check ---------------------------------------------------------------------

export function formatResources(r: RbacRule): string[] {
  const out: string[] = [];
  const groups = r.apiGroups.length ? r.apiGroups : [''];
  for (const g of groups)
    for (const res of r.resources) {
      const base = g ? `${g}/${res}` : res;
      if (r.resourceNames.length) for (const n of r.resourceNames) out.push(`${base}/${n}`);
      else out.push(base);
    }
  return [...out, ...r.nonResourceURLs];
}

function subjectText(s: RbacSubject, bindingNs?: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount:${s.namespace ?? bindingNs ?? 'default'}/${s.name}`;
  return `${s.kind}:${s.name}`;
}

const PUBLIC_SUBJECTS = (s: RbacSubject) =>
  (s.kind === 'Group' && (s.name === 'system:unauthenticated' || s.name === 'system:authenticated')) || (s.kind === 'User' && s.name === 'system:anonymous');

const ISSUE_SHORT: Record<string, string> = {
  'iam/k8s-wildcard': 'grants "*" (verbs, resources or API groups)',
  'iam/k8s-secrets-read': 'reads every Secret it can reach',
  'iam/k8s-pod-exec': 'can exec into or attach to pods',
  'iam/k8s-escalation-verbs': 'allows escalate / bind / impersonate or writing role bindings',
  'iam/k8s-workload-create': 'can create workloads (any image, any service account)',
};

/** The bootstrap ClusterRoles Kubernetes itself binds to unauthenticated callers (kube-apiserver defaults). */
const BOOTSTRAP_PUBLIC = ['system:public-info-viewer', 'system:discovery', 'system:basic-user'];

const SEV_ORDER = { hint: 0, info: 1, warning: 2, error: 3 } as const;
const maxSev = (a: RawFinding['severity'], b: RawFinding['severity']) => (SEV_ORDER[a] >= SEV_ORDER[b] ? a : b);

/**
 * Findings and grants of a file's RBAC objects. `lookupRole` resolves roles of
 * other files (workspace facts, `path` filled in); roles of this file and the
 * built-in cluster-admin / admin / edit / view are resolved here first.
 */
export function checkRbac(roots: Array<PNode | undefined>, lookupRole: RoleLookup, opts: RbacCheckOptions = {}): { findings: K8sFinding[]; grants: Grant[] } {
  const findings: K8sFinding[] = [];
  const grants: Grant[] = [];
  const objects = k8sObjects(roots);
  const localRoles = objects.flatMap((o) => roleOf(o) ?? []);
  const localBindings = objects.flatMap((o) => bindingOf(o) ?? []);

  // Roles: findings on their rules, one grant per rule.
  for (const role of localRoles) {
    const cluster = role.kind === 'ClusterRole';
    for (const r of role.rules) {
      const a = analyzeRule(role, r, cluster);
      for (const i of a.issues) findings.push({ ...i, fix: { kind: i.ruleId, ruleStart: r.start, ruleEnd: r.end } });
      grants.push({ provider: 'kubernetes', role: `${role.kind}/${role.name}`, actions: r.verbs, resources: formatResources(r), class: a.cls, reason: a.reason, start: r.start, end: r.end });
    }
  }

  const roleIndex = new Map<string, RbacRole[]>();
  for (const r of localRoles) addTo(roleIndex, `${r.kind}/${r.name}`, r);
  // The ClusterRoles aggregation may select: this file's, then the workspace's (names are cluster-wide).
  let candidates: RbacRole[] | undefined;
  const aggregate = (role: RbacRole): RbacRole => {
    if (!role.aggregationRule) return role;
    if (!candidates) {
      let others: RbacRole[] = [];
      try {
        others = lookupRole.clusterRoles?.() ?? [];
      } catch {
        others = [];
      }
      candidates = [...localRoles.filter((r) => r.kind === 'ClusterRole'), ...others];
    }
    return expandAggregation(role, candidates);
  };
  const resolve = (b: RbacBinding): { role?: RbacRole; local: boolean } => {
    const ns = b.namespace;
    const local = roleIndex.get(`${b.roleRef.kind}/${b.roleRef.name}`)?.find((r) => r.kind === 'ClusterRole' || (r.namespace ?? 'default') === (ns ?? 'default'));
    if (local) return { role: aggregate(local), local: true };
    let found: RbacRole | undefined;
    try {
      found = lookupRole(b.roleRef.kind, b.roleRef.name, b.roleRef.kind === 'Role' ? ns : undefined);
    } catch {
      found = undefined;
    }
    if (found) return { role: aggregate(found), local: false };
    if (b.roleRef.kind === 'ClusterRole') {
      const builtin = builtinClusterRole(b.roleRef.name);
      return { role: builtin && aggregate(builtin), local: false };
    }
    return { local: false };
  };

  const bindingClass = new Map<RbacBinding, { cls: GrantClass; role?: RbacRole; issues: Array<RuleIssue & { rule: RbacRule }> }>();
  for (const b of localBindings) {
    const { role, local } = resolve(b);
    const cluster = b.kind === 'ClusterRoleBinding';
    const principal = b.subjects.map((s) => subjectText(s, b.namespace)).join(', ') || undefined;
    const roleName = `${b.roleRef.kind}/${b.roleRef.name}`;
    // A role not in this file (or an aggregated one, whose rules other files give): the grant names it, so the
    // workspace's roles resolve it (engine/resolved.ts), as the check does.
    const roleRef = local && !role?.aggregationRule ? {} : { roleRef: { kind: b.roleRef.kind, name: b.roleRef.name, ...(b.roleRef.kind === 'Role' && b.namespace ? { namespace: b.namespace } : {}), binding: b.kind } };
    if (!role) {
      grants.push({ provider: 'kubernetes', principal, role: roleName, actions: [], resources: [], class: 'moderate', reason: 'role definition not found', start: b.start, end: b.end, ...roleRef });
      bindingClass.set(b, { cls: 'moderate', issues: [] });
      // Anonymous callers bound to a role this workspace does not define: whatever it grants, anyone gets.
      const anon = b.subjects.find((s) => (s.kind === 'Group' && s.name === 'system:unauthenticated') || (s.kind === 'User' && s.name === 'system:anonymous'));
      if (anon) {
        const bootstrap = BOOTSTRAP_PUBLIC.includes(b.roleRef.name);
        findings.push({
          ruleId: 'iam/k8s-cluster-admin-binding',
          severity: bootstrap ? 'info' : 'warning',
          message: `${b.kind} "${b.name}" grants ${roleName} to ${anon.kind} ${anon.name}: anonymous callers ${bootstrap ? 'reach what this default role allows (health and version endpoints); turn anonymous authentication off where nothing needs it' : 'get whatever that role allows (it is not defined in this workspace)'}.`,
          start: b.roleRef.start,
          end: b.roleRef.end,
        });
      }
      continue;
    }
    const a = analyzeRole(role, cluster);
    bindingClass.set(b, { cls: a.cls, role, issues: a.issues });
    const actions = [...new Set(role.rules.flatMap((r) => r.verbs))];
    const resources = [...new Set(role.rules.flatMap(formatResources))];
    grants.push({ provider: 'kubernetes', principal, role: roleName, actions, resources, class: a.cls, reason: `${b.kind} of ${roleName}: ${a.reason}`, start: b.start, end: b.end, ...roleRef });

    const where = { start: b.roleRef.start, end: b.roleRef.end };
    const publicSubject = b.subjects.find(PUBLIC_SUBJECTS);
    const defaultSa = b.subjects.find((s) => s.kind === 'ServiceAccount' && s.name === 'default');
    if (role.builtin && role.name === 'cluster-admin') {
      findings.push({
        ruleId: 'iam/k8s-cluster-admin-binding',
        severity: 'error',
        message: `${b.kind} "${b.name}" gives ${principal ?? 'its subjects'} cluster-admin: full control of the whole cluster. Bind a namespaced Role with the verbs and resources it needs.`,
        ...where,
        fix: { kind: 'k8s-cluster-admin-binding' },
      });
      continue;
    }
    if (role.builtin && (role.name === 'admin' || role.name === 'edit') && (cluster || defaultSa)) {
      findings.push({
        ruleId: 'iam/k8s-cluster-admin-binding',
        severity: 'warning',
        message: cluster
          ? `ClusterRoleBinding "${b.name}" gives ${principal ?? 'its subjects'} the "${role.name}" role in every namespace (Secrets, exec, workloads). Use a RoleBinding in the namespace that needs it.`
          : `RoleBinding "${b.name}" gives the "default" service account the "${role.name}" role: every pod of the namespace that does not name a service account gets it.`,
        ...where,
      });
      continue;
    }
    if (publicSubject && a.cls !== 'narrow') {
      findings.push({
        ruleId: 'iam/k8s-cluster-admin-binding',
        severity: a.cls === 'broad' ? 'error' : 'warning',
        message: `${b.kind} "${b.name}" grants ${roleName} (${a.cls}) to ${publicSubject.kind} ${publicSubject.name}: ${publicSubject.name === 'system:authenticated' ? 'anyone with any credential to the cluster' : 'anonymous callers'}.`,
        ...where,
      });
    }
    // Aggregated roles (the built-in view / edit / admin included) report the rules they take from other roles here.
    const taken = role.aggregatedFrom?.length ? a.issues.filter((i) => i.rule.from) : [];
    if (taken.length && (role.builtin || local)) {
      const byRule = new Map<string, Array<RuleIssue & { rule: RbacRule }>>();
      for (const i of taken) addTo(byRule, i.ruleId, i);
      for (const [ruleId, list] of byRule) {
        const names = [...new Set(list.map((i) => i.rule.from))].join(', ');
        findings.push({
          ruleId,
          severity: list.reduce((s, i) => maxSev(s, i.severity), 'hint' as RawFinding['severity']),
          message: `${b.kind} "${b.name}" gives ${principal ?? 'its subjects'} ${roleName}, which aggregates ClusterRole ${names} by label: it ${ISSUE_SHORT[ruleId] ?? 'is flagged'}.`,
          ...where,
          // A built-in role's rules have no text in the workspace to point at.
          related: list.filter((i) => !i.rule.builtin).map((i) => ({ start: i.start, end: i.end, message: i.message, path: i.rule.path })),
        });
      }
    } else if (!local && !role.builtin && a.issues.length) {
      const byRule = new Map<string, Array<RuleIssue & { rule: RbacRule }>>();
      for (const i of a.issues) addTo(byRule, i.ruleId, i);
      for (const [ruleId, list] of byRule) {
        findings.push({
          ruleId,
          severity: list.reduce((s, i) => maxSev(s, i.severity), 'hint' as RawFinding['severity']),
          message: `${b.kind} "${b.name}" gives ${principal ?? 'its subjects'} ${roleName}${role.path ? ` (defined in another file)` : ''}, which ${role.aggregatedFrom?.length ? `aggregates ClusterRole ${[...new Set(list.map((i) => i.rule.from ?? role.name))].join(', ')} by label and ` : ''}${ISSUE_SHORT[ruleId] ?? 'is flagged'}.`,
          ...where,
          related: list.filter((i) => !i.rule.builtin).map((i) => ({ start: i.start, end: i.end, message: i.message, path: i.rule.path ?? role.path })),
        });
      }
    }
  }

  // Service accounts that keep the token mounted while bound to a broad role.
  const bySa = new Map<string, Array<{ b: RbacBinding; here: boolean }>>();
  const addSa = (b: RbacBinding, here: boolean) => {
    for (const s of b.subjects) {
      if (s.kind !== 'ServiceAccount') continue;
      const key = `${s.namespace ?? b.namespace ?? 'default'}/${s.name}`;
      const list = bySa.get(key) ?? [];
      if (!list.some((x) => x.b === b)) list.push({ b, here });
      bySa.set(key, list);
    }
  };
  for (const b of localBindings) addSa(b, true);
  for (const b of opts.bindings ?? []) addSa(b, false);
  for (const o of objects) {
    if (o.kind !== 'ServiceAccount' || !o.name) continue;
    const ns = o.namespace ?? 'default';
    const automount = get(o.node, 'automountServiceAccountToken');
    if (automount?.type === 'boolean' && automount.value === false) continue;
    if (automount && automount.type !== 'boolean' && automount.type !== 'null') continue; // templated: unknown
    for (const { b, here } of bySa.get(`${ns}/${o.name}`) ?? []) {
      let info = here ? bindingClass.get(b) : undefined;
      if (!info) {
        const { role } = resolve(b);
        info = role ? { ...analyzeRole(role, b.kind === 'ClusterRoleBinding'), role } : { cls: 'moderate', issues: [] };
      }
      if (info.cls !== 'broad') continue;
      const severe = info.role?.name === 'cluster-admin' || info.issues.some((i) => i.ruleId === 'iam/k8s-wildcard' || i.ruleId === 'iam/k8s-escalation-verbs');
      const target = automount ?? o.nameNode ?? o.node;
      findings.push({
        ruleId: 'iam/k8s-sa-token-automount',
        severity: severe ? 'warning' : 'info',
        message: `ServiceAccount "${o.name}" is bound to ${b.roleRef.kind}/${b.roleRef.name} (broad) and its token is mounted into every pod that uses it. Set automountServiceAccountToken: false and mount a projected token only where the API is called.`,
        start: target.start,
        end: target.end,
        related: [{ start: b.roleRef.start, end: b.roleRef.end, message: `${b.kind} "${b.name}"`, path: here ? undefined : b.path }],
        fix: { kind: 'k8s-sa-token-automount' },
      });
      break;
    }
  }
  return { findings, grants };
}
