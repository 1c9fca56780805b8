/**
 * The workspace model's upkeep: each folder's files indexed in the background (their facts read into the folder's
 * model, and, for a client that asks for workspace diagnostics, each file analysed as it is indexed), files changed
 * on disk read again, and, when a file's facts change, the files that depend on them named for re-diagnosis (open
 * ones to the document diagnostics, closed ones to the workspace diagnostics).
 */
import fs = require('fs');
import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectFileKind, DocumentContext, documentFacts, type Settings } from '../engine';
import { initHcl, isHclReady } from '../engine/formats/hcl';
import { Scanner, settingsDigest } from '../scanner';
import type { CacheEntry } from '../scanner/cache';
import { IndexCache, indexCacheEnabled, type IndexEntry, type IndexWriter } from '../scanner/indexCache';
import type { ClientFeatures } from './client';
import type { Folder } from './session';
import { BULK_FILES, collectAfterBulkWork, collectWhenIdle, tuneHeap } from './memory';

/** A progress shown by the client (window/workDoneProgress). */
export interface ProgressReporter {
  begin(title: string, percentage: number, message: string, cancellable: boolean): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export interface ModelUpkeepHost {
  readonly client: Pick<ClientFeatures, 'workspaceDiagnostics' | 'keepIndex'>;
  folderFor(fsPath: string): Folder | undefined;
  /** Every workspace folder. */
  folders(): readonly Folder[];
  settingsFor(uri: string): Promise<Settings>;
  prepared(folder: Folder): Promise<Record<string, unknown> | undefined>;
  /** The open document of a uri: an open buffer owns its facts. */
  document(uri: string): TextDocument | undefined;
  /** The open documents' file paths, as `openPathKey` gives them. */
  openPathKeys(): ReadonlySet<string>;
  /** The open documents with their files and folders. */
  openDocuments(): Array<{ doc: TextDocument; path: string; folder?: Folder }>;
  /** A progress in the client's UI, where it has one. */
  progress(): Promise<ProgressReporter | undefined> | undefined;
  /** A background loop's yield (waits while an open document is analysed). */
  backgroundYield(): Promise<void>;
  /** Resolves when background work may start (Session.startQuiet: after the first open document is answered). */
  startQuiet(): Promise<void>;
  log(msg: string): void;
  /** Open documents whose findings read facts that changed. */
  rediagnose(docs: TextDocument[]): void;
  /** Closed files (uris) whose findings read facts that changed. */
  closedDependents(uris: string[]): void;
}

/** A path as the open documents' paths are compared with it (case folded: a drive letter may differ). */
export function openPathKey(fsPath: string): string {
  return fsPath.toLowerCase();
}

/** Kept results written between two yields of the index's write in slices (~5 ms of serialising on this machine). */
const PERSIST_SLICE = 128;

export class ModelUpkeep {
  /** File events seen (an index that saw one meanwhile does not offer its walk to the workspace report). */
  private fileEvents = 0;

  constructor(private readonly host: ModelUpkeepHost) {}

  private isOpen(fsPath: string): boolean {
    // Asked for every file of an index: a path no open document has is not open, without making its URI (a file
    // URI and the path it names differ at most in case, a drive letter's); one that may be is asked by its URI.
    return this.host.openPathKeys().has(openPathKey(fsPath)) && this.host.document(URI.file(fsPath).toString()) !== undefined;
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
        folder.walked = undefined;
        await this.host.startQuiet();
        const started = Date.now();
        const settings = await this.host.settingsFor(URI.file(folder.index.root).toString());
        folder.index.setIgnore(settings.ignore);
        // Shown in the client's progress UI where it has one (window/workDoneProgress); never waited for.
        const progress = this.host.progress();
        let reporter: ProgressReporter | undefined;
        let lastPct = -1;
        let lastSaid = 0;
        void progress?.then((r) => {
          reporter = r;
          r?.begin('Micro-App Guard', 0, 'indexing the workspace (offline)', false);
        });
        // A client that asks for the whole workspace's findings gets each file analysed as it is indexed (one read,
        // one parse); its report then re-checks only the files whose dependencies changed after their analysis.
        const analyse = this.host.client.workspaceDiagnostics && settings.enable;
        // The index kept from an earlier start on this folder (same engine, settings and folder configuration).
        let persisted: IndexCache | undefined;
        if (analyse && this.host.client.keepIndex && indexCacheEnabled()) {
          const digest = settingsDigest(settings, folder.index, await this.host.prepared(folder));
          // Results of the previous settings are never written under these (a write pending or under way is dropped);
          // under the same settings, a write under way goes on.
          if (folder.persist?.settings !== digest) {
            clearTimeout(this.persistTimers.get(folder));
            this.persistTimers.delete(folder);
            this.cancelPersisting(folder);
            folder.persist = { settings: digest };
          }
          // Read a slice of files at a time: the editor's requests are answered meanwhile.
          const loaded = await IndexCache.loadSliced(folder.index.root, digest, () => this.host.backgroundYield());
          if (loaded.problem) this.host.log(loaded.problem);
          persisted = loaded.cache;
        }
        const scanner = new Scanner({
          persisted,
          factStamps: folder.factStamps,
          folder: folder.index,
          settings,
          model: folder.model,
          yieldBetweenFiles: true,
          indexOnly: true,
          ...(analyse
            ? { analyseWhileIndexing: true, cache: folder.results, familyOptions: await this.host.prepared(folder), depsDigest: (deps: string[]) => folder.model.stamp(deps) }
            : {}),
          yieldTo: () => this.host.backgroundYield(),
          // Said when the percentage moves, at most ten times a second (not once per yield: 1,250 messages for 20,000 files).
          onProgress: (done, total) => {
            const pct = Math.floor((done * 100) / total);
            const now = Date.now();
            if (pct === lastPct || now - lastSaid < 100) return;
            lastPct = pct;
            lastSaid = now;
            reporter?.report(pct, `${done} of ${total} files`);
          },
        });
        try {
          // The walk yields too: a folder of 20,000 files must not hold up the first diagnostics of the open file.
          const eventsBefore = this.fileEvents;
          const files: string[] = [];
          for (const p of folder.index.walk()) {
            files.push(p);
            if (files.length % 256 === 0) await this.host.backgroundYield();
          }
          const walked = new Set(files);
          const before = folder.model.revision;
          // An open buffer owns its facts (asked again right before each store: a file may open meanwhile).
          await scanner.index(files.map((p) => ({ path: p, walked: true })), undefined, (p) => this.isOpen(p));
          const eventsSince = this.fileEvents !== eventsBefore;
          for (const p of folder.model.paths()) if (!walked.has(p) && !this.isOpen(p)) folder.model.update(p, undefined);
          // The garbage of thousands of files read once (or of their kept index) goes before the heap is left at the
          // size it grew to. An index that took less than the heap policy's delay sets it now (the kept index of 20,000
          // files is done in ~0.9 s: its garbage stayed, and the report's came on top, 15 MiB more RSS).
          const bulk = scanner.filesRead + scanner.filesKept >= BULK_FILES;
          if (bulk) tuneHeap();
          const collected = bulk ? collectAfterBulkWork() : undefined;
          this.host.log(
            `workspace model: ${files.length} file(s) indexed in ${Date.now() - started} ms${persisted ? ` (${scanner.filesKept} kept from the last start, unchanged files not read)` : ''}${scanner.filesDeferred ? `; ${scanner.filesDeferred} that read other files checked once every file's facts were in` : ''}${collected !== undefined ? `; heap collected in ${Math.round(collected)} ms` : ''}`,
          );
          if (!eventsSince) folder.walked = { files, ignore: JSON.stringify(settings.ignore ?? []) };
          if (folder.model.revision !== before) this.invalidateCrossFileOpen(folder);
        } finally {
          // The client's progress ends whatever happened (an index that failed is said in the log below).
          void progress?.then((r) => r?.done());
        }
      })().catch((e) => this.host.log(`workspace model could not be built: ${(e as Error).message}`));
    }
    return folder.indexed;
  }

  private persistTimers = new Map<Folder, NodeJS.Timeout>();
  /** Folders whose index is being written in slices, with the writer (shutdown drops it and writes the index at once). */
  private persisting = new Map<Folder, { writer?: IndexWriter; cancelled: boolean }>();

  /** persistIndex a moment after the report is sent (its serialisation never delays an answer). */
  persistLater(folder: Folder): void {
    if (!folder.persist) return;
    folder.persist.dirty = true;
    clearTimeout(this.persistTimers.get(folder));
    const t = setTimeout(() => {
      this.persistTimers.delete(folder);
      void this.persistIndexSliced(folder);
    }, 1500);
    t.unref?.();
    this.persistTimers.set(folder, t);
  }

  /** The server is shutting down: folders whose kept index is behind (a report since it was written) write it now. */
  persistPending(folders: readonly Folder[]): void {
    for (const [, t] of this.persistTimers) clearTimeout(t);
    this.persistTimers.clear();
    // Writes in slices still under way are dropped (a folder removed meanwhile too: the process ends), and the
    // folders' indexes written at once instead.
    const cut = new Set(this.persisting.keys());
    for (const f of cut) this.cancelPersisting(f);
    for (const folder of folders) if (folder.persist?.dirty || cut.has(folder)) this.persistIndex(folder);
  }

  /** Drops the folder's write in slices under way, if any (its file is removed; the kept index stays as it was). */
  private cancelPersisting(folder: Folder): boolean {
    const job = this.persisting.get(folder);
    if (!job) return false;
    job.cancelled = true;
    job.writer?.abort();
    this.persisting.delete(folder);
    return true;
  }

  /** The kept results to write: every one that is current (same facts as when it was analysed), with its facts. */
  private entryOf(folder: Folder, persist: NonNullable<Folder['persist']>, p: string, r: CacheEntry): IndexEntry | undefined {
    // Only a result of these settings, computed from the text the model's facts came from, and still current (a file
    // changed on disk lost its result; one whose dependencies changed since its analysis is left out): the next start
    // reads only what is not here or changed. Each entry carries the digest of what it depended on when written, so
    // entries written at different moments (between slices) are each right on their own.
    if (this.isOpen(p) || r.stamp === undefined || r.settings !== persist.settings || folder.factStamps.get(p) !== r.stamp || r.depsDigest !== folder.model.stamp(r.deps)) return undefined;
    return { stamp: r.stamp, hash: r.hash, facts: folder.model.factsList(p), findings: r.findings, problems: r.problems, deps: r.deps, depsDigest: folder.model.digest(r.deps) };
  }

  /**
   * Keeps the folder's index for the next start (indexCache.ts), at once (the server's shutdown). Called after a
   * workspace report covered every file.
   */
  persistIndex(folder: Folder): void {
    const persist = folder.persist;
    if (!persist) return;
    persist.dirty = false;
    const entries: Array<[string, IndexEntry]> = [];
    for (const [p, r] of folder.results.all()) {
      const e = this.entryOf(folder, persist, p, r);
      if (e) entries.push([p, e]);
    }
    try {
      IndexCache.save(folder.index.root, persist.settings, entries);
    } catch (e) {
      this.host.log(`the index could not be kept for the next start: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  /**
   * persistIndex a slice of files at a time, yielding to the editor between slices: 20,000 files held the server
   * for 0.2 s, 8,000 Kubernetes files for 0.34 s (an edit meanwhile waited), and the whole index was one 10 MB string.
   */
  async persistIndexSliced(folder: Folder): Promise<void> {
    const persist = folder.persist;
    if (!persist) return;
    // One writer per folder: one under way finishes (each entry it wrote is right on its own), and the write starts
    // again after it when a report came meanwhile (`dirty`); restarting it instead, reports that come faster than a
    // write would never let one finish.
    if (this.persisting.has(folder)) return;
    const job: { writer?: IndexWriter; cancelled: boolean } = { cancelled: false };
    this.persisting.set(folder, job);
    persist.dirty = false;
    try {
      job.writer = IndexCache.writer(folder.index.root, persist.settings);
      let sinceYield = 0;
      for (const [p, r] of folder.results.all()) {
        const e = this.entryOf(folder, persist, p, r);
        if (e) job.writer.add(p, e);
        if (++sinceYield < PERSIST_SLICE) continue;
        sinceYield = 0;
        await this.host.backgroundYield();
        // Dropped by a shutdown (which writes at once) or by new settings of the folder (results of other settings).
        if (job.cancelled || folder.persist !== persist) {
          job.writer.abort();
          return;
        }
      }
      job.writer.finish();
      // A report came while it was written: its results are written too, a moment later.
      if (persist.dirty && folder.persist === persist) this.persistLater(folder);
    } catch (e) {
      job.writer?.abort();
      if (!job.cancelled) this.host.log(`the index could not be kept for the next start: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    } finally {
      if (this.persisting.get(folder) === job) this.persisting.delete(folder);
    }
    // What it wrote is garbage now.
    if (job.writer.count >= BULK_FILES) collectWhenIdle((ms) => this.host.log(`memory: heap collected after keeping the index of ${job.writer!.count} files (${Math.round(ms)} ms, idle)`));
  }

  /** A file's facts changed (an edit, a file event): re-diagnose what depends on them. */
  publishFacts(folder: Folder, fsPath: string, facts: ReturnType<typeof documentFacts>, diskStamp?: string): void {
    // Facts of an open buffer (or none) have no disk stamp; facts read from disk have the stamp of what was read.
    if (diskStamp !== undefined) folder.factStamps.set(fsPath, diskStamp);
    else folder.factStamps.delete(fsPath);
    const changed = folder.model.update(fsPath, facts);
    if (!changed.size) return;
    const dependents = folder.model.dependents(fsPath, changed);
    if (!dependents.length) return;
    const open: TextDocument[] = [];
    const closed: string[] = [];
    for (const p of dependents) {
      const uri = URI.file(p).toString();
      const d = this.host.document(uri);
      if (d) open.push(d);
      else closed.push(uri);
    }
    if (open.length) this.host.rediagnose(open);
    if (closed.length) this.host.closedDependents(closed);
  }

  /**
   * A file or folder changed on disk: read its facts again. A folder created (a checkout, a copy) is walked;
   * a file or folder deleted loses its facts, open or not. Ignored files publish nothing.
   */
  fileChanged(fsPath: string, deleted = false): void {
    const folder = this.host.folderFor(fsPath);
    if (!folder) return;
    this.fileEvents++;
    // Every folder holding the path (nested workspace folders) walks again and reads its result again, whatever its
    // stamp says (a file system with coarse times); the deepest folder owns its facts.
    for (const f of this.host.folders()) {
      if (f !== folder && !f.index.contains(fsPath)) continue;
      f.walked = undefined;
      f.results.delete(fsPath);
    }
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
        .catch((e) => this.host.log(`Terraform parser not available: ${(e as Error).message}`));
      return;
    }
    const { text, stamp } = folder.index.readForScan(fsPath);
    const facts = text === undefined ? undefined : documentFacts(new DocumentContext({ path: fsPath, text }, { transient: true }));
    this.publishFacts(folder, fsPath, facts ?? [], text === undefined ? undefined : stamp);
  }

  /** The model is complete: open documents whose findings read other files' facts are diagnosed again. */
  private invalidateCrossFileOpen(folder: Folder): void {
    const stale = this.host
      .openDocuments()
      .filter((d) => d.folder === folder && folder.model.dependenciesOf(d.path).size > 0)
      .map((d) => d.doc);
    if (stale.length) this.host.rediagnose(stale);
  }
}
