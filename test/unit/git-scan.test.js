'use strict';
// scan --staged, --since, --history and baselines, on real temporary git repositories made with the git binary.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { fake, rand, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');

// git without the machine's or the user's configuration (no hooks, signing, templates or aliases leak in).
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-git-home-'));
const ENV = {
  ...process.env,
  HOME,
  XDG_CONFIG_HOME: HOME,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: path.join(HOME, 'gitconfig'),
  GIT_TERMINAL_PROMPT: '0',
  NO_COLOR: '1',
};
fs.writeFileSync(ENV.GIT_CONFIG_GLOBAL, '');
delete ENV.GIT_DIR;
delete ENV.GIT_WORK_TREE;
delete ENV.GIT_INDEX_FILE;

function git(cwd, ...args) {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function cli(cwd, ...args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(cwd, ...args) {
  const r = cli(cwd, ...args, '--format', 'json');
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
}

let dates = 0;
/** A repository with its own identity; `files` written and committed when given. */
function repo(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (files) commit(dir, files, 'initial');
  return dir;
}

function write(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    if (text === null) {
      fs.rmSync(p, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

function commit(dir, files, message) {
  write(dir, files);
  git(dir, 'add', '-A');
  // Distinct, increasing dates: the history's attribution is checked by commit, not by the clock.
  const date = `2024-01-01T00:00:${String(dates++ % 60).padStart(2, '0')}Z`;
  const r = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', message], { cwd: dir, env: { ...ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

// Distinct fake tokens, built at run time (the repository holds no secret-looking literal).
const ghToken = (seed) => `ghp_${rand(36, undefined, seed)}`;
const SLACK = fake.slack();

/** Neither output holds the value. */
function assertMasked(r, ...values) {
  for (const v of values) {
    assert.ok(!r.stdout.includes(v), 'stdout holds a secret value');
    assert.ok(!r.stderr.includes(v), 'stderr holds a secret value');
  }
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
    - to:
        - namespaceSelector: {}
          podSelector: { matchLabels: { k8s-app: kube-dns } }
      ports: [{ port: 53, protocol: UDP }]
`;

describe('scan --staged (pre-commit)', function () {
  this.timeout(60000);

  it('a staged secret blocks the commit, says how to fix or suppress it, and never prints the value', () => {
    const dir = repo({ 'app.js': 'const a = 1;\n' });
    write(dir, { 'app.js': `const a = 1;\nconst slack = "${SLACK}";\n` });
    git(dir, 'add', 'app.js');
    const r = cli(dir, 'scan', '--staged');
    assert.strictEqual(r.code, 1, r.stderr);
    assert.match(r.stdout, /app\.js/);
    assert.match(r.stdout, /secretlint\/slack/);
    assert.match(r.stderr, /commit blocked/);
    assert.match(r.stderr, /disable-line/);
    assert.match(r.stderr, /baseline/);
    assertMasked(r, SLACK);
  });

  it('an unstaged secret does not block: the index is scanned, not the work tree', () => {
    const dir = repo({ 'app.js': 'const a = 1;\n' });
    write(dir, { 'app.js': 'const a = 2;\n' });
    git(dir, 'add', 'app.js');
    // After staging, the work tree gains a secret (in the staged file and in a new, untracked file).
    write(dir, { 'app.js': `const a = 2;\nconst t = "${ghToken(11)}";\n`, 'other.js': `const t = "${ghToken(12)}";\n` });
    const r = cli(dir, 'scan', '--staged');
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    // And the other way round: the secret staged, then removed from the work tree only, still blocks.
    write(dir, { 'app.js': `const t = "${ghToken(13)}";\n` });
    git(dir, 'add', 'app.js');
    write(dir, { 'app.js': 'const t = process.env.T;\n' });
    const r2 = json(dir, 'scan', '--staged');
    assert.strictEqual(r2.code, 1);
    assert.deepStrictEqual(r2.report.findings.map((f) => [f.file, f.ruleId]), [['app.js', 'secretlint/github']]);
    assert.strictEqual(r2.report.git.mode, 'staged');
  });

  it('nothing staged: exit 0, also in a repository without commits', () => {
    const dir = repo();
    write(dir, { 'app.js': `const t = "${ghToken(14)}";\n` });
    assert.strictEqual(cli(dir, 'scan', '--staged').code, 0);
    git(dir, 'add', 'app.js');
    assert.strictEqual(cli(dir, 'scan', '--staged').code, 1, 'the first commit is checked too');
  });

  it('cross-file facts come from the work tree: a staged Deployment isolated by a committed NetworkPolicy is clean', () => {
    const dir = repo({ 'k8s/policy.yaml': POLICY });
    write(dir, { 'k8s/deploy.yaml': DEPLOY });
    git(dir, 'add', 'k8s/deploy.yaml');
    const r = json(dir, 'scan', '--staged');
    assert.deepStrictEqual(r.report.findings.map((f) => f.ruleId), []);
    // Without the policy the same staged file is a finding.
    const bare = repo({ 'README.md': '# app\n' });
    write(bare, { 'k8s/deploy.yaml': DEPLOY });
    git(bare, 'add', 'k8s/deploy.yaml');
    const r2 = json(bare, 'scan', '--staged');
    assert.deepStrictEqual(r2.report.findings.map((f) => [f.file, f.ruleId]), [['k8s/deploy.yaml', 'network/no-policy']]);
  });

  it('a symlink replaced by a file holding a secret (a type change) is scanned', function () {
    if (process.platform === 'win32') this.skip();
    const dir = repo({ 'target.txt': 'x\n' });
    fs.symlinkSync('target.txt', path.join(dir, 'link.js'));
    commit(dir, {}, 'a link');
    fs.rmSync(path.join(dir, 'link.js'));
    write(dir, { 'link.js': `const t = "${ghToken(15)}";\n` });
    git(dir, 'add', 'link.js');
    assert.match(git(dir, 'status', '--porcelain'), /^T {2}link\.js/m);
    const r = json(dir, 'scan', '--staged');
    assert.deepStrictEqual(r.report.findings.map((f) => [f.file, f.ruleId]), [['link.js', 'secretlint/github']]);
  });

  it('run from a subdirectory without a path, checks the whole commit; given the subdirectory, says what it left out; a folder named "..x" is inside', () => {
    const dir = repo({ 'README.md': '# app\n' });
    write(dir, { 'top.js': `const t = "${ghToken(16)}";\n`, 'sub/a.js': 'const a = 1;\n', '..cfg/c.js': `const c = "${ghToken(17)}";\n` });
    git(dir, 'add', '-A');
    // A hook runs from wherever the committer is: no path means the repository's top.
    const whole = json(path.join(dir, 'sub'), 'scan', '--staged');
    assert.strictEqual(whole.code, 1);
    assert.deepStrictEqual(whole.report.findings.map((f) => f.file).sort(), ['..cfg/c.js', 'top.js']);
    const r = json(path.join(dir, 'sub'), 'scan', '--staged', '.');
    assert.strictEqual(r.code, 0);
    assert.ok(r.report.problems.some((p) => /2 staged file\(s\) outside sub\/ not scanned/.test(p.message)), JSON.stringify(r.report.problems));
    const t = cli(path.join(dir, 'sub'), 'scan', '--staged', '.');
    assert.match(t.stdout, /outside sub\/ not scanned/);
    const dots = json(dir, 'scan', '--staged', '..cfg');
    assert.deepStrictEqual(dots.report.findings.map((f) => f.file), ['c.js']);
  });

  it('--cache: the folder cache keeps the entries of the files that were not staged', () => {
    const files = {};
    for (let i = 0; i < 12; i++) files[`f${i}.js`] = `const a${i} = ${i};\n`;
    const dir = repo(files);
    const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mag-cache-')), 'cache.json');
    const entries = () => {
      const e = JSON.parse(fs.readFileSync(cacheFile, 'utf8')).entries;
      return Array.isArray(e) ? e.length : Object.keys(e).length;
    };
    assert.strictEqual(cli(dir, 'scan', '--cache-location', cacheFile).code, 0);
    const before = entries();
    assert.ok(before >= 12, `${before} entries`);
    write(dir, { 'f1.js': 'const a1 = 2;\n' });
    git(dir, 'add', 'f1.js');
    assert.strictEqual(cli(dir, 'scan', '--staged', '--cache-location', cacheFile).code, 0);
    assert.strictEqual(entries(), before, 'scan --staged trimmed the cache to the staged files');
  });

  it('outside a repository: a clear message and exit 2 (not 1, which means findings)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-nogit-'));
    const r = cli(dir, 'scan', '--staged');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /not inside a git repository/);
    assert.strictEqual(cli(dir, 'scan', '--staged', '--history').code, 2, 'contradictory flags are a usage error');
  });
});

describe('scan --since REV (pull requests)', function () {
  this.timeout(60000);

  it('reports findings on changed lines only, not old ones in changed or unchanged files', () => {
    const old = ghToken(21);
    const dir = repo({ 'old.js': `const t = "${old}";\n`, 'app.js': `// app\nconst a = 1;\nconst legacy = "${ghToken(22)}";\n` });
    git(dir, 'checkout', '-q', '-b', 'feature');
    const fresh = ghToken(23);
    commit(dir, { 'app.js': `// app\nconst a = 1;\nconst added = "${fresh}";\nconst legacy = "${ghToken(22)}";\n` }, 'add a token');
    const r = json(dir, 'scan', '--since', 'main');
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.report.findings.map((f) => [f.file, f.line, f.change]), [['app.js', 3, 'line']]);
    assert.strictEqual(r.report.git.mode, 'since');
    // The same since the feature's own head: nothing changed, nothing reported, exit 0.
    assert.strictEqual(cli(dir, 'scan', '--since', 'HEAD').code, 0);
    // Uncommitted and untracked changes count as changed.
    write(dir, { 'new.js': `const t = "${ghToken(24)}";\n` });
    const r2 = json(dir, 'scan', '--since', 'HEAD');
    assert.deepStrictEqual(r2.report.findings.map((f) => f.file), ['new.js']);
  });

  it('keeps cross-file findings right: a NetworkPolicy removed in the change re-diagnoses the Deployment it isolated', () => {
    const dir = repo({ 'k8s/deploy.yaml': DEPLOY, 'k8s/policy.yaml': POLICY, 'app.js': 'const a = 1;\n' });
    git(dir, 'checkout', '-q', '-b', 'drop-policy');
    commit(dir, { 'k8s/policy.yaml': null }, 'remove the policy');
    const r = json(dir, 'scan', '--since', 'main');
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.report.findings.map((f) => [f.file, f.ruleId, f.change]), [['k8s/deploy.yaml', 'network/no-policy', 'context']]);
    assert.strictEqual(r.report.git.baseScanned, true);
    const text = cli(dir, 'scan', '--since', 'main');
    assert.match(text.stdout, /caused by the change/);
    // A change that touches no cross-file fact does not report the old finding of an unchanged file.
    git(dir, 'checkout', '-q', '-b', 'later');
    commit(dir, { 'app.js': 'const a = 2;\n' }, 'unrelated');
    const r2 = json(dir, 'scan', '--since', 'drop-policy');
    assert.deepStrictEqual(r2.report.findings, []);
    assert.strictEqual(r2.report.git.baseScanned, false);
    assert.strictEqual(r2.report.whole, undefined, 'internal fields stay out of the report');
  });

  it('reads the diff whatever the user configures (diff.mnemonicPrefix, diff.noprefix) and whatever the lines hold', () => {
    const old = ghToken(26);
    const dir = repo({ 'm.sql': Array.from({ length: 20 }, (_, i) => `-- line ${i}`).join('\n') + '\n', 'b/x.js': 'const x = 1;\n', 'keep.js': `const k = "${old}";\n` });
    git(dir, 'checkout', '-q', '-b', 'feature');
    // An added line starting with "++ " (a "+++ " line in the diff) before a later hunk of the same file.
    const lines = ['++ added', ...Array.from({ length: 20 }, (_, i) => `-- line ${i}`), `const t = "${ghToken(27)}";`];
    commit(dir, { 'm.sql': lines.join('\n') + '\n', 'b/x.js': `const x = "${ghToken(28)}";\n` }, 'change');
    const expected = [['b/x.js', 1], ['m.sql', 22]];
    const found = () => json(dir, 'scan', '--since', 'main').report.findings.map((f) => [f.file, f.line]).sort();
    assert.deepStrictEqual(found(), expected);
    git(dir, 'config', 'diff.mnemonicPrefix', 'true');
    assert.deepStrictEqual(found(), expected, 'diff.mnemonicPrefix');
    git(dir, 'config', '--unset', 'diff.mnemonicPrefix');
    git(dir, 'config', 'diff.noprefix', 'true');
    assert.deepStrictEqual(found(), expected, 'diff.noprefix');
  });

  it('a file git takes for binary (a NUL byte) counts as changed throughout', () => {
    const dir = repo({ 'app.js': 'const a = 1;\n' });
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, { 'blob.env': `\u0000\u0001\nTOKEN="${ghToken(29)}"\n` }, 'a binary-looking file');
    const all = json(dir, 'scan').report.findings.filter((f) => f.file === 'blob.env');
    assert.ok(all.length, 'the folder scan reads it');
    const r = json(dir, 'scan', '--since', 'main');
    assert.deepStrictEqual(r.report.findings.map((f) => f.file), all.map((f) => f.file));
  });

  it('the merge base is the base: commits on main after the branch point are not the change', () => {
    const dir = repo({ 'app.js': 'const a = 1;\n' });
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, { 'feature.js': 'const f = 1;\n' }, 'feature work');
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'main.js': `const t = "${ghToken(25)}";\n` }, 'main moves on');
    git(dir, 'checkout', '-q', 'feature');
    const r = json(dir, 'scan', '--since', 'main');
    assert.deepStrictEqual(r.report.findings, []);
  });

  it('an unknown revision, or a shallow clone without the base: exit 2 with what to do', () => {
    const dir = repo({ 'app.js': 'const a = 1;\n' });
    const r = cli(dir, 'scan', '--since', 'no-such-branch');
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /unknown revision "no-such-branch"/);
    commit(dir, { 'b.js': 'const b = 1;\n' }, 'second');
    const base = git(dir, 'rev-parse', 'HEAD~1').trim();
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-shallow-'));
    git(clone, 'clone', '-q', '--depth', '1', `file://${dir}`, 'c');
    const r2 = cli(path.join(clone, 'c'), 'scan', '--since', base);
    assert.strictEqual(r2.code, 2);
    assert.match(r2.stderr, /shallow clone/);
    assert.match(r2.stderr, /fetch-depth: 0|--unshallow/);
    const r3 = cli(path.join(clone, 'c'), 'scan', '--history');
    assert.strictEqual(r3.code, 2);
    assert.match(r3.stderr, /shallow clone/);
  });
});

describe('scan --history', function () {
  this.timeout(60000);

  it('finds a secret added then removed, at the commit that added it, as "in history: rotate it"', () => {
    const removed = ghToken(31);
    const kept = ghToken(32);
    const dir = repo({ 'README.md': '# app\n' });
    const added = commit(dir, { 'src/config.js': `module.exports = {\n  token: "${removed}",\n};\n` }, 'add config');
    commit(dir, { 'src/config.js': 'module.exports = {\n  token: process.env.TOKEN,\n};\n' }, 'read it from the environment');
    const keptAt = commit(dir, { 'src/other.js': `const t = "${kept}";\n` }, 'another');
    for (let i = 0; i < 5; i++) commit(dir, { 'src/other.js': `const t = "${kept}";\n${'// more\n'.repeat(i + 1)}` }, `edit ${i}`);
    // The work tree scan sees only the kept one.
    assert.deepStrictEqual(json(dir, 'scan').report.findings.map((f) => f.file), ['src/other.js']);
    const r = json(dir, 'scan', '--history');
    assert.strictEqual(r.code, 1);
    const byFile = Object.fromEntries(r.report.findings.map((f) => [f.file, f]));
    assert.deepStrictEqual(Object.keys(byFile).sort(), ['src/config.js', 'src/other.js'], 'one finding per secret and path, not one per version');
    assert.strictEqual(byFile['src/config.js'].commit, added);
    assert.strictEqual(byFile['src/config.js'].line, 2);
    assert.strictEqual(byFile['src/config.js'].inHead, false);
    assert.match(byFile['src/config.js'].message, /in history: rotate it/);
    assert.match(byFile['src/config.js'].date, /^2024-01-01T/);
    assert.strictEqual(byFile['src/other.js'].commit, keptAt);
    assert.strictEqual(byFile['src/other.js'].inHead, true);
    assert.strictEqual(r.report.git.commits, 9);
    const text = cli(dir, 'scan', '--history');
    assertMasked(text, removed, kept);
    assert.ok(!JSON.stringify(r.report).includes(removed) && !JSON.stringify(r.report).includes(kept));
    // --since: only commits after it.
    const later = json(dir, 'scan', '--history', '--since', added);
    assert.deepStrictEqual(later.report.findings.map((f) => f.file), ['src/other.js']);
  });

  it('baseline --history accepts the secrets of the history once rotated; a secret added later still fails', () => {
    const old = ghToken(33);
    const dir = repo({ 'README.md': '# app\n' });
    commit(dir, { 'src/a.js': `const t = "${old}";\n` }, 'oops');
    commit(dir, { 'src/a.js': 'const t = process.env.T;\n' }, 'rotated and removed');
    const base = path.join(dir, '.microapp-guard-baseline.json');
    const b = cli(dir, 'baseline', '--history', '--out', base);
    assert.strictEqual(b.code, 0, b.stderr);
    assert.ok(!fs.readFileSync(base, 'utf8').includes(old), 'no value in the baseline');
    assert.strictEqual(cli(dir, 'scan', '--history').code, 1);
    assert.strictEqual(cli(dir, 'scan', '--history', '--baseline', base).code, 0);
    const fresh = ghToken(34);
    commit(dir, { 'src/b.js': `const u = "${fresh}";\n` }, 'another one');
    const r = json(dir, 'scan', '--history', '--baseline', base);
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.report.findings.map((f) => f.file), ['src/b.js']);
    assert.strictEqual(cli(dir, 'baseline', '--since', 'HEAD').code, 2, '--since goes with --history');
  });

  it('finds a secret of the root commit whatever log.showRoot says, and counts every commit', () => {
    const t = ghToken(33);
    const dir = repo({ 'a.js': `const t = "${t}";\n` });
    commit(dir, { 'a.js': 'const t = process.env.T;\n' }, 'environment');
    commit(dir, { 'a.js': null }, 'only a deletion');
    git(dir, 'config', 'log.showRoot', 'false');
    const r = json(dir, 'scan', '--history');
    assert.deepStrictEqual(r.report.findings.map((f) => [f.file, f.inHead]), [['a.js', false]]);
    assert.strictEqual(r.report.git.commits, 3);
  });

  it('skips a version larger than 5 MB without reading it whole, and says so', function () {
    this.timeout(120000);
    const dir = repo({ 'README.md': '# app\n' });
    const big = path.join(dir, 'data.bin');
    fs.writeFileSync(big, Buffer.alloc(160 * 1024 * 1024));
    commit(dir, { 'a.js': `const t = "${ghToken(34)}";\n` }, 'a large file and a secret');
    const rss = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mag-rss-')), 'rss.js');
    fs.writeFileSync(rss, "process.on('exit', () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\\n`));\n");
    const r = spawnSync(process.execPath, ['-r', rss, BIN, 'scan', '--history', '--format', 'json'], { cwd: dir, env: ENV, encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepStrictEqual(report.findings.map((f) => f.file), ['a.js']);
    assert.strictEqual(report.skipped.tooLarge, 1);
    assert.ok(report.problems.some((p) => /larger than 5 MB not scanned \(data\.bin\)/.test(p.message)), JSON.stringify(report.problems));
    const maxRssMiB = Number(/maxRSS=(\d+)/.exec(r.stderr)[1]) / 1024;
    fs.rmSync(dir, { recursive: true, force: true }); // 160 MiB on disk twice (file and object)
    assert.ok(maxRssMiB < 150, `peak RSS ${Math.round(maxRssMiB)} MiB: the 160 MiB version was held in memory`);
  });

  it('without commits, or outside a repository: exit 2', () => {
    assert.strictEqual(cli(repo(), 'scan', '--history').code, 2);
    assert.strictEqual(cli(fs.mkdtempSync(path.join(os.tmpdir(), 'mag-nogit-')), 'scan', '--history').code, 2);
  });
});

describe('baselines', function () {
  this.timeout(60000);

  it('hide the findings they record and not new ones, also after lines above them move', () => {
    const a = ghToken(41);
    const dir = repo({ 'app.js': `const a = "${a}";\nconst b = "${a}";\n`, 'k8s/deploy.yaml': DEPLOY });
    const base = path.join(dir, '.microapp-guard-baseline.json');
    const made = cli(dir, 'baseline', '--out', base);
    assert.strictEqual(made.code, 0, made.stderr);
    const text = fs.readFileSync(base, 'utf8');
    assert.ok(!text.includes(a), 'the baseline holds no value');
    const doc = JSON.parse(text);
    assert.strictEqual(doc.tool, 'microapp-guard');
    // Reviewable: one entry per line, sorted, no line numbers; the duplicate value has occurrences 0 and 1.
    const entryLines = text.split('\n').filter((l) => l.trim().startsWith('{"ruleId"'));
    assert.strictEqual(entryLines.length, doc.findings.length);
    const sorted = [...doc.findings].sort((x, y) => x.file.localeCompare(y.file) || x.ruleId.localeCompare(y.ruleId) || x.hash.localeCompare(y.hash) || x.occurrence - y.occurrence);
    assert.deepStrictEqual(doc.findings, sorted);
    assert.ok(doc.findings.every((e) => !('line' in e)));
    assert.deepStrictEqual(doc.findings.filter((e) => e.file === 'app.js').map((e) => e.occurrence), [0, 1]);
    assert.strictEqual(cli(dir, 'scan', '--baseline', base).code, 0);
    // Lines inserted above, the YAML re-indented: still the same findings.
    write(dir, { 'app.js': `// header\n\n// more\nconst a = "${a}";\n\nconst b =   "${a}";\n`, 'k8s/deploy.yaml': `# comment\n${DEPLOY}` });
    const moved = json(dir, 'scan', '--baseline', base);
    assert.strictEqual(moved.code, 0, JSON.stringify(moved.report.findings));
    assert.deepStrictEqual(moved.report.baseline, { file: base, accepted: 3, gone: 0 });
    // A new secret (and a third copy of the old one) is new.
    const n = ghToken(42);
    write(dir, { 'app.js': `// header\nconst n = "${n}";\nconst a = "${a}";\nconst b = "${a}";\nconst c = "${a}";\n` });
    const fresh = json(dir, 'scan', '--baseline', base);
    assert.strictEqual(fresh.code, 1);
    assert.deepStrictEqual(fresh.report.findings.map((f) => f.line).sort(), [2, 5]);
    // A fixed finding is counted as gone.
    write(dir, { 'app.js': `const a = "${a}";\n` });
    assert.deepStrictEqual(json(dir, 'scan', '--baseline', base).report.baseline.gone, 1);
  });

  it('work with --staged, and a broken baseline is a usage error', () => {
    const t = ghToken(43);
    const dir = repo({ 'app.js': `const t = "${t}";\n` });
    const base = path.join(dir, 'baseline.json');
    cli(dir, 'baseline', '.', '-o', base);
    write(dir, { 'app.js': `// moved\nconst t = "${t}";\n` });
    git(dir, 'add', 'app.js');
    assert.strictEqual(cli(dir, 'scan', '--staged', '--baseline', base).code, 0);
    // Entries of files that were not staged are not "fixed": the hook saw only the commit.
    write(dir, { 'other.js': `const o = "${ghToken(44)}";\n` });
    git(dir, 'add', 'other.js');
    git(dir, 'commit', '-q', '-m', 'other');
    cli(dir, 'baseline', '.', '-o', base);
    write(dir, { 'app.js': `// moved again\nconst t = "${t}";\n` });
    git(dir, 'add', 'app.js');
    const staged = cli(dir, 'scan', '--staged', '--baseline', base);
    assert.strictEqual(staged.code, 0, staged.stderr);
    assert.doesNotMatch(staged.stderr, /no longer match/);
    // A whole-folder scan after other.js is fixed does say so.
    write(dir, { 'other.js': 'const o = process.env.O;\n' });
    assert.match(cli(dir, 'scan', '--baseline', base).stderr, /1 of its entries no longer match/);
    fs.writeFileSync(base, '{ not json');
    const r = cli(dir, 'scan', '--baseline', base);
    assert.strictEqual(r.code, 2);
    assert.match(r.stderr, /not JSON/);
  });

  it('fingerprint each finding by its rule, path and a PBKDF2 hash of the text it covers (CRLF, many at once)', () => {
    // The contract a committed baseline relies on, computed here from its definition: 120 tokens in two files
    // (hashed several at a time), CRLF line ends, two findings on one line, a last line without its line end.
    const tokens = Array.from({ length: 120 }, (_, i) => ghToken(100 + i));
    const dir = repo({
      'src/many.js': tokens.slice(0, 100).map((t, i) => `const t${i} = "${t}";`).join('\r\n') + '\r\n',
      'b.js': `// b\r\nconst x = "${tokens[100]}"; const y = "${tokens[101]}";\r\n` + tokens.slice(102).map((t) => `  call("${t}")`).join('\r\n'),
    });
    const made = cli(dir, 'baseline');
    assert.strictEqual(made.code, 0, made.stderr);
    const entries = JSON.parse(made.stdout).findings;
    const hash = (ruleId, file, matched) =>
      require('crypto').pbkdf2Sync(matched.replace(/\s+/g, ' ').trim(), `microapp-guard/baseline/v1\u0000${ruleId}\u0000${file}`, 5000, 12, 'sha256').toString('hex');
    const expected = [
      ...tokens.slice(0, 100).map((t) => ['src/many.js', t]),
      ...tokens.slice(100).map((t) => ['b.js', t]),
    ].map(([file, t]) => ({ ruleId: 'secretlint/github', file, hash: hash('secretlint/github', file, t), occurrence: 0 }));
    const key = (e) => `${e.file} ${e.ruleId} ${e.hash} ${e.occurrence}`;
    assert.deepStrictEqual(entries.filter((e) => e.ruleId === 'secretlint/github').map(key).sort(), expected.map(key).sort());
  });

  it('reads a baseline saved with a byte order mark (an editor on Windows)', () => {
    const t = ghToken(44);
    const dir = repo({ 'app.js': `const t = "${t}";\n` });
    const base = path.join(dir, 'baseline.json');
    assert.strictEqual(cli(dir, 'baseline', '--out', base).code, 0);
    fs.writeFileSync(base, '\uFEFF' + fs.readFileSync(base, 'utf8'));
    const r = cli(dir, 'scan', '--baseline', base);
    assert.strictEqual(r.code, 0, r.stderr);
  });
});
