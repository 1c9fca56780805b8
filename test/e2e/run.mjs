#!/usr/bin/env node
// Runs the end-to-end suite with the launcher that fits this machine:
//   VSCODE_EXECUTABLE set -> desktop VS Code through @vscode/test-electron (run-electron.mjs)
//   otherwise             -> code-server + headless chromium, offline (run-code-server.mjs)
// E2E_LAUNCHER=electron|code-server forces one. Both exit with the suite's exit code.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const forced = process.env.E2E_LAUNCHER;
if (forced && !['electron', 'code-server'].includes(forced)) {
  console.error(`[e2e] E2E_LAUNCHER must be "electron" or "code-server", not "${forced}"`);
  process.exit(2);
}
const launcher = forced || (process.env.VSCODE_EXECUTABLE ? 'electron' : 'code-server');
console.log(
  `[e2e] launcher: ${launcher}` +
    (forced ? ' (E2E_LAUNCHER)' : launcher === 'electron' ? ` (VSCODE_EXECUTABLE=${process.env.VSCODE_EXECUTABLE})` : ' (set VSCODE_EXECUTABLE to use a desktop VS Code)'),
);
await import(pathToFileURL(path.join(HERE, launcher === 'electron' ? 'run-electron.mjs' : 'run-code-server.mjs')).href);
