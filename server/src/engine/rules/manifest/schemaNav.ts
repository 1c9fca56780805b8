/**
 * Completion and hover for the manifest, from its schema: which key path the
 * cursor is at (YAML by indentation, JSON with jsonc-parser), which keys the
 * schema allows there, and what each means. Pure; the language server wraps it.
 */
import { getLocation } from 'jsonc-parser';
import { manifestSchema } from './schemaData';

type Schema = Record<string, unknown>;

/** Path segments: object keys, and `[]` for "an item of this array". */
export type KeyPath = string[];

function deref(s: unknown): Schema | undefined {
  if (!s || typeof s !== 'object') return undefined;
  let cur = s as Schema;
  const own = { ...cur };
  for (let i = 0; i < 8 && typeof cur.$ref === 'string'; i++) {
    const m = /^#\/\$defs\/(.+)$/.exec(cur.$ref as string);
    const target = m ? ((manifestSchema.$defs as Schema | undefined)?.[m[1]] as Schema | undefined) : undefined;
    if (!target) break;
    // The referring node's own description wins over the definition's.
    cur = { ...target, ...Object.fromEntries(Object.entries(own).filter(([k]) => k !== '$ref')) };
  }
  return cur;
}

/** The schema of the value at a key path (undefined: not in the schema). */
export function schemaAt(path: KeyPath): Schema | undefined {
  let cur = deref(manifestSchema);
  for (const seg of path) {
    if (!cur) return undefined;
    if (seg === '[]') {
      cur = deref(cur.items);
      continue;
    }
    const props = cur.properties as Record<string, unknown> | undefined;
    if (props && seg in props) cur = deref(props[seg]);
    else if (/^x-/.test(seg) && cur.patternProperties) cur = { description: "An owner's extension field (kept on re-export)." };
    else if (cur.additionalProperties && typeof cur.additionalProperties === 'object') cur = deref(cur.additionalProperties);
    else return undefined;
  }
  return cur;
}

export interface KeyInfo {
  key: string;
  description: string;
  required: boolean;
  /** Allowed values, when the schema lists them. */
  values?: string[];
  type?: string;
}

function info(key: string, s: Schema | undefined, required: boolean): KeyInfo {
  const values = Array.isArray(s?.enum) ? (s!.enum as unknown[]).map(String) : typeof s?.const === 'string' ? [s.const as string] : undefined;
  const type = typeof s?.type === 'string' ? (s.type as string) : Array.isArray(s?.type) ? (s!.type as string[]).join(' | ') : undefined;
  return { key, description: typeof s?.description === 'string' ? (s.description as string) : '', required, ...(values ? { values } : {}), ...(type ? { type } : {}) };
}

/** The keys the schema allows in the object at a key path. */
export function keysAt(path: KeyPath): KeyInfo[] {
  const s = schemaAt(path);
  const props = s?.properties as Record<string, unknown> | undefined;
  if (!props) return [];
  const required = new Set(Array.isArray(s!.required) ? (s!.required as string[]) : []);
  return Object.entries(props).map(([k, v]) => info(k, deref(v), required.has(k)));
}

/** Description, type and allowed values of the key at a path. */
export function keyInfo(path: KeyPath): KeyInfo | undefined {
  if (!path.length) return undefined;
  const parent = schemaAt(path.slice(0, -1));
  const s = schemaAt(path);
  if (!s) return undefined;
  const required = new Set(Array.isArray(parent?.required) ? (parent!.required as string[]) : []);
  return info(path[path.length - 1], s, required.has(path[path.length - 1]));
}

const KEY_LINE = /^(\s*)((?:-\s+)*)([A-Za-z0-9_$.-]+|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function indentOf(line: string): number {
  return /^\s*/.exec(line)![0].length;
}

function unquote(k: string): string {
  return /^["'].*["']$/.test(k) ? k.slice(1, -1) : k;
}

/**
 * The key path of the YAML object that holds column `column` of line `line`
 * (block style, as the export writes it): the keys of the lines above with a
 * smaller indentation, with `[]` for a sequence item ("- ") between.
 */
export function yamlParentPath(lines: string[], line: number, column: number): KeyPath {
  const path: KeyPath = [];
  let indent = column;
  const own = /^(\s*)((?:-\s+)+)/.exec(lines[line] ?? '');
  // The cursor after "- " on its own line is inside that sequence item.
  if (own && column >= own[1].length + own[2].length) {
    path.unshift('[]');
    indent = own[1].length;
  }
  for (let i = line - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i];
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const ind = indentOf(text);
    const m = KEY_LINE.exec(text);
    const dashes = m ? m[2] : (/^\s*((?:-\s+)*)/.exec(text)![1] ?? '');
    if (m && m[1].length + m[2].length < indent) {
      path.unshift(unquote(m[3]));
      indent = m[1].length + m[2].length;
    }
    if (dashes && ind < indent) {
      path.unshift('[]');
      indent = ind;
    }
  }
  return path;
}

/** What is at an offset of a YAML manifest: the key path of the enclosing object and, on a key, the key itself. */
export function yamlLocation(text: string, offset: number): { parent: KeyPath; key?: string; inValue: boolean } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const lines = text.split(/\r?\n/);
  const column = offset - (before.lastIndexOf('\n') + 1);
  const lineText = lines[line] ?? '';
  const m = KEY_LINE.exec(lineText);
  if (m) {
    const keyStart = m[1].length + m[2].length;
    const keyEnd = keyStart + m[3].length;
    const parent = yamlParentPath(lines, line, keyStart);
    if (column >= keyStart && column <= keyEnd) return { parent, key: unquote(m[3]), inValue: false };
    if (column > keyEnd) return { parent, key: unquote(m[3]), inValue: true };
  }
  const dash = /^(\s*)((?:-\s+)*)/.exec(lineText)!;
  return { parent: yamlParentPath(lines, line, Math.max(column, dash[1].length + dash[2].length)), inValue: false };
}

/** The same for a JSON manifest. */
export function jsonLocation(text: string, offset: number): { parent: KeyPath; key?: string; inValue: boolean } {
  const loc = getLocation(text, offset);
  const segs: KeyPath = loc.path.map((p) => (typeof p === 'number' ? '[]' : p));
  if (loc.isAtPropertyKey) return { parent: segs.slice(0, -1), key: segs[segs.length - 1] || undefined, inValue: false };
  const last = segs[segs.length - 1];
  if (last !== undefined && last !== '[]' && loc.previousNode) return { parent: segs.slice(0, -1), key: last, inValue: true };
  return { parent: segs, inValue: false };
}

/** Completion at an offset: allowed keys of the enclosing object (minus those present), or allowed values after "key:". */
export function completionsAt(text: string, offset: number, format: 'yaml' | 'json'): Array<{ label: string; detail?: string; documentation: string; kind: 'key' | 'value' }> {
  const loc = format === 'json' ? jsonLocation(text, offset) : yamlLocation(text, offset);
  if (loc.inValue && loc.key) {
    const k = keyInfo([...loc.parent, loc.key]);
    return (k?.values ?? []).map((v) => ({ label: v, documentation: k!.description, kind: 'value' as const }));
  }
  return keysAt(loc.parent).map((k) => ({
    label: k.key,
    detail: `${k.required ? 'required' : 'optional'}${k.type ? `, ${k.type}` : ''}${k.values ? `: ${k.values.join(' | ')}` : ''}`,
    documentation: k.description,
    kind: 'key' as const,
  }));
}

/** Hover text for the key at an offset (markdown), or undefined. */
export function hoverAt(text: string, offset: number, format: 'yaml' | 'json'): { key: string; markdown: string } | undefined {
  const loc = format === 'json' ? jsonLocation(text, offset) : yamlLocation(text, offset);
  if (!loc.key) return undefined;
  const path = [...loc.parent, loc.key];
  const k = keyInfo(path);
  if (!k) return undefined;
  const lines = [`**${path.filter((p) => p !== '[]').join('.')}**${k.required ? ' (required)' : ''}`, '', k.description];
  if (k.values) lines.push('', `Allowed: ${k.values.map((v) => `\`${v}\``).join(', ')}`);
  return { key: k.key, markdown: lines.join('\n') };
}
