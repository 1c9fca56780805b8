'use strict';
// The language server's index kept across starts (server/src/scanner/indexCache.ts), on its own: what it returns,
// and what it refuses (an edited file, another folder, other settings, too large).
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const fc = require('fast-check');
const { IndexCache } = require('../../dist/server.js');

describe('index kept across starts (IndexCache)', () => {
  let dir;
  let file;
  const key = crypto.randomBytes(32);
  const root = path.join(os.tmpdir(), 'mag-folder-that-is-not-read');
  const entry = (stamp) => ({ stamp, hash: 'h', facts: [{ topic: 'network/endpoint', value: { host: 'api.example.io', line: 2 } }], findings: [], problems: [], deps: ['k8s/network-policy'], depsDigest: 'd' });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-index-unit-'));
    file = path.join(dir, 'index.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives back an entry for the same stamp only', () => {
    IndexCache.save(root, 'settings-1', [[path.join(root, 'src', 'a.js'), entry('1:10')]], { file, key });
    const { cache, problem } = IndexCache.load(root, 'settings-1', { file, key });
    assert.strictEqual(problem, undefined);
    assert.strictEqual(cache.size, 1);
    assert.deepStrictEqual(cache.get(path.join(root, 'src', 'a.js'), '1:10'), entry('1:10'));
    assert.strictEqual(cache.get(path.join(root, 'src', 'a.js'), '2:10'), undefined, 'another stamp');
    assert.strictEqual(cache.get(path.join(root, 'src', 'b.js'), '1:10'), undefined, 'another file');
    if (process.platform !== 'win32') assert.strictEqual(fs.statSync(file).mode & 0o077, 0);
  });

  it('refuses a file edited after it was written, or written with another key', () => {
    IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')]], { file, key });
    const raw = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, raw.replace('api.example.io', 'api.example.org'));
    const edited = IndexCache.load(root, 's', { file, key });
    assert.strictEqual(edited.cache, undefined);
    assert.match(edited.problem, /failed verification/);
    fs.writeFileSync(file, raw);
    const other = IndexCache.load(root, 's', { file, key: crypto.randomBytes(32) });
    assert.strictEqual(other.cache, undefined);
    assert.match(other.problem, /failed verification/);
    fs.writeFileSync(file, 'not an index');
    assert.match(IndexCache.load(root, 's', { file, key }).problem, /damaged/);
  });

  it('is not used for other settings or another folder, and says nothing when there is none', () => {
    IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')]], { file, key });
    assert.deepStrictEqual(IndexCache.load(root, 'other settings', { file, key }), {});
    assert.deepStrictEqual(IndexCache.load(path.join(root, 'sub'), 's', { file, key }), {});
    assert.deepStrictEqual(IndexCache.load(root, 's', { file: path.join(dir, 'none.json'), key }), {});
  });

  it('gives back what it was given, whatever the paths and values hold (line breaks, quotes, any character)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const arbEntry = fc.record({
      stamp: text,
      hash: text,
      facts: fc.array(fc.record({ topic: text, value: fc.jsonValue({ maxDepth: 3 }) }), { maxLength: 3 }),
      findings: fc.array(fc.record({ ruleId: text, message: text, line: fc.nat() }), { maxLength: 3 }),
      problems: fc.constant([]),
      deps: fc.array(text, { maxLength: 3 }),
      depsDigest: text,
    });
    const name = fc.stringMatching(/^[^/\\\u0000]{1,10}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.array(name, { minLength: 1, maxLength: 3 }), arbEntry), { maxLength: 40, selector: ([parts]) => parts.join('/') }), (list) => {
        const entries = list.map(([parts, e]) => [path.join(root, ...parts), e]);
        IndexCache.save(root, 'settings-x', entries, { file, key });
        const { cache, problem } = IndexCache.load(root, 'settings-x', { file, key });
        assert.strictEqual(problem, undefined);
        assert.strictEqual(cache.size, entries.length);
        // JSON round trip: what the server's results are made of (no undefined, -0 or functions in them).
        for (const [p, e] of entries) assert.deepStrictEqual(cache.get(p, e.stamp), JSON.parse(JSON.stringify(e)));
      }),
      { numRuns: 150 },
    );
  });

  it('reads back an index of many slices: lines past several batches of 512, text past several writes of 256 KB', () => {
    const big = (i) => ({ ...entry(`${i}:9`), findings: [{ ruleId: 'network/unknown-endpoint', message: `The app calls api-${i}.example.io ${'x'.repeat(700)}`, line: i }] });
    const entries = Array.from({ length: 1300 }, (_, i) => [path.join(root, `d${i % 7}`, `f${i}.js`), big(i)]);
    IndexCache.save(root, 'many', entries, { file, key });
    assert.ok(fs.statSync(file).size > 3 * 256 * 1024, 'several writes');
    const { cache, problem } = IndexCache.load(root, 'many', { file, key });
    assert.strictEqual(problem, undefined);
    assert.strictEqual(cache.size, 1300);
    for (const [p, e] of entries) assert.deepStrictEqual(cache.get(p, e.stamp), e);
    assert.deepStrictEqual(fs.readdirSync(dir), ['index.json']);
  });

  it('leaves no file of its own when it cannot put the index in place', () => {
    // The kept index's name is taken by a folder that is not empty: the rename fails.
    fs.mkdirSync(path.join(file, 'x'), { recursive: true });
    assert.throws(() => IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')]], { file, key }));
    assert.deepStrictEqual(fs.readdirSync(dir), ['index.json']);
    assert.ok(fs.statSync(file).isDirectory());
  });

  it('a writer dropped before it finished leaves the kept index as it was, and no file of its own', () => {
    IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')]], { file, key });
    const before = fs.readFileSync(file);
    const w = IndexCache.writer(root, 's', { file, key });
    for (let i = 0; i < 2000; i++) w.add(path.join(root, `f${i}.js`), entry(`${i}:1`)); // past one write's buffer
    w.abort();
    assert.deepStrictEqual(fs.readFileSync(file), before);
    assert.deepStrictEqual(fs.readdirSync(dir), ['index.json']);
    const w2 = IndexCache.writer(root, 's', { file, key });
    w2.add(path.join(root, 'b.js'), entry('2:2'));
    w2.finish();
    const { cache } = IndexCache.load(root, 's', { file, key });
    assert.strictEqual(cache.size, 1);
    assert.ok(cache.get(path.join(root, 'b.js'), '2:2'));
    assert.deepStrictEqual(fs.readdirSync(dir), ['index.json']);
  });

  it('a line that is not one entry (or two on a line, one over two lines, an empty line), under a valid HMAC, makes the whole index unused', () => {
    IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')], [path.join(root, 'b.js'), entry('1:2')]], { file, key });
    const [, header, ...lines] = fs.readFileSync(file, 'utf8').split('\n');
    const entryB = lines[1];
    for (const bad of ['{"not":"an entry"}', '["b.js"]', '[1, {}]', '["b.js", {}', 'null', `${lines[0]},${entryB}`, entryB.replace(',', '\n'), `\n${entryB}`]) {
      const body = [header, lines[0], bad, ''].join('\n');
      fs.writeFileSync(file, `${crypto.createHmac('sha256', key).update(body).digest('hex')}\n${body}`);
      const r = IndexCache.load(root, 's', { file, key });
      assert.strictEqual(r.cache, undefined, bad);
      assert.match(r.problem, /damaged/, bad);
    }
  });

  it('is not written past its size limit, and an older one is removed then', () => {
    IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')]], { file, key });
    const many = Array.from({ length: 50 }, (_, i) => [path.join(root, `f${i}.js`), entry(`${i}:1`)]);
    assert.throws(() => IndexCache.save(root, 's', many, { file, key, maxBytes: 2000 }), /not kept/);
    assert.ok(!fs.existsSync(file));
    assert.deepStrictEqual(fs.readdirSync(dir), [], 'no writer file left behind');
  });
});
