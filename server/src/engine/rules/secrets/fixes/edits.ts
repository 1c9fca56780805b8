/** Small edit helpers shared by the secret fixes. */
import { LineIndex } from '../../../text';
import type { TextEdit } from '../../../types';

let memo: { text: string; index: LineIndex } | undefined;
/** One LineIndex per text: fix-all asks for the fixes of many findings of one document. */
export function indexFor(text: string): LineIndex {
  if (memo?.text !== text) memo = { text, index: new LineIndex(text) };
  return memo.index;
}

/** An edit appending `line` (and a line break) to a file's text; undefined text is a new, empty file. */
export function appendLineEdit(existing: string | undefined, line: string): TextEdit {
  const text = existing ?? '';
  const index = new LineIndex(text);
  const end = index.positionAt(text.length);
  const needsNewline = text.length > 0 && !text.endsWith('\n');
  return { range: { start: end, end }, newText: `${needsNewline ? '\n' : ''}${line}\n` };
}
