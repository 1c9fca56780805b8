/**
 * The reference that replaces a secret, per reference style: its text, the
 * fix title, and the rewrite of the literal that keeps the text around the secret.
 */
import type { SecretFixData } from '../types';
import { jsTemplateEscape, parseLiteral, pyFStringEscape } from './literal';

type Style = SecretFixData['style'];

export function reference(style: Style, name: string): string {
  switch (style) {
    case 'js':
      return `process.env.${name}`;
    case 'python':
      return `os.environ["${name}"]`;
    case 'go':
      return `os.Getenv("${name}")`;
    case 'java':
      return `System.getenv("${name}")`;
    case 'ruby':
      return `ENV.fetch("${name}")`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${name}")`;
    case 'php':
      return `getenv('${name}')`;
    case 'terraform':
      return `var.${name.toLowerCase()}`;
    case 'gha':
      return `\${{ secrets.${name} }}`;
    default:
      return `\${${name}}`;
  }
}

export function referenceTitle(style: Style, name: string, secretName?: string): string {
  switch (style) {
    case 'k8s-env':
      return `Replace with valueFrom.secretKeyRef (Secret "${secretName}", key "${name}")`;
    case 'shell':
    case 'yaml':
    case 'json':
    case 'none':
      return `Replace with \${${name}} (filled from the environment)`;
    case 'terraform':
      return `Replace with var.${name.toLowerCase()} (a sensitive variable)`;
    case 'gha':
      return `Replace with \${{ secrets.${name} }} (a repository or environment secret)`;
    default:
      return `Replace with ${reference(style, name)}`;
  }
}

/**
 * The replacement text for the literal, keeping any text around the secret.
 * Works on raw source text: escapes already in the literal stay as they are.
 * Returns undefined when no correct rewrite is known (the fix is not offered).
 */
export function replacementText(style: Style, name: string, literal: string, secret: string, ctx: { jsxAttribute?: boolean; flow?: boolean } = {}): string | undefined {
  const lit = parseLiteral(literal);
  const quote = lit?.quote ?? '';
  const inner = lit ? lit.inner : literal;
  const at = inner.indexOf(secret);
  const prefix = at >= 0 ? inner.slice(0, at) : '';
  const suffix = at >= 0 ? inner.slice(at + secret.length) : '';
  const whole = at < 0 || (prefix === '' && suffix === '');
  const ref = reference(style, name);
  switch (style) {
    case 'js': {
      let out: string;
      if (whole) out = ref;
      else if (quote === '`') out = `\`${prefix}\${${ref}}${suffix}\``; // already a template: splice only the secret
      else out = `\`${jsTemplateEscape(prefix)}\${${ref}}${jsTemplateEscape(suffix)}\``;
      return ctx.jsxAttribute ? `{${out}}` : out;
    }
    case 'python': {
      const p = (lit?.prefix ?? '').toLowerCase();
      if (p.includes('b')) return whole ? `${ref}.encode()` : undefined;
      if (whole) return ref;
      const q = quote || '"';
      const inner2 = q.includes('"') ? `os.environ['${name}']` : `os.environ["${name}"]`;
      // An f-string already: keep its expressions; otherwise double the braces of the literal text.
      const [pre, suf] = p.includes('f') ? [prefix, suffix] : [pyFStringEscape(prefix), pyFStringEscape(suffix)];
      return `${p.includes('r') ? 'r' : ''}f${q}${pre}{${inner2}}${suf}${q}`;
    }
    case 'go':
    case 'java':
    case 'ruby':
    case 'csharp':
    case 'php': {
      if (whole) return ref;
      const cat = style === 'php' ? ' . ' : ' + ';
      const q = quote || '"';
      const parts = [prefix ? `${q}${prefix}${q}` : '', ref, suffix ? `${q}${suffix}${q}` : ''].filter(Boolean);
      return parts.join(cat);
    }
    case 'terraform':
      return whole ? ref : `"${prefix}\${${ref}}${suffix}"`;
    case 'gha': {
      const q = quote || (ctx.flow ? '"' : '');
      return `${q}${whole ? '' : prefix}${ref}${whole ? '' : suffix}${q}`;
    }
    case 'json':
      return `"${whole ? '' : prefix}\${${name}}${whole ? '' : suffix}"`;
    case 'shell': {
      // Single quotes never expand: use double quotes.
      const q = quote === "'" || quote === '' ? '"' : quote;
      return `${q}${whole ? '' : prefix}\${${name}}${whole ? '' : suffix}${q}`;
    }
    default: {
      // yaml, none: keep the quoting, swap only the secret; inside a flow collection ({...} or [...]) quote it.
      const q = quote || (ctx.flow ? '"' : '');
      return `${q}${whole ? '' : prefix}\${${name}}${whole ? '' : suffix}${q}`;
    }
  }
}
