/**
 * A document as every family sees it: its text, file kind, line index, the
 * document types it holds (content-aware, per YAML document) and its parses
 * with positions (YAML, JSON/JSONC, HCL). Parses are lazy and cached: a
 * DocumentContext is reused while the text is unchanged (the same version),
 * so the families share one parse per edit.
 */
import path = require('path');
import { detectFileKind, type FileKind } from './formats/fileKind';
import { isHclReady, parseHcl, type HclFile } from './formats/hcl';
import { fromYaml, get, parseJsonTree, shiftTree, str, type JsonParse, type PEntry, type PNode, type PObject, type TreeNote } from './formats/tree';
import { parseYamlDocuments } from './formats/yaml';
import { fastYamlTree } from './formats/yamlFast';
import { escapeRegExp, flatString, LineIndex } from './text';
import { shiftOffsets } from './positions';
import { TextCache } from './textCache';
import type { DocumentInput } from './types';

/**
 * What a document (or one YAML document of a stream) is, by content and path. The core names the types of
 * file kinds and paths (`terraform`, `dockerfile`, `dotenv`, `package-json`, `compose`, `gha-workflow`) and the
 * Kubernetes ones every family shares (`kubernetes`, `kustomization`, `helm-template`); families register the
 * structured types they own (`Family.documentTypes`: `cloudformation`, `registration-manifest`, ...).
 */
export type DocType = string;

/** A structured document type a family owns, told by a document's top-level keys (`Family.documentTypes`). */
export interface DocumentTypeSpec {
  readonly type: DocType;
  /**
   * The top-level keys a document of this type has: a key alone, or a list of keys that must all be there. A YAML
   * document that names none of them (at any depth, as a line test) is known not to be of the type without a parse.
   */
  readonly keys: ReadonlyArray<string | readonly string[]>;
  /** Whether the document is of this type. Types are tested in registration order, after Kubernetes' (`kind` and `apiVersion`). */
  test(tree: PObject, filePath: string): boolean;
  /** Tested before Kubernetes: a document of this type has `kind` and `apiVersion` too. */
  readonly beforeKubernetes?: boolean;
}

const early: DocumentTypeSpec[] = [];
const late: DocumentTypeSpec[] = [];
/** Keys that alone may give a type: the core's, then the registered types' (one regex, rebuilt on registration). */
const singleKeys = ['kind', 'apiVersion'];
const keyGroups: RegExp[][] = [];
let TYPE_KEYS = keyLine(singleKeys);
const ODD_START = /^(?:---[ \t]+)?[ \t]*[{[?!&*%]/m;
const KUSTOMIZATION_PATH = /(^|[\\/])kustomization\.ya?ml$/i;

/** Registers a family's document types (registry.ts, once per family). */
export function registerDocumentTypes(specs: readonly DocumentTypeSpec[]): void {
  for (const spec of specs) {
    (spec.beforeKubernetes ? early : late).push(spec);
    for (const k of spec.keys) {
      if (typeof k === 'string') {
        if (!singleKeys.includes(k)) singleKeys.push(k);
      } else keyGroups.push(k.map(keyLine));
    }
  }
  TYPE_KEYS = keyLine(singleKeys);
}

/** A line that sets one of the keys (quoted or not, in a list item or not), at any depth. */
function keyLine(keys: string | readonly string[]): RegExp {
  const alt = (typeof keys === 'string' ? [keys] : keys).map(escapeRegExp).join('|');
  return new RegExp(`^[ \\t]*(?:- +)?["']?(?:${alt})["']?[ \\t]*:`, 'm');
}

export interface YamlDocEntry {
  /** Where the document's `---` segment starts (documents are parsed one segment at a time). */
  segmentStart: number;
  /** The positioned tree, with offsets into the whole file. */
  tree?: PNode;
  type?: DocType;
  hasErrors: boolean;
}

export class DocumentContext {
  readonly path: string;
  readonly text: string;
  readonly languageId?: string;
  readonly kind: FileKind;
  readonly base: string;
  private _index?: LineIndex;
  private _yaml?: YamlDocEntry[];
  private _json?: JsonParse | null;
  private _hcl?: HclFile | null;
  private _types?: Set<DocType>;
  private _segments?: Array<{ start: number; text: string }>;
  private readonly _notes = new Map<string, TreeNote>();
  /**
   * A document read once (a scan, the language server's index of files that are not open): its parses and
   * per-document results are kept on the context, for its own facts and check, and never enter the shared
   * caches, which are for documents being edited (a 20,000-file index would otherwise fill them with parse
   * trees no keystroke will ask for again).
   */
  readonly transient: boolean;
  private readonly local?: Map<string, unknown>;

  constructor(input: DocumentInput, opts: { transient?: boolean } = {}) {
    this.path = input.path;
    this.text = input.text;
    this.languageId = input.languageId;
    this.kind = detectFileKind(input.path, input.languageId);
    this.base = path.basename(input.path);
    this.transient = opts.transient === true;
    if (this.transient) this.local = new Map();
  }

  /** A cache for results computed from this document's text: the shared one, or this context's own when transient. */
  store<T>(shared: Store<T>, ns: string): Store<T> {
    const local = this.local;
    if (!local) return shared;
    // One map per namespace, keyed by the piece of text itself: a key made by concatenation would copy and hash the
    // whole piece again on every lookup.
    let own = local.get(ns) as Map<string, T> | undefined;
    if (!own) local.set(ns, (own = new Map()));
    const m = own;
    return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v) };
  }

  /** Families' per-document results under `ns`, by the document's text (perYamlDocument). */
  private results(ns: string): Store<unknown[]> {
    if (this.local) return this.store(resultCache, `results\u0000${ns}`);
    return { get: (k) => resultCache.get(`${ns}\u0000${k}`), set: (k, v) => resultCache.set(`${ns}\u0000${k}`, v) };
  }

  /** The `---` segments of the text, split once per context (their strings, hashed once, serve every lookup). */
  private segments(): Array<{ start: number; text: string }> {
    return (this._segments ??= yamlSegments(this.text));
  }

  get index(): LineIndex {
    return (this._index ??= new LineIndex(this.text));
  }

  /** Every YAML document with its positioned tree and type; [] for non-YAML files. */
  yaml(): YamlDocEntry[] {
    if (this._yaml) return this._yaml;
    if (this.kind !== 'yaml') return (this._yaml = []);
    const out: YamlDocEntry[] = [];
    for (const seg of this.segments()) {
      for (const p of segmentDocs(seg.text, this.segStore())) {
        const tree = p.tree ? shiftTree(p.tree, seg.start) : undefined;
        this.addNotes(p.notes, seg.start);
        out.push({ segmentStart: seg.start, tree, hasErrors: p.hasErrors, type: structuredType(tree, this.path) });
      }
    }
    return (this._yaml = out);
  }

  /** The document's structured trees: each YAML document's, or the JSON root; [] for other files. */
  trees(): PNode[] {
    if (this.kind === 'yaml') return this.yaml().flatMap((d) => (d.tree ? [d.tree] : []));
    const root = this.json()?.root;
    return root ? [root] : [];
  }

  /** The JSON/JSONC parse (tolerant); undefined for other files. */
  json(): JsonParse | undefined {
    if (this._json === undefined) {
      const jsonish = this.kind === 'json' || this.kind === 'jsonc' || (this.kind === 'lockfile' && this.base.endsWith('.json'));
      this._json = jsonish ? parseJsonTree(this.text) : null;
      if (this._json) this.addNotes(this._json.notes, 0);
    }
    return this._json ?? undefined;
  }

  /** The HCL parse of a Terraform file; undefined for other files or before the parser is loaded. */
  hcl(): HclFile | undefined {
    if (this._hcl === undefined) {
      if (this.kind !== 'terraform' || this.base.endsWith('.tf.json') || !isHclReady()) return undefined;
      try {
        this._hcl = parseHcl(this.text) ?? null;
      } catch {
        this._hcl = null;
      }
    }
    return this._hcl ?? undefined;
  }

  /** The document types this file holds (a YAML stream may hold several). */
  types(): ReadonlySet<DocType> {
    if (this._types) return this._types;
    const t = new Set<DocType>();
    const lower = this.base.toLowerCase();
    if (this.kind === 'dockerfile') t.add('dockerfile');
    if (this.kind === 'dotenv') t.add('dotenv');
    if (this.kind === 'terraform' || lower.endsWith('.tf.json')) t.add('terraform');
    if (lower === 'package.json') t.add('package-json');
    if (this.kind === 'yaml') {
      if (isHelmTemplatePath(this.path) && this.text.includes('{{')) t.add('helm-template');
      if (/(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(this.path)) t.add('gha-workflow');
      if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(lower)) t.add('compose');
      // By each document's own tree (types do not depend on where the document sits): no full tree is built.
      for (const seg of this.segments()) {
        // A document with none of the keys that give a type is known untyped without a parse.
        if (!mayBeTyped(seg.text, this.path)) continue;
        for (const p of segmentDocs(seg.text, this.segStore())) {
          this.addNotes(p.notes, seg.start);
          const type = structuredType(p.tree, this.path);
          if (type) t.add(type);
        }
      }
    } else if (this.kind === 'json' || this.kind === 'jsonc') {
      const type = structuredType(this.json()?.root, this.path);
      if (type) t.add(type);
    }
    this._types = t;
    return t;
  }

  /**
   * `fn` applied to each YAML document on its own (a tree with offsets relative to the document's
   * text), cached by that text and `key`, its results moved into place: an edit recomputes only the
   * document it touches. Results must be JSON-like; every number under a key `start`, `end`, or
   * ending in `Start` / `End` is an offset.
   */
  perYamlDocument<T>(
    key: string,
    fn: (d: { tree?: PNode; text: string; type?: DocType; unparsed?: boolean; parse?: () => Array<PNode | undefined> }) => T[],
    opts: { parseUntyped?: boolean } = {},
  ): T[] {
    if (this.kind !== 'yaml') return [];
    const out: T[] = [];
    for (const seg of this.segments()) {
      if (opts.parseUntyped === false && !mayBeTyped(seg.text, this.path)) {
        // Untyped by its keys: `fn` gets the text alone (it may still ask for a parse itself).
        const results = this.results(`${key}\u0000unparsed`);
        let rel = results.get(seg.text) as T[] | undefined;
        // The notes of a parse `fn` asked for are kept with its result: a later hit says them again.
        const notes = this.results(`${key}\u0000unparsed-notes`);
        const parse = () => {
          const docs = segmentDocs(seg.text, this.segStore());
          const segNotes = docs.flatMap((p) => p.notes ?? []);
          if (segNotes.length) notes.set(seg.text, segNotes);
          return docs.map((p) => p.tree);
        };
        if (!rel) results.set(seg.text, (rel = fn({ text: this.kept(seg.text), unparsed: true, parse })));
        this.addNotes(notes.get(seg.text) as TreeNote[] | undefined, seg.start);
        out.push(...(seg.start ? shiftOffsets(rel, seg.start) : rel));
        continue;
      }
      const docs = segmentDocs(seg.text, this.segStore());
      for (const p of docs) this.addNotes(p.notes, seg.start);
      const types = docs.map((p) => structuredType(p.tree, this.path));
      // The type can depend on the path (kustomization.yaml): it is part of the key.
      const results = this.results(`${key}\u0000${types.join(',')}`);
      let rel = results.get(seg.text) as T[] | undefined;
      if (!rel) {
        rel = [];
        const own = this.kept(seg.text);
        docs.forEach((p, i) => rel!.push(...fn({ tree: p.tree, text: own, type: types[i] })));
        results.set(seg.text, rel);
      }
      out.push(...(seg.start ? shiftOffsets(rel, seg.start) : rel));
    }
    return out;
  }

  /**
   * What the parses of this document left out because the input went past a budget (depth, aliases), with
   * offsets into the text; only parses that ran are counted.
   */
  notes(): TreeNote[] {
    return [...this._notes.values()];
  }

  private addNotes(notes: TreeNote[] | undefined, by: number): void {
    for (const n of notes ?? []) {
      const moved = { message: n.message, start: n.start + by, end: n.end + by };
      this._notes.set(`${moved.start}:${moved.message}`, moved);
    }
  }

  /** The YAML documents of a piece of this document's text (a `---` segment), from this context's parse stores. */
  parseYamlText(text: string): YamlPiece[] {
    return parsedSegment(text, this.segStore().segments);
  }

  /**
   * A piece of this document's text as a result kept in a shared cache may hold it: its own copy (a slice would keep
   * this version of the whole document alive after it is gone); a transient document's caches go with it.
   */
  private kept(piece: string): string {
    return this.local ? piece : flatString(piece);
  }

  private segStore(): SegmentStores {
    return this.local ? { segments: this.store(segmentCache, 'segments'), large: this.store(largeCache, 'large') } : SHARED_STORES;
  }

  has(type: DocType): boolean {
    return this.types().has(type);
  }
}

/**
 * Whether a YAML document (a `---` segment) may have a structured type (structuredType): it names one of the keys
 * a type is made of, or starts with something a line test cannot read (a flow collection, a tag, an anchor). False
 * means certainly untyped, and no parse is needed to know it; true is conservative (nested keys count too).
 */
export function mayBeTyped(text: string, filePath: string): boolean {
  if (KUSTOMIZATION_PATH.test(filePath)) return true;
  if (TYPE_KEYS.test(text) || ODD_START.test(text)) return true;
  for (const group of keyGroups) if (group.every((k) => k.test(text))) return true;
  return false;
}

function isHelmTemplatePath(p: string): boolean {
  return /(^|[\\/])templates[\\/][^\\/]+\.(ya?ml|tpl)$/i.test(p);
}

/** The type of one structured document, by its keys (content-aware) and path. */
export function structuredType(tree: PNode | undefined, filePath: string): DocType | undefined {
  if (!tree || tree.type !== 'object') return undefined;
  for (const spec of early) if (spec.test(tree, filePath)) return spec.type;
  const kind = str(get(tree, 'kind'));
  const apiVersion = str(get(tree, 'apiVersion'));
  if (kind && apiVersion) {
    if (kind === 'Kustomization') return 'kustomization';
    return 'kubernetes';
  }
  if (KUSTOMIZATION_PATH.test(filePath)) return 'kustomization';
  for (const spec of late) if (spec.test(tree, filePath)) return spec.type;
  return undefined;
}

// ---- YAML, one document at a time ------------------------------------------------

/** `---` at the start of a line always starts a YAML document (even after a block scalar). */
const SEPARATOR = /^---(?=[ \t]|$)/gm;

function yamlSegments(text: string): Array<{ start: number; text: string }> {
  const bounds = [0];
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) if (m.index > 0) bounds.push(m.index);
  bounds.push(text.length);
  const out: Array<{ start: number; text: string }> = [];
  for (let i = 0; i + 1 < bounds.length; i++) out.push({ start: bounds[i], text: text.slice(bounds[i], bounds[i + 1]) });
  return out;
}

/** A YAML document of a piece of text: its positioned tree and syntax errors, offsets relative to the piece. */
export interface YamlPiece {
  readonly tree?: PNode;
  /** Offsets of its syntax errors (a document with errors may still be partly read). */
  readonly errors: readonly number[];
}

interface ParsedSegment extends YamlPiece {
  /** Budgets the document went past (offsets relative to the segment). */
  notes?: TreeNote[];
  hasErrors: boolean;
}

/** Documents larger than this are parsed in pieces (top-level sections, and groups of a big section's entries). */
const LARGE_DOCUMENT = 256 * 1024;
const PIECE = 32 * 1024;

/**
 * The parsed documents of a segment. A large single document (a 5 MB CloudFormation template) is parsed in
 * pieces cached by their text and composed into one tree, so an edit re-parses only the piece it touches.
 * Anything the pieces cannot express (anchors, directives, a piece that does not parse alone) falls back to
 * one parse of the whole segment.
 */
function segmentDocs(text: string, stores: SegmentStores): ParsedSegment[] {
  if (text.length < LARGE_DOCUMENT) return parsedSegment(text, stores.segments);
  const composed = stores.large.get(text);
  if (composed) return composed;
  // A one-shot read (not the editor's shared stores) builds each piece's tree in place: no piece is kept for an edit.
  const r = composeLarge(text, stores.segments, stores !== SHARED_STORES) ?? parsedSegment(text, stores.segments);
  stores.large.set(text, r);
  return r;
}

/** A cache by text: the shared TextCache, or a transient document's own map. */
export interface Store<T> {
  get(key: string): T | undefined;
  set(key: string, v: T): void;
}
interface SegmentStores {
  segments: Store<ParsedSegment[]>;
  large: Store<ParsedSegment[]>;
}
/** One large composed document at a time is enough for the editor. */
class LastOne<T> implements Store<T> {
  private key?: string;
  private v?: T;
  get(key: string): T | undefined {
    return key === this.key ? this.v : undefined;
  }
  set(key: string, v: T): void {
    this.key = key;
    this.v = v;
  }
}

const TOP_KEY = /^(?:"[^"\n]*"|'[^'\n]*'|[A-Za-z_$][\w$.\-/]*)[ \t]*:(?=[ \t\r\n]|$)/;

function composeLarge(text: string, segments: Store<ParsedSegment[]>, inPlace = false): ParsedSegment[] | undefined {
  // Anchors, aliases, directives and merge keys tie pieces together: parse whole.
  if (/(^|[\s\[{,])[&*][\w-]+|^%|<<\s*:/m.test(text)) return undefined;
  const lines: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push({ start: i, end });
    i = end;
  }
  const at = (l: { start: number; end: number }) => text.slice(l.start, l.end);
  // Top-level sections: a line at column 0 that is a key (comments, blank lines and `---` go with the section before).
  const sections: number[] = [];
  lines.forEach((l, i) => {
    const t = at(l);
    if (TOP_KEY.test(t)) sections.push(i);
    else if (t.length && !/^[\s#]|^---|^\.\.\./.test(t)) sections.push(-1); // a top-level line we do not understand
  });
  if (!sections.length || sections.includes(-1)) return undefined;
  const entries: PEntry[] = [];
  let errors = false;
  let parsedAny = false;
  const notes: TreeNote[] = [];
  const parsePiece = (from: number, to: number): PNode | undefined => {
    const start = lines[from].start;
    const piece = text.slice(start, lines[to - 1].end);
    // In place: the tree built with the piece's offset (nothing kept, nothing copied); otherwise the piece's cached
    // parse, moved into place.
    const [d] = inPlace ? parseDocs(piece, start) : parsedSegment(piece, segments);
    if (!d) return undefined;
    parsedAny = true;
    if (d.hasErrors) errors = true;
    const by = inPlace ? 0 : start;
    for (const n of d.notes ?? []) notes.push({ message: n.message, start: n.start + by, end: n.end + by });
    return d.tree ? shiftTree(d.tree, by) : undefined;
  };
  // Small top-level sections (a flat map of 100,000 keys) are parsed in groups of about PIECE characters.
  let pendingFrom = -1;
  let pendingTo = -1;
  let pendingSize = 0;
  const flush = (): boolean => {
    if (pendingFrom < 0) return true;
    const tree = parsePiece(pendingFrom, pendingTo);
    pendingFrom = -1;
    pendingSize = 0;
    if (!tree) return true;
    if (tree.type !== 'object') return false;
    for (const e of tree.entries) entries.push(e);
    return true;
  };
  for (let k = 0; k < sections.length; k++) {
    const from = sections[k];
    const to = k + 1 < sections.length ? sections[k + 1] : lines.length;
    const header = at(lines[from]);
    const sectionSize = lines[to - 1].end - lines[from].start;
    const blockHeader = /^[^#]*:[ \t]*(#.*)?\r?\n?$/.test(header);
    if (sectionSize <= PIECE || !blockHeader || to - from <= 2) {
      if (pendingFrom < 0) pendingFrom = from;
      pendingTo = to;
      pendingSize += sectionSize;
      if (pendingSize > PIECE && !flush()) return undefined;
      continue;
    }
    if (!flush()) return undefined;
    {
      // A big block mapping: its entries in groups, each parsed as an indented mapping of its own.
      const body = lines.slice(from + 1, to);
      const first = body.find((l) => /\S/.test(at(l)) && !/^\s*#/.test(at(l)));
      const indent = first ? /^[ ]*/.exec(at(first))![0].length : 0;
      const childKey = new RegExp(`^ {${indent}}(?:"[^"\\n]*"|'[^'\\n]*'|[^\\s#'"\\-][^:#\\n]*?)[ \\t]*:(?=[ \\t\\r\\n]|$)`);
      if (indent > 0 && first && childKey.test(at(first))) {
        const value: PNode & { type: 'object' } = { type: 'object', start: first.start, end: lines[to - 1].end, entries: [] };
        let gFrom = from + 1;
        let size = 0;
        for (let i = from + 1; i <= to; i++) {
          const cut = i === to || (size > PIECE && childKey.test(at(lines[i])));
          if (cut && i > gFrom) {
            const tree = parsePiece(gFrom, i);
            if (!tree) continue;
            if (tree.type !== 'object') return undefined;
            value.entries.push(...tree.entries);
            gFrom = i;
            size = 0;
          }
          if (i < to) size += lines[i].end - lines[i].start;
        }
        const keyText = /^("[^"]*"|'[^']*'|[^:]+?)[ \t]*:/.exec(header)![1];
        const key = /^["']/.test(keyText) ? keyText.slice(1, -1) : keyText;
        entries.push({ key, keyStart: lines[from].start, keyEnd: lines[from].start + keyText.length, value });
        continue;
      }
    }
    pendingFrom = from;
    pendingTo = to;
    if (!flush()) return undefined;
  }
  if (!flush()) return undefined;
  if (errors || !parsedAny) return undefined;
  const start = lines[sections[0]].start;
  return [{ tree: { type: 'object', start, end: text.length, entries }, errors: [], hasErrors: false, ...(notes.length ? { notes } : {}) }];
}

/** The YAML documents of a text, from the shared parse cache (the secrets family's Kubernetes checks use it too). */
export function parseYamlCached(text: string): YamlPiece[] {
  return parsedSegment(text, segmentCache);
}

// Parsed documents by their text, so an edit re-parses only the document it touches.
const segmentCache = new TextCache<ParsedSegment[]>(16 * 1024 * 1024);
/** Families' per-document results (perYamlDocument), by key, type and text. */
const resultCache = new TextCache<unknown[]>(16 * 1024 * 1024);
const largeCache = new LastOne<ParsedSegment[]>();
const SHARED_STORES: SegmentStores = { segments: segmentCache, large: largeCache };

function parsedSegment(text: string, store: Store<ParsedSegment[]>): ParsedSegment[] {
  const hit = store.get(text);
  if (hit) return hit;
  // The shared cache outlives this version of the document: its parse is of an own copy of the text, not of a slice
  // that would keep the whole version alive.
  const parsed = parseDocs(store === segmentCache ? flatString(text) : text, 0);
  store.set(text, parsed);
  return parsed;
}

/**
 * The documents of a text with their trees: js-yaml's fast path where it expresses the text exactly, else the `yaml`
 * library's parse; `base` is added to the trees' and notes' offsets (not to the error offsets).
 */
function parseDocs(text: string, base: number): ParsedSegment[] {
  const fast = fastYamlTree(text, base);
  if (fast) return [{ tree: fast, errors: [], hasErrors: false }];
  return parseYamlDocuments(text).map(({ doc, hasErrors }) => {
    let tree: PNode | undefined;
    const notes: TreeNote[] = [];
    try {
      tree = fromYaml(doc, notes, base, text);
    } catch {
      tree = undefined;
    }
    return { tree, errors: doc.errors.map((e) => e.pos[0]), hasErrors, ...(notes.length ? { notes } : {}) };
  });
}

// ---- the parse cache ---------------------------------------------------------

const CACHE_SIZE = 64;
/** Also bounded by the text held: 64 contexts of 5 MB files would be too much for a long-running server. */
const CACHE_CHARS = 24 * 1024 * 1024;
const cache = new Map<string, DocumentContext>();
let cacheChars = 0;

/**
 * The context of a document, reused while its text is unchanged, so one parse
 * serves every family and every request for the same version.
 */
export function documentContext(input: DocumentInput): DocumentContext {
  const key = `${input.path}\u0000${input.languageId ?? ''}`;
  const hit = cache.get(key);
  if (hit && hit.text === input.text) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const ctx = new DocumentContext(input);
  if (hit) {
    cache.delete(key);
    cacheChars -= hit.text.length;
  }
  cache.set(key, ctx);
  cacheChars += ctx.text.length;
  while ((cache.size > CACHE_SIZE || cacheChars > CACHE_CHARS) && cache.size > 1) {
    const [oldest, old] = cache.entries().next().value as [string, DocumentContext];
    cache.delete(oldest);
    cacheChars -= old.text.length;
  }
  return ctx;
}
