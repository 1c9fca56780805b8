/**
 * Worker threads for the scanner. Each worker runs this same bundle
 * (dist/server.js) in the `scan-worker` role: it builds its own workspace
 * index and model from the snapshot it is given, then analyses the files it
 * is sent. Results come back in any order; the pool hands out files one at
 * a time so a large file does not hold the others up.
 */
import { Worker } from 'worker_threads';
import type { CancellationToken, Finding } from '../engine';

export interface WorkerInit {
  root: string;
  trusted: boolean;
  ignore: string[];
  settings: Record<string, unknown>;
  model: Array<[string, Array<[string, unknown[]]>]>;
}

export interface WorkerResult {
  findings: Finding[];
  deps: string[];
  problems: string[];
}

interface Job {
  path: string;
  text: string;
}

/** The script a worker runs: the bundle this code is part of (set by main.ts; tests may override). */
export let workerScript = process.argv[1];
export function setWorkerScript(p: string): void {
  workerScript = p;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];

  constructor(size: number, private readonly init: WorkerInit) {
    for (let i = 0; i < size; i++) {
      this.workers.push(new Worker(workerScript, { workerData: { role: 'scan-worker', init }, argv: ['scan-worker'], stdout: false, stderr: false }));
    }
  }

  run<J extends Job>(jobs: J[], onDone: (job: J, r: WorkerResult) => void, token: CancellationToken): Promise<void> {
    let next = 0;
    let pending = 0;
    return new Promise((resolve, reject) => {
      const feed = (w: Worker) => {
        if (token.isCancellationRequested || next >= jobs.length) {
          if (pending === 0) resolve();
          return;
        }
        const id = next++;
        pending++;
        w.postMessage({ id, path: jobs[id].path, text: jobs[id].text });
      };
      for (const w of this.workers) {
        w.on('message', (m: { id: number; result?: WorkerResult; error?: string }) => {
          pending--;
          const job = jobs[m.id];
          if (m.result) onDone(job, m.result);
          else onDone(job, { findings: [], deps: [], problems: [`could not be analysed: ${m.error ?? 'worker error'}`] });
          feed(w);
        });
        w.on('error', reject);
        feed(w);
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
