/**
 * Reports for pull requests and CI systems besides SARIF: Markdown (a pull-request comment or a GitHub job
 * summary: findings by family, the risk verdict with its factors and what would change it) and GitLab's Code
 * Quality JSON (GitLab reads that, not SARIF, in merge requests).
 */
import { createHash } from '../engine/nodeCrypto';
import { FAMILIES, type Severity } from '../engine';
import { manifestApi } from '../engine/registry';
const { gateFor, POINTS } = manifestApi;
type Manifest = manifestApi.Manifest;
import { missingLines, riskLine } from '../export/manifest';
import type { ScanFinding, ScanResult } from '../scanner/scan';
import { addTo } from '../engine/collections';

/** Text safe in a Markdown table cell (pipes, line breaks, HTML, emphasis that could eat the text). */
function cell(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_`[\]])/g, '\\$1');
}

/**
 * A path as inline code: fenced by one backtick more than its longest run of them, padded with a space when it
 * starts or ends with one (CommonMark strips one such space), so any name stays one code span.
 */
function code(s: string): string {
  const text = s.replace(/[\r\n|]/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = '`'.repeat(longest + 1);
  const pad = /^`|`$/.test(text) ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

const FAMILY_TITLE: Record<string, string> = { secret: 'Secrets', iam: 'Permissions', network: 'Network isolation', manifest: 'Registration manifest' };
const ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

const FACTOR_TITLE: Record<string, string> = {
  dataClass: 'Data class',
  permissionsBreadth: 'Permissions breadth',
  externalConnectivity: 'External connectivity',
  sbomVulnerabilities: 'SBOM vulnerabilities',
};

/** What would change the verdict: each factor lowered one step, with the score and gate it would give. */
function whatWouldChange(m: Manifest): string[] {
  const out: string[] = [];
  const factors = m.risk.factors as unknown as Record<string, { value: string; points: number }>;
  for (const [name, f] of Object.entries(factors)) {
    if (!f.points) continue;
    const table = (POINTS as unknown as Record<string, Record<string, number>>)[name];
    // The next value with fewer points (the one step a change of the app can take).
    const lower = Object.entries(table)
      .filter(([, p]) => p < f.points)
      .sort((a, b) => b[1] - a[1])[0];
    if (!lower) continue;
    const s = m.risk.score - f.points + lower[1];
    out.push(`${FACTOR_TITLE[name] ?? name} ${f.value} → ${lower[0]}: risk ${s} (${gateFor(s)})`);
  }
  if (m.risk.afterFixes) out.push(`The preferred fixes (quick-fixes, or the fix of each finding below): risk ${m.risk.afterFixes.score} (${m.risk.afterFixes.gate})`);
  return out;
}

export interface MarkdownContext {
  /** The manifest of the scanned folder (the verdict); absent for history and single files. */
  manifest?: Manifest;
  /** --fail-on, to say whether the check fails. */
  failOn?: string;
  failed?: boolean;
}

/** The Markdown report: a heading with the counts, the risk verdict, then the findings by family. */
/** Rows per family in the Markdown report (a step summary over 1 MiB is refused by GitHub). */
export const MARKDOWN_ROWS_PER_FAMILY = 200;

export function formatMarkdown(r: ScanResult, ctx: MarkdownContext = {}): string {
  const lines: string[] = [];
  const n = r.findings.length;
  const g = r.git;
  const scope =
    g?.mode === 'staged'
      ? `the staged content of ${g.staged ?? 0} file(s)`
      : g?.mode === 'since'
        ? `lines changed since ${code((g.base ?? '').slice(0, 12))} (${g.changedFiles ?? 0} file(s)), with the whole workspace as context`
        : g?.mode === 'history'
          ? `the history: ${g.commits ?? 0} commit(s), ${g.blobs ?? 0} file version(s), secrets only`
          : `${r.filesScanned} file(s)`;
  lines.push(`## Micro-App Guard: ${n ? `${n} finding(s)` : 'no findings'}`, '');
  lines.push(`Scanned ${scope}, offline. Values are never shown.${ctx.failOn && ctx.failOn !== 'none' ? ` The check ${ctx.failed ? '**fails**' : 'passes'} at \`--fail-on ${ctx.failOn}\`.` : ''}`, '');
  if (r.baseline) lines.push(`${r.baseline.accepted} finding(s) accepted by the baseline ${code(r.baseline.file)} are not listed${r.baseline.gone ? `; ${r.baseline.gone} of its entries are fixed (make the baseline again to drop them)` : ''}.`, '');
  const m = ctx.manifest;
  if (m) {
    lines.push('### Risk verdict', '', `**${riskLine(m)}**`, '');
    lines.push('| Factor | Value | Points | Evidence |', '| --- | --- | ---: | --- |');
    for (const [name, f] of Object.entries(m.risk.factors) as Array<[string, { value: string; points: number; evidence: string[] }]>) {
      const ev = f.evidence.slice(0, 3).map(cell).join('; ') + (f.evidence.length > 3 ? `; and ${f.evidence.length - 3} more` : '');
      lines.push(`| ${FACTOR_TITLE[name] ?? name} | ${cell(f.value)} | ${f.points} | ${ev || '-'} |`);
    }
    lines.push('');
    const change = whatWouldChange(m);
    const missing = missingLines(m);
    if (change.length || missing.length) {
      lines.push('What would change it:', '');
      for (const c of change) lines.push(`- ${cell(c)}`);
      for (const x of missing) lines.push(`- ${cell(x)}`);
      lines.push('');
    }
  }
  const families = new Map<string, ScanFinding[]>();
  for (const f of r.findings) addTo(families, f.category, f);
  const order = [...new Set([...FAMILIES.map((f) => f.category as string), ...families.keys()])];
  for (const cat of order) {
    const list = families.get(cat);
    if (!list?.length) continue;
    const counts = ORDER.map((s) => [s, list.filter((f) => f.severity === s).length] as const).filter(([, c]) => c);
    lines.push(`### ${FAMILY_TITLE[cat] ?? cat} (${counts.map(([s, c]) => `${c} ${s}`).join(', ')})`, '');
    const history = list.some((f) => f.commit);
    lines.push(history ? '| Severity | Location | Commit | Rule | Finding |' : '| Severity | Location | Rule | Finding |', history ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |');
    const sorted = [...list].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || a.file.localeCompare(b.file) || a.line - b.line);
    // GitHub refuses a step summary over 1 MiB: the most severe rows of each family, then how many are left out.
    const shown = sorted.slice(0, MARKDOWN_ROWS_PER_FAMILY);
    for (const f of shown) {
      const where = code(`${f.file}:${f.line}`);
      const commitCell = history ? ` ${f.commit ? `${code(f.commit.slice(0, 12))} ${cell((f.date ?? '').slice(0, 10))}${f.inHead === false ? ' (removed since)' : ''}` : '-'} |` : '';
      lines.push(`| ${f.severity} | ${where}${f.change === 'context' ? ' (caused by the change)' : ''} |${commitCell} ${code(f.ruleId)} | ${cell(f.message)} |`);
    }
    if (sorted.length > shown.length) {
      const left = sorted.slice(shown.length);
      const bySeverity = ORDER.map((s) => [s, left.filter((f) => f.severity === s).length] as const).filter(([, c]) => c);
      lines.push('', `And ${left.length} more (${bySeverity.map(([s, c]) => `${c} ${s}`).join(', ')}) in ${new Set(left.map((f) => f.file)).size} file(s), not listed here: the whole list is in \`--format json\` or \`--format sarif\`.`);
    }
    lines.push('');
  }
  if (n) {
    lines.push(
      '<details><summary>How to fix or accept a finding</summary>',
      '',
      '- Secrets: move the value out of the code (an environment variable, a secret store; the editor quick-fix does it), then **rotate it**: it is in git history.',
      '- A false positive: a `microapp-guard-disable-line` (or `secretlint-disable-line`) comment on its line, or accept the current findings with `microapp-guard baseline --out .microapp-guard-baseline.json` and `scan --baseline`.',
      '- Every rule, with its fix: `microapp-guard rules`, or docs/rules.md.',
      '',
      '</details>',
      '',
    );
  }
  const notes = r.problems.length + (r.skipped.binary ? 1 : 0);
  if (notes) {
    lines.push(`<details><summary>${notes} note(s)</summary>`, '');
    for (const p of r.problems) lines.push(`- ${code(p.file)}: ${cell(p.message)}`);
    if (r.skipped.binary) lines.push(`- ${r.skipped.binary} binary file(s) skipped`);
    lines.push('', '</details>', '');
  }
  return lines.join('\n');
}

const CQ_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

/**
 * GitLab Code Quality report (`artifacts: reports: codequality`): an array of issues with a description, a check
 * name, a fingerprint (the baseline's when known: stable when lines move), a severity and a location.
 */
export function formatCodeQuality(r: ScanResult): string {
  const seen = new Map<string, number>();
  const issues = r.findings.map((f) => {
    const base = f.fingerprint ?? `${f.line}:${f.column}`;
    const raw = createHash('sha256').update(`${f.ruleId}\u0000${f.file}\u0000${base}\u0000${f.commit ?? ''}`).digest('hex').slice(0, 32);
    const k = seen.get(raw) ?? 0;
    seen.set(raw, k + 1);
    return {
      type: 'issue',
      description: f.message,
      check_name: f.ruleId,
      categories: ['Security'],
      fingerprint: k ? createHash('sha256').update(`${raw}:${k}`).digest('hex').slice(0, 32) : raw,
      severity: CQ_SEVERITY[f.severity],
      location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    };
  });
  return JSON.stringify(issues, null, 2);
}
