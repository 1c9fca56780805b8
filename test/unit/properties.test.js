'use strict';
// Property tests: the input is open-ended, so generate it.
const assert = require('assert');
const fc = require('fast-check');
const { analyze, engine, textAt, applyFix } = require('../helpers');

const FILES = ['/ws/a.js', '/ws/a.py', '/ws/a.yaml', '/ws/a.json', '/ws/.env', '/ws/a.tf', '/ws/a.md', '/ws/a.ini', '/ws/Dockerfile', '/ws/x'];

function entropy(s) {
  const counts = new Map();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

const secretChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''));
const highEntropy = fc
  .array(secretChar, { minLength: 24, maxLength: 48 })
  .map((a) => a.join(''))
  .filter((s) => /[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && entropy(s) >= 3.5)
  // What a real random credential does not contain, and what the placeholder judgement rightly exempts: a run of six
  // identical characters ("AAAAAA", as shrinking produces) or a word that says the value is fake.
  .filter((s) => !/(.)\1{5}/.test(s) && !/invalid|fake|dummy|example|test|sample|mock|bogus|stub|demo|wrong|placeholder|your|redacted|changeme/i.test(s))
  // A placeholder word standing alone (not inside a longer run of letters), as heuristics.ts exempts it: "TBD8..." (seed 109577857).
  .filter((s) => !/(^|[^A-Za-z0-9])(todo|fixme|tbd|sample|dummy|fake|mock|foo|insert)(?=[^A-Za-z]|$)/i.test(s))
  // Masking runs ("xxx" at the start, seed 1249236454: "xxxAAA3..."), as heuristics.ts exempts them.
  .filter((s) => !/(^|[^A-Za-z0-9])(x{3,}|X{3,})|x{6,}|X{6,}|0{7,}/.test(s));
const credentialKey = fc.constantFrom('apiToken', 'API_KEY', 'client_secret', 'signingSecret', 'webhookSecret', 'accessToken', 'SLACK_BOT_TOKEN', 'db_password');

describe('properties', function () {
  this.timeout(60000);

  it('never throws and keeps ranges inside the text, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400, unit: 'binary' }), fc.constantFrom(...FILES), async (text, file) => {
        const findings = await analyze(text, file);
        const index = new engine.LineIndex(text);
        for (const f of findings) {
          assert.ok(index.offsetAt(f.range.start) <= index.offsetAt(f.range.end));
          assert.ok(f.range.end.line < index.lineCount);
          for (const fix of engine.fixesForFinding({ path: file, text }, f)) assert.ok(fix.title);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on YAML-ish and structured noise', async () => {
    const yamlish = fc.array(
      fc.oneof(
        fc.constantFrom('apiVersion: v1', 'kind: Secret', 'kind: Deployment', 'data:', 'stringData:', 'env:', '- name: X', '  value: ', '---', 'spec:', '  containers:', '{{ if }}', '[', ']', '{', '"', "'", ': :', '  - {name: A, value: B}'),
        fc.string({ maxLength: 30 }),
      ),
      { maxLength: 40 },
    );
    await fc.assert(
      fc.asyncProperty(yamlish, async (lines) => {
        const text = lines.join('\n');
        await analyze(text, '/ws/k.yaml');
      }),
      { numRuns: 300 },
    );
  });

  it('finds a high-entropy literal assigned to a credential name, never echoes it, and its preferred fix removes it', async () => {
    const styles = [
      ['/ws/a.js', (k, v) => `const ${k} = "${v}";\n`],
      ['/ws/a.py', (k, v) => `${k} = '${v}'\n`],
      ['/ws/a.yaml', (k, v) => `${k}: ${v}\n`],
      ['/ws/a.json', (k, v) => `{"${k}": "${v}"}\n`],
    ];
    await fc.assert(
      fc.asyncProperty(credentialKey, highEntropy, fc.nat(styles.length - 1), async (key, value, si) => {
        const [file, make] = styles[si];
        const text = make(key, value);
        const findings = await analyze(text, file);
        assert.strictEqual(findings.length, 1, `${text} -> ${JSON.stringify(findings)}`);
        const f = findings[0];
        assert.strictEqual(textAt(text, f.range), value);
        assert.ok(!f.message.includes(value));
        const fixes = engine.fixesForFinding({ path: file, text }, f);
        assert.ok(!fixes.some((x) => x.title.includes(value)));
        const preferred = fixes.find((x) => x.isPreferred);
        const out = applyFix(preferred, { [file]: text })[file];
        assert.ok(!out.includes(value), out);
        assert.deepStrictEqual(await analyze(out, file), []);
      }),
      { numRuns: 200 },
    );
  });

  it('never reports UUIDs, 40-hex SHAs or integrity hashes, whatever the key', async () => {
    const uuid = fc.uuid();
    const sha = fc.stringMatching(/^[0-9a-f]{40}$/);
    const integrity = fc.base64String({ minLength: 64, maxLength: 88 }).map((b) => `sha512-${b}`);
    await fc.assert(
      fc.asyncProperty(credentialKey, fc.oneof(uuid, sha, integrity), async (key, value) => {
        const text = `const ${key} = "${value}";\n`;
        assert.deepStrictEqual(await analyze(text, '/ws/a.js'), []);
      }),
      { numRuns: 200 },
    );
  });

  it('LineIndex: positionAt and offsetAt are inverse on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', '\r\n', 'é', '😀'), maxLength: 60 }), fc.nat(), (text, n) => {
        const index = new engine.LineIndex(text);
        const offset = text.length === 0 ? 0 : n % (text.length + 1);
        // Offsets inside a CRLF pair map to the line end; all others round-trip.
        if (text[offset - 1] === '\r' && text[offset] === '\n') return;
        assert.strictEqual(index.offsetAt(index.positionAt(offset)), offset);
      }),
      { numRuns: 500 },
    );
  });
});
