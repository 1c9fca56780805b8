/**
 * Credentials on a curl command line: `-u user:password` / `--user`, and
 * `-H "Authorization: ..."` or another credential header (`X-API-Key`,
 * `Api-Token`, `Private-Token`, ...). A command continued with `\` at the end
 * of a line is read as one. References ($TOKEN, ${TOKEN}, <token>) and
 * placeholders are not reported. Never throws.
 */
import { isPlaceholderToken, isTemplateReference } from './heuristics';

export interface CurlHit {
  start: number;
  end: number;
  kind: string;
  envName: string;
}

const CURL = /(?<![\w.-])curl(?:\.exe)?\s/g;
const OPTION = /(?:^|\s)(-u|--user|-H|--header)(?:\s+|=)/g;
const CRED_HEADER = /^(?:proxy-)?authorization$|^(?:x-)?(?:[a-z0-9]+-)*(?:api-?key|apikey|api-?token|auth-?token|access-?token|private-?token|token|secret|client-?secret|app-?key)$/i;

/** One shell word at `i` (quotes joined: "a":"b" is one word), with the offsets of its characters. */
function word(text: string, i: number, end: number): { value: string; offsets: number[]; next: number } {
  let value = '';
  const offsets: number[] = [];
  let quote = '';
  let k = i;
  for (; k < end; k++) {
    const c = text[k];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"' && k + 1 < end && /["\\$`]/.test(text[k + 1])) {
        k++;
        value += text[k];
        offsets.push(k);
      } else {
        value += c;
        offsets.push(k);
      }
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (/\s/.test(c)) break;
    else if (c === '\\' && text[k + 1] === '\n') break;
    else {
      value += c;
      offsets.push(k);
    }
  }
  return { value, offsets, next: k };
}

/** Words that stand for a password in examples (`-u user:pass`). */
const STAND_IN = /^(?:pass|password|passwd|pwd|secret|token|apikey|api_key|key|xxx+|\*+)$/i;

function isLiteral(v: string, text: string, start: number, end: number): boolean {
  if (v.length < 4 || STAND_IN.test(v)) return false;
  if (/\$[A-Za-z_{(]|[<>[\]()]|^\{\{|%[A-Z_]+%/.test(v) || isTemplateReference(v)) return false;
  // A value in braces (Postman/OpenAPI style {password}) is a placeholder; {uuid}-like literal braces are kept.
  if (/^\{[A-Za-z_]+\}$/.test(v)) return false;
  const ls = Math.max(0, text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return !isPlaceholderToken(v, text.slice(ls, start), text.slice(end, le));
}

export function findCurlCredentials(text: string): CurlHit[] {
  const hits: CurlHit[] = [];
  if (!text.includes('curl')) return hits;
  try {
    CURL.lastIndex = 0;
    for (let m = CURL.exec(text); m; m = CURL.exec(text)) {
      // The command: to the end of the line, through `\` continuations (at most 40 lines).
      let end = m.index;
      for (let n = 0; n < 40; n++) {
        const le = text.indexOf('\n', end);
        if (le < 0) {
          end = text.length;
          break;
        }
        end = le;
        if (!/\\\s*$/.test(text.slice(Math.max(m.index, le - 4), le).replace(/\r$/, ''))) break;
        end = le + 1;
      }
      const cmd = text.slice(m.index, end);
      OPTION.lastIndex = 0;
      for (let o = OPTION.exec(cmd); o; o = OPTION.exec(cmd)) {
        const at = m.index + o.index + o[0].length;
        const w = word(text, at, end);
        OPTION.lastIndex = w.next - m.index;
        if (!w.value) continue;
        const span = (from: number, to: number) => [w.offsets[from], w.offsets[to - 1] + 1] as const;
        if (o[1] === '-u' || o[1] === '--user') {
          const colon = w.value.indexOf(':');
          // user:password, :password, or a token as the user with an empty password (-u sk_live_...:).
          const [from, to] = colon < 0 ? [0, w.value.length] : colon === w.value.length - 1 ? [0, colon] : [colon + 1, w.value.length];
          if (colon < 0) continue; // curl prompts for the password
          if (/^[<[{].*[>\]}]$/.test(w.value) && !/^\{[^}]*\}:\{[^}]*\}$/.test(w.value)) continue; // <user:password>, [creds]
          let v = w.value.slice(from, to);
          let f = from;
          let t = to;
          // "{user}":"{password}" written with braces around literals
          if (/^\{.+\}$/.test(v) && !/^\{[A-Za-z_]+\}$/.test(v)) {
            v = v.slice(1, -1);
            f++;
            t--;
          }
          const [s, e] = span(f, t);
          if (!isLiteral(v, text, s, e)) continue;
          hits.push({ start: s, end: e, kind: 'credentials in a curl command (-u)', envName: 'API_PASSWORD' });
          continue;
        }
        // -H "Name: value"
        const hm = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(w.value);
        if (!hm || !CRED_HEADER.test(hm[1])) continue;
        let valueFrom = w.value.length - hm[2].length;
        let v = hm[2];
        const scheme = /^(?:bearer|basic|token|api-token|apikey|api-key|key|digest|sso-key|splunk|dsn|otp|ssws|klaviyo-api-key|pat)\s+/i.exec(v);
        if (scheme) {
          valueFrom += scheme[0].length;
          v = v.slice(scheme[0].length);
        }
        v = v.trim();
        if (!v || /\s/.test(v)) continue;
        const [s, e] = span(valueFrom, valueFrom + v.length);
        if (!isLiteral(v, text, s, e)) continue;
        if (v.length < 8 || !/[0-9]/.test(v) && !/[A-Z]/.test(v)) continue;
        hits.push({ start: s, end: e, kind: `credential in a curl ${hm[1]} header`, envName: /authorization/i.test(hm[1]) ? 'API_TOKEN' : hm[1].replace(/-/g, '_').toUpperCase() });
      }
      CURL.lastIndex = Math.max(CURL.lastIndex, end);
    }
  } catch {
    // never breaks the scan
  }
  return hits;
}
