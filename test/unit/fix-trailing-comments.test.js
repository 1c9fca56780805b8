'use strict';
// Quick-fixes next to comment lines that end a YAML block (commented-out entries, a very common layout in
// Kubernetes and CloudFormation files). A block collection ends at its last value's line (formats/tree.ts lineEnd),
// so a fix that inserts after a block, or replaces it, goes past the comment lines indented inside it
// (withCommentsAfter): they stay with the block they were written in, and the result is valid YAML.
const assert = require('assert');
const YAML = require('yaml');
const { engine, applyFix, fixesOf } = require('../helpers');

/** Apply the preferred fix (or the one `pick` chooses) of the first finding of `ruleId`, and return the new text. */
async function fixOnce(path, text, ruleId, pick = (fixes) => fixes.find((x) => x.isPreferred) ?? fixes[0]) {
  const { fixes } = await fixesOf(path, text, ruleId);
  assert.ok(fixes.length, `a fix for ${ruleId}`);
  return applyFix(pick(fixes), { [path]: text })[path];
}

/** The line index of `needle` in `text` (asserting it is there). */
function lineOf(text, needle) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${JSON.stringify(needle)} in:\n${text}`);
  return text.slice(0, i).split('\n').length - 1;
}

/** A ClusterRoleBinding of one service account to cluster-admin. */
const clusterAdminBinding = (name, account, namespace) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: ${account}
    namespace: ${namespace}
`;

describe('quick-fixes keep the comment lines that end a YAML block with that block', () => {
  it('a namespaced Role for a cluster-admin binding goes after the binding\'s commented-out subjects', async () => {
    const text = clusterAdminBinding('ci-binding', 'ci', 'build') + '  # - kind: User\n  #   name: alice\n';
    const fixed = await fixOnce('/ws/k8s/crb.yaml', text, 'iam/k8s-cluster-admin-binding');
    assert.ok(lineOf(fixed, '#   name: alice') < lineOf(fixed, '\nkind: Role\n'), fixed);
    const docs = YAML.parseAllDocuments(fixed);
    assert.deepStrictEqual(docs.map((d) => d.errors.length), [0, 0]);
    assert.strictEqual(docs[1].toJS().rules.length, 1, 'the commented-out subject is not under the Role\'s rules');
  });

  it('automountServiceAccountToken: false goes after the commented-out entries of the last block', async () => {
    const text = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
imagePullSecrets:
  - name: reg
  # - name: other
---
` + clusterAdminBinding('app-admin', 'app', 'prod');
    const fixed = await fixOnce('/ws/k8s/sa.yaml', text, 'iam/k8s-sa-token-automount');
    assert.ok(lineOf(fixed, '# - name: other') < lineOf(fixed, 'automountServiceAccountToken: false'), fixed);
    // Uncommenting the entry still gives valid YAML: it sits in its list, not after the new key.
    const uncommented = fixed.replace('  # - name: other', '  - name: other');
    const [sa] = YAML.parseAllDocuments(uncommented);
    assert.strictEqual(sa.errors.length, 0);
    assert.deepStrictEqual(sa.toJS().imagePullSecrets, [{ name: 'reg' }, { name: 'other' }]);
    assert.strictEqual(sa.toJS().automountServiceAccountToken, false);
  });

  it('an inline least-privilege policy goes after the commented-out statements of the last policy', async () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
      Policies:
        - PolicyName: Logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: logs:PutLogEvents
                Resource: "*"
              # - Effect: Allow
              #   Action: s3:PutObject
`;
    const fixed = await fixOnce('/ws/template.yaml', text, 'iam/aws-managed-admin-policy', (fixes) => fixes.find((x) => /inline least-privilege/.test(x.title)) ?? fixes[0]);
    assert.ok(lineOf(fixed, '#   Action: s3:PutObject') < lineOf(fixed, 'LeastPrivilege'), fixed);
    const doc = YAML.parseDocument(fixed, { customTags: engine.internals.permissions.CFN_YAML_TAGS });
    assert.deepStrictEqual(doc.errors, []);
    const policies = doc.toJS().Resources.AppRole.Properties.Policies;
    assert.deepStrictEqual(policies.map((p) => p.PolicyName), ['Logs', 'LeastPrivilege']);
    assert.strictEqual(policies[0].PolicyDocument.Statement.length, 1);
  });

  it('narrowing an open egress rule replaces the rule with its commented-out peers', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: web:1
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: { app: web }
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
        # - ipBlock:
        #     cidr: 10.0.0.0/8
`;
    const fixed = await fixOnce('/ws/k8s/np.yaml', text, 'network/open-egress', (fixes) => fixes.find((x) => /Narrow/i.test(x.title)));
    assert.ok(!fixed.includes('10.0.0.0/8'), fixed);
    assert.ok(YAML.parseAllDocuments(fixed).every((d) => d.errors.length === 0));
  });

  it('checking out the base branch removes the ref only, never the step after it', async () => {
    const path = '/ws/.github/workflows/ci.yml';
    const text = `on: pull_request_target
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: make
`;
    const fixed = await fixOnce(path, text, 'iam/gha-untrusted-checkout');
    assert.deepStrictEqual(YAML.parse(fixed).jobs.build.steps, [{ uses: 'actions/checkout@v4' }, { run: 'make' }]);
  });
});
