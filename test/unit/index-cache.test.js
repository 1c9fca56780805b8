'use strict';
// The language server's index kept across starts (server/src/scanner/indexCache.ts), on its own: what it returns,
// and what it refuses (an edited file, another folder, other settings, too large).
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
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

  it('is not written past its size limit, and an older one is removed then', () => {
    IndexCache.save(root, 's', [[path.join(root, 'a.js'), entry('1:1')]], { file, key });
    const many = Array.from({ length: 50 }, (_, i) => [path.join(root, `f${i}.js`), entry(`${i}:1`)]);
    assert.throws(() => IndexCache.save(root, 's', many, { file, key, maxBytes: 2000 }), /not kept/);
    assert.ok(!fs.existsSync(file));
  });
});
