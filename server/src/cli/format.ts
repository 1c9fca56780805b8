/** Output formats of `microapp-guard scan`: text, JSON and SARIF 2.1.0. */
import { createHash } from '../engine/nodeCrypto';
import { pathToFileURL } from 'url';
import { RULES, type Severity } from '../engine';

/** A relative path as a SARIF/URI reference: each segment percent-encoded (spaces, #, ?, %). */
function uriReference(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}
import type { ScanResult } from '../scanner/scan';

export { VERSION } from '../version';
import { VERSION } from '../version';
import { addTo } from '../engine/collections';

export function formatJson(r: ScanResult): string {
  return JSON.stringify(
    {
      tool: { name: 'microapp-guard', version: VERSION },
      root: r.root,
      filesScanned: r.filesScanned,
      summary: summarize(r),
      findings: r.findings,
      problems: r.problems,
      skipped: r.skipped,
      grants: r.grants ?? [],
      endpoints: r.endpoints ?? [],
      workloads: r.workloads ?? [],
      ...(r.cache ? { cache: r.cache } : {}),
      ...(r.git ? { git: r.git } : {}),
      ...(r.baseline ? { baseline: r.baseline } : {}),
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
  for (const f of r.findings) addTo(byFile, f.file, f);
  const lines: string[] = [];
  for (const [file, fs] of byFile) {
    lines.push(c('4', file));
    for (const f of fs) {
      const why = f.change === 'context' ? ' (not on a changed line: caused by the change)' : '';
      lines.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev(f.severity)}  ${f.message}${why}  ${c('2', f.ruleId)}`);
    }
    lines.push('');
  }
  for (const p of r.problems) lines.push(c('33', `note: ${p.file}: ${p.message}`));
  if (r.skipped.binary) lines.push(c('33', `note: ${binaryNote(r)}`));
  const s = summarize(r);
  const total = r.findings.length;
  lines.push(
    total === 0
      ? c('32', `No findings in ${r.filesScanned} file(s) (${r.elapsedMs} ms). Scanned offline; nothing left this machine.`)
      : c('1', `${total} finding(s): ${s.error} error(s), ${s.warning} warning(s) in ${byFile.size} of ${r.filesScanned} file(s) (${r.elapsedMs} ms). Scanned offline; nothing left this machine.`),
  );
  return lines.join('\n');
}

/** "2 binary file(s) skipped (not scanned): a.dat, blob": the first few named. */
function binaryNote(r: ScanResult): string {
  const names = r.skipped.binaryFiles;
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
  return `${r.skipped.binary} binary file(s) skipped (not scanned): ${shown}`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };

/** A stable id of a result across commits that never contains the secret: rule, file and a per-file ordinal. */
function fingerprint(ruleId: string, file: string, ordinal: number): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${ordinal}`).digest('hex').slice(0, 32);
}

/** `runProperties`: the registration gate and score (runs[0].properties), when computed; `skipped` is always there. */
export function formatSarif(r: ScanResult, runProperties?: Record<string, unknown>): string {
  const usedRules = RULES;
  const ruleIndex = new Map(usedRules.map((rule, i) => [rule.id, i]));
  // The ordinal of a finding among the earlier ones of its rule in its file (one pass, not a search per finding).
  const seen = new Map<string, number>();
  // A file's URI reference made once (the URL-dense corpus: 34,755 results in 300 files).
  const uris = new Map<string, string>();
  const uriOf = (rel: string): string => {
    let u = uris.get(rel);
    if (u === undefined) uris.set(rel, (u = uriReference(rel)));
    return u;
  };
  const ordinalOf = (ruleId: string, file: string): number => {
    const k = `${ruleId}\0${file}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return n;
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'microapp-guard',
            semanticVersion: VERSION,
            rules: usedRules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: { text: `${rule.docs}\nFix: ${rule.fix}` },
              ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
              defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
              // GitHub code scanning ranks security alerts by this score.
              properties: { category: rule.category, tags: ['security', rule.category], 'security-severity': SECURITY_SEVERITY[rule.severity] },
            })),
          },
        },
        originalUriBaseIds: { ROOT: { uri: (() => { const u = pathToFileURL(r.root).href; return u.endsWith('/') ? u : `${u}/`; })() } },
        results: r.findings.map((f) => ({
          ruleId: f.ruleId,
          partialFingerprints: { 'microappGuard/v1': fingerprint(f.ruleId, f.file, ordinalOf(f.ruleId, f.file)) },
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(f.file), uriBaseId: 'ROOT' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((rl, id) => ({
                  id,
                  message: { text: rl.message },
                  physicalLocation: {
                    artifactLocation: { uri: uriOf(rl.file), uriBaseId: 'ROOT' },
                    region: { startLine: rl.line, startColumn: rl.column, endLine: rl.endLine, endColumn: rl.endColumn },
                  },
                })),
              }
            : {}),
          properties: { category: f.category },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.problems.map((p) => ({
              level: 'warning',
              message: { text: p.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(p.file), uriBaseId: 'ROOT' } } }],
            })),
          },
        ],
        // Files not scanned (binary, too large, unreadable), so a dashboard can tell.
        properties: { ...(runProperties ?? {}), skipped: r.skipped },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
