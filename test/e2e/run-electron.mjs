#!/usr/bin/env node
// Runs the end-to-end mocha suite (test/e2e/suite) in a desktop VS Code through
// @vscode/test-electron, for machines where a VS Code build is at hand or can be
// downloaded (a developer machine, a CI runner with internet access).
//
//   VSCODE_EXECUTABLE=/usr/share/code/code node test/e2e/run-electron.mjs
//   node test/e2e/run-electron.mjs          # downloads VS Code into .vscode-test/
//
// Without internet (only the npm registry) no VS Code build can be downloaded:
// use test/e2e/run-code-server.mjs there.
//
// Environment (all optional):
//   VSCODE_EXECUTABLE   the VS Code binary (Linux: .../code, macOS: .../Contents/MacOS/Electron)
//   VSCODE_VERSION      version to download when VSCODE_EXECUTABLE is unset, default "stable"
//   E2E_TIMEOUT_MS      overall limit, default 240000 (plus the download)
//   E2E_KEEP=1          keep the scratch folder (workspace copy, user data)
//   E2E_EXTENSION_PATH, E2E_TESTS_PATH, E2E_WORKSPACE: as for run-code-server.mjs
// On Linux without a display the run is wrapped in `xvfb-run -a` when that exists.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const SELF = fileURLToPath(import.meta.url);
const HERE = path.dirname(SELF);
const REPO = path.resolve(HERE, '..', '..');
const EXTENSION_PATH = path.resolve(process.env.E2E_EXTENSION_PATH || REPO);
const TESTS_PATH = path.resolve(process.env.E2E_TESTS_PATH || path.join(HERE, 'suite', 'index.js'));
const WORKSPACE_SRC = path.resolve(process.env.E2E_WORKSPACE || path.join(REPO, 'examples', 'slack-bot'));
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 240_000);
const KEEP = process.env.E2E_KEEP === '1';
const INNER = process.argv.includes('--inner');

const T0 = Date.now();
const say = (msg) => console.log(`[e2e-electron ${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s] ${msg}`);

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// ------------------------------------------------------------------ inner --
// Runs in a process group of its own so the outer process can end VS Code and
// everything it started (extension host, language server) on timeout.
async function inner() {
  let testElectron;
  try {
    testElectron = require('@vscode/test-electron');
  } catch (err) {
    say(`@vscode/test-electron is not installed (npm install): ${err.message}`);
    return 1;
  }
  const { runTests, downloadAndUnzipVSCode } = testElectron;

  for (const [what, p] of [
    ['extension', path.join(EXTENSION_PATH, 'package.json')],
    ['test suite', TESTS_PATH],
    ['example workspace', WORKSPACE_SRC],
  ]) {
    if (!fs.existsSync(p)) {
      say(`ERROR: ${what} not found: ${p}`);
      return 1;
    }
  }

  let executable = process.env.VSCODE_EXECUTABLE;
  if (executable) {
    if (!fs.existsSync(executable)) {
      say(`ERROR: VSCODE_EXECUTABLE does not exist: ${executable}`);
      return 1;
    }
  } else {
    const version = process.env.VSCODE_VERSION || 'stable';
    say(`VSCODE_EXECUTABLE is not set: trying to download VS Code ${version} into .vscode-test/`);
    try {
      executable = await downloadAndUnzipVSCode({ version, cachePath: path.join(REPO, '.vscode-test'), timeout: 15_000 });
    } catch (err) {
      say(
        `ERROR: cannot download VS Code here (${err && err.message ? err.message : err}).\n` +
          '  This machine cannot reach the VS Code update servers. Either point VSCODE_EXECUTABLE at a desktop\n' +
          '  VS Code binary, or run the same suite in code-server, which installs from the npm registry:\n' +
          '    node test/e2e/run-code-server.mjs',
      );
      return 2;
    }
  }
  say(`VS Code executable: ${executable}`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-e2e-electron-'));
  try {
    const ws = path.join(scratch, 'workspace', path.basename(WORKSPACE_SRC));
    const userData = path.join(scratch, 'user-data');
    const extensionsDir = path.join(scratch, 'extensions');
    fs.cpSync(WORKSPACE_SRC, ws, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
    fs.mkdirSync(extensionsDir, { recursive: true });
    writeJson(path.join(userData, 'User', 'settings.json'), {
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'git.enabled': false,
      'window.restoreWindows': 'none',
    });
    say(`workspace copy: ${ws}`);

    const started = Date.now();
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: EXTENSION_PATH,
      extensionTestsPath: TESTS_PATH,
      launchArgs: [
        ws,
        '--disable-extensions', // other installed extensions; the one under test still loads
        '--disable-telemetry',
        // runTests adds --no-sandbox, --disable-updates, --skip-welcome, --skip-release-notes, --disable-workspace-trust
        `--user-data-dir=${userData}`,
        `--extensions-dir=${extensionsDir}`,
      ],
      extensionTestsEnv: { MAG_E2E_LAUNCHER: 'electron' },
    });
    say(`suite finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } catch (err) {
    // runTests rejects with TestRunFailedError when VS Code exits non-zero.
    if (err && typeof err.code === 'number') {
      say(`suite failed: VS Code exited with code ${err.code}`);
      return err.code || 1;
    }
    say(`ERROR: ${err && err.stack ? err.stack : err}`);
    return 1;
  } finally {
    if (KEEP) say(`kept scratch folder ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ outer --
function outer() {
  let cmd = process.execPath;
  let args = [SELF, '--inner'];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    if (hasCommand('xvfb-run')) {
      args = ['-a', cmd, ...args];
      cmd = 'xvfb-run';
      say('no display: running under xvfb-run -a');
    } else {
      say('WARNING: no DISPLAY and no xvfb-run; desktop VS Code will probably fail to start (apt-get install xvfb)');
    }
  }
  const child = spawn(cmd, args, { stdio: 'inherit', detached: true });
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* gone */
    }
  };
  const timer = setTimeout(() => {
    say(`TIMEOUT: no result after ${(TIMEOUT_MS / 1000).toFixed(0)} s (E2E_TIMEOUT_MS); ending VS Code`);
    killGroup('SIGTERM');
    setTimeout(() => {
      killGroup('SIGKILL');
      process.exit(124);
    }, 3000).unref();
  }, TIMEOUT_MS);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      killGroup('SIGTERM');
      setTimeout(() => {
        killGroup('SIGKILL');
        process.exit(130);
      }, 2000).unref();
    });
  }
  child.on('exit', (code, signal) => {
    clearTimeout(timer);
    killGroup('SIGKILL'); // leftovers (extension host, language server)
    const rc = code ?? (signal ? 1 : 0);
    say(rc === 0 ? 'PASS' : `FAIL (exit ${rc})`);
    process.exit(rc);
  });
}

if (INNER) {
  process.exit(await inner());
} else {
  outer();
}
