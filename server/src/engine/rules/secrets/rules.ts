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
      'secretlint has no generic rule on purpose; this one fills the gap with care. In Markdown, fenced code blocks are scanned as their fence language (```yaml, ```env, ```bash, ```js, ```python, ```json); prose only for quoted literals. It never flags interpolated strings (f-strings, str.format fields, shell and Ruby interpolation, Go templates), values that say they are fake (invalid, fake, dummy, example, test, sample; `my-` plus the variable\'s own name), relative paths, host:port lists, URLs without a password, public project tokens (Mixpanel, PostHog, captcha site keys), ${VAR}, {{ .Values.x }}, <placeholder>, changeme-style values, documented example keys, UUIDs, commit SHAs, integrity hashes, data URIs, keybindings, identifiers or paths. Tokens need at least 12 characters, two character classes and 3.0 bits/char of entropy (setting microappGuard.genericEntropyThreshold); passwords need 6 characters and two character classes. `$NAME` is interpolation in shell, Dockerfiles, PHP, Kotlin and Compose files; elsewhere only an environment-style `$UPPER_NAME` is (a `$` inside a random password is a character of it). Also reads XML settings (NuGet.Config `<add key="ClearTextPassword" value="..."/>`, .NET appSettings) and curl command lines (`-u user:password`, `-H "Authorization: ..."`, `-H "X-Api-Key: ..."`, continued lines included).',
    fix: SECRET_FIX,
    family: 'secrets',
  },
  {
    id: 'secret/provider-token',
    category: 'secret',
    severity: 'error',
    title: 'Hardcoded provider credential, recognised by its documented format (about 290 formats; the message names the provider)',
    description:
      'Provider credentials recognised by their documented token format: prefixes, lengths, alphabets and checksums where the format has one (GitHub and npm CRC32, age bech32), or a random string right after the provider\'s key name. AI (OpenAI, Anthropic, Groq, Hugging Face, ...), cloud (AWS, Azure AD client secrets, Google, Cloudflare, DigitalOcean, ...), CI and registries (GitHub, GitLab, npm, PyPI, Docker Hub, ...), infrastructure (HashiCorp Vault and Terraform Cloud, Doppler, Pulumi, 1Password, Databricks, PlanetScale, ...), payments (Stripe, Square, PayPal, ...), messaging (Slack, Discord, Telegram, Twilio, SendGrid, ...) and SaaS (Linear, Postman, Shopify, Notion, ...); JSON Web Tokens (warning); and passwords in connection strings of every common driver: URLs of any scheme (a password may hold `@` or percent-encoding), JDBC (`jdbc:sqlserver://...;password=`, `jdbc:postgresql://...?password=`, `jdbc:mysql://user:pass@`), ODBC and ADO.NET (`Password=`/`Pwd=`), Oracle (`user/pass@host`), and tokens in URLs (`?api_key=`, `access_token=`, `#access_token=`, `api.telegram.org/bot<token>/`).',
    docs:
      'Keyword pre-filtering (one pass over the text) decides which formats\' regular expressions run. A token is not reported when it is a placeholder judged on the whole token run and its surroundings (`****`/`xxxx` masking, `<your-...>`, `{{ }}`/`${ }`, example/fake/test words, keyboard runs) or a documented example. Publishable keys (Stripe pk_, Mapbox pk., PostHog phc_) are never reported. Stripe test keys, Google API keys, AWS access key ids and JWTs are warnings. Every token, secretlint\'s included, goes through one judgement: a value that says it is fake (a Slack bot token whose body is the words test-token; anywhere in it in a test file), a token without a random part where the pattern is loose, or a hashed asset file name is not reported; a published example key (AWS documentation keys, the Firebase SDKs\' sample keys, Stripe\'s documentation test keys, jwt.io\'s sample; the list with its sources is `rules/secrets/data/knownExamples.ts`) and a trivial local-development default (`postgres:postgres@db`: a documented default password, or the user\'s own name, on a host only a developer machine or a compose network resolves) are information, with the reason. Where secretlint\'s preset reports the same token, its rule id wins; a preset rule disabled in .secretlintrc (or its `allows`) silences the same provider here.',
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
    description:
      'A `kind: Secret` manifest carries `data` or `stringData` values in the repository (base64 is an encoding, not encryption). Each key is reported when its decoded value is a credential (by the judgement every secret rule shares); a Secret holding only names and addresses (usernames, account names, hosts) is reported once, as a warning.',
    docs: 'Commit an ExternalSecret, a SealedSecret or a SOPS-encrypted file instead, or create the Secret at deploy time from a secret store. Helm-templated values (`{{ .Values.x | b64enc }}`) are not literals and are not reported.',
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
