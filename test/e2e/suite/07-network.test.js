'use strict';
// Family `network` in the real editor:
// (a) the example's Deployment that no NetworkPolicy selects is underlined
//     (network/no-policy on its name),
// (b) the quick fix that appends a NetworkPolicy to the file is applied and
//     saved: the warning goes and the appended document is a valid
//     NetworkPolicy (schemas/networkpolicy.schema.json),
// (c) cross-file: a NetworkPolicy written into another file clears the
//     warning of an open Deployment without reopening it,
// (d) the quick fix that creates <name>-networkpolicy.yaml does the same.

const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

// The suite is loaded from the repository (extensionTestsPath), so its node_modules and schemas are there.
const REPO = path.resolve(__dirname, '..', '..', '..');
const YAML = require(require.resolve('yaml', { paths: [REPO] }));
const Ajv = require(require.resolve('ajv', { paths: [REPO] }));
const SCHEMA = require(path.join(REPO, 'schemas', 'networkpolicy.schema.json'));

const NO_POLICY = 'network/no-policy';

function deploymentYaml(name, namespace) {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    `      app: ${name}`,
    '  template:',
    '    metadata:',
    '      labels:',
    `        app: ${name}`,
    '        tier: worker',
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ghcr.io/example/${name}:1.0.0`,
    '',
  ].join('\n');
}

function noPolicyOn(uri, name) {
  return () => h.ours(uri).find((d) => h.codeOf(d) === NO_POLICY && d.message.includes(`"${name}"`));
}

async function quickFixes(uri, range) {
  return (
    (await h.retryCanceled(
      () => vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 50),
      { what: 'vscode.executeCodeActionProvider' },
    )) || []
  );
}

function describeActions(actions) {
  return actions.length ? actions.map((a) => `  "${a.title}"${a.isPreferred ? ' (preferred)' : ''} edit=${a.edit ? 'yes' : 'no'}`).join('\n') : '  (none)';
}

function validateNetworkPolicy(policy) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(SCHEMA);
  const ok = validate(policy);
  assert.ok(ok, `the NetworkPolicy does not validate against schemas/networkpolicy.schema.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(policy, null, 2)}`);
}

describe('Micro-App Guard: network isolation', function () {
  const opened = [];

  before(async function () {
    await h.ensureActive();
  });

  after(async function () {
    for (const doc of opened) if (doc.isDirty) await doc.save();
  });

  it(`underlines the example Deployment as ${NO_POLICY} and fixes it by appending a NetworkPolicy`, async function () {
    const uri = h.workspaceUri('k8s/deployment.yaml');
    const { doc } = await h.openInEditor(uri);
    opened.push(doc);
    const diag = await h.waitFor(noPolicyOn(uri, 'standup-bot'), { uri, timeout: 20000, what: `${NO_POLICY} on Deployment standup-bot` });
    h.note(`${h.describeDiagnostic(diag)}`);
    assert.strictEqual(diag.source, h.SOURCE);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(doc.getText(diag.range), 'standup-bot', 'the squiggle is on the Deployment\'s name');
    assert.strictEqual(doc.lineAt(diag.range.start.line).text.trim(), 'name: standup-bot');
    assert.match(diag.message, /namespace "bots"/);
    const docsBefore = YAML.parseAllDocuments(doc.getText()).length;

    const actions = await quickFixes(uri, diag.range);
    const fix = actions.find((a) => typeof a.title === 'string' && a.title.startsWith('Add a NetworkPolicy for Deployment "standup-bot"') && a.edit);
    assert.ok(fix, `no "Add a NetworkPolicy" quick fix; offered:\n${describeActions(actions)}`);
    h.note(`network quick fixes offered:\n${describeActions(actions)}\n  applying "${fix.title}"`);

    const started = Date.now();
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, `workspace.applyEdit refused "${fix.title}"`);
    assert.ok(await doc.save(), 'save failed');
    await h.waitFor(() => (noPolicyOn(uri, 'standup-bot')() ? undefined : true), { uri, timeout: 20000, what: `${NO_POLICY} to go after "${fix.title}"` });
    const elapsed = Date.now() - started;
    h.note(`fix + save -> ${NO_POLICY} gone: ${elapsed} ms`);
    this.test.title += ` (${elapsed} ms)`;

    const docs = YAML.parseAllDocuments(doc.getText());
    const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
    assert.deepStrictEqual(errors, [], `the file no longer parses as YAML:\n${doc.getText()}`);
    assert.strictEqual(docs.length, docsBefore + 1, 'exactly one YAML document appended');
    assert.strictEqual(docs[0].toJS().kind, 'Deployment', 'the Deployment is still first');
    const policy = docs[docs.length - 1].toJS();
    validateNetworkPolicy(policy);
    assert.strictEqual(policy.kind, 'NetworkPolicy');
    assert.strictEqual(policy.metadata.namespace, 'bots');
    assert.deepStrictEqual(policy.spec.podSelector, { matchLabels: { app: 'standup-bot' } });
    assert.deepStrictEqual([...policy.spec.policyTypes].sort(), ['Egress', 'Ingress']);
    assert.ok(
      (policy.spec.egress || []).some((r) => (r.ports || []).some((p) => p.port === 53)),
      `no DNS egress in the generated policy: ${JSON.stringify(policy.spec.egress)}`,
    );
    // The rest of the file is untouched: its secret finding is still reported.
    await h.waitFor(() => h.ours(uri).find((d) => h.codeOf(d) === 'secret/k8s-env-literal'), { uri, timeout: 10000, what: 'secret/k8s-env-literal still reported' });
    h.note(`after the network fix, k8s/deployment.yaml:\n${h.describeDiagnostics(h.ours(uri))}`);
  });

  it('clears the warning of an open Deployment when a NetworkPolicy is written into another file', async function () {
    const uri = h.workspaceUri('k8s/digest-worker.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(deploymentYaml('digest-worker', 'bots')));
    const { doc } = await h.openInEditor(uri);
    opened.push(doc);
    const diag = await h.waitFor(noPolicyOn(uri, 'digest-worker'), { uri, timeout: 20000, what: `${NO_POLICY} on Deployment digest-worker` });
    assert.strictEqual(doc.getText(diag.range), 'digest-worker');
    // The policy appended to deployment.yaml selects app: standup-bot only.
    await h.settleDiagnostics(uri, { quietMs: 1000, firstEventMs: 1500 });
    assert.ok(noPolicyOn(uri, 'digest-worker')(), `${NO_POLICY} went away before any policy for digest-worker existed:\n${h.diagnosticsReport(uri)}`);

    const policyUri = h.workspaceUri('k8s/policies/digest-worker-netpol.yaml');
    const policyText = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: digest-worker',
      '  namespace: bots',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      app: digest-worker',
      '  policyTypes: [Ingress, Egress]',
      '  egress:',
      '    - to:',
      '        - namespaceSelector: {}',
      '          podSelector:',
      '            matchLabels:',
      '              k8s-app: kube-dns',
      '      ports:',
      '        - { protocol: UDP, port: 53 }',
      '',
    ].join('\n');
    validateNetworkPolicy(YAML.parse(policyText));
    const started = Date.now();
    await vscode.workspace.fs.writeFile(policyUri, Buffer.from(policyText));
    await h.waitFor(() => (noPolicyOn(uri, 'digest-worker')() ? undefined : true), {
      uri,
      timeout: 20000,
      what: `${NO_POLICY} on the open digest-worker.yaml to go after writing k8s/policies/digest-worker-netpol.yaml`,
    });
    const elapsed = Date.now() - started;
    h.note(`NetworkPolicy written in another file -> ${NO_POLICY} gone on the open Deployment: ${elapsed} ms`);
    this.test.title += ` (${elapsed} ms)`;
    assert.ok(vscode.workspace.textDocuments.some((d) => d === doc && !d.isClosed), 'the Deployment stayed open (not reopened)');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === policyUri.toString()), 'the policy file was never opened');

    // And back: deleting the policy brings the warning back on the open Deployment.
    await vscode.workspace.fs.delete(policyUri);
    await h.waitFor(noPolicyOn(uri, 'digest-worker'), { uri, timeout: 20000, what: `${NO_POLICY} to come back after deleting the policy file` });
  });

  it('creates <name>-networkpolicy.yaml with the quick fix that writes a new file', async function () {
    const uri = h.workspaceUri('k8s/reporter.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(deploymentYaml('reporter', 'bots')));
    const { doc } = await h.openInEditor(uri);
    opened.push(doc);
    const diag = await h.waitFor(noPolicyOn(uri, 'reporter'), { uri, timeout: 20000, what: `${NO_POLICY} on Deployment reporter` });
    const actions = await quickFixes(uri, diag.range);
    const fix = actions.find((a) => a.title === 'Create reporter-networkpolicy.yaml with a NetworkPolicy for Deployment "reporter"' && a.edit);
    assert.ok(fix, `no "Create reporter-networkpolicy.yaml" quick fix; offered:\n${describeActions(actions)}`);

    const started = Date.now();
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, `workspace.applyEdit refused "${fix.title}"`);
    const created = h.workspaceUri('k8s/reporter-networkpolicy.yaml');
    await h.waitFor(() => (noPolicyOn(uri, 'reporter')() ? undefined : true), { uri, timeout: 20000, what: `${NO_POLICY} to go after "${fix.title}"` });
    const elapsed = Date.now() - started;
    h.note(`create-file fix -> ${NO_POLICY} gone: ${elapsed} ms`);
    this.test.title += ` (${elapsed} ms)`;
    assert.strictEqual(doc.getText(), deploymentYaml('reporter', 'bots'), 'the Deployment file itself is unchanged');

    await vscode.workspace.fs.stat(created).then(undefined, () => assert.fail('k8s/reporter-networkpolicy.yaml was not created'));
    const loaded = vscode.workspace.textDocuments.find((d) => d.uri.toString() === created.toString());
    h.note(`created file: ${loaded ? `loaded in the editor (dirty: ${loaded.isDirty})` : 'not loaded as a document'}`);
    // Like a user: open it, save it (a no-op when the edit was written straight to disk).
    const policyDoc = await vscode.workspace.openTextDocument(created);
    opened.push(policyDoc);
    if (policyDoc.isDirty) assert.ok(await policyDoc.save(), 'save failed');
    const onDisk = Buffer.from(await vscode.workspace.fs.readFile(created)).toString('utf8');
    const policy = YAML.parse(onDisk);
    validateNetworkPolicy(policy);
    // It selects the pod template's labels (all of them select exactly these pods).
    assert.deepStrictEqual(policy.spec.podSelector, { matchLabels: { app: 'reporter', tier: 'worker' } });
    assert.strictEqual(policy.metadata.namespace, 'bots');
    await h.settleDiagnostics(uri, { quietMs: 1000, firstEventMs: 3000 });
    assert.ok(!noPolicyOn(uri, 'reporter')(), `${NO_POLICY} came back after saving the created file:\n${h.diagnosticsReport(uri)}`);
  });
});
