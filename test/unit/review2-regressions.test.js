'use strict';
// Regressions from the second code review.
const assert = require('assert');
const vm = require('vm');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { analyze, engine, fake, applyFix, textAt, fixesOf } = require('../helpers');

function pyParses(text) {
  const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
  if (r.error) return;
  assert.strictEqual(r.status, 0, `python does not parse:\n${text}\n${r.stderr}`);
}
describe('review 2: the reference never lands inside a string', () => {
  const tok = fake.token(32, 801);
  const slack = fake.slack();
  it('an apostrophe in an earlier string on the line', async () => {
    const { out } = await fixesOf('/ws/a.js', `const msg = "it's"; const apiToken = '${tok}';\n`);
    assert.strictEqual(out, `const msg = "it's"; const apiToken = process.env.API_TOKEN;\n`);
  });
  it('a secret inside a longer prose string keeps the prose', async () => {
    const { out } = await fixesOf('/ws/a.js', `const help = "Here's the bot token: ${slack}";\n`);
    assert.strictEqual(out, "const help = `Here's the bot token: ${process.env.SLACK_TOKEN}`;\n");
    new vm.Script(out);
  });
  it('strings that began on an earlier line get no reference rewrite', async () => {
    for (const [file, text] of [
      ['/ws/a.js', `const t = \`line1\n${slack}\`;\n`],
      ['/ws/a.py', `X = """\n${slack}\n"""\n`],
    ]) {
      const { fixes } = await fixesOf(file, text, 'secretlint/slack');
      assert.ok(!fixes.some((x) => x.title.startsWith('Replace') || x.title.startsWith('Move')), `${file}: ${fixes.map((x) => x.title)}`);
    }
  });
});

describe('review 2: JSX, YAML flow, constants', () => {
  const key = `AIza${fake.token(35, 811)}`;
  it('JSX attributes on their own line and after an arrow function', async () => {
    for (const text of [`const m = (\n  <Map\n    apiKey="${key}"\n  />\n);\n`, `const m = <Map onClick={() => f()} apiKey="${key}" />;\n`]) {
      const { out } = await fixesOf('/ws/Map.tsx', text);
      assert.ok(out.includes('apiKey={process.env.GOOGLE_API_KEY}'), out);
    }
  });
  it('YAML flow collections get a quoted reference', async () => {
    const slack = fake.slack();
    for (const text of [`slack: {token: ${slack}, channel: x}\n`, `tokens: [${slack}, other]\n`]) {
      const { out } = await fixesOf('/ws/c.yaml', text);
      YAML.parse(out);
      assert.ok(out.includes('"${SLACK_TOKEN}"'), out);
    }
  });
  it('a Go or C# constant gets no reference rewrite (it would not compile)', async () => {
    const tok = fake.token(32, 812);
    for (const [file, text] of [['/ws/main.go', `package main\nconst apiToken = "${tok}"\n`], ['/ws/A.cs', `class A { const string apiToken = "${tok}"; }\n`]]) {
      const { fixes } = await fixesOf(file, text);
      assert.ok(!fixes.some((x) => x.title.startsWith('Replace')), fixes.map((x) => x.title).join(' | '));
    }
  });
});

describe('review 2: byte-order marks, Dockerfile pairs, Terraform, Python imports', () => {
  const tok = fake.token(32, 821);
  it('YAML ignore comments do not copy a byte-order mark', async () => {
    const text = `\uFEFFconfig: |\n  ${fake.slack()}\nother: 1\n`;
    const { fixes } = await fixesOf('/ws/c.yaml', text);
    const out = applyFix(fixes.find((x) => x.title.startsWith('Ignore')), { '/ws/c.yaml': text })['/ws/c.yaml'];
    assert.strictEqual(out.split('\uFEFF').length, 2, JSON.stringify(out));
    YAML.parse(out.replace(/^\uFEFF/, ''));
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

describe('review 2: suppression and public keys', () => {
  const slack = fake.slack();
  it('directive-like prose does not suppress (Markdown, bullets, inline code, YAML strings)', async () => {
    for (const [file, text] of [
      ['/ws/README.md', `Put \`# secretlint-disable\` above a block.\n\nSLACK=${slack}\n`],
      ['/ws/README.md', `* secretlint-disable: turns checks off\n\nSLACK=${slack}\n`],
      ['/ws/notes.txt', `Use \`# secretlint-disable\` sparingly.\nSLACK=${slack}\n`],
    ]) {
      assert.strictEqual((await analyze(text, file)).length, 1, text);
    }
  });
  it('publishable and public keys, model names, anon JWTs', async () => {
    const anon = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', Buffer.from(JSON.stringify({ iss: 'supabase', role: 'anon', iat: 1700000000 })).toString('base64url'), fake.token(43, 831)].join('.');
    for (const text of [
      `STRIPE_KEY = "pk_live_${fake.token(24, 832)}"\n`,
      `MAPBOX_KEY = "pk.eyJ1Ijoib${fake.token(40, 833)}"\n`,
      `HF_KEY = "sentence-transformers/all-MiniLM-L6-v2"\n`,
      `SUPABASE_ANON_KEY = "${anon}"\n`,
    ]) {
      assert.deepStrictEqual(await analyze(text, '/ws/a.py'), [], text);
    }
  });
});
