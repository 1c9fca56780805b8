'use strict';
// Stands in for the `debug` package in the server bundle (scripts/build.mjs). secretlint's core logs through `debug`
// only when the DEBUG environment variable names it; the real package reads the terminal's colour support (node:tty)
// when it loads, on the way to the first diagnostics. Every logger here is off.
function createDebug() {
  const log = () => undefined;
  log.enabled = false;
  log.extend = () => createDebug();
  return log;
}
createDebug.enable = () => undefined;
createDebug.formatters = {};
createDebug.inspectOpts = {};
createDebug.names = [];
createDebug.skips = [];
createDebug.log = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;
createDebug.default = createDebug;
module.exports = createDebug;
