/**
 * One truth for the scan report and the registration manifest: the grants and
 * workloads of a workspace as the families judge them once every file was
 * read. The scan's JSON report (cli/scan.ts), the manifest's export
 * (cli/manifest.ts) and the manifest family's live check read them from here,
 * never from the raw per-file facts:
 *
 * - a Kubernetes binding whose role is in another file is classified with that
 *   role (the lookup the permissions check uses for its findings), not left
 *   "role definition not found";
 * - a workload's namespace is the kustomization's that lists its file, then the
 *   one written, then the `network.defaultNamespace` setting (the network
 *   check's rule);
 * - every grant carries the findings that report it (`linkGrantFindings`), so
 *   a broad grant in the manifest has a finding in the scan and the other way
 *   round (test/unit/manifest-agreement.test.js).
 */
import * as path from 'path';
import { analyzeRole, builtinClusterRole, formatResources, type RbacRole } from './rules/permissions/cloud';
import { GRANT_TOPIC, ROLE_TOPIC, roleLookup } from './rules/permissions';
import { KUSTOMIZE_TOPIC, namespaceResolver, WORKLOAD_TOPIC, type KustomizeFact } from './rules/network';

/** Facts of a topic with the file that published them (WorkspaceModel.all, FactsView.query). */
export type FactSource = <T = unknown>(topic: string) => Array<{ path: string; value: T }>;

/** A grant as reports and the manifest list it: the published grant with its workspace-relative file. */
export type ResolvedGrant = Record<string, unknown> & { file: string; line: number; endLine?: number; class: string; provider: string; role?: string; principal?: string };

export interface ResolvedWorkload {
  kind: string;
  name?: string;
  namespace: string;
  file: string;
  line: number;
}

const relTo = (root: string | undefined, p: string) => (root ? path.relative(root, p).split(path.sep).join('/') || path.basename(p) : path.basename(p));

/** The role lookup over every role the workspace published (the check's lookup). */
export function workspaceRoleLookup(source: FactSource): ReturnType<typeof roleLookup> {
  return roleLookup(source<RbacRole & { path: string }>(ROLE_TOPIC).map((x) => ({ ...x.value, path: x.value.path ?? x.path })));
}

/**
 * A published grant with its cross-file role resolved: a binding that names a role of another file takes that
 * role's class, verbs and resources (a built-in role is used only when the workspace defines none of that name,
 * as in the check). The internal `roleRef` is dropped.
 */
export function resolveGrant<T extends Record<string, unknown>>(g: T, lookup: ReturnType<typeof roleLookup>): T {
  const { roleRef, ...rest } = g as T & { roleRef?: { kind: 'Role' | 'ClusterRole'; name: string; namespace?: string; binding: string } };
  if (!roleRef || typeof roleRef !== 'object') return rest as unknown as T;
  let role: RbacRole | undefined;
  try {
    role = lookup(roleRef.kind, roleRef.name, roleRef.kind === 'Role' ? roleRef.namespace : undefined);
  } catch {
    role = undefined;
  }
  if (!role && roleRef.kind === 'ClusterRole') role = builtinClusterRole(roleRef.name);
  if (!role) return rest as unknown as T;
  const a = analyzeRole(role, roleRef.binding === 'ClusterRoleBinding');
  const roleName = `${roleRef.kind}/${roleRef.name}`;
  return {
    ...rest,
    actions: [...new Set(role.rules.flatMap((r) => r.verbs))],
    resources: [...new Set(role.rules.flatMap(formatResources))],
    class: a.cls,
    reason: `${roleRef.binding} of ${roleName}: ${a.reason}`,
  } as unknown as T;
}

/** Every grant of the workspace, cross-file roles resolved, with its workspace-relative file. */
export function resolvedGrants(source: FactSource, root: string | undefined): ResolvedGrant[] {
  const lookup = workspaceRoleLookup(source);
  return source<Record<string, unknown>>(GRANT_TOPIC).map((g) => ({ ...resolveGrant(g.value, lookup), file: relTo(root, g.path) }) as ResolvedGrant);
}

/** Every workload of the workspace with the namespace it lands in (kustomize, then as written, then the setting). */
export function resolvedWorkloads(source: FactSource, root: string | undefined, defaultNamespace = 'default'): ResolvedWorkload[] {
  const namespaceOf = namespaceResolver(source<KustomizeFact>(KUSTOMIZE_TOPIC), defaultNamespace || 'default');
  return source<Record<string, unknown>>(WORKLOAD_TOPIC).map((w) => {
    const { path: _p, writtenNamespace, namespace: _n, ...rest } = w.value as Record<string, unknown>;
    return { ...(rest as object), namespace: namespaceOf(w.path, typeof writtenNamespace === 'string' ? writtenNamespace : undefined), file: relTo(root, w.path) } as ResolvedWorkload;
  });
}

/** A finding as the link reads it. */
export interface FindingPlace {
  ruleId: string;
  category: string;
  file: string;
  line: number;
}

/**
 * Which findings report which grant. An `iam` finding belongs to the innermost grant of its file whose lines hold
 * it (a statement inside a policy document, a binding's roleRef). A binding whose role is judged where the role is
 * defined (same file, or a built-in) has no finding of its own: it is reported by the findings of that role's
 * rules. Returns, per grant (by index), the indexes of its findings, and per finding its grant.
 */
export function linkGrantFindings(grants: ResolvedGrant[], findings: FindingPlace[]): { byGrant: number[][]; byFinding: Map<number, number> } {
  const byGrant: number[][] = grants.map(() => []);
  const byFinding = new Map<number, number>();
  const endOf = (g: ResolvedGrant) => Number(g.endLine) || g.line;
  const span = (g: ResolvedGrant) => endOf(g) - g.line;
  // The grants of each file by first line: a finding looks only at the grants that start at or before it (a template
  // of 5,000 resources has thousands of grants and hundreds of findings: not every pair).
  const byFile = new Map<string, number[]>();
  grants.forEach((g, gi) => {
    const l = byFile.get(g.file);
    if (l) l.push(gi);
    else byFile.set(g.file, [gi]);
  });
  for (const l of byFile.values()) l.sort((a, b) => grants[a].line - grants[b].line || a - b);
  findings.forEach((f, fi) => {
    if (f.category !== 'iam') return;
    const list = byFile.get(f.file);
    if (!list) return;
    // The last grant starting at or before the finding's line, then back: the innermost that holds it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (grants[list[mid]].line <= f.line) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let after = 0;
    for (let k = lo - 1; k >= 0 && after < 256; k--) {
      const gi = list[k];
      const g = grants[gi];
      if (f.line > endOf(g)) {
        if (best >= 0) after++;
        continue;
      }
      // The innermost (smallest span); among equal ones the first listed, as the report lists grants.
      if (best < 0 || span(g) < span(grants[best]) || (span(g) === span(grants[best]) && gi < best)) best = gi;
      after++;
    }
    if (best < 0) return;
    byGrant[best].push(fi);
    byFinding.set(fi, best);
  });
  // The binding of a role reported where the role is: the findings of that role's rules.
  const roleGrants = new Map<string, number[]>();
  grants.forEach((r, ri) => {
    if (r.provider !== 'kubernetes' || r.principal || !r.role) return;
    const k = `${r.role}\u0000${r.class}`;
    const l = roleGrants.get(k);
    if (l) l.push(ri);
    else roleGrants.set(k, [ri]);
  });
  grants.forEach((g, gi) => {
    if (byGrant[gi].length || g.provider !== 'kubernetes' || !g.principal || !g.role) return;
    for (const ri of roleGrants.get(`${g.role}\u0000${g.class}`) ?? []) if (ri !== gi) byGrant[gi].push(...byGrant[ri]);
  });
  return { byGrant, byFinding };
}
