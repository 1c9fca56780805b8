/**
 * secret/dotenv-committed: a .env file (not a template such as .env.example)
 * that holds credentials; reported once, on the line of its first credential.
 * The family skips .env files git ignores before the check runs.
 */
import path = require('path');
import type { Finding } from '../../types';
import type { SecretsContext } from './scan';
import type { FileFixData } from './types';

/** The file-level finding for the file's other (resolved, file-ordered) findings, if it is a committed .env. */
export function dotenvCommittedFinding(ctx: SecretsContext, findings: Finding[]): Finding | undefined {
  const base = path.basename(ctx.path);
  if (ctx.kind !== 'dotenv' || isDotenvTemplateName(base) || findings.length === 0) return undefined;
  const line = findings[0].range.start.line;
  return {
    ruleId: 'secret/dotenv-committed',
    category: 'secret',
    severity: 'error',
    message: `${base} holds ${findings.length} credential${findings.length === 1 ? '' : 's'} and is not ignored by git; add it to .gitignore and commit a .env.example instead.`,
    range: { start: { line, character: 0 }, end: { line, character: ctx.index.lineText(line).length } },
    data: {
      kind: 'dotenv-committed',
      relativePath: ctx.workspace?.root ? path.relative(ctx.workspace.root, ctx.path).split(path.sep).join('/') : base,
    } as FileFixData,
  };
}

/** `.env.example`, `.env.sample`, `.env.template`, `.env.dist`: documented templates. */
export function isDotenvTemplateName(base: string): boolean {
  return /^\.env\.(example|sample|template|dist|defaults|schema)$/i.test(base) || /\.example$/i.test(base);
}
