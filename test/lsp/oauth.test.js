'use strict';
// OAuth scopes over a real LSP connection: a Slack manifest's admin scope is diagnosed and fixed by its code action,
// and editing the code that reaches the Slack API re-diagnoses the manifest that declares the scopes.
const assert = require('assert');
const path = require('path');
const { pathToFileURL } = require('url');
const { TestClient, applyEdits } = require('./client');
const { tmpWorkspace } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;
const manifest = 'display_information:\n  name: Digest\noauth_config:\n  scopes:\n    bot:\n      - chat:write\n      - files:read\n      - admin\n';
const code = "const { App } = require('@slack/bolt');\napp.command('/digest', async ({ say }) => say('ok'));\n";

describe('oauth scopes over LSP', function () {
  this.timeout(30000);
  let client;
  let dir;
  before(async () => {
    dir = tmpWorkspace({ 'manifest.yml': manifest, 'app.js': code });
    client = new TestClient({ pull: true });
    await client.initialize(uriOf(dir));
  });
  after(async () => {
    await client.shutdown();
    assert.strictEqual(client.stderr, '');
  });

  /** Pulls until `want` holds (the workspace model fills in the background), then returns the diagnostics. */
  async function diagnostics(uri, want) {
    const deadline = Date.now() + 15000;
    for (;;) {
      const items = (await client.pullDiagnostics(uri)).items;
      if (want(items) || Date.now() > deadline) return items;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const codes = (items) => items.map((d) => d.code);

  it('the admin scope is an error with category iam; its code action removes it and the diagnostic goes', async () => {
    const uri = uriOf(path.join(dir, 'manifest.yml'));
    await client.open(uri, manifest, 'yaml');
    const items = await diagnostics(uri, (x) => codes(x).includes('iam/oauth-broad-scope'));
    const d = items.find((x) => x.code === 'iam/oauth-broad-scope');
    assert.ok(d, JSON.stringify(codes(items)));
    assert.strictEqual(d.severity, 1);
    assert.strictEqual(d.data.category, 'iam');
    assert.deepStrictEqual(d.range, { start: { line: 7, character: 8 }, end: { line: 7, character: 13 } });
    assert.match(d.message, /administer the whole Slack workspace/);
    const actions = await client.codeActions(uri, d.range, [d]);
    const remove = actions.find((a) => a.title === 'Remove "admin"');
    assert.ok(remove, JSON.stringify(actions.map((a) => a.title)));
    const edits = remove.edit.documentChanges[0].edits;
    const text = applyEdits(manifest, edits);
    assert.strictEqual(text, manifest.replace('      - admin\n', ''));
    client.change(uri, { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } }, text);
    const after = await diagnostics(uri, (x) => !codes(x).includes('iam/oauth-broad-scope'));
    assert.ok(!codes(after).includes('iam/oauth-broad-scope'), JSON.stringify(codes(after)));
  });

  it('editing the Slack code re-diagnoses the manifest: a scope the code starts to use is no longer unused', async () => {
    const mUri = uriOf(path.join(dir, 'manifest.yml'));
    const cUri = uriOf(path.join(dir, 'app.js'));
    const unusedLines = (items) => items.filter((x) => x.code === 'iam/oauth-unused-scope').map((x) => x.range.start.line);
    let items = await diagnostics(mUri, (x) => unusedLines(x).includes(6));
    assert.deepStrictEqual(unusedLines(items), [6], 'files:read is unused (chat:write is used by say)');
    await client.open(cUri, code, 'javascript');
    client.change(cUri, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'const info = await app.client.files.info({ file });\n');
    items = await diagnostics(mUri, (x) => !unusedLines(x).includes(6));
    assert.deepStrictEqual(unusedLines(items), []);
    // And back: the use removed, the manifest is flagged again.
    client.change(cUri, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, '');
    items = await diagnostics(mUri, (x) => unusedLines(x).includes(6));
    assert.deepStrictEqual(unusedLines(items), [6]);
  });
});
