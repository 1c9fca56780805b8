'use strict';
// The oauth family: scopes read in each platform's files and in code, judged with the catalogue, fixed in the file's own
// syntax (applied, parsed, re-diagnosed), published as grants the registration manifest scores, and read across files.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const { spawnSync } = require('child_process');
const { engine, tmpWorkspace, applyFix, fake } = require('../helpers');

const BIN = path.join(__dirname, '..', '..', 'bin', 'microapp-guard.js');

async function run(file, text, opts = {}) {
  return engine.analyze({ path: file, text }, opts);
}
const oauthIds = (findings) => findings.filter((f) => f.ruleId.startsWith('iam/oauth-')).map((f) => f.ruleId);
const grantsOf = (r) => r.facts.filter((f) => f.topic === 'iam/grant').map((f) => f.value);
const at = (text, f) => {
  const idx = new engine.LineIndex(text);
  return text.slice(idx.offsetAt(f.range.start), idx.offsetAt(f.range.end));
};

/** Applies a fix of a finding (the preferred one, or the one whose title matches) and returns the new text. */
function fixed(file, text, finding, title) {
  const fixes = engine.fixesForFinding({ path: file, text }, finding);
  const fix = title ? fixes.find((x) => title.test(x.title)) : fixes.find((x) => x.isPreferred);
  assert.ok(fix, `no fix ${title ?? '(preferred)'} in ${JSON.stringify(fixes.map((x) => x.title))}`);
  return applyFix(fix, { [file]: text })[file];
}

const slackYaml = `display_information:
  name: Standup Bot
oauth_config:
  scopes:
    bot:
      - admin
      - channels:history
      - groups:history
      - im:history
      - chat:write
    user:
      - search:read
settings:
  org_deploy_enabled: true
  event_subscriptions:
    bot_events:
      - message.channels
`;

describe('oauth family: Slack app manifests', () => {
  it('flags admin (error), the history of every kind of conversation, org-wide deploy; the grant is broad and names the app', async () => {
    const r = await run('/ws/manifest.yml', slackYaml);
    const broad = r.findings.filter((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.deepStrictEqual(broad.map((f) => at(slackYaml, f)), ['admin', 'channels:history', 'search:read']);
    assert.strictEqual(broad[0].severity, 'error');
    assert.match(broad[0].message, /administer the whole Slack workspace/);
    assert.match(broad[1].message, /every message in every kind of conversation/);
    assert.ok(r.findings.every((f) => f.category === 'iam'));
    const tenant = r.findings.find((f) => f.ruleId === 'iam/oauth-tenant-exposure');
    assert.strictEqual(at(slackYaml, tenant), 'true');
    const g = grantsOf(r);
    assert.deepStrictEqual(g.map((x) => [x.provider, x.class, x.resources[0], x.oauth.app]), [
      ['slack', 'broad', 'Slack app manifest, bot token', 'Standup Bot'],
      ['slack', 'broad', 'Slack app manifest, user token', 'Standup Bot'],
    ]);
  });

  it('narrows the history scopes to the subscribed kinds of conversation; the YAML still parses and the finding goes', async () => {
    const file = '/ws/manifest.yml';
    const f = (await run(file, slackYaml)).findings.find((x) => x.ruleId === 'iam/oauth-broad-scope' && /every kind/.test(x.message));
    const out = fixed(file, slackYaml, f);
    const parsed = YAML.parse(out);
    assert.deepStrictEqual(parsed.oauth_config.scopes.bot, ['admin', 'channels:history', 'chat:write']);
    const after = await run(file, out);
    assert.ok(!after.findings.some((x) => /every kind/.test(x.message)));
    assert.ok(after.findings.some((x) => at(out, x) === 'admin'), 'the other finding stays');
  });

  it('org_deploy_enabled is fixed to false', async () => {
    const file = '/ws/manifest.yml';
    const f = (await run(file, slackYaml)).findings.find((x) => x.ruleId === 'iam/oauth-tenant-exposure');
    const out = fixed(file, slackYaml, f);
    assert.strictEqual(YAML.parse(out).settings.org_deploy_enabled, false);
    assert.ok(!oauthIds((await run(file, out)).findings).includes('iam/oauth-tenant-exposure'));
  });

  it('reads the JSON manifest; removing a scope keeps the JSON valid (last item too)', async () => {
    const file = '/ws/manifest.json';
    const text = JSON.stringify({ display_information: { name: 'x' }, oauth_config: { scopes: { bot: ['chat:write', 'channels:history', 'groups:history', 'mpim:history'] } } }, null, 2);
    const r = await run(file, text);
    const f = r.findings.find((x) => x.ruleId === 'iam/oauth-broad-scope');
    assert.ok(f);
    const fixes = engine.fixesForFinding({ path: file, text }, f);
    for (const fix of fixes) {
      const out = applyFix(fix, { [file]: text })[file];
      assert.doesNotThrow(() => JSON.parse(out), `${fix.title}:\n${out}`);
    }
    const out = fixed(file, text, f, /Remove "mpim:history"/);
    assert.deepStrictEqual(JSON.parse(out).oauth_config.scopes.bot, ['chat:write', 'channels:history', 'groups:history']);
    assert.ok(!oauthIds((await run(file, out)).findings).includes('iam/oauth-broad-scope'));
  });

  it('a narrow bot is quiet and its grant narrow; YAML that is not a Slack manifest is not read', async () => {
    const narrow = 'display_information:\n  name: poster\noauth_config:\n  scopes:\n    bot: [chat:write, commands]\n';
    const r = await run('/ws/manifest.yml', narrow);
    assert.deepStrictEqual(oauthIds(r.findings), []);
    assert.deepStrictEqual(grantsOf(r).map((g) => g.class), ['narrow']);
    const other = await run('/ws/config.yml', 'scopes:\n  bot:\n    - admin\nname: x\n');
    assert.deepStrictEqual(oauthIds(other.findings), []);
    assert.deepStrictEqual(grantsOf(other), []);
  });
});

describe('oauth family: Google', () => {
  const appsscript = `{
  "timeZone": "Europe/Paris",
  "oauthScopes": [
    "https://www.googleapis.com/auth/drive",
    "https://mail.google.com/",
    "https://www.googleapis.com/auth/spreadsheets.currentonly"
  ],
  "runtimeVersion": "V8"
}
`;
  it('appsscript.json: full Drive and full Gmail are broad; drive -> drive.file and mail -> gmail.send fix in place', async () => {
    const file = '/ws/appsscript.json';
    const r = await run(file, appsscript);
    const broad = r.findings.filter((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.deepStrictEqual(broad.map((f) => at(appsscript, f)), ['https://www.googleapis.com/auth/drive', 'https://mail.google.com/']);
    assert.match(broad[0].message, /every file in the user's Google Drive/);
    assert.match(broad[1].message, /every e-mail/);
    let out = fixed(file, appsscript, broad[0]);
    out = fixed(file, out, (await run(file, out)).findings.find((f) => f.ruleId === 'iam/oauth-broad-scope'));
    assert.deepStrictEqual(JSON.parse(out).oauthScopes, ['https://www.googleapis.com/auth/drive.file', 'https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/spreadsheets.currentonly']);
    const after = await run(file, out);
    assert.deepStrictEqual(oauthIds(after.findings), []);
    assert.deepStrictEqual(grantsOf(after).map((g) => g.class), ['narrow']);
  });

  it("a platform team's narrower scopes (oauth.templatesDir) are offered first, validated, and never read outside the folder", async () => {
    const team = { platform: 'google', source: 'ACME platform team, scopes policy', narrower: { 'https://www.googleapis.com/auth/drive': ['drive.readonly'] } };
    const dir = tmpWorkspace({ 'appsscript.json': appsscript, '.team/oauth/google.json': JSON.stringify(team), '.team/oauth/broken.json': JSON.stringify({ platform: 'google', narrower: { drive: [] } }) });
    const file = path.join(dir, 'appsscript.json');
    const ws = new engine.WorkspaceIndex(dir);
    const settings = { 'oauth.templatesDir': '.team/oauth' };
    const problems = [];
    const r = await engine.analyze({ path: file, text: appsscript }, { workspace: ws, settings, onProblem: (m) => problems.push(m) });
    const drive = r.findings.find((f) => f.ruleId === 'iam/oauth-broad-scope' && at(appsscript, f).endsWith('/drive'));
    assert.match(drive.message, /Ask for "drive\.readonly" instead/);
    const fixes = engine.fixesForFinding({ path: file, text: appsscript }, drive, { workspace: ws, settings });
    assert.strictEqual(fixes.find((x) => x.isPreferred).title, 'Ask for "drive.readonly" instead of "drive"');
    assert.ok(fixes.some((x) => x.title === 'Ask for "drive.file" instead of "drive"'), 'the catalogue\'s choice is still offered');
    // The invalid file is said, by name, and not used.
    assert.ok(problems.some((m) => /broken\.json: not a valid OAuth template file/.test(m)), JSON.stringify(problems));
    const out = applyFix(fixes.find((x) => x.isPreferred), { [file]: appsscript })[file];
    assert.ok(JSON.parse(out).oauthScopes.includes('https://www.googleapis.com/auth/drive.readonly'));
    assert.ok(!(await engine.analyze({ path: file, text: out }, { workspace: ws, settings })).findings.some((f) => f.ruleId === 'iam/oauth-broad-scope' && at(out, f).includes('/drive')));
    // Without the setting, the catalogue's narrower scope comes first.
    const plain = (await engine.analyze({ path: file, text: appsscript }, { workspace: ws })).findings.find((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.strictEqual(engine.fixesForFinding({ path: file, text: appsscript }, plain, { workspace: ws }).find((x) => x.isPreferred).title, 'Ask for "drive.file" instead of "drive"');
    // A folder outside the workspace is not read, and said.
    const outside = [];
    await engine.analyze({ path: file, text: appsscript }, { workspace: ws, settings: { 'oauth.templatesDir': '../..' }, onProblem: (m) => outside.push(m) });
    assert.ok(outside.some((m) => /outside the workspace folder/.test(m)), JSON.stringify(outside));
  });

  it('a templates file that is not JSON is said by name and position, never with its text', async () => {
    const secret = `sk_live_${fake.token(24, 77)}`;
    const dir = tmpWorkspace({ 'appsscript.json': appsscript, '.team/oauth/bad.json': `{"platform": "google", "narrower": ${secret}}` });
    const problems = [];
    await engine.analyze({ path: path.join(dir, 'appsscript.json'), text: appsscript }, { workspace: new engine.WorkspaceIndex(dir), settings: { 'oauth.templatesDir': '.team/oauth' }, onProblem: (m) => problems.push(m) });
    assert.ok(problems.some((m) => /bad\.json: not JSON/.test(m)), JSON.stringify(problems));
    // Node quotes the text around the error (`..."narrower": sk_live_ab"...`): none of the value may be shown.
    for (const m of problems) assert.ok(!/sk_live_/.test(m), m);
    // A link to nowhere among the files is said, and the valid files are still used.
    const team = { platform: 'google', narrower: { 'https://www.googleapis.com/auth/drive': ['drive.readonly'] } };
    fs.writeFileSync(path.join(dir, '.team/oauth/google.json'), JSON.stringify(team));
    fs.symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, '.team/oauth/dangling.json'));
    const again = [];
    const r = await engine.analyze({ path: path.join(dir, 'appsscript.json'), text: appsscript }, { workspace: new engine.WorkspaceIndex(dir), settings: { 'oauth.templatesDir': '.team/oauth' }, onProblem: (m) => again.push(m) });
    assert.ok(r.findings.some((f) => /Ask for "drive\.readonly" instead/.test(f.message)), JSON.stringify(again));
  });

  it('Python: SCOPES and domain-wide delegation with subject; the fix keeps the literal list', async () => {
    const file = '/ws/sync.py';
    const text = [
      'from google.oauth2 import service_account',
      'from googleapiclient.discovery import build',
      "SCOPES = ['https://www.googleapis.com/auth/drive']",
      "creds = service_account.Credentials.from_service_account_file('sa.json', scopes=SCOPES, subject='ops@example.com')",
      "drive = build('drive', 'v3', credentials=creds)",
      '',
    ].join('\n');
    const r = await run(file, text);
    assert.deepStrictEqual(oauthIds(r.findings).sort(), ['iam/oauth-broad-scope', 'iam/oauth-tenant-exposure']);
    const dwd = r.findings.find((f) => f.ruleId === 'iam/oauth-tenant-exposure');
    assert.strictEqual(at(text, dwd), 'subject');
    assert.match(dwd.message, /domain-wide delegation/);
    assert.ok(!dwd.message.includes('ops@example.com'));
    const out = fixed(file, text, r.findings.find((f) => f.ruleId === 'iam/oauth-broad-scope'));
    assert.ok(out.includes("SCOPES = ['https://www.googleapis.com/auth/drive.file']"));
    assert.ok(!oauthIds((await run(file, out)).findings).includes('iam/oauth-broad-scope'));
  });

  it('JavaScript googleapis: a scope constant outside a list is read too; an unused Gmail scope is flagged (Drive is used)', async () => {
    const file = '/ws/index.js';
    const text = "const { google } = require('googleapis');\nconst GMAIL = 'https://www.googleapis.com/auth/gmail.readonly';\nconst auth = new google.auth.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/drive.readonly', GMAIL] });\nconst drive = google.drive({ version: 'v3', auth });\n";
    const r = await run(file, text);
    const unused = r.findings.filter((f) => f.ruleId === 'iam/oauth-unused-scope');
    assert.deepStrictEqual(unused.map((f) => at(text, f)), ['https://www.googleapis.com/auth/gmail.readonly']);
    const personal = r.findings.filter((f) => f.ruleId === 'iam/oauth-personal-data').map((f) => at(text, f));
    assert.deepStrictEqual(personal.sort(), ['https://www.googleapis.com/auth/drive.readonly', 'https://www.googleapis.com/auth/gmail.readonly']);
  });
});

describe('oauth family: Microsoft', () => {
  const entra = `{
  "displayName": "Leave Tracker",
  "signInAudience": "AzureADMultipleOrgs",
  "requiredResourceAccess": [
    {
      "resourceAppId": "00000003-0000-0000-c000-000000000000",
      "resourceAccess": [
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" },
        { "id": "19dbc75e-c2e2-444c-a770-ec69d8559fc7", "type": "Role" },
        { "id": "e2a3a72e-5f79-4c64-b1b1-878b674786c9", "type": "Role" }
      ]
    }
  ]
}
`;
  it('Entra manifest: permissions by id, Directory.ReadWrite.All and Mail.ReadWrite as application permissions, multi-tenant audience', async () => {
    const r = await run('/ws/app-manifest.json', entra);
    const broad = r.findings.filter((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.deepStrictEqual(broad.map((f) => at(entra, f)), ['19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'e2a3a72e-5f79-4c64-b1b1-878b674786c9']);
    assert.match(broad[0].message, /"Directory\.ReadWrite\.All \(application\)"/);
    assert.match(broad[1].message, /every mailbox of the organisation/);
    const g = grantsOf(r)[0];
    assert.deepStrictEqual([g.provider, g.class, g.actions], ['microsoft', 'broad', ['User.Read (delegated)', 'Directory.ReadWrite.All (application)', 'Mail.ReadWrite (application)']]);
    assert.ok(r.findings.some((f) => f.ruleId === 'iam/oauth-tenant-exposure' && at(entra, f) === 'AzureADMultipleOrgs'));
  });

  it('fixes: Directory.ReadWrite.All -> User.Read.All (same kind), Mail.ReadWrite -> delegated, audience -> AzureADMyOrg; re-scan is clean of them', async () => {
    const file = '/ws/app-manifest.json';
    let text = entra;
    for (let i = 0; i < 3; i++) {
      const f = (await run(file, text)).findings.find((x) => x.ruleId === 'iam/oauth-broad-scope' || x.ruleId === 'iam/oauth-tenant-exposure');
      if (!f) break;
      text = fixed(file, text, f);
      JSON.parse(text);
    }
    const m = JSON.parse(text);
    assert.strictEqual(m.signInAudience, 'AzureADMyOrg');
    assert.deepStrictEqual(m.requiredResourceAccess[0].resourceAccess, [
      { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
      { id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' },
      { id: '024d486e-b451-40bb-833d-3e66d98c5c73', type: 'Scope' },
    ]);
    const after = await run(file, text);
    assert.deepStrictEqual(oauthIds(after.findings).filter((x) => x !== 'iam/oauth-personal-data'), []);
    assert.deepStrictEqual(grantsOf(after).map((g) => g.class), ['moderate']);
  });

  it('Terraform azuread_application: app_role_ids by name and sign_in_audience', async () => {
    await engine.internals.hcl.initHcl();
    const file = '/ws/entra.tf';
    const text = `resource "azuread_application" "bot" {
  display_name     = "bot"
  sign_in_audience = "AzureADMultipleOrgs"
  required_resource_access {
    resource_app_id = data.azuread_application_published_app_ids.well_known.result.MicrosoftGraph
    resource_access {
      id   = data.azuread_service_principal.msgraph.app_role_ids["Directory.ReadWrite.All"]
      type = "Role"
    }
  }
}
`;
    const r = await run(file, text);
    const broad = r.findings.find((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.strictEqual(at(text, broad), 'Directory.ReadWrite.All');
    const out = fixed(file, text, broad);
    assert.ok(out.includes('app_role_ids["User.Read.All"]'));
    const tenant = (await run(file, out)).findings.find((f) => f.ruleId === 'iam/oauth-tenant-exposure');
    const out2 = fixed(file, out, tenant);
    assert.ok(out2.includes('sign_in_audience = "AzureADMyOrg"'));
    assert.deepStrictEqual(oauthIds((await run(file, out2)).findings).filter((x) => x !== 'iam/oauth-personal-data'), []);
  });

  it('MSAL scopes in code are delegated; .default with client credentials is not reported', async () => {
    const text = "import { PublicClientApplication } from '@azure/msal-browser';\nconst req = { scopes: ['User.Read', 'Mail.ReadWrite'] };\n";
    const r = await run('/ws/auth.ts', text);
    assert.deepStrictEqual(grantsOf(r).map((g) => g.actions), [['User.Read (delegated)', 'Mail.ReadWrite (delegated)']]);
    const app = "const msal = require('@azure/msal-node');\nconst cca = new msal.ConfidentialClientApplication(cfg);\nawait cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });\n";
    const r2 = await run('/ws/job.js', app);
    assert.deepStrictEqual(oauthIds(r2.findings), []);
    assert.deepStrictEqual(grantsOf(r2).map((g) => [g.actions, g.class]), [[['.default (application)'], 'moderate']]);
  });
});

describe('oauth family: GitHub', () => {
  it('GitHub App manifest: administration write is broad, fixed to read; public: true is tenant exposure', async () => {
    const file = '/ws/github-app.json';
    const text = JSON.stringify({ name: 'release-bot', url: 'https://example.com', public: true, default_permissions: { contents: 'read', administration: 'write', issues: 'write' } }, null, 2);
    const r = await run(file, text);
    const broad = r.findings.find((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.match(broad.message, /"administration: write"/);
    const out = fixed(file, text, broad);
    assert.strictEqual(JSON.parse(out).default_permissions.administration, 'read');
    const t = (await run(file, out)).findings.find((f) => f.ruleId === 'iam/oauth-tenant-exposure');
    const out2 = fixed(file, out, t);
    assert.strictEqual(JSON.parse(out2).public, false);
    assert.deepStrictEqual(oauthIds((await run(file, out2)).findings), []);
  });

  it('OAuth scope= in an authorize URL: repo is broad, narrowed to public_repo', async () => {
    const file = '/ws/login.js';
    const text = "const { Octokit } = require('@octokit/rest');\nconst url = `https://github.com/login/oauth/authorize?client_id=${id}&scope=repo%20read:org`;\n";
    const r = await run(file, text);
    const broad = r.findings.find((f) => f.ruleId === 'iam/oauth-broad-scope');
    assert.strictEqual(at(text, broad), 'repo');
    const out = fixed(file, text, broad);
    assert.ok(out.includes('scope=public_repo%20read:org'));
  });
});

describe('oauth family: false positives', () => {
  it('scope-like keys of other things are not scopes', async () => {
    const cases = [
      ['/ws/a.js', "angular.module('x').service('s', { scope: 'singleton' });\nconst scopes = ['read', 'write'];\n"],
      ['/ws/b.py', "SCOPES = ['admin', 'repo']  # no SDK of any platform in this file\n"],
      ['/ws/c.json', '{ "oauthScopes": ["https://www.googleapis.com/auth/drive"] }'],
      ['/ws/d.yml', 'settings:\n  org_deploy_enabled: true\n'],
      ['/ws/e.ts', "import { App } from '@slack/bolt';\nconst scopes = process.env.SCOPES?.split(',');\n"],
    ];
    for (const [file, text] of cases) {
      const r = await run(file, text);
      assert.deepStrictEqual(oauthIds(r.findings), [], file);
      assert.deepStrictEqual(grantsOf(r), [], file);
    }
  });

  it('Slack code: InstallProvider scopes; the unused rule needs the platform\'s code and a known use', async () => {
    const text = "const { InstallProvider } = require('@slack/oauth');\nconst installer = new InstallProvider({ scopes: ['chat:write', 'files:write', 'commands'] });\nawait client.chat.postMessage({ channel, text });\n";
    const r = await run('/ws/oauth.js', text);
    assert.deepStrictEqual(r.findings.filter((f) => f.ruleId === 'iam/oauth-unused-scope').map((f) => at(text, f)), ['files:write']);
  });
});

describe('oauth family: across files (scan and manifest)', function () {
  this.timeout(60000);
  const manifest = 'display_information:\n  name: Digest\noauth_config:\n  scopes:\n    bot:\n      - chat:write\n      - files:read\n      - admin\n';
  const scan = (dir) => JSON.parse(spawnSync(process.execPath, [BIN, 'scan', dir, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8' }).stdout);
  const exportManifest = (dir) => JSON.parse(spawnSync(process.execPath, [BIN, 'manifest', dir, '-f', 'json'], { encoding: 'utf8' }).stdout);

  it('unused scopes are reported only when the workspace has Slack code, and go when the code uses them', () => {
    const alone = tmpWorkspace({ 'manifest.yml': manifest });
    assert.ok(!scan(alone).findings.some((f) => f.ruleId === 'iam/oauth-unused-scope'), 'no code: never unused');
    const dir = tmpWorkspace({ 'manifest.yml': manifest, 'app.js': "const { App } = require('@slack/bolt');\napp.command('/digest', async ({ say }) => say('ok'));\n" });
    const unused = scan(dir).findings.filter((f) => f.ruleId === 'iam/oauth-unused-scope').map((f) => `${f.file}:${f.line}`);
    assert.deepStrictEqual(unused, ['manifest.yml:7', 'manifest.yml:8']);
    fs.writeFileSync(path.join(dir, 'files.js'), "const { WebClient } = require('@slack/web-api');\nconst f = await web.files.info({ file });\n");
    const after = scan(dir).findings.filter((f) => f.ruleId === 'iam/oauth-unused-scope').map((f) => `${f.file}:${f.line}`);
    assert.deepStrictEqual(after, ['manifest.yml:8']);
  });

  it('the manifest: scopes in requestedPermissions, the permissions factor follows them, PII from personal scopes, the app to revoke', () => {
    const dir = tmpWorkspace({ 'manifest.yml': manifest });
    const m = exportManifest(dir);
    const p = m.spec.requestedPermissions.find((g) => g.provider === 'slack');
    assert.deepStrictEqual([p.class, p.actions, p.file], ['broad', ['chat:write', 'files:read', 'admin'], 'manifest.yml']);
    assert.deepStrictEqual([m.risk.factors.permissionsBreadth.value, m.risk.factors.permissionsBreadth.points], ['broad', 5]);
    const pii = m.spec.dataClasses.find((d) => d.class === 'PII');
    assert.ok(pii.evidence.some((e) => /slack scope files:read/.test(e.indicator)), JSON.stringify(pii));
    assert.deepStrictEqual(m.spec.revocation.oauthApps, [{ name: 'Digest', kind: 'slack-app', origin: 'inferred', file: 'manifest.yml', line: 6 }]);
    // Without admin the factor is narrow (files:read is moderate: 2).
    fs.writeFileSync(path.join(dir, 'manifest.yml'), manifest.replace('      - admin\n', ''));
    const m2 = exportManifest(dir);
    assert.deepStrictEqual([m2.risk.factors.permissionsBreadth.value, m2.risk.factors.permissionsBreadth.points], ['moderate', 2]);
    fs.writeFileSync(path.join(dir, 'manifest.yml'), manifest.replace('      - admin\n', '').replace('      - files:read\n', ''));
    const m3 = exportManifest(dir);
    assert.deepStrictEqual([m3.risk.factors.permissionsBreadth.value, m3.risk.factors.permissionsBreadth.points], ['narrow', 0]);
  });

  it('the scan report lists the OAuth grants with their provider (valid against the report schema)', () => {
    const Ajv = require('ajv').default;
    const ajv = new Ajv({ strict: false, allErrors: true });
    require('ajv-formats')(ajv);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'scan-report.schema.json'), 'utf8'));
    const validate = ajv.compile(schema);
    const report = scan(tmpWorkspace({ 'manifest.yml': manifest, 'appsscript.json': '{"oauthScopes":["https://www.googleapis.com/auth/drive"]}' }));
    assert.ok(validate(report), JSON.stringify(validate.errors));
    assert.deepStrictEqual(report.grants.map((g) => g.provider).sort(), ['google', 'slack']);
  });
});

describe('oauth catalogue', () => {
  it('every platform file is valid against schemas/oauth-scopes.schema.json and names its source', () => {
    const Ajv = require('ajv/dist/2020').default;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'oauth-scopes.schema.json'), 'utf8')));
    const dir = path.join(__dirname, '..', '..', 'server', 'src', 'engine', 'rules', 'oauth', 'data');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.deepStrictEqual(files.sort(), ['github.json', 'google.json', 'microsoft.json', 'slack.json']);
    for (const f of files) {
      const data = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      assert.ok(validate(data), `${f}: ${JSON.stringify(validate.errors)}`);
      assert.match(data.source, /https:\/\//);
      // Every narrower scope is itself in the catalogue, and is narrower or equal.
      const order = { narrow: 0, moderate: 1, broad: 2 };
      for (const [name, e] of Object.entries(data.scopes)) {
        for (const n of e.narrower ?? []) {
          const ne = data.scopes[n];
          assert.ok(ne, `${f}: ${name} -> ${n} is not in the catalogue`);
          const cls = (x) => x.class ?? x.delegated;
          assert.ok(order[cls(ne)] <= order[cls(e)], `${f}: ${n} is broader than ${name}`);
        }
      }
    }
    const sizes = engine.internals.oauthCatalog.catalogueSizes();
    for (const p of ['slack', 'google', 'microsoft', 'github']) assert.ok(sizes[p] >= 40, `${p}: ${sizes[p]}`);
  });

  it('Microsoft permission ids are unique and map back to their names', () => {
    const ms = engine.internals.oauthCatalog.catalogue('microsoft');
    const seen = new Set();
    for (const [name, e] of Object.entries(ms.scopes)) {
      for (const kind of ['delegated', 'application']) {
        const id = e.ids?.[kind];
        if (!id) continue;
        assert.ok(!seen.has(id), id);
        seen.add(id);
        assert.deepStrictEqual(engine.internals.oauthCatalog.microsoftById(id), { name, kind });
      }
    }
  });

  it('docs/rules.md lists the scope classes per platform with their sources', () => {
    const md = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
    assert.match(md, /## OAuth scope classes \(oauth family\)/);
    for (const p of ['Slack', 'Google', 'Microsoft Graph', 'GitHub']) assert.match(md, new RegExp(`### ${p} \\(\\d+ entries\\)\\n\\nSource: `));
    for (const r of engine.RULES.filter((x) => x.family === 'oauth')) assert.ok(md.includes(`## ${r.id}\n`), r.id);
  });
});
