/**
 * Workspace diagnostics (LSP 3.17 workspace pull): findings for files that
 * are not open, so the Problems view and the status bar cover the whole
 * workspace. The first request scans every folder; later requests are held
 * open (long poll) until watched files change, then report only those files.
 * Files are analysed one at a time with a yield between them, so requests
 * for the document being typed in are served first.
 */
import * as fs from 'fs';
import { URI } from 'vscode-uri';
import type { CancellationToken, Diagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { analyzeDocument, type Finding, type WorkspaceIndex } from '../engine';
import { engineSettings, type ServerSettings } from './settings';

export interface WorkspaceScanHost {
  folders(): WorkspaceIndex[];
  isOpen(uri: string): boolean;
  settingsFor(uri: string): Promise<ServerSettings>;
  generation(): number;
  toDiagnostic(f: Finding, version: number): Diagnostic;
  log(msg: string): void;
}

export class WorkspaceDiagnostics {
  private dirty: Set<string> | 'all' = 'all';
  private readonly known = new Map<string, string>(); // uri -> resultId
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
    this.known.delete(uri);
    this.invalidate([uri]);
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
    const targets: Array<{ uri: string; path: string; folder: WorkspaceIndex }> = [];
    // Settings are resolved once per folder for the scan (not one request per file).
    const folderSettings = new Map<WorkspaceIndex, ServerSettings>();
    for (const folder of this.host.folders()) {
      const st = await this.host.settingsFor(URI.file(folder.root).toString());
      folder.setIgnore(st.ignore);
      folderSettings.set(folder, st);
    }
    if (work === 'all') {
      const seen = new Set<string>();
      for (const folder of this.host.folders()) {
        for (const p of folder.walk()) {
          const uri = URI.file(p).toString();
          seen.add(uri);
          targets.push({ uri, path: p, folder });
        }
      }
      // Files reported before and gone now.
      for (const uri of this.known.keys()) if (!seen.has(uri)) targets.push({ uri, path: URI.parse(uri).fsPath, folder: undefined as never });
    } else {
      for (const uri of work) {
        const p = URI.parse(uri).fsPath;
        const folder = this.host.folders().find((f) => f.contains(p));
        if (folder) targets.push({ uri, path: p, folder });
        else if (this.known.has(uri)) targets.push({ uri, path: p, folder: undefined as never });
      }
    }
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    let batch: WorkspaceDocumentDiagnosticReport[] = [];
    let findings = 0;
    for (const t of targets) {
      if (token.isCancellationRequested || this.host.generation() !== this.lastGeneration) {
        // Cancelled, or the settings changed mid-scan: the next request starts over.
        if (this.host.generation() !== this.lastGeneration) this.dirty = 'all';
        else if ((this.dirty as Set<string> | 'all') !== 'all') for (const r of targets.slice(targets.indexOf(t))) (this.dirty as Set<string>).add(r.uri);
        break;
      }
      await new Promise((r) => setImmediate(r));
      if (this.host.isOpen(t.uri)) continue; // the document pull owns open files
      const item = await this.analyzeFile(t.uri, t.path, t.folder, folderSettings.get(t.folder));
      if (!item) continue;
      findings += item.kind === 'full' ? item.items.length : 0;
      items.push(item);
      batch.push(item);
      if (partial && batch.length >= 25) {
        partial(batch);
        batch = [];
      }
    }
    if (partial && batch.length) partial(batch);
    this.host.log(`workspace scan: ${targets.length} file(s), ${findings} finding(s) in ${Date.now() - started} ms`);
    return partial ? [] : items;
  }

  private async analyzeFile(uri: string, p: string, folder: WorkspaceIndex | undefined, folderSettings?: ServerSettings): Promise<WorkspaceDocumentDiagnosticReport | undefined> {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      st = undefined;
    }
    if (!st || !folder || folder.isGitIgnored(p) || folder.isScanIgnored(p)) {
      if (!this.known.has(uri)) return undefined;
      this.known.delete(uri);
      return { kind: 'full', uri, version: null, items: [] };
    }
    const resultId = `${this.lastGeneration}:${st.mtimeMs}:${st.size}`;
    if (this.known.get(uri) === resultId) return { kind: 'unchanged', uri, version: null, resultId };
    const settings = folderSettings ?? (await this.host.settingsFor(uri));
    let items: Diagnostic[] = [];
    if (settings.enable) {
      const { text } = folder.readForScan(p);
      if (text !== undefined) {
        try {
          const findings = await analyzeDocument(
            { path: p, text },
            {
              workspace: folder,
              settings: engineSettings(settings),
            },
          );
          items = findings.map((f) => this.host.toDiagnostic(f, 0));
        } catch (e) {
          this.host.log(`workspace scan: ${p.split(/[\\/]/).pop()} could not be analysed: ${(e as Error).message}`);
        }
      }
    }
    this.known.set(uri, resultId);
    return { kind: 'full', uri, version: null, items, resultId };
  }
}
