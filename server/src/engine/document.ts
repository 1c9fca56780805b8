/**
 * A document as every family sees it: its text, file kind, line index, the
 * document types it holds (content-aware, per YAML document) and its parses
 * with positions (YAML, JSON/JSONC, HCL). Parses are lazy and cached: a
 * DocumentContext is reused while the text is unchanged (the same version),
 * so the families share one parse per edit.
 */
import * as path from 'path';
import type { Document } from 'yaml';
import { detectFileKind, type FileKind } from './formats/fileKind';
import { isHclReady, parseHcl, type HclFile } from './formats/hcl';
import { fromYaml, get, getPath, parseJsonTree, str, type JsonParse, type PNode } from './formats/tree';
import { parseYamlDocuments } from './formats/yaml';
import { LineIndex } from './text';
import type { DocumentInput } from './types';

/** What a document (or one YAML document of a stream) is, by content and path. */
export type DocType =
  | 'kubernetes'
  | 'kustomization'
  | 'helm-template'
  | 'cloudformation'
  | 'sam'
  | 'serverless'
  | 'iam-policy'
  | 'terraform'
  | 'arm-template'
  | 'gha-workflow'
  | 'compose'
  | 'dockerfile'
  | 'dotenv'
  | 'registration-manifest'
  | 'package-json';

export interface YamlDocEntry {
  doc: Document.Parsed;
  tree?: PNode;
  type?: DocType;
  /** Offsets of the document in the file. */
  start: number;
  end: number;
  hasErrors: boolean;
}

export class DocumentContext {
  readonly path: string;
  readonly text: string;
  readonly languageId?: string;
  readonly kind: FileKind;
  readonly base: string;
  private _index?: LineIndex;
  private _yaml?: YamlDocEntry[];
  private _json?: JsonParse | null;
  private _hcl?: HclFile | null;
  private _types?: Set<DocType>;

  constructor(input: DocumentInput) {
    this.path = input.path;
    this.text = input.text;
    this.languageId = input.languageId;
    this.kind = detectFileKind(input.path, input.languageId);
    this.base = path.basename(input.path);
  }

  get index(): LineIndex {
    return (this._index ??= new LineIndex(this.text));
  }

  /** Every YAML document with its positioned tree and type; [] for non-YAML files. */
  yaml(): YamlDocEntry[] {
    if (this._yaml) return this._yaml;
    if (this.kind !== 'yaml') return (this._yaml = []);
    this._yaml = parseYamlDocuments(this.text).map(({ doc, hasErrors }) => {
      let tree: PNode | undefined;
      try {
        tree = fromYaml(doc);
      } catch {
        tree = undefined;
      }
      const r = doc.range ?? [0, 0, 0];
      return { doc, tree, hasErrors, start: r[0], end: r[2], type: structuredType(tree, this.path) };
    });
    return this._yaml;
  }

  /** The JSON/JSONC parse (tolerant); undefined for other files. */
  json(): JsonParse | undefined {
    if (this._json === undefined) {
      const jsonish = this.kind === 'json' || this.kind === 'jsonc' || (this.kind === 'lockfile' && this.base.endsWith('.json'));
      this._json = jsonish ? parseJsonTree(this.text) : null;
    }
    return this._json ?? undefined;
  }

  /** The HCL parse of a Terraform file; undefined for other files or before the parser is loaded. */
  hcl(): HclFile | undefined {
    if (this._hcl === undefined) {
      if (this.kind !== 'terraform' || this.base.endsWith('.tf.json') || !isHclReady()) return undefined;
      try {
        this._hcl = parseHcl(this.text) ?? null;
      } catch {
        this._hcl = null;
      }
    }
    return this._hcl ?? undefined;
  }

  /** The document types this file holds (a YAML stream may hold several). */
  types(): ReadonlySet<DocType> {
    if (this._types) return this._types;
    const t = new Set<DocType>();
    const lower = this.base.toLowerCase();
    if (this.kind === 'dockerfile') t.add('dockerfile');
    if (this.kind === 'dotenv') t.add('dotenv');
    if (this.kind === 'terraform' || lower.endsWith('.tf.json')) t.add('terraform');
    if (lower === 'package.json') t.add('package-json');
    if (this.kind === 'yaml') {
      if (isHelmTemplatePath(this.path) && this.text.includes('{{')) t.add('helm-template');
      if (/(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(this.path)) t.add('gha-workflow');
      if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(lower)) t.add('compose');
      for (const d of this.yaml()) if (d.type) t.add(d.type);
    } else if (this.kind === 'json' || this.kind === 'jsonc') {
      const type = structuredType(this.json()?.root, this.path);
      if (type) t.add(type);
    }
    this._types = t;
    return t;
  }

  has(type: DocType): boolean {
    return this.types().has(type);
  }
}

function isHelmTemplatePath(p: string): boolean {
  return /(^|[\\/])templates[\\/][^\\/]+\.(ya?ml|tpl)$/i.test(p);
}

/** The type of one structured document, by its keys (content-aware) and path. */
export function structuredType(tree: PNode | undefined, filePath: string): DocType | undefined {
  if (!tree || tree.type !== 'object') return undefined;
  const kind = str(get(tree, 'kind'));
  const apiVersion = str(get(tree, 'apiVersion'));
  if (kind === 'MicroAppRegistration') return 'registration-manifest';
  if (kind && apiVersion) {
    if (kind === 'Kustomization') return 'kustomization';
    return 'kubernetes';
  }
  if (/(^|[\\/])kustomization\.ya?ml$/i.test(filePath)) return 'kustomization';
  const schema = str(get(tree, '$schema'));
  if (schema && /deploymentTemplate\.json/i.test(schema)) return 'arm-template';
  const resources = get(tree, 'Resources');
  const transform = get(tree, 'Transform');
  const isSam = (transform?.type === 'string' && /AWS::Serverless/.test(transform.value)) ||
    (transform?.type === 'array' && transform.items.some((i) => i.type === 'string' && /AWS::Serverless/.test(i.value)));
  if (isSam) return 'sam';
  if (get(tree, 'AWSTemplateFormatVersion') || (resources?.type === 'object' && resources.entries.some((e) => /^AWS::/.test(str(get(e.value, 'Type')) ?? '')))) {
    return 'cloudformation';
  }
  if (get(tree, 'service') && get(tree, 'provider') && (get(tree, 'functions') || str(getPath(tree, ['provider', 'name'])))) return 'serverless';
  if (get(tree, 'Statement') && (get(tree, 'Version') || /policy/i.test(path.basename(filePath)))) return 'iam-policy';
  return undefined;
}

// ---- the parse cache ---------------------------------------------------------

const CACHE_SIZE = 64;
const cache = new Map<string, DocumentContext>();

/**
 * The context of a document, reused while its text is unchanged, so one parse
 * serves every family and every request for the same version.
 */
export function documentContext(input: DocumentInput): DocumentContext {
  const key = `${input.path}\u0000${input.languageId ?? ''}`;
  const hit = cache.get(key);
  if (hit && hit.text === input.text) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const ctx = new DocumentContext(input);
  cache.set(key, ctx);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return ctx;
}
