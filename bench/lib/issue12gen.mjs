// Seeded, deterministic generators of the inputs of issue 12's figures (bench
// section 7): a URL-dense mixed corpus, a 20,000-line file with a URL on every
// line, small-file workspaces, a flat YAML map, a large CloudFormation
// template and two tiny hostile inputs. Every credential is random text shaped
// like a real one (secretMaker); none is real.
import fs from 'node:fs';
import path from 'node:path';
import { makeRng, secretMaker } from './corpus.mjs';

const NOUNS = ['order', 'invoice', 'user', 'ticket', 'report', 'payment', 'session', 'channel', 'message', 'customer', 'shipment', 'alert', 'metric', 'job', 'webhook', 'team', 'project', 'comment', 'build', 'release'];
const VENDORS = ['acmepay', 'shipfast', 'mailhub', 'geoapi', 'pdfgen', 'smsly', 'fxrates', 'taxcalc', 'imgproc', 'searchly', 'kvstore', 'logship'];
const SAAS = ['api.stripe.com', 'hooks.slack.com', 'api.github.com', 'api.openai.com', 'api.sendgrid.com', 'sqs.eu-west-1.amazonaws.com', 'api.twilio.com', 'graph.microsoft.com'];

/** A host of a varied mix: unknown public vendors, listed SaaS, cluster-internal names, private IPs, documentation hosts. */
function pickHost(rng) {
  const r = rng.next();
  if (r < 0.45) return `api-${rng.int(0, 199)}.${rng.pick(VENDORS)}.io`;
  if (r < 0.6) return rng.pick(SAAS);
  if (r < 0.75) return `${rng.pick(NOUNS)}-svc.${rng.pick(['billing', 'ops', 'core'])}.svc.cluster.local`;
  if (r < 0.85) return `10.${rng.int(0, 9)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  return `host-${rng.int(0, 999)}.example.com`;
}

function urlOn(rng, host) {
  return `https://${host}/v${rng.int(1, 3)}/${rng.pick(NOUNS)}s/${rng.int(1, 99999)}`;
}

/** A line that plants a fake secret, and the substring that is the secret. */
function secretLine(rng, sm, lang) {
  const kind = rng.pick(['github', 'slack', 'aws-secret']);
  const v = kind === 'github' ? sm.github() : kind === 'slack' ? sm.slack() : sm.awsSecret().slice(0, 39) + 'Q';
  const name = { github: 'gh_token', slack: 'slack_bot_token', 'aws-secret': 'aws_secret_access_key' }[kind];
  const line = {
    js: `const ${name.replace(/_(\w)/g, (_, c) => c.toUpperCase())} = "${v}";`,
    py: `${name.toUpperCase()} = "${v}"`,
    yaml: `  ${name}: "${v}"`,
    json: `    "${name}": "${v}",`,
  }[lang];
  return { kind, value: v, line };
}

class Out {
  constructor(rel) {
    this.rel = rel;
    this.lines = [];
    this.bytes = 0;
    this.planted = [];
  }
  add(...ls) {
    for (const l of ls) {
      this.lines.push(l);
      this.bytes += l.length + 1;
    }
  }
  plant(s) {
    this.planted.push({ file: this.rel, line: this.lines.length, kind: s.kind });
    this.add(s.line);
  }
  text() {
    return this.lines.join('\n') + '\n';
  }
}

function jsFile(rng, sm, rel, target, withSecret) {
  const o = new Out(rel);
  o.add(`// ${rel}: generated client calls (every line calls fetch)`, `'use strict';`);
  let i = 0;
  let planted = !withSecret;
  while (o.bytes < target) {
    if (!planted && o.bytes > target / 2) {
      o.plant(secretLine(rng, sm, 'js'));
      planted = true;
    }
    const u = urlOn(rng, pickHost(rng));
    o.add(
      rng.chance(0.5)
        ? `const r${i} = await fetch("${u}", { method: "${rng.pick(['GET', 'POST', 'PUT'])}", headers: { accept: "application/json" } });`
        : `results.push(await fetch("${u}?page=${rng.int(1, 50)}").then((res) => res.json()));`,
    );
    i++;
  }
  return o;
}

function pyFile(rng, sm, rel, target, withSecret) {
  const o = new Out(rel);
  o.add(`"""${rel}: generated worker."""`, 'import os', 'import requests', '');
  let planted = !withSecret;
  let i = 0;
  while (o.bytes < target) {
    if (!planted && o.bytes > target / 2) {
      o.plant(secretLine(rng, sm, 'py'));
      planted = true;
    }
    const n = rng.pick(NOUNS);
    o.add(
      `def sync_${n}_${i}(${n}_id: str, retries: int = ${rng.int(1, 5)}) -> dict:`,
      `    """Fetch one ${n} and return its JSON."""`,
      `    for attempt in range(retries):`,
      `        resp = requests.get(f"${urlOn(rng, pickHost(rng))}/{${n}_id}", timeout=${rng.int(2, 30)})`,
      `        if resp.status_code == 200:`,
      `            return resp.json()`,
      `    raise RuntimeError(f"could not fetch ${n} {${n}_id}")`,
      '',
    );
    i++;
  }
  return o;
}

function yamlFile(rng, sm, rel, target, withSecret) {
  const o = new Out(rel);
  o.add(`# ${rel}`, `service: ${rng.pick(NOUNS)}-service`, 'integrations:');
  let planted = !withSecret;
  let i = 0;
  while (o.bytes < target) {
    if (!planted && o.bytes > target / 2) {
      o.plant(secretLine(rng, sm, 'yaml'));
      planted = true;
    }
    const n = rng.pick(NOUNS);
    o.add(
      `  ${n}_${i}:`,
      `    enabled: ${rng.pick(['true', 'false'])}`,
      `    endpoint: ${urlOn(rng, pickHost(rng))}`,
      `    timeout_ms: ${rng.int(100, 30000)}`,
      `    retries: ${rng.int(0, 5)}`,
      `    token: \${${n.toUpperCase()}_TOKEN}`,
    );
    i++;
  }
  return o;
}

function jsonFile(rng, sm, rel, target, withSecret) {
  const o = new Out(rel);
  o.add('{', `  "service": "${rng.pick(NOUNS)}-service",`, '  "upstreams": [');
  let planted = !withSecret;
  let i = 0;
  while (o.bytes < target - 100) {
    const n = rng.pick(NOUNS);
    o.add(`    { "name": "${n}-${i}", "url": "${urlOn(rng, pickHost(rng))}", "timeoutMs": ${rng.int(100, 30000)}, "retries": ${rng.int(0, 5)} },`);
    i++;
  }
  o.add(`    { "name": "last", "url": "https://status.${rng.pick(VENDORS)}.io/health" }`, '  ],');
  if (!planted) o.plant(secretLine(rng, sm, 'json'));
  o.add(`  "owner": "${rng.pick(['ops', 'platform'])}"`, '}');
  return o;
}

function writeOut(dir, outs) {
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  const planted = [];
  const byExt = {};
  for (const o of outs) {
    const abs = path.join(dir, o.rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const t = o.text();
    fs.writeFileSync(abs, t);
    bytes += Buffer.byteLength(t);
    planted.push(...o.planted);
    const ext = path.extname(o.rel).slice(1);
    byExt[ext] = (byExt[ext] ?? 0) + 1;
  }
  return { files: outs.length, bytes, planted, byExt };
}

/**
 * ~11.8 MB in 300 files: 120 JS files where every code line calls fetch() on a
 * URL of a varied host, 60 YAML, 60 JSON and 60 Python files with URLs too;
 * about one file in six holds a fake secret.
 */
export function generateUrlCorpus(dir, { seed = 1212, files = 300, targetBytes = 11_780_000 } = {}) {
  const rng = makeRng(seed);
  const sm = secretMaker(rng);
  // File sizes from their own PRNG, scaled so they add up to the target (each file ends on a whole line).
  const sizeRng = makeRng(seed + 1);
  const weights = Array.from({ length: files }, () => 0.6 + 0.8 * sizeRng.next());
  const scale = targetBytes / weights.reduce((a, b) => a + b, 0);
  const outs = [];
  for (let i = 0; i < files; i++) {
    const app = `app-${String(Math.floor(i / 25)).padStart(2, '0')}`;
    const size = Math.round(weights[i] * scale);
    const sec = rng.chance(1 / 6);
    const k = i % 5;
    if (k <= 1) outs.push(jsFile(rng, sm, `${app}/src/client${i}.js`, size, sec));
    else if (k === 2) outs.push(yamlFile(rng, sm, `${app}/config/integrations${i}.yaml`, size, sec));
    else if (k === 3) outs.push(jsonFile(rng, sm, `${app}/config/upstreams${i}.json`, size, sec));
    else outs.push(pyFile(rng, sm, `${app}/worker/sync_${i}.py`, size, sec));
  }
  return writeOut(dir, outs);
}

/**
 * A JS file of exactly `lines` lines, each `fetch("https://api-N.<vendor>.io/...")`: a distinct public host on every
 * line, each an endpoint the app calls (the worst case: every line is a finding and a fact, none a documentation host).
 */
export function generateUrlLspFile(file, { lines, seed = 21 }) {
  const rng = makeRng(seed);
  const out = [];
  for (let i = 0; i < lines; i++) {
    out.push(`const r${i} = await fetch("https://api-${i}.${rng.pick(VENDORS)}.io/v${rng.int(1, 3)}/${rng.pick(NOUNS)}s/${rng.int(1, 99999)}");`);
  }
  const text = out.join('\n') + '\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { lines, bytes: Buffer.byteLength(text) };
}

/**
 * A workspace of `files` small files (JS, Python, YAML config, .env, Kubernetes
 * Deployments and a NetworkPolicy now and then, package.json), a few with fake
 * secrets, plus `open/app.js`: the file a bench client opens, with one fake
 * GitHub token on line `secretLine` (0-based).
 */
export function generateWorkspace(dir, { files, seed = 31 }) {
  const rng = makeRng(seed);
  const sm = secretMaker(rng);
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  let planted = 0;
  const write = (rel, text) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
  };
  const token = sm.github();
  const openLines = [
    '// open/app.js: the file the bench opens',
    `const { fetchJson } = require('./http');`,
    '',
    `const ghToken = "${token}";`,
    '',
    'async function main() {',
    `  const repos = await fetchJson("https://api.github.com/user/repos", { token: ghToken });`,
    '  for (const r of repos) console.log(r.full_name);',
    '}',
    '',
    'main();',
  ];
  write('open/app.js', openLines.join('\n') + '\n');
  let n = 1;
  for (let i = 0; n < files; i++) {
    const app = `svc-${String(Math.floor(i / 10)).padStart(4, '0')}`;
    const noun = rng.pick(NOUNS);
    const sec = rng.chance(0.02);
    const kinds = ['js', 'js', 'js', 'py', 'py', 'yaml', 'yaml', 'json', 'env', 'k8s'];
    const kind = kinds[i % kinds.length];
    let rel;
    let text;
    const secret = () => {
      planted++;
      return sm.slack();
    };
    switch (kind) {
      case 'js':
        rel = `${app}/src/${noun}${i}.js`;
        text = [
          `const { db } = require('../lib');`,
          `const BASE = "${urlOn(rng, pickHost(rng))}";`,
          `module.exports.get${noun[0].toUpperCase() + noun.slice(1)} = async (id) => {`,
          `  const res = await fetch(\`\${BASE}/\${id}\`, { headers: { accept: 'application/json' } });`,
          `  if (!res.ok) throw new Error('${noun} ' + id + ': ' + res.status);`,
          '  return res.json();',
          '};',
          ...(sec ? [`const slackBotToken = "${secret()}";`] : []),
        ].join('\n');
        break;
      case 'py':
        rel = `${app}/worker/${noun}_${i}.py`;
        text = [
          'import os',
          'import requests',
          '',
          `def sync_${noun}(${noun}_id):`,
          `    resp = requests.get(f"${urlOn(rng, pickHost(rng))}/{${noun}_id}", timeout=${rng.int(2, 30)})`,
          '    resp.raise_for_status()',
          '    return resp.json()',
          ...(sec ? [`SLACK_BOT_TOKEN = "${secret()}"`] : []),
        ].join('\n');
        break;
      case 'yaml':
        rel = `${app}/config/${noun}${i}.yaml`;
        text = [`${noun}:`, `  enabled: ${rng.pick(['true', 'false'])}`, `  endpoint: ${urlOn(rng, pickHost(rng))}`, `  batch_size: ${rng.int(10, 500)}`, `  token: \${${noun.toUpperCase()}_TOKEN}`, ...(sec ? [`  slack_bot_token: "${secret()}"`] : [])].join('\n');
        break;
      case 'json':
        rel = `${app}/config/${noun}${i}.json`;
        text = JSON.stringify({ name: `${noun}-${i}`, url: urlOn(rng, pickHost(rng)), retries: rng.int(0, 5), ...(sec ? { slackBotToken: secret() } : {}) }, null, 2);
        break;
      case 'env':
        rel = `${app}/.env.${noun}${i}`;
        text = [`PORT=${rng.int(3000, 9000)}`, `LOG_LEVEL=${rng.pick(['info', 'debug'])}`, `${noun.toUpperCase()}_URL=${urlOn(rng, pickHost(rng))}`, ...(sec ? [`SLACK_BOT_TOKEN=${secret()}`] : [])].join('\n');
        break;
      default:
        rel = `${app}/k8s/${noun}${i}.yaml`;
        text =
          i % 50 === 9
            ? `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${i}\n  namespace: team${i % 20}\nspec:\n  podSelector:\n    matchLabels: {app: ${app}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      ports: [{protocol: UDP, port: 53}]`
            : `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}-${i}\n  namespace: team${i % 20}\nspec:\n  selector:\n    matchLabels: {app: ${app}}\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers:\n        - name: c\n          image: registry.corp.invalid/${app}:${rng.int(1, 9)}\n          env:\n            - name: API_URL\n              value: "${urlOn(rng, pickHost(rng))}"`;
    }
    write(rel, text + '\n');
    n++;
  }
  return { files: n, bytes, planted, openFile: 'open/app.js', openSecretLine: 3 }; // 0-based line of the token
}

/**
 * A platform team's Kubernetes folder: a namespace per app of four files, each file a Deployment and its
 * ServiceAccount; three of four files add a NetworkPolicy (of its own workload, or of the next app's: policies and
 * workloads meet across files), every fourth a Namespace object, every third a Role and a RoleBinding of the Role of
 * the app's first file. Cost that grows with the square of the files shows between two sizes of it.
 */
export function generateK8sFolder(dir, { files, seed = 71 }) {
  const rng = makeRng(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const app = Math.floor(i / 4);
    const ns = `app-${app}`;
    const name = `web-${i}`;
    const docs = [
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}, tier: web}\n    spec:\n      serviceAccountName: sa-${i}\n      containers:\n        - name: c\n          image: registry.corp.invalid/${name}:${rng.int(1, 9)}\n          ports: [{containerPort: ${8000 + (i % 100)}}]`,
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${i}\n  namespace: ${ns}`,
    ];
    if (i % 4 !== 3) {
      const selects = i % 4 === 1 ? `web-${i + 1}` : name;
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${i}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels: {app: ${selects}}\n  policyTypes: [Ingress${i % 4 === 0 ? ', Egress' : ''}]\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {tier: web}}\n${i % 4 === 0 ? '  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      ports: [{protocol: UDP, port: 53}]\n' : ''}`.trimEnd());
    }
    if (i % 4 === 0) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: {team: t${app % 7}}`);
    if (i % 3 === 0) {
      docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader-${i}\n  namespace: ${ns}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps", "pods"]\n    verbs: ["get", "list"]`);
      docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: bind-${i}\n  namespace: ${ns}\nsubjects:\n  - kind: ServiceAccount\n    name: sa-${i}\n    namespace: ${ns}\nroleRef:\n  kind: Role\n  name: reader-${app * 4}\n  apiGroup: rbac.authorization.k8s.io`);
    }
    const text = docs.join('\n---\n') + '\n';
    const abs = path.join(dir, `team-${Math.floor(app / 50)}`, ns, `k${i}.yaml`);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
  }
  // The file the bench edits: a NetworkPolicy of its own workload (np-0) and the Role (reader-0) its app's bindings name.
  return { files, bytes, editFile: path.join('team-0', 'app-0', 'k0.yaml') };
}

/** A flat YAML map of `keys` keys (`key_N: some value N`, some values shaped like config). */
export function generateFlatYaml(file, { keys = 100_000, seed = 41 } = {}) {
  const rng = makeRng(seed);
  const out = ['# flat.yaml: one flat map'];
  for (let i = 0; i < keys; i++) {
    const r = rng.next();
    let v;
    if (r < 0.4) v = `some value ${i}`;
    else if (r < 0.6) v = String(rng.int(1, 100000));
    else if (r < 0.75) v = rng.pick(['true', 'false', 'null', '"on"']);
    else if (r < 0.9) v = `${rng.int(1, 60)}${rng.pick(['s', 'm', 'ms'])}`;
    else v = `"${rng.pick(NOUNS)}-${rng.int(1, 999)}"`;
    out.push(`key_${i}: ${v}`);
  }
  const text = out.join('\n') + '\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { keys, lines: out.length, bytes: Buffer.byteLength(text) };
}

/**
 * A CloudFormation template (YAML) of `resources` resources: IAM roles with
 * inline policies (every fifth broad: "s3:*" on "*" or "*" on "*"), S3 buckets
 * and Lambda functions.
 */
export function generateCfnTemplate(file, { resources = 5000, seed = 51 } = {}) {
  const rng = makeRng(seed);
  const out = ['AWSTemplateFormatVersion: "2010-09-09"', 'Description: generated for the bench (issue 12)', 'Resources:'];
  let roles = 0;
  let broad = 0;
  for (let i = 0; i < resources; i++) {
    const k = i % 3;
    if (k === 0) {
      roles++;
      const isBroad = roles % 5 === 0;
      if (isBroad) broad++;
      const star = isBroad && roles % 10 === 0;
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
        `        - PolicyName: inline-${i}`,
        '          PolicyDocument:',
        '            Version: "2012-10-17"',
        '            Statement:',
        '              - Effect: Allow',
        `                Action: ${star ? '"*"' : isBroad ? '"s3:*"' : '[s3:GetObject, s3:PutObject]'}`,
        `                Resource: ${isBroad ? '"*"' : `!Sub "arn:aws:s3:::\${Bucket${i + 1}}/*"`}`,
        '              - Effect: Allow',
        `                Action: [dynamodb:GetItem, dynamodb:Query, dynamodb:PutItem]`,
        `                Resource: !Sub "arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/table-${i}"`,
      );
    } else if (k === 1) {
      out.push(
        `  Bucket${i}:`,
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        `      BucketName: !Sub "\${AWS::StackName}-bucket-${i}"`,
        '      BucketEncryption:',
        '        ServerSideEncryptionConfiguration:',
        '          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}',
      );
    } else {
      out.push(
        `  Function${i}:`,
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        `      FunctionName: !Sub "\${AWS::StackName}-fn-${i}"`,
        `      Runtime: ${rng.pick(['nodejs20.x', 'python3.12'])}`,
        '      Handler: index.handler',
        `      Role: !GetAtt Role${i - 2}.Arn`,
        `      Timeout: ${rng.int(3, 60)}`,
        '      Code:',
        `        S3Bucket: !Ref Bucket${i - 1}`,
        `        S3Key: lambda/fn-${i}.zip`,
        '      Environment:',
        '        Variables:',
        `          TABLE: table-${i - 2}`,
        `          UPSTREAM_URL: https://api-${rng.int(0, 99)}.${rng.pick(VENDORS)}.io/v1`,
      );
    }
  }
  const text = out.join('\n') + '\n';
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { resources, roles, broadRoles: broad, lines: out.length, bytes: Buffer.byteLength(text) };
}

/** A YAML alias bomb (~300 bytes): a0 a list of nine scalars, a1..a7 each nine aliases of the previous anchor. */
export function generateAliasBomb(file) {
  let s = 'a0: &a0 [x,x,x,x,x,x,x,x,x]\n';
  for (let i = 1; i < 8; i++) s += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, s);
  return { bytes: Buffer.byteLength(s), expandedNodes: 9 ** 8 };
}

/** config.json: a fake GitHub token next to an array nested `depth` deep. */
export function generateDeepJson(file, { depth = 2000, seed = 61 } = {}) {
  const sm = secretMaker(makeRng(seed));
  const token = sm.github();
  const s = `{\n  "githubToken": "${token}",\n  "nested": ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, s);
  return { bytes: Buffer.byteLength(s), depth, secretLine: 1 }; // 0-based: the token is on line 2
}
