/** `microapp-guard lsp`: the language server on stdio (or --node-ipc, --socket). */
import type * as LanguageServerNode from 'vscode-languageserver/node';
import type * as LspServer from '../lsp/server';
import { setFlagsFromString } from 'v8';

/**
 * The heap grows by a fixed 70% over what a full collection kept, instead of V8's default factor (up to 4x, chosen by
 * how fast it collects): after the 20,000-file workspace report the server holds 53 MiB and kept 104 MiB of heap, now
 * 81 (RSS 207 -> 176 MiB, same report time). 20% kept less (RSS 171) but made each edit of a 20,000-line file 9 ms
 * slower (more full collections); 70% and 100% left edits as they were (side by side, docs/architecture.md).
 * A `--heap-growing-percent` given to node (execArgv or NODE_OPTIONS) wins. dist/boot.js sets the same value before it
 * compiles the bundle (a code cache is rejected under other flags; test/unit/boot.test.js); setting it again here, for
 * a server loaded without boot.js, leaves the flags as they were.
 */
export const HEAP_GROWING_PERCENT = 70;
function boundHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent/.test(a));
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export function cmdLsp(): void {
  // createConnection reads --stdio / --node-ipc / --socket from process.argv.
  const hasTransport = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  if (!hasTransport) process.argv.push('--stdio');
  boundHeapGrowth();
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

