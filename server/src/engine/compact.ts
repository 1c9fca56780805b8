/**
 * Copies of plain data (facts, findings) that a long-lived store keeps: what `JSON.parse(JSON.stringify(v))` gives
 * (undefined properties and functions dropped, in arrays made null; non-finite numbers null; `toJSON` applied), in
 * half its time, with strings that hold nothing else alive:
 * - every string is a flat copy, never a slice of the document it was cut from (a host name cut out of a 5 MB file
 *   would keep the whole file);
 * - short strings seen twice are shared through a bounded pool: the "https", "unknown", severities and rule ids of
 *   20,000 files' facts and findings were a copy each (1.9 MiB of the language server's heap after the workspace
 *   report, measured), and are one string now.
 */
import { flatString } from './text';

/** Strings up to this length are shared once seen twice. */
const MAX_SHARED_LENGTH = 24;
/** At most this many shared strings, and this many candidates (seen once) before the candidates start over. */
const POOL_LIMIT = 4096;

const pool = new Map<string, string>();
let seenOnce = new Set<string>();

function shared(s: string): string {
  const p = pool.get(s);
  if (p !== undefined) return p;
  const own = flatString(s);
  if (pool.size < POOL_LIMIT) {
    if (seenOnce.has(own)) {
      seenOnce.delete(own);
      pool.set(own, own);
    } else {
      if (seenOnce.size >= POOL_LIMIT) seenOnce = new Set();
      seenOnce.add(own);
    }
  }
  return own;
}

/** A compact copy of JSON-like data (see above): equal to its JSON round trip. */
export function compactCopy<T>(value: T): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
      return v.length <= MAX_SHARED_LENGTH ? shared(v) : flatString(v);
    case 'number':
      // JSON writes -0 as 0, and non-finite numbers as null.
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'boolean':
      return v;
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) {
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = copy(v[i]);
          out[i] = x === undefined ? null : x;
        }
        return out;
      }
      // Dates and other values that serialise themselves: as JSON would.
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(v)) as unknown;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const x = copy((v as Record<string, unknown>)[k]);
        if (x === undefined) continue;
        // A key from the user's file ("__proto__" in a YAML map) is an own property, as JSON.parse makes it.
        if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
        else out[k] = x;
      }
      return out;
    }
    default:
      // undefined, functions and symbols: dropped, as JSON drops them (bigints, which JSON refuses, too).
      return undefined;
  }
}
