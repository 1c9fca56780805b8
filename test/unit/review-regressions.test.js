'use strict';
// Regressions from the code review: each test is a reproduction that failed before its fix.
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const vm = require('vm');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { analyze, engine, fake, applyFix, tmpWorkspace, textAt, ROOT } = require('../helpers');

function pyParses(text) {
  const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
  if (r.error) return; // no python3 here
  assert.strictEqual(r.status, 0, `python does not parse:\n${text}\n${r.stderr}`);
}
function jsParses(text) {
  new vm.Script(text);
}
async function preferredFix(file, text, ruleId, opts = {}) {
  const findings = await analyze(text, file, opts);
  const f = ruleId ? findings.find((x) => x.ruleId === ruleId) : findings[0];
  assert.ok(f, `no finding in ${JSON.stringify(findings.map((x) => x.ruleId))}`);
  const fix = engine.fixesForFinding({ path: file, text }, f, { workspace: opts.workspace }).find((x) => x.isPreferred);
  return { f, fix, out: fix ? applyFix(fix, { [file]: text })[file] : undefined };
}
async function fixAllOut(file, text) {
  const findings = await analyze(text, file);
  const [change] = engine.fixAll({ path: file, text }, findings);
  return change ? engine.applyEdits(text, change.edits) : text;
}

describe('review: YAML block scalars', () => {
  it('a block-scalar env value is replaced without swallowing the next entry', async () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      env:\n        - name: SLACK_TOKEN\n          value: >-\n            ${fake.slack()}\n        - name: PORT\n          value: "3000"\n`;
    const out = await fixAllOut('/ws/pod.yaml', text);
    const env = YAML.parse(out).spec.containers[0].env;
    assert.deepStrictEqual(env, [
      { name: 'SLACK_TOKEN', valueFrom: { secretKeyRef: { name: 'p-secrets', key: 'SLACK_TOKEN' } } },
      { name: 'PORT', value: '3000' },
    ]);
  });
  it('a Secret stringData block scalar keeps the keys after it', async () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  config.json: |\n    {"token": "${fake.token(30, 501)}"}\n  other: ${fake.token(30, 502)}\n`;
    const out = await fixAllOut('/ws/secret.yaml', text);
    assert.deepStrictEqual(YAML.parse(out).stringData, { 'config.json': '${CONFIG_JSON}', other: '${OTHER}' });
  });
  it('"ignore" inside a block scalar wraps the key, leaving the value untouched', async () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  key.pem: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEA${fake.token(60, 503)}\n    ${fake.token(64, 504)}\n    -----END RSA PRIVATE KEY-----\n  other: x\n`;
    const findings = await analyze(text, '/ws/s.yaml');
    const f = findings.find((x) => x.ruleId === 'secretlint/privatekey') ?? findings[0];
    const fix = engine.fixesForFinding({ path: '/ws/s.yaml', text }, f).find((x) => x.title.startsWith('Ignore'));
    const out = applyFix(fix, { '/ws/s.yaml': text })['/ws/s.yaml'];
    assert.strictEqual(YAML.parse(out).stringData['key.pem'], YAML.parse(text).stringData['key.pem']);
    assert.ok(!(await analyze(out, '/ws/s.yaml')).some((x) => x.ruleId === f.ruleId));
  });
});

describe('review: the literal around a secret', () => {
  const slack = fake.slack();
  it('a secret in a comment is not joined to backticks on other lines', async () => {
    const text = `"""Run \`python app.py\`."""\n# old token: ${slack}\nimport re\nPAT = re.compile(r"\\d+")\n"""See \`docs\`."""\n`;
    const { fix } = await preferredFix('/ws/app.py', text, 'secretlint/slack');
    // a secret in a comment is not a string literal: no reference is written there (ignore / rotate instead)
    assert.strictEqual(fix, undefined);
  });
  it('JS: a regex between two template strings is left alone', async () => {
    const text = `const a = \`hello\`; const re = /\\d+/; // ${slack}\nconst b = \`world\`;\n`;
    const out = await fixAllOut('/ws/a.js', text);
    jsParses(out);
    assert.ok(out.includes('const re = /\\d+/;'));
  });
  it('Python string prefixes, triple quotes and escaped quotes', async () => {
    const key = `AIza${fake.token(35, 511)}`;
    for (const [text, expected] of [
      [`API_KEY = b"${key}"\n`, 'API_KEY = os.environ["GOOGLE_API_KEY"].encode()'],
      [`API_KEY = r'${key}'\n`, 'API_KEY = os.environ["GOOGLE_API_KEY"]'],
      [`API_KEY = """${key}"""\n`, 'API_KEY = os.environ["GOOGLE_API_KEY"]'],
      [`s = "{x} ${key} \\"q\\""\n`, `s = f"{{x}} {os.environ['GOOGLE_API_KEY']} \\"q\\""`],
      [`s = f"{x} ${key}"\n`, `s = f"{x} {os.environ['GOOGLE_API_KEY']}"`],
    ]) {
      const { out } = await preferredFix('/ws/a.py', text);
      pyParses(out);
      assert.ok(out.includes(expected), `${text} -> ${out}`);
    }
  });
  it('import os goes after the docstring and from __future__ imports', async () => {
    const text = `#!/usr/bin/env python3\n"""Module doc."""\nfrom __future__ import annotations\n\nAPI_TOKEN = "${fake.token(32, 512)}"\n`;
    const { out } = await preferredFix('/ws/a.py', text);
    pyParses(out);
    assert.match(out, /from __future__ import annotations\nimport os\n/);
  });
  it('from os import environ does not count as import os', async () => {
    const text = `from os import environ\nAPI_TOKEN = "${fake.token(32, 513)}"\n`;
    const { out } = await preferredFix('/ws/a.py', text);
    assert.match(out, /^import os$/m);
  });
  it('JSX attributes get braces; an existing template keeps its interpolations; escapes stay', async () => {
    const key = `AIza${fake.token(35, 514)}`;
    let r = await preferredFix('/ws/Map.jsx', `const m = <Map apiKey="${key}" zoom={3} />;\n`);
    assert.ok(r.out.includes('<Map apiKey={process.env.GOOGLE_API_KEY} zoom={3} />'), r.out);
    const tg = `123456789:AA${fake.token(33, 515)}`;
    r = await preferredFix('/ws/bot.js', `const url = \`https://api.telegram.org/bot\${ver}/${tg}/send\`;\n`);
    assert.ok(r.out.includes('`https://api.telegram.org/bot${ver}/${process.env.TELEGRAM_BOT_TOKEN}/send`'), r.out);
    jsParses(r.out);
    r = await preferredFix('/ws/a.js', `const s = 'it\\'s ${key}';\n`);
    jsParses(r.out);
    assert.ok(r.out.includes("`it\\'s ${process.env.GOOGLE_API_KEY}`"), r.out);
  });
  it('a byte-order mark does not shift ranges (CLI column, fix)', () => {
    const dir = tmpWorkspace({ 'a.js': `\uFEFF// x\nconst t = "${slack}";\n` });
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json'], { encoding: 'utf8' });
    const [f] = JSON.parse(r.stdout).findings;
    assert.deepStrictEqual([f.line, f.column], [2, 12]);
  });
  it('a byte-order mark in an editor buffer: the fix replaces exactly the literal', async () => {
    const text = `\uFEFF// x\nconst t = "${slack}";\n`;
    const { f, out } = await preferredFix('/ws/a.js', text, 'secretlint/slack');
    assert.strictEqual(textAt(text, f.range), slack);
    assert.strictEqual(out, '\uFEFF// x\nconst t = process.env.SLACK_TOKEN;\n');
  });
});

describe('review: other fixes', () => {
  const tok = fake.token(32, 521);
  it('Go: adds import "os"', async () => {
    for (const text of [`package main\n\nimport (\n\t"fmt"\n)\n\nvar apiToken = "${tok}"\n`, `package main\n\nvar apiToken = "${tok}"\n`]) {
      const { out } = await preferredFix('/ws/main.go', text);
      assert.match(out, /"os"/);
      assert.match(out, /os\.Getenv\("API_TOKEN"\)/);
    }
  });
  it('Terraform: no reference fix in .tfvars; a variable default becomes sensitive; no second declaration', async () => {
    const tfvars = await preferredFix('/ws/terraform.tfvars', `db_password = "Xk9#mP2vL8qR!"\n`);
    assert.strictEqual(tfvars.fix, undefined);
    const def = await preferredFix('/ws/variables.tf', `variable "api_token" {\n  type    = string\n  default = "${fake.slack()}"\n}\n`);
    assert.strictEqual(def.out, `variable "api_token" {\n  type    = string\n  sensitive = true\n}\n`);
    const dir = tmpWorkspace({ 'variables.tf': 'variable "api_token" {\n  sensitive = true\n}\n', 'main.tf': `resource "x" "y" {\n  api_token = "${tok}"\n}\n` });
    const ws = new engine.WorkspaceIndex(dir);
    const main = await preferredFix(path.join(dir, 'main.tf'), fs.readFileSync(path.join(dir, 'main.tf'), 'utf8'), undefined, { workspace: ws });
    assert.ok(!main.out.includes('variable "api_token"'), main.out);
  });
  it('shell: single quotes become double quotes so the variable expands', async () => {
    const { out } = await preferredFix('/ws/run.sh', `TOKEN='${fake.slack()}'\n`);
    assert.strictEqual(out, 'TOKEN="${SLACK_TOKEN}"\n');
  });
  it('Dockerfile: "ignore" goes on the line above an ENV line', async () => {
    const text = `FROM node:20\nENV API_TOKEN=${tok}\n`;
    const [f] = await analyze(text, '/ws/Dockerfile');
    const fix = engine.fixesForFinding({ path: '/ws/Dockerfile', text }, f).find((x) => x.title.startsWith('Ignore'));
    const out = applyFix(fix, { '/ws/Dockerfile': text })['/ws/Dockerfile'];
    assert.strictEqual(out, `FROM node:20\n# secretlint-disable-next-line secret/generic-credential\nENV API_TOKEN=${tok}\n`);
  });
  it('CRLF files keep CRLF in inserted lines', async () => {
    const text = `apiVersion: v1\r\nkind: Pod\r\nmetadata: {name: p}\r\nspec:\r\n  containers:\r\n    - name: c\r\n      env:\r\n        - name: DB_PASSWORD\r\n          value: "Xk9#mP2vL8qR!"\r\n`;
    const { out } = await preferredFix('/ws/pod.yaml', text);
    assert.ok(!/[^\r]\n/.test(out), JSON.stringify(out));
  });
  it('a Secret data: value (base64) gets no ${NAME} rewrite; stringData does', async () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  A_TOKEN: ${Buffer.from(tok).toString('base64')}\nstringData:\n  B_TOKEN: ${tok}\n`;
    const findings = await analyze(text, '/ws/s.yaml');
    const fixes = findings.map((f) => engine.fixesForFinding({ path: '/ws/s.yaml', text }, f).map((x) => x.title));
    assert.ok(!fixes[0].some((t) => t.startsWith('Replace')), fixes[0].join(' | '));
    assert.ok(fixes[1].some((t) => t.startsWith('Replace')), fixes[1].join(' | '));
  });
  it('no .env.example fix outside a workspace folder', async () => {
    const text = `const apiToken = "${tok}";\n`;
    const [f] = await analyze(text, '/untitled/Untitled-1');
    assert.ok(!engine.fixesForFinding({ path: '/untitled/Untitled-1', text }, f).some((x) => x.title.includes('.env.example')));
  });
});

describe('review: suppression comments must be comments', () => {
  const slack = fake.slack();
  it('prose mentioning a directive does not suppress', async () => {
    for (const [file, text] of [
      ['/ws/a.js', `// Do not use secretlint-disable here\nconst t = "${slack}";\n`],
      ['/ws/README.md', `Suppress with \`secretlint-disable\` and \`secretlint-enable\`.\n\nSLACK=${slack}\n`],
    ]) {
      assert.strictEqual((await analyze(text, file)).length, 1, text);
    }
  });
  it('disable and enable on one line cover only what is between them', async () => {
    const text = `/* secretlint-disable */ const a = "${slack}"; /* secretlint-enable */\nconst b = "${slack}";\n`;
    assert.deepStrictEqual((await analyze(text, '/ws/a.js')).map((f) => f.range.start.line), [1]);
  });
});

describe('review: false positives and negatives', () => {
  const tok = fake.token(32, 531);
  it('locale strings and Helm resource names are not secrets', async () => {
    for (const [file, text] of [
      ['/ws/locales/de.json', '{ "password": "Passwort", "token": "Zugangsschlüssel", "forgot_password": "¿Olvidaste?" }\n'],
      ['/ws/values.yaml', 'existingSecret: my-app-credentials\nsecretKey: admin-password-key\n'],
    ]) {
      assert.deepStrictEqual(await analyze(text, file), [], text);
    }
  });
  it('a Google API key (Firebase web keys are public by design) is a warning', async () => {
    const [f] = await analyze(`const firebaseConfig = { apiKey: "AIza${fake.token(35, 532)}" };\n`, '/ws/firebase.js');
    assert.strictEqual(f.severity, 'warning');
  });
  it('compose list syntax, Dockerfile ENV/ARG, env-lookup defaults, provider _KEY names', async () => {
    const cases = [
      ['/ws/docker-compose.yml', `services:\n  api:\n    environment:\n      - JWT_SECRET=${tok}\n`],
      ['/ws/Dockerfile', `ENV API_KEY=${tok}\n`],
      ['/ws/Dockerfile', `ENV API_KEY ${tok}\n`],
      ['/ws/a.js', `const key = process.env.API_KEY || "${tok}";\n`],
      ['/ws/a.py', `key = os.getenv("API_KEY", "${tok}")\n`],
      ['/ws/a.py', `OPENAI_KEY = "${tok}"\n`],
      ['/ws/a.rb', `SECRET_KEY_BASE = "${tok}"\n`],
      ['/ws/a.js', `const HMAC_KEY = "${tok}";\n`],
    ];
    for (const [file, text] of cases) {
      const f = await analyze(text, file);
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential'], `${file}: ${text}`);
      assert.strictEqual(textAt(text, f[0].range), tok);
    }
  });
});

describe('review: CLI and SARIF', () => {
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
