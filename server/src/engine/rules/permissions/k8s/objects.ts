/**
 * Kubernetes objects of a file as positioned trees: YAML (multi-document) or
 * JSON, with `List` kinds (`kind: List`, `RoleBindingList`, ...) expanded into
 * their items. Never throws: half-typed text yields the documents that parse.
 */
import { parseAllDocuments, type Document } from 'yaml';
import { fromYaml, get, parseJsonTree, str, type PNode, type PObject } from '../../../formats/tree';

export interface K8sObjectNode {
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  node: PObject;
  /** Offsets of the object (the document, or the List item). */
  start: number;
  end: number;
}

/** The document roots of a YAML or JSON text (JSON when it starts with `{` or `[`). */
export function documentRoots(text: string): PNode[] {
  const lead = text.trimStart()[0];
  if (lead === '{' || lead === '[') {
    try {
      const root = parseJsonTree(text).root;
      return root ? [root] : [];
    } catch {
      return [];
    }
  }
  try {
    const docs = Array.from(parseAllDocuments(text, { uniqueKeys: false, strict: false }) as Iterable<Document.Parsed>);
    const out: PNode[] = [];
    for (const d of docs) {
      const n = fromYaml(d);
      if (n) out.push(n);
    }
    return out;
  } catch {
    return [];
  }
}

/** Kubernetes objects among document roots (apiVersion + kind), List kinds expanded. */
export function k8sObjects(roots: Array<PNode | undefined>): K8sObjectNode[] {
  const out: K8sObjectNode[] = [];
  const visit = (n: PNode | undefined, depth: number): void => {
    if (!n || depth > 3) return;
    if (n.type === 'array') {
      for (const i of n.items) visit(i, depth + 1);
      return;
    }
    if (n.type !== 'object') return;
    const kind = str(get(n, 'kind'));
    const apiVersion = str(get(n, 'apiVersion'));
    const items = get(n, 'items');
    if (kind && /List$/.test(kind) && items?.type === 'array') {
      for (const i of items.items) visit(i, depth + 1);
      return;
    }
    if (!kind || !apiVersion) return;
    const md = get(n, 'metadata');
    out.push({ kind, apiVersion, name: str(get(md, 'name')), namespace: str(get(md, 'namespace')), node: n, start: n.start, end: n.end });
  };
  for (const r of roots) visit(r, 0);
  return out;
}

export function k8sObjectsFromText(text: string): K8sObjectNode[] {
  return k8sObjects(documentRoots(text));
}
