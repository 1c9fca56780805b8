/**
 * The one scanner, shared by the CLI (`microapp-guard scan`) and the
 * language server's workspace diagnostics: walk (git and scan ignores),
 * read, index every file's facts into the workspace model, then analyse.
 * Analysis runs on worker threads when there is enough work for both cores,
 * and a content-hash cache skips files whose text, settings and the facts
 * they depend on are unchanged (CLI `--cache`).
 */
import * as crypto from 'crypto';
import * as os from 'os';
import {
  analyze,
  documentContext,
  documentFacts,
  NEVER_CANCELLED,
  type CancellationToken,
  type Finding,
  type Settings,
  WorkspaceModel,
  type WorkspaceIndex,
} from '../engine';
import { ScanCache } from './cache';
import { WorkerPool } from './pool';
import { ENGINE_VERSION_FOR_CACHE } from './version';
import * as path from 'path';
import { RULES, WorkspaceIndex as WorkspaceIndexClass } from '../engine';
import { VERSION as PACKAGE_VERSION } from '../version';

export interface ScanTarget {
  path: string;
  /** Text when the caller has it (an open buffer); otherwise read from disk. */
  text?: string;
}

export interface FileResult {
  path: string;
  findings: Finding[];
  problems: string[];
  /** Read or analysis skipped, with the reason (binary, too large, unreadable). */
  skipped?: string;
  cached: boolean;
}

export interface ScannerOptions {
  folder: WorkspaceIndex;
  settings: Settings;
  model: WorkspaceModel;
  /** Family options from WorkspaceIndex.prepare(). */
  familyOptions?: Record<string, unknown>;
  cache?: ScanCache;
  /** Worker threads to use (default: one per core when there are many files; 0 = analyse in this thread). */
  workers?: number;
  /** Yield to the event loop between files (the language server, so edits are served first). */
  yieldBetweenFiles?: boolean;
}



/**
 * What besides a file's text and its dependencies its findings depend on: the engine (version and rule
 * set), the settings, and the folder's configuration (ignore and fingerprint files, family config files such
 * as .secretlintrc, whether the workspace is trusted and which rule packages it loaded).
 */
export function settingsDigest(settings: Settings, folder?: WorkspaceIndex, familyOptions?: Record<string, unknown>): string {
  const h = crypto.createHash('sha1').update(ENGINE_VERSION_FOR_CACHE).update(PACKAGE_VERSION).update(RULES.map((r) => `${r.id}:${r.severity}`).join(',')).update(JSON.stringify(settings.values));
  if (folder) {
    for (const name of WorkspaceIndexClass.configFileNames()) h.update(`\u0000${name}\u0000${folder.readFile(path.join(folder.root, name)) ?? ''}`);
    h.update(`trusted:${folder.trusted}`);
  }
  const extra = (familyOptions?.secrets as { extraSecretlintRules?: Array<{ id: string }> } | undefined)?.extraSecretlintRules;
  if (extra?.length) h.update(`rules:${extra.map((r) => r.id).join(',')}`);
  return h.digest('hex').slice(0, 16);
}

export function textDigest(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** Below this many files to analyse, worker start-up costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 60;

export class Scanner {
  private readonly texts = new Map<string, { text?: string; skipped?: string }>();

  constructor(private readonly opts: ScannerOptions) {}

  /**
   * Phase 1: read the files and publish their facts to the model (so cross-file rules see every file).
   * `skip` is asked right before each file's facts are stored (an editor's open buffer owns its facts).
   */
  async index(targets: ScanTarget[], token: CancellationToken = NEVER_CANCELLED, skip?: (path: string) => boolean): Promise<void> {
    const { folder, model } = this.opts;
    let n = 0;
    for (const t of targets) {
      if (token.isCancellationRequested) return;
      const read = t.text !== undefined ? { text: t.text } : folder.readForScan(t.path);
      this.texts.set(t.path, read);
      if (skip?.(t.path)) continue;
      if (read.text === undefined) {
        model.update(t.path, undefined);
        continue;
      }
      model.update(t.path, documentFacts(documentContext({ path: t.path, text: read.text })));
      if (this.opts.yieldBetweenFiles && ++n % 20 === 0) await new Promise((r) => setImmediate(r));
    }
  }

  /** Phase 2: analyse the files (after index), reporting each result as it comes. */
  async analyse(targets: ScanTarget[], onResult: (r: FileResult) => void, token: CancellationToken = NEVER_CANCELLED): Promise<void> {
    const { folder, settings, model, cache } = this.opts;
    const sDigest = settingsDigest(settings, folder, this.opts.familyOptions);
    const work: Array<{ path: string; text: string; hash: string }> = [];
    for (const t of targets) {
      if (token.isCancellationRequested) return;
      const read = this.texts.get(t.path) ?? (t.text !== undefined ? { text: t.text } : folder.readForScan(t.path));
      this.texts.delete(t.path);
      if (read.text === undefined) {
        onResult({ path: t.path, findings: [], problems: [], skipped: read.skipped, cached: false });
        continue;
      }
      const hash = textDigest(read.text);
      const hit = cache?.lookup(t.path, hash, sDigest, (deps) => model.digest(deps, t.path));
      if (hit) {
        model.setDependencies(t.path, new Set(hit.deps));
        onResult({ path: t.path, findings: hit.findings, problems: hit.problems, cached: true });
        continue;
      }
      work.push({ path: t.path, text: read.text, hash });
    }
    const store = (w: { path: string; hash: string }, findings: Finding[], deps: string[], problems: string[]) => {
      model.setDependencies(w.path, new Set(deps));
      cache?.store(w.path, { hash: w.hash, settings: sDigest, deps, depsDigest: model.digest(deps, w.path), findings, problems });
      onResult({ path: w.path, findings, problems, cached: false });
    };
    const threads = this.opts.workers ?? (work.length >= MIN_FILES_FOR_WORKERS ? Math.min(os.availableParallelism?.() ?? os.cpus().length, 4) : 0);
    if (threads > 0 && work.length >= 2) {
      const pool = new WorkerPool(threads, {
        root: folder.root,
        trusted: folder.trusted,
        ignore: (settings.ignore ?? []) as string[],
        settings: settings.values,
        model: model.snapshot(),
      });
      try {
        await pool.run(work, (w, r) => store(w, r.findings, r.deps, r.problems), token);
      } finally {
        await pool.close();
      }
      return;
    }
    for (const w of work) {
      if (token.isCancellationRequested) return;
      if (this.opts.yieldBetweenFiles) await new Promise((r) => setImmediate(r));
      const problems: string[] = [];
      try {
        const r = await analyze(
          { path: w.path, text: w.text },
          { workspace: folder, settings, model, familyOptions: this.opts.familyOptions, onProblem: (m) => problems.push(m), token },
        );
        store(w, r.findings, [...r.deps], problems);
      } catch (e) {
        if (token.isCancellationRequested) return;
        onResult({ path: w.path, findings: [], problems: [`could not be analysed: ${(e as Error).message.split('\n')[0]}`], cached: false });
      }
    }
  }
}

export { ScanCache } from './cache';
