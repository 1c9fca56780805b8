'use strict';
// The server's heap after one-shot work over many files (server/src/lsp/memory.ts): once a workspace report of
// thousands of files is sent, and the index is kept for the next start, the server collects its garbage while idle,
// says so in its log, and goes on answering as before; an index of thousands of files ends with a collection, one
// taken from the kept index too.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { TestClient } = require('./client');
const { tmpWorkspace, fake } = require('../helpers');

const FILES = 2100; // above the server's bulk threshold (memory.ts BULK_FILES)

describe('memory after bulk work', function () {
  this.timeout(60000);
  let cacheHome;
  beforeEach(() => {
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-memory-'));
  });
  afterEach(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

  it('collects the heap when idle after a report of thousands of files, and answers the same afterwards', async () => {
    const files = {};
    for (let i = 0; i < FILES; i++) files[`svc-${Math.floor(i / 50)}/src/f${i}.js`] = `const BASE = "https://api-${i % 7}.vendor${i % 3}.io/v1/items";\nmodule.exports = () => fetch(BASE);\n`;
    files['svc-0/src/secret.js'] = `const token = "${fake.github()}";\n`;
    const dir = tmpWorkspace(files);
    const client = new TestClient({ pull: true, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    try {
      await client.initialize(pathToFileURL(dir).href);
      const report = await client.workspaceDiagnostics([]);
      assert.strictEqual(report.items.length, FILES + 1, 'every file reported');
      const secret = report.items.find((r) => r.uri.endsWith('/secret.js'));
      assert.ok(secret.items.some((d) => String(d.code).startsWith('secretlint/')), 'the token is reported');
      // The collection comes a moment after the report (and again after the index is kept): wait for its log line.
      const said = () => client.logs.filter((l) => /memory: heap collected after/.test(l));
      for (let i = 0; i < 100 && said().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(said().length > 0, `the server said it collected its heap (log: ${client.logs.slice(-5).join(' | ')})`);
      assert.match(said()[0], /after (the report of|keeping the index of) \d+ files \(\d+ ms, idle\)/);
      // Still answering, with the same findings.
      const uri = secret.uri;
      const text = fs.readFileSync(new URL(uri), 'utf8');
      client.open(uri, text, 'javascript');
      const pulled = await client.pullDiagnostics(uri);
      assert.deepStrictEqual(
        pulled.items.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort(),
        secret.items.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort(),
      );
    } finally {
      await client.shutdown();
    }
    // The folder opened again: every file's result comes from the kept index, in less than the heap policy's delay
    // (1.5 s after the start); that index is bulk work too, followed by a full collection (its garbage stayed, and
    // the report's came on top).
    const again = new TestClient({ pull: true, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    try {
      await again.initialize(pathToFileURL(dir).href);
      const report = await again.workspaceDiagnostics([]);
      assert.strictEqual(report.items.length, FILES + 1, 'every file reported');
      const indexed = again.logs.find((l) => /workspace model: .* indexed/.test(l));
      // Every file but the one that was open when the first session ended (an open buffer's result is not kept).
      assert.strictEqual(Number(/(\d+) kept from the last start/.exec(indexed)?.[1]), FILES, indexed);
      assert.match(indexed, /heap collected in \d+ ms/, indexed);
    } finally {
      await again.shutdown();
    }
  });
});
