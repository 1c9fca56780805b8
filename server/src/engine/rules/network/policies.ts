/**
 * Network policies of the CNIs and of the admin API, read into plain facts with the semantics each project documents:
 *
 * - Cilium `cilium.io/v2` CiliumNetworkPolicy (the pods of its namespace) and CiliumClusterwideNetworkPolicy (every
 *   namespace): `spec` or `specs` (a list of rules), each rule an `endpointSelector` (a LabelSelector; `{}` = every
 *   endpoint in scope; keys may carry a source prefix, `k8s:` and `any:` name pod labels, `reserved:` and the others
 *   never do; `io.kubernetes.pod.namespace`, `io.cilium.k8s.policy.serviceaccount` and
 *   `io.cilium.k8s.namespace.labels.<key>` name the pod's namespace, service account and namespace labels) or a
 *   `nodeSelector` (host policy: no pods). A rule puts the selected pods in default deny for ingress when it has
 *   `ingress` or `ingressDeny` rules, for egress when it has `egress` or `egressDeny` rules (empty lists do not count),
 *   unless `enableDefaultDeny` says false for that direction. An empty rule (`- {}`) allows nothing; a rule with
 *   `toPorts` and no L3 peer allows every peer on those ports; `toEntities`/`fromEntities` `world` or `all`, a /0
 *   in `toCIDR`/`toCIDRSet`, and `toFQDNs` `matchPattern: "*"` are open to the Internet (`cluster` is not).
 * - Calico `projectcalico.org/v3` NetworkPolicy (its namespace) and GlobalNetworkPolicy (every namespace, narrowed by
 *   `namespaceSelector`): `selector` expressions (calico.ts; absent = all()), `serviceAccountSelector`, `types`
 *   (absent: Egress alone when there are only egress rules, Ingress and Egress when both, else Ingress), `order`
 *   (lower first; absent last), `tier`, rules with `action` Allow, Deny, Log (not terminal) and Pass (to the next
 *   tier). In a tier the first policy, by order, whose rule matches decides; a rule with no match criteria decides
 *   every remaining packet; traffic no rule matches is denied at the end of the tier. Policies for host endpoints
 *   only (`doNotTrack`, `preDNAT`, `applyOnForward`) and staged policies select no pods.
 * - `policy.networking.k8s.io` AdminNetworkPolicy (`priority`, lower first, before NetworkPolicies) and
 *   BaselineAdminNetworkPolicy (after them): `subject` namespaces or pods, rules in order, Allow and Deny final, Pass
 *   (ANP only) hands over to NetworkPolicies. Neither isolates pods by selecting them: only a rule that matches every
 *   peer (ingress from `namespaces: {}`, egress to `networks: [0.0.0.0/0]`) decides the rest of the traffic.
 *
 * Every fact is plain JSON: selectors are kept as written (expressions as text) and evaluated at check time.
 */
import { asList, get, str, type PNode } from '../../formats/tree';
import { isOpenIpBlock, labelMap, labelSelector, type Direction, type LabelSelector } from './labels';

export type PolicyApi = 'k8s' | 'cilium' | 'calico' | 'anp' | 'banp';

/** What a policy does with the traffic no earlier rule matched, once it selects a pod. */
export type Verdict = 'allow' | 'deny' | 'pass';

/** Which pods one policy (or one rule of a Cilium `specs` list) selects, and what it does to them. */
export interface PolicySubjectFact {
  /** A LabelSelector over the pod's labels (Cilium keys without `k8s:`/`any:`; ANP); absent with podsExpr. */
  pods?: LabelSelector;
  /** A Calico expression over the pod's labels. */
  podsExpr?: string;
  /** A LabelSelector over the namespace's labels (ANP, BANP); absent: every namespace in scope. */
  namespaces?: LabelSelector;
  /** A Calico expression over the namespace's labels (GlobalNetworkPolicy namespaceSelector). */
  namespacesExpr?: string;
  /** Calico serviceAccountSelector: the service accounts' labels are not known, so anything but all() is uncertain. */
  serviceAccountsExpr?: string;
  /** Directions the subject puts into default deny by selecting the pods (Cilium rules, Calico types). */
  isolates: Direction[];
  /** Calico, ANP, BANP: what a rule that matches every peer decides, per direction (absent: no such rule). */
  verdict?: Partial<Record<Direction, Verdict>>;
  /** The selector could not be read statically (a template): may select anything. */
  unresolved?: boolean;
}

/** A rule open to every peer (or the whole Internet), located in the file. */
export interface OpenRuleFact {
  direction: Direction;
  ruleIndex: number;
  reason: 'any-peer' | 'ipblock-all' | 'entity-world' | 'fqdn-all';
  /** What opens it, for the message: "toEntities world", "nets 0.0.0.0/0". */
  what: string;
  allPorts: boolean;
  ports?: string[];
  start: number;
  end: number;
}

export interface PolicyFacts {
  policyApi: PolicyApi;
  clusterWide?: boolean;
  subjects: PolicySubjectFact[];
  /** ANP priority, Calico order. */
  priority?: number;
  /** Calico tier (`default` when absent). */
  tier?: string;
  openRules: OpenRuleFact[];
}

const nonEmpty = (n: PNode | undefined) => n?.type === 'array' && n.items.length > 0;

/** The policy API of an object, or undefined when it is none of the policy kinds read here. */
export function policyApiOf(kind: string, apiVersion: string): PolicyApi | undefined {
  if (kind === 'NetworkPolicy' && apiVersion.startsWith('networking.k8s.io/')) return 'k8s';
  if (apiVersion.startsWith('cilium.io/') && (kind === 'CiliumNetworkPolicy' || kind === 'CiliumClusterwideNetworkPolicy')) return 'cilium';
  if (/(^|\.)projectcalico\.org\//.test(apiVersion) && (kind === 'NetworkPolicy' || kind === 'GlobalNetworkPolicy')) return 'calico';
  if (apiVersion.startsWith('policy.networking.k8s.io/')) {
    if (kind === 'AdminNetworkPolicy') return 'anp';
    if (kind === 'BaselineAdminNetworkPolicy') return 'banp';
  }
  return undefined;
}

/** The facts of a policy of the CNIs or the admin API (not the core NetworkPolicy, which k8s.ts reads). */
export function policyFacts(api: Exclude<PolicyApi, 'k8s'>, kind: string, node: PNode): PolicyFacts {
  switch (api) {
    case 'cilium':
      return ciliumFacts(kind, node);
    case 'calico':
      return calicoFacts(kind, node);
    default:
      return adminFacts(api, node);
  }
}

// ---- Cilium ------------------------------------------------------------------------

const CILIUM_POD_SOURCES = /^(k8s|any):/;

/** A Cilium key as a pod label key: `k8s:app` and `any:app` are `app`; other sources (`reserved:`) stay as written. */
export function ciliumKey(k: string): string {
  return k.replace(CILIUM_POD_SOURCES, '');
}

function ciliumSelector(n: PNode): { selector: LabelSelector; unresolved: boolean } {
  const r = labelSelector(n);
  const s = r.selector;
  const out: LabelSelector = {};
  if (s.matchLabels) out.matchLabels = Object.fromEntries(Object.entries(s.matchLabels).map(([k, v]) => [ciliumKey(k), v]));
  if (s.matchExpressions) out.matchExpressions = s.matchExpressions.map((x) => ({ ...x, key: ciliumKey(x.key) }));
  return { selector: out, unresolved: r.unresolved };
}

const WORLD_ENTITIES = new Set(['world', 'all', 'world-ipv4', 'world-ipv6']);
const CILIUM_L3 = {
  Egress: ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toGroups', 'toNodes', 'toRequires'],
  Ingress: ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromGroups', 'fromNodes', 'fromRequires'],
} as const;

function ciliumPorts(rule: PNode): { allPorts: boolean; ports: string[] } {
  const ports: string[] = [];
  for (const tp of asList(get(rule, 'toPorts'))) for (const p of asList(get(tp, 'ports'))) ports.push(String(str(get(p, 'port')) ?? (get(p, 'port') as { value?: unknown } | undefined)?.value ?? 'any'));
  return { allPorts: !nonEmpty(get(rule, 'toPorts')), ports };
}

function ciliumOpenRules(rules: PNode | undefined, direction: Direction): OpenRuleFact[] {
  const out: OpenRuleFact[] = [];
  const l3 = CILIUM_L3[direction];
  const pre = direction === 'Egress' ? 'to' : 'from';
  asList(rules).forEach((rule, ruleIndex) => {
    if (rule.type !== 'object') return;
    const { allPorts, ports } = ciliumPorts(rule);
    const base = { direction, ruleIndex, allPorts, ...(ports.length ? { ports } : {}) };
    const hasL3 = l3.some((k) => get(rule, k) !== undefined && get(rule, k)?.type !== 'null');
    if (!hasL3) {
      // An empty rule allows nothing; toPorts alone allows every peer on those ports.
      if (nonEmpty(get(rule, 'toPorts'))) out.push({ ...base, reason: 'any-peer', what: `every ${direction === 'Egress' ? 'destination' : 'source'} (a rule with toPorts and no peer)`, start: rule.start, end: rule.end });
      return;
    }
    for (const e of asList(get(rule, `${pre}Entities`))) {
      const v = str(e);
      if (v && WORLD_ENTITIES.has(v)) out.push({ ...base, reason: 'entity-world', what: `${pre}Entities ${v}`, start: e.start, end: e.end });
    }
    for (const c of asList(get(rule, `${pre}CIDR`))) {
      const v = str(c);
      if (v && isOpenIpBlock({ cidr: v })) out.push({ ...base, reason: 'ipblock-all', what: `${pre}CIDR ${v}`, start: c.start, end: c.end });
    }
    for (const c of asList(get(rule, `${pre}CIDRSet`))) {
      const v = str(get(c, 'cidr'));
      const except = asList(get(c, 'except')).map(str).filter((s): s is string => !!s);
      if (v && isOpenIpBlock({ cidr: v, except })) out.push({ ...base, reason: 'ipblock-all', what: `${pre}CIDRSet ${v}`, start: c.start, end: c.end });
    }
    if (direction === 'Egress') {
      for (const f of asList(get(rule, 'toFQDNs'))) {
        const v = str(get(f, 'matchPattern'));
        if (v === '*' || v === '**' || v === '*.*') out.push({ ...base, reason: 'fqdn-all', what: `toFQDNs matchPattern "${v}"`, start: f.start, end: f.end });
      }
    }
  });
  return out;
}

function ciliumFacts(kind: string, node: PNode): PolicyFacts {
  const rules = [...asList(get(node, 'specs')), ...(get(node, 'spec') ? [get(node, 'spec')!] : [])].filter((r) => r.type === 'object');
  const subjects: PolicySubjectFact[] = [];
  const openRules: OpenRuleFact[] = [];
  for (const r of rules) {
    const es = get(r, 'endpointSelector');
    if (!es || get(r, 'nodeSelector')) continue; // a host policy (or no selector: the API rejects it)
    const dd = get(r, 'enableDefaultDeny');
    const isolates: Direction[] = [];
    for (const [d, key] of [['Ingress', 'ingress'], ['Egress', 'egress']] as const) {
      const flag = get(dd, key);
      // enableDefaultDeny, when written, decides; else a direction with rules (allow or deny) is default deny.
      if (flag?.type === 'boolean' ? flag.value : nonEmpty(get(r, key)) || nonEmpty(get(r, `${key}Deny`))) isolates.push(d);
    }
    const sel = es.type === 'null' ? { selector: {}, unresolved: false } : ciliumSelector(es);
    subjects.push({ pods: sel.selector, isolates, ...(sel.unresolved ? { unresolved: true } : {}) });
    if (isolates.includes('Egress')) openRules.push(...ciliumOpenRules(get(r, 'egress'), 'Egress'));
    if (isolates.includes('Ingress')) openRules.push(...ciliumOpenRules(get(r, 'ingress'), 'Ingress'));
  }
  return { policyApi: 'cilium', ...(kind === 'CiliumClusterwideNetworkPolicy' ? { clusterWide: true } : {}), subjects, openRules };
}

// ---- Calico ------------------------------------------------------------------------

const CALICO_L3 = ['nets', 'notNets', 'selector', 'notSelector', 'namespaceSelector', 'serviceAccounts', 'services', 'domains'];
const CALICO_MATCH = ['protocol', 'notProtocol', 'icmp', 'notICMP', 'ipVersion', 'http', 'metadata'];

function hasAny(n: PNode | undefined, keys: readonly string[]): boolean {
  if (n?.type !== 'object') return false;
  return n.entries.some((e) => keys.includes(e.key) && e.value.type !== 'null' && !(e.value.type === 'array' && e.value.items.length === 0));
}

/** A Calico rule with no match criteria: it matches every packet. */
function calicoCatchAll(rule: PNode): boolean {
  if (hasAny(rule, CALICO_MATCH.filter((k) => k !== 'metadata'))) return false;
  for (const side of ['source', 'destination']) if (hasAny(get(rule, side), [...CALICO_L3, 'ports', 'notPorts'])) return false;
  return true;
}

function calicoVerdict(rules: PNode | undefined): Verdict | undefined {
  for (const r of asList(rules)) {
    const a = str(get(r, 'action'));
    if (a === 'Log' || !a || !calicoCatchAll(r)) continue;
    if (a === 'Allow' || a === 'Deny' || a === 'Pass') return a.toLowerCase() as Verdict;
  }
  return undefined;
}

function calicoOpenRules(rules: PNode | undefined, direction: Direction): OpenRuleFact[] {
  const out: OpenRuleFact[] = [];
  const peerSide = direction === 'Egress' ? 'destination' : 'source';
  for (const [ruleIndex, r] of asList(rules).entries()) {
    if (r.type !== 'object') continue;
    const action = str(get(r, 'action'));
    if (action === 'Allow') {
      const peer = get(r, peerSide);
      const dst = get(r, 'destination');
      const ports = asList(get(dst, 'ports')).map((p) => String(str(p) ?? (p as { value?: unknown }).value ?? '?'));
      const allPorts = !ports.length && !hasAny(r, ['protocol', 'icmp']);
      const base = { direction, ruleIndex, allPorts, ...(ports.length ? { ports } : {}) };
      if (!hasAny(peer, CALICO_L3)) {
        out.push({ ...base, reason: 'any-peer', what: `every ${direction === 'Egress' ? 'destination (an Allow rule without destination)' : 'source (an Allow rule without source)'}`, start: r.start, end: r.end });
      } else if (!hasAny(peer, ['selector', 'namespaceSelector', 'serviceAccounts', 'services', 'domains', 'notSelector'])) {
        const notNets = asList(get(peer, 'notNets')).map(str).filter((s): s is string => !!s);
        for (const n of asList(get(peer, 'nets'))) {
          const v = str(n);
          if (v && isOpenIpBlock({ cidr: v, except: notNets })) out.push({ ...base, reason: 'ipblock-all', what: `nets ${v}`, start: n.start, end: n.end });
        }
      }
    }
    // Rules after one that matches every packet are never reached.
    if (action && action !== 'Log' && calicoCatchAll(r)) break;
  }
  return out;
}

function calicoFacts(kind: string, node: PNode): PolicyFacts {
  const spec = get(node, 'spec');
  const global = kind === 'GlobalNetworkPolicy';
  const hostOnly = ['doNotTrack', 'preDNAT', 'applyOnForward'].some((k) => (get(spec, k) as { value?: unknown } | undefined)?.value === true);
  const order = get(spec, 'order');
  const facts: PolicyFacts = {
    policyApi: 'calico',
    ...(global ? { clusterWide: true } : {}),
    subjects: [],
    ...(order?.type === 'number' ? { priority: order.value } : {}),
    tier: str(get(spec, 'tier')) ?? 'default',
    openRules: [],
  };
  if (hostOnly) return facts;
  const ing = get(spec, 'ingress');
  const eg = get(spec, 'egress');
  let types = asList(get(spec, 'types')).map(str).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  // Calico defaults the types when none are given (absent, null or an empty list).
  if (!asList(get(spec, 'types')).length) types = nonEmpty(eg) ? (nonEmpty(ing) ? ['Ingress', 'Egress'] : ['Egress']) : ['Ingress'];
  const sel = get(spec, 'selector');
  const nsSel = get(spec, 'namespaceSelector');
  const saSel = get(spec, 'serviceAccountSelector');
  const textOf = (n: PNode | undefined) => (n === undefined || n.type === 'null' ? undefined : n.type === 'string' ? n.value : null);
  const [s, ns, sa] = [textOf(sel), textOf(nsSel), textOf(saSel)];
  const verdict: Partial<Record<Direction, Verdict>> = {};
  const vi = calicoVerdict(ing);
  const ve = calicoVerdict(eg);
  if (vi) verdict.Ingress = vi;
  if (ve) verdict.Egress = ve;
  facts.subjects.push({
    podsExpr: s ?? 'all()',
    ...(global && ns !== undefined ? { namespacesExpr: ns ?? '' } : {}),
    ...(sa !== undefined ? { serviceAccountsExpr: sa ?? '' } : {}),
    isolates: types,
    ...(Object.keys(verdict).length ? { verdict } : {}),
    ...(s === null || ns === null || sa === null ? { unresolved: true } : {}),
  });
  if (types.includes('Egress')) facts.openRules.push(...calicoOpenRules(eg, 'Egress'));
  if (types.includes('Ingress')) facts.openRules.push(...calicoOpenRules(ing, 'Ingress'));
  return facts;
}

// ---- AdminNetworkPolicy, BaselineAdminNetworkPolicy ------------------------------------

/** A LabelSelector that selects everything: `{}`, null, or empty matchLabels and matchExpressions. */
function isEmptySelector(n: PNode | undefined): boolean {
  if (!n) return false;
  if (n.type === 'null') return true;
  return n.type === 'object' && Object.keys(labelMap(get(n, 'matchLabels')).map).length === 0 && !nonEmpty(get(n, 'matchExpressions'));
}

/** An admin rule peer that matches every peer: ingress from every namespace, egress to 0.0.0.0/0 (or ::/0). */
function adminPeerAll(peer: PNode, direction: Direction): { all: boolean; network?: PNode } {
  if (direction === 'Ingress') {
    if (isEmptySelector(get(peer, 'namespaces'))) return { all: true };
    const pods = get(peer, 'pods');
    if (pods && isEmptySelector(get(pods, 'namespaceSelector')) && isEmptySelector(get(pods, 'podSelector'))) return { all: true };
    return { all: false };
  }
  for (const n of asList(get(peer, 'networks'))) {
    const v = str(n);
    if (v && isOpenIpBlock({ cidr: v })) return { all: true, network: n };
  }
  return { all: false };
}

function adminRules(rules: PNode | undefined, direction: Direction): { verdict?: Verdict; open: OpenRuleFact[] } {
  const open: OpenRuleFact[] = [];
  const peersKey = direction === 'Egress' ? 'to' : 'from';
  for (const [ruleIndex, r] of asList(rules).entries()) {
    const action = str(get(r, 'action'));
    const ports = asList(get(r, 'ports'));
    let all: { all: boolean; network?: PNode } = { all: false };
    for (const p of asList(get(r, peersKey))) {
      all = adminPeerAll(p, direction);
      if (all.all) break;
    }
    if (!all.all) continue;
    if (action === 'Allow' && direction === 'Egress') {
      const at = all.network ?? r;
      open.push({ direction, ruleIndex, reason: 'ipblock-all', what: `networks ${str(all.network) ?? ''}`.trim(), allPorts: ports.length === 0, start: at.start, end: at.end });
    }
    if (ports.length === 0 && (action === 'Allow' || action === 'Deny' || action === 'Pass')) return { verdict: action.toLowerCase() as Verdict, open };
  }
  return { open };
}

function adminFacts(api: 'anp' | 'banp', node: PNode): PolicyFacts {
  const spec = get(node, 'spec');
  const subject = get(spec, 'subject');
  const facts: PolicyFacts = { policyApi: api, clusterWide: true, subjects: [], openRules: [] };
  const priority = get(spec, 'priority');
  if (priority?.type === 'number') facts.priority = priority.value;
  const ing = adminRules(get(spec, 'ingress'), 'Ingress');
  const eg = adminRules(get(spec, 'egress'), 'Egress');
  facts.openRules.push(...eg.open);
  const verdict: Partial<Record<Direction, Verdict>> = {};
  if (ing.verdict) verdict.Ingress = ing.verdict;
  if (eg.verdict) verdict.Egress = eg.verdict;
  const nsN = get(subject, 'namespaces');
  const podsN = get(subject, 'pods');
  if (nsN) {
    const ns = labelSelector(nsN);
    facts.subjects.push({ pods: {}, namespaces: ns.selector, isolates: [], verdict, ...(ns.unresolved ? { unresolved: true } : {}) });
  } else if (podsN) {
    const ns = labelSelector(get(podsN, 'namespaceSelector') ?? { type: 'null', start: 0, end: 0 });
    const pods = labelSelector(get(podsN, 'podSelector') ?? { type: 'null', start: 0, end: 0 });
    facts.subjects.push({ pods: pods.selector, namespaces: ns.selector, isolates: [], verdict, ...(ns.unresolved || pods.unresolved ? { unresolved: true } : {}) });
  }
  return facts;
}
