/** Output formats of `microapp-guard scan`: text, JSON and SARIF 2.1.0. */
import { pathToFileURL } from 'url';
import { RULES, docsAnchor, type Severity } from '../engine';

/** A relative path as a SARIF/URI reference: each segment percent-encoded (spaces, #, ?, %). */
function uriReference(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}
import type { ScanResult } from './scan';

export const VERSION = '0.1.0';

export function formatJson(r: ScanResult): string {
  return JSON.stringify(
    {
      tool: { name: 'microapp-guard', version: VERSION },
      root: r.root,
      filesScanned: r.filesScanned,
      summary: summarize(r),
      findings: r.findings,
      problems: r.problems,
    },
    null,
    2,
  );
}

function summarize(r: ScanResult) {
  const s = { error: 0, warning: 0, info: 0, hint: 0 } as Record<Severity, number>;
  for (const f of r.findings) s[f.severity]++;
  return s;
}

export function formatText(r: ScanResult, color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const sev = (s: Severity) => (s === 'error' ? c('31', 'error  ') : s === 'warning' ? c('33', 'warning') : c('36', s.padEnd(7)));
  const byFile = new Map<string, ScanResult['findings']>();
  for (const f of r.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines: string[] = [];
  for (const [file, fs] of byFile) {
    lines.push(c('4', file));
    for (const f of fs) {
      lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev(f.severity)}  ${f.message}  ${c('2', f.ruleId)}`);
    }
    lines.push('');
  }
  for (const p of r.problems) lines.push(c('33', `note: ${p.file}: ${p.message}`));
  const s = summarize(r);
  const total = r.findings.length;
  lines.push(
    total === 0
      ? c('32', `No findings in ${r.filesScanned} file(s) (${r.elapsedMs} ms). Scanned offline; nothing left this machine.`)
      : c('1', `${total} finding(s): ${s.error} error(s), ${s.warning} warning(s) in ${byFile.size} of ${r.filesScanned} file(s) (${r.elapsedMs} ms). Scanned offline; nothing left this machine.`),
  );
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(r: ScanResult): string {
  const usedRules = RULES;
  const ruleIndex = new Map(usedRules.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'microapp-guard',
            semanticVersion: VERSION,
            informationUri: 'https://marketplace.visualstudio.com/items?itemName=microapp-guard.microapp-guard',
            rules: usedRules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: { text: `${rule.docs}\nFix: ${rule.fix}` },
              helpUri: rule.docsUrl ?? `https://marketplace.visualstudio.com/items?itemName=microapp-guard.microapp-guard#${docsAnchor(rule.id)}`,
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              properties: { category: rule.category, tags: ['security', rule.category] },
            })),
          },
        },
        originalUriBaseIds: { ROOT: { uri: (() => { const u = pathToFileURL(r.root).href; return u.endsWith('/') ? u : `${u}/`; })() } },
        results: r.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriReference(f.file), uriBaseId: 'ROOT' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          properties: { category: f.category },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.problems.map((p) => ({
              level: 'warning',
              message: { text: p.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriReference(p.file), uriBaseId: 'ROOT' } } }],
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
