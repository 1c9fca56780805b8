/**
 * Shared types of the `permissions` family (category `iam`): what a permission
 * grant is, how broad it is, and the raw findings the provider analysers
 * (aws/, k8s/, gcp/, azure/, gha/) return before the family (index.ts) turns
 * them into engine Findings.
 *
 * ## Classification rule (feeds the risk score; keep in sync with aws/check.ts)
 *
 * A grant is one statement / binding / attachment. Its class is the broadest
 * of its parts; an Allow is judged, a Deny is never a grant.
 *
 * - `narrow`: named actions (no wildcard) on named resources (ARNs / names /
 *   stack references, not `*`), or named read/list actions that only accept
 *   `*` anyway (s3:ListAllMyBuckets).
 * - `moderate`: read/list actions on `*` that could be scoped, read-level
 *   prefix wildcards (`s3:Get*`, `ec2:Describe*`), write actions on `*` that
 *   only accept `*` (cloudwatch:PutMetricData), permissions-management
 *   actions on named resources, ARNs ending in a type-wide wildcard
 *   (`arn:aws:s3:::*`), other managed policies (contents not analysed), and
 *   anything not known statically (an intrinsic / variable / unknown action
 *   is never narrow).
 * - `broad`: `*` actions, service wildcards (`s3:*`, `iam:Put*`) that expand
 *   to write or permissions-management actions, NotAction / NotResource with
 *   Allow, write / permissions-management / privilege-escalation actions on
 *   `*` that support resource-level permissions, admin or `*FullAccess`
 *   managed policies (and k8s cluster-admin, gcp roles/owner|editor, azure
 *   Owner|Contributor), open trust (Principal `*`, OIDC trust without `sub`).
 *   Trust in another account's root without a condition is moderate.
 *
 * Providers other than AWS map their notions onto the same three classes:
 * verbs for actions, role names for `role`, scopes for `resources`.
 */
export { broader, type GrantClass } from '../../topics';
import type { GrantClass } from '../../topics';

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
  /**
   * A Kubernetes binding whose role is not in its own file: the role it names, resolved against the workspace's
   * roles after every file was read (engine/resolved.ts). Not part of reports.
   */
  roleRef?: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string; binding: string };
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

