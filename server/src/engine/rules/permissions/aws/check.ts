/**
 * The AWS IAM checks: findings (rule ids in rules.ts) and one classified
 * Grant per statement / attachment / SAM policy template. Pure: located
 * policies and the catalogue in, results out. Deny statements are never
 * judged; values not known statically are judged by what is known and never
 * classified narrow.
 *
 * Classification (see grants.ts for the family-wide rule), per statement:
 * - broad:    Action "*", a service wildcard that expands to Write or
 *             Permissions-management actions, Allow with NotAction /
 *             NotResource, Write / Permissions-management actions on "*"
 *             that accept resource ARNs, privilege-escalation actions on "*",
 *             open trust, admin / *FullAccess managed policies.
 * - moderate: Read / List actions on "*" that accept ARNs, read-level prefix
 *             wildcards (`s3:Get*`) on named resources, Write actions on "*"
 *             that only accept "*" (cloudwatch:PutMetricData),
 *             Permissions-management actions on named resources, anything
 *             not known statically (intrinsic / variable / unknown action),
 *             other managed policies (their contents are not analysed).
 * - narrow:   named actions on named resources, or named actions that only
 *             accept "*" and are read/list level.
 */
import type { Grant, GrantClass, RawFinding } from '../grants';
import { broader } from '../grants';
import { asList, entry, get, type PEntry, type PNode } from '../../../formats/tree';
import type { ActionInfo, Catalog } from './catalog';
import { knownString, type AwsLocated, type LocatedPolicy, type PolicySource, type PolicySyntax } from './locate';
import { SAM_TEMPLATES } from './sam';
import { addTo } from '../../../collections';

// ---- fix data (JSON-serialisable, read by fixes.ts) --------------------------

export interface Span {
  start: number;
  end: number;
}
export interface EntrySpan extends Span {
  key: string;
  keyStart: number;
  keyEnd: number;
}
export interface StatementFix {
  type: 'statement';
  syntax: PolicySyntax;
  source: PolicySource;
  statement: Span;
  /** The statement is an item of a Statement list (more statements can be inserted after it). */
  inArray: boolean;
  action?: EntrySpan;
  resource?: EntrySpan;
  /** Services the statement's actions belong to (template choice). */
  services: string[];
  /** Resources are named (not "*" / NotResource): keep them and rewrite only the actions. */
  keepResources: boolean;
  /** For iam/aws-resource-star: ARN formats of the resource types the named actions take. */
  resourceArns?: string[];
}
export interface ManagedPolicyFix {
  type: 'managed-policy';
  syntax: PolicySyntax;
  source: PolicySource;
  policyName: string;
  item: Span;
  list?: Span & { count: number };
  /** CloudFormation: the Properties object, ManagedPolicyArns / Policies entries. */
  properties?: Span;
  managedEntry?: EntrySpan;
  policiesEntry?: EntrySpan & { lastItemStart?: number; lastItemEnd?: number };
}
export interface CredentialFix {
  type: 'long-lived';
  syntax: PolicySyntax;
  source: PolicySource;
  kind: 'access-key' | 'workload-user';
  resource: Span;
  principal?: string;
}
export interface DidYouMeanFix {
  type: 'did-you-mean';
  /** The string node (with its quotes when quoted). */
  at: Span;
  suggestion: string;
}
export type AwsFixData = StatementFix | ManagedPolicyFix | CredentialFix | DidYouMeanFix;

// ---- Cloudsplaining categories -----------------------------------------------

const lc = (s: string) => s.toLowerCase();

const PRIVESC = new Set(
  [
    'iam:CreatePolicyVersion',
    'iam:SetDefaultPolicyVersion',
    'iam:CreateAccessKey',
    'iam:CreateLoginProfile',
    'iam:UpdateLoginProfile',
    'iam:AttachUserPolicy',
    'iam:AttachGroupPolicy',
    'iam:AttachRolePolicy',
    'iam:PutUserPolicy',
    'iam:PutGroupPolicy',
    'iam:PutRolePolicy',
    'iam:AddUserToGroup',
    'iam:UpdateAssumeRolePolicy',
    'iam:PassRole',
    'lambda:UpdateFunctionCode',
    'glue:UpdateDevEndpoint',
  ].map(lc),
);
/** With iam:PassRole: run something new as an existing role. */
const PASSROLE_COMBOS = ['lambda:CreateFunction', 'ec2:RunInstances', 'cloudformation:CreateStack', 'glue:CreateDevEndpoint', 'datapipeline:CreatePipeline', 'codestar:CreateProject', 'ecs:RunTask', 'sagemaker:CreateNotebookInstance'];

const CREDENTIALS = new Set(
  [
    'iam:CreateServiceSpecificCredential',
    'iam:ResetServiceSpecificCredential',
    'iam:UpdateAccessKey',
    'iam:UploadSSHPublicKey',
    'sts:GetFederationToken',
    'sts:GetSessionToken',
    'secretsmanager:GetSecretValue',
    'ssm:GetParameter',
    'ssm:GetParameters',
    'ssm:GetParametersByPath',
    'ecr:GetAuthorizationToken',
    'ecr-public:GetAuthorizationToken',
    'redshift:GetClusterCredentials',
    'redshift:GetClusterCredentialsWithIAM',
    'redshift-serverless:GetCredentials',
    'lightsail:GetInstanceAccessDetails',
    'lightsail:GetRelationalDatabaseMasterUserPassword',
    'ec2:GetPasswordData',
    'chime:CreateApiKey',
    'gamelift:RequestUploadCredentials',
    'gamelift:GetInstanceAccess',
    'appsync:ListApiKeys',
    'codepipeline:PollForJobs',
    'cognito-identity:GetOpenIdTokenForDeveloperIdentity',
    'iot:CreateKeysAndCertificate',
    'mediapackage:RotateChannelCredentials',
    'sso:GetRoleCredentials',
  ].map(lc),
);
const EXFIL = new Set(['s3:GetObject', 's3:GetObjectVersion', 'kms:Decrypt', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'sqs:ReceiveMessage', 'kinesis:GetRecords', 'rds:DownloadDBLogFilePortion'].map(lc));

type Category = 'iam/aws-privilege-escalation' | 'iam/aws-resource-exposure' | 'iam/aws-credentials-exposure' | 'iam/aws-data-exfiltration';

function categoryOf(a: ActionInfo): Category | undefined {
  const id = lc(a.id);
  if (PRIVESC.has(id)) return 'iam/aws-privilege-escalation';
  if (CREDENTIALS.has(id)) return 'iam/aws-credentials-exposure';
  if (a.levels.includes('Permissions management')) return 'iam/aws-resource-exposure';
  if (EXFIL.has(id)) return 'iam/aws-data-exfiltration';
  return undefined;
}

const isWriteish = (a: ActionInfo) => a.levels.includes('Write') || a.levels.includes('Permissions management') || a.levels.includes('Tagging');
const READ_PREFIX = /^(get|list|describe|view|search|lookup|batchget|query|scan|select|head|check|validate)/i;

// ---- the check -------------------------------------------------------------------

interface ActionRef {
  node: PNode;
  text?: string;
  star: boolean;
  wildcard: boolean;
  /** Not known statically (intrinsic / variable) or not in the catalogue. */
  unknown: boolean;
  expanded: ActionInfo[];
}

function names(list: string[], max = 3): string {
  const uniq = [...new Set(list)];
  return uniq.length <= max ? uniq.join(', ') : `${uniq.slice(0, max).join(', ')} and ${uniq.length - max} more`;
}

function span(n: { start: number; end: number }): Span {
  return { start: n.start, end: n.end };
}
function entrySpan(e: PEntry | undefined): EntrySpan | undefined {
  return e ? { key: e.key, keyStart: e.keyStart, keyEnd: e.keyEnd, start: e.value.start, end: e.value.end } : undefined;
}

function resolveAction(node: PNode, catalog: Catalog, findings: RawFinding[]): ActionRef {
  const text = knownString(node);
  const ref: ActionRef = { node, text, star: false, wildcard: false, unknown: false, expanded: [] };
  if (text === undefined || /\$\{/.test(text)) {
    ref.unknown = true;
    return ref;
  }
  const t = text.trim();
  if (t === '*' || t === '*:*') {
    ref.star = true;
    return ref;
  }
  const colon = t.indexOf(':');
  if (colon <= 0) {
    ref.unknown = true;
    findings.push({ ruleId: 'iam/aws-unknown-action', severity: 'warning', message: `"${t.slice(0, 80)}" is not an IAM action (expected service:Action).`, start: node.start, end: node.end });
    return ref;
  }
  const svc = t.slice(0, colon);
  const act = t.slice(colon + 1);
  ref.wildcard = /[*?]/.test(t);
  if (!catalog.available) {
    ref.unknown = true;
    return ref;
  }
  if (!/[*?]/.test(svc) && !catalog.hasService(svc)) {
    ref.unknown = true;
    const s = catalog.suggestService(svc);
    findings.push({
      ruleId: 'iam/aws-unknown-action',
      severity: 'warning',
      message: `Unknown IAM service prefix "${svc.slice(0, 40)}"${s ? `: did you mean "${s}:${act.slice(0, 60)}"?` : '.'}`,
      start: node.start,
      end: node.end,
      fix: s && !/[*?]/.test(act) ? ({ type: 'did-you-mean', at: span(node), suggestion: catalog.suggestAction(s, act) ?? `${s}:${act}` } satisfies DidYouMeanFix) : undefined,
    });
    return ref;
  }
  ref.expanded = catalog.expand(t);
  if (!ref.expanded.length) {
    ref.unknown = true;
    const s = ref.wildcard ? undefined : catalog.suggestAction(svc, act);
    findings.push({
      ruleId: 'iam/aws-unknown-action',
      severity: 'warning',
      message: ref.wildcard ? `"${t.slice(0, 80)}" matches no ${svc} action.` : `Unknown IAM action "${t.slice(0, 80)}"${s ? `: did you mean "${s}"?` : '.'}`,
      start: node.start,
      end: node.end,
      fix: s ? ({ type: 'did-you-mean', at: span(node), suggestion: s } satisfies DidYouMeanFix) : undefined,
    });
  }
  return ref;
}

/** Condition keys that narrow who may assume a role / use a resource. */
const NARROWING_CONDITION = /^(sts:externalid|aws:principalorgid|aws:principalorgpaths|aws:principalaccount|aws:principalarn|aws:sourcearn|aws:sourceaccount|aws:sourceorgid|aws:sourceorgpaths|aws:sourcevpce?|aws:sourceip|aws:userid|aws:principalservicename|.*:sub|.*:aud|.*:amr|saml:aud|.*:oaud)$/i;

function conditionKeys(cond: PNode | undefined): string[] {
  const out: string[] = [];
  if (cond?.type !== 'object') return cond?.type === 'unknown' ? ['<unknown>'] : out;
  for (const op of cond.entries) {
    if (op.value.type === 'object') for (const k of op.value.entries) out.push(k.key);
    else out.push('<unknown>');
  }
  return out;
}

interface PrincipalHit {
  node: PNode;
  what: 'anyone' | 'account-root' | 'oidc';
  text: string;
}

function openPrincipals(principal: PNode | undefined): PrincipalHit[] {
  if (!principal) return [];
  const hits: PrincipalHit[] = [];
  if (knownString(principal) === '*') return [{ node: principal, what: 'anyone', text: '*' }];
  if (principal.type !== 'object') return hits;
  for (const e of principal.entries) {
    for (const v of asList(e.value)) {
      const s = knownString(v);
      if (s === undefined) continue;
      if (s === '*') hits.push({ node: v, what: 'anyone', text: `${e.key}: *` });
      else if (e.key === 'AWS' && (/^arn:[^:]+:iam::[^:]+:root$/.test(s) || /^\d{12}$/.test(s))) hits.push({ node: v, what: 'account-root', text: s.replace(/\d{12}/, (m) => m) });
      else if (e.key === 'Federated' && /oidc-provider\/|token\.actions\.githubusercontent\.com|accounts\.google\.com|cognito-identity/.test(s)) hits.push({ node: v, what: 'oidc', text: s.replace(/^.*oidc-provider\//, '') });
    }
  }
  return hits;
}

export interface AwsCheckResult {
  findings: RawFinding[];
  grants: Grant[];
}

export function checkAwsPolicies(located: AwsLocated, catalog: Catalog): AwsCheckResult {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  for (const p of located.policies) {
    const before = findings.length;
    checkPolicy(p, catalog, findings, grants);
    // Generated statements (Terraform dynamic blocks) get no fix: the text is a template of them.
    if (p.generated) for (let i = before; i < findings.length; i++) delete findings[i].fix;
  }
  for (const a of located.attachments) checkAttachment(a, findings, grants);
  for (const t of located.samTemplates) {
    const known = SAM_TEMPLATES[t.name];
    const resources = t.params.type === 'object' ? t.params.entries.map((e) => `${e.key}=${knownString(e.value) ?? '(not known statically)'}`) : [];
    if (!known) {
      grants.push({ provider: 'aws', principal: t.principal, actions: [], role: `SAM:${t.name}`, resources, class: 'moderate', reason: 'SAM policy template not known statically', start: t.node.start, end: t.node.end });
      continue;
    }
    const cls: GrantClass = known.scoped ? (/(Crud|FullAccess|Write)/.test(t.name) ? 'moderate' : 'narrow') : 'moderate';
    grants.push({
      provider: 'aws',
      principal: t.principal,
      actions: known.actions,
      role: `SAM:${t.name}`,
      resources: known.scoped ? resources : ['*'],
      class: cls,
      reason: known.scoped ? (cls === 'narrow' ? 'SAM template: named read or single-purpose actions on the named resource' : 'SAM template: write actions on the named resource') : 'SAM template: actions that only accept "*"',
      start: t.node.start,
      end: t.node.end,
    });
  }
  for (const c of located.credentials) {
    const alt = 'use an assumable role instead (STS AssumeRole; IRSA / workload identity on Kubernetes; OIDC federation for CI such as GitHub Actions)';
    findings.push({
      ruleId: 'iam/aws-long-lived-credentials',
      severity: c.kind === 'access-key' ? 'warning' : 'info',
      message: c.kind === 'access-key' ? `Long-lived IAM access key: ${alt}.` : `IAM user with policies for a workload: long-lived credentials; ${alt}.`,
      start: c.at.start,
      end: c.at.end,
      fix: { type: 'long-lived', syntax: c.syntax, source: c.source, kind: c.kind, resource: span(c.resource), principal: c.principal } satisfies CredentialFix,
    });
  }
  return { findings, grants };
}

const ADMIN = /(^|\/)(AdministratorAccess|PowerUserAccess|IAMFullAccess|[A-Za-z0-9]*FullAccess(V\d+)?)$/;
const READONLY = /(^|\/)([A-Za-z0-9]*ReadOnly(Access)?(V\d+)?|ViewOnlyAccess|SecurityAudit)$/;
const SMALL = /(^|\/)(AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AWSXRayDaemonWriteAccess|AWSLambdaSQSQueueExecutionRole|AmazonSSMManagedInstanceCore|CloudWatchAgentServerPolicy)$/;

function checkAttachment(a: AwsLocated['attachments'][number], findings: RawFinding[], grants: Grant[]): void {
  const text = knownString(a.policy);
  const name = text?.replace(/^arn:[^:]*:iam::(aws|\$\{AWS::Partition\}|[^:]*):policy\//, '').replace(/^arn:\$\{AWS::Partition\}:iam::aws:policy\//, '');
  const awsManaged = text !== undefined && (/:iam::aws:policy\//.test(text) || !/^arn:/.test(text));
  let cls: GrantClass = 'moderate';
  let reason = 'managed policy: contents not analysed';
  if (text === undefined || /\$\{(?!AWS::Partition\})/.test(text)) reason = 'managed policy not known statically';
  else if (awsManaged && name && ADMIN.test(name)) {
    cls = 'broad';
    const base = name.replace(/^.*\//, '');
    reason = base === 'AdministratorAccess' ? 'AdministratorAccess: every action on every resource' : `${base}: full access managed policy`;
    const fix: ManagedPolicyFix = { type: 'managed-policy', syntax: a.syntax, source: a.source, policyName: base, item: span(a.policy) };
    if (a.list?.type === 'array') fix.list = { ...span(a.list), count: a.list.items.length };
    const props = get(a.owner, 'Properties');
    if (props?.type === 'object') {
      fix.properties = span(props);
      fix.managedEntry = entrySpan(entry(props, 'ManagedPolicyArns'));
      const pe = entry(props, 'Policies');
      if (pe) {
        const last = pe.value.type === 'array' && pe.value.items.length ? pe.value.items[pe.value.items.length - 1] : undefined;
        fix.policiesEntry = { ...entrySpan(pe)!, lastItemStart: last?.start, lastItemEnd: last?.end };
      }
    }
    findings.push({
      ruleId: 'iam/aws-managed-admin-policy',
      severity: base === 'AdministratorAccess' || base === 'IAMFullAccess' || base === 'PowerUserAccess' ? 'error' : 'warning',
      message: `Managed policy ${base} grants ${base === 'AdministratorAccess' ? 'every action on every resource' : 'full access'}${a.principal ? ` to ${a.principal}` : ''}: grant the actions the workload uses instead.`,
      start: a.policy.start,
      end: a.policy.end,
      fix,
    });
  } else if (awsManaged && name && READONLY.test(name)) reason = 'read-only managed policy: read on "*"';
  else if (awsManaged && name && SMALL.test(name)) {
    cls = 'narrow';
    reason = 'service-role managed policy with a small, fixed set of actions';
  }
  grants.push({ provider: 'aws', principal: a.principal, actions: [], role: text ?? '(not known statically)', resources: ['*'], class: cls, reason, start: a.policy.start, end: a.policy.end });
}

function checkPolicy(p: LocatedPolicy, catalog: Catalog, findings: RawFinding[], grants: Grant[]): void {
  const inArray = (() => {
    const s = get(p.node, 'Statement');
    return p.node.type === 'array' || s?.type === 'array' || p.syntax === 'hcl-block';
  })();
  // Actions on "*" across the policy, for PassRole combinations.
  const unconstrained = new Map<string, PNode>();
  const passRoleRefs: PNode[] = [];
  for (const st of p.statements) {
    const effect = knownString(get(st, 'Effect'));
    if (effect !== undefined && effect.toLowerCase() === 'deny') continue;
    if (p.kind === 'trust') {
      checkTrust(p, st, findings, grants);
      continue;
    }
    if (p.kind === 'resource') {
      const hits = openPrincipals(get(st, 'Principal'));
      const conds = conditionKeys(get(st, 'Condition'));
      if (hits.some((h) => h.what === 'anyone') && !conds.some((k) => NARROWING_CONDITION.test(k) || k === '<unknown>')) {
        const h = hits.find((x) => x.what === 'anyone')!;
        findings.push({ ruleId: 'iam/aws-open-trust', severity: 'error', message: `Resource policy allows any principal (${h.text}) without a narrowing Condition.`, start: h.node.start, end: h.node.end });
      }
    }
    const actionEntry = entry(st, 'Action');
    const notActionEntry = entry(st, 'NotAction');
    const resourceEntry = entry(st, 'Resource');
    const notResourceEntry = entry(st, 'NotResource');
    const refs = asList((actionEntry ?? notActionEntry)?.value).map((n) => resolveAction(n, catalog, findings));
    const resources = asList(resourceEntry?.value);
    const resourceTexts = resources.map((r) => knownString(r) ?? '(not known statically)');
    const starNodes = resources.filter((r) => knownString(r)?.trim() === '*');
    const resourceStar = starNodes.length > 0 || !!notResourceEntry || (p.kind === 'identity' && !resourceEntry);
    let services = [...new Set(refs.map((r) => (r.text && r.text.includes(':') ? r.text.slice(0, r.text.indexOf(':')).toLowerCase() : undefined)).filter((s): s is string => !!s && !/[*?]/.test(s)))];
    // `"Action": "*"` names no service: the resource ARNs (arn:aws:<service>:...) say which one the statement is about.
    if (!services.length) {
      services = [...new Set(resourceTexts.map((t) => /^arn:aws[\w-]*:([a-z0-9-]+):/.exec(t)?.[1]).filter((x): x is string => !!x))];
    }
    const baseFix: StatementFix = {
      type: 'statement',
      syntax: p.syntax,
      source: p.source,
      statement: span(st),
      inArray,
      action: entrySpan(actionEntry ?? notActionEntry),
      resource: entrySpan(resourceEntry ?? notResourceEntry),
      services: notActionEntry ? [] : services,
      keepResources: !resourceStar && !notResourceEntry,
    };
    let cls: GrantClass = 'narrow';
    let reasons: string[] = [];
    const bump = (c: GrantClass, why: string) => {
      if (broader(cls, c) !== cls) {
        cls = c;
        reasons = [why];
      } else if (c === cls && c !== 'narrow' && !reasons.includes(why)) reasons.push(why);
    };

    if (notActionEntry) {
      findings.push({ ruleId: 'iam/aws-not-action', severity: 'warning', message: 'Allow with NotAction grants every action except the listed ones, including actions AWS adds later.', start: notActionEntry.keyStart, end: notActionEntry.keyEnd, fix: baseFix });
      bump('broad', 'Allow with NotAction');
    }
    if (notResourceEntry) {
      findings.push({ ruleId: 'iam/aws-not-action', severity: 'warning', message: 'Allow with NotResource grants on every resource except the listed ones.', start: notResourceEntry.keyStart, end: notResourceEntry.keyEnd, fix: { ...baseFix, keepResources: false } });
      bump('broad', 'Allow with NotResource');
    }
    if (!notActionEntry) {
      for (const r of refs) {
        if (r.star) {
          findings.push({ ruleId: 'iam/aws-wildcard-action', severity: 'error', message: `Action "*" allows every action of every service${resourceStar ? ' on every resource' : ''}.`, start: r.node.start, end: r.node.end, fix: baseFix });
          bump('broad', 'Action "*"');
        } else if (r.unknown) {
          bump('moderate', 'action not known statically');
        } else if (r.wildcard) {
          const writes = r.expanded.filter(isWriteish);
          const pm = r.expanded.filter((a) => a.levels.includes('Permissions management'));
          if (writes.length) {
            findings.push({
              ruleId: 'iam/aws-service-wildcard',
              severity: pm.length || /^[^:]+:\*$/.test(r.text!) ? 'warning' : 'warning',
              message: `"${r.text}" expands to ${r.expanded.length} actions, ${writes.length} of them write${pm.length ? ` or permissions-management (${names(pm.map((a) => a.id), 2)})` : ` (${names(writes.map((a) => a.id), 2)})`}.`,
              start: r.node.start,
              end: r.node.end,
              fix: baseFix,
            });
            bump('broad', `service wildcard ${r.text} includes write actions`);
          } else {
            bump('moderate', `read-level wildcard ${r.text}`);
          }
        }
        // Named actions (and read wildcards) are judged with the resources below.
        if (!r.star && !r.unknown) {
          for (const a of r.expanded) {
            if (resourceStar) {
              if (a.levels.includes('Permissions management') || PRIVESC.has(lc(a.id))) bump('broad', `${a.levels.includes('Permissions management') ? 'permissions-management' : 'privilege-escalation'} action on "*"`);
              else if (isWriteish(a) && a.resourceLevel) bump('broad', 'write action on "*"');
              else if (a.resourceLevel) bump('moderate', 'read action on "*"');
              else if (isWriteish(a)) bump('moderate', 'write action that only accepts "*"');
            } else if (a.levels.includes('Permissions management')) bump('moderate', 'permissions-management action on named resources');
          }
        }
      }
    }
    // A resource named by an intrinsic (`!Ref Bucket`, `!GetAtt`) is a resource of this stack: still named.
    if (!notResourceEntry && resources.some((r) => /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$|:::\*$/.test(knownString(r) ?? ''))) bump('moderate', 'resource ARN ends in a wildcard over all resources of a type');

    // Resource "*" on actions that could be scoped.
    if (p.kind === 'identity' && starNodes.length && !notActionEntry && !refs.some((r) => r.star)) {
      // Read-level prefix wildcards (ec2:Describe*) on "*" are broad reads on purpose: not reported.
      const scopable = refs.filter((r) => !r.wildcard || r.expanded.some(isWriteish)).flatMap((r) => r.expanded).filter((a) => a.resourceLevel);
      if (scopable.length && (scopable.some(isWriteish) || refs.some((r) => !r.wildcard && r.expanded.some((a) => a.resourceLevel)))) {
        const arns = [...new Set(scopable.flatMap((a) => a.resourceTypes.slice(0, 1).map((t) => catalog.resourceType(a.service, t)?.arn)).filter((x): x is string => !!x))].slice(0, 4);
        const write = scopable.some(isWriteish);
        findings.push({
          ruleId: 'iam/aws-resource-star',
          severity: write ? 'warning' : 'info',
          message: `Resource "*" although ${names(scopable.map((a) => a.id))} ${scopable.length === 1 ? 'accepts' : 'accept'} resource ARNs: name the resources.`,
          start: starNodes[0].start,
          end: starNodes[0].end,
          fix: { ...baseFix, resourceArns: arns, keepResources: false },
        });
      }
    }

    // Cloudsplaining categories: only actions without resource constraints.
    if (p.kind === 'identity' && resourceStar && !notActionEntry) {
      for (const r of refs) {
        if (r.star || r.unknown) continue;
        const byCat = new Map<Category, ActionInfo[]>();
        for (const a of r.expanded) {
          unconstrained.set(lc(a.id), r.node);
          if (lc(a.id) === 'iam:passrole') passRoleRefs.push(r.node);
          const c = categoryOf(a);
          if (!c) continue;
          if (c === 'iam/aws-privilege-escalation' && lc(a.id) === 'iam:passrole') continue; // reported per policy below
          addTo(byCat, c, a);
        }
        for (const [c, acts] of byCat) {
          const onlyStar = acts.every((a) => !a.resourceLevel);
          const what =
            c === 'iam/aws-privilege-escalation'
              ? 'lets the holder grant itself more permissions'
              : c === 'iam/aws-credentials-exposure'
                ? 'returns credentials or secrets'
                : c === 'iam/aws-resource-exposure'
                  ? 'can change who may access any resource'
                  : 'reads data out of every resource';
          findings.push({
            ruleId: c,
            severity: c === 'iam/aws-privilege-escalation' ? 'error' : onlyStar ? 'info' : 'warning',
            message: `${names(acts.map((a) => a.id))} on "*" ${what}${onlyStar ? ' (the action only accepts "*"; keep it only if needed)' : ''}.`,
            start: r.node.start,
            end: r.node.end,
            fix: baseFix,
          });
        }
      }
    }

    const actionsText = refs.map((r) => r.text ?? '(not known statically)');
    grants.push({
      provider: 'aws',
      principal: p.principal,
      actions: notActionEntry ? actionsText.map((a) => `NOT ${a}`) : actionsText,
      resources: notResourceEntry ? asList(notResourceEntry.value).map((r) => `NOT ${knownString(r) ?? '(not known statically)'}`) : resourceTexts.length ? resourceTexts : ['*'],
      class: cls,
      reason: cls === 'narrow' ? 'named actions on named resources' : reasons.slice(0, 2).join('; '),
      start: st.start,
      end: st.end,
    });
  }
  // iam:PassRole on "*", and what it combines with.
  for (const node of new Set(passRoleRefs)) {
    const combos = PASSROLE_COMBOS.filter((c) => unconstrained.has(lc(c)));
    findings.push({
      ruleId: 'iam/aws-privilege-escalation',
      severity: 'error',
      message: `iam:PassRole on "*" can hand any role to a service${combos.length ? `; with ${names(combos)} the holder runs code as that role` : ''}.`,
      start: node.start,
      end: node.end,
    });
  }
}

function checkTrust(p: LocatedPolicy, st: PNode, findings: RawFinding[], grants: Grant[]): void {
  const principal = get(st, 'Principal');
  const conds = conditionKeys(get(st, 'Condition'));
  const narrowed = conds.some((k) => NARROWING_CONDITION.test(k) || k === '<unknown>');
  const hits = openPrincipals(principal);
  let cls: GrantClass = 'narrow';
  let reason = 'trust limited to named principals';
  for (const h of hits) {
    if (h.what === 'oidc') {
      if (conds.some((k) => /:sub$/i.test(k) || k === '<unknown>')) continue;
      findings.push({ ruleId: 'iam/aws-open-trust', severity: 'error', message: `Trust in the OIDC provider ${h.text.slice(0, 80)} has no "sub" condition: any repository / workload of that provider can assume ${p.principal ?? 'the role'}.`, start: h.node.start, end: h.node.end });
      cls = 'broad';
      reason = 'OIDC trust without a sub condition';
      continue;
    }
    if (narrowed) continue;
    if (h.what === 'anyone') {
      findings.push({ ruleId: 'iam/aws-open-trust', severity: 'error', message: `Principal ${h.text} lets anyone assume ${p.principal ?? 'the role'}: add a Condition (sts:ExternalId, aws:PrincipalOrgID) or name the principal.`, start: h.node.start, end: h.node.end });
      cls = 'broad';
      reason = 'open trust: any principal';
    } else {
      findings.push({ ruleId: 'iam/aws-open-trust', severity: 'warning', message: `Every principal of account root ${h.text.replace(/^arn:[^:]+:iam::/, '').replace(/:root$/, '')} may assume ${p.principal ?? 'the role'} without a Condition (sts:ExternalId / aws:PrincipalArn).`, start: h.node.start, end: h.node.end });
      cls = broader(cls, 'moderate');
      if (cls === 'moderate') reason = 'trust in a whole account without a condition';
    }
  }
  const who: string[] = [];
  if (principal?.type === 'object') for (const e of principal.entries) for (const v of asList(e.value)) who.push(`${e.key}:${knownString(v) ?? '(not known statically)'}`);
  else if (principal) who.push(knownString(principal) ?? '(not known statically)');
  grants.push({ provider: 'aws', principal: p.principal, actions: asList(get(st, 'Action')).map((a) => knownString(a) ?? '(not known statically)'), resources: who, class: cls, reason, start: st.start, end: st.end });
}
