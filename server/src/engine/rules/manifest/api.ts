/**
 * The manifest family's public API, for the export layer (registry.ts `manifestApi`) and unit tests
 * (engine/internals.ts): schema, scoring, inference, SBOM, build/merge/export and live validation.
 */
export { manifestSchema } from './schemaData';
export * from './types';
export {
  POINTS,
  MANUAL_REVIEW_AT,
  BLOCKED_AT,
  gateFor,
  score,
  sensitivityOf,
  dataClassFactor,
  permissionsFactor,
  connectivityFactor,
  sbomFactor,
  type FactorValues,
} from './score';
export {
  inferableFiles,
  inferDataClasses,
  inferMetadata,
  inferObservability,
  inferRegions,
  inferFlows,
  flowWordsIn,
  FLOW_RULES,
  inferRevocationNames,
  classifyTokens,
  codeIdentifiers,
  readTomlSections,
  tomlString,
  parsePerson,
  looksSafe,
} from './infer';
export { buildSbom, readVulnerabilityReports, readReport, npmPurl, pypiPurl, NO_REPORT_REASON, SBOM_SPEC_VERSION, type SbomResult } from './sbom';
export { dependencyFiles, ecosystemsOf, ecosystemsCovered, reportCommands, howToReport, describeDependencies, DEPENDENCY_FILE, MAX_DEPENDENCY_FILES } from './deps';
export {
  API_VERSION,
  HUMAN_FIELDS,
  YAML_HEADER,
  isTodo,
  todo,
  todoPaths,
  missingItems,
  finishStatus,
  vulnerabilitySummary,
  NO_COMPONENTS_REASON,
  buildManifest,
  mergeManifest,
  staleFields,
  toYaml,
  toBackstage,
  backstageName,
} from './build';
export { schemaValidator, validateObject, validateManifest, parseManifestText, todoRanges, disagreements, disagreementsInText, yamlErrorText } from './validate';
export { OUTPUT_FILES, isOutputFile, grantInput, endpointInput, endpointInputOf, workloadInputs, exposureInputs, secretInputs, buildInputFrom, type WorkspaceFacts, type FindingRef, type WorkloadFact, type WithFile } from './inputs';
export { liveManifest, staleInText, isManifestDocument, MANIFEST_RULES, DEFAULT_MANIFEST_PATH, manifestFamily } from './index';
export { schemaAt, keysAt, keyInfo, yamlParentPath, yamlLocation, jsonLocation, completionsAt, hoverAt, type KeyInfo, type KeyPath } from './schemaNav';
