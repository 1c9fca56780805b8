/**
 * The `grants` workspace view: every grant of the workspace, a Kubernetes binding whose role is in another file
 * classified with that role (the lookup the check uses for its findings), not left "role definition not found".
 */
import path = require('path');
import type { FactSource, GrantFact, ResolvedGrant } from '../../topics';
import { GRANTS } from '../../topics';
import { analyzeRole, builtinClusterRole, expandAggregation, formatResources, type RbacRole } from './k8s/rbac';
import { ROLE_TOPIC, roleLookup } from './roles';

const relTo = (root: string | undefined, p: string) => (root ? path.relative(root, p).split(path.sep).join('/') || path.basename(p) : path.basename(p));

/** The role lookup over every role the workspace published (the check's lookup). */
function workspaceRoleLookup(source: FactSource): ReturnType<typeof roleLookup> {
  return roleLookup(source<RbacRole & { path: string }>(ROLE_TOPIC).map((x) => ({ ...x.value, path: x.value.path ?? x.path })));
}

/**
 * A published grant with its cross-file role resolved: a binding that names a role of another file takes that
 * role's class, verbs and resources (a built-in role is used only when the workspace defines none of that name,
 * as in the check). The internal `roleRef` is dropped.
 */
function resolveGrant<T extends Record<string, unknown>>(g: T, lookup: ReturnType<typeof roleLookup>): T {
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
  // An aggregated ClusterRole (the built-in admin / edit / view too) holds the rules of the roles it selects.
  if (role.aggregationRule) role = expandAggregation(role, lookup.clusterRoles?.() ?? []);
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
  return source<GrantFact & Record<string, unknown>>(GRANTS.name).map((g) => ({ ...resolveGrant(g.value, lookup), file: relTo(root, g.path) }) as ResolvedGrant);
}

