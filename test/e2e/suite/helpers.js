'use strict';
// Shared helpers for the end-to-end suite. Only the public `vscode` API is used.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'microapp-guard.microapp-guard';
const SOURCE = 'microapp-guard';
const APP_FILE = 'src/app.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Log a line that the launchers forward (prefixed so it stands out). */
function note(message) {
  console.log(`[e2e-suite] ${message}`);
}

/** A diagnostic's code as a string: VS Code gives a string, a number or `{ value, target }`. */
function codeOf(diag) {
  const code = diag && diag.code;
  if (code === undefined || code === null) return '';
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

function describeDiagnostic(d) {
  const r = d.range;
  const severity = ['Error', 'Warning', 'Information', 'Hint'][d.severity] || String(d.severity);
  return `L${r.start.line + 1}:${r.start.character + 1}-L${r.end.line + 1}:${r.end.character + 1} ${severity} [${d.source || 'no source'}] ${codeOf(d) || '(no code)'}: ${d.message}`;
}

function describeDiagnostics(diags) {
  if (!diags || diags.length === 0) return '  (no diagnostics at all)';
  return diags.map((d) => `  ${describeDiagnostic(d)}`).join('\n');
}

/** Every diagnostic of the file, described, to append to failure messages. */
function diagnosticsReport(uri) {
  return `diagnostics seen for ${vscode.workspace.asRelativePath(uri)}:\n${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`;
}

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function onLine(diag, line) {
  return diag.range.start.line <= line && line <= diag.range.end.line;
}

/**
 * Poll `probe` (sync or async) until it returns a truthy value, waking up early
 * whenever diagnostics change. Rejects after `timeout` ms with `what()` and the
 * diagnostics of `uri`, so a failure shows what the editor really had.
 */
function waitFor(probe, { timeout = 20000, interval = 250, uri, what }) {
  return new Promise((resolve, reject) => {
    let done = false;
    let running = false;
    const started = Date.now();
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(deadline);
      listener.dispose();
      fn(value);
    };
    const check = async () => {
      if (done || running) return;
      running = true;
      try {
        const value = await probe();
        if (value) finish(resolve, value);
      } catch (err) {
        finish(reject, err);
      } finally {
        running = false;
      }
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!uri || e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setInterval(check, interval);
    const deadline = setTimeout(() => {
      const description = typeof what === 'function' ? what() : what;
      const report = uri ? `\n${diagnosticsReport(uri)}` : '';
      finish(reject, new Error(`timed out after ${((Date.now() - started) / 1000).toFixed(1)} s waiting for ${description}${report}`));
    }, timeout);
    check();
  });
}

/**
 * Wait until the diagnostics of `uri` stop changing: first for a change event
 * (at most `firstEventMs`, a server may legitimately publish nothing new), then
 * for `quietMs` without any further event. Resolves with the number of events.
 */
function settleDiagnostics(uri, { quietMs = 2000, firstEventMs = 8000, maxMs = 20000 } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    let events = 0;
    let last = 0;
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        events += 1;
        last = Date.now();
      }
    });
    const timer = setInterval(() => {
      const now = Date.now();
      const quiet = events > 0 ? now - last >= quietMs : now - started >= firstEventMs;
      if (quiet || now - started >= maxMs) {
        clearInterval(timer);
        listener.dispose();
        resolve(events);
      }
    }, 100);
  });
}

function isCanceled(err) {
  return !!err && (err.name === 'Canceled' || err.message === 'Canceled' || err instanceof vscode.CancellationError);
}

/**
 * Run an editor request again when it is cancelled. VS Code cancels a whole
 * code-action request when any provider cancels, and the built-in TypeScript
 * provider does so while tsserver is still loading the project (seen on the
 * first request after the file opens, about 4 s in).
 */
async function retryCanceled(fn, { attempts = 4, what = 'request' } = {}) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isCanceled(err) || i >= attempts) throw err;
      note(`${what} was cancelled (attempt ${i} of ${attempts}); trying again`);
      await sleep(500);
    }
  }
}

/** Activate the extension or fail at once (so later tests do not each wait for diagnostics that cannot come). */
async function ensureActive() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (see the activation test)`);
  if (!ext.isActive) {
    try {
      await ext.activate();
    } catch (err) {
      throw new Error(`extension ${EXTENSION_ID} failed to activate: ${err && err.message}`);
    }
  }
  if (!ext.isActive) throw new Error(`extension ${EXTENSION_ID} is not active (its activation failed, see the activation test)`);
  return ext;
}

function workspaceRoot() {
  const folders = vscode.workspace.workspaceFolders || [];
  if (folders.length === 0) throw new Error('no workspace folder is open: the launcher should open a copy of examples/slack-bot');
  return folders[0].uri;
}

function workspaceUri(relative) {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

async function openInEditor(uri) {
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    throw new Error(`${uri.toString()} does not exist in the opened workspace`);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: false });
  return { doc, editor };
}

/** Append `text` as new line(s) at the end of the editor's document, like typing. Returns the first new line's index. */
async function appendLines(editor, lines) {
  const doc = editor.document;
  const last = doc.lineAt(doc.lineCount - 1);
  const needsBreak = last.text.length > 0;
  const firstLine = needsBreak ? doc.lineCount : doc.lineCount - 1;
  const text = (needsBreak ? '\n' : '') + lines.join('\n') + '\n';
  const ok = await editor.edit((b) => b.insert(last.range.end, text));
  if (!ok) throw new Error('editor.edit refused the insertion');
  return firstLine;
}

function randomAlphanumeric(length) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[bytes[i] % alphabet.length];
  return s;
}

/**
 * The code-server launcher (run-code-server.mjs) can take a screenshot while
 * the suite waits: the suite asks through the log and the launcher answers by
 * writing a file into E2E_SIGNAL_DIR. Without that variable (other launchers)
 * this does nothing. Never fails the suite.
 */
async function requestScreenshot(name, timeout = 15000) {
  const dir = process.env.E2E_SIGNAL_DIR;
  if (!dir) return false;
  const doneFile = path.join(dir, `${name}.done`);
  note(`screenshot-request ${name}`);
  const started = Date.now();
  while (Date.now() - started < timeout) {
    if (fs.existsSync(doneFile)) return true;
    await sleep(100);
  }
  note(`screenshot ${name} was not confirmed within ${timeout} ms; continuing`);
  return false;
}

module.exports = {
  EXTENSION_ID,
  workspaceRoot,
  SOURCE,
  ensureActive,
  retryCanceled,
  APP_FILE,
  sleep,
  note,
  codeOf,
  describeDiagnostic,
  describeDiagnostics,
  diagnosticsReport,
  ours,
  onLine,
  waitFor,
  settleDiagnostics,
  workspaceUri,
  openInEditor,
  appendLines,
  randomAlphanumeric,
  requestScreenshot,
};
