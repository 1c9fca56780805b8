/** What the secrets family's fixes need, carried in diagnostic data. */
import type { FindingData, Range } from '../../types';

/** What a fix needs to rewrite a hardcoded secret; carried in diagnostic data. */
export interface SecretFixData extends FindingData {
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

export interface FileFixData extends FindingData {
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

