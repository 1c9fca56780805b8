/**
 * Calico selector expressions (projectcalico.org/v3 `selector`, `namespaceSelector`, `serviceAccountSelector`),
 * as Calico documents them:
 *   all()                    every endpoint            global()              non-namespaced resources only
 *   k == 'v'   k != 'v'      (!= also matches when k is absent)
 *   has(k)     !has(k)
 *   k in {'a', 'b'}          k not in {'a', 'b'}       (not in also matches when k is absent)
 *   k contains 's'           k starts with 's'         k ends with 's'
 *   !e   e && e   e || e   (e)                         && binds tighter than ||
 * An empty selector is all(). Strings take single or double quotes.
 *
 * parseCalicoSelector never throws, whatever the input (nesting is bounded); an expression it cannot read is an
 * error, and a policy whose selector is an error is judged uncertain by the caller (never "selects nothing").
 */

export type CalicoExpr =
  | { t: 'all' }
  | { t: 'global' }
  | { t: 'eq' | 'ne' | 'contains' | 'starts' | 'ends'; k: string; v: string }
  | { t: 'has'; k: string }
  | { t: 'in' | 'notin'; k: string; vs: string[] }
  | { t: 'not'; e: CalicoExpr }
  | { t: 'and' | 'or'; l: CalicoExpr; r: CalicoExpr };

export type CalicoParse = { ok: true; expr: CalicoExpr } | { ok: false; error: string };

const MAX_DEPTH = 64;
const MAX_LENGTH = 4096;

type Tok = { k: 'id' | 'str' | 'op'; v: string; at: number };

const KEY = /[A-Za-z0-9_./\-]/;

function tokenize(s: string): Tok[] | string {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) return `unterminated string at ${i}`;
      out.push({ k: 'str', v: s.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '&&' || two === '||') {
      out.push({ k: 'op', v: two, at: i });
      i += 2;
      continue;
    }
    if ('!(){},'.includes(c)) {
      out.push({ k: 'op', v: c, at: i });
      i++;
      continue;
    }
    if (KEY.test(c)) {
      let j = i;
      while (j < s.length && KEY.test(s[j])) j++;
      out.push({ k: 'id', v: s.slice(i, j), at: i });
      i = j;
      continue;
    }
    return `unexpected "${c}" at ${i}`;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  private peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }
  private isOp(v: string, o = 0): boolean {
    const t = this.peek(o);
    return !!t && t.k === 'op' && t.v === v;
  }
  private isId(v: string, o = 0): boolean {
    const t = this.peek(o);
    return !!t && t.k === 'id' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v)) throw new SyntaxErr(`expected "${v}"`);
    this.i++;
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }
  or(d: number): CalicoExpr {
    if (d > MAX_DEPTH) throw new SyntaxErr('too deeply nested');
    let l = this.and(d + 1);
    while (this.isOp('||')) {
      this.i++;
      l = { t: 'or', l, r: this.and(d + 1) };
    }
    return l;
  }
  private and(d: number): CalicoExpr {
    let l = this.unary(d + 1);
    while (this.isOp('&&')) {
      this.i++;
      l = { t: 'and', l, r: this.unary(d + 1) };
    }
    return l;
  }
  private unary(d: number): CalicoExpr {
    if (d > MAX_DEPTH) throw new SyntaxErr('too deeply nested');
    if (this.isOp('!')) {
      this.i++;
      return { t: 'not', e: this.unary(d + 1) };
    }
    if (this.isOp('(')) {
      this.i++;
      const e = this.or(d + 1);
      this.expect(')');
      return e;
    }
    return this.term();
  }
  private str(): string {
    const t = this.peek();
    if (!t || t.k !== 'str') throw new SyntaxErr('expected a quoted string');
    this.i++;
    return t.v;
  }
  private term(): CalicoExpr {
    const t = this.peek();
    if (!t || t.k !== 'id') throw new SyntaxErr('expected a label key, has(), all() or global()');
    if ((t.v === 'all' || t.v === 'global') && this.isOp('(', 1) && this.isOp(')', 2)) {
      this.i += 3;
      return { t: t.v };
    }
    if (t.v === 'has' && this.isOp('(', 1)) {
      const k = this.peek(2);
      if (!k || k.k !== 'id' || !this.isOp(')', 3)) throw new SyntaxErr('expected has(key)');
      this.i += 4;
      return { t: 'has', k: k.v };
    }
    this.i++;
    const k = t.v;
    if (this.isOp('==') || this.isOp('!=')) {
      const op = this.peek()!.v;
      this.i++;
      return { t: op === '==' ? 'eq' : 'ne', k, v: this.str() };
    }
    if (this.isId('in')) {
      this.i++;
      return { t: 'in', k, vs: this.set() };
    }
    if (this.isId('not') && this.isId('in', 1)) {
      this.i += 2;
      return { t: 'notin', k, vs: this.set() };
    }
    if (this.isId('contains')) {
      this.i++;
      return { t: 'contains', k, v: this.str() };
    }
    if (this.isId('starts') && this.isId('with', 1)) {
      this.i += 2;
      return { t: 'starts', k, v: this.str() };
    }
    if (this.isId('ends') && this.isId('with', 1)) {
      this.i += 2;
      return { t: 'ends', k, v: this.str() };
    }
    throw new SyntaxErr(`expected an operator after "${k}"`);
  }
  private set(): string[] {
    this.expect('{');
    const vs: string[] = [];
    if (this.isOp('}')) {
      this.i++;
      return vs;
    }
    for (;;) {
      vs.push(this.str());
      if (this.isOp(',')) {
        this.i++;
        continue;
      }
      this.expect('}');
      return vs;
    }
  }
}

class SyntaxErr extends Error {}

/** Parse a Calico selector. Never throws. */
export function parseCalicoSelector(text: unknown): CalicoParse {
  if (text === undefined || text === null) return { ok: true, expr: { t: 'all' } };
  if (typeof text !== 'string') return { ok: false, error: 'not a string' };
  if (text.length > MAX_LENGTH) return { ok: false, error: 'too long' };
  if (!text.trim()) return { ok: true, expr: { t: 'all' } };
  try {
    const toks = tokenize(text);
    if (typeof toks === 'string') return { ok: false, error: toks };
    const p = new Parser(toks);
    const expr = p.or(0);
    if (!p.done()) return { ok: false, error: 'unexpected text after the expression' };
    return { ok: true, expr };
  } catch (e) {
    return { ok: false, error: e instanceof SyntaxErr ? e.message : 'unreadable' };
  }
}

const parsed = new Map<string, CalicoParse>();
/** parseCalicoSelector with the answers of the last few thousand selectors kept. */
export function calicoSelector(text: string | undefined): CalicoParse {
  const key = text ?? '';
  let r = parsed.get(key);
  if (!r) {
    if (parsed.size > 4096) parsed.clear();
    r = parseCalicoSelector(text);
    parsed.set(key, r);
  }
  return r;
}

/** Whether an expression selects an endpoint with these labels (`global()`: only when `global` is set). */
export function calicoMatches(e: CalicoExpr, labels: Record<string, string>, global = false): boolean {
  const v = (k: string): string | undefined => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);
  switch (e.t) {
    case 'all':
      return true;
    case 'global':
      return global;
    case 'eq':
      return v(e.k) === e.v;
    case 'ne':
      return v(e.k) !== e.v;
    case 'has':
      return v(e.k) !== undefined;
    case 'in': {
      const x = v(e.k);
      return x !== undefined && e.vs.includes(x);
    }
    case 'notin': {
      const x = v(e.k);
      return x === undefined || !e.vs.includes(x);
    }
    case 'contains':
      return v(e.k)?.includes(e.v) ?? false;
    case 'starts':
      return v(e.k)?.startsWith(e.v) ?? false;
    case 'ends':
      return v(e.k)?.endsWith(e.v) ?? false;
    case 'not':
      return !calicoMatches(e.e, labels, global);
    case 'and':
      return calicoMatches(e.l, labels, global) && calicoMatches(e.r, labels, global);
    case 'or':
      return calicoMatches(e.l, labels, global) || calicoMatches(e.r, labels, global);
  }
}

/** The label keys an expression reads. */
export function calicoKeys(e: CalicoExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.t) {
    case 'not':
      calicoKeys(e.e, out);
      break;
    case 'and':
    case 'or':
      calicoKeys(e.l, out);
      calicoKeys(e.r, out);
      break;
    case 'all':
    case 'global':
      break;
    default:
      out.add(e.k);
  }
  return out;
}

/** Whether an expression is all() (or empty): it selects every endpoint. */
export function isCalicoAll(text: string | undefined): boolean {
  const p = calicoSelector(text);
  return p.ok && p.expr.t === 'all';
}
