/** Metadata of the network family's rules (the lead's registry/docs read it). */
export interface NetworkRuleMeta {
  id: string;
  category: 'network';
  severity: 'error' | 'warning' | 'info' | 'hint';
  title: string;
  description: string;
  docs: string;
  fix: string;
  family: 'network';
}

const SEMANTICS =
  'Coverage follows Kubernetes: a policy selects pods of its own namespace only (unset namespace = `default`, the kustomization\'s `namespace:`, or the configured default); the full label selector counts (matchLabels and matchExpressions In/NotIn/Exists/DoesNotExist; NotIn and DoesNotExist match when the key is absent); `podSelector: {}` selects every pod of the namespace; an absent podSelector is read as `{}`; policyTypes absent means Ingress, plus Egress when the policy has egress rules (`egress: []` does not count). Policies in other files of the workspace count. The policies of the CNIs and of the admin API count with the semantics their projects document: Cilium `cilium.io/v2` CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (endpointSelector, `{}` = every pod in scope, `k8s:`/`any:` keys, `io.kubernetes.pod.namespace` and namespace labels; `spec` or `specs`; a direction is default deny once a rule has `ingress`/`ingressDeny` or `egress`/`egressDeny` rules, empty lists not counting, unless `enableDefaultDeny` says false), Calico `projectcalico.org/v3` NetworkPolicy and GlobalNetworkPolicy (selector expressions, `namespaceSelector`, `types` defaults, `order` and tiers: the first policy by order whose rule matches every packet decides, Pass leaves the tier, no match denies at the end of the tier), and `policy.networking.k8s.io` AdminNetworkPolicy (by `priority`, before NetworkPolicies) and BaselineAdminNetworkPolicy (after them), which isolate only through a Deny rule that matches every peer (ingress from `namespaces: {}`, egress to `networks: [0.0.0.0/0]`); a Pass hands over to NetworkPolicies, an Allow of every peer leaves the pods open. Selectors on labels of a namespace the workspace does not define (no Namespace object) are not judged.';

export const NETWORK_RULES: readonly NetworkRuleMeta[] = [
  {
    id: 'network/no-policy',
    category: 'network',
    severity: 'warning',
    title: 'Workload whose pods no NetworkPolicy selects',
    description: 'A workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, Pod, OpenShift DeploymentConfig, Argo Rollout, Knative Service, or any object with a pod template) whose pods no network policy isolates (a NetworkPolicy, a Cilium or Calico policy, an admin policy): every pod in the cluster can reach them, and they can reach anything.',
    docs: SEMANTICS + ' Related information names the policies that almost select the workload: the same labels in another namespace, or a selector with one failing requirement. Workloads whose labels, or a same-namespace policy\'s selector, cannot be read statically (templates) are not reported.',
    fix: 'Append a generated NetworkPolicy: default-deny ingress and egress for the workload\'s pods, DNS to kube-dns, the internal services the app calls, and one placeholder ipBlock rule per external domain group (a NetworkPolicy cannot name domains). In a workspace that uses Cilium policies, a CiliumNetworkPolicy instead: default deny, DNS to kube-dns through Cilium\'s DNS proxy, and `toFQDNs` naming the app\'s SaaS hosts.',
    family: 'network',
  },
  {
    id: 'network/egress-unrestricted',
    category: 'network',
    severity: 'warning',
    title: 'Pods isolated for ingress but not for egress',
    description: 'Policies select the workload\'s pods for Ingress only (a NetworkPolicy without Egress, a Cilium policy with ingress rules only, a Calico policy of type Ingress), or an admin policy allows every destination: their outgoing traffic is unrestricted (data can leave to anywhere).',
    docs: SEMANTICS + ' A pod is egress-isolated once any policy with Egress in its (effective) policyTypes selects it.',
    fix: 'Add Egress to the policy\'s policyTypes (with no egress rules that denies all egress, DNS included), or append a generated policy with DNS and the app\'s endpoints.',
    family: 'network',
  },
  {
    id: 'network/open-egress',
    category: 'network',
    severity: 'warning',
    title: 'Egress rule open to every destination',
    description: 'An egress rule with `0.0.0.0/0` or `::/0` (whose `except` leaves most of the space open), or with no `to` peers at all, in a policy whose effective policyTypes include Egress; a Cilium rule to `toEntities` `world` or `all`, a /0 `toCIDR`/`toCIDRSet`, `toFQDNs` `matchPattern: "*"` or `toPorts` with no peer; a Calico Allow with no destination or to a /0 net; an AdminNetworkPolicy or BaselineAdminNetworkPolicy Allow to `networks` /0. A warning when the rule names no ports, information when ports narrow it.',
    docs: 'Rules of a direction the policy does not enforce (an egress rule in a policy with `policyTypes: [Ingress]`) are not reported: they have no effect. Nor are rules never reached: after a Calico rule that matches every packet, or behind a Calico policy earlier in the tier (lower `order`, every pod) that denies or passes every packet. Cilium `toEntities: cluster` and named `toFQDNs` are not open; a Cilium empty rule (`- {}`) allows nothing.',
    fix: 'Replace the open rule by DNS and rules for the endpoints the app calls (placeholders for external domains).',
    family: 'network',
  },
  {
    id: 'network/open-ingress',
    category: 'network',
    severity: 'warning',
    title: 'Ingress rule open to every source',
    description: 'An ingress rule with `0.0.0.0/0` or `::/0`, or with no `from` peers at all: any pod and any outside address may connect (Cilium: `fromEntities` `world`/`all`, a /0 `fromCIDR`, `toPorts` with no peer; Calico: an Allow with no source or from a /0 net). A warning when the rule names no ports, information when ports narrow it.',
    docs: 'Deliberate for a public front end behind a load balancer; narrow it to the ingress controller\'s namespace otherwise.',
    fix: 'Name the callers: a namespaceSelector for the ingress controller\'s namespace or podSelectors of the calling pods.',
    family: 'network',
  },
  {
    id: 'network/public-exposure',
    category: 'network',
    severity: 'info',
    title: 'Publicly exposed Service or Ingress',
    description: 'A Service of type LoadBalancer or NodePort, or an Ingress with its host names: the app\'s public surface, for the inventory.',
    docs: 'Information only: exposure is often intended; the finding lists what is reachable from outside the cluster.',
    fix: 'Use a ClusterIP Service behind an Ingress with TLS and authentication, or restrict loadBalancerSourceRanges.',
    family: 'network',
  },
  {
    id: 'network/unknown-endpoint',
    category: 'network',
    severity: 'info',
    title: 'Call to an external host that is neither internal nor a listed SaaS',
    description: 'A URL or host name the app calls (HTTP clients, SDK endpoint options, webhook URLs, env defaults, ExternalName services, host keys in config) on a public domain that is not in the bundled SaaS list.',
    docs: 'Comments, Markdown, documentation hosts (example.com, *.test, documentation IP ranges), XML namespaces and schema URLs, and package metadata (repository, homepage, license) are skipped. Internal: localhost, private/loopback/link-local addresses, cluster-local names (*.svc, *.cluster.local), single-label service names and configured suffixes. Reported once per host and file; URLs are shown without credentials, query strings or token-like path segments.',
    fix: 'Check the host is meant; add it to the SaaS list setting (domain=Provider) or the internal suffixes.',
    family: 'network',
  },
];
