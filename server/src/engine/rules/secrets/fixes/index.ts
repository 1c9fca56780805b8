/**
 * Fixes for secret findings: replace the literal by a reference that fits the
 * file, add NAME= to .env.example, ignore the line, keep .env out of git.
 */
import type { DocumentInput, Finding, Fix, WorkspaceView } from '../../../types';
import type { FixData } from '../types';
import { envExampleFix, existingEnvName, gitignoreDotenvFix, moveToDotenvFix, projectEnvNames } from './dotenv';
import { indexFor } from './edits';
import { k8sReplacement } from './kubernetes';
import { referenceTitle } from './references';
import { referenceEdits } from './replace';
import { quickFix } from '../../../builders';

export { projectEnvNames };

export interface FixContext {
  workspace?: WorkspaceView;
  /** projectEnvNames(workspace), when the caller computed it already. */
  envNames?: ReadonlySet<string>;
}

/** Styles whose value can live in a git-ignored .env and be read from the environment. */
const CODE_STYLES = new Set(['js', 'python', 'go', 'java', 'ruby', 'csharp', 'php', 'shell', 'yaml', 'json']);

export function secretFixes(doc: DocumentInput, finding: Finding, ctx: FixContext = {}): Fix[] {
  const original = finding.data as FixData | undefined;
  if (!original) return [];
  const ws = ctx.workspace;
  if (original.kind === 'dotenv-committed') return [gitignoreDotenvFix(doc, finding, original, ws)];
  // Fix data is per finding; the env name may be refined from the project's own .env files.
  const data =
    original.kind === 'secret' && !original.fallback && original.style !== 'k8s-env'
      ? { ...original, envName: existingEnvName(original.envName, ctx.envNames ?? projectEnvNames(ws)) }
      : original;
  const index = indexFor(doc.text);
  const fixes: Fix[] = [];

  const secret = doc.text.slice(index.offsetAt(finding.range.start), index.offsetAt(finding.range.end));
  const literal = doc.text.slice(index.offsetAt(data.replaceRange.start), index.offsetAt(data.replaceRange.end));

  if (data.style === 'k8s-env' && data.k8sValueRange) {
    fixes.push(
      quickFix(finding.ruleId, referenceTitle('k8s-env', data.envName, data.k8sSecretName), [{ path: doc.path, edits: [{ range: data.k8sValueRange, newText: k8sReplacement(doc.text, index, data) }] }], {
        preferred: true,
        safe: true,
      }),
    );
  } else if (data.style !== 'dotenv' && !data.noReference) {
    const edits = referenceEdits(doc, index, data, literal, secret, ws);
    if (edits) {
      fixes.push(quickFix(finding.ruleId, edits.title ?? referenceTitle(data.style, data.envName), [{ path: doc.path, edits: edits.edits }], { preferred: true, safe: true }));
    }
  }

  // Keep the value working locally: move it into a git-ignored .env (never into a committed file).
  if (CODE_STYLES.has(data.style) && !/[\r\n]/.test(secret)) {
    const move = moveToDotenvFix(doc, index, finding, data, literal, secret, ws);
    if (move) fixes.push(move);
  }

  const example = envExampleFix(doc, finding, data, ws);
  if (example) fixes.push(example);

  return fixes;
}
