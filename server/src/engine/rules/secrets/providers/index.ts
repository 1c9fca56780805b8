/**
 * Provider credential formats as data (table.ts) and the scanner over them.
 * Entry point for the engine and for tests (`internals.secretProviders`).
 */
export { PROVIDER_FORMATS, providerNames } from './table';
export { findProviderSecrets, keywordsIn, candidateFormats, providerScanStats, tokenPrefixLength } from './scan';
export { looksLikePlaceholderToken, type PlaceholderOptions } from './placeholder';
export { crc32, base62Encode, validCrc32Base62Suffix, validBech32, bech32Checksum, jwtPayload } from './checksum';
export type { ProviderFormat, ProviderSecretHit, FindProviderOptions } from './types';
// Parsers of open-ended input from the rest of the family, for property tests.
export { findConnectionCredentials, localDefaultReason } from '../connectionString';
export { findCurlCredentials } from '../curl';
export { judgeToken } from '../judgement';
export { knownExample, KNOWN_EXAMPLES } from '../data/knownExamples';
