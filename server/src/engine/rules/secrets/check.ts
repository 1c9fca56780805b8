/**
 * The secrets family's check: every rule proposes candidates (one file per
 * rule), one finding per place is kept (the most specific rule wins), and a
 * committed .env with credentials gets its file-level finding.
 */
import type { Finding } from '../../types';
import { resolveOverlaps, type Candidate } from './candidate';
import { dotenvCommittedFinding } from './dotenvCommitted';
import { genericCredentialCandidates } from './genericCredentialRule';
import { k8sEnvLiteralCandidates } from './k8sEnvLiteral';
import { k8sSecretDataCandidates } from './k8sSecretData';
import { providerTokenCandidates } from './providerTokenRule';
import { prepareScan, type SecretsContext } from './scan';
import { runSecretlintPass, secretlintCandidates } from './secretlintPass';

export type { SecretsContext } from './scan';

export async function checkSecrets(ctx: SecretsContext): Promise<Finding[]> {
  const scan = prepareScan(ctx);
  const candidates: Candidate[] = [];

  await ctx.yield?.();
  const slHits = await runSecretlintPass(ctx);
  await ctx.yield?.();
  candidates.push(...secretlintCandidates(scan, slHits));
  candidates.push(...providerTokenCandidates(scan));
  await ctx.yield?.();

  candidates.push(...k8sEnvLiteralCandidates(scan));
  candidates.push(...k8sSecretDataCandidates(scan));
  await ctx.yield?.();

  candidates.push(...genericCredentialCandidates(scan));

  const findings = resolveOverlaps(candidates);
  const dotenv = dotenvCommittedFinding(ctx, findings);
  if (dotenv) findings.unshift(dotenv);
  return findings;
}
