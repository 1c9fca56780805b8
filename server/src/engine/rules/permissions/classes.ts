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
broadest part; what is not known statically is never narrow.

| Provider | narrow | moderate | broad |
| --- | --- | --- | --- |
| AWS | named actions on named resources; named read/list actions that accept only \`*\` | read/list on \`*\` that could be scoped; read-level prefix wildcards (\`s3:Get*\`); write actions that accept only \`*\`; permissions-management on named resources; type-wide ARNs (\`arn:aws:s3:::*\`); other managed policies; intrinsics, variables, unknown actions; another account's root trusted without a condition | \`*\` actions; service wildcards that include write or permissions-management; NotAction / NotResource with Allow; write, permissions-management or privilege-escalation actions on \`*\` that accept resource ARNs; AdministratorAccess, PowerUserAccess, IAMFullAccess, \`*FullAccess\`; open trust (Principal \`*\`, OIDC without \`sub\`) |
| Kubernetes | get/list/watch on non-secret resources in one namespace, or on named objects | other write verbs; cluster-wide reads; reads of named Secrets; templated values; aggregated ClusterRoles; a role that cannot be found | any \`*\`; read of \`secrets\` without resourceNames; writes to secrets; pods/exec, attach, portforward; escalate, bind, impersonate; writes on role bindings; create serviceaccounts/token; create of workloads; cluster-admin, admin, edit |
| GCP | other roles on a project or one resource; \`roles/iam.workloadIdentityUser\` on one service account (Workload Identity) | \`roles/viewer\`; \`*.admin\` roles; any role at organization or folder scope; owner / editor, IAM-managing and service-account roles on one resource (a service account, a bucket); unknown role or member | on a project, folder or organisation: \`roles/owner\`, \`roles/editor\`, IAM-managing and service-account roles (\`serviceAccountUser\`, \`workloadIdentityUser\`, ...); any role for \`allUsers\` / \`allAuthenticatedUsers\` |
| Azure | roles on a resource group or a resource (other than the privileged ones) | any role at subscription or management-group scope; Contributor on a resource group; an unknown scope | Owner, User Access Administrator, RBAC Administrator above a single resource; Contributor at subscription or management-group scope |
| GitHub Actions | \`{}\`, read / none scopes, \`id-token: write\` | \`read-all\`; write scopes other than \`id-token\`; no \`permissions\` (the default token) | \`write-all\` |
`;
