/** `microapp-guard lsp`: the language server on stdio (or --node-ipc, --socket). */
import type * as LanguageServerNode from 'vscode-languageserver/node';
import type * as LspServer from '../lsp/server';

/**
 * The heap grows by a fixed 70% over what a full collection kept, instead of V8's default factor (up to 4x, chosen by
 * how fast it collects): after the 20,000-file workspace report the server holds 53 MiB and kept 104 MiB of heap, now
 * 81 (RSS 207 -> 176 MiB, same report time). 20% kept less (RSS 171) but made each edit of a 20,000-line file 9 ms
 * slower (more full collections); 70% and 100% left edits as they were (side by side, docs/architecture.md).
 * A `--heap-growing-percent` given to node on its command line wins (node refuses it in NODE_OPTIONS).
 *
 * Set a moment after the start, off the way to the first diagnostics (loading node:v8 costs ~1.5 ms), and after
 * dist/boot.js has written its code cache: V8 rejects a cache made under other flags than the next start's
 * (test/unit/boot.test.js).
 */
const HEAP_GROWING_PERCENT = 70;
const HEAP_FLAG_DELAY_MS = 1500;
function boundHeapGrowth(): void {
  const given = process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a));
  if (given) return;
  (process.emit as (event: string) => boolean)('microapp-guard:write-code-cache');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('v8') as typeof import('v8')).setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export function cmdLsp(): void {
  // createConnection reads --stdio / --node-ipc / --socket from process.argv.
  const hasTransport = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  if (!hasTransport) process.argv.push('--stdio');
  setTimeout(boundHeapGrowth, HEAP_FLAG_DELAY_MS).unref();
  // Loaded here, not at start-up: `scan` and `manifest` do not pay for the LSP libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof LanguageServerNode;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('../lsp/server') as typeof LspServer;
  const connection = createConnection(ProposedFeatures.all);
  // Console output would corrupt the stdio channel: route it to the client's log.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  startServer(connection);
}

