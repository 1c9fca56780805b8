'use strict';
// Issue 14, "never lose, never leak, never read outside, own outputs are not input": the export never writes over a
// manifest that does not parse nor a read-only one; no message of any family quotes a secret; owner fields hold no
// credential; workspace files reached through a symbolic link out of the folder are not read; the tool's own reports
// (SARIF, JSON, SBOM, cache, Backstage) are not read as the app's content. Fake credentials are built at run time.
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const yaml = require('yaml');
const { engine, tmpWorkspace, fake, ROOT } = require('../helpers');

const core = engine.internals.manifest;
const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
const NOW = '2025-03-01T10:00:00.000Z';

function cli(args, opts = {}) {
  const r = cp.spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60000, ...opts });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const files = (o) => Object.entries(o).map(([p, text]) => ({ path: p, text }));
const wildcardPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, null, 2);
/** A folder outside every workspace of a test, for the targets of symbolic links. */
const outsideDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mag-outside-'));
const rm = (...dirs) => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
/** Every substring of `secret` of `n` characters: none may appear in an output. */
const fragments = (secret, n = 8) => Array.from({ length: secret.length - n + 1 }, (_, i) => secret.slice(i, i + n));

describe('never lose: the export does not write over a manifest it cannot merge', function () {
  this.timeout(60000);

  /** A folder with an exported manifest whose hand-filled fields are set; returns the folder and the file. */
  function handFilled(name = 'microapp.yaml') {
    const dir = tmpWorkspace({ 'package.json': JSON.stringify({ name: 'notes', description: 'Meeting notes', author: 'Kim Lee <kim@example.com>' }) });
    const file = path.join(dir, name);
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    if (name.endsWith('.yaml')) {
      const doc = yaml.parseDocument(fs.readFileSync(file, 'utf8'));
      doc.setIn(['metadata', 'escalation'], '#notes-oncall');
      doc.setIn(['metadata', 'team'], '@acme/platform');
      doc.setIn(['spec', 'businessJustification'], 'Replaces a spreadsheet');
      fs.writeFileSync(file, doc.toString());
    }
    return { dir, file };
  }

  it('one unclosed quote in a hand-filled microapp.yaml: exit 2, the line of the quote, the file byte-identical, nothing printed over it', () => {
    const { dir, file } = handFilled();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => /^\s+escalation:/.test(l));
    lines[at] = '  escalation: "#notes-oncall'; // the closing quote forgotten
    fs.writeFileSync(file, lines.join('\n'));
    const before = fs.readFileSync(file);
    const sbomBefore = fs.readFileSync(path.join(dir, 'sbom.cdx.json'));
    const r = cli(['manifest', dir, '--out', file]);
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`microapp\\.yaml line ${at + 1}, column \\d+: YAML syntax error: a quoted value is not closed`));
    assert.match(r.stderr, /did not change the file/);
    assert.ok(!r.stderr.includes('#notes-oncall'), 'the message names the place, not the content');
    assert.ok(fs.readFileSync(file).equals(before), 'microapp.yaml untouched');
    assert.ok(fs.readFileSync(path.join(dir, 'sbom.cdx.json')).equals(sbomBefore), 'the SBOM beside it untouched');
    assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
    // Printing (no --out) stops the same way: a TODO manifest printed in place of the owner's would lose it too.
    const printed = cli(['manifest', dir]);
    assert.strictEqual(printed.code, 2);
    assert.strictEqual(printed.stdout, '');
    assert.match(printed.stderr, new RegExp(`line ${at + 1}`));
    // --check still answers (it fails, and says where).
    const check = cli(['manifest', dir, '--check']);
    assert.strictEqual(check.code, 1);
    assert.match(check.stderr, new RegExp(`line ${at + 1}`));
    assert.ok(fs.readFileSync(file).equals(before));
    rm(dir);
  });

  it('a microapp.json that does not parse, and a manifest that is not a mapping, are refused the same way', () => {
    const dir = tmpWorkspace({ 'package.json': JSON.stringify({ name: 'notes' }) });
    const json = path.join(dir, 'microapp.json');
    fs.writeFileSync(json, '{\n  "apiVersion": "microapp-guard/v1",\n  "metadata": {\n    "escalation": "#oncall,\n    "team": "@acme/ops"\n  }\n}\n');
    const before = fs.readFileSync(json);
    const r = cli(['manifest', dir, '--out', json]);
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /microapp\.json line \d+, column \d+: YAML syntax error/);
    assert.ok(fs.readFileSync(json).equals(before));
    const list = path.join(dir, 'microapp.yaml');
    fs.writeFileSync(list, '- escalation: "#oncall"\n- team: "@acme/ops"\n');
    const listBefore = fs.readFileSync(list);
    const l = cli(['manifest', dir, '--out', list]);
    assert.strictEqual(l.code, 2);
    assert.match(l.stderr, /microapp\.yaml line 1, column 1: not a mapping of fields/);
    assert.ok(fs.readFileSync(list).equals(listBefore));
    rm(dir);
  });

  it('a read-only microapp.yaml is refused with a clear message, not silently replaced; a writable one keeps its mode', () => {
    const { dir, file } = handFilled();
    fs.chmodSync(file, 0o444);
    const before = fs.readFileSync(file);
    const r = cli(['manifest', dir, '--out', file]);
    assert.strictEqual(r.code, 2, r.stderr);
    assert.match(r.stderr, /refusing to replace microapp\.yaml: the file is read-only/);
    assert.ok(fs.readFileSync(file).equals(before));
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o444);
    // A read-only SBOM is refused before anything is written (the manifest is not half-exported).
    fs.chmodSync(file, 0o640);
    fs.chmodSync(path.join(dir, 'sbom.cdx.json'), 0o444);
    const s = cli(['manifest', dir, '--out', file]);
    assert.strictEqual(s.code, 2);
    assert.match(s.stderr, /refusing to replace sbom\.cdx\.json: the file is read-only/);
    assert.ok(fs.readFileSync(file).equals(before));
    fs.chmodSync(path.join(dir, 'sbom.cdx.json'), 0o644);
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o640, 'the file keeps its permissions');
    assert.strictEqual(yaml.parse(fs.readFileSync(file, 'utf8')).metadata.escalation, '#notes-oncall', 'hand-filled fields survive');
    rm(dir);
  });

  it('a manifest that is a link to another file inside the folder is written through; the link stays', () => {
    const { dir, file } = handFilled();
    fs.mkdirSync(path.join(dir, 'deploy'));
    fs.renameSync(file, path.join(dir, 'deploy', 'microapp.yaml'));
    fs.symlinkSync(path.join('deploy', 'microapp.yaml'), file);
    const r = cli(['manifest', dir, '--out', file]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok(fs.lstatSync(file).isSymbolicLink(), 'the link is kept');
    assert.strictEqual(yaml.parse(fs.readFileSync(path.join(dir, 'deploy', 'microapp.yaml'), 'utf8')).metadata.team, '@acme/platform');
    rm(dir);
  });
});

describe('never leak: messages and owner fields', function () {
  this.timeout(60000);

  it('every family passes the same masking: an RBAC message naming an object whose name is a token does not quote it', async () => {
    const token = fake.github();
    const text = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata:',
      `  name: ${token}`,
      'roleRef:',
      '  kind: ClusterRole',
      '  name: cluster-admin',
      '  apiGroup: rbac.authorization.k8s.io',
      'subjects:',
      '- kind: ServiceAccount',
      `  name: ${token}`,
      '  namespace: default',
      '',
    ].join('\n');
    const findings = await engine.analyzeDocument({ path: '/ws/k8s/rbac.yaml', text });
    const iam = findings.find((f) => f.ruleId === 'iam/k8s-cluster-admin-binding');
    assert.ok(iam, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.ok(findings.some((f) => f.category === 'secret'), 'the token is a secret finding of the same document');
    for (const f of findings) for (const frag of fragments(token, 12)) assert.ok(!f.message.includes(frag), `${f.ruleId}: ${f.message}`);
    assert.match(iam.message, /ClusterRoleBinding "\*\*\*\*" gives ServiceAccount:default\/\*\*\*\* cluster-admin/);
  });

  it('a package.json author <https://ops:PASSWORD@host> is neither the owner e-mail nor the Backstage owner', () => {
    const password = fake.password().replace(/[#!]/g, '') + fake.token(6, 11);
    const wsFiles = {
      'package.json': JSON.stringify({ name: 'notes', description: 'Meeting notes', author: `<https://ops:${password}@host.example.com>` }),
    };
    const meta = core.inferMetadata(files(wsFiles));
    assert.strictEqual(meta.owner.email, undefined);
    const { manifest } = core.buildManifest({ files: files(wsFiles), now: NOW });
    const backstage = core.toBackstage(manifest);
    assert.match(manifest.metadata.owner.email, /^TODO/);
    for (const out of [JSON.stringify(manifest), backstage]) {
      assert.ok(!out.includes(password), 'the password reached an output');
      assert.ok(!/https?-?ops|ops:/.test(out), out);
    }
    assert.match(backstage, /owner: unknown/);
    // The same through the CLI (the scan flags the line; the owner stays a TODO).
    const dir = tmpWorkspace(wsFiles);
    const r = cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]);
    assert.strictEqual(r.code, 0, r.stderr);
    const written = fs.readFileSync(path.join(dir, 'microapp.yaml'), 'utf8');
    assert.ok(!written.includes(password) && !r.stderr.includes(password));
    assert.match(yaml.parse(written).metadata.owner.email, /^TODO/);
    rm(dir);
  });

  it('owner and contact values shaped like credentials are refused; ordinary ones are kept', () => {
    const token = fake.github();
    const person = (author) => core.inferMetadata(files({ 'package.json': JSON.stringify({ name: 'x', author }) })).owner;
    assert.deepStrictEqual(person('Kim Lee <kim@example.com>'), { name: 'Kim Lee', email: 'kim@example.com' });
    assert.deepStrictEqual(person({ name: 'Kim Lee', email: 'kim.lee+ops@mail.example.co.uk' }), { name: 'Kim Lee', email: 'kim.lee+ops@mail.example.co.uk' });
    assert.strictEqual(person('ops:hunter2hunter2@host.example.com').email, undefined, 'userinfo without a scheme');
    assert.strictEqual(person({ email: `${token}@example.com` }).email, undefined, 'a provider token before the @');
    assert.strictEqual(person({ name: token }).name, undefined, 'a token as the name');
    // A value on a line a secret rule flagged is not taken, whatever its shape.
    const pkg = JSON.stringify({ name: 'x', author: 'Pat Doe <pat@example.com>' }, null, 2);
    const line = pkg.split('\n').findIndex((l) => l.includes('author')) + 1;
    assert.strictEqual(core.inferMetadata(files({ 'package.json': pkg }), new Set([`package.json:${line}`])).owner.email, undefined);
    // CODEOWNERS and .git/config e-mails go through the same judgement.
    const co = core.inferMetadata(files({ CODEOWNERS: '* https://ops:pw1234567@git.example.com\n', '.git/config': `[user]\n  name = Kim\n  email = https://ops:x${fake.token(12)}@host.example.com\n` })).owner;
    assert.strictEqual(co.email, undefined);
    assert.strictEqual(co.name, 'Kim');
  });

  it('a schema message never quotes an unknown key that looks like a token; an ordinary typo is still named', () => {
    const base = yaml.stringify({ apiVersion: 'microapp-guard/v1', kind: 'MicroAppRegistration', metadata: { name: 'notes' } });
    for (const key of [fake.github(), fake.slack(), fake.token(28, 12), fake.awsKeyId(), `k${fake.token(20, 13)}`]) {
      const text = base.replace('metadata:\n', `metadata:\n  ${key}: 1\n`);
      const problems = core.validateManifest(text, 'yaml');
      const unknown = problems.find((p) => /unknown field/.test(p.message));
      assert.ok(unknown, JSON.stringify(problems));
      for (const p of problems) for (const frag of fragments(key, 8)) assert.ok(!p.message.includes(frag), `${key}: ${p.message}`);
      assert.match(unknown.message, /its name is not shown/);
      assert.strictEqual(text.slice(unknown.start, unknown.end), key, 'the range still points at the key');
    }
    // Nested under an unknown token-named key: the path does not name it either.
    const nested = base.replace('metadata:\n', `metadata:\n  owner:\n    name: Kim\n    email: 5\n`);
    assert.ok(core.validateManifest(nested, 'yaml').some((p) => p.message.startsWith('metadata.owner.email')));
    const typo = core.validateManifest(base.replace('metadata:\n', 'metadata:\n  escalaton: "#ops"\n'), 'yaml');
    assert.ok(typo.some((p) => p.message === 'metadata: unknown field "escalaton" (put your own notes under keys starting with "x-")'), JSON.stringify(typo));
  });

  it('a template JSON parse error says where, never the template text', () => {
    const secret = fake.awsSecret();
    const dir = tmpWorkspace({
      'iam-templates/team.json': `{"templates": [ {"id": "team-s3", "note": ${secret}} ]}`,
      '.vscode/settings.json': JSON.stringify({ 'microappGuard.permissions.templatesDir': 'iam-templates' }),
      'policy.json': wildcardPolicy,
    });
    const loaded = engine.internals.permissions.loadTemplates(path.join(dir, 'iam-templates'), dir);
    assert.strictEqual(loaded.problems.length, 1);
    assert.match(loaded.problems[0], /^IAM template file team\.json: not valid JSON: InvalidSymbol at line 1, column \d+\.$/);
    for (const frag of fragments(secret, 6)) assert.ok(!loaded.problems[0].includes(frag), loaded.problems[0]);
    const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(r.stdout);
    assert.ok(report.problems.some((p) => /IAM template file team\.json: not valid JSON/.test(p.message)), JSON.stringify(report.problems));
    for (const frag of fragments(secret, 6)) assert.ok(!r.stdout.includes(frag) && !r.stderr.includes(frag));
    rm(dir);
  });
});

describe('never read outside: links out of the folder are not followed', function () {
  this.timeout(60000);

  it('a microapp.yaml that links to a file outside the folder is not read nor merged, with a note; the export does not replace the link', () => {
    const out = outsideDir();
    const dir = tmpWorkspace({ 'package.json': JSON.stringify({ name: 'notes', description: 'Meeting notes' }) });
    const target = path.join(out, 'microapp.yaml');
    fs.writeFileSync(target, 'apiVersion: microapp-guard/v1\nkind: MicroAppRegistration\nmetadata:\n  escalation: "#from-outside"\nx-outside: read-from-outside\n');
    const before = fs.readFileSync(target);
    fs.symlinkSync(target, path.join(dir, 'microapp.yaml'));
    const r = cli(['manifest', dir]);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('from-outside') && !r.stdout.includes('read-from-outside'), 'nothing of the outside file merged');
    assert.match(yaml.parse(r.stdout).metadata.escalation, /^TODO/);
    assert.match(r.stderr, /microapp\.yaml resolves outside the workspace folder \(a symbolic link out of it\): not read/);
    const w = cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]);
    assert.strictEqual(w.code, 2);
    assert.match(w.stderr, /refusing to write microapp\.yaml: it is a symbolic link to a file outside the workspace folder/);
    assert.ok(fs.lstatSync(path.join(dir, 'microapp.yaml')).isSymbolicLink());
    assert.ok(fs.readFileSync(target).equals(before));
    rm(dir, out);
  });

  it('permissions.templatesDir that links out of the folder is refused with a note (its templates are not loaded)', () => {
    const out = outsideDir();
    const secret = fake.awsSecret();
    fs.writeFileSync(path.join(out, 'broken.json'), `{"templates": [ {"note": ${secret}} ]}`);
    fs.writeFileSync(path.join(out, 'team.json'), JSON.stringify({ provider: 'aws', templates: [{ id: 'outside-only', title: 'x', service: 's3', accessLevel: 'read-only', statements: [{ actions: ['s3:GetObject'], resources: ['arn:${Partition}:s3:::${BucketName}/*'] }] }] }));
    const dir = tmpWorkspace({ '.vscode/settings.json': JSON.stringify({ 'microappGuard.permissions.templatesDir': 'iam-templates' }), 'policy.json': wildcardPolicy });
    fs.symlinkSync(out, path.join(dir, 'iam-templates'));
    const loaded = engine.internals.permissions.loadTemplates(path.join(dir, 'iam-templates'), dir);
    assert.ok(!loaded.templates.some((t) => t.id === 'outside-only'));
    assert.deepStrictEqual(loaded.problems, [`IAM templates folder ${path.join(dir, 'iam-templates')} resolves outside the workspace folder (a symbolic link out of it): not read.`]);
    // The folder of a WorkspaceIndex is known without being passed (the permissions family passes only the folder).
    new engine.WorkspaceIndex(dir);
    assert.ok(!engine.internals.permissions.loadTemplates(path.join(dir, 'iam-templates')).templates.some((t) => t.id === 'outside-only'));
    const r = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(r.stdout);
    assert.ok(report.problems.some((p) => /iam-templates resolves outside the workspace folder/.test(p.message)), JSON.stringify(report.problems));
    for (const frag of fragments(secret, 6)) assert.ok(!r.stdout.includes(frag));
    // A templates folder inside the folder (through a link that stays inside) is read.
    fs.rmSync(path.join(dir, 'iam-templates'));
    fs.cpSync(out, path.join(dir, 'shared'), { recursive: true });
    fs.rmSync(path.join(dir, 'shared', 'broken.json'));
    fs.symlinkSync(path.join(dir, 'shared'), path.join(dir, 'iam-templates'));
    const inside = engine.internals.permissions.loadTemplates(path.join(dir, 'iam-templates'), dir);
    assert.deepStrictEqual(inside.problems, []);
    assert.ok(inside.templates.some((t) => t.id === 'outside-only'));
    rm(dir, out);
  });

  it('.vscode/settings.json and .secretlintignore that link out of the folder are not read, with a note; links inside are', () => {
    const out = outsideDir();
    fs.writeFileSync(path.join(out, 'settings.json'), JSON.stringify({ 'microappGuard.rules': { iam: 'off' } }));
    fs.writeFileSync(path.join(out, 'ignore'), '*\n');
    const dir = tmpWorkspace({ 'policy.json': wildcardPolicy });
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.symlinkSync(path.join(out, 'settings.json'), path.join(dir, '.vscode', 'settings.json'));
    fs.symlinkSync(path.join(out, 'ignore'), path.join(dir, '.secretlintignore'));
    const report = JSON.parse(cli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout);
    assert.ok(report.findings.some((f) => f.category === 'iam'), 'the outside settings (iam off) and ignore file (*) did not apply');
    const notes = report.problems.map((p) => p.message);
    assert.ok(notes.some((m) => /^\.vscode\/settings\.json resolves outside the workspace folder .*: not read; microappGuard settings not applied$/.test(m)), JSON.stringify(notes));
    assert.ok(notes.includes('.secretlintignore resolves outside the workspace folder (a symbolic link out of it): not read'), JSON.stringify(notes));
    // The same files inside the folder, reached through links that stay inside, apply.
    fs.cpSync(out, path.join(dir, 'conf'), { recursive: true });
    fs.rmSync(path.join(dir, '.vscode', 'settings.json'));
    fs.symlinkSync(path.join(dir, 'conf', 'settings.json'), path.join(dir, '.vscode', 'settings.json'));
    const inside = JSON.parse(cli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout);
    assert.ok(!inside.findings.some((f) => f.category === 'iam'));
    assert.ok(!inside.problems.some((p) => /settings\.json resolves outside/.test(p.message)));
    rm(dir, out);
  });

  it('WorkspaceIndex.insideFolder resolves links; engine reads of folder configuration through a link out are refused once, said to onRefused', () => {
    const out = outsideDir();
    fs.writeFileSync(path.join(out, 'fp'), 'x\n');
    const dir = tmpWorkspace({ 'a.txt': 'a' });
    fs.symlinkSync(out, path.join(dir, 'linked'));
    fs.symlinkSync(path.join(out, 'fp'), path.join(dir, '.microapp-guard-ignore'));
    const said = [];
    const ws = new engine.WorkspaceIndex(dir, { onRefused: (m) => said.push(m) });
    assert.strictEqual(ws.insideFolder(path.join(dir, 'a.txt')), true);
    assert.strictEqual(ws.insideFolder(path.join(dir, 'missing', 'file')), true);
    assert.strictEqual(ws.insideFolder(path.join(dir, 'linked', 'fp')), false);
    assert.strictEqual(ws.insideFolder(path.join(dir, '..', 'elsewhere')), false);
    assert.strictEqual(ws.readFile(path.join(dir, 'linked', 'fp')), undefined);
    assert.strictEqual(ws.readFile(path.join(dir, 'linked', 'fp')), undefined);
    assert.strictEqual(ws.fingerprints().size, 0);
    assert.deepStrictEqual(said, ['linked/fp resolves outside the workspace folder (a symbolic link out of it): not read', '.microapp-guard-ignore resolves outside the workspace folder (a symbolic link out of it): not read']);
    assert.deepStrictEqual(ws.refusedReads(), said);
    assert.strictEqual(ws.readFile(path.join(dir, 'a.txt')), 'a');
    rm(dir, out);
  });
});

describe('own outputs are not input', function () {
  this.timeout(120000);

  const integrations = (m) => m.spec.externalIntegrations.map((i) => `${i.host}:${i.kind}`).sort();

  it("after `scan --format sarif --output guard.sarif` at the root, the manifest is the same (the SARIF's help links are not integrations)", () => {
    const dir = tmpWorkspace();
    fs.cpSync(path.join(ROOT, 'examples', 'slack-bot'), dir, { recursive: true });
    const m0 = cli(['manifest', dir, '--format', 'json']);
    assert.strictEqual(m0.code, 0, m0.stderr);
    const before = JSON.parse(m0.stdout);
    const scanBefore = JSON.parse(cli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout);
    // The README's CI step, and the other reports the tool writes, under names that say nothing.
    assert.strictEqual(cli(['scan', dir, '--format', 'sarif', '--output', path.join(dir, 'guard.sarif'), '--fail-on', 'none']).code, 0);
    assert.strictEqual(cli(['scan', dir, '--format', 'sarif', '--output', path.join(dir, 'out', 'results.json'), '--fail-on', 'none']).code, 0);
    assert.strictEqual(cli(['scan', dir, '--format', 'json', '--output', path.join(dir, 'reports', 'scan.json'), '--fail-on', 'none']).code, 0);
    assert.ok(fs.readFileSync(path.join(dir, 'guard.sarif'), 'utf8').includes('helpUri'), 'the SARIF has help links');
    const after = JSON.parse(cli(['manifest', dir, '--format', 'json']).stdout);
    assert.deepStrictEqual(integrations(after), integrations(before));
    assert.strictEqual(after.risk.score, before.risk.score);
    assert.deepStrictEqual(after.risk.factors.externalConnectivity, before.risk.factors.externalConnectivity);
    // The scan does not read them either: same files, same findings.
    const scanAfter = JSON.parse(cli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout);
    assert.strictEqual(scanAfter.filesScanned, scanBefore.filesScanned);
    assert.deepStrictEqual(scanAfter.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`), scanBefore.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`));
    rm(dir);
  });

  it('a copy of the manifest, the SBOM and the Backstage file elsewhere in the folder do not feed the next manifest', () => {
    const dir = tmpWorkspace();
    fs.cpSync(path.join(ROOT, 'examples', 'slack-bot'), dir, { recursive: true });
    assert.strictEqual(cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]).code, 0);
    const before = yaml.parse(fs.readFileSync(path.join(dir, 'microapp.yaml'), 'utf8'));
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.copyFileSync(path.join(dir, 'microapp.yaml'), path.join(dir, 'docs', 'registration.yaml'));
    fs.copyFileSync(path.join(dir, 'sbom.cdx.json'), path.join(dir, 'docs', 'bom.json'));
    const entity = core.toBackstage(before);
    fs.writeFileSync(path.join(dir, 'docs', 'component.yaml'), entity);
    const after = JSON.parse(cli(['manifest', dir, '--format', 'json']).stdout);
    assert.deepStrictEqual(integrations(after), integrations(before));
    assert.strictEqual(after.risk.score, before.risk.score);
    rm(dir);
  });

  it('recognised by content, whatever the name: SARIF, JSON report, CycloneDX SBOM, scan cache, Backstage; others are read', () => {
    const dir = tmpWorkspace({ 'src/app.js': 'fetch("https://api.vendor.io/x")\n' });
    const sarif = JSON.parse(cli(['scan', dir, '--format', 'sarif', '--fail-on', 'none']).stdout);
    const report = cli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout;
    const other = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'other-tool', rules: [{ helpUri: 'https://docs.other.io/r1' }] } } }] });
    const cacheLike = JSON.stringify({ version: '1', root: dir, entries: { 'a.js': { hash: 'h', settings: 's', deps: [], depsDigest: 'd', findings: [], problems: [], mac: 'm' } } });
    const fileOf = {
      'a.sarif': JSON.stringify(sarif),
      'b.txt': JSON.stringify(sarif, null, 2),
      'c.json': report,
      'd.json': fs.readFileSync(path.join(ROOT, 'examples', 'slack-bot', 'package.json'), 'utf8').replace(/"name": "[^"]*"/, '"name": "microapp-guard"'),
      'e.json': other,
      'f.dat': cacheLike,
      'g.yaml': core.toBackstage(core.buildManifest({ files: [], now: NOW }).manifest),
      'h.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: mine\n',
    };
    const ws = new engine.WorkspaceIndex(dir);
    const kinds = {};
    for (const [name, text] of Object.entries(fileOf)) {
      fs.writeFileSync(path.join(dir, name), text);
      const r = ws.readForScan(path.join(dir, name));
      kinds[name] = r.skip === 'own-output' ? r.skipped : 'read';
    }
    assert.deepStrictEqual(kinds, {
      'a.sarif': "microapp-guard's own output (SARIF log)",
      'b.txt': "microapp-guard's own output (SARIF log)",
      'c.json': "microapp-guard's own output (JSON report)",
      'd.json': 'read',
      'e.json': 'read',
      'f.dat': "microapp-guard's own output (scan cache)",
      'g.yaml': "microapp-guard's own output (Backstage catalog-info.yaml)",
      'h.yaml': 'read',
    });
    // The CycloneDX SBOM the export writes.
    assert.strictEqual(cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]).code, 0);
    assert.deepStrictEqual(ws.readForScan(path.join(dir, 'sbom.cdx.json')), { skipped: "microapp-guard's own output (CycloneDX SBOM)", skip: 'own-output' });
    // The manifest itself is read (the manifest family checks it).
    assert.ok(ws.readForScan(path.join(dir, 'microapp.yaml')).text);
    // The other tool's SARIF is the app's content: its host is found.
    const scanned = JSON.parse(cli(['scan', dir, '--format', 'json', '--fail-on', 'none']).stdout);
    assert.ok(scanned.endpoints.some((e) => e.file === 'e.json' && e.host === 'docs.other.io'), JSON.stringify(scanned.endpoints));
    assert.ok(!scanned.endpoints.some((e) => ['a.sarif', 'b.txt', 'c.json', 'f.dat', 'g.yaml', 'sbom.cdx.json'].includes(e.file)));
    assert.ok(!scanned.problems.some((p) => /own output/.test(p.message)), 'skipped quietly, not reported as unreadable');
    rm(dir);
  });
});
