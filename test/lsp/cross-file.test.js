'use strict';
// Cross-file findings through the workspace model: a change in one file re-diagnoses the open files that depend on it.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { TestClient } = require('./client');
const { tmpWorkspace } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;
const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\n  namespace: apps\nspec:\n  selector:\n    matchLabels: {app: bot}\n  template:\n    metadata:\n      labels: {app: bot}\n    spec:\n      containers:\n        - name: bot\n          image: example/bot:1.0\n`;
const policy = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: apps\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
const binding = `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: bot-reader\n  namespace: apps\nsubjects:\n  - kind: ServiceAccount\n    name: bot\n    namespace: apps\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: bot-role\n`;
const narrowRole = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: bot-role\n  namespace: apps\nrules:\n  - apiGroups: [""]\n    resources: [configmaps]\n    resourceNames: [bot-config]\n    verbs: [get]\n`;

for (const pull of [true, false]) {
  describe(`cross-file diagnostics (${pull ? 'pull' : 'push'} client)`, function () {
    this.timeout(30000);
    let client;
    let dir;
    before(async () => {
      dir = tmpWorkspace({ 'k8s/deployment.yaml': deployment, 'k8s/binding.yaml': binding, 'k8s/role.yaml': narrowRole });
      client = new TestClient({ pull });
      await client.initialize(uriOf(dir));
    });
    after(async () => {
      await client.shutdown();
      assert.strictEqual(client.stderr, '');
    });

    async function codesOf(uri, wantPredicate) {
      if (pull) {
        // Poll: the model is built in the background after initialize, then files are re-pulled on refresh.
        const deadline = Date.now() + 15000;
        for (;;) {
          const items = (await client.pullDiagnostics(uri)).items.map((d) => d.code);
          if (!wantPredicate || wantPredicate(items) || Date.now() > deadline) return items;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const p = await client.waitForPublish((x) => x.uri === uri && (!wantPredicate || wantPredicate(x.diagnostics.map((d) => d.code))), 15000);
      return p.diagnostics.map((d) => d.code);
    }

    it('writing a NetworkPolicy in another file clears the warning on an open Deployment without reopening it', async () => {
      const uri = uriOf(path.join(dir, 'k8s/deployment.yaml'));
      await client.open(uri, deployment, 'yaml');
      assert.ok((await codesOf(uri, (c) => c.includes('network/no-policy'))).includes('network/no-policy'));
      const refreshBefore = client.refreshCount;
      const file = path.join(dir, 'k8s/netpol.yaml');
      fs.writeFileSync(file, policy);
      client.watchedFilesChanged([{ uri: uriOf(file), type: 1 }]);
      const after = await codesOf(uri, (c) => !c.includes('network/no-policy'));
      assert.ok(!after.includes('network/no-policy'), JSON.stringify(after));
      if (pull) assert.ok(client.refreshCount > refreshBefore, 'the server asked the client to pull again');
    });

    it('a folder created with only a folder event is walked; deleting it brings the warning back', async () => {
      const uri = uriOf(path.join(dir, 'k8s/deployment.yaml'));
      // Start from no policy.
      fs.rmSync(path.join(dir, 'k8s/netpol.yaml'), { force: true });
      client.watchedFilesChanged([{ uri: uriOf(path.join(dir, 'k8s/netpol.yaml')), type: 3 }]);
      assert.ok((await codesOf(uri, (c) => c.includes('network/no-policy'))).includes('network/no-policy'));
      const folder = path.join(dir, 'policies');
      fs.mkdirSync(path.join(folder, 'nested'), { recursive: true });
      fs.writeFileSync(path.join(folder, 'nested', 'deny.yaml'), policy);
      client.watchedFilesChanged([{ uri: uriOf(folder), type: 1 }]);
      assert.ok(!(await codesOf(uri, (c) => !c.includes('network/no-policy'))).includes('network/no-policy'));
      fs.rmSync(folder, { recursive: true, force: true });
      client.watchedFilesChanged([{ uri: uriOf(folder), type: 3 }]);
      assert.ok((await codesOf(uri, (c) => c.includes('network/no-policy'))).includes('network/no-policy'));
    });

    it('editing the Role a binding names (in another open file) re-diagnoses the binding', async () => {
      const bUri = uriOf(path.join(dir, 'k8s/binding.yaml'));
      const rUri = uriOf(path.join(dir, 'k8s/role.yaml'));
      await client.open(bUri, binding, 'yaml');
      await client.open(rUri, narrowRole, 'yaml');
      assert.deepStrictEqual((await codesOf(bUri)).filter((c) => c.startsWith('iam/')), []);
      // The role now reads every secret: the binding that grants it is flagged, pointing at the role.
      const lines = narrowRole.split('\n');
      const at = lines.findIndex((l) => l.includes('resources: [configmaps]'));
      await client.change(rUri, { start: { line: at, character: 0 }, end: { line: at + 2, character: lines[at + 2].length } }, '    resources: ["*"]\n    verbs: ["*"]');
      // The role's document is never pulled here (a pull client asks only for what it shows): its facts still travel.
      const codes = await codesOf(bUri, (c) => c.some((x) => x.startsWith('iam/')));
      assert.ok(codes.some((c) => c.startsWith('iam/')), JSON.stringify(codes));
    });
  });
}

describe('the index checks files that read other files once every file is read', function () {
  this.timeout(30000);
  it("counts them in its log: Kubernetes objects (YAML and JSON), a JSON RoleBinding, a Slack manifest; and the JSON binding sees the other file's role", async () => {
    const broadRole = narrowRole.replace('resources: [configmaps]\n    resourceNames: [bot-config]\n    verbs: [get]', 'resources: ["*"]\n    verbs: ["*"]');
    const YAML = require('yaml');
    const dir = tmpWorkspace({
      'a/binding.json': JSON.stringify(YAML.parse(binding), null, 2), // walked before the role's folder
      'b/role.yaml': broadRole,
      'b/deployment.yaml': deployment,
      'c/deployment.json': JSON.stringify(YAML.parse(deployment), null, 2),
      'slack/manifest.yml': 'display_information:\n  name: Bot\noauth_config:\n  scopes:\n    bot:\n      - chat:write\n',
      'slack/app.js': "const { App } = require('@slack/bolt');\nconst app = new App({ token: process.env.SLACK_BOT_TOKEN });\napp.command('/x', async ({ ack, client }) => {\n  await ack();\n  await client.chat.postMessage({ channel: 'C1', text: 'hi' });\n});\n",
      'src/plain.js': 'module.exports = 1;\n',
      'config/settings.json': '{ "name": "bot", "retries": 3 }\n',
    });
    const client = new TestClient({ pull: true });
    try {
      await client.initialize(uriOf(dir));
      const report = await client.workspaceDiagnostics([]);
      const line = client.logs.find((l) => /workspace model: \d+ file\(s\) indexed/.test(l));
      // Checked in the second pass: binding.json (a RoleBinding), deployment.json (Kubernetes in JSON), role.yaml and
      // deployment.yaml (typed YAML), manifest.yml (it declares scopes). The code and the plain JSON are checked as read.
      assert.match(line ?? '', /; 5 that read other files checked once every file's facts were in/, client.logs.join('\n'));
      const codes = (file) => report.items.find((r) => r.uri === uriOf(path.join(dir, file)))?.items.map((d) => d.code) ?? [];
      assert.ok(codes('a/binding.json').some((c) => c === 'iam/k8s-wildcard'), JSON.stringify(codes('a/binding.json')));
      assert.ok(!codes('slack/manifest.yml').includes('iam/oauth-unused-scope'), 'chat:write is used by app.js');
    } finally {
      await client.shutdown();
    }
  });
});

describe('cross-file diagnostics: an edit re-diagnoses what it changed (push client, like Neovim)', function () {
  this.timeout(30000);
  const deploy = (name, ns) => deployment.replace('name: bot', `name: ${name}`).replace('namespace: apps', `namespace: ${ns}`).replace(/app: bot/g, `app: ${name}`);
  const selectPolicy = (name, ns, egress) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}-policy\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels: {app: ${name}}\n  policyTypes: [Ingress${egress ? ', Egress' : ''}]\n`;
  let client;
  let dir;
  after(async () => {
    await client?.shutdown();
  });

  it('a NetworkPolicy edited in one namespace re-publishes the workloads of that namespace, not those of another', async () => {
    dir = tmpWorkspace({
      'k8s/web.yaml': deploy('web', 'shop'),
      'k8s/web-policy.yaml': selectPolicy('web', 'shop', true),
      'k8s/jobs.yaml': deploy('jobs', 'ops'),
      'k8s/jobs-policy.yaml': selectPolicy('jobs', 'ops', true),
    });
    client = new TestClient({ pull: false });
    await client.initialize(uriOf(dir));
    const web = uriOf(path.join(dir, 'k8s/web.yaml'));
    const jobs = uriOf(path.join(dir, 'k8s/jobs.yaml'));
    const policy = uriOf(path.join(dir, 'k8s/jobs-policy.yaml'));
    await client.open(web, deploy('web', 'shop'), 'yaml');
    await client.open(jobs, deploy('jobs', 'ops'), 'yaml');
    await client.open(policy, selectPolicy('jobs', 'ops', true), 'yaml');
    // Both workloads isolated, once the folder's index has their policies.
    const isolated = (uri) => client.waitForPublish((p) => p.uri === uri && !p.diagnostics.some((d) => String(d.code).startsWith('network/')), 15000);
    await isolated(web);
    await isolated(jobs);
    await new Promise((r) => setTimeout(r, 500));
    const count = (uri) => client.published.filter((p) => p.uri === uri).length;
    const webBefore = count(web);
    const jobsBefore = count(jobs);
    // ops' policy loses Egress: jobs' pods are isolated for ingress only.
    const text = selectPolicy('jobs', 'ops', true);
    const at = text.indexOf(', Egress');
    const pos = (off) => ({ line: text.slice(0, off).split('\n').length - 1, character: off - text.lastIndexOf('\n', off - 1) - 1 });
    await client.change(policy, { start: pos(at), end: pos(at + ', Egress'.length) }, '');
    await client.waitForPublish((p) => p.uri === jobs && p.diagnostics.some((d) => d.code === 'network/egress-unrestricted') && count(jobs) > jobsBefore, 15000);
    // The dependents of an edit are diagnosed in one batch: web would have been published with jobs.
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(count(web), webBefore, 'the workload of another namespace was not diagnosed again');
    assert.strictEqual(client.stderr, '');
  });
});
