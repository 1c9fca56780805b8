/**
 * The `microapp-guard` command: dispatches to the commands of cli/ (`scan` for CI, `baseline`, `manifest`, `lsp`
 * for any editor, `rules`). Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error, 3 internal.
 */
import type * as WorkerThreads from 'worker_threads';
import { cmdBaseline } from './cli/baselineCommand';
import { HELP } from './cli/help';
import { cmdLsp } from './cli/lsp';
import { cmdManifest } from './cli/manifest';
import { cmdRules } from './cli/rules';
import { cmdScan } from './cli/scan';
import { usage, UsageError } from './cli/usage';
import { setWorkerScript, type WorkerInit } from './scanner/pool';
import { runScanWorker } from './scanner/worker';
import { VERSION } from './version';

/** A family registered before `run` joins every command and the language server (test/unit/example-family.test.js). */
export { registerFamily } from './engine/registry';
/** The server's index kept across starts (test/unit/index-cache.test.js). */
export { IndexCache } from './scanner/indexCache';

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
      return cmdManifest(rest);
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

// A scan worker is started with the argument `scan-worker` (pool.ts); node:worker_threads is loaded only then (it
// cost ~1.3 ms of every start on the way to the first diagnostics).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const worker = process.argv.includes('scan-worker') ? (require('worker_threads') as typeof WorkerThreads) : undefined;
if (worker && !worker.isMainThread && (worker.workerData as { role?: string } | undefined)?.role === 'scan-worker') {
  void runScanWorker((worker.workerData as { init: WorkerInit }).init);
} else {
  // Workers run this same bundle, whoever loaded it (bin/microapp-guard.js, the VS Code client, tests).
  setWorkerScript(__filename);
  if (require.main === module) run();
}
