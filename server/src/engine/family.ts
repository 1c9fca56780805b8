/**
 * The family interface. A family is one folder under engine/rules/<family>/
 * exporting one `Family` object: its rules, the documents it looks at, the
 * facts it publishes to the workspace model, its check, its fixes and its
 * settings section. The registry (registry.ts) is the list of families;
 * nothing else in the engine names a family.
 */
import type { DocumentContext, DocumentTypeSpec } from './document';
import type { SettingSpec } from './settings';
import type { Category, Finding, Fix, ProblemOptions, RuleMeta, Severity, WorkspaceView } from './types';
import type { FixContext } from './fixes/context';
import type { Fact, FactsView } from './model';
import type { ViewProviders, WorkspaceViews } from './topics';

export type { Fact };

/** The minimal cancellation token the engine polls (LSP's CancellationToken fits). */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationToken = Object.freeze({ isCancellationRequested: false });


/** What a family's check sees. */
export interface CheckContext {
  doc: DocumentContext;
  /** Facts of the other files of the workspace; every read is recorded as a dependency. */
  workspace: FactsView;
  /** Every declared setting's value (defaults applied), keyed as in SettingSpec.key. */
  settings: Record<string, unknown>;
  /** The workspace folder around the document (git ignores, folder config files), when there is one. */
  folder?: WorkspaceView;
  /** What the caller passes to this family (`AnalyzeOptions.familyOptions[name]`). */
  options?: unknown;
  /** Told when part of the file could not be checked. Never carries file content. */
  onProblem(message: string, options?: ProblemOptions): void;
  /** Throws CancelledError when the token is cancelled, after letting pending messages in. */
  yield(): Promise<void>;
  /** A workspace view (topics.ts) over the other files' facts, computed by the family that owns them. */
  view<K extends keyof WorkspaceViews>(name: K): WorkspaceViews[K];
}

/** Where an editor feature is asked: a document and an offset in it (the LSP adapter serves every family alike). */
export interface EditorContext {
  doc: DocumentContext;
  offset: number;
  /** Every declared setting's value for the document (defaults applied). */
  settings: Record<string, unknown>;
  /** Facts of the other files of the workspace. */
  workspace: FactsView;
}

export interface EditorHover {
  markdown: string;
  /** Offsets of what the hover is about (default: the word under the cursor, as the client picks it). */
  range?: { start: number; end: number };
  /** A dotted key path under the cursor, when the family reads the document by keys (adapters may add to it). */
  key?: string;
}

export interface EditorCompletion {
  label: string;
  kind: 'key' | 'value' | 'text';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText?: string;
}

export interface EditorLens {
  /** Offsets the lens is drawn above. */
  range: { start: number; end: number };
  title: string;
  /** A command the lens runs (a family command's id, or an adapter's). */
  command?: { id: string; arguments?: unknown[] };
}

/** A command a family offers (LSP workspace/executeCommand; ids are namespaced by the family's name). */
export interface FamilyCommand {
  /** `<family>.<name>`. */
  id: string;
  title: string;
  run(args: unknown[], ctx: { settings: Record<string, unknown>; workspace: FactsView }): Promise<unknown>;
}

/** Editor features of a family, served for every family by the LSP adapter (lsp/features.ts). All optional. */
export interface EditorFeatures {
  hover?(ctx: EditorContext): EditorHover | undefined;
  completions?(ctx: EditorContext): EditorCompletion[];
  /** Characters after which the client should ask for completions. */
  completionTriggers?: readonly string[];
  codeLenses?(ctx: Omit<EditorContext, 'offset'>): EditorLens[];
  commands?: readonly FamilyCommand[];
}

/** What a family's folder preparation gives. */
export interface PreparedFolder {
  options?: unknown;
  /** Told to the user once (the log, the CLI's problems). */
  notes: string[];
  /** Code the workspace names that is not loaded because the workspace is not trusted (the adapters say how to trust it). */
  restricted?: Array<{ by: string; packages: string[] }>;
}

export interface Family {
  /** Folder name and the `<family>/*` selector: "secrets", "permissions", "network", "manifest". */
  readonly name: string;
  /** The category every rule of the family carries (diagnostic data.category). */
  readonly category: Category;
  /** Rule-id prefixes the family owns ("secret/", "secretlint/"). */
  readonly idPrefixes: readonly string[];
  readonly rules: readonly RuleMeta[];
  /** Settings of the family's section (`microappGuard.<key>`). */
  readonly settings?: readonly SettingSpec[];
  /**
   * Folder-level configuration files of the family (e.g. .secretlintrc.*): the workspace loads
   * them once per folder and again when one of `files` changes; checks read the result through
   * `folder.config(name)`.
   */
  readonly folderConfig?: { files: readonly string[]; load(root: string, read: (absPath: string) => string | undefined): unknown };
  /**
   * Asynchronous per-folder preparation (loading a trusted workspace's rule packages, ...).
   * Its `options` reach the check as `ctx.options`; `notes` are told to the user once.
   */
  prepareFolder?(folder: { root: string; trusted: boolean; config: unknown }): Promise<PreparedFolder>;
  /** What of the prepared options changes findings, as text (caches key their results on it; default: its JSON). */
  optionsKey?(options: unknown): string;
  /** Whether the family looks at this document at all (cheap: file kind and document types). */
  appliesTo(doc: DocumentContext): boolean;
  /** Facts this document publishes for other files. Pure: reads only the document. */
  facts?(doc: DocumentContext, token: CancellationToken): Fact[];
  /**
   * Whether this document's check reads other files' facts (typed YAML documents aside, which the index treats so
   * anyway): a folder's index checks it once every file's facts are in, not while other files still publish.
   */
  readsOtherFiles?(doc: DocumentContext): boolean;
  /**
   * How the facts of the family's topics are keyed (a Kubernetes policy by its namespace and the labels it can be a hint
   * for), for checks that narrow their reads to some keys (`FactsView.narrow`): a fact's keys are a function of the
   * fact alone, the same in every process. `+` is not a fact's key: `topic#+` stands for the files publishing on it.
   */
  readonly factKeys?: Readonly<Record<string, (value: unknown) => string | readonly string[]>>;
  check(ctx: CheckContext, token: CancellationToken): Promise<Finding[]>;
  /** Fixes for one of the family's findings, any order (the engine puts the preferred one first). */
  fixes?(ctx: FixContext, finding: Finding, token: CancellationToken): Fix[];
  /**
   * Whether the family is line-local for this document: its findings and facts depend only on the lines
   * around them, so the engine may run `check` and `facts` on chunks of a large file and cache each chunk's
   * results by its text (chunks.ts). A line-local family must not read the workspace.
   */
  readonly lineLocal?: (doc: DocumentContext) => boolean;
  /**
   * For a chunked file (chunks.ts): findings with the same key are reported once, the first in the file (e.g. an
   * endpoint once per host per file, as a whole-file check reports it); undefined keeps the finding. Asked once per
   * finding when its chunk is first analysed (the key is kept with the chunk's cached result), not on every edit.
   */
  chunkMergeKey?(finding: Finding): string | undefined;
  /** The structured document types the family owns (registered into document.ts: `DocumentContext.types()`). */
  readonly documentTypes?: readonly DocumentTypeSpec[];
  /** The workspace views (topics.ts) this family computes from the facts it publishes. */
  readonly views?: ViewProviders;
  /** Whether a text holds a credential this family would report (every output leaves such text out). */
  containsCredential?(text: string): boolean;
  /** Hover, completion, CodeLens and commands in the editor. */
  readonly editor?: EditorFeatures;
  /**
   * The text a finding of this family points at is a value no message may quote (a credential): every family's
   * messages in the document are masked of it.
   */
  readonly maskFindingText?: boolean;
  /**
   * How the "ignore this line" fix writes a suppression comment for this family's findings: the directive
   * (`<directive>-disable-line`, which suppression.ts reads) and the rule token it names (default: the rule id).
   */
  readonly suppression?: { directive: 'microapp-guard' | 'secretlint'; ruleToken?(ruleId: string): string };
}

export type { Category, Severity, RuleMeta };
