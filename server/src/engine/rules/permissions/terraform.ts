/** Small helpers over the Terraform tree (formats/hcl.ts) shared by the GCP and Azure checks. */
import type { HclAttribute, HclBlock, HclBody } from '../../formats/hcl';
import type { PNode } from '../../formats/tree';

export function attr(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

/** The statically known string, or undefined. */
export function known(n: PNode | undefined): string | undefined {
  return n?.type === 'string' ? n.value : undefined;
}

/** What the value says as written: a string, a reference's text, a template's literal text. */
export function written(n: PNode | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'string') return n.value;
  if (n.type === 'unknown') {
    if (n.inner?.type === 'string') return n.inner.value;
    return n.tag;
  }
  return undefined;
}

/** Every resource / data block of a type pattern, with its type and name. */
export function blocksOf(blocks: HclBlock[], kind: 'resource' | 'data', type: RegExp): Array<{ block: HclBlock; type: string; name: string }> {
  const out: Array<{ block: HclBlock; type: string; name: string }> = [];
  for (const b of blocks) {
    if (b.type !== kind || b.labels.length < 2) continue;
    const t = b.labels[0].value;
    if (type.test(t)) out.push({ block: b, type: t, name: b.labels[1].value });
  }
  return out;
}
