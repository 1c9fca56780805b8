'use strict';
// The entry of the language server and the CLI (copied to dist/boot.js by the build). It loads the bundle
// (dist/server.js) with a V8 code cache kept in the user's cache directory, so a start does not compile 2.6 MB of
// JavaScript again (measured: loading the bundle 117 ms -> 42 ms). Node 22's module.enableCompileCache does the
// same; Node 20 has only vm.Script's cachedData. V8 rejects a cache that does not match the source (then this
// start compiles as usual and writes a new one). MICROAPP_GUARD_CODE_CACHE=0 turns it off.
const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');
const Module = require('module');

const BUNDLE = path.join(__dirname, 'server.js');

/** The server's own cache file (what it compiles differs from the CLI's: they would replace each other's). */
const LSP = process.argv[2] === 'lsp';
/**
 * Emitted by the bundle to have the cache written now, before it changes V8's flags (server/src/lsp/memory.ts): V8 rejects
 * a cache made under other flags than the next start's.
 */
const WRITE_NOW = 'microapp-guard:write-code-cache';

function cacheDir() {
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'microapp-guard');
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'microapp-guard');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'microapp-guard');
  return path.join(os.homedir(), '.cache', 'microapp-guard');
}

function writeCache(script, file, build) {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    // Caches of other builds are of no use any more; of this build's (the server's, the CLI's, runs with flags of
    // their own) the four most recently written are kept.
    const dir = path.dirname(file);
    const mine = [];
    for (const f of fs.readdirSync(dir)) {
      if (!/^v8-.*\.bin$/.test(f)) continue;
      if (f.startsWith(`${build}.`) || f.startsWith(`${build}-`)) mine.push({ f, t: fs.statSync(path.join(dir, f)).mtimeMs });
      else fs.rmSync(path.join(dir, f), { force: true });
    }
    mine.sort((a, b) => b.t - a.t);
    for (const { f } of mine.slice(4)) if (f !== path.basename(file)) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    // A cache that cannot be written only costs the next start its compile time.
  }
}

/** A short name for a set of flags (a file name, not a secret: loading crypto would cost the start a few ms). */
function nameHash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The bundle's exports (`run`), loaded with the code cache when possible, else by a plain require. */
function load() {
  if (process.env.MICROAPP_GUARD_CODE_CACHE === '0' || Module._cache[BUNDLE]) return require(BUNDLE);
  let source;
  let stat;
  try {
    // Read as bytes, then decoded as UTF-8: Node 20's readFileSync(file, 'utf8') took 5.4-5.6 ms for the 2.3 MB
    // bundle, the read and the decode 3.0-3.4 (the same string, in the heap). (Read as latin1 it starts sooner too, but
    // Node makes that string external, which changed the garbage collector's pace: the CloudFormation scan's peak RSS
    // went from 160-165 to 160-202 MiB, measured.)
    source = fs.readFileSync(BUNDLE).toString('utf8');
    stat = fs.statSync(BUNDLE);
  } catch {
    return require(BUNDLE);
  }
  // One file per Node version, architecture and build of the bundle, and per set of flags (V8 rejects a cache made under
  // other flags: the server's, a CLI's and a run with node options of its own would otherwise replace each other's).
  const build = `v8-${process.version}-${process.arch}-${stat.size}-${Math.round(stat.mtimeMs)}`.replace(/[^\w.-]/g, '_');
  const flags = [...process.execArgv, process.env.NODE_OPTIONS || ''].join(' ').trim();
  const variant = `${LSP ? '-lsp' : ''}${flags ? `-${nameHash(flags)}` : ''}`;
  const file = path.join(cacheDir(), 'code', `${build}${variant}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  let script;
  try {
    script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  } catch {
    return require(BUNDLE);
  }
  const m = new Module(BUNDLE, module);
  m.filename = BUNDLE;
  m.paths = Module._nodeModulePaths(__dirname);
  Module._cache[BUNDLE] = m;
  try {
    script.runInThisContext().call(m.exports, m.exports, Module.createRequire(BUNDLE), m, BUNDLE, __dirname);
  } catch (e) {
    delete Module._cache[BUNDLE];
    throw e;
  }
  m.loaded = true;
  if (!cachedData || script.cachedDataRejected) {
    // Written once the first work has run, so the functions it compiled are in the cache too (a short CLI run
    // writes it on exit).
    let written = false;
    const write = () => {
      if (written) return;
      written = true;
      writeCache(script, file, build);
    };
    setTimeout(write, 4000).unref();
    process.once('exit', write);
    process.once(WRITE_NOW, write);
  }
  return m.exports;
}

module.exports = { load };

if (require.main === module) load().run();
