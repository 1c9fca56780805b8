'use strict';
// dist/boot.js, the entry of the CLI and the language server, loads the bundle with a V8 code cache in the user's
// cache directory. A missing, stale or corrupt cache never changes what runs: same output, and a fresh cache.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ROOT } = require('../helpers');

// BOOT_BIN: another build's entry, to see a test fail on it.
const BIN = process.env.BOOT_BIN || path.join(ROOT, 'bin', 'microapp-guard.js');
const EXAMPLE = path.join(ROOT, 'examples', 'slack-bot');

function scan(env) {
  const r = spawnSync(process.execPath, [BIN, 'scan', EXAMPLE, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.strictEqual(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  return j.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
}

const frame = (m) => `Content-Length: ${Buffer.byteLength(JSON.stringify(m))}\r\n\r\n${JSON.stringify(m)}`;

/**
 * A short language server session: initialize, initialized, then (after `shutdownAfterMs`) shutdown and exit, message
 * after answer (a closed input ends the server before it answers). Resolves with the exit code.
 */
function lspSession(env, { nodeArgs = [], shutdownAfterMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, BIN, 'lsp', '--stdio'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let asked = false;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no answer in 20 s; stderr: ${stderr}`));
    }, 20000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (/"id":1,"result"/.test(out) && !asked) {
        asked = true;
        child.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
        setTimeout(() => child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown', params: null })), shutdownAfterMs);
      }
      if (/"id":2,"result":null/.test(out)) child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit', params: null }));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (/"id":2,"result":null/.test(out)) resolve(code);
      else reject(new Error(`the server did not answer shutdown (exit ${code}); stderr: ${stderr}`));
    });
    child.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  });
}

describe('boot: the bundle loaded with a code cache', function () {
  this.timeout(30000);
  const homes = [];
  after(() => {
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  });
  it('writes a cache on the first run, uses it on the next, survives a corrupt one, and gives the same findings every time', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-xdg-'));
    homes.push(home);
    const env = { XDG_CACHE_HOME: home };
    const plain = scan({ MICROAPP_GUARD_CODE_CACHE: '0', XDG_CACHE_HOME: home });
    assert.ok(plain.length > 5);
    const dir = path.join(home, 'microapp-guard', 'code');
    const caches = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^v8-.*\.bin$/.test(f)) : []);
    assert.deepStrictEqual(caches(), [], 'switched off: no cache written');
    assert.deepStrictEqual(scan(env), plain);
    const [file] = caches();
    assert.ok(file, 'a cache is written');
    const first = fs.statSync(path.join(dir, file));
    assert.strictEqual(first.mode & 0o077, 0, 'readable by the user only');
    assert.deepStrictEqual(scan(env), plain, 'with the cache');
    // Accepted by V8: a rejected cache is written again (a new file, renamed into place), an accepted one is not.
    assert.strictEqual(fs.statSync(path.join(dir, file)).ino, first.ino, 'the cache was used, not written again');
    fs.writeFileSync(path.join(dir, file), Buffer.from('not a V8 code cache at all'));
    assert.deepStrictEqual(scan(env), plain, 'with a corrupt cache');
    assert.ok(fs.statSync(path.join(dir, file)).size > 100000, 'the corrupt cache was replaced');
  });

  it('starts the language server without node:child_process, node:crypto or node:tty (they cost the start, and the server does not use them there)', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-xdg-'));
    homes.push(home);
    // Preloaded into the server: at its exit, the Node built-ins it loaded.
    const preload = path.join(home, 'loaded.js');
    const listFile = path.join(home, 'loaded.json');
    fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify(process.moduleLoadList)));`);
    await lspSession({ ...process.env, XDG_CACHE_HOME: home }, { nodeArgs: ['--require', preload] });
    const loaded = JSON.parse(fs.readFileSync(listFile, 'utf8'));
    assert.ok(loaded.includes('NativeModule net'), 'the list is of this server (its stdio connection)');
    assert.deepStrictEqual(loaded.filter((n) => /^NativeModule (child_process|crypto|tty)$/.test(n)), [], 'node:child_process, node:crypto and node:tty are loaded only when used');
    // And the CLI still finds secretlint's findings with its logger and profiler replaced by inert ones (scripts/build.mjs).
    assert.ok(scan({ XDG_CACHE_HOME: home }).some((f) => / secretlint\//.test(f)), 'secretlint ran');
  });

  it("the language server's cache is written before it changes its heap flag, is used by its next start, and is kept apart from the CLI's", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-xdg-'));
    homes.push(home);
    const env = { ...process.env, XDG_CACHE_HOME: home };
    const dir = path.join(home, 'microapp-guard', 'code');
    // Shut down past the moment the server changes its heap flag (lsp/memory.ts, 1.5 s after the start: cli/lsp.ts
    // HEAP_POLICY_DELAY_MS), as any real session is.
    const lsp = () => lspSession(env, { shutdownAfterMs: 2200 });
    await lsp();
    // `-lsp`, then a hash of node's flags when there are any (NODE_OPTIONS of the machine running the tests).
    const serverCache = fs.readdirSync(dir).find((f) => /-lsp(-[0-9a-f]{8})?\.bin$/.test(f));
    assert.ok(serverCache, `the server wrote its cache (${fs.readdirSync(dir)})`);
    const first = fs.statSync(path.join(dir, serverCache));
    await lsp();
    assert.strictEqual(fs.statSync(path.join(dir, serverCache)).ino, first.ino, "the server's next start used its cache (a rejected one is written again)");
    scan({ XDG_CACHE_HOME: home });
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).length, 2, "the CLI's cache is a second file");
    assert.ok(fs.existsSync(path.join(dir, serverCache)), "the CLI did not remove the server's cache");
    // Runs with flags of their own add caches of this build: the four most recently written are kept.
    const build = serverCache.replace(/-lsp(-[0-9a-f]{8})?\.bin$/, '');
    for (let i = 0; i < 5; i++) {
      const f = path.join(dir, `${build}-0000000${i}.bin`);
      fs.writeFileSync(f, 'old');
      fs.utimesSync(f, new Date(2000, 0, 1), new Date(2000, 0, 1 + i));
    }
    const r = spawnSync(process.execPath, ['--stack-size=984', BIN, 'scan', EXAMPLE, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', env });
    assert.strictEqual(r.status, 0, r.stderr);
    const left = fs.readdirSync(dir).filter((f) => f.endsWith('.bin'));
    assert.strictEqual(left.length, 4, `four caches kept: ${left}`);
    assert.ok(left.includes(serverCache) && left.includes(`${build}-00000004.bin`), `the newest kept: ${left}`);
  });
});
