// A minimal LSP client over stdio (vscode-jsonrpc), enough to drive the
// language server the way VS Code (pull diagnostics) or Neovim (push
// diagnostics) does, and to time edit-to-diagnostics round trips.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { procMemory } from './proc.mjs';

const MEMPROBE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memprobe.cjs');

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

export class LspSession {
  /**
   * @param {object} o
   * @param {string} o.serverJs path of dist/server.js
   * @param {'pull'|'push'} o.mode
   * @param {string} o.rootDir workspace folder
   * @param {string} [o.probeFile] enables heapAfterGc() (memprobe.cjs preload)
   */
  constructor({ serverJs, mode, rootDir, cwd, probeFile }) {
    this.mode = mode;
    this.rootUri = pathToFileURL(rootDir).href;
    this.rootDir = rootDir;
    this.errors = [];
    this.logs = [];
    this.stderr = '';
    this.exited = null;
    this.pushWaiters = [];
    this.lastPush = new Map();
    this.pushCount = 0;
    /** Every publishDiagnostics received: { at (performance.now()), uri, version, count }. */
    this.pushLog = [];
    this.probeFile = probeFile;
    const pre = probeFile ? ['--expose-gc', '--require', MEMPROBE] : [];
    // The node option and the environment the VS Code client starts the server with (client/src/extension.ts).
    const env = { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2', MALLOC_TRIM_THRESHOLD_: process.env.MALLOC_TRIM_THRESHOLD_ ?? '131072', ...(probeFile ? { BENCH_MEMPROBE_FILE: probeFile } : {}) };
    this.child = spawn(process.execPath, [...pre, '--max-semi-space-size=4', serverJs, 'lsp', '--stdio'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d) => {
      this.stderr += d;
      if (this.stderr.length > 20000) this.stderr = this.stderr.slice(-20000);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      if (!this.shuttingDown) this.fail(new Error(`language server exited unexpectedly (code ${code}, signal ${signal})${this.stderr ? `; stderr: ${this.stderr.slice(-2000)}` : ''}`));
    });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout), new rpc.StreamMessageWriter(this.child.stdin));
    // Requests a server may send to a client; answer them like an editor would.
    this.conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({}))); // {} = all defaults
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => null);
    this.conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onNotification('window/logMessage', (p) => this.logs.push(p.message));
    this.conn.onNotification('window/showMessage', (p) => this.logs.push(`[showMessage] ${p.message}`));
    this.conn.onNotification('microappGuard/restricted', () => undefined);
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.pushCount++;
      this.pushLog.push({ at: performance.now(), uri: p.uri, version: p.version, count: p.diagnostics.length });
      if (this.pushLog.length > 5000) this.pushLog.splice(0, 1000);
      this.lastPush.set(p.uri, p);
      this.pushWaiters = this.pushWaiters.filter((w) => {
        if (w.uri !== p.uri || !w.match(p)) return true;
        clearTimeout(w.timer);
        w.resolve(p);
        return false;
      });
    });
    this.conn.onError(([e]) => this.errors.push(`connection error: ${e?.message ?? e}`));
    this.conn.onClose(() => {
      if (!this.shuttingDown) this.fail(new Error('connection to the language server closed unexpectedly'));
    });
    this.conn.listen();
  }

  get pid() {
    return this.child.pid;
  }

  memory() {
    return procMemory(this.child.pid);
  }

  /** Forces a full GC in the server (memprobe.cjs) and returns process.memoryUsage() in KiB, or null. */
  async heapAfterGc() {
    if (!this.probeFile || this.exited) return null;
    fs.rmSync(this.probeFile, { force: true });
    this.child.kill('SIGUSR2');
    for (let i = 0; i < 300; i++) {
      await new Promise((r) => setTimeout(r, 10));
      if (fs.existsSync(this.probeFile)) {
        const m = JSON.parse(fs.readFileSync(this.probeFile, 'utf8'));
        fs.rmSync(this.probeFile, { force: true });
        const k = (x) => Math.round(x / 1024);
        return { heapUsedKiB: k(m.heapUsed), heapTotalKiB: k(m.heapTotal), externalKiB: k(m.external), rssKiB: k(m.rss), gc: m.gc };
      }
    }
    return null;
  }

  fail(err) {
    this.errors.push(err.message);
    for (const w of this.pushWaiters) {
      clearTimeout(w.timer);
      w.reject(err);
    }
    this.pushWaiters = [];
  }

  async initialize() {
    const pull = this.mode === 'pull';
    const capabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true, willSave: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
      },
      workspace: {
        configuration: true,
        workspaceFolders: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        ...(pull ? { diagnostics: { refreshSupport: true } } : {}),
      },
      general: { positionEncodings: ['utf-16'] },
    };
    const res = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: pull ? 'bench (pull, like VS Code)' : 'bench (push, like Neovim)' },
      rootUri: this.rootUri,
      workspaceFolders: [{ uri: this.rootUri, name: 'bench' }],
      capabilities,
      initializationOptions: {},
    });
    this.conn.sendNotification('initialized', {});
    return res;
  }

  request(method, params, timeoutMs = 60_000) {
    if (this.exited) return Promise.reject(new Error(`language server is not running (${method})`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no response in ${timeoutMs} ms`)), timeoutMs);
      this.conn.sendRequest(method, params).then(
        (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        (e) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  notify(method, params) {
    if (this.exited) throw new Error(`language server is not running (${method})`);
    return this.conn.sendNotification(method, params);
  }

  /** Resolves with the first publishDiagnostics for `uri` that satisfies `match`. */
  waitForPush(uri, match, timeoutMs = 30_000) {
    if (this.exited) return Promise.reject(new Error('language server is not running'));
    return new Promise((resolve, reject) => {
      const w = { uri, match, resolve, reject };
      w.timer = setTimeout(() => {
        this.pushWaiters = this.pushWaiters.filter((x) => x !== w);
        reject(new Error(`no publishDiagnostics for ${uri.split('/').pop()} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pushWaiters.push(w);
    });
  }

  /** Pull diagnostics once, retrying if the server asks us to (ServerCancelled + retriggerRequest). */
  async pull(uri, previousResultId) {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
        return { report: r, retries: attempt };
      } catch (e) {
        if (e?.code === -32802 && e?.data?.retriggerRequest && attempt < 5) continue;
        throw e;
      }
    }
  }

  async shutdown() {
    if (this.exited) return;
    this.shuttingDown = true;
    const exited = new Promise((r) => this.child.once('exit', r));
    try {
      await this.request('shutdown', null, 10_000);
      this.notify('exit', null);
    } catch (e) {
      this.errors.push(`shutdown failed: ${e.message}`);
    }
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
    this.conn.dispose();
  }
}
