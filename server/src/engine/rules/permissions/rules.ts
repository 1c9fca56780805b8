/** Metadata of the `permissions` rules beyond AWS (aws/rules.ts): Kubernetes RBAC, GCP, Azure, GitHub Actions. */
export interface CloudRuleMeta {
  id: string;
  category: 'iam';
  family: 'permissions';
  severity: 'error' | 'warning' | 'info' | 'hint';
  title: string;
  description: string;
  /** Documentation page (also in docsUrl). */
  docs: string;
  docsUrl: string;
  /** How to fix it; "Quick-fix: ..." when a quick fix exists. */
  fix: string;
}

const rule = (id: string, severity: CloudRuleMeta['severity'], title: string, description: string, docs: string, fix: string): CloudRuleMeta => ({ id, category: 'iam', family: 'permissions', severity, title, description, docs, docsUrl: docs, fix });

const K8S_DOCS = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

export const NON_AWS_RULES: readonly CloudRuleMeta[] = [
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
