/**
 * The workspace index: what the engine may know of the folder around a
 * document (.gitignore, .secretlintignore, .secretlintrc.*, ignore settings)
 * and the file walk the CLI and workspace scans use. It reads files; it never
 * writes, never runs workspace code unless the workspace is trusted, and
 * never touches the network.
 */
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { FINGERPRINT_FILE, fingerprintFilePath, parseFingerprints } from './fixes/ignore';
import { FAMILIES } from './registry';
import type { WorkspaceView } from './types';

export interface WorkspaceIndexOptions {
  /** Trusted workspaces may load rule packages named by .secretlintrc. */
  trusted?: boolean;
  /** Extra ignore globs (gitignore syntax) from settings or the command line. */
  ignore?: string[];
  /** Largest file the walk yields, in bytes. */
  maxFileSize?: number;
}

const ALWAYS_SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '.vscode-test', '__pycache__', '.venv', 'venv', '.terraform', '.next', '.cache']);
const BINARY_EXT = new Set(
  '.png .jpg .jpeg .gif .webp .ico .bmp .tiff .pdf .zip .gz .tgz .bz2 .xz .7z .rar .jar .war .class .so .dylib .dll .exe .bin .o .a .wasm .woff .woff2 .ttf .otf .eot .mp3 .mp4 .mov .avi .webm .ogg .wav .flac .sqlite .db .pyc .vsix .node .psd .ai .sketch .parquet .avro'.split(' '),
);

/** The scanner's cache file (CLI --cache): never scanned itself. */
export const SCAN_CACHE_FILE = '.microapp-guard-cache';

export class WorkspaceIndex implements WorkspaceView {
  readonly root: string;
  /** The enclosing git work tree (may be above root, as in a monorepo package); root when none. */
  gitRoot: string;
  readonly trusted: boolean;
  private readonly gitignores = new Map<string, Ignore | null>();
  private scanIgnore: Ignore;
  private readonly maxFileSize: number;
  private settingsIgnore: string[];
  private readonly configs = new Map<string, unknown>();
  private fingerprintSet?: ReadonlySet<string>;
  private configEpoch = 0;

  constructor(root: string, opts: WorkspaceIndexOptions = {}) {
    this.root = path.resolve(root);
    this.gitRoot = findGitRoot(this.root) ?? this.root;
    // A folder the user points at explicitly is scanned even when the repository ignores it.
    if (this.gitRoot !== this.root && this.isGitIgnored(path.join(this.root, '_'))) {
      this.gitRoot = this.root;
      this.gitignores.clear();
    }
    this.trusted = opts.trusted ?? false;
    this.maxFileSize = opts.maxFileSize ?? 5 * 1024 * 1024;
    this.settingsIgnore = opts.ignore ?? [];
    this.scanIgnore = this.buildScanIgnore();
  }

  /** Call when .gitignore, .secretlintignore or a family's config file changes. */
  reload(): void {
    this.gitignores.clear();
    this.scanIgnore = this.buildScanIgnore();
    this.configs.clear();
    this.fingerprintSet = undefined;
    this.configEpoch++;
  }

  configVersion(): number {
    return this.configEpoch;
  }

  /** Applies the ignore globs of the settings; cheap when they did not change. */
  setIgnore(globs: string[]): void {
    if (JSON.stringify(globs) === JSON.stringify(this.settingsIgnore)) return;
    this.settingsIgnore = [...globs];
    this.scanIgnore = this.buildScanIgnore();
    this.configEpoch++;
  }

  private buildScanIgnore(): Ignore {
    const ig = ignore();
    const text = this.readDisk(path.join(this.root, '.secretlintignore'));
    if (text) ig.add(text);
    ig.add(this.settingsIgnore);
    return ig;
  }

  private rel(absPath: string): string | undefined {
    const r = path.relative(this.root, path.resolve(absPath));
    if (!r || r.startsWith('..') || path.isAbsolute(r)) return undefined;
    return r.split(path.sep).join('/');
  }

  contains(absPath: string): boolean {
    return this.rel(absPath) !== undefined;
  }

  /** A workspace file as fixes see it (an adapter may overlay open, unsaved buffers). */
  readFile(absPath: string): string | undefined {
    return this.readDisk(absPath);
  }

  /**
   * A file as it is on disk: the folder's own configuration (.gitignore, ignore files, family config,
   * fingerprints) is always read from disk, so an unsaved buffer never leaks into the shared caches.
   */
  protected readDisk(absPath: string): string | undefined {
    try {
      return fs.readFileSync(absPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  private gitignoreAt(dir: string): Ignore | null {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir)!;
    let ig: Ignore | null = null;
    const text = this.readDisk(path.join(dir, '.gitignore'));
    const extra = dir === this.gitRoot ? this.readDisk(path.join(dir, '.git', 'info', 'exclude')) : undefined;
    if (text || extra) {
      ig = ignore();
      if (text) ig.add(text);
      if (extra) ig.add(extra);
    }
    this.gitignores.set(dir, ig);
    return ig;
  }

  /** As git sees it: every .gitignore from the work tree's root down to the file, and .git/info/exclude. */
  isGitIgnored(absPath: string): boolean {
    const r = path.relative(this.gitRoot, path.resolve(absPath));
    if (!r || r.startsWith('..') || path.isAbsolute(r)) return false;
    const parts = r.split(path.sep);
    for (let i = 0; i < parts.length; i++) {
      const dir = path.join(this.gitRoot, ...parts.slice(0, i));
      const ig = this.gitignoreAt(dir);
      if (!ig) continue;
      if (ig.ignores(parts.slice(i).join('/'))) return true;
      // A file inside an ignored directory is ignored too.
      for (let j = i + 1; j < parts.length; j++) {
        if (ig.ignores(parts.slice(i, j).join('/') + '/')) return true;
      }
    }
    return false;
  }

  isScanIgnored(absPath: string): boolean {
    const rel = this.rel(absPath);
    if (rel === undefined) return false;
    if (rel.split('/').some((p) => ALWAYS_SKIP_DIRS.has(p))) return true;
    return this.scanIgnore.ignores(rel);
  }

  /** A family's folder configuration (loaded once, again after reload()). */
  config(family: string): unknown {
    if (!this.configs.has(family)) {
      const fam = FAMILIES.find((f) => f.name === family);
      this.configs.set(family, fam?.folderConfig?.load(this.root, (p) => this.readDisk(p)));
    }
    return this.configs.get(family);
  }

  /** Runs the families' async folder preparation (rule packages of a trusted workspace, ...). */
  async prepare(): Promise<{ options: Record<string, unknown>; notes: string[] }> {
    const options: Record<string, unknown> = {};
    const notes: string[] = [];
    for (const fam of FAMILIES) {
      if (!fam.prepareFolder) continue;
      const r = await fam.prepareFolder({ root: this.root, trusted: this.trusted, config: this.config(fam.name) });
      options[fam.name] = r.options;
      notes.push(...r.notes);
    }
    return { options, notes };
  }

  /** Fingerprints of findings accepted on purpose (.microapp-guard-ignore), read once per reload. */
  fingerprints(): ReadonlySet<string> {
    return (this.fingerprintSet ??= parseFingerprints(this.readDisk(fingerprintFilePath(this.root))));
  }

  /** Names of the files whose change reloads folder configuration (.gitignore, ignore files, family config files). */
  static configFileNames(): string[] {
    return ['.gitignore', '.secretlintignore', FINGERPRINT_FILE, ...FAMILIES.flatMap((f) => f.folderConfig?.files ?? [])];
  }

  /** Files to scan below `dir` (default: the root), in a stable order. */
  *walk(dir: string = this.root): Generator<string> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIP_DIRS.has(e.name)) continue;
        if (this.isGitIgnored(abs) || this.isScanIgnored(abs + '/')) continue;
        yield* this.walk(abs);
      } else if (e.isFile()) {
        if (this.isGitIgnored(abs) || this.isScanIgnored(abs)) continue;
        if (BINARY_EXT.has(path.extname(e.name).toLowerCase())) continue;
        if (e.name === SCAN_CACHE_FILE) continue;
        yield abs;
      }
    }
  }

  /** Reads a file for scanning; undefined (with a reason) for binaries and oversized files. */
  readForScan(absPath: string): { text?: string; skipped?: string } {
    let st: fs.Stats;
    try {
      st = fs.statSync(absPath);
    } catch (e) {
      return { skipped: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    if (st.size > this.maxFileSize) return { skipped: `larger than ${Math.round(this.maxFileSize / 1024 / 1024)} MB` };
    let buf: Buffer;
    try {
      buf = fs.readFileSync(absPath);
    } catch (e) {
      return { skipped: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    if (buf.subarray(0, 8000).includes(0)) return { skipped: 'binary' };
    const text = buf.toString('utf8');
    // Editors do not count a byte-order mark as a column.
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
}

function findGitRoot(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
