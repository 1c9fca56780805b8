'use strict';
// (a) the extension is installed in development mode and activates.

const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, note } = require('./helpers');

describe('Micro-App Guard: activation', function () {
  it(`finds ${EXTENSION_ID} and activates it`, async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) {
      const others = vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .sort();
      assert.fail(
        `extension ${EXTENSION_ID} is not loaded. Non-builtin extensions present: ${others.join(', ') || '(none)'}. ` +
          'Check publisher/name in package.json and that the launcher passed this repository as extensionDevelopmentPath.',
      );
    }
    note(`extension ${ext.id} ${ext.packageJSON.version} at ${ext.extensionUri.toString()} (uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'}, remote ${vscode.env.remoteName || 'none'}, VS Code ${vscode.version})`);
    const started = Date.now();
    try {
      await ext.activate();
    } catch (err) {
      assert.fail(`activate() of ${EXTENSION_ID} threw: ${err && err.stack ? err.stack : err}`);
    }
    assert.strictEqual(ext.isActive, true, `${EXTENSION_ID} is not active after activate()`);
    note(`activate() resolved in ${Date.now() - started} ms`);
  });
});
