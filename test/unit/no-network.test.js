'use strict';
// "Works offline": no socket is opened and no name is resolved during a whole CLI
// scan (with worker threads) and during a language-server editing session. The CLI
// and the server run as child processes with a preload (test/fixtures/no-network-preload.js)
// that records and blocks every socket, HTTP, fetch and DNS call, in the main thread
// and in every worker thread. The LSP stdio transport uses pipes, not these calls,
// so any recorded call is a failure.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');
const { pathToFileURL } = require('url');
const { ROOT, tmpWorkspace, fake } = require('../helpers');
const { TestClient } = require('../lsp/client');

const PRELOAD = path.join(ROOT, 'test', 'fixtures', 'no-network-preload.js');
const CLI = path.join(ROOT, 'bin', 'microapp-guard.js');

function logFile() {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mag-net-')), 'net.log');
}
function readLog(file) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  return {
    preloads: lines.filter((l) => l.startsWith('preload ')),
    network: lines.filter((l) => l.startsWith('NETWORK ')),
    workerPreloads: lines.filter((l) => /^preload .* main=false$/.test(l)),
  };
}
function runNode(args, log, opts = {}) {
  return cp.spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    encoding: 'utf8',
    env: { ...process.env, MAG_NET_LOG: log },
    timeout: 60000,
    ...opts,
  });
}

describe('no network: nothing leaves the machine', function () {
  this.timeout(60000);

  describe('the preload catches network calls (positive controls, so the tests below can fail)', () => {
    it('records net.connect, fetch, dns.lookup and https.get in the main thread', () => {
      const log = logFile();
      const script = [
        "const tryIt = (f) => { try { const r = f(); if (r && r.catch) r.catch(() => {}); } catch {} };",
        "tryIt(() => require('net').connect(9, '127.0.0.1'));",
        "tryIt(() => fetch('http://127.0.0.1:9/'));",
        "tryIt(() => require('dns').lookup('localhost', () => {}));",
        "tryIt(() => require('https').get('https://127.0.0.1:9/'));",
        "tryIt(() => require('dgram').createSocket('udp4'));",
      ].join('\n');
      const r = runNode(['-e', script], log);
      assert.strictEqual(r.status, 0, r.stderr);
      const { preloads, network } = readLog(log);
      assert.strictEqual(preloads.length, 1);
      assert.deepStrictEqual(network.map((l) => l.split(' ')[1]), ['net.connect', 'fetch', 'dns.lookup', 'https.get', 'dgram.createSocket']);
    });

    it('runs in worker threads too, and records a worker\'s net.connect', () => {
      const log = logFile();
      const script = [
        "const { Worker } = require('worker_threads');",
        "const w = new Worker(\"try { require('net').connect(9, '127.0.0.1'); } catch {}\", { eval: true });",
        "w.on('exit', () => {});",
      ].join('\n');
      const r = runNode(['-e', script], log);
      assert.strictEqual(r.status, 0, r.stderr);
      const { workerPreloads, network } = readLog(log);
      assert.strictEqual(workerPreloads.length, 1, 'the worker ran the preload');
      assert.strictEqual(network.length, 1);
      assert.match(network[0], /^NETWORK net\.connect thread=[1-9]/);
    });
  });

  it('a whole CLI scan of examples/ with two worker threads opens no socket', () => {
    const log = logFile();
    const r = runNode([CLI, 'scan', path.join(ROOT, 'examples'), '--format', 'json', '--workers', '2', '--fail-on', 'none'], log, { cwd: ROOT });
    assert.strictEqual(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.ok(report.findings.length >= 10, `the scan ran: ${report.findings.length} finding(s)`);
    const { preloads, workerPreloads, network } = readLog(log);
    assert.ok(preloads.some((l) => l.endsWith('main=true')));
    assert.strictEqual(workerPreloads.length, 2, `both worker threads ran under the preload:\n${preloads.join('\n')}`);
    assert.deepStrictEqual(network, []);
  });

  it('a language-server editing session (open, edit, pull, code actions, workspace diagnostics, settings, file events) opens no socket', async () => {
    const log = logFile();
    const dir = tmpWorkspace({});
    fs.cpSync(path.join(ROOT, 'examples', 'slack-bot'), dir, { recursive: true });
    const client = new TestClient({ pull: true, settings: { '*': {} }, nodeArgs: ['--require', PRELOAD], env: { ...process.env, MAG_NET_LOG: log } });
    try {
      await client.initialize(pathToFileURL(dir).href);
      const first = await client.workspaceDiagnostics([]);
      assert.ok(first.items.some((i) => i.items.length > 0), 'the workspace scan found the example\'s secrets');
      const files = [];
      for (const rel of fs.readdirSync(dir, { recursive: true })) {
        const p = path.join(dir, rel);
        if (fs.statSync(p).isFile() && !rel.split(path.sep).includes('node_modules')) files.push(p);
      }
      let actions = 0;
      for (const p of files) {
        const uri = pathToFileURL(p).href;
        await client.open(uri, fs.readFileSync(p, 'utf8'));
        await client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `const apiToken = "${fake.token(32, 811)}";\n`);
        const report = await client.pullDiagnostics(uri);
        for (const d of report.items.slice(0, 3)) actions += (await client.codeActions(uri, d.range, [d])).length;
        actions += (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.microapp-guard'])).length;
      }
      assert.ok(actions > 0, 'quick fixes were computed');
      client.settings['*'] = { rules: { 'secret/generic-credential': 'off' } };
      await client.configurationChanged(null);
      const changed = path.join(dir, 'extra.js');
      fs.writeFileSync(changed, `const slackToken = "${fake.slack()}";\n`);
      await client.watchedFilesChanged([{ uri: pathToFileURL(changed).href, type: 1 }]);
      const again = await client.workspaceDiagnostics([]);
      assert.ok(again.items.some((i) => i.uri.endsWith('/extra.js') && i.items.length === 1));
    } finally {
      await client.shutdown();
    }
    assert.strictEqual(client.stderr, '');
    const { preloads, network } = readLog(log);
    assert.ok(preloads.some((l) => l.endsWith('main=true')), 'the server ran under the preload');
    assert.deepStrictEqual(network, []);
  });
});
