/**
 * node:crypto, loaded when first used. A hash is not on the way to the language server's first diagnostics, and
 * loading the module (its ciphers, streams and bindings) cost the start ~3.5 ms (measured, docs/architecture.md).
 * Every module of the server and the CLI takes it from here, not by a top-level import.
 */
import type * as Crypto from 'crypto';

let mod: typeof Crypto | undefined;

export function nodeCrypto(): typeof Crypto {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (mod ??= require('crypto') as typeof Crypto);
}

export function createHash(algorithm: string): Crypto.Hash {
  return nodeCrypto().createHash(algorithm);
}
