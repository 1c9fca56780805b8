/**
 * Finds AWS IAM policy documents, managed-policy attachments, SAM policy
 * templates and long-lived credentials in a document's tree: standalone
 * policies (JSON/YAML), CloudFormation / SAM / CDK output (JSON and YAML),
 * Serverless Framework, and Terraform (through formats/hcl.ts).
 *
 * Every statement comes out in IAM's JSON shape (Effect / Action / NotAction
 * / Resource / NotResource / Principal / Condition), whatever the syntax:
 * Terraform `statement {}` blocks are turned into that shape with the key
 * offsets of the HCL attribute names, so the check is syntax-agnostic.
 */
import { asList, entry, get, getPath, parseJsonTree, str, yamlTrees, type PEntry, type PNode, type PObject } from '../../../formats/tree';
import { CFN_YAML_TAGS } from '../../../formats/yaml';
import { isHclReady, parseEmbeddedJson, parseHcl, type HclAttribute, type HclBlock, type HclFile } from '../../../formats/hcl';

export type PolicySyntax = 'json' | 'yaml' | 'hcl-jsonencode' | 'hcl-block' | 'hcl-heredoc' | 'hcl-string';
export type PolicySource = 'policy' | 'cloudformation' | 'sam' | 'serverless' | 'terraform';

export interface LocatedPolicy {
  kind: 'identity' | 'trust' | 'resource';
  /** Statement objects in IAM's JSON shape (HCL blocks converted, offsets kept). */
  statements: PNode[];
  /** Role / user / group / policy the statements belong to (logical id, Terraform address). */
  principal?: string;
  syntax: PolicySyntax;
  /** The policy document (or the statement list when there is no document around it). */
  node: PNode;
  source: PolicySource;
  /** Statements generated from data (Terraform `dynamic` blocks): judged, not fixed in place. */
  generated?: boolean;
}

export interface LocatedAttachment {
  /** The managed policy: an ARN string, a SAM policy name, or an unknown (`!Ref`, `var.x`). */
  policy: PNode;
  principal?: string;
  syntax: PolicySyntax;
  source: PolicySource;
  /** The list holding it (for a fix that removes the item), when it is in one. */
  list?: PNode;
  /** The resource / function / provider.iam.role object the attachment sits in. */
  owner?: PNode;
}

export interface LocatedSamTemplate {
  /** "S3CrudPolicy". */
  name: string;
  keyStart: number;
  keyEnd: number;
  params: PNode;
  /** The `- S3CrudPolicy: {...}` item. */
  node: PNode;
  principal?: string;
  syntax: PolicySyntax;
}

export interface LocatedCredential {
  kind: 'access-key' | 'workload-user';
  /** Where to point: the `Type` value (CloudFormation) or the resource type label (Terraform). */
  at: { start: number; end: number };
  /** The whole resource (CloudFormation resource object / Terraform block). */
  resource: { start: number; end: number };
  principal?: string;
  syntax: PolicySyntax;
  source: PolicySource;
}

export interface AwsLocated {
  policies: LocatedPolicy[];
  attachments: LocatedAttachment[];
  samTemplates: LocatedSamTemplate[];
  credentials: LocatedCredential[];
}

function emptyLocated(): AwsLocated {
  return { policies: [], attachments: [], samTemplates: [], credentials: [] };
}

function merge(into: AwsLocated, from: AwsLocated): AwsLocated {
  into.policies.push(...from.policies);
  into.attachments.push(...from.attachments);
  into.samTemplates.push(...from.samTemplates);
  into.credentials.push(...from.credentials);
  return into;
}

// ---- helpers ----------------------------------------------------------------

/** The string a node stands for when one is visible (`!Sub "arn:..."` gives its template). */
export function knownString(n: PNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'string') return n.value;
  if (n.type === 'unknown' && n.inner?.type === 'string' && /^(!Sub|Fn::Sub|template)$/.test(n.tag ?? '')) return n.inner.value;
  return undefined;
}

function statementsOf(doc: PNode | undefined): PNode[] {
  const s = get(doc, 'Statement');
  return asList(s).filter((x) => x.type === 'object');
}

function isAssume(action: string): boolean {
  return /^sts:assumerole/i.test(action) || /^sts:tagsession$/i.test(action) || /^sts:setsourceidentity$/i.test(action);
}

/** Trust when a statement has a Principal and an sts:AssumeRole* action; resource policy when it has a Principal only. */
function kindOf(statements: PNode[], fallback: LocatedPolicy['kind']): LocatedPolicy['kind'] {
  let principal = false;
  for (const st of statements) {
    if (!get(st, 'Principal') && !get(st, 'NotPrincipal')) continue;
    principal = true;
    for (const a of asList(get(st, 'Action'))) {
      const v = knownString(a);
      if (v && isAssume(v)) return 'trust';
    }
  }
  return principal && fallback === 'identity' ? 'resource' : fallback;
}

function policy(doc: PNode, kind: LocatedPolicy['kind'], syntax: PolicySyntax, source: PolicySource, principal?: string): LocatedPolicy {
  const statements = statementsOf(doc);
  return { kind: kind === 'identity' ? kindOf(statements, 'identity') : kind, statements, principal, syntax, node: doc, source };
}

// ---- JSON / YAML ------------------------------------------------------------

const RESOURCE_POLICIES: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
};

/** Policies in one JSON / YAML document tree. */
export function locateAwsInTree(root: PNode | undefined, syntax: 'json' | 'yaml'): AwsLocated {
  const out = emptyLocated();
  if (!root || root.type !== 'object') return out;
  // A standalone policy document.
  if (get(root, 'Statement') && (get(root, 'Version') || statementsOf(root).some((s) => get(s, 'Effect')))) {
    out.policies.push(policy(root, 'identity', syntax, 'policy'));
    return out;
  }
  const resources = get(root, 'Resources');
  if (resources?.type === 'object') locateCloudFormation(resources, syntax, out, get(root, 'Transform') !== undefined ? 'sam' : 'cloudformation');
  // Serverless Framework.
  const provider = get(root, 'provider');
  if (get(root, 'service') !== undefined && provider?.type === 'object') {
    locateServerless(root, provider, syntax, out);
    const cfn = getPath(root, ['resources', 'Resources']);
    if (cfn?.type === 'object') locateCloudFormation(cfn, syntax, out, 'cloudformation');
  }
  return out;
}

function locateCloudFormation(resources: PObject, syntax: 'json' | 'yaml', out: AwsLocated, source: PolicySource): void {
  for (const r of resources.entries) {
    const res = r.value;
    const typeNode = get(res, 'Type');
    const type = str(typeNode);
    if (!type || !typeNode) continue;
    const props = get(res, 'Properties');
    const id = r.key;
    switch (type) {
      case 'AWS::IAM::Role':
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group': {
        const trust = get(props, 'AssumeRolePolicyDocument');
        if (trust?.type === 'object') out.policies.push(policy(trust, 'trust', syntax, source, id));
        let hasPolicies = false;
        for (const p of asList(get(props, 'Policies'))) {
          const doc = get(p, 'PolicyDocument');
          if (doc?.type === 'object') {
            out.policies.push(policy(doc, 'identity', syntax, source, id));
            hasPolicies = true;
          }
        }
        const mpa = get(props, 'ManagedPolicyArns');
        for (const m of asList(mpa)) {
          out.attachments.push({ policy: m, principal: id, syntax, source, list: mpa?.type === 'array' ? mpa : undefined, owner: res });
          hasPolicies = true;
        }
        if (type === 'AWS::IAM::User' && hasPolicies) {
          out.credentials.push({ kind: 'workload-user', at: typeNode, resource: res, principal: id, syntax, source });
        }
        break;
      }
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
      case 'AWS::IAM::RolePolicy':
      case 'AWS::IAM::UserPolicy':
      case 'AWS::IAM::GroupPolicy': {
        const doc = get(props, 'PolicyDocument');
        const target = [get(props, 'RoleName'), ...asList(get(props, 'Roles')), ...asList(get(props, 'Users')), ...asList(get(props, 'Groups')), get(props, 'UserName'), get(props, 'GroupName')].find(Boolean);
        const who = target?.type === 'unknown' && target.inner?.type === 'string' ? target.inner.value : str(target) ?? id;
        if (doc?.type === 'object') out.policies.push(policy(doc, 'identity', syntax, source, who));
        break;
      }
      case 'AWS::IAM::AccessKey':
        out.credentials.push({ kind: 'access-key', at: typeNode, resource: res, principal: id, syntax, source });
        break;
      case 'AWS::Serverless::Function':
      case 'AWS::Serverless::StateMachine':
      case 'AWS::Serverless::Api':
        locateSamPolicies(get(props, 'Policies'), id, syntax, out, res);
        break;
      default: {
        const key = RESOURCE_POLICIES[type];
        const doc = key ? get(props, key) : undefined;
        if (doc?.type === 'object') out.policies.push(policy(doc, 'resource', syntax, source, id));
      }
    }
  }
}

function locateSamPolicies(policies: PNode | undefined, id: string, syntax: 'json' | 'yaml', out: AwsLocated, owner: PNode): void {
  if (!policies) return;
  const list = policies.type === 'array' ? policies : undefined;
  for (const p of asList(policies)) {
    if (p.type === 'string' || p.type === 'unknown') {
      out.attachments.push({ policy: p, principal: id, syntax, source: 'sam', list, owner });
    } else if (p.type === 'object') {
      if (get(p, 'Statement')) {
        out.policies.push(policy(p, 'identity', syntax, 'sam', id));
      } else if (p.entries.length === 1) {
        const e = p.entries[0];
        out.samTemplates.push({ name: e.key, keyStart: e.keyStart, keyEnd: e.keyEnd, params: e.value, node: p, principal: id, syntax });
      }
    }
  }
}

function locateServerless(root: PNode, provider: PNode, syntax: 'json' | 'yaml', out: AwsLocated): void {
  const service = str(get(root, 'service')) ?? 'serverless';
  const principal = `${service} (provider.iam.role)`;
  const lists = [getPath(provider, ['iam', 'role', 'statements']), get(provider, 'iamRoleStatements')];
  for (const l of lists) {
    if (l?.type !== 'array') continue;
    const statements = l.items.filter((s) => s.type === 'object');
    out.policies.push({ kind: 'identity', statements, principal, syntax, node: l, source: 'serverless' });
  }
  const functions = get(root, 'functions');
  if (functions?.type === 'object') {
    for (const f of functions.entries) {
      const l = get(f.value, 'iamRoleStatements');
      if (l?.type === 'array') out.policies.push({ kind: 'identity', statements: l.items.filter((s) => s.type === 'object'), principal: `${service}.${f.key}`, syntax, node: l, source: 'serverless' });
    }
  }
  const role = getPath(provider, ['iam', 'role']);
  for (const l of [getPath(provider, ['iam', 'role', 'managedPolicies']), get(provider, 'iamManagedPolicies')]) {
    for (const m of asList(l)) out.attachments.push({ policy: m, principal, syntax, source: 'serverless', list: l?.type === 'array' ? l : undefined, owner: role ?? provider });
  }
}

// ---- Terraform --------------------------------------------------------------

const TF_POLICY_RESOURCES = new Set(['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']);
const TF_ATTACHMENTS = new Set(['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment']);

function attr(block: HclBlock, name: string): HclAttribute | undefined {
  return block.body.attributes.find((a) => a.name === name);
}

function refName(n: PNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'string') return n.value;
  if (n.type === 'unknown' && n.tag && /^[A-Za-z_][\w.-]*$/.test(n.tag)) return n.tag.replace(/\.(id|name|arn|unique_id)$/, '');
  return undefined;
}

/** A policy attribute's value: jsonencode object, heredoc or quoted JSON. */
function tfPolicyValue(value: PNode, text: string): { doc: PNode; syntax: PolicySyntax } | undefined {
  if (value.type === 'object') return { doc: value, syntax: 'hcl-jsonencode' };
  const inner = value.type === 'string' ? value : value.type === 'unknown' && value.inner?.type === 'string' ? value.inner : undefined;
  if (!inner) return undefined;
  const doc = parseEmbeddedJson(value, text);
  if (!doc || doc.type !== 'object') return undefined;
  return { doc, syntax: text.startsWith('<<', inner.start) ? 'hcl-heredoc' : 'hcl-string' };
}

function hclEntry(key: string, a: { nameStart: number; nameEnd: number }, value: PNode): PEntry {
  return { key, keyStart: a.nameStart, keyEnd: a.nameEnd, value };
}

const TF_STATEMENT_KEYS: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/** A `statement {}` block in IAM's JSON shape (keys renamed, offsets of the HCL names kept). */
function statementFromBlock(b: HclBlock): PObject {
  const entries: PEntry[] = [];
  for (const a of b.body.attributes) {
    const k = TF_STATEMENT_KEYS[a.name];
    if (k) entries.push(hclEntry(k, a, a.value));
  }
  for (const kind of ['principals', 'not_principals'] as const) {
    const blocks = b.body.blocks.filter((x) => x.type === kind);
    if (!blocks.length) continue;
    const pEntries: PEntry[] = [];
    for (const p of blocks) {
      const t = str(attr(p, 'type')?.value);
      const ids = attr(p, 'identifiers');
      if (t && ids) pEntries.push(hclEntry(t, ids, ids.value));
    }
    const first = blocks[0];
    entries.push({ key: kind === 'principals' ? 'Principal' : 'NotPrincipal', keyStart: first.typeStart, keyEnd: first.typeEnd, value: { type: 'object', start: first.start, end: blocks[blocks.length - 1].end, entries: pEntries } });
  }
  const conds = b.body.blocks.filter((x) => x.type === 'condition');
  if (conds.length) {
    const cEntries: PEntry[] = [];
    for (const c of conds) {
      const test = str(attr(c, 'test')?.value) ?? 'Unknown';
      const variable = attr(c, 'variable');
      const values = attr(c, 'values');
      const v = str(variable?.value) ?? 'unknown';
      cEntries.push({ key: test, keyStart: c.typeStart, keyEnd: c.typeEnd, value: { type: 'object', start: c.start, end: c.end, entries: values ? [hclEntry(v, values, values.value)] : [] } });
    }
    entries.push({ key: 'Condition', keyStart: conds[0].typeStart, keyEnd: conds[0].typeEnd, value: { type: 'object', start: conds[0].start, end: conds[conds.length - 1].end, entries: cEntries } });
  }
  if (!entries.some((e) => e.key === 'Effect')) entries.push({ key: 'Effect', keyStart: b.start, keyEnd: b.start, value: { type: 'string', start: b.start, end: b.start, value: 'Allow' } });
  return { type: 'object', start: b.start, end: b.end, entries };
}

/**
 * The statements of the `dynamic "statement"` blocks of a policy document. A `for_each` written out (a list or a
 * map of objects) gives one statement per item, `<iterator>.value.<key>` (and `<iterator>.value`) read from the
 * item, so the values judged and pointed at are the item's; any other `for_each` gives one statement whose
 * iterated values are not known statically (never narrow), with what the `content` block writes out judged.
 */
export function dynamicStatements(b: HclBlock): PObject[] {
  const out: PObject[] = [];
  for (const d of b.body.blocks) {
    if (d.type !== 'dynamic' || d.labels[0]?.value !== 'statement') continue;
    const content = d.body.blocks.find((x) => x.type === 'content');
    if (!content) continue;
    const itNode = attr(d, 'iterator')?.value;
    const it = (itNode?.type === 'unknown' ? itNode.tag : str(itNode)) ?? 'statement';
    const fe = attr(d, 'for_each')?.value;
    const list = fe?.type === 'array' ? fe.items : fe?.type === 'object' ? fe.entries.map((e) => e.value) : undefined;
    const base = statementFromBlock(content);
    if (!list?.length) {
      out.push(base);
      continue;
    }
    const ref = new RegExp(`^${it.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.value(?:\\.([A-Za-z_][\\w-]*)|\\[\\s*"([^"]+)"\\s*\\])?$`);
    for (const item of list.slice(0, 200)) {
      const entries = base.entries.map((e) => {
        const m = e.value.type === 'unknown' && e.value.tag ? ref.exec(e.value.tag) : null;
        if (!m) return e;
        const key = m[1] ?? m[2];
        const v = key ? get(item, key) : item;
        return v ? { ...e, value: v } : e;
      });
      // The statement spans its item and the content block: a finding on either belongs to it (the innermost grant).
      out.push({ ...base, entries, start: Math.min(base.start, item.start), end: Math.max(base.end, item.end) });
    }
  }
  return out;
}

/** Policies, attachments and credentials in a parsed Terraform file. */
export function locateAwsInHcl(file: HclFile, text: string): AwsLocated {
  const out = emptyLocated();
  const userRefs = new Set<string>();
  const users: HclBlock[] = [];
  for (const b of file.blocks) {
    if (b.labels.length < 2) continue;
    const [typeLabel, nameLabel] = b.labels;
    const type = typeLabel.value;
    const address = `${b.type === 'data' ? 'data.' : ''}${type}.${nameLabel.value}`;
    if (b.type === 'resource') {
      if (TF_POLICY_RESOURCES.has(type)) {
        const p = attr(b, 'policy');
        const target = refName(attr(b, 'role')?.value) ?? refName(attr(b, 'user')?.value) ?? refName(attr(b, 'group')?.value);
        if (type === 'aws_iam_user_policy' && target) userRefs.add(target);
        const v = p && tfPolicyValue(p.value, text);
        if (v) out.policies.push(policy(v.doc, 'identity', v.syntax, 'terraform', target ?? address));
      } else if (type === 'aws_iam_role') {
        const t = attr(b, 'assume_role_policy');
        const v = t && tfPolicyValue(t.value, text);
        if (v) out.policies.push(policy(v.doc, 'trust', v.syntax, 'terraform', address));
        for (const ip of b.body.blocks.filter((x) => x.type === 'inline_policy')) {
          const pa = attr(ip, 'policy');
          const pv = pa && tfPolicyValue(pa.value, text);
          if (pv) out.policies.push(policy(pv.doc, 'identity', pv.syntax, 'terraform', address));
        }
        const m = attr(b, 'managed_policy_arns');
        for (const item of asList(m?.value)) out.attachments.push({ policy: item, principal: address, syntax: 'hcl-jsonencode', source: 'terraform', list: m?.value.type === 'array' ? m.value : undefined });
      } else if (TF_ATTACHMENTS.has(type) || type === 'aws_iam_role_policy_attachments_exclusive') {
        const target = refName(attr(b, 'role')?.value) ?? refName(attr(b, 'user')?.value) ?? refName(attr(b, 'group')?.value) ?? refName(attr(b, 'role_name')?.value) ?? address;
        if (type === 'aws_iam_user_policy_attachment') userRefs.add(target);
        const a = attr(b, 'policy_arn') ?? attr(b, 'policy_arns');
        for (const item of asList(a?.value)) out.attachments.push({ policy: item, principal: target, syntax: 'hcl-jsonencode', source: 'terraform', list: a?.value.type === 'array' ? a.value : undefined });
      } else if (type === 'aws_iam_access_key') {
        const u = refName(attr(b, 'user')?.value);
        if (u) userRefs.add(u);
        out.credentials.push({ kind: 'access-key', at: typeLabel, resource: b, principal: u ?? address, syntax: 'hcl-block', source: 'terraform' });
      } else if (type === 'aws_iam_user') {
        users.push(b);
      }
    } else if (b.type === 'data' && type === 'aws_iam_policy_document') {
      const statements = b.body.blocks.filter((x) => x.type === 'statement').map(statementFromBlock);
      out.policies.push({ kind: kindOf(statements, 'identity'), statements, principal: address, syntax: 'hcl-block', node: { type: 'object', start: b.start, end: b.end, entries: [] }, source: 'terraform' });
      // `dynamic "statement"` blocks: judged too, without a fix (the statements are generated).
      const dyn = dynamicStatements(b);
      if (dyn.length) out.policies.push({ kind: kindOf(dyn, 'identity'), statements: dyn, principal: address, syntax: 'hcl-block', node: { type: 'object', start: b.start, end: b.end, entries: [] }, source: 'terraform', generated: true });
    }
  }
  for (const u of users) {
    const address = `aws_iam_user.${u.labels[1].value}`;
    if (userRefs.has(address)) out.credentials.push({ kind: 'workload-user', at: u.labels[0], resource: u, principal: address, syntax: 'hcl-block', source: 'terraform' });
  }
  return out;
}

// ---- text entry point ---------------------------------------------------------

export { CFN_YAML_TAGS };

/**
 * Parses and locates: the text-in entry point (tests, analyzeAws). The family locates in its
 * DocumentContext's trees (locateAwsInTree / locateAwsInHcl); this parses the whole text at once with the
 * same parsers. Terraform needs `initHcl()` to have resolved (otherwise nothing is found). Never throws.
 */
export function locateAws(text: string, language: 'json' | 'yaml' | 'terraform'): AwsLocated {
  try {
    if (language === 'json') return locateAwsInTree(parseJsonTree(text).root, 'json');
    if (language === 'terraform') {
      if (!isHclReady()) return emptyLocated();
      const f = parseHcl(text);
      return f ? locateAwsInHcl(f, text) : emptyLocated();
    }
    const out = emptyLocated();
    for (const tree of yamlTrees(text)) merge(out, locateAwsInTree(tree, 'yaml'));
    return out;
  } catch {
    return emptyLocated();
  }
}

export { entry };
