/**
 * The language server's index kept across starts: for each file of a folder, its facts, its findings (masked
 * messages and ranges, as the workspace report sends them; never a value) and what they depended on, by the
 * file's "mtimeMs:size" stamp. A server started on a folder it indexed before reads only the files whose stamp
 * changed; the others' facts come from here, and their findings too when the facts they depended on are the same
 * (compared by content digest once every file's facts are in).
 *
 * Like the CLI's `--cache`, it is not taken on trust: it lives in the user's cache folder (never in the
 * repository), one file per folder, and the whole file carries an HMAC-SHA256 under this machine's key. A file that
 * does not verify, or was written by another engine, settings or folder, is not used (and is replaced).
 * MICROAPP_GUARD_INDEX_CACHE=0 turns it off.
 */
import { nodeCrypto } from '../engine/nodeCrypto';
import fs = require('fs');
import path = require('path');
import type { Fact, Finding, Problem } from '../engine';
import { defaultCacheFile, machineKey, userCacheDir } from './cache';
import { ENGINE_VERSION_FOR_CACHE } from './version';

export interface IndexEntry {
  /** "mtimeMs:size" of the file when it was read. */
  stamp: string;
  hash: string;
  facts: Fact[];
  findings: Finding[];
  problems: Problem[];
  deps: string[];
  /** The content digest of the facts `deps` stood for (WorkspaceModel.digest). */
  depsDigest: string;
}

interface Body {
  version: string;
  root: string;
  settings: string;
  entries: Record<string, IndexEntry>;
}

const FORMAT = 'index-1';

/**
 * Larger kept indexes are neither written nor read: loading one costs memory the server would not otherwise use
 * (20,000 small files keep ~10 MB).
 */
export const MAX_INDEX_BYTES = 96 * 1024 * 1024;

export function indexCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MICROAPP_GUARD_INDEX_CACHE !== '0';
}

/** The folder's file in the user's cache folder (named by a hash of the folder's absolute path). */
export function indexCacheFile(root: string, dir: string = userCacheDir()): string {
  return defaultCacheFile(root, dir, 'index');
}

function macOf(key: Buffer, body: string): string {
  return nodeCrypto().createHmac('sha256', key).update(body).digest('hex');
}

/** Kept indexes of folders not opened for this long are removed (a folder deleted or moved leaves one behind). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

function pruneOld(dir: string): void {
  try {
    const now = Date.now();
    for (const f of fs.readdirSync(dir)) {
      if (!/^index-[0-9a-f]{32}\.json$/.test(f)) continue;
      const p = path.join(dir, f);
      if (now - fs.statSync(p).mtimeMs > MAX_AGE_MS) fs.rmSync(p, { force: true });
    }
  } catch {
    // Best effort: an old index only takes space.
  }
}

export class IndexCache {
  private constructor(
    readonly root: string,
    private readonly entries: Map<string, IndexEntry>,
  ) {}

  /**
   * The folder's kept index when it verifies and was written for this engine, folder and `settings` digest;
   * otherwise undefined, with why (nothing said when there is none yet).
   */
  static load(root: string, settings: string, opts: { file?: string; key?: Buffer } = {}): { cache?: IndexCache; problem?: string } {
    const file = opts.file ?? indexCacheFile(root);
    let raw: Buffer;
    try {
      if (fs.statSync(file).size > MAX_INDEX_BYTES) return { problem: `the kept index is larger than ${MAX_INDEX_BYTES / 1024 / 1024} MB: not used` };
      raw = fs.readFileSync(file);
    } catch {
      return {};
    }
    const nl = raw.indexOf(10);
    if (nl !== 64) return { problem: 'the kept index is damaged: not used' };
    let key: Buffer;
    try {
      key = opts.key ?? machineKey();
    } catch (e) {
      return { problem: `the kept index is not used: ${(e as Error).message}` };
    }
    const bodyBytes = raw.subarray(nl + 1);
    const mac = raw.subarray(0, nl).toString('latin1');
    const want = nodeCrypto().createHmac('sha256', key).update(bodyBytes).digest();
    if (!/^[0-9a-f]{64}$/.test(mac) || !nodeCrypto().timingSafeEqual(Buffer.from(mac, 'hex'), want)) return { problem: 'the kept index failed verification (edited, or written on another machine): not used' };
    let body: Body;
    try {
      body = JSON.parse(bodyBytes.toString('utf8')) as Body;
    } catch {
      return { problem: 'the kept index is damaged: not used' };
    }
    if (!body || body.version !== `${ENGINE_VERSION_FOR_CACHE}/${FORMAT}` || body.root !== path.resolve(root) || body.settings !== settings || !body.entries || typeof body.entries !== 'object') return {};
    const entries = new Map<string, IndexEntry>();
    for (const [k, e] of Object.entries(body.entries)) entries.set(k, e);
    return { cache: new IndexCache(path.resolve(root), entries) };
  }

  private keyOf(p: string): string {
    return path.relative(this.root, p).split(path.sep).join('/');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry kept for a file when its stamp is `stamp`. */
  get(p: string, stamp: string): IndexEntry | undefined {
    const e = this.entries.get(this.keyOf(p));
    return e && e.stamp === stamp ? e : undefined;
  }

  /** Whether a file has an entry at all (only then is its stamp asked for before it is read). */
  has(p: string): boolean {
    return this.entries.has(this.keyOf(p));
  }

  /** Writes a folder's index (replacing the file at once: a reader sees the old one or the new one). */
  static save(root: string, settings: string, entries: Iterable<[string, IndexEntry]>, opts: { file?: string; key?: Buffer; maxBytes?: number } = {}): void {
    const abs = path.resolve(root);
    const out: Record<string, IndexEntry> = {};
    for (const [p, e] of entries) out[path.relative(abs, p).split(path.sep).join('/')] = e;
    const body = JSON.stringify({ version: `${ENGINE_VERSION_FOR_CACHE}/${FORMAT}`, root: abs, settings, entries: out } satisfies Body);
    const key = opts.key ?? machineKey();
    const file = opts.file ?? indexCacheFile(root);
    if (Buffer.byteLength(body) > (opts.maxBytes ?? MAX_INDEX_BYTES)) {
      // Too large to be worth reading back: an older, smaller one would be stale, so it goes too.
      fs.rmSync(file, { force: true });
      throw new Error(`the index of this folder is larger than ${Math.round((opts.maxBytes ?? MAX_INDEX_BYTES) / 1024 / 1024)} MB; it is not kept`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${macOf(key, body)}\n${body}`, { mode: 0o600 });
    fs.renameSync(tmp, file);
    pruneOld(path.dirname(file));
  }
}
