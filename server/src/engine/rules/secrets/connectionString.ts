/**
 * Credentials inside connection strings of every common driver, found by a
 * small parser rather than one regex per driver:
 *   - URLs with user:password@ (any scheme, `jdbc:` included; a password may
 *     hold `@` or percent-encoding: the host is after the last `@`),
 *   - JDBC properties (`jdbc:sqlserver://h;password=...`, `jdbc:postgresql://h/db?password=...`),
 *   - ODBC and ADO.NET key=value lists (`Server=...;Password=...;`, `Pwd={...}`),
 *   - Oracle `user/password@host` (EZConnect, `jdbc:oracle:thin:`, sqlplus),
 *   - tokens in URLs: `?api_key=`, `&access_token=`, `#access_token=`, and a
 *     bot token in the path (`api.telegram.org/bot<token>/`).
 * Each hit is the range of the secret itself, so the fix splices a reference
 * into the string and keeps the rest of it. Never throws.
 */
import { isPlaceholderToken, isTemplateReference, judgeCredentialValue } from './heuristics';

export interface ConnectionHit {
  /** Range of the password or token. */
  start: number;
  end: number;
  /** What it is, e.g. "password in a JDBC connection string". Never the value. */
  kind: string;
  envName: string;
  /** The user name and host when the string names them (for the local-default judgement; not secret). */
  user?: string;
  host?: string;
}

const PREFILTER = /jdbc:|pwd|passw|token=|key=|secret=|\/bot\d|sqlplus|@\/\/|:\/\/[^\s/@]{0,200}@/i;

/** URLs (jdbc: and odbc: included), up to whitespace or a quote. */
const URL_RE = /\b(?:jdbc:[a-z0-9]+(?::[a-z0-9]+)*:|[a-z][a-z0-9+.-]{1,20}:)\/\/[^\s"'`<>]{3,2000}/gi;
/** Key=value lists with a password key: ODBC, ADO.NET, JDBC SQL Server properties. */
const KV_PASSWORD = /(?<![A-Za-z0-9_])(?:password|pwd|passwd|user\s?password)\s*=\s*(?:\{((?:[^}]|\}\})*)\}|"((?:[^"]|"")*)"|'((?:[^']|'')*)'|([^;"'`\s&]+))/gi;
/** Credential parameters of a URL's query or fragment. */
const QUERY_PARAM = /[?&#;](api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|client[_-]?secret|secret|password|passwd|pwd|private[_-]?token|sig|signature|key)=([^&#\s"'`;]+)/gi;
/** Oracle: user/password@host or @//host, in sqlplus, EZConnect, jdbc:oracle:thin:. */
const ORACLE = /(?:jdbc:oracle:(?:thin|oci):|\bsqlplus(?:\s+-\w+)*\s+|(?<![\w/.:-]))([A-Za-z][\w$#]{0,30})\/("[^"\s]{1,128}"|[^\s/@"'`]{1,128})@(\/\/)?([A-Za-z0-9][\w.-]*)(:\d{2,5})?/g;

const LOCAL_KINDS: Record<string, string> = {
  jdbc: 'password in a JDBC connection string',
  url: 'password in a connection URL',
  kv: 'password in a connection string (ODBC / ADO.NET)',
  oracle: 'password in an Oracle connection string',
  query: 'token in a URL',
};

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A literal password (not a reference, not a placeholder, not empty). */
function isLiteralPassword(raw: string, before: string, after: string): boolean {
  const v = decode(raw);
  if (v.length < 3) return false;
  if (/^[$%{<[]|^#\{|\$\{|\{\{|%[A-Z_]+%|^@[A-Za-z_]+@?$/.test(v) || isTemplateReference(v)) return false;
  if (/^\*+$/.test(v) || /^x+$/i.test(v)) return false;
  return !isPlaceholderToken(v, before, after);
}

function lineOf(text: string, start: number, end: number): { before: string; after: string } {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return { before: text.slice(ls, start), after: text.slice(end, le) };
}

export function findConnectionCredentials(text: string): ConnectionHit[] {
  const hits: ConnectionHit[] = [];
  try {
    if (!PREFILTER.test(text)) return hits;
    const push = (h: ConnectionHit) => {
      if (h.end <= h.start || hits.some((k) => h.start < k.end && k.start < h.end)) return;
      const { before, after } = lineOf(text, h.start, h.end);
      if (!isLiteralPassword(text.slice(h.start, h.end), before, after)) return;
      hits.push(h);
    };
    URL_RE.lastIndex = 0;
    for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
      const url = m[0].replace(/[)\]},.;]+$/, '');
      const jdbc = /^jdbc:/i.test(url);
      const scheme = /^[^/]*?(?=:\/\/)/.exec(url)![0];
      const rest = url.slice(scheme.length + 3);
      // userinfo: the host follows the LAST @ of the authority (a password may hold @).
      const ui = /^([^:@/\s]{0,128}):([^\s]{1,300})@([A-Za-z0-9._\-[\]]+(?::\d{1,5})?)(?=[/?#;,]|$)/.exec(rest);
      if (ui) {
        const s = m.index + scheme.length + 3 + ui[1].length + 1;
        push({ start: s, end: s + ui[2].length, kind: jdbc ? LOCAL_KINDS.jdbc : LOCAL_KINDS.url, envName: 'DB_PASSWORD', user: ui[1], host: ui[3].replace(/:\d+$/, '') });
      }
      const host = /^(?:[^@/]*@)?([A-Za-z0-9._-]+)/.exec(ui ? ui[3] : rest)?.[1];
      if (jdbc) {
        KV_PASSWORD.lastIndex = 0;
        for (let k = KV_PASSWORD.exec(url); k; k = KV_PASSWORD.exec(url)) {
          const g = k[1] ?? k[2] ?? k[3] ?? k[4] ?? '';
          const s = m.index + k.index + k[0].length - g.length - (k[4] !== undefined ? 0 : 1);
          const user = /[;?&](?:user|username|user\s?id|uid)=([^;&]+)/i.exec(url)?.[1];
          push({ start: s, end: s + g.length, kind: LOCAL_KINDS.jdbc, envName: 'DB_PASSWORD', user, host });
        }
      }
      QUERY_PARAM.lastIndex = 0;
      for (let q = QUERY_PARAM.exec(url); q; q = QUERY_PARAM.exec(url)) {
        const name = q[1].toLowerCase();
        if (jdbc && /^(password|passwd|pwd)$/.test(name)) continue; // done above
        const v = decode(q[2]);
        const s = m.index + q.index + q[0].length - q[2].length;
        const pw = /^(password|passwd|pwd)$/.test(name);
        if (!pw && !judgeCredentialValue(v, 'token', 3).secret && !/^eyJ/.test(v)) continue;
        const envName = pw ? 'DB_PASSWORD' : name.replace(/[^a-z0-9]+/g, '_').toUpperCase() === 'KEY' ? 'API_KEY' : name.replace(/[^a-z0-9]+/g, '_').toUpperCase();
        push({ start: s, end: s + q[2].length, kind: pw ? LOCAL_KINDS.url : LOCAL_KINDS.query, envName, host });
      }
      // A bot token in the path: api.telegram.org/bot<id>:<secret>/
      const bot = /\/bot(\d{5,16}:[A-Za-z0-9_-]{30,})(?=[/?#]|$)/.exec(url);
      if (bot) {
        const s = m.index + bot.index + 4;
        push({ start: s, end: s + bot[1].length, kind: 'bot token in a URL path', envName: 'TELEGRAM_BOT_TOKEN' });
      }
    }
    // ODBC / ADO.NET: a key=value list that names a server or database next to the password.
    if (/pwd|passw/i.test(text)) {
      KV_PASSWORD.lastIndex = 0;
      for (let k = KV_PASSWORD.exec(text); k; k = KV_PASSWORD.exec(text)) {
        const ls = text.lastIndexOf('\n', k.index) + 1;
        let le = text.indexOf('\n', k.index);
        if (le < 0) le = text.length;
        const line = text.slice(ls, le);
        if (!/(?:server|data source|host|hostname|address|addr|database|initial catalog|driver|dsn|uid|user id|username|port)\s*=/i.test(line)) continue;
        if (!/;/.test(line)) continue;
        const g = k[1] ?? k[2] ?? k[3] ?? k[4] ?? '';
        if (k[4] !== undefined && /[(),]/.test(g)) continue; // code, not a connection string
        const s = k.index + k[0].length - g.length - (k[4] !== undefined ? 0 : 1);
        const user = /(?:^|[;"'\s])(?:uid|user id|user|username)\s*=\s*([^;"']+)/i.exec(line)?.[1]?.trim();
        const host = /(?:^|[;"'\s])(?:server|data source|host|hostname|address|addr)\s*=\s*(?:tcp:)?([^;"',\\]+)/i.exec(line)?.[1]?.trim();
        push({ start: s, end: s + g.length, kind: LOCAL_KINDS.kv, envName: 'DB_PASSWORD', user, host });
      }
    }
    // Oracle: user/password@host.
    if (text.includes('/') && text.includes('@')) {
      ORACLE.lastIndex = 0;
      for (let o = ORACLE.exec(text); o; o = ORACLE.exec(text)) {
        const explicit = /^(?:jdbc:oracle|sqlplus)/i.test(o[0]);
        // Bare user/password@host only in an Oracle shape: @//host or a :1521-style port.
        if (!explicit && !o[3] && !o[5]) continue;
        const pw = o[2].replace(/^"|"$/g, '');
        const s = o.index + o[0].indexOf('/' + o[2] + '@') + 1 + (o[2].startsWith('"') ? 1 : 0);
        push({ start: s, end: s + pw.length, kind: LOCAL_KINDS.oracle, envName: 'ORACLE_PASSWORD', user: o[1], host: o[4] });
      }
    }
  } catch {
    // A parser of open-ended input never breaks the scan.
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Host names that only exist on a developer's machine or inside a compose network. */
const LOCAL_HOST = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|[a-z][a-z0-9_-]{0,30})$/i;
/** Passwords nobody means as a secret: the image's documented defaults and their like. */
const TRIVIAL = /^(?:postgres|postgresql|mysql|mariadb|root|admin|password|passw0rd|pass|secret|guest|test|dev|devpass|local|example|changeme|sa|oracle|mongo|mongodb|redis|rabbitmq|user|docker|default|123456|12345678|1234|toor|app)$/i;

/**
 * A trivial local-development default: a documented default password (or
 * the user's own name) for a host that only a developer's machine or a
 * compose network resolves. Information, never an error.
 */
export function localDefaultReason(password: string, user: string | undefined, host: string | undefined): string | undefined {
  if (!host || !LOCAL_HOST.test(host)) return undefined;
  const pw = decode(password);
  if (!(TRIVIAL.test(pw) || (user && pw.toLowerCase() === decode(user).toLowerCase()))) return undefined;
  return `a trivial local-development default for the local host "${host}"`;
}
