/**
 * secret/generic-credential: the generic detector's hits (genericCredential.ts)
 * over the file and, in Markdown, each fenced block as its language; values
 * inside a Secret's data are left to secret/k8s-secret-data.
 */
import { LineIndex } from '../../text';
import { toEnvName } from './envName';
import { candidate, type Candidate } from './candidate';
import { findGenericCredentials, type GenericHit } from './genericCredential';
import type { SecretsScan } from './scan';
import { findCurlCredentials } from './curl';

/** Generic hits of every region, offsets in the whole file. */
function genericHits(scan: SecretsScan): GenericHit[] {
  const { text, kind, index, entropyThreshold, maxLineLength, path } = scan.ctx;
  const generic: GenericHit[] = [];
  // Markdown prose keeps today's quoted-literal scan; fenced blocks are scanned as their language.
  if (kind === 'markdown') generic.push(...findGenericCredentials(text, kind, { entropyThreshold, maxLineLength, index, path }));
  for (const r of scan.regions) {
    const whole = r.start === 0 && r.end === text.length && r.kind === kind;
    const sub = whole ? text : text.slice(r.start, r.end);
    for (const h of findGenericCredentials(sub, r.kind, { entropyThreshold, maxLineLength, index: whole ? index : new LineIndex(sub), path })) {
      generic.push(whole ? h : { ...h, start: h.start + r.start, end: h.end + r.start, literalStart: h.literalStart + r.start, literalEnd: h.literalEnd + r.start });
    }
  }
  return generic;
}

/** Priority 4: generic credentials outside Kubernetes Secret data. */
export function genericCredentialCandidates(scan: SecretsScan): Candidate[] {
  const { kind } = scan.ctx;
  const { secrets } = scan.facts;
  const out: Candidate[] = [];
  // A Secret's values are judged by secret/k8s-secret-data on their decoded value: the base64 text is not a credential of its own.
  const inSecretData = (h: GenericHit) => secrets.some((s) => h.start < s.valueEnd && s.valueStart < h.end);
  for (const h of genericHits(scan)) {
    if (secrets.length && inSecretData(h)) continue;
    const what = h.kindOfName === 'password' ? 'password' : h.kindOfName === 'authorization' ? 'authorization credential' : 'secret';
    out.push(
      candidate(scan, {
        ruleId: 'secret/generic-credential',
        severity: 'warning',
        message:
          kind === 'dotenv'
            ? `Credential "${h.key}" in a .env file that git does not ignore: it will be committed.`
            : `Possible hardcoded ${what} assigned to "${h.key}". Move it to a secret store or an environment variable.`,
        start: h.start,
        end: h.end,
        secretKind: what,
        envName: h.kindOfName === 'authorization' ? 'API_TOKEN' : toEnvName(h.key),
        priority: 4,
        keyHint: h.key,
      }),
    );
  }
  // curl -u user:password, curl -H "X-Api-Key: ...": the command names the credential.
  for (const h of findCurlCredentials(scan.ctx.text)) {
    out.push(
      candidate(scan, {
        ruleId: 'secret/generic-credential',
        severity: 'warning',
        message: `Possible hardcoded ${h.kind}. Read it from an environment variable or a secret store.`,
        start: h.start,
        end: h.end,
        secretKind: h.kind,
        envName: h.envName,
        priority: 4,
        keyHint: h.envName,
      }),
    );
  }
  return out;
}
