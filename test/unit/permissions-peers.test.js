'use strict';
// The peers' RBAC test data (Kubescape regolibrary, kube-linter), read from local mirrors by
// bench/peers-permissions.mjs: every case that should fire fires, and kube-linter's dont-fire objects get nothing.
// Skipped, with the reason, when the mirrors are not on this machine (they are never copied into the repository).
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT } = require('../helpers');

const MIRRORS = process.env.MAG_MIRRORS || '/work/.mirror';
const present = ['kubescape+regolibrary', 'stackrox+kube-linter'].every((m) => fs.existsSync(path.join(MIRRORS, m, 'repo')));

describe('permissions against the peers\' RBAC cases (local mirrors)', function () {
  this.timeout(180000);
  before(function () {
    if (!present) {
      console.log(`    (skipped: no mirrors of kubescape/regolibrary and stackrox/kube-linter under ${MIRRORS}; set MAG_MIRRORS)`);
      this.skip();
    }
  });

  it('every regolibrary RBAC case that should fire fires; kube-linter RBAC checks fire, never on dont-fire objects', () => {
    const r = cp.spawnSync(process.execPath, [path.join(ROOT, 'bench', 'peers-permissions.mjs'), '--only', 'rbac', '--json', '--mirrors', MIRRORS], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(out.regolibrary.shouldFire >= 20, JSON.stringify(out.regolibrary));
    assert.deepStrictEqual(out.regolibrary.missed, []);
    assert.strictEqual(out.kubeLinter.fired, out.kubeLinter.checks);
    assert.strictEqual(out.kubeLinter.falseAlarms, 0);
    // The regolibrary "success" cases still flagged hold a literal "*" (a wildcard ClusterRole): the family's rule.
    for (const c of out.regolibrary.falseAlarmCases) assert.deepStrictEqual(c.ids, ['iam/k8s-wildcard'], `${c.rule}/${c.case}`);
  });
});
