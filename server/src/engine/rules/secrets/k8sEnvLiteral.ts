/**
 * secret/k8s-env-literal: a container env entry whose literal `value:` is a
 * credential by its name and the generic judgement of its value.
 */
import { candidate, type Candidate } from './candidate';
import { credentialNameKind, judgeCredentialValue } from './heuristics';
import type { SecretsScan } from './scan';

/** Priority 2: container env literals that hold a credential. */
export function k8sEnvLiteralCandidates(scan: SecretsScan): Candidate[] {
  const { ctx, facts } = scan;
  const out: Candidate[] = [];
  for (const e of facts.env) {
    const nameKind = credentialNameKind(e.envName);
    // The judgement generic credentials use: a value exempt there is exempt here.
    if (!nameKind || !judgeCredentialValue(e.value, nameKind, ctx.entropyThreshold, { key: e.envName, path: ctx.path, kind: 'yaml' }).secret) continue;
    out.push(
      candidate(scan, {
        ruleId: 'secret/k8s-env-literal',
        severity: 'error',
        message: `Container env "${e.envName}" holds a literal credential; use valueFrom.secretKeyRef instead.`,
        start: e.valueStart,
        end: e.valueEnd,
        secretKind: 'credential',
        envName: e.envName,
        priority: 2,
      }),
    );
  }
  return out;
}
