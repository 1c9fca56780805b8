/**
 * Known public example keys: values that providers and SDKs publish in their
 * documentation or test suites. They are shared by thousands of repositories
 * and grant nothing worth protecting, so they are never errors: a value that
 * says EXAMPLE is not reported at all; the others are information, with the
 * source named.
 *
 * Storage: values are kept as published where they already say they are
 * examples (AWS) or are documentation passwords no scanner takes for a key (NuGet). Values that look like live credentials (Google/Firebase API
 * keys, Stripe secret test keys, the jwt.io sample token) are kept as the
 * sha256 of the value with its prefix and length, because a committed literal
 * trips GitHub push protection and this repository's own scan. Tests build
 * those values at run time.
 */
import { createHash } from '../../../nodeCrypto';

export interface KnownExample {
  /** Provider or project that published it. */
  provider: string;
  /** Where it is published (a documentation page or a source file of the publisher). */
  source: string;
  /** The value as published, when it is safe to commit. */
  value?: string;
  /** Otherwise: sha256 (hex) of the value, its first characters and its length. */
  sha256?: string;
  prefix?: string;
  length?: number;
}

const AWS_DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html (AWS documentation example credentials)';
const FIREBASE_JS = 'https://github.com/firebase/firebase-js-sdk (packages/installations test constants and precondition-check tests)';
const FIREBASE_ANDROID = 'https://github.com/firebase/firebase-android-sdk (test constants of the SDK modules)';
const STRIPE_DOCS = 'https://docs.stripe.com/keys (the sample secret test key of Stripe\'s API reference)';

export const KNOWN_EXAMPLES: readonly KnownExample[] = [
  { provider: 'AWS', source: AWS_DOCS, value: 'AKIAIOSFODNN7EXAMPLE' },
  { provider: 'AWS', source: AWS_DOCS, value: 'AKIAI44QH8DHBEXAMPLE' },
  { provider: 'AWS', source: AWS_DOCS, value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { provider: 'AWS', source: AWS_DOCS, value: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
  // The sample passwords of NuGet's nuget.config reference (packageSourceCredentials).
  { provider: 'NuGet', source: 'https://learn.microsoft.com/en-us/nuget/reference/nuget-config-file (packageSourceCredentials sample)', value: '33f!!lloppa' },
  { provider: 'NuGet', source: 'https://learn.microsoft.com/en-us/nuget/reference/nuget-config-file (packageSourceCredentials sample)', value: 'hal+9ooo_da!sY' },
  // Firebase SDK sample API keys (Google API key shape).
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyab', length: 39, sha256: 'f56e323494a6ffc2064e7a955908957d84f0755e5f975dabd64328d0359a8f7c' },
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyA4', length: 39, sha256: '27a9a42931dff7eb2f8434e20a9bce976ea364e7bee49187f19d5cfeca9c7045' },
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyA5', length: 39, sha256: '49f777db995e8260da7ca9ffdf0c08d66f0453e97ec967018baf2cdfe3b582d0' },
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyAN', length: 39, sha256: '8731261cb72d86267a32a532ebd3df429e2144e5e4ced7e13568bc9e6c8fb1b1' },
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyAS', length: 39, sha256: '37f8f09bdf12c2f2eae4ead7273a62ddb0c23459cbf902892f282b57f7ed6619' },
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyAd', length: 39, sha256: 'eb540d2b6ee2a0a47c5779bc8a0141784c6b753840d4c6f4e2428a6e86e9e0b1' },
  { provider: 'Firebase', source: FIREBASE_JS, prefix: 'AIzaSyAn', length: 39, sha256: '2037abcaffb2b77785da716cf7ccff4ff4d00c4ea930db0167b7d71f50af7eb4' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyCk', length: 39, sha256: '3f370c9dd8225c63b5c77de1f785edc9712958f18bb612d5fa2e0ae33aeca682' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyDM', length: 39, sha256: 'e4a5542bb7fd7b67e943c71ad29c34b5972c9840597e7eda53e666f44d5da0b9' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyD3', length: 39, sha256: 'a19f89ab3555eac10c40741f6df79ecf0935998f15569f8db9d67bce0181fff6' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzayDNS', length: 39, sha256: '0b476bdf9acf2123d547b5ae76f1e59884d8ec9553ee0c47e9f31fd4768f3f3c' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyDS', length: 39, sha256: 'dc0fcf046c61640cbd1e8b999ada3262d722c2ca4bf42dceac999020ffdbb614' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyBF', length: 39, sha256: '4c98242dcadc8b29005c6b4aad526552d5ea1842149154c0694adeec75847583' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyBc', length: 39, sha256: 'ea9bb1082cf95663f5faca23b8b15ef2aa0fce0a5c6df9c32dcb85b2e0a4513d' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyB8', length: 39, sha256: '3a8b61d0f636b007840c0d40ba12bcf48465dc054cdc1a68704a33521d84b665' },
  { provider: 'Firebase', source: FIREBASE_ANDROID, prefix: 'AIzaSyA8', length: 39, sha256: 'a6c814bc555ae62c7bd8b58ec07bf559c7ed3a009976a1e0acc9cef0d4473b41' },
  // Stripe's documentation sample secret test keys (test mode of Stripe's shared demo account).
  { provider: 'Stripe', source: STRIPE_DOCS, prefix: 'sk_test_', length: 32, sha256: '2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326' },
  { provider: 'Stripe', source: STRIPE_DOCS, prefix: 'sk_test_', length: 32, sha256: 'f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397' },
  // The sample token of https://jwt.io (HS256, signed with the published secret "your-256-bit-secret").
  { provider: 'jwt.io', source: 'https://jwt.io (the debugger\'s sample token)', prefix: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', length: 155, sha256: '7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606' },
];

let byValue: Map<string, KnownExample> | undefined;
let byShape: Map<string, KnownExample[]> | undefined;

function indexes(): { byValue: Map<string, KnownExample>; byShape: Map<string, KnownExample[]> } {
  if (!byValue || !byShape) {
    byValue = new Map();
    byShape = new Map();
    for (const e of KNOWN_EXAMPLES) {
      if (e.value) byValue.set(e.value, e);
      else if (e.sha256 && e.prefix && e.length) {
        const k = `${e.prefix.slice(0, 4)}:${e.length}`;
        byShape.set(k, [...(byShape.get(k) ?? []), e]);
      }
    }
  }
  return { byValue, byShape };
}

/**
 * The published example this value is, if any. Hashing runs only for values
 * whose first characters and length match a hashed entry (a handful per file at most).
 */
export function knownExample(value: string): KnownExample | undefined {
  const { byValue, byShape } = indexes();
  const exact = byValue.get(value);
  if (exact) return exact;
  const shaped = byShape.get(`${value.slice(0, 4)}:${value.length}`);
  if (!shaped) return undefined;
  const candidates = shaped.filter((e) => value.startsWith(e.prefix!));
  if (!candidates.length) return undefined;
  const digest = createHash('sha256').update(value).digest('hex');
  return candidates.find((e) => e.sha256 === digest);
}
