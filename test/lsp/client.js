'use strict';
// A minimal real LSP client over stdio against the built server bundle.
const path = require('path');
const cp = require('child_process');
const rpc = require('vscode-jsonrpc/node');

const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

// Servers started by the tests keep their caches (the index kept across starts) in a folder of this test run, never
// in the user's cache folder.
let testCache;
function testCacheDir() {
  if (!testCache) {
    const fs = require('fs');
    const os = require('os');
    testCache = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-test-cache-'));
    process.on('exit', () => fs.rmSync(testCache, { recursive: true, force: true }));
  }
  return testCache;
}

class TestClient {
  constructor({ pull = true, configuration = true, refresh = true, settings = {}, trusted = true, nodeArgs = [], env, configurationDelayMs = 0, server = process.env.MAG_SERVER || SERVER, workspaceFolders = false, initializationOptions = {}, workDoneProgress = false } = {}) {
    this.initializationOptions = initializationOptions;
    // workDoneProgress: the client shows the server's progress (window/workDoneProgress/create, $/progress).
    this.workDoneProgress = workDoneProgress;
    /** Every message of the server, in the order it came: requests and notifications by method (responses not). */
    this.received = [];
    this.pull = pull;
    this.workspaceFolders = workspaceFolders;
    this.configuration = configuration;
    this.refresh = refresh;
    this.settings = settings; // uri-prefix -> settings, or a single object under '*'
    this.trusted = trusted;
    // nodeArgs: extra node options before the script (e.g. --require a preload); env: the server's environment.
    this.proc = cp.spawn(process.execPath, [...nodeArgs, server, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? { ...process.env, XDG_CACHE_HOME: testCacheDir() } });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.published = [];
    this.publishWaiters = [];
    this.logs = [];
    this.configRequests = [];
    this.refreshCount = 0;
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.published.push(p);
      this.publishWaiters = this.publishWaiters.filter((w) => !w(p));
    });
    this.conn.onNotification('window/logMessage', (p) => this.logs.push(p.message));
    this.conn.onNotification('microappGuard/restricted', (p) => this.logs.push(`restricted: ${p.packages.join(',')}`));
    this.conn.onRequest('workspace/configuration', (p) => {
      this.configRequests.push(p);
      const answer = p.items.map((item) => this.settingsFor(item.scopeUri));
      // configurationDelayMs: a slow client, so the server must cope with edits arriving meanwhile.
      return configurationDelayMs ? new Promise((r) => setTimeout(() => r(answer), configurationDelayMs)) : answer;
    });
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshCount++;
      return null;
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => {
      this.received.push('window/workDoneProgress/create');
      return null;
    });
    this.conn.listen();
    this.versions = new Map();
    this.texts = new Map();
  }

  settingsFor(uri) {
    for (const [prefix, s] of Object.entries(this.settings)) if (prefix !== '*' && uri && uri.startsWith(prefix)) return s;
    return this.settings['*'] ?? {};
  }

  async initialize(rootUri) {
    const capabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
        publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        ...(this.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        configuration: this.configuration,
        ...(this.workspaceFolders ? { workspaceFolders: true } : {}),
        didChangeConfiguration: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        ...(this.refresh ? { diagnostics: { refreshSupport: true } } : {}),
      },
      ...(this.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
    };
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities,
      initializationOptions: { trusted: this.trusted, ...this.initializationOptions },
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  open(uri, text, languageId = 'plaintext') {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Incremental change: replace `range` by `text`. */
  change(uri, range, text) {
    const v = this.versions.get(uri) + 1;
    this.versions.set(uri, v);
    this.texts.set(uri, applyEdits(this.texts.get(uri), [{ range, newText: text }]));
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text }] });
  }

  close(uri) {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Several incremental changes in one didChange (applied in order, as LSP specifies). */
  changeMany(uri, changes) {
    const v = this.versions.get(uri) + 1;
    this.versions.set(uri, v);
    let text = this.texts.get(uri);
    for (const c of changes) text = applyEdits(text, [{ range: c.range, newText: c.text }]);
    this.texts.set(uri, text);
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: changes.map((c) => ({ range: c.range, text: c.text })) });
  }

  /** workspace/didChangeConfiguration: `settings` null for clients that answer workspace/configuration. */
  configurationChanged(settings = null) {
    return this.conn.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  /** workspace/didChangeWorkspaceFolders (a client created with workspaceFolders: true). */
  foldersChanged(added = [], removed = []) {
    const f = (uri) => ({ uri, name: uri.split('/').pop() });
    return this.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: added.map(f), removed: removed.map(f) } });
  }

    /** workspace/didChangeWatchedFiles: changes as [{ uri, type }] (1 created, 2 changed, 3 deleted). */
  watchedFilesChanged(changes) {
    return this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  workspaceDiagnostics(previousResultIds = [], token) {
    const params = { previousResultIds };
    return token ? this.conn.sendRequest('workspace/diagnostic', params, token) : this.conn.sendRequest('workspace/diagnostic', params);
  }

  pullDiagnostics(uri, previousResultId, token) {
    const params = previousResultId ? { textDocument: { uri }, previousResultId } : { textDocument: { uri } };
    return token ? this.conn.sendRequest('textDocument/diagnostic', params, token) : this.conn.sendRequest('textDocument/diagnostic', params);
  }

  codeActions(uri, range, diagnostics, only) {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  waitForPublish(pred, timeoutMs = 10000) {
    const existing = this.published.find(pred);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching publishDiagnostics in ${timeoutMs} ms; got ${JSON.stringify(this.published.map((p) => [p.uri, p.version, p.diagnostics.length]))}`)), timeoutMs);
      this.publishWaiters.push((p) => {
        if (!pred(p)) return false;
        clearTimeout(t);
        resolve(p);
        return true;
      });
    });
  }

  async shutdown() {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await new Promise((r) => (this.proc.exitCode !== null ? r() : this.proc.on('exit', r)));
    this.conn.dispose();
  }
}

function offsetAt(text, pos) {
  const lines = text.split('\n');
  let o = 0;
  for (let i = 0; i < pos.line; i++) o += lines[i].length + 1;
  return o + pos.character;
}

function applyEdits(text, edits) {
  const sorted = edits.map((e) => ({ s: offsetAt(text, e.range.start), e: offsetAt(text, e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  for (const x of sorted) text = text.slice(0, x.s) + x.t + text.slice(x.e);
  return text;
}

module.exports = { testCacheDir, TestClient, applyEdits, SERVER };
