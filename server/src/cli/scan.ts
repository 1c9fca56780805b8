/**
 * `microapp-guard scan`: a folder (or what git holds: --staged, --since, --history) through the scanner, printed
 * as text, JSON, SARIF, Markdown or GitLab Code Quality, with exit codes for CI.
 */
import fs = require('fs');
import path = require('path');
import { formatJson, formatSarif, formatText } from './format';
import { exceedsThreshold, scan, type ScanResult } from '../scanner/scan';
import { computeManifest, runProperties } from '../export/manifest';
import { defaultCacheFile } from '../scanner/cache';
import { GitError, scanHistory, scanSince, scanStaged } from './git';
import { gitToplevel } from '../scanner/git';
import { WorkspaceIndex } from '../engine';
import { applyBaseline, fingerprintFindings, readBaseline } from './baseline';
import { formatCodeQuality, formatMarkdown } from './reports';
import { HELP } from './help';
import { parseCommandLine, usage } from './usage';

export async function cmdScan(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    format: { type: 'string', short: 'f', default: 'text' },
    'fail-on': { type: 'string', default: 'warning' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
    output: { type: 'string', short: 'o' },
    ignore: { type: 'string', multiple: true, default: [] },
    trust: { type: 'boolean', default: false },
    cache: { type: 'boolean', default: false },
    'cache-location': { type: 'string' },
    workers: { type: 'string' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    staged: { type: 'boolean', default: false },
    since: { type: 'string' },
    history: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    summary: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'markdown', 'codequality'].includes(format)) usage(`unknown --format "${format}": use text, json, sarif, markdown or codequality`);
  if (values.staged && (values.since !== undefined || values.history)) usage('--staged scans the index: it does not combine with --since or --history');
  if (values.all && !values.history) usage('--all goes with --history');
  if (values.since !== undefined && !values.since.trim()) usage('--since needs a revision (a branch, tag or commit)');
  const failOn = values['fail-on']!;
  if (!['error', 'warning', 'none'].includes(failOn)) usage(`unknown --fail-on "${failOn}": use error, warning or none`);
  if (positionals.length > 1) usage(`scan takes one path, got ${positionals.length}`);
  // A pre-commit hook runs from anywhere in the repository: with no path, --staged checks the whole commit.
  let target = positionals[0] ?? '.';
  if (values.staged && positionals.length === 0) {
    try {
      target = gitToplevel(process.cwd());
    } catch (e) {
      if (e instanceof GitError) usage(e.message);
      throw e;
    }
  }
  if (!fs.existsSync(target)) usage(`path not found: ${target}`);
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) usage(`--workers takes a whole number from 0 to 64, got "${values.workers}"`);
  }
  const root = fs.statSync(target).isDirectory() ? path.resolve(target) : path.dirname(path.resolve(target));
  // The default cache is outside the repository (a committed cache is never read), one file per scanned root.
  const cacheFile = values['cache-location'] ? path.resolve(values['cache-location']) : values.cache ? defaultCacheFile(root) : undefined;
  // Read before scanning: a bad baseline is a usage error, not a late surprise.
  let baseline: ReturnType<typeof readBaseline> | undefined;
  if (values.baseline !== undefined) {
    try {
      baseline = readBaseline(values.baseline);
    } catch (e) {
      usage((e as Error).message);
    }
  }
  const scanOpts = {
    cache: cacheFile,
    workers,
    ignore: values.ignore as string[],
    config: values.config,
    trusted: values.trust,
    onProblem: format === 'text' ? undefined : (p: { file: string; message: string }) => process.stderr.write(`microapp-guard: ${p.file}: ${p.message}\n`),
  };
  let result: ScanResult;
  try {
    if (values.staged) result = await scanStaged(target, scanOpts);
    else if (values.history) result = await scanHistory(target, { ...scanOpts, since: values.since, all: values.all });
    else if (values.since !== undefined) result = await scanSince(target, values.since, scanOpts);
    else result = await scan(target, scanOpts);
  } catch (e) {
    if (e instanceof GitError) usage(e.message);
    throw e;
  }
  if (baseline || format === 'codequality') {
    // Fingerprints from the text as scanned (the git modes set them; a folder scan reads its files again).
    if (result.findings.some((f) => f.fingerprint === undefined)) {
      const ws = new WorkspaceIndex(root, { ignore: values.ignore as string[] });
      await fingerprintFindings(result.findings, (f) => ws.readForScan(path.join(root, f)).text);
    }
    if (baseline) {
      const b = applyBaseline(result.findings, baseline);
      // Entries that match nothing are "fixed" only when the scan saw everything the baseline covers: the whole folder
      // (a plain scan, or --since, whose work-tree findings are all at hand), not a commit's staged files or history.
      const whole = values.since !== undefined && !values.history ? result.whole : undefined;
      const gone = values.staged || values.history ? 0 : whole ? applyBaseline(whole, baseline).gone : b.gone;
      result.findings = b.fresh;
      result.baseline = { file: values.baseline!, accepted: b.accepted, gone };
      if (format !== 'markdown') process.stderr.write(`microapp-guard: ${b.accepted} finding(s) accepted by the baseline ${values.baseline}${gone ? `; ${gone} of its entries no longer match (fixed): make it again to drop them` : ''}\n`);
    }
  }
  const color = values['no-color'] ? false : values.color ?? (!values.output && process.stdout.isTTY && !process.env.NO_COLOR);
  // SARIF and Markdown carry the registration gate and score (folders; not for the history or the index alone).
  const wantsVerdict = (format === 'sarif' || format === 'markdown' || values.summary !== undefined) && fs.statSync(target).isDirectory() && !values.history && !values.staged;
  const verdict = wantsVerdict ? await computeManifest(root, { scan: { ...result, findings: result.whole ?? result.findings }, config: values.config, trusted: values.trust }).then((m) => m.manifest, () => undefined) : undefined;
  const failed = exceedsThreshold(result.findings, failOn as 'error' | 'warning' | 'none');
  const out =
    format === 'json'
      ? formatJson(result)
      : format === 'sarif'
        ? formatSarif(result, verdict ? runProperties(verdict) : undefined)
        : format === 'markdown'
          ? formatMarkdown(result, { manifest: verdict, failOn, failed })
          : format === 'codequality'
            ? formatCodeQuality(result)
            : formatText(result, !!color);
  if (values.output) {
    try {
      const dir = path.dirname(path.resolve(values.output));
      if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(values.output, out + '\n');
    } catch (e) {
      usage(`cannot write --output ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stderr.write(`microapp-guard: ${result.findings.length} finding(s) written to ${values.output}\n`);
  } else {
    await new Promise<void>((resolve) => process.stdout.write(out + '\n', () => resolve()));
  }
  // The Markdown report appended to a file as well (GitHub's $GITHUB_STEP_SUMMARY), whatever --format says.
  if (values.summary) {
    try {
      fs.appendFileSync(values.summary, (format === 'markdown' ? out : formatMarkdown(result, { manifest: verdict, failOn, failed })) + '\n');
    } catch (e) {
      usage(`cannot write --summary ${values.summary}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  // A blocked commit says how to go on (the hook's output is all the user sees).
  if (failed && values.staged && format === 'text') process.stderr.write(STAGED_HINT);
  return failed ? 1 : 0;
}

const STAGED_HINT = `
microapp-guard: commit blocked by the finding(s) above (staged content).
  Fix: take the value out of the file (an environment variable or a secret store; the editor's quick-fix does
       it), "git add" the file again and commit. A secret that was ever pushed must be rotated as well.
  A false positive: add "microapp-guard-disable-line" (or "secretlint-disable-line") in a comment on that line,
       or accept today's findings once: microapp-guard baseline --out .microapp-guard-baseline.json, then
       scan --staged --baseline .microapp-guard-baseline.json.
  Only this once, knowingly: git commit --no-verify.
`;

/** \`microapp-guard baseline [path] --out FILE\`: the current findings' fingerprints, as reviewable JSON. */
