/**
 * What every family builds the same way: its rules' metadata, quick fixes, findings from offset-based raw
 * findings (with related locations in this file or another), and results computed once per document.
 */
import type { DocumentContext } from './document';
import { decodePosition } from './positions';
import type { Category, FileEdit, Finding, Fix, RelatedLocation, RuleMeta, Severity } from './types';

/**
 * A family's rule factory: `rule(id, severity, title, description, docs, fix)` gives the rule's metadata with
 * the family's name and category. With `docsAreUrls`, `docs` is also the rule's external page (`docsUrl`), which
 * the editor and SARIF link to instead of docs/rules.md.
 */
export function ruleFactory(
  family: string,
  category: Category,
  options: { docsAreUrls?: boolean } = {},
): (id: string, severity: Severity, title: string, description: string, docs: string, fix: string) => RuleMeta {
  return (id, severity, title, description, docs, fix) => ({ id, category, severity, title, description, docs, fix, ...(options.docsAreUrls ? { docsUrl: docs } : {}), family });
}

/** An edit in a document's offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix of a finding: not preferred and not safe (applied by source.fixAll) unless said. */
export function quickFix(ruleId: string, title: string, changes: FileEdit[], options: { preferred?: boolean; safe?: boolean } = {}): Fix {
  return { title, ruleId, kind: 'quickfix', isPreferred: options.preferred ?? false, safe: options.safe ?? false, changes };
}

/** The document's own file, changed by edits in its offsets. */
export function documentEdits(doc: DocumentContext, edits: readonly OffsetEdit[]): FileEdit {
  return { path: doc.path, edits: edits.map((e) => ({ range: doc.index.range(e.start, e.end), newText: e.newText })) };
}

/** A related location of a raw finding: offsets in this document, or (with another `path`) positions that file published. */
export interface RawRelated {
  start: number;
  end: number;
  message: string;
  path?: string;
}

/** What a family's checks return before the document's line index is applied. */
export interface RawFindingBase {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  related?: readonly RawRelated[];
}

/** Related locations in ranges: this document's offsets through its line index, another file's published positions decoded. */
export function relatedLocations(doc: DocumentContext, related: readonly RawRelated[] | undefined): RelatedLocation[] | undefined {
  return related?.map((rl) => ({
    path: rl.path ?? doc.path,
    range: rl.path && rl.path !== doc.path ? { start: decodePosition(rl.start), end: decodePosition(rl.end) } : doc.index.range(rl.start, rl.end),
    message: rl.message,
  }));
}

/** The finding of a raw finding: its range from the document's line index (or `range`), its fix data, its related locations. */
export function findingOf(doc: DocumentContext, category: Category, raw: RawFindingBase, data?: Finding['data'], range = doc.index.range(raw.start, raw.end)): Finding {
  const related = relatedLocations(doc, raw.related);
  return {
    ruleId: raw.ruleId,
    category,
    severity: raw.severity,
    message: raw.message,
    range,
    ...(data !== undefined ? { data } : {}),
    ...(related?.length ? { related } : {}),
  };
}

/**
 * `compute` once per DocumentContext (a document's version): the result lives as long as the context does, so a
 * transient context of a one-shot scan takes it with it.
 */
export function perDocument<T>(compute: (doc: DocumentContext) => T): (doc: DocumentContext) => T {
  const memo = new WeakMap<DocumentContext, T>();
  return (doc) => {
    if (memo.has(doc)) return memo.get(doc)!;
    const r = compute(doc);
    memo.set(doc, r);
    return r;
  };
}
