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
import { get, str, yamlTrees, type PEntry, type PNode, type PObject, type TreeSource } from '../../../formats/tree';
import type { Grant, GrantClass, RawFinding } from '../grants';

export function isWorkflowPath(path: string): boolean {
  return /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(path);
}

/** Scopes each known writing action or command needs. */
const WRITERS: Array<{ test: RegExp; scopes: string[]; what: string }> = [
  { test: /^actions\/create-release@/, scopes: ['contents'], what: 'actions/create-release' },
  { test: /^softprops\/action-gh-release@/, scopes: ['contents'], what: 'softprops/action-gh-release' },
  { test: /^ncipollo\/release-action@/, scopes: ['contents'], what: 'ncipollo/release-action' },
  { test: /^peter-evans\/create-pull-request@/, scopes: ['contents', 'pull-requests'], what: 'peter-evans/create-pull-request' },
  { test: /^stefanzweifel\/git-auto-commit-action@/, scopes: ['contents'], what: 'stefanzweifel/git-auto-commit-action' },
  { test: /^actions\/upload-release-asset@/, scopes: ['contents'], what: 'actions/upload-release-asset' },
  { test: /^JamesIves\/github-pages-deploy-action@/, scopes: ['contents'], what: 'JamesIves/github-pages-deploy-action' },
];
const RUN_WRITERS: Array<{ test: RegExp; scopes: string[]; what: string }> = [
  { test: /\bgit\s+push\b/, scopes: ['contents'], what: 'git push' },
  { test: /\bgh\s+release\s+(create|upload|edit|delete)\b/, scopes: ['contents'], what: 'gh release' },
  { test: /\bgh\s+pr\s+(create|merge|comment|edit|review|close)\b/, scopes: ['pull-requests'], what: 'gh pr' },
  { test: /\bgh\s+issue\s+(create|comment|edit|close)\b/, scopes: ['issues'], what: 'gh issue' },
];
const TOKEN_REF = /\b(secrets\.GITHUB_TOKEN|github\.token)\b/;

export interface TokenUse {
  /** Scopes a write needs (empty when the token is only referenced). */
  writes: string[];
  what: string[];
}

function walkStrings(n: PNode | undefined, f: (s: string, key?: string) => void, key?: string, depth = 0): void {
  if (!n || depth > 30) return;
  if (n.type === 'string') f(n.value, key);
  else if (n.type === 'array') for (const i of n.items) walkStrings(i, f, key, depth + 1);
  else if (n.type === 'object') for (const e of n.entries) walkStrings(e.value, f, e.key, depth + 1);
  else if (n.type === 'unknown') walkStrings(n.inner, f, key, depth + 1);
}

function tokenUse(job: PNode): TokenUse | undefined {
  const writes = new Set<string>();
  const what = new Set<string>();
  walkStrings(job, (s, key) => {
    if (key === 'uses') for (const w of WRITERS) if (w.test.test(s)) (w.scopes.forEach((x) => writes.add(x)), what.add(w.what));
    if (key === 'run') for (const w of RUN_WRITERS) if (w.test.test(s)) (w.scopes.forEach((x) => writes.add(x)), what.add(w.what));
    const m = TOKEN_REF.exec(s);
    if (m) what.add(m[1]);
  });
  return what.size ? { writes: [...writes], what: [...what] } : undefined;
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

  for (const j of jobs.entries) {
    const jp = get(j.value, 'permissions');
    if (jp) {
      block(jp, `job ${j.key}`);
      continue;
    }
    if (top || j.value.type !== 'object') continue;
    if (get(j.value, 'uses')) continue; // a reusable workflow call: the called workflow declares its own
    const use = tokenUse(j.value);
    grants.push({ provider: 'github', principal: `job ${j.key}`, actions: [], resources: ['repository'], class: 'moderate', reason: 'default token permissions (a repository setting)', start: j.keyStart, end: j.value.end });
    if (!use) continue;
    findings.push({
      ruleId: 'iam/gha-missing-permissions',
      severity: use.writes.length ? 'warning' : 'info',
      message: `Job "${j.key}" uses the GITHUB_TOKEN (${use.what.join(', ')}) and the workflow sets no permissions, so it gets the repository default, read-write on older repositories. Declare permissions (contents: read${use.writes.length ? `, and ${use.writes.map((s) => `${s}: write`).join(', ')} for this job` : ''}).`,
      start: j.keyStart,
      end: j.keyEnd,
      fix: { kind: 'gha-missing-permissions', writes: use.writes },
    });
  }
  return { findings, grants };
}

// ---- fixes ---------------------------------------------------------------------

export interface GhaFixEdits {
  title: string;
  isPreferred: boolean;
  edits: Array<{ start: number; end: number; newText: string }>;
}

const col = (text: string, i: number) => i - (text.lastIndexOf('\n', i - 1) + 1);
const lineStart = (text: string, i: number) => text.lastIndexOf('\n', i - 1) + 1;

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
      return [{ title: 'Replace write-all with contents: read', isPreferred: true, edits: [{ start, end: perm.value.end, newText: `\n${indent}contents: read` }] }];
    }
    if (finding.ruleId === 'iam/gha-missing-permissions') {
      if (root.entries.some((e) => e.key === 'permissions')) return [];
      const topIndent = ' '.repeat(col(text, jobsEntry.keyStart));
      const ls = lineStart(text, jobsEntry.keyStart);
      const edits = [{ start: ls, end: ls, newText: `${topIndent}permissions:\n${topIndent}${ind}contents: read\n\n` }];
      // Jobs that write get their own block (a job-level block replaces the top-level one).
      for (const j of jobs.entries) {
        if (j.value.type !== 'object' || get(j.value, 'permissions') || get(j.value, 'uses')) continue;
        const use = tokenUse(j.value);
        const first = j.value.entries[0];
        if (!use?.writes.length || !first) continue;
        const jls = lineStart(text, first.keyStart);
        const jIndent = text.slice(jls, first.keyStart);
        if (!/^ *$/.test(jIndent)) continue;
        const scopes = use.writes.map((s) => `${jIndent}${ind}${s}: write\n`).join('');
        edits.push({ start: jls, end: jls, newText: `${jIndent}permissions:\n${scopes}` });
      }
      const title = edits.length > 1 ? 'Add permissions: contents: read (and the writes the jobs need)' : 'Add permissions: contents: read';
      return [{ title, isPreferred: true, edits }];
    }
    return [];
  } catch {
    return [];
  }
}
