/** Public API of the Micro-App Guard engine (imports no LSP or VS Code module). */
export * from './types';
export { analyze, analyzeDocument, documentFacts, resolveRuleSetting, resolveSettings, MAX_TEXT_LENGTH, type AnalysisResult } from './analyze';
export { fixesForFinding, fixAll, applyEdits, type FixOptions } from './fixes';
export { FINGERPRINT_FILE, fingerprint } from './fixes/ignore';
export { FAMILIES, RULES, SETTINGS, getRule, familyOf, selectorMatches, docsAnchor, readsOtherFiles } from './registry';
export { CORE_SETTINGS, normalizeSettings, contributedProperty, type Settings, type SettingSpec, type SettingsProblem } from './settings';
export { documentContext, DocumentContext, type DocType } from './document';
export { WorkspaceModel, type FactsView } from './model';
export { NEVER_CANCELLED, type CancellationToken, type Family, type Fact, type CheckContext, type EditorContext, type EditorHover, type EditorCompletion, type EditorLens, type FamilyCommand } from './family';
export { registerFamily } from './registry';
export { detectFileKind } from './formats/fileKind';
export { LineIndex } from './text';
export { WorkspaceIndex, type WorkspaceIndexOptions } from './folder';
export * as internals from './internals';
