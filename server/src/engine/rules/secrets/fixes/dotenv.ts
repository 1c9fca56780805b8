/**
 * The project's .env files: names they already define, "Move to .env",
 * NAME= in .env.example, and a committed .env put in .gitignore.
 */
import path = require('path');
import type { LineIndex } from '../../../text';
import type { DocumentInput, FileEdit, Finding, Fix, WorkspaceView } from '../../../types';
import type { FileFixData, SecretFixData } from '../types';
import { appendLineEdit } from './edits';
import { reference } from './references';
import { referenceEdits } from './replace';
import { quickFix } from '../../../builders';

/** Variable names the project's .env files already define (read once per fix-all, not per finding). */
export function projectEnvNames(ws?: WorkspaceView): ReadonlySet<string> {
  const names = new Set<string>();
  if (!ws?.root || !ws.readFile) return names;
  for (const f of ['.env.example', '.env.sample', '.env.template', '.env']) {
    const text = ws.readFile(path.join(ws.root, f));
    if (!text) continue;
    for (const m of text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)) names.add(m[1]);
  }
  return names;
}

/**
 * The project may already name this value: `.env.example` / `.env` hold
 * SLACK_SIGNING_SECRET where the code says `signingSecret`. Reuse that name
 * when exactly one existing name ends with ours.
 */
export function existingEnvName(name: string, names: ReadonlySet<string>): string {
  if (names.has(name)) return name;
  const candidates = [...names].filter((n) => n.endsWith(`_${name}`));
  return candidates.length === 1 ? candidates[0] : name;
}

/** Whether a .env-style text defines NAME already. */
function defines(text: string, name: string): boolean {
  return new RegExp(`^\\s*(export\\s+)?${name}\\s*=`, 'm').test(text);
}

function dotenvValue(value: string): string {
  // Quote when the value has characters dotenv parsers treat specially.
  if (/^[A-Za-z0-9_./:@+=-]*$/.test(value)) return value;
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

/** A committed .env: add it to the .gitignore of the workspace (or of its folder). */
export function gitignoreDotenvFix(doc: DocumentInput, finding: Finding, data: FileFixData, ws?: WorkspaceView): Fix {
  const root = ws?.root ?? path.dirname(doc.path);
  const gitignorePath = path.join(root, '.gitignore');
  const existing = ws?.readFile?.(gitignorePath);
  const entry = data.relativePath.includes('/') ? `/${data.relativePath}` : data.relativePath;
  return quickFix(finding.ruleId, `Add ${entry} to .gitignore`, [{ path: gitignorePath, edits: [appendLineEdit(existing, entry)], create: existing === undefined }], { preferred: true, safe: true });
}

/**
 * "Move to .env": the literal becomes a reference, the value goes to the
 * workspace's .env (created when missing), and .env is added to .gitignore
 * when git does not ignore it yet. Offered only inside a workspace folder.
 */
export function moveToDotenvFix(
  doc: DocumentInput,
  index: LineIndex,
  finding: Finding,
  data: SecretFixData,
  literal: string,
  secret: string,
  ws?: WorkspaceView,
): Fix | undefined {
  if (!ws?.root || !ws.readFile) return undefined;
  const envPath = path.join(ws.root, '.env');
  if (envPath === doc.path) return undefined;
  const existing = ws.readFile(envPath);
  if (existing !== undefined && defines(existing, data.envName)) return undefined;
  const ref = referenceEdits(doc, index, data, literal, secret, ws);
  if (!ref || ref.title) return undefined;
  const edits = ref.edits;
  const changes: FileEdit[] = [
    { path: doc.path, edits },
    { path: envPath, edits: [appendLineEdit(existing, `${data.envName}=${dotenvValue(secret)}`)], create: existing === undefined },
  ];
  const ignored = ws.isGitIgnored?.(envPath) ?? false;
  if (!ignored) {
    const gitignorePath = path.join(ws.root, '.gitignore');
    const gi = ws.readFile(gitignorePath);
    changes.push({ path: gitignorePath, edits: [appendLineEdit(gi, '.env')], create: gi === undefined });
  }
  return quickFix(finding.ruleId, `Move the value to .env${ignored ? '' : ' (and git-ignore .env)'} and use ${reference(data.style, data.envName)}`, changes);
}

/** NAME= (no value) in the workspace's .env.example, unless it is there already. */
export function envExampleFix(doc: DocumentInput, finding: Finding, data: SecretFixData, ws?: WorkspaceView): Fix | undefined {
  const examplePath = path.join(ws?.root ?? path.dirname(doc.path), '.env.example');
  // Only inside a workspace folder: an untitled buffer or a lone file has no project to hold .env.example.
  if (!ws?.root || examplePath === doc.path) return undefined;
  const existing = ws?.readFile?.(examplePath);
  if (existing !== undefined && defines(existing, data.envName)) return undefined;
  const change: FileEdit = { path: examplePath, edits: [appendLineEdit(existing, `${data.envName}=`)], create: existing === undefined };
  return quickFix(finding.ruleId, `Add ${data.envName}= to .env.example (name only, no value)`, [change]);
}
