// The shipped artefact in a real VS Code: packages the .vsix (production
// bundles, .vscodeignore applied, vsce's own secret check passed), unpacks it
// and runs the same end-to-end suite against the unpacked extension.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', ...opts });

const vsix = path.join(repo, 'microapp-guard.vsix');
fs.rmSync(vsix, { force: true });
let r = run('npm', ['run', 'package']);
if (r.status !== 0 || !fs.existsSync(vsix)) {
  console.error('[vsix] FAIL: npm run package did not produce microapp-guard.vsix');
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-vsix-'));
r = run('unzip', ['-q', vsix, '-d', dir]);
if (r.status !== 0) {
  console.error('[vsix] FAIL: cannot unzip the package');
  process.exit(1);
}
const ext = path.join(dir, 'extension');
const listing = fs.readdirSync(path.join(ext, 'dist')).sort();
if (JSON.stringify(listing) !== JSON.stringify(['THIRD-PARTY-NOTICES.txt', 'extension.js', 'server.js'])) {
  console.error(`[vsix] FAIL: unexpected dist/ in the package: ${listing.join(', ')}`);
  process.exit(1);
}
console.log(`[vsix] packaged ${(fs.statSync(vsix).size / 1024).toFixed(0)} KB; running the suite against ${ext}`);
r = run(process.execPath, [path.join(repo, 'test', 'e2e', 'run-code-server.mjs')], {
  env: { ...process.env, E2E_EXTENSION_PATH: ext, E2E_SCREENSHOT: path.join('test-results', 'e2e-vsix.png') },
});
fs.rmSync(dir, { recursive: true, force: true });
// Leave the development build in dist/ as it was before packaging.
run('node', ['scripts/build.mjs']);
console.log(`[vsix] ${r.status === 0 ? 'PASS' : 'FAIL'}`);
process.exit(r.status ?? 1);
