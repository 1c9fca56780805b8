/**
 * The secrets family: secretlint's preset, provider keys it lacks, generic
 * credentials, Kubernetes env literals and Secret data, committed .env files.
 */
import * as path from 'path';
import type { FileKind } from '../../formats/fileKind';
import { detectFileKind, isDotenvTemplateName } from '../../formats/fileKind';
import { LineIndex, toEnvName } from '../../text';
import { CancelledError, type Finding, type Severity, type WorkspaceView } from '../../types';
import { buildSecretFixData, envNameFromKind } from './fixData';
import { findGenericCredentials, type GenericHit } from './genericCredential';
import { credentialNameKind, isPlaceholderToken, isPlaceholderValue, isTemplateReference, judgeCredentialValue, wordsOf } from './heuristics';
import { k8sFacts, shiftFacts, type K8sEnvLiteral, type K8sFacts, type K8sSecretEntry } from './k8sContext';
import { fencedBlocks } from './markdown';
import { findProviderTokens } from './providerToken';
import { tokenPrefixLength } from './providers';
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

/** A part of the file scanned as a kind: the whole file, or a Markdown fenced block as its fence language. */
interface Region {
  kind: FileKind;
  start: number;
  end: number;
}

/** The text right before and after [start, end) on its line (at most 160/120 characters). */
function around(text: string, start: number, end: number): { before: string; after: string } {
  const ls = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - 160);
  let le = text.indexOf('\n', end);
  if (le < 0 || le > end + 120) le = Math.min(text.length, end + 120);
  return { before: text.slice(ls, start), after: text.slice(end, le) };
}

/** Keys of Secret data that hold names and addresses, not credentials. */
const NOT_SECRET_KEY =
  /^(user|username|usr|userid|login|loginname|account|accountname|accountid|email|mail|emailaddress|address|addr|host|hostname|server|servername|port|url|uri|endpoint|database|db|dbname|databasename|schema|name|region|zone|location|bucket|bucketname|project|projectid|tenant|tenantid|clientid|appid|applicationid|subscriptionid|id|namespace|path|dir|directory|mode|type|env|environment|version|ca|cacrt|cacert|cabundle|tlscrt|crt|cert|certificate|pub|publickey|domain|issuer|audience|scope|scopes|protocol|sslmode|driver|timeout|replicas|size)$/;

/** Is a Secret's (decoded) value a credential, by the same judgement as every other rule? */
function secretEntryIsCredential(s: K8sSecretEntry, ctx: SecretsContext): boolean {
  const value = s.value;
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(value)) return true;
  const sub = detectFileKind(s.key);
  if (/\n/.test(value.trim()) || (sub !== 'text' && /\s/.test(value.trim()))) {
    // A file held in the Secret (config.json, application.properties): a credential if one is inside it.
    return findGenericCredentials(value, sub === 'markdown' || sub === 'lockfile' ? 'text' : sub, { entropyThreshold: ctx.entropyThreshold, path: ctx.path }).length > 0 || findProviderTokens(value).length > 0;
  }
  const jctx = { key: s.key, path: ctx.path, kind: 'yaml' as FileKind };
  const nameKind = credentialNameKind(s.key);
  if (nameKind) return judgeCredentialValue(value, nameKind, ctx.entropyThreshold, jctx).secret;
  if (NOT_SECRET_KEY.test(wordsOf(s.key).join(''))) return false;
  return judgeCredentialValue(value, 'token', ctx.entropyThreshold, jctx).secret || findProviderTokens(value).length > 0;
}

/** secretlint preset rule names, keyed by the provider table's provider id prefix. */
const PRESET_FOR_PROVIDER: Array<[RegExp, string]> = [
  [/^slack-/, 'slack'], [/^github-/, 'github'], [/^gitlab-/, 'gitlab'], [/^aws-/, 'aws'], [/^npm-/, 'npm'], [/^sendgrid-/, 'sendgrid'],
  [/^shopify-/, 'shopify'], [/^grafana-/, 'grafana'], [/^openai-/, 'openai'], [/^anthropic-/, 'anthropic'], [/^groq-/, 'groq'],
  [/^huggingface-/, 'huggingface'], [/^linear-/, 'linear'], [/^notion-/, 'notion'], [/^onepassword-/, '1password'], [/^vault-/, 'hashicorp-vault'],
  [/^vercel-/, 'vercel'], [/^databricks-/, 'databricks'], [/^docker-/, 'docker'], [/^figma-/, 'figma'], [/^private-key$/, 'privatekey'],
];

function presetRuleOf(providerId: string, _kind: string): string | undefined {
  const hit = PRESET_FOR_PROVIDER.find(([re]) => re.test(providerId));
  return hit ? `@secretlint/secretlint-rule-${hit[1]}` : undefined;
}

/** secretlint's `allows` option: exact strings, or "/regex/flags". */
function isAllowed(token: string, allows: unknown): boolean {
  if (!Array.isArray(allows)) return false;
  return allows.some((a) => {
    if (typeof a !== 'string') return false;
    const m = /^\/(.+)\/([a-z]*)$/.exec(a);
    if (!m) return a === token || token.includes(a);
    try {
      return new RegExp(m[1], m[2]).test(token);
    } catch {
      return false;
    }
  });
}

export async function checkSecrets(ctx: SecretsContext): Promise<Finding[]> {
  const { text, kind, index } = ctx;
  const base = path.basename(ctx.path);
  const candidates: Candidate[] = [];
  // The file as its kind; in Markdown, each fenced code block as its fence language (prose stays exempt).
  const regions: Region[] = kind === 'markdown' ? fencedBlocks(text) : [{ kind, start: 0, end: text.length }];
  const facts: K8sFacts = { env: [], secrets: [], secretObjects: [], errors: [] };
  for (const r of regions) {
    if (r.kind !== 'yaml') continue;
    const sub = r.start === 0 && r.end === text.length ? text : text.slice(r.start, r.end);
    if (!/^\s*kind\s*:/m.test(sub)) continue;
    const f = shiftFacts(k8sFacts(sub), r.start);
    facts.env.push(...f.env);
    facts.secrets.push(...f.secrets);
    facts.secretObjects.push(...f.secretObjects);
    if (kind === 'yaml') facts.errors.push(...f.errors);
  }
  const looksYaml = facts.secrets.length > 0 || facts.secretObjects.length > 0;
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
    if (!/[\r\n]/.test(matched)) {
      if (isPlaceholderValue(matched)) continue;
      // The same placeholder judgement as the provider table: the whole token run and its surroundings
      // (npm_aaaa…, lin_api_0123…, xoxb-…****, <your-…>); in a URL, the password part.
      const url = /^[a-z][\w+.-]*:\/\/[^:/\s@]*:([^@\s]+)@/i.exec(matched);
      const tokStart = url ? h.start + url[0].length - url[1].length - 1 : h.start;
      const tok = url ? url[1] : matched;
      const { before, after } = around(text, tokStart, tokStart + tok.length);
      if (isPlaceholderToken(tok, before, after, url ? 0 : tokenPrefixLength(tok))) continue;
    }
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

  // A provider that secretlint's preset also knows follows the workspace's .secretlintrc for it:
  // a disabled preset rule, or its `allows` list, silences the table's hits of that provider too.
  for (const h of findProviderTokens(text)) {
    const slId = presetRuleOf(h.providerId, h.kind);
    if (slId && ctx.secretlintConfig) {
      if (ctx.secretlintConfig.disabledRules.includes(slId)) continue;
      if (isAllowed(text.slice(h.start, h.end), (ctx.secretlintConfig.presetRuleOptions[slId] as { allows?: unknown } | undefined)?.allows)) continue;
    }
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
    // The judgement generic credentials use: a value exempt there is exempt here.
    if (!nameKind || !judgeCredentialValue(e.value, nameKind, ctx.entropyThreshold, { key: e.envName, path: ctx.path, kind: 'yaml' }).secret) continue;
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
    // Each key only when its (decoded) value is a credential; a committed Secret whose values are
    // names and addresses only is reported once, on its data/stringData key.
    const reportedSecrets = new Set<number>();
    const literalSecrets = new Map<number, number>();
    for (const s of facts.secrets) {
      if (!isTemplateReference(s.value, 'yaml') && s.value.trim() !== '') literalSecrets.set(s.secretAt, (literalSecrets.get(s.secretAt) ?? 0) + 1);
      if (!secretEntryIsCredential(s, ctx)) continue;
      reportedSecrets.add(s.secretAt);
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
    for (const o of facts.secretObjects) {
      const n = literalSecrets.get(o.start) ?? 0;
      if (reportedSecrets.has(o.start) || n === 0) continue;
      add(
        'secret/k8s-secret-data',
        'warning',
        `Secret "${o.secretName}" is committed with ${n} value${n === 1 ? '' : 's'} in ${o.field}${o.field === 'data' ? ' (base64 is not encryption)' : ''}; none looks like a credential, but a Secret belongs in a secret store. Use an ExternalSecret, a SealedSecret or SOPS.`,
        o.start,
        o.end,
        'Kubernetes Secret',
        toEnvName(o.secretName),
        3,
      );
      const last = candidates[candidates.length - 1].finding.data as SecretFixData | undefined;
      if (last?.kind === 'secret') last.noReference = true;
    }
  }
  await checkCancel(ctx);

  const generic: GenericHit[] = [];
  // Markdown prose keeps today's quoted-literal scan; fenced blocks are scanned as their language.
  if (kind === 'markdown') generic.push(...findGenericCredentials(text, kind, { entropyThreshold: ctx.entropyThreshold, maxLineLength: ctx.maxLineLength, index, path: ctx.path }));
  for (const r of regions) {
    const whole = r.start === 0 && r.end === text.length && r.kind === kind;
    const sub = whole ? text : text.slice(r.start, r.end);
    for (const h of findGenericCredentials(sub, r.kind, { entropyThreshold: ctx.entropyThreshold, maxLineLength: ctx.maxLineLength, index: whole ? index : new LineIndex(sub), path: ctx.path })) {
      generic.push(whole ? h : { ...h, start: h.start + r.start, end: h.end + r.start, literalStart: h.literalStart + r.start, literalEnd: h.literalEnd + r.start });
    }
  }
  // A Secret's values are judged by secret/k8s-secret-data on their decoded value: the base64 text is not a credential of its own.
  const inSecretData = (h: GenericHit) => facts.secrets.some((s) => h.start < s.valueEnd && s.valueStart < h.end);
  for (const h of generic) {
    if (facts.secrets.length && inSecretData(h)) continue;
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
