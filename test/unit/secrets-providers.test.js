'use strict';
// Provider credential formats (server/src/engine/rules/secrets/providers).
// Every token below is assembled from parts at run time: prefixes are split
// and the random part is generated, so no scanner finds a token in this file.
const assert = require('assert');
const zlib = require('zlib');
const fc = require('fast-check');

const mod = process.env.MAG_DEV ? require(process.env.MAG_DEV) : require('../../dist/engine.js').internals.secretProviders;
const { findProviderSecrets, looksLikePlaceholderToken, PROVIDER_FORMATS, providerNames, bech32Checksum } = mod;

// --- deterministic random material ----------------------------------------
let seed = 0x5eed1234;
function rnd() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const AZ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const az = AZ.toLowerCase();
const D = '0123456789';
const HEX = '0123456789abcdef';
const AN = az + AZ + D;
const URLC = AN + '_-';
const B64 = AN + '+/';
const r = (alpha, n) => Array.from({ length: n }, () => alpha[Math.floor(rnd() * alpha.length)]).join('');
const uuid = () => `${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-a${r(HEX, 3)}-${r(HEX, 12)}`;
const J = (...parts) => parts.join('');
const BASE62 = D + AZ + az;
function b62(n) {
  let s = '';
  do {
    s = BASE62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(6, '0');
}
const crc = (s) => (typeof zlib.crc32 === 'function' ? zlib.crc32(Buffer.from(s)) >>> 0 : mod.crc32(s));
/** A classic GitHub / npm token with a correct CRC-32 checksum. */
function checksummed(prefix) {
  const body = r(AN, 30);
  return prefix + body + b62(crc(body));
}
const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload) => J(b64url({ alg: 'HS256', typ: 'JWT' }), '.', b64url(payload), '.', r(URLC, 43));

/** `KEY = "token"` in a config-like line. */
const kv = (key, tok) => ({ text: `${key} = "${tok}"\n`, tok });
/** The token alone as a string value. */
const val = (tok) => ({ text: `const value = '${tok}';\n`, tok });

// One true sample per format id.
const SAMPLES = {
  'anthropic-api-key': () => val(J('sk-ant-', 'api03-', r(URLC, 93), 'AA')),
  'anthropic-admin-key': () => val(J('sk-ant-', 'admin01-', r(URLC, 93), 'AA')),
  'anthropic-oauth-token': () => val(J('sk-ant-', 'oat01-', r(URLC, 95))),
  'openai-api-key': () => val(J('sk-', 'proj-', r(URLC, 74), 'T3Blbk', 'FJ', r(URLC, 74))),
  'openai-project-key': () => val(J('sk-', 'svcacct-', r(URLC, 120))),
  'openrouter-api-key': () => val(J('sk-or-', 'v1-', r(HEX, 64))),
  'groq-api-key': () => val(J('gs', 'k_', r(AN, 52))),
  'perplexity-api-key': () => val(J('pp', 'lx-', r(AN, 48))),
  'replicate-api-token': () => val(J('r8', '_', r(AN, 37))),
  'huggingface-token': () => val(J('h', 'f_', r(az + AZ, 34))),
  'huggingface-org-token': () => val(J('api_', 'org_', r(az + AZ, 34))),
  'xai-api-key': () => val(J('xa', 'i-', r(AN, 80))),
  'langsmith-api-key': () => val(J('lsv2', '_pt_', r(HEX, 32), '_', r(HEX, 10))),
  'pinecone-api-key': () => val(J('pcsk', '_', r(AN, 6), '_', r(AN, 64))),
  'pinecone-legacy-key': () => kv('PINECONE_API_KEY', uuid()),
  'cohere-api-key': () => kv('COHERE_API_KEY', r(AN, 40)),
  'mistral-api-key': () => kv('MISTRAL_API_KEY', r(AN, 32)),
  'deepgram-api-key': () => kv('DEEPGRAM_API_KEY', r(HEX, 40)),
  'elevenlabs-api-key': () => kv('ELEVENLABS_API_KEY', J('s', 'k_', r(HEX, 48))),
  'deepseek-api-key': () => kv('DEEPSEEK_API_KEY', J('s', 'k-', r(HEX, 32))),
  'assemblyai-api-key': () => kv('ASSEMBLYAI_API_KEY', r(HEX, 32)),
  'together-api-key': () => kv('TOGETHER_API_KEY', r(HEX, 64)),
  'stability-api-key': () => kv('STABILITY_API_KEY', J('s', 'k-', r(AN, 48))),
  'privateai-api-key': () => kv('PRIVATEAI_API_KEY', r(az + D, 32)),
  'aws-access-key-id': () => val(J('AK', 'IA', r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16))),
  'aws-secret-access-key': () => kv('aws_secret_access_key', r(AN + '/+', 40)),
  'gcp-api-key': () => val(J('AI', 'za', r(URLC, 35))),
  'google-oauth-client-secret': () => val(J('GOC', 'SPX-', r(URLC, 28))),
  'google-oauth-access-token': () => val(J('ya', '29.', r(URLC, 120))),
  'google-oauth-refresh-token': () => val(J('1/', '/0', r(URLC, 90))),
  'azure-ad-client-secret': () => val(J(r(AN, 3), '8', 'Q~', r(AN + '_~.-', 34))),
  'azure-storage-account-key': () => ({ text: `conn = "DefaultEndpointsProtocol=https;AccountName=acme;${J('Account', 'Key=')}${(() => (tokStore.t = r(B64, 86) + '=='))()};EndpointSuffix=core.windows.net"\n`, get tok() { return tokStore.t; } }),
  'azure-sas-token': () => ({ text: `url = "https://acme.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=r&se=2030-01-01&${J('si', 'g=')}${(tokStore.t = r(AN, 43) + '%3D')}"\n`, get tok() { return tokStore.t; } }),
  'azure-devops-pat': () => val(J(r(AN, 52), 'JQQJ', '99', r(AN, 18), 'AZ', 'DO', r(AN, 4))),
  'azure-devops-pat-legacy': () => kv('AZURE_DEVOPS_PAT', r('abcdefghijklmnopqrstuvwxyz234567', 52)),
  'azure-cognitive-key': () => kv('AZURE_OPENAI_API_KEY', r(HEX, 32)),
  'alibaba-access-key-id': () => val(J('LT', 'AI', r(AN, 20))),
  'alibaba-secret-key': () => kv('ALIBABA_CLOUD_ACCESS_KEY_SECRET', r(AN, 30)),
  'tencent-secret-id': () => val(J('AK', 'ID', r(AN, 32))),
  'tencent-secret-key': () => kv('TENCENT_SECRET_KEY', r(AN, 32)),
  'ibm-cloud-api-key': () => kv('IBM_CLOUD_API_KEY', r(URLC, 44)),
  'digitalocean-pat': () => val(J('do', 'p_v1_', r(HEX, 64))),
  'digitalocean-oauth-token': () => val(J('do', 'o_v1_', r(HEX, 64))),
  'digitalocean-refresh-token': () => val(J('do', 'r_v1_', r(HEX, 64))),
  'linode-token': () => kv('LINODE_TOKEN', r(HEX, 64)),
  'vultr-api-key': () => kv('VULTR_API_KEY', r(AZ + D, 36)),
  'hetzner-token': () => kv('HCLOUD_TOKEN', r(AN, 64)),
  'scaleway-access-key': () => val(J('SC', 'W', r(AZ + D, 17))),
  'scaleway-secret-key': () => kv('SCW_SECRET_KEY', uuid()),
  'yandex-api-key': () => val(J('AQ', 'VN', r(URLC, 36))),
  'yandex-aws-key': () => kv('YANDEX_SECRET_KEY', J('Y', 'C', r(URLC, 38))),
  'yandex-oauth-token': () => kv('YANDEX_OAUTH_TOKEN', J('t', '1.', r(URLC, 30), '.', r(URLC, 86))),
  'cloudflare-api-token': () => kv('CLOUDFLARE_API_TOKEN', r(URLC, 40)),
  'cloudflare-global-api-key': () => kv('CLOUDFLARE_API_KEY', r(HEX, 37)),
  'cloudflare-origin-ca-key': () => val(J('v1', '.0-', r(HEX, 24), '-', r(HEX, 146))),
  'flyio-token': () => val(J('fo', '1_', r(URLC, 43))),
  'heroku-api-key': () => val(J('HR', 'KU-AA', r(URLC, 58))),
  'heroku-api-key-legacy': () => kv('HEROKU_API_KEY', uuid()),
  'netlify-pat': () => val(J('nf', 'p_', r(AN, 36))),
  'netlify-token': () => kv('NETLIFY_AUTH_TOKEN', r(URLC, 43)),
  'vercel-token': () => kv('VERCEL_TOKEN', r(AN, 24)),
  'supabase-management-token': () => val(J('sb', 'p_', r(HEX, 40))),
  'supabase-secret-key': () => val(J('sb_', 'secret_', r(URLC, 32))),
  'supabase-service-role-jwt': () => kv('SUPABASE_SERVICE_ROLE_KEY', jwt({ iss: 'supabase', ref: r(az, 20), role: 'service_' + 'role', iat: 1700000000 })),
  'render-api-key': () => val(J('rn', 'd_', r(AN, 32))),
  'railway-token': () => kv('RAILWAY_TOKEN', uuid()),
  'pulumi-access-token': () => val(J('pu', 'l-', r(HEX, 40))),
  'terraform-cloud-token': () => val(J(r(AN, 14), '.atlas', 'v1.', r(URLC, 67))),
  'vault-service-token': () => val(J('hv', 's.', r(URLC, 95))),
  'vault-batch-token': () => val(J('hv', 'b.', r(URLC, 150))),
  'vault-recovery-token': () => val(J('hv', 'r.', r(URLC, 95))),
  'vault-legacy-token': () => kv('VAULT_TOKEN', J('s', '.', r(AN, 24))),
  'doppler-token': () => val(J('dp', '.st.', r(AN, 43))),
  'onepassword-service-account-token': () => val(J('op', 's_', 'eyJ', r(B64, 300))),
  'onepassword-secret-key': () => val(J('A', '3-', r(AZ + D, 6), '-', r(AZ + D, 11), '-', r(AZ + D, 5), '-', r(AZ + D, 5), '-', r(AZ + D, 5))),
  'databricks-token': () => val(J('da', 'pi', r(HEX, 32))),
  'planetscale-token': () => val(J('pscale', '_tkn_', r(URLC, 43))),
  'planetscale-password': () => val(J('pscale', '_pw_', r(URLC, 43))),
  'planetscale-oauth-token': () => val(J('pscale', '_oauth_', r(URLC, 43))),
  'neon-api-key': () => val(J('na', 'pi_', r(az + D, 64))),
  'clickhouse-cloud-key': () => val(J('4b', '1d', r(AN, 38))),
  'confluent-secret': () => kv('CONFLUENT_API_SECRET', r(B64, 64)),
  'upstash-token': () => kv('UPSTASH_REDIS_REST_TOKEN', J('A', r(AN, 60))),
  'mongodb-atlas-private-key': () => kv('MONGODB_ATLAS_PRIVATE_KEY', uuid()),
  'tailscale-key': () => val(J('ts', 'key-', 'auth-', r(AN, 12), '-', r(AN, 30))),
  'ngrok-authtoken': () => kv('NGROK_AUTHTOKEN', J('2', r(AN, 26), '_', r(AN, 21))),
  'kubeconfig-client-key': () => ({ text: `users:\n- name: admin\n  user:\n    ${J('client-', 'key-data')}: ${(tokStore.t = r(B64, 120) + '=')}\n`, get tok() { return tokStore.t; } }),
  'openshift-user-token': () => val(J('sha', '256~', r(URLC, 43))),
  'defined-networking-token': () => val(J('dn', 'key-', r(URLC, 26), '-', r(URLC, 52))),
  'github-pat': () => val(checksummed(J('gh', 'p_'))),
  'github-oauth-token': () => val(checksummed(J('gh', 'o_'))),
  'github-user-to-server-token': () => val(checksummed(J('gh', 'u_'))),
  'github-installation-token': () => val(checksummed(J('gh', 's_'))),
  'github-refresh-token': () => val(checksummed(J('gh', 'r_'))),
  'github-fine-grained-pat': () => val(J('github', '_pat_', r(AN, 22), '_', r(AN, 59))),
  'gitlab-pat': () => val(J('gl', 'pat-', r(URLC, 20))),
  'gitlab-deploy-token': () => val(J('gl', 'dt-', r(URLC, 20))),
  'gitlab-runner-token': () => val(J('gl', 'rt-', r(URLC, 20))),
  'gitlab-runner-registration-token': () => val(J('GR13', '48941', r(URLC, 20))),
  'gitlab-pipeline-trigger-token': () => val(J('gl', 'ptt-', r(HEX, 40))),
  'gitlab-feed-token': () => val(J('gl', 'ft-', r(URLC, 20))),
  'gitlab-incoming-mail-token': () => val(J('gl', 'imt-', r(URLC, 25))),
  'gitlab-agent-token': () => val(J('gl', 'agent-', r(URLC, 50))),
  'gitlab-oauth-secret': () => val(J('gl', 'oas-', r(URLC, 64))),
  'gitlab-scim-token': () => val(J('gl', 'soat-', r(URLC, 20))),
  'gitlab-ci-job-token': () => val(J('gl', 'cbt-', r(AN, 3), '_', r(URLC, 20))),
  'gitlab-feature-flag-token': () => val(J('gl', 'ffct-', r(URLC, 20))),
  'gitlab-session-cookie': () => ({ text: `Cookie: ${J('_gitlab', '_session=')}${(tokStore.t = r(az + D, 32))}\n`, get tok() { return tokStore.t; } }),
  'bitbucket-app-password': () => val(J('AT', 'BB', r(AN, 32))),
  'bitbucket-client-secret': () => kv('BITBUCKET_CLIENT_SECRET', r(URLC, 64)),
  'atlassian-api-token': () => val(J('ATA', 'TT3', r(URLC, 186))),
  'atlassian-legacy-token': () => kv('JIRA_API_TOKEN', r(AN, 24)),
  'npm-token': () => val(checksummed(J('np', 'm_'))),
  'pypi-upload-token': () => val(J('pypi-', 'AgEIcHlwaS5vcmc', r(URLC, 80))),
  'rubygems-api-key': () => val(J('ruby', 'gems_', r(HEX, 48))),
  'nuget-api-key': () => val(J('oy', '2', r(az + D, 43))),
  'clojars-token': () => val(J('CLOJARS', '_', r(az + D, 60))),
  'crates-io-token': () => val(J('ci', 'o', r(AN, 32))),
  'docker-hub-pat': () => val(J('dckr', '_pat_', r(URLC, 27))),
  'artifactory-api-key': () => val(J('AK', 'Cp', r(AN, 69))),
  'artifactory-reference-token': () => val(J('cmVm', 'd', r(AN, 59))),
  'jfrog-token': () => kv('JFROG_ACCESS_TOKEN', r(AN, 64)),
  'sonarqube-token': () => val(J('sq', 'u_', r(HEX, 40))),
  'sonar-legacy-token': () => kv('SONAR_TOKEN', r(HEX, 40)),
  'snyk-token': () => kv('SNYK_TOKEN', uuid()),
  'codecov-token': () => kv('CODECOV_TOKEN', uuid()),
  'buildkite-token': () => val(J('bk', 'ua_', r(HEX, 40))),
  'circleci-pat': () => val(J('CCI', 'PAT_', r(AN, 22), '_', r(HEX, 40))),
  'circleci-token-legacy': () => kv('CIRCLECI_TOKEN', r(HEX, 40)),
  'travis-token': () => kv('TRAVIS_TOKEN', r(AN, 22)),
  'droneci-token': () => kv('DRONE_TOKEN', r(AN, 32)),
  'octopus-deploy-api-key': () => val(J('AP', 'I-', r(AZ + D, 26))),
  'harness-token': () => val(J('pa', 't.', r(URLC, 22), '.', r(AN, 24), '.', r(AN, 20))),
  'launchdarkly-key': () => kv('LAUNCHDARKLY_SDK_KEY', J('sd', 'k-', uuid())),
  'sourcegraph-token': () => val(J('sg', 'p_', r(HEX, 16), '_', r(HEX, 40))),
  'infracost-token': () => val(J('ic', 'o-', r(AN, 32))),
  'prefect-api-key': () => val(J('pn', 'u_', r(AN, 36))),
  'readme-api-key': () => val(J('rd', 'me_', r(az + D, 70))),
  'scalingo-token': () => val(J('tk-', 'us-', r(URLC, 48))),
  'settlemint-token': () => val(J('sm_', 'pat_', r(AN, 16))),
  'postman-api-key': () => val(J('PM', 'AK-', r(HEX, 24), '-', r(HEX, 34))),
  'age-secret-key': () => {
    const data = r('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 52);
    return val(J('AGE-SECRET', '-KEY-1', (data + bech32Checksum('age-secret-key-', data)).toUpperCase()));
  },
  'private-key': () => {
    const tok = J('-----BEGIN ', 'PRIVATE KEY-----\n', r(B64, 64), '\n', r(B64, 64), '\n-----END ', 'PRIVATE KEY-----');
    return { text: `${tok}\n`, tok };
  },
  'grafana-cloud-token': () => val(J('gl', 'c_', r(B64, 80), '==')),
  'grafana-service-account-token': () => val(J('gl', 'sa_', r(AN, 32), '_', r(HEX, 8))),
  'grafana-api-key': () => val(J('eyJr', 'Ijoi', r(AN, 80))),
  'newrelic-user-key': () => val(J('NR', 'AK-', r(AZ + D, 27))),
  'newrelic-insert-key': () => val(J('NR', 'II-', r(URLC, 32))),
  'newrelic-license-key': () => val(J(r(HEX, 36), 'NR', 'AL')),
  'newrelic-browser-key': () => val(J('NR', 'JS-', r(HEX, 19))),
  'datadog-api-key': () => kv('DD_API_KEY', r(HEX, 32)),
  'sentry-org-token': () => val(J('sntr', 'ys_', 'eyJ', r(B64, 120), '_', r(B64, 43))),
  'sentry-user-token': () => val(J('sntr', 'yu_', r(HEX, 64))),
  'sentry-legacy-token': () => kv('SENTRY_AUTH_TOKEN', r(HEX, 64)),
  'dynatrace-token': () => val(J('dt0', 'c01.', r(AZ + D, 24), '.', r(AZ + D, 64))),
  'honeycomb-key': () => kv('HONEYCOMB_API_KEY', r(AN, 22)),
  'sumologic-access-key': () => kv('SUMO_ACCESS_KEY', r(AN, 64)),
  'sumologic-access-id': () => kv('SUMO_ACCESS_ID', J('su', r(AN, 12))),
  'sourcegraph-token-legacy': () => kv('SOURCEGRAPH_TOKEN', r('0123456789abcdefABCDEF', 40)),
  'aws-bedrock-api-key': () => val(J('AB', 'SK', Buffer.from('BedrockAPIKey-' + r(AN, 6) + '-at-' + r(D, 12)).toString('base64').replace(/=+$/, ''), r(B64, 100))),
  'aws-bedrock-api-key-short': () => val(J('bedrock-', 'api-key-', Buffer.from('bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=' + r(AN, 20)).toString('base64'), r(B64, 200))),
  'facebook-app-access-token': () => kv('FACEBOOK_ACCESS_TOKEN', J(r('123456789', 1), r(D, 15), '|', r(URLC, 27))),
  'jwt': () => kv('SESSION_TOKEN', jwt({ sub: r(D, 10), name: 'x', iat: 1516239022 })),
  'pagerduty-token': () => kv('PAGERDUTY_TOKEN', J('u+', r(URLC, 18))),
  'opsgenie-key': () => kv('OPSGENIE_API_KEY', uuid()),
  'segment-write-key': () => kv('SEGMENT_WRITE_KEY', r(AN, 32)),
  'mixpanel-secret': () => kv('MIXPANEL_API_SECRET', r(HEX, 32)),
  'amplitude-secret': () => kv('AMPLITUDE_SECRET_KEY', r(HEX, 32)),
  'posthog-personal-key': () => val(J('ph', 'x_', r(AN, 43))),
  'algolia-admin-key': () => kv('ALGOLIA_ADMIN_KEY', r(HEX, 32)),
  'mapbox-secret-token': () => val(J('s', 'k.', b64url({ u: r(az, 8), a: r(az + D, 25) }), '.', r(URLC, 22))),
  'slack-bot-token': () => val(J('xo', 'xb-', r(D, 12), '-', r(D, 13), '-', r(AN, 24))),
  'slack-user-token': () => val(J('xo', 'xp-', r(D, 12), '-', r(D, 12), '-', r(D, 12), '-', r(AN, 32))),
  'slack-legacy-token': () => val(J('xo', 'xa-', '2-', r(AN, 40))),
  'slack-config-token': () => val(J('xo', 'xe.', 'xo', 'xp-1-', r(AN, 163))),
  'slack-app-token': () => val(J('xa', 'pp-1-', r(AZ + D, 11), '-', r(D, 13), '-', r(HEX, 64))),
  'slack-webhook': () => {
    const tok = J('T', r(AZ + D, 8), '/B', r(AZ + D, 10), '/', r(AN, 24));
    return { text: `url = "https://${J('hooks.', 'slack.com')}/services/${tok}"\n`, tok };
  },
  'discord-bot-token': () => kv('DISCORD_BOT_TOKEN', J('M', r(URLC, 23), '.', r(URLC, 6), '.', r(URLC, 38))),
  'discord-webhook': () => {
    const tok = r(URLC, 68);
    return { text: `url = "https://discord.com/api/${J('web', 'hooks')}/${r(D, 18)}/${tok}"\n`, tok };
  },
  'discord-client-secret': () => kv('DISCORD_CLIENT_SECRET', r(URLC, 32)),
  'telegram-bot-token': () => val(J('1', r(D, 9), ':', 'AA', r(URLC, 33))),
  'teams-webhook': () => {
    const tok = J('https://acme.', 'webhook.office.com', '/webhookb2/', uuid(), '@', uuid(), '/Incoming', 'Webhook/', r(az + D, 32), '/', uuid());
    return { text: `url = "${tok}"\n`, tok };
  },
  'twilio-api-key': () => val(J('S', 'K', r(HEX, 32))),
  'twilio-auth-token': () => kv('TWILIO_AUTH_TOKEN', r(HEX, 32)),
  'sendgrid-api-key': () => val(J('S', 'G.', r(URLC, 22), '.', r(URLC, 43))),
  'mailgun-api-key': () => kv('MAILGUN_API_KEY', J('ke', 'y-', r(HEX, 32))),
  'mailchimp-api-key': () => val(J(r(HEX, 32), '-u', 's', r(D, 2))),
  'mailchimp-transactional-key': () => val(J('m', 'd-', r(URLC, 22))),
  'postmark-token': () => kv('POSTMARK_SERVER_TOKEN', uuid()),
  'resend-api-key': () => val(J('r', 'e_', r(AN, 8), '_', r(AN, 24))),
  'brevo-api-key': () => val(J('xkey', 'sib-', r(HEX, 64), '-', r(AN, 16))),
  'mailjet-key': () => kv('MAILJET_API_SECRET', r(HEX, 32)),
  'sparkpost-key': () => kv('SPARKPOST_API_KEY', r(HEX, 40)),
  'messagebird-key': () => kv('MESSAGEBIRD_API_KEY', r(AN, 25)),
  'vonage-secret': () => kv('VONAGE_API_SECRET', r(AN, 16)),
  'plivo-token': () => kv('PLIVO_AUTH_TOKEN', r(AN, 40)),
  'sendbird-token': () => kv('SENDBIRD_API_TOKEN', r(HEX, 40)),
  'pusher-secret': () => kv('PUSHER_APP_SECRET', r(HEX, 20)),
  'mattermost-token': () => kv('MATTERMOST_TOKEN', r(az + D, 26)),
  'gitter-token': () => kv('GITTER_TOKEN', r(URLC, 40)),
  'intercom-token': () => val(J('dG9r', 'O', r(B64, 55), '=')),
  'intercom-token-context': () => kv('INTERCOM_ACCESS_TOKEN', r(URLC, 60)),
  'zendesk-token': () => kv('ZENDESK_API_TOKEN', r(AN, 40)),
  'freshdesk-key': () => kv('FRESHDESK_API_KEY', r(AN, 20)),
  'hubspot-private-app-token': () => val(J('pa', 't-na1-', uuid())),
  'hubspot-api-key': () => kv('HUBSPOT_API_KEY', uuid()),
  'zoom-secret': () => kv('ZOOM_CLIENT_SECRET', r(AN, 32)),
  'twitch-token': () => kv('TWITCH_CLIENT_SECRET', r(az + D, 30)),
  'twitter-secret': () => kv('TWITTER_API_SECRET', r(AN, 50)),
  'twitter-access-token': () => kv('TWITTER_ACCESS_TOKEN', J(r(D, 19), '-', r(AN, 30))),
  'twitter-bearer-token': () => kv('TWITTER_BEARER_TOKEN', J('A'.repeat(22), r(AN, 90))),
  'twitter-api-key': () => kv('TWITTER_API_KEY', r(AN, 25)),
  'facebook-access-token': () => val(J('EA', 'AC', r(AN, 150))),
  'facebook-app-secret': () => kv('FACEBOOK_APP_SECRET', r(HEX, 32)),
  'linkedin-secret': () => kv('LINKEDIN_CLIENT_SECRET', r(AN, 16)),
  'nytimes-key': () => kv('NYTIMES_API_KEY', r(URLC, 32)),
  'flickr-key': () => kv('FLICKR_API_KEY', r(az + D, 32)),
  'etsy-key': () => kv('ETSY_API_KEY', r(az + D, 24)),
  'rapidapi-key': () => kv('RAPIDAPI_KEY', r(URLC, 50)),
  'clerk-secret-key': () => kv('CLERK_SECRET_KEY', J('s', 'k_live_', r(AN, 46))),
  'stripe-secret-key': () => val(J('s', 'k_live_', r(AN, 99))),
  'stripe-test-key': () => val(J('r', 'k_test_', r(AN, 99))),
  'stripe-webhook-secret': () => val(J('wh', 'sec_', r(AN, 32))),
  'paypal-braintree-token': () => val(J('access_token', '$production$', r(az + D, 16), '$', r(HEX, 32))),
  'braintree-private-key': () => kv('BRAINTREE_PRIVATE_KEY', r(HEX, 32)),
  'paypal-client-secret': () => kv('PAYPAL_CLIENT_SECRET', J('E', r(URLC, 79))),
  'square-access-token': () => val(J('EA', 'AA', r(URLC, 60))),
  'square-oauth-secret': () => val(J('sq0', 'csp-', r(URLC, 43))),
  'razorpay-key-id': () => val(J('rzp', '_live_', r(AN, 14))),
  'razorpay-secret': () => kv('RAZORPAY_KEY_SECRET', r(AN, 24)),
  'flutterwave-secret-key': () => val(J('FLW', 'SECK-', r('abcdefgh0123456789', 32), '-X')),
  'flutterwave-encryption-key': () => val(J('FLW', 'SECK_TEST', r('abcdefgh0123456789', 12))),
  'paystack-secret': () => kv('PAYSTACK_SECRET_KEY', J('s', 'k_live_', r(HEX, 40))),
  'gocardless-token': () => kv('GOCARDLESS_ACCESS_TOKEN', J('li', 've_', r(URLC, 40))),
  'plaid-access-token': () => kv('PLAID_ACCESS_TOKEN', J('access-', 'production-', uuid())),
  'plaid-secret': () => kv('PLAID_SECRET', r(az + D, 30)),
  'coinbase-secret': () => kv('COINBASE_API_SECRET', r(URLC, 64)),
  'kraken-secret': () => kv('KRAKEN_API_SECRET', r(B64, 88)),
  'kucoin-secret': () => kv('KUCOIN_API_SECRET', uuid()),
  'bittrex-secret': () => kv('BITTREX_API_SECRET', r(az + D, 32)),
  'finnhub-key': () => kv('FINNHUB_API_KEY', r(az + D, 20)),
  'finicity-secret': () => kv('FINICITY_APP_KEY', r(HEX, 32)),
  'freshbooks-token': () => kv('FRESHBOOKS_TOKEN', r(az + D, 64)),
  'shopify-access-token': () => val(J('shp', 'at_', r(HEX, 32))),
  'shopify-shared-secret': () => val(J('shp', 'ss_', r(HEX, 32))),
  'shopify-custom-app-token': () => val(J('shp', 'ca_', r(HEX, 32))),
  'shopify-private-app-token': () => val(J('shp', 'pa_', r(HEX, 32))),
  'squarespace-token': () => kv('SQUARESPACE_API_KEY', uuid()),
  'shippo-token': () => val(J('shippo', '_live_', r(HEX, 40))),
  'easypost-api-key': () => val(J('EZ', 'AK', r(AN, 54))),
  'easypost-test-key': () => val(J('EZ', 'TK', r(AN, 54))),
  'duffel-token': () => val(J('duffel', '_live_', r(URLC, 43))),
  'lob-api-key': () => kv('LOB_API_KEY', J('li', 've_', r(HEX, 35))),
  'adyen-key': () => kv('ADYEN_API_KEY', J('AQ', 'E', r(B64, 120))),
  'clickup-token': () => val(J('p', 'k_', r(D, 8), '_', r(AZ + D, 32))),
  'freemius-secret': () => {
    const tok = J('s', 'k_', r(AN + '<>!;', 29));
    return { text: `<?php $config = array( 'secret_key' => '${tok}' );\n`, tok };
  },
  'notion-token': () => val(J('nt', 'n_', r(D, 11), r(AN, 35))),
  'airtable-pat': () => val(J('pa', 't', r(AN, 14), '.', r(HEX, 64))),
  'airtable-api-key': () => kv('AIRTABLE_API_KEY', J('ke', 'y', r(AN, 14))),
  'linear-api-key': () => val(J('lin', '_api_', r(AN, 40))),
  'linear-oauth-token': () => val(J('lin', '_oauth_', r(HEX, 64))),
  'linear-client-secret': () => kv('LINEAR_CLIENT_SECRET', r(HEX, 32)),
  'asana-pat': () => val(J('2/', r(D, 16), '/', r(D, 16), ':', r(HEX, 32))),
  'asana-client-secret': () => kv('ASANA_CLIENT_SECRET', r(az + D, 32)),
  'figma-pat': () => val(J('fi', 'gd_', r(URLC, 40))),
  'figma-token-legacy': () => kv('FIGMA_TOKEN', J(r(D, 6), '-', uuid())),
  'dropbox-short-lived-token': () => val(J('s', 'l.', r(URLC, 135))),
  'dropbox-long-lived-token': () => kv('DROPBOX_ACCESS_TOKEN', J(r(AN, 11), 'A'.repeat(10), r(URLC, 43))),
  'box-token': () => kv('BOX_CLIENT_SECRET', r(AN, 32)),
  'contentful-pat': () => val(J('CF', 'PAT-', r(URLC, 43))),
  'contentful-delivery-token': () => kv('CONTENTFUL_ACCESS_TOKEN', r(URLC, 43)),
  'typeform-token': () => val(J('tf', 'p_', r(URLC, 59))),
  'frameio-token': () => val(J('fio', '-u-', r(URLC, 64))),
  'adafruit-io-key': () => val(J('ai', 'o_', r(AN, 28))),
  'adafruit-io-key-legacy': () => kv('ADAFRUIT_IO_KEY', r(URLC, 32)),
  'adobe-client-secret': () => val(J('p8', 'e-', r(AN, 32))),
  'okta-token': () => kv('OKTA_API_TOKEN', J('00', r(URLC, 40))),
  'auth0-client-secret': () => kv('AUTH0_CLIENT_SECRET', r(URLC, 64)),
  'authress-key': () => val(J('s', 'c_', r(AN, 12), '.', r(az + D, 5), '.acc', '_', r(az + D, 20), '.', r(B64, 60))),
  'beamer-token': () => kv('BEAMER_API_KEY', J('b', '_', r(URLC, 44))),
  'maxmind-license-key': () => val(J(r(AN, 6), '_', r(AN, 29), '_m', 'mk')),
  'intra42-secret': () => val(J('s-s4', 't2ud-', r(HEX, 64))),
  'sidekiq-credentials': () => {
    const tok = J(r(HEX, 8), ':', r(HEX, 8));
    return { text: `source "https://${tok}@gems.${'contribsys'}.com/"\n`, tok };
  },
  'mapbox-secret-context': () => kv('MAPBOX_DOWNLOAD_TOKEN', J('s', 'k.', r(URLC, 80))),
  'meraki-api-key': () => kv('MERAKI_DASHBOARD_API_KEY', r(HEX, 40)),
  'fastly-api-token': () => kv('FASTLY_API_TOKEN', r(URLC, 32)),
  'looker-client-secret': () => kv('LOOKERSDK_CLIENT_SECRET', r(AN, 24)),
};
const tokStore = { t: '' };

// Publishable keys: claimed by the table, never reported as secrets.
const PUBLIC_SAMPLES = {
  'supabase-publishable-key': () => val(J('sb_', 'publishable_', r(URLC, 32))),
  'posthog-project-key': () => val(J('ph', 'c_', r(AN, 43))),
  'mapbox-public-token': () => val(J('p', 'k.', b64url({ u: r(az, 8), a: r(az + D, 25) }), '.', r(URLC, 22))),
  'stripe-publishable-key': () => val(J('p', 'k_live_', r(AN, 99))),
  'flutterwave-public-key': () => val(J('FLW', 'PUBK-', r('abcdef0123456789', 32), '-X')),
  'lob-publishable-key': () => kv('LOB_PUBLISHABLE_KEY', J('li', 've_pub_', r(HEX, 31))),
};

function only(text, opts) {
  return findProviderSecrets(text, opts);
}

describe('secrets: provider formats as data', () => {
  it('has one table of 150+ providers, unique ids and lower-case keywords', () => {
    const ids = PROVIDER_FORMATS.map((f) => f.id);
    assert.strictEqual(new Set(ids).size, ids.length, 'duplicate ids');
    assert.ok(providerNames().length >= 150, `only ${providerNames().length} providers`);
    for (const f of PROVIDER_FORMATS) {
      assert.ok(f.keywords.length > 0, f.id);
      for (const k of f.keywords) assert.strictEqual(k, k.toLowerCase(), `${f.id} keyword ${k}`);
      assert.ok(f.pattern.global, `${f.id} pattern must be global`);
      assert.match(f.envName, /^[A-Za-z][A-Za-z0-9_]*$/, f.id);
    }
  });

  it('every format has a true sample here (and nothing else)', () => {
    const covered = new Set([...Object.keys(SAMPLES), ...Object.keys(PUBLIC_SAMPLES)]);
    const missing = PROVIDER_FORMATS.map((f) => f.id).filter((id) => !covered.has(id));
    assert.deepStrictEqual(missing, []);
    const unknown = [...covered].filter((id) => !PROVIDER_FORMATS.some((f) => f.id === id));
    assert.deepStrictEqual(unknown, []);
  });

  describe('one true case per format, with the exact range', () => {
    for (const [id, make] of Object.entries(SAMPLES)) {
      it(id, () => {
        const s = make();
        const text = s.text;
        const tok = s.tok;
        const hits = only(text);
        assert.strictEqual(hits.length, 1, `${id}: ${JSON.stringify(hits)}`);
        assert.strictEqual(hits[0].providerId, id);
        assert.strictEqual(text.slice(hits[0].start, hits[0].end), tok);
        assert.ok(hits[0].envName && hits[0].provider && hits[0].severity);
        for (const v of Object.values(hits[0])) if (typeof v === 'string') assert.ok(!v.includes(tok.slice(-12)), 'no value in the hit');
      });
    }
  });

  it('publishable keys are not reported, but are known with includePublic', () => {
    for (const [id, make] of Object.entries(PUBLIC_SAMPLES)) {
      const s = make();
      assert.deepStrictEqual(only(s.text), [], id);
      const pub = only(s.text, { includePublic: true });
      assert.strictEqual(pub.length, 1, id);
      assert.strictEqual(pub[0].providerId, id);
      assert.strictEqual(pub[0].publicNotSecret, true);
    }
  });

  describe('checksums', () => {
    it('GitHub classic tokens with a wrong CRC-32 suffix are rejected', () => {
      for (const p of [J('gh', 'p_'), J('gh', 'o_'), J('gh', 'u_'), J('gh', 's_'), J('gh', 'r_')]) {
        const good = checksummed(p);
        assert.strictEqual(only(`t = "${good}"`).length, 1, p);
        const last = good[good.length - 1];
        const bad = good.slice(0, -1) + (last === 'a' ? 'b' : 'a');
        assert.deepStrictEqual(only(`t = "${bad}"`), [], `${p} with a wrong checksum`);
        // A random 36-character body almost never carries a valid checksum.
        assert.deepStrictEqual(only(`t = "${p}${r(AN, 36)}"`), []);
      }
    });

    it('npm tokens with a wrong CRC-32 suffix are rejected', () => {
      const good = checksummed(J('np', 'm_'));
      assert.strictEqual(only(`//registry.npmjs.org/:_authToken=${good}\n`).length, 1);
      const bad = good.slice(0, 10) + (good[10] === 'Q' ? 'R' : 'Q') + good.slice(11);
      assert.deepStrictEqual(only(`//registry.npmjs.org/:_authToken=${bad}\n`), []);
    });

    it('age secret keys must carry a valid bech32 checksum', () => {
      const data = r('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 52);
      const sum = bech32Checksum('age-secret-key-', data);
      const good = J('AGE-SECRET', '-KEY-1', (data + sum).toUpperCase());
      assert.strictEqual(only(good).length, 1);
      const badSum = sum.slice(0, 5) + (sum[5] === 'q' ? 'p' : 'q');
      assert.deepStrictEqual(only(J('AGE-SECRET', '-KEY-1', (data + badSum).toUpperCase())), []);
    });

    it('a Supabase JWT counts only when its role is service_role', () => {
      const anon = jwt({ iss: 'supabase', role: 'anon', iat: 1700000000 });
      assert.deepStrictEqual(only(`SUPABASE_SERVICE_ROLE_KEY = "${anon}"`), []);
    });
  });

  describe('placeholders and noise are not findings', () => {
    const cases = {
      'masked continuation': () => `STRIPE_SECRET_KEY=${J('s', 'k_live_')}${r(AN, 24)}****\n`,
      'masked with dots': () => `key: ${J('gl', 'pat-')}${r(URLC, 20)}...\n`,
      'x masking': () => `STRIPE_SECRET_KEY=${J('s', 'k_live_')}${'x'.repeat(24)}\n`,
      'X masking inside': () => `token = "${J('lin', '_api_')}${r(AN, 20)}${'X'.repeat(20)}"\n`,
      'bullet masking': () => `token: ${J('S', 'G.')}${r(URLC, 22)}.${r(URLC, 43)}\u2022\u2022\u2022\u2022\n`,
      'angle brackets': () => `Authorization: Bearer <${J('pp', 'lx-')}${r(AN, 48)}>\n`,
      'your- in brackets': () => `export GROQ_API_KEY=<your-${J('gs', 'k_')}${r(AN, 52)}>\n`,
      'mustache template': () => `token: "{{ ${J('sb', 'p_')}${r(HEX, 40)} }}"\n`,
      'dollar template': () => `key = "\${${J('do', 'p_v1_')}${r(HEX, 64)}}"\n`,
      'example in value': () => `key = "${J('AK', 'IA')}IOSFODNN7EXAMPLE"\n`,
      'fake in value': () => `token = "${J('xo', 'xb-')}${r(D, 12)}-${r(D, 13)}-fake${r(AN, 20)}"\n`,
      'dummy in value': () => `token = "${J('lin', '_api_')}dummy${r(AN, 35)}"\n`,
      'sample in value': () => `token = "${J('pn', 'u_')}sample${r(AN, 30)}"\n`,
      '_test_ word part': () => `token = "${J('gl', 'pat-')}my_test_token_123456"\n`,
      'your in value': () => `token = "${J('hf', '_')}yourHuggingFaceTokenGoesHereNowAb"\n`,
      'invalid in value': () => `token = "${J('pu', 'l-')}invalid${r(HEX, 33)}"\n`,
      'redacted': () => `token = "${J('nf', 'p_')}REDACTED${r(AN, 28)}"\n`,
      'repeated characters': () => `token = "${J('sh', 'pat_')}${'a'.repeat(32)}"\n`,
      'ascending run': () => `token = "${J('lin', '_api_')}0123456789abcdefghij0123456789abcdefghij"\n`,
      'two-character body': () => `key: ${J('dap', 'i')}${'ab'.repeat(16)}\n`,
      'documentation placeholder, stripe': () => `stripe.api_key = "${J('s', 'k_test_')}${'X'.repeat(24)}"\n`,
      'uuid without a credential key name': () => `SNYK_ORG_ID = "${uuid()}"\n`,
      'hash near a provider name, no credential word': () => `SENTRY_RELEASE = "${r(HEX, 64)}"\n`,
      'algolia search key is public': () => `ALGOLIA_SEARCH_KEY = "${r(HEX, 32)}"\n`,
      'commit sha': () => `commit: ${r(HEX, 40)}\n`,
      'integrity hash': () => `"integrity": "sha512-${Buffer.from(r(AN, 64)).toString('base64')}"\n`,
      'plain words': () => 'const apiKey = process.env.OPENAI_API_KEY; // sk-proj-... goes in .env\n',
      'public Mapbox token': () => `mapboxgl.accessToken = '${J('p', 'k.')}${b64url({ u: 'me', a: r(az, 25) })}.${r(URLC, 22)}';\n`,
      'Stripe publishable key': () => `const stripe = Stripe('${J('p', 'k_live_')}${r(AN, 60)}');\n`,
    };
    for (const [name, make] of Object.entries(cases)) {
      it(name, () => {
        const text = make();
        assert.deepStrictEqual(only(text), [], text);
      });
    }

    it('looksLikePlaceholderToken judges the run and its surroundings', () => {
      const tok = J('s', 'k_live_', r(AN, 24));
      assert.strictEqual(looksLikePlaceholderToken(tok, 'key=', '\n', { prefixLength: 8 }), false);
      assert.strictEqual(looksLikePlaceholderToken(tok, 'key=', '****', { prefixLength: 8 }), true);
      assert.strictEqual(looksLikePlaceholderToken(tok, '<your-', '>', { prefixLength: 8 }), true);
      assert.strictEqual(looksLikePlaceholderToken(tok, 'x: {{ ', ' }}', { prefixLength: 8 }), true);
      assert.strictEqual(looksLikePlaceholderToken(tok, 'x: ${', '}', { prefixLength: 8 }), true);
      assert.strictEqual(looksLikePlaceholderToken(J('s', 'k_test_', r(AN, 24)), '', '', { prefixLength: 3 }), false, 'sk_test_ is the format');
      assert.strictEqual(looksLikePlaceholderToken(J('tok_', 'test_', r(AN, 24)), '', ''), true, '_test_ outside the format');
      assert.strictEqual(looksLikePlaceholderToken('', '', ''), true);
    });
  });

  describe('keyword pre-filter', () => {
    it('a text without any keyword runs no regex', () => {
      const stats = { regexRuns: 0 };
      const text = 'Lorem ipsum dolor; function f(a, b) { return a + b * 2; }\n'.repeat(200);
      assert.deepStrictEqual(findProviderSecrets(text, { stats }), []);
      assert.strictEqual(stats.regexRuns, 0);
    });

    it('only the formats whose keywords occur run their regex', () => {
      const stats = { regexRuns: 0 };
      const tok = J('lin', '_api_', r(AN, 40));
      const hits = findProviderSecrets(`const linear = "${tok}";\n`, { stats });
      assert.strictEqual(hits.length, 1);
      const expected = mod.candidateFormats(`const linear = "${tok}";\n`).length;
      assert.strictEqual(stats.regexRuns, expected);
      assert.ok(stats.regexRuns <= 5, `ran ${stats.regexRuns} regexes`);
    });

    it('the keyword automaton finds exactly the keywords a plain search finds (any case, any text)', () => {
      const keywords = [...new Set(mod.PROVIDER_FORMATS.flatMap((f) => f.keywords.map((k) => k.toLowerCase())))];
      // ASCII lower-cased, other characters as a NUL (no keyword has one), as the automaton reads text.
      const plain = (text) => {
        const low = text.replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/[^\x00-\x7f]/g, '\0');
        return new Set(keywords.filter((k) => low.includes(k)));
      };
      const piece = fc.oneof(
        fc.constantFrom(...keywords).map((k) => k.slice(0, 1 + Math.floor(k.length / 2))),
        fc.constantFrom(...keywords),
        fc.constantFrom(...keywords).map((k) => k.toUpperCase()),
        fc.string({ maxLength: 4 }),
        fc.constantFrom('é', '\u00e9x', '\u{1f600}', 'ſ', 'K'),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
          const text = pieces.join('');
          assert.deepStrictEqual([...mod.keywordsIn(text)].sort(), [...plain(text)].sort());
        }),
        { numRuns: 3000, seed: 2312 },
      );
      // Every keyword alone, and all of them in one text.
      for (const k of keywords) assert.ok(mod.keywordsIn(`x${k.toUpperCase()}y`).has(k), k);
      assert.strictEqual(mod.keywordsIn(keywords.join(' ')).size, keywords.length);
    });

    it('keywords are matched case-insensitively in one pass', () => {
      const kws = mod.keywordsIn('X = "GHP_" and Hooks.Slack.Com');
      assert.ok(kws.has('ghp_'));
      assert.ok(kws.has('hooks.slack.com'));
    });

    it('a large file with many keywords but no secrets is quick', () => {
      const lines = [];
      for (let i = 0; i < 20000; i++) lines.push(`const token_${i} = getToken("api-key", "${r(HEX, 8)}"); // sk, pat, secret_, re_`);
      const text = lines.join('\n');
      const t0 = process.hrtime.bigint();
      const hits = findProviderSecrets(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.deepStrictEqual(hits, []);
      // Not a timing assertion for CI speed, only a guard against pathological backtracking.
      assert.ok(ms < 5000, `${ms} ms`);
    });
  });

  describe('properties', () => {
    it('arbitrary text never throws and ranges are in bounds and ordered', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 400 }), (text) => {
          const hits = findProviderSecrets(text);
          let prev = -1;
          for (const h of hits) {
            assert.ok(h.start >= 0 && h.end <= text.length && h.start < h.end);
            assert.ok(h.start >= prev, 'sorted, non-overlapping');
            prev = h.end;
          }
        }),
        { numRuns: 300 },
      );
    });

    it('text made of token-ish characters and keywords never throws', () => {
      const kw = fc.constantFrom(...new Set(PROVIDER_FORMATS.flatMap((f) => f.keywords)));
      const piece = fc.oneof(kw, fc.string({ maxLength: 20 }), fc.constantFrom('=', '"', ' ', '\n', '_', '-', '.', ':', 'AA', '****', '<', '>', '{{', '}}'));
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
          const text = parts.join('');
          for (const h of findProviderSecrets(text)) assert.ok(h.start >= 0 && h.end <= text.length && h.start < h.end);
        }),
        { numRuns: 300 },
      );
    });

    it('a valid token inside arbitrary surrounding text is found at its exact range', () => {
      const sep = fc.constantFrom(' ', '\n', '"', "'", '=', ': ', '(', ',');
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), sep, sep, fc.string({ maxLength: 60 }), (pre, s1, s2, post) => {
          const tok = checksummed(J('gh', 'p_'));
          const text = `${pre.replace(/[<{$*.]/g, ' ')}${s1}${tok}${s2}${post}`;
          const at = text.indexOf(tok);
          const hit = findProviderSecrets(text).find((h) => h.start === at);
          assert.ok(hit, text);
          assert.strictEqual(hit.end, at + tok.length);
          assert.strictEqual(hit.providerId, 'github-pat');
        }),
        { numRuns: 200 },
      );
    });
  });
});
