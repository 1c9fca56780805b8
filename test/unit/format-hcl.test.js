// HCL / Terraform parser (server/src/engine/formats/hcl.ts): positioned trees,
// expressions as PNodes, embedded JSON policies, half-typed text.
const assert = require('assert');
const fc = require('fast-check');

const hcl = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.hcl;

// ---- helpers -----------------------------------------------------------------

const block = (f, type, ...labels) =>
  f.blocks.find((b) => b.type === type && labels.every((l, i) => b.labels[i] && b.labels[i].value === l));
const attr = (body, name) => body.attributes.find((a) => a.name === name);
const entry = (node, key) => node && node.type === 'object' && node.entries.find((e) => e.key === key);
const get = (node, key) => (entry(node, key) || {}).value;
const slice = (text, n) => text.slice(n.start, n.end);

/** Every range in a parse result, for well-formedness checks. */
function ranges(file) {
  const out = [];
  const node = (n) => {
    out.push([n.start, n.end]);
    if (n.type === 'object') for (const e of n.entries) out.push([e.keyStart, e.keyEnd]), node(e.value);
    if (n.type === 'array') n.items.forEach(node);
    if (n.type === 'unknown' && n.inner) node(n.inner);
  };
  const body = (b) => {
    for (const a of b.attributes) out.push([a.start, a.end], [a.nameStart, a.nameEnd]), node(a.value);
    for (const bl of b.blocks) {
      out.push([bl.start, bl.end], [bl.typeStart, bl.typeEnd], ...bl.labels.map((l) => [l.start, l.end]));
      body(bl.body);
    }
  };
  body(file);
  for (const e of file.errors) out.push([e.start, e.end]);
  return out;
}

function assertWellFormed(text, file) {
  for (const [s, e] of ranges(file)) {
    assert.ok(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= text.length, `bad range ${s}-${e} in ${text.length}`);
  }
}

// ---- fixtures ----------------------------------------------------------------

const IAM_TF = `# Policies for the café bot 😀 (non-ASCII before the first block on purpose)
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

variable "bucket_name" {
  type        = string
  default     = "café-data-😀"
  description = "Where the bot keeps its files"
}

locals {
  prefix = "bot-\${var.bucket_name}"
  tags   = { Team = "platform", "cost-center" = 42 }
}

resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}

resource "aws_iam_policy" "bot" {
  name = "\${local.prefix}-policy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:*"]
        Resource = "*"
      },
      {
        "Effect" : "Allow",
        "Action" : ["s3:GetObject", "s3:PutObject"],
        "Resource" : ["\${aws_s3_bucket.data.arn}/*", aws_s3_bucket.data.arn]
      },
    ]
  })
}

resource "aws_iam_role_policy" "inline" {
  name   = "inline"
  role   = aws_iam_role.bot.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "\${aws_iam_role.bot.arn}"},
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
  ]
}
EOF
}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "AssumeFromLambda"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
  statement {
    actions   = ["s3:*"]
    resources = ["\${aws_s3_bucket.data.arn}/*"]
  }
}

resource "aws_iam_role" "bot" {
  name               = "bot"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "google_project_iam_member" "owner" {
  project = var.project_id
  role    = "roles/owner"
  member  = "serviceAccount:\${google_service_account.bot.email}"
}

resource "azurerm_role_assignment" "contributor" {
  scope                = data.azurerm_subscription.primary.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.bot.principal_id
}
`;

/** A realistic ~60-line file for the half-typed (prefix) tests. */
const PREFIX_TF = `variable "region" {
  type    = string
  default = "eu-west-1"
}

locals {
  name = "svc-\${var.region}"
  ports = [80, 443]
}

resource "aws_iam_policy" "svc" {
  name = "\${local.name}-policy"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
      Resource = aws_sqs_queue.q.arn
    }]
  })
}

data "aws_iam_policy_document" "doc" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::bucket/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["10.0.0.0/8"]
    }
  }
}

resource "aws_security_group" "web" {
  name = local.name
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = merge(var.tags, { Name = "web" })
}

resource "aws_iam_role_policy" "heredoc" {
  role   = aws_iam_role.svc.id
  policy = <<-POLICY
    {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
  POLICY
}

output "queue" {
  value = aws_sqs_queue.q.url
}
`;

// ---- tests -------------------------------------------------------------------

describe('formats/hcl: Terraform as positioned trees', function () {
  before(async function () {
    if (!hcl.isHclReady()) assert.strictEqual(hcl.parseHcl('a = 1'), undefined, 'undefined before init');
    const p1 = hcl.initHcl(process.env.MAG_HCL_WASM_DIR || undefined);
    const p2 = hcl.initHcl(process.env.MAG_HCL_WASM_DIR || undefined);
    assert.strictEqual(p1, p2, 'initHcl is idempotent');
    await p1;
    assert.strictEqual(hcl.isHclReady(), true);
  });

  describe('a realistic IAM file', function () {
    let f;
    before(() => {
      f = hcl.parseHcl(IAM_TF);
    });

    it('parses without errors and lists the top-level blocks with exact ranges', function () {
      assert.strictEqual(f.hasErrors, false);
      assert.deepStrictEqual(f.errors, []);
      assert.deepStrictEqual(
        f.blocks.map((b) => [b.type, ...b.labels.map((l) => l.value)]),
        [
          ['terraform'],
          ['variable', 'bucket_name'],
          ['locals'],
          ['resource', 'aws_s3_bucket', 'data'],
          ['resource', 'aws_iam_policy', 'bot'],
          ['resource', 'aws_iam_role_policy', 'inline'],
          ['data', 'aws_iam_policy_document', 'assume'],
          ['resource', 'aws_iam_role', 'bot'],
          ['resource', 'google_project_iam_member', 'owner'],
          ['resource', 'azurerm_role_assignment', 'contributor'],
        ],
      );
      const b = block(f, 'resource', 'aws_iam_policy', 'bot');
      assert.strictEqual(IAM_TF.slice(b.typeStart, b.typeEnd), 'resource');
      assert.strictEqual(IAM_TF.slice(b.labels[0].start, b.labels[0].end), '"aws_iam_policy"');
      assert.strictEqual(IAM_TF.slice(b.labels[1].start, b.labels[1].end), '"bot"');
      assert.ok(IAM_TF.slice(b.start, b.end).startsWith('resource "aws_iam_policy" "bot" {'));
      assert.ok(IAM_TF.slice(b.start, b.end).endsWith('})\n}'));
      assertWellFormed(IAM_TF, f);
    });

    it('keeps UTF-16 offsets after é and an emoji (comment and string values)', function () {
      const v = block(f, 'variable', 'bucket_name');
      assert.strictEqual(IAM_TF.slice(v.typeStart, v.typeEnd), 'variable');
      const d = attr(v.body, 'default');
      assert.strictEqual(d.value.type, 'string');
      assert.strictEqual(d.value.value, 'café-data-😀');
      assert.strictEqual(slice(IAM_TF, d.value), '"café-data-😀"');
      assert.strictEqual(IAM_TF.slice(d.nameStart, d.nameEnd), 'default');
      // After the emoji inside the string, offsets stay right too.
      const desc = attr(v.body, 'description');
      assert.strictEqual(slice(IAM_TF, desc.value), '"Where the bot keeps its files"');
      assert.strictEqual(slice(IAM_TF, desc), 'description = "Where the bot keeps its files"');
      // `type = string` is a bare identifier: unknown, tagged with it.
      assert.deepStrictEqual(
        { type: attr(v.body, 'type').value.type, tag: attr(v.body, 'type').value.tag },
        { type: 'unknown', tag: 'string' },
      );
    });

    it('converts jsonencode({...}) to the inner object with key and value ranges', function () {
      const b = block(f, 'resource', 'aws_iam_policy', 'bot');
      const policy = attr(b.body, 'policy').value;
      assert.strictEqual(policy.type, 'object');
      assert.ok(slice(IAM_TF, policy).startsWith('{\n    Version = "2012-10-17"'));
      assert.strictEqual(get(policy, 'Version').value, '2012-10-17');
      const e = entry(policy, 'Version');
      assert.strictEqual(IAM_TF.slice(e.keyStart, e.keyEnd), 'Version');
      const stmts = get(policy, 'Statement');
      assert.strictEqual(stmts.type, 'array');
      assert.strictEqual(stmts.items.length, 2);
      const [s1, s2] = stmts.items;
      const action = get(s1, 'Action');
      assert.strictEqual(action.type, 'array');
      assert.strictEqual(action.items[0].value, 's3:*');
      assert.strictEqual(slice(IAM_TF, action.items[0]), '"s3:*"');
      assert.strictEqual(get(s1, 'Resource').value, '*');
      // Quoted keys with ':' separators.
      const k = entry(s2, 'Effect');
      assert.strictEqual(IAM_TF.slice(k.keyStart, k.keyEnd), '"Effect"');
      assert.deepStrictEqual(get(s2, 'Action').items.map((i) => i.value), ['s3:GetObject', 's3:PutObject']);
      const [tmpl, ref] = get(s2, 'Resource').items;
      assert.strictEqual(tmpl.type, 'unknown');
      assert.strictEqual(tmpl.tag, 'template');
      assert.strictEqual(tmpl.inner.type, 'string');
      assert.strictEqual(tmpl.inner.value, '${aws_s3_bucket.data.arn}/*');
      assert.strictEqual(slice(IAM_TF, tmpl), '"${aws_s3_bucket.data.arn}/*"');
      assert.strictEqual(ref.type, 'unknown');
      assert.strictEqual(ref.tag, 'aws_s3_bucket.data.arn');
      assert.strictEqual(slice(IAM_TF, ref), 'aws_s3_bucket.data.arn');
    });

    it('reads a heredoc JSON policy and points its nodes into the .tf file', function () {
      const b = block(f, 'resource', 'aws_iam_role_policy', 'inline');
      const pol = attr(b.body, 'policy').value;
      // The heredoc holds an interpolation: an unknown template whose inner string is the text.
      assert.strictEqual(pol.type, 'unknown');
      assert.strictEqual(pol.tag, 'template');
      assert.ok(pol.inner.value.startsWith('{\n  "Version": "2012-10-17",'));
      assert.ok(pol.inner.value.endsWith(']\n}\n'));
      assert.ok(slice(IAM_TF, pol).startsWith('<<EOF\n{'));
      assert.ok(slice(IAM_TF, pol).endsWith('}\nEOF'));
      const json = hcl.parseEmbeddedJson(pol.inner, IAM_TF);
      assert.strictEqual(json.type, 'object');
      assert.strictEqual(get(json, 'Version').value, '2012-10-17');
      const [a, s] = get(json, 'Statement').items;
      assert.strictEqual(slice(IAM_TF, get(a, 'Action')), '"iam:PassRole"');
      const res = get(a, 'Resource');
      assert.strictEqual(res.type, 'unknown', 'a JSON string holding ${...} is a template');
      assert.strictEqual(res.inner.value, '${aws_iam_role.bot.arn}');
      assert.strictEqual(slice(IAM_TF, res), '"${aws_iam_role.bot.arn}"');
      assert.strictEqual(get(s, 'Action').value, '*');
      assert.strictEqual(slice(IAM_TF, get(s, 'Action')), '"*"');
      const k = entry(s, 'Resource');
      assert.strictEqual(IAM_TF.slice(k.keyStart, k.keyEnd), '"Resource"');
      // The unknown itself is accepted too.
      assert.deepStrictEqual(hcl.parseEmbeddedJson(pol, IAM_TF), json);
    });

    it('reads aws_iam_policy_document statement, principals and condition blocks', function () {
      const d = block(f, 'data', 'aws_iam_policy_document', 'assume');
      const stmts = d.body.blocks.filter((b) => b.type === 'statement');
      assert.strictEqual(stmts.length, 2);
      const [s1, s2] = stmts;
      assert.strictEqual(attr(s1.body, 'sid').value.value, 'AssumeFromLambda');
      assert.deepStrictEqual(attr(s1.body, 'actions').value.items.map((i) => i.value), ['sts:AssumeRole']);
      const pr = s1.body.blocks.find((b) => b.type === 'principals');
      assert.strictEqual(attr(pr.body, 'type').value.value, 'Service');
      assert.strictEqual(slice(IAM_TF, attr(pr.body, 'identifiers').value.items[0]), '"lambda.amazonaws.com"');
      assert.strictEqual(IAM_TF.slice(pr.typeStart, pr.typeEnd), 'principals');
      assert.ok(slice(IAM_TF, pr).startsWith('principals {') && slice(IAM_TF, pr).endsWith('}'));
      assert.deepStrictEqual(pr.labels, []);
      const cond = s1.body.blocks.find((b) => b.type === 'condition');
      assert.strictEqual(attr(cond.body, 'test').value.value, 'StringEquals');
      assert.strictEqual(attr(cond.body, 'variable').value.value, 'aws:SourceAccount');
      assert.strictEqual(attr(cond.body, 'values').value.items[0].tag, 'data.aws_caller_identity.current.account_id');
      const acts = attr(s2.body, 'actions');
      assert.strictEqual(slice(IAM_TF, acts), 'actions   = ["s3:*"]');
      assert.strictEqual(slice(IAM_TF, acts.value.items[0]), '"s3:*"');
      assert.strictEqual(attr(s2.body, 'resources').value.items[0].tag, 'template');
    });

    it('reads GCP and Azure role bindings and references', function () {
      const g = block(f, 'resource', 'google_project_iam_member', 'owner');
      assert.strictEqual(attr(g.body, 'role').value.value, 'roles/owner');
      assert.strictEqual(slice(IAM_TF, attr(g.body, 'role').value), '"roles/owner"');
      assert.strictEqual(attr(g.body, 'project').value.tag, 'var.project_id');
      const m = attr(g.body, 'member').value;
      assert.strictEqual(m.tag, 'template');
      assert.strictEqual(m.inner.value, 'serviceAccount:${google_service_account.bot.email}');
      const a = block(f, 'resource', 'azurerm_role_assignment', 'contributor');
      assert.strictEqual(attr(a.body, 'role_definition_name').value.value, 'Contributor');
      assert.strictEqual(attr(a.body, 'scope').value.tag, 'data.azurerm_subscription.primary.id');
      assert.strictEqual(slice(IAM_TF, attr(a.body, 'scope').value), 'data.azurerm_subscription.primary.id');
      const r = block(f, 'resource', 'aws_iam_role', 'bot');
      assert.strictEqual(attr(r.body, 'assume_role_policy').value.tag, 'data.aws_iam_policy_document.assume.json');
    });

    it('reads locals, nested object attributes and numbers', function () {
      const l = block(f, 'locals');
      const prefix = attr(l.body, 'prefix').value;
      assert.strictEqual(prefix.tag, 'template');
      assert.strictEqual(prefix.inner.value, 'bot-${var.bucket_name}');
      const tags = attr(l.body, 'tags').value;
      assert.strictEqual(get(tags, 'Team').value, 'platform');
      assert.strictEqual(get(tags, 'cost-center').value, 42);
      assert.strictEqual(slice(IAM_TF, get(tags, 'cost-center')), '42');
      const t = block(f, 'terraform');
      const rp = t.body.blocks[0];
      assert.strictEqual(rp.type, 'required_providers');
      assert.strictEqual(get(attr(rp.body, 'aws').value, 'version').value, '~> 5.0');
    });
  });

  describe('expressions', function () {
    const one = (src) => {
      const f = hcl.parseHcl(src);
      assert.strictEqual(f.hasErrors, false, src);
      return f.attributes[0].value;
    };

    it('literals, escapes and the literal $${ / %%{', function () {
      assert.deepStrictEqual(one('a = 1.5e3'), { type: 'number', start: 4, end: 9, value: 1500 });
      assert.strictEqual(one('a = 0x1F').value, 31);
      assert.deepStrictEqual(one('a = false'), { type: 'boolean', start: 4, end: 9, value: false });
      assert.deepStrictEqual(one('a = null'), { type: 'null', start: 4, end: 8 });
      assert.strictEqual(one(String.raw`a = "q\"x\\y\n\u00e9"`).value, 'q"x\\y\né');
      const lit = one('a = "$${not.interpolated}"');
      assert.strictEqual(lit.type, 'string');
      assert.strictEqual(lit.value, '${not.interpolated}');
      assert.strictEqual(one('a = ("x")').value, 'x');
      assert.deepStrictEqual(one('a = ""'), { type: 'string', start: 4, end: 6, value: '' });
    });

    it('calls, operators, conditionals, for and splat expressions are unknown', function () {
      for (const src of [
        'a = concat(["s3:*"], var.extra)',
        'a = var.x ? "*" : "s3:GetObject"',
        'a = 1 + 2',
        'a = !var.enabled',
        'a = [for s in var.list : upper(s)]',
        'a = { for k, v in var.m : k => v }',
        'a = "%{ if var.x }yes%{ endif }"',
      ]) {
        const v = one(src);
        assert.strictEqual(v.type, 'unknown', src);
        assert.ok(v.tag === 'expression' || (src.includes('%{') && v.tag === 'template'), `${src}: ${v.tag}`);
        assert.strictEqual(src.slice(v.start, v.end), src.slice(4));
      }
      // jsonencode(x) is x, with x's range.
      const j = one('a = jsonencode(var.policy)');
      assert.deepStrictEqual(j, { type: 'unknown', start: 15, end: 25, tag: 'var.policy' });
      assert.strictEqual(one('a = jsonencode(["s3:*"])').items[0].value, 's3:*');
      assert.strictEqual(one('a = aws_instance.web[*].id').tag, 'aws_instance.web[*].id');
      assert.strictEqual(one('a = var.list[0]').tag, 'var.list[0]');
      assert.strictEqual(one('a = each.value').tag, 'each.value');
    });

    it('heredocs: <<EOF keeps the text, <<-EOF strips the common indentation', function () {
      const src = 'a = <<EOF\n  line1\nline2\nEOF\nb = <<-EOT\n    {"x": 1}\n      y\n    EOT\n';
      const f = hcl.parseHcl(src);
      assert.strictEqual(f.hasErrors, false);
      const [a, b] = f.attributes;
      assert.strictEqual(a.value.value, '  line1\nline2\n');
      assert.strictEqual(b.value.value, '{"x": 1}\n  y\n');
      assert.strictEqual(slice(src, b.value), '<<-EOT\n    {"x": 1}\n      y\n    EOT');
      assert.strictEqual(hcl.parseEmbeddedJson(a.value, src), undefined, 'not JSON');
    });

    it('parseEmbeddedJson maps a quoted JSON string back through its escapes', function () {
      const src = String.raw`policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b\u002Fx\"}]}"`;
      const f = hcl.parseHcl(src);
      const v = f.attributes[0].value;
      assert.strictEqual(v.type, 'string');
      const json = hcl.parseEmbeddedJson(v, src);
      assert.strictEqual(json.type, 'object');
      assert.strictEqual(slice(src, json), src.slice(src.indexOf('{'), src.length - 1));
      const st = get(json, 'Statement').items[0];
      assert.strictEqual(get(st, 'Action').value, '*');
      assert.strictEqual(slice(src, get(st, 'Action')), String.raw`\"*\"`);
      const k = entry(st, 'Effect');
      assert.strictEqual(src.slice(k.keyStart, k.keyEnd), String.raw`\"Effect\"`);
      assert.strictEqual(get(st, 'Resource').value, 'arn:aws:s3:::b/x');
      assert.strictEqual(slice(src, get(st, 'Resource')), String.raw`\"arn:aws:s3:::b\u002Fx\"`);
      assert.strictEqual(hcl.parseEmbeddedJson({ type: 'string', start: 0, end: 6, value: 'policy' }, src), undefined);
    });

    it('top-level attributes (.tfvars) and a .tf with nothing in it', function () {
      const f = hcl.parseHcl('region = "eu-west-1"\nallowed = ["10.0.0.0/8"]\n');
      assert.deepStrictEqual(f.attributes.map((a) => a.name), ['region', 'allowed']);
      assert.deepStrictEqual(hcl.parseHcl(''), { blocks: [], attributes: [], hasErrors: false, errors: [] });
      assert.strictEqual(hcl.parseHcl('# only a comment\n').blocks.length, 0);
    });
  });

  describe('half-typed text', function () {
    it('an unclosed brace at the end keeps the blocks before it', function () {
      const src = 'variable "a" {}\nresource "aws_iam_policy" "p" {\n  name = "x"\n  policy = jsonencode({\n    Version = "2012';
      const f = hcl.parseHcl(src);
      assert.strictEqual(f.hasErrors, true);
      assert.ok(f.errors.length > 0);
      assert.ok(block(f, 'variable', 'a'));
      const p = block(f, 'resource', 'aws_iam_policy', 'p');
      assert.ok(p, 'the open block is still there');
      assert.strictEqual(attr(p.body, 'name').value.value, 'x');
      assertWellFormed(src, f);
    });

    it('a missing "=" drops that attribute only and keeps the other blocks', function () {
      const src = 'resource "a" "b" {\n  name "x"\n  other = 1\n}\nresource "c" "d" {\n  x = 2\n}\n';
      const f = hcl.parseHcl(src);
      assert.strictEqual(f.hasErrors, true);
      const b = block(f, 'resource', 'a', 'b');
      assert.ok(b);
      assert.strictEqual(attr(b.body, 'name'), undefined, 'never `name = 1`');
      assert.strictEqual(attr(block(f, 'resource', 'c', 'd').body, 'x').value.value, 2);
    });

    it('a half-typed block in the middle does not swallow the top-level blocks after it', function () {
      const src = [
        'variable "a" {}',
        'resource "aws_iam_policy" "new" {',
        '  name = "x"',
        '',
        'resource "aws_iam_role" "r" {',
        '  name = "r"',
        '}',
        '',
        'data "aws_iam_policy_document" "d" {',
        '  statement {',
        '    actions = ["s3:*"]',
        '  }',
        '}',
        '',
      ].join('\n');
      const f = hcl.parseHcl(src);
      assert.strictEqual(f.hasErrors, true);
      assert.deepStrictEqual(f.blocks.map((b) => b.labels.map((l) => l.value).join('.')), ['a', 'aws_iam_policy.new', 'aws_iam_role.r', 'aws_iam_policy_document.d']);
      const open = block(f, 'resource', 'aws_iam_policy', 'new');
      assert.strictEqual(slice(src, open), 'resource "aws_iam_policy" "new" {\n  name = "x"');
      assert.deepStrictEqual(open.body.blocks, []);
      assert.strictEqual(attr(open.body, 'name').value.value, 'x');
      const d = block(f, 'data', 'aws_iam_policy_document', 'd');
      assert.strictEqual(slice(src, attr(d.body.blocks[0].body, 'actions').value.items[0]), '"s3:*"');
      // A half-typed nested block: the statement stays inside its data block, the resource after it comes out.
      const src2 = 'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = ["s3:*"]\n\n}\nresource "aws_iam_role" "r" {\n  name = "r"\n}\n';
      const f2 = hcl.parseHcl(src2);
      assert.deepStrictEqual(f2.blocks.map((b) => b.type), ['data', 'resource']);
      assert.strictEqual(f2.blocks[0].body.blocks[0].type, 'statement');
    });

    it('a pathological text runs out of its time budget instead of blocking, and the parser recovers', function () {
      const bad = '"'.repeat(20000);
      const t0 = Date.now();
      const f = hcl.parseHcl(bad, { timeoutMs: 50 });
      const ms = Date.now() - t0;
      assert.ok(ms < 1000, `${ms} ms`);
      assert.strictEqual(f.timedOut, true);
      assert.strictEqual(f.hasErrors, true);
      assert.deepStrictEqual(f.blocks, []);
      const ok = hcl.parseHcl('variable "x" {}\n');
      assert.strictEqual(ok.hasErrors, false);
      assert.strictEqual(ok.blocks[0].labels[0].value, 'x');
    });

    it('an unterminated string and a missing value do not throw', function () {
      for (const src of [
        'resource "a" "b" {\n  name = "x\n  other = 1\n}\nresource "c" "d" {\n  x = 2\n}',
        'variable "x" {}\nresource "a" "b" {\n  inner {\n    y = \n  }\n  z = 3\n}',
        'policy = <<EOF\n{"a": 1}\n',
        'a = "${var.',
        'resource "a" {',
        '}}}{{{',
      ]) {
        const f = hcl.parseHcl(src);
        assert.strictEqual(f.hasErrors, true, src);
        assertWellFormed(src, f);
      }
      const f = hcl.parseHcl('variable "x" {}\nresource "a" "b" {\n  inner {\n    y = \n  }\n  z = 3\n}');
      assert.ok(block(f, 'variable', 'x'));
      assert.strictEqual(attr(block(f, 'resource', 'a', 'b').body, 'z').value.value, 3);
    });

    it('every prefix of a 60-line file (cut at each line) parses, keeping the blocks finished before the cut', function () {
      const full = hcl.parseHcl(PREFIX_TF);
      assert.strictEqual(full.hasErrors, false);
      const lines = PREFIX_TF.split('\n');
      assert.ok(lines.length >= 60, `${lines.length} lines`);
      let worst = 0;
      for (let i = 0; i <= lines.length; i++) {
        const text = lines.slice(0, i).join('\n');
        const t0 = process.hrtime.bigint();
        const f = hcl.parseHcl(text);
        worst = Math.max(worst, Number(process.hrtime.bigint() - t0) / 1e6);
        assertWellFormed(text, f);
        for (const b of full.blocks) {
          if (b.end > text.length) continue;
          const got = f.blocks.find((x) => x.start === b.start);
          assert.ok(got, `line ${i}: block at ${b.start} kept`);
          assert.deepStrictEqual(got.labels, b.labels);
        }
      }
      assert.ok(worst < 1000, `slowest prefix ${worst} ms`);
    });

    it('property: any character cut of the file, and any edit, parses without throwing in bounded time', function () {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: PREFIX_TF.length }), (cut) => {
          const text = PREFIX_TF.slice(0, cut);
          const t0 = Date.now();
          const f = hcl.parseHcl(text);
          assert.ok(Date.now() - t0 < 1000);
          assertWellFormed(text, f);
        }),
        { numRuns: 300 },
      );
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: PREFIX_TF.length }),
          fc.integer({ min: 0, max: 20 }),
          fc.string({ unit: fc.constantFrom('{', '}', '"', '=', '[', ']', '(', ')', '$', '<', '\n', ' ', 'a', '#', 'é', '😀', '\\', ',', ':'), maxLength: 8 }),
          (at, del, ins) => {
            const text = PREFIX_TF.slice(0, at) + ins + PREFIX_TF.slice(at + del);
            const f = hcl.parseHcl(text);
            assertWellFormed(text, f);
            for (const b of f.blocks) if (b.body.attributes.length) assert.ok(typeof b.body.attributes[0].name === 'string');
          },
        ),
        { numRuns: 300 },
      );
    });

    it('property: arbitrary text never throws', function () {
      fc.assert(
        fc.property(fc.string({ maxLength: 200 }), (text) => {
          const f = hcl.parseHcl(text);
          assertWellFormed(text, f);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('speed and memory (figures printed, loose checks)', function () {
    const gen = (nBlocks) => {
      const parts = [];
      for (let i = 0; i < nBlocks; i++) {
        parts.push(
          `resource "aws_iam_policy" "p${i}" {`,
          `  name = "policy-\${var.env}-${i}"`,
          `  policy = jsonencode({`,
          `    Version = "2012-10-17"`,
          `    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = aws_s3_bucket.b${i}.arn }]`,
          `  })`,
          `  tags = { Team = "t${i}", Cost = ${i} }`,
          `}`,
          `variable "v${i}" { default = ${i} }`,
          ``,
        );
      }
      return parts.join('\n');
    };

    it('parses a generated 2,000-line file in tens of milliseconds', function () {
      const text = gen(200);
      const lines = text.split('\n').length;
      assert.ok(lines >= 2000);
      const t0 = process.hrtime.bigint();
      hcl.parseHcl(text);
      const cold = Number(process.hrtime.bigint() - t0) / 1e6;
      for (let i = 0; i < 3; i++) hcl.parseHcl(text); // let the JIT and WASM tiers settle
      const times = [];
      let f;
      for (let i = 0; i < 7; i++) {
        const t0 = process.hrtime.bigint();
        f = hcl.parseHcl(text);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      assert.strictEqual(f.blocks.length, 400);
      assert.strictEqual(f.hasErrors, false);
      times.sort((a, b) => a - b);
      console.log(
        `      hcl: ${lines} lines (${text.length} chars) parsed + converted: warm median ${times[3].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[6].toFixed(1)}), first call ${cold.toFixed(1)} ms`,
      );
      assert.ok(times[3] < 1000, 'loose bound');
    });

    it('500 parses of a 200-line file do not grow memory without bound (trees are deleted)', function () {
      const text = gen(20);
      for (let i = 0; i < 50; i++) hcl.parseHcl(text);
      if (global.gc) global.gc();
      const before = process.memoryUsage();
      for (let i = 0; i < 500; i++) hcl.parseHcl(text);
      if (global.gc) global.gc();
      const after = process.memoryUsage();
      const mb = (n) => (n / 1048576).toFixed(1);
      console.log(
        `      hcl: 500 parses of ${text.split('\n').length} lines: rss ${mb(before.rss)} -> ${mb(after.rss)} MB`,
      );
      // Undeleted trees live in WASM memory (not in the JS heap): rss shows them, about +250 MB here
      // when `tree.delete()` is left out; with it the growth is well under a megabyte.
      assert.ok(after.rss - before.rss < 64 * 1048576, 'rss stays bounded');
    });
  });
});
