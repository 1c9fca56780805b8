/**
 * Diagnostics of open documents: pull (LSP 3.17) with result ids, push with a debounce for clients that do not
 * pull, and re-diagnosis when facts they read change. Each analysis hands the document's facts to the model's
 * upkeep (model.ts), which names the documents that depend on them.
 */
import path = require('path');
import { URI } from 'vscode-uri';
import type { CancellationToken, Diagnostic, DocumentDiagnosticReport, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, CancelledError, type AnalysisNote, type documentFacts, type Finding, type Settings } from '../engine';
import type { ClientFeatures } from './client';
import { noteDiagnostic, toDiagnostic } from './convert';
import type { Folder } from './session';

export interface DocumentDiagnosticsHost {
  readonly client: Pick<ClientFeatures, 'pullDiagnostics' | 'diagnosticsRefresh' | 'relatedInformation'>;
  /** Root of the installed package (links to docs/rules.md). */
  readonly packageRoot: string;
  document(uri: string): TextDocument | undefined;
  allDocuments(): TextDocument[];
  /** The engine's input for a document, and its folder. */
  locate(doc: TextDocument): { input: { path: string; text: string; languageId: string }; folder?: Folder };
  settingsFor(uri: string): Promise<Settings>;
  prepared(folder: Folder | undefined): Promise<Record<string, unknown> | undefined>;
  /** Bumped when settings change: an analysis of an older generation is stale. */
  generation(): number;
  /** Runs an analysis as foreground work (background loops pause). */
  inForeground<T>(fn: () => Promise<T>): Promise<T>;
  log(msg: string): void;
  sendDiagnostics(params: PublishDiagnosticsParams): Promise<void>;
  /** Asks a pull client to pull again (workspace/diagnostic/refresh). */
  refreshDiagnostics(): void;
  /** The model's upkeep: a document's facts after its analysis, and a closed document's file read from disk again. */
  publishFacts(folder: Folder, fsPath: string, facts: ReturnType<typeof documentFacts>): void;
  fileChanged(fsPath: string): void;
}

interface Result {
  /** The document object the findings belong to (a reopened document starts at version 1 again). */
  doc: TextDocument;
  version: number;
  generation: number;
  findings: Finding[];
  resultId: string;
}

export class DocumentDiagnostics {
  /** uri -> last findings and the text version they belong to. */
  private readonly results = new Map<string, Result>();
  private readonly pushTimers = new Map<string, NodeJS.Timeout>();
  private readonly justOpened = new Set<string>();
  private resultSeq = 0;
  /** The latest push started per document: an older one never publishes after it. */
  private readonly pushSeq = new Map<string, number>();
  constructor(private readonly host: DocumentDiagnosticsHost) {}

  async analyze(doc: TextDocument, token?: CancellationToken): Promise<Finding[]> {
    const settings = await this.host.settingsFor(doc.uri);
    if (!settings.enable) return [];
    const cached = this.results.get(doc.uri);
    if (cached && cached.doc === doc && cached.version === doc.version && cached.generation === this.host.generation()) return cached.findings;
    // The text and its version are taken together: an edit during the awaits below cancels this run.
    const { input, folder } = this.host.locate(doc);
    const version = doc.version;
    folder?.index.setIgnore(settings.ignore);
    const familyOptions = await this.host.prepared(folder);
    const generation = this.host.generation();
    const revision = folder?.model.revision;
    const started = Date.now();
    // Cancelled by the client, by an edit, by a close or reopen (a new document object), or by new settings.
    const stale = () => this.host.document(doc.uri) !== doc || doc.version !== version || this.host.generation() !== generation;
    const isCancelled = () => !!token?.isCancellationRequested || stale();
    const r = await this.host.inForeground(() => analyze(input, { settings, workspace: folder?.index, model: folder?.model, familyOptions, isCancelled, onProblem: (m) => this.note(m) }));
    if (settings.logTimings) this.host.log(`${path.basename(input.path)} v${version}: ${r.findings.length} finding(s) in ${Date.now() - started} ms`);
    if (stale()) throw new CancelledError();
    // Facts of other files changed while this ran: the answer stands, but it is not kept for later requests.
    const current = !folder || folder.model.revision === revision;
    if (current) this.results.set(doc.uri, { doc, version, generation, findings: r.findings, resultId: `${generation}:${this.resultSeq++}` });
    else this.results.delete(doc.uri);
    this.lastNotes.set(doc.uri, { doc, version, notes: r.notes });
    if (folder) {
      folder.model.setDependencies(input.path, r.deps);
      this.host.publishFacts(folder, input.path, r.facts);
    }
    return r.findings;
  }

  /** The notes of the last analysis of each open document (kept beside results, which a cross-file change may drop). */
  private readonly lastNotes = new Map<string, { doc: TextDocument; version: number; notes: AnalysisNote[] }>();

  private readonly noted = new Set<string>();
  /** Notes from the engine (a file that does not parse, a template folder that cannot be used), logged once each. */
  private note(m: string): void {
    if (this.noted.has(m)) return;
    if (this.noted.size > 1000) this.noted.clear();
    this.noted.add(m);
    this.host.log(m);
  }

  async diagnose(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[]> {
    const findings = await this.analyze(doc, token);
    const out = findings.map((f) => toDiagnostic(f, doc.version, this.host.packageRoot, this.host.client.relatedInformation, false));
    const n = this.lastNotes.get(doc.uri);
    if (n && n.doc === doc && n.version === doc.version) for (const note of n.notes) out.push(noteDiagnostic(note));
    return out;
  }

  async pull(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const doc = this.host.document(uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    try {
      const prev = this.results.get(doc.uri);
      if (previousResultId && prev && prev.doc === doc && prev.resultId === previousResultId && prev.version === doc.version && prev.generation === this.host.generation()) {
        return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: prev.resultId };
      }
      const items = await this.diagnose(doc, token);
      const resultId = this.results.get(doc.uri)?.resultId;
      this.served.set(doc.uri, resultId);
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    } catch (e) {
      if (e instanceof CancelledError || token.isCancellationRequested) {
        throw new ResponseError(LSPErrorCodes.ServerCancelled, 'document changed or request cancelled', { retriggerRequest: true });
      }
      this.host.log(`analysis failed for ${path.basename(URI.parse(doc.uri).path)}: ${(e as Error).message}`);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  }

  /** Push diagnostics for clients that do not pull (Neovim 0.7, older clients). */
  schedulePush(doc: TextDocument, delay?: number): void {
    if (this.host.client.pullDiagnostics) return;
    const uri = doc.uri;
    void this.host.settingsFor(uri).then((settings) => {
      // Clear inside the .then: an earlier call may have set its timer meanwhile.
      const prev = this.pushTimers.get(uri);
      if (prev) clearTimeout(prev);
      const t = setTimeout(() => {
        if (this.pushTimers.get(uri) === t) this.pushTimers.delete(uri);
        void this.push(uri);
      }, delay ?? settings.debounceMs);
      this.pushTimers.set(uri, t);
    });
  }

  private async push(uri: string): Promise<void> {
    const doc = this.host.document(uri);
    if (!doc) return;
    const seq = (this.pushSeq.get(uri) ?? 0) + 1;
    this.pushSeq.set(uri, seq);
    const version = doc.version;
    const generation = this.host.generation();
    try {
      const diagnostics = await this.diagnose(doc);
      // A newer push, an edit, a reopen or new settings since: that one publishes.
      if (this.pushSeq.get(uri) !== seq || this.host.document(uri) !== doc || doc.version !== version || this.host.generation() !== generation) return;
      await this.host.sendDiagnostics({ uri, version: doc.version, diagnostics });
    } catch (e) {
      if (!(e instanceof CancelledError)) this.host.log(`analysis failed for ${path.basename(URI.parse(uri).path)}: ${(e as Error).message}`);
    }
  }

  /** Settings or folder configuration changed: every open document again. */
  invalidateAllOpen(): void {
    this.rediagnose(this.host.allDocuments());
  }

  /** These open documents' findings are stale: pull clients are asked to pull again, push clients get a push. */
  rediagnose(docs: TextDocument[]): void {
    for (const d of docs) this.results.delete(d.uri);
    if (this.host.client.pullDiagnostics) {
      if (this.host.client.diagnosticsRefresh) this.host.refreshDiagnostics();
    } else {
      for (const d of docs) this.schedulePush(d, 0);
    }
  }

  opened(doc: TextDocument): void {
    this.justOpened.add(doc.uri);
    this.results.delete(doc.uri);
  }

  /** TextDocuments fires onDidChangeContent on open too: one schedule per event, immediate for version 1. */
  changed(doc: TextDocument): void {
    const first = this.justOpened.delete(doc.uri);
    if (this.host.client.pullDiagnostics) this.scheduleBackground(doc);
    else this.schedulePush(doc, first ? 0 : undefined);
  }

  private readonly backgroundTimers = new Map<string, NodeJS.Timeout>();
  /** uri -> the resultId last answered to a pull. */
  private readonly served = new Map<string, string | undefined>();
  private refreshTimer?: NodeJS.Timeout;

  /**
   * Pull clients ask only for the documents they show. A document that changes without being shown (VS Code
   * reloads a file that changed on disk) is analysed in the background after the debounce, so its facts reach
   * the files that depend on it; when its own findings changed, the client is asked to pull again.
   */
  private scheduleBackground(doc: TextDocument): void {
    void this.host.settingsFor(doc.uri).then((settings) => {
      const prev = this.backgroundTimers.get(doc.uri);
      if (prev) clearTimeout(prev);
      const t = setTimeout(() => {
        this.backgroundTimers.delete(doc.uri);
        if (this.host.document(doc.uri) !== doc) return;
        void this.analyze(doc)
          .then(() => {
            const r = this.results.get(doc.uri);
            if (r && this.served.has(doc.uri) && this.served.get(doc.uri) !== r.resultId) this.requestRefresh();
          })
          .catch(() => undefined);
      }, Math.max(settings.debounceMs, 50));
      this.backgroundTimers.set(doc.uri, t);
    });
  }

  private requestRefresh(): void {
    if (!this.host.client.diagnosticsRefresh || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.host.refreshDiagnostics();
    }, 100);
  }

  closed(doc: TextDocument): void {
    this.results.delete(doc.uri);
    this.lastNotes.delete(doc.uri);
    this.justOpened.delete(doc.uri);
    this.pushSeq.delete(doc.uri);
    this.served.delete(doc.uri);
    const bt = this.backgroundTimers.get(doc.uri);
    if (bt) clearTimeout(bt);
    this.backgroundTimers.delete(doc.uri);
    const t = this.pushTimers.get(doc.uri);
    if (t) clearTimeout(t);
    this.pushTimers.delete(doc.uri);
    if (!this.host.client.pullDiagnostics) void this.host.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    // Its facts are the file's on disk again (the unsaved buffer is gone).
    const { input, folder } = this.host.locate(doc);
    if (folder) {
      folder.model.forgetDependencies(input.path);
      this.host.fileChanged(input.path);
    }
  }

  dispose(): void {
    for (const t of this.pushTimers.values()) clearTimeout(t);
    this.pushTimers.clear();
    for (const t of this.backgroundTimers.values()) clearTimeout(t);
    this.backgroundTimers.clear();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
  }
}
