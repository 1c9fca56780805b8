'use strict';
// One truth: the registration manifest and the scan read the same model (engine/resolved.ts). For every workspace
// the tests use, the broad grants the manifest lists are exactly the broad grants the scan reports findings on,
// and the workloads sit in the namespace the network family resolves.
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { tmpWorkspace, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
const cli = (args) => {
  const r = cp.spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const clusterRole = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: pod-admin', 'rules:', '  - apiGroups: [""]', '    resources: ["*"]', '    verbs: ["*"]', ''].join('\n');
const clusterRoleBinding = [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRoleBinding',
  'metadata:',
  '  name: bot-pod-admin',
  'roleRef:',
  '  apiGroup: rbac.authorization.k8s.io',
  '  kind: ClusterRole',
  '  name: pod-admin',
  'subjects:',
  '  - kind: ServiceAccount',
  '    name: bot',
  '    namespace: tools',
  '',
].join('\n');
const deployment = (ns) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: invoices',
    ...(ns ? [`  namespace: ${ns}`] : []),
    'spec:',
    '  selector:',
    '    matchLabels: { app: invoices }',
    '  template:',
    '    metadata:',
    '      labels: { app: invoices }',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: registry.example/invoices:1.0',
    '',
  ].join('\n');
const wlIdentity = [
  'resource "google_service_account" "app" {',
  '  account_id = "invoices"',
  '}',
  '',
  'resource "google_service_account_iam_member" "wi" {',
  '  service_account_id = google_service_account.app.name',
  '  role               = "roles/iam.workloadIdentityUser"',
  '  member             = "serviceAccount:acme-prod.svc.id.goog[billing/invoices]"',
  '}',
  '',
].join('\n');
const projectWi = ['resource "google_project_iam_member" "wi_all" {', '  project = "acme-prod"', '  role    = "roles/iam.workloadIdentityUser"', '  member  = "serviceAccount:acme-prod.svc.id.goog[billing/invoices]"', '}', ''].join('\n');
const s3Star = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, null, 2);

const WORKSPACES = {
  'examples/slack-bot': () => path.join(ROOT, 'examples', 'slack-bot'),
  'ClusterRoleBinding and its ClusterRole in two files': () => tmpWorkspace({ 'k8s/role.yaml': clusterRole, 'k8s/binding.yaml': clusterRoleBinding }),
  'RoleBinding and its Role in one file': () =>
    tmpWorkspace({
      'rbac.yaml': [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: Role',
        'metadata: { name: writer, namespace: tools }',
        'rules:',
        '  - apiGroups: [""]',
        '    resources: ["secrets"]',
        '    verbs: ["get", "list"]',
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: RoleBinding',
        'metadata: { name: writer, namespace: tools }',
        'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: writer }',
        'subjects: [{ kind: ServiceAccount, name: bot, namespace: tools }]',
        '',
      ].join('\n'),
    }),
  'kustomization with namespace billing': () => tmpWorkspace({ 'deploy/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: billing\nresources:\n  - deployment.yaml\n', 'deploy/deployment.yaml': deployment('default') }),
  'Deployment without a namespace': () => tmpWorkspace({ 'deployment.yaml': deployment() }),
  'GKE Workload Identity on one service account': () => tmpWorkspace({ 'main.tf': wlIdentity }),
  'workloadIdentityUser on the project': () => tmpWorkspace({ 'main.tf': projectWi }),
  's3:* policy': () => tmpWorkspace({ 'policy.json': s3Star }),
  // Issue 16: every new finding sits on a grant of its class.
  'pull_request_target checking out the head': () =>
    tmpWorkspace({
      '.github/workflows/pr.yml': 'on: pull_request_target\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: make\n  label:\n    runs-on: ubuntu-latest\n    permissions:\n      pull-requests: write\n    steps:\n      - uses: actions/labeler@v5\n',
      '.github/workflows/ci.yml': 'on: push\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n',
    }),
  'GCP admin roles project-wide and in a gcloud policy file': () =>
    tmpWorkspace({
      'main.tf': 'resource "google_project_iam_member" "a" {\n  project = "p"\n  role    = "roles/storage.admin"\n  member  = "serviceAccount:a@p.iam.gserviceaccount.com"\n}\nresource "google_storage_bucket_iam_member" "b" {\n  bucket = "x"\n  role   = "roles/storage.admin"\n  member = "serviceAccount:a@p.iam.gserviceaccount.com"\n}\n',
      'policy.json': JSON.stringify({ bindings: [{ role: 'roles/secretmanager.secretAccessor', members: ['user:a@example.com'] }, { role: 'roles/pubsub.viewer', members: ['user:a@example.com'] }], version: 1 }, null, 2),
    }),
  'Azure custom roles': () =>
    tmpWorkspace({
      'roles.bicep': "resource o 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {\n  name: guid('o')\n  properties: {\n    roleName: 'ob'\n    permissions: [\n      {\n        actions: [\n          'Microsoft.Authorization/*'\n        ]\n      }\n    ]\n  }\n}\n",
      'roles.tf': 'resource "azurerm_role_definition" "o" {\n  name  = "o"\n  scope = "/subscriptions/x"\n  permissions {\n    actions = ["*"]\n    data_actions = ["Microsoft.Storage/*"]\n  }\n}\nresource "azurerm_role_definition" "r" {\n  name  = "r"\n  scope = "/subscriptions/x"\n  permissions {\n    actions = ["*/read"]\n  }\n}\n',
    }),
  'aggregated ClusterRoles across files': () =>
    tmpWorkspace({
      'k8s/agg.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: mon\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels:\n        acme.io/mon: "true"\nrules: []\n',
      'k8s/contrib.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: mon-secrets\n  labels:\n    acme.io/mon: "true"\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get"]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: crd-view\n  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\nrules:\n  - apiGroups: [""]\n    resources: ["pods/exec"]\n    verbs: ["create"]\n',
      'k8s/bind.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: prom\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: mon\nsubjects:\n  - kind: ServiceAccount\n    name: prom\n    namespace: mon\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: devs\n  namespace: shop\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n  - kind: Group\n    name: devs\n',
    }),
  'CloudFormation !Ref to a managed policy, Terraform dynamic statements': () =>
    tmpWorkspace({
      'template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: "s3:*"\n            Resource: "*"\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Ref P\n',
      'iam.tf': 'data "aws_iam_policy_document" "d" {\n  dynamic "statement" {\n    for_each = [\n      { actions = ["s3:*"] },\n      { actions = ["s3:GetObject"] },\n    ]\n    content {\n      actions   = statement.value.actions\n      resources = ["arn:aws:s3:::b/*"]\n    }\n  }\n}\n',
    }),
  'everything together': () =>
    tmpWorkspace({
      'k8s/role.yaml': clusterRole,
      'k8s/binding.yaml': clusterRoleBinding,
      'deploy/kustomization.yaml': 'namespace: billing\nresources:\n  - deployment.yaml\n',
      'deploy/deployment.yaml': deployment(),
      'infra/main.tf': wlIdentity,
      'iam/policy.json': s3Star,
    }),
};

const key = (g) => `${g.file}:${g.line}:${g.role ?? (g.actions ?? []).join(',')}`;

function both(dir) {
  const s = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
  assert.ok(s.code === 0 || s.code === 1, s.stderr);
  const m = cli(['manifest', dir, '--format', 'json']);
  assert.strictEqual(m.code, 0, m.stderr);
  return { scan: JSON.parse(s.stdout), manifest: JSON.parse(m.stdout) };
}

describe('scan and manifest agree (one model: engine/resolved.ts)', function () {
  this.timeout(240000);
  const results = {};
  before(() => {
    for (const [name, make] of Object.entries(WORKSPACES)) results[name] = both(make());
  });

  for (const name of Object.keys(WORKSPACES)) {
    it(`${name}: the same broad grants, each with a finding, and the same workload namespaces`, () => {
      const { scan, manifest } = results[name];
      const inManifest = new Set(manifest.spec.requestedPermissions.filter((g) => g.class === 'broad').map(key));
      // Every grant the manifest lists is one the scan reports, with the same class.
      const scanned = new Map(scan.grants.map((g) => [key(g), g]));
      for (const g of manifest.spec.requestedPermissions) assert.strictEqual(scanned.get(key(g))?.class, g.class, `${key(g)} classed alike`);
      // The scan's broad grants, as named by its findings: every broad grant has one, and no other.
      const byFindings = new Set(scan.findings.filter((f) => f.grant?.class === 'broad').map((f) => scan.grants.find((g) => g.file === f.grant.file && g.line === f.grant.line)).map(key));
      const broadInScan = scan.grants.filter((g) => g.class === 'broad');
      for (const g of broadInScan) {
        assert.ok(g.findings.length, `broad grant ${key(g)} has a finding in the scan`);
        for (const f of g.findings) assert.ok(scan.findings.some((x) => x.ruleId === f.ruleId && x.file === f.file && x.line === f.line), `${f.ruleId} ${f.file}:${f.line} is in the report`);
        byFindings.add(key(g));
      }
      assert.deepStrictEqual([...inManifest].sort(), [...byFindings].sort());
      assert.deepStrictEqual([...inManifest].sort(), broadInScan.map(key).sort());
      // Workloads: the manifest's namespaces are the scan's.
      const ns = (list) => list.map((w) => `${w.file}:${w.line}:${w.kind}/${w.name}@${w.namespace}`).sort();
      const pods = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet', 'ReplicationController']);
      assert.deepStrictEqual(ns(manifest.spec.network.workloads), ns(scan.workloads.filter((w) => pods.has(w.kind))));
      // And the network findings on them name that namespace.
      for (const w of manifest.spec.network.workloads) {
        for (const f of scan.findings.filter((x) => x.ruleId === 'network/no-policy' && x.file === w.file)) {
          const named = /namespace "([^"]+)"/.exec(f.message)?.[1];
          if (named) assert.strictEqual(named, w.namespace, f.message);
        }
      }
    });
  }

  it('resolves the ClusterRole of another file (not "role definition not found")', () => {
    const { manifest } = results['ClusterRoleBinding and its ClusterRole in two files'];
    const b = manifest.spec.requestedPermissions.find((g) => g.file === 'k8s/binding.yaml');
    assert.strictEqual(b.class, 'broad');
    assert.doesNotMatch(b.reason, /not found/);
    assert.deepStrictEqual(b.actions, ['*']);
  });

  it('lists the kustomize namespace billing, over the one written', () => {
    for (const name of ['kustomization with namespace billing', 'everything together']) {
      const w = results[name].manifest.spec.network.workloads;
      assert.deepStrictEqual(w.map((x) => x.namespace), ['billing'], name);
    }
    assert.deepStrictEqual(results['Deployment without a namespace'].manifest.spec.network.workloads.map((x) => x.namespace), ['default']);
  });

  it('GKE Workload Identity on one service account is narrow and does not keep the app broad', () => {
    const { manifest, scan } = results['GKE Workload Identity on one service account'];
    const g = manifest.spec.requestedPermissions.find((x) => x.role === 'roles/iam.workloadIdentityUser');
    assert.strictEqual(g.class, 'narrow', g.reason);
    assert.strictEqual(manifest.risk.factors.permissionsBreadth.value, 'narrow');
    assert.ok(!scan.findings.some((f) => f.category === 'iam'));
    const p = results['workloadIdentityUser on the project'];
    assert.strictEqual(p.manifest.risk.factors.permissionsBreadth.value, 'broad');
    assert.ok(p.scan.findings.some((f) => f.ruleId === 'iam/gcp-privileged-role'));
  });

  it('the defaultNamespace setting places workloads that name none, in scan and manifest alike', () => {
    const dir = tmpWorkspace({ 'deployment.yaml': deployment(), '.vscode/settings.json': JSON.stringify({ 'microappGuard.network.defaultNamespace': 'apps' }) });
    const { scan, manifest } = both(dir);
    assert.deepStrictEqual(manifest.spec.network.workloads.map((w) => w.namespace), ['apps']);
    assert.deepStrictEqual(scan.workloads.map((w) => w.namespace), ['apps']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
