'use strict';
// AWS IAM part of the `permissions` family: catalogue, locators, checks, grants,
// least-privilege templates and fix edits (round trips), bad input.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const YAML = require('yaml');
const fc = require('fast-check');
const Ajv = require('ajv');

const aws = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.permissions;
const ROOT = path.join(__dirname, '..', '..');
const TEMPLATES_DIR = path.join(ROOT, 'server', 'src', 'engine', 'rules', 'permissions', 'templates');

aws.setCatalogDataDir(path.join(ROOT, 'node_modules', '@cloud-copilot', 'iam-data', 'data'));
const catalog = aws.getCatalog();

function apply(text, edits) {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}
const run = (text, lang) => aws.analyzeAws(text, lang);
const ids = (r) => r.findings.map((f) => f.ruleId).sort();
const at = (text, f) => text.slice(f.start, f.end);
const pol = (...statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
function yamlOk(text) {
  const docs = YAML.parseAllDocuments(text);
  for (const d of docs) assert.deepStrictEqual(d.errors.map((e) => e.message), [], text);
}
function balanced(text) {
  let depth = 0;
  for (const ch of text.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
    if (ch === '{' || ch === '[' || ch === '(') depth++;
    if (ch === '}' || ch === ']' || ch === ')') depth--;
    assert.ok(depth >= 0, text);
  }
  assert.strictEqual(depth, 0, text);
}

describe('permissions/aws: catalogue', () => {
  it('finds its data folder, loads every service and reports time and memory', async function () {
    assert.ok(catalog.available);
    const before = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const c = await aws.loadCatalog();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const all = c.expand('*');
    const mb = (process.memoryUsage().heapUsed - before) / 1e6;
    console.log(`      catalogue: ${c.services().length} services, ${all.length} actions, full preload ${ms.toFixed(0)} ms, heap +${mb.toFixed(1)} MB`);
    assert.ok(c.services().length > 400);
    assert.ok(all.length > 15000);
  });

  it('expands wildcards with access levels and resource-level support, case-insensitively', () => {
    const gets = catalog.expand('s3:Get*');
    assert.ok(gets.length > 30);
    assert.ok(gets.every((a) => a.levels.every((l) => l === 'Read' || l === 'List')), 'Get* is read-level');
    assert.ok(catalog.expand('S3:GETOBJECT').length === 1);
    assert.strictEqual(catalog.action('s3', 'ListAllMyBuckets').resourceLevel, false);
    assert.strictEqual(catalog.action('s3', 'GetObject').resourceLevel, true);
    assert.ok(catalog.expand('ec2:Describe*').every((a) => !a.resourceLevel || a.levels.includes('Read') || a.levels.includes('List')));
    const pm = catalog.expand('iam:Put*');
    assert.ok(pm.some((a) => a.levels.includes('Permissions management') && a.levels.includes('Write')), 'compound level counts as both');
    assert.deepStrictEqual(catalog.expand('iam:Pass*').map((a) => a.id), ['iam:PassRole']);
    assert.deepStrictEqual(catalog.expand('nosuchservice:*'), []);
  });

  it('suggests the closest service and action', () => {
    assert.strictEqual(catalog.suggestService('s33'), 's3');
    assert.strictEqual(catalog.suggestService('dynamdb'), 'dynamodb');
    assert.strictEqual(catalog.suggestAction('s3', 'GetObjet'), 's3:GetObject');
    assert.strictEqual(catalog.suggestAction('dynamodb', 'PutIten'), 'dynamodb:PutItem');
    assert.strictEqual(catalog.suggestService('completelydifferent'), undefined);
  });
});

describe('permissions/aws: narrow policies produce no finding', () => {
  const narrow = [
    pol({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::my-app-uploads/*' }, { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::my-app-uploads' }),
    pol({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], Resource: ['arn:aws:dynamodb:eu-west-1:123456789012:table/orders', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*'] }),
    pol({ Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/bot:*' }, { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:slack-bot-token-AbCdEf' }),
    // Actions that only accept "*" are fine on "*".
    pol({ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'xray:PutTraceSegments', 'ec2:Describe*'], Resource: '*' }),
    // Deny is never flagged.
    pol({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }, { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }),
    pol({ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], Resource: 'arn:aws:sqs:eu-west-1:123456789012:jobs' }),
  ];
  narrow.forEach((text, i) => {
    it(`narrow policy #${i + 1}`, () => {
      const r = run(text, 'json');
      assert.deepStrictEqual(ids(r), [], JSON.stringify(r.findings));
      for (const g of r.grants) assert.ok(g.class === 'narrow' || g.class === 'moderate', JSON.stringify(g));
      if (i < 3) assert.ok(r.grants.every((g) => g.class === 'narrow'), JSON.stringify(r.grants));
    });
  });

  it('a CloudFormation role with a scoped inline policy and intrinsics is narrow', () => {
    const text = `Resources:
  Fn:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem]
                Resource: !GetAtt Table.Arn
              - Effect: Allow
                Action: s3:GetObject
                Resource: !Sub "arn:\${AWS::Partition}:s3:::\${Bucket}/*"
`;
    const r = run(text, 'yaml');
    assert.deepStrictEqual(ids(r), []);
    assert.ok(r.grants.length === 4, JSON.stringify(r.grants));
    assert.ok(r.grants.every((g) => g.class === 'narrow' && g.principal === 'Fn'), JSON.stringify(r.grants));
  });
});

describe('permissions/aws: findings', () => {
  it('Action "*" is an error on the "*" string, the grant is broad', () => {
    const text = pol({ Effect: 'Allow', Action: '*', Resource: '*' });
    const r = run(text, 'json');
    assert.deepStrictEqual(ids(r), ['iam/aws-wildcard-action']);
    assert.strictEqual(at(text, r.findings[0]), '"*"');
    assert.strictEqual(r.findings[0].severity, 'error');
    assert.strictEqual(r.grants[0].class, 'broad');
  });

  it('service wildcards with write are flagged, read-only prefixes are not', () => {
    const text = pol({ Effect: 'Allow', Action: ['s3:*', 's3:Get*', 'ec2:Describe*', 'dynamodb:Put*'], Resource: 'arn:aws:s3:::bucket/*' });
    const r = run(text, 'json');
    const sw = r.findings.filter((f) => f.ruleId === 'iam/aws-service-wildcard').map((f) => at(text, f));
    assert.deepStrictEqual(sw, ['"s3:*"', '"dynamodb:Put*"']);
    const ro = run(pol({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: 'arn:aws:s3:::bucket/*' }), 'json');
    assert.deepStrictEqual(ids(ro), []);
    assert.strictEqual(ro.grants[0].class, 'moderate');
  });

  it('NotAction / NotResource with Allow point at the key', () => {
    const text = pol({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' });
    const r = run(text, 'json');
    const na = r.findings.filter((f) => f.ruleId === 'iam/aws-not-action');
    assert.deepStrictEqual(na.map((f) => at(text, f)), ['"NotAction"', '"NotResource"']);
    assert.ok(r.grants.every((g) => g.class === 'broad'));
  });

  it('Resource "*" on scopable actions (not on * -only actions); info when read-only', () => {
    const text = pol({ Effect: 'Allow', Action: ['s3:PutObject'], Resource: '*' });
    const r = run(text, 'json');
    const f = r.findings.find((x) => x.ruleId === 'iam/aws-resource-star');
    assert.ok(f);
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(at(text, f), '"*"');
    const read = run(pol({ Effect: 'Allow', Action: ['sqs:GetQueueAttributes'], Resource: '*' }), 'json');
    assert.strictEqual(read.findings.find((x) => x.ruleId === 'iam/aws-resource-star').severity, 'info');
    assert.strictEqual(read.grants[0].class, 'moderate');
    assert.deepStrictEqual(ids(run(pol({ Effect: 'Allow', Action: ['ec2:Describe*', 's3:ListAllMyBuckets'], Resource: '*' }), 'json')), []);
  });

  it('unknown actions and services with "did you mean", fixed by the quick-fix', () => {
    const text = pol({ Effect: 'Allow', Action: ['s3:GetObjet', 'dynamdb:GetItem', 'notanaction'], Resource: 'arn:aws:s3:::b/*' });
    const r = run(text, 'json');
    const u = r.findings.filter((f) => f.ruleId === 'iam/aws-unknown-action');
    assert.strictEqual(u.length, 3);
    assert.match(u[0].message, /did you mean "s3:GetObject"/);
    assert.match(u[1].message, /did you mean "dynamodb:GetItem"/);
    assert.strictEqual(r.grants[0].class, 'moderate', 'unknown actions are never narrow');
    const fixed = apply(text, u.slice(0, 2).flatMap((f) => aws.leastPrivilegeEdits(text, f)[0].edits));
    JSON.parse(fixed);
    assert.ok(!run(fixed, 'json').findings.some((f) => /GetObjet|dynamdb/.test(f.message)));
  });

  it('privilege escalation: single actions on *, PassRole combined with CreateFunction', () => {
    const text = pol({ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'iam:CreatePolicyVersion', 'iam:AttachRolePolicy'], Resource: '*' });
    const r = run(text, 'json');
    const pe = r.findings.filter((f) => f.ruleId === 'iam/aws-privilege-escalation');
    assert.deepStrictEqual(pe.map((f) => at(text, f)).sort(), ['"iam:AttachRolePolicy"', '"iam:CreatePolicyVersion"', '"iam:PassRole"']);
    assert.match(pe.find((f) => at(text, f) === '"iam:PassRole"').message, /lambda:CreateFunction/);
    // Scoped to a named role: no escalation finding.
    const scoped = run(pol({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-task' }), 'json');
    assert.deepStrictEqual(ids(scoped), []);
  });

  it('credentials exposure, data exfiltration, resource exposure on *', () => {
    const text = pol({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'sts:GetFederationToken', 's3:GetObject', 'kms:Decrypt', 's3:PutBucketPolicy', 'ecr:GetAuthorizationToken'], Resource: '*' });
    const r = run(text, 'json');
    const by = (id) => r.findings.filter((f) => f.ruleId === id).map((f) => at(text, f)).sort();
    assert.deepStrictEqual(by('iam/aws-credentials-exposure'), ['"ecr:GetAuthorizationToken"', '"secretsmanager:GetSecretValue"', '"sts:GetFederationToken"']);
    assert.deepStrictEqual(by('iam/aws-data-exfiltration'), ['"kms:Decrypt"', '"s3:GetObject"']);
    assert.deepStrictEqual(by('iam/aws-resource-exposure'), ['"s3:PutBucketPolicy"']);
    assert.strictEqual(r.findings.find((f) => at(text, f) === '"ecr:GetAuthorizationToken"').severity, 'info');
    for (const f of r.findings) assert.ok(f.message.length < 300 && !f.message.includes('{'), f.message);
  });

  it('open trust: Principal *, {"AWS":"*"}, account root, GitHub OIDC without sub; narrowed trust passes', () => {
    const trust = (principal, cond) => pol({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(cond ? { Condition: cond } : {}) });
    const open = [trust('*'), trust({ AWS: '*' }), trust({ AWS: 'arn:aws:iam::111122223333:root' })];
    for (const t of open) {
      const r = run(t, 'json');
      assert.deepStrictEqual(ids(r), ['iam/aws-open-trust'], t);
    }
    const gh = pol({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } });
    const rg = run(gh, 'json');
    assert.deepStrictEqual(ids(rg), ['iam/aws-open-trust']);
    assert.match(rg.findings[0].message, /sub/);
    const ok = [
      trust({ AWS: 'arn:aws:iam::111122223333:root' }, { StringEquals: { 'sts:ExternalId': 'partner-1234' } }),
      trust({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }),
      trust({ Service: 'ecs-tasks.amazonaws.com' }),
      pol({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/bot:ref:refs/heads/main' } } }),
    ];
    for (const t of ok) assert.deepStrictEqual(ids(run(t, 'json')), [], t);
  });

  it('admin / FullAccess managed policies are flagged on the ARN; basic execution role is narrow', () => {
    const text = JSON.stringify(
      {
        Resources: {
          R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] } },
        },
      },
      null,
      2,
    );
    const r = run(text, 'json');
    assert.deepStrictEqual(ids(r), ['iam/aws-managed-admin-policy']);
    assert.strictEqual(at(text, r.findings[0]), '"arn:aws:iam::aws:policy/AdministratorAccess"');
    assert.deepStrictEqual(r.grants.filter((g) => g.role).map((g) => g.class), ['broad', 'narrow']);
  });

  it('long-lived credentials: AWS::IAM::AccessKey, IAM user with policies', () => {
    const text = `Resources:
  CiUser:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
  CiKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref CiUser
`;
    const r = run(text, 'yaml');
    assert.deepStrictEqual(ids(r), ['iam/aws-long-lived-credentials', 'iam/aws-long-lived-credentials']);
    assert.ok(r.findings.every((f) => /AssumeRole/.test(f.message) && /OIDC/.test(f.message)));
    assert.deepStrictEqual(r.findings.map((f) => at(text, f)).sort(), ['AWS::IAM::AccessKey', 'AWS::IAM::User']);
    const opt = aws.leastPrivilegeEdits(text, r.findings.find((f) => at(text, f) === 'AWS::IAM::AccessKey'));
    const out = apply(text, opt[0].edits);
    yamlOk(out);
    assert.match(out, /# .*OIDC provider role/);
  });

  it('SAM: managed policy names, policy templates classified, inline statements', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Bot:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Policies:
        - AWSLambdaBasicExecutionRole
        - DynamoDBReadPolicy:
            TableName: !Ref Table
        - S3CrudPolicy:
            BucketName: uploads
        - CustomThingPolicy: {}
        - Statement:
            - Effect: Allow
              Action: sqs:*
              Resource: "*"
        - AmazonDynamoDBFullAccess
`;
    const r = run(text, 'yaml');
    const g = (role) => r.grants.find((x) => x.role === role);
    assert.strictEqual(g('SAM:DynamoDBReadPolicy').class, 'narrow');
    assert.strictEqual(g('SAM:S3CrudPolicy').class, 'moderate');
    assert.strictEqual(g('SAM:CustomThingPolicy').reason, 'SAM policy template not known statically');
    assert.ok(r.grants.some((x) => x.actions.includes('sqs:*') && x.class === 'broad' && x.principal === 'Bot'));
    assert.ok(ids(r).includes('iam/aws-service-wildcard'));
    const adm = r.findings.find((f) => f.ruleId === 'iam/aws-managed-admin-policy');
    assert.strictEqual(at(text, adm), 'AmazonDynamoDBFullAccess');
    const opts = aws.leastPrivilegeEdits(text, adm);
    assert.ok(opts[0].isPreferred && /DynamoDB/.test(opts[0].title));
    const out = apply(text, opts[0].edits);
    yamlOk(out);
    assert.ok(!ids(run(out, 'yaml')).includes('iam/aws-managed-admin-policy'), out);
  });

  it('Serverless Framework: provider.iam.role.statements, iamRoleStatements, managedPolicies', () => {
    const text = `service: slack-bot
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:*
          Resource: "*"
      managedPolicies:
        - arn:aws:iam::aws:policy/AdministratorAccess
functions:
  hello:
    handler: handler.hello
`;
    const r = run(text, 'yaml');
    assert.ok(ids(r).includes('iam/aws-service-wildcard'));
    assert.ok(ids(r).includes('iam/aws-managed-admin-policy'));
    assert.ok(r.grants.every((g) => g.principal === 'slack-bot (provider.iam.role)'));
    const sw = r.findings.find((f) => f.ruleId === 'iam/aws-service-wildcard');
    const opts = aws.leastPrivilegeEdits(text, sw);
    assert.ok(opts.length >= 3);
    const out = apply(text, opts[0].edits);
    yamlOk(out);
    assert.match(out, /arn:aws:dynamodb:\*:\*:table\/<TableName>/);
    assert.ok(!ids(run(out, 'yaml')).includes('iam/aws-service-wildcard'));
  });

  it('a value known only at deploy time is moderate, never narrow, and not reported', () => {
    const text = `Resources:
  P:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref AppRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: !Ref ActionsParam
            Resource: !GetAtt Bucket.Arn
`;
    const r = run(text, 'yaml');
    assert.deepStrictEqual(ids(r), []);
    assert.strictEqual(r.grants[0].class, 'moderate');
    assert.match(r.grants[0].reason, /not known statically/);
    assert.strictEqual(r.grants[0].principal, 'AppRole');
  });
});

describe('permissions/aws: Terraform', () => {
  before(async function () {
    if (!aws.initHcl) this.skip();
    await aws.initHcl();
  });

  const tf = `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_policy" "heredoc" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
}
EOF
}

data "aws_iam_policy_document" "doc" {
  statement {
    effect    = "Allow"
    actions   = ["dynamodb:*"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::\${var.bucket}/*"]
  }
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}
`;

  it('finds jsonencode, heredoc, policy-document blocks, attachments, access keys', () => {
    const r = run(tf, 'terraform');
    const list = ids(r);
    for (const id of ['iam/aws-open-trust', 'iam/aws-service-wildcard', 'iam/aws-wildcard-action', 'iam/aws-managed-admin-policy', 'iam/aws-long-lived-credentials']) assert.ok(list.includes(id), `${id} in ${list}`);
    const sw = r.findings.filter((f) => f.ruleId === 'iam/aws-service-wildcard').map((f) => at(tf, f));
    assert.deepStrictEqual(sw, ['"s3:*"', '"dynamodb:*"']);
    assert.strictEqual(at(tf, r.findings.find((f) => f.ruleId === 'iam/aws-wildcard-action')), '"*"');
    assert.ok(r.grants.some((g) => g.principal === 'aws_iam_role.app' && g.class === 'broad'));
    const s3doc = r.grants.find((g) => g.actions.includes('s3:GetObject'));
    assert.strictEqual(s3doc.class, 'narrow', JSON.stringify(s3doc));
    assert.strictEqual(r.findings.filter((f) => f.ruleId === 'iam/aws-long-lived-credentials').length, 2);
  });

  it('least-privilege edits for jsonencode objects and statement blocks round-trip', () => {
    const r = run(tf, 'terraform');
    for (const target of ['"s3:*"', '"dynamodb:*"']) {
      const f = r.findings.find((x) => x.ruleId === 'iam/aws-service-wildcard' && at(tf, x) === target);
      const opts = aws.leastPrivilegeEdits(tf, f);
      assert.ok(opts.length > 0);
      const out = apply(tf, opts[0].edits);
      balanced(out);
      const r2 = run(out, 'terraform');
      assert.ok(!r2.findings.some((x) => x.ruleId === 'iam/aws-service-wildcard' && at(out, x) === target), out);
      assert.ok(r2.grants.length >= r.grants.length);
    }
  });
});

describe('permissions/aws: least-privilege fixes round-trip', () => {
  it('JSON policy with Action "*": replaced by a template, parses, no broad finding left', () => {
    const text = pol({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
    const f = run(text, 'json').findings[0];
    const opts = aws.leastPrivilegeEdits(text, f);
    assert.ok(opts.length >= 3);
    for (const o of opts) {
      const out = apply(text, o.edits);
      JSON.parse(out);
      const r = run(out, 'json');
      assert.deepStrictEqual(ids(r).filter((x) => x !== 'iam/aws-unknown-action'), [], out);
      assert.ok(o.placeholders.length > 0);
    }
    const chosen = aws.leastPrivilegeEdits(text, f, undefined, 'aws-sqs-write-only');
    assert.strictEqual(chosen.length, 1);
    assert.match(apply(text, chosen[0].edits), /sqs:SendMessage/);
  });

  it('NotAction rewritten to Action; resource-star narrowed to the ARN of the action resource type', () => {
    const text = pol({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' });
    const f = run(text, 'json').findings.find((x) => x.ruleId === 'iam/aws-not-action');
    const out = apply(text, aws.leastPrivilegeEdits(text, f)[0].edits);
    const parsed = JSON.parse(out);
    assert.ok(parsed.Statement[0].Action && !parsed.Statement[0].NotAction);
    assert.ok(!ids(run(out, 'json')).includes('iam/aws-not-action'));

    const t2 = pol({ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: '*' });
    const rs = run(t2, 'json').findings.find((x) => x.ruleId === 'iam/aws-resource-star');
    const o2 = aws.leastPrivilegeEdits(t2, rs);
    assert.ok(o2[0].isPreferred && /Scope Resource/.test(o2[0].title));
    const out2 = apply(t2, o2[0].edits);
    assert.deepStrictEqual(JSON.parse(out2).Statement[0].Resource, ['arn:aws:sqs:*:*:<QueueName>']);
    assert.deepStrictEqual(ids(run(out2, 'json')), []);
  });

  it('CloudFormation JSON: statement rewritten with Fn::Sub ARNs; admin policy moved inline', () => {
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
              ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSFullAccess', 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
              Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
            },
          },
        },
      },
      null,
      2,
    );
    const r = run(text, 'json');
    const sw = r.findings.find((f) => f.ruleId === 'iam/aws-service-wildcard');
    const out = apply(text, aws.leastPrivilegeEdits(text, sw)[0].edits);
    const parsed = JSON.parse(out);
    assert.deepStrictEqual(parsed.Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].Resource[0], { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${BucketName}/*' });
    assert.ok(!ids(run(out, 'json')).includes('iam/aws-service-wildcard'));

    const adm = r.findings.find((f) => f.ruleId === 'iam/aws-managed-admin-policy');
    const o = aws.leastPrivilegeEdits(text, adm);
    assert.ok(o[0].isPreferred && /SQS/.test(o[0].title));
    const out2 = apply(text, o[0].edits);
    const p2 = JSON.parse(out2).Resources.Role.Properties;
    assert.deepStrictEqual(p2.ManagedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    assert.strictEqual(p2.Policies.length, 2);
    assert.ok(!ids(run(out2, 'json')).includes('iam/aws-managed-admin-policy'));
  });

  it('CloudFormation YAML: admin policy without Policies gets a Policies entry', () => {
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: ecs-tasks.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
      Tags:
        - Key: app
          Value: bot
`;
    const adm = run(text, 'yaml').findings.find((f) => f.ruleId === 'iam/aws-managed-admin-policy');
    const opts = aws.leastPrivilegeEdits(text, adm);
    assert.ok(opts.length >= 3 && opts.every((o) => !o.isPreferred), 'no service known for AdministratorAccess');
    for (const o of opts) {
      const out = apply(text, o.edits);
      yamlOk(out);
      const v = YAML.parse(out, { customTags: [{ tag: '!Sub', resolve: (s) => ({ sub: s }) }] });
      assert.deepStrictEqual(v.Resources.Role.Properties.ManagedPolicyArns, []);
      assert.strictEqual(v.Resources.Role.Properties.Policies.length, 1);
      assert.deepStrictEqual(v.Resources.Role.Properties.Tags, [{ Key: 'app', Value: 'bot' }]);
      assert.deepStrictEqual(ids(run(out, 'yaml')), []);
    }
  });
});

describe('permissions/aws: managed policy into an existing YAML Policies list', () => {
  it('removes the ARN from a two-item list and appends an inline policy', () => {
    const text = `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonS3FullAccess
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: app
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: dynamodb:GetItem
                Resource: !GetAtt Table.Arn
`;
    const adm = run(text, 'yaml').findings.find((f) => f.ruleId === 'iam/aws-managed-admin-policy');
    const o = aws.leastPrivilegeEdits(text, adm);
    assert.ok(o[0].isPreferred && /S3/.test(o[0].title));
    const out = apply(text, o[0].edits);
    yamlOk(out);
    const v = YAML.parse(out, { customTags: [{ tag: '!Sub', resolve: (s) => s }, { tag: '!GetAtt', resolve: (s) => s }] });
    assert.deepStrictEqual(v.Resources.AppRole.Properties.ManagedPolicyArns, ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
    assert.deepStrictEqual(v.Resources.AppRole.Properties.Policies.map((p) => p.PolicyName), ['app', 'LeastPrivilege']);
    const r2 = run(out, 'yaml');
    assert.deepStrictEqual(ids(r2), []);
    assert.ok(r2.grants.filter((g) => !g.role).every((g) => g.class === 'narrow'), JSON.stringify(r2.grants));
  });
});

describe('permissions/aws: templates', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'iam-templates.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('every built-in template file is valid and names only catalogue actions without wildcards', () => {
    const files = fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 10);
    const seen = new Set();
    for (const f of files) {
      const data = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, f), 'utf8'));
      assert.ok(validate(data), `${f}: ${JSON.stringify(validate.errors)}`);
      for (const t of data.templates) {
        assert.ok(!seen.has(t.id), t.id);
        seen.add(t.id);
        for (const s of t.statements) {
          for (const a of s.actions) assert.ok(catalog.expand(a).length === 1, `${t.id}: ${a}`);
          for (const r of s.resources) for (const p of [...r.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1])) assert.ok(['Partition', 'Region', 'Account'].includes(p) || t.placeholders.includes(p), `${t.id}: ${p}`);
        }
      }
    }
    assert.strictEqual(aws.builtinTemplates().length, seen.size);
  });

  it('loadTemplates adds a team folder, replaces by id, and reports invalid files without throwing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-tpl-'));
    fs.writeFileSync(path.join(dir, 'team.json'), JSON.stringify({ provider: 'aws', templates: [{ id: 'team-bot-queue', title: 'Bot queue', service: 'sqs', accessLevel: 'custom', statements: [{ actions: ['sqs:SendMessage'], resources: ['arn:${Partition}:sqs:${Region}:${Account}:bot-jobs'] }] }] }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ provider: 'aws', templates: [{ id: 'x', title: 'x', service: 's3', accessLevel: 'read-only', statements: [{ actions: ['s3:*'], resources: ['*'] }] }] }));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{ "provider": ');
    const { templates, problems } = aws.loadTemplates(dir);
    assert.ok(templates.some((t) => t.id === 'team-bot-queue'));
    assert.ok(!templates.some((t) => t.id === 'x'));
    assert.strictEqual(problems.length, 2, problems.join('\n'));
    assert.ok(problems.some((p) => /bad\.json: \/templates\/0\/statements\/0\/actions\/0 must match pattern/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /broken\.json: not valid JSON/.test(p)));
    const text = pol({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' });
    const f = run(text, 'json').findings.find((x) => x.ruleId === 'iam/aws-service-wildcard');
    const o = aws.leastPrivilegeEdits(text, f, undefined, 'team-bot-queue', templates);
    assert.deepStrictEqual(JSON.parse(apply(text, o[0].edits)).Statement[0].Resource, ['arn:aws:sqs:*:*:bot-jobs']);
    assert.deepStrictEqual(aws.loadTemplates(path.join(dir, 'missing')).problems.length, 1);
  });

  it('rule metadata is complete', () => {
    assert.strictEqual(aws.AWS_RULES.length, 12);
    for (const r of aws.AWS_RULES) for (const k of ['id', 'category', 'severity', 'title', 'description', 'docs', 'fix', 'family']) assert.ok(r[k], `${r.id}.${k}`);
  });
});

describe('permissions/aws: bad input and size', () => {
  const realistic = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: "*" }
            Action: sts:AssumeRole
      ManagedPolicyArns: [!Sub "arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess"]
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                NotAction: [iam:*]
                Resource: "*"
              - Effect: Allow
                Action: [s3:*, iam:PassRole, lambda:CreateFunction]
                Resource: "*"
`;
  const jsonPolicy = pol({ Effect: 'Allow', Action: ['s3:*', 'iam:PassRole'], Resource: '*' }, { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::x' });

  it('every prefix of a realistic YAML template and JSON policy is analysed without throwing', () => {
    for (let i = 0; i <= realistic.length; i++) {
      const docs = YAML.parseAllDocuments(realistic.slice(0, i));
      assert.ok(docs);
      const r = run(realistic.slice(0, i), 'yaml');
      for (const f of r.findings) for (const o of aws.leastPrivilegeEdits(realistic.slice(0, i), f)) assert.ok(Array.isArray(o.edits));
    }
    for (let i = 0; i <= jsonPolicy.length; i++) run(jsonPolicy.slice(0, i), 'json');
  });

  it('fast-check: arbitrary prefixes and mutations never throw', () => {
    fc.assert(
      fc.property(fc.nat(realistic.length), fc.string({ maxLength: 8 }), fc.nat(jsonPolicy.length), (n, junk, m) => {
        const y = realistic.slice(0, n) + junk + realistic.slice(n);
        const j = jsonPolicy.slice(0, m) + junk;
        for (const [t, l] of [[y, 'yaml'], [j, 'json']]) {
          const loc = aws.locateAws(t, l);
          const r = aws.checkAwsPolicies(loc, catalog);
          for (const f of r.findings) {
            assert.ok(f.start >= 0 && f.end <= t.length && f.start <= f.end);
            aws.leastPrivilegeEdits(t, f);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  function bigTemplate(resources) {
    const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
    for (let i = 0; i < resources; i++) {
      out.push(
        `  Role${i}:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: { Service: lambda.amazonaws.com }',
        '            Action: sts:AssumeRole',
        '      Policies:',
        `        - PolicyName: p${i}`,
        '          PolicyDocument:',
        '            Statement:',
        '              - Effect: Allow',
        `                Action: [${i % 3 === 0 ? 's3:*' : 's3:GetObject'}, dynamodb:GetItem, sqs:SendMessage]`,
        `                Resource: ${i % 5 === 0 ? '"*"' : `!Sub "arn:\${AWS::Partition}:s3:::bucket-${i}/*"`}`,
      );
    }
    return out.join('\n') + '\n';
  }

  it('a 2,000-line and a 5 MB CloudFormation template are analysed; times printed', function () {
    this.timeout(120000);
    const small = bigTemplate(134);
    assert.ok(small.split('\n').length >= 2000);
    let t0 = Date.now();
    const r1 = run(small, 'yaml');
    const ms1 = Date.now() - t0;
    assert.strictEqual(r1.grants.length, 134 * 2);
    const big = bigTemplate(Math.ceil((5 * 1024 * 1024) / (small.length / 134)));
    assert.ok(big.length >= 5 * 1024 * 1024);
    t0 = Date.now();
    const r2 = run(big, 'yaml');
    const ms2 = Date.now() - t0;
    const bigJson = JSON.stringify(YAML.parse(big.replace(/!Sub /g, '')));
    t0 = Date.now();
    const r3 = run(bigJson, 'json');
    const ms3 = Date.now() - t0;
    console.log(`      ${small.split('\n').length}-line CloudFormation YAML: ${ms1} ms; ${(big.length / 1e6).toFixed(1)} MB YAML: ${ms2} ms (${r2.findings.length} findings); ${(bigJson.length / 1e6).toFixed(1)} MB JSON: ${ms3} ms`);
    assert.ok(r2.findings.length > 1000 && r3.findings.length > 1000);
  });
});
