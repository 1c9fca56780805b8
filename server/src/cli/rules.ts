/** `microapp-guard rules`: every registered rule, as text or JSON. */
import { parseArgs } from 'util';
import { RULES } from '../engine';
import { usage } from './usage';

export function cmdRules(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  } catch (e) {
    usage((e as Error).message);
  }
  const format = parsed.values.format!;
  if (format !== 'text' && format !== 'json') usage(`unknown --format "${format}": use text or json`);
  const json = format === 'json';
  if (json) {
    process.stdout.write(JSON.stringify(RULES, null, 2) + '\n');
  } else {
    for (const r of RULES) process.stdout.write(`${r.id.padEnd(40)} ${r.category.padEnd(8)} ${r.severity.padEnd(8)} ${r.title}\n`);
  }
  return 0;
}

