'use strict';
const assert = require('assert');
const vm = require('vm');
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { analyze, engine, fake, applyFix, tmpWorkspace } = require('../helpers');

function parses(file, text) {
  const ext = path.extname(file);
  if (ext === '.js' || ext === '.cjs') {
    new vm.Script(text, { filename: file });
  } else if (ext === '.py') {
    const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
    if (r.error) return; // no python3 on this machine: nothing to check with
    assert.strictEqual(r.status, 0, `python does not parse:\n${text}\n${r.stderr}`);
  } else if (ext === '.yaml' || ext === '.yml') {
    for (const d of YAML.parseAllDocuments(text)) assert.deepStrictEqual(d.errors.map(String), [], text);
  } else if (ext === '.json') {
    JSON.parse(text);
  }
}

/** Applies the preferred fix of the first finding of `ruleId`, re-runs the engine, and checks. */
async function fixAndRecheck(file, text, ruleId, opts = {}) {
  const findings = await analyze(text, file, opts);
  const finding = findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} in ${JSON.stringify(findings.map((f) => f.ruleId))}`);
  const fixes = engine.fixesForFinding({ path: file, text }, finding, { workspace: opts.workspace });
  const preferred = fixes.filter((f) => f.isPreferred);
  assert.strictEqual(preferred.length, 1, 'exactly one preferred fix');
  const out = applyFix(preferred[0], { [file]: text })[file];
  parses(file, out);
  const after = await analyze(out, file, opts);
  assert.ok(
    !after.some((f) => f.ruleId === ruleId && f.range.start.line === finding.range.start.line),
    `finding still there after "${preferred[0].title}":\n${out}`,
  );
  return { out, fixes, finding };
}

describe('fixes: replace the literal by a reference that fits the file', () => {
  const tok = fake.token(32, 101);
  it('JS: process.env.NAME, named after the variable', async () => {
    const text = `const slackToken = "${fake.slack()}";\nmodule.exports = { slackToken };\n`;
    const { out, fixes } = await fixAndRecheck('/ws/app.js', text, 'secretlint/slack');
    assert.match(out, /^const slackToken = process\.env\.SLACK_TOKEN;$/m);
    assert.strictEqual(fixes[0].title, 'Replace with process.env.SLACK_TOKEN');
  });
  it('JS: keeps the text around the secret with a template literal', async () => {
    const text = `const headers = { Authorization: "Bearer ${tok}" };\n`;
    const { out } = await fixAndRecheck('/ws/api.js', text, 'secret/generic-credential');
    assert.match(out, /Authorization: `Bearer \$\{process\.env\.API_TOKEN\}`/);
  });
  it('JS: a secret inside an object uses the key name', async () => {
    const text = `const app = new App({\n  signingSecret: '${tok}',\n});\n`;
    const { out } = await fixAndRecheck('/ws/app.js', text, 'secret/generic-credential');
    assert.match(out, /signingSecret: process\.env\.SIGNING_SECRET,/);
  });
  it('Python: os.environ["NAME"] and import os when missing', async () => {
    const text = `"""Mailer."""\nimport smtplib\n\nSMTP_PASSWORD = "qW7!zR4#tY9pL2"\n`;
    const { out } = await fixAndRecheck('/ws/mail.py', text, 'secret/generic-credential');
    assert.match(out, /^SMTP_PASSWORD = os\.environ\["SMTP_PASSWORD"\]$/m);
    assert.match(out, /^import os$/m);
  });
  it('Python: no second import os', async () => {
    const text = `import os\nAPI_TOKEN = "${tok}"\n`;
    const { out } = await fixAndRecheck('/ws/a.py', text, 'secret/generic-credential');
    assert.strictEqual(out.match(/import os/g).length, 1);
  });
  it('YAML config: ${NAME}', async () => {
    const text = `openai:\n  api_key: ${tok}\n  model: gpt-4o\n`;
    const { out } = await fixAndRecheck('/ws/config.yaml', text, 'secret/generic-credential');
    assert.match(out, /api_key: \$\{OPENAI_API_KEY\}/);
  });
  it('docker-compose: quoted ${NAME}', async () => {
    const text = `services:\n  bot:\n    environment:\n      SLACK_TOKEN: "${fake.slack()}"\n`;
    const { out } = await fixAndRecheck('/ws/docker-compose.yml', text, 'secretlint/slack');
    assert.match(out, /SLACK_TOKEN: "\$\{SLACK_TOKEN\}"/);
  });
  it('JSON: "${NAME}"', async () => {
    const text = `{\n  "name": "bot",\n  "apiKey": "${tok}"\n}\n`;
    const { out } = await fixAndRecheck('/ws/config.json', text, 'secret/generic-credential');
    assert.strictEqual(JSON.parse(out).apiKey, '${API_KEY}');
  });
  it('Kubernetes env: valueFrom.secretKeyRef', async () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\nspec:\n  template:\n    spec:\n      containers:\n        - name: bot\n          env:\n            - name: DB_PASSWORD\n              value: "Xk9#mP2vL8qR!"\n            - name: PORT\n              value: "3000"\n`;
    const { out, fixes } = await fixAndRecheck('/ws/k8s/deploy.yaml', text, 'secret/k8s-env-literal');
    const doc = YAML.parse(out);
    const env = doc.spec.template.spec.containers[0].env;
    assert.deepStrictEqual(env[0], { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'bot-secrets', key: 'DB_PASSWORD' } } });
    assert.deepStrictEqual(env[1], { name: 'PORT', value: '3000' });
    assert.match(fixes[0].title, /secretKeyRef/);
  });
  it('Kubernetes env in flow style', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      env:\n        - {name: API_TOKEN, value: "${tok}"}\n`;
    const { out } = await fixAndRecheck('/ws/pod.yaml', text, 'secret/k8s-env-literal');
    assert.deepStrictEqual(YAML.parse(out).spec.containers[0].env[0], { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'p-secrets', key: 'API_TOKEN' } } });
  });
  it('Go, Java, Ruby, C#, PHP, shell, Terraform', async () => {
    const cases = [
      ['/ws/main.go', `var apiToken = "${tok}"\n`, 'os.Getenv("API_TOKEN")'],
      ['/ws/App.java', `String apiToken = "${tok}";\n`, 'System.getenv("API_TOKEN")'],
      ['/ws/app.rb', `API_TOKEN = "${tok}"\n`, 'ENV.fetch("API_TOKEN")'],
      ['/ws/App.cs', `var apiToken = "${tok}";\n`, 'Environment.GetEnvironmentVariable("API_TOKEN")'],
      ['/ws/index.php', `$apiToken = '${tok}';\n`, "getenv('API_TOKEN')"],
      ['/ws/deploy.sh', `export API_TOKEN="${tok}"\n`, '"${API_TOKEN}"'],
      ['/ws/main.tf', `resource "x" "y" {\n  api_token = "${tok}"\n}\n`, 'var.api_token'],
    ];
    for (const [file, text, expected] of cases) {
      const { out } = await fixAndRecheck(file, text, 'secret/generic-credential');
      assert.ok(out.includes(expected), `${file}: ${out}`);
    }
  });
  it('Terraform: declares a sensitive variable', async () => {
    const text = `resource "x" "y" {\n  api_token = "${tok}"\n}\n`;
    const { out } = await fixAndRecheck('/ws/main.tf', text, 'secret/generic-credential');
    assert.match(out, /variable "api_token" \{\n  type      = string\n  sensitive = true\n\}/);
  });
});

describe('fixes: .env.example, ignore comment, .gitignore', () => {
  const tok = fake.token(32, 111);
  it('adds NAME= (no value) to .env.example, creating it when missing', async () => {
    const dir = tmpWorkspace({ 'src/app.js': `const apiToken = "${tok}";\n` });
    const ws = new engine.WorkspaceIndex(dir);
    const file = path.join(dir, 'src/app.js');
    const text = fs.readFileSync(file, 'utf8');
    const [finding] = await analyze(text, file, { workspace: ws });
    const fix = engine.fixesForFinding({ path: file, text }, finding, { workspace: ws }).find((f) => f.title.includes('.env.example'));
    assert.ok(fix);
    assert.strictEqual(fix.changes[0].path, path.join(dir, '.env.example'));
    assert.strictEqual(fix.changes[0].create, true);
    const out = applyFix(fix, {})[path.join(dir, '.env.example')];
    assert.strictEqual(out, 'API_TOKEN=\n');
    assert.ok(!JSON.stringify(fix).includes(tok), 'the value never reaches .env.example');
  });
  it('does not offer .env.example when the name is already there', async () => {
    const dir = tmpWorkspace({ '.env.example': 'PORT=\nAPI_TOKEN=\n' });
    const ws = new engine.WorkspaceIndex(dir);
    const file = path.join(dir, 'app.js');
    const text = `const apiToken = "${tok}";\n`;
    const [finding] = await analyze(text, file, { workspace: ws });
    assert.ok(!engine.fixesForFinding({ path: file, text }, finding, { workspace: ws }).some((f) => f.title.includes('.env.example')));
  });
  it('ignore-line fix in JS, Python, YAML, .env and HTML silences the finding', async () => {
    const cases = [
      ['/ws/a.js', `const apiToken = "${tok}";\n`],
      ['/ws/a.py', `API_TOKEN = "${tok}"\n`],
      ['/ws/a.yaml', `api_token: ${tok}\n`],
      ['/ws/.env.local', `API_TOKEN=${tok}\n`],
      ['/ws/a.html', `<script>const apiToken = "${tok}";</script>\n`],
      ['/ws/a.js', `const key = \`-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA${fake.token(64, 112)}\n${fake.token(64, 113)}\n-----END RSA PRIVATE KEY-----\`;\n`],
    ];
    for (const [file, text] of cases) {
      const findings = await analyze(text, file);
      const target = findings.find((f) => f.ruleId !== 'secret/dotenv-committed');
      assert.ok(target, `${file}: ${JSON.stringify(findings.map((f) => f.ruleId))}`);
      const fix = engine.fixesForFinding({ path: file, text }, target).find((f) => f.title.startsWith('Ignore'));
      assert.ok(fix, file);
      const out = applyFix(fix, { [file]: text })[file];
      parses(file, out);
      const after = await analyze(out, file);
      assert.ok(!after.some((f) => f.ruleId === target.ruleId), `${file}:\n${out}`);
    }
  });
  it('JSON has no comments: no ignore-line fix is offered', async () => {
    const text = `{ "apiKey": "${tok}" }\n`;
    const [finding] = await analyze(text, '/ws/a.json');
    assert.ok(!engine.fixesForFinding({ path: '/ws/a.json', text }, finding).some((f) => f.title.startsWith('Ignore')));
  });
  it('a committed .env gets "Add .env to .gitignore", and then is quiet', async () => {
    const dir = tmpWorkspace({ '.env': `API_TOKEN=${tok}\n`, '.gitignore': 'node_modules/' });
    const ws = new engine.WorkspaceIndex(dir);
    const file = path.join(dir, '.env');
    const text = fs.readFileSync(file, 'utf8');
    const findings = await analyze(text, file, { workspace: ws });
    const fix = engine.fixesForFinding({ path: file, text }, findings[0], { workspace: ws })[0];
    assert.strictEqual(fix.title, 'Add .env to .gitignore');
    const gi = path.join(dir, '.gitignore');
    fs.writeFileSync(gi, applyFix(fix, { [gi]: fs.readFileSync(gi, 'utf8') })[gi]);
    assert.strictEqual(fs.readFileSync(gi, 'utf8'), 'node_modules/\n.env\n');
    ws.reload();
    assert.deepStrictEqual(await analyze(text, file, { workspace: ws }), []);
  });
});

describe('fixes: fix all (source.fixAll)', () => {
  it('applies every safe preferred fix at once and leaves a clean, parseable file', async () => {
    const text = `const slackToken = "${fake.slack()}";\nconst apiToken = "${fake.token(32, 121)}";\nconst db = { password: "Xk9#mP2vL8qR!" };\n`;
    const file = '/ws/app.js';
    const findings = await analyze(text, file);
    assert.strictEqual(findings.length, 3);
    const changes = engine.fixAll({ path: file, text }, findings);
    assert.strictEqual(changes.length, 1);
    const out = engine.applyEdits(text, changes[0].edits);
    parses(file, out);
    assert.deepStrictEqual(await analyze(out, file), []);
    assert.strictEqual((out.match(/process\.env\./g) || []).length, 3);
  });
  it('adds import os once for several Python fixes', async () => {
    const text = `A_TOKEN = "${fake.token(32, 122)}"\nB_TOKEN = "${fake.token(32, 123)}"\n`;
    const findings = await analyze(text, '/ws/a.py');
    const [change] = engine.fixAll({ path: '/ws/a.py', text }, findings);
    const out = engine.applyEdits(text, change.edits);
    parses('/ws/a.py', out);
    assert.strictEqual(out.match(/import os/g).length, 1);
    assert.deepStrictEqual(await analyze(out, '/ws/a.py'), []);
  });
});

describe('fixes: move the value to .env', () => {
  it('keeps the app working: value to a git-ignored .env, reference in code, .env added to .gitignore', async () => {
    const tok = fake.slack();
    const dir = tmpWorkspace({ 'src/app.js': `const slackToken = "${tok}";\n`, '.gitignore': 'node_modules/\n' });
    const ws = new engine.WorkspaceIndex(dir);
    const file = path.join(dir, 'src/app.js');
    const text = fs.readFileSync(file, 'utf8');
    const [finding] = await analyze(text, file, { workspace: ws });
    const fix = engine.fixesForFinding({ path: file, text }, finding, { workspace: ws }).find((f) => f.title.startsWith('Move'));
    assert.strictEqual(fix.title, 'Move the value to .env (and git-ignore .env) and use process.env.SLACK_TOKEN');
    assert.strictEqual(fix.isPreferred, false);
    const files = { [file]: text, [path.join(dir, '.gitignore')]: 'node_modules/\n' };
    const out = applyFix(fix, files);
    assert.strictEqual(out[file], 'const slackToken = process.env.SLACK_TOKEN;\n');
    assert.strictEqual(out[path.join(dir, '.env')], `SLACK_TOKEN=${tok}\n`);
    assert.strictEqual(out[path.join(dir, '.gitignore')], 'node_modules/\n.env\n');
    // and the result is clean: the .env is ignored now, the code has no literal
    for (const [p, t] of Object.entries(out)) fs.writeFileSync(p, t);
    ws.reload();
    assert.deepStrictEqual(await analyze(out[file], file, { workspace: ws }), []);
    assert.deepStrictEqual(await analyze(out[path.join(dir, '.env')], path.join(dir, '.env'), { workspace: ws }), []);
  });
  it('quotes values dotenv would misread, and leaves .gitignore alone when .env is already ignored', async () => {
    const dir = tmpWorkspace({ '.gitignore': '.env\n', '.env': 'PORT=3000' });
    const ws = new engine.WorkspaceIndex(dir);
    const file = path.join(dir, 'db.py');
    const text = 'DB_PASSWORD = "Xk9#mP2vL8qR!"\n';
    const [finding] = await analyze(text, file, { workspace: ws });
    const fix = engine.fixesForFinding({ path: file, text }, finding, { workspace: ws }).find((f) => f.title.startsWith('Move'));
    assert.strictEqual(fix.title, 'Move the value to .env and use os.environ["DB_PASSWORD"]');
    assert.strictEqual(fix.changes.length, 2);
    const out = applyFix(fix, { [file]: text, [path.join(dir, '.env')]: 'PORT=3000' });
    assert.strictEqual(out[path.join(dir, '.env')], "PORT=3000\nDB_PASSWORD='Xk9#mP2vL8qR!'\n");
    parses(file, out[file]);
  });
  it('is not offered outside a workspace folder or when .env already defines the name', async () => {
    const text = `const apiToken = "${fake.token(32, 131)}";\n`;
    const [f1] = await analyze(text, '/ws/a.js');
    assert.ok(!engine.fixesForFinding({ path: '/ws/a.js', text }, f1).some((f) => f.title.startsWith('Move')));
    const dir = tmpWorkspace({ '.env': 'API_TOKEN=old\n' });
    const ws = new engine.WorkspaceIndex(dir);
    const [f2] = await analyze(text, path.join(dir, 'a.js'), { workspace: ws });
    assert.ok(!engine.fixesForFinding({ path: path.join(dir, 'a.js'), text }, f2, { workspace: ws }).some((f) => f.title.startsWith('Move')));
  });
});
