/**
 * The VS Code side: starts the language server (the same bundle the CLI
 * runs), shows a status bar item with the finding count, and keeps a log that
 * never holds a secret value. It never imports the engine.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const SOURCE = 'microapp-guard';
let client: LanguageClient | undefined;

/** What keeps the registration manifest incomplete, and what would complete it (the manifest's status.missing). */
export interface MissingItem {
  field: string;
  reason: string;
  howToComplete: string;
}

/** What the extension exposes to other extensions (and to its end-to-end tests). */
export interface MicroAppGuardApi {
  /**
   * The registration gate the status bar shows, as the server last reported it.
   * `incomplete`: the manifest is incomplete (the score counts the known factors
   * only; the status bar says "incomplete" beside the gate); `missing` says what
   * would complete it.
   */
  registrationGate():
    | { score: number; gate: string; afterFixes?: { score: number; gate: string }; status: string; incomplete: boolean; missing: MissingItem[]; text: string }
    | undefined;
}

let lastGate: ReturnType<MicroAppGuardApi['registrationGate']>;

/** The environment the server starts with: glibc's malloc settings (above), unless the user's environment has its own. */
function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2', MALLOC_TRIM_THRESHOLD_: env.MALLOC_TRIM_THRESHOLD_ ?? '131072' };
}

export async function activate(context: vscode.ExtensionContext): Promise<MicroAppGuardApi> {
  const output = vscode.window.createOutputChannel('Micro-App Guard', { log: true });
  context.subscriptions.push(output);
  // dist/boot.js loads dist/server.js with a V8 code cache (a start without compiling the bundle again).
  const serverModule = context.asAbsolutePath(path.join('dist', 'boot.js'));
  const serverOptions: ServerOptions = {
    // A smaller young generation than V8's default (3 x 16 MB): on a 20,000-file workspace report the server's RSS
    // after it 198 -> ~150 MiB, its peak 212 -> ~180 MiB, in the same time (measured; V8 reads it only at start).
    // glibc's malloc keeps up to 8 arenas per core for V8's helper threads; two are enough for the server: RSS after
    // that report 177-184 -> 164-166 MiB, same time (measured side by side; other platforms ignore the variable).
    // And it returns freed memory at the top of its heap past a fixed 128 KiB, not past a threshold that grows to
    // 64 MiB after large blocks were freed (the reads of 20,000 files): RSS once the server is idle after that report
    // 145-150 -> 127-131 MiB (measured side by side).
    run: {
      module: serverModule,
      transport: TransportKind.ipc,
      args: ['lsp'],
      options: { execArgv: ['--max-semi-space-size=4'], env: serverEnvironment(process.env) },
    },
    debug: { module: serverModule, transport: TransportKind.ipc, args: ['lsp'], options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every file of the workspace (and unsaved buffers): secrets hide anywhere.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }],
    synchronize: {
      configurationSection: 'microappGuard',
      // Every file: the server keeps whole-workspace findings fresh (VS Code's own watcher, files.watcherExclude honoured).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*'),
    },
    initializationOptions: {
      trusted: vscode.workspace.isTrusted,
      workspaceDiagnostics: vscode.workspace.getConfiguration('microappGuard').get<boolean>('workspaceScan', true),
      keepIndex: vscode.workspace.getConfiguration('microappGuard').get<boolean>('keepIndex', true),
    },
    outputChannel: output,
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
  };
  client = new LanguageClient('microappGuard', 'Micro-App Guard', serverOptions, clientOptions);

  // Status bar: the number of findings in the workspace; click opens the Problems view.
  const status = vscode.window.createStatusBarItem('microappGuard.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Micro-App Guard';
  status.command = 'microappGuard.showProblems';
  context.subscriptions.push(status);
  const updateStatus = () => {
    let errors = 0;
    let others = 0;
    for (const [, diags] of vscode.languages.getDiagnostics()) {
      for (const d of diags) {
        if (d.source !== SOURCE) continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else others++;
      }
    }
    const total = errors + others;
    status.text = total === 0 ? '$(shield) Guard: clean' : `$(shield) Guard: ${total}`;
    status.tooltip = `Micro-App Guard: ${errors} error(s), ${others} warning(s) in the workspace. Runs offline; no code leaves this machine.${vscode.workspace.isTrusted ? '' : '\nRestricted mode: workspace secretlint rule packages are not loaded.'}`;
    status.backgroundColor = errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    status.show();
  };
  context.subscriptions.push(vscode.languages.onDidChangeDiagnostics(updateStatus));
  updateStatus();

  context.subscriptions.push(
    vscode.commands.registerCommand('microappGuard.showProblems', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
    vscode.commands.registerCommand('microappGuard.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('microappGuard.restartServer', async () => {
      output.info('restarting the language server');
      await client?.restart();
    }),
  );

  // Registration manifest: the server does the work (workspace/executeCommand); the client opens the file.
  const exportVia = (serverCommand: string, what: string) => async () => {
    if (!client) return;
    const folder = vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri) : vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage(`Micro-App Guard: open a folder to export its ${what}.`);
      return;
    }
    try {
      const r = await client.sendRequest(ExecuteCommandRequest.type, { command: serverCommand, arguments: [{ folder: folder.uri.toString() }] });
      if (!r) return;
      const answer = r as { uri: string; summary: string; status: string; todo: string[]; missing?: MissingItem[] };
      await vscode.window.showTextDocument(vscode.Uri.parse(answer.uri));
      output.info(`${what} written: ${answer.summary}; manifest ${answer.status}`);
      // Unknown factors (no vulnerability report) say what completes them; TODO fields are counted.
      const factors = (answer.missing ?? []).filter((x) => x.field.startsWith('risk.'));
      for (const x of factors) output.info(`incomplete: ${x.field}: ${x.reason}; to complete it, ${x.howToComplete}`);
      const complete = factors.map((x) => ` ${x.reason[0].toUpperCase()}${x.reason.slice(1)}: ${x.howToComplete}.`).join('');
      void vscode.window.showInformationMessage(`Micro-App Guard: ${answer.summary}.${complete}${answer.todo.length ? ` Fill ${answer.todo.length} TODO field(s).` : ''}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Micro-App Guard: ${(e as Error).message}`);
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('microappGuard.exportManifest', exportVia('microappGuard.server.exportManifest', 'registration manifest')),
    vscode.commands.registerCommand('microappGuard.exportBackstage', exportVia('microappGuard.server.exportBackstage', 'Backstage catalog-info.yaml')),
  );

  // Status bar: the registration gate, from the server's microappGuard/gate notification.
  const gate = vscode.window.createStatusBarItem('microappGuard.gate', vscode.StatusBarAlignment.Left, 9);
  gate.name = 'Micro-App Guard: registration gate';
  gate.command = 'microappGuard.exportManifest';
  context.subscriptions.push(gate);

  if (!vscode.workspace.isTrusted) {
    output.warn('Restricted mode: only the bundled rules run; rule packages named by a workspace .secretlintrc are not loaded until you trust the workspace.');
  }
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.info('workspace trusted: restarting the server so workspace rule packages can load');
      if (client) {
        clientOptions.initializationOptions = { ...clientOptions.initializationOptions, trusted: true };
        await client.restart();
      }
    }),
  );

  output.info('Micro-App Guard starts: analysis runs locally, offline, with no telemetry.');
  await client.start();
  client.onNotification(
    'microappGuard/gate',
    (p: { score: number; gate: string; afterFixes?: { score: number; gate: string }; status: string; incomplete?: boolean; missing?: MissingItem[]; summary: string }) => {
      const icon = p.gate === 'blocked' ? '$(error)' : p.gate === 'manual-review' ? '$(warning)' : '$(pass)';
      const incomplete = p.incomplete ?? p.status === 'incomplete';
      const missing = p.missing ?? [];
      // "incomplete" beside the gate: the score counts the known factors only until the manifest is complete.
      gate.text = `${icon} Gate: ${p.gate} (${p.score})${incomplete ? ' · incomplete' : ''}`;
      const todo = missing.filter((x) => !x.field.startsWith('risk.')).map((x) => x.field);
      const toComplete = [
        ...missing.filter((x) => x.field.startsWith('risk.')).map((x) => `- ${x.field}: ${x.reason}; ${x.howToComplete}`),
        ...(todo.length ? [`- fill in ${todo.join(', ')}`] : []),
      ];
      gate.tooltip = `Micro-App Guard registration: ${p.summary}. Manifest ${p.status}.${toComplete.length ? `\nTo complete it:\n${toComplete.join('\n')}` : ''}\nClick to export the manifest again.`;
      gate.backgroundColor = p.gate === 'blocked' ? new vscode.ThemeColor('statusBarItem.errorBackground') : p.gate === 'manual-review' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      gate.show();
      lastGate = { score: p.score, gate: p.gate, afterFixes: p.afterFixes, status: p.status, incomplete, missing, text: gate.text };
    },
  );
  client.onNotification('microappGuard/restricted', (p: { packages: string[] }) => {
    output.warn(`Restricted mode: not loading ${p.packages.join(', ')} from .secretlintrc (untrusted workspace).`);
  });
  return { registrationGate: () => lastGate };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
