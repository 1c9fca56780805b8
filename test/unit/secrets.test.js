'use strict';
const assert = require('assert');
const helpers = require('../helpers');
const { ids, textAt, fake, tmpWorkspace, engine } = helpers;
// These tests are about the secrets family: other families' findings (a Deployment without a NetworkPolicy) are theirs.
const analyze = async (...args) => (await helpers.analyze(...args)).filter((f) => f.category === 'secret');
const path = require('path');

describe('secrets: secretlint preset in-process', () => {
  it('finds a Slack bot token in JS with a short range on the token and a masked message', async () => {
    const tok = fake.slack();
    const text = `const { App } = require('@slack/bolt');\nconst app = new App({ token: "${tok}" });\n`;
    const f = await analyze(text, '/ws/app.js');
    assert.deepStrictEqual(ids(f), ['secretlint/slack']);
    assert.strictEqual(textAt(text, f[0].range), tok);
    assert.strictEqual(f[0].category, 'secret');
    assert.strictEqual(f[0].severity, 'error');
    assert.match(f[0].message, /Slack token/i);
    assert.ok(!f[0].message.includes(tok.slice(5, 20)), 'message must not carry the value');
  });

  it('finds GitHub tokens, AWS keys and private keys', async () => {
    const text = [
      `GITHUB_TOKEN=${fake.github()}`,
      `aws_secret_access_key = ${fake.awsSecret()}`,
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEA' + 'q'.repeat(10) + fake.token(60, 11),
      fake.token(64, 12),
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const f = await analyze(text, '/ws/notes.txt');
    const got = new Set(ids(f));
    assert.ok(got.has('secretlint/github'), JSON.stringify(ids(f)));
    assert.ok(got.has('secretlint/aws'), JSON.stringify(ids(f)));
    assert.ok(got.has('secretlint/privatekey'), JSON.stringify(ids(f)));
  });

  it('finds a database connection string with a password', async () => {
    const text = `DATABASE_URL = "postgres://app:${fake.password()}@db.internal:5432/app"\n`;
    const f = await analyze(text, '/ws/settings.py');
    assert.ok(ids(f).includes('secretlint/database-connection-string') || ids(f).includes('secretlint/basicauth'), JSON.stringify(ids(f)));
  });

  it('does not report placeholders secretlint would match in docs', async () => {
    const f = await analyze('Set SLACK_BOT_TOKEN=xoxb-your-token-here then run it.\n', '/ws/README.md');
    assert.deepStrictEqual(ids(f), []);
  });
});

describe('secrets: secret/provider-token', () => {
  it('finds Stripe live keys (error) and test keys (warning), Google API keys', async () => {
    const live = fake.stripe();
    const test = `sk_test_${fake.token(24, 21)}`;
    const google = `AIza${fake.token(35, 22)}`;
    const text = `stripe(${JSON.stringify(live)});\nstripe(${JSON.stringify(test)});\nconst maps = ${JSON.stringify(google)};\n`;
    const f = await analyze(text, '/ws/pay.ts');
    const byLine = Object.fromEntries(f.map((x) => [x.range.start.line, x]));
    assert.strictEqual(byLine[0].ruleId, 'secret/provider-token');
    assert.strictEqual(byLine[0].severity, 'error');
    assert.strictEqual(byLine[1].severity, 'warning');
    assert.strictEqual(byLine[2].ruleId, 'secret/provider-token');
    assert.strictEqual(textAt(text, byLine[0].range), live);
  });
});

describe('secrets: secret/generic-credential (true positives)', () => {
  const token = fake.token(32, 31);
  const cases = [
    ['/ws/app.js', `const signingSecret = "${token}";`, 'signingSecret'],
    ['/ws/app.ts', `const client = new Client({ apiKey: '${token}' });`, 'apiKey'],
    ['/ws/app.py', `SMTP_PASSWORD = "qW7!zR4#tY9pL2"`, 'SMTP_PASSWORD'],
    ['/ws/app.py', `conn = connect(host="db", password="qW7!zR4#tY9pL2")`, 'password'],
    ['/ws/main.go', `var apiToken = "${token}"`, 'apiToken'],
    ['/ws/config.yaml', `client_secret: ${token}`, 'client_secret'],
    ['/ws/config.yaml', `client_secret: "${token}"`, 'client_secret'],
    ['/ws/config.json', `{ "api_key": "${token}" }`, 'api_key'],
    ['/ws/.env.production', `WEBHOOK_SECRET=${token}`, 'WEBHOOK_SECRET'],
    ['/ws/app.properties', `db.password=qW7!zR4#tY9pL2`, 'db.password'],
    ['/ws/settings.ini', `password = qW7!zR4#tY9pL2`, 'password'],
    ['/ws/deploy.sh', `export API_TOKEN="${token}"`, 'API_TOKEN'],
    ['/ws/main.tf', `  password = "qW7!zR4#tY9pL2"`, 'password'],
    ['/ws/api.js', `fetch(url, { headers: { Authorization: "Bearer ${token}" } });`, 'Authorization'],
    ['/ws/Code.gs', `var API_KEY = '${token}';`, 'API_KEY'],
  ];
  for (const [file, line, key] of cases) {
    it(`${path.basename(file)}: ${line.slice(0, 50)}`, async () => {
      const f = await analyze(line + '\n', file);
      const g = f.filter((x) => x.ruleId === 'secret/generic-credential');
      assert.strictEqual(g.length, 1, `expected one finding, got ${JSON.stringify(f.map((x) => x.ruleId))}`);
      assert.ok(g[0].message.includes(`"${key}"`), g[0].message);
      const value = textAt(line + '\n', g[0].range);
      assert.ok(!/["']/.test(value), `range should be on the value only: ${value}`);
      assert.ok(!g[0].message.includes(value), 'message must not carry the value');
    });
  }
});

describe('secrets: never flag (the false positives users report most)', () => {
  const cases = [
    ['/ws/app.js', 'const apiKey = process.env.API_KEY;'],
    ['/ws/app.js', 'const token = `${process.env.TOKEN}`;'],
    ['/ws/app.yaml', 'password: ${DB_PASSWORD}'],
    ['/ws/values.yaml', 'apiKey: "{{ .Values.apiKey }}"'],
    ['/ws/chart.yaml', 'token: {{ .Values.token | quote }}'],
    ['/ws/app.js', 'const apiKey = "<your-api-key>";'],
    ['/ws/app.py', 'PASSWORD = "changeme"'],
    ['/ws/app.py', 'SECRET_KEY = "change-me-in-production"'],
    ['/ws/.env.example', 'API_TOKEN=your_api_token_here'],
    ['/ws/app.js', 'const aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";'],
    ['/ws/app.js', 'const accessKey = "AKIAIOSFODNN7EXAMPLE";'],
    ['/ws/app.js', 'const sessionToken = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";'],
    ['/ws/app.js', 'const tokenSha = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12";'],
    ['/ws/app.js', 'const secret = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12";'],
    ['/ws/package-lock.json', '"integrity": "sha512-Kq5sNDMPLlYOEKRDWq2PTQnCNaR7O0nVx8pUkHkCK4fPDqLdAwnhF1jmnJbP6bfgJ1jFs3VBlw1KcFwW+G4k8g=="'],
    ['/ws/app.json', '{ "secret": "sha512-Kq5sNDMPLlYOEKRDWq2PTQnCNaR7O0nVx8pUkHkCK4fPDqLdAwnhF1jmnJbP6bfgJ1jFs3VBlw1KcFwW+G4k8g==" }'],
    ['/ws/app.css.js', 'const tokenIcon = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";'],
    ['/ws/keybindings.json', '{ "key": "ctrl+shift+down", "command": "editor.action.copyLinesDownAction" }'],
    ['/ws/settings.json', '{ "secretKeybinding": "ctrl+shift+alt+k" }'],
    ['/ws/app.js', 'const passwordField = "passwordConfirmation";'],
    ['/ws/app.js', 'const tokenName = "slackBotToken";'],
    ['/ws/app.js', 'const secretName = "prod/standup/slack";'],
    ['/ws/k8s.yaml', 'secretKeyRef: {name: app-secrets, key: SLACK_BOT_TOKEN}'],
    ['/ws/app.js', 'const public_key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEh9Yx7uW3nB6cZ1a";'],
    ['/ws/app.js', 'const tokenUrl = "https://oauth2.googleapis.com/token";'],
    ['/ws/app.py', 'password = os.environ["DB_PASSWORD"]'],
    ['/ws/app.py', 'password = get_password()'],
    ['/ws/app.js', 'const token = "";'],
    ['/ws/app.js', 'const password = "********";'],
    ['/ws/app.js', 'const max_tokens = 4096;'],
    ['/ws/app.js', 'const secretPath = "/var/run/secrets/token";'],
    ['/ws/README.md', 'Set `OPENAI_API_KEY=sk-...` before you start.'],
    ['/ws/app.js', 'label: "Enter your password to continue"'],
    ['/ws/app.js', 'const PASSWORD_MIN_LENGTH = 12;'],
    ['/ws/app.tf', 'password = var.db_password'],
    ['/ws/template.yaml', 'Password: !Ref DbPassword'],
    ['/ws/app.js', 'const token = "ref+vault://secret/data/app#token";'],
    ['/ws/app.js', 'const apiKey = "xxxxxxxxxxxxxxxxxxxxxxxxxxxx";'],
    ['/ws/app.js', 'const auth = "v1.2.3";'],
  ];
  for (const [file, line] of cases) {
    it(`${path.basename(file)}: ${line.slice(0, 60)}`, async () => {
      const f = await analyze(line + '\n', file);
      assert.deepStrictEqual(ids(f), [], `unexpected: ${JSON.stringify(f.map((x) => [x.ruleId, x.message]))}`);
    });
  }
});

describe('secrets: Kubernetes', () => {
  const deployment = (envValue) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: standup-bot
spec:
  template:
    spec:
      containers:
        - name: bot
          image: bot:1
          env:
            - name: PORT
              value: "3000"
            - name: DB_PASSWORD
              value: ${envValue}
            - name: SLACK_BOT_TOKEN
              valueFrom:
                secretKeyRef:
                  name: bot-secrets
                  key: SLACK_BOT_TOKEN
`;
  it('flags a literal credential in a container env, not PORT, not secretKeyRef', async () => {
    const text = deployment('"hunter2-Prod"');
    const f = await analyze(text, '/ws/k8s/deploy.yaml');
    assert.deepStrictEqual(ids(f), ['secret/k8s-env-literal']);
    assert.strictEqual(textAt(text, f[0].range), '"hunter2-Prod"');
    assert.strictEqual(f[0].data.style, 'k8s-env');
    assert.strictEqual(f[0].data.envName, 'DB_PASSWORD');
  });
  it('does not flag templated or empty env values', async () => {
    for (const v of ['"{{ .Values.dbPassword }}"', '""', '${DB_PASSWORD}', '"changeme"']) {
      const f = await analyze(deployment(v), '/ws/k8s/deploy.yaml');
      assert.deepStrictEqual(ids(f), [], v);
    }
  });
  it('reads env values as written: a tagged scalar is a literal, an alias is not', async () => {
    const tagged = deployment('!plain "hunter2-Prod"');
    const f = await analyze(tagged, '/ws/k8s/deploy.yaml');
    assert.deepStrictEqual(ids(f), ['secret/k8s-env-literal']);
    assert.strictEqual(textAt(tagged, f[0].range), '"hunter2-Prod"');
    const aliased = deployment('*pw').replace('- name: PORT\n              value: "3000"', '- name: PORT\n              value: &pw "hunter2-Prod"');
    const g = await analyze(aliased, '/ws/k8s/deploy.yaml');
    assert.deepStrictEqual(g.filter((x) => x.data.envName === 'DB_PASSWORD').map((x) => x.ruleId), [], 'the alias is not a literal of its own');
  });
  it('reads lists and maps as written: an aliased env list is not read again, a tagged one is read', async () => {
    const workload = (env) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: bot\n          image: bot:1\n          env:${env}\n`;
    const aliased = `x-env: &e\n  - name: DB_PASSWORD\n    value: "hunter2-Prod"\n` + workload(' *e');
    assert.deepStrictEqual(ids(await analyze(aliased, '/ws/k8s/deploy.yaml')).filter((r) => r === 'secret/k8s-env-literal'), [], 'the alias is not a list written in the workload');
    const tagged = workload(' !list\n            - name: DB_PASSWORD\n              value: "hunter2-Prod"');
    assert.deepStrictEqual(ids(await analyze(tagged, '/ws/k8s/deploy.yaml')), ['secret/k8s-env-literal']);
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData: !enc\n  password: "hunter2-Prod-Value"\n';
    assert.deepStrictEqual(ids(await analyze(secret, '/ws/k8s/secret.yaml')), ['secret/k8s-secret-data']);
  });
  it('reads a Secret whose only key is named like a CloudFormation intrinsic (Ref, Condition)', async () => {
    for (const key of ['Ref', 'Condition']) {
      const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  ${key}: "hunter2-Prod-Value"\n`;
      const f = await analyze(text, '/ws/k8s/secret.yaml');
      assert.deepStrictEqual(ids(f), ['secret/k8s-secret-data'], key);
    }
  });
  it('gives a provider secret inside an env value the secretKeyRef fix style', async () => {
    const text = deployment(`"${fake.slack()}"`).replace('DB_PASSWORD', 'SLACK_TOKEN_PLAIN');
    const f = await analyze(text, '/ws/k8s/deploy.yaml');
    assert.deepStrictEqual(ids(f), ['secretlint/slack']);
    assert.strictEqual(f[0].data.style, 'k8s-env');
  });
  it('flags kind: Secret with data and stringData committed, across documents', async () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: cfg }
data:
  password_hint: "ask the team"
---
apiVersion: v1
kind: Secret
metadata:
  name: bot-secrets
type: Opaque
data:
  DB_PASSWORD: ${Buffer.from('Xk9#mP2vL8qR!').toString('base64')}
  EMPTY: ""
stringData:
  API_TOKEN: ${fake.token(30, 41)}
`;
    const f = await analyze(text, '/ws/k8s/secret.yaml');
    assert.deepStrictEqual(ids(f), ['secret/k8s-secret-data', 'secret/k8s-secret-data']);
    assert.deepStrictEqual(f.map((x) => x.range.start.line), [12, 15]);
  });
  it('does not crash on invalid YAML or Helm templates', async () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {{ include "x" . }}\n  bad: [\n';
    const f = await analyze(text, '/ws/templates/secret.yaml');
    assert.ok(Array.isArray(f));
  });
});

describe('secrets: .env files', () => {
  it('reports a committed .env holding credentials, once per file plus each value', async () => {
    const dir = tmpWorkspace({ '.env': `PORT=3000\nAPI_TOKEN=${fake.token(30, 51)}\nDB_PASSWORD=Xk9#mP2vL8qR!\n` });
    const ws = new engine.WorkspaceIndex(dir);
    const text = require('fs').readFileSync(path.join(dir, '.env'), 'utf8');
    const f = await analyze(text, path.join(dir, '.env'), { workspace: ws });
    assert.deepStrictEqual(ids(f), ['secret/dotenv-committed', 'secret/generic-credential', 'secret/generic-credential']);
    assert.match(f[0].message, /2 credentials/);
  });
  it('says nothing about a .env that git ignores (that is where local secrets belong)', async () => {
    const dir = tmpWorkspace({ '.gitignore': '.env\n', '.env': `API_TOKEN=${fake.token(30, 52)}\n` });
    const ws = new engine.WorkspaceIndex(dir);
    const f = await analyze(`API_TOKEN=${fake.token(30, 52)}\n`, path.join(dir, '.env'), { workspace: ws });
    assert.deepStrictEqual(ids(f), []);
  });
  it('still checks .env.example (a real value there is committed)', async () => {
    const f = await analyze(`API_TOKEN=${fake.token(30, 53)}\n`, '/ws/.env.example');
    assert.deepStrictEqual(ids(f), ['secret/generic-credential']);
  });
});

describe('secrets: suppression comments in any syntax', () => {
  const tok = fake.token(32, 61);
  const cases = [
    ['/ws/a.js', `const apiToken = "${tok}"; // secretlint-disable-line`],
    ['/ws/a.py', `API_TOKEN = "${tok}"  # secretlint-disable-line`],
    ['/ws/a.yaml', `# secretlint-disable-next-line\napi_token: ${tok}`],
    ['/ws/a.ini', `; secretlint-disable-next-line\napi_token = ${tok}`],
    ['/ws/a.html', `<!-- secretlint-disable -->\n<script>const apiToken = "${tok}";</script>\n<!-- secretlint-enable -->`],
    ['/ws/a.js', `/* secretlint-disable secret/generic-credential */\nconst apiToken = "${tok}";`],
    ['/ws/a.js', `const apiToken = "${tok}"; // secretlint-disable-line secret/generic-credential`],
    ['/ws/a.js', `const t = "${fake.slack()}"; // secretlint-disable-line @secretlint/secretlint-rule-slack`],
  ];
  for (const [file, text] of cases) {
    it(`${path.basename(file)}: ${text.split('\n')[0].slice(0, 60)}`, async () => {
      assert.deepStrictEqual(ids(await analyze(text + '\n', file)), []);
    });
  }
  it('a rule-specific disable leaves other rules on', async () => {
    const text = `const apiToken = "${tok}"; // secretlint-disable-line @secretlint/secretlint-rule-slack\n`;
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js')), ['secret/generic-credential']);
  });
  it('secretlint-enable ends a disabled block', async () => {
    const text = `// secretlint-disable\nconst a = "${fake.slack()}";\n// secretlint-enable\nconst apiToken = "${tok}";\n`;
    const f = await analyze(text, '/ws/a.js');
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.range.start.line]), [['secret/generic-credential', 3]]);
  });
});

describe('secrets: settings', () => {
  const text = `const apiToken = "${fake.token(32, 71)}";\nconst s = "${fake.slack()}";\n`;
  it('turns a rule off and overrides a severity', async () => {
    const f = await analyze(text, '/ws/a.js', { settings: { rules: { 'secret/generic-credential': 'off', 'secretlint/slack': 'warning' } } });
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.severity]), [['secretlint/slack', 'warning']]);
  });
  it('accepts { enabled: false } and a family wildcard', async () => {
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js', { settings: { rules: { 'secretlint/slack': { enabled: false } } } })), ['secret/generic-credential']);
    // A family selector addresses the whole family, secretlint's rules included.
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js', { settings: { rules: { 'secret/*': 'off' } } })), []);
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js', { settings: { rules: { 'secrets/*': 'off' } } })), []);
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js', { settings: { rules: { secrets: 'off', 'secretlint/slack': 'warning' } } })), ['secretlint/slack']);
    // A prefix selector addresses the rules under that prefix only.
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js', { settings: { rules: { 'secretlint/*': 'off' } } })), ['secret/generic-credential']);
  });
  it('raises the entropy threshold for generic credentials', async () => {
    assert.deepStrictEqual(ids(await analyze(text, '/ws/a.js', { settings: { genericEntropyThreshold: 7.9 } })), ['secretlint/slack']);
  });
  it('skips very long (minified) lines for the generic rule, quickly', async () => {
    const long = 'var a=1;'.repeat(20000) + `var apiToken="${fake.token(32, 72)}";`;
    assert.deepStrictEqual(ids(await analyze(long, '/ws/bundle.min.js')), []);
  });
  it('stops early when cancelled', async () => {
    await assert.rejects(analyze(text, '/ws/a.js', { isCancelled: () => true }), /cancelled/);
  });
});

describe('registry', () => {
  it('has metadata for every rule that can report, with category, severity, docs and fix', () => {
    assert.ok(engine.RULES.length >= 25);
    for (const r of engine.RULES) {
      assert.ok(r.id && r.title && r.description && r.docs && r.fix, r.id);
      assert.ok(['secret', 'iam', 'network', 'manifest'].includes(r.category), r.id);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(r.severity), r.id);
    }
    assert.strictEqual(new Set(engine.RULES.map((r) => r.id)).size, engine.RULES.length);
  });
});

describe('secrets: from the benchmark review', () => {
  it('credential names with a version or environment suffix', async () => {
    const tok = fake.token(32, 81);
    for (const line of [`DB_PASSWORD_2=Xk9#mP2vL8qR!`, `SLACK_TOKEN_PROD=${tok}`, `token_v2=${tok}`, `password2=Xk9#mP2vL8qR!`]) {
      assert.deepStrictEqual(ids(await analyze(line + '\n', '/ws/app.properties')), ['secret/generic-credential'], line);
    }
    for (const line of [`tokens_2=${tok}`, `passage_v2=${tok}`]) assert.deepStrictEqual(ids(await analyze(line + '\n', '/ws/app.properties')), [], line);
  });
  it('an AWS access key id is a warning (a long-lived key pair is in use); the documented example is not', async () => {
    const f = await analyze(`const id = "${fake.awsKeyId()}";\n`, '/ws/a.js');
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.severity]), [['secret/provider-token', 'warning']]);
    assert.deepStrictEqual(await analyze('const id = "AKIAIOSFODNN7EXAMPLE";\n', '/ws/a.js'), []);
  });
  it('multi-document manifests: editing one document keeps the others right (per-document cache)', async () => {
    const doc = (name) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      env:\n        - name: API_TOKEN\n          value: "${fake.token(30, name.length)}"\n`;
    const big = [doc('a'), doc('bb'), doc('ccc')].join('---\n');
    const f1 = await analyze(big, '/ws/all.yaml');
    assert.deepStrictEqual(f1.map((f) => f.range.start.line), [9, 20, 31]);
    const edited = '# a comment line\n' + big.replace('name: bb', 'name: bb2');
    const f2 = await analyze(edited, '/ws/all.yaml');
    assert.deepStrictEqual(f2.map((f) => f.range.start.line), [10, 21, 32]);
    assert.deepStrictEqual(f2.map((f) => f.data.k8sSecretName), ['a-secrets', 'bb2-secrets', 'ccc-secrets']);
  });
});

describe('secrets: passwords with symbols are not placeholders', () => {
  it('a single * or an @ in a random password, and a leading A, do not make it a placeholder or a repeated name', async () => {
    for (const [key, v] of [['dbPassword', 'YL=kibAJT*f192'], ['dbPassword', 'MBK*XFGT1Mdm01'], ['dbPassword', 'AKdCJDb@4rjo67'], ['dbPassword', 'LXcVTZ_**q^z22'], ['db_password', 'GP*IC!UxIN_m50']]) {
      const text = `const ${key} = "${v}";\n`;
      assert.deepStrictEqual(ids(await analyze(text, '/ws/db.ts')), ['secret/generic-credential'], text);
    }
    // Masking still is masking, and a name repeated after an owner word still is not a secret.
    for (const v of ['hunter***2xyz', 'my-db-password']) assert.deepStrictEqual(ids(await analyze(`const dbPassword = "${v}";\n`, '/ws/db.ts')), [], v);
  });
});
