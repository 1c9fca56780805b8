/**
 * The workspace model: the facts every file publishes (Kubernetes objects,
 * RBAC roles, IAM grants, endpoints, ...), an overlay of open buffers over
 * the files on disk, and which file's findings depend on which facts.
 *
 * A family's check reads other files only through a FactsView; every read is
 * recorded as a dependency (a topic such as "k8s/object", or "file:<path>").
 * When a file's facts change, `update` returns the topics that changed and
 * `dependents` the files whose findings must be recomputed: the language
 * server re-diagnoses exactly those (pull: workspace/diagnostic/refresh;
 * push: a new publish), the scanner's cache invalidates exactly those.
 *
 * A family may key a topic's facts (`Family.factKeys`: a Kubernetes policy by
 * its namespace) and narrow a check's read of it to some keys
 * (`FactsView.narrow`): the dependency is then "topic#key", and an edit
 * re-checks only the files that read a key whose facts changed.
 */
import { createHash } from './nodeCrypto';
import { compactCopy } from './compact';

/** One published fact: a topic (what other files query) and a JSON-serialisable value. */
export interface Fact<T = unknown> {
  /** A topic of topics.ts, or a family's own ("k8s/rbac-role"). */
  topic: string;
  value: T;
}

export interface FactsView {
  /** Absolute root of the workspace folder, when there is one. */
  readonly root?: string;
  /**
   * Facts of a topic published by every other file (records the dependency). With `withOwn`, the facts of every file,
   * this one's included: the list shared by every file (no copy), for a family that leaves this file's own facts out
   * itself (a file that publishes on a topic would otherwise get a copy of the whole list, once per file).
   */
  query<T = unknown>(topic: string, opts?: { withOwn?: boolean }): Array<{ path: string; value: T }>;
  /** Records a dependency on another file's content (its facts, or its existence). */
  dependOn(path: string): void;
  /**
   * Narrows what this check's reads of a topic depend on to the facts of some keys (`Family.factKeys`: a Kubernetes
   * policy's namespace): the check promises that what it found from the topic changes only when facts of those keys
   * change. An edit then re-checks the files that read its keys, not every reader of the topic. Narrows one read of the
   * topic by the current reader (`readAs`); another read of it in the same analysis that is not narrowed keeps the
   * whole topic.
   */
  narrow(topic: string, keys: Iterable<string>): void;
  /** Who reads from now on (the engine names each family before its check): one reader's `narrow` keeps the others' reads. */
  readAs?(reader: string): void;
}

/** The keys of one fact of a topic (`Family.factKeys`; a fact may have several), registered once per topic (registry.ts). */
export type FactKey = (value: unknown) => string | readonly string[];
const factKeys = new Map<string, FactKey>();

/** Registers how facts of a topic are keyed (a dependency on `topic#key` reads only facts of that key). */
export function registerFactKeys(keys: Readonly<Record<string, FactKey>>): void {
  for (const [topic, fn] of Object.entries(keys)) {
    if (factKeys.has(topic)) throw new Error(`facts of topic "${topic}" are keyed already`);
    if (topic.includes('#')) throw new Error(`a keyed topic's name holds no "#" ("${topic}")`);
    factKeys.set(topic, fn);
  }
}

/**
 * The key of a keyed topic that stands for the set of files publishing on it (not a key of any fact): `topic#+` changes
 * when a file starts or stops publishing on the topic.
 */
export const PUBLISHERS_KEY = '+';

/** The dependency on the facts of one key of a topic. */
export function keyedTopic(topic: string, key: string): string {
  return `${topic}#${key}`;
}

/** A dependency on one key of a keyed topic, read back (topic names hold no `#`); undefined for any other. */
function keyOfDependency(dep: string): { topic: string; key: string; fn: FactKey } | undefined {
  const i = dep.indexOf('#');
  if (i < 0) return undefined;
  const topic = dep.slice(0, i);
  const fn = factKeys.get(topic);
  return fn ? { topic, key: dep.slice(i + 1), fn } : undefined;
}

/** A topic's values grouped by their key, in publication order. */
function byKey(fn: FactKey, values: unknown[] | undefined): Map<string, unknown[]> {
  const m = new Map<string, unknown[]>();
  for (const v of values ?? []) {
    const keys = fn(v);
    for (const k of typeof keys === 'string' ? [keys] : new Set(keys)) {
      const l = m.get(k);
      if (l) l.push(v);
      else m.set(k, [v]);
    }
  }
  return m;
}

/**
 * One file's facts: its topics and their values in publication order, as one flat array (topic, values, topic,
 * values, ...). A file publishes one or two topics; a Map per file cost ~150 bytes more (2.5 MiB over the
 * 20,000-file workspace).
 */
export class FileFacts {
  /** A digest of each topic's values (for caches kept across runs), made when first asked for (most files never are). */
  keys?: Map<string, string>;
  /** The model's revision when these facts last changed (a `file:` dependency's stamp). */
  revision = 0;

  constructor(private readonly list: Array<string | unknown[]>) {}

  get(topic: string): unknown[] | undefined {
    const l = this.list;
    for (let i = 0; i < l.length; i += 2) if (l[i] === topic) return l[i + 1] as unknown[];
    return undefined;
  }

  topics(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.list.length; i += 2) out.push(this.list[i] as string);
    return out;
  }

  entries(): Array<[string, unknown[]]> {
    const out: Array<[string, unknown[]]> = [];
    for (let i = 0; i < this.list.length; i += 2) out.push([this.list[i] as string, this.list[i + 1] as unknown[]]);
    return out;
  }
}

function group(facts: Fact[], compact: boolean): FileFacts {
  const list: Array<string | unknown[]> = [];
  for (const f of facts) {
    let i = 0;
    while (i < list.length && list[i] !== f.topic) i += 2;
    if (i < list.length) (list[i + 1] as unknown[]).push(f.value);
    else list.push(f.topic, [f.value]);
  }
  if (compact) {
    for (let i = 1; i < list.length; i += 2) {
      // Digests are computed when a cache kept across runs asks for them (keyOf), not for every file indexed.
      // Compact: copies hold no slice of the file's text (a host name cut out of a 5 MB file keeps the whole file
      // alive), share nothing with the analysis that produced them, and share their short strings (compact.ts).
      list[i] = compactCopy(list[i] as unknown[]);
    }
  }
  return new FileFacts(list);
}

/** A digest, not the serialisation: a workspace's facts are held once. */
function digestOf(json: string): string {
  return json.length <= 40 ? json : createHash('sha1').update(json).digest('base64');
}

function keyOf(f: FileFacts, topic: string): string | undefined {
  let k = f.keys?.get(topic);
  if (k === undefined) {
    const v = f.get(topic);
    if (!v) return undefined;
    (f.keys ??= new Map()).set(topic, (k = digestOf(JSON.stringify(v))));
  }
  return k;
}

/** Deep equality of JSON-like values (facts are JSON-serialisable). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // JSON drops undefined fields: a field that is undefined on one side and missing on the other is the same.
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let na = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    na++;
    if (!same(ra[k], rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

export class WorkspaceModel {
  private readonly files = new Map<string, FileFacts>();
  /** path -> topics and files its findings were computed from. */
  private readonly deps = new Map<string, Set<string>>();
  /** topic -> files publishing it (for fast queries). */
  private readonly publishers = new Map<string, Set<string>>();
  /** `topic#key` -> files publishing facts of that key (keyed topics only: the digest of a keyed dependency). */
  private readonly keyPublishers = new Map<string, Set<string>>();

  /** Grows whenever some file's facts change (an analysis that saw another revision is not cached). */
  revision = 0;
  /** The revision at which each topic's facts, and each file's facts, last changed. */
  private readonly topicRevisions = new Map<string, number>();

  constructor(readonly root?: string) {}

  /** Files with facts at or below a path (a deleted folder). */
  pathsUnder(prefix: string): string[] {
    const dir = prefix.replace(/[\\/]+$/, '');
    return [...this.files.keys()].filter((p) => p === dir || p.startsWith(`${dir}/`) || p.startsWith(`${dir}\\`));
  }

  /** Every file with facts. */
  paths(): string[] {
    return [...this.files.keys()];
  }

  /**
   * Replaces a file's facts (undefined: the file is gone). Returns the topics whose facts changed. `compact`
   * (files read once by an index or a scan) stores copies that hold nothing else in memory.
   */
  update(path: string, facts: Fact[] | undefined, opts: { compact?: boolean } = {}): Set<string> {
    const before = this.files.get(path);
    const after = facts && facts.length ? group(facts, opts.compact === true) : undefined;
    const changed = new Set<string>();
    // The topics of either version (one list when the file had no facts before or has none now: a first index).
    const topics = before && after ? new Set([...before.topics(), ...after.topics()]) : (before ?? after)?.topics() ?? [];
    // What changed, by value (no serialisation on the path of a keystroke: 20,000 endpoints of one file).
    for (const t of topics) {
      if (same(before?.get(t), after?.get(t))) continue;
      changed.add(t);
      // A keyed topic: the keys whose facts changed too (a dependency on one key ignores the others).
      const fn = factKeys.get(t);
      if (!fn) continue;
      // The files that publish on the topic changed (one started or stopped): `topic#+`, for a check that reads some
      // files' facts by their path (`dependOn`) and must see a new file among them.
      if (!before?.get(t) !== !after?.get(t)) changed.add(keyedTopic(t, PUBLISHERS_KEY));
      const b = byKey(fn, before?.get(t));
      const a = byKey(fn, after?.get(t));
      for (const k of new Set([...b.keys(), ...a.keys()])) {
        const name = keyedTopic(t, k);
        if (!same(b.get(k), a.get(k))) changed.add(name);
        let s = this.keyPublishers.get(name);
        if (a.has(k)) {
          if (!s) this.keyPublishers.set(name, (s = new Set()));
          s.add(path);
        } else if (s) {
          s.delete(path);
          if (!s.size) this.keyPublishers.delete(name);
        }
      }
    }
    if (before) for (const t of before.topics()) this.publishers.get(t)?.delete(path);
    if (after) {
      this.files.set(path, after);
      for (const t of after.topics()) {
        let s = this.publishers.get(t);
        if (!s) this.publishers.set(t, (s = new Set()));
        s.add(path);
      }
    } else {
      this.files.delete(path);
    }
    if (changed.size) {
      this.revision++;
      for (const t of changed) this.topicRevisions.set(t, this.revision);
      // A file without facts stands at 0: a stamp tells one state of the file's facts (none, or those of a revision).
      if (after) after.revision = this.revision;
    } else if (after && before) {
      after.revision = before.revision;
    }
    return changed;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Every fact a file published, in publication order per topic (an index kept across starts stores them). */
  factsList(path: string): Fact[] {
    const f = this.files.get(path);
    if (!f) return [];
    const out: Fact[] = [];
    for (const [topic, values] of f.entries()) for (const value of values) out.push({ topic, value });
    return out;
  }

  /** Facts a file published (for reports: grants, endpoints, objects). */
  factsOf(path: string, topic: string): unknown[] {
    return this.files.get(path)?.get(topic) ?? [];
  }

  /**
   * `all` per topic, valid while the topic's facts are unchanged (its revision: any change of its values or of its
   * publishers moves it). Other topics' changes (an index publishing endpoints file after file) leave it valid.
   */
  private readonly allCache = new Map<string, { revision: number; list: ReadonlyArray<{ path: string; value: unknown }> }>();

  /**
   * Every published value of a topic, with its file. The same array (do not modify it) is returned until some
   * file's facts of that topic change, so a scan of 20,000 files asks for it once, and callers may memoize on its
   * identity.
   */
  all<T = unknown>(topic: string): Array<{ path: string; value: T }> {
    const hit = this.allCache.get(topic);
    const revision = this.topicRevisions.get(topic) ?? 0;
    if (hit && hit.revision === revision) return hit.list as Array<{ path: string; value: T }>;
    const out: Array<{ path: string; value: T }> = [];
    const pubs = [...(this.publishers.get(topic) ?? [])].sort();
    for (const p of pubs) for (const v of this.files.get(p)!.get(topic) ?? []) out.push({ path: p, value: v as T });
    this.allCache.set(topic, { revision, list: out });
    return out;
  }

  /** A view for checking `path`: queries skip the file's own facts (the family has them) and record dependencies. */
  view(path: string, deps: Set<string>): FactsView {
    // Reads of each topic not narrowed yet, by reader (`readAs`): the whole topic stays a dependency while one is left,
    // and one reader's narrowing never drops another's read.
    const open = new Map<string, Map<string, number>>();
    let reader = '';
    return {
      root: this.root,
      readAs: (name: string) => {
        reader = name;
      },
      query: <T>(topic: string, opts?: { withOwn?: boolean }) => {
        deps.add(topic);
        let m = open.get(topic);
        if (!m) open.set(topic, (m = new Map()));
        m.set(reader, (m.get(reader) ?? 0) + 1);
        // A file that publishes nothing on the topic gets the shared list itself (no copy).
        const list = this.all<T>(topic);
        return !opts?.withOwn && this.publishers.get(topic)?.has(path) ? list.filter((f) => f.path !== path) : list;
      },
      dependOn: (p: string) => {
        deps.add(this.sharedName(`file:${p}`));
      },
      narrow: (topic: string, keys: Iterable<string>) => {
        if (!factKeys.has(topic)) return; // facts not keyed: the whole topic stays
        const m = open.get(topic);
        const n = m?.get(reader) ?? 0;
        if (!m || n <= 0) return; // nothing of this reader's to narrow: what others read stays
        for (const k of keys) deps.add(this.keyedName(topic, k));
        m.set(reader, n - 1);
        let left = 0;
        for (const c of m.values()) left += c;
        if (!left) deps.delete(topic);
      },
    };
  }

  /**
   * `topic#key` (and `file:` dependencies), one string for every file that depends on it (most files of a Kubernetes
   * folder read the same few keys: a string each cost 0.9 MiB over the 20,000-file workspace). A cache, cleared when it
   * holds 4,096 names, so names no file reads any more do not pile up over a session.
   */
  private readonly sharedNames = new Map<string, string>();
  private keyedName(topic: string, key: string): string {
    return this.sharedName(keyedTopic(topic, key));
  }

  /** A dependency's name, one string for every file that names it (`file:` and `topic#key` dependencies). */
  private sharedName(name: string): string {
    const known = this.sharedNames.get(name);
    if (known !== undefined) return known;
    if (this.sharedNames.size >= 4096) this.sharedNames.clear();
    this.sharedNames.set(name, name);
    return name;
  }

  setDependencies(path: string, deps: Set<string>): void {
    if (deps.size) this.deps.set(path, deps);
    else this.deps.delete(path);
  }

  dependenciesOf(path: string): ReadonlySet<string> {
    return this.deps.get(path) ?? new Set();
  }

  forgetDependencies(path: string): void {
    this.deps.delete(path);
  }

  /** Files whose findings depend on a changed file or one of the changed topics. */
  dependents(changedPath: string, changedTopics: Set<string>): string[] {
    const out: string[] = [];
    const fileKey = `file:${changedPath}`;
    const topics = [...changedTopics];
    for (const [p, d] of this.deps) {
      if (p === changedPath) continue;
      if (d.has(fileKey) || topics.some((t) => d.has(t))) out.push(p);
    }
    return out;
  }

  /**
   * What a set of dependencies saw, as the revisions at which they last changed: equal stamps mean unchanged facts
   * within this model's life (the language server's memory of results; `digest` is for caches kept across runs).
   */
  stamp(deps: Iterable<string>): string {
    const parts: string[] = [];
    for (const d of deps) {
      if (!d.startsWith('file:')) parts.push(`${this.topicRevisions.get(d) ?? 0}`);
      else {
        const p = d.slice(5);
        parts.push(`${this.files.get(p)?.revision ?? 0}`);
      }
    }
    return parts.join(',');
  }

  /** Per topic (or `topic#key`), the digest of every publisher's facts, valid while its revision is unchanged. */
  private readonly topicDigests = new Map<string, { revision: number; digest: string }>();
  /** How many `topic#key` digests `topicDigests` holds (bounded). */
  private keyDigests = 0;

  /**
   * The digest of a topic's facts: every publisher's, the asking file's included (its facts come from its text, which
   * a cached result is keyed on already). Made once per change of the topic: a digest without the asking file's
   * facts was made again for each file that publishes the topic, which made keeping the index of a folder whose
   * files publish what they read cost the square of its files (8,000 Kubernetes files: 3.5 s, the server blocked).
   */
  private topicDigest(topic: string): string {
    const revision = this.topicRevisions.get(topic) ?? 0;
    const hit = this.topicDigests.get(topic);
    if (hit && hit.revision === revision) return hit.digest;
    const keyed = keyOfDependency(topic);
    const parts: string[] = [];
    if (keyed?.key === PUBLISHERS_KEY) {
      parts.push(...[...(this.publishers.get(keyed.topic) ?? [])].sort());
    } else if (keyed) {
      // One key of a keyed topic: its publishers' facts of that key.
      for (const p of [...(this.keyPublishers.get(topic) ?? [])].sort()) {
        const values = byKey(keyed.fn, this.files.get(p)?.get(keyed.topic)).get(keyed.key) ?? [];
        parts.push(`${p}:${digestOf(JSON.stringify(values))}`);
      }
    } else {
      for (const p of [...(this.publishers.get(topic) ?? [])].sort()) parts.push(`${p}:${keyOf(this.files.get(p)!, topic)}`);
    }
    const digest = digestOf(parts.join(','));
    // A digest per key of a keyed topic is kept for the pass that asks (an index kept, or checked at a start), not for
    // the session: at most 1,024 of them (a folder's thousands stayed in memory after the index was kept).
    if (keyed && this.keyDigests++ >= 1024) {
      for (const k of this.topicDigests.keys()) if (k.includes('#')) this.topicDigests.delete(k);
      this.keyDigests = 1;
    }
    this.topicDigests.set(topic, { revision, digest });
    return digest;
  }

  /**
   * A stable digest of the facts a set of dependencies saw (for caches kept across runs): short, and the same for
   * the same facts in any process. A topic's digest is computed once per change of the topic, not once per file.
   */
  digest(deps: Iterable<string>): string {
    const parts: string[] = [];
    for (const d of [...deps].sort()) {
      if (d.startsWith('file:')) {
        const f = this.files.get(d.slice(5));
        parts.push(`${d}=${f ? f.topics().map((t) => keyOf(f, t)).join('|') : '-'}`);
      } else {
        parts.push(`${d}=${this.topicDigest(d)}`);
      }
    }
    return digestOf(parts.join('\n'));
  }

  /** Everything, serialisable (for worker threads). */
  snapshot(): Array<[string, Array<[string, unknown[]]>]> {
    return [...this.files].map(([p, f]) => [p, f.entries()]);
  }

  static fromSnapshot(root: string | undefined, snap: Array<[string, Array<[string, unknown[]]>]>): WorkspaceModel {
    const m = new WorkspaceModel(root);
    for (const [p, topics] of snap) m.update(p, topics.flatMap(([topic, values]) => values.map((value) => ({ topic, value }))));
    return m;
  }
}
