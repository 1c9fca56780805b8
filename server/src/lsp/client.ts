/**
 * What the client can do and what it asked for at `initialize`: read once from the initialize request, never
 * changed afterwards. Each part of the server is given the fields it needs.
 */
import type { InitializeParams } from 'vscode-languageserver';

export interface ClientFeatures {
  /** The client pulls document diagnostics (LSP 3.17); otherwise the server pushes them. */
  readonly pullDiagnostics: boolean;
  /** `workspace/configuration`: settings are asked per resource; otherwise they come with didChangeConfiguration. */
  readonly configuration: boolean;
  /** Workspace edits as `documentChanges`, and with file creation. */
  readonly documentChanges: boolean;
  readonly createFile: boolean;
  /** `workspace/diagnostic/refresh`. */
  readonly diagnosticsRefresh: boolean;
  /** `workspace/codeLens/refresh`. */
  readonly codeLensRefresh: boolean;
  /** Diagnostics may carry relatedInformation. */
  readonly relatedInformation: boolean;
  /** `window/workDoneProgress`. */
  readonly workDoneProgress: boolean;
  /** Dynamic registration of didChangeConfiguration (with `configuration`) and of watched files. */
  readonly configurationRegistration: boolean;
  readonly watchedFilesRegistration: boolean;
  /** Workspace folders change notifications. */
  readonly workspaceFolders: boolean;
  /** The workspace is trusted (initializationOptions.trusted): its rule packages may be loaded. */
  readonly trusted: boolean;
  /** Whole-workspace findings (workspace pull), for clients that pull; off with initializationOptions.workspaceDiagnostics = false. */
  readonly workspaceDiagnostics: boolean;
  /** Settings given at initialize (initializationOptions.settings), for clients without `configuration`. */
  readonly initialSettings: unknown;
  /** Keep the workspace index for the next start (scanner/indexCache.ts); off with initializationOptions.keepIndex = false. */
  readonly keepIndex: boolean;
}

export function clientFeatures(params: InitializeParams): ClientFeatures {
  const caps = params.capabilities;
  const init = (params.initializationOptions ?? {}) as { trusted?: boolean; settings?: unknown; workspaceDiagnostics?: boolean; keepIndex?: boolean };
  const pullDiagnostics = !!caps.textDocument?.diagnostic;
  const configuration = !!caps.workspace?.configuration;
  return Object.freeze({
    pullDiagnostics,
    configuration,
    documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
    createFile: !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create'),
    diagnosticsRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
    codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
    relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation !== false,
    workDoneProgress: !!caps.window?.workDoneProgress,
    configurationRegistration: configuration && !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    watchedFilesRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workspaceFolders: !!caps.workspace?.workspaceFolders,
    trusted: init.trusted === true,
    workspaceDiagnostics: pullDiagnostics && init.workspaceDiagnostics !== false,
    initialSettings: init.settings,
    keepIndex: init.keepIndex !== false,
  });
}

/** Before initialize (and for a client that says nothing): push diagnostics, no optional feature. */
export const NO_CLIENT_FEATURES: ClientFeatures = Object.freeze({
  pullDiagnostics: false,
  configuration: false,
  documentChanges: false,
  createFile: false,
  diagnosticsRefresh: false,
  codeLensRefresh: false,
  relatedInformation: true,
  workDoneProgress: false,
  configurationRegistration: false,
  watchedFilesRegistration: false,
  workspaceFolders: false,
  trusted: false,
  workspaceDiagnostics: false,
  initialSettings: undefined,
  keepIndex: false,
});
