'use strict';
// The manifest's inference reads a file's lines only when its whole text holds what a line would need (infer.ts
// inferRegions, inferObservability): the same evidence as reading every line, property-tested against a reading of
// every line, and the places a region is found without a word naming it.
const assert = require('assert');
const fc = require('fast-check');
const { internals } = require('../helpers').engine;
const { inferRegions, inferObservability } = internals.manifest;

const PIECES = [
  'region', 'Region', 'location', 'zone', 'us-east-1', 'eu-west-1', 'us-gov-west-1', 'europe-west1', 'asia-southeast1', 'eastus', 'westeurope',
  'image: ', '123456789012.dkr.ecr.', '.amazonaws.com/app', '-docker.pkg.dev/p/r/app', 'pino', 'winston', 'logging', 'json', 'x-request-id',
  'traceparent', 'prom-client', '@opentelemetry/api', 'requestId', 'JsonFormatter', '"log/slog"', 'go.uber.org/zap', ' ', '=', ':', '"', '\n', '\r\n', '-',
];
const text = fc.array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }), { maxLength: 30 }).map((a) => a.join(''));
const PATHS = ['k8s/deploy.yaml', 'infra/main.tf', 'Dockerfile', '.env', 'src/app.js', 'src/app.py', 'README.md', 'package.json', 'go.mod'];

describe('manifest: text pre-filters keep the evidence of a line-by-line reading', () => {
  it('regions: a region in infrastructure is found without a word naming it; in code only where a line names a region', () => {
    const r = inferRegions([
      { path: 'k8s/deploy.yaml', text: 'spec:\n  image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1\n' },
      { path: 'k8s/gcp.yaml', text: 'image: europe-west1-docker.pkg.dev/p/r/app\n' },
      { path: 'src/app.js', text: "const x = 'us-east-1';\n" },
    ]);
    assert.deepStrictEqual(
      r.map((x) => [x.provider, x.region, x.locations.map((l) => `${l.file}:${l.line}`)]),
      [
        ['aws', 'eu-west-1', ['k8s/deploy.yaml:2']],
        ['gcp', 'europe-west1', ['k8s/gcp.yaml:1']],
      ],
    );
  });

  it('regions and observability: the same as reading every line, for any text (property)', () => {
    // The reference reads every line: each text is also given with a last line longer than the 2,000 characters a line
    // may have to be read, which holds every signal's and region's words. The pre-filters then let every file through
    // and that line adds no evidence, so the results must be the same, evidence for evidence.
    const MARK = ' region location zone us-east-1 europe-west1 eastus pino winston python-json-logger go.uber.org/zap "log/slog" JsonFormatter logging json prom-client @opentelemetry/api x-request-id x-correlation-id traceparent requestId '.padEnd(2100, ' ');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), text), { maxLength: 5 }), (list) => {
        const files = list.map(([p, t], i) => ({ path: p.replace(/(\.[a-z]+)?$/, (e) => `${i}${e}`), text: t }));
        const marked = files.map((f) => ({ path: f.path, text: `${f.text}\n${MARK}` }));
        assert.deepStrictEqual(inferRegions(files), inferRegions(marked), JSON.stringify(files));
        assert.deepStrictEqual(inferObservability(files), inferObservability(marked), JSON.stringify(files));
      }),
      { numRuns: 3000 },
    );
  });

  it('a long line of logging words is not read as a line; a short one is (the whole text is asked the word "logging")', () => {
    // The whole-text test of "logging ... json" asks the word alone: the pattern itself backtracks to a line's end at
    // each "logging" (a 512 KiB line took seconds; docs/architecture.md, stop 26).
    const text = 'var a=logging;'.repeat(3000);
    const r = inferObservability([{ path: 'src/big.js', text }, { path: 'src/small.js', text: 'logging.basicConfig(format="json")\n' }]);
    assert.deepStrictEqual(r.structuredLogs.evidence.map((e) => `${e.file}:${e.line}:${e.indicator}`), ['src/small.js:1:logging with json']);
  });
});
