'use strict';
// GCP roles are classified by what they grant (the shipped table, rules/permissions/gcp/roles.ts, from Google
// Cloud's predefined roles reference) and where they are granted: one service account or bucket is not a project.
const assert = require('assert');
const mod = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.permissions;

const tf = (type, role, member, extra = '') => `resource "${type}" "x" {\n${extra}  role   = "${role}"\n  member = "${member}"\n}\n`;
const KSA = 'serviceAccount:acme-prod.svc.id.goog[billing/invoices]';

describe('permissions (GCP roles by what and where)', () => {
  before(() => mod.initHcl());

  it('ships its role table with the source named', () => {
    assert.match(mod.GCP_ROLES_SOURCE, /cloud\.google\.com\/iam\/docs/);
    assert.strictEqual(mod.GCP_ROLES['roles/iam.workloadIdentityUser'].kind, 'workload-identity');
    assert.strictEqual(mod.GCP_ROLES['roles/iam.serviceAccountUser'].kind, 'act-as');
    assert.strictEqual(mod.GCP_ROLES['roles/owner'].kind, 'basic-write');
  });

  const cases = [
    // [scope, role, member, class]
    ['service account', 'roles/iam.workloadIdentityUser', KSA, 'narrow'],
    ['project', 'roles/iam.workloadIdentityUser', KSA, 'broad'],
    ['folder', 'roles/iam.workloadIdentityUser', KSA, 'broad'],
    ['service account', 'roles/iam.serviceAccountUser', 'user:a@example.com', 'moderate'],
    ['service account', 'roles/iam.serviceAccountTokenCreator', 'user:a@example.com', 'moderate'],
    ['project', 'roles/iam.serviceAccountUser', 'user:a@example.com', 'broad'],
    ['project', 'roles/iam.securityAdmin', 'user:a@example.com', 'broad'],
    ['project', 'roles/owner', 'user:a@example.com', 'broad'],
    ['organization', 'roles/editor', 'user:a@example.com', 'broad'],
    ['folder', 'roles/owner', 'user:a@example.com', 'broad'],
    ['storage bucket', 'roles/storage.objectViewer', 'serviceAccount:app@acme.iam.gserviceaccount.com', 'narrow'],
    ['storage bucket', 'roles/storage.admin', 'serviceAccount:app@acme.iam.gserviceaccount.com', 'moderate'],
    ['storage bucket', 'roles/storage.objectViewer', 'allUsers', 'broad'],
    ['service account', 'roles/owner', 'user:a@example.com', 'moderate'],
    ['project', 'roles/viewer', 'user:a@example.com', 'moderate'],
    ['project', 'roles/pubsub.publisher', 'user:a@example.com', 'narrow'],
    ['organization', 'roles/pubsub.publisher', 'user:a@example.com', 'moderate'],
    ['service account', 'roles/iam.workloadIdentityUser', undefined, 'moderate'],
  ];
  for (const [scope, role, member, cls] of cases) {
    it(`${role} on a ${scope}${member ? ` for ${member}` : ' for an unknown member'}: ${cls}`, () => {
      assert.strictEqual(mod.classifyGcp(role, [member], scope).cls, cls);
    });
  }

  it('google_service_account_iam_member granting roles/iam.workloadIdentityUser: narrow, no finding', () => {
    const r = mod.checkGcpTerraform(mod.parseHcl(tf('google_service_account_iam_member', 'roles/iam.workloadIdentityUser', KSA, '  service_account_id = google_service_account.app.name\n')));
    assert.deepStrictEqual(r.findings, []);
    assert.deepStrictEqual(r.grants.map((g) => [g.role, g.class, g.resources[0]]), [['roles/iam.workloadIdentityUser', 'narrow', 'service account']]);
    assert.match(r.grants[0].reason, /one service account/);
  });

  it('google_service_account_iam_binding and google_storage_bucket_iam_member are one resource, not the project', () => {
    const b = mod.checkGcpTerraform(mod.parseHcl(`resource "google_service_account_iam_binding" "x" {\n  service_account_id = "projects/p/serviceAccounts/a@p.iam.gserviceaccount.com"\n  role = "roles/iam.serviceAccountUser"\n  members = ["user:a@example.com"]\n}\n`));
    assert.deepStrictEqual(b.grants.map((g) => g.class), ['moderate']);
    assert.deepStrictEqual(b.findings, []);
    const s = mod.checkGcpTerraform(mod.parseHcl(tf('google_storage_bucket_iam_member', 'roles/storage.objectAdmin', 'serviceAccount:app@acme.iam.gserviceaccount.com', '  bucket = "invoices"\n')));
    assert.deepStrictEqual(s.grants.map((g) => [g.class, g.resources[0]]), [['moderate', 'storage bucket']]);
  });

  it('an act-as or IAM role on the project is broad and has a finding (iam/gcp-privileged-role)', () => {
    for (const role of ['roles/iam.workloadIdentityUser', 'roles/iam.serviceAccountTokenCreator', 'roles/resourcemanager.projectIamAdmin']) {
      const r = mod.checkGcpTerraform(mod.parseHcl(tf('google_project_iam_member', role, 'user:a@example.com', '  project = "p"\n')));
      assert.deepStrictEqual(r.grants.map((g) => g.class), ['broad'], role);
      assert.deepStrictEqual(r.findings.map((f) => [f.ruleId, f.severity]), [['iam/gcp-privileged-role', 'warning']], role);
      assert.match(r.findings[0].message, /on the project/);
    }
  });

  it('basic roles stay broad project-, folder- and organisation-wide', () => {
    for (const type of ['google_project_iam_member', 'google_folder_iam_member', 'google_organization_iam_member']) {
      const r = mod.checkGcpTerraform(mod.parseHcl(tf(type, 'roles/editor', 'user:a@example.com')));
      assert.deepStrictEqual(r.grants.map((g) => g.class), ['broad'], type);
      assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['iam/gcp-basic-role'], type);
    }
  });
});
