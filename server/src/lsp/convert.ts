/** Conversions between the engine's findings and fixes and LSP's diagnostics and workspace edits. */
import path = require('path');
import { URI } from 'vscode-uri';
import type { CreateFile, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { DiagnosticSeverity } from './protocol';
import { docsAnchor, getRule, type AnalysisNote, type FileEdit, type Finding, type Severity } from '../engine';

export const SOURCE = 'microapp-guard';

export interface DiagnosticData {
  category: Finding['category'];
  ruleId: string;
  /**
   * The finding, for its quick-fixes; absent by default: code actions take it from the analysis of the same version
   * (cached), so a file with 1,000 findings does not send each twice.
   */
  finding?: Finding;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, version: number, packageRoot: string, relatedSupport = true, withFinding = true): Diagnostic {
  const meta = getRule(f.ruleId);
  const href = meta?.docsUrl ?? (docsHref ??= URI.file(path.join(packageRoot, 'docs', 'rules.md')).toString()) + `#${docsAnchor(f.ruleId)}`;
  const data: DiagnosticData = withFinding ? { category: f.category, ruleId: f.ruleId, finding: f, version } : { category: f.category, ruleId: f.ruleId, version };
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href },
    message: f.message,
    data,
  };
  if (f.related?.length && relatedSupport) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri: URI.file(r.path).toString(), range: r.range }, message: r.message }));
  }
  return d;
}

/** Code of the information diagnostics that say what could not be checked (not findings: no rule, no category, no fix). */
const NOTE_CODE = 'input-limit';

export function noteDiagnostic(n: AnalysisNote): Diagnostic {
  return { range: n.range, severity: DiagnosticSeverity.Information, source: SOURCE, code: NOTE_CODE, message: n.message };
}

let docsHref: string | undefined;

export interface EditCapabilities {
  documentChanges: boolean;
  createFile: boolean;
}

export function toWorkspaceEdit(
  changes: FileEdit[],
  caps: EditCapabilities,
  openVersion: (uri: string) => number | null,
  doc?: { path: string; uri: string },
): WorkspaceEdit {
  // The document's own edits go to its own URI (untitled:, vscode-notebook-cell:, ...).
  const uriOf = (p: string) => (doc && p === doc.path ? doc.uri : URI.file(p).toString());
  if (caps.documentChanges) {
    const documentChanges: Array<TextDocumentEdit | CreateFile> = [];
    for (const c of changes) {
      const uri = uriOf(c.path);
      if (c.create && caps.createFile) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri, version: openVersion(uri) }, edits: c.edits });
    }
    return { documentChanges };
  }
  const out: Record<string, FileEdit['edits']> = {};
  for (const c of changes) out[uriOf(c.path)] = c.edits;
  return { changes: out };
}
