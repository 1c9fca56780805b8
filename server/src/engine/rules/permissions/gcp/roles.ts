/**
 * GCP basic and predefined roles the permissions family classifies by what they
 * grant, shipped as data (no network). Only the roles whose class differs from
 * the default rule are listed; every other predefined or custom role is judged
 * by its name and where it is granted (gcp.ts).
 *
 * Source: Google Cloud, "IAM basic and predefined roles reference"
 * (https://cloud.google.com/iam/docs/understanding-roles) and "Roles for
 * service account authentication" / "Workload Identity Federation for GKE"
 * (https://cloud.google.com/iam/docs/service-account-permissions,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
 * Reviewed against the documentation as of 2024; a role Google adds later
 * falls back to the default rule.
 */

/** What a role grants, as it matters for its class. */
export type GcpRoleKind =
  /** roles/owner, roles/editor: write (and for owner, IAM) on nearly every resource of the scope. */
  | 'basic-write'
  /** roles/viewer: read on nearly every resource of the scope, data included. */
  | 'basic-read'
  /** Sets IAM policies or defines roles: whoever holds it can grant themselves anything in the scope. */
  | 'iam-admin'
  /** Acts as service accounts (actAs, tokens, keys): the holder gets what those service accounts have. */
  | 'act-as'
  /** roles/iam.workloadIdentityUser: a Kubernetes service account may impersonate the Google service account. */
  | 'workload-identity';

export interface GcpRoleInfo {
  kind: GcpRoleKind;
  /** What the role allows, in a few words (for the grant's reason). */
  what: string;
}

export const GCP_ROLES_SOURCE = 'Google Cloud IAM basic and predefined roles reference (https://cloud.google.com/iam/docs/understanding-roles)';

export const GCP_ROLES: Readonly<Record<string, GcpRoleInfo>> = {
  'roles/owner': { kind: 'basic-write', what: 'full control of every resource, IAM included' },
  'roles/editor': { kind: 'basic-write', what: 'write access to nearly every resource' },
  'roles/viewer': { kind: 'basic-read', what: 'read access to nearly every resource, data included' },
  'roles/iam.securityAdmin': { kind: 'iam-admin', what: 'sets IAM policies on every resource of the scope' },
  'roles/resourcemanager.projectIamAdmin': { kind: 'iam-admin', what: 'sets the IAM policy of the project' },
  'roles/resourcemanager.folderIamAdmin': { kind: 'iam-admin', what: 'sets the IAM policy of the folder' },
  'roles/resourcemanager.folderAdmin': { kind: 'iam-admin', what: 'administers the folder, its IAM policy included' },
  'roles/resourcemanager.organizationAdmin': { kind: 'iam-admin', what: 'sets the IAM policy of the organisation' },
  'roles/iam.roleAdmin': { kind: 'iam-admin', what: 'creates and changes custom roles' },
  'roles/iam.organizationRoleAdmin': { kind: 'iam-admin', what: 'creates and changes the organisation\'s custom roles' },
  'roles/iam.serviceAccountAdmin': { kind: 'act-as', what: 'manages service accounts and their IAM policies' },
  'roles/iam.serviceAccountKeyAdmin': { kind: 'act-as', what: 'creates service account keys' },
  'roles/iam.serviceAccountTokenCreator': { kind: 'act-as', what: 'mints tokens as service accounts' },
  'roles/iam.serviceAccountUser': { kind: 'act-as', what: 'runs workloads as service accounts (actAs)' },
  'roles/iam.workloadIdentityUser': { kind: 'workload-identity', what: 'lets a Kubernetes service account impersonate a Google service account' },
};

/** Scopes that cover every resource below them (the Terraform resource names without google_ and _iam_*). */
export const GCP_WIDE_SCOPES = new Set(['project', 'folder', 'organization', 'billing account', 'policy']);

export function gcpRole(role: string): GcpRoleInfo | undefined {
  return Object.prototype.hasOwnProperty.call(GCP_ROLES, role) ? GCP_ROLES[role] : undefined;
}
