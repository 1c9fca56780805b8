#!/usr/bin/env node
// gitleaks' literal rule samples: the string literals of the true-positive and
// false-positive lists that each rule of gitleaks' config generator validates
// itself against (cmd/generate/config/rules/*.go: `tps`, `fps`, and the
// path-keyed maps of ValidateWithPaths). Samples that gitleaks generates at
// run time (utils.GenerateSampleSecret(s), secrets.NewSecret) are not literal
// and are left out: bench/gitleaks-formats.mjs covers the formats.
//
// The samples are read from a checkout or mirror of gitleaks at run time and
// never copied into this repository:
//   GITLEAKS_DIR=<work tree of gitleaks>           (read from disk), or
//   GITLEAKS_GIT=<git directory of gitleaks>       (read with `git show HEAD:`),
//   default: /work/.mirror/gitleaks+gitleaks/repo  (the fetch tool's mirror).
//
// Each sample is the whole text of one file: a map sample under its own path,
// a list sample as `sample.txt` (a fragment without a path, as gitleaks'
// Validate scans it). A true sample is found when the engine reports any
// secret finding of severity error or warning; a false sample is flagged when
// it does (an information finding is neither: it says why it is not an error).
//
//   node bench/gitleaks-literals.mjs [-v] [--rule <id substring>]
// after `npm run build` (MAG_ENGINE_BUNDLE=<engine bundle> to use another).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const RULES_DIR = 'cmd/generate/config/rules';
const DEFAULT_GIT = '/work/.mirror/gitleaks+gitleaks/repo';

/** The rule files of gitleaks' generator: [{ name, text }]. */
export function readRuleFiles() {
  if (process.env.GITLEAKS_DIR) {
    const dir = path.join(process.env.GITLEAKS_DIR, RULES_DIR);
    return fs.readdirSync(dir).filter((f) => f.endsWith('.go')).map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
  }
  const git = process.env.GITLEAKS_GIT ?? DEFAULT_GIT;
  if (!fs.existsSync(git)) return undefined;
  const ls = execFileSync('git', ['--git-dir', git, 'ls-tree', '--name-only', `HEAD:${RULES_DIR}`], { encoding: 'utf8' });
  return ls
    .split('\n')
    .filter((f) => f.endsWith('.go'))
    .map((f) => ({ name: f, text: execFileSync('git', ['--git-dir', git, 'show', `HEAD:${RULES_DIR}/${f}`], { encoding: 'utf8', maxBuffer: 64 << 20 }) }));
}

// ---------------------------------------------------------------------------
// A small Go tokenizer: strings (interpreted and raw), identifiers, punctuation; comments dropped.

function unquoteGo(s) {
  // Interpreted string literal body: Go escapes.
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e) => {
    switch (e[0]) {
      case 'n': return '\n';
      case 't': return '\t';
      case 'r': return '\r';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'v': return '\v';
      case 'x': return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'u':
      case 'U': return String.fromCodePoint(parseInt(e.slice(1), 16));
      default:
        if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
        return e;
    }
  });
}

function tokenize(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (src.startsWith('/*', i)) { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      toks.push({ t: 'str', v: unquoteGo(src.slice(i + 1, j)) });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      toks.push({ t: 'str', v: src.slice(i + 1, j).replace(/\r/g, '') });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const j = src.indexOf("'", i + 2);
      toks.push({ t: 'rune' });
      i = j + 1;
      continue;
    }
    const id = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*/.exec(src.slice(i, i + 200));
    if (id) { toks.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    const num = /^[0-9][\w.]*/.exec(src.slice(i, i + 50));
    if (num) { toks.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const op = /^(?::=|\.\.\.|\[\]|&&|\|\||==|!=|<=|>=|[-+*/%=<>!&|^(){}\[\],;:.])/.exec(src.slice(i, i + 3));
    toks.push({ t: 'op', v: op ? op[0] : c });
    i += op ? op[0].length : 1;
  }
  return toks;
}

/**
 * Per function: the lists bound to names (`x := []string{...}`, `x = append(x, ...)`,
 * `x := map[string]string{...}`) with only their literal elements, and the names passed to Validate.
 */
function samplesOf(file) {
  const toks = tokenize(file.text);
  const out = [];
  let vars = new Map();
  let fn = '';
  let p = 0;
  // Reads one element expression up to `,` or the closing bracket at depth 0: a literal when it is
  // STRING (+ STRING)*; a spread of a known list (`name...`) gives that list; anything else is not literal.
  const element = (close) => {
    const start = p;
    let depth = 0;
    while (p < toks.length) {
      const k = toks[p];
      if (k.t === 'op' && (k.v === '(' || k.v === '{' || k.v === '[' || k.v === '[]')) depth += k.v === '[]' ? 0 : 1;
      else if (k.t === 'op' && (k.v === ')' || k.v === '}' || k.v === ']')) {
        if (depth === 0) break;
        depth--;
      } else if (k.t === 'op' && k.v === ',' && depth === 0) break;
      p++;
    }
    const part = toks.slice(start, p);
    if (toks[p]?.v === ',') p++;
    if (part.length && part.every((k, idx) => (idx % 2 === 0 ? k.t === 'str' : k.t === 'op' && k.v === '+'))) {
      return { literal: part.filter((k) => k.t === 'str').map((k) => k.v).join('') };
    }
    if (part.length === 2 && part[0].t === 'id' && part[1].v === '...') return { spread: part[0].v };
    return { other: true };
  };
  const listBody = (close) => {
    const items = [];
    while (p < toks.length && toks[p].v !== close) {
      const e = element(close);
      if (e.literal !== undefined) items.push({ text: e.literal });
      else if (e.spread) items.push(...(vars.get(e.spread) ?? []));
    }
    p++;
    return items;
  };
  const mapBody = () => {
    const items = [];
    while (p < toks.length && toks[p].v !== '}') {
      // key: value,
      const keyTok = toks[p];
      if (keyTok.t === 'str' && toks[p + 1]?.v === ':') {
        p += 2;
        const e = element('}');
        if (e.literal !== undefined) items.push({ path: keyTok.v, text: e.literal });
      } else element('}');
    }
    p++;
    return items;
  };
  const expr = () => {
    // []string{...} | map[string]string{...} | append(a, b...) | other
    const k = toks[p];
    if (k?.v === '[]' && toks[p + 1]?.v === 'string' && toks[p + 2]?.v === '{') {
      p += 3;
      return listBody('}');
    }
    if (k?.v === 'map' && toks[p + 1]?.v === '[' && toks[p + 2]?.v === 'string' && toks[p + 3]?.v === ']' && toks[p + 4]?.v === 'string' && toks[p + 5]?.v === '{') {
      p += 6;
      return mapBody();
    }
    if (k?.v === 'append' && toks[p + 1]?.v === '(') {
      p += 2;
      const items = [];
      let first = true;
      while (p < toks.length && toks[p].v !== ')') {
        if (toks[p].v === '[]' && toks[p + 1]?.v === 'string' && toks[p + 2]?.v === '{') {
          p += 3;
          items.push(...listBody('}'));
          if (toks[p]?.v === '...') p++;
          if (toks[p]?.v === ',') p++;
          first = false;
          continue;
        }
        const e = element(')');
        if (e.literal !== undefined) items.push({ text: e.literal });
        else if (e.spread) items.push(...(vars.get(e.spread) ?? []));
        else if (first && toks[p - 2]?.t === 'id') {
          const name = toks[p - 2].v;
          items.push(...(vars.get(name) ?? []));
        }
        first = false;
      }
      p++;
      return items;
    }
    return undefined;
  };
  while (p < toks.length) {
    const k = toks[p];
    if (k.t === 'id' && k.v === 'func' && toks[p + 1]?.t === 'id') {
      fn = toks[p + 1].v;
      vars = new Map();
      p += 2;
      continue;
    }
    if (k.t === 'id' && toks[p + 1]?.t === 'op' && (toks[p + 1].v === ':=' || toks[p + 1].v === '=')) {
      const name = k.v;
      p += 2;
      const items = expr();
      if (items) vars.set(name, items);
      continue;
    }
    if (k.t === 'id' && /^utils\.Validate(WithPaths)?$/.test(k.v) && toks[p + 1]?.v === '(') {
      // utils.Validate(r, tps, fps)
      const a = toks[p + 4];
      const b = toks[p + 6];
      for (const [arr, positive] of [[a, true], [b, false]]) {
        if (arr?.t !== 'id') continue;
        for (const item of vars.get(arr.v) ?? []) out.push({ file: file.name, rule: fn, positive, path: item.path, text: item.text });
      }
      p += 2;
      continue;
    }
    p++;
  }
  return out;
}

/** Every literal sample of gitleaks' rules: { file, rule, positive, path?, text }. */
export function gitleaksLiteralSamples() {
  const files = readRuleFiles();
  if (!files) return undefined;
  const seen = new Set();
  const out = [];
  for (const f of files) {
    for (const s of samplesOf(f)) {
      const key = `${s.positive}\u0000${s.path ?? ''}\u0000${s.text}`;
      if (seen.has(key) || !s.text.trim()) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

function loadEngine() {
  return require(process.env.MAG_ENGINE_BUNDLE ? path.resolve(process.env.MAG_ENGINE_BUNDLE) : path.join(ROOT, 'dist', 'engine.js'));
}

/** Runs the engine on each sample; returns the figures (never the samples' text). */
export async function runGitleaksLiterals({ rule } = {}) {
  let samples = gitleaksLiteralSamples();
  if (!samples) return undefined;
  if (rule) samples = samples.filter((s) => s.rule.toLowerCase().includes(rule.toLowerCase()) || s.file.includes(rule));
  const eng = loadEngine();
  const reported = (fs) => fs.some((f) => f.category === 'secret' && (f.severity === 'error' || f.severity === 'warning'));
  const res = { trueTotal: 0, falseTotal: 0, found: 0, flagged: 0, missed: [], flaggedList: [] };
  for (const s of samples) {
    const p = s.path ? path.posix.join('/bench/gl', s.path.replace(/^\/+/, '')) : '/bench/gl/sample.txt';
    const findings = await eng.analyzeDocument({ path: p, text: s.text });
    const hit = reported(findings);
    if (s.positive) {
      res.trueTotal++;
      if (hit) res.found++;
      else res.missed.push(s);
    } else {
      res.falseTotal++;
      if (hit) {
        res.flagged++;
        res.flaggedList.push({ ...s, rules: [...new Set(findings.filter((f) => f.category === 'secret').map((f) => f.ruleId))] });
      }
    }
  }
  return res;
}

export function formatGitleaksLiterals(res, { verbose = false } = {}) {
  if (!res) return 'gitleaks literal samples: no gitleaks checkout (set GITLEAKS_DIR or GITLEAKS_GIT)';
  const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) : '0.0');
  const lines = [
    `gitleaks literal rule samples: ${res.found}/${res.trueTotal} true found (${pct(res.found, res.trueTotal)}%), ${res.flagged}/${res.falseTotal} false flagged (${pct(res.flagged, res.falseTotal)}%); targets >= 80%, <= 2%`,
  ];
  if (verbose) {
    // Local diagnosis only: prints gitleaks' own samples (public test strings), never this project's.
    const short = (t) => JSON.stringify(t.length > 140 ? t.slice(0, 140) + '…' : t);
    lines.push('missed:');
    for (const s of res.missed) lines.push(`  ${s.file} ${s.rule}${s.path ? ' ' + s.path : ''}: ${short(s.text)}`);
    lines.push('flagged:');
    for (const s of res.flaggedList) lines.push(`  ${s.file} ${s.rule}${s.path ? ' ' + s.path : ''} [${s.rules.join(',')}]: ${short(s.text)}`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const ri = argv.indexOf('--rule');
  const res = await runGitleaksLiterals({ rule: ri >= 0 ? argv[ri + 1] : undefined });
  console.log(formatGitleaksLiterals(res, { verbose: argv.includes('-v') }));
}
