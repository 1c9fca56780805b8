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
    // The reference reads every line: each text is also given with a marker line that defeats the pre-filters
    // ("region location zone pino x-request-id prom-client" on a line of its own), and the evidence of the other lines
    // must be the same.
    const MARK = 'region location zone pino x-request-id prom-client us-east-1 europe-west1';
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), text), { maxLength: 5 }), (list) => {
        const files = list.map(([p, t], i) => ({ path: p.replace(/(\.[a-z]+)?$/, (e) => `${i}${e}`), text: t }));
        const marked = files.map((f) => ({ path: f.path, text: `${f.text}\n${MARK}` }));
        const lastLine = new Map(marked.map((f) => [f.path, f.text.split(/\r?\n/).length]));
        const drop = (locs) => locs.filter((l) => l.line !== lastLine.get(l.file));
        const regions = (fs) => inferRegions(fs).map((x) => ({ ...x, locations: drop(x.locations) })).filter((x) => x.locations.length);
        // Evidence lists are capped at 10: compare only where the cap was not reached.
        const a = regions(files);
        const b = regions(marked);
        for (const x of a) {
          const y = b.find((z) => z.region === x.region && z.provider === x.provider);
          if (x.locations.length < 9) assert.deepStrictEqual(y?.locations.slice(0, x.locations.length), x.locations, JSON.stringify(files));
        }
        const oa = inferObservability(files);
        const ob = inferObservability(marked);
        for (const k of Object.keys(oa)) {
          const ea = oa[k].evidence;
          const eb = ob[k].evidence.filter((e) => e.line !== lastLine.get(e.file));
          if (ea.length < 9) assert.deepStrictEqual(eb.slice(0, ea.length), ea, `${k} ${JSON.stringify(files)}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
