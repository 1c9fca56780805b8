'use strict';
// Issue 16 (secrets): connection strings of every common driver, one credential judgement for every
// finding (secretlint's included), published example keys, local-development defaults, `$` in plain
// YAML passwords, provider breadth. Every credential here is assembled at run time.
const assert = require('assert');
const fc = require('fast-check');
const YAML = require('yaml');
const { analyze, engine, fake, rand, textAt, preferredFix } = require('../helpers');

const P = engine.internals.secretProviders;
const secrets = (fs) => fs.filter((f) => f.category === 'secret');
const reported = (fs) => secrets(fs).filter((f) => f.severity === 'error' || f.severity === 'warning');
const J = (...parts) => parts.join('');
const pw = () => J('Zq', rand(12, undefined, 161), '9!');
const tok = (n, seed) => rand(n, undefined, seed);

describe('secrets (issue 16): connection strings of every common driver', () => {
  const p = pw();
  const cases = [
    ['/ws/App.java', `String url = "jdbc:sqlserver://db.acme.io:1433;databaseName=orders;user=app;password=${p};encrypt=true";\n`, 'DB_PASSWORD'],
    ['/ws/app.py', `URL = "jdbc:postgresql://db.acme.io/orders?user=app&password=${p}&ssl=true"\n`, 'DB_PASSWORD'],
    ['/ws/app.py', `URL = "jdbc:mysql://app:${p}@db.acme.io:3306/orders"\n`],
    ['/ws/appsettings.json', `{ "ConnectionStrings": { "Default": "Server=tcp:acme.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=${p};Encrypt=True;" } }\n`, 'DB_PASSWORD'],
    ['/ws/odbc.ini', `conn = Driver={ODBC Driver 18 for SQL Server};Server=db.acme.io;Uid=app;Pwd={${p}};\n`, 'DB_PASSWORD'],
    ['/ws/run.sh', `sqlplus -s app/${p}@//db.acme.io:1521/ORCL\n`, 'ORACLE_PASSWORD'],
    ['/ws/app.js', `const u = "jdbc:oracle:thin:app/${p}@db.acme.io:1521:ORCL";\n`, 'ORACLE_PASSWORD'],
    ['/ws/app.js', `fetch("https://api.acme.io/v1/items?api_key=${tok(32, 162)}&limit=10");\n`, 'API_KEY'],
    ['/ws/app.js', `const u = "https://acme.io/cb#access_token=${tok(40, 163)}";\n`, 'ACCESS_TOKEN'],
    ['/ws/app.js', `const u = "https://api.telegram.org/bot${J('12345', '67890')}:AA${tok(33, 164)}/sendMessage";\n`, 'TELEGRAM_BOT_TOKEN'],
    // passwords holding @ or percent-encoding
    ['/ws/app.js', `const v = "redis://app:p@ss${p}@cache.acme.io:6379";\n`],
    ['/ws/app.js', `const v = "amqp://app:${encodeURIComponent('p@ss/' + p)}@mq.acme.io:5672";\n`],
  ];
  for (const [file, text, envName] of cases) {
    it(`found: ${text.trim().slice(0, 60)}`, async () => {
      const f = reported(await analyze(text, file));
      assert.strictEqual(f.length, 1, JSON.stringify(f.map((x) => x.ruleId)));
      assert.strictEqual(f[0].severity, 'error');
      if (envName) assert.strictEqual(f[0].data.envName, envName);
      // the message never carries the value
      assert.ok(!f[0].message.includes(p) && !f[0].message.includes(textAt(text, f[0].range)));
    });
  }

  it('not found: references, placeholders, connection strings without a password', async () => {
    for (const [file, text] of [
      ['/ws/App.java', 'String url = "jdbc:sqlserver://db.acme.io:1433;databaseName=orders;integratedSecurity=true";\n'],
      ['/ws/app.py', 'URL = "jdbc:postgresql://db.acme.io/orders?user=app&password=${DB_PASSWORD}"\n'],
      ['/ws/appsettings.json', '{ "Default": "Server=db;Database=orders;User ID=app;Password=<your-password>;" }\n'],
      ['/ws/appsettings.json', '{ "Default": "Server=db;Database=orders;Trusted_Connection=True;" }\n'],
      ['/ws/run.sh', 'sqlplus -s app/$ORACLE_PASSWORD@//db.acme.io:1521/ORCL\n'],
      ['/ws/app.js', 'fetch(`https://api.acme.io/v1/items?api_key=${apiKey}&limit=10`);\n'],
      ['/ws/app.js', 'const u = "https://acme.io/search?token=next&page=2";\n'],
      ['/ws/app.js', 'const p = "src/components/Button.tsx"; const d = "2024/01/02@10:00";\n'],
      ['/ws/app.js', 'const u = "https://api.telegram.org/bot<token>/sendMessage";\n'],
    ]) {
      assert.deepStrictEqual(reported(await analyze(text, file)).map((f) => f.ruleId), [], text);
    }
  });

  it('fix round trip: the reference is spliced into the string, the rest kept, the file still parses', async () => {
    const p2 = pw();
    for (const [file, text, check] of [
      ['/ws/appsettings.yaml', `db:\n  url: "Server=db.acme.io;Database=orders;User ID=app;Password=${p2};"\n`, (out) => YAML.parse(out)],
      ['/ws/app.js', `const url = "jdbc:postgresql://db.acme.io/orders?user=app&password=${p2}";\n`, (out) => new (require('vm').Script)(out)],
    ]) {
      const { fix, out } = await preferredFix(file, text, 'secret/provider-token');
      assert.ok(fix, 'a fix');
      assert.ok(!out.includes(p2), out);
      assert.ok(out.includes('db.acme.io'), out);
      check(out);
      assert.deepStrictEqual(reported(await analyze(out, file)), [], out);
    }
  });

  it('property: the connection-string parser never throws and its ranges lie inside the text', () => {
    const piece = fc.constantFrom('jdbc:', 'sqlserver://', 'postgresql://', '://', 'password=', 'Pwd=', ';', '?', '&', '#', '@', '@//', '/', ':', '{', '}', '"', "'", '%', '%4', 'sqlplus ', 'bot1234567:', 'api_key=', '\n', ' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 12 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const hits = P.findConnectionCredentials(text);
        const curl = P.findCurlCredentials('curl ' + text);
        for (const h of [...hits]) assert.ok(h.start >= 0 && h.end <= text.length && h.start < h.end);
        for (const h of curl) assert.ok(h.start >= 0 && h.end <= text.length + 5 && h.start < h.end);
      }),
      { numRuns: 400 },
    );
  });

  it('property: no message, related information or fix title carries the password', async () => {
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9!*^~]{12,24}$/), fc.constantFrom('jdbc', 'ado', 'url', 'oracle'), async (secret, shape) => {
        fc.pre(/[0-9]/.test(secret) && /[A-Za-z]/.test(secret));
        const text = {
          jdbc: `u = "jdbc:sqlserver://db.acme.io;user=app;password=${secret};"\n`,
          ado: `u = "Server=db.acme.io;Database=x;User ID=app;Password=${secret};"\n`,
          url: `u = "redis://app:${secret}@cache.acme.io:6379"\n`,
          oracle: `u = "jdbc:oracle:thin:app/${secret}@db.acme.io:1521:X"\n`,
        }[shape];
        const fs = await analyze(text, '/ws/a.py');
        for (const f of fs) {
          assert.ok(!f.message.includes(secret), f.message);
          for (const fix of engine.fixesForFinding({ path: '/ws/a.py', text }, f)) assert.ok(!fix.title.includes(secret), fix.title);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('secrets (issue 16): one credential judgement for every finding, secretlint included', () => {
  const xoxb = (rest) => J('xo', 'xb-', rest);
  it('a fake Slack token in a test file is not an error (secretlint no longer reports it)', async () => {
    const text = `const token = "${xoxb('test-token')}";\nconst other = "${xoxb('fake-bot-token')}";\n`;
    assert.deepStrictEqual(reported(await analyze(text, '/ws/test/slack.test.js')), []);
    assert.deepStrictEqual(reported(await analyze(text, '/ws/src/slack.js')), []);
  });
  it('secretlint tokens without a random part are not tokens; a real-shaped one still is', async () => {
    for (const t of [xoxb('12345-abcd234'), xoxb('abcdef-abcdef'), J('xoxe.xo', 'xp-1-', 'SlackAppConfigurationAccessTokenHere'), J('xo', 'xp-1234-1234-1234-', tok(32, 170).toLowerCase())]) {
      assert.deepStrictEqual(reported(await analyze(`x = "${t}"\n`, '/ws/a.py')), [], t);
    }
    const f = reported(await analyze(`x = "${fake.slack()}"\n`, '/ws/test/a_test.py'));
    assert.deepStrictEqual(f.map((x) => x.ruleId), ['secretlint/slack']);
  });
  it('hashed asset file names are not tokens', async () => {
    const t = J('ico', '-', rand(32, '0123456789abcdef', 171));
    assert.deepStrictEqual(reported(await analyze(`<link href="https://cdn.acme.io/img/${t}.png">\n`, '/ws/index.html')), []);
  });
  it('SOPS-encrypted values are not secrets', async () => {
    const text = `stringData:\n  db-password: ENC[AES256_GCM,data:${tok(12, 172)}=,iv:${tok(43, 173)}=,tag:${tok(22, 174)}==,type:str]\n`;
    assert.deepStrictEqual(reported(await analyze(text, '/ws/secret.enc.yaml')), []);
  });
});

describe('secrets (issue 16): published example keys are never errors', () => {
  it('AWS documentation keys: no finding; Firebase SDK and Stripe documentation keys: information with the source', async () => {
    const aws = J('AKIA', 'IOSFODNN7', 'EXAMPLE');
    assert.deepStrictEqual(secrets(await analyze(`aws_access_key_id = "${aws}"\n`, '/ws/a.py')), []);
    // Values as published by the Firebase JS SDK's tests and Stripe's API reference, assembled here.
    for (const [value, provider] of [
      [J('AIza', 'SyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ'), 'Firebase'],
      [J('AIza', 'Syabcdefghijklmnopqrstuvwxyz1234567'), 'Firebase'],
      [J('sk_', 'test_', '4eC39HqLyjWDarjtT1zdp7dc'), 'Stripe'],
    ]) {
      assert.strictEqual(P.knownExample(value)?.provider, provider);
      const fs = secrets(await analyze(`const key = "${value}";\n`, '/ws/a.js'));
      assert.ok(fs.length <= 1 && fs.every((f) => f.severity === 'info'), JSON.stringify(fs));
      if (fs.length) assert.match(fs[0].message, new RegExp(`published example key \\(${provider}`));
    }
  });
  it("NuGet's documentation sample password is not a finding; another password in the same place is", async () => {
    const line = (v) => `<packageSourceCredentials><feed>\n<add key="ClearTextPassword" value="${v}" />\n</feed></packageSourceCredentials>\n`;
    assert.deepStrictEqual(reported(await analyze(line(J('33f!!', 'lloppa')), '/ws/NuGet.Config')), []);
    assert.strictEqual(reported(await analyze(line(pw()), '/ws/NuGet.Config')).length, 1);
  });
  it('a key of the same shape that is not on the list is still an error', async () => {
    const key = J('AIza', 'SyA4', tok(31, 175));
    const fs = reported(await analyze(`const key = "${key}";\n`, '/ws/a.js'));
    assert.strictEqual(fs.length, 1);
    assert.strictEqual(P.knownExample(key), undefined);
  });
  it('the list stores live-looking values hashed: no entry carries a value a scanner would report', () => {
    for (const e of P.KNOWN_EXAMPLES) {
      assert.ok(e.source && e.provider);
      if (e.value) assert.ok(/EXAMPLE/.test(e.value) || e.provider === 'NuGet', e.value);
      else assert.match(e.sha256, /^[0-9a-f]{64}$/);
    }
  });
});

describe('secrets (issue 16): trivial local-development defaults are information; random passwords are errors', () => {
  it('postgres:postgres@db in a compose file is information, with the reason', async () => {
    const text = 'services:\n  app:\n    environment:\n      DATABASE_URL: postgres://postgres:postgres@db:5432/app\n      BROKER: amqp://guest:guest@rabbitmq:5672/\n';
    const fs = secrets(await analyze(text, '/ws/docker-compose.yml'));
    assert.ok(fs.length >= 1);
    for (const f of fs) {
      assert.strictEqual(f.severity, 'info');
      assert.match(f.message, /local-development default/);
    }
  });
  it('the same default on a real host, or a random password on the local host, is an error', async () => {
    for (const url of ['postgres://postgres:postgres@db.prod.acme.io:5432/app', `postgres://postgres:${pw()}@db:5432/app`, `jdbc:sqlserver://localhost;user=sa;password=${pw()}`]) {
      const fs = reported(await analyze(`      DATABASE_URL: ${url}\n`, '/ws/docker-compose.yml'));
      assert.strictEqual(fs.length, 1, url);
      assert.strictEqual(fs[0].severity, 'error');
    }
  });
});

describe('secrets (issue 16): `$` is interpolation only in files that interpolate', () => {
  const p = J('pR7#Lq2', '$', 'wN5tZx8V');
  it('a random password with $ in plain YAML is found', async () => {
    const f = reported(await analyze(`db:\n  password: "${p}"\n`, '/ws/config.yaml'));
    assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential']);
    assert.strictEqual(textAt(`db:\n  password: "${p}"\n`, f[0].range), p);
  });
  it('$NAME stays a reference in plain YAML, and $name in compose and shell', async () => {
    assert.deepStrictEqual(reported(await analyze('db:\n  password: "$DB_PASSWORD"\n', '/ws/config.yaml')), []);
    assert.deepStrictEqual(reported(await analyze('services:\n  db:\n    environment:\n      PASSWORD: "pre$dbPass"\n', '/ws/compose.yaml')), []);
    assert.deepStrictEqual(reported(await analyze('PASSWORD="pre$dbPass"\n', '/ws/run.sh')), []);
  });
});

describe('secrets (issue 16): provider breadth', () => {
  const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (payload) => J(b64url({ alg: 'HS256', typ: 'JWT' }), '.', b64url(payload), '.', tok(43, 180));
  const found = [
    ['Anthropic', '/ws/a.js', `const k = "${J('sk-ant-', 'api03-', rand(93, undefined, 181), 'AA')}";\n`],
    ['Amazon Bedrock', '/ws/a.js', `const k = "${J('AB', 'SK', Buffer.from('BedrockAPIKey-' + tok(6, 182) + '-at-123456789012').toString('base64').replace(/=+$/, ''), rand(100, undefined, 183))}";\n`],
    ['Snyk', '/ws/.env.example', `SNYK_TOKEN=${J('3fa1c2d4', '-9b7e-4c1a-8f2e-', '6d5b4a3c2e1f')}\n`],
    ['Sourcegraph', '/ws/a.js', `const k = "${J('sg', 'p_', rand(16, '0123456789abcdefABCDEF', 184), '_', rand(40, '0123456789abcdefABCDEF', 185))}";\n`],
    ['Sumo Logic access id', '/ws/a.py', `SUMO_ACCESS_ID = "${J('su', tok(12, 186))}"\n`],
    ['SonarQube', '/ws/a.js', `const k = "${J('sq', 'p_', rand(40, '0123456789abcdef', 187))}";\n`],
    ['curl -u', '/ws/deploy.sh', `curl -u admin:${pw()} https://ci.acme.io/api\n`],
    ['curl -H Authorization', '/ws/deploy.sh', `curl -H "Authorization: Token ${rand(40, '0123456789abcdef', 188)}" https://api.acme.io\n`],
    ['curl -H X-Api-Key', '/ws/deploy.sh', `curl -X POST \\\n  -H "X-Api-Key: ${tok(32, 189)}" \\\n  https://api.acme.io\n`],
    ['JWT', '/ws/a.js', `const session = "${jwt({ sub: '1234567890', iat: 1516239022 })}";\n`],
    ['NuGet config password', '/ws/NuGet.Config', `<packageSourceCredentials><feed>\n<add key="ClearTextPassword" value="${pw()}" />\n</feed></packageSourceCredentials>\n`],
    ['GCP service-account key file', '/ws/sa.json', `{\n  "type": "service_account",\n  "project_id": "acme",\n  "private_key_id": "${rand(40, '0123456789abcdef', 190)}",\n  "private_key": "-----BEGIN ${'PRIVATE'} KEY-----\\n${rand(64, undefined, 191)}\\n${rand(64, undefined, 192)}\\n-----END ${'PRIVATE'} KEY-----\\n",\n  "client_email": "x@acme.iam.gserviceaccount.com"\n}\n`],
  ];
  for (const [name, file, text] of found) {
    it(`found: ${name}`, async () => {
      const fs = reported(await analyze(text, file));
      assert.ok(fs.length >= 1, `${name}: ${JSON.stringify(secrets(await analyze(text, file)))}`);
    });
  }
  const notFound = [
    ['curl references and stand-ins', '/ws/deploy.sh', 'curl -u "$USER:$PASS" https://x\ncurl -u <user:password> https://x\ncurl --user neo4j:[PASSWORD] http://h\ncurl -u user:pass --digest http://h\ncurl -H "Authorization: Bearer $TOKEN" https://x\n'],
    ['an anonymous-role JWT (public by design)', '/ws/a.js', `const anon = "${jwt({ role: 'anon', iss: 'supabase' })}";\n`],
    ['a Mapbox public token is not a JWT', '/ws/a.js', `const t = "pk.${b64url({ u: 'x', a: 'y' })}.${tok(22, 193)}";\n`],
    ['a NuGet config without a password', '/ws/NuGet.Config', '<add key="Username" value="builder" />\n<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />\n'],
    ['Sumo Logic access id without its name', '/ws/a.py', `NAME = "${J('su', tok(12, 194))}"\n`],
    ['a public token name', '/ws/a.js', `const publicToken = "${tok(43, 195)}";\n`],
    ['a GCP service-account file with a placeholder key', '/ws/sa.json', '{ "type": "service_account", "private_key": "<your private key>" }\n'],
  ];
  for (const [name, file, text] of notFound) {
    it(`not found: ${name}`, async () => {
      assert.deepStrictEqual(reported(await analyze(text, file)).map((f) => f.ruleId), [], text);
    });
  }
  it('fix round trip: a curl password becomes an environment reference and the script still has its command', async () => {
    const p = pw();
    const { fix, out } = await preferredFix('/ws/deploy.sh', `curl -u admin:${p} https://ci.acme.io/api\n`, 'secret/generic-credential');
    if (!fix) return; // a shell word without quotes: the family offers ignore and .env fixes only
    assert.ok(!out.includes(p) && out.startsWith('curl -u admin:'), out);
    assert.deepStrictEqual(reported(await analyze(out, '/ws/deploy.sh')), []);
  });
});

describe('secrets: the one judgement keeps base64 secrets whose separators cut them short', () => {
  it("an AWS secret access key full of '/' and '+' is still secretlint/aws (its generated part is the whole value)", async () => {
    // Every alphanumeric piece shorter than 12 characters: the split on '/' and '+' alone finds no random run.
    const key = ['PjCi', '51e', 'cGx5jRYvdU5', 'lOH4qlYa', 'I', '27', 'b9q2Q'].reduce((a, p, i) => a + (i ? (i % 2 ? '/' : '+') : '') + p, '');
    const padded = key.padEnd(40, 'Q');
    const r = await engine.analyzeDocument({ path: '/ws/a.js', text: `const awsSecretAccessKey = "${padded}";\n` });
    assert.deepStrictEqual(r.map((f) => f.ruleId), ['secretlint/aws']);
    assert.ok(!r[0].message.includes(padded));
  });
});
