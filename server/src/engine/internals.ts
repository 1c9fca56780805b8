/**
 * Building blocks of the families and formats, exposed for unit tests and
 * the benchmark (the public API is index.ts).
 */
export * as hcl from './formats/hcl';
export * as tree from './formats/tree';
export * as yamlFast from './formats/yamlFast';
export * as k8s from './formats/k8s';
export * as bicep from './formats/bicep';
export * as permissions from './rules/permissions/api';
export * as network from './rules/network/api';
export * as manifest from './rules/manifest/api';
export * as secretProviders from './rules/secrets/providers';
export * as secretlint from './rules/secrets/secretlint';
export { GRANT_CLASSES_DOC } from './rules/permissions/classes';
export * as oauth from './rules/oauth';
export * as oauthCatalog from './rules/oauth/catalog';
export * as oauthCode from './rules/oauth/code';
export * as oauthReaders from './rules/oauth/readers';
export * as oauthEdits from './rules/oauth/edits';
export { chunksOf } from './chunks';
export { MAX_FINDINGS_PER_RULE } from './analyze';
export { mayBeTyped, structuredType } from './document';
export * as resolved from './resolved';
export { compactCopy } from './compact';
