'use strict';
// One settings contract: package.json's contributes.configuration must say what the engine's declarations say.
const assert = require('assert');
const { engine } = require('../helpers');
const pkg = require('../../package.json');

describe('settings contract', () => {
  const props = pkg.contributes.configuration.properties;
  it('every declared setting is contributed with the same type, default, range, enum and scope', () => {
    for (const spec of engine.SETTINGS) {
      const p = props[`microappGuard.${spec.key}`];
      assert.ok(p, `package.json lacks microappGuard.${spec.key}`);
      const want = engine.contributedProperty(spec);
      for (const k of Object.keys(want)) assert.deepStrictEqual(p[k], want[k], `microappGuard.${spec.key}.${k}`);
      assert.ok(p.description || p.markdownDescription, `microappGuard.${spec.key} has a description`);
    }
  });
  it('package.json contributes no setting the engine does not declare', () => {
    const declared = new Set(engine.SETTINGS.map((s) => `microappGuard.${s.key}`));
    for (const k of Object.keys(props)) assert.ok(declared.has(k), `${k} is not declared in the settings contract`);
  });
  it('normalises flat, nested and sectioned input alike, and reports invalid values without quoting them', () => {
    const problems = [];
    const s = engine.normalizeSettings(
      { 'microappGuard.debounceMs': 99999, microappGuard: { rules: { 'iam/*': 'info', bad: 'loud' }, network: { defaultNamespace: 'apps' }, genericEntropyThreshold: 4 } },
      engine.SETTINGS,
      problems,
    );
    assert.strictEqual(s.debounceMs, 150, 'out-of-range value falls back to the default');
    assert.deepStrictEqual(s.rules, { 'iam/*': 'info' });
    assert.strictEqual(s.values['network.defaultNamespace'], 'apps');
    assert.strictEqual(s.values.genericEntropyThreshold, 4);
    assert.deepStrictEqual(problems.map((p) => p.key), ['microappGuard.debounceMs']);
    assert.ok(!problems[0].message.includes('99999'));
  });
  it('a family selector addresses the whole family by name or category; a rule entry wins over it', () => {
    assert.strictEqual(engine.resolveRuleSetting({ rules: { permissions: 'off' } }, 'iam/aws-wildcard-action').enabled, false);
    assert.strictEqual(engine.resolveRuleSetting({ rules: { 'iam/*': 'off' } }, 'iam/k8s-wildcard').enabled, false);
    assert.strictEqual(engine.resolveRuleSetting({ rules: { 'secret/*': 'off' } }, 'secretlint/slack').enabled, false);
    assert.strictEqual(engine.resolveRuleSetting({ rules: { 'secretlint/*': 'off' } }, 'secret/generic-credential').enabled, true);
    assert.deepStrictEqual(engine.resolveRuleSetting({ rules: { 'network/*': 'off', 'network/no-policy': 'error' } }, 'network/no-policy'), { enabled: true, severity: 'error' });
    // The narrower selector wins whatever the order of the entries.
    for (const rules of [{ secrets: 'off', 'secretlint/*': 'error' }, { 'secretlint/*': 'error', secrets: 'off' }]) {
      assert.deepStrictEqual(engine.resolveRuleSetting({ rules }, 'secretlint/slack'), { enabled: true, severity: 'error' });
      assert.strictEqual(engine.resolveRuleSetting({ rules }, 'secret/generic-credential').enabled, false);
    }
  });
  it('each settings object answers by its own rules, however often a rule is asked (answers are kept per rules object)', () => {
    const ids = engine.RULES.map((r) => r.id);
    const configs = [{}, { secrets: 'off' }, { 'iam/*': 'info' }, { 'network/*': 'off', 'network/no-policy': 'error' }, { [ids[0]]: { enabled: false } }];
    // Asked twice each, in an order that mixes the settings objects: a memo keyed by the rule alone, or one kept across
    // settings objects, answers the second object with the first one's rules.
    const first = configs.map((rules) => ids.map((id) => engine.resolveRuleSetting({ rules }, id)));
    for (let round = 0; round < 2; round++) {
      for (let c = configs.length - 1; c >= 0; c--) {
        const settings = round ? { rules: configs[c] } : engine.resolveSettings({ rules: configs[c] });
        ids.forEach((id, i) => assert.deepStrictEqual({ ...engine.resolveRuleSetting(settings, id) }, { ...first[c][i] }, `${JSON.stringify(configs[c])} ${id}`));
      }
    }
    assert.ok(first[1].some((s) => !s.enabled) && first[1].some((s) => s.enabled), 'secrets off: some rules off, the others on');
    assert.ok(first[0].every((s) => s.enabled) && first[2].some((s) => s.severity === 'info'));
    // Rules that are not an object (a raw settings value passed through) turn nothing off, as before.
    assert.strictEqual(engine.resolveRuleSetting({ rules: 'off' }, ids[0]).enabled, true);
  });
});

describe('one version', () => {
  it('package.json, the CLI and the server report the same version', () => {
    const { spawnSync } = require('child_process');
    const path = require('path');
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'microapp-guard.js'), '--version'], { encoding: 'utf8' });
    assert.strictEqual(r.stdout.trim(), pkg.version);
  });
});
