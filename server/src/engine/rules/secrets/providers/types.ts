/** One provider credential format (data, not code: see table.ts). */
export interface ProviderFormat {
  /** Stable id, kebab-case, e.g. "github-pat". */
  id: string;
  /** Human provider name, e.g. "GitHub". */
  provider: string;
  /** What the token is, e.g. "GitHub personal access token (classic)". Never carries a value. */
  description: string;
  severity: 'error' | 'warning';
  /** Suggested environment variable for the fix, e.g. LINEAR_API_KEY. */
  envName: string;
  /** Lower-case literals; at least one must occur in the lower-cased text before the pattern runs. */
  keywords: string[];
  /** Global regex matching exactly the token (boundaries by look-arounds), so match[0] is the range. */
  pattern: RegExp;
  /** Minimum Shannon entropy (bits per character) of the token. */
  entropy?: number;
  /** Structural check (checksum, decoded payload). */
  validate?: (token: string) => boolean;
  /**
   * For formats that are only a random string: the key name that must come
   * right before the value on its line (tested on up to 160 characters before
   * the token; the regexes end with `$`).
   */
  context?: RegExp;
  /** Public by design (publishable keys): never reported, but claims its range. */
  publicNotSecret?: boolean;
  /**
   * The token is capture group 1 (the pattern consumes a literal prefix or a
   * delimiter before it, which is much faster than a look-behind); compiled with the `d` flag.
   */
  group?: boolean;
  /** The format itself contains long runs of one character (Twitter bearer, Dropbox long-lived). */
  allowRepeats?: boolean;
}

export interface ProviderSecretHit {
  providerId: string;
  provider: string;
  description: string;
  severity: 'error' | 'warning';
  start: number;
  end: number;
  envName: string;
  /** Only with `includePublic`: the match is a publishable key, not a secret. */
  publicNotSecret?: boolean;
}

export interface FindProviderOptions {
  /** Also return publishable (public) keys, flagged `publicNotSecret`. */
  includePublic?: boolean;
  /** Counts regex executions (one per format whose keywords matched). */
  stats?: { regexRuns: number; formatsConsidered?: number };
}
