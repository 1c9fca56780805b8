'use strict';
// An untyped YAML document is known untyped by its keys, without a parse (issue 12: one parse, and none where
// none is needed). The sniff may say "maybe" too often, never "no" for a typed document.
const assert = require('assert');
const fc = require('fast-check');
const { engine } = require('../helpers');

const { mayBeTyped, structuredType } = engine.internals;

const KEYS = ['kind', 'apiVersion', 'metadata', 'name', 'Resources', 'Transform', 'AWSTemplateFormatVersion', 'service', 'provider', 'functions', 'Statement', 'Version', '$schema', 'settings', 'host', 'url', '"kind"', "'apiVersion'", 'Kind', 'kinds', 'spec'];
const VALUES = ['Deployment', 'v1', 'apps/v1', 'MicroAppRegistration', 'AWS::Serverless-2016-10-31', '"2010-09-09"', 'aws', 'x', '1', 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', '{kind: Pod, apiVersion: v1}', '[a, b]', ''];

/** A random YAML document: keys at random depths, some of them the ones that make a type. */
const docArb = fc.array(fc.tuple(fc.nat(3), fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), fc.boolean()), { minLength: 1, maxLength: 12 }).map((entries) => {
  const lines = [];
  let depth = 0;
  for (const [d, k, v, dash] of entries) {
    depth = Math.min(d, depth + 1);
    lines.push(`${'  '.repeat(depth)}${dash && depth > 0 ? '- ' : ''}${k}: ${v}`);
    if (v === '') depth = Math.min(depth + 1, 3);
  }
  return lines.join('\n') + '\n';
});

describe('YAML type sniff', () => {
  it('never says "untyped" for a document the parse types (property), and says it for most plain config', () => {
    let untyped = 0;
    fc.assert(
      fc.property(docArb, fc.constantFrom('/ws/config.yaml', '/ws/kustomization.yaml', '/ws/iam-policy.yaml', '/ws/serverless.yml'), (text, file) => {
        const ctx = engine.documentContext({ path: file, text });
        const parsed = ctx.yaml().map((d) => structuredType(d.tree, file));
        if (!mayBeTyped(text, file)) {
          untyped++;
          assert.deepStrictEqual(parsed.filter(Boolean), [], `sniffed untyped but typed as ${parsed}: ${text}`);
        }
      }),
      { numRuns: 600 },
    );
    assert.ok(untyped > 30, `${untyped} documents known untyped without a parse`);
  });

  it('types() with the sniff equals the types of the full parse, for typed and untyped files', () => {
    const files = {
      '/ws/k8s.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n---\nserver:\n  host: db.internal\n',
      '/ws/config.yaml': 'server:\n  host: db.internal\n  url: https://api.vendor.io/v1\nlogging:\n  level: info\n',
      '/ws/template.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n',
      '/ws/serverless.yml': 'service: app\nprovider:\n  name: aws\n',
      '/ws/flow.yaml': '{"kind": "Pod", "apiVersion": "v1"}\n',
      '/ws/base/kustomization.yaml': 'resources: [a.yaml]\nnamespace: x\n',
    };
    for (const [file, text] of Object.entries(files)) {
      const sniffed = [...engine.documentContext({ path: file, text }).types()].sort();
      const full = [...new Set(engine.documentContext({ path: file, text: text + '\n' }).yaml().map((d) => d.type).filter(Boolean))].sort();
      // Types by content (the path-based ones, compose or workflow, need no parse either way).
      const STRUCTURAL = ['kubernetes', 'kustomization', 'cloudformation', 'sam', 'serverless', 'iam-policy', 'arm-template', 'registration-manifest'];
      assert.deepStrictEqual(sniffed.filter((t) => STRUCTURAL.includes(t)), full, file);
    }
    assert.strictEqual(mayBeTyped(files['/ws/config.yaml'], '/ws/config.yaml'), false);
  });
});
