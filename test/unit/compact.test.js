'use strict';
// engine/compact.ts: the copies the workspace model and the language server's kept results hold. They must be what the
// JSON round trip they replace gave (a differential property test), hold no slice of the text they were cut from, and
// share short strings.
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');
const fc = require('fast-check');
const { ROOT } = require('../helpers');

const ENGINE = process.env.MAG_ENGINE || path.join(ROOT, 'dist', 'engine.js');
const { internals } = require(ENGINE);
const { compactCopy } = internals;

// JSON-like values with what JSON drops or changes: undefined, functions, non-finite numbers, dates, "__proto__" keys,
// and strings cut out of a longer text (slices, as the families make them).
const BASE = 'host api-42.vendor.io kind unknown https network/unknown-endpoint __proto__ constructor toString '.repeat(4);
const str = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('https', 'unknown', 'network/unknown-endpoint', 'info', '__proto__', 'constructor'),
  fc.tuple(fc.nat(BASE.length - 1), fc.nat(60)).map(([a, n]) => BASE.slice(a, a + n)),
);
const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'length', '0'));
const leaf = fc.oneof(
  str,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.date({ noInvalidDate: true }),
  // Values that serialise themselves, or not at all.
  fc.constantFrom(new String('ab'), new Number(3), new Boolean(false), { toJSON: () => undefined }, { toJSON: (k) => `key:${k}` }, Object.assign([1, 2], { toJSON: () => 'list' })),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('arr'), tie('obj')),
  arr: fc.array(tie('v'), { maxLength: 5 }),
  obj: fc.array(fc.tuple(key, tie('v')), { maxLength: 30 }).map((pairs) => {
    const o = {};
    for (const [k, x] of pairs) Object.defineProperty(o, k, { value: x, enumerable: true, writable: true, configurable: true });
    return o;
  }),
})).v;

describe('compact copies (engine/compact.ts)', () => {
  it('equal the JSON round trip they replace, for any JSON-like value (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        const json = JSON.stringify(v);
        const expected = json === undefined ? undefined : JSON.parse(json);
        assert.deepStrictEqual(compactCopy(v), expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('are as compact as the JSON round trip: an object of 24 properties stays a fast object of the same size', () => {
    const script = `
const { internals } = require(${JSON.stringify(ENGINE)});
const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
const src = [];
for (let i = 0; i < 20000; i++) {
  const o = {};
  for (let k = 0; k < 24; k++) o['key' + k] = k % 2 ? i + k : 'value-' + k;
  src.push(JSON.parse(JSON.stringify(o)));
}
const size = (f) => { let kept = null; const before = heap(); kept = src.map(f); const each = (heap() - before) / kept.length; kept = null; return each; };
process.stdout.write(JSON.stringify({ json: size((o) => JSON.parse(JSON.stringify(o))), compact: size((o) => internals.compactCopy(o)) }));
`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const { json, compact } = JSON.parse(r.stdout);
    // Built a property at a time, such an object is a slow dictionary of ~1,600 bytes; copied whole, as JSON's.
    assert.ok(compact < json * 1.2, `compact copies take ${compact.toFixed(0)} bytes each, JSON's ${json.toFixed(0)}`);
  });

  it('keep an own "__proto__" key as data, never as the prototype', () => {
    const v = JSON.parse('{"labels":{"__proto__":{"polluted":true},"app":"web"}}');
    const c = compactCopy(v);
    assert.strictEqual(Object.getPrototypeOf(c.labels), Object.prototype);
    assert.deepStrictEqual(Object.keys(c.labels), ['__proto__', 'app']);
    assert.strictEqual({}.polluted, undefined);
  });

  it('share a short string seen twice, and hold no slice of the text a string was cut from', () => {
    const script = `
const { internals } = require(${JSON.stringify(ENGINE)});
const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
const kept = [];
const before = heap();
for (let i = 0; i < 40; i++) {
  // A fresh 1 MB text each time; the copy keeps a host and a URL cut out of it (slices: 13 characters or more).
  const text = 'x'.repeat(1 << 20) + ' https://api-' + i + '.vendor.io/v1/items/' + i + ' unknown-endpoint-kind ';
  const at = text.indexOf('https');
  kept.push(internals.compactCopy({ url: text.slice(at, text.indexOf(' ', at)), host: text.slice(at + 8, text.indexOf('/', at + 8)), kind: text.slice(text.lastIndexOf('unknown'), text.length - 1) }));
}
const grewMiB = (heap() - before) / 1048576;
process.stdout.write(JSON.stringify({ grewMiB, kinds: kept.map((k) => k.kind), url: kept[3].url, host: kept[3].host }));
`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.strictEqual(out.url, 'https://api-3.vendor.io/v1/items/3');
    assert.strictEqual(out.host, 'api-3.vendor.io');
    // 40 texts of 1 MiB: a slice kept alive would hold one (>= 1 MiB each).
    assert.ok(out.grewMiB < 2, `the copies hold ${out.grewMiB.toFixed(2)} MiB: a text stayed alive`);
  });

  it('make one string of a short value seen many times (the pool), not a copy per value', () => {
    // 100,000 copies of a fact whose kind is a fresh string each time (as a parse makes them): with the pool they hold
    // the object only (56 bytes and a slot of the list), without it a string of 32 bytes more each.
    const script = `
const { internals } = require(${JSON.stringify(ENGINE)});
const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
const parts = ['listed', 'saas'];
const kept = new Array(100000);
const before = heap();
for (let i = 0; i < kept.length; i++) kept[i] = internals.compactCopy({ kind: parts.join('-') });
process.stdout.write(JSON.stringify({ bytesEach: (heap() - before) / kept.length, kind: kept[99999].kind }));
`;
    const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.strictEqual(out.kind, 'listed-saas');
    assert.ok(out.bytesEach < 76, `${out.bytesEach.toFixed(1)} bytes a copy: the kind is not shared`);
  });
});
