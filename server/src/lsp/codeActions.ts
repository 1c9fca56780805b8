/** Code actions: a quick-fix list per diagnostic (the preferred one first) and source.fixAll.microapp-guard. */
import type { CancellationToken, CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { CodeAction, CodeActionKind } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CancelledError, fixAll, fixesForFinding, type FileEdit, type Fix } from '../engine';
import { SOURCE, toWorkspaceEdit, type DiagnosticData } from './convert';
import type { DocumentDiagnostics } from './diagnostics';
import type { Session } from './session';

export const FIX_ALL_KIND = 'source.fixAll.microapp-guard';

/** What code actions use of the session: the client's edit capabilities, documents, settings and folders. */
export type CodeActionsHost = Pick<Session, 'client' | 'documents' | 'locate' | 'log' | 'settingsFor' | 'withOpenBuffers'>;

export class CodeActions {
  constructor(
    private readonly s: CodeActionsHost,
    private readonly diagnostics: Pick<DocumentDiagnostics, 'analyze'>,
  ) {}

  private toAction(fix: Fix, diagnostic: Diagnostic | undefined, doc: TextDocument, docPath: string, version: number): CodeAction {
    const action = CodeAction.create(fix.title, CodeActionKind.QuickFix);
    action.isPreferred = fix.isPreferred;
    if (diagnostic) action.diagnostics = [diagnostic];
    action.edit = this.edit(fix.changes, doc, docPath, version);
    return action;
  }

  /** The document's own edits are tied to the version they were computed on; other files' to their open version, if open. */
  private edit(changes: FileEdit[], doc: TextDocument, docPath: string, version: number) {
    return toWorkspaceEdit(
      changes,
      { documentChanges: this.s.client.documentChanges, createFile: this.s.client.createFile },
      (u) => (u === doc.uri ? version : this.s.documents.get(u)?.version ?? null),
      { path: docPath, uri: doc.uri },
    );
  }

  async provide(params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
    const doc = this.s.documents.get(params.textDocument.uri);
    if (!doc) return [];
    try {
      // The text and its version are taken together, before any await.
      const startVersion = doc.version;
      const { input, folder } = this.s.locate(doc);
      const workspace = this.s.withOpenBuffers(folder?.index);
      const settings = await this.s.settingsFor(doc.uri);
      if (this.s.documents.get(doc.uri)?.version !== startVersion) return [];
      const only = params.context.only;
      const wantsFixAll = only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source);
      const wantsQuickFix = !only || only.some((k) => k === CodeActionKind.QuickFix || (CodeActionKind.QuickFix.startsWith(k) && k !== ''));
      const opts = { workspace, settings: settings.values, token, facts: folder ? folder.model.view(input.path, new Set()) : undefined, memo: new Map<string, unknown>() };
      const actions: CodeAction[] = [];
      if (wantsQuickFix) {
        for (const d of params.context.diagnostics) {
          if (token.isCancellationRequested) return [];
          if (d.source !== SOURCE) continue;
          const data = d.data as DiagnosticData | undefined;
          let finding = data?.finding;
          // Diagnostics from an older version may have moved: use the current findings at the same place.
          if (!finding || data?.version !== doc.version) {
            const current = await this.diagnostics.analyze(doc, token);
            finding = current.find((f) => f.ruleId === d.code && f.range.start.line === d.range.start.line && f.range.start.character === d.range.start.character);
          }
          if (!finding) continue;
          if (this.s.documents.get(doc.uri)?.version !== startVersion) return []; // changed meanwhile: the client asks again
          for (const fix of fixesForFinding(input, finding, opts)) {
            // A fix that creates a file needs a client that can create files (resource operations).
            if (fix.changes.some((c) => c.create) && !(this.s.client.documentChanges && this.s.client.createFile)) continue;
            actions.push(this.toAction(fix, d, doc, input.path, startVersion));
          }
        }
      }
      if (wantsFixAll) {
        const findings = await this.diagnostics.analyze(doc, token);
        if (this.s.documents.get(doc.uri)?.version !== startVersion || token.isCancellationRequested) return [];
        const canCreate = this.s.client.documentChanges && this.s.client.createFile;
        const changes = fixAll(input, findings, opts).filter((c) => canCreate || !c.create);
        if (changes.length && changes.some((c) => c.edits.length)) {
          const action = CodeAction.create('Fix all safe Micro-App Guard findings', FIX_ALL_KIND);
          action.edit = this.edit(changes, doc, input.path, startVersion);
          actions.push(action);
        }
      }
      // The text changed while the fixes were computed: they belong to an old version; the client asks again.
      if (this.s.documents.get(doc.uri)?.version !== startVersion) return [];
      return actions;
    } catch (e) {
      if (e instanceof CancelledError || token.isCancellationRequested) return [];
      this.s.log(`code actions failed: ${(e as Error).message}`);
      return [];
    }
  }
}
