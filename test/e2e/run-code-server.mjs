#!/usr/bin/env node
// Runs the end-to-end mocha suite (test/e2e/suite) inside a real VS Code
// extension host: code-server 4.100.3 (VS Code 1.100.3) serves the workbench,
// a headless Debian chromium driven by playwright-core opens it, and the
// workbench reports the suite's result through window.codeAutomationExit.
// Works offline once scripts/setup-e2e.sh has run (it is run here if needed).
//
//   node test/e2e/run-code-server.mjs
//
// Environment (all optional):
//   E2E_TIMEOUT_MS       overall limit, default 240000
//   E2E_SCREENSHOT       main PNG, default test-results/e2e-vscode.png: taken when the suite
//                        asks for it (helpers.requestScreenshot: quick-fix menu + Problems
//                        panel), else after the suite or on failure; with a suite-requested
//                        one, the end state goes to e2e-vscode-end.png
//   E2E_KEEP=1           keep the scratch folder (workspace copy, logs, user data)
//   E2E_VERBOSE=1        also print code-server's own output and the page's console
//   E2E_EXTENSION_PATH   extension under test, default: this repository
//   E2E_TESTS_PATH       suite entry (exports run()), default: test/e2e/suite/index.js
//   E2E_WORKSPACE        folder copied and opened, default: examples/slack-bot
//   CHROMIUM_PATH        browser binary, default /usr/bin/chromium
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SETUP = path.join(REPO, 'scripts', 'setup-e2e.sh');
const CODE_SERVER_ENTRY = path.join(REPO, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const EXTENSION_PATH = path.resolve(process.env.E2E_EXTENSION_PATH || REPO);
const TESTS_PATH = path.resolve(process.env.E2E_TESTS_PATH || path.join(HERE, 'suite', 'index.js'));
const WORKSPACE_SRC = path.resolve(process.env.E2E_WORKSPACE || path.join(REPO, 'examples', 'slack-bot'));
const SCREENSHOT = path.resolve(REPO, process.env.E2E_SCREENSHOT || path.join('test-results', 'e2e-vscode.png'));
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 240_000);
const KEEP = process.env.E2E_KEEP === '1';
const VERBOSE = process.env.E2E_VERBOSE === '1';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const T0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;
const since = (t = T0) => secs(Date.now() - t);
const say = (msg) => console.log(`[e2e ${since().padStart(6)}] ${msg}`);

class Fatal extends Error {}

// ---------------------------------------------------------------- helpers --

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** vscode-remote URI of a server-side path, as the workbench payload expects. */
function remoteUri(port, absPath) {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(absPath).pathname}`;
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

// ------------------------------------------------------------------- state --

const state = {
  scratch: undefined,
  server: undefined, // child process (own process group)
  serverExited: undefined, // promise
  browser: undefined,
  page: undefined,
  cleaning: undefined,
};

async function stopServer() {
  const child = state.server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const group = -child.pid;
  const kill = (sig) => {
    try {
      process.kill(group, sig);
    } catch {
      /* already gone */
    }
  };
  kill('SIGTERM');
  const gone = await Promise.race([state.serverExited.then(() => true), sleep(3000).then(() => false)]);
  // Extension hosts and language servers may outlive the main process: end the whole group.
  kill('SIGKILL');
  if (!gone) await Promise.race([state.serverExited, sleep(2000)]);
}

async function cleanup() {
  if (state.cleaning) return state.cleaning;
  state.cleaning = (async () => {
    if (state.browser) {
      await Promise.race([state.browser.close().catch(() => {}), sleep(5000)]);
      const proc = state.browser.process?.();
      if (proc && proc.exitCode === null) {
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    await stopServer();
    if (state.scratch) {
      if (KEEP) say(`kept scratch folder ${state.scratch}`);
      else fs.rmSync(state.scratch, { recursive: true, force: true });
    }
  })();
  return state.cleaning;
}

async function screenshot(why, file = SCREENSHOT) {
  if (!state.page || state.page.isClosed()) return false;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await state.page.screenshot({ path: file, timeout: 10_000 });
    say(`screenshot (${why}): ${path.relative(process.cwd(), file) || file}`);
    return true;
  } catch (err) {
    say(`screenshot failed: ${err.message}`);
    return false;
  }
}

// --------------------------------------------------------------------- run --

async function main() {
  // 1. code-server present?
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    say('code-server is not installed yet: running scripts/setup-e2e.sh');
    const r = spawnSync('bash', [SETUP], { stdio: 'inherit' });
    if (r.status !== 0 || !fs.existsSync(CODE_SERVER_ENTRY)) {
      throw new Fatal(`scripts/setup-e2e.sh failed (exit ${r.status}); cannot start code-server`);
    }
    say('setup done');
  }
  for (const [what, p] of [
    ['extension', path.join(EXTENSION_PATH, 'package.json')],
    ['test suite', TESTS_PATH],
    ['example workspace', WORKSPACE_SRC],
    ['chromium', CHROMIUM],
  ]) {
    if (!fs.existsSync(p)) throw new Fatal(`${what} not found: ${p}${what === 'chromium' ? ' (run scripts/setup-e2e.sh)' : ''}`);
  }
  const mainField = JSON.parse(fs.readFileSync(path.join(EXTENSION_PATH, 'package.json'), 'utf8')).main;
  if (mainField && !fs.existsSync(path.resolve(EXTENSION_PATH, mainField)) && !fs.existsSync(path.resolve(EXTENSION_PATH, `${mainField}.js`))) {
    throw new Fatal(`the extension's main file ${mainField} does not exist: build it first (npm run build)`);
  }

  // 2. scratch folders: the tests edit the workspace, so they get a copy.
  state.scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-e2e-'));
  const ws = path.join(state.scratch, 'workspace', path.basename(WORKSPACE_SRC));
  const home = path.join(state.scratch, 'home');
  const userData = path.join(state.scratch, 'user-data');
  const extensionsDir = path.join(state.scratch, 'extensions');
  const serverLog = path.join(state.scratch, 'code-server.log');
  const signalDir = path.join(state.scratch, 'signals'); // suite <-> launcher handshake (screenshots)
  const serverTmp = path.join(state.scratch, 'tmp'); // VS Code's sockets and temp files end up here
  fs.cpSync(WORKSPACE_SRC, ws, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  for (const d of [home, extensionsDir, signalDir, serverTmp]) fs.mkdirSync(d, { recursive: true });
  writeJson(path.join(userData, 'User', 'settings.json'), {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
    'chat.disableAIFeatures': true,
    'window.commandCenter': false,
  });
  say(`workspace copy: ${ws}`);

  // 3. code-server in a process group of its own.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const out = fs.openSync(serverLog, 'a');
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    TMPDIR: serverTmp,
    // No extension gallery: nothing to reach offline, and no error about open-vsx.org.
    EXTENSIONS_GALLERY: '{}',
    // Read by test/e2e/suite/helpers.js (requestScreenshot) in the extension host.
    E2E_SIGNAL_DIR: signalDir,
  };
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'PORT', 'VSCODE_IPC_HOOK_CLI', 'ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS']) delete env[k];
  const args = [
    CODE_SERVER_ENTRY,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config', '/dev/null',
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
  ];
  state.server = spawn(process.execPath, args, { cwd: state.scratch, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  state.serverExited = new Promise((resolve) => state.server.once('exit', (code, signal) => resolve({ code, signal })));
  state.serverExited.then(({ code, signal }) => {
    if (!state.cleaning) say(`code-server exited early (code ${code}, signal ${signal})\n${tail(serverLog)}`);
  });
  if (VERBOSE) {
    // Follow the log file rather than piping, so nothing blocks when we stop reading.
    let pos = 0;
    const timer = setInterval(() => {
      try {
        const buf = fs.readFileSync(serverLog);
        if (buf.length > pos) process.stdout.write(buf.subarray(pos).toString().replace(/^/gm, '[code-server] '));
        pos = buf.length;
      } catch {
        /* ignore */
      }
    }, 500);
    timer.unref();
  }

  const tServer = Date.now();
  for (;;) {
    if (state.server.exitCode !== null || state.server.signalCode !== null) {
      throw new Fatal(`code-server exited before it answered /healthz:\n${tail(serverLog)}`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() - tServer > 30_000) throw new Fatal(`code-server did not answer ${base}/healthz within 30 s:\n${tail(serverLog)}`);
    await sleep(200);
  }
  say(`code-server ${base} healthy after ${since(tServer)} (pid ${state.server.pid}, log ${serverLog})`);

  // 4. chromium.
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (err) {
    throw new Fatal(`playwright-core is not installed (npm install): ${err.message}`);
  }
  state.browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const context = await state.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = (state.page = await context.newPage());

  let settle;
  const suiteDone = new Promise((resolve) => (settle = resolve));
  let tSuiteStart;
  let screenshotsTaken = 0;
  await page.exposeFunction('codeAutomationLog', (level, message) => {
    const text = String(message ?? '');
    if (!tSuiteStart && text.includes('[e2e-suite] start')) tSuiteStart = Date.now();
    for (const line of text.split('\n')) console.log(`[vscode ${level}] ${line}`);
    // The suite asks for a screenshot and waits until <signalDir>/<name>.done exists.
    const m = /\[e2e-suite\] screenshot-request ([\w-]+)/.exec(text);
    if (m) {
      const name = m[1];
      const file = name === 'main' ? SCREENSHOT : SCREENSHOT.replace(/\.png$/, `-${name}.png`);
      screenshot(`requested by the suite: ${name}`, file)
        .then((ok) => ok && screenshotsTaken++)
        .finally(() => fs.writeFileSync(path.join(signalDir, `${name}.done`), ''));
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    settle({ code: Number(code) || 0 });
  });
  page.on('pageerror', (err) => say(`page error: ${err.message}`));
  page.on('crash', () => settle({ code: 1, reason: 'the browser page crashed' }));
  if (VERBOSE) page.on('console', (msg) => console.log(`[browser ${msg.type()}] ${msg.text()}`));
  state.serverExited.then(({ code, signal }) => settle({ code: 1, reason: `code-server exited (code ${code}, signal ${signal})` }));

  // 5. open the workbench with the extension in development mode and the suite.
  const payload = [
    ['extensionDevelopmentPath', remoteUri(port, EXTENSION_PATH)],
    ['extensionTestsPath', remoteUri(port, TESTS_PATH)],
  ];
  const url = `${base}/?${new URLSearchParams({ folder: ws, payload: JSON.stringify(payload) })}`;
  say(`opening ${url}`);
  const tNav = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  page
    .waitForSelector('.monaco-workbench', { timeout: 60_000 })
    .then(() => say(`workbench ready ${since(tNav)} after navigation`))
    .catch(() => say('workbench element did not appear within 60 s'));

  const result = await suiteDone;
  const tEnd = Date.now();
  if (result.reason) say(`suite did not finish: ${result.reason}`);
  say(`suite finished with exit code ${result.code}: ${secs(tEnd - tNav)} after navigation` + (tSuiteStart ? `, about ${secs(tEnd - tSuiteStart)} for the suite itself` : ''));
  // The suite's own screenshot (if any) stays the main one; the end state goes next to it.
  await screenshot(result.code === 0 ? 'after the suite' : 'failure', screenshotsTaken ? SCREENSHOT.replace(/\.png$/, '-end.png') : SCREENSHOT);
  if (result.code !== 0 && !VERBOSE) say(`last lines of code-server's log:\n${tail(serverLog, 25)}`);
  return result.code;
}

let exitCode = 1;
const overall = setTimeout(async () => {
  say(`TIMEOUT: no result after ${secs(TIMEOUT_MS)} (E2E_TIMEOUT_MS). The suite hung or the workbench never started the extension host.`);
  await screenshot('timeout');
  await cleanup();
  process.exit(124);
}, TIMEOUT_MS);

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, async () => {
    say(`received ${sig}, cleaning up`);
    await cleanup();
    process.exit(130);
  });
}

try {
  exitCode = await main();
} catch (err) {
  say(err instanceof Fatal ? `ERROR: ${err.message}` : `ERROR: ${err.stack || err}`);
  await screenshot('failure');
  exitCode = 1;
} finally {
  clearTimeout(overall);
  await cleanup();
}
say(exitCode === 0 ? 'PASS' : `FAIL (exit ${exitCode})`);
process.exit(exitCode);
