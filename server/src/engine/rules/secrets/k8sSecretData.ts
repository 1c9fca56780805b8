/**
 * secret/k8s-secret-data: values committed in a Kubernetes Secret's data /
 * stringData. Each key is reported when its (decoded) value is a credential;
 * a Secret whose values are names and addresses only is reported once, as a
 * warning on its data/stringData key.
 */
import type { FileKind } from '../../formats/fileKind';
import { detectFileKind } from '../../formats/fileKind';
import { toEnvName } from './envName';
import { candidate, type Candidate } from './candidate';
import { findGenericCredentials } from './genericCredential';
import { credentialNameKind, isTemplateReference, judgeCredentialValue, wordsOf } from './heuristics';
import type { K8sSecretEntry } from './k8sContext';
import { findProviderTokens } from './providerToken';
import type { SecretsContext, SecretsScan } from './scan';
import type { SecretFixData } from './types';

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
    return findGenericCredentials(value, sub === 'markdown' || sub === 'lockfile' ? 'text' : sub, { entropyThreshold: ctx.entropyThreshold, path: ctx.path }).length > 0 || findProviderTokens(value).some((h) => h.severity !== 'info');
  }
  const jctx = { key: s.key, path: ctx.path, kind: 'yaml' as FileKind };
  const nameKind = credentialNameKind(s.key);
  if (nameKind) return judgeCredentialValue(value, nameKind, ctx.entropyThreshold, jctx).secret;
  if (NOT_SECRET_KEY.test(wordsOf(s.key).join(''))) return false;
  return judgeCredentialValue(value, 'token', ctx.entropyThreshold, jctx).secret || findProviderTokens(value).some((h) => h.severity !== 'info');
}

/** No ${NAME} reference fix for this finding. */
function withoutReference(c: Candidate): Candidate {
  const data = c.finding.data as SecretFixData | undefined;
  if (data?.kind === 'secret') data.noReference = true;
  return c;
}

/** Priority 3: Secret values that are credentials, then committed Secrets with none. */
export function k8sSecretDataCandidates(scan: SecretsScan): Candidate[] {
  const { ctx, facts } = scan;
  const out: Candidate[] = [];
  if (facts.secrets.length === 0 && facts.secretObjects.length === 0) return out;
  const reportedSecrets = new Set<number>();
  const literalSecrets = new Map<number, number>();
  for (const s of facts.secrets) {
    if (!isTemplateReference(s.value, 'yaml') && s.value.trim() !== '') literalSecrets.set(s.secretAt, (literalSecrets.get(s.secretAt) ?? 0) + 1);
    if (!secretEntryIsCredential(s, ctx)) continue;
    reportedSecrets.add(s.secretAt);
    const c = candidate(scan, {
      ruleId: 'secret/k8s-secret-data',
      severity: 'error',
      message: `Secret "${s.secretName}" commits a value for "${s.key}" in ${s.field}${s.field === 'data' ? ' (base64 is not encryption)' : ''}. Use an ExternalSecret, a SealedSecret or SOPS.`,
      start: s.valueStart,
      end: s.valueEnd,
      secretKind: 'Kubernetes Secret value',
      envName: toEnvName(s.key),
      priority: 3,
      keyHint: s.key,
    });
    // base64 `data:` cannot hold a ${NAME} placeholder: only stringData gets the reference fix.
    out.push(s.field === 'data' ? withoutReference(c) : c);
  }
  for (const o of facts.secretObjects) {
    const n = literalSecrets.get(o.start) ?? 0;
    if (reportedSecrets.has(o.start) || n === 0) continue;
    out.push(
      withoutReference(
        candidate(scan, {
          ruleId: 'secret/k8s-secret-data',
          severity: 'warning',
          message: `Secret "${o.secretName}" is committed with ${n} value${n === 1 ? '' : 's'} in ${o.field}${o.field === 'data' ? ' (base64 is not encryption)' : ''}; none looks like a credential, but a Secret belongs in a secret store. Use an ExternalSecret, a SealedSecret or SOPS.`,
          start: o.start,
          end: o.end,
          secretKind: 'Kubernetes Secret',
          envName: toEnvName(o.secretName),
          priority: 3,
        }),
      ),
    );
  }
  return out;
}
