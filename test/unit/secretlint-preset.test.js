'use strict';
// One true positive (and near-miss negatives) per detection rule of secretlint's
// recommended preset, as the engine maps them: @secretlint/secretlint-rule-X -> secretlint/X.
// Patterns and options are those of @secretlint/secretlint-rule-preset-recommend 12.0.0
// (node_modules/@secretlint/secretlint-rule-preset-recommend/module/index.js).
//
// Every fake credential is assembled at run time from pieces and rand(): this file
// holds no literal that secretlint, our engine or a push-protection scanner would flag.
const assert = require('assert');
const { analyze, textAt, rand, engine } = require('../helpers');

const { DIGITS, HEX, LETTERS, ALNUM, B64, URLSAFE, UPPER_ALNUM, PRIV, pemArmor, derBody, serviceAccountJson, onePasswordToken } = require('../fake-alphabets');

// ---------------------------------------------------------------- fake values
const OPENAI_MARK = 'T3Blbk' + 'FJ'; // base64 of "OpenAI", required by the rule
const AWS_DOC_EXAMPLE = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCY' + 'EXAMPLEKEY'; // AWS docs; secretlint's built-in allow

const V = {
  aws: rand(39, B64, 101) + 'Q', // the rule ends in \b: last char must be a word character
  gcpKey: derBody(102),
  privateKey: derBody(103),
  npm: 'npm' + '_' + rand(36, ALNUM, 104),
  npmAction: 'npm' + '_' + rand(36, ALNUM, 105),
  basicPass: rand(16, ALNUM, 106),
  slack: ['xox' + 'b', rand(13, DIGITS, 107), rand(13, DIGITS, 108), rand(24, ALNUM, 109)].join('-'),
  slackHook: `https://hooks.slack.com/services/T${rand(10, UPPER_ALNUM, 110)}/B${rand(10, UPPER_ALNUM, 111)}/${rand(24, ALNUM, 112)}`,
  sendgrid: 'S' + 'G.' + rand(22, ALNUM, 113) + '.' + rand(43, ALNUM, 114), // 69 characters
  shopify: 'shp' + 'at_' + rand(32, HEX, 115),
  github: 'gh' + 'p_' + rand(36, ALNUM, 116),
  githubFine: 'github' + '_pat_' + rand(22, ALNUM, 117) + '_' + rand(59, ALNUM, 118),
  gitlab: 'gl' + 'pat-' + rand(20, ALNUM, 119),
  grafanaSa: 'gl' + 'sa_' + rand(32, ALNUM, 120) + '_' + rand(8, HEX, 121),
  grafanaCloud:
    'gl' + 'c_' +
    Buffer.from(JSON.stringify({ o: rand(6, DIGITS, 122), n: `stack-${rand(6, DIGITS, 123)}-alloy`, k: rand(24, ALNUM, 124), m: { r: 'prod-eu-west-2' } })).toString('base64'),
  openai: 'sk-' + 'proj-' + rand(74, URLSAFE, 125) + OPENAI_MARK + rand(74, URLSAFE, 126),
  anthropic: 'sk-' + 'ant-' + 'api03-' + rand(93, URLSAFE, 127) + 'AA',
  groq: 'gs' + 'k_' + rand(52, ALNUM, 128),
  huggingface: 'h' + 'f_' + rand(34, LETTERS, 129),
  linear: 'lin' + '_api_' + rand(40, ALNUM, 130),
  notion: 'nt' + 'n_' + rand(11, DIGITS, 131) + rand(35, ALNUM, 132),
  onePassword: onePasswordToken(133),
  dbPass: rand(18, ALNUM, 145),
  mongoPass: rand(20, ALNUM, 146),
  vault: 'hv' + 's.' + rand(91, URLSAFE, 147),
  vercel: 'vc' + 'p_' + rand(24, ALNUM, 148),
  databricks: 'da' + 'pi' + rand(32, HEX, 149) + '-2',
  docker: 'dckr' + '_pat_' + rand(27, URLSAFE, 150),
  figma: 'fi' + 'gd_' + rand(40, URLSAFE, 151),
};

// ---------------------------------------------------------------- cases
// range: how the finding's range relates to the fake value
//   'exact'    the range is the value
//   'contains' the range holds the whole value (and some context: PEM armour, URL, whole file)
//   'overlaps' the range holds a part of the value (secretlint reports it from the label on; see
//              "known engine issues" at the end)
const CASES = [
  {
    rule: 'secretlint/aws',
    title: 'an AWS secret access key passed to boto3 (Python)',
    file: '/ws/orders/storage.py',
    text:
      'import boto3\n\n' +
      `s3 = boto3.client("s3", region_name="eu-west-1", aws_access_key_id=KEY_ID, aws_secret_access_key="${V.aws}")\n`,
    value: V.aws,
    // The rule reports [start of "aws_secret_access_key", +40): label and the first part of the key.
    range: 'overlaps',
    negatives: [
      {
        title: "AWS's documented example key (secretlint's built-in allow)",
        file: '/ws/.aws/credentials.ini',
        text: `[default]\naws_access_key_id = ${'AKIA' + 'IOSFODNN7' + 'EXAMPLE'}\naws_secret_access_key = ${AWS_DOC_EXAMPLE}\n`,
      },
      {
        title: 'a key read from the environment',
        file: '/ws/orders/storage.py',
        text: 'import os\ns3 = boto3.client("s3", aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])\n',
      },
      {
        title: 'a 39-character value (too short for a secret access key)',
        file: '/ws/.aws/credentials.ini',
        text: `[default]\naws_secret_access_key = ${V.aws.slice(1)}\n`,
      },
    ],
  },
  {
    rule: 'secretlint/gcp',
    title: 'a service-account key file (JSON with private_key_id and a PEM private_key)',
    file: '/ws/deploy/orders-prod-sa.json',
    text: serviceAccountJson('orders-prod-4821', pemArmor('', V.gcpKey) + '\n', 160),
    // As it appears in the file: JSON-escaped newlines between the 64-character lines.
    value: V.gcpKey.match(/.{1,64}/g).join('\\n'),
    range: 'contains', // the rule reports the whole file
    negatives: [
        // secretlint/gcp matches this (it only checks for a BEGIN line); the engine's placeholder filter drops it.
      {
        title: 'a service-account template whose private_key is a placeholder',
        file: '/ws/deploy/sa.template.json',
        text: serviceAccountJson('orders-prod-4821', `-----BEGIN ${PRIV}-----\n<paste the key here>\n-----END ${PRIV}-----\n`, 161),
      },
      {
        title: 'an OAuth client file (client_secret.json has no private key)',
        file: '/ws/client_secret.json',
        text: JSON.stringify({ installed: { client_id: `${rand(12, DIGITS, 162)}-app.apps.googleusercontent.com`, project_id: 'orders-prod-4821', auth_uri: 'https://accounts.google.com/o/oauth2/auth', redirect_uris: ['http://localhost'] } }, null, 2),
      },
      {
        // The rule only inspects .json (and .p12) files; secretlint/privatekey still reports the PEM.
        title: 'the same key file saved with a .txt extension (gcp only inspects .json)',
        file: '/ws/deploy/orders-prod-sa.txt',
        text: serviceAccountJson('orders-prod-4821', pemArmor('', V.gcpKey) + '\n', 160),
      },
    ],
  },
  {
    rule: 'secretlint/privatekey',
    title: 'an RSA private key in a JS template literal',
    file: '/ws/auth/sign.js',
    text: `const jwt = require('jsonwebtoken');\nconst KEY = \`${pemArmor('RSA ', V.privateKey)}\`;\nmodule.exports = (claims) => jwt.sign(claims, KEY, { algorithm: 'RS256' });\n`,
    value: V.privateKey.match(/.{1,64}/g).join('\n'),
    range: 'contains', // the whole PEM block, armour included
    negatives: [
      {
        title: 'a README placeholder block',
        file: '/ws/README.md',
        text: `Put the key in \`key.pem\`:\n\n    -----BEGIN ${PRIV}-----\n    ...\n    -----END ${PRIV}-----\n`,
      },
      {
        title: 'a block of base64 that is not DER (fails the "MI" magic-byte check)',
        file: '/ws/auth/key.pem',
        text: pemArmor('RSA ', 'QUJD' + rand(1180, B64, 163)) + '\n',
      },
      {
        title: 'a public key',
        file: '/ws/auth/jwt.pub',
        text: ['-----BEGIN PUBLIC KEY-----', ...derBody(164, 380).match(/.{1,64}/g), '-----END PUBLIC KEY-----', ''].join('\n'),
      },
    ],
  },
  {
    rule: 'secretlint/npm',
    title: 'an npm access token as _authToken in .npmrc',
    file: '/ws/.npmrc',
    text: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${V.npm}\nalways-auth=true\n`,
    value: V.npm,
    // The .npmrc branch reports [start of "_authToken=", +token length).
    range: 'overlaps',
    negatives: [
      {
        title: '_authToken=${NPM_TOKEN} (secretlint issue #302)',
        file: '/ws/.npmrc',
        text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n',
      },
      {
        title: 'an npm_ token one character short',
        file: '/ws/.github/workflows/release.yml',
        text: `      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${V.npmAction.slice(0, -1)}\n`,
      },
    ],
  },
  {
    rule: 'secretlint/npm',
    title: 'an npm access token in a GitHub Actions workflow (no .npmrc context needed)',
    file: '/ws/.github/workflows/release.yml',
    text: `      - run: npm publish --access public\n        env:\n          NODE_AUTH_TOKEN: ${V.npmAction}\n`,
    value: V.npmAction,
    range: 'exact',
    negatives: [],
  },
  {
    rule: 'secretlint/basicauth',
    title: 'credentials in a git remote URL (shell)',
    file: '/ws/scripts/deploy.sh',
    text: `#!/bin/sh\nset -e\ngit clone https://deploy-bot:${V.basicPass}@git.acme-internal.io/team/orders.git /srv/orders\n`,
    value: V.basicPass,
    range: 'contains', // the URL up to the host
    negatives: [
      {
        title: 'user and password from variables',
        file: '/ws/scripts/deploy.sh',
        text: 'git clone https://${GIT_USER}:${GIT_TOKEN}@git.acme-internal.io/team/orders.git\n',
      },
      {
        title: "secretlint's documented placeholders (myusername:mypassword)",
        file: '/ws/README.md',
        text: 'git clone https://myusername:mypassword@git.acme-internal.io/team/orders.git\n',
      },
    ],
  },
  {
    rule: 'secretlint/slack',
    title: 'a Slack bot token (Python)',
    file: '/ws/bot/app.py',
    text: `from slack_bolt import App\n\napp = App(token="${V.slack}", signing_secret=os.environ["SLACK_SIGNING_SECRET"])\n`,
    value: V.slack,
    range: 'exact',
    negatives: [
        // secretlint matches this; the engine's placeholder filter drops it.
      {
        title: 'a bot token placeholder (xoxb + "-your-token-here")',
        file: '/ws/bot/app.py',
        text: 'app = App(token="' + 'xox' + 'b-your-token-here")\n',
      },
        // secretlint matches this; the engine's placeholder filter drops it.
      {
        title: "Slack's documented webhook example (T00000000/B00000000/XXXX...)",
        file: '/ws/alerts.yaml',
        text: `webhook_url: https://hooks.slack.com/services/T00000000/B00000000/${'X'.repeat(24)}\n`,
      },
    ],
  },
  {
    rule: 'secretlint/slack',
    title: 'a Slack incoming-webhook URL (YAML)',
    file: '/ws/alerts.yaml',
    text: `alerts:\n  channel: "#ops"\n  webhook_url: ${V.slackHook}\n`,
    value: V.slackHook,
    range: 'exact',
    negatives: [],
  },
  {
    rule: 'secretlint/sendgrid',
    title: 'a SendGrid API key in .env',
    file: '/ws/.env',
    text: `NODE_ENV=production\nSENDGRID_API_KEY=${V.sendgrid}\nMAIL_FROM=orders@acme.io\n`,
    value: V.sendgrid,
    range: 'exact',
    negatives: [
      {
        title: 'a 68-character SG. value (real keys are 69)',
        file: '/ws/.env',
        text: `SENDGRID_API_KEY=${V.sendgrid.slice(0, -1)}\n`,
      },
      {
        title: 'SG.your-api-key placeholder',
        file: '/ws/.env.example',
        text: 'SENDGRID_API_KEY=' + 'S' + 'G.your_api_key.goes_here\n',
      },
    ],
  },
  {
    rule: 'secretlint/shopify',
    title: 'a Shopify Admin API access token (JS)',
    file: '/ws/shop/client.js',
    text: `const shopify = shopifyApi({ adminApiAccessToken: '${V.shopify}', hostName: 'acme.myshopify.com' });\n`,
    value: V.shopify,
    range: 'exact',
    negatives: [
        // secretlint matches this; the engine's placeholder filter drops it.
      {
        title: 'a shpat_xxxx... placeholder',
        file: '/ws/shop/client.js',
        text: `const shopify = shopifyApi({ adminApiAccessToken: 'shp${'at_' + 'x'.repeat(32)}' });\n`,
      },
      {
        title: 'a 31-character body (too short)',
        file: '/ws/shop/client.js',
        text: `const shopify = shopifyApi({ adminApiAccessToken: '${V.shopify.slice(0, -1)}' });\n`,
      },
    ],
  },
  {
    rule: 'secretlint/github',
    title: 'a classic GitHub personal access token (JS)',
    file: '/ws/tools/release.js',
    text: `const { Octokit } = require('@octokit/rest');\nconst octokit = new Octokit({ auth: "${V.github}" });\n`,
    value: V.github,
    range: 'exact',
    negatives: [
      {
        title: 'a ghp_ token one character short',
        file: '/ws/tools/release.js',
        text: `const octokit = new Octokit({ auth: "${V.github.slice(0, -1)}" });\n`,
      },
        // secretlint matches this; the engine's placeholder filter drops it.
      {
        title: 'a ghp_XXXX... placeholder',
        file: '/ws/tools/release.js',
        text: `const octokit = new Octokit({ auth: "gh${'p_' + 'X'.repeat(36)}" });\n`,
      },
    ],
  },
  {
    rule: 'secretlint/github',
    title: 'a fine-grained GitHub token (shell)',
    file: '/ws/scripts/gh.sh',
    text: `export GH_TOKEN="${V.githubFine}"\ngh release create "$TAG" dist/*\n`,
    value: V.githubFine,
    range: 'exact',
    negatives: [],
  },
  {
    rule: 'secretlint/gitlab',
    title: 'a GitLab personal access token in a curl header (shell)',
    file: '/ws/scripts/pipelines.sh',
    text: `curl --fail --header "PRIVATE-TOKEN: ${V.gitlab}" "https://gitlab.com/api/v4/projects/42/pipelines"\n`,
    value: V.gitlab,
    range: 'exact',
    negatives: [
      {
        title: 'a 19-character body (too short)',
        file: '/ws/scripts/pipelines.sh',
        text: `curl --header "PRIVATE-TOKEN: ${V.gitlab.slice(0, -1)}" https://gitlab.com/api/v4/projects\n`,
      },
        // secretlint matches this; the engine's placeholder filter drops it.
      {
        title: "GitLab's glpat-xxxx... placeholder",
        file: '/ws/scripts/pipelines.sh',
        text: `curl --header "PRIVATE-TOKEN: gl${'pat-' + 'x'.repeat(20)}" https://gitlab.com/api/v4/projects\n`,
      },
    ],
  },
  {
    rule: 'secretlint/grafana',
    title: 'a Grafana service-account token (docker-compose)',
    file: '/ws/docker-compose.yml',
    text: `services:\n  dashboards:\n    image: acme/dashboards:1.4\n    environment:\n      GRAFANA_TOKEN: ${V.grafanaSa}\n`,
    value: V.grafanaSa,
    range: 'exact',
    negatives: [
      {
        title: 'a glsa_ token whose checksum is not hex',
        file: '/ws/docker-compose.yml',
        text: `    environment:\n      GRAFANA_TOKEN: ${V.grafanaSa.slice(0, -8)}${rand(8, 'ghijklmnopqrstuvwxyz', 165)}\n`,
      },
    ],
  },
  {
    rule: 'secretlint/grafana',
    title: 'a Grafana Cloud API token (Python)',
    file: '/ws/obs/push.py',
    text: `GRAFANA_CLOUD_TOKEN = "${V.grafanaCloud}"\n`,
    value: V.grafanaCloud,
    range: 'exact',
    negatives: [
      {
        title: 'a glc_ value under 32 characters',
        file: '/ws/obs/push.py',
        text: `GRAFANA_CLOUD_TOKEN = "gl${'c_' + rand(20, ALNUM, 166)}"\n`,
      },
    ],
  },
  {
    rule: 'secretlint/openai',
    title: 'an OpenAI project key (Python)',
    file: '/ws/llm/client.py',
    text: `from openai import OpenAI\n\nclient = OpenAI(api_key="${V.openai}")\n`,
    value: V.openai,
    range: 'exact',
    negatives: [
      {
        title: 'a same-length sk-proj- value without the OpenAI marker (base64 of "OpenAI")',
        file: '/ws/llm/client.py',
        text: `client = OpenAI(api_key="sk-${'proj-' + rand(156, URLSAFE, 167)}")\n`,
      },
      {
        title: 'sk-your-api-key-here',
        file: '/ws/llm/client.py',
        text: 'client = OpenAI(api_key="sk-your-api-key-here")\n',
      },
    ],
  },
  {
    rule: 'secretlint/anthropic',
    title: 'an Anthropic API key in .env.local',
    file: '/ws/.env.local',
    text: `ANTHROPIC_API_KEY=${V.anthropic}\nMODEL=claude-sonnet\n`,
    value: V.anthropic,
    range: 'exact',
    negatives: [
      {
        title: 'a key without the AA suffix',
        file: '/ws/.env.local',
        text: `ANTHROPIC_API_KEY=${V.anthropic.slice(0, -2)}QZ\n`,
      },
      {
        title: 'an elided key (sk-ant-api03-...)',
        file: '/ws/README.md',
        text: 'Set `ANTHROPIC_API_KEY=sk-' + 'ant-api03-...` in your shell.\n',
      },
    ],
  },
  {
    rule: 'secretlint/groq',
    title: 'a Groq API key (TypeScript)',
    file: '/ws/src/chat.ts',
    text: `import Groq from 'groq-sdk';\nconst groq = new Groq({ apiKey: "${V.groq}" });\n`,
    value: V.groq,
    range: 'exact',
    negatives: [
      {
        title: 'a 51-character body (too short)',
        file: '/ws/src/chat.ts',
        text: `const groq = new Groq({ apiKey: "${V.groq.slice(0, -1)}" });\n`,
      },
    ],
  },
  {
    rule: 'secretlint/huggingface',
    title: 'a Hugging Face token (Python)',
    file: '/ws/ml/train.py',
    text: `from huggingface_hub import login\nlogin(token="${V.huggingface}")\n`,
    value: V.huggingface,
    range: 'exact',
    negatives: [
      {
        title: 'a 33-letter body (too short)',
        file: '/ws/ml/train.py',
        text: `login(token="${V.huggingface.slice(0, -1)}")\n`,
      },
    ],
  },
  {
    rule: 'secretlint/linear',
    title: 'a Linear API key (JSON config)',
    file: '/ws/config/integrations.json',
    text: JSON.stringify({ linear: { teamKey: 'ORD', apiKey: V.linear } }, null, 2) + '\n',
    value: V.linear,
    range: 'exact',
    negatives: [
      {
        title: 'a 31-character body (too short)',
        file: '/ws/config/integrations.json',
        text: JSON.stringify({ linear: { apiKey: V.linear.slice(0, 8 + 31) } }, null, 2) + '\n',
      },
    ],
  },
  {
    rule: 'secretlint/notion',
    title: 'a Notion integration token (JS)',
    file: '/ws/notion/sync.js',
    text: `const { Client } = require('@notionhq/client');\nconst notion = new Client({ auth: "${V.notion}" });\n`,
    value: V.notion,
    range: 'exact',
    negatives: [
      {
        title: 'a legacy secret_ token (documented as intentionally not detected)',
        file: '/ws/notion/sync.js',
        text: `const notion = new Client({ auth: "secret_${rand(43, ALNUM, 168)}" });\n`,
      },
    ],
  },
  {
    rule: 'secretlint/1password',
    title: 'a 1Password service-account token (shell)',
    file: '/ws/scripts/ci-secrets.sh',
    text: `export OP_SERVICE_ACCOUNT_TOKEN="${V.onePassword}"\nop read "op://ci/orders/db-password"\n`,
    value: V.onePassword,
    range: 'exact',
    negatives: [
      {
        title: 'an ops_ey...fQ value that is not base64 JSON',
        file: '/ws/scripts/ci-secrets.sh',
        text: `export OP_SERVICE_ACCOUNT_TOKEN="ops_ey${rand(200, ALNUM, 169)}fQ"\n`,
      },
    ],
  },
  {
    rule: 'secretlint/database-connection-string',
    title: 'a PostgreSQL URL with a password (Python settings)',
    file: '/ws/orders/settings.py',
    text: `DATABASES = {"default": dj_database_url.parse("postgresql://orders:${V.dbPass}@db.internal:5432/orders")}\n`,
    value: V.dbPass,
    range: 'contains', // the URI (the rule's pattern runs on to the next whitespace)
    negatives: [
      {
        title: 'the password from a variable',
        file: '/ws/orders/settings.py',
        text: 'DATABASE_URL = "postgresql://orders:${DB_PASSWORD}@db.internal:5432/orders"\n',
      },
      {
        title: 'a URL without credentials',
        file: '/ws/orders/settings.py',
        text: 'DATABASE_URL = "postgresql://db.internal:5432/orders"\n',
      },
      {
        title: 'the literal placeholder "password" (secretlint\'s built-in ignore)',
        file: '/ws/docker-compose.yml',
        text: '      DATABASE_URL: mysql://orders:password@mysql:3306/orders\n',
      },
    ],
  },
  {
    rule: 'secretlint/database-connection-string',
    title: 'a MongoDB Atlas URL with a password (YAML)',
    file: '/ws/k8s/values.yaml',
    text: `mongo:\n  uri: mongodb+srv://orders:${V.mongoPass}@cluster0.a1b2c.mongodb.net/orders?retryWrites=true\n`,
    value: V.mongoPass,
    range: 'contains',
    negatives: [],
  },
  {
    rule: 'secretlint/hashicorp-vault',
    title: 'a Vault service token (Terraform)',
    file: '/ws/infra/main.tf',
    text: `provider "vault" {\n  address = "https://vault.internal:8200"\n  token   = "${V.vault}"\n}\n`,
    value: V.vault,
    range: 'exact',
    negatives: [
      {
        title: 'an hvs. value far shorter than a token',
        file: '/ws/infra/main.tf',
        text: `provider "vault" {\n  token = "hv${'s.' + rand(24, ALNUM, 170)}"\n}\n`,
      },
    ],
  },
  {
    rule: 'secretlint/vercel',
    title: 'a Vercel token in a GitHub Actions workflow',
    file: '/ws/.github/workflows/deploy.yml',
    text: `jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      VERCEL_TOKEN: ${V.vercel}\n    steps:\n      - run: npx vercel deploy --prod --token "$VERCEL_TOKEN"\n`,
    value: V.vercel,
    range: 'exact',
    negatives: [
      {
        title: 'a 19-character body (too short)',
        file: '/ws/.github/workflows/deploy.yml',
        text: `    env:\n      VERCEL_TOKEN: ${V.vercel.slice(0, -5)}\n`,
      },
      {
        title: 'a secrets reference',
        file: '/ws/.github/workflows/deploy.yml',
        text: '    env:\n      VERCEL_TOKEN: ${{ secrets.VERCEL_TOKEN }}\n',
      },
    ],
  },
  {
    rule: 'secretlint/databricks',
    title: 'a Databricks personal access token (Python)',
    file: '/ws/jobs/nightly.py',
    text: `from databricks.sdk import WorkspaceClient\nw = WorkspaceClient(host="https://adb-123.azuredatabricks.net", token="${V.databricks}")\n`,
    value: V.databricks,
    range: 'exact',
    negatives: [
      {
        title: 'a dapi value that is not hex',
        file: '/ws/jobs/nightly.py',
        text: `w = WorkspaceClient(token="da${'pi' + rand(32, 'ghijklmnopqrstuvwxyz', 171)}")\n`,
      },
    ],
  },
  {
    rule: 'secretlint/docker',
    title: 'a Docker Hub access token piped to docker login (shell)',
    file: '/ws/scripts/release.sh',
    text: `echo "${V.docker}" | docker login -u acme-ci --password-stdin\ndocker push acme/orders:latest\n`,
    value: V.docker,
    range: 'exact',
    negatives: [
      {
        title: 'a 26-character body (too short)',
        file: '/ws/scripts/release.sh',
        text: `echo "${V.docker.slice(0, -1)}" | docker login -u acme-ci --password-stdin\n`,
      },
    ],
  },
  {
    rule: 'secretlint/figma',
    title: 'a Figma personal access token in a fetch header (ESM)',
    file: '/ws/design/export.mjs',
    text: `const res = await fetch(url, { headers: { 'X-Figma-Token': '${V.figma}' } });\n`,
    value: V.figma,
    range: 'exact',
    negatives: [
      {
        title: 'a 39-character body (too short)',
        file: '/ws/design/export.mjs',
        text: `const res = await fetch(url, { headers: { 'X-Figma-Token': '${V.figma.slice(0, -1)}' } });\n`,
      },
    ],
  },
];

// Preset rules no true positive can reach, with the reason. Empty: every detection rule
// of the 12.0.0 preset scans text. (The gcp rule's second branch, a .p12 file whose MAC
// verifies with "notasecret", reads the file from disk and is binary: the workspace walk
// skips binary files, so it is not tested here; the gcp rule itself is covered by its
// JSON branch.) The preset's @secretlint/secretlint-rule-filter-comments is not a
// detection rule and has no id in RULES.
const UNREACHABLE = {};

// ---------------------------------------------------------------- helpers
function offsets(text, range) {
  const index = new engine.LineIndex(text);
  return [index.offsetAt(range.start), index.offsetAt(range.end)];
}

function substrings(value, n = 8) {
  const out = [];
  for (let i = 0; i + n <= value.length; i++) out.push(value.slice(i, i + n));
  return out;
}

function assertMessageClean(message, value) {
  assert.ok(!message.includes(value), `message carries the value: ${message}`);
  for (const s of substrings(value)) assert.ok(!message.includes(s), `message carries "${s}" of the value: ${message}`);
}

// ---------------------------------------------------------------- tests
describe('secretlint preset: every detection rule, through the engine', function () {
  this.timeout(10000);

  const covered = new Set();

  for (const c of CASES) {
    covered.add(c.rule);

    it(`${c.rule}: finds ${c.title}`, async () => {
      const vStart = c.text.indexOf(c.value);
      assert.ok(vStart >= 0, 'test bug: the value is not in the text');
      assert.strictEqual(c.text.indexOf(c.value, vStart + 1), -1, 'test bug: the value occurs twice');
      const vEnd = vStart + c.value.length;

      const findings = await analyze(c.text, c.file);
      const all = JSON.stringify(findings.map((f) => [f.ruleId, textAt(c.text, f.range).slice(0, 60)]));

      // The secretlint finding on the value, and it is that rule's.
      const onValue = findings.filter((f) => {
        if (!f.ruleId.startsWith('secretlint/')) return false;
        const [s, e] = offsets(c.text, f.range);
        return s < vEnd && vStart < e;
      });
      assert.strictEqual(onValue.length, 1, `one secretlint finding on the value expected, got ${all}`);
      const f = onValue[0];
      assert.strictEqual(f.ruleId, c.rule, all);
      assert.strictEqual(f.severity, 'error');
      assert.strictEqual(f.category, 'secret');

      const [s, e] = offsets(c.text, f.range);
      if (c.range === 'exact') assert.strictEqual(textAt(c.text, f.range), c.value);
      else if (c.range === 'contains') assert.ok(s <= vStart && vEnd <= e, `range ${s}-${e} does not hold the value at ${vStart}-${vEnd}`);
      else assert.ok(s < vEnd && vStart < e, `range ${s}-${e} misses the value at ${vStart}-${vEnd}`);

      assertMessageClean(f.message, c.value);
      assert.match(f.message, /^Hardcoded secret: /);
      // No finding of any kind carries the value in its message.
      for (const other of findings) assertMessageClean(other.message, c.value);
    });

    for (const n of c.negatives) {
      it(`${c.rule}: ignores ${n.title}`, async () => {
        const findings = await analyze(n.text, n.file);
        const hits = findings.filter((f) => f.ruleId === c.rule);
        assert.deepStrictEqual(
          hits.map((f) => textAt(n.text, f.range)),
          [],
          `unexpected ${c.rule} finding(s)`,
        );
      });
    }
  }

  it('true positives cover exactly the secretlint/* rules of RULES', () => {
    const inRules = engine.RULES.map((r) => r.id).filter((id) => id.startsWith('secretlint/'));
    const expected = inRules.filter((id) => !(id in UNREACHABLE)).sort();
    assert.deepStrictEqual([...covered].sort(), expected);
    for (const id of Object.keys(UNREACHABLE)) assert.ok(inRules.includes(id), `stale exclusion ${id}`);
  });

  it('RULES maps every detection rule of the installed preset, and nothing else', async () => {
    const preset = await import('@secretlint/secretlint-rule-preset-recommend');
    const fromPreset = preset.rules
      .map((r) => r.meta.id)
      .filter((id) => id !== '@secretlint/secretlint-rule-filter-comments')
      .map((id) => 'secretlint/' + id.replace('@secretlint/secretlint-rule-', ''))
      .sort();
    const inRules = engine.RULES.map((r) => r.id).filter((id) => id.startsWith('secretlint/')).sort();
    assert.deepStrictEqual(inRules, fromPreset);
  });
});

// Engine behaviour found wrong while writing this file. Each test states what we want
// and is pending until the engine is fixed; MAG_RUN_KNOWN_ISSUES=1 runs them.
const pending = it; // fixed in the engine; kept as regression tests

describe('secretlint preset: regressions found while writing this file', function () {
  this.timeout(10000);
  const caseOf = (rule, i = 0) => CASES.filter((c) => c.rule === rule)[i];
  const findingOf = async (rule, text, file) => (await analyze(text, file)).find((f) => f.ruleId === rule);

  // secretlint's aws rule reports [index of the whole match, + length of the key), i.e. the
  // label and the first part of the key; the engine passes it through, so the preferred
  // quick fix replaces `aws_secret_access_key="<16 chars>` and leaves the rest of the key.
  pending('secretlint/aws: the range is the secret access key, not its label', async () => {
    const c = caseOf('secretlint/aws');
    assert.strictEqual(textAt(c.text, (await findingOf(c.rule, c.text, c.file)).range), c.value);
  });

  // Same in the npm rule's .npmrc branch (and its package.json x-oauth-basic branch).
  pending('secretlint/npm: the range of an .npmrc _authToken is the token', async () => {
    const c = caseOf('secretlint/npm');
    assert.strictEqual(textAt(c.text, (await findingOf(c.rule, c.text, c.file)).range), c.value);
  });

  // Consequence of the shifted range: the placeholder filter sees "_authToken=your-" and keeps it,
  // while the Slack bot-token placeholder "-your-token-here" is dropped.
  pending('secretlint/npm: a placeholder _authToken is not reported', async () => {
    const f = await findingOf('secretlint/npm', '//registry.npmjs.org/:_authToken=your-npm-token-here\n', '/ws/.npmrc');
    assert.strictEqual(f, undefined);
  });

  // The database-connection-string patterns run to the next whitespace, so inside a quoted
  // string the range takes the closing quote and what follows; the quick fix then breaks the code.
  pending('secretlint/database-connection-string: the range stops at the end of the URI', async () => {
    const c = caseOf('secretlint/database-connection-string');
    const f = await findingOf(c.rule, c.text, c.file);
    assert.strictEqual(textAt(c.text, f.range), `postgresql://orders:${V.dbPass}@db.internal:5432/orders`);
  });

  // The gcp rule reports the whole file, and the engine runs its placeholder filter on the
  // whole reported text: one "sample"/"example"/"todo"/"..." anywhere in a real key file
  // drops the finding (secretlint/privatekey still reports the PEM inside it).
  pending('secretlint/gcp: a real key file is reported whatever its project is called', async () => {
    const text = serviceAccountJson('acme-sample-store', pemArmor('', V.gcpKey) + '\n', 160);
    assert.ok(await findingOf('secretlint/gcp', text, '/ws/deploy/sa.json'));
  });

  // secretlint masks every message parameter, typeName included: "GitHub Token()".
  pending('secretlint/github: the message names the kind of token', async () => {
    const c = caseOf('secretlint/github');
    assert.doesNotMatch((await findingOf(c.rule, c.text, c.file)).message, /\(\)/);
  });
});
