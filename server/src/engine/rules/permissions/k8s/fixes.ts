/**
 * Fix edits for the Kubernetes RBAC findings. Each fix reads the document's
 * trees (the caller's DocumentContext: the parse the check used; or a bare
 * text, parsed once) and the finding's offsets locate the rule / binding, so
 * it works from a finding alone. Edits are offsets into the text; apply them
 * back to front.
 *
 * - `iam/k8s-wildcard`: `"*"` verbs become `get, list, watch` (the other
 *   written verbs kept), `"*"` resources the placeholder
 *   `"TODO-list-resources"` (valid, matches nothing until filled in),
 *   `"*"` apiGroups the core group `""`. Written as flow sequences, so the
 *   same edit fits YAML and JSON.
 * - `iam/k8s-cluster-admin-binding` (cluster-admin, YAML): the
 *   ClusterRoleBinding becomes a RoleBinding in the subject's namespace, bound
 *   to a new Role written as a new document right after it, whose rule lists
 *   read-only verbs on a TODO-marked placeholder resource.
 * - `iam/k8s-sa-token-automount`: `automountServiceAccountToken: false`.
 */
import type { RawFinding } from '../grants';
import { k8sObjects } from '../../../formats/k8s';
import { entry, get, str, treeSource, withCommentsAfter, type PNode, type PObject, type TreeSource } from '../../../formats/tree';
import { rbacFacts, type RbacRule } from './rbac';
import { lineEndFrom, lineStart, trimEnd } from '../../../text';

export interface EditSpan {
  start: number;
  end: number;
  newText: string;
}
export interface FixEdits {
  title: string;
  isPreferred: boolean;
  edits: EditSpan[];
}

const flow = (vals: string[]) => `[${vals.map((v) => JSON.stringify(v)).join(', ')}]`;


/** Replace a list value (flow or block) by a flow sequence; for a block list start right after its key's colon. */
function replaceList(text: string, range: { start: number; end: number }, vals: string[], yaml: boolean, comment?: string): EditSpan {
  let start = range.start;
  const end = trimEnd(text, range.start, range.end);
  let lead = '';
  if (yaml && text[start] === '-') {
    let p = start;
    while (p > 0 && /\s/.test(text[p - 1])) p--;
    if (text[p - 1] === ':') {
      start = p;
      lead = ' ';
    }
  }
  let newText = lead + flow(vals);
  if (yaml && comment && /^[ \t]*(\r?\n|$)/.test(text.slice(end, lineEndFrom(text, end) + 1))) newText += `  # TODO: ${comment}`;
  return { start, end, newText };
}

function isYaml(text: string): boolean {
  const lead = text.trimStart()[0];
  return lead !== '{' && lead !== '[';
}

function wildcardFix(src: TreeSource, f: Pick<RawFinding, 'start' | 'end'>): FixEdits[] {
  const { text } = src;
  const yaml = isYaml(text);
  const roles = rbacFacts(src.trees());
  let rule: RbacRule | undefined;
  for (const role of roles) for (const r of role.rules) if (r.start <= f.start && f.end <= r.end) rule = r;
  if (!rule) return [];
  const edits: EditSpan[] = [];
  if (rule.verbs.includes('*') && rule.ranges.verbs) {
    const keep = rule.verbs.filter((v) => v !== '*' && !['get', 'list', 'watch'].includes(v));
    edits.push(replaceList(text, rule.ranges.verbs, ['get', 'list', 'watch', ...keep], yaml));
  }
  if (rule.resources.includes('*') && rule.ranges.resources) {
    const keep = rule.resources.filter((v) => v !== '*');
    edits.push(replaceList(text, rule.ranges.resources, keep.length ? keep : ['TODO-list-resources'], yaml, keep.length ? undefined : 'list the resources this role needs'));
  }
  if (rule.apiGroups.includes('*') && rule.ranges.apiGroups) {
    const keep = rule.apiGroups.filter((v) => v !== '*');
    edits.push(replaceList(text, rule.ranges.apiGroups, keep.length ? keep : [''], yaml, keep.length ? undefined : 'add the API groups of those resources'));
  }
  if (!edits.length) return [];
  return [{ title: 'Replace "*" with read-only verbs and a resource list to fill in', isPreferred: true, edits }];
}

function clusterAdminFix(src: TreeSource, f: Pick<RawFinding, 'start' | 'end'>): FixEdits[] {
  const { text } = src;
  if (!isYaml(text)) return [];
  const roots = src.trees();
  const obj = k8sObjects(roots).find((o) => o.kind === 'ClusterRoleBinding' && o.start <= f.start && f.end <= o.end && roots.includes(o.node));
  if (!obj) return [];
  const kindNode = get(obj.node, 'kind');
  const ref = get(obj.node, 'roleRef');
  const refKind = get(ref, 'kind');
  const refName = get(ref, 'name');
  const md = get(obj.node, 'metadata');
  if (!kindNode || kindNode.type !== 'string' || !refKind || refKind.type !== 'string' || !refName || md?.type !== 'object') return [];
  const subjects = get(obj.node, 'subjects');
  let ns = 'default';
  if (subjects?.type === 'array')
    for (const s of subjects.items) {
      const n = str(get(s, 'namespace'));
      if (n) {
        ns = n;
        break;
      }
    }
  const bindingName = obj.name ?? 'binding';
  const roleName = `${bindingName.replace(/-?binding$/i, '') || bindingName}-role`;
  const edits: EditSpan[] = [
    { start: kindNode.start, end: kindNode.end, newText: 'RoleBinding' },
    { start: refKind.start, end: refKind.end, newText: 'Role' },
    { start: refName.start, end: refName.end, newText: roleName },
  ];
  const nsEdit = insertEntry(text, md, 'namespace', ns);
  if (nsEdit) edits.push(nsEdit);
  // The new Role, as a document after the binding's (and after the comment lines that end the binding's blocks).
  const last = withCommentsAfter(text, trimEnd(text, obj.start, obj.end), 0);
  const at = lineEndFrom(text, last);
  const role = [
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: Role',
    'metadata:',
    `  name: ${roleName}`,
    `  namespace: ${ns}`,
    'rules:',
    '  # TODO: list the API groups, resources and verbs these subjects really need (was cluster-admin).',
    '  - apiGroups: [""]',
    '    resources: ["TODO-list-resources"]',
    '    verbs: ["get", "list", "watch"]',
  ].join('\n');
  edits.push({ start: at, end: at, newText: '\n' + role });
  return [{ title: `Bind a namespaced Role (in "${ns}") instead of cluster-admin; fill in its rules`, isPreferred: true, edits }];
}

/** Insert `key: value` into a mapping (block or flow), as its first entry (or its last one). */
function insertEntry(text: string, map: PObject, key: string, value: string, last = false): EditSpan | undefined {
  if (entry(map, key)) return undefined;
  if (text[map.start] === '{') return { start: map.start + 1, end: map.start + 1, newText: ` ${key}: ${value},` };
  const first = map.entries[0];
  if (!first) return undefined;
  const ls = lineStart(text, first.keyStart);
  const indent = text.slice(ls, first.keyStart);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  if (last) {
    const at = lineEndFrom(text, withCommentsAfter(text, trimEnd(text, map.start, map.end), indent.length));
    return { start: at, end: at, newText: `\n${indent}${key}: ${value}` };
  }
  return { start: ls, end: ls, newText: `${indent}${key}: ${value}\n` };
}

function automountFix(src: TreeSource, f: Pick<RawFinding, 'start' | 'end'>): FixEdits[] {
  const { text } = src;
  const obj = k8sObjects(src.trees()).find((o) => o.kind === 'ServiceAccount' && o.start <= f.start && f.end <= o.end);
  if (!obj) return [];
  const cur = get(obj.node, 'automountServiceAccountToken');
  const title = 'Do not mount the service account token automatically';
  if (cur) return [{ title, isPreferred: true, edits: [{ start: cur.start, end: cur.end, newText: 'false' }] }];
  if (!isYaml(text)) {
    const n = obj.node;
    const firstKey = n.entries[0];
    if (!firstKey) return [];
    return [{ title, isPreferred: true, edits: [{ start: firstKey.keyStart, end: firstKey.keyStart, newText: '"automountServiceAccountToken": false, ' }] }];
  }
  const e = insertEntry(text, obj.node, 'automountServiceAccountToken', 'false', true);
  return e ? [{ title, isPreferred: true, edits: [e] }] : [];
}

/** Fixes for one RBAC finding (empty when none applies), from the document's context (or a bare text). */
export function rbacFixEdits(doc: string | TreeSource, finding: Pick<RawFinding, 'ruleId' | 'start' | 'end' | 'message'> & { fix?: unknown }): FixEdits[] {
  try {
    const src = treeSource(doc);
    switch (finding.ruleId) {
      case 'iam/k8s-wildcard':
        return wildcardFix(src, finding);
      case 'iam/k8s-cluster-admin-binding':
        return (finding.fix as { kind?: string } | undefined)?.kind === 'k8s-cluster-admin-binding' ? clusterAdminFix(src, finding) : [];
      case 'iam/k8s-sa-token-automount':
        return automountFix(src, finding);
      default:
        return [];
    }
  } catch {
    return [];
  }
}

export type { PNode };
