'use strict';
// Property tests over generated IAM policies: named actions on named resources stay quiet and narrow, wildcards
// are always broad, the judgement does not depend on the syntax, and adding a statement never narrows a policy.
const assert = require('assert');
const fc = require('fast-check');
const YAML = require('yaml');
const { engine } = require('../helpers');

const NAMED = {
  s3: { actions: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], arn: (n) => [`arn:aws:s3:::bucket-${n}`, `arn:aws:s3:::bucket-${n}/*`] },
  dynamodb: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], arn: (n) => [`arn:aws:dynamodb:eu-west-1:123456789012:table/t${n}`] },
  sqs: { actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'], arn: (n) => [`arn:aws:sqs:eu-west-1:123456789012:q${n}`] },
  sns: { actions: ['sns:Publish'], arn: (n) => [`arn:aws:sns:eu-west-1:123456789012:topic${n}`] },
};
const SERVICES = Object.keys(NAMED);

const narrowStatement = fc.record({
  service: fc.constantFrom(...SERVICES),
  pick: fc.array(fc.nat(10), { minLength: 1, maxLength: 3 }),
  n: fc.nat(99),
}).map(({ service, pick, n }) => {
  const s = NAMED[service];
  return { Effect: 'Allow', Action: [...new Set(pick.map((i) => s.actions[i % s.actions.length]))], Resource: s.arn(n) };
});
const broadStatement = fc.oneof(
  fc.constant({ Effect: 'Allow', Action: '*', Resource: '*' }),
  fc.constantFrom('s3:*', 'dynamodb:*', 'iam:*', 'sqs:*').map((a) => ({ Effect: 'Allow', Action: a, Resource: '*' })),
  fc.constant({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
  fc.constant({ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction'], Resource: '*' }),
);

const asJson = (statements) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const asCfn = (statements) => YAML.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }] } } } });
const RANK = { narrow: 0, moderate: 1, broad: 2 };

async function judge(text, file) {
  const r = await engine.analyze({ path: file, text });
  const grants = r.facts.filter((f) => f.topic === 'iam/grant').map((f) => f.value);
  const max = grants.reduce((m, g) => Math.max(m, RANK[g.class]), 0);
  return { ids: [...new Set(r.findings.filter((f) => f.category === 'iam').map((f) => f.ruleId))].sort(), grants, max, findings: r.findings };
}

describe('permissions: properties over generated policies', function () {
  this.timeout(120000);
  it('named actions on named resources: no finding, every grant narrow', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(narrowStatement, { minLength: 1, maxLength: 4 }), async (sts) => {
        const j = await judge(asJson(sts), '/ws/policy.json');
        assert.deepStrictEqual(j.ids, [], asJson(sts));
        assert.ok(j.grants.length >= sts.length && j.grants.every((g) => g.class === 'narrow'), JSON.stringify(j.grants));
      }),
      { numRuns: 60 },
    );
  });

  it('a wildcard statement makes the policy broad and is reported, whatever surrounds it; adding it never narrows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(narrowStatement, { maxLength: 3 }), broadStatement, fc.nat(3), async (narrow, broad, at) => {
        const before = await judge(asJson(narrow.length ? narrow : [broad]), '/ws/policy.json');
        const sts = [...narrow];
        sts.splice(at % (sts.length + 1), 0, broad);
        const j = await judge(asJson(sts), '/ws/policy.json');
        assert.strictEqual(j.max, RANK.broad);
        assert.ok(j.ids.length > 0, asJson(sts));
        assert.ok(j.max >= before.max);
      }),
      { numRuns: 60 },
    );
  });

  it('the same statements judge alike in a JSON policy and a CloudFormation role', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(narrowStatement, broadStatement), { minLength: 1, maxLength: 3 }), async (sts) => {
        const a = await judge(asJson(sts), '/ws/policy.json');
        const b = await judge(asCfn(sts), '/ws/template.yaml');
        const policyRules = (ids) => ids.filter((x) => x !== 'iam/aws-long-lived-credentials');
        assert.deepStrictEqual(policyRules(b.ids), policyRules(a.ids));
        assert.strictEqual(b.max, a.max);
      }),
      { numRuns: 40 },
    );
  });

  it('arbitrary JSON and YAML never throw, and every range lies inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (v, yaml) => {
        const doc = { Version: '2012-10-17', Statement: Array.isArray(v) ? v : [v] };
        const text = yaml ? YAML.stringify(doc) : JSON.stringify(doc);
        const r = await engine.analyze({ path: yaml ? '/ws/policy.yaml' : '/ws/policy.json', text });
        const idx = new engine.LineIndex(text);
        for (const f of r.findings) {
          assert.ok(idx.offsetAt(f.range.start) <= idx.offsetAt(f.range.end) && idx.offsetAt(f.range.end) <= text.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
