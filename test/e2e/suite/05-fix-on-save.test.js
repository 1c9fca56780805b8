'use strict';
// editor.codeActionsOnSave with source.fixAll.microapp-guard: saving rewrites every
// hardcoded secret of the file to its environment reference, in the real editor.

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('Micro-App Guard: fix all on save (opt-in)', function () {
  before(async function () {
    await h.ensureActive();
  });

  it('applies the safe fixes when the user saves', async function () {
    const uri = h.workspaceUri('src/fix-on-save.js');
    const slack = `xoxb-${'2048718287344'}-${'2048718287345'}-${h.randomAlphanumeric(24)}`;
    const token = h.randomAlphanumeric(28) + '9Qz';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`const slackToken = "${slack}";\nconst apiToken = "${token}";\n`));
    const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'javascript' });
    await editorConfig.update('codeActionsOnSave', { 'source.fixAll.microapp-guard': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      const { doc } = await h.openInEditor(uri);
      await h.waitFor(() => (h.ours(uri).length >= 2 ? true : undefined), { uri, timeout: 20000, what: 'two findings in src/fix-on-save.js' });
      // Make the document dirty, then save through the command a user runs (Ctrl+S).
      await vscode.window.activeTextEditor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), '// saved\n'));
      await h.retryCanceled(() => vscode.commands.executeCommand('workbench.action.files.save'), { what: 'save' });
      await h.waitFor(() => (doc.getText().includes('process.env.SLACK_TOKEN') ? true : undefined), { uri, timeout: 15000, what: 'the fix-all edit on save' });
      const text = doc.getText();
      h.note(`after save: ${JSON.stringify(text)}`);
      assert.ok(!text.includes(slack) && !text.includes(token), 'no secret left in the saved file');
      assert.match(text, /const slackToken = process\.env\.SLACK_TOKEN;/);
      assert.match(text, /const apiToken = process\.env\.API_TOKEN;/);
      await h.waitFor(() => (h.ours(uri).length === 0 ? true : undefined), { uri, timeout: 15000, what: 'no finding left after fix-all' });
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
