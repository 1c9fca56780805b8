'use strict';
// The registration manifest's pure core: schema, scoring, inference, SBOM,
// merge, YAML export, live validation, Backstage.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const fc = require('fast-check');
const YAML = require('yaml');
const mod = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.manifest;

const NOW = '2025-03-01T10:00:00.000Z';
const files = (o) => Object.entries(o).map(([p, text]) => ({ path: p, text }));
const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
// Fake credentials assembled at run time, so no scanner trips on this file.
const FAKE = {
  slack: ['xo', 'xb-', '1234567890123', '-', '9876543210987', '-', 'AbCdEfGhIjKlMnOpQrStUvWx'].join(''),
  pgPassword: ['s3cr', 'etP4', 'ssw0rd', 'Zq9'].join(''),
  stripe: ['sk', '_live_', '51H8xYzAbCdEfGhIjKlMnOpQrStUv'].join(''),
  aws: ['AK', 'IA', 'QWERTYUIOPASDFGH'].join(''),
};

// ---- realistic small apps ------------------------------------------------------

const slackBot = {
  'package.json': JSON.stringify(
    {
      name: 'standup-bot',
      version: '1.2.0',
      description: 'Collects daily stand-up answers in Slack and appends them to the team sheet.',
      author: { name: 'Dana Ops', email: 'dana@acme.example' },
      dependencies: { '@slack/bolt': '^3.17.0', googleapis: '^133.0.0', pino: '^8.19.0' },
    },
    null,
    2,
  ),
  'CODEOWNERS': '# owners\n*.md @acme/docs\n* @acme/ops-tools\n',
  'src/app.js': [
    "const { App } = require('@slack/bolt');",
    "const { google } = require('googleapis');",
    "const logger = require('pino')();",
    'const app = new App({ token: process.env.SLACK_BOT_TOKEN, signingSecret: process.env.SLACK_SIGNING_SECRET });',
    'const emailEnabled = false;',
    'const cardinality = 3;',
    "app.event('app_mention', async ({ event, say }) => {",
    '  const user = await app.client.users.info({ user: event.user });',
    '  const email = user.user.profile.email;',
    '  await sheets.spreadsheets.values.append({ spreadsheetId: process.env.SHEET_ID, range: "A1", requestBody: { values: [[email, event.text]] } });',
    "  await say('Thanks!');",
    '});',
  ].join('\n'),
  'README.md': '# Stand-up bot\n\n[![ci](https://ci/badge.svg)](https://ci)\n\nPlease be patient: answers show up in the sheet within a minute.\n',
};

const flaskPhi = {
  'pyproject.toml': [
    '[build-system]',
    'requires = ["setuptools"]',
    '',
    '[project]',
    'name = "clinic-intake"',
    'description = "Intake form for the clinic: patients enter symptoms before the visit."',
    'authors = [',
    '  { name = "Sam Carter", email = "sam.carter@clinic.example" },',
    ']',
    'dependencies = ["flask", "sqlalchemy", "structlog"]',
  ].join('\n'),
  'requirements.txt': '# pinned\nFlask==3.0.2\nSQLAlchemy==2.0.27 ; python_version >= "3.9"\nstructlog==24.1.0\nrequests>=2\n-e ./lib\n',
  'app/models.py': [
    'from sqlalchemy import Column, String, Date',
    'class Patient(Base):',
    "    __tablename__ = 'patients'",
    '    mrn = Column(String)',
    '    date_of_birth = Column(Date)',
    '    icd10_code = Column(String)',
    '    diagnosis = Column(String)',
  ].join('\n'),
  'app/main.py': [
    'import structlog',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    'log = structlog.get_logger()',
    "app.config['SQLALCHEMY_DATABASE_URI'] = os.environ['DATABASE_URL']",
    "@app.route('/intake', methods=['POST'])",
    'def intake():',
    "    rid = request.headers.get('X-Request-ID')",
    '    return "ok"',
  ].join('\n'),
  'infra/main.tf': ['provider "aws" {', '  region = "eu-west-1"', '}', 'resource "aws_db_instance" "intake" {', '  engine = "postgres"', '}'].join('\n'),
  'k8s/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: intake',
    'spec:',
    '  template:',
    '    spec:',
    '      serviceAccountName: intake-sa',
    '      containers:',
    '        - name: web',
    '          env:',
    '            - name: DATABASE_URL',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: intake-db',
    '                  key: url',
  ].join('\n'),
};

const paymentsHook = {
  'package.json': JSON.stringify({ name: '@acme/payments-webhook', description: 'Receives Stripe events and books them.', author: 'Lee Chen <lee@acme.example>', dependencies: { stripe: '14.0.0', 'prom-client': '15.1.0', pg: '8.11.3' } }),
  'server.js': [
    "const express = require('express');",
    "const client = require('prom-client');",
    "const { Pool } = require('pg');",
    'const pool = new Pool({ connectionString: process.env.DATABASE_URL });',
    'const app = express();',
    "app.post('/webhook', express.raw({ type: 'application/json' }), (req, res) => {",
    "  const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], process.env.STRIPE_WEBHOOK_SECRET);",
    "  res.set('x-request-id', req.id);",
    '  const { iban, card_number: cardNumber } = event.data.object;',
    '});',
  ].join('\n'),
  'osv-results.json': JSON.stringify({
    results: [
      {
        source: { path: 'package-lock.json', type: 'lockfile' },
        packages: [
          {
            package: { name: 'express', version: '4.17.1', ecosystem: 'npm' },
            vulnerabilities: [
              { id: 'GHSA-aaaa-bbbb-cccc', database_specific: { severity: 'HIGH' } },
              { id: 'CVE-2024-0001', aliases: ['GHSA-aaaa-bbbb-cccc'] },
              { id: 'GHSA-dddd-eeee-ffff', database_specific: { severity: 'MODERATE' } },
            ],
            groups: [{ ids: ['GHSA-aaaa-bbbb-cccc', 'CVE-2024-0001'], max_severity: '7.5' }, { ids: ['GHSA-dddd-eeee-ffff'], max_severity: '' }],
          },
        ],
      },
    ],
  }),
};

const broadGrant = { provider: 'aws', principal: 'arn:aws:iam::123456789012:role/hook-role', actions: ['s3:*'], resources: ['*'], class: 'broad', reason: 's3:* on every resource', file: 'infra/policy.json', line: 4 };
const narrowGrant = { provider: 'aws', principal: 'hook-role', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'], class: 'narrow', reason: 'one action on one bucket', file: 'infra/policy.json', line: 4 };
const slackEndpoint = { host: 'slack.com', registrableDomain: 'slack.com', kind: 'listed-saas', provider: 'Slack', file: 'src/app.js', line: 8 };
const unknownEndpoint = { host: 'api.acme-partner.io', registrableDomain: 'acme-partner.io', kind: 'unknown', file: 'server.js', line: 7 };
const internalEndpoint = { host: 'ledger.internal.acme.example', kind: 'internal', file: 'server.js', line: 3 };

function build(ws, extra = {}, previous) {
  return mod.buildManifest({ files: files(ws), now: NOW, generatorVersion: '0.1.0', ...extra }, previous);
}

// ---- schema ---------------------------------------------------------------------

describe('manifest: schema', () => {
  const schemaFile = JSON.parse(fs.readFileSync(path.join(__dirname, '../../schemas/registration-manifest.schema.json'), 'utf8'));

  it('the engine embeds exactly the committed schema file, 2020-12, with an $id and a description on every property', () => {
    assert.deepStrictEqual(mod.manifestSchema, schemaFile);
    assert.strictEqual(schemaFile.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(schemaFile.$id, /registration-manifest/);
    const missing = [];
    const walk = (s, at) => {
      if (!s || typeof s !== 'object') return;
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (!v.description && !v.$ref) missing.push(`${at}.${k}`); // $defs carry their own descriptions
        walk(v, `${at}.${k}`);
      }
      if (s.items) walk(s.items, `${at}[]`);
      for (const [k, v] of Object.entries(s.$defs ?? {})) walk(v, `$defs.${k}`);
    };
    walk(schemaFile, '');
    assert.deepStrictEqual(missing, []);
  });

  it('a built manifest is valid for ajv 2020 with formats, for each realistic app', () => {
    for (const [ws, extra] of [
      [slackBot, { grants: [], endpoints: [slackEndpoint] }],
      [flaskPhi, {}],
      [paymentsHook, { grants: [broadGrant], endpoints: [unknownEndpoint, internalEndpoint], secrets: [{ rule: 'secretlint/stripe', file: 'server.js', line: 7 }] }],
    ]) {
      const { manifest } = build(ws, extra);
      assert.deepStrictEqual(mod.validateObject(manifest), [], JSON.stringify(mod.validateObject(manifest)));
    }
  });

  it('rejects a wrong kind, an unknown gate, a bad email, an unknown field, a fifth factor and a bad date', () => {
    const { manifest } = build(slackBot, { grants: [], endpoints: [] });
    const bad = (mutate) => {
      const m = JSON.parse(JSON.stringify(manifest));
      mutate(m);
      return mod.validateObject(m).map((e) => `${e.instancePath} ${e.keyword}`);
    };
    assert.ok(bad((m) => (m.kind = 'Registration')).includes('/kind const'));
    assert.ok(bad((m) => (m.risk.gate = 'maybe')).includes('/risk/gate enum'));
    assert.ok(bad((m) => (m.metadata.owner.email = 'not an email')).includes('/metadata/owner/email pattern'));
    assert.deepStrictEqual(bad((m) => (m.metadata.owner.email = 'TODO: the owner email')), []);
    assert.ok(bad((m) => (m.spec.colour = 'blue')).includes('/spec additionalProperties'));
    assert.deepStrictEqual(bad((m) => (m.spec['x-notes'] = 'anything')), []);
    assert.ok(bad((m) => (m.risk.factors.teamSize = { value: 'x', points: 0, evidence: [] })).includes('/risk/factors additionalProperties'));
    assert.ok(bad((m) => delete m.risk.factors.sbomVulnerabilities).includes('/risk/factors required'));
    assert.ok(bad((m) => (m.generatedAt = 'yesterday')).includes('/generatedAt format'));
    assert.ok(bad((m) => (m.risk.factors.dataClass.value = 'secret')).some((s) => s.startsWith('/risk/factors/dataClass/value')));
    assert.ok(bad((m) => (m.spec.sbom.vulnerabilities = { status: 'unknown' })).includes('/spec/sbom/vulnerabilities required'));
    assert.ok(bad((m) => (m.spec.sbom.vulnerabilities = { status: 'known', critical: 1 })).includes('/spec/sbom/vulnerabilities required'));
    assert.ok(bad((m) => (m.spec.dataClasses = [{ class: 'PHI', evidence: [{ file: 'a.py', line: 0 }] }])).includes('/spec/dataClasses/0/evidence/0/line minimum'));
  });
});

// ---- scoring ------------------------------------------------------------------------

describe('manifest: scoring', () => {
  const table = {
    dataClass: { public: 0, internal: 1, restricted: 3, regulated: 5 },
    permissionsBreadth: { narrow: 0, moderate: 2, broad: 5 },
    externalConnectivity: { none: 0, 'listed-saas': 1, unknown: 3 },
    // unknown (no vulnerability report) scores nothing: it makes the manifest incomplete instead.
    sbomVulnerabilities: { none: 0, medium: 2, 'high-critical': 5, unknown: 0 },
  };
  const base = { dataClass: 'public', permissionsBreadth: 'narrow', externalConnectivity: 'none', sbomVulnerabilities: 'none' };

  it('scores every value of every factor as in the table', () => {
    for (const [factor, values] of Object.entries(table)) {
      for (const [value, points] of Object.entries(values)) {
        const r = mod.score({ ...base, [factor]: value });
        assert.strictEqual(r.points[factor], points, `${factor}=${value}`);
        assert.strictEqual(r.score, points, `${factor}=${value}`);
      }
    }
  });

  it('gates at exactly 7 / 8 / 11 / 12', () => {
    const at = (v) => mod.score({ ...base, ...v });
    const cases = [
      [{ dataClass: 'restricted', permissionsBreadth: 'moderate', sbomVulnerabilities: 'medium' }, 7, 'auto-approve'], // 3+2+0+2
      [{ dataClass: 'restricted', permissionsBreadth: 'moderate', externalConnectivity: 'unknown' }, 8, 'manual-review'], // 3+2+3+0
      [{ dataClass: 'internal', permissionsBreadth: 'moderate', sbomVulnerabilities: 'unknown' }, 3, 'auto-approve'], // 1+2+0+0: unknown scores nothing
      [{ dataClass: 'internal', permissionsBreadth: 'broad', externalConnectivity: 'unknown', sbomVulnerabilities: 'medium' }, 11, 'manual-review'], // 1+5+3+2
      [{ dataClass: 'regulated', permissionsBreadth: 'moderate', sbomVulnerabilities: 'high-critical' }, 12, 'blocked'], // 5+2+0+5
      [{ dataClass: 'regulated', permissionsBreadth: 'broad', externalConnectivity: 'unknown', sbomVulnerabilities: 'unknown' }, 13, 'blocked'], // 5+5+3+0
      [{ dataClass: 'regulated', permissionsBreadth: 'broad', externalConnectivity: 'unknown', sbomVulnerabilities: 'high-critical' }, 18, 'blocked'],
    ];
    for (const [v, s, g] of cases) assert.deepStrictEqual([at(v).score, at(v).gate], [s, g], JSON.stringify(v));
    assert.deepStrictEqual([6, 7, 8, 11, 12, 18].map(mod.gateFor), ['auto-approve', 'auto-approve', 'manual-review', 'manual-review', 'blocked', 'blocked']);
    assert.strictEqual(mod.MANUAL_REVIEW_AT, 8);
    assert.strictEqual(mod.BLOCKED_AT, 12);
  });

  it('every combination: score is the sum, gate follows the thresholds, maximum 18', () => {
    let n = 0;
    for (const d of Object.keys(table.dataClass))
      for (const p of Object.keys(table.permissionsBreadth))
        for (const c of Object.keys(table.externalConnectivity))
          for (const s of Object.keys(table.sbomVulnerabilities)) {
            const r = mod.score({ dataClass: d, permissionsBreadth: p, externalConnectivity: c, sbomVulnerabilities: s });
            const sum = table.dataClass[d] + table.permissionsBreadth[p] + table.externalConnectivity[c] + table.sbomVulnerabilities[s];
            assert.strictEqual(r.score, sum);
            assert.strictEqual(r.gate, sum >= 12 ? 'blocked' : sum >= 8 ? 'manual-review' : 'auto-approve');
            n++;
          }
    assert.strictEqual(n, 144);
    assert.throws(() => mod.score({ ...base, dataClass: 'secret' }), RangeError);
  });

  it('derives factors: max grant class, max non-internal endpoint kind, vulnerability levels, unknown scored 0', () => {
    assert.strictEqual(mod.permissionsFactor([narrowGrant, broadGrant]).value, 'broad');
    assert.deepStrictEqual(mod.permissionsFactor([]), { value: 'narrow', points: 0, evidence: ['no grants found'] });
    assert.match(mod.permissionsFactor(undefined).evidence[0], /incomplete/);
    assert.strictEqual(mod.connectivityFactor([internalEndpoint]).value, 'none');
    assert.strictEqual(mod.connectivityFactor([internalEndpoint, slackEndpoint]).value, 'listed-saas');
    assert.strictEqual(mod.connectivityFactor([slackEndpoint, unknownEndpoint]).value, 'unknown');
    const known = (c) => ({ status: 'known', critical: 0, high: 0, medium: 0, low: 0, unknown: 0, reports: [{ file: 'a.json', format: 'osv' }], ...c });
    assert.strictEqual(mod.sbomFactor(known({ low: 4 })).value, 'none');
    assert.strictEqual(mod.sbomFactor(known({ medium: 1 })).value, 'medium');
    assert.strictEqual(mod.sbomFactor(known({ unknown: 1 })).value, 'medium');
    assert.strictEqual(mod.sbomFactor(known({ critical: 1 })).value, 'high-critical');
    const u = mod.sbomFactor({ status: 'unknown', reason: mod.NO_REPORT_REASON });
    assert.deepStrictEqual([u.value, u.points], ['unknown', 0]);
    assert.match(u.evidence[0], /nothing is fetched from the network/);
    assert.strictEqual(mod.dataClassFactor(new Map()).value, 'internal');
    assert.strictEqual(mod.dataClassFactor(new Map(), 'regulated').value, 'regulated');
    assert.strictEqual(mod.dataClassFactor(new Map([['PHI', [{ file: 'a', line: 1 }]]]), 'public').value, 'regulated');
    // financial is restricted (issue 14); payment card data and government identifiers are regulated; credentials only when declared
    assert.deepStrictEqual(['PHI', 'financial', 'PII', 'credentials', 'payment-card', 'government-id'].map((c) => mod.sensitivityOf([c])), ['regulated', 'restricted', 'restricted', 'restricted', 'regulated', 'regulated']);
    assert.strictEqual(mod.sensitivityOf([]), 'internal');
  });
});

// ---- inference ------------------------------------------------------------------------

describe('manifest: inference on realistic apps', () => {
  it('Slack bot with a sheet: metadata, owner, team, PII, flows, revocation names, score', () => {
    const { manifest: m, todo } = build(slackBot, { grants: [], endpoints: [slackEndpoint] });
    assert.strictEqual(m.metadata.name, 'standup-bot');
    assert.match(m.metadata.description, /stand-up answers/);
    assert.deepStrictEqual(m.metadata.owner, { name: 'Dana Ops', email: 'dana@acme.example' });
    assert.strictEqual(m.metadata.team, '@acme/ops-tools');
    assert.deepStrictEqual(todo, ['metadata.escalation', 'metadata.technicalApprover', 'spec.businessJustification']);
    assert.strictEqual(m.status.state, 'incomplete');
    const pii = m.spec.dataClasses.find((d) => d.class === 'PII');
    assert.ok(pii, 'email field is PII');
    const app = slackBot['src/app.js'];
    assert.deepStrictEqual(
      pii.evidence.map((e) => e.line),
      [lineOf(app, 'const email ='), lineOf(app, 'values: [[email')],
      'emailEnabled and cardinality are not evidence',
    );
    assert.ok(!m.spec.dataClasses.some((d) => d.class === 'financial'), 'cardinality is not a card');
    assert.ok(!m.spec.dataClasses.some((d) => d.class === 'PHI'), '"be patient" in the README is not PHI');
    assert.strictEqual(m.spec.sensitivity, 'restricted');
    assert.deepStrictEqual(m.spec.dataFlows.sources.map((s) => s.kind), ['slack-event']);
    assert.deepStrictEqual(m.spec.dataFlows.stores.map((s) => s.name), ['Google Sheets']);
    assert.deepStrictEqual(m.spec.dataFlows.sinks.map((s) => s.name).sort(), ['Slack', 'slack.com']);
    assert.deepStrictEqual(m.spec.dataFlows.trustBoundaries[0], { from: 'internet', to: 'app', origin: 'inferred', note: 'via Slack events' });
    assert.deepStrictEqual(m.spec.revocation.credentials.map((c) => c.name), ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    assert.strictEqual(m.spec.observability.structuredLogs.found, true);
    assert.strictEqual(m.spec.observability.metrics.found, false);
    assert.deepStrictEqual(m.spec.residency.saasSinks, ['slack.com']);
    // restricted 3 + narrow 0 + listed-saas 1 + sbom unknown 0 = 4 (package.json dependencies, no report: incomplete)
    assert.deepStrictEqual([m.risk.score, m.risk.gate], [4, 'auto-approve']);
    assert.deepStrictEqual(m.risk.incompleteFactors, ['sbomVulnerabilities']);
  });

  it('Flask PHI app: pyproject owner, PHI and PII from the model, region, stores, service account and secret names', () => {
    const { manifest: m } = build(flaskPhi);
    assert.strictEqual(m.metadata.name, 'clinic-intake');
    assert.deepStrictEqual(m.metadata.owner, { name: 'Sam Carter', email: 'sam.carter@clinic.example' });
    const phi = m.spec.dataClasses.find((d) => d.class === 'PHI');
    const indicators = phi.evidence.map((e) => e.indicator);
    for (const i of ['patient', 'mrn', 'icd10', 'diagnosis']) assert.ok(indicators.includes(i), `${i} in ${indicators}`);
    assert.ok(phi.evidence.some((e) => e.file === 'pyproject.toml'), 'the description mentions patients');
    assert.ok(m.spec.dataClasses.find((d) => d.class === 'PII').evidence.some((e) => e.indicator === 'date_of_birth'));
    assert.strictEqual(m.spec.sensitivity, 'regulated');
    assert.deepStrictEqual(m.spec.residency.regions, [{ region: 'eu-west-1', provider: 'aws', locations: [{ file: 'infra/main.tf', line: 2 }] }]);
    assert.ok(m.spec.dataFlows.sources.some((s) => s.kind === 'http'));
    assert.ok(m.spec.dataFlows.stores.some((s) => s.name === 'SQL database (ORM)'));
    assert.deepStrictEqual(m.spec.revocation.serviceAccounts.map((s) => s.name), ['intake-sa']);
    assert.deepStrictEqual(m.spec.revocation.secrets.map((s) => [s.name, s.line]), [['intake-db', 15]]);
    assert.deepStrictEqual(m.spec.revocation.credentials.map((c) => c.name), ['DATABASE_URL']);
    assert.strictEqual(m.spec.observability.structuredLogs.evidence[0].indicator, 'structlog');
    assert.strictEqual(m.spec.observability.requestIds.found, true);
    // SBOM from requirements.txt: the three pinned lines
    assert.strictEqual(m.spec.sbom.componentCount, 3);
    // families absent: both factors marked incomplete; regulated 5 + 0 + 0 + unknown 0 = 5
    assert.deepStrictEqual(m.risk.incompleteFactors, ['permissionsBreadth', 'externalConnectivity', 'sbomVulnerabilities']);
    assert.deepStrictEqual([m.risk.score, m.risk.gate], [5, 'auto-approve']);
  });

  it('payments webhook: financial data, OSV report, broad grant -> blocked, and the score after fixes', () => {
    const after = { grants: [narrowGrant], endpoints: [internalEndpoint] };
    const { manifest: m } = build(paymentsHook, { grants: [broadGrant], endpoints: [unknownEndpoint, internalEndpoint], afterFixes: after });
    assert.strictEqual(m.metadata.name, '@acme/payments-webhook');
    assert.deepStrictEqual(m.metadata.owner, { name: 'Lee Chen', email: 'lee@acme.example' });
    const fin = m.spec.dataClasses.find((d) => d.class === 'financial');
    assert.deepStrictEqual(fin.evidence.map((e) => e.indicator).sort(), ['iban']);
    // the card number is payment card data (regulated): it keeps the app regulated
    assert.deepStrictEqual(m.spec.dataClasses.find((d) => d.class === 'payment-card').evidence.map((e) => e.indicator), ['card_number']);
    assert.deepStrictEqual(m.spec.dataFlows.sources.map((s) => s.kind).sort(), ['http', 'webhook', 'webhook']);
    assert.ok(m.spec.dataFlows.stores.some((s) => s.name === 'PostgreSQL'));
    assert.strictEqual(m.spec.observability.metrics.evidence[0].indicator, 'prom-client');
    assert.strictEqual(m.spec.observability.requestIds.evidence[0].indicator, 'x-request-id');
    assert.deepStrictEqual(m.spec.sbom.vulnerabilities, { status: 'known', critical: 0, high: 1, medium: 1, low: 0, unknown: 0, reports: [{ file: 'osv-results.json', format: 'osv' }] });
    assert.deepStrictEqual(m.spec.externalIntegrations.map((i) => [i.host, i.kind]), [
      ['api.acme-partner.io', 'unknown'],
      ['ledger.internal.acme.example', 'internal'],
    ]);
    assert.deepStrictEqual(m.spec.residency.saasSinks, ['api.acme-partner.io']);
    assert.ok(m.spec.revocation.roles.some((r) => r.name === broadGrant.principal));
    // regulated 5 + broad 5 + unknown 3 + high 5 = 18
    assert.deepStrictEqual([m.risk.score, m.risk.gate], [18, 'blocked']);
    assert.strictEqual(m.risk.incompleteFactors, undefined);
    // after fixes: 5 + 0 + 0 + 5 = 10
    assert.deepStrictEqual([m.risk.afterFixes.score, m.risk.afterFixes.gate], [10, 'manual-review']);
  });

  it('false positives: settings, tools and unrelated words are not data classes', () => {
    const code = [
      'const emailEnabled = true; const email_template = "x"; const phoneFormat = "E164";',
      'const cardinality = 4; discard(); const cards = deck.cards;',
      'const first = name; const passwordPolicy = {};',
      'const listenAddress = "0.0.0.0"; const remoteAddress = req.ip;',
      'import validator from "email-validator";',
    ].join('\n');
    const classes = mod.inferDataClasses([{ path: 'src/config.js', text: code }]);
    assert.deepStrictEqual([...classes.keys()], []);
    const prose = mod.inferDataClasses([{ path: 'README.md', text: 'Be patient. Email us. Reset your password in settings.\n' }]);
    assert.deepStrictEqual([...prose.keys()], []);
    const real = mod.inferDataClasses([
      { path: 'db/schema.sql', text: 'CREATE TABLE customers (\n  id serial,\n  email text,\n  address text,\n  card_number text\n);' },
      { path: 'web/form.html', text: '<input type="password" name="password">\n<input name="dateOfBirth">' },
    ]);
    // the password form field is a credential (never a data class); the card number is payment card data
    assert.deepStrictEqual([...real.keys()].sort(), ['PII', 'payment-card']);
    assert.deepStrictEqual(real.get('PII').map((e) => `${e.file}:${e.line}:${e.indicator}`), ['db/schema.sql:3:email', 'db/schema.sql:4:address', 'web/form.html:2:date_of_birth']);
  });

  it('owner from .git/config and a CODEOWNERS user when nothing else names one; README title and paragraph', () => {
    const meta = mod.inferMetadata(
      files({
        'README.md': '<!-- badge -->\n# Expense Helper\n\nSummarises expense reports for the finance team.\nRuns nightly.\n\n## Usage\n',
        '.git/config': '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://example.com/x.git\n[user]\n\tname = Kim Lee\n\temail = kim@corp.example\n',
        '.github/CODEOWNERS': '* @kimlee\n',
      }),
    );
    assert.strictEqual(meta.name, 'Expense Helper');
    assert.strictEqual(meta.description, 'Summarises expense reports for the finance team. Runs nightly.');
    assert.deepStrictEqual(meta.owner, { name: 'Kim Lee', email: 'kim@corp.example' });
    const poetry = mod.inferMetadata(files({ 'pyproject.toml': '[tool.poetry]\nname = "ledger-sync"\ndescription = \'Syncs the ledger\'\nauthors = ["Ana Ruiz <ana@corp.example>"]\n' }));
    assert.deepStrictEqual([poetry.name, poetry.description, poetry.owner.email], ['ledger-sync', 'Syncs the ledger', 'ana@corp.example']);
    assert.deepStrictEqual(mod.parsePerson('Jo Bloggs <jo@x.example> (https://jo.example)'), { name: 'Jo Bloggs', email: 'jo@x.example' });
  });

  it('regions from AWS, GCP and Azure infrastructure code', () => {
    const r = mod.inferRegions(
      files({
        'main.tf': 'provider "google" {\n  region = "europe-west4"\n}\nresource "azurerm_resource_group" "rg" {\n  location = "westeurope"\n}\n',
        'serverless.yml': 'provider:\n  region: us-east-1\n',
        'src/util.js': 'const x = "eu-west-1"; // a label in application code\n',
      }),
    );
    assert.deepStrictEqual(r.map((x) => `${x.provider}:${x.region}`), ['gcp:europe-west4', 'aws:us-east-1', 'azure:westeurope']);
  });
});

// ---- secrets never appear -------------------------------------------------------------

describe('manifest: secret values never appear', () => {
  it('no secret substring in the manifest, its YAML, the Backstage file or the SBOM', () => {
    const ws = {
      'package.json': JSON.stringify({ name: 'leaky', description: `Posts with token ${FAKE.slack}`, author: 'Pat <pat@corp.example>' }),
      'README.md': `# Leaky\n\nUse ${FAKE.stripe} to test.\n`,
      'app.js': [
        `const token = "${FAKE.slack}";`,
        `const db = "postgres://admin:${FAKE.pgPassword}@db.corp.example:5432/app";`,
        `const awsKey = "${FAKE.aws}";`,
        'const password = req.body.password;',
      ].join('\n'),
      '.env': `STRIPE_SECRET_KEY=${FAKE.stripe}\n`,
    };
    const secrets = [
      { rule: 'secretlint/slack', file: 'app.js', line: 1 },
      { rule: 'secretlint/database-connection-string', file: 'app.js', line: 2 },
      { rule: 'secretlint/aws', file: 'app.js', line: 3 },
      { rule: 'secretlint/stripe', file: '.env', line: 1 },
      { rule: 'secretlint/stripe', file: 'README.md', line: 3 },
    ];
    const { manifest, sbom } = build(ws, { secrets, grants: [], endpoints: [] });
    const outputs = [JSON.stringify(manifest), mod.toYaml(manifest), mod.toBackstage(manifest), JSON.stringify(sbom.bom)];
    for (const value of Object.values(FAKE)) {
      for (const part of [value, value.slice(4, 16)]) for (const o of outputs) assert.ok(!o.includes(part), `leaked a secret part`);
    }
    assert.deepStrictEqual(manifest.spec.secrets, {
      total: 5,
      byRule: { 'secretlint/slack': 1, 'secretlint/database-connection-string': 1, 'secretlint/aws': 1, 'secretlint/stripe': 2 },
      locations: secrets.map((s) => ({ file: s.file, line: s.line, rule: s.rule })),
    });
    assert.ok(mod.isTodo(manifest.metadata.description), 'a description carrying a token is not copied');
    assert.ok(manifest.spec.revocation.credentials.some((c) => c.name === 'STRIPE_SECRET_KEY' && c.kind === 'env-var'));
    assert.ok(manifest.spec.revocation.credentials.some((c) => c.kind === 'hardcoded' && c.file === 'app.js' && c.line === 1));
  });

  it('property: arbitrary files never break the build, the result always validates, and planted values never leak', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ path: fc.constantFrom('a.js', 'b.py', 'README.md', 'package.json', 'x.tf', 'k.yaml', 'requirements.txt'), text: fc.string({ maxLength: 300 }) }), { maxLength: 6 }),
        fc.stringMatching(/^[A-Za-z0-9]{30}$/),
        (fs_, token) => {
          const planted = fs_.map((f, i) => ({ path: `${i}/${f.path}`, text: `${f.text}\nconst apiToken = "${token}";\n` }));
          const { manifest } = mod.buildManifest({ files: planted, now: NOW, secrets: planted.map((f) => ({ rule: 'r', file: f.path, line: f.text.split('\n').length - 1 })) });
          assert.deepStrictEqual(mod.validateObject(manifest), []);
          assert.ok(!JSON.stringify(manifest).includes(token));
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ---- SBOM and vulnerability reports ----------------------------------------------------------

describe('manifest: SBOM and vulnerability reports', () => {
  const lock = JSON.stringify({
    name: 'standup-bot',
    version: '1.2.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'standup-bot', version: '1.2.0', dependencies: { '@slack/bolt': '^3.17.0', express: '^4.18.2' }, devDependencies: { mocha: '^10.0.0' } },
      'node_modules/@slack/bolt': { version: '3.17.1', resolved: 'https://registry.npmjs.org/@slack/bolt/-/bolt-3.17.1.tgz', integrity: 'sha512-x', license: 'MIT' },
      'node_modules/express': { version: '4.18.2', resolved: 'https://registry.npmjs.org/express/-/express-4.18.2.tgz', license: 'MIT' },
      'node_modules/debug': { version: '4.3.4' },
      'node_modules/express/node_modules/debug': { version: '2.6.9' },
      'node_modules/send/node_modules/debug': { version: '2.6.9' },
      'node_modules/mocha': { version: '10.2.0', dev: true },
      'node_modules/mocha/node_modules/debug': { version: '4.3.4', dev: true },
      'node_modules/local-lib': { resolved: 'packages/local-lib', link: true },
      'packages/local-lib': { name: 'local-lib', version: '0.0.1' },
      'node_modules/string-width-cjs': { name: 'string-width', version: '4.2.3' },
    },
  });

  it('package-lock v3: distinct components by purl, scoped purls, dev flag, CycloneDX 1.6', () => {
    const r = mod.buildSbom(files({ 'package-lock.json': lock, 'node_modules/x/package-lock.json': lock }), { name: 'standup-bot', version: '1.2.0' });
    // bolt, express, debug@4.3.4, debug@2.6.9, mocha, string-width (alias) = 6
    assert.strictEqual(r.componentCount, 6);
    assert.deepStrictEqual(r.lockFiles, ['package-lock.json']);
    assert.strictEqual(r.bom.bomFormat, 'CycloneDX');
    assert.strictEqual(r.bom.specVersion, '1.6');
    const purls = r.bom.components.map((c) => c.purl).sort();
    assert.deepStrictEqual(purls, [
      'pkg:npm/%40slack/bolt@3.17.1',
      'pkg:npm/debug@2.6.9',
      'pkg:npm/debug@4.3.4',
      'pkg:npm/express@4.18.2',
      'pkg:npm/mocha@10.2.0',
      'pkg:npm/string-width@4.2.3',
    ]);
    const bolt = r.bom.components.find((c) => c.name === 'bolt');
    assert.strictEqual(bolt.group, '@slack');
    const dev = (n) => (r.bom.components.find((c) => c.purl === n).properties ?? []).some((p) => p.name === 'cdx:npm:package:development');
    assert.strictEqual(dev('pkg:npm/mocha@10.2.0'), true);
    assert.strictEqual(dev('pkg:npm/debug@4.3.4'), false, 'used in production too');
    assert.strictEqual(r.bom.metadata.component.name, 'standup-bot');
  });

  it('Python lock files: requirements pins, poetry.lock and Pipfile.lock', () => {
    const r = mod.buildSbom(
      files({
        'requirements.txt': 'Flask==3.0.2\nzope.interface==6.2  # comment\nrequests>=2\n--hash=sha256:abc\n',
        'svc/poetry.lock': '[[package]]\nname = "Jinja2"\nversion = "3.1.3"\ncategory = "main"\n\n[[package]]\nname = "pytest"\nversion = "8.0.0"\ncategory = "dev"\n',
        'Pipfile.lock': JSON.stringify({ _meta: {}, default: { flask: { version: '==3.0.2' } }, develop: { black: { version: '==24.2.0' } } }),
      }),
    );
    assert.deepStrictEqual(r.bom.components.map((c) => c.purl).sort(), [
      'pkg:pypi/black@24.2.0',
      'pkg:pypi/flask@3.0.2',
      'pkg:pypi/jinja2@3.1.3',
      'pkg:pypi/pytest@8.0.0',
      'pkg:pypi/zope-interface@6.2',
    ]);
    assert.strictEqual(r.componentCount, 5);
  });

  it('reads npm audit v2 / v1, OSV and CycloneDX reports; none -> unknown with the reason', () => {
    const audit = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: { lodash: { name: 'lodash', severity: 'critical' }, minimist: { severity: 'moderate' }, qs: { severity: 'high' }, ms: { severity: 'low' }, x: { severity: 'info' } },
      metadata: { vulnerabilities: { critical: 1 } },
    });
    const v = mod.readVulnerabilityReports(files({ 'audit.json': audit }));
    assert.deepStrictEqual(v, { status: 'known', critical: 1, high: 1, medium: 1, low: 2, unknown: 0, reports: [{ file: 'audit.json', format: 'npm-audit' }] });
    const v1 = mod.readVulnerabilityReports(files({ 'reports/npm-audit.json': JSON.stringify({ advisories: { 1: { severity: 'high' }, 2: { severity: 'high' } } }) }));
    assert.deepStrictEqual([v1.high, v1.reports[0].format], [2, 'npm-audit']);
    const osv = mod.readVulnerabilityReports(
      files({ 'osv.json': JSON.stringify({ results: [{ packages: [{ vulnerabilities: [{ id: 'A', database_specific: { severity: 'CRITICAL' } }, { id: 'B', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L' }] }, { id: 'C', severity: [{ type: 'X', score: '5.0' }] }] }] }] }) }),
    );
    assert.deepStrictEqual([osv.critical, osv.medium, osv.unknown], [1, 1, 1]);
    const cdx = mod.readVulnerabilityReports(
      files({ 'bom-vex.json': JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', vulnerabilities: [{ id: 'X', ratings: [{ severity: 'medium' }, { severity: 'high' }] }, { id: 'Y', ratings: [{ score: 9.8 }] }, { id: 'Z' }] }) }),
    );
    assert.deepStrictEqual([cdx.critical, cdx.high, cdx.unknown, cdx.reports[0].format], [1, 1, 1, 'cyclonedx']);
    // Overlapping reports: highest count per severity, not the sum.
    const both = mod.readVulnerabilityReports(files({ 'audit.json': audit, 'audit2.json': audit }));
    assert.strictEqual(both.critical, 1);
    assert.deepStrictEqual(mod.readVulnerabilityReports(files({ 'package.json': '{"vulnerabilities":{}}', 'data.json': '{"results":"x"}' })), {
      status: 'unknown',
      reason: 'no vulnerability report in the workspace; nothing is fetched from the network',
    });
  });
});

// ---- merge and YAML ------------------------------------------------------------------------

describe('manifest: re-export merge', () => {
  it('hand-filled fields, declared entries, a raised sensitivity and x- notes survive; computed fields refresh', () => {
    const first = build(slackBot, { grants: [], endpoints: [slackEndpoint] }).manifest;
    const edited = JSON.parse(JSON.stringify(first));
    edited.metadata.escalation = '#ops-oncall';
    edited.metadata.technicalApprover = 'Rae Kim';
    edited.metadata.name = 'TODO: still open'; // a TODO is not a hand-filled value
    edited.spec.businessJustification = 'Replaces a manual stand-up spreadsheet.';
    edited.spec.dataClasses.push({ class: 'PHI', origin: 'declared', note: 'answers may mention sick leave' });
    edited.spec.dataFlows.sinks.push({ kind: 'email', name: 'Weekly digest' });
    edited.spec.sensitivity = 'public'; // lower than inferred: not kept
    edited['x-ticket'] = 'PLAT-123';
    edited.risk.score = 0; // computed: refreshed
    edited.spec.requestedPermissions = [];

    const second = build(slackBot, { grants: [broadGrant], endpoints: [slackEndpoint] }, edited).manifest;
    assert.strictEqual(second.metadata.escalation, '#ops-oncall');
    assert.strictEqual(second.metadata.technicalApprover, 'Rae Kim');
    assert.strictEqual(second.metadata.name, 'standup-bot');
    assert.strictEqual(second.spec.businessJustification, 'Replaces a manual stand-up spreadsheet.');
    assert.deepStrictEqual(second.spec.dataClasses.filter((d) => d.origin === 'declared'), [{ class: 'PHI', origin: 'declared', note: 'answers may mention sick leave' }]);
    assert.strictEqual(second.spec.dataClasses.filter((d) => d.class === 'PII').length, 1, 'inferred entries are refreshed, not duplicated');
    assert.ok(second.spec.dataFlows.sinks.some((s) => s.name === 'Weekly digest'));
    assert.strictEqual(second['x-ticket'], 'PLAT-123');
    assert.strictEqual(second.spec.sensitivity, 'regulated', 'the declared PHI class raises it');
    assert.deepStrictEqual(second.spec.requestedPermissions, [broadGrant]);
    // regulated 5 + broad 5 + listed-saas 1 + unknown 0 = 11
    assert.deepStrictEqual([second.risk.score, second.risk.gate], [11, 'manual-review']);
    assert.ok(second.risk.factors.dataClass.evidence.some((e) => /PHI: declared by the owner/.test(e)));
    // Every human field is filled; the package.json dependencies without a vulnerability report keep it incomplete.
    assert.deepStrictEqual([second.status.state, second.status.todo, second.status.missing.map((x) => x.field)], ['incomplete', [], ['risk.factors.sbomVulnerabilities']]);
    assert.deepStrictEqual(mod.validateObject(second), []);

    const raised = JSON.parse(JSON.stringify(first));
    raised.spec.sensitivity = 'regulated';
    const third = build(slackBot, { grants: [], endpoints: [slackEndpoint] }, raised).manifest;
    assert.strictEqual(third.spec.sensitivity, 'regulated');
    assert.strictEqual(third.risk.factors.dataClass.value, 'regulated');
    assert.deepStrictEqual(mod.staleFields(third, third), []);
    assert.ok(mod.staleFields(first, build(slackBot, { grants: [broadGrant], endpoints: [slackEndpoint] }).manifest).includes('risk'));
  });

  it('toYaml keeps the header and the comments on unchanged nodes of the previous file', () => {
    const m = build(slackBot, { grants: [], endpoints: [slackEndpoint] }).manifest;
    const text = mod.toYaml(m);
    assert.ok(text.startsWith('# Micro-App Guard registration manifest'));
    assert.deepStrictEqual(YAML.parse(text), JSON.parse(JSON.stringify(m)));
    const edited = text.replace(/escalation: .*/, 'escalation: "#ops-oncall" # the on-call channel').replace(/^# Micro-App Guard registration manifest.*$/m, '# Our team header');
    const again = build(slackBot, { grants: [broadGrant], endpoints: [slackEndpoint] }, YAML.parse(edited)).manifest;
    const out = mod.toYaml(again, edited);
    assert.match(out, /^# Our team header/);
    assert.match(out, /escalation: "#ops-oncall" # the on-call channel/);
    assert.deepStrictEqual(YAML.parse(out), JSON.parse(JSON.stringify(again)));
  });
});

// ---- live validation -------------------------------------------------------------------------

describe('manifest: validation ranges and disagreements', () => {
  const m = build(paymentsHook, { grants: [broadGrant], endpoints: [unknownEndpoint] }).manifest;
  const yamlText = mod.toYaml(m);

  it('a valid manifest has no problems in YAML or JSON', () => {
    assert.deepStrictEqual(mod.validateManifest(yamlText, 'yaml'), []);
    assert.deepStrictEqual(mod.validateManifest(JSON.stringify(m, null, 2), 'json'), []);
  });

  it('points at the exact value, the unknown key, and the key of an object missing a field', () => {
    const text = yamlText.replace('gate: blocked', 'gate: maybe').replace('  escalation: "TODO', '  escalatoin: "TODO').replace(/^kind: MicroAppRegistration$/m, 'kind: MicroAppRegistration\ncolour: blue');
    const probs = mod.validateManifest(text, 'yaml');
    const at = (needle) => text.indexOf(needle);
    const gate = probs.find((p) => /risk\.gate/.test(p.message));
    assert.deepStrictEqual([gate.start, gate.end], [at('maybe'), at('maybe') + 'maybe'.length]);
    assert.match(gate.message, /"auto-approve", "manual-review", "blocked"/);
    const colour = probs.find((p) => /unknown field "colour"/.test(p.message));
    assert.deepStrictEqual([colour.start, colour.end], [at('colour'), at('colour') + 'colour'.length]);
    const typo = probs.find((p) => /unknown field "escalatoin"/.test(p.message));
    assert.strictEqual(typo.start, at('escalatoin'));
    const missing = probs.find((p) => /missing required field "escalation"/.test(p.message));
    assert.deepStrictEqual([missing.start, missing.end], [at('metadata:'), at('metadata:') + 'metadata'.length]);
    assert.ok(probs.every((p) => p.severity === 'error'));
  });

  it('JSON: the bad email node; array items by index', () => {
    const j = JSON.parse(JSON.stringify(m));
    j.metadata.owner.email = 'lee-at-acme';
    j.spec.requestedPermissions[0].class = 'huge';
    const text = JSON.stringify(j, null, 2);
    const probs = mod.validateManifest(text, 'json');
    const email = probs.find((p) => /email/.test(p.message));
    assert.strictEqual(text.slice(email.start, email.end), '"lee-at-acme"');
    const cls = probs.find((p) => /requestedPermissions\.0\.class/.test(p.message));
    assert.strictEqual(text.slice(cls.start, cls.end), '"huge"');
  });

  it('parse errors carry a position and never the content', () => {
    const secretish = ['zz', 'Q9x', 'SECRETVALUE', '77'].join('');
    const y = mod.validateManifest(`metadata:\n  name: a\n  name: ${secretish}\n bad: [\n`, 'yaml');
    assert.ok(y.length >= 1 && y.every((p) => p.severity === 'error' && /YAML syntax error/.test(p.message)));
    assert.ok(y.every((p) => !p.message.includes(secretish)));
    const j = mod.validateManifest(`{"metadata": {"name": "${secretish}",}`, 'json');
    assert.ok(j.length >= 1 && j.every((p) => /JSON syntax error/.test(p.message) && !p.message.includes(secretish)));
  });

  it('TODO markers as info on their values', () => {
    const t = mod.todoRanges(yamlText, 'yaml');
    assert.deepStrictEqual(t.map((p) => p.message.split(' ')[0]), ['metadata.team', 'metadata.escalation', 'metadata.technicalApprover', 'spec.businessJustification']);
    assert.ok(yamlText.slice(t[0].start, t[0].end).includes('TODO: the team'));
  });

  it('disagreements: narrow vs a broad grant, fewer classes, lower sensitivity, wrong gate, complete with TODOs', () => {
    const text = yamlText
      .replace(/(permissionsBreadth:\n\s+value:) broad/, '$1 narrow')
      .replace('sensitivity: regulated', 'sensitivity: internal')
      .replace('state: incomplete', 'state: complete')
      .replace('gate: blocked', 'gate: auto-approve');
    const warn = mod.disagreementsInText(text, 'yaml', m);
    const find = (re) => warn.find((w) => re.test(w.message));
    const narrow = find(/says narrow but the workspace gives broad/);
    assert.ok(narrow, JSON.stringify(warn));
    assert.strictEqual(text.slice(narrow.start, narrow.end), 'narrow');
    assert.match(narrow.message, /infra\/policy\.json:4/);
    assert.strictEqual(text.slice(find(/says internal/).start, find(/says internal/).end), 'internal');
    assert.ok(find(/a score of 18 gives blocked/) || find(/gives blocked/));
    assert.ok(find(/says complete but metadata.team/));
    const fewer = yamlText.replace(/dataClasses:\n(?:\s{4}- [\s\S]*?)(?=\n  sensitivity:)/, 'dataClasses: []');
    assert.ok(mod.disagreementsInText(fewer, 'yaml', m).some((w) => /handles financial/.test(w.message)));
    assert.deepStrictEqual(mod.disagreementsInText(yamlText, 'yaml', m), []);
  });
});

// ---- Backstage -------------------------------------------------------------------------------

describe('manifest: Backstage catalog-info.yaml', () => {
  it('kind Component with the risk in annotations and dependsOn from external integrations', () => {
    const m = build(paymentsHook, { grants: [broadGrant], endpoints: [unknownEndpoint, internalEndpoint] }).manifest;
    const out = YAML.parse(mod.toBackstage(m));
    assert.strictEqual(out.apiVersion, 'backstage.io/v1alpha1');
    assert.strictEqual(out.kind, 'Component');
    assert.strictEqual(out.metadata.name, 'acme-payments-webhook');
    assert.strictEqual(out.metadata.description, 'Receives Stripe events and books them.');
    assert.strictEqual(out.metadata.annotations['microapp-guard/risk-score'], '18');
    assert.strictEqual(out.metadata.annotations['microapp-guard/gate'], 'blocked');
    assert.deepStrictEqual(out.spec, { type: 'service', lifecycle: 'experimental', owner: 'user:lee', dependsOn: ['resource:api.acme-partner.io'] });
    assert.deepStrictEqual(out.metadata.tags.sort(), ['financial', 'payment-card']);
    assert.strictEqual(mod.backstageName('@acme/Payments Hook!'), 'acme-Payments-Hook');
  });
});
