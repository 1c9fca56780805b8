'use strict';
// The network family through the engine and the workspace model: kustomize namespaces across files, the fixes.
const assert = require('assert');
const path = require('path');
const YAML = require('yaml');
const { engine, applyFix } = require('../helpers');

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    metadata:\n      labels: {app: api}\n    spec:\n      containers:\n        - name: api\n          image: registry.local/api:1\n          env:\n            - name: PAYMENTS_URL\n              value: "https://api.stripe.com/v1"\n`;
const policyIn = (ns) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;

async function inWorkspace(files, target) {
  const model = new engine.WorkspaceModel('/ws');
  for (const [p, text] of Object.entries(files)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  return engine.analyze({ path: target, text: files[target] }, { model });
}

describe('network family (engine, across files)', () => {
  it('a kustomization sets the namespace of the files it lists: a policy there covers the Deployment', async () => {
    const base = { '/ws/app/deployment.yaml': deployment, '/ws/app/kustomization.yaml': 'namespace: payments\nresources:\n  - deployment.yaml\n' };
    const without = await inWorkspace({ ...base, '/ws/policies/deny.yaml': policyIn('default') }, '/ws/app/deployment.yaml');
    assert.ok(without.findings.some((f) => f.ruleId === 'network/no-policy'), 'a policy in "default" does not cover a Deployment kustomize puts in "payments"');
    const closest = without.findings.find((f) => f.ruleId === 'network/no-policy');
    assert.ok(closest.related?.some((r) => r.path === '/ws/policies/deny.yaml'), 'related information points at the policy that comes closest');
    const covered = await inWorkspace({ ...base, '/ws/policies/deny.yaml': policyIn('payments') }, '/ws/app/deployment.yaml');
    assert.ok(!covered.findings.some((f) => f.category === 'network' && f.ruleId !== 'network/unknown-endpoint'), JSON.stringify(covered.findings.map((f) => f.ruleId)));
    // The policies of the namespace the Deployment lands in (kustomize's), and the kustomizations.
    assert.ok(covered.deps.has('k8s/network-policy#ns:payments') && covered.deps.has('k8s/kustomize'), `the findings record what they depend on: ${[...covered.deps]}`);
  });

  it('the defaultNamespace setting places objects that name none, in this file and in others', async () => {
    const files = { '/ws/app/deployment.yaml': deployment, '/ws/policies/deny.yaml': policyIn('prod') };
    const model = new engine.WorkspaceModel('/ws');
    for (const [p, text] of Object.entries(files)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
    const target = '/ws/app/deployment.yaml';
    const inDefault = await engine.analyze({ path: target, text: deployment }, { model });
    assert.ok(inDefault.findings.some((f) => f.ruleId === 'network/no-policy'));
    const inProd = await engine.analyze({ path: target, text: deployment }, { model, settings: { network: { defaultNamespace: 'prod' } } });
    assert.ok(!inProd.findings.some((f) => f.ruleId === 'network/no-policy'), JSON.stringify(inProd.findings.map((f) => f.message)));
    // A policy that names no namespace lands in the default namespace too.
    const unnamed = policyIn('x').replace('  namespace: x\n', '');
    const m2 = new engine.WorkspaceModel('/ws');
    m2.update('/ws/policies/deny.yaml', engine.documentFacts(engine.documentContext({ path: '/ws/policies/deny.yaml', text: unnamed })));
    const both = await engine.analyze({ path: target, text: deployment }, { model: m2, settings: { network: { defaultNamespace: 'prod' } } });
    assert.ok(!both.findings.some((f) => f.ruleId === 'network/no-policy'));
  });

  it('the generated NetworkPolicy names the app\'s endpoints, parses, and removes the finding', async () => {
    const file = '/ws/k8s/api.yaml';
    const f = (await engine.analyzeDocument({ path: file, text: deployment })).find((x) => x.ruleId === 'network/no-policy');
    const fix = engine.fixesForFinding({ path: file, text: deployment }, f).find((x) => x.isPreferred);
    const out = applyFix(fix, { [file]: deployment })[file];
    const docs = YAML.parseAllDocuments(out);
    assert.ok(docs.every((d) => d.errors.length === 0));
    const np = docs[1].toJS();
    assert.strictEqual(np.kind, 'NetworkPolicy');
    assert.deepStrictEqual(np.spec.policyTypes, ['Ingress', 'Egress']);
    assert.match(out, /api\.stripe\.com/);
    assert.ok(!(await engine.analyzeDocument({ path: file, text: out })).some((x) => x.ruleId === 'network/no-policy'));
  });

  it('an egress rule open to 0.0.0.0/0 is narrowed to the endpoints the app calls', async () => {
    const file = '/ws/k8s/np.yaml';
    const text = `${deployment}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n`;
    const f = (await engine.analyzeDocument({ path: file, text })).find((x) => x.ruleId === 'network/open-egress');
    assert.ok(f);
    const fix = engine.fixesForFinding({ path: file, text }, f).find((x) => x.title.startsWith('Narrow'));
    assert.ok(fix, JSON.stringify(engine.fixesForFinding({ path: file, text }, f).map((x) => x.title)));
    const out = applyFix(fix, { [file]: text })[file];
    assert.ok(YAML.parseAllDocuments(out).every((d) => d.errors.length === 0));
    assert.ok(!out.includes('0.0.0.0/0'));
    assert.ok(!(await engine.analyzeDocument({ path: file, text: out })).some((x) => x.ruleId === 'network/open-egress'));
  });
});
