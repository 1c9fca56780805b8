'use strict';
// Issue 12: nothing a committer controls may hide a finding from `microapp-guard scan`.
// - Text or binary is told by content (a signature, or mostly NUL/control bytes or invalid UTF-8), not by one
//   NUL byte; binary files are counted in every report format.
// - The --cache lives outside the repository by default, and every entry carries a MAC under a key that never
//   leaves this machine: an edited cache, or one written elsewhere, is ignored and said so.
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const Ajv = require('ajv');
const { engine, tmpWorkspace, fake, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');

/** A temporary user cache folder, so no test touches the real home. */
function cacheHome() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mag-xdg-'));
}
function cli(args, home = cacheHome()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function scanJson(dir, args = [], home) {
  const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'none', '--workers', '0', ...args], home);
  assert.strictEqual(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const keyOf = (f) => `${f.file}:${f.line}:${f.column}:${f.ruleId}`;

/** Bytes that look random but are the same in every run. */
function noise(n, seed) {
  const parts = [];
  for (let i = 0; parts.length * 32 < n; i++) parts.push(crypto.createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(parts).subarray(0, n);
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const ELF = Buffer.from('7f454c46020101000000000000000000', 'hex');

/** The text of a finding's line as the scanner reads it (NUL bytes kept). */
function lineOf(dir, f) {
  return fs.readFileSync(path.join(dir, f.file), 'utf8').split('\n')[f.line - 1];
}

describe('scan: binary files are told by content, and counted', function () {
  this.timeout(30000);

  it('a .env that starts with a NUL byte is scanned: its Slack token is found where it is, and the scan fails', () => {
    const token = fake.slack();
    const dir = tmpWorkspace({ '.env': Buffer.from(`\u0000SLACK_TOKEN=${token}\n`, 'utf8') });
    const text = cli(['scan', dir]);
    assert.strictEqual(text.code, 1, `default --fail-on: ${text.stdout}${text.stderr}`);
    assert.match(text.stdout, /secretlint\/slack/);
    assert.doesNotMatch(text.stdout, /binary/);
    const report = scanJson(dir);
    const slack = report.findings.find((f) => f.ruleId === 'secretlint/slack');
    assert.ok(slack, JSON.stringify(report.findings));
    assert.strictEqual(slack.file, '.env');
    // The NUL byte is one column, as in the file: the range is the token itself.
    assert.strictEqual(slack.column, 14);
    assert.strictEqual(lineOf(dir, slack).slice(slack.column - 1, slack.endColumn - 1), token);
    assert.deepStrictEqual(report.skipped, { binary: 0, tooLarge: 0, unreadable: 0, binaryFiles: [] });
    assert.strictEqual(report.filesScanned, 1);
  });

  it('stray control bytes and Latin-1 bytes in a text file do not hide it; the text is kept as read', () => {
    const gh = fake.github();
    const stripe = fake.stripe();
    const content = Buffer.concat([
      Buffer.from('// build \u0001\u0002 header\n', 'utf8'),
      Buffer.from([0x2f, 0x2f, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]), // "// caf\xe9\n": Latin-1, not UTF-8
      Buffer.from(`const gh = "${gh}";\n`, 'utf8'),
      Buffer.from(`\u0000\u0000const stripe = "${stripe}";\n`, 'utf8'),
    ]);
    const dir = tmpWorkspace({ 'config.js': content });
    const ws = new engine.WorkspaceIndex(dir);
    const read = ws.readForScan(path.join(dir, 'config.js'));
    assert.strictEqual(read.skipped, undefined);
    assert.ok(read.text.includes(`\u0000\u0000const stripe`), 'NUL bytes are kept, so columns do not shift');
    const report = scanJson(dir);
    assert.deepStrictEqual(
      report.findings.filter((f) => f.category === 'secret').map((f) => [f.line, f.column]),
      [
        [3, 13],
        [4, 19],
      ],
      JSON.stringify(report.findings.map(keyOf)),
    );
    const stripeAt = report.findings.find((f) => f.line === 4);
    assert.strictEqual(lineOf(dir, stripeAt).slice(stripeAt.column - 1, stripeAt.endColumn - 1), stripe, 'two NUL bytes are two columns');
    assert.strictEqual(report.skipped.binary, 0);
  });

  it('a binary signature in front of clean text does not hide it', () => {
    const dir = tmpWorkspace({ 'notes.txt': `GIF89a\nSLACK_TOKEN=${fake.slack()}\n`, 'readme': `%PDF-1.7\nkey: ${fake.github()}\n` });
    const report = scanJson(dir);
    assert.deepStrictEqual(report.findings.map((f) => f.ruleId).sort(), ['secretlint/github', 'secretlint/slack']);
    assert.strictEqual(report.skipped.binary, 0);
  });

  it('UTF-16 with a byte-order mark (PowerShell\'s default) is decoded and scanned', () => {
    const gh = fake.github();
    const dir = tmpWorkspace({
      'win.env': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`# written by PowerShell\r\nGITHUB_TOKEN=${gh}\r\n`, 'utf16le')]),
      'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`token: ${fake.slack()}\n`, 'utf16le').swap16()]),
    });
    const report = scanJson(dir);
    const github = report.findings.find((f) => f.ruleId === 'secretlint/github');
    assert.ok(github, JSON.stringify(report.findings.map(keyOf)));
    assert.deepStrictEqual([github.file, github.line, github.column, github.endColumn], ['win.env', 2, 14, 14 + gh.length]);
    assert.ok(report.findings.some((f) => f.ruleId === 'secretlint/slack' && f.file === 'be.txt'));
    assert.strictEqual(report.skipped.binary, 0);
  });

  it('real binaries (by signature or by their bytes, whatever the name) are counted as skipped in JSON, text and SARIF', () => {
    const dir = tmpWorkspace({
      'app.js': `const gh = "${fake.github()}";\n`,
      'image.dat': Buffer.concat([PNG, noise(4000, 1)]),
      'blob': noise(3000, 2),
      'bin/tool': Buffer.concat([ELF, noise(2000, 3)]),
      // A text file padded with NUL bytes until it is mostly NUL: binary, and so counted, never silently gone.
      'padded.env': Buffer.concat([Buffer.from(`API_TOKEN=${fake.token(30, 501)}\n`), Buffer.alloc(400)]),
    });
    const report = scanJson(dir);
    assert.deepStrictEqual(report.skipped, { binary: 4, tooLarge: 0, unreadable: 0, binaryFiles: ['bin/tool', 'blob', 'image.dat', 'padded.env'] });
    assert.deepStrictEqual(report.findings.map((f) => f.file), ['app.js']);
    assert.strictEqual(report.filesScanned, 1);
    assert.deepStrictEqual(report.problems, [], 'binary files are counted, not one note each');
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'scan-report.schema.json'), 'utf8')));
    assert.ok(validate(report), JSON.stringify(validate.errors));

    const text = cli(['scan', dir, '--fail-on', 'none']);
    assert.strictEqual(text.code, 0, text.stderr);
    assert.match(text.stdout, /^note: 4 binary file\(s\) skipped \(not scanned\): bin\/tool, blob, image\.dat, padded\.env$/m);

    const sarif = JSON.parse(cli(['scan', dir, '--format', 'sarif', '--fail-on', 'none']).stdout);
    assert.strictEqual(sarif.runs[0].properties.skipped.binary, 4);
    assert.deepStrictEqual(sarif.runs[0].properties.skipped.binaryFiles, ['bin/tool', 'blob', 'image.dat', 'padded.env']);
    assert.ok(sarif.runs[0].properties.gate, 'the gate is still in the run properties');
  });

  it('the workspace index says why: binary for a signature or mostly odd bytes, text for a few', () => {
    const dir = tmpWorkspace({ 'a.dat': Buffer.concat([PNG, Buffer.from('hello')]), 'b': Buffer.from([0, 1, 2, 0, 3]), 'c': Buffer.from('\u0000A=1\nB=2\n') });
    const ws = new engine.WorkspaceIndex(dir);
    assert.deepStrictEqual(ws.readForScan(path.join(dir, 'a.dat')), { skipped: 'binary', skip: 'binary' });
    assert.deepStrictEqual(ws.readForScan(path.join(dir, 'b')), { skipped: 'binary', skip: 'binary' });
    const c = ws.readForScan(path.join(dir, 'c'));
    assert.deepStrictEqual({ text: c.text, skip: c.skip }, { text: '\u0000A=1\nB=2\n', skip: undefined });
    assert.match(c.stamp, /^[\d.]+:9$/, 'the version read (mtime:size), for results kept by the language server');
    assert.strictEqual(ws.readForScan(path.join(dir, 'missing')).skip, 'unreadable');
  });
});

describe('scan --cache: a cache a committer can edit hides nothing', function () {
  this.timeout(60000);

  /** Several files with fake secrets of several kinds. */
  function secrets() {
    return tmpWorkspace({
      '.gitignore': '.env\n',
      'src/a.js': `const apiToken = "${fake.token(32, 601)}";\nconst gh = "${fake.github()}";\n`,
      'src/b.py': `SLACK = "${fake.slack()}"\nSTRIPE = "${fake.stripe()}"\n`,
      'config.json': JSON.stringify({ db: { password: `${fake.token(20, 602)}#2` } }),
      'aws.ini': `[default]\naws_access_key_id = ${fake.awsKeyId()}\naws_secret_access_key = ${fake.awsSecret()}\n`,
      'src/clean.js': 'export const x = 1;\n',
    });
  }
  const listing = (dir) => fs.readdirSync(dir, { recursive: true }).map(String).sort();
  const cacheFiles = (home) => fs.readdirSync(path.join(home, 'microapp-guard')).filter((f) => f.endsWith('.json'));

  /** Rewrites the entries of a cache file. */
  function editCache(file, edit) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    let n = 0;
    for (const [k, e] of Object.entries(data.entries)) if (edit(e, k) !== false) n++;
    fs.writeFileSync(file, JSON.stringify(data));
    return n;
  }
  const withFindings = (e) => e.findings.length > 0;

  it('by default lives in the user cache folder (one file per root, a private key), never in the scanned folder; valid entries are reused', () => {
    const home = cacheHome();
    const dir = secrets();
    const before = listing(dir);
    const first = scanJson(dir, ['--cache'], home);
    assert.ok(first.findings.length >= 6, JSON.stringify(first.findings.map(keyOf)));
    assert.deepStrictEqual(first.cache, { hits: 0, misses: first.filesScanned });
    assert.deepStrictEqual(listing(dir), before, 'nothing written in the scanned folder');
    assert.ok(!fs.existsSync(path.join(dir, '.microapp-guard-cache')));
    const folder = path.join(home, 'microapp-guard');
    // (code/ holds the V8 code cache of dist/boot.js, not scan results)
    assert.deepStrictEqual(fs.readdirSync(folder).filter((f) => f !== 'code').sort(), ['key', cacheFiles(home)[0]].sort());
    assert.strictEqual(fs.readFileSync(path.join(folder, 'key')).length, 32);
    if (process.platform !== 'win32') assert.strictEqual(fs.statSync(path.join(folder, 'key')).mode & 0o777, 0o600);
    const cached = fs.readFileSync(path.join(folder, cacheFiles(home)[0]), 'utf8');
    assert.ok(!cached.includes(fake.github()) && !cached.includes(fake.slack()), 'the cache holds no secret value');

    const second = scanJson(dir, ['--cache'], home);
    assert.deepStrictEqual(second.cache, { hits: first.filesScanned, misses: 0 });
    assert.deepStrictEqual(second.findings.map(keyOf), first.findings.map(keyOf));
    assert.deepStrictEqual(second.problems, []);

    // Another folder: its own cache file, the same key.
    scanJson(secrets(), ['--cache'], home);
    assert.strictEqual(cacheFiles(home).length, 2);
  });

  it('an entry whose findings were emptied is ignored, counted and said once; every finding is still reported', () => {
    const home = cacheHome();
    const dir = secrets();
    const first = scanJson(dir, ['--cache'], home);
    const file = path.join(home, 'microapp-guard', cacheFiles(home)[0]);
    const edited = editCache(file, (e) => {
      if (!withFindings(e)) return false;
      e.findings = [];
    });
    assert.ok(edited >= 4);
    const second = scanJson(dir, ['--cache'], home);
    assert.deepStrictEqual(second.findings.map(keyOf), first.findings.map(keyOf));
    assert.deepStrictEqual(second.cache, { hits: first.filesScanned - edited, misses: edited, rejected: edited });
    const notes = second.problems.filter((p) => /cache/.test(p.message));
    assert.deepStrictEqual(notes.map((p) => p.message), [`${edited} cache entries failed verification and were ignored (edited, or written on another machine); the files were analysed again`]);
    // The text report says it too, and still fails.
    editCache(file, (e) => {
      if (!withFindings(e)) return false;
      e.findings = [];
    });
    const text = cli(['scan', dir, '--cache'], home);
    assert.strictEqual(text.code, 1);
    assert.match(text.stdout, new RegExp(`note: \\.: ${edited} cache entries failed verification`));
    // The entries were analysed again and stored with a valid MAC: trusted next time.
    const third = scanJson(dir, ['--cache'], home);
    assert.deepStrictEqual(third.cache, { hits: first.filesScanned, misses: 0 });
    assert.deepStrictEqual(third.findings.map(keyOf), first.findings.map(keyOf));
  });

  it('a plain SHA-256 recomputed in place of the MAC does not verify', () => {
    const home = cacheHome();
    const dir = secrets();
    const first = scanJson(dir, ['--cache'], home);
    const file = path.join(home, 'microapp-guard', cacheFiles(home)[0]);
    const root = JSON.parse(fs.readFileSync(file, 'utf8')).root;
    const edited = editCache(file, (e, k) => {
      if (!withFindings(e)) return false;
      e.findings = [];
      const { mac, ...content } = e;
      assert.match(mac, /^[0-9a-f]{64}$/);
      // Every way a forger could guess the content without the key.
      e.mac = crypto.createHash('sha256').update(JSON.stringify([root, k, content])).digest('hex');
    });
    const second = scanJson(dir, ['--cache'], home);
    assert.deepStrictEqual(second.findings.map(keyOf), first.findings.map(keyOf));
    assert.strictEqual(second.cache.rejected, edited);
  });

  it('a cache written on another machine (another key) is never trusted', () => {
    const home = cacheHome();
    const dir = secrets();
    const first = scanJson(dir, ['--cache'], home);
    fs.writeFileSync(path.join(home, 'microapp-guard', 'key'), crypto.randomBytes(32));
    const second = scanJson(dir, ['--cache'], home);
    assert.deepStrictEqual(second.cache, { hits: 0, misses: first.filesScanned, rejected: first.filesScanned });
    assert.deepStrictEqual(second.findings.map(keyOf), first.findings.map(keyOf));
  });

  it('a committed cache: --cache-location is verified too, and the default never reads it', () => {
    const home = cacheHome();
    const dir = secrets();
    const committed = path.join(dir, '.microapp-guard-cache');
    const first = scanJson(dir, ['--cache-location', committed], home);
    assert.ok(fs.existsSync(committed));
    assert.ok(!fs.existsSync(path.join(home, 'microapp-guard')) || cacheFiles(home).length === 0, 'only the key in the user cache folder');
    const edited = editCache(committed, (e) => {
      if (!withFindings(e)) return false;
      e.findings = [];
    });
    const second = scanJson(dir, ['--cache-location', committed], home);
    assert.deepStrictEqual(second.findings.map(keyOf), first.findings.map(keyOf));
    assert.strictEqual(second.cache.rejected, edited);
    // The default cache is the user's: the file in the repository is not read (nor scanned).
    editCache(committed, (e) => {
      e.findings = [];
    });
    const third = scanJson(dir, ['--cache'], home);
    assert.deepStrictEqual(third.cache, { hits: 0, misses: first.filesScanned });
    assert.deepStrictEqual(third.findings.map(keyOf), first.findings.map(keyOf));
  });

  it('when no key can be made the scan goes on without a cache, and says so', () => {
    const home = cacheHome();
    fs.writeFileSync(path.join(home, 'microapp-guard'), 'not a folder');
    const dir = secrets();
    const r = scanJson(dir, ['--cache'], home);
    assert.strictEqual(r.cache, undefined);
    assert.ok(r.findings.length >= 6);
    assert.ok(r.problems.some((p) => /^cache not used: /.test(p.message)), JSON.stringify(r.problems));
  });
});
