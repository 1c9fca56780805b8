/**
 * `microapp-guard scan`: the engine over a folder or files, for CI. Text for
 * people, JSON for scripts, SARIF 2.1.0 for code-scanning dashboards.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, WorkspaceIndex, type Finding, type Severity } from '../engine';

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
}

export interface ScanOptions {
  ignore?: string[];
  trusted?: boolean;
  onProblem?: (p: ScanProblem) => void;
}

function toScanFinding(root: string, file: string, f: Finding): ScanFinding {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    file: path.relative(root, file).split(path.sep).join('/') || path.basename(file),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
  };
}

/** Scans a folder (honouring .gitignore and .secretlintignore) or a single file. */
export async function scan(target: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const started = Date.now();
  const abs = path.resolve(target);
  const st = fs.statSync(abs); // throws ENOENT: the caller reports a usage error
  const root = st.isDirectory() ? abs : path.dirname(abs);
  const ws = new WorkspaceIndex(root, { trusted: opts.trusted ?? false, ignore: opts.ignore });
  const extra = await ws.loadExtraSecretlintRules();
  const problems: ScanProblem[] = [];
  const report = (p: ScanProblem) => {
    problems.push(p);
    opts.onProblem?.(p);
  };
  if (ws.secretlint?.error) report({ file: path.relative(root, ws.secretlint.file!) || '.secretlintrc', message: ws.secretlint.error });
  for (const s of extra.skipped) report({ file: '.secretlintrc', message: `rule package ${s} not loaded: pass --trust to load workspace rule packages` });
  for (const e of extra.errors) report({ file: '.secretlintrc', message: `rule package not loaded: ${e}` });
  const files = st.isDirectory() ? [...ws.walk()] : [abs];
  const findings: ScanFinding[] = [];
  let filesScanned = 0;
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/') || path.basename(file);
    const { text, skipped } = ws.readForScan(file);
    if (text === undefined) {
      if (skipped !== 'binary') report({ file: rel, message: `skipped: ${skipped}` });
      continue;
    }
    filesScanned++;
    try {
      const fs_ = await analyzeDocument(
        { path: file, text },
        { workspace: ws, settings: { ignore: opts.ignore }, extraSecretlintRules: extra.rules, onProblem: (message) => report({ file: rel, message }) },
      );
      for (const f of fs_) findings.push(toScanFinding(root, file, f));
    } catch (e) {
      report({ file: rel, message: `could not be analysed: ${(e as Error).message.split('\n')[0]}` });
    }
  }
  return { root, filesScanned, findings, problems, elapsedMs: Date.now() - started };
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function exceedsThreshold(findings: ScanFinding[], failOn: 'error' | 'warning' | 'none'): boolean {
  if (failOn === 'none') return false;
  const min = RANK[failOn];
  return findings.some((f) => RANK[f.severity] >= min);
}
