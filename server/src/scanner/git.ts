/**
 * The git layer of the CLI: what git holds (the index, a revision's tree, the blobs of every commit), read
 * through the git binary itself (child processes, argument arrays, no shell, no network: only local plumbing
 * commands run). Blobs are read through one `git cat-file --batch` process per call, streamed with
 * back-pressure, so a history of 10,000 commits is read once, blob by blob.
 */
import type * as ChildProcess from 'child_process';
import path = require('path');

/**
 * node:child_process, loaded when git is first asked: the language server and a plain scan never run git, and the
 * module (with node:dgram, which it loads) cost ~3 ms of every start on the way to the first diagnostics.
 */
let childProcess: typeof ChildProcess | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cp = (): typeof ChildProcess => (childProcess ??= require('child_process') as typeof ChildProcess);

/** Bad input from git's side (not a repository, an unknown revision, a shallow clone): a usage error, exit 2. */
export class GitError extends Error {}

/**
 * git's environment: never prompt, never page, plain output whatever the user's config says about colour; no lazy
 * fetch of a partial clone's missing objects (git 2.44+; older versions ignore it): nothing is fetched.
 */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1' };
}

/**
 * Options every command gets: paths as bytes (no quoting), no colour, no external diff or text conversion, and the
 * diff's paths as this file parses them whatever the user's config says (`a/` and `b/` prefixes, from the top).
 */
const BASE = [
  '-c', 'core.quotepath=false', '-c', 'color.ui=false', '-c', 'color.diff=false', '-c', 'diff.external=', '-c', 'core.fsmonitor=false',
  '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'diff.relative=false',
];

/** Runs git synchronously and returns its stdout; a failure becomes a GitError with git's first line of stderr. */
export function git(cwd: string, args: string[], what?: string, input?: string): string {
  const r = cp().spawnSync('git', [...BASE, ...args], { cwd, env: gitEnv(), encoding: 'utf8', maxBuffer: 1 << 30, windowsHide: true, input });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(code === 'ENOENT' ? 'git was not found on the PATH: install git to scan what git holds' : `git could not run: ${code ?? r.error.message}`);
  }
  if (r.status !== 0) {
    // git's reason is its fatal or error line; warnings may come first.
    const said = (r.stderr || '').split('\n').filter((l) => l.trim());
    const first = said.find((l) => /^(fatal|error): /.test(l)) ?? said[0] ?? `exit ${r.status}`;
    throw new GitError(`${what ?? `git ${args[0]}`} failed: ${first.replace(/^(fatal|error): /, '')}`);
  }
  return r.stdout;
}

/** The top of the work tree that holds `dir`, or a GitError that says how to get one. */
export function gitToplevel(dir: string): string {
  let out: string;
  try {
    out = git(dir, ['rev-parse', '--show-toplevel']);
  } catch (e) {
    if (e instanceof GitError && /not a git repository/i.test(e.message)) throw new GitError(`${dir} is not inside a git repository (run "git init", or scan a folder without --staged, --since or --history)`);
    throw e;
  }
  const top = out.trim();
  if (!top) throw new GitError(`${dir} is not inside a git work tree (a bare repository has no staged or working files)`);
  return path.resolve(top);
}

export function isShallow(top: string): boolean {
  return git(top, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
}

/** Whether HEAD names a commit yet (false on a branch with no commit). */
export function hasHead(top: string): boolean {
  return cp().spawnSync('git', [...BASE, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: top, env: gitEnv(), windowsHide: true }).status === 0;
}

/** The commit a revision names, or a GitError (with a hint for shallow clones, where the base is often missing). */
export function resolveCommit(top: string, rev: string): string {
  if (!rev || rev.startsWith('-')) throw new GitError(`not a revision: "${rev}"`);
  const r = cp().spawnSync('git', [...BASE, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { cwd: top, env: gitEnv(), encoding: 'utf8', windowsHide: true });
  if (r.status !== 0 || !r.stdout.trim()) {
    const hint = isShallow(top) ? ' This is a shallow clone: fetch the base (actions/checkout with fetch-depth: 0, or git fetch --unshallow).' : '';
    throw new GitError(`unknown revision "${rev}": not a commit in this repository.${hint}`);
  }
  return r.stdout.trim();
}

/** The merge base of a revision and HEAD (what a pull request's diff is taken against). */
export function mergeBase(top: string, base: string): string {
  const r = cp().spawnSync('git', [...BASE, 'merge-base', base, 'HEAD'], { cwd: top, env: gitEnv(), encoding: 'utf8', windowsHide: true });
  if (r.status !== 0 || !r.stdout.trim()) {
    const hint = isShallow(top)
      ? ' This is a shallow clone, so the common ancestor may not have been fetched: use fetch-depth: 0 (actions/checkout) or git fetch --unshallow.'
      : ' The two histories have no common commit.';
    throw new GitError(`no merge base between ${base.slice(0, 12)} and HEAD.${hint}`);
  }
  return r.stdout.trim();
}

/** A path in the repository (forward slashes, relative to the top) and the blob it names. */
export interface GitEntry {
  path: string;
  blob: string;
  mode: string;
}

const REGULAR = new Set(['100644', '100755']);
/** Statuses whose new side is content to scan: added, copied, modified, type changed (a symlink made a file). */
const WITH_CONTENT = /^[ACMT]/;

/** Files added, copied, modified or made regular files in the index (what `git commit` would record), with their staged blobs. */
export function stagedEntries(top: string): GitEntry[] {
  const args = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--ignore-submodules'];
  const entries: GitEntry[] = [];
  parseRaw(git(top, args, 'reading the index'), (e) => entries.push(e));
  return entries;
}

/**
 * `:oldmode newmode old new status\0path\0` records of `--raw -z` output (no renames): `onEntry` for each regular
 * file with content (status A, C, M or T), `onOther` for any other token (a `log --format` line).
 */
function parseRaw(out: string, onEntry: (e: GitEntry) => void, onOther?: (token: string) => void): void {
  const tokens = out.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].replace(/^\n/, '');
    if (!t.startsWith(':')) {
      if (t) onOther?.(t);
      continue;
    }
    const [, mode, , blob, status] = t.slice(1).split(' ');
    const p = tokens[++i];
    if (p !== undefined && REGULAR.has(mode) && WITH_CONTENT.test(status ?? '')) onEntry({ path: p, blob, mode });
  }
}

/** Every regular file of a commit's tree below `prefix` (relative to the top; '' for all). */
export function treeEntries(top: string, commit: string, prefix = ''): GitEntry[] {
  const out = git(top, ['ls-tree', '-r', '-z', '--full-tree', commit, ...(prefix ? ['--', prefix] : [])], 'reading a tree');
  const entries: GitEntry[] = [];
  for (const rec of out.split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, blob] = rec.slice(0, tab).split(' ');
    if (type === 'blob' && REGULAR.has(mode)) entries.push({ path: rec.slice(tab + 1), blob, mode });
  }
  return entries;
}

/**
 * Lines of each file changed between a commit and the work tree (tracked files, `git diff -U0`): 1-based
 * line ranges in the work tree's version, by path relative to the top. Deleted files are listed with no lines;
 * files git takes for binary (no line diff) as changed throughout.
 */
export function changedLines(top: string, commit: string): Map<string, Array<[number, number]>> {
  const common = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--ignore-submodules'];
  const out = git(top, ['diff', '-U0', '--src-prefix=a/', '--dst-prefix=b/', ...common, commit, '--'], 'reading the diff');
  const changed = new Map<string, Array<[number, number]>>();
  let current: Array<[number, number]> | undefined;
  let oldPath: string | undefined;
  // `---` and `+++` are a file's header only before its first hunk: in a hunk they are a removed line starting
  // with "-- " or an added one starting with "++ " (SQL comments, say), not a new file.
  let inHeader = false;
  for (const line of out.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      oldPath = undefined;
      inHeader = true;
    } else if (inHeader && line.startsWith('--- ')) {
      oldPath = unquote(line.slice(4));
    } else if (inHeader && line.startsWith('+++ ')) {
      const p = unquote(line.slice(4));
      if (p === '/dev/null') {
        // Deleted: no lines now, but it changed (its facts are gone).
        if (oldPath && oldPath !== '/dev/null') changed.set(oldPath.replace(/^a\//, ''), []);
        current = undefined;
      } else {
        const rel = p.replace(/^b\//, '');
        current = changed.get(rel) ?? [];
        changed.set(rel, current);
      }
    } else if (line.startsWith('@@ ')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m || !current) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      if (count > 0) current.push([start, start + count - 1]);
    }
  }
  // "Binary files a/x and b/x differ" names no lines (nor, unambiguously, the file): numstat lists them as "-\t-\tpath".
  // The scanner may still read such a file as text (a NUL byte in a config file), so every line of it counts.
  const stats = git(top, ['diff', '--numstat', '-z', ...common, commit, '--'], 'reading the diff');
  for (const rec of stats.split('\0')) {
    const m = /^-\t-\t(.+)$/s.exec(rec.replace(/^\n/, ''));
    if (m && !changed.has(m[1])) changed.set(m[1], [[1, Number.MAX_SAFE_INTEGER]]);
  }
  return changed;
}

/** git quotes paths with unusual bytes even with core.quotepath=false ("a\tb"): C-style unquoting. */
function unquote(p: string): string {
  if (!p.startsWith('"')) return p.replace(/\t$/, '');
  const body = p.slice(1, p.lastIndexOf('"'));
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[++i];
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[n] ?? n.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Files git does not track and does not ignore (new files not yet added), relative to the top. */
export function untrackedFiles(top: string): string[] {
  return git(top, ['ls-files', '-z', '--others', '--exclude-standard'], 'listing untracked files').split('\0').filter(Boolean);
}

/** A commit of the history and the blobs it added or modified. */
export interface HistoryCommit {
  commit: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  entries: GitEntry[];
}

/**
 * The commits reachable from HEAD (or from every ref with `all`), oldest first (parents before children), each
 * with the regular-file blobs it added or modified (a merge: against its first parent, so a change made while
 * merging is seen; a root commit: against the empty tree, whatever log.showRoot says). `since`: only commits not
 * reachable from it. Every commit is listed, also one that only deletes files (the count is the history's).
 */
export function historyCommits(top: string, opts: { since?: string; all?: boolean } = {}): HistoryCommit[] {
  const range = opts.all ? ['--all'] : [opts.since ? `${opts.since}..HEAD` : 'HEAD'];
  if (opts.all && opts.since) range.push(`^${opts.since}`);
  const out = git(
    top,
    ['log', '--reverse', '--topo-order', '--root', '--no-show-signature', '--no-color', '--diff-merges=first-parent', '--raw', '--no-abbrev', '--no-renames', '-z', '--ignore-submodules', '--format=%x01%H %ct', ...range, '--'],
    'reading the history',
  );
  const commits: HistoryCommit[] = [];
  let cur: HistoryCommit | undefined;
  parseRaw(
    out,
    (e) => cur?.entries.push(e),
    (t) => {
      if (!t.startsWith('\u0001')) return;
      const [commit, time] = t.slice(1).split(' ');
      commits.push((cur = { commit, time: Number(time), entries: [] }));
    },
  );
  return commits;
}

/**
 * Reads blobs through one `git cat-file --batch` process, calling `onBlob` for each (awaited: the pipe is read no
 * faster than the blobs are used). A blob larger than `maxBytes` is passed without content and never read (its
 * size comes from `--batch-check`; should one still arrive, its bytes are dropped as they stream by); a blob the
 * repository lacks (a partial clone's, not fetched) is passed without content and with size -1. Those come first,
 * then the others in the order asked.
 */
export async function readBlobs(top: string, ids: string[], onBlob: (id: string, content: Buffer | undefined, size: number) => void | Promise<void>, maxBytes = 5 * 1024 * 1024): Promise<void> {
  if (!ids.length) return;
  // Sizes first (object headers only): git itself would inflate a large blob whole to print it.
  const sizes = git(top, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], 'reading blob sizes', ids.join('\n') + '\n').split('\n');
  const small: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const m = /^[0-9a-f]+ (\d+)$/.exec(sizes[i] ?? '');
    if (!m) await onBlob(ids[i], undefined, -1);
    else if (Number(m[1]) > maxBytes) await onBlob(ids[i], undefined, Number(m[1]));
    else small.push(ids[i]);
  }
  ids = small;
  if (!ids.length) return;
  const child = cp().spawn('git', [...BASE, 'cat-file', '--batch'], { cwd: top, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d.slice(0, 2000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new GitError(`git cat-file could not run: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined); // awaited below; not an unhandled rejection while the output is read
  child.stdin.on('error', () => undefined); // a git that stopped early says why on stderr
  child.stdin.end(ids.join('\n') + '\n');
  // Parser state: a header line, then `size` bytes and a newline (kept, or dropped when too large).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let next = 0;
  let want: { id: string; size: number; drop: boolean; left: number } | undefined;
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    return head;
  };
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      for (;;) {
        if (!want) {
          // A header: find its newline in the pending chunks.
          const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
          pending = all.length ? [all] : [];
          const nl = all.indexOf(10);
          if (nl < 0) break;
          const header = take(nl + 1).toString('utf8').trim();
          const id = ids[next++] ?? header.split(' ')[0];
          const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
          if (!m) {
            // "<id> missing" (or ambiguous): no content follows.
            await onBlob(id, undefined, -1);
            continue;
          }
          const size = Number(m[3]);
          want = { id, size, drop: size > maxBytes, left: size + 1 };
        }
        if (want.drop) {
          // Too large: drop what arrived of it, then tell once it has all gone by.
          const n = Math.min(want.left, pendingBytes);
          if (n) take(n);
          want.left -= n;
          if (want.left > 0) break;
          const w = want;
          want = undefined;
          await onBlob(w.id, undefined, w.size);
          continue;
        }
        if (pendingBytes < want.size + 1) break;
        const body = take(want.size + 1).subarray(0, want.size);
        const w = want;
        want = undefined;
        await onBlob(w.id, body, w.size);
      }
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0 && next < ids.length) throw new GitError(`git cat-file failed: ${stderr.split('\n')[0] || `exit ${code}`}`);
}

/** The contents of a few blobs (the staged files of a commit), as a map. */
export async function blobContents(top: string, ids: string[]): Promise<Map<string, Buffer | undefined>> {
  const out = new Map<string, Buffer | undefined>();
  await readBlobs(top, [...new Set(ids)], (id, content) => {
    out.set(id, content);
  });
  return out;
}
