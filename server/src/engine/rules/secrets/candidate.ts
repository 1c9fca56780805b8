/**
 * A rule's proposed finding and the overlap resolution: one finding per
 * place, the most specific rule (lowest priority number) wins.
 */
import type { Finding, Severity } from '../../types';
import { buildSecretFixData } from './fixData';
import type { SecretsScan } from './scan';

export interface Candidate {
  finding: Finding;
  start: number;
  end: number;
  /** 0 secretlint, 1 provider token, 2 k8s env literal, 3 k8s Secret data, 4 generic credential. */
  priority: number;
}

export interface CandidateSpec {
  ruleId: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  secretKind: string;
  envName: string;
  priority: number;
  keyHint?: string;
}

/** A candidate with its fix data, built against the file's Kubernetes env literals. */
export function candidate(scan: SecretsScan, c: CandidateSpec): Candidate {
  const { path, text, index, kind } = scan.ctx;
  return {
    start: c.start,
    end: c.end,
    priority: c.priority,
    finding: {
      ruleId: c.ruleId,
      category: 'secret',
      severity: c.severity,
      message: c.message,
      range: index.range(c.start, c.end),
      data: buildSecretFixData(path, text, index, kind, c.start, c.end, c.secretKind, c.envName, scan.facts.env, c.keyHint),
    },
  };
}

/** One finding per place: the most specific rule wins when ranges overlap. Findings come back in file order. */
export function resolveOverlaps(candidates: Candidate[]): Finding[] {
  candidates.sort((a, b) => a.priority - b.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((c) => c.finding);
}
