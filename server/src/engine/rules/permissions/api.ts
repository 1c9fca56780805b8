/**
 * The permissions family's building blocks, for unit tests (engine/internals.ts): the AWS checks (aws/),
 * Kubernetes RBAC, GCP and Azure (Terraform, ARM), GitHub Actions token permissions and their rule metadata.
 */
export * from './aws';
export * from './k8s/objects';
export * from './k8s/rbac';
export * from './k8s/fixes';
export * from './gcp/gcp';
export * from './gcp/roles';
export * from './azure/azure';
export * from './gha/gha';
export * from './rules';
export { parseHcl } from '../../formats/hcl';
export { roleLookup, folderRoleLookup } from './roles';
