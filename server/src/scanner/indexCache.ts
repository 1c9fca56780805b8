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

interface Header {
  version: string;
  root: string;
  settings: string;
}

/**
 * The file: the HMAC (64 hex digits) on the first line, then the header (JSON) on the second, then one line per file
 * (`["relative/path", entry]`). The HMAC covers every byte after the first line. Written a slice of files at a time
 * and read a line at a time: a 20,000-file index (~10 MB) is never one string in memory (index-1 was one JSON body).
 */
const FORMAT = 'index-2';
/** Text buffered before it is written (and hashed). */
const WRITE_CHUNK = 256 * 1024;
/** Lines read between two pauses of a sliced load. */
const LINES_PER_SLICE = 512;
let tmpCounter = 0;

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

/** Kept indexes of folders not opened for this long are removed (a folder deleted or moved leaves one behind). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

function pruneOld(dir: string): void {
  try {
    const now = Date.now();
    for (const f of fs.readdirSync(dir)) {
      // A writer's own file left by a server that stopped while writing goes after an hour.
      const tmp = /^index-[0-9a-f]{32}\.json\.\d+\.\d+\.tmp$/.test(f);
      if (!tmp && !/^index-[0-9a-f]{32}\.json$/.test(f)) continue;
      const p = path.join(dir, f);
      if (now - fs.statSync(p).mtimeMs > (tmp ? 3600 * 1000 : MAX_AGE_MS)) fs.rmSync(p, { force: true });
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
  static load(root: string, settings: string, opts: { file?: string; key?: Buffer } = {}): LoadResult {
    const reading = IndexCache.reader(root, settings, opts);
    for (;;) {
      const r = reading.next();
      if (r.done) return r.value;
    }
  }

  /** `load`, pausing (`pause`, the server's background yield) every 512 files read. */
  static async loadSliced(root: string, settings: string, pause: () => Promise<void>, opts: { file?: string; key?: Buffer } = {}): Promise<LoadResult> {
    const reading = IndexCache.reader(root, settings, opts);
    for (;;) {
      const r = reading.next();
      if (r.done) return r.value;
      await pause();
    }
  }

  private static *reader(root: string, settings: string, opts: { file?: string; key?: Buffer }): Generator<void, LoadResult> {
    const file = opts.file ?? indexCacheFile(root);
    let raw: Buffer;
    try {
      if (fs.statSync(file).size > MAX_INDEX_BYTES) return { problem: `the kept index is larger than ${MAX_INDEX_BYTES / 1024 / 1024} MB: not used` };
      raw = fs.readFileSync(file);
    } catch {
      return {};
    }
    const damaged = { problem: 'the kept index is damaged: not used' };
    const nl = raw.indexOf(10);
    if (nl !== 64) return damaged;
    let key: Buffer;
    try {
      key = opts.key ?? machineKey();
    } catch (e) {
      return { problem: `the kept index is not used: ${(e as Error).message}` };
    }
    const mac = raw.subarray(0, nl).toString('latin1');
    const want = nodeCrypto().createHmac('sha256', key).update(raw.subarray(nl + 1)).digest();
    if (!/^[0-9a-f]{64}$/.test(mac) || !nodeCrypto().timingSafeEqual(Buffer.from(mac, 'hex'), want)) return { problem: 'the kept index failed verification (edited, or written on another machine): not used' };
    // Verified: written by this machine's server. The header, then 512 lines at a time (no string of the whole file).
    let at = raw.indexOf(10, nl + 1);
    if (at < 0) at = raw.length;
    let header: Header;
    try {
      header = JSON.parse(raw.toString('utf8', nl + 1, at)) as Header;
    } catch {
      return damaged;
    }
    if (!header || header.version !== `${ENGINE_VERSION_FOR_CACHE}/${FORMAT}` || header.root !== path.resolve(root) || header.settings !== settings) return {};
    const entries = new Map<string, IndexEntry>();
    for (at++; at < raw.length; ) {
      // A batch of up to 512 lines, each one entry: a JSON text holds no raw line break, so the batch is one JSON array
      // once its breaks are commas, and it must hold exactly as many entries as lines (no empty line, no entry split
      // over two lines or two on one).
      let end = at;
      let lines = 0;
      while (lines < LINES_PER_SLICE && end < raw.length) {
        const e = raw.indexOf(10, end);
        const stop = e < 0 ? raw.length : e;
        if (stop === end) return damaged;
        lines++;
        end = e < 0 ? raw.length : e + 1;
      }
      const batch = raw.toString('utf8', at, raw[end - 1] === 10 ? end - 1 : end).replace(/\n/g, ',');
      at = end;
      let list: unknown;
      try {
        list = JSON.parse(`[${batch}]`);
      } catch {
        return damaged;
      }
      if (!Array.isArray(list) || list.length !== lines) return damaged;
      for (const kv of list) {
        if (!Array.isArray(kv) || kv.length !== 2 || typeof kv[0] !== 'string' || !kv[1] || typeof kv[1] !== 'object') return damaged;
        entries.set(kv[0], kv[1] as IndexEntry);
      }
      yield;
    }
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
  static save(root: string, settings: string, entries: Iterable<[string, IndexEntry]>, opts: WriteOptions = {}): void {
    const w = IndexCache.writer(root, settings, opts);
    try {
      for (const [p, e] of entries) w.add(p, e);
      w.finish();
    } catch (e) {
      w.abort();
      throw e;
    }
  }

  /**
   * A writer of the folder's index, a file at a time (the language server writes one in slices, between which it
   * answers the editor): nothing replaces the kept index until `finish`; `abort` leaves it as it was.
   */
  static writer(root: string, settings: string, opts: WriteOptions = {}): IndexWriter {
    return new IndexWriter(path.resolve(root), settings, opts);
  }
}

type LoadResult = { cache?: IndexCache; problem?: string };
type WriteOptions = { file?: string; key?: Buffer; maxBytes?: number };

/** Writes the whole buffer at `position` (or the file's position): a write may write less than it was given. */
function writeAll(fd: number, buf: Buffer, position?: number): void {
  for (let done = 0; done < buf.length; ) {
    const n = fs.writeSync(fd, buf, done, buf.length - done, position === undefined ? null : position + done);
    if (n <= 0) throw new Error('the index could not be written (no space left?)');
    done += n;
  }
}

/** The HMAC's line: 64 hexadecimal digits and a line break. */
const MAC_LINE = 65;

export class IndexWriter {
  private readonly file: string;
  private readonly tmp: string;
  private readonly maxBytes: number;
  private fd: number | undefined;
  /** The writer's own file exists (until it is renamed over the kept one, or removed). */
  private tmpExists = false;
  private readonly hmac: ReturnType<ReturnType<typeof nodeCrypto>['createHmac']>;
  private parts: string[] = [];
  private pending = 0;
  /** Bytes of the file so far, the HMAC's line included (the reader's size limit is on the whole file). */
  private written = MAC_LINE;
  /** Files added. */
  count = 0;

  constructor(
    private readonly root: string,
    settings: string,
    opts: WriteOptions,
  ) {
    this.file = opts.file ?? indexCacheFile(root);
    this.maxBytes = opts.maxBytes ?? MAX_INDEX_BYTES;
    this.hmac = nodeCrypto().createHmac('sha256', opts.key ?? machineKey());
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    // A name of its own per writer: a write cut short by the server's shutdown never meets the one that replaces it.
    this.tmp = `${this.file}.${process.pid}.${++tmpCounter}.tmp`;
    this.fd = fs.openSync(this.tmp, 'w', 0o600);
    this.tmpExists = true;
    try {
      // The HMAC's place, written once every line is.
      writeAll(this.fd, Buffer.from(`${'0'.repeat(64)}\n`, 'latin1'));
      this.line(JSON.stringify({ version: `${ENGINE_VERSION_FOR_CACHE}/${FORMAT}`, root, settings } satisfies Header));
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  add(p: string, e: IndexEntry): void {
    this.line(JSON.stringify([path.relative(this.root, p).split(path.sep).join('/'), e]));
    this.count++;
  }

  private line(s: string): void {
    this.parts.push(s, '\n');
    this.pending += s.length + 1;
    if (this.pending >= WRITE_CHUNK) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined) throw new Error('the index writer is closed');
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.written += buf.length;
    if (this.written > this.maxBytes) {
      // Too large to be worth reading back: an older, smaller one would be stale, so it goes too.
      this.abort();
      fs.rmSync(this.file, { force: true });
      throw new Error(`the index of this folder is larger than ${Math.round(this.maxBytes / 1024 / 1024)} MB; it is not kept`);
    }
    this.hmac.update(buf);
    writeAll(this.fd, buf);
  }

  /** Writes what is left and the HMAC, then puts the file in place of the kept one (on failure, nothing is left). */
  finish(): void {
    try {
      this.flush();
      const fd = this.fd!;
      writeAll(fd, Buffer.from(this.hmac.digest('hex'), 'latin1'), 0);
      fs.closeSync(fd);
      this.fd = undefined;
      fs.renameSync(this.tmp, this.file);
      this.tmpExists = false;
    } catch (e) {
      this.abort();
      throw e;
    }
    pruneOld(path.dirname(this.file));
  }

  /** Drops what was written (the kept index stays as it was). */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // Closed already.
      }
      this.fd = undefined;
    }
    if (this.tmpExists) {
      this.tmpExists = false;
      fs.rmSync(this.tmp, { force: true });
    }
  }
}
