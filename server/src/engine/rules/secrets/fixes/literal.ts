/** Parsing and escaping of the raw source text of a string literal. */

/** Raw source text of a "..." or '...' JS string, made safe inside a template literal. */
export function jsTemplateEscape(s: string): string {
  return s.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** Raw source text of a Python string, made safe inside an f-string. */
export function pyFStringEscape(s: string): string {
  return s.replace(/\{/g, '{{').replace(/\}/g, '}}');
}

export interface ParsedLiteral {
  /** String prefix letters (Python `b`, `r`, `f`, `u`), as written. */
  prefix: string;
  quote: string;
  /** The raw text between the quotes. */
  inner: string;
}

/** Splits a quoted literal into prefix, quote and inner text; undefined when it is not one quoted string. */
export function parseLiteral(literal: string): ParsedLiteral | undefined {
  const m = /^([bBrRuUfF]{0,2})("""|\'\'\'|"|'|`)/.exec(literal);
  if (!m) return undefined;
  const quote = m[2];
  const body = literal.slice(m[0].length);
  if (!body.endsWith(quote) || literal.length < m[0].length + quote.length) return undefined;
  return { prefix: m[1], quote, inner: body.slice(0, body.length - quote.length) };
}
