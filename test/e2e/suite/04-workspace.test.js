'use strict';
// Files that are not open: the server's workspace diagnostics put their
// findings in the Problems view (a Kubernetes env literal, a committed .env),
// and a settings change is picked up without a restart.

const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

describe('Micro-App Guard: the whole workspace', function () {
  before(async function () {
    await h.ensureActive();
  });

  it('reports findings in files that were never opened', async function () {
    const deployment = h.workspaceUri('k8s/deployment.yaml');
    const env = h.workspaceUri('.env');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === deployment.toString()), 'deployment.yaml must not be open');
    const k8s = await h.waitFor(() => h.ours(deployment).find((d) => h.codeOf(d) === 'secret/k8s-env-literal'), {
      uri: deployment,
      timeout: 20000,
      what: 'a secret/k8s-env-literal diagnostic in k8s/deployment.yaml (not opened)',
    });
    h.note(`workspace diagnostic: ${h.describeDiagnostic(k8s)}`);
    const dotenv = await h.waitFor(() => h.ours(env).find((d) => h.codeOf(d) === 'secret/dotenv-committed'), {
      uri: env,
      timeout: 20000,
      what: 'a secret/dotenv-committed diagnostic on .env',
    });
    assert.ok(!/Xk9#mP2vL8qR!/.test(dotenv.message));
  });

  it('applies a settings change without a restart (rule off, then back on)', async function () {
    const deployment = h.workspaceUri('k8s/deployment.yaml');
    const config = vscode.workspace.getConfiguration('microappGuard');
    await config.update('rules', { 'secret/k8s-env-literal': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await h.waitFor(() => (h.ours(deployment).some((d) => h.codeOf(d) === 'secret/k8s-env-literal') ? undefined : true), {
        uri: deployment,
        timeout: 20000,
        what: 'secret/k8s-env-literal to disappear after turning the rule off',
      });
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await h.waitFor(() => h.ours(deployment).find((d) => h.codeOf(d) === 'secret/k8s-env-literal'), {
      uri: deployment,
      timeout: 20000,
      what: 'secret/k8s-env-literal to come back after resetting the setting',
    });
  });
  it('keeps the workspace index for the next start in the user cache folder, signed, without a secret value', async function () {
    // The server inherits the editor's environment (the launcher sets XDG_CACHE_HOME to its scratch home).
    const xdg = process.env.XDG_CACHE_HOME;
    const dir = xdg && path.isAbsolute(xdg) ? path.join(xdg, 'microapp-guard') : path.join(os.homedir(), '.cache', 'microapp-guard');
    const root = h.workspaceRoot().fsPath;
    const file = path.join(dir, `index-${crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 32)}.json`);
    const found = await h.waitFor(() => (fs.existsSync(file) ? file : undefined), { timeout: 20000, what: `the kept index ${file}` });
    const raw = fs.readFileSync(found, 'utf8');
    h.note(`kept index: ${found} (${raw.length} bytes)`);
    assert.match(raw.slice(0, 65), /^[0-9a-f]{64}\n$/, 'an HMAC first');
    // Then a header line, and a line per file: ["relative/path", entry].
    const [header, ...lines] = raw.slice(65).split('\n').filter(Boolean);
    assert.strictEqual(JSON.parse(header).root, path.resolve(root));
    const kept = lines.map((l) => JSON.parse(l)[0]);
    assert.ok(kept.includes('k8s/deployment.yaml'), `the Deployment never opened is kept (${kept.join(', ')})`);
    assert.ok(!raw.includes('Xk9#mP2vL8qR!'), 'no secret value in the kept index');
    assert.ok(!path.resolve(found).startsWith(path.resolve(root) + path.sep), 'not inside the workspace');
  });
});
