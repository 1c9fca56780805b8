/**
 * The server's state: client capabilities, workspace folders (each with its
 * index, prepared family options and workspace model), settings per
 * resource (one contract, from the engine), and open documents.
 */
import { URI } from 'vscode-uri';
import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { normalizeSettings, SETTINGS, WorkspaceIndex, WorkspaceModel, type Settings, type SettingsProblem } from '../engine';
import { MemoryResults } from '../scanner';

export interface Folder {
  index: WorkspaceIndex;
  model: WorkspaceModel;
  prepared?: Promise<Record<string, unknown>>;
  /** Resolves when every file's facts are in the model. */
  indexed?: Promise<void>;
  /** Results of files that are not open (analysed while indexing, or by a workspace report), by text and dependencies. */
  results: MemoryResults;
}

export class Session {
  capabilities: ClientCapabilities = {};
  pullMode = false;
  configurationSupport = false;
  documentChanges = false;
  createFile = false;
  refreshSupport = false;
  relatedSupport = true;
  trusted = false;
  workspaceDiagnostics = false;
  folders: Folder[] = [];
  generation = 0;
  globalSettings: unknown = undefined;
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly packageRoot: string,
  ) {}

  /** Open-document analyses running now: background work (the index, the workspace scan) waits for them. */
  private foreground = 0;
  private idleWaiters: Array<() => void> = [];

  /** Runs `fn` as foreground work: background loops pause at their next yield until it is done. */
  async inForeground<T>(fn: () => Promise<T>): Promise<T> {
    this.foreground++;
    try {
      return await fn();
    } finally {
      if (--this.foreground === 0) {
        const w = this.idleWaiters;
        this.idleWaiters = [];
        for (const f of w) f();
      }
    }
  }

  /** A background loop's yield: lets pending messages in, then waits while an open document is being analysed. */
  async backgroundYield(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.foreground > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  log(msg: string): void {
    this.connection.console.log(`[microapp-guard] ${msg}`);
  }

  addFolder(root: string): Folder {
    const f: Folder = { index: new WorkspaceIndex(root, { trusted: this.trusted, onRefused: (m) => this.log(m) }), model: new WorkspaceModel(root), results: new MemoryResults() };
    this.folders.push(f);
    return f;
  }

  folderFor(fsPath: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) if (f.index.contains(fsPath) && (!best || f.index.root.length > best.index.root.length)) best = f;
    return best;
  }

  /** Family options of a folder (rule packages of a trusted workspace, ...), prepared once. */
  prepared(folder: Folder | undefined): Promise<Record<string, unknown> | undefined> {
    if (!folder) return Promise.resolve(undefined);
    if (!folder.prepared) {
      folder.prepared = folder.index.prepare().then((r) => {
        for (const n of r.notes) this.log(n);
        for (const x of r.restricted) this.log(`untrusted workspace: rule packages named by ${x.by} are not loaded (${x.packages.join(', ')}); only the bundled rules run`);
        if (r.restricted.length) void this.connection.sendNotification('microappGuard/restricted', { packages: r.restricted.flatMap((x) => x.packages) });
        return r.options;
      });
    }
    return folder.prepared;
  }

  settingsFor(uri: string): Promise<Settings> {
    if (!this.configurationSupport) return Promise.resolve(this.normalize(this.globalSettings ?? {}));
    let p = this.settingsCache.get(uri);
    if (!p) {
      p = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'microappGuard' })
        .then((raw) => this.normalize(raw), () => this.normalize({}));
      this.settingsCache.set(uri, p);
    }
    return p;
  }

  private normalize(raw: unknown): Settings {
    const problems: SettingsProblem[] = [];
    const s = normalizeSettings(raw, SETTINGS, problems);
    for (const p of problems) {
      // Said once per setting, not on every request.
      if (this.reported.has(p.message)) continue;
      this.reported.add(p.message);
      this.log(p.message);
    }
    return s;
  }

  /** Settings, folder configuration and ignore files changed: everything is recomputed. */
  resetSettings(): void {
    this.generation++;
    this.settingsCache.clear();
    for (const f of this.folders) {
      f.index.reload();
      f.prepared = undefined;
    }
  }

  /** The engine's view of a document: a file path (a pseudo path for untitled buffers) and its folder. */
  locate(doc: TextDocument): { input: { path: string; text: string; languageId: string }; folder?: Folder } {
    const uri = URI.parse(doc.uri);
    const fsPath = uri.scheme === 'file' ? uri.fsPath : `/${uri.scheme}${uri.path}`;
    return { input: { path: fsPath, text: doc.getText(), languageId: doc.languageId }, folder: uri.scheme === 'file' ? this.folderFor(fsPath) : undefined };
  }

  /** The folder as fixes see it: files open in the editor are read from their (maybe unsaved) buffers. */
  withOpenBuffers(folder: WorkspaceIndex | undefined): WorkspaceIndex | undefined {
    if (!folder) return undefined;
    const view = Object.create(folder) as WorkspaceIndex;
    view.readFile = (p: string) => this.documents.get(URI.file(p).toString())?.getText() ?? folder.readFile(p);
    return view;
  }
}
