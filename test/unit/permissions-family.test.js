'use strict';
// The permissions family through the engine: findings, grants as facts, fixes (with a team's templates), round trips.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { engine, tmpWorkspace, applyFix } = require('../helpers');

const policy = `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:*",\n      "Resource": "*"\n    }\n  ]\n}\n`;

describe('permissions family (engine)', () => {
  it('publishes a classified grant per statement and diagnoses the wildcard with category iam', async () => {
    const r = await engine.analyze({ path: '/ws/policy.json', text: policy });
    assert.ok(r.findings.every((f) => f.category === 'iam'));
    assert.ok(r.findings.some((f) => f.ruleId === 'iam/aws-service-wildcard'));
    const grants = r.facts.filter((f) => f.topic === 'iam/grant').map((f) => f.value);
    assert.deepStrictEqual(grants.map((g) => [g.provider, g.class, g.line]), [['aws', 'broad', 4]]);
  });

  it('a team template from the templatesDir setting is offered, and applying it removes the broad finding', async () => {
    const team = { provider: 'aws', templates: [{ id: 'acme-s3-reports', title: 'ACME reports bucket: read-only', service: 's3', accessLevel: 'read-only', statements: [{ actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::acme-reports', 'arn:aws:s3:::acme-reports/*'] }] }] };
    const dir = tmpWorkspace({ 'policy.json': policy, 'iam-templates/acme.json': JSON.stringify(team) });
    const file = path.join(dir, 'policy.json');
    const ws = new engine.WorkspaceIndex(dir);
    const settings = { 'permissions.templatesDir': 'iam-templates' };
    const f = (await engine.analyzeDocument({ path: file, text: policy }, { workspace: ws, settings })).find((x) => x.ruleId === 'iam/aws-service-wildcard');
    const fixes = engine.fixesForFinding({ path: file, text: policy }, f, { workspace: ws, settings });
    const withoutSetting = engine.fixesForFinding({ path: file, text: policy }, f, { workspace: ws });
    const team_ = fixes.find((x) => /ACME reports/.test(x.title));
    assert.ok(team_, JSON.stringify(fixes.map((x) => x.title)));
    assert.ok(!withoutSetting.some((x) => /ACME reports/.test(x.title)));
    const out = applyFix(team_, { [file]: policy })[file];
    const parsed = JSON.parse(out);
    assert.ok(JSON.stringify(parsed).includes('acme-reports'));
    const after = await engine.analyzeDocument({ path: file, text: out }, { workspace: ws, settings });
    assert.ok(!after.some((x) => x.ruleId === 'iam/aws-service-wildcard' || x.ruleId === 'iam/aws-wildcard-action'), JSON.stringify(after.map((x) => x.ruleId)));
  });

  it('a templatesDir outside the workspace folder is not read', async () => {
    const dir = tmpWorkspace({ 'policy.json': policy });
    const file = path.join(dir, 'policy.json');
    const ws = new engine.WorkspaceIndex(dir);
    const f = (await engine.analyzeDocument({ path: file, text: policy }, { workspace: ws })).find((x) => x.ruleId === 'iam/aws-service-wildcard');
    const a = engine.fixesForFinding({ path: file, text: policy }, f, { workspace: ws, settings: { 'permissions.templatesDir': '../../etc' } }).map((x) => x.title);
    const b = engine.fixesForFinding({ path: file, text: policy }, f, { workspace: ws }).map((x) => x.title);
    assert.deepStrictEqual(a, b);
  });

  it('a cluster-admin binding fix in YAML keeps the file parsing and the finding goes', async () => {
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: bot-admin\nsubjects:\n  - kind: ServiceAccount\n    name: bot\n    namespace: bots\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\n';
    const f = (await engine.analyzeDocument({ path: '/ws/rbac.yaml', text })).find((x) => x.ruleId === 'iam/k8s-cluster-admin-binding');
    assert.ok(f);
    const fix = engine.fixesForFinding({ path: '/ws/rbac.yaml', text }, f).find((x) => x.isPreferred);
    const out = applyFix(fix, { '/ws/rbac.yaml': text })['/ws/rbac.yaml'];
    assert.ok(YAML.parseAllDocuments(out).every((d) => d.errors.length === 0));
    assert.ok(!(await engine.analyzeDocument({ path: '/ws/rbac.yaml', text: out })).some((x) => x.ruleId === 'iam/k8s-cluster-admin-binding'));
  });
});

describe('permissions family (CLI)', function () {
  this.timeout(30000);
  it('the CLI loads the Terraform parser: a jsonencode wildcard policy is reported, as in the editor', () => {
    const { spawnSync } = require('child_process');
    const dir = tmpWorkspace({ 'main.tf': 'resource "aws_iam_policy" "a" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n' });
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1, 'findings fail the scan');
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`), ['main.tf:2:iam/aws-wildcard-action']);
    assert.deepStrictEqual(report.grants.map((g) => [g.provider, g.class, g.file]), [['aws', 'broad', 'main.tf']]);
  });
});

describe('docs/rules.md (generated from the registry)', () => {
  it('documents every rule of every family and the grant classes', () => {
    const md = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
    for (const r of engine.RULES) assert.ok(md.includes(`## ${r.id}\n`), r.id);
    assert.match(md, /## Grant classes \(permissions family\)/);
    for (const p of ['AWS', 'Kubernetes', 'GCP', 'Azure', 'GitHub Actions']) assert.match(md, new RegExp(`\\| ${p} \\|`));
  });
});

describe('Terraform before the parser has loaded', () => {
  it('the first analysis in a fresh process waits for the parser instead of caching nothing', () => {
    const { spawnSync } = require('child_process');
    const script = `const e = require(${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'engine.js'))});
      const text = 'resource "aws_iam_policy" "a" {\\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\\n}\\n';
      e.analyze({ path: '/ws/main.tf', text }).then((r) => console.log(JSON.stringify(r.findings.map((f) => f.ruleId))));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(r.stdout), ['iam/aws-wildcard-action'], r.stderr);
  });
});
