/**
 * Core types of the Micro-App Guard engine. The engine is pure: text and a
 * workspace view in, findings and fixes out. Nothing here imports an LSP or
 * VS Code module; positions are 0-based (line, character in UTF-16 code
 * units), the same convention LSP uses, and adapters convert when needed.
 */

/**
 * A finding's category (diagnostic `data.category`): each family registers its own (`Family.category`); the core
 * names none. The registry's `RegisteredCategory` is the union of the registered ones.
 */
export type Category = string;
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * What a family's fixes need, carried in diagnostic data. Each family
 * defines its own shapes (the secrets family: rules/secrets/types.ts); the
 * engine only reads `kind`.
 */
export interface FindingData {
  kind: string;
}

/** How a problem (not a finding) is told. */
export interface ProblemOptions {
  /**
   * The problem is about something larger than the file (a Helm chart, a folder): a scan tells it once for every
   * file that gives the same key, under the first such file.
   */
  once?: string;
}

/** A problem as the scanner keeps it (in its results and its cache). */
export interface Problem extends ProblemOptions {
  message: string;
}

/** Another place that explains a finding (LSP relatedInformation, SARIF relatedLocations). */
export interface RelatedLocation {
  /** Absolute path of the file. */
  path: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Masked, human message. Never contains the secret value. */
  message: string;
  range: Range;
  data?: FindingData;
  related?: RelatedLocation[];
}

/**
 * Something the engine could not check in a document and says so (an input past a budget, a family that
 * stopped on it): not a finding, no rule, no fix. Shown as an information diagnostic and a CLI problem.
 */
export interface AnalysisNote {
  message: string;
  range: Range;
}

export interface RuleMeta {
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  description: string;
  docs: string;
  fix: string;
  /** External documentation (secretlint's own rule pages); otherwise docs/rules.md. */
  docsUrl?: string;
  /** The family module the rule lives in. */
  family: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A change to one file. `create` asks the adapter to create it when missing. */
export interface FileEdit {
  /** Absolute path of the file. */
  path: string;
  edits: TextEdit[];
  create?: boolean;
}

export interface Fix {
  title: string;
  ruleId: string;
  kind: 'quickfix';
  isPreferred: boolean;
  /** Safe fixes are applied by source.fixAll when the user opts in. */
  safe: boolean;
  changes: FileEdit[];
}

export interface DocumentInput {
  /** Absolute path (or a stable pseudo path for unsaved buffers). */
  path: string;
  text: string;
  /** Editor language id when known (e.g. "javascript", "yaml"). */
  languageId?: string;
}

/** Per-rule settings: enable/disable and severity override. */
export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
}

/**
 * Settings as a client or a settings file holds them (every key is declared in
 * settings.ts or a family's `settings`); the engine normalises them, or takes
 * an already normalised `Settings`.
 */
export interface EngineSettings {
  rules?: Record<string, RuleSetting | Severity | 'off' | boolean>;
  /** Glob patterns (gitignore syntax) of files not to scan. */
  ignore?: string[];
  [key: string]: unknown;
}

/**
 * What the engine may know of the workspace around a document. Everything is
 * optional: a lone buffer works too.
 */
export interface WorkspaceView {
  /** Absolute root folder. */
  root?: string;
  /** True when the path is ignored by git (.gitignore) and so not committed. */
  isGitIgnored?(absPath: string): boolean;
  /** True when the path is listed in .secretlintignore or the ignore settings. */
  isScanIgnored?(absPath: string): boolean;
  /** Reads a workspace file; undefined when absent. */
  readFile?(absPath: string): string | undefined;
  /** A family's folder configuration (Family.folderConfig), loaded once per folder. */
  config?(family: string): unknown;
  /** Changes whenever the folder's configuration is reloaded (cached results keyed on it are dropped). */
  configVersion?(): number;
  /** Fingerprints listed in the workspace's .microapp-guard-ignore. */
  fingerprints?(): ReadonlySet<string>;
}

export class CancelledError extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'CancelledError';
  }
}
