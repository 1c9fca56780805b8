/**
 * The language server: a thin adapter from LSP to the engine. Exported as
 * startServer(connection) so it runs over stdio, node-ipc or in-memory
 * streams alike (tests use the built bundle over stdio). The parts:
 * client.ts (what the client can do, read once at initialize), session.ts
 * (folders, settings per resource, scheduling), diagnostics.ts (open
 * documents), model.ts (the workspace model's upkeep: background index,
 * files changed on disk, dependents of changed facts),
 * workspaceDiagnostics.ts (files not open, through the shared scanner),
 * features.ts, manifest.ts, codeActions.ts, convert.ts.
 */
import path = require('path');
import { URI } from 'vscode-uri';
import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import { CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, TextDocumentSyncKind, TextDocuments } from './protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceIndex } from '../engine';
import { VERSION } from '../version';
import { CodeActions, FIX_ALL_KIND } from './codeActions';
import { SOURCE, toDiagnostic } from './convert';
import { clientFeatures } from './client';
import { DocumentDiagnostics } from './diagnostics';
import { ModelUpkeep, openPathKey } from './model';
import { EditorFeatureServer } from './features';
import { ManifestFeature } from './manifest';
import { Session } from './session';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

export { FIX_ALL_KIND };

export interface StartServerOptions {
  /** Root of the installed package, for links to docs/rules.md. */
  packageRoot?: string;
}

function configFileRe(): RegExp {
  const names = WorkspaceIndex.configFileNames().map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(^|[\\\\/])(${names.join('|')})$`);
}

export function startServer(connection: Connection, options: StartServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const s = new Session(connection, documents, options.packageRoot ?? path.resolve(__dirname, '..'));
  const diagnostics: DocumentDiagnostics = new DocumentDiagnostics({
    get client() {
      return s.client;
    },
    packageRoot: s.packageRoot,
    document: (uri) => documents.get(uri),
    allDocuments: () => documents.all(),
    locate: (d) => s.locate(d),
    settingsFor: (uri) => s.settingsFor(uri),
    prepared: (f) => s.prepared(f),
    generation: () => s.generation,
    inForeground: (fn) => s.inForeground(fn),
    log: (m) => s.log(m),
    sendDiagnostics: (p) => connection.sendDiagnostics(p),
    refreshDiagnostics: () => void connection.languages.diagnostics.refresh(),
    publishFacts: (f, p, facts) => model.publishFacts(f, p, facts),
    fileChanged: (p) => model.fileChanged(p),
  });
  // The open documents' paths (keys of openPathKey), made again after a document opens or closes.
  let openPathKeys: Set<string> | undefined;
  const model: ModelUpkeep = new ModelUpkeep({
    get client() {
      return s.client;
    },
    folderFor: (p) => s.folderFor(p),
    folders: () => s.folders,
    settingsFor: (uri) => s.settingsFor(uri),
    prepared: (f) => s.prepared(f),
    document: (uri) => documents.get(uri),
    openPathKeys: () => (openPathKeys ??= new Set(documents.all().map((d) => openPathKey(s.locate(d).input.path)))),
    openDocuments: () =>
      documents.all().map((doc) => {
        const { input, folder } = s.locate(doc);
        return { doc, path: input.path, folder };
      }),
    progress: () => (s.client.workDoneProgress ? connection.window.createWorkDoneProgress().catch(() => undefined) : undefined),
    backgroundYield: () => s.backgroundYield(),
    startQuiet: () => s.startQuiet(),
    log: (m) => s.log(m),
    rediagnose: (docs) => diagnostics.rediagnose(docs),
    closedDependents: (uris) => workspaceDiagnostics.dependentsChanged(uris),
  });
  const codeActions = new CodeActions(s, diagnostics);
  const manifest = new ManifestFeature(s, connection, documents);
  const features = new EditorFeatureServer(s, connection, documents, manifest.extras());
  const configRe = configFileRe();
  const configGlob = `**/{${[...WorkspaceIndex.configFileNames(), '.env.example'].join(',')}}`;

  const workspaceDiagnostics = new WorkspaceDiagnostics({
    folders: () => s.folders,
    isOpen: (uri) => documents.get(uri) !== undefined,
    settingsFor: (uri) => s.settingsFor(uri),
    prepared: (f) => s.prepared(f),
    indexed: (f) => model.indexFolder(f),
    generation: () => s.generation,
    // Workspace reports carry no copy of the finding: a closed file's quick-fixes are computed when it is opened
    // (its diagnostics then belong to version 0, which code actions always re-analyse).
    toDiagnostic: (f, v) => toDiagnostic(f, v, s.packageRoot, s.client.relatedInformation, false),
    log: (m) => s.log(m),
    backgroundYield: () => s.backgroundYield(),
    covered: (f) => model.persistLater(f),
    analysed: (f) => {
      if (f.persist) f.persist.dirty = true;
    },
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    s.initialize(clientFeatures(params));
    const roots = params.workspaceFolders?.map((f) => URI.parse(f.uri).fsPath) ??
      (params.rootUri ? [URI.parse(params.rootUri).fsPath] : params.rootPath ? [params.rootPath] : []);
    for (const r of roots) s.addFolder(r);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: { identifier: SOURCE, interFileDependencies: true, workspaceDiagnostics: s.client.workspaceDiagnostics },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...features.capabilities(),
      },
      serverInfo: { name: 'microapp-guard', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    const client = s.client;
    s.log(`ready: ${client.pullDiagnostics ? 'pull' : 'push'} diagnostics, ${s.folders.length} workspace folder(s), ${client.trusted ? 'trusted' : 'untrusted (bundled rules only)'}; offline, no telemetry`);
    if (client.configurationRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'microappGuard' });
    }
    if (client.watchedFilesRegistration) {
      // Every file: cross-file rules (a NetworkPolicy, a Role) depend on files that are not open.
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }, { globPattern: configGlob }] });
    }
    for (const f of s.folders) void s.prepared(f);
    for (const f of s.folders) void model.indexFolder(f);
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => path.resolve(URI.parse(f.uri).fsPath)));
        s.removeFolders(removed);
        // The folders already there are checked again (settings are per folder); a new one is indexed once, after
        // that (a rebuild of it would walk and read it twice), and a folder named twice or already open is one folder.
        invalidateAll();
        const roots = new Set(s.folders.map((f) => f.index.root));
        for (const a of e.added) {
          const root = path.resolve(URI.parse(a.uri).fsPath);
          if (roots.has(root)) continue;
          roots.add(root);
          void model.indexFolder(s.addFolder(root));
        }
      });
    }
  });

  function invalidateAll() {
    s.resetSettings();
    workspaceDiagnostics.invalidateAll();
    diagnostics.invalidateAllOpen();
    // Ignore rules may have changed: the model follows (files newly ignored lose their facts, and back).
    for (const f of s.folders) if (f.indexed) void model.indexFolder(f, true);
  }

  let lastConfigJson: string | undefined;
  connection.onDidChangeConfiguration((change) => {
    // VS Code sends the section's values on start and on every change: skip repeats.
    // Clients that pull settings per resource may send the same payload after a folder-level change:
    // only clients without workspace/configuration are de-duplicated.
    const json = JSON.stringify(change.settings ?? null);
    if (!s.client.configuration && change.settings && json === lastConfigJson) return;
    lastConfigJson = json;
    if (!s.client.configuration) s.setPushedSettings((change.settings as { microappGuard?: unknown })?.microappGuard ?? change.settings);
    s.log('settings changed: re-checking open documents');
    invalidateAll();
  });

  connection.onDidChangeWatchedFiles((e) => {
    manifest.filesChanged(e.changes);
    let config = false;
    const files: string[] = [];
    for (const c of e.changes) {
      const fsPath = URI.parse(c.uri).fsPath;
      if (configRe.test(fsPath)) config = true;
      else {
        files.push(c.uri);
        model.fileChanged(fsPath, c.type === FileChangeType.Deleted);
        if (c.type === FileChangeType.Deleted) workspaceDiagnostics.invalidateUnder(c.uri);
      }
    }
    if (config) invalidateAll();
    else if (files.length) workspaceDiagnostics.invalidate(files);
  });

  connection.languages.diagnostics.on((params, token) => diagnostics.pull(params.textDocument.uri, params.previousResultId, token));

  connection.languages.diagnostics.onWorkspace(async (_params, token, _workDone, resultProgress) => {
    if (!s.client.workspaceDiagnostics) return { items: [] };
    try {
      const items = await workspaceDiagnostics.report(token, resultProgress ? (batch) => resultProgress.report({ items: batch }) : undefined);
      return { items };
    } catch (e) {
      s.log(`workspace scan failed: ${(e as Error).message}`);
      return { items: [] };
    }
  });

  documents.onDidOpen((e) => {
    openPathKeys = undefined;
    diagnostics.opened(e.document);
  });
  documents.onDidChangeContent((e) => diagnostics.changed(e.document));
  documents.onDidClose((e) => {
    openPathKeys = undefined;
    diagnostics.closed(e.document);
    workspaceDiagnostics.forget(e.document.uri);
  });

  connection.onCodeAction((params, token) => codeActions.provide(params, token));
  manifest.register();
  features.register();

  connection.onShutdown(() => {
    diagnostics.dispose();
    // A report that covered the workspace just before the editor closed is still kept for the next start.
    model.persistPending(s.folders);
  });

  documents.listen(connection);
  connection.listen();
}
