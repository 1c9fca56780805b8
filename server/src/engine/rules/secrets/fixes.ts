/**
 * Fixes for secret findings: replace the literal by a reference that fits the
 * file, add NAME= to .env.example, ignore the line, keep .env out of git.
 */
import * as path from 'path';
import { detectFileKind } from '../../formats/fileKind';
import { eolOf } from '../../fixes/ignore';
import { LineIndex } from '../../text';
import type { DocumentInput, FileEdit, Finding, Fix, Range, TextEdit, WorkspaceView } from '../../types';
import type { FixData, SecretFixData } from './types';

let memo: { text: string; index: LineIndex } | undefined;
/** One LineIndex per text: fix-all asks for the fixes of many findings of one document. */
function indexFor(text: string): LineIndex {
  if (memo?.text !== text) memo = { text, index: new LineIndex(text) };
  return memo.index;
}

export interface FixContext {
  workspace?: WorkspaceView;
  /** projectEnvNames(workspace), when the caller computed it already. */
  envNames?: ReadonlySet<string>;
}

/** Raw source text of a "..." or '...' JS string, made safe inside a template literal. */
function jsTemplateEscape(s: string): string {
  return s.replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** Raw source text of a Python string, made safe inside an f-string. */
function pyFStringEscape(s: string): string {
  return s.replace(/\{/g, '{{').replace(/\}/g, '}}');
}

interface ParsedLiteral {
  prefix: string;
  quote: string;
  inner: string;
}

function parseLiteral(literal: string): ParsedLiteral | undefined {
  const m = /^([bBrRuUfF]{0,2})("""|\'\'\'|"|'|`)/.exec(literal);
  if (!m) return undefined;
  const quote = m[2];
  const body = literal.slice(m[0].length);
  if (!body.endsWith(quote) || literal.length < m[0].length + quote.length) return undefined;
  return { prefix: m[1], quote, inner: body.slice(0, body.length - quote.length) };
}

function reference(style: SecretFixData['style'], name: string): string {
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

function referenceTitle(style: SecretFixData['style'], name: string, secretName?: string): string {
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
function replacementText(style: SecretFixData['style'], name: string, literal: string, secret: string, ctx: { jsxAttribute?: boolean; flow?: boolean } = {}): string | undefined {
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

function envExamplePath(doc: DocumentInput, ws?: WorkspaceView): string {
  return path.join(ws?.root ?? path.dirname(doc.path), '.env.example');
}

function appendLineEdit(existing: string | undefined, line: string): TextEdit {
  const text = existing ?? '';
  const index = new LineIndex(text);
  const end = index.positionAt(text.length);
  const needsNewline = text.length > 0 && !text.endsWith('\n');
  return { range: { start: end, end }, newText: `${needsNewline ? '\n' : ''}${line}\n` };
}

function pythonImportEdit(text: string): TextEdit | undefined {
  // A module-level `import os` (not `import os as x`, not inside a function).
  if (/^\uFEFF?import[ \t]+(os[ \t]*(,|$|#)|[\w., \t]*,[ \t]*os[ \t]*(,|$|#))/m.test(text)) return undefined;
  // After a shebang, an encoding line, the module docstring and `from __future__` imports.
  const lines = text.split(/\r?\n/);
  let line = 0;
  const skipBlank = () => {
    while (line < lines.length && /^\s*(#.*)?$/.test(lines[line])) line++;
  };
  while (line < lines.length && /^(#!|#.*coding[:=])/.test(lines[line])) line++;
  const afterHeader = line;
  skipBlank();
  const doc = /^\uFEFF?[rRuU]?("""|\'\'\'|"|')/.exec(lines[line] ?? '');
  if (doc) {
    const q = doc[1];
    const rest = lines[line].slice(doc[0].length);
    if (rest.includes(q)) line++;
    else {
      line++;
      while (line < lines.length && !lines[line].includes(q)) line++;
      line++;
    }
  } else {
    line = afterHeader;
  }
  let l = line;
  while (l < lines.length && /^\s*(#.*)?$|^from\s+__future__\s+import\b/.test(lines[l])) {
    if (/^from\s+__future__/.test(lines[l])) {
      // a parenthesised list may span lines
      if (/\(/.test(lines[l]) && !/\)/.test(lines[l])) while (l + 1 < lines.length && !/\)/.test(lines[l])) l++;
      line = l + 1;
    }
    l++;
  }
  line = Math.min(line, lines.length);
  const character = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // after a byte-order mark
  return { range: { start: { line, character }, end: { line, character } }, newText: `import os${eolOf(text)}` };
}

function goImportEdit(text: string): TextEdit | undefined {
  if (/^\s*import\s+(\(\s*)?"os"|^\s*"os"\s*$/m.test(text)) return undefined;
  const lines = text.split(/\r?\n/);
  const block = lines.findIndex((l) => /^import\s*\($/.test(l.trim()));
  if (block >= 0) return { range: { start: { line: block + 1, character: 0 }, end: { line: block + 1, character: 0 } }, newText: `\t"os"${eolOf(text)}` };
  const pkg = lines.findIndex((l) => /^\uFEFF?package\s+\w+/.test(l));
  if (pkg < 0) return undefined;
  return { range: { start: { line: pkg + 1, character: 0 }, end: { line: pkg + 1, character: 0 } }, newText: `${eolOf(text)}import "os"${eolOf(text)}` };
}

function terraformVariableEdit(doc: DocumentInput, name: string, ws?: WorkspaceView): TextEdit | undefined {
  const v = name.toLowerCase();
  const declared = new RegExp(`variable\\s+"${v}"`);
  if (declared.test(doc.text)) return undefined;
  const variablesTf = ws?.readFile?.(path.join(path.dirname(doc.path), 'variables.tf'));
  if (variablesTf && declared.test(variablesTf)) return undefined;
  const eol = eolOf(doc.text);
  return appendLineEdit(doc.text, `${eol}variable "${v}" {${eol}  type      = string${eol}  sensitive = true${eol}}`);
}

function k8sReplacement(text: string, index: LineIndex, data: SecretFixData): string {
  const range = data.k8sValueRange!;
  const lineText = index.lineText(range.start.line);
  const flow = lineText.slice(0, range.start.character).includes('{');
  const secretName = data.k8sSecretName ?? 'app-secrets';
  if (flow) return `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${data.envName}}}`;
  const i = data.k8sIndent ?? '';
  const eol = eolOf(text);
  return `valueFrom:${eol}${i}  secretKeyRef:${eol}${i}    name: ${secretName}${eol}${i}    key: ${data.envName}`;
}

/** The lines of the `{ ... }` block around a line (Terraform). */
function blockAround(index: LineIndex, line: number): string[] {
  let from = line;
  while (from > 0 && !/\{\s*$/.test(index.lineText(from))) from--;
  let to = line;
  while (to + 1 < index.lineCount && !/^\s*\}/.test(index.lineText(to))) to++;
  const out: string[] = [];
  for (let l = from; l <= to; l++) out.push(index.lineText(l));
  return out;
}

/** `<Tag attr="...">`: the literal is a JSX attribute value and needs braces around an expression. */
function isJsxAttribute(doc: DocumentInput, index: LineIndex, range: Range): boolean {
  if (!/\.(jsx|tsx)$/i.test(doc.path) && !/react/.test(doc.languageId ?? '')) return false;
  const before = index.lineText(range.start.line).slice(0, range.start.character);
  // `<Map apiKey="...">`, an attribute on its own line, or after an arrow-function attribute: name= right before the quote.
  return /(^|\s)[A-Za-z_][\w:-]*=$/.test(before) && !/\b(const|let|var)\s+[\w$]+\s*=$/.test(before);
}

/** The edits that put a reference in place of the literal, with the import or declaration it needs. */
function referenceEdits(
  doc: DocumentInput,
  index: LineIndex,
  data: SecretFixData,
  literal: string,
  secret: string,
  ws?: WorkspaceView,
): { edits: TextEdit[]; title?: string } | undefined {
  if (data.fallback) {
    return {
      edits: [{ range: data.fallback.range, newText: data.fallback.newText }],
      title: `Remove the hardcoded fallback (keep ${data.fallback.newText || `the ${data.envName} lookup`})`,
    };
  }
  if (data.noReference) return undefined;
  const lineNo = data.replaceRange.start.line;
  const line = index.lineText(lineNo);
  const wholeLine = { start: { line: lineNo, character: 0 }, end: { line: lineNo, character: line.length } };
  const indent = /^\s*/.exec(line)![0];
  if (data.style === 'dockerfile' && /^\s*(ENV|ARG)\s/i.test(line)) {
    // Only a single `ENV KEY=value` / `ENV KEY value` instruction is rewritten; other pairs or a continuation would be lost.
    if (/\\\s*$/.test(line) || !/^\s*(ENV|ARG)\s+[A-Za-z_]\w*(\s*=\s*|\s+)("[^"]*"|'[^']*'|\S+)\s*$/i.test(line)) return undefined;
    // An image layer keeps whatever ENV/ARG held: take it out of the image, provide it at run time.
    return {
      edits: [{ range: wholeLine, newText: `${indent}# ${data.envName}: provided at run time (docker run -e ${data.envName}, compose environment, or a BuildKit secret)` }],
      title: `Remove ${data.envName} from the image (provide it at run time)`,
    };
  }
  if (data.style === 'terraform') {
    if (/\.tfvars$/i.test(doc.path)) return undefined; // values files hold values: set TF_VAR_x instead
    if (/^\s*variable\s/.test(line)) return undefined; // a one-line variable block: no safe rewrite
    if (/^\s*default\s*=/.test(line)) {
      // `variable "x" { default = "secret" }`: drop the default, mark the variable sensitive (once).
      const block = blockAround(index, lineNo);
      if (!/^\s*variable\s/.test(block[0] ?? '')) return undefined; // `default` in locals or a resource: not a variable default
      const alreadySensitive = block.some((l) => /^\s*sensitive\s*=\s*true/.test(l));
      const nextLine = lineNo + 1 < index.lineCount ? { line: lineNo + 1, character: 0 } : { line: lineNo, character: line.length };
      const edit = alreadySensitive
        ? { range: { start: { line: lineNo, character: 0 }, end: nextLine }, newText: '' } // delete the default line
        : { range: wholeLine, newText: `${indent}sensitive = true` };
      return { edits: [edit], title: 'Remove the default value and mark the variable sensitive (set it with TF_VAR_...)' };
    }
  }
  const newText = replacementText(data.style, data.envName, literal, secret, {
    jsxAttribute: data.style === 'js' && isJsxAttribute(doc, index, data.replaceRange),
    flow: (data.style === 'yaml' || data.style === 'gha') && /[{[]/.test(line.slice(0, data.replaceRange.start.character)),
  });
  if (newText === undefined) return undefined;
  const edits: TextEdit[] = [{ range: data.replaceRange, newText }];
  const extra =
    data.style === 'python' ? pythonImportEdit(doc.text) : data.style === 'go' ? goImportEdit(doc.text) : data.style === 'terraform' ? terraformVariableEdit(doc, data.envName, ws) : undefined;
  if (extra) edits.push(extra);
  return { edits };
}

/** Variable names the project's .env files already define (read once per fix-all, not per finding). */
export function projectEnvNames(ws?: WorkspaceView): ReadonlySet<string> {
  const names = new Set<string>();
  if (!ws?.root || !ws.readFile) return names;
  for (const f of ['.env.example', '.env.sample', '.env.template', '.env']) {
    const text = ws.readFile(path.join(ws.root, f));
    if (!text) continue;
    for (const m of text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)) names.add(m[1]);
  }
  return names;
}

/**
 * The project may already name this value: `.env.example` / `.env` hold
 * SLACK_SIGNING_SECRET where the code says `signingSecret`. Reuse that name
 * when exactly one existing name ends with ours.
 */
function existingEnvName(name: string, names: ReadonlySet<string>): string {
  if (names.has(name)) return name;
  const candidates = [...names].filter((n) => n.endsWith(`_${name}`));
  return candidates.length === 1 ? candidates[0] : name;
}

export function secretFixes(doc: DocumentInput, finding: Finding, ctx: FixContext = {}): Fix[] {
  const original = finding.data as FixData | undefined;
  if (!original) return [];
  const ws = ctx.workspace;
  // Fix data is per finding; the env name may be refined from the project's own .env files.
  const data =
    original.kind === 'secret' && !original.fallback && original.style !== 'k8s-env'
      ? { ...original, envName: existingEnvName(original.envName, ctx.envNames ?? projectEnvNames(ws)) }
      : original;
  const kind = detectFileKind(doc.path, doc.languageId);
  const index = indexFor(doc.text);
  const fixes: Fix[] = [];

  if (data.kind === 'dotenv-committed') {
    const root = ws?.root ?? path.dirname(doc.path);
    const gitignorePath = path.join(root, '.gitignore');
    const existing = ws?.readFile?.(gitignorePath);
    const entry = data.relativePath.includes('/') ? `/${data.relativePath}` : data.relativePath;
    fixes.push({
      title: `Add ${entry} to .gitignore`,
      ruleId: finding.ruleId,
      kind: 'quickfix',
      isPreferred: true,
      safe: true,
      changes: [{ path: gitignorePath, edits: [appendLineEdit(existing, entry)], create: existing === undefined }],
    });
    return fixes;
  }

  const secret = doc.text.slice(index.offsetAt(finding.range.start), index.offsetAt(finding.range.end));
  const literal = doc.text.slice(index.offsetAt(data.replaceRange.start), index.offsetAt(data.replaceRange.end));

  if (data.style === 'k8s-env' && data.k8sValueRange) {
    fixes.push({
      title: referenceTitle('k8s-env', data.envName, data.k8sSecretName),
      ruleId: finding.ruleId,
      kind: 'quickfix',
      isPreferred: true,
      safe: true,
      changes: [{ path: doc.path, edits: [{ range: data.k8sValueRange, newText: k8sReplacement(doc.text, index, data) }] }],
    });
  } else if (data.style !== 'dotenv' && !data.noReference) {
    const edits = referenceEdits(doc, index, data, literal, secret, ws);
    if (edits) {
      fixes.push({
        title: edits.title ?? referenceTitle(data.style, data.envName),
        ruleId: finding.ruleId,
        kind: 'quickfix',
        isPreferred: true,
        safe: true,
        changes: [{ path: doc.path, edits: edits.edits }],
      });
    }
  }

  // Keep the value working locally: move it into a git-ignored .env (never into a committed file).
  const CODE_STYLES = new Set(['js', 'python', 'go', 'java', 'ruby', 'csharp', 'php', 'shell', 'yaml', 'json']);
  if (CODE_STYLES.has(data.style) && !/[\r\n]/.test(secret)) {
    const move = moveToDotenvFix(doc, finding, data, literal, secret, ws);
    if (move) fixes.push(move);
  }

  const examplePath = envExamplePath(doc, ws);
  // Only inside a workspace folder: an untitled buffer or a lone file has no project to hold .env.example.
  if (ws?.root && examplePath !== doc.path) {
    const existing = ws?.readFile?.(examplePath);
    const already = existing !== undefined && new RegExp(`^\\s*(export\\s+)?${data.envName}\\s*=`, 'm').test(existing);
    if (!already) {
      const change: FileEdit = { path: examplePath, edits: [appendLineEdit(existing, `${data.envName}=`)], create: existing === undefined };
      fixes.push({
        title: `Add ${data.envName}= to .env.example (name only, no value)`,
        ruleId: finding.ruleId,
        kind: 'quickfix',
        isPreferred: false,
        safe: false,
        changes: [change],
      });
    }
  }

  return fixes;
}

function dotenvValue(value: string): string {
  // Quote when the value has characters dotenv parsers treat specially.
  if (/^[A-Za-z0-9_./:@+=-]*$/.test(value)) return value;
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

/**
 * "Move to .env": the literal becomes a reference, the value goes to the
 * workspace's .env (created when missing), and .env is added to .gitignore
 * when git does not ignore it yet. Offered only inside a workspace folder.
 */
function moveToDotenvFix(doc: DocumentInput, finding: Finding, data: SecretFixData, literal: string, secret: string, ws?: WorkspaceView): Fix | undefined {
  if (!ws?.root || !ws.readFile) return undefined;
  const envPath = path.join(ws.root, '.env');
  if (envPath === doc.path) return undefined;
  const existing = ws.readFile(envPath);
  if (existing !== undefined && new RegExp(`^\\s*(export\\s+)?${data.envName}\\s*=`, 'm').test(existing)) return undefined;
  const ref = referenceEdits(doc, indexFor(doc.text), data, literal, secret, ws);
  if (!ref || ref.title) return undefined;
  const edits = ref.edits;
  const changes: FileEdit[] = [
    { path: doc.path, edits },
    { path: envPath, edits: [appendLineEdit(existing, `${data.envName}=${dotenvValue(secret)}`)], create: existing === undefined },
  ];
  const ignored = ws.isGitIgnored?.(envPath) ?? false;
  if (!ignored) {
    const gitignorePath = path.join(ws.root, '.gitignore');
    const gi = ws.readFile(gitignorePath);
    changes.push({ path: gitignorePath, edits: [appendLineEdit(gi, '.env')], create: gi === undefined });
  }
  return {
    title: `Move the value to .env${ignored ? '' : ' (and git-ignore .env)'} and use ${reference(data.style, data.envName)}`,
    ruleId: finding.ruleId,
    kind: 'quickfix',
    isPreferred: false,
    safe: false,
    changes,
  };
}
