'use strict';
// The registration manifest in the real editor, on the example app:
// (a) "Micro-App Guard: Export Registration Manifest" from the palette writes
//     microapp.yaml (score 9, manual review, incomplete: the example's OAuth
//     scopes reach personal data (restricted), it has broad grants, calls
//     listed SaaS, and has package.json dependencies without a vulnerability
//     report, which scores 0 and names the command that makes one; 6,
//     auto-approve, after the preferred fixes; the four factors) and sbom.cdx.json, opens it, and no
//     secret value of the workspace is in either file,
// (b) a field filled by hand survives a second export; computed fields that
//     were tampered with are refreshed,
// (c) while the manifest is edited: a schema error on the exact node, a
//     disagreement with the workspace, the CodeLens with the score and the
//     gate (the buffer's raised sensitivity counts), hover from the schema,
// (d) "Export Backstage catalog-info.yaml" writes a Component with the risk
//     in its annotations.
//
// Earlier suites edit the workspace copy (fixed secrets, added policies and
// deployments); this one first puts the example's files back as they are in
// examples/slack-bot, so its figures are the example's whatever ran before.
// It runs last (file name order) and nothing after it depends on the workspace.

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

// The suite is loaded from the repository (extensionTestsPath): its node_modules, schemas and example are there.
const REPO = path.resolve(__dirname, '..', '..', '..');
const YAML = require(require.resolve('yaml', { paths: [REPO] }));
const SCHEMA = require(path.join(REPO, 'schemas', 'registration-manifest.schema.json'));
const EXAMPLE = path.join(REPO, 'examples', 'slack-bot');

const EXPORT_MANIFEST = 'microappGuard.exportManifest';
const EXPORT_BACKSTAGE = 'microappGuard.exportBackstage';
const MANIFEST = 'microapp.yaml';
const SBOM = 'sbom.cdx.json';
const CATALOG = 'catalog-info.yaml';
const RISK_LINE = 'Risk 9 (manual-review, incomplete) now; 6 (auto-approve, incomplete) after the preferred fixes';
const ESCALATION = '#standup-oncall (PagerDuty rotation "standup-bot")';

// ------------------------------------------------------------- helpers --

/** Files of a local folder, as posix paths relative to it (no node_modules). */
function localFiles(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...localFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Files of the workspace folder through the editor's file system, relative posix paths. */
async function workspaceFiles(rel = '') {
  const out = [];
  const uri = rel ? h.workspaceUri(rel) : h.workspaceUri('.');
  for (const [name, type] of await vscode.workspace.fs.readDirectory(uri)) {
    const r = rel ? `${rel}/${name}` : name;
    if (name === 'node_modules') continue;
    if (type & vscode.FileType.Directory) out.push(...(await workspaceFiles(r)));
    else if (type & vscode.FileType.File) out.push(r);
  }
  return out;
}

async function readWorkspaceText(rel) {
  return Buffer.from(await vscode.workspace.fs.readFile(h.workspaceUri(rel))).toString('utf8');
}

async function exists(rel) {
  try {
    await vscode.workspace.fs.stat(h.workspaceUri(rel));
    return true;
  } catch {
    return false;
  }
}

/** The text of `range` in `text` (VS Code positions are UTF-16 offsets, like JS strings). */
function textAt(text, range) {
  const lines = text.split('\n');
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

/** The YAML node (value) at a key path of the editor's document, with its range. */
function yamlNode(doc, keyPath) {
  const parsed = YAML.parseDocument(doc.getText());
  const node = parsed.getIn(keyPath, true);
  assert.ok(node && node.range, `no node at ${keyPath.join('.')} in ${vscode.workspace.asRelativePath(doc.uri)}:\n${doc.getText().slice(0, 2000)}`);
  return { node, range: new vscode.Range(doc.positionAt(node.range[0]), doc.positionAt(node.range[1])) };
}

/** The key node of a key path (for hover). */
function yamlKey(doc, keyPath) {
  const parsed = YAML.parseDocument(doc.getText());
  const parent = keyPath.length > 1 ? parsed.getIn(keyPath.slice(0, -1), true) : parsed.contents;
  const pair = parent && parent.items && parent.items.find((p) => p.key && p.key.value === keyPath[keyPath.length - 1]);
  assert.ok(pair && pair.key.range, `no key ${keyPath.join('.')} in ${vscode.workspace.asRelativePath(doc.uri)}`);
  return new vscode.Range(doc.positionAt(pair.key.range[0]), doc.positionAt(pair.key.range[1]));
}

/** Replace the value at `keyPath` with `text` through a WorkspaceEdit (unsaved). Returns the new value's range. */
async function setValue(doc, keyPath, text) {
  const { range } = yamlNode(doc, keyPath);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, text);
  assert.strictEqual(await vscode.workspace.applyEdit(edit), true, `workspace.applyEdit refused the edit of ${keyPath.join('.')}`);
  const after = yamlNode(doc, keyPath).range;
  assert.strictEqual(doc.getText(after), text, `${keyPath.join('.')} after the edit`);
  return after;
}

function manifestDiag(uri, code, range) {
  return () => h.ours(uri).find((d) => h.codeOf(d) === code && (!range || d.range.isEqual(range)));
}

function lensTitles(lenses) {
  return (lenses || []).map((l) => `L${l.range.start.line + 1} "${l.command ? l.command.title : '(unresolved)'}"`).join('\n  ') || '(none)';
}

async function codeLenses(uri) {
  return (await h.retryCanceled(() => vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 10), { what: 'vscode.executeCodeLensProvider' })) || [];
}

function hoverText(hovers) {
  return (hovers || [])
    .flatMap((hv) => hv.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** Run a palette command and wait for its file; the commands report failures only in a notification. */
async function runExport(command, rel) {
  const before = (await exists(rel)) ? (await vscode.workspace.fs.stat(h.workspaceUri(rel))).mtime : undefined;
  const started = Date.now();
  await vscode.commands.executeCommand(command);
  const elapsed = Date.now() - started;
  assert.ok(await exists(rel), `${command} wrote no ${rel} at the workspace root (it reports errors in a notification only; see the Micro-App Guard log)`);
  const stat = await vscode.workspace.fs.stat(h.workspaceUri(rel));
  if (before !== undefined) assert.ok(stat.mtime >= before, `${rel} was not written again`);
  return elapsed;
}

/** Every secret text the engine reports in the example's files, from the diagnostics' ranges. */
async function secretTexts(files) {
  const out = [];
  for (const rel of files) {
    const diags = h.ours(h.workspaceUri(rel)).filter((d) => h.codeOf(d).startsWith('secret'));
    if (diags.length === 0) continue;
    const text = await readWorkspaceText(rel);
    for (const d of diags) {
      const raw = textAt(text, d.range);
      const bare = raw.replace(/^["']|["']$/g, '');
      const values = [bare];
      // A committed .env line is reported whole (NAME=value): its value alone must not appear either.
      const eq = bare.indexOf('=');
      if (eq > 0) values.push(bare.slice(eq + 1));
      for (const v of values) if (v.length >= 8) out.push({ file: rel, line: d.range.start.line + 1, rule: h.codeOf(d), value: v });
    }
  }
  return out;
}

function assertNoSecrets(name, text, secrets) {
  const leaked = secrets.filter((s) => text.includes(s.value));
  assert.deepStrictEqual(
    leaked.map((s) => `${s.rule} ${s.file}:${s.line} (${s.value.length} characters)`),
    [],
    `${name} contains secret value(s) the engine reports in the workspace`,
  );
}

const isLoaded = (uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

/**
 * Put the example back as it is in the repository (earlier suites changed it), so that the
 * server's view matches the disk. A file whose editor was closed stays loaded in VS Code (and
 * open for the language server, which owns no disk view of it then); the client pulls its
 * diagnostics again only while it is shown in an editor, so its findings and published facts
 * stay as they were when it changes or goes (seen with code-server 4.100.3; see the report).
 * So a loaded file is emptied in an editor and saved before it is deleted, and a rewritten one
 * is shown in an editor once VS Code has reloaded it.
 */
async function resetWorkspace(exampleFiles) {
  const started = Date.now();
  for (const d of vscode.workspace.textDocuments) if (d.isDirty) await d.save();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const extra = (await workspaceFiles()).filter((f) => !exampleFiles.includes(f) && !f.startsWith('.vscode/'));
  for (const f of extra) {
    const uri = h.workspaceUri(f);
    if (isLoaded(uri)) {
      const { doc, editor } = await h.openInEditor(uri);
      const had = h.ours(uri).length;
      assert.ok(await editor.edit((b) => b.delete(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)))), `editor.edit refused to empty ${f}`);
      assert.ok(await doc.save(), `save of the emptied ${f} failed`);
      if (had) await h.waitFor(() => h.ours(uri).length === 0, { uri, timeout: 15000, what: `no finding left in the emptied ${f}` });
      else await h.settleDiagnostics(uri, { quietMs: 500, firstEventMs: 1500 });
    }
    await vscode.workspace.fs.delete(uri);
  }
  const rewritten = [];
  for (const f of exampleFiles) {
    const want = fs.readFileSync(path.join(EXAMPLE, f));
    let have;
    try {
      have = Buffer.from(await vscode.workspace.fs.readFile(h.workspaceUri(f)));
    } catch {
      have = undefined;
    }
    if (!have || !have.equals(want)) {
      await vscode.workspace.fs.writeFile(h.workspaceUri(f), want);
      rewritten.push(f);
    }
  }
  for (const f of rewritten) {
    const loaded = isLoaded(h.workspaceUri(f));
    if (!loaded) continue;
    const want = fs.readFileSync(path.join(EXAMPLE, f), 'utf8');
    await h.waitFor(() => loaded.getText() === want, { timeout: 10000, what: `the loaded ${f} to be reloaded from disk` });
    await h.openInEditor(h.workspaceUri(f));
  }
  h.note(`manifest suite: workspace reset to examples/slack-bot (removed ${extra.join(', ') || 'nothing'}; rewrote ${rewritten.join(', ') || 'nothing'})`);
  // The Slack token that the secrets suite fixed is reported again once the server has seen the reset.
  const app = h.workspaceUri(h.APP_FILE);
  await h.waitFor(() => h.ours(app).find((d) => h.codeOf(d) === 'secretlint/slack' && d.range.start.line === 5), {
    uri: app,
    timeout: 30000,
    what: 'secretlint/slack on line 6 of the restored src/app.js',
  });
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  h.note(`manifest suite: reset and re-diagnosed in ${Date.now() - started} ms`);
}

// --------------------------------------------------------------- suite --

describe('Micro-App Guard: registration manifest', function () {
  const exampleFiles = localFiles(EXAMPLE).sort();
  const manifestUri = () => h.workspaceUri(MANIFEST);
  /** @type {vscode.TextDocument} */ let doc;
  let exported; // the first export, parsed
  let secrets = [];

  before(async function () {
    this.timeout(150000);
    await h.ensureActive();
    await resetWorkspace(exampleFiles);
  });

  after(async function () {
    for (const d of vscode.workspace.textDocuments) if (d.isDirty) await d.save();
  });

  it(`contributes "${EXPORT_MANIFEST}" to the palette and registers it`, async function () {
    const ext = await h.ensureActive();
    const contributed = (ext.packageJSON.contributes.commands || []).find((c) => c.command === EXPORT_MANIFEST);
    assert.ok(contributed, `package.json contributes no ${EXPORT_MANIFEST}`);
    assert.strictEqual(`${contributed.category}: ${contributed.title}`, 'Micro-App Guard: Export Registration Manifest');
    const palette = ((ext.packageJSON.contributes.menus || {}).commandPalette || []).find((m) => m.command === EXPORT_MANIFEST);
    assert.ok(!palette || palette.when !== 'false', `${EXPORT_MANIFEST} is hidden from the palette: ${JSON.stringify(palette)}`);
    const commands = await vscode.commands.getCommands(true);
    for (const c of [EXPORT_MANIFEST, EXPORT_BACKSTAGE]) assert.ok(commands.includes(c), `${c} is not registered`);
  });

  it(`writes ${MANIFEST} and ${SBOM} at the root, opens it: 9 (manual review, incomplete), 6 (auto-approve) after the fixes`, async function () {
    for (const f of [MANIFEST, SBOM, CATALOG]) assert.ok(!(await exists(f)), `${f} exists before the export`);
    const elapsed = await runExport(EXPORT_MANIFEST, MANIFEST);
    h.note(`${EXPORT_MANIFEST}: ${elapsed} ms`);
    this.test.title += ` (${elapsed} ms)`;

    const active = vscode.window.activeTextEditor;
    assert.ok(active && active.document.uri.toString() === manifestUri().toString(), `the manifest is not the active editor (active: ${active ? active.document.uri.toString() : 'none'})`);
    doc = active.document;
    assert.strictEqual(doc.getText(), await readWorkspaceText(MANIFEST), 'the editor shows the file as written');

    const parsed = YAML.parseDocument(doc.getText());
    assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], 'the manifest is not valid YAML');
    const m = (exported = parsed.toJS());
    assert.strictEqual(m.apiVersion, 'microapp-guard/v1');
    assert.strictEqual(m.kind, 'MicroAppRegistration');
    assert.strictEqual(m.metadata.name, 'standup-bot');
    assert.strictEqual(m.risk.score, 9, `risk.score: ${JSON.stringify(m.risk, null, 1)}`);
    assert.strictEqual(m.risk.gate, 'manual-review');
    assert.strictEqual(m.risk.incomplete, true, 'no vulnerability report: the gate is incomplete');
    assert.deepStrictEqual({ score: m.risk.afterFixes.score, gate: m.risk.afterFixes.gate }, { score: 6, gate: 'auto-approve' });
    assert.deepStrictEqual(Object.keys(m.risk.factors).sort(), ['dataClass', 'externalConnectivity', 'permissionsBreadth', 'sbomVulnerabilities']);
    const factors = Object.fromEntries(Object.entries(m.risk.factors).map(([k, f]) => [k, `${f.value} ${f.points}`]));
    assert.deepStrictEqual(factors, {
      dataClass: 'restricted 3',
      permissionsBreadth: 'broad 5',
      externalConnectivity: 'listed-saas 1',
      sbomVulnerabilities: 'unknown 0',
    });
    assert.strictEqual(Object.values(m.risk.factors).reduce((n, f) => n + f.points, 0), m.risk.score, 'the score is the sum of the factors');
    for (const [k, f] of Object.entries(m.risk.factors)) assert.ok(Array.isArray(f.evidence) && f.evidence.length > 0, `factor ${k} has no evidence`);
    assert.deepStrictEqual(m.risk.afterFixes.values, { dataClass: 'restricted', permissionsBreadth: 'moderate', externalConnectivity: 'listed-saas', sbomVulnerabilities: 'unknown' });
    assert.strictEqual(m.spec.sensitivity, 'restricted');
    assert.strictEqual(m.status.state, 'incomplete');
    assert.ok(m.status.todo.includes('metadata.escalation'), `status.todo: ${m.status.todo}`);
    const sbomMissing = (m.status.missing || []).find((x) => x.field === 'risk.factors.sbomVulnerabilities');
    assert.ok(sbomMissing && /npm audit --json > npm-audit\.json/.test(sbomMissing.howToComplete), `status.missing: ${JSON.stringify(m.status.missing)}`);
    assert.strictEqual(m.spec.sbom.path, SBOM);

    // The SBOM beside it.
    assert.ok(await exists(SBOM), `${SBOM} was not written beside ${MANIFEST}`);
    const sbom = JSON.parse(await readWorkspaceText(SBOM));
    assert.strictEqual(sbom.bomFormat, 'CycloneDX');
    assert.strictEqual(sbom.specVersion, m.spec.sbom.specVersion);
    assert.strictEqual((sbom.components || []).length, m.spec.sbom.componentCount);
    h.note(`exported: ${m.risk.score} ${m.risk.gate}, after fixes ${m.risk.afterFixes.score} ${m.risk.afterFixes.gate}; todo ${m.status.todo.join(', ')}`);

    // The status bar shows the gate (the extension's API reports what the item shows).
    const api = vscode.extensions.getExtension('microapp-guard.microapp-guard').exports;
    const deadline = Date.now() + 10000;
    while (!(api.registrationGate() && api.registrationGate().score === 9) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const shown = api.registrationGate();
    assert.ok(shown, 'the status bar shows no gate');
    assert.deepStrictEqual({ score: shown.score, gate: shown.gate, incomplete: shown.incomplete }, { score: 9, gate: 'manual-review', incomplete: true });
    assert.match(shown.text, /Gate: manual-review \(9\) · incomplete/);
    assert.ok(shown.missing.some((x) => x.field === 'risk.factors.sbomVulnerabilities'), `missing: ${JSON.stringify(shown.missing)}`);

    // The exported file is checked like any manifest: nothing but TODO notes on a fresh export.
    await h.settleDiagnostics(doc.uri, { quietMs: 1500, firstEventMs: 6000 });
    const notTodo = h.ours(doc.uri).filter((d) => h.codeOf(d) !== 'manifest/todo');
    assert.deepStrictEqual(notTodo.map(h.describeDiagnostic), [], 'a fresh export disagrees with itself');
    const todos = h.ours(doc.uri).filter((d) => h.codeOf(d) === 'manifest/todo');
    assert.strictEqual(todos.length, m.status.todo.length, `one manifest/todo per TODO field:\n${h.diagnosticsReport(doc.uri)}`);
  });

  it('lists every secret the editor reports, and no secret value, in the manifest and the SBOM', async function () {
    assert.ok(exported, 'no manifest (the export test failed)');
    const locations = exported.spec.secrets.locations;
    assert.strictEqual(exported.spec.secrets.total, locations.length);
    assert.ok(locations.length >= 8, `spec.secrets.locations: ${JSON.stringify(locations)}`);
    // Each location is a diagnostic the editor shows (workspace diagnostics, files not open).
    const missing = () => locations.filter((l) => !h.ours(h.workspaceUri(l.file)).some((d) => h.codeOf(d) === l.rule && d.range.start.line + 1 === l.line));
    await h.waitFor(() => missing().length === 0, {
      timeout: 30000,
      what: () => `diagnostics for every spec.secrets location; missing: ${missing().map((l) => `${l.rule} ${l.file}:${l.line}`).join(', ')}`,
    });
    secrets = await secretTexts(exampleFiles);
    assert.ok(secrets.length >= locations.length, `secret texts read at the diagnostics' ranges: ${secrets.length}`);
    h.note(`${secrets.length} secret texts at ${locations.length} reported locations checked against the exports`);
    assertNoSecrets(MANIFEST, await readWorkspaceText(MANIFEST), secrets);
    assertNoSecrets(SBOM, await readWorkspaceText(SBOM), secrets);
  });

  it('keeps a field filled by hand when exporting again, and refreshes the computed ones', async function () {
    assert.ok(doc, 'no manifest (the export test failed)');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(editor.document, doc);
    await setValue(doc, ['metadata', 'escalation'], JSON.stringify(ESCALATION));
    // Computed fields tampered with: they must come back from the workspace.
    const scoreRange = await setValue(doc, ['risk', 'score'], '3');
    await setValue(doc, ['spec', 'secrets', 'total'], '0');
    assert.ok(await doc.save(), 'save failed');
    const flagged = await h.waitFor(manifestDiag(doc.uri, 'manifest/disagreement', scoreRange), {
      uri: doc.uri,
      timeout: 20000,
      what: 'manifest/disagreement on the tampered risk.score',
    });
    h.note(`tampered score: ${h.describeDiagnostic(flagged)}`);
    assert.match(flagged.message, /\b9\b/);
    const generatedBefore = YAML.parse(doc.getText()).generatedAt;

    await h.sleep(20); // generatedAt has millisecond resolution
    const elapsed = await runExport(EXPORT_MANIFEST, MANIFEST);
    this.test.title += ` (${elapsed} ms)`;
    const reloaded = await h.waitFor(
      () => {
        const m = YAML.parse(doc.getText());
        return m && m.generatedAt !== generatedBefore ? m : undefined;
      },
      { timeout: 15000, what: 'the open manifest to show the second export' },
    );
    assert.strictEqual(doc.isDirty, false);
    assert.strictEqual(doc.getText(), await readWorkspaceText(MANIFEST));
    assert.strictEqual(reloaded.metadata.escalation, ESCALATION, 'the hand-filled escalation did not survive the export');
    assert.ok(!reloaded.status.todo.includes('metadata.escalation'), `status.todo still lists it: ${reloaded.status.todo}`);
    assert.deepStrictEqual(reloaded.status.todo, exported.status.todo.filter((t) => t !== 'metadata.escalation'));
    assert.strictEqual(reloaded.risk.score, 9, 'risk.score recomputed');
    assert.strictEqual(reloaded.spec.secrets.total, exported.spec.secrets.total, 'spec.secrets.total recomputed');
    assert.ok(Date.parse(reloaded.generatedAt) > Date.parse(generatedBefore), `generatedAt ${generatedBefore} -> ${reloaded.generatedAt}`);
    await h.waitFor(() => !manifestDiag(doc.uri, 'manifest/disagreement')(), { uri: doc.uri, timeout: 20000, what: 'no manifest/disagreement after the second export' });
    assertNoSecrets(MANIFEST, doc.getText(), secrets);
  });

  describe('while the manifest is edited', function () {
    /** Put the saved text back (undo the unsaved edits). */
    async function revert() {
      if (!doc.isDirty) return;
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.strictEqual(doc.isDirty, false, 'revert failed');
    }

    beforeEach(async function () {
      assert.ok(doc, 'no manifest (the export test failed)');
      await vscode.window.showTextDocument(doc, { preview: false });
    });

    afterEach(async function () {
      await revert();
    });

    it('reports an invalid spec.sensitivity as manifest/schema on that value', async function () {
      const started = Date.now();
      const range = await setValue(doc, ['spec', 'sensitivity'], 'top-secret');
      const diag = await h.waitFor(manifestDiag(doc.uri, 'manifest/schema', range), {
        uri: doc.uri,
        timeout: 20000,
        what: `manifest/schema on spec.sensitivity (L${range.start.line + 1}:${range.start.character + 1}-${range.end.character + 1})`,
      });
      const elapsed = Date.now() - started;
      this.test.title += ` (${elapsed} ms)`;
      h.note(`schema error: ${h.describeDiagnostic(diag)}`);
      assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
      assert.strictEqual(doc.getText(diag.range), 'top-secret');
      assert.ok(!h.ours(doc.uri).some((d) => h.codeOf(d) === 'manifest/schema' && !d.range.isEqual(range)), `other schema errors:\n${h.diagnosticsReport(doc.uri)}`);
      await revert();
      await h.waitFor(() => !manifestDiag(doc.uri, 'manifest/schema')(), { uri: doc.uri, timeout: 20000, what: 'manifest/schema to go after reverting' });
    });

    it('flags a declared sensitivity lower than the data classes give as manifest/disagreement', async function () {
      // The example's OAuth scopes reach personal data (its own credentials are not a data class): restricted, so "public" is lower.
      const range = await setValue(doc, ['spec', 'sensitivity'], 'public');
      const diag = await h.waitFor(manifestDiag(doc.uri, 'manifest/disagreement', range), {
        uri: doc.uri,
        timeout: 20000,
        what: 'manifest/disagreement on spec.sensitivity: public',
      });
      h.note(`disagreement: ${h.describeDiagnostic(diag)}`);
      assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(diag.message, /restricted/);
    });

    it('flags permissionsBreadth "narrow" while the workspace has s3:* and cluster-admin', async function () {
      const range = await setValue(doc, ['risk', 'factors', 'permissionsBreadth', 'value'], 'narrow');
      const diag = await h.waitFor(manifestDiag(doc.uri, 'manifest/disagreement', range), {
        uri: doc.uri,
        timeout: 20000,
        what: 'manifest/disagreement on risk.factors.permissionsBreadth.value: narrow',
      });
      h.note(`disagreement: ${h.describeDiagnostic(diag)}`);
      assert.match(diag.message, /broad/);
      // The score of 9 is no longer what the file's own factors give (6).
      const score = yamlNode(doc, ['risk', 'score']).range;
      await h.waitFor(manifestDiag(doc.uri, 'manifest/disagreement', score), { uri: doc.uri, timeout: 10000, what: 'manifest/disagreement on risk.score' });
    });

    it('shows the score and the gate in a CodeLens at the top; a raised sensitivity in the buffer counts', async function () {
      let lenses = [];
      const top = () => lenses.find((l) => l.range.start.line === 0 && l.command && l.command.title === RISK_LINE);
      await h.waitFor(
        async () => {
          lenses = await codeLenses(doc.uri);
          return top();
        },
        { timeout: 20000, interval: 500, what: () => `a CodeLens "${RISK_LINE}" on line 1; lenses:\n  ${lensTitles(lenses)}` },
      );
      h.note(`code lenses:\n  ${lensTitles(lenses)}`);
      assert.strictEqual(top().command.command, 'microappGuard.server.exportManifest', 'clicking the lens exports again');
      const todo = YAML.parse(doc.getText()).status.todo.length;
      assert.ok(lenses.some((l) => l.range.start.line === 0 && l.command && l.command.title === `Incomplete: ${todo} field(s) to fill`), `no "Incomplete" lens:\n  ${lensTitles(lenses)}`);

      // The owner raises the sensitivity to regulated (unsaved): dataClass scores 5, not 3.
      await setValue(doc, ['spec', 'sensitivity'], 'regulated');
      const raised = 'Risk 11 (manual-review, incomplete) now; 8 (manual-review, incomplete) after the preferred fixes';
      await h.waitFor(
        async () => {
          lenses = await codeLenses(doc.uri);
          return lenses.find((l) => l.range.start.line === 0 && l.command && l.command.title === raised);
        },
        { timeout: 20000, interval: 500, what: () => `the CodeLens "${raised}"; lenses:\n  ${lensTitles(lenses)}` },
      );
      assert.ok(!h.ours(doc.uri).some((d) => h.codeOf(d) === 'manifest/schema'), `regulated is a valid sensitivity:\n${h.diagnosticsReport(doc.uri)}`);
      h.note(`with spec.sensitivity raised to regulated (unsaved):\n${h.diagnosticsReport(doc.uri)}`);
      await h.requestScreenshot('manifest');
    });

    it('explains a key on hover with its schema description', async function () {
      const cases = [
        { keyPath: ['spec', 'sensitivity'], schema: SCHEMA.properties.spec.properties.sensitivity, allowed: '`regulated`' },
        { keyPath: ['metadata', 'escalation'], schema: SCHEMA.properties.metadata.properties.escalation },
      ];
      for (const c of cases) {
        const key = yamlKey(doc, c.keyPath);
        const at = key.start.translate(0, 2);
        const hovers = (await h.retryCanceled(() => vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, at), { what: 'vscode.executeHoverProvider' })) || [];
        const text = hoverText(hovers);
        h.note(`hover on ${c.keyPath.join('.')}: ${JSON.stringify(text)}`);
        assert.ok(text.includes(c.schema.description), `hover on ${c.keyPath.join('.')} lacks the schema description ${JSON.stringify(c.schema.description)}; got ${JSON.stringify(text)}`);
        assert.ok(text.includes(c.keyPath.join('.')), `hover names the key path: ${JSON.stringify(text)}`);
        if (c.allowed) assert.ok(text.includes(c.allowed), `hover lists the allowed values: ${JSON.stringify(text)}`);
      }
    });
  });

  // A suite of its own so that it runs after the edits above (mocha runs a suite's tests before its child suites).
  describe('Backstage', function () {
    it(`exports ${CATALOG}: a Backstage Component with the risk in its annotations`, async function () {
      assert.ok(doc && !doc.isDirty, 'the manifest should be saved before the Backstage export');
      const elapsed = await runExport(EXPORT_BACKSTAGE, CATALOG);
      h.note(`${EXPORT_BACKSTAGE}: ${elapsed} ms`);
      this.test.title += ` (${elapsed} ms)`;
      const active = vscode.window.activeTextEditor;
      assert.ok(active && active.document.uri.toString() === h.workspaceUri(CATALOG).toString(), `${CATALOG} is not the active editor`);
      const text = await readWorkspaceText(CATALOG);
      const parsed = YAML.parseDocument(text);
      assert.deepStrictEqual(parsed.errors.map((e) => e.message), [], `${CATALOG} is not valid YAML`);
      const entity = parsed.toJS();
      assert.strictEqual(entity.apiVersion, 'backstage.io/v1alpha1');
      assert.strictEqual(entity.kind, 'Component');
      assert.strictEqual(entity.metadata.name, 'standup-bot');
      assert.strictEqual(entity.spec.type, 'service');
      assert.match(entity.spec.owner, /^user:dana/, 'the owner from package.json author');
      assert.ok((entity.spec.dependsOn || []).some((d) => d.includes('hooks.slack.com')), `dependsOn: ${JSON.stringify(entity.spec.dependsOn)}`);
      assert.deepStrictEqual(
        Object.fromEntries(Object.entries(entity.metadata.annotations).filter(([k]) => k.startsWith('microapp-guard/'))),
        {
          'microapp-guard/risk-score': '9',
          'microapp-guard/gate': 'manual-review',
          'microapp-guard/sensitivity': 'restricted',
          'microapp-guard/status': 'incomplete',
          'microapp-guard/risk-score-after-fixes': '6',
          'microapp-guard/gate-after-fixes': 'auto-approve',
        },
      );
      assertNoSecrets(CATALOG, text, secrets);
      // The manifest itself is untouched by the Backstage export (hand-filled field still there).
      assert.strictEqual(YAML.parse(await readWorkspaceText(MANIFEST)).metadata.escalation, ESCALATION);
    });
  });
});
