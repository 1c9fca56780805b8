/**
 * Fixes of every family, behind one entry point: the family's own fixes
 * (the preferred one first), then the shared ignore fix (a comment in the
 * file's syntax, or a fingerprint entry for formats without comments).
 * fixAll merges the safe, preferred fixes of a document, including edits
 * to other files (a .gitignore entry, a generated policy file) when they
 * do not conflict.
 */
import path = require('path');
import { documentContext } from '../document';
import { NEVER_CANCELLED, type CancellationToken } from '../family';
import { commentSyntax } from '../formats/fileKind';
import { familyOf, SETTINGS } from '../registry';
import { normalizeSettings } from '../settings';
import { LineIndex } from '../text';
import { CancelledError, type DocumentInput, type EngineSettings, type FileEdit, type Finding, type Fix, type TextEdit, type WorkspaceView } from '../types';
import type { FactsView } from '../model';
import type { FixContext } from './context';
import { fingerprint, fingerprintFilePath, ignoreLineEdits, eolOf, FINGERPRINT_FILE, parseFingerprints } from './ignore';
import { quickFix } from '../builders';

export type { FixContext };

export interface FixOptions {
  workspace?: WorkspaceView;
  facts?: FactsView;
  settings?: EngineSettings;
  token?: CancellationToken;
  /** Shared across the findings of one request (fix-all). */
  memo?: Map<string, unknown>;
}

function contextFor(doc: DocumentInput, opts: FixOptions): FixContext {
  return {
    doc: documentContext(doc),
    input: doc,
    folder: opts.workspace,
    facts: opts.facts,
    settings: normalizeSettings(opts.settings ?? {}, SETTINGS).values,
    memo: opts.memo ?? new Map(),
  };
}

/** Every fix the engine offers for one finding, the preferred one first. */
export function fixesForFinding(doc: DocumentInput, finding: Finding, opts: FixOptions = {}): Fix[] {
  const token = opts.token ?? NEVER_CANCELLED;
  if (token.isCancellationRequested) throw new CancelledError();
  const ctx = contextFor(doc, opts);
  const family = familyOf(finding.ruleId);
  const fixes = family?.fixes ? family.fixes(ctx, finding, token) : [];
  const ignore = ignoreFix(ctx, finding, family?.suppression?.directive ?? 'microapp-guard', family?.suppression?.ruleToken?.(finding.ruleId) ?? finding.ruleId);
  if (ignore) fixes.push(ignore);
  return fixes.sort((a, b) => Number(b.isPreferred) - Number(a.isPreferred));
}

function ignoreFix(ctx: FixContext, finding: Finding, prefix: 'secretlint' | 'microapp-guard', ruleToken: string): Fix | undefined {
  const { doc } = ctx;
  if (commentSyntax(doc.kind)) {
    const edits = ignoreLineEdits(doc.kind, doc.index, finding.range, ruleToken, prefix);
    if (!edits) return undefined;
    return quickFix(finding.ruleId, `Ignore this ${finding.range.end.line > finding.range.start.line ? 'block' : 'line'} (${prefix}-disable comment)`, [{ path: doc.path, edits }]);
  }
  // No comment syntax (JSON): a fingerprint in the workspace's ignore file.
  const root = ctx.folder?.root;
  if (!root) return undefined;
  const rel = path.relative(root, doc.path).split(path.sep).join('/');
  if (rel.startsWith('..')) return undefined;
  const fp = fingerprint(rel, finding.ruleId, doc.kind, doc.text, doc.index.offsetAt(finding.range.start), finding.range.start.line);
  const file = fingerprintFilePath(root);
  const existing = ctx.folder?.readFile?.(file);
  if (parseFingerprints(existing).has(fp)) return undefined;
  const index = new LineIndex(existing ?? '');
  const last = index.lineCount - 1;
  const end = { line: last, character: index.lineText(last).length };
  const eol = existing ? eolOf(existing) : '\n';
  const header = existing === undefined ? `# Findings accepted on purpose (microapp-guard fingerprints: file:rule:where; never a value)${eol}` : '';
  const lead = existing && !/\r?\n$/.test(existing) ? eol : '';
  const edit: TextEdit = { range: { start: end, end }, newText: `${header}${lead}${fp}${eol}` };
  return quickFix(finding.ruleId, `Ignore this finding (add its fingerprint to ${FINGERPRINT_FILE})`, [{ path: file, edits: [edit], create: existing === undefined }]);
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
 * The safe, preferred fixes of a document merged into one set of edits per
 * file (source.fixAll): identical edits once; a fix whose edits conflict with
 * ones already taken, in any file it touches, is skipped as a whole.
 */
export function fixAll(doc: DocumentInput, findings: Finding[], opts: FixOptions = {}): FileEdit[] {
  const memo = opts.memo ?? new Map<string, unknown>();
  const byPath = new Map<string, { edits: TextEdit[]; create: boolean }>();
  for (const f of findings) {
    if (opts.token?.isCancellationRequested) throw new CancelledError();
    const fix = fixesForFinding(doc, f, { ...opts, memo }).find((x) => x.isPreferred && x.safe);
    if (!fix) continue;
    const fresh = fix.changes.map((c) => {
      const entry = byPath.get(c.path);
      return { c, edits: c.edits.filter((e) => !entry?.edits.some((x) => x.newText === e.newText && cmp(x, e) === 0)) };
    });
    const conflict = fresh.some(({ c, edits }) => edits.some((e) => byPath.get(c.path)?.edits.some((x) => overlaps(x, e))));
    if (conflict) continue;
    for (const { c, edits } of fresh) {
      const entry = byPath.get(c.path) ?? { edits: [], create: false };
      entry.edits.push(...edits);
      entry.create ||= !!c.create;
      byPath.set(c.path, entry);
    }
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
