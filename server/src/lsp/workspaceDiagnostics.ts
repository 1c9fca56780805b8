/**
 * Workspace diagnostics (LSP 3.17 workspace pull): findings for files that
 * are not open, so the Problems view and the status bar cover the whole
 * workspace. The first request scans every folder; later requests are held
 * open (long poll) until watched files change, then report only those files.
 * Files are analysed one at a time with a yield between them, so requests
 * for the document being typed in are served first.
 */
import fs = require('fs');
import path = require('path');
import { URI } from 'vscode-uri';
import type { CancellationToken, Diagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import type { Finding, Settings } from '../engine';
import { fileStamp } from '../engine/folder';
import { flatString } from '../engine/text';
import { Scanner } from '../scanner';
import type { Folder } from './session';
import { BULK_FILES, collectWhenIdle } from './memory';

export interface WorkspaceScanHost {
  folders(): readonly Folder[];
  isOpen(uri: string): boolean;
  settingsFor(uri: string): Promise<Settings>;
  prepared(folder: Folder): Promise<Record<string, unknown> | undefined>;
  /** Resolves when the folder's model holds every file's facts. */
  indexed(folder: Folder): Promise<void>;
  generation(): number;
  toDiagnostic(f: Finding, version: number): Diagnostic;
  log(msg: string): void;
  /** A yield between files that also waits while an open document is being analysed. */
  backgroundYield?(): Promise<void>;
  /** A report covered every file of a folder (its index may be kept for the next start). */
  covered?(folder: Folder): void;
  /** A report analysed some files of a folder (the kept index is behind until it is written again). */
  analysed?(folder: Folder): void;
}

const pathOf = (uri: string): string => URI.parse(uri).fsPath;
const uriOf = (p: string): string => URI.file(p).toString();

export class WorkspaceDiagnostics {
  private dirty: Set<string> | 'all' = 'all';
  /**
   * The result id last reported for each file, by its path (the walk's and the model's own strings; the 20,000 URIs of
   * a large folder, ~1.8 MiB, are made for a report and dropped after it).
   */
  private readonly known = new Map<string, string>();
  private waiters: Array<() => void> = [];
  private lastGeneration = -1;

  constructor(private readonly host: WorkspaceScanHost) {}

  /** Everything again (settings, ignore files or folders changed). */
  invalidateAll(): void {
    this.dirty = 'all';
    this.wake();
  }

  /**
   * A document was closed: its document-pull result is gone from the client,
   * so the next workspace report must carry it in full again.
   */
  forget(uri: string): void {
    this.known.delete(pathOf(uri));
    this.invalidate([uri]);
  }

  /** Files whose findings depend on facts that changed: report them in full again. */
  dependentsChanged(uris: string[]): void {
    for (const u of uris) this.known.delete(pathOf(u));
    this.invalidate(uris);
  }

  /** A folder was deleted: every file reported below it is reported again (as gone). */
  invalidateUnder(uri: string): void {
    const dir = pathOf(uri).replace(/[\\/]+$/, '') + path.sep;
    this.invalidate([...this.known.keys()].filter((p) => p.startsWith(dir)).map(uriOf));
  }

  /** These files changed on disk. */
  invalidate(uris: string[]): void {
    if (this.dirty !== 'all') for (const u of uris) this.dirty.add(u);
    this.wake();
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private waitForWork(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      if (token.isCancellationRequested) return resolve();
      const sub = token.onCancellationRequested(() => {
        sub.dispose();
        resolve();
      });
      this.waiters.push(() => {
        sub.dispose();
        resolve();
      });
    });
  }

  async report(
    token: CancellationToken,
    partial?: (items: WorkspaceDocumentDiagnosticReport[]) => void,
  ): Promise<WorkspaceDocumentDiagnosticReport[]> {
    if (this.host.generation() !== this.lastGeneration) {
      this.lastGeneration = this.host.generation();
      this.dirty = 'all';
    }
    while (this.dirty !== 'all' && this.dirty.size === 0 && !token.isCancellationRequested) {
      await this.waitForWork(token);
      if (this.host.generation() !== this.lastGeneration) {
        this.lastGeneration = this.host.generation();
        this.dirty = 'all';
      }
    }
    if (token.isCancellationRequested) return [];
    const work = this.dirty;
    this.dirty = new Set();
    const started = Date.now();
    const targets: Array<{ uri: string; path: string; folder: Folder; walked?: boolean }> = [];
    // Long loops over 20,000 files yield, so the open document's requests are answered meanwhile.
    let steps = 0;
    const breathe = async () => {
      if (++steps % 256 === 0) await (this.host.backgroundYield ? this.host.backgroundYield() : new Promise((r) => setImmediate(r)));
    };
    // Settings are resolved once per folder for the scan (not one request per file).
    const folderSettings = new Map<Folder, Settings>();
    for (const folder of this.host.folders()) {
      const st = await this.host.settingsFor(URI.file(folder.index.root).toString());
      folder.index.setIgnore(st.ignore);
      folderSettings.set(folder, st);
    }
    /** Folders whose files are those their index just walked, with the stamps it read (no walk or stat again). */
    const fresh = new Set<Folder>();
    if (work === 'all') {
      const seen = new Set<string>(); // paths
      for (const folder of this.host.folders()) {
        await this.host.indexed(folder);
        const walked = folder.walked;
        if (walked && walked.ignore === JSON.stringify(folderSettings.get(folder)!.ignore ?? [])) fresh.add(folder);
        for (const p of fresh.has(folder) ? walked!.files : folder.index.walk()) {
          const uri = URI.file(p).toString();
          seen.add(p);
          targets.push({ uri, path: p, folder, walked: true });
          await breathe();
        }
      }
      // Files reported before and gone now.
      for (const p of this.known.keys()) if (!seen.has(p)) targets.push({ uri: uriOf(p), path: p, folder: undefined as never });
    } else {
      for (const uri of work) {
        const p = URI.parse(uri).fsPath;
        const folder = this.host.folders().find((f) => f.index.contains(p));
        if (folder) targets.push({ uri, path: p, folder });
        else if (this.known.has(p)) targets.push({ uri, path: p, folder: undefined as never });
      }
    }
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    let batch: WorkspaceDocumentDiagnosticReport[] = [];
    let findings = 0;
    let binary = 0;
    const emit = (item: WorkspaceDocumentDiagnosticReport) => {
      findings += item.kind === 'full' ? item.items.length : 0;
      items.push(item);
      batch.push(item);
      if (partial && batch.length >= 25) {
        partial(batch);
        batch = [];
      }
    };
    const interrupted = () => {
      if (this.host.generation() !== this.lastGeneration) {
        this.dirty = 'all';
        return true;
      }
      return token.isCancellationRequested;
    };
    // Files whose result can be told without analysis (gone, ignored, unchanged, open).
    const byFolder = new Map<Folder, Array<{ uri: string; path: string; resultId: string; stamp: string; walked?: boolean }>>();
    for (const t of targets) {
      await breathe();
      if (this.host.isOpen(t.uri)) continue; // the document pull owns open files
      // The index's stamp, when no file event came since it read the file; else the disk's.
      let stamp = t.folder && fresh.has(t.folder) ? t.folder.results.peek(t.path)?.stamp : undefined;
      if (stamp === undefined) {
        try {
          stamp = fileStamp(fs.statSync(t.path));
        } catch {
          stamp = undefined;
        }
      }
      // A walked file is not ignored (the walk skips what is); a changed or known one is asked.
      if (stamp === undefined || !t.folder || (!t.walked && (t.folder.index.isGitIgnored(t.path) || t.folder.index.isScanIgnored(t.path)))) {
        if (!this.known.has(t.path)) continue;
        this.known.delete(t.path);
        emit({ kind: 'full', uri: t.uri, version: null, items: [] });
        continue;
      }
      const resultId = flatString(`${this.lastGeneration}:${stamp}`);
      if (this.known.get(t.path) === resultId) {
        emit({ kind: 'unchanged', uri: t.uri, version: null, resultId });
        continue;
      }
      const list = byFolder.get(t.folder) ?? [];
      list.push({ uri: t.uri, path: t.path, resultId, stamp, walked: t.walked });
      byFolder.set(t.folder, list);
    }
    for (const [folder, list] of byFolder) {
      if (interrupted()) break;
      const settings = folderSettings.get(folder)!;
      await this.host.indexed(folder);
      const familyOptions = await this.host.prepared(folder);
      const byPath = new Map(list.map((x) => [x.path, x]));
      if (!settings.enable) {
        for (const x of list) {
          this.known.set(x.path, x.resultId);
          emit({ kind: 'full', uri: x.uri, version: null, items: [], resultId: x.resultId });
        }
        continue;
      }
      const scanner = new Scanner({
        folder: folder.index,
        settings,
        model: folder.model,
        familyOptions,
        yieldBetweenFiles: true,
        workers: 0,
        yieldTo: this.host.backgroundYield,
        // Files analysed while indexing, or by an earlier report, whose text and dependencies did not change are not analysed again.
        cache: folder.results,
        depsDigest: (deps) => folder.model.stamp(deps),
      });
      const done = new Set<string>();
      await scanner.analyse(
        list.map((x) => ({ path: x.path, stamp: x.stamp, walked: x.walked })),
        (r) => {
          const x = byPath.get(r.path)!;
          done.add(r.path);
          // As the CLI: binary files are counted, other skips (too large, unreadable) named.
          if (r.skip === 'binary') binary++;
          else if (r.skipped !== undefined) this.host.log(`workspace scan: ${r.path.split(/[\\/]/).pop()}: skipped: ${r.skipped}`);
          for (const m of r.problems) this.host.log(`workspace scan: ${r.path.split(/[\\/]/).pop()}: ${m.message}`);
          this.known.set(x.path, x.resultId);
          emit({ kind: 'full', uri: x.uri, version: null, items: r.findings.map((f) => this.host.toDiagnostic(f, 0)), resultId: x.resultId });
        },
        { get isCancellationRequested() { return interrupted(); } },
      );
      // Not reached (cancelled, or settings changed): the next request takes them.
      const dirty = this.dirty as Set<string> | 'all';
      if (dirty !== 'all') for (const x of list) if (!done.has(x.path)) dirty.add(x.uri);
      if (work === 'all' && done.size === list.length && !interrupted()) this.host.covered?.(folder);
      else if (done.size) this.host.analysed?.(folder);
    }
    if (partial && batch.length) partial(batch);
    this.host.log(`workspace scan: ${targets.length} file(s), ${findings} finding(s)${binary ? `, ${binary} binary file(s) skipped` : ''} in ${Date.now() - started} ms`);
    // The report of thousands of files and its serialisation leave their garbage behind: collected once the server is idle.
    const full = items.reduce((n, i) => n + (i.kind === 'full' ? 1 : 0), 0);
    if (full >= BULK_FILES && !interrupted()) collectWhenIdle((ms) => this.host.log(`memory: heap collected after the report of ${full} files (${Math.round(ms)} ms, idle)`));
    return partial ? [] : items;
  }
}
