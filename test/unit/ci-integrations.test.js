'use strict';
// The reports for pull requests and CI (Markdown, GitLab Code Quality) and the integration files at the repository
// root (.pre-commit-hooks.yaml, action.yml, the README's workflow), parsed and checked, not compared as strings.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const MarkdownIt = require('markdown-it');
const YAML = require('yaml');
const { fake, rand, tmpWorkspace, ROOT } = require('../helpers');

const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-ci-home-'));
const ENV = { ...process.env, HOME, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(HOME, 'gitconfig'), NO_COLOR: '1' };
fs.writeFileSync(ENV.GIT_CONFIG_GLOBAL, '');

function cli(cwd, ...args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The tables of a Markdown text: header cells and body rows, as markdown-it parses them. */
function tables(md) {
  const tokens = new MarkdownIt().parse(md, {});
  const out = [];
  let cur;
  let row;
  let inHead = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'table_open') out.push((cur = { head: [], rows: [] }));
    else if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') (inHead ? cur.head.push(...row) : cur.rows.push(row));
    else if ((t.type === 'th_open' || t.type === 'td_open') && tokens[i + 1].type === 'inline') row.push(tokens[i + 1].content);
  }
  return out;
}

function headings(md) {
  const tokens = new MarkdownIt().parse(md, {});
  return tokens.flatMap((t, i) => (t.type === 'heading_open' ? [{ level: Number(t.tag.slice(1)), text: tokens[i + 1].content }] : []));
}

/** The text of a Markdown rendering (tags stripped). */
function rendered(md) {
  return new MarkdownIt().render(md).replace(/<[^>]+>/g, '');
}

describe('--format markdown', function () {
  this.timeout(60000);

  it('renders findings by family in well-formed tables, with the risk verdict, its factors and what would change it', () => {
    const slack = fake.slack();
    const r = cli(ROOT, 'scan', path.join(ROOT, 'examples', 'slack-bot'), '--format', 'markdown');
    assert.strictEqual(r.code, 1, r.stderr);
    const hs = headings(r.stdout);
    assert.match(hs[0].text, /Micro-App Guard: \d+ finding\(s\)/);
    const titles = hs.map((h) => h.text);
    assert.ok(titles.includes('Risk verdict'), titles.join(' / '));
    for (const fam of ['Secrets', 'Permissions', 'Network isolation']) assert.ok(titles.some((t) => t.startsWith(`${fam} (`)), `${fam} section in ${titles.join(' / ')}`);
    const ts = tables(r.stdout);
    const factors = ts.find((t) => t.head[0] === 'Factor');
    assert.deepStrictEqual(factors.rows.map((row) => row[0]).sort(), ['Data class', 'External connectivity', 'Permissions breadth', 'SBOM vulnerabilities']);
    const findingTables = ts.filter((t) => t.head.includes('Finding'));
    assert.ok(findingTables.length >= 3);
    // Every row has as many cells as the header: no message broke the table.
    for (const t of findingTables) for (const row of t.rows) assert.strictEqual(row.length, t.head.length, row.join(' | '));
    const total = findingTables.reduce((n, t) => n + t.rows.length, 0);
    assert.strictEqual(total, Number(/(\d+) finding/.exec(hs[0].text)[1]));
    const text = rendered(r.stdout);
    assert.match(text, /What would change it/);
    assert.match(text, /after the preferred fixes/);
    assert.ok(!r.stdout.includes(slack));
  });

  it('keeps a table whole when a message or path holds pipes, and says when nothing was found', () => {
    const dir = tmpWorkspace({ 'a|b.js': `const token = "${`ghp_${rand(36, undefined, 51)}`}";\n` });
    const r = cli(dir, 'scan', dir, '--format', 'markdown', '--fail-on', 'error');
    assert.strictEqual(r.code, 1);
    const t = tables(r.stdout).find((x) => x.head.includes('Finding'));
    assert.strictEqual(t.rows.length, 1);
    assert.strictEqual(t.rows[0].length, t.head.length);
    assert.match(rendered(r.stdout), /The check fails at --fail-on error/);
    const clean = cli(dir, 'scan', tmpWorkspace({ 'a.js': 'const a = 1;\n' }), '--format', 'markdown');
    assert.strictEqual(clean.code, 0);
    assert.match(headings(clean.stdout)[0].text, /no findings/);
  });

  it('lists the 200 most severe findings of a family and counts the rest, so a step summary stays under GitHub\'s 1 MiB', () => {
    // 230 unknown endpoints and two tokens in 13 files: 200 endpoints are listed, the other 30 counted.
    const files = Object.fromEntries(
      Array.from({ length: 12 }, (_, k) => [`src/c${String(k).padStart(2, '0')}.js`, Array.from({ length: k < 11 ? 20 : 10 }, (_, i) => `fetch("https://api-${k}-${i}.vendor-${k}.io/v1/x");`).join('\n') + '\n']),
    );
    files['z.js'] = `const a = "ghp_${rand(36, undefined, 71)}";\nconst b = "ghp_${rand(36, undefined, 72)}";\n`;
    const dir = tmpWorkspace(files);
    const r = cli(dir, 'scan', '--format', 'markdown', '--fail-on', 'none');
    assert.strictEqual(r.code, 0, r.stderr);
    const json = JSON.parse(cli(dir, 'scan', '--format', 'json', '--fail-on', 'none').stdout);
    const network = json.findings.filter((f) => f.category === 'network');
    assert.strictEqual(network.length, 230);
    const t = tables(r.stdout).filter((x) => x.head.includes('Finding'));
    const netTable = t.find((x) => x.rows.some((row) => row[2].includes('network/')));
    assert.strictEqual(netTable.rows.length, 200);
    const text = rendered(r.stdout);
    const left = network.filter((f) => !netTable.rows.some((row) => row[1].replace(/`/g, "") === `${f.file}:${f.line}`));
    assert.strictEqual(left.length, 30);
    const bySeverity = ['error', 'warning', 'info', 'hint'].map((sv) => [sv, left.filter((f) => f.severity === sv).length]).filter(([, c]) => c);
    assert.ok(text.includes(`And 30 more (${bySeverity.map(([sv, c]) => `${c} ${sv}`).join(', ')}) in ${new Set(left.map((f) => f.file)).size} file(s), not listed here`), text);
    // The secrets' table is whole.
    assert.strictEqual(t.find((x) => x.rows.some((row) => row[2].includes('secretlint/'))).rows.length, json.findings.filter((f) => f.category === 'secret').length);
  });

  it('shows a path holding backticks as one code span, whole', () => {
    const names = ['`lead.js', 'a``b.js', 'tail`.js'];
    const dir = tmpWorkspace(Object.fromEntries(names.map((n, i) => [n, `const t = "ghp_${rand(36, undefined, 60 + i)}";\n`])));
    const r = cli(dir, 'scan', '--format', 'markdown');
    assert.strictEqual(r.code, 1, r.stderr);
    const html = new MarkdownIt().render(r.stdout);
    const codes = [...html.matchAll(/<td><code>([^<]*)<\/code>/g)].map((m) => m[1]);
    for (const n of names) assert.ok(codes.includes(`${n}:1`), `${n}: ${JSON.stringify(codes)}`);
  });

  it('--summary appends the Markdown report to a file beside any --format', () => {
    const dir = tmpWorkspace({ 'a.js': `const token = "${`ghp_${rand(36, undefined, 52)}`}";\n` });
    const summary = path.join(dir, 'summary.md');
    fs.writeFileSync(summary, '# before\n');
    const r = cli(dir, 'scan', dir, '--format', 'json', '--summary', summary);
    assert.strictEqual(r.code, 1);
    JSON.parse(r.stdout);
    const hs = headings(fs.readFileSync(summary, 'utf8'));
    assert.strictEqual(hs[0].text, 'before');
    assert.match(hs[1].text, /Micro-App Guard: 1 finding/);
  });
});

describe('--format codequality (GitLab)', function () {
  this.timeout(60000);

  it('writes Code Quality issues with unique fingerprints that survive lines moving', () => {
    const tok = `ghp_${rand(36, undefined, 53)}`;
    const dir = tmpWorkspace({ 'a.js': `const a = "${tok}";\nconst b = "${tok}";\n` });
    const r = cli(dir, 'scan', dir, '--format', 'codequality');
    assert.strictEqual(r.code, 1);
    const issues = JSON.parse(r.stdout);
    assert.strictEqual(issues.length, 2);
    for (const i of issues) {
      assert.strictEqual(typeof i.description, 'string');
      assert.strictEqual(i.check_name, 'secretlint/github');
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.strictEqual(i.location.path, 'a.js');
      assert.ok(Number.isInteger(i.location.lines.begin));
      assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
    }
    assert.notStrictEqual(issues[0].fingerprint, issues[1].fingerprint);
    assert.ok(!r.stdout.includes(tok));
    fs.writeFileSync(path.join(dir, 'a.js'), `// moved\n\nconst a = "${tok}";\nconst b = "${tok}";\n`);
    const moved = JSON.parse(cli(dir, 'scan', dir, '--format', 'codequality').stdout);
    assert.deepStrictEqual(moved.map((i) => i.fingerprint).sort(), issues.map((i) => i.fingerprint).sort());
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = YAML.parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));

  it('declares the microapp-guard hook as pre-commit expects it', () => {
    assert.ok(Array.isArray(hooks));
    const ids = hooks.map((h) => h.id);
    assert.ok(ids.includes('microapp-guard'));
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const h of hooks) {
      for (const k of ['id', 'name', 'entry', 'language']) assert.strictEqual(typeof h[k], 'string', `${h.id}.${k}`);
      assert.ok(['node', 'system'].includes(h.language));
      // The staged content is read from the index: file names are not passed.
      assert.strictEqual(h.pass_filenames, false);
      assert.deepStrictEqual(h.stages, ['pre-commit']);
      assert.deepStrictEqual(h.entry.split(/\s+/), ['microapp-guard', 'scan', '--staged']);
    }
    // language: node installs this package from `npm pack`: the bundle and the bin must be in it.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.strictEqual(pkg.bin[hooks[0].entry.split(' ')[0]], 'bin/microapp-guard.js');
    const npmignore = fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(!npmignore.some((l) => /^\/?(dist|bin)\/?$/.test(l)), '.npmignore keeps dist/ and bin/');
  });

  it('its entry, run in a repository, blocks a staged secret and passes a clean index', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-hook-'));
    const git = (...a) => {
      const r = spawnSync('git', a, { cwd: dir, env: ENV, encoding: 'utf8' });
      assert.strictEqual(r.status, 0, r.stderr);
    };
    git('init', '-q');
    fs.writeFileSync(path.join(dir, 'a.js'), 'const a = 1;\n');
    git('add', 'a.js');
    const args = hooks[0].entry.split(/\s+/).slice(1);
    assert.strictEqual(cli(dir, ...args).code, 0);
    fs.writeFileSync(path.join(dir, 'a.js'), `const a = "${fake.slack()}";\n`);
    git('add', 'a.js');
    assert.strictEqual(cli(dir, ...args).code, 1);
  });
});

describe('action.yml', () => {
  const text = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  const action = YAML.parse(text);
  const steps = action.runs.steps;
  const all = JSON.stringify(steps);

  it('is a composite action whose inputs are all used, and uses only inputs it declares', () => {
    assert.strictEqual(action.runs.using, 'composite');
    for (const k of ['name', 'description']) assert.strictEqual(typeof action[k], 'string');
    const declared = Object.keys(action.inputs);
    for (const need of ['fail-on', 'baseline', 'since']) assert.ok(declared.includes(need), need);
    const used = new Set([...all.matchAll(/inputs\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]));
    assert.deepStrictEqual([...used].sort(), [...declared].sort());
    for (const [name, out] of Object.entries(action.outputs ?? {})) {
      const m = /steps\.([A-Za-z0-9_-]+)\.outputs/.exec(out.value);
      assert.ok(m && steps.some((s) => s.id === m[1]), `output ${name} names a step`);
    }
  });

  it('takes inputs into scripts through env, never by interpolation (no script injection)', () => {
    for (const s of steps) {
      if (!s.run) continue;
      assert.ok(!/\$\{\{/.test(s.run), `step "${s.name}" interpolates an expression into its script`);
      assert.strictEqual(s.shell, 'bash', `composite run steps need a shell: ${s.name}`);
    }
  });

  it('uploads SARIF, gates with the inputs, writes the job summary and runs manifest --check', () => {
    assert.match(String(action.inputs.since.default), /github\.event\.pull_request\.base\.sha/);
    const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    const sarif = steps.find((s) => s.run && /--format sarif/.test(s.run));
    assert.ok(sarif && /steps\.sarif\.outputs\.sarif-file/.test(upload.with.sarif_file) && sarif.id === 'sarif');
    const gate = steps.find((s) => s.id === 'gate');
    assert.strictEqual(gate.env.MAG_FAIL_ON, '${{ inputs.fail-on }}');
    assert.strictEqual(gate.env.MAG_BASELINE, '${{ inputs.baseline }}');
    assert.strictEqual(gate.env.MAG_SINCE, '${{ inputs.since }}');
    for (const v of ['MAG_FAIL_ON', 'MAG_BASELINE', 'MAG_SINCE']) assert.ok(gate.run.includes(`"$${v}"`), `${v} is used, quoted`);
    assert.match(gate.run, /--summary "\$GITHUB_STEP_SUMMARY"/);
    assert.ok(steps.some((s) => s.run && /manifest .*--check/.test(s.run)));
    // The gate and the manifest check do not hang on the upload (a token without security-events: write, code
    // scanning off): they run once the CLI is installed, whatever the upload did.
    const install = steps.find((s) => s.run && /npm ci/.test(s.run));
    const manifest = steps.find((s) => s.run && /manifest .*--check/.test(s.run));
    for (const s of [gate, manifest]) {
      assert.ok(install.id && String(s.if).includes(`steps.${install.id}.outcome == 'success'`), `${s.name}: if ${s.if}`);
      assert.match(String(s.if), /!cancelled\(\)|always\(\)/, `${s.name} runs after a failed upload`);
    }
    // The shallow check and the deepening happen in the scanned repository, and a failed fetch leaves the CLI to explain.
    assert.match(gate.run, /git -C "\$MAG_PATH" rev-parse --is-shallow-repository/);
    assert.match(gate.run, /fetch [^\n]*--unshallow[^\n]*\|\|/);
    // Every flag the action passes is one the CLI knows.
    const help = cli(ROOT, '--help').stdout;
    for (const flag of new Set([...all.matchAll(/ (--[a-z-]+)/g)].map((m) => m[1]).filter((f) => !['--no-audit', '--no-fund', '--loglevel', '--is-shallow-repository', '--no-tags', '--quiet', '--unshallow'].includes(f)))) {
      assert.ok(help.includes(flag), `${flag} is in the CLI's help`);
    }
  });
});

describe('README integrations', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = new MarkdownIt()
    .parse(readme, {})
    .filter((t) => t.type === 'fence' && t.info.trim() === 'yaml')
    .map((t) => YAML.parse(t.content));

  it('shows a workflow that uses the action with least-privilege permissions', () => {
    const wf = blocks.find((b) => b && b.jobs && JSON.stringify(b).includes('microapp-guard/microapp-guard@'));
    assert.ok(wf, 'a workflow using the action');
    assert.deepStrictEqual(wf.permissions, {}, 'nothing at the top level');
    assert.ok(!('pull_request_target' in wf.on));
    for (const job of Object.values(wf.jobs)) {
      assert.strictEqual(typeof job.permissions, 'object');
      for (const [scope, level] of Object.entries(job.permissions)) {
        assert.ok(level === 'read' || (scope === 'security-events' && level === 'write'), `${scope}: ${level}`);
      }
      const step = job.steps.find((s) => String(s.uses).startsWith('microapp-guard/microapp-guard@'));
      const action = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
      for (const k of Object.keys(step.with ?? {})) assert.ok(k in action.inputs, `input ${k} exists`);
    }
  });

  it('shows a GitLab job that publishes the Code Quality report', () => {
    const job = blocks.map((b) => b && b['microapp-guard']).find(Boolean);
    assert.ok(job, 'a GitLab job');
    const report = job.artifacts.reports.codequality;
    assert.ok(job.script.some((l) => l.includes('--format codequality') && l.includes(`--output ${report}`)));
    // The CLI at a release, not whatever the default branch holds that day; the gate on a merge request's diff base
    // (its merge base, fetched with the source branch), not a target branch the runner does not fetch.
    assert.ok(job.script.some((l) => /git clone .*--branch v\d/.test(l)), 'the clone is pinned to a tag');
    const gate = job.script.find((l) => / scan \. .*--since/.test(l));
    assert.ok(gate && gate.includes('CI_MERGE_REQUEST_DIFF_BASE_SHA') && !gate.includes('origin/'), gate);
  });

  it('shows a pre-commit configuration that names the hook this repository declares', () => {
    const cfg = blocks.find((b) => b && Array.isArray(b.repos));
    const ids = YAML.parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')).map((h) => h.id);
    for (const r of cfg.repos) for (const h of r.hooks) assert.ok(ids.includes(h.id));
  });
});
