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

/** After `target` gets `text`: every file the model does not re-check finds what it found before (a check from scratch). */
async function assertOthersUnchanged(model, files, found, target, text) {
  const changed = model.update(target, engine.documentFacts(engine.documentContext({ path: target, text })));
  const dependents = new Set(model.dependents(target, changed));
  for (const [p, t] of Object.entries({ ...files, [target]: text })) {
    if (p === target || dependents.has(p)) continue;
    const now = (await engine.analyze({ path: p, text: t }, { model })).findings;
    assert.deepStrictEqual(plain(now), plain(found[p]), `${p} was not re-checked after ${target} changed, and its findings changed`);
  }
}

describe('network: an edit re-checks the files that read what it changed', () => {
  const KUSTOMIZE = {
    none: {},
    file: { '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - a/f0.yaml\n' },
    dir: { '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - a\n' },
    both: {
      '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - a\n',
      '/ws/b/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ops\nresources:\n  - .\n',
    },
  };
  it('a file left out of the re-check finds the same as a check from scratch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'a', 'b', 'c'), fc.array(object, { minLength: 1, maxLength: 4 })), { minLength: 2, maxLength: 7 }),
        fc.nat(),
        fc.array(object, { maxLength: 4 }),
        fc.constantFrom('none', 'file', 'dir', 'dir', 'both', 'both'),
        fc.constantFrom('a', 'b', 'c'),
        async (folder, which, edited, kustomize, newDir) => {
          const files = { ...KUSTOMIZE[kustomize] };
          folder.forEach(([dir, objs], i) => (files[`/ws/${dir}/f${i}.yaml`] = fileText(objs, `f${i}`)));
          const { model, found } = await indexFolder(files);
          // An existing file edited, or a new one written.
          const paths = Object.keys(files).filter((p) => !p.endsWith('kustomization.yaml'));
          const target = which % (paths.length + 1) === paths.length ? `/ws/${newDir}/new.yaml` : paths[which % (paths.length + 1)];
          const text = edited.length ? fileText(edited, 'edit') : '';
          await assertOthersUnchanged(model, files, found, target, text);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('with kustomizations, a file left out of the re-check finds the same as a check from scratch (property)', async () => {
    // Denser than the property above: policies under a kustomization's folder (which puts them in its namespace), the
    // workloads they isolate elsewhere, edits of those policies and new policy files among them.
    // Policies that say another namespace than the one the kustomization gives them (those that say it, or none, are
    // read by their key anyway), and workloads mostly in the kustomization's namespace.
    const policyArb = fc.record({ shape: fc.constantFrom('policy', 'policy', 'policy-all', 'no-ns-policy'), ns: fc.constantFrom('ops', 'ops', 'shop'), app: fc.constantFrom(...APPS), n: fc.integer({ min: 0, max: 3 }) });
    const deployArb = fc.record({ shape: fc.constant('deploy'), ns: fc.constantFrom('shop', 'shop', 'ops'), app: fc.constantFrom(...APPS), n: fc.integer({ min: 0, max: 3 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(policyArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.oneof(deployArb, policyArb), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.array(policyArb, { maxLength: 2 }),
        fc.constantFrom('dir', 'file', 'both'),
        async (listed, others, which, edited, kustomize) => {
          const files = { ...KUSTOMIZE[kustomize] };
          listed.forEach((objs, i) => (files[`/ws/a/f${i}.yaml`] = fileText(objs, `a${i}`)));
          others.forEach((objs, i) => (files[`/ws/${i % 2 ? 'b' : 'c'}/g${i}.yaml`] = fileText(objs, `g${i}`)));
          const { model, found } = await indexFolder(files);
          const paths = Object.keys(files).filter((p) => !p.endsWith('kustomization.yaml'));
          const target = which % (paths.length + 1) === paths.length ? '/ws/a/new.yaml' : paths[which % (paths.length + 1)];
          const text = edited.length ? fileText(edited, 'edit') : '';
          await assertOthersUnchanged(model, files, found, target, text);
        },
      ),
      { numRuns: 300 },
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

  it('reads the whole topic when a kustomization puts the policies of many files in the namespace', async () => {
    const files = { '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - policies\n' };
    for (let i = 0; i < 65; i++) files[`/ws/policies/p${i}.yaml`] = yamlOf({ shape: 'policy', ns: 'ops', app: i ? 'api' : 'web', n: 1 }, `p${i}`);
    files['/ws/app.yaml'] = yamlOf({ shape: 'deploy', ns: 'shop', app: 'web', n: 0 }, 'a');
    const { model } = await indexFolder(files);
    const deps = [...model.dependenciesOf('/ws/app.yaml')];
    assert.ok(deps.includes(TOPIC), 'the whole topic, not a dependency per file for each workload');
    assert.ok(!deps.some((d) => d.startsWith('file:')));
  });

  it('with a kustomization, reads the files of the policies it puts in the namespace and sees a new file among them', async () => {
    const files = {
      '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - base\n',
      '/ws/base/policy.yaml': yamlOf({ shape: 'policy', ns: 'elsewhere', app: 'web', n: 1 }, 'k'),
      '/ws/app.yaml': yamlOf({ shape: 'deploy', ns: 'shop', app: 'web', n: 0 }, 'a'),
      '/ws/other.yaml': `${yamlOf({ shape: 'deploy', ns: 'ops', app: 'api', n: 0 }, 'o')}---\n${yamlOf({ shape: 'policy', ns: 'ops', app: 'api', n: 1 }, 'o')}`,
    };
    const { model, found } = await indexFolder(files);
    assert.deepStrictEqual(found['/ws/app.yaml'].filter((f) => f.ruleId.startsWith('network/')), [], "the kustomized policy isolates it in the kustomization's namespace");
    const deps = [...model.dependenciesOf('/ws/app.yaml')].filter((d) => d.startsWith(TOPIC) || d.startsWith('file:')).sort();
    assert.deepStrictEqual(deps, [`file:/ws/base/policy.yaml`, `${TOPIC}#+`, `${TOPIC}#any`, `${TOPIC}#ns:shop`]);
    // ops' policy edited: app.yaml is not re-checked; a new policy file anywhere is (a kustomization may list it).
    const ops = model.update('/ws/other.yaml', engine.documentFacts(engine.documentContext({ path: '/ws/other.yaml', text: `${yamlOf({ shape: 'deploy', ns: 'ops', app: 'api', n: 0 }, 'o')}---\n${yamlOf({ shape: 'policy', ns: 'ops', app: 'api', n: 0 }, 'o')}` })));
    assert.ok(!model.dependents('/ws/other.yaml', ops).includes('/ws/app.yaml'));
    const added = model.update('/ws/base/more.yaml', engine.documentFacts(engine.documentContext({ path: '/ws/base/more.yaml', text: yamlOf({ shape: 'policy-all', ns: 'x', app: 'web', n: 0 }, 'm') })));
    assert.ok(model.dependents('/ws/base/more.yaml', added).includes('/ws/app.yaml'));
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
        await assertOthersUnchanged(model, files, found, target, text);
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

// ---- the oauth family's code uses ---------------------------------------------------------------------------------

const SLACK_SCOPES = ['chat:write', 'channels:history', 'users:read', 'reactions:write', 'files:write'];
const SLACK_CALLS = ['chat.postMessage', 'conversations.history', 'users.info', 'reactions.add', 'files.upload'];
const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/drive.file'];
const GOOGLE_CALLS = ['SpreadsheetApp.getActive()', 'GmailApp.sendEmail(a, b, c)', 'DriveApp.getFiles()'];
const oauthFile = fc.oneof(
  fc.record({ kind: fc.constant('slack-manifest'), pick: fc.subarray(SLACK_SCOPES, { minLength: 1 }) }),
  fc.record({ kind: fc.constant('appsscript'), pick: fc.subarray(GOOGLE_SCOPES, { minLength: 1 }) }),
  fc.record({ kind: fc.constant('slack-code'), pick: fc.subarray(SLACK_CALLS) }),
  fc.record({ kind: fc.constant('google-code'), pick: fc.subarray(GOOGLE_CALLS) }),
);
function oauthText(f) {
  switch (f.kind) {
    case 'slack-manifest':
      return { name: 'manifest.yml', text: `display_information:\n  name: Bot\noauth_config:\n  scopes:\n    bot:\n${f.pick.map((s) => `      - ${s}\n`).join('')}` };
    case 'appsscript':
      return { name: 'appsscript.json', text: JSON.stringify({ timeZone: 'Europe/Paris', oauthScopes: f.pick, runtimeVersion: 'V8' }, null, 2) };
    case 'slack-code':
      return { name: 'app.js', text: `const { App } = require('@slack/bolt');\nconst app = new App({ token: process.env.SLACK_BOT_TOKEN });\napp.command('/x', async ({ ack, client }) => {\n  await ack();\n${f.pick.map((c) => `  await client.${c}({ channel: 'C1' });\n`).join('')}});\n` };
    default:
      return { name: 'Code.gs', text: `function run() {\n${f.pick.map((c) => `  ${c};\n`).join('')}}\n` };
  }
}

describe('oauth: code edited re-checks the declarations of its platform', () => {
  it('a file left out of the re-check finds the same as a check from scratch (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(oauthFile, { minLength: 2, maxLength: 8 }), fc.nat(), oauthFile, async (folder, which, edited) => {
        const files = {};
        folder.forEach((f, i) => {
          const { name, text } = oauthText(f);
          files[`/ws/app${i}/${name}`] = text;
        });
        const { model, found } = await indexFolder(files);
        const target = Object.keys(files)[which % folder.length];
        // The edited file keeps its name (a manifest stays a manifest, code stays code) with the other's content.
        const text = oauthText(edited).text;
        await assertOthersUnchanged(model, files, found, target, text);
      }),
      { numRuns: 200 },
    );
  });

  it('a Slack manifest depends on the Slack code uses, not on a Google script', async () => {
    const files = {
      '/ws/bot/manifest.yml': oauthText({ kind: 'slack-manifest', pick: ['chat:write', 'users:read'] }).text,
      '/ws/bot/app.js': oauthText({ kind: 'slack-code', pick: ['chat.postMessage'] }).text,
      '/ws/sheet/Code.gs': oauthText({ kind: 'google-code', pick: ['SpreadsheetApp.getActive()'] }).text,
    };
    const { model, found } = await indexFolder(files);
    assert.deepStrictEqual(found['/ws/bot/manifest.yml'].filter((f) => f.ruleId === 'iam/oauth-unused-scope').length, 1, 'users:read is unused');
    assert.deepStrictEqual([...model.dependenciesOf('/ws/bot/manifest.yml')].filter((d) => d.startsWith('oauth/code')), ['oauth/code#slack']);
    const google = model.update('/ws/sheet/Code.gs', engine.documentFacts(engine.documentContext({ path: '/ws/sheet/Code.gs', text: oauthText({ kind: 'google-code', pick: ['GmailApp.sendEmail(a, b, c)'] }).text })));
    assert.deepStrictEqual(model.dependents('/ws/sheet/Code.gs', google), []);
    const slack = model.update('/ws/bot/app.js', engine.documentFacts(engine.documentContext({ path: '/ws/bot/app.js', text: oauthText({ kind: 'slack-code', pick: ['chat.postMessage', 'users.info'] }).text })));
    assert.deepStrictEqual(model.dependents('/ws/bot/app.js', slack), ['/ws/bot/manifest.yml']);
  });
});
