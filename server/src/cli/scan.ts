/**
 * `microapp-guard scan`: the engine over a folder or files, for CI. Text for
 * people, JSON for scripts, SARIF 2.1.0 for code-scanning dashboards.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { analyzeDocument, WorkspaceIndex, type EngineSettings, type Finding, type Severity } from '../engine';

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
  /** Settings file with microappGuard.* keys; default: <root>/.vscode/settings.json when present. */
  config?: string;
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
  const problems: ScanProblem[] = [];
  const report = (p: ScanProblem) => {
    problems.push(p);
    opts.onProblem?.(p);
  };
  // The editor's settings, so CI and VS Code agree on rules, severities and ignores.
  const settings = readSettings(opts.config ?? path.join(root, '.vscode', 'settings.json'), root, !!opts.config, report);
  const ignore = [...(settings.ignore ?? []), ...(opts.ignore ?? [])];
  const ws = new WorkspaceIndex(root, { trusted: opts.trusted ?? false, ignore });
  const extra = await ws.loadExtraSecretlintRules();
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
        { workspace: ws, settings: { ...settings, ignore }, extraSecretlintRules: extra.rules, onProblem: (message) => report({ file: rel, message }) },
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

/**
 * microappGuard.* from a VS Code settings file (JSON with comments), flat
 * ("microappGuard.rules": {...}) or nested ("microappGuard": {...}).
 */
export function readSettings(file: string, root: string, explicit: boolean, report: (p: ScanProblem) => void): EngineSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (explicit) throw new Error(`cannot read --config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return {};
  }
  const errors: ParseError[] = [];
  const raw = parseJsonc(text, errors, { allowTrailingComma: true }) as Record<string, unknown> | undefined;
  const rel = path.relative(root, file) || file;
  if (errors.length || !raw || typeof raw !== 'object') {
    report({ file: rel, message: `settings could not be parsed (at character ${errors[0]?.offset ?? 0}); microappGuard settings not applied` });
    return {};
  }
  const nested = (raw.microappGuard ?? {}) as Record<string, unknown>;
  const get = (k: string) => raw[`microappGuard.${k}`] ?? nested[k];
  const out: EngineSettings = {};
  const rules = get('rules');
  if (rules && typeof rules === 'object') out.rules = rules as EngineSettings['rules'];
  const ignore = get('ignore');
  if (Array.isArray(ignore)) out.ignore = ignore.filter((x): x is string => typeof x === 'string');
  const entropy = get('genericEntropyThreshold');
  if (typeof entropy === 'number') out.genericEntropyThreshold = entropy;
  const maxLine = get('maxLineLength');
  if (typeof maxLine === 'number') out.maxLineLength = maxLine;
  return out;
}
