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
}
export type PNode = PObject | PArray | PString | PNumber | PBoolean | PNull | PUnknown;

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

export function getPath(node: PNode | undefined, keys: string[]): PNode | undefined {
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
  if (!node) return [];
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
const CFN_FUNCTIONS = /^(Ref|Condition|Fn::[A-Za-z]+)$/;

export interface JsonParse {
  root?: PNode;
  errors: Array<{ offset: number; length: number; code: number }>;
}

export function parseJsonTree(text: string, offsetBase = 0): JsonParse {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  return { root: tree ? fromJson(tree, offsetBase) : undefined, errors: errors.map((e) => ({ offset: e.offset + offsetBase, length: e.length, code: e.error })) };
}

function fromJson(n: JsonNode, base: number): PNode {
  const start = n.offset + base;
  const end = n.offset + n.length + base;
  switch (n.type) {
    case 'object': {
      const entries: PEntry[] = [];
      for (const p of n.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k || typeof k.value !== 'string') continue;
        entries.push({
          key: k.value,
          keyStart: k.offset + base,
          keyEnd: k.offset + k.length + base,
          value: v ? fromJson(v, base) : { type: 'null', start: k.offset + k.length + base, end: k.offset + k.length + base },
        });
      }
      // {"Ref": "X"} and {"Fn::Sub": ...}: a value only known at deploy time.
      if (entries.length === 1 && CFN_FUNCTIONS.test(entries[0].key)) {
        return { type: 'unknown', start, end, tag: entries[0].key, inner: entries[0].value };
      }
      return { type: 'object', start, end, entries };
    }
    case 'array':
      return { type: 'array', start, end, items: (n.children ?? []).map((c) => fromJson(c, base)) };
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
export function fromYaml(doc: Document.Parsed): PNode | undefined {
  return doc.contents ? fromYamlNode(doc.contents as YamlNode, doc) : undefined;
}

function fromYamlNode(n: YamlNode | null | undefined, doc: Document.Parsed, depth = 0): PNode {
  if (!n || depth > 200) return { type: 'null', start: 0, end: 0 };
  if (isAlias(n)) {
    const target = n.resolve(doc);
    const r = n.range ?? [0, 0, 0];
    const resolved = target ? fromYamlNode(target as YamlNode, doc, depth + 1) : undefined;
    // An alias stands where it is written; its value is the anchor's.
    return resolved ? ({ ...resolved, start: r[0], end: r[1] } as PNode) : { type: 'unknown', start: r[0], end: r[1], tag: 'alias' };
  }
  const r = n.range ?? [0, 0, 0];
  const start = r[0];
  const end = r[1];
  const tag = (n as { tag?: string }).tag;
  const custom = tag && tag.startsWith('!') && !tag.startsWith('!!') ? tag : undefined;
  let value: PNode;
  if (isMap(n)) {
    const entries: PEntry[] = [];
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const k = item.key as YamlNode | null;
      if (!isScalar(k) || k.value === null || k.value === undefined) continue;
      const kr = k.range ?? [start, start, start];
      const v = item.value as YamlNode | null;
      entries.push({
        key: String(k.value),
        keyStart: kr[0],
        keyEnd: kr[1],
        value: v ? fromYamlNode(v, doc, depth + 1) : { type: 'null', start: kr[1], end: kr[1] },
      });
    }
    value = { type: 'object', start, end, entries };
    if (!custom && entries.length === 1 && CFN_FUNCTIONS.test(entries[0].key)) {
      return { type: 'unknown', start, end, tag: entries[0].key, inner: entries[0].value };
    }
  } else if (isSeq(n)) {
    value = { type: 'array', start, end, items: n.items.map((i) => fromYamlNode(i as YamlNode, doc, depth + 1)) };
  } else if (isScalar(n)) {
    const v = n.value;
    if (typeof v === 'string') value = { type: 'string', start, end, value: v };
    else if (typeof v === 'number' || typeof v === 'bigint') value = { type: 'number', start, end, value: Number(v) };
    else if (typeof v === 'boolean') value = { type: 'boolean', start, end, value: v };
    else if (v === null || v === undefined) value = { type: 'null', start, end };
    else value = { type: 'string', start, end, value: String(v) };
  } else {
    value = { type: 'unknown', start, end };
  }
  if (custom) return { type: 'unknown', start, end, tag: custom, inner: value };
  return value;
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
    case 'unknown':
      return { ...node, start: node.start + by, end: node.end + by, ...(node.inner ? { inner: shiftTree(node.inner, by) } : {}) };
    default:
      return { ...node, start: node.start + by, end: node.end + by };
  }
}
