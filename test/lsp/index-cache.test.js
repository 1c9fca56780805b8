'use strict';
// The index kept across starts (server/src/scanner/indexCache.ts): a server started again on a folder it indexed
// reads only what changed, and reports exactly what a fresh index reports; a kept result whose dependencies changed,
// a changed file and an edited cache file are never trusted.
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const { TestClient } = require('./client');
const { tmpWorkspace, fake } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;
const deployment = (name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/${name}:1\n`;
const policy = (name) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}-only\n  namespace: apps\nspec:\n  podSelector:\n    matchLabels: {app: ${name}}\n  policyTypes: [Ingress, Egress]\n`;

function indexFile(cacheHome, root) {
  return path.join(cacheHome, 'microapp-guard', `index-${crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 32)}.json`);
}

/** One server start on `dir`: its first workspace report (sorted "file:line code") and its log. */
async function start(dir, cacheHome, env = {}, initializationOptions = {}) {
  const client = new TestClient({ pull: true, env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env }, initializationOptions });
  try {
    await client.initialize(uriOf(dir));
    const report = await client.workspaceDiagnostics([]);
    const got = report.items.flatMap((r) => r.items.map((d) => `${path.relative(dir, fileURLToPath(r.uri)).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)).sort();
    return { got, logs: client.logs.slice() };
  } finally {
    await client.shutdown(); // the index is kept on shutdown when a report covered the folder
  }
}

describe('index kept across starts', function () {
  this.timeout(30000);
  let cacheHome;
  beforeEach(() => {
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-index-cache-'));
  });
  afterEach(() => fs.rmSync(cacheHome, { recursive: true, force: true }));

  const files = () => ({
    'k8s/isolated.yaml': deployment('isolated'),
    'k8s/open.yaml': deployment('open'),
    'k8s/policy.yaml': policy('isolated'),
    'src/app.js': `const slack = "${fake.slack()}";\nfetch("https://hooks.unknown-vendor.io/x");\n`,
    'src/clean.js': 'module.exports = 1;\n',
  });

  it('a second start reports what the first did, without reading unchanged files; the file holds no secret value', async () => {
    const dir = tmpWorkspace(files());
    const first = await start(dir, cacheHome);
    assert.ok(first.got.some((k) => k.startsWith('k8s/open.yaml') && k.endsWith('network/no-policy')));
    assert.ok(!first.got.some((k) => k.startsWith('k8s/isolated.yaml') && k.endsWith('network/no-policy')));
    assert.ok(first.got.some((k) => k.startsWith('src/app.js') && k.includes('secretlint/')));
    const file = indexFile(cacheHome, dir);
    assert.ok(fs.existsSync(file), 'the index is kept in the user cache folder');
    assert.ok(!fs.readFileSync(file, 'utf8').includes(fake.slack().slice(10)), 'no secret value in the kept index');
    if (process.platform !== 'win32') assert.strictEqual(fs.statSync(file).mode & 0o077, 0, 'readable by its owner only');
    const second = await start(dir, cacheHome);
    assert.ok(second.logs.some((l) => /5 kept from the last start/.test(l)), second.logs.join('\n'));
    assert.deepStrictEqual(second.got, first.got);
  });

  it('a kept result whose dependencies changed is not used: the policy removed between starts exposes its Deployment', async () => {
    const dir = tmpWorkspace(files());
    await start(dir, cacheHome);
    fs.rmSync(path.join(dir, 'k8s', 'policy.yaml'));
    const second = await start(dir, cacheHome);
    assert.ok(second.got.some((k) => k.startsWith('k8s/isolated.yaml') && k.endsWith('network/no-policy')), second.got.join('\n'));
  });

  it('a file changed between starts is read again', async () => {
    const dir = tmpWorkspace(files());
    await start(dir, cacheHome);
    const clean = path.join(dir, 'src', 'clean.js');
    fs.writeFileSync(clean, `const apiToken = "${fake.token(32, 77)}";\n`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(clean, later, later);
    const second = await start(dir, cacheHome);
    assert.ok(second.got.some((k) => k.startsWith('src/clean.js')), second.got.join('\n'));
    // The log counts the files whose kept entry stood (4 of 5), not the entries the kept index holds.
    assert.ok(second.logs.some((l) => /\b4 kept from the last start/.test(l)), second.logs.filter((l) => /indexed/.test(l)).join('\n'));
  });

  it('a file re-analysed from newer text than its facts (an event missed) is not kept with the old facts', async () => {
    // x.yaml changes on disk without a file event; y.yaml changes with one. The report re-checks x.yaml (it reads the
    // policies y.yaml publishes) from its new text, while the model still holds x.yaml's old facts: that pair must not
    // be kept, or the next start would publish the old selector for the new stamp and hide the Deployment's finding.
    const policyFor = (name, app) => policy(app).replace(`name: ${app}-only`, `name: ${name}`);
    const dir = tmpWorkspace({ 'k8s/isolated.yaml': deployment('isolated'), 'k8s/x.yaml': policyFor('x', 'isolated'), 'k8s/y.yaml': policyFor('y', 'other') });
    const client = new TestClient({ pull: true, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    try {
      await client.initialize(uriOf(dir));
      const first = await client.workspaceDiagnostics([]);
      assert.ok(!first.items.some((r) => r.uri.endsWith('/k8s/isolated.yaml') && r.items.some((d) => d.code === 'network/no-policy')));
      const later = new Date(Date.now() + 10000);
      fs.writeFileSync(path.join(dir, 'k8s', 'x.yaml'), policyFor('x', 'nothing'));
      fs.utimesSync(path.join(dir, 'k8s', 'x.yaml'), later, later);
      fs.writeFileSync(path.join(dir, 'k8s', 'y.yaml'), policyFor('y', 'other2'));
      fs.utimesSync(path.join(dir, 'k8s', 'y.yaml'), later, later);
      const pending = client.workspaceDiagnostics(first.items.filter((i) => i.resultId).map((i) => ({ uri: i.uri, value: i.resultId })));
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'k8s', 'y.yaml')), type: 2 }] });
      await pending;
    } finally {
      await client.shutdown();
    }
    const second = await start(dir, cacheHome);
    assert.ok(second.got.some((k) => k.startsWith('k8s/isolated.yaml') && k.endsWith('network/no-policy')), `x.yaml no longer selects the Deployment:\n${second.got.join('\n')}`);
  });

  it('an edited index file is not trusted (its MAC fails) and every file is read again', async () => {
    const dir = tmpWorkspace(files());
    const first = await start(dir, cacheHome);
    const file = indexFile(cacheHome, dir);
    const raw = fs.readFileSync(file, 'utf8');
    // The HMAC, the header, then a line per file: every file's findings emptied, the HMAC left as it was.
    const [mac, header, ...lines] = raw.split('\n');
    const emptied = lines.filter(Boolean).map((l) => {
      const [p, e] = JSON.parse(l);
      return JSON.stringify([p, { ...e, findings: [] }]);
    });
    assert.ok(emptied.length >= 5, raw);
    fs.writeFileSync(file, [mac, header, ...emptied, ''].join('\n'));
    const second = await start(dir, cacheHome);
    assert.ok(second.logs.some((l) => /failed verification/.test(l)), second.logs.join('\n'));
    assert.ok(!second.logs.some((l) => /kept from the last start/.test(l)));
    assert.deepStrictEqual(second.got, first.got);
  });

  it('is written while the server runs (in slices), and a second start uses it', async () => {
    // 305 files: three slices of the write (128 results each).
    const many = files();
    for (let i = 0; i < 300; i++) many[`src/gen/m${i}.js`] = `module.exports = ${i};\nfetch("https://api-${i}.vendor-${i % 7}.io/x");\n`;
    const dir = tmpWorkspace(many);
    const file = indexFile(cacheHome, dir);
    const client = new TestClient({ pull: true, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    let first;
    try {
      await client.initialize(uriOf(dir));
      first = await client.workspaceDiagnostics([]);
      assert.strictEqual(first.items.length, 305);
      // Kept 1.5 s after the report, without a shutdown: wait for the file (at most 10 s).
      for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(fs.existsSync(file), 'the index was kept while the server ran');
      const left = fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'));
      assert.deepStrictEqual(left, [], 'no writer file left behind');
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      assert.strictEqual(lines.length, 2 + 305, 'the HMAC, the header and one line per file');
    } finally {
      await client.shutdown();
    }
    const second = await start(dir, cacheHome);
    assert.ok(second.logs.some((l) => /305 kept from the last start/.test(l)), second.logs.filter((l) => /indexed/.test(l)).join('\n'));
    const got = first.items.flatMap((r) => r.items.map((d) => `${path.relative(dir, fileURLToPath(r.uri)).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)).sort();
    assert.deepStrictEqual(second.got, got);
  });

  it('MICROAPP_GUARD_INDEX_CACHE=0, or initializationOptions.keepIndex = false (VS Code: microappGuard.keepIndex), keeps nothing', async () => {
    const dir = tmpWorkspace(files());
    await start(dir, cacheHome, { MICROAPP_GUARD_INDEX_CACHE: '0' });
    assert.ok(!fs.existsSync(indexFile(cacheHome, dir)));
    const off = await start(dir, cacheHome, {}, { keepIndex: false });
    assert.ok(!fs.existsSync(indexFile(cacheHome, dir)));
    assert.ok(off.got.length > 0);
  });
});
