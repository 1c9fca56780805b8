/**
 * GitHub Actions workflow token permissions (`.github/workflows/*.yml`).
 *
 * Rules: `iam/gha-write-all` (`permissions: write-all` at workflow or job
 * level) and `iam/gha-missing-permissions` (no top-level `permissions`, and a
 * job without its own that uses the token: `secrets.GITHUB_TOKEN`,
 * `github.token`, a known writing action, `git push` or `gh` in a run step).
 * Without a `permissions` key the job gets the repository's default token,
 * which is read-write on repositories and organisations created before
 * February 2023 unless changed: warning when the job writes, info otherwise.
 *
 * ## Classification of one permissions block
 *
 * - `broad`: `write-all`.
 * - `moderate`: `read-all`; any scope at `write` other than `id-token`;
 *   no `permissions` at all (the default token, unknown from the file).
 * - `narrow`: `{}` or only `read` / `none` scopes; `id-token: write` (lets
 *   the job request an OIDC token, the way to short-lived cloud credentials).
 */
import { asList, get, str, yamlTrees, type PEntry, type PNode, type PObject, type TreeSource } from '../../../formats/tree';
import type { Grant, GrantClass, RawFinding } from '../grants';
import { lineStart } from '../../../text';
import { actionName, mergeNeeds, RUN_WRITERS, sortedNeeds, tokenAction, type Needs } from './tokenActions';

export function isWorkflowPath(path: string): boolean {
  return /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(path);
}

export { TOKEN_ACTIONS, RUN_WRITERS, type Needs } from './tokenActions';

const TOKEN_REF = /\b(secrets\.GITHUB_TOKEN|github\.token)\b/;

export interface TokenUse {
  /** Scopes a write needs (empty when the job only reads; `id-token` is not a repository write). */
  writes: string[];
  /** What uses the token: an action, a command, a reference. */
  what: string[];
  /** The least permissions the job needs, as far as the steps tell (contents: read at least). */
  needs: Needs;
}

function walkStrings(n: PNode | undefined, f: (s: string, key?: string) => void, key?: string, depth = 0): void {
  if (!n || depth > 30) return;
  if (n.type === 'string') f(n.value, key);
  else if (n.type === 'array') for (const i of n.items) walkStrings(i, f, key, depth + 1);
  else if (n.type === 'object') for (const e of n.entries) walkStrings(e.value, f, e.key, depth + 1);
  else if (n.type === 'unknown') walkStrings(n.inner, f, key, depth + 1);
}

/**
 * Whether and how a job uses the GITHUB_TOKEN: a step of a listed action (actions/checkout uses it implicitly), a
 * writing command in a `run:` step, or the token named anywhere in the job.
 */
export function tokenUse(job: PNode): TokenUse | undefined {
  let needs: Needs = {};
  const what = new Set<string>();
  for (const step of asList(get(job, 'steps'))) {
    const uses = str(get(step, 'uses'));
    const a = uses ? tokenAction(uses) : undefined;
    if (a) {
      let n = a.needs;
      const withNode = get(step, 'with');
      for (const w of a.when ?? []) {
        const v = str(get(withNode, w.input));
        if (v !== undefined && w.test.test(v.trim())) n = mergeNeeds(n, w.needs);
      }
      // An action given another token (a PAT, an app token) does not use the job's.
      const tokenInput = ['token', 'github-token', 'github_token', 'repo-token', 'GITHUB_TOKEN', 'password'].map((k) => str(get(withNode, k))).find((v) => v !== undefined);
      const own = tokenInput !== undefined && !TOKEN_REF.test(tokenInput);
      if (!own && Object.keys(n).length) {
        needs = mergeNeeds(needs, n);
        what.add(a.action);
      }
    }
    const run = str(get(step, 'run'));
    if (run) for (const w of RUN_WRITERS) if (w.test.test(run)) (needs = mergeNeeds(needs, w.needs)), what.add(w.what);
  }
  walkStrings(job, (s) => {
    const m = TOKEN_REF.exec(s);
    if (m) what.add(m[1]);
  });
  if (!what.size) return undefined;
  if (!needs.contents) needs = mergeNeeds({ contents: 'read' }, needs);
  const writes = Object.entries(needs).filter(([k, v]) => v === 'write' && k !== 'id-token').map(([k]) => k);
  return { writes, what: [...what], needs };
}

function classifyPermissions(n: PNode): { cls: GrantClass; reason: string; scopes: string[] } {
  if (n.type === 'string') {
    if (n.value === 'write-all') return { cls: 'broad', reason: 'write-all', scopes: ['*:write'] };
    if (n.value === 'read-all') return { cls: 'moderate', reason: 'read-all', scopes: ['*:read'] };
    return { cls: 'moderate', reason: `unrecognised value ${n.value}`, scopes: [n.value] };
  }
  if (n.type !== 'object') return { cls: 'moderate', reason: 'not known statically', scopes: [] };
  const scopes = n.entries.map((e) => `${e.key}:${str(e.value) ?? '?'}`);
  const writes = n.entries.filter((e) => str(e.value) === 'write' && e.key !== 'id-token').map((e) => e.key);
  const unknown = n.entries.some((e) => !['read', 'write', 'none'].includes(str(e.value) ?? ''));
  if (writes.length) return { cls: 'moderate', reason: `write on ${writes.join(', ')}`, scopes };
  if (unknown) return { cls: 'moderate', reason: 'values not known statically', scopes };
  return { cls: 'narrow', reason: n.entries.length ? 'read-only scopes' : 'no scopes', scopes };
}

/** The tree of a workflow's text (its first YAML document), for text-in callers; the family reads its DocumentContext's. */
export function workflowRoot(text: string): PNode | undefined {
  return yamlTrees(text)[0];
}

/** Findings and grants of one workflow (its document root). */
export function checkWorkflow(root: PNode | undefined): { findings: RawFinding[]; grants: Grant[] } {
  const findings: RawFinding[] = [];
  const grants: Grant[] = [];
  if (root?.type !== 'object') return { findings, grants };
  const jobs = get(root, 'jobs');
  if (jobs?.type !== 'object') return { findings, grants };
  const top = get(root, 'permissions');

  const block = (n: PNode, principal: string) => {
    const c = classifyPermissions(n);
    grants.push({ provider: 'github', principal, actions: c.scopes, resources: ['repository'], class: c.cls, reason: c.reason, start: n.start, end: n.end });
    if (n.type === 'string' && n.value === 'write-all') {
      findings.push({
        ruleId: 'iam/gha-write-all',
        severity: 'warning',
        message: `${principal === 'GITHUB_TOKEN' ? 'The workflow gives' : `Job "${principal.replace(/^job /, '')}" gives`} the GITHUB_TOKEN write access to every scope (contents, packages, actions, ...). Grant the scopes the jobs need, e.g. contents: read.`,
        start: n.start,
        end: n.end,
        fix: { kind: 'gha-write-all' },
      });
    }
  };
  if (top) block(top, 'GITHUB_TOKEN');

  const events = triggers(root);
  const privileged = PRIVILEGED_EVENTS.filter((e) => events.has(e));
  for (const j of jobs.entries) {
    // pull_request_target / workflow_run with a checkout of the pull request's code: that code runs with the base
    // repository's token and secrets (a "pwn request"). The job's grant is broad whatever its permissions say.
    const untrusted = privileged.length && j.value.type === 'object' ? untrustedCheckouts(j.value) : [];
    for (const u of untrusted) {
      findings.push({
        ruleId: 'iam/gha-untrusted-checkout',
        severity: 'error',
        message: `Job "${j.key}" runs on ${privileged.join(' / ')} and ${u.what}: code from a fork then runs with this repository's token and secrets (cache and artifacts too). Build untrusted code in a pull_request workflow; let the privileged one only read its results.`,
        start: u.node.start,
        end: u.node.end,
        fix: { kind: 'gha-untrusted-checkout', removable: u.removable },
      });
    }
    const jp = get(j.value, 'permissions');
    const escalation = untrusted.length ? `${privileged[0]} checks out and runs untrusted code with the token and secrets` : undefined;
    if (escalation && (jp || top)) grants.push({ provider: 'github', principal: `job ${j.key}`, actions: classifyPermissions((jp ?? top)!).scopes, resources: ['repository', 'secrets'], class: 'broad', reason: escalation, start: j.keyStart, end: j.value.end });
    if (jp) {
      block(jp, `job ${j.key}`);
      continue;
    }
    if (top || j.value.type !== 'object') continue;
    if (get(j.value, 'uses')) continue; // a reusable workflow call: the called workflow declares its own
    const use = tokenUse(j.value);
    grants.push({ provider: 'github', principal: `job ${j.key}`, actions: [], resources: escalation ? ['repository', 'secrets'] : ['repository'], class: escalation ? 'broad' : 'moderate', reason: escalation ?? 'default token permissions (a repository setting)', start: j.keyStart, end: j.value.end });
    if (!use) continue;
    const needs = sortedNeeds(use.needs).map(([k, v]) => `${k}: ${v}`).join(', ');
    findings.push({
      ruleId: 'iam/gha-missing-permissions',
      severity: use.writes.length ? 'warning' : 'info',
      message: `Job "${j.key}" uses the GITHUB_TOKEN (${use.what.join(', ')}) and the workflow sets no permissions, so it gets the repository default, read-write on older repositories. Declare the least it needs (${needs}).`,
      start: j.keyStart,
      end: j.keyEnd,
      fix: { kind: 'gha-missing-permissions', writes: use.writes },
    });
  }
  return { findings, grants };
}

/** Events whose runs get a read-write token and the repository's secrets whatever the pull request's origin. */
const PRIVILEGED_EVENTS = ['pull_request_target', 'workflow_run'];

/** The events that trigger a workflow (`on:` as a string, a list or a map). */
export function triggers(root: PNode): Set<string> {
  const on = get(root, 'on') ?? get(root, 'true');
  const out = new Set<string>();
  if (on?.type === 'string') out.add(on.value);
  else if (on?.type === 'array') {
    for (const i of on.items) if (i.type === 'string') out.add(i.value);
  } else if (on?.type === 'object') for (const e of on.entries) out.add(e.key);
  return out;
}

/** Expressions that name the pull request's (or the triggering run's) code rather than the base branch's. */
const UNTRUSTED_REF = /github\.event\.pull_request\.head\.(sha|ref|repo)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch|repository)|github\.event\.pull_request\.merge_commit_sha|refs\/pull\/|github\.event\.(number|pull_request\.number)\b/;

/** Steps of a job that fetch the pull request's code: a checkout of its head, `gh pr checkout`, a fetch of its ref. */
export function untrustedCheckouts(job: PNode): Array<{ node: PNode; what: string; removable: boolean }> {
  const out: Array<{ node: PNode; what: string; removable: boolean }> = [];
  for (const step of asList(get(job, 'steps'))) {
    const uses = str(get(step, 'uses'));
    if (uses && actionName(uses) === 'actions/checkout') {
      const w = get(step, 'with');
      for (const key of ['ref', 'repository']) {
        const v = get(w, key);
        const text = str(v) ?? (v?.type === 'unknown' ? str(v.inner) : undefined);
        if (v && text && UNTRUSTED_REF.test(text)) {
          out.push({ node: v, what: `checks out the pull request's code (${key}: ${text.trim().slice(0, 80)})`, removable: true });
          break;
        }
      }
    }
    const run = get(step, 'run');
    const cmd = str(run);
    if (run && cmd && (/\bgh\s+pr\s+checkout\b/.test(cmd) || (/\bgit\s+(fetch|checkout|pull)\b/.test(cmd) && UNTRUSTED_REF.test(cmd)))) {
      out.push({ node: run, what: 'fetches the pull request\'s code in a run step', removable: false });
    }
  }
  return out;
}

// ---- fixes ---------------------------------------------------------------------

export interface GhaFixEdits {
  title: string;
  isPreferred: boolean;
  edits: Array<{ start: number; end: number; newText: string }>;
}

const col = (text: string, i: number) => i - lineStart(text, i);

/** The indentation step of the file: how far the jobs sit under `jobs:` (2 when unknown). */
function step(text: string, jobsEntry: PEntry, jobs: PObject): number {
  const first = jobs.entries[0];
  const d = first ? col(text, first.keyStart) - col(text, jobsEntry.keyStart) : 0;
  return d > 0 ? d : 2;
}

/**
 * Fixes for one workflow finding, read from the document's trees (the caller's DocumentContext: the
 * parse the check used) or, given a bare text, from its first document.
 */
export function ghaFixEdits(doc: string | TreeSource, finding: Pick<RawFinding, 'ruleId' | 'start' | 'end'>): GhaFixEdits[] {
  try {
    const text = typeof doc === 'string' ? doc : doc.text;
    const root = typeof doc === 'string' ? workflowRoot(doc) : doc.trees().find((t) => t.start <= finding.start && finding.end <= t.end);
    if (root?.type !== 'object') return [];
    const jobsEntry = root.entries.find((e) => e.key === 'jobs');
    if (!jobsEntry || jobsEntry.value.type !== 'object') return [];
    const jobs = jobsEntry.value;
    const ind = ' '.repeat(step(text, jobsEntry, jobs));
    if (finding.ruleId === 'iam/gha-write-all') {
      const perm = [root.entries.find((e) => e.key === 'permissions'), ...jobs.entries.map((j) => (j.value.type === 'object' ? j.value.entries.find((e) => e.key === 'permissions') : undefined))].find(
        (e): e is PEntry => !!e && e.value.start === finding.start,
      );
      if (!perm) return [];
      let start = perm.value.start;
      while (start > perm.keyEnd && text[start - 1] !== ':') start--;
      const indent = ' '.repeat(col(text, perm.keyStart)) + ind;
      // The least the jobs it covers need: its job's, or (top level) those of the jobs without their own block.
      const owner = jobs.entries.find((j) => j.value.type === 'object' && j.value.entries.some((e) => e === perm));
      const covered = owner ? [owner] : jobs.entries.filter((j) => j.value.type === 'object' && !get(j.value, 'permissions') && !get(j.value, 'uses'));
      let needs: Needs = { contents: 'read' };
      for (const j of covered) needs = mergeNeeds(needs, tokenUse(j.value)?.needs ?? {});
      const lines = sortedNeeds(needs).map(([k, v]) => `\n${indent}${k}: ${v}`).join('');
      const shown = sortedNeeds(needs).map(([k, v]) => `${k}: ${v}`).join(', ');
      return [{ title: `Replace write-all with ${shown}`, isPreferred: true, edits: [{ start, end: perm.value.end, newText: lines }] }];
    }
    if (finding.ruleId === 'iam/gha-missing-permissions') {
      if (root.entries.some((e) => e.key === 'permissions')) return [];
      const topIndent = ' '.repeat(col(text, jobsEntry.keyStart));
      const ls = lineStart(text, jobsEntry.keyStart);
      const block = (indent: string, needs: Needs) => `${indent}permissions:\n${sortedNeeds(needs).map(([k, v]) => `${indent}${ind}${k}: ${v}\n`).join('')}`;
      const users = jobs.entries.flatMap((j) => {
        if (j.value.type !== 'object' || get(j.value, 'permissions') || get(j.value, 'uses')) return [];
        const use = tokenUse(j.value);
        return use ? [{ job: j.value, use }] : [];
      });
      const same = (a: Needs, b: Needs) => JSON.stringify(sortedNeeds(a)) === JSON.stringify(sortedNeeds(b));
      // One job: its needs at the top. Several: contents: read at the top, and a job that needs more gets its own
      // block, whole (a job-level block replaces the top-level one).
      const topNeeds: Needs = jobs.entries.length === 1 && users.length === 1 ? users[0].use.needs : { contents: 'read' };
      const edits = [{ start: ls, end: ls, newText: `${block(topIndent, topNeeds)}\n` }];
      for (const { job, use } of users) {
        if (same(use.needs, topNeeds)) continue;
        const first = job.entries[0];
        if (!first) continue;
        const jls = lineStart(text, first.keyStart);
        const jIndent = text.slice(jls, first.keyStart);
        if (!/^ *$/.test(jIndent)) continue;
        edits.push({ start: jls, end: jls, newText: block(jIndent, use.needs) });
      }
      // A reusable workflow called without its own block gets the top-level one: say so where it is called.
      for (const j of jobs.entries) {
        if (j.value.type !== 'object' || get(j.value, 'permissions') || !get(j.value, 'uses')) continue;
        const first = j.value.entries[0];
        const jls = first ? lineStart(text, first.keyStart) : -1;
        const jIndent = first ? text.slice(jls, first.keyStart) : '';
        if (!first || !/^ *$/.test(jIndent)) continue;
        edits.push({ start: jls, end: jls, newText: `${jIndent}# TODO: the called workflow now gets the permissions above; add a permissions block with what it needs.\n` });
      }
      const shown = sortedNeeds(topNeeds).map(([k, v]) => `${k}: ${v}`).join(', ');
      const title = edits.length > 1 ? `Add permissions: ${shown} (and the writes the jobs need)` : `Add permissions: ${shown}`;
      return [{ title, isPreferred: true, edits }];
    }
    if (finding.ruleId === 'iam/gha-untrusted-checkout') {
      // Check out the base branch (the event's default) instead of the pull request's code.
      for (const j of jobs.entries)
        for (const step of asList(get(j.value, 'steps'))) {
          const w = step.type === 'object' ? step.entries.find((e) => e.key === 'with') : undefined;
          if (!w || w.value.type !== 'object') continue;
          const hit = w.value.entries.find((e) => e.value.start === finding.start && e.value.end === finding.end);
          if (!hit || text[w.value.start] === '{') continue;
          const removeAll = w.value.entries.every((e) => e === hit || e.key === 'ref' || e.key === 'repository');
          const from = removeAll ? w : hit;
          const lines = removeAll ? w.value.entries.filter((e) => e.key === 'ref' || e.key === 'repository') : [hit];
          const start = lineStart(text, from.keyStart);
          if (!/^[ \t]*$/.test(text.slice(start, from.keyStart))) continue;
          const last = lines.reduce((m, e) => Math.max(m, e.value.end), from.value.end);
          // To the end of the last removed line: a block map's end is already past its line break (the next line, the
          // next step, stays).
          const nl = last > 0 && text[last - 1] === '\n' ? last - 1 : text.indexOf('\n', last);
          const end = nl < 0 ? text.length : nl + 1;
          // Only the untrusted entry goes (with `with:` when nothing else is in it).
          return [{ title: `Check out the base branch (remove ${removeAll ? 'the pull request ref' : hit.key})`, isPreferred: true, edits: [{ start, end, newText: '' }] }];
        }
      return [];
    }
    return [];
  } catch {
    return [];
  }
}
