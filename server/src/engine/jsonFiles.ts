/**
 * A platform team's JSON files in a folder of the workspace (IAM templates, OAuth narrowing choices): each read only
 * when it resolves inside (links out are refused), parsed, and a failure told as data (where a parse failed, never
 * what the text holds: JSON.parse's own message quotes the text around the error). The family words the problem.
 */
import fs = require('fs');
import path = require('path');
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** Where a JSON text stops being JSON: the parser's error code, 1-based line and column; undefined when none is found. */
export function jsonErrorPlace(text: string): { code: string; line: number; column: number } | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const e = errors[0];
  if (!e) return undefined;
  const before = text.slice(0, e.offset);
  return { code: printParseErrorCode(e.error), line: before.split('\n').length, column: e.offset - (before.lastIndexOf('\n') + 1) + 1 };
}

export type JsonFileFailure = { kind: 'outside' } | { kind: 'unreadable'; code: string } | { kind: 'not-json'; place?: ReturnType<typeof jsonErrorPlace> };

/** Each of `names` in `dir`, in order: its parsed data, or why it is not used. */
export function readJsonFiles(dir: string, names: readonly string[], inside: (absPath: string) => boolean): Array<{ name: string; data?: unknown; failure?: JsonFileFailure }> {
  return names.map((name) => {
    const file = path.join(dir, name);
    if (!inside(file)) return { name, failure: { kind: 'outside' } };
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      return { name, failure: { kind: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'error' } };
    }
    try {
      return { name, data: JSON.parse(text) as unknown };
    } catch {
      return { name, failure: { kind: 'not-json', place: jsonErrorPlace(text) } };
    }
  });
}
