/**
 * secret/generic-credential: literals assigned to password / secret / token /
 * api-key / client-secret names in code, YAML, JSON, .env, properties and INI
 * files, judged by entropy and shape. secretlint's preset has no generic rule
 * on purpose; this one is tuned against the false positives users of
 * generic scanners report (see heuristics.ts).
 */
import type { FileKind } from '../../formats/fileKind';
import { LineIndex } from '../../text';
import { credentialNameKind, judgeCredentialValue, stripAuthScheme, type CredentialNameKind } from './heuristics';

export interface GenericHit {
  key: string;
  kindOfName: 'password' | 'token' | 'authorization';
  /** Offsets of the secret value itself. */
  start: number;
  end: number;
  /** Offsets of the whole literal, quotes included. */
  literalStart: number;
  literalEnd: number;
  line: number;
}

const QUOTED =
  /(?<![\w$.@-])(?<key>["']?[A-Za-z_$@][\w$.@-]*["']?\]?)\??\s*(?::\s*[A-Za-z_$][\w$.<>\[\]]*(?:\s*\|\s*[A-Za-z_$][\w$.<>\[\]]*)*\s*(?==))?(?::=|=>|=|:)\s*(?:[A-Za-z]{1,2}(?=["'`]))?(?<q>["'`])(?<val>(?:\\.|(?!\k<q>)[^\\])*)\k<q>/g;
const UNQUOTED_LINE = /^\s*(?:export\s+|-\s+|(?:ENV|ARG)\s+)?(?<key>[A-Za-z_][\w.-]*)\s*(?<sep>=|:|[ \t](?=[ \t]*[^\s=:]))[ \t]*(?<val>[^\s"'`#;]\S*?)\s*(?:\s[#;].*)?$/;

const ENV_DEFAULT =
  /(?:process\.env\.(?<k1>[A-Za-z_]\w*)\s*(?:\|\||\?\?)\s*|(?:os\.getenv|os\.environ\.get|getenv|ENV\.fetch)\(\s*["'](?<k2>[A-Za-z_]\w*)["']\s*,\s*|process\.env\[["'](?<k3>[A-Za-z_]\w*)["']\]\s*(?:\|\||\?\?)\s*)(?<q>["'`])(?<val>(?:\\.|(?!\k<q>)[^\\])*)\k<q>/g;

/** An Authorization header written inside a string: curl -H "Authorization: Bearer ...", headers.set('Authorization', 'Bearer ...'). */
const AUTH_HEADER = /\bauthorization["']?\s*[:,]\s*["']?\s*(?:bearer|basic|token)\s+(?<val>[A-Za-z0-9._~+/=-]{16,})/gi;

const XML_ADD = /<add\s+key\s*=\s*"(?<key>[^"]{1,100})"\s+value\s*=\s*"(?<val>[^"]*)"/gi;

const UNQUOTED_KINDS = new Set<FileKind>(['dotenv', 'properties', 'ini', 'yaml', 'toml', 'text', 'shell', 'dockerfile']);
const SKIP_KINDS = new Set<FileKind>(['lockfile']);

function stripKeyQuotes(key: string): string {
  return key.replace(/^["']|["']?\]?$/g, '');
}

/** The words a credential's name holds (the keyword pre-filter, as gitleaks has one). */
const CREDENTIAL_WORDS = /pass|pwd|secret|token|key|auth|credential|connection/i;

export function findGenericCredentials(
  text: string,
  kind: FileKind,
  opts: { entropyThreshold?: number; maxLineLength?: number; index?: LineIndex; path?: string } = {},
): GenericHit[] {
  // Every line the loop reads names one of the keywords: a text naming none has no hit (4 small files in 5).
  if (SKIP_KINDS.has(kind) || !CREDENTIAL_WORDS.test(text)) return [];
  const index = opts.index ?? new LineIndex(text);
  const maxLen = opts.maxLineLength ?? 4000;
  const hits: GenericHit[] = [];
  /** The shared judgement, with what is known about the place: key, file, surroundings on the line. */
  const judge = (value: string, nameKind: CredentialNameKind, key: string, lineText: string, from: number, to: number) =>
    judgeCredentialValue(value, nameKind, opts.entropyThreshold, {
      key,
      path: opts.path,
      kind,
      before: lineText.slice(Math.max(0, from - 120), from),
      after: lineText.slice(to, to + 120),
    }).secret;
  for (let line = 0; line < index.lineCount; line++) {
    const lineStart = index.lineStarts[line];
    const lineText = index.lineText(line);
    if (lineText.length > maxLen || lineText.length < 6) continue;
    // Cheap keyword pre-filter before any regex, as gitleaks does.
    if (!CREDENTIAL_WORDS.test(lineText)) continue;
    let matchedQuoted = false;
    QUOTED.lastIndex = 0;
    for (let m = QUOTED.exec(lineText); m; m = QUOTED.exec(lineText)) {
      const g = m.groups!;
      const key = stripKeyQuotes(g.key);
      const nameKind = credentialNameKind(key);
      if (!nameKind) continue;
      const raw = g.val;
      if (g.q === '`' && raw.includes('${')) continue;
      const literalStart = lineStart + m.index + m[0].length - raw.length - 2;
      if (!judge(raw, nameKind, key, lineText, literalStart - lineStart, literalStart - lineStart + raw.length + 2)) continue;
      const valueStart = literalStart + 1;
      let start = valueStart;
      if (nameKind === 'authorization') start += stripAuthScheme(raw).scheme.length;
      hits.push({
        key,
        kindOfName: nameKind,
        start,
        end: valueStart + raw.length,
        literalStart,
        literalEnd: valueStart + raw.length + 1,
        line,
      });
      matchedQuoted = true;
    }
    // A default next to an environment lookup: process.env.X || "...", os.getenv("X", "..."), ENV.fetch("X", "...").
    ENV_DEFAULT.lastIndex = 0;
    for (let m = ENV_DEFAULT.exec(lineText); m; m = ENV_DEFAULT.exec(lineText)) {
      const g = m.groups!;
      const key = g.k1 ?? g.k2 ?? g.k3 ?? '';
      const nameKind = credentialNameKind(key);
      const literalStart = lineStart + m.index + m[0].length - g.val.length - 2;
      if (!nameKind || !judge(g.val, nameKind, key, lineText, literalStart - lineStart, literalStart - lineStart + g.val.length + 2)) continue;
      if (hits.some((h) => h.literalStart === literalStart)) continue;
      hits.push({ key, kindOfName: nameKind, start: literalStart + 1, end: literalStart + 1 + g.val.length, literalStart, literalEnd: literalStart + g.val.length + 2, line });
      matchedQuoted = true;
    }
    AUTH_HEADER.lastIndex = 0;
    for (let m = AUTH_HEADER.exec(lineText); m; m = AUTH_HEADER.exec(lineText)) {
      const val = m.groups!.val;
      const start = lineStart + m.index + m[0].length - val.length;
      if (hits.some((h) => start >= h.literalStart && start < h.literalEnd)) continue;
      if (!judge(val, 'token', 'Authorization', lineText, start - lineStart, start - lineStart + val.length)) continue;
      hits.push({ key: 'Authorization', kindOfName: 'authorization', start, end: start + val.length, literalStart: start, literalEnd: start + val.length, line });
      matchedQuoted = true;
    }
    // XML settings: NuGet.Config `<add key="ClearTextPassword" value="..."/>`, .NET appSettings `<add key="ApiKey" value="..."/>`.
    if (lineText.includes('<add')) {
      XML_ADD.lastIndex = 0;
      for (let m = XML_ADD.exec(lineText); m; m = XML_ADD.exec(lineText)) {
        const g = m.groups!;
        const nameKind = credentialNameKind(g.key);
        const valIdx = m.index + m[0].length - g.val.length - 1;
        if (!nameKind || !judge(g.val, nameKind, g.key, lineText, valIdx - 1, valIdx + g.val.length + 1)) continue;
        const start = lineStart + valIdx;
        if (hits.some((h) => start >= h.literalStart && start < h.literalEnd)) continue;
        hits.push({ key: g.key, kindOfName: nameKind, start, end: start + g.val.length, literalStart: start - 1, literalEnd: start + g.val.length + 1, line });
        matchedQuoted = true;
      }
    }
    if (matchedQuoted || !UNQUOTED_KINDS.has(kind)) continue;
    // Dockerfile `ENV A=x B=y`: every pair.
    if (kind === 'dockerfile' && /^\s*(ENV|ARG)\s+\w+=\S*\s+\w+=/i.test(lineText)) {
      const PAIR = /(?<key>[A-Za-z_]\w*)=(?<val>"[^"]*"|'[^']*'|[^\s"'\\]+)/g;
      for (let m = PAIR.exec(lineText); m; m = PAIR.exec(lineText)) {
        const g = m.groups!;
        const quoted = /^["']/.test(g.val);
        const val = quoted ? g.val.slice(1, -1) : g.val;
        const nameKind = credentialNameKind(g.key);
        const literalStart = lineStart + m.index + g.key.length + 1;
        if (!nameKind || !judge(val, nameKind, g.key, lineText, literalStart - lineStart, literalStart - lineStart + g.val.length)) continue;
        const start = literalStart + (quoted ? 1 : 0);
        hits.push({ key: g.key, kindOfName: nameKind, start, end: start + val.length, literalStart, literalEnd: literalStart + g.val.length, line });
      }
      continue;
    }
    // A Dockerfile/shell line continued with a backslash: the value ends before it.
    const u = UNQUOTED_LINE.exec(kind === 'dockerfile' || kind === 'shell' ? lineText.replace(/\s+\\\s*$/, '') : lineText);
    if (!u) continue;
    const g = u.groups!;
    // YAML takes `key: value`, and `- KEY=value` in compose environment lists; a bare space separates only in Dockerfile ENV/ARG.
    if (kind === 'yaml' && g.sep !== ':' && !(g.sep === '=' && /^\s*-\s/.test(lineText))) continue;
    if (/^[ \t]$/.test(g.sep) && !(kind === 'dockerfile' && /^\s*(ENV|ARG)\s/.test(lineText))) continue;
    if (/^[|>]/.test(g.val) || /^[&*!]/.test(g.val)) continue;
    const nameKind = credentialNameKind(g.key);
    if (!nameKind) continue;
    const valIdx = lineText.indexOf(g.val, lineText.indexOf(g.sep, lineText.indexOf(g.key) + g.key.length) + 1);
    if (!judge(g.val, nameKind, g.key, lineText, valIdx, valIdx + g.val.length)) continue;
    const start = lineStart + valIdx;
    hits.push({
      key: g.key,
      kindOfName: nameKind,
      start,
      end: start + g.val.length,
      literalStart: start,
      literalEnd: start + g.val.length,
      line,
    });
  }
  return hits;
}
