/**
 * The scanner's content-hash cache (CLI `--cache`, like eslint's): a file
 * is not analysed again when its text, the settings and the facts of the
 * files it depends on are unchanged. Stored as JSON; findings hold masked
 * messages and ranges only, never a value.
 *
 * A cache decides what is reported, so it is not taken on trust. By default it
 * lives outside the repository, in the user's cache folder (one file per
 * scanned root), so a committed file is never read; and every entry carries an
 * HMAC-SHA256 under a key that never leaves this machine (32 random bytes in
 * that folder, mode 0600). An entry that does not verify (edited, or written on
 * another machine) is ignored and counted, and its file is analysed again.
 */
import { nodeCrypto } from '../engine/nodeCrypto';
import fs = require('fs');
import os = require('os');
import path = require('path');
import type { Finding, Problem } from '../engine';
import { ENGINE_VERSION_FOR_CACHE } from './version';

/** Whether a kept result still holds: the same text, settings and facts of what it depended on. */
export function entryHolds(e: CacheEntry | undefined, hash: string, settings: string, digestOf: (deps: string[]) => string): e is CacheEntry {
  return !!e && e.hash === hash && e.settings === settings && e.depsDigest === digestOf(e.deps);
}

export interface CacheEntry {
  hash: string;
  settings: string;
  deps: string[];
  depsDigest: string;
  findings: Finding[];
  problems: Problem[];
  /** The file's "mtimeMs:size" when it was read (kept in memory only: a file's unchanged stamp spares re-reading it). */
  stamp?: string;
}

interface StoredEntry extends CacheEntry {
  /** HMAC-SHA256 (hex) of the entry's canonical content, under the machine's key. */
  mac: string;
}

interface CacheFile {
  version: string;
  root: string;
  entries: Record<string, StoredEntry>;
}

const KEY_FILE = 'key';
const KEY_BYTES = 32;

/**
 * The user's cache folder for microapp-guard: $XDG_CACHE_HOME/microapp-guard when set (an absolute path, as the
 * XDG spec requires); otherwise %LOCALAPPDATA%\microapp-guard on Windows, ~/Library/Caches/microapp-guard on macOS,
 * ~/.cache/microapp-guard elsewhere.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'microapp-guard');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(os.homedir(), 'AppData', 'Local'), 'microapp-guard');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'microapp-guard');
  return path.join(os.homedir(), '.cache', 'microapp-guard');
}

/** The default cache file of a scanned root: in the user's cache folder, named by a hash of the root's absolute path. */
export function defaultCacheFile(root: string, dir: string = userCacheDir(), prefix = 'scan'): string {
  let abs = path.resolve(root);
  if (process.platform === 'win32') abs = abs.toLowerCase();
  return path.join(dir, `${prefix}-${nodeCrypto().createHash('sha256').update(abs).digest('hex').slice(0, 32)}.json`);
}

function readKey(file: string): Buffer | undefined {
  let key: Buffer;
  try {
    key = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  if (key.length !== KEY_BYTES) return undefined;
  if (process.platform !== 'win32') {
    try {
      if (fs.statSync(file).mode & 0o077) fs.chmodSync(file, 0o600);
    } catch {
      /* best effort */
    }
  }
  return key;
}

/**
 * This machine's cache key: 32 random bytes in `dir` (mode 0600), made once. Two scans starting together agree on
 * one key (it is published with a hard link, which fails when the file exists). Throws when it cannot be made.
 */
export function machineKey(dir: string = userCacheDir()): Buffer {
  const file = path.join(dir, KEY_FILE);
  const existing = readKey(file);
  if (existing) return existing;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `${KEY_FILE}.${process.pid}.${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, nodeCrypto().randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // EEXIST: another scan made it first (or it is damaged: replaced below). Other codes: no hard links here.
      if (code !== 'EEXIST' || !readKey(file)) fs.renameSync(tmp, file);
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const key = readKey(file);
  if (!key) throw new Error(`cannot make the cache key ${file}`);
  return key;
}

/** JSON with object keys sorted, so the MAC does not depend on how the file was serialised. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export class ScanCache {
  private readonly entries = new Map<string, StoredEntry>();
  private readonly secret: Buffer;
  private dirty = false;
  hits = 0;
  misses = 0;
  /** Entries of the file that failed verification (edited, or written with another machine's key): ignored. */
  rejected = 0;

  /** `key`: the MAC key (default: this machine's, made in the user's cache folder when missing; throws when it cannot be). */
  constructor(readonly file: string, readonly root: string, opts: { key?: Buffer } = {}) {
    this.secret = opts.key ?? machineKey();
    let data: CacheFile;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
    } catch {
      return; // No cache yet, or an unreadable one: start empty.
    }
    if (!data || data.version !== ENGINE_VERSION_FOR_CACHE || data.root !== root || !data.entries || typeof data.entries !== 'object') return;
    for (const [k, e] of Object.entries(data.entries)) {
      if (this.verify(k, e)) {
        this.entries.set(k, e);
      } else {
        this.rejected++;
        this.dirty = true;
      }
    }
  }

  /** The MAC binds an entry to this cache format, this root, its file and every field that is reported. */
  private mac(k: string, e: CacheEntry): Buffer {
    const content = canonical([ENGINE_VERSION_FOR_CACHE, this.root, k, e.hash, e.settings, e.deps, e.depsDigest, e.findings, e.problems]);
    return nodeCrypto().createHmac('sha256', this.secret).update(content).digest();
  }

  private verify(k: string, e: StoredEntry): boolean {
    if (!e || typeof e !== 'object' || typeof e.mac !== 'string' || !/^[0-9a-f]{64}$/.test(e.mac)) return false;
    if (typeof e.hash !== 'string' || typeof e.settings !== 'string' || typeof e.depsDigest !== 'string') return false;
    if (!Array.isArray(e.deps) || !Array.isArray(e.findings) || !Array.isArray(e.problems) || !e.problems.every((p) => typeof p?.message === 'string')) return false;
    return nodeCrypto().timingSafeEqual(Buffer.from(e.mac, 'hex'), this.mac(k, e));
  }

  private key(p: string): string {
    return path.relative(this.root, p).split(path.sep).join('/');
  }

  lookup(p: string, hash: string, settings: string, digestOf: (deps: string[]) => string): CacheEntry | undefined {
    const e = this.entries.get(this.key(p));
    const hit = entryHolds(e, hash, settings, digestOf) ? e : undefined;
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  store(p: string, entry: CacheEntry): void {
    const k = this.key(p);
    // As it will read back from the file (plain JSON), so the MAC is over exactly what is stored.
    const plain = JSON.parse(JSON.stringify(entry)) as CacheEntry;
    this.entries.set(k, { ...plain, mac: this.mac(k, plain).toString('hex') });
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist in this scan. */
  retain(paths: Iterable<string>): void {
    const keep = new Set([...paths].map((p) => this.key(p)));
    for (const k of [...this.entries.keys()]) {
      if (!keep.has(k)) {
        this.entries.delete(k);
        this.dirty = true;
      }
    }
  }

  save(): void {
    if (!this.dirty) return;
    const data: CacheFile = { version: ENGINE_VERSION_FOR_CACHE, root: this.root, entries: Object.fromEntries(this.entries) };
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }
}
