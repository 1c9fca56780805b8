/**
 * The edits that put a reference in place of the literal, with the import or
 * declaration it needs; the special cases where the fix is not a plain
 * replacement (an env fallback, a Dockerfile ENV/ARG, a Terraform default).
 */
import type { LineIndex } from '../../../text';
import type { DocumentInput, Range, TextEdit, WorkspaceView } from '../../../types';
import type { SecretFixData } from '../types';
import { goImportEdit, pythonImportEdit, terraformVariableEdit } from './imports';
import { replacementText } from './references';

/** The lines of the `{ ... }` block around a line (Terraform). */
function blockAround(index: LineIndex, line: number): string[] {
  let from = line;
  while (from > 0 && !/\{\s*$/.test(index.lineText(from))) from--;
  let to = line;
  while (to + 1 < index.lineCount && !/^\s*\}/.test(index.lineText(to))) to++;
  const out: string[] = [];
  for (let l = from; l <= to; l++) out.push(index.lineText(l));
  return out;
}

/** `<Tag attr="...">`: the literal is a JSX attribute value and needs braces around an expression. */
function isJsxAttribute(doc: DocumentInput, index: LineIndex, range: Range): boolean {
  if (!/\.(jsx|tsx)$/i.test(doc.path) && !/react/.test(doc.languageId ?? '')) return false;
  const before = index.lineText(range.start.line).slice(0, range.start.character);
  // `<Map apiKey="...">`, an attribute on its own line, or after an arrow-function attribute: name= right before the quote.
  return /(^|\s)[A-Za-z_][\w:-]*=$/.test(before) && !/\b(const|let|var)\s+[\w$]+\s*=$/.test(before);
}

/**
 * The edits that put a reference in place of the literal, with the import or declaration it needs.
 * A `title` is set when the edits are not a plain reference (the caller's title would be wrong);
 * undefined when no correct rewrite is known.
 */
export function referenceEdits(
  doc: DocumentInput,
  index: LineIndex,
  data: SecretFixData,
  literal: string,
  secret: string,
  ws?: WorkspaceView,
): { edits: TextEdit[]; title?: string } | undefined {
  if (data.fallback) {
    return {
      edits: [{ range: data.fallback.range, newText: data.fallback.newText }],
      title: `Remove the hardcoded fallback (keep ${data.fallback.newText || `the ${data.envName} lookup`})`,
    };
  }
  if (data.noReference) return undefined;
  const lineNo = data.replaceRange.start.line;
  const line = index.lineText(lineNo);
  const wholeLine = { start: { line: lineNo, character: 0 }, end: { line: lineNo, character: line.length } };
  const indent = /^\s*/.exec(line)![0];
  if (data.style === 'dockerfile' && /^\s*(ENV|ARG)\s/i.test(line)) {
    // Only a single `ENV KEY=value` / `ENV KEY value` instruction is rewritten; other pairs or a continuation would be lost.
    if (/\\\s*$/.test(line) || !/^\s*(ENV|ARG)\s+[A-Za-z_]\w*(\s*=\s*|\s+)("[^"]*"|'[^']*'|\S+)\s*$/i.test(line)) return undefined;
    // An image layer keeps whatever ENV/ARG held: take it out of the image, provide it at run time.
    return {
      edits: [{ range: wholeLine, newText: `${indent}# ${data.envName}: provided at run time (docker run -e ${data.envName}, compose environment, or a BuildKit secret)` }],
      title: `Remove ${data.envName} from the image (provide it at run time)`,
    };
  }
  if (data.style === 'terraform') {
    if (/\.tfvars$/i.test(doc.path)) return undefined; // values files hold values: set TF_VAR_x instead
    if (/^\s*variable\s/.test(line)) return undefined; // a one-line variable block: no safe rewrite
    if (/^\s*default\s*=/.test(line)) {
      // `variable "x" { default = "secret" }`: drop the default, mark the variable sensitive (once).
      const block = blockAround(index, lineNo);
      if (!/^\s*variable\s/.test(block[0] ?? '')) return undefined; // `default` in locals or a resource: not a variable default
      const alreadySensitive = block.some((l) => /^\s*sensitive\s*=\s*true/.test(l));
      const nextLine = lineNo + 1 < index.lineCount ? { line: lineNo + 1, character: 0 } : { line: lineNo, character: line.length };
      const edit = alreadySensitive
        ? { range: { start: { line: lineNo, character: 0 }, end: nextLine }, newText: '' } // delete the default line
        : { range: wholeLine, newText: `${indent}sensitive = true` };
      return { edits: [edit], title: 'Remove the default value and mark the variable sensitive (set it with TF_VAR_...)' };
    }
  }
  const newText = replacementText(data.style, data.envName, literal, secret, {
    jsxAttribute: data.style === 'js' && isJsxAttribute(doc, index, data.replaceRange),
    flow: (data.style === 'yaml' || data.style === 'gha') && /[{[]/.test(line.slice(0, data.replaceRange.start.character)),
  });
  if (newText === undefined) return undefined;
  const edits: TextEdit[] = [{ range: data.replaceRange, newText }];
  const extra =
    data.style === 'python' ? pythonImportEdit(doc.text) : data.style === 'go' ? goImportEdit(doc.text) : data.style === 'terraform' ? terraformVariableEdit(doc, data.envName, ws) : undefined;
  if (extra) edits.push(extra);
  return { edits };
}
