'use strict';
// Issue 16, permissions: implicit GITHUB_TOKEN use and untrusted checkouts, GCP admin-level roles project-wide,
// Azure custom roles with wildcards, aggregated ClusterRoles by label, Terraform dynamic statements and a
// CloudFormation !Ref to a managed policy of the same template. True and false positives, fix round trips through
// the engine (apply, re-parse, re-scan), and properties where the input is open-ended. Fake data only.
const assert = require('assert');
const fc = require('fast-check');
const YAML = require('yaml');
const { engine, applyFix } = require('../helpers');

const cloud = engine.internals.permissions;
const aws = engine.internals.permissions;
const analyze = (path, text) => engine.analyzeDocument({ path, text }, {});
const facts = async (path, text) => (await engine.analyze({ path, text })).facts.filter((f) => f.topic === 'iam/grant').map((f) => f.value);
const iam = (fs) => fs.filter((f) => f.category === 'iam');
const at = (text, f) => text.slice(f.start, f.end);

/** Apply the preferred fix of the first finding of `ruleId`, and return the new text. */
async function fixOnce(path, text, ruleId, pick = (fixes) => fixes.find((x) => x.isPreferred) ?? fixes[0]) {
  const f = (await analyze(path, text)).find((x) => x.ruleId === ruleId);
  assert.ok(f, `${ruleId} in ${path}`);
  const fixes = engine.fixesForFinding({ path, text }, f, {});
  assert.ok(fixes.length, `a fix for ${ruleId}`);
  return applyFix(pick(fixes), { [path]: text })[path];
}

before(() => cloud.initHcl());

describe('permissions coverage: GitHub Actions implicit token use', () => {
  const WF = '/ws/.github/workflows/ci.yml';
  const CI = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
  comment:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: marocchino/sticky-pull-request-comment@v2
        with:
          message: coverage 91%
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: \${{ github.actor }}
          password: \${{ secrets.GITHUB_TOKEN }}
      - run: docker push ghcr.io/acme/app:latest
`;

  it('actions/checkout uses the token implicitly: every job is flagged with the least it needs', () => {
    const r = cloud.checkWorkflow(cloud.workflowRoot(CI));
    assert.deepStrictEqual(r.findings.map((f) => [at(CI, f), f.severity]), [['test', 'info'], ['comment', 'warning'], ['image', 'warning']]);
    assert.match(r.findings[0].message, /actions\/checkout.*contents: read/);
    assert.match(r.findings[1].message, /pull-requests: write/);
    assert.match(r.findings[2].message, /packages: write/);
    assert.deepStrictEqual(cloud.tokenUse(cloud.workflowRoot(CI).entries[2].value.entries[2].value).needs, { contents: 'read', packages: 'write' });
  });

  it('the mapping is data with a source per action', () => {
    assert.ok(cloud.TOKEN_ACTIONS.length >= 20);
    for (const a of cloud.TOKEN_ACTIONS) assert.match(a.source, /^https:\/\//, a.action);
    assert.ok(cloud.TOKEN_ACTIONS.some((a) => a.action === 'actions/checkout'));
  });

  it('fix: contents: read at the top, each job that needs more gets its whole block; the re-scan is clean', async () => {
    const fixed = await fixOnce(WF, CI, 'iam/gha-missing-permissions');
    const doc = YAML.parse(fixed);
    assert.deepStrictEqual(doc.permissions, { contents: 'read' });
    assert.strictEqual(doc.jobs.test.permissions, undefined);
    assert.deepStrictEqual(doc.jobs.comment.permissions, { contents: 'read', 'pull-requests': 'write' });
    assert.deepStrictEqual(doc.jobs.image.permissions, { contents: 'read', packages: 'write' });
    assert.deepStrictEqual(iam(await analyze(WF, fixed)), []);
  });

  it('write-all is replaced by the least its jobs need; a reusable workflow call gets a TODO where the fix restricts it', async () => {
    const wa = `on: push\npermissions: write-all\njobs:\n  rel:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: softprops/action-gh-release@v2\n`;
    const fixed = await fixOnce(WF, wa, 'iam/gha-write-all');
    assert.deepStrictEqual(YAML.parse(fixed).permissions, { contents: 'write' });
    assert.deepStrictEqual(iam(await analyze(WF, fixed)), []);
    const reuse = `on: push\njobs:\n  test:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n  release:\n    uses: ./.github/workflows/release.yml\n`;
    const out = await fixOnce(WF, reuse, 'iam/gha-missing-permissions');
    assert.match(out, /  release:\n    # TODO: the called workflow now gets the permissions above/);
    assert.deepStrictEqual(YAML.parse(out).jobs.release, { uses: './.github/workflows/release.yml' });
  });

  it('no finding: another token given to the action, top-level permissions, a job that never uses the token, a non-workflow path', async () => {
    const pat = `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          token: \${{ secrets.BOT_PAT }}\n`;
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(pat)).findings, []);
    const crPat = `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          password: \${{ secrets.CR_PAT }}\n`;
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(crPat)).findings, []);
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(`permissions:\n  contents: read\n${CI}`)).findings, []);
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/setup-node@v4\n      - run: make\n')).findings, []);
    assert.deepStrictEqual(iam(await analyze('/ws/ci/pipeline.yml', CI)), []);
  });

  const PRT = `on:
  pull_request_target:
    types: [opened, synchronize]
permissions:
  contents: read
  pull-requests: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
          fetch-depth: 0
      - run: npm ci && npm run build
`;

  it('pull_request_target with a checkout of the head is an escalation (error), and the job grant is broad with that finding', async () => {
    const r = cloud.checkWorkflow(cloud.workflowRoot(PRT));
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.severity, at(PRT, f)]), [['iam/gha-untrusted-checkout', 'error', '${{ github.event.pull_request.head.sha }}']]);
    const g = r.grants.find((x) => x.class === 'broad');
    assert.ok(g && g.start <= r.findings[0].start && r.findings[0].end <= g.end, JSON.stringify(r.grants));
    const published = await facts(WF, PRT);
    assert.ok(published.some((x) => x.class === 'broad' && x.line <= 13 && x.endLine >= 13));
  });

  it('workflow_run with the triggering head, and gh pr checkout, are escalations too', () => {
    const wr = `on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\njobs:\n  deploy:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.workflow_run.head_sha }}\n`;
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(wr)).findings.filter((f) => f.ruleId === 'iam/gha-untrusted-checkout').length, 1);
    const gh = `on: pull_request_target\njobs:\n  t:\n    runs-on: x\n    permissions: {}\n    steps:\n      - run: gh pr checkout \${{ github.event.pull_request.number }}\n`;
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(gh)).findings.map((f) => f.ruleId), ['iam/gha-untrusted-checkout']);
  });

  it('no escalation: pull_request_target checking out the base, pull_request checking out the head', () => {
    const base = PRT.replace(/        with:\n.*\n.*\n/, '');
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(base)).findings, []);
    const pr = PRT.replace('pull_request_target', 'pull_request');
    assert.deepStrictEqual(cloud.checkWorkflow(cloud.workflowRoot(pr)).findings, []);
  });

  it('fix: check out the base branch; the re-scan has no escalation and fetch-depth stays', async () => {
    const fixed = await fixOnce(WF, PRT, 'iam/gha-untrusted-checkout');
    assert.deepStrictEqual(YAML.parse(fixed).jobs.build.steps[0].with, { 'fetch-depth': 0 });
    assert.ok(!(await analyze(WF, fixed)).some((f) => f.ruleId === 'iam/gha-untrusted-checkout'));
    const only = PRT.replace('          fetch-depth: 0\n', '');
    const fixed2 = await fixOnce(WF, only, 'iam/gha-untrusted-checkout');
    assert.strictEqual(YAML.parse(fixed2).jobs.build.steps[0].with, undefined);
    assert.deepStrictEqual(iam(await analyze(WF, fixed2)), []);
  });

  it('property: the workflow reader and its fixes never throw on arbitrary YAML', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('actions/checkout@v4', '${{ github.event.pull_request.head.sha }}', 'write-all', 'pull_request_target'), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('on', 'jobs', 'steps', 'uses', 'with', 'ref', 'run', 'permissions', 'x'), tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, fc.string(), (v, junk) => {
        for (const text of [YAML.stringify({ on: 'pull_request_target', jobs: { a: v } }), YAML.stringify(v), junk]) {
          const root = cloud.workflowRoot(text);
          const r = cloud.checkWorkflow(root);
          for (const f of r.findings) cloud.ghaFixEdits(text, f);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('permissions coverage: GCP admin-level roles project-wide', () => {
  const TF = '/ws/iam.tf';
  const member = (type, role, scopeAttr = '  project = "acme-prod"\n') => `resource "${type}" "app" {\n${scopeAttr}  role    = "${role}"\n  member  = "serviceAccount:app@acme-prod.iam.gserviceaccount.com"\n}\n`;

  it('roles/<service>.admin, objectAdmin and secretAccessor on a project, folder or organisation: broad, with a finding naming the resource-scoped grant', () => {
    const cases = [
      ['google_project_iam_member', 'roles/storage.admin', /google_storage_bucket_iam_member/],
      ['google_project_iam_member', 'roles/storage.objectAdmin', /one bucket/],
      ['google_folder_iam_member', 'roles/cloudsql.admin', /IAM condition/],
      ['google_organization_iam_member', 'roles/pubsub.admin', /google_pubsub_topic_iam_member/],
      ['google_project_iam_member', 'roles/secretmanager.secretAccessor', /every secret/],
    ];
    for (const [type, role, re] of cases) {
      const r = cloud.checkGcpTerraform(cloud.parseHcl(member(type, role)));
      assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['iam/gcp-admin-role', 'warning']], role);
      assert.match(r.findings[0].message, re);
      assert.deepStrictEqual(r.grants.map((g) => g.class), ['broad'], role);
    }
    const b = cloud.checkGcpTerraform(cloud.parseHcl('resource "google_project_iam_binding" "x" {\n  project = "p"\n  role = "roles/compute.admin"\n  members = ["group:ops@example.com"]\n}\n'));
    assert.deepStrictEqual(b.findings.map((f) => f.ruleId), ['iam/gcp-admin-role']);
  });

  it('no admin-role finding: the same role on one resource, a non-admin role, IAM roles (their own rule), custom roles', () => {
    const quiet = [
      member('google_storage_bucket_iam_member', 'roles/storage.admin', '  bucket = "invoices"\n'),
      member('google_secret_manager_secret_iam_member', 'roles/secretmanager.secretAccessor', '  secret_id = "db"\n'),
      member('google_project_iam_member', 'roles/pubsub.publisher'),
      member('google_project_iam_member', 'projects/acme-prod/roles/deployAdmin'),
    ];
    for (const t of quiet) assert.deepStrictEqual(cloud.checkGcpTerraform(cloud.parseHcl(t)).findings, [], t);
    assert.strictEqual(cloud.classifyGcp('roles/secretmanager.secretAccessor', ['x'], 'secret manager secret').cls, 'narrow');
    assert.deepStrictEqual(cloud.checkGcpTerraform(cloud.parseHcl(member('google_project_iam_member', 'roles/iam.serviceAccountAdmin'))).findings.map((f) => f.ruleId), ['iam/gcp-privileged-role']);
  });

  it('gcloud IAM policy files (JSON and YAML) are read; other documents with "bindings" are not', async () => {
    const json = JSON.stringify({ bindings: [{ role: 'roles/run.admin', members: ['user:dev@example.com'] }, { role: 'roles/run.invoker', members: ['allAuthenticatedUsers'] }], etag: 'BwX', version: 1 }, null, 2);
    const fj = iam(await analyze('/ws/policy.json', json));
    assert.deepStrictEqual(fj.map((f) => f.ruleId).sort(), ['iam/gcp-admin-role', 'iam/gcp-public-member']);
    const yaml = 'bindings:\n- members:\n  - serviceAccount:ci@acme.iam.gserviceaccount.com\n  role: roles/storage.objectAdmin\netag: BwX\nversion: 1\n';
    assert.deepStrictEqual(iam(await analyze('/ws/iam-policy.yaml', yaml)).map((f) => f.ruleId), ['iam/gcp-admin-role']);
    assert.deepStrictEqual((await facts('/ws/iam-policy.yaml', yaml)).map((g) => [g.provider, g.class]), [['gcp', 'broad']]);
    assert.deepStrictEqual(iam(await analyze('/ws/keys.yaml', 'bindings:\n  ctrl-s: save\n')), []);
  });

  it('Config Connector IAMPolicyMember / IAMPartialPolicy: judged at the scope resourceRef names', async () => {
    const cc = (kind, role) => `apiVersion: iam.cnrm.cloud.google.com/v1beta1\nkind: IAMPolicyMember\nmetadata:\n  name: m\nspec:\n  member: serviceAccount:app@acme.iam.gserviceaccount.com\n  role: ${role}\n  resourceRef:\n    kind: ${kind}\n    external: x\n`;
    assert.deepStrictEqual(iam(await analyze('/ws/k8s/iam.yaml', cc('Project', 'roles/storage.admin'))).map((f) => f.ruleId), ['iam/gcp-admin-role']);
    assert.deepStrictEqual(iam(await analyze('/ws/k8s/iam.yaml', cc('StorageBucket', 'roles/storage.admin'))), []);
    assert.deepStrictEqual((await facts('/ws/k8s/iam.yaml', cc('Folder', 'roles/pubsub.publisher'))).map((g) => [g.provider, g.class]), [['gcp', 'moderate']]);
    const partial = 'apiVersion: iam.cnrm.cloud.google.com/v1beta1\nkind: IAMPartialPolicy\nmetadata:\n  name: p\nspec:\n  resourceRef:\n    kind: Project\n    external: acme\n  bindings:\n    - role: roles/secretmanager.secretAccessor\n      members:\n        - member: group:ops@example.com\n';
    assert.deepStrictEqual(iam(await analyze('/ws/k8s/partial.yaml', partial)).map((f) => f.ruleId), ['iam/gcp-admin-role']);
  });

  it('fix: the grant moves to one resource of the service (the project argument kept where the resource takes one); the re-scan is clean', async () => {
    const text = member('google_project_iam_member', 'roles/storage.admin');
    const fixed = await fixOnce(TF, text, 'iam/gcp-admin-role');
    assert.match(fixed, /resource "google_storage_bucket_iam_member" "app"/);
    assert.match(fixed, /bucket = "TODO-bucket"/);
    assert.doesNotMatch(fixed, /project/);
    assert.ok(!cloud.parseHcl(fixed).hasErrors, fixed);
    assert.deepStrictEqual(iam(await analyze(TF, fixed)), []);
    const ps = await fixOnce(TF, member('google_project_iam_member', 'roles/pubsub.admin'), 'iam/gcp-admin-role');
    assert.match(ps, /google_pubsub_topic_iam_member[\s\S]*project = "acme-prod"\n  topic = "TODO-topic"/);
    assert.deepStrictEqual(iam(await analyze(TF, ps)), []);
  });
});

describe('permissions coverage: Azure custom role definitions', () => {
  const TF = '/ws/roles.tf';
  const def = (perms) => `resource "azurerm_role_definition" "ops" {\n  name  = "ops"\n  scope = data.azurerm_subscription.primary.id\n  permissions {\n${perms}  }\n  assignable_scopes = [data.azurerm_subscription.primary.id]\n}\n`;

  it('"*" actions (Owner or Contributor in all but name), provider-wide and data wildcards are findings; the grant is broad', () => {
    const cases = [
      ['    actions     = ["*"]\n    not_actions = []\n', 'error'],
      ['    actions     = ["*"]\n    not_actions = ["Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete"]\n', 'warning'],
      ['    actions = ["Microsoft.Authorization/*"]\n', 'error'],
      ['    actions = ["Microsoft.Compute/*"]\n', 'warning'],
      ['    actions = ["*/write"]\n', 'warning'],
      ['    actions = []\n    data_actions = ["*"]\n', 'error'],
      ['    data_actions = ["Microsoft.KeyVault/*"]\n', 'warning'],
    ];
    for (const [perms, severity] of cases) {
      const r = cloud.checkAzureRoleDefinitionsTf(cloud.parseHcl(def(perms)));
      assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['iam/azure-custom-role-wildcard', severity]], perms);
      assert.deepStrictEqual(r.grants.map((g) => g.class), ['broad'], perms);
    }
  });

  it('no finding: named actions (narrow), reader wildcards and one resource type (moderate)', () => {
    for (const [perms, cls] of [
      ['    actions = ["Microsoft.Storage/storageAccounts/read", "Microsoft.Storage/storageAccounts/listKeys/action"]\n', 'narrow'],
      ['    actions = ["*/read"]\n', 'moderate'],
      ['    actions = ["Microsoft.Web/sites/*"]\n', 'moderate'],
      ['    actions = var.actions\n', 'moderate'],
    ]) {
      const r = cloud.checkAzureRoleDefinitionsTf(cloud.parseHcl(def(perms)));
      assert.deepStrictEqual(r.findings, [], perms);
      assert.deepStrictEqual(r.grants.map((g) => g.class), [cls], perms);
    }
  });

  const ARM = JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        { type: 'Microsoft.Authorization/roleDefinitions', apiVersion: '2022-04-01', name: '[guid(resourceGroup().id)]', properties: { roleName: 'ops', permissions: [{ actions: ['*'], notActions: [], dataActions: ['Microsoft.Storage/*'] }], assignableScopes: ['[resourceGroup().id]'] } },
        { type: 'Microsoft.Authorization/roleDefinitions', apiVersion: '2022-04-01', name: 'reader', properties: { roleName: 'reader', permissions: [{ actions: ['Microsoft.Storage/storageAccounts/read'] }] } },
      ],
    },
    null,
    2,
  );

  it('ARM roleDefinitions: the same judgement', () => {
    const r = cloud.checkArmRoleDefinitions(cloud.documentRoots(ARM)[0]);
    assert.deepStrictEqual(r.findings.map((f) => [f.severity, at(ARM, f)]), [['error', '"*"'], ['warning', '"Microsoft.Storage/*"']]);
    assert.deepStrictEqual(r.grants.map((g) => [g.role, g.class]), [['ops', 'broad'], ['reader', 'narrow']]);
  });

  it('fix round trips: "*" becomes "*/read"; a data wildcard a template of named data actions (Terraform and ARM)', async () => {
    let text = def('    actions     = ["*"]\n    data_actions = ["*"]\n');
    text = await fixOnce(TF, text, 'iam/azure-custom-role-wildcard');
    text = await fixOnce(TF, text, 'iam/azure-custom-role-wildcard');
    assert.match(text, /actions\s+= \["\*\/read"\]/);
    assert.match(text, /data_actions = \["Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\/read"\]/);
    assert.ok(!cloud.parseHcl(text).hasErrors);
    assert.deepStrictEqual(iam(await analyze(TF, text)), []);
    let arm = ARM;
    for (let i = 0; i < 2; i++) arm = await fixOnce('/ws/azuredeploy.json', arm, 'iam/azure-custom-role-wildcard', (fixes) => fixes[fixes.length - 1]);
    const perms = JSON.parse(arm).resources[0].properties.permissions[0];
    assert.deepStrictEqual(perms.actions, ['*/read']);
    assert.deepStrictEqual(perms.dataActions, ['Microsoft.ServiceBus/namespaces/messages/send/action']);
    assert.deepStrictEqual(iam(await analyze('/ws/azuredeploy.json', arm)), []);
  });
});

describe('permissions coverage: Azure custom roles in Bicep', () => {
  const BICEP = `targetScope = 'subscription'

resource opsRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'ops')
  properties: {
    roleName: 'ops'
    permissions: [
      {
        actions: [
          '*'
        ]
        dataActions: [
          'Microsoft.KeyVault/*'
        ]
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

resource reader 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'reader')
  properties: {
    roleName: 'reader'
    permissions: [ { actions: [ 'Microsoft.Storage/storageAccounts/read' ] } ]
  }
}
`;
  const FILE = '/ws/infra/roles.bicep';

  it('reads roleDefinitions of .bicep files: wildcards flagged, named actions narrow', async () => {
    const fs = iam(await analyze(FILE, BICEP));
    assert.deepStrictEqual(fs.map((f) => [f.ruleId, f.severity]), [['iam/azure-custom-role-wildcard', 'error'], ['iam/azure-custom-role-wildcard', 'warning']]);
    assert.deepStrictEqual((await facts(FILE, BICEP)).map((g) => [g.role, g.class]), [['ops', 'broad'], ['reader', 'narrow']]);
    assert.deepStrictEqual(iam(await analyze('/ws/infra/roles.bicep', BICEP.replace(/'\*'/, "'*/read'").replace("'Microsoft.KeyVault/*'", "'Microsoft.KeyVault/vaults/secrets/getSecret/action'"))), []);
    assert.deepStrictEqual(iam(await analyze('/ws/infra/roles.txt', BICEP)), []);
  });

  it('fix round trip in Bicep quoting: "*" becomes \'*/read\', a data wildcard a template, one action a line', async () => {
    let text = await fixOnce(FILE, BICEP, 'iam/azure-custom-role-wildcard');
    text = await fixOnce(FILE, text, 'iam/azure-custom-role-wildcard', (fixes) => fixes.find((x) => /Key Vault/.test(x.title)));
    assert.match(text, /\n {10}'\*\/read'\n/);
    assert.match(text, /\n {10}'Microsoft\.KeyVault\/vaults\/secrets\/getSecret\/action'\n {10}'Microsoft\.KeyVault\/vaults\/secrets\/readMetadata\/action'\n/);
    assert.deepStrictEqual(iam(await analyze(FILE, text)), []);
  });
});

describe('permissions coverage: aggregated ClusterRoles by label', () => {
  const role = (name, labels, rules) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${labels ? `  labels:\n${Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"\n`).join('')}` : ''}rules:\n${rules}`;
  const AGG = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: monitoring\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels:\n        acme.io/aggregate-to-monitoring: "true"\nrules: []\n';
  const SECRETS = role('monitoring-secrets', { 'acme.io/aggregate-to-monitoring': 'true' }, '  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["get", "list"]\n');
  const PODS = role('monitoring-pods', { 'acme.io/aggregate-to-monitoring': 'true' }, '  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n');
  const BIND = (name, kind = 'ClusterRoleBinding') => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: b\n  namespace: mon\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${name}\nsubjects:\n  - kind: ServiceAccount\n    name: prometheus\n    namespace: mon\n`;
  const facts = (text, path) => cloud.rbacFacts(cloud.documentRoots(text)).map((r) => ({ ...r, path }));
  const lookupOf = (roles) => {
    const f = (kind, name) => roles.find((r) => r.kind === kind && r.name === name);
    f.clusterRoles = () => roles.filter((r) => r.kind === 'ClusterRole');
    return f;
  };

  it('a binding to an aggregated role in another file takes the rules of the roles it selects, in a third file: broad, with the finding on the binding', () => {
    const roles = [...facts(AGG, '/ws/agg.yaml'), ...facts(`${SECRETS}---\n${PODS}`, '/ws/contrib.yaml')];
    const text = BIND('monitoring');
    const r = cloud.checkRbac(cloud.documentRoots(text), lookupOf(roles));
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, at(text, f)]), [['iam/k8s-secrets-read', 'monitoring']]);
    assert.match(r.findings[0].message, /aggregates ClusterRole monitoring-secrets by label/);
    assert.strictEqual(r.findings[0].related[0].path, '/ws/contrib.yaml');
  });

  it('the scan and the grants view agree across files', async () => {
    const { tmpWorkspace, ROOT } = require('../helpers');
    const cp = require('child_process');
    const path = require('path');
    const dir = tmpWorkspace({ 'k8s/agg.yaml': AGG, 'k8s/contrib.yaml': `${SECRETS}---\n${PODS}`, 'k8s/bind.yaml': BIND('monitoring') });
    const out = cp.spawnSync(process.execPath, [path.join(ROOT, 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
    const r = JSON.parse(out.stdout);
    const b = r.grants.find((x) => x.file === 'k8s/bind.yaml');
    assert.strictEqual(b.class, 'broad', b.reason);
    assert.ok(b.findings.length);
    assert.ok(b.resources.includes('secrets') && b.resources.includes('pods'));
  });

  it('the built-in view aggregates roles labelled aggregate-to-view: a view binding then reports what they add', () => {
    const crd = role('widgets-view', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, '  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["list"]\n');
    const text = `${crd}---\n${BIND('view', 'RoleBinding')}`;
    const r = cloud.checkRbac(cloud.documentRoots(text), () => undefined);
    const onBinding = r.findings.filter((f) => at(text, f) === 'view');
    assert.deepStrictEqual(onBinding.map((f) => f.ruleId), ['iam/k8s-secrets-read']);
    assert.strictEqual(r.grants.find((g) => g.principal).class, 'broad');
    // Without such a role, view is what it was.
    const plain = cloud.checkRbac(cloud.documentRoots(BIND('view', 'RoleBinding')), () => undefined);
    assert.deepStrictEqual(plain.findings, []);
    assert.notStrictEqual(plain.grants[0].class, 'broad');
  });

  it('matchExpressions select too; a selector matching nothing leaves the role moderate without a finding', () => {
    const expr = AGG.replace('    - matchLabels:\n        acme.io/aggregate-to-monitoring: "true"\n', '    - matchExpressions:\n        - { key: acme.io/aggregate-to-monitoring, operator: Exists }\n');
    const roles = [...facts(expr, '/ws/agg.yaml'), ...facts(SECRETS, '/ws/c.yaml')];
    assert.strictEqual(cloud.checkRbac(cloud.documentRoots(BIND('monitoring')), lookupOf(roles)).grants[0].class, 'broad');
    const none = [...facts(AGG, '/ws/agg.yaml'), ...facts(SECRETS.replace('aggregate-to-monitoring', 'aggregate-to-other'), '/ws/c.yaml')];
    const r = cloud.checkRbac(cloud.documentRoots(BIND('monitoring')), lookupOf(none));
    assert.deepStrictEqual(r.findings, []);
    assert.strictEqual(r.grants[0].class, 'moderate');
    assert.ok(!cloud.aggregationSelects(none[0], none[1]));
  });

  it('an empty selector (or one on the bootstrapping label) aggregates the built-in cluster-admin: the binding is reported, not moderate', () => {
    const everything = AGG.replace('    - matchLabels:\n        acme.io/aggregate-to-monitoring: "true"\n', '    - {}\n');
    const defaults = AGG.replace('acme.io/aggregate-to-monitoring', 'kubernetes.io/bootstrapping').replace('"true"', 'rbac-defaults');
    for (const agg of [everything, defaults]) {
      const text = `${agg}---\n${BIND('monitoring')}`;
      const r = cloud.checkRbac(cloud.documentRoots(text), () => undefined);
      assert.strictEqual(r.grants.find((g) => g.principal).class, 'broad', agg);
      assert.ok(r.findings.some((f) => at(text, f) === 'monitoring' && /cluster-admin/.test(f.message)), JSON.stringify(r.findings.map((f) => f.message)));
      // The built-in role has no text here: no related location points at the top of this file.
      for (const f of r.findings) for (const rel of f.related ?? []) assert.ok(rel.start > 0, JSON.stringify(rel));
    }
  });

  it('API groups count: pods in rbac.authorization.k8s.io are not pods; webhooks, CSR approval and nodes/proxy are flagged', () => {
    const judge = (rule) => cloud.checkRbac(cloud.documentRoots(role('r', null, rule)), () => undefined).findings.map((f) => f.ruleId);
    assert.deepStrictEqual(judge('  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["pods"]\n    verbs: ["create"]\n'), []);
    assert.deepStrictEqual(judge('  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["create"]\n'), ['iam/k8s-workload-create']);
    assert.deepStrictEqual(judge('  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["mutatingwebhookconfigurations"]\n    verbs: ["update"]\n'), ['iam/k8s-escalation-verbs']);
    assert.deepStrictEqual(judge('  - apiGroups: ["certificates.k8s.io"]\n    resources: ["certificatesigningrequests/approval"]\n    verbs: ["update"]\n'), ['iam/k8s-escalation-verbs']);
    assert.deepStrictEqual(judge('  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]\n'), ['iam/k8s-pod-exec']);
    assert.deepStrictEqual(judge('  - apiGroups: ["admissionregistration.k8s.io"]\n    resources: ["validatingwebhookconfigurations"]\n    verbs: ["get", "list"]\n'), []);
  });

  it('anonymous callers bound to a role the workspace does not define are reported (the bootstrap public roles as info)', () => {
    const b = (role) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: anon\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n  - kind: Group\n    name: system:unauthenticated\n`;
    assert.deepStrictEqual(cloud.checkRbac(cloud.documentRoots(b('custom-reader')), () => undefined).findings.map((f) => f.severity), ['warning']);
    assert.deepStrictEqual(cloud.checkRbac(cloud.documentRoots(b('system:public-info-viewer')), () => undefined).findings.map((f) => f.severity), ['info']);
    assert.deepStrictEqual(cloud.checkRbac(cloud.documentRoots(b('custom-reader').replace('system:unauthenticated', 'ops')), () => undefined).findings, []);
  });
});

describe('permissions coverage: Terraform dynamic "statement" blocks', () => {
  const TF = (forEach) => `data "aws_iam_policy_document" "app" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::invoices/*"]\n  }\n  dynamic "statement" {\n    for_each = ${forEach}\n    iterator = st\n    content {\n      actions   = st.value.actions\n      resources = st.value.resources\n    }\n  }\n}\n`;

  it('a written-out for_each: one statement per item, judged on the item (findings point at it), no in-place fix', () => {
    const text = TF('[\n      { actions = ["s3:*"], resources = ["*"] },\n      { actions = ["sqs:SendMessage"], resources = ["arn:aws:sqs:eu-west-1:111122223333:jobs"] },\n    ]');
    const r = aws.analyzeAws(text, 'terraform');
    assert.ok(r.findings.some((f) => f.ruleId === 'iam/aws-service-wildcard' && at(text, f) === '"s3:*"'));
    assert.deepStrictEqual(r.grants.map((g) => g.class), ['narrow', 'broad', 'narrow']);
    for (const f of r.findings) assert.strictEqual(f.fix, undefined);
    const g = r.grants[1];
    const f = r.findings.find((x) => x.ruleId === 'iam/aws-service-wildcard');
    assert.ok(g.start <= f.start && f.end <= g.end);
  });

  it('for_each from a variable: not known statically (moderate, never narrow), no finding', () => {
    const r = aws.analyzeAws(TF('var.statements'), 'terraform');
    assert.deepStrictEqual(r.findings, []);
    assert.deepStrictEqual(r.grants.map((g) => g.class), ['narrow', 'moderate']);
  });

  it('a literal wildcard in the content block is judged whatever for_each is', () => {
    const text = TF('var.buckets').replace('actions   = st.value.actions', 'actions   = ["*"]');
    assert.ok(aws.analyzeAws(text, 'terraform').findings.some((f) => f.ruleId === 'iam/aws-wildcard-action'));
  });
});

describe('permissions coverage: CloudFormation !Ref to a managed policy of the same template', () => {
  const CFN = (action, ref = '!Ref AppPolicy') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "${action}"
            Resource: "*"
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - ${ref}
`;

  it('the role gets what the policy allows: broad, reported where it is attached', async () => {
    for (const ref of ['!Ref AppPolicy', 'Ref: AppPolicy', '{ "Fn::Ref": AppPolicy }']) {
      const text = CFN('s3:*', ref);
      const g = (await facts('/ws/template.yaml', text)).find((x) => x.line === 22);
      assert.strictEqual(g.class, 'broad', ref);
      assert.strictEqual(g.role, 'AppPolicy');
      assert.match(g.reason, /managed policy AppPolicy of this template/);
      assert.ok((await analyze('/ws/template.yaml', text)).some((f) => f.range.start.line === 21 && /AppRole gets the managed policy AppPolicy/.test(f.message)), ref);
    }
  });

  it('a narrow policy keeps the attachment narrow, without a finding; a Ref to something else stays not known statically', async () => {
    const narrow = CFN('sqs:ListQueues');
    const g = (await facts('/ws/template.yaml', narrow)).find((x) => x.line === 22);
    assert.notStrictEqual(g.class, 'broad');
    assert.ok(!(await analyze('/ws/template.yaml', narrow)).some((f) => f.range.start.line === 21));
    const other = (await facts('/ws/template.yaml', CFN('s3:*', '!Ref PolicyArnParameter'))).find((x) => x.line === 22);
    assert.strictEqual(other.class, 'moderate');
  });
});

describe('permissions: a gcloud IAM policy file with a null binding', () => {
  it('a null item among the bindings does not hide the others (allUsers, roles/owner)', async () => {
    const text = 'bindings:\n- members: [allUsers]\n  role: roles/storage.objectViewer\n- null\n- members: [user:a@example.com]\n  role: roles/owner\netag: BwX\nversion: 3\n';
    const ids = (await analyze('/ws/policy.yaml', text)).map((f) => f.ruleId).sort();
    assert.deepStrictEqual(ids, ['iam/gcp-basic-role', 'iam/gcp-public-member']);
  });
});
