/**
 * findProviderSecrets: keyword pre-filter (one pass over the lower-cased
 * text), then only the formats whose keywords occur run their regex; then
 * entropy, checksum, key-name context and the placeholder judgement.
 */
import { shannonEntropy } from '../../../text';
import { looksLikePlaceholderToken } from './placeholder';
import { PROVIDER_FORMATS } from './table';
import type { FindProviderOptions, ProviderFormat, ProviderSecretHit } from './types';

/** Keyword -> formats, and a bigram filter for the single pass. */
interface KeywordIndex {
  bigrams: Uint8Array;
  byBigram: Map<number, string[]>;
  formatsByKeyword: Map<string, ProviderFormat[]>;
}

const bigramOf = (a: number, b: number) => ((a & 0xff) << 8) | (b & 0xff);

function buildIndex(formats: readonly ProviderFormat[]): KeywordIndex {
  const bigrams = new Uint8Array(65536);
  const byBigram = new Map<number, string[]>();
  const formatsByKeyword = new Map<string, ProviderFormat[]>();
  for (const f of formats) {
    for (const raw of f.keywords) {
      const kw = raw.toLowerCase();
      if (kw.length < 2) throw new Error(`keyword too short in ${f.id}`);
      let list = formatsByKeyword.get(kw);
      if (!list) {
        list = [];
        formatsByKeyword.set(kw, list);
        const bg = bigramOf(kw.charCodeAt(0), kw.charCodeAt(1));
        bigrams[bg] = 1;
        const bucket = byBigram.get(bg) ?? [];
        bucket.push(kw);
        byBigram.set(bg, bucket);
      }
      list.push(f);
    }
  }
  return { bigrams, byBigram, formatsByKeyword };
}

let INDEX: KeywordIndex | undefined;
function index(): KeywordIndex {
  return (INDEX ??= buildIndex(PROVIDER_FORMATS));
}

/** Process-wide count of regex executions (each format whose keywords matched runs once per call). */
export const providerScanStats = { regexRuns: 0, calls: 0 };

/** The keywords that occur in `text` (case-insensitive), found in one pass. */
export function keywordsIn(text: string): Set<string> {
  const { bigrams, byBigram } = index();
  const lower = text.toLowerCase();
  const found = new Set<string>();
  const n = lower.length - 1;
  for (let i = 0; i < n; i++) {
    const bg = bigramOf(lower.charCodeAt(i), lower.charCodeAt(i + 1));
    if (bigrams[bg] === 0) continue;
    const bucket = byBigram.get(bg);
    if (!bucket) continue;
    for (const kw of bucket) if (!found.has(kw) && lower.startsWith(kw, i)) found.add(kw);
  }
  return found;
}

/** The formats whose keywords occur in `text`, in table order. */
export function candidateFormats(text: string): ProviderFormat[] {
  const { formatsByKeyword } = index();
  const set = new Set<ProviderFormat>();
  for (const kw of keywordsIn(text)) for (const f of formatsByKeyword.get(kw) ?? []) set.add(f);
  return PROVIDER_FORMATS.filter((f) => set.has(f));
}

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
      const token = m[0];
      const start = m.index;
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
        order,
      });
    }
    re.lastIndex = 0;
  });
  // One hit per range: longest first, then table order; drop anything overlapping a kept hit.
  hits.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.order - b.order);
  const kept: Array<ProviderSecretHit & { order: number }> = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) {
      // Prefer a specific (non-context) format covering the same range over a longer generic one? Keep the first (longest).
      continue;
    }
    kept.push(h);
  }
  return kept
    .filter((h) => opts.includePublic || !h.publicNotSecret)
    .map(({ order: _o, ...h }) => h);
}
