/**
 * Baselines: the findings a team accepted when it adopted the tool, so CI fails on new ones only (as
 * detect-secrets users are used to). A finding's fingerprint is its rule, its path and a salted, slow hash of
 * the text it matched (whitespace normalised), with an occurrence index when the same text is matched twice in a
 * file: never the value, never the line number, so it survives lines moving above it and changes when the value
 * changes (a new secret at the same place is new). The file is reviewable JSON: sorted, one entry per line.
 */
import { nodeCrypto } from '../engine/nodeCrypto';
import fs = require('fs');
import type { ScanFinding } from '../scanner/scan';

const BASELINE_VERSION = 1;

/** PBKDF2 rounds: a short password in a committed baseline is not confirmed by hashing guesses at speed. */
const ROUNDS = 5000;

export interface BaselineEntry {
  ruleId: string;
  file: string;
  hash: string;
  occurrence: number;
}

/**
 * Offsets where each line of `text` starts (index 0 is line 1), lines ending at `\n` only: the baseline's contract
 * (engine/text.ts LineIndex also ends a line at a lone `\r`, which would change the text hashed for such files).
 */
export function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The text a finding covers, from 1-based lines and columns (the whole line when the range is empty). `starts` is
 * `lineOffsets(text)`, passed when many findings of one file are looked up.
 */
export function matchedText(text: string, f: Pick<ScanFinding, 'line' | 'column' | 'endLine' | 'endColumn'>, starts: number[] = lineOffsets(text)): string {
  // A line past the end counts from the end of the text, as the sum of all lines' lengths did.
  const at = (line: number, col: number) => (line - 1 < starts.length ? starts[Math.max(0, line - 1)] : text.length + 1) + col - 1;
  const s = at(f.line, f.column);
  const e = at(f.endLine, f.endColumn);
  if (e > s) return text.slice(s, e);
  if (f.line < 1 || f.line > starts.length) return '';
  const lineEnd = f.line < starts.length ? starts[f.line] - 1 : text.length;
  return text.slice(starts[f.line - 1], lineEnd);
}

/** Whitespace runs as one space, ends trimmed: re-indenting or re-wrapping does not make a finding new. */
export function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** PBKDF2's password and salt for a finding's matched text: the salt is the rule and the path (the same value in two files hashes differently). */
function hashInput(ruleId: string, file: string, matched: string): [string, string] {
  return [normalise(matched), `microapp-guard/baseline/v${BASELINE_VERSION}\u0000${ruleId}\u0000${file}`];
}
const HASH_BYTES = 12;

/** The hash of a finding's matched text, salted by rule and path. */
export function textHash(ruleId: string, file: string, matched: string): string {
  const [password, salt] = hashInput(ruleId, file, matched);
  return nodeCrypto().pbkdf2Sync(password, salt, ROUNDS, HASH_BYTES, 'sha256').toString('hex');
}

function key(e: Omit<BaselineEntry, never>): string {
  return `${e.ruleId}\u0000${e.file}\u0000${e.hash}\u0000${e.occurrence}`;
}

/** The salted, slow hash off the main thread (libuv's pool): the same bytes as textHash. */
function textHashAsync(ruleId: string, file: string, matched: string): Promise<string> {
  const [password, salt] = hashInput(ruleId, file, matched);
  return new Promise((resolve, reject) => nodeCrypto().pbkdf2(password, salt, ROUNDS, HASH_BYTES, 'sha256', (err, key) => (err ? reject(err) : resolve(key.toString('hex')))));
}

/** Hashes in flight at once: enough to keep every thread of libuv's pool busy, few enough to bound memory. */
const HASHES_IN_FLIGHT = 64;

/**
 * Sets `fingerprint` on every finding: `textOf(file)` gives the file's text as scanned (undefined: the masked
 * message stands in for it). Occurrences count in position order among findings of the same rule, file and hash.
 * The slow hashes run on libuv's thread pool, several at once (one finding took ~0.9 ms of one core).
 */
export async function fingerprintFindings(findings: ScanFinding[], textOf: (file: string) => string | undefined): Promise<BaselineEntry[]> {
  const order = findings.map((f, i) => i).sort((a, b) => findings[a].file.localeCompare(findings[b].file) || findings[a].line - findings[b].line || findings[a].column - findings[b].column);
  // The matched texts, file by file in position order (one file's text held at a time).
  const matched: string[] = new Array(findings.length);
  let file: string | undefined;
  let text: string | undefined;
  let starts: number[] | undefined;
  for (const i of order) {
    const f = findings[i];
    if (f.file !== file) {
      file = f.file;
      text = textOf(f.file);
      starts = text !== undefined ? lineOffsets(text) : undefined;
    }
    matched[i] = text !== undefined ? matchedText(text, f, starts) : f.message;
  }
  // One hash per distinct rule, file and text.
  const hashes = new Map<string, Promise<string>>();
  const queue: Array<() => void> = [];
  let running = 0;
  const limited = (run: () => Promise<string>): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const start = () => {
        running++;
        run().then(resolve, reject).finally(() => {
          running--;
          queue.shift()?.();
        });
      };
      if (running < HASHES_IN_FLIGHT) start();
      else queue.push(start);
    });
  const hashOf = (i: number): Promise<string> => {
    const f = findings[i];
    const k = `${f.ruleId}\u0000${f.file}\u0000${matched[i]}`;
    let h = hashes.get(k);
    if (!h) hashes.set(k, (h = limited(() => textHashAsync(f.ruleId, f.file, matched[i]))));
    return h;
  };
  const hashed = await Promise.all(order.map(hashOf));
  const seen = new Map<string, number>();
  const entries: BaselineEntry[] = new Array(findings.length);
  order.forEach((i, n) => {
    const f = findings[i];
    const hash = hashed[n];
    const k = `${f.ruleId}\u0000${f.file}\u0000${hash}`;
    const occurrence = seen.get(k) ?? 0;
    seen.set(k, occurrence + 1);
    entries[i] = { ruleId: f.ruleId, file: f.file, hash, occurrence };
    f.fingerprint = `${hash}:${occurrence}`;
  });
  return entries;
}

/** The baseline entry of a fingerprinted finding. */
export function entryOf(f: ScanFinding): BaselineEntry {
  const fp = f.fingerprint ?? '';
  const colon = fp.lastIndexOf(':');
  return { ruleId: f.ruleId, file: f.file, hash: fp.slice(0, colon), occurrence: Number(fp.slice(colon + 1)) };
}

/** The baseline file's text: a header, then one entry per line, sorted (a reviewable diff when it changes). */
export function formatBaseline(entries: BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.hash.localeCompare(b.hash) || a.occurrence - b.occurrence);
  const lines = sorted.map((e) => `    ${JSON.stringify({ ruleId: e.ruleId, file: e.file, hash: e.hash, occurrence: e.occurrence })}`);
  return [
    '{',
    `  "tool": "microapp-guard",`,
    `  "version": ${BASELINE_VERSION},`,
    `  "about": "Findings accepted when this baseline was made (microapp-guard baseline). scan --baseline fails on findings not listed here. Each entry is a rule, a path and a salted hash of the matched text: no value, no line number.",`,
    `  "findings": [`,
    lines.join(',\n'),
    '  ]',
    '}',
    '',
  ]
    .filter((l, i) => !(i === 5 && !lines.length))
    .join('\n');
}

/** Reads a baseline file, or throws an Error saying what is wrong with it (the CLI makes it a usage error). */
export function readBaseline(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read --baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, '')); // a byte order mark some editors add
  } catch {
    throw new Error(`--baseline ${file} is not JSON: make it with "microapp-guard baseline --out ${file}"`);
  }
  const d = doc as { tool?: unknown; version?: unknown; findings?: unknown };
  if (!d || typeof d !== 'object' || d.tool !== 'microapp-guard' || !Array.isArray(d.findings)) throw new Error(`--baseline ${file} is not a microapp-guard baseline (make one with "microapp-guard baseline --out ${file}")`);
  if (d.version !== BASELINE_VERSION) throw new Error(`--baseline ${file} has version ${String(d.version)}; this microapp-guard reads version ${BASELINE_VERSION}: make it again`);
  return (d.findings as unknown[]).map((x, i) => {
    const e = x as BaselineEntry;
    if (!e || typeof e.ruleId !== 'string' || typeof e.file !== 'string' || typeof e.hash !== 'string' || !Number.isInteger(e.occurrence)) throw new Error(`--baseline ${file}: entry ${i + 1} lacks ruleId, file, hash or occurrence`);
    return { ruleId: e.ruleId, file: e.file, hash: e.hash, occurrence: e.occurrence };
  });
}

/**
 * Splits fingerprinted findings into the new ones (not in the baseline) and counts the accepted ones and the
 * baseline's entries that matched nothing (fixed since).
 */
export function applyBaseline(findings: ScanFinding[], entries: BaselineEntry[]): { fresh: ScanFinding[]; accepted: number; gone: number } {
  const known = new Set(entries.map(key));
  const matched = new Set<string>();
  const fresh: ScanFinding[] = [];
  findings.forEach((f) => {
    const k = key(entryOf(f));
    if (known.has(k)) matched.add(k);
    else fresh.push(f);
  });
  return { fresh, accepted: findings.length - fresh.length, gone: known.size - matched.size };
}
