/**
 * `microapp-guard baseline`: the current findings of a folder (or, with --history, the secrets of its git history)
 * as a baseline file: fingerprints only, never a value (cli/baseline.ts).
 */
import fs = require('fs');
import path = require('path');
import { WorkspaceIndex } from '../engine';
import { scan } from '../scanner/scan';
import { entryOf, fingerprintFindings, formatBaseline } from './baseline';
import { GitError, scanHistory } from './git';
import { HELP } from './help';
import { parseCommandLine, usage } from './usage';

/** `microapp-guard baseline`: the current findings of a folder as a baseline file. */
export async function cmdBaseline(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    out: { type: 'string', short: 'o' },
    config: { type: 'string', short: 'c' },
    ignore: { type: 'string', multiple: true, default: [] },
    trust: { type: 'boolean', default: false },
    history: { type: 'boolean', default: false },
    since: { type: 'string' },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  if (positionals.length > 1) usage(`baseline takes one path, got ${positionals.length}`);
  const target = positionals[0] ?? '.';
  if (!fs.existsSync(target)) usage(`path not found: ${target}`);
  const root = fs.statSync(target).isDirectory() ? path.resolve(target) : path.dirname(path.resolve(target));
  if ((values.since !== undefined || values.all) && !values.history) usage('--since and --all go with --history');
  const opts = { ignore: values.ignore as string[], config: values.config, trusted: values.trust, onProblem: (p: { file: string; message: string }) => process.stderr.write(`microapp-guard: ${p.file}: ${p.message}\n`) };
  let result;
  if (values.history) {
    // The secrets of the history, accepted once rotated: `scan --history --baseline FILE` then fails on new ones only.
    try {
      result = await scanHistory(target, { ...opts, since: values.since, all: values.all });
    } catch (e) {
      if (e instanceof GitError) usage(e.message);
      throw e;
    }
  } else {
    result = await scan(target, opts);
    const ws = new WorkspaceIndex(root, { ignore: values.ignore as string[] });
    await fingerprintFindings(result.findings, (f) => ws.readForScan(path.join(root, f)).text);
  }
  const text = formatBaseline(result.findings.map(entryOf));
  if (values.out) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
      fs.writeFileSync(values.out, text);
    } catch (e) {
      usage(`cannot write --out ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    process.stderr.write(`microapp-guard: ${result.findings.length} finding(s) recorded in ${values.out} (fingerprints only; review and commit it, then scan --baseline ${values.out})\n`);
  } else {
    await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  }
  return 0;
}

