/**
 * Diagnostics of open documents: pull (LSP 3.17) with result ids, push with
 * a debounce for clients that do not pull, and cross-file refresh. Each
 * analysis publishes the document's facts to its folder's workspace model;
 * when they change, the open documents that depend on them are re-diagnosed
 * (pull: workspace/diagnostic/refresh; push: a new publish) and the closed
 * ones are handed to the workspace diagnostics.
 */
import * as fs from 'fs';
import * as path from 'path';
import { URI } from 'vscode-uri';
import { DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError, type CancellationToken, type Diagnostic, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, CancelledError, detectFileKind, DocumentContext, documentFacts, type AnalysisNote, type Finding } from '../engine';
import { Scanner } from '../scanner';
import { initHcl, isHclReady } from '../engine/formats/hcl';
import { noteDiagnostic, toDiagnostic } from './convert';
import type { Folder, Session } from './session';

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
  /** Told which closed files must be re-diagnosed (workspace diagnostics). */
  onClosedDependents: (uris: string[]) => void = () => undefined;

  constructor(private readonly s: Session) {}

  private isOpen(fsPath: string): boolean {
    return this.s.documents.get(URI.file(fsPath).toString()) !== undefined;
  }

  /**
   * Reads every file's facts into the folder's model, then re-diagnoses what depends on them. `rebuild`
   * (ignore rules or settings changed): files no longer walked lose their facts, new ones gain them.
   */
  indexFolder(folder: Folder, rebuild = false): Promise<void> {
    if (!folder.indexed || rebuild) {
      const previous = folder.indexed ?? Promise.resolve();
      folder.indexed = (async () => {
        await previous.catch(() => undefined);
        const started = Date.now();
        const settings = await this.s.settingsFor(URI.file(folder.index.root).toString());
        folder.index.setIgnore(settings.ignore);
        // Shown in the client's progress UI where it has one (window/workDoneProgress); never waited for.
        const progress = this.s.capabilities?.window?.workDoneProgress ? this.s.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
        let reporter: Awaited<NonNullable<typeof progress>> | undefined;
        void progress?.then((r) => {
          reporter = r;
          r?.begin('Micro-App Guard', 0, 'indexing the workspace (offline)', false);
        });
        // A client that asks for the whole workspace's findings gets each file analysed as it is indexed (one read,
        // one parse); its report then re-checks only the files whose dependencies changed after their analysis.
        const analyse = this.s.workspaceDiagnostics && settings.enable;
        const scanner = new Scanner({
          folder: folder.index,
          settings,
          model: folder.model,
          yieldBetweenFiles: true,
          indexOnly: true,
          ...(analyse
            ? { analyseWhileIndexing: true, cache: folder.results, familyOptions: await this.s.prepared(folder), depsDigest: (deps: string[]) => folder.model.stamp(deps) }
            : {}),
          yieldTo: () => this.s.backgroundYield(),
          onProgress: (done, total) => reporter?.report(Math.floor((done * 100) / total), `${done} of ${total} files`),
        });
        // The walk yields too: a folder of 20,000 files must not hold up the first diagnostics of the open file.
        const files: string[] = [];
        for (const p of folder.index.walk()) {
          files.push(p);
          if (files.length % 256 === 0) await this.s.backgroundYield();
        }
        const walked = new Set(files);
        const before = folder.model.revision;
        // An open buffer owns its facts (asked again right before each store: a file may open meanwhile).
        await scanner.index(files.map((p) => ({ path: p })), undefined, (p) => this.isOpen(p));
        for (const p of folder.model.paths()) if (!walked.has(p) && !this.isOpen(p)) folder.model.update(p, undefined);
        this.s.log(`workspace model: ${files.length} file(s) indexed in ${Date.now() - started} ms`);
        void progress?.then((r) => r?.done());
        if (folder.model.revision !== before) this.invalidateCrossFileOpen(folder);
      })().catch((e) => this.s.log(`workspace model could not be built: ${(e as Error).message}`));
    }
    return folder.indexed;
  }

  async analyze(doc: TextDocument, token?: CancellationToken): Promise<Finding[]> {
    const settings = await this.s.settingsFor(doc.uri);
    if (!settings.enable) return [];
    const cached = this.results.get(doc.uri);
    if (cached && cached.doc === doc && cached.version === doc.version && cached.generation === this.s.generation) return cached.findings;
    // The text and its version are taken together: an edit during the awaits below cancels this run.
    const { input, folder } = this.s.locate(doc);
    const version = doc.version;
    folder?.index.setIgnore(settings.ignore);
    const familyOptions = await this.s.prepared(folder);
    const generation = this.s.generation;
    const revision = folder?.model.revision;
    const started = Date.now();
    // Cancelled by the client, by an edit, by a close or reopen (a new document object), or by new settings.
    const stale = () => this.s.documents.get(doc.uri) !== doc || doc.version !== version || this.s.generation !== generation;
    const isCancelled = () => !!token?.isCancellationRequested || stale();
    const r = await this.s.inForeground(() => analyze(input, { settings, workspace: folder?.index, model: folder?.model, familyOptions, isCancelled, onProblem: (m) => this.note(m) }));
    if (settings.logTimings) this.s.log(`${path.basename(input.path)} v${version}: ${r.findings.length} finding(s) in ${Date.now() - started} ms`);
    if (stale()) throw new CancelledError();
    // Facts of other files changed while this ran: the answer stands, but it is not kept for later requests.
    const current = !folder || folder.model.revision === revision;
    if (current) this.results.set(doc.uri, { doc, version, generation, findings: r.findings, resultId: `${generation}:${this.resultSeq++}` });
    else this.results.delete(doc.uri);
    this.lastNotes.set(doc.uri, { doc, version, notes: r.notes });
    if (folder) {
      folder.model.setDependencies(input.path, r.deps);
      this.publishFacts(folder, input.path, r.facts);
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
    this.s.log(m);
  }

  /** A file's facts changed (an edit, a file event): re-diagnose what depends on them. */
  publishFacts(folder: Folder, fsPath: string, facts: ReturnType<typeof documentFacts>): void {
    const changed = folder.model.update(fsPath, facts);
    if (!changed.size) return;
    const dependents = folder.model.dependents(fsPath, changed);
    if (!dependents.length) return;
    const open: TextDocument[] = [];
    const closed: string[] = [];
    for (const p of dependents) {
      const uri = URI.file(p).toString();
      const d = this.s.documents.get(uri);
      if (d) open.push(d);
      else closed.push(uri);
    }
    if (open.length) this.rediagnose(open);
    if (closed.length) this.onClosedDependents(closed);
  }

  /**
   * A file or folder changed on disk: read its facts again. A folder created (a checkout, a copy) is walked;
   * a file or folder deleted loses its facts, open or not. Ignored files publish nothing.
   */
  fileChanged(fsPath: string, deleted = false): void {
    const folder = this.s.folderFor(fsPath);
    if (!folder) return;
    // Its kept result is read again, whatever its stamp says (a file system with coarse times).
    folder.results.delete(fsPath);
    let st: fs.Stats | undefined;
    try {
      st = deleted ? undefined : fs.statSync(fsPath);
    } catch {
      st = undefined;
    }
    if (!st) {
      for (const p of folder.model.pathsUnder(fsPath)) this.publishFacts(folder, p, []);
      return;
    }
    if (st.isDirectory()) {
      for (const p of folder.index.walk(fsPath)) this.fileChanged(p);
      return;
    }
    if (this.isOpen(fsPath)) return;
    if (folder.index.isGitIgnored(fsPath) || folder.index.isScanIgnored(fsPath)) {
      this.publishFacts(folder, fsPath, []);
      return;
    }
    // The Terraform parser (WebAssembly, 30 MB of memory) loads only once there is Terraform to read.
    if (detectFileKind(fsPath) === 'terraform' && !isHclReady()) {
      void initHcl()
        .then(() => this.fileChanged(fsPath))
        .catch((e) => this.s.log(`Terraform parser not available: ${(e as Error).message}`));
      return;
    }
    const { text } = folder.index.readForScan(fsPath);
    const facts = text === undefined ? undefined : documentFacts(new DocumentContext({ path: fsPath, text }, { transient: true }));
    this.publishFacts(folder, fsPath, facts ?? []);
  }

  async diagnose(doc: TextDocument, token?: CancellationToken): Promise<Diagnostic[]> {
    const findings = await this.analyze(doc, token);
    const out = findings.map((f) => toDiagnostic(f, doc.version, this.s.packageRoot, this.s.relatedSupport, false));
    const n = this.lastNotes.get(doc.uri);
    if (n && n.doc === doc && n.version === doc.version) for (const note of n.notes) out.push(noteDiagnostic(note));
    return out;
  }

  async pull(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    const doc = this.s.documents.get(uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    try {
      const prev = this.results.get(doc.uri);
      if (previousResultId && prev && prev.doc === doc && prev.resultId === previousResultId && prev.version === doc.version && prev.generation === this.s.generation) {
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
      this.s.log(`analysis failed for ${path.basename(URI.parse(doc.uri).path)}: ${(e as Error).message}`);
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
  }

  /** Push diagnostics for clients that do not pull (Neovim 0.7, older clients). */
  schedulePush(doc: TextDocument, delay?: number): void {
    if (this.s.pullMode) return;
    const uri = doc.uri;
    void this.s.settingsFor(uri).then((settings) => {
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
    const doc = this.s.documents.get(uri);
    if (!doc) return;
    const seq = (this.pushSeq.get(uri) ?? 0) + 1;
    this.pushSeq.set(uri, seq);
    const version = doc.version;
    const generation = this.s.generation;
    try {
      const diagnostics = await this.diagnose(doc);
      // A newer push, an edit, a reopen or new settings since: that one publishes.
      if (this.pushSeq.get(uri) !== seq || this.s.documents.get(uri) !== doc || doc.version !== version || this.s.generation !== generation) return;
      await this.s.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    } catch (e) {
      if (!(e instanceof CancelledError)) this.s.log(`analysis failed for ${path.basename(URI.parse(uri).path)}: ${(e as Error).message}`);
    }
  }

  /** The model is complete: open documents whose findings read other files' facts are diagnosed again. */
  private invalidateCrossFileOpen(folder: Folder): void {
    const stale = this.s.documents.all().filter((d) => {
      const { input, folder: f } = this.s.locate(d);
      return f === folder && folder.model.dependenciesOf(input.path).size > 0;
    });
    if (stale.length) this.rediagnose(stale);
  }

  /** Settings or folder configuration changed: every open document again. */
  invalidateAllOpen(): void {
    this.rediagnose(this.s.documents.all());
  }

  /** These open documents' findings are stale: pull clients are asked to pull again, push clients get a push. */
  private rediagnose(docs: TextDocument[]): void {
    for (const d of docs) this.results.delete(d.uri);
    if (this.s.pullMode) {
      if (this.s.refreshSupport) void this.s.connection.languages.diagnostics.refresh();
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
    if (this.s.pullMode) this.scheduleBackground(doc);
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
    void this.s.settingsFor(doc.uri).then((settings) => {
      const prev = this.backgroundTimers.get(doc.uri);
      if (prev) clearTimeout(prev);
      const t = setTimeout(() => {
        this.backgroundTimers.delete(doc.uri);
        if (this.s.documents.get(doc.uri) !== doc) return;
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
    if (!this.s.refreshSupport || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.s.connection.languages.diagnostics.refresh();
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
    if (!this.s.pullMode) void this.s.connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    // Its facts are the file's on disk again (the unsaved buffer is gone).
    const { input, folder } = this.s.locate(doc);
    if (folder) {
      folder.model.forgetDependencies(input.path);
      this.fileChanged(input.path);
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
