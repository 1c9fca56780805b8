'use strict';
// A long-running server analyses a large file once per keystroke. What it keeps between analyses (chunk results,
// platform hints, parses) must be bounded: no version of the text may stay alive because a cache holds a slice of it.
// Measured in a child process with a forced full GC (deterministic enough: the two leaks this test was written for
// held 0.3-0.85 MiB per version; the bound below allows a tenth of that).
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');
const { ROOT } = require('../helpers');

const ENGINE = process.env.MAG_ENGINE || path.join(ROOT, 'dist', 'engine.js');

/**
 * The heap's growth after a full GC from the 40th to the 100th version of a file, each analysed as the editor does:
 * `setup` builds what the versions are made of, `version` is an expression giving the text of version `v`.
 */
function growthMiB(file, languageId, setup, version) {
  const script = `
const e = require(${JSON.stringify(ENGINE)});
${setup}
const settings = e.normalizeSettings({}, e.SETTINGS);
const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
(async () => {
  let from = 0;
  for (let v = 1; v <= 100; v++) {
    await e.analyze({ path: ${JSON.stringify(file)}, text: ${version}, languageId: ${JSON.stringify(languageId)} }, { settings });
    if (v === 40) from = heap();
  }
  process.stdout.write(JSON.stringify({ growthMiB: (heap() - from) / 1048576 }));
})();
`;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.strictEqual(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).growthMiB;
}

// 20,000 lines, an endpoint on each (a finding and a fact per line), no word that hints at an OAuth platform (every
// block of the file is then read for hints), edited in the middle: each version differs in one place, as typing does.
const CODE_SETUP = `
const lines = [];
for (let i = 0; i < 20000; i++) lines.push(i % 40 === 0 ? 'async function f' + i + '(x) {' : i % 40 === 39 ? '}' : '  const v' + i + ' = await fetch("https://api-' + i + '.example-' + (i % 7) + '.io/v1/items/" + x);');
`;
const CODE_VERSION = `[...lines.slice(0, 10000), 'const edit' + v + ' = ' + v + ';', ...lines.slice(10000)].join('\\n')`;

// 900 Kubernetes manifests in one YAML stream (Helm output), one of them edited: each version differs in one document,
// whose parse and per-document results are cached by that document's text.
const YAML_SETUP = `
const docs = [];
for (let i = 0; i < 900; i++) docs.push('apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: app-' + i + '\\n  namespace: team' + (i % 20) + '\\nspec:\\n  selector:\\n    matchLabels: {app: app-' + i + '}\\n  template:\\n    metadata:\\n      labels: {app: app-' + i + '}\\n    spec:\\n      containers:\\n        - name: c\\n          image: registry.example/app-' + i + ':1\\n          env:\\n            - name: API_URL\\n              value: "https://api-' + i + '.example-' + (i % 7) + '.io/v1"\\n');
`;
const YAML_VERSION = `docs.map((d, i) => (i === 450 ? d.replace('name: c\\n', 'name: c' + v + '\\n') : d)).join('---\\n')`;

// A file whose one URL names a host no other version names, on a 200 KB line: the host classification kept across
// analyses must not hold the line it was read from.
const HOST_SETUP = `const pad = 'x'.repeat(200000);`;
const HOST_VERSION = `'const u = fetch("https://api-' + v + '.vendor-' + v + '.io/v1/items"); // ' + pad + '\\n'`;

describe('memory: what the engine keeps between analyses of a large file is bounded', function () {
  this.timeout(120000);
  it('60 more versions of a 20,000-line file keep no version alive (heap after GC grows < 6 MiB; a leaked version is >= 0.3 MiB)', () => {
    const g = growthMiB('/ws/large.js', 'javascript', CODE_SETUP, CODE_VERSION);
    assert.ok(g < 6, `the heap grew ${g.toFixed(1)} MiB over 60 versions`);
  });

  it('60 more versions of a file with a new host each keep no version alive (heap after GC grows < 6 MiB; a leaked version is >= 0.2 MiB)', () => {
    const g = growthMiB('/ws/hosts.js', 'javascript', HOST_SETUP, HOST_VERSION);
    assert.ok(g < 6, `the heap grew ${g.toFixed(1)} MiB over 60 versions`);
  });

  it('60 more versions of a 900-document YAML stream keep no version alive (heap after GC grows < 6 MiB; a leaked version is >= 0.3 MiB)', () => {
    const g = growthMiB('/ws/manifests.yaml', 'yaml', YAML_SETUP, YAML_VERSION);
    assert.ok(g < 6, `the heap grew ${g.toFixed(1)} MiB over 60 versions`);
  });
});
