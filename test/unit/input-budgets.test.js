'use strict';
// Hostile input (issue 12): a 300-byte alias bomb, a secret next to 2,000-deep nesting. Behaviour only:
// the budget note, the alias shown unresolved, the secret still found, the rest of the folder scanned.
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');
const { engine, tmpWorkspace, fake, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
const cli = (args) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 15000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
};

/** Anchors that reference the previous anchor nine times, `levels` levels: 9^levels values from ~300 bytes. */
function aliasBomb(levels = 7) {
  const lines = ['a0: &a0 [x,x,x,x,x,x,x,x,x]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

const deepJson = (secret, depth = 2000) => `{"token": "${secret}", "deep": ${'['.repeat(depth)}${']'.repeat(depth)}}\n`;

/** Nodes of a positioned tree, walking every alias expansion (what a family's walk would visit). */
function countNodes(node, limit = 1e7) {
  let n = 0;
  const stack = [node];
  while (stack.length && n < limit) {
    const x = stack.pop();
    n++;
    if (x.type === 'object') for (const e of x.entries) stack.push(e.value);
    else if (x.type === 'array') for (const i of x.items) stack.push(i);
    else if (x.type === 'unknown' && x.inner) stack.push(x.inner);
  }
  return n;
}

describe('input budgets: hostile YAML and JSON', () => {
  it('an alias bomb is cut at the alias budget: the alias past it is unknown (tag alias) and a note says where', () => {
    const text = aliasBomb();
    assert.ok(text.length < 400, 'the bomb is a few hundred bytes');
    const ctx = engine.documentContext({ path: '/ws/bomb.yaml', text });
    const [d] = ctx.yaml();
    const nodes = countNodes(d.tree);
    assert.ok(nodes <= engine.internals.tree.TREE_LIMITS.maxAliasNodes + 2000, `the tree stands for ${nodes} nodes, not 9^7`);
    const a5 = d.tree.entries.find((e) => e.key === 'a5').value;
    assert.strictEqual(a5.type, 'array');
    assert.ok(a5.items.every((i) => i.type === 'unknown' && i.tag === 'alias'), 'aliases past the budget are unresolved');
    const a2 = d.tree.entries.find((e) => e.key === 'a2').value;
    assert.ok(a2.items.every((i) => i.type === 'array' && i.items.length === 9), 'aliases within the budget are expanded');
    const notes = ctx.notes();
    assert.strictEqual(notes.length, 1);
    assert.match(notes[0].message, /Alias \*a\d is not expanded.*alias bomb/);
    assert.strictEqual(text.slice(notes[0].start, notes[0].end), '*a4', 'the note points at the first alias cut');
  });

  it('small aliases are still expanded in full (merge keys, anchors reused a few times)', async () => {
    const text = 'base: &base\n  image: nginx\n  env: [a, b]\nweb:\n  <<: *base\n  name: web\nlist: [*base, *base]\n';
    const ctx = engine.documentContext({ path: '/ws/anchors.yaml', text });
    const tree = ctx.yaml()[0].tree;
    const list = tree.entries.find((e) => e.key === 'list').value;
    assert.deepStrictEqual(list.items.map((i) => i.type), ['object', 'object']);
    assert.deepStrictEqual(list.items[0].entries.map((e) => e.key), ['image', 'env']);
    assert.deepStrictEqual(ctx.notes(), []);
  });

  it('analysis of the bomb returns with the note; the secret beside it is found', async () => {
    const gh = fake.github();
    const text = `token: ${gh}\n` + aliasBomb();
    const r = await engine.analyze({ path: '/ws/bomb.yaml', text }, {});
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['secretlint/github']);
    assert.strictEqual(r.notes.length, 1);
    assert.match(r.notes[0].message, /not expanded/);
    assert.ok(r.notes[0].range.start.line >= 1);
  });

  it('a secret next to a 2,000-deep array is found, and the depth is noted, not swallowed', async () => {
    const gh = fake.github();
    const text = deepJson(gh);
    const problems = [];
    const r = await engine.analyze({ path: '/ws/config.json', text }, { onProblem: (m) => problems.push(m) });
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['secretlint/github']);
    assert.strictEqual(r.notes.length, 1);
    assert.match(r.notes[0].message, /Nesting deeper than 128 levels/);
    assert.deepStrictEqual(problems, [`line 1: ${r.notes[0].message}`]);
    assert.ok(!JSON.stringify(r).includes(gh.slice(4)), 'no note or message holds the secret');
  });

  it('nesting deep enough to break the JSON parser (200,000 levels) still leaves the secret found', async () => {
    const gh = fake.github();
    const r = await engine.analyze({ path: '/ws/config.json', text: deepJson(gh, 200000) }, {});
    assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['secretlint/github']);
    assert.ok(r.notes.length >= 1);
  });

  it('deep YAML (block and flow) is cut at the depth budget with a note, the secret found', async () => {
    const gh = fake.github();
    const block = `token: ${gh}\n` + Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join('');
    const flow = `token: ${gh}\nd: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    for (const text of [block, flow]) {
      const r = await engine.analyze({ path: '/ws/deep.yaml', text }, {});
      assert.deepStrictEqual(r.findings.map((f) => f.ruleId), ['secretlint/github']);
      assert.strictEqual(r.notes.length, 1, JSON.stringify(r.notes));
    }
  });

  it('CLI: the bomb, a deep config.json and an ordinary file in one folder: every secret reported, notes as problems, exit 1', () => {
    const gh = fake.github();
    const slack = fake.slack();
    const dir = tmpWorkspace({ 'bomb.yaml': aliasBomb(), 'config.json': deepJson(gh), 'app.js': `const t = "${slack}";\n` });
    const r = cli(['scan', dir, '--format', 'json']);
    assert.strictEqual(r.signal, null, 'the scan finished');
    assert.strictEqual(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings.map((f) => `${f.file}:${f.ruleId}`).sort(), ['app.js:secretlint/slack', 'config.json:secretlint/github']);
    const byFile = Object.fromEntries(report.problems.map((p) => [p.file, p.message]));
    assert.match(byFile['bomb.yaml'], /^line \d+: Alias \*a\d is not expanded/);
    assert.match(byFile['config.json'], /^line 1: Nesting deeper than/);
    assert.ok(!r.stdout.includes(gh.slice(4)) && !r.stderr.includes(gh.slice(4)));
  });

  it('findings per rule and file are budgeted: 1,500 unknown endpoints give the first 1,000 and a note with the rest, chunked or whole', async () => {
    const text = Array.from({ length: 1500 }, (_, i) => `const r${i} = await fetch("https://api-${i}.unknown-vendor.io/v1/items");`).join('\n') + '\n';
    for (const wholeFile of [false, true]) {
      const r = await engine.analyze({ path: '/ws/many.js', text }, { wholeFile });
      const eps = r.findings.filter((f) => f.ruleId === 'network/unknown-endpoint');
      assert.strictEqual(eps.length, engine.internals.MAX_FINDINGS_PER_RULE);
      assert.strictEqual(eps[eps.length - 1].range.start.line, 999, 'the first ones, in file order');
      assert.strictEqual(r.notes.length, 1);
      assert.match(r.notes[0].message, /^500 more network\/unknown-endpoint finding\(s\) in this file are not listed/);
      assert.strictEqual(r.notes[0].range.start.line, 999, `the note at the last listed finding, in the file (${wholeFile ? 'whole' : 'chunked'})`);
      assert.strictEqual(r.facts.filter((f) => f.topic === 'network/endpoint').length, 1500, 'every endpoint is still published for the manifest');
    }
  });

  it('a map or list past the entries budget is read up to it, with a note (JSON and YAML)', async () => {
    const max = engine.internals.tree.TREE_LIMITS.maxEntries;
    const n = max + 5000;
    const json = `{"kind": "ConfigMap", "apiVersion": "v1", "data": {${Array.from({ length: n }, (_, i) => `"k${i}": "v${i}"`).join(', ')}}}\n`;
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nitems:\n' + Array.from({ length: n }, (_, i) => `  - v${i}\n`).join('');
    for (const [file, text] of [['/ws/big.json', json], ['/ws/big.yaml', yaml]]) {
      const ctx = engine.documentContext({ path: file, text });
      const tree = ctx.trees()[0];
      const big = tree.entries.find((e) => e.key === 'data' || e.key === 'items').value;
      assert.strictEqual(big.type === 'object' ? big.entries.length : big.items.length, max, file);
      const notes = ctx.notes();
      assert.strictEqual(notes.length, 1, file);
      assert.match(notes[0].message, new RegExp(`of ${n.toLocaleString('en-US')} entries: only the first ${max.toLocaleString('en-US')}`));
    }
  });

  it('the note stays while the document it is about is unchanged: an edit of another YAML document keeps it', async () => {
    const before = aliasBomb() + '---\nother: 1\n';
    const after = aliasBomb() + '---\nother: 2\n';
    for (const text of [before, after, before]) {
      const r = await engine.analyze({ path: '/ws/two-docs.yaml', text }, {});
      assert.strictEqual(r.notes.length, 1, JSON.stringify(r.notes));
      assert.match(r.notes[0].message, /Alias \*a4 is not expanded/);
    }
  });

  it('JSON past two budgets gets both notes (entries, then depth)', () => {
    const max = engine.internals.tree.TREE_LIMITS.maxEntries;
    const text = `{"items": [${Array(max + 10).fill('1').join(',')}], "deep": ${'['.repeat(300)}${']'.repeat(300)}}\n`;
    const ctx = engine.documentContext({ path: '/ws/both.json', text });
    ctx.json();
    const notes = ctx.notes();
    assert.deepStrictEqual(notes.map((n) => n.message.slice(0, 20)).sort(), ['A map or list of 50,', 'Nesting deeper than '].sort());
  });
});
