/** Rule metadata of the AWS part of the `permissions` family (shape of registry.ts's RuleMeta). */
export interface AwsRuleMeta {
  id: string;
  category: 'iam';
  severity: 'error' | 'warning' | 'info' | 'hint';
  title: string;
  description: string;
  docs: string;
  fix: string;
  family: 'permissions';
}

const LP_FIX = 'Quick-fix: replace the statement by a least-privilege template of the service (read-only, read-write without delete, write-only, list) with the Resource narrowed to a placeholder ARN, in the file\'s own syntax.';

function rule(id: string, severity: AwsRuleMeta['severity'], title: string, description: string, fix: string, docs = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'): AwsRuleMeta {
  return { id, category: 'iam', severity, title, description, docs, fix, family: 'permissions' };
}

export const AWS_RULES: readonly AwsRuleMeta[] = [
  rule('iam/aws-wildcard-action', 'error', 'IAM statement allows every action', 'An Allow statement with `Action: "*"` grants every action of every service: full administrator access wherever the Resource matches.', LP_FIX),
  rule('iam/aws-service-wildcard', 'warning', 'IAM service wildcard includes write or permissions-management actions', 'A service wildcard (`s3:*`, `iam:Put*`) expands to write or permissions-management actions. Read-only prefix wildcards (`s3:Get*`, `ec2:Describe*`) are not reported.', LP_FIX),
  rule('iam/aws-not-action', 'warning', 'NotAction / NotResource with Allow', 'An Allow statement with NotAction or NotResource grants everything except what is listed, including actions and resources added to AWS later.', 'Quick-fix: turn NotAction into Action with a least-privilege template; list the resources instead of NotResource.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html'),
  rule('iam/aws-resource-star', 'warning', 'Resource "*" on actions that support resource-level permissions', 'The statement could name the resources its actions work on (the actions support resource-level permissions) but allows all of them. Actions that only accept `*` (s3:ListAllMyBuckets, ec2:Describe*) are not reported. Info for read-only actions, warning when write actions are involved.', 'Quick-fix: narrow Resource to a placeholder ARN of the action\'s resource type.', 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html'),
  rule('iam/aws-unknown-action', 'warning', 'Unknown IAM service or action', 'The action or service prefix is not in the AWS action catalogue (a typo grants nothing, and hides the permission the code needs).', 'Quick-fix: replace with the closest known action ("did you mean").', 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html'),
  rule('iam/aws-privilege-escalation', 'error', 'IAM privilege escalation path', 'Actions on `*` that let the holder grant themselves more permissions (Cloudsplaining categories): iam:PassRole on *, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:Attach*/Put*Policy, iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateAssumeRolePolicy, lambda:UpdateFunctionCode, and iam:PassRole together with lambda:CreateFunction, ec2:RunInstances, cloudformation:CreateStack, glue:CreateDevEndpoint.', 'Scope the action to named roles / policies / functions, or drop it; the least-privilege quick-fix rewrites the statement.', 'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/privilege-escalation.md'),
  rule('iam/aws-credentials-exposure', 'warning', 'IAM action exposes credentials', 'Actions on `*` that return credentials or secrets: iam:CreateAccessKey, sts:GetFederationToken, sts:GetSessionToken, secretsmanager:GetSecretValue, ssm:GetParameter*, ecr:GetAuthorizationToken (info: it only accepts *), redshift:GetClusterCredentials, ...', 'Name the secrets / parameters the code reads (arn:aws:secretsmanager:...:secret:NAME-*).', 'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/credentials-exposure.md'),
  rule('iam/aws-data-exfiltration', 'warning', 'IAM action allows reading data from every resource', 'Actions on `*` that read data out: s3:GetObject, kms:Decrypt, dynamodb:Scan/Query/GetItem, sqs:ReceiveMessage, kinesis:GetRecords.', 'Name the buckets, keys and tables the code reads.', 'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/data-exfiltration.md'),
  rule('iam/aws-resource-exposure', 'warning', 'IAM action can change resource policies on every resource', 'Permissions-management actions on `*` (s3:PutBucketPolicy, sqs:SetQueueAttributes-style *Policy actions, ram:*, kms:PutKeyPolicy ...) let the holder share resources with anyone.', 'Drop the permissions-management actions or scope them to named resources.', 'https://github.com/salesforce/cloudsplaining/blob/master/docs/glossary/resource-exposure.md'),
  rule('iam/aws-open-trust', 'error', 'Role (or resource) can be assumed / used by anyone', 'A trust policy whose Principal is `*` / `{"AWS": "*"}`, another account\'s root, or an OIDC provider, without a Condition that narrows it (sts:ExternalId, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn/Account, the OIDC `sub`). Also a resource policy allowing Principal `*` without a condition.', 'Add a Condition (sts:ExternalId for a third party, aws:PrincipalOrgID for your organisation, `<provider>:sub` for OIDC) or name the principal.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html'),
  rule('iam/aws-managed-admin-policy', 'error', 'Administrator or FullAccess managed policy attached', 'AdministratorAccess, PowerUserAccess, IAMFullAccess or any *FullAccess AWS managed policy attached to a role, user, group or function.', 'Quick-fix: replace the attachment by an inline least-privilege statement template.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html'),
  rule('iam/aws-long-lived-credentials', 'warning', 'Long-lived IAM credentials', 'An IAM access key (AWS::IAM::AccessKey, aws_iam_access_key) or an IAM user given policies for a workload: static keys that leak and never expire.', 'Use ephemeral credentials: an assumable role (STS AssumeRole), IRSA / workload identity on Kubernetes, OIDC federation for CI (GitHub Actions: aws-actions/configure-aws-credentials with role-to-assume).', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles'),
];

export function awsRule(id: string): AwsRuleMeta | undefined {
  return AWS_RULES.find((r) => r.id === id);
}
