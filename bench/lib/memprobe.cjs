// Preloaded (`node --expose-gc --require`) into the language server by the
// bench only: on SIGUSR2 it runs a full garbage collection and writes
// process.memoryUsage() as JSON to BENCH_MEMPROBE_FILE. That gives the live
// heap after GC, a steadier leak signal than RSS, without touching server code.
'use strict';
const file = process.env.BENCH_MEMPROBE_FILE;
if (file) {
  delete process.env.BENCH_MEMPROBE_FILE;
  const fs = require('fs');
  process.on('SIGUSR2', () => {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    const m = process.memoryUsage();
    fs.writeFileSync(file + '.tmp', JSON.stringify({ ...m, gc: typeof global.gc === 'function' }));
    fs.renameSync(file + '.tmp', file);
  });
}
