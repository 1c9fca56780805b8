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
