#!/usr/bin/env node
// The permissions family against the peers' own test data, read from local mirrors (never copied into this
// repository): Kubescape regolibrary's RBAC rule cases and kube-linter's RBAC check files (does every case that
// should fire fire, and no "success" case?), and terragoat / cfngoat (permission findings and grants by class).
//
//   node bench/peers-permissions.mjs [--mirrors DIR] [--bin path/to/microapp-guard.js] [--only rbac|goats] [--json]
//
// Mirrors are bare git directories at DIR/<owner>+<name>/repo (the default DIR is /work/.mirror, or $MAG_MIRRORS).
// A missing mirror is skipped with a message. Each case is written to a temporary folder and scanned by the CLI
// (one folder per case: cases reuse role names).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const MIRRORS = opt('--mirrors', process.env.MAG_MIRRORS || '/work/.mirror');
const BIN = path.resolve(opt('--bin', path.join(ROOT, 'bin', 'microapp-guard.js')));
const JSON_OUT = args.includes('--json');
const ONLY = opt('--only', 'all'); // all | rbac | goats

const gitDir = (repo) => path.join(MIRRORS, repo.replace('/', '+'), 'repo');
const have = (repo) => fs.existsSync(gitDir(repo));
const git = (repo, ...a) => execFileSync('git', ['--git-dir', gitDir(repo), ...a], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const files = (repo, under) => git(repo, 'ls-tree', '-r', '--name-only', 'HEAD', '--', under).split('\n').filter(Boolean);
const show = (repo, p) => git(repo, 'show', `HEAD:${p}`);

function scan(dir) {
  const r = spawnSync(process.execPath, [BIN, 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan ${dir}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
function tmp(entries) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-peers-'));
  for (const [p, text] of Object.entries(entries)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

// ---- regolibrary: the RBAC rules whose intent the family covers, and the findings that answer each ----------
// A finding answers a rule when its id is listed and, for rule ids that cover several intents, its message names
// the intent (`re`) or it has the severity the intent implies (`severity`). Wildcard and cluster-admin findings
// answer every intent they include.
const WILD = { ids: ['iam/k8s-wildcard', 'iam/k8s-cluster-admin-binding'], re: /"\*"|cluster-admin/ };
const intent = (ids, re, severity) => [{ ids, re, severity }, WILD];
const REGO = {
  'cluster-admin-role': [WILD],
  'rule-list-all-cluster-admins-v1': [WILD],
  'rule-can-list-get-secrets-v1': intent(['iam/k8s-secrets-read']),
  'rule-can-bind-escalate': intent(['iam/k8s-escalation-verbs'], /"(bind|escalate)"/),
  'rule-can-impersonate-users-groups-v1': intent(['iam/k8s-escalation-verbs'], /impersonate/),
  'rule-can-create-service-account-token': intent(['iam/k8s-escalation-verbs'], /service account tokens/),
  'rule-can-approve-cert-signing-request': intent(['iam/k8s-escalation-verbs'], /certificate signing/),
  'rule-can-modify-admission-webhooks': intent(['iam/k8s-escalation-verbs'], /webhook/),
  'rule-can-create-pod': intent(['iam/k8s-workload-create'], /\bpods\b/),
  'rule-can-portforward-v1': intent(['iam/k8s-pod-exec'], /portforward/),
  'exec-into-container-v1': intent(['iam/k8s-pod-exec'], /exec/),
  'rule-can-access-proxy-subresource': intent(['iam/k8s-pod-exec'], /proxy/),
  'system-authenticated-allowed-to-take-over-cluster': [{ ids: ['iam/k8s-cluster-admin-binding'], severity: 'error' }],
  'anonymous-access-enabled': [{ ids: ['iam/k8s-cluster-admin-binding'], re: /system:(unauthenticated|anonymous)/ }],
};
const answers = (f, spec) => spec.some((s) => s.ids.includes(f.ruleId) && (!s.re || s.re.test(f.message)) && (!s.severity || f.severity === s.severity));
// Not covered on purpose (not a question of permission breadth the family answers, or a workload question):
// rule-can-delete-k8s-events-v1 (audit evasion), rule-can-update-configmap-v1 (CoreDNS), rule-can-create-pv,
// rule-excessive-delete-rights-v1, role(binding)-in-default-namespace, workload-with-*-roles, access-container-*.

function regolibrary() {
  const repo = 'kubescape/regolibrary';
  if (!have(repo)) return { skipped: `${gitDir(repo)} not found: fetch github:${repo} to run this part` };
  const cases = [];
  for (const [rule, spec] of Object.entries(REGO)) {
    const all = files(repo, `rules/${rule}/test`);
    for (const c of [...new Set(all.map((p) => p.split('/')[3]))]) {
      const prefix = `rules/${rule}/test/${c}/`;
      const expected = JSON.parse(show(repo, `${prefix}expected.json`) || '[]');
      const inputs = Object.fromEntries(all.filter((p) => p.startsWith(`${prefix}input/`)).map((p) => [path.basename(p), show(repo, p)]));
      const dir = tmp(inputs);
      const found = scan(dir).findings.filter((f) => answers(f, spec));
      fs.rmSync(dir, { recursive: true, force: true });
      const should = Array.isArray(expected) ? expected.length > 0 : !!expected;
      cases.push({ rule, case: c, should, fired: found.length > 0, ids: [...new Set(found.map((f) => f.ruleId))] });
    }
  }
  const tp = cases.filter((c) => c.should && c.fired).length;
  const pos = cases.filter((c) => c.should).length;
  const fp = cases.filter((c) => !c.should && c.fired).length;
  return { cases: cases.length, shouldFire: pos, fired: tp, missed: cases.filter((c) => c.should && !c.fired), falseAlarms: fp, falseAlarmCases: cases.filter((c) => !c.should && c.fired) };
}

// ---- kube-linter: its RBAC check files; objects named dont-fire* must get none -----------------------------
const KL = {
  'access-to-secrets': ['iam/k8s-secrets-read', 'iam/k8s-wildcard'],
  'access-to-create-pods': ['iam/k8s-workload-create', 'iam/k8s-wildcard'],
  'cluster-admin-role-binding': ['iam/k8s-cluster-admin-binding', /cluster-admin/],
  'wildcard-in-rules': ['iam/k8s-wildcard'],
};
function kubeLinter() {
  const repo = 'stackrox/kube-linter';
  if (!have(repo)) return { skipped: `${gitDir(repo)} not found: fetch github:${repo} to run this part` };
  const out = [];
  for (const [check, ids] of Object.entries(KL)) {
    const p = `tests/checks/${check}.yml`;
    const text = show(repo, p);
    const dir = tmp({ [path.basename(p)]: text });
    const re = ids.find((x) => x instanceof RegExp);
    const found = scan(dir).findings.filter((f) => ids.includes(f.ruleId) && (!re || re.test(f.message)));
    fs.rmSync(dir, { recursive: true, force: true });
    // Lines of the objects kube-linter must not report.
    const docs = text.split(/^---$/m);
    let line = 1;
    const quiet = [];
    for (const d of docs) {
      const n = d.split('\n').length - 1;
      if (/name:\s*dont-fire/.test(d)) quiet.push([line, line + n]);
      line += n;
    }
    const noise = found.filter((f) => quiet.some(([a, b]) => f.line >= a && f.line <= b));
    out.push({ check, fired: found.length > noise.length, falseAlarms: noise.length });
  }
  return { checks: out.length, fired: out.filter((c) => c.fired).length, falseAlarms: out.reduce((s, c) => s + c.falseAlarms, 0), detail: out };
}

// ---- terragoat / cfngoat: permission findings by rule and grants by class ----------------------------------
function goat(repo) {
  if (!have(repo)) return { skipped: `${gitDir(repo)} not found: fetch github:${repo} to run this part` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mag-goat-'));
  execFileSync('sh', ['-c', `git --git-dir '${gitDir(repo)}' archive HEAD | tar -x -C '${dir}'`]);
  const r = scan(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const byRule = {};
  for (const f of r.findings.filter((x) => x.category === 'iam')) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  const byClass = {};
  for (const g of r.grants) byClass[`${g.provider}:${g.class}`] = (byClass[`${g.provider}:${g.class}`] ?? 0) + 1;
  return { iamFindings: Object.values(byRule).reduce((a, b) => a + b, 0), byRule, grants: r.grants.length, byClass };
}

const off = { skipped: `not asked (--only ${ONLY})` };
const rbac = ONLY !== 'goats';
const goats = ONLY !== 'rbac';
const result = {
  bin: path.relative(process.cwd(), BIN) || BIN,
  regolibrary: rbac ? regolibrary() : off,
  kubeLinter: rbac ? kubeLinter() : off,
  terragoat: goats ? goat('bridgecrewio/terragoat') : off,
  cfngoat: goats ? goat('bridgecrewio/cfngoat') : off,
};
if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
else {
  const r = result.regolibrary;
  console.log(r.skipped ? `regolibrary: skipped (${r.skipped})` : `regolibrary RBAC: ${r.fired}/${r.shouldFire} cases that should fire fire; ${r.falseAlarms} of ${r.cases - r.shouldFire} passing cases flagged`);
  for (const m of r.missed ?? []) console.log(`  missed: ${m.rule}/${m.case}`);
  for (const m of r.falseAlarmCases ?? []) console.log(`  false alarm: ${m.rule}/${m.case} (${m.ids.join(', ')})`);
  const k = result.kubeLinter;
  console.log(k.skipped ? `kube-linter: skipped (${k.skipped})` : `kube-linter RBAC checks: ${k.fired}/${k.checks} fire; ${k.falseAlarms} findings on dont-fire objects`);
  for (const d of k.detail ?? []) if (!d.fired || d.falseAlarms) console.log(`  ${d.check}: fired ${d.fired}, dont-fire findings ${d.falseAlarms}`);
  for (const name of ['terragoat', 'cfngoat']) {
    const g = result[name];
    console.log(g.skipped ? `${name}: skipped (${g.skipped})` : `${name}: ${g.iamFindings} iam findings ${JSON.stringify(g.byRule)}; ${g.grants} grants ${JSON.stringify(g.byClass)}`);
  }
}
