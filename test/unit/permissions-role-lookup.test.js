'use strict';
// How a RoleBinding finds its Role among a file's own roles and the folder's: the folder's list indexed once, the
// file's published roles left out. Fake data only.
const assert = require('assert');
const fc = require('fast-check');
const { engine, analyzeFolder } = require('../helpers');

const perm = engine.internals.permissions;

const PATHS = ['/ws/a.yaml', '/ws/b.yaml', '/ws/c.yaml'];
const roleArb = fc.record({
  kind: fc.constantFrom('Role', 'ClusterRole'),
  name: fc.constantFrom('reader', 'writer', 'admin'),
  namespace: fc.constantFrom('shop', 'ops', 'default', undefined),
});

describe('permissions: a binding finds its role', () => {
  it("is the first role of the file's own, then of the folder's but the file's published ones (property)", () => {
    fc.assert(
      fc.property(
        // Enough roles that the lookup uses its index (a short list is searched as it is).
        fc.array(fc.tuple(fc.constantFrom(...PATHS), roleArb), { maxLength: 40 }),
        fc.constantFrom(...PATHS),
        fc.array(roleArb, { maxLength: 20 }),
        fc.array(fc.tuple(fc.constantFrom('Role', 'ClusterRole'), fc.constantFrom('reader', 'writer', 'admin', 'none'), fc.constantFrom('shop', 'ops', 'default', undefined)), { minLength: 1, maxLength: 8 }),
        (listed, path, ownRoles, asks) => {
          const facts = listed.map(([p, r], i) => ({ path: p, value: { ...r, id: `L${i}` } }));
          const local = ownRoles.map((r, i) => ({ ...r, id: `O${i}`, path }));
          // The reference: the file's own roles, then the other files' (in the folder's order), searched one by one.
          const reference = [...local, ...facts.filter((f) => f.path !== path).map((f) => f.value)];
          const want = (kind, name, ns) => reference.find((x) => x.kind === kind && x.name === name && (kind === 'ClusterRole' || (x.namespace ?? 'default') === (ns ?? 'default')));
          const got = perm.folderRoleLookup(facts, path, local);
          for (const [kind, name, ns] of asks) assert.strictEqual(got(kind, name, ns)?.id, want(kind, name, ns)?.id, `${kind}/${name} in ${ns}`);
          assert.deepStrictEqual(got.clusterRoles().map((r) => r.id), reference.filter((x) => x.kind === 'ClusterRole').map((r) => r.id));
          // And the plain lookup over one list, indexed or not, is that list searched one by one.
          const plain = perm.roleLookup(reference);
          for (const [kind, name, ns] of asks) assert.strictEqual(plain(kind, name, ns)?.id, want(kind, name, ns)?.id);
        },
      ),
      { numRuns: 300 },
    );
  });

  const role = (name, verbs, ns = 'shop') =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: [${verbs}]\n`;
  const bind = (name, ns = 'shop') =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b-${name}\n  namespace: ${ns}\nsubjects:\n  - kind: ServiceAccount\n    name: app\n    namespace: ${ns}\nroleRef:\n  kind: Role\n  name: ${name}\n  apiGroup: rbac.authorization.k8s.io\n`;
  async function wildcardBindings(files, published = files) {
    const found = await analyzeFolder(files, published);
    return Object.fromEntries(Object.entries(found).map(([p, f]) => [p, f.filter((x) => x.ruleId === 'iam/k8s-wildcard' && x.message.startsWith('RoleBinding')).length]));
  }

  it("a binding in a file of roles and bindings reads its own roles first, the folder's next, never its old ones", async () => {
    const broad = role('reader', '"*"');
    const narrow = role('reader', '"get"');
    // b binds "reader": the folder's is broad (a.yaml), b's own is narrow and wins.
    assert.deepStrictEqual(await wildcardBindings({ '/ws/a.yaml': broad, '/ws/b.yaml': `${narrow}---\n${bind('reader')}` }), { '/ws/a.yaml': 0, '/ws/b.yaml': 0 });
    // Without a role of its own, the folder's broad one is named.
    assert.deepStrictEqual(await wildcardBindings({ '/ws/a.yaml': broad, '/ws/b.yaml': bind('reader') }), { '/ws/a.yaml': 0, '/ws/b.yaml': 1 });
    // The model still holds b's old broad role; b's text now has the narrow one and no other file has "reader".
    const now = { '/ws/b.yaml': `${narrow}---\n${bind('reader')}` };
    assert.deepStrictEqual(await wildcardBindings(now, { '/ws/b.yaml': `${broad}---\n${bind('reader')}` }), { '/ws/b.yaml': 0 });
    // And b's role gone from its text: its old published role is not found (the binding names a role of no file).
    assert.deepStrictEqual(await wildcardBindings({ '/ws/b.yaml': bind('reader') }, { '/ws/b.yaml': `${broad}---\n${bind('reader')}` }), { '/ws/b.yaml': 0 });
  });

  it('a RoleBinding written in JSON finds its role in another file too', async () => {
    const json = (yaml) => JSON.stringify(require('yaml').parse(yaml), null, 2);
    const files = { '/ws/a.yaml': role('reader', '"*"'), '/ws/b.json': json(bind('reader')) };
    assert.deepStrictEqual(await wildcardBindings(files), { '/ws/a.yaml': 0, '/ws/b.json': 1 });
    // The permissions family says a binding reads other files (the network family says so of every Kubernetes object).
    const permissions = engine.FAMILIES.find((f) => f.name === 'permissions');
    const reads = (p, text) => permissions.readsOtherFiles(engine.documentContext({ path: p, text }));
    assert.strictEqual(reads('/ws/b.json', files['/ws/b.json']), true, 'and the index checks it once every file is read');
    assert.strictEqual(reads('/ws/b.yaml', bind('reader')), true);
    assert.strictEqual(reads('/ws/a.yaml', role('reader', '"*"')), false, 'a role reads nothing of other files');
    assert.strictEqual(engine.readsOtherFiles(engine.documentContext({ path: '/ws/c.json', text: '{"name": "x", "kind": "config"}' })), false);
  });
});
