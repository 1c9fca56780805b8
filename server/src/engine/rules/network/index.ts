/**
 * The network family (category `network`): Kubernetes workloads that no
 * NetworkPolicy isolates (matched exactly as Kubernetes does, across files
 * through the workspace model, with kustomize namespaces), open egress and
 * ingress, public exposure, and the app's external endpoints (published as
 * `network/endpoint` facts for the registration manifest).
 */
import path = require('path');
import type { DocumentContext } from '../../document';
import { publishPositions, withLine } from '../../positions';
import type { Fact, Family } from '../../family';
import { ENDPOINTS, WORKLOADS, type FactSource, type ResolvedWorkload } from '../../topics';
import type { Finding, Fix, RelatedLocation } from '../../types';
import { findEndpoints, findEndpointsInTrees, findEndpointsInYamlLines, type Endpoint, type EndpointOptions } from './endpoints';
import { generateNetworkPolicy, generateCiliumNetworkPolicy, addEgressDenyEdit, narrowOpenEgressEdit } from './generate';
import { k8sFacts, kustomizeNamespaceFor, kustomizeNamespaces, helmChartRoot, isPolicy, isWorkload, type K8sObjectFact } from './k8s';
import { checkNetwork, type PolicyReads, type RawFinding } from './check';
import { PUBLISHERS_KEY } from '../../model';
import { hintPairs } from './selectors';
import { NETWORK_RULES } from './rules';
import { documentEdits, findingOf, perDocument, quickFix } from '../../builders';
import { isInsideFolder } from '../../folderPaths';

const ENDPOINT_TOPIC = ENDPOINTS.name;
const POLICY_TOPIC = 'k8s/network-policy';
const WORKLOAD_TOPIC = WORKLOADS.name;
const KUSTOMIZE_TOPIC = 'k8s/kustomize';

/**
 * The keys of a published policy or Namespace object (`Family.factKeys`): a policy that may apply in any namespace (a
 * cluster-wide one, or one with no namespace written: it lands in the setting's) as `any`; a namespaced one and a
 * Namespace object by the namespace (`ns:<name>`: a workload there reads both); a policy also by the label pairs it can
 * be a hint for in other namespaces (`hintPairs`; `hint:*` for any pod).
 */
function policyKeys(value: unknown): string[] {
  const o = value as K8sObjectFact;
  if (o.kind === 'Namespace' && !o.policyApi) return [`ns:${o.name ?? ''}`];
  if (o.clusterWide) return ['any'];
  const keys = [o.namespace === undefined ? 'any' : `ns:${o.namespace}`];
  const h = hintPairs(o);
  if (h?.always) keys.push('hint:*');
  for (const pair of h?.pairs ?? []) keys.push(`hint:${pair}`);
  return keys;
}

/** The keys of what a check read of the folder's policies (`PolicyReads`). */
function policyKeysRead(reads: PolicyReads): string[] {
  if (!reads.namespaces.size) return [];
  const keys = ['any'];
  for (const ns of reads.namespaces) keys.push(`ns:${ns}`);
  if (reads.hintsRead) keys.push('hint:*');
  for (const pair of reads.hints) keys.push(`hint:${pair}`);
  return keys;
}

export interface NetworkFixData {
  kind: 'network';
  raw: RawFinding;
  object?: K8sObjectFact;
}

/** A published endpoint: where it is as a 1-based line. */
export interface PublishedEndpoint extends Omit<Endpoint, 'start' | 'end'> {
  line: number;
}



/** The endpoints a document names, classified with `opts` (YAML one document at a time, cached by its text). */
function endpointsOf(doc: DocumentContext, opts: EndpointOptions = {}): Endpoint[] {
  if (doc.kind === 'lockfile' || doc.kind === 'markdown' || doc.has('helm-template')) return [];
  if (doc.kind === 'yaml') {
    // A document with no type is read line by line (no parse), unless it uses what the line reader does not handle.
    return doc.perYamlDocument(
      `network.endpoints.${JSON.stringify(opts)}`,
      (d) => (d.unparsed ? findEndpointsInYamlLines(d.text, opts) ?? findEndpointsInTrees(d.text, d.parse!().map((tree) => ({ tree })), opts) : findEndpointsInTrees(d.text, [{ tree: d.tree }], opts)),
      { parseUntyped: false },
    );
  }
  if (doc.kind === 'json') return findEndpointsInTrees(doc.text, doc.trees().map((tree) => ({ tree })), opts);
  return findEndpoints(doc.text, doc.kind, opts);
}

export interface Own {
  objects: K8sObjectFact[];
  endpoints: Endpoint[];
  kustomize?: { dir: string; namespaces: Array<[string, string]> };
}

/**
 * The document's objects and endpoints, once per version. Namespaces are resolved at check time
 * (kustomize, then as written, then the defaultNamespace setting): facts never see settings.
 */
const own = perDocument((doc): Own => {
  const r: Own = { objects: [], endpoints: [] };
  try {
    if (doc.has('kubernetes')) {
      // YAML one document at a time, cached by its text: an edit recomputes only the document it touches.
      r.objects =
        doc.kind === 'yaml'
          ? doc.perYamlDocument('network.objects', (d) => (d.type === 'kubernetes' ? k8sFacts([{ tree: d.tree }]) : []))
          : k8sFacts(doc.trees().map((tree) => ({ tree })));
    }
    if (doc.has('kustomization')) {
      const root = doc.trees()[0];
      r.kustomize = { dir: path.dirname(doc.path), namespaces: [...kustomizeNamespaces(root, path.dirname(doc.path))] };
    }
    r.endpoints = endpointsOf(doc);
  } catch {
    // What does not parse publishes nothing.
  }
  return r;
});

// The model hands out the same query arrays until some file's facts change: the map of kustomize namespaces and
// the folder's policies with their namespaces resolved are computed once per change, not once per checked file.
const kmaps = new WeakMap<object, Map<string, string>>();
function kustomizeMap(list: Array<{ value: Own['kustomize'] }>): Map<string, string> {
  let m = kmaps.get(list);
  if (!m) {
    m = new Map<string, string>();
    for (const k of list) for (const [p, ns] of k.value!.namespaces) m.set(p, ns);
    kmaps.set(list, m);
  }
  return m;
}
/**
 * The namespace an object of `filePath` lands in: the kustomization's that lists the file, then the one written,
 * then the defaultNamespace setting. The one rule of the check and of engine/resolved.ts (scan report, manifest).
 */
export type KustomizeFact = Own['kustomize'];
function namespaceResolver(kustomizations: Array<{ value: KustomizeFact }>, defaultNamespace: string): (filePath: string, written: string | undefined) => string {
  const kmap = kustomizeMap(kustomizations);
  return (filePath, written) => kustomizeNamespaceFor(filePath, kmap) ?? written ?? defaultNamespace;
}
/** Every workload of the workspace with the namespace it lands in (kustomize, then as written, then the setting). */
function resolvedWorkloads(source: FactSource, root: string | undefined, defaultNamespace = 'default'): ResolvedWorkload[] {
  const namespaceOf = namespaceResolver(source<KustomizeFact>(KUSTOMIZE_TOPIC), defaultNamespace || 'default');
  return source<Record<string, unknown>>(WORKLOAD_TOPIC).map((w) => {
    const { path: _p, writtenNamespace, namespace: _n, ...rest } = w.value as Record<string, unknown>;
    return { ...(rest as object), namespace: namespaceOf(w.path, typeof writtenNamespace === 'string' ? writtenNamespace : undefined), file: relTo(root, w.path) } as ResolvedWorkload;
  });
}


/** How many files of kustomized policies a check reads one by one before it reads the whole topic instead. */
const KUSTOMIZED_FILES_READ = 64;

/** The files of the folder's policies that a kustomization lists, by the namespace it puts them in (once per list and map). */
const kustomizedMemo = new WeakMap<object, { kmap: Map<string, string>; byNs: Map<string, string[]> }>();
function kustomizedPolicyFiles(list: Array<{ path: string }>, kmap: Map<string, string>): Map<string, string[]> {
  const hit = kustomizedMemo.get(list);
  if (hit && hit.kmap === kmap) return hit.byNs;
  const byNs = new Map<string, string[]>();
  for (const x of list) {
    const ns = kustomizeNamespaceFor(x.path, kmap);
    if (ns === undefined) continue;
    const l = byNs.get(ns);
    if (!l) byNs.set(ns, [x.path]);
    else if (l[l.length - 1] !== x.path) l.push(x.path);
  }
  kustomizedMemo.set(list, { kmap, byNs });
  return byNs;
}

const relTo = (root: string | undefined, p: string) => (root ? path.relative(root, p).split(path.sep).join('/') || path.basename(p) : path.basename(p));

const resolvedMemo = new WeakMap<object, { kmap: Map<string, string>; ns: string; list: K8sObjectFact[] }>();
function resolvedPolicies(
  list: Array<{ value: K8sObjectFact & { path: string } }>,
  kmap: Map<string, string>,
  ns: string,
  resolve: <T extends K8sObjectFact>(o: T, p: string) => T,
): K8sObjectFact[] {
  const hit = resolvedMemo.get(list);
  if (hit && hit.kmap === kmap && hit.ns === ns) return hit.list;
  const out = list.map((p) => resolve(p.value, p.value.path));
  resolvedMemo.set(list, { kmap, ns, list: out });
  return out;
}

export const networkFamily: Family = {
  name: 'network',
  category: 'network',
  idPrefixes: ['network/'],
  rules: NETWORK_RULES.map((r) => ({ ...r, category: 'network' as const, family: 'network' })),
  views: {
    workloads: (source, opts) => {
      const ns = opts.settings['network.defaultNamespace'];
      return resolvedWorkloads(source, opts.root, typeof ns === 'string' ? ns : undefined);
    },
  },
  settings: [
    { key: 'network.defaultNamespace', type: 'string', default: 'default', scope: 'resource', description: 'Namespace of Kubernetes objects that name none (kustomize namespaces still apply).' },
    { key: 'network.internalSuffixes', type: 'array', items: 'string', default: [], scope: 'resource', description: 'DNS suffixes of your own networks ("corp.example.net"): endpoints under them count as internal.' },
    { key: 'network.saasDomains', type: 'array', items: 'string', default: [], scope: 'resource', description: 'Extra well-known SaaS domains ("domain" or "domain=Provider") added to the bundled list: endpoints under them count as listed SaaS.' },
  ],

  appliesTo: (doc) => doc.kind !== 'lockfile',
  // Kubernetes objects are checked against the folder's policies and kustomizations (YAML or JSON).
  readsOtherFiles: (doc) => doc.has('kubernetes'),
  // A policy edit re-checks the files that read its namespace, not every Kubernetes file of the folder.
  factKeys: { [POLICY_TOPIC]: policyKeys },
  // In code and text files the family only finds endpoints, which are line-local (Kubernetes files are not).
  lineLocal: (doc) => doc.kind !== 'yaml' && doc.kind !== 'json' && doc.kind !== 'jsonc',
  // An unknown endpoint is reported once per host per file, as in a whole-file check.
  chunkMergeKey: (f) => (f.ruleId === 'network/unknown-endpoint' ? (((f.data as NetworkFixData | undefined)?.raw?.fix as { host?: string } | undefined)?.host ?? f.message) : undefined),

  facts(doc) {
    const r = own(doc);
    const facts: Fact[] = [];
    for (const o of r.objects) {
      // Policies of every API, and Namespace objects (their labels, for namespace selectors), for the other files.
      if (isPolicy(o) || o.kind === 'Namespace') facts.push({ topic: POLICY_TOPIC, value: publishPositions({ ...o, path: doc.path }, doc) });
      else if (o.podLabels || o.kind === 'Service') facts.push({ topic: WORKLOAD_TOPIC, value: { kind: o.kind, name: o.name, namespace: o.effectiveNamespace, ...(o.namespace ? { writtenNamespace: o.namespace } : {}), ...(isWorkload(o) ? { runsPods: true } : {}), path: doc.path, line: doc.index.positionAt(o.kindStart).line + 1 } });
    }
    if (r.kustomize) facts.push({ topic: KUSTOMIZE_TOPIC, value: r.kustomize });
    for (const e of r.endpoints) facts.push({ topic: ENDPOINT_TOPIC, value: withLine(e, doc) satisfies PublishedEndpoint });
    return facts;
  },

  async check(ctx) {
    const { doc } = ctx;
    const defaultNamespace = (ctx.settings['network.defaultNamespace'] as string) || 'default';
    const findings: Finding[] = [];
    if (doc.has('helm-template')) {
      // Said once per chart (a scan keeps one problem per `once` key): not YAML until rendered.
      const chart = helmChartRoot(doc.path) ?? path.dirname(path.dirname(doc.path));
      ctx.onProblem(`Helm chart ${path.basename(chart)}: templates are not YAML until rendered, so network checks skip them; scan the output of \`helm template\` for NetworkPolicy coverage`, { once: `helm-chart:${chart}` });
      return findings;
    }
    const r = own(doc);
    let objects = r.objects;
    if (objects.length) {
      // Kustomize sets the namespace of the files it lists, as kustomize does; then the namespace as written;
      // then the setting for objects that name none.
      const kustomizations = ctx.workspace.query<Own['kustomize']>(KUSTOMIZE_TOPIC);
      const kmap = kustomizeMap(kustomizations);
      const namespaceOf = namespaceResolver(kustomizations, defaultNamespace);
      const resolve = <T extends K8sObjectFact>(o: T, p: string): T => {
        const ns = namespaceOf(p, o.namespace);
        return ns === o.effectiveNamespace ? o : { ...o, effectiveNamespace: ns };
      };
      objects = objects.map((o) => resolve(o, doc.path));
      const folderPolicies = ctx.workspace.query<K8sObjectFact & { path: string }>(POLICY_TOPIC, { withOwn: true });
      const policies = resolvedPolicies(folderPolicies, kmap, defaultNamespace, resolve);
      const reads: PolicyReads = { namespaces: new Set(), hints: new Set(), hintsRead: false };
      const raw = checkNetwork(objects, policies, { path: doc.path, reads });
      for (const f of raw) findings.push(toFinding(doc, f, objects));
      // What the findings depend on: the policies of the namespaces the check read and those that could be hints for
      // its workloads no policy isolates. A kustomization puts the policies of the files it lists in its namespace
      // whatever they say: the files of those that land in a namespace the check read, and any file that starts or
      // stops publishing policies (it may be one of them).
      // Past KUSTOMIZED_FILES_READ files, the whole topic: a dependency per file for every workload of a namespace whose
      // policies sit in many files would cost the product of their numbers (2,000 of each: 4 million, 200 MiB).
      const keys = policyKeysRead(reads);
      let narrow = true;
      if (kmap.size && keys.length) {
        const files = kustomizedPolicyFiles(folderPolicies, kmap);
        const listed: string[] = [];
        for (const ns of reads.namespaces) for (const p of files.get(ns) ?? []) if (p !== doc.path) listed.push(p);
        if (listed.length > KUSTOMIZED_FILES_READ) narrow = false;
        else {
          for (const p of listed) ctx.workspace.dependOn(p);
          keys.push(PUBLISHERS_KEY);
        }
      }
      if (narrow) ctx.workspace.narrow(POLICY_TOPIC, keys);
    }

    const saas = (ctx.settings['network.saasDomains'] as string[]) ?? [];
    const internal = (ctx.settings['network.internalSuffixes'] as string[]) ?? [];
    // Settings change the classification: this file's endpoints are classified again with them.
    const endpoints = saas.length || internal.length ? endpointsOf(doc, { saasDomains: saas, internalSuffixes: internal }) : r.endpoints;
    for (const f of checkNetwork([], [], { path: doc.path, endpoints })) findings.push(toFinding(doc, f, objects));
    return findings;
  },

  fixes(ctx, finding) {
    const data = finding.data as NetworkFixData | undefined;
    if (data?.kind !== 'network' || !data.object) return [];
    const { doc } = ctx;
    const fixes: Fix[] = [];
    // The endpoints the app calls: this file's and every other file's of the folder.
    const appEndpoints = (): Endpoint[] => [
      ...own(doc).endpoints,
      ...(ctx.facts?.query<PublishedEndpoint>(ENDPOINT_TOPIC) ?? [])
        .filter((e) => ctx.folder?.root && e.path.startsWith(ctx.folder.root))
        .map((e) => ({ ...e.value, start: 0, end: 0 })),
    ];
    if (finding.ruleId === 'network/no-policy' || finding.ruleId === 'network/egress-unrestricted') {
      // A workspace that already uses Cilium policies gets a CiliumNetworkPolicy, which can name the app's domains
      // (toFQDNs); others (Calico included, which enforces the core API) keep the core NetworkPolicy.
      const cilium =
        own(doc).objects.some((o) => o.policyApi === 'cilium') ||
        (ctx.facts?.query<K8sObjectFact>(POLICY_TOPIC) ?? []).some((p) => p.value.policyApi === 'cilium' && (!ctx.folder?.root || p.path.startsWith(ctx.folder.root)));
      const policy = (cilium ? generateCiliumNetworkPolicy : generateNetworkPolicy)(data.object, appEndpoints());
      const what = cilium ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
      const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
      const body = policy.replace(/\r?\n/g, eol);
      const end = doc.index.positionAt(doc.text.length);
      const sep = doc.text.length === 0 || /\r?\n$/.test(doc.text) ? '' : eol;
      const name = data.object.name ?? 'workload';
      if (doc.kind === 'yaml') {
        fixes.push(
          quickFix(finding.ruleId, `Add a ${what} for ${data.object.kind} "${name}" (default deny, DNS, the egress it needs${cilium ? ' by domain name' : ''}) to this file`, [{ path: doc.path, edits: [{ range: { start: end, end }, newText: `${sep}---${eol}${body}` }] }], { preferred: true }),
        );
      }
      // The object's name as a file name beside this file: separators, dots in front and anything else a path could
      // make of it are replaced (a name is the YAML's text, not a Kubernetes-validated one).
      const base = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '').slice(0, 200) || 'workload';
      const file = path.join(path.dirname(doc.path), `${base}-networkpolicy.yaml`);
      if (ctx.folder?.root && path.dirname(file) === path.dirname(doc.path) && isInsideFolder(ctx.folder.root, file) && ctx.folder.readFile?.(file) === undefined) {
        fixes.push(
          quickFix(finding.ruleId, `Create ${path.basename(file)} with a ${what} for ${data.object.kind} "${name}"`, [{ path: file, create: true, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body }] }], {
            preferred: doc.kind !== 'yaml',
          }),
        );
      }
    }
    if (finding.ruleId === 'network/open-egress' && data.object.policyApi === 'k8s') {
      const ruleIndex = (data.raw.fix as { ruleIndex?: number } | undefined)?.ruleIndex;
      const e = narrowOpenEgressEdit(doc, data.object, appEndpoints(), { ruleIndex });
      if (e) {
        fixes.push(
          quickFix(finding.ruleId, `Narrow this egress rule of NetworkPolicy "${data.object.name}" to the endpoints the app calls (DNS, in-cluster services, placeholders for external CIDRs)`, [documentEdits(doc, [e])], { preferred: true }),
        );
      }
    }
    if (finding.ruleId === 'network/egress-unrestricted' || finding.ruleId === 'network/open-egress') {
      const e = data.object.policyApi === 'k8s' ? addEgressDenyEdit(doc, data.object) : undefined;
      if (e) {
        fixes.push(quickFix(finding.ruleId, `Restrict egress of NetworkPolicy "${data.object.name}" (add Egress, deny by default)`, [documentEdits(doc, [e])]));
      }
    }
    return fixes;
  },
};

function toFinding(doc: DocumentContext, raw: RawFinding, objects: K8sObjectFact[]): Finding {
  // The range covers the kind and the name of the object when both are known.
  const start = raw.kindRange && raw.nameRange ? Math.min(raw.kindRange.start, raw.nameRange.start) : raw.start;
  // The object the finding is about: by its kind, else the one whose text holds the finding (an egress rule).
  const object = raw.kindRange ? objects.find((o) => o.kindStart === raw.kindRange!.start) : objects.find((o) => o.start <= raw.start && raw.start < o.end);
  const range = raw.kindRange && raw.nameRange ? doc.index.range(raw.start, raw.end) : doc.index.range(start, raw.end);
  return findingOf(doc, 'network', raw, { kind: 'network', raw, object } as NetworkFixData, range);
}
