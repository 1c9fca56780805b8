/**
 * Where, in Kubernetes workload manifests, container env literals sit. Used by
 * secret/k8s-env-literal and to give every secret finding inside an env value
 * the `valueFrom.secretKeyRef` fix.
 *
 * Read from the `yaml` library's nodes, not the positioned tree: a value's
 * scalar as the library resolved it (a tagged scalar is its value, an alias is
 * not a literal), on each document's own object (List items are not read).
 * The workload kinds, their pod spec paths and the container lists are
 * formats/k8s.ts's, the reader the other families use.
 */
import type { Node, Pair, YAMLMap } from 'yaml';
import { CONTAINER_FIELDS, neverRunsPods, podSpecPath, TEMPLATE_CANDIDATES } from '../../formats/k8s';
import { getIn, getNode, getPair, getString, isMap, isScalar, seqItems, type YamlDoc } from '../../formats/yaml';
import { parseYamlCached, type DocumentContext } from '../../document';
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

interface ManifestObject {
  kind: string;
  apiVersion: string;
  name?: string;
  root: YAMLMap<Node, Node>;
}

/** Each document's Kubernetes object (apiVersion + kind), as the library's nodes. */
function manifestObjects(docs: YamlDoc[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const { doc } of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const kind = getString(root, 'kind');
    const apiVersion = getString(root, 'apiVersion');
    if (!kind || !apiVersion) continue;
    out.push({ kind, apiVersion, name: getString(getNode(root, 'metadata'), 'name'), root: root as YAMLMap<Node, Node> });
  }
  return out;
}

/** Every container (init, regular, ephemeral) of a workload; [] for other kinds. */
function containerNodes(obj: ManifestObject): Node[] {
  const path = podSpecPath(obj.kind);
  if (path) {
    const spec = getIn(obj.root, path);
    return spec ? CONTAINER_FIELDS.flatMap((f) => seqItems(getNode(spec, f))) : [];
  }
  // A kind not known by name (a Knative Service, a CRD that embeds a pod template): found by its template, as
  // formats/k8s.ts finds workloads for every family.
  if (neverRunsPods(obj.kind, obj.apiVersion)) return [];
  for (const t of TEMPLATE_CANDIDATES) {
    const spec = getIn(obj.root, [...t, 'spec']);
    const containers = seqItems(getNode(spec, 'containers'));
    if (containers.length && containers.every((c) => isMap(c) && getString(c, 'image') !== undefined)) return CONTAINER_FIELDS.flatMap((f) => seqItems(getNode(spec, f)));
  }
  return [];
}

function k8sEnvLiterals(docs: YamlDoc[], text: string): K8sEnvLiteral[] {
  const out: K8sEnvLiteral[] = [];
  for (const obj of manifestObjects(docs)) {
    for (const c of containerNodes(obj)) {
      for (const item of seqItems(getNode(c, 'env'))) {
        if (!isMap(item)) continue;
        const nameNode = getNode(item, 'name');
        const valuePair = getPair(item, 'value') as Pair<Node, Node> | undefined;
        if (!isScalar(nameNode) || !valuePair || !isScalar(valuePair.value) || !isScalar(valuePair.key)) continue;
        const v = valuePair.value;
        if (v.value === null || v.value === undefined || !v.range || !valuePair.key.range) continue;
        const keyStart = valuePair.key.range[0];
        const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        const end = contentEnd(text, v.range[0], v.range[1]);
        out.push({
          envName: String(nameNode.value),
          valueStart: v.range[0],
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

function k8sSecretEntries(docs: YamlDoc[], text: string, objects: K8sSecretObject[] = []): K8sSecretEntry[] {
  const out: K8sSecretEntry[] = [];
  for (const obj of manifestObjects(docs)) {
    if (obj.kind !== 'Secret' || !/^v1$/.test(obj.apiVersion)) continue;
    let recorded = false;
    let secretAt = -1;
    for (const field of ['data', 'stringData'] as const) {
      const pair = getPair(obj.root, field) as Pair<Node, Node> | undefined;
      const map = getNode(obj.root, field);
      if (!isMap(map)) continue;
      if (!recorded && map.items.length && pair && isScalar(pair.key) && pair.key.range) {
        objects.push({ secretName: obj.name ?? 'app-secrets', start: pair.key.range[0], end: pair.key.range[1], field });
        secretAt = pair.key.range[0];
        recorded = true;
      }
      for (const item of map.items as Pair<Node, Node>[]) {
        if (!isScalar(item.key) || !isScalar(item.value) || !item.value.range) continue;
        const raw = item.value.value;
        if (raw === null || raw === undefined || String(raw) === '') continue;
        let value = String(raw);
        if (field === 'data') {
          const decoded = Buffer.from(value, 'base64').toString('utf8');
          if (/^[\x20-\x7e\r\n\t]*$/.test(decoded)) value = decoded;
        }
        out.push({
          key: String(item.key.value),
          field,
          valueStart: item.value.range[0],
          valueEnd: contentEnd(text, item.value.range[0], item.value.range[1]),
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
      const errors = docs.flatMap(({ doc: d }) => d.errors.map((e) => e.pos[0]));
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
