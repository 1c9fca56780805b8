/**
 * Metadata of the permissions rules added for issue 16 (coverage): the untrusted checkout of a privileged
 * workflow, GCP admin-level roles granted project-wide, Azure custom roles with wildcards. Same shape as the
 * family's other rule lists.
 */
export interface CoverageRuleMeta {
  id: string;
  category: 'iam';
  family: 'permissions';
  severity: 'error' | 'warning' | 'info' | 'hint';
  title: string;
  description: string;
  docs: string;
  docsUrl: string;
  fix: string;
}

const rule = (id: string, severity: CoverageRuleMeta['severity'], title: string, description: string, docs: string, fix: string): CoverageRuleMeta => ({ id, category: 'iam', family: 'permissions', severity, title, description, docs, docsUrl: docs, fix });

export const COVERAGE_RULES: readonly CoverageRuleMeta[] = [
  rule(
    'iam/gha-untrusted-checkout',
    'error',
    'Privileged workflow checks out untrusted code',
    'A job of a `pull_request_target` or `workflow_run` workflow checks out the pull request\'s code (`ref: ${{ github.event.pull_request.head.sha }}`, `github.head_ref`, `workflow_run.head_sha`, `refs/pull/...`, `gh pr checkout`): code from a fork runs with the base repository\'s token and secrets. The job\'s grant is broad.',
    'https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/',
    'Quick-fix: check out the base branch (remove the pull request ref). Build untrusted code in a `pull_request` workflow and let the privileged one only read its artifacts.',
  ),
  rule(
    'iam/gcp-admin-role',
    'warning',
    'GCP admin-level role granted project-, folder- or organisation-wide',
    'A predefined admin role (`roles/<service>.admin`, `roles/storage.objectAdmin`, `roles/cloudsql.admin`, ...) or a role that reaches all of one kind of data (`roles/secretmanager.secretAccessor`, `roles/cloudkms.cryptoKeyDecrypter`) granted on a project, folder or organisation (Terraform `google_project_iam_*`, `google_folder_iam_*`, `google_organization_iam_*`, `google_iam_policy` bindings, gcloud IAM policy JSON/YAML, Config Connector `IAMPolicyMember` / `IAMPartialPolicy` / `IAMPolicy`): the holder administers every resource of that service in it. The same role on one resource is not flagged. (Roles that manage IAM or act as service accounts are `iam/gcp-privileged-role`.)',
    'https://cloud.google.com/iam/docs/using-iam-securely#least_privilege',
    'Quick-fix (Terraform member / binding): grant the role on one resource of its service (`google_storage_bucket_iam_member` with `bucket`, `google_secret_manager_secret_iam_member`, `google_pubsub_topic_iam_member`, ...), the resource to be named.',
  ),
  rule(
    'iam/azure-custom-role-wildcard',
    'warning',
    'Azure custom role with wildcard actions',
    'A custom role definition (Terraform `azurerm_role_definition`, ARM and Bicep `Microsoft.Authorization/roleDefinitions`) whose `actions` hold `*` (error: Owner in all but name, unless notActions take `Microsoft.Authorization` writes out), a whole provider (`Microsoft.Compute/*`; error for `Microsoft.Authorization/*`) or a provider wildcard (`Microsoft.*`, `*/write`), or whose `dataActions` hold `*` (error) or a whole provider.',
    'https://learn.microsoft.com/azure/role-based-access-control/custom-roles',
    'Quick-fix: an action wildcard becomes its read-only form (`*` -> `*/read`), to which the role\'s writes are added; a data-action wildcard is replaced by a template (Storage blob reader, Key Vault secrets reader, Service Bus sender).',
  ),
];
