/**
 * HCL / Terraform as positioned trees, through tree-sitter's Terraform grammar
 * (`@tree-sitter-grammars/tree-sitter-hcl`) run by `web-tree-sitter` (WASM: no
 * native build, the same code in VS Code, the language server and the CLI).
 * Tree-sitter recovers from errors, so half-typed text still yields the blocks
 * and attributes around the damage; `hasErrors` / `errors` tell where it was.
 *
 * Values come out as the engine's PNode tree (formats/tree.ts): literals,
 * tuples and objects as themselves, `jsonencode(x)` as x, references
 * (`var.x`, `aws_iam_role.r.arn`) as `unknown` tagged with their text,
 * strings with `${...}` as `unknown` tag "template" holding the literal text
 * in `inner`, other calls and operators as `unknown` tag "expression".
 * Offsets are UTF-16 code units into the text (web-tree-sitter parses JS
 * strings as UTF-16, so its indices are already in those units).
 *
 * Files needed at run time (`initHcl(dir)` looks in `dir`, then next to the
 * bundle, then in node_modules):
 *   tree-sitter.wasm            <- node_modules/web-tree-sitter/tree-sitter.wasm
 *   tree-sitter-terraform.wasm  <- node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm
 */
import fs = require('fs');
import path = require('path');
// `require`, not `import`: esbuild then picks web-tree-sitter's CommonJS build
// (its ESM build reads `import.meta.url`, which a CommonJS bundle lacks).
import TreeSitter = require('web-tree-sitter');
import type { Node as TsNode, Parser as TsParser, Tree as TsTree } from 'web-tree-sitter';
import { parseJsonTree, type PEntry, type PNode, type PString } from './tree';

export interface HclLabel {
  value: string;
  /** Range of the label as written (with its quotes for a quoted label). */
  start: number;
  end: number;
}

export interface HclAttribute {
  name: string;
  nameStart: number;
  nameEnd: number;
  value: PNode;
  start: number;
  end: number;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclBlock {
  /** resource, data, variable, locals, statement, principals, ... */
  type: string;
  labels: HclLabel[];
  start: number;
  end: number;
  typeStart: number;
  typeEnd: number;
  body: HclBody;
}

export interface HclFile {
  blocks: HclBlock[];
  /** Top-level attributes (a .tfvars file is only these). */
  attributes: HclAttribute[];
  hasErrors: boolean;
  /** Where the text did not parse (ERROR nodes) or something was missing (zero-width). */
  errors: Array<{ start: number; end: number }>;
  /** The parse ran out of its time budget (pathological text): nothing was read. */
  timedOut?: boolean;
}

export interface HclParseOptions {
  /** Time budget of the tree-sitter parse in ms (default 1000). */
  timeoutMs?: number;
}

const HCL_WASM_FILES = { runtime: 'tree-sitter.wasm', terraform: 'tree-sitter-terraform.wasm' } as const;

let initPromise: Promise<void> | undefined;
let parser: TsParser | undefined;

/** Where the files sit in node_modules (development, tests run from the source tree). */
const DEV_SPECIFIERS: Record<string, string> = {
  [HCL_WASM_FILES.runtime]: 'web-tree-sitter/tree-sitter.wasm',
  [HCL_WASM_FILES.terraform]: '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
};

function findFile(name: string, wasmDir: string | undefined): string {
  const dirs: string[] = [];
  if (wasmDir) dirs.push(wasmDir);
  if (typeof __dirname === 'string') dirs.push(__dirname);
  for (const d of dirs) {
    const p = path.join(d, name);
    if (fs.existsSync(p)) return p;
  }
  try {
    // A computed specifier: the bundler leaves the lookup to run time.
    return require.resolve(DEV_SPECIFIERS[name], { paths: [...dirs, process.cwd()] });
  } catch {
    throw new Error(`HCL parser: ${name} not found (looked in ${dirs.join(', ') || 'no folder'} and node_modules)`);
  }
}

/**
 * Loads the tree-sitter runtime and the Terraform grammar once. Later calls
 * return the same promise; after a failure the next call tries again.
 * Reads the files from disk itself: nothing is fetched.
 */
export function initHcl(wasmDir?: string): Promise<void> {
  if (initPromise) return initPromise;
  initPromise = (async () => {
    const runtimePath = findFile(HCL_WASM_FILES.runtime, wasmDir);
    const grammarPath = findFile(HCL_WASM_FILES.terraform, wasmDir);
    const wasmBinary = fs.readFileSync(runtimePath);
    await TreeSitter.Parser.init({
      wasmBinary: new Uint8Array(wasmBinary.buffer, wasmBinary.byteOffset, wasmBinary.byteLength),
      locateFile: (file: string) => (file === HCL_WASM_FILES.runtime ? runtimePath : path.join(path.dirname(runtimePath), file)),
    });
    const grammar = fs.readFileSync(grammarPath);
    const language = await TreeSitter.Language.load(new Uint8Array(grammar.buffer, grammar.byteOffset, grammar.byteLength));
    const p = new TreeSitter.Parser();
    p.setLanguage(language);
    parser = p;
  })();
  initPromise.catch(() => {
    initPromise = undefined;
  });
  return initPromise;
}

export function isHclReady(): boolean {
  return parser !== undefined;
}

/** The text's blocks and attributes; undefined until `initHcl` has resolved. Never throws on bad text. */
export function parseHcl(text: string, options: HclParseOptions = {}): HclFile | undefined {
  if (!parser) return undefined;
  const p = parser;
  let tree: TsTree | null = null;
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 1000);
    let timedOut = false;
    tree = p.parse(text, null, {
      // Returning true cancels the parse (the typings say void).
      progressCallback: () => (timedOut = Date.now() > deadline),
    });
    if (!tree) {
      p.reset(); // a cancelled parse would otherwise resume on the next call
      return { blocks: [], attributes: [], hasErrors: true, errors: [{ start: 0, end: text.length }], timedOut: timedOut || undefined };
    }
    const root = tree.rootNode;
    const out: HclFile = { blocks: [], attributes: [], hasErrors: root.hasError, errors: [] };
    const conv = new Converter(text, root.hasError);
    for (const c of root.children.filter(isNode)) {
      if (c.type === 'body') conv.body(c, out, 0);
      else if (c.type === 'ERROR') conv.body(c, out, 0);
    }
    if (root.hasError) {
      out.blocks = conv.hoistFromUnclosed(out.blocks);
      collectErrors(root, out.errors);
    }
    return out;
  } catch {
    // A parser failure must not take the checks down: report the file as unparsed.
    return { blocks: [], attributes: [], hasErrors: true, errors: [{ start: 0, end: text.length }] };
  } finally {
    tree?.delete();
  }
}

function collectErrors(n: TsNode, out: Array<{ start: number; end: number }>): void {
  if (out.length >= 100) return;
  if (n.isError) {
    out.push({ start: n.startIndex, end: n.endIndex });
    return;
  }
  if (n.isMissing) {
    out.push({ start: n.startIndex, end: n.endIndex });
    return;
  }
  if (!n.hasError) return;
  for (const c of n.children.filter(isNode)) collectErrors(c, out);
}

function isNode(n: TsNode | null): n is TsNode {
  return n !== null;
}

const MAX_DEPTH = 200;
/** Terraform blocks that only stand at the top level of a file. */
const TOP_LEVEL_ONLY = new Set(['resource', 'data', 'variable', 'output', 'locals', 'module', 'provider', 'terraform', 'moved', 'import', 'removed']);
const REFERENCE_SUFFIX = new Set(['get_attr', 'index', 'splat']);

class Converter {
  /**
   * @param damaged whether the tree holds any error: a clean tree skips the
   * per-node error checks (each is a call into WASM).
   */
  constructor(
    private readonly text: string,
    private readonly damaged: boolean,
  ) {}

  /** Blocks whose closing brace is missing (half-typed). */
  private readonly unclosed = new WeakSet<HclBlock>();

  /**
   * A half-typed `resource "x" "y" {` swallows every block after it (blocks
   * nest, so the parser closes it at the end of the file). Top-level-only
   * blocks (`resource`, `data`, ...) inside an unclosed block are put back at
   * the top level, right after it, and the unclosed block ends where they begin.
   */
  hoistFromUnclosed(blocks: HclBlock[]): HclBlock[] {
    const out: HclBlock[] = [];
    for (const b of blocks) {
      out.push(b);
      if (this.unclosed.has(b)) out.push(...this.hoistFromUnclosed(this.pullOut(b)));
    }
    return out;
  }

  private pullOut(b: HclBlock): HclBlock[] {
    const pulled: HclBlock[] = [];
    const keep: HclBlock[] = [];
    for (const c of b.body.blocks) {
      if (TOP_LEVEL_ONLY.has(c.type)) pulled.push(c);
      else {
        keep.push(c);
        if (this.unclosed.has(c)) pulled.push(...this.pullOut(c));
      }
    }
    if (pulled.length) {
      b.body.blocks = keep;
      let end = pulled[0].start;
      while (end > b.start && /\s/.test(this.text[end - 1])) end--;
      b.end = Math.min(b.end, end);
    }
    return pulled;
  }

  /** Attributes and blocks of a body (or of an ERROR node standing where a body was). */
  body(n: TsNode, out: HclBody, depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (const c of n.children.filter(isNode)) {
      switch (c.type) {
        case 'attribute': {
          const a = this.attribute(c, depth);
          if (a) out.attributes.push(a);
          break;
        }
        case 'block': {
          const b = this.block(c, depth);
          if (b) out.blocks.push(b);
          break;
        }
        case 'body':
        case 'ERROR':
          // Recovery: keep whatever complete attributes and blocks the damaged part holds.
          this.body(c, out, depth + 1);
          break;
      }
    }
  }

  attribute(n: TsNode, depth: number): HclAttribute | undefined {
    let name: TsNode | undefined;
    let expr: TsNode | undefined;
    let sawEquals = false;
    const checkErrors = this.damaged && n.hasError;
    for (const c of n.children.filter(isNode)) {
      const t = c.type;
      if (checkErrors && (t === 'ERROR' || c.isMissing)) return undefined; // `name "x"`: not an attribute yet
      if (t === 'identifier' && !name) name = c;
      else if (t === '=') sawEquals = true;
      else if (t === 'expression') expr = c;
    }
    if (!name || !expr || !sawEquals) return undefined;
    return {
      name: name.text,
      nameStart: name.startIndex,
      nameEnd: name.endIndex,
      value: this.expression(expr, depth + 1),
      start: n.startIndex,
      end: n.endIndex,
    };
  }

  block(n: TsNode, depth: number): HclBlock | undefined {
    const kids = n.children.filter(isNode);
    const head = kids[0];
    if (!head || head.type !== 'identifier') return undefined;
    const labels: HclLabel[] = [];
    const body: HclBody = { attributes: [], blocks: [] };
    for (let i = 1; i < kids.length; i++) {
      const c = kids[i];
      const t = c.type;
      if (t === 'string_lit') labels.push({ value: this.stringLit(c), start: c.startIndex, end: c.endIndex });
      else if (t === 'identifier') labels.push({ value: c.text, start: c.startIndex, end: c.endIndex });
      else if (t === 'body' || t === 'ERROR') this.body(c, body, depth + 1);
    }
    const b: HclBlock = { type: head.text, labels, start: n.startIndex, end: n.endIndex, typeStart: head.startIndex, typeEnd: head.endIndex, body };
    if (this.damaged && n.hasError) {
      const last = kids[kids.length - 1];
      if (!last || last.type !== 'block_end' || last.hasError) this.unclosed.add(b); // block_end holds a MISSING "}"
    }
    return b;
  }

  expression(n: TsNode, depth: number): PNode {
    const start = n.startIndex;
    const end = n.endIndex;
    if (depth > MAX_DEPTH || (this.damaged && n.hasError)) return { type: 'unknown', start, end, tag: 'expression' };
    const kids = n.children.filter(isNode);
    if (kids.length === 1) return this.term(kids[0], depth);
    if (kids.length >= 2 && kids[0].type === 'variable_expr' && kids.slice(1).every((k) => REFERENCE_SUFFIX.has(k.type))) {
      return { type: 'unknown', start, end, tag: this.text.slice(start, end).replace(/\s+/g, '') };
    }
    if (kids.length === 3 && kids[0].type === '(' && kids[1].type === 'expression' && kids[2].type === ')') {
      return this.expression(kids[1], depth + 1);
    }
    return { type: 'unknown', start, end, tag: 'expression' };
  }

  term(n: TsNode, depth: number): PNode {
    const start = n.startIndex;
    const end = n.endIndex;
    switch (n.type) {
      case 'literal_value':
        return n.firstChild ? this.literal(n.firstChild) : { type: 'unknown', start, end, tag: 'expression' };
      case 'template_expr': {
        const t = n.firstChild;
        if (t?.type === 'quoted_template') return this.quotedTemplate(t);
        if (t?.type === 'heredoc_template') return this.heredoc(t);
        return { type: 'unknown', start, end, tag: 'expression' };
      }
      case 'collection_value': {
        const c = n.firstChild;
        if (c?.type === 'tuple') return this.tuple(c, depth);
        if (c?.type === 'object') return this.object(c, depth);
        return { type: 'unknown', start, end, tag: 'expression' };
      }
      case 'variable_expr':
        return { type: 'unknown', start, end, tag: n.text };
      case 'function_call': {
        const name = n.firstChild;
        if (name?.text === 'jsonencode') {
          const args = n.children.filter(isNode).find((c) => c.type === 'function_arguments');
          const exprs = args ? args.children.filter(isNode).filter((c) => c.type === 'expression') : [];
          if (exprs.length === 1 && !args?.children.filter(isNode).some((c) => c.type === 'ellipsis')) return this.expression(exprs[0], depth + 1);
        }
        return { type: 'unknown', start, end, tag: 'expression' };
      }
      default:
        return { type: 'unknown', start, end, tag: 'expression' };
    }
  }

  literal(n: TsNode): PNode {
    const start = n.startIndex;
    const end = n.endIndex;
    switch (n.type) {
      case 'numeric_lit': {
        const v = Number(n.text);
        return Number.isFinite(v) ? { type: 'number', start, end, value: v } : { type: 'unknown', start, end, tag: 'expression' };
      }
      case 'bool_lit':
        return { type: 'boolean', start, end, value: n.text === 'true' };
      case 'null_lit':
        return { type: 'null', start, end };
      case 'string_lit':
        return { type: 'string', start, end, value: this.stringLit(n) };
      default:
        return { type: 'unknown', start, end, tag: 'expression' };
    }
  }

  /** The value of a quoted string without interpolation (read from the text: no child nodes needed). */
  stringLit(n: TsNode): string {
    const start = n.startIndex;
    let end = n.endIndex;
    if (end > start + 1 && this.text.charCodeAt(end - 1) === 0x22 /* " */) end--;
    return decodeQuoted(this.text.slice(start + 1, end)).value;
  }

  /** `"..."` possibly with `${...}` / `%{...}`: a string, or an unknown template holding the literal text. */
  quotedTemplate(n: TsNode): PNode {
    const start = n.startIndex;
    const end = n.endIndex;
    let value = '';
    let dynamic = false;
    for (const c of n.children.filter(isNode)) {
      if (c.type === 'template_literal') value += decodeQuoted(c.text).value;
      else if (c.type === 'template_interpolation' || c.type === 'template_directive') {
        dynamic = true;
        value += c.text;
      }
    }
    const str: PString = { type: 'string', start, end, value };
    return dynamic ? { type: 'unknown', start, end, tag: 'template', inner: str } : str;
  }

  /** `<<EOF` / `<<-EOF`: the text between the marker lines (indentation stripped for `<<-`). */
  heredoc(n: TsNode): PNode {
    const start = n.startIndex;
    const end = n.endIndex;
    const kids = n.children.filter(isNode);
    const strip = kids[0]?.text === '<<-';
    const dynamic = kids.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive');
    const span = heredocBody(this.text, start, end);
    let value = span ? this.text.slice(span.start, span.end) : '';
    if (strip) value = stripIndent(value);
    // Heredocs take no backslash escapes; only `$${` and `%%{` stand for themselves.
    if (!dynamic) value = value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    const str: PString = { type: 'string', start, end, value };
    return dynamic ? { type: 'unknown', start, end, tag: 'template', inner: str } : str;
  }

  tuple(n: TsNode, depth: number): PNode {
    const items: PNode[] = [];
    for (const c of n.children.filter(isNode)) if (c.type === 'expression') items.push(this.expression(c, depth + 1));
    return { type: 'array', start: n.startIndex, end: n.endIndex, items };
  }

  object(n: TsNode, depth: number): PNode {
    const entries: PEntry[] = [];
    for (const el of n.children.filter(isNode)) {
      if (el.type !== 'object_elem') continue;
      const k = el.childForFieldName('key');
      const v = el.childForFieldName('val');
      if (!k || !v) continue;
      const key = this.objectKey(k);
      if (key === undefined) continue;
      entries.push({ key, keyStart: k.startIndex, keyEnd: k.endIndex, value: this.expression(v, depth + 1) });
    }
    return { type: 'object', start: n.startIndex, end: n.endIndex, entries };
  }

  /** `Version = ...` or `"Version" = ...`; computed keys (`(var.k) = ...`) are skipped. */
  objectKey(k: TsNode): string | undefined {
    const kids = k.children.filter(isNode);
    if (kids.length !== 1) return undefined;
    const t = kids[0];
    if (t.type === 'variable_expr') return t.text;
    if (t.type === 'literal_value' && t.firstChild?.type === 'string_lit') return this.stringLit(t.firstChild);
    if (t.type === 'template_expr' && t.firstChild?.type === 'quoted_template') {
      const v = this.quotedTemplate(t.firstChild);
      return v.type === 'string' ? v.value : undefined;
    }
    return undefined;
  }
}

/** Body of a heredoc written at [start, end): from the line after `<<EOF` to the start of the closing marker's line. */
function heredocBody(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const nl = text.indexOf('\n', start);
  if (nl < 0 || nl >= end) return undefined;
  const bodyStart = nl + 1;
  let lineStart = end;
  while (lineStart > bodyStart && text[lineStart - 1] !== '\n') lineStart--;
  if (lineStart < bodyStart) lineStart = bodyStart;
  return { start: bodyStart, end: lineStart };
}

function stripIndent(s: string): string {
  const lines = s.split('\n');
  let min = Infinity;
  for (const l of lines) {
    if (l.trim() === '') continue;
    const m = /^[ \t]*/.exec(l)![0].length;
    if (m < min) min = m;
  }
  if (!Number.isFinite(min) || min === 0) return s;
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
}

/**
 * A quoted HCL string's raw text decoded (`\n`, `\"`, `\uXXXX`, `$${`...), with
 * `map[i]` = offset in the raw text of decoded character i (map has one extra
 * entry for the end).
 */
function decodeQuoted(raw: string): { value: string; map: number[] } {
  let value = '';
  const map: number[] = [];
  let i = 0;
  const push = (s: string, at: number) => {
    for (let k = 0; k < s.length; k++) map.push(at);
    value += s;
  };
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      const e = raw[i + 1];
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (e in simple) {
        push(simple[e], i);
        i += 2;
        continue;
      }
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
        push(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), i);
        i += 6;
        continue;
      }
      if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(raw.slice(i + 2, i + 10))) {
        const cp = parseInt(raw.slice(i + 2, i + 10), 16);
        push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i);
        i += 10;
        continue;
      }
    }
    if ((ch === '$' || ch === '%') && raw[i + 1] === ch && raw[i + 2] === '{') {
      push(ch + '{', i);
      i += 3;
      continue;
    }
    push(ch, i);
    i++;
  }
  map.push(raw.length);
  return { value, map };
}

/**
 * JSON written inside a Terraform string, as a tree whose offsets point into
 * the .tf text: a heredoc (`<<EOF {...} EOF`) or a quoted string
 * (`"{\"Version\": ...}"`, escapes mapped back). Pass the string node, or the
 * `inner` string of a "template" unknown. JSON strings holding `${...}`
 * become `unknown` tag "template" (inner: the string). Undefined when the text
 * is not a JSON object or array. Parsing is tolerant: a half-typed body gives
 * what could be read.
 */
export function parseEmbeddedJson(node: PString | PNode, text: string): PNode | undefined {
  const s = node.type === 'string' ? node : node.type === 'unknown' && node.inner?.type === 'string' ? node.inner : undefined;
  if (!s) return undefined;
  let root: PNode | undefined;
  if (text.startsWith('<<', s.start)) {
    const span = heredocBody(text, s.start, s.end);
    if (!span) return undefined;
    root = parseJsonTree(text.slice(span.start, span.end), span.start).root;
  } else if (text[s.start] === '"' && s.end - s.start >= 2) {
    const rawStart = s.start + 1;
    const raw = text.slice(rawStart, text[s.end - 1] === '"' ? s.end - 1 : s.end);
    const { value, map } = decodeQuoted(raw);
    const parsed = parseJsonTree(value, 0).root;
    root = parsed ? remap(parsed, (o) => rawStart + map[Math.max(0, Math.min(o, map.length - 1))]) : undefined;
  } else {
    return undefined;
  }
  if (!root || (root.type !== 'object' && root.type !== 'array')) return undefined;
  return markTemplates(root);
}

function remap(n: PNode, f: (o: number) => number): PNode {
  const start = f(n.start);
  const end = f(n.end);
  switch (n.type) {
    case 'object':
      return { ...n, start, end, entries: n.entries.map((e) => ({ key: e.key, keyStart: f(e.keyStart), keyEnd: f(e.keyEnd), value: remap(e.value, f) })) };
    case 'array':
      return { ...n, start, end, items: n.items.map((i) => remap(i, f)) };
    case 'unknown':
      return { ...n, start, end, inner: n.inner ? remap(n.inner, f) : undefined };
    default:
      return { ...n, start, end };
  }
}

const INTERPOLATION = /(^|[^$%])[$%]\{/;

function markTemplates(n: PNode): PNode {
  switch (n.type) {
    case 'object':
      return { ...n, entries: n.entries.map((e) => ({ ...e, value: markTemplates(e.value) })) };
    case 'array':
      return { ...n, items: n.items.map(markTemplates) };
    case 'unknown':
      return n.inner ? { ...n, inner: markTemplates(n.inner) } : n;
    case 'string':
      return INTERPOLATION.test(n.value) ? { type: 'unknown', start: n.start, end: n.end, tag: 'template', inner: n } : n;
    default:
      return n;
  }
}
