// Preloaded (`node --require`) into benchmarked CLIs: on exit, writes the
// process's peak resident set size in KiB (getrusage ru_maxrss, the number
// `/usr/bin/time -f %M` prints) and its CPU time to BENCH_MAXRSS_FILE.
'use strict';
const out = process.env.BENCH_MAXRSS_FILE;
if (out) {
  delete process.env.BENCH_MAXRSS_FILE; // not inherited by grandchildren
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      // "<peak RSS KiB> <user+system CPU ms>"
      require('fs').writeFileSync(out, `${u.maxRSS} ${Math.round((u.userCPUTime + u.systemCPUTime) / 1000)}`);
    } catch {
      /* the bench reports n/a */
    }
  });
}
