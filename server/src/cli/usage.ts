/** A usage error: the command line was wrong (exit 2, with a pointer to --help). */
export class UsageError extends Error {}

export function usage(msg: string): never {
  throw new UsageError(msg);
}
