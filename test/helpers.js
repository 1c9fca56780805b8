'use strict';
// Test helpers: the engine is exercised through the same bundle the server ships.
const path = require('path');
const fs = require('fs');
const os = require('os');
const engine = require(process.env.MAG_ENGINE_BUNDLE || '../dist/engine.js');

const ROOT = path.resolve(__dirname, '..');

async function analyze(text, file = '/ws/app.js', opts = {}) {
  return engine.analyzeDocument({ path: file, text, languageId: opts.languageId }, opts);
}

function ids(findings) {
  return findings.map((f) => f.ruleId);
}

function textAt(text, range) {
  const index = new engine.LineIndex(text);
  return text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
}

/** A temporary workspace folder with the given files. */
function tmpWorkspace(files = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/** Applies a fix's edits to in-memory files: { path: text }. */
function applyFix(fix, files) {
  const out = { ...files };
  for (const change of fix.changes) {
    const before = out[change.path] ?? '';
    out[change.path] = engine.applyEdits(before, change.edits);
  }
  return out;
}

// Fake credentials built at run time, so the repository holds no literal secret.
const rand = (n, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', seed = 7) => {
  // mulberry32: deterministic, well mixed
  let a = seed * 2654435761;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
};
const fake = {
  slack: () => `xoxb-${rand(13, '0123456789', 1)}-${rand(13, '0123456789', 2)}-${rand(24, undefined, 3)}`,
  github: () => `ghp_${rand(36, undefined, 4)}`,
  awsKeyId: () => `AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 5)}`,
  awsSecret: () => rand(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 6),
  stripe: () => `sk_live_${rand(24, undefined, 8)}`,
  token: (n = 32, seed = 9) => rand(n, undefined, seed),
  password: () => 'Xk9#mP2vL8qR!',
};

/**
 * The first finding (of `ruleId`, when given) of a text, its fixes, the
 * preferred one, and the text after applying it.
 */
async function fixesOf(file, text, ruleId, opts = {}) {
  const assert = require('assert');
  const findings = await analyze(text, file, opts);
  const f = ruleId ? findings.find((x) => x.ruleId === ruleId) : findings[0];
  assert.ok(f, `${file}: no finding in ${JSON.stringify(findings.map((x) => x.ruleId))}`);
  const fixes = engine.fixesForFinding({ path: file, text }, f, { workspace: opts.workspace });
  const preferred = fixes.find((x) => x.isPreferred);
  return { f, fixes, preferred, fix: preferred, out: preferred && applyFix(preferred, { [file]: text })[file] };
}

/** The preferred fix of the first finding (of `ruleId`), and the text after applying it. */
async function preferredFix(file, text, ruleId, opts = {}) {
  const assert = require('assert');
  const findings = await analyze(text, file, opts);
  const f = ruleId ? findings.find((x) => x.ruleId === ruleId) : findings[0];
  assert.ok(f, `no finding in ${JSON.stringify(findings.map((x) => x.ruleId))}`);
  const fix = engine.fixesForFinding({ path: file, text }, f, { workspace: opts.workspace }).find((x) => x.isPreferred);
  return { f, fix, out: fix ? applyFix(fix, { [file]: text })[file] : undefined };
}

/** The text after fix-all (source.fixAll) of a document. */
async function fixAllOut(file, text) {
  const findings = await analyze(text, file);
  const [change] = engine.fixAll({ path: file, text }, findings);
  return change ? engine.applyEdits(text, change.edits) : text;
}

/**
 * The findings of each file of `files` (path -> text), analysed with a workspace model holding the facts of `published`
 * (by default the same texts; another set stands for what the files published before their last edit).
 */
async function analyzeFolder(files, published = files, root = '/ws') {
  const model = new engine.WorkspaceModel(root);
  for (const [p, text] of Object.entries(published)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  const out = {};
  for (const [p, text] of Object.entries(files)) out[p] = (await engine.analyze({ path: p, text }, { model })).findings;
  return out;
}

module.exports = { engine, analyze, analyzeFolder, ids, textAt, tmpWorkspace, applyFix, fake, rand, fixesOf, preferredFix, fixAllOut, ROOT };
