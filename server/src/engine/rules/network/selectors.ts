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
import * as ipaddr from 'ipaddr.js';
import type { K8sObjectFact, LabelSelector, PeerFact, RuleFact } from './k8s';

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function labelValue(labels: unknown, key: string): string | undefined {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return undefined;
  if (!hasOwn(labels, key)) return undefined;
  const v = (labels as Record<string, unknown>)[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

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
      const wantS = typeof want === 'string' ? want : typeof want === 'number' || typeof want === 'boolean' ? String(want) : want === null ? '' : undefined;
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

export type Direction = 'Ingress' | 'Egress';

/** policyTypes as the API server defaults them. */
export function effectivePolicyTypes(policy: Pick<K8sObjectFact, 'policyTypes' | 'egress'>): Direction[] {
  const written = (policy.policyTypes ?? []).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if (policy.policyTypes && policy.policyTypes.length) return [...new Set(written)];
  const out: Direction[] = ['Ingress'];
  if (policy.egress && policy.egress.length > 0) out.push('Egress');
  return out;
}

export interface PolicyRef {
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
  const r: PolicyRef = { name: p.name, namespace: p.effectiveNamespace, start: p.start, end: p.end };
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
}

/** The pods' labels of a workload (template labels; a Pod's own labels). */
export function podLabelsOf(workload: K8sObjectFact): Record<string, string> {
  return workload.podLabels ?? workload.labels ?? {};
}

/** Which policies isolate a workload's pods, per direction. */
export function isolation(workload: K8sObjectFact, policies: PolicyLike[]): Isolation {
  const labels = podLabelsOf(workload);
  const ns = workload.effectiveNamespace;
  const res: Isolation = { ingress: { isolated: false, by: [] }, egress: { isolated: false, by: [] }, closest: [], uncertain: [] };
  for (const p of policies) {
    if (p.kind !== 'NetworkPolicy') continue;
    const selector = p.selector ?? {};
    if (p.effectiveNamespace !== ns) {
      if (res.closest.length < MAX_CLOSEST && !p.unresolved && selectorMatches(selector, labels)) res.closest.push(ref(p, `selects pods with these labels in namespace "${p.effectiveNamespace}", not "${ns}"`));
      continue;
    }
    if (p.unresolved) {
      // a templated selector: it may or may not select the pods
      res.uncertain.push(ref(p, 'its pod selector could not be read statically'));
      continue;
    }
    if (!selectorMatches(selector, labels)) {
      // near miss: all requirements but one hold (a one-requirement selector with another value is just another app)
      if (res.closest.length < MAX_CLOSEST) {
        const { total, failing } = failingRequirements(selector, labels);
        if (total >= 2 && failing.length === 1) res.closest.push(ref(p, `would select it but for ${failing[0]}`));
      }
      continue;
    }
    for (const t of effectivePolicyTypes(p)) {
      const side = t === 'Ingress' ? res.ingress : res.egress;
      side.isolated = true;
      side.by.push(ref(p));
    }
  }
  return res;
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

/** Size of the IPv4/IPv6 space the excepts take out of a /0, as a fraction (overlaps not merged). */
function exceptFraction(except: string[] | undefined, v6: boolean): number {
  let f = 0;
  for (const e of except ?? []) {
    try {
      const [addr, bits] = ipaddr.parseCIDR(e);
      if ((addr.kind() === 'ipv6') !== v6) continue;
      f += Math.pow(2, -bits);
    } catch {
      // not a CIDR: the API server rejects it; it takes nothing out
    }
  }
  return f;
}

/** Whether an ipBlock opens the whole address space: a /0 whose `except` leaves at least half of it. */
function isOpenIpBlock(ipBlock: { cidr: string; except?: string[] } | undefined): boolean {
  if (!ipBlock || typeof ipBlock.cidr !== 'string') return false;
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(ipBlock.cidr.trim());
  } catch {
    return false;
  }
  if (parsed[1] !== 0) return false;
  return exceptFraction(ipBlock.except, parsed[0].kind() === 'ipv6') < 0.5;
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
