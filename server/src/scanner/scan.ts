/**
 * `microapp-guard scan`: the engine over a folder or files, for CI. Text for
 * people, JSON for scripts, SARIF 2.1.0 for code-scanning dashboards.
 */
import fs = require('fs');
import path = require('path');
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { normalizeSettings, SETTINGS, WorkspaceIndex, WorkspaceModel, type CancellationToken, type Finding, type Range, type Settings, type SettingsProblem, type Severity } from '../engine';
import { readInsideFolder } from '../engine/folder';
import { ScanCache, Scanner, type FileResult, type ScanTarget } from './index';
import { workspaceView } from '../engine/registry';
import { ENDPOINTS } from '../engine/topics';
import { linkGrantFindings, type ResolvedWorkload } from '../engine/resolved';

export interface ScanFinding {
  ruleId: string;
  category: Finding['category'];
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related?: Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; message: string }>;
  /** The grant this `iam` finding reports (engine/resolved.ts), with its class. */
  grant?: { file: string; line: number; class: string };
  /**
   * Its baseline fingerprint (cli/baseline.ts): the rule, the path and a salted, slow hash of the matched text with an
   * occurrence index; never the value, never the line, so it survives lines moving.
   */
  fingerprint?: string;
  /** `scan --history`: the commit that first introduced it (at `file`), that commit's date, and whether HEAD still holds it. */
  commit?: string;
  date?: string;
  inHead?: boolean;
  /** `scan --since`: on a line changed since the base (`line`), or elsewhere and new since the base (`context`: a change in another file caused it). */
  change?: 'line' | 'context';
}

export interface ScanProblem {
  file: string;
  message: string;
}

export interface ScanResult {
  root: string;
  filesScanned: number;
  findings: ScanFinding[];
  /** Files that could not be read or were skipped with a reason. */
  problems: ScanProblem[];
  elapsedMs: number;
  /**
   * Files not scanned, by reason. Binary files (by content: a known signature, or mostly NUL/control bytes or
   * invalid UTF-8) are listed here only; too large and unreadable ones are also reported as problems.
   */
  skipped: ScanSkipped;
  /** The workspace model after the scan (facts every file published: grants, endpoints, objects). */
  model?: WorkspaceModel;
  /** With a cache: results reused, files analysed, and entries that failed verification (only when there were any). */
  cache?: { hits: number; misses: number; rejected?: number };
  /**
   * Every grant found, with its class as the permissions family gives it once every file was read (roles of other
   * files resolved) and the findings that report it: the list the manifest's requestedPermissions is (engine/resolved.ts).
   */
  grants?: Array<Record<string, unknown>>;
  /** Kubernetes workloads with the namespace they land in (kustomize, as written, network.defaultNamespace). */
  workloads?: ResolvedWorkload[];
  /** Every endpoint found, with its kind (network family). */
  endpoints?: Array<Record<string, unknown>>;
  /** What git was asked (cli/git.ts): the mode and, for --since and --history, the base and the counts. */
  git?: { mode: 'staged' | 'since' | 'history'; base?: string; commits?: number; blobs?: number; staged?: number; changedFiles?: number; baseScanned?: boolean };
  /** `--since`: every finding of the work tree (the risk verdict is the whole app's), `findings` being the change's. */
  whole?: ScanFinding[];
  /** `--baseline`: findings it accepted (not listed), and its entries no longer found (fixed: the baseline can shrink). */
  baseline?: { file: string; accepted: number; gone: number };
}

export interface ScanSkipped {
  binary: number;
  tooLarge: number;
  unreadable: number;
  /** The binary files, relative to the root. */
  binaryFiles: string[];
}

export interface ScanOptions {
  ignore?: string[];
  /** Settings file with microappGuard.* keys; default: <root>/.vscode/settings.json when present. */
  config?: string;
  trusted?: boolean;
  /**
   * Content-hash cache file (unchanged files are not analysed again); its entries are authenticated with the
   * machine's key in the user's cache folder (scanner/cache.ts), so an edited or foreign cache is not trusted.
   */
  cache?: string;
  /** Worker threads (default: automatic; 0 = none). */
  workers?: number;
  /** Polled between files (an export from the editor can be cancelled). */
  token?: CancellationToken;
  onProblem?: (p: ScanProblem) => void;
  /**
   * The files to read instead of walking the folder, each with its text when the caller has it (the index's
   * content of a staged file, git layer: cli/git.ts); absolute paths inside the folder.
   */
  files?: ScanTarget[];
  /** Only these files are analysed (absolute paths); the others are read for their cross-file facts only. */
  analyseOnly?: ReadonlySet<string>;
}

/** A path relative to the scanned root, with forward slashes (the file's own name when it is the root). */
const relCache = new Map<string, string>();
function relativePath(root: string, p: string): string {
  const k = `${root}\u0000${p}`;
  let r = relCache.get(k);
  if (r === undefined) {
    if (relCache.size > 100000) relCache.clear();
    relCache.set(k, (r = relativePathUncached(root, p)));
  }
  return r;
}
function relativePathUncached(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/') || path.basename(p);
}

/** A range as reports give it: 1-based lines and columns. */
function lineColumns(r: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function toScanFinding(root: string, file: string, f: Finding): ScanFinding {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    file: relativePath(root, file),
    ...lineColumns(f.range),
    message: f.message,
    ...(f.related?.length ? { related: f.related.map((r) => ({ file: relativePath(root, r.path), ...lineColumns(r.range), message: r.message })) } : {}),
  };
}

/**
 * A scanned folder's settings: the editor's (.vscode/settings.json, or --config), so CI and VS Code agree on rules,
 * severities and ignores, with the command line's ignores added.
 */
export function folderSettings(root: string, opts: Pick<ScanOptions, 'config' | 'ignore'>, report: (p: ScanProblem) => void): Settings {
  const settings = readSettings(opts.config ?? path.join(root, '.vscode', 'settings.json'), root, !!opts.config, report);
  const ignore = [...settings.ignore, ...(opts.ignore ?? [])];
  settings.ignore = ignore;
  settings.values.ignore = ignore;
  return settings;
}

/** Scans a folder (honouring .gitignore and .secretlintignore) or a single file. */
export async function scan(target: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const abs = path.resolve(target);
  const st = fs.statSync(abs); // throws ENOENT: the caller reports a usage error
  const root = st.isDirectory() ? abs : path.dirname(abs);
  const problems: ScanProblem[] = [];
  const said = new Set<string>();
  const report = (p: ScanProblem, once?: string) => {
    // A problem about more than its file (a Helm chart's templates) is told once, under the first file that gave it.
    if (once !== undefined) {
      if (said.has(once)) return;
      said.add(once);
    }
    problems.push(p);
    opts.onProblem?.(p);
  };
  const settings = folderSettings(root, opts, report);
  const ignore = settings.ignore;
  // Ignore files, family configuration and fingerprints that resolve outside the folder are not read: said once each.
  const ws = new WorkspaceIndex(root, { trusted: opts.trusted ?? false, ignore, onRefused: (message) => report({ file: '.', message }) });
  const prepared = await ws.prepare();
  for (const note of prepared.notes) report({ file: '.', message: note });
  for (const r of prepared.restricted) report({ file: '.', message: `rule packages named by ${r.by} are not loaded (${r.packages.join(', ')}); only the bundled rules run: pass --trust to load workspace rule packages` });
  const given = opts.files ? new Map(opts.files.map((t) => [t.path, t])) : undefined;
  const files = given ? [...given.keys()] : st.isDirectory() ? [...ws.walk()] : [abs];
  const model = new WorkspaceModel(root);
  let cache: ScanCache | undefined;
  if (opts.cache) {
    try {
      cache = new ScanCache(opts.cache, root);
    } catch (e) {
      report({ file: '.', message: `cache not used: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
    const n = cache?.rejected ?? 0;
    if (n) report({ file: '.', message: `${n} cache ${n === 1 ? 'entry' : 'entries'} failed verification and ${n === 1 ? 'was' : 'were'} ignored (edited, or written on another machine); the files were analysed again` });
  }
  // The model lives for this scan only: facts are stored as they are, without compact copies.
  const scanner = new Scanner({ folder: ws, settings, model, familyOptions: prepared.options, cache, workers: opts.workers, compactFacts: false });
  const targets: ScanTarget[] = given ? [...given.values()] : files.map((p) => ({ path: p, walked: st.isDirectory() }));
  const analysed = opts.analyseOnly ? targets.filter((t) => opts.analyseOnly!.has(t.path)) : targets;
  const byFile = new Map<string, FileResult>();
  try {
    await scanner.index(targets, opts.token);
    await scanner.analyse(analysed, (r) => byFile.set(r.path, r), opts.token);
  } finally {
    await scanner.close();
  }
  cache?.retain(files);
  try {
    cache?.save();
  } catch (e) {
    report({ file: '.', message: `cache not saved: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
  const findings: ScanFinding[] = [];
  const skipped: ScanSkipped = { binary: 0, tooLarge: 0, unreadable: 0, binaryFiles: [] };
  let filesScanned = 0;
  for (const file of files) {
    const r = byFile.get(file);
    if (!r) continue;
    const rel = relativePath(root, file);
    if (r.skipped !== undefined) {
      // Binary files are counted and listed (CI can tell a file went unscanned), not reported one note each.
      if (r.skip === 'binary') {
        skipped.binary++;
        skipped.binaryFiles.push(rel);
        continue;
      }
      // The tool's own reports (SARIF, JSON, SBOM, cache, Backstage) are not the app's content.
      if (r.skip === 'own-output') continue;
      if (r.skip === 'too-large') skipped.tooLarge++;
      else skipped.unreadable++;
      report({ file: rel, message: `skipped: ${r.skipped}` });
      continue;
    }
    filesScanned++;
    for (const m of r.problems) report({ file: rel, message: m.message }, m.once);
    for (const f of r.findings) findings.push(toScanFinding(root, file, f));
  }
  const rel = (p: string) => relativePath(root, p);
  // Grants and workloads as the families judge them across files: the one computation the manifest reads too.
  const source = <T>(topic: string) => model.all<T>(topic);
  const viewOpts = { root, settings: settings.values };
  const resolved = workspaceView('grants', source, viewOpts);
  const link = linkGrantFindings(resolved, findings);
  for (const [fi, gi] of link.byFinding) findings[fi].grant = { file: resolved[gi].file, line: resolved[gi].line, class: resolved[gi].class };
  const grants = resolved.map((g, gi) => ({ ...g, findings: link.byGrant[gi].map((fi) => ({ ruleId: findings[fi].ruleId, file: findings[fi].file, line: findings[fi].line })) }));
  const workloads = workspaceView('workloads', source, viewOpts);
  const endpoints = model.all<Record<string, unknown>>(ENDPOINTS.name).map((e) => ({ ...e.value, file: rel(e.path) }));
  return {
    root,
    filesScanned,
    findings,
    problems,
    elapsedMs: Date.now() - started,
    skipped,
    model,
    grants,
    endpoints,
    workloads,
    cache: cache ? { hits: cache.hits, misses: cache.misses, ...(cache.rejected ? { rejected: cache.rejected } : {}) } : undefined,
  };
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function exceedsThreshold(findings: ScanFinding[], failOn: 'error' | 'warning' | 'none'): boolean {
  if (failOn === 'none') return false;
  const min = RANK[failOn];
  return findings.some((f) => RANK[f.severity] >= min);
}

/**
 * microappGuard.* from a VS Code settings file (JSON with comments), flat
 * ("microappGuard.rules": {...}) or nested ("microappGuard": {...}),
 * normalised by the one settings contract (invalid values are reported and
 * replaced by their defaults, as in the editor).
 */
export function readSettings(file: string, root: string, explicit: boolean, report: (p: ScanProblem) => void): Settings {
  let text: string;
  if (!explicit) {
    // The folder's own settings file is the folder's content: not read when it resolves outside the folder.
    const read = readInsideFolder(root, file);
    if (read.refused !== undefined) {
      report({ file: path.relative(root, file) || file, message: `${read.refused}; microappGuard settings not applied` });
      return normalizeSettings({}, SETTINGS);
    }
    if (read.text === undefined) return normalizeSettings({}, SETTINGS);
    text = read.text;
  } else {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read --config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const errors: ParseError[] = [];
  const raw = parseJsonc(text, errors, { allowTrailingComma: true }) as Record<string, unknown> | undefined;
  const rel = path.relative(root, file) || file;
  if (errors.length || !raw || typeof raw !== 'object') {
    report({ file: rel, message: `settings could not be parsed (at character ${errors[0]?.offset ?? 0}); microappGuard settings not applied` });
    return normalizeSettings({}, SETTINGS);
  }
  const problems: SettingsProblem[] = [];
  const settings = normalizeSettings(raw, SETTINGS, problems);
  for (const p of problems) report({ file: rel, message: p.message });
  return settings;
}
