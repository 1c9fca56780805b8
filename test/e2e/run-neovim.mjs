// A second real editor: Neovim's built-in LSP client (push diagnostics only)
// against `microapp-guard lsp --stdio`. Needs `nvim` (Debian's neovim, 0.7+;
// scripts/setup-e2e.sh installs it). Exits non-zero with a clear message on failure.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import assert from 'assert';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (spawnSync('nvim', ['--version']).error) {
  const setup = spawnSync('bash', [path.join(repo, 'scripts', 'setup-e2e.sh')], { stdio: 'inherit' });
  if (setup.status !== 0 || spawnSync('nvim', ['--version']).error) {
    console.error('run-neovim: nvim is not installed (apt-get install neovim) and scripts/setup-e2e.sh could not install it');
    process.exit(1);
  }
}
const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-nvim-'));
fs.cpSync(path.join(repo, 'examples', 'slack-bot'), ws, { recursive: true });
const outFile = path.join(ws, '.nvim-out.jsonl');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-nvim-home-'));
const started = Date.now();
const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(repo, 'test', 'e2e', 'neovim', 'check.lua'), 'src/app.js'], {
  cwd: ws,
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'c'), XDG_DATA_HOME: path.join(home, 'd'), XDG_STATE_HOME: path.join(home, 's'), XDG_CACHE_HOME: path.join(home, 'x'), NVIM_OUT: outFile, MAG_SERVER: path.join(repo, 'dist', 'server.js') },
  encoding: 'utf8',
  timeout: 60000,
});
const steps = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
const byStep = Object.fromEntries(steps.map((s) => [s.step, s]));
try {
  assert.ok(!byStep.error, `Lua error: ${byStep.error?.error}`);
  assert.strictEqual(r.status, 0, `nvim exited with ${r.status} ${r.signal ?? ''}\n${r.stderr}`);
  const open = byStep.open;
  assert.ok(open, 'no diagnostics step recorded');
  const codes = open.diagnostics.map((d) => `${d.line}:${d.code}`);
  assert.ok(codes.includes('6:secretlint/slack'), `expected secretlint/slack on line 6, got ${codes}`);
  assert.ok(open.diagnostics.every((d) => d.source === 'microapp-guard'));
  assert.ok(!open.diagnostics.some((d) => d.line === 8 || d.line === 9), 'no diagnostic on the UUID or SHA lines');
  assert.ok(!JSON.stringify(open).includes('Nw6TJHbvfkm3xRqbq2uVsyZ3'), 'no secret value in any message');
  const typed = byStep.typed;
  assert.ok(typed.diagnostics.some((d) => d.line === 3 && d.code === 'secretlint/github'), `typed GitHub token not reported: ${JSON.stringify(typed.diagnostics)}`);
  const fixed = byStep.fixed;
  assert.ok(fixed.chosen && fixed.chosen.startsWith('Replace with process.env.'), `preferred fix: ${fixed.chosen}; offered: ${fixed.titles}`);
  assert.ok(!fixed.diagnostics.some((d) => d.line === 3 && d.code === 'secretlint/github'), 'the fixed finding is gone');
  assert.match(fixed.text, /const gh = process\.env\.GITHUB_TOKEN;/);
  const iam = byStep.iam;
  assert.ok(iam, 'no step recorded for infra/bot-policy.json');
  const iamCodes = iam.diagnostics.map((d) => `${d.line}:${d.code}`);
  assert.ok(iamCodes.includes('7:iam/aws-service-wildcard'), `expected iam/aws-service-wildcard on the "s3:*" line 7 of infra/bot-policy.json, got ${iamCodes}`);
  assert.ok(iam.diagnostics.every((d) => d.source === 'microapp-guard'));
  assert.ok(!iam.diagnostics.some((d) => d.line >= 11), `the narrow DynamoDB statement is not reported: ${iamCodes}`);
  const network = byStep.network;
  assert.ok(network, 'no step recorded for k8s/deployment.yaml');
  const netCodes = network.diagnostics.map((d) => `${d.line}:${d.col}:${d.code}`);
  assert.ok(netCodes.includes('4:9:network/no-policy'), `expected network/no-policy on the Deployment's name (4:9) of k8s/deployment.yaml, got ${netCodes}`);
  assert.ok(netCodes.includes('25:22:secret/k8s-env-literal'), `expected secret/k8s-env-literal in k8s/deployment.yaml too, got ${netCodes}`);
  assert.ok(!JSON.stringify(network).includes('Xk9#mP2vL8qR'), 'no secret value in any message');
  const iamTyped = byStep['iam-typed'];
  assert.ok(iamTyped && iamTyped.line.includes('"Action": "*"'), `the policy edit did not happen: ${JSON.stringify(iamTyped)}`);
  assert.ok(iamTyped.diagnostics.some((d) => d.line === 7 && d.code === 'iam/aws-wildcard-action'), `"*" typed in infra/bot-policy.json: no iam/aws-wildcard-action on line 7: ${JSON.stringify(iamTyped.diagnostics)}`);
  const netTyped = byStep['network-typed'];
  assert.ok(netTyped, 'no step recorded after appending a NetworkPolicy');
  assert.ok(!netTyped.diagnostics.some((d) => d.code === 'network/no-policy'), `network/no-policy stayed after a NetworkPolicy was appended: ${JSON.stringify(netTyped.diagnostics)}`);
  assert.ok(netTyped.diagnostics.some((d) => d.code === 'secret/k8s-env-literal'), 'the rest of the file is still checked');
  console.log(`[neovim] typed "*" -> iam/aws-wildcard-action in ${Math.round(iamTyped.ms)} ms; appended NetworkPolicy -> network/no-policy gone in ${Math.round(netTyped.ms)} ms`);
  console.log(`[neovim] permissions: ${iamCodes.join(', ')} in ${Math.round(iam.ms)} ms (filetype ${iam.filetype || 'none'}); network: ${netCodes.join(', ')} in ${Math.round(network.ms)} ms (filetype ${network.filetype || 'none'})`);
  console.log(`[neovim] PASS (${version}): open -> ${open.diagnostics.length} diagnostics in ${Math.round(open.ms)} ms; typed secret -> diagnostic in ${Math.round(typed.ms)} ms; quick-fix "${fixed.chosen}" applied; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
} catch (e) {
  console.error(`[neovim] FAIL (${version}): ${e.message}\nsteps: ${JSON.stringify(steps, null, 2)}\nstderr: ${r.stderr}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(ws, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
}
