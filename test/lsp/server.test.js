'use strict';
const assert = require('assert');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');
const { TestClient, applyEdits } = require('./client');
const { tmpWorkspace, fake } = require('../helpers');

const uriOf = (p) => pathToFileURL(p).href;

describe('language server over stdio (pull client, like VS Code)', function () {
  this.timeout(20000);
  let client;
  let dir;
  const slack = fake.slack();
  const appText = `const { App } = require('@slack/bolt');\nconst slackToken = "${slack}";\nconst requestId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";\n`;

  before(async () => {
    dir = tmpWorkspace({ 'src/app.js': appText, '.gitignore': 'node_modules/\n' });
    client = new TestClient({ pull: true, settings: { '*': {} } });
    const init = await client.initialize(uriOf(dir));
    assert.deepStrictEqual(init.capabilities.diagnosticProvider, { identifier: 'microapp-guard', interFileDependencies: true, workspaceDiagnostics: true });
    assert.deepStrictEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.microapp-guard']);
    assert.strictEqual(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
  });
  after(async () => {
    await client.shutdown();
    assert.strictEqual(client.stderr, '', 'the server wrote nothing to stderr');
  });

  it('pulls diagnostics with source, code, docs link, category and a masked message', async () => {
    const uri = uriOf(path.join(dir, 'src/app.js'));
    await client.open(uri, appText, 'javascript');
    const report = await client.pullDiagnostics(uri);
    assert.strictEqual(report.kind, 'full');
    assert.strictEqual(report.items.length, 1);
    const d = report.items[0];
    assert.strictEqual(d.source, 'microapp-guard');
    assert.strictEqual(d.code, 'secretlint/slack');
    assert.match(d.codeDescription.href, /^https:\/\/github\.com\/secretlint/);
    assert.strictEqual(d.data.category, 'secret');
    assert.strictEqual(d.severity, 1);
    assert.deepStrictEqual(d.range, { start: { line: 1, character: 20 }, end: { line: 1, character: 20 + slack.length } });
    assert.ok(!JSON.stringify(d.message).includes(slack.slice(5)));
    const again = await client.pullDiagnostics(uri, report.resultId);
    assert.deepStrictEqual(again, { kind: 'unchanged', resultId: report.resultId });
    assert.ok(!client.logs.join('\n').includes(slack), 'the log never holds the secret');
  });

  it('offers a preferred quick-fix; applying it and re-diagnosing clears the finding', async () => {
    const uri = uriOf(path.join(dir, 'src/app.js'));
    const [d] = (await client.pullDiagnostics(uri)).items;
    const actions = await client.codeActions(uri, d.range, [d]);
    const titles = actions.map((a) => a.title);
    assert.deepStrictEqual(titles, [
      'Replace with process.env.SLACK_TOKEN',
      'Move the value to .env (and git-ignore .env) and use process.env.SLACK_TOKEN',
      'Add SLACK_TOKEN= to .env.example (name only, no value)',
      'Ignore this line (secretlint-disable comment)',
    ]);
    assert.strictEqual(actions[0].isPreferred, true);
    assert.strictEqual(actions[0].kind, 'quickfix');
    // .env.example does not exist: the edit creates it
    const envEx = actions[2].edit.documentChanges;
    assert.strictEqual(envEx[0].kind, 'create');
    assert.ok(envEx[0].uri.endsWith('/.env.example'));
    const edit = actions[0].edit.documentChanges[0];
    assert.strictEqual(edit.textDocument.version, 1);
    // apply as an editor would: incremental change
    for (const e of edit.edits) await client.change(uri, e.range, e.newText);
    assert.match(client.texts.get(uri), /const slackToken = process\.env\.SLACK_TOKEN;/);
    const after = await client.pullDiagnostics(uri);
    assert.deepStrictEqual(after.items, []);
  });

  it('diagnoses as the user types (incremental edits)', async () => {
    const uri = uriOf(path.join(dir, 'src/app.js'));
    const tok = fake.github();
    await client.change(uri, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, `const gh = "${tok}";\n`);
    const r = await client.pullDiagnostics(uri);
    assert.deepStrictEqual(r.items.map((d) => [d.code, d.range.start.line]), [['secretlint/github', 3]]);
  });

  it('fix all (source.fixAll.microapp-guard) fixes every safe finding in one edit', async () => {
    const uri = uriOf(path.join(dir, 'src/many.js'));
    const text = `const a = "${fake.slack()}";\nconst apiToken = "${fake.token(32, 301)}";\n`;
    await client.open(uri, text, 'javascript');
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.microapp-guard']);
    assert.strictEqual(actions.length, 1);
    assert.strictEqual(actions[0].kind, 'source.fixAll.microapp-guard');
    const out = applyEdits(text, actions[0].edit.documentChanges[0].edits);
    assert.strictEqual(out, 'const a = process.env.SLACK_TOKEN;\nconst apiToken = process.env.API_TOKEN;\n');
  });

  it('re-reads settings on change: a rule turned off, then a severity override', async () => {
    const uri = uriOf(path.join(dir, 'src/cfg.js'));
    await client.open(uri, `const apiToken = "${fake.token(32, 302)}";\n`, 'javascript');
    assert.strictEqual((await client.pullDiagnostics(uri)).items.length, 1);
    assert.ok(client.configRequests.some((r) => r.items.some((i) => i.section === 'microappGuard' && i.scopeUri === uri)), 'settings are asked per resource');
    client.settings['*'] = { rules: { 'secret/generic-credential': 'off' } };
    const refreshes = client.refreshCount;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    for (let i = 0; i < 50 && client.refreshCount === refreshes; i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(client.refreshCount > refreshes, 'the server asks the client to re-pull');
    assert.deepStrictEqual((await client.pullDiagnostics(uri)).items, []);
    client.settings['*'] = { rules: { 'secret/generic-credential': 'hint' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual((await client.pullDiagnostics(uri)).items.map((d) => d.severity), [4]);
    client.settings['*'] = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('settings per resource: a folder-specific override applies only there', async () => {
    const other = tmpWorkspace({});
    const uriA = uriOf(path.join(dir, 'src/percfg.js'));
    const uriB = uriOf(path.join(other, 'b.js'));
    client.settings[uriOf(other)] = { enable: false };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 50));
    const text = `const s = "${fake.slack()}";\n`;
    await client.open(uriA, text, 'javascript');
    await client.open(uriB, text, 'javascript');
    assert.strictEqual((await client.pullDiagnostics(uriA)).items.length, 1);
    assert.strictEqual((await client.pullDiagnostics(uriB)).items.length, 0);
    delete client.settings[uriOf(other)];
  });

  it('honours cancellation of a diagnostic request', async () => {
    const uri = uriOf(path.join(dir, 'src/big.js'));
    const lines = [];
    for (let i = 0; i < 60000; i++) lines.push(`const v${i} = compute(${i}, "value-${i}"); // apiToken placeholder`);
    await client.open(uri, lines.join('\n'), 'javascript');
    const source = new rpc.CancellationTokenSource();
    const p = client.pullDiagnostics(uri, undefined, source.token);
    setImmediate(() => source.cancel());
    await assert.rejects(p, (e) => {
      assert.ok([-32800, -32802].includes(e.code), `cancelled error code, got ${e.code} ${e.message}`);
      return true;
    });
    // the server is still fine afterwards
    const r = await client.pullDiagnostics(uri);
    assert.strictEqual(r.kind, 'full');
  });

  it('survives bad input: binary junk, a 300k-character line, unknown documents', async () => {
    const junk = uriOf(path.join(dir, 'junk.bin'));
    await client.open(junk, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1'));
    assert.strictEqual((await client.pullDiagnostics(junk)).kind, 'full');
    const min = uriOf(path.join(dir, 'bundle.min.js'));
    await client.open(min, 'var a=1;'.repeat(40000) + `var t="${fake.slack()}";`, 'javascript');
    const r = await client.pullDiagnostics(min);
    assert.deepStrictEqual(r.items.map((d) => d.code), ['secretlint/slack'], 'provider rules still run on minified lines');
    const none = await client.pullDiagnostics(uriOf(path.join(dir, 'never-opened.js')));
    assert.deepStrictEqual(none, { kind: 'full', items: [] });
    const noActions = await client.codeActions(uriOf(path.join(dir, 'never-opened.js')), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []);
    assert.deepStrictEqual(noActions, []);
  });
});

describe('language server over stdio (push client, like Neovim)', function () {
  this.timeout(20000);
  let client;
  let dir;
  before(async () => {
    dir = tmpWorkspace({});
    client = new TestClient({ pull: false, configuration: false, refresh: false });
    const init = await client.initialize(uriOf(dir));
    assert.ok(init.capabilities.textDocumentSync);
  });
  after(() => client.shutdown());

  it('pushes diagnostics on open and after each change, with the document version', async () => {
    const uri = uriOf(path.join(dir, 'bot.py'));
    const text = `import os\nSLACK = "${fake.slack()}"\n`;
    await client.open(uri, text, 'python');
    const first = await client.waitForPublish((p) => p.uri === uri && p.version === 1);
    assert.deepStrictEqual(first.diagnostics.map((d) => [d.code, d.source, d.data.category]), [['secretlint/slack', 'microapp-guard', 'secret']]);
    await client.change(uri, { start: { line: 1, character: 8 }, end: { line: 1, character: text.split('\n')[1].length } }, 'os.environ["SLACK"]');
    const second = await client.waitForPublish((p) => p.uri === uri && p.version === 2);
    assert.deepStrictEqual(second.diagnostics, []);
  });

  it('takes settings from didChangeConfiguration when the client has no workspace/configuration', async () => {
    const uri = uriOf(path.join(dir, 'cfg.js'));
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { microappGuard: { rules: { 'secretlint/slack': 'info' } } } });
    await client.open(uri, `const s = "${fake.slack()}";\n`, 'javascript');
    const p = await client.waitForPublish((x) => x.uri === uri);
    assert.deepStrictEqual(p.diagnostics.map((d) => d.severity), [3]);
  });

  it('debounces: a burst of keystrokes gives one push for the last version, never a stale or repeated one', async () => {
    const uri = uriOf(path.join(dir, 'burst.js'));
    await client.open(uri, '\n', 'javascript');
    await client.waitForPublish((p) => p.uri === uri && p.version === 1);
    const from = client.published.length;
    const tok = fake.github();
    for (let i = 0; i < tok.length; i++) {
      const line = client.texts.get(uri).split('\n')[0];
      const text = i === 0 ? `const gh = "${tok[0]}` : tok[i];
      await client.change(uri, { start: { line: 0, character: line.length }, end: { line: 0, character: line.length } }, i === tok.length - 1 ? `${text}";` : text);
      await new Promise((r) => setTimeout(r, 20));
    }
    const last = client.versions.get(uri);
    const final = await client.waitForPublish((p) => p.uri === uri && p.version === last);
    await new Promise((r) => setTimeout(r, 400));
    const pushes = client.published.slice(from).filter((p) => p.uri === uri);
    assert.deepStrictEqual(final.diagnostics.map((d) => d.code), ['secretlint/github']);
    assert.ok(pushes.length <= 3, `${tok.length} keystrokes 20 ms apart gave ${pushes.length} pushes: ${pushes.map((p) => p.version)}`);
    const versions = pushes.map((p) => p.version);
    assert.deepStrictEqual(versions, [...new Set(versions)].sort((a, b) => a - b), `versions pushed in order, once: ${versions}`);
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = uriOf(path.join(dir, 'bot.py'));
    const n = client.published.length;
    await client.close(uri);
    const p = await client.waitForPublish((x) => x.uri === uri && client.published.indexOf(x) >= n);
    assert.deepStrictEqual(p.diagnostics, []);
  });
});

describe('language server: untrusted workspace', function () {
  this.timeout(20000);
  it('does not load .secretlintrc rule packages and says so in the log', async () => {
    const dir = tmpWorkspace({ '.secretlintrc.json': JSON.stringify({ rules: [{ id: 'secretlint-rule-custom' }] }) });
    const client = new TestClient({ trusted: false });
    await client.initialize(uriOf(dir));
    for (let i = 0; i < 50 && !client.logs.some((l) => l.includes('untrusted')); i++) await new Promise((r) => setTimeout(r, 20));
    await client.shutdown();
    assert.ok(client.logs.some((l) => /untrusted workspace: rule packages named by \.secretlintrc\.json are not loaded \(secretlint-rule-custom\)/.test(l)), client.logs.join('\n'));
    assert.ok(client.logs.some((l) => l === 'restricted: secretlint-rule-custom'));
  });
});

describe('language server: workspace diagnostics (files that are not open)', function () {
  this.timeout(20000);
  it('reports every non-ignored file, then only what changed, holding the request until something does', async () => {
    const dir = tmpWorkspace({
      '.gitignore': 'ignored/\n',
      'src/app.js': `const s = "${fake.slack()}";\n`,
      'src/clean.js': 'console.log(1);\n',
      'ignored/secret.js': `const s = "${fake.slack()}";\n`,
    });
    const client = new TestClient({ pull: true });
    const init = await client.initialize(uriOf(dir));
    assert.strictEqual(init.capabilities.diagnosticProvider.workspaceDiagnostics, true);
    const first = await client.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] });
    const byFile = Object.fromEntries(first.items.map((i) => [path.relative(dir, new URL(i.uri).pathname), i]));
    assert.deepStrictEqual(Object.keys(byFile).sort(), ['.gitignore', path.join('src', 'app.js'), path.join('src', 'clean.js')]);
    assert.deepStrictEqual(byFile[path.join('src', 'app.js')].items.map((d) => d.code), ['secretlint/slack']);
    assert.strictEqual(byFile[path.join('src', 'app.js')].version, null);

    // Nothing changed: the next request waits; a file change on disk answers it.
    let answered = false;
    const second = client.conn.sendRequest('workspace/diagnostic', { previousResultIds: first.items.map((i) => ({ uri: i.uri, value: i.resultId })) }).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(answered, false, 'held open while nothing changes');
    const changed = path.join(dir, 'src', 'clean.js');
    fs.writeFileSync(changed, `const apiToken = "${fake.token(32, 401)}";\n`);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(changed), type: 2 }] });
    const r2 = await second;
    assert.deepStrictEqual(r2.items.map((i) => [path.basename(i.uri), i.kind, i.items.map((d) => d.code)]), [['clean.js', 'full', ['secret/generic-credential']]]);

    // A cancelled long poll answers at once.
    const source = new rpc.CancellationTokenSource();
    const third = client.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] }, source.token);
    setTimeout(() => source.cancel(), 50);
    const r3 = await third.catch((e) => e);
    assert.ok(Array.isArray(r3.items) || [-32800, -32802].includes(r3.code), JSON.stringify(r3));
    await client.shutdown();
  });

  it('is off for clients that do not pull, and when asked', async () => {
    const c = new TestClient({ pull: true });
    c.initOptions = { workspaceDiagnostics: false };
    const init = await c.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: {} } }, initializationOptions: { workspaceDiagnostics: false } });
    assert.strictEqual(init.capabilities.diagnosticProvider.workspaceDiagnostics, false);
    await c.shutdown();
  });
});

describe('the CLI and the language server agree (one engine, two adapters)', function () {
  this.timeout(30000);
  it('finds the same secrets in the example micro-app', async () => {
    const { ROOT } = require('../helpers');
    const { spawnSync } = require('child_process');
    const dir = tmpWorkspace({});
    fs.cpSync(path.join(ROOT, 'examples', 'slack-bot'), dir, { recursive: true });
    const cli = JSON.parse(spawnSync(process.execPath, [path.join(ROOT, 'bin', 'microapp-guard.js'), 'scan', dir, '--format', 'json'], { encoding: 'utf8' }).stdout);
    const fromCli = cli.findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`).sort();
    const client = new TestClient({ pull: true });
    await client.initialize(uriOf(dir));
    const ws = await client.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] });
    await client.shutdown();
    const fromLsp = ws.items
      .flatMap((i) => i.items.map((d) => `${path.relative(dir, new URL(i.uri).pathname).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.range.start.character + 1}:${d.code}`))
      .sort();
    assert.ok(fromCli.length >= 10, fromCli.join('\n'));
    assert.deepStrictEqual(fromLsp, fromCli);
  });
});

describe('language server: ignore setting changes, untitled buffers, repeated configuration', function () {
  this.timeout(20000);
  it('the ignore setting applies to workspace diagnostics and open files, and removing it takes effect', async () => {
    const slack = fake.slack();
    const dir = tmpWorkspace({ 'secret.js': `const s = "${slack}";\n`, 'other.js': `const s = "${slack}";\n` });
    const client = new TestClient({ pull: true, settings: { '*': { ignore: ['secret.js'] } } });
    await client.initialize(uriOf(dir));
    const ws = await client.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] });
    const withFindings = ws.items.filter((i) => i.items.length).map((i) => path.basename(i.uri));
    assert.deepStrictEqual(withFindings, ['other.js']);
    const uri = uriOf(path.join(dir, 'secret.js'));
    await client.open(uri, `const s = "${slack}";\n`, 'javascript');
    assert.deepStrictEqual((await client.pullDiagnostics(uri)).items, []);
    client.settings['*'] = { ignore: [] };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 50));
    assert.strictEqual((await client.pullDiagnostics(uri)).items.length, 1);
    await client.shutdown();
  });

  it('quick-fixes on an untitled buffer edit that buffer and create no files', async () => {
    const client = new TestClient({ pull: true });
    await client.initialize(uriOf(tmpWorkspace({})));
    const uri = 'untitled:Untitled-1';
    await client.open(uri, `const slackToken = "${fake.slack()}";\n`, 'javascript');
    const [d] = (await client.pullDiagnostics(uri)).items;
    const actions = await client.codeActions(uri, d.range, [d]);
    await client.shutdown();
    const uris = actions.flatMap((a) => a.edit.documentChanges.map((c) => c.uri ?? c.textDocument.uri));
    assert.ok(uris.length > 0);
    assert.deepStrictEqual([...new Set(uris)], [uri]);
  });

  it('the same configuration payload twice still re-reads per-resource settings', async () => {
    const dir = tmpWorkspace({});
    const client = new TestClient({ pull: true, settings: { '*': {} } });
    await client.initialize(uriOf(dir));
    const uri = uriOf(path.join(dir, 'a.js'));
    await client.open(uri, `const apiToken = "${fake.token(32, 601)}";\n`, 'javascript');
    assert.strictEqual((await client.pullDiagnostics(uri)).items.length, 1);
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { microappGuard: {} } });
    client.settings[uriOf(dir)] = { rules: { 'secret/generic-credential': 'off' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { microappGuard: {} } });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual((await client.pullDiagnostics(uri)).items, []);
    await client.shutdown();
  });
});

describe('language server: closed files stay in the workspace report; fixes edit open buffers', function () {
  this.timeout(20000);
  it('a file opened and closed again keeps its findings in the workspace report', async () => {
    const slack = fake.slack();
    const dir = tmpWorkspace({ 'a.js': `const t = "${slack}";\n` });
    const client = new TestClient({ pull: true });
    await client.initialize(uriOf(dir));
    const first = await client.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] });
    const a = first.items.find((i) => i.uri.endsWith('/a.js'));
    assert.strictEqual(a.items.length, 1);
    const held = client.conn.sendRequest('workspace/diagnostic', { previousResultIds: [{ uri: a.uri, value: a.resultId }] });
    await client.open(a.uri, `const t = "${slack}";\n`, 'javascript');
    await client.close(a.uri);
    const next = await held;
    const again = next.items.find((i) => i.uri === a.uri);
    assert.ok(again && again.kind === 'full' && again.items.length === 1, JSON.stringify(next.items));
    await client.shutdown();
  });

  it('fixes that append to another file use its open, unsaved buffer', async () => {
    const dir = tmpWorkspace({ '.env.example': 'PORT=\n' });
    const client = new TestClient({ pull: true });
    await client.initialize(uriOf(dir));
    const exampleUri = uriOf(path.join(dir, '.env.example'));
    await client.open(exampleUri, 'PORT=\nLOG_LEVEL=\nDEBUG=\n', 'dotenv'); // unsaved: three lines in the editor, one on disk
    const uri = uriOf(path.join(dir, 'a.js'));
    await client.open(uri, `const apiToken = "${fake.token(32, 901)}";\n`, 'javascript');
    const [d] = (await client.pullDiagnostics(uri)).items;
    const actions = await client.codeActions(uri, d.range, [d]);
    const add = actions.find((x) => x.title.includes('.env.example'));
    const edit = add.edit.documentChanges.find((c) => c.textDocument && c.textDocument.uri === exampleUri);
    assert.strictEqual(edit.textDocument.version, 1);
    assert.deepStrictEqual(edit.edits[0].range.start, { line: 3, character: 0 });
    await client.shutdown();
  });
});

describe('language server: a workspace folder added while running', function () {
  this.timeout(20000);
  /** Resolves when a log line matches (the server logs each index it builds). */
  const logged = (client, re) =>
    new Promise((resolve) => {
      const check = () => (client.logs.some((l) => re.test(l)) ? resolve() : setImmediate(check));
      check();
    });

  it('is indexed once (and a folder added again is not a second folder)', async () => {
    const a = tmpWorkspace({ 'a1.txt': 'x\n', 'a2.txt': 'x\n', 'a3.txt': 'x\n' });
    const b = tmpWorkspace({ 'b1.txt': 'x\n', 'b2.txt': 'x\n' });
    const client = new TestClient({ pull: true, workspaceFolders: true, settings: { '*': {} } });
    try {
      await client.initialize(uriOf(a));
      await logged(client, /workspace model: 3 file\(s\) indexed/);
      // b named twice, and a (open already) again: the folders there are checked again once, b is indexed once.
      await client.foldersChanged([uriOf(b), uriOf(b), uriOf(a)]);
      // The workspace report waits for every folder's index (all that was started for it): then b's are all logged.
      const report = await client.workspaceDiagnostics();
      assert.ok(Array.isArray(report.items));
      const twos = client.logs.filter((l) => /workspace model: 2 file\(s\) indexed/.test(l));
      assert.strictEqual(twos.length, 1, client.logs.join('\n'));
      const threes = client.logs.filter((l) => /workspace model: 3 file\(s\) indexed/.test(l));
      assert.strictEqual(threes.length, 2, client.logs.join('\n'));
    } finally {
      await client.shutdown();
    }
  });
});
