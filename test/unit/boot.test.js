'use strict';
// dist/boot.js, the entry of the CLI and the language server, loads the bundle with a V8 code cache in the user's
// cache directory. A missing, stale or corrupt cache never changes what runs: same output, and a fresh cache.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
const EXAMPLE = path.join(ROOT, 'examples', 'slack-bot');

function scan(env) {
  const r = spawnSync(process.execPath, [BIN, 'scan', EXAMPLE, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.strictEqual(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  return j.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
}

describe('boot: the bundle loaded with a code cache', function () {
  this.timeout(30000);
  it('writes a cache on the first run, uses it on the next, survives a corrupt one, and gives the same findings every time', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-xdg-'));
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
    fs.writeFileSync(path.join(dir, file), Buffer.from('not a V8 code cache at all'));
    assert.deepStrictEqual(scan(env), plain, 'with a corrupt cache');
    assert.ok(fs.statSync(path.join(dir, file)).size > 100000, 'the corrupt cache was replaced');
  });
});
