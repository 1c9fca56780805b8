/**
 * The network family's pure logic, one entry: Kubernetes facts, NetworkPolicy
 * semantics, checks, external endpoints and NetworkPolicy generation.
 */
export * from './k8s';
export * from './selectors';
export * from './endpoints';
export * from './generate';
export * from './check';
export * from './rules';
export * from './labels';
export * from './calico';
export * from './policies';
