/**
 * The engine's entry point: one document in, findings (and the facts it
 * publishes, and what its findings depend on) out. Pure apart from what the
 * caller's WorkspaceView chooses to read. Families run in registry order
 * with a cancellation check between them; settings, suppression comments
 * and the fingerprint file apply to every family alike.
 */
import path = require('path');
import { chunksOf, shiftChunkFinding, shiftValueLines } from './chunks';
import { TextCache } from './textCache';
import { flatString } from './text';
import { DocumentContext, documentContext } from './document';
import { NEVER_CANCELLED, type CancellationToken, type CheckContext, type Fact, type Family } from './family';
import { fingerprint } from './fixes/ignore';
import { initHcl, isHclReady } from './formats/hcl';
import { WorkspaceModel, type FactsView } from './model';
import { FAMILIES, familyOf, getRule, isFamilySelector, selectorMatches, SETTINGS, workspaceView } from './registry';

import { normalizeSettings, type Settings } from './settings';
import { Suppressions } from './suppression';
import { CancelledError, type AnalysisNote, type DocumentInput, type WorkspaceView, type EngineSettings, type Finding, type ProblemOptions, type RuleSetting, type Severity } from './types';

export interface AnalyzeOptions {
  settings?: EngineSettings | Settings;
  workspace?: WorkspaceView;
  /** The workspace model: other files' facts, for cross-file rules. A lone model is used when absent. */
  model?: WorkspaceModel;
  /** Per-family options from Family.prepareFolder, keyed by family name. */
  familyOptions?: Record<string, unknown>;
  /** Polled between families and rules; the analysis stops with CancelledError. */
  token?: CancellationToken;
  /** A context already made for this text (the scanner's index phase): its parses and memos are reused. */
  context?: DocumentContext;
  /** Analyse the file whole, never in cached chunks (tests compare both). */
  wholeFile?: boolean;
  /** Polled like the token (kept for callers that track versions). */
  isCancelled?: () => boolean;
  /** Told when part of the file could not be checked (e.g. YAML that does not parse). Never carries file content. */
  onProblem?: (message: string, options?: ProblemOptions) => void;
  /** A one-shot analysis (a scan): parses stay on the document's context, out of the editor's shared caches. */
  transient?: boolean;
  /**
   * The document's facts are in the model already, from this same text (an index's first pass): with `wholeFile`, they
   * are not worked out again, and the result's `facts` is empty (it must not replace them).
   */
  factsPublished?: boolean;
  /** Only these families run (by name; facts of the others are not computed): `scan --history` runs `secrets` only. */
  families?: readonly string[];
  /**
   * The file came from the workspace's walk, which applied its ignore rules (a scan, the server's index): not asked
   * again (20,000 relative paths and ignore matches in an index).
   */
  walked?: boolean;
}

/** `secretlint/*` for a secretlint rule: a prefix of the id narrower than the family. */
function isPrefixSelector(sel: string, ruleId: string): boolean {
  if (!sel.endsWith('/*')) return false;
  const prefix = sel.slice(0, -1);
  const fam = familyOf(ruleId);
  return ruleId.startsWith(prefix) && !!fam && fam.idPrefixes.length > 1 && prefix !== `${fam.category}/`;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

/** Settings as the engine takes them: already normalised, or raw (a settings object as a client sends it). */
export function resolveSettings(settings: EngineSettings | Settings | undefined): Settings {
  if (settings && 'values' in settings && typeof (settings as Settings).values === 'object') return settings as Settings;
  return normalizeSettings(settings ?? {}, SETTINGS);
}

/** A rule's setting: the rule's own entry wins over a family selector (`secrets/*`, `secret/*`, `iam`). */
export function resolveRuleSetting(settings: EngineSettings | Settings | undefined, ruleId: string): RuleSettingOf {
  const rules = (settings as { rules?: Record<string, unknown> } | undefined)?.rules;
  if (!rules || typeof rules !== 'object') return ON;
  // Asked for every rule of every family per file, and for every finding: each answer is kept per rules object (with
  // entries, every selector was matched against the rule again: 0.7 s of a 20,000-file index with one family off).
  // Settings that change are a new object (the adapters normalise them again), never the same one edited.
  let memo = ruleSettingMemo.get(rules);
  if (!memo) ruleSettingMemo.set(rules, (memo = new Map()));
  let setting = memo.get(ruleId);
  if (!setting) memo.set(ruleId, (setting = Object.freeze(ruleSettingOf(rules, ruleId))));
  return setting;
}

type RuleSettingOf = { readonly enabled: boolean; readonly severity?: Severity };
const ON: RuleSettingOf = Object.freeze({ enabled: true });
const ruleSettingMemo = new WeakMap<object, Map<string, RuleSettingOf>>();

function ruleSettingOf(rules: Record<string, unknown>, ruleId: string): RuleSettingOf {
  // The most specific entry wins: the rule's id, then a prefix (`secretlint/*`), then the family (`secrets`, `secret/*`).
  let raw = rules[ruleId];
  if (raw === undefined) {
    let best = -1;
    for (const [sel, v] of Object.entries(rules)) {
      if (sel === ruleId || !selectorMatches(sel, ruleId)) continue;
      const rank = isFamilySelector(sel) && !isPrefixSelector(sel, ruleId) ? 0 : 1;
      if (rank > best) {
        best = rank;
        raw = v;
      }
    }
  }
  if (raw === undefined) return { enabled: true };
  if (raw === false || raw === 'off') return { enabled: false };
  if (raw === true) return { enabled: true };
  if (typeof raw === 'string') return SEVERITIES.includes(raw as Severity) ? { enabled: true, severity: raw as Severity } : { enabled: true };
  const r = raw as RuleSetting;
  return { enabled: r.enabled !== false, severity: r.severity && SEVERITIES.includes(r.severity) ? r.severity : undefined };
}

/** Files over this size are not analysed in the editor; the CLI reports them as skipped. */
export const MAX_TEXT_LENGTH = 5 * 1024 * 1024;

export interface AnalysisResult {
  findings: Finding[];
  /** Facts the document publishes to the workspace model. */
  facts: Fact[];
  /** Topics and files (`file:<path>`) the findings were computed from. */
  deps: Set<string>;
  /** What could not be checked (input past a budget, a family that stopped on this document). */
  notes: AnalysisNote[];
}

function tokenOf(opts: AnalyzeOptions): CancellationToken {
  if (opts.token && opts.isCancelled) {
    const { token, isCancelled } = opts;
    return { get isCancellationRequested() { return token.isCancellationRequested || isCancelled(); } };
  }
  if (opts.token) return opts.token;
  if (opts.isCancelled) {
    const isCancelled = opts.isCancelled;
    return { get isCancellationRequested() { return isCancelled(); } };
  }
  return NEVER_CANCELLED;
}

/** Lets pending messages (a $/cancelRequest, a newer didChange) in, then checks the token. */
async function yieldOrCancel(token: CancellationToken): Promise<void> {
  if (token === NEVER_CANCELLED) return;
  await new Promise((resolve) => setImmediate(resolve));
  if (token.isCancellationRequested) throw new CancelledError();
}

/** A pause only where a token can cancel (an async call per family and chunk is a promise and a microtask each). */
function pauseFor(token: CancellationToken): Promise<void> | undefined {
  return token === NEVER_CANCELLED ? undefined : yieldOrCancel(token);
}

/** The facts a document publishes (every family's `facts`), without checking it. */
export function documentFacts(doc: DocumentContext, token: CancellationToken = NEVER_CANCELLED): Fact[] {
  const out: Fact[] = [];
  for (const fam of FAMILIES) if (fam.facts && fam.appliesTo(doc)) out.push(...safeFacts(fam, doc, token));
  return out;
}

export async function analyze(input: DocumentInput, opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const deps = new Set<string>();
  const { workspace } = opts;
  if (!opts.walked && workspace?.isScanIgnored?.(input.path)) return { findings: [], facts: [], deps, notes: [] };
  if (input.text.length > MAX_TEXT_LENGTH) return { findings: [], facts: [], deps, notes: [] };
  const settings = resolveSettings(opts.settings);
  const token = tokenOf(opts);
  const doc = opts.context && opts.context.path === input.path && opts.context.text === input.text ? opts.context : opts.transient ? new DocumentContext(input, { transient: true }) : documentContext(input);
  // Terraform is read by a WebAssembly parser that loads once: a .tf file never gets an analysis without it.
  if (doc.kind === 'terraform' && !isHclReady()) await initHcl().catch(() => undefined);
  const model = opts.model ?? new WorkspaceModel(workspace?.root);
  const view: FactsView = model.view(input.path, deps);
  const familyOptions: Record<string, unknown> = opts.familyOptions ?? {};

  const raw: Finding[] = [];
  let chunkList: ReturnType<typeof chunksOf> | null = null;
  const chunksFor = () => (chunkList === null ? (chunkList = opts.wholeFile ? undefined : chunksOf(doc.text, doc.kind, doc.index.lineStarts)) : chunkList);
  const facts: Fact[] = [];
  const notes: AnalysisNote[] = [];
  // One family that stops on a document (a bug, input no budget foresaw) never hides the others' findings.
  const stopped = (fam: Family, e: unknown) => {
    if (e instanceof CancelledError) throw e;
    const what = e instanceof RangeError ? e.message : e instanceof Error ? e.name : 'an error';
    notes.push({ message: `The ${fam.name} checks stopped on this file (${what}); the other checks ran`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  };
  // What every family's context shares, made once per document (not once per family: 20,000 files indexed made
  // 120,000 of each closure).
  const onProblem: CheckContext['onProblem'] = (m, o) => opts.onProblem?.(m, o);
  const pause = () => yieldOrCancel(token);
  // Facts already in the model from this text (`factsPublished`) are not worked out again; only whole-file analyses
  // skip them (a chunked one keeps its chunks' facts with their findings).
  const factsKnown = opts.factsPublished === true && opts.wholeFile === true;
  const viewOf: CheckContext['view'] = (name) => workspaceView(name, (t) => view.query(t), { root: view.root ?? workspace?.root, settings: settings.values });
  for (const fam of FAMILIES) {
    if (opts.families && !opts.families.includes(fam.name)) continue;
    if (!fam.appliesTo(doc)) continue;
    view.readAs?.(fam.name);
    const options = familyOptions[fam.name];
    const ctxFor = (d: DocumentContext): CheckContext => ({
      doc: d,
      workspace: view,
      settings: settings.values,
      folder: workspace,
      options,
      onProblem,
      yield: pause,
      view: viewOf,
    });
    const chunks = fam.lineLocal?.(doc) ? chunksFor() : undefined;
    if (chunks) {
      // Each chunk's findings and facts come from the cache unless its text changed.
      const enabled = familyEnabled(fam, settings);
      const key = `${fam.name}\u0000${doc.kind}\u0000${doc.path}\u0000${configKey(settings, workspace, familyOptions[fam.name])}\u0000`;
      // Chunk results stay unshifted until they are kept: merging and the findings budget run on them first, in one
      // walk (a URL-dense 20,000-line file has 20,000 findings; only the first 1,000 per rule are placed and kept).
      const mergeKey = fam.chunkMergeKey?.bind(fam);
      const seen = mergeKey ? new Set<string>() : undefined;
      const counts = new Map<string, number>();
      const placedKept: Finding[] = [];
      // The chunks of this document's last analysis, by their text: most chunks of an edited file are found here
      // without hashing their text for the shared cache.
      const last = lastChunks.get(key);
      const now = new Map<string, ChunkResult>();
      for (const c of chunks) {
        let hit = last?.get(c.text) ?? chunkCache.get(key + c.text);
        if (!hit) {
          const paused = pauseFor(token);
          if (paused) await paused;
          // An own copy of the chunk's text (made once per chunk and analysis): the cached result outlives this version.
          const sub = new DocumentContext({ path: doc.path, text: (c.own ??= flatString(c.text)), languageId: doc.languageId });
          try {
            const findings = enabled ? await fam.check(ctxFor(sub), token) : [];
            hit = { findings, facts: fam.facts ? safeFacts(fam, sub, token) : [], keys: mergeKey && findings.length ? findings.map(mergeKey) : undefined };
          } catch (e) {
            stopped(fam, e);
            continue;
          }
          chunkCache.set(key + c.text, hit, chunkWeight(c.text, hit));
        }
        now.set(c.text, hit);
        const { findings: found, keys } = hit;
        for (let j = 0; j < found.length; j++) {
          const k = keys?.[j];
          if (k !== undefined) {
            if (seen!.has(k)) continue;
            seen!.add(k);
          }
          const f = found[j];
          const n = (counts.get(f.ruleId) ?? 0) + 1;
          counts.set(f.ruleId, n);
          if (n <= MAX_FINDINGS_PER_RULE) {
            const placed = { ...shiftChunkFinding(f, c.line, c.start), category: fam.category };
            placedKept.push(placed);
            raw.push(placed);
          }
        }
        // Facts placed at this line are kept with the chunk: an edit below it moves nothing here.
        if (hit.placedAt !== c.line) {
          hit.placed = c.line ? hit.facts.map((f) => ({ topic: f.topic, value: shiftValueLines(f.value, c.line) })) : hit.facts;
          hit.placedAt = c.line;
        }
        for (const f of hit.placed!) facts.push(f);
      }
      lastChunks.delete(key);
      lastChunks.set(key, now);
      if (lastChunks.size > 4) lastChunks.delete(lastChunks.keys().next().value as string);
      const over: Array<{ ruleId: string; more: number }> = [];
      for (const [ruleId, n] of counts) if (n > MAX_FINDINGS_PER_RULE) over.push({ ruleId, more: n - MAX_FINDINGS_PER_RULE });
      // The budget's notes point at the last kept finding of each rule, in its place in the file.
      budgetNotes(over, placedKept, notes);
      continue;
    }
    if (fam.facts && !factsKnown) facts.push(...safeFacts(fam, doc, token));
    if (!familyEnabled(fam, settings)) continue;
    const paused = pauseFor(token);
    if (paused) await paused;
    let found: Finding[];
    try {
      found = await fam.check(ctxFor(doc), token);
    } catch (e) {
      stopped(fam, e);
      continue;
    }
    const { kept, over } = budget(found);
    budgetNotes(over, kept, notes);
    for (const f of kept) raw.push({ ...f, category: fam.category });
  }
  for (const n of doc.notes()) notes.push({ message: n.message, range: { start: doc.index.positionAt(n.start), end: doc.index.positionAt(Math.min(n.end, n.start + 200)) } });
  for (const n of notes) opts.onProblem?.(`line ${n.range.start.line + 1}: ${n.message}`);
  return { findings: finish(doc, raw, settings, workspace), facts, deps, notes };
}

/**
 * Findings one rule may report in one file: past it, the rest are counted in a note (a generated file with a URL
 * on each of 20,000 lines needs the first of them, not 20,000 diagnostics to draw on every keystroke).
 */
export const MAX_FINDINGS_PER_RULE = 1000;

const NONE_OVER: ReadonlyArray<{ ruleId: string; more: number }> = Object.freeze([]);

/** The findings within the budget per rule (in order), and how many more each rule past it had. */
function budget(findings: Finding[]): { kept: Finding[]; over: ReadonlyArray<{ ruleId: string; more: number }> } {
  // Fewer findings than one rule may have: nothing to count (most files, most families).
  if (findings.length <= MAX_FINDINGS_PER_RULE) return { kept: findings, over: NONE_OVER };
  const counts = new Map<string, number>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const n = (counts.get(f.ruleId) ?? 0) + 1;
    counts.set(f.ruleId, n);
    if (n <= MAX_FINDINGS_PER_RULE) kept.push(f);
  }
  if (kept.length === findings.length) return { kept: findings, over: [] };
  const over: Array<{ ruleId: string; more: number }> = [];
  for (const [ruleId, n] of counts) if (n > MAX_FINDINGS_PER_RULE) over.push({ ruleId, more: n - MAX_FINDINGS_PER_RULE });
  return { kept, over };
}

/** A note per rule past the budget, at its last kept finding (`kept` as placed in the file). */
function budgetNotes(over: ReadonlyArray<{ ruleId: string; more: number }>, kept: Finding[], notes: AnalysisNote[]): void {
  for (const { ruleId, more } of over) {
    let last: Finding | undefined;
    for (const f of kept) if (f.ruleId === ruleId) last = f;
    const at = last?.range.start ?? { line: 0, character: 0 };
    notes.push({
      message: `${more.toLocaleString('en-US')} more ${ruleId} finding(s) in this file are not listed: the first ${MAX_FINDINGS_PER_RULE.toLocaleString('en-US')} are (a budget per rule and file)`,
      range: { start: at, end: at },
    });
  }
}

/** Per-chunk results of line-local families (chunks.ts). */
interface ChunkResult {
  findings: Finding[];
  facts: Fact[];
  /** Family.chunkMergeKey of each finding (by index), when the family has one. */
  keys?: Array<string | undefined>;
  placed?: Fact[];
  placedAt?: number;
}
/**
 * Shared by documents (a chunk seen before, in this file or another, an undo): 16 M characters' worth, each result
 * weighed with its findings and facts (~400 characters' worth each). Unweighed, chunks of a URL-dense 20,000-line file
 * (a finding and a fact per line) held ~0.85 MiB per edit up to 32 M characters of text: the heap grew past 130 MiB
 * over 160 versions (measured).
 */
const chunkCache = new TextCache<ChunkResult>(16 * 1024 * 1024);
const chunkWeight = (text: string, r: ChunkResult) => text.length + 400 * (r.findings.length + r.facts.length) + 8 * (r.keys?.length ?? 0);
/** Per family, document and configuration: its last analysis's chunks by text (the 4 large documents edited last). */
const lastChunks = new Map<string, Map<string, ChunkResult>>();

const configKeys = new WeakMap<object, string>();
/** What besides the text a chunk's findings depend on: the settings, the folder's configuration, the family's options. */
function configKey(settings: Settings, workspace: AnalyzeOptions['workspace'], options: unknown): string {
  let s = configKeys.get(settings);
  if (!s) configKeys.set(settings, (s = JSON.stringify(settings.values)));
  const folder = workspace ? `${workspace.root ?? ''}#${workspace.configVersion?.() ?? 0}` : '-';
  let o = '-';
  if (options && typeof options === 'object') {
    o = configKeys.get(options) ?? `o${++optionsCounter}`;
    configKeys.set(options, o);
  }
  return `${s}|${folder}|${o}`;
}
let optionsCounter = 0;

/** A family's facts; a family that cannot read the document publishes nothing for it. */
function safeFacts(fam: Family, doc: DocumentContext, token: CancellationToken): Fact[] {
  try {
    return fam.facts!(doc, token);
  } catch {
    return [];
  }
}

/** Whether any rule of the family is on (a family switched off as a whole is not run at all). */
function familyEnabled(fam: Family, settings: Settings): boolean {
  return fam.rules.some((r) => resolveRuleSetting(settings, r.id).enabled);
}

/** Settings, suppression comments, the fingerprint file and message scrubbing: the same for every family. */
function finish(doc: DocumentContext, raw: Finding[], settings: Settings, workspace: AnalyzeOptions['workspace']): Finding[] {
  // No finding: nothing to suppress, mask or sort (most files of a folder).
  if (!raw.length) return raw;
  const suppressions = new Suppressions(doc.index, doc.kind);
  const fingerprints = workspace?.fingerprints?.();
  // The document's path as fingerprints name it, worked out when a fingerprint file has entries and a finding asks.
  let relPath: string | undefined | null = null;
  const relOf = (): string | undefined => (relPath === null ? (relPath = workspace?.root ? path.relative(workspace.root, doc.path).split(path.sep).join('/') : undefined) : relPath);
  // The texts of the document's secret findings (any rule, on or off, suppressed or not), longest first: no message of
  // any family quotes them (a URL, a key, a host, a value named by another check). Quotes around a value count too.
  const found = new Set<string>();
  for (const f of raw) {
    if (!familyOf(f.ruleId)?.maskFindingText) continue;
    const t = doc.text.slice(doc.index.offsetAt(f.range.start), doc.index.offsetAt(f.range.end));
    for (const v of [t, t.trim().replace(/^["'`]+|["'`]+$/g, '')]) if (v.length >= 4) found.add(v);
  }
  const secretTexts = [...found].sort((a, b) => b.length - a.length);
  const mask = (m: string) => {
    for (const v of secretTexts) m = scrub(m, v);
    return m;
  };
  const out: Finding[] = [];
  for (const f of raw) {
    const setting = resolveRuleSetting(settings, f.ruleId);
    if (!setting.enabled) continue;
    if (suppressions.isSuppressed(f.ruleId, f.range.start)) continue;
    const start = doc.index.offsetAt(f.range.start);
    if (fingerprints?.size && relOf() && fingerprints.has(fingerprint(relOf()!, f.ruleId, doc.kind, doc.text, start, f.range.start.line))) continue;
    const meta = getRule(f.ruleId);
    // A secret finding's own text is among the secret texts (when it is long enough to tell), so one masking serves all.
    const message = mask(f.message);
    out.push({
      ...f,
      ...(secretTexts.length && f.related?.length ? { related: f.related.map((r) => ({ ...r, message: mask(r.message) })) } : {}),
      category: familyOf(f.ruleId)?.category ?? f.category,
      severity: setting.severity ?? f.severity ?? meta?.severity ?? 'warning',
      // A secret's text never appears in a message, its own finding's or any other family's (the same masking for all).
      message,
    });
  }
  // Families run one after another: report in document order.
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** One document in, findings out (the facts and dependencies are dropped). */
export async function analyzeDocument(input: DocumentInput, opts: AnalyzeOptions = {}): Promise<Finding[]> {
  return (await analyze(input, opts)).findings;
}

/** Last line of defence: a message never carries the text it points at. */
function scrub(message: string, value: string): string {
  if (value.length >= 4 && message.includes(value)) return message.split(value).join('****');
  return message;
}
