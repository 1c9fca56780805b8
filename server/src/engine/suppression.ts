/**
 * Suppression comments, honoured in any comment syntax (//, #, ;, <!-- -->,
 * /* *\/) and for every rule of every family: ours, and secretlint's own
 * (so secretlint's CLI and this product agree on secrets):
 *   microapp-guard-disable [rule or family...]   until microapp-guard-enable
 *   microapp-guard-enable [rule or family...]
 *   microapp-guard-disable-line [rule or family...]
 *   microapp-guard-disable-next-line [rule or family...]
 *   secretlint-disable / -enable / -disable-line / -disable-next-line, the same
 * Rule ids may be ours ("secret/generic-credential", "iam/aws-wildcard-action",
 * "secretlint/slack") or secretlint's ("@secretlint/secretlint-rule-slack");
 * a family is named by its name or category ("secrets", "permissions/*", "iam").
 * Formats without comments (JSON) use the fingerprint file instead (fixes/ignore.ts).
 */
import { familyOf, isFamilySelector, selectorMatches } from './registry';
import type { LineIndex } from './text';

// A directive starts a comment: after //, #, ;, --, /*, <!-- or a * continuation line, with only spaces between.
const DIRECTIVE = /(?:\/\/|(?:^|(?<=[ \t]))(?:#|;|--)|\/\*+|<!--|^[ \t]*\*(?!\s+(?:secretlint|microapp-guard)-[\w-]+:))[ \t]*(?:secretlint|microapp-guard)-(disable-next-line|disable-line|disable|enable)\b((?:(?!\*\/|-->)[^\n])*)/gm;

interface Block {
  from: number; // offset where reporting stops
  to: number; // offset where it starts again (Infinity when never)
  rules: string[] | 'all';
}

export class Suppressions {
  private readonly lineRules = new Map<number, string[] | 'all'>();
  private readonly blocks: Block[] = [];

  /** `markdown`: only HTML comments count (a `#` heading or `*` bullet is prose). */
  constructor(private readonly index: LineIndex, kind?: string) {
    const text = index.text;
    if (!text.includes('secretlint-') && !text.includes('microapp-guard-')) return;
    const markdown = kind === 'markdown';
    const open = new Map<string, number>(); // rule or '*' -> offset
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
      if (markdown && !m[0].startsWith('<!--')) continue;
      // Inside backticks (inline code in prose or a string), it is an example, not a directive.
      const lineStartAt = text.lastIndexOf('\n', m.index) + 1;
      if (((text.slice(lineStartAt, m.index).match(/`/g) ?? []).length % 2) === 1) continue;
      const at = m.index + m[0].search(/(secretlint|microapp-guard)-/);
      const line = index.positionAt(at).line;
      const rules = parseRuleList(m[2]);
      switch (m[1]) {
        case 'disable-line':
          this.addLine(line, rules);
          break;
        case 'disable-next-line':
          this.addLine(line + 1, rules);
          break;
        case 'disable':
          for (const r of rules === 'all' ? ['*'] : rules) if (!open.has(r)) open.set(r, at);
          break;
        case 'enable':
          for (const [r, from] of [...open]) {
            if (rules === 'all' || rules.includes(r)) {
              this.blocks.push({ from, to: at, rules: r === '*' ? 'all' : [r] });
              open.delete(r);
            }
          }
          break;
      }
    }
    for (const [r, from] of open) this.blocks.push({ from, to: Infinity, rules: r === '*' ? 'all' : [r] });
  }

  private addLine(line: number, rules: string[] | 'all') {
    const prev = this.lineRules.get(line);
    if (prev === 'all' || rules === 'all') this.lineRules.set(line, 'all');
    else this.lineRules.set(line, [...(prev ?? []), ...rules]);
  }

  /** Is a finding of `ruleId` that starts at `start` suppressed? */
  isSuppressed(ruleId: string, start: { line: number; character: number }): boolean {
    const l = this.lineRules.get(start.line);
    if (l && (l === 'all' || l.some((r) => ruleMatches(r, ruleId)))) return true;
    if (!this.blocks.length) return false;
    const offset = this.index.offsetAt(start);
    return this.blocks.some((b) => offset >= b.from && offset < b.to && (b.rules === 'all' || b.rules.some((r) => ruleMatches(r, ruleId))));
  }
}

function parseRuleList(rest: string): string[] | 'all' {
  // The rule list ends where the comment does, or at a "--" description.
  const cleaned = rest.replace(/(-->|\*\/).*$/, '').replace(/\s--\s.*$/, '');
  const tokens = cleaned
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const ids = tokens.filter((s) => /^@secretlint\/[\w-]+$/.test(s) || (/^[a-z0-9]+\/[\w-]+$/.test(s) && familyOf(s) !== undefined) || isFamilySelector(s));
  if (ids.length) return ids;
  // Something written like a rule id that names no rule (a typo such as "secrets/generic-credential") silences
  // nothing; plain words after the directive are a reason, and a bare directive silences every rule.
  if (tokens.some((s) => /^@?[\w-]+\/[\w*-]+$/.test(s))) return [];
  return 'all';
}

function ruleMatches(token: string, ruleId: string): boolean {
  if (token === ruleId) return true;
  if (token.startsWith('@secretlint/secretlint-rule-')) return `secretlint/${token.slice('@secretlint/secretlint-rule-'.length)}` === ruleId;
  // A bare prefix ("secret/") never matches by itself; a family is named whole ("secrets", "secret/*").
  return selectorMatches(token, ruleId);
}
