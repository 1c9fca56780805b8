/**
 * The ignore fixes every family shares: a suppression comment in the file's
 * own comment syntax (secretlint's for secrets, so its CLI agrees; ours,
 * microapp-guard-disable-*, for the other families), and for formats without
 * comments (JSON) an entry in the workspace's fingerprint file,
 * .microapp-guard-ignore. A fingerprint names the file, the rule and where
 * (a JSON path or a line), never the value.
 */
import path = require('path');
import { getLocation } from 'jsonc-parser';
import { commentSyntax, type FileKind } from '../formats/fileKind';
import type { LineIndex } from '../text';
import type { Range, TextEdit } from '../types';

export type CommentPrefix = 'secretlint' | 'microapp-guard';

export const FINGERPRINT_FILE = '.microapp-guard-ignore';

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function ignoreLineEdits(kind: FileKind, index: LineIndex, range: Range, ruleToken: string, prefix: CommentPrefix): TextEdit[] | undefined {
  const c = commentSyntax(kind);
  if (!c) return undefined;
  const close = c.close ? ` ${c.close}` : '';
  const startLine = range.start.line;
  const endLine = range.end.character === 0 && range.end.line > startLine ? range.end.line - 1 : range.end.line;
  const indentOf = (l: number) => /^[ \t]*/.exec(index.lineText(l).replace(/^\uFEFF/, ''))![0];
  const eol = eolOf(index.text);
  const above = (l: number, directive: string): TextEdit => ({
    range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } },
    newText: `${indentOf(l)}${c.open} ${directive} ${ruleToken}${close}${eol}`,
  });
  // Inside a YAML block scalar (| or >), a comment line would become part of the value:
  // wrap the whole key in disable/enable comments instead.
  let blockKey = -1;
  let blockEnd = endLine;
  if (kind === 'yaml') {
    const ind = (l: number) => indentOf(l).length;
    let k = startLine - 1;
    while (k >= 0 && !index.lineText(k).trim()) k--;
    while (k >= 0 && (ind(k) >= ind(startLine) || !index.lineText(k).trim())) k--;
    if (k >= 0 && /[|>][+-]?\d*\s*(#.*)?$/.test(index.lineText(k))) {
      blockKey = k;
      let e = startLine;
      for (let l = startLine + 1; l < index.lineCount; l++) {
        const t = index.lineText(l);
        if (!t.trim()) continue;
        if (ind(l) <= ind(k)) break;
        e = l;
      }
      blockEnd = e;
    }
  }
  const around = (first: number, last: number): TextEdit[] => {
    const after = last + 1;
    const afterPos = after < index.lineCount ? { line: after, character: 0 } : { line: last, character: index.lineText(last).length };
    const lead = after < index.lineCount ? '' : eol;
    return [
      above(first, `${prefix}-disable`),
      { range: { start: afterPos, end: afterPos }, newText: `${lead}${indentOf(first)}${c.open} ${prefix}-enable ${ruleToken}${close}${lead ? '' : eol}` },
    ];
  };
  if (blockKey >= 0) return around(blockKey, blockEnd);
  if (endLine > startLine) return around(startLine, endLine);
  // Where a trailing comment could become part of the value, comment the line above.
  if (kind === 'dotenv' || kind === 'properties' || kind === 'ini' || kind === 'text' || kind === 'markdown' || kind === 'dockerfile') {
    return [above(startLine, `${prefix}-disable-next-line`)];
  }
  const lineLen = index.lineText(startLine).length;
  const pos = { line: startLine, character: lineLen };
  return [{ range: { start: pos, end: pos }, newText: ` ${c.open} ${prefix}-disable-line ${ruleToken}${close}` }];
}


/**
 * The fingerprint of a finding: `<relative path>:<rule id>:<where>`, where
 * is the JSON path of the node for JSON files (stable when lines move) and
 * the 1-based line otherwise. It never contains the finding's text.
 */
export function fingerprint(relPath: string, ruleId: string, kind: FileKind, text: string, offset: number, line: number): string {
  let where = `L${line + 1}`;
  if (kind === 'json' || kind === 'jsonc' || kind === 'lockfile') {
    try {
      const loc = getLocation(text, offset);
      if (loc.path.length) where = '$' + loc.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    } catch {
      /* keep the line */
    }
  }
  return `${relPath}:${ruleId}:${where}`;
}

/** The fingerprints listed in a fingerprint file (comments with #, blank lines ignored). */
export function parseFingerprints(text: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!text) return out;
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.trim();
    if (l && !l.startsWith('#')) out.add(l);
  }
  return out;
}

export function fingerprintFilePath(root: string): string {
  return path.join(root, FINGERPRINT_FILE);
}
