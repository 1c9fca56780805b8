/**
 * What every secrets rule reads: the check's inputs, the regions of the file
 * scanned as a kind, and the Kubernetes facts of its YAML (gathered once).
 */
import type { FileKind } from '../../formats/fileKind';
import type { LineIndex } from '../../text';
import type { WorkspaceView } from '../../types';
import type { DocumentContext } from '../../document';
import type { SecretlintConfigSummary } from './config';
import { k8sFacts, shiftFacts, type K8sFacts } from './k8sContext';
import { fencedBlocks } from './markdown';
import type { ExtraSecretlintRule } from './secretlint';

export interface SecretsContext {
  path: string;
  text: string;
  kind: FileKind;
  index: LineIndex;
  workspace?: WorkspaceView;
  entropyThreshold?: number;
  maxLineLength?: number;
  extraSecretlintRules?: ExtraSecretlintRule[];
  secretlintConfig?: SecretlintConfigSummary;
  /** The engine's cancellation point (CheckContext.yield): lets pending messages in, throws when cancelled. */
  yield?: () => Promise<void>;
  onProblem?: (message: string) => void;
  /** The document, for its parse stores (shared while editing, its own in a one-shot scan). */
  doc?: DocumentContext;
}

/** A part of the file scanned as a kind: the whole file, or a Markdown fenced block as its fence language. */
export interface Region {
  kind: FileKind;
  start: number;
  end: number;
}

export interface SecretsScan {
  ctx: SecretsContext;
  regions: Region[];
  /** Container env literals and Secret data of every Kubernetes YAML region, offsets in the whole file. */
  facts: K8sFacts;
}

/** Splits the file into regions and gathers its Kubernetes facts; a YAML file that does not parse is reported through onProblem. */
export function prepareScan(ctx: SecretsContext): SecretsScan {
  const { text, kind, index } = ctx;
  // The file as its kind; in Markdown, each fenced code block as its fence language (prose stays exempt).
  const regions: Region[] = kind === 'markdown' ? fencedBlocks(text) : [{ kind, start: 0, end: text.length }];
  const facts: K8sFacts = { env: [], secrets: [], secretObjects: [], errors: [] };
  for (const r of regions) {
    if (r.kind !== 'yaml') continue;
    const sub = r.start === 0 && r.end === text.length ? text : text.slice(r.start, r.end);
    if (!/^\s*kind\s*:/m.test(sub)) continue;
    const f = shiftFacts(k8sFacts(sub, ctx.doc && sub === text ? ctx.doc : undefined), r.start);
    facts.env.push(...f.env);
    facts.secrets.push(...f.secrets);
    facts.secretObjects.push(...f.secretObjects);
    if (kind === 'yaml') facts.errors.push(...f.errors);
  }
  if (facts.errors.length) {
    const { line, character } = index.positionAt(facts.errors[0]);
    ctx.onProblem?.(`YAML does not parse (line ${line + 1}, column ${character + 1}): Kubernetes checks skipped where it breaks; the other secret rules ran`);
  }
  return { ctx, regions, facts };
}
