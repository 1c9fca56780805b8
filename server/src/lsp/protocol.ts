/**
 * The values the server takes from vscode-languageserver, read once from its CommonJS exports. Named imports of the
 * library in each module made the bundle copy its 308 exports once per importing module (six, ~2 ms of every start);
 * the modules import these instead (and the library's types as types).
 */
import vls = require('vscode-languageserver');

export const {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MarkupKind,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
} = vls;
export type CodeAction = vls.CodeAction;
export type DiagnosticSeverity = vls.DiagnosticSeverity;
