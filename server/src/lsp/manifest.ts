/**
 * The registration manifest in the language server: the export commands
 * (workspace/executeCommand), a CodeLens at the top of the manifest with the
 * score now and after the preferred fixes, completion and hover from the
 * schema, and the gate for the client's status bar (`microappGuard/gate`).
 * The work is the CLI's (`cli/manifest.ts`): one function computes the
 * manifest for both. Diagnostics come from the manifest family like any other.
 */
import path = require('path');
import { URI } from 'vscode-uri';
import type { CancellationToken, CodeLens, Connection, ExecuteCommandParams, FileEvent, TextDocuments } from 'vscode-languageserver';
import { ResponseError, ErrorCodes, LSPErrorCodes } from './protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { manifestApi } from '../engine/registry';
const { DEFAULT_MANIFEST_PATH, HUMAN_FIELDS, isManifestDocument, mergeManifest } = manifestApi;
type Manifest = manifestApi.Manifest;
type MissingItem = manifestApi.MissingItem;
import { computeManifest, exportBackstage, exportManifest, riskLine, type ManifestResult } from '../export/manifest';
import type { Folder, Session } from './session';
import { CancelledError, documentContext, type EditorHover } from '../engine';
import type { FeatureExtras } from './features';

const EXPORT_MANIFEST_COMMAND = 'microappGuard.server.exportManifest';
const EXPORT_BACKSTAGE_COMMAND = 'microappGuard.server.exportBackstage';
const MANIFEST_COMMANDS = [EXPORT_MANIFEST_COMMAND, EXPORT_BACKSTAGE_COMMAND];

/** What the export commands answer (the client opens `uri`). */
export interface ExportAnswer {
  uri: string;
  path: string;
  written: string[];
  score: number;
  gate: string;
  afterFixes?: { score: number; gate: string };
  status: string;
  todo: string[];
  /** The manifest is incomplete: the gate counts the known factors only. */
  incomplete: boolean;
  /** What keeps it incomplete and how to complete it (status.missing). */
  missing: MissingItem[];
  summary: string;
  notes: string[];
}

/** The `microappGuard/gate` notification. */
export interface GateNotification {
  folder: string;
  manifest: string;
  score: number;
  gate: string;
  afterFixes?: { score: number; gate: string };
  status: string;
  /** The manifest is incomplete: the gate counts the known factors only ("incomplete" is shown beside it). */
  incomplete: boolean;
  /** What keeps it incomplete and how to complete it (status.missing). */
  missing: MissingItem[];
  summary: string;
}

/** A short label of what is missing, for a CodeLens: factors by name, TODO fields counted apart. */
function missingLabel(x: MissingItem): string {
  if (x.field === 'risk.factors.sbomVulnerabilities') {
    const cmd = /`([^`]+)`/.exec(x.howToComplete)?.[1];
    return `Incomplete: no vulnerability report${cmd ? ` (run ${cmd})` : ''}`;
  }
  return `Incomplete: ${x.field} unknown`;
}

const isHumanField = (x: MissingItem) => (HUMAN_FIELDS as readonly string[]).includes(x.field);

const MANIFEST_NAMES = /(^|[\\/])microapp\.(ya?ml|json)$/i;

/** The current verdict for a hover: the score and gate ("incomplete" beside it), and what would complete the manifest. */
function verdictMarkdown(m: Manifest): string {
  const lines = [`**Now:** ${riskLine(m)}`];
  const missing = m.status.missing ?? [];
  if (missing.length) {
    lines.push('', '**Incomplete**: the score counts the known factors only. To complete the manifest:');
    for (const x of missing.filter((i) => !isHumanField(i))) lines.push(`- \`${x.field}\`: ${x.reason}; ${x.howToComplete}`);
    if (m.status.todo.length) lines.push(`- fill in ${m.status.todo.map((t) => `\`${t}\``).join(', ')} (still TODO)`);
  }
  return lines.join('\n');
}

/** What the export's editor features use of the session: the client (trust, CodeLens refresh), folders and settings. */
export type ManifestFeatureHost = Pick<Session, 'client' | 'folderFor' | 'folders' | 'log' | 'settingsFor'>;

export class ManifestFeature {
  /** folder root -> the last computation, while nothing in the folder changed. */
  private readonly cache = new Map<string, Promise<ManifestResult>>();
  private readonly lastGate = new Map<string, string>();
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly s: ManifestFeatureHost,
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {}

  /** What the export adds to the families' editor features (lsp/features.ts): its lenses, commands and verdict. */
  extras(): FeatureExtras {
    return {
      hover: (doc, h) => this.verdictHover(doc, h),
      codeLenses: (doc) => this.codeLens(doc),
      commands: MANIFEST_COMMANDS,
      execute: (p, token) => this.execute(p, token),
    };
  }

  register(): void {
    // The export reads the files on disk: a save or a file event may change its computed part, a keystroke cannot.
    this.documents.onDidSave((e) => {
      if (!this.isManifest(e.document)) this.invalidate(URI.parse(e.document.uri).fsPath);
    });
  }

  /** Files changed on disk (workspace/didChangeWatchedFiles). */
  filesChanged(changes: FileEvent[]): void {
    for (const c of changes) this.invalidate(URI.parse(c.uri).fsPath);
  }

  private invalidate(fsPath: string): void {
    const folder = this.s.folderFor(fsPath);
    if (!folder || !this.cache.has(folder.index.root)) return;
    this.cache.delete(folder.index.root);
    // Open manifests show the new score once the client asks for code lenses again.
    if (this.s.client.codeLensRefresh && this.documents.all().some((d) => this.isManifest(d))) {
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined), 1000);
    }
  }

  /** The manifest family's own test (file name, or a document of kind MicroAppRegistration), on the shared parse. */
  isManifest(doc: TextDocument): boolean {
    const u = URI.parse(doc.uri);
    return u.scheme === 'file' && isManifestDocument(documentContext({ path: u.fsPath, text: doc.getText(), languageId: doc.languageId }));
  }

  private async manifestPathFor(folder: Folder): Promise<string> {
    const settings = await this.s.settingsFor(URI.file(folder.index.root).toString());
    const v = settings.values['manifest.path'];
    return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_MANIFEST_PATH;
  }

  /** The folder a command is about: the one of the given uri, else the only (first) folder. */
  private folderOf(arg: unknown): Folder | undefined {
    const a = (Array.isArray(arg) ? arg[0] : arg) as { uri?: string; folder?: string } | string | undefined;
    const uri = typeof a === 'string' ? a : a?.folder ?? a?.uri;
    if (uri) {
      const f = this.s.folderFor(URI.parse(uri).fsPath);
      if (f) return f;
    }
    const active = this.documents.all().map((d) => URI.parse(d.uri)).filter((u) => u.scheme === 'file');
    for (const u of active) {
      const f = this.s.folderFor(u.fsPath);
      if (f && this.s.folders.length > 1 && MANIFEST_NAMES.test(u.fsPath)) return f;
    }
    return this.s.folders[0];
  }

  private previousText(root: string, rel: string): string | undefined {
    return this.documents.get(URI.file(path.join(root, rel)).toString())?.getText();
  }

  private computed(folder: Folder, manifestPath: string): Promise<ManifestResult> {
    const root = folder.index.root;
    let p = this.cache.get(root);
    if (!p) {
      p = computeManifest(root, { manifestPath, trusted: this.s.client.trusted, previousText: this.previousText(root, manifestPath) });
      p.catch(() => this.cache.delete(root));
      this.cache.set(root, p);
    }
    return p;
  }

  private notifyGate(folder: Folder, manifestPath: string, m: Manifest): void {
    const n: GateNotification = {
      folder: URI.file(folder.index.root).toString(),
      manifest: URI.file(path.join(folder.index.root, manifestPath)).toString(),
      score: m.risk.score,
      gate: m.risk.gate,
      ...(m.risk.afterFixes ? { afterFixes: { score: m.risk.afterFixes.score, gate: m.risk.afterFixes.gate } } : {}),
      status: m.status.state,
      incomplete: m.status.state === 'incomplete',
      missing: m.status.missing ?? [],
      summary: riskLine(m),
    };
    const key = JSON.stringify(n);
    if (this.lastGate.get(n.folder) === key) return;
    this.lastGate.set(n.folder, key);
    void this.connection.sendNotification('microappGuard/gate', n);
  }

  async execute(p: ExecuteCommandParams, token?: CancellationToken): Promise<ExportAnswer | undefined> {
    if (!MANIFEST_COMMANDS.includes(p.command)) return undefined;
    const folder = this.folderOf(p.arguments);
    if (!folder) throw new ResponseError(ErrorCodes.InvalidRequest, 'open a workspace folder to export its registration manifest');
    const root = folder.index.root;
    const manifestPath = await this.manifestPathFor(folder);
    const opts = { manifestPath, trusted: this.s.client.trusted, previousText: this.previousText(root, manifestPath), token };
    try {
      const r = p.command === EXPORT_BACKSTAGE_COMMAND ? await exportBackstage(root, opts) : await exportManifest(root, opts);
      this.cache.set(root, Promise.resolve(r));
      this.notifyGate(folder, manifestPath, r.manifest);
      const target = 'backstagePath' in r ? (r as { backstagePath: string }).backstagePath : r.manifestPath;
      const m = r.manifest;
      this.s.log(`${target} written: ${riskLine(m)}; manifest ${m.status.state}`);
      return {
        uri: URI.file(path.join(root, target)).toString(),
        path: path.join(root, target),
        written: r.written,
        score: m.risk.score,
        gate: m.risk.gate,
        ...(m.risk.afterFixes ? { afterFixes: { score: m.risk.afterFixes.score, gate: m.risk.afterFixes.gate } } : {}),
        status: m.status.state,
        todo: m.status.todo,
        incomplete: m.status.state === 'incomplete',
        missing: m.status.missing ?? [],
        summary: riskLine(m),
        notes: r.notes,
      };
    } catch (e) {
      if (e instanceof CancelledError || token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'export cancelled');
      throw new ResponseError(ErrorCodes.InternalError, `export failed: ${(e as Error).message}`);
    }
  }

  /** The manifest as the workspace and the open buffer give it (the buffer's hand-filled fields count), with its folder. */
  private async current(doc: TextDocument): Promise<{ folder: Folder; manifestPath: string; m: Manifest } | undefined> {
    const fsPath = URI.parse(doc.uri).fsPath;
    const folder = this.s.folderFor(fsPath);
    if (!folder) return undefined;
    const manifestPath = path.relative(folder.index.root, fsPath).split(path.sep).join('/');
    const r = await this.computed(folder, manifestPath);
    // The owner's declared classes and raised sensitivity in the buffer count (as on export).
    let own: unknown;
    try {
      own = parseYaml(doc.getText());
    } catch {
      own = undefined;
    }
    return { folder, manifestPath, m: own && typeof own === 'object' ? mergeManifest(own, r.fresh) : r.manifest };
  }

  async codeLens(doc: TextDocument): Promise<CodeLens[]> {
    if (!this.isManifest(doc)) return [];
    let cur;
    try {
      cur = await this.current(doc);
    } catch (e) {
      this.s.log(`manifest score not available: ${(e as Error).message}`);
      return [];
    }
    if (!cur) return [];
    const { folder, manifestPath, m } = cur;
    this.notifyGate(folder, manifestPath, m);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lenses: CodeLens[] = [
      { range, command: { title: `${riskLine(m)}`, command: EXPORT_MANIFEST_COMMAND, arguments: [{ uri: doc.uri }] } },
    ];
    // What keeps it incomplete: each unknown factor with the command that completes it, then the TODO fields.
    for (const x of (m.status.missing ?? []).filter((i) => !isHumanField(i))) lenses.push({ range, command: { title: missingLabel(x), command: '' } });
    if (m.status.todo.length) lenses.push({ range, command: { title: `Incomplete: ${m.status.todo.length} field(s) to fill`, command: '' } });
    return lenses;
  }

  /**
   * On the verdict (`risk`, `risk.score`, `risk.gate`, `risk.incomplete`, `status` and their keys) of a manifest,
   * the current score and gate, "incomplete" beside it, and what would complete the manifest: added to the
   * manifest family's schema hover.
   */
  async verdictHover(doc: TextDocument, h: EditorHover): Promise<string | undefined> {
    if (!this.isManifest(doc) || !h.key || !/^(risk(\.(score|gate|incomplete|afterFixes|incompleteFactors))?|status(\..*)?)$/.test(h.key)) return undefined;
    try {
      const cur = await this.current(doc);
      return cur ? verdictMarkdown(cur.m) : undefined;
    } catch {
      return undefined;
    }
  }

}
