/**
 * Facts other files read carry positions, not offsets: the other file's text is not at hand there.
 * `publishPositions` turns every offset field (`start`, `end`, `…Start`, `…End`) of a value into
 * line * 2^20 + character; `decodePosition` reads one back. `withLine` replaces a fact's offsets by the
 * 1-based line reports show.
 */
import type { DocumentContext } from './document';

const POS = 1 << 20;
const OFFSET_KEY = /^(start|end)$|(Start|End)$/;

export function publishPositions<T>(value: T, doc: DocumentContext): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'number' && key && OFFSET_KEY.test(key)) {
      const p = doc.index.positionAt(v);
      return p.line * POS + Math.min(p.character, POS - 1);
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value) as T;
}

export function decodePosition(n: number): { line: number; character: number } {
  return { line: Math.floor(n / POS), character: n % POS };
}

/** A value without its `start` / `end` offsets, with the 1-based `line` of `start`. */
export function withLine<T extends { start: number; end: number }>(value: T, doc: DocumentContext): Omit<T, 'start' | 'end'> & { line: number } {
  const { start, end: _end, ...rest } = value;
  return { ...rest, line: doc.index.positionAt(start).line + 1 };
}
