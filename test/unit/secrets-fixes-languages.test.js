'use strict';
// Secret fixes per language and format: the import or declaration a reference needs (Python, Go, Terraform),
// Dockerfile ENV/ARG, shell quoting, Kubernetes block scalars and Secret data, CRLF, env fallbacks, names from .env files.
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { analyze, engine, fake, applyFix, tmpWorkspace, fixesOf, preferredFix, fixAllOut } = require('../helpers');

function pyParses(text) {
  const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
  if (r.error) return; // no python3 here
  assert.strictEqual(r.status, 0, `python does not parse:\n${text}\n${r.stderr}`);
}

describe('secret fixes: Python imports', () => {
  const tok = fake.token(32, 821);
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
  it('Python: import os after a byte-order mark; after a parenthesised __future__ import; `import os as x` does not count', async () => {
    let r = await fixesOf('/ws/a.py', `\uFEFFAPI_TOKEN = "${tok}"\n`);
    assert.ok(r.out.startsWith('\uFEFFimport os\n'), JSON.stringify(r.out));
    r = await fixesOf('/ws/b.py', `from __future__ import (\n    annotations,\n)\nAPI_TOKEN = "${tok}"\n`);
    pyParses(r.out);
    assert.match(r.out, /\)\nimport os\n/);
    r = await fixesOf('/ws/c.py', `import os as _os\nAPI_TOKEN = "${tok}"\n`);
    assert.match(r.out, /^import os$/m);
  });
});

describe('secret fixes: Go imports, Terraform variables, shell quoting, Dockerfile, CRLF, Secret data, .env.example', () => {
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

describe('secret fixes: no rewrite where it would lose code (Dockerfile pairs, Terraform blocks, fallbacks inside an expression)', () => {
  const tok = fake.token(32, 821);
  it('Dockerfile: several pairs or a continuation are not rewritten', async () => {
    for (const text of [`ENV API_TOKEN=${tok} PORT=3000\n`, `ENV API_TOKEN=${tok} \\\n    PORT=3000\n`]) {
      const { fixes } = await fixesOf('/ws/Dockerfile', text);
      assert.ok(!fixes.some((x) => x.title.startsWith('Remove')), fixes.map((x) => x.title).join(' | '));
    }
  });
  it('Terraform: no rewrite of a one-line variable or a `default` outside a variable block', async () => {
    const slack = fake.slack();
    for (const text of [`variable "api_token" { default = "${slack}" }\n`, `locals {\n  default = "${slack}"\n}\n`]) {
      const { fixes } = await fixesOf('/ws/main.tf', text);
      assert.ok(!fixes.some((x) => x.isPreferred), fixes.map((x) => x.title).join(' | '));
    }
  });
  it('a fallback is only removed when it ends the expression', async () => {
    const { fixes } = await fixesOf('/ws/a.js', `const k = process.env.API_KEY || "${tok}" + suffix;\n`);
    assert.ok(!fixes.some((x) => /fallback/.test(x.title)), fixes.map((x) => x.title).join(' | '));
  });
});

describe('secret fixes: the fix fits the place (workflows, env fallbacks, client constructors, Dockerfile, Terraform)', () => {
  const tok = fake.token(32, 701);
  it('GitHub Actions workflows get ${{ secrets.NAME }} and no .env move', async () => {
    const text = `on: push\njobs:\n  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@v1\n        with:\n          api_token: ${tok}\n`;
    const { out, fixes } = await fixesOf('/ws/.github/workflows/ci.yml', text);
    assert.match(out, /api_token: \$\{\{ secrets\.API_TOKEN \}\}/);
    YAML.parse(out);
    assert.ok(!fixes.some((x) => x.title.startsWith('Move')), fixes.map((x) => x.title).join(' | '));
  });
  it('a fallback next to an environment lookup is removed, keeping the lookup', async () => {
    const slack = fake.slack();
    let r = await fixesOf('/ws/a.js', `const t = process.env.SLACK_BOT_TOKEN || '${slack}';\n`);
    assert.strictEqual(r.out, 'const t = process.env.SLACK_BOT_TOKEN;\n');
    assert.match(r.fix.title, /Remove the hardcoded fallback/);
    r = await fixesOf('/ws/a.py', `import os\ntoken = os.environ.get("GITHUB_TOKEN", "${fake.github()}")\n`);
    assert.strictEqual(r.out, 'import os\ntoken = os.environ.get("GITHUB_TOKEN")\n');
    r = await fixesOf('/ws/a.js', `const key = process.env.API_KEY ?? "${tok}";\n`);
    assert.strictEqual(r.out, 'const key = process.env.API_KEY;\n');
  });
  it('a generic key inside a client constructor is named after the client', async () => {
    const { out } = await fixesOf('/ws/a.js', `const openai = new OpenAI({ apiKey: "${tok}" });\n`);
    assert.match(out, /new OpenAI\(\{ apiKey: process\.env\.OPENAI_API_KEY \}\)/);
  });
  it('Dockerfile ENV: the secret leaves the image', async () => {
    const { out, fix } = await fixesOf('/ws/Dockerfile', `FROM node:20\nENV API_TOKEN=${tok}\nCMD ["node", "app.js"]\n`);
    assert.strictEqual(out, 'FROM node:20\n# API_TOKEN: provided at run time (docker run -e API_TOKEN, compose environment, or a BuildKit secret)\nCMD ["node", "app.js"]\n');
    assert.match(fix.title, /Remove API_TOKEN from the image/);
  });
  it('Terraform: a default in a variable that is already sensitive is just removed', async () => {
    const text = `variable "api_token" {\n  type      = string\n  sensitive = true\n  default   = "${fake.slack()}"\n}\n`;
    const { out } = await fixesOf('/ws/variables.tf', text);
    assert.strictEqual(out, 'variable "api_token" {\n  type      = string\n  sensitive = true\n}\n');
  });
});

describe('secret fixes: names the project already uses', () => {
  it('signingSecret becomes SLACK_SIGNING_SECRET when .env.example already has it', async () => {
    const { tmpWorkspace } = require('../helpers');
    const path = require('path');
    const dir = tmpWorkspace({ '.env.example': 'PORT=\nSLACK_SIGNING_SECRET=\n' });
    const ws = new engine.WorkspaceIndex(dir);
    const file = path.join(dir, 'app.js');
    const text = `const signingSecret = "${fake.token(32, 741)}";\n`;
    const [f] = await analyze(text, file, { workspace: ws });
    const fixes = engine.fixesForFinding({ path: file, text }, f, { workspace: ws });
    assert.strictEqual(fixes[0].title, 'Replace with process.env.SLACK_SIGNING_SECRET');
    assert.ok(!fixes.some((x) => x.title.includes('.env.example')), 'the name is already in .env.example');
  });
});

describe('secret fixes: YAML block scalars', () => {
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
