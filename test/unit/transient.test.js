'use strict';
// One-shot analyses (a scan, the language server's index) keep their parses on the document's own context and
// compact facts in the model; the editor's analyses use the shared caches. Same findings and facts either way.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { engine, ROOT } = require('../helpers');

const EXAMPLE = path.join(ROOT, 'examples', 'slack-bot');
const files = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const key = (f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`;

describe('transient (one-shot) analysis', () => {
  it('gives the findings and facts of a shared-cache analysis, for every file of the example app and a large template', async () => {
    const cfn = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
    for (let i = 0; i < 1500; i++) cfn.push(`  Role${i}:`, '    Type: AWS::IAM::Role', '    Properties:', '      Policies:', `        - PolicyName: p${i}`, '          PolicyDocument:', '            Statement:', '              - Effect: Allow', `                Action: ${i % 7 ? 's3:GetObject' : '"s3:*"'}`, `                Resource: ${i % 7 ? `arn:aws:s3:::b${i}/*` : '"*"'}`);
    const inputs = files(EXAMPLE).map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
    inputs.push({ path: '/ws/template.yaml', text: cfn.join('\n') + '\n' });
    assert.ok(inputs[inputs.length - 1].text.length > 256 * 1024, 'the template is parsed in pieces');
    const workspace = new engine.WorkspaceIndex(EXAMPLE);
    let compared = 0;
    for (const input of inputs) {
      const shared = await engine.analyze(input, { workspace, wholeFile: true });
      const transient = await engine.analyze(input, { workspace, wholeFile: true, transient: true });
      assert.deepStrictEqual(transient.findings.map(key), shared.findings.map(key), input.path);
      assert.deepStrictEqual(transient.facts, shared.facts, input.path);
      compared += shared.findings.length;
    }
    assert.ok(compared > 50, `${compared} findings compared`);
  });

  it('a compact model answers queries and digests as the plain one does, and holds copies, not the analysis objects', () => {
    const facts = [{ topic: 't/a', value: { host: 'api.vendor.io', line: 3 } }, { topic: 't/b', value: { name: 'x', nested: { start: 1 } } }];
    const plain = new engine.WorkspaceModel('/ws');
    const compact = new engine.WorkspaceModel('/ws');
    plain.update('/ws/a', facts);
    compact.update('/ws/a', facts, { compact: true });
    assert.deepStrictEqual(compact.all('t/a'), plain.all('t/a'));
    assert.strictEqual(compact.digest(['t/a', 't/b', 'file:/ws/a']), plain.digest(['t/a', 't/b', 'file:/ws/a']));
    assert.notStrictEqual(compact.all('t/a')[0].value, facts[0].value);
    assert.deepStrictEqual([...compact.update('/ws/a', facts, { compact: true })], [], 'the same facts again change nothing');
    assert.deepStrictEqual([...compact.update('/ws/a', [facts[0]], { compact: true })], ['t/b']);
  });
});
