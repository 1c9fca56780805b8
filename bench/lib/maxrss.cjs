// Preloaded (`node --require`) into benchmarked CLIs: on exit, writes the
// process's peak resident set size in KiB (getrusage ru_maxrss, the number
// `/usr/bin/time -f %M` prints) to the file named by BENCH_MAXRSS_FILE.
'use strict';
const out = process.env.BENCH_MAXRSS_FILE;
if (out) {
  delete process.env.BENCH_MAXRSS_FILE; // not inherited by grandchildren
  process.on('exit', () => {
    try {
      require('fs').writeFileSync(out, String(process.resourceUsage().maxRSS));
    } catch {
      /* the bench reports n/a */
    }
  });
}
