'use strict';
// Suppression for every family and every format: product comments, family selectors, and the fingerprint file for JSON.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { engine, tmpWorkspace, applyFix } = require('../helpers');

const wildcardPolicy = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "*", "Resource": "*" }\n  ]\n}\n`;
const rbac = (comment) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: ["*"]${comment}\n    resources: [pods]\n    verbs: [get]\n`;

describe('suppression: every family, every format', () => {
  it('a microapp-guard-disable-line comment names a rule or a whole family', async () => {
    const base = await engine.analyzeDocument({ path: '/ws/role.yaml', text: rbac('') });
    assert.ok(base.some((f) => f.ruleId === 'iam/k8s-wildcard'), JSON.stringify(base.map((f) => f.ruleId)));
    for (const c of [' # microapp-guard-disable-line iam/k8s-wildcard', ' # microapp-guard-disable-line permissions', ' # microapp-guard-disable-line iam/*']) {
      const f = await engine.analyzeDocument({ path: '/ws/role.yaml', text: rbac(c) });
      assert.ok(!f.some((x) => x.ruleId === 'iam/k8s-wildcard'), c);
    }
    // Another family's name does not silence this one.
    const other = await engine.analyzeDocument({ path: '/ws/role.yaml', text: rbac(' # microapp-guard-disable-line network') });
    assert.ok(other.some((x) => x.ruleId === 'iam/k8s-wildcard'));
  });

  it('the ignore fix of a non-secret finding writes a microapp-guard comment that removes it', async () => {
    const text = rbac('');
    const f = (await engine.analyzeDocument({ path: '/ws/role.yaml', text })).find((x) => x.ruleId === 'iam/k8s-wildcard');
    const fix = engine.fixesForFinding({ path: '/ws/role.yaml', text }, f).find((x) => x.title.startsWith('Ignore'));
    assert.match(fix.title, /microapp-guard-disable/);
    const out = applyFix(fix, { '/ws/role.yaml': text })['/ws/role.yaml'];
    assert.ok(!(await engine.analyzeDocument({ path: '/ws/role.yaml', text: out })).some((x) => x.ruleId === 'iam/k8s-wildcard'));
  });

  it('JSON has no comments: the ignore fix adds a fingerprint (file, rule, JSON path; never a value) that suppresses the finding', async () => {
    const dir = tmpWorkspace({ 'policy.json': wildcardPolicy });
    const file = path.join(dir, 'policy.json');
    let ws = new engine.WorkspaceIndex(dir);
    const f = (await engine.analyzeDocument({ path: file, text: wildcardPolicy }, { workspace: ws })).find((x) => x.ruleId === 'iam/aws-wildcard-action');
    assert.ok(f);
    const fix = engine.fixesForFinding({ path: file, text: wildcardPolicy }, f, { workspace: ws }).find((x) => x.title.includes(engine.FINGERPRINT_FILE));
    assert.ok(fix, 'a fingerprint fix is offered');
    const [change] = fix.changes;
    assert.strictEqual(change.path, path.join(dir, '.microapp-guard-ignore'));
    assert.strictEqual(change.create, true);
    const written = engine.applyEdits('', change.edits);
    assert.match(written, /^policy\.json:iam\/aws-wildcard-action:\$\.Statement\[0\]\.Action$/m);
    fs.writeFileSync(change.path, written);
    ws = new engine.WorkspaceIndex(dir);
    const after = await engine.analyzeDocument({ path: file, text: wildcardPolicy }, { workspace: ws });
    assert.ok(!after.some((x) => x.ruleId === 'iam/aws-wildcard-action'));
    // Lines moving does not break the fingerprint (it names the JSON path).
    const moved = `\n\n${wildcardPolicy}`;
    assert.ok(!(await engine.analyzeDocument({ path: file, text: moved }, { workspace: ws })).some((x) => x.ruleId === 'iam/aws-wildcard-action'));
  });
});

describe('suppression: what a directive names', () => {
  it('a rule id that names no rule (a typo) silences nothing; words after a bare directive are a reason', async () => {
    const { fake } = require('../helpers');
    const line = (c) => `const stripe = "${fake.stripe()}"; // ${c}\n`;
    const ids = async (c) => (await engine.analyzeDocument({ path: '/ws/a.js', text: line(c) })).map((f) => f.ruleId);
    assert.deepStrictEqual(await ids('microapp-guard-disable-line secrets/generic-credential'), ['secret/provider-token']);
    assert.deepStrictEqual(await ids('microapp-guard-disable-line secret/provider-token'), []);
    assert.deepStrictEqual(await ids('microapp-guard-disable-line test key, rotated'), []);
    assert.deepStrictEqual(await ids('microapp-guard-disable-line'), []);
  });
});
