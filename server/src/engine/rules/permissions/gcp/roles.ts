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

/**
 * Predefined roles that are not admin by name but reach every piece of one kind of data in the scope they are
 * granted on (every secret's value, every key's decryption). With the `*.admin` / `*Admin` roles they are
 * "admin-level" for `iam/gcp-admin-role`: granted project-, folder- or organisation-wide they are broad.
 * Source: the same reference (Secret Manager and Cloud KMS roles).
 */
export const GCP_DATA_WIDE_ROLES: Readonly<Record<string, string>> = {
  'roles/secretmanager.secretAccessor': 'reads the value of every secret',
  'roles/cloudkms.cryptoKeyDecrypter': 'decrypts with every key',
  'roles/cloudkms.cryptoKeyEncrypterDecrypter': 'encrypts and decrypts with every key',
  'roles/storage.objectAdmin': 'reads, writes and deletes every object of every bucket',
  'roles/storage.objectUser': 'reads, writes and deletes every object of every bucket',
};

/** Admin-level: administers a service (`roles/<service>.admin`, `...Admin`) or reaches all of one kind of data. */
export function isAdminLevelRole(role: string): boolean {
  return /^roles\/[a-z0-9]+\.([A-Za-z]*Admin|admin)$/.test(role) || Object.prototype.hasOwnProperty.call(GCP_DATA_WIDE_ROLES, role);
}

/**
 * Where a service's roles can be granted instead of the project: the Terraform resource that grants on one
 * resource, the attribute naming it, and what else it needs. Source: the Google provider's IAM resources
 * (https://registry.terraform.io/providers/hashicorp/google/latest/docs, "IAM policy for ..." pages).
 */
export interface GcpResourceScope {
  /** `google_storage_bucket_iam` (+ `_member` / `_binding`). */
  resource: string;
  /** The attribute naming the one resource, and the other required ones (location, instance). */
  attrs: string[];
  /** Whether the resource takes a `project` argument (kept when the grant named one). */
  project: boolean;
  what: string;
}
export const GCP_RESOURCE_SCOPES: Readonly<Record<string, GcpResourceScope>> = {
  storage: { resource: 'google_storage_bucket_iam', attrs: ['bucket'], project: false, what: 'one bucket' },
  pubsub: { resource: 'google_pubsub_topic_iam', attrs: ['topic'], project: true, what: 'one topic' },
  secretmanager: { resource: 'google_secret_manager_secret_iam', attrs: ['secret_id'], project: true, what: 'one secret' },
  bigquery: { resource: 'google_bigquery_dataset_iam', attrs: ['dataset_id'], project: true, what: 'one dataset' },
  cloudkms: { resource: 'google_kms_crypto_key_iam', attrs: ['crypto_key_id'], project: false, what: 'one key' },
  run: { resource: 'google_cloud_run_v2_service_iam', attrs: ['name', 'location'], project: true, what: 'one Cloud Run service' },
  cloudfunctions: { resource: 'google_cloudfunctions2_function_iam', attrs: ['cloud_function', 'location'], project: true, what: 'one function' },
  artifactregistry: { resource: 'google_artifact_registry_repository_iam', attrs: ['repository', 'location'], project: true, what: 'one repository' },
  spanner: { resource: 'google_spanner_database_iam', attrs: ['instance', 'database'], project: true, what: 'one database' },
  cloudtasks: { resource: 'google_cloud_tasks_queue_iam', attrs: ['name', 'location'], project: true, what: 'one queue' },
  iam: { resource: 'google_service_account_iam', attrs: ['service_account_id'], project: false, what: 'one service account' },
  compute: { resource: 'google_compute_instance_iam', attrs: ['instance_name', 'zone'], project: true, what: 'one instance' },
};

/** The resource-scoped alternative of a role (by its service), if the service has resource-level IAM. */
export function resourceScopeOf(role: string): GcpResourceScope | undefined {
  const svc = /^roles\/([a-z0-9]+)\./.exec(role)?.[1];
  return svc && Object.prototype.hasOwnProperty.call(GCP_RESOURCE_SCOPES, svc) ? GCP_RESOURCE_SCOPES[svc] : undefined;
}
