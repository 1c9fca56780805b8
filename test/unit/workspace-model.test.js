'use strict';
// The workspace model against a plain reference, over random sequences of updates: what a file published, what a
// topic holds, and the stamps the language server keeps results by. A stamp must move exactly when what it stands
// for changed by value (a file's facts, a topic's facts), or a kept result would be stale or recomputed for nothing.
const assert = require('assert');
const fc = require('fast-check');
const { engine } = require('../helpers');

const PATHS = ['/ws/a.js', '/ws/b.yaml', '/ws/c.json', '/ws/d/e.tf'];
const TOPICS = ['endpoints', 'grants', 'k8s/objects'];

const factArb = fc.record({ topic: fc.constantFrom(...TOPICS), value: fc.oneof(fc.constantFrom('x', 'y'), fc.record({ host: fc.constantFrom('a.io', 'b.io'), line: fc.integer({ min: 1, max: 3 }) }, { noNullPrototype: true })) });
const stepArb = fc.record({ path: fc.constantFrom(...PATHS), facts: fc.option(fc.array(factArb, { maxLength: 4 }), { nil: undefined, freq: 5 }), compact: fc.boolean() });

/** Facts grouped by topic in the order topics first appear, values in publication order. */
function grouped(facts) {
  const out = [];
  for (const f of facts ?? []) {
    const g = out.find((x) => x.topic === f.topic);
    if (g) g.values.push(f.value);
    else out.push({ topic: f.topic, values: [f.value] });
  }
  return out;
}
const flat = (facts) => grouped(facts).flatMap((g) => g.values.map((value) => ({ topic: g.topic, value })));
/** A file's facts as the model compares them: per topic, in publication order (the order of topics does not count). */
const fileView = (facts) => JSON.stringify(grouped(facts).sort((x, y) => (x.topic < y.topic ? -1 : 1)));
const topicView = (ref, topic) =>
  Object.keys(ref)
    .sort()
    .flatMap((p) => (grouped(ref[p]).find((g) => g.topic === topic)?.values ?? []).map((value) => ({ path: p, value })));

describe('workspace model', () => {
  it('answers as a plain reference does, and its stamps move exactly when what they stand for changed', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (steps) => {
        const model = new engine.WorkspaceModel('/ws');
        const ref = {};
        const deps = [...TOPICS, ...PATHS.map((p) => `file:${p}`)];
        for (const step of steps) {
          const stampsBefore = deps.map((d) => model.stamp([d]));
          const viewsBefore = { topics: TOPICS.map((t) => JSON.stringify(topicView(ref, t))), files: PATHS.map((p) => fileView(ref[p])) };
          const prev = ref[step.path];
          const changed = model.update(step.path, step.facts, { compact: step.compact });
          if (step.facts && step.facts.length) ref[step.path] = step.facts;
          else delete ref[step.path];
          const viewsAfter = { topics: TOPICS.map((t) => JSON.stringify(topicView(ref, t))), files: PATHS.map((p) => fileView(ref[p])) };
          // What the model answers.
          for (const p of PATHS) {
            assert.deepStrictEqual(model.factsList(p), flat(ref[p]), `facts of ${p}`);
            assert.strictEqual(model.has(p), ref[p] !== undefined);
            for (const t of TOPICS) assert.deepStrictEqual(model.factsOf(p, t), grouped(ref[p]).find((g) => g.topic === t)?.values ?? []);
          }
          for (const t of TOPICS) assert.deepStrictEqual(model.all(t), topicView(ref, t), `all(${t})`);
          // Which topics changed: those whose values of this file changed.
          const valuesOf = (facts, t) => JSON.stringify(grouped(facts).find((g) => g.topic === t)?.values ?? null);
          assert.deepStrictEqual([...changed].sort(), TOPICS.filter((t) => valuesOf(prev, t) !== valuesOf(ref[step.path], t)).sort());
          // Stamps: a topic's when its values changed; a file's when its facts changed.
          deps.forEach((d, i) => {
            const moved = model.stamp([d]) !== stampsBefore[i];
            const isFile = d.startsWith('file:');
            const was = isFile ? viewsBefore.files[PATHS.indexOf(d.slice(5))] : viewsBefore.topics[TOPICS.indexOf(d)];
            const now = isFile ? viewsAfter.files[PATHS.indexOf(d.slice(5))] : viewsAfter.topics[TOPICS.indexOf(d)];
            assert.strictEqual(moved, was !== now, `stamp of ${d} ${moved ? 'moved' : 'stood'} when its facts ${was !== now ? 'changed' : 'did not change'}`);
          });
        }
      }),
      { numRuns: 400, seed: 1203 },
    );
  });

  it('digests stand for content: the same facts give the same digest whatever the order of updates and copies', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 20 }), (steps) => {
        const a = new engine.WorkspaceModel('/ws');
        for (const s of steps) a.update(s.path, s.facts, { compact: s.compact });
        // A second model given only each file's last facts, in another order.
        const last = {};
        for (const s of steps) last[s.path] = s.facts;
        const b = new engine.WorkspaceModel('/ws');
        for (const p of Object.keys(last).reverse()) b.update(p, last[p]);
        const deps = [...TOPICS, ...PATHS.map((p) => `file:${p}`)];
        assert.strictEqual(a.digest(deps), b.digest(deps));
      }),
      { numRuns: 200, seed: 1204 },
    );
  });
});
