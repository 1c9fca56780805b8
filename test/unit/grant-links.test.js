'use strict';
// linkGrantFindings looks only at the grants of a finding's file that start at or before it (a 5,000-resource
// template has thousands of grants). It must give what comparing every pair gives: the innermost grant that holds
// the finding, the first listed among equals; bindings take their role's findings.
const assert = require('assert');
const fc = require('fast-check');
const { engine } = require('../helpers');

function naive(grants, findings) {
  const byGrant = grants.map(() => []);
  const byFinding = new Map();
  const end = (g) => Number(g.endLine) || g.line;
  const span = (g) => end(g) - g.line;
  findings.forEach((f, fi) => {
    if (f.category !== 'iam') return;
    let best = -1;
    grants.forEach((g, gi) => {
      if (g.file !== f.file || f.line < g.line || f.line > end(g)) return;
      if (best < 0 || span(g) < span(grants[best])) best = gi;
    });
    if (best < 0) return;
    byGrant[best].push(fi);
    byFinding.set(fi, best);
  });
  grants.forEach((g, gi) => {
    if (byGrant[gi].length || g.provider !== 'kubernetes' || !g.principal || !g.role) return;
    grants.forEach((r, ri) => {
      if (ri !== gi && r.provider === 'kubernetes' && !r.principal && r.role === g.role && r.class === g.class) byGrant[gi].push(...byGrant[ri]);
    });
  });
  return { byGrant, byFinding };
}

const grant = fc.record({
  file: fc.constantFrom('a.yaml', 'b.json'),
  line: fc.integer({ min: 1, max: 60 }),
  len: fc.integer({ min: 0, max: 30 }),
  provider: fc.constantFrom('aws', 'kubernetes'),
  principal: fc.option(fc.constantFrom('sa:x', 'sa:y'), { nil: undefined }),
  role: fc.option(fc.constantFrom('admin', 'reader'), { nil: undefined }),
  class: fc.constantFrom('narrow', 'moderate', 'broad'),
}).map((g) => ({ file: g.file, line: g.line, endLine: g.line + g.len, provider: g.provider, principal: g.principal, role: g.role, class: g.class }));
const finding = fc.record({ file: fc.constantFrom('a.yaml', 'b.json'), line: fc.integer({ min: 1, max: 90 }), category: fc.constantFrom('iam', 'iam', 'secret'), ruleId: fc.constant('iam/x') });

describe('grants linked to the findings that report them', () => {
  it('equals comparing every pair (property)', () => {
    fc.assert(
      fc.property(fc.array(grant, { maxLength: 40 }), fc.array(finding, { maxLength: 40 }), (grants, findings) => {
        const fast = engine.internals.resolved.linkGrantFindings(grants, findings);
        const slow = naive(grants, findings);
        assert.deepStrictEqual(fast.byGrant, slow.byGrant);
        assert.deepStrictEqual([...fast.byFinding].sort(), [...slow.byFinding].sort());
      }),
      { numRuns: 500 },
    );
  });
});
