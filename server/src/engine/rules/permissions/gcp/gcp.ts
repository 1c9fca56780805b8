/**
 * GCP IAM in Terraform: `google_*_iam_member` / `_binding` / `_policy`
 * (project, folder, organization, storage bucket, service account, secret,
 * topic, ...), `data "google_iam_policy"` bindings and
 * `google_service_account_key`.
 *
 * ## Classification of one grant (role + members at a scope)
 *
 * - `broad`: the basic roles `roles/owner` and `roles/editor`; roles that
 *   manage IAM or act as a service account (`roles/iam.securityAdmin`,
 *   `roles/resourcemanager.projectIamAdmin` / `folderIamAdmin` /
 *   `organizationAdmin`, `roles/iam.serviceAccountAdmin`, `...KeyAdmin`,
 *   `...TokenCreator`, `...User`); any role granted to `allUsers` or
 *   `allAuthenticatedUsers`.
 * - `moderate`: `roles/viewer` (reads nearly everything in the scope);
 *   any `*.admin` role; any role at organization or folder scope; a role or
 *   member that is not known statically; an authoritative `_policy` whose
 *   policy document is a reference.
 * - `narrow`: any other predefined or custom role on a project or a single
 *   resource.
 */
import type { HclFile } from '../../../formats/hcl';
import type { PNode } from '../../../formats/tree';
import { broader, type Grant, type GrantClass, type RawFinding } from '../grants';
import { attr, blocksOf, known, written } from '../cloud/hclUtil';

const BASIC: Record<string, { severity: RawFinding['severity']; what: string }> = {
  'roles/owner': { severity: 'error', what: 'full control of every resource, IAM included' },
  'roles/editor': { severity: 'warning', what: 'write access to nearly every resource' },
  'roles/viewer': { severity: 'info', what: 'read access to nearly every resource, data included' },
};
const IAM_POWER = new Set([
  'roles/iam.securityAdmin',
  'roles/resourcemanager.projectIamAdmin',
  'roles/resourcemanager.folderIamAdmin',
  'roles/resourcemanager.organizationAdmin',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountUser',
  'roles/iam.workloadIdentityUser',
  'roles/iam.roleAdmin',
  'roles/iam.organizationRoleAdmin',
]);
const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);

export function classifyGcp(role: string | undefined, members: Array<string | undefined>, scope: string): { cls: GrantClass; reason: string } {
  if (members.some((m) => m && PUBLIC.has(m))) return { cls: 'broad', reason: 'granted to the public' };
  if (role === undefined) return { cls: 'moderate', reason: 'role not known statically' };
  if (role === 'roles/owner' || role === 'roles/editor') return { cls: 'broad', reason: `basic role ${role}` };
  if (IAM_POWER.has(role)) return { cls: 'broad', reason: `${role} manages IAM or acts as a service account` };
  let cls: GrantClass = 'narrow';
  let reason = `predefined role on a ${scope}`;
  if (role === 'roles/viewer') [cls, reason] = ['moderate', 'basic role roles/viewer'];
  else if (/\.admin$|[Aa]dmin$/.test(role)) [cls, reason] = ['moderate', `${role} administers a service`];
  else if (scope === 'organization' || scope === 'folder') [cls, reason] = ['moderate', `role at ${scope} scope`];
  if (members.some((m) => m === undefined)) cls = broader(cls, 'moderate');
  return { cls, reason };
}

function scopeOf(type: string): string {
  const m = /^google_(.+)_iam_(member|binding|policy)$/.exec(type);
  return m ? m[1].replace(/_/g, ' ') : 'resource';
}

function membersOf(n: PNode | undefined): Array<{ value?: string; shown: string; node: PNode }> {
  if (!n) return [];
  const list = n.type === 'array' ? n.items : [n];
  return list.map((i) => ({ value: known(i), shown: written(i) ?? 'unknown', node: i }));
}

export function checkGcpTerraform(file: HclFile): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];

  const judge = (roleNode: PNode | undefined, membersNode: PNode | undefined, scope: string, where: { start: number; end: number }, label: string) => {
    const role = known(roleNode);
    const members = membersOf(membersNode);
    const basic = role ? BASIC[role] : undefined;
    if (basic && roleNode) {
      findings.push({
        ruleId: 'iam/gcp-basic-role',
        severity: basic.severity,
        message: `${label} grants the basic role ${role} on the ${scope}: ${basic.what}. Grant predefined or custom roles for the services used instead.`,
        start: roleNode.start,
        end: roleNode.end,
      });
    }
    for (const m of members) {
      if (!m.value || !PUBLIC.has(m.value)) continue;
      const severe = role === 'roles/owner' || role === 'roles/editor' || (role !== undefined && IAM_POWER.has(role)) || /admin/i.test(role ?? '');
      findings.push({
        ruleId: 'iam/gcp-public-member',
        severity: severe ? 'error' : 'warning',
        message: `${label} grants ${role ?? 'a role'} to ${m.value}: ${m.value === 'allUsers' ? 'anyone on the internet' : 'anyone with a Google account'}, without signing in to your organisation.`,
        start: m.node.start,
        end: m.node.end,
      });
    }
    const c = classifyGcp(role, members.map((m) => m.value), scope);
    grants.push({
      provider: 'gcp',
      principal: members.map((m) => m.shown).join(', ') || undefined,
      actions: [],
      role: role ?? written(roleNode),
      resources: [scope],
      class: c.cls,
      reason: c.reason,
      start: where.start,
      end: where.end,
    });
  };

  for (const { block, type, name } of blocksOf(file.blocks, 'resource', /^google_.+_iam_(member|binding|policy)$/)) {
    const scope = scopeOf(type);
    const label = `${type}.${name}`;
    if (type.endsWith('_policy')) {
      const pd = attr(block.body, 'policy_data');
      // The policy document is usually data.google_iam_policy.x.policy_data: its bindings are judged there.
      grants.push({ provider: 'gcp', actions: [], role: written(pd?.value), resources: [scope], class: 'moderate', reason: 'authoritative policy from a policy document', start: block.start, end: block.end });
      continue;
    }
    const members = type.endsWith('_member') ? attr(block.body, 'member') : attr(block.body, 'members');
    judge(attr(block.body, 'role')?.value, members?.value, scope, block, label);
  }

  for (const { block, name } of blocksOf(file.blocks, 'data', /^google_iam_policy$/)) {
    for (const b of block.body.blocks) {
      if (b.type !== 'binding') continue;
      judge(attr(b.body, 'role')?.value, attr(b.body, 'members')?.value, 'policy', b, `data.google_iam_policy.${name}`);
    }
  }

  for (const { block, name } of blocksOf(file.blocks, 'resource', /^google_service_account_key$/)) {
    const l = block.labels[0];
    findings.push({
      ruleId: 'iam/gcp-sa-key',
      severity: 'warning',
      message: `google_service_account_key.${name} creates a long-lived service account key (and puts it in the Terraform state). Use workload identity federation or service account impersonation for short-lived credentials.`,
      start: l.start,
      end: l.end,
    });
  }
  return { findings, grants };
}
