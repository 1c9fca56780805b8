/**
 * Least-privilege templates (policy_sentry style, generated from the action
 * catalogue into ../templates/aws-*.json) and the edits that rewrite a broad
 * statement in the document's own syntax: JSON, YAML (CloudFormation with
 * `!Sub` ARNs), Terraform `jsonencode({...})` objects and
 * `data "aws_iam_policy_document"` statement blocks.
 *
 * Placeholders: template ARNs hold `${Name}`. `${Partition}`, `${Region}`,
 * `${Account}` become `${AWS::Partition}` / `${AWS::Region}` /
 * `${AWS::AccountId}` in CloudFormation (inside `!Sub`) and `aws` / `*` / `*`
 * elsewhere; other names stay `${Name}` in CloudFormation and become
 * `<Name>` elsewhere. Each option lists its placeholders (snippet tab stops).
 */
import fs = require('fs');
import { compileDraft7 } from '../../../schemaValidator';
import { readJsonFiles } from '../../../jsonFiles';
import { isInsideFolder } from '../../../folderPaths';
import type { RawFinding } from '../grants';
import type { AwsFixData, CredentialFix, DidYouMeanFix, ManagedPolicyFix, StatementFix } from './check';
import type { PolicySyntax } from './locate';
import { withCommentsAfter } from '../../../formats/tree';
import { lineStart, trimEnd } from '../../../text';

export interface AwsTemplateStatement {
  sid?: string;
  actions: string[];
  resources: string[];
}
export interface AwsTemplate {
  id: string;
  title: string;
  service: string;
  accessLevel: 'read-only' | 'read-write' | 'write-only' | 'list' | 'custom';
  statements: AwsTemplateStatement[];
  placeholders?: string[];
}
export interface TemplateFile {
  provider: 'aws';
  templates: AwsTemplate[];
}
export interface FixEdit {
  start: number;
  end: number;
  newText: string;
}
export interface FixOption {
  title: string;
  isPreferred: boolean;
  edits: FixEdit[];
  /** Placeholder names left in the text for the user (snippet tab stops). */
  placeholders?: string[];
  templateId?: string;
}

// ---- templates ------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-require-imports */
const BUILTIN_FILES: TemplateFile[] = [
  require('../templates/aws-s3.json'),
  require('../templates/aws-dynamodb.json'),
  require('../templates/aws-sqs.json'),
  require('../templates/aws-sns.json'),
  require('../templates/aws-lambda.json'),
  require('../templates/aws-secretsmanager.json'),
  require('../templates/aws-ssm.json'),
  require('../templates/aws-kms.json'),
  require('../templates/aws-logs.json'),
  require('../templates/aws-ecr.json'),
  require('../templates/aws-kinesis.json'),
  require('../templates/aws-states.json'),
  require('../templates/aws-events.json'),
];
const SCHEMA: object = require('../../../../../../schemas/iam-templates.schema.json');
/* eslint-enable @typescript-eslint/no-require-imports */

let validator: ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null } = undefined as never;
function validate(data: unknown): string | undefined {
  if (!validator) {
    validator = compileDraft7(SCHEMA, { allErrors: false, strict: false }) as typeof validator;
  }
  if (validator(data)) return undefined;
  const e = validator.errors?.[0];
  return e ? `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}` : 'is invalid';
}

export interface LoadedTemplates {
  templates: AwsTemplate[];
  /** One line per file that could not be used (never thrown). */
  problems: string[];
}

let builtinCache: AwsTemplate[] | undefined;

export function builtinTemplates(): AwsTemplate[] {
  if (!builtinCache) builtinCache = BUILTIN_FILES.flatMap((f) => f.templates);
  return builtinCache;
}


/**
 * Built-in templates plus a platform team's (`*.json` files in `extraDir`,
 * each validated against schemas/iam-templates.schema.json). A team template
 * with a built-in id replaces it. Invalid files are reported in `problems`
 * (never quoting a file's text). The folder and its files are read only when
 * they resolve inside the workspace folder `root` (without one, the templates
 * folder itself must not be a link): a symbolic link out of it is refused.
 */
export function loadTemplates(extraDir?: string, root?: string): LoadedTemplates {
  const byId = new Map<string, AwsTemplate>();
  for (const t of builtinTemplates()) byId.set(t.id, t);
  const problems: string[] = [];
  if (extraDir) {
    // Without the workspace folder, the templates folder itself must not be a link (a link out of the folder is the risk).
    const inside = (p: string): boolean => {
      if (root) return isInsideFolder(root, p);
      try {
        return !fs.lstatSync(p).isSymbolicLink();
      } catch {
        return true;
      }
    };
    let files: string[] = [];
    if (!inside(extraDir)) {
      problems.push(`IAM templates folder ${extraDir} resolves outside the workspace folder (a symbolic link out of it): not read.`);
    } else {
      try {
        files = fs.readdirSync(extraDir).filter((f) => f.endsWith('.json')).sort();
      } catch {
        problems.push(`IAM templates folder ${extraDir} cannot be read.`);
      }
    }
    for (const { name: f, data, failure } of readJsonFiles(extraDir, files, inside)) {
      if (failure?.kind === 'outside') {
        problems.push(`IAM template file ${f} resolves outside the workspace folder (a symbolic link out of it): not read.`);
        continue;
      }
      if (failure?.kind === 'unreadable') {
        problems.push(`IAM template file ${f} cannot be read (${failure.code}).`);
        continue;
      }
      if (failure) {
        const at = failure.place;
        problems.push(`IAM template file ${f}: ${at ? `not valid JSON: ${at.code} at line ${at.line}, column ${at.column}` : 'not valid JSON'}.`);
        continue;
      }
      const err = validate(data);
      if (err) {
        problems.push(`IAM template file ${f}: ${err} (see schemas/iam-templates.schema.json).`);
        continue;
      }
      for (const t of (data as TemplateFile).templates) byId.set(t.id, t);
    }
  }
  return { templates: [...byId.values()], problems };
}

// ---- value rendering ------------------------------------------------------------

/** A CloudFormation `Fn::Sub` string. */
class Sub {
  constructor(readonly s: string) {}
}
type V = string | Sub | V[] | { [k: string]: V };

function isCfn(fix: { source: string; syntax: PolicySyntax }): boolean {
  return (fix.source === 'cloudformation' || fix.source === 'sam') && (fix.syntax === 'json' || fix.syntax === 'yaml');
}

function placeholdersOf(arn: string): string[] {
  return [...arn.matchAll(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]).filter((n) => !['Partition', 'Region', 'Account'].includes(n));
}

function renderArn(arn: string, cfn: boolean): V {
  if (cfn) {
    const s = arn.replace(/\$\{Partition\}/g, '${AWS::Partition}').replace(/\$\{Region\}/g, '${AWS::Region}').replace(/\$\{Account\}/g, '${AWS::AccountId}');
    return s.includes('${') ? new Sub(s) : s;
  }
  return arn
    .replace(/\$\{Partition\}/g, 'aws')
    .replace(/\$\{Region\}/g, '*')
    .replace(/\$\{Account\}/g, '*')
    .replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, '<$1>');
}

const q = (s: string) => JSON.stringify(s);

function renderJson(v: V, indent: string, unit: string): string {
  if (typeof v === 'string') return q(v);
  if (v instanceof Sub) return `{ "Fn::Sub": ${q(v.s)} }`;
  const inner = indent + unit;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string') && v.length <= 1) return `[${v.map((x) => renderJson(x, inner, unit)).join(', ')}]`;
    return `[\n${v.map((x) => inner + renderJson(x, inner, unit)).join(',\n')}\n${indent}]`;
  }
  return `{\n${Object.entries(v)
    .map(([k, x]) => `${inner}${q(k)}: ${renderJson(x, inner, unit)}`)
    .join(',\n')}\n${indent}}`;
}

function renderHcl(v: V, indent: string, unit: string): string {
  if (typeof v === 'string') return q(v).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  if (v instanceof Sub) return renderHcl(v.s, indent, unit);
  const inner = indent + unit;
  if (Array.isArray(v)) {
    if (v.length <= 1) return `[${v.map((x) => renderHcl(x, inner, unit)).join(', ')}]`;
    return `[\n${v.map((x) => inner + renderHcl(x, inner, unit)).join(',\n')},\n${indent}]`;
  }
  return `{\n${Object.entries(v)
    .map(([k, x]) => `${inner}${k} = ${renderHcl(x, inner, unit)}`)
    .join('\n')}\n${indent}}`;
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9:/._-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/: /.test(s) ? s : q(s);
}

/**
 * A YAML value written after `key:` (key at column `col`), or with `inline`
 * right after a `-` at column `col`: " scalar", or a block whose keys / dashes
 * sit at column col+2 (an inline mapping's first key stays on the dash line).
 */
function renderYaml(v: V, col: number, inline = false): string {
  const pad = ' '.repeat(col + 2);
  if (typeof v === 'string') return ` ${yamlScalar(v)}`;
  if (v instanceof Sub) return ` !Sub ${q(v.s)}`;
  if (Array.isArray(v)) {
    if (!v.length) return ' []';
    return v.map((x, i) => `${i === 0 && inline ? ' ' : `\n${pad}`}-${renderYaml(x, col + 2, true)}`).join('');
  }
  return Object.entries(v)
    .map(([k, x], i) => `${i === 0 && inline ? ' ' : `\n${pad}`}${k}:${renderYaml(x, col + 2)}`)
    .join('');
}

// ---- text helpers -----------------------------------------------------------------

function lineIndent(text: string, at: number): string {
  const ls = lineStart(text, at);
  return /^[ \t]*/.exec(text.slice(ls, at))![0];
}
function indentUnit(text: string): string {
  const m = /\n( +|\t)\S/.exec(text);
  if (!m) return '  ';
  return m[1] === '\t' ? '\t' : m[1].length >= 4 ? '    ' : '  ';
}

/** Replace an entry's value; `col` is the column of the key (YAML). */
function replaceValue(text: string, syntax: PolicySyntax, e: { keyStart: number; keyEnd: number; start: number; end: number }, v: V): FixEdit {
  if (syntax === 'yaml') {
    const colon = text.indexOf(':', e.keyEnd);
    const col = e.keyStart - lineStart(text, e.keyStart);
    return { start: colon + 1, end: trimEnd(text, colon + 1, e.end), newText: renderYaml(v, col) };
  }
  const indent = lineIndent(text, e.keyStart);
  const unit = indentUnit(text);
  return { start: e.start, end: e.end, newText: syntax === 'json' ? renderJson(v, indent, unit) : renderHcl(v, indent, unit) };
}

function renameKey(text: string, syntax: PolicySyntax, e: { keyStart: number; keyEnd: number }, from: string, to: string): FixEdit | undefined {
  const keyText = text.slice(e.keyStart, e.keyEnd);
  const hclFrom = from === 'NotAction' ? 'not_actions' : 'not_resources';
  const hclTo = to === 'Action' ? 'actions' : 'resources';
  if (syntax === 'hcl-block' && keyText === hclFrom) return { start: e.keyStart, end: e.keyEnd, newText: hclTo };
  if (!keyText.includes(from)) return undefined;
  return { start: e.keyStart, end: e.keyEnd, newText: keyText.replace(from, to) };
}

function statementValue(st: AwsTemplateStatement, cfn: boolean): Record<string, V> {
  return { Effect: 'Allow', Action: st.actions, Resource: st.resources.map((r) => renderArn(r, cfn)) };
}

/** Extra statements inserted after the rewritten one. */
function insertStatements(text: string, fix: StatementFix, extra: AwsTemplateStatement[]): FixEdit[] {
  if (!extra.length || !fix.inArray) return [];
  const cfn = isCfn(fix);
  const at = fix.statement.end;
  const indent = lineIndent(text, fix.statement.start);
  const unit = indentUnit(text);
  if (fix.syntax === 'yaml') {
    // The statement is a `- ` item: its dash is just before statement.start.
    const dashCol = Math.max(0, fix.statement.start - lineStart(text, fix.statement.start) - 2);
    const end = trimEnd(text, fix.statement.start, at);
    return [{ start: end, end, newText: extra.map((s) => `\n${' '.repeat(dashCol)}-${renderYaml(statementValue(s, cfn), dashCol, true)}`).join('') }];
  }
  if (fix.syntax === 'hcl-block') {
    const body = (s: AwsTemplateStatement) =>
      `\n\n${indent}statement {\n${indent}${unit}effect    = "Allow"\n${indent}${unit}actions   = ${renderHcl(s.actions, indent + unit, unit)}\n${indent}${unit}resources = ${renderHcl(s.resources.map((r) => renderArn(r, false)) as V, indent + unit, unit)}\n${indent}}`;
    return [{ start: at, end: at, newText: extra.map(body).join('') }];
  }
  const render = fix.syntax === 'json' ? renderJson : renderHcl;
  return [{ start: at, end: at, newText: extra.map((s) => `,\n${indent}${render(statementValue(s, cfn), indent, unit)}`).join('') }];
}

function statementEdits(text: string, fix: StatementFix, t: AwsTemplate): FixEdit[] | undefined {
  if (fix.syntax === 'hcl-string' || fix.syntax === 'hcl-heredoc') {
    if (fix.syntax === 'hcl-string') return undefined;
  }
  const syntax: PolicySyntax = fix.syntax === 'hcl-heredoc' ? 'json' : fix.syntax;
  const cfn = isCfn(fix);
  const edits: FixEdit[] = [];
  const first = t.statements[0];
  if (!fix.action) return undefined;
  if (fix.action.key === 'NotAction') {
    const r = renameKey(text, fix.syntax, fix.action, 'NotAction', 'Action');
    if (!r) return undefined;
    edits.push(r);
  }
  edits.push(replaceValue(text, syntax, fix.action, first.actions));
  let extra = t.statements.slice(1);
  if (!fix.keepResources) {
    if (!fix.resource) return undefined;
    if (fix.resource.key === 'NotResource') {
      const r = renameKey(text, fix.syntax, fix.resource, 'NotResource', 'Resource');
      if (!r) return undefined;
      edits.push(r);
    }
    edits.push(replaceValue(text, syntax, fix.resource, first.resources.map((r) => renderArn(r, cfn && syntax === fix.syntax))));
  } else {
    // The user's resources stay: one statement with every template action.
    edits[edits.length - 1] = replaceValue(text, syntax, fix.action, [...new Set(t.statements.flatMap((s) => s.actions))]);
    extra = [];
  }
  edits.push(...insertStatements(text, { ...fix, syntax }, extra));
  return edits.sort((a, b) => a.start - b.start);
}

const DEFAULT_SERVICES = ['s3', 'dynamodb', 'sqs', 'secretsmanager', 'logs'];
const LEVEL_ORDER = ['read-only', 'read-write', 'write-only', 'list', 'custom'];

function templatesFor(services: string[], templates: AwsTemplate[], templateId?: string): AwsTemplate[] {
  if (templateId) return templates.filter((t) => t.id === templateId);
  const known = services.filter((s) => templates.some((t) => t.service === s));
  const svc = known.length ? known : DEFAULT_SERVICES;
  const out = templates.filter((t) => svc.includes(t.service));
  if (!known.length) return out.filter((t) => t.accessLevel === 'read-only');
  return out.sort((a, b) => svc.indexOf(a.service) - svc.indexOf(b.service) || LEVEL_ORDER.indexOf(a.accessLevel) - LEVEL_ORDER.indexOf(b.accessLevel));
}

const MANAGED_SERVICE: Array<[RegExp, string]> = [
  [/S3/, 's3'],
  [/DynamoDB/, 'dynamodb'],
  [/SQS/, 'sqs'],
  [/SNS/, 'sns'],
  [/Lambda/, 'lambda'],
  [/SecretsManager/, 'secretsmanager'],
  [/SSM/, 'ssm'],
  [/KMS/, 'kms'],
  [/CloudWatchLogs/, 'logs'],
  [/ContainerRegistry|ECR/, 'ecr'],
  [/Kinesis/, 'kinesis'],
  [/StepFunctions/, 'states'],
  [/EventBridge/, 'events'],
];

// ---- managed policy → inline statement ------------------------------------------------

function removeListItem(text: string, fix: ManagedPolicyFix): FixEdit {
  const { item, list } = fix;
  const flow = !list || text[list.start] === '[' || fix.syntax !== 'yaml';
  if (list && list.count === 1) {
    if (fix.syntax === 'yaml' && text[list.start] !== '[') {
      // `Key:\n  - arn` -> `Key: []`
      const colon = text.lastIndexOf(':', list.start);
      return { start: colon + 1, end: trimEnd(text, list.start, list.end), newText: ' []' };
    }
    return { start: list.start, end: list.end, newText: '[]' };
  }
  if (!flow) {
    const ls = lineStart(text, item.start);
    const nl = text.indexOf('\n', item.end);
    return { start: ls, end: nl < 0 ? text.length : nl + 1, newText: '' };
  }
  let i = item.end;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] === ',') {
    let j = i + 1;
    while (j < text.length && /\s/.test(text[j])) j++;
    return { start: item.start, end: j, newText: '' };
  }
  let k = item.start;
  while (k > 0 && /\s/.test(text[k - 1])) k--;
  if (text[k - 1] === ',') return { start: k - 1, end: item.end, newText: '' };
  return { start: item.start, end: item.end, newText: '' };
}

function managedEdits(text: string, fix: ManagedPolicyFix, t: AwsTemplate): FixEdit[] | undefined {
  if (fix.syntax !== 'json' && fix.syntax !== 'yaml') return undefined;
  const cfn = isCfn(fix);
  const doc = { Version: '2012-10-17', Statement: t.statements.map((s) => statementValue(s, cfn)) };
  const unit = indentUnit(text);
  if (fix.source === 'sam') {
    // A SAM Policies item may be an inline policy document.
    if (fix.syntax === 'yaml') {
      const col = fix.item.start - lineStart(text, fix.item.start);
      return [{ start: fix.item.start, end: fix.item.end, newText: renderYaml(doc, Math.max(0, col - 2), true).slice(1) }];
    }
    return [{ start: fix.item.start, end: fix.item.end, newText: renderJson(doc, lineIndent(text, fix.item.start), unit) }];
  }
  if (fix.source !== 'cloudformation' || !fix.managedEntry) return undefined;
  const inline = { PolicyName: 'LeastPrivilege', PolicyDocument: doc };
  const edits: FixEdit[] = [removeListItem(text, fix)];
  const pe = fix.policiesEntry;
  if (pe && pe.lastItemEnd !== undefined) {
    if (fix.syntax === 'yaml' && text[pe.start] !== '[') {
      const ls = pe.lastItemStart ?? pe.lastItemEnd;
      const dashCol = Math.max(0, ls - lineStart(text, ls) - 2);
      // After the comment lines that end the last item (commented-out statements stay with it).
      const end = withCommentsAfter(text, trimEnd(text, pe.start, pe.lastItemEnd), dashCol);
      edits.push({ start: end, end, newText: `\n${' '.repeat(dashCol)}-${renderYaml(inline, dashCol, true)}` });
    } else {
      const indent = lineIndent(text, pe.lastItemStart ?? pe.lastItemEnd);
      edits.push({ start: pe.lastItemEnd, end: pe.lastItemEnd, newText: fix.syntax === 'json' ? `,\n${indent}${renderJson(inline, indent, unit)}` : `, ${renderJson(inline, '', '')}` });
    }
  } else if (!pe) {
    const me = fix.managedEntry;
    const col = me.keyStart - lineStart(text, me.keyStart);
    if (fix.syntax === 'yaml') {
      const end = trimEnd(text, me.start, me.end);
      edits.push({ start: end, end, newText: `\n${' '.repeat(col)}Policies:${renderYaml([inline], col)}` });
    } else {
      const indent = lineIndent(text, me.keyStart);
      edits.push({ start: me.end, end: me.end, newText: `,\n${indent}"Policies": ${renderJson([inline], indent, unit)}` });
    }
  } else {
    return undefined;
  }
  return edits.sort((a, b) => a.start - b.start);
}

// ---- long-lived credentials ------------------------------------------------------------

function credentialEdits(text: string, fix: CredentialFix): FixEdit[] | undefined {
  if (fix.syntax === 'json' || fix.syntax === 'hcl-string') return undefined;
  const at = fix.syntax === 'yaml' ? fix.resource.start : fix.resource.start;
  const ls = lineStart(text, at);
  const indent = lineIndent(text, at);
  const lines = [
    'Long-lived keys leak and never expire. Prefer a role assumed for short-lived credentials:',
    '- workloads on AWS: an IAM role (STS AssumeRole / instance profile / task role);',
    '- Kubernetes: IRSA or EKS Pod Identity (workload identity);',
    '- CI such as GitHub Actions: an OIDC provider role (token.actions.githubusercontent.com, trust',
    '  condition on token.actions.githubusercontent.com:sub = repo:<owner>/<repo>:ref:refs/heads/main)',
    '  used by aws-actions/configure-aws-credentials with role-to-assume.',
  ];
  return [{ start: ls, end: ls, newText: lines.map((l) => `${indent}# ${l}\n`).join('') }];
}

// ---- entry point -------------------------------------------------------------------------

/**
 * Fix options for one finding of checkAwsPolicies (its `fix` data), in the
 * document's own syntax. `syntax` overrides the one recorded in the finding.
 * `templates` defaults to the built-in ones (pass loadTemplates(dir).templates
 * for a team's). Returns [] when no safe rewrite is known.
 */
export function leastPrivilegeEdits(text: string, finding: RawFinding, syntax?: PolicySyntax, templateId?: string, templates: AwsTemplate[] = builtinTemplates()): FixOption[] {
  const data = finding.fix as AwsFixData | undefined;
  if (!data || typeof data !== 'object') return [];
  try {
    switch (data.type) {
      case 'did-you-mean':
        return didYouMean(text, data);
      case 'statement': {
        const fix: StatementFix = syntax ? { ...data, syntax } : data;
        const out: FixOption[] = [];
        if (finding.ruleId === 'iam/aws-resource-star' && fix.resourceArns?.length && fix.resource) {
          const cfn = isCfn(fix);
          const arns = fix.resourceArns.map((a) => renderArn(a, cfn));
          const ph = [...new Set(fix.resourceArns.flatMap(placeholdersOf))];
          const sx: PolicySyntax = fix.syntax === 'hcl-heredoc' ? 'json' : fix.syntax;
          if (fix.syntax !== 'hcl-string') out.push({ title: `Scope Resource to ${fix.resourceArns.length === 1 ? 'the resource ARN' : 'the resource ARNs'} (${ph.map((p) => `<${p}>`).join(', ') || 'fill in'})`, isPreferred: true, edits: [replaceValue(text, sx, fix.resource, arns)], placeholders: ph });
        }
        const ts = templatesFor(fix.services, templates, templateId);
        ts.forEach((t, i) => {
          const edits = statementEdits(text, fix, t);
          if (!edits) return;
          out.push({ title: `Replace with least-privilege statement: ${t.title}`, isPreferred: out.length === 0 && i === 0 && fix.services.length === 1 && t.service === fix.services[0], edits, placeholders: fix.keepResources ? [] : [...new Set(t.statements.flatMap((s) => s.resources.flatMap(placeholdersOf)))], templateId: t.id });
        });
        return out;
      }
      case 'managed-policy': {
        const fix: ManagedPolicyFix = syntax ? { ...data, syntax } : data;
        const svc = MANAGED_SERVICE.find(([re]) => re.test(fix.policyName))?.[1];
        const ts = templatesFor(svc ? [svc] : [], templates, templateId);
        const out: FixOption[] = [];
        for (const t of ts) {
          const edits = managedEdits(text, fix, t);
          if (edits) out.push({ title: `Replace ${fix.policyName} with an inline least-privilege policy: ${t.title}`, isPreferred: out.length === 0 && !!svc, edits, placeholders: [...new Set(t.statements.flatMap((s) => s.resources.flatMap(placeholdersOf)))], templateId: t.id });
        }
        return out;
      }
      case 'long-lived': {
        const edits = credentialEdits(text, syntax ? { ...data, syntax } : data);
        return edits ? [{ title: 'Add a note: use an assumable role (STS / IRSA / OIDC for CI) instead of a long-lived key', isPreferred: false, edits }] : [];
      }
      default:
        return [];
    }
  } catch {
    return [];
  }
}

function didYouMean(text: string, d: DidYouMeanFix): FixOption[] {
  const first = text[d.at.start];
  const quoted = first === '"' || first === "'";
  return [{ title: `Change to ${d.suggestion}`, isPreferred: true, edits: [{ start: d.at.start, end: d.at.end, newText: quoted ? `${first}${d.suggestion}${first}` : d.suggestion }] }];
}
