'use strict';
// Secret fixes rewrite exactly the literal, in the syntax of the string it sits in: quotes, prefixes,
// templates, JSX attributes, YAML flow collections, byte-order marks. Each test reproduces a case that once went wrong.
const assert = require('assert');
const path = require('path');
const vm = require('vm');
const { spawnSync } = require('child_process');
const YAML = require('yaml');
const { analyze, engine, fake, applyFix, tmpWorkspace, textAt, fixesOf, ROOT, preferredFix, fixAllOut } = require('../helpers');

function pyParses(text) {
  const r = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text });
  if (r.error) return; // no python3 here
  assert.strictEqual(r.status, 0, `python does not parse:\n${text}\n${r.stderr}`);
}
function jsParses(text) {
  new vm.Script(text);
}

describe('secret fixes: the reference fits the literal (comments, regexes, Python prefixes, JSX, templates, escapes)', () => {
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
});

describe('secret fixes: the reference never lands inside a string', () => {
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

describe('secret fixes: JSX attributes, YAML flow collections, constants', () => {
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

describe('secret fixes: byte-order marks', () => {
  const slack = fake.slack();
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
  it('YAML ignore comments do not copy a byte-order mark', async () => {
    const text = `\uFEFFconfig: |\n  ${fake.slack()}\nother: 1\n`;
    const { fixes } = await fixesOf('/ws/c.yaml', text);
    const out = applyFix(fixes.find((x) => x.title.startsWith('Ignore')), { '/ws/c.yaml': text })['/ws/c.yaml'];
    assert.strictEqual(out.split('\uFEFF').length, 2, JSON.stringify(out));
    YAML.parse(out.replace(/^\uFEFF/, ''));
  });
});
