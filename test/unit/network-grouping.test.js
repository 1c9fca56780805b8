'use strict';
// A file's view of the folder's network policies: the folder's list grouped once, this file's published entries
// replaced by its own objects. Fake data only.
const assert = require('assert');
const fc = require('fast-check');
const { engine, analyzeFolder } = require('../helpers');

const net = engine.internals.network;

const PATHS = ['/ws/a.yaml', '/ws/b.yaml', '/ws/c.yaml', '/ws/d.yaml'];

/** A policy-like object of one of the shapes the grouping tells apart (its id makes it recognisable below). */
const entry = fc.record({
  shape: fc.constantFrom('k8s', 'k8s', 'cilium', 'calico', 'calico-global', 'namespace', 'workload'),
  ns: fc.constantFrom('shop', 'billing', 'ops'),
  name: fc.constantFrom('a', 'b', 'c'),
  app: fc.constantFrom('web', 'api'),
  // How the policy selects pods: by one label, by two, every pod, or a selector not resolved (a template).
  select: fc.constantFrom('one', 'one', 'two', 'all', 'unresolved'),
});
const selectorOf = (e) => (e.select === 'all' ? {} : e.select === 'two' ? { matchLabels: { app: e.app, tier: 'a' } } : { matchLabels: { app: e.app } });
const selectorYaml = (e, indent) => {
  const pad = ' '.repeat(indent);
  return e.select === 'all' ? ' {}' : e.select === 'two' ? `\n${pad}matchLabels: {app: ${e.app}, tier: a}` : e.select === 'unresolved' ? `\n${pad}matchLabels: {app: "{{ .Values.app }}"}` : `\n${pad}matchLabels: {app: ${e.app}}`;
};
/** The YAML of an entry, named by its id (so the order of the hints made from it shows). */
function yamlOf(e, id) {
  const meta = (ns = true) => `metadata:\n  name: ${id}\n${ns ? `  namespace: ${e.ns}\n` : ''}`;
  switch (e.shape) {
    case 'k8s':
      return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta()}spec:\n  podSelector:${selectorYaml(e, 4)}\n  policyTypes: [Ingress${e.name === 'a' ? ', Egress' : ''}]\n`;
    case 'cilium':
      return `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n${meta()}spec:\n  endpointSelector:${selectorYaml(e, 4)}\n  ingress:\n    - fromEndpoints:\n        - {}\n`;
    case 'calico':
      return `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n${meta()}spec:\n  selector: app == '${e.app}'\n  types: [Ingress, Egress]\n  order: ${e.name === 'a' ? 10 : 20}\n`;
    case 'calico-global':
      return `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\n${meta(false)}spec:\n  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n`;
    case 'namespace':
      return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${e.ns}\n  labels: {team: ${e.name}}\n`;
    default:
      return `apiVersion: v1\nkind: Pod\n${meta()}  labels: {app: ${e.app}${e.select === 'two' ? ', tier: a' : ''}}\nspec:\n  containers:\n    - name: c\n      image: registry.local/c:1\n`;
  }
}
const factsMemo = new Map();
/**
 * The entry as the network family publishes it (read from its YAML by the engine), with its file; `at`: its place in
 * the file (objects of a file are at distinct places, which order the hints).
 */
function objectOf(e, id, path, at = 0) {
  const text = yamlOf(e, id);
  let facts = factsMemo.get(text);
  if (!facts) {
    facts = e.shape === 'workload' ? net.k8sFactsFromText(text) : engine.documentFacts(engine.documentContext({ path: '/ws/x.yaml', text })).filter((f) => f.topic === 'k8s/network-policy').map((f) => f.value);
    factsMemo.set(text, facts);
  }
  assert.strictEqual(facts.length, 1, text);
  const { path: _p, ...o } = facts[0];
  return { ...o, id, start: o.start + at * 1000, ...(path !== undefined ? { path } : {}) };
}
/** A grouping as plain data: every list by the ids of its entries, in order, the namespaces in order, and their labels. */
const plain = (g) => ({
  byNs: [...g.byNs].map(([ns, l]) => [ns, l.map((p) => p.id)]),
  clusterWide: g.clusterWide.map((p) => p.id),
  calico: g.calico.map((p) => p.id),
  namespaceLabels: ['shop', 'billing', 'ops', 'none'].map((n) => g.namespaceLabels.get(n)),
});

describe('network: a file sees the folder grouping without its own published policies', () => {
  it('is the grouping of the list without the file, then its own objects (property, several files per list)', () => {
    fc.assert(
      fc.property(
        // Up to 48 entries: a namespace's list past 16 policies is read through its label-pair index.
        fc.array(fc.tuple(fc.constantFrom(...PATHS), entry), { maxLength: 48 }),
        fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.array(entry, { maxLength: 4 })), { minLength: 1, maxLength: 4 }),
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        (listed, files, ws) => {
          const workloads = ws.map((e, i) => objectOf({ ...e, shape: 'workload' }, `W${i}`, '/ws/w.yaml'));
          const all = listed.map(([p, e], i) => objectOf(e, `L${i}`, p, i));
          // Several files asked of the same list: the list's grouping and its placements are made once and reused.
          for (const [[path, ownEntries], k] of files.map((f, k) => [f, k])) {
            const own = ownEntries.map((e, i) => objectOf(e, `O${k}.${i}`, path, i));
            const want = net.groupPolicies([...all.filter((p) => p.path !== path), ...own]);
            const got = net.groupPoliciesFor(all, path, own);
            assert.deepStrictEqual(plain(got), plain(want), path);
            // The hints of other namespaces' policies, read from the folder's index and the file's own, are those of
            // the file's grouping read as a whole.
            for (const w of workloads) {
              const at = `${path} ${w.effectiveNamespace} ${JSON.stringify(w.podLabels)}`;
              // The same hints, in the same order, as the grouping of the list without the file's published policies
              // (whether the model holds them or not: the hints do not change once the file's facts are published).
              for (const limit of [1, 3, 50]) assert.deepStrictEqual(net.closestFor(w, got, limit), net.closestElsewhere(w, want.byNs, limit), `${at} ${limit}`);
              // Its namespace's policies, read from the folder's lists and the file's own: the same isolation as the
              // grouping of the whole list, matched one by one.
              const ns = w.effectiveNamespace;
              assert.strictEqual(net.hasNs(got, ns), want.byNs.has(ns), at);
              const c = net.nsCandidates(got, ns, w.podLabels);
              const iso = net.isolation(w, c.list, got.clusterWide, { namespaceLabels: got.namespaceLabels, chosen: c.chosen });
              assert.deepStrictEqual(iso, net.isolation(w, want.byNs.get(ns) ?? [], want.clusterWide, { namespaceLabels: want.namespaceLabels, exhaustive: true }), at);
            }
          }
          // A file that publishes nothing and has nothing of its own shares the list's grouping.
          const outsider = net.groupPoliciesFor(all, '/ws/none.yaml', []);
          assert.strictEqual(outsider, net.groupPoliciesFor(all, '/ws/other.yaml', []));
          assert.deepStrictEqual(plain(outsider), plain(net.groupPolicies(all)));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('network: the folder check with policies beside their workloads', () => {
  const doc = (name, ns, app, policyApp) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${app}}\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/${name}:1\n` +
    (policyApp === undefined
      ? ''
      : `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}-policy\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels: {app: ${policyApp}}\n  policyTypes: [Ingress, Egress]\n`);
  async function noPolicy(files, published = files) {
    const found = await analyzeFolder(files, published);
    return Object.fromEntries(Object.entries(found).map(([p, f]) => [p, f.filter((x) => x.ruleId === 'network/no-policy').length]));
  }

  it('counts the policies of the file itself and of the other files, once each', async () => {
    const files = {
      '/ws/a.yaml': doc('a', 'shop', 'a', 'a'), // its own policy selects it
      '/ws/b.yaml': doc('b', 'shop', 'b', 'c'), // its policy selects c's pods; d's selects b's
      '/ws/c.yaml': doc('c', 'shop', 'c'),
      '/ws/d.yaml': doc('d', 'shop', 'd', 'b'),
      '/ws/e.yaml': doc('e', 'billing', 'e', 'x'), // nothing selects it
      '/ws/f.yaml': doc('f', 'billing', 'a'), // a's policy is in another namespace
    };
    assert.deepStrictEqual(await noPolicy(files), { '/ws/a.yaml': 0, '/ws/b.yaml': 0, '/ws/c.yaml': 0, '/ws/d.yaml': 1, '/ws/e.yaml': 1, '/ws/f.yaml': 1 });
  });

  it("reads the file's policies from its text, not from what it published before", async () => {
    // The model still holds b's old policy, which selected b; the text no longer has it.
    const before = { '/ws/a.yaml': doc('a', 'shop', 'a', 'a'), '/ws/b.yaml': doc('b', 'shop', 'b', 'b') };
    const now = { ...before, '/ws/b.yaml': doc('b', 'shop', 'b') };
    assert.deepStrictEqual(await noPolicy(now, before), { '/ws/a.yaml': 0, '/ws/b.yaml': 1 });
    // And the other way: b's text now has a policy that selects it, which the model has not seen.
    const added = { ...before, '/ws/b.yaml': doc('b', 'shop', 'b', 'b') };
    assert.deepStrictEqual(await noPolicy(added, { ...before, '/ws/b.yaml': doc('b', 'shop', 'b') }), { '/ws/a.yaml': 0, '/ws/b.yaml': 0 });
  });

  it("a query leaves the file's own facts out unless asked for them, and then hands out the shared list", () => {
    const model = new engine.WorkspaceModel('/ws');
    model.update('/ws/a.yaml', [{ topic: 't', value: 1 }]);
    model.update('/ws/b.yaml', [{ topic: 't', value: 2 }]);
    const deps = new Set();
    const view = model.view('/ws/a.yaml', deps);
    assert.deepStrictEqual(view.query('t').map((f) => f.value), [2]);
    const withOwn = view.query('t', { withOwn: true });
    assert.deepStrictEqual(withOwn.map((f) => [f.path, f.value]), [['/ws/a.yaml', 1], ['/ws/b.yaml', 2]]);
    assert.strictEqual(withOwn, model.view('/ws/b.yaml', new Set()).query('t', { withOwn: true }), 'one list for every file');
    assert.ok(deps.has('t'), 'the dependency is recorded either way');
  });
});
