/**
 * GCP IAM in Terraform: `google_*_iam_member` / `_binding` / `_policy`
 * (project, folder, organization, storage bucket, service account, secret,
 * topic, ...), `data "google_iam_policy"` bindings and
 * `google_service_account_key`.
 *
 * ## Classification of one grant (role + members at a scope)
 *
 * What a role grants comes from the shipped table in roles.ts (source: Google
 * Cloud's predefined roles documentation); where it is granted from the
 * Terraform resource (`google_project_iam_*` is project-wide,
 * `google_service_account_iam_*` / `google_storage_bucket_iam_*` / ... are one
 * resource).
 *
 * - `broad`: any role granted to `allUsers` or `allAuthenticatedUsers`; at
 *   project, folder or organisation scope: the basic roles `roles/owner` and
 *   `roles/editor`, roles that manage IAM (`roles/iam.securityAdmin`,
 *   `...projectIamAdmin`, ...) and roles that act as service accounts
 *   (`roles/iam.serviceAccountUser`, `...TokenCreator`, `...KeyAdmin`,
 *   `...Admin`, `roles/iam.workloadIdentityUser`): on a project they reach
 *   every service account in it.
 * - `moderate`: `roles/viewer`; any `*.admin` role; any other role at
 *   organization or folder scope; owner / editor, IAM-managing and act-as roles
 *   granted on one resource (a service account, a bucket: the holder controls
 *   that resource, or gets what that one service account has); a role or member
 *   that is not known statically; an authoritative `_policy` whose policy
 *   document is a reference.
 * - `narrow`: `roles/iam.workloadIdentityUser` on one service account (GKE
 *   Workload Identity: the named Kubernetes service account may impersonate
 *   that one Google service account, whose own grants are judged where they
 *   are made; no key exists); any other predefined or custom role on a project
 *   or a single resource.
 */
import type { HclFile } from '../../../formats/hcl';
import { asList, get, str, type PNode } from '../../../formats/tree';
import { k8sObjects } from '../../../formats/k8s';
import { broader, type Grant, type GrantClass, type RawFinding } from '../grants';
import { attr, blocksOf, known, written } from '../terraform';
import { gcpRole, GCP_DATA_WIDE_ROLES, GCP_WIDE_SCOPES, isAdminLevelRole, resourceScopeOf } from './roles';

const BASIC: Record<string, { severity: RawFinding['severity']; what: string }> = {
  'roles/owner': { severity: 'error', what: 'full control of every resource, IAM included' },
  'roles/editor': { severity: 'warning', what: 'write access to nearly every resource' },
  'roles/viewer': { severity: 'info', what: 'read access to nearly every resource, data included' },
};
const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);

/** Whether a role is privileged wherever it is granted (IAM management, acting as service accounts). */
function isIamPower(role: string | undefined): boolean {
  const k = role ? gcpRole(role)?.kind : undefined;
  return k === 'iam-admin' || k === 'act-as' || k === 'workload-identity';
}

export function classifyGcp(role: string | undefined, members: Array<string | undefined>, scope: string): { cls: GrantClass; reason: string } {
  if (members.some((m) => m && PUBLIC.has(m))) return { cls: 'broad', reason: 'granted to the public' };
  if (role === undefined) return { cls: 'moderate', reason: 'role not known statically' };
  const info = gcpRole(role);
  const wide = GCP_WIDE_SCOPES.has(scope);
  let cls: GrantClass = 'narrow';
  let reason = `predefined role on a ${scope}`;
  if (info?.kind === 'basic-write') [cls, reason] = wide ? ['broad', `basic role ${role} on the ${scope}: ${info.what}`] : ['moderate', `basic role ${role} on one ${scope}: controls that resource`];
  else if (info?.kind === 'basic-read') [cls, reason] = ['moderate', `basic role ${role}`];
  else if (info?.kind === 'iam-admin') [cls, reason] = wide ? ['broad', `${role} manages IAM on the ${scope}`] : /[Aa]dmin$/.test(role) ? ['moderate', `${role} administers one ${scope}`] : ['narrow', `${role} on one ${scope}`];
  else if (info?.kind === 'act-as') [cls, reason] = wide ? ['broad', `${role} on the ${scope}: acts as every service account in it`] : ['moderate', `${role} on one ${scope}: acts as that service account, with what it has`];
  else if (info?.kind === 'workload-identity') [cls, reason] = wide ? ['broad', `${role} on the ${scope}: impersonates every service account in it`] : ['narrow', `${role} on one ${scope} (Workload Identity): impersonates that service account only, whose own grants are judged where they are made`];
  else if (isAdminLevelRole(role)) [cls, reason] = wide ? ['broad', `${role} on ${whereOf(scope)}: ${GCP_DATA_WIDE_ROLES[role] ?? 'administers every resource of the service'} in it`] : /[Aa]dmin$/.test(role) ? ['moderate', `${role} administers one ${scope}`] : ['narrow', `${role} on one ${scope}`];
  else if (/\.admin$|[Aa]dmin$/.test(role)) [cls, reason] = ['moderate', `${role} administers a service`];
  else if (scope === 'organization' || scope === 'folder') [cls, reason] = ['moderate', `role at ${scope} scope`];
  if (members.some((m) => m === undefined)) cls = broader(cls, 'moderate');
  return { cls, reason };
}

/** How a scope is named in a reason: a policy file's resource is not in the file. */
const whereOf = (scope: string) => (scope === 'policy' ? 'the resource the policy is set on (project, folder or organisation)' : `the ${scope}`);

function scopeOf(type: string): string {
  const m = /^google_(.+)_iam_(member|binding|policy)$/.exec(type);
  return m ? m[1].replace(/_/g, ' ') : 'resource';
}

function membersOf(n: PNode | undefined): Array<{ value?: string; shown: string; node: PNode }> {
  if (!n) return [];
  const list = n.type === 'array' ? n.items : [n];
  return list.map((i) => ({ value: known(i), shown: written(i) ?? 'unknown', node: i }));
}

type Judge = (roleNode: PNode | undefined, membersNode: PNode | undefined, scope: string, where: { start: number; end: number }, label: string, opts?: { fixable?: boolean }) => void;

/** Judges one grant (role + members at a scope) into the findings and grants given. */
function judger(findings: RawFinding[], grants: Grant[]): Judge {
  return (roleNode, membersNode, scope, where, label, opts = {}) => {
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
      const severe = role === 'roles/owner' || role === 'roles/editor' || isIamPower(role) || /admin/i.test(role ?? '');
      findings.push({
        ruleId: 'iam/gcp-public-member',
        severity: severe ? 'error' : 'warning',
        message: `${label} grants ${role ?? 'a role'} to ${m.value}: ${m.value === 'allUsers' ? 'anyone on the internet' : 'anyone with a Google account'}, without signing in to your organisation.`,
        start: m.node.start,
        end: m.node.end,
      });
    }
    const c = classifyGcp(role, members.map((m) => m.value), scope);
    // A broad grant always has a finding: basic roles and public members have theirs above; IAM-managing and
    // act-as roles granted project-, folder- or organisation-wide get this one.
    if (c.cls === 'broad' && roleNode && !basic && !members.some((m) => m.value && PUBLIC.has(m.value)) && isIamPower(role)) {
      findings.push({
        ruleId: 'iam/gcp-privileged-role',
        severity: 'warning',
        message: `${label} grants ${role} on the ${scope}: ${c.reason.replace(/^[^:]*: /, '')}. Grant it on the one service account or resource that needs it (google_service_account_iam_member), or a narrower role.`,
        start: roleNode.start,
        end: roleNode.end,
      });
    }
    // Admin-level predefined roles (roles/<service>.admin, storage.objectAdmin, secretAccessor, ...) granted on the
    // whole project, folder or organisation: the resource-scoped grant is the alternative.
    if (c.cls === 'broad' && roleNode && role && !basic && !members.some((m) => m.value && PUBLIC.has(m.value)) && !isIamPower(role) && isAdminLevelRole(role)) {
      const alt = resourceScopeOf(role);
      findings.push({
        ruleId: 'iam/gcp-admin-role',
        severity: 'warning',
        message: `${label} grants ${role} on ${whereOf(scope)}: ${c.reason.replace(/^[^:]*: /, '')}. ${alt ? `Grant it on ${alt.what} (${alt.resource}_member)` : 'Grant it on the resource that needs it, or add an IAM condition on resource.name'}, or a narrower role.`,
        start: roleNode.start,
        end: roleNode.end,
        ...(alt && opts.fixable ? { fix: { kind: 'gcp-admin-role' } } : {}),
      });
    }
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
}

export function checkGcpTerraform(file: HclFile): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  const judge = judger(findings, grants);

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
    judge(attr(block.body, 'role')?.value, members?.value, scope, block, label, { fixable: /^google_(project|folder|organization)_iam_(member|binding)$/.test(type) });
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

/**
 * An IAM policy file as gcloud reads and writes it (`gcloud projects get-iam-policy --format=json|yaml`,
 * `set-iam-policy`): `bindings: [{ role, members, condition? }]`, with `etag` / `version` beside. The resource it
 * belongs to is not in the file: its bindings are judged as a policy (project-, folder- or organisation-wide, as
 * `data "google_iam_policy"`).
 */
export function isGcpPolicy(root: PNode | undefined): boolean {
  const b = get(root, 'bindings');
  // A null item (`- null`, or `- ` left empty) is no binding: it neither makes nor unmakes the file's type.
  const items = b?.type === 'array' ? b.items.filter((i) => i.type !== 'null') : [];
  return items.length > 0 && items.every((i) => i.type === 'object' && !!get(i, 'role') && (!!get(i, 'members') || !!get(i, 'member')));
}

export function checkGcpPolicy(root: PNode | undefined): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  if (!isGcpPolicy(root)) return { findings, grants };
  const judge = judger(findings, grants);
  for (const b of asList(get(root, 'bindings'))) judge(get(b, 'role'), get(b, 'members') ?? get(b, 'member'), 'policy', b, 'The IAM policy');
  return { findings, grants };
}

// ---- fix -----------------------------------------------------------------------

export interface GcpFixEdits {
  title: string;
  isPreferred: boolean;
  edits: Array<{ start: number; end: number; newText: string }>;
}

/**
 * `iam/gcp-admin-role` on a `google_project|folder|organization_iam_member|binding`: the same grant on one
 * resource of the role's service (`google_storage_bucket_iam_member` with `bucket = "TODO-bucket"`), the resource
 * to be named. The project argument stays where the resource-level one takes it.
 */
export function gcpFixEdits(src: { text: string; hcl(): HclFile | undefined }, finding: Pick<RawFinding, 'ruleId' | 'start' | 'end'>): GcpFixEdits[] {
  try {
    if (finding.ruleId !== 'iam/gcp-admin-role') return [];
    const file = src.hcl();
    const text = src.text;
    const hit = file && blocksOf(file.blocks, 'resource', /^google_(project|folder|organization)_iam_(member|binding)$/).find(({ block }) => block.start <= finding.start && finding.end <= block.end);
    if (!hit) return [];
    const role = known(attr(hit.block.body, 'role')?.value);
    const alt = role ? resourceScopeOf(role) : undefined;
    if (!alt) return [];
    const m = /^google_(project|folder|organization)_iam_(member|binding)$/.exec(hit.type)!;
    const label = hit.block.labels[0];
    const edits = [{ start: label.start, end: label.end, newText: text.slice(label.start, label.end).replace(hit.type, `${alt.resource}_${m[2]}`) }];
    const scopeAttr = attr(hit.block.body, m[1] === 'project' ? 'project' : m[1] === 'folder' ? 'folder' : 'org_id');
    const anchor = scopeAttr ?? attr(hit.block.body, 'role')!;
    const ls = text.lastIndexOf('\n', anchor.nameStart - 1) + 1;
    const indent = text.slice(ls, anchor.nameStart);
    if (!/^[ \t]*$/.test(indent)) return [];
    const lines = alt.attrs.map((a) => `${indent}${a} = "TODO-${a.replace(/_/g, '-')}"\n`).join('');
    if (scopeAttr && !(alt.project && m[1] === 'project')) {
      const nl = text.indexOf('\n', scopeAttr.end);
      edits.push({ start: ls, end: nl < 0 ? text.length : nl + 1, newText: lines });
    } else {
      const at = scopeAttr ? (text.indexOf('\n', scopeAttr.end) < 0 ? text.length : text.indexOf('\n', scopeAttr.end) + 1) : ls;
      edits.push({ start: at, end: at, newText: lines });
    }
    return [{ title: `Grant ${role} on ${alt.what} (${alt.resource}_${m[2]}); name it`, isPreferred: true, edits }];
  } catch {
    return [];
  }
}

// ---- Config Connector -----------------------------------------------------------

const CC_SCOPES: Record<string, string> = { Project: 'project', Folder: 'folder', Organization: 'organization', BillingAccount: 'billing account', StorageBucket: 'storage bucket', IAMServiceAccount: 'service account', PubSubTopic: 'pubsub topic', SecretManagerSecret: 'secret manager secret' };

/**
 * GCP IAM declared as Kubernetes objects by Config Connector (`iam.cnrm.cloud.google.com`): `IAMPolicyMember`
 * (`spec.role`, `spec.member`), `IAMPartialPolicy` and `IAMPolicy` (`spec.bindings[].role` / `.members`), at the
 * scope `spec.resourceRef.kind` names (Project, Folder, Organization, or one resource).
 */
export function checkGcpConfigConnector(roots: Array<PNode | undefined>): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  const judge = judger(findings, grants);
  for (const o of k8sObjects(roots)) {
    if (!/^iam\.cnrm\.cloud\.google\.com\//.test(o.apiVersion)) continue;
    const spec = get(o.node, 'spec');
    const refKind = str(get(get(spec, 'resourceRef'), 'kind'));
    const scope = refKind ? CC_SCOPES[refKind] ?? refKind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'resource';
    const label = `${o.kind} "${o.name ?? ''}"`;
    if (o.kind === 'IAMPolicyMember') judge(get(spec, 'role'), get(spec, 'member'), scope, o, label);
    else if (o.kind === 'IAMPartialPolicy' || o.kind === 'IAMPolicy') {
      for (const b of asList(get(spec, 'bindings'))) {
        const members = get(b, 'members');
        // IAMPartialPolicy lists `{ member: ... }` objects; IAMPolicy plain strings.
        const list: PNode | undefined = members?.type === 'array' ? { ...members, items: members.items.map((m) => get(m, 'member') ?? m) } : members;
        judge(get(b, 'role'), list, scope, b, label);
      }
    }
  }
  return { findings, grants };
}
