'use strict';
// The walk carries the ignore state down the tree instead of asking per path. Git itself is the oracle:
// for random trees and random .gitignore files, the files walked are the files `git ls-files --others
// --exclude-standard` lists as not ignored (the walk's own skips, node_modules and binaries, aside).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const fc = require('fast-check');
const { engine, tmpWorkspace } = require('../helpers');

const git = (cwd, args) => spawnSync('git', args, { cwd, encoding: 'utf8' });
const hasGit = git(process.cwd(), ['--version']).status === 0;

const NAMES = ['a.js', 'b.json', 'c.yaml', 'keep.js', 'out.log', '.env', 'x.py'];
const DIRS = ['src', 'build', 'lib', 'deep', 'tmp'];
const PATTERNS = ['build/', '*.log', '!keep.js', 'tmp', '/lib', 'deep/**/x.py', '*.json', '!b.json', 'src/a.js', '**/c.yaml', 'build', '/.env'];

const tree = fc.record({
  files: fc.uniqueArray(
    fc.tuple(fc.array(fc.constantFrom(...DIRS), { maxLength: 3 }), fc.constantFrom(...NAMES)).map(([d, n]) => [...d, n].join('/')),
    { minLength: 1, maxLength: 25 },
  ),
  ignores: fc.array(fc.tuple(fc.array(fc.constantFrom(...DIRS), { maxLength: 2 }), fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 4 })), { maxLength: 4 }),
});

describe('workspace walk: .gitignore as git applies it', function () {
  this.timeout(60000);
  (hasGit ? it : it.skip)('equals git ls-files --others --exclude-standard (property)', () => {
    let ran = 0;
    fc.assert(
      fc.property(tree, ({ files, ignores }) => {
        const layout = {};
        for (const f of files) layout[f] = 'x\n';
        for (const [d, pats] of ignores) layout[[...d, '.gitignore'].join('/')] = pats.join('\n') + '\n';
        // A file cannot also be a folder.
        for (const k of Object.keys(layout)) if (Object.keys(layout).some((o) => o.startsWith(k + '/'))) return;
        const dir = tmpWorkspace(layout);
        try {
          assert.strictEqual(git(dir, ['init', '-q']).status, 0);
          const expected = git(dir, ['ls-files', '--others', '--exclude-standard', '-z']).stdout.split('\0').filter(Boolean).sort();
          const ws = new engine.WorkspaceIndex(dir);
          const walked = [...ws.walk()].map((p) => path.relative(dir, p).split(path.sep).join('/')).sort();
          assert.deepStrictEqual(walked, expected);
          // The per-path question (file events, the workspace report) agrees with the walk.
          for (const f of Object.keys(layout)) assert.strictEqual(ws.isGitIgnored(path.join(dir, f)), !expected.includes(f), f);
          ran++;
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
    assert.ok(ran >= 20, `${ran} trees compared with git`);
  });

  it('a folder below the git root (a monorepo package) follows the .gitignore files above it; walk(subfolder) too', () => {
    const dir = tmpWorkspace({ '.gitignore': 'dist/\n*.log\n', 'pkg/.gitignore': 'gen/\n', 'pkg/src/a.js': 'x', 'pkg/dist/b.js': 'x', 'pkg/x.log': 'x', 'pkg/gen/c.js': 'x', 'pkg/src/gen/d.js': 'x' });
    fs.mkdirSync(path.join(dir, '.git'));
    const ws = new engine.WorkspaceIndex(path.join(dir, 'pkg'));
    const rel = (p) => path.relative(path.join(dir, 'pkg'), p).split(path.sep).join('/');
    assert.deepStrictEqual([...ws.walk()].map(rel).sort(), ['.gitignore', 'src/a.js']);
    assert.deepStrictEqual([...ws.walk(path.join(dir, 'pkg', 'src'))].map(rel).sort(), ['src/a.js']);
  });
});

describe('workspace paths: a file below the root named without path.resolve', () => {
  it('gives what path.relative gives, for any path made of names, dots, empty parts and either separator', () => {
    const reference = (root, p) => {
      const r = path.relative(root, path.resolve(p));
      return !r || r === '..' || r.startsWith(`..${path.sep}`) || path.isAbsolute(r) ? undefined : r.split(path.sep).join('/');
    };
    const part = fc.constantFrom('a', 'b.js', '.env', '.', '..', '', '..x', '.x.', 'x..', 'name with space', 'é');
    for (const root of ['/ws/app', '/', '/ws/app/']) {
      const ws = new engine.WorkspaceIndex(root);
      fc.assert(
        fc.property(fc.array(part, { maxLength: 6 }), fc.constantFrom('/', '\\'), fc.boolean(), (parts, sep, fromRoot) => {
          const p = (fromRoot ? path.resolve(root) + (path.resolve(root).endsWith('/') ? '' : '/') : '/elsewhere/') + parts.join(sep);
          assert.strictEqual(ws.rel(p), reference(path.resolve(root), p), JSON.stringify(p));
          assert.strictEqual(ws.contains(p), reference(path.resolve(root), p) !== undefined);
        }),
        { numRuns: 1500, seed: 2303 },
      );
    }
  });
});
