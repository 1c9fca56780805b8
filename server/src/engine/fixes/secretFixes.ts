/**
 * Fixes for secret findings: replace the literal by a reference that fits the
 * file, add NAME= to .env.example, ignore the line, keep .env out of git.
 */
import * as path from 'path';
import { commentSyntax, detectFileKind, type FileKind } from '../formats/fileKind';
import { LineIndex } from '../text';
import type { DocumentInput, FileEdit, Finding, Fix, Range, SecretFixData, TextEdit, WorkspaceView } from '../types';

export interface FixContext {
  workspace?: WorkspaceView;
}

function jsTemplateEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function pyFStringEscape(s: string): string {
  return s.replace(/\{/g, '{{').replace(/\}/g, '}}').replace(/"/g, '\\"');
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
    default:
      return `Replace with ${reference(style, name)}`;
  }
}

/** The replacement text for the literal, keeping any text around the secret. */
function replacementText(style: SecretFixData['style'], name: string, literal: string, secret: string): string {
  const quote = /^["'`]/.test(literal) && literal.length >= 2 && literal.endsWith(literal[0]) ? literal[0] : '';
  const inner = quote ? literal.slice(1, -1) : literal;
  const at = inner.indexOf(secret);
  const prefix = at >= 0 ? inner.slice(0, at) : '';
  const suffix = at >= 0 ? inner.slice(at + secret.length) : '';
  const whole = at < 0 || (prefix === '' && suffix === '');
  const ref = reference(style, name);
  switch (style) {
    case 'js':
      return whole ? ref : `\`${jsTemplateEscape(prefix)}\${${ref}}${jsTemplateEscape(suffix)}\``;
    case 'python':
      return whole ? ref : `f"${pyFStringEscape(prefix)}{os.environ['${name}']}${pyFStringEscape(suffix)}"`;
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
    case 'json':
      return `"${whole ? '' : prefix}\${${name}}${whole ? '' : suffix}"`;
    default:
      // yaml, shell, none: keep the quoting, swap only the secret.
      return `${quote}${whole ? '' : prefix}\${${name}}${whole ? '' : suffix}${quote}`;
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
  if (/^\s*(import\s+os\b|from\s+os\s+import\s+environ\b)/m.test(text)) return undefined;
  // After a shebang / encoding line / module docstring is nicer, but line 0 is always valid Python.
  const lines = text.split(/\r?\n/);
  let line = 0;
  while (line < lines.length && /^(#!|#.*coding[:=])/.test(lines[line])) line++;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: 'import os\n' };
}

function terraformVariableEdit(text: string, name: string): TextEdit | undefined {
  const v = name.toLowerCase();
  if (new RegExp(`variable\\s+"${v}"`).test(text)) return undefined;
  return appendLineEdit(text, `\nvariable "${v}" {\n  type      = string\n  sensitive = true\n}`);
}

function k8sReplacement(text: string, index: LineIndex, data: SecretFixData): string {
  const range = data.k8sValueRange!;
  const lineText = index.lineText(range.start.line);
  const flow = lineText.slice(0, range.start.character).includes('{');
  const secretName = data.k8sSecretName ?? 'app-secrets';
  if (flow) return `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${data.envName}}}`;
  const i = data.k8sIndent ?? '';
  return `valueFrom:\n${i}  secretKeyRef:\n${i}    name: ${secretName}\n${i}    key: ${data.envName}`;
}

function ignoreLineEdits(kind: FileKind, index: LineIndex, range: Range, ruleToken: string): TextEdit[] | undefined {
  const c = commentSyntax(kind);
  if (!c) return undefined;
  const close = c.close ? ` ${c.close}` : '';
  const startLine = range.start.line;
  const endLine = range.end.character === 0 && range.end.line > startLine ? range.end.line - 1 : range.end.line;
  const indentOf = (l: number) => /^\s*/.exec(index.lineText(l))![0];
  const above = (l: number, directive: string): TextEdit => ({
    range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } },
    newText: `${indentOf(l)}${c.open} ${directive} ${ruleToken}${close}\n`,
  });
  if (endLine > startLine) {
    const after = endLine + 1;
    const afterPos = after < index.lineCount ? { line: after, character: 0 } : { line: endLine, character: index.lineText(endLine).length };
    const prefix = after < index.lineCount ? '' : '\n';
    return [
      above(startLine, 'secretlint-disable'),
      { range: { start: afterPos, end: afterPos }, newText: `${prefix}${indentOf(startLine)}${c.open} secretlint-enable ${ruleToken}${close}${prefix ? '' : '\n'}` },
    ];
  }
  // Where a trailing comment could become part of the value, comment the line above.
  if (kind === 'dotenv' || kind === 'properties' || kind === 'ini' || kind === 'text' || kind === 'markdown') {
    return [above(startLine, 'secretlint-disable-next-line')];
  }
  const lineLen = index.lineText(startLine).length;
  const pos = { line: startLine, character: lineLen };
  return [{ range: { start: pos, end: pos }, newText: ` ${c.open} secretlint-disable-line ${ruleToken}${close}` }];
}

/** The id secretlint itself understands in comments, so its CLI honours the same comment. */
function commentRuleToken(ruleId: string): string {
  return ruleId.startsWith('secretlint/') ? `@secretlint/secretlint-rule-${ruleId.slice('secretlint/'.length)}` : ruleId;
}

export function secretFixes(doc: DocumentInput, finding: Finding, ctx: FixContext = {}): Fix[] {
  const data = finding.data;
  if (!data) return [];
  const ws = ctx.workspace;
  const kind = detectFileKind(doc.path, doc.languageId);
  const index = new LineIndex(doc.text);
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
  } else if (data.style !== 'dotenv') {
    const edits: TextEdit[] = [{ range: data.replaceRange, newText: replacementText(data.style, data.envName, literal, secret) }];
    if (data.style === 'python') {
      const imp = pythonImportEdit(doc.text);
      if (imp) edits.push(imp);
    }
    if (data.style === 'terraform') {
      const v = terraformVariableEdit(doc.text, data.envName);
      if (v) edits.push(v);
    }
    fixes.push({
      title: referenceTitle(data.style, data.envName),
      ruleId: finding.ruleId,
      kind: 'quickfix',
      isPreferred: true,
      safe: true,
      changes: [{ path: doc.path, edits }],
    });
  }

  // Keep the value working locally: move it into a git-ignored .env (never into a committed file).
  const CODE_STYLES = new Set(['js', 'python', 'go', 'java', 'ruby', 'csharp', 'php', 'shell', 'yaml', 'json']);
  if (CODE_STYLES.has(data.style) && !/[\r\n]/.test(secret)) {
    const move = moveToDotenvFix(doc, finding, data, literal, secret, ws);
    if (move) fixes.push(move);
  }

  const examplePath = envExamplePath(doc, ws);
  if (examplePath !== doc.path) {
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

  const ignore = ignoreLineEdits(kind, index, finding.range, commentRuleToken(finding.ruleId));
  if (ignore) {
    fixes.push({
      title: `Ignore this ${finding.range.end.line > finding.range.start.line ? 'block' : 'line'} (secretlint-disable comment)`,
      ruleId: finding.ruleId,
      kind: 'quickfix',
      isPreferred: false,
      safe: false,
      changes: [{ path: doc.path, edits: ignore }],
    });
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
  const edits: TextEdit[] = [{ range: data.replaceRange, newText: replacementText(data.style, data.envName, literal, secret) }];
  if (data.style === 'python') {
    const imp = pythonImportEdit(doc.text);
    if (imp) edits.push(imp);
  }
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
