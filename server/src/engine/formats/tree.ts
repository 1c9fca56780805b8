/**
 * One positioned value tree for every structured format (JSON/JSONC, YAML,
 * HCL). Families read policies, manifests and templates through it without
 * caring which syntax they came from. Offsets are into the document text
 * (UTF-16 code units, as everywhere in the engine).
 *
 * Values that cannot be known statically (CloudFormation intrinsics such as
 * `!Ref` / `{"Fn::Sub": ...}`, Terraform variable references and
 * expressions) are `unknown` nodes: families judge what is known and never
 * guess an unknown as narrow.
 */
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { parseYamlDocuments } from './yaml';

interface Span {
  start: number;
  end: number;
}

export interface PObject extends Span {
  type: 'object';
  entries: PEntry[];
}
export interface PArray extends Span {
  type: 'array';
  items: PNode[];
}
export interface PString extends Span {
  type: 'string';
  value: string;
}
export interface PNumber extends Span {
  type: 'number';
  value: number;
}
export interface PBoolean extends Span {
  type: 'boolean';
  value: boolean;
}
export interface PNull extends Span {
  type: 'null';
}
/** A value that is not known statically: an intrinsic function, a variable, an expression. */
export interface PUnknown extends Span {
  type: 'unknown';
  /** What it is, when known: "!Ref", "Fn::Sub", "var.x", "expression". */
  tag?: string;
  /** The inner value of a tagged node (`!Sub "arn:...${X}"` holds the string). */
  inner?: PNode;
  /** A one-entry map read as an intrinsic (`{"Ref": "X"}`, `Condition: ...`): the entry as written. */
  entry?: PEntry;
}
export type PNode = (PObject | PArray | PString | PNumber | PBoolean | PNull | PUnknown) & {
  /** Set on a YAML alias (`*name`): the anchor's value, placed where the alias is written. */
  alias?: true;
};

export interface PEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: PNode;
}

export function entry(node: PNode | undefined, key: string): PEntry | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const e of node.entries) if (e.key === key) return e;
  return undefined;
}

export function get(node: PNode | undefined, key: string): PNode | undefined {
  return entry(node, key)?.value;
}

export function getPath(node: PNode | undefined, keys: readonly string[]): PNode | undefined {
  let cur = node;
  for (const k of keys) {
    cur = get(cur, k);
    if (!cur) return undefined;
  }
  return cur;
}

/** A string value, or undefined for anything else. */
export function str(node: PNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

/** A scalar or list of scalars as a list (IAM's `"Action": "s3:GetObject"` or `[...]`). */
export function asList(node: PNode | undefined): PNode[] {
  // null where a list goes is no list (`egress: null`, `matchExpressions: null`), never a list of one null item.
  if (!node || node.type === 'null') return [];
  return node.type === 'array' ? node.items : [node];
}

/** The plain JavaScript value of a node; unknown nodes become undefined. */
export function toPlain(node: PNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of node.entries) o[e.key] = toPlain(e.value);
      return o;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'unknown':
      return undefined;
  }
}

// ---- JSON / JSONC ----------------------------------------------------------

/** CloudFormation intrinsic functions in JSON form. */
export const CFN_FUNCTIONS = /^(Ref|Condition|Fn::[A-Za-z]+)$/;

export interface JsonParse {
  root?: PNode;
  errors: Array<{ offset: number; length: number; code: number }>;
  /** Budgets the input went past (depth): what was left out, where. */
  notes?: TreeNote[];
}

// ---- budgets -----------------------------------------------------------------

/**
 * Limits on what one document may cost, whatever its text: nesting depth, and the nodes aliases stand for
 * (a 300-byte YAML "billion laughs" stands for millions). Past a limit the value is an `unknown` node (tag
 * `too-deep` or `alias`) and a note says so; everything before it, and every line-local check, still runs.
 */
export const TREE_LIMITS = {
  /** Nesting deeper than this is cut (real configuration nests a few dozen levels at most). */
  maxDepth: 128,
  /** Nodes all the aliases of one document may stand for, together (each expansion counts its size). */
  maxAliasNodes: 100_000,
  /** Keys of one map, items of one list: past this the rest is not read (a note says how many). */
  maxEntries: 50_000,
};

/** The entries of one map or list that are read: all, or the first `maxEntries` and a note saying how many there were. */
function withinEntries<T>(items: T[], notes: TreeNote[], start: number, end: number): T[] {
  if (items.length <= TREE_LIMITS.maxEntries) return items;
  notes.push({ message: `A map or list of ${items.length.toLocaleString('en-US')} entries: only the first ${TREE_LIMITS.maxEntries.toLocaleString('en-US')} are read by the structural checks (line-local checks, secrets included, still ran on the text)`, start, end });
  return items.slice(0, TREE_LIMITS.maxEntries);
}

/** A budget the input went past: what was left out, where (offsets into the text). */
export interface TreeNote {
  message: string;
  start: number;
  end: number;
}

function depthNote(start: number, end: number): TreeNote {
  return { message: `Nesting deeper than ${TREE_LIMITS.maxDepth} levels is not read: structural checks treat what is below as unknown (line-local checks, secrets included, still ran on the text)`, start, end };
}

export function parseJsonTree(text: string, offsetBase = 0): JsonParse {
  const errors: ParseError[] = [];
  const notes: TreeNote[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch {
    // Nesting deep enough to exhaust the parser's stack: no structure, said once.
    notes.push({ ...depthNote(offsetBase, offsetBase + Math.min(text.length, 1)), message: 'The JSON nests too deeply to be read: structural checks skipped this file (line-local checks, secrets included, still ran on the text)' });
    tree = undefined;
  }
  const root = tree ? fromJson(tree, { base: offsetBase, notes, depthNoted: false }, 0) : undefined;
  return { root, errors: errors.map((e) => ({ offset: e.offset + offsetBase, length: e.length, code: e.error })), ...(notes.length ? { notes } : {}) };
}

interface JsonBuild {
  base: number;
  notes: TreeNote[];
  depthNoted: boolean;
}

function fromJson(n: JsonNode, b: JsonBuild, depth: number): PNode {
  const { base } = b;
  const start = n.offset + base;
  const end = n.offset + n.length + base;
  if (depth > TREE_LIMITS.maxDepth && (n.type === 'object' || n.type === 'array')) {
    if (!b.depthNoted) {
      b.depthNoted = true;
      b.notes.push(depthNote(start, end));
    }
    return { type: 'unknown', start, end, tag: 'too-deep' };
  }
  switch (n.type) {
    case 'object': {
      const entries: PEntry[] = [];
      for (const p of withinEntries(n.children ?? [], b.notes, start, end)) {
        const [k, v] = p.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        entries.push({
          key: k.value,
          keyStart: k.offset + base,
          keyEnd: k.offset + k.length + base,
          value: v ? fromJson(v, b, depth + 1) : { type: 'null', start: k.offset + k.length + base, end: k.offset + k.length + base },
        });
      }
      // {"Ref": "X"} and {"Fn::Sub": ...}: a value only known at deploy time.
      if (entries.length === 1 && CFN_FUNCTIONS.test(entries[0].key)) {
        return { type: 'unknown', start, end, tag: entries[0].key, inner: entries[0].value, entry: entries[0] };
      }
      return { type: 'object', start, end, entries };
    }
    case 'array':
      return { type: 'array', start, end, items: withinEntries(n.children ?? [], b.notes, start, end).map((c) => fromJson(c, b, depth + 1)) };
    case 'string':
      return { type: 'string', start, end, value: String(n.value) };
    case 'number':
      return { type: 'number', start, end, value: Number(n.value) };
    case 'boolean':
      return { type: 'boolean', start, end, value: Boolean(n.value) };
    default:
      return { type: 'null', start, end };
  }
}

// ---- YAML ------------------------------------------------------------------

/**
 * A YAML document's contents as a positioned tree. CloudFormation short-form
 * tags (`!Ref`, `!Sub`, `!GetAtt`, ...) are kept as unknown nodes holding
 * their inner value; other custom tags (`!include`) likewise.
 */
export function fromYaml(doc: Document.Parsed, notes?: TreeNote[], base = 0, text?: string): PNode | undefined {
  if (!doc.contents) return undefined;
  const b: YamlBuild = { doc, aliasNodes: 0, converted: new Map(), notes: notes ?? [], aliasNoted: false, depthNoted: false, base, text };
  return fromYamlNode(doc.contents as YamlNode, b, 0).node;
}

/**
 * Where a YAML value's line ends: past trailing blanks, a comment on the same line and its line break (for an empty
 * value, only past a comment). A block collection ends where its last value's line does: the comment lines after
 * it are not part of it, whatever their indentation (the `yaml` library counts some of them in, depending on what
 * came before; both YAML readers, tree.ts's and formats/yamlFast.ts, end collections this way).
 */
export function lineEnd(text: string, e: number, empty: boolean): number {
  let p = e;
  while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
  if (p >= text.length) return p;
  if (text.charCodeAt(p) === 35) {
    const nl = text.indexOf('\n', p);
    return nl < 0 ? text.length : nl + 1;
  }
  if (empty) return e;
  if (text.charCodeAt(p) === 13 && text.charCodeAt(p + 1) === 10) return p + 2;
  if (text.charCodeAt(p) === 10) return p + 1;
  return e;
}

/**
 * Where a YAML block that ends at `end` ends with the comment lines right after it that are indented deeper than
 * `indent` (commented-out entries of the block, `  # - name: other` after a list): the end of the last such line
 * (before its line break), or `end`. Blank lines between count only when such a comment follows. A fix that inserts
 * after the block, or replaces it, goes past them, so they stay with the block (collections end at their last value's
 * line: lineEnd).
 */
export function withCommentsAfter(text: string, end: number, indent: number): number {
  let out = end;
  let ls = end > 0 && text.charCodeAt(end - 1) !== 10 ? text.indexOf('\n', end) + 1 : end;
  while (ls > 0 && ls < text.length) {
    const nl = text.indexOf('\n', ls);
    let le = nl < 0 ? text.length : nl;
    let q = ls;
    while (q < le && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
    if (text.charCodeAt(le - 1) === 13) le--;
    if (q < le) {
      if (text.charCodeAt(q) !== 35 || q - ls <= indent) break;
      out = le;
    }
    if (nl < 0) break;
    ls = nl + 1;
  }
  return out;
}

interface YamlBuild {
  /** Added to every offset (a piece of a larger text, built in place instead of shifted after). */
  base: number;
  /** The parsed text: block collections end at their last value's line (lineEnd); without it, where `yaml` ends them. */
  text?: string;
  doc: Document.Parsed;
  /** Nodes the aliases expanded so far stand for. */
  aliasNodes: number;
  /** Anchored nodes already converted, with their size: an alias reuses the tree instead of building it again. */
  converted: Map<YamlNode, Built>;
  notes: TreeNote[];
  aliasNoted: boolean;
  depthNoted: boolean;
}
interface Built {
  node: PNode;
  /** Nodes in the tree (as its readers see it, aliases expanded). */
  size: number;
  /** Where the value's line ends (lineEnd), offset into the parsed text; only with the text. */
  line?: number;
}

function fromYamlNode(n: YamlNode | null | undefined, b: YamlBuild, depth: number): Built {
  if (!n) return { node: { type: 'null', start: 0, end: 0 }, size: 1 };
  const r = n.range ?? [0, 0, 0];
  const start = r[0] + b.base;
  let end = r[1] + b.base;
  const text = b.text;
  if (isAlias(n)) {
    const line = text === undefined ? undefined : lineEnd(text, r[1], false);
    const target = n.resolve(b.doc) as YamlNode | undefined;
    let resolved = target ? b.converted.get(target) : undefined;
    if (target && !resolved && depth <= TREE_LIMITS.maxDepth) resolved = fromYamlNode(target, b, depth + 1);
    if (resolved && b.aliasNodes + resolved.size <= TREE_LIMITS.maxAliasNodes) {
      b.aliasNodes += resolved.size;
      // An alias stands where it is written; its value is the anchor's (the same tree, shared).
      return { node: { ...resolved.node, start, end, alias: true } as PNode, size: resolved.size, line };
    }
    if (resolved && !b.aliasNoted) {
      b.aliasNoted = true;
      b.notes.push({ message: `Alias *${n.source} is not expanded: this document's aliases already stand for more than ${TREE_LIMITS.maxAliasNodes.toLocaleString('en-US')} values (an alias bomb?). Checks treat it and later such aliases as unknown; line-local checks still ran`, start, end });
    }
    return { node: { type: 'unknown', start, end, tag: 'alias' }, size: 1, line };
  }
  if (depth > TREE_LIMITS.maxDepth && (isMap(n) || isSeq(n))) {
    if (!b.depthNoted) {
      b.depthNoted = true;
      b.notes.push(depthNote(start, end));
    }
    return { node: { type: 'unknown', start, end, tag: 'too-deep' }, size: 1, line: text === undefined ? undefined : lineEnd(text, r[1], false) };
  }
  const tag = (n as { tag?: string }).tag;
  const custom = tag && tag.startsWith('!') && !tag.startsWith('!!') ? tag : undefined;
  let value: PNode;
  let size = 1;
  let line: number | undefined;
  if (isMap(n)) {
    const entries: PEntry[] = [];
    // A block map ends at its last value's line (lineEnd); undefined when that value is not read (its key is not).
    let last: number | undefined;
    for (const item of withinEntries(n.items, b.notes, start, end)) {
      last = undefined;
      if (!isPair(item)) continue;
      const k = item.key as YamlNode | null;
      if (!isScalar(k) || k.value === null || k.value === undefined) continue;
      const kr = k.range ? [k.range[0] + b.base, k.range[1] + b.base] : [start, start];
      const v = item.value as YamlNode | null;
      const built = v ? fromYamlNode(v, b, depth + 1) : { node: { type: 'null', start: kr[1], end: kr[1] } as PNode, size: 1, line: text === undefined ? undefined : lineEnd(text, kr[1] - b.base, true) };
      size += built.size;
      last = built.line;
      entries.push({ key: String(k.value), keyStart: kr[0], keyEnd: kr[1], value: built.node });
    }
    if (n.flow) line = text === undefined ? undefined : lineEnd(text, r[1], false);
    else if (last !== undefined) end = (line = last) + b.base;
    value = { type: 'object', start, end, entries };
    if (!custom && entries.length === 1 && CFN_FUNCTIONS.test(entries[0].key)) {
      value = { type: 'unknown', start, end, tag: entries[0].key, inner: entries[0].value, entry: entries[0] };
    }
  } else if (isSeq(n)) {
    const items: PNode[] = [];
    let last: number | undefined;
    for (const i of withinEntries(n.items, b.notes, start, end)) {
      const built = fromYamlNode(i as YamlNode, b, depth + 1);
      size += built.size;
      last = built.line;
      items.push(built.node);
    }
    if (n.flow) line = text === undefined ? undefined : lineEnd(text, r[1], false);
    else if (last !== undefined) end = (line = last) + b.base;
    value = { type: 'array', start, end, items };
  } else if (isScalar(n)) {
    const v = n.value;
    if (text !== undefined) line = n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED' ? r[1] : lineEnd(text, r[1], r[0] === r[1]);
    if (typeof v === 'string') value = { type: 'string', start, end, value: v };
    else if (typeof v === 'number' || typeof v === 'bigint') value = { type: 'number', start, end, value: Number(v) };
    else if (typeof v === 'boolean') value = { type: 'boolean', start, end, value: v };
    else if (v === null || v === undefined) value = { type: 'null', start, end };
    else value = { type: 'string', start, end, value: String(v) };
  } else {
    value = { type: 'unknown', start, end };
  }
  if (custom) value = { type: 'unknown', start, end, tag: custom, inner: value };
  const built = { node: value, size, line };
  if ((n as { anchor?: string }).anchor) b.converted.set(n, built);
  return built;
}

/** A copy of a tree with every offset moved by `by` (a YAML document parsed on its own, placed in its file). */
export function shiftTree(node: PNode, by: number): PNode {
  if (by === 0) return node;
  switch (node.type) {
    case 'object':
      return {
        ...node,
        start: node.start + by,
        end: node.end + by,
        entries: node.entries.map((e) => ({ key: e.key, keyStart: e.keyStart + by, keyEnd: e.keyEnd + by, value: shiftTree(e.value, by) })),
      };
    case 'array':
      return { ...node, start: node.start + by, end: node.end + by, items: node.items.map((i) => shiftTree(i, by)) };
    case 'unknown': {
      if (node.entry) {
        const e = node.entry;
        const entry = { key: e.key, keyStart: e.keyStart + by, keyEnd: e.keyEnd + by, value: shiftTree(e.value, by) };
        return { ...node, start: node.start + by, end: node.end + by, inner: entry.value, entry };
      }
      return { ...node, start: node.start + by, end: node.end + by, ...(node.inner ? { inner: shiftTree(node.inner, by) } : {}) };
    }
    default:
      return { ...node, start: node.start + by, end: node.end + by };
  }
}

// ---- trees of a text ----------------------------------------------------------

/** A document a reader can take trees from: a DocumentContext (its cached parse, shared by the families). */
export interface TreeSource {
  readonly text: string;
  trees(): PNode[];
}

/**
 * The positioned tree of each YAML document of a whole text (undefined for an empty one): the parser
 * DocumentContext uses, for text-in functions that have no context.
 */
export function yamlTrees(text: string): Array<PNode | undefined> {
  return parseYamlDocuments(text).map(({ doc }) => {
    try {
      return fromYaml(doc, undefined, 0, text);
    } catch {
      return undefined;
    }
  });
}

/** JSON when the text starts with `{` or `[` (after white space), else YAML: the text-in functions' rule. */
function looksLikeJson(text: string): boolean {
  return /^\s*[[{]/.test(text);
}

/** The trees of a bare text (tests, text-in functions of the public API): the JSON root, or one per YAML document. */
export function treesOfText(text: string): Array<PNode | undefined> {
  return looksLikeJson(text) ? [parseJsonTree(text).root] : yamlTrees(text);
}

/** A caller's DocumentContext as it is, or a bare text with its trees (parsed once, when first asked). */
export function treeSource(src: string | TreeSource): TreeSource {
  if (typeof src !== 'string') return src;
  let trees: PNode[] | undefined;
  return { text: src, trees: () => (trees ??= treesOfText(src).filter((t): t is PNode => !!t)) };
}
