import { LineIndex } from '../text';
import type { DocumentInput, FileEdit, Finding, Fix, TextEdit } from '../types';
import { projectEnvNames, secretFixes, type FixContext } from './secretFixes';

export type { FixContext };

/** Every fix the engine offers for one finding, the preferred one first. */
export function fixesForFinding(doc: DocumentInput, finding: Finding, ctx: FixContext = {}): Fix[] {
  let fixes: Fix[] = [];
  switch (finding.category) {
    case 'secret':
      fixes = secretFixes(doc, finding, ctx);
      break;
    default:
      fixes = [];
  }
  return fixes.sort((a, b) => Number(b.isPreferred) - Number(a.isPreferred));
}

function cmp(a: TextEdit, b: TextEdit): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const lt = (x: TextEdit['range']['start'], y: TextEdit['range']['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  const eq = (x: TextEdit['range']['start'], y: TextEdit['range']['start']) => x.line === y.line && x.character === y.character;
  // Two insertions at the same point do not conflict unless identical (deduplicated before).
  if (eq(a.range.start, a.range.end) && eq(b.range.start, b.range.end)) return false;
  return lt(a.range.start, b.range.end) && lt(b.range.start, a.range.end);
}

/**
 * The safe, preferred fixes of a document merged into one set of edits
 * (source.fixAll): identical edits once, conflicting edits skipped.
 */
export function fixAll(doc: DocumentInput, findings: Finding[], ctx: FixContext = {}): FileEdit[] {
  ctx = { ...ctx, envNames: ctx.envNames ?? projectEnvNames(ctx.workspace) };
  const byPath = new Map<string, { edits: TextEdit[]; create: boolean }>();
  for (const f of findings) {
    const fix = fixesForFinding(doc, f, ctx).find((x) => x.isPreferred && x.safe);
    if (!fix) continue;
    // Only fixes that stay in the document being saved.
    if (fix.changes.some((c) => c.path !== doc.path)) continue;
    const entry = byPath.get(doc.path) ?? { edits: [], create: false };
    const candidate = fix.changes.flatMap((c) => c.edits);
    const fresh = candidate.filter((e) => !entry.edits.some((x) => x.newText === e.newText && cmp(x, e) === 0));
    if (fresh.some((e) => entry.edits.some((x) => overlaps(x, e)))) continue;
    entry.edits.push(...fresh);
    byPath.set(doc.path, entry);
  }
  return [...byPath].map(([p, e]) => ({ path: p, edits: e.edits.sort(cmp), create: e.create || undefined }));
}

/** Applies non-overlapping edits to a text (used by the CLI and tests). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const index = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ s: index.offsetAt(e.range.start), e: index.offsetAt(e.range.end), t: e.newText }))
    .sort((a, b) => b.s - a.s || b.e - a.e);
  let out = text;
  for (const x of withOffsets) out = out.slice(0, x.s) + x.t + out.slice(x.e);
  return out;
}
