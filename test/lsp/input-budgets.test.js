'use strict';
// Hostile input over the protocol (issue 12): an alias bomb open in the editor never blocks the server.
const assert = require('assert');
const path = require('path');
const { pathToFileURL } = require('url');
const { TestClient } = require('./client');
const { tmpWorkspace, fake } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;
const bomb = () => {
  const lines = ['a0: &a0 [x,x,x,x,x,x,x,x,x]'];
  for (let i = 1; i <= 7; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
};

describe('language server: hostile input', function () {
  this.timeout(20000);
  let client;
  let dir;
  const slack = fake.slack();
  const gh = fake.github();

  before(async () => {
    dir = tmpWorkspace({ 'bomb.yaml': bomb(), 'app.js': `const token = "${slack}";\n`, 'config.json': `{"token": "${gh}", "deep": ${'['.repeat(2000)}${']'.repeat(2000)}}\n` });
    client = new TestClient({ pull: true, settings: { '*': {} } });
    await client.initialize(uriOf(dir));
  });
  after(async () => {
    await client.shutdown();
    assert.strictEqual(client.stderr, '', 'the server wrote nothing to stderr');
  });

  it('the alias bomb is answered with a note on the alias, and another file is answered while it is open', async function () {
    this.timeout(5000); // hangs before the budget existed: a hang fails here instead of stalling the suite
    const bombUri = uriOf(path.join(dir, 'bomb.yaml'));
    const appUri = uriOf(path.join(dir, 'app.js'));
    await client.open(bombUri, bomb(), 'yaml');
    await client.open(appUri, `const token = "${slack}";\n`, 'javascript');
    const [b, a] = await Promise.all([client.pullDiagnostics(bombUri), client.pullDiagnostics(appUri)]);
    assert.deepStrictEqual(a.items.map((d) => d.code), ['secretlint/slack']);
    assert.strictEqual(b.items.length, 1);
    const note = b.items[0];
    assert.strictEqual(note.code, 'input-limit');
    assert.strictEqual(note.severity, 3, 'information');
    assert.strictEqual(note.source, 'microapp-guard');
    assert.match(note.message, /Alias \*a4 is not expanded/);
    assert.deepStrictEqual(note.range.start, { line: 5, character: bomb().split('\n')[5].indexOf('*a4') });
    // Still answering: an edit of the other file is diagnosed.
    await client.change(appUri, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, `const gh = "${gh}";\n`);
    const again = await client.pullDiagnostics(appUri);
    assert.deepStrictEqual(again.items.map((d) => d.code).sort(), ['secretlint/github', 'secretlint/slack']);
  });

  it('a secret beside 2,000-deep nesting is diagnosed, with a note on the depth and no code action for the note', async () => {
    const uri = uriOf(path.join(dir, 'config.json'));
    const text = `{"token": "${gh}", "deep": ${'['.repeat(2000)}${']'.repeat(2000)}}\n`;
    await client.open(uri, text, 'json');
    const r = await client.pullDiagnostics(uri);
    assert.deepStrictEqual(r.items.map((d) => d.code).sort(), ['input-limit', 'secretlint/github']);
    const note = r.items.find((d) => d.code === 'input-limit');
    const actions = await client.codeActions(uri, note.range, [note]);
    assert.ok(actions.every((a) => !a.diagnostics || !a.diagnostics.some((d) => d.code === 'input-limit')), 'a note has no quick-fix');
    assert.ok(r.items.every((d) => !d.message.includes(gh.slice(4))), 'no message holds the secret');
  });
});
