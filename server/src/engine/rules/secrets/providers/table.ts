/**
 * Provider credential formats, one entry per format, written from each
 * provider's documented token shape (prefix, length, alphabet, checksum).
 * Formats that are only a random string carry `context`: the key name that
 * must precede the value. Order matters only for ties on the same range.
 */
import { validBech32, validCrc32Base62Suffix, jwtPayload } from './checksum';
import type { ProviderFormat } from './types';
import { escapeRegExp } from '../../../text';

// Token boundaries.
const L = '(?<![A-Za-z0-9_])';
const LD = '(?<![A-Za-z0-9_\\-])';
const R = '(?![A-Za-z0-9_])';
const RD = '(?![A-Za-z0-9_\\-])';
const RB = '(?![A-Za-z0-9_+/=\\-])';
const LB = '(?<![A-Za-z0-9_+/=\\-.])';
const HEX = '[a-f0-9]';
const UUID = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
const UUIDI = '[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}';


const SECRET_WORD = '(?:key|token|secret|auth|pass|pwd|credential|creds|sid|pat|login|dsn)';

/**
 * Key-name context: one of `names` and, unless the name already says it is a
 * credential, a credential word (key, token, secret, ...) in the same
 * identifier, before or after the provider name; then an assignment, an
 * optional quote, and the value. `datadog_site = …` or `snyk_org_id = <uuid>`
 * do not qualify; `DATADOG_API_KEY = …` and `twitchClientSecret: …` do.
 */
function keyContext(names: string[]): RegExp {
  const self = names.filter((n) => new RegExp(SECRET_WORD, 'i').test(n)).map(escapeRegExp);
  const bare = names.map(escapeRegExp).join('|');
  const ident = [
    ...(self.length ? [`(?:${self.join('|')})[\\w.\\-]{0,30}?`] : []),
    `(?:${bare})[\\w.\\-]{0,30}?${SECRET_WORD}[\\w.\\-]{0,20}?`,
    `${SECRET_WORD}[\\w.\\-]{0,20}?(?:${bare})[\\w.\\-]{0,20}?`,
  ].join('|');
  return new RegExp(
    `(?:${ident})["'\`\\]]?\\s{0,4}(?::=|=>|\\?=|[:=,>]|\\s)\\s{0,4}(?:["'\`]\\s{0,2})?(?:(?:bearer|token|basic)\\s+)?$`,
    'i',
  );
}

type Extra = Partial<Pick<ProviderFormat, 'entropy' | 'validate' | 'publicNotSecret' | 'allowRepeats' | 'severity' | 'context' | 'group'>>;

const F: ProviderFormat[] = [];

/** A self-identifying format (distinctive prefix or structure). */
function tok(id: string, provider: string, description: string, envName: string, keywords: string[], src: string, extra: Extra = {}): void {
  let re: RegExp | undefined;
  F.push({
    id,
    provider,
    description,
    envName,
    keywords,
    // Made when a text first holds one of the keywords (the start does not parse 200 patterns it may never run).
    get pattern() {
      return (re ??= new RegExp(src, extra.group ? 'gd' : 'g'));
    },
    severity: 'error',
    ...extra,
  });
}

/** A random-string format: valid only right after one of the key `names`. */
function ctx(id: string, provider: string, description: string, envName: string, names: string[], value: string, extra: Extra = {}): void {
  let re: RegExp | undefined;
  let context: RegExp | undefined;
  F.push({
    id,
    provider,
    description,
    envName,
    keywords: names.map((n) => n.toLowerCase()),
    // A delimiter (quote, assignment, space) then the value as group 1: faster than a look-behind. Made, with the key
    // context, when a text first holds one of the names.
    get pattern() {
      return (re ??= new RegExp(`["'\`=:(,>\\[]\\s{0,4}(?:(?:[Bb]earer|[Tt]oken|[Bb]asic)\\s+)?((?:${value}))${RB}`, 'gd'));
    },
    group: true,
    get context() {
      return (context ??= keyContext(names));
    },
    severity: 'error',
    entropy: 3,
    ...extra,
  });
}

const gh = (prefix: string) => (t: string) => validCrc32Base62Suffix(t, prefix.length);

// ---------------------------------------------------------------- AI / ML
tok('anthropic-api-key', 'Anthropic', 'Anthropic API key', 'ANTHROPIC_API_KEY', ['sk-ant-api03-'], `${LD}sk-ant-api03-[A-Za-z0-9_\\-]{93}AA${RD}`);
tok('anthropic-admin-key', 'Anthropic', 'Anthropic Admin API key', 'ANTHROPIC_ADMIN_KEY', ['sk-ant-admin01-'], `${LD}sk-ant-admin01-[A-Za-z0-9_\\-]{93}AA${RD}`);
tok('anthropic-oauth-token', 'Anthropic', 'Claude OAuth token', 'CLAUDE_CODE_OAUTH_TOKEN', ['sk-ant-oat01-', 'sk-ant-ort01-'], `${LD}sk-ant-o[ar]t01-[A-Za-z0-9_\\-]{80,120}${RD}`, { entropy: 4 });
tok('openai-api-key', 'OpenAI', 'OpenAI API key', 'OPENAI_API_KEY', ['t3blbkfj'], `${LD}sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\\-]{20,200}T3BlbkFJ[A-Za-z0-9_\\-]{20,200}${RD}`, { entropy: 3.5 });
tok('openai-project-key', 'OpenAI', 'OpenAI project or service-account key', 'OPENAI_API_KEY', ['sk-proj-', 'sk-svcacct-', 'sk-admin-'], `${LD}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{80,250}${RD}`, { entropy: 4 });
tok('openrouter-api-key', 'OpenRouter', 'OpenRouter API key', 'OPENROUTER_API_KEY', ['sk-or-v1-'], `${LD}sk-or-v1-${HEX}{64}${RD}`, { entropy: 3 });
tok('groq-api-key', 'Groq', 'Groq API key', 'GROQ_API_KEY', ['gsk_'], `${L}gsk_[A-Za-z0-9]{52}${R}`, { entropy: 4 });
tok('perplexity-api-key', 'Perplexity', 'Perplexity API key', 'PERPLEXITY_API_KEY', ['pplx-'], `${LD}pplx-[A-Za-z0-9]{48}${RD}`, { entropy: 3.5 });
tok('replicate-api-token', 'Replicate', 'Replicate API token', 'REPLICATE_API_TOKEN', ['r8_'], `${L}r8_[A-Za-z0-9]{37}${R}`, { entropy: 3.5 });
tok('huggingface-token', 'Hugging Face', 'Hugging Face access token', 'HF_TOKEN', ['hf_'], `${L}hf_[A-Za-z]{34}${R}`, { entropy: 3.5 });
tok('huggingface-org-token', 'Hugging Face', 'Hugging Face organization API token', 'HF_ORG_TOKEN', ['api_org_'], `${L}api_org_[A-Za-z]{34}${R}`, { entropy: 3.5 });
tok('xai-api-key', 'xAI', 'xAI (Grok) API key', 'XAI_API_KEY', ['xai-'], `${LD}xai-[A-Za-z0-9]{80}${RD}`, { entropy: 4 });
tok('langsmith-api-key', 'LangSmith', 'LangSmith API key', 'LANGSMITH_API_KEY', ['lsv2_'], `${L}lsv2_(?:pt|sk)_${HEX}{32}_${HEX}{10}${R}`, { entropy: 3 });
tok('pinecone-api-key', 'Pinecone', 'Pinecone API key', 'PINECONE_API_KEY', ['pcsk_'], `${L}pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80}${R}`, { entropy: 4 });
ctx('pinecone-legacy-key', 'Pinecone', 'Pinecone API key', 'PINECONE_API_KEY', ['pinecone'], UUID);
ctx('cohere-api-key', 'Cohere', 'Cohere API key', 'COHERE_API_KEY', ['cohere', 'co_api_key'], '[A-Za-z0-9]{40}', { entropy: 4 });
ctx('mistral-api-key', 'Mistral AI', 'Mistral API key', 'MISTRAL_API_KEY', ['mistral'], '[A-Za-z0-9]{32}', { entropy: 4 });
ctx('deepgram-api-key', 'Deepgram', 'Deepgram API key', 'DEEPGRAM_API_KEY', ['deepgram'], `${HEX}{40}`);
ctx('elevenlabs-api-key', 'ElevenLabs', 'ElevenLabs API key', 'ELEVENLABS_API_KEY', ['elevenlabs', 'eleven_labs', 'xi-api-key', 'xi_api_key'], `(?:sk_)?${HEX}{48}|${HEX}{32}`);
ctx('deepseek-api-key', 'DeepSeek', 'DeepSeek API key', 'DEEPSEEK_API_KEY', ['deepseek'], `sk-${HEX}{32}`);
ctx('assemblyai-api-key', 'AssemblyAI', 'AssemblyAI API key', 'ASSEMBLYAI_API_KEY', ['assemblyai', 'assembly_ai'], `${HEX}{32}`);
ctx('together-api-key', 'Together AI', 'Together AI API key', 'TOGETHER_API_KEY', ['together'], `${HEX}{64}|tgp_v1_[A-Za-z0-9_\\-]{40,64}`);
ctx('stability-api-key', 'Stability AI', 'Stability AI API key', 'STABILITY_API_KEY', ['stability'], 'sk-[A-Za-z0-9]{48}', { entropy: 4 });
ctx('privateai-api-key', 'Private AI', 'Private AI API key', 'PRIVATEAI_API_KEY', ['privateai', 'private_ai', 'private-ai'], '[a-z0-9]{32}');

// ---------------------------------------------------------------- Cloud
tok('aws-access-key-id', 'AWS', 'AWS access key ID (a long-lived key pair is around)', 'AWS_ACCESS_KEY_ID', ['akia', 'asia', 'abia', 'acca', 'a3t'], `${L}(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${R}`, { severity: 'warning', entropy: 3 });
ctx('aws-secret-access-key', 'AWS', 'AWS secret access key', 'AWS_SECRET_ACCESS_KEY', ['aws_secret', 'secret_access_key', 'secretaccesskey', 'aws-secret', 'awssecret'], '[A-Za-z0-9/+]{40}', { entropy: 4 });
tok('gcp-api-key', 'Google', 'Google API key (restrict it, or keep it out of code)', 'GOOGLE_API_KEY', ['aiza'], `${L}AIza[A-Za-z0-9_\\-]{35}${RD}`, { severity: 'warning', entropy: 3.5 });
tok('google-oauth-client-secret', 'Google', 'Google OAuth client secret', 'GOOGLE_CLIENT_SECRET', ['gocspx-'], `${L}GOCSPX-[A-Za-z0-9_\\-]{28}${RD}`, { entropy: 3.5 });
tok('google-oauth-access-token', 'Google', 'Google OAuth access token', 'GOOGLE_ACCESS_TOKEN', ['ya29.'], `${L}ya29\\.[A-Za-z0-9_\\-]{50,300}${RD}`, { severity: 'warning', entropy: 4 });
tok('google-oauth-refresh-token', 'Google', 'Google OAuth refresh token', 'GOOGLE_REFRESH_TOKEN', ['1//0'], `(?<![A-Za-z0-9_/])1//0[A-Za-z0-9_\\-]{40,200}${RD}`, { entropy: 4 });
tok('azure-ad-client-secret', 'Azure', 'Azure AD (Entra ID) client secret', 'AZURE_CLIENT_SECRET', ['q~'], `(?<![A-Za-z0-9_~.\\-])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}(?![A-Za-z0-9_~.\\-])`, { entropy: 3 });
tok('azure-storage-account-key', 'Azure', 'Azure storage account key in a connection string', 'AZURE_STORAGE_CONNECTION_STRING', ['accountkey='], `AccountKey=([A-Za-z0-9+/]{86}==)`, { group: true, entropy: 4 });
tok('azure-sas-token', 'Azure', 'Azure shared access signature', 'AZURE_SAS_TOKEN', ['sig='], `[?&;]sig=([A-Za-z0-9%+/]{40,100}(?:%3D|=)*)(?![A-Za-z0-9%+/=])`, { group: true, entropy: 4 });
tok('azure-devops-pat', 'Azure DevOps', 'Azure DevOps personal access token', 'AZURE_DEVOPS_PAT', ['azdo'], `${L}[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}AZDO[A-Za-z0-9]{4}${R}`, { entropy: 4 });
ctx('azure-devops-pat-legacy', 'Azure DevOps', 'Azure DevOps personal access token', 'AZURE_DEVOPS_PAT', ['azure_devops', 'azuredevops', 'ado_pat', 'ado_token', 'azdo_pat', 'devops_pat'], '[a-z2-7]{52}');
ctx('azure-cognitive-key', 'Azure', 'Azure AI services key', 'AZURE_OPENAI_API_KEY', ['azure_openai', 'azureopenai', 'azure_ai', 'cognitive', 'ocp-apim-subscription-key', 'azure_speech'], `${HEX}{32}|[A-Za-z0-9]{84}`);
tok('alibaba-access-key-id', 'Alibaba Cloud', 'Alibaba Cloud AccessKey ID', 'ALIBABA_CLOUD_ACCESS_KEY_ID', ['ltai'], `${L}LTAI[A-Za-z0-9]{12,20}${R}`, { severity: 'warning', entropy: 3 });
ctx('alibaba-secret-key', 'Alibaba Cloud', 'Alibaba Cloud AccessKey secret', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', ['alibaba', 'aliyun', 'alicloud'], '[A-Za-z0-9]{30}', { entropy: 3.5 });
tok('tencent-secret-id', 'Tencent Cloud', 'Tencent Cloud SecretId', 'TENCENTCLOUD_SECRET_ID', ['akid'], `${L}AKID[A-Za-z0-9]{32}${R}`, { severity: 'warning', entropy: 3.5 });
ctx('tencent-secret-key', 'Tencent Cloud', 'Tencent Cloud SecretKey', 'TENCENTCLOUD_SECRET_KEY', ['tencent', 'qcloud'], '[A-Za-z0-9]{32}', { entropy: 3.5 });
ctx('ibm-cloud-api-key', 'IBM Cloud', 'IBM Cloud API key', 'IBMCLOUD_API_KEY', ['ibm', 'bluemix'], '[A-Za-z0-9_\\-]{44}', { entropy: 4 });
tok('digitalocean-pat', 'DigitalOcean', 'DigitalOcean personal access token', 'DIGITALOCEAN_TOKEN', ['dop_v1_'], `${L}dop_v1_${HEX}{64}${R}`, { entropy: 3 });
tok('digitalocean-oauth-token', 'DigitalOcean', 'DigitalOcean OAuth access token', 'DIGITALOCEAN_TOKEN', ['doo_v1_'], `${L}doo_v1_${HEX}{64}${R}`, { entropy: 3 });
tok('digitalocean-refresh-token', 'DigitalOcean', 'DigitalOcean OAuth refresh token', 'DIGITALOCEAN_REFRESH_TOKEN', ['dor_v1_'], `${L}dor_v1_${HEX}{64}${R}`, { entropy: 3 });
ctx('linode-token', 'Linode', 'Linode (Akamai) API token', 'LINODE_TOKEN', ['linode'], `${HEX}{64}`);
ctx('vultr-api-key', 'Vultr', 'Vultr API key', 'VULTR_API_KEY', ['vultr'], '[A-Z0-9]{36}', { entropy: 3.5 });
ctx('hetzner-token', 'Hetzner', 'Hetzner Cloud API token', 'HCLOUD_TOKEN', ['hcloud', 'hetzner'], '[A-Za-z0-9]{64}', { entropy: 4 });
tok('scaleway-access-key', 'Scaleway', 'Scaleway access key', 'SCW_ACCESS_KEY', ['scw'], `${L}SCW[A-Z0-9]{17}${R}`, { severity: 'warning', entropy: 3 });
ctx('scaleway-secret-key', 'Scaleway', 'Scaleway secret key', 'SCW_SECRET_KEY', ['scw_secret', 'scaleway'], UUID);
tok('yandex-api-key', 'Yandex Cloud', 'Yandex Cloud API key', 'YC_API_KEY', ['aqvn'], `${L}AQVN[A-Za-z0-9_\\-]{35,38}${RD}`, { entropy: 3.5 });
ctx('yandex-aws-key', 'Yandex Cloud', 'Yandex Cloud static access key', 'YC_SECRET_KEY', ['yandex'], 'YC[A-Za-z0-9_\\-]{38}', { entropy: 3.5 });
ctx('yandex-oauth-token', 'Yandex', 'Yandex OAuth token', 'YANDEX_TOKEN', ['yandex'], 't1\\.[A-Za-z0-9_\\-]+={0,2}\\.[A-Za-z0-9_\\-]{86}={0,2}', { entropy: 3.5 });
ctx('cloudflare-api-token', 'Cloudflare', 'Cloudflare API token', 'CLOUDFLARE_API_TOKEN', ['cloudflare', 'cf_api_token', 'cf_api_key', 'cf_token'], '[A-Za-z0-9_\\-]{40}', { entropy: 3.5 });
ctx('cloudflare-global-api-key', 'Cloudflare', 'Cloudflare global API key', 'CLOUDFLARE_API_KEY', ['cloudflare', 'cf_api_key', 'x-auth-key'], `${HEX}{37}`);
tok('cloudflare-origin-ca-key', 'Cloudflare', 'Cloudflare Origin CA key', 'CLOUDFLARE_ORIGIN_CA_KEY', ['v1.0-'], `${L}v1\\.0-${HEX}{24}-${HEX}{146}${R}`, { entropy: 3 });
tok('flyio-token', 'Fly.io', 'Fly.io access token', 'FLY_API_TOKEN', ['fo1_', 'fm1', 'fm2_'], `${L}(?:fo1_[A-Za-z0-9_\\-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,2000}={0,3}|fm2_[A-Za-z0-9+/]{100,2000}={0,3})${RB}`, { entropy: 4 });
tok('heroku-api-key', 'Heroku', 'Heroku API key', 'HEROKU_API_KEY', ['hrku-'], `${LD}HRKU-(?:AA)?[A-Za-z0-9_\\-]{58,60}${RD}`, { entropy: 4 });
ctx('heroku-api-key-legacy', 'Heroku', 'Heroku API key', 'HEROKU_API_KEY', ['heroku'], UUIDI);
tok('netlify-pat', 'Netlify', 'Netlify personal access token', 'NETLIFY_AUTH_TOKEN', ['nfp_'], `${L}nfp_[A-Za-z0-9]{36}${R}`, { entropy: 4 });
ctx('netlify-token', 'Netlify', 'Netlify access token', 'NETLIFY_AUTH_TOKEN', ['netlify'], '[A-Za-z0-9_=\\-]{40,46}', { entropy: 3.5 });
ctx('vercel-token', 'Vercel', 'Vercel access token', 'VERCEL_TOKEN', ['vercel'], '[A-Za-z0-9]{24}', { entropy: 3.5 });
tok('supabase-management-token', 'Supabase', 'Supabase management API token', 'SUPABASE_ACCESS_TOKEN', ['sbp_'], `${L}sbp_(?:oauth_)?${HEX}{40}${R}`, { entropy: 3 });
tok('supabase-secret-key', 'Supabase', 'Supabase secret API key', 'SUPABASE_SECRET_KEY', ['sb_secret_'], `${L}sb_secret_[A-Za-z0-9_\\-]{30,40}${RD}`, { entropy: 3.5 });
tok('supabase-publishable-key', 'Supabase', 'Supabase publishable key', 'SUPABASE_PUBLISHABLE_KEY', ['sb_publishable_'], `${L}sb_publishable_[A-Za-z0-9_\\-]{30,40}${RD}`, { publicNotSecret: true, severity: 'warning' });
tok('supabase-service-role-jwt', 'Supabase', 'Supabase service-role key (bypasses row-level security)', 'SUPABASE_SERVICE_ROLE_KEY', ['service_role', 'servicerole', 'service-role'], `${L}eyJ[A-Za-z0-9_\\-]{10,}\\.eyJ[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]{20,}${RD}`, {
  validate: (t) => jwtPayload(t)?.role === 'service_role',
});
tok('render-api-key', 'Render', 'Render API key', 'RENDER_API_KEY', ['rnd_'], `${L}rnd_[A-Za-z0-9]{32}${R}`, { entropy: 4 });
ctx('railway-token', 'Railway', 'Railway token', 'RAILWAY_TOKEN', ['railway'], UUID);
tok('pulumi-access-token', 'Pulumi', 'Pulumi access token', 'PULUMI_ACCESS_TOKEN', ['pul-'], `${LD}pul-${HEX}{40}${RD}`, { entropy: 3 });
tok('terraform-cloud-token', 'HashiCorp', 'Terraform Cloud / Enterprise API token', 'TF_TOKEN_app_terraform_io', ['atlasv1'], `${L}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=\\-]{60,70}${RD}`, { entropy: 3.5 });
tok('vault-service-token', 'HashiCorp', 'Vault service token', 'VAULT_TOKEN', ['hvs.'], `${L}hvs\\.[A-Za-z0-9_\\-]{90,120}${RD}`, { entropy: 3.5 });
tok('vault-batch-token', 'HashiCorp', 'Vault batch token', 'VAULT_TOKEN', ['hvb.'], `${L}hvb\\.[A-Za-z0-9_\\-]{138,300}${RD}`, { entropy: 4 });
tok('vault-recovery-token', 'HashiCorp', 'Vault recovery token', 'VAULT_TOKEN', ['hvr.'], `${L}hvr\\.[A-Za-z0-9_\\-]{90,120}${RD}`, { entropy: 3.5 });
ctx('vault-legacy-token', 'HashiCorp', 'Vault token (legacy format)', 'VAULT_TOKEN', ['vault'], 's\\.[A-Za-z0-9]{24}', { entropy: 3.5 });
tok('doppler-token', 'Doppler', 'Doppler token', 'DOPPLER_TOKEN', ['dp.pt.', 'dp.st.', 'dp.sa.', 'dp.ct.', 'dp.scim.', 'dp.audit.'], `${L}dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_\\-]{1,40}\\.)?[A-Za-z0-9]{40,44}${R}`, { entropy: 3.5 });
tok('onepassword-service-account-token', '1Password', '1Password service account token', 'OP_SERVICE_ACCOUNT_TOKEN', ['ops_ey'], `${L}ops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}${RB}`, { entropy: 4 });
tok('onepassword-secret-key', '1Password', '1Password account secret key', 'OP_SECRET_KEY', ['a3-'], `${LD}A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${RD}`, { entropy: 3.5 });
tok('databricks-token', 'Databricks', 'Databricks personal access token', 'DATABRICKS_TOKEN', ['dapi'], `${L}dapi${HEX}{32}(?:-\\d)?${RD}`, { entropy: 3 });
tok('planetscale-token', 'PlanetScale', 'PlanetScale service token', 'PLANETSCALE_SERVICE_TOKEN', ['pscale_tkn_'], `${L}pscale_tkn_[A-Za-z0-9_=.\\-]{32,64}${RD}`, { entropy: 3 });
tok('planetscale-password', 'PlanetScale', 'PlanetScale database password', 'DATABASE_PASSWORD', ['pscale_pw_'], `${L}pscale_pw_[A-Za-z0-9_=.\\-]{32,64}${RD}`, { entropy: 3 });
tok('planetscale-oauth-token', 'PlanetScale', 'PlanetScale OAuth token', 'PLANETSCALE_OAUTH_TOKEN', ['pscale_oauth_'], `${L}pscale_oauth_[A-Za-z0-9_=.\\-]{32,64}${RD}`, { entropy: 3 });
tok('neon-api-key', 'Neon', 'Neon API key', 'NEON_API_KEY', ['napi_'], `${L}napi_[a-z0-9]{64}${R}`, { entropy: 3.5 });
tok('clickhouse-cloud-key', 'ClickHouse', 'ClickHouse Cloud API secret', 'CLICKHOUSE_API_SECRET', ['4b1d'], `${L}4b1d[A-Za-z0-9]{38}${R}`, { entropy: 3.5 });
ctx('confluent-secret', 'Confluent', 'Confluent Cloud API secret', 'CONFLUENT_API_SECRET', ['confluent'], '[A-Za-z0-9+/]{64}', { entropy: 4 });
ctx('upstash-token', 'Upstash', 'Upstash REST token', 'UPSTASH_REDIS_REST_TOKEN', ['upstash'], 'A[A-Za-z0-9]{40,100}=?', { entropy: 4 });
ctx('mongodb-atlas-private-key', 'MongoDB Atlas', 'MongoDB Atlas API private key', 'MONGODB_ATLAS_PRIVATE_KEY', ['atlas_private_key', 'mongodb_atlas', 'atlas_api_private'], UUID);
tok('tailscale-key', 'Tailscale', 'Tailscale auth or API key', 'TS_AUTHKEY', ['tskey-'], `${LD}tskey-(?:[a-z]+-)?[A-Za-z0-9]{8,20}-[A-Za-z0-9]{20,64}${RD}`, { entropy: 3.5 });
ctx('ngrok-authtoken', 'ngrok', 'ngrok authtoken', 'NGROK_AUTHTOKEN', ['ngrok'], '[0-9A-Za-z]{20,30}_[0-9A-Za-z]{17,25}', { entropy: 4 });
tok('kubeconfig-client-key', 'Kubernetes', 'Kubernetes client key in a kubeconfig', 'KUBECONFIG', ['client-key-data'], `client-key-data:\\s{0,4}["']?([A-Za-z0-9+/]{60,}={0,3})${RB}`, { group: true, entropy: 4 });
tok('openshift-user-token', 'OpenShift', 'OpenShift user token', 'OPENSHIFT_TOKEN', ['sha256~'], `${L}sha256~[A-Za-z0-9_\\-]{43}${RD}`, { entropy: 3.5 });
tok('defined-networking-token', 'Defined Networking', 'Defined Networking API token', 'DN_API_KEY', ['dnkey-'], `${LD}dnkey-[A-Za-z0-9_=\\-]{26}-[A-Za-z0-9_=\\-]{52}${RD}`, { entropy: 3.5 });

// ---------------------------------------------------------------- Source hosting, CI, packages
tok('github-pat', 'GitHub', 'GitHub personal access token (classic)', 'GITHUB_TOKEN', ['ghp_'], `${L}ghp_[A-Za-z0-9]{36}${R}`, { validate: gh('ghp_') });
tok('github-oauth-token', 'GitHub', 'GitHub OAuth access token', 'GITHUB_TOKEN', ['gho_'], `${L}gho_[A-Za-z0-9]{36}${R}`, { validate: gh('gho_') });
tok('github-user-to-server-token', 'GitHub', 'GitHub App user access token', 'GITHUB_TOKEN', ['ghu_'], `${L}ghu_[A-Za-z0-9]{36}${R}`, { validate: gh('ghu_') });
tok('github-installation-token', 'GitHub', 'GitHub App installation token', 'GITHUB_TOKEN', ['ghs_'], `${L}ghs_[A-Za-z0-9]{36}${R}`, { validate: gh('ghs_') });
tok('github-refresh-token', 'GitHub', 'GitHub refresh token', 'GITHUB_REFRESH_TOKEN', ['ghr_'], `${L}ghr_[A-Za-z0-9]{36}${R}`, { validate: gh('ghr_') });
tok('github-fine-grained-pat', 'GitHub', 'GitHub fine-grained personal access token', 'GITHUB_TOKEN', ['github_pat_'], `${L}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${R}`, { entropy: 4 });
tok('gitlab-pat', 'GitLab', 'GitLab personal access token', 'GITLAB_TOKEN', ['glpat-'], `${LD}glpat-(?:[A-Za-z0-9_\\-]{20}|[A-Za-z0-9_\\-]{27,300}\\.[a-z0-9]{2}[a-z0-9]{7})${RD}`, { entropy: 3 });
tok('gitlab-deploy-token', 'GitLab', 'GitLab deploy token', 'GITLAB_DEPLOY_TOKEN', ['gldt-'], `${LD}gldt-[A-Za-z0-9_\\-]{20,}${RD}`, { entropy: 3 });
tok('gitlab-runner-token', 'GitLab', 'GitLab runner authentication token', 'CI_RUNNER_TOKEN', ['glrt-'], `${LD}glrt-[A-Za-z0-9_\\-.]{20,300}${RD}`, { entropy: 3 });
tok('gitlab-runner-registration-token', 'GitLab', 'GitLab runner registration token', 'CI_REGISTRATION_TOKEN', ['gr1348941'], `${L}GR1348941[A-Za-z0-9_\\-]{20}${RD}`, { entropy: 3 });
tok('gitlab-pipeline-trigger-token', 'GitLab', 'GitLab pipeline trigger token', 'GITLAB_TRIGGER_TOKEN', ['glptt-'], `${LD}glptt-${HEX}{40}${RD}`, { entropy: 3 });
tok('gitlab-feed-token', 'GitLab', 'GitLab feed token', 'GITLAB_FEED_TOKEN', ['glft-'], `${LD}glft-[A-Za-z0-9_\\-]{20}${RD}`, { entropy: 3 });
tok('gitlab-incoming-mail-token', 'GitLab', 'GitLab incoming mail token', 'GITLAB_INCOMING_MAIL_TOKEN', ['glimt-'], `${LD}glimt-[A-Za-z0-9_\\-]{25}${RD}`, { entropy: 3 });
tok('gitlab-agent-token', 'GitLab', 'GitLab Kubernetes agent token', 'GITLAB_AGENT_TOKEN', ['glagent-'], `${LD}glagent-[A-Za-z0-9_\\-]{50}${RD}`, { entropy: 3 });
tok('gitlab-oauth-secret', 'GitLab', 'GitLab OAuth application secret', 'GITLAB_OAUTH_SECRET', ['gloas-'], `${LD}gloas-[A-Za-z0-9_\\-]{64}${RD}`, { entropy: 3 });
tok('gitlab-scim-token', 'GitLab', 'GitLab SCIM token', 'GITLAB_SCIM_TOKEN', ['glsoat-'], `${LD}glsoat-[A-Za-z0-9_\\-]{20}${RD}`, { entropy: 3 });
tok('gitlab-ci-job-token', 'GitLab', 'GitLab CI/CD job token', 'CI_JOB_TOKEN', ['glcbt-'], `${LD}glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_\\-]{20}${RD}`, { entropy: 3 });
tok('gitlab-feature-flag-token', 'GitLab', 'GitLab feature flag client token', 'GITLAB_FEATURE_FLAG_TOKEN', ['glffct-'], `${LD}glffct-[A-Za-z0-9_\\-]{20}${RD}`, { entropy: 3 });
tok('gitlab-session-cookie', 'GitLab', 'GitLab session cookie', 'GITLAB_SESSION', ['_gitlab_session='], `_gitlab_session=([0-9a-z]{32})${R}`, { group: true, entropy: 3 });
tok('bitbucket-app-password', 'Bitbucket', 'Bitbucket app password / access token', 'BITBUCKET_TOKEN', ['atbb', 'atctt3'], `${L}(?:ATBB[A-Za-z0-9]{28,40}|ATCTT3[A-Za-z0-9_=\\-]{150,250})${RD}`, { entropy: 3.5 });
ctx('bitbucket-client-secret', 'Bitbucket', 'Bitbucket OAuth consumer secret', 'BITBUCKET_CLIENT_SECRET', ['bitbucket'], '[A-Za-z0-9_=\\-]{64}|[A-Za-z0-9]{32}', { entropy: 3.5 });
tok('atlassian-api-token', 'Atlassian', 'Atlassian API token', 'ATLASSIAN_API_TOKEN', ['atatt3'], `${L}ATATT3[A-Za-z0-9_=\\-]{186}${RD}`, { entropy: 3.5 });
ctx('atlassian-legacy-token', 'Atlassian', 'Atlassian (Jira/Confluence) API token', 'ATLASSIAN_API_TOKEN', ['atlassian', 'confluence', 'jira'], '[A-Za-z0-9]{24}', { entropy: 3.5 });
tok('npm-token', 'npm', 'npm access token', 'NPM_TOKEN', ['npm_'], `${L}npm_[A-Za-z0-9]{36}${R}`, { validate: (t) => validCrc32Base62Suffix(t, 4) });
tok('pypi-upload-token', 'PyPI', 'PyPI upload token', 'PYPI_API_TOKEN', ['pypi-ageichlwas5vcmc', 'pypi-agenddgvzdc5wexbplm9yzw'], `${LD}pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\\-]{50,1000}${RD}`, { entropy: 3 });
tok('rubygems-api-key', 'RubyGems', 'RubyGems API key', 'GEM_HOST_API_KEY', ['rubygems_'], `${L}rubygems_${HEX}{48}${R}`, { entropy: 3 });
tok('nuget-api-key', 'NuGet', 'NuGet API key', 'NUGET_API_KEY', ['oy2'], `${L}oy2[a-z0-9]{43}${R}`, { entropy: 3.5 });
tok('clojars-token', 'Clojars', 'Clojars deploy token', 'CLOJARS_PASSWORD', ['clojars_'], `${L}CLOJARS_[a-z0-9]{60}${R}`, { entropy: 3 });
tok('crates-io-token', 'crates.io', 'crates.io API token', 'CARGO_REGISTRY_TOKEN', ['cio'], `${L}cio[A-Za-z0-9]{32}${R}`, { entropy: 4 });
tok('docker-hub-pat', 'Docker', 'Docker Hub access token', 'DOCKERHUB_TOKEN', ['dckr_pat_', 'dckr_oat_'], `${L}dckr_(?:pat|oat)_[A-Za-z0-9_\\-]{27,40}${RD}`, { entropy: 3.5 });
tok('artifactory-api-key', 'JFrog', 'JFrog Artifactory API key', 'ARTIFACTORY_API_KEY', ['akcp'], `${L}AKCp[A-Za-z0-9]{69}${R}`, { entropy: 4.5 });
tok('artifactory-reference-token', 'JFrog', 'JFrog Artifactory reference token', 'ARTIFACTORY_ACCESS_TOKEN', ['cmvmd'], `${L}cmVmd[A-Za-z0-9]{59}${R}`, { entropy: 4.5 });
ctx('jfrog-token', 'JFrog', 'JFrog API key or identity token', 'JFROG_ACCESS_TOKEN', ['jfrog', 'artifactory', 'bintray', 'xray'], '[A-Za-z0-9]{73}|[A-Za-z0-9]{64}', { entropy: 4 });
tok('sonarqube-token', 'SonarQube', 'SonarQube / SonarCloud token', 'SONAR_TOKEN', ['squ_', 'sqp_', 'sqa_'], `${L}sq[upa]_${HEX}{40}${R}`, { entropy: 3 });
ctx('sonar-legacy-token', 'SonarQube', 'SonarQube token', 'SONAR_TOKEN', ['sonar_token', 'sonar.login', 'sonar_login', 'sonar.token', 'sonar-token'], `${HEX}{40}`);
ctx('snyk-token', 'Snyk', 'Snyk API token', 'SNYK_TOKEN', ['snyk'], UUID);
ctx('codecov-token', 'Codecov', 'Codecov upload token', 'CODECOV_TOKEN', ['codecov'], `${UUID}|${HEX}{32}`);
tok('buildkite-token', 'Buildkite', 'Buildkite API access token', 'BUILDKITE_API_TOKEN', ['bkua_'], `${L}bkua_${HEX}{40}${R}`, { entropy: 3 });
tok('circleci-pat', 'CircleCI', 'CircleCI personal API token', 'CIRCLECI_TOKEN', ['ccipat_', 'ccipri_'], `${L}CCIP(?:AT|RJ)_[A-Za-z0-9]{22}_${HEX}{40}${R}`, { entropy: 3.5 });
ctx('circleci-token-legacy', 'CircleCI', 'CircleCI API token', 'CIRCLECI_TOKEN', ['circleci', 'circle_token', 'circle-token'], `${HEX}{40}`);
ctx('travis-token', 'Travis CI', 'Travis CI access token', 'TRAVIS_TOKEN', ['travis'], '[A-Za-z0-9_\\-]{22}', { entropy: 3.5 });
ctx('droneci-token', 'Drone CI', 'Drone CI access token', 'DRONE_TOKEN', ['droneci', 'drone_token'], '[A-Za-z0-9]{32}', { entropy: 3.5 });
tok('octopus-deploy-api-key', 'Octopus Deploy', 'Octopus Deploy API key', 'OCTOPUS_API_KEY', ['api-'], `(?<![A-Za-z0-9_\\-/])API-[A-Z0-9]{26,32}${RD}`, { entropy: 3.5 });
tok('harness-token', 'Harness', 'Harness personal or service account token', 'HARNESS_API_KEY', ['pat.', 'sat.'], `${L}(?:pat|sat)\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}${R}`, { entropy: 3.5 });
ctx('launchdarkly-key', 'LaunchDarkly', 'LaunchDarkly SDK or API key', 'LAUNCHDARKLY_SDK_KEY', ['launchdarkly', 'launch_darkly', 'ld_sdk_key', 'ld_api_key', 'ld_access_token'], `(?:sdk|api)-${UUID}|[A-Za-z0-9_=\\-]{40}`);
tok('sourcegraph-token', 'Sourcegraph', 'Sourcegraph access token', 'SRC_ACCESS_TOKEN', ['sgp_'], `${L}sgp_(?:(?:[A-Fa-f0-9]{16}|local)_)?[A-Fa-f0-9]{40}${R}`, { entropy: 3 });
ctx('sourcegraph-token-legacy', 'Sourcegraph', 'Sourcegraph access token', 'SRC_ACCESS_TOKEN', ['sourcegraph', 'src_access_token'], '[A-Fa-f0-9]{40}', { entropy: 3 });
tok('infracost-token', 'Infracost', 'Infracost API token', 'INFRACOST_API_KEY', ['ico-'], `${LD}ico-[A-Za-z0-9]{32}${RD}`, { entropy: 3.5 });
tok('prefect-api-key', 'Prefect', 'Prefect API key', 'PREFECT_API_KEY', ['pnu_'], `${L}pnu_[A-Za-z0-9]{36}${R}`, { entropy: 3.5 });
tok('readme-api-key', 'ReadMe', 'ReadMe API key', 'README_API_KEY', ['rdme_'], `${L}rdme_[a-z0-9]{70}${R}`, { entropy: 3.5 });
tok('scalingo-token', 'Scalingo', 'Scalingo API token', 'SCALINGO_API_TOKEN', ['tk-us-'], `${LD}tk-us-[A-Za-z0-9_\\-]{48}${RD}`, { entropy: 3.5 });
tok('settlemint-token', 'SettleMint', 'SettleMint access token', 'SETTLEMINT_ACCESS_TOKEN', ['sm_aat_', 'sm_pat_', 'sm_sat_'], `${L}sm_(?:aat|pat|sat)_[A-Za-z0-9]{16}${R}`, { entropy: 3 });
tok('postman-api-key', 'Postman', 'Postman API key', 'POSTMAN_API_KEY', ['pmak-'], `${LD}PMAK-${HEX}{24}-${HEX}{34}${RD}`, { entropy: 3 });
tok('age-secret-key', 'age', 'age encryption secret key', 'AGE_SECRET_KEY', ['age-secret-key-1'], `${LD}AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${RD}`, { validate: validBech32 });
tok('private-key', 'Private key', 'private key block', 'PRIVATE_KEY', ['-----begin'], '-----BEGIN[ A-Z0-9_\\-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{64,20000}?-----END[ A-Z0-9_\\-]{0,100}PRIVATE KEY(?: BLOCK)?-----', { entropy: 3 });

// ---------------------------------------------------------------- Observability
tok('grafana-cloud-token', 'Grafana', 'Grafana Cloud access policy token', 'GRAFANA_CLOUD_TOKEN', ['glc_'], `${L}glc_[A-Za-z0-9+/]{32,400}={0,3}${RB}`, { entropy: 4 });
tok('grafana-service-account-token', 'Grafana', 'Grafana service account token', 'GRAFANA_TOKEN', ['glsa_'], `${L}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${R}`, { entropy: 3.5 });
tok('grafana-api-key', 'Grafana', 'Grafana API key (legacy)', 'GRAFANA_API_KEY', ['eyjrijoi'], `${L}eyJrIjoi[A-Za-z0-9]{70,400}={0,3}${RB}`, { entropy: 4 });
tok('newrelic-user-key', 'New Relic', 'New Relic user API key', 'NEW_RELIC_API_KEY', ['nrak-'], `${LD}NRAK-[A-Z0-9]{27}${RD}`, { entropy: 3.5 });
tok('newrelic-insert-key', 'New Relic', 'New Relic insights insert key', 'NEW_RELIC_INSERT_KEY', ['nrii-'], `${LD}NRII-[A-Za-z0-9_\\-]{32}${RD}`, { entropy: 3.5 });
tok('newrelic-license-key', 'New Relic', 'New Relic license (ingest) key', 'NEW_RELIC_LICENSE_KEY', ['nral'], `${L}${HEX}{36}NRAL${R}`, { entropy: 3 });
tok('newrelic-browser-key', 'New Relic', 'New Relic browser ingest key', 'NEW_RELIC_BROWSER_KEY', ['nrjs-'], `${LD}NRJS-${HEX}{19}${RD}`, { severity: 'warning', entropy: 3 });
ctx('datadog-api-key', 'Datadog', 'Datadog API key', 'DD_API_KEY', ['datadog', 'dd_api_key', 'dd-api-key', 'ddapikey', 'dd_app_key', 'dd-application-key', 'dd_application_key'], `${HEX}{32}|${HEX}{40}`);
tok('sentry-org-token', 'Sentry', 'Sentry organization auth token', 'SENTRY_AUTH_TOKEN', ['sntrys_'], `${L}sntrys_eyJ[A-Za-z0-9+/=]{30,600}_[A-Za-z0-9+/]{43}${RB}`, { entropy: 4 });
tok('sentry-user-token', 'Sentry', 'Sentry user auth token', 'SENTRY_AUTH_TOKEN', ['sntryu_'], `${L}sntryu_${HEX}{64}${R}`, { entropy: 3.5 });
ctx('sentry-legacy-token', 'Sentry', 'Sentry auth token', 'SENTRY_AUTH_TOKEN', ['sentry'], `${HEX}{64}`);
tok('dynatrace-token', 'Dynatrace', 'Dynatrace API token', 'DT_API_TOKEN', ['dt0c01.'], `${L}dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}${R}`, { entropy: 4 });
ctx('honeycomb-key', 'Honeycomb', 'Honeycomb API key', 'HONEYCOMB_API_KEY', ['honeycomb'], '[A-Za-z0-9]{22}|hc[a-z]{2}_[a-z0-9]{58}', { entropy: 3.5 });
ctx('sumologic-access-key', 'Sumo Logic', 'Sumo Logic access key', 'SUMO_ACCESS_KEY', ['sumo'], '[A-Za-z0-9]{64}', { entropy: 4 });
// The access ID names the key pair (su + 12): a credential half, reported next to its name only.
ctx('sumologic-access-id', 'Sumo Logic', 'Sumo Logic access ID', 'SUMO_ACCESS_ID', ['sumo'], 'su[A-Za-z0-9]{12}', { entropy: 3, context: /sumo[\w.\-]{0,20}?access[_.\-]?id["'`\]]?\s{0,4}(?::=|=>|\?=|[:=,>]|\s)\s{0,4}(?:["'`]\s{0,2})?$/i });
ctx('pagerduty-token', 'PagerDuty', 'PagerDuty API token', 'PAGERDUTY_TOKEN', ['pagerduty'], 'u\\+[A-Za-z0-9_+\\-]{18}|[A-Za-z0-9_+\\-]{20}', { entropy: 3.5 });
ctx('opsgenie-key', 'Opsgenie', 'Opsgenie API key', 'OPSGENIE_API_KEY', ['opsgenie'], UUID);
ctx('segment-write-key', 'Segment', 'Segment write key', 'SEGMENT_WRITE_KEY', ['segment'], '[A-Za-z0-9]{32}', { entropy: 4, severity: 'warning' });
ctx('mixpanel-secret', 'Mixpanel', 'Mixpanel API secret', 'MIXPANEL_API_SECRET', ['mixpanel_secret', 'mixpanel_api_secret', 'mixpanelsecret', 'mixpanel_service_account'], `${HEX}{32}|[A-Za-z0-9]{32}`);
ctx('amplitude-secret', 'Amplitude', 'Amplitude secret key', 'AMPLITUDE_SECRET_KEY', ['amplitude_secret', 'amplitude_api_secret', 'amplitudesecret'], `${HEX}{32}`);
tok('posthog-personal-key', 'PostHog', 'PostHog personal API key', 'POSTHOG_PERSONAL_API_KEY', ['phx_'], `${L}phx_[A-Za-z0-9]{43,47}${R}`, { entropy: 4 });
tok('posthog-project-key', 'PostHog', 'PostHog project key', 'POSTHOG_KEY', ['phc_'], `${L}phc_[A-Za-z0-9]{43}${R}`, { publicNotSecret: true, severity: 'warning' });
// Algolia search-only keys are public by design: only admin or write keys count.
ctx('algolia-admin-key', 'Algolia', 'Algolia admin API key', 'ALGOLIA_ADMIN_KEY', ['algolia_admin', 'algoliaadmin', 'algolia_write', 'algoliawrite', 'algolia-admin'], `${HEX}{32}`);
tok('mapbox-secret-token', 'Mapbox', 'Mapbox secret access token', 'MAPBOX_SECRET_TOKEN', ['sk.ey'], `${L}sk\\.eyJ[A-Za-z0-9_\\-]{20,}\\.[A-Za-z0-9_\\-]{20,}${RD}`, { entropy: 4 });
tok('mapbox-public-token', 'Mapbox', 'Mapbox public token', 'MAPBOX_ACCESS_TOKEN', ['pk.ey'], `${L}pk\\.eyJ[A-Za-z0-9_\\-]{20,}\\.[A-Za-z0-9_\\-]{20,}${RD}`, { publicNotSecret: true, severity: 'warning' });

// ---------------------------------------------------------------- Messaging and communication
tok('slack-bot-token', 'Slack', 'Slack bot token', 'SLACK_BOT_TOKEN', ['xoxb-'], `${LD}xoxb-[0-9]{8,14}-(?:[0-9]{8,14}-)?[A-Za-z0-9]{18,40}${RD}`, { entropy: 3 });
tok('slack-user-token', 'Slack', 'Slack user token', 'SLACK_USER_TOKEN', ['xoxp-', 'xoxe-'], `${LD}xox[pe]-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{28,34}${RD}`, { entropy: 3 });
tok('slack-legacy-token', 'Slack', 'Slack legacy or workspace token', 'SLACK_TOKEN', ['xoxa-', 'xoxr-', 'xoxs-', 'xoxo-'], `${LD}xox[arso]-(?:[0-9]-)?[A-Za-z0-9\\-]{8,120}${RD}`, { entropy: 3 });
tok('slack-config-token', 'Slack', 'Slack configuration token', 'SLACK_CONFIG_TOKEN', ['xoxe.xox', 'xoxe-'], `${LD}xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9]{140,170}${RD}`, { entropy: 3.5 });
tok('slack-app-token', 'Slack', 'Slack app-level token', 'SLACK_APP_TOKEN', ['xapp-'], `${LD}xapp-\\d-[A-Z0-9]{8,14}-\\d{8,15}-${HEX}{40,80}${RD}`, { entropy: 3 });
tok('slack-webhook', 'Slack', 'Slack incoming webhook URL', 'SLACK_WEBHOOK_URL', ['hooks.slack.com'], `hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9_+/]{30,80})${RB}`, { group: true, entropy: 3.5 });
tok('discord-bot-token', 'Discord', 'Discord bot token', 'DISCORD_BOT_TOKEN', ['discord', 'token', 'bot', 'login', 'client', 'secret', 'key', 'auth'], `${LD}[MNO][A-Za-z0-9_\\-]{23,25}\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,38}${RD}`, { entropy: 4 });
tok('discord-webhook', 'Discord', 'Discord webhook URL', 'DISCORD_WEBHOOK_URL', ['/api/webhooks/'], `discord(?:app)?\\.com/api/webhooks/\\d{16,20}/([A-Za-z0-9_\\-]{60,70})${RD}`, { group: true, entropy: 4 });
ctx('discord-client-secret', 'Discord', 'Discord client secret', 'DISCORD_CLIENT_SECRET', ['discord'], '[A-Za-z0-9_\\-]{32}', { entropy: 3.5 });
tok('telegram-bot-token', 'Telegram', 'Telegram bot token', 'TELEGRAM_BOT_TOKEN', [':aa'], `(?<![A-Za-z0-9_:])[0-9]{5,16}:A[A-Za-z0-9_\\-]{34}${RD}`, { entropy: 3.5 });
tok('teams-webhook', 'Microsoft Teams', 'Microsoft Teams incoming webhook URL', 'TEAMS_WEBHOOK_URL', ['webhook.office.com', 'incomingwebhook'], `https://[a-z0-9\\-]+\\.webhook\\.office\\.com/webhookb2/${UUID}@${UUID}/IncomingWebhook/[a-z0-9]{32}/${UUID}(?:/[A-Za-z0-9_\\-]{20,})?`);
tok('twilio-api-key', 'Twilio', 'Twilio API key SID', 'TWILIO_API_KEY', ['sk'], `${L}SK[0-9a-f]{32}${R}`, { entropy: 3 });
ctx('twilio-auth-token', 'Twilio', 'Twilio auth token', 'TWILIO_AUTH_TOKEN', ['twilio'], `${HEX}{32}`);
tok('sendgrid-api-key', 'SendGrid', 'SendGrid API key', 'SENDGRID_API_KEY', ['sg.'], `${L}SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}${RD}`, { entropy: 4 });
ctx('mailgun-api-key', 'Mailgun', 'Mailgun API key', 'MAILGUN_API_KEY', ['mailgun', 'mg_api_key'], `key-${HEX}{32}|${HEX}{32}-${HEX}{8}-${HEX}{8}`);
tok('mailchimp-api-key', 'Mailchimp', 'Mailchimp API key', 'MAILCHIMP_API_KEY', ['-us'], `${L}${HEX}{32}-us[0-9]{1,2}${R}`, { entropy: 3 });
tok('mailchimp-transactional-key', 'Mailchimp', 'Mailchimp Transactional (Mandrill) API key', 'MANDRILL_API_KEY', ['md-'], `${LD}md-[A-Za-z0-9_\\-]{22}${RD}`, { entropy: 4 });
ctx('postmark-token', 'Postmark', 'Postmark server token', 'POSTMARK_SERVER_TOKEN', ['postmark'], UUID);
tok('resend-api-key', 'Resend', 'Resend API key', 'RESEND_API_KEY', ['re_'], `${L}re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}${R}`, { entropy: 4 });
tok('brevo-api-key', 'Brevo', 'Brevo (Sendinblue) API key', 'BREVO_API_KEY', ['xkeysib-', 'xsmtpsib-'], `${LD}x(?:keysib|smtpsib)-${HEX}{64}-[A-Za-z0-9]{16}${RD}`, { entropy: 3 });
ctx('mailjet-key', 'Mailjet', 'Mailjet API secret', 'MAILJET_API_SECRET', ['mailjet'], `${HEX}{32}`);
ctx('sparkpost-key', 'SparkPost', 'SparkPost API key', 'SPARKPOST_API_KEY', ['sparkpost'], `${HEX}{40}`);
ctx('messagebird-key', 'MessageBird', 'MessageBird API key', 'MESSAGEBIRD_API_KEY', ['messagebird', 'message_bird', 'message-bird'], '[A-Za-z0-9]{25}', { entropy: 3.5 });
ctx('vonage-secret', 'Vonage', 'Vonage (Nexmo) API secret', 'VONAGE_API_SECRET', ['vonage', 'nexmo'], '[A-Za-z0-9]{16}', { entropy: 3.5 });
ctx('plivo-token', 'Plivo', 'Plivo auth token', 'PLIVO_AUTH_TOKEN', ['plivo'], '[A-Za-z0-9]{40}', { entropy: 4 });
ctx('sendbird-token', 'Sendbird', 'Sendbird API token', 'SENDBIRD_API_TOKEN', ['sendbird'], `${HEX}{40}`);
ctx('pusher-secret', 'Pusher', 'Pusher app secret', 'PUSHER_APP_SECRET', ['pusher_secret', 'pusher_app_secret', 'pusherappsecret', 'pusher.secret'], `${HEX}{20}`);
ctx('mattermost-token', 'Mattermost', 'Mattermost access token', 'MATTERMOST_TOKEN', ['mattermost'], '[a-z0-9]{26}', { entropy: 3.5 });
ctx('gitter-token', 'Gitter', 'Gitter access token', 'GITTER_TOKEN', ['gitter'], '[A-Za-z0-9_\\-]{40}', { entropy: 3.5 });
tok('intercom-token', 'Intercom', 'Intercom access token', 'INTERCOM_ACCESS_TOKEN', ['dg9ro'], `${L}dG9rO[A-Za-z0-9+/_\\-]{50,70}={0,2}${RB}`, { entropy: 4 });
ctx('intercom-token-context', 'Intercom', 'Intercom access token', 'INTERCOM_ACCESS_TOKEN', ['intercom'], '[A-Za-z0-9_=\\-]{60}', { entropy: 4 });
ctx('zendesk-token', 'Zendesk', 'Zendesk API token', 'ZENDESK_API_TOKEN', ['zendesk'], '[A-Za-z0-9]{40}', { entropy: 4 });
ctx('freshdesk-key', 'Freshdesk', 'Freshdesk API key', 'FRESHDESK_API_KEY', ['freshdesk'], '[A-Za-z0-9]{20}', { entropy: 3.5 });
tok('hubspot-private-app-token', 'HubSpot', 'HubSpot private app access token', 'HUBSPOT_ACCESS_TOKEN', ['pat-na1-', 'pat-eu1-', 'pat-na2-', 'pat-ap1-'], `${LD}pat-(?:na|eu|ap)[12]-${UUID}${RD}`, { entropy: 3 });
ctx('hubspot-api-key', 'HubSpot', 'HubSpot API key (legacy)', 'HUBSPOT_API_KEY', ['hubspot'], UUIDI);
ctx('zoom-secret', 'Zoom', 'Zoom client secret', 'ZOOM_CLIENT_SECRET', ['zoom_client_secret', 'zoom_api_secret', 'zoom_secret', 'zoomsecret'], '[A-Za-z0-9]{32}', { entropy: 3.5 });
ctx('twitch-token', 'Twitch', 'Twitch API token or client secret', 'TWITCH_CLIENT_SECRET', ['twitch'], '[a-z0-9]{30}', { entropy: 3.5 });
ctx('twitter-secret', 'X (Twitter)', 'X (Twitter) API secret or access secret', 'TWITTER_API_SECRET', ['twitter'], '[A-Za-z0-9]{50}|[A-Za-z0-9]{45}', { entropy: 4 });
ctx('twitter-access-token', 'X (Twitter)', 'X (Twitter) access token', 'TWITTER_ACCESS_TOKEN', ['twitter'], '[0-9]{15,25}-[A-Za-z0-9]{20,40}', { entropy: 3.5 });
ctx('twitter-bearer-token', 'X (Twitter)', 'X (Twitter) bearer token', 'TWITTER_BEARER_TOKEN', ['twitter'], 'A{22}[A-Za-z0-9%]{80,100}', { entropy: 3.5, allowRepeats: true });
ctx('twitter-api-key', 'X (Twitter)', 'X (Twitter) API key', 'TWITTER_API_KEY', ['twitter'], '[A-Za-z0-9]{25}', { entropy: 3.5, severity: 'warning' });
tok('facebook-access-token', 'Facebook', 'Facebook (Meta) access token', 'FACEBOOK_ACCESS_TOKEN', ['eaac', 'eaam', 'eaag'], `${L}EAA[CGM][A-Za-z0-9]{100,500}${R}`, { entropy: 4 });
ctx('facebook-app-secret', 'Facebook', 'Facebook (Meta) app secret', 'FACEBOOK_APP_SECRET', ['facebook', 'fb_secret', 'fb_app_secret', 'meta_app_secret'], `${HEX}{32}`);
ctx('linkedin-secret', 'LinkedIn', 'LinkedIn client secret', 'LINKEDIN_CLIENT_SECRET', ['linkedin', 'linked_in', 'linked-in'], '[A-Za-z0-9]{16}', { entropy: 3.5 });
ctx('nytimes-key', 'New York Times', 'New York Times API key', 'NYTIMES_API_KEY', ['nytimes', 'newyorktimes', 'new-york-times'], '[A-Za-z0-9_=\\-]{32}', { entropy: 3.5 });
ctx('flickr-key', 'Flickr', 'Flickr API key', 'FLICKR_API_KEY', ['flickr'], '[a-z0-9]{32}');
ctx('etsy-key', 'Etsy', 'Etsy API key', 'ETSY_API_KEY', ['etsy'], '[a-z0-9]{24}');
ctx('rapidapi-key', 'RapidAPI', 'RapidAPI key', 'RAPIDAPI_KEY', ['rapidapi'], '[A-Za-z0-9_\\-]{50}', { entropy: 4 });

// ---------------------------------------------------------------- Payments and commerce
ctx('clerk-secret-key', 'Clerk', 'Clerk secret key', 'CLERK_SECRET_KEY', ['clerk'], 'sk_(?:live|test)_[A-Za-z0-9]{40,60}', { entropy: 4 });
tok('stripe-secret-key', 'Stripe', 'Stripe live secret key', 'STRIPE_SECRET_KEY', ['sk_live_', 'rk_live_', 'sk_prod_', 'rk_prod_'], `${L}(?:sk|rk)_(?:live|prod)_[A-Za-z0-9]{20,247}${R}`, { entropy: 3 });
tok('stripe-test-key', 'Stripe', 'Stripe test secret key', 'STRIPE_SECRET_KEY', ['sk_test_', 'rk_test_'], `${L}(?:sk|rk)_test_[A-Za-z0-9]{20,247}${R}`, { entropy: 3, severity: 'warning' });
tok('stripe-webhook-secret', 'Stripe', 'Stripe webhook signing secret', 'STRIPE_WEBHOOK_SECRET', ['whsec_'], `${L}whsec_[A-Za-z0-9+/=]{24,64}${RB}`, { entropy: 3.5 });
tok('stripe-publishable-key', 'Stripe', 'Stripe publishable key', 'STRIPE_PUBLISHABLE_KEY', ['pk_live_', 'pk_test_'], `${L}pk_(?:live|test)_[A-Za-z0-9]{20,247}${R}`, { publicNotSecret: true, severity: 'warning' });
tok('paypal-braintree-token', 'PayPal / Braintree', 'PayPal Braintree access token', 'BRAINTREE_ACCESS_TOKEN', ['access_token$'], `access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$${HEX}{32}${R}`, { entropy: 3 });
ctx('braintree-private-key', 'PayPal / Braintree', 'Braintree private key', 'BRAINTREE_PRIVATE_KEY', ['braintree'], `${HEX}{32}`);
ctx('paypal-client-secret', 'PayPal', 'PayPal REST client secret', 'PAYPAL_CLIENT_SECRET', ['paypal'], 'E[A-Za-z0-9_\\-]{79}', { entropy: 4 });
tok('square-access-token', 'Square', 'Square access token', 'SQUARE_ACCESS_TOKEN', ['sq0atp-', 'eaaa'], `${LD}(?:sq0atp-[A-Za-z0-9_\\-]{22}|EAAA[A-Za-z0-9_\\-]{60})${RD}`, { entropy: 3.5 });
tok('square-oauth-secret', 'Square', 'Square OAuth secret', 'SQUARE_OAUTH_SECRET', ['sq0csp-'], `${LD}sq0csp-[A-Za-z0-9_\\-]{43}${RD}`, { entropy: 3.5 });
tok('razorpay-key-id', 'Razorpay', 'Razorpay live key id (its secret is nearby)', 'RAZORPAY_KEY_ID', ['rzp_live_'], `${L}rzp_live_[A-Za-z0-9]{14}${R}`, { severity: 'warning', entropy: 3 });
ctx('razorpay-secret', 'Razorpay', 'Razorpay key secret', 'RAZORPAY_KEY_SECRET', ['razorpay'], '[A-Za-z0-9]{24}', { entropy: 3.5 });
tok('flutterwave-secret-key', 'Flutterwave', 'Flutterwave secret key', 'FLW_SECRET_KEY', ['flwseck'], `${LD}FLWSECK(?:_TEST)?-[a-h0-9]{32}-X${RD}`, { entropy: 3 });
tok('flutterwave-encryption-key', 'Flutterwave', 'Flutterwave encryption key', 'FLW_ENCRYPTION_KEY', ['flwseck'], `${LD}FLWSECK(?:_TEST)?[a-h0-9]{12}${RD}`, { entropy: 3 });
tok('flutterwave-public-key', 'Flutterwave', 'Flutterwave public key', 'FLW_PUBLIC_KEY', ['flwpubk'], `${LD}FLWPUBK(?:_TEST)?-[a-h0-9]{32}-X${RD}`, { publicNotSecret: true, severity: 'warning' });
ctx('paystack-secret', 'Paystack', 'Paystack secret key', 'PAYSTACK_SECRET_KEY', ['paystack'], `sk_(?:live|test)_${HEX}{40}`);
ctx('gocardless-token', 'GoCardless', 'GoCardless access token', 'GOCARDLESS_ACCESS_TOKEN', ['gocardless'], '(?:live|sandbox)_[A-Za-z0-9_=\\-]{40}', { entropy: 3.5 });
ctx('plaid-access-token', 'Plaid', 'Plaid access token', 'PLAID_ACCESS_TOKEN', ['plaid'], `access-(?:sandbox|development|production)-${UUID}`);
ctx('plaid-secret', 'Plaid', 'Plaid secret', 'PLAID_SECRET', ['plaid'], '[a-z0-9]{30}', { entropy: 3.5 });
ctx('coinbase-secret', 'Coinbase', 'Coinbase API secret', 'COINBASE_API_SECRET', ['coinbase'], '[A-Za-z0-9_\\-]{64}|[A-Za-z0-9]{32}', { entropy: 3.5 });
ctx('kraken-secret', 'Kraken', 'Kraken API secret', 'KRAKEN_API_SECRET', ['kraken'], '[A-Za-z0-9/=_+\\-]{80,90}', { entropy: 4 });
ctx('kucoin-secret', 'KuCoin', 'KuCoin API secret', 'KUCOIN_API_SECRET', ['kucoin'], `${UUID}|${HEX}{24}`);
ctx('bittrex-secret', 'Bittrex', 'Bittrex API secret', 'BITTREX_API_SECRET', ['bittrex'], '[a-z0-9]{32}');
ctx('finnhub-key', 'Finnhub', 'Finnhub API key', 'FINNHUB_API_KEY', ['finnhub'], '[a-z0-9]{20}', { entropy: 3.5 });
ctx('finicity-secret', 'Finicity', 'Finicity API token or secret', 'FINICITY_APP_KEY', ['finicity'], `${HEX}{32}|[a-z0-9]{20}`);
ctx('freshbooks-token', 'FreshBooks', 'FreshBooks access token', 'FRESHBOOKS_TOKEN', ['freshbooks'], '[a-z0-9]{64}');
tok('shopify-access-token', 'Shopify', 'Shopify Admin API access token', 'SHOPIFY_ACCESS_TOKEN', ['shpat_'], `${L}shpat_[A-Fa-f0-9]{32}${R}`, { entropy: 3 });
tok('shopify-shared-secret', 'Shopify', 'Shopify app shared secret', 'SHOPIFY_API_SECRET', ['shpss_'], `${L}shpss_[A-Fa-f0-9]{32}${R}`, { entropy: 3 });
tok('shopify-custom-app-token', 'Shopify', 'Shopify custom app access token', 'SHOPIFY_ACCESS_TOKEN', ['shpca_'], `${L}shpca_[A-Fa-f0-9]{32}${R}`, { entropy: 3 });
tok('shopify-private-app-token', 'Shopify', 'Shopify private app password', 'SHOPIFY_PASSWORD', ['shppa_'], `${L}shppa_[A-Fa-f0-9]{32}${R}`, { entropy: 3 });
ctx('squarespace-token', 'Squarespace', 'Squarespace API key', 'SQUARESPACE_API_KEY', ['squarespace'], UUID);
tok('shippo-token', 'Shippo', 'Shippo API token', 'SHIPPO_API_TOKEN', ['shippo_live_', 'shippo_test_'], `${L}shippo_(?:live|test)_[A-Fa-f0-9]{40}${R}`, { entropy: 3 });
tok('easypost-api-key', 'EasyPost', 'EasyPost production API key', 'EASYPOST_API_KEY', ['ezak'], `${L}EZAK[A-Za-z0-9]{54}${R}`, { entropy: 3.5 });
tok('easypost-test-key', 'EasyPost', 'EasyPost test API key', 'EASYPOST_TEST_API_KEY', ['eztk'], `${L}EZTK[A-Za-z0-9]{54}${R}`, { entropy: 3.5, severity: 'warning' });
tok('duffel-token', 'Duffel', 'Duffel API token', 'DUFFEL_ACCESS_TOKEN', ['duffel_live_', 'duffel_test_'], `${L}duffel_(?:live|test)_[A-Za-z0-9_=\\-]{43}${RD}`, { entropy: 3.5 });
ctx('lob-api-key', 'Lob', 'Lob API key', 'LOB_API_KEY', ['lob'], `(?:live|test)_${HEX}{35}`);
ctx('lob-publishable-key', 'Lob', 'Lob publishable key', 'LOB_PUBLISHABLE_KEY', ['lob'], `(?:live|test)_pub_${HEX}{31}`, { publicNotSecret: true, severity: 'warning' });
ctx('adyen-key', 'Adyen', 'Adyen API key', 'ADYEN_API_KEY', ['adyen'], 'AQE[A-Za-z0-9+/=_\\-]{60,250}', { entropy: 4 });
tok('clickup-token', 'ClickUp', 'ClickUp personal API token', 'CLICKUP_API_TOKEN', ['pk_'], `${L}pk_[0-9]{6,10}_[A-Z0-9]{32}${R}`, { entropy: 3.5 });
tok('freemius-secret', 'Freemius', 'Freemius secret key', 'FREEMIUS_SECRET_KEY', ['secret_key'], `["']secret_key["']\\s{0,4}=>\\s{0,4}["'](sk_[^\\s"']{29})(?=["'])`, { group: true, entropy: 3.5 });

// ---------------------------------------------------------------- Productivity, content, identity
tok('notion-token', 'Notion', 'Notion integration token', 'NOTION_TOKEN', ['secret_', 'ntn_'], `${L}(?:secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35})${R}`, { entropy: 4 });
tok('airtable-pat', 'Airtable', 'Airtable personal access token', 'AIRTABLE_API_KEY', ['pat'], `${L}pat[A-Za-z0-9]{14}\\.${HEX}{64}${R}`, { entropy: 3.5 });
ctx('airtable-api-key', 'Airtable', 'Airtable API key (legacy)', 'AIRTABLE_API_KEY', ['airtable'], 'key[A-Za-z0-9]{14}', { entropy: 3.5 });
tok('linear-api-key', 'Linear', 'Linear API key', 'LINEAR_API_KEY', ['lin_api_'], `${L}lin_api_[A-Za-z0-9]{40}${R}`, { entropy: 3.5 });
tok('linear-oauth-token', 'Linear', 'Linear OAuth token', 'LINEAR_ACCESS_TOKEN', ['lin_oauth_'], `${L}lin_oauth_${HEX}{64}${R}`, { entropy: 3 });
ctx('linear-client-secret', 'Linear', 'Linear OAuth client secret', 'LINEAR_CLIENT_SECRET', ['linear'], `${HEX}{32}`);
tok('asana-pat', 'Asana', 'Asana personal access token', 'ASANA_ACCESS_TOKEN', ['asana', '1/', '2/'], `(?<![A-Za-z0-9_/])[012]/[0-9]{10,20}(?:/[0-9]{10,20})?:${HEX}{32}${R}`, { entropy: 3 });
ctx('asana-client-secret', 'Asana', 'Asana client secret', 'ASANA_CLIENT_SECRET', ['asana'], '[a-z0-9]{32}');
tok('figma-pat', 'Figma', 'Figma personal access token', 'FIGMA_TOKEN', ['figd_'], `${L}figd_[A-Za-z0-9_\\-]{40,}${RD}`, { entropy: 4 });
ctx('figma-token-legacy', 'Figma', 'Figma personal access token', 'FIGMA_TOKEN', ['figma'], `[0-9]{5,7}-${UUID}`);
tok('dropbox-short-lived-token', 'Dropbox', 'Dropbox access token', 'DROPBOX_ACCESS_TOKEN', ['sl.'], `${L}sl\\.(?:u\\.)?[A-Za-z0-9_=\\-]{130,1400}${RD}`, { entropy: 4 });
ctx('dropbox-long-lived-token', 'Dropbox', 'Dropbox long-lived access token', 'DROPBOX_ACCESS_TOKEN', ['dropbox'], '[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=\\-]{43}', { entropy: 3.5, allowRepeats: true });
ctx('box-token', 'Box', 'Box developer token or client secret', 'BOX_CLIENT_SECRET', ['box_client_secret', 'box_developer_token', 'box_access_token', 'box_api_key'], '[A-Za-z0-9]{32}', { entropy: 4 });
tok('contentful-pat', 'Contentful', 'Contentful personal access token', 'CONTENTFUL_MANAGEMENT_TOKEN', ['cfpat-'], `${LD}CFPAT-[A-Za-z0-9_\\-]{43}${RD}`, { entropy: 4 });
ctx('contentful-delivery-token', 'Contentful', 'Contentful delivery API token', 'CONTENTFUL_ACCESS_TOKEN', ['contentful'], '[A-Za-z0-9_=\\-]{43}', { entropy: 4 });
tok('typeform-token', 'Typeform', 'Typeform personal access token', 'TYPEFORM_TOKEN', ['tfp_'], `${L}tfp_[A-Za-z0-9_=.\\-]{59}${RD}`, { entropy: 4 });
tok('frameio-token', 'Frame.io', 'Frame.io developer token', 'FRAMEIO_TOKEN', ['fio-u-'], `${LD}fio-u-[A-Za-z0-9_=\\-]{64}${RD}`, { entropy: 4 });
tok('adafruit-io-key', 'Adafruit', 'Adafruit IO key', 'ADAFRUIT_IO_KEY', ['aio_'], `${L}aio_[A-Za-z0-9]{28}${R}`, { entropy: 4 });
ctx('adafruit-io-key-legacy', 'Adafruit', 'Adafruit IO key', 'ADAFRUIT_IO_KEY', ['adafruit'], '[A-Za-z0-9_\\-]{32}', { entropy: 3.5 });
tok('adobe-client-secret', 'Adobe', 'Adobe OAuth client secret', 'ADOBE_CLIENT_SECRET', ['p8e-'], `${LD}p8e-[A-Za-z0-9]{32}${RD}`, { entropy: 3.5 });
ctx('okta-token', 'Okta', 'Okta API token', 'OKTA_API_TOKEN', ['okta'], '00[A-Za-z0-9_=\\-]{40}', { entropy: 4 });
ctx('auth0-client-secret', 'Auth0', 'Auth0 client secret', 'AUTH0_CLIENT_SECRET', ['auth0'], '[A-Za-z0-9_\\-]{64}', { entropy: 4 });
tok('authress-key', 'Authress', 'Authress service client access key', 'AUTHRESS_KEY', ['sc_', 'ext_', 'scauth_', 'authress_'], `${L}(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_\\-][a-z0-9\\-]{10,32}\\.[A-Za-z0-9+/_=\\-]{30,120}${RB}`, { entropy: 3 });
ctx('beamer-token', 'Beamer', 'Beamer API key', 'BEAMER_API_KEY', ['beamer'], 'b_[A-Za-z0-9_=\\-]{44}', { entropy: 4 });
tok('maxmind-license-key', 'MaxMind', 'MaxMind license key', 'MAXMIND_LICENSE_KEY', ['_mmk'], `${L}[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk${R}`, { entropy: 4 });
tok('intra42-secret', '42', '42 Intra client secret', 'INTRA42_CLIENT_SECRET', ['s-s4t2ud-', 's-s4t2af-'], `${LD}s-s4t2(?:ud|af)-${HEX}{64}${RD}`, { entropy: 3 });
tok('sidekiq-credentials', 'Sidekiq', 'Sidekiq Pro/Enterprise credentials', 'BUNDLE_GEMS__CONTRIBSYS__COM', ['contribsys'], `(?:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM\\s{0,4}[:=]\\s{0,4}["']?|https?://)(${HEX}{8}:${HEX}{8})(?=["';\\s]|@(?:gems|enterprise)\\.contribsys\\.com|$)`, { group: true, entropy: 2.5 });
ctx('mapbox-secret-context', 'Mapbox', 'Mapbox secret access token', 'MAPBOX_SECRET_TOKEN', ['mapbox_secret', 'mapbox_download'], 'sk\\.[A-Za-z0-9_.\\-]{60,}', { entropy: 4 });

ctx('meraki-api-key', 'Cisco Meraki', 'Cisco Meraki API key', 'MERAKI_DASHBOARD_API_KEY', ['meraki'], `${HEX}{40}`);
ctx('fastly-api-token', 'Fastly', 'Fastly API token', 'FASTLY_API_TOKEN', ['fastly'], '[A-Za-z0-9_=\\-]{32}', { entropy: 3.5 });
ctx('looker-client-secret', 'Looker', 'Looker API client secret', 'LOOKERSDK_CLIENT_SECRET', ['looker'], '[A-Za-z0-9]{24}', { entropy: 3.5 });

// ---------------------------------------------------------------- AWS Bedrock API keys
// Long-lived: ABSK + base64 of "BedrockAPIKey-..."; short-lived: bedrock-api-key- + base64 of "bedrock.amazonaws.com/...".
tok('aws-bedrock-api-key', 'AWS', 'Amazon Bedrock API key (long-lived)', 'AWS_BEARER_TOKEN_BEDROCK', ['absk'], `${L}ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{90,260}={0,2}${RB}`, { entropy: 4 });
tok('aws-bedrock-api-key-short', 'AWS', 'Amazon Bedrock API key (short-lived)', 'AWS_BEARER_TOKEN_BEDROCK', ['bedrock-api-key-'], `${L}bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=_\\-%]{20,4000}`, { entropy: 3.5 });

// ---------------------------------------------------------------- Facebook app access token (app id | app secret)
tok('facebook-app-access-token', 'Facebook', 'Facebook (Meta) app access token (app id and secret)', 'FACEBOOK_APP_ACCESS_TOKEN', ['facebook', 'fb_', 'graph.facebook', 'access_token'], `(?<![0-9])[0-9]{15,16}(?:\\||%7[Cc])([A-Za-z0-9_\\-]{27,40})${R}`, { entropy: 3.5 });

// ---------------------------------------------------------------- JSON Web Tokens (last: a provider's own JWT format wins the same range)
// A signed bearer credential: header and payload decode to JSON. Anonymous-role keys (Supabase anon) are public.
tok('jwt', 'JSON Web Token', 'JSON Web Token (a bearer credential)', 'JWT', ['eyj'], `(?<![A-Za-z0-9_\\-.])eyJ[A-Za-z0-9_\\-]{10,}\\.eyJ[A-Za-z0-9_\\-]{10,}\\.[A-Za-z0-9_\\-]*`, {
  severity: 'warning',
  allowRepeats: true,
  validate: (t) => {
    const p = jwtPayload(t);
    return !!p && p.role !== 'anon';
  },
});

export const PROVIDER_FORMATS: readonly ProviderFormat[] = Object.freeze(F);

/** Distinct providers in the table. */
export function providerNames(): string[] {
  return [...new Set(F.map((f) => f.provider))].sort();
}
