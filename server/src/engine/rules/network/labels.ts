/**
 * The primitives every policy reader of the network family shares: label maps and LabelSelectors read from the
 * positioned tree, the policy directions, and whether a CIDR opens the whole address space.
 */
import * as ipaddr from 'ipaddr.js';
import { asList, get, str, type PNode } from '../../formats/tree';

export type Direction = 'Ingress' | 'Egress';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function labelMap(n: PNode | undefined): { map: Record<string, string>; unresolved: boolean } {
  const map: Record<string, string> = {};
  if (!n || n.type === 'null') return { map, unresolved: false };
  if (n.type !== 'object') return { map, unresolved: true };
  let unresolved = false;
  for (const e of n.entries) {
    const v = e.value;
    if (v.type === 'string') map[e.key] = v.value;
    else if (v.type === 'number' || v.type === 'boolean') map[e.key] = String(v.value);
    else if (v.type === 'null') map[e.key] = '';
    else unresolved = true;
  }
  return { map, unresolved };
}

export function labelSelector(n: PNode): { selector: LabelSelector; unresolved: boolean } {
  if (n.type !== 'object') return { selector: {}, unresolved: n.type !== 'null' };
  const sel: LabelSelector = {};
  let unresolved = false;
  const ml = get(n, 'matchLabels');
  if (ml) {
    const l = labelMap(ml);
    sel.matchLabels = l.map;
    unresolved ||= l.unresolved;
  }
  const me = get(n, 'matchExpressions');
  if (me) {
    sel.matchExpressions = [];
    for (const x of asList(me)) {
      const key = str(get(x, 'key'));
      const operator = str(get(x, 'operator'));
      if (!key || !operator) {
        unresolved = true;
        continue;
      }
      const req: LabelSelectorRequirement = { key, operator };
      const vals = get(x, 'values');
      if (vals) req.values = asList(vals).map((v) => (v.type === 'string' ? v.value : v.type === 'number' || v.type === 'boolean' ? String(v.value) : '')).filter((v) => v !== '');
      sel.matchExpressions.push(req);
    }
  }
  return { selector: sel, unresolved };
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
export function isOpenIpBlock(ipBlock: { cidr: string; except?: string[] } | undefined): boolean {
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

