'use strict';
// The one scanner (CLI and workspace diagnostics): worker threads give the same findings, the content-hash
// cache skips unchanged files and re-analyses exactly the files whose dependencies changed.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { tmpWorkspace, fake, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
// The --cache lives in the user's cache folder: a temporary one, so the tests never touch the real home.
const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-xdg-'));
function scan(dir, ...args) {
  const r = spawnSync(process.execPath, [BIN, 'scan', dir, '--format', 'json', '--fail-on', 'none', ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const keyOf = (f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`;

function workspace(n) {
  const files = { '.gitignore': 'node_modules/\n' };
  for (let i = 0; i < n; i++) {
    files[`src/mod${i}.js`] = i % 5 === 0 ? `const apiToken = "${fake.token(32, 100 + i)}";\nfetch("https://api.unknown-vendor.io/${i}");\n` : `export const x${i} = ${i};\n`;
    if (i % 10 === 0) files[`k8s/app${i}.yaml`] = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\n  namespace: apps\nspec:\n  selector:\n    matchLabels: {app: app${i}}\n  template:\n    metadata:\n      labels: {app: app${i}}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/app:1\n`;
  }
  return tmpWorkspace(files);
}

describe('scanner: workers and the content-hash cache', function () {
  this.timeout(60000);
  it('worker threads and a single thread find the same, in the same order', () => {
    const dir = workspace(120);
    const one = scan(dir, '--workers', '0');
    const two = scan(dir, '--workers', '2');
    assert.ok(one.findings.length > 20);
    assert.deepStrictEqual(two.findings.map(keyOf), one.findings.map(keyOf));
    assert.deepStrictEqual(two.grants, one.grants);
    assert.deepStrictEqual(two.endpoints, one.endpoints);
  });

  it('--cache: a second scan reuses every result; a new NetworkPolicy re-analyses the workloads it covers and nothing else', () => {
    const dir = workspace(60);
    const folder = path.join(cacheHome, 'microapp-guard');
    const before = new Set(fs.existsSync(folder) ? fs.readdirSync(folder) : []);
    const first = scan(dir, '--cache', '--workers', '0');
    assert.ok(!fs.existsSync(path.join(dir, '.microapp-guard-cache')), 'the cache is not kept in the scanned folder');
    const made = fs.readdirSync(folder).filter((f) => !before.has(f) && f.endsWith('.json'));
    assert.strictEqual(made.length, 1, 'one cache file for the folder');
    const cacheFile = path.join(folder, made[0]);
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    assert.ok(!JSON.stringify(cached).includes(fake.token(32, 100)), 'the cache holds no secret value');
    const second = scan(dir, '--cache', '--workers', '0');
    assert.deepStrictEqual(second.findings.map(keyOf), first.findings.map(keyOf));
    assert.deepStrictEqual(second.cache, { hits: first.filesScanned, misses: 0 });
    assert.ok(first.findings.some((f) => f.ruleId === 'network/no-policy'));
    // A default-deny policy for the namespace: the Deployments' findings must change although their files did not.
    fs.writeFileSync(path.join(dir, 'k8s', 'deny.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: apps\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
    const third = scan(dir, '--cache', '--workers', '0');
    assert.ok(!third.findings.some((f) => f.ruleId === 'network/no-policy'), 'dependents were re-analysed');
    // The new file and the 6 Deployments that depend on NetworkPolicies; every other file came from the cache.
    assert.deepStrictEqual(third.cache, { hits: first.filesScanned - 6, misses: 7 });
    assert.deepStrictEqual(
      third.findings.filter((f) => f.category === 'secret').map(keyOf),
      first.findings.filter((f) => f.category === 'secret').map(keyOf),
    );
    // A changed setting invalidates everything.
    fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'microappGuard.rules': { 'secret/generic-credential': 'off' } }));
    const fourth = scan(dir, '--cache', '--workers', '0');
    assert.ok(!fourth.findings.some((f) => f.ruleId === 'secret/generic-credential'));
  });

  it('--cache: a change of the folder configuration (the fingerprint file) is not served stale', () => {
    const dir = tmpWorkspace({ 'config.json': JSON.stringify({ db: { password: `${fake.token(20, 401)}#2` } }) });
    const first = scan(dir, '--cache', '--workers', '0');
    assert.deepStrictEqual(first.findings.map((f) => f.ruleId), ['secret/generic-credential']);
    fs.writeFileSync(path.join(dir, '.microapp-guard-ignore'), 'config.json:secret/generic-credential:$.db.password\n');
    const second = scan(dir, '--cache', '--workers', '0');
    assert.deepStrictEqual(second.findings, []);
    assert.strictEqual(second.cache.hits, 0, 'the configuration is part of every entry');
  });

  it('--workers must be a whole number', () => {
    const r = spawnSync(process.execPath, [BIN, 'scan', ROOT, '--workers', 'many'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /--workers takes a whole number/);
  });
});
