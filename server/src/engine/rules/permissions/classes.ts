/**
 * How every grant is classified, as the docs say it (docs/rules.md is generated from this). The code that
 * applies each rule is in aws/check.ts, k8s/rbac.ts, gcp/gcp.ts, azure/azure.ts and gha/gha.ts; keep them
 * in step.
 */
export const GRANT_CLASSES_DOC = `## Grant classes (permissions family)

Every grant the permissions family finds (an IAM statement or attachment, an RBAC rule or binding, a GCP or
Azure role binding, a GitHub Actions permissions block), flagged or not, is classified once every file was read
(a binding takes the class of its role in another file; the scan's JSON \`grants\` and the manifest's
\`requestedPermissions\` are the same list, and every broad grant has a finding). GCP roles are judged by what
they grant (a table shipped from Google Cloud's predefined roles reference) and where they are granted. The class feeds the
registration manifest's permissions factor (narrow 0, moderate 2, broad 5). A grant is as broad as its
broadest part; what is not known statically is never narrow. A Terraform \`dynamic "statement"\` is judged per item
when its \`for_each\` is written out (otherwise not known statically), and a CloudFormation / SAM attachment of a
managed policy of the same template (\`!Ref\`, \`Ref\`, \`Fn::Ref\`) takes that policy's class.

| Provider | narrow | moderate | broad |
| --- | --- | --- | --- |
| AWS | named actions on named resources; named read/list actions that accept only \`*\` | read/list on \`*\` that could be scoped; read-level prefix wildcards (\`s3:Get*\`); write actions that accept only \`*\`; permissions-management on named resources; type-wide ARNs (\`arn:aws:s3:::*\`); other managed policies; intrinsics, variables, unknown actions; another account's root trusted without a condition | \`*\` actions; service wildcards that include write or permissions-management; NotAction / NotResource with Allow; write, permissions-management or privilege-escalation actions on \`*\` that accept resource ARNs; AdministratorAccess, PowerUserAccess, IAMFullAccess, \`*FullAccess\`; open trust (Principal \`*\`, OIDC without \`sub\`) |
| Kubernetes | get/list/watch on non-secret resources in one namespace, or on named objects | other write verbs; cluster-wide reads; reads of named Secrets; templated values; aggregated ClusterRoles whose selected roles the workspace does not define; a role that cannot be found | any \`*\`; read of \`secrets\` without resourceNames; writes to secrets; pods/exec, attach, portforward, nodes/proxy; escalate, bind, impersonate; writes on role bindings or admission webhooks; approving certificate signing requests; create serviceaccounts/token; create of workloads (each resource in its own API group); cluster-admin, admin, edit. An aggregated ClusterRole (and the built-in admin / edit / view) holds the rules of the ClusterRoles its selectors pick across the workspace |
| GCP | other roles on a project or one resource; \`roles/iam.workloadIdentityUser\` on one service account (Workload Identity); \`secretAccessor\` / \`cryptoKeyDecrypter\` on one resource | \`roles/viewer\`; \`*.admin\` roles on one resource, custom admin roles; any role at organization or folder scope; owner / editor, IAM-managing and service-account roles on one resource (a service account, a bucket); unknown role or member | on a project, folder or organisation (Terraform, \`google_iam_policy\` bindings, gcloud IAM policy files, Config Connector): \`roles/owner\`, \`roles/editor\`, IAM-managing and service-account roles (\`serviceAccountUser\`, \`workloadIdentityUser\`, ...), admin-level predefined roles (\`roles/<service>.admin\`, \`...Admin\`, \`storage.objectAdmin\`, \`secretmanager.secretAccessor\`, \`cloudkms.cryptoKeyDecrypter\`); any role for \`allUsers\` / \`allAuthenticatedUsers\` |
| Azure | roles on a resource group or a resource (other than the privileged ones); custom roles with named actions | any role at subscription or management-group scope; Contributor on a resource group; an unknown scope; custom roles with \`*/read\`, one resource type's \`*\`, or actions not known statically | Owner, User Access Administrator, RBAC Administrator above a single resource; Contributor at subscription or management-group scope; custom roles (Terraform, ARM, Bicep) with \`*\`, a whole provider or a provider wildcard in actions or dataActions |
| GitHub Actions | \`{}\`, read / none scopes, \`id-token: write\` | \`read-all\`; write scopes other than \`id-token\`; no \`permissions\` (the default token) | \`write-all\`; a job of a \`pull_request_target\` / \`workflow_run\` workflow that checks out the pull request's code, whatever its permissions |
`;
