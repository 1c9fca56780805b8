// Deterministic generator of micro-app source trees for the secret-scan bench.
// Everything is produced from a seeded PRNG, so two runs write identical bytes.
// Every credential below is random text shaped like a real one; none is real.
import fs from 'node:fs';
import path from 'node:path';

/** Small, fast, seedable PRNG (32-bit state). */
export function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const chars = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  };
  return { next, int, pick, chars, chance: (p) => next() < p };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ALNUM = LOWER + UPPER + DIGITS;
const B64 = ALNUM + '+/';
const PWCHARS = ALNUM + '!#%&*+-=?@^_';
const HEX = '0123456789abcdef';

/**
 * Fake secrets. `by` says which tool is expected to report the kind:
 * "both" (secretlint's preset has a rule; ours runs that preset too) or
 * "ours" (only our own rules: generic credentials, Stripe, Kubernetes),
 * "opt-in" (secretlint's aws rule scans key ids only with enableIDScanRule).
 */
export function secretMaker(rng) {
  // Random fillers could, very rarely, spell a placeholder word; re-draw then.
  const clean = (gen) => {
    for (;;) {
      const v = gen();
      if (!/example|sample|dummy|xxxx|todo|fixme|test|fake|mock|foo|changeme|redacted/i.test(v)) return v;
    }
  };
  return {
    slack: () => clean(() => `xoxb-${rng.chars(DIGITS, 12)}-${rng.chars(DIGITS, 13)}-${rng.chars(ALNUM, 24)}`),
    github: () => clean(() => `ghp_${rng.chars(ALNUM, 36)}`),
    aws: () => clean(() => `AKIA${rng.chars(UPPER + DIGITS, 16)}`),
    awsSecret: () => clean(() => rng.chars(B64, 40)),
    password: () => clean(() => rng.chars(UPPER, 2) + rng.chars(PWCHARS, 10) + rng.chars(DIGITS, 2)),
    stripe: () => clean(() => `sk_live_${rng.chars(ALNUM, 28)}`),
    pgPassword: () => clean(() => rng.chars(ALNUM, 18)),
    b64: (n) => clean(() => rng.chars(B64, n)),
  };
}

export const KIND_INFO = {
  slack: { label: 'Slack bot token (xoxb-)', by: 'both' },
  github: { label: 'GitHub PAT (ghp_)', by: 'both' },
  aws: { label: 'AWS access key id (AKIA) alone', by: 'opt-in' },
  'aws-secret': { label: 'AWS secret access key', by: 'both' },
  'pg-url': { label: 'Postgres URL with password', by: 'both' },
  password: { label: 'password = "..." literal', by: 'ours' },
  stripe: { label: 'Stripe live key (sk_live_)', by: 'ours' },
  'k8s-secret': { label: 'K8s Secret data value', by: 'ours' },
  'k8s-env': { label: 'K8s env literal credential', by: 'ours' },
};

/**
 * A file under construction: lines plus the places of planted secrets and of
 * decoys (placeholders, references, hashes that must NOT be reported).
 */
class FileBuilder {
  constructor(rel) {
    this.rel = rel;
    this.lines = [];
    this.planted = [];
    this.decoys = [];
    this.bytes = 0;
  }
  add(...lines) {
    for (const l of lines) this.push(l);
  }
  push(line) {
    this.lines.push(line);
    this.bytes += line.length + 1;
  }
  /** Adds a line whose `value` substring is a planted secret. */
  plant(kind, line, value) {
    const col = line.indexOf(value);
    if (col < 0) throw new Error(`bench bug: value not in line (${kind})`);
    this.planted.push({ file: this.rel, line: this.lines.length, start: col, end: col + value.length, kind });
    this.push(line);
  }
  decoy(kind, line, value) {
    const col = value ? line.indexOf(value) : 0;
    this.decoys.push({ file: this.rel, line: this.lines.length, start: col, end: value ? col + value.length : line.length, kind });
    this.push(line);
  }
  get size() {
    return this.bytes; // characters; the generated text is ASCII
  }
  text() {
    return this.lines.join('\n') + '\n';
  }
}

const NOUNS = ['order', 'invoice', 'user', 'ticket', 'report', 'payment', 'session', 'channel', 'message', 'customer', 'shipment', 'alert', 'metric', 'job', 'webhook', 'team', 'project', 'comment', 'build', 'release'];
const VERBS = ['get', 'list', 'create', 'update', 'delete', 'sync', 'notify', 'resolve', 'archive', 'validate', 'render', 'fetch', 'publish', 'schedule'];
const APPS = ['standup-bot', 'invoice-sync', 'oncall-pager', 'deploy-notifier', 'expense-bot', 'survey-hook', 'build-badge', 'lunch-picker', 'pr-reminder', 'status-page', 'csv-importer', 'feedback-form', 'ticket-triage', 'cost-report'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const camel = (...w) => w[0] + w.slice(1).map(cap).join('');
const snake = (...w) => w.join('_');

// ---------------------------------------------------------------------------
// Language-specific filler blocks (clean code) and secret-bearing lines.

function jsBlock(rng, b, ts) {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  const fn = camel(v, n, rng.pick(['handler', 'route', 'task', 'job', 'step']));
  const t = ts ? `: ${cap(n)}Input` : '';
  const r = ts ? `: Promise<${cap(n)}Result>` : '';
  switch (rng.int(0, 5)) {
    case 0:
      if (ts) b.add(`export interface ${cap(n)}Input {`, `  id: string;`, `  ${n}Name?: string;`, `  createdAt: Date;`, `  tags: string[];`, `}`, ``);
      b.add(
        `export async function ${fn}(req${t})${r} {`,
        `  const started = Date.now();`,
        `  const ${n} = await db.${n}s.findOne({ id: req.id });`,
        `  if (!${n}) {`,
        `    logger.warn('${n} not found', { id: req.id });`,
        `    throw new NotFoundError(\`${n} \${req.id} not found\`);`,
        `  }`,
        `  metrics.histogram('${v}_${n}_ms', Date.now() - started);`,
        `  return { ok: true, ${n} };`,
        `}`,
        ``,
      );
      break;
    case 1:
      b.add(
        `router.${rng.pick(['get', 'post', 'put', 'delete'])}('/api/${n}s/:id', async (req, res) => {`,
        `  try {`,
        `    const result = await ${fn}({ id: req.params.id, tags: req.query.tags?.split(',') ?? [] });`,
        `    res.status(200).json(result);`,
        `  } catch (err) {`,
        `    res.status(err.status ?? 500).json({ error: err.message });`,
        `  }`,
        `});`,
        ``,
      );
      break;
    case 2:
      b.add(
        `const ${camel(n, 'defaults')} = {`,
        `  retries: ${rng.int(1, 5)},`,
        `  timeoutMs: ${rng.int(1, 30) * 1000},`,
        `  region: '${rng.pick(['eu-west-1', 'us-east-1', 'ap-south-1'])}',`,
        `  channel: '#${rng.pick(['alerts', 'ops', 'standup', 'deploys'])}',`,
        `  requestId: '${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-4${rng.chars(HEX, 3)}-a${rng.chars(HEX, 3)}-${rng.chars(HEX, 12)}',`,
        `};`,
        ``,
      );
      break;
    case 3:
      b.add(
        `function ${camel('format', n)}(${n}${ts ? ': ' + cap(n) : ''}) {`,
        `  const parts = [${n}.id, ${n}.status, new Date(${n}.updatedAt).toISOString()];`,
        `  return parts.filter(Boolean).join(' | ').slice(0, ${rng.int(80, 200)});`,
        `}`,
        ``,
      );
      break;
    case 4: {
      const size = rng.int(10, 100);
      b.add(
        `// ${cap(v)} the ${n}s in batches of ${size} so the API quota is respected.`,
        `for (const chunk of chunks(${n}s, ${size})) {`,
        `  await Promise.all(chunk.map((x) => ${fn}({ id: x.id, tags: [] })));`,
        `  await sleep(${rng.int(50, 500)});`,
        `}`,
        ``,
      );
      break;
    }
    default:
      b.add(
        `const ${camel(n, 'client')} = new HttpClient({`,
        `  baseUrl: process.env.${snake(n, 'api', 'url').toUpperCase()} ?? 'https://${n}.internal.svc',`,
        `  token: process.env.${snake(n, 'api', 'token').toUpperCase()},`,
        `  userAgent: '${rng.pick(APPS)}/${rng.int(0, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}',`,
        `});`,
        ``,
      );
  }
}

function pyBlock(rng, b) {
  const n = rng.pick(NOUNS);
  const v = rng.pick(VERBS);
  switch (rng.int(0, 3)) {
    case 0:
      b.add(
        `def ${snake(v, n)}(${n}_id: str, *, retries: int = ${rng.int(1, 5)}) -> dict:`,
        `    """${cap(v)} one ${n} and return its JSON representation."""`,
        `    for attempt in range(retries):`,
        `        resp = session.get(f"{BASE_URL}/${n}s/{${n}_id}", timeout=${rng.int(2, 30)})`,
        `        if resp.status_code == 200:`,
        `            return resp.json()`,
        `        log.warning("attempt %d for ${n} %s failed: %s", attempt, ${n}_id, resp.status_code)`,
        `    raise RuntimeError(f"could not ${v} ${n} {${n}_id}")`,
        ``,
        ``,
      );
      break;
    case 1:
      b.add(
        `@app.route("/api/${n}s", methods=["${rng.pick(['GET', 'POST'])}"])`,
        `def ${snake(v, n, 'view')}():`,
        `    payload = request.get_json(silent=True) or {}`,
        `    items = [x for x in store.${n}s() if x.get("status") == payload.get("status", "open")]`,
        `    return jsonify({"count": len(items), "items": items[:${rng.int(10, 100)}]})`,
        ``,
        ``,
      );
      break;
    case 2:
      b.add(
        `class ${cap(n)}Repository:`,
        `    def __init__(self, conn):`,
        `        self.conn = conn`,
        ``,
        `    def by_id(self, ${n}_id):`,
        `        cur = self.conn.cursor()`,
        `        cur.execute("SELECT * FROM ${n}s WHERE id = %s", (${n}_id,))`,
        `        return cur.fetchone()`,
        ``,
        ``,
      );
      break;
    default:
      b.add(
        `${snake(n, 'api', 'token').toUpperCase()} = os.environ.get("${snake(n, 'api', 'token').toUpperCase()}")`,
        `${snake(n, 'timeout').toUpperCase()} = int(os.environ.get("${snake(n, 'timeout').toUpperCase()}", "${rng.int(5, 60)}"))`,
        ``,
      );
  }
}

function yamlConfigBlock(rng, b) {
  const n = rng.pick(NOUNS);
  b.add(
    `${n}:`,
    `  enabled: ${rng.pick(['true', 'false'])}`,
    `  batch_size: ${rng.int(10, 500)}`,
    `  endpoint: https://${n}.internal.svc/api/v${rng.int(1, 3)}`,
    `  token: \${${snake(n, 'token').toUpperCase()}}`,
    `  schedule: "${rng.int(0, 59)} ${rng.int(0, 23)} * * 1-5"`,
    `  owners:`,
    `    - ${rng.pick(['dana', 'lee', 'sam', 'kim', 'ana'])}@corp.invalid`,
    `    - ${rng.pick(['ops', 'platform', 'finance'])}-team@corp.invalid`,
  );
}

// ---------------------------------------------------------------------------
// Secret-bearing lines per language. Returns true when it planted something.

function plantCode(rng, b, sm, lang) {
  const kind = rng.pick(['slack', 'github', 'aws', 'password', 'password', 'pg-url', 'stripe']);
  const q = lang === 'py' ? '"' : rng.pick(["'", '"']);
  const decl = (name) => (lang === 'py' ? `${name.toUpperCase()} = ` : `const ${name} = `);
  const end = lang === 'py' ? '' : ';';
  let v;
  switch (kind) {
    case 'slack':
      v = sm.slack();
      b.plant(kind, `${decl(lang === 'py' ? 'slack_bot_token' : 'slackBotToken')}${q}${v}${q}${end}`, v);
      break;
    case 'github':
      v = sm.github();
      b.plant(kind, `${decl(lang === 'py' ? 'gh_token' : 'ghToken')}${q}${v}${q}${end}`, v);
      break;
    case 'aws': {
      v = sm.aws();
      b.plant(kind, `${decl(lang === 'py' ? 'aws_access_key_id' : 'awsAccessKeyId')}${q}${v}${q}${end}`, v);
      const k = sm.awsSecret();
      b.plant('aws-secret', `${decl(lang === 'py' ? 'aws_secret_access_key' : 'awsSecretAccessKey')}${q}${k}${q}${end}`, k);
      break;
    }
    case 'password':
      v = sm.password().replace(/['"`\\]/g, '');
      if (lang === 'py') b.plant(kind, `DB_PASSWORD = "${v}"`, v);
      else b.plant(kind, `  password: ${q}${v}${q},`, v);
      break;
    case 'pg-url': {
      v = `postgres://app:${sm.pgPassword()}@db.internal:5432/${rng.pick(NOUNS)}s`;
      b.plant(kind, `${decl(lang === 'py' ? 'database_url' : 'databaseUrl')}${q}${v}${q}${end}`, v);
      break;
    }
    default:
      v = sm.stripe();
      b.plant(kind, `${decl(lang === 'py' ? 'stripe_key' : 'stripeKey')}${q}${v}${q}${end}`, v);
  }
}

function decoyCode(rng, b, lang) {
  const py = lang === 'py';
  const pre = py ? '' : 'const ';
  const semi = py ? '' : ';';
  const cmt = py ? '#' : '//';
  switch (rng.int(0, 4)) {
    case 0:
      b.decoy('placeholder', `${pre}${py ? 'SLACK_TOKEN' : 'slackToken'} = "xoxb-your-token-here"${semi} ${cmt} set it in .env`, 'xoxb-your-token-here');
      break;
    case 1:
      b.decoy('docs-example', `${pre}${py ? 'AWS_KEY_DOCS' : 'awsKeyDocs'} = "AKIAIOSFODNN7EXAMPLE"${semi}`, 'AKIAIOSFODNN7EXAMPLE');
      break;
    case 2:
      b.decoy('env-reference', py ? `DB_PASSWORD = os.environ["DB_PASSWORD"]` : `const dbPassword = process.env.DB_PASSWORD;`, null);
      break;
    case 3:
      b.decoy('commit-sha', `${pre}${py ? 'BUILD_SHA' : 'buildSha'} = "${rng.chars(HEX, 40)}"${semi}`, null);
      break;
    default:
      b.decoy('placeholder', `${pre}${py ? 'ADMIN_PASSWORD' : 'adminPassword'} = "<your-admin-password>"${semi}`, '<your-admin-password>');
  }
}

// ---------------------------------------------------------------------------
// Whole files.

function codeFile(rng, sm, rel, lang, target, withSecret) {
  const b = new FileBuilder(rel);
  if (lang === 'py') b.add(`"""${rel}: part of a small internal service."""`, 'import os', 'import logging', '', 'log = logging.getLogger(__name__)', '');
  else b.add(`// ${rel}`, lang === 'ts' ? `import { db, logger, metrics } from '../lib';` : `const { db, logger, metrics } = require('../lib');`, '');
  let planted = !withSecret;
  let decoyed = !rng.chance(0.3);
  while (b.size < target) {
    if (!planted && b.size > target / 3) {
      plantCode(rng, b, sm, lang);
      planted = true;
    } else if (!decoyed && b.size > target / 2) {
      decoyCode(rng, b, lang);
      decoyed = true;
    } else if (lang === 'py') pyBlock(rng, b);
    else jsBlock(rng, b, lang === 'ts');
  }
  if (!planted) plantCode(rng, b, sm, lang);
  return b;
}

function envFile(rng, sm, rel, withSecret) {
  const b = new FileBuilder(rel);
  b.add('# local settings', `PORT=${rng.int(3000, 9000)}`, `LOG_LEVEL=${rng.pick(['info', 'debug', 'warn'])}`, `NODE_ENV=development`);
  if (withSecret) {
    const s = sm.slack();
    b.plant('slack', `SLACK_BOT_TOKEN=${s}`, s);
    const p = sm.password().replace(/[#'"`\\ ]/g, '');
    b.plant('password', `DB_PASSWORD=${p}`, p);
  } else {
    b.decoy('placeholder', 'SLACK_BOT_TOKEN=xoxb-your-token-here', 'xoxb-your-token-here');
    b.add('DB_PASSWORD=');
  }
  b.add(`DB_HOST=db.internal`, `DB_NAME=${rng.pick(NOUNS)}s`, `FEATURE_FLAGS=${rng.pick(NOUNS)},${rng.pick(NOUNS)}`);
  return b;
}

function k8sDeployment(rng, sm, rel, app, withSecret) {
  const b = new FileBuilder(rel);
  b.add(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${app}`,
    `  labels: { app: ${app}, team: ${rng.pick(['ops', 'platform', 'finance'])} }`,
    'spec:',
    `  replicas: ${rng.int(1, 4)}`,
    '  selector:',
    `    matchLabels: { app: ${app} }`,
    '  template:',
    '    metadata:',
    `      labels: { app: ${app} }`,
    '    spec:',
    '      containers:',
    `        - name: ${app}`,
    `          image: registry.corp.invalid/${app}:${rng.int(1, 3)}.${rng.int(0, 30)}.${rng.int(0, 9)}`,
    `          ports: [{ containerPort: ${rng.int(3000, 9000)} }]`,
    '          resources:',
    `            requests: { cpu: ${rng.int(50, 500)}m, memory: ${rng.int(64, 512)}Mi }`,
    `            limits: { cpu: ${rng.int(500, 2000)}m, memory: ${rng.int(512, 2048)}Mi }`,
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: "info"',
    '            - name: DB_PASSWORD',
  );
  if (withSecret) {
    const p = sm.password().replace(/['"`\\]/g, '');
    b.plant('k8s-env', `              value: "${p}"`, p);
  } else {
    b.add('              valueFrom:', '                secretKeyRef:', `                  name: ${app}-secrets`, '                  key: DB_PASSWORD');
  }
  b.add('            - name: SLACK_BOT_TOKEN', '              valueFrom:', '                secretKeyRef:', `                  name: ${app}-secrets`, '                  key: SLACK_BOT_TOKEN');
  b.add('          readinessProbe:', `            httpGet: { path: /healthz, port: http }`, `            periodSeconds: ${rng.int(5, 30)}`);
  return b;
}

function k8sSecretOrConfigMap(rng, sm, rel, app, withSecret) {
  const b = new FileBuilder(rel);
  if (withSecret) {
    b.add('apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${app}-secrets`, 'type: Opaque', 'data:');
    const v1 = sm.b64(32) + '==';
    b.plant('k8s-secret', `  DB_PASSWORD: ${v1}`, v1);
    const v2 = sm.b64(44);
    b.plant('k8s-secret', `  SIGNING_KEY: ${v2}`, v2);
  } else {
    b.add('apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${app}-config`, 'data:');
    for (let i = 0; i < rng.int(4, 12); i++) b.add(`  ${snake(rng.pick(NOUNS), rng.pick(['url', 'mode', 'limit', 'channel'])).toUpperCase()}: "${rng.pick(['https://api.internal.svc', 'strict', String(rng.int(1, 999)), '#ops'])}"`);
  }
  return b;
}

function k8sService(rng, rel, app) {
  const b = new FileBuilder(rel);
  b.add('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${app}`, 'spec:', `  selector: { app: ${app} }`, '  ports:', `    - name: http`, `      port: 80`, `      targetPort: ${rng.int(3000, 9000)}`);
  return b;
}

function yamlConfig(rng, sm, rel, target, withSecret) {
  const b = new FileBuilder(rel);
  b.add(`# ${rel}`, `service: ${rng.pick(APPS)}`);
  let planted = !withSecret;
  while (b.size < target) {
    if (!planted && b.size > target / 2) {
      const v = sm.password().replace(/['"`\\]/g, '');
      b.add('database:', '  host: db.internal', '  user: app');
      b.plant('password', `  password: "${v}"`, v);
      planted = true;
    }
    yamlConfigBlock(rng, b);
  }
  if (!planted) {
    const v = sm.password().replace(/['"`\\]/g, '');
    b.plant('password', `db_password: "${v}"`, v);
  }
  return b;
}

function jsonConfig(rng, sm, rel, target, withSecret) {
  const b = new FileBuilder(rel);
  b.add('{', `  "service": "${rng.pick(APPS)}",`, '  "features": [');
  let planted = !withSecret;
  while (b.size < target - 200) {
    const n = rng.pick(NOUNS);
    b.add(`    { "name": "${n}-${rng.int(1, 999)}", "enabled": ${rng.pick(['true', 'false'])}, "integrity": "sha512-${rng.chars(B64, 86)}==", "owner": "${rng.pick(['ops', 'platform'])}" },`);
    if (!planted && b.size > target / 2) {
      const v = sm.github();
      b.plant('github', `    { "name": "gh-sync", "enabled": true, "githubToken": "${v}" },`, v);
      planted = true;
    }
  }
  b.add(`    { "name": "last", "enabled": false }`, '  ],', `  "slackChannel": "#${rng.pick(['ops', 'alerts'])}"`, '}');
  return b;
}

function workflow(rng, rel) {
  const b = new FileBuilder(rel);
  b.add('name: ci', 'on: [push, pull_request]', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - uses: actions/setup-node@v4', `        with: { node-version: ${rng.pick([18, 20, 22])} }`, '      - run: npm ci && npm test');
  b.decoy('reference', '      - run: ./deploy.sh', null);
  b.decoy('reference', '        env: { SLACK_BOT_TOKEN: "${{ secrets.SLACK_BOT_TOKEN }}" }', '${{ secrets.SLACK_BOT_TOKEN }}');
  return b;
}

function packageJson(rng, rel, app) {
  const b = new FileBuilder(rel);
  b.add('{', `  "name": "${app}",`, `  "version": "${rng.int(0, 3)}.${rng.int(0, 20)}.${rng.int(0, 9)}",`, '  "private": true,', '  "scripts": { "start": "node src/index.js", "test": "node --test" },', '  "dependencies": {', `    "express": "^4.${rng.int(17, 21)}.0",`, `    "@slack/bolt": "^3.${rng.int(10, 20)}.0"`, '  }', '}');
  return b;
}

/** Lognormal-ish size around `mean` bytes, clamped. */
function sizeAround(rng, mean) {
  const u = rng.next() + rng.next() + rng.next(); // ~bell on [0,3]
  return Math.max(600, Math.round(mean * Math.exp((u - 1.5) * 0.9)));
}

/**
 * Writes the corpus of micro-apps to `dir` and returns the manifest
 * { files, bytes, planted, decoys }.
 */
export function generateCorpus(dir, { seed = 20240611, apps = 12, targetBytes = 2_800_000 } = {}) {
  const rng = makeRng(seed);
  const sm = secretMaker(rng);
  const builders = [];
  const perApp = Math.floor(300 / apps); // 25 files per app
  // code files carry most of the bytes: ~17 of the 25 files per app
  const meanCode = Math.round((targetBytes * 0.93) / (apps * 17));
  for (let a = 0; a < apps; a++) {
    const app = APPS[a % APPS.length] + (a >= APPS.length ? `-${a}` : '');
    const p = (rel) => `${app}/${rel}`;
    const sec = () => rng.chance(0.16);
    const files = [];
    for (let i = 0; i < 6; i++) files.push(codeFile(rng, sm, p(`src/${camel(rng.pick(VERBS), rng.pick(NOUNS))}${i}.ts`), 'ts', sizeAround(rng, meanCode), sec()));
    for (let i = 0; i < 6; i++) files.push(codeFile(rng, sm, p(`src/${rng.pick(NOUNS)}-${rng.pick(['routes', 'jobs', 'util'])}${i}.js`), 'js', sizeAround(rng, meanCode), sec()));
    for (let i = 0; i < 5; i++) files.push(codeFile(rng, sm, p(`worker/${snake(rng.pick(VERBS), rng.pick(NOUNS))}_${i}.py`), 'py', sizeAround(rng, meanCode), sec()));
    files.push(yamlConfig(rng, sm, p('config/settings.yaml'), sizeAround(rng, 3000), sec()));
    files.push(jsonConfig(rng, sm, p('config/features.json'), sizeAround(rng, 6000), sec()));
    files.push(packageJson(rng, p('package.json'), app));
    files.push(workflow(rng, p('.github/workflows/ci.yml')));
    files.push(envFile(rng, sm, p(a % 3 === 0 ? '.env' : '.env.local'), rng.chance(0.5)));
    files.push(k8sDeployment(rng, sm, p('k8s/deployment.yaml'), app, rng.chance(0.35)));
    files.push(k8sService(rng, p('k8s/service.yaml'), app));
    files.push(k8sSecretOrConfigMap(rng, sm, p('k8s/secret.yaml'), app, rng.chance(0.3)));
    if (files.length !== perApp) throw new Error(`bench bug: ${files.length} files per app`);
    builders.push(...files);
  }
  return writeAll(dir, builders);
}

function writeAll(dir, builders) {
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  const planted = [];
  const decoys = [];
  for (const b of builders) {
    const abs = path.join(dir, b.rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const text = b.text();
    fs.writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
    planted.push(...b.planted);
    decoys.push(...b.decoys);
  }
  return { files: builders.length, bytes, planted, decoys };
}

/** One big JS-like file (~`targetBytes`), a few secrets spread through it. */
export function generateLargeJs(dir, { seed = 7, targetBytes = 1_400_000, secrets = 12 } = {}) {
  const rng = makeRng(seed);
  const sm = secretMaker(rng);
  const b = new FileBuilder('large.js');
  b.add('// large.js: a generated, concatenated server bundle (not minified)', `'use strict';`, '');
  let next = 1;
  while (b.size < targetBytes) {
    if (next <= secrets && b.size > (targetBytes * next) / (secrets + 1)) {
      plantCode(rng, b, sm, 'js');
      next++;
    } else if (rng.chance(0.01)) decoyCode(rng, b, 'js');
    else jsBlock(rng, b, false);
  }
  return writeAll(dir, [b]);
}

/** A minified-style bundle: one line of `lineLength` characters with secrets inside. */
export function generateMinified(dir, { seed = 11, lineLength = 200_000 } = {}) {
  const rng = makeRng(seed);
  const sm = secretMaker(rng);
  const b = new FileBuilder('bundle.min.js');
  b.add('/*! bundle.min.js | generated for the bench | license: MIT */');
  const secrets = [
    ['github', () => sm.github(), (v) => `const GH={token:"${v}"};`],
    ['slack', () => sm.slack(), (v) => `var sl=new S({botToken:"${v}"});`],
    ['aws', () => sm.aws(), (v) => `aws.config.update({accessKeyId:"${v}",`],
    ['aws-secret', () => sm.awsSecret(), (v) => `secretAccessKey:"${v}"});`],
    ['stripe', () => sm.stripe(), (v) => `let st=Stripe("${v}");`],
    ['password', () => sm.password().replace(/['"`\\]/g, ''), (v) => `db.connect({password:"${v}"});`],
  ];
  const marks = secrets.map((_, i) => Math.floor((lineLength * (i + 1)) / (secrets.length + 1)));
  let line = '!function(e,t){"use strict";';
  const planted = [];
  let si = 0;
  const ids = () => rng.chars(LOWER, 1) + rng.chars(ALNUM, rng.int(0, 2));
  while (line.length < lineLength - 40) {
    if (si < secrets.length && line.length >= marks[si]) {
      const [kind, gen, wrap] = secrets[si++];
      const v = gen();
      const snippet = wrap(v);
      const start = line.length + snippet.indexOf(v);
      planted.push({ kind, start, end: start + v.length });
      line += snippet;
      continue;
    }
    const a = ids();
    const c = ids();
    switch (rng.int(0, 4)) {
      case 0: line += `function ${a}(${c},n){return ${c}&&${c}.${rng.pick(NOUNS)}?n(${c}):void 0}`; break;
      case 1: line += `var ${a}=${rng.int(0, 99999)},${c}="${rng.pick(NOUNS)}-${rng.chars(LOWER, 4)}";`; break;
      case 2: line += `${a}.prototype.${rng.pick(VERBS)}=function(){return this.${c}.map(function(x){return x.id})};`; break;
      case 3: line += `if(${a}===${c})throw new Error("${rng.pick(VERBS)} ${rng.pick(NOUNS)} failed");`; break;
      default: line += `e.exports={${rng.pick(NOUNS)}:${a},${rng.pick(VERBS)}:${c}};`;
    }
  }
  line += '}(this,{});';
  line = line.padEnd(lineLength, ' ').slice(0, lineLength);
  if (line.length !== lineLength) throw new Error('bench bug: minified line length');
  for (const p of planted) b.planted.push({ file: b.rel, line: 1, start: p.start, end: p.end, kind: p.kind });
  b.add(line);
  b.add('//# sourceMappingURL=bundle.min.js.map');
  return writeAll(dir, [b]);
}

/** A TypeScript source of exactly `lines` lines for the language-server bench. */
export function generateLspFile(file, { seed = 3, lines = 200 } = {}) {
  const rng = makeRng(seed);
  const b = new FileBuilder(path.basename(file));
  b.add(`// ${path.basename(file)}: language-server bench document`, `import { db, logger, metrics } from '../lib';`, '');
  while (b.lines.length < lines) jsBlock(rng, b, true);
  b.lines.length = lines; // exact line count (the last block may be cut)
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, b.text());
  return { lines, bytes: Buffer.byteLength(b.text()), text: b.text() };
}

/**
 * Rendered Kubernetes manifests (multi-document YAML, Helm-output style) of
 * about `lines` lines. Returns the line after the middle document's `env:`,
 * where a well-indented env entry can be inserted, and its indentation.
 */
export function generateLspYaml(file, { seed = 9, lines = 20_000 } = {}) {
  const rng = makeRng(seed);
  const docs = [];
  let count = 0;
  while (count < lines) {
    const app = `${rng.pick(APPS)}-${docs.length}`;
    const d = [
      '---',
      `# Source: ${app}/templates/deployment.yaml`,
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${app}`,
      `  labels: { app: ${app}, chart: ${app}-${rng.int(0, 3)}.${rng.int(0, 9)}.${rng.int(0, 9)} }`,
      'spec:',
      `  replicas: ${rng.int(1, 5)}`,
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: ${app}`,
      `          image: registry.corp.invalid/${app}:${rng.int(1, 9)}.${rng.int(0, 30)}`,
      '          env:',
      '            - name: LOG_LEVEL',
      `              value: ${rng.pick(['info', 'debug', 'warn'])}`,
      `            - name: ${snake(rng.pick(NOUNS), 'url').toUpperCase()}`,
      `              value: https://${rng.pick(NOUNS)}.internal.svc:${rng.int(3000, 9000)}`,
      '            - name: DB_PASSWORD',
      '              valueFrom: { secretKeyRef: { name: db, key: password } }',
      `          resources: { limits: { cpu: ${rng.int(100, 2000)}m, memory: ${rng.int(64, 2048)}Mi } }`,
    ];
    docs.push(d);
    count += d.length;
  }
  const all = docs.flat().slice(0, lines);
  // the middle document's env list
  let insertAt = -1;
  for (let i = Math.floor(all.length / 2); i < all.length; i++) {
    if (all[i] === '          env:') {
      insertAt = i + 1;
      break;
    }
  }
  const text = all.join('\n') + '\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { lines: all.length, bytes: Buffer.byteLength(text), insertAt, indent: '            ' };
}
