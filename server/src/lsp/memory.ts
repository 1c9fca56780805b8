/**
 * The language server's heap policy. V8 grows the heap by a fixed 70% over what a full collection kept, instead of
 * its default factor (up to 4x, chosen by how fast it collects): after the 20,000-file workspace report the server
 * holds 53 MiB and kept 104 MiB of heap, then 81 (RSS 207 -> 176 MiB, same report time). 20% kept less (RSS 171)
 * but made each edit of a 20,000-line file 9 ms slower (more full collections); 70% and 100% left edits as they were
 * (side by side, docs/architecture.md). A `--heap-growing-percent` given to node on its command line wins (node
 * refuses it in NODE_OPTIONS).
 *
 * And full collections when a large one-shot job is over (a folder's index, a workspace report, the index kept for the
 * next start): the garbage of 20,000 files read and analysed once otherwise stays in the heap V8 grew for it until the
 * next collection, which an idle server may never reach (RSS once idle after the 20,000-file report 177 -> 123 MiB,
 * measured side by side). An index done before the heap policy's delay sets it first (model.ts).
 *
 * Set a moment after the start, off the way to the first diagnostics (loading node:v8 costs ~1.5 ms), and after
 * dist/boot.js has written its code cache: V8 rejects a cache made under other flags than the next start's
 * (test/unit/boot.test.js).
 */
import type * as V8 from 'v8';
import type * as Vm from 'vm';

const HEAP_GROWING_PERCENT = 70;

/** An index or a workspace report of at least this many files is followed by a full collection. */
export const BULK_FILES = 2000;

let tuned = false;
let collect: (() => void) | undefined;

/** Sets the heap policy (once): asks dist/boot.js to write its code cache first. */
export function tuneHeap(): void {
  if (tuned) return;
  tuned = true;
  // Loaded here: node:v8 is not on the way to the first diagnostics.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const v8 = require('v8') as typeof V8;
  (process.emit as (event: string) => boolean)('microapp-guard:write-code-cache');
  const given = process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') {
    collect = exposed;
    return;
  }
  try {
    // The flag makes V8 put a `gc` function on contexts made after it; this one is made only to take it.
    v8.setFlagsFromString('--expose-gc');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fn = (require('vm') as typeof Vm).runInNewContext('gc') as unknown;
    collect = typeof fn === 'function' ? (fn as () => void) : undefined;
  } catch {
    collect = undefined;
  }
}

/**
 * A full collection, after a one-shot job over many files, once the heap policy is set (never on the way to the
 * first diagnostics). Returns how long it took, or undefined when none was made.
 */
export function collectAfterBulkWork(): number | undefined {
  if (!collect) return undefined;
  const t = performance.now();
  collect();
  return performance.now() - t;
}

const IDLE_MS = 1000;
let idleTimer: NodeJS.Timeout | undefined;
let lastActivity = 0;
let activeWork = 0;

/**
 * Foreground work (an open document analysed, a keystroke answered) starts (`true`) or ends (`false`): a pending
 * collection waits until none runs and a second has passed since the last.
 */
export function noteActivity(starts: boolean): void {
  activeWork = Math.max(0, activeWork + (starts ? 1 : -1));
  // Date.now: the global `performance` loads node:perf_hooks when first read, on the way to the first diagnostics.
  lastActivity = Date.now();
}

/**
 * Full collections once the server is idle after a one-shot job whose result has just been sent or written (a
 * workspace report and its serialisation, the index kept for the next start): a second with no foreground work
 * (noteActivity) and no later job. `said` hears how long they took.
 */
export function collectWhenIdle(said?: (ms: number) => void): void {
  if (idleTimer) clearTimeout(idleTimer);
  const fire = (): void => {
    const quiet = Date.now() - lastActivity;
    if (activeWork > 0 || quiet < IDLE_MS) {
      idleTimer = setTimeout(fire, activeWork > 0 ? IDLE_MS : IDLE_MS - quiet);
      idleTimer.unref?.();
      return;
    }
    idleTimer = undefined;
    // The heap policy is set by now in any session (1.5 s after the start); a job over within that moment sets it.
    tuneHeap();
    // Twice: what the first one's finalisation let go (weak references, the caches' cleared entries) goes too.
    const a = collectAfterBulkWork();
    const b = collectAfterBulkWork();
    if (a !== undefined && b !== undefined) said?.(a + b);
  };
  idleTimer = setTimeout(fire, IDLE_MS);
  idleTimer.unref?.();
}
