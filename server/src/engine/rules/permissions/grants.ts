/**
 * Shared types of the `permissions` family (category `iam`): what a permission
 * grant is, how broad it is, and the raw findings the provider analysers
 * (aws/, k8s/, gcp/, azure/, gha/) return before the lead turns them into
 * engine Findings.
 *
 * ## Classification rule (feeds the risk score; keep in sync with aws/check.ts)
 *
 * A grant is one statement / binding / attachment. Its class is the broadest
 * of its parts; an Allow is judged, a Deny is never a grant.
 *
 * - `narrow`: only named actions (no wildcard) that are read/list level, or
 *   named write actions on named resources (ARNs / names, not `*`).
 * - `moderate`: named write/tagging actions on named resources when combined
 *   with a wildcard resource segment, read/list actions on `*`, service
 *   wildcards restricted to read-level prefixes (`s3:Get*`, `ec2:Describe*`)
 *   on named resources, write actions on `*` that do not support
 *   resource-level permissions anyway, and anything not known statically
 *   (an intrinsic / variable in Action or Resource is never narrow).
 * - `broad`: `*` actions, service wildcards (`s3:*`, `iam:Put*`) that expand
 *   to write or permissions-management actions, NotAction / NotResource with
 *   Allow, write / permissions-management / privilege-escalation actions on
 *   `*` that support resource-level permissions, admin or `*FullAccess`
 *   managed policies (and k8s cluster-admin, gcp roles/owner|editor, azure
 *   Owner|Contributor), open trust (Principal `*`, any-account root without a
 *   condition).
 *
 * Providers other than AWS map their notions onto the same three classes:
 * verbs for actions, role names for `role`, scopes for `resources`.
 */
export type GrantClass = 'narrow' | 'moderate' | 'broad';

export interface Grant {
  provider: 'aws' | 'kubernetes' | 'gcp' | 'azure' | 'github';
  /** Role / user / service account / member as written, when known (CloudFormation logical id, Terraform resource name). */
  principal?: string;
  /** Actions or verbs; [] when a role is granted instead. */
  actions: string[];
  /** Managed policy ARN / k8s role / gcp role / azure role. */
  role?: string;
  /** Resources as written; '*' kept. */
  resources: string[];
  class: GrantClass;
  /** One line: why this class. */
  reason: string;
  /** Offsets of the grant (statement / binding / attachment) in the file. */
  start: number;
  end: number;
}

export type RawSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface RawFinding {
  ruleId: string;
  severity: RawSeverity;
  message: string;
  /** Offsets of the offending element (precise: the "*" string, the action, the key). */
  start: number;
  end: number;
  related?: Array<{ start: number; end: number; message: string }>;
  /** JSON-serialisable data the provider's fix builder needs. */
  fix?: unknown;
}

const ORDER: Record<GrantClass, number> = { narrow: 0, moderate: 1, broad: 2 };

/** The broader of two classes. */
export function broader(a: GrantClass, b: GrantClass): GrantClass {
  return ORDER[a] >= ORDER[b] ? a : b;
}
