'use strict';
// The editor's "Export Registration Manifest" (workspace/executeCommand, the CLI's function): a manifest that does not
// parse, on disk or in the open buffer, is not written over (an error response naming the line; the file untouched);
// a read-only one is refused; the Backstage owner holds no credential; a folder file that links out is not read, and
// the server's log says so. Fake credentials are built at run time.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const yaml = require('yaml');
const { TestClient } = require('./client');
const { tmpWorkspace, fake } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;

describe('registration manifest export over LSP: never lose, never leak, never read outside', function () {
  this.timeout(60000);
  const password = `${fake.token(10, 21)}Zx9`;
  let client;
  let dir;
  let outside;
  before(async () => {
    dir = tmpWorkspace({
      'package.json': JSON.stringify({ name: 'notes', description: 'Keeps meeting notes', author: `<https://ops:${password}@host.example.com>` }),
      'src/app.js': "module.exports = () => 'notes';\n",
    });
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-outside-'));
    fs.writeFileSync(path.join(outside, 'ignore'), '*\n');
    fs.symlinkSync(path.join(outside, 'ignore'), path.join(dir, '.secretlintignore'));
    client = new TestClient({ pull: true });
    client.conn.onRequest('workspace/codeLens/refresh', () => null);
    await client.initialize(uriOf(dir));
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const file = () => path.join(dir, 'microapp.yaml');
  const run = (command) => client.conn.sendRequest('workspace/executeCommand', { command, arguments: [{ folder: uriOf(dir) }] });
  const exportNow = () => run('microappGuard.server.exportManifest');

  it('exports, then fills hand fields; the owner e-mail and the Backstage owner hold no password', async () => {
    await exportNow();
    const doc = yaml.parseDocument(fs.readFileSync(file(), 'utf8'));
    doc.setIn(['metadata', 'escalation'], '#notes-oncall');
    doc.setIn(['spec', 'businessJustification'], 'Replaces a spreadsheet');
    fs.writeFileSync(file(), doc.toString());
    client.watchedFilesChanged([{ uri: uriOf(file()), type: 2 }]);
    const r = await run('microappGuard.server.exportBackstage');
    const written = fs.readFileSync(file(), 'utf8') + fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8');
    assert.ok(!written.includes(password), 'the password reached the manifest or catalog-info.yaml');
    const m = yaml.parse(fs.readFileSync(file(), 'utf8'));
    assert.strictEqual(m.metadata.description, 'Keeps meeting notes', 'package.json was read (the linked ignore file did not hide it)');
    assert.match(m.metadata.owner.email, /^TODO/);
    assert.strictEqual(yaml.parse(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8')).spec.owner, 'unknown');
    assert.ok(r.gate);
  });

  it('an unclosed quote on disk: the export answers an error naming the line, and the file is byte-identical', async () => {
    const lines = fs.readFileSync(file(), 'utf8').split('\n');
    const at = lines.findIndex((l) => /^\s+escalation:/.test(l));
    lines[at] = '  escalation: "#notes-oncall';
    fs.writeFileSync(file(), lines.join('\n'));
    client.watchedFilesChanged([{ uri: uriOf(file()), type: 2 }]);
    const before = fs.readFileSync(file());
    const sbom = fs.readFileSync(path.join(dir, 'sbom.cdx.json'));
    const catalog = fs.readFileSync(path.join(dir, 'catalog-info.yaml'));
    await assert.rejects(exportNow(), (e) => {
      assert.match(e.message, new RegExp(`microapp\\.yaml line ${at + 1}, column \\d+: YAML syntax error: a quoted value is not closed`));
      assert.ok(!e.message.includes('#notes-oncall'));
      return true;
    });
    await assert.rejects(run('microappGuard.server.exportBackstage'), /line \d+/);
    assert.ok(fs.readFileSync(file()).equals(before), 'microapp.yaml untouched');
    assert.ok(fs.readFileSync(path.join(dir, 'sbom.cdx.json')).equals(sbom));
    assert.ok(fs.readFileSync(path.join(dir, 'catalog-info.yaml')).equals(catalog));
    // Fixed: the export runs and the hand-filled fields are still there.
    lines[at] = '  escalation: "#notes-oncall"';
    fs.writeFileSync(file(), lines.join('\n'));
    client.watchedFilesChanged([{ uri: uriOf(file()), type: 2 }]);
    await exportNow();
    const m = yaml.parse(fs.readFileSync(file(), 'utf8'));
    assert.strictEqual(m.metadata.escalation, '#notes-oncall');
    assert.strictEqual(m.spec.businessJustification, 'Replaces a spreadsheet');
  });

  it('an open buffer that does not parse is not exported over either (the file on disk is fine)', async () => {
    const uri = uriOf(file());
    const good = fs.readFileSync(file(), 'utf8');
    await client.open(uri, good.replace(/^(\s+team:).*$/m, '$1 "@acme/ops'), 'yaml');
    const before = fs.readFileSync(file());
    await assert.rejects(exportNow(), /microapp\.yaml line \d+, column \d+/);
    assert.ok(fs.readFileSync(file()).equals(before));
    client.close(uri);
  });

  it('a read-only microapp.yaml is refused with a clear message', async () => {
    fs.chmodSync(file(), 0o444);
    const before = fs.readFileSync(file());
    await assert.rejects(exportNow(), /refusing to replace microapp\.yaml: the file is read-only/);
    assert.ok(fs.readFileSync(file()).equals(before));
    assert.strictEqual(fs.statSync(file()).mode & 0o777, 0o444);
    fs.chmodSync(file(), 0o644);
  });

  it('the server log says a folder file that links out of the folder was not read', () => {
    assert.ok(client.logs.some((l) => /\.secretlintignore resolves outside the workspace folder \(a symbolic link out of it\): not read/.test(l)), client.logs.join('\n'));
  });
});
