/**
 * The network family's checks as one pure function: this file's Kubernetes
 * objects and the workspace's NetworkPolicies in, raw findings (offsets) out.
 */
import { isWorkload, type K8sObjectFact } from './k8s';
import { isolation, MAX_CLOSEST, openRules, type PolicyRef } from './selectors';
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

const byNsMemo = new WeakMap<object, Map<string, Array<K8sObjectFact & { path?: string }>>>();

export function checkNetwork(objectsOfThisFile: K8sObjectFact[], allPolicies: Array<K8sObjectFact & { path?: string }>, opts: CheckOptions = {}): RawFinding[] {
  const out: RawFinding[] = [];
  const own = objectsOfThisFile.filter((o) => o.kind === 'NetworkPolicy').map((o) => ({ ...o, path: opts.path }));
  // A file with no policies of its own checks against the folder's, grouped once per list (the model hands out
  // the same list until some file's facts change): not once per file of a 20,000-file scan.
  const shared = !own.length && (opts.path === undefined || !allPolicies.some((p) => p.path === opts.path));
  let byNs = shared ? byNsMemo.get(allPolicies) : undefined;
  if (!byNs) {
    const policies = [...allPolicies.filter((p) => p.kind === 'NetworkPolicy' && (opts.path === undefined || p.path !== opts.path)), ...own];
    byNs = new Map<string, Array<K8sObjectFact & { path?: string }>>();
    for (const p of policies) {
      const l = byNs.get(p.effectiveNamespace);
      if (l) l.push(p);
      else byNs.set(p.effectiveNamespace, [p]);
    }
    if (shared) byNsMemo.set(allPolicies, byNs);
  }

  for (const o of objectsOfThisFile) {
    if (isWorkload(o)) {
      const ns = o.effectiveNamespace;
      const iso = isolation(o, byNs.get(ns) ?? []);
      // a templated policy of the namespace may select the pods or add the missing direction: no finding
      if (iso.uncertain.length && !(iso.ingress.isolated && iso.egress.isolated)) continue;
      if (!iso.ingress.isolated && !iso.egress.isolated) {
        if (o.unresolved && byNs.has(ns)) continue;
        // same labels in other namespaces, only computed when reporting
        for (const [otherNs, list] of byNs) if (otherNs !== ns && iso.closest.length < MAX_CLOSEST) iso.closest.push(...isolation(o, list).closest);
        iso.closest.splice(MAX_CLOSEST);
        out.push({
          ruleId: 'network/no-policy',
          severity: 'warning',
          message: `No NetworkPolicy selects the pods of ${label(o)} in namespace "${ns}": any pod can reach them and they can reach anything.`,
          ...place(o),
          related: iso.closest.map((r) => related(r, `NetworkPolicy "${r.name ?? '(unnamed)'}" ${r.reason ?? 'almost selects it'}`, opts.path)),
          fix: { action: 'generate-network-policy', kind: o.kind, name: o.name, namespace: ns, insertAt: o.end },
        });
      } else if (iso.ingress.isolated && !iso.egress.isolated) {
        out.push({
          ruleId: 'network/egress-unrestricted',
          severity: 'warning',
          message: `The pods of ${label(o)} are isolated for ingress only: no NetworkPolicy with Egress selects them, so their outgoing traffic is unrestricted.`,
          ...place(o),
          related: iso.ingress.by.map((r) => related(r, `NetworkPolicy "${r.name ?? '(unnamed)'}" selects it for Ingress only`, opts.path)),
          fix: { action: 'add-egress', policies: iso.ingress.by },
        });
      }
    } else if (o.kind === 'NetworkPolicy') {
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
