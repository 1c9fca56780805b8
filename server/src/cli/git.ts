/**
 * `scan --staged`, `scan --since <rev>` and `scan --history`: the scanner over what git holds (scanner/git.ts
 * reads it through the git binary). The engine and the scanner are the same as a folder scan's; only the texts and
 * the choice of what is reported differ.
 */
import { nodeCrypto } from '../engine/nodeCrypto';
import fs = require('fs');
import os = require('os');
import path = require('path');
import { analyze, documentFacts, DocumentContext, WorkspaceIndex, type Finding } from '../engine';
import { decodeForScan } from '../engine/folder';
import type { ScanTarget } from '../scanner';
import { blobContents, changedLines, GitError, gitToplevel, hasHead, historyCommits, isShallow, mergeBase, readBlobs, resolveCommit, stagedEntries, treeEntries, untrackedFiles, type GitEntry } from '../scanner/git';
import { fingerprintFindings, lineOffsets, matchedText, normalise, textHash } from './baseline';
import { folderSettings, scan, type ScanFinding, type ScanOptions, type ScanProblem, type ScanResult } from '../scanner/scan';
import { addTo } from '../engine/collections';

export { GitError } from '../scanner/git';

const toSlash = (p: string) => p.split(path.sep).join('/');

/** The scanned folder inside the work tree: its top, and the folder's path from the top ('' at the top). */
function locate(target: string): { root: string; top: string; prefix: string } {
  const root = path.resolve(target);
  if (!fs.statSync(root).isDirectory()) throw new GitError(`--staged, --since and --history scan a folder: ${target} is a file`);
  const top = gitToplevel(root);
  const real = (p: string) => fs.realpathSync.native(p);
  const prefix = toSlash(path.relative(real(top), real(root)));
  if (prefix === '..' || prefix.startsWith('../') || path.isAbsolute(prefix)) throw new GitError(`${target} is not inside the work tree ${top}`);
  return { root, top, prefix };
}

/** The path of a repository entry in the scanned folder, or undefined when it lies outside it. */
function inFolder(root: string, prefix: string, repoPath: string): string | undefined {
  if (prefix && !repoPath.startsWith(`${prefix}/`)) return undefined;
  return path.join(root, ...(prefix ? repoPath.slice(prefix.length + 1) : repoPath).split('/'));
}

function emptyResult(root: string, started: number, git: ScanResult['git']): ScanResult {
  return { root, filesScanned: 0, findings: [], problems: [], elapsedMs: Date.now() - started, skipped: { binary: 0, tooLarge: 0, unreadable: 0, binaryFiles: [] }, git };
}

/**
 * The staged content (the index, not the work tree) of the files a commit would add or change. Cross-file facts
 * (the NetworkPolicy of a staged Deployment, the Role of a staged binding) come from the work tree, read only
 * when a staged file's analysis asked for them: a commit of a few source files in a large repository reads those
 * files only.
 */
export async function scanStaged(target: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const { root, top, prefix } = locate(target);
  const all = stagedEntries(top).map((e) => ({ ...e, abs: inFolder(root, prefix, e.path) }));
  const entries = all.filter((e): e is GitEntry & { abs: string } => e.abs !== undefined);
  const git = { mode: 'staged' as const, staged: entries.length };
  const problems: ScanProblem[] = [];
  // Scanning a folder below the top (run from a subdirectory) leaves the rest of the commit unscanned: say so.
  const outside = all.length - entries.length;
  if (outside) {
    const p = { file: '.', message: `${outside} staged file(s) outside ${prefix}/ not scanned: run from the repository's top (${top}) or pass its path to scan the whole commit` };
    problems.push(p);
    opts.onProblem?.(p);
  }
  if (!entries.length) return { ...emptyResult(root, started, git), problems };
  const contents = await blobContents(top, entries.map((e) => e.blob));
  const staged: ScanTarget[] = [];
  const skipped = { binary: 0, tooLarge: 0, unreadable: 0, binaryFiles: [] as string[] };
  for (const e of entries) {
    const buf = contents.get(e.blob);
    const rel = toSlash(path.relative(root, e.abs));
    if (!buf) {
      skipped.tooLarge++;
      problems.push({ file: rel, message: 'skipped: larger than 5 MB' });
      continue;
    }
    const read = decodeForScan(buf);
    if (!('text' in read)) {
      skipped.binary++;
      skipped.binaryFiles.push(rel);
      continue;
    }
    staged.push({ path: e.abs, text: read.text });
  }
  const stagedSet = new Set(staged.map((t) => t.path));
  // First the staged files alone; when none of them read another file's facts, that is the answer. Without the
  // cache: a scan keeps only the entries of the files it was given, and this one is given the staged files only.
  let result = await scan(root, { ...opts, files: staged, cache: undefined });
  const needsContext = staged.some((t) => (result.model?.dependenciesOf(t.path).size ?? 0) > 0);
  if (needsContext) {
    const ws = new WorkspaceIndex(root, { ignore: opts.ignore });
    const others = [...ws.walk()].filter((p) => !stagedSet.has(p)).map((p) => ({ path: p }));
    result = await scan(root, { ...opts, files: [...staged, ...others], analyseOnly: stagedSet });
  }
  const texts = new Map(staged.map((t) => [toSlash(path.relative(root, t.path)), t.text!]));
  await fingerprintFindings(result.findings, (f) => texts.get(f));
  result.problems.push(...problems);
  result.skipped.binary += skipped.binary;
  result.skipped.binaryFiles.push(...skipped.binaryFiles);
  result.skipped.tooLarge += skipped.tooLarge;
  result.git = git;
  result.elapsedMs = Date.now() - started;
  return result;
}

/** Files whose change can change other files' findings (settings, ignore and family configuration files). */
function isConfigFile(rel: string): boolean {
  const base = rel.split('/').pop()!;
  return rel === '.vscode/settings.json' || WorkspaceIndex.configFileNames().includes(base);
}

/** A text's facts (what other files' checks read), as JSON: to tell whether a change touched any. */
function factsKey(abs: string, text: string | undefined): string {
  if (text === undefined) return '';
  try {
    const facts = documentFacts(new DocumentContext({ path: abs, text }, { transient: true }));
    return facts.length ? JSON.stringify(facts.map((f) => [f.topic, f.value])) : '';
  } catch {
    return 'unreadable';
  }
}

/**
 * Findings on lines changed since `rev` (its merge base with HEAD, as a pull request's diff is taken), with the
 * whole work tree as context; and findings elsewhere that the change caused (new since the base: a NetworkPolicy
 * removed makes the Deployment it isolated a finding, in a file the change did not touch). When a change touches
 * cross-file facts or configuration, the base's tree is scanned too (in a temporary folder) and compared by
 * fingerprint; otherwise only the changed lines can hold new findings. Untracked files count as changed.
 */
export async function scanSince(target: string, rev: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const { root, top, prefix } = locate(target);
  if (!hasHead(top)) throw new GitError('this repository has no commit yet: --since needs a base commit');
  const base = mergeBase(top, resolveCommit(top, rev));
  const changed = changedLines(top, base);
  for (const u of untrackedFiles(top)) changed.set(u, [[1, Number.MAX_SAFE_INTEGER]]);
  const now = await scan(root, opts);
  const rel = (abs: string) => toSlash(path.relative(root, abs));
  const byRel = new Map<string, Array<[number, number]>>();
  const changedAbs: string[] = [];
  for (const [p, lines] of changed) {
    const abs = inFolder(root, prefix, p);
    if (!abs) continue;
    byRel.set(rel(abs), lines);
    changedAbs.push(abs);
  }
  const ws = new WorkspaceIndex(root, { ignore: opts.ignore });
  const textOf = (f: string) => ws.readForScan(path.join(root, f)).text;
  await fingerprintFindings(now.findings, textOf);
  // Does the change reach other files? Configuration, or facts that differ between the base and now.
  const baseTree = new Map(treeEntries(top, base, prefix).map((e) => [e.path, e]));
  let reachesOthers = changedAbs.some((a) => isConfigFile(rel(a)));
  if (!reachesOthers) {
    const repoPath = (abs: string) => toSlash(path.join(prefix, rel(abs)));
    const baseBlobs = await blobContents(top, changedAbs.map((a) => baseTree.get(repoPath(a))?.blob).filter((b): b is string => !!b));
    for (const abs of changedAbs) {
      const blob = baseTree.get(repoPath(abs))?.blob;
      const buf = blob ? baseBlobs.get(blob) : undefined;
      const before = buf ? decodeForScan(buf) : undefined;
      const beforeText = before && 'text' in before ? before.text : undefined;
      if (factsKey(abs, beforeText) !== factsKey(abs, fs.existsSync(abs) ? textOf(rel(abs)) : undefined)) {
        reachesOthers = true;
        break;
      }
    }
  }
  let baseKeys: Set<string> | undefined;
  if (reachesOthers) baseKeys = await baseFingerprints(top, prefix, [...baseTree.values()], opts);
  const intersects = (f: ScanFinding) => (byRel.get(f.file) ?? []).some(([a, b]) => f.line <= b && f.endLine >= a);
  const findings: ScanFinding[] = [];
  for (const f of now.findings) {
    if (intersects(f)) findings.push({ ...f, change: 'line' });
    else if (baseKeys && !baseKeys.has(`${f.ruleId}\u0000${f.file}\u0000${f.fingerprint}`)) findings.push({ ...f, change: 'context' });
  }
  return {
    ...now,
    findings,
    whole: now.findings,
    elapsedMs: Date.now() - started,
    git: { mode: 'since', base, changedFiles: byRel.size, baseScanned: !!baseKeys },
  };
}

/** The base's tree written to a temporary folder and scanned there: the fingerprints of its findings. */
async function baseFingerprints(top: string, prefix: string, entries: GitEntry[], opts: ScanOptions): Promise<Set<string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'microapp-guard-base-'));
  try {
    // A .git folder so that the base's .gitignore files apply as they do in the work tree.
    fs.mkdirSync(path.join(dir, '.git'));
    const byBlob = new Map<string, string[]>();
    for (const e of entries) addTo(byBlob, e.blob, e.path);
    await readBlobs(top, [...byBlob.keys()], (id, content) => {
      if (!content) return;
      for (const p of byBlob.get(id) ?? []) {
        const abs = path.join(dir, ...p.split('/'));
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, content);
      }
    });
    const root = prefix ? path.join(dir, ...prefix.split('/')) : dir;
    fs.mkdirSync(root, { recursive: true });
    // The base's own settings file unless --config names one; no cache (it is another tree).
    const r = await scan(root, { ...opts, cache: undefined, onProblem: undefined, files: undefined, analyseOnly: undefined });
    const ws = new WorkspaceIndex(root);
    await fingerprintFindings(r.findings, (f) => ws.readForScan(path.join(root, f)).text);
    return new Set(r.findings.map((f) => `${f.ruleId}\u0000${f.file}\u0000${f.fingerprint}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface HistoryOptions extends ScanOptions {
  /** Only commits not reachable from this revision. */
  since?: string;
  /** Every ref, not only HEAD. */
  all?: boolean;
}

/** Rule and normalised matched text, hashed in memory only (the dedupe key of a secret across blobs and commits). */
function valueKey(ruleId: string, matched: string): string {
  return nodeCrypto().createHash('sha256').update(ruleId).update('\u0000').update(normalise(matched)).digest('hex');
}

/**
 * Secrets in every commit reachable from HEAD (or from `since` on): the blobs each commit added or modified,
 * deduplicated and read once through one `git cat-file --batch`, checked by the secrets family alone. Each secret
 * is reported once per path, at the commit that first introduced it there (commit, date, path, line in that
 * version), and said to be still at HEAD or "in history: rotate it".
 */
export async function scanHistory(target: string, opts: HistoryOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const { root, top, prefix } = locate(target);
  if (!hasHead(top)) throw new GitError('this repository has no commit yet: there is no history to scan');
  if (isShallow(top)) throw new GitError('this is a shallow clone: its history is incomplete, so secrets in older commits would be missed. Fetch it whole (actions/checkout with fetch-depth: 0, or git fetch --unshallow)');
  const since = opts.since !== undefined ? resolveCommit(top, opts.since) : undefined;
  const commits = historyCommits(top, { since, all: opts.all });
  const problems: ScanProblem[] = [];
  const report = (p: ScanProblem) => {
    problems.push(p);
    opts.onProblem?.(p);
  };
  const settings = folderSettings(root, opts, report);
  const ws = new WorkspaceIndex(root, { trusted: opts.trusted ?? false, ignore: settings.ignore });
  const prepared = await ws.prepare();
  // Where each blob first appeared, per path: [commit index, path].
  const firstAt = new Map<string, Array<{ at: number; path: string }>>();
  commits.forEach((c, at) => {
    for (const e of c.entries) {
      if (!inFolder(root, prefix, e.path)) continue;
      let list = firstAt.get(e.blob);
      if (!list) firstAt.set(e.blob, (list = []));
      if (!list.some((x) => x.path === e.path)) list.push({ at, path: e.path });
    }
  });
  type Hit = { at: number; repoPath: string; finding: Finding; line: number; matched: string };
  const hits = new Map<string, Hit>(); // by path + value key: the first introduction
  const keysOfBlob = new Map<string, Set<string>>(); // blobs with findings: their value keys
  const skipped = { binary: 0, tooLarge: 0, unreadable: 0, binaryFiles: [] as string[] };
  let blobs = 0;
  let missing = 0;
  let largest: string | undefined;
  const check = async (id: string, content: Buffer | undefined, size: number, places: Array<{ at: number; path: string }>) => {
    if (!content) {
      if (size < 0) {
        skipped.unreadable++;
        missing++;
      } else {
        skipped.tooLarge++;
        largest ??= places[0].path;
      }
      return;
    }
    const read = decodeForScan(content);
    if (!('text' in read)) {
      skipped.binary++;
      return;
    }
    blobs++;
    const abs = inFolder(root, prefix, places[0].path)!;
    let findings: Finding[];
    try {
      ({ findings } = await analyze({ path: abs, text: read.text }, { workspace: ws, settings, familyOptions: prepared.options, families: ['secrets'], transient: true, wholeFile: true }));
    } catch (e) {
      report({ file: places[0].path, message: `blob ${id.slice(0, 12)} could not be analysed: ${(e as Error).message.split('\n')[0]}` });
      return;
    }
    if (!findings.length) return;
    const keys = new Set<string>();
    const starts = lineOffsets(read.text);
    for (const f of findings) {
      const matched = matchedText(read.text, { line: f.range.start.line + 1, column: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 }, starts);
      const vk = valueKey(f.ruleId, matched);
      keys.add(vk);
      for (const p of places) {
        const k = `${p.path}\u0000${vk}`;
        const had = hits.get(k);
        if (!had || p.at < had.at) hits.set(k, { at: p.at, repoPath: p.path, finding: f, line: f.range.start.line, matched });
      }
    }
    keysOfBlob.set(id, keys);
  };
  await readBlobs(top, [...firstAt.keys()], (id, content, size) => check(id, content, size, firstAt.get(id)!));
  // Still at HEAD? The blob HEAD holds at that path has the same value (blobs older than --since are read now).
  const head = new Map(treeEntries(top, 'HEAD', prefix).map((e) => [e.path, e.blob]));
  const needed = new Set<string>();
  for (const h of hits.values()) {
    const b = head.get(h.repoPath);
    if (b && !keysOfBlob.has(b) && !firstAt.has(b)) needed.add(b);
  }
  if (needed.size) {
    await readBlobs(top, [...needed], (id, content, size) => check(id, content, size, [...head].filter(([, b]) => b === id).map(([p]) => ({ at: Number.MAX_SAFE_INTEGER, path: p }))));
    // Those were read for the HEAD check only: an introduction before --since is not reported.
    for (const [k, h] of hits) if (h.at === Number.MAX_SAFE_INTEGER) hits.delete(k);
  }
  if (largest) report({ file: '.', message: `${skipped.tooLarge} file version(s) larger than 5 MB not scanned (${largest}${skipped.tooLarge > 1 ? ', ...' : ''})` });
  if (missing) report({ file: '.', message: `${missing} file version(s) not in the local repository (a partial clone: git clone --filter) not scanned; nothing is fetched: clone without --filter to scan the whole history` });
  const findings: ScanFinding[] = [];
  const sorted = [...hits.entries()].sort(([, a], [, b]) => a.at - b.at || a.repoPath.localeCompare(b.repoPath) || a.line - b.line);
  for (const [k, h] of sorted) {
    const vk = k.slice(k.indexOf('\u0000') + 1);
    const c = commits[h.at];
    const headBlob = head.get(h.repoPath);
    const inHead = headBlob !== undefined && (keysOfBlob.get(headBlob)?.has(vk) ?? false);
    const f = h.finding;
    const date = new Date(c.time * 1000).toISOString();
    const file = toSlash(path.relative(root, inFolder(root, prefix, h.repoPath)!));
    findings.push({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      file,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      message: `${f.message} (committed in ${c.commit.slice(0, 12)} on ${date.slice(0, 10)}; ${inHead ? 'still at HEAD: remove it, then rotate it' : 'in history: rotate it, removing it from the file does not revoke it'})`,
      commit: c.commit,
      date,
      inHead,
      fingerprint: `${textHash(f.ruleId, file, h.matched)}:0`,
    });
  }
  return {
    root,
    filesScanned: blobs,
    findings,
    problems,
    elapsedMs: Date.now() - started,
    skipped,
    git: { mode: 'history', ...(since ? { base: since } : {}), commits: commits.length, blobs },
  };
}
