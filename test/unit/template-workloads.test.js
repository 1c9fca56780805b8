'use strict';
// Workloads found by their pod template (formats/k8s.ts) are workloads for every family: the secrets family reads
// their env literals, the manifest lists them with their isolation; a core v1 Service and a ConfigMap never are.
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');
const { engine, tmpWorkspace } = require('../helpers');

const BIN = path.join(__dirname, '..', '..', 'bin', 'microapp-guard.js');
const password = () => ['Xk9#', 'mP2v', 'L8qR', '!wT4'].join('');

const knative = (value) => `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: hello
  namespace: apps
spec:
  template:
    spec:
      containers:
        - image: ghcr.io/example/hello:1
          env:
            - name: DB_PASSWORD
              value: "${value}"
`;

const cronLike = (value) => `apiVersion: batch.example.io/v1
kind: NightlyReport
metadata:
  name: nightly
  namespace: apps
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: ghcr.io/example/report:2
              env:
                - name: SMTP_PASSWORD
                  value: "${value}"
`;

const notWorkloads = (value) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  note: "containers: image: x"
---
apiVersion: example.io/v1
kind: Widget
metadata:
  name: w
spec:
  containers: "${value}"
`;

describe('workloads found by their pod template, for every family', () => {
  it('the secrets family reports an env literal in a Knative Service and in a CRD with a job template', async () => {
    for (const [file, text] of [['knative.yaml', knative(password())], ['nightly.yaml', cronLike(password())]]) {
      const found = (await engine.analyze({ path: `/ws/${file}`, text })).findings.filter((f) => f.ruleId === 'secret/k8s-env-literal');
      assert.strictEqual(found.length, 1, `${file}: ${JSON.stringify(found.map((f) => f.ruleId))}`);
      assert.ok(!found[0].message.includes(password()), 'the value is not in the message');
    }
  });

  it('a core v1 Service, a ConfigMap and a CRD whose "containers" is not a container list hold no env literal finding', async () => {
    const r = await engine.analyze({ path: '/ws/other.yaml', text: notWorkloads(password()) });
    assert.deepStrictEqual(r.findings.filter((f) => f.ruleId === 'secret/k8s-env-literal'), []);
  });

  it('the manifest lists the Knative Service and the CRD as workloads (not isolated), and not the v1 Service', () => {
    const dir = tmpWorkspace({ 'k8s/knative.yaml': knative('from-env'), 'k8s/nightly.yaml': cronLike('from-env'), 'k8s/other.yaml': notWorkloads('x') });
    const r = spawnSync(process.execPath, [BIN, 'manifest', dir, '--format', 'json'], { encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const workloads = JSON.parse(r.stdout).spec.network.workloads;
    assert.deepStrictEqual(
      workloads.map((w) => [w.kind, w.name, w.namespace, w.ingressIsolated, w.egressIsolated]).sort(),
      [
        ['NightlyReport', 'nightly', 'apps', false, false],
        ['Service', 'hello', 'apps', false, false],
      ],
    );
  });
});
