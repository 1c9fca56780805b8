/**
 * Worker threads for the scanner. Each worker runs this same bundle
 * (dist/server.js) in the `scan-worker` role. Both phases are shared out:
 * a file goes to one worker, which computes its facts (phase 1) and keeps
 * the parsed document; once every file's facts are in the model, the model
 * is sent to every worker and each analyses its own files (phase 2),
 * reusing its parses. Files are spread by size so the workers finish
 * together.
 */
import type { Worker } from 'worker_threads';
import type * as WorkerThreads from 'worker_threads';
import type { CancellationToken, Fact, Finding, Problem } from '../engine';

export interface WorkerInit {
  root: string;
  trusted: boolean;
  ignore: string[];
  settings: Record<string, unknown>;
}

export interface WorkerResult {
  findings: Finding[];
  deps: string[];
  problems: Problem[];
}

export interface Job {
  path: string;
  text: string;
}

type Reply = { id: number; facts?: Fact[]; result?: WorkerResult; error?: string };

/** The script a worker runs: the bundle this code is part of (set by main.ts; tests may override). */
let workerScript = process.argv[1];
export function setWorkerScript(p: string): void {
  workerScript = p;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  /** Which worker holds a file (its parse from phase 1). */
  private readonly owner = new Map<string, number>();
  private readonly pending = new Map<number, (r: Reply) => void>();
  private nextId = 0;
  private failure?: Error;

  constructor(size: number, init: WorkerInit) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker: WorkerClass } = require('worker_threads') as typeof WorkerThreads; // loaded when workers are used
    for (let i = 0; i < size; i++) {
      const w = new WorkerClass(workerScript, { workerData: { role: 'scan-worker', init }, argv: ['scan-worker'], stdout: false, stderr: false });
      w.on('message', (m: Reply) => {
        const done = this.pending.get(m.id);
        this.pending.delete(m.id);
        done?.(m);
      });
      w.on('error', (e) => {
        this.failure = e;
        for (const [id, done] of this.pending) done({ id, error: e.message });
        this.pending.clear();
      });
      this.workers.push(w);
      this.load.push(0);
    }
  }

  private send(worker: number, message: Record<string, unknown>): Promise<Reply> {
    if (this.failure) return Promise.resolve({ id: -1, error: this.failure.message });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.workers[worker].postMessage({ ...message, id });
    });
  }

  /** Phase 1: each file's facts, computed by the worker that will analyse it. */
  async facts(jobs: Job[], onFacts: (job: Job, facts: Fact[] | undefined) => void, token: CancellationToken): Promise<void> {
    // The largest files first, each to the least loaded worker.
    const order = [...jobs].sort((a, b) => b.text.length - a.text.length);
    const replies: Array<Promise<void>> = [];
    for (const job of order) {
      if (token.isCancellationRequested) break;
      let w = 0;
      for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[w]) w = i;
      this.load[w] += job.text.length + 1000;
      this.owner.set(job.path, w);
      replies.push(this.send(w, { type: 'facts', path: job.path, text: job.text }).then((r) => onFacts(job, r.facts)));
    }
    await Promise.all(replies);
  }

  /** Phase 2: the model goes to every worker, then each analyses its own files. */
  async analyse(jobs: Job[], model: unknown, onDone: (job: Job, r: WorkerResult) => void, token: CancellationToken): Promise<void> {
    await Promise.all(this.workers.map((_, i) => this.send(i, { type: 'model', model })));
    const replies: Array<Promise<void>> = [];
    for (const job of jobs) {
      if (token.isCancellationRequested) break;
      let w = this.owner.get(job.path);
      if (w === undefined) {
        w = 0;
        for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[w]) w = i;
        this.load[w] += job.text.length + 1000;
      }
      replies.push(
        this.send(w, { type: 'analyse', path: job.path, text: job.text }).then((r) =>
          onDone(job, r.result ?? { findings: [], deps: [], problems: [{ message: `could not be analysed: ${r.error ?? 'worker error'}` }] }),
        ),
      );
    }
    await Promise.all(replies);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
