/**
 * Kubernetes objects for the RBAC checks: the shared reader (formats/k8s.ts) over the caller's trees.
 * The text-in functions are for tests and the public internals: they parse the whole text with the
 * parsers DocumentContext uses (JSON when it starts with `{` or `[`, else YAML documents).
 */
import { k8sObjects, type K8sObject } from '../../../formats/k8s';
import { treesOfText, type PNode } from '../../../formats/tree';

export { k8sObjects };
export type K8sObjectNode = K8sObject;

/** The document roots of a YAML or JSON text (JSON when it starts with `{` or `[`). */
export function documentRoots(text: string): PNode[] {
  return treesOfText(text).filter((t): t is PNode => !!t);
}

export function k8sObjectsFromText(text: string): K8sObjectNode[] {
  return k8sObjects(documentRoots(text));
}
