/**
 * Kubernetes roles across files: the topic the family publishes roles on, and how a binding finds its role among
 * them (the one lookup of the check's findings and of the `grants` view).
 */
import { GRANTS } from '../../topics';
import type { RbacRole, RoleLookup } from './k8s/rbac';

export const GRANT_TOPIC = GRANTS.name;
export const ROLE_TOPIC = 'k8s/rbac-role';

const keyOf = (kind: string, name: string) => `${kind}\0${name}`;
/** The key every ClusterRole has too: an aggregated ClusterRole reads them all (by label). */
const ALL_CLUSTER_ROLES = 'ClusterRole:*';

/**
 * The keys of a published role (`Family.factKeys`): its kind and name, the one thing a binding looks it up by; a
 * ClusterRole also has the key every ClusterRole has (aggregation).
 */
export function roleKeys(value: unknown): string[] {
  const r = value as RbacRole;
  const k = keyOf(r.kind, r.name);
  return r.kind === 'ClusterRole' ? [k, ALL_CLUSTER_ROLES] : [k];
}
const inNamespace = (x: RbacRole, kind: string, namespace: string | undefined) => kind === 'ClusterRole' || (x.namespace ?? 'default') === (namespace ?? 'default');

/** Entries by kind and name, in their order: the first of a name whose namespace fits is the one a binding names. */
function byName<T>(entries: T[], roleOf: (e: T) => RbacRole): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const e of entries) {
    const r = roleOf(e);
    const k = keyOf(r.kind, r.name);
    const l = m.get(k);
    if (l) l.push(e);
    else m.set(k, [e]);
  }
  return m;
}

/** The first role of this kind and name that a binding in `namespace` can name (made into an index on first use). */
export function roleLookup(roles: RbacRole[]): RoleLookup {
  let index: Map<string, RbacRole[]> | undefined;
  const find: RoleLookup = (kind, name, namespace) => {
    // A file's own few roles are searched as they are; from 16 on, an index.
    if (roles.length < 16) return roles.find((x) => x.kind === kind && x.name === name && inNamespace(x, kind, namespace));
    index ??= byName(roles, (r) => r);
    return index.get(keyOf(kind, name))?.find((x) => inNamespace(x, kind, namespace));
  };
  // Aggregated ClusterRoles select others by label (k8s/rbac.ts expandAggregation).
  find.clusterRoles = () => roles.filter((x) => x.kind === 'ClusterRole');
  return find;
}

interface FolderRoles {
  byName: Map<string, Array<{ path: string; value: RbacRole }>>;
  clusterRoles: Array<{ path: string; value: RbacRole }>;
}
const folderMemo = new WeakMap<object, FolderRoles>();

/**
 * A file's lookup: its own roles first, then the folder's published roles but its own (`facts` is the folder's list,
 * this file's included: the model's shared list, indexed once for every file that asks). Each binding file copied the
 * folder's roles and searched them one by one, so a folder of role and binding files cost the square of their number.
 */
export function folderRoleLookup(facts: Array<{ path: string; value: RbacRole }>, path: string, local: RbacRole[], reads?: Set<string>): RoleLookup {
  let ix = folderMemo.get(facts);
  if (!ix) folderMemo.set(facts, (ix = { byName: byName(facts, (f) => f.value), clusterRoles: facts.filter((f) => f.value.kind === 'ClusterRole') }));
  const folder = ix;
  const mine = roleLookup(local);
  // `reads`: the keys of the roles asked for (`roleKeys`), what the binding's findings depend on.
  const find: RoleLookup = (kind, name, namespace) => {
    reads?.add(keyOf(kind, name));
    return mine(kind, name, namespace) ?? folder.byName.get(keyOf(kind, name))?.find((f) => f.path !== path && inNamespace(f.value, kind, namespace))?.value;
  };
  find.clusterRoles = () => {
    reads?.add(ALL_CLUSTER_ROLES);
    return [...mine.clusterRoles!(), ...folder.clusterRoles.filter((f) => f.path !== path).map((f) => f.value)];
  };
  return find;
}
