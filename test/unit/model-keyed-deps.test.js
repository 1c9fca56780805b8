'use strict';
// Dependencies on the facts of some keys of a topic (a Kubernetes policy's namespace): an edit re-checks the files
// that read a key whose facts changed, and a file left out would have found the same. Fake data only.
const assert = require('assert');
const fc = require('fast-check');
const { engine } = require('../helpers');

const TOPIC = 'k8s/network-policy';

describe('workspace model: keyed dependencies', () => {
  const ns = (n) => ({ kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespace: n, effectiveNamespace: n, labels: {} });

  it('re-checks the readers of a changed key and of the whole topic, not the readers of other keys', () => {
    const model = new engine.WorkspaceModel('/ws');
    model.update('/ws/a.yaml', [{ topic: TOPIC, value: ns('shop') }]);
    model.update('/ws/b.yaml', [{ topic: TOPIC, value: ns('ops') }]);
    const readerOf = (p, keys) => {
      const deps = new Set();
      const view = model.view(p, deps);
      view.query(TOPIC, { withOwn: true });
      if (keys) view.narrow(TOPIC, keys);
      model.setDependencies(p, deps);
      return deps;
    };
    assert.deepStrictEqual([...readerOf('/ws/shop.yaml', ['ns:shop'])], [`${TOPIC}#ns:shop`]);
    readerOf('/ws/ops.yaml', ['ns:ops']);
    assert.deepStrictEqual([...readerOf('/ws/all.yaml')], [TOPIC]);
    readerOf('/ws/none.yaml', []);
    const changed = model.update('/ws/a.yaml', [{ topic: TOPIC, value: { ...ns('shop'), labels: { x: '1' } } }]);
    // A policy of every pod (no selector) can be a hint for any pod: its key `hint:*` changed too.
    assert.deepStrictEqual([...changed].sort(), [TOPIC, `${TOPIC}#hint:*`, `${TOPIC}#ns:shop`]);
    assert.deepStrictEqual(model.dependents('/ws/a.yaml', changed).sort(), ['/ws/all.yaml', '/ws/shop.yaml']);
    // A policy moved from one namespace to another changes both keys.
    const moved = model.update('/ws/b.yaml', [{ topic: TOPIC, value: ns('shop') }]);
    assert.deepStrictEqual(model.dependents('/ws/b.yaml', moved).sort(), ['/ws/all.yaml', '/ws/ops.yaml', '/ws/shop.yaml']);
    // A file deleted changes the keys it published.
    const gone = model.update('/ws/a.yaml', undefined);
    assert.deepStrictEqual(model.dependents('/ws/a.yaml', gone).sort(), ['/ws/all.yaml', '/ws/shop.yaml']);
  });

  it('keeps the whole topic while a read of it is not narrowed, and ignores a topic whose facts are not keyed', () => {
    const model = new engine.WorkspaceModel('/ws');
    const deps = new Set();
    const view = model.view('/ws/x.yaml', deps);
    view.query(TOPIC);
    view.query(TOPIC, { withOwn: true });
    view.narrow(TOPIC, ['ns:shop']);
    assert.ok(deps.has(TOPIC), 'one read is not narrowed');
    view.narrow(TOPIC, ['ns:ops']);
    assert.ok(!deps.has(TOPIC));
    assert.deepStrictEqual([...deps].sort(), [`${TOPIC}#ns:ops`, `${TOPIC}#ns:shop`]);
    // Two readers (families): one narrowing its read, even twice, keeps the other's.
    const two = new Set();
    const v3 = model.view('/ws/x.yaml', two);
    v3.readAs('a');
    v3.query(TOPIC);
    v3.readAs('b');
    v3.query(TOPIC);
    v3.readAs('a');
    v3.narrow(TOPIC, ['ns:shop']);
    v3.narrow(TOPIC, ['ns:ops']);
    assert.deepStrictEqual([...two].sort(), [TOPIC, `${TOPIC}#ns:shop`]);
    const other = new Set();
    const v2 = model.view('/ws/x.yaml', other);
    v2.query('iam/grant');
    v2.narrow('iam/grant', ['x']);
    assert.deepStrictEqual([...other], ['iam/grant']);
  });

  it("stamps and digests of a key move only with that key's facts, the same in any order of updates", () => {
    const build = (order) => {
      const m = new engine.WorkspaceModel('/ws');
      for (const [p, v] of order) m.update(p, [{ topic: TOPIC, value: v }]);
      return m;
    };
    const files = [
      ['/ws/a.yaml', ns('shop')],
      ['/ws/b.yaml', ns('ops')],
      ['/ws/c.yaml', ns('shop')],
    ];
    const m1 = build(files);
    const m2 = build([...files].reverse());
    const dep = [`${TOPIC}#ns:shop`];
    assert.strictEqual(m1.digest(dep), m2.digest(dep));
    assert.notStrictEqual(m1.digest(dep), m1.digest([`${TOPIC}#ns:ops`]));
    const stamp = m1.stamp(dep);
    const digest = m1.digest(dep);
    m1.update('/ws/b.yaml', [{ topic: TOPIC, value: { ...ns('ops'), labels: { y: '2' } } }]);
    assert.strictEqual(m1.stamp(dep), stamp, 'another key changed');
    assert.strictEqual(m1.digest(dep), digest);
    m1.update('/ws/c.yaml', [{ topic: TOPIC, value: { ...ns('shop'), labels: { y: '2' } } }]);
    assert.notStrictEqual(m1.stamp(dep), stamp);
    assert.notStrictEqual(m1.digest(dep), digest);
  });
});

// ---- the network family's reads, end to end -----------------------------------------------------------------

const NS = ['shop', 'billing', 'ops'];
const APPS = ['web', 'api'];
const object = fc.record({
  shape: fc.constantFrom('deploy', 'deploy', 'policy', 'policy', 'policy-all', 'policy-egress-open', 'calico', 'calico-global', 'calico-global-ns', 'cilium-cw', 'namespace', 'namespace', 'no-ns-policy'),
  ns: fc.constantFrom(...NS),
  app: fc.constantFrom(...APPS),
  n: fc.integer({ min: 0, max: 3 }),
});
function yamlOf(o, id) {
  const meta = `metadata:\n  name: ${o.shape}-${id}\n  namespace: ${o.ns}\n`;
  switch (o.shape) {
    case 'deploy':
      return `apiVersion: apps/v1\nkind: Deployment\n${meta}spec:\n  selector:\n    matchLabels: {app: ${o.app}}\n  template:\n    metadata:\n      labels: {app: ${o.app}, tier: t${o.n % 2}}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/${o.app}:1\n`;
    case 'policy':
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}spec:\n  podSelector:\n    matchLabels: {app: ${o.app}}\n  policyTypes: [Ingress${o.n % 2 ? ', Egress' : ''}]\n`;
    case 'policy-all':
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
    case 'policy-egress-open':
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta}spec:\n  podSelector:\n    matchLabels: {app: ${o.app}}\n  policyTypes: [Egress]\n  egress:\n    - {}\n`;
    case 'calico':
      return `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n${meta}spec:\n  selector: app == '${o.app}'\n  order: ${o.n * 10}\n  types: [Ingress, Egress]\n  egress:\n    - action: ${o.n % 2 ? 'Deny' : 'Allow'}\n`;
    case 'calico-global':
      return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: g-${id}\nspec:\n  selector: app == '${o.app}'\n  order: ${o.n * 10}\n  types: [Egress]\n  egress:\n    - action: Allow\n`;
    case 'calico-global-ns':
      // Selects by the labels of the pods' Namespace object.
      return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: gns-${id}\nspec:\n  namespaceSelector: team == 't${o.n}'\n  selector: all()\n  types: [Ingress, Egress]\n`;
    case 'cilium-cw':
      return `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: cw-${id}\nspec:\n  endpointSelector:\n    matchLabels: {app: ${o.app}}\n  ingress:\n    - fromEndpoints:\n        - {}\n`;
    case 'namespace':
      return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${o.ns}\n  labels: {team: t${o.n}}\n`;
    default:
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: nons-${id}\nspec:\n  podSelector:\n    matchLabels: {app: ${o.app}}\n  policyTypes: [Ingress, Egress]\n`;
  }
}
const fileText = (objs, salt) => objs.map((o, i) => yamlOf(o, `${salt}-${i}`)).join('---\n');

/** Every file of the folder indexed and checked: its findings (with related information) and its dependencies. */
async function indexFolder(files) {
  const model = new engine.WorkspaceModel('/ws');
  for (const [p, text] of Object.entries(files)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  const found = {};
  for (const [p, text] of Object.entries(files)) {
    const r = await engine.analyze({ path: p, text }, { model });
    model.setDependencies(p, r.deps);
    found[p] = r.findings;
  }
  return { model, found };
}
const plain = (findings) => findings.map((f) => ({ ruleId: f.ruleId, message: f.message, range: f.range, related: f.related })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('network: an edit re-checks the files that read what it changed', () => {
  it('a file left out of the re-check finds the same as a check from scratch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(object, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 7 }),
        fc.nat(),
        fc.array(object, { maxLength: 4 }),
        fc.boolean(),
        async (folder, which, edited, kustomize) => {
          const files = {};
          folder.forEach((objs, i) => (files[`/ws/f${i}.yaml`] = fileText(objs, `f${i}`)));
          if (kustomize) files['/ws/kustomization.yaml'] = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - f0.yaml\n';
          const { model, found } = await indexFolder(files);
          const target = `/ws/f${which % folder.length}.yaml`;
          const text = edited.length ? fileText(edited, 'edit') : '';
          const changed = model.update(target, engine.documentFacts(engine.documentContext({ path: target, text })));
          const dependents = new Set(model.dependents(target, changed));
          const after = { ...files, [target]: text };
          for (const [p, t] of Object.entries(after)) {
            if (p === target || dependents.has(p)) continue;
            const now = (await engine.analyze({ path: p, text: t }, { model })).findings;
            assert.deepStrictEqual(plain(now), plain(found[p]), `${p} was not re-checked after ${target} changed, and its findings changed`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a policy edited in one namespace re-checks that namespace and the workloads it can be a hint for, not the others', async () => {
    const deploy = (name, ns, app) => yamlOf({ shape: 'deploy', ns, app, n: 0 }, name);
    const policy = (name, ns, app, egress = true) => yamlOf({ shape: 'policy', ns, app, n: egress ? 1 : 0 }, name);
    const files = {
      '/ws/shop.yaml': `${deploy('s', 'shop', 'web')}---\n${policy('s', 'shop', 'web')}`,
      '/ws/billing.yaml': `${deploy('b', 'billing', 'web')}---\n${policy('b', 'billing', 'web')}`,
      '/ws/billing-2.yaml': deploy('b2', 'billing', 'web'),
      // Nothing isolates these: their hints read the policies of other namespaces that require one of their labels.
      '/ws/ops.yaml': deploy('o', 'ops', 'api'),
      '/ws/ops-web.yaml': deploy('ow', 'ops', 'web'),
      '/ws/policies-only.yaml': policy('p', 'ops', 'db'),
    };
    const { model, found } = await indexFolder(files);
    assert.deepStrictEqual(found['/ws/ops.yaml'].map((f) => f.ruleId), ['network/no-policy']);
    assert.deepStrictEqual(found['/ws/ops-web.yaml'][0].related.map((r) => r.path), ['/ws/billing.yaml', '/ws/shop.yaml'], 'hints by file');
    const deps = (p) => [...model.dependenciesOf(p)].filter((d) => d.startsWith(TOPIC)).sort();
    assert.deepStrictEqual(deps('/ws/shop.yaml'), [`${TOPIC}#any`, `${TOPIC}#ns:shop`]);
    assert.deepStrictEqual(deps('/ws/ops.yaml'), [`${TOPIC}#any`, `${TOPIC}#hint:*`, `${TOPIC}#hint:app\u0000api`, `${TOPIC}#hint:tier\u0000t0`, `${TOPIC}#ns:ops`]);
    assert.deepStrictEqual(deps('/ws/policies-only.yaml'), [], 'a file of policies alone read no other file');
    // billing's policy loses its egress: billing's other workload and the one it is a hint for are re-checked.
    const text = `${deploy('b', 'billing', 'web')}---\n${policy('b', 'billing', 'web', false)}`;
    const changed = model.update('/ws/billing.yaml', engine.documentFacts(engine.documentContext({ path: '/ws/billing.yaml', text })));
    assert.deepStrictEqual(model.dependents('/ws/billing.yaml', changed).sort(), ['/ws/billing-2.yaml', '/ws/ops-web.yaml']);
    const now = await engine.analyze({ path: '/ws/billing-2.yaml', text: files['/ws/billing-2.yaml'] }, { model });
    assert.deepStrictEqual(now.findings.map((f) => f.ruleId), ['network/egress-unrestricted']);
  });

  it('reads the whole topic when a kustomization may move a policy of any file into the namespace', async () => {
    const files = {
      '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - base\n',
      '/ws/app.yaml': `${yamlOf({ shape: 'deploy', ns: 'shop', app: 'web', n: 0 }, 'a')}---\n${yamlOf({ shape: 'policy', ns: 'shop', app: 'web', n: 1 }, 'a')}`,
    };
    const { model } = await indexFolder(files);
    assert.ok(model.dependenciesOf('/ws/app.yaml').has(TOPIC));
  });
});

// ---- the permissions family's role lookups --------------------------------------------------------------------

const rbacObject = fc.record({
  shape: fc.constantFrom('role', 'cluster-role', 'cluster-role', 'aggregated', 'binding', 'binding', 'cluster-binding'),
  ns: fc.constantFrom('shop', 'ops'),
  name: fc.constantFrom('r0', 'r1', 'r2'),
  refKind: fc.constantFrom('Role', 'ClusterRole'),
  wide: fc.boolean(),
  agg: fc.constantFrom('x', 'y'),
});
function rbacYaml(o, id) {
  const rules = o.wide ? `rules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n` : `rules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get"]\n`;
  const subject = `subjects:\n  - kind: ServiceAccount\n    name: sa-${id}\n    namespace: ${o.ns}\n`;
  switch (o.shape) {
    case 'role':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${o.name}\n  namespace: ${o.ns}\n${rules}`;
    case 'cluster-role':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${o.name}\n  labels: {agg: ${o.agg}}\n${rules}`;
    case 'aggregated':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${o.name}\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {agg: ${o.agg}}\nrules: []\n`;
    case 'binding':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b-${id}\n  namespace: ${o.ns}\n${subject}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${o.refKind}\n  name: ${o.name}\n`;
    default:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: cb-${id}\n${subject}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${o.name}\n`;
  }
}
const rbacText = (objs, salt) => objs.map((o, i) => rbacYaml(o, `${salt}-${i}`)).join('---\n');

describe('permissions: a role edited re-checks the bindings that name it', () => {
  it('a file left out of the re-check finds the same as a check from scratch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(rbacObject, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 7 }), fc.nat(), fc.array(rbacObject, { maxLength: 3 }), async (folder, which, edited) => {
        const files = {};
        folder.forEach((objs, i) => (files[`/ws/f${i}.yaml`] = rbacText(objs, `f${i}`)));
        const { model, found } = await indexFolder(files);
        const target = `/ws/f${which % folder.length}.yaml`;
        const text = edited.length ? rbacText(edited, 'edit') : '';
        const changed = model.update(target, engine.documentFacts(engine.documentContext({ path: target, text })));
        const dependents = new Set(model.dependents(target, changed));
        for (const [p, t] of Object.entries({ ...files, [target]: text })) {
          if (p === target || dependents.has(p)) continue;
          const now = (await engine.analyze({ path: p, text: t }, { model })).findings;
          assert.deepStrictEqual(plain(now), plain(found[p]), `${p} was not re-checked after ${target} changed, and its findings changed`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a binding depends on the roles of the name it asks for', async () => {
    const files = {
      '/ws/roles.yaml': `${rbacYaml({ shape: 'role', ns: 'shop', name: 'r0', wide: true }, 'a')}---\n${rbacYaml({ shape: 'role', ns: 'shop', name: 'r1', wide: false }, 'b')}`,
      '/ws/bind-r0.yaml': rbacYaml({ shape: 'binding', ns: 'shop', name: 'r0', refKind: 'Role' }, 'c'),
      '/ws/bind-r1.yaml': rbacYaml({ shape: 'binding', ns: 'shop', name: 'r1', refKind: 'Role' }, 'd'),
    };
    const { model } = await indexFolder(files);
    const roles = (p) => [...model.dependenciesOf(p)].filter((d) => d.startsWith('k8s/rbac-role'));
    assert.deepStrictEqual(roles('/ws/bind-r0.yaml'), ['k8s/rbac-role#Role\u0000r0']);
    // r1 becomes wide: the binding of r1 is re-checked, the binding of r0 is not.
    const text = `${rbacYaml({ shape: 'role', ns: 'shop', name: 'r0', wide: true }, 'a')}---\n${rbacYaml({ shape: 'role', ns: 'shop', name: 'r1', wide: true }, 'b')}`;
    const changed = model.update('/ws/roles.yaml', engine.documentFacts(engine.documentContext({ path: '/ws/roles.yaml', text })));
    assert.deepStrictEqual(model.dependents('/ws/roles.yaml', changed), ['/ws/bind-r1.yaml']);
  });
});
