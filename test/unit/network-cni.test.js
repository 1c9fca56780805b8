'use strict';
// The network family with the policies of the CNIs and of the admin API (Cilium, Calico, AdminNetworkPolicy,
// BaselineAdminNetworkPolicy), workloads found by their pod template, and the generated CiliumNetworkPolicy fix.
// Fake data only.
const assert = require('assert');
const YAML = require('yaml');
const { engine, applyFix } = require('../helpers');

const net = engine.internals.network;

const pod = (labels = { app: 'api' }, ns = 'shop', extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: ${ns}\n  labels:\n${Object.entries(labels)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n')}\nspec:\n${extra}  containers:\n    - name: api\n      image: registry.local/api:1\n`;

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.local/api:1\n          env:\n            - name: PAYMENTS_URL\n              value: "https://api.stripe.com/v1"\n            - name: ORDERS_URL\n              value: "http://orders.billing.svc.cluster.local:8080/"\n`;

async function scan(files) {
  const model = new engine.WorkspaceModel('/ws');
  for (const [p, text] of Object.entries(files)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  const out = {};
  for (const [p, text] of Object.entries(files)) out[p] = (await engine.analyze({ path: p, text }, { model })).findings.filter((f) => f.category === 'network' && f.ruleId !== 'network/unknown-endpoint');
  return out;
}
/** Rule ids of the workload file's findings, with the policy file beside it. */
async function workloadIds(policy, workload = pod(), extra = {}) {
  const r = await scan({ '/ws/app.yaml': workload, '/ws/policy.yaml': policy, ...extra });
  return r['/ws/app.yaml'].map((f) => f.ruleId).sort();
}
async function policyFindings(policy) {
  const r = await scan({ '/ws/policy.yaml': policy });
  return r['/ws/policy.yaml'];
}

const cnp = (spec, ns = 'shop', kind = 'CiliumNetworkPolicy') => `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n${kind === 'CiliumNetworkPolicy' ? `  namespace: ${ns}\n` : ''}${spec}`;
const calico = (spec, ns = 'shop', kind = 'NetworkPolicy', name = 'p') =>
  `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata:\n  name: ${name}\n${kind === 'NetworkPolicy' ? `  namespace: ${ns}\n` : ''}spec:\n${spec}`;
const anp = (spec, kind = 'AdminNetworkPolicy', name = 'a') => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

describe('network family: Cilium policies', () => {
  it('an empty endpointSelector isolates every pod of its namespace, both directions', async () => {
    const p = cnp('spec:\n  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - {}\n  egress:\n    - toEndpoints:\n        - {}\n');
    assert.deepStrictEqual(await workloadIds(p), []);
    assert.deepStrictEqual(await workloadIds(p.replace('namespace: shop', 'namespace: other')), ['network/no-policy'], 'a CiliumNetworkPolicy selects pods of its own namespace only');
  });

  it('reads the full selector, with k8s:/any: key prefixes; reserved: keys select no pod', async () => {
    const sel = (s) => cnp(`spec:\n  endpointSelector:\n${s}\n  ingress:\n    - {}\n  egress:\n    - {}\n`);
    assert.deepStrictEqual(await workloadIds(sel('    matchLabels:\n      k8s:app: api')), []);
    assert.deepStrictEqual(await workloadIds(sel('    matchLabels:\n      any:app: api')), []);
    assert.deepStrictEqual(await workloadIds(sel('    matchExpressions:\n      - {key: app, operator: In, values: [api, web]}')), []);
    assert.deepStrictEqual(await workloadIds(sel('    matchLabels:\n      app: web')), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(sel('    matchLabels:\n      reserved:host: ""')), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(sel('    matchLabels: {}\n    matchExpressions:\n      - {key: role, operator: In, values: [frontend]}')), ['network/no-policy']);
  });

  it('is direction-aware: ingress only leaves egress unrestricted; ingressDeny counts; empty lists and enableDefaultDeny false do not', async () => {
    assert.deepStrictEqual(await workloadIds(cnp('spec:\n  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - {}\n')), ['network/egress-unrestricted']);
    assert.deepStrictEqual(await workloadIds(cnp('spec:\n  endpointSelector: {}\n  ingressDeny:\n    - fromEntities: [world]\n')), ['network/egress-unrestricted']);
    assert.deepStrictEqual(await workloadIds(cnp('spec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints:\n        - {}\n')), [], 'egress only: not reported (as for a NetworkPolicy)');
    assert.deepStrictEqual(await workloadIds(cnp('spec:\n  endpointSelector: {}\n  ingress: []\n  egress: []\n')), ['network/no-policy'], 'Cilium: an empty list does not apply');
    const noDefaultDeny = 'spec:\n  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: false\n    egress: false\n  ingress:\n    - fromEndpoints:\n        - {}\n  egress:\n    - toEndpoints:\n        - {}\n';
    assert.deepStrictEqual(await workloadIds(cnp(noDefaultDeny)), ['network/no-policy']);
  });

  it('reads specs lists; host policies (nodeSelector) select no pods; an empty specs list selects nothing', async () => {
    assert.deepStrictEqual(await workloadIds(cnp('specs:\n  - endpointSelector:\n      matchLabels: {app: web}\n    ingress: [{}]\n  - endpointSelector:\n      matchLabels: {app: api}\n    ingress: [{}]\n    egress: [{}]\n')), []);
    assert.deepStrictEqual(await workloadIds(cnp('spec:\n  nodeSelector: {}\n  endpointSelector: {}\n  ingress: [{}]\n  egress: [{}]\n')), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(cnp('specs: []\n')), ['network/no-policy']);
  });

  it('a CiliumClusterwideNetworkPolicy selects pods of every namespace, by namespace and namespace labels', async () => {
    const ccnp = (sel) => cnp(`spec:\n  endpointSelector:\n${sel}\n  ingress: [{}]\n  egress: [{}]\n`, undefined, 'CiliumClusterwideNetworkPolicy');
    assert.deepStrictEqual(await workloadIds(ccnp('    matchLabels: {}')), []);
    const notKubeSystem = '    matchExpressions:\n      - {key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}';
    assert.deepStrictEqual(await workloadIds(ccnp(notKubeSystem)), []);
    assert.deepStrictEqual(await workloadIds(ccnp(notKubeSystem), pod({ app: 'api' }, 'kube-system')), ['network/no-policy']);
    const byNsLabel = '    matchLabels:\n      k8s:io.cilium.k8s.namespace.labels.team: payments';
    assert.deepStrictEqual(await workloadIds(ccnp(byNsLabel)), [], 'labels of a namespace the workspace does not define: uncertain, no finding');
    const ns = (team) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: ${team}\n`;
    assert.deepStrictEqual(await workloadIds(ccnp(byNsLabel), pod(), { '/ws/ns.yaml': ns('payments') }), []);
    assert.deepStrictEqual(await workloadIds(ccnp(byNsLabel), pod(), { '/ws/ns.yaml': ns('search') }), ['network/no-policy']);
  });

  it('open rules: toEntities world/all, /0 CIDRs, toFQDNs "*" and L4-only rules; cluster, named FQDNs and empty rules are not', async () => {
    const eg = (rule) => cnp(`spec:\n  endpointSelector: {}\n  egress:\n${rule}`);
    const ids = async (rule) => (await policyFindings(eg(rule))).map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepStrictEqual(await ids('    - toEntities: [world]\n'), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids('    - toEntities: [all]\n'), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids('    - toEntities: [world]\n      toPorts:\n        - ports:\n            - {port: "443", protocol: TCP}\n'), ['network/open-egress:info']);
    assert.deepStrictEqual(await ids('    - toCIDR: [0.0.0.0/0]\n'), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids('    - toCIDRSet:\n        - cidr: 0.0.0.0/0\n          except: [10.0.0.0/8]\n'), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids('    - toFQDNs:\n        - matchPattern: "*"\n'), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids('    - toPorts:\n        - ports:\n            - {port: "443", protocol: TCP}\n'), ['network/open-egress:info']);
    assert.deepStrictEqual(await ids('    - toEntities: [cluster]\n'), []);
    assert.deepStrictEqual(await ids('    - toFQDNs:\n        - matchName: api.stripe.com\n'), []);
    assert.deepStrictEqual(await ids('    - {}\n'), []);
    assert.deepStrictEqual(await ids('    - toCIDR: [203.0.113.0/24]\n'), []);
    const ingress = cnp('spec:\n  endpointSelector: {}\n  ingress:\n    - fromEntities: [world]\n');
    assert.deepStrictEqual((await policyFindings(ingress)).map((f) => f.ruleId), ['network/open-ingress']);
    const denyWorld = cnp('spec:\n  endpointSelector: {}\n  egressDeny:\n    - toEntities: [world]\n');
    assert.deepStrictEqual((await policyFindings(denyWorld)).map((f) => f.ruleId), [], 'a deny rule to the world is not open');
  });
});

describe('network family: Calico policies', () => {
  const deny = (sel, extra = '') => calico(`${sel === undefined ? '' : `  selector: ${JSON.stringify(sel)}\n`}  types: [Ingress, Egress]\n${extra}`);
  it('selector expressions select as Calico documents', async () => {
    const pods = pod({ app: 'api', tier: 'backend' });
    for (const sel of ["app == 'api'", 'has(tier)', "!has(canary)", "app in {'api', 'web'}", 'all()', '', "app == 'api' && tier == 'backend'", "app == 'x' || tier == 'backend'", "!(app == 'web')", "app != 'web'", "app not in {'web'}", "tier starts with 'back'", "tier ends with 'end'", "tier contains 'acke'", "projectcalico.org/namespace == 'shop'", undefined]) {
      assert.deepStrictEqual(await workloadIds(deny(sel), pods), [], String(sel));
    }
    for (const sel of ["app == 'web'", 'has(canary)', '!has(tier)', "app in {'web'}", "app == 'api' && tier == 'frontend'", "app != 'api'", "app not in {'api'}", "projectcalico.org/namespace == 'prod'"]) {
      assert.deepStrictEqual(await workloadIds(deny(sel), pods), ['network/no-policy'], sel);
    }
  });

  it('a Calico NetworkPolicy is not read as a core NetworkPolicy (no podSelector does not mean every pod)', async () => {
    assert.deepStrictEqual(await workloadIds(deny("app == 'web'")), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(deny("app == 'api'").replace('namespace: shop', 'namespace: other')), ['network/no-policy']);
  });

  it('an unreadable selector is uncertain: no finding', async () => {
    assert.deepStrictEqual(await workloadIds(deny("app === 'api'")), []);
  });

  it('types: written, or by the rules present (egress rules only: Egress only)', async () => {
    assert.deepStrictEqual(await workloadIds(calico("  selector: all()\n  types: [Ingress]\n")), ['network/egress-unrestricted']);
    assert.deepStrictEqual(await workloadIds(calico('  selector: all()\n  ingress:\n    - action: Deny\n')), ['network/egress-unrestricted']);
    assert.deepStrictEqual(await workloadIds(calico('  selector: all()\n  egress:\n    - action: Deny\n')), []);
    assert.deepStrictEqual(await workloadIds(calico('  selector: all()\n  ingress:\n    - action: Deny\n  egress:\n    - action: Deny\n')), []);
  });

  it('a GlobalNetworkPolicy selects pods of every namespace, narrowed by its namespaceSelector', async () => {
    const gnp = (extra) => calico(`  selector: all()\n  types: [Ingress, Egress]\n${extra}`, undefined, 'GlobalNetworkPolicy');
    assert.deepStrictEqual(await workloadIds(gnp('')), []);
    assert.deepStrictEqual(await workloadIds(gnp("  namespaceSelector: projectcalico.org/name == 'shop'\n")), []);
    assert.deepStrictEqual(await workloadIds(gnp("  namespaceSelector: projectcalico.org/name == 'prod'\n")), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(gnp("  namespaceSelector: team == 'x'\n")), [], 'labels of an unknown namespace: uncertain');
    assert.deepStrictEqual(await workloadIds(gnp('  doNotTrack: true\n  applyOnForward: true\n')), ['network/no-policy'], 'host endpoints only');
  });

  it('order and Pass: the first policy of the tier whose rule matches every packet decides; Pass leaves the tier', async () => {
    const pass = calico('  order: 10\n  selector: all()\n  types: [Ingress, Egress]\n  ingress:\n    - action: Pass\n  egress:\n    - action: Pass\n', undefined, 'GlobalNetworkPolicy', 'pass-all');
    const denyLater = deny('all()', '  order: 500\n  ingress:\n    - action: Deny\n  egress:\n    - action: Deny\n');
    assert.deepStrictEqual(await workloadIds(denyLater, pod(), { '/ws/pass.yaml': pass }), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(denyLater.replace('order: 500', 'order: 5'), pod(), { '/ws/pass.yaml': pass }), []);
    // a policy with no rules matches no packet: the Pass after it still decides
    assert.deepStrictEqual(await workloadIds(deny('all()', '  order: 5\n'), pod(), { '/ws/pass.yaml': pass }), ['network/no-policy']);
    // Pass in another tier does not stop this tier's deny
    const otherTier = pass.replace('  order: 10\n', '  order: 10\n  tier: security\n');
    assert.deepStrictEqual(await workloadIds(denyLater, pod(), { '/ws/pass.yaml': otherTier }), []);
  });

  it('open rules: Allow with no destination or to 0.0.0.0/0; not after a rule that matches every packet, nor behind an earlier deny-all', async () => {
    const eg = (rules, extra = '') => calico(`  selector: all()\n  types: [Egress]\n${extra}  egress:\n${rules}`);
    const ids = async (text, more = {}) => {
      const r = await scan({ '/ws/policy.yaml': text, ...more });
      return r['/ws/policy.yaml'].map((f) => `${f.ruleId}:${f.severity}`);
    };
    assert.deepStrictEqual(await ids(eg('    - action: Allow\n')), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids(eg('    - action: Allow\n      destination:\n        nets: [0.0.0.0/0]\n')), ['network/open-egress:warning']);
    assert.deepStrictEqual(await ids(eg('    - action: Allow\n      protocol: TCP\n      destination:\n        ports: [443]\n')), ['network/open-egress:info']);
    assert.deepStrictEqual(await ids(eg("    - action: Allow\n      destination:\n        selector: app == 'db'\n")), []);
    assert.deepStrictEqual(await ids(eg('    - action: Allow\n      destination:\n        domains: [api.stripe.com]\n')), []);
    assert.deepStrictEqual(await ids(eg('    - action: Deny\n    - action: Allow\n')), [], 'after a deny of every packet the Allow is never reached');
    const denyAll = calico('  order: 1\n  selector: all()\n  types: [Egress]\n  egress:\n    - action: Deny\n', undefined, 'GlobalNetworkPolicy', 'deny-all');
    assert.deepStrictEqual(await ids(eg('    - action: Allow\n', '  order: 100\n'), { '/ws/deny.yaml': denyAll }), []);
    assert.deepStrictEqual(await ids(eg('    - action: Allow\n', '  order: 0.5\n'), { '/ws/deny.yaml': denyAll }), ['network/open-egress:warning']);
    const ingress = calico('  selector: all()\n  ingress:\n    - action: Allow\n      source:\n        nets: [0.0.0.0/0]\n');
    assert.deepStrictEqual(await ids(ingress), ['network/open-ingress:warning']);
  });

  it('the selector parser never throws, whatever the input', () => {
    const atoms = ['app', "'x'", '"y"', '==', '!=', '!', '&&', '||', '(', ')', '{', '}', ',', 'in', 'not', 'has', 'all', 'global', 'contains', 'starts', 'with', 'ends', ' ', "'", '"', '\\', '\u0000', 'ü', '$', 'a/b.c-d_e'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 5000; i++) {
      const n = Math.floor(rnd() * 14);
      let s = '';
      for (let j = 0; j < n; j++) s += rnd() < 0.1 ? String.fromCharCode(Math.floor(rnd() * 0xffff)) : atoms[Math.floor(rnd() * atoms.length)] + (rnd() < 0.5 ? ' ' : '');
      const r = net.parseCalicoSelector(s);
      assert.ok(r && typeof r.ok === 'boolean', s);
      if (r.ok) net.calicoMatches(r.expr, { app: 'x' });
    }
    for (const v of [undefined, null, 42, {}, [], '('.repeat(10000), '!'.repeat(5000) + 'all()', "a == 'x' && ".repeat(2000) + 'all()']) assert.doesNotThrow(() => net.parseCalicoSelector(v));
    assert.strictEqual(net.parseCalicoSelector("app == 'x' && (has(a) || b in {'1','2'})").ok, true);
    assert.strictEqual(net.parseCalicoSelector("app = 'x'").ok, false);
  });
});

describe('network family: AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
  const denyAll = (prio = 10, subject = '  subject:\n    namespaces: {}\n') =>
    anp(`  priority: ${prio}\n${subject}  ingress:\n    - name: deny-in\n      action: Deny\n      from:\n        - namespaces: {}\n  egress:\n    - name: deny-out\n      action: Deny\n      to:\n        - networks: [0.0.0.0/0, "::/0"]\n`);
  it('a Deny that matches every peer isolates the subject', async () => {
    assert.deepStrictEqual(await workloadIds(denyAll()), []);
    assert.deepStrictEqual(await workloadIds(denyAll(10, '  subject:\n    pods:\n      namespaceSelector: {}\n      podSelector:\n        matchLabels: {app: api}\n')), []);
    assert.deepStrictEqual(await workloadIds(denyAll(10, '  subject:\n    pods:\n      namespaceSelector: {}\n      podSelector:\n        matchLabels: {app: web}\n')), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(denyAll(10, '  subject:\n    namespaces:\n      matchLabels: {kubernetes.io/metadata.name: prod}\n')), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(denyAll(10, '  subject:\n    namespaces:\n      matchLabels: {team: x}\n')), [], 'labels of an unknown namespace: uncertain');
  });

  it('an admin policy that does not match every peer does not isolate (traffic falls through to NetworkPolicies)', async () => {
    const some = anp('  priority: 10\n  subject:\n    namespaces: {}\n  egress:\n    - name: no-db\n      action: Deny\n      to:\n        - namespaces:\n            matchLabels: {kubernetes.io/metadata.name: db}\n');
    assert.deepStrictEqual(await workloadIds(some), ['network/no-policy']);
  });

  it('priority: a Pass of higher precedence hands over to NetworkPolicies; an Allow of every peer decides', async () => {
    const passAll = anp('  priority: 1\n  subject:\n    namespaces: {}\n  ingress:\n    - name: p\n      action: Pass\n      from:\n        - namespaces: {}\n  egress:\n    - name: p\n      action: Pass\n      to:\n        - networks: [0.0.0.0/0]\n', 'AdminNetworkPolicy', 'pass');
    assert.deepStrictEqual(await workloadIds(denyAll(50), pod(), { '/ws/pass.yaml': passAll }), ['network/no-policy']);
    assert.deepStrictEqual(await workloadIds(denyAll(50), pod(), { '/ws/pass.yaml': passAll.replace('priority: 1', 'priority: 90') }), []);
    const allowAll = passAll.replace(/action: Pass/g, 'action: Allow');
    const r = await scan({ '/ws/app.yaml': pod(), '/ws/deny.yaml': denyAll(50), '/ws/allow.yaml': allowAll });
    assert.deepStrictEqual(r['/ws/app.yaml'].map((f) => f.ruleId), ['network/no-policy']);
    assert.match(r['/ws/app.yaml'][0].message, /AdminNetworkPolicy "pass" allows every peer/);
    assert.deepStrictEqual(r['/ws/allow.yaml'].map((f) => f.ruleId), ['network/open-egress'], 'ANP Allow to all networks is open egress');
  });

  it('the BaselineAdminNetworkPolicy applies after NetworkPolicies', async () => {
    const banp = denyAll(10).replace('AdminNetworkPolicy', 'BaselineAdminNetworkPolicy').replace('  priority: 10\n', '').replace('name: a', 'name: default');
    assert.deepStrictEqual(await workloadIds(banp), []);
    const allow = banp.replace(/action: Deny/g, 'action: Allow');
    assert.deepStrictEqual(await workloadIds(allow), ['network/no-policy']);
  });
});

describe('workloads found by their pod template (formats/k8s.ts)', () => {
  const k8s = engine.internals.k8s;
  const tree = engine.internals.tree;
  const objects = (text) => k8s.k8sObjects(tree.yamlTrees(text));
  const tpl = 'template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.local/api:1\n';
  const cases = {
    'OpenShift DeploymentConfig': `apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: api\nspec:\n  ${tpl}`,
    'Argo Rollout': `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: api\nspec:\n  strategy:\n    canary: {}\n  ${tpl}`,
    'Knative Service': `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ${tpl}`,
    'a CRD with a pod template': `apiVersion: example.com/v1\nkind: Worker\nmetadata:\n  name: api\nspec:\n  replicas: 2\n  ${tpl}`,
    'a CRD with a job template': `apiVersion: example.com/v1\nkind: Batch\nmetadata:\n  name: api\nspec:\n  jobTemplate:\n    spec:\n      ${tpl.replace(/\n/g, '\n    ')}`,
    'a pod-like CRD': `apiVersion: example.com/v1\nkind: Sandbox\nmetadata:\n  name: api\n  labels: {app: api}\nspec:\n  containers:\n    - name: api\n      image: registry.local/api:1\n`,
  };
  for (const [what, text] of Object.entries(cases)) {
    it(`${what} is a workload: its pods are checked`, async () => {
      const [o] = objects(text);
      assert.ok(k8s.isWorkloadObject(o), what);
      assert.strictEqual(k8s.containers(o).length, 1);
      assert.deepStrictEqual((await scan({ '/ws/app.yaml': text }))['/ws/app.yaml'].map((f) => f.ruleId), ['network/no-policy']);
      const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress, Egress]\n';
      assert.deepStrictEqual((await scan({ '/ws/app.yaml': text, '/ws/np.yaml': policy }))['/ws/app.yaml'], []);
    });
  }
  const negatives = {
    'a core Service': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector: {app: api}\n  ports: [{port: 80}]\n',
    'a ConfigMap': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  deployment.yaml: |\n    spec:\n      ${tpl.replace(/\n/g, '\n    ')}`,
    'a CustomResourceDefinition': `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: workers.example.com\nspec:\n  group: example.com\n  template:\n    spec:\n      containers:\n        - name: x\n          image: y\n`,
    'a Helm values file': `replicaCount: 1\nspec:\n  ${tpl}`,
    'a Rollout with workloadRef': 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: api\nspec:\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n',
    'a CRD whose containers are not containers': 'apiVersion: example.com/v1\nkind: Storage\nmetadata:\n  name: s\nspec:\n  containers: [bucket-a, bucket-b]\n',
  };
  for (const [what, text] of Object.entries(negatives)) {
    it(`${what} is not a workload`, async () => {
      for (const o of objects(text)) assert.ok(!k8s.isWorkloadObject(o), what);
      const path = what.includes('Helm') ? '/ws/chart/values.yaml' : '/ws/app.yaml';
      assert.deepStrictEqual((await scan({ [path]: text }))[path].filter((f) => f.ruleId === 'network/no-policy'), []);
    });
  }
});

describe('network family: the generated CiliumNetworkPolicy', () => {
  const ciliumElsewhere = cnp('spec:\n  endpointSelector:\n    matchLabels: {app: web}\n  ingress: [{}]\n  egress: [{}]\n');
  async function fixFor(files, target) {
    const model = new engine.WorkspaceModel('/ws');
    for (const [p, text] of Object.entries(files)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
    const r = await engine.analyze({ path: target, text: files[target] }, { model });
    const f = r.findings.find((x) => x.ruleId === 'network/no-policy');
    assert.ok(f, 'a finding to fix');
    const fixes = engine.fixesForFinding({ path: target, text: files[target] }, f, { facts: model.view(target, new Set()) });
    return { fix: fixes.find((x) => x.isPreferred) ?? fixes[0], fixes, model };
  }

  it('in a Cilium workspace: toFQDNs for the SaaS endpoints, DNS with a dns rule, default deny; re-scanned, the finding is gone', async () => {
    const files = { '/ws/app.yaml': deployment, '/ws/policy.yaml': ciliumElsewhere };
    const { fix } = await fixFor(files, '/ws/app.yaml');
    assert.match(fix.title, /CiliumNetworkPolicy/);
    const out = applyFix(fix, files);
    const docs = YAML.parseAllDocuments(out['/ws/app.yaml']);
    assert.ok(docs.every((d) => d.errors.length === 0), docs.flatMap((d) => d.errors).join('\n'));
    const p = docs[docs.length - 1].toJS();
    assert.strictEqual(p.kind, 'CiliumNetworkPolicy');
    assert.strictEqual(p.apiVersion, 'cilium.io/v2');
    assert.deepStrictEqual(p.spec.endpointSelector, { matchLabels: { app: 'api' } });
    assert.deepStrictEqual(p.spec.ingress, [{}]);
    const dns = p.spec.egress[0];
    assert.strictEqual(dns.toEndpoints[0].matchLabels['k8s:k8s-app'], 'kube-dns');
    assert.deepStrictEqual(dns.toPorts[0].rules.dns, [{ matchPattern: '*' }]);
    const fqdn = p.spec.egress.find((r) => r.toFQDNs);
    assert.deepStrictEqual(fqdn.toFQDNs, [{ matchName: 'api.stripe.com' }]);
    assert.strictEqual(fqdn.toPorts[0].ports[0].port, '443');
    const orders = p.spec.egress.find((r) => r.toEndpoints && r.toEndpoints[0].matchLabels['k8s:io.kubernetes.pod.namespace'] === 'billing');
    assert.ok(orders, 'the in-cluster service by namespace');
    const again = await scan(out);
    assert.deepStrictEqual(again['/ws/app.yaml'].map((f) => f.ruleId), [], 'no finding after the fix (nor an open rule in the generated policy)');
  });

  it('a Calico or plain workspace keeps the core NetworkPolicy fix', async () => {
    const calicoElsewhere = calico("  selector: app == 'web'\n  types: [Ingress, Egress]\n");
    for (const other of [calicoElsewhere, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {}\n']) {
      const files = { '/ws/app.yaml': deployment, '/ws/other.yaml': other };
      const { fix } = await fixFor(files, '/ws/app.yaml');
      const out = applyFix(fix, files);
      const docs = YAML.parseAllDocuments(out['/ws/app.yaml']);
      assert.strictEqual(docs[docs.length - 1].toJS().kind, 'NetworkPolicy');
      assert.strictEqual(docs[docs.length - 1].toJS().apiVersion, 'networking.k8s.io/v1');
    }
  });

  it('the generator names wildcard hosts by pattern and quotes what YAML would misread', () => {
    const w = { kind: 'Deployment', name: 'api', namespace: 'shop', effectiveNamespace: 'shop', labels: {}, podLabels: { app: 'api', 'x/y': 'true' }, start: 0, end: 0, kindStart: 0, kindEnd: 0 };
    const text = net.generateCiliumNetworkPolicy(w, [{ host: '*.slack.com', kind: 'listed-saas', registrableDomain: 'slack.com', provider: 'Slack', start: 0, end: 0 }]);
    const p = YAML.parse(text);
    assert.deepStrictEqual(p.spec.endpointSelector.matchLabels, { app: 'api', 'x/y': 'true' });
    assert.deepStrictEqual(p.spec.egress[1].toFQDNs, [{ matchPattern: '*.slack.com' }]);
  });
});

describe('network fixes: the file a fix creates stays in the folder', () => {
  it('a workload named with path separators or dots gets a policy file beside it, never outside the workspace', async () => {
    const { tmpWorkspace } = require('../helpers');
    const path = require('path');
    for (const name of ['../../../../tmp/evil', 'a/b', '..']) {
      const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "${name}"\nspec:\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: a, image: nginx}]}\n`;
      const dir = tmpWorkspace({ 'k8s/app.yaml': text });
      const file = path.join(dir, 'k8s', 'app.yaml');
      const workspace = new engine.WorkspaceIndex(dir);
      const r = await engine.analyze({ path: file, text }, { workspace });
      const f = r.findings.find((x) => x.ruleId === 'network/no-policy');
      assert.ok(f, name);
      for (const fix of engine.fixesForFinding({ path: file, text }, f, { workspace })) {
        for (const c of fix.changes) assert.strictEqual(path.dirname(c.path), path.join(dir, 'k8s'), `${name}: ${fix.title} writes ${c.path}`);
      }
    }
  });
});

describe('network: null where Kubernetes takes a list (as absent, never as one rule)', () => {
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a, image: nginx}]}\n';
  const policy = (spec) => `${dep}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: ${spec}\n`;
  const ruleIds = async (text) => (await engine.analyze({ path: '/ws/a.yaml', text })).findings.map((f) => f.ruleId).sort();
  it('egress: null with policyTypes [Egress] denies egress (no open rule), as egress: [] does', async () => {
    assert.deepStrictEqual(await ruleIds(policy('{podSelector: {}, policyTypes: [Ingress, Egress], egress: null, ingress: null}')), []);
    assert.deepStrictEqual(await ruleIds(policy('{podSelector: {}, policyTypes: [Ingress, Egress], egress: [], ingress: []}')), []);
  });
  it('matchExpressions: null is an empty selector (every pod), as {} is', async () => {
    assert.deepStrictEqual(await ruleIds(policy('{podSelector: {matchExpressions: null}}')), await ruleIds(policy('{podSelector: {}}')));
    assert.deepStrictEqual(await ruleIds(policy('{podSelector: {matchExpressions: null, matchLabels: null}, policyTypes: [Ingress, Egress]}')), []);
  });
});

describe('network: Calico types null or empty default as absent', () => {
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: a, image: nginx}]}\n';
  const calicoPolicy = (spec) => `${dep}---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: k, namespace: shop}\nspec: ${spec}\n`;
  const ruleIds = async (text) => (await engine.analyze({ path: '/ws/a.yaml', text })).findings.map((f) => f.ruleId).sort();
  it('an egress rule with types null or [] isolates egress (Calico defaults types when none are given)', async () => {
    const absent = await ruleIds(calicoPolicy('{selector: all(), egress: [{action: Allow}]}'));
    assert.deepStrictEqual(absent, ['network/open-egress']);
    for (const t of ['null', '[]']) assert.deepStrictEqual(await ruleIds(calicoPolicy(`{selector: all(), types: ${t}, egress: [{action: Allow}]}`)), absent, t);
  });
});
