'use strict';
// Family `permissions` (category iam) in the real editor:
// (a) an IAM policy written into the workspace with "Action": "*" gets the
//     iam/aws-wildcard-action squiggle on the "*" itself,
// (b) a least-privilege quick fix rewrites it, the squiggle goes and the
//     document is still a JSON policy,
// (c) typing "*" over a narrow action brings the squiggle while unsaved,
// (d) files never opened: the example's s3:* policy and its cluster-admin
//     RoleBinding are reported in the Problems view.

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const WILDCARD = 'iam/aws-wildcard-action';
const FIX_PREFIX = 'Replace with least-privilege statement';

const ADMIN_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReportsBucketAdmin',
      Effect: 'Allow',
      Action: '*',
      Resource: ['arn:aws:s3:::standup-reports', 'arn:aws:s3:::standup-reports/*'],
    },
    {
      Sid: 'ReadStandupTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/standups',
    },
  ],
};

/** Position of the first `"Action": <value>` of the document and the value's range. */
function actionValueRange(doc, valueText) {
  const needle = `"Action": ${valueText}`;
  for (let line = 0; line < doc.lineCount; line++) {
    const i = doc.lineAt(line).text.indexOf(needle);
    if (i >= 0) {
      const start = i + needle.length - valueText.length;
      return new vscode.Range(line, start, line, start + valueText.length);
    }
  }
  return undefined;
}

function describeActions(actions) {
  return actions.length
    ? actions.map((a) => `  "${a.title}"${a.isPreferred ? ' (preferred)' : ''} kind=${a.kind ? a.kind.value : '-'} edit=${a.edit ? 'yes' : 'no'}`).join('\n')
    : '  (none)';
}

async function quickFixes(uri, range) {
  return (
    (await h.retryCanceled(
      () => vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 50),
      { what: 'vscode.executeCodeActionProvider' },
    )) || []
  );
}

describe('Micro-App Guard: broad permissions (iam)', function () {
  const opened = [];

  before(async function () {
    await h.ensureActive();
  });

  after(async function () {
    for (const doc of opened) if (doc.isDirty) await doc.save();
  });

  describe('a policy with "Action": "*" written into the workspace', function () {
    /** @type {vscode.Uri} */ let uri;
    /** @type {vscode.TextDocument} */ let doc;

    const wildcardDiag = () => h.ours(uri).find((d) => h.codeOf(d) === WILDCARD);

    before(async function () {
      uri = h.workspaceUri('infra/admin-policy.json');
      await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(ADMIN_POLICY, null, 2) + '\n'));
    });

    it(`underlines the "*" as ${WILDCARD}`, async function () {
      const started = Date.now();
      ({ doc } = await h.openInEditor(uri));
      opened.push(doc);
      assert.strictEqual(doc.languageId, 'json');
      const diag = await h.waitFor(wildcardDiag, { uri, timeout: 20000, what: `a ${WILDCARD} diagnostic in infra/admin-policy.json` });
      const elapsed = Date.now() - started;
      h.note(`open -> ${WILDCARD}: ${elapsed} ms (${h.describeDiagnostic(diag)})`);
      this.test.title += ` (${elapsed} ms after opening)`;

      assert.strictEqual(diag.source, h.SOURCE);
      assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error, `an error (full administrator access): ${h.describeDiagnostic(diag)}`);
      const star = actionValueRange(doc, '"*"');
      assert.ok(star, `no "Action": "*" in the document:\n${doc.getText()}`);
      assert.ok(diag.range.isEqual(star), `range ${h.describeDiagnostic(diag)} is not the "*" at L${star.start.line + 1}:${star.start.character + 1}-${star.end.character + 1}`);
      assert.strictEqual(doc.getText(diag.range), '"*"');
      assert.match(diag.message, /every action/i);
      // The docs link of the rule travels with the code.
      assert.ok(typeof diag.code === 'object' && diag.code.target, `the code carries no docs link: ${JSON.stringify(diag.code)}`);
      // The narrow DynamoDB statement is not reported.
      const ddbLine = doc.getText().split('\n').findIndex((l) => l.includes('dynamodb:GetItem'));
      const onDdb = h.ours(uri).filter((d) => h.onLine(d, ddbLine));
      assert.deepStrictEqual(onDdb.map(h.describeDiagnostic), [], 'false positive on the narrow statement');
    });

    it('rewrites it with a least-privilege quick fix; the squiggle goes and the JSON still parses', async function () {
      const diag = await h.waitFor(wildcardDiag, { uri, timeout: 20000, what: `the ${WILDCARD} diagnostic` });
      const actions = await quickFixes(uri, diag.range);
      // "*" names no service, so the server may not mark one template preferred: take the
      // preferred one if any, else the first least-privilege rewrite (what the lightbulb lists first).
      const fix =
        actions.find((a) => a.isPreferred && a.edit) || actions.find((a) => typeof a.title === 'string' && a.title.startsWith(FIX_PREFIX) && a.edit);
      assert.ok(fix, `no least-privilege quick fix for ${h.describeDiagnostic(diag)}; offered:\n${describeActions(actions)}`);
      h.note(`iam quick fixes offered:\n${describeActions(actions)}\n  applying "${fix.title}"`);

      const started = Date.now();
      assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, `workspace.applyEdit refused "${fix.title}"`);
      await h.waitFor(() => (wildcardDiag() ? undefined : true), { uri, timeout: 20000, what: `${WILDCARD} to go after "${fix.title}"` });
      const elapsed = Date.now() - started;
      h.note(`fix -> ${WILDCARD} gone: ${elapsed} ms`);
      this.test.title += ` (${elapsed} ms)`;

      let policy;
      try {
        policy = JSON.parse(doc.getText());
      } catch (err) {
        assert.fail(`the fixed document is not JSON (${err.message}):\n${doc.getText()}`);
      }
      const st = policy.Statement[0];
      const actionList = [].concat(st.Action || []);
      assert.ok(actionList.length > 0 && actionList.every((a) => typeof a === 'string' && /^[a-z0-9-]+:[A-Za-z0-9*]+$/.test(a) && a !== '*'), `Action after the fix: ${JSON.stringify(st.Action)}`);
      assert.strictEqual(policy.Statement[1].Sid, 'ReadStandupTable', 'the other statement is kept');
      h.note(`after the fix: ${JSON.stringify(st).slice(0, 300)}`);
      await doc.save();
      const left = h.ours(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(left.map(h.describeDiagnostic), [], 'no error left in the fixed policy');
    });
  });

  it('reports "*" typed over a narrow action in the unsaved editor', async function () {
    const uri = h.workspaceUri('infra/deploy-policy.json');
    const narrow = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::standup-reports/*' }],
    };
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(narrow, null, 2) + '\n'));
    const { doc, editor } = await h.openInEditor(uri);
    opened.push(doc);
    await h.settleDiagnostics(uri, { quietMs: 1000, firstEventMs: 5000 });
    assert.ok(!h.ours(uri).some((d) => h.codeOf(d) === WILDCARD), `${WILDCARD} before typing:\n${h.diagnosticsReport(uri)}`);

    const range = actionValueRange(doc, '"s3:GetObject"');
    assert.ok(range, doc.getText());
    const started = Date.now();
    assert.ok(await editor.edit((b) => b.replace(range, '"*"')), 'editor.edit refused');
    assert.ok(doc.isDirty);
    const diag = await h.waitFor(() => h.ours(uri).find((d) => h.codeOf(d) === WILDCARD), {
      uri,
      timeout: 20000,
      what: `${WILDCARD} after typing "*"`,
    });
    const elapsed = Date.now() - started;
    h.note(`typing "*" -> ${WILDCARD}: ${elapsed} ms (${h.describeDiagnostic(diag)})`);
    this.test.title += ` (${elapsed} ms)`;
    assert.strictEqual(doc.getText(diag.range), '"*"');
    // Undo, like a user who sees the squiggle: the finding goes again.
    await vscode.commands.executeCommand('undo');
    await h.waitFor(() => (h.ours(uri).some((d) => h.codeOf(d) === WILDCARD) ? undefined : true), { uri, timeout: 20000, what: `${WILDCARD} to go after undo` });
    assert.ok(doc.getText().includes('"s3:GetObject"'), 'undo restored the narrow action');
  });

  it('reports "Action": "*" inside a Terraform jsonencode policy (the Terraform parser ships with the extension)', async function () {
    const uri = h.workspaceUri('infra/main.tf');
    const tf = [
      'resource "aws_iam_policy" "bot_admin" {',
      '  name = "standup-bot-admin"',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      {',
      '        Effect   = "Allow"',
      '        Action   = "*"',
      '        Resource = "*"',
      '      },',
      '    ]',
      '  })',
      '}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(tf));
    const started = Date.now();
    const { doc } = await h.openInEditor(uri);
    opened.push(doc);
    const diag = await h.waitFor(() => h.ours(uri).find((d) => h.codeOf(d) === WILDCARD), {
      uri,
      timeout: 20000,
      what: `${WILDCARD} in infra/main.tf (languageId ${doc.languageId})`,
    });
    h.note(`open .tf -> ${WILDCARD}: ${Date.now() - started} ms (${h.describeDiagnostic(diag)})`);
    assert.strictEqual(diag.range.start.line, 7, 'on the Action line');
    assert.strictEqual(doc.getText(diag.range), '"*"');
  });

  it('reports the example\'s s3:* policy and cluster-admin binding without opening them', async function () {
    const policy = h.workspaceUri('infra/bot-policy.json');
    const rbac = h.workspaceUri('k8s/rbac.yaml');
    for (const u of [policy, rbac]) {
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString()), `${vscode.workspace.asRelativePath(u)} must not be open`);
    }
    const s3 = await h.waitFor(() => h.ours(policy).find((d) => h.codeOf(d) === 'iam/aws-service-wildcard'), {
      uri: policy,
      timeout: 20000,
      what: 'iam/aws-service-wildcard in infra/bot-policy.json',
    });
    h.note(`workspace diagnostic: ${h.describeDiagnostic(s3)}`);
    assert.strictEqual(s3.range.start.line, 6, 'on the "s3:*" line');
    assert.match(s3.message, /s3:\*/);

    const binding = await h.waitFor(() => h.ours(rbac).find((d) => h.codeOf(d) === 'iam/k8s-cluster-admin-binding'), {
      uri: rbac,
      timeout: 20000,
      what: 'iam/k8s-cluster-admin-binding in k8s/rbac.yaml',
    });
    h.note(`workspace diagnostic: ${h.describeDiagnostic(binding)}`);
    assert.strictEqual(binding.severity, vscode.DiagnosticSeverity.Error);
    assert.match(binding.message, /cluster-admin/);
    assert.match(binding.message, /standup-bot/);
    // The squiggle is in the binding document (after the ---), not on the ServiceAccount.
    const text = Buffer.from(await vscode.workspace.fs.readFile(rbac)).toString('utf8');
    const bindingStart = text.split('\n').findIndex((l) => l.startsWith('kind: ClusterRoleBinding'));
    assert.ok(binding.range.start.line >= bindingStart, `${h.describeDiagnostic(binding)} is before the ClusterRoleBinding (line ${bindingStart + 1})`);
  });
});
