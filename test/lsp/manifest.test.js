'use strict';
// The registration manifest over the protocol: the export command, re-export keeping hand-filled fields, the
// CodeLens with the score now and after the preferred fixes, schema completion and hover, the gate notification,
// and the open manifest re-diagnosed when a policy in another file is edited.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const yaml = require('yaml');
const rpc = require('vscode-jsonrpc/node');
const { TestClient } = require('./client');
const { tmpWorkspace } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;
const narrowPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/notes' }] }, null, 2);
const wildcardPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, null, 2);

describe('registration manifest over LSP', function () {
  this.timeout(60000);
  let client;
  let dir;
  const gates = [];
  before(async () => {
    dir = tmpWorkspace({
      'package.json': JSON.stringify({ name: 'notes', description: 'Keeps meeting notes', author: 'Kim Lee <kim@example.com>' }),
      'infra/policy.json': narrowPolicy,
      'src/app.js': "const db = require('pg');\nmodule.exports = (req) => db.query('select email from users');\n",
    });
    client = new TestClient({ pull: true });
    client.conn.onNotification('microappGuard/gate', (p) => gates.push(p));
    client.conn.onRequest('workspace/codeLens/refresh', () => null);
    const init = await client.initialize(uriOf(dir));
    assert.deepStrictEqual(init.capabilities.executeCommandProvider.commands, ['microappGuard.server.exportManifest', 'microappGuard.server.exportBackstage']);
    assert.ok(init.capabilities.codeLensProvider && init.capabilities.hoverProvider && init.capabilities.completionProvider);
  });
  after(async () => {
    await client.shutdown();
    assert.strictEqual(client.stderr, '');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = () => path.join(dir, 'microapp.yaml');
  const exportNow = () => client.conn.sendRequest('workspace/executeCommand', { command: 'microappGuard.server.exportManifest', arguments: [{ folder: uriOf(dir) }] });

  it('the export command writes microapp.yaml and sbom.cdx.json in the folder and answers with the gate', async () => {
    const r = await exportNow();
    assert.strictEqual(r.uri, uriOf(file()));
    assert.ok(fs.existsSync(file()) && fs.existsSync(path.join(dir, 'sbom.cdx.json')));
    const m = yaml.parse(fs.readFileSync(file(), 'utf8'));
    assert.strictEqual(m.kind, 'MicroAppRegistration');
    assert.strictEqual(m.metadata.name, 'notes');
    assert.strictEqual(r.score, m.risk.score);
    assert.strictEqual(r.gate, m.risk.gate);
    assert.strictEqual(m.risk.factors.permissionsBreadth.value, 'narrow');
    assert.strictEqual(r.status, 'incomplete');
    assert.ok(r.todo.includes('metadata.escalation'));
    assert.ok(gates.some((g) => g.gate === r.gate && g.score === r.score), 'the gate was sent for the status bar');
  });

  it('exporting again keeps the fields filled by hand', async () => {
    const doc = yaml.parseDocument(fs.readFileSync(file(), 'utf8'));
    doc.setIn(['metadata', 'escalation'], '#notes-oncall');
    doc.setIn(['spec', 'businessJustification'], 'Replaces a spreadsheet');
    fs.writeFileSync(file(), doc.toString());
    client.watchedFilesChanged([{ uri: uriOf(file()), type: 2 }]);
    const r = await exportNow();
    const m = yaml.parse(fs.readFileSync(file(), 'utf8'));
    assert.strictEqual(m.metadata.escalation, '#notes-oncall');
    assert.strictEqual(m.spec.businessJustification, 'Replaces a spreadsheet');
    assert.ok(!r.todo.includes('metadata.escalation'));
    assert.ok(!fs.readdirSync(dir).some((f) => f.endsWith('.tmp')));
  });

  it('the Backstage command writes catalog-info.yaml with the risk in annotations', async () => {
    const r = await client.conn.sendRequest('workspace/executeCommand', { command: 'microappGuard.server.exportBackstage', arguments: [{ folder: uriOf(dir) }] });
    assert.strictEqual(r.uri, uriOf(path.join(dir, 'catalog-info.yaml')));
    const e = yaml.parse(fs.readFileSync(path.join(dir, 'catalog-info.yaml'), 'utf8'));
    assert.strictEqual(e.kind, 'Component');
    assert.strictEqual(e.metadata.annotations['microapp-guard/gate'], r.gate);
  });

  it('a CodeLens at the top of the open manifest shows the score now and after the preferred fixes', async () => {
    const uri = uriOf(file());
    await client.open(uri, fs.readFileSync(file(), 'utf8'), 'yaml');
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.length >= 1);
    assert.deepStrictEqual(lenses[0].range.start, { line: 0, character: 0 });
    // team and technicalApprover are still TODO: "incomplete" beside each gate.
    assert.match(lenses[0].command.title, /^Risk \d+ \((auto-approve|manual-review|blocked), incomplete\) now; \d+ \((auto-approve|manual-review|blocked), incomplete\) after the preferred fixes$/);
    assert.strictEqual(lenses[0].command.command, 'microappGuard.server.exportManifest');
  });

  it('hover and completion come from the schema', async () => {
    const uri = uriOf(file());
    const text = client.texts.get(uri);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => /^\s+sensitivity:/.test(l));
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('sensitivity') + 2 } });
    assert.match(hover.contents.value, /spec\.sensitivity/);
    const items = await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].indexOf(':') + 1 } });
    const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
    assert.deepStrictEqual(labels, ['public', 'internal', 'restricted', 'regulated']);
  });

  it('editing a policy in another open file re-diagnoses the open manifest (a wildcard against "narrow")', async () => {
    const uri = uriOf(file());
    const pUri = uriOf(path.join(dir, 'infra/policy.json'));
    const codes = async (pred) => {
      const deadline = Date.now() + 15000;
      for (;;) {
        const items = (await client.pullDiagnostics(uri)).items;
        if (pred(items) || Date.now() > deadline) return items;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const before = await codes((items) => items.some((d) => d.code === 'manifest/todo'));
    assert.ok(!before.some((d) => d.code === 'manifest/disagreement'), JSON.stringify(before.map((d) => d.message)));
    await client.open(pUri, narrowPolicy, 'json');
    await client.pullDiagnostics(pUri);
    const refreshBefore = client.refreshCount;
    const lines = narrowPolicy.split('\n');
    await client.change(pUri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } }, wildcardPolicy);
    await client.pullDiagnostics(pUri); // the policy's new facts reach the model
    const after = await codes((items) => items.some((d) => d.code === 'manifest/disagreement'));
    const d = after.find((x) => x.code === 'manifest/disagreement' && /broad/.test(x.message));
    assert.ok(d, JSON.stringify(after.map((x) => `${x.code} ${x.message}`)));
    assert.strictEqual(client.texts.get(uri).split('\n')[d.range.start.line].trim(), 'value: narrow');
    assert.ok(client.refreshCount > refreshBefore, 'the server asked the client to pull again');
  });
});

describe('registration manifest over LSP: an incomplete manifest (third-party packages, no vulnerability report)', function () {
  this.timeout(60000);
  it('the export answer, the gate notification, the CodeLens and the hover on risk.gate say incomplete and name the command', async () => {
    const dir = tmpWorkspace({
      'package.json': JSON.stringify({ name: 'orders', description: 'Order lookups', author: 'Kim Lee <kim@example.com>', dependencies: { express: '^4.18.2' } }),
      'src/app.js': "const express = require('express');\nexpress().listen(8080);\n",
    });
    const client = new TestClient({ pull: true });
    const gates = [];
    client.conn.onNotification('microappGuard/gate', (p) => gates.push(p));
    client.conn.onRequest('workspace/codeLens/refresh', () => null);
    await client.initialize(uriOf(dir));
    try {
      const r = await client.conn.sendRequest('workspace/executeCommand', { command: 'microappGuard.server.exportManifest', arguments: [{ folder: uriOf(dir) }] });
      assert.strictEqual(r.incomplete, true);
      const miss = r.missing.find((x) => x.field === 'risk.factors.sbomVulnerabilities');
      assert.ok(miss, JSON.stringify(r.missing));
      assert.match(miss.howToComplete, /npm install --package-lock-only --ignore-scripts && npm audit --json > npm-audit\.json/);
      assert.match(r.summary, /^Risk \d+ \((auto-approve|manual-review|blocked), incomplete\) now/);
      const g = gates[gates.length - 1];
      assert.deepStrictEqual([g.incomplete, g.missing.map((x) => x.field).includes('risk.factors.sbomVulnerabilities')], [true, true]);

      const file = path.join(dir, 'microapp.yaml');
      const uri = uriOf(file);
      const text = fs.readFileSync(file, 'utf8');
      await client.open(uri, text, 'yaml');
      const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
      const titles = lenses.map((l) => l.command.title);
      assert.ok(titles.includes('Incomplete: no vulnerability report (run npm install --package-lock-only --ignore-scripts && npm audit --json > npm-audit.json)'), JSON.stringify(titles));

      const lines = text.split('\n');
      const line = lines.findIndex((l) => /^\s+gate:/.test(l));
      const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('gate') + 1 } });
      assert.match(hover.contents.value, /risk\.gate/, 'the schema description stays');
      assert.match(hover.contents.value, /\*\*Now:\*\* Risk \d+ \((auto-approve|manual-review|blocked), incomplete\) now/);
      assert.match(hover.contents.value, /`risk\.factors\.sbomVulnerabilities`: no vulnerability report .*npm audit --json > npm-audit\.json/);
      // A key that is not about the verdict keeps the schema hover alone.
      const sens = lines.findIndex((l) => /^\s+sensitivity:/.test(l));
      const plain = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: sens, character: lines[sens].indexOf('sensitivity') + 2 } });
      assert.doesNotMatch(plain.contents.value, /\*\*Now:\*\*/);
    } finally {
      await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('registration manifest export: cancellation', function () {
  this.timeout(60000);
  it('a cancelled export answers with the cancellation error and writes nothing', async () => {
    const files = { 'package.json': JSON.stringify({ name: 'big-app', description: 'many files' }) };
    for (let i = 0; i < 400; i++) files[`src/m${i}.js`] = `export const f${i} = async () => fetch("https://api.vendor${i % 9}.io/${i}");\n`.repeat(20);
    const big = tmpWorkspace(files);
    const c = new TestClient({ pull: true });
    await c.initialize(uriOf(big));
    const source = new rpc.CancellationTokenSource();
    const p = c.conn.sendRequest('workspace/executeCommand', { command: 'microappGuard.server.exportManifest', arguments: [{ folder: uriOf(big) }] }, source.token);
    setTimeout(() => source.cancel(), 20);
    await assert.rejects(p, (e) => e.code === -32800);
    assert.ok(!fs.existsSync(path.join(big, 'microapp.yaml')), 'nothing written');
    // The next export runs to the end.
    const r = await c.conn.sendRequest('workspace/executeCommand', { command: 'microappGuard.server.exportManifest', arguments: [{ folder: uriOf(big) }] });
    assert.ok(fs.existsSync(path.join(big, 'microapp.yaml')) && r.gate);
    await c.shutdown();
  });
});
