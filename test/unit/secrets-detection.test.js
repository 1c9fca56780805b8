'use strict';
// What is and is not a secret: places generic scanners miss, values they wrongly flag, severities and messages.
const assert = require('assert');
const { analyze, fake, textAt, engine } = require('../helpers');

describe('secrets: found in compose lists, Dockerfile ENV/ARG, env-lookup defaults, provider _KEY names; Firebase web keys are warnings', () => {
  const tok = fake.token(32, 531);
  it('compose list syntax, Dockerfile ENV/ARG, env-lookup defaults, provider _KEY names', async () => {
    const cases = [
      ['/ws/docker-compose.yml', `services:\n  api:\n    environment:\n      - JWT_SECRET=${tok}\n`],
      ['/ws/Dockerfile', `ENV API_KEY=${tok}\n`],
      ['/ws/Dockerfile', `ENV API_KEY ${tok}\n`],
      ['/ws/a.js', `const key = process.env.API_KEY || "${tok}";\n`],
      ['/ws/a.py', `key = os.getenv("API_KEY", "${tok}")\n`],
      ['/ws/a.py', `OPENAI_KEY = "${tok}"\n`],
      ['/ws/a.rb', `SECRET_KEY_BASE = "${tok}"\n`],
      ['/ws/a.js', `const HMAC_KEY = "${tok}";\n`],
    ];
    for (const [file, text] of cases) {
      const f = await analyze(text, file);
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential'], `${file}: ${text}`);
      assert.strictEqual(textAt(text, f[0].range), tok);
    }
  });
  it('a Google API key (Firebase web keys are public by design) is a warning', async () => {
    const [f] = await analyze(`const firebaseConfig = { apiKey: "AIza${fake.token(35, 532)}" };\n`, '/ws/firebase.js');
    assert.strictEqual(f.severity, 'warning');
  });
});

describe('secrets: found in type annotations, Authorization headers and broker URLs', () => {
  const tok = fake.token(32, 711);
  it('TypeScript type annotations', async () => {
    for (const text of [`const DB_PASSWORD: string = "Xk9#mP2vL8qR!";\n`, `const apiToken: string | undefined = "${tok}";\n`, `let secret?: string = '${tok}';\n`]) {
      const f = await analyze(text, '/ws/a.ts');
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential'], text);
    }
  });
  it('Authorization headers inside strings (curl, headers.set)', async () => {
    for (const [file, text] of [
      ['/ws/.github/workflows/notify.yml', `      - run: curl -H "Authorization: Bearer ${tok}" https://api.example.org\n`],
      ['/ws/a.js', `headers.set('Authorization', 'Bearer ${tok}');\n`],
    ]) {
      const f = await analyze(text, file);
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/generic-credential'], text);
      assert.strictEqual(textAt(text, f[0].range), tok);
    }
  });
  it('credentials in redis:// and amqp:// URLs', async () => {
    for (const url of [`redis://:Xk9mP2vL8qR@cache.internal:6379/0`, `amqp://bot:Xk9mP2vL8qR@mq.internal:5672`]) {
      const f = await analyze(`BROKER = "${url}"\n`, '/ws/a.py');
      assert.deepStrictEqual(f.map((x) => x.ruleId), ['secret/provider-token'], url);
    }
  });
});

describe('secrets: not secrets (locale strings, Helm names, CSS values, password hashes, public keys, model names, anon JWTs)', () => {
  it('locale strings and Helm resource names are not secrets', async () => {
    for (const [file, text] of [
      ['/ws/locales/de.json', '{ "password": "Passwort", "token": "Zugangsschlüssel", "forgot_password": "¿Olvidaste?" }\n'],
      ['/ws/values.yaml', 'existingSecret: my-app-credentials\nsecretKey: admin-password-key\n'],
    ]) {
      assert.deepStrictEqual(await analyze(text, file), [], text);
    }
  });
  it('CSS values and password hashes', async () => {
    for (const text of [`const cssToken = 'var(--color-primary-500)';\n`, `const hashedPassword = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";\n`, `const adminPassword = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";\n`]) {
      assert.deepStrictEqual(await analyze(text, '/ws/a.js'), [], text);
    }
  });
  it('publishable and public keys, model names, anon JWTs', async () => {
    const anon = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', Buffer.from(JSON.stringify({ iss: 'supabase', role: 'anon', iat: 1700000000 })).toString('base64url'), fake.token(43, 831)].join('.');
    for (const text of [
      `STRIPE_KEY = "pk_live_${fake.token(24, 832)}"\n`,
      `MAPBOX_KEY = "pk.eyJ1Ijoib${fake.token(40, 833)}"\n`,
      `HF_KEY = "sentence-transformers/all-MiniLM-L6-v2"\n`,
      `SUPABASE_ANON_KEY = "${anon}"\n`,
    ]) {
      assert.deepStrictEqual(await analyze(text, '/ws/a.py'), [], text);
    }
  });
});

describe('secrets: messages in .env files', () => {
  it('messages in .env files say what is wrong there', async () => {
    const [, f] = await analyze(`API_TOKEN=${fake.token(30, 721)}\n`, '/ws/.env');
    assert.match(f.message, /in a \.env file that git does not ignore/);
  });
});

describe('random values that only look like placeholders or templates (found by the bench soak)', () => {
  // Built from pieces at run time: random fakes in the shape real ones have.
  const cases = [
    ['a base64 AWS secret key with "/Tbd2" inside', 'const awsSecretAccessKey = "' + 'm0gq9ZITpArzp8/I4zPNgqNNB94v' + 'HEA4C/Tbd2hQ";', 'secretlint/aws'],
    ['a password with "%d" between letters and digits', 'const dbPassword = "' + 'NL%d71' + 'da#Qe&25";', 'secret/generic-credential'],
    ['a password with "%s" between letters', 'const dbPassword = "' + 'ZBPcSf%s' + '#cy=61";', 'secret/generic-credential'],
  ];
  for (const [what, line, rule] of cases) {
    it(`${what} is reported`, async () => {
      const f = await engine.analyzeDocument({ path: '/ws/app.js', text: line + '\n' });
      assert.deepStrictEqual(f.map((x) => x.ruleId), [rule]);
    });
  }
  it('printf templates and placeholder words are still not secrets', async () => {
    for (const line of ['const dbPassword = "%s";', 'const authHeader = "Bearer %s";', 'const dsn = "postgres://%s:%s@db/app";', 'const apiToken = "TODO-fill-me-in-later";', 'const apiKey = "fake_key_for_tests_only";']) {
      assert.deepStrictEqual(await engine.analyzeDocument({ path: '/ws/app.js', text: line + '\n' }), [], line);
    }
  });
});
