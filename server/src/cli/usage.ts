/** A usage error: the command line was wrong (exit 2, with a pointer to --help). */
import { parseArgs, type ParseArgsConfig } from 'util';

export class UsageError extends Error {}

export function usage(msg: string): never {
  throw new UsageError(msg);
}

/** A command's arguments parsed (options and positionals); an unknown or malformed option is a usage error. */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>> {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (e) {
    return usage((e as Error).message);
  }
}
