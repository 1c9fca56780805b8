/**
 * findProviderSecrets: keyword pre-filter (one pass over the lower-cased
 * text), then only the formats whose keywords occur run their regex; then
 * entropy, checksum, key-name context and the placeholder judgement.
 */
import { shannonEntropy } from '../heuristics';
import { looksLikePlaceholderToken } from './placeholder';
import { PROVIDER_FORMATS } from './table';
import type { FindProviderOptions, ProviderFormat, ProviderSecretHit } from './types';

/**
 * Keyword -> formats, and an Aho-Corasick automaton over the keywords
 * (ASCII, case-insensitive) so that one pass over the text finds them all.
 */
interface KeywordIndex {
  keywords: string[];
  /**
   * Dense transitions over character classes: (state << shift) + class -> next state << shift. A class per character
   * the keywords use (lower-cased), and class 0 for every other character (it always leads back to the start).
   */
  delta: Int32Array;
  /** log2 of a row's width (the classes, rounded up to a power of two). */
  shift: number;
  /** ASCII code -> class (lower-cased first; non-ASCII characters are class 0). */
  classOf: Uint8Array;
  /** Keyword ids ending at a state (including through failure links). */
  out: Array<number[] | undefined>;
  /** 1 for a state where a keyword ends (out has ids). */
  hasOut: Uint8Array;
  formatsByKeyword: Map<string, ProviderFormat[]>;
}

function buildIndex(formats: readonly ProviderFormat[]): KeywordIndex {
  const formatsByKeyword = new Map<string, ProviderFormat[]>();
  for (const f of formats) {
    for (const raw of f.keywords) {
      const kw = raw.toLowerCase();
      if (kw.length < 2 || /[^\x01-\x7f]/.test(kw)) throw new Error(`bad keyword in ${f.id}`);
      const list = formatsByKeyword.get(kw) ?? [];
      list.push(f);
      formatsByKeyword.set(kw, list);
    }
  }
  const keywords = [...formatsByKeyword.keys()];
  // The classes: one per character the keywords use (43 for the table), 0 for the rest. Rows as wide as the classes
  // (64) instead of ASCII (128): the table the process keeps is half as large (1,175 -> 589 KiB). Building it takes
  // as long as before (4-7 ms on a session's first analysis: cold code, not the table's size).
  const classOf = new Uint8Array(128);
  let classes = 1;
  for (const kw of keywords) for (let i = 0; i < kw.length; i++) if (classOf[kw.charCodeAt(i)] === 0) classOf[kw.charCodeAt(i)] = classes++;
  for (let c = 65; c <= 90; c++) classOf[c] = classOf[c | 0x20];
  let shift = 0;
  while (1 << shift < classes) shift++;
  const width = 1 << shift;
  // The trie, sparse: each state's children (class, state).
  const childChars: number[][] = [[]];
  const childStates: number[][] = [[]];
  const out: Array<number[] | undefined> = [];
  let states = 1;
  keywords.forEach((kw, id) => {
    let s = 0;
    for (let i = 0; i < kw.length; i++) {
      const c = classOf[kw.charCodeAt(i)];
      const k = childChars[s].indexOf(c);
      let t: number;
      if (k >= 0) t = childStates[s][k];
      else {
        t = states++;
        childChars[s].push(c);
        childStates[s].push(t);
        childChars.push([]);
        childStates.push([]);
      }
      s = t;
    }
    (out[s] ??= []).push(id);
  });
  // Dense transitions, next states stored shifted (the row they start), so the scan adds the class without a shift.
  // In breadth-first order a state's row starts as a copy of its failure state's row (complete already: that state is
  // shallower), then takes its own children: one native copy per state.
  const dense = new Int32Array(states << shift);
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let k = 0; k < childChars[0].length; k++) {
    const t = childStates[0][k];
    dense[childChars[0][k]] = t << shift;
    queue.push(t);
  }
  for (let q = 0; q < queue.length; q++) {
    const s = queue[q];
    const row = s << shift;
    const failRow = fail[s] << shift;
    dense.copyWithin(row, failRow, failRow + width);
    const cs = childChars[s];
    const ts = childStates[s];
    for (let k = 0; k < cs.length; k++) {
      const t = ts[k];
      const f = dense[failRow + cs[k]] >> shift;
      fail[t] = f;
      if (out[f]) out[t] = [...(out[t] ?? []), ...out[f]!];
      dense[row + cs[k]] = t << shift;
      queue.push(t);
    }
  }
  const hasOut = new Uint8Array(states);
  for (let st = 0; st < states; st++) if (out[st]) hasOut[st] = 1;
  return { keywords, delta: dense, shift, classOf, out, hasOut, formatsByKeyword };
}

let INDEX: KeywordIndex | undefined;
function index(): KeywordIndex {
  return (INDEX ??= buildIndex(PROVIDER_FORMATS));
}

/** Process-wide count of regex executions (each format whose keywords matched runs once per call). */
export const providerScanStats = { regexRuns: 0, calls: 0 };

/** The keywords that occur in `text` (ASCII case-insensitive), found in one pass without copying the text. */
export function keywordsIn(text: string): Set<string> {
  const { delta, shift, classOf, out, hasOut, keywords } = index();
  let seen: Uint8Array | undefined;
  const found = new Set<string>();
  let row = 0;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    row = delta[row + (c < 128 ? classOf[c] : 0)];
    if (hasOut[row >> shift] !== 0) {
      seen ??= new Uint8Array(keywords.length);
      for (const id of out[row >> shift]!) {
        if (seen[id] === 0) {
          seen[id] = 1;
          found.add(keywords[id]);
        }
      }
    }
  }
  return found;
}

/** The formats whose keywords occur in `text`, in table order. */
export function candidateFormats(text: string): ProviderFormat[] {
  const { formatsByKeyword } = index();
  const set = new Set<ProviderFormat>();
  for (const kw of keywordsIn(text)) for (const f of formatsByKeyword.get(kw) ?? []) set.add(f);
  // Most files name no keyword, or one or two: sorted by table order, not the whole table filtered per file.
  if (set.size <= 1) return set.size ? [...set] : [];
  const order = (FORMAT_ORDER ??= new Map(PROVIDER_FORMATS.map((f, i) => [f, i])));
  return [...set].sort((a, b) => order.get(a)! - order.get(b)!);
}
let FORMAT_ORDER: Map<ProviderFormat, number> | undefined;

/** Length of the format's literal prefix at the token's start (its longest keyword there). */
function prefixLength(f: ProviderFormat, token: string): number {
  const lower = token.toLowerCase();
  let best = 0;
  for (const kw of f.keywords) if (kw.length > best && lower.startsWith(kw)) best = kw.length;
  return best;
}

function lineStartBefore(text: string, pos: number, max: number): number {
  const limit = Math.max(0, pos - max);
  for (let i = pos - 1; i >= limit; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i + 1;
  }
  return limit;
}

function lineEndAfter(text: string, pos: number, max: number): number {
  const limit = Math.min(text.length, pos + max);
  for (let i = pos; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return limit;
}

const MAX_MATCHES_PER_FORMAT = 2000;

/** Provider credentials in `text`, one hit per token range. Never returns a value. */
export function findProviderSecrets(text: string, opts: FindProviderOptions = {}): ProviderSecretHit[] {
  providerScanStats.calls++;
  const formats = candidateFormats(text);
  if (opts.stats) opts.stats.formatsConsidered = (opts.stats.formatsConsidered ?? 0) + formats.length;
  const hits: Array<ProviderSecretHit & { order: number }> = [];
  formats.forEach((f, order) => {
    providerScanStats.regexRuns++;
    if (opts.stats) opts.stats.regexRuns++;
    const re = f.pattern;
    re.lastIndex = 0;
    let count = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (++count > MAX_MATCHES_PER_FORMAT) break;
      let token = m[0];
      let start = m.index;
      if (f.group) {
        const at = (m as RegExpExecArray & { indices?: Array<[number, number] | undefined> }).indices?.[1];
        if (!at || m[1] === undefined) continue;
        token = m[1];
        start = at[0];
      }
      const end = start + token.length;
      if (f.entropy !== undefined && shannonEntropy(token) < f.entropy) continue;
      if (f.validate && !f.validate(token)) continue;
      const before = text.slice(lineStartBefore(text, start, 160), start);
      if (f.context && !f.context.test(before)) continue;
      if (!f.publicNotSecret) {
        const after = text.slice(end, lineEndAfter(text, end, 120));
        if (looksLikePlaceholderToken(token, before, after, { prefixLength: prefixLength(f, token), allowRepeats: f.allowRepeats })) continue;
      }
      hits.push({
        providerId: f.id,
        provider: f.provider,
        description: f.description,
        severity: f.severity,
        start,
        end,
        envName: f.envName,
        ...(f.publicNotSecret ? { publicNotSecret: true } : {}),
        // Same range: a format confirmed by its key name wins over a bare shape (Paystack over Stripe).
        order: order + (f.context ? 0 : 100000),
      });
    }
    re.lastIndex = 0;
  });
  // One hit per range: longest first, then table order; drop anything overlapping a kept hit.
  hits.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.order - b.order);
  const kept: Array<ProviderSecretHit & { order: number }> = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) continue;
    kept.push(h);
  }
  return kept
    .filter((h) => opts.includePublic || !h.publicNotSecret)
    .map(({ order: _o, ...h }) => h);
}

/**
 * Length of the longest format keyword the token starts with (`xoxb-`,
 * `sk-ant-api03-`), 0 when none: words inside a format's literal prefix say
 * nothing about the value. Used to judge tokens other scanners (secretlint) found.
 */
export function tokenPrefixLength(token: string): number {
  const lower = token.slice(0, 40).toLowerCase();
  // The longest first: the first that starts the token is the answer.
  for (const kw of prefixKeywords()) if (lower.startsWith(kw)) return kw.length;
  return 0;
}

/** The keywords that end with a separator (`sk-ant-api03-`, `xoxb-`), longest first: picked out once. */
let prefixKeywordList: string[] | undefined;
function prefixKeywords(): string[] {
  return (prefixKeywordList ??= index()
    .keywords.filter((kw) => /[^a-z0-9]$/.test(kw))
    .sort((a, b) => b.length - a.length));
}
