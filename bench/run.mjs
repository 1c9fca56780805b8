#!/usr/bin/env node
// Micro-App Guard benchmark (`npm run bench`).
//
//  1. Secret-scan throughput of our CLI and of secretlint's own CLI on the
//     same generated inputs: wall time (median), MB/s, findings, peak RSS.
//  2. Edit-to-diagnostics latency of our language server over stdio, as a
//     pull client (like VS Code) and as a push client (like Neovim), plus the
//     server's RSS before and after a few hundred edits.
//  3-5. Permissions and network families, the engine issue's targets, the
//     credential formats gitleaks documents.
//  6. The machine it ran on. Results also go to bench/.data/results.json.
//  7. Issue 12's figures with every family on (bench/lib/issue12.mjs): the CLI
//     on a URL-dense corpus beside secretlint's, edit latency in a 20,000-line
//     file with a URL on every line, start to first diagnostics and the
//     whole-workspace report in 5,000/20,000-file workspaces, a flat YAML map,
//     a 5,000-resource CloudFormation template, a Kubernetes folder at 2,000
//     and 8,000 files (how the cost grows) and two hostile inputs.
//
// No timed assertion is made: the bench fails (exit 1) only on errors such as
// a crashed server, a CLI error exit, unparsable output or diagnostics that
// do not show the edit that was made.
//
// Options: --runs N (timed CLI runs per input and tool, default 5),
//          --quick (3 runs, fewer edits), --no-peer (skip secretlint's CLI),
//          --only issue12 (section 7 alone; its results replace the "issue12"
//          key of an existing results.json, the other sections' are kept),
//          --only history (section 8 alone: scan --history on a generated
//          repository of 10,000 commits; its results replace the "history" key).
//  8. scan --history on a repository of 10,000 commits made with git
//     fast-import (bench/lib/history.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCorpus, generateLargeJs, generateMinified, generateLspFile, generateLspYaml, KIND_INFO } from './lib/corpus.mjs';
import { editLoop } from './lib/editloop.mjs';
import { runNode, median, percentile } from './lib/proc.mjs';
import { LspSession } from './lib/lsp.mjs';
import { familiesBench } from './lib/families.mjs';
import { issue12Bench, issue12Results, printIssue12 } from './lib/issue12.mjs';
import { historyBench, printHistory } from './lib/history.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const DATA = path.join(BENCH, '.data');
const TMP = path.join(DATA, 'tmp');
const OUR_CLI = path.join(ROOT, 'bin', 'microapp-guard.js');
const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
// What editors start (the VS Code client's server module, and `microapp-guard lsp`): the bundle loaded with a V8 code cache.
const SERVER_ENTRY = path.join(ROOT, 'dist', 'boot.js');
const PEER_CLI = path.join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const NO_PEER = argv.includes('--no-peer');
const onlyArg = argv.indexOf('--only');
const ONLY = onlyArg >= 0 ? argv[onlyArg + 1] : null;
if (onlyArg >= 0 && ONLY !== 'issue12' && ONLY !== 'history') {
  console.error(`bench: --only takes one section name: issue12 or history (got ${ONLY ?? 'nothing'})`);
  process.exit(2);
}
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(argv[runsArg + 1]) || 1) : QUICK ? 3 : 5;
const EDITS = QUICK ? 10 : 30; // timed edits per file and mode
const SOAK_EDITS = QUICK ? 50 : 200; // edits on the large file for the memory check
const I12_SOAK_EDITS = QUICK ? 100 : 2000; // issue 12: memory flat over 2,000 edits

const errors = []; // anything here makes the bench exit 1
const notes = []; // odd things worth a look, not failures
const t0 = Date.now();

const fmtMs = (ms) => (ms == null || Number.isNaN(ms) ? 'n/a' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtMiB = (kib) => (kib == null ? 'n/a' : (kib / 1024).toFixed(0));
const mb = (bytes) => bytes / 1e6;

function table(headers, rows, align) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const w = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(cells[0]), w.map((n) => '-'.repeat(n)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function section(title) {
  console.log(`\n${title}\n${'='.repeat(title.length)}`);
}

// ---------------------------------------------------------------------------
// 0. Machine, build, data

function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() || 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    cpuModel: model,
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemMiB: Math.round(os.totalmem() / 1048576),
    loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  if (fs.existsSync(SERVER_JS) && fs.existsSync(OUR_CLI)) {
    try {
      if (newestMtime(path.join(ROOT, 'server', 'src')) > fs.statSync(SERVER_JS).mtimeMs) {
        notes.push('dist/server.js is older than server/src: these figures are for the last build (npm run build to refresh).');
      }
    } catch {
      /* no sources: nothing to compare */
    }
    return;
  }
  console.log('dist/server.js is missing: running the build (node scripts/build.mjs) ...');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(SERVER_JS)) {
    console.error('bench: the build failed; cannot benchmark');
    process.exit(1);
  }
}

function generateData() {
  fs.mkdirSync(DATA, { recursive: true });
  const started = Date.now();
  const corpus = generateCorpus(path.join(DATA, 'corpus'));
  const large = generateLargeJs(path.join(DATA, 'large'));
  const minified = generateMinified(path.join(DATA, 'minified'));
  const lspSmall = generateLspFile(path.join(DATA, 'lsp', 'small.ts'), { seed: 3, lines: 200 });
  const lspLarge = generateLspFile(path.join(DATA, 'lsp', 'large.ts'), { seed: 5, lines: 20_000 });
  const lspYaml = generateLspYaml(path.join(DATA, 'lsp', 'manifests.yaml'), { seed: 9, lines: 20_000 });
  // secretlint's config lives outside the scanned folders and is named explicitly.
  const rc = path.join(DATA, 'secretlintrc.json');
  fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2) + '\n');
  fs.writeFileSync(
    path.join(DATA, 'manifest.json'),
    JSON.stringify({ corpus, large, minified, lsp: { small: { lines: lspSmall.lines, bytes: lspSmall.bytes }, large: { lines: lspLarge.lines, bytes: lspLarge.bytes }, yaml: lspYaml } }, null, 1),
  );
  return { corpus, large, minified, lspSmall, lspLarge, lspYaml, rc, ms: Date.now() - started };
}

// ---------------------------------------------------------------------------
// 1. Throughput

/** Findings of either tool as { file, line, col, endLine, endCol, rule } (0-based lines and columns). */
function parseOurs(stdout) {
  const r = JSON.parse(stdout);
  return {
    filesScanned: r.filesScanned,
    problems: r.problems ?? [],
    findings: r.findings.map((f) => ({ file: f.file, line: f.line - 1, col: f.column - 1, endLine: f.endLine - 1, endCol: f.endColumn - 1, rule: f.ruleId })),
  };
}

function parsePeer(stdout, inputRoot) {
  const r = JSON.parse(stdout);
  const findings = [];
  for (const file of r) {
    const rel = path.relative(inputRoot, file.filePath).split(path.sep).join('/');
    for (const m of file.messages ?? []) {
      const rule = 'secretlint/' + String(m.ruleId).replace('@secretlint/secretlint-rule-', '');
      findings.push({ file: rel, line: m.loc.start.line - 1, col: m.loc.start.column, endLine: m.loc.end.line - 1, endCol: m.loc.end.column, rule });
    }
  }
  return { filesScanned: r.length, problems: [], findings };
}

function overlaps(f, p) {
  if (f.file !== p.file || p.line < f.line || p.line > f.endLine) return false;
  const startsBefore = f.line < p.line || f.col < p.end;
  const endsAfter = f.endLine > p.line || f.endCol > p.start;
  return startsBefore && endsAfter;
}

/** Compares findings with the planted secrets and decoys of the generator. */
function classify(findings, manifest) {
  const byKind = {};
  for (const p of manifest.planted) {
    const k = (byKind[p.kind] ??= { planted: 0, found: 0 });
    k.planted++;
    if (findings.some((f) => overlaps(f, p))) k.found++;
  }
  let onPlanted = 0;
  let onDecoy = 0;
  const decoyKinds = {};
  const other = [];
  for (const f of findings) {
    if (manifest.planted.some((p) => overlaps(f, p))) onPlanted++;
    else {
      const d = manifest.decoys.find((p) => overlaps(f, p));
      if (d) {
        onDecoy++;
        decoyKinds[`${d.kind} (${f.rule})`] = (decoyKinds[`${d.kind} (${f.rule})`] ?? 0) + 1;
      } else other.push(f);
    }
  }
  const byRule = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return { byKind, onPlanted, onDecoy, decoyKinds, other, byRule };
}

async function throughput(data) {
  const inputs = [
    { id: 'corpus', label: `corpus: ${data.corpus.files} files`, dir: path.join(DATA, 'corpus'), ours: path.join(DATA, 'corpus'), peer: 'corpus/**/*', manifest: data.corpus },
    { id: 'large', label: 'large.js (1 file)', dir: path.join(DATA, 'large'), ours: path.join(DATA, 'large', 'large.js'), peer: 'large/large.js', manifest: data.large },
    { id: 'minified', label: `bundle.min.js (200k-char line)`, dir: path.join(DATA, 'minified'), ours: path.join(DATA, 'minified', 'bundle.min.js'), peer: 'minified/bundle.min.js', manifest: data.minified },
  ];
  const tools = [
    {
      id: 'ours',
      name: 'microapp-guard',
      script: OUR_CLI,
      args: (inp) => ['scan', inp.ours, '--format', 'json', '--fail-on', 'none'],
      okCodes: [0],
      parse: (out) => parseOurs(out),
      version: ['--version'],
    },
  ];
  if (!NO_PEER && fs.existsSync(PEER_CLI)) {
    tools.push({
      id: 'peer',
      name: 'secretlint CLI',
      script: PEER_CLI,
      args: (inp) => [inp.peer, '--secretlintrc', data.rc, '--format', 'json', '--no-color', '--no-terminalLink'],
      okCodes: [0, 1], // 1 = findings
      parse: (out, inp) => parsePeer(out, inp.dir),
      version: ['--version'],
    });
  } else if (!NO_PEER) {
    notes.push('secretlint CLI not found in node_modules: peer column skipped (npm ci installs it as a devDependency).');
  }

  const results = {};
  const startup = {};
  // Start-up cost alone (`--version`): the fixed part of every CLI run.
  for (const tool of tools) {
    const times = [];
    const cpu = [];
    const rss = [];
    for (let r = 0; r < RUNS; r++) {
      const res = await runNode(tool.script, tool.version, { cwd: DATA, tmpDir: TMP });
      if (res.code !== 0) errors.push(`${tool.name} --version exited ${res.code}: ${res.stderr.slice(0, 300)}`);
      times.push(res.ms);
      if (res.cpuMs != null) cpu.push(res.cpuMs);
      rss.push(res.maxRssKiB);
    }
    startup[tool.id] = { medianMs: median(times), medianCpuMs: cpu.length ? median(cpu) : null, peakRssKiB: median(rss.filter((x) => x != null)) };
  }

  for (const inp of inputs) {
    results[inp.id] = {};
    const samples = Object.fromEntries(tools.map((t) => [t.id, { ms: [], cpu: [], rss: [], counts: [] }]));
    let parsed = {};
    // One untimed warm-up run per tool (disk cache, V8 code cache), then RUNS
    // timed runs with the tools interleaved so drift hits both alike.
    for (let r = -1; r < RUNS; r++) {
      for (const tool of tools) {
        const res = await runNode(tool.script, tool.args(inp), { cwd: DATA, tmpDir: TMP });
        const what = `${tool.name} on ${inp.id}`;
        if (!tool.okCodes.includes(res.code)) {
          errors.push(`${what}: exit ${res.code ?? res.signal}; stderr: ${res.stderr.slice(0, 500)}`);
          continue;
        }
        let p;
        try {
          p = tool.parse(res.stdout, inp);
        } catch (e) {
          errors.push(`${what}: output is not valid JSON (${e.message}); first bytes: ${res.stdout.slice(0, 200)}`);
          continue;
        }
        if (res.stderr.trim() && r === -1) notes.push(`${what} wrote to stderr: ${res.stderr.trim().split('\n').slice(0, 3).join(' | ').slice(0, 300)}`);
        parsed[tool.id] = p;
        if (r < 0) continue;
        samples[tool.id].ms.push(res.ms);
        if (res.cpuMs != null) samples[tool.id].cpu.push(res.cpuMs);
        samples[tool.id].rss.push(res.maxRssKiB);
        samples[tool.id].counts.push(p.findings.length);
      }
    }
    for (const tool of tools) {
      const s = samples[tool.id];
      const p = parsed[tool.id];
      if (!p || !s.ms.length) continue;
      if (new Set(s.counts).size > 1) errors.push(`${tool.name} on ${inp.id}: findings count differs between runs (${s.counts.join(', ')})`);
      const med = median(s.ms);
      const rssKnown = s.rss.filter((x) => x != null);
      const cls = classify(p.findings, inp.manifest);
      results[inp.id][tool.id] = {
        tool: tool.name,
        runs: s.ms.length,
        medianMs: med,
        minMs: Math.min(...s.ms),
        maxMs: Math.max(...s.ms),
        mbPerSec: mb(inp.manifest.bytes) / (med / 1000),
        medianCpuMs: s.cpu.length ? median(s.cpu) : null,
        peakRssKiB: rssKnown.length ? median(rssKnown) : null,
        filesScanned: p.filesScanned,
        findings: p.findings.length,
        problems: p.problems,
        ...cls,
        other: cls.other.slice(0, 20),
        otherCount: cls.other.length,
      };
      if (p.problems?.length) notes.push(`${tool.name} on ${inp.id} reported ${p.problems.length} problem(s), e.g. ${p.problems[0].file}: ${p.problems[0].message}`);
      if (p.filesScanned !== inp.manifest.files) notes.push(`${tool.name} on ${inp.id}: scanned ${p.filesScanned} of ${inp.manifest.files} files`);
    }
  }
  return { inputs, tools: tools.map((t) => ({ id: t.id, name: t.name })), results, startup };
}

function printThroughput(tp, data) {
  section('1. Secret-scan throughput (CLI, whole process, median of ' + RUNS + ' runs after 1 warm-up)');
  const hasPeer = tp.tools.some((t) => t.id === 'peer');
  const headers = ['input', 'size MB', 'tool', 'wall ms', 'min..max ms', 'CPU ms', 'MB/s', 'peak RSS MiB', 'files', 'findings'];
  const rows = [];
  for (const t of tp.tools) {
    const s = tp.startup[t.id];
    rows.push(['start-up only (--version)', '', t.name, fmtMs(s.medianMs), '', fmtMs(s.medianCpuMs), '', fmtMiB(s.peakRssKiB), '', '']);
  }
  for (const inp of tp.inputs) {
    for (const t of tp.tools) {
      const r = tp.results[inp.id][t.id];
      if (!r) {
        rows.push([inp.label, mb(inp.manifest.bytes).toFixed(2), t.name, 'ERROR', '', '', '', '', '', '']);
        continue;
      }
      rows.push([inp.label, mb(inp.manifest.bytes).toFixed(2), t.name, fmtMs(r.medianMs), `${fmtMs(r.minMs)}..${fmtMs(r.maxMs)}`, fmtMs(r.medianCpuMs), r.mbPerSec.toFixed(2), fmtMiB(r.peakRssKiB), r.filesScanned, r.findings]);
    }
  }
  console.log(table(headers, rows, ['l', 'r', 'l']));
  console.log('MB = 10^6 bytes; MB/s = input size / median wall time, Node start-up included. CPU ms = user+system time of the');
  console.log('CLI process, all threads (median; steadier than wall time when the machine is busy). Peak RSS = its getrusage ru_maxrss.');

  // Findings against what the generator planted.
  console.log('\nFindings vs. planted fake secrets (found / planted; "ours only" kinds have no rule in secretlint\'s recommended preset):');
  const kinds = Object.keys(KIND_INFO);
  const rows2 = [];
  for (const inp of tp.inputs) {
    const ours = tp.results[inp.id].ours;
    const peer = tp.results[inp.id].peer;
    for (const k of kinds) {
      const planted = ours?.byKind[k]?.planted ?? peer?.byKind[k]?.planted ?? 0;
      if (!planted) continue;
      const f = (r) => (r ? `${r.byKind[k]?.found ?? 0}/${planted}` : 'n/a');
      let expected = { both: 'both', ours: 'ours only', 'opt-in': 'ours only (warning)*' }[KIND_INFO[k].by];
      if (inp.id === 'minified' && k === 'password') expected = 'neither**';
      rows2.push([inp.id, KIND_INFO[k].label, expected, f(ours), hasPeer ? f(peer) : '-']);
    }
    const d = (r) => (r ? String(r.onDecoy) : 'n/a');
    const o = (r) => (r ? String(r.otherCount) : 'n/a');
    rows2.push([inp.id, `decoys flagged (of ${inp.manifest.decoys.length} placeholders/refs/hashes)`, '', d(ours), hasPeer ? d(peer) : '-']);
    rows2.push([inp.id, 'other findings (no planted secret there)', '', o(ours), hasPeer ? o(peer) : '-']);
  }
  console.log(table(['input', 'planted kind', 'expected', 'microapp-guard', hasPeer ? 'secretlint' : ''], rows2, ['l', 'l', 'l']));
  console.log('*  secretlint\'s aws rule reports a lone AKIA key id only with the option enableIDScanRule (off in the preset); ours');
  console.log('   reports it as a warning (secret/provider-token): the id is not the secret, but shows a long-lived key pair in use.');
  console.log('** the generic password rule skips lines longer than microappGuard.maxLineLength (4000) by design (minified code);');
  console.log('   provider-specific rules still run on such lines.');

  // Why the counts differ, spelled out.
  const lines = [];
  for (const inp of tp.inputs) {
    const ours = tp.results[inp.id].ours;
    const peer = tp.results[inp.id].peer;
    if (!ours) continue;
    const rules = (r) => Object.entries(r.byRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(`${inp.id}: microapp-guard ${ours.findings} = ${rules(ours) || 'none'}`);
    if (peer) lines.push(`${' '.repeat(inp.id.length)}  secretlint     ${peer.findings} = ${rules(peer) || 'none'}`);
    for (const [r, label] of [[ours, 'microapp-guard'], [peer, 'secretlint']]) {
      if (!r) continue;
      if (r.onDecoy) lines.push(`${' '.repeat(inp.id.length)}  ${label} flags decoys: ${Object.entries(r.decoyKinds).map(([k, v]) => `${k} x${v}`).join(', ')}`);
      if (r.otherCount) lines.push(`${' '.repeat(inp.id.length)}  ${label} other: ${r.other.slice(0, 4).map((f) => `${f.file}:${f.line + 1}:${f.col + 1} ${f.rule}`).join('; ')}${r.otherCount > 4 ? ` (+${r.otherCount - 4} more)` : ''}`);
    }
  }
  console.log('\nFindings by rule:\n' + lines.map((l) => '  ' + l).join('\n'));
}

// ---------------------------------------------------------------------------
// 2. Language-server latency

// For the Kubernetes manifest: well-formed env entries (secretlint's rule wins over our env-literal rule on overlap).
const YAML_KINDS = (indent) => [
  { kind: 'slack', code: 'secretlint/slack', line: (sm) => `${indent}- { name: SLACK_BOT_TOKEN, value: "${sm.slack()}" }` },
  { kind: 'github', code: 'secretlint/github', line: (sm) => `${indent}- { name: GH_TOKEN, value: "${sm.github()}" }` },
];

/** Push mode: a burst of keystrokes faster than the debounce; one push for the last version is expected. */
async function typingBurst(session, file, { lines, keys = 12, gapMs = 40 }) {
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const opened = session.waitForPush(uri, (p) => p.version === 1);
  session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  await opened;
  const mid = Math.floor(lines / 2);
  const logStart = session.pushLog.length;
  const typed = '// note';
  let version = 1;
  const final = 1 + keys;
  const done = session.waitForPush(uri, (p) => p.version === final);
  let lastKey = 0;
  for (let i = 0; i < keys; i++) {
    version++;
    const ch = typed[i % typed.length];
    session.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: mid, character: i }, end: { line: mid, character: i } }, text: ch }] });
    lastKey = performance.now();
    if (i < keys - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  await done;
  const afterLastKeyMs = performance.now() - lastKey;
  await new Promise((r) => setTimeout(r, 300)); // let any stray push arrive
  const versions = session.pushLog.slice(logStart).filter((p) => p.uri === uri).map((p) => p.version);
  session.notify('textDocument/didClose', { textDocument: { uri } });
  await new Promise((r) => setTimeout(r, 50));
  return { keys, gapMs, afterLastKeyMs, pushes: versions.length, versions };
}

async function lspBench(data) {
  const small = path.join(DATA, 'lsp', 'small.ts');
  const large = path.join(DATA, 'lsp', 'large.ts');
  const out = { modes: {} };
  for (const mode of ['pull', 'push']) {
    const session = new LspSession({ serverJs: SERVER_ENTRY, mode, rootDir: path.join(DATA, 'lsp'), cwd: ROOT, probeFile: path.join(DATA, `memprobe-${mode}.json`) });
    const m = (out.modes[mode] = { errors: [] });
    try {
      const initStart = performance.now();
      const init = await session.initialize();
      m.initializeMs = performance.now() - initStart;
      if (mode === 'pull' && !init.capabilities?.diagnosticProvider) errors.push('server did not announce diagnosticProvider to a pull client');
      if (init.capabilities?.textDocumentSync?.change !== 2) notes.push(`server text sync kind is ${JSON.stringify(init.capabilities?.textDocumentSync)}, not incremental`);
      m.memStart = { ...session.memory(), afterGc: await session.heapAfterGc() };
      m.small = await editLoop(session, small, { lines: data.lspSmall.lines, edits: EDITS, seed: 101 });
      if (mode === 'pull') {
        // The large file doubles as the memory soak: RSS after a warm-up, then after SOAK_EDITS more.
        const warm = 10;
        m.large = await editLoop(session, large, { lines: data.lspLarge.lines, edits: warm + SOAK_EDITS, seed: 202, memoryAt: [warm, ...[1, 2, 3, 4].map((q) => warm + Math.round((SOAK_EDITS * q) / 4))] });
        // Rendered Kubernetes manifests take the YAML path (parse + Kubernetes rules).
        const y = data.lspYaml;
        m.yaml = await editLoop(session, path.join(DATA, 'lsp', 'manifests.yaml'), { lines: y.lines, edits: EDITS, seed: 404, insertAt: y.insertAt, kinds: YAML_KINDS(y.indent), languageId: 'yaml' });
      } else {
        m.large = await editLoop(session, large, { lines: data.lspLarge.lines, edits: EDITS, seed: 303 });
        m.burstSmall = await typingBurst(session, small, { lines: data.lspSmall.lines });
        m.burstLarge = await typingBurst(session, large, { lines: data.lspLarge.lines });
        for (const [k, b] of [['small', m.burstSmall], ['large', m.burstLarge]]) {
          if (b.pushes > 1) notes.push(`LSP push ${k}.ts typing burst: ${b.keys} keystrokes ${b.gapMs} ms apart (inside the 150 ms debounce) produced ${b.pushes} publishDiagnostics (versions ${b.versions.join(',')}); 1 expected.`);
        }
      }
      m.memEnd = { ...session.memory(), afterGc: await session.heapAfterGc() };
      for (const k of ['small', 'large', 'yaml']) {
        if (!m[k]) continue;
        for (const mm of m[k].mismatches) errors.push(`LSP ${mode} ${k}: ${mm}`);
        if (m[k].duplicatePushes || m[k].earlyPushes) {
          notes.push(`LSP push ${k}: of ${m[k].times.length} edits, ${m[k].earlyPushes} push(es) came sooner than the 150 ms debounce after their didChange and ${m[k].duplicatePushes} version(s) were pushed twice: a debounce timer outlived its version (push-mode scheduling in the server).`);
        }
        if (m[k].retries) notes.push(`LSP ${mode} ${k}: ${m[k].retries} pull(s) were answered ServerCancelled and retried`);
      }
    } catch (e) {
      errors.push(`LSP ${mode}: ${e.message}`);
    } finally {
      await session.shutdown();
      if (session.exited && session.exited.code !== 0 && session.exited.code !== null) notes.push(`LSP ${mode}: server exit code after shutdown/exit was ${session.exited.code}`);
      for (const e of session.errors) errors.push(`LSP ${mode}: ${e}`);
      const suspicious = session.logs.filter((l) => /fail|error|exception/i.test(l));
      if (suspicious.length) notes.push(`LSP ${mode}: server log: ${suspicious.slice(0, 3).join(' | ').slice(0, 400)}`);
      if (session.stderr.trim()) notes.push(`LSP ${mode}: server stderr: ${session.stderr.trim().slice(0, 300)}`);
      m.logs = session.logs.slice(0, 50);
    }
  }
  return out;
}

function printLsp(lsp, data) {
  section('2. Language server: edit-to-diagnostics latency (stdio, ms)');
  const rows = [];
  const summary = {};
  for (const mode of ['pull', 'push']) {
    const m = lsp.modes[mode];
    const label = mode === 'pull' ? 'pull (like VS Code)' : 'push (like Neovim)*';
    for (const k of ['small', 'large', 'yaml']) {
      const r = m?.[k];
      if (k === 'yaml' && mode === 'push') continue; // pull only
      const file = { small: `small.ts ${data.lspSmall.lines} lines`, large: `large.ts ${data.lspLarge.lines.toLocaleString('en-US')} lines`, yaml: `manifests.yaml ${data.lspYaml.lines.toLocaleString('en-US')} lines` }[k];
      if (!r) {
        rows.push([label, file, 'ERROR', '', '', '', '']);
        continue;
      }
      const s = { n: r.times.length, median: median(r.times), p95: percentile(r.times, 95), max: Math.max(...r.times), openMs: r.openMs };
      summary[`${mode}.${k}`] = s;
      rows.push([label, file, fmtMs(s.openMs), s.n, fmtMs(s.median), fmtMs(s.p95), fmtMs(s.max)]);
    }
  }
  console.log(table(['client', 'document', 'open ms', 'edits', 'median ms', 'p95 ms', 'max ms'], rows, ['l', 'l']));
  console.log('Each edit inserts (or removes again) a line with a fresh fake Slack/GitHub/AWS token or password at the middle of the');
  console.log('file; the time runs from sending didChange until the pull response / the push for that version shows the change.');
  console.log('manifests.yaml: ~900 rendered Deployments in one file (Helm output style); edits add/remove an env entry with a token.');
  console.log('* push includes the server\'s debounce (microappGuard.debounceMs, default 150 ms); pull clients are answered at once.');
  const push = lsp.modes.push;
  for (const k of ['burstSmall', 'burstLarge']) {
    const b = push?.[k];
    if (b) console.log(`  push typing burst (${k === 'burstSmall' ? 'small' : 'large'}.ts): ${b.keys} keystrokes ${b.gapMs} ms apart -> ${b.pushes} publishDiagnostics (versions ${b.versions.join(',')}), last one ${fmtMs(b.afterLastKeyMs)} ms after the last key`);
  }

  const pull = lsp.modes.pull;
  console.log('\nServer memory (MiB): RSS and peak RSS from /proc/<pid>/status; live heap after a forced full GC (bench preload):');
  const mem = pull?.large?.memory ?? [];
  const rows2 = [];
  const row = (sess, point, x) => rows2.push([sess, point, fmtMiB(x.rssKiB), fmtMiB(x.hwmKiB), x.afterGc ? fmtMiB(x.afterGc.heapUsedKiB) : 'n/a']);
  if (pull?.memStart) row('pull', 'after initialize', pull.memStart);
  for (const x of mem) row('pull', `large.ts after ${x.afterEdits} edits`, x);
  if (pull?.memEnd) row('pull', 'after manifests.yaml edits', pull.memEnd);
  if (push?.memStart) row('push', 'after initialize', push.memStart);
  if (push?.memEnd) row('push', 'after all edits and bursts', push.memEnd);
  console.log(table(['session', 'point', 'RSS', 'peak RSS', 'heap after GC'], rows2, ['l', 'l']));
  let growth = null;
  const first = mem[0];
  const last = mem[mem.length - 1];
  if (first && last && first !== last) {
    growth = { edits: last.afterEdits - first.afterEdits, rssFromKiB: first.rssKiB, rssToKiB: last.rssKiB, heapFromKiB: first.afterGc?.heapUsedKiB ?? null, heapToKiB: last.afterGc?.heapUsedKiB ?? null };
    const d = (a, b) => (a == null || b == null ? 'n/a' : `${b - a >= 0 ? '+' : ''}${((b - a) / 1024).toFixed(1)} MiB`);
    console.log(`Over ${growth.edits} edits of large.ts: heap after GC ${d(growth.heapFromKiB, growth.heapToKiB)}, RSS ${d(growth.rssFromKiB, growth.rssToKiB)} (RSS moves with GC timing; a leak shows as a steadily rising heap after GC).`);
    if (growth.heapFromKiB != null && growth.heapToKiB - growth.heapFromKiB > 8 * 1024) {
      notes.push(`LSP memory: heap after full GC grew ${((growth.heapToKiB - growth.heapFromKiB) / 1024).toFixed(1)} MiB over ${growth.edits} edits of large.ts: looks like retention per edit.`);
    }
  }
  console.log('Peer: none. secretlint ships no language server; GitGuardian\'s VS Code extension needs an account and the network and');
  console.log('scans on save, so there is no like-for-like edit-to-diagnostics figure to put beside ours.');
  return { latency: summary, memoryGrowth: growth };
}

// ---------------------------------------------------------------------------

async function main() {
  const mach = machine();
  ensureBuilt();
  if (ONLY === 'issue12') return mainSectionOnly(mach, 'issue12', `Micro-App Guard bench, section 7 only: ${RUNS} timed CLI runs per input, ${EDITS} edits per document${QUICK ? ' (--quick)' : ''}.`, runIssue12);
  if (ONLY === 'history') return mainSectionOnly(mach, 'history', 'Micro-App Guard bench, section 8 only.', runHistory);
  const data = generateData();
  console.log(`Micro-App Guard bench: ${RUNS} timed CLI runs per input, ${EDITS} edits per document (${SOAK_EDITS} for the memory soak).`);
  console.log(`Generated inputs in ${data.ms} ms (seeded, identical every run) under ${path.relative(ROOT, DATA)}/: corpus ${data.corpus.files} files ${mb(data.corpus.bytes).toFixed(2)} MB with ${data.corpus.planted.length} planted fake secrets and ${data.corpus.decoys.length} decoys; large.js ${mb(data.large.bytes).toFixed(2)} MB; bundle.min.js ${mb(data.minified.bytes).toFixed(2)} MB.`);

  const tp = await throughput(data);
  printThroughput(tp, data);
  const lsp = await lspBench(data);
  const lspSummary = printLsp(lsp, data);

  section('3. Permissions and network families (engine, whole-file analysis, median of ' + RUNS + ')');
  const fam = await familiesBench(ROOT, { runs: RUNS, tmp: TMP });
  console.log(table(['input', 'lines', 'KB', 'median ms', 'min ms', 'iam findings'], [
    ['CloudFormation template (YAML)', fam.cfn.lines, (fam.cfn.bytes / 1024).toFixed(0), fmtMs(fam.cfn.median), fmtMs(fam.cfn.min), fam.cfn.findings],
    ['Terraform (jsonencode + policy documents)', fam.tf.lines, (fam.tf.bytes / 1024).toFixed(0), fmtMs(fam.tf.median), fmtMs(fam.tf.min), fam.tf.findings],
  ], ['l']));
  const nw = fam.network;
  console.log(`Workspace model: ${nw.documents} manifests in ${nw.files} files indexed (read, parsed, facts published) in ${fmtMs(nw.indexMs)} ms, heap +${nw.heapMiB.toFixed(1)} MiB.`);
  console.log(`One NetworkPolicy file changed: ${nw.dependents} of ${nw.open} open manifest files depended on it and were re-diagnosed in ${fmtMs(nw.rediagnoseMs)} ms.`);
  console.log('Peers: kube-linter, Kubescape, Checkov and Polaris run as CLIs over the whole folder (no editor model, no incremental re-check).');

  section('4. Targets of the engine issue (figures, not assertions)');
  const small = lspSummary.latency?.['pull.small']?.median;
  const large = lspSummary.latency?.['pull.large']?.median;
  const budget = small != null ? 3 * small + 20 : undefined;
  const ours = tp.results.corpus?.ours?.medianMs;
  const peer = tp.results.corpus?.peer?.medianMs;
  console.log(table(['target', 'before (v0.1.0, README)', 'now', 'goal', 'met'], [
    ['edit in 20,000 lines vs 200 lines (pull, median)', '19 ms vs 1.8 ms', `${fmtMs(large)} ms vs ${fmtMs(small)} ms`, `<= 3 x ${fmtMs(small)} + 20 = ${fmtMs(budget)} ms`, large != null && budget != null ? (large <= budget ? 'yes' : 'no') : 'n/a'],
    ['CLI wall time vs secretlint CLI, corpus', '0.54 s vs 1.83 s', ours && peer ? `${fmtMs(ours)} ms vs ${fmtMs(peer)} ms = ${(ours / peer).toFixed(2)}x` : 'n/a (no peer)', '<= 0.5x', ours && peer ? (ours / peer <= 0.5 ? 'yes' : 'no') : 'n/a'],
  ], ['l', 'l', 'l', 'l']));
  console.log('Large files are analysed in chunks cached by their text (line-local families; engine/chunks.ts), so an edit re-checks its chunk.');
  let gl;
  try {
    const mod = await import('./gitleaks-formats.mjs');
    if (mod.runGitleaksFormats) {
      section('5. Credential formats gitleaks documents (true samples found / false samples flagged)');
      gl = await mod.runGitleaksFormats({ quiet: true });
      if (mod.formatGitleaksFormats) console.log(mod.formatGitleaksFormats(gl));
      else console.log(JSON.stringify(gl, null, 2));
    }
  } catch (e) {
    notes.push(`gitleaks formats bench not run: ${e.message}`);
  }

  printMachine(mach, '6. Machine');
  const issue12 = await runIssue12();
  const history = await runHistory();
  console.log(`\nTotal bench time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  printNotes();
  const results = {
    date: new Date().toISOString(),
    machine: mach,
    options: { runs: RUNS, edits: EDITS, soakEdits: SOAK_EDITS, quick: QUICK, peer: !NO_PEER },
    inputs: {
      corpus: { files: data.corpus.files, bytes: data.corpus.bytes, planted: data.corpus.planted.length, decoys: data.corpus.decoys.length },
      large: { bytes: data.large.bytes, planted: data.large.planted.length, decoys: data.large.decoys.length },
      minified: { bytes: data.minified.bytes, lineLength: 200_000, planted: data.minified.planted.length },
      lsp: { small: { lines: data.lspSmall.lines, bytes: data.lspSmall.bytes }, large: { lines: data.lspLarge.lines, bytes: data.lspLarge.bytes }, yaml: { lines: data.lspYaml.lines, bytes: data.lspYaml.bytes } },
    },
    throughput: { startup: tp.startup, results: tp.results },
    lsp: {
      ...lspSummary,
      raw: Object.fromEntries(
        Object.entries(lsp.modes).map(([mode, m]) => [
          mode,
          {
            initializeMs: m.initializeMs,
            memStart: m.memStart,
            memEnd: m.memEnd,
            small: m.small && { openMs: m.small.openMs, times: m.small.times, memory: m.small.memory },
            large: m.large && { openMs: m.large.openMs, times: m.large.times, memory: m.large.memory },
            yaml: m.yaml && { openMs: m.yaml.openMs, times: m.yaml.times },
            burstSmall: m.burstSmall,
            burstLarge: m.burstLarge,
          },
        ]),
      ),
      peer: 'none: secretlint has no language server; GitGuardian\'s extension needs an account and the network and scans on save',
    },
    families: fam,
    gitleaksFormats: gl,
    issue12,
    history,
    notes,
    errors,
    totalMs: Date.now() - t0,
  };
  fs.writeFileSync(path.join(DATA, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  finish();
}

function printMachine(mach, title) {
  section(title);
  mach.loadAvgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  console.log(`CPU: ${mach.cpuModel}, ${mach.cores} cores; RAM ${mach.totalMemMiB} MiB; ${mach.platform}; Node ${mach.node}`);
  console.log(`Load average (1/5/15 min) at start ${mach.loadAvgAtStart.join(' / ')}, at end ${mach.loadAvgAtEnd.join(' / ')}${mach.loadAvgAtStart[0] > mach.cores / 2 ? ': the machine was busy with other work, so wall times are noisy (CPU ms is steadier)' : ''}.`);
  console.log('No timed assertion is made: the bench never fails on slowness, only on errors (CLI error exit, bad output, server crash, wrong diagnostics).');
}

function printNotes() {
  if (notes.length) {
    section('Notes');
    for (const n of notes) console.log(`- ${n}`);
  }
}

function finish() {
  fs.rmSync(TMP, { recursive: true, force: true });
  console.log(`\nResults written to ${path.relative(ROOT, path.join(DATA, 'results.json'))}`);
  if (errors.length) {
    section(`ERRORS (${errors.length})`);
    for (const e of errors) console.log(`- ${e}`);
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------------------
// 7. Issue 12 (bench/lib/issue12.mjs)

async function runIssue12() {
  const load0 = os.loadavg()[0];
  const ctx = {
    ROOT, DATA, TMP, OUR_CLI, SERVER_JS: SERVER_ENTRY, PEER_CLI,
    quick: QUICK, runs: RUNS, edits: EDITS, soakEdits: I12_SOAK_EDITS, noPeer: NO_PEER,
    errors, notes,
    // Progress goes to stderr, and only to a terminal: the figures on stdout stay clean.
    progress: process.stderr.isTTY ? (k) => process.stderr.write(`  [section 7: ${k} ...]\n`) : undefined,
  };
  const started = Date.now();
  try {
    const r = await issue12Bench(ctx);
    printIssue12(r, { table, section, quick: QUICK, runs: RUNS });
    const load1 = os.loadavg()[0];
    console.log(`1-minute load average at the start of section 7 ${load0.toFixed(2)}, at its end ${load1.toFixed(2)} (${os.availableParallelism?.() ?? os.cpus().length} cores)${Math.max(load0, load1) > 1 ? ': other work shared the machine, wall times are noisy' : ''}.`);
    return { date: new Date().toISOString(), options: { runs: RUNS, edits: EDITS, soakEdits: I12_SOAK_EDITS, quick: QUICK, peer: !NO_PEER }, loadAvg1m: [load0, os.loadavg()[0]], totalMs: Date.now() - started, ...issue12Results(r) };
  } catch (e) {
    errors.push(`issue12: ${e?.stack ?? e}`);
    return { error: String(e?.message ?? e) };
  }
}

// ---------------------------------------------------------------------------
// 8. scan --history (bench/lib/history.mjs)

async function runHistory() {
  try {
    const h = await historyBench({ DATA, TMP, OUR_CLI, runs: QUICK ? 1 : 2, errors, notes });
    printHistory(h, { section });
    return { date: new Date().toISOString(), loadAvg1m: os.loadavg()[0], ...h };
  } catch (e) {
    errors.push(`history: ${e?.stack ?? e}`);
    return { error: String(e?.message ?? e) };
  }
}

/**
 * `--only issue12` / `--only history`: one section alone; its results replace that key of results.json (the other
 * sections' results are kept).
 */
async function mainSectionOnly(mach, key, banner, run) {
  console.log(banner);
  const sectionResults = await run();
  printMachine(mach, 'Machine');
  console.log(`\nTotal bench time: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  printNotes();
  const file = path.join(DATA, 'results.json');
  let results;
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!results || typeof results !== 'object' || Array.isArray(results)) results = undefined;
  } catch {
    results = undefined;
  }
  results ??= { date: new Date().toISOString(), machine: mach, options: { only: key } };
  results[key] = { ...sectionResults, machine: mach, notes: [...notes], errors: [...errors] };
  fs.mkdirSync(DATA, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  finish();
}

main().catch((e) => {
  console.error('bench: fatal:', e?.stack ?? e);
  process.exitCode = 1;
});
