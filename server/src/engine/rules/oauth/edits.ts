/** Text edits of the oauth family's quick-fixes, in the file's own syntax (YAML, JSON, HCL, code). */
import type { Syntax } from './types';
import { lineEndFrom, lineStart } from '../../text';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}


/**
 * Removes one item of a list (a YAML `- item` line, a JSON / code / flow list element with its comma, an HCL
 * block): the rest of the list stays valid. `item` is the item's span, quotes or braces included.
 */
export function removeItem(text: string, item: { start: number; end: number }, syntax: Syntax): OffsetEdit[] {
  const ls = lineStart(text, item.start);
  const before = text.slice(ls, item.start);
  let after = item.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const hasComma = text[after] === ',';
  const afterComma = hasComma ? after + 1 : after;
  const le = lineEndFrom(text, afterComma);
  const rest = text.slice(afterComma, le);
  const restIsEmpty = /^\s*((#|\/\/).*)?$/.test(rest);
  const ownLine = (syntax === 'yaml' ? /^\s*-\s*$/.test(before) : /^\s*$/.test(before)) && restIsEmpty;
  // The comma before the item, when it is the last one of a comma-separated list.
  let prevComma = -1;
  // (Bicep: a one-line array has commas; a multi-line one may have none, and then there is no comma to find.)
  if (!hasComma && syntax !== 'yaml' && syntax !== 'hcl') {
    let j = (ownLine ? ls : item.start) - 1;
    while (j >= 0 && /\s/.test(text[j])) j--;
    if (text[j] === ',') prevComma = j;
  }
  if (syntax === 'yaml' && !/^\s*-\s*$/.test(before) && !ownLine) {
    // A flow sequence `[a, b]` in YAML: as in JSON.
    if (!hasComma) {
      let j = item.start - 1;
      while (j >= 0 && /\s/.test(text[j])) j--;
      if (text[j] === ',') prevComma = j;
    }
  }
  const edits: OffsetEdit[] = [];
  if (ownLine) {
    edits.push({ start: ls, end: Math.min(text.length, le + 1), newText: '' });
  } else if (hasComma) {
    let e = afterComma;
    while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
    edits.push({ start: item.start, end: e, newText: '' });
  } else {
    edits.push({ start: prevComma >= 0 ? prevComma : item.start, end: item.end, newText: '' });
    return edits;
  }
  if (prevComma >= 0) edits.push({ start: prevComma, end: prevComma + 1, newText: '' });
  return edits;
}
