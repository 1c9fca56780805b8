// Bench section 7: the figures of issue 12, with every family on (secrets,
// permissions, network, manifest: the defaults), on generated inputs of the
// shapes the issue names. Figures, never assertions: a target missed is a
// "no" in the table; only errors (a CLI error exit or unparsable output on a
// regular input, a server crash, diagnostics that do not show the edit made)
// are added to `errors`. Inputs are written by issue12gen.mjs under
// bench/.data/issue12/ (seeded, identical bytes every run).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import os from 'node:os';
import { runNode, median, percentile } from './proc.mjs';
import { LspSession } from './lsp.mjs';
import { editLoop, hasAt } from './editloop.mjs';
import * as gen from './issue12gen.mjs';

const require = createRequire(import.meta.url);
const { CancellationTokenSource, ProgressType } = require('vscode-jsonrpc/node');

const HOSTILE_TIMEOUT_MS = 30_000;
/** How long after the workspace report the server's memory is read again, idle (the index kept at 1.5 s, then a collection). */
const SETTLE_MS = 4_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmtMs = (ms) => (ms == null || Number.isNaN(ms) ? 'n/a' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtMiB = (kib) => (kib == null ? 'n/a' : (kib / 1024).toFixed(0));
const mb = (bytes) => (bytes / 1e6).toFixed(2);
const yesNo = (x) => (x == null ? 'n/a' : x ? 'yes' : 'no');

// ---------------------------------------------------------------------------
// Inputs

export function generateIssue12Data(dir) {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const d = {
    urls: gen.generateUrlCorpus(path.join(dir, 'urls')),
    lspSmall: gen.generateUrlLspFile(path.join(dir, 'lsp', 'urls200.js'), { lines: 200, seed: 21 }),
    lspLarge: gen.generateUrlLspFile(path.join(dir, 'lsp', 'urls20000.js'), { lines: 20_000, seed: 22 }),
    ws5k: gen.generateWorkspace(path.join(dir, 'ws5k'), { files: 5_000, seed: 31 }),
    ws20k: gen.generateWorkspace(path.join(dir, 'ws20k'), { files: 20_000, seed: 32 }),
    flat: gen.generateFlatYaml(path.join(dir, 'flat', 'flat.yaml'), { keys: 100_000 }),
    cfn: gen.generateCfnTemplate(path.join(dir, 'cfn', 'template.yaml'), { resources: 5_000 }),
    bomb: gen.generateAliasBomb(path.join(dir, 'hostile', 'bomb', 'bomb.yaml')),
    deep: gen.generateDeepJson(path.join(dir, 'hostile', 'deep', 'config.json'), { depth: 2_000 }),
    k8s2k: gen.generateK8sFolder(path.join(dir, 'k8s2k'), { files: 2_000 }),
    k8s8k: gen.generateK8sFolder(path.join(dir, 'k8s8k'), { files: 8_000 }),
  };
  d.ms = Date.now() - started;
  return d;
}

// ---------------------------------------------------------------------------
// CLI figures

function parseOurs(stdout) {
  const r = JSON.parse(stdout);
  if (!Array.isArray(r.findings)) throw new Error('no findings array');
  return {
    filesScanned: r.filesScanned,
    problems: r.problems ?? [],
    findings: r.findings.map((f) => ({ file: f.file, line: f.line - 1, rule: f.ruleId })),
  };
}

function parsePeer(stdout, root) {
  const r = JSON.parse(stdout);
  if (!Array.isArray(r)) throw new Error('not an array of file results');
  const findings = [];
  for (const file of r) {
    const rel = path.relative(root, file.filePath).split(path.sep).join('/');
    for (const m of file.messages ?? []) findings.push({ file: rel, line: m.loc.start.line - 1, rule: 'secretlint/' + String(m.ruleId).replace('@secretlint/secretlint-rule-', '') });
  }
  return { filesScanned: r.length, problems: [], findings };
}

/** A SARIF log's results: paths relative to `root` (ours are relative to the scanned folder, secretlint's to its working directory `cwd`). */
function parseSarif(stdout, root, cwd) {
  const r = JSON.parse(stdout);
  const run = r.runs?.[0];
  if (!Array.isArray(run?.results)) throw new Error('no runs[0].results');
  const findings = run.results.map((x) => {
    const loc = x.locations?.[0]?.physicalLocation;
    const uri = decodeURIComponent(loc?.artifactLocation?.uri ?? '');
    const file = loc?.artifactLocation?.uriBaseId ? uri : path.relative(root, path.resolve(cwd, uri)).split(path.sep).join('/');
    const rule = String(x.ruleId).includes('@secretlint/') ? 'secretlint/' + String(x.ruleId).split('@secretlint/secretlint-rule-').pop() : x.ruleId;
    return { file, line: (loc?.region?.startLine ?? 1) - 1, rule };
  });
  return { filesScanned: run.properties?.filesScanned ?? new Set(findings.map((f) => f.file)).size, problems: [], findings };
}

function byRule(findings) {
  const out = {};
  for (const f of findings) out[f.rule] = (out[f.rule] ?? 0) + 1;
  return out;
}

/**
 * Times our CLI and (when present) secretlint's CLI on one input, interleaved,
 * after one untimed warm-up each. `peerPath` is relative to ctx.DATA (the
 * secretlint CLI takes globs relative to its working directory).
 */
async function cliPair(ctx, { id, target, root, peerPath, planted = [], sarif = false, peer = true, runs = ctx.runs }) {
  // SARIF: what CI uploads to code scanning (ours carries fingerprints and the registration verdict; secretlint's
  // own SARIF formatter, installed with it).
  const tools = [{ id: 'ours', name: 'microapp-guard', script: ctx.OUR_CLI, args: ['scan', target, '--format', sarif ? 'sarif' : 'json', '--fail-on', 'none'], ok: [0], parse: (o) => (sarif ? parseSarif(o, root, ctx.DATA) : parseOurs(o)) }];
  if (ctx.peer && peer) tools.push({ id: 'peer', name: 'secretlint CLI', script: ctx.PEER_CLI, args: [peerPath, '--secretlintrc', ctx.rc, '--format', sarif ? '@secretlint/secretlint-formatter-sarif' : 'json', '--no-color', '--no-terminalLink'], ok: [0, 1], parse: (o) => (sarif ? parseSarif(o, root, ctx.DATA) : parsePeer(o, root)) });
  const s = Object.fromEntries(tools.map((t) => [t.id, { ms: [], cpu: [], rss: [], counts: [], parsed: null }]));
  for (let r = -1; r < runs; r++) {
    for (const t of tools) {
      const res = await runNode(t.script, t.args, { cwd: ctx.DATA, tmpDir: ctx.TMP, timeoutMs: 300_000 });
      const what = `issue12 ${id}: ${t.name}`;
      if (!t.ok.includes(res.code)) {
        ctx.errors.push(`${what}: exit ${res.code ?? res.signal}${res.timedOut ? ' (killed after 300 s)' : ''}; stderr: ${res.stderr.slice(0, 400)}`);
        continue;
      }
      let p;
      try {
        p = t.parse(res.stdout);
      } catch (e) {
        ctx.errors.push(`${what}: output is not the expected JSON (${e.message}); first bytes: ${res.stdout.slice(0, 200)}`);
        continue;
      }
      s[t.id].parsed = p;
      if (r < 0) continue;
      s[t.id].ms.push(res.ms);
      if (res.cpuMs != null) s[t.id].cpu.push(res.cpuMs);
      if (res.maxRssKiB != null) s[t.id].rss.push(res.maxRssKiB);
      s[t.id].counts.push(p.findings.length);
    }
  }
  const out = {};
  for (const t of tools) {
    const x = s[t.id];
    if (!x.ms.length || !x.parsed) continue;
    if (new Set(x.counts).size > 1) ctx.errors.push(`issue12 ${id}: ${t.name} findings count differs between runs (${x.counts.join(', ')})`);
    const p = x.parsed;
    const found = planted.filter((q) => p.findings.some((f) => f.file === q.file && f.line === q.line)).length;
    out[t.id] = {
      tool: t.name,
      runs: x.ms.length,
      medianMs: median(x.ms),
      minMs: Math.min(...x.ms),
      maxMs: Math.max(...x.ms),
      medianCpuMs: x.cpu.length ? median(x.cpu) : null,
      peakRssKiB: x.rss.length ? median(x.rss) : null, // median of the runs' peaks, as section 1
      maxPeakRssKiB: x.rss.length ? Math.max(...x.rss) : null,
      filesScanned: p.filesScanned,
      findings: p.findings.length,
      byRule: byRule(p.findings),
      plantedFound: planted.length ? found : undefined,
      problems: p.problems.slice(0, 5),
      problemCount: p.problems.length,
    };
    if (p.problems.length) ctx.notes.push(`issue12 ${id}: ${t.name} reported ${p.problems.length} problem(s), e.g. ${p.problems[0].file}: ${p.problems[0].message}`);
  }
  return out;
}

/** A hostile input: wall time, peak RSS, whether the CLI produced its report, with a timeout. Never an error. */
async function hostile(ctx, { id, target, secretLine, secretRule }) {
  const runs = ctx.quick ? 1 : Math.min(3, ctx.runs);
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const res = await runNode(ctx.OUR_CLI, ['scan', target, '--format', 'json', '--fail-on', 'none'], { cwd: ctx.DATA, tmpDir: ctx.TMP, timeoutMs: HOSTILE_TIMEOUT_MS });
    let report = null;
    try {
      report = JSON.parse(res.stdout);
    } catch {
      /* no (complete) report */
    }
    const findings = report?.findings ?? [];
    samples.push({
      ms: res.ms,
      timedOut: !!res.timedOut,
      code: res.code,
      signal: res.signal,
      peakRssKiB: res.maxRssKiB,
      output: !!report && Array.isArray(report.findings),
      findings: findings.length,
      secretReported: secretLine == null ? undefined : findings.some((f) => f.line - 1 === secretLine && (!secretRule || f.ruleId === secretRule)),
      problems: (report?.problems ?? []).map((p) => p.message.slice(0, 300)).slice(0, 3),
      stderr: res.stderr.trim().split('\n')[0]?.slice(0, 300) ?? '',
    });
    if (res.timedOut) break; // a timeout is the figure: not repeated
  }
  const last = samples[samples.length - 1];
  return {
    bytes: fs.statSync(target).size,
    runs: samples.length,
    medianMs: median(samples.map((x) => x.ms)),
    peakRssKiB: Math.max(...samples.map((x) => x.peakRssKiB ?? 0)) || null,
    timedOut: samples.some((x) => x.timedOut),
    timeoutMs: HOSTILE_TIMEOUT_MS,
    output: last.output,
    exit: last.timedOut ? 'killed (timeout)' : last.code ?? last.signal,
    findings: last.findings,
    secretReported: last.secretReported,
    problems: last.problems,
    stderr: last.stderr,
    samples,
  };
}

// ---------------------------------------------------------------------------
// Language-server figures

async function closeSession(ctx, session, label) {
  await session.shutdown();
  for (const e of session.errors) ctx.errors.push(`issue12 ${label}: ${e}`);
  if (session.stderr.trim()) ctx.notes.push(`issue12 ${label}: server stderr: ${session.stderr.trim().slice(0, 300)}`);
  const suspicious = session.logs.filter((l) => /fail|error|exception/i.test(l));
  if (suspicious.length) ctx.notes.push(`issue12 ${label}: server log: ${suspicious.slice(0, 2).join(' | ').slice(0, 300)}`);
}

/** Edit-to-diagnostics (pull) in a 200-line and a 20,000-line JS file with a URL on every line. */
async function editLatency(ctx, data) {
  const dir = path.join(ctx.I12, 'lsp');
  const session = new LspSession({ serverJs: ctx.SERVER_JS, mode: 'pull', rootDir: dir, cwd: ctx.ROOT });
  const out = {};
  try {
    await session.initialize();
    const small = path.join(dir, 'urls200.js');
    const large = path.join(dir, 'urls20000.js');
    // Warm-up (JIT, rule preparation), not timed, so the small file's median is not the cold start's.
    await editLoop(session, small, { lines: data.lspSmall.lines, edits: 6, seed: 1201, languageId: 'javascript' });
    out.small = await editLoop(session, small, { lines: data.lspSmall.lines, edits: ctx.edits, seed: 1202, languageId: 'javascript' });
    out.large = await editLoop(session, large, { lines: data.lspLarge.lines, edits: ctx.edits, seed: 1203, languageId: 'javascript' });
    for (const k of ['small', 'large']) {
      for (const m of out[k].mismatches) ctx.errors.push(`issue12 edit latency ${k}: ${m}`);
      out[k] = { openMs: out[k].openMs, baseline: out[k].baseline, times: out[k].times, median: median(out[k].times), p95: percentile(out[k].times, 95), max: Math.max(...out[k].times), retries: out[k].retries };
    }
  } catch (e) {
    ctx.errors.push(`issue12 edit latency: ${e.message}`);
  } finally {
    await closeSession(ctx, session, 'edit latency');
  }
  return out;
}

/**
 * From spawning the server (folder as workspace folder, defaults, pull client)
 * to the first pull answer for the opened file that shows its fake GitHub
 * token. With `workspacePull`, a workspace/diagnostic request is sent right
 * after initialize too, as VS Code's client does when the server offers it.
 */
async function startToFirst(ctx, wsDir, info, workspacePull) {
  const file = path.join(wsDir, info.openFile);
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8'); // the editor holds the buffer before the server starts
  const t0 = performance.now();
  const session = new LspSession({ serverJs: ctx.SERVER_JS, mode: 'pull', rootDir: wsDir, cwd: ctx.ROOT });
  const out = { workspacePull };
  let cts;
  let wsDone;
  try {
    const init = await session.initialize();
    out.initializeMs = performance.now() - t0;
    out.workspaceDiagnostics = !!init.capabilities?.diagnosticProvider?.workspaceDiagnostics;
    if (workspacePull && out.workspaceDiagnostics) {
      cts = new CancellationTokenSource();
      wsDone = session.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] }, cts.token).then(
        (r) => {
          if (!cts.token.isCancellationRequested) out.workspaceReportMs = performance.now() - t0;
          return r;
        },
        () => undefined,
      );
    }
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
    for (let attempt = 0; ; attempt++) {
      const { report, retries } = await session.pull(uri);
      out.retries = (out.retries ?? 0) + retries;
      if (report.kind === 'full' && hasAt(report.items, info.openSecretLine, 'secretlint/github')) break;
      out.emptyAnswers = attempt + 1;
      if (attempt >= 100) throw new Error(`the opened file's fake GitHub token was not reported in ${attempt + 1} pulls`);
      await sleep(20);
    }
    out.firstMs = performance.now() - t0;
    out.memory = session.memory();
  } catch (e) {
    ctx.errors.push(`issue12 start to first diagnostics (${path.basename(wsDir)}): ${e.message}`);
  } finally {
    cts?.cancel();
    await Promise.race([wsDone, sleep(2000)]);
    await closeSession(ctx, session, `start (${path.basename(wsDir)})`);
  }
  return out;
}

async function startup(ctx, data) {
  const sizes = [
    { id: 'ws5k', files: data.ws5k.files, info: data.ws5k },
    { id: 'ws20k', files: data.ws20k.files, info: data.ws20k },
  ];
  const raw = {};
  // As the folders are first opened: no index kept by an earlier run (the workspace report section measures both).
  for (const sz of sizes) fs.rmSync(keptIndexFile(path.join(ctx.I12, sz.id)), { force: true });
  for (let r = 0; r < ctx.runs; r++) {
    for (const sz of sizes) {
      for (const wp of [false, true]) {
        const k = `${sz.id}${wp ? '+ws' : ''}`;
        (raw[k] ??= []).push(await startToFirst(ctx, path.join(ctx.I12, sz.id), sz.info, wp));
      }
    }
  }
  const out = {};
  for (const [k, xs] of Object.entries(raw)) {
    const ok = xs.filter((x) => x.firstMs != null);
    out[k] = {
      files: sizes.find((s) => k.startsWith(s.id)).files,
      workspacePull: k.endsWith('+ws'),
      runs: ok.length,
      medianMs: ok.length ? median(ok.map((x) => x.firstMs)) : null,
      minMs: ok.length ? Math.min(...ok.map((x) => x.firstMs)) : null,
      maxMs: ok.length ? Math.max(...ok.map((x) => x.firstMs)) : null,
      medianInitializeMs: ok.length ? median(ok.map((x) => x.initializeMs)) : null,
      runsWithEmptyFirstAnswer: ok.filter((x) => x.emptyAnswers).length,
      samples: xs,
    };
  }
  return out;
}

/**
 * The whole-workspace report of 20,000 small files: one workspace/diagnostic
 * request without a partial-result token, answered when the scan is complete
 * (workspaceDiagnostics.ts returns every file's report at the end), then the
 * server's memory; then, with VS Code's follow-up long poll pending, many edits
 * of an open file and the memory again.
 */
/** The server's index kept across starts for a folder (server/src/scanner/indexCache.ts), in the cache folder the server uses. */
function keptIndexFile(root) {
  const xdg = process.env.XDG_CACHE_HOME;
  const dir = xdg && path.isAbsolute(xdg) ? path.join(xdg, 'microapp-guard') : path.join(os.homedir(), '.cache', 'microapp-guard');
  return path.join(dir, `index-${crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 32)}.json`);
}

/**
 * The settle after a workspace report, spent asking: a pull of a file that is not open (the server answers it at once,
 * without analysis) every 20 ms. The longest wait is how long the server held everything up meanwhile (the index it
 * keeps for the next start is written then, and the report's garbage collected).
 */
async function settleAsking(session, ms, uri) {
  const waits = [];
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    const a = performance.now();
    await session.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    waits.push([performance.now() - a, a - t0]);
    await sleep(20);
  }
  const sorted = waits.map((w) => w[0]).sort((x, y) => x - y);
  const worst = waits.reduce((x, y) => (y[0] > x[0] ? y : x), [0, 0]);
  return { pulls: waits.length, median: median(sorted), p99: percentile(sorted, 99), max: worst[0], maxAtMs: worst[1] };
}

/**
 * The folder opened again: a new server on the same unchanged folder, with the index the first session kept
 * (unchanged files are not read; their kept results stand when what they depended on is unchanged).
 */
async function workspaceReportWarm(ctx, wsDir, cold) {
  const t0 = performance.now();
  const session = new LspSession({ serverJs: ctx.SERVER_JS, mode: 'pull', rootDir: wsDir, cwd: ctx.ROOT, probeFile: path.join(ctx.I12, 'memprobe-ws-warm.json') });
  const out = { keptIndexBytes: fs.existsSync(keptIndexFile(wsDir)) ? fs.statSync(keptIndexFile(wsDir)).size : 0 };
  try {
    await session.initialize();
    const s = performance.now();
    const res = await session.request('workspace/diagnostic', { previousResultIds: [] }, 600_000);
    out.reportMs = performance.now() - s;
    out.fromSpawnMs = performance.now() - t0;
    const items = res?.items ?? [];
    out.filesCovered = new Set(items.map((i) => i.uri)).size;
    out.diagnostics = items.reduce((n, i) => n + (i.items?.length ?? 0), 0);
    const atReport = session.memory();
    out.settle = await settleAsking(session, SETTLE_MS, pathToFileURL(path.join(wsDir, 'not-open.js')).href);
    out.memSettled = session.memory();
    out.memAfterReport = { ...atReport, afterGc: await session.heapAfterGc() };
    out.kept = session.logs.some((l) => /kept from the last start/.test(l));
    if (!out.kept) ctx.errors.push('issue12 workspace report, folder opened again: the server did not use the index kept by the first session');
    if (cold?.diagnostics != null && out.diagnostics !== cold.diagnostics) ctx.errors.push(`issue12 workspace report, folder opened again: ${out.diagnostics} diagnostics, the first opening had ${cold.diagnostics}`);
  } catch (e) {
    ctx.errors.push(`issue12 workspace report (opened again): ${e.message}`);
  } finally {
    await closeSession(ctx, session, 'workspace report (opened again)');
  }
  return out;
}

/**
 * The first opening again, asked as VS Code asks (a partial-result token: the server streams the reports in batches
 * as files are analysed, and the answer itself is empty): the time to the last batch, the RSS then, and the peak.
 */
async function workspaceReportPartial(ctx, wsDir, cold) {
  fs.rmSync(keptIndexFile(wsDir), { force: true });
  const session = new LspSession({ serverJs: ctx.SERVER_JS, mode: 'pull', rootDir: wsDir, cwd: ctx.ROOT });
  const out = { batches: 0, reports: 0, diagnostics: 0 };
  try {
    await session.initialize();
    const token = `issue12-partial-${process.pid}`;
    const uris = new Set();
    session.conn.onProgress(new ProgressType(), token, (v) => {
      out.batches++;
      for (const i of v.items ?? []) {
        uris.add(i.uri);
        out.diagnostics += i.items?.length ?? 0;
      }
    });
    const s = performance.now();
    const res = await session.conn.sendRequest('workspace/diagnostic', { previousResultIds: [], partialResultToken: token });
    out.reportMs = performance.now() - s;
    for (const i of res?.items ?? []) {
      uris.add(i.uri);
      out.diagnostics += i.items?.length ?? 0;
    }
    out.filesCovered = uris.size;
    out.mem = session.memory();
    if (cold?.diagnostics != null && out.diagnostics !== cold.diagnostics) ctx.errors.push(`issue12 workspace report with partial results: ${out.diagnostics} diagnostics, without them ${cold.diagnostics}`);
  } catch (e) {
    ctx.errors.push(`issue12 workspace report (partial results): ${e.message}`);
  } finally {
    await closeSession(ctx, session, 'workspace report (partial results)');
  }
  return out;
}

/** The first workspace report of a folder (no index kept): its time and diagnostics, once. */
/** The server's CPU time so far (user + system, ms), from /proc; null where there is none. */
function serverCpuMs(session) {
  try {
    const f = fs.readFileSync(`/proc/${session.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * (1000 / 100);
  } catch {
    return null;
  }
}

/**
 * Edits of one file of a Kubernetes folder after its report, as in VS Code (the document pulled after each edit, the
 * workspace long poll pending): per edit, how many files the long poll's answer re-reports and how long after the edit
 * it answers, and the server's CPU time for all the edits. `change(text, i)` makes the i-th edit's text.
 */
async function k8sEdits(session, file, items, change, count = 8) {
  const uri = pathToFileURL(file).href;
  let text = fs.readFileSync(file, 'utf8');
  session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await session.pull(uri);
  let ids = items.filter((i) => i.resultId).map((i) => ({ uri: i.uri, value: i.resultId }));
  const cts = new CancellationTokenSource();
  const answers = [];
  let editAt = 0;
  let waiting = null;
  const loop = (async () => {
    while (!cts.token.isCancellationRequested) {
      const r = await session.conn.sendRequest('workspace/diagnostic', { previousResultIds: ids }, cts.token).catch(() => null);
      if (!r) break;
      answers.push({ ms: performance.now() - editAt, files: r.items.length });
      const byUri = new Map(ids.map((x) => [x.uri, x]));
      for (const i of r.items) if (i.resultId) byUri.set(i.uri, { uri: i.uri, value: i.resultId });
      ids = [...byUri.values()];
      waiting?.();
    }
  })();
  const cpu0 = serverCpuMs(session);
  const perEdit = [];
  for (let v = 2; v < 2 + count; v++) {
    text = change(text, v);
    answers.length = 0;
    const answered = new Promise((resolve) => (waiting = resolve));
    editAt = performance.now();
    session.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    await session.pull(uri);
    // The long poll answers once the files that depend on the edit are checked again (or never, if none changed).
    await Promise.race([answered, sleep(15_000)]);
    await sleep(300);
    perEdit.push({ ms: answers[0]?.ms ?? null, files: answers.reduce((n, a) => n + a.files, 0) });
  }
  const cpu1 = serverCpuMs(session);
  cts.cancel();
  await Promise.race([loop, sleep(2000)]);
  session.notify('textDocument/didClose', { textDocument: { uri } });
  const answeredMs = perEdit.map((e) => e.ms).filter((x) => x != null);
  return { edits: count, files: median(perEdit.map((e) => e.files)), answerMs: answeredMs.length ? median(answeredMs) : null, cpuMs: cpu0 != null && cpu1 != null ? cpu1 - cpu0 : null };
}

async function folderReport(ctx, dir, label, opts = {}) {
  fs.rmSync(keptIndexFile(dir), { force: true });
  const session = new LspSession({ serverJs: ctx.SERVER_JS, mode: 'pull', rootDir: dir, cwd: ctx.ROOT, probeFile: path.join(ctx.I12, 'memprobe-folder.json') });
  const out = {};
  try {
    await session.initialize();
    const s = performance.now();
    const res = await session.request('workspace/diagnostic', { previousResultIds: [] }, 600_000);
    out.reportMs = performance.now() - s;
    const items = res?.items ?? [];
    out.filesCovered = new Set(items.map((i) => i.uri)).size;
    out.diagnostics = items.reduce((n, i) => n + (i.items?.length ?? 0), 0);
    out.memAfterReport = session.memory();
    if (opts.edits) {
      // A NetworkPolicy's selector changed back and forth, then a Role's verbs (generateK8sFolder's first file has both).
      const file = path.join(dir, opts.edits);
      out.policyEdits = await k8sEdits(session, file, items, (t, v) => t.replace(/(name: np-0\n[^]*?matchLabels: \{app: web-0)x?\}/, `$1${v % 2 ? 'x' : ''}}`));
      out.roleEdits = await k8sEdits(session, file, items, (t, v) => t.replace(/verbs: \["get", "list"[^\]]*\]/, `verbs: ["get", "list"${v % 2 ? ', "watch"' : ''}]`));
    }
  } catch (e) {
    ctx.errors.push(`issue12 ${label}: ${e.message}`);
  } finally {
    await closeSession(ctx, session, label);
  }
  return out;
}

async function workspaceReport(ctx, data) {
  const wsDir = path.join(ctx.I12, 'ws20k');
  // The first opening of the folder: no index kept from an earlier run of the bench.
  fs.rmSync(keptIndexFile(wsDir), { force: true });
  const probe = path.join(ctx.I12, 'memprobe-ws.json');
  const t0 = performance.now();
  const session = new LspSession({ serverJs: ctx.SERVER_JS, mode: 'pull', rootDir: wsDir, cwd: ctx.ROOT, probeFile: probe });
  const out = { files: data.ws20k.files };
  let cts;
  let poll;
  try {
    const init = await session.initialize();
    out.initializeMs = performance.now() - t0;
    if (!init.capabilities?.diagnosticProvider?.workspaceDiagnostics) throw new Error('server does not offer workspace diagnostics to a pull client');
    out.memAfterInit = session.memory();
    const s = performance.now();
    const res = await session.request('workspace/diagnostic', { previousResultIds: [] }, 600_000);
    out.reportMs = performance.now() - s;
    out.fromSpawnMs = performance.now() - t0;
    const items = res?.items ?? [];
    const uris = new Set(items.map((i) => i.uri));
    out.items = items.length;
    out.filesCovered = uris.size;
    out.fullReports = items.filter((i) => i.kind === 'full').length;
    out.diagnostics = items.reduce((n, i) => n + (i.items?.length ?? 0), 0);
    out.filesWithDiagnostics = items.filter((i) => i.items?.length).length;
    if (out.filesCovered < out.files) ctx.notes.push(`issue12 workspace report: ${out.filesCovered} of ${out.files} files in the first workspace/diagnostic answer`);
    const atReport = session.memory();
    // The server after it (the index kept for the next start, the report's garbage collected), asked only what it
    // answers without analysis.
    out.settle = await settleAsking(session, SETTLE_MS, pathToFileURL(path.join(wsDir, 'not-open.js')).href);
    out.memSettled = session.memory();
    out.memAfterReport = { ...atReport, afterGc: await session.heapAfterGc() };
    // VS Code's follow-up request: held open by the server until files change.
    cts = new CancellationTokenSource();
    const previousResultIds = items.filter((i) => i.resultId).map((i) => ({ uri: i.uri, value: i.resultId }));
    out.longPoll = { answered: false };
    poll = session.conn.sendRequest('workspace/diagnostic', { previousResultIds }, cts.token).then(
      (r) => {
        if (!cts.token.isCancellationRequested) out.longPoll = { answered: true, items: r?.items?.length ?? 0 };
      },
      () => undefined,
    );
    const warm = 10;
    const soak = ctx.soakEdits;
    const at = [warm, ...[1, 2, 3, 4].map((q) => warm + Math.round((soak * q) / 4))];
    const lines = fs.readFileSync(path.join(wsDir, data.ws20k.openFile), 'utf8').split('\n').length - 1;
    const loop = await editLoop(session, path.join(wsDir, data.ws20k.openFile), { lines, edits: warm + soak, seed: 1204, memoryAt: at, languageId: 'javascript' });
    for (const m of loop.mismatches) ctx.errors.push(`issue12 workspace edits: ${m}`);
    out.edits = { count: warm + soak, median: median(loop.times), p95: percentile(loop.times, 95) };
    out.memory = loop.memory;
    out.memAfterEdits = { ...session.memory(), afterGc: await session.heapAfterGc() };
  } catch (e) {
    ctx.errors.push(`issue12 workspace report: ${e.message}`);
  } finally {
    cts?.cancel();
    await Promise.race([poll, sleep(2000)]);
    await closeSession(ctx, session, 'workspace report');
  }
  out.warm = await workspaceReportWarm(ctx, wsDir, out);
  out.partial = await workspaceReportPartial(ctx, wsDir, out);
  return out;
}

// ---------------------------------------------------------------------------

export async function issue12Bench(ctx) {
  ctx.I12 = path.join(ctx.DATA, 'issue12');
  ctx.rc = path.join(ctx.DATA, 'secretlintrc.json');
  fs.mkdirSync(ctx.DATA, { recursive: true }); // `--only issue12` on a fresh checkout
  if (!fs.existsSync(ctx.rc)) fs.writeFileSync(ctx.rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }, null, 2) + '\n');
  ctx.peer = !ctx.noPeer && fs.existsSync(ctx.PEER_CLI);
  const data = generateIssue12Data(ctx.I12);
  const t = (label) => ctx.progress?.(label);
  const res = { data, timings: {} };
  const step = async (k, f) => {
    t(k);
    const s = Date.now();
    res[k] = await f();
    res.timings[k] = Date.now() - s;
  };
  await step('cliUrls', () => cliPair(ctx, { id: 'URL-dense corpus', target: path.join(ctx.I12, 'urls'), root: path.join(ctx.I12, 'urls'), peerPath: 'issue12/urls/**/*', planted: data.urls.planted }));
  await step('cliUrlsSarif', () => cliPair(ctx, { id: 'URL-dense corpus, SARIF', target: path.join(ctx.I12, 'urls'), root: path.join(ctx.I12, 'urls'), peerPath: 'issue12/urls/**/*', planted: data.urls.planted, sarif: true }));
  await step('editLatency', () => editLatency(ctx, data));
  await step('startup', () => startup(ctx, data));
  await step('workspace', () => workspaceReport(ctx, data));
  await step('flatYaml', () => cliPair(ctx, { id: 'flat YAML', target: path.join(ctx.I12, 'flat', 'flat.yaml'), root: path.join(ctx.I12, 'flat'), peerPath: 'issue12/flat/flat.yaml' }));
  await step('cfn', () => cliPair(ctx, { id: 'CloudFormation', target: path.join(ctx.I12, 'cfn', 'template.yaml'), root: path.join(ctx.I12, 'cfn'), peerPath: 'issue12/cfn/template.yaml' }));
  // Bounded cost per workspace: the same shape at two sizes (3 runs each: the bench's longest CLI figure).
  await step('k8s', async () => ({
    small: await cliPair(ctx, { id: 'Kubernetes folder, 2,000 files', target: path.join(ctx.I12, 'k8s2k'), root: path.join(ctx.I12, 'k8s2k'), peer: false, runs: Math.min(ctx.runs, 3) }),
    large: await cliPair(ctx, { id: 'Kubernetes folder, 8,000 files', target: path.join(ctx.I12, 'k8s8k'), root: path.join(ctx.I12, 'k8s8k'), peer: false, runs: Math.min(ctx.runs, 3) }),
    // The language server's first report of each: its index reads the same files, Kubernetes objects in a second pass.
    smallReport: await folderReport(ctx, path.join(ctx.I12, 'k8s2k'), 'Kubernetes folder report, 2,000 files'),
    largeReport: await folderReport(ctx, path.join(ctx.I12, 'k8s8k'), 'Kubernetes folder report, 8,000 files', { edits: data.k8s8k.editFile }),
  }));
  await step('hostile', async () => ({
    aliasBomb: await hostile(ctx, { id: 'alias bomb', target: path.join(ctx.I12, 'hostile', 'bomb', 'bomb.yaml') }),
    deepJson: await hostile(ctx, { id: 'deep JSON', target: path.join(ctx.I12, 'hostile', 'deep', 'config.json'), secretLine: data.deep.secretLine, secretRule: 'secretlint/github' }),
  }));
  res.summary = summarize(res);
  return res;
}

/** The issue's table: one row per figure, ours and the peer side by side, the target and whether it is met. */
function summarize(r) {
  const rows = [];
  const row = (figure, ours, peer, target, met) => rows.push({ figure, ours, peer, target, met });
  const cu = r.cliUrls ?? {};
  const ratio = cu.ours && cu.peer ? cu.ours.medianMs / cu.peer.medianMs : null;
  row(
    `CLI scan, URL-dense corpus (${r.data.urls.files} files, ${mb(r.data.urls.bytes)} MB)`,
    cu.ours ? `${fmtMs(cu.ours.medianMs)} ms, ${fmtMiB(cu.ours.peakRssKiB)} MiB${ratio != null ? ` = ${ratio.toFixed(2)}x` : ''}` : 'ERROR',
    cu.peer ? `${fmtMs(cu.peer.medianMs)} ms, ${fmtMiB(cu.peer.peakRssKiB)} MiB` : 'n/a',
    'ours/secretlint <= 0.5x',
    ratio != null ? ratio <= 0.5 : null,
  );
  const cs = r.cliUrlsSarif ?? {};
  if (cs.ours || cs.peer) {
    const rs = cs.ours && cs.peer ? cs.ours.medianMs / cs.peer.medianMs : null;
    row(
      'CLI scan --format sarif, URL-dense corpus (SARIF as CI uploads it; ours with fingerprints and the verdict)',
      cs.ours ? `${fmtMs(cs.ours.medianMs)} ms, ${fmtMiB(cs.ours.peakRssKiB)} MiB${rs != null ? ` = ${rs.toFixed(2)}x` : ''}` : 'ERROR',
      cs.peer ? `${fmtMs(cs.peer.medianMs)} ms, ${fmtMiB(cs.peer.peakRssKiB)} MiB` : 'n/a',
      '(not a target of the issue)',
      null,
    );
  }
  const el = r.editLatency ?? {};
  const budget = el.small ? 3 * el.small.median + 20 : null;
  row(
    `Edit to diagnostics, ${r.data.lspLarge.lines.toLocaleString('en-US')} vs ${r.data.lspSmall.lines} lines, URL on each (pull, median)`,
    el.large && el.small ? `${fmtMs(el.large.median)} ms vs ${fmtMs(el.small.median)} ms` : 'ERROR',
    '-',
    budget != null ? `<= 3 x ${fmtMs(el.small.median)} + 20 = ${fmtMs(budget)} ms` : '<= 3 x small + 20 ms',
    budget != null && el.large ? el.large.median <= budget : null,
  );
  for (const k of ['ws5k', 'ws5k+ws', 'ws20k', 'ws20k+ws']) {
    const s = r.startup?.[k];
    const is20 = k.startsWith('ws20k');
    row(
      `Start to first diagnostics, ${is20 ? '20,000' : '5,000'} files${k.endsWith('+ws') ? ', workspace pull too (VS Code)' : ', document pull only'}`,
      s?.medianMs != null ? `${fmtMs(s.medianMs)} ms` : 'ERROR',
      '-',
      is20 ? '< 120 ms' : '(target is at 20,000)',
      is20 && s?.medianMs != null ? s.medianMs < 120 : null,
    );
  }
  const w = r.workspace ?? {};
  row(
    `Whole-workspace report, ${(w.files ?? 0).toLocaleString('en-US')} small files: all covered (first opening of the folder)`,
    w.reportMs != null ? `${(w.reportMs / 1000).toFixed(2)} s (${w.filesCovered}/${w.files} files)` : 'ERROR',
    '-',
    '< 1.5 s',
    w.reportMs != null ? w.reportMs < 1500 && w.filesCovered >= w.files : null,
  );
  const wm = w.warm ?? {};
  row(
    `Whole-workspace report, the same folder opened again (index kept by the first session, files unchanged)`,
    wm.reportMs != null ? `${(wm.reportMs / 1000).toFixed(2)} s (${wm.filesCovered}/${w.files} files)` : 'ERROR',
    '-',
    '< 1.5 s',
    wm.reportMs != null ? wm.reportMs < 1500 && wm.filesCovered >= w.files : null,
  );
  row(
    'Whole-workspace report, opened again: server RSS after it',
    wm.memAfterReport ? `${fmtMiB(wm.memAfterReport.rssKiB)} MiB (VmHWM ${fmtMiB(wm.memAfterReport.hwmKiB)})` : 'ERROR',
    '-',
    '< 120 MiB',
    wm.memAfterReport?.rssKiB != null ? wm.memAfterReport.rssKiB < 120 * 1024 : null,
  );
  row(
    'Whole-workspace report: server RSS after it',
    w.memAfterReport ? `${fmtMiB(w.memAfterReport.rssKiB)} MiB (VmHWM ${fmtMiB(w.memAfterReport.hwmKiB)})` : 'ERROR',
    '-',
    '< 120 MiB',
    w.memAfterReport?.rssKiB != null ? w.memAfterReport.rssKiB < 120 * 1024 : null,
  );
  row(
    `Whole-workspace report: server RSS ${SETTLE_MS / 1000} s after it, nothing analysed (first opening / opened again)`,
    w.memSettled ? `${fmtMiB(w.memSettled.rssKiB)} / ${wm?.memSettled ? fmtMiB(wm.memSettled.rssKiB) : 'n/a'} MiB (VmHWM ${fmtMiB(w.memSettled.hwmKiB)} / ${wm?.memSettled ? fmtMiB(wm.memSettled.hwmKiB) : 'n/a'})` : 'ERROR',
    '-',
    '< 120 MiB',
    w.memSettled?.rssKiB != null ? w.memSettled.rssKiB < 120 * 1024 && (wm?.memSettled?.rssKiB == null || wm.memSettled.rssKiB < 120 * 1024) : null,
  );
  const wp = w.partial ?? {};
  row(
    'Whole-workspace report, first opening, asked as VS Code asks (partial results): time / server RSS right after it',
    wp.reportMs != null ? `${(wp.reportMs / 1000).toFixed(2)} s (${wp.filesCovered}/${w.files} files in ${wp.batches} batches) / ${fmtMiB(wp.mem?.rssKiB)} MiB (VmHWM ${fmtMiB(wp.mem?.hwmKiB)})` : 'ERROR',
    '-',
    '< 1.5 s / < 120 MiB',
    wp.reportMs != null ? wp.reportMs < 1500 && wp.filesCovered >= w.files && wp.mem?.rssKiB < 120 * 1024 : null,
  );
  const settled = (x) => (x ? `${fmtMs(x.max)} ms at ${(x.maxAtMs / 1000).toFixed(1)} s (p99 ${fmtMs(x.p99)}, ${x.pulls} pulls)` : 'n/a');
  row(
    `Whole-workspace report: the longest wait of a request in the ${SETTLE_MS / 1000} s after it (first opening / opened again)`,
    w.settle ? `${settled(w.settle)} / ${settled(wm.settle)}` : 'ERROR',
    '-',
    '(the index kept, the garbage collected)',
    null,
  );
  const mem = w.memory ?? [];
  const m0 = mem[0];
  const m1 = mem[mem.length - 1];
  const growthMiB = m0 && m1 ? (m1.rssKiB - m0.rssKiB) / 1024 : null;
  row(
    `Whole-workspace: server RSS after ${m1?.afterEdits ?? '?'} edits`,
    m1 ? `${fmtMiB(m1.rssKiB)} MiB (${growthMiB >= 0 ? '+' : ''}${growthMiB.toFixed(1)} over the last ${m1.afterEdits - m0.afterEdits})` : 'ERROR',
    '-',
    '< 120 MiB, flat (<= +10 MiB)',
    m1 ? m1.rssKiB < 120 * 1024 && growthMiB <= 10 : null,
  );
  for (const [k, label, target, limit] of [
    ['flatYaml', `CLI scan, flat YAML map, ${r.data.flat.keys.toLocaleString('en-US')} keys (${mb(r.data.flat.bytes)} MB)`, '< 2 s', 2000],
    ['cfn', `CLI scan, CloudFormation, ${r.data.cfn.resources.toLocaleString('en-US')} resources (${mb(r.data.cfn.bytes)} MB)`, '< 1.5 s', 1500],
  ]) {
    const x = r[k] ?? {};
    row(
      label,
      x.ours ? `${fmtMs(x.ours.medianMs)} ms, ${fmtMiB(x.ours.peakRssKiB)} MiB` : 'ERROR',
      x.peer ? `${fmtMs(x.peer.medianMs)} ms, ${fmtMiB(x.peer.peakRssKiB)} MiB` : 'n/a',
      target,
      x.ours ? x.ours.medianMs < limit : null,
    );
  }
  const ks = r.k8s?.small?.ours;
  const kl = r.k8s?.large?.ours;
  const growth = ks && kl ? kl.medianMs / ks.medianMs : null;
  row(
    `CLI scan, Kubernetes folder (a namespace per app; policies, roles and bindings beside the workloads), ${r.data.k8s2k.files.toLocaleString('en-US')} then ${r.data.k8s8k.files.toLocaleString('en-US')} files`,
    ks && kl ? `${fmtMs(ks.medianMs)} then ${fmtMs(kl.medianMs)} ms = ${growth.toFixed(1)}x for 4x the files (${kl.findings} findings)` : 'ERROR',
    '-',
    'bounded per workspace: <= 5x for 4x the files',
    growth != null ? growth <= 5 : null,
  );
  const rs = r.k8s?.smallReport;
  const rl = r.k8s?.largeReport;
  const rGrowth = rs?.reportMs != null && rl?.reportMs != null ? rl.reportMs / rs.reportMs : null;
  row(
    `Whole-workspace report (language server, first opening), the same Kubernetes folders`,
    rGrowth != null ? `${(rs.reportMs / 1000).toFixed(2)} then ${(rl.reportMs / 1000).toFixed(2)} s = ${rGrowth.toFixed(1)}x (${rl.diagnostics} diagnostics, ${rl.filesCovered} files)` : 'ERROR',
    '-',
    'bounded per workspace: <= 5x for 4x the files',
    rGrowth != null ? rGrowth <= 5 : null,
  );
  const pe = rl?.policyEdits;
  const re = rl?.roleEdits;
  const fmtEdit = (e) => (e ? `${e.files} file(s) re-reported, ${e.answerMs != null ? `${fmtMs(e.answerMs)} ms after the edit` : 'no answer'}, server CPU ${e.cpuMs != null ? fmtMs(e.cpuMs / e.edits) : 'n/a'} ms per edit` : 'ERROR');
  row(
    `Edit in the ${r.data.k8s8k.files.toLocaleString('en-US')}-file Kubernetes folder (long poll pending; median of 8 edits): a NetworkPolicy's selector / a Role's verbs`,
    `${fmtEdit(pe)} / ${fmtEdit(re)}`,
    '-',
    'edits cost what changed',
    null,
  );
  for (const [k, label] of [
    ['aliasBomb', `Hostile: YAML alias bomb (${r.data.bomb.bytes} bytes)`],
    ['deepJson', `Hostile: config.json, fake token + ${r.data.deep.depth.toLocaleString('en-US')}-deep array`],
  ]) {
    const h = r.hostile?.[k];
    row(
      label,
      h ? `${h.timedOut ? `> ${HOSTILE_TIMEOUT_MS / 1000} s` : `${fmtMs(h.medianMs)} ms`}, ${fmtMiB(h.peakRssKiB)} MiB; report: ${yesNo(h.output)}${k === 'deepJson' ? `, token found: ${yesNo(h.secretReported)}` : ''}` : 'ERROR',
      '-',
      '(none; 30 s timeout)',
      null,
    );
  }
  return rows;
}

export function printIssue12(r, { table, section, quick, runs }) {
  section('7. Issue 12 figures: every family on (figures, not assertions)');
  const d = r.data;
  console.log(`Inputs (seeded, under bench/.data/issue12/, written in ${d.ms} ms): URL-dense corpus ${d.urls.files} files ${mb(d.urls.bytes)} MB (${Object.entries(d.urls.byExt).map(([k, v]) => `${v} ${k}`).join(', ')}; ${d.urls.planted.length} fake secrets);`);
  console.log(`workspaces of ${d.ws5k.files.toLocaleString('en-US')} and ${d.ws20k.files.toLocaleString('en-US')} small files (${mb(d.ws20k.bytes)} MB); flat.yaml ${mb(d.flat.bytes)} MB; template.yaml ${d.cfn.resources} resources (${d.cfn.roles} IAM roles, ${d.cfn.broadRoles} broad) ${mb(d.cfn.bytes)} MB;`);
  console.log(`Kubernetes folders of ${d.k8s2k.files.toLocaleString('en-US')} and ${d.k8s8k.files.toLocaleString('en-US')} files (${mb(d.k8s2k.bytes)} and ${mb(d.k8s8k.bytes)} MB; secretlint is not run on them: they hold no secret, the figure is how our cost grows).`);
  console.log(`CLI figures: median of ${runs} run(s) after 1 warm-up, peak RSS = getrusage ru_maxrss (median over the runs)${quick ? ' (--quick)' : ''}.\n`);
  console.log(
    table(
      ['figure', 'microapp-guard', 'secretlint CLI', 'target', 'met'],
      r.summary.map((x) => [x.figure, x.ours, x.peer, x.target, x.met == null ? '-' : x.met ? 'yes' : 'no']),
      ['l', 'r', 'r', 'l', 'l'],
    ),
  );

  // Details.
  const cliRows = [];
  for (const [k, label] of [['cliUrls', 'URL-dense corpus'], ['cliUrlsSarif', 'URL-dense, SARIF'], ['flatYaml', 'flat.yaml'], ['cfn', 'template.yaml (CFN)'], ['k8s.small', 'Kubernetes, 2,000 files'], ['k8s.large', 'Kubernetes, 8,000 files']]) {
    for (const t of ['ours', 'peer']) {
      const x = k.split('.').reduce((o, p) => o?.[p], r)?.[t];
      if (!x) continue;
      const sorted = Object.entries(x.byRule).sort((a, b) => b[1] - a[1]);
      const rules = sorted.slice(0, 3).map(([id, n]) => `${id} ${n}`).join(', ') + (sorted.length > 3 ? `, +${sorted.length - 3} more` : '');
      cliRows.push([label, x.tool, fmtMs(x.medianMs), `${fmtMs(x.minMs)}..${fmtMs(x.maxMs)}`, fmtMs(x.medianCpuMs), fmtMiB(x.peakRssKiB), x.filesScanned, x.findings, x.plantedFound != null ? `${x.plantedFound}/${d.urls.planted.length}` : '', rules || 'none']);
    }
  }
  console.log('\nCLI runs:');
  console.log(table(['input', 'tool', 'wall ms', 'min..max', 'CPU ms', 'peak RSS MiB', 'files', 'findings', 'secrets found', 'top rules'], cliRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']));

  const el = r.editLatency;
  if (el?.small && el?.large) {
    console.log(`\nEdit-to-diagnostics (pull, ${el.small.times.length} edits each, after 6 untimed warm-up edits): 200 lines median ${fmtMs(el.small.median)} / p95 ${fmtMs(el.small.p95)} ms (open ${fmtMs(el.small.openMs)} ms); 20,000 lines median ${fmtMs(el.large.median)} / p95 ${fmtMs(el.large.p95)} / max ${fmtMs(el.large.max)} ms (open ${fmtMs(el.large.openMs)} ms).`);
    console.log('  Each line is fetch("https://api-N.<vendor>.io/..."): a distinct public endpoint on every line (a finding and a fact each; the first 1,000 findings are listed, the rest counted in a note).');
  }

  if (r.startup) {
    console.log('\nStart to first diagnostics (spawn of `node dist/boot.js lsp --stdio`, as editors start it (the bundle with its V8 code cache), with the folder as workspace folder, to the first pull');
    console.log('answer for open/app.js that shows its fake token; server defaults, workspaceScan on):');
    const rows = Object.entries(r.startup).map(([k, s]) => [`${s.files.toLocaleString('en-US')} files`, s.workspacePull ? 'yes' : 'no', s.runs, fmtMs(s.medianInitializeMs), fmtMs(s.medianMs), `${fmtMs(s.minMs)}..${fmtMs(s.maxMs)}`, s.runsWithEmptyFirstAnswer]);
    console.log(table(['workspace', 'workspace pull too', 'runs', 'initialize answered ms', 'first diagnostics ms', 'min..max', 'runs needing >1 pull'], rows, ['l', 'l']));
  }

  const w = r.workspace;
  if (w?.reportMs != null) {
    console.log(`\nWhole-workspace report: workspace/diagnostic (no partial-result token) answered in ${fmtMs(w.reportMs)} ms (${fmtMs(w.fromSpawnMs)} ms from spawn) with`);
    console.log(`${w.items} reports for ${w.filesCovered} of ${w.files} files, ${w.diagnostics} diagnostics in ${w.filesWithDiagnostics} files. The server answers this request only when its`);
    console.log('scan is complete (workspaceDiagnostics.ts returns every report at the end), so the answer time is the time to cover all files.');
    const mrows = [];
    const row = (point, x) => x && mrows.push([point, fmtMiB(x.rssKiB), fmtMiB(x.hwmKiB), x.afterGc ? fmtMiB(x.afterGc.heapUsedKiB) : 'n/a']);
    row('after initialize', w.memAfterInit);
    row('after the workspace report', w.memAfterReport);
    row(`${SETTLE_MS / 1000} s later (only answers without analysis asked)`, w.memSettled);
    for (const x of w.memory ?? []) row(`after ${x.afterEdits} edits of open/app.js (long poll pending)`, x);
    console.log(table(['server memory (MiB)', 'VmRSS', 'VmHWM', 'heap after GC'], mrows, ['l']));
    if (w.warm?.reportMs != null) {
      const x = w.warm;
      console.log(`Opened again (a new server, the index the first session kept: ${mb(x.keptIndexBytes)} MB in the user's cache folder): answered in ${fmtMs(x.reportMs)} ms (${fmtMs(x.fromSpawnMs)} ms from spawn),`);
      console.log(`${x.diagnostics} diagnostics in ${x.filesCovered} files (the first opening: ${w.diagnostics}); RSS ${fmtMiB(x.memAfterReport?.rssKiB)} MiB, heap after GC ${x.memAfterReport?.afterGc ? fmtMiB(x.memAfterReport.afterGc.heapUsedKiB) : 'n/a'} MiB.`);
    }
    if (w.edits) console.log(`Edits in that session: median ${fmtMs(w.edits.median)} ms, p95 ${fmtMs(w.edits.p95)} ms; follow-up long poll ${w.longPoll?.answered ? `answered with ${w.longPoll.items} reports` : 'still pending at the end (nothing changed on disk), as expected'}.`);
  }

  const h = r.hostile;
  if (h) {
    console.log('\nHostile inputs (our CLI, killed after 30 s; a timeout is a figure):');
    const rows = [];
    for (const [k, label] of [['aliasBomb', 'alias bomb (a0..a7, 9^8 values)'], ['deepJson', 'config.json, ghp_ token + 2,000-deep array']]) {
      const x = h[k];
      rows.push([label, x.bytes, x.timedOut ? `> ${x.timeoutMs / 1000} s` : fmtMs(x.medianMs), fmtMiB(x.peakRssKiB), String(x.exit), yesNo(x.output), x.secretReported === undefined ? '-' : yesNo(x.secretReported), (x.problems[0] ?? x.stderr ?? '').slice(0, 110)]);
    }
    console.log(table(['input', 'bytes', 'wall ms', 'peak RSS MiB', 'exit', 'report', 'secret found', 'problem / stderr'], rows, ['l', 'r', 'r', 'r', 'r', 'l', 'l', 'l']));
  }
  console.log(`\nSection 7 took ${Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}.`);
  console.log('Peers: secretlint\'s CLI where it applies (same files, its recommended preset). No peer runs a language server or a');
  console.log('workspace report, so the LSP rows have none.');
}

/** What goes to results.json (raw samples kept, generated file lists dropped). */
export function issue12Results(r) {
  const { data, ...rest } = r;
  const inputs = {
    urls: { files: data.urls.files, bytes: data.urls.bytes, byExt: data.urls.byExt, planted: data.urls.planted.length },
    lsp: { small: data.lspSmall, large: data.lspLarge },
    ws5k: { files: data.ws5k.files, bytes: data.ws5k.bytes },
    ws20k: { files: data.ws20k.files, bytes: data.ws20k.bytes },
    flat: data.flat,
    cfn: data.cfn,
    bomb: data.bomb,
    deep: data.deep,
    k8s: { small: data.k8s2k, large: data.k8s8k },
    generatedMs: data.ms,
  };
  return { inputs, ...rest };
}
