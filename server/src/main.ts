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

const HELP = `microapp-guard ${VERSION}: security checks for micro-apps (offline; no telemetry)

Usage:
  microapp-guard scan [path] [-f|--format text|json|sarif] [--fail-on warning|error|none]
                      [-o|--output FILE] [--ignore GLOB]... [-c|--config FILE] [--trust] [--no-color]
                      [--cache] [--cache-location FILE] [--workers N]
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
  if (!['text', 'json', 'sarif'].includes(format)) usage(`unknown --format "${format}": use text, json or sarif`);
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
  const result = await scan(target, {
    cache: cacheFile,
    workers,
    ignore: values.ignore as string[],
    config: values.config,
    trusted: values.trust,
    onProblem: format === 'text' ? undefined : (p) => process.stderr.write(`microapp-guard: ${p.file}: ${p.message}\n`),
  });
  const color = values['no-color'] ? false : values.color ?? (!values.output && process.stdout.isTTY && !process.env.NO_COLOR);
  // SARIF carries the registration gate and score in its run properties (folders only).
  const gate = format === 'sarif' && fs.statSync(target).isDirectory() ? await computeManifest(root, { scan: result, config: values.config, trusted: values.trust }).then((m) => runProperties(m.manifest), () => undefined) : undefined;
  const out = format === 'json' ? formatJson(result) : format === 'sarif' ? formatSarif(result, gate) : formatText(result, !!color);
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
  return exceedsThreshold(result.findings, failOn as 'error' | 'warning' | 'none') ? 1 : 0;
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
