// Bundles the VS Code client, the language server + CLI, and the engine (for
// tests and the benchmark) with esbuild. secretlint is ESM-only; esbuild turns
// it into CommonJS inside the bundles so everything runs on Node 20.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/engine/index.ts'], outfile: 'dist/engine.js' },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const t = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built dist/ in ${Date.now() - t} ms`);
}

// docs/rules.md is generated from the one rule registry, so it never drifts.
if (!watch) {
  const { createRequire } = await import('module');
  const fs = await import('fs');
  const require = createRequire(import.meta.url);
  const { RULES, docsAnchor } = require('../dist/engine.js');
  const lines = [
    '# Micro-App Guard rules',
    '',
    'Generated from the rule registry (`server/src/engine/registry.ts`) by `npm run build`. Every diagnostic has',
    '`source` "microapp-guard", `code` = the rule id and `data.category`.',
    '',
    '| Rule | Category | Default severity | What it finds |',
    '| --- | --- | --- | --- |',
    ...RULES.map((r) => `| [\`${r.id}\`](#${docsAnchor(r.id)}) | ${r.category} | ${r.severity} | ${r.title} |`),
    '',
  ];
  for (const r of RULES) {
    lines.push(`<a id="${docsAnchor(r.id)}"></a>`, `## ${r.id}`, '', `**${r.title}**. Category \`${r.category}\`, default severity \`${r.severity}\`.`, '', r.description, '', r.docs, '', `**Fix:** ${r.fix}`, '');
    if (r.docsUrl) lines.push(`Upstream documentation: ${r.docsUrl}`, '');
  }
  fs.mkdirSync('docs', { recursive: true });
  fs.writeFileSync('docs/rules.md', lines.join('\n'));
}
