/**
 * YAML documents with source ranges, via the `yaml` library (no hand-written
 * parser), and accessors over the library's nodes. Kubernetes objects are read
 * by formats/k8s.ts.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

export interface YamlDoc {
  doc: Document.Parsed;
  /** True when the document has parse errors (it may still be partly usable). */
  hasErrors: boolean;
}

const CFN_TAG_NAMES = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'Split', 'FindInMap', 'If', 'Not', 'Equals', 'And', 'Or', 'Base64', 'Cidr', 'ImportValue', 'GetAZs', 'Condition', 'Transform', 'Contains', 'Length', 'ToJsonString', 'ForEach'];
/**
 * CloudFormation short-form tags declared to the yaml library: it keeps them as tags without building an
 * "Unresolved tag" warning per use (a warning with a stack trace: about half the parse time of a big
 * template). tree.ts turns tagged nodes into `unknown` nodes.
 */
export const CFN_YAML_TAGS = CFN_TAG_NAMES.flatMap((n) => [
  { tag: `!${n}`, resolve: (s: string) => s },
  { tag: `!${n}`, collection: 'seq' as const, resolve: (v: unknown) => v },
  { tag: `!${n}`, collection: 'map' as const, resolve: (v: unknown) => v },
]);

/**
 * Given as a function, the tags are added with one concat per parse; as an array, the library concatenates
 * them one at a time (66 copies of the tag list per document: most of the time of a file of many small pieces).
 */
const addCfnTags = (tags: unknown[]) => tags.concat(CFN_YAML_TAGS);

export function parseYamlDocuments(text: string): YamlDoc[] {
  try {
    // Only a text with a `!` can hold a tag: without the 66 extra tags the library tests each plain scalar against 9
    // tags instead of 75 (a 14-line manifest parses in 113 instead of 126 us).
    const docs = parseAllDocuments(text, { keepSourceTokens: false, uniqueKeys: false, strict: false, ...(text.includes('!') ? { customTags: addCfnTags as never } : {}) });
    // parseAllDocuments returns an EmptyStream (array-like) for empty input.
    return Array.from(docs as Iterable<Document.Parsed>).map((doc) => ({ doc, hasErrors: doc.errors.length > 0 }));
  } catch {
    return [];
  }
}

export function getPair(map: unknown, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of (map as YAMLMap<Node, Node>).items) {
    if (isScalar(item.key) && String(item.key.value) === key) return item as Pair<Node, Node>;
  }
  return undefined;
}

export function getNode(map: unknown, key: string): Node | undefined {
  return getPair(map, key)?.value ?? undefined;
}

export function getString(map: unknown, key: string): string | undefined {
  const n = getNode(map, key);
  if (isScalar(n) && n.value !== null && n.value !== undefined) return String(n.value);
  return undefined;
}

export function getIn(node: unknown, keys: readonly string[]): Node | undefined {
  let cur: unknown = node;
  for (const k of keys) {
    cur = getNode(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur as Node;
}

export function seqItems(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

export { isMap, isScalar, isSeq };
