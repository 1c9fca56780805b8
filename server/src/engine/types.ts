/**
 * Core types of the Micro-App Guard engine. The engine is pure: text and a
 * workspace view in, findings and fixes out. Nothing here imports an LSP or
 * VS Code module; positions are 0-based (line, character in UTF-16 code
 * units), the same convention LSP uses, and adapters convert when needed.
 */

export type Category = 'secret' | 'iam' | 'network' | 'manifest';
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** What a fix needs to rewrite a hardcoded secret; carried in diagnostic data. */
export interface SecretFixData {
  kind: 'secret';
  /** Human name of the secret kind, e.g. "Slack token". Never the value. */
  secretKind: string;
  /** Suggested environment variable / secret key name, e.g. SLACK_BOT_TOKEN. */
  envName: string;
  /** Range of the whole literal to replace (quotes included when present). */
  replaceRange: Range;
  /** Which reference style fits the place where the secret sits. */
  style: ReferenceStyle;
  /** For Kubernetes env literals: the range of the `value:` entry (key and value). */
  k8sValueRange?: Range;
  /** Indentation of the `value:` key in a Kubernetes env entry. */
  k8sIndent?: string;
  /** Name of the Kubernetes Secret to reference. */
  k8sSecretName?: string;
  /** No reference can replace this value in place (base64 `data:` of a Secret). */
  noReference?: boolean;
  /**
   * The literal is a fallback next to an environment lookup (`process.env.X || "..."`,
   * `os.getenv("X", "...")`): the fix removes the fallback, keeping the lookup
   * (whose variable name is `envName`).
   */
  fallback?: { range: Range; newText: string };
}

export interface FileFixData {
  kind: 'dotenv-committed';
  /** Workspace-relative path of the .env file. */
  relativePath: string;
}

export type FixData = SecretFixData | FileFixData;

export type ReferenceStyle =
  | 'js'
  | 'python'
  | 'go'
  | 'java'
  | 'ruby'
  | 'csharp'
  | 'php'
  | 'shell'
  | 'yaml'
  | 'json'
  | 'terraform'
  | 'k8s-env'
  | 'dotenv'
  | 'gha'
  | 'dockerfile'
  | 'none';

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** Masked, human message. Never contains the secret value. */
  message: string;
  range: Range;
  data?: FixData;
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

export interface EngineSettings {
  rules?: Record<string, RuleSetting | Severity | 'off' | boolean>;
  /** Glob patterns (gitignore syntax) of files not to scan. */
  ignore?: string[];
  /** Minimum Shannon entropy (bits/char) for generic credential values. */
  genericEntropyThreshold?: number;
  /** Lines longer than this are not scanned by the generic rules (minified code). */
  maxLineLength?: number;
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
  /** secretlint rule options from .secretlintrc.*, keyed by secretlint rule id. */
  secretlintRuleOptions?: Record<string, unknown>;
  /** secretlint rules disabled by .secretlintrc.* (rules with `disabled: true`). */
  secretlintDisabledRules?: string[];
}

export interface AnalyzeOptions {
  settings?: EngineSettings;
  workspace?: WorkspaceView;
  /** Polled between rules; when it returns true the analysis stops early. */
  isCancelled?: () => boolean;
  /** Told when part of the file could not be checked (e.g. YAML that does not parse). Never carries file content. */
  onProblem?: (message: string) => void;
}

export class CancelledError extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'CancelledError';
  }
}
