/**
 * The scanner's content-hash cache (CLI `--cache`, like eslint's): a file
 * is not analysed again when its text, the settings and the facts of the
 * files it depends on are unchanged. Stored as JSON; findings hold masked
 * messages and ranges only, never a value.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../engine';
import { ENGINE_VERSION_FOR_CACHE } from './version';

export interface CacheEntry {
  hash: string;
  settings: string;
  deps: string[];
  depsDigest: string;
  findings: Finding[];
  problems: string[];
}

interface CacheFile {
  version: string;
  root: string;
  entries: Record<string, CacheEntry>;
}

export class ScanCache {
  private entries: Record<string, CacheEntry> = {};
  private dirty = false;
  hits = 0;
  misses = 0;

  constructor(readonly file: string, readonly root: string) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
      if (data.version === ENGINE_VERSION_FOR_CACHE && data.root === root && data.entries && typeof data.entries === 'object') this.entries = data.entries;
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  private key(p: string): string {
    return path.relative(this.root, p).split(path.sep).join('/');
  }

  lookup(p: string, hash: string, settings: string, digestOf: (deps: string[]) => string): CacheEntry | undefined {
    const e = this.entries[this.key(p)];
    if (e && e.hash === hash && e.settings === settings && e.depsDigest === digestOf(e.deps)) {
      this.hits++;
      return e;
    }
    this.misses++;
    return undefined;
  }

  store(p: string, entry: CacheEntry): void {
    this.entries[this.key(p)] = entry;
    this.dirty = true;
  }

  /** Drops entries of files that no longer exist in this scan. */
  retain(paths: Iterable<string>): void {
    const keep = new Set([...paths].map((p) => this.key(p)));
    for (const k of Object.keys(this.entries)) {
      if (!keep.has(k)) {
        delete this.entries[k];
        this.dirty = true;
      }
    }
  }

  save(): void {
    if (!this.dirty) return;
    const data: CacheFile = { version: ENGINE_VERSION_FOR_CACHE, root: this.root, entries: this.entries };
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(data));
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }
}
