'use strict';
// The fast YAML path (formats/yamlFast.ts, js-yaml's node events) against the reference (the `yaml` library's parse
// through tree.ts's fromYaml): wherever the fast path gives a tree, it is the reference's tree, offsets and values
// alike; wherever the reference sees a syntax error or leaves something out past a budget (a note), the fast path
// gives none. Corpora: every YAML file
// installed with the project's packages, the examples, the bench's generated CloudFormation and Kubernetes files,
// and documents generated from arbitrary values in every style the `yaml` library writes, then damaged.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const fc = require('fast-check');
const YAML = require('yaml');
const { engine, ROOT } = require('../helpers');

const tree = engine.internals.tree;
const { fastYamlTree } = engine.internals.yamlFast;

const CFN_TAGS = engine.internals.permissions.CFN_YAML_TAGS;
/**
 * The reference: each document of the text through the `yaml` library as the engine calls it (formats/yaml.ts, the
 * CloudFormation tags declared for a text with a `!`) and fromYaml, with its notes and errors.
 */
function reference(text) {
  const tags = text.includes('!') ? { customTags: (t) => t.concat(CFN_TAGS) } : {};
  const docs = Array.from(YAML.parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, strict: false, ...tags }));
  const notes = [];
  const trees = docs.map((d) => tree.fromYaml(d, notes, 0, text)).filter(Boolean);
  return { trees, notes, errors: docs.some((d) => d.errors.length > 0) };
}

/** Compares the fast path with the reference on one `---` segment: 'fast' when it answered, 'fallback' when not. */
function compare(text, where) {
  const fast = fastYamlTree(text, 0);
  const ref = reference(text);
  if (fast === undefined) return 'fallback';
  assert.ok(!ref.errors, `${where}: the fast path read a document the yaml library finds errors in`);
  assert.deepStrictEqual(ref.notes, [], `${where}: the fast path read a document past a budget`);
  assert.deepStrictEqual([fast], ref.trees, where);
  return 'fast';
}

const SEPARATOR = /^---(?=[ \t]|$)/gm;
function segments(text) {
  const bounds = [0];
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) if (m.index > 0) bounds.push(m.index);
  bounds.push(text.length);
  const out = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push(text.slice(bounds[i], bounds[i + 1]));
  return out;
}

function yamlFiles(dir, out = [], depth = 0) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && depth < 8) yamlFiles(p, out, depth + 1);
    else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(p);
  }
  return out;
}

describe('fast YAML path: the same tree as the yaml library, or none', () => {
  it('agrees on every YAML file of the installed packages, the examples and the repository', () => {
    const files = [...yamlFiles(path.join(ROOT, 'node_modules')), ...yamlFiles(path.join(ROOT, 'examples')), path.join(ROOT, 'action.yml')];
    const counts = { fast: 0, fallback: 0 };
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      segments(text).forEach((seg, i) => counts[compare(seg, `${path.relative(ROOT, f)} #${i}`)]++);
    }
    assert.ok(counts.fast + counts.fallback >= 50, `too few documents: ${JSON.stringify(counts)}`);
    // The fast path must actually be taken: a path that always falls back would agree trivially.
    assert.ok(counts.fast >= 0.8 * (counts.fast + counts.fallback), JSON.stringify(counts));
  });

  it("agrees on the bench's CloudFormation template and Kubernetes manifests (tags, block scalars, flow lists)", async () => {
    const gen = await import(path.join(ROOT, 'bench', 'lib', 'issue12gen.mjs'));
    const corpus = await import(path.join(ROOT, 'bench', 'lib', 'corpus.mjs'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-yf-'));
    try {
      gen.generateCfnTemplate(path.join(dir, 'template.yaml'), { resources: 300 });
      corpus.generateLspYaml(path.join(dir, 'manifests.yaml'), { lines: 3000 });
      const counts = { fast: 0, fallback: 0 };
      for (const f of ['template.yaml', 'manifests.yaml']) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        segments(text).forEach((seg, i) => counts[compare(seg, `${f} #${i}`)]++);
      }
      assert.ok(counts.fast >= 0.9 * (counts.fast + counts.fallback), JSON.stringify(counts));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves to the yaml library what it does not express exactly', () => {
    const cases = {
      'an anchor and alias': 'a: &x 1\nb: *x\n',
      'a syntax error': 'a: [1, 2\nb: 1\n',
      'a duplicate key': 'a: 1\na: 2\n',
      'a tab in the indentation': 'a:\n\tb: 1\n',
      'a directive': '%YAML 1.2\n---\na: 1\n',
      'a document end marker': 'a: 1\n...\n',
      'an explicit key': '? a\n: 1\n',
      'an empty sequence entry': '- a\n-\n- b\n',
      'a tag with no value': 'a: !Ref\nb: 1\n',
      'a keep-chomped block scalar': 'a: |+\n  x\n\nb: 1\n',
      'a block scalar with no content': 'a:\n  b: |\n\n  c: 1\n',
      'the non-specific tag': 'b: ! [1]\n',
      'an empty document': '# only a comment\n',
      'content on the document start marker': '--- a: 1\n',
      'a document start marker run into a scalar': '---1\n',
      'a document start marker run into a comment': '---# c\na: 1\n',
      'an explicit key in a flow list': 'k: [? x]\n',
      'a tag with an escape': 'a: !foo%21 1\n',
      'a null key': '~: 1\nb: 2\n',
      'a quoted scalar over two lines': 'a: "x\n  y"\n',
      'a flow map over two lines': 'a: {b: 1,\n  c: 2}\n',
      'a core tag the failsafe schema lacks': 'a: !!int 3\n',
      'a byte order mark': '\ufeffa: 1\n',
    };
    for (const [what, text] of Object.entries(cases)) {
      assert.strictEqual(fastYamlTree(text, 0), undefined, what);
      assert.ok(reference(text), what);
    }
  });

  it('agrees on comment, blank and empty-value layouts at the end of collections, and blank lines in block scalars', () => {
    const texts = [
      'k:\n  a: #\n\n',
      'a: #c\r\n\r\n',
      'a:\n  b:\n# c\nd: 1\n',
      '- a:\n# c\n- b\n',
      'a:\n  b:\n    c: 1\n    # c\n  # d\ne: 1\n',
      'a:\n  - x\n  # c\nb: 1\n',
      'on:\n    workflow_call:\n    # issue_comment:\n    #   types: [created]\njobs:\n    j: 1\n',
      'spec:\n  initContainers:\n  - name: i\n    image: busybox\n    # no securityContext\n  containers: []\n',
      'a:\n  b: 1\n# trailing\n',
      'a:\n  b: 1\n  # trailing\n',
      'a: |\n  x\n    \nb: 1\n',
      'a: |\r\n  x\r\n    \r\nb: 1\r\n',
      'a: >-\n  x\n\n  y\n   \nb: 1\n',
      'a: |\n  x\n# c\nb: 1\n',
    ];
    const counts = { fast: 0, fallback: 0 };
    for (const t of texts) counts[compare(t, JSON.stringify(t))]++;
    assert.ok(counts.fast >= texts.length - 2, JSON.stringify(counts));
  });

  it('reads a long one-line flow document (JSON saved as YAML) like the reference', () => {
    const list = Array.from({ length: 4000 }, (_, i) => ({ name: `item-${i}`, value: `v${i}`, n: i, on: i % 2 === 0 }));
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, list }) + '\n';
    assert.ok(text.length > 200_000);
    assert.strictEqual(compare(text, 'one-line JSON'), 'fast');
  });

  it('reads plain scalars as the yaml core schema does, tags as unknown nodes, and places offsets by a base', () => {
    const text = 'a: 0o17\nb: 0x1F\nc: 1_000\nd: 0.10\ne: True\nf: ~\ng: yes\nh: 2001-01-01\ni: !Ref  Bucket\nj: !If\n  - c\n  - x\nk: "q"  # c\nl: |-\n  x\n\nm:\n  - [1, {n: 2}]\n';
    assert.strictEqual(compare(text, 'scalars'), 'fast');
    const t = fastYamlTree(text, 100);
    const get = (k) => tree.get(t, k);
    assert.deepStrictEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => tree.toPlain(get(k))), [15, 31, '1_000', 0.1, true, null, 'yes', '2001-01-01']);
    assert.deepStrictEqual({ type: get('i').type, tag: get('i').tag, inner: get('i').inner.value }, { type: 'unknown', tag: '!Ref', inner: 'Bucket' });
    assert.strictEqual(text.slice(get('k').start - 100, get('k').end - 100), '"q"');
    assert.strictEqual(tree.entry(t, 'm').keyStart - 100, text.indexOf('m:'));
  });

  it('agrees on documents generated from arbitrary values in every style, damaged by comments, blanks and tags', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('', ' ', 'true', 'False', 'null', '~', '0.10', '0x1F', '0o17', '1e3', '-.inf', 'yes', 'a: b', '- x', '# c', 'x #y', '"q"', "'s'", '*', 'arn:aws:s3:::b/*', '{{ .Values.x }}', 'a\nb', 'line\n', '\\', '@x', '`x`', '%x', '!x', '&x', '|', '>'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('Ref', 'Condition', 'Fn::Sub', 'on', 'true', '1', 'a b', '-k', 'k:'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('arr'), tie('obj')),
      arr: fc.array(tie('node'), { maxLength: 4 }),
      obj: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).node;
    const style = fc.record({
      indent: fc.integer({ min: 2, max: 4 }),
      indentSeq: fc.boolean(),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      lineWidth: fc.constantFrom(0, 20, 80),
    });
    const damage = fc.array(
      fc.record({ line: fc.nat(), what: fc.constantFrom('comment', 'indented comment', 'less-indented comment', 'deeper comment', 'blank', 'blank spaces', 'trailing spaces', 'same-line comment', 'empty value', 'tag', 'crlf') }),
      { maxLength: 4 },
    );
    let fast = 0;
    let all = 0;
    fc.assert(
      fc.property(value, style, damage, (v, opts, edits) => {
        let text;
        try {
          text = YAML.stringify(v, { ...opts, defaultKeyType: opts.defaultKeyType ?? undefined });
        } catch {
          return;
        }
        const lines = text.split('\n');
        for (const e of edits) {
          const i = e.line % Math.max(1, lines.length);
          const indent = /^\s*/.exec(lines[i] ?? '')[0];
          if (e.what === 'comment') lines.splice(i, 0, '# a comment');
          else if (e.what === 'indented comment') lines.splice(i, 0, `${indent}# a comment`);
          else if (e.what === 'less-indented comment') lines.splice(i, 0, `${indent.slice(2)}# a comment`);
          else if (e.what === 'deeper comment') lines.splice(i, 0, `${indent}    # a comment`);
          else if (e.what === 'blank spaces') lines.splice(i, 0, `${indent}      `);
          else if (e.what === 'empty value') lines.splice(i, 0, `${indent}${/^\s*- /.test(lines[i] ?? '') ? '- ' : ''}zz:`);
          else if (e.what === 'blank') lines.splice(i, 0, '');
          else if (e.what === 'trailing spaces') lines[i] = (lines[i] ?? '') + '  ';
          else if (e.what === 'same-line comment' && lines[i]) lines[i] += ' # c';
          else if (e.what === 'tag' && lines[i]) lines[i] = lines[i].replace(/^(\s*(?:- )?[\w"' -]+: )(?=\S)/, '$1!Sub ');
          else if (e.what === 'crlf' && i < lines.length - 1) lines[i] += '\r';
        }
        const damaged = lines.join('\n');
        all++;
        if (compare(damaged, JSON.stringify(damaged)) === 'fast') fast++;
      }),
      { numRuns: Number(process.env.YAML_FAST_RUNS || 1500), seed: Number(process.env.YAML_FAST_SEED || 20261203) },
    );
    // Most generated documents take the fast path: the property is not met by falling back.
    assert.ok(fast >= 0.5 * all, `fast ${fast} of ${all}`);
  });
});
