'use strict';
// The workspace's read of a file for scanning (folder.ts readForScan): the whole file, whatever its size, with one
// read when the file holds what its stat said, and still the whole file when the stat's size is not what is there.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const fc = require('fast-check');
const { engine, tmpWorkspace } = require('../helpers');

describe('readForScan reads every byte of a file', function () {
  this.timeout(60000);

  it('text of any size (around the read buffer and the size cap) comes back whole, with its stamp', () => {
    const dir = tmpWorkspace({});
    const ws = new engine.WorkspaceIndex(dir, { maxFileSize: 4096 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 25 }), (size, seed) => {
        const text = Array.from({ length: size }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed) % 26))).join('');
        const file = path.join(dir, 'f.txt');
        fs.writeFileSync(file, text);
        const read = ws.readForScan(file);
        assert.strictEqual(read.skip, undefined);
        assert.strictEqual(read.text, text);
        assert.match(read.stamp, new RegExp(`:${size}$`));
      }),
      { numRuns: 200 },
    );
    fs.writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(4097));
    assert.strictEqual(ws.readForScan(path.join(dir, 'big.txt')).skip, 'too-large');
  });

  it('a file whose stat says 0 bytes but that has content (procfs) is read to its end', function () {
    if (!fs.existsSync('/proc/self/status') || fs.statSync('/proc/self/status').size !== 0) this.skip();
    const ws = new engine.WorkspaceIndex('/proc/self');
    const read = ws.readForScan('/proc/self/status');
    assert.strictEqual(read.skip, undefined);
    assert.match(read.text, /^Name:/);
    assert.match(read.text, /\nPid:\s+\d+\n/, 'the text goes on past the first line');
  });
});
