'use strict';
// The CLI: SARIF URIs for unusual paths, usage errors, a broken .secretlintrc.json reported without its content.
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const { fake, tmpWorkspace, ROOT } = require('../helpers');

describe('CLI: SARIF URIs, usage errors, broken configuration', () => {
  const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
  const run = (args) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  it('SARIF URIs are valid for roots and files with spaces and #', () => {
    const dir = tmpWorkspace({ 'a b#c.js': `const t = "${fake.slack()}";\n` });
    const root = path.join(dir, 'my dir#1');
    fs.mkdirSync(root);
    fs.renameSync(path.join(dir, 'a b#c.js'), path.join(root, 'a b#c.js'));
    const sarif = JSON.parse(run(['scan', root, '--format', 'sarif']).stdout);
    const base = sarif.runs[0].originalUriBaseIds.ROOT.uri;
    assert.ok(base.startsWith('file:///') && base.endsWith('/') && !/[ #]/.test(base), base);
    assert.strictEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'a%20b%23c.js');
    assert.strictEqual(decodeURIComponent(new URL('a%20b%23c.js', base).pathname), path.join(root, 'a b#c.js'));
  });
  it('usage errors: rules --format yaml, an unwritable --output', () => {
    assert.strictEqual(run(['rules', '--format', 'yaml']).status, 2);
    const r = run(['scan', tmpWorkspace({ 'a.js': 'x' }), '--output', '/dev/null/x.json']);
    assert.strictEqual(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot write --output/);
  });
  it('a broken .secretlintrc.json is reported without quoting its content', async () => {
    const secret = fake.slack();
    const dir = tmpWorkspace({ '.secretlintrc.json': `{"rules": [{"id": "x", "options": {"allows": [${secret}]}}]}` });
    const r = run(['scan', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    assert.match(report.problems[0].message, /could not be parsed/);
    assert.ok(!r.stdout.includes(secret.slice(0, 10)) && !r.stderr.includes(secret.slice(0, 10)), r.stdout + r.stderr);
  });
});
