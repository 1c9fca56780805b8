'use strict';
// Data classes from the data the app handles (issue 14): a labelled set of small
// workspaces, positives and negatives. Each case names the files, the classes
// expected (with the file, line and indicator of the evidence) and the sensitivity.
const assert = require('assert');
const mod = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.manifest;

const L = (...ls) => ls.join('\n');

/**
 * expect: { CLASS: ['file:line:indicator', ...] } (each listed evidence must be there; no other class);
 * sensitivity: what the manifest's sensitivity becomes from these classes alone.
 */
const CASES = [
  // ---- positives --------------------------------------------------------------------
  {
    name: 'Prisma model with email and phone -> PII, restricted',
    files: { 'prisma/schema.prisma': L('model User {', '  id    Int    @id', '  email String @unique', '  phone String?', '}') },
    expect: { PII: ['prisma/schema.prisma:3:email', 'prisma/schema.prisma:4:phone'] },
    sensitivity: 'restricted',
  },
  {
    name: 'SQL table with card_number and cvv -> payment card, regulated',
    files: { 'db/001_init.sql': L('-- payments', 'CREATE TABLE payments (', '  id serial PRIMARY KEY,', '  card_number varchar(19) NOT NULL,', '  cvv char(3),', '  amount numeric', ');') },
    expect: { 'payment-card': ['db/001_init.sql:4:card_number', 'db/001_init.sql:5:cvv'] },
    sensitivity: 'regulated',
  },
  {
    name: 'Django model with diagnosis -> PHI, regulated',
    files: { 'clinic/models.py': L('from django.db import models', '', 'class Visit(models.Model):', '    visited_on = models.DateField()', '    diagnosis = models.TextField()') },
    expect: { PHI: ['clinic/models.py:5:diagnosis'] },
    sensitivity: 'regulated',
  },
  {
    name: 'ssn column -> government identifier, regulated',
    files: { 'schema.sql': 'CREATE TABLE employees (id int, ssn text, hired_on date);' },
    expect: { 'government-id': ['schema.sql:1:ssn'] },
    sensitivity: 'regulated',
  },
  {
    name: 'OpenAPI schema with iban -> financial, restricted',
    files: {
      'openapi.yaml': L('openapi: 3.0.3', 'components:', '  schemas:', '    Payout:', '      type: object', '      properties:', '        iban:', '          type: string', '        reference:', '          type: string'),
    },
    expect: { financial: ['openapi.yaml:7:iban'] },
    sensitivity: 'restricted',
  },
  {
    name: 'CSV header name,email -> PII',
    files: { 'data/import.csv': 'name,email\nx,y\n' },
    expect: { PII: ['data/import.csv:1:email'] },
    sensitivity: 'restricted',
  },
  {
    name: 'Slack scope users:read.email in the app manifest -> PII',
    files: { 'slack-manifest.yaml': L('display_information:', '  name: Standup', 'oauth_config:', '  scopes:', '    bot:', '      - chat:write', '      - users:read.email') },
    expect: { PII: ['slack-manifest.yaml:7:scope users:read.email'] },
    sensitivity: 'restricted',
  },
  {
    name: 'Slack scope im:history in code -> PII (private conversations)',
    files: { 'src/install.js': "const scopes = ['chat:write', 'im:history'];" },
    expect: { PII: ['src/install.js:1:scope im:history'] },
    sensitivity: 'restricted',
  },
  {
    name: 'Google gmail.readonly scope -> PII',
    files: { 'app/gmail.py': "SCOPES = ['https://www.googleapis.com/auth/gmail.readonly']" },
    expect: { PII: ['app/gmail.py:1:scope gmail.readonly'] },
    sensitivity: 'restricted',
  },
  {
    name: 'Microsoft Graph Mail.Read and User.Read.All -> PII',
    files: { 'src/graph.ts': L("const scopes = ['User.Read.All'];", "const mail = ['Mail.Read'];") },
    expect: { PII: ['src/graph.ts:1:scope User.Read.All', 'src/graph.ts:2:scope Mail.Read'] },
    sensitivity: 'restricted',
  },
  {
    name: 'SQLAlchemy model: date_of_birth (PII) and medication (PHI) -> regulated',
    files: { 'app/models.py': L('class Patient(Base):', "    __tablename__ = 'patients'", '    date_of_birth = Column(Date)', '    medication = mapped_column(String)') },
    expect: { PII: ['app/models.py:3:date_of_birth'], PHI: ['app/models.py:4:medication'] },
    sensitivity: 'regulated',
  },
  {
    name: 'TypeORM entity: passport number -> government identifier',
    files: { 'src/traveller.entity.ts': L("import { Entity, Column } from 'typeorm';", '@Entity()', 'export class Traveller {', '  @Column()', '  passportNumber: string;', '}') },
    expect: { 'government-id': ['src/traveller.entity.ts:5:passport'] },
    sensitivity: 'regulated',
  },
  {
    name: 'GraphQL type with salary -> financial',
    files: { 'schema.graphql': L('# HR', 'type Employee {', '  id: ID!', '  salary: Float', '}') },
    expect: { financial: ['schema.graphql:4:salary'] },
    sensitivity: 'restricted',
  },
  {
    name: 'JSON Schema with ip_address and a person name -> PII (IP address is personal data)',
    files: { 'schemas/visitor.schema.json': JSON.stringify({ title: 'Visitor', type: 'object', properties: { ipAddress: { type: 'string' }, visitedAt: { type: 'string' } } }, null, 2) },
    expect: { PII: ['schemas/visitor.schema.json:5:ip_address'] },
    sensitivity: 'restricted',
  },
  {
    name: 'HTML form field names: address and tax_id -> PII and government identifier',
    files: { 'web/signup.html': L('<form method="post">', '  <input name="address">', '  <input type="text" name="tax_id">', '</form>') },
    expect: { PII: ['web/signup.html:2:address'], 'government-id': ['web/signup.html:3:tax_id'] },
    sensitivity: 'regulated',
  },
  {
    name: 'name alone is a person name in a customers table',
    files: { 'db/schema.sql': L('CREATE TABLE customers (', '  id int,', '  name text', ');') },
    expect: { PII: ['db/schema.sql:3:name'] },
    sensitivity: 'restricted',
  },
  {
    name: 'request payload keys in code: request.form["email"] -> PII',
    files: { 'app/views.py': L('def signup():', "    email = request.form['email']", '    return "ok"') },
    expect: { PII: ['app/views.py:2:email'] },
    sensitivity: 'restricted',
  },
  // ---- negatives --------------------------------------------------------------------
  {
    name: 'the kiosk admin password in a config file is a credential, not a data class',
    files: { 'config/kiosk.yaml': L('kiosk:', '  admin:', '    password: "${KIOSK_ADMIN_PASSWORD}"') },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'DB_PASSWORD in .env is a credential',
    files: { '.env': 'DB_PASSWORD=changeme\nDB_USER=app\n' },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'Terraform google_service_account.*.email references are infrastructure identifiers',
    files: {
      'infra/iam.tf': L(
        'resource "google_service_account" "runner" {',
        '  account_id = "runner"',
        '}',
        'resource "google_project_iam_member" "runner" {',
        '  member = "serviceAccount:${google_service_account.runner.email}"',
        '}',
        'output "email" { value = google_service_account.runner.email }',
      ),
    },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'an api_key or password_hash column is credential storage, not a data class (decided: docs/manifest.md)',
    files: { 'db/keys.sql': L('CREATE TABLE integrations (', '  id int,', '  api_key text,', '  password_hash text', ');') },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'email in a comment or a log message is not data',
    files: { 'src/notify.js': L('// send the email digest to the channel', "logger.info('email sent');", 'console.log(`no email for ${id}`);') },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'name alone in package.json is the package name',
    files: { 'package.json': JSON.stringify({ name: 'kiosk', description: 'Shows the menu of the day.', author: { name: 'A B', email: 'a@b.example' } }, null, 2) },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'service account and sender e-mails in code are the app\'s own identity',
    files: { 'src/mail.ts': L('const serviceAccountEmail = key.client_email;', 'const senderEmail = cfg.from;', 'const ADMIN_EMAIL = process.env.ADMIN_EMAIL;') },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'business records only (orders, products) -> nothing sensitive, internal',
    files: { 'db/schema.sql': L('CREATE TABLE orders (', '  id int,', '  sku text,', '  quantity int,', '  name text', ');') },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'Slack scopes that grant no personal data (chat:write, commands) and Google userinfo for sign-in',
    files: { 'manifest.yml': L('oauth_config:', '  scopes:', '    bot:', '      - chat:write', '      - commands', '      - users:read') },
    expect: {},
    sensitivity: 'internal',
  },
  {
    name: 'Kubernetes secret references and ARNs are not data classes',
    files: {
      'k8s/deploy.yaml': L('env:', '  - name: SMTP_PASSWORD', '    valueFrom:', '      secretKeyRef:', '        name: mail', '        key: password'),
      'infra/policy.json': JSON.stringify({ Statement: [{ Resource: 'arn:aws:iam::123456789012:user/email-sender' }] }, null, 2),
    },
    expect: {},
    sensitivity: 'internal',
  },
];

function run(c) {
  const files = Object.entries(c.files).map(([path, text]) => ({ path, text }));
  return mod.inferDataClasses(files);
}

describe('manifest: data classes from the data the app handles (labelled set)', () => {
  it('has at least 20 cases, positives and negatives', () => {
    assert.ok(CASES.length >= 20);
    assert.ok(CASES.filter((c) => Object.keys(c.expect).length).length >= 10);
    assert.ok(CASES.filter((c) => !Object.keys(c.expect).length).length >= 8);
  });
  for (const c of CASES) {
    it(c.name, () => {
      const got = run(c);
      assert.deepStrictEqual([...got.keys()].sort(), Object.keys(c.expect).sort(), `classes of: ${c.name}`);
      for (const [cls, want] of Object.entries(c.expect)) {
        const ev = got.get(cls).map((e) => `${e.file}:${e.line}:${e.indicator}`);
        for (const w of want) assert.ok(ev.includes(w), `${cls}: ${w} not in ${JSON.stringify(ev)}`);
        for (const e of got.get(cls)) {
          const text = c.files[e.file];
          assert.ok(text !== undefined, `evidence names a file of the workspace: ${e.file}`);
          assert.ok(e.line >= 1 && e.line <= text.split('\n').length, `evidence line in range: ${e.file}:${e.line}`);
        }
      }
      assert.strictEqual(mod.sensitivityOf(got.keys()), c.sensitivity);
    });
  }

  it('the mapping: PII and financial restricted; PHI, payment card and government identifiers regulated; other internal', () => {
    const m = ['PII', 'financial', 'PHI', 'payment-card', 'government-id', 'other', 'credentials'].map((c) => mod.sensitivityOf([c]));
    assert.deepStrictEqual(m, ['restricted', 'restricted', 'regulated', 'regulated', 'regulated', 'internal', 'restricted']);
    assert.strictEqual(mod.sensitivityOf([]), 'internal');
  });

  it('evidence never carries the data value', () => {
    const got = run({ files: { 'data/people.csv': 'email,phone\njane@example.com,+4412345\n', 'config/kiosk.yaml': 'password: "hunter2-value"' } });
    const text = JSON.stringify([...got.entries()]);
    assert.ok(!text.includes('jane@example.com') && !text.includes('hunter2') && !text.includes('12345'));
    assert.deepStrictEqual([...got.keys()], ['PII']);
  });

  it('the new classes are in the schema, and a manifest with them validates', () => {
    const m = mod.buildManifest({ files: [{ path: 'db/s.sql', text: 'CREATE TABLE t (card_number text, ssn text);' }], grants: [], endpoints: [] }).manifest;
    assert.deepStrictEqual(m.spec.dataClasses.map((d) => d.class).sort(), ['government-id', 'payment-card']);
    assert.strictEqual(m.spec.sensitivity, 'regulated');
    assert.deepStrictEqual(mod.validateManifest(JSON.stringify(m), "json"), []);
  });
});
