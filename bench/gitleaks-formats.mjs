#!/usr/bin/env node
// Credential formats that gitleaks' public rule list covers: one generated true
// sample per provider (built from the provider's documented token format, not
// from gitleaks' own test strings) and false samples of the kinds gitleaks'
// rules list as must-not-match (placeholders, masked values, words, UUIDs,
// hashes, identifiers, publishable keys, template references).
//
// Prints, in three columns, found/total true samples and flagged/total false samples for
//   (a) findProviderSecrets (the provider table alone),
//   (b) the whole current engine (analyzeDocument on each sample line in a .js file:
//       secretlint's preset, the provider table, generic credentials, one shared judgement),
//   (c) secretlint's recommended preset alone;
// and the provider table's scan speed on this repository's own sources (how many
// formats' regexes the keyword pre-filter lets run per file).
//
// Standalone: `node bench/gitleaks-formats.mjs [-v]` after `npm run build`
// (MAG_DEV=<bundle of the providers entry> for (a), MAG_ENGINE_BUNDLE=<engine
// bundle> for (b)); `bench/run.mjs` can import { runGitleaksFormats }.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);

// ---------------------------------------------------------------------------
// Deterministic random material

function makeRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const A = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hex: '0123456789abcdef',
};
A.alnum = A.lower + A.upper + A.digits;
A.lowernum = A.lower + A.digits;
A.uppernum = A.upper + A.digits;
A.url = A.alnum + '_-';
A.b64 = A.alnum + '+/';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function generator(seed = 20240611) {
  const rnd = makeRng(seed);
  const r = (alphabet, n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const crc = (s) => (typeof zlib.crc32 === 'function' ? zlib.crc32(Buffer.from(s)) : crc32js(s)) >>> 0;
  const b62 = (n) => {
    let s = '';
    do {
      s = BASE62[n % 62] + s;
      n = Math.floor(n / 62);
    } while (n > 0);
    return s.padStart(6, '0');
  };
  const uuid = () => `${r(A.hex, 8)}-${r(A.hex, 4)}-4${r(A.hex, 3)}-a${r(A.hex, 3)}-${r(A.hex, 12)}`;
  const ghTok = (prefix) => {
    const body = r(A.alnum, 30);
    return prefix + body + b62(crc(body));
  };
  const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
  return { r, uuid, ghTok, b64url, rnd };
}

function crc32js(s) {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function bech32Checksum(hrp, data) {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  const values = [];
  for (const c of hrp) values.push(c.charCodeAt(0) >> 5);
  values.push(0);
  for (const c of hrp) values.push(c.charCodeAt(0) & 31);
  for (const c of data) values.push(BECH32.indexOf(c));
  values.push(0, 0, 0, 0, 0, 0);
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= GEN[i];
  }
  const mod = (chk ^ 1) >>> 0;
  let out = '';
  for (let p = 0; p < 6; p++) out += BECH32[(mod >>> (5 * (5 - p))) & 31];
  return out;
}

// ---------------------------------------------------------------------------
// Corpus

/**
 * True samples: one per provider gitleaks has a rule for. `value` is the
 * credential; `key` (for formats that are only a random string) is the
 * variable name that says what it is, as gitleaks' own rules require.
 */
export function trueSamples(seed) {
  const { r, uuid, ghTok, b64url } = generator(seed);
  const s = [];
  const add = (provider, value, key = 'token') => s.push({ provider, key, value });
  add('1password', `A3-${r(A.uppernum, 6)}-${r(A.uppernum, 11)}-${r(A.uppernum, 5)}-${r(A.uppernum, 5)}-${r(A.uppernum, 5)}`);
  add('adafruit', `aio_${r(A.alnum, 28)}`);
  add('adobe', `p8e-${r(A.alnum, 32)}`);
  {
    const data = r(BECH32, 52);
    add('age', `AGE-SECRET-KEY-1${(data + bech32Checksum('age-secret-key-', data)).toUpperCase()}`);
  }
  add('airtable', `pat${r(A.alnum, 14)}.${r(A.hex, 64)}`);
  add('algolia', r(A.hex, 32), 'ALGOLIA_ADMIN_KEY');
  add('alibaba', `LTAI${r(A.alnum, 20)}`);
  add('anthropic', `sk-ant-api03-${r(A.url, 93)}AA`);
  add('anthropic-admin', `sk-ant-admin01-${r(A.url, 93)}AA`);
  add('artifactory', `AKCp${r(A.alnum, 69)}`);
  add('asana', `2/${r(A.digits, 16)}/${r(A.digits, 16)}:${r(A.hex, 32)}`);
  add('atlassian', `ATATT3${r(A.url, 186)}`);
  add('authress', `sc_${r(A.alnum, 12)}.${r(A.lowernum, 5)}.acc_${r(A.lowernum, 20)}.${r(A.b64, 60)}`);
  add('aws', `AKIA${r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`);
  add('azure', `${r(A.alnum, 3)}8Q~${r(A.alnum + '_~.-', 34)}`);
  add('beamer', `b_${r(A.url, 44)}`, 'BEAMER_API_KEY');
  add('bitbucket', r(A.url, 64), 'BITBUCKET_CLIENT_SECRET');
  add('bittrex', r(A.lowernum, 32), 'BITTREX_API_SECRET');
  add('braintree', `access_token$production$${r(A.lowernum, 16)}$${r(A.hex, 32)}`);
  add('cisco-meraki', r(A.hex, 40), 'MERAKI_API_KEY');
  add('clickhouse', `4b1d${r(A.alnum, 38)}`);
  add('clojars', `CLOJARS_${r(A.lowernum, 60)}`);
  add('cloudflare', r(A.url, 40), 'CLOUDFLARE_API_TOKEN');
  add('codecov', r(A.hex, 32), 'CODECOV_TOKEN');
  add('cohere', r(A.alnum, 40), 'COHERE_API_KEY');
  add('coinbase', r(A.url, 64), 'COINBASE_API_SECRET');
  add('confluent', r(A.b64, 64), 'CONFLUENT_API_SECRET');
  add('contentful', `CFPAT-${r(A.url, 43)}`);
  add('databricks', `dapi${r(A.hex, 32)}`);
  add('datadog', r(A.hex, 40), 'DATADOG_APP_KEY');
  add('defined-networking', `dnkey-${r(A.url, 26)}-${r(A.url, 52)}`);
  add('digitalocean', `dop_v1_${r(A.hex, 64)}`);
  add('discord', r(A.url, 32), 'DISCORD_CLIENT_SECRET');
  add('doppler', `dp.pt.${r(A.alnum, 43)}`);
  add('droneci', r(A.alnum, 32), 'DRONECI_TOKEN');
  add('dropbox', `sl.${r(A.url, 135)}`);
  add('duffel', `duffel_live_${r(A.url, 43)}`);
  add('dynatrace', `dt0c01.${r(A.uppernum, 24)}.${r(A.uppernum, 64)}`);
  add('easypost', `EZAK${r(A.alnum, 54)}`);
  add('etsy', r(A.lowernum, 24), 'ETSY_API_KEY');
  add('facebook', r(A.hex, 32), 'FACEBOOK_APP_SECRET');
  add('fastly', r(A.url, 32), 'FASTLY_API_TOKEN');
  add('finicity', r(A.hex, 32), 'FINICITY_APP_KEY');
  add('finnhub', r(A.lowernum, 20), 'FINNHUB_API_KEY');
  add('flickr', r(A.lowernum, 32), 'FLICKR_API_KEY');
  add('flutterwave', `FLWSECK_TEST-${r('abcdefgh0123456789', 32)}-X`);
  add('flyio', `fo1_${r(A.url, 43)}`);
  add('frameio', `fio-u-${r(A.url, 64)}`);
  add('freshbooks', r(A.lowernum, 64), 'FRESHBOOKS_ACCESS_TOKEN');
  add('gcp', `AIza${r(A.url, 35)}`);
  add('github', ghTok('ghp_'));
  add('github-fine-grained', `github_pat_${r(A.alnum, 22)}_${r(A.alnum, 59)}`);
  add('gitlab', `glpat-${r(A.url, 20)}`);
  add('gitter', r(A.url, 40), 'GITTER_TOKEN');
  add('gocardless', `live_${r(A.url, 40)}`, 'GOCARDLESS_ACCESS_TOKEN');
  add('grafana', `glsa_${r(A.alnum, 32)}_${r(A.hex, 8)}`);
  add('groq', `gsk_${r(A.alnum, 52)}`);
  add('harness', `pat.${r(A.url, 22)}.${r(A.alnum, 24)}.${r(A.alnum, 20)}`);
  add('hashicorp-tf', `${r(A.alnum, 14)}.atlasv1.${r(A.url, 67)}`);
  add('hashicorp-vault', `hvs.${r(A.url, 95)}`);
  add('heroku', `HRKU-AA${r(A.url, 58)}`);
  add('hubspot', `pat-na1-${uuid()}`);
  add('huggingface', `hf_${r(A.lower + A.upper, 34)}`);
  add('infracost', `ico-${r(A.alnum, 32)}`);
  add('intercom', r(A.url, 60), 'INTERCOM_ACCESS_TOKEN');
  add('intra42', `s-s4t2ud-${r(A.hex, 64)}`);
  add('jfrog', r(A.alnum, 73), 'JFROG_API_KEY');
  add('kraken', r(A.b64, 88), 'KRAKEN_API_SECRET');
  add('kucoin', r(A.hex, 24), 'KUCOIN_API_SECRET');
  add('langsmith', `lsv2_pt_${r(A.hex, 32)}_${r(A.hex, 10)}`);
  add('launchdarkly', `sdk-${uuid()}`, 'LAUNCHDARKLY_SDK_KEY');
  add('linear', `lin_api_${r(A.alnum, 40)}`);
  add('linkedin', r(A.alnum, 16), 'LINKEDIN_CLIENT_SECRET');
  add('lob', `live_${r(A.hex, 35)}`, 'LOB_API_KEY');
  add('looker', r(A.alnum, 24), 'LOOKER_CLIENT_SECRET');
  add('mailchimp', `${r(A.hex, 32)}-us${r(A.digits, 2)}`);
  add('mailgun', `key-${r(A.hex, 32)}`, 'MAILGUN_API_KEY');
  add('mattermost', r(A.lowernum, 26), 'MATTERMOST_TOKEN');
  add('maxmind', `${r(A.alnum, 6)}_${r(A.alnum, 29)}_mmk`);
  add('messagebird', r(A.alnum, 25), 'MESSAGEBIRD_API_KEY');
  add('microsoft-teams', `https://acme.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${r(A.lowernum, 32)}/${uuid()}`);
  add('netlify', `nfp_${r(A.alnum, 36)}`);
  add('new-relic', `NRAK-${r(A.uppernum, 27)}`);
  add('notion', `ntn_${r(A.digits, 11)}${r(A.alnum, 35)}`);
  add('npm', ghTok('npm_'));
  add('nytimes', r(A.url, 32), 'NYTIMES_API_KEY');
  add('octopus-deploy', `API-${r(A.uppernum, 26)}`);
  add('okta', `00${r(A.url, 40)}`, 'OKTA_API_TOKEN');
  add('openai', `sk-proj-${r(A.url, 74)}T3BlbkFJ${r(A.url, 74)}`);
  add('openshift', `sha256~${r(A.url, 43)}`);
  add('perplexity', `pplx-${r(A.alnum, 48)}`);
  add('plaid', `access-production-${uuid()}`, 'PLAID_ACCESS_TOKEN');
  add('planetscale', `pscale_tkn_${r(A.url, 43)}`);
  add('postman', `PMAK-${r(A.hex, 24)}-${r(A.hex, 34)}`);
  add('prefect', `pnu_${r(A.alnum, 36)}`);
  add('private-key', `-----BEGIN PRIVATE KEY-----\\n${r(A.b64, 64)}\\n${r(A.b64, 64)}\\n-----END PRIVATE KEY-----`);
  add('privateai', r(A.lowernum, 32), 'PRIVATEAI_API_KEY');
  add('pulumi', `pul-${r(A.hex, 40)}`);
  add('pypi', `pypi-AgEIcHlwaS5vcmc${r(A.url, 70)}`);
  add('rapidapi', r(A.url, 50), 'RAPIDAPI_KEY');
  add('readme', `rdme_${r(A.lowernum, 70)}`);
  add('rubygems', `rubygems_${r(A.hex, 48)}`);
  add('scalingo', `tk-us-${r(A.url, 48)}`);
  add('sendbird', r(A.hex, 40), 'SENDBIRD_API_TOKEN');
  add('sendgrid', `SG.${r(A.url, 22)}.${r(A.url, 43)}`);
  add('sendinblue', `xkeysib-${r(A.hex, 64)}-${r(A.alnum, 16)}`);
  add('sentry', `sntryu_${r(A.hex, 64)}`);
  add('settlemint', `sm_pat_${r(A.alnum, 16)}`);
  add('shippo', `shippo_live_${r(A.hex, 40)}`);
  add('shopify', `shpat_${r(A.hex, 32)}`);
  add('sidekiq', `https://${r(A.hex, 8)}:${r(A.hex, 8)}@gems.contribsys.com/`);
  add('slack', `xoxb-${r(A.digits, 12)}-${r(A.digits, 13)}-${r(A.alnum, 24)}`);
  add('slack-webhook', `https://hooks.slack.com/services/T${r(A.uppernum, 8)}/B${r(A.uppernum, 10)}/${r(A.alnum, 24)}`);
  add('snyk', uuid(), 'SNYK_TOKEN');
  add('sonar', `squ_${r(A.hex, 40)}`);
  add('sourcegraph', `sgp_${r(A.hex, 16)}_${r(A.hex, 40)}`);
  add('square', `sq0atp-${r(A.url, 22)}`);
  add('squarespace', uuid(), 'SQUARESPACE_API_KEY');
  add('stripe', `sk_live_${r(A.alnum, 99)}`);
  add('sumologic', r(A.alnum, 64), 'SUMOLOGIC_ACCESS_KEY');
  add('telegram', `${r('123456789', 1)}${r(A.digits, 9)}:AA${r(A.url, 33)}`, 'TELEGRAM_BOT_TOKEN');
  add('travisci', r(A.alnum, 22), 'TRAVIS_TOKEN');
  add('twilio', `SK${r(A.hex, 32)}`);
  add('twitch', r(A.lowernum, 30), 'TWITCH_CLIENT_SECRET');
  add('twitter', r(A.alnum, 50), 'TWITTER_API_SECRET');
  add('typeform', `tfp_${r(A.url, 59)}`);
  add('yandex', `AQVN${r(A.url, 36)}`);
  add('zendesk', r(A.alnum, 40), 'ZENDESK_API_TOKEN');
  add('mapbox-secret', `sk.${b64url({ u: r(A.lowernum, 8), a: r(A.lowernum, 25) })}.${r(A.url, 22)}`);
  add('jwt', `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: r(A.digits, 10), name: 'x', iat: 1516239022 })}.${r(A.url, 43)}`, 'SESSION_JWT');
  add('dropbox-long-lived', `${r(A.alnum, 11)}AAAAAAAAAA${r(A.url, 43)}`, 'DROPBOX_ACCESS_TOKEN');
  add('curl-auth-header', `curl -H "Authorization: Bearer ${r(A.alnum, 40)}" https://api.example.net`, 'cmd');
  return s;
}

/** False samples: what gitleaks' rules and allowlists treat as must-not-match. */
export function falseSamples(seed) {
  const { r, uuid } = generator(seed + 1);
  const s = [];
  const add = (kind, key, value) => s.push({ kind, key, value });
  // Placeholders and masked values in provider shapes.
  add('placeholder', 'STRIPE_SECRET_KEY', 'sk_live_' + 'x'.repeat(24));
  add('placeholder', 'STRIPE_SECRET_KEY', 'sk_live_' + 'X'.repeat(32));
  add('masked', 'STRIPE_SECRET_KEY', 'sk_live_' + r(A.alnum, 6) + '*'.repeat(20));
  add('masked', 'GITHUB_TOKEN', 'ghp_' + '*'.repeat(36));
  add('masked', 'GITHUB_TOKEN', 'ghp_' + r(A.alnum, 4) + '...' );
  add('placeholder', 'GITHUB_TOKEN', '<your-github-token>');
  add('placeholder', 'OPENAI_API_KEY', '<sk-your-openai-key>');
  add('placeholder', 'OPENAI_API_KEY', 'sk-proj-your-key-here');
  add('placeholder', 'ANTHROPIC_API_KEY', 'sk-ant-api03-...');
  add('placeholder', 'SLACK_BOT_TOKEN', 'xo' + 'xb-your-bot-token');
  add('placeholder', 'SLACK_BOT_TOKEN', 'xo' + 'xb-' + '0'.repeat(10) + '-' + '0'.repeat(13) + '-' + 'x'.repeat(24));
  add('placeholder', 'AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE');
  add('placeholder', 'AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  add('placeholder', 'AWS_ACCESS_KEY_ID', 'AKIA' + 'X'.repeat(16));
  add('placeholder', 'SENDGRID_API_KEY', 'SG.' + 'x'.repeat(22) + '.' + 'x'.repeat(43));
  add('placeholder', 'NPM_TOKEN', 'npm_' + 'a'.repeat(36));
  add('placeholder', 'DIGITALOCEAN_TOKEN', 'dop_v1_' + '0'.repeat(64));
  add('placeholder', 'GITLAB_TOKEN', 'glpat-' + 'x'.repeat(20));
  add('placeholder', 'LINEAR_API_KEY', 'lin_api_' + '0123456789'.repeat(4));
  add('placeholder', 'HF_TOKEN', 'hf_' + 'abcdefghijklmnopqrstuvwxyzabcdefgh');
  add('placeholder', 'api_key', 'your_api_key_here');
  add('placeholder', 'api_key', 'YOUR_API_KEY');
  add('placeholder', 'secret', 'changeme');
  add('placeholder', 'password', 'password');
  add('placeholder', 'token', 'dummy-token-for-tests');
  add('placeholder', 'token', 'fake_token_' + r(A.alnum, 12));
  add('placeholder', 'api_key', 'test_api_key_invalid');
  add('placeholder', 'client_secret', 'REDACTED');
  add('placeholder', 'DATADOG_API_KEY', '<DATADOG_API_KEY>');
  add('placeholder', 'TWILIO_AUTH_TOKEN', 'your_auth_token');
  add('placeholder', 'COHERE_API_KEY', 'your-cohere-api-key');
  // Template references and interpolation.
  add('template', 'api_key', '${API_KEY}');
  add('template', 'token', '$GITHUB_TOKEN');
  add('template', 'secret', '{{ .Values.secret }}');
  add('template', 'token', '${{ secrets.NPM_TOKEN }}');
  add('template', 'password', '%DB_PASSWORD%');
  add('template', 'api_key', '@API_KEY@');
  add('template', 'api_key', '{0}');
  add('template', 'token', '%s');
  add('template', 'auth', 'Bearer ${token}');
  add('template', 'STRIPE_SECRET_KEY', '{{ stripe_secret_key }}');
  // Words and identifiers.
  add('word', 'access', 'public');
  add('word', 'access', 'readonly');
  add('word', 'auth', 'oauth2');
  add('word', 'token_type', 'bearer');
  add('word', 'keyboard', 'qwerty');
  add('word', 'key', 'enter');
  add('word', 'api_version', 'v1beta');
  add('identifier', 'token', 'accessTokenExpiresAt');
  add('identifier', 'secret', 'clientSecretRef');
  add('identifier', 'key', 'SOME_ENV_VARIABLE_NAME');
  add('identifier', 'auth', 'authentication.middleware');
  add('identifier', 'password_field', 'passwordConfirmation');
  add('identifier', 'token', 'next_page_token');
  add('identifier', 'api_key_header', 'X-Api-Key');
  add('identifier', 'secret_name', 'my-app-credentials');
  add('identifier', 'credentials', 'include');
  add('identifier', 'key', 'ctrl+shift+down');
  // UUIDs, hashes, ids.
  for (let i = 0; i < 4; i++) add('uuid', ['request_id', 'trace_id', 'tenant_id', 'correlation_id'][i], uuid());
  add('uuid', 'key', uuid());
  add('hash', 'commit', r(A.hex, 40));
  add('hash', 'sha256', r(A.hex, 64));
  add('hash', 'md5', r(A.hex, 32));
  add('hash', 'integrity', 'sha512-' + Buffer.from(r(A.alnum, 64)).toString('base64'));
  add('hash', 'checksum', 'sha256:' + r(A.hex, 64));
  add('hash', 'etag', 'W/"' + r(A.hex, 32) + '"');
  add('id', 'account_id', r(A.digits, 12));
  add('id', 'client_id', r(A.digits, 21) + '.apps.googleusercontent.com');
  add('id', 'image', 'nginx@sha256:' + r(A.hex, 64));
  add('id', 'arn', 'arn:aws:iam::' + r(A.digits, 12) + ':role/deploy');
  add('id', 'key_path', 'keys/server.key');
  add('id', 'cert_file', '/etc/ssl/private/tls.key');
  add('id', 'url', 'https://api.example.com/v1/tokens');
  add('id', 'redis_host', 'cache.internal:6379');
  add('id', 'version', '1.2.3-beta.4');
  add('id', 'color', '#a1b2c3');
  add('id', 'data', 'data:image/png;base64,iVBORw0KGgo');
  add('id', 'model', 'sentence-transformers/all-MiniLM-L6-v2');
  add('id', 'twilio_account_sid_label', 'Account SID');
  // Public keys: publishable by design.
  add('public', 'MAPBOX_ACCESS_TOKEN', `pk.${Buffer.from(JSON.stringify({ u: r(A.lowernum, 8), a: r(A.lowernum, 25) })).toString('base64url')}.${r(A.url, 22)}`);
  add('public', 'STRIPE_PUBLISHABLE_KEY', 'pk_live_' + r(A.alnum, 99));
  add('public', 'STRIPE_PUBLISHABLE_KEY', 'pk_test_' + r(A.alnum, 99));
  add('public', 'POSTHOG_KEY', 'phc_' + r(A.alnum, 43));
  add('public', 'SUPABASE_ANON_KEY', `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ iss: 'supabase', role: 'anon', iat: 1700000000 })).toString('base64url')}.${r(A.url, 43)}`);
  add('public', 'FLW_PUBLIC_KEY', `FLWPUBK_TEST-${r('abcdef0123456789', 32)}-X`);
  add('public', 'LOB_PUBLISHABLE_KEY', `live_pub_${r(A.hex, 31)}`);
  add('public', 'public_key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI' + r(A.b64, 43) + ' user@host');
  add('public', 'recaptcha_site_key', '6L' + r(A.url, 38));
  add('public', 'sentry_dsn', `https://${r(A.hex, 32)}@o${r(A.digits, 6)}.ingest.sentry.io/${r(A.digits, 7)}`);
  // Lower-case word-like values and prose.
  add('prose', 'description', 'the api key is stored in the vault');
  add('prose', 'password_hint', 'at least eight characters');
  add('prose', 'token', 'undefined');
  add('prose', 'secret', 'null');
  add('prose', 'api_key', 'none');
  add('prose', 'auth_mode', 'token');
  add('prose', 'secret_length', '32');
  // Provider names next to ids and hashes that are not credentials.
  add('provider-id', 'SNYK_ORG_ID', uuid());
  add('provider-id', 'HEROKU_APP_ID', uuid());
  add('provider-id', 'LINEAR_TEAM_ID', r(A.hex, 32));
  add('provider-id', 'DATADOG_SITE', 'datadoghq.eu');
  add('provider-id', 'SENTRY_RELEASE', r(A.hex, 40));
  add('provider-id', 'ALGOLIA_SEARCH_KEY', r(A.hex, 32));
  add('provider-id', 'ALGOLIA_APP_ID', r(A.uppernum, 10));
  add('provider-id', 'TWITCH_CHANNEL', 'somestreamer');
  add('provider-id', 'CODECOV_COMMIT', r(A.hex, 40));
  add('provider-id', 'SQUARESPACE_SITE_ID', uuid());
  add('provider-id', 'CLOUDFLARE_ZONE_ID', r(A.hex, 32));
  add('provider-id', 'CLOUDFLARE_ACCOUNT_ID', r(A.hex, 32));
  add('provider-id', 'MIXPANEL_PROJECT_TOKEN', r(A.hex, 32));
  add('provider-id', 'PINECONE_INDEX_HOST', 'my-index-' + r(A.lowernum, 7) + '.svc.pinecone.io');
  add('provider-id', 'OKTA_CLIENT_ID', '0oa' + r(A.alnum, 17));
  add('provider-id', 'TWILIO_ACCOUNT_SID', 'AC' + r(A.hex, 32));
  return s;
}

const camel = (k) => k.toLowerCase().replace(/[_-]([a-z0-9])/g, (_, c) => c.toUpperCase());

/**
 * How a sample appears in a JavaScript file. The assignment style varies
 * with the sample (declaration, object property, JSON-ish key, member
 * assignment), as it does in real code.
 */
export function sampleLine(sample, index = 0) {
  const key = sample.key || 'token';
  const v = sample.value;
  if (key === 'cmd') return `const cmd = \`${v}\`;`;
  const ident = /^[A-Za-z_$][\w$]*$/.test(key) ? key : 'value';
  switch (index % 4) {
    case 1:
      return `module.exports = { ${camel(ident)}: '${v}' };`;
    case 2:
      return `const config = { "${key}": "${v}" };`;
    case 3:
      return `settings.${camel(ident)} = \`${v}\`;`;
    default:
      return `const ${ident} = "${v}";`;
  }
}

// ---------------------------------------------------------------------------
// Scanners

function loadProviders() {
  if (process.env.MAG_DEV) return require(path.resolve(process.env.MAG_DEV));
  try {
    return require(path.join(ROOT, 'dist', 'engine.js')).internals?.secretProviders;
  } catch {
    return undefined;
  }
}

function loadEngine() {
  try {
    return require(process.env.MAG_ENGINE_BUNDLE ? path.resolve(process.env.MAG_ENGINE_BUNDLE) : path.join(ROOT, 'dist', 'engine.js'));
  } catch {
    return undefined;
  }
}

async function loadSecretlint() {
  try {
    const core = await import('@secretlint/core');
    const preset = await import('@secretlint/secretlint-rule-preset-recommend');
    try {
      const prof = await import('@secretlint/profiler');
      if (prof.secretLintProfiler) prof.secretLintProfiler.mark = () => undefined;
    } catch {
      /* profiler optional */
    }
    return async (content) => {
      const res = await core.lintSource({
        source: { content, filePath: path.join(ROOT, 'sample.js'), contentType: 'text' },
        options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] }, maskSecrets: true },
      });
      return res.messages.length;
    };
  } catch {
    return undefined;
  }
}

/** Source files of this repository (server, client, tests, examples, docs), up to `maxBytes`. */
function corpusFiles(maxBytes = 4 * 1024 * 1024) {
  const out = [];
  let bytes = 0;
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (bytes >= maxBytes) return;
      if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|json|ya?ml|md|py|go|tf|sh|env|toml)$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        if (text.length > 400000) continue;
        out.push(text);
        bytes += text.length;
      }
    }
  };
  for (const d of ['server', 'client', 'test', 'examples', 'docs', 'bench']) walk(path.join(ROOT, d));
  return { texts: out, bytes };
}

/** The provider table's throughput, and how many formats' regexes the keyword pre-filter lets run per file. */
function providerSpeed(providers) {
  const { texts, bytes } = corpusFiles();
  if (!texts.length) return undefined;
  const formats = providers.PROVIDER_FORMATS?.length ?? 0;
  for (const t of texts.slice(0, 20)) providers.findProviderSecrets(t); // warm up
  const stats = { regexRuns: 0 };
  const t0 = process.hrtime.bigint();
  for (const t of texts) providers.findProviderSecrets(t, { stats });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { files: texts.length, bytes, ms, mbPerSecond: bytes / 1048576 / (ms / 1000), regexRunsPerFile: stats.regexRuns / texts.length, formats };
}

/** Runs the corpus through each scanner; returns the figures. */
export async function runGitleaksFormats({ seed = 20240611, engine = true, secretlint = true } = {}) {
  const trues = trueSamples(seed);
  const falses = falseSamples(seed);
  const result = { trueTotal: trues.length, falseTotal: falses.length, scanners: {} };

  const providers = loadProviders();
  if (providers?.findProviderSecrets) {
    const missed = [];
    const flagged = [];
    let found = 0;
    for (const t of trues) {
      const line = sampleLine(t, trues.indexOf(t));
      const start = line.indexOf(t.value);
      const hits = providers.findProviderSecrets(line);
      if (hits.some((h) => h.start < start + t.value.length && h.end > start)) found++;
      else missed.push(t.provider);
    }
    for (const [i, f] of falses.entries()) if (providers.findProviderSecrets(sampleLine(f, i)).length) flagged.push(`${f.kind}:${f.key}`);
    result.scanners.providers = { found, flagged: flagged.length, missed, flaggedKinds: flagged };
    result.speed = providerSpeed(providers);
  }

  const eng = engine ? loadEngine() : undefined;
  if (eng?.analyzeDocument) {
    const isSecret = (f) => f.category === 'secret' || /^secret|^secretlint\//.test(f.ruleId);
    const missed = [];
    const flagged = [];
    let found = 0;
    for (const [i, t] of trues.entries()) {
      const fs = await eng.analyzeDocument({ path: '/bench/ws/sample.js', text: sampleLine(t, i) + '\n' });
      if (fs.some(isSecret)) found++;
      else missed.push(t.provider);
    }
    for (const [i, f] of falses.entries()) {
      const fs = await eng.analyzeDocument({ path: '/bench/ws/sample.js', text: sampleLine(f, i) + '\n' });
      if (fs.some(isSecret)) flagged.push(`${f.kind}:${f.key}`);
    }
    result.scanners.engine = { found, flagged: flagged.length, missed, flaggedKinds: flagged };
  }

  const lint = secretlint ? await loadSecretlint() : undefined;
  if (lint) {
    const missed = [];
    const flagged = [];
    let found = 0;
    for (const [i, t] of trues.entries()) {
      if ((await lint(sampleLine(t, i) + '\n')) > 0) found++;
      else missed.push(t.provider);
    }
    for (const [i, f] of falses.entries()) if ((await lint(sampleLine(f, i) + '\n')) > 0) flagged.push(`${f.kind}:${f.key}`);
    result.scanners.secretlint = { found, flagged: flagged.length, missed, flaggedKinds: flagged };
  }
  return result;
}

export function formatGitleaksFormats(res, { verbose = false } = {}) {
  const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) : '0.0');
  const lines = [`gitleaks-documented formats: ${res.trueTotal} true samples (one per provider), ${res.falseTotal} false samples`];
  const names = { providers: '(a) provider table', engine: '(b) whole engine', secretlint: '(c) secretlint preset' };
  const keys = Object.keys(res.scanners);
  const W = 24;
  const cell = (n, d) => `${n}/${d} (${pct(n, d)}%)`.padEnd(W);
  lines.push(''.padEnd(24) + keys.map((k) => names[k].padEnd(W)).join(''));
  lines.push('true samples found'.padEnd(24) + keys.map((k) => cell(res.scanners[k].found, res.trueTotal)).join(''));
  lines.push('false samples flagged'.padEnd(24) + keys.map((k) => cell(res.scanners[k].flagged, res.falseTotal)).join(''));
  lines.push(`targets: found >= 75%, flagged <= 2%`);
  if (res.speed) {
    const s = res.speed;
    lines.push(
      `provider table speed: ${s.files} files, ${(s.bytes / 1048576).toFixed(1)} MB in ${s.ms.toFixed(0)} ms (${s.mbPerSecond.toFixed(1)} MB/s); keyword pre-filter: ${s.regexRunsPerFile.toFixed(1)} of ${s.formats} formats' regexes run per file`,
    );
  }
  if (verbose) {
    for (const k of keys) {
      lines.push(`${names[k]}`);
      lines.push(`    missed: ${res.scanners[k].missed.join(', ') || '-'}`);
      lines.push(`    flagged: ${res.scanners[k].flaggedKinds.join(', ') || '-'}`);
    }
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const res = await runGitleaksFormats({ engine: !argv.includes('--no-engine'), secretlint: !argv.includes('--no-secretlint') });
  console.log(formatGitleaksFormats(res, { verbose: argv.includes('--verbose') || argv.includes('-v') }));
}
