/**
 * Edits cost what changed, not the file. A family that declares itself
 * line-local (its findings depend only on a few lines around them) is run on
 * chunks of a large file, and each chunk's findings and facts are cached by
 * the chunk's text: typing re-checks the chunk being edited, not the 20,000
 * lines around it.
 *
 * Chunks end at a blank line outside every construct that spans lines:
 * template literals (backticks), triple-quoted strings, block comments and
 * PEM blocks, so a multi-line secret or a comment is always inside one
 * chunk. Positions inside a chunk are shifted by the chunk's first line.
 */
import type { FileKind } from './formats/fileKind';
import { mapNumberFields, shiftOffsetsAndLines } from './positions';
import type { Finding } from './types';

export interface Chunk {
  /** Offset and line of the chunk's first character in the file. */
  start: number;
  line: number;
  text: string;
  /** An own copy of `text` (not a slice of the file), made when a result computed from it is to be kept. */
  own?: string;
}

/** Files below this many lines are analysed whole (chunking costs more than it saves). */
const MIN_LINES_FOR_CHUNKS = 1500;
/** Target chunk size; a chunk ends at the first safe line after it. */
const CHUNK_LINES = 250;

/** Kinds whose text can be split at a safe blank line (structured formats and .env are analysed whole). */
const CHUNKABLE = new Set<FileKind>(['js', 'python', 'go', 'java', 'kotlin', 'ruby', 'csharp', 'php', 'shell', 'text', 'xml', 'markdown', 'properties', 'ini', 'toml']);

const TOKENS = /(?<!\\)`|"""|'''|\/\*|\*\/|<!--|-->|-----BEGIN|-----END/g;

/**
 * The chunks of a text, or undefined when it should be analysed whole.
 * `lineStarts` are the text's line start offsets (LineIndex).
 */
export function chunksOf(text: string, kind: FileKind, lineStarts: readonly number[]): Chunk[] | undefined {
  if (lineStarts.length < MIN_LINES_FOR_CHUNKS) return undefined;
  if (kind === 'yaml') return yamlChunks(text, lineStarts);
  if (!CHUNKABLE.has(kind)) return undefined;
  const cLike = kind === 'js' || kind === 'go' || kind === 'java' || kind === 'kotlin' || kind === 'csharp' || kind === 'php';
  const markup = kind === 'xml' || kind === 'markdown';
  const triples = kind === 'python' || kind === 'toml';
  // Where each multi-line construct is open: a state change list by offset.
  let state: string | undefined; // the closing token we wait for
  const open: Array<[number, number]> = []; // [from, to) spans where some construct is open
  let openedAt = 0;
  // Is this offset inside a '...' or "..." string of its line (a "/*" or a backtick there opens nothing)?
  const quoted = (offset: number): boolean => {
    if (!(cLike || triples)) return false;
    const ls = text.lastIndexOf('\n', offset - 1) + 1;
    let q: string | undefined;
    for (let i = ls; i < offset; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (q) {
        if (c === q) q = undefined;
      } else if (c === '"' || c === "'") q = c;
      else if (c === '/' && text[i + 1] === '/' && cLike) return false; // a line comment: nothing after it is quoted
      else if (c === '#' && triples) return false;
    }
    return q !== undefined;
  };
  TOKENS.lastIndex = 0;
  for (let m = TOKENS.exec(text); m; m = TOKENS.exec(text)) {
    const t = m[0];
    // Only comment markers inside strings are skipped: backticks and triple quotes are counted wherever they are,
    // as the secrets family's own multi-line-string test counts them (the two must agree on where a chunk starts).
    if (!state && (t === '/*' || t === '<!--') && quoted(m.index)) continue;
    if (state) {
      if (t === state) {
        open.push([openedAt, m.index + t.length]);
        state = undefined;
      }
      continue;
    }
    let close: string | undefined;
    if (t === '`' && kind === 'js') close = '`';
    else if ((t === '"""' || t === "'''") && triples) close = t;
    else if (t === '/*' && cLike) close = '*/';
    else if (t === '<!--' && markup) close = '-->';
    else if (t === '-----BEGIN') close = '-----END';
    if (close) {
      state = close;
      openedAt = m.index;
    }
  }
  if (state) open.push([openedAt, text.length]);
  // Markdown: fenced code blocks (``` or ~~~) are one construct each.
  if (kind === 'markdown') {
    let fence: string | undefined;
    let fenceStart = 0;
    for (let l = 0; l < lineStarts.length; l++) {
      const s0 = lineStarts[l];
      const line = text.slice(s0, l + 1 < lineStarts.length ? lineStarts[l + 1] : text.length);
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (!f) continue;
      if (!fence) {
        fence = f;
        fenceStart = s0;
      } else if (f[0] === fence[0] && f.length >= fence.length) {
        open.push([fenceStart, s0 + line.length]);
        fence = undefined;
      }
    }
    if (fence) open.push([fenceStart, text.length]);
    open.sort((a, b) => a[0] - b[0]);
  }
  let o = 0;
  const isOpen = (offset: number) => {
    while (o < open.length && open[o][1] <= offset) o++;
    for (let i = o; i < open.length && open[i][0] < offset; i++) if (open[i][1] > offset) return true;
    return false;
  };
  const chunks: Chunk[] = [];
  let startLine = 0;
  for (let l = CHUNK_LINES; l < lineStarts.length - 1; l++) {
    if (l - startLine < CHUNK_LINES) continue;
    const s = lineStarts[l];
    const e = lineStarts[l + 1];
    // A blank line (the previous line does not continue into it), or a statement boundary chosen by the line's own
    // text (content-defined, so an edit above moves no boundary below it), outside every open construct.
    const line = text.slice(s, e);
    const prev = text.slice(lineStarts[l - 1], s);
    if (line.trim() !== '' && !statementBoundary(prev, line)) continue;
    if (/\\\r?\n$/.test(prev)) continue;
    if (isOpen(s)) continue;
    chunks.push({ start: lineStarts[startLine], line: startLine, text: text.slice(lineStarts[startLine], s) });
    startLine = l;
  }
  chunks.push({ start: lineStarts[startLine], line: startLine, text: text.slice(lineStarts[startLine]) });
  return chunks.length > 1 ? chunks : undefined;
}

/**
 * A non-blank line that may start a chunk of a file with few blank lines (generated code, one statement per line):
 * about one line in 16, picked by a hash of its text, that starts at column 0 after a line that ends a statement
 * (not an operator, comma, opening bracket or continuation).
 */
function statementBoundary(prev: string, line: string): boolean {
  if (/^\s/.test(line) || /^[.)\]}?:+\-*/%&|,]/.test(line)) return false;
  const p = prev.trimEnd();
  if (!p || /[,([{=+\-*/%&|<>?:\\]$/.test(p) || /^\s/.test(prev)) return false;
  let h = 2166136261;
  for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 16777619);
  return ((h >>> 0) & 15) === 0;
}

/** YAML: chunks of whole documents, split at `---` lines. */
function yamlChunks(text: string, lineStarts: readonly number[]): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let startLine = 0;
  for (let l = 1; l < lineStarts.length; l++) {
    if (l - startLine < CHUNK_LINES) continue;
    const s = lineStarts[l];
    if (!/^---(?=[ \t\r\n]|$)/.test(text.slice(s, s + 4))) continue;
    chunks.push({ start: lineStarts[startLine], line: startLine, text: text.slice(lineStarts[startLine], s) });
    startLine = l;
  }
  chunks.push({ start: lineStarts[startLine], line: startLine, text: text.slice(lineStarts[startLine]) });
  return chunks.length > 1 ? chunks : undefined;
}

/** A deep copy with every `{ line, character }` position moved down by `lines`, and 1-based `line` fields of facts too. */
function shiftLines<T>(value: T, lines: number): T {
  return lines === 0 ? value : mapNumberFields(value, (k, n) => (k === 'line' ? n + lines : n));
}

/** A chunk's finding placed in the file: positions down by `lines`, offsets in its data by `offset` (one pass). */
export function shiftChunkFinding(f: Finding, lines: number, offset: number): Finding {
  if (!lines && !offset) return f;
  const pos = (p: { line: number; character: number }) => ({ line: p.line + lines, character: p.character });
  const out: Finding = { ...f, range: { start: pos(f.range.start), end: pos(f.range.end) } };
  if (f.related) out.related = f.related.map((r) => ({ ...r, range: { start: pos(r.range.start), end: pos(r.range.end) } }));
  if (f.data) out.data = shiftOffsetsAndLines(f.data, offset, lines);
  return out;
}

/** A fact's value with its 1-based `line` fields moved down by `lines`; flat values (most facts) without a deep walk. */
export function shiftValueLines<T>(value: T, lines: number): T {
  if (!lines || !value || typeof value !== 'object' || Array.isArray(value)) return shiftLines(value, lines);
  const v = value as Record<string, unknown>;
  for (const k in v) if (v[k] !== null && typeof v[k] === 'object') return shiftLines(value, lines);
  return typeof v.line === 'number' ? ({ ...v, line: (v.line as number) + lines } as T) : value;
}
