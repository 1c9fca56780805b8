/**
 * The one scanner, shared by the CLI (`microapp-guard scan`) and the
 * language server's workspace diagnostics: walk (git and scan ignores),
 * read, index every file's facts into the workspace model, then analyse.
 * Analysis runs on worker threads when there is enough work for both cores,
 * and a content-hash cache skips files whose text, settings and the facts
 * they depend on are unchanged (CLI `--cache`).
 */
import { nodeCrypto } from '../engine/nodeCrypto';
import os = require('os');
import {
  analyze,
  detectFileKind,
  DocumentContext,
  documentFacts,
  NEVER_CANCELLED,
  readsOtherFiles,
  type CancellationToken,
  type Finding,
  type Settings,
  WorkspaceModel,
  type WorkspaceIndex,
} from '../engine';
import type { ScanRead, SkipKind } from '../engine/folder';
import { entryHolds, ScanCache, type CacheEntry } from './cache';
import { WorkerPool, type Job } from './pool';
import { initHcl } from '../engine/formats/hcl';
import { ENGINE_VERSION_FOR_CACHE } from './version';
import type { IndexCache, IndexEntry } from './indexCache';
import { fileStamp } from '../engine/folder';
import { compactCopy } from '../engine/compact';
import fs = require('fs');
import path = require('path');
import { FAMILIES, RULES, WorkspaceIndex as WorkspaceIndexClass, type Problem } from '../engine';
import { VERSION as PACKAGE_VERSION } from '../version';

export interface ScanTarget {
  path: string;
  /** "mtimeMs:size" from a stat the caller made: a cached result of the same stamp is used without reading the file. */
  stamp?: string;
  /** Text when the caller has it (an open buffer); otherwise read from disk. */
  text?: string;
  /** The file came from the folder's walk, which applied its ignore rules: the analysis does not ask them again. */
  walked?: boolean;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  problems: Problem[];
  /** Read or analysis skipped, with the reason (binary, too large, unreadable). */
  skipped?: string;
  /** The kind of skip, when `skipped` is set. */
  skip?: SkipKind;
  cached: boolean;
}

export interface ScannerOptions {
  folder: WorkspaceIndex;
  settings: Settings;
  model: WorkspaceModel;
  /** Family options from WorkspaceIndex.prepare(). */
  familyOptions?: Record<string, unknown>;
  cache?: ResultCache;
  /** How a cached result's dependencies are compared (default: the model's content digest). */
  depsDigest?: (deps: string[]) => string;
  /**
   * With indexOnly: also analyse each file as it is indexed (one read, one parse), keeping the result in `cache`;
   * a later `analyse` re-runs only the files whose dependencies changed after their analysis.
   */
  analyseWhileIndexing?: boolean;
  /** Worker threads to use (default: one per core when there are many files; 0 = analyse in this thread). */
  workers?: number;
  /** Yield to the event loop between files (the language server, so edits are served first). */
  yieldBetweenFiles?: boolean;
  /** `index` only publishes facts (no analysis follows with this scanner): read, publish and forget each file. */
  indexOnly?: boolean;
  /** How to yield between files (default: setImmediate); the language server waits for open-document work there. */
  yieldTo?: () => Promise<void>;
  /**
   * Store facts as compact copies that hold no slice of a file's text (default: true). A model that lives for one
   * scan (the CLI, an export) holds the texts anyway and skips the copies.
   */
  compactFacts?: boolean;
  /**
   * The folder's index kept from an earlier start (indexCache.ts): a file whose stamp is unchanged publishes its kept
   * facts without being read, and its kept findings stand when what they depended on is unchanged.
   */
  persisted?: IndexCache;
  /** Filled by the language server's index: the stamp of the disk text each file's facts were published from. */
  factStamps?: Map<string, string>;
  /** Files indexed so far, of how many (for a progress report). */
  onProgress?: (done: number, total: number) => void;
}



/**
 * What besides a file's text and its dependencies its findings depend on: the engine (version and rule
 * set), the settings, and the folder's configuration (ignore and fingerprint files, family config files such
 * as .secretlintrc, whether the workspace is trusted and which rule packages it loaded).
 */
export function settingsDigest(settings: Settings, folder?: WorkspaceIndex, familyOptions?: Record<string, unknown>): string {
  const h = nodeCrypto().createHash('sha1').update(ENGINE_VERSION_FOR_CACHE).update(PACKAGE_VERSION).update(RULES.map((r) => `${r.id}:${r.severity}`).join(',')).update(JSON.stringify(settings.values));
  if (folder) {
    for (const name of WorkspaceIndexClass.configFileNames()) h.update(`\u0000${name}\u0000${folder.readFile(path.join(folder.root, name)) ?? ''}`);
    h.update(`trusted:${folder.trusted}`);
  }
  // Every family's prepared options (rule packages a trusted workspace loads, ...), as the family keys them.
  for (const fam of FAMILIES) {
    const o = familyOptions?.[fam.name];
    if (o !== undefined) h.update(`\u0000${fam.name}:${fam.optionsKey ? fam.optionsKey(o) : (JSON.stringify(o) ?? '')}`);
  }
  return h.digest('hex').slice(0, 16);
}

function textDigest(text: string): string {
  return nodeCrypto().createHash('sha1').update(text).digest('hex');
}

/** Text of index-phase contexts kept for the analysis (beyond it, files are parsed again). */
const KEEP_CONTEXT_CHARS = 48 * 1024 * 1024;

/**
 * Below this much text, worker threads cost more than they save. Measured on 2 cores: 3 MB, one thread 1.4 s,
 * two workers 1.8 s; 24 MB, one thread 4.6 s, two workers 5.2 s (each worker starts the engine, warms its own
 * caches and receives the texts and the model by message). `--workers N` still chooses them.
 */
const MIN_BYTES_FOR_WORKERS = 64 * 1024 * 1024;

export class Scanner {
  /** The streaming index's counts: files read from disk, and files whose kept entry (persisted) stood. */
  filesRead = 0;
  filesKept = 0;
  /** Files the streaming index checked in its second pass (typed YAML, files that read other files' facts). */
  filesDeferred = 0;
  private readonly texts = new Map<string, ScanRead>();
  /** Contexts of the index phase, reused by the analysis (their parses and family memos), while they fit. */
  private readonly contexts = new Map<string, DocumentContext>();
  private contextChars = 0;

  constructor(private readonly opts: ScannerOptions) {}

  /**
   * Phase 1: read the files and publish their facts to the model (so cross-file rules see every file).
   * `skip` is asked right before each file's facts are stored (an editor's open buffer owns its facts).
   */
  async index(targets: ScanTarget[], token: CancellationToken = NEVER_CANCELLED, skip?: (path: string) => boolean): Promise<void> {
    const { folder, model } = this.opts;
    // Terraform facts need the parser (WebAssembly): loaded once, only when there is Terraform.
    if (targets.some((t) => detectFileKind(t.path) === 'terraform')) await initHcl().catch(() => undefined);
    if (this.opts.indexOnly) return this.indexStreaming(targets, token, skip);
    let bytes = 0;
    for (const t of targets) {
      const read: ScanRead = t.text !== undefined ? { text: t.text } : folder.readForScan(t.path);
      this.texts.set(t.path, read);
      bytes += read.text?.length ?? 0;
    }
    const threads = this.threadsFor(bytes);
    if (threads > 0) {
      // Both phases on worker threads: a file's facts and its analysis on the same worker, one parse.
      this.pool = new WorkerPool(threads, { root: folder.root, trusted: folder.trusted, ignore: (this.opts.settings.ignore ?? []) as string[], settings: this.opts.settings.values });
      const jobs: Job[] = [];
      for (const t of targets) {
        const read = this.texts.get(t.path)!;
        if (skip?.(t.path)) continue;
        if (read.text === undefined) model.update(t.path, undefined);
        else jobs.push({ path: t.path, text: read.text });
      }
      await this.pool.facts(jobs, (job, facts) => model.update(job.path, facts ?? []), token);
      return;
    }
    let n = 0;
    for (const t of targets) {
      if (token.isCancellationRequested) return;
      const read = this.texts.get(t.path)!;
      if (skip?.(t.path)) continue;
      if (read.text === undefined) {
        model.update(t.path, undefined);
        continue;
      }
      const ctx = new DocumentContext({ path: t.path, text: read.text }, { transient: true });
      model.update(t.path, documentFacts(ctx), { compact: this.opts.compactFacts !== false });
      if (this.contextChars + read.text.length <= KEEP_CONTEXT_CHARS) {
        this.contexts.set(t.path, ctx);
        this.contextChars += read.text.length;
      }
      if (this.opts.yieldBetweenFiles && ++n % 20 === 0) await this.pause();
    }
  }

  /**
   * The language server's index: one file at a time (read, facts, forget), yielding to the event loop every few
   * files so that the document being typed in is answered first, and keeping no text or parse for later.
   */
  private async indexStreaming(targets: ScanTarget[], token: CancellationToken, skip?: (path: string) => boolean): Promise<void> {
    const { folder, model, persisted } = this.opts;
    let n = 0;
    let done = 0;
    const kept: Array<[string, IndexEntry]> = [];
    // Typed YAML documents (Kubernetes objects, app manifests, ...) and documents a family says read what other files
    // publish (policies, roles, code uses): analysed once every file's facts are in, not once now and again when the
    // files they read arrive (a topic that changes with every file read made each of them read it whole again).
    // With the stamp of the text their facts came from: read again unchanged, their facts are not worked out twice.
    const deferred: Array<{ t: ScanTarget; stamp?: string }> = [];
    const analyseNow = this.opts.analyseWhileIndexing && this.opts.cache;
    for (const t of targets) {
      if (token.isCancellationRequested) return;
      if (++n % 16 === 0) {
        await this.pause();
        this.opts.onProgress?.(done, targets.length);
      }
      if (skip?.(t.path)) {
        done++;
        continue;
      }
      if (persisted && t.text === undefined && persisted.has(t.path)) {
        // Unchanged since the kept index (same stamp): its facts without reading it; its findings are judged below.
        let e: IndexEntry | undefined;
        try {
          const st = fs.statSync(t.path);
          e = st.isFile() ? persisted.get(t.path, fileStamp(st)) : undefined;
        } catch {
          e = undefined;
        }
        if (e) {
          model.update(t.path, e.facts);
          this.opts.factStamps?.set(t.path, e.stamp);
          kept.push([t.path, e]);
          this.filesKept++;
          done++;
          continue;
        }
      }
      const read = this.readIndexed(t);
      if (!read) {
        done++;
        continue;
      }
      // A fresh context: the shared parse cache is for documents being edited, not for 20,000 files read once.
      const ctx = new DocumentContext({ path: t.path, text: read.text }, { transient: true });
      if (!analyseNow || (ctx.kind === 'yaml' && ctx.types().size > 0) || readsOtherFiles(ctx)) {
        model.update(t.path, documentFacts(ctx), { compact: true });
        if (analyseNow) {
          deferred.push({ t, stamp: read.stamp });
          this.filesDeferred++;
        }
        else done++;
        continue;
      }
      if (!(await this.analyseIndexed(t, read, ctx, token, skip))) return;
      done++;
    }
    // Every file's facts are in: the typed documents, read again (a parse is cheaper than keeping 20,000 of them).
    for (const { t, stamp } of deferred) {
      if (token.isCancellationRequested) return;
      if (++n % 16 === 0) {
        await this.pause();
        this.opts.onProgress?.(done, targets.length);
      }
      done++;
      if (skip?.(t.path)) continue;
      const read = this.readIndexed(t);
      if (!read) continue;
      const ctx = new DocumentContext({ path: t.path, text: read.text }, { transient: true });
      const unchanged = t.text === undefined && stamp !== undefined && read.stamp === stamp;
      if (!(await this.analyseIndexed(t, read, ctx, token, skip, unchanged))) return;
    }
    // Every file's facts are in: a kept result stands when the facts it depended on are the ones it saw.
    if (this.opts.cache) {
      for (const [p, e] of kept) {
        if (skip?.(p)) continue;
        if (model.digest(e.deps) !== e.depsDigest) continue;
        model.setDependencies(p, new Set(e.deps));
        this.opts.cache.store(p, { hash: e.hash, settings: this.settingsDigestOnce(), deps: e.deps, depsDigest: this.digestOf(e.deps), findings: e.findings, problems: e.problems, stamp: e.stamp });
      }
    }
  }

  /** A file of the streaming index read (its stamp noted for its facts); undefined (and no facts) when it cannot be. */
  private readIndexed(t: ScanTarget): { text: string; stamp?: string } | undefined {
    const { folder, model } = this.opts;
    const read: ScanRead = t.text !== undefined ? { text: t.text } : folder.readForScan(t.path);
    if (read.text === undefined) {
      model.update(t.path, undefined);
      this.opts.factStamps?.delete(t.path);
      return undefined;
    }
    if (read.stamp !== undefined) this.opts.factStamps?.set(t.path, read.stamp);
    else this.opts.factStamps?.delete(t.path);
    this.filesRead++;
    return { text: read.text, stamp: read.stamp };
  }

  /** A file of the streaming index analysed, its facts published and its result kept; false when cancelled. */
  /** `factsPublished`: the model holds this text's facts already (the first pass read the same stamp). */
  private async analyseIndexed(t: ScanTarget, read: { text: string; stamp?: string }, ctx: DocumentContext, token: CancellationToken, skip?: (path: string) => boolean, factsPublished = false): Promise<boolean> {
    const { folder, model } = this.opts;
    const cache = this.opts.cache!;
    const problems: Problem[] = [];
    try {
      const r = await analyze(
        { path: t.path, text: read.text },
        { workspace: folder, settings: this.opts.settings, model, familyOptions: this.opts.familyOptions, onProblem: (message, o) => problems.push({ message, ...o }), token, context: ctx, wholeFile: true, transient: true, factsPublished, walked: t.walked },
      );
      if (skip?.(t.path)) return true; // opened meanwhile: the buffer owns its facts
      if (!factsPublished) model.update(t.path, r.facts, { compact: true });
      const deps = [...r.deps];
      model.setDependencies(t.path, r.deps);
      // Stamped after its own facts are in: only later changes of what it read make it stale. Kept by its stamp, with
      // no text digest: the server tells a changed file by its stamp (or a file event, which drops the result), and a
      // digest would only let a file rewritten with the same text keep its result (SHA-1 of 20,000 files: ~0.1 s of
      // the index). An empty digest never matches a lookup (which always digests the text it has).
      cache.store(t.path, { hash: read.stamp !== undefined ? '' : textDigest(read.text), settings: this.settingsDigestOnce(), deps, depsDigest: this.digestOf(deps), findings: r.findings, problems, stamp: read.stamp });
    } catch (e) {
      if (token.isCancellationRequested) return false;
      model.update(t.path, documentFacts(ctx), { compact: true });
    }
    return true;
  }

  /** A yield between files: the caller's (the language server waits for open-document work there), else setImmediate. */
  private pause(): Promise<unknown> {
    return this.opts.yieldTo ? this.opts.yieldTo() : new Promise((r) => setImmediate(r));
  }

  private sDigest?: string;
  private settingsDigestOnce(): string {
    return (this.sDigest ??= settingsDigest(this.opts.settings, this.opts.folder, this.opts.familyOptions));
  }

  private digestOf(deps: string[]): string {
    return this.opts.depsDigest ? this.opts.depsDigest(deps) : this.opts.model.digest(deps);
  }

  private pool?: WorkerPool;

  /** Stops the worker threads if a scan ended early (cancelled between the phases). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** Worker threads pay off only for a lot of text (each starts the engine and keeps its own caches). */
  private threadsFor(bytes: number): number {
    if (this.opts.workers !== undefined) return this.opts.workers;
    const cores = Math.min(os.availableParallelism?.() ?? os.cpus().length, 4);
    return cores > 1 && bytes >= MIN_BYTES_FOR_WORKERS ? cores : 0;
  }

  /** Phase 2: analyse the files (after index), reporting each result as it comes. */
  async analyse(targets: ScanTarget[], onResult: (r: FileResult) => void, token: CancellationToken = NEVER_CANCELLED): Promise<void> {
    const { folder, settings, model, cache } = this.opts;
    const sDigest = this.settingsDigestOnce();
    const work: Array<{ path: string; text: string; hash: string; stamp?: string; walked?: boolean }> = [];
    let n = 0;
    for (const t of targets) {
      if (token.isCancellationRequested) return;
      if (this.opts.yieldBetweenFiles && ++n % 64 === 0) await this.pause();
      // Unchanged on disk since its result was kept (same stamp), and nothing it read changed: no read, no hash.
      const kept = t.stamp !== undefined ? cache?.peek?.(t.path) : undefined;
      if (kept && kept.stamp === t.stamp && kept.settings === sDigest && kept.depsDigest === this.digestOf(kept.deps)) {
        model.setDependencies(t.path, new Set(kept.deps));
        onResult({ path: t.path, findings: kept.findings, problems: kept.problems, cached: true });
        continue;
      }
      const read: ScanRead = this.texts.get(t.path) ?? (t.text !== undefined ? { text: t.text } : folder.readForScan(t.path));
      this.texts.delete(t.path);
      if (read.text === undefined) {
        onResult({ path: t.path, findings: [], problems: [], skipped: read.skipped, skip: read.skip, cached: false });
        continue;
      }
      // Hashed only for a cache (a scan without one never looks a result up).
      const hash = cache ? textDigest(read.text) : '';
      const hit = cache?.lookup(t.path, hash, sDigest, (deps) => this.digestOf(deps));
      if (hit) {
        model.setDependencies(t.path, new Set(hit.deps));
        onResult({ path: t.path, findings: hit.findings, problems: hit.problems, cached: true });
        continue;
      }
      work.push({ path: t.path, text: read.text, hash, stamp: read.stamp, walked: t.walked });
    }
    const store = (w: { path: string; hash: string; stamp?: string }, findings: Finding[], deps: string[], problems: Problem[]) => {
      model.setDependencies(w.path, new Set(deps));
      cache?.store(w.path, { hash: w.hash, settings: sDigest, deps, depsDigest: this.digestOf(deps), findings, problems, stamp: w.stamp });
      onResult({ path: w.path, findings, problems, cached: false });
    };
    if (this.pool) {
      const pool = this.pool;
      this.pool = undefined;
      try {
        await pool.analyse(work, model.snapshot(), (w, r) => store(w as (typeof work)[number], r.findings, r.deps, r.problems), token);
      } finally {
        await pool.close();
      }
      return;
    }
    for (const w of work) {
      if (token.isCancellationRequested) return;
      if (this.opts.yieldBetweenFiles) await this.pause();
      const problems: Problem[] = [];
      try {
        const context = this.contexts.get(w.path);
        this.contexts.delete(w.path);
        const r = await analyze(
          { path: w.path, text: w.text },
          // One-shot: no chunks (they pay off for the next edit of an open document, not here).
          { workspace: folder, settings, model, familyOptions: this.opts.familyOptions, onProblem: (message, o) => problems.push({ message, ...o }), token, context, wholeFile: true, transient: true, walked: w.walked },
        );
        store(w, r.findings, [...r.deps], problems);
      } catch (e) {
        if (token.isCancellationRequested) return;
        onResult({ path: w.path, findings: [], problems: [{ message: `could not be analysed: ${(e as Error).message.split('\n')[0]}` }], cached: false });
      }
    }
  }
}

export { ScanCache } from './cache';

/** Results kept by text hash, settings and what they depended on: the CLI's cache file, the server's memory. */
export interface ResultCache {
  lookup(p: string, hash: string, settings: string, digestOf: (deps: string[]) => string): CacheEntry | undefined;
  store(p: string, entry: CacheEntry): void;
  /** The entry kept for a file, unchecked (the caller checks its stamp, settings and dependencies). */
  peek?(p: string): CacheEntry | undefined;
}

const EMPTY: Finding[] = Object.freeze([]) as unknown as Finding[];
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];
const NO_DEPS: string[] = Object.freeze([]) as unknown as string[];

/** The language server's results of files that are not open, kept in memory for its workspace reports. */
export class MemoryResults implements ResultCache {
  private readonly entries = new Map<string, CacheEntry>();
  lookup(p: string, hash: string, settings: string, digestOf: (deps: string[]) => string): CacheEntry | undefined {
    const e = this.entries.get(p);
    return entryHolds(e, hash, settings, digestOf) ? e : undefined;
  }
  store(p: string, entry: CacheEntry): void {
    // What a report sends (no data: a closed file's fixes are computed when it opens), as compact copies; the empty
    // lists most of a workspace's files have are one shared list each.
    const findings = entry.findings.map(({ data: _data, ...f }) => f);
    this.entries.set(p, {
      ...entry,
      findings: findings.length ? compactCopy(findings as Finding[]) : EMPTY,
      problems: entry.problems.length ? entry.problems : NO_PROBLEMS,
      deps: entry.deps.length ? entry.deps : NO_DEPS,
    });
  }
  delete(p: string): void {
    this.entries.delete(p);
  }
  peek(p: string): CacheEntry | undefined {
    return this.entries.get(p);
  }
  /** Every kept result, by path. */
  all(): IterableIterator<[string, CacheEntry]> {
    return this.entries.entries();
  }
}
