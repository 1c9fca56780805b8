'use strict';
// Entry point of the end-to-end suite, loaded by VS Code's extension host
// (extensionTestsPath). Plain CommonJS on purpose: no build step.
//
// Both launchers use it: test/e2e/run-code-server.mjs (code-server + chromium)
// and test/e2e/run-electron.mjs (@vscode/test-electron and a desktop build).
// Set MOCHA_GREP in the launcher's environment to run a subset.

const fs = require('fs');
const path = require('path');
const util = require('util');

/**
 * In the web workbench the extension host's console arguments reach the
 * launcher joined with commas, without printf-style substitution, so mocha's
 * reporter lines ("%d passing (%s)") would arrive garbled. VS Code's console
 * forwarder ignores assignments to console.log, so format at mocha's end:
 * its reporters print through Base.consoleLog.
 */
function formatReporterOutput(Mocha) {
  const Base = Mocha.reporters && Mocha.reporters.Base;
  if (!Base || typeof Base.consoleLog !== 'function') return () => {};
  const original = Base.consoleLog;
  Base.consoleLog = (...args) => console.log(util.format(...args));
  return () => {
    Base.consoleLog = original;
  };
}

function run() {
  const started = Date.now();
  let Mocha;
  try {
    Mocha = require('mocha');
  } catch (err) {
    return Promise.reject(new Error(`mocha cannot be loaded from ${__dirname} (run npm install in the repository): ${err.message}`));
  }
  const restoreConsole = formatReporterOutput(Mocha);

  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60000,
    color: false,
    reporter: 'spec',
    grep: process.env.MOCHA_GREP || undefined,
  });
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  console.log(`[e2e-suite] start: ${files.length} files (${files.join(', ')})`);

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        console.log(`[e2e-suite] end: ${failures} failure(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        restoreConsole();
        if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.error(err);
      restoreConsole();
      reject(err);
    }
  });
}

module.exports = { run };
