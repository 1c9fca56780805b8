/**
 * The `microapp-guard` command: `scan` for CI, `lsp` for any editor, `rules`
 * to list what is checked. Exit codes: 0 clean, 1 findings at or above
 * --fail-on, 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import type * as LanguageServerNode from 'vscode-languageserver/node';
import { RULES } from './engine';
import { formatJson, formatSarif, formatText, VERSION } from './cli/format';
import { exceedsThreshold, scan } from './cli/scan';
import { cmdManifest, computeManifest, MANIFEST_HELP, runProperties } from './cli/manifest';
import type * as LspServer from './lsp/server';
import { isMainThread, workerData } from 'worker_threads';
import { setWorkerScript, type WorkerInit } from './scanner/pool';
import { runScanWorker } from './scanner/worker';
import { defaultCacheFile } from './scanner/cache';
import { GitError, scanHistory, scanSince, scanStaged } from './cli/git';
import { applyBaseline, fingerprintFindings, formatBaseline, entryOf, readBaseline } from './cli/baseline';
import { formatCodeQuality, formatMarkdown } from './cli/reports';
import { WorkspaceIndex } from './engine';
import type { ScanResult } from './cli/scan';

const HELP = `microapp-guard ${VERSION}: security checks for micro-apps (offline; no telemetry)

Usage:
  microapp-guard scan [path] [-f|--format text|json|sarif|markdown|codequality]
                      [--fail-on warning|error|none] [-o|--output FILE] [--ignore GLOB]...
                      [-c|--config FILE] [--trust] [--no-color]
                      [--cache] [--cache-location FILE] [--workers N] [--baseline FILE]
                      [--staged | --since REV | --history [--since REV] [--all]] [--summary FILE]
  microapp-guard baseline [path] [-o|--out FILE] [--ignore GLOB]... [-c|--config FILE] [--trust]
                                        the current findings as a baseline (fingerprints, no values)
${MANIFEST_HELP}
  microapp-guard lsp --stdio            language server for any editor (also --node-ipc, --socket=N)
  microapp-guard rules [--format text|json]
  microapp-guard --version | --help

scan exits 0 when clean, 1 when a finding is at or above --fail-on (default: warning, so an
app is treated as risky until shown otherwise), 2 on usage errors, 3 on internal errors.
Files ignored by .gitignore or .secretlintignore are skipped; binary files (told by content, not
by a NUL byte alone) are skipped and counted in the report. The microappGuard.* settings of
<path>/.vscode/settings.json (rules, ignore, ...) apply, so CI and the editor agree; --config
names another settings file. --trust loads secretlint rule packages named by .secretlintrc.
--cache keeps a content-hash cache so unchanged files are not analysed again: one file per
scanned folder in the user's cache folder ($XDG_CACHE_HOME/microapp-guard, ~/.cache/microapp-guard;
%LOCALAPPDATA%\\microapp-guard on Windows, ~/Library/Caches/microapp-guard on macOS), never in the
repository; --cache-location FILE puts it elsewhere. Entries carry an HMAC under a key kept in that
folder; an entry that was edited or written on another machine is ignored (and said so), and the
file analysed again. --workers sets the worker threads (default: automatic).

What git holds (git must be on the PATH; only local git commands run):
  --staged        the index's content of the files a commit would add or change (a pre-commit
                  hook); other files' facts come from the work tree
  --since REV     findings on lines changed since REV's merge base with HEAD (a pull request's
                  base), and findings elsewhere the change caused (a NetworkPolicy removed makes
                  its Deployment a finding); the whole work tree is the context
  --history       secrets in every commit reachable from HEAD (--all: from every ref; --since
                  REV: only commits after REV), each at the commit that introduced it; a secret
                  no longer at HEAD is still reported: rotate it
  --baseline FILE findings recorded in FILE (microapp-guard baseline --out FILE) do not fail
  --summary FILE  also append the Markdown report to FILE (a CI job summary)
Not a git repository, an unknown revision or a shallow clone missing what is needed: exit 2.
Nothing leaves this machine.`;

class UsageError extends Error {}

function usage(msg: string): never {
  throw new UsageError(msg);
}

async function cmdScan(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        'fail-on': { type: 'string', default: 'warning' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        output: { type: 'string', short: 'o' },
        ignore: { type: 'string', multiple: true, default: [] },
        trust: { type: 'boolean', default: false },
        cache: { type: 'boolean', default: false },
        'cache-location': { type: 'string' },
        workers: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        staged: { type: 'boolean', default: false },
        since: { type: 'string' },
        history: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        baseline: { type: 'string' },
        summary: { type: 'string' },
      },
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'markdown', 'codequality'].includes(format)) usage(`unknown --format "${format}": use text, json, sarif, markdown or codequality`);
  if (values.staged && (values.since !== undefined || values.history)) usage('--staged scans the index: it does not combine with --since or --history');
  if (values.all && !values.history) usage('--all goes with --history');
  if (values.since !== undefined && !values.since.trim()) usage('--since needs a revision (a branch, tag or commit)');
  const failOn = values['fail-on']!;
  if (!['error', 'warning', 'none'].includes(failOn)) usage(`unknown --fail-on "${failOn}": use error, warning or none`);
  if (positionals.length > 1) usage(`scan takes one path, got ${positionals.length}`);
  const target = positionals[0] ?? '.';
  if (!fs.existsSync(target)) usage(`path not found: ${target}`);
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) usage(`--workers takes a whole number from 0 to 64, got "${values.workers}"`);
  }
  const root = fs.statSync(target).isDirectory() ? path.resolve(target) : path.dirname(path.resolve(target));
  // The default cache is outside the repository (a committed cache is never read), one file per scanned root.
  const cacheFile = values['cache-location'] ? path.resolve(values['cache-location']) : values.cache ? defaultCacheFile(root) : undefined;
  // Read before scanning: a bad baseline is a usage error, not a late surprise.
  let baseline: ReturnType<typeof readBaseline> | undefined;
  if (values.baseline !== undefined) {
    try {
      baseline = readBaseline(values.baseline);
    } catch (e) {
      usage((e as Error).message);
    }
  }
  const scanOpts = {
    cache: cacheFile,
    workers,
    ignore: values.ignore as string[],
    config: values.config,
    trusted: values.trust,
    onProblem: format === 'text' ? undefined : (p: { file: string; message: string }) => process.stderr.write(`microapp-guard: ${p.file}: ${p.message}\n`),
  };
  let result: ScanResult;
  try {
    if (values.staged) result = await scanStaged(target, scanOpts);
    else if (values.history) result = await scanHistory(target, { ...scanOpts, since: values.since, all: values.all });
    else if (values.since !== undefined) result = await scanSince(target, values.since, scanOpts);
    else result = await scan(target, scanOpts);
  } catch (e) {
    if (e instanceof GitError) usage(e.message);
    throw e;
  }
  if (baseline || format === 'codequality') {
    // Fingerprints from the text as scanned (the git modes set them; a folder scan reads its files again).
    if (result.findings.some((f) => f.fingerprint === undefined)) {
      const ws = new WorkspaceIndex(root, { ignore: values.ignore as string[] });
      fingerprintFindings(result.findings, (f) => ws.readForScan(path.join(root, f)).text);
    }
    if (baseline) {
      const b = applyBaseline(result.findings, baseline);
      result.findings = b.fresh;
      result.baseline = { file: values.baseline!, accepted: b.accepted, gone: b.gone };
      if (format !== 'markdown') process.stderr.write(`microapp-guard: ${b.accepted} finding(s) accepted by the baseline ${values.baseline}${b.gone ? `; ${b.gone} of its entries no longer match (fixed): make it again to drop them` : ''}\n`);
    }
  }
  const color = values['no-color'] ? false : values.color ?? (!values.output && process.stdout.isTTY && !process.env.NO_COLOR);
  // SARIF and Markdown carry the registration gate and score (folders; not for the history or the index alone).
  const wantsVerdict = (format === 'sarif' || format === 'markdown' || values.summary !== undefined) && fs.statSync(target).isDirectory() && !values.history && !values.staged;
  const verdict = wantsVerdict ? await computeManifest(root, { scan: { ...result, findings: result.whole ?? result.findings }, config: values.config, trusted: values.trust }).then((m) => m.manifest, () => undefined) : undefined;
  const failed = exceedsThreshold(result.findings, failOn as 'error' | 'warning' | 'none');
  const out =
    format === 'json'
      ? formatJson(result)
      : format === 'sarif'
        ? formatSarif(result, verdict ? runProperties(verdict) : undefined)
        : format === 'markdown'
          ? formatMarkdown(result, { manifest: verdict, failOn, failed })
          : format === 'codequality'
            ? formatCodeQuality(result)
            : formatText(result, !!color);
  if (values.output) {
    try {
      const dir = path.dirname(path.resolve(values.output));
      if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(values.output, out + '\n');
    } catch (e) {
      usage(`cannot write --output ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stderr.write(`microapp-guard: ${result.findings.length} finding(s) written to ${values.output}\n`);
  } else {
    await new Promise<void>((resolve) => process.stdout.write(out + '\n', () => resolve()));
  }
  // The Markdown report appended to a file as well (GitHub's $GITHUB_STEP_SUMMARY), whatever --format says.
  if (values.summary) {
    try {
      fs.appendFileSync(values.summary, (format === 'markdown' ? out : formatMarkdown(result, { manifest: verdict, failOn, failed })) + '\n');
    } catch (e) {
      usage(`cannot write --summary ${values.summary}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  // A blocked commit says how to go on (the hook's output is all the user sees).
  if (failed && values.staged && format === 'text') process.stderr.write(STAGED_HINT);
  return failed ? 1 : 0;
}

const STAGED_HINT = `
microapp-guard: commit blocked by the finding(s) above (staged content).
  Fix: take the value out of the file (an environment variable or a secret store; the editor's quick-fix does
       it), "git add" the file again and commit. A secret that was ever pushed must be rotated as well.
  A false positive: add "microapp-guard-disable-line" (or "secretlint-disable-line") in a comment on that line,
       or accept today's findings once: microapp-guard baseline --out .microapp-guard-baseline.json, then
       scan --staged --baseline .microapp-guard-baseline.json.
  Only this once, knowingly: git commit --no-verify.
`;

/** \`microapp-guard baseline [path] --out FILE\`: the current findings' fingerprints, as reviewable JSON. */
async function cmdBaseline(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        ignore: { type: 'string', multiple: true, default: [] },
        trust: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positionals.length > 1) usage(`baseline takes one path, got ${positionals.length}`);
  const target = positionals[0] ?? '.';
  if (!fs.existsSync(target)) usage(`path not found: ${target}`);
  const root = fs.statSync(target).isDirectory() ? path.resolve(target) : path.dirname(path.resolve(target));
  const result = await scan(target, { ignore: values.ignore as string[], config: values.config, trusted: values.trust, onProblem: (p) => process.stderr.write(`microapp-guard: ${p.file}: ${p.message}\n`) });
  const ws = new WorkspaceIndex(root, { ignore: values.ignore as string[] });
  fingerprintFindings(result.findings, (f) => ws.readForScan(path.join(root, f)).text);
  const text = formatBaseline(result.findings.map(entryOf));
  if (values.out) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(values.out, text);
    } catch (e) {
      usage(`cannot write --out ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stderr.write(`microapp-guard: ${result.findings.length} finding(s) recorded in ${values.out} (fingerprints only; review and commit it, then scan --baseline ${values.out})\n`);
  } else {
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  }
  return 0;
}

function cmdRules(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  } catch (e) {
    usage((e as Error).message);
  }
  const format = parsed.values.format!;
  if (format !== 'text' && format !== 'json') usage(`unknown --format "${format}": use text or json`);
  const json = format === 'json';
  if (json) {
    process.stdout.write(JSON.stringify(RULES, null, 2) + '\n');
  } else {
    for (const r of RULES) process.stdout.write(`${r.id.padEnd(40)} ${r.category.padEnd(8)} ${r.severity.padEnd(8)} ${r.title}\n`);
  }
  return 0;
}

function cmdLsp(): void {
  // createConnection reads --stdio / --node-ipc / --socket from process.argv.
  const hasTransport = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  if (!hasTransport) process.argv.push('--stdio');
  // Loaded here, not at start-up: `scan` and `manifest` do not pay for the LSP libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof LanguageServerNode;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('./lsp/server') as typeof LspServer;
  const connection = createConnection(ProposedFeatures.all);
  // Console output would corrupt the stdio channel: route it to the client's log.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  startServer(connection);
}

export async function main(argv: string[]): Promise<number | undefined> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'scan':
      return cmdScan(rest);
    case 'lsp':
      cmdLsp();
      return undefined; // keeps running
    case 'rules':
      return cmdRules(rest);
    case 'manifest':
      return cmdManifest(rest, usage);
    case 'baseline':
      return cmdBaseline(rest);
    case '--version':
    case '-v':
    case 'version':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP + '\n');
      return cmd === undefined ? 2 : 0;
    default:
      usage(`unknown command "${cmd}"`);
  }
}

export function run(argv: string[] = process.argv.slice(2)): void {
  // `microapp-guard rules | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(argv).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (e) => {
      if (e instanceof UsageError) {
        process.stderr.write(`microapp-guard: ${e.message}\nRun "microapp-guard --help" for usage.\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`microapp-guard: ${(e as Error).message}\n`);
        process.exitCode = 3;
      }
    },
  );
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === 'scan-worker') {
  void runScanWorker((workerData as { init: WorkerInit }).init);
} else {
  // Workers run this same bundle, whoever loaded it (bin/microapp-guard.js, the VS Code client, tests).
  setWorkerScript(__filename);
  if (require.main === module) run();
}
