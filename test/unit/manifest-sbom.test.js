'use strict';
// The SBOM factor and the incomplete manifest: no third-party component scores none; third-party packages without
// a vulnerability report score 0 and make the manifest incomplete, naming the command that produces a report, and
// `manifest --check` fails on it; each of the six report formats (npm audit, OSV-Scanner, Trivy, Grype, pip-audit,
// CycloneDX) is recognised by its content; the gate follows the known factors. Reports are built here at run time.
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const path = require('path');
const yaml = require('yaml');
const { engine, tmpWorkspace, ROOT } = require('../helpers');

const mod = engine.internals.manifest;
const BIN = path.join(ROOT, 'bin', 'microapp-guard.js');
const NOW = '2025-03-01T10:00:00.000Z';
const files = (o) => Object.entries(o).map(([p, text]) => ({ path: p, text }));
const build = (ws, extra = {}, previous) => mod.buildManifest({ files: files(ws), grants: [], endpoints: [], now: NOW, generatorVersion: '0.1.0', ...extra }, previous).manifest;
const sbomOf = (m) => ({ value: m.risk.factors.sbomVulnerabilities.value, points: m.risk.factors.sbomVulnerabilities.points });
const sbomMissing = (m) => (m.status.missing || []).find((x) => x.field === 'risk.factors.sbomVulnerabilities');

function cli(args) {
  const r = cp.spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// ---- a small Express app with a lock file ----------------------------------------------------

const pkg = JSON.stringify({ name: 'orders-api', version: '1.4.0', description: 'Order lookups for the support desk.', author: 'Ana Ruiz <ana@corp.example>', dependencies: { express: '^4.18.2', lodash: '^4.17.15' } }, null, 2);
const lock = JSON.stringify(
  {
    name: 'orders-api',
    version: '1.4.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'orders-api', version: '1.4.0', dependencies: { express: '^4.18.2', lodash: '^4.17.15' } },
      'node_modules/express': { version: '4.18.2', resolved: 'https://registry.npmjs.org/express/-/express-4.18.2.tgz', license: 'MIT' },
      'node_modules/lodash': { version: '4.17.15', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz', license: 'MIT' },
    },
  },
  null,
  2,
);
const server = "const express = require('express');\nconst _ = require('lodash');\nconst app = express();\napp.get('/orders/:id', (req, res) => res.json({ id: req.params.id }));\napp.listen(8080);\n";
const ordersApi = { 'package.json': pkg, 'package-lock.json': lock, 'src/server.js': server };

// ---- the six report formats, as the tools write them (trimmed) ----------------------------------

const lodashGhsa = 'GHSA-35jh-r3h4-6jhm';

/** `npm audit --json` (npm 7+). */
function npmAudit(severity) {
  const vulnerabilities = severity
    ? {
        lodash: {
          name: 'lodash',
          severity,
          isDirect: true,
          via: [{ source: 1096305, name: 'lodash', dependency: 'lodash', title: 'Command Injection in lodash', url: `https://github.com/advisories/${lodashGhsa}`, severity, cwe: ['CWE-77'], cvss: { score: 7.2, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }, range: '<4.17.21' }],
          effects: [],
          range: '<4.17.21',
          nodes: ['node_modules/lodash'],
          fixAvailable: true,
        },
      }
    : {};
  const n = severity ? 1 : 0;
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: severity === 'moderate' ? n : 0, high: severity === 'high' ? n : 0, critical: severity === 'critical' ? n : 0, total: n }, dependencies: { prod: 3, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 2 } },
  });
}

/** `osv-scanner --format json -r .` */
function osvReport(severity, score) {
  const results = severity
    ? [
        {
          source: { path: '/src/orders-api/package-lock.json', type: 'lockfile' },
          packages: [
            {
              package: { name: 'lodash', version: '4.17.15', ecosystem: 'npm' },
              vulnerabilities: [{ modified: '2024-03-01T00:00:00Z', published: '2021-02-15T00:00:00Z', schema_version: '1.6.0', id: lodashGhsa, aliases: ['CVE-2021-23337'], summary: 'Command Injection in lodash', database_specific: { cwe_ids: ['CWE-77'], github_reviewed: true, severity } }],
              groups: [{ ids: [lodashGhsa], aliases: ['CVE-2021-23337', lodashGhsa], max_severity: score }],
            },
          ],
        },
      ]
    : [];
  return JSON.stringify({ results, experimental_config: { licenses: { summary: false, allowlist: null } } });
}

/** `trivy fs --format json --output trivy.json .` */
function trivyReport(severity) {
  const vuln = (target) => ({ VulnerabilityID: 'CVE-2021-23337', PkgID: 'lodash@4.17.15', PkgName: 'lodash', InstalledVersion: '4.17.15', FixedVersion: '4.17.21', Status: 'fixed', SeveritySource: 'ghsa', PrimaryURL: 'https://avd.aquasec.com/nvd/cve-2021-23337', Title: `lodash: command injection via template (${target})`, Severity: severity });
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: '2025-02-28T09:12:44.123Z',
    ArtifactName: '.',
    ArtifactType: 'filesystem',
    Metadata: { ImageConfig: { architecture: '', created: '0001-01-01T00:00:00Z', os: '', rootfs: { type: '', diff_ids: null }, config: {} } },
    Results: [
      { Target: 'package-lock.json', Class: 'lang-pkgs', Type: 'npm', ...(severity ? { Vulnerabilities: [vuln('lock')] } : {}) },
      // The same vulnerability of the same package version found through a second target counts once.
      { Target: 'node_modules/lodash/package.json', Class: 'lang-pkgs', Type: 'node-pkg', ...(severity ? { Vulnerabilities: [vuln('node_modules')] } : {}) },
      { Target: 'src/config.js', Class: 'secret', Secrets: [{ RuleID: 'generic', Severity: 'CRITICAL', Title: 'not a vulnerability' }] },
    ],
  });
}

/** `grype dir:. -o json` */
function grypeReport(severity) {
  const matches = severity
    ? [
        {
          vulnerability: { id: lodashGhsa, dataSource: `https://github.com/advisories/${lodashGhsa}`, namespace: 'github:language:javascript', severity, urls: [`https://github.com/advisories/${lodashGhsa}`], description: 'Command Injection in lodash', cvss: [], fix: { versions: ['4.17.21'], state: 'fixed' }, advisories: [] },
          relatedVulnerabilities: [{ id: 'CVE-2021-23337', dataSource: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337', namespace: 'nvd:cpe', severity: 'High' }],
          matchDetails: [{ type: 'exact-direct-match', matcher: 'javascript-matcher', searchedBy: { language: 'javascript', namespace: 'github:language:javascript' }, found: { versionConstraint: '<4.17.21 (unknown)', vulnerabilityID: lodashGhsa } }],
          artifact: { id: 'a1b2c3', name: 'lodash', version: '4.17.15', type: 'npm', locations: [{ path: '/package-lock.json' }], language: 'javascript', licenses: ['MIT'], cpes: [], purl: 'pkg:npm/lodash@4.17.15', upstreams: [] },
        },
      ]
    : [];
  return JSON.stringify({ matches, source: { type: 'directory', target: '.' }, distro: { name: '', version: '', idLike: null }, descriptor: { name: 'grype', version: '0.74.7', configuration: {}, db: { built: '2025-02-27T01:30:00Z', schemaVersion: 5 } } });
}

/** `pip-audit -r requirements.txt -f json -o pip-audit.json` (pip-audit gives no severity). */
function pipAuditReport(vulnerable) {
  return JSON.stringify({
    dependencies: [
      { name: 'flask', version: '2.2.2', vulns: vulnerable ? [{ id: 'PYSEC-2023-62', fix_versions: ['2.2.5', '2.3.2'], aliases: ['CVE-2023-30861', 'GHSA-m2qf-hxjv-5gpq'], description: 'Flask is a lightweight WSGI web application framework.' }] : [] },
      { name: 'requests', version: '2.31.0', vulns: [] },
    ],
    fixes: [],
  });
}

/** CycloneDX with vulnerabilities (`trivy fs --format cyclonedx --scanners vuln`, `osv-scanner --format cyclonedx-1-5`). */
function cyclonedxReport(severity) {
  return JSON.stringify({
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { timestamp: '2025-02-28T09:12:44+00:00', tools: { components: [{ type: 'application', name: 'trivy', version: '0.49.1' }] }, component: { 'bom-ref': 'root', type: 'application', name: '.' } },
    components: [{ 'bom-ref': 'pkg:npm/lodash@4.17.15', type: 'library', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }],
    vulnerabilities: severity
      ? [{ 'bom-ref': 'vuln-1', id: 'CVE-2021-23337', source: { name: 'ghsa', url: `https://github.com/advisories/${lodashGhsa}` }, ratings: [{ source: { name: 'nvd' }, score: 7.2, severity, method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }], affects: [{ ref: 'pkg:npm/lodash@4.17.15' }] }]
      : [],
  });
}

// ---- the factor ---------------------------------------------------------------------------------

describe('manifest: the SBOM factor', () => {
  it('an app with no third-party components scores none (0), and the manifest can be complete', () => {
    const ws = {
      'package.json': JSON.stringify({ name: 'kiosk', description: 'Lobby kiosk page.', author: 'Kim Lee <kim@corp.example>', scripts: { start: 'node server.js' }, dependencies: { 'shared-ui': 'file:../shared-ui' } }),
      'server.js': "const http = require('http');\nhttp.createServer((req, res) => res.end('ok')).listen(8080);\n",
      'scripts/report.py': 'import json, sys\nprint(json.dumps({"ok": True}))\n',
    };
    const m = build(ws);
    assert.deepStrictEqual(sbomOf(m), { value: 'none', points: 0 });
    assert.strictEqual(m.spec.sbom.vulnerabilities.status, 'no-components');
    assert.deepStrictEqual(m.spec.sbom.dependencyFiles, [], 'a file: dependency is not a third-party package');
    assert.strictEqual(m.risk.incompleteFactors, undefined);
    assert.strictEqual(sbomMissing(m), undefined);
    assert.deepStrictEqual(mod.validateObject(m), []);
    // Once the owner fills the human fields, nothing is missing: complete, and the gate is not marked incomplete.
    const filled = JSON.parse(JSON.stringify(m));
    Object.assign(filled.metadata, { team: '@corp/facilities', escalation: '#kiosk-oncall', technicalApprover: 'Rae Kim' });
    filled.spec.businessJustification = 'Replaces the paper visitor book.';
    const again = build(ws, {}, filled);
    assert.deepStrictEqual([again.status.state, again.status.missing, again.risk.incomplete], ['complete', [], false]);
  });

  it('package.json dependencies and no report: unknown, 0 points, incomplete with the reason and the npm audit command', () => {
    const m = build({ 'package.json': pkg, 'src/server.js': server });
    assert.deepStrictEqual(sbomOf(m), { value: 'unknown', points: 0 });
    assert.deepStrictEqual(m.spec.sbom.dependencyFiles, [{ file: 'package.json', ecosystem: 'npm', packages: 2 }]);
    assert.deepStrictEqual(m.spec.sbom.vulnerabilities.ecosystems, ['npm']);
    assert.deepStrictEqual(m.risk.incompleteFactors, ['sbomVulnerabilities']);
    assert.strictEqual(m.status.state, 'incomplete');
    assert.strictEqual(m.risk.incomplete, true);
    const miss = sbomMissing(m);
    assert.ok(miss, JSON.stringify(m.status.missing));
    assert.strictEqual(m.status.missing[0], miss, 'unknown factors come first');
    assert.match(miss.reason, /no vulnerability report .*npm: package\.json/);
    // No lock file: npm audit needs one first.
    assert.match(miss.howToComplete, /`npm install --package-lock-only --ignore-scripts && npm audit --json > npm-audit\.json`/);
    assert.deepStrictEqual(mod.validateObject(m), []);
    // With a lock file, npm audit runs as is, and OSV-Scanner is offered for every ecosystem.
    const locked = sbomMissing(build(ordersApi));
    assert.match(locked.howToComplete, /^in the app folder run `npm audit --json > npm-audit\.json` \(or `osv-scanner --format json -r \. > osv\.json`, which covers every ecosystem\)/);
  });

  it('names the command for each ecosystem: pip-audit for requirements and projects, OSV-Scanner for the others, in sub-folders', () => {
    const cmds = (ws) => mod.reportCommands(mod.dependencyFiles(files(ws)));
    assert.deepStrictEqual(cmds({ 'requirements.txt': 'flask==2.2.2\nrequests>=2.31\n-e ./lib\n', 'requirements-dev.txt': 'pytest==8.0.0\n' }), ['pip-audit -r requirements-dev.txt -r requirements.txt -f json -o pip-audit.json']);
    assert.deepStrictEqual(cmds({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "fastapi>=0.110",\n]\n' }), ['pip-audit . -f json -o pip-audit.json']);
    assert.deepStrictEqual(cmds({ 'go.mod': 'module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n\tgolang.org/x/net v0.23.0 // indirect\n)\n' }), ['osv-scanner --format json -r . > osv.json']);
    assert.deepStrictEqual(cmds({ 'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nserde = "1"\nlocal = { path = "../local" }\n' }), ['cargo generate-lockfile && osv-scanner --format json -r . > osv.json']);
    assert.deepStrictEqual(cmds({ 'web/package.json': pkg, 'web/package-lock.json': lock, 'jobs/requirements.txt': 'boto3==1.34.0\n' }), [
      '(cd jobs && pip-audit -r requirements.txt -f json -o pip-audit.json)',
      '(cd web && npm audit --json > npm-audit.json)',
    ]);
    assert.deepStrictEqual(cmds({ 'package.json': JSON.stringify({ name: 'x', workspaces: ['packages/*'] }), 'README.md': '# x\n' }), []);
  });

  it('reads each of the six report formats by its content, says which file it read, and a high or critical vulnerability gives 5', () => {
    const cases = [
      ['npm-audit', 'npm-audit.json', npmAudit('high'), npmAudit('moderate'), npmAudit()],
      ['osv', 'osv.json', osvReport('HIGH', '7.2'), osvReport('MODERATE', '5.3'), osvReport()],
      ['trivy', 'reports/trivy-results.json', trivyReport('CRITICAL'), trivyReport('MEDIUM'), trivyReport()],
      ['grype', 'grype.json', grypeReport('High'), grypeReport('Medium'), grypeReport()],
      ['cyclonedx', 'security/vex.cdx.json', cyclonedxReport('critical'), cyclonedxReport('medium'), cyclonedxReport()],
    ];
    for (const [format, file, high, medium, clean] of cases) {
      const m = build({ ...ordersApi, [file]: high });
      assert.deepStrictEqual(m.spec.sbom.vulnerabilities.reports, [{ file, format }], format);
      assert.deepStrictEqual(sbomOf(m), { value: 'high-critical', points: 5 }, format);
      assert.match(m.risk.factors.sbomVulnerabilities.evidence[0], new RegExp(`from ${file.replace(/\./g, '\\.')} \\(${format}\\)`));
      const v = m.spec.sbom.vulnerabilities;
      assert.strictEqual(v.critical + v.high, 1, `${format}: one vulnerability of one package version, counted once`);
      assert.strictEqual(sbomMissing(m), undefined, format);
      assert.deepStrictEqual(mod.validateObject(m), [], format);
      assert.deepStrictEqual(sbomOf(build({ ...ordersApi, [file]: medium })), { value: 'medium', points: 2 }, `${format} medium`);
      const ok = build({ ...ordersApi, [file]: clean });
      assert.deepStrictEqual([sbomOf(ok), ok.spec.sbom.vulnerabilities.status], [{ value: 'none', points: 0 }, 'known'], `${format} clean`);
      // Any file name: the content says what it is.
      assert.deepStrictEqual(build({ ...ordersApi, 'out/ci-42.json': high }).spec.sbom.vulnerabilities.reports, [{ file: 'out/ci-42.json', format }], `${format} by content`);
    }
  });

  it('reads pip-audit JSON (current and the older bare array); without severities its findings count as medium', () => {
    const app = { 'requirements.txt': 'flask==2.2.2\nrequests==2.31.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' };
    const m = build({ ...app, 'pip-audit.json': pipAuditReport(true) });
    assert.deepStrictEqual(m.spec.sbom.vulnerabilities.reports, [{ file: 'pip-audit.json', format: 'pip-audit' }]);
    assert.strictEqual(m.spec.sbom.vulnerabilities.unknown, 1);
    assert.deepStrictEqual(sbomOf(m), { value: 'medium', points: 2 });
    assert.ok(m.risk.factors.sbomVulnerabilities.evidence.some((e) => /unknown severity are scored as medium/.test(e)));
    const old = JSON.stringify(JSON.parse(pipAuditReport(true)).dependencies);
    assert.deepStrictEqual(build({ ...app, 'audit.json': old }).spec.sbom.vulnerabilities.reports, [{ file: 'audit.json', format: 'pip-audit' }]);
    const clean = build({ ...app, 'pip-audit.json': pipAuditReport(false) });
    assert.deepStrictEqual([sbomOf(clean), clean.status.missing.some((x) => x.field.startsWith('risk.'))], [{ value: 'none', points: 0 }, false]);
  });

  it('JSON that only looks like a report is not read as one (search results, other matches, a plain list, a CycloneDX SBOM without vulnerabilities)', () => {
    for (const text of [
      JSON.stringify({ results: [{ title: 'Order 1', url: 'https://shop.example/1' }], total: 1 }),
      JSON.stringify({ results: [], total: 0, page: 1 }),
      JSON.stringify({ matches: [{ team: 'a', score: 3 }] }),
      JSON.stringify([{ name: 'alice', email: 'a@example.com' }]),
      JSON.stringify({ dependencies: [{ name: 'x', version: '1' }] }),
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [] }),
    ]) {
      const m = build({ ...ordersApi, 'data/results.json': text });
      assert.strictEqual(m.spec.sbom.vulnerabilities.status, 'unknown', text);
    }
  });

  it('a report that does not cover every ecosystem: scored from the report, incomplete for the rest', () => {
    const m = build({ ...ordersApi, 'npm-audit.json': npmAudit('moderate'), 'jobs/requirements.txt': 'boto3==1.34.0\n' });
    assert.deepStrictEqual(sbomOf(m), { value: 'medium', points: 2 });
    assert.deepStrictEqual(m.spec.sbom.vulnerabilities.uncovered, ['pypi']);
    assert.deepStrictEqual(m.risk.incompleteFactors, ['sbomVulnerabilities']);
    const miss = sbomMissing(m);
    assert.match(miss.reason, /npm-audit\.json, npm-audit.*do not cover the pypi packages \(PyPI: jobs\/requirements\.txt\)/);
    assert.match(miss.howToComplete, /`\(cd jobs && pip-audit -r requirements\.txt -f json -o pip-audit\.json\)`/);
    // OSV-Scanner covers every ecosystem.
    assert.strictEqual(sbomMissing(build({ ...ordersApi, 'osv.json': osvReport(), 'jobs/requirements.txt': 'boto3==1.34.0\n' })), undefined);
  });

  it('the gate follows the known factors: restricted + broad + listed SaaS with an unknown SBOM is 9, manual review, not blocked', () => {
    const ws = { ...ordersApi, 'src/users.js': 'const email = user.profile.email;\nmodule.exports = { email };\n' };
    delete ws['package-lock.json'];
    const broad = { provider: 'aws', principal: 'arn:aws:iam::123456789012:role/orders', actions: ['s3:*'], resources: ['*'], class: 'broad', reason: 's3:* on every resource', file: 'infra/policy.json', line: 4 };
    const slack = { host: 'hooks.slack.com', registrableDomain: 'slack.com', kind: 'listed-saas', provider: 'Slack', file: 'src/server.js', line: 3 };
    const narrow = { ...broad, actions: ['s3:GetObject'], resources: ['arn:aws:s3:::orders/*'], class: 'narrow', reason: 'one action on one bucket' };
    const m = build(ws, { grants: [broad], endpoints: [slack], afterFixes: { grants: [narrow] } });
    assert.deepStrictEqual(
      Object.fromEntries(Object.entries(m.risk.factors).map(([k, f]) => [k, `${f.value} ${f.points}`])),
      { dataClass: 'restricted 3', permissionsBreadth: 'broad 5', externalConnectivity: 'listed-saas 1', sbomVulnerabilities: 'unknown 0' },
    );
    assert.deepStrictEqual([m.risk.score, m.risk.gate, m.risk.incomplete], [9, 'manual-review', true]);
    // The preferred fix moves it: a verdict a fix can change.
    assert.deepStrictEqual([m.risk.afterFixes.score, m.risk.afterFixes.gate], [4, 'auto-approve']);
    // The same app with a report showing a critical vulnerability: blocked, and complete as far as the factors go.
    const known = build({ ...ws, 'npm-audit.json': npmAudit('critical') }, { grants: [broad], endpoints: [slack] });
    assert.deepStrictEqual([known.risk.score, known.risk.gate], [14, 'blocked']);
    assert.strictEqual(sbomMissing(known), undefined);
  });

  it('a manifest written by an older version (unknown scored 5, no status.missing) still validates, and the editor says why its score is off', () => {
    const m = build({ 'package.json': pkg, 'src/server.js': server });
    const old = JSON.parse(JSON.stringify(m));
    delete old.status.missing;
    delete old.risk.incomplete;
    delete old.spec.sbom.dependencyFiles;
    delete old.spec.sbom.vulnerabilities.ecosystems;
    old.status = { state: 'complete', todo: [] };
    Object.assign(old.metadata, { team: '@corp/support', escalation: '#orders-oncall', technicalApprover: 'Rae Kim' });
    old.spec.businessJustification = 'Support needs order lookups.';
    old.risk.factors.sbomVulnerabilities.points = 5;
    old.risk.score += 5;
    old.risk.gate = 'auto-approve';
    assert.deepStrictEqual(mod.validateObject(old), []);
    const text = mod.toYaml(old);
    assert.deepStrictEqual(mod.validateManifest(text, 'yaml'), []);
    const live = mod.liveManifest(yaml.parse(text), { grants: [], endpoints: [], workloads: [] });
    const warn = mod.disagreementsInText(text, 'yaml', live).map((w) => w.message);
    assert.ok(warn.some((w) => /an unknown vulnerability factor scores 0 \(written by an older version that scored it 5\)/.test(w)), JSON.stringify(warn));
    assert.ok(warn.some((w) => /says complete but the vulnerability factor is unknown/.test(w)), JSON.stringify(warn));
    // Re-exporting it refreshes the score and the status; the hand-filled fields survive.
    const again = build({ 'package.json': pkg, 'src/server.js': server }, {}, old);
    assert.deepStrictEqual([again.risk.factors.sbomVulnerabilities.points, again.status.state, again.status.todo], [0, 'incomplete', []]);
    assert.strictEqual(again.metadata.escalation, '#orders-oncall');
  });
});

// ---- the CLI ---------------------------------------------------------------------------------

describe('manifest CLI: incomplete manifests and the report files', function () {
  this.timeout(60000);

  /** A workspace whose human fields are filled and whose manifest is exported (as an owner would). */
  function exported(ws) {
    const dir = tmpWorkspace({ CODEOWNERS: '* @corp/support\n', ...ws });
    const file = path.join(dir, 'microapp.yaml');
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    const doc = yaml.parseDocument(fs.readFileSync(file, 'utf8'));
    for (const [k, v] of [
      [['metadata', 'escalation'], '#orders-oncall'],
      [['metadata', 'technicalApprover'], 'Rae Kim'],
      [['spec', 'businessJustification'], 'Support needs order lookups.'],
    ])
      doc.setIn(k, v);
    fs.writeFileSync(file, doc.toString());
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    return dir;
  }

  it('--check fails (exit 1) on package.json dependencies without a report, naming the factor and the command; passes once a report is there', () => {
    const dir = exported(ordersApi);
    const m = yaml.parse(fs.readFileSync(path.join(dir, 'microapp.yaml'), 'utf8'));
    assert.deepStrictEqual([m.status.state, m.status.todo, m.status.missing.map((x) => x.field)], ['incomplete', [], ['risk.factors.sbomVulnerabilities']]);
    assert.strictEqual(m.risk.incomplete, true);
    const r = cli(['manifest', dir, '--check']);
    assert.strictEqual(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /\(auto-approve, incomplete\) now/);
    assert.match(r.stdout, /incomplete: risk\.factors\.sbomVulnerabilities unknown: no vulnerability report .*\(npm: package-lock\.json, package\.json\).*`npm audit --json > npm-audit\.json`/);
    assert.match(r.stdout, /manifest check failed/);

    // The owner runs the command; the next export reads the report and the check passes.
    fs.writeFileSync(path.join(dir, 'npm-audit.json'), npmAudit());
    const out = cli(['manifest', dir, '--out', path.join(dir, 'microapp.yaml')]);
    assert.strictEqual(out.code, 0, out.stderr);
    assert.doesNotMatch(out.stderr, /incomplete/);
    const after = yaml.parse(fs.readFileSync(path.join(dir, 'microapp.yaml'), 'utf8'));
    assert.deepStrictEqual(after.spec.sbom.vulnerabilities.reports, [{ file: 'npm-audit.json', format: 'npm-audit' }]);
    assert.deepStrictEqual([after.status.state, after.status.missing, after.risk.incomplete], ['complete', [], false]);
    const ok = cli(['manifest', dir, '--check']);
    assert.strictEqual(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /Risk \d+ \(auto-approve\) now/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the export reads each report format from the folder, and the SARIF run properties say incomplete beside the gate', () => {
    for (const [format, file, text] of [
      ['trivy', 'trivy.json', trivyReport('HIGH')],
      ['grype', 'security/grype-report.json', grypeReport('Critical')],
      ['cyclonedx', 'bom.vex.json', cyclonedxReport('high')],
    ]) {
      const dir = tmpWorkspace({ ...ordersApi, [file]: text });
      const r = cli(['manifest', dir, '--format', 'json']);
      assert.strictEqual(r.code, 0, r.stderr);
      const m = JSON.parse(r.stdout);
      assert.deepStrictEqual(m.spec.sbom.vulnerabilities.reports, [{ file, format }]);
      assert.deepStrictEqual(sbomOf(m), { value: 'high-critical', points: 5 });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const dir = tmpWorkspace({ 'requirements.txt': 'flask==2.2.2\n', 'app.py': 'from flask import Flask\n' });
    const s = cli(['scan', dir, '--format', 'sarif', '--fail-on', 'none']);
    assert.strictEqual(s.code, 0, s.stderr);
    const props = JSON.parse(s.stdout).runs[0].properties;
    assert.strictEqual(props.gateIncomplete, true);
    assert.deepStrictEqual(props.incompleteFactors, ['sbomVulnerabilities']);
    const miss = props.missing.find((x) => x.field === 'risk.factors.sbomVulnerabilities');
    assert.match(miss.howToComplete, /pip-audit -r requirements\.txt -f json -o pip-audit\.json/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a report is read as a report, not as app content: its advisory links are no integrations, on export and while editing', async () => {
    const ws = { ...ordersApi, 'trivy.json': trivyReport('HIGH'), 'npm-audit.json': npmAudit('high') };
    const dir = tmpWorkspace(ws);
    const file = path.join(dir, 'microapp.yaml');
    assert.strictEqual(cli(['manifest', dir, '--out', file]).code, 0);
    const text = fs.readFileSync(file, 'utf8');
    const m = yaml.parse(text);
    assert.deepStrictEqual(m.spec.sbom.vulnerabilities.reports.map((r) => r.file).sort(), ['npm-audit.json', 'trivy.json']);
    assert.deepStrictEqual(m.spec.externalIntegrations, []);
    assert.strictEqual(m.risk.factors.externalConnectivity.value, 'none');
    // In the editor the reports' facts are in the model (the network family sees their links), and do not count.
    const model = new engine.WorkspaceModel(dir);
    for (const [rel, t] of Object.entries(ws)) {
      const p = path.join(dir, rel);
      model.update(p, engine.documentFacts(engine.documentContext({ path: p, text: t })));
    }
    assert.ok(model.all('network/endpoint').some((x) => /npm-audit\.json$/.test(x.path)), 'the advisory link is an endpoint fact of the report file');
    const r = await engine.analyze({ path: file, text }, { model, workspace: { root: dir } });
    assert.deepStrictEqual(r.findings.filter((f) => f.ruleId === 'manifest/disagreement' || f.ruleId === 'manifest/stale').map((f) => f.message), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--check fails when the gate is blocked by known factors, naming them', () => {
    const dir = exported({
      ...ordersApi,
      'npm-audit.json': npmAudit('critical'),
      'infra/policy.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, null, 2),
      'src/partner.js': "module.exports = () => fetch('https://api.orders-partner.io/v1/sync');\n",
    });
    const r = cli(['manifest', dir, '--check']);
    assert.strictEqual(r.code, 1);
    // internal 1 + broad 5 + unknown endpoint 3 + critical 5 = 14
    assert.match(r.stdout, /gate blocked: risk 14 \(.*permissionsBreadth broad \(\+5\).*sbomVulnerabilities high-critical \(\+5\)/);
    assert.doesNotMatch(r.stdout, /Risk 14 \(blocked, incomplete\)/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
