'use strict';
// The network family's line reader for untyped YAML (findEndpointsInYamlLines) against the parse it replaces:
// whenever it answers, its endpoints are those findEndpointsInTrees finds on the yaml library's trees.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const fc = require('fast-check');
const { engine, ROOT } = require('../helpers');

const net = engine.internals.network;
const RUNS = Number(process.env.YAML_LINES_RUNS) || 600;

/** What the parse path finds: every document's tree, from the project's own parse. */
function parsed(text, opts) {
  const docs = engine.documentContext({ path: '/ws/c.yaml', text }).yaml();
  return net.findEndpointsInTrees(text, docs.map((d) => ({ tree: d.tree })), opts);
}

function sameAsParse(text, opts) {
  const lines = net.findEndpointsInYamlLines(text, opts);
  if (lines !== undefined) assert.deepStrictEqual(lines, parsed(text, opts), `different endpoints for ${JSON.stringify(text)}`);
  return lines;
}

// ---- a grammar of untyped configuration documents -------------------------------------------

const HOST_KEYS = ['host', 'hostname', 'endpoint', 'server', 'servers', 'brokers', 'API_HOST', 'db_host', 'bootstrap.servers', 'address', 'externalName', 'redisHost'];
const SKIP_KEYS = ['repository', 'homepage', 'description', 'image', 'xmlns:foo', 'xmlns', '$schema', 'docs', 'License', 'author'];
const OTHER_KEYS = ['url', 'database', 'name', 'value', 'port', 'timeout', 'enabled', 'my key', 'a.b.c', 'x-y', 'webhooks', 'services', 'spring', 'datasource', 'target', '8080', 'true', 'kind', 'env'];
const KEY = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOST_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...SKIP_KEYS) },
  { weight: 5, arbitrary: fc.constantFrom(...OTHER_KEYS) },
);

const HOSTS = [
  'api.stripe.com', 'hooks.slack.com', 'db.internal', 'redis.svc.cluster.local', 'localhost', 'my-service', 'orders', '10.0.0.5',
  '8.8.8.8', '[2001:db8::1]', '[fd00::1]', '[2606:4700::1111]', 'example.com', 'api.example.org', 'www.w3.org', 's3.eu-west-1.amazonaws.com',
  'foo.corp', 'kafka-0.kafka.svc', '192.0.2.10', '0.0.0.0', 'registry.npmjs.org', 'storage.googleapis.com', 'x.unknown-tld-zz', '${HOST}', 'a_b.c-d.io',
];
const SCHEMES = ['http', 'https', 'ws', 'wss', 'grpc', 'redis', 'postgres', 'postgresql', 'mongodb+srv', 'amqp', 'kafka', 'ftp', 'mysql', 'file', 'mailto', 'foo', 'HTTPS'];
const PORTS = ['', ':80', ':443', ':8080', ':5432', ':65536', ':${PORT}', ':'];
const PATHS = ['', '/', '/v1/charges', '/services/T024BE7LD/B024BE7LH/Xk9mP2vL8qRtY7uW3nB6cZ1a', '/a?b=c#d', '/db_name', '/x.', '/path)', '/p,q'];
const USERINFO = ['', 'user@', 'user:pa55@', 'u:${PASSWORD}@'];

const url = fc
  .tuple(fc.constantFrom(...SCHEMES), fc.constantFrom(...USERINFO), fc.constantFrom(...HOSTS), fc.constantFrom(...PORTS), fc.constantFrom(...PATHS))
  .map(([s, u, h, p, pa]) => `${s}://${u}${h}${p}${pa}`);
const bareHost = fc.tuple(fc.constantFrom(...HOSTS), fc.constantFrom('', ':9092', ':5432', ':0', ':99999')).map(([h, p]) => h + p);
const hostList = fc.array(bareHost, { minLength: 2, maxLength: 3 }).chain((hs) => fc.constantFrom(',', ', ', ' ,').map((sep) => hs.join(sep)));
const notString = fc.constantFrom('8080', '1.5', '-3', '+7', '0x1F', '0o17', '1e3', '.5', '.inf', '-.Inf', '.nan', 'true', 'False', 'TRUE', 'null', 'Null', '~', '');
const words = fc.constantFrom('hello world', 'some text', 'v1.2.3', '1.2.3.4.5', 'a-b', 'it is', 'C:\\path\\x', "it's", 'x#y', 'a:b', '50%', '-flag', '--', 'yes', 'no', 'on', '12:30', '1_000', '0b101');
const anyValue = fc.oneof(
  { weight: 5, arbitrary: url },
  { weight: 3, arbitrary: bareHost },
  { weight: 1, arbitrary: hostList },
  { weight: 2, arbitrary: notString },
  { weight: 2, arbitrary: words },
  { weight: 1, arbitrary: fc.tuple(words, url).map(([w, u]) => `${w} ${u}`) },
);
/** A value that is a plain scalar as written: not `[...` (a flow sequence), no `: ` and no trailing `:` (a mapping). */
const plainValue = anyValue.map((v) => (/^\[|:$|: /.test(v) ? `'${v}'` : v));
const quotedValue = fc.oneof(anyValue, fc.constantFrom('#standup', 'a # b', 'x: y', 'see http://x.io # not a comment', '', ' padded ')).chain((v) =>
  fc.constantFrom(`"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`, `'${v.replace(/'/g, "''")}'`, `"${v.replace(/[\\"]/g, '')}\\n"`),
);
const comment = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom(' # a comment', '  # see https://docs.acme.io/x', ' #host: api.stripe.com', ' # ') },
);
const scalar = fc.record({ kind: fc.constant('scalar'), text: fc.oneof({ weight: 3, arbitrary: plainValue }, { weight: 1, arbitrary: quotedValue }), comment });
const blockLine = fc.oneof(url, bareHost, hostList, words, fc.constantFrom('', '# not a comment http://in.block.io', 'key: http://nested.io', '  more indented https://api.github.com', '- item http://x.io'));
const blockScalar = fc.record({
  kind: fc.constant('block'),
  header: fc.constantFrom('|', '>', '|-', '>-', '|+', '|2', '>1-', '|-2'),
  lines: fc.array(blockLine, { minLength: 0, maxLength: 4 }),
  comment,
});

const { node } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: blockScalar }, { weight: 2, arbitrary: tie('map') }, { weight: 1, arbitrary: tie('seq') }),
  map: fc.record({
    kind: fc.constant('map'),
    entries: fc.array(fc.tuple(KEY, fc.constantFrom('plain', 'plain', 'plain', 'dq', 'sq'), tie('node')), { minLength: 1, maxLength: 5 }),
    step: fc.constantFrom(2, 2, 4, 1, 3),
    seqSame: fc.boolean(),
  }),
  seq: fc.record({
    kind: fc.constant('seq'),
    items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    compact: fc.boolean(),
    step: fc.constantFrom(2, 2, 4, 1),
    dashSpaces: fc.constantFrom(1, 1, 1, 2),
  }),
}));
const rootMap = fc.letrec((tie) => ({ m: fc.record({ kind: fc.constant('map'), entries: fc.array(fc.tuple(KEY, fc.constantFrom('plain', 'plain', 'dq', 'sq'), node), { minLength: 1, maxLength: 6 }), step: fc.constantFrom(2, 4), seqSame: fc.boolean() }) })).m;
const root = fc.oneof({ weight: 4, arbitrary: rootMap }, { weight: 1, arbitrary: node.filter((n) => n.kind === 'seq') });

const sp = (n) => ' '.repeat(n);

function keyText(k, style) {
  if (style === 'dq') return `"${k}"`;
  if (style === 'sq') return `'${k}'`;
  return k;
}

/** Block scalar lines, with `base` the indentation of the collection holding it (marked: nothing is inserted before them). */
function blockLines(b, base) {
  const m = /[1-9]/.exec(b.header);
  const indent = base + (m ? Number(m[0]) : 2);
  const lines = b.lines.slice();
  // the first line sets the indentation (a more indented one first would make the next ones end the scalar)
  const first = lines.findIndex((l) => l !== '');
  if (first >= 0 && lines[first].startsWith(' ')) lines.splice(first, 0, 'https://first.line.io');
  return lines.map((l) => BLOCK + (l ? sp(indent) + l : ''));
}
const BLOCK = '\u0001';

/** Lines of a node placed at column `col` (a collection's keys/dashes are at `col`). */
function render(n, col) {
  const out = [];
  if (n.kind === 'map') {
    for (const [k, style, v] of n.entries) {
      const head = sp(col) + keyText(k, style) + ':';
      if (v.kind === 'scalar') out.push(`${head}${v.text === '' ? '' : ' ' + v.text}${v.comment}`);
      else if (v.kind === 'block') out.push(`${head} ${v.header}${v.comment}`, ...blockLines(v, col));
      else if (v.kind === 'map') out.push(head, ...render(v, col + n.step));
      else out.push(head, ...render(v, n.seqSame ? col : col + n.step));
    }
  } else {
    for (const item of n.items) {
      const dash = sp(col) + '-' + sp(n.dashSpaces);
      const inner = col + 1 + n.dashSpaces;
      if (item.kind === 'scalar') out.push(`${sp(col)}-${item.text === '' ? '' : sp(n.dashSpaces) + item.text}${item.comment}`);
      else if (item.kind === 'block') out.push(`${dash}${item.header}${item.comment}`, ...blockLines(item, col));
      else if (n.compact) {
        const lines = render(item, inner);
        lines[0] = dash + lines[0].slice(inner);
        out.push(...lines);
      } else out.push(sp(col) + '-', ...render(item, col + n.step));
    }
  }
  return out;
}

const doc = fc
  .record({
    root,
    marker: fc.constantFrom('', '', '---\n', '--- # config\n'),
    extras: fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '   ', '# a comment http://c.io', '  # indented comment')), { maxLength: 3 }),
    end: fc.constantFrom('\n', '', '\n\n', '\n...\n'),
    crlf: fc.constantFrom(false, false, false, true),
  })
  .map(({ root: r, marker, extras, end, crlf }) => {
    const lines = render(r, 0);
    for (const [at, l] of extras) {
      const i = at % (lines.length + 1);
      if (!(lines[i] ?? '').startsWith(BLOCK)) lines.splice(i, 0, l);
    }
    const text = marker + lines.map((l) => (l.startsWith(BLOCK) ? l.slice(1) : l)).join('\n') + end;
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Constructs the line reader leaves to the parse, put somewhere in a document. */
const UNSUPPORTED = [
  (l) => l.replace(/: .*$/, ': {a: http://x.io}'),
  (l) => l.replace(/: .*$/, ': [http://x.io, b]'),
  (l) => l.replace(/: (.*)$/, ': &anchor $1'),
  (l) => l.replace(/: .*$/, ': *anchor'),
  (l) => l.replace(/: (.*)$/, ': !Ref $1'),
  (l) => l.replace(/: (.*)$/, ': !!str $1'),
  (l) => l.replace(/^(\s*)/, '$1? '),
  (l) => '%YAML 1.2\n---\n' + l,
  (l) => l + '\n' + l.replace(/\S.*$/, '') + '  continued http://cont.io',
  (l) => l.replace(/: (.*)$/, ': "unclosed $1'),
  (l) => l.replace(/^( *)/, '\t$1'),
  (l) => l + '\nplain at column 0',
  (l) => l.replace(/^(\s*)[^:]+:/, '$1Ref:'),
  (l) => l.replace(/: (.*)$/, ': $1: nested'),
];
const mutated = fc.tuple(doc, fc.nat(), fc.nat(UNSUPPORTED.length - 1)).map(([text, at, m]) => {
  const lines = text.split('\n');
  // the first line from `at` on that the construct changes
  for (let k = 0; k < lines.length; k++) {
    const i = (at + k) % lines.length;
    const changed = UNSUPPORTED[m](lines[i]);
    if (changed !== lines[i] && lines[i].trim() && !lines[i].trim().startsWith('#')) {
      lines[i] = changed;
      break;
    }
  }
  return lines.join('\n');
});
/** Random edits: whatever the reader accepts must still be what the parse gives. */
const edited = fc.tuple(doc, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(' ', '  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '\n', '\n  ', '|', '>', 'a', '\t', '{', '[', '&', '!', '?', ',', '...', '---\n', '\\')), { minLength: 1, maxLength: 3 })).map(([text, edits]) => {
  let t = text;
  for (const [at, del, ins] of edits) {
    const i = at % (t.length + 1);
    t = t.slice(0, i) + ins + t.slice(i + del);
  }
  return t;
});

// ---- tests ---------------------------------------------------------------------------------------

describe('network: untyped YAML endpoints read line by line', () => {
  it(`property: generated config documents give the parse's endpoints, and the reader answers for nearly all (${RUNS} runs)`, () => {
    let answered = 0;
    let total = 0;
    fc.assert(
      fc.property(doc, (text) => {
        total++;
        if (sameAsParse(text) !== undefined) answered++;
      }),
      { numRuns: RUNS },
    );
    assert.ok(answered >= 0.9 * total, `the line reader answered only ${answered} of ${total} supported documents`);
  });

  it(`property: documents with unsupported constructs or random edits: the parse's endpoints, or a fallback (${RUNS} runs each)`, () => {
    let fellBack = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        if (sameAsParse(text) === undefined) fellBack++;
      }),
      { numRuns: RUNS },
    );
    assert.ok(fellBack > 0.5 * RUNS, `only ${fellBack} of ${RUNS} documents with unsupported constructs fell back`);
    fc.assert(
      fc.property(edited, (text) => {
        sameAsParse(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('property: configured internal suffixes and SaaS domains are applied the same way', () => {
    fc.assert(
      fc.property(doc, (text) => {
        sameAsParse(text, { internalSuffixes: ['acme.io', 'corp'], saasDomains: ['stripe.com=Payments', 'amazonaws.com'] });
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  const realistic = {
    'the example settings.yaml': fs.readFileSync(path.join(ROOT, 'examples/slack-bot/config/settings.yaml'), 'utf8'),
    'a docker-compose-like service list': [
      'version: "3.9"',
      'services:',
      '  api:',
      '    image: ghcr.io/acme/api:1.4 # not an endpoint',
      '    environment:',
      '      - DATABASE_URL=postgres://app:secret@db:5432/app',
      '      - REDIS_HOST=redis',
      '      - STRIPE_API=https://api.stripe.com/v1',
      '    ports:',
      '      - "8080:8080"',
      '    depends_on:',
      '      - db',
      '      - redis',
      '  db:',
      '    image: postgres:16',
      '    healthcheck:',
      '      test: "pg_isready -h localhost"',
      '  worker:',
      '    environment:',
      '      BROKER_URL: amqp://guest:guest@rabbitmq:5672/',
      '      API_HOST: api.internal.acme.io',
      '      WEBHOOK: "https://hooks.slack.com/services/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"',
      '',
    ].join('\n'),
    'a spring-style nested map': [
      '# application.yaml',
      'server:',
      '  port: 8443',
      '  address: 0.0.0.0',
      'spring:',
      '  datasource:',
      "    url: 'jdbc:postgresql://db.prod.acme.io:5432/orders'",
      '    username: orders',
      '  kafka:',
      '    bootstrap-servers: kafka-0.kafka:9092,kafka-1.kafka:9092',
      '  data:',
      '    redis:',
      '      host: cache.eu.acme.io',
      '      port: 6379',
      'management:',
      '  endpoints:',
      '    web:',
      '      exposure:',
      '        include: health,info',
      'app:',
      '  description: >-',
      '    Calls https://api.github.com and',
      '    https://api.openai.com/v1 on schedule.',
      '  upstreams:',
      '  - name: billing',
      '    url: https://billing.acme.io/api # the billing service',
      '  - name: geo',
      '    url: http://geo.svc.cluster.local:8080',
      '  banner: |',
      '    Support: https://support.acme.io',
      '    # not a comment: http://status.acme.io',
      '',
    ].join('\n'),
    'a list of webhooks': [
      '---',
      'webhooks:',
      '  - name: deploys',
      '    url: "https://hooks.slack.com/services/T0/B0/XXXXXXXXXXXXXXXXXXXXXXXX"',
      '    events: [deploy]',
      '',
    ].join('\n'),
    'a list of webhooks (block style)': [
      '---',
      'webhooks:',
      '- name: deploys',
      '  url: "https://hooks.slack.com/services/T0/B0/XXXXXXXXXXXXXXXXXXXXXXXX"',
      '  events:',
      '  - deploy',
      '  - rollback',
      '- name: API_HOST',
      '  value: partner.api.io:8443',
      '- name: pagerduty',
      "  url: 'https://events.pagerduty.com/v2/enqueue'",
      '  headers:',
      '    Authorization: "Token token=${PD_TOKEN}"',
      '...',
      '',
    ].join('\r\n'),
  };
  for (const [name, text] of Object.entries(realistic)) {
    it(`${name}: the parse's endpoints`, () => {
      const lines = net.findEndpointsInYamlLines(text);
      if (name === 'a list of webhooks') {
        assert.strictEqual(lines, undefined, 'a flow sequence falls back');
        return;
      }
      assert.ok(lines, 'the line reader answers');
      assert.deepStrictEqual(lines, parsed(text));
      assert.ok(lines.length > 0);
    });
  }

  it('finds what the walk finds, and skips what it skips', () => {
    const text = [
      'homepage: https://acme.io',
      'repository:',
      '  url: https://github.com/acme/x',
      'xmlns:foo: http://foo.io/ns',
      'image: registry.acme.io/app:1',
      'host: db.acme.io:5432',
      'servers: a.acme.io:1, b.acme.io:2',
      'port: 8080',
      'endpoint: 8080',
      'script: |',
      '  curl https://api.stripe.com/v1/charges',
      '  host: hidden.acme.io',
      'brokers:',
      '  - c.acme.io',
      'env:',
      '  - value: d.acme.io',
      '    name: DB_HOST',
      'note: "see https://docs.acme.io" # and http://comment.io',
    ].join('\n');
    const lines = sameAsParse(text);
    assert.ok(lines);
    assert.deepStrictEqual(
      lines.map((e) => e.url ?? `${e.host}${e.port ? ':' + e.port : ''}`),
      ['db.acme.io:5432', 'a.acme.io:1', 'b.acme.io:2', 'https://api.stripe.com/v1/charges', 'c.acme.io', 'd.acme.io', 'https://docs.acme.io'],
    );
  });

  const fallbacks = {
    'a flow mapping': 'a: {b: http://x.io}\n',
    'a flow sequence': 'a: [http://x.io]\n',
    'a flow sequence item': 'a:\n  - [1, 2]\n',
    'an anchor': 'a: &x http://x.io\n',
    'an alias': 'a: &x 1\nb: *x\n',
    'a tag': 'a: !Ref x\n',
    'a core tag': 'a: !!str 1\n',
    'a complex key': '? a\n: http://x.io\n',
    'a directive': '%YAML 1.2\n---\na: http://x.io\n',
    'a multi-line plain scalar': 'a: http://x.io\n  and more\n',
    'a multi-line plain scalar in a sequence': '- http://x.io\n  and more\n',
    'a multi-line double-quoted scalar': 'a: "http://x.io\n  more"\n',
    'a multi-line single-quoted scalar': "a: 'x\n  y'\n",
    'a value on the line after its key': 'a:\n  http://x.io\n',
    'tab indentation': 'a:\n\tb: http://x.io\n',
    'a plain scalar at column 0': 'http://x.io\n',
    'a mapping on a value line': 'a: b: http://x.io\n',
    'a sequence on a key line': 'a: - http://x.io\n',
    'bad indentation': 'a:\n    b: 1\n  c: http://x.io\n',
    'a CloudFormation intrinsic key': 'a:\n  Ref: x\n',
    'a byte-order mark': '\ufeffa: http://x.io\n',
    'an invalid escape': 'a: "\\q http://x.io"\n',
    'an env name in a block scalar': 'env:\n  - name: |\n      API_HOST\n    value: x.io\n',
    'more-indented leading blank lines in a block scalar': 'a: |\n      \n  http://x.io\n',
    'a document start with content': '--- a: 1\n',
  };
  for (const [name, text] of Object.entries(fallbacks)) {
    it(`falls back on ${name}`, () => {
      assert.strictEqual(net.findEndpointsInYamlLines(text), undefined);
    });
  }
});
