'use strict';
// The keyword prefilter of secretlint's recommended preset (secretlintPrefilter.ts): secretlint is not run on a
// file when no rule of the preset can match it. It must never hide a hit: runSecretlint with the prefilter
// gives exactly the hits it gives without, for every rule's true positives, for random texts built from every
// rule's keywords and near misses, and it must really skip files that cannot match.
//
// Every fake credential is assembled at run time from pieces and random characters: this file holds no
// literal that secretlint, our engine or a push-protection scanner would flag.
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const fc = require('fast-check');
const { engine, rand, ROOT } = require('../helpers');

const sl = engine.internals.secretlint;

const { DIGITS, HEX, LETTERS, ALNUM, B64, URLSAFE, UPPER_ALNUM, PRIV, pemArmor, derBody, serviceAccountJson, onePasswordToken } = require('../fake-alphabets');

/** DER: tag, length, content. */
function der(tag, ...parts) {
  const body = Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
  let len;
  if (body.length < 128) len = Buffer.from([body.length]);
  else {
    const bytes = [];
    for (let n = body.length; n; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/**
 * A PKCS#12 file whose MAC verifies with GCP's well-known password (what secretlint/gcp checks in a .p12),
 * around random bytes: RFC 7292 appendix B.2 key derivation with SHA-256, one block.
 */
function gcpP12(seed) {
  const password = 'not' + 'asecret';
  const sha256 = (b) => crypto.createHash('sha256').update(b).digest();
  const v = 64;
  const fill = (src) => {
    const out = Buffer.alloc(Math.ceil(src.length / v) * v);
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const pw = Buffer.alloc(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) pw.writeUInt16BE(password.charCodeAt(i), i * 2);
  const salt = Buffer.from(rand(8, ALNUM, seed));
  const iterations = 2048;
  let a = sha256(Buffer.concat([Buffer.alloc(v, 3), fill(salt), fill(pw)]));
  for (let i = 1; i < iterations; i++) a = sha256(a);
  const authSafe = Buffer.from(rand(300, B64, seed + 1));
  const mac = crypto.createHmac('sha256', a).update(authSafe).digest();
  const OID_DATA = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  const OID_SHA256 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
  return der(
    0x30,
    der(0x02, [3]),
    der(0x30, der(0x06, OID_DATA), der(0xa0, der(0x04, authSafe))),
    der(0x30, der(0x30, der(0x30, der(0x06, OID_SHA256), der(0x05, [])), der(0x04, mac)), der(0x04, salt), der(0x02, [0x08, 0x00])),
  );
}

// ---------------------------------------------------------------- fake tokens (one maker per kind)
const OPENAI_MARK = 'T3Blbk' + 'FJ'; // base64 of "OpenAI", required by the rule
const T = {
  aws: (s) => rand(39, B64, s) + 'Q', // the rule ends in \b: the last character must be a word character
  npm: (s) => 'npm' + '_' + rand(36, ALNUM, s),
  slack: (s) => ['xox' + 'b', rand(13, DIGITS, s), rand(13, DIGITS, s + 1), rand(24, ALNUM, s + 2)].join('-'),
  slackApp: (s) => ['xa' + 'pp', '1', rand(11, UPPER_ALNUM, s), rand(13, DIGITS, s + 1), rand(64, HEX, s + 2)].join('-'),
  slackHook: (s) => `https://hooks.slack.com/services/T${rand(10, UPPER_ALNUM, s)}/B${rand(10, UPPER_ALNUM, s + 1)}/${rand(24, ALNUM, s + 2)}`,
  sendgrid: (s) => 'S' + 'G.' + rand(22, ALNUM, s) + '.' + rand(43, ALNUM, s + 1),
  shopify: (s) => 'shp' + 'at_' + rand(32, HEX, s),
  shopifySecret: (s) => 'shp' + 'ss_' + rand(32, HEX, s),
  github: (s) => 'gh' + 'p_' + rand(36, ALNUM, s),
  githubServer: (s) => 'gh' + 's_' + rand(36, ALNUM, s),
  githubFine: (s) => 'github' + '_pat_' + rand(22, ALNUM, s) + '_' + rand(59, ALNUM, s + 1),
  gitlab: (s) => 'gl' + 'pat-' + rand(20, ALNUM, s),
  grafanaSa: (s) => 'gl' + 'sa_' + rand(32, ALNUM, s) + '_' + rand(8, HEX, s + 1),
  grafanaCloud: (s) => 'gl' + 'c_' + Buffer.from(JSON.stringify({ o: rand(6, DIGITS, s), n: `stack-${rand(6, DIGITS, s + 1)}`, k: rand(24, ALNUM, s + 2) })).toString('base64'),
  openai: (s) => 'sk-' + 'proj-' + rand(74, URLSAFE, s) + OPENAI_MARK + rand(73, URLSAFE, s + 1) + 'x',
  openaiLegacy: (s) => 'sk-' + rand(20, ALNUM, s) + OPENAI_MARK + rand(20, ALNUM, s + 1),
  anthropic: (s) => 'sk-' + 'ant-' + 'api03-' + rand(93, URLSAFE, s) + 'AA',
  groq: (s) => 'gs' + 'k_' + rand(52, ALNUM, s),
  huggingface: (s) => 'h' + 'f_' + rand(34, LETTERS, s),
  linear: (s) => 'lin' + '_api_' + rand(40, ALNUM, s),
  notion: (s) => 'nt' + 'n_' + rand(11, DIGITS, s) + rand(35, ALNUM, s + 1),
  onePassword: (s) => onePasswordToken(s),
  vault: (s) => 'hv' + 's.' + rand(91, URLSAFE, s),
  vaultBatch: (s) => 'hv' + 'b.' + rand(140, URLSAFE, s),
  vaultRecovery: (s) => 'hv' + 'r.' + rand(91, URLSAFE, s),
  vercel: (s) => 'vc' + 'p_' + rand(24, ALNUM, s),
  vercelAi: (s) => 'vc' + 'k_' + rand(40, ALNUM, s),
  databricks: (s) => 'da' + 'pi' + rand(32, HEX, s) + '-2',
  docker: (s) => 'dckr' + '_pat_' + rand(27, URLSAFE, s),
  figma: (s) => 'fi' + 'gd_' + rand(40, URLSAFE, s),
};

// ---------------------------------------------------------------- per-rule true positives
let tmpDir;
const p12Path = () => path.join(tmpDir, 'orders-prod-sa.p12');

const POSITIVES = [
  { rule: 'aws', file: '/ws/orders/storage.py', text: (s) => `s3 = boto3.client("s3", aws_secret_access_key="${T.aws(s)}")\n` },
  { rule: 'aws', file: '/ws/.env', text: (s) => `AWS_SECRET_ACCESS_KEY=${T.aws(s)}\n` },
  { rule: 'aws', file: '/ws/config.yaml', text: (s) => `SecretAccessKey: '${T.aws(s)}'\n` },
  { rule: 'gcp', file: '/ws/deploy/orders-prod-sa.json', text: (s) => serviceAccountJson('orders-prod-4821', pemArmor('', derBody(s)) + '\n', s) },
  {
    rule: 'gcp',
    title: 'a service-account file that spells the key with a \\u escape (no literal PRIVATE KEY)',
    file: '/ws/deploy/escaped-sa.json',
    text: (s) => serviceAccountJson('orders-prod-4821', pemArmor('', derBody(s)) + '\n', s).split(PRIV).join('PRIVATE\\u0020KEY'),
  },
  { rule: 'gcp', title: 'a .p12 key file (the rule reads the file from disk)', file: () => p12Path(), text: () => fs.readFileSync(p12Path(), 'latin1') },
  { rule: 'privatekey', file: '/ws/auth/sign.js', text: (s) => `const KEY = \`${pemArmor('RSA ', derBody(s))}\`;\n` },
  { rule: 'privatekey', file: '/ws/auth/id_ed25519', text: (s) => pemArmor('OPENSSH ', 'b3BlbnNzaC1rZXktdjE' + rand(300, B64, s)) + '\n' },
  {
    rule: 'privatekey',
    title: 'a PGP PRIVATE KEY BLOCK',
    file: '/ws/keys/release.asc',
    text: (s) => [`-----BEGIN PGP ${PRIV} BLOCK-----`, ...derBody(s, 600).match(/.{1,64}/g), `-----END PGP ${PRIV} BLOCK-----`, ''].join('\n'),
  },
  { rule: 'npm', file: '/ws/.github/workflows/release.yml', text: (s) => `        env:\n          NODE_AUTH_TOKEN: ${T.npm(s)}\n` },
  { rule: 'npm', title: 'an npm token with underscores in its body', file: '/ws/.env', text: (s) => `NPM_TOKEN=${'npm' + '_' + rand(17, ALNUM, s) + '_' + rand(18, ALNUM, s + 1)}\n` },
  { rule: 'npm', file: '/ws/.npmrc', text: (s) => `//registry.npmjs.org/:_authToken=${[8, 4, 4, 4, 12].map((n, i) => rand(n, HEX, s + i)).join('-')}\n` },
  { rule: 'npm', file: '/ws/package.json', text: (s) => JSON.stringify({ name: 'orders', repository: `git+https://${rand(40, HEX, s)}:x-oauth-basic@github.com/acme/orders.git` }, null, 2) },
  {
    rule: 'npm',
    title: 'an x-oauth-basic URL that basicauth does not match (a dot in the user part)',
    file: '/ws/package-lock.json',
    text: (s) => JSON.stringify({ name: 'orders', packages: { 'node_modules/orders-core': { resolved: `git+https://${rand(40, HEX, s)}.ci:x-oauth-basic@github.com/acme/orders-core.git` } } }, null, 2),
  },
  { rule: 'basicauth', file: '/ws/scripts/deploy.sh', text: (s) => `git clone https://deploy-bot:${rand(16, ALNUM, s)}@git.acme-internal.io/team/orders.git\n` },
  { rule: 'basicauth', file: '/ws/mirror.sh', text: (s) => `wget ftp://mirror_user:${rand(12, ALNUM, s)}@files.acme-internal.io/dump.tgz\n` },
  { rule: 'basicauth', file: '/ws/mirror.sh', text: (s) => `lftp ftps://mirror-user:${rand(12, ALNUM, s)}-@files.acme-internal.io/dump.tgz\n` },
  ...['b', 'p', 'a', 'o', 'r'].map((x) => ({ rule: 'slack', title: `an xox${x}- token`, file: '/ws/bot/app.py', text: (s) => `app = App(token="${T.slack(s).replace('xoxb', 'xox' + x)}")\n` })),
  { rule: 'slack', file: '/ws/bot/socket.py', text: (s) => `handler = SocketModeHandler(app, "${T.slackApp(s)}")\n` },
  { rule: 'slack', file: '/ws/alerts.yaml', text: (s) => `webhook_url: ${T.slackHook(s)}\n` },
  { rule: 'slack', title: 'a webhook URL in upper case (the rule has the i flag)', file: '/ws/alerts.yaml', text: (s) => `webhook_url: ${T.slackHook(s).toUpperCase()}\n` },
  { rule: 'sendgrid', file: '/ws/.env', text: (s) => `SENDGRID_API_KEY=${T.sendgrid(s)}\n` },
  { rule: 'shopify', file: '/ws/shop/client.js', text: (s) => `shopifyApi({ adminApiAccessToken: '${T.shopify(s)}', apiSecretKey: '${T.shopifySecret(s + 1)}' });\n` },
  { rule: 'github', file: '/ws/tools/release.js', text: (s) => `new Octokit({ auth: "${T.github(s)}" });\n` },
  { rule: 'github', file: '/ws/tools/app.js', text: (s) => `const installationToken = "${T.githubServer(s)}";\n` },
  { rule: 'github', file: '/ws/scripts/gh.sh', text: (s) => `export GH_TOKEN="${T.githubFine(s)}"\n` },
  { rule: 'gitlab', file: '/ws/scripts/pipelines.sh', text: (s) => `curl --header "PRIVATE-TOKEN: ${T.gitlab(s)}" https://gitlab.com/api/v4/projects\n` },
  { rule: 'grafana', file: '/ws/docker-compose.yml', text: (s) => `      GRAFANA_TOKEN: ${T.grafanaSa(s)}\n` },
  { rule: 'grafana', file: '/ws/obs/push.py', text: (s) => `GRAFANA_CLOUD_TOKEN = "${T.grafanaCloud(s)}"\n` },
  { rule: 'openai', file: '/ws/llm/client.py', text: (s) => `client = OpenAI(api_key="${T.openai(s)}")\n` },
  { rule: 'openai', file: '/ws/llm/legacy.py', text: (s) => `openai.api_key = "${T.openaiLegacy(s)}"\n` },
  { rule: 'anthropic', file: '/ws/.env.local', text: (s) => `ANTHROPIC_API_KEY=${T.anthropic(s)}\n` },
  { rule: 'anthropic', title: 'an api04 key', file: '/ws/.env.local', text: (s) => `ANTHROPIC_ADMIN_KEY=${T.anthropic(s).replace('api03', 'api04')}\n` },
  { rule: 'groq', file: '/ws/src/chat.ts', text: (s) => `const groq = new Groq({ apiKey: "${T.groq(s)}" });\n` },
  { rule: 'huggingface', file: '/ws/ml/train.py', text: (s) => `login(token="${T.huggingface(s)}")\n` },
  { rule: 'linear', file: '/ws/config/integrations.json', text: (s) => JSON.stringify({ linear: { apiKey: T.linear(s) } }, null, 2) },
  { rule: 'notion', file: '/ws/notion/sync.js', text: (s) => `const notion = new Client({ auth: "${T.notion(s)}" });\n` },
  { rule: '1password', file: '/ws/scripts/ci-secrets.sh', text: (s) => `export OP_SERVICE_ACCOUNT_TOKEN="${T.onePassword(s)}"\n` },
  { rule: 'database-connection-string', file: '/ws/orders/settings.py', text: (s) => `DATABASE_URL = "postgresql://orders:${rand(18, ALNUM, s)}@db.internal:5432/orders"\n` },
  { rule: 'database-connection-string', title: 'a scheme in mixed case (the rule has the i flag)', file: '/ws/orders/settings.py', text: (s) => `url = PostgreSQL://orders:${rand(18, ALNUM, s)}@db.internal/orders\n` },
  { rule: 'database-connection-string', file: '/ws/src/db.js', text: (s) => `mongoose.connect('MongoDB+SRV://app:${rand(20, ALNUM, s)}@cluster0.acme.mongodb.net/orders');\n` },
  { rule: 'database-connection-string', file: '/ws/app.properties', text: (s) => `spring.datasource.url=jdbc:mysql://app:${rand(14, ALNUM, s)}@db.internal:3306/orders\n` },
  { rule: 'database-connection-string', title: 'mysqlx://, a password with punctuation', file: '/ws/app.env', text: (s) => `DB=mysqlx://app:${rand(10, ALNUM, s)}.!#@db.internal:33060/orders\n` },
  { rule: 'hashicorp-vault', file: '/ws/.env', text: (s) => `VAULT_TOKEN=${T.vault(s)}\nBATCH=${T.vaultBatch(s + 1)}\nRECOVERY=${T.vaultRecovery(s + 2)}\n` },
  ...['p', 'i', 'a', 'r', 'k'].map((x) => ({ rule: 'vercel', title: `a vc${x}_ token`, file: '/ws/.env', text: (s) => `VERCEL_TOKEN=${'vc' + x + '_' + rand(24, ALNUM, s)}\n` })),
  { rule: 'databricks', file: '/ws/notebooks/job.py', text: (s) => `DATABRICKS_TOKEN = "${T.databricks(s)}"\n` },
  { rule: 'databricks', title: 'upper-case hex (the rule takes either case)', file: '/ws/notebooks/job.py', text: (s) => `token = "${'da' + 'pi' + rand(32, '0123456789ABCDEF', s)}"\n` },
  { rule: 'docker', file: '/ws/ci.sh', text: (s) => `echo "${T.docker(s)}" | docker login -u acme --password-stdin\n` },
  { rule: 'figma', file: '/ws/design/sync.ts', text: (s) => `const FIGMA_TOKEN = "${T.figma(s)}";\n` },
];

const fileOf = (c) => (typeof c.file === 'function' ? c.file() : c.file);

async function bothWays(text, file) {
  const off = await sl.runSecretlint(text, file, { prefilter: false });
  const on = await sl.runSecretlint(text, file);
  return { off, on };
}

describe('secretlint prefilter (secretlintMayMatch)', () => {
  before(() => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-slpf-'));
    fs.writeFileSync(p12Path(), gcpP12(31));
  });
  after(() => fs.rmSync(tmpDir, { recursive: true, force: true }));

  it('is written for the installed preset (12.0.0, these rules): an upgrade must revisit the keyword table', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@secretlint/secretlint-rule-preset-recommend/package.json'), 'utf8'));
    assert.strictEqual(pkg.version, '12.0.0', 'review server/src/engine/rules/secrets/secretlintPrefilter.ts against the new preset, then update this test');
    assert.strictEqual(sl.PREFILTER_COVERS_PRESET, true);
  });

  describe('every rule of the preset: true positives pass the prefilter and the hits are the same', () => {
    for (const c of POSITIVES) {
      it(`${c.rule}: ${c.title ?? (typeof c.file === 'string' ? c.file : '')}`, async () => {
        for (const seed of [11, 12, 13]) {
          const file = fileOf(c);
          const text = c.text(seed);
          const { off, on } = await bothWays(text, file);
          assert.ok(
            off.some((h) => h.ruleId === `secretlint/${c.rule}`),
            `secretlint does not report the example (so it proves nothing): ${JSON.stringify(off.map((h) => h.ruleId))}`,
          );
          assert.strictEqual(sl.secretlintMayMatch(text.replace(/^\uFEFF/, ''), file), true);
          assert.deepStrictEqual(on, off);
          // A byte-order mark does not change anything either.
          const bom = await bothWays('\uFEFF' + text, file);
          assert.deepStrictEqual(bom.on, bom.off);
        }
      });
    }

    it('has a true positive for every detection rule of the preset', () => {
      const covered = new Set(POSITIVES.map((c) => `secretlint/${c.rule}`));
      const missing = sl.PRESET_RULES.map((r) => r.ruleId).filter((id) => !covered.has(id));
      assert.deepStrictEqual(missing, []);
    });

    it('a .p12 file always passes (secretlint/gcp reads it from disk, whatever the text)', () => {
      assert.strictEqual(sl.secretlintMayMatch('', '/ws/keys/any.p12'), true);
      assert.strictEqual(sl.secretlintMayMatch('plain text', p12Path()), true);
    });
  });

  describe('property: the prefilter never hides a hit', () => {
    const run = (alphabet, minLength, maxLength) => fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
    const KEYWORDS = [
      // the rules' prefixes, as the rules spell them
      'aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY', 'SecretAccessKey', 'secret_access_key', 'aws_secretaccesskey',
      PRIV, '-----BEGIN ' + PRIV + '-----\n', '\n-----END ' + PRIV + '-----', '-----BEGIN RSA ' + PRIV + '-----\n', '-----END RSA ' + PRIV + '-----',
      '"private_key": "', '"private_key_id": "', 'npm' + '_', '_authToken=', ':x-oauth-basic@github.com/',
      'xox' + 'b-', 'xox' + 'p-', 'xox' + 'a-2-', 'xa' + 'pp-1-', 'https://hooks.slack.com/services/T', '/B', 'HTTPS://HOOKS.SLACK.COM/SERVICES/T',
      'S' + 'G.', 'shp' + 'at_', 'shp' + 'ca_', 'gh' + 'p_', 'gh' + 'o_', 'github' + '_pat_', 'gl' + 'pat-', 'gl' + 'c_', 'gl' + 'c_eyJ', 'gl' + 'sa_',
      OPENAI_MARK, 'sk-' + 'proj-', 'sk-', 'sk-' + 'ant-api03-', 'gs' + 'k_', 'h' + 'f_', 'lin' + '_api_', 'nt' + 'n_', 'ops' + '_ey', 'ops_',
      'mongodb://', 'mongodb+srv://', 'MONGODB://', 'mysql://', 'mysqlx://', 'jdbc:mysql://', 'postgres://', 'postgresql://', 'PostgreSQL://',
      'https://', 'http://', 'ftp://', 'ftps://', 'hv' + 's.', 'hv' + 'b.', 'hv' + 'r.', 'vc' + 'p_', 'vc' + 'k_', 'da' + 'pi', 'dckr' + '_pat_', 'fi' + 'gd_',
      // near misses: another case, a letter glued in front, a separator changed, a truncated prefix
      'AWS_SECRET_KEY', 'Aws_SECRET_access_Key', 'secretAccess', 'private key', 'PRIVATE  KEY', 'PRIVATE\\u0020KEY', '\\u0050RIVATE KEY', '"\\u0070rivate_key": "',
      'NPM_', 'pnpm_', 'np_m', '_authtoken=', 'x-oauth-basic', 'XOXB-', 'xoxz-', 'xoxb', 'hooks.slack.co/services/', 'hooks-slack-com',
      'sg.', 'SG_', 'msg.', 'shp_', 'Shpat_', 'ghx_', 'ghp-', 'github_pat', 'glpat_', 'GLPAT-', 'glc-', 'T3BlbkF', 't3blbkfj', 'sk-ant-api-', 'sk_ant_api03_',
      'gsk-', 'hf-', 'HF_', 'lin_api', 'ntn-', 'ops_EY', 'mongo://', 'postgres:/', 'mysql:/', 'http:/', 'hvs_', 'hvx.', 'vcx_', 'vc_', 'dap', 'DAPI', 'dckr_pat', 'figd-',
      'secretlint-disable', 'secretlint-enable', '${NPM_TOKEN}', 'localhost', 'password', '\uFEFF', 'é', 'ß',
    ];
    const WORDS = ['const', 'let', 'return', 'token', 'key', 'api', 'access', 'secret', 'private', 'hooks', 'slack', 'services', 'user', 'admin', 'db', 'orders', 'x', 'A'];
    const SEPS = [' ', '\n', '\r\n', '\t', '"', "'", '=', ': ', ':', '=>', '_', '-', '.', '@', '/', '//', '://', '{', '}', ',', '\\n', '\\', '$'];
    // Every prefix of every rule with a body of about the rule's length (one character more or fewer included).
    const SPECS = [
      { prefixes: ['npm' + '_'], alphabet: ALNUM + '_', min: 36, max: 36 },
      { prefixes: ['b', 'p', 'a', 'o', 'r'].map((x) => 'xox' + x + '-').concat(['xa' + 'pp-']), alphabet: ALNUM + '-', min: 3, max: 60 },
      { prefixes: ['pa', 'ca', 'at', 'ss'].map((x) => 'shp' + x + '_'), alphabet: ALNUM, min: 32, max: 64 },
      { prefixes: ['p', 'o', 'u', 's', 'r'].map((x) => 'gh' + x + '_'), alphabet: ALNUM + '_', min: 36, max: 36 },
      { prefixes: ['github' + '_pat_'], alphabet: ALNUM + '_', min: 82, max: 82 },
      { prefixes: ['gl' + 'pat-'], alphabet: URLSAFE, min: 20, max: 128 },
      { prefixes: ['gl' + 'c_'], alphabet: B64, min: 32, max: 400 },
      { prefixes: ['0', '1', '3', '4', '9'].map((d) => 'sk-' + 'ant-api0' + d + '-'), alphabet: URLSAFE, min: 90, max: 128, suffix: 'AA' },
      { prefixes: ['gs' + 'k_'], alphabet: ALNUM, min: 52, max: 52 },
      { prefixes: ['h' + 'f_'], alphabet: LETTERS, min: 34, max: 34 },
      { prefixes: ['lin' + '_api_'], alphabet: ALNUM + '_', min: 32, max: 128 },
      { prefixes: ['s', 'r'].map((x) => 'hv' + x + '.'), alphabet: URLSAFE, min: 90, max: 120 },
      { prefixes: ['hv' + 'b.'], alphabet: URLSAFE, min: 138, max: 300 },
      { prefixes: ['p', 'i', 'a', 'r', 'k'].map((x) => 'vc' + x + '_'), alphabet: ALNUM, min: 20, max: 60 },
      { prefixes: ['da' + 'pi'], alphabet: '0123456789abcdefABCDEF', min: 32, max: 32 },
      { prefixes: ['dckr' + '_pat_'], alphabet: URLSAFE, min: 27, max: 27 },
      { prefixes: ['fi' + 'gd_'], alphabet: URLSAFE, min: 40, max: 200 },
    ];
    const specToken = fc
      .constantFrom(...SPECS)
      .chain((spec) => fc.tuple(fc.constantFrom(...spec.prefixes), run(spec.alphabet, spec.min - 1, spec.max + 1)).map(([p, b]) => p + b + (spec.suffix ?? '')));
    // Each maker of T as likely as the others, and the prefix-and-body tokens as likely as a third of them.
    const token = fc.oneof(
      ...Object.values(T).map((make) => ({ arbitrary: fc.integer({ min: 1, max: 1e6 }).map(make), weight: 1 })),
      { arbitrary: specToken, weight: 10 },
    );
    // A token with one character more or fewer, a letter glued in front, its prefix or body in another case.
    const swapCase = (t) => t.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
    const nearToken = fc.tuple(token, fc.constantFrom('drop', 'add', 'upper', 'all-upper', 'glue', 'body-case'), run(ALNUM, 1, 1)).map(([t, how, ch]) => {
      if (how === 'drop') return t.slice(0, -1);
      if (how === 'add') return t + ch;
      if (how === 'upper') return t.slice(0, 4).toUpperCase() + t.slice(4);
      if (how === 'all-upper') return t.toUpperCase();
      if (how === 'glue') return ch + t;
      const cut = t.search(/[_.-]/) + 1; // the prefix as it is, the body with its case swapped
      return t.slice(0, cut) + swapCase(t.slice(cut));
    });
    const userinfoUrl = fc
      .tuple(
        fc.constantFrom('http', 'https', 'ftp', 'ftps', 'HTTPS', 'mongodb', 'mongodb+srv', 'mysql', 'mysqlx', 'jdbc:mysql', 'postgres', 'postgresql', 'Postgres', 'redis', 'git+ssh'),
        run(URLSAFE + '.', 1, 20),
        fc.oneof(run(ALNUM + '-_', 1, 24), run(ALNUM + '-_.!#~:', 1, 24), fc.constantFrom('password', '${DB_PASSWORD}', 'x-oauth-basic', 'aaaa', 'p@ss')),
        fc.constantFrom('db.internal', 'localhost', 'github.com/', 'example.com', 'h', 'git.acme-internal.io/x'),
      )
      .map(([scheme, user, pass, host]) => `${scheme}://${user}:${pass}@${host}`);
    const pem = fc
      .tuple(
        fc.constantFrom('', 'RSA ', 'EC ', 'OPENSSH ', 'DSA ', 'PGP ', 'ENCRYPTED '),
        fc.constantFrom('', ' BLOCK'),
        fc.oneof(run(B64, 50, 400).map((b) => 'MI' + b), run(B64, 50, 400), fc.constant('...')),
        fc.constantFrom('\n', '\\n'),
      )
      .map(([label, block, body, nl]) => `-----BEGIN ${label}${PRIV}${block}-----${nl}${(body.match(/.{1,64}/g) || []).join(nl)}${nl}-----END ${label}${PRIV}${block}-----`);
    const saJson = fc
      .tuple(fc.integer({ min: 1, max: 1e6 }), fc.constantFrom('pem', 'placeholder', 'escaped', 'no-id'))
      .map(([s, how]) => {
        const key = how === 'placeholder' ? `-----BEGIN ${PRIV}-----\n<key>\n-----END ${PRIV}-----\n` : pemArmor('', derBody(s, 200)) + '\n';
        let json = serviceAccountJson('p-' + s, key, s);
        if (how === 'escaped') json = json.split(PRIV).join('PRIVATE\\u0020KEY');
        if (how === 'no-id') json = json.replace('private_key_id', 'key_id');
        return json;
      });
    const npmrc = fc
      .tuple(fc.constantFrom('//registry.npmjs.org/:_authToken=', '_authToken=', '_authToken = ', '//npm.pkg.github.com/:_authToken='), fc.oneof(run(ALNUM + '-', 0, 40), fc.constant('${NPM_TOKEN}'), token))
      .map(([k, v]) => `${k}${v}\n`);
    const awsLine = fc
      .tuple(
        fc.constantFrom('aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY', '"AwsSecretAccessKey"', 'SECRET_ACCESS_KEY', 'secretAccessKey', 'aws_secret_key'),
        fc.constantFrom(' = ', '=', ': ', ' => ', ':'),
        fc.oneof(run(B64, 38, 42), token),
      )
      .map(([k, c, v]) => `${k}${c}"${v}"`);
    const fragment = fc.oneof(
      { arbitrary: fc.constantFrom(...KEYWORDS), weight: 6 },
      { arbitrary: fc.constantFrom(...WORDS), weight: 3 },
      { arbitrary: fc.constantFrom(...SEPS), weight: 5 },
      { arbitrary: run(ALNUM, 1, 130), weight: 2 },
      { arbitrary: run(HEX, 1, 40), weight: 1 },
      { arbitrary: run(B64 + '=', 1, 130), weight: 1 },
      { arbitrary: run(URLSAFE, 1, 130), weight: 1 },
      { arbitrary: run(DIGITS, 1, 14), weight: 1 },
      { arbitrary: run(LETTERS, 30, 36), weight: 1 },
      { arbitrary: token, weight: 3 },
      { arbitrary: nearToken, weight: 3 },
      { arbitrary: userinfoUrl, weight: 2 },
      { arbitrary: pem, weight: 1 },
      { arbitrary: saJson, weight: 1 },
      { arbitrary: npmrc, weight: 1 },
      { arbitrary: awsLine, weight: 1 },
    );
    const FILES = [
      '/ws/src/app.js', '/ws/config/sa.json', '/ws/.npmrc', '/ws/package.json', '/ws/package-lock.json', '/ws/.env', '/ws/auth/key.pem',
      '/ws/deploy/values.yaml', '/ws/README.md', '/ws/keys/missing.p12', '/ws/Makefile', '/ws/dir.json/file', '/ws/a.JSON',
    ];

    it('secretlint gives the same hits with and without the prefilter (random texts of keywords, near misses, tokens)', async () => {
      const stats = { runs: 0, withHits: 0, skipped: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(fragment, { minLength: 1, maxLength: 14 }), fc.constantFrom(...FILES), async (parts, file) => {
          const text = parts.join('');
          const { off, on } = await bothWays(text, file);
          assert.deepStrictEqual(on, off);
          // The same, said of the prefilter itself: when it says no, secretlint finds nothing.
          const may = sl.secretlintMayMatch(text.replace(/^\uFEFF/, '').replace(/secretlint-(disable|enable)/g, 'secretlinx-$1'), file);
          if (!may) assert.deepStrictEqual(off, []);
          stats.runs++;
          if (off.length) stats.withHits++;
          if (!may) stats.skipped++;
        }),
        { numRuns: 600 },
      );
      // Not vacuous: many texts have hits, and many are skipped.
      assert.ok(stats.withHits >= stats.runs / 10, JSON.stringify(stats));
      assert.ok(stats.skipped >= stats.runs / 10, JSON.stringify(stats));
    });

    it('one candidate at a time, among plain words (no other keyword to hide a wrong gate)', async () => {
      const plain = fc.constantFrom(...WORDS, ' ', '\n', '"', "'", '=', ': ', '(', ')', ';');
      const one = fc.oneof(
        { arbitrary: token, weight: 4 },
        { arbitrary: nearToken, weight: 4 },
        { arbitrary: userinfoUrl, weight: 2 },
        { arbitrary: pem, weight: 1 },
        { arbitrary: saJson, weight: 1 },
        { arbitrary: npmrc, weight: 1 },
        { arbitrary: awsLine, weight: 1 },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(plain, { maxLength: 4 }), one, fc.array(plain, { maxLength: 4 }), fc.constantFrom(...FILES), async (before, candidate, after, file) => {
          const text = before.join('') + candidate + after.join('');
          const { off, on } = await bothWays(text, file);
          assert.deepStrictEqual(on, off);
        }),
        { numRuns: 1500 },
      );
    });

    it('texts made of near misses only are skipped or give the same hits', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(nearToken, fc.constantFrom(...KEYWORDS.slice(KEYWORDS.indexOf('AWS_SECRET_KEY'))), fc.constantFrom(...SEPS)), { minLength: 1, maxLength: 8 }), fc.constantFrom(...FILES), async (parts, file) => {
          const text = parts.join('');
          const { off, on } = await bothWays(text, file);
          assert.deepStrictEqual(on, off);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('files that cannot match are skipped', () => {
    const PLAIN = [
      [
        '/ws/src/orders.js',
        "const { db } = require('../lib');\nconst BASE = 'https://api.acme.io/v1/orders';\nmodule.exports.getOrder = async (id) => {\n  const res = await fetch(`${BASE}/${id}`, { headers: { accept: 'application/json' } });\n  if (!res.ok) throw new Error('order ' + id + ': ' + res.status);\n  return res.json();\n};\n",
      ],
      ['/ws/worker/send_mail.py', 'import os\nimport smtplib\n\nclient_secret = os.environ["CLIENT_SECRET"]\n\ndef send(to, body):\n    with smtplib.SMTP(os.environ["SMTP_HOST"]) as s:\n        s.sendmail("orders@acme.io", [to], body)\n'],
      ['/ws/k8s/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n      containers:\n        - name: orders\n          image: acme/orders:1.4\n          env:\n            - name: DATABASE_URL\n              valueFrom: {secretKeyRef: {name: orders-db, key: url}}\n'],
      ['/ws/config/features.json', JSON.stringify({ name: 'orders', url: 'https://api-123.mailhub.io/v3/channels/1728', retries: 5, private: true, key: 'orders-key' }, null, 2)],
      ['/ws/package.json', JSON.stringify({ name: 'orders', version: '1.0.0', scripts: { build: 'tsc -b', test: 'mocha' }, repository: 'git+https://github.com/acme/orders.git' }, null, 2)],
      ['/ws/.npmrc', 'registry=https://registry.npmjs.org/\nalways-auth=true\n'],
      ['/ws/README.md', '# Orders\n\nRun `docker compose up`, then open http://localhost:8080/ and postgres://db.internal:5432/orders (no password).\n'],
      ['/ws/.env', 'NODE_ENV=production\nLOG_LEVEL=info\nSECRET_KEY_BASE_FILE=/run/secrets/base\n'],
    ];
    for (const [file, text] of PLAIN) {
      it(`${file}: the prefilter says no, and secretlint has nothing there either`, async () => {
        assert.strictEqual(sl.secretlintMayMatch(text, file), false);
        const { off, on } = await bothWays(text, file);
        assert.deepStrictEqual(off, []);
        assert.deepStrictEqual(on, []);
      });
    }

    it('the skip is real: secretlint itself does not run on a plain file, and does run with the prefilter off', async () => {
      const [file, text] = PLAIN[0];
      const before = sl.lintRuns.count;
      await sl.runSecretlint(text, file, {});
      assert.strictEqual(sl.lintRuns.count, before, 'skipped');
      await sl.runSecretlint(text, file, { prefilter: false });
      assert.strictEqual(sl.lintRuns.count, before + 1, 'run');
    });
  });

  describe('the prefilter is not used when the workspace changes what the preset reports', () => {
    const plain = "const x = 1;\nmodule.exports = { x };\n";

    it('extra rule packages run on every file', async () => {
      const everyFile = {
        meta: { id: 'acme/every-file', recommended: true, type: 'scanner', supportedContentTypes: ['text'] },
        messages: { FOUND: { en: () => 'found something' } },
        create(context) {
          return { file() { context.report({ message: { message: 'found something', messageId: 'FOUND', data: {} }, range: [0, 1] }); } };
        },
      };
      assert.strictEqual(sl.secretlintMayMatch(plain, '/ws/a.js'), false);
      const hits = await sl.runSecretlint(plain, '/ws/a.js', { extraRules: [{ id: 'acme/every-file', rule: everyFile }] });
      assert.deepStrictEqual(hits.map((h) => h.secretlintId), ['acme/every-file']);
    });

    it('preset rule options run the preset (aws enableIDScanRule reports an access key id alone)', async () => {
      const text = `const keyId = "${'AK' + 'IA' + rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 41)}";\n`;
      assert.strictEqual(sl.secretlintMayMatch(text, '/ws/a.js'), false);
      assert.deepStrictEqual(await sl.runSecretlint(text, '/ws/a.js'), []);
      const hits = await sl.runSecretlint(text, '/ws/a.js', { presetRuleOptions: { '@secretlint/secretlint-rule-aws': { enableIDScanRule: true } } });
      assert.deepStrictEqual(hits.map((h) => h.messageId), ['AWSAccessKeyID']);
    });
  });
});
