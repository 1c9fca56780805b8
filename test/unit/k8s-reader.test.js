'use strict';
// The one reader of Kubernetes objects (server/src/engine/formats/k8s.ts): identification, List expansion,
// the pod spec of every workload kind, containers, JSON and YAML alike; and every family's view of a
// manifest comes from it.
const assert = require('assert');
const YAML = require('yaml');
const { engine } = require('../helpers');

const k8s = engine.internals.k8s;
const tree = engine.internals.tree;
const net = engine.internals.network;
const perms = engine.internals.permissions;

const read = (text) => k8s.k8sObjects(tree.treesOfText(text));
const slice = (text, n) => text.slice(n.start, n.end);
const names = (nodes) => nodes.map((c) => tree.str(tree.get(c, 'name')));

/** A pod spec with one container of each list. */
const POD_SPEC = {
  initContainers: [{ name: 'init', image: 'busybox' }],
  containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }, { name: 'sidecar', image: 'proxy:1' }],
  ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
};
const template = (app) => ({ metadata: { labels: { app } }, spec: POD_SPEC });

/** A manifest of each workload kind, its pod spec where that kind keeps it. */
const WORKLOADS = {
  Pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace: 'ns1', labels: { app: 'pod' } }, spec: POD_SPEC },
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deploy' }, spec: { template: template('deploy') } },
  StatefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'sts' }, spec: { template: template('sts') } },
  DaemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds' }, spec: { template: template('ds') } },
  ReplicaSet: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template: template('rs') } },
  ReplicationController: { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: template('rc') } },
  Job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job' }, spec: { template: template('job') } },
  CronJob: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cron', namespace: 'batch' }, spec: { schedule: '0 1 * * *', jobTemplate: { spec: { template: template('cron') } } } },
  DeploymentConfig: { apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', metadata: { name: 'dc' }, spec: { replicas: 1, template: template('dc') } },
  Rollout: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'ro' }, spec: { strategy: { canary: {} }, template: template('ro') } },
};
const asYaml = (objs) => objs.map((o) => YAML.stringify(o)).join('---\n');

describe('Kubernetes reader (formats/k8s.ts)', () => {
  it('defines the workload kinds and their pod spec paths once', () => {
    assert.deepStrictEqual([...k8s.WORKLOAD_KINDS].sort(), Object.keys(WORKLOADS).sort());
    assert.deepStrictEqual(k8s.podSpecPath('Pod'), ['spec']);
    assert.deepStrictEqual(k8s.podSpecPath('Deployment'), ['spec', 'template', 'spec']);
    assert.deepStrictEqual(k8s.podSpecPath('CronJob'), ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    assert.deepStrictEqual(k8s.podTemplatePath('Pod'), []);
    for (const kind of ['Service', 'NetworkPolicy', 'ServiceAccount', 'constructor', 'toString']) {
      assert.strictEqual(k8s.isWorkloadKind(kind), false, kind);
      assert.strictEqual(k8s.podSpecPath(kind), undefined, kind);
    }
    assert.deepStrictEqual([...k8s.CONTAINER_FIELDS], ['initContainers', 'containers', 'ephemeralContainers']);
    // The network family's view of what a workload is, and the manifest's, are the reader's.
    for (const kind of k8s.WORKLOAD_KINDS) assert.ok(net.isWorkload({ kind }), kind);
    assert.ok(!net.isWorkload({ kind: 'Service' }));
  });

  it('identifies objects by apiVersion and kind, with name, namespace and positions', () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: web}\n',
      '# not an object: no apiVersion\nkind: Service\nmetadata:\n  name: nope\n',
      'apiVersion: v1\nkind: [Service]\nmetadata:\n  name: nope\n',
      'plain: config\n',
      '',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n',
    ].join('---\n');
    const objs = read(text);
    assert.deepStrictEqual(objs.map((o) => [o.kind, o.apiVersion, o.name, o.namespace]), [
      ['Service', 'v1', 'web', 'shop'],
      ['ConfigMap', 'v1', undefined, undefined],
      ['Namespace', 'v1', 'shop', undefined],
    ]);
    const [svc, cm] = objs;
    assert.strictEqual(slice(text, svc.kindNode), 'Service');
    assert.strictEqual(slice(text, svc.nameNode), 'web');
    assert.ok(slice(text, svc).startsWith('apiVersion: v1\nkind: Service'));
    // A name that is not a string (a template) is no name, but still a position.
    assert.ok(cm.nameNode);
    assert.strictEqual(slice(text, cm.nameNode), '{{ .Values.name }}');
    // Half-typed text never throws.
    for (let i = 0; i <= text.length; i += 7) read(text.slice(0, i));
    assert.deepStrictEqual(k8s.k8sObjects([undefined]), []);
  });

  it('expands List kinds (nested too) and top-level sequences, up to three levels', () => {
    const [pod, deploy] = [WORKLOADS.Pod, WORKLOADS.Deployment];
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'ci' } };
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'ci' }, subjects: [{ kind: 'ServiceAccount', name: 'builder' }], roleRef: { kind: 'ClusterRole', name: 'view' } };
    const list = { apiVersion: 'v1', kind: 'List', items: [pod, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBindingList', items: [rb] }, sa] };
    const text = asYaml([list, deploy]);
    assert.deepStrictEqual(read(text).map((o) => `${o.kind}/${o.name}`), ['Pod/pod', 'RoleBinding/rb', 'ServiceAccount/builder', 'Deployment/deploy']);
    // An item's offsets are its own.
    const item = read(text)[2];
    assert.match(slice(text, item), /^apiVersion: v1\s+kind: ServiceAccount/);
    // A List kind without an items sequence is an object of its own.
    assert.deepStrictEqual(read('apiVersion: v1\nkind: PodList\nitems: {}\n').map((o) => o.kind), ['PodList']);
    // A top-level JSON array of objects.
    assert.deepStrictEqual(read(JSON.stringify([sa, rb])).map((o) => o.kind), ['ServiceAccount', 'RoleBinding']);
    // Deeper than three levels is not read.
    let nested = sa;
    for (let i = 0; i < 4; i++) nested = { apiVersion: 'v1', kind: 'List', items: [nested] };
    assert.deepStrictEqual(read(JSON.stringify(nested)), []);
    assert.strictEqual(read(JSON.stringify(nested.items[0])).length, 1);
  });

  it('finds the pod template, pod spec and every container of each workload kind', () => {
    const text = asYaml(Object.values(WORKLOADS));
    const objs = read(text);
    assert.deepStrictEqual(objs.map((o) => o.kind), Object.keys(WORKLOADS));
    for (const o of objs) {
      const spec = k8s.podSpec(o);
      assert.ok(spec && spec.type === 'object', o.kind);
      assert.strictEqual(spec, tree.getPath(o.node, k8s.podSpecPath(o.kind)));
      assert.deepStrictEqual(tree.toPlain(spec), POD_SPEC, o.kind);
      const tpl = k8s.podTemplate(o);
      assert.strictEqual(tree.toPlain(tree.getPath(tpl, ['metadata', 'labels', 'app'])), o.kind === 'Pod' ? 'pod' : o.name);
      // init, regular, ephemeral, in that order; or only the lists asked for.
      assert.deepStrictEqual(names(k8s.containers(o)), ['init', 'app', 'sidecar', 'debug'], o.kind);
      assert.deepStrictEqual(names(k8s.containers(o, ['containers'])), ['app', 'sidecar']);
      assert.deepStrictEqual(names(k8s.containers(o, ['ephemeralContainers', 'initContainers'])), ['debug', 'init']);
      for (const c of k8s.containers(o)) assert.match(slice(text, c), /^name: /);
    }
    // Not a workload, or no pod spec written: nothing.
    const [svc] = read('apiVersion: v1\nkind: Service\nspec:\n  containers: [{name: x}]\n');
    assert.strictEqual(k8s.podSpec(svc), undefined);
    assert.deepStrictEqual(k8s.containers(svc), []);
    const [bare] = read('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bare}\n');
    assert.strictEqual(k8s.podSpec(bare), undefined);
    assert.deepStrictEqual(k8s.containers(bare), []);
    // Container lists that are not sequences hold no containers.
    const [odd] = read('apiVersion: v1\nkind: Pod\nspec:\n  containers: {name: x}\n  initContainers: null\n');
    assert.deepStrictEqual(k8s.containers(odd), []);
  });

  it('reads JSON and YAML alike', () => {
    const objs = Object.values(WORKLOADS);
    const fromYaml = k8s.k8sObjects(tree.treesOfText(asYaml(objs)));
    const fromJsonList = read(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs }, null, 2));
    const view = (o) => ({ kind: o.kind, apiVersion: o.apiVersion, name: o.name, namespace: o.namespace, spec: tree.toPlain(k8s.podSpec(o)), containers: names(k8s.containers(o)) });
    assert.deepStrictEqual(fromJsonList.map(view), fromYaml.map(view));
    for (const o of objs) assert.deepStrictEqual(read(JSON.stringify(o)).map(view), read(YAML.stringify(o)).map(view));
    // The trees of a DocumentContext (what the families read) give the same objects as the bare text.
    for (const [file, text] of [['/ws/all.yaml', asYaml(objs)], ['/ws/all.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objs })]]) {
      const doc = engine.documentContext({ path: file, text });
      const a = k8s.k8sObjects(doc.trees()).map((o) => [o.kind, o.name, o.start, o.end]);
      assert.deepStrictEqual(a, read(text).map((o) => [o.kind, o.name, o.start, o.end]));
      assert.strictEqual(a.length, objs.length);
    }
  });

  it('every family sees the same objects of a manifest', async () => {
    const password = ['hunter2', 'Prod'].join('-');
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
      namespace: shop
    spec:
      template:
        metadata:
          labels:
            app: api
        spec:
          serviceAccountName: builder
          containers:
            - name: app
              image: api:1
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: builder
      namespace: shop
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: shop
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            app: nightly
        spec:
          serviceAccountName: builder
          initContainers:
            - name: migrate
              image: api:1
              env:
                - name: DB_PASSWORD
                  value: "${password}"
          containers:
            - name: job
              image: api:1
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
  namespace: shop
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: deployer
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: builder
roleRef:
  kind: Role
  name: deployer
`;
    const file = '/ws/k8s/app.yaml';
    const doc = engine.documentContext({ path: file, text });
    const objects = k8s.k8sObjects(doc.trees());
    assert.deepStrictEqual(objects.map((o) => `${o.kind}/${o.name}`), ['Deployment/api', 'ServiceAccount/builder', 'CronJob/nightly', 'Service/api', 'Role/deployer', 'RoleBinding/deployer']);
    const lineOf = (o) => doc.index.positionAt(o.kindNode.start).line + 1;

    // Network: its facts are the reader's objects; it publishes the workloads (and Services) among them.
    const facts = net.k8sFacts(doc.trees().map((t) => ({ tree: t })));
    assert.deepStrictEqual(facts.map((f) => [f.kind, f.name, f.namespace, f.start, f.end, f.kindStart]), objects.map((o) => [o.kind, o.name, o.namespace, o.start, o.end, o.kindNode.start]));
    const r = await engine.analyze({ path: file, text });
    const published = r.facts.filter((f) => f.topic === 'k8s/workload').map((f) => [f.value.kind, f.value.name, f.value.namespace, f.value.line]);
    const expected = objects.filter((o) => k8s.isWorkloadKind(o.kind) || o.kind === 'Service').map((o) => [o.kind, o.name, o.namespace, lineOf(o)]);
    assert.deepStrictEqual(published, expected);

    // Permissions: its roles and bindings are the reader's objects, and the service account it binds is the one
    // the reader found, the one the workloads' pod specs name.
    const roles = r.facts.filter((f) => f.topic === 'k8s/rbac-role').map((f) => f.value);
    assert.deepStrictEqual(roles.map((x) => `${x.kind}/${x.name}/${x.namespace}`), objects.filter((o) => o.kind === 'Role').map((o) => `${o.kind}/${o.name}/${o.namespace}`));
    const bindings = perms.rbacBindingFacts(doc.trees());
    assert.deepStrictEqual(bindings.map((b) => [b.name, b.start, b.end]), objects.filter((o) => o.kind === 'RoleBinding').map((o) => [o.name, o.start, o.end]));
    const sa = objects.find((o) => o.kind === 'ServiceAccount');
    const principals = r.facts.filter((f) => f.topic === 'iam/grant' && f.value.principal).map((f) => f.value.principal);
    assert.deepStrictEqual(principals, [`ServiceAccount:${sa.namespace}/${sa.name}`]);
    const accounts = objects.filter((o) => k8s.isWorkloadKind(o.kind)).map((o) => tree.str(tree.get(k8s.podSpec(o), 'serviceAccountName')));
    assert.deepStrictEqual(accounts, [sa.name, sa.name]);
    // The token-automount finding sits on that ServiceAccount (a broad binding: "*" on deployments).
    const automount = r.findings.find((f) => f.ruleId === 'iam/k8s-sa-token-automount');
    assert.ok(automount);
    const at = doc.index.offsetAt(automount.range.start);
    assert.ok(sa.start <= at && at < sa.end);

    // Secrets: the env literal is in an init container of the CronJob the reader found, named after it.
    const env = r.findings.find((f) => f.ruleId === 'secret/k8s-env-literal');
    assert.ok(env, JSON.stringify(r.findings.map((f) => f.ruleId)));
    const cron = objects.find((o) => o.kind === 'CronJob');
    const [init] = k8s.containers(cron, ['initContainers']);
    const envAt = doc.index.offsetAt(env.range.start);
    assert.ok(init.start <= envAt && envAt < init.end);
    assert.strictEqual(env.data.k8sSecretName, `${cron.name}-secrets`);

    // The fixes read the same trees: the RBAC fix on the document's context equals the one on its text.
    const wildcard = r.findings.find((f) => f.ruleId === 'iam/k8s-wildcard');
    assert.ok(wildcard);
    const raw = wildcard.data.raw;
    assert.deepStrictEqual(perms.rbacFixEdits(doc, raw), perms.rbacFixEdits(text, raw));
    assert.ok(perms.rbacFixEdits(doc, raw).length);
  });

  it('fixes take the trees of the document context, with the same edits as from the text', async () => {
    // A NetworkPolicy open to everything, as a List item.
    const np = `apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: open
      namespace: shop
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
      egress:
        - to:
            - ipBlock:
                cidr: 0.0.0.0/0
`;
    const npDoc = engine.documentContext({ path: '/ws/np.yaml', text: np });
    const [policy] = net.k8sFacts(npDoc.trees().map((t) => ({ tree: t })));
    const edit = net.narrowOpenEgressEdit(npDoc, policy, []);
    assert.ok(edit);
    assert.deepStrictEqual(edit, net.narrowOpenEgressEdit(np, policy, []));
    assert.deepStrictEqual(net.addEgressDenyEdit(npDoc, policy), net.addEgressDenyEdit(np, policy));

    // A workflow: the family's fix (on its context) equals the text-in one.
    const wf = `on: push
jobs:
  release:
    runs-on: ubuntu-latest
    permissions: write-all
    steps:
      - run: git push
`;
    const file = '/ws/.github/workflows/release.yml';
    const r = await engine.analyze({ path: file, text: wf });
    const f = r.findings.find((x) => x.ruleId === 'iam/gha-write-all');
    assert.ok(f);
    const wfDoc = engine.documentContext({ path: file, text: wf });
    const edits = perms.ghaFixEdits(wfDoc, f.data.raw);
    assert.strictEqual(edits.length, 1);
    assert.deepStrictEqual(edits, perms.ghaFixEdits(wf, f.data.raw));
    const fix = engine.fixesForFinding({ path: file, text: wf }, f).find((x) => x.isPreferred);
    // write-all becomes the least the job needs: git push writes contents.
    assert.match(engine.applyEdits(wf, fix.changes[0].edits), /permissions:\s+contents: write/);
  });
});
