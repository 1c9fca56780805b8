// Bench figures of the permissions and network families, measured through the
// engine bundle (dist/engine.js): analysis time of large CloudFormation and
// Terraform files, the workspace model's index build for 2,000 manifests, and
// the time to re-diagnose the open documents after one policy file changes.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { median } from './proc.mjs';

const require = createRequire(import.meta.url);

/** A CloudFormation template of about `lines` lines: roles with inline policies, a few broad. */
export function generateCfn(lines = 2000) {
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: generated for the bench', 'Resources:'];
  let i = 0;
  while (out.length < lines) {
    const broad = i % 5 === 0;
    out.push(
      `  Role${i}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      `      RoleName: !Sub "\${AWS::StackName}-role-${i}"`,
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Service: lambda.amazonaws.com}',
      '            Action: sts:AssumeRole',
      '      Policies:',
      `        - PolicyName: p${i}`,
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      `                Action: ${broad ? '"s3:*"' : '[s3:GetObject, s3:PutObject]'}`,
      `                Resource: ${broad ? '"*"' : `!Sub "arn:aws:s3:::bucket-${i}/*"`}`,
      '              - Effect: Allow',
      '                Action: [dynamodb:GetItem, dynamodb:Query]',
      `                Resource: !GetAtt Table${i}.Arn`,
    );
    i++;
  }
  return out.join('\n') + '\n';
}

/** A Terraform file of about `lines` lines: jsonencode policies, policy documents, attachments. */
export function generateTf(lines = 2000) {
  const out = [];
  let i = 0;
  while (out.length < lines) {
    const broad = i % 5 === 0;
    out.push(
      `resource "aws_iam_policy" "p${i}" {`,
      `  name = "policy-${i}"`,
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect   = "Allow"',
      `      Action   = ${broad ? '"*"' : '["sqs:SendMessage", "sqs:ReceiveMessage"]'}`,
      `      Resource = ${broad ? '"*"' : `"arn:aws:sqs:eu-west-1:123456789012:queue-${i}"`}`,
      '    }]',
      '  })',
      '}',
      '',
      `data "aws_iam_policy_document" "d${i}" {`,
      '  statement {',
      `    actions   = ["s3:GetObject"]`,
      `    resources = ["arn:aws:s3:::bucket-${i}/*"]`,
      '  }',
      '}',
      '',
    );
    i++;
  }
  return out.join('\n');
}

/** `files` manifests files of `perFile` documents each: Deployments, Services and some NetworkPolicies. */
export function generateManifests(dir, { files = 200, perFile = 10 } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const paths = [];
  let n = 0;
  for (let f = 0; f < files; f++) {
    const docs = [];
    for (let d = 0; d < perFile; d++, n++) {
      const ns = `team${n % 20}`;
      if (n % 5 === 4) {
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${n}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels: {app: app-${n - 1}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      ports: [{protocol: UDP, port: 53}]\n`);
      } else {
        docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${n}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: app-${n}}\n  template:\n    metadata:\n      labels: {app: app-${n}, tier: web}\n    spec:\n      containers:\n        - name: c\n          image: registry.local/app:${n}\n          env:\n            - name: API_URL\n              value: "https://api.vendor${n % 13}.io/v1"\n`);
      }
    }
    const p = path.join(dir, `m${f}.yaml`);
    fs.writeFileSync(p, docs.map((x) => `---\n${x}`).join(''));
    paths.push(p);
  }
  return { paths, documents: n };
}

async function timeAnalyze(engine, file, text, runs) {
  const times = [];
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    // A fresh text each run (a trailing comment), so nothing is served from the caches.
    const t = `${text}\n# run ${i}\n`;
    const s = performance.now();
    const r = await engine.analyze({ path: file, text: file.endsWith('.tf') ? t.replace(/# run/, '// run') : t }, { wholeFile: true });
    times.push(performance.now() - s);
    findings = r.findings.filter((f) => f.category === 'iam').length;
  }
  return { median: median(times), min: Math.min(...times), findings };
}

export async function familiesBench(root, { runs = 5, tmp }) {
  const engine = require(path.join(root, 'dist', 'engine.js'));
  await engine.internals.hcl.initHcl(path.join(root, 'dist'));
  const out = {};
  const cfn = generateCfn(2000);
  const tf = generateTf(2000);
  out.cfn = { lines: cfn.split('\n').length, bytes: cfn.length, ...(await timeAnalyze(engine, '/bench/template.yaml', cfn, runs)) };
  out.tf = { lines: tf.split('\n').length, bytes: tf.length, ...(await timeAnalyze(engine, '/bench/main.tf', tf, runs)) };

  // Network: the workspace model for 2,000 manifests, then one policy change.
  const dir = path.join(tmp, 'manifests');
  const { paths, documents } = generateManifests(dir, { files: 200, perFile: 10 });
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const model = new engine.WorkspaceModel(dir);
  const texts = new Map();
  for (const p of paths) {
    const text = fs.readFileSync(p, 'utf8');
    texts.set(p, text);
    model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  }
  const indexMs = performance.now() - t0;
  global.gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  // 20 open documents, analysed once (their dependencies recorded), then one policy file changes.
  const open = paths.slice(0, 20);
  for (const p of open) {
    const r = await engine.analyze({ path: p, text: texts.get(p) }, { model });
    model.setDependencies(p, r.deps);
  }
  const changed = paths[25];
  const newText = texts.get(changed).replace(/podSelector:\n    matchLabels: \{app: app-\d+\}/, 'podSelector: {}');
  const t1 = performance.now();
  const topics = model.update(changed, engine.documentFacts(engine.documentContext({ path: changed, text: newText })));
  const dependents = model.dependents(changed, topics).filter((p) => open.includes(p));
  for (const p of dependents) await engine.analyze({ path: p, text: texts.get(p) }, { model });
  const rediagnoseMs = performance.now() - t1;
  fs.rmSync(dir, { recursive: true, force: true });
  out.network = { files: paths.length, documents, indexMs, heapMiB, open: open.length, dependents: dependents.length, rediagnoseMs };
  return out;
}
