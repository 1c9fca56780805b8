/**
 * Is a provider-shaped token a placeholder? Judged on the whole token run and
 * its immediate surroundings, not only on what the format's regex matched:
 * masking that continues the token, angle-bracket and template wrappers,
 * words that say the value is not real, and keyboard-made runs.
 */

const CONTINUES_MASKED = /^(?:[-_.:]?(?:\*{2,}|[xX]{3,}|\.{3}|\u2026|\u2022{2,}|#{3,})|-{3,}|_{3,})/;
const MASK_INSIDE = /[*\u2026\u2022]|[xX]{4,}|#{3,}/;
/** In values that may hold symbols (passwords), one `*` is a character, not masking. */
const MASK_INSIDE_SYMBOLS = /\*{3,}|[\u2026\u2022]|[xX]{4,}|#{3,}/;
/** Words that say the value is not real; matched anywhere in the token body. */
const FAKE_WORDS = /example|sample|dummy|fake|invalid|placeholder|redacted|changeme|replace[_-]?me|insert[_-]?your|your[_-]?(?:api|key|token|secret|own)|notreal|not[_-]?a[_-]?real|do[_-]?not[_-]?use|mock[_-]?(?:key|token|secret)/i;
/** Weaker words: only as a separated word part (…_test_…, -your-, .fake.). */
const FAKE_WORD_PARTS = /(?:^|[_\-.])(?:test|testing|your|mock|demo|foo|bar|todo|tbd|abc|xyz|here|none|null|undefined)(?:[_\-.]|$)/i;
/** Mode words that formats carry after their prefix (sk_test_, duffel_live_, tk-us-). */
const MODE_WORD = /^[_\-.]?(?:test|live|prod|production|sandbox|development|dev|us|eu|na1|eu1|v\d+)[_\-.]/i;

/** Length of the longest run of consecutive ascending or descending letters or digits (1234567, abcdefg, 987654). */
function longestRun(s: string): number {
  const alnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  let best = 1;
  let up = 1;
  let down = 1;
  for (let i = 1; i < s.length; i++) {
    const a = s.charCodeAt(i - 1);
    const b = s.charCodeAt(i);
    const ok = alnum(a) && alnum(b);
    up = ok && b === a + 1 ? up + 1 : 1;
    down = ok && b === a - 1 ? down + 1 : 1;
    best = Math.max(best, up, down);
  }
  return best;
}

/**
 * A keyboard-made run says the value was typed, not generated: a run of ten,
 * or of seven that is a quarter of the body (a bot id `123456789` ahead of a
 * random 35-character secret is not a placeholder; `lin_api_0123456789…` is).
 */
function ascendingRun(s: string, min: number): boolean {
  const run = longestRun(s);
  return run >= 10 || (run >= min && run * 4 >= s.length);
}

export interface PlaceholderOptions {
  /** Length of the format's literal prefix (`sk_live_`): words in it do not count. */
  prefixLength?: number;
  /** The format contains long runs of one character by design. */
  allowRepeats?: boolean;
  /** The value may hold symbols (a password): a single `*` is part of it, not masking. */
  symbols?: boolean;
}

/**
 * True when `token` (with the text right `before` and `after` it) is a
 * placeholder, a masked value or a documentation example rather than a
 * credential. `before`/`after` need only be a line's worth of text.
 */
export function looksLikePlaceholderToken(token: string, before = '', after = '', opts: PlaceholderOptions = {}): boolean {
  if (!token) return true;
  // The run continues with masking: sk_live_51H****, ghp_abc…, AKIA1234XXXX.
  if (CONTINUES_MASKED.test(after)) return true;
  // Masking just before it: ****abcd (a tail shown for identification).
  if (/(?:\*{2,}|\u2022{2,}|[xX]{4,})$/.test(before)) return true;
  // Inside <your-token> / <sk_live_...>: an opening bracket within the same word run and a closing one after.
  const openAngle = /<([A-Za-z0-9_\-.:/ ]{0,40})$/.exec(before);
  if (openAngle && /^[A-Za-z0-9_\-.: ]{0,40}>/.test(after)) return true;
  // Inside a template: {{ ... }}, ${ ... }, {% ... %}, <%= ... %>.
  if (/(?:\{\{|\$\{|\{%|<%=?)[^}%\n]{0,80}$/.test(before) && /^[^{\n]{0,80}(?:\}|%>)/.test(after)) return true;

  let prefixLength = Math.max(0, Math.min(opts.prefixLength ?? 0, token.length));
  let body = token.slice(prefixLength);
  const mode = MODE_WORD.exec(body);
  if (mode && prefixLength > 0) {
    prefixLength += mode[0].length;
    body = token.slice(prefixLength);
  }
  if ((opts.symbols ? MASK_INSIDE_SYMBOLS : MASK_INSIDE).test(token)) return true;
  if (FAKE_WORDS.test(token)) return true;
  if (FAKE_WORD_PARTS.test(body)) return true;
  if (!opts.allowRepeats && /([A-Za-z0-9])\1{5,}/.test(body)) return true;
  if (opts.allowRepeats && /([A-Za-z0-9])\1{5,}/.test(body.replace(/A{6,}/g, ''))) return true;
  if (ascendingRun(body, 7) || /qwerty|asdfgh|zxcvbn/i.test(body)) return true;
  // A body of two or three distinct characters repeated (abababab, 121212).
  if (body.length >= 8) {
    const distinct = new Set(body.replace(/[_\-.]/g, '')).size;
    if (distinct <= 3) return true;
  }
  return false;
}
