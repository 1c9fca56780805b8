/** Public API of the Micro-App Guard engine (imports no LSP or VS Code module). */
export * from './types';
export { analyzeDocument, resolveRuleSetting, MAX_TEXT_LENGTH } from './analyze';
export { fixesForFinding, fixAll, applyEdits } from './fixes';
export { RULES, getRule, docsAnchor, type RuleMeta } from './registry';
export { detectFileKind } from './formats/fileKind';
export { LineIndex, maskSecret } from './text';
export { WorkspaceIndex, type WorkspaceIndexOptions } from './workspace';
