import type { Position, Range } from './types';

/** Offset <-> position conversion for one text, computed once. */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    // Without a carriage return, indexOf finds the line ends several times faster than a loop over the characters
    // (a 1.3 MB file: 1.8 ms instead of 4.8, on every edit).
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset just past the last character of the line, excluding the line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
}


/**
 * One flat copy of a string that is kept long, holding nothing else alive. V8 keeps a concatenation of 13 characters or
 * more as a tree of its pieces (32 bytes a node: the stamps and result ids of the 20,000-file bench took 1.6 MiB more
 * than flat copies), and a slice of 13 or more as a view of the whole string it was cut from: a cache that keeps a
 * piece of a document (a YAML document of a stream, a chunk, a host name) by a slice keeps that version of the whole
 * document alive (an edit of a 20,000-line manifest held 0.3 MiB more each time, measured).
 */
export function flatString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** A literal as a regular expression source (every syntax character escaped, `/` too). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The match of a global expression at every position where one starts, leftmost-first at each (the search starts
 * again one character after each match, not after its end): a match that starts inside another is found too. For an
 * alternation of literals, where one literal may hold another.
 */
export function matchesAtEveryStart(re: RegExp, text: string, f: (match: string) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    f(m[0]);
    re.lastIndex = m.index + 1;
  }
}

/** The offset where the line holding offset `at` starts. */
export function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** The offset of the line break ending the line that holds offset `at` (the text's length on its last line). */
export function lineEndFrom(text: string, at: number): number {
  const n = text.indexOf('\n', at);
  return n < 0 ? text.length : n;
}

/** `end` moved back over trailing whitespace, never before `start` (a node's span without its trailing line breaks). */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}
