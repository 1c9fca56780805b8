/**
 * NetworkPolicy semantics as Kubernetes applies them:
 * - a policy selects pods of its own namespace only (unset namespace means the
 *   default namespace, or the one kustomize / a setting gives);
 * - the full LabelSelector counts (matchLabels AND every matchExpression); an
 *   empty selector `{}` selects every pod of the namespace; an absent
 *   podSelector is read as `{}` (the current API's default; older API servers
 *   reject it);
 * - policyTypes absent means Ingress, plus Egress when the policy has at least
 *   one egress rule (an empty `egress: []` does not add Egress);
 * - a pod is isolated for a direction once any policy with that type selects it.
 */
import type { K8sObjectFact, LabelSelector, PeerFact, RuleFact } from './k8s';
import { calicoKeys, calicoMatches, calicoSelector, isCalicoAll } from './calico';
import type { PolicySubjectFact, Verdict } from './policies';
import { isOpenIpBlock, type Direction } from './labels';
import { addTo } from '../../collections';

export { isOpenIpBlock, type Direction };

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function labelValue(labels: unknown, key: string): string | undefined {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return undefined;
  if (!hasOwn(labels, key)) return undefined;
  const v = (labels as Record<string, unknown>)[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The label value a matchLabels entry asks for (`null` asks for ""); undefined when no label can have it. */
function wantedLabel(want: unknown): string | undefined {
  return typeof want === 'string' ? want : typeof want === 'number' || typeof want === 'boolean' ? String(want) : want === null ? '' : undefined;
}

/** A Kubernetes NetworkPolicy (the core API), as the facts tell it from the other APIs' policies. */
export const isK8sPolicy = (p: { policyApi?: string; kind?: string }) => p.policyApi === 'k8s' || (p.policyApi === undefined && p.kind === 'NetworkPolicy');

/**
 * Whether a LabelSelector selects a pod with these labels. `undefined`/`null`
 * and `{}` select everything. A malformed selector (unknown operator, `In`
 * without values, non-object) selects nothing, as the API server would reject
 * it. Never throws, whatever JSON it is given.
 */
export function selectorMatches(selector: LabelSelector | undefined | null | unknown, labels: Record<string, string> | unknown): boolean {
  if (selector === undefined || selector === null) return true;
  if (typeof selector !== 'object' || Array.isArray(selector)) return false;
  const sel = selector as Record<string, unknown>;
  const ml = sel.matchLabels;
  if (ml !== undefined && ml !== null) {
    if (typeof ml !== 'object' || Array.isArray(ml)) return false;
    for (const k of Object.keys(ml)) {
      const want = (ml as Record<string, unknown>)[k];
      const wantS = wantedLabel(want);
      if (wantS === undefined) return false;
      if (labelValue(labels, k) !== wantS) return false;
    }
  }
  const me = sel.matchExpressions;
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) return false;
    for (const req of me) if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

function requirementMatches(req: unknown, labels: unknown): boolean {
  if (!req || typeof req !== 'object' || Array.isArray(req)) return false;
  const r = req as Record<string, unknown>;
  if (typeof r.key !== 'string' || typeof r.operator !== 'string') return false;
  const values = Array.isArray(r.values) ? r.values.map((v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined)) : [];
  const v = labelValue(labels, r.key);
  switch (r.operator) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    default:
      return false;
  }
}

/** The requirements of a selector that fail for these labels (for "almost matches" hints). */
function failingRequirements(selector: LabelSelector | undefined, labels: Record<string, string>): { total: number; failing: string[] } {
  const failing: string[] = [];
  let total = 0;
  if (!selector || typeof selector !== 'object') return { total, failing };
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    total++;
    if (labelValue(labels, k) !== String(v)) failing.push(`${k}=${v}`);
  }
  for (const req of selector.matchExpressions ?? []) {
    total++;
    if (!requirementMatches(req, labels)) failing.push(`${req.key} ${req.operator}${req.values ? ' (' + req.values.join(', ') + ')' : ''}`);
  }
  return { total, failing };
}


/** policyTypes as the API server defaults them. */
export function effectivePolicyTypes(policy: Pick<K8sObjectFact, 'policyTypes' | 'egress'>): Direction[] {
  const written = (policy.policyTypes ?? []).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if (policy.policyTypes && policy.policyTypes.length) return [...new Set(written)];
  const out: Direction[] = ['Ingress'];
  if (policy.egress && policy.egress.length > 0) out.push('Egress');
  return out;
}

export interface PolicyRef {
  /** The policy's kind ("NetworkPolicy", "CiliumNetworkPolicy", ...). */
  kind?: string;
  name?: string;
  namespace: string;
  path?: string;
  start: number;
  end: number;
  nameStart?: number;
  nameEnd?: number;
  /** Why it is listed among the closest: "same labels in namespace x", "would select it but for app=web". */
  reason?: string;
}

export type PolicyLike = K8sObjectFact & { path?: string };

function ref(p: PolicyLike, reason?: string): PolicyRef {
  const r: PolicyRef = { kind: p.kind, name: p.name, namespace: p.effectiveNamespace, start: p.start, end: p.end };
  if (p.path !== undefined) r.path = p.path;
  if (p.nameStart !== undefined) {
    r.nameStart = p.nameStart;
    r.nameEnd = p.nameEnd;
  }
  if (reason) r.reason = reason;
  return r;
}

/** At most this many near policies are listed. */
export const MAX_CLOSEST = 3;

export interface Isolation {
  ingress: { isolated: boolean; by: PolicyRef[] };
  egress: { isolated: boolean; by: PolicyRef[] };
  /** Policies that nearly select the workload: same selector in another namespace, or one failing requirement. */
  closest: PolicyRef[];
  /** Policies of the namespace whose selector could not be read (templates): they may select the workload. */
  uncertain: PolicyRef[];
  /** An AdminNetworkPolicy or BaselineAdminNetworkPolicy whose rule allows every peer decided the direction. */
  allowedBy?: Partial<Record<Direction, PolicyRef>>;
}

/** Labels of the Namespace objects by name (a Map, or a file's view of the folder's: check.ts). */
export interface NamespaceLabels {
  get(name: string): Record<string, string> | undefined;
}

export interface IsolationContext {
  /** Labels of the namespaces whose Namespace object the workspace holds (by name). */
  namespaceLabels?: NamespaceLabels;
  /** Every policy matched one by one, without the label-pair index (the reference the index is tested against). */
  exhaustive?: boolean;
  /** The policies given are the namespace's candidates already (`isolationCandidates` of its lists): matched as given. */
  chosen?: boolean;
}

/**
 * The label pairs ("key\0value") of a selector made of matchLabels alone, every value one a label can have; undefined
 * for any other selector (empty, with matchExpressions, malformed): those are matched one by one.
 */
function labelPairsOnly(sel: unknown): string[] | undefined {
  if (!sel || typeof sel !== 'object' || Array.isArray(sel)) return undefined;
  const s = sel as Record<string, unknown>;
  if (s.matchExpressions !== undefined && s.matchExpressions !== null) return undefined;
  const ml = s.matchLabels;
  if (!ml || typeof ml !== 'object' || Array.isArray(ml)) return undefined;
  const out: string[] = [];
  for (const k of Object.keys(ml)) {
    const want = (ml as Record<string, unknown>)[k];
    const wantS = wantedLabel(want);
    if (wantS === undefined) return undefined;
    out.push(`${k}\u0000${wantS}`);
  }
  return out.length ? out : undefined;
}

interface PairIndex {
  order: Map<PolicyLike, number>;
  /** Kubernetes NetworkPolicies whose selector is matchLabels alone, under each pair they require. */
  byPair: Map<string, PolicyLike[]>;
  /** Every other policy. */
  rest: PolicyLike[];
}
/** `into`, with the policies `byPair` holds under one of the pod's label pairs ("key\0value"). */
function withPodPairs(byPair: Map<string, PolicyLike[]>, labels: Record<string, string>, into: Set<PolicyLike>): Set<PolicyLike> {
  for (const pair of podPairs(labels)) for (const p of byPair.get(pair) ?? []) into.add(p);
  return into;
}

/** Lists seen once (`null`) and indexed lists: a list checked once (a policy file's own grouping) is not indexed. */
const pairIndexes = new WeakMap<object, PairIndex | null>();

/**
 * The policies of `policies` that can select a pod with these labels or be named as almost selecting it, in their
 * order: a Kubernetes NetworkPolicy of matchLabels alone does either only if the pod has one of its pairs (a near miss
 * needs all requirements but one to hold); every other policy is kept. The same list `isolation` would walk one by one
 * gives the same result (property-tested); on the 20,000-file bench a workload was matched against 200 policies.
 */
export function isolationCandidates(policies: PolicyLike[], labels: Record<string, string>): PolicyLike[] {
  if (policies.length < 16) return policies;
  let ix = pairIndexes.get(policies);
  if (ix === undefined) {
    pairIndexes.set(policies, null);
    return policies;
  }
  if (ix === null) {
    ix = { order: new Map(), byPair: new Map(), rest: [] };
    for (const p of policies) {
      ix.order.set(p, ix.order.size);
      const pairs = isK8sPolicy(p) && !p.unresolved ? labelPairsOnly(p.selector) : undefined;
      if (!pairs) {
        ix.rest.push(p);
        continue;
      }
      for (const pair of new Set(pairs)) {
        const l = ix.byPair.get(pair);
        if (l) l.push(p);
        else ix.byPair.set(pair, [p]);
      }
    }
    pairIndexes.set(policies, ix);
  }
  if (!ix.byPair.size) return policies;
  const found = withPodPairs(ix.byPair, labels, new Set<PolicyLike>(ix.rest));
  if (found.size === policies.length) return policies;
  const order = ix.order;
  return [...found].sort((a, b) => order.get(a)! - order.get(b)!);
}

/** The pods' labels of a workload (template labels; a Pod's own labels). */
export function podLabelsOf(workload: K8sObjectFact): Record<string, string> {
  return workload.podLabels ?? workload.labels ?? {};
}

/**
 * A policy of another namespace than `ns` that selects pods with these labels, as a "closest" hint for a workload no
 * policy isolates (a Kubernetes NetworkPolicy's podSelector, a namespaced Cilium policy's endpoint selectors).
 */
function closestHint(p: PolicyLike, labels: Record<string, string>, ns: string): PolicyRef | undefined {
  const reason = `selects pods with these labels in namespace "${p.effectiveNamespace}", not "${ns}"`;
  if (isK8sPolicy(p)) return !p.unresolved && selectorMatches(p.selector ?? {}, labels) ? ref(p, reason) : undefined;
  if (p.policyApi === 'cilium' && !p.clusterWide && p.subjects?.some((s) => !s.unresolved && s.pods && selectorMatches(s.pods, labels))) return ref(p, reason);
  return undefined;
}

/**
 * The label pair a selector's matchLabels requires first ("key\0value"): a pod without it is not selected. `null`:
 * the selector matches nothing (a value no label can have); `undefined`: it has no such pair (every pod is a candidate).
 */
function requiredPair(sel: unknown): string | null | undefined {
  if (!sel || typeof sel !== 'object' || Array.isArray(sel)) return undefined;
  const ml = (sel as Record<string, unknown>).matchLabels;
  if (!ml || typeof ml !== 'object' || Array.isArray(ml)) return undefined;
  for (const k of Object.keys(ml)) {
    const want = (ml as Record<string, unknown>)[k];
    const wantS = wantedLabel(want);
    return wantS === undefined ? null : `${k}\u0000${wantS}`;
  }
  return undefined;
}

/**
 * What a policy of another namespace can be a hint for (`closestElsewhere`): pods with one of `pairs` ("key\0value",
 * the first pair each selector's matchLabels requires), or any pod (`always`: a selector without matchLabels). Undefined:
 * never a hint (a selector not resolved, one that matches nothing, an API that gives none). The one rule of the hints'
 * index and of the keys a policy's hints are read by (network/index.ts `policyKeys`).
 */
export function hintPairs(p: PolicyLike): { always: boolean; pairs: string[] } | undefined {
  if (isK8sPolicy(p)) {
    if (p.unresolved) return undefined;
    const pair = requiredPair(p.selector ?? {});
    return pair === undefined ? { always: true, pairs: [] } : pair === null ? undefined : { always: false, pairs: [pair] };
  }
  if (p.policyApi === 'cilium' && p.subjects) {
    const pairs = p.subjects.filter((x) => !x.unresolved && x.pods).map((x) => requiredPair(x.pods));
    if (pairs.some((x) => x === undefined)) return { always: true, pairs: [] };
    const found = [...new Set(pairs.filter((x): x is string => typeof x === 'string'))];
    return found.length ? { always: false, pairs: found } : undefined;
  }
  return undefined;
}

/** The label pairs of a pod as `hintPairs` names them ("key\0value"). */
export function podPairs(labels: Record<string, string>): string[] {
  const out: string[] = [];
  if (!labels || typeof labels !== 'object') return out;
  for (const k of Object.keys(labels)) {
    const v = labelValue(labels, k);
    if (v !== undefined) out.push(`${k}\u0000${v}`);
  }
  return out;
}

interface ClosestIndex {
  byPair: Map<string, PolicyLike[]>;
  always: PolicyLike[];
}
const closestIndexes = new WeakMap<object, ClosestIndex>();

function closestIndex(byNs: Map<string, PolicyLike[]>): ClosestIndex {
  let ix = closestIndexes.get(byNs);
  if (ix) return ix;
  ix = { byPair: new Map(), always: [] };
  for (const list of byNs.values()) {
    for (const p of list) {
      const h = hintPairs(p);
      if (!h) continue;
      if (h.always) ix.always.push(p);
      for (const pair of h.pairs) {
        const l = ix.byPair.get(pair);
        if (!l) ix.byPair.set(pair, [p]);
        else if (l[l.length - 1] !== p) l.push(p);
      }
    }
  }
  closestIndexes.set(byNs, ix);
  return ix;
}

/** The order of the hints: by file, then by place in the file (the folder's list order: its files sorted by path). */
function byPlace(a: PolicyLike, b: PolicyLike): number {
  const pa = a.path ?? '';
  const pb = b.path ?? '';
  return pa < pb ? -1 : pa > pb ? 1 : a.start - b.start;
}

/**
 * Policies of other namespaces that select pods with the workload's labels (the "closest" hints of an unisolated
 * workload), by file and place in the file, at most `limit`: those `isolation(workload, list).closest` names over
 * every other namespace's list, without matching every policy of the folder against every workload (an index of the
 * label pairs the policies require, kept per `byNs`). The order depends on the candidates alone (not on where the
 * other policies of their namespaces are), so what a workload's hints read is the policies of its label pairs
 * (`hintPairs`). `mine`: a file's own policies, read in place of those it published.
 */
export function closestElsewhere(workload: K8sObjectFact, byNs: Map<string, PolicyLike[]>, limit: number, mine?: OwnPolicies): PolicyRef[] {
  if (limit <= 0) return [];
  const ix = closestIndex(byNs);
  const labels = podLabelsOf(workload);
  const ns = workload.effectiveNamespace;
  let candidates = withPodPairs(ix.byPair, labels, new Set<PolicyLike>(ix.always));
  if (mine) {
    const oix = closestIndex(mine.own);
    const kept = new Set<PolicyLike>();
    for (const p of candidates) if (p.path !== mine.without) kept.add(p);
    candidates = withPodPairs(oix.byPair, labels, new Set<PolicyLike>([...kept, ...oix.always]));
  }
  const out: PolicyRef[] = [];
  for (const p of [...candidates].sort(byPlace)) {
    if (out.length >= limit) break;
    if (p.effectiveNamespace === ns) continue;
    const hint = closestHint(p, labels, ns);
    if (hint) out.push(hint);
  }
  return out;
}

/** A file's own policies by namespace, to be read in place of the policies it published (`without`, its path). */
export interface OwnPolicies {
  without: string;
  own: Map<string, PolicyLike[]>;
}

/**
 * Which policies isolate a workload's pods, per direction: `policies` are the policies of the workload's namespace,
 * `clusterWide` those of every namespace (CiliumClusterwideNetworkPolicy, GlobalNetworkPolicy, admin policies). The
 * layers apply as Kubernetes documents them: AdminNetworkPolicies by priority (a Deny or Allow that matches every peer
 * decides; Pass goes on), then the NetworkPolicies of every API (Kubernetes, Cilium, Calico tiers by order), then the
 * BaselineAdminNetworkPolicy.
 */
export function isolation(workload: K8sObjectFact, policies: PolicyLike[], clusterWide: PolicyLike[] = [], ctx: IsolationContext = {}): Isolation {
  const labels = podLabelsOf(workload);
  const ns = workload.effectiveNamespace;
  const res: Isolation = { ingress: { isolated: false, by: [] }, egress: { isolated: false, by: [] }, closest: [], uncertain: [] };
  const admin: Array<{ p: PolicyLike; s: PolicySubjectFact }> = [];
  const baseline: Array<{ p: PolicyLike; s: PolicySubjectFact }> = [];
  const calico: Array<{ p: PolicyLike; s: PolicySubjectFact }> = [];
  const view = new PodView(workload, ctx);
  const candidates = ctx.exhaustive || ctx.chosen ? policies : isolationCandidates(policies, labels);
  for (const p of [...candidates, ...clusterWide]) {
    if (isK8sPolicy(p)) {
      if (p.effectiveNamespace !== ns) {
        const hint = res.closest.length < MAX_CLOSEST ? closestHint(p, labels, ns) : undefined;
        if (hint) res.closest.push(hint);
        continue;
      }
      k8sPolicy(p, labels, res);
      continue;
    }
    if (!p.subjects) continue;
    if (!p.clusterWide && p.effectiveNamespace !== ns) {
      // a namespaced Cilium policy with these labels elsewhere
      const hint = res.closest.length < MAX_CLOSEST ? closestHint(p, labels, ns) : undefined;
      if (hint) res.closest.push(hint);
      continue;
    }
    for (const s of p.subjects) {
      const m = view.selects(p, s);
      if (m === undefined) {
        res.uncertain.push(ref(p, 'its selector could not be judged statically (a template, or labels of a namespace the workspace does not define)'));
        continue;
      }
      if (!m) {
        if (p.policyApi === 'cilium' && !p.clusterWide && s.pods && res.closest.length < MAX_CLOSEST) {
          const { total, failing } = failingRequirements(s.pods, labels);
          if (total >= 2 && failing.length === 1) res.closest.push(ref(p, `would select it but for ${failing[0]}`));
        }
        continue;
      }
      if (p.policyApi === 'anp') admin.push({ p, s });
      else if (p.policyApi === 'banp') baseline.push({ p, s });
      else if (p.policyApi === 'calico') calico.push({ p, s });
      else for (const d of s.isolates) mark(res, d, p);
    }
  }
  const byPriority = (a: { p: PolicyLike }, b: { p: PolicyLike }) => (a.p.priority ?? Infinity) - (b.p.priority ?? Infinity) || (a.p.name ?? '').localeCompare(b.p.name ?? '');
  admin.sort(byPriority);
  calico.sort(byPriority);
  for (const d of ['Ingress', 'Egress'] as const) {
    const side = d === 'Ingress' ? res.ingress : res.egress;
    // 1. AdminNetworkPolicies, by priority: the first whose rule matches every peer decides (Pass goes on).
    let decided: Verdict | undefined;
    for (const { p, s } of admin) {
      const v = s.verdict?.[d];
      if (!v || v === 'pass') {
        if (v === 'pass') break;
        continue;
      }
      decided = v;
      if (v === 'deny') {
        side.isolated = true;
        side.by = [ref(p)];
      } else (res.allowedBy ??= {})[d] = ref(p);
      break;
    }
    if (decided) continue;
    // 2. Calico, tier by tier: the first policy by order whose rule matches every packet decides; none: the end of the
    // tier denies. Pass hands the packet to the next tier (and to the Kubernetes policies, whose isolation stands).
    const tiers = new Map<string, Array<{ p: PolicyLike; s: PolicySubjectFact }>>();
    for (const c of calico) if (c.s.isolates.includes(d)) addTo(tiers, c.p.tier ?? 'default', c);
    for (const list of tiers.values()) {
      const first = list.find((c) => c.s.verdict?.[d]);
      if (first?.s.verdict?.[d] === 'pass') continue;
      mark(res, d, (first ?? list[0]).p);
    }
    // 3. The BaselineAdminNetworkPolicy, after every NetworkPolicy.
    if (!side.isolated) {
      for (const { p, s } of baseline) {
        const v = s.verdict?.[d];
        if (v === 'deny') mark(res, d, p);
        else if (v === 'allow') (res.allowedBy ??= {})[d] = ref(p);
        if (v) break;
      }
    }
  }
  return res;
}

function mark(res: Isolation, d: Direction, p: PolicyLike): void {
  const side = d === 'Ingress' ? res.ingress : res.egress;
  side.isolated = true;
  if (!side.by.some((r) => r.start === p.start && r.path === p.path)) side.by.push(ref(p));
}

function k8sPolicy(p: PolicyLike, labels: Record<string, string>, res: Isolation): void {
  const selector = p.selector ?? {};
  if (p.unresolved) {
    // a templated selector: it may or may not select the pods
    res.uncertain.push(ref(p, 'its pod selector could not be read statically'));
    return;
  }
  if (!selectorMatches(selector, labels)) {
    // near miss: all requirements but one hold (a one-requirement selector with another value is just another app)
    if (res.closest.length < MAX_CLOSEST) {
      const { total, failing } = failingRequirements(selector, labels);
      if (total >= 2 && failing.length === 1) res.closest.push(ref(p, `would select it but for ${failing[0]}`));
    }
    return;
  }
  for (const t of effectivePolicyTypes(p)) mark(res, t, p);
}

const NS_NAME = 'kubernetes.io/metadata.name';
const CILIUM_NS_LABELS = 'io.cilium.k8s.namespace.labels.';

function selectorKeys(sel: LabelSelector | undefined): string[] {
  if (!sel) return [];
  return [...Object.keys(sel.matchLabels ?? {}), ...(sel.matchExpressions ?? []).map((x) => x.key)];
}

/** A pod as each policy API sees it: its labels plus the namespace's, under each API's names. */
class PodView {
  private readonly ns: string;
  private readonly nsKnown: boolean;
  private readonly nsLabels: Record<string, string>;
  private cilium?: Record<string, string>;
  private calico?: Record<string, string>;
  constructor(
    private readonly w: K8sObjectFact,
    ctx: IsolationContext,
  ) {
    this.ns = w.effectiveNamespace;
    const known = ctx.namespaceLabels?.get(this.ns);
    this.nsKnown = known !== undefined;
    this.nsLabels = { ...(known ?? {}), [NS_NAME]: this.ns };
  }
  private get pod(): Record<string, string> {
    return podLabelsOf(this.w);
  }
  /** Whether a key of a namespace selector can be judged: every key can when the Namespace object is known. */
  private nsKey(k: string): boolean {
    return this.nsKnown || k === NS_NAME || k === 'projectcalico.org/name';
  }
  private ciliumLabels(): Record<string, string> {
    if (!this.cilium) {
      this.cilium = { ...this.pod, 'io.kubernetes.pod.namespace': this.ns, 'io.cilium.k8s.policy.serviceaccount': this.w.serviceAccount ?? 'default' };
      for (const [k, v] of Object.entries(this.nsLabels)) this.cilium[CILIUM_NS_LABELS + k] = v;
    }
    return this.cilium;
  }
  private calicoLabels(): Record<string, string> {
    if (!this.calico) {
      this.calico = { ...this.pod, 'projectcalico.org/namespace': this.ns, 'projectcalico.org/orchestrator': 'k8s', 'projectcalico.org/serviceaccount': this.w.serviceAccount ?? 'default' };
      for (const [k, v] of Object.entries({ ...this.nsLabels, 'projectcalico.org/name': this.ns })) this.calico['pcns.' + k] = v;
    }
    return this.calico;
  }
  /** Whether the subject selects the pod; undefined when it cannot be judged statically. */
  selects(p: PolicyLike, s: PolicySubjectFact): boolean | undefined {
    if (s.unresolved) return undefined;
    if (p.policyApi === 'cilium') {
      const keys = selectorKeys(s.pods);
      if (keys.some((k) => k === 'io.cilium.k8s.policy.cluster' || (k.startsWith(CILIUM_NS_LABELS) && !this.nsKey(k.slice(CILIUM_NS_LABELS.length))))) return undefined;
      return selectorMatches(s.pods ?? {}, this.ciliumLabels());
    }
    if (p.policyApi === 'calico') {
      if (s.serviceAccountsExpr !== undefined && !isCalicoAll(s.serviceAccountsExpr)) return undefined;
      const pods = calicoSelector(s.podsExpr);
      if (!pods.ok) return undefined;
      if ([...calicoKeys(pods.expr)].some((k) => k.startsWith('pcns.') && !this.nsKey(k.slice(5)))) return undefined;
      if (!calicoMatches(pods.expr, this.calicoLabels())) return false;
      if (s.namespacesExpr === undefined) return true;
      const nsSel = calicoSelector(s.namespacesExpr);
      if (!nsSel.ok || [...calicoKeys(nsSel.expr)].some((k) => !this.nsKey(k))) return undefined;
      return calicoMatches(nsSel.expr, { ...this.nsLabels, 'projectcalico.org/name': this.ns });
    }
    // AdminNetworkPolicy, BaselineAdminNetworkPolicy
    if (selectorKeys(s.namespaces).some((k) => !this.nsKey(k))) return undefined;
    return selectorMatches(s.namespaces ?? {}, this.nsLabels) && selectorMatches(s.pods ?? {}, this.pod);
  }
}

// ---- open rules --------------------------------------------------------------

export interface OpenRule {
  direction: Direction;
  ruleIndex: number;
  rule: RuleFact;
  /** `any-peer`: no `to`/`from` (or empty) — every peer; `ipblock-all`: 0.0.0.0/0 or ::/0. */
  reason: 'any-peer' | 'ipblock-all';
  peer?: PeerFact;
  /** The rule names no ports: every port. */
  allPorts: boolean;
  start: number;
  end: number;
}

/** Rules of a policy that admit every peer, or the whole Internet, in an effective direction. */
export function openRules(policy: K8sObjectFact): OpenRule[] {
  const out: OpenRule[] = [];
  const types = effectivePolicyTypes(policy);
  const sides: Array<[Direction, RuleFact[] | undefined]> = [
    ['Ingress', policy.ingress],
    ['Egress', policy.egress],
  ];
  for (const [direction, rules] of sides) {
    if (!types.includes(direction) || !rules) continue;
    rules.forEach((rule, ruleIndex) => {
      const allPorts = !rule.ports || rule.ports.length === 0;
      if (rule.peers.length === 0) {
        const start = rule.peersStart ?? rule.start;
        const end = rule.peersEnd ?? rule.end;
        out.push({ direction, ruleIndex, rule, reason: 'any-peer', allPorts, start, end });
        return;
      }
      for (const peer of rule.peers) {
        if (isOpenIpBlock(peer.ipBlock)) out.push({ direction, ruleIndex, rule, reason: 'ipblock-all', peer, allPorts, start: peer.start, end: peer.end });
      }
    });
  }
  return out;
}
