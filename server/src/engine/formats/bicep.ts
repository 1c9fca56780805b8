/**
 * The resources of a Bicep file, their bodies read as positioned trees (tree.ts `PNode`): object and array
 * literals, strings ('...', with `${}` interpolation kept as text, and '''...'''), numbers, true/false/null;
 * anything else (an expression, a function call, a reference to another resource) is an `unknown` node with the
 * expression's text as its tag. No Bicep parser ships on npm without the Bicep CLI (a .NET binary), so this reads
 * only the literal shapes the families need (a resource's declared properties); it never throws, and what it cannot
 * read is `unknown`, never guessed.
 */
import type { PArray, PEntry, PNode, PObject } from './tree';

export interface BicepResource {
  /** `Microsoft.Graph/applications`, `Microsoft.Authorization/roleDefinitions`, ... */
  type: string;
  apiVersion: string;
  /** The symbolic name (`resource <name> '...'`). */
  symbol: string;
  body: PObject;
  start: number;
  end: number;
}

const RESOURCE = /^[ \t]*resource[ \t]+([A-Za-z_][\w]*)[ \t]+'([^'@]+)@([^']*)'[ \t]*(?:existing[ \t]*)?=[ \t]*(?:\[[ \t]*for[ \t][^\n]*?:[ \t]*)?(?:if[ \t]*\([^\n]*?\)[ \t]*)?\{/gm;

/** Every resource whose body is an object literal (loops and conditions with an object body included). */
export function bicepResources(text: string): BicepResource[] {
  const out: BicepResource[] = [];
  RESOURCE.lastIndex = 0;
  for (let m = RESOURCE.exec(text); m; m = RESOURCE.exec(text)) {
    const open = m.index + m[0].length - 1;
    const r = new Reader(text, open);
    const body = r.object();
    if (!body) continue;
    out.push({ type: m[2], apiVersion: m[3], symbol: m[1], body, start: m.index, end: body.end });
    RESOURCE.lastIndex = Math.max(RESOURCE.lastIndex, body.end);
  }
  return out;
}

/** Nesting past this is read as unknown (as the other trees' budget). */
const MAX_DEPTH = 64;

class Reader {
  private depth = 0;
  constructor(
    private readonly text: string,
    private pos: number,
  ) {}

  /** Skips spaces, tabs and comments; newlines too when `newlines`. */
  private skip(newlines: boolean): void {
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ','))) this.pos++;
      else if (c === '/' && t[this.pos + 1] === '/') {
        const e = t.indexOf('\n', this.pos);
        this.pos = e < 0 ? t.length : e;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const e = t.indexOf('*/', this.pos + 2);
        this.pos = e < 0 ? t.length : e + 2;
      } else return;
    }
  }

  object(): PObject | undefined {
    const t = this.text;
    if (t[this.pos] !== '{') return undefined;
    const start = this.pos++;
    const entries: PEntry[] = [];
    if (++this.depth > MAX_DEPTH) return this.closeUnreadable(start, '{', '}') as PObject | undefined;
    for (;;) {
      this.skip(true);
      if (this.pos >= t.length) return undefined;
      if (t[this.pos] === '}') {
        this.pos++;
        this.depth--;
        return { type: 'object', entries, start, end: this.pos };
      }
      const keyStart = this.pos;
      let key: string | undefined;
      if (t[this.pos] === "'") {
        const s = this.string();
        key = s?.type === 'string' ? s.value : undefined;
      } else {
        const m = /^[A-Za-z_$][\w$]*/.exec(t.slice(this.pos, this.pos + 256));
        if (m) {
          key = m[0];
          this.pos += m[0].length;
        }
      }
      const keyEnd = this.pos;
      this.skip(false);
      if (key === undefined || t[this.pos] !== ':') return undefined; // not an object literal as read here
      this.pos++;
      this.skip(false);
      const value = this.value();
      if (!value) return undefined;
      entries.push({ key, keyStart, keyEnd, value });
    }
  }

  private array(): PArray | undefined {
    const t = this.text;
    const start = this.pos++;
    const items: PNode[] = [];
    if (++this.depth > MAX_DEPTH) return this.closeUnreadable(start, '[', ']') as PArray | undefined;
    for (;;) {
      this.skip(true);
      if (this.pos >= t.length) return undefined;
      if (t[this.pos] === ']') {
        this.pos++;
        this.depth--;
        return { type: 'array', items, start, end: this.pos };
      }
      const v = this.value();
      if (!v) return undefined;
      items.push(v);
    }
  }

  /** A nested literal past the depth budget: skipped to its closing bracket, read as unknown. */
  private closeUnreadable(start: number, open: string, close: string): PNode | undefined {
    let depth = 1;
    const t = this.text;
    while (this.pos < t.length && depth > 0) {
      const c = t[this.pos++];
      if (c === open) depth++;
      else if (c === close) depth--;
    }
    this.depth--;
    return depth === 0 ? { type: 'unknown', tag: 'too-deep', start, end: this.pos } : undefined;
  }

  private value(): PNode | undefined {
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === "'") return this.string();
    const start = this.pos;
    // Anything else runs to the end of the line, or to the closing bracket of the literal around it.
    let depth = 0;
    while (this.pos < t.length) {
      const d = t[this.pos];
      if (d === "'") {
        this.string();
        continue;
      }
      // A comment ends the expression (a line comment) or is skipped (a block comment): its brackets and commas are not the literal's.
      if (d === '/' && t[this.pos + 1] === '/') {
        if (depth === 0) break;
        const e = t.indexOf('\n', this.pos);
        this.pos = e < 0 ? t.length : e;
        continue;
      }
      if (d === '/' && t[this.pos + 1] === '*') {
        const e = t.indexOf('*/', this.pos + 2);
        if (depth === 0) {
          // The expression ends before it when only spaces and a line end (or the literal's end) follow it.
          let k = e < 0 ? t.length : e + 2;
          while (k < t.length && (t[k] === ' ' || t[k] === '\t' || t[k] === '\r')) k++;
          if (k >= t.length || t[k] === '\n' || t[k] === ',' || t[k] === '}' || t[k] === ']' || t[k] === ')') break;
        }
        this.pos = e < 0 ? t.length : e + 2;
        continue;
      }
      if (d === '(' || d === '[' || d === '{') depth++;
      else if (d === ')' || d === ']' || d === '}') {
        if (depth === 0) break;
        depth--;
      } else if ((d === '\n' || d === ',') && depth === 0) break;
      this.pos++;
    }
    let end = this.pos;
    while (end > start && /\s/.test(t[end - 1])) end--;
    const raw = t.slice(start, end);
    if (raw === 'true' || raw === 'false') return { type: 'boolean', value: raw === 'true', start, end };
    if (raw === 'null') return { type: 'null', start, end };
    if (/^-?\d+$/.test(raw)) return { type: 'number', value: Number(raw), start, end };
    if (!raw) return undefined;
    return { type: 'unknown', tag: raw.slice(0, 120), start, end };
  }

  /** A string literal at `pos` (`'...'` or `'''...'''`); an interpolated one is unknown, tagged with its text. */
  private string(): PNode | undefined {
    const t = this.text;
    const start = this.pos;
    if (t.startsWith("'''", start)) {
      const e = t.indexOf("'''", start + 3);
      this.pos = e < 0 ? t.length : e + 3;
      return { type: 'string', value: t.slice(start + 3, e < 0 ? t.length : e), start, end: this.pos };
    }
    let i = start + 1;
    let value = '';
    let interpolated = false;
    while (i < t.length && t[i] !== "'" && t[i] !== '\n') {
      if (t[i] === '\\' && i + 1 < t.length) {
        const n = t[i + 1];
        value += n === 'n' ? '\n' : n === 't' ? '\t' : n;
        i += 2;
        continue;
      }
      if (t[i] === '$' && t[i + 1] === '{') interpolated = true;
      value += t[i++];
    }
    if (t[i] !== "'") {
      this.pos = i;
      return undefined;
    }
    this.pos = i + 1;
    return interpolated ? { type: 'unknown', tag: t.slice(start, this.pos).slice(0, 120), start, end: this.pos } : { type: 'string', value, start, end: this.pos };
  }
}
