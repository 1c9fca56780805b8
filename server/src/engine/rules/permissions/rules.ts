/** Metadata of the `permissions` rules beyond AWS (aws/rules.ts): Kubernetes RBAC, GCP, Azure, GitHub Actions. */
import { ruleFactory } from '../../builders';
import type { RuleMeta } from '../../types';

const rule = ruleFactory('permissions', 'iam', { docsAreUrls: true });

const K8S_DOCS = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

export const NON_AWS_RULES: readonly RuleMeta[] = [
  rule('iam/k8s-cluster-admin-binding', 'error', 'Privileged or public RBAC binding', 'A binding gives cluster-admin (error), admin/edit cluster-wide or to a default service account, or a non-narrow role to system:authenticated / system:unauthenticated / system:anonymous.', K8S_DOCS, 'Quick-fix (cluster-admin): turn the ClusterRoleBinding into a RoleBinding to a new namespaced Role with TODO-marked rules.'),
  rule('iam/k8s-wildcard', 'warning', 'Wildcard in an RBAC rule', '"*" in verbs, resources, apiGroups or nonResourceURLs; error when verbs and resources are both "*".', K8S_DOCS, 'Quick-fix: "*" verbs become get, list, watch; "*" resources a placeholder to fill in; "*" apiGroups the core group.'),
  rule('iam/k8s-secrets-read', 'warning', 'Read access to all Secrets', 'get / list / watch on secrets without resourceNames.', K8S_DOCS, 'Name the Secrets in resourceNames, or mount them into the pod instead of reading them through the API.'),
  rule('iam/k8s-pod-exec', 'warning', 'Exec, attach or port-forward into pods', 'create / get on pods/exec, pods/attach or pods/portforward.', K8S_DOCS, 'Drop the pods/exec, attach and portforward resources from roles that workloads use; keep them for humans, bound per namespace.'),
  rule('iam/k8s-escalation-verbs', 'warning', 'RBAC privilege escalation', 'escalate, bind or impersonate verbs; writes on rolebindings / clusterrolebindings; create on serviceaccounts/token.', K8S_DOCS, 'Drop these verbs, or limit bind / escalate to named roles with resourceNames.'),
  rule('iam/k8s-workload-create', 'warning', 'Can create workloads', 'create on pods, deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs: runs any image under any service account of the namespace. Info for a namespaced Role, warning for a ClusterRole.', K8S_DOCS, 'Let a deployment tool (GitOps controller) create workloads; keep create on workload kinds out of application roles, or scope it to one namespace.'),
  rule('iam/k8s-sa-token-automount', 'info', 'Broad service account with an auto-mounted token', 'A ServiceAccount bound to a broad role that does not set automountServiceAccountToken: false (warning for cluster-admin, wildcard or escalation roles).', 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/', 'Quick-fix: set automountServiceAccountToken: false; mount a projected token only in the pods that call the API.'),
  rule('iam/gcp-basic-role', 'warning', 'GCP basic role', 'roles/owner (error), roles/editor (warning), roles/viewer (info) granted in Terraform.', 'https://cloud.google.com/iam/docs/roles-overview#basic', 'Grant predefined or custom roles for the services the principal uses.'),
  rule('iam/gcp-public-member', 'warning', 'GCP role granted to allUsers / allAuthenticatedUsers', 'A binding or member that opens a resource to anyone (error with owner, editor or admin roles).', 'https://cloud.google.com/iam/docs/principals-overview#all-users', 'Grant the role to named principals, or serve public content through a CDN / signed URLs.'),
  rule('iam/gcp-privileged-role', 'warning', 'GCP role that manages IAM or acts as service accounts, project-wide', 'roles/iam.serviceAccountUser, ...TokenCreator, ...KeyAdmin, ...Admin, roles/iam.workloadIdentityUser, roles/iam.securityAdmin, projectIamAdmin and the like granted on a project, folder or organisation: the holder reaches every service account (or the IAM policy) in it. The same roles on one service account are not flagged.', 'https://cloud.google.com/iam/docs/service-account-permissions', 'Grant the role on the one service account it needs (google_service_account_iam_member), or a narrower role.'),
  rule('iam/gcp-sa-key', 'warning', 'Long-lived GCP service account key', 'google_service_account_key creates a key that does not expire and lands in the Terraform state; use workload identity federation or impersonation.', 'https://cloud.google.com/iam/docs/workload-identity-federation', 'Remove the key; use workload identity federation (CI, other clouds), attached service accounts or impersonation.'),
  rule('iam/azure-privileged-role', 'warning', 'Azure privileged role assignment', 'Owner / User Access Administrator (error at subscription or management-group scope, warning at resource-group scope, info at an unknown scope) and Contributor at subscription or management-group scope, in Terraform or ARM templates.', 'https://learn.microsoft.com/azure/role-based-access-control/best-practices', 'Assign a narrower built-in role (e.g. a service Contributor / Data Reader role) on the resource group or resource that needs it.'),
  rule('iam/gha-write-all', 'warning', 'GITHUB_TOKEN with write-all', 'permissions: write-all at workflow or job level.', 'https://docs.github.com/actions/security-for-github-actions/security-guides/automatic-token-authentication#modifying-the-permissions-for-the-github_token', 'Quick-fix: replace with contents: read (add the write scopes a job needs at job level).'),
  rule('iam/gha-missing-permissions', 'info', 'Workflow without token permissions', 'No top-level permissions and a job without its own that uses the token (warning when it writes: known writing actions, git push, gh release/pr/issue).', 'https://docs.github.com/actions/writing-workflows/workflow-syntax-for-github-actions#permissions', 'Quick-fix: add permissions: contents: read at the top, and job-level write scopes where a job writes.'),
];

/** Rules added with the coverage of issue 16: untrusted checkouts, GCP admin-level roles, Azure custom role wildcards. */
export const COVERAGE_RULES: readonly RuleMeta[] = [
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
