/** Kubernetes: an env `value:` literal becomes `valueFrom.secretKeyRef`. */
import { eolOf } from '../../../fixes/ignore';
import type { LineIndex } from '../../../text';
import type { SecretFixData } from '../types';

/** The `valueFrom:` entry replacing `data.k8sValueRange`, block or flow style as the line is. */
export function k8sReplacement(text: string, index: LineIndex, data: SecretFixData): string {
  const range = data.k8sValueRange!;
  const lineText = index.lineText(range.start.line);
  const flow = lineText.slice(0, range.start.character).includes('{');
  const secretName = data.k8sSecretName ?? 'app-secrets';
  if (flow) return `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${data.envName}}}`;
  const i = data.k8sIndent ?? '';
  const eol = eolOf(text);
  return `valueFrom:${eol}${i}  secretKeyRef:${eol}${i}    name: ${secretName}${eol}${i}    key: ${data.envName}`;
}
