/**
 * Where, in Kubernetes workload manifests, container env literals sit. Used by
 * secret/k8s-env-literal and to give every secret finding inside an env value
 * the `valueFrom.secretKeyRef` fix.
 *
 * Read from the positioned tree of each `---` document (the parse every family shares), on each document's own
 * object (List items are not read). A scalar is its value as written: a tagged scalar (`!foo bar`) is its value, an
 * alias (`*x`) is not a literal. The workload kinds, their pod spec paths and the container lists are
 * formats/k8s.ts's, the reader the other families use.
 */
import { CONTAINER_FIELDS, neverRunsPods, podSpecPath, TEMPLATE_CANDIDATES } from '../../formats/k8s';
import type { PEntry, PNode } from '../../formats/tree';
import { parseYamlCached, type DocumentContext, type YamlPiece } from '../../document';
import { TextCache } from '../../textCache';

export interface K8sEnvLiteral {
  envName: string;
  /** Offsets of the scalar value. */
  valueStart: number;
  valueEnd: number;
  /** Offset where the `value:` key starts and where the value ends (the text to replace). */
  entryStart: number;
  entryEnd: number;
  /** Column of the `value:` key. */
  indent: number;
  value: string;
  workloadName: string;
}

/** End of a scalar's content: the yaml library's range of a block scalar (| or >) takes the line break after it. */
function contentEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\r\n \t]/.test(text[e - 1])) e--;
  return e;
}

/** A value as written, not an alias; under a local tag (`!foo`), the tagged value itself. */
function written(node: PNode | undefined): PNode | undefined {
  if (!node || node.alias) return undefined;
  return node.type === 'unknown' && node.tag?.startsWith('!') && node.inner ? written(node.inner) : node;
}

/** A written scalar (a string, number or boolean), not an alias; else undefined. */
function scalarOf(node: PNode | undefined): (PNode & { value: string | number | boolean }) | undefined {
  const n = written(node);
  return n && (n.type === 'string' || n.type === 'number' || n.type === 'boolean') ? n : undefined;
}

/** A map's entries as written: an object's, or the one entry of a map read as an intrinsic (`Ref: x`). */
function entriesOf(node: PNode | undefined): readonly PEntry[] {
  const n = written(node);
  if (n?.type === 'object') return n.entries;
  if (n?.type === 'unknown' && n.entry) return [n.entry];
  return [];
}

function entryOf(node: PNode | undefined, key: string): PEntry | undefined {
  for (const e of entriesOf(node)) if (e.key === key) return e;
  return undefined;
}

function valueOf(node: PNode | undefined, key: string): PNode | undefined {
  return entryOf(node, key)?.value;
}

function stringOf(node: PNode | undefined, key: string): string | undefined {
  const v = scalarOf(valueOf(node, key));
  return v ? String(v.value) : undefined;
}

function pathOf(node: PNode | undefined, keys: readonly string[]): PNode | undefined {
  let cur = node;
  for (const k of keys) {
    cur = valueOf(cur, k);
    if (!cur) return undefined;
  }
  return cur;
}

/** A list's items as written (not an alias of a list written elsewhere). */
function itemsOf(node: PNode | undefined): PNode[] {
  const n = written(node);
  return n?.type === 'array' ? n.items : [];
}

interface ManifestObject {
  kind: string;
  apiVersion: string;
  name?: string;
  root: PNode;
}

/** Each document's Kubernetes object (apiVersion + kind). */
function manifestObjects(docs: readonly YamlPiece[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const { tree } of docs) {
    const root = written(tree);
    if (root?.type !== 'object') continue;
    const kind = stringOf(root, 'kind');
    const apiVersion = stringOf(root, 'apiVersion');
    if (!kind || !apiVersion) continue;
    out.push({ kind, apiVersion, name: stringOf(valueOf(root, 'metadata'), 'name'), root });
  }
  return out;
}

/** Every container (init, regular, ephemeral) of a workload; [] for other kinds. */
function containerNodes(obj: ManifestObject): PNode[] {
  const path = podSpecPath(obj.kind);
  if (path) {
    const spec = pathOf(obj.root, path);
    return spec ? CONTAINER_FIELDS.flatMap((f) => itemsOf(valueOf(spec, f))) : [];
  }
  // A kind not known by name (a Knative Service, a CRD that embeds a pod template): found by its template, as
  // formats/k8s.ts finds workloads for every family.
  if (neverRunsPods(obj.kind, obj.apiVersion)) return [];
  for (const t of TEMPLATE_CANDIDATES) {
    const spec = pathOf(obj.root, [...t, 'spec']);
    const containers = itemsOf(valueOf(spec, 'containers'));
    if (containers.length && containers.every((c) => written(c)?.type === 'object' && stringOf(c, 'image') !== undefined)) return CONTAINER_FIELDS.flatMap((f) => itemsOf(valueOf(spec, f)));
  }
  return [];
}

function k8sEnvLiterals(docs: readonly YamlPiece[], text: string): K8sEnvLiteral[] {
  const out: K8sEnvLiteral[] = [];
  for (const obj of manifestObjects(docs)) {
    for (const c of containerNodes(obj)) {
      for (const item of itemsOf(valueOf(c, 'env'))) {
        if (written(item)?.type !== 'object') continue;
        const name = scalarOf(valueOf(item, 'name'));
        const valueEntry = entryOf(item, 'value');
        const v = scalarOf(valueEntry?.value);
        if (!name || !valueEntry || !v) continue;
        const keyStart = valueEntry.keyStart;
        const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        const end = contentEnd(text, v.start, v.end);
        out.push({
          envName: String(name.value),
          valueStart: v.start,
          valueEnd: end,
          entryStart: keyStart,
          entryEnd: end,
          indent: keyStart - lineStart,
          value: String(v.value),
          workloadName: obj.name ?? 'app',
        });
      }
    }
  }
  return out;
}

export interface K8sSecretEntry {
  key: string;
  field: 'data' | 'stringData';
  valueStart: number;
  valueEnd: number;
  value: string;
  secretName: string;
  /** `start` of the K8sSecretObject the entry belongs to. */
  secretAt: number;
}

/** A committed `kind: Secret` with values: where its first `data:`/`stringData:` key is. */
export interface K8sSecretObject {
  secretName: string;
  /** Offsets of the `data` (or `stringData`) key. */
  start: number;
  end: number;
  field: 'data' | 'stringData';
}

function k8sSecretEntries(docs: readonly YamlPiece[], text: string, objects: K8sSecretObject[] = []): K8sSecretEntry[] {
  const out: K8sSecretEntry[] = [];
  for (const obj of manifestObjects(docs)) {
    if (obj.kind !== 'Secret' || !/^v1$/.test(obj.apiVersion)) continue;
    let recorded = false;
    let secretAt = -1;
    for (const field of ['data', 'stringData'] as const) {
      const fieldEntry = entryOf(obj.root, field);
      const entries = entriesOf(fieldEntry?.value);
      if (!fieldEntry || !entries.length) continue;
      if (!recorded && entries.length) {
        objects.push({ secretName: obj.name ?? 'app-secrets', start: fieldEntry.keyStart, end: fieldEntry.keyEnd, field });
        secretAt = fieldEntry.keyStart;
        recorded = true;
      }
      for (const item of entries) {
        const v = scalarOf(item.value);
        if (!v || String(v.value) === '') continue;
        let value = String(v.value);
        if (field === 'data') {
          const decoded = Buffer.from(value, 'base64').toString('utf8');
          if (/^[\x20-\x7e\r\n\t]*$/.test(decoded)) value = decoded;
        }
        out.push({
          key: item.key,
          field,
          valueStart: v.start,
          valueEnd: contentEnd(text, v.start, v.end),
          value,
          secretName: obj.name ?? 'app-secrets',
          secretAt,
        });
      }
    }
  }
  return out;
}

export interface K8sFacts {
  env: K8sEnvLiteral[];
  secrets: K8sSecretEntry[];
  /** Committed Secret objects with a `data` or `stringData` map. */
  secretObjects: K8sSecretObject[];
  /** Offsets of YAML syntax errors in documents that looked like manifests (their checks are incomplete). */
  errors: number[];
}

// Bounded by the text it stands for, so a file of 1,000 small documents stays cached.
const factsCache = new TextCache<K8sFacts>(8 * 1024 * 1024);

export function shiftFacts(f: K8sFacts, by: number): K8sFacts {
  if (by === 0) return f;
  return {
    env: f.env.map((e) => ({ ...e, valueStart: e.valueStart + by, valueEnd: e.valueEnd + by, entryStart: e.entryStart + by, entryEnd: e.entryEnd + by })),
    secrets: f.secrets.map((s) => ({ ...s, valueStart: s.valueStart + by, valueEnd: s.valueEnd + by, secretAt: s.secretAt + by })),
    secretObjects: f.secretObjects.map((o) => ({ ...o, start: o.start + by, end: o.end + by })),
    errors: f.errors.map((e) => e + by),
  };
}

/**
 * Kubernetes facts of a YAML file, one `---` document at a time: a document
 * is parsed only when it can hold an env list or a Secret, and the result is
 * cached by the document's text, so typing in a 20,000-line multi-document
 * manifest re-parses only the document being edited.
 */
export function k8sFacts(text: string, doc?: DocumentContext): K8sFacts {
  const out: K8sFacts = { env: [], secrets: [], secretObjects: [], errors: [] };
  const separator = /^---[ \t]*(?:#.*)?$/gm;
  const bounds: number[] = [0];
  for (let m = separator.exec(text); m; m = separator.exec(text)) bounds.push(m.index);
  bounds.push(text.length);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i];
    const chunk = text.slice(start, bounds[i + 1]);
    if (!/^\s*kind\s*:/m.test(chunk) || !/(^\s*-?\s*env\s*:|\bSecret\b)/m.test(chunk)) continue;
    // The document's parse stores (shared while editing, its own for a one-shot scan): the chunk is the same
    // `---` document the other families read.
    const store = doc ? doc.store(factsCache, 'secrets.k8s') : factsCache;
    let facts = store.get(chunk);
    if (!facts) {
      const docs = doc ? doc.parseYamlText(chunk) : parseYamlCached(chunk);
      const errors = docs.flatMap((d) => d.errors);
      const secretObjects: K8sSecretObject[] = [];
      facts = { env: k8sEnvLiterals(docs, chunk), secrets: k8sSecretEntries(docs, chunk, secretObjects), secretObjects, errors };
      store.set(chunk, facts);
    }
    const shifted = shiftFacts(facts, start);
    out.env.push(...shifted.env);
    out.secrets.push(...shifted.secrets);
    out.secretObjects.push(...shifted.secretObjects);
    out.errors.push(...shifted.errors);
  }
  return out;
}
