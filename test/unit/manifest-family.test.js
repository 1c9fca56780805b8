'use strict';
// The manifest family (diagnostics on a registration manifest being edited) and the export shared by the CLI and
// the server (`microapp-guard manifest`), on realistic workspaces and the example app.
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const yaml = require('yaml');
const { engine, tmpWorkspace, textAt, ROOT } = require('../helpers');

const core = engine.internals.manifest;
const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');

function cli(args, opts = {}) {
  const r = cp.spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60000, ...opts });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const wildcardPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, null, 2);
const narrowPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/notes' }] }, null, 2);

/**
 * A complete, schema-valid manifest (narrow, no integrations, internal data, no third-party component). It had
 * no vulnerability report scored unknown 5 while complete; an unknown factor now scores 0 and makes the manifest
 * incomplete, so a complete one declares no third-party component (vulnerabilities none, 0).
 */
function manifestText({ breadth = 'narrow', permissions = [], escalation = '#notes-oncall' } = {}) {
  const m = {
    apiVersion: 'microapp-guard/v1',
    kind: 'MicroAppRegistration',
    status: { state: 'complete', todo: [] },
    metadata: {
      name: 'notes',
      description: 'Keeps meeting notes for the platform team',
      owner: { name: 'Kim Lee', email: 'kim@example.com' },
      team: '@acme/platform',
      escalation,
      technicalApprover: 'Ada Byron',
    },
    spec: {
      businessJustification: 'Replaces a spreadsheet',
      dataClasses: [],
      sensitivity: 'internal',
      requestedPermissions: permissions,
      externalIntegrations: [],
      dataFlows: { sources: [], stores: [], sinks: [], trustBoundaries: [] },
      secrets: { total: 0, byRule: {}, locations: [] },
      network: { workloads: [], publicExposure: [] },
      sbom: { path: 'sbom.cdx.json', format: 'CycloneDX', componentCount: 0, vulnerabilities: { status: 'no-components', reason: 'no third-party components' } },
      revocation: { credentials: [], roles: [], serviceAccounts: [], secrets: [] },
      observability: { structuredLogs: { found: false, evidence: [] }, metrics: { found: false, evidence: [] }, requestIds: { found: false, evidence: [] } },
      residency: { regions: [], saasSinks: [] },
    },
    risk: {
      score: 1 + (breadth === 'broad' ? 5 : breadth === 'moderate' ? 2 : 0),
      gate: 'auto-approve',
      factors: {
        dataClass: { value: 'internal', points: 1, evidence: [] },
        permissionsBreadth: { value: breadth, points: breadth === 'broad' ? 5 : breadth === 'moderate' ? 2 : 0, evidence: [] },
        externalConnectivity: { value: 'none', points: 0, evidence: [] },
        sbomVulnerabilities: { value: 'none', points: 0, evidence: [] },
      },
    },
    generatedAt: '2026-01-01T00:00:00.000Z',
    generator: { name: 'microapp-guard', version: '0.1.0' },
  };
  return yaml.stringify(m, { lineWidth: 0 });
}

/** Analyse the manifest at `<root>/microapp.yaml` with other files' facts in the model, as the server does. */
async function diagnose(root, text, others = {}) {
  const model = new engine.WorkspaceModel(root);
  for (const [rel, t] of Object.entries(others)) {
    const p = path.join(root, rel);
    model.update(p, engine.documentFacts(engine.documentContext({ path: p, text: t })));
  }
  const p = path.join(root, 'microapp.yaml');
  return engine.analyze({ path: p, text }, { model, workspace: { root } });
}

describe('manifest family: diagnostics while the manifest is edited', () => {
  const root = '/ws/notes';

  it('is registered with its rules and the manifest.path setting', () => {
    for (const id of ['manifest/schema', 'manifest/todo', 'manifest/disagreement', 'manifest/stale']) assert.ok(engine.getRule(id), id);
    assert.ok(engine.SETTINGS.some((s) => s.key === 'manifest.path' && s.default === 'microapp.yaml'));
  });

  it('a complete manifest that matches the workspace has no findings, and its check depends on grants and endpoints', async () => {
    const p = path.join(root, 'infra/policy.json');
    const grants = engine.documentFacts(engine.documentContext({ path: p, text: narrowPolicy })).filter((f) => f.topic === 'iam/grant');
    assert.strictEqual(grants.length, 1);
    const text = manifestText({ permissions: [core.grantInput({ ...grants[0].value, file: 'infra/policy.json' })] });
    const r = await diagnose(root, text, { 'infra/policy.json': narrowPolicy });
    assert.deepStrictEqual(r.findings.map((f) => `${f.ruleId} ${f.message}`), []);
    assert.ok(r.deps.has('iam/grant') && r.deps.has('network/endpoint'), [...r.deps].join(','));
  });

  it('a schema error sits on the exact node: the bad value, the unknown key', async () => {
    let text = manifestText().replace('sensitivity: internal', 'sensitivity: secret');
    text = text.replace('  team: "@acme/platform"', '  team: "@acme/platform"\n  colour: blue');
    const r = await diagnose(root, text);
    const schema = r.findings.filter((f) => f.ruleId === 'manifest/schema');
    const spans = schema.map((f) => textAt(text, f.range));
    assert.ok(spans.includes('secret'), JSON.stringify(spans));
    assert.ok(spans.includes('colour'), JSON.stringify(spans));
    assert.ok(schema.every((f) => f.severity === 'error'));
  });

  it('a YAML syntax error is one schema finding and nothing else is guessed', async () => {
    const text = manifestText().replace('metadata:\n', 'metadata:\n  name: [oops\n');
    const r = await diagnose(root, text);
    assert.ok(r.findings.length >= 1 && r.findings.every((f) => f.ruleId === 'manifest/schema'), JSON.stringify(r.findings.map((f) => f.message)));
  });

  it('TODO markers in required fields are infos on their values', async () => {
    const text = manifestText({ escalation: 'TODO: where to escalate' });
    const r = await diagnose(root, text);
    const todos = r.findings.filter((f) => f.ruleId === 'manifest/todo');
    assert.strictEqual(todos.length, 1);
    assert.strictEqual(todos[0].severity, 'info');
    assert.match(textAt(text, todos[0].range), /TODO: where to escalate/);
    // It also says complete while a TODO is left: a disagreement.
    assert.ok(r.findings.some((f) => f.ruleId === 'manifest/disagreement' && /complete/.test(f.message)));
  });

  it('says narrow while a wildcard policy is in the workspace: a warning on the value, naming the policy', async () => {
    const text = manifestText();
    const r = await diagnose(root, text, { 'infra/policy.json': wildcardPolicy });
    const d = r.findings.filter((f) => f.ruleId === 'manifest/disagreement');
    const onBreadth = d.find((f) => textAt(text, f.range) === 'narrow');
    assert.ok(onBreadth, JSON.stringify(d.map((f) => f.message)));
    assert.strictEqual(onBreadth.severity, 'warning');
    assert.match(onBreadth.message, /broad/);
    assert.match(onBreadth.message, /infra\/policy\.json/);
    // The listed permissions (none) are fewer than the workspace's grants.
    assert.ok(d.some((f) => /grant/.test(f.message)));
  });

  it('says no external connectivity while code calls an unlisted host: a disagreement naming the host and its file', async () => {
    const text = manifestText();
    const r = await diagnose(root, text, { 'src/app.js': 'await fetch("https://api.vendor-x.io/v1/notes");\n' });
    const d = r.findings.filter((f) => f.ruleId === 'manifest/disagreement');
    assert.ok(d.length, JSON.stringify(r.findings.map((f) => `${f.ruleId} ${f.message}`)));
    assert.ok(d.some((f) => /api\.vendor-x\.io/.test(f.message) && /src\/app\.js/.test(f.message)), JSON.stringify(d.map((f) => f.message)));
  });

  it('a manifest listing a grant the workspace no longer has is stale (info), not a disagreement', async () => {
    const first = await diagnose(root, manifestText(), { 'infra/policy.json': wildcardPolicy });
    assert.ok(first.findings.length);
    const grant = { provider: 'aws', actions: ['s3:*'], resources: ['*'], class: 'broad', reason: 'old', file: 'infra/policy.json', line: 4 };
    const text = manifestText({ breadth: 'broad', permissions: [grant] });
    const r = await diagnose(root, text, { 'infra/policy.json': narrowPolicy });
    const stale = r.findings.filter((f) => f.ruleId === 'manifest/stale');
    assert.ok(stale.some((f) => textAt(text, f.range) === 'requestedPermissions'), JSON.stringify(r.findings.map((f) => f.message)));
    assert.ok(stale.some((f) => textAt(text, f.range) === 'broad'));
    assert.ok(!r.findings.some((f) => f.ruleId === 'manifest/disagreement' && textAt(text, f.range) === 'broad'));
  });

  it('applies to microapp.yaml and to documents of kind MicroAppRegistration, not to other YAML', () => {
    const fam = engine.FAMILIES.find((f) => f.name === 'manifest');
    const ctx = (p, t) => engine.documentContext({ path: p, text: t });
    assert.ok(fam.appliesTo(ctx('/ws/microapp.yaml', 'kind: x\n')));
    assert.ok(fam.appliesTo(ctx('/ws/reg/app.yaml', 'apiVersion: microapp-guard/v1\nkind: MicroAppRegistration\n')));
    assert.ok(!fam.appliesTo(ctx('/ws/k8s/app.yaml', 'apiVersion: v1\nkind: ConfigMap\n')));
    assert.ok(!fam.appliesTo(ctx('/ws/microapp.js', 'kind: MicroAppRegistration')));
  });
});

describe('manifest: schema completion and hover', () => {
  it('offers the keys of the object at the cursor with their descriptions, and enum values after a key', () => {
    const text = 'metadata:\n  owner:\n    \nspec:\n  sensitivity: \n';
    const owner = core.completionsAt(text, text.indexOf('    \n') + 4, 'yaml');
    assert.deepStrictEqual(owner.map((c) => c.label).sort(), ['email', 'name']);
    assert.ok(owner.every((c) => c.documentation.length > 10));
    const values = core.completionsAt(text, text.indexOf('sensitivity: ') + 13, 'yaml').map((c) => c.label);
    assert.deepStrictEqual(values, ['public', 'internal', 'restricted', 'regulated']);
    const item = 'spec:\n  dataClasses:\n    - class: PII\n      \n';
    assert.deepStrictEqual(core.completionsAt(item, item.indexOf('      \n') + 6, 'yaml').map((c) => c.label).sort(), ['class', 'evidence', 'note', 'origin']);
  });
  it('hovers a key with its path, whether it is required and its description', () => {
    const text = manifestText();
    const h = core.hoverAt(text, text.indexOf('technicalApprover') + 3, 'yaml');
    assert.match(h.markdown, /metadata\.technicalApprover.*required/);
    const j = '{"risk": {"gate": "blocked"}}';
    assert.match(core.hoverAt(j, j.indexOf('gate') + 1, 'json').markdown, /auto-approve/);
  });
});

describe('manifest export (the function the CLI and the server share)', function () {
  this.timeout(60000);

  /** Secret values of a folder, as the secret findings point at them (never to be written anywhere). */
  async function secretValues(dir) {
    const out = new Set();
    const ws = new engine.WorkspaceIndex(dir, {});
    for (const p of ws.walk()) {
      const text = fs.readFileSync(p, 'utf8');
      for (const f of await engine.analyzeDocument({ path: p, text }, { workspace: ws })) {
        if (f.category !== 'secret') continue;
        const v = textAt(text, f.range).replace(/^["']|["']$/g, '');
        if (v.length >= 8) out.add(v);
      }
    }
    return out;
  }

  it('the example app: risk 9, manual review (incomplete: no vulnerability report) now; auto-approve after the preferred fixes; schema-valid; no secret in the output', async () => {
    const dir = tmpWorkspace();
    fs.cpSync(path.join(ROOT, 'examples', 'slack-bot'), dir, { recursive: true });
    const r = cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]);
    assert.strictEqual(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(dir, 'microapp.yaml'), 'utf8');
    const sbom = fs.readFileSync(path.join(dir, 'sbom.cdx.json'), 'utf8');
    const m = yaml.parse(text);
    assert.deepStrictEqual(core.validateObject(m), []);
    // restricted 3 + broad 5 + listed-saas 1 + unknown 0 (package.json dependencies, no report: was 5, 14 blocked).
    // The app's own passwords are credentials, not a data class; the OAuth scopes it asks for reach personal data
    // (members' e-mail addresses, message history, the user's Drive and Gmail): PII, restricted (7 before the example
    // had its Slack manifest and Apps Script).
    assert.strictEqual(m.risk.score, 9);
    assert.strictEqual(m.risk.gate, 'manual-review');
    assert.deepStrictEqual(m.spec.dataClasses.map((d) => d.class), ['PII']);
    assert.ok(m.spec.dataClasses[0].evidence.some((e) => e.file === 'manifest.yml') && m.spec.dataClasses[0].evidence.some((e) => e.file === 'apps-script/appsscript.json'), JSON.stringify(m.spec.dataClasses));
    assert.deepStrictEqual(m.spec.revocation.oauthApps.map((a) => a.kind).sort(), ['google-apps-script', 'slack-app']);
    assert.strictEqual(m.risk.incomplete, true);
    assert.deepStrictEqual([m.risk.factors.sbomVulnerabilities.value, m.risk.factors.sbomVulnerabilities.points], ['unknown', 0]);
    const sbomMissing = m.status.missing.find((x) => x.field === 'risk.factors.sbomVulnerabilities');
    assert.ok(sbomMissing, JSON.stringify(m.status.missing));
    assert.match(sbomMissing.reason, /package\.json/);
    assert.match(sbomMissing.howToComplete, /npm install --package-lock-only --ignore-scripts && npm audit --json > npm-audit\.json/);
    assert.deepStrictEqual(
      Object.fromEntries(Object.entries(m.risk.factors).map(([k, f]) => [k, f.value])),
      { dataClass: 'restricted', permissionsBreadth: 'broad', externalConnectivity: 'listed-saas', sbomVulnerabilities: 'unknown' },
    );
    // After the preferred fixes: the wildcard S3 policy and cluster-admin binding are narrowed, and so are the broad
    // scopes (drive -> drive.file, history scopes dropped); the scopes the code uses stay (moderate); data classes stay.
    const after = m.risk.afterFixes;
    assert.strictEqual(after.values.permissionsBreadth, 'moderate');
    assert.strictEqual(after.values.dataClass, 'restricted');
    assert.strictEqual(after.values.externalConnectivity, 'listed-saas');
    assert.strictEqual(after.values.sbomVulnerabilities, 'unknown');
    assert.strictEqual(after.score, core.score(after.values).score);
    assert.deepStrictEqual([after.score, after.gate], [6, 'auto-approve']);
    assert.match(r.stderr, /Risk 9 \(manual-review, incomplete\) now; 6 \(auto-approve, incomplete\) after the preferred fixes/);
    assert.match(r.stderr, /to complete it:[\s\S]*npm audit --json > npm-audit\.json/);
    assert.ok(m.spec.secrets.total >= 5);
    assert.strictEqual(m.status.state, 'incomplete');
    assert.ok(JSON.parse(sbom).bomFormat === 'CycloneDX');
    const secrets = await secretValues(dir);
    assert.ok(secrets.size >= 3, `found ${secrets.size} secret values to look for`);
    for (const v of secrets) {
      assert.ok(!text.includes(v), 'a secret value reached the manifest');
      assert.ok(!sbom.includes(v), 'a secret value reached the SBOM');
      assert.ok(!r.stderr.includes(v) && !r.stdout.includes(v));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-export keeps hand-filled fields, declared classes and x- notes, and refreshes computed ones', () => {
    const dir = tmpWorkspace({ 'package.json': JSON.stringify({ name: 'notes', description: 'Meeting notes' }), 'infra/policy.json': narrowPolicy });
    assert.strictEqual(cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]).code, 0);
    const file = path.join(dir, 'microapp.yaml');
    const doc = yaml.parseDocument(fs.readFileSync(file, 'utf8'));
    doc.setIn(['metadata', 'escalation'], '#notes-oncall');
    doc.setIn(['spec', 'dataClasses'], [{ class: 'PHI', origin: 'declared', note: 'visit notes' }]);
    doc.set('x-ticket', 'PLAT-1');
    fs.writeFileSync(file, doc.toString());
    fs.writeFileSync(path.join(dir, 'infra/policy.json'), wildcardPolicy);
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    const m = yaml.parse(fs.readFileSync(file, 'utf8'));
    assert.strictEqual(m.metadata.escalation, '#notes-oncall');
    assert.strictEqual(m['x-ticket'], 'PLAT-1');
    assert.ok(m.spec.dataClasses.some((d) => d.class === 'PHI' && d.origin === 'declared'));
    assert.strictEqual(m.spec.sensitivity, 'regulated');
    assert.strictEqual(m.risk.factors.permissionsBreadth.value, 'broad');
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--format json prints JSON; --out outside the folder is a usage error', () => {
    const dir = tmpWorkspace({ 'README.md': '# notes\n\nKeeps notes.\n' });
    const r = cli(['manifest', dir, '--format', 'json']);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.strictEqual(JSON.parse(r.stdout).metadata.name, 'notes');
    const out = cli(['manifest', dir, '--out', path.join(dir, '..', 'elsewhere.yaml')]);
    assert.strictEqual(out.code, 2);
    assert.match(out.stderr, /inside the folder/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('manifest --check', function () {
  this.timeout(60000);

  function completeWorkspace() {
    const dir = tmpWorkspace({ 'package.json': JSON.stringify({ name: 'notes', description: 'Meeting notes', author: 'Kim Lee <kim@example.com>' }), 'infra/policy.json': narrowPolicy });
    assert.strictEqual(cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]).code, 0);
    const file = path.join(dir, 'microapp.yaml');
    const doc = yaml.parseDocument(fs.readFileSync(file, 'utf8'));
    for (const [k, v] of [
      [['metadata', 'team'], '@acme/platform'],
      [['metadata', 'escalation'], '#notes-oncall'],
      [['metadata', 'technicalApprover'], 'Ada Byron'],
      [['spec', 'businessJustification'], 'Replaces a spreadsheet'],
    ]) doc.setIn(k, v);
    fs.writeFileSync(file, doc.toString());
    // Export again so the status is refreshed, as the owner would.
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    return dir;
  }

  it('passes (exit 0) for a complete, current manifest whose gate is not blocked', () => {
    const dir = completeWorkspace();
    const r = cli(['manifest', dir, '--check']);
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    // internal 1 + narrow 0 + none 0 + none 0 (no third-party component: was unknown 5, risk 6)
    assert.match(r.stdout, /Risk 1 \(auto-approve\) now/);
    assert.match(r.stdout, /manifest check passed/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails (exit 1) when the committed manifest is stale against the workspace, and says which part', () => {
    const dir = completeWorkspace();
    fs.writeFileSync(path.join(dir, 'infra/policy.json'), wildcardPolicy);
    const r = cli(['manifest', dir, '--check']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /stale: .*spec\.requestedPermissions/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails when a required field still holds a TODO, and when there is no manifest', () => {
    const dir = completeWorkspace();
    const file = path.join(dir, 'microapp.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"?Ada Byron"?/, '"TODO: who approves"'));
    const r = cli(['manifest', dir, '--check']);
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /incomplete: metadata\.technicalApprover/);
    fs.rmSync(file);
    const none = cli(['manifest', dir, '--check']);
    assert.strictEqual(none.code, 1);
    assert.match(none.stdout, /no manifest at microapp\.yaml/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fails on the example app: not blocked (9, manual review) but incomplete, naming the missing report and its command', () => {
    const r = cli(['manifest', path.join(ROOT, 'examples', 'slack-bot'), '--check']);
    assert.strictEqual(r.code, 1);
    assert.doesNotMatch(r.stdout, /gate blocked/);
    assert.match(r.stdout, /Risk 9 \(manual-review, incomplete\) now/);
    assert.match(r.stdout, /incomplete: risk\.factors\.sbomVulnerabilities unknown: no vulnerability report .*package\.json.*npm audit --json > npm-audit\.json/);
  });

  it('scan --format sarif carries the gate and score in the run properties', () => {
    const r = cli(['scan', path.join(ROOT, 'examples', 'slack-bot'), '--format', 'sarif', '--fail-on', 'none']);
    assert.strictEqual(r.code, 0, r.stderr);
    const props = JSON.parse(r.stdout).runs[0].properties;
    assert.strictEqual(props.gate, 'manual-review');
    assert.strictEqual(props.gateIncomplete, true);
    assert.strictEqual(props.riskScore, 9);
    assert.ok(props.riskScoreAfterFixes < 9);
    assert.ok(props.missing.some((x) => x.field === 'risk.factors.sbomVulnerabilities' && /npm audit/.test(x.howToComplete)), JSON.stringify(props.missing));
    assert.strictEqual(props.riskFactors.permissionsBreadth, 'broad');
  });
});
