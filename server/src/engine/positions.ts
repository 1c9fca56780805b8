/**
 * Offsets and positions in results and facts. Offsets are the fields `start`, `end`, `…Start` and `…End`.
 * `shiftOffsets` moves them (a result computed on a piece of a file, placed in the file). Facts other files
 * read carry positions, not offsets, since the other file's text is not at hand there: `publishPositions`
 * turns every offset field into line * 2^20 + character, `decodePosition` reads one back. `withLine`
 * replaces a fact's offsets by the 1-based line reports show.
 */
import type { Position } from './types';

/** What offsets are read against: a document's line index (DocumentContext has one). */
export interface Indexed {
  readonly index: { positionAt(offset: number): Position };
}

const POS = 1 << 20;
const OFFSET_KEY = /^(start|end)$|(Start|End)$/;

/** A deep copy in which every number held by an object field is replaced by `f(field, number)`. */
export function mapNumberFields<T>(value: T, f: (field: string, n: number) => number): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'number' ? f(k, x) : walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

export function publishPositions<T>(value: T, doc: Indexed): T {
  return mapNumberFields(value, (k, n) => {
    if (!OFFSET_KEY.test(k)) return n;
    const p = doc.index.positionAt(n);
    return p.line * POS + Math.min(p.character, POS - 1);
  });
}

/** A copy with every offset field moved by `by`. */
export function shiftOffsets<T>(value: T, by: number): T {
  return mapNumberFields(value, (k, n) => (OFFSET_KEY.test(k) ? n + by : n));
}

/** A copy with every offset field moved by `by` and every `line` field by `lines` (a chunk's result placed in its file). */
export function shiftOffsetsAndLines<T>(value: T, by: number, lines: number): T {
  return mapNumberFields(value, (k, n) => (k === 'line' ? n + lines : OFFSET_KEY.test(k) ? n + by : n));
}

export function decodePosition(n: number): { line: number; character: number } {
  return { line: Math.floor(n / POS), character: n % POS };
}

/** A value without its `start` / `end` offsets, with the 1-based `line` of `start`. */
export function withLine<T extends { start: number; end: number }>(value: T, doc: Indexed): Omit<T, 'start' | 'end'> & { line: number } {
  // A loop, not `{ start, end, ...rest }`: object rest is several times slower, and a file may publish 20,000 of these.
  const out: Record<string, unknown> = {};
  for (const k in value) if (k !== 'start' && k !== 'end') out[k] = value[k];
  out.line = doc.index.positionAt(value.start).line + 1;
  return out as Omit<T, 'start' | 'end'> & { line: number };
}
