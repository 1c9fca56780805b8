/** `microapp-guard lsp`: the language server on stdio (or --node-ipc, --socket). */
import type * as LanguageServerNode from 'vscode-languageserver/node';
import type * as LspServer from '../lsp/server';
import type * as LspMemory from '../lsp/memory';

/** The heap policy is set a moment after the start, off the way to the first diagnostics (lsp/memory.ts). */
const HEAP_POLICY_DELAY_MS = 1500;

export function cmdLsp(): void {
  // createConnection reads --stdio / --node-ipc / --socket from process.argv.
  const hasTransport = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
  if (!hasTransport) process.argv.push('--stdio');
  // Loaded here, not at start-up: `scan` and `manifest` do not pay for the LSP libraries.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof LanguageServerNode;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require('../lsp/server') as typeof LspServer;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { tuneHeap } = require('../lsp/memory') as typeof LspMemory;
  setTimeout(tuneHeap, HEAP_POLICY_DELAY_MS).unref();
  const connection = createConnection(ProposedFeatures.all);
  // Console output would corrupt the stdio channel: route it to the client's log.
  console.log = (...a: unknown[]) => connection.console.log(a.map(String).join(' '));
  console.error = (...a: unknown[]) => connection.console.error(a.map(String).join(' '));
  startServer(connection);
}

