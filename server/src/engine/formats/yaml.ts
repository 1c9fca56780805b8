/**
 * YAML documents with source ranges, via the `yaml` library (no hand-written
 * parser): the reference parse, and the fallback of formats/yamlFast.ts.
 * Trees are built by tree.ts; Kubernetes objects are read by formats/k8s.ts.
 */
import { parseAllDocuments, type Document } from 'yaml';

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
