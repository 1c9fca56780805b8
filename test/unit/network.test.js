'use strict';
const assert = require('assert');
const path = require('path');
const fc = require('fast-check');
const YAML = require('yaml');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const net = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.network;

const schema = require('../../schemas/networkpolicy.schema.json');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validatePolicy = ajv.compile(schema);

// ---- helpers -------------------------------------------------------------------

function deployment(name, labels, ns, extra = '') {
  const lbl = Object.entries(labels).map(([k, v]) => `        ${k}: ${JSON.stringify(v)}`).join('\n');
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(ns ? [`  namespace: ${ns}`] : []),
    'spec:',
    '  selector:',
    '    matchLabels: {}',
    '  template:',
    '    metadata:',
    '      labels:',
    lbl || '        {}',
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    '          image: registry.local/app:1',
    '          ports:',
    '            - containerPort: 8080',
    extra,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

function policy(name, ns, specYaml) {
  return ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', `  name: ${name}`, ...(ns ? [`  namespace: ${ns}`] : []), 'spec:', specYaml].join('\n');
}

/** files: { path: text }; returns checkNetwork's findings for `target`, as the family would wire it. */
function checkFiles(files, target, opts = {}) {
  const facts = {};
  for (const [p, text] of Object.entries(files)) facts[p] = net.k8sFactsFromText(text, { defaultNamespace: opts.defaultNamespace, kustomizeNamespace: opts.kustomize?.[p] });
  const all = [];
  for (const [p, fs] of Object.entries(facts)) for (const f of fs) if (f.kind === 'NetworkPolicy') all.push({ ...f, path: p });
  return net.checkNetwork(facts[target], all, { path: target, endpoints: opts.endpoints });
}

const ids = (fs) => fs.map((f) => f.ruleId).sort();
const slice = (text, f) => text.slice(f.start, f.end);
const WEB = { app: 'web', tier: 'front' };

// ---- selectors ---------------------------------------------------------------------

describe('network: label selector semantics', () => {
  const L = { app: 'web', tier: 'front', env: 'prod' };
  it('matchLabels AND matchExpressions, every operator', () => {
    assert.ok(net.selectorMatches({ matchLabels: { app: 'web' } }, L));
    assert.ok(!net.selectorMatches({ matchLabels: { app: 'web', tier: 'db' } }, L));
    assert.ok(net.selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, L));
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, L));
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, L));
    assert.ok(net.selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, L));
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, L));
    assert.ok(net.selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, L), 'NotIn matches an absent key');
    assert.ok(net.selectorMatches({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, L));
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, L));
    assert.ok(net.selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, L), 'DoesNotExist matches an absent key');
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, L));
    assert.ok(!net.selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, L), 'AND of both parts');
  });
  it('empty selectors select everything; malformed ones nothing', () => {
    assert.ok(net.selectorMatches({}, L));
    assert.ok(net.selectorMatches({}, {}));
    assert.ok(net.selectorMatches({ matchLabels: {}, matchExpressions: [] }, {}));
    assert.ok(net.selectorMatches(undefined, L));
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }, L));
    assert.ok(!net.selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In' }] }, L), 'In without values selects nothing');
    assert.ok(!net.selectorMatches('app=web', L));
    assert.ok(!net.selectorMatches({ matchLabels: { constructor: 'x' } }, {}), 'prototype keys are not labels');
  });
  it('effective policyTypes as the API server defaults them', () => {
    assert.deepStrictEqual(net.effectivePolicyTypes({}), ['Ingress']);
    assert.deepStrictEqual(net.effectivePolicyTypes({ egress: [{ peers: [], start: 0, end: 0 }] }), ['Ingress', 'Egress']);
    assert.deepStrictEqual(net.effectivePolicyTypes({ egress: [] }), ['Ingress'], 'egress: [] does not add Egress');
    assert.deepStrictEqual(net.effectivePolicyTypes({ policyTypes: ['Egress'] }), ['Egress']);
  });

  // A straightforward reference oracle, written independently of the implementation.
  function oracle(sel, labels) {
    for (const k of Object.keys(sel.matchLabels || {})) if (!(k in labels) || labels[k] !== sel.matchLabels[k]) return false;
    for (const r of sel.matchExpressions || []) {
      const has = Object.keys(labels).includes(r.key);
      const v = labels[r.key];
      if (r.operator === 'In' && !(has && r.values.includes(v))) return false;
      if (r.operator === 'NotIn' && has && r.values.includes(v)) return false;
      if (r.operator === 'Exists' && !has) return false;
      if (r.operator === 'DoesNotExist' && has) return false;
    }
    return true;
  }
  const key = fc.constantFrom('app', 'tier', 'env', 'team', 'version');
  const val = fc.constantFrom('a', 'b', 'c', 'web', '');
  const labelsArb = fc.dictionary(key, val, { maxKeys: 5 });
  const reqArb = fc.oneof(
    fc.record({ key, operator: fc.constantFrom('In', 'NotIn'), values: fc.array(val, { minLength: 1, maxLength: 3 }) }),
    fc.record({ key, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
  );
  const selArb = fc.record({ matchLabels: fc.dictionary(key, val, { maxKeys: 3 }), matchExpressions: fc.array(reqArb, { maxLength: 3 }) }, { requiredKeys: [] });

  it('property: agrees with a reference oracle on random labels and selectors', () => {
    fc.assert(fc.property(selArb, labelsArb, (sel, labels) => net.selectorMatches(sel, labels) === oracle(sel, labels)), { numRuns: 3000 });
  });
  it('property: never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        const r = net.selectorMatches(a, b);
        return typeof r === 'boolean';
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => typeof net.selectorMatches(a, b) === 'boolean'), { numRuns: 2000 });
  });
});

// ---- coverage --------------------------------------------------------------------

describe('network: NetworkPolicy coverage (where kube-linter, Kubescape, Checkov, Polaris go wrong)', () => {
  it('a workload no policy selects: network/no-policy on its name, kind range given too', () => {
    const text = deployment('web', WEB, 'shop');
    const f = checkFiles({ '/ws/web.yaml': text }, '/ws/web.yaml');
    assert.deepStrictEqual(ids(f), ['network/no-policy']);
    assert.strictEqual(slice(text, f[0]), 'web');
    assert.strictEqual(text.slice(f[0].kindRange.start, f[0].kindRange.end), 'Deployment');
    assert.strictEqual(f[0].severity, 'warning');
    assert.match(f[0].message, /namespace "shop"/);
  });

  it('same labels in another namespace do not cover it (Checkov ignores namespaces); related names the near policy', () => {
    const np = policy('allow-web', 'staging', '  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress, Egress]');
    const files = { '/ws/web.yaml': deployment('web', WEB, 'shop'), '/ws/np.yaml': np };
    const f = checkFiles(files, '/ws/web.yaml');
    assert.deepStrictEqual(ids(f), ['network/no-policy']);
    assert.strictEqual(f[0].related.length, 1);
    assert.strictEqual(f[0].related[0].path, '/ws/np.yaml');
    assert.match(f[0].related[0].message, /namespace "staging"/);
    assert.strictEqual(np.slice(f[0].related[0].start, f[0].related[0].end), 'allow-web');
  });

  it('a policy in another file of the same namespace covers it; unset namespace means default', () => {
    const np = policy('allow-web', undefined, '  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress, Egress]');
    assert.deepStrictEqual(ids(checkFiles({ '/ws/web.yaml': deployment('web', WEB), '/ws/np.yaml': np }, '/ws/web.yaml')), []);
    assert.deepStrictEqual(ids(checkFiles({ '/ws/web.yaml': deployment('web', WEB, 'default'), '/ws/np.yaml': np }, '/ws/web.yaml')), []);
    assert.deepStrictEqual(ids(checkFiles({ '/ws/web.yaml': deployment('web', WEB, 'shop'), '/ws/np.yaml': np }, '/ws/web.yaml')), ['network/no-policy']);
    // the configured default namespace applies to both
    assert.deepStrictEqual(ids(checkFiles({ '/ws/web.yaml': deployment('web', WEB, 'shop'), '/ws/np.yaml': np }, '/ws/web.yaml', { defaultNamespace: 'shop' })), []);
  });

  it('matchExpressions count (Kubescape compares matchLabels only)', () => {
    const np = policy('not-db', 'shop', '  podSelector:\n    matchExpressions:\n      - key: tier\n        operator: NotIn\n        values: [db]\n  policyTypes: [Ingress, Egress]');
    const web = deployment('web', WEB, 'shop');
    const db = deployment('db', { app: 'db', tier: 'db' }, 'shop');
    const nolabel = deployment('batch', { app: 'batch' }, 'shop');
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': web, '/np.yaml': np }, '/a.yaml')), []);
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': db, '/np.yaml': np }, '/a.yaml')), ['network/no-policy']);
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': nolabel, '/np.yaml': np }, '/a.yaml')), [], 'NotIn matches pods without the key');
  });

  it('a selector that almost matches is named as closest', () => {
    const np = policy('web', 'shop', '  podSelector:\n    matchLabels:\n      app: web\n      tier: back\n  policyTypes: [Ingress, Egress]');
    const f = checkFiles({ '/a.yaml': deployment('web', WEB, 'shop'), '/np.yaml': np }, '/a.yaml');
    assert.deepStrictEqual(ids(f), ['network/no-policy']);
    assert.match(f[0].related[0].message, /but for tier=back/);
  });

  it('the policies named closest in other namespaces are those every policy matched one by one would name, by place (property)', () => {
    // closestElsewhere indexes the label pairs the policies require; the reference walks every other namespace's
    // policies with isolation(), as the check did before the index, and orders them by file and place.
    const NS = ['a', 'b', 'c', 'd'];
    const KEYS = ['app', 'tier', 'team'];
    const VALS = ['x', 'y', 'z', 1];
    const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALS), { maxKeys: 3 });
    const exprArb = fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 }) });
    const selArb = fc.oneof(fc.constant({}), fc.record({ matchLabels: labelsArb }), fc.record({ matchLabels: labelsArb, matchExpressions: fc.array(exprArb, { maxLength: 2 }) }), fc.record({ matchExpressions: fc.array(exprArb, { maxLength: 2 }) }));
    const policyArb = fc.record({ ns: fc.constantFrom(...NS), sel: selArb, cilium: fc.boolean(), unresolved: fc.boolean() });
    fc.assert(
      fc.property(fc.array(policyArb, { maxLength: 14 }), labelsArb, fc.constantFrom(...NS), fc.integer({ min: 0, max: 3 }), (ps, labels, ns, limit) => {
        const byNs = new Map();
        ps.forEach((p, i) => {
          const fact = p.cilium
            ? { kind: 'CiliumNetworkPolicy', policyApi: 'cilium', name: `p${i}`, effectiveNamespace: p.ns, start: i, end: i + 1, subjects: [{ pods: p.sel, unresolved: p.unresolved, isolates: ['Ingress'] }] }
            : { kind: 'NetworkPolicy', policyApi: 'k8s', name: `p${i}`, effectiveNamespace: p.ns, start: i, end: i + 1, selector: p.sel, unresolved: p.unresolved };
          if (!byNs.has(p.ns)) byNs.set(p.ns, []);
          byNs.get(p.ns).push(fact);
        });
        const workload = { kind: 'Deployment', name: 'w', effectiveNamespace: ns, podLabels: labels, start: 0, end: 1 };
        // Every other namespace's, by place (these facts have no file: by their offset).
        const want = [];
        for (const [other, list] of byNs) if (other !== ns) want.push(...net.isolation(workload, list, [], { exhaustive: true }).closest);
        want.sort((a, b) => a.start - b.start);
        want.splice(limit);
        assert.deepStrictEqual(net.closestElsewhere(workload, byNs, limit), want);
      }),
      { numRuns: 400 },
    );
  });

  it("a namespace's policies matched through the label-pair index isolate, hint and stay uncertain as every policy matched one by one (property)", () => {
    // isolation() walks only the policies that can select the pod or almost select it (an index of the pairs that
    // matchLabels-only NetworkPolicies require, built the second time a list is checked); the reference walks all.
    const KEYS = ['app', 'tier', 'team'];
    const VALS = ['x', 'y', 'z', 1, null, true];
    const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom('x', 'y', 'z', '1', '', 'true'), { maxKeys: 3 });
    const mlArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALS), { maxKeys: 3 });
    const exprArb = fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus'), values: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 2 }) });
    const selArb = fc.oneof(
      { weight: 6, arbitrary: fc.record({ matchLabels: mlArb }) },
      { weight: 1, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.record({ matchLabels: mlArb, matchExpressions: fc.array(exprArb, { maxLength: 2 }) }) },
      { weight: 1, arbitrary: fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom([1], { a: 1 })) }) },
    );
    const policyArb = fc.record({ sel: selArb, api: fc.constantFrom('k8s', 'k8s', 'k8s', undefined, 'cilium'), unresolved: fc.boolean(), types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined), ns: fc.constantFrom('shop', 'shop', 'shop', 'ops') });
    fc.assert(
      fc.property(fc.array(policyArb, { minLength: 14, maxLength: 40 }), labelsArb, (ps, labels) => {
        const list = ps.map((p, i) =>
          p.api === 'cilium'
            ? { kind: 'CiliumNetworkPolicy', policyApi: 'cilium', name: `p${i}`, effectiveNamespace: p.ns, start: i, end: i + 1, subjects: [{ pods: p.sel ?? {}, unresolved: p.unresolved, isolates: p.types ?? ['Ingress'] }] }
            : { kind: 'NetworkPolicy', ...(p.api ? { policyApi: p.api } : {}), name: `p${i}`, effectiveNamespace: p.ns, start: i, end: i + 1, ...(p.sel !== undefined ? { selector: p.sel } : {}), unresolved: p.unresolved, ...(p.types ? { policyTypes: p.types } : {}) },
        );
        const workload = { kind: 'Deployment', name: 'w', effectiveNamespace: 'shop', podLabels: labels, start: 0, end: 1 };
        const want = net.isolation(workload, list, [], { exhaustive: true });
        // The first check of a list walks it, later ones go through the index.
        for (let i = 0; i < 3; i++) assert.deepStrictEqual(net.isolation(workload, list), want);
      }),
      { numRuns: 600 },
    );
  });

  it('podSelector: {} default-deny covers every workload of its namespace only (Polaris rejects it)', () => {
    const deny = policy('default-deny', 'shop', '  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress');
    const text = [deployment('web', WEB, 'shop'), deployment('db', { app: 'db' }, 'shop'), deployment('other', WEB, 'ops')].join('\n---\n');
    const f = checkFiles({ '/a.yaml': text, '/deny.yaml': deny }, '/a.yaml');
    assert.deepStrictEqual(ids(f), ['network/no-policy']);
    assert.strictEqual(slice(text, f[0]), 'other');
  });

  it('an absent podSelector is read as {} and noted', () => {
    const np = policy('all', 'shop', '  policyTypes: [Ingress, Egress]');
    const [fact] = net.k8sFactsFromText(np);
    assert.deepStrictEqual(fact.selector, {});
    assert.strictEqual(fact.selectorDefaulted, true);
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': deployment('web', WEB, 'shop'), '/np.yaml': np }, '/a.yaml')), []);
  });

  it('Ingress-only policies leave egress unrestricted (kube-linter ignores policyTypes)', () => {
    const variants = [
      '  podSelector:\n    matchLabels:\n      app: web',
      '  podSelector:\n    matchLabels:\n      app: web\n  egress: []',
      '  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]\n  egress:\n    - to:\n        - podSelector: {}',
    ];
    for (const spec of variants) {
      const np = policy('ing', 'shop', spec);
      const f = checkFiles({ '/a.yaml': deployment('web', WEB, 'shop'), '/np.yaml': np }, '/a.yaml');
      assert.deepStrictEqual(ids(f), ['network/egress-unrestricted'], spec);
      assert.match(f[0].related[0].message, /Ingress only/);
    }
    const both = policy('both', 'shop', '  podSelector:\n    matchLabels:\n      app: web\n  egress:\n    - to:\n        - podSelector: {}');
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': deployment('web', WEB, 'shop'), '/np.yaml': both }, '/a.yaml')), [], 'egress rules imply Egress');
    // an Egress-only policy plus an Ingress-only one: fully isolated
    const egOnly = policy('eg', 'shop', '  podSelector: {}\n  policyTypes: [Egress]');
    const ingOnly = policy('ing', 'shop', '  podSelector:\n    matchLabels:\n      tier: front');
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': deployment('web', WEB, 'shop'), '/e.yaml': egOnly, '/i.yaml': ingOnly }, '/a.yaml')), []);
  });

  it('kustomize namespace: applies to listed files and folders, overriding what is written', () => {
    const kz = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: prod\nresources:\n  - ../../base/web.yaml\n  - ../../base/policies\n  - https://github.com/org/repo//deploy?ref=v1\n';
    const [{ tree }] = net.textTrees(kz);
    const map = net.kustomizeNamespaces(tree, '/ws/overlays/prod');
    assert.deepStrictEqual([...map.entries()].sort(), [
      [path.resolve('/ws/base/policies'), 'prod'],
      [path.resolve('/ws/base/web.yaml'), 'prod'],
    ]);
    assert.strictEqual(net.kustomizeNamespaceFor('/ws/base/policies/np.yaml', map), 'prod');
    assert.strictEqual(net.kustomizeNamespaceFor('/ws/base/other.yaml', map), undefined);
    const np = policy('web', undefined, '  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress, Egress]');
    const files = { '/ws/base/web.yaml': deployment('web', WEB, 'staging'), '/ws/base/policies/np.yaml': np };
    const kustomize = {};
    for (const p of Object.keys(files)) kustomize[p] = net.kustomizeNamespaceFor(p, map);
    assert.deepStrictEqual(ids(checkFiles(files, '/ws/base/web.yaml', { kustomize })), []);
    assert.deepStrictEqual(ids(checkFiles(files, '/ws/base/web.yaml')), ['network/no-policy'], 'without kustomize: staging vs default');
  });

  it('every workload kind; List items; JSON manifests', () => {
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  schedule: "0 1 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata:\n          labels:\n            app: nightly\n        spec:\n          containers: []\n';
    const [c] = net.k8sFactsFromText(cron);
    assert.deepStrictEqual(c.podLabels, { app: 'nightly' });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'p' } }, spec: { containers: [] } };
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod, { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template: { metadata: { labels: { app: 'rc' } } } } }] }, null, 2);
    const facts = net.k8sFactsFromText(list);
    assert.deepStrictEqual(facts.map((f) => [f.kind, f.name, f.podLabels]), [
      ['Pod', 'p', { app: 'p' }],
      ['ReplicationController', 'rc', { app: 'rc' }],
    ]);
    assert.deepStrictEqual(ids(checkFiles({ '/l.json': list }, '/l.json')), ['network/no-policy', 'network/no-policy']);
  });

  it('a policy whose selector is a template is not judged; Helm templates are recognised', () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: x\nspec:\n  podSelector:\n    matchLabels: !include labels.yaml\n';
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': deployment('web', WEB), '/np.yaml': np }, '/a.yaml')), []);
    assert.ok(net.isHelmTemplate('/ws/chart/templates/deployment.yaml', 'metadata:\n  name: {{ .Release.Name }}'));
    assert.ok(!net.isHelmTemplate('/ws/chart/templates/deployment.yaml', 'metadata:\n  name: web'));
    assert.ok(!net.isHelmTemplate('/ws/k8s/deployment.yaml', 'name: {{ x }}'));
    assert.strictEqual(net.helmChartRoot('/ws/chart/templates/sub/x.yaml'), '/ws/chart');
  });
});

// ---- open rules, exposure ------------------------------------------------------------

describe('network: open rules and public exposure', () => {
  it('0.0.0.0/0, ::/0 and an egress rule without `to`; ports make it information', () => {
    const np = policy(
      'open',
      'shop',
      [
        '  podSelector: {}',
        '  policyTypes: [Ingress, Egress]',
        '  ingress:',
        '    - from:',
        '        - ipBlock:',
        '            cidr: ::/0',
        '  egress:',
        '    - to:',
        '        - ipBlock:',
        '            cidr: 0.0.0.0/0',
        '            except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]',
        '    - ports:',
        '        - port: 443',
      ].join('\n'),
    );
    const f = checkFiles({ '/np.yaml': np }, '/np.yaml');
    assert.deepStrictEqual(ids(f), ['network/open-egress', 'network/open-egress', 'network/open-ingress']);
    const eg = f.filter((x) => x.ruleId === 'network/open-egress');
    assert.deepStrictEqual(eg.map((x) => x.severity).sort(), ['info', 'warning']);
    assert.ok(slice(np, eg.find((x) => x.severity === 'warning')).includes('0.0.0.0/0'));
    assert.match(eg.find((x) => x.severity === 'info').message, /ports 443/);
  });
  it('not open: an except that removes the space, narrow CIDRs, rules of a direction the policy does not enforce', () => {
    const np = policy(
      'closed',
      'shop',
      [
        '  podSelector: {}',
        '  policyTypes: [Ingress]',
        '  ingress:',
        '    - from:',
        '        - ipBlock:',
        '            cidr: 0.0.0.0/0',
        '            except: [0.0.0.0/1, 128.0.0.0/1]',
        '        - ipBlock:',
        '            cidr: 203.0.113.0/24',
        '  egress:',
        '    - {}',
      ].join('\n'),
    );
    assert.deepStrictEqual(ids(checkFiles({ '/np.yaml': np }, '/np.yaml')), []);
  });
  it('LoadBalancer/NodePort Services and Ingress hosts are inventoried; ClusterIP is not', () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 443',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: np\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30080',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: internal\nspec:\n  ports:\n    - port: 80',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [shop.acme.io]\n  rules:\n    - host: shop.acme.io\n    - host: api.acme.io',
    ].join('\n---\n');
    const f = checkFiles({ '/s.yaml': text }, '/s.yaml');
    assert.deepStrictEqual(ids(f), ['network/public-exposure', 'network/public-exposure', 'network/public-exposure']);
    assert.ok(f.every((x) => x.severity === 'info'));
    assert.match(f[1].message, /node 30080/);
    assert.match(f[2].message, /shop\.acme\.io, api\.acme\.io/);
  });
});

// ---- endpoints ---------------------------------------------------------------------------

describe('network: external endpoints', () => {
  const hosts = (es) => es.map((e) => `${e.host}:${e.kind}`);
  const PW = ['pa5', '5w0', 'rd'].join('');
  const webhook = ['https://hooks.slack.com/services/', 'T0', '1ABCDEF9/', 'B0', '1ABCDEF9/', 'Xq9Lm2Pz', 'Rt5Vw8Yc', 'Kd3Nf6Hj'].join('');

  it('a Slack bot in JS: SDK, webhook, fetch/axios calls; comments and docs hosts skipped; no secrets in the url', () => {
    const code = [
      "const { WebClient } = require('@slack/web-api');",
      "// Docs: https://api.slack.com/methods and https://partner-docs.weatherly.io/guide",
      '/* legacy: https://old-backend.weatherly.io/v1 */',
      'const web = new WebClient(process.env.SLACK_BOT_TOKEN);',
      `const WEBHOOK = process.env.SLACK_WEBHOOK_URL || "${webhook}";`,
      "const res = await fetch(`https://api.weatherly.io/v2/forecast?city=${city}&appid=${key}`);",
      `await axios.post('https://bot:${PW}@ingest.metrics-hub.net:8443/events?token=abc', body);`,
      "const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');",
      "const ns = 'http://schemas.xmlsoap.org/soap/envelope/';",
      "const sample = 'https://example.com/demo';",
      "const api = axios.create({ baseURL: 'http://orders.shop.svc.cluster.local:8080/api' });",
      "const client = new Redis({ host: 'cache.internal.acme.lan', port: 6379 });",
      "const s3 = new S3Client({ endpoint: 'https://s3.eu-west-1.amazonaws.com' });",
      "const partner = { host: 'api.partner-crm.com' };",
      "const file = { name: 'report.py', url: 'main.py' };",
    ].join('\n');
    const es = net.findEndpoints(code, 'js');
    assert.deepStrictEqual(hosts(es), [
      'hooks.slack.com:listed-saas',
      'api.weatherly.io:unknown',
      'ingest.metrics-hub.net:unknown',
      'orders.shop.svc.cluster.local:internal',
      'cache.internal.acme.lan:internal',
      's3.eu-west-1.amazonaws.com:listed-saas',
      'api.partner-crm.com:unknown',
    ]);
    const slack = es[0];
    assert.strictEqual(slack.provider, 'Slack');
    assert.strictEqual(slack.url, 'https://hooks.slack.com/services/*/*/*');
    assert.strictEqual(code.slice(slack.start, slack.end), webhook);
    const ingest = es[2];
    assert.strictEqual(ingest.url, 'https://ingest.metrics-hub.net:8443/events');
    assert.strictEqual(ingest.port, 8443);
    assert.ok(!JSON.stringify(es).includes(PW) && !JSON.stringify(es).includes('token=abc'));
    assert.strictEqual(es[1].url, 'https://api.weatherly.io/v2/forecast');
    assert.strictEqual(es[1].registrableDomain, 'weatherly.io');
    assert.strictEqual(es[5].provider, 'AWS');
  });

  it('Python requests, env defaults and private addresses', () => {
    const code = [
      'import os, requests',
      '# see https://docs.python-requests.org/en/latest/ and https://tracker.acme-analytics.com',
      'API_HOST = os.getenv("PAYMENTS_HOST", "api.payments-gw.com")',
      'DB_URL = os.environ.get("DATABASE_URL", "postgresql://app@10.0.3.4:5432/app")',
      'resp = requests.get("https://api.openai.com/v1/models", headers=h, timeout=10)',
      'r = requests.post(f"https://{API_HOST}/charge", json=body)',
      'x = "not a url: http://"',
      '"""Module docs mention nothing callable."""',
      'requests.get("http://[fd12:3456::1]:9000/health")',
    ].join('\n');
    const es = net.findEndpoints(code, 'python');
    assert.deepStrictEqual(hosts(es), ['api.payments-gw.com:unknown', '10.0.3.4:internal', 'api.openai.com:listed-saas', 'fd12:3456::1:internal']);
    assert.strictEqual(es[2].provider, 'OpenAI');
    assert.strictEqual(es[1].port, 5432);
  });

  it('Go net/http and gRPC dial strings', () => {
    const code = [
      'package main',
      'import "net/http"',
      '// https://pkg.go.dev/net/http is documentation',
      'func main() {',
      '\tresp, err := http.Get("https://inventory.partner-logistics.de/api/items")',
      '\tconn, err := grpc.Dial("dns:///payments.billing.svc:50051")',
      '\treq, _ := http.NewRequest("POST", "https://api.stripe.com/v1/charges", body)',
      '\tserver := "198.51.100.7"',
      '}',
    ].join('\n');
    const es = net.findEndpoints(code, 'go');
    assert.deepStrictEqual(hosts(es), ['inventory.partner-logistics.de:unknown', 'api.stripe.com:listed-saas']);
  });

  it('.env defaults: URLs and *_HOST names, single-label service names are internal', () => {
    const env = ['# comment https://should-not.count.io', 'API_BASE_URL=https://api.anthropic.com/v1', 'REDIS_HOST=redis', 'KAFKA_BROKERS=kafka-0.kafka:9092,kafka-1.kafka:9092', 'SMTP_SERVER="smtp.mailrelay-eu.com"', 'LOG_LEVEL=info.debug'].join('\n');
    const es = net.findEndpoints(env, 'dotenv');
    assert.deepStrictEqual(hosts(es), ['api.anthropic.com:listed-saas', 'redis:internal', 'kafka-0.kafka:internal', 'kafka-1.kafka:internal', 'smtp.mailrelay-eu.com:unknown']);
    assert.strictEqual(env.slice(es[2].start, es[2].end), 'kafka-0.kafka:9092');
  });

  it('Kubernetes: env values, ExternalName, ConfigMap hosts; metadata, images and Ingress hosts skipped', () => {
    const y = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: crm',
      '  annotations:',
      '    docs: https://wiki.acme-internal-docs.com/crm',
      'spec:',
      '  type: ExternalName',
      '  externalName: legacy-crm.partner-systems.org',
      '---',
      deployment('web', WEB, 'shop', ['          env:', '            - name: USERS_HOST', '              value: users', '            - name: GEO_API', '              value: "https://geo.mapdata-co.com/v3?key=abc123"', '            - name: PORT', '              value: "8080"'].join('\n')),
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      'spec:',
      '  rules:',
      '    - host: shop.acme-store.com',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: cfg',
      'data:',
      '  db.host: pg.data.svc.cluster.local',
      '  welcome: Visit https://example.org for more',
    ].join('\n');
    const es = net.findEndpoints(y, 'yaml');
    assert.deepStrictEqual(hosts(es), ['legacy-crm.partner-systems.org:unknown', 'users:internal', 'geo.mapdata-co.com:unknown', 'pg.data.svc.cluster.local:internal']);
    assert.strictEqual(es[2].url, 'https://geo.mapdata-co.com/v3');
  });

  it('false positives: package.json metadata, $schema, XML namespaces, Markdown', () => {
    const pkg = JSON.stringify(
      {
        $schema: 'https://json.schemastore.org/package.json',
        name: 'bot',
        homepage: 'https://github.com/org/repo#readme',
        repository: { type: 'git', url: 'https://github.com/org/repo' },
        bugs: { url: 'https://github.com/org/repo/issues' },
        license: 'MIT',
        config: { apiUrl: 'https://api.github.com' },
      },
      null,
      2,
    );
    assert.deepStrictEqual(hosts(net.findEndpoints(pkg, 'json')), ['api.github.com:listed-saas']);
    const xml = '<?xml version="1.0"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:app="http://app.vendor-soap.com/ns">\n<!-- http://commented.vendor-soap.com -->\n<Endpoint>https://soap.vendor-soap.com/service</Endpoint></soap:Envelope>';
    assert.deepStrictEqual(hosts(net.findEndpoints(xml, 'xml')), ['soap.vendor-soap.com:unknown']);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>';
    assert.deepStrictEqual(net.findEndpoints(svg, 'xml'), []);
    assert.deepStrictEqual(net.findEndpoints('See https://api.unknown-vendor.com/docs', 'markdown'), []);
  });

  it('classification: user suffixes and SaaS entries extend the lists', () => {
    assert.strictEqual(net.classifyHost('api.corp-net.acme.com', { internalSuffixes: ['corp-net.acme.com'] }).kind, 'internal');
    const c = net.classifyHost('api.tinyvendor.io', { saasDomains: ['tinyvendor.io=TinyVendor'] });
    assert.deepStrictEqual([c.kind, c.provider], ['listed-saas', 'TinyVendor']);
    assert.strictEqual(net.classifyHost('100.64.1.2').kind, 'internal');
    assert.strictEqual(net.classifyHost('169.254.169.254').kind, 'internal');
    assert.strictEqual(net.classifyHost('8.8.8.8').kind, 'unknown');
    assert.strictEqual(net.classifyHost('0.0.0.0'), undefined);
    assert.strictEqual(net.classifyHost('api.example.com'), undefined);
    assert.strictEqual(net.classifyHost('svc.test'), undefined);
    assert.strictEqual(net.classifyHost('kubernetes.default.svc').kind, 'internal');
  });

  it('classification: the same answer for a host asked again after thousands of others (the memo keeps its generations right)', () => {
    // Distinct options: a memo of its own, empty at the start of this test.
    const opts = { internalSuffixes: ['memo-test.corp'] };
    const expected = (i) =>
      i % 4 === 0 ? { kind: 'unknown', host: `api-${i}.vendor${i % 50}.io` } : i % 4 === 1 ? { kind: 'internal', host: `svc-${i}.memo-test.corp` } : i % 4 === 2 ? undefined : { kind: 'listed-saas', host: `h${i}.slack.com` };
    const name = (i) => (i % 4 === 0 ? `api-${i}.vendor${i % 50}.io` : i % 4 === 1 ? `svc-${i}.memo-test.corp` : i % 4 === 2 ? `docs-${i}.example.com` : `h${i}.slack.com`);
    const check = (i) => {
      const c = net.classifyHost(name(i), opts);
      const e = expected(i);
      if (e === undefined) assert.strictEqual(c, undefined, name(i));
      else assert.deepStrictEqual([c.kind, c.host], [e.kind, e.host], name(i));
    };
    // 12,000 hosts (more than the memo keeps), a few asked again and again among them, then the first ones again.
    for (let i = 0; i < 12000; i++) {
      check(i);
      check(i % 7);
    }
    for (let i = 0; i < 200; i++) check(i);
    for (let i = 11800; i < 12000; i++) check(i);
    // Bounded: two generations of at most 5,000 (the memo of names asked where a single label counts, as here).
    const [, any] = net.hostMemoSizes(opts);
    assert.ok(any[0] <= 5000 && any[1] <= 5000, `generations ${any}`);
    assert.ok(any[0] + any[1] >= 5000, `the memo keeps hosts: ${any}`);
  });

  it('classification: a host asked again and again stays in the memo however many others are asked once', () => {
    const opts = { internalSuffixes: ['memo-hot.corp'] };
    const hot = 'api.hot-vendor.io';
    for (let i = 0; i < 30000; i++) {
      net.classifyHost(`once-${i}.cold-vendor.io`, opts);
      if (i % 1000 === 0) net.classifyHost(hot, opts);
    }
    // Found without classifying it again: its result is the object the memo keeps (the same object each time).
    assert.strictEqual(net.classifyHost(hot, opts), net.classifyHost(hot, opts));
    const before = net.hostMemoSizes(opts)[1];
    net.classifyHost(hot, opts);
    assert.deepStrictEqual(net.hostMemoSizes(opts)[1], before, 'asking a kept host adds nothing');
  });

  it('network/unknown-endpoint: once per host, information', () => {
    const code = "fetch('https://api.vendor-x.com/a');\nfetch('https://api.vendor-x.com/b');\nfetch('https://api.slack.com/api/chat.postMessage');";
    const endpoints = net.findEndpoints(code, 'js');
    const f = net.checkNetwork([], [], { endpoints });
    assert.deepStrictEqual(ids(f), ['network/unknown-endpoint']);
    assert.strictEqual(f[0].severity, 'info');
    assert.strictEqual(code.slice(f[0].start, f[0].end), 'https://api.vendor-x.com/a');
  });

  it('URLs are found where the documented pattern matches, each read as it would be alone (property)', () => {
    // The scanner looks for "://" and reads the scheme before it; the pattern it stands for is this regular expression
    // (a scheme of 2 to 16 characters starting at a word boundary with a letter, then what a URL holds unescaped).
    const URL_RE = /\b([a-z][a-z0-9+.-]{1,15}):\/\/([^\s"'`<>\\{}|^]*)/gi;
    const piece = fc.constantFrom(
      'https', 'http', 'HTTP', 'git+https', 'svn+ssh', 'wss', 'redis', 'x', '1http', '_https', 'a.b-c+https', 'aaaaaaaaaaaaaaaaa', 'ftp',
      '://', '://', ':/', '//', 'api.vendor-x.io', 'user:pw@db.corp.io', '10.1.2.3', '[::1]', 'localhost', 'svc', ':8443', ':99999',
      '/v1/users/123456789', '?q=1', '#f', '/a=b', '.', ',', ')', ';', '*', '"', "'", '`', ' ', '\n', '\t', '<', '>', '{', '|', '^', '\\', '_', '-', 'é', '\u00a0',
    );
    // Mostly whole URLs (scheme, "://", host, more) so that URLs follow and nest in each other, with loose pieces between.
    const url = fc.tuple(piece, fc.constantFrom('://'), piece, piece, piece).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.oneof(url, piece), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        const expected = [];
        for (const m of text.matchAll(URL_RE)) {
          const alone = net.findEndpoints(m[0], 'text');
          assert.ok(alone.length <= 1);
          if (alone.length) expected.push({ ...alone[0], start: m.index + alone[0].start, end: m.index + alone[0].end });
        }
        assert.deepStrictEqual(net.findEndpoints(text, 'text'), expected, JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });
});

// ---- generation and edits ----------------------------------------------------------------

describe('network: NetworkPolicy generation and edits', () => {
  const apply = (text, e) => text.slice(0, e.start) + e.newText + text.slice(e.end);
  const endpointsFor = () =>
    net.findEndpoints(
      [
        "fetch('https://hooks.slack.com/services/x');",
        "fetch('https://api.weatherly.io/v2');",
        "fetch('https://api.weatherly.io:8443/v3');",
        "fetch('http://orders.shop.svc.cluster.local:8080/api');",
        "fetch('http://users:3000/me');",
        "fetch('http://pg.data.svc:5432');",
        "fetch('http://10.1.2.3:9200');",
        "fetch('http://localhost:9000');",
      ].join('\n'),
      'js',
    );

  const cases = [
    ['labelled, namespaced, endpoints', deployment('web', WEB, 'shop'), endpointsFor()],
    ['default namespace, no endpoints', deployment('api', { app: 'api' }), []],
    ['odd label values', deployment('odd', { 'app.kubernetes.io/name': 'odd', version: '1.0', enabled: 'true' }, 'shop'), endpointsFor()],
  ];
  for (const [label, text, endpoints] of cases) {
    it(`generated policy is schema-valid and covers the workload (${label})`, () => {
      const [w] = net.k8sFactsFromText(text);
      const services = net.k8sFactsFromText('apiVersion: v1\nkind: Service\nmetadata:\n  name: users\n  namespace: shop\nspec:\n  selector:\n    app: users\n  ports:\n    - port: 3000\n      targetPort: 3001');
      for (const indent of ['  ', '    ']) {
        const gen = net.generateNetworkPolicy(w, endpoints, { indent, services });
        const docs = YAML.parseAllDocuments(gen);
        assert.strictEqual(docs.length, 1);
        assert.deepStrictEqual(docs[0].errors, []);
        const obj = docs[0].toJS();
        assert.ok(validatePolicy(obj), JSON.stringify(validatePolicy.errors) + '\n' + gen);
        assert.deepStrictEqual(obj.spec.policyTypes, ['Ingress', 'Egress']);
        assert.strictEqual(obj.spec.ingress, undefined, 'deny ingress by default');
        assert.deepStrictEqual(obj.spec.egress[0].ports.map((p) => p.port), [53, 53]);
        const combined = text.replace(/\n*$/, '\n') + '---\n' + gen;
        assert.deepStrictEqual(ids(checkFiles({ '/w.yaml': combined }, '/w.yaml')), [], gen);
        if (endpoints.length) {
          assert.match(gen, /PLACEHOLDER: replace 192\.0\.2\.\d+\/32 with the address ranges of Slack: hooks\.slack\.com/);
          assert.match(gen, /api\.weatherly\.io/);
          const placeholder = obj.spec.egress.filter((r) => r.to[0].ipBlock && r.to[0].ipBlock.cidr.startsWith('192.0.2.'));
          assert.strictEqual(placeholder.length, 2, 'one rule per domain group');
          assert.deepStrictEqual(placeholder.find((r) => r.ports.length === 2).ports.map((p) => p.port).sort(), [443, 8443]);
          assert.ok(obj.spec.egress.some((r) => r.to[0].ipBlock && r.to[0].ipBlock.cidr === '10.1.2.3/32'));
          assert.ok(!gen.includes('localhost'));
          if (w.effectiveNamespace === 'shop') {
            const users = obj.spec.egress.find((r) => r.to[0].podSelector && r.to[0].podSelector.matchLabels && r.to[0].podSelector.matchLabels.app === 'users');
            assert.ok(users, 'the Service selector names the pods');
            assert.deepStrictEqual(users.ports.map((p) => p.port), [3001]);
          }
          assert.ok(obj.spec.egress.some((r) => r.to[0].namespaceSelector && r.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] === 'data'));
        }
      }
    });
  }

  it('a workload without pod labels gets a labelled placeholder, never an empty selector', () => {
    const [w] = net.k8sFactsFromText(deployment('bare', {}, 'shop'));
    const obj = YAML.parse(net.generateNetworkPolicy(w, []));
    assert.ok(validatePolicy(obj));
    assert.deepStrictEqual(obj.spec.podSelector, { matchLabels: { app: 'bare' } });
  });

  it('addEgressDenyEdit: block, flow and absent policyTypes; then egress-unrestricted is gone', () => {
    const specs = [
      '  podSelector:\n    matchLabels:\n      app: web\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - podSelector: {}',
      '  podSelector:\n    matchLabels:\n      app: web\n  policyTypes: [Ingress]',
      '  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - from:\n        - podSelector: {}',
    ];
    for (const spec of specs) {
      const text = deployment('web', WEB, 'shop') + '\n---\n' + policy('ing', 'shop', spec) + '\n';
      assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': text }, '/a.yaml')), ['network/egress-unrestricted']);
      const pol = net.k8sFactsFromText(text)[1];
      const edit = net.addEgressDenyEdit(text, pol);
      assert.ok(edit, spec);
      const after = apply(text, edit);
      const docs = YAML.parseAllDocuments(after);
      assert.ok(docs.every((d) => d.errors.length === 0), after);
      const obj = docs[1].toJS();
      assert.ok(validatePolicy(obj), JSON.stringify(validatePolicy.errors));
      assert.deepStrictEqual(obj.spec.policyTypes, ['Ingress', 'Egress']);
      assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': after }, '/a.yaml')), [], after);
      assert.strictEqual(net.addEgressDenyEdit(after, net.k8sFactsFromText(after)[1]), undefined, 'idempotent');
    }
  });

  it('narrowOpenEgressEdit replaces 0.0.0.0/0 by DNS and endpoint rules', () => {
    const spec = ['  podSelector:', '    matchLabels:', '      app: web', '  policyTypes: [Ingress, Egress]', '  egress:', '    - to:', '        - ipBlock:', '            cidr: 0.0.0.0/0', '    - to:', '        - podSelector: {}'].join('\n');
    const text = policy('open', 'shop', spec) + '\n';
    const [pol] = net.k8sFactsFromText(text);
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': text }, '/a.yaml')), ['network/open-egress']);
    const edit = net.narrowOpenEgressEdit(text, pol, endpointsFor());
    const after = apply(text, edit);
    const obj = YAML.parse(after);
    assert.ok(validatePolicy(obj), JSON.stringify(validatePolicy.errors) + after);
    assert.deepStrictEqual(ids(checkFiles({ '/a.yaml': after }, '/a.yaml')), [], after);
    assert.deepStrictEqual(obj.spec.egress[obj.spec.egress.length - 1], { to: [{ podSelector: {} }] }, 'other rules kept');
  });
});

// ---- robustness and figures ----------------------------------------------------------------

describe('network: robustness', () => {
  const full = [deployment('web', WEB, 'shop', '          env:\n            - name: API\n              value: https://api.vendor-x.com/v1'), policy('np', 'shop', '  podSelector:\n    matchExpressions:\n      - key: app\n        operator: In\n        values: [web]\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n            except: [10.0.0.0/8]\n      ports:\n        - port: 443\n          endPort: 8443')].join('\n---\n');

  it('half-typed YAML never throws (every prefix of a manifest)', () => {
    for (let i = 0; i <= full.length; i++) {
      const t = full.slice(0, i);
      const facts = net.k8sFactsFromText(t);
      net.checkNetwork(facts, facts.filter((f) => f.kind === 'NetworkPolicy'), {});
      net.findEndpoints(t, 'yaml');
      for (const f of facts) {
        net.generateNetworkPolicy(f, []);
        if (f.kind === 'NetworkPolicy') {
          net.addEgressDenyEdit(t, f);
          net.narrowOpenEgressEdit(t, f, []);
        }
      }
    }
  });

  it('property: arbitrary edits of a manifest and arbitrary code never throw', () => {
    fc.assert(
      fc.property(fc.nat(full.length), fc.nat(40), fc.string({ maxLength: 12 }), (at, del, ins) => {
        const t = full.slice(0, at) + ins + full.slice(at + del);
        const facts = net.k8sFactsFromText(t);
        net.checkNetwork(facts, facts.filter((f) => f.kind === 'NetworkPolicy'), {});
        net.findEndpoints(t, 'yaml');
        net.findEndpoints(t, 'js');
        return true;
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('js', 'python', 'go', 'dotenv', 'terraform', 'json', 'yaml', 'text', 'xml', 'shell'), (s, kind) => {
        for (const e of net.findEndpoints(s, kind)) if (!(e.start >= 0 && e.end <= s.length && e.start < e.end)) return false;
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('network: figures (printed, not asserted)', () => {
  it('facts extraction + coverage for 2,000 generated manifests', () => {
    const files = {};
    const teams = ['shop', 'ops', 'data', 'default'];
    for (let i = 0; i < 2000; i++) {
      const ns = teams[i % teams.length];
      const text =
        i % 5 === 0
          ? policy(`np-${i}`, ns, `  podSelector:\n    matchLabels:\n      app: app-${i + 1}\n  policyTypes: [Ingress${i % 10 === 0 ? ', Egress' : ''}]`)
          : deployment(`app-${i}`, { app: `app-${i}`, team: ns }, ns, `          env:\n            - name: API_HOST\n              value: api-${i}.vendor${i % 7}.com`);
      files[`/ws/m${i}.yaml`] = text;
    }
    global.gc && global.gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const trees = {};
    for (const [p, t] of Object.entries(files)) trees[p] = net.textTrees(t);
    const tp = process.hrtime.bigint();
    const facts = {};
    for (const [p, t] of Object.entries(trees)) facts[p] = net.k8sFacts(t, {});
    const t1 = process.hrtime.bigint();
    const all = [];
    for (const [p, fs] of Object.entries(facts)) for (const f of fs) if (f.kind === 'NetworkPolicy') all.push({ ...f, path: p });
    let findings = 0;
    for (const [p, fs] of Object.entries(facts)) findings += net.checkNetwork(fs, all, { path: p }).length;
    const t2 = process.hrtime.bigint();
    let endpoints = 0;
    for (const [p, t] of Object.entries(files)) endpoints += net.findEndpointsInTrees(t, trees[p]).length;
    const t3 = process.hrtime.bigint();
    const heap1 = process.memoryUsage().heapUsed;
    const ms = (a, b) => (Number(b - a) / 1e6).toFixed(0);
    const factBytes = JSON.stringify(facts).length;
    console.log(
      `      2,000 manifests (${all.length} policies): YAML parse ${ms(t0, tp)} ms, facts ${ms(tp, t1)} ms, coverage check ${ms(t1, t2)} ms (${findings} findings), endpoints ${ms(t2, t3)} ms (${endpoints}); facts JSON ${(factBytes / 1024).toFixed(0)} KiB; heap +${((heap1 - heap0) / 1048576).toFixed(1)} MiB`,
    );
  });
});

describe('network: edits leave JSON alone', () => {
  it('addEgressDenyEdit and narrowOpenEgressEdit decline JSON manifests', () => {
    const text = JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }], policyTypes: ['Ingress'] } }, null, 2);
    const [pol] = net.k8sFactsFromText(text);
    assert.strictEqual(net.addEgressDenyEdit(text, pol), undefined);
    assert.strictEqual(net.narrowOpenEgressEdit(text, { ...pol, policyTypes: ['Egress'] }, []), undefined);
  });
});
