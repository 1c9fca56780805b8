'use strict';
// Family `oauth` in the real editor: a Slack app manifest written into the workspace (after the manifest suite,
// so the example's registration figures are untouched) asks for the `admin` scope; the editor underlines the
// scope as iam/oauth-broad-scope, the preferred quick fix removes it, the squiggle goes, and the file still parses
// with the other scopes kept.

const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

const REPO = path.resolve(__dirname, '..', '..', '..');
const YAML = require(require.resolve('yaml', { paths: [REPO] }));

const BROAD = 'iam/oauth-broad-scope';

const MANIFEST = [
  'display_information:',
  '  name: Standup Bot',
  'features:',
  '  bot_user:',
  '    display_name: standup-bot',
  'oauth_config:',
  '  scopes:',
  '    bot:',
  '      - chat:write',
  '      - admin',
  'settings:',
  '  org_deploy_enabled: false',
  '',
].join('\n');

describe('Micro-App Guard: OAuth scopes', function () {
  before(async function () {
    await h.ensureActive();
  });

  it(`underlines the Slack "admin" scope as ${BROAD} and removes it with the quick fix`, async function () {
    const uri = h.workspaceUri('slack/manifest.yml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(MANIFEST, 'utf8'));
    const { doc } = await h.openInEditor(uri);
    const broad = () => h.ours(uri).find((d) => h.codeOf(d) === BROAD && doc.getText(d.range).includes('admin'));
    const diag = await h.waitFor(broad, { uri, timeout: 20000, what: `${BROAD} on the admin scope` });
    h.note(h.describeDiagnostic(diag));
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.lineAt(diag.range.start.line).text.trim(), '- admin');

    const actions =
      (await h.retryCanceled(() => vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value, 50), {
        what: 'vscode.executeCodeActionProvider',
      })) || [];
    h.note(`oauth quick fixes offered:\n${actions.map((a) => `  "${a.title}"${a.isPreferred ? ' (preferred)' : ''}`).join('\n')}`);
    const fix = actions.find((a) => a.isPreferred && a.edit) ?? actions.find((a) => a.edit && /remove|drop/i.test(a.title));
    assert.ok(fix, 'no quick fix with an edit for the admin scope');
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, `workspace.applyEdit refused "${fix.title}"`);
    assert.ok(await doc.save(), 'save failed');
    await h.waitFor(() => (broad() ? undefined : true), { uri, timeout: 20000, what: `${BROAD} to go after "${fix.title}"` });

    const parsed = YAML.parseDocument(doc.getText());
    assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], `the manifest no longer parses:\n${doc.getText()}`);
    const bot = parsed.toJS().oauth_config.scopes.bot;
    assert.ok(!bot.includes('admin'), `admin still requested: ${JSON.stringify(bot)}`);
    assert.ok(bot.includes('chat:write'), `chat:write was lost: ${JSON.stringify(bot)}`);
  });
});
