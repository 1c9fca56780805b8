/**
 * Copies of plain data (facts, findings) that a long-lived store keeps: what `JSON.parse(JSON.stringify(v))` gives
 * (undefined properties and functions dropped, in arrays made null; non-finite numbers null; `toJSON` and boxed values
 * read as JSON reads them), a little faster (27 against 33 ms for 40,000 endpoint facts) and as compact, with
 * strings that hold nothing else alive:
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
/** Strings seen once, by their text, as the flat copy made then (the one the pool keeps if they come again). */
let seenOnce = new Map<string, string>();

function shared(s: string): string {
  const p = pool.get(s);
  if (p !== undefined) return p;
  const first = seenOnce.get(s);
  if (first !== undefined) {
    seenOnce.delete(s);
    if (pool.size < POOL_LIMIT) pool.set(first, first);
    return first;
  }
  const own = flatString(s);
  if (pool.size < POOL_LIMIT) {
    if (seenOnce.size >= POOL_LIMIT) seenOnce = new Map();
    seenOnce.set(own, own);
  }
  return own;
}

/** A compact copy of plain data (see above): equal to its JSON round trip. */
export function compactCopy<T>(value: T): T {
  return copy(value, '') as T;
}

/** As JSON.stringify's SerializeJSONProperty reads a value (`key`: its property name, which `toJSON` is given). */
function copy(value: unknown, key: string): unknown {
  let v = value;
  if (typeof v === 'object' && v !== null) {
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean) v = v.valueOf();
  }
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
          const x = copy(v[i], String(i));
          out[i] = x === undefined ? null : x;
        }
        return out;
      }
      return copyObject(v as Record<string, unknown>);
    }
    case 'bigint':
      // JSON refuses it (TypeError), and so does this.
      return JSON.stringify(v);
    default:
      // undefined, functions and symbols: dropped, as JSON drops them.
      return undefined;
  }
}

function copyObject(v: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(v);
  let plain = Object.getOwnPropertySymbols(v).length === 0;
  for (let i = 0; plain && i < keys.length; i++) {
    const x = v[keys[i]];
    const t = typeof x;
    // A value JSON drops, or one whose own toJSON may give undefined: the kept properties are worked out one by one.
    if (t === 'undefined' || t === 'function' || t === 'symbol' || (t === 'object' && x !== null && typeof (x as { toJSON?: unknown }).toJSON === 'function')) plain = false;
  }
  if (plain) {
    // The object's own shape, copied whole (as compact as JSON.parse makes it: properties added one at a time take
    // more room, and past ~20 a slow dictionary), then each value replaced by its copy.
    const out: Record<string, unknown> = { ...v };
    for (const k of keys) out[k] = copy(v[k], k);
    return out;
  }
  // Properties JSON drops (undefined, functions; symbol keys): the kept ones only. A key from the user's file
  // ("__proto__" in a YAML map) is an own property, as JSON.parse makes it.
  const entries: Array<[string, unknown]> = [];
  for (const k of keys) {
    const x = copy(v[k], k);
    if (x !== undefined) entries.push([k, x]);
  }
  return Object.fromEntries(entries);
}
