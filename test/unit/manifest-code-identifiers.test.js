'use strict';
// The manifest's data-class inference reads identifiers in code, outside comments and strings (infer.ts
// codeIdentifiers). It was rewritten to read character codes and copy runs (a slice per character made it the
// manifest's costliest step); this differential property test holds it to the previous definition, kept below.
const assert = require('assert');
const fc = require('fast-check');
const { internals } = require('../helpers').engine;

/** The previous implementation, verbatim in behaviour: the reference. */
function reference(line, state, hashComments) {
  const ids = (s) => s.match(/[A-Za-z][A-Za-z0-9_\-]*/g) ?? [];
  const keep = [];
  let s = '';
  let i = 0;
  while (i < line.length) {
    if (state.block) {
      const end = line.indexOf(state.block, i);
      if (end < 0) return keep.concat(ids(s));
      i = end + state.block.length;
      state.block = undefined;
      continue;
    }
    const c = line[i];
    const two = line.slice(i, i + 2);
    const three = line.slice(i, i + 3);
    if (two === '//' && !hashComments) break;
    if (c === '#' && hashComments) break;
    if (two === '/*' && !hashComments) {
      state.block = '*/';
      i += 2;
      continue;
    }
    if (hashComments && (three === '"""' || three === "'''")) {
      const end = line.indexOf(three, i + 3);
      if (end < 0) {
        state.block = three;
        return keep.concat(ids(s));
      }
      i = end + 3;
      s += ' ';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
      const body = line.slice(i + 1, j);
      const before = line.slice(0, i);
      const after = line.slice(j + 1);
      if (/^[A-Za-z_][\w-]*$/.test(body) && /(\[|\.get\(|\.getlist\(|\.pop\(|\{|,)\s*$/.test(before) && /^\s*(\]|\)|:)/.test(after)) keep.push(body);
      s += ' ';
      i = j + 1;
      continue;
    }
    s += c;
    i++;
  }
  return keep.concat(ids(s));
}

// Lines made of the pieces that matter: comment and string openers, escapes, names, keys in key position.
const piece = fc.constantFrom('//', '/*', '*/', '#', '"""', "'''", '"', "'", '`', '\\', 'email', 'user_name', 'row[', ']', '.get(', ')', '{', '}', ':', ',', ' ', 'x-1', 'A', '9', '/', '*', '"email"', "'phone'");
const line = fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 24 }).map((a) => a.join(''));

describe('manifest: identifiers read from code (codeIdentifiers)', () => {
  it('equal the previous definition on any sequence of lines, with the comment state carried between them (property)', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.boolean(), (lines, hash) => {
        const a = {};
        const b = {};
        for (const l of lines) {
          assert.deepStrictEqual(internals.manifest.codeIdentifiers(l, a, hash), reference(l, b, hash), JSON.stringify(l));
          assert.deepStrictEqual(a, b);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps names in key position and drops comments and strings', () => {
    const state = {};
    assert.deepStrictEqual(internals.manifest.codeIdentifiers('const x = row["email"]; // phone', state, false), ['email', 'const', 'x', 'row']);
    assert.deepStrictEqual(internals.manifest.codeIdentifiers('a /* ssn', state, false), ['a']);
    assert.deepStrictEqual(internals.manifest.codeIdentifiers('still */ b', state, false), ['b']);
    assert.deepStrictEqual(internals.manifest.codeIdentifiers('name = "x" # dob', {}, true), ['name']);
  });
});
