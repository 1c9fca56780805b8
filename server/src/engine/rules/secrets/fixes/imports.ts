/**
 * What a reference needs besides itself: `import os` (Python), `"os"` in the
 * imports (Go), a sensitive `variable` block (Terraform).
 */
import path = require('path');
import { eolOf } from '../../../fixes/ignore';
import type { DocumentInput, TextEdit, WorkspaceView } from '../../../types';
import { appendLineEdit } from './edits';

export function pythonImportEdit(text: string): TextEdit | undefined {
  // A module-level `import os` (not `import os as x`, not inside a function).
  if (/^\uFEFF?import[ \t]+(os[ \t]*(,|$|#)|[\w., \t]*,[ \t]*os[ \t]*(,|$|#))/m.test(text)) return undefined;
  // After a shebang, an encoding line, the module docstring and `from __future__` imports.
  const lines = text.split(/\r?\n/);
  let line = 0;
  const skipBlank = () => {
    while (line < lines.length && /^\s*(#.*)?$/.test(lines[line])) line++;
  };
  while (line < lines.length && /^(#!|#.*coding[:=])/.test(lines[line])) line++;
  const afterHeader = line;
  skipBlank();
  const doc = /^\uFEFF?[rRuU]?("""|\'\'\'|"|')/.exec(lines[line] ?? '');
  if (doc) {
    const q = doc[1];
    const rest = lines[line].slice(doc[0].length);
    if (rest.includes(q)) line++;
    else {
      line++;
      while (line < lines.length && !lines[line].includes(q)) line++;
      line++;
    }
  } else {
    line = afterHeader;
  }
  let l = line;
  while (l < lines.length && /^\s*(#.*)?$|^from\s+__future__\s+import\b/.test(lines[l])) {
    if (/^from\s+__future__/.test(lines[l])) {
      // a parenthesised list may span lines
      if (/\(/.test(lines[l]) && !/\)/.test(lines[l])) while (l + 1 < lines.length && !/\)/.test(lines[l])) l++;
      line = l + 1;
    }
    l++;
  }
  line = Math.min(line, lines.length);
  const character = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // after a byte-order mark
  return { range: { start: { line, character }, end: { line, character } }, newText: `import os${eolOf(text)}` };
}

export function goImportEdit(text: string): TextEdit | undefined {
  if (/^\s*import\s+(\(\s*)?"os"|^\s*"os"\s*$/m.test(text)) return undefined;
  const lines = text.split(/\r?\n/);
  const block = lines.findIndex((l) => /^import\s*\($/.test(l.trim()));
  if (block >= 0) return { range: { start: { line: block + 1, character: 0 }, end: { line: block + 1, character: 0 } }, newText: `\t"os"${eolOf(text)}` };
  const pkg = lines.findIndex((l) => /^\uFEFF?package\s+\w+/.test(l));
  if (pkg < 0) return undefined;
  return { range: { start: { line: pkg + 1, character: 0 }, end: { line: pkg + 1, character: 0 } }, newText: `${eolOf(text)}import "os"${eolOf(text)}` };
}

export function terraformVariableEdit(doc: DocumentInput, name: string, ws?: WorkspaceView): TextEdit | undefined {
  const v = name.toLowerCase();
  const declared = new RegExp(`variable\\s+"${v}"`);
  if (declared.test(doc.text)) return undefined;
  const variablesTf = ws?.readFile?.(path.join(path.dirname(doc.path), 'variables.tf'));
  if (variablesTf && declared.test(variablesTf)) return undefined;
  const eol = eolOf(doc.text);
  return appendLineEdit(doc.text, `${eol}variable "${v}" {${eol}  type      = string${eol}  sensitive = true${eol}}`);
}
