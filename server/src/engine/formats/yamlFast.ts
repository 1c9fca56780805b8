/**
 * The fast way to a YAML document's positioned tree: js-yaml (MIT) reads the text, and its node events (`listener`)
 * give each node's kind, value and where it closed; the tree is built with the same values and offsets the `yaml`
 * library's parse gives through tree.ts (`fromYaml`). js-yaml reads a Kubernetes manifest or a CloudFormation
 * template 5-8 times faster than `yaml`, but stops at the first syntax error and reads no comments, so it only
 * takes what it expresses exactly; anything else returns undefined and the caller parses with `yaml` (the reference):
 * a syntax error or duplicate key, an anchor or alias, a directive, a document marker with content after it, an
 * explicit key, an empty sequence entry, a null key, a tag with no value, `!` alone or an escape, a block scalar
 * kept-chomped (`|+`), with an indentation indicator or empty, a flow collection or quoted scalar over several lines,
 * a document past tree.ts's entries budget or js-yaml's depth limit. Scalars are read as strings (js-yaml's failsafe
 * schema) and resolved by the `yaml` library's own core-schema tags, so `0.10`, `0x1F`, `True` or `~` mean what they
 * mean there; a block collection ends at its last value's line (tree.ts `lineEnd`), as tree.ts ends it.
 * test/unit/yaml-fast.test.js compares the two parses on installed YAML files, the bench's and generated documents.
 */
import { Schema } from 'yaml';
import { CFN_FUNCTIONS, lineEnd, TREE_LIMITS, type PEntry, type PNode } from './tree';

/** js-yaml's loader, as this module uses it (the package ships no types). */
interface JsYamlState {
  position: number;
  kind: 'scalar' | 'sequence' | 'mapping' | null;
  result: unknown;
  tag: string | null;
  anchor: string | null;
}
interface JsYaml {
  Type: new (tag: string, opts: { kind: 'scalar' | 'sequence' | 'mapping'; multi: boolean; construct: (d: unknown) => unknown }) => unknown;
  FAILSAFE_SCHEMA: { extend(types: unknown[]): unknown };
  loadAll(text: string, iterator: null, opts: { schema: unknown; listener: (ev: 'open' | 'close', state: JsYamlState) => void }): unknown[];
}

interface Loaded {
  jsyaml: JsYaml;
  schema: unknown;
  /** The `yaml` library's core-schema scalar tags that resolve a plain scalar (null, bool, int, float), in its order. */
  core: Array<{ test: RegExp; resolve: (s: string, onError: () => void, opts: object) => unknown }>;
}
let loaded: Loaded | undefined;

/** Loaded when first needed: nothing of it runs before the server's first answer. */
function load(): Loaded {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsyaml = require('js-yaml') as JsYaml;
  // Every local tag (`!Ref`, `!Sub`, `!include`) on any kind of node: kept as written, read as a tag by the builder.
  const local = (['scalar', 'sequence', 'mapping'] as const).map((kind) => new jsyaml.Type('!', { kind, multi: true, construct: (d) => d }));
  const core = (new Schema({}).tags as unknown as Array<{ default?: boolean; test?: RegExp; resolve: Loaded['core'][number]['resolve'] }>)
    .filter((t): t is Loaded['core'][number] & { default?: boolean } => !!t.default && t.test instanceof RegExp);
  loaded = { jsyaml, schema: jsyaml.FAILSAFE_SCHEMA.extend(local), core };
  return loaded;
}

/** Thrown by the builder for anything it does not express exactly: the caller parses with `yaml`. */
class NotFast extends Error {}
function notFast(): never {
  throw new NotFast();
}

/** A node as js-yaml composed it: where its composition opened and closed, and the nodes composed inside it. */
interface Raw {
  kind: JsYamlState['kind'];
  result: unknown;
  tag: string | null;
  open: number;
  close: number;
  kids: Raw[];
}

/**
 * Text the fast path leaves to `yaml` without trying: directives, document end markers, a document start marker with
 * something after it on its line (js-yaml reads `---1` as a marker, `yaml` as a scalar), explicit keys (in block or
 * flow), tags with escapes, tabs, a carriage return that is not part of a CRLF line break.
 */
const NOT_FAST_TEXT = /^(?:%|\.\.\.(?:[ \t]|$)|---(?:[^ \t\r\n]|[ \t]+[^#\s])|[ \t]*(?:- +)?\?(?:[ \t]|$))|[[{,][ \t]*\?(?:[ \t]|$)|(?:^|[\s[{,])![^\s,[\]{}]*%|\t|\r(?!\n)/m;

/**
 * The positioned tree of the one YAML document in `text` (a `---` segment), offsets moved by `base`; undefined when
 * the fast path does not express the text exactly (the caller then parses with `yaml`). A document past a budget of
 * tree.ts (entries, depth, aliases) is left to `yaml` too, so the fast path never has a note to give.
 */
export function fastYamlTree(text: string, base: number): PNode | undefined {
  if (text.charCodeAt(0) === 0xfeff || NOT_FAST_TEXT.test(text)) return undefined;
  const { jsyaml, schema } = load();
  const docs: Raw[] = [];
  const stack: Array<{ open: number; kids: Raw[] }> = [];
  const listener = (ev: 'open' | 'close', state: JsYamlState): void => {
    // js-yaml reads the text with a line break added when it has none: its positions can pass the end.
    const position = Math.min(state.position, text.length);
    if (ev === 'open') {
      stack.push({ open: position, kids: [] });
      return;
    }
    // An anchored node, or an alias (no kind, a value): `yaml` and tree.ts's alias budget read those.
    if (state.anchor !== null || (state.kind === null && state.result !== null)) notFast();
    const f = stack.pop()!;
    const n: Raw = { kind: state.kind, result: state.result, tag: state.tag, open: f.open, close: position, kids: f.kids };
    if (stack.length) stack[stack.length - 1].kids.push(n);
    else docs.push(n);
  };
  try {
    jsyaml.loadAll(text, null, { schema, listener });
    if (docs.length !== 1 || docs[0].kind === null) return undefined; // no document, several, or an empty one
    return new Builder(text, base).node(docs[0]).v;
  } catch {
    // js-yaml's error (a syntax error, a duplicate key, nesting too deep) or NotFast: `yaml` reads it.
    return undefined;
  }
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function isWs(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

class Builder {
  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  /** The node's tree, and where its line ends (lineEnd: past a same-line comment and the line break; offset into the text). */
  node(n: Raw): { v: PNode; outer: number } {
    // A flow collection or scalar as a block item is composed twice (a key candidate that turned out to be the item).
    while (n.kids.length === 1 && n.kids[0].result === n.result && n.kids[0].kind === n.kind) {
      const k = n.kids[0];
      n = { ...k, tag: n.tag !== null && n.tag !== '?' ? n.tag : k.tag, open: n.open };
    }
    if (n.tag === '!') notFast(); // the non-specific tag: `yaml` keeps it on a scalar, not on a collection
    const local = n.tag !== null && n.tag !== '?' && n.tag.charCodeAt(0) === 33 ? n.tag : undefined;
    let v: PNode;
    let outer: number;
    if (n.kind === 'mapping' || n.kind === 'sequence') {
      const start = this.contentStart(n.open);
      const c = this.text.charCodeAt(start);
      const flow = c === 91 || c === 123;
      // Past the entries budget tree.ts notes what it leaves out: left to it.
      if (n.kids.length > (n.kind === 'mapping' ? 2 : 1) * TREE_LIMITS.maxEntries) notFast();
      const built = n.kids.map((k) => this.node(k));
      let end: number;
      if (flow) {
        end = n.close;
        // Over several lines, `yaml` holds a flow collection to indentation rules js-yaml does not: left to it.
        if (this.hasLineBreak(start, end)) notFast();
        outer = lineEnd(this.text, end, false);
      } else {
        // A block collection ends at its last value's line, as tree.ts ends it (lineEnd).
        end = outer = built.length ? built[built.length - 1].outer : n.close;
      }
      if (n.kind === 'mapping') {
        const kids = n.kids;
        if (kids.length % 2 || kids.length / 2 !== Object.keys(n.result as object).length) notFast();
        const entries: PEntry[] = [];
        for (let i = 0; i < kids.length; i += 2) {
          const k = built[i].v;
          // A key that is not a plain or quoted scalar, or a null key (tree.ts skips those): left to `yaml`.
          if (kids[i].kind !== 'scalar' || k.type === 'unknown' || k.type === 'null') notFast();
          entries.push({ key: String((k as { value: unknown }).value), keyStart: k.start, keyEnd: k.end, value: built[i + 1].v });
        }
        v = { type: 'object', start: start + this.base, end: end + this.base, entries };
        if (!local && entries.length === 1 && CFN_FUNCTIONS.test(entries[0].key)) {
          v = { type: 'unknown', start: v.start, end: v.end, tag: entries[0].key, inner: entries[0].value, entry: entries[0] };
        }
      } else {
        if (n.kids.length !== (n.result as unknown[]).length) notFast(); // an empty entry (`-` alone)
        v = { type: 'array', start: start + this.base, end: end + this.base, items: built.map((b) => b.v) };
      }
    } else if (n.kind === 'scalar') {
      const s = this.scalar(n);
      v = s.v;
      outer = s.block ? v.end - this.base : lineEnd(this.text, v.end - this.base, false);
    } else {
      if (local) notFast(); // a tag with no value: `yaml` reads an empty string after the tag
      let p = n.open;
      while (this.text.charCodeAt(p) === SPACE || this.text.charCodeAt(p) === TAB) p++;
      v = { type: 'null', start: p + this.base, end: p + this.base };
      outer = lineEnd(this.text, p, true);
    }
    if (local) v = { type: 'unknown', start: v.start, end: v.end, tag: local, inner: v };
    return { v, outer };
  }

  private scalar(n: Raw): { v: PNode; block: boolean } {
    const text = this.text;
    const start = this.contentStart(n.open);
    const c = text.charCodeAt(start);
    const block = c === 124 || c === 62; // | or >
    const end = block ? this.blockEnd(start, n.close) : this.trimBack(start, n.close);
    // A quoted scalar over several lines: `yaml` holds its lines to indentation rules js-yaml does not.
    if ((c === 34 || c === 39) && this.hasLineBreak(start, end)) notFast();
    const s = start + this.base;
    const e = end + this.base;
    const raw = n.result as string;
    if (n.tag !== '?') return { v: { type: 'string', start: s, end: e, value: raw }, block };
    // A plain scalar: resolved as the `yaml` library's core schema resolves it.
    let value: unknown = raw;
    for (const t of load().core) {
      if (t.test.test(raw)) {
        const r = t.resolve(raw, () => undefined, {});
        value = r !== null && typeof r === 'object' ? (r as { value: unknown }).value : r;
        break;
      }
    }
    if (value === null || value === undefined) return { v: { type: 'null', start: s, end: e }, block };
    if (typeof value === 'number' || typeof value === 'bigint') return { v: { type: 'number', start: s, end: e, value: Number(value) }, block };
    if (typeof value === 'boolean') return { v: { type: 'boolean', start: s, end: e, value }, block };
    return { v: { type: 'string', start: s, end: e, value: String(value) }, block };
  }

  /** From where a node's composition opened: past blanks, line breaks, comments and its tag. */
  private contentStart(p: number): number {
    const text = this.text;
    p = this.skipSpace(p);
    while (text.charCodeAt(p) === 33 /* ! */) {
      while (p < text.length && !isWs(text.charCodeAt(p))) p++;
      p = this.skipSpace(p);
    }
    return p;
  }

  private skipSpace(p: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(p);
      if (isWs(c)) p++;
      else if (c === 35 /* # */) {
        const nl = text.indexOf('\n', p);
        p = nl < 0 ? text.length : nl;
      } else return p;
    }
  }

  /** Back over white space and line breaks: where a plain or quoted scalar's content ends. */
  private trimBack(start: number, p: number): number {
    while (p > start && isWs(this.text.charCodeAt(p - 1))) p--;
    return p;
  }

  /** Whether a line break lies between `start` and `end` (only that span is read: a one-line file stays linear). */
  private hasLineBreak(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.text.charCodeAt(i) === LF) return true;
    return false;
  }

  /**
   * A block scalar's range ends after the line break of its last content line, as `yaml`'s does (clip and strip
   * chomping): a line with text at the content's indentation or deeper, or of blanks only that go past it.
   */
  private blockEnd(start: number, close: number): number {
    const text = this.text;
    const headerEnd = text.indexOf('\n', start);
    if (headerEnd < 0 || headerEnd >= close) notFast(); // no content: `yaml` takes the blank lines after the header too
    // Keep chomping (`|+`) and an explicit indentation (`|2`): left to `yaml`.
    if (/[+0-9]/.test(text.slice(start, headerEnd).split('#')[0])) notFast();
    // Blanks on a last line without a line break: `yaml` may count them in the scalar's range.
    if (close >= text.length && /[ \t]$/.test(text)) notFast();
    // The node the scalar belongs to starts on the header's line (`key: |`, `- |`, `- key: |`): its content is deeper.
    const headerLine = text.lastIndexOf('\n', start - 1) + 1;
    let parentIndent = headerLine;
    while (text.charCodeAt(parentIndent) === SPACE || (text.charCodeAt(parentIndent) === 45 /* - */ && text.charCodeAt(parentIndent + 1) === SPACE)) parentIndent++;
    parentIndent -= headerLine;
    let indent = -1;
    let leadingBlank = 0;
    let end = -1;
    for (let ls = headerEnd + 1; ls < close; ) {
      const nl = text.indexOf('\n', ls);
      const next = nl < 0 ? text.length : nl + 1;
      let le = nl < 0 ? text.length : nl;
      if (text.charCodeAt(le - 1) === CR) le--;
      let p = ls;
      while (p < le && text.charCodeAt(p) === SPACE) p++;
      const spaces = p - ls;
      if (p < le) {
        if (indent < 0) {
          indent = spaces;
          // No content (the next node follows), or a leading blank line longer than the indentation (an error for `yaml`).
          if (indent <= parentIndent || leadingBlank > indent) notFast();
        }
        if (spaces < indent) break; // the scalar ended before this line (a comment after it)
        end = next;
      } else if (indent < 0) leadingBlank = Math.max(leadingBlank, spaces);
      else if (spaces > indent) end = next;
      ls = next;
    }
    if (end < 0) notFast();
    return end;
  }
}
