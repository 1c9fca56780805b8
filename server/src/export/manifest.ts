/**
 * The registration manifest from a workspace folder: one function
 * (`computeManifest`) used by `microapp-guard manifest`, by `scan --format
 * sarif` (the gate in the run properties) and by the language server's export
 * command and CodeLens. It scans the folder (the same scanner as `scan`),
 * reads the files inference needs (capped), scores the workspace now and
 * after the preferred fixes, and merges with the committed manifest so the
 * fields the owner filled survive. Writes are atomic and never leave the folder.
 */
import { nodeCrypto } from '../engine/nodeCrypto';
import fs = require('fs');
import path = require('path');
import { isMap, parse as parseYaml, parseDocument, visit } from 'yaml';
import { analyze, applyEdits, documentContext, documentFacts, fixesForFinding, WorkspaceIndex, type Finding, type Settings, type TextEdit, CancelledError, type CancellationToken } from '../engine';
import { manifestApi, workspaceView } from '../engine/registry';
const { buildInputFrom, buildManifest, DEFAULT_MANIFEST_PATH, endpointInput, endpointInputOf, DEPENDENCY_FILE, HUMAN_FIELDS, staleFields, toBackstage, toYaml, yamlErrorText } = manifestApi;
type FindingRef = manifestApi.FindingRef;
type Manifest = manifestApi.Manifest;
type MissingItem = manifestApi.MissingItem;
type WithFile<T> = manifestApi.WithFile<T>;
type WorkloadFact = manifestApi.WorkloadFact;
type WorkspaceFile = manifestApi.WorkspaceFile;
import { ENDPOINTS, type FactSource } from '../engine/topics';
import { isInsideFolder, readInsideFolder } from '../engine/folder';
import { VERSION } from '../version';
import { readSettings, scan, type ScanResult } from '../scanner/scan';
import { addTo } from '../engine/collections';

/** Caps on what inference reads: source files count against MAX_TOTAL; lock files and reports against MAX_LOCKS. */
const READ_LIMITS = { maxFiles: 3000, maxFileBytes: 512 * 1024, maxTotalBytes: 24 * 1024 * 1024, maxLockBytes: 64 * 1024 * 1024 };

export interface ManifestOptions {
  /** Where the manifest lives, relative to the folder (default: the `manifest.path` setting, else microapp.yaml). */
  manifestPath?: string;
  /** Output format (default: by the path's extension). */
  format?: 'yaml' | 'json';
  /** A scan of the folder to reuse (else one is run). */
  scan?: ScanResult;
  /** The previous manifest's text (an open buffer); default: the file on disk. */
  previousText?: string;
  /** Settings file (like `scan --config`). */
  config?: string;
  trusted?: boolean;
  workers?: number;
  /** ISO time for generatedAt. */
  now?: string;
  /** Cancels the export between its steps (the scan polls it between files). */
  token?: CancellationToken;
}

export interface ManifestResult {
  root: string;
  /** Workspace-relative, forward slashes. */
  manifestPath: string;
  sbomPath: string;
  format: 'yaml' | 'json';
  /** The merged manifest (fresh computed fields, the owner's fields kept). */
  manifest: Manifest;
  /** The freshly computed manifest, without the previous file merged in. */
  fresh: Manifest;
  /** The manifest as text in its format (comments of the previous YAML kept). */
  text: string;
  /** The CycloneDX SBOM as JSON text. */
  sbomText: string;
  /** The previous manifest's text, when there was one. */
  previousText?: string;
  /** What was read for inference. */
  read: { files: number; bytes: number; truncated: boolean };
  /** Notes for the user (truncated reads, an unreadable previous manifest). */
  notes: string[];
  /**
   * The previous manifest does not parse (or is not a mapping): where and why, never its content. The export does
   * not write over it (the owner's fields would be lost); computing the score still works.
   */
  previousError?: { line: number; column: number; message: string };
}

/** An export that would lose or overwrite what it must not: an unparseable manifest, a read-only file, a link out. */
export class ExportRefused extends Error {}

const rel = (root: string, p: string) => path.relative(root, p).split(path.sep).join('/');

/** A path inside the folder, or an error: `..`, absolute paths elsewhere and symlinked parents out of it are refused. */
function resolveInside(root: string, relPath: string): string {
  const abs = path.resolve(root, relPath);
  const r = path.relative(root, abs);
  if (!r || r.startsWith('..') || path.isAbsolute(r)) throw new Error(`refusing to write outside the workspace folder: ${relPath}`);
  // A parent directory that is a symlink must not lead out of the folder either.
  let dir = path.dirname(abs);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  const realRoot = fs.realpathSync(root);
  const realDir = fs.realpathSync(dir);
  const rr = path.relative(realRoot, realDir);
  if (rr.startsWith('..') || path.isAbsolute(rr)) throw new Error(`refusing to write outside the workspace folder: ${relPath}`);
  return abs;
}

/**
 * Where a write of `relPath` goes, or ExportRefused: a read-only file is not replaced (a rename would replace it
 * silently), nor a folder, nor a symbolic link out of the folder; a link inside the folder is written through (the
 * file it names is replaced, the link stays). The file's permissions are kept.
 */
function writeTarget(root: string, relPath: string): { abs: string; mode: number } {
  let abs = resolveInside(root, relPath);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return { abs, mode: 0o644 };
  }
  if (st.isSymbolicLink()) {
    if (!isInsideFolder(root, abs)) throw new ExportRefused(`refusing to write ${relPath}: it is a symbolic link to a file outside the workspace folder (replace the link with the file to export here)`);
    abs = fs.realpathSync(abs);
    try {
      st = fs.statSync(abs);
    } catch {
      return { abs, mode: 0o644 };
    }
  }
  if (!st.isFile()) throw new ExportRefused(`refusing to write ${relPath}: it is not a regular file`);
  let writable = (st.mode & 0o222) !== 0;
  try {
    fs.accessSync(abs, fs.constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) throw new ExportRefused(`refusing to replace ${relPath}: the file is read-only (make it writable, e.g. chmod u+w ${relPath}, to export again); nothing was written`);
  return { abs, mode: st.mode & 0o777 };
}

/** Writes a file atomically (a temporary file in the same directory, then a rename), inside the folder only. */
export function writeAtomic(root: string, relPath: string, text: string): string {
  const { abs, mode } = writeTarget(root, relPath);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode });
    fs.chmodSync(tmp, mode); // the umask does not narrow a kept mode
    fs.renameSync(tmp, abs);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* already gone */
    }
    throw e;
  }
  return abs;
}

const METADATA = /^(package\.json|pyproject\.toml|README(\.[a-z]+)?|CODEOWNERS|\.github\/CODEOWNERS|docs\/CODEOWNERS|\.env[^/]*)$/i;
const LOCKS = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|requirements[^/]*\.txt|poetry\.lock|Pipfile\.lock)$/;
const isLockOrDeps = (r: string) => LOCKS.test(r) || DEPENDENCY_FILE.test(r);
const REPORT_HINT = /(audit|osv|vuln|cyclonedx|bom|sbom|scan|report|trivy|grype)[^/]*\.json$/i;

/** The folder's files for inference: metadata and lock files first, then the rest in walk order, within READ_LIMITS. */
function readWorkspaceFiles(root: string, index: WorkspaceIndex, skip: Set<string>): { files: WorkspaceFile[]; bytes: number; truncated: boolean } {
  const all = [...index.walk()].map((p) => ({ abs: p, rel: rel(root, p) })).filter((f) => !skip.has(f.rel));
  const prio = (r: string) => (METADATA.test(r) ? 0 : isLockOrDeps(r) ? 1 : REPORT_HINT.test(r) ? 2 : 3);
  all.sort((a, b) => prio(a.rel) - prio(b.rel));
  const files: WorkspaceFile[] = [];
  let bytes = 0;
  let lockBytes = 0;
  let truncated = false;
  for (const f of all) {
    if (files.length >= READ_LIMITS.maxFiles) {
      truncated = true;
      break;
    }
    let size: number;
    try {
      size = fs.statSync(f.abs).size;
    } catch {
      continue;
    }
    const isLock = prio(f.rel) <= 2 && !METADATA.test(f.rel);
    if (isLock ? lockBytes + size > READ_LIMITS.maxLockBytes : size > READ_LIMITS.maxFileBytes || bytes + size > READ_LIMITS.maxTotalBytes) {
      truncated = true;
      continue;
    }
    const { text } = index.readForScan(f.abs);
    if (text === undefined) continue;
    if (isLock) lockBytes += size;
    else bytes += size;
    files.push({ path: f.rel, text });
  }
  // The owner's git identity (.git is never walked).
  for (const name of ['.git/config']) {
    const { text } = readInsideFolder(root, path.join(root, name)); // not through a link out of the folder
    if (text !== undefined && text.length <= READ_LIMITS.maxFileBytes) files.push({ path: name, text });
  }
  return { files, bytes, truncated };
}

function sameFile(changes: Array<{ path: string }>, p: string): boolean {
  return changes.every((c) => c.path === p);
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const before = (x: TextEdit['range']['start'], y: TextEdit['range']['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return before(a.range.start, b.range.end) && before(b.range.start, a.range.end);
}

/**
 * Grants after the preferred fixes, and the findings that have a preferred
 * fix: every file with a permissions or secret finding is analysed again (the
 * fixes need the findings' data), the preferred fix of each permissions
 * finding that edits only that file is applied (conflicting ones are skipped,
 * as fix-all does), and the grants the permissions family finds in the fixed
 * text replace the file's grants.
 */
async function afterPreferredFixes(
  scanResult: ScanResult,
  index: WorkspaceIndex,
  settings: Settings,
): Promise<{ grants: Array<WithFile<Record<string, unknown>>>; fixable: FindingRef[] }> {
  const root = scanResult.root;
  const model = scanResult.model;
  const grants = new Map<string, Array<WithFile<Record<string, unknown>>>>();
  for (const g of scanResult.grants ?? []) {
    const file = String(g.file);
    addTo(grants, file, g as WithFile<Record<string, unknown>>);
  }
  const fixable: FindingRef[] = [];
  const files = [...new Set(scanResult.findings.filter((f) => f.category === 'iam' || f.category === 'secret').map((f) => f.file))];
  for (const file of files) {
    const abs = path.join(root, file);
    const { text } = index.readForScan(abs);
    if (text === undefined) continue;
    const input = { path: abs, text };
    let findings: Finding[];
    try {
      findings = (await analyze(input, { workspace: index, settings, model })).findings;
    } catch {
      continue;
    }
    const edits: TextEdit[] = [];
    for (const f of findings) {
      if (f.category !== 'iam' && f.category !== 'secret') continue;
      let preferred;
      try {
        preferred = fixesForFinding(input, f, { workspace: index, facts: model?.view(abs, new Set()), settings: settings.values }).find((x) => x.isPreferred);
      } catch {
        preferred = undefined;
      }
      if (!preferred) continue;
      fixable.push({ ruleId: f.ruleId, category: f.category, file, line: f.range.start.line + 1 });
      if (f.category !== 'iam' || !sameFile(preferred.changes, abs)) continue;
      const mine = preferred.changes.flatMap((c) => c.edits);
      if (mine.some((e) => edits.some((x) => overlaps(x, e) || (x.newText === e.newText && x.range.start.line === e.range.start.line && x.range.start.character === e.range.start.character)))) continue;
      edits.push(...mine);
    }
    if (!edits.length) continue;
    const fixed = applyEdits(text, edits);
    // The fixed file's grants in the workspace's `grants` view, so roles of other files resolve its bindings as in
    // the scan: the model's facts with this file's grants replaced by the fixed text's.
    const fixedFacts = documentFacts(documentContext({ path: abs, text: fixed }));
    const overlay: FactSource = <T>(topic: string) => {
      const others = model ? model.all<T>(topic).filter((x) => x.path !== abs) : [];
      return [...others, ...fixedFacts.filter((x) => x.topic === topic).map((x) => ({ path: abs, value: x.value as T }))];
    };
    const after = workspaceView('grants', overlay, { root, settings: settings.values }).filter((g) => g.file === file);
    grants.set(file, after as Array<WithFile<Record<string, unknown>>>);
  }
  return { grants: [...grants.values()].flat(), fixable };
}

function formatFor(p: string, format?: 'yaml' | 'json'): 'yaml' | 'json' {
  return format ?? (/\.json$/i.test(p) ? 'json' : 'yaml');
}

/** The previous manifest, YAML or JSON (JSON is YAML). */
function parsePrevious(text: string): unknown {
  return parseYaml(text);
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  return { line: before.split('\n').length, column: before.length - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * Why the previous manifest cannot be merged (a syntax error, or not a mapping of fields), with its line; undefined
 * when it can. The message names the place and the kind of error, never the file's content. An unclosed quote is
 * reported where it opens (the parser notices it only at the end of the file).
 */
function previousManifestError(text: string, rel: string): ManifestResult['previousError'] {
  if (!text.trim()) return undefined;
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const e = doc.errors[0];
  let at: number | undefined;
  let what: string | undefined;
  if (e) {
    at = e.pos[0];
    what = `YAML syntax error: ${yamlErrorText(e.code)}`;
    if (e.code === 'MISSING_CHAR' && /quote/i.test(e.message)) {
      const end = e.pos[0];
      visit(doc, {
        Scalar(_k, n) {
          if ((n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && n.range && n.range[1] >= end && n.range[0] < (at ?? end)) at = n.range[0];
        },
      });
      what = 'YAML syntax error: a quoted value is not closed';
    }
  } else if (doc.contents !== null && !isMap(doc.contents)) {
    at = doc.contents.range?.[0] ?? 0;
    what = 'not a mapping of fields (the manifest is an object: apiVersion, kind, metadata, ...)';
  } else {
    try {
      parsePrevious(text);
    } catch (x) {
      at = (x as { pos?: number[] }).pos?.[0] ?? 0;
      what = `does not parse (${(x as { code?: string }).code ? yamlErrorText((x as { code: string }).code) : 'invalid YAML'})`;
    }
  }
  if (at === undefined || what === undefined) return undefined;
  const { line, column } = lineColumn(text, at);
  return { line, column, message: `${rel} line ${line}, column ${column}: ${what}. The export stopped and did not change the file: fix that line, then export again` };
}

/** The manifest.path setting (of the folder's .vscode/settings.json or --config). */
function manifestPathOf(settings: Settings): string {
  const v = settings.values['manifest.path'];
  return typeof v === 'string' && v.trim() ? v.trim() : DEFAULT_MANIFEST_PATH;
}

/**
 * The manifest's and the SBOM's texts, made when first asked for (the verdict of `scan --format sarif|markdown`
 * reads only the manifest). Defined here, apart from computeManifest: closures made in it would keep its whole scope
 * (the scan's model among it) alive with every result a caller keeps.
 */
function withLazyTexts<T extends object>(result: T, format: 'yaml' | 'json', manifest: Manifest, previousYaml: string | undefined, bom: unknown): T & { text: string; sbomText: string } {
  let text: string | undefined;
  let sbomText: string | undefined;
  return Object.defineProperties(result as T & { text: string; sbomText: string }, {
    text: { enumerable: true, get: () => (text ??= format === 'json' ? `${JSON.stringify(manifest, null, 2)}\n` : toYaml(manifest, previousYaml)) },
    sbomText: { enumerable: true, get: () => (sbomText ??= `${JSON.stringify(bom, null, 2)}\n`) },
  });
}

/** The manifest of a workspace folder (nothing is written). */
export async function computeManifest(folder: string, opts: ManifestOptions = {}): Promise<ManifestResult> {
  const root = path.resolve(folder);
  const notes: string[] = [];
  // The folder's settings, read once (the scan reads them for itself).
  // A settings file or folder configuration that links out of the folder is not read: the manifest says so.
  const outside = (m: string) => {
    if (/resolves outside the workspace folder/.test(m) && !notes.includes(m)) notes.push(m);
  };
  const settings = readSettings(opts.config ?? path.join(root, '.vscode', 'settings.json'), root, !!opts.config, (p) => outside(p.message));
  const manifestPath = (opts.manifestPath ?? manifestPathOf(settings)).split(path.sep).join('/');
  resolveInside(root, manifestPath);
  const format = formatFor(manifestPath, opts.format);
  const sbomPath = [path.posix.dirname(manifestPath), 'sbom.cdx.json'].filter((x) => x !== '.').join('/');
  const scanResult = opts.scan ?? (await scan(root, { config: opts.config, trusted: opts.trusted, workers: opts.workers, token: opts.token }));
  if (opts.token?.isCancellationRequested) throw new CancelledError();
  const index = new WorkspaceIndex(root, { trusted: opts.trusted ?? false, ignore: settings.ignore, onRefused: outside });
  const read = readWorkspaceFiles(root, index, new Set([manifestPath, sbomPath]));
  if (read.truncated) notes.push(`inference read ${read.files.length} file(s) (${Math.round(read.bytes / 1024)} KiB); larger or further files were not read`);
  const model = scanResult.model;
  // A file's facts come one after another: its relative path is worked out once, not once per fact.
  let lastPath: string | undefined;
  let lastRel = '';
  const relOf = (p: string) => (p === lastPath ? lastRel : ((lastPath = p), (lastRel = rel(root, p))));
  // Grants and workloads as the scan reports them (one computation: engine/resolved.ts): roles across files,
  // kustomize namespaces, then as written, then the network.defaultNamespace setting.
  const source = model ? <T>(topic: string) => model.all<T>(topic) : undefined;
  const viewOpts = { root, settings: settings.values };
  const grants = (scanResult.grants as Array<WithFile<Record<string, unknown>>> | undefined) ?? (source ? workspaceView('grants', source, viewOpts) : undefined);
  const workloads = scanResult.workloads ?? (source ? workspaceView('workloads', source, viewOpts) : []);
  const after = await afterPreferredFixes(scanResult, index, settings);
  if (opts.token?.isCancellationRequested) throw new CancelledError();
  const input = buildInputFrom({
    files: read.files,
    grants,
    // Each endpoint fact read as the manifest reads it, with its file (not copied with its file first).
    endpoints: model ? model.all<Record<string, unknown>>(ENDPOINTS.name).map((x) => endpointInputOf(x.value, relOf(x.path))) : (scanResult.endpoints as Array<WithFile<Record<string, unknown>>> | undefined)?.map(endpointInput),
    workloads: workloads as WorkloadFact[],
    findings: scanResult.findings.map((f) => ({ ruleId: f.ruleId, category: f.category, file: f.file, line: f.line, message: f.message })),
    grantsAfterFixes: after.grants,
    fixable: after.fixable,
    manifestPath,
    sbomPath,
    now: opts.now,
    generatorVersion: VERSION,
  });
  // The previous manifest (an open buffer, else the file) is the folder's content: not read through a link out of it.
  let previousText = opts.previousText;
  const onDisk = readInsideFolder(root, path.join(root, manifestPath));
  if (onDisk.refused !== undefined) {
    notes.push(`${onDisk.refused}; the fields filled there were not carried over`);
    previousText = undefined;
  } else if (previousText === undefined) previousText = onDisk.text;
  let previous: unknown;
  const previousError = previousText !== undefined ? previousManifestError(previousText, manifestPath) : undefined;
  if (previousError) notes.push(previousError.message);
  else if (previousText !== undefined && previousText.trim()) {
    try {
      previous = parsePrevious(previousText);
    } catch {
      previous = undefined; // previousManifestError said why
    }
  }
  const fresh = buildManifest(input);
  const merged = previous && typeof previous === 'object' ? buildManifest(input, previous) : fresh;
  const result = {
    root,
    manifestPath,
    sbomPath,
    format,
    manifest: merged.manifest,
    fresh: fresh.manifest,
    ...(previousText !== undefined ? { previousText } : {}),
    read: { files: read.files.length, bytes: read.bytes, truncated: read.truncated },
    notes,
    ...(previousError ? { previousError } : {}),
  };
  return withLazyTexts(result, format, merged.manifest, previous && !/\.json$/i.test(manifestPath) ? previousText : undefined, fresh.sbom.bom);
}

/** Throws ExportRefused when writing `r` would lose the owner's manifest (it does not parse) or replace a file it must not. */
export function assertExportable(r: ManifestResult, targets: string[]): void {
  if (r.previousError) throw new ExportRefused(r.previousError.message);
  for (const t of targets) writeTarget(r.root, t);
}

/** Computes the manifest and writes it with the SBOM beside it (atomically, inside the folder). */
export async function exportManifest(folder: string, opts: ManifestOptions = {}): Promise<ManifestResult & { written: string[] }> {
  const r = await computeManifest(folder, opts);
  assertExportable(r, [r.manifestPath, r.sbomPath]);
  const written = [writeAtomic(r.root, r.manifestPath, r.text), writeAtomic(r.root, r.sbomPath, r.sbomText)];
  return { ...r, written };
}

/** Writes a Backstage catalog-info.yaml (kind Component, the risk in annotations) beside the manifest. */
export async function exportBackstage(folder: string, opts: ManifestOptions = {}): Promise<ManifestResult & { written: string[]; backstagePath: string }> {
  const r = await computeManifest(folder, opts);
  const backstagePath = [path.posix.dirname(r.manifestPath), 'catalog-info.yaml'].filter((x) => x !== '.').join('/');
  assertExportable(r, [backstagePath]);
  return { ...r, backstagePath, written: [writeAtomic(r.root, backstagePath, toBackstage(r.manifest))] };
}

/** Why `manifest --check` fails: a blocked gate, an incomplete manifest, a stale committed one. */
export function checkReasons(r: ManifestResult): string[] {
  const reasons: string[] = [];
  const m = r.manifest;
  if (m.risk.gate === 'blocked') {
    const top = (Object.entries(m.risk.factors) as Array<[string, { value: string; points: number }]>).filter(([, f]) => f.points > 0).map(([k, f]) => `${k} ${f.value} (+${f.points})`);
    reasons.push(`gate blocked: risk ${m.risk.score} (${top.join(', ')})${m.risk.afterFixes ? `; ${m.risk.afterFixes.score} (${m.risk.afterFixes.gate}) after the preferred fixes` : ''}`);
  }
  // What cannot be known offline (no vulnerability report): the manifest is incomplete, whether one is committed or not.
  for (const x of factorsMissing(m)) reasons.push(`incomplete: ${x.field} unknown: ${x.reason}; to complete it, ${x.howToComplete}`);
  if (r.previousText === undefined) {
    reasons.push(`no manifest at ${r.manifestPath}: export one with "microapp-guard manifest --out ${r.manifestPath}" and fill its TODO fields`);
  } else {
    if (m.status.todo.length) reasons.push(`incomplete: ${m.status.todo.join(', ')} still hold a TODO`);
    let committed: unknown;
    try {
      committed = parsePrevious(r.previousText);
    } catch {
      committed = undefined;
    }
    if (committed === undefined || committed === null || typeof committed !== 'object') reasons.push(`${r.manifestPath} does not parse`);
    else {
      const stale = staleFields(committed, r.fresh);
      if (stale.length) reasons.push(`stale: ${stale.join(', ')} differ from the workspace; export the manifest again`);
    }
  }
  return reasons;
}

/** What keeps the manifest incomplete besides the human TODO fields (factors not known offline). */
function factorsMissing(m: Manifest): MissingItem[] {
  return (m.status.missing ?? []).filter((x) => !(HUMAN_FIELDS as readonly string[]).includes(x.field));
}

/** The gate and score for SARIF run properties; `gateIncomplete` beside the gate, and what is missing. */
export function runProperties(m: Manifest): Record<string, unknown> {
  return {
    gate: m.risk.gate,
    gateIncomplete: m.status.state === 'incomplete',
    riskScore: m.risk.score,
    ...(m.risk.afterFixes ? { riskScoreAfterFixes: m.risk.afterFixes.score, gateAfterFixes: m.risk.afterFixes.gate } : {}),
    riskFactors: Object.fromEntries(Object.entries(m.risk.factors).map(([k, f]) => [k, f.value])),
    ...(m.risk.incompleteFactors?.length ? { incompleteFactors: m.risk.incompleteFactors } : {}),
    manifestStatus: m.status.state,
    ...(m.status.missing?.length ? { missing: m.status.missing.map((x) => ({ ...x })) } : {}),
  };
}

/**
 * One line for people: "Risk 12 (blocked) now; 7 (auto-approve) after the
 * preferred fixes", with "incomplete" beside each gate while the manifest is
 * incomplete (the score counts the known factors only): "Risk 9
 * (manual-review, incomplete) now; ...".
 */
export function riskLine(m: Manifest): string {
  const tag = m.status.state === 'incomplete' ? ', incomplete' : '';
  const now = `Risk ${m.risk.score} (${m.risk.gate}${tag}) now`;
  return m.risk.afterFixes ? `${now}; ${m.risk.afterFixes.score} (${m.risk.afterFixes.gate}${tag}) after the preferred fixes` : now;
}

/** Lines for people on what keeps the manifest incomplete and how to complete it (factors first, then the TODO fields in one line). */
export function missingLines(m: Manifest): string[] {
  const lines = factorsMissing(m).map((x) => `${x.field}: ${x.reason}; to complete it, ${x.howToComplete}`);
  if (m.status.todo.length) lines.push(`${m.status.todo.join(', ')}: still TODO; fill them in (they survive re-export)`);
  return lines;
}
