/**
 * NetworkPolicy generation and edits for the network family's fixes.
 *
 * A generated policy is default-deny for the workload's pods (Ingress and
 * Egress), allows DNS to kube-dns, allows the internal endpoints the app was
 * seen to call (namespaces, Service pods and ports where known) and holds one
 * clearly marked placeholder ipBlock rule per external domain group: a
 * NetworkPolicy cannot name domains, so the user fills in address ranges (or
 * moves to an FQDN-aware policy of the CNI). Placeholders use the
 * documentation range 192.0.2.0/24, which routes nowhere: until replaced,
 * the policy fails closed.
 */
import { k8sObjects } from '../../formats/k8s';
import { get, treeSource, withCommentsAfter, type PNode, type TreeSource } from '../../formats/tree';
import * as ipaddr from 'ipaddr.js';
import type { K8sObjectFact } from './k8s';
import { endpointPort, groupEndpoints, type Endpoint } from './endpoints';
import { openRules, podLabelsOf } from './selectors';
import { lineStart, trimEnd } from '../../text';

export interface GenerateOptions {
  /** One indentation step; two spaces by default. */
  indent?: string;
  /** Services of the workspace: a single-label or `svc.ns` endpoint naming one gets its pods' selector and target port. */
  services?: K8sObjectFact[];
  /** Policy name; `<workload>-netpol` by default. */
  name?: string;
}

const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const YAML_AMBIGUOUS = /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan)$/i;

/** A YAML scalar: plain when unambiguous, else double-quoted (JSON string syntax is valid YAML). */
function yamlScalar(v: string): string {
  return PLAIN.test(v) && !YAML_AMBIGUOUS.test(v) ? v : JSON.stringify(v);
}

function dnsRule(u: string): string[] {
  return [
    '# DNS lookups to kube-dns',
    '- to:',
    `${u}${u}- namespaceSelector:`,
    `${u}${u}${u}${u}matchLabels:`,
    `${u}${u}${u}${u}${u}kubernetes.io/metadata.name: kube-system`,
    `${u}${u}${u}podSelector:`,
    `${u}${u}${u}${u}matchLabels:`,
    `${u}${u}${u}${u}${u}k8s-app: kube-dns`,
    `${u}ports:`,
    `${u}${u}- protocol: UDP`,
    `${u}${u}${u}port: 53`,
    `${u}${u}- protocol: TCP`,
    `${u}${u}${u}port: 53`,
  ];
}

function portLines(u: string, ports: Array<number | string>): string[] {
  if (!ports.length) return [];
  const out = [`${u}ports:`];
  for (const p of ports) out.push(`${u}${u}- protocol: TCP`, `${u}${u}${u}port: ${typeof p === 'number' ? p : yamlScalar(p)}`);
  return out;
}

function matchLabelLines(u: string, depth: number, labels: Record<string, string>): string[] {
  const pad = u.repeat(depth);
  const keys = Object.keys(labels);
  if (!keys.length) return [`${pad}matchLabels: {}`];
  return [`${pad}matchLabels:`, ...keys.map((k) => `${pad}${u}${yamlScalar(k)}: ${yamlScalar(labels[k])}`)];
}

/** Where an internal endpoint goes, as both generated policies name it. */
type InternalTarget =
  | { type: 'address'; host: string; cidr: string; port?: number }
  | { type: 'service'; host: string; svcName: string; ns: string; svc?: K8sObjectFact; target?: number | string }
  | { type: 'name'; host: string; port?: number };

/**
 * The app's internal endpoints, once per host and port, loopback left out (it never leaves the pod): a private
 * address, a cluster Service (its namespace, the Service the workspace defines and the port its pods listen on), or
 * another internal name.
 */
function internalTargets(endpoints: Endpoint[], workloadNamespace: string, opts: GenerateOptions): InternalTarget[] {
  const out: InternalTarget[] = [];
  const seen = new Set<string>();
  for (const e of endpoints) {
    if (e.kind !== 'internal') continue;
    const host = e.host;
    let addr: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
    try {
      addr = ipaddr.isValid(host) ? ipaddr.parse(host) : undefined;
    } catch {
      addr = undefined;
    }
    if (host === 'localhost' || host.endsWith('.localhost') || addr?.range() === 'loopback') continue;
    const port = endpointPort(e);
    const key = `${host}:${port ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (addr) {
      out.push({ type: 'address', host, cidr: `${addr.toString()}/${addr.kind() === 'ipv4' ? 32 : 128}`, port });
      continue;
    }
    const labels = host.split('.');
    const clusterName = labels.length === 1 || /\.svc(\.cluster\.local)?$/.test(host) || (labels.length === 2 && !host.endsWith('.local'));
    if (!clusterName) {
      out.push({ type: 'name', host, port });
      continue;
    }
    const svcName = labels[0];
    const ns = labels.length >= 2 ? labels[1] : workloadNamespace;
    const svc = opts.services?.find((s) => s.kind === 'Service' && s.name === svcName && s.effectiveNamespace === ns);
    const svcPort = svc?.servicePorts?.find((p) => port === undefined || p.port === port);
    out.push({ type: 'service', host, svcName, ns, svc, target: svcPort?.targetPort ?? port });
  }
  return out;
}

/** Egress rules (as lines starting at column 0 with `- ` or `# `, two-space steps) for DNS plus the endpoints. */
function egressRuleLines(endpoints: Endpoint[], workloadNamespace: string, opts: GenerateOptions = {}): string[] {
  // Inside a sequence item the keys sit two columns after the dash whatever the file's indent step.
  const u = '  ';
  const lines = dnsRule(u);
  const external = endpoints.filter((e) => e.kind !== 'internal');
  // internal: one rule per (namespace, service) or per private address
  for (const t of internalTargets(endpoints, workloadNamespace, opts)) {
    if (t.type === 'address') {
      lines.push(`# ${t.host}`, '- to:', `${u}${u}- ipBlock:`, `${u}${u}${u}${u}cidr: ${t.cidr}`, ...portLines(u, t.port ? [t.port] : []));
    } else if (t.type === 'service') {
      lines.push(`# ${t.host}${t.svc ? ' (Service ' + t.svcName + ')' : ''}`, '- to:');
      if (t.ns !== workloadNamespace) {
        lines.push(`${u}${u}- namespaceSelector:`, ...matchLabelLines(u, 4, { 'kubernetes.io/metadata.name': t.ns }));
        lines.push(`${u}${u}${u}podSelector:`, ...matchLabelLines(u, 4, t.svc?.selector?.matchLabels ?? {}));
      } else {
        lines.push(`${u}${u}- podSelector:`, ...matchLabelLines(u, 4, t.svc?.selector?.matchLabels ?? {}));
      }
      if (!t.svc) lines.push(`${u}${u}# narrow this podSelector to the pods behind "${t.svcName}"`);
      lines.push(...portLines(u, t.target !== undefined ? [t.target] : []));
    } else {
      lines.push(
        `# PLACEHOLDER: ${t.host} is an internal name; replace 10.0.0.0/8 with its address range`,
        '- to:',
        `${u}${u}- ipBlock:`,
        `${u}${u}${u}${u}cidr: 10.0.0.0/8`,
        ...portLines(u, t.port ? [t.port] : []),
      );
    }
  }
  let n = 0;
  for (const g of groupEndpoints(external)) {
    n++;
    const cidr = `192.0.2.${((n - 1) % 254) + 1}/32`;
    const who = g.provider ? `${g.provider}: ` : '';
    lines.push(
      `# PLACEHOLDER: replace ${cidr} with the address ranges of ${who}${g.hosts.join(', ')}`,
      '# (a NetworkPolicy cannot name domains; an FQDN-aware policy of your CNI or an egress gateway can)',
      '- to:',
      `${u}${u}- ipBlock:`,
      `${u}${u}${u}${u}cidr: ${cidr}`,
      ...portLines(u, g.ports.length ? g.ports : [443]),
    );
  }
  return lines;
}

/**
 * The opening both generated policies share: the comment, apiVersion and kind, the metadata (name, namespace) and the
 * workload's pod labels under the policy's selector key (a placeholder label when the pods have none).
 */
function policyHead(
  workload: K8sObjectFact,
  opts: GenerateOptions,
  head: { comment: string; apiVersion: string; kind: string; selectorKey: string },
): { u: string; lines: string[] } {
  const u = opts.indent ?? '  ';
  const base = (workload.name ?? workload.kind.toLowerCase()).slice(0, 246);
  const name = opts.name ?? `${base}-netpol`;
  const labels = podLabelsOf(workload);
  const lines = [head.comment, `apiVersion: ${head.apiVersion}`, `kind: ${head.kind}`, 'metadata:', `${u}name: ${yamlScalar(name)}`];
  if (workload.namespace) lines.push(`${u}namespace: ${yamlScalar(workload.namespace)}`);
  lines.push('spec:', `${u}${head.selectorKey}:`);
  if (Object.keys(labels).length) lines.push(...matchLabelLines(u, 2, labels));
  else lines.push(`${u}${u}# the pods have no labels: add one to the pod template and here (an empty selector would select every pod)`, `${u}${u}matchLabels:`, `${u}${u}${u}app: ${yamlScalar(base)}`);
  return { u, lines };
}

/** The YAML text of a NetworkPolicy for a workload (no leading `---`). */
export function generateNetworkPolicy(workload: K8sObjectFact, endpoints: Endpoint[], opts: GenerateOptions = {}): string {
  const { u, lines } = policyHead(workload, opts, {
    comment: `# Default-deny for ${workload.kind} ${workload.name ?? ''}, allowing DNS and the endpoints the app calls.`.replace(' ,', ','),
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    selectorKey: 'podSelector',
  });
  lines.push(`${u}policyTypes:`, `${u}${u}- Ingress`, `${u}${u}- Egress`);
  const ports = (workload.containerPorts ?? []).map((p) => p.port);
  const example = [
    'ingress:',
    `${u}- from:`,
    `${u}${u}${u}- podSelector:`,
    `${u}${u}${u}${u}${u}matchLabels:`,
    `${u}${u}${u}${u}${u}${u}app: caller`,
    `${u}${u}ports:`,
    `${u}${u}${u}- port: ${ports[0] ?? 8080}`,
  ];
  lines.push(`${u}# No ingress rules: every incoming connection is denied. To let callers in, add for example:`, ...example.map((l) => `${u}#   ${l}`));
  lines.push(`${u}egress:`);
  for (const l of egressRuleLines(endpoints, workload.effectiveNamespace, opts)) lines.push(`${u}${u}${l}`);
  return lines.join('\n') + '\n';
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** The policy's node in the document's trees (a document's own object or a List item), by its offset. */
function findPolicyNode(src: TreeSource, policy: K8sObjectFact): PNode | undefined {
  return k8sObjects(src.trees()).find((o) => o.start === policy.start)?.node;
}

/**
 * Add `Egress` to a policy's policyTypes (with no egress rules, egress of the
 * selected pods is then denied; with egress rules, those rules start to
 * apply). Undefined when the policy already has Egress or cannot be edited
 * safely (flow-style spec, not found). `doc`: the document's context (its
 * trees, the parse the facts came from), or its text.
 */
export function addEgressDenyEdit(doc: string | TreeSource, policy: K8sObjectFact): TextEdit | undefined {
  const src = treeSource(doc);
  const { text } = src;
  const node = findPolicyNode(src, policy);
  const spec = get(node, 'spec');
  if (!spec || spec.type !== 'object' || !spec.entries.length) return undefined;
  if (text[spec.start] === '{' || text[node!.start] === '{') return undefined; // flow style / JSON: no block edit
  const types = get(spec, 'policyTypes');
  if (types) {
    const items = types.type === 'array' ? types.items : [types];
    const values = items.map((i) => (i.type === 'string' ? i.value : '')).filter(Boolean);
    if (values.includes('Egress')) return undefined;
    if (types.type === 'array' && text[types.start] !== '[' && items.length) {
      const last = items[items.length - 1];
      const ls = lineStart(text, last.start);
      const prefix = text.slice(ls, last.start);
      if (!/^\s*-\s+$/.test(prefix)) return undefined;
      const at = trimEnd(text, last.start, last.end);
      return { start: at, end: at, newText: `\n${prefix}Egress` };
    }
    const list = [...new Set([...(values.length ? values : ['Ingress']), 'Egress'])];
    return { start: types.start, end: trimEnd(text, types.start, types.end), newText: `[${list.join(', ')}]` };
  }
  const first = spec.entries[0];
  const ls = lineStart(text, first.keyStart);
  const indent = text.slice(ls, first.keyStart);
  if (!/^[ \t]*$/.test(indent) || !indent.length) return undefined;
  // absent policyTypes: effective types were Ingress (+ Egress only with egress rules, then no edit is needed)
  if (policy.egress && policy.egress.length) return undefined;
  const step = indent.includes('\t') ? '\t' : '  ';
  return { start: ls, end: ls, newText: `${indent}policyTypes:\n${indent}${step}- Ingress\n${indent}${step}- Egress\n` };
}

/**
 * Replace an egress rule open to everything (0.0.0.0/0, ::/0, no `to`) by DNS
 * plus the endpoints' rules (placeholders for external domains). Undefined
 * when the policy has no open egress rule or the rule is not in block style.
 * `doc`: the document's context (its trees), or its text.
 */
export function narrowOpenEgressEdit(
  doc: string | TreeSource,
  policy: K8sObjectFact,
  endpoints: Endpoint[],
  opts: GenerateOptions & { ruleIndex?: number } = {},
): TextEdit | undefined {
  const open = openRules(policy).filter((r) => r.direction === 'Egress' && (opts.ruleIndex === undefined || r.ruleIndex === opts.ruleIndex));
  if (!open.length) return undefined;
  const src = treeSource(doc);
  const { text } = src;
  const node = findPolicyNode(src, policy);
  const egress = get(get(node, 'spec'), 'egress');
  if (!egress || egress.type !== 'array') return undefined;
  const item = egress.items[open[0].ruleIndex];
  if (!item) return undefined;
  const ls = lineStart(text, item.start);
  const prefix = text.slice(ls, item.start);
  const m = /^(\s*)-\s+$/.exec(prefix);
  if (!m) return undefined;
  const dashIndent = m[1];
  const lines = egressRuleLines(endpoints, policy.effectiveNamespace, opts);
  // The rule and the comment lines that end it (its commented-out peers) are replaced together.
  return { start: ls + dashIndent.length, end: withCommentsAfter(text, trimEnd(text, item.start, item.end), dashIndent.length), newText: lines.join('\n' + dashIndent) };
}

// ---- Cilium ------------------------------------------------------------------------

const DNS_LABEL = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function ciliumPortLines(u: string, depth: number, ports: Array<number | string>, protocol = 'TCP'): string[] {
  if (!ports.length) return [];
  const pad = u.repeat(depth);
  const out = [`${pad}toPorts:`, `${pad}${u}- ports:`];
  // Cilium's port is a string in its CRD schema.
  for (const p of ports) out.push(`${pad}${u}${u}${u}- port: ${JSON.stringify(String(p))}`, `${pad}${u}${u}${u}${u}protocol: ${protocol}`);
  return out;
}

/**
 * Egress rules of a CiliumNetworkPolicy (lines starting at column 0 with `- ` or `# `, two-space steps): DNS to
 * kube-dns through Cilium's DNS proxy (a `dns` rule: toFQDNs only learns the addresses of names it sees resolved),
 * `toFQDNs` for the external hosts (matchName, or matchPattern for `*.` names), `toEndpoints` for in-cluster
 * services, `toCIDR` for private addresses.
 */
export function ciliumEgressRuleLines(endpoints: Endpoint[], workloadNamespace: string, opts: GenerateOptions = {}): string[] {
  const u = '  ';
  const lines = [
    '# DNS lookups to kube-dns, through Cilium\'s DNS proxy (toFQDNs needs it to learn the addresses of the names)',
    '- toEndpoints:',
    `${u}${u}- matchLabels:`,
    `${u}${u}${u}${u}k8s:io.kubernetes.pod.namespace: kube-system`,
    `${u}${u}${u}${u}k8s:k8s-app: kube-dns`,
    `${u}toPorts:`,
    `${u}${u}- ports:`,
    `${u}${u}${u}${u}- port: "53"`,
    `${u}${u}${u}${u}${u}protocol: ANY`,
    `${u}${u}${u}rules:`,
    `${u}${u}${u}${u}dns:`,
    `${u}${u}${u}${u}${u}- matchPattern: "*"`,
  ];
  const external = endpoints.filter((e) => e.kind !== 'internal');
  for (const t of internalTargets(endpoints, workloadNamespace, opts)) {
    if (t.type === 'address') {
      lines.push(`# ${t.host}`, '- toCIDR:', `${u}${u}- ${t.cidr}`, ...ciliumPortLines(u, 1, t.port ? [t.port] : []));
    } else if (t.type === 'service') {
      lines.push(`# ${t.host}${t.svc ? ' (Service ' + t.svcName + ')' : ''}`, '- toEndpoints:', `${u}${u}- matchLabels:`);
      lines.push(`${u}${u}${u}${u}k8s:io.kubernetes.pod.namespace: ${yamlScalar(t.ns)}`);
      for (const [k, v] of Object.entries(t.svc?.selector?.matchLabels ?? {})) lines.push(`${u}${u}${u}${u}${yamlScalar(k)}: ${yamlScalar(v)}`);
      if (!t.svc) lines.push(`${u}${u}# narrow this selector to the pods behind "${t.svcName}"`);
      lines.push(...ciliumPortLines(u, 1, t.target !== undefined ? [t.target] : []));
    } else if (DNS_LABEL.test(t.host)) {
      // an internal name outside the cluster: Cilium can name it too
      lines.push(`# ${t.host} (internal)`, '- toFQDNs:', `${u}${u}- ${t.host.startsWith('*.') ? 'matchPattern' : 'matchName'}: ${yamlScalar(t.host)}`, ...ciliumPortLines(u, 1, t.port ? [t.port] : []));
    }
  }
  for (const g of groupEndpoints(external)) {
    const hosts = g.hosts.filter((h) => DNS_LABEL.test(h));
    if (!hosts.length) continue;
    lines.push(`# ${g.provider ? g.provider + ': ' : ''}${hosts.join(', ')}`, '- toFQDNs:');
    for (const h of hosts) lines.push(`${u}${u}- ${h.startsWith('*.') ? 'matchPattern' : 'matchName'}: ${yamlScalar(h)}`);
    lines.push(...ciliumPortLines(u, 1, g.ports.length ? g.ports : [443]));
  }
  return lines;
}

/**
 * The YAML text of a CiliumNetworkPolicy for a workload (no leading `---`): default deny for ingress (an ingress
 * section with one empty rule, which allows nothing) and egress, DNS to kube-dns with a DNS rule, and `toFQDNs` for
 * the app's external endpoints: Cilium can name domains where the core NetworkPolicy cannot.
 */
export function generateCiliumNetworkPolicy(workload: K8sObjectFact, endpoints: Endpoint[], opts: GenerateOptions = {}): string {
  const { u, lines } = policyHead(workload, opts, {
    comment: `# Default-deny for ${workload.kind} ${workload.name ?? ''} (Cilium), allowing DNS and the endpoints the app calls by name.`.replace('  (', ' ('),
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    selectorKey: 'endpointSelector',
  });
  const ports = (workload.containerPorts ?? []).map((p) => p.port);
  const example = ['- fromEndpoints:', `${u}${u}- matchLabels:`, `${u}${u}${u}${u}app: caller`, `${u}toPorts:`, `${u}${u}- ports:`, `${u}${u}${u}${u}- port: "${ports[0] ?? 8080}"`];
  lines.push(`${u}# One empty ingress rule: ingress is default deny and nothing is allowed. To let callers in, replace it by for example:`, ...example.map((l) => `${u}#   ${l}`));
  lines.push(`${u}ingress:`, `${u}${u}- {}`);
  lines.push(`${u}egress:`);
  for (const l of ciliumEgressRuleLines(endpoints, workload.effectiveNamespace, opts)) lines.push(`${u}${u}${l}`);
  return lines.join('\n') + '\n';
}
