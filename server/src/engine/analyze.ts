/**
 * The engine's entry point: one document in, findings out. Pure apart from
 * what the caller's WorkspaceView chooses to read.
 */
import { detectFileKind, isDotenvTemplateName } from './formats/fileKind';
import { getRule } from './registry';
import { checkSecrets } from './rules/secrets';
import type { ExtraSecretlintRule } from './rules/secrets/secretlint';
import { Suppressions } from './suppression';
import { LineIndex } from './text';
import type { AnalyzeOptions, DocumentInput, EngineSettings, Finding, RuleSetting, Severity } from './types';
import * as path from 'path';

export interface EngineAnalyzeOptions extends AnalyzeOptions {
  extraSecretlintRules?: ExtraSecretlintRule[];
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

export function resolveRuleSetting(settings: EngineSettings | undefined, ruleId: string): { enabled: boolean; severity?: Severity } {
  const raw = settings?.rules?.[ruleId] ?? settings?.rules?.[ruleId.split('/')[0] + '/*'];
  if (raw === undefined) return { enabled: true };
  if (raw === false || raw === 'off') return { enabled: false };
  if (raw === true) return { enabled: true };
  if (typeof raw === 'string') return SEVERITIES.includes(raw as Severity) ? { enabled: true, severity: raw as Severity } : { enabled: true };
  const r = raw as RuleSetting;
  return { enabled: r.enabled !== false, severity: r.severity && SEVERITIES.includes(r.severity) ? r.severity : undefined };
}

/** Files over this size are scanned by secretlint only when asked (CLI); the editor stays responsive. */
export const MAX_TEXT_LENGTH = 5 * 1024 * 1024;

export async function analyzeDocument(doc: DocumentInput, opts: EngineAnalyzeOptions = {}): Promise<Finding[]> {
  const { settings, workspace } = opts;
  if (workspace?.isScanIgnored?.(doc.path)) return [];
  if (doc.text.length > MAX_TEXT_LENGTH) return [];
  const kind = detectFileKind(doc.path, doc.languageId);
  const base = path.basename(doc.path);
  // A git-ignored .env is where local secrets belong: nothing to report.
  if (kind === 'dotenv' && !isDotenvTemplateName(base) && workspace?.isGitIgnored?.(doc.path)) return [];

  const index = new LineIndex(doc.text);
  const findings = await checkSecrets({
    path: doc.path,
    text: doc.text,
    kind,
    index,
    workspace,
    entropyThreshold: settings?.genericEntropyThreshold,
    maxLineLength: settings?.maxLineLength,
    extraSecretlintRules: opts.extraSecretlintRules,
    isCancelled: opts.isCancelled,
    onProblem: opts.onProblem,
  });

  const suppressions = new Suppressions(index, kind);
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = resolveRuleSetting(settings, f.ruleId);
    if (!setting.enabled) continue;
    if (suppressions.isSuppressed(f.ruleId, f.range.start)) continue;
    const meta = getRule(f.ruleId);
    out.push({
      ...f,
      severity: setting.severity ?? f.severity ?? meta?.severity ?? 'warning',
      message: scrub(f.message, doc.text.slice(index.offsetAt(f.range.start), index.offsetAt(f.range.end))),
    });
  }
  return out;
}

/** Last line of defence: a message never carries the text it points at. */
export function scrub(message: string, value: string): string {
  if (value.length >= 4 && message.includes(value)) return message.split(value).join('****');
  return message;
}
