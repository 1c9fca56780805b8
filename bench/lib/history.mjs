// Section 8: `scan --history` on a generated repository of 10,000 commits (bench/.data/history-repo), made in a
// second by `git fast-import`: 300 small source and config files, each commit changing one to three of them, a
// few fake secrets added and removed later (one kept at HEAD). Fake secrets are built at run time from a seeded
// generator; the repository holds no real one.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runNode } from './proc.mjs';

const FILES = 300;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const pick = (r, n, alphabet = ALNUM) => Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');

/** File i's text at version v (a small module, config or manifest). */
function fileText(i, v, r) {
  const kind = i % 3;
  const lines = [];
  if (kind === 0) {
    lines.push(`// module ${i}`, `export function handler${i}(event) {`);
    for (let k = 0; k < 20; k++) lines.push(`  const value${k} = event.items[${k}] ?? ${Math.floor(r() * 1000)};`);
    lines.push(`  return { version: ${v} };`, '}');
    return { name: `src/mod${i}.js`, text: lines.join('\n') + '\n' };
  }
  if (kind === 1) {
    lines.push(`service: svc${i}`, `version: ${v}`, 'settings:');
    for (let k = 0; k < 20; k++) lines.push(`  key${k}: value-${Math.floor(r() * 1000)}`);
    return { name: `config/svc${i}.yaml`, text: lines.join('\n') + '\n' };
  }
  lines.push(`"""Job ${i}."""`, 'import os', '');
  for (let k = 0; k < 20; k++) lines.push(`LIMIT_${k} = ${Math.floor(r() * 1000)}`);
  lines.push(`VERSION = ${v}`);
  return { name: `jobs/job${i}.py`, text: lines.join('\n') + '\n' };
}

/** Writes the repository; returns what was planted: [{ path, addedAt, removedAt | null }]. */
export function generateHistoryRepo(dir, { commits = 10_000, seed = 17 } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(dir, '..', 'history-gitconfig') };
  fs.writeFileSync(env.GIT_CONFIG_GLOBAL, '');
  const git = (args, input) => {
    const r = spawnSync('git', args, { cwd: dir, env, input, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`git ${args[0]}: ${r.stderr}`);
    return r.stdout;
  };
  git(['init', '-q', '-b', 'main']);
  const r = rng(seed);
  const version = new Array(FILES).fill(0);
  // Secrets: [commit added, commit removed or null], in distinct files.
  const plan = [
    [500, 2_000],
    [3_000, 3_001],
    [5_500, 9_000],
    [7_000, 7_400],
    [8_800, null],
  ].filter(([a]) => a < commits);
  const secrets = plan.map(([addedAt, removedAt], k) => ({ file: k * 7 + 1, addedAt, removedAt, value: `ghp_${pick(rng(seed + 100 + k), 36)}` }));
  const chunks = [];
  const push = (s) => chunks.push(Buffer.isBuffer(s) ? s : Buffer.from(s));
  const data = (text) => {
    const b = Buffer.from(text);
    push(`data ${b.length}\n`);
    push(b);
    push('\n');
  };
  const start = 1_700_000_000;
  for (let c = 0; c < commits; c++) {
    const changes = new Set();
    if (c === 0) for (let i = 0; i < FILES; i++) changes.add(i);
    else for (let k = 1 + Math.floor(r() * 3); k > 0; k--) changes.add(Math.floor(r() * FILES));
    for (const s of secrets) if (c === s.addedAt || c === s.removedAt) changes.add(s.file);
    push(`commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${start + c * 60} +0000\n`);
    data(`change ${c}`);
    for (const i of changes) {
      version[i]++;
      let { name, text } = fileText(i, version[i], r);
      for (const s of secrets) {
        const live = s.file === i && c >= s.addedAt && (s.removedAt === null || c < s.removedAt);
        if (live) text += i % 3 === 1 ? `api_token: ${s.value}\n` : i % 3 === 0 ? `export const token = "${s.value}";\n` : `TOKEN = "${s.value}"\n`;
      }
      push(`M 100644 inline ${name}\n`);
      data(text);
    }
  }
  git(['fast-import', '--quiet'], Buffer.concat(chunks));
  git(['checkout', '-q', '-f', 'main']);
  const planted = secrets.map((s) => ({ path: fileText(s.file, 0, rng(1)).name, addedAt: s.addedAt, removedAt: s.removedAt }));
  return { commits, planted, bytes: chunks.reduce((n, b) => n + b.length, 0) };
}

/** Generates the repository (when absent or of another size) and times `scan --history --format json`. */
export async function historyBench({ DATA, TMP, OUR_CLI, runs = 1, commits = 10_000, errors, notes }) {
  const dir = path.join(DATA, 'history-repo');
  const stamp = path.join(DATA, 'history-repo.json');
  let gen;
  try {
    gen = JSON.parse(fs.readFileSync(stamp, 'utf8'));
    if (gen.commits !== commits || !fs.existsSync(path.join(dir, '.git'))) gen = undefined;
  } catch {
    gen = undefined;
  }
  let genMs = 0;
  if (!gen) {
    const t = Date.now();
    gen = generateHistoryRepo(dir, { commits });
    genMs = Date.now() - t;
    fs.writeFileSync(stamp, JSON.stringify(gen, null, 2));
  }
  const times = [];
  let report;
  for (let i = 0; i < runs; i++) {
    const res = await runNode(OUR_CLI, ['scan', '--history', '--format', 'json', '--fail-on', 'none'], { cwd: dir, tmpDir: TMP, timeoutMs: 900_000 });
    if (res.code !== 0) {
      errors.push(`history: exit ${res.code}: ${res.stderr.slice(0, 500)}`);
      return { error: `exit ${res.code}` };
    }
    times.push({ ms: res.ms, cpuMs: res.cpuMs, maxRssKiB: res.maxRssKiB });
    report = JSON.parse(res.stdout);
  }
  const found = report.findings.filter((f) => f.ruleId === 'secretlint/github');
  const foundPaths = new Set(found.map((f) => f.file));
  const missed = gen.planted.filter((p) => !foundPaths.has(p.path));
  if (missed.length) errors.push(`history: planted secrets not found in ${missed.map((m) => m.path).join(', ')}`);
  const removed = found.filter((f) => f.inHead === false).length;
  const best = [...times].sort((a, b) => a.ms - b.ms)[0];
  notes.push('history peers: gitleaks and trufflehog are Go binaries, on neither npm nor Debian here, and pip (legacy Python trufflehog 2) has no network on this machine, so no peer ran side by side: the figure stands alone (run gitleaks git on bench/.data/history-repo where it is installed to compare).');
  return {
    commits: report.git.commits,
    blobs: report.git.blobs,
    generatedMs: genMs,
    repoBytes: gen.bytes,
    runs: times,
    bestMs: best.ms,
    cpuMs: best.cpuMs,
    maxRssKiB: best.maxRssKiB,
    commitsPerSecond: Math.round(report.git.commits / (best.ms / 1000)),
    blobsPerSecond: Math.round(report.git.blobs / (best.ms / 1000)),
    planted: gen.planted.length,
    found: found.length,
    removedSinceFound: removed,
    findings: report.findings.length,
  };
}

export function printHistory(h, { section }) {
  section('8. Secrets in git history (scan --history, generated repository)');
  if (h.error) {
    console.log(`error: ${h.error}`);
    return;
  }
  console.log(`${h.commits.toLocaleString('en')} commits, ${h.blobs.toLocaleString('en')} distinct file versions (${(h.repoBytes / 1024 / 1024).toFixed(1)} MB fast-import stream${h.generatedMs ? `, generated in ${h.generatedMs} ms` : ', reused'}).`);
  console.log(`Wall ${(h.bestMs / 1000).toFixed(2)} s (CPU ${(h.cpuMs / 1000).toFixed(2)} s, peak RSS ${Math.round(h.maxRssKiB / 1024)} MiB): ${h.commitsPerSecond.toLocaleString('en')} commits/s, ${h.blobsPerSecond.toLocaleString('en')} file versions/s.`);
  console.log(`Planted fake secrets: ${h.planted}, found ${h.found} (${h.removedSinceFound} no longer at HEAD, reported "in history: rotate it"); ${h.findings} finding(s) in all.`);
  console.log('Peer: none ran here (gitleaks and trufflehog are Go binaries, not on npm or Debian, and nothing is downloaded); see the notes.');
}
