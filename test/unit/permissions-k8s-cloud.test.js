'use strict';
// Kubernetes RBAC, GCP, Azure and GitHub Actions permissions (permissions family, non-AWS part).
const assert = require('assert');
const fc = require('fast-check');
const YAML = require('yaml');

const mod = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.permissions;

const apply = (text, edits) => [...edits].sort((a, b) => b.start - a.start).reduce((s, e) => s.slice(0, e.start) + e.newText + s.slice(e.end), text);
const ids = (fs) => fs.map((f) => f.ruleId).sort();
const at = (text, f) => text.slice(f.start, f.end);
const noLookup = () => undefined;
const rbac = (text, lookup = noLookup, opts) => mod.checkRbac(mod.documentRoots(text), lookup, opts);
const parsesYaml = (text) => YAML.parseAllDocuments(text).every((d) => d.errors.length === 0);

const RBAC_FILE = `# Operator RBAC
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ops
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs:
      - "*"
  - apiGroups: [""]
    resources: ["secrets", "pods/exec"]
    verbs: ["get", "list", "create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci-admin-binding
subjects:
  - kind: ServiceAccount
    name: ci
    namespace: build
roleRef:
  kind: ClusterRole
  name: cluster-admin
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ci
  namespace: build
`;

const NARROW = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: config-reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    resourceNames: ["shop-config", "feature-flags"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config-reader
  namespace: shop
subjects:
  - kind: ServiceAccount
    name: shop-api
roleRef:
  kind: Role
  name: config-reader
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop-api
  namespace: shop
`;

describe('permissions (k8s RBAC)', () => {
  it('flags wildcards, secrets read, exec, a cluster-admin binding and the mounted token of its service account', () => {
    const r = rbac(RBAC_FILE);
    assert.deepStrictEqual(ids(r.findings), ['iam/k8s-cluster-admin-binding', 'iam/k8s-pod-exec', 'iam/k8s-sa-token-automount', 'iam/k8s-secrets-read', 'iam/k8s-wildcard']);
    const byId = Object.fromEntries(r.findings.map((f) => [f.ruleId, f]));
    assert.strictEqual(byId['iam/k8s-wildcard'].severity, 'error');
    assert.strictEqual(at(RBAC_FILE, byId['iam/k8s-wildcard']), '"*"');
    assert.strictEqual(at(RBAC_FILE, byId['iam/k8s-secrets-read']), '"secrets"');
    assert.strictEqual(at(RBAC_FILE, byId['iam/k8s-pod-exec']), '"pods/exec"');
    assert.strictEqual(at(RBAC_FILE, byId['iam/k8s-cluster-admin-binding']), 'cluster-admin');
    assert.strictEqual(byId['iam/k8s-cluster-admin-binding'].severity, 'error');
    assert.strictEqual(at(RBAC_FILE, byId['iam/k8s-sa-token-automount']), 'ci');
    const binding = r.grants.find((g) => g.principal);
    assert.strictEqual(binding.principal, 'ServiceAccount:build/ci');
    assert.strictEqual(binding.class, 'broad');
    assert.ok(r.grants.every((g) => g.class === 'broad'));
  });

  it('never flags get/list/watch on named configmaps; its grants are narrow', () => {
    const r = rbac(NARROW);
    assert.deepStrictEqual(r.findings, []);
    assert.strictEqual(r.grants.length, 2);
    assert.ok(r.grants.every((g) => g.class === 'narrow'), JSON.stringify(r.grants));
    assert.deepStrictEqual(r.grants[0].resources, ['configmaps/shop-config', 'configmaps/feature-flags']);
    assert.strictEqual(r.grants[1].principal, 'ServiceAccount:shop/shop-api');
  });

  it('classifies: namespaced writes moderate, cluster-wide reads moderate, workload create broad', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deployer, namespace: shop}
rules:
  - apiGroups: [""]
    resources: ["configmaps", "services"]
    verbs: ["get", "update", "patch"]
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["create", "get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: node-viewer}
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get", "list", "watch"]
`;
    const r = rbac(text);
    assert.deepStrictEqual(r.grants.map((g) => g.class), ['moderate', 'broad', 'moderate']);
    assert.deepStrictEqual(ids(r.findings), ['iam/k8s-workload-create']);
    assert.strictEqual(r.findings[0].severity, 'info');
    assert.strictEqual(at(text, r.findings[0]), '"deployments"');
  });

  it('flags escalate / bind / impersonate, binding writes and token minting, not a read of roles', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rbac-manager
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles"]
    verbs: ["bind", "escalate"]
  - apiGroups: [""]
    resources: ["users", "groups"]
    verbs: ["impersonate"]
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ["create"]
  - apiGroups: [""]
    resources: ["serviceaccounts/token"]
    verbs: ["create"]
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings"]
    verbs: ["get", "list"]
`;
    const r = rbac(text);
    const esc = r.findings.filter((f) => f.ruleId === 'iam/k8s-escalation-verbs');
    assert.deepStrictEqual(esc.map((f) => at(text, f)), ['"bind"', '"impersonate"', '"rolebindings"', '"serviceaccounts/token"']);
    assert.strictEqual(r.findings.length, 4);
    assert.deepStrictEqual(r.grants.map((g) => g.class), ['broad', 'broad', 'broad', 'broad', 'moderate']);
  });

  it('secrets: named Secrets are not flagged, all Secrets are; pods/* counts as exec', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: s, namespace: a}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["tls-cert"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["watch"]
  - apiGroups: [""]
    resources: ["pods/*"]
    verbs: ["get"]
`;
    const r = rbac(text);
    assert.deepStrictEqual(ids(r.findings), ['iam/k8s-pod-exec', 'iam/k8s-secrets-read']);
    assert.deepStrictEqual(r.grants.map((g) => g.class), ['moderate', 'broad', 'broad']);
  });

  it('admin/edit: flagged cluster-wide or on the default service account, not as a RoleBinding to a named one', () => {
    const mk = (kind, role, sa, ns = '  namespace: team\n') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: b
${kind === 'RoleBinding' ? ns : ''}subjects:
  - kind: ServiceAccount
    name: ${sa}
    namespace: team
roleRef:
  kind: ClusterRole
  name: ${role}
  apiGroup: rbac.authorization.k8s.io
`;
    assert.deepStrictEqual(ids(rbac(mk('ClusterRoleBinding', 'edit', 'app')).findings), ['iam/k8s-cluster-admin-binding']);
    assert.strictEqual(rbac(mk('ClusterRoleBinding', 'edit', 'app')).findings[0].severity, 'warning');
    assert.deepStrictEqual(ids(rbac(mk('RoleBinding', 'admin', 'default')).findings), ['iam/k8s-cluster-admin-binding']);
    const ok = rbac(mk('RoleBinding', 'admin', 'team-lead'));
    assert.deepStrictEqual(ok.findings, []);
    assert.strictEqual(ok.grants[0].class, 'broad');
    const view = rbac(mk('RoleBinding', 'view', 'app'));
    assert.deepStrictEqual(view.findings, []);
    assert.strictEqual(view.grants[0].class, 'narrow');
  });

  it('a binding to a role of another file is flagged on roleRef.name with related info into that file', () => {
    const roleFile = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secret-reader
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
`;
    const facts = mod.rbacFacts(mod.documentRoots(roleFile)).map((r) => ({ ...r, path: '/ws/k8s/roles.yaml' }));
    assert.strictEqual(facts.length, 1);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(facts)), facts, 'facts are JSON-serialisable');
    const bindingFile = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-secrets
  namespace: app
subjects:
  - kind: ServiceAccount
    name: worker
roleRef:
  kind: ClusterRole
  name: secret-reader
  apiGroup: rbac.authorization.k8s.io
`;
    const calls = [];
    const lookup = (kind, name, ns) => {
      calls.push([kind, name, ns]);
      return facts.find((r) => r.kind === kind && r.name === name);
    };
    const r = rbac(bindingFile, lookup);
    assert.deepStrictEqual(calls, [['ClusterRole', 'secret-reader', undefined]]);
    assert.strictEqual(r.findings.length, 1);
    const f = r.findings[0];
    assert.strictEqual(f.ruleId, 'iam/k8s-secrets-read');
    assert.strictEqual(at(bindingFile, f), 'secret-reader');
    assert.strictEqual(f.related[0].path, '/ws/k8s/roles.yaml');
    assert.strictEqual(roleFile.slice(f.related[0].start, f.related[0].end), '"secrets"');
    assert.strictEqual(r.grants[0].class, 'broad');
    // An unknown role is never guessed narrow.
    const unknown = rbac(bindingFile.replace('secret-reader', 'nowhere'));
    assert.deepStrictEqual(unknown.findings, []);
    assert.strictEqual(unknown.grants[0].class, 'moderate');
  });

  it('reads JSON and List kinds', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x' }, rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'y' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }], roleRef: { kind: 'ClusterRole', name: 'x', apiGroup: 'rbac.authorization.k8s.io' } },
      ],
    }, null, 2);
    const r = rbac(json);
    assert.deepStrictEqual(ids(r.findings), ['iam/k8s-cluster-admin-binding', 'iam/k8s-wildcard']);
    assert.strictEqual(r.findings.find((f) => f.ruleId === 'iam/k8s-cluster-admin-binding').severity, 'error');
    // The wildcard fix works on JSON too.
    const w = r.findings.find((f) => f.ruleId === 'iam/k8s-wildcard');
    const fixed = apply(json, mod.rbacFixEdits(json, w)[0].edits);
    JSON.parse(fixed);
    assert.ok(!rbac(fixed).findings.some((f) => f.ruleId === 'iam/k8s-wildcard'));
  });

  it('automount: not flagged when disabled or the role is narrow', () => {
    const disabled = RBAC_FILE + 'automountServiceAccountToken: false\n';
    assert.ok(parsesYaml(disabled));
    assert.ok(!rbac(disabled).findings.some((f) => f.ruleId === 'iam/k8s-sa-token-automount'));
    assert.ok(!rbac(NARROW).findings.some((f) => f.ruleId === 'iam/k8s-sa-token-automount'));
    // A binding from another file (workspace facts) counts too.
    const saOnly = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci\n  namespace: build\n`;
    const bindings = mod.rbacBindingFacts(mod.documentRoots(RBAC_FILE)).map((b) => ({ ...b, path: '/ws/rbac.yaml' }));
    const r = rbac(saOnly, noLookup, { bindings });
    assert.deepStrictEqual(ids(r.findings), ['iam/k8s-sa-token-automount']);
    assert.strictEqual(r.findings[0].related[0].path, '/ws/rbac.yaml');
  });

  describe('fixes (round trip: still parses, the finding is gone)', () => {
    for (const ruleId of ['iam/k8s-wildcard', 'iam/k8s-cluster-admin-binding', 'iam/k8s-sa-token-automount']) {
      it(ruleId, () => {
        const f = rbac(RBAC_FILE).findings.find((x) => x.ruleId === ruleId);
        const fixes = mod.rbacFixEdits(RBAC_FILE, f);
        assert.strictEqual(fixes.length, 1);
        assert.ok(fixes[0].isPreferred);
        const fixed = apply(RBAC_FILE, fixes[0].edits);
        assert.ok(parsesYaml(fixed), fixed);
        const after = rbac(fixed).findings;
        assert.ok(!after.some((x) => x.ruleId === ruleId && x.message === f.message), fixed);
        assert.ok(!after.some((x) => x.ruleId === ruleId && x.severity === 'error'));
      });
    }

    it('cluster-admin becomes a RoleBinding to a new namespaced Role with a TODO list', () => {
      const f = rbac(RBAC_FILE).findings.find((x) => x.ruleId === 'iam/k8s-cluster-admin-binding');
      const fixed = apply(RBAC_FILE, mod.rbacFixEdits(RBAC_FILE, f)[0].edits);
      const objs = mod.k8sObjectsFromText(fixed);
      assert.deepStrictEqual(objs.map((o) => o.kind), ['ClusterRole', 'RoleBinding', 'Role', 'ServiceAccount']);
      const role = objs[2];
      assert.strictEqual(role.namespace, 'build');
      assert.strictEqual(objs[1].namespace, 'build');
      assert.match(fixed, /TODO/);
      const r = rbac(fixed);
      const g = r.grants.find((x) => x.principal === 'ServiceAccount:build/ci');
      assert.strictEqual(g.role, `Role/${role.name}`);
      assert.strictEqual(g.class, 'narrow');
      // The automount warning went away with the broad binding.
      assert.ok(!r.findings.some((x) => x.ruleId === 'iam/k8s-sa-token-automount'));
    });

    it('wildcard verbs keep the other written verbs; a block list becomes a flow list', () => {
      const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: r
  namespace: n
rules:
  - apiGroups:
      - apps
    resources:
      - deployments
    verbs:
      - "*"
      - delete
  # trailing comment
`;
      const f = rbac(text).findings[0];
      assert.strictEqual(f.ruleId, 'iam/k8s-wildcard');
      const fixed = apply(text, mod.rbacFixEdits(text, f)[0].edits);
      assert.ok(parsesYaml(fixed), fixed);
      assert.match(fixed, /verbs: \["get", "list", "watch", "delete"\]\n  # trailing comment/);
      assert.deepStrictEqual(rbac(fixed).findings, []);
    });
  });

  it('half-typed RBAC never throws (prefixes of a realistic file)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: RBAC_FILE.length }), fc.integer({ min: 0, max: NARROW.length }), (i, j) => {
        for (const text of [RBAC_FILE.slice(0, i), NARROW.slice(0, j), RBAC_FILE.slice(i) ]) {
          const r = rbac(text);
          for (const f of r.findings) {
            assert.ok(f.start >= 0 && f.end <= text.length && f.start <= f.end);
            for (const fx of mod.rbacFixEdits(text, f)) apply(text, fx.edits);
          }
          mod.rbacFacts(mod.documentRoots(text));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('permissions (GCP, Terraform)', () => {
  before(() => mod.initHcl());
  const GCP = `resource "google_project_iam_member" "ci_owner" {
  project = var.project_id
  role    = "roles/owner"
  member  = "serviceAccount:\${google_service_account.ci.email}"
}

resource "google_storage_bucket_iam_binding" "public_site" {
  bucket  = google_storage_bucket.site.name
  role    = "roles/storage.objectViewer"
  members = ["allUsers"]
}

resource "google_project_iam_binding" "viewers" {
  project = var.project_id
  role    = "roles/viewer"
  members = ["group:eng@example.com"]
}

resource "google_secret_manager_secret_iam_member" "reader" {
  secret_id = google_secret_manager_secret.db.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:api@example.iam.gserviceaccount.com"
}

data "google_iam_policy" "admin" {
  binding {
    role    = "roles/editor"
    members = ["allAuthenticatedUsers", "user:jane@example.com"]
  }
}

resource "google_service_account_key" "ci_key" {
  service_account_id = google_service_account.ci.name
}
`;
  it('flags basic roles, public members and service account keys, with a grant per binding', () => {
    const r = mod.checkGcpTerraform(mod.parseHcl(GCP));
    const got = r.findings.map((f) => [f.ruleId, f.severity, at(GCP, f)]);
    assert.deepStrictEqual(got, [
      ['iam/gcp-basic-role', 'error', '"roles/owner"'],
      ['iam/gcp-public-member', 'warning', '"allUsers"'],
      ['iam/gcp-basic-role', 'info', '"roles/viewer"'],
      ['iam/gcp-basic-role', 'warning', '"roles/editor"'],
      ['iam/gcp-public-member', 'error', '"allAuthenticatedUsers"'],
      ['iam/gcp-sa-key', 'warning', '"google_service_account_key"'],
    ]);
    assert.match(r.findings[5].message, /workload identity federation/);
    assert.deepStrictEqual(r.grants.map((g) => [g.role, g.class]), [
      ['roles/owner', 'broad'],
      ['roles/storage.objectViewer', 'broad'],
      ['roles/viewer', 'moderate'],
      ['roles/secretmanager.secretAccessor', 'narrow'],
      ['roles/editor', 'broad'],
    ]);
    assert.deepStrictEqual(r.grants[0].resources, ['project']);
    assert.deepStrictEqual(r.grants[1].resources, ['storage bucket']);
  });

  it('unknown roles and members are never narrow; a half-typed file does not throw', () => {
    const r = mod.checkGcpTerraform(mod.parseHcl(`resource "google_project_iam_member" "x" {\n  role = var.role\n  member = "user:a@example.com"\n}\n`));
    assert.deepStrictEqual(r.findings, []);
    assert.strictEqual(r.grants[0].class, 'moderate');
    for (let i = 0; i <= GCP.length; i += 7) mod.checkGcpTerraform(mod.parseHcl(GCP.slice(0, i)));
  });
});

describe('permissions (Azure)', () => {
  before(() => mod.initHcl());
  const TF = `data "azurerm_subscription" "current" {}

resource "azurerm_role_assignment" "ci_owner" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Owner"
  principal_id         = azuread_service_principal.ci.object_id
}

resource "azurerm_role_assignment" "contrib_sub" {
  scope                = "/subscriptions/\${var.subscription_id}"
  role_definition_name = "Contributor"
  principal_id         = var.principal
}

resource "azurerm_role_assignment" "rg_contrib" {
  scope                = azurerm_resource_group.app.id
  role_definition_name = "Contributor"
  principal_id         = var.principal
}

resource "azurerm_role_assignment" "blob_reader" {
  scope                = azurerm_storage_account.data.id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = var.principal
}

resource "azurerm_role_assignment" "uaa_by_id" {
  scope              = var.scope
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
  principal_id       = var.principal
}
`;
  it('Terraform: Owner/Contributor at subscription scope, UAA by id at an unknown scope; grants classified', () => {
    const r = mod.checkAzureTerraform(mod.parseHcl(TF));
    assert.deepStrictEqual(r.findings.map((f) => [f.severity, at(TF, f)]), [
      ['error', '"Owner"'],
      ['warning', '"Contributor"'],
      ['info', '"/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"'],
    ]);
    assert.ok(r.findings.every((f) => f.ruleId === 'iam/azure-privileged-role'));
    assert.deepStrictEqual(r.grants.map((g) => [g.role, g.class]), [
      ['Owner', 'broad'],
      ['Contributor', 'broad'],
      ['Contributor', 'moderate'],
      ['Storage Blob Data Reader', 'narrow'],
      ['User Access Administrator', 'broad'],
    ]);
  });

  it('scope strings', () => {
    assert.strictEqual(mod.scopeOfString('/subscriptions/0000'), 'subscription');
    assert.strictEqual(mod.scopeOfString('/subscriptions/0000/resourceGroups/rg'), 'resource group');
    assert.strictEqual(mod.scopeOfString('/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa'), 'resource');
    assert.strictEqual(mod.scopeOfString('/providers/Microsoft.Management/managementGroups/root'), 'management group');
  });

  it('ARM templates: built-in role GUIDs, variables, subscription deployments, nested resources', () => {
    const arm = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      variables: { ownerRole: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]" },
      resources: [
        { type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: '[guid(subscription().id, parameters(\'p\'))]', properties: { roleDefinitionId: "[variables('ownerRole')]", principalId: "[parameters('p')]" } },
        {
          type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg', location: 'westeurope',
          resources: [
            { type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: 'r2', scope: "[resourceId('Microsoft.Storage/storageAccounts', 'sa')]", properties: { roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]", principalId: 'x' } },
          ],
        },
        { type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: 'r3', properties: { roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]", principalId: 'y' } },
      ],
    }, null, 2);
    const root = mod.documentRoots(arm)[0];
    assert.ok(mod.isArmTemplate(root));
    const r = mod.checkArmTemplate(root);
    assert.strictEqual(r.findings.length, 1);
    assert.strictEqual(r.findings[0].severity, 'error');
    assert.strictEqual(at(arm, r.findings[0]), `"[variables('ownerRole')]"`);
    assert.deepStrictEqual(r.grants.map((g) => [g.role ?? '', g.class]), [
      ['Owner', 'broad'],
      ['Contributor', 'moderate'],
      ["[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]", 'moderate'],
    ]);
    assert.deepStrictEqual(mod.checkArmTemplate(mod.documentRoots('{"resources": []}')[0]).grants, []);
  });
});

describe('permissions (GitHub Actions)', () => {
  const RELEASE = `name: release
on:
  push:
    tags: ["v*"]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
  publish:
    runs-on: ubuntu-latest
    needs: build
    steps:
      - uses: actions/checkout@v4
      - uses: softprops/action-gh-release@v2
        with:
          token: \${{ secrets.GITHUB_TOKEN }}
`;
  const check = (text) => mod.checkWorkflow(mod.workflowRoot(text));

  it('workflow paths', () => {
    assert.ok(mod.isWorkflowPath('/repo/.github/workflows/ci.yml'));
    assert.ok(mod.isWorkflowPath('.github\\workflows\\ci.yaml'));
    assert.ok(!mod.isWorkflowPath('/repo/.github/dependabot.yml'));
  });

  it('missing permissions: flagged on every job that uses the token (actions/checkout uses it implicitly: info), warning when it writes', () => {
    const r = check(RELEASE);
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.severity, at(RELEASE, f)]), [['iam/gha-missing-permissions', 'info', 'build'], ['iam/gha-missing-permissions', 'warning', 'publish']]);
    assert.match(r.findings[0].message, /actions\/checkout/);
    r.findings.shift();
    assert.match(r.findings[0].message, /contents: write/);
    assert.ok(r.grants.every((g) => g.class === 'moderate'));
  });

  it('fix: top-level contents: read, and contents: write on the job that writes', () => {
    const f = check(RELEASE).findings[0];
    const [fix] = mod.ghaFixEdits(RELEASE, f);
    const fixed = apply(RELEASE, fix.edits);
    assert.ok(parsesYaml(fixed), fixed);
    const doc = YAML.parse(fixed);
    assert.deepStrictEqual(doc.permissions, { contents: 'read' });
    assert.deepStrictEqual(doc.jobs.publish.permissions, { contents: 'write' });
    assert.strictEqual(doc.jobs.build.permissions, undefined);
    const after = check(fixed);
    assert.deepStrictEqual(after.findings, []);
    assert.deepStrictEqual(after.grants.map((g) => [g.principal, g.class]), [['GITHUB_TOKEN', 'narrow'], ['job publish', 'moderate']]);
  });

  it('only a token reference is info; git push is a write; with top-level permissions nothing is flagged', () => {
    const ref = `on: push\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh api repos/x/y\n        env:\n          GH_TOKEN: \${{ github.token }}\n`;
    assert.deepStrictEqual(check(ref).findings.map((f) => f.severity), ['info']);
    const push = `on: push\njobs:\n    bump:\n        runs-on: ubuntu-latest\n        steps:\n            - run: |\n                git commit -am bump\n                git push\n`;
    const f = check(push).findings[0];
    assert.strictEqual(f.severity, 'warning');
    const fixed = apply(push, mod.ghaFixEdits(push, f)[0].edits);
    // One job: the least it needs goes at the top.
    assert.deepStrictEqual(YAML.parse(fixed).permissions, { contents: 'write' });
    assert.strictEqual(YAML.parse(fixed).jobs.bump.permissions, undefined);
    assert.match(fixed, /^permissions:\n {4}contents: write\n/m);
    assert.deepStrictEqual(check(fixed).findings, []);
    assert.deepStrictEqual(check(`permissions: {}\n${RELEASE}`).findings, []);
    assert.deepStrictEqual(check(`on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n`).findings, []);
  });

  it('write-all at workflow and job level; id-token: write is narrow', () => {
    const text = `on: push
permissions: write-all
jobs:
  deploy:
    permissions: write-all
    runs-on: ubuntu-latest
    steps: [{run: make}]
  oidc:
    permissions:
      id-token: write
      contents: read
    runs-on: ubuntu-latest
    steps: [{run: make}]
`;
    const r = check(text);
    assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, at(text, f)]), [['iam/gha-write-all', 'write-all'], ['iam/gha-write-all', 'write-all']]);
    assert.deepStrictEqual(r.grants.map((g) => g.class), ['broad', 'broad', 'narrow']);
    let fixed = text;
    for (let i = 0; i < 2; i++) {
      const f = check(fixed).findings[0];
      fixed = apply(fixed, mod.ghaFixEdits(fixed, f)[0].edits);
      assert.ok(parsesYaml(fixed), fixed);
    }
    const doc = YAML.parse(fixed);
    assert.deepStrictEqual(doc.permissions, { contents: 'read' });
    assert.deepStrictEqual(doc.jobs.deploy.permissions, { contents: 'read' });
    assert.deepStrictEqual(check(fixed).findings, []);
  });

  it('half-typed workflows never throw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: RELEASE.length }), (i) => {
        const text = RELEASE.slice(0, i);
        const r = check(text);
        for (const f of r.findings) mod.ghaFixEdits(text, f);
      }),
      { numRuns: 200 },
    );
  });
});

describe('permissions (cloud rule metadata)', () => {
  it('every rule the checks emit has metadata', () => {
    const ids = new Set(mod.NON_AWS_RULES.map((r) => r.id));
    assert.strictEqual(ids.size, mod.NON_AWS_RULES.length);
    for (const r of mod.NON_AWS_RULES) {
      assert.strictEqual(r.category, 'iam');
      assert.strictEqual(r.family, 'permissions');
      assert.match(r.docs, /^https:\/\//);
    }
    for (const id of ['iam/k8s-cluster-admin-binding', 'iam/k8s-wildcard', 'iam/k8s-secrets-read', 'iam/k8s-pod-exec', 'iam/k8s-escalation-verbs', 'iam/k8s-workload-create', 'iam/k8s-sa-token-automount', 'iam/gcp-basic-role', 'iam/gcp-public-member', 'iam/gcp-sa-key', 'iam/azure-privileged-role', 'iam/gha-write-all', 'iam/gha-missing-permissions']) assert.ok(ids.has(id), id);
  });
});
