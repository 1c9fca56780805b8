'use strict';
// Edits cost what changed: line-local families run on cached chunks of a large file. The result must be
// exactly what a whole-file analysis gives, for any arrangement of the constructs that span lines.
const assert = require('assert');
const fc = require('fast-check');
const { engine, fake, rand } = require('../helpers');

const pem = () => ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEA' + rand(48, undefined, 31), rand(64, undefined, 32), rand(64, undefined, 33), '-----END RSA PRIVATE KEY-----'];

/** Blocks of a realistic JS/TS file; several span lines (template literals, block comments, PEM inside a template). */
const JS_BLOCKS = [
  () => ['function add(a, b) {', '  return a + b;', '}', ''],
  () => [`const slackToken = "${fake.slack()}";`, ''],
  () => [`const apiToken = "${fake.token(32, 71)}";`, ''],
  () => ['const query = `', '  select * from users', '', `  -- token ${fake.github()}`, '`;', ''],
  () => ['/*', ' * https://api.unknown-vendor.io/v1/hooks', '', ' * more prose', ' */', ''],
  () => ['const key = `', ...pem(), '`;', ''],
  () => [`await fetch("https://api.unknown-vendor.io/v2/items");`, ''],
  () => [`const hook = "https://hooks.slack.com/services/T000/B000/XXXX";`, ''],
  () => ['// a comment with https://docs.example.com/page', ''],
  () => ['const longer = `first line', 'second line ' + '`' + ';', ''],
  () => Array.from({ length: 40 }, (_, i) => `const v${i} = ${i};`).concat(['']),
  // Blank lines inside a template literal and a block comment, then code: a chunk must never start inside them.
  () => ['const page = `', '', '<h1>Report</h1>', '', '', '`;', `const clientSecret = "${fake.token(28, 72)}";`, ''],
  () => ['/*', '', 'const notCode = "https://api.unknown-vendor.io/old";', '', '*/', `const token2 = "${fake.token(30, 73)}";`, ''],
  // Comment and template markers inside ordinary strings open nothing.
  () => ['const glob = "src/**/*.js";', "const tick = '`';", '', 'const md = "```";', `const apiKey3 = "${fake.token(30, 74)}";`, ''],
];

/** Blocks of a Markdown file: prose, and fenced blocks with blank lines and secrets inside. */
const MD_BLOCKS = [
  () => ['Some prose about the app.', ''],
  () => ['```env', '', `DATABASE_PASSWORD=${fake.token(26, 75)}`, '', '```', ''],
  () => ['~~~yaml', 'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: s', '', 'stringData:', `  token: ${fake.token(28, 76)}`, '~~~', ''],
  () => Array.from({ length: 30 }, (_, i) => `Line ${i} of a long section.`).concat(['']),
];

function build(order, blocks, minLines) {
  const lines = [];
  let i = 0;
  while (lines.length < minLines) lines.push(...blocks[order[i++ % order.length] % blocks.length]());
  return lines.join('\n');
}

const key = (f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.severity} ${f.message} ${JSON.stringify(f.data ?? null)}`;
const factKey = (f) => JSON.stringify(f);

async function same(path, text) {
  const chunked = await engine.analyze({ path, text });
  const whole = await engine.analyze({ path, text }, { wholeFile: true });
  assert.deepStrictEqual(chunked.findings.map(key), whole.findings.map(key));
  assert.deepStrictEqual(chunked.facts.map(factKey).sort(), whole.facts.map(factKey).sort());
  return chunked;
}

describe('incremental analysis: chunked equals whole-file', function () {
  this.timeout(120000);
  it('a 3,000-line JS file with multi-line strings, block comments and PEM blocks', async () => {
    const text = build([0, 1, 10, 3, 10, 4, 2, 10, 5, 6, 10, 7, 8, 9, 10, 11, 12, 11, 12, 11, 12, 13, 10, 13], JS_BLOCKS, 3000);
    const r = await same('/ws/big.js', text);
    const ids = new Set(r.findings.map((f) => f.ruleId));
    for (const id of ['secretlint/slack', 'secretlint/github', 'secretlint/privatekey', 'secret/generic-credential', 'network/unknown-endpoint']) assert.ok(ids.has(id), `${id} found`);
    // Once per host per file, as in a whole-file check.
    assert.strictEqual(r.findings.filter((f) => f.ruleId === 'network/unknown-endpoint').length, 1);
  });

  it('any arrangement of the blocks (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(JS_BLOCKS.length * 3), { minLength: 5, maxLength: 40 }), async (order) => {
        await same('/ws/gen.ts', build(order, JS_BLOCKS, 1800));
      }),
      { numRuns: 25 },
    );
  });

  it('Markdown: fenced blocks are never split (any arrangement)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(MD_BLOCKS.length * 3), { minLength: 5, maxLength: 30 }), async (order) => {
        await same('/ws/README.md', build(order, MD_BLOCKS, 1800));
      }),
      { numRuns: 15 },
    );
    const r = await same('/ws/GUIDE.md', build([0, 1, 3, 2, 3, 3, 1, 3, 2], MD_BLOCKS, 2500));
    assert.ok(r.findings.some((f) => f.category === 'secret'));
  });

  it('a 20,000-line multi-document manifest, chunked by YAML document', async () => {
    const docs = [];
    for (let i = 0; i < 500; i++) {
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ns${i % 7}\nspec:\n  selector:\n    matchLabels: {app: app-${i}}\n  template:\n    metadata:\n      labels: {app: app-${i}}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/app:${i}\n          env:\n            - name: DB_PASSWORD\n              value: "${i % 50 === 0 ? fake.password() : '${DB_PASSWORD}'}"\n            - name: API_URL\n              value: "https://api.unknown-vendor.io/${i}"\n`);
    }
    const text = docs.map((d) => `---\n${d}`).join('');
    const r = await same('/ws/manifests.yaml', text);
    assert.strictEqual(r.findings.filter((f) => f.ruleId === 'secret/k8s-env-literal').length, 10);
  });

  it('files without blank lines (generated code, one statement per line) are chunked too, and still equal whole-file (property)', async () => {
    const noBlank = JS_BLOCKS.map((b) => () => b().filter((l) => l.trim() !== ''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(noBlank.length * 3), { minLength: 5, maxLength: 40 }), async (order) => {
        await same('/ws/dense.js', build(order, noBlank, 2500));
      }),
      { numRuns: 25 },
    );
  });

  it('a URL on every line and no blank line: chunk boundaries come from the text, so an edit moves none of the boundaries after it', async () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `const r${i} = await fetch("https://api-${i}.unknown-vendor.io/v1/items/${i * 7}");`);
    const text = lines.join('\n') + '\n';
    const index = new engine.LineIndex(text);
    const before = engine.internals.chunksOf(text, 'js', index.lineStarts);
    assert.ok(before && before.length >= 40, `chunked (${before && before.length} chunks)`);
    const edited = [...lines.slice(0, 10000), `const stripeKey = "${fake.stripe()}";`, ...lines.slice(10000)].join('\n') + '\n';
    const after = engine.internals.chunksOf(edited, 'js', new engine.LineIndex(edited).lineStarts);
    const beforeTexts = new Set(before.map((c) => c.text));
    const changed = after.filter((c) => !beforeTexts.has(c.text));
    assert.ok(changed.length <= 2, `${changed.length} chunk(s) changed by a one-line edit`);
    await same('/ws/urls.js', edited);
  });

  it('an edit re-checks only the chunk it touches (cache hit elsewhere), and the result follows the edit', async () => {
    const text = build([0, 1, 10, 2, 10, 6], JS_BLOCKS, 4000);
    await engine.analyze({ path: '/ws/edit.js', text });
    const lines = text.split('\n');
    const mid = Math.floor(lines.length / 2);
    const edited = [...lines.slice(0, mid), `const stripeKey = "${fake.stripe()}";`, ...lines.slice(mid)].join('\n');
    const r = await same('/ws/edit.js', edited);
    assert.ok(r.findings.some((f) => f.range.start.line === mid && f.ruleId === 'secret/provider-token'));
  });
});
