/**
 * Kubernetes facts for the network family: workloads with their pod labels,
 * NetworkPolicies (selector, policyTypes, simplified rules), Services and
 * Ingresses, read from the shared positioned tree. Every fact is plain JSON so
 * it can be published to the workspace model and queried from other files.
 */
import path = require('path');
import { containers, isWorkloadKind, isWorkloadObject, k8sObjects, podTemplate, WORKLOAD_KINDS, type K8sObject } from '../../formats/k8s';
import { asList, get, str, treesOfText, type PNode } from '../../formats/tree';
import { labelMap, labelSelector, type LabelSelector } from './labels';
import { policyApiOf, policyFacts, type OpenRuleFact, type PolicyApi, type PolicySubjectFact } from './policies';

export type { LabelSelector, LabelSelectorRequirement } from './labels';

export interface IpBlockFact {
  cidr: string;
  except?: string[];
}

export interface PeerFact {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IpBlockFact;
  start: number;
  end: number;
}

export interface PortFact {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

/** One ingress or egress rule. `peers` empty means every peer (absent or empty `from`/`to`). */
export interface RuleFact {
  peers: PeerFact[];
  /** Undefined or empty: every port. */
  ports?: PortFact[];
  start: number;
  end: number;
  /** Offsets of the `to`/`from` value when present. */
  peersStart?: number;
  peersEnd?: number;
}

export interface ServicePortFact {
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
  name?: string;
}

export interface K8sObjectFact {
  kind: string;
  apiVersion: string;
  name?: string;
  /** The namespace as written in metadata.namespace. */
  namespace?: string;
  /** The namespace the object lands in: kustomize's, then as written, then the default (setting or `default`). */
  effectiveNamespace: string;
  labels: Record<string, string>;
  /** Pod template labels of a workload (a Pod's own labels). */
  podLabels?: Record<string, string>;
  /** NetworkPolicy podSelector (absent → `{}`, see `selectorDefaulted`) or Service selector (as matchLabels). */
  selector?: LabelSelector;
  /** The NetworkPolicy had no podSelector: treated as `{}` (the API's current default). */
  selectorDefaulted?: boolean;
  /** A selector or labels could not be read statically (template, `!tag`): never judged as narrow. */
  unresolved?: boolean;
  /** NetworkPolicy policyTypes as written (undefined when absent). */
  policyTypes?: string[];
  ingress?: RuleFact[];
  egress?: RuleFact[];
  serviceType?: string;
  externalName?: string;
  servicePorts?: ServicePortFact[];
  /** Ingress hosts (rules[].host and tls[].hosts). */
  hosts?: Array<{ host: string; start: number; end: number }>;
  /** The policy API of a policy: 'k8s' (networking.k8s.io NetworkPolicy), 'cilium', 'calico', 'anp', 'banp' (policies.ts). */
  policyApi?: PolicyApi;
  /** A policy of every namespace (CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy, the admin policies). */
  clusterWide?: boolean;
  /** Cilium, Calico and admin policies: which pods they select and what they do to them (policies.ts). */
  subjects?: PolicySubjectFact[];
  /** AdminNetworkPolicy priority, Calico order. */
  priority?: number;
  /** Calico tier. */
  tier?: string;
  /** Cilium, Calico and admin policies: rules open to every peer or the whole Internet. */
  openRules?: OpenRuleFact[];
  /** The service account of a workload's pods (`default` when unset). */
  serviceAccount?: string;
  /** Container ports of a workload. */
  containerPorts?: Array<{ port: number; protocol?: string; name?: string }>;
  start: number;
  end: number;
  kindStart: number;
  kindEnd: number;
  nameStart?: number;
  nameEnd?: number;
}

export { WORKLOAD_KINDS };

/** A workload fact (its pod labels were read: a kind known by name or found by its pod template), or a kind known to run pods. */
export function isWorkload(o: { kind: string; podLabels?: Record<string, string> }): boolean {
  return o.podLabels !== undefined || isWorkloadKind(o.kind);
}

/** A network policy of any API read here (NetworkPolicy, Cilium, Calico, admin). */
export function isPolicy(o: { policyApi?: PolicyApi }): boolean {
  return o.policyApi !== undefined;
}

export interface K8sFactsOptions {
  /** Namespace for objects that do not name one (setting); `default` when unset. */
  defaultNamespace?: string;
  /** Namespace set by a kustomization that lists this file: it overrides what is written, as kustomize does. */
  kustomizeNamespace?: string;
}

/** Kubernetes objects of a file's documents (YAML multi-document, `kind: List`, JSON), read by formats/k8s.ts. Never throws. */
export function k8sFacts(docs: Array<{ tree: PNode | undefined }>, opts: K8sFactsOptions = {}): K8sObjectFact[] {
  const out: K8sObjectFact[] = [];
  for (const d of docs) {
    try {
      for (const o of k8sObjects([d.tree])) out.push(factOf(o, opts));
    } catch {
      // a half-typed document yields what could be read
    }
  }
  return out;
}

/** k8sFacts of a file's text (see textTrees). Never throws. */
export function k8sFactsFromText(text: string, opts: K8sFactsOptions = {}): K8sObjectFact[] {
  return k8sFacts(textTrees(text), opts);
}

/** The positioned trees of a text's documents (JSON when it starts with `{`/`[`, else YAML), for text-in callers. */
export function textTrees(text: string): Array<{ tree: PNode | undefined }> {
  return treesOfText(text).map((tree) => ({ tree }));
}

function factOf(o: K8sObject, opts: K8sFactsOptions): K8sObjectFact {
  const { kind, node } = o;
  const fact: K8sObjectFact = {
    kind,
    apiVersion: o.apiVersion,
    name: o.name,
    namespace: o.namespace,
    effectiveNamespace: opts.kustomizeNamespace || o.namespace || opts.defaultNamespace || 'default',
    labels: labelMap(get(o.metadata, 'labels')).map,
    start: o.start,
    end: o.end,
    kindStart: o.kindNode.start,
    kindEnd: o.kindNode.end,
  };
  if (o.nameNode) {
    fact.nameStart = o.nameNode.start;
    fact.nameEnd = o.nameNode.end;
  }
  const api = policyApiOf(kind, o.apiVersion);
  if (isWorkloadObject(o)) {
    const template = podTemplate(o);
    const l = labelMap(get(get(template, 'metadata'), 'labels'));
    fact.podLabels = l.map;
    if (l.unresolved) fact.unresolved = true;
    const sa = str(get(get(template, 'spec'), 'serviceAccountName')) ?? str(get(get(template, 'spec'), 'serviceAccount'));
    if (sa) fact.serviceAccount = sa;
    const ports: NonNullable<K8sObjectFact['containerPorts']> = [];
    for (const c of containers(o, ['containers'])) {
      for (const p of asList(get(c, 'ports'))) {
        const n = get(p, 'containerPort');
        if (n?.type === 'number') ports.push({ port: n.value, protocol: str(get(p, 'protocol')), name: str(get(p, 'name')) });
      }
    }
    if (ports.length) fact.containerPorts = ports;
  } else if (api && api !== 'k8s') {
    Object.assign(fact, policyFacts(api, kind, node));
  } else if (api === 'k8s') {
    fact.policyApi = 'k8s';
    const spec = get(node, 'spec');
    const ps = get(spec, 'podSelector');
    if (!ps || ps.type === 'null') {
      fact.selector = {};
      fact.selectorDefaulted = true;
    } else {
      const sel = labelSelector(ps);
      fact.selector = sel.selector;
      if (sel.unresolved) fact.unresolved = true;
    }
    const types = get(spec, 'policyTypes');
    if (types) fact.policyTypes = asList(types).map(str).filter((s): s is string => !!s);
    const ing = get(spec, 'ingress');
    if (ing) fact.ingress = rules(ing, 'from');
    const eg = get(spec, 'egress');
    if (eg) fact.egress = rules(eg, 'to');
  } else if (kind === 'Service') {
    const spec = get(node, 'spec');
    const sel = get(spec, 'selector');
    if (sel) {
      const l = labelMap(sel);
      fact.selector = { matchLabels: l.map };
      if (l.unresolved) fact.unresolved = true;
    }
    fact.serviceType = str(get(spec, 'type')) ?? 'ClusterIP';
    const ext = str(get(spec, 'externalName'));
    if (ext) fact.externalName = ext;
    const ports: ServicePortFact[] = [];
    for (const p of asList(get(spec, 'ports'))) {
      if (p.type !== 'object') continue;
      ports.push({
        port: num(get(p, 'port')),
        targetPort: num(get(p, 'targetPort')) ?? str(get(p, 'targetPort')),
        nodePort: num(get(p, 'nodePort')),
        protocol: str(get(p, 'protocol')),
        name: str(get(p, 'name')),
      });
    }
    if (ports.length) fact.servicePorts = ports;
  } else if (kind === 'Ingress') {
    const spec = get(node, 'spec');
    const hosts: NonNullable<K8sObjectFact['hosts']> = [];
    for (const r of asList(get(spec, 'rules'))) {
      const h = get(r, 'host');
      if (h?.type === 'string' && h.value) hosts.push({ host: h.value, start: h.start, end: h.end });
    }
    for (const t of asList(get(spec, 'tls'))) {
      for (const h of asList(get(t, 'hosts'))) {
        if (h.type === 'string' && h.value && !hosts.some((x) => x.host === h.value)) hosts.push({ host: h.value, start: h.start, end: h.end });
      }
    }
    fact.hosts = hosts;
  }
  return fact;
}

function num(n: PNode | undefined): number | undefined {
  return n?.type === 'number' ? n.value : undefined;
}

function rules(n: PNode, peersKey: 'from' | 'to'): RuleFact[] {
  const out: RuleFact[] = [];
  for (const r of asList(n)) {
    if (r.type !== 'object' && r.type !== 'null') continue;
    const peersNode = get(r, peersKey);
    const peers: PeerFact[] = [];
    for (const p of asList(peersNode)) {
      if (p.type !== 'object') continue;
      const peer: PeerFact = { start: p.start, end: p.end };
      const pod = get(p, 'podSelector');
      if (pod) peer.podSelector = labelSelector(pod).selector;
      const ns = get(p, 'namespaceSelector');
      if (ns) peer.namespaceSelector = labelSelector(ns).selector;
      const ib = get(p, 'ipBlock');
      const cidr = str(get(ib, 'cidr'));
      if (cidr) {
        peer.ipBlock = { cidr };
        const ex = get(ib, 'except');
        if (ex) peer.ipBlock.except = asList(ex).map(str).filter((s): s is string => !!s);
      }
      peers.push(peer);
    }
    const rule: RuleFact = { peers, start: r.start, end: r.end };
    if (peersNode && peersNode.type !== 'null') {
      rule.peersStart = peersNode.start;
      rule.peersEnd = peersNode.end;
    }
    const portsNode = get(r, 'ports');
    if (portsNode && portsNode.type === 'array') {
      rule.ports = [];
      for (const p of portsNode.items) {
        const port: PortFact = {};
        const proto = str(get(p, 'protocol'));
        if (proto) port.protocol = proto;
        const pn = get(p, 'port');
        if (pn?.type === 'number' || pn?.type === 'string') port.port = pn.value;
        const ep = num(get(p, 'endPort'));
        if (ep !== undefined) port.endPort = ep;
        rule.ports.push(port);
      }
    }
    out.push(rule);
  }
  return out;
}

/**
 * `namespace:` of a kustomization applies to every resource it lists (files
 * and directories, relative to the kustomization's folder). Remote resources
 * (URLs, `github.com/...`) are skipped. Keys are absolute, normalised paths.
 */
export function kustomizeNamespaces(kustomizationTree: PNode | undefined, kustomizationDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const ns = str(get(kustomizationTree, 'namespace'));
  if (!ns) return out;
  for (const key of ['resources', 'bases', 'components']) {
    for (const r of asList(get(kustomizationTree, key))) {
      const p = str(r);
      if (!p || /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(p) || p.includes('?ref=')) continue;
      out.set(path.resolve(kustomizationDir, p), ns);
    }
  }
  return out;
}

/** The kustomize namespace of a file: the map's entry for the file itself or the nearest listed ancestor folder. */
export function kustomizeNamespaceFor(filePath: string, map: Map<string, string>): string | undefined {
  if (!map.size) return undefined;
  let p = path.resolve(filePath);
  for (let i = 0; i < 64; i++) {
    const ns = map.get(p);
    if (ns) return ns;
    const parent = path.dirname(p);
    if (parent === p) return undefined;
    p = parent;
  }
  return undefined;
}

/** A Helm template (`templates/*.yaml|yml|tpl` with `{{`): not YAML until rendered. */
export function isHelmTemplate(filePath: string, text: string): boolean {
  const p = filePath.replace(/\\/g, '/');
  return /(^|\/)templates\/(.+\/)?[^/]+\.(ya?ml|tpl)$/i.test(p) && text.includes('{{');
}

/** The chart folder of a Helm template path (for one note per chart), or undefined. */
export function helmChartRoot(filePath: string): string | undefined {
  const p = filePath.replace(/\\/g, '/');
  const i = p.lastIndexOf('/templates/');
  return i >= 0 ? p.slice(0, i) || '/' : p.startsWith('templates/') ? '.' : undefined;
}
