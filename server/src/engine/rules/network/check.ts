/**
 * The network family's checks as one pure function: this file's Kubernetes
 * objects and the workspace's NetworkPolicies in, raw findings (offsets) out.
 */
import { isPolicy, type K8sObjectFact } from './k8s';
import { isCalicoAll } from './calico';
import { closestElsewhere, isK8sPolicy, isolation, isolationCandidates, MAX_CLOSEST, openRules, podLabelsOf, podPairs, type NamespaceLabels, type PolicyLike, type PolicyRef } from './selectors';
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
  /** Filled with what the check read of the folder's policies (what its findings depend on). */
  reads?: PolicyReads;
}

/**
 * What a check read of the folder's policies (`CheckOptions.reads`): the namespaces whose policies and Namespace object
 * it read (with the cluster-wide policies), and the label pairs of the workloads it looked for hints for (the policies
 * of other namespaces that require one of them, or no pair: `hintPairs`).
 */
export interface PolicyReads {
  namespaces: Set<string>;
  hints: Set<string>;
  hintsRead: boolean;
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
  /** Labels of the Namespace objects (the last object of a name wins). */
  namespaceLabels: NamespaceLabels;
  /** Calico policies by tier, for the order check of open rules. */
  calico: Array<K8sObjectFact & { path?: string }>;
  /** The Namespace objects of each name, with their files, in order. */
  namespaces: Map<string, Array<{ path?: string; labels: Record<string, string> }>>;
  /** The list grouped. */
  source: Array<K8sObjectFact & { path?: string }>;
  /** A file's view made from the folder's grouping: that grouping, the file, and its own objects grouped. */
  from?: { base: Grouped; path: string; mine: Grouped; placement: Placement | undefined };
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
  const namespaces: Grouped['namespaces'] = new Map();
  const namespaceLabels: NamespaceLabels = {
    get: (name) => {
      const l = namespaces.get(name);
      return l?.[l.length - 1].labels;
    },
  };
  const g: Grouped = { byNs: new Map(), clusterWide: [], namespaceLabels, calico: [], namespaces, source: list };
  for (const p of list) {
    if (p.kind === 'Namespace' && !p.policyApi) {
      if (p.name) {
        const l = g.namespaces.get(p.name);
        const e = { path: p.path, labels: p.labels ?? {} };
        if (l) l.push(e);
        else g.namespaces.set(p.name, [e]);
      }
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

/** Where one file's policies sit in a grouping: how many in each namespace's list, and in the cluster-wide lists. */
interface Placement {
  ns: Map<string, number>;
  clusterWide: boolean;
  calico: boolean;
}
const placementsMemo = new WeakMap<Grouped, Map<string | undefined, Placement>>();
function placementOf(g: Grouped, path: string): Placement | undefined {
  let m = placementsMemo.get(g);
  if (!m) {
    const all = new Map<string | undefined, Placement>();
    const of = (p: string | undefined) => {
      let pl = all.get(p);
      if (!pl) all.set(p, (pl = { ns: new Map(), clusterWide: false, calico: false }));
      return pl;
    };
    for (const [ns, list] of g.byNs) for (const p of list) {
      const pl = of(p.path);
      pl.ns.set(ns, (pl.ns.get(ns) ?? 0) + 1);
    }
    for (const p of g.clusterWide) of(p.path).clusterWide = true;
    for (const p of g.calico) of(p.path).calico = true;
    placementsMemo.set(g, (m = all));
  }
  return m.get(path);
}

/**
 * The folder's policies as this file sees them: the folder's list grouped once, this file's published entries left out
 * and its own objects added last, as a grouping of the list without them, then its own, gives them (the namespaces by
 * their first policy of another file, those only this file names last), whatever the model holds of this file.
 * Nothing of the folder's is copied for one file: the check reads a namespace's candidates (`nsCandidates`), the
 * hints of other namespaces (`closestFor`) and the namespaces' labels from the folder's grouping and the file's own;
 * the lists by namespace are made only when asked for (`byNs`). A file with policies of its own cost a grouping of
 * every policy of the folder, so a folder of policy files cost the square of their number (16,000 files: 12 s; a
 * namespace per app: 32 s).
 */
function groupFor(allPolicies: Array<K8sObjectFact & { path?: string }>, path: string | undefined, own: Array<K8sObjectFact & { path?: string }>): Grouped {
  let base = groupedMemo.get(allPolicies);
  if (!base) groupedMemo.set(allPolicies, (base = group(allPolicies)));
  const publishes = path !== undefined && pathsOf(allPolicies).has(path);
  if (!publishes && !own.length) return base;
  if (path === undefined) return group([...allPolicies, ...own]);
  const pl = publishes ? placementOf(base, path) : undefined;
  const mine = group(own);
  const without = <T extends { path?: string }>(l: T[]) => l.filter((p) => p.path !== path);
  const folder = base;
  let byNs: Grouped['byNs'] | undefined;
  const g: Grouped = {
    ...base,
    get byNs() {
      if (!byNs) {
        // The namespaces with policies of other files, by the first of them in the folder's list; then the file's own.
        const pos = positionsOf(folder);
        const kept: Array<[string, PolicyLike[], number]> = [];
        for (const [ns, l] of folder.byNs) {
          const k = pl?.ns.has(ns) ? without(l) : l;
          if (k.length) kept.push([ns, k, pos.get(k[0])!]);
        }
        byNs = new Map();
        for (const [ns, k] of kept.sort((a, b) => a[2] - b[2])) byNs.set(ns, [...k, ...(mine.byNs.get(ns) ?? [])]);
        for (const [ns, l] of mine.byNs) if (!byNs.has(ns)) byNs.set(ns, l);
      }
      return byNs;
    },
    namespaceLabels: {
      get: (name) => {
        if (mine.namespaces.has(name)) return mine.namespaceLabels.get(name);
        const l = folder.namespaces.get(name) ?? [];
        for (let i = l.length - 1; i >= 0; i--) if (l[i].path !== path) return l[i].labels;
        return undefined;
      },
    },
    from: { base, path, mine, placement: pl },
  };
  if (pl?.clusterWide || mine.clusterWide.length) g.clusterWide = [...(pl?.clusterWide ? without(base.clusterWide) : base.clusterWide), ...mine.clusterWide];
  if (pl?.calico || mine.calico.length) g.calico = [...(pl?.calico ? without(base.calico) : base.calico), ...mine.calico];
  return g;
}

/** Whether a namespace has policies in a file's view of the folder. */
function hasNs(g: Grouped, ns: string): boolean {
  if (!g.from) return g.byNs.has(ns);
  const { base, mine, placement } = g.from;
  return (base.byNs.get(ns)?.length ?? 0) > (placement?.ns.get(ns) ?? 0) || mine.byNs.has(ns);
}

/**
 * The policies of a namespace that can select pods with these labels, in their order (a superset: `isolation` matches
 * each), and whether they are chosen already (`isolation` then reads them as they are).
 */
function nsCandidates(g: Grouped, ns: string, labels: Record<string, string>): { list: PolicyLike[]; chosen: boolean } {
  if (!g.from) return { list: g.byNs.get(ns) ?? [], chosen: false };
  const { base, path, mine, placement } = g.from;
  const theirs = base.byNs.get(ns) ?? [];
  if (!placement?.ns.has(ns) && !mine.byNs.has(ns)) return { list: theirs, chosen: false };
  const kept = isolationCandidates(theirs, labels).filter((p) => p.path !== path);
  return { list: [...kept, ...(mine.byNs.get(ns) ?? [])], chosen: true };
}

/** Every policy's place in the list a grouping was made from (its lists keep that order), once per grouping. */
const positionsMemo = new WeakMap<Grouped, Map<PolicyLike, number>>();
function positionsOf(g: Grouped): Map<PolicyLike, number> {
  let m = positionsMemo.get(g);
  if (!m) {
    m = new Map();
    for (const p of g.source) m.set(p, m.size);
    positionsMemo.set(g, m);
  }
  return m;
}

/** Policies of other namespaces that would select the workload's pods there (hints), from a file's view of the folder. */
function closestFor(o: K8sObjectFact, g: Grouped, limit: number): PolicyRef[] {
  if (!g.from) return closestElsewhere(o, g.byNs, limit);
  return closestElsewhere(o, g.from.base.byNs, limit, { without: g.from.path, own: g.from.mine.byNs });
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
  // The folder's policies, grouped once per list (the model hands out the same list until some file's facts change):
  // not once per file of a 20,000-file scan. Only workloads and Calico's open rules read them: a file of policies
  // alone groups nothing.
  let grouped: Grouped | undefined;
  // What is read of the folder is told for each object: its namespace's policies and Namespace object, and the
  // cluster-wide policies (every API's isolation and Calico's order read no other namespace).
  const groupedNow = (o: K8sObjectFact) => {
    opts.reads?.namespaces.add(o.effectiveNamespace);
    return (grouped ??= groupFor(allPolicies, opts.path, own));
  };
  const name = (r: PolicyRef) => `${r.kind ?? 'NetworkPolicy'} "${r.name ?? '(unnamed)'}"`;

  for (const o of objectsOfThisFile) {
    if (o.podLabels !== undefined) {
      const g = groupedNow(o);
      const { clusterWide, namespaceLabels } = g;
      const ns = o.effectiveNamespace;
      const nsPolicies = nsCandidates(g, ns, podLabelsOf(o));
      const iso = isolation(o, nsPolicies.list, clusterWide, { namespaceLabels, chosen: nsPolicies.chosen });
      // a templated policy of the namespace may select the pods or add the missing direction: no finding
      if (iso.uncertain.length && !(iso.ingress.isolated && iso.egress.isolated)) continue;
      if (!iso.ingress.isolated && !iso.egress.isolated) {
        if (o.unresolved && (hasNs(g, ns) || clusterWide.length)) continue;
        // same labels in other namespaces, only computed when reporting
        if (opts.reads) {
          opts.reads.hintsRead = true;
          for (const pair of podPairs(podLabelsOf(o))) opts.reads.hints.add(pair);
        }
        iso.closest.push(...closestFor(o, g, MAX_CLOSEST - iso.closest.length));
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
        const shadow = o.policyApi === 'calico' ? calicoShadowed(o, r.direction, groupedNow(o).calico) : undefined;
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

/** For unit tests: a grouping of a list, and a file's view of the folder's grouping (the same, without a full grouping). */
export { group as groupPolicies, groupFor as groupPoliciesFor, closestFor, hasNs, nsCandidates };
