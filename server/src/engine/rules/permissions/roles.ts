/**
 * Kubernetes roles across files: the topic the family publishes roles on, and how a binding finds its role among
 * them (the one lookup of the check's findings and of the `grants` view).
 */
import { GRANTS } from '../../topics';
import type { RbacRole, RoleLookup } from './k8s/rbac';

export const GRANT_TOPIC = GRANTS.name;
export const ROLE_TOPIC = 'k8s/rbac-role';

export function roleLookup(roles: RbacRole[]): RoleLookup {
  const find: RoleLookup = (kind, name, namespace) => roles.find((x) => x.kind === kind && x.name === name && (kind === 'ClusterRole' || (x.namespace ?? 'default') === (namespace ?? 'default')));
  // Aggregated ClusterRoles select others by label (k8s/rbac.ts expandAggregation).
  find.clusterRoles = () => roles.filter((x) => x.kind === 'ClusterRole');
  return find;
}
