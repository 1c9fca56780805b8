'use strict';
// The workspace report of a pull client equals the CLI's scan of the same folder, although the server analyses
// each file while it indexes (files early in the walk see a model without the files after them) and re-checks
// only what changed: a Deployment listed before the NetworkPolicy that isolates it must not be reported.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { pathToFileURL, fileURLToPath } = require('url');
const { TestClient } = require('./client');
const { tmpWorkspace, fake, ROOT } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;
const deployment = (name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/${name}:1\n          env:\n            - name: API_URL\n              value: https://api.unknown-vendor.io/v1\n`;
const policy = (name) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}-only\n  namespace: apps\nspec:\n  podSelector:\n    matchLabels: {app: ${name}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n      ports:\n        - {port: 53, protocol: UDP}\n`;

describe('workspace report (pull client) equals the CLI scan', function () {
  this.timeout(30000);

  it('files analysed while indexing, before the facts they depend on were known, are re-checked', async () => {
    const files = {
      'a/deploy-isolated.yaml': deployment('isolated'),
      'a/deploy-open.yaml': deployment('open'),
      'z/policy.yaml': policy('isolated'),
      'src/app.js': `const slack = "${fake.slack()}";\nfetch("https://hooks.unknown-vendor.io/x");\n`,
      'config/settings.yaml': 'server:\n  host: db.unknown-vendor.io\n',
      '.gitignore': 'node_modules/\n',
    };
    const dir = tmpWorkspace(files);
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' });
    assert.strictEqual(cli.status, 0, cli.stderr);
    const expected = JSON.parse(cli.stdout).findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`).sort();
    assert.ok(expected.some((k) => k.startsWith('a/deploy-open.yaml') && k.endsWith('network/no-policy')), 'the open Deployment is reported');
    assert.ok(!expected.some((k) => k.startsWith('a/deploy-isolated.yaml') && k.endsWith('network/no-policy')), 'the isolated one is not');

    const client = new TestClient({ pull: true });
    try {
      await client.initialize(uriOf(dir));
      const report = await client.workspaceDiagnostics([]);
      const got = report.items.flatMap((r) => r.items.map((d) => `${path.relative(dir, fileURLToPath(r.uri)).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)).sort();
      assert.deepStrictEqual(got, expected);
    } finally {
      await client.shutdown();
    }
  });
  it('answers the open file before the workspace index it started resumes: the answer is written before the index shows its progress', async () => {
    // VS Code asks for the workspace report right after initialize, then opens the file the user looks at. The index
    // waits for that file's first diagnostics; it must not start its next stretch of work before their answer is out.
    const files = { 'open/app.js': `const token = "${fake.github()}";\nfetch("https://api.github.com/user");\n` };
    for (let i = 0; i < 300; i++) files[`svc-${i % 30}/f${i}.js`] = `fetch("https://api-${i}.vendor-${i % 7}.io/v1");\n`;
    const dir = tmpWorkspace(files);
    const uri = uriOf(path.join(dir, 'open', 'app.js'));
    // Three starts: before the fix, the order depended on when the folder's settings arrived (1 start in 6 failed).
    for (let start = 0; start < 3; start++) {
      const client = new TestClient({ pull: true, workDoneProgress: true });
      try {
        await client.initialize(uriOf(dir));
        const report = client.workspaceDiagnostics([]);
        report.catch(() => undefined); // a failed assertion below shuts the server down with the report pending
        await client.open(uri, files['open/app.js'], 'javascript');
        const first = await client.pullDiagnostics(uri);
        client.received.push('open file answered');
        assert.ok(first.items.some((d) => d.code === 'secretlint/github'), 'the open file is answered with its finding');
        await report;
        const order = client.received.filter((m) => m === 'open file answered' || m === 'window/workDoneProgress/create');
        assert.deepStrictEqual(order.slice(0, 2), ['open file answered', 'window/workDoneProgress/create'], `start ${start + 1}`);
      } finally {
        await client.shutdown();
      }
    }
  });

  it('an open buffer owns its facts: the index does not replace them with the text on disk', async () => {
    // On disk the policy file holds a ConfigMap; the editor's unsaved buffer holds the NetworkPolicy that isolates the
    // Deployment. The index walks both files; the open one's facts stay the buffer's, so the Deployment is isolated.
    const files = { 'a/deploy.yaml': deployment('app'), 'z/policy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: apps\ndata:\n  mode: fast\n' };
    for (let i = 0; i < 40; i++) files[`src/f${i}.js`] = `fetch("https://api-${i}.vendor.io/v1");\n`;
    const dir = tmpWorkspace(files);
    const policyUri = uriOf(path.join(dir, 'z', 'policy.yaml'));
    const client = new TestClient({ pull: true });
    try {
      await client.initialize(uriOf(dir));
      await client.open(policyUri, policy('app'), 'yaml');
      await client.pullDiagnostics(policyUri);
      const report = await client.workspaceDiagnostics([]);
      const deploy = report.items.find((r) => r.uri.endsWith('/a/deploy.yaml'));
      assert.ok(deploy, 'the Deployment is reported');
      assert.ok(!deploy.items.some((d) => d.code === 'network/no-policy'), `isolated by the open buffer's policy: ${deploy.items.map((d) => d.code).join(', ')}`);
      assert.ok(client.logs.some((l) => /workspace model: 42 file\(s\) indexed/.test(l)), 'the index walked the open file too');
      const ids = (r) => r.items.filter((i) => i.resultId).map((i) => ({ uri: i.uri, value: i.resultId }));
      const deployOf = (r) => r.items.find((i) => i.uri.endsWith('/a/deploy.yaml'))?.items.map((d) => d.code) ?? [];
      // Closed: the file's facts are the disk's again.
      await client.close(policyUri);
      const second = await client.workspaceDiagnostics(ids(report));
      assert.ok(deployOf(second).includes('network/no-policy'), `not isolated once the buffer is closed: ${deployOf(second).join(', ')}`);
      // A file event while nothing is open, then the buffer opened again and its file changed on disk: the buffer
      // still owns the facts (the server's set of open files follows opens and closes).
      await client.watchedFilesChanged([{ uri: uriOf(path.join(dir, 'src', 'f0.js')), type: 2 }]);
      await client.open(policyUri, policy('app'), 'yaml');
      await client.pullDiagnostics(policyUri);
      fs.writeFileSync(path.join(dir, 'z', 'policy.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: apps\ndata:\n  mode: slow\n');
      await client.watchedFilesChanged([{ uri: policyUri, type: 2 }]);
      const third = await client.workspaceDiagnostics(ids(second));
      assert.ok(!deployOf(third).includes('network/no-policy'), `isolated by the reopened buffer: ${deployOf(third).join(', ')}`);
    } finally {
      await client.shutdown();
    }
  });

  it('a file created after the index walked, and announced, is in the first report (the index\'s walk is not reused past a file event)', async () => {
    const files = { 'src/app.js': 'fetch("https://hooks.unknown-vendor.io/x");\n', 'a/deploy.yaml': deployment('later') };
    const dir = tmpWorkspace(files);
    const client = new TestClient({ pull: true });
    try {
      await client.initialize(uriOf(dir));
      // The index runs once the server is initialised; its log line says it is done. The file appears after it.
      for (let i = 0; i < 500 && !client.logs.some((l) => /workspace model: \d+ file\(s\) indexed/.test(l)); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(client.logs.some((l) => /workspace model: 2 file\(s\) indexed/.test(l)), client.logs.join('\n'));
      const added = path.join(dir, 'src', 'late.js');
      fs.writeFileSync(added, `const slack = "${fake.slack()}";\n`);
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(added), type: 1 }] });
      const first = await client.workspaceDiagnostics([]);
      const late = first.items.find((r) => r.uri === uriOf(added));
      assert.ok(late, 'the new file is reported');
      assert.ok(late.items.some((d) => String(d.code).startsWith('secretlint/')), 'with its finding');
      assert.ok(first.items.some((r) => r.uri.endsWith('/a/deploy.yaml') && r.items.some((d) => d.code === 'network/no-policy')));
    } finally {
      await client.shutdown();
    }
  });

  it('a folder deleted and announced is reported gone: each file reported before, once more, with nothing (paths with spaces too)', async () => {
    const files = { 'gone dir/app one.js': `const slack = "${fake.slack()}";\n`, 'gone dir/sub/b.js': `const gh = "${fake.github()}";\n`, 'keep/app.js': `const gh = "${fake.github()}";\n` };
    const dir = tmpWorkspace(files);
    const rel = (uri) => path.relative(dir, fileURLToPath(uri)).split(path.sep).join('/');
    const client = new TestClient({ pull: true });
    try {
      await client.initialize(uriOf(dir));
      const first = await client.workspaceDiagnostics([]);
      for (const f of Object.keys(files)) assert.ok(first.items.find((r) => rel(r.uri) === f)?.items.length, `${f} has its finding`);
      fs.rmSync(path.join(dir, 'gone dir'), { recursive: true, force: true });
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(dir, 'gone dir')), type: 3 }] });
      const second = await client.workspaceDiagnostics(first.items.filter((r) => r.resultId).map((r) => ({ uri: r.uri, value: r.resultId })));
      for (const f of ['gone dir/app one.js', 'gone dir/sub/b.js']) {
        const item = second.items.find((r) => rel(r.uri) === f);
        assert.ok(item, `${f} is reported again (${second.items.map((r) => rel(r.uri)).join(', ')})`);
        assert.deepStrictEqual([item.kind, item.items], ['full', []]);
      }
      assert.ok(!second.items.some((r) => rel(r.uri) === 'keep/app.js' && r.kind === 'full' && r.items.length === 0), 'the kept file is not cleared');
    } finally {
      await client.shutdown();
    }
  });
});
