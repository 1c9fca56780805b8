'use strict';
// From the fresh-user QA pass: each test reproduces what a user saw.
const assert = require('assert');
const vm = require('vm');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { analyze, engine, fake, applyFix, textAt, fixesOf } = require('../helpers');

describe('QA: fixes that fit the place', () => {
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

describe('QA: missed secrets', () => {
  const tok = fake.token(32, 711);
  it('TypeScript type annotations', async () => {
    for (const text of [`const DB_PASSWORD: string = "Xk9#mP2vL8qR!";\n`, `const apiToken: string | undefined = "${tok}";\n`, `let secret?: string = '${tok}';\n`]) {
      const f = await analyze(text, '/ws/a.ts');
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential'], text);
    }
  });
  it('Authorization headers inside strings (curl, headers.set)', async () => {
    for (const [file, text] of [
      ['/ws/.github/workflows/notify.yml', `      - run: curl -H "Authorization: Bearer ${tok}" https://api.example.org\n`],
      ['/ws/a.js', `headers.set('Authorization', 'Bearer ${tok}');\n`],
    ]) {
      const f = await analyze(text, file);
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential'], text);
      assert.strictEqual(textAt(text, f[0].range), tok);
    }
  });
  it('credentials in redis:// and amqp:// URLs', async () => {
    for (const url of [`redis://:Xk9mP2vL8qR@cache.internal:6379/0`, `amqp://bot:Xk9mP2vL8qR@mq.internal:5672`]) {
      const f = await analyze(`BROKER = "${url}"\n`, '/ws/a.py');
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/provider-token'], url);
    }
  });
});

describe('QA: not secrets', () => {
  it('CSS values and password hashes', async () => {
    for (const text of [`const cssToken = 'var(--color-primary-500)';\n`, `const hashedPassword = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";\n`, `const adminPassword = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";\n`]) {
      assert.deepStrictEqual(await analyze(text, '/ws/a.js'), [], text);
    }
  });
  it('messages in .env files say what is wrong there', async () => {
    const [, f] = await analyze(`API_TOKEN=${fake.token(30, 721)}\n`, '/ws/.env');
    assert.match(f.message, /in a \.env file that git does not ignore/);
  });
});

describe('QA: names the project already uses', () => {
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
