/**
 * A keyword prefilter for secretlint's recommended preset (as gitleaks does with its per-rule keywords):
 * building the preset's 25 rules for one file costs about 0.1 ms before any matching, and most files
 * cannot match any of them. `secretlintMayMatch` is a safe superset of the preset with its default options:
 * whenever a rule could report anything on (text, file), it says true; it says false only when no rule can
 * match, and then secretlint is not run.
 *
 * Each gate below is a NECESSARY part of its rule: a prefix (lookbehinds and boundaries dropped, which only
 * widens it) of the rule's regular expression, with the rule's own case sensitivity, so every match the rule
 * can report contains a match of the gate. Read from @secretlint/secretlint-rule-preset-recommend 12.0.0
 * (module/index.js, which bundles the rules); the rule it comes from is named on each line.
 *
 *   rule (secretlint-rule-*)    gate (case-sensitive unless marked "any case")
 *   aws                         (SECRET|secret|Secret)_?(ACCESS|access|Access)_?(KEY|key|Key)
 *                               (the access key id and account id patterns run only with the option
 *                               enableIDScanRule, and any option turns the prefilter off)
 *   gcp                         a .p12 file: ALWAYS (the rule reads the file from disk and checks its MAC:
 *                               the text says nothing); a .json file: "PRIVATE KEY" (the parsed
 *                               "private_key" must match /-----BEGIN...PRIVATE KEY/), or ALWAYS when the
 *                               text holds a \u escape (JSON could spell the key name or value with it)
 *   privatekey                  PRIVATE KEY
 *   npm                         npm_[A-Za-z0-9_]{36}   (any file: npm access token)
 *                               x-oauth-basic@         (package.json / package-lock.json branch)
 *                               _authToken=            (.npmrc branch)
 *                               (the file name only chooses which branch runs; each branch needs its text)
 *   basicauth                   (https?|ftps?)://[-\w]{1,256}:[-\w]{1,256}@
 *   slack                       xox[bpaor]-  xapp-      (tokens)
 *                               hooks.slack.com/services/  (webhooks; any case: the rule has the i flag)
 *   sendgrid                    SG.\w
 *   shopify                     shp(pa|ca|at|ss)_
 *   github                      gh[pousr]_  github_pat_
 *   gitlab                      glpat-
 *   grafana                     glc_  glsa_
 *   openai                      T3BlbkFJ  (in both alternatives of the rule)
 *   anthropic                   sk-ant-api0\d-
 *   groq                        gsk_
 *   huggingface                 hf_[a-zA-Z]{34}
 *   linear                      lin_api_
 *   notion                      ntn_
 *   1password                   ops_ey
 *   database-connection-string  any case (the rule has the i flag): (mongodb(+srv)?|mysqlx?|postgres(ql)?)://
 *                               then user:password@ (a match without both is not reported)
 *   hashicorp-vault             hv[sbr].
 *   vercel                      vc[piark]_
 *   databricks                  dapi[A-Fa-f0-9]{32}
 *   docker                      dckr_pat_   (12.0.0 has no config.json branch)
 *   figma                       figd_
 *   filter-comments             reports nothing (it only hides; the engine masks its directives anyway)
 *
 * No rule of the preset (with default options) is a bare high-entropy pattern without a literal.
 *
 * The prefilter knows exactly these rules: if the installed preset has any other rule (an upgrade), it
 * never skips. The caller does not use it with extra rule packages or with preset rule options.
 */
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';

const P = '@secretlint/secretlint-rule-';

/** The preset rules the gates cover (12.0.0), filter-comments included (it reports nothing). */
const PREFILTERED_RULE_IDS: readonly string[] = [
  'aws', 'gcp', 'privatekey', 'npm', 'basicauth', 'slack', 'sendgrid', 'shopify', 'github', 'gitlab', 'grafana',
  'openai', 'anthropic', 'groq', 'huggingface', 'linear', 'notion', '1password', 'database-connection-string',
  'hashicorp-vault', 'vercel', 'databricks', 'docker', 'figma', 'filter-comments',
].map((r) => P + r);

/** `abc` in any ASCII case, as the i flag (without u) reads it: [Aa][Bb][Cc]. */
function anyCase(s: string): string {
  return s.replace(/[a-z]/gi, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
}

/** The database schemes (database-connection-string, i flag) and what a reported match needs after them. */
const DB_URL = `(?:${anyCase('mongodb')}(?:\\+${anyCase('srv')})?|${anyCase('mysql')}[Xx]?|${anyCase('postgres')}(?:${anyCase('ql')})?):\\/\\/[^:\\/\\s]{1,100}:[^@\\/\\s]{1,200}@`;

/**
 * Every gate of the table, in one regular expression without flags (the any-case gates are spelled with
 * character classes). Most gates are matched at their separator (`_`, `-`, `.`, `@`), with the prefix as a
 * lookbehind (behind a one-character guard): the same texts match as with the plain prefixes, but the scan
 * tries a handful of alternatives per character instead of thirty (about 1 ms per MB instead of 3).
 */
const GATES = new RegExp(
  [
    // Every prefix ends in a lower-case letter: the guard `(?<=[a-z]_)` keeps runs of `_` cheap.
    '_(?:authToken=|(?<=[a-z]_)(?:' + // npm (.npmrc)
      [
        '(?<=npm_)[A-Za-z0-9_]{36}', // npm (token)
        '(?<=hf_)[a-zA-Z]{34}', // huggingface
        '(?<=ops_)ey', // 1password
        '(?<=(?:' +
          [
            'ntn', // notion
            'shp(?:pa|ca|at|ss)', // shopify
            'gh[pousr]|github_pat', // github
            'glc|glsa', // grafana
            'gsk', // groq
            'lin_api', // linear
            'vc[piark]', // vercel
            'dckr_pat', // docker
            'figd', // figma
          ].join('|') +
          ')_)',
      ].join('|') +
      '))',
    '-(?<=[a-z0-9]-)(?<=' +
      [
        'xox[bpaor]-|xapp-', // slack (tokens)
        'sk-ant-api0\\d-', // anthropic
        'glpat-', // gitlab
      ].join('|') +
      ')',
    '\\.(?<=[sbrG]\\.)(?:' +
      [
        '(?<=hv[sbr]\\.)', // hashicorp-vault
        '(?<=SG\\.)\\w', // sendgrid
      ].join('|') +
      ')',
    '@(?<=[^@\\/\\s]@)(?<=' +
      [
        'x-oauth-basic@', // npm (package.json)
        '(?:https?|ftps?):\\/\\/[-\\w]{1,256}:[-\\w]{1,256}@', // basicauth
        DB_URL, // database-connection-string
      ].join('|') +
      ')',
    '(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)', // aws
    'PRIVATE KEY', // privatekey, gcp (.json)
    'T3BlbkFJ', // openai
    'dapi[A-Fa-f0-9]{32}', // databricks
    `${anyCase('hooks')}\\.${anyCase('slack')}\\.${anyCase('com')}\\/${anyCase('services')}\\/`, // slack (webhooks)
  ].join('|'),
);

/** The extension secretlint is given for a file (runSecretlint's own rule: from the last dot on). */
export function secretlintExt(filePath: string): string {
  return filePath.slice(filePath.lastIndexOf('.'));
}

/** True when the installed preset is exactly the set of rules the gates were written for. */
export const PREFILTER_COVERS_PRESET: boolean = (() => {
  const known = new Set(PREFILTERED_RULE_IDS);
  const ids = (presetRules as Array<{ meta: { id: string } }>).map((r) => r.meta.id);
  return ids.length === known.size && ids.every((id) => known.has(id));
})();

/**
 * False only when no rule of the recommended preset (default options) can report anything on this text
 * and file; see the table above. `text` is the content secretlint is given.
 */
export function secretlintMayMatch(text: string, filePath: string): boolean {
  if (!PREFILTER_COVERS_PRESET) return true;
  const ext = secretlintExt(filePath);
  if (ext === '.p12') return true; // gcp: the rule reads the file itself
  if (ext === '.json' && text.includes('\\u')) return true; // gcp: JSON escapes could spell the key
  return GATES.test(text);
}
