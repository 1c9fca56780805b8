/**
 * The server's state: what the client can do (read once at initialize), workspace folders (each with its
 * index, prepared family options and workspace model), settings per resource (one contract, from the
 * engine), open documents, and foreground/background scheduling.
 */
import { URI } from 'vscode-uri';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { normalizeSettings, SETTINGS, WorkspaceIndex, WorkspaceModel, type Settings, type SettingsProblem } from '../engine';
import { MemoryResults } from '../scanner';
import { NO_CLIENT_FEATURES, type ClientFeatures } from './client';
import { noteActivity } from './memory';

export interface Folder {
  index: WorkspaceIndex;
  model: WorkspaceModel;
  prepared?: Promise<Record<string, unknown>>;
  /** Resolves when every file's facts are in the model. */
  indexed?: Promise<void>;
  /** Results of files that are not open (analysed while indexing, or by a workspace report), by text and dependencies. */
  results: MemoryResults;
  /**
   * The files the last index walked, while no file event has come since (then the walk and each kept result's stamp
   * still describe the disk, and the first workspace report needs neither a second walk nor a stat per file).
   */
  walked?: { files: string[]; ignore: string };
  /**
   * The stamp ("mtimeMs:size") of the disk text each file's facts in the model were read from; none while an open
   * buffer owns them or the file has none. A result is kept for the next start only with facts of its own stamp.
   */
  factStamps: Map<string, string>;
  /**
   * Set when the folder's index is kept across starts: the settings digest it is kept under, and whether a report
   * stored results since it was last written.
   */
  persist?: { settings: string; dirty?: boolean };
}

export class Session {
  private folderList: Folder[] = [];
  private settingsGeneration = 0;
  private features: ClientFeatures = NO_CLIENT_FEATURES;
  private initialized = false;
  /** Settings sent by a client without workspace/configuration (at initialize, then with didChangeConfiguration). */
  private pushedSettings: unknown = undefined;
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly packageRoot: string,
  ) {}

  /** The workspace folders. */
  get folders(): readonly Folder[] {
    return this.folderList;
  }

  /** Bumped when settings or folder configuration change: results of an older generation are stale. */
  get generation(): number {
    return this.settingsGeneration;
  }

  /** What the client can do, read once at initialize. */
  get client(): ClientFeatures {
    return this.features;
  }

  initialize(client: ClientFeatures): void {
    if (this.initialized) throw new Error('the session is initialized once');
    this.initialized = true;
    this.features = client;
    this.pushedSettings = client.initialSettings;
  }

  /** Settings a client without workspace/configuration sent with didChangeConfiguration. */
  setPushedSettings(settings: unknown): void {
    this.pushedSettings = settings;
  }

  /** Open-document analyses running now: background work (the index, the workspace scan) waits for them. */
  private foreground = 0;
  private idleWaiters: Array<() => void> = [];

  /** Resolved when the first open-document analysis is done (startQuiet). */
  private firstForegroundDone?: () => void;
  private readonly firstForeground = new Promise<void>((r) => (this.firstForegroundDone = r));

  /**
   * What background work waits for before it starts: the first open document answered (an editor opens the file the
   * user looks at right after initialize), at most `ms`; without an open document, only a moment. The index of a
   * large folder then never competes with the first diagnostics.
   */
  async startQuiet(ms = 300): Promise<void> {
    const delay = (t: number) => new Promise<void>((r) => setTimeout(r, t).unref());
    // A client that opens no document (a workspace report alone) is not kept waiting: a moment for a didOpen first.
    await Promise.race([this.firstForeground, delay(30)]);
    if (!this.documents.all().length) return;
    await Promise.race([this.firstForeground, delay(ms)]);
  }

  /** Runs `fn` as foreground work: background loops pause at their next yield until it is done. */
  async inForeground<T>(fn: () => Promise<T>): Promise<T> {
    this.foreground++;
    noteActivity(true);
    try {
      return await fn();
    } finally {
      noteActivity(false);
      // Background loops wake only once the answer this work was for is written. vscode-jsonrpc writes a message from
      // a setImmediate of its own, queued when the answer is ready (after this): a wake one setImmediate away ran the
      // workspace index's next stretch of work (up to its next yield) before the answer went out (the first
      // diagnostics with a workspace report asked as well: 8 ms later, measured); two setImmediates away, it runs after.
      // With other foreground work still running (two documents restored at once), its end wakes them.
      if (--this.foreground === 0) {
        // Until then a background loop that reaches its yield waits too (its own setImmediate may come first).
        this.wakePending = true;
        setImmediate(() => setImmediate(() => this.wakeBackground()));
      }
    }
  }

  /** Foreground work has ended and its wake (after its answer is written) is still to come. */
  private wakePending = false;

  private wakeBackground(): void {
    if (this.foreground > 0) return; // new foreground work started meanwhile: its end wakes them
    this.wakePending = false;
    this.firstForegroundDone?.();
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** A background loop's yield: lets pending messages in, then waits while an open document is being analysed. */
  async backgroundYield(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    while (this.foreground > 0 || this.wakePending) await new Promise<void>((r) => this.idleWaiters.push(r));
  }

  log(msg: string): void {
    this.connection.console.log(`[microapp-guard] ${msg}`);
  }

  addFolder(root: string): Folder {
    const f: Folder = { index: new WorkspaceIndex(root, { trusted: this.client.trusted, onRefused: (m) => this.log(m) }), model: new WorkspaceModel(root), results: new MemoryResults(), factStamps: new Map() };
    this.folderList.push(f);
    return f;
  }

  removeFolders(roots: ReadonlySet<string>): void {
    this.folderList = this.folderList.filter((f) => !roots.has(f.index.root));
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
    if (!this.client.configuration) return Promise.resolve(this.normalize(this.pushedSettings ?? {}));
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
    this.settingsGeneration++;
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
