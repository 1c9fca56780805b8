/**
 * Kubernetes roles across files: the topic the family publishes roles on, and how a binding finds its role among
 * them (the one lookup of the check's findings and of the `grants` view).
 */
import { GRANTS } from '../../topics';
import type { RbacRole } from './k8s/rbac';

export const GRANT_TOPIC = GRANTS.name;
export const ROLE_TOPIC = 'k8s/rbac-role';

export function roleLookup(roles: RbacRole[]): (kind: 'Role' | 'ClusterRole', name: string, namespace?: string) => RbacRole | undefined {
  return (kind, name, namespace) => roles.find((x) => x.kind === kind && x.name === name && (kind === 'ClusterRole' || (x.namespace ?? 'default') === (namespace ?? 'default')));
}
