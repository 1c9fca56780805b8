'use strict';
// The family-neutral core, shown: a family from the test folder (test/fixtures/example-family: one rule, one fact
// topic read across files, one hover) registered through the bundle's public registerFamily, through the real CLI
// and the real language server over stdio, with no other file of the product changed for it.
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { TestClient } = require('./client');

const LAUNCH = path.join(__dirname, '..', 'fixtures', 'example-family', 'launch.js');

function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-example-family-'));
  fs.writeFileSync(path.join(dir, 'a.txt'), 'x EXAMPLE-MARKER(alpha) y\n');
  fs.writeFileSync(path.join(dir, 'b.md'), '# notes\nEXAMPLE-MARKER(alpha)\nEXAMPLE-MARKER(beta)\n');
  return dir;
}

function cli(args) {
  const r = cp.spawnSync(process.execPath, [LAUNCH, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('an example family registered from the test folder', function () {
  this.timeout(30000);

  it('runs through the CLI: its findings (cross-file fact included), its rule in `rules` and in SARIF', () => {
    const dir = workspace();
    try {
      const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'warning']);
      assert.strictEqual(r.code, 1, r.stderr); // its warnings fail the scan like any family's
      const found = JSON.parse(r.stdout).findings.filter((f) => f.ruleId === 'example/marker');
      assert.deepStrictEqual(
        found.map((f) => [f.file, f.line, f.column, f.category, f.severity, f.message]),
        [
          ['a.txt', 1, 3, 'example', 'warning', 'Example marker "alpha", also in 1 other file(s)'],
          ['b.md', 2, 1, 'example', 'warning', 'Example marker "alpha", also in 1 other file(s)'],
          ['b.md', 3, 1, 'example', 'warning', 'Example marker "beta", also in 0 other file(s)'],
        ],
      );
      assert.match(cli(['rules']).stdout, /^example\/marker\s+example\s+warning\s+Example marker$/m);
      const sarif = JSON.parse(cli(['scan', dir, '--format', 'sarif', '--fail-on', 'none']).stdout);
      assert.ok(sarif.runs[0].tool.driver.rules.some((x) => x.id === 'example/marker'));
      // The product without the family knows nothing of it.
      const plain = cp.spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
      assert.ok(!JSON.parse(plain.stdout).findings.some((f) => f.ruleId.startsWith('example/')));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs through the language server: diagnostics with its category, the cross-file dependency, its hover', async () => {
    const dir = workspace();
    const client = new TestClient({ server: LAUNCH });
    try {
      await client.initialize(pathToFileURL(dir).href);
      const uri = pathToFileURL(path.join(dir, 'a.txt')).href;
      const text = fs.readFileSync(path.join(dir, 'a.txt'), 'utf8');
      client.open(uri, text);
      // The open file is answered from its own text at once; b.md's marker counts once the index has it.
      let items = [];
      for (let i = 0; i < 100; i++) {
        items = (await client.pullDiagnostics(uri)).items.filter((d) => d.code === 'example/marker');
        if (items.length && /also in 1 other/.test(items[0].message)) break;
        await sleep(50);
      }
      assert.strictEqual(items.length, 1, JSON.stringify(items));
      assert.strictEqual(items[0].source, 'microapp-guard');
      assert.strictEqual(items[0].data.category, 'example');
      assert.strictEqual(items[0].message, 'Example marker "alpha", also in 1 other file(s)');
      assert.deepStrictEqual(items[0].range, { start: { line: 0, character: 2 }, end: { line: 0, character: 23 } });

      // Another file changes on disk: the fact it published changes, the open file's finding follows.
      fs.writeFileSync(path.join(dir, 'b.md'), '# notes\nEXAMPLE-MARKER(beta)\n');
      await client.watchedFilesChanged([{ uri: pathToFileURL(path.join(dir, 'b.md')).href, type: 2 }]);
      for (let i = 0; i < 100; i++) {
        items = (await client.pullDiagnostics(uri)).items.filter((d) => d.code === 'example/marker');
        if (items.length && /also in 0 other/.test(items[0].message)) break;
        await sleep(50);
      }
      assert.strictEqual(items[0].message, 'Example marker "alpha", also in 0 other file(s)');

      const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 10 } });
      assert.strictEqual(hover.contents.kind, 'markdown');
      assert.match(hover.contents.value, /Example marker\*\* `alpha`/);
      assert.deepStrictEqual(hover.range, items[0].range);
      const none = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.strictEqual(none, null);
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
