/**
 * The secrets family: secretlint's preset, provider keys it lacks, generic
 * credentials, Kubernetes env literals and Secret data, committed .env files.
 */
import * as path from 'path';
import type { FileKind } from '../../formats/fileKind';
import { isDotenvTemplateName } from '../../formats/fileKind';
import { toEnvName, type LineIndex } from '../../text';
import { CancelledError, type Finding, type Severity, type WorkspaceView } from '../../types';
import { buildSecretFixData, envNameFromKind } from './fixData';
import { findGenericCredentials } from './genericCredential';
import { credentialNameKind, isNeverSecret, isPlaceholderValue } from './heuristics';
import { k8sFacts, type K8sEnvLiteral } from './k8sContext';
import { findProviderTokens } from './providerToken';
import { runSecretlint, type ExtraSecretlintRule } from './secretlint';
import type { SecretlintConfigSummary } from './config';
import type { FileFixData, SecretFixData } from './types';

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
  isCancelled?: () => boolean;
  onProblem?: (message: string) => void;
}

interface Candidate {
  finding: Finding;
  start: number;
  end: number;
  priority: number;
}

/** Lets pending messages (a $/cancelRequest, a newer didChange) in, then checks. */
async function checkCancel(ctx: SecretsContext) {
  if (!ctx.isCancelled) return;
  await new Promise((resolve) => setImmediate(resolve));
  if (ctx.isCancelled()) throw new CancelledError();
}

export async function checkSecrets(ctx: SecretsContext): Promise<Finding[]> {
  const { text, kind, index } = ctx;
  const base = path.basename(ctx.path);
  const candidates: Candidate[] = [];
  const looksYaml = kind === 'yaml' && /^\s*kind\s*:/m.test(text);
  const facts = looksYaml ? k8sFacts(text) : { env: [], secrets: [], errors: [] };
  if (facts.errors.length) {
    const { line, character } = index.positionAt(facts.errors[0]);
    ctx.onProblem?.(`YAML does not parse (line ${line + 1}, column ${character + 1}): Kubernetes checks skipped where it breaks; the other secret rules ran`);
  }
  const k8sEnv: K8sEnvLiteral[] = facts.env;

  const add = (
    ruleId: string,
    severity: Severity,
    message: string,
    start: number,
    end: number,
    secretKind: string,
    envName: string,
    priority: number,
    keyHint?: string,
  ) => {
    candidates.push({
      start,
      end,
      priority,
      finding: {
        ruleId,
        category: 'secret',
        severity,
        message,
        range: index.range(start, end),
        data: buildSecretFixData(ctx.path, text, index, kind, start, end, secretKind, envName, k8sEnv, keyHint),
      },
    });
  };

  await checkCancel(ctx);
  const slHits = await runSecretlint(text, ctx.path, {
    presetRuleOptions: ctx.secretlintConfig?.presetRuleOptions,
    disabledRules: ctx.secretlintConfig?.disabledRules,
    extraRules: ctx.extraSecretlintRules,
  });
  await checkCancel(ctx);
  for (const h of slHits) {
    // secretlint matches placeholders like "xoxb-your-token-here" in docs: never report those.
    // (Whole-file findings such as a GCP key file are judged by secretlint alone.)
    const matched = text.slice(h.start, h.end);
    if (!/[\r\n]/.test(matched) && isPlaceholderValue(matched)) continue;
    if (h.messageId === 'PrivateKeyJSON') {
      const key = /"private_key"\s*:\s*"([^"]*)"/.exec(matched)?.[1];
      if (key !== undefined && (isPlaceholderValue(key) || !/PRIVATE KEY/.test(key))) continue;
    }
    add(
      h.ruleId,
      'error',
      `Hardcoded secret: ${h.secretKind}. Load it at run time from a secret store or the environment, and rotate it.`,
      h.start,
      h.end,
      h.secretKind,
      envNameFromKind(h.ruleId, h.messageId),
      0,
    );
  }

  for (const h of findProviderTokens(text)) {
    add(
      'secret/provider-token',
      h.severity,
      `Hardcoded secret: ${h.kind}. Load it at run time from a secret store or the environment, and rotate it.`,
      h.start,
      h.end,
      h.kind,
      h.envName,
      1,
    );
  }
  await checkCancel(ctx);

  for (const e of k8sEnv) {
    const nameKind = credentialNameKind(e.envName);
    if (!nameKind || isNeverSecret(e.value)) continue;
    add(
      'secret/k8s-env-literal',
      'error',
      `Container env "${e.envName}" holds a literal credential; use valueFrom.secretKeyRef instead.`,
      e.valueStart,
      e.valueEnd,
      'credential',
      e.envName,
      2,
    );
  }

  if (looksYaml) {
    for (const s of facts.secrets) {
      if (isNeverSecret(s.value)) continue;
      add(
        'secret/k8s-secret-data',
        'error',
        `Secret "${s.secretName}" commits a value for "${s.key}" in ${s.field}${s.field === 'data' ? ' (base64 is not encryption)' : ''}. Use an ExternalSecret, a SealedSecret or SOPS.`,
        s.valueStart,
        s.valueEnd,
        'Kubernetes Secret value',
        toEnvName(s.key),
        3,
        s.key,
      );
      // base64 `data:` cannot hold a ${NAME} placeholder: only stringData gets the reference fix.
      if (s.field === 'data') {
        const last = candidates[candidates.length - 1].finding.data as SecretFixData | undefined;
        if (last?.kind === 'secret') last.noReference = true;
      }
    }
  }
  await checkCancel(ctx);

  for (const h of findGenericCredentials(text, kind, { entropyThreshold: ctx.entropyThreshold, maxLineLength: ctx.maxLineLength, index })) {
    const what = h.kindOfName === 'password' ? 'password' : h.kindOfName === 'authorization' ? 'authorization credential' : 'secret';
    add(
      'secret/generic-credential',
      'warning',
      kind === 'dotenv'
        ? `Credential "${h.key}" in a .env file that git does not ignore: it will be committed.`
        : `Possible hardcoded ${what} assigned to "${h.key}". Move it to a secret store or an environment variable.`,
      h.start,
      h.end,
      what,
      h.kindOfName === 'authorization' ? 'API_TOKEN' : toEnvName(h.key),
      4,
      h.key,
    );
  }

  // One finding per place: the most specific rule wins when ranges overlap.
  candidates.sort((a, b) => a.priority - b.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  const findings = kept.map((c) => c.finding);

  // A .env file that git does not ignore and that holds credentials.
  if (kind === 'dotenv' && !isDotenvTemplateName(base) && findings.length > 0) {
    const first = findings[0];
    findings.unshift({
      ruleId: 'secret/dotenv-committed',
      category: 'secret',
      severity: 'error',
      message: `${base} holds ${findings.length} credential${findings.length === 1 ? '' : 's'} and is not ignored by git; add it to .gitignore and commit a .env.example instead.`,
      range: { start: { line: first.range.start.line, character: 0 }, end: { line: first.range.start.line, character: index.lineText(first.range.start.line).length } },
      data: {
        kind: 'dotenv-committed',
        relativePath: ctx.workspace?.root ? path.relative(ctx.workspace.root, ctx.path).split(path.sep).join('/') : base,
      } as FileFixData,
    });
  }
  return findings;
}
