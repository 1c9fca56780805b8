'use strict';
// A large CloudFormation template is parsed in pieces and checked one resource at a time, each cached by its
// text: the findings and grants must equal a check of the whole template parsed at once.
const assert = require('assert');
const path = require('path');
const { engine } = require('../helpers');

let generateCfn;
before(async () => {
  ({ generateCfn } = await import(path.join(__dirname, '..', '..', 'bench', 'lib', 'families.mjs')));
});

const key = (f) => `${f.ruleId}@${f.start}-${f.end}`;

describe('large CloudFormation templates (pieces and per-resource cache)', function () {
  this.timeout(120000);
  it('equal the whole-template check, in YAML and JSON, before and after an edit', async () => {
    const aws = engine.internals.permissions;
    const text = generateCfn(12000);
    assert.ok(text.length > 300 * 1024, 'large enough to be split');
    const check = async (t, file) => {
      const r = await engine.analyze({ path: file, text: t });
      const doc = engine.documentContext({ path: file, text: t });
      const want = aws.analyzeAws(t, file.endsWith('.json') ? 'json' : 'yaml');
      const got = r.findings.filter((f) => f.category === 'iam').map((f) => `${f.ruleId}@${doc.index.offsetAt(f.range.start)}-${doc.index.offsetAt(f.range.end)}`).sort();
      assert.deepStrictEqual(got, want.findings.map(key).sort());
      const grants = r.facts.filter((f) => f.topic === 'iam/grant').map((f) => `${f.value.class}:${f.value.line}:${f.value.actions.join(',')}`).sort();
      const wantGrants = want.grants.map((g) => `${g.class}:${doc.index.positionAt(g.start).line + 1}:${g.actions.join(',')}`).sort();
      assert.deepStrictEqual(grants, wantGrants);
      return got.length;
    };
    const n = await check(text, '/ws/big-template.yaml');
    assert.ok(n > 100);
    // An edit in the middle: one piece and one resource change.
    const lines = text.split('\n');
    const mid = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('Action: [s3:GetObject, s3:PutObject]'));
    lines[mid] = lines[mid].replace('[s3:GetObject, s3:PutObject]', '"*"');
    const edited = lines.join('\n');
    const m = await check(edited, '/ws/big-template.yaml');
    assert.ok(m > n, 'the edit shows');
    // The same template as JSON.
    const YAML = require('yaml');
    const json = JSON.stringify(YAML.parse(text.replace(/!Sub |!GetAtt /g, '')), null, 1);
    await check(json, '/ws/big-template.json');
  });
});
