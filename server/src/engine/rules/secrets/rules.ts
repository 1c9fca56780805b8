/** Metadata of the secrets family's rules: our own, and secretlint's preset mapped to secretlint/<rule> ids. */
import type { RuleMeta } from '../../types';
import { PRESET_RULES } from './secretlint';

const SECRET_FIX =
  'Replace the literal by a reference that fits the file (process.env.NAME, os.environ["NAME"], valueFrom.secretKeyRef, ${NAME}); add NAME= to .env.example; or ignore the line with a secretlint-disable-line comment.';

const PROVIDER_NAMES: Record<string, string> = {
  aws: 'AWS credentials (access key id, secret access key, account id)',
  gcp: 'Google Cloud service-account private keys',
  privatekey: 'Private keys (PEM blocks)',
  npm: 'npm access tokens and .npmrc auth tokens',
  basicauth: 'Credentials embedded in URLs (basic auth)',
  slack: 'Slack tokens and incoming-webhook URLs',
  sendgrid: 'SendGrid API keys',
  shopify: 'Shopify API keys',
  github: 'GitHub tokens',
  gitlab: 'GitLab personal access tokens',
  grafana: 'Grafana Cloud and service-account tokens',
  openai: 'OpenAI API keys',
  anthropic: 'Anthropic API keys',
  groq: 'Groq API keys',
  huggingface: 'Hugging Face access tokens',
  linear: 'Linear API keys',
  notion: 'Notion integration tokens',
  '1password': '1Password service-account tokens',
  'database-connection-string': 'Database connection strings with passwords (MongoDB, MySQL, PostgreSQL)',
  'hashicorp-vault': 'HashiCorp Vault tokens',
  vercel: 'Vercel tokens',
  databricks: 'Databricks personal access tokens',
  docker: 'Docker Hub personal access tokens',
  figma: 'Figma personal access tokens',
};

const secretlintRules: RuleMeta[] = PRESET_RULES.map((r) => {
  const short = r.ruleId.replace('secretlint/', '');
  const what = PROVIDER_NAMES[short] ?? `Secrets detected by ${r.secretlintId}`;
  return {
    id: r.ruleId,
    category: 'secret' as const,
    severity: 'error' as const,
    title: `Hardcoded secret: ${what}`,
    description: `${what}, found by secretlint's recommended preset (${r.secretlintId}).`,
    docs: `Runs secretlint's ${r.secretlintId} in-process. A provider credential committed to a repository can be used by anyone who can read it; rotate it and load it at run time from a secret store or the environment.`,
    fix: SECRET_FIX,
    docsUrl: r.docsUrl,
    family: 'secrets' as const,
  };
});

const ownRules: RuleMeta[] = [
  {
    id: 'secret/generic-credential',
    category: 'secret',
    severity: 'warning',
    title: 'Hardcoded credential assigned to a password, secret, token or API-key name',
    description:
      'A literal assigned to a credential name (password, secret, token, api key, client secret, Authorization) in code, YAML, JSON, .env, properties or INI files, judged by entropy and shape.',
    docs:
      'secretlint has no generic rule on purpose; this one fills the gap with care. It never flags ${VAR}, {{ .Values.x }}, <placeholder>, changeme-style values, documented example keys, UUIDs, commit SHAs, integrity hashes, data URIs, keybindings, identifiers or paths. Tokens need at least 12 characters, two character classes and 3.0 bits/char of entropy (setting microappGuard.genericEntropyThreshold); passwords need 6 characters and two character classes.',
    fix: SECRET_FIX,
    family: 'secrets',
  },
  {
    id: 'secret/provider-token',
    category: 'secret',
    severity: 'error',
    title: 'Hardcoded provider key the secretlint preset does not report (Stripe, Google API, Twilio, Telegram, Discord, AWS key ids)',
    description: 'Keys with a distinctive provider prefix that micro-apps often embed: Stripe live/restricted keys, Google API keys, Twilio API keys, Telegram bot tokens, Discord bot tokens, and AWS access key ids (a warning: the id is not the secret, but it shows a long-lived key pair is in use).',
    docs: 'Complements secretlint\'s preset, which lacks these providers. Test-mode Stripe keys (sk_test_) are reported as warnings.',
    fix: SECRET_FIX,
    family: 'secrets',
  },
  {
    id: 'secret/k8s-env-literal',
    category: 'secret',
    severity: 'error',
    title: 'Kubernetes container env holds a literal credential',
    description: 'A container env entry whose name is a credential name has a literal `value:` where `valueFrom.secretKeyRef` belongs.',
    docs: 'Values in a Deployment or Pod spec are visible to anyone who can read the workload and are committed with the manifest. Reference a Secret (ideally synced from a secret store by External Secrets or CSI) instead.',
    fix: 'Replace `value:` by `valueFrom.secretKeyRef` naming a Secret and key.',
    family: 'secrets',
  },
  {
    id: 'secret/k8s-secret-data',
    category: 'secret',
    severity: 'error',
    title: 'Kubernetes Secret manifest with data committed',
    description: 'A `kind: Secret` manifest carries `data` or `stringData` values in the repository (base64 is an encoding, not encryption).',
    docs: 'Commit an ExternalSecret, a SealedSecret or a SOPS-encrypted file instead, or create the Secret at deploy time from a secret store.',
    fix: 'Replace the value by a ${NAME} placeholder filled at deploy time, or ignore the line.',
    family: 'secrets',
  },
  {
    id: 'secret/dotenv-committed',
    category: 'secret',
    severity: 'error',
    title: 'Committed .env file holds credentials',
    description: 'A .env file that git does not ignore holds credential values, so they will be committed.',
    docs: 'Keep .env out of git (add it to .gitignore) and commit a .env.example with the names only.',
    fix: 'Add the file to .gitignore.',
    family: 'secrets',
  },
];

export const SECRET_RULES: readonly RuleMeta[] = [...ownRules, ...secretlintRules];
