'use strict';
// The noise classes of the secrets review (issue 9): each class handled in general, with realistic
// cases written after what real projects commit. Every credential-shaped value is assembled from
// parts at run time (split prefixes, generated random parts), so no scanner trips on this file.
const assert = require('assert');
const path = require('path');
const fc = require('fast-check');
const { analyze, textAt, rand } = require('../helpers');

const J = (...parts) => parts.join('');
const AN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const tok = (n, seed) => rand(n, AN, seed);
const secretIds = (f) => f.filter((x) => x.category === 'secret').map((x) => x.ruleId);
const b64 = (s) => Buffer.from(s).toString('base64');

async function none(file, text) {
  const f = (await analyze(text, file)).filter((x) => x.category === 'secret');
  assert.deepStrictEqual(f.map((x) => [x.ruleId, textAt(text, x.range)]), [], `${file}:\n${text}`);
}

describe('secrets noise: placeholders judged on the whole token run and its surroundings', () => {
  const cases = [
    // Masking that continues the token: the format matched the first part, the rest says it is hidden.
    ['/ws/README.md', `Your key looks like \`${J('sk_', 'live_')}${tok(6, 1)}${'*'.repeat(18)}\`.\n`],
    ['/ws/docs/setup.md', `GITHUB_TOKEN=${J('gh', 'p_')}${tok(6, 2)}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n`],
    ['/ws/.env.example', `SLACK_BOT_TOKEN=${J('xo', 'xb-')}${rand(12, '0123456789', 3)}-${rand(13, '0123456789', 4)}-****************\n`],
    // Inside <your-...> angle brackets and templates.
    ['/ws/config/app.yaml', 'github:\n  token: <your-github-token>\nopenai:\n  api_key: "<' + J('sk', '-proj-') + 'your-key>"\n'],
    ['/ws/deploy/values.yaml', `slack:\n  botToken: "{{ .Values.${J('slack', 'Token')} }}"\n  signingSecret: "\${SLACK_SIGNING_SECRET}"\n`],
    ['/ws/ansible/vars.yml', `stripe_secret_key: "{{ vault_stripe_secret_key }}"\n`],
    // Tokens secretlint's preset matches but that are plainly not real (one judgement for every rule).
    ['/ws/.npmrc', `//registry.npmjs.org/:_authToken=${J('np', 'm_')}${'a'.repeat(36)}\n`],
    ['/ws/src/linear.ts', `const client = new LinearClient({ apiKey: "${J('lin', '_api_')}${'0123456789'.repeat(4)}" });\n`],
    ['/ws/notebooks/setup.py', `HF_TOKEN = "${J('h', 'f_')}${'abcdefghijklmnopqrstuvwxyz'}abcdefgh"\n`],
    ['/ws/README.md', `export OPENAI_API_KEY=${J('sk', '-proj-')}...\n`],
  ];
  for (const [file, text] of cases) it(`${path.basename(file)}: ${text.split('\n')[0].slice(0, 70)}`, () => none(file, text));

  it('the same token without the masking is found (the judgement is not a blanket exemption)', async () => {
    const real = J('sk_', 'live_', tok(24, 5));
    const text = `stripe.setApiKey("${real}");\n`;
    const f = await analyze(text, '/ws/pay.js');
    assert.deepStrictEqual(secretIds(f), ['secret/provider-token']);
    assert.strictEqual(textAt(text, f[0].range), real);
  });
});

describe('secrets noise: values that say they are fake', () => {
  const cases = [
    ['/ws/config/dev.yaml', 'auth:\n  client_secret: my-client-secret\n  password: my-password\n'],
    ['/ws/docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: my-postgres-password\n      API_KEY: api-key-goes-here\n'],
    ['/ws/src/settings.py', `SECRET_KEY = "django-insecure-dummy-${rand(20, 'abcdefghijklmnopqrstuvwxyz0123456789', 6)}"\n`],
    ['/ws/src/client.js', `const apiToken = "fake_token_${tok(16, 7)}";\n`],
    ['/ws/src/client.js', `const webhookSecret = "invalidSecret${tok(12, 8)}";\n`],
    ['/ws/config/example.env', `JWT_SECRET=sample-jwt-secret-${tok(10, 9)}\n`],
    // In test files, the fake word may sit anywhere in the value.
    ['/ws/test/auth.test.js', `const accessToken = "expiredtoken${tok(16, 10)}";\nconst password = "wrongPass${tok(6, 11)}!";\n`],
    ['/ws/tests/test_api.py', `API_KEY = "testkey${tok(20, 12)}"\n`],
    ['/ws/pkg/client/client_test.go', `\tapiKey := "mocked${tok(24, 13)}"\n`],
  ];
  for (const [file, text] of cases) it(`${path.basename(file)}: ${text.split('\n')[0].slice(0, 70)}`, () => none(file, text));

  it('a random value in a test file is still found', async () => {
    const v = tok(32, 14);
    const text = `const apiToken = "${v}";\n`;
    const f = await analyze(text, '/ws/test/api.test.js');
    assert.deepStrictEqual(secretIds(f), ['secret/generic-credential']);
    assert.strictEqual(textAt(text, f[0].range), v);
  });
});

describe('secrets noise: interpolation (the literal part alone is not a secret)', () => {
  const cases = [
    ['/ws/app/client.py', 'headers = {"Authorization": f"Bearer {token}"}\nAUTH_HEADER = f"Token {settings.API_TOKEN}"\n'],
    ['/ws/app/db.py', `DATABASE_PASSWORD = "{}{}-Xk9mP2vL8".format(prefix, suffix)\nAPI_SECRET = "{env}-${tok(10, 20)}-{region}".format(env=e, region=r)\n`],
    ['/ws/app/legacy.py', 'SECRET_TOKEN = "%(user)s:%(password)s" % creds\nauth_token = "%s:%s" % (user, pw)\n'],
    ['/ws/scripts/deploy.sh', 'export API_TOKEN="${TOKEN_PREFIX}_${TOKEN_SUFFIX}"\nAUTH_HEADER="Bearer $GITHUB_TOKEN"\nDB_PASSWORD="$(cat /run/secrets/db_password)"\n'],
    ['/ws/lib/client.rb', `api_key = "#{ENV.fetch('VENDOR')}-${tok(8, 21)}"\npassword = "#{user}-#{Time.now.to_i}"\n`],
    ['/ws/.goreleaser.yaml', 'release:\n  github_token: "{{ .Env.GITHUB_TOKEN }}"\n'],
    ['/ws/Dockerfile', 'ARG NPM_TOKEN\nENV NPM_AUTH_TOKEN=$NPM_TOKEN\n'],
    ['/ws/.env.example', 'DATABASE_PASSWORD=${POSTGRES_PASSWORD}\nAPI_TOKEN=$VENDOR_TOKEN\n'],
  ];
  for (const [file, text] of cases) it(`${path.basename(file)}: ${text.split('\n')[0].slice(0, 70)}`, () => none(file, text));

  it('a whole credential next to an interpolation is still found', async () => {
    const v = tok(32, 22);
    const text = `API_TOKEN = f"${v}"  # {not a field}\n`;
    const f = await analyze(text, '/ws/app/x.py');
    assert.deepStrictEqual(secretIds(f), ['secret/generic-credential']);
  });
});

describe('secrets noise: not credentials at all', () => {
  const cases = [
    // Relative paths without ./
    ['/ws/config/tls.yaml', 'tls:\n  private_key: certs/server.key\n  client_secret_file: secrets/client_secret.json\n'],
    ['/ws/terraform/main.tf', 'tls_private_key = "deploy/keys/tls-prod.pem"\n'],
    ['/ws/app/settings.py', 'JWT_SECRET_KEY = "config/jwt/private.pem"\n'],
    // host:port under connection-string-like keys.
    ['/ws/.env.example', 'REDIS_CONNECTION_STRING=cache.internal:6379\nKAFKA_CONNECTION_STRING=broker-1.kafka.svc:9092,broker-2.kafka.svc:9092\n'],
    ['/ws/appsettings.json', '{ "ConnectionStrings": { "connectionString": "Server=tcp:sql.internal,1433;Database=orders;Trusted_Connection=True;" } }\n'],
    // URLs without a user-info part (or without a password in it).
    ['/ws/config/app.yaml', 'auth:\n  token_secret: https://vault.internal:8200/v1/secret/data/app\n  connection_string: postgres://app@db.internal:5432/orders\n'],
    // camelCase identifiers with a short last word, public project tokens.
    ['/ws/src/session.ts', 'const token = "accessTokenExpiresAt";\nconst secret = "clientSecretIssuedAt";\n'],
    ['/ws/src/analytics.js', `const MIXPANEL_PROJECT_TOKEN = "${rand(32, HEX, 23)}";\nposthog.init({ projectApiKey: "${tok(24, 24)}" });\n`],
    ['/ws/.env.example', `NEXT_PUBLIC_RECAPTCHA_SITE_KEY=6L${rand(38, AN + '_-', 25)}\n`],
  ];
  for (const [file, text] of cases) it(`${path.basename(file)}: ${text.split('\n')[0].slice(0, 70)}`, () => none(file, text));

  it('a password inside a connection string is still found', async () => {
    const text = 'REDIS_URL = "redis://:' + 'Xk9mP2vL8qR' + '@cache.internal:6379/0"\n';
    assert.deepStrictEqual(secretIds(await analyze(text, '/ws/a.py')), ['secret/provider-token']);
  });
});

describe('secrets noise: committed Kubernetes Secrets reported once; each key only when it is a credential', () => {
  const secret = (name, field, entries) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\ntype: Opaque\n${field}:\n${entries.map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`;

  it('a Secret of names and addresses only: one warning, on its data key', async () => {
    const text = secret('db-conn', 'data', [
      ['username', b64('orders_app')],
      ['account-name', b64('acme-prod')],
      ['email', b64('ops@acme.example')],
      ['host', b64('db.internal:5432')],
    ]);
    const f = await analyze(text, '/ws/k8s/db-secret.yaml');
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.severity, x.range.start.line]), [['secret/k8s-secret-data', 'warning', 5]]);
    assert.match(f[0].message, /db-conn.*4 values/);
  });
  it('a Secret with a username and a password: the password only, as before', async () => {
    const text = secret('db-conn', 'stringData', [
      ['DB_USER', 'orders_app'],
      ['DB_PASSWORD', 'Xk9#mP2vL8qR!'],
      ['DB_HOST', 'db.internal'],
    ]);
    const f = await analyze(text, '/ws/k8s/db-secret.yaml');
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.severity, textAt(text, x.range)]), [['secret/k8s-secret-data', 'error', 'Xk9#mP2vL8qR!']]);
  });
  it('decoded values are judged like any other: a base64 placeholder or a single word is not a credential', async () => {
    const text = secret('app', 'data', [['API_TOKEN', b64('changeme')], ['DB_PASSWORD', b64('postgres')], ['JWT_SECRET', b64(tok(40, 30))]]);
    const f = await analyze(text, '/ws/k8s/app-secret.yaml');
    assert.deepStrictEqual(f.map((x) => [x.ruleId, x.range.start.line]), [['secret/k8s-secret-data', 8]]);
  });
  it('a Helm-templated Secret commits nothing', async () => {
    const text = secret('{{ .Release.Name }}-db', 'data', [['password', '{{ .Values.db.password | b64enc | quote }}'], ['username', '{{ .Values.db.user | b64enc }}']]);
    await none('/ws/chart/templates/secret.yaml', text);
  });
});

describe('secrets noise: one judgement, every rule (generic, k8s env, k8s Secret data agree)', () => {
  const deployment = (name, value) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n          env:\n            - name: ${name}\n              value: ${JSON.stringify(value)}\n`;
  const stringData = (name, value) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  ${name}: ${JSON.stringify(value)}\n`;
  const dotenv = (name, value) => `${name}=${value}\n`;

  async function verdicts(name, value) {
    const env = secretIds(await analyze(deployment(name, value), '/ws/k8s/deploy.yaml')).includes('secret/k8s-env-literal');
    const sec = (await analyze(stringData(name, value), '/ws/k8s/secret.yaml')).some((x) => x.ruleId === 'secret/k8s-secret-data' && x.severity === 'error');
    const gen = secretIds(await analyze(dotenv(name, value), '/ws/.env.example')).includes('secret/generic-credential');
    return { env, sec, gen };
  }

  it('a single lowercase word is exempt everywhere; a real password is reported everywhere', async () => {
    assert.deepStrictEqual(await verdicts('DB_PASSWORD', 'hunter'), { env: false, sec: false, gen: false });
    assert.deepStrictEqual(await verdicts('DB_PASSWORD', 'my-db-password'), { env: false, sec: false, gen: false });
    assert.deepStrictEqual(await verdicts('DB_PASSWORD', 'Xk9#mP2vL8qR!'), { env: true, sec: true, gen: true });
  });

  it('property: the three rules agree on any value under the same credential name', async function () {
    this.timeout(120000);
    const word = fc.constantFrom('hunter', 'postgres', 'changeme', 'my-api-token', 'test-token', 'fake', 'dummy', 'example', 'orders', 'app', 'admin');
    const random = fc.stringMatching(/^[A-Za-z0-9_\-]{6,40}$/);
    const value = fc.oneof(word, random, fc.tuple(word, random).map(([a, b]) => `${a}-${b}`));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('DB_PASSWORD', 'API_TOKEN', 'CLIENT_SECRET'), value, async (name, v) => {
        const { env, sec, gen } = await verdicts(name, v);
        assert.strictEqual(env, gen, `k8s env vs generic for ${name}=${v}`);
        assert.strictEqual(sec, gen, `Secret data vs generic for ${name}=${v}`);
      }),
      { numRuns: 60, seed: 9 },
    );
  });
});

describe('secrets: Markdown fenced code blocks are scanned as their fence language', () => {
  const pw = 'Xk9#mP2vL8qR!';
  const v = tok(32, 40);
  const lineOf = (text, needle) => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

  it('a ```yaml Secret in a README: its credential key, at its place in the Markdown file', async () => {
    const text = `# Deploy\n\nCreate the Secret:\n\n\`\`\`yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: orders\nstringData:\n  DB_USER: orders_app\n  DB_PASSWORD: "${pw}"\n\`\`\`\n\nThen apply it.\n`;
    const f = await analyze(text, '/ws/README.md');
    assert.deepStrictEqual(f.map((x) => [x.ruleId, textAt(text, x.range)]), [['secret/k8s-secret-data', `"${pw}"`]]);
    assert.strictEqual(f[0].range.start.line, lineOf(text, pw));
  });
  it('```env, ```bash, ```python, ```js and ```json blocks, indented fences in lists too', async () => {
    const blocks = [
      ['env', `OPENAI_ORG=acme\nAPI_TOKEN=${v}\n`],
      ['bash', `export API_TOKEN=${v}\nnpm start\n`],
      ['sh', `curl -H "Authorization: Bearer ${v}" https://api.acme.example/v1/orders\n`],
      ['python', `client = Client(api_token="${v}")\n`],
      ['js', `const apiToken = '${v}';\n`],
      ['json', `{ "client_secret": "${v}" }\n`],
    ];
    for (const [lang, body] of blocks) {
      for (const indent of ['', '   ']) {
        const text = `## Setup\n\n1. Configure:\n\n${indent}\`\`\`${lang}\n${body.split('\n').map((l) => (l ? indent + l : l)).join('\n')}${indent}\`\`\`\n`;
        const f = await analyze(text, '/ws/docs/setup.md');
        assert.deepStrictEqual(f.map((x) => [x.ruleId, textAt(text, x.range)]), [['secret/generic-credential', v]], `${lang}${indent ? ' (indented)' : ''}\n${text}`);
      }
    }
  });
  it('prose stays exempt, placeholders in blocks are not reported, unscanned languages are left alone', async () => {
    await none('/ws/README.md', `Set API_TOKEN=${v} in your shell, or put it in a .env file.\n`);
    await none('/ws/README.md', '```env\nAPI_TOKEN=<your-api-token>\nDB_PASSWORD=changeme\nSECRET_KEY=${SECRET_KEY}\n```\n');
    await none('/ws/README.md', `\`\`\`diff\n-API_TOKEN=old\n+API_TOKEN=${v}\n\`\`\`\n`);
    await none('/ws/README.md', '```yaml\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: "{{ .Values.password }}"\n```\n');
  });
  it('a provider token in a block is found once, with its range', async () => {
    const gl = J('glp', 'at-', rand(20, AN + '_-', 41));
    const text = `Clone with:\n\n\`\`\`bash\nexport GITLAB_TOKEN=${gl}\n\`\`\`\n`;
    const f = await analyze(text, '/ws/README.md');
    assert.strictEqual(f.length, 1, JSON.stringify(f.map((x) => x.ruleId)));
    assert.strictEqual(textAt(text, f[0].range), gl);
  });
});

describe('secrets: the provider table through the engine', () => {
  const cases = [
    // [file, text builder, expected provider word in the message]
    ['/ws/bot/index.js', (t) => `client.login("${t}");`, () => J('M', rand(23, AN, 50), '.', rand(6, AN + '_-', 51), '.', rand(27, AN + '_-', 52)), /Discord bot token/],
    ['/ws/infra/azure.tf', (t) => `client_secret = "${t}"`, () => J(rand(3, AN, 53), '8Q~', rand(34, AN + '_~.-', 54)), /Azure/],
    ['/ws/.github/workflows/ci.yml', (t) => `      DOPPLER_TOKEN: ${t}`, () => J('dp', '.pt.', rand(43, AN, 55)), /Doppler/],
    ['/ws/scripts/pulumi.sh', (t) => `export PULUMI_ACCESS_TOKEN=${t}`, () => J('pu', 'l-', rand(40, HEX, 56)), /Pulumi/],
    ['/ws/src/db.ts', (t) => `const pscale = "${t}";`, () => J('pscale', '_tkn_', rand(43, AN + '_-', 57)), /PlanetScale/],
    ['/ws/src/postman.py', (t) => `KEY = "${t}"`, () => J('PM', 'AK-', rand(24, HEX, 58), '-', rand(34, HEX, 59)), /Postman/],
    ['/ws/src/pay.rb', (t) => `client = Square::Client.new(access_token: "${t}")`, () => J('sq0', 'atp-', rand(22, AN + '_-', 60)), /Square/],
    ['/ws/config/sentry.cfg', (t) => `auth_token = ${t}`, () => J('sntr', 'yu_', rand(64, HEX, 61)), /Sentry/],
    ['/ws/src/anthropic.ts', (t) => `const admin = "${t}";`, () => J('sk-ant-', 'admin01-', rand(93, AN + '_-', 62), 'AA'), /Anthropic Admin/],
  ];
  for (const [file, line, make, provider] of cases) {
    it(`${path.basename(file)}: ${provider.source}`, async () => {
      const t = make();
      const text = line(t) + '\n';
      const f = await analyze(text, file);
      assert.deepStrictEqual(f.map((x) => [x.ruleId, textAt(text, x.range)]), [['secret/provider-token', t]]);
      assert.match(f[0].message, provider);
      assert.ok(!f[0].message.includes(t.slice(-12)), 'no value in the message');
      assert.ok(f[0].data && f[0].data.envName, 'fix data with an env name');
    });
  }
  it('a secretlint-disable comment silences a table-only provider; a disabled preset rule silences its provider in the table', async () => {
    const t = J('dp', '.pt.', rand(43, AN, 63));
    assert.deepStrictEqual(secretIds(await analyze(`const d = "${t}"; // secretlint-disable-line\n`, '/ws/a.js')), []);
    assert.deepStrictEqual(secretIds(await analyze(`const d = "${t}"; // microapp-guard-disable-line secret/provider-token\n`, '/ws/a.js')), []);
  });
  it('the gitleaks-documented formats: at least 3 in 4 true samples found, at most 1 in 50 false samples flagged', async function () {
    this.timeout(120000);
    const bench = await import(path.join(__dirname, '..', '..', 'bench', 'gitleaks-formats.mjs'));
    const res = await bench.runGitleaksFormats({ secretlint: false });
    const e = res.scanners.engine;
    assert.ok(e.found / res.trueTotal >= 0.75, `found ${e.found}/${res.trueTotal}: missed ${e.missed.join(', ')}`);
    assert.ok(e.flagged / res.falseTotal <= 0.02, `flagged ${e.flagged}/${res.falseTotal}: ${e.flaggedKinds.join(', ')}`);
  });
});
