// Child-process helpers: wall time, exit code, captured output and peak RSS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'maxrss.cjs');

/**
 * Runs `node <script> ...args` with the peak-RSS preload. stdout and stderr go
 * to files (not pipes into this process), so reading them costs the child
 * nothing. Resolves { ms, code, signal, stdout, stderr, maxRssKiB, cpuMs,
 * timedOut }. A run killed at `timeoutMs` has no getrusage figure: its peak RSS
 * is then VmHWM read from /proc just before the kill (Linux; null elsewhere).
 */
export function runNode(script, args, { cwd, tmpDir, timeoutMs = 120_000 } = {}) {
  fs.mkdirSync(tmpDir, { recursive: true });
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const outFile = path.join(tmpDir, `out-${tag}`);
  const errFile = path.join(tmpDir, `err-${tag}`);
  const rssFile = path.join(tmpDir, `rss-${tag}`);
  const outFd = fs.openSync(outFile, 'w');
  const errFd = fs.openSync(errFile, 'w');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--require', PRELOAD, script, ...args], {
      cwd,
      stdio: ['ignore', outFd, errFd],
      env: { ...process.env, BENCH_MAXRSS_FILE: rssFile, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let timedOut = false;
    let hwmAtKillKiB = null;
    const timer = setTimeout(() => {
      timedOut = true;
      hwmAtKillKiB = procMemory(child.pid).hwmKiB;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      fs.closeSync(outFd);
      fs.closeSync(errFd);
      const read = (f) => {
        try {
          return fs.readFileSync(f, 'utf8');
        } finally {
          fs.rmSync(f, { force: true });
        }
      };
      const stdout = read(outFile);
      const stderr = read(errFile);
      let maxRssKiB = null;
      let cpuMs = null;
      try {
        const [rss, cpu] = read(rssFile).trim().split(/\s+/).map(Number);
        maxRssKiB = rss || null;
        cpuMs = Number.isFinite(cpu) ? cpu : null;
      } catch {
        /* no file: killed before exit */
      }
      if (maxRssKiB == null && timedOut) maxRssKiB = hwmAtKillKiB;
      resolve({ ms, code, signal, stdout, stderr, maxRssKiB, cpuMs, timedOut });
    });
  });
}

/** VmRSS / VmHWM of a live process, in KiB (Linux); null elsewhere. */
export function procMemory(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const get = (k) => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) : null;
    };
    return { rssKiB: get('VmRSS'), hwmKiB: get('VmHWM') };
  } catch {
    return { rssKiB: null, hwmKiB: null };
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
