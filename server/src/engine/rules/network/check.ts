/**
 * The network family's checks as one pure function: this file's Kubernetes
 * objects and the workspace's NetworkPolicies in, raw findings (offsets) out.
 */
import { isPolicy, type K8sObjectFact } from './k8s';
import { isCalicoAll } from './calico';
import { closestElsewhere, isK8sPolicy, isolation, MAX_CLOSEST, openRules, type PolicyRef } from './selectors';
import type { Endpoint } from './endpoints';

export interface RawRelated {
  path?: string;
  start: number;
  end: number;
  message: string;
}

export interface RawFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  start: number;
  end: number;
  /** The `kind` value and the `metadata.name` value of the object, when the finding is about one. */
  kindRange?: { start: number; end: number };
  nameRange?: { start: number; end: number };
  related?: RawRelated[];
  fix?: unknown;
}

export interface CheckOptions {
  /** This file's path: policies of `allPolicies` with this path are replaced by this file's own objects (no double count). */
  path?: string;
  /** Endpoints found in this file (for network/unknown-endpoint). */
  endpoints?: Endpoint[];
}

function label(o: K8sObjectFact): string {
  return `${o.kind} "${o.name ?? '(unnamed)'}"`;
}

function place(o: K8sObjectFact) {
  const kindRange = { start: o.kindStart, end: o.kindEnd };
  const nameRange = o.nameStart !== undefined && o.nameEnd !== undefined ? { start: o.nameStart, end: o.nameEnd } : undefined;
  const main = nameRange ?? kindRange;
  return { start: main.start, end: main.end, kindRange, ...(nameRange ? { nameRange } : {}) };
}

function related(r: PolicyRef, message: string, thisPath: string | undefined): RawRelated {
  const out: RawRelated = { start: r.nameStart ?? r.start, end: r.nameEnd ?? r.end, message };
  const p = r.path ?? thisPath;
  if (p !== undefined) out.path = p;
  return out;
}

interface Grouped {
  /** Namespaced policies by namespace. */
  byNs: Map<string, Array<K8sObjectFact & { path?: string }>>;
  /** Policies of every namespace. */
  clusterWide: Array<K8sObjectFact & { path?: string }>;
  /** Labels of the Namespace objects. */
  namespaceLabels: Map<string, Record<string, string>>;
  /** Calico policies by tier, for the order check of open rules. */
  calico: Array<K8sObjectFact & { path?: string }>;
}
const groupedMemo = new WeakMap<object, Grouped>();
/** The files a policy list comes from, once per list (a file's check asks whether it publishes any of them). */
const pathsMemo = new WeakMap<object, Set<string | undefined>>();
function pathsOf(list: Array<{ path?: string }>): Set<string | undefined> {
  let s = pathsMemo.get(list);
  if (!s) pathsMemo.set(list, (s = new Set(list.map((p) => p.path))));
  return s;
}

function group(list: Array<K8sObjectFact & { path?: string }>): Grouped {
  const g: Grouped = { byNs: new Map(), clusterWide: [], namespaceLabels: new Map(), calico: [] };
  for (const p of list) {
    if (p.kind === 'Namespace' && !p.policyApi) {
      if (p.name) g.namespaceLabels.set(p.name, p.labels ?? {});
      continue;
    }
    if (!isPolicy(p) && p.kind !== 'NetworkPolicy') continue;
    if (p.policyApi === 'calico') g.calico.push(p);
    if (p.clusterWide) {
      g.clusterWide.push(p);
      continue;
    }
    const l = g.byNs.get(p.effectiveNamespace);
    if (l) l.push(p);
    else g.byNs.set(p.effectiveNamespace, [p]);
  }
  return g;
}

/**
 * Whether a Calico policy earlier in its tier (lower order) stops every packet of this direction before `p`: a
 * policy of every pod `p` may select (all() in `p`'s namespace, or a GlobalNetworkPolicy of all() and every
 * namespace) whose rule matching every packet denies or passes it.
 */
function calicoShadowed(p: K8sObjectFact, direction: 'Ingress' | 'Egress', calico: K8sObjectFact[]): K8sObjectFact | undefined {
  const order = p.priority ?? Infinity;
  return calico.find((q) => {
    if (q === p || (q.tier ?? 'default') !== (p.tier ?? 'default') || !((q.priority ?? Infinity) < order)) return false;
    if (!q.clusterWide && (p.clusterWide || q.effectiveNamespace !== p.effectiveNamespace)) return false;
    return (q.subjects ?? []).some((s) => {
      const v = s.verdict?.[direction];
      return (v === 'deny' || v === 'pass') && s.isolates.includes(direction) && isCalicoAll(s.podsExpr) && (s.namespacesExpr === undefined || isCalicoAll(s.namespacesExpr)) && s.serviceAccountsExpr === undefined && !s.unresolved;
    });
  });
}

const API_NAMES: Record<string, string> = { k8s: 'NetworkPolicy', cilium: 'Cilium', calico: 'Calico', anp: 'AdminNetworkPolicy', banp: 'BaselineAdminNetworkPolicy' };

export function checkNetwork(objectsOfThisFile: K8sObjectFact[], allPolicies: Array<K8sObjectFact & { path?: string }>, opts: CheckOptions = {}): RawFinding[] {
  const out: RawFinding[] = [];
  const isShared = (o: K8sObjectFact) => isPolicy(o) || o.kind === 'Namespace';
  const own = objectsOfThisFile.filter(isShared).map((o) => ({ ...o, path: opts.path }));
  // A file with no policies of its own checks against the folder's, grouped once per list (the model hands out
  // the same list until some file's facts change): not once per file of a 20,000-file scan.
  const shared = !own.length && (opts.path === undefined || !pathsOf(allPolicies).has(opts.path));
  let g = shared ? groupedMemo.get(allPolicies) : undefined;
  if (!g) {
    g = group([...allPolicies.filter((p) => opts.path === undefined || p.path !== opts.path), ...own]);
    if (shared) groupedMemo.set(allPolicies, g);
  }
  const { byNs, clusterWide, namespaceLabels } = g;
  const ctx = { namespaceLabels };
  const name = (r: PolicyRef) => `${r.kind ?? 'NetworkPolicy'} "${r.name ?? '(unnamed)'}"`;

  for (const o of objectsOfThisFile) {
    if (o.podLabels !== undefined) {
      const ns = o.effectiveNamespace;
      const iso = isolation(o, byNs.get(ns) ?? [], clusterWide, ctx);
      // a templated policy of the namespace may select the pods or add the missing direction: no finding
      if (iso.uncertain.length && !(iso.ingress.isolated && iso.egress.isolated)) continue;
      if (!iso.ingress.isolated && !iso.egress.isolated) {
        if (o.unresolved && (byNs.has(ns) || clusterWide.length)) continue;
        // same labels in other namespaces, only computed when reporting
        iso.closest.push(...closestElsewhere(o, byNs, MAX_CLOSEST - iso.closest.length));
        const allowed = iso.allowedBy?.Ingress ?? iso.allowedBy?.Egress;
        iso.closest.splice(MAX_CLOSEST);
        out.push({
          ruleId: 'network/no-policy',
          severity: 'warning',
          message: allowed
            ? `No network policy isolates the pods of ${label(o)} in namespace "${ns}": ${name(allowed)} allows every peer, so any pod can reach them and they can reach anything.`
            : `No NetworkPolicy selects the pods of ${label(o)} in namespace "${ns}" (nor a Cilium, Calico or admin network policy): any pod can reach them and they can reach anything.`,
          ...place(o),
          related: [
            ...(allowed ? [related(allowed, `${name(allowed)} allows every peer before any NetworkPolicy applies`, opts.path)] : []),
            ...iso.closest.map((r) => related(r, `${name(r)} ${r.reason ?? 'almost selects it'}`, opts.path)),
          ],
          fix: { action: 'generate-network-policy', kind: o.kind, name: o.name, namespace: ns, insertAt: o.end },
        });
      } else if (iso.ingress.isolated && !iso.egress.isolated) {
        out.push({
          ruleId: 'network/egress-unrestricted',
          severity: 'warning',
          message: iso.allowedBy?.Egress
            ? `The pods of ${label(o)} are isolated for ingress only: ${name(iso.allowedBy.Egress)} allows every destination, so their outgoing traffic is unrestricted.`
            : `The pods of ${label(o)} are isolated for ingress only: no NetworkPolicy with Egress (nor a Cilium, Calico or admin policy with egress rules) selects them, so their outgoing traffic is unrestricted.`,
          ...place(o),
          related: [
            ...iso.ingress.by.map((r) => related(r, `${name(r)} selects it for Ingress only`, opts.path)),
            ...(iso.allowedBy?.Egress ? [related(iso.allowedBy.Egress, `${name(iso.allowedBy.Egress)} allows every destination`, opts.path)] : []),
          ],
          fix: { action: 'add-egress', policies: iso.ingress.by },
        });
      }
    } else if (o.openRules) {
      for (const r of o.openRules) {
        const dir = r.direction === 'Egress' ? 'egress' : 'ingress';
        const shadow = o.policyApi === 'calico' ? calicoShadowed(o, r.direction, g.calico) : undefined;
        if (shadow) continue; // never reached: an earlier policy of the tier denies or passes every packet
        const ports = r.allPorts ? 'on every port' : `on ports ${(r.ports ?? ['the listed protocol']).join(', ')}`;
        out.push({
          ruleId: dir === 'egress' ? 'network/open-egress' : 'network/open-ingress',
          severity: r.allPorts ? 'warning' : 'info',
          message: `${o.kind} "${o.name ?? '(unnamed)'}" (${API_NAMES[o.policyApi ?? 'k8s']}) allows ${dir} ${dir === 'egress' ? 'to' : 'from'} ${r.reason === 'any-peer' ? r.what : `the whole Internet (${r.what})`} ${ports}.`,
          start: r.start,
          end: r.end,
          fix: { action: 'open-rule', api: o.policyApi, ruleIndex: r.ruleIndex },
        });
      }
    } else if (isK8sPolicy(o)) {
      for (const r of openRules(o)) {
        const dir = r.direction === 'Egress' ? 'egress' : 'ingress';
        const what =
          r.reason === 'ipblock-all'
            ? `${dir === 'egress' ? 'to' : 'from'} the whole address space (${r.peer?.ipBlock?.cidr})`
            : `${dir === 'egress' ? 'to every destination (a rule without "to")' : 'from every source (a rule without "from")'}`;
        const ports = r.allPorts ? 'on every port' : `on ports ${(r.rule.ports ?? []).map((p) => p.port ?? 'any').join(', ')}`;
        out.push({
          ruleId: dir === 'egress' ? 'network/open-egress' : 'network/open-ingress',
          severity: r.allPorts ? 'warning' : 'info',
          message: `NetworkPolicy "${o.name ?? '(unnamed)'}" allows ${dir} ${what} ${ports}.`,
          start: r.start,
          end: r.end,
          ...(dir === 'egress' ? { fix: { action: 'narrow-open-egress', ruleIndex: r.ruleIndex } } : {}),
        });
      }
    } else if (o.kind === 'Service' && (o.serviceType === 'LoadBalancer' || o.serviceType === 'NodePort')) {
      const ports = (o.servicePorts ?? []).map((p) => (o.serviceType === 'NodePort' && p.nodePort ? `${p.port}→node ${p.nodePort}` : String(p.port ?? '?')));
      out.push({
        ruleId: 'network/public-exposure',
        severity: 'info',
        message: `Service "${o.name ?? '(unnamed)'}" is exposed outside the cluster (type ${o.serviceType}${ports.length ? ', ports ' + ports.join(', ') : ''}).`,
        ...place(o),
      });
    } else if (o.kind === 'Ingress' && o.hosts) {
      out.push({
        ruleId: 'network/public-exposure',
        severity: 'info',
        message: o.hosts.length
          ? `Ingress "${o.name ?? '(unnamed)'}" exposes ${o.hosts.map((h) => h.host).join(', ')}.`
          : `Ingress "${o.name ?? '(unnamed)'}" exposes its backends on every host name (no host rule).`,
        ...place(o),
      });
    }
  }

  const seenHosts = new Set<string>();
  for (const e of opts.endpoints ?? []) {
    if (e.kind !== 'unknown' || seenHosts.has(e.host)) continue;
    seenHosts.add(e.host);
    out.push({
      ruleId: 'network/unknown-endpoint',
      severity: 'info',
      message: `The app calls ${e.host}${e.port ? ':' + e.port : ''}, which is neither internal nor a listed SaaS domain.`,
      start: e.start,
      end: e.end,
      fix: { action: 'list-endpoint', host: e.host, registrableDomain: e.registrableDomain },
    });
  }
  return out;
}
