#!/usr/bin/env node
// The network family against its peers' own test cases, read from fetched mirrors (never copied into the repo):
//   Kubescape regolibrary: rules/ingress-and-egress-blocked and rules/ensure_network_policy_configured_in_labels,
//     each test case a folder of input manifests and an expected.json naming the objects that fail;
//   kube-linter: tests/checks/non-isolated-pod.yml (its e2e test expects 2 reports: Deployment app1, DeploymentConfig app2).
// A workload counts as reported when it gets network/no-policy (regolibrary's rules fail an object with no policy
// at all; ingress-and-egress-blocked also fails one with ingress only, which is network/egress-unrestricted here).
// Prints false findings (reported, expected to pass), missed ones (expected to fail, not reported), and the
// false network/no-policy findings of cases that hold a Cilium policy (issue 16: 14 before).
//
// `node bench/network-peers.mjs [-v]` after `npm run build`. Mirrors: MAG_REGOLIBRARY / MAG_KUBE_LINTER (git
// directories), else /work/.mirror/kubescape+regolibrary/repo and /work/.mirror/stackrox+kube-linter/repo. A
// missing mirror is skipped with a message.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const engine = require(process.env.MAG_ENGINE_BUNDLE || path.join(ROOT, 'dist/engine.js'));
const verbose = process.argv.includes('-v');

const REGO = process.env.MAG_REGOLIBRARY || '/work/.mirror/kubescape+regolibrary/repo';
const KL = process.env.MAG_KUBE_LINTER || '/work/.mirror/stackrox+kube-linter/repo';
const git = (dir, ...args) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const has = (dir) => fs.existsSync(dir) && (() => { try { git(dir, 'rev-parse', 'HEAD'); return true; } catch { return false; } })();

// Cases whose expectation contradicts the semantics the policy's project documents: reported apart, not as false.
const DISPUTED = {
  'ensure_network_policy_configured_in_labels/success_pod_cilium_label_match':
    'the CiliumNetworkPolicy has `ingress: []` and `egress: []`: Cilium documents an omitted or empty list as "this rule does not apply" (no default deny), so the pod is not isolated',
};

const WORKLOAD_FINDINGS = new Set(['network/no-policy', 'network/egress-unrestricted']);

/** Findings of every file of a case, the files placed in one workspace folder. */
async function scanCase(files) {
  const model = new engine.WorkspaceModel('/ws');
  for (const [p, text] of Object.entries(files)) model.update(p, engine.documentFacts(engine.documentContext({ path: p, text })));
  const out = [];
  for (const [p, text] of Object.entries(files)) {
    const r = await engine.analyze({ path: p, text }, { model });
    for (const f of r.findings) if (f.category === 'network') out.push({ ...f, path: p, text });
  }
  return out;
}

/** "Kind/name" of the object a finding is on (its range starts at the kind or the name). */
function objectOf(f) {
  const idx = new engine.LineIndex(f.text);
  const at = idx.offsetAt(f.range.start);
  const docs = f.text.split(/^---\s*$/m);
  let off = 0;
  for (const d of docs) {
    if (at >= off && at < off + d.length + 4) {
      const kind = /^kind:\s*(\S+)/m.exec(d)?.[1]?.replace(/["']/g, '');
      const name = /^\s+name:\s*(\S+)/m.exec(d)?.[1]?.replace(/["']/g, '');
      return `${kind}/${name}`;
    }
    off += d.length + 4;
  }
  return '?';
}

async function regolibrary() {
  if (!has(REGO)) {
    console.log(`regolibrary: mirror absent (${REGO}); skipped`);
    return;
  }
  const rules = ['ingress-and-egress-blocked', 'ensure_network_policy_configured_in_labels'];
  const tally = { cases: 0, falseNoPolicy: 0, falseCilium: 0, missed: 0, expected: 0, disputed: 0 };
  for (const rule of rules) {
    const list = git(REGO, 'ls-tree', '-r', '--name-only', 'HEAD', `rules/${rule}/test`).split('\n').filter(Boolean);
    const cases = new Map();
    for (const f of list) {
      const m = new RegExp(`^rules/${rule}/test/([^/]+)/(.+)$`).exec(f);
      if (!m) continue;
      if (!cases.has(m[1])) cases.set(m[1], []);
      cases.get(m[1]).push(m[2]);
    }
    for (const [name, paths] of cases) {
      const inputs = paths.filter((p) => p.startsWith('input/') && /\.ya?ml$/.test(p));
      if (!inputs.length) continue;
      tally.cases++;
      const files = {};
      for (const p of inputs) files[`/ws/${p.slice(6)}`] = git(REGO, 'show', `HEAD:rules/${rule}/test/${name}/${p}`);
      let expected = [];
      try {
        expected = JSON.parse(git(REGO, 'show', `HEAD:rules/${rule}/test/${name}/expected.json`));
      } catch {
        /* none */
      }
      const want = new Set(expected.flatMap((e) => (e.alertObject?.k8sApiObjects ?? []).map((o) => `${o.kind}/${o.metadata?.name}`)));
      tally.expected += want.size;
      const cilium = Object.values(files).some((t) => /cilium\.io\//.test(t));
      const findings = (await scanCase(files)).filter((f) => WORKLOAD_FINDINGS.has(f.ruleId));
      const got = new Map(findings.map((f) => [objectOf(f), f.ruleId]));
      for (const [obj, id] of got) {
        if (want.has(obj) || id !== 'network/no-policy') continue;
        if (DISPUTED[`${rule}/${name}`]) {
          tally.disputed++;
          if (verbose) console.log(`  disputed ${id} ${rule}/${name} ${obj}: ${DISPUTED[`${rule}/${name}`]}`);
          continue;
        }
        tally.falseNoPolicy++;
        if (cilium) tally.falseCilium++;
        if (verbose) console.log(`  false ${id} ${rule}/${name} ${obj}`);
      }
      for (const obj of want) {
        if (got.has(obj)) continue;
        tally.missed++;
        if (verbose) console.log(`  missed ${rule}/${name} ${obj}`);
      }
    }
  }
  console.log(
    `regolibrary (${rules.join(', ')}): ${tally.cases} cases, ${tally.expected} expected failures; ` +
      `false network/no-policy ${tally.falseNoPolicy} (in Cilium cases ${tally.falseCilium}), disputed ${tally.disputed}, missed ${tally.missed}`,
  );
  return tally;
}

async function kubeLinter() {
  if (!has(KL)) {
    console.log(`kube-linter: mirror absent (${KL}); skipped`);
    return;
  }
  const text = git(KL, 'show', 'HEAD:tests/checks/non-isolated-pod.yml');
  const findings = (await scanCase({ '/ws/non-isolated-pod.yml': text })).filter((f) => f.ruleId === 'network/no-policy');
  const got = findings.map(objectOf).sort();
  const want = ['Deployment/app1', 'DeploymentConfig/app2'];
  const hit = want.filter((w) => got.includes(w)).length;
  console.log(`kube-linter non-isolated-pod: ${findings.length} network/no-policy (expected ${want.length}: ${want.join(', ')}); found ${hit}/${want.length}, extra ${got.filter((g) => !want.includes(g)).length}`);
  if (verbose) console.log('  ' + got.join(', '));
}

await regolibrary();
await kubeLinter();
