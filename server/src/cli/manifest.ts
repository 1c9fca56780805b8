/**
 * `microapp-guard manifest`: the registration manifest of a folder (the export layer's computeManifest), printed,
 * written with --out (atomically, never outside the folder), or checked with --check.
 */
import fs = require('fs');
import path = require('path');
import { parseCommandLine, usage } from './usage';
import { assertExportable, checkReasons, computeManifest, ExportRefused, missingLines, riskLine, writeAtomic, type ManifestOptions } from '../export/manifest';

export const MANIFEST_HELP = `  microapp-guard manifest [path] [-f|--format yaml|json] [-o|--out FILE] [--check]
                      [-c|--config FILE] [--trust]
                                        the registration manifest of a folder: printed, or written
                                        with --out (and sbom.cdx.json beside it); --check exits 1 when
                                        the gate is blocked, the manifest is incomplete (a TODO field,
                                        no vulnerability report: it says which command makes one) or stale`;

/** `microapp-guard manifest`. Returns the exit code; `usage` throws a usage error. */
export async function cmdManifest(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    check: { type: 'boolean', default: false },
    config: { type: 'string', short: 'c' },
    trust: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`Usage:\n${MANIFEST_HELP}\n`);
    return 0;
  }
  if (values.format !== undefined && values.format !== 'yaml' && values.format !== 'json') usage(`unknown --format "${values.format}": use yaml or json`);
  if (positionals.length > 1) usage(`manifest takes one folder, got ${positionals.length}`);
  const folder = path.resolve(positionals[0] ?? '.');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) usage(`not a folder: ${positionals[0] ?? '.'}`);
  let manifestPath: string | undefined;
  if (values.out) {
    const abs = path.resolve(values.out);
    manifestPath = path.relative(folder, abs).split(path.sep).join('/');
    if (!manifestPath || manifestPath.startsWith('..') || path.isAbsolute(manifestPath)) usage(`--out must be inside the folder: ${values.out}`);
  }
  const format = values.format as 'yaml' | 'json' | undefined;
  const opts: ManifestOptions = { manifestPath, format, config: values.config, trusted: values.trust };
  const r = await computeManifest(folder, opts);
  for (const n of r.notes) if (values.check || n !== r.previousError?.message) process.stderr.write(`microapp-guard: ${n}\n`); // a refusal says it below
  const summary = `${riskLine(r.manifest)}; manifest ${r.manifest.status.state}`;
  const toComplete = missingLines(r.manifest).map((l) => `microapp-guard:   - ${l}\n`).join('');
  if (values.check) {
    const reasons = checkReasons(r);
    process.stdout.write(`${summary}\n`);
    for (const why of reasons) process.stdout.write(`  - ${why}\n`);
    process.stdout.write(reasons.length ? `manifest check failed (${reasons.length} reason(s))\n` : 'manifest check passed\n');
    return reasons.length ? 1 : 0;
  }
  // Never lose: a manifest that does not parse is not replaced (nor printed over), a read-only file is not replaced.
  try {
    assertExportable(r, values.out ? [r.manifestPath, r.sbomPath] : []);
    if (values.out) {
      writeAtomic(r.root, r.manifestPath, r.text);
      writeAtomic(r.root, r.sbomPath, r.sbomText);
    }
  } catch (e) {
    if (!(e instanceof ExportRefused)) throw e;
    process.stderr.write(`microapp-guard: ${e.message}\n`);
    return 2;
  }
  if (values.out) {
    process.stderr.write(`microapp-guard: ${summary}; written to ${r.manifestPath} and ${r.sbomPath}\n${toComplete ? `microapp-guard: to complete it:\n${toComplete}` : ''}`);
    return 0;
  }
  await new Promise<void>((resolve) => process.stdout.write(r.text.endsWith('\n') ? r.text : `${r.text}\n`, () => resolve()));
  process.stderr.write(`microapp-guard: ${summary}\n${toComplete ? `microapp-guard: to complete it:\n${toComplete}` : ''}`);
  return 0;
}
