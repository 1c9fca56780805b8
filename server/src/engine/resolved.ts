/**
 * Which findings report which grant, for the scan report and the registration manifest. The grants themselves
 * (cross-file roles resolved) and the workloads (namespaces resolved) are workspace views (topics.ts) computed by
 * the families that own them; the scan's JSON report, the export and the manifest's live check read those views,
 * so the manifest and the scan cannot disagree on them. Every grant carries the findings that report it
 * (`linkGrantFindings`), so a broad grant in the manifest has a finding in the scan and the other way round
 * (test/unit/manifest-agreement.test.js).
 */
import type { ResolvedGrant } from './topics';

export type { FactSource, ResolvedGrant, ResolvedWorkload } from './topics';

/** A finding as the link reads it. */
export interface FindingPlace {
  ruleId: string;
  category: string;
  file: string;
  line: number;
}

/**
 * Which findings report which grant. An `iam` finding belongs to the innermost grant of its file whose lines hold
 * it (a statement inside a policy document, a binding's roleRef). A binding whose role is judged where the role is
 * defined (same file, or a built-in) has no finding of its own: it is reported by the findings of that role's
 * rules. Returns, per grant (by index), the indexes of its findings, and per finding its grant.
 */
export function linkGrantFindings(grants: ResolvedGrant[], findings: FindingPlace[]): { byGrant: number[][]; byFinding: Map<number, number> } {
  const byGrant: number[][] = grants.map(() => []);
  const byFinding = new Map<number, number>();
  const endOf = (g: ResolvedGrant) => Number(g.endLine) || g.line;
  const span = (g: ResolvedGrant) => endOf(g) - g.line;
  // The grants of each file by first line: a finding looks only at the grants that start at or before it (a template
  // of 5,000 resources has thousands of grants and hundreds of findings: not every pair).
  const byFile = new Map<string, number[]>();
  grants.forEach((g, gi) => {
    const l = byFile.get(g.file);
    if (l) l.push(gi);
    else byFile.set(g.file, [gi]);
  });
  for (const l of byFile.values()) l.sort((a, b) => grants[a].line - grants[b].line || a - b);
  findings.forEach((f, fi) => {
    if (f.category !== 'iam') return;
    const list = byFile.get(f.file);
    if (!list) return;
    // The last grant starting at or before the finding's line, then back: the innermost that holds it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (grants[list[mid]].line <= f.line) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let after = 0;
    for (let k = lo - 1; k >= 0 && after < 256; k--) {
      const gi = list[k];
      const g = grants[gi];
      if (f.line > endOf(g)) {
        if (best >= 0) after++;
        continue;
      }
      // The innermost (smallest span); among equal ones the first listed, as the report lists grants.
      if (best < 0 || span(g) < span(grants[best]) || (span(g) === span(grants[best]) && gi < best)) best = gi;
      after++;
    }
    if (best < 0) return;
    byGrant[best].push(fi);
    byFinding.set(fi, best);
  });
  // The binding of a role reported where the role is: the findings of that role's rules.
  const roleGrants = new Map<string, number[]>();
  grants.forEach((r, ri) => {
    if (r.provider !== 'kubernetes' || r.principal || !r.role) return;
    const k = `${r.role}\u0000${r.class}`;
    const l = roleGrants.get(k);
    if (l) l.push(ri);
    else roleGrants.set(k, [ri]);
  });
  grants.forEach((g, gi) => {
    if (byGrant[gi].length || g.provider !== 'kubernetes' || !g.principal || !g.role) return;
    for (const ri of roleGrants.get(`${g.role}\u0000${g.class}`) ?? []) if (ri !== gi) byGrant[gi].push(...byGrant[ri]);
  });
  return { byGrant, byFinding };
}
