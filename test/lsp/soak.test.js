'use strict';
// Protocol soak test: a seeded random session of thousands of LSP operations
// against the real server (dist/server.js over stdio). At quiet checkpoints,
// what the server reports for every open document must equal a fresh
// analysis of that document's current text by the engine, with the same
// settings and a workspace model built the way a fresh server builds it.
//
// Reproduce a failure with the seed it prints: SOAK_SEED=<n> [SOAK_OPS=<n>] npx mocha test/lsp/soak.test.js
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const rpc = require('vscode-jsonrpc/node');
const { TestClient } = require('./client');
const { tmpWorkspace } = require('../helpers');
const engine = require('../../dist/engine.js');

const SEED = Number(process.env.SOAK_SEED || 424242);
const PULL_OPS = Number(process.env.SOAK_OPS || 2000);
const PUSH_OPS = Number(process.env.SOAK_PUSH_OPS || 600);
const CHECK_EVERY = 100;
const KEEP_GOING = !!process.env.SOAK_KEEP_GOING; // collect every problem instead of stopping at the first
const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 };
const CANCELLED = [-32800, -32802]; // RequestCancelled, ServerCancelled (document changed: retrigger)

const uriOf = (p) => pathToFileURL(p).href;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const r = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (arr) => arr[int(arr.length)],
    str: (n, alphabet) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join(''),
    /** Picks a key of { key: weight }. */
    weighted(table) {
      const total = Object.values(table).reduce((a, b) => a + b, 0);
      let x = next() * total;
      for (const [k, w] of Object.entries(table)) if ((x -= w) < 0) return k;
      return Object.keys(table)[0];
    },
  };
  return r;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';
// Credentials are assembled from parts at run time: the file itself holds none.
function secrets(r) {
  return {
    slack: () => ['xo', 'xb-'].join('') + r.str(13, DIGITS) + '-' + r.str(13, DIGITS) + '-' + r.str(24, ALNUM),
    github: () => ['gh', 'p_'].join('') + r.str(36, ALNUM),
    awsKeyId: () => ['AK', 'IA'].join('') + r.str(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
    stripe: () => ['sk', '_live_'].join('') + r.str(24, ALNUM),
    generic: () => r.str(32, ALNUM),
    password: () => r.str(6, ALNUM) + '#' + r.str(6, ALNUM) + '!',
  };
}

function fixtureFiles(r) {
  const s = secrets(r);
  return {
    '.gitignore': 'node_modules/\nbuild/\n',
    'README.md': '# slack bot\n\nRun with `npm start`.\n',
    'src/app.js': [
      "const { App } = require('@slack/bolt');",
      `const slackToken = "${s.slack()}";`,
      'const app = new App({ token: slackToken, signingSecret: process.env.SLACK_SIGNING_SECRET });',
      "app.message('hello', async ({ say }) => { await say('hi'); });",
      'module.exports = app;',
      '',
    ].join('\n'),
    'src/db.js': [
      `const apiToken = "${s.generic()}";`,
      'const requestId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";',
      `const dbUrl = "postgres://app:${s.password()}@db.internal:5432/app";`,
      'module.exports = { apiToken, requestId, dbUrl };',
      '',
    ].join('\n'),
    'src/util.py': `import os\nSLACK = "${s.slack()}"\nTOKEN = os.environ["TOKEN"]\n`,
    '.env': `SLACK_BOT_TOKEN=${s.slack()}\nPORT=3000\nAPI_KEY=${s.generic()}\n`,
    'config/app.json': JSON.stringify({ name: 'bot', port: 3000, apiKey: s.generic(), db: { host: 'db', password: s.password() } }, null, 2) + '\n',
    'k8s/deploy.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: slack-bot',
      'spec:',
      '  replicas: 1',
      '  selector:',
      '    matchLabels: { app: slack-bot }',
      '  template:',
      '    metadata:',
      '      labels: { app: slack-bot }',
      '    spec:',
      '      serviceAccountName: app',
      '      containers:',
      '        - name: bot',
      '          image: ghcr.io/acme/slack-bot:1.0.0',
      '          env:',
      '            - name: SLACK_BOT_TOKEN',
      `              value: "${s.slack()}"`,
      '            - name: API_TOKEN',
      `              value: "${s.generic()}"`,
      '            - name: LOG_LEVEL',
      '              value: info',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: slack-bot',
      'type: Opaque',
      'stringData:',
      `  password: ${s.password()}`,
      '',
    ].join('\n'),
    'k8s/role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app-admin\n  namespace: default\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n',
    'k8s/binding.yaml':
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-admin-binding\n  namespace: default\nsubjects:\n  - kind: ServiceAccount\n    name: app\n    namespace: default\nroleRef:\n  kind: Role\n  name: app-admin\n  apiGroup: rbac.authorization.k8s.io\n',
  };
}

const LANG = { '.js': 'javascript', '.py': 'python', '.yaml': 'yaml', '.json': 'json', '.md': 'markdown', '.env': 'dotenv' };
const languageOf = (p) => LANG[path.basename(p) === '.env' ? '.env' : path.extname(p)] ?? 'plaintext';

/** Snippets an editor session produces: code, secrets, half-typed YAML, pasted garbage. */
function snippets(r) {
  const s = secrets(r);
  return {
    secret: () =>
      r.pick([
        () => `const apiToken = "${s.generic()}";\n`,
        () => `const slack = "${s.slack()}";\n`,
        () => `octokit.auth("${s.github()}");\n`,
        () => `AWS_ACCESS_KEY_ID=${s.awsKeyId()}\n`,
        () => `STRIPE_KEY=${s.stripe()}\n`,
        () => `API_KEY=${s.generic()}\n`,
        () => `            - name: DB_PASSWORD\n              value: "${s.password()}"\n`,
        () => `  token: ${s.generic()}\n`,
        () => `"apiKey": "${s.generic()}",\n`,
        () => `password = "${s.password()}"\n`,
        () => `mongodb://admin:${s.password()}@mongo:27017/db`,
        () => s.slack(),
      ])(),
    code: () =>
      r.pick([
        'const port = process.env.PORT || 3000;\n',
        'console.log("ready");\n',
        '// secretlint-disable-next-line\n',
        '# microapp-guard-disable-line\n',
        'function f(a, b) { return a + b; }\n',
        'import os\n',
        'const token = process.env.SLACK_BOT_TOKEN;\n',
        'LOG_LEVEL=debug\n',
        '  - name: LOG_LEVEL\n    value: info\n',
        '{ "enabled": true }\n',
      ]),
    yaml: () =>
      r.pick([
        'kind: Sec',
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  key: ',
        '            - name: API_TOK',
        '              value: "',
        '          env:\n            - name: PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: ',
        '---\n',
        'stringData:\n  ',
        '  - apiGroups: ["*"]\n    resources: [',
        ': : -\n',
        '    - { name: A, value: ',
        '\t- tab-indented: yes\n',
        '&anchor\n*alias\n',
      ]),
    garbage: () => {
      const alphabet = ALNUM + ' \t\n"\'`{}[]()<>:;,.=-_/\\$#!@%^&*?|~' + 'éü€' + '\u{1F600}\u{1F512}';
      let out = r.str(1 + r.int(40), alphabet);
      if (r.chance(0.05)) out += '\u0000';
      return out;
    },
  };
}

function offsetToPos(text, offset) {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i + 1;
  }
  return { line, character: offset - last };
}

function posToOffset(text, pos) {
  let o = 0;
  for (let i = 0; i < pos.line; i++) {
    const n = text.indexOf('\n', o);
    if (n === -1) return -1;
    o = n + 1;
  }
  const end = text.indexOf('\n', o);
  const lineLen = (end === -1 ? text.length : end) - o;
  return pos.character <= lineLen ? o + pos.character : -1;
}

const rangeOf = (text, s, e) => ({ start: offsetToPos(text, s), end: offsetToPos(text, e) });
const keyOf = (ruleId, range, severity) => `${ruleId}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}#${severity}`;
const diagKeys = (items) => items.map((d) => keyOf(d.code, d.range, d.severity)).sort();
const findingKeys = (findings) => findings.map((f) => keyOf(f.ruleId, f.range, SEVERITY[f.severity])).sort();

/** The engine's view of the workspace as a fresh server would build it: files on disk, open buffers over them. */
async function freshWorkspace(root, rawSettings, openTexts) {
  const settings = engine.normalizeSettings(rawSettings ?? {}, engine.SETTINGS);
  const index = new engine.WorkspaceIndex(root, { trusted: true });
  index.setIgnore(settings.ignore);
  const { options: familyOptions } = await index.prepare();
  const model = new engine.WorkspaceModel(root);
  const byPath = new Map([...openTexts].map(([uri, t]) => [fileURLToPath(uri), t]));
  for (const p of index.walk()) {
    if (byPath.has(p)) continue;
    const { text } = index.readForScan(p);
    if (text !== undefined) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  }
  for (const [p, t] of byPath) {
    if (!index.isScanIgnored(p)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text: t.text, languageId: t.languageId })));
  }
  const expected = async (p, text, languageId) => {
    if (!settings.enable) return [];
    const r = await engine.analyze({ path: p, text, languageId }, { settings, workspace: index, model, familyOptions });
    return r.findings;
  };
  return { settings, index, model, expected };
}

/** Settings a user toggles during the session: rules off and on, severity overrides, ignore globs. */
const CONFIGS = [
  {},
  { rules: { 'secret/generic-credential': 'off' } },
  { rules: { 'secretlint/slack': 'hint', 'secret/*': 'info' } },
  { rules: { 'secret/k8s-env-literal': { enabled: false }, 'secret/dotenv-committed': 'warning' } },
  { rules: { 'secret/generic-credential': { severity: 'error' } }, genericEntropyThreshold: 4.5 },
  { ignore: ['config/**'] },
  { rules: { 'secretlint/*': 'off' } },
  { enable: false },
  { maxLineLength: 100 },
];

class Soak {
  constructor({ client, root, r, mode, seed }) {
    this.seed = seed;
    this.t0 = Date.now();
    this.client = client;
    this.root = root;
    this.r = r;
    this.mode = mode;
    this.snip = snippets(r);
    this.pending = [];
    this.problems = [];
    this.log = []; // recent operations, for failure messages
    this.opCount = 0;
    this.counts = {};
    this.languages = new Map(); // uri -> languageId
    this.history = new Map(); // uri -> Map(version -> text), for checking edits of code actions
    this.reports = new Map(); // uri -> Map(resultId -> items)
    this.lastItems = new Map(); // uri -> last full items
    this.everOpened = new Set();
    this.config = {};
    this.checkpoints = 0;
    this.requests = 0;
    this.cancelled = 0;
    this.publishLog = [];
    if (mode === 'push') {
      client.publishWaiters.push((p) => {
        this.publishLog.push(`+${Date.now() - this.t0}ms ${path.basename(p.uri)} v${p.version} [${p.diagnostics.map((d) => d.code).join(',')}]`);
        if (this.publishLog.length > 200) this.publishLog.shift();
        return false;
      });
    }
  }

  get open() {
    return [...this.languages.keys()];
  }

  note(msg) {
    this.log.push(`#${this.opCount} +${Date.now() - this.t0}ms ${msg}`);
    if (this.log.length > 40) this.log.shift();
  }

  fail(msg) {
    this.problems.push(`${msg}\n  seed ${this.seed}, ${this.mode} mode, after op #${this.opCount}; recent ops:\n    ${this.log.slice(-25).join('\n    ')}`);
  }

  /** Tracks a request: it must answer, or be cancelled with an LSP cancellation error. */
  track(desc, promise, validate, { cancellable = false } = {}) {
    this.requests++;
    const p = promise.then(
      (res) => {
        try {
          validate?.(res);
        } catch (e) {
          this.fail(`${desc}: bad answer: ${e.message}`);
        }
      },
      (e) => {
        if (CANCELLED.includes(e?.code) && (cancellable || e.code === -32802)) {
          this.cancelled++;
          return;
        }
        this.fail(`${desc}: failed with ${e?.code} ${e?.message}`);
      },
    );
    this.pending.push(p);
    return p;
  }

  async settle() {
    while (this.pending.length) {
      const all = this.pending;
      this.pending = [];
      await Promise.all(all);
    }
  }

  openDoc(uri, text) {
    const lang = languageOf(fileURLToPath(uri));
    this.languages.set(uri, lang);
    this.history.set(uri, new Map([[1, text]]));
    this.reports.set(uri, new Map());
    this.lastItems.delete(uri);
    this.everOpened.add(uri);
    this.note(`open ${path.basename(uri)} (${text.length} chars)`);
    return this.client.open(uri, text, lang);
  }

  closeDoc(uri) {
    this.languages.delete(uri);
    this.note(`close ${path.basename(uri)}`);
    return this.client.close(uri);
  }

  recordVersion(uri) {
    const h = this.history.get(uri);
    h.set(this.client.versions.get(uri), this.client.texts.get(uri));
    if (h.size > 60) h.delete(h.keys().next().value);
  }

  /** A random incremental edit of an open document. */
  async edit(uri) {
    const { r, snip } = this;
    const text = this.client.texts.get(uri);
    const big = text.length > 12000;
    const kind = r.weighted({ insert: big ? 1 : 6, secret: big ? 1 : 5, yaml: big ? 0 : 3, garbage: big ? 0 : 3, del: big ? 12 : 5, newline: 3, removeLine: big ? 6 : 3, multi: 2 });
    const at = r.int(text.length + 1);
    let changes;
    switch (kind) {
      case 'insert':
        changes = [{ range: rangeOf(text, at, at), text: snip.code() }];
        break;
      case 'secret': {
        // At a line start (most of the time), so the secret lands in a well-formed line.
        const ls = text.lastIndexOf('\n', at - 1) + 1;
        const o = r.chance(0.8) ? ls : at;
        changes = [{ range: rangeOf(text, o, o), text: snip.secret() }];
        break;
      }
      case 'yaml':
        changes = [{ range: rangeOf(text, at, at), text: snip.yaml() }];
        break;
      case 'garbage':
        changes = [{ range: rangeOf(text, at, Math.min(text.length, at + r.int(4))), text: snip.garbage() }];
        break;
      case 'del': {
        const end = Math.min(text.length, at + 1 + r.int(big ? 2000 : 30));
        changes = [{ range: rangeOf(text, at, end), text: '' }];
        break;
      }
      case 'newline':
        changes = [{ range: rangeOf(text, at, at), text: '\n' }];
        break;
      case 'removeLine': {
        const ls = text.lastIndexOf('\n', at - 1) + 1;
        const nl = text.indexOf('\n', at);
        changes = [{ range: rangeOf(text, ls, nl === -1 ? text.length : nl + 1), text: '' }];
        break;
      }
      case 'multi': {
        // Two changes in one didChange, the second relative to the text after the first (as LSP specifies).
        const t1 = snip.code();
        const after = text.slice(0, at) + t1 + text.slice(at);
        const at2 = r.int(after.length + 1);
        const e2 = Math.min(after.length, at2 + r.int(5));
        changes = [
          { range: rangeOf(text, at, at), text: t1 },
          { range: rangeOf(after, at2, e2), text: r.chance(0.5) ? snip.secret() : '' },
        ];
        break;
      }
    }
    this.note(`edit ${path.basename(uri)} ${kind} ${JSON.stringify(changes.map((c) => [c.range.start, c.range.end, c.text.length]))}`);
    await this.client.changeMany(uri, changes);
    this.recordVersion(uri);
  }

  validatePull(uri, previousResultId) {
    return (res) => {
      assert.ok(res && (res.kind === 'full' || res.kind === 'unchanged'), JSON.stringify(res));
      if (res.kind === 'unchanged') {
        assert.strictEqual(res.resultId, previousResultId, 'unchanged names the result id it was asked about');
        return;
      }
      assert.ok(Array.isArray(res.items));
      for (const d of res.items) {
        assert.strictEqual(d.source, 'microapp-guard');
        assert.ok(typeof d.code === 'string' && d.range && d.severity >= 1 && d.severity <= 4, JSON.stringify(d));
      }
      if (res.resultId && this.reports.has(uri)) this.reports.get(uri).set(res.resultId, res.items);
      if (this.languages.has(uri)) this.lastItems.set(uri, res.items);
    };
  }

  /** The diagnostics the client last received for a document (pulled or pushed). */
  knownItems(uri) {
    if (this.mode === 'pull') return this.lastItems.get(uri) ?? [];
    for (let i = this.client.published.length - 1; i >= 0; i--) if (this.client.published[i].uri === uri) return this.client.published[i].diagnostics;
    return [];
  }

  lastResultId(uri) {
    const m = this.reports.get(uri);
    return m && m.size ? [...m.keys()].pop() : undefined;
  }

  pull(uri, { cancel = false } = {}) {
    const prev = this.r.chance(0.5) ? this.lastResultId(uri) : undefined;
    const source = cancel ? new rpc.CancellationTokenSource() : undefined;
    const p = this.client.pullDiagnostics(uri, prev, source?.token);
    if (source) {
      const how = this.r.int(3);
      if (how === 0) source.cancel();
      else if (how === 1) setImmediate(() => source.cancel());
      else setTimeout(() => source.cancel(), this.r.int(5));
    }
    this.note(`pull ${path.basename(uri)}${cancel ? ' (cancelled)' : ''}`);
    return this.track(`pull ${path.basename(uri)}`, p, this.validatePull(uri, prev), { cancellable: cancel });
  }

  /** Code actions: every edit of the document itself must fit the version it names. */
  codeActions(uri, { cancel = false } = {}) {
    const { r } = this;
    const text = this.client.texts.get(uri);
    const a = r.int(text.length + 1);
    const b = Math.min(text.length, a + r.int(20));
    const known = this.knownItems(uri);
    const diagnostics = known.length && r.chance(0.8) ? known.filter(() => r.chance(0.7)) : [];
    const only = r.chance(0.2) ? ['source.fixAll.microapp-guard'] : undefined;
    const source = cancel ? new rpc.CancellationTokenSource() : undefined;
    const p = source
      ? this.client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: rangeOf(text, a, b), context: { diagnostics, only } }, source.token)
      : this.client.codeActions(uri, rangeOf(text, a, b), diagnostics, only);
    if (source) setTimeout(() => source.cancel(), r.int(3));
    this.note(`codeAction ${path.basename(uri)} v${this.client.versions.get(uri)} ${diagnostics.length} diag(s)${only ? ' fixAll' : ''}${cancel ? ' (cancelled)' : ''}`);
    return this.track(`codeAction ${path.basename(uri)} (op #${this.opCount}, sent at v${this.client.versions.get(uri)} with diagnostics of v${diagnostics.map((d) => d.data?.version).join(',')})`, p, (actions) => this.validateActions(uri, actions), { cancellable: cancel });
  }

  validateActions(uri, actions) {
    assert.ok(Array.isArray(actions), JSON.stringify(actions));
    for (const a of actions) {
      assert.ok(typeof a.title === 'string' && a.edit, JSON.stringify(a));
      for (const c of a.edit.documentChanges ?? []) {
        if (!c.textDocument || c.textDocument.uri !== uri) continue;
        const text = this.history.get(uri)?.get(c.textDocument.version);
        if (text === undefined) continue; // reopened since, or an old version out of the window
        for (const e of c.edits) {
          assert.ok(posToOffset(text, e.range.start) >= 0 && posToOffset(text, e.range.end) >= 0, `"${a.title}": edit ${JSON.stringify(e.range)} lies outside version ${c.textDocument.version} of ${path.basename(uri)}`);
        }
      }
    }
  }

  /** Applies the preferred quick fix to the document, as a user accepting it. */
  async applyFix(uri) {
    const items = this.knownItems(uri);
    if (!items.length) return;
    const d = this.r.pick(items);
    let actions;
    try {
      actions = await this.client.codeActions(uri, d.range, [d]);
    } catch (e) {
      if (!CANCELLED.includes(e.code)) this.fail(`codeAction for a fix failed with ${e.code} ${e.message}`);
      return;
    }
    try {
      this.validateActions(uri, actions);
    } catch (e) {
      this.fail(`codeAction for a fix: ${e.message}`);
      return;
    }
    const fix = actions.find((a) => a.isPreferred) ?? actions[0];
    const own = fix?.edit?.documentChanges?.find((c) => c.textDocument?.uri === uri);
    if (!own || own.textDocument.version !== this.client.versions.get(uri) || !this.languages.has(uri)) return;
    const edits = [...own.edits].sort((x, y) => y.range.start.line - x.range.start.line || y.range.start.character - x.range.start.character);
    this.note(`apply "${fix.title}" to ${path.basename(uri)} (${edits.length} edit(s))`);
    await this.client.changeMany(uri, edits.map((e) => ({ range: e.range, text: e.newText })));
    this.recordVersion(uri);
  }

  async changeConfig() {
    this.config = this.r.pick(CONFIGS);
    if (this.mode === 'push') this.config = { debounceMs: this.r.chance(0.8) ? 20 : 150, ...this.config };
    this.note(`config ${JSON.stringify(this.config)}`);
    if (this.mode === 'pull') {
      this.client.settings['*'] = this.config;
      await this.client.configurationChanged(null);
    } else {
      await this.client.configurationChanged({ microappGuard: this.config });
    }
  }

  /** Writes a file that is not open (or a new one), then tells the server as a file watcher would. */
  async writeDisk(extraFiles) {
    const { r } = this;
    const kind = r.weighted({ modify: 6, create: 2, delete: 1, gitignore: 1, ignoredDir: 1 });
    const closed = extraFiles.filter((p) => !this.languages.has(uriOf(p)) && fs.existsSync(p));
    let p;
    let type = 2;
    if (kind === 'gitignore') {
      p = path.join(this.root, '.gitignore');
      const cur = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : 'node_modules/\n';
      fs.writeFileSync(p, cur.includes('.env\n') ? cur.replace('.env\n', '') : cur + '.env\n');
    } else if (kind === 'delete' && closed.length) {
      p = r.pick(closed);
      fs.unlinkSync(p);
      type = 3;
    } else if (kind === 'create' || kind === 'ignoredDir' || !closed.length) {
      const dir = kind === 'ignoredDir' ? 'build' : r.pick(['src', 'k8s', 'config']);
      const ext = { src: '.js', k8s: '.yaml', config: '.json', build: '.js' }[dir];
      p = path.join(this.root, dir, `gen${r.int(6)}${ext}`);
      type = fs.existsSync(p) ? 2 : 1;
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, this.snip.secret() + this.snip.code() + (ext === '.yaml' ? this.snip.yaml() : ''));
      if (!extraFiles.includes(p)) extraFiles.push(p);
    } else {
      p = r.pick(closed);
      const cur = fs.readFileSync(p, 'utf8');
      const at = r.int(cur.length + 1);
      fs.writeFileSync(p, cur.slice(0, at) + (r.chance(0.5) ? this.snip.secret() : '') + cur.slice(Math.min(cur.length, at + r.int(20))));
    }
    this.note(`disk ${kind} ${path.relative(this.root, p)} (event ${type})`);
    await this.client.watchedFilesChanged([{ uri: uriOf(p), type }]);
  }

  workspaceDiagnostics() {
    const source = new rpc.CancellationTokenSource();
    const p = this.client.workspaceDiagnostics([], source.token);
    setTimeout(() => source.cancel(), this.r.int(40));
    this.note('workspace/diagnostic (cancelled)');
    return this.track('workspace/diagnostic', p, (res) => assert.ok(Array.isArray(res.items), JSON.stringify(res)), { cancellable: true });
  }

  /** One random operation. */
  async step(files) {
    const { r } = this;
    this.opCount++;
    const open = this.open;
    const closed = files.filter((p) => !this.languages.has(uriOf(p)) && fs.existsSync(p) && path.basename(p) !== '.gitignore');
    const table =
      this.mode === 'pull'
        ? { edit: 40, pull: 12, pullCancel: 10, codeAction: 7, codeActionCancel: 2, applyFix: 2, open: 5, close: 4, config: 3, disk: 6, workspace: 2, pause: 3 }
        : { edit: 45, codeAction: 8, applyFix: 2, open: 6, close: 5, config: 4, disk: 7, pause: 8 };
    let op = r.weighted(table);
    if (op === 'open' && !closed.length) op = 'edit';
    if (op === 'close' && open.length <= 1) op = 'edit';
    if (!open.length) op = 'open';
    this.counts[op] = (this.counts[op] ?? 0) + 1;
    const uri = open.length ? r.pick(open) : undefined;
    switch (op) {
      case 'edit':
        return this.edit(uri);
      case 'pull':
        return void this.pull(uri);
      case 'pullCancel':
        return void this.pull(uri, { cancel: true });
      case 'codeAction':
        return void this.codeActions(uri);
      case 'codeActionCancel':
        return void this.codeActions(uri, { cancel: true });
      case 'applyFix':
        return this.applyFix(uri);
      case 'open': {
        const p = r.pick(closed);
        let text = fs.readFileSync(p, 'utf8');
        // Sometimes the editor's buffer differs from the file on disk from the start (unsaved, restored).
        if (r.chance(0.2)) text = this.snip.secret() + text;
        return this.openDoc(uriOf(p), text);
      }
      case 'close':
        return this.closeDoc(uri);
      case 'config':
        return this.changeConfig();
      case 'disk':
        return this.writeDisk(files);
      case 'workspace':
        return void this.workspaceDiagnostics();
      case 'pause':
        this.note('pause');
        return sleep(r.int(8));
    }
  }

  serverAlive() {
    if (this.client.proc.exitCode !== null || this.client.proc.signalCode) this.fail(`the server exited (${this.client.proc.exitCode ?? this.client.proc.signalCode})`);
    if (this.client.stderr) this.fail(`the server wrote to stderr: ${this.client.stderr.slice(0, 500)}`);
    const failed = this.client.logs.filter((l) => /failed|could not|error/i.test(l));
    if (failed.length) this.fail(`the server logged failures: ${failed.slice(0, 5).join(' | ')}`);
    this.client.logs.length = 0;
  }

  /** Pull mode: pull every open document until no refresh comes, then compare with a fresh analysis. */
  async checkpointPull() {
    await this.settle();
    this.checkpoints++;
    const uris = this.open;
    let final = new Map();
    for (let round = 0; round < 4; round++) {
      const refreshes = this.client.refreshCount;
      final = new Map();
      for (const uri of uris) {
        const prev = this.lastResultId(uri);
        let res;
        try {
          res = await this.client.pullDiagnostics(uri, prev);
          this.validatePull(uri, prev)(res);
        } catch (e) {
          this.fail(`checkpoint pull of ${path.basename(uri)}: ${e.code ?? ''} ${e.message}`);
          continue;
        }
        const items = res.kind === 'full' ? res.items : this.reports.get(uri).get(res.resultId);
        if (!items) this.fail(`checkpoint pull of ${path.basename(uri)}: "unchanged" for result id ${res.resultId} that was never reported`);
        final.set(uri, items ?? []);
      }
      await sleep(30);
      if (this.client.refreshCount === refreshes) break;
    }
    const fresh = await freshWorkspace(this.root, this.config, this.openTexts());
    for (const uri of uris) {
      const want = findingKeys(await fresh.expected(fileURLToPath(uri), this.client.texts.get(uri), this.languages.get(uri)));
      const got = diagKeys(final.get(uri) ?? []);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        this.fail(`${path.basename(uri)} v${this.client.versions.get(uri)} (${JSON.stringify(this.config)}): server reports\n    ${got.join('\n    ') || '(none)'}\n  a fresh analysis gives\n    ${want.join('\n    ') || '(none)'}`);
      }
    }
    if (this.checkpoints % 5 === 0) await this.checkWorkspaceReport(fresh);
    if (this.checkpoints % 3 === 0) await this.checkQuickFixes(fresh);
    this.serverAlive();
  }

  openTexts() {
    return new Map(this.open.map((u) => [u, { text: this.client.texts.get(u), languageId: this.languages.get(u) }]));
  }

  /** Workspace diagnostics of files that are not open equal a fresh analysis of them on disk. */
  async checkWorkspaceReport(fresh) {
    await this.client.configurationChanged(null); // same settings: every file is reported again
    const source = new rpc.CancellationTokenSource();
    const timer = setTimeout(() => source.cancel(), 15000);
    let res;
    try {
      res = await this.client.workspaceDiagnostics([], source.token);
    } catch (e) {
      this.fail(`workspace/diagnostic at a checkpoint: ${e.code} ${e.message}`);
      return;
    } finally {
      clearTimeout(timer);
    }
    for (const item of res.items) {
      const p = fileURLToPath(item.uri);
      if (this.languages.has(item.uri)) {
        this.fail(`workspace/diagnostic reported ${path.basename(p)}, which is open`);
        continue;
      }
      if (item.kind !== 'full') continue;
      const { text } = fs.existsSync(p) ? fresh.index.readForScan(p) : {};
      const want = text === undefined || fresh.index.isScanIgnored(p) || fresh.index.isGitIgnored(p) ? [] : findingKeys(await fresh.expected(p, text));
      const got = diagKeys(item.items);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        this.fail(`workspace/diagnostic ${path.relative(this.root, p)}: server reports [${got.join(', ')}], a fresh analysis gives [${want.join(', ')}]`);
      }
    }
  }

  /** At rest, the quick fixes offered for each diagnostic are the engine's fixes for that finding. */
  async checkQuickFixes(fresh) {
    for (const uri of this.open) {
      const items = this.lastItems.get(uri) ?? [];
      const p = fileURLToPath(uri);
      const text = this.client.texts.get(uri);
      const findings = await fresh.expected(p, text, this.languages.get(uri));
      const view = Object.create(fresh.index);
      const buffers = new Map(this.open.map((u) => [fileURLToPath(u), this.client.texts.get(u)]));
      view.readFile = (f) => (buffers.has(f) ? buffers.get(f) : fresh.index.readFile(f));
      for (const d of items.slice(0, 3)) {
        const f = findings.find((x) => x.ruleId === d.code && x.range.start.line === d.range.start.line && x.range.start.character === d.range.start.character);
        if (!f) continue;
        const want = engine
          .fixesForFinding({ path: p, text, languageId: this.languages.get(uri) }, f, { workspace: view, settings: fresh.settings.values, facts: fresh.model.view(p, new Set()), memo: new Map() })
          .map((x) => `${x.title} :: ${JSON.stringify(x.changes.find((c) => c.path === p)?.edits ?? [])}`);
        let actions;
        try {
          actions = await this.client.codeActions(uri, d.range, [d]);
        } catch (e) {
          this.fail(`checkpoint codeAction: ${e.code} ${e.message}`);
          continue;
        }
        const got = actions.map((a) => `${a.title} :: ${JSON.stringify(a.edit.documentChanges.find((c) => c.textDocument?.uri === uri)?.edits ?? [])}`);
        if (JSON.stringify(got) !== JSON.stringify(want)) this.fail(`quick fixes for ${d.code} in ${path.basename(uri)}: server offers\n    ${got.join('\n    ')}\n  the engine gives\n    ${want.join('\n    ')}`);
      }
    }
  }

  /** Push mode: after a quiet period, the last publish per open document is for its latest version and equals a fresh analysis. */
  async checkpointPush() {
    await this.settle();
    this.checkpoints++;
    // Quiet: every open document has a publish for its version (or 10 s passed), then no publish for 400 ms (debounce is at most 150 ms).
    const current = () => this.open.every((u) => this.client.published.some((p) => p.uri === u && p.version === this.client.versions.get(u)));
    for (let i = 0; i < 500 && !current(); i++) await sleep(20);
    let n = -1;
    for (let i = 0; i < 50 && n !== this.client.published.length; i++) {
      n = this.client.published.length;
      await sleep(400);
    }
    const last = new Map();
    for (const p of this.client.published) last.set(p.uri, p);
    const fresh = await freshWorkspace(this.root, this.config, this.openTexts());
    for (const uri of this.open) {
      const p = last.get(uri);
      const version = this.client.versions.get(uri);
      if (!p || p.version !== version) {
        this.fail(`${path.basename(uri)}: last publish is for version ${p?.version}, the document is at version ${version}`);
        continue;
      }
      const want = findingKeys(await fresh.expected(fileURLToPath(uri), this.client.texts.get(uri), this.languages.get(uri)));
      const got = diagKeys(p.diagnostics);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        const pubs = this.publishLog.filter((l) => l.includes(` ${path.basename(uri)} `)).slice(-8);
        this.fail(`${path.basename(uri)} v${version} (${JSON.stringify(this.config)}): last publish\n    ${got.join('\n    ') || '(none)'}\n  a fresh analysis gives\n    ${want.join('\n    ') || '(none)'}\n  recent publishes of the file:\n    ${pubs.join('\n    ')}`);
      }
    }
    for (const uri of this.everOpened) {
      if (this.languages.has(uri)) continue;
      const p = last.get(uri);
      if (p && p.diagnostics.length) this.fail(`${path.basename(uri)} is closed but its last publish holds ${p.diagnostics.length} diagnostic(s)`);
    }
    this.client.published.length = 0;
    for (const p of last.values()) this.client.published.push(p);
    this.serverAlive();
  }

  report() {
    if (this.problems.length) assert.fail(`${this.problems.length} problem(s):\n${this.problems.slice(0, KEEP_GOING ? 100 : 8).join('\n\n')}`);
  }
}

async function waitFor(pred, ms, what) {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('soak: a long random editing session against the language server', function () {
  this.timeout(120000);

  it(`pull mode: ${PULL_OPS} operations; at every checkpoint the server agrees with a fresh analysis`, async () => {
    const r = prng(SEED);
    const files = fixtureFiles(r);
    const root = tmpWorkspace(files);
    const client = new TestClient({ pull: true, settings: { '*': {} } });
    const started = Date.now();
    try {
      await client.initialize(uriOf(root));
      await waitFor(() => client.logs.some((l) => l.includes('workspace model:')), 15000, 'the workspace model');
      const soak = new Soak({ client, root, r, mode: 'pull', seed: SEED });
      const all = Object.keys(files).map((f) => path.join(root, f));
      for (const f of ['src/app.js', 'k8s/deploy.yaml', '.env']) await soak.openDoc(uriOf(path.join(root, f)), files[f]);
      for (let i = 0; i < PULL_OPS; i++) {
        await soak.step(all);
        if (soak.opCount % CHECK_EVERY === 0) await soak.checkpointPull();
        if (soak.problems.length && !KEEP_GOING) break;
      }
      if (!soak.problems.length || KEEP_GOING) await soak.checkpointPull();
      const ms = Date.now() - started;
      console.log(`      pull soak: ${soak.opCount} ops, ${soak.requests} requests (${soak.cancelled} cancelled), ${soak.checkpoints} checkpoints in ${ms} ms; seed ${SEED}; ${JSON.stringify(soak.counts)}`);
      soak.report();
    } finally {
      await client.shutdown();
    }
    assert.strictEqual(client.stderr, '', 'the server wrote nothing to stderr');
  });

  it(`push mode: ${PUSH_OPS} operations; after a quiet period the last publish equals a fresh analysis`, async () => {
    const r = prng(SEED + 1);
    const files = fixtureFiles(r);
    const root = tmpWorkspace(files);
    const client = new TestClient({ pull: false, configuration: false, refresh: false });
    const started = Date.now();
    try {
      await client.initialize(uriOf(root));
      const soak = new Soak({ client, root, r, mode: 'push', seed: SEED + 1 });
      soak.config = { debounceMs: 20 };
      await client.configurationChanged({ microappGuard: soak.config });
      const all = Object.keys(files).map((f) => path.join(root, f));
      for (const f of ['src/app.js', 'k8s/deploy.yaml', '.env']) await soak.openDoc(uriOf(path.join(root, f)), files[f]);
      for (let i = 0; i < PUSH_OPS; i++) {
        await soak.step(all);
        if (soak.opCount % CHECK_EVERY === 0) await soak.checkpointPush();
        if (soak.problems.length && !KEEP_GOING) break;
      }
      if (!soak.problems.length || KEEP_GOING) await soak.checkpointPush();
      const ms = Date.now() - started;
      console.log(`      push soak: ${soak.opCount} ops, ${soak.requests} requests (${soak.cancelled} cancelled), ${soak.checkpoints} checkpoints in ${ms} ms; seed ${SEED + 1}; ${JSON.stringify(soak.counts)}`);
      soak.report();
    } finally {
      await client.shutdown();
    }
    assert.strictEqual(client.stderr, '', 'the server wrote nothing to stderr');
  });
});

// Races the soak found, each as a deterministic reproduction.
describe('soak findings: races between edits, settings and analyses', function () {
  this.timeout(30000);
  const { fake } = require('../helpers');
  const bigJs = (first) => [first, ...Array.from({ length: 20000 }, (_, i) => `const v${i} = compute(${i}, "value-${i}");`)].join('\n');

  it('code actions asked while settings are being re-read fit the version they name', async () => {
    const dir = tmpWorkspace({});
    const client = new TestClient({ pull: true, settings: { '*': {} }, configurationDelayMs: 100 });
    try {
      await client.initialize(uriOf(dir));
      const uri = uriOf(path.join(dir, 'a.js'));
      const line = `const slackToken = "${fake.slack()}"; // set by ops`;
      await client.open(uri, `${line}\n`, 'javascript');
      const [d] = (await client.pullDiagnostics(uri)).items;
      await client.configurationChanged(null); // the next request reads settings from the client again
      const pending = client.codeActions(uri, d.range, [d]);
      // The user keeps typing while the server waits for workspace/configuration: the comment goes.
      await client.change(uri, { start: { line: 0, character: line.indexOf(' //') }, end: { line: 0, character: line.length } }, '');
      const actions = await pending;
      const v2 = client.texts.get(uri);
      for (const a of actions) {
        for (const c of a.edit.documentChanges.filter((x) => x.textDocument && x.textDocument.uri === uri && x.textDocument.version === 2)) {
          for (const e of c.edits) assert.ok(posToOffset(v2, e.range.start) >= 0, `"${a.title}" edits ${JSON.stringify(e.range)}, outside version 2 (${JSON.stringify(v2)})`);
        }
      }
    } finally {
      await client.shutdown();
    }
  });

  it('pull: a document closed and reopened at version 1 while its old text is analysed gets the new text\'s findings', async () => {
    const dir = tmpWorkspace({});
    const client = new TestClient({ pull: true, settings: { '*': {} } });
    try {
      await client.initialize(uriOf(dir));
      const uri = uriOf(path.join(dir, 'a.js'));
      await client.configurationChanged(null);
      await client.open(uri, `const slackToken = "${fake.slack()}";\n`, 'javascript');
      const first = client.pullDiagnostics(uri); // waits for workspace/configuration
      await client.close(uri);
      await client.open(uri, 'console.log(2);\n', 'javascript'); // VS Code starts a reopened document at version 1 again
      await first.catch(() => undefined);
      assert.deepStrictEqual((await client.pullDiagnostics(uri)).items.map((d) => d.code), [], 'findings of the closed text');
    } finally {
      await client.shutdown();
    }
  });

  it('push: an analysis started under old settings does not publish after the one under new settings', async () => {
    const dir = tmpWorkspace({});
    const client = new TestClient({ pull: false, configuration: false, refresh: false });
    const stale = [];
    try {
      await client.initialize(uriOf(dir));
      // The race depends on timing: the settings change lands at several points of the first analysis.
      for (const delay of [10, 30, 60, 120]) {
        await client.configurationChanged({ microappGuard: { debounceMs: 0 } });
        const uri = uriOf(path.join(dir, `a${delay}.js`));
        await client.open(uri, bigJs(`const slackToken = "${fake.slack()}";`), 'javascript');
        await sleep(delay); // the push for version 1 is analysing
        await client.configurationChanged({ microappGuard: { debounceMs: 0, enable: false } });
        let n = -1;
        while (n !== client.published.length) {
          n = client.published.length;
          await sleep(600);
        }
        const mine = client.published.filter((p) => p.uri === uri);
        if (mine[mine.length - 1].diagnostics.length) stale.push(`${delay} ms: ${JSON.stringify(mine.map((p) => [p.version, p.diagnostics.map((d) => d.code)]))}`);
        await client.close(uri);
      }
    } finally {
      await client.shutdown();
    }
    assert.deepStrictEqual(stale, [], 'the last publish has the findings of the old settings (enable: true)');
  });

  it('an unsaved .gitignore buffer read by a quick fix does not change what the diagnostics take as git-ignored', async () => {
    const token = fake.token(32, 77);
    const dir = tmpWorkspace({ '.gitignore': 'node_modules/\n', '.env': `API_KEY=${token}\n` });
    const client = new TestClient({ pull: true, settings: { '*': {} } });
    try {
      await client.initialize(uriOf(dir));
      const env = uriOf(path.join(dir, '.env'));
      const a = uriOf(path.join(dir, 'a.js'));
      await client.open(env, `API_KEY=${token}\n`, 'dotenv');
      const before = (await client.pullDiagnostics(env)).items.map((d) => d.code);
      assert.ok(before.includes('secret/dotenv-committed'), before.join());
      await client.open(uriOf(path.join(dir, '.gitignore')), 'node_modules/\n.env\n', 'ignore'); // typed, not saved
      await client.open(a, `const slackToken = "${fake.slack()}";\n`, 'javascript');
      await client.watchedFilesChanged([{ uri: uriOf(path.join(dir, '.secretlintignore')), type: 1 }]); // folder configuration is reloaded
      const [d] = (await client.pullDiagnostics(a)).items;
      await client.codeActions(a, d.range, [d]);
      const after = (await client.pullDiagnostics(env)).items.map((x) => x.code);
      assert.deepStrictEqual(after, before, '.env findings follow .gitignore on disk, as git does');
    } finally {
      await client.shutdown();
    }
  });
  it('a file written into a git-ignored folder does not feed the workspace model (the fix a fresh server offers)', async () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bot\nspec:\n  selector:\n    matchLabels: { app: bot }\n  template:\n    metadata:\n      labels: { app: bot }\n    spec:\n      containers:\n        - name: bot\n          image: ghcr.io/acme/bot:1.0.0\n';
    const dir = tmpWorkspace({ '.gitignore': 'build/\n', 'k8s/deploy.yaml': deploy, 'src/app.js': 'console.log(1);\n' });
    const policy = async (during) => {
      const client = new TestClient({ pull: true, settings: { '*': {} } });
      try {
        await client.initialize(uriOf(dir));
        await waitFor(() => client.logs.some((l) => l.includes('workspace model:')), 15000, 'the workspace model');
        const uri = uriOf(path.join(dir, 'k8s/deploy.yaml'));
        await client.open(uri, deploy, 'yaml');
        if (during) await during(client);
        const d = (await client.pullDiagnostics(uri)).items.find((x) => x.code === 'network/no-policy');
        assert.ok(d, 'network/no-policy is reported');
        const [first] = await client.codeActions(uri, d.range, [d]);
        return first.edit.documentChanges[0].edits[0].newText;
      } finally {
        await client.shutdown();
      }
    };
    const live = await policy(async (client) => {
      const out = path.join(dir, 'build', 'out.js');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, 'const url = "postgres://app@db:5432/app";\n');
      await client.watchedFilesChanged([{ uri: uriOf(out), type: 1 }]);
    });
    assert.strictEqual(live, await policy(), 'the same NetworkPolicy as a server started after the build');
  });
});
