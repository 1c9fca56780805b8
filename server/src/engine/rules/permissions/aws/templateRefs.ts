/**
 * A managed policy of the same CloudFormation / SAM template attached by reference (`ManagedPolicyArns: [!Ref
 * AppPolicy]`, `{"Ref": "AppPolicy"}`, `Fn::Ref`, SAM `Policies: [!Ref AppPolicy]`): the role's grant is what that
 * `AWS::IAM::ManagedPolicy` allows (its statements are judged where they are written), not "a managed policy not
 * known statically". A pass over the template's results, after every resource was checked (the large-template path
 * checks one resource at a time), so both paths agree.
 */
import { asList, get, str, type PNode } from '../../../formats/tree';
import { broader, type Grant, type GrantClass, type RawFinding } from '../grants';

const SEV = { hint: 0, info: 1, warning: 2, error: 3 } as const;

/** The logical id a `Ref` names (`!Ref X`, `{ Ref: X }`, `{ "Fn::Ref": X }`), or undefined. */
export function refTarget(n: PNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'unknown' && /^(!Ref|Ref|Fn::Ref|!Fn::Ref)$/.test(n.tag ?? '')) return str(n.inner);
  if (n.type === 'object' && n.entries.length === 1 && (n.entries[0].key === 'Ref' || n.entries[0].key === 'Fn::Ref')) return str(n.entries[0].value);
  return undefined;
}

/** Grants and findings of one template, with references to its own managed policies resolved (in place). */
export function linkManagedPolicyRefs(root: PNode | undefined, out: { findings: RawFinding[]; grants: Grant[] }): void {
  const resources = get(root, 'Resources');
  if (resources?.type !== 'object') return;
  const policies = new Map<string, { start: number; end: number }>();
  for (const e of resources.entries) if (str(get(e.value, 'Type')) === 'AWS::IAM::ManagedPolicy') policies.set(e.key, { start: e.value.start, end: e.value.end });
  if (!policies.size) return;
  // Attachments by where they are (replaced, never changed in place: results may be cached per resource).
  const attachmentAt = new Map<string, number>();
  out.grants.forEach((g, i) => {
    if (g.provider === 'aws' && g.actions.length === 0) attachmentAt.set(`${g.start}:${g.end}`, i);
  });
  // Grants and findings by the managed policy that holds them: one pass, a binary search each (a template of
  // thousands of resources is not read once per reference).
  const spans = [...policies.entries()].sort((a, b) => a[1].start - b[1].start);
  const holder = (start: number, end: number): string | undefined => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][1].start <= start) lo = mid + 1;
      else hi = mid;
    }
    const s = spans[lo - 1];
    return s && end <= s[1].end ? s[0] : undefined;
  };
  const grantsOf = new Map<string, Grant[]>();
  for (const g of out.grants) {
    if (g.provider !== 'aws' || !g.actions.length) continue;
    const id = holder(g.start, g.end);
    if (!id) continue;
    const l = grantsOf.get(id);
    if (l) l.push(g);
    else grantsOf.set(id, [g]);
  }
  const findingsOf = new Map<string, RawFinding[]>();
  for (const f of out.findings) {
    const id = holder(f.start, f.end);
    if (!id) continue;
    const l = findingsOf.get(id);
    if (l) l.push(f);
    else findingsOf.set(id, [f]);
  }
  const summary = new Map<string, { cls: GrantClass; reason: string; actions: string[]; resources: string[]; findings: RawFinding[] } | null>();
  const summarise = (id: string) => {
    if (summary.has(id)) return summary.get(id)!;
    const inside = grantsOf.get(id) ?? [];
    let s: { cls: GrantClass; reason: string; actions: string[]; resources: string[]; findings: RawFinding[] } | null = null;
    if (inside.length) {
      let cls: GrantClass = 'narrow';
      let reason = inside[0].reason;
      for (const g of inside) {
        if (broader(cls, g.class) !== cls) reason = g.reason;
        cls = broader(cls, g.class);
      }
      s = {
        cls,
        reason,
        actions: [...new Set(inside.flatMap((g) => g.actions))],
        resources: [...new Set(inside.flatMap((g) => g.resources))],
        findings: findingsOf.get(id) ?? [],
      };
    }
    summary.set(id, s);
    return s;
  };
  const added: RawFinding[] = [];
  for (const e of resources.entries) {
    const type = str(get(e.value, 'Type'));
    const props = get(e.value, 'Properties');
    const list = type === 'AWS::IAM::Role' || type === 'AWS::IAM::User' || type === 'AWS::IAM::Group' ? get(props, 'ManagedPolicyArns') : type === 'AWS::Serverless::Function' || type === 'AWS::Serverless::StateMachine' ? get(props, 'Policies') : undefined;
    for (const item of asList(list)) {
      const id = refTarget(item);
      if (!id || !policies.has(id)) continue;
      const gi = attachmentAt.get(`${item.start}:${item.end}`);
      const s = summarise(id);
      if (gi === undefined || !s) continue;
      out.grants[gi] = { ...out.grants[gi], role: id, actions: s.actions, resources: s.resources, class: s.cls, reason: `managed policy ${id} of this template: ${s.reason}` };
      // A broad attachment is reported where it is made too, pointing at the policy's findings.
      if (s.cls === 'broad' && s.findings.length) {
        const worst = s.findings.reduce((a, b) => (SEV[b.severity] > SEV[a.severity] ? b : a));
        added.push({
          ruleId: worst.ruleId,
          severity: worst.severity,
          message: `${e.key} gets the managed policy ${id} of this template, which is broad: ${worst.message}`,
          start: item.start,
          end: item.end,
          related: s.findings.slice(0, 8).map((f) => ({ start: f.start, end: f.end, message: f.message })),
        });
      }
    }
  }
  out.findings.push(...added);
}
