/**
 * Kubernetes facts for the network family: workloads with their pod labels,
 * NetworkPolicies (selector, policyTypes, simplified rules), Services and
 * Ingresses, read from the shared positioned tree. Every fact is plain JSON so
 * it can be published to the workspace model and queried from other files.
 */
import * as path from 'path';
import { containers, isWorkloadKind, k8sObjects, podTemplate, WORKLOAD_KINDS, type K8sObject } from '../../formats/k8s';
import { asList, get, str, treesOfText, type PNode } from '../../formats/tree';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

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

export function isWorkload(o: { kind: string }): boolean {
  return isWorkloadKind(o.kind);
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
  if (isWorkloadKind(kind)) {
    const l = labelMap(get(get(podTemplate(o), 'metadata'), 'labels'));
    fact.podLabels = l.map;
    if (l.unresolved) fact.unresolved = true;
    const ports: NonNullable<K8sObjectFact['containerPorts']> = [];
    for (const c of containers(o, ['containers'])) {
      for (const p of asList(get(c, 'ports'))) {
        const n = get(p, 'containerPort');
        if (n?.type === 'number') ports.push({ port: n.value, protocol: str(get(p, 'protocol')), name: str(get(p, 'name')) });
      }
    }
    if (ports.length) fact.containerPorts = ports;
  } else if (kind === 'NetworkPolicy') {
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

function labelMap(n: PNode | undefined): { map: Record<string, string>; unresolved: boolean } {
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

function labelSelector(n: PNode): { selector: LabelSelector; unresolved: boolean } {
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
