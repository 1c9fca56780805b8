/**
 * The non-AWS part of the `permissions` family: Kubernetes RBAC, GCP and Azure
 * (Terraform, ARM) and GitHub Actions workflow permissions. Pure analysis; the
 * lead wires it into the family.
 */
export * from '../k8s/objects';
export * from '../k8s/rbac';
export * from '../k8s/fixes';
export * from '../gcp/gcp';
export * from '../gcp/roles';
export * from '../azure/azure';
export * from '../gha/gha';
export * from './rules';
// The Terraform parser the GCP / Azure checks read (initHcl must resolve before parseHcl returns a tree).
export { initHcl, parseHcl } from '../../../formats/hcl';
