'use strict';
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const Ajv = require('ajv');
const AjvDraft04 = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const { engine, tmpWorkspace, fake, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
function cli(args, opts = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', ...opts });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('workspace index', () => {
  it('walks the folder, skipping .gitignored files, node_modules, .git and binaries', () => {
    const dir = tmpWorkspace({
      '.gitignore': 'build/\n*.log\n',
      'src/app.js': 'x',
      'src/nested/.gitignore': 'local.json\n',
      'src/nested/local.json': '{}',
      'src/nested/kept.json': '{}',
      'build/out.js': 'x',
      'debug.log': 'x',
      'node_modules/pkg/index.js': 'x',
      '.git/config': 'x',
      'logo.png': 'x',
      '.env': 'A=1',
    });
    const ws = new engine.WorkspaceIndex(dir);
    const files = [...ws.walk()].map((f) => path.relative(dir, f).split(path.sep).join('/'));
    assert.deepStrictEqual(files.sort(), ['.env', '.gitignore', 'src/app.js', 'src/nested/.gitignore', 'src/nested/kept.json']);
  });
  it('honours .secretlintignore and ignore settings', () => {
    const dir = tmpWorkspace({ '.secretlintignore': 'fixtures/**\n', 'fixtures/a.js': 'x', 'docs/b.md': 'x', 'src/c.js': 'x' });
    const ws = new engine.WorkspaceIndex(dir, { ignore: ['docs/'] });
    assert.deepStrictEqual([...ws.walk()].map((f) => path.relative(dir, f)).sort(), ['.secretlintignore', path.join('src', 'c.js')]);
  });
  it('reads .secretlintrc.json: rule options and disabled preset rules', async () => {
    const tok = fake.slack();
    const dir = tmpWorkspace({
      '.secretlintrc.json': JSON.stringify({
        rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rules: [{ id: '@secretlint/secretlint-rule-slack', disabled: true }] }],
      }),
    });
    const ws = new engine.WorkspaceIndex(dir);
    const f = await engine.analyzeDocument({ path: path.join(dir, 'a.txt'), text: `token ${tok}\n` }, { workspace: ws });
    assert.deepStrictEqual(f, []);
  });
  it('reads .secretlintrc.yml allows options', async () => {
    const tok = fake.slack();
    const dir = tmpWorkspace({
      '.secretlintrc.yml': `rules:\n  - id: "@secretlint/secretlint-rule-preset-recommend"\n    rules:\n      - id: "@secretlint/secretlint-rule-slack"\n        options:\n          allows: ["${tok}"]\n`,
    });
    const ws = new engine.WorkspaceIndex(dir);
    assert.deepStrictEqual(await engine.analyzeDocument({ path: path.join(dir, 'a.txt'), text: `token ${tok}\n` }, { workspace: ws }), []);
  });
  it('does not load rule packages named by .secretlintrc in an untrusted workspace, and says so', async () => {
    const dir = tmpWorkspace({
      '.secretlintrc.json': JSON.stringify({ rules: [{ id: 'secretlint-rule-evil' }] }),
      'node_modules/secretlint-rule-evil/package.json': JSON.stringify({ name: 'secretlint-rule-evil', main: 'index.js' }),
      'node_modules/secretlint-rule-evil/index.js': `require('fs').writeFileSync(${JSON.stringify(path.join(require('os').tmpdir(), 'mag-evil-ran'))}, 'x'); exports.creator = { meta: { id: 'secretlint-rule-evil', recommended: true, type: 'scanner', supportedContentTypes: ['text'] }, messages: { X: { en: () => 'x' } }, create(context) { const t = context.createTranslator(this.messages); return { file(source) { const i = source.content.indexOf('EVILTOKEN'); if (i >= 0) context.report({ message: t('X'), range: [i, i + 9] }); } }; } };`,
    });
    const marker = path.join(require('os').tmpdir(), 'mag-evil-ran');
    fs.rmSync(marker, { force: true });
    const untrusted = await new engine.WorkspaceIndex(dir, { trusted: false }).prepare();
    assert.deepStrictEqual(untrusted.options.secrets.extraSecretlintRules, []);
    // Said as data (which file names which packages), worded by each adapter: no adapter parses a message.
    assert.deepStrictEqual(untrusted.restricted, [{ by: '.secretlintrc.json', packages: ['secretlint-rule-evil'] }]);
    assert.ok(!fs.existsSync(marker), 'workspace code must not run when untrusted');
    const trusted = await new engine.WorkspaceIndex(dir, { trusted: true }).prepare();
    assert.deepStrictEqual(trusted.notes, []);
    assert.deepStrictEqual(trusted.restricted, []);
    assert.strictEqual(trusted.options.secrets.extraSecretlintRules.length, 1);
    const f = await engine.analyzeDocument({ path: path.join(dir, 'a.txt'), text: 'x EVILTOKEN y\n' }, { familyOptions: trusted.options });
    assert.deepStrictEqual(f.map((x) => x.ruleId), ['secretlint/secretlint-rule-evil']);
  });
  it('the CLI says which rule packages an untrusted scan did not load, and how to trust the folder', () => {
    const dir = tmpWorkspace({ '.secretlintrc.json': JSON.stringify({ rules: [{ id: 'secretlint-rule-evil' }] }), 'a.txt': 'nothing here\n' });
    const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    assert.strictEqual(r.code, 0, r.stderr);
    const messages = JSON.parse(r.stdout).problems.map((p) => p.message);
    assert.ok(messages.some((m) => /named by \.secretlintrc\.json are not loaded \(secretlint-rule-evil\).*pass --trust/.test(m)), JSON.stringify(messages));
  });
});

describe('CLI: microapp-guard scan', function () {
  this.timeout(20000);
  const example = path.join(ROOT, 'examples', 'slack-bot');

  it('text output groups by file, exits 1 on errors', () => {
    const r = cli(['scan', example]);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /^src\/app\.js$/m);
    assert.match(r.stdout, /secretlint\/slack/);
    assert.match(r.stdout, /Scanned offline/);
    assert.ok(!r.stdout.includes('\u001b['), 'no colours when not a TTY');
  });

  it('JSON output matches schemas/scan-report.schema.json, with relative paths and 1-based positions', () => {
    const r = cli(['scan', example, '--format', 'json']);
    assert.strictEqual(r.code, 1);
    const report = JSON.parse(r.stdout);
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'scan-report.schema.json'), 'utf8')));
    assert.ok(validate(report), JSON.stringify(validate.errors));
    const slack = report.findings.find((f) => f.ruleId === 'secretlint/slack' && f.file === 'src/app.js');
    assert.ok(slack);
    const line = fs.readFileSync(path.join(example, 'src/app.js'), 'utf8').split('\n')[slack.line - 1];
    assert.ok(line.slice(slack.column - 1, slack.endColumn - 1).startsWith('xoxb-'), line);
    // the scanned folder's secrets appear nowhere in the report
    assert.ok(!r.stdout.includes(line.slice(slack.column - 1, slack.endColumn - 1)));
    assert.ok(!r.stdout.includes('Xk9#mP2vL8qR!'));
  });

  it('SARIF output validates against the SARIF 2.1.0 schema', () => {
    const r = cli(['scan', example, '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.strictEqual(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.ok(results.length >= 8);
    for (const res of results) {
      assert.strictEqual(sarif.runs[0].tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(!path.isAbsolute(res.locations[0].physicalLocation.artifactLocation.uri));
    }
  });

  it('--fail-on controls the exit code', () => {
    const dir = tmpWorkspace({ 'a.js': `const apiToken = "${fake.token(32, 201)}";\n` }); // a warning only
    assert.strictEqual(cli(['scan', dir]).code, 1, 'risky until shown otherwise: warnings fail by default');
    assert.strictEqual(cli(['scan', dir, '--fail-on', 'error']).code, 0);
    assert.strictEqual(cli(['scan', dir, '--fail-on', 'warning']).code, 1);
    assert.strictEqual(cli(['scan', dir, '--fail-on', 'none']).code, 0);
    assert.strictEqual(cli(['scan', tmpWorkspace({ 'a.js': 'ok' }), '--fail-on', 'warning']).code, 0);
  });

  it('usage errors exit 2 with a clear message', () => {
    for (const args of [['scan', '/no/such/path'], ['scan', '.', '--format', 'xml'], ['scan', '.', '--fail-on', 'sometimes'], ['frobnicate'], ['scan', '--bogus']]) {
      const r = cli(args);
      assert.strictEqual(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^microapp-guard: .+\nRun "microapp-guard --help"/, r.stderr);
    }
  });

  it('unreadable and binary files: a clear note, and the scan goes on', function () {
    const dir = tmpWorkspace({ 'ok.js': `const s = "${fake.slack()}";\n`, 'locked.js': 'x', 'blob.dat': Buffer.from([0, 1, 2, 0, 3]) });
    fs.chmodSync(path.join(dir, 'locked.js'), 0o000);
    const r = cli(['scan', dir, '--format', 'json']);
    fs.chmodSync(path.join(dir, 'locked.js'), 0o644);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings.map((f) => f.file), ['ok.js']);
    if (process.getuid && process.getuid() !== 0) {
      assert.ok(report.problems.some((p) => p.file === 'locked.js' && /cannot read/.test(p.message)), JSON.stringify(report.problems));
    }
  });

  it('scans a single file, and --output writes the report', () => {
    const dir = tmpWorkspace({ 'a.py': `TOKEN = "${fake.github()}"\n` });
    const out = path.join(dir, 'out', 'report.sarif');
    const r = cli(['scan', path.join(dir, 'a.py'), '--format', 'sarif', '--output', out]);
    assert.strictEqual(r.code, 1);
    assert.strictEqual(JSON.parse(fs.readFileSync(out, 'utf8')).runs[0].results[0].ruleId, 'secretlint/github');
  });

  it('rules lists every rule of the registry', () => {
    const r = cli(['rules', '--format', 'json']);
    assert.strictEqual(JSON.parse(r.stdout).length, engine.RULES.length);
  });
});

describe('workspace index in a monorepo', () => {
  it('applies the .gitignore files of the enclosing git work tree when a subfolder is scanned', async () => {
    const repo = tmpWorkspace({ '.gitignore': '.env\nbuild/\n', 'app/.env': `API_TOKEN=${fake.token(30, 211)}\n`, 'app/build/x.js': `const s = "${fake.slack()}";\n`, 'app/src/a.js': 'ok' });
    fs.mkdirSync(path.join(repo, '.git'));
    const r = cli(['scan', path.join(repo, 'app'), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings, [], JSON.stringify(report.findings));
    assert.strictEqual(report.filesScanned, 1);
  });
  it('scans a folder the user names even when the repository ignores it', () => {
    const repo = tmpWorkspace({ '.gitignore': 'fixtures/\n', 'fixtures/a.js': `const s = "${fake.slack()}";\n` });
    fs.mkdirSync(path.join(repo, '.git'));
    const report = JSON.parse(cli(['scan', path.join(repo, 'fixtures'), '--format', 'json']).stdout);
    assert.deepStrictEqual(report.findings.map((f) => f.ruleId), ['secretlint/slack']);
    assert.deepStrictEqual(JSON.parse(cli(['scan', repo, '--format', 'json']).stdout).findings, []);
  });
});

describe('CLI: files that do not parse', () => {
  it('a broken Kubernetes manifest gets a clear note (no content quoted), the other rules still run, the scan goes on', () => {
    const slack = fake.slack();
    const dir = tmpWorkspace({
      'k8s/broken.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: p\nspec:\n  containers:\n    - name: c\n      env:\n        - name: DB_PASSWORD\n          value: "Xk9#mP2vL8qR!"\n# ${slack}\n`,
      'src/a.js': `const s = "${slack}";\n`,
    });
    const r = cli(['scan', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    // the yaml library recovers what it can: the env literal is still found, and the Pod no policy isolates
    assert.deepStrictEqual(report.findings.map((f) => `${f.file}:${f.ruleId}`).sort(), ['k8s/broken.yaml:network/no-policy', 'k8s/broken.yaml:secret/k8s-env-literal', 'k8s/broken.yaml:secretlint/slack', 'src/a.js:secretlint/slack']);
    const note = report.problems.find((p) => p.file === 'k8s/broken.yaml');
    assert.ok(note && /YAML does not parse \(line \d+, column \d+\)/.test(note.message), JSON.stringify(report.problems));
    assert.ok(!note.message.includes('Xk9#'));
    assert.match(r.stderr, /k8s\/broken\.yaml: YAML does not parse/);
  });
});

describe('CLI: the editor settings apply in CI', () => {
  const tok = fake.token(32, 221);
  it('reads microappGuard.* from .vscode/settings.json (JSON with comments), flat or nested', () => {
    const flat = tmpWorkspace({
      '.vscode/settings.json': `{\n  // shared with CI\n  "microappGuard.rules": { "secret/generic-credential": "error" },\n  "microappGuard.ignore": ["fixtures/"],\n}\n`,
      'a.js': `const apiToken = "${tok}";\n`,
      'fixtures/b.js': `const s = "${fake.slack()}";\n`,
    });
    const report = JSON.parse(cli(['scan', flat, '--format', 'json']).stdout);
    assert.deepStrictEqual(report.findings.map((f) => [f.file, f.ruleId, f.severity]), [['a.js', 'secret/generic-credential', 'error']]);
    const nested = tmpWorkspace({ 'cfg.json': JSON.stringify({ microappGuard: { rules: { 'secret/generic-credential': 'off' } } }), 'a.js': `const apiToken = "${tok}";\n` });
    assert.deepStrictEqual(JSON.parse(cli(['scan', nested, '--format', 'json', '--config', path.join(nested, 'cfg.json')]).stdout).findings, []);
    assert.strictEqual(cli(['scan', nested, '--config', path.join(nested, 'missing.json')]).code, 3);
  });
  it('scan --help prints the help and exits 0', () => {
    const r = cli(['scan', '--help']);
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /--fail-on warning\|error\|none/);
  });
  it('SARIF: security-severity on rules, stable fingerprints without the secret', () => {
    const dir = tmpWorkspace({ 'a.js': `const s = "${fake.slack()}";\nconst t = "${fake.slack()}";\n` });
    const sarif = JSON.parse(cli(['scan', dir, '--format', 'sarif']).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'secretlint/slack');
    assert.strictEqual(rule.properties['security-severity'], '8.0');
    const fps = sarif.runs[0].results.map((r) => r.partialFingerprints['microappGuard/v1']);
    assert.strictEqual(new Set(fps).size, 2);
    const again = JSON.parse(cli(['scan', dir, '--format', 'sarif']).stdout).runs[0].results.map((r) => r.partialFingerprints['microappGuard/v1']);
    assert.deepStrictEqual(again, fps);
  });
  it('SARIF fingerprints number the findings of one rule in one file in order, whatever comes between', () => {
    // Findings of two rules in two files, interleaved: each fingerprint is the rule, the file and the finding's
    // ordinal among the earlier findings of that rule in that file (the contract code scanning matches alerts by).
    const lines = (n) => Array.from({ length: n }, (_, i) => `const s${i} = "${fake.slack()}";\nconst g${i} = "${fake.github()}";\n`).join('');
    const dir = tmpWorkspace({ 'a.js': lines(3), 'b/c.js': lines(2) });
    const results = JSON.parse(cli(['scan', dir, '--format', 'sarif']).stdout).runs[0].results;
    const file = (r) => r.locations[0].physicalLocation.artifactLocation.uri;
    assert.deepStrictEqual(new Set(results.map(file)), new Set(['a.js', 'b/c.js']));
    const counts = new Map();
    const expected = results.map((r) => {
      const k = `${r.ruleId}\0${file(r)}`;
      const n = counts.get(k) ?? 0;
      counts.set(k, n + 1);
      return require('crypto').createHash('sha256').update(`${r.ruleId}\0${file(r)}\0${n}`).digest('hex').slice(0, 32);
    });
    assert.ok([...counts.values()].some((n) => n >= 3), 'a rule with three findings in one file');
    assert.deepStrictEqual(results.map((r) => r.partialFingerprints['microappGuard/v1']), expected);
  });
});

describe('a .secretlintrc secretlint rejects', () => {
  it('an invalid allows pattern is said, and the file is still checked with the preset', async () => {
    const tok = fake.slack();
    const dir = tmpWorkspace({ '.secretlintrc.json': JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rules: [{ id: '@secretlint/secretlint-rule-slack', options: { allows: ['/[/'] } }] }] }) });
    const problems = [];
    const f = await engine.analyzeDocument({ path: path.join(dir, 'a.js'), text: `const t = "${tok}";\n` }, { workspace: new engine.WorkspaceIndex(dir), onProblem: (m) => problems.push(m) });
    assert.deepStrictEqual(f.map((x) => x.ruleId), ['secretlint/slack']);
    assert.ok(problems.some((m) => /\.secretlintrc could not be applied/.test(m)), JSON.stringify(problems));
  });
});
