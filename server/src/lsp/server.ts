/**
 * The language server: a thin adapter from LSP to the engine. Exported as
 * startServer(connection) so it runs over stdio, node-ipc or in-memory
 * streams alike (tests use the built bundle over stdio).
 */
import * as path from 'path';
import { URI } from 'vscode-uri';
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
  type TextDocumentEdit,
  type CreateFile,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzeDocument,
  CancelledError,
  docsAnchor,
  fixAll,
  fixesForFinding,
  getRule,
  WorkspaceIndex,
  type Finding,
  type Fix,
  type FileEdit,
  type Severity,
} from '../engine';
import { DEFAULT_SETTINGS, engineSettings, normalizeSettings, type ServerSettings } from './settings';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

export const FIX_ALL_KIND = 'source.fixAll.microapp-guard';
const CONFIG_FILES_GLOB = '**/{.gitignore,.secretlintignore,.secretlintrc,.secretlintrc.json,.secretlintrc.yml,.secretlintrc.yaml,.env.example}';
const CONFIG_FILE_RE = /(^|[\\/])(\.gitignore|\.secretlintignore|\.secretlintrc(\.json|\.ya?ml)?)$/;
const SOURCE = 'microapp-guard';

export interface StartServerOptions {
  /** Root of the installed package, for links to docs/rules.md. */
  packageRoot?: string;
}

interface DiagnosticData {
  category: Finding['category'];
  ruleId: string;
  finding: Finding;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function startServer(connection: Connection, options: StartServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const packageRoot = options.packageRoot ?? path.resolve(__dirname, '..');
  let capabilities: ClientCapabilities = {};
  let pullMode = false;
  let configurationSupport = false;
  let documentChangesSupport = false;
  let createFileSupport = false;
  let refreshSupport = false;
  let trusted = false;
  let workspaceDiagnosticsEnabled = false;
  let folders: WorkspaceIndex[] = [];
  let settingsGeneration = 0;
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const pushTimers = new Map<string, NodeJS.Timeout>();
  const pushVersions = new Map<string, number>();
  /** uri -> last findings and the text version they belong to. */
  const lastResults = new Map<string, { version: number; generation: number; findings: Finding[]; resultId: string }>();
  let globalSettings: unknown = undefined;
  const log = (msg: string) => connection.console.log(`[microapp-guard] ${msg}`);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    pullMode = !!capabilities.textDocument?.diagnostic;
    configurationSupport = !!capabilities.workspace?.configuration;
    documentChangesSupport = !!capabilities.workspace?.workspaceEdit?.documentChanges;
    createFileSupport = !!capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create');
    refreshSupport = !!capabilities.workspace?.diagnostics?.refreshSupport;
    const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: unknown; workspaceDiagnostics?: boolean };
    trusted = init.trusted === true;
    // Whole-workspace findings for clients that pull (VS Code); off with initializationOptions.workspaceDiagnostics = false.
    workspaceDiagnosticsEnabled = pullMode && init.workspaceDiagnostics !== false;
    globalSettings = init.settings;
    const roots = params.workspaceFolders?.map((f) => URI.parse(f.uri).fsPath) ??
      (params.rootUri ? [URI.parse(params.rootUri).fsPath] : params.rootPath ? [params.rootPath] : []);
    folders = roots.map((r) => new WorkspaceIndex(r, { trusted }));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: { identifier: SOURCE, interFileDependencies: false, workspaceDiagnostics: workspaceDiagnosticsEnabled },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
          resolveProvider: false,
        },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'microapp-guard', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    log(`ready: ${pullMode ? 'pull' : 'push'} diagnostics, ${folders.length} workspace folder(s), ${trusted ? 'trusted' : 'untrusted (bundled rules only)'}; offline, no telemetry`);
    if (configurationSupport && capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'microappGuard' });
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: workspaceDiagnosticsEnabled ? '**/*' : CONFIG_FILES_GLOB }],
      });
    }
    for (const f of folders) {
      const cfg = f.secretlint;
      if (cfg?.error) log(cfg.error);
      if (cfg?.packages.length && !trusted) {
        log(`untrusted workspace: rule packages named by ${path.basename(cfg.file!)} are not loaded (${cfg.packages.map((p) => p.id).join(', ')}); only the bundled rules run`);
        void connection.sendNotification('microappGuard/restricted', { packages: cfg.packages.map((p) => p.id) });
      }
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => URI.parse(f.uri).fsPath));
        folders = folders.filter((f) => !removed.has(f.root));
        for (const a of e.added) folders.push(new WorkspaceIndex(URI.parse(a.uri).fsPath, { trusted }));
        invalidateAll();
      });
    }
  });

  function folderFor(fsPath: string): WorkspaceIndex | undefined {
    let best: WorkspaceIndex | undefined;
    for (const f of folders) if (f.contains(fsPath) && (!best || f.root.length > best.root.length)) best = f;
    return best;
  }

  const extraRulesCache = new Map<string, Promise<Awaited<ReturnType<WorkspaceIndex['loadExtraSecretlintRules']>>>>();
  function extraRules(folder: WorkspaceIndex | undefined) {
    if (!folder || !trusted || !folder.secretlint?.packages.length) return Promise.resolve(undefined);
    let p = extraRulesCache.get(folder.root);
    if (!p) {
      p = folder.loadExtraSecretlintRules();
      p.then((r) => r.errors.forEach((e) => log(`secretlint rule package not loaded: ${e}`)));
      extraRulesCache.set(folder.root, p);
    }
    return p;
  }

  function getSettings(uri: string): Promise<ServerSettings> {
    if (!configurationSupport) return Promise.resolve(normalizeSettings(globalSettings ?? DEFAULT_SETTINGS));
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'microappGuard' })
        .then(normalizeSettings, () => ({ ...DEFAULT_SETTINGS }));
      settingsCache.set(uri, p);
    }
    return p;
  }

  function invalidateAll() {
    settingsGeneration++;
    workspaceDiagnostics.invalidateAll();
    settingsCache.clear();
    lastResults.clear();
    extraRulesCache.clear();
    if (pullMode) {
      if (refreshSupport) void connection.languages.diagnostics.refresh();
    } else {
      for (const d of documents.all()) schedulePush(d, 0);
    }
  }

  let lastConfigJson: string | undefined;
  connection.onDidChangeConfiguration((change) => {
    // VS Code sends the section's values on start and on every change: skip repeats.
    // Clients that pull settings per resource may send the same payload after a folder-level change:
    // only clients without workspace/configuration are de-duplicated.
    const json = JSON.stringify(change.settings ?? null);
    if (!configurationSupport && change.settings && json === lastConfigJson) return;
    lastConfigJson = json;
    if (!configurationSupport) globalSettings = (change.settings as { microappGuard?: unknown })?.microappGuard ?? change.settings;
    log('settings changed: re-checking open documents');
    for (const f of folders) f.reload();
    invalidateAll();
  });

  connection.onDidChangeWatchedFiles((e) => {
    const touched = new Set<WorkspaceIndex>();
    const files: string[] = [];
    for (const c of e.changes) {
      const fsPath = URI.parse(c.uri).fsPath;
      if (CONFIG_FILE_RE.test(fsPath)) {
        const f = folderFor(fsPath);
        if (f) touched.add(f);
      } else {
        files.push(c.uri);
      }
    }
    for (const f of touched) f.reload();
    if (touched.size) invalidateAll();
    else if (files.length) workspaceDiagnostics.invalidate(files);
  });

  /** The engine's view of a document: a file path (a pseudo path for untitled buffers) and its workspace folder. */
  function locate(doc: TextDocument) {
    const uri = URI.parse(doc.uri);
    const fsPath = uri.scheme === 'file' ? uri.fsPath : `/${uri.scheme}${uri.path}`;
    return { input: { path: fsPath, text: doc.getText(), languageId: doc.languageId }, folder: uri.scheme === 'file' ? folderFor(fsPath) : undefined };
  }

  async function analyze(doc: TextDocument, token?: CancellationToken): Promise<Finding[]> {
    const settings = await getSettings(doc.uri);
    if (!settings.enable) return [];
    const cached = lastResults.get(doc.uri);
    if (cached && cached.version === doc.version && cached.generation === settingsGeneration) return cached.findings;
    // The text and its version are taken together: an edit during the awaits below cancels this run.
    const { input, folder } = locate(doc);
    const version = doc.version;
    folder?.setIgnore(settings.ignore);
    const extra = await extraRules(folder);
    const generation = settingsGeneration;
    const started = Date.now();
    const findings = await analyzeDocument(input, {
      settings: engineSettings(settings),
      workspace: folder,
      extraSecretlintRules: extra?.rules,
      isCancelled: () => !!token?.isCancellationRequested || documents.get(doc.uri)?.version !== version,
    });
    if (settings.logTimings) log(`${path.basename(input.path)} v${version}: ${findings.length} finding(s) in ${Date.now() - started} ms`);
    lastResults.set(doc.uri, { version, generation, findings, resultId: `${generation}:${version}` });
    return findings;
  }

  function toDiagnostic(f: Finding, version: number): Diagnostic {
    const meta = getRule(f.ruleId);
    const href = meta?.docsUrl ?? URI.file(path.join(packageRoot, 'docs', 'rules.md')).toString() + `#${docsAnchor(f.ruleId)}`;
    const data: DiagnosticData = { category: f.category, ruleId: f.ruleId, finding: f, version };
    return {
      range: f.range,
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.ruleId,
      codeDescription: { href },
      message: f.message,
      data,
    };
  }

  async function diagnose(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[]> {
    const findings = await analyze(doc, token);
    return findings.map((f) => toDiagnostic(f, doc.version));
  }

  // Pull diagnostics (LSP 3.17).
  connection.languages.diagnostics.on(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    try {
      const prev = lastResults.get(doc.uri);
      if (params.previousResultId && prev && prev.resultId === params.previousResultId && prev.version === doc.version && prev.generation === settingsGeneration) {
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: prev.resultId };
      }
      const items = await diagnose(doc, token);
      return { kind: DocumentDiagnosticReportKind.Full, resultId: lastResults.get(doc.uri)?.resultId, items };
    } catch (e) {
      if (e instanceof CancelledError || token.isCancellationRequested) {
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed or request cancelled', { retriggerRequest: true });
      }
      log(`analysis failed for ${path.basename(URI.parse(doc.uri).path)}: ${(e as Error).message}`);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  });

  const workspaceDiagnostics = new WorkspaceDiagnostics({
    folders: () => folders,
    isOpen: (uri) => documents.get(uri) !== undefined,
    settingsFor: getSettings,
    generation: () => settingsGeneration,
    toDiagnostic,
    log,
  });

  connection.languages.diagnostics.onWorkspace(async (_params, token, _workDone, resultProgress) => {
    if (!workspaceDiagnosticsEnabled) return { items: [] };
    try {
      const items = await workspaceDiagnostics.report(token, resultProgress ? (batch) => resultProgress.report({ items: batch }) : undefined);
      return { items };
    } catch (e) {
      log(`workspace scan failed: ${(e as Error).message}`);
      return { items: [] };
    }
  });

  // Push diagnostics for clients that do not pull (Neovim 0.7, older clients).
  function schedulePush(doc: TextDocument, delay?: number) {
    if (pullMode) return;
    const uri = doc.uri;
    void getSettings(uri).then((s) => {
      // Clear inside the .then: an earlier call may have set its timer meanwhile.
      const prev = pushTimers.get(uri);
      if (prev) clearTimeout(prev);
      const t = setTimeout(() => {
        if (pushTimers.get(uri) === t) pushTimers.delete(uri);
        void push(uri);
      }, delay ?? s.debounceMs);
      pushTimers.set(uri, t);
    });
  }

  async function push(uri: string) {
    const doc = documents.get(uri);
    if (!doc) return;
    try {
      const diagnostics = await diagnose(doc);
      const current = documents.get(uri);
      if (!current || current.version !== doc.version) return; // a newer push is on its way
      pushVersions.set(uri, doc.version);
      await connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    } catch (e) {
      if (!(e instanceof CancelledError)) log(`analysis failed for ${path.basename(URI.parse(uri).path)}: ${(e as Error).message}`);
    }
  }

  // TextDocuments fires onDidChangeContent on open too: one schedule per event, immediate for version 1.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => schedulePush(e.document, justOpened.delete(e.document.uri) ? 0 : undefined));
  documents.onDidClose((e) => {
    lastResults.delete(e.document.uri);
    pushVersions.delete(e.document.uri);
    workspaceDiagnostics.forget(e.document.uri);
    const t = pushTimers.get(e.document.uri);
    if (t) clearTimeout(t);
    if (!pullMode) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  function toWorkspaceEdit(changes: FileEdit[], openVersion: (uri: string) => number | null, doc?: { path: string; uri: string }): WorkspaceEdit {
    // The document's own edits go to its own URI (untitled:, vscode-notebook-cell:, ...).
    const uriOf = (p: string) => (doc && p === doc.path ? doc.uri : URI.file(p).toString());
    if (documentChangesSupport) {
      const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
      for (const c of changes) {
        const uri = uriOf(c.path);
        if (c.create && createFileSupport) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
        documentChanges.push({ textDocument: { uri, version: openVersion(uri) }, edits: c.edits });
      }
      return { documentChanges };
    }
    const out: Record<string, typeof changes[number]['edits']> = {};
    for (const c of changes) out[uriOf(c.path)] = c.edits;
    return { changes: out };
  }

  /** The folder as fixes see it: files open in the editor are read from their (maybe unsaved) buffers. */
  function withOpenBuffers(folder: WorkspaceIndex | undefined): WorkspaceIndex | undefined {
    if (!folder) return undefined;
    const view = Object.create(folder) as WorkspaceIndex;
    view.readFile = (p: string) => documents.get(URI.file(p).toString())?.getText() ?? folder.readFile(p);
    return view;
  }

  function docInput(doc: TextDocument) {
    const { input, folder } = locate(doc);
    return { input, folder: withOpenBuffers(folder) };
  }

  function fixToAction(fix: Fix, diagnostic: Diagnostic | undefined, doc: TextDocument, docPath: string): CodeAction {
    const action = CodeAction.create(fix.title, CodeActionKind.QuickFix);
    action.isPreferred = fix.isPreferred;
    if (diagnostic) action.diagnostics = [diagnostic];
    // The document's own edits are tied to its version; other files are not versioned.
    action.edit = toWorkspaceEdit(fix.changes, (u) => (u === doc.uri ? doc.version : documents.get(u)?.version ?? null), { path: docPath, uri: doc.uri });
    return action;
  }

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    try {
      const { input, folder } = docInput(doc);
      const startVersion = doc.version;
      const only = params.context.only;
      const wantsFixAll = only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
      const wantsQuickFix = !only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k) && k !== '');
      const actions: CodeAction[] = [];
      if (wantsQuickFix) {
        for (const d of params.context.diagnostics) {
          if (d.source !== SOURCE) continue;
          const data = d.data as DiagnosticData | undefined;
          let finding = data?.finding;
          // Diagnostics from an older version may have moved: use the current findings at the same place.
          if (!finding || data?.version !== doc.version) {
            const current = await analyze(doc);
            finding = current.find((f) => f.ruleId === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character);
          }
          if (!finding) continue;
          if (documents.get(doc.uri)?.version !== startVersion) return []; // changed meanwhile: the client asks again
          for (const fix of fixesForFinding(input, finding, { workspace: folder })) actions.push(fixToAction(fix, d, doc, input.path));
        }
      }
      if (wantsFixAll) {
        const findings = await analyze(doc);
        if (documents.get(doc.uri)?.version !== startVersion) return [];
        const changes = fixAll(input, findings, { workspace: folder });
        if (changes.length && changes.some((c) => c.edits.length)) {
          const action = CodeAction.create('Fix all safe Micro-App Guard findings', FIX_ALL_KIND);
          action.edit = toWorkspaceEdit(changes, (u) => (u === doc.uri ? doc.version : null), { path: input.path, uri: doc.uri });
          actions.push(action);
        }
      }
      return actions;
    } catch (e) {
      log(`code actions failed: ${(e as Error).message}`);
      return [];
    }
  });

  connection.onShutdown(() => {
    for (const t of pushTimers.values()) clearTimeout(t);
    pushTimers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
