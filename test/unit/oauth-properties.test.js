'use strict';
// Property tests of the oauth family: its readers never throw on arbitrary or half-typed input, every finding's range
// lies inside the text, every remove-a-scope fix leaves a list that still parses, and a grant is as broad as its
// broadest scope.
const assert = require('assert');
const fc = require('fast-check');
const YAML = require('yaml');
const { engine, applyFix } = require('../helpers');

const oauth = () => engine.internals;
const SEEDS = [
  "const { InstallProvider } = require('@slack/oauth');\nnew InstallProvider({ scopes: ['chat:write', 'admin'], userScopes: 'search:read' });\n",
  "from googleapiclient.discovery import build\nSCOPES = ('https://www.googleapis.com/auth/drive', \"https://mail.google.com/\")\ncreds = creds.with_subject(user)\n",
  "import msal\nscopes=['https://graph.microsoft.com/Mail.Read', 'User.Read']\napp.acquire_token_for_client(scopes)\n",
  'const url = "https://github.com/login/oauth/authorize?scope=repo+delete_repo&x=1"; // octokit\n',
  'oauth_config:\n  scopes:\n    bot:\n      - admin\n      - channels:history\nsettings:\n  org_deploy_enabled: true\n',
  '{ "signInAudience": "AzureADMultipleOrgs", "displayName": "x", "requiredResourceAccess": [ { "resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [ { "id": "19dbc75e-c2e2-444c-a770-ec69d8559fc7", "type": "Role" } ] } ] }',
  '{ "name": "a", "url": "u", "public": true, "default_permissions": { "administration": "write" } }',
];
const FILES = ['/ws/a.js', '/ws/a.py', '/ws/a.py', '/ws/a.ts', '/ws/manifest.yml', '/ws/app.json', '/ws/gh.json'];

/** A seed cut, spliced and sprinkled with characters that matter to the readers. */
const mutated = fc
  .record({
    seed: fc.nat(SEEDS.length - 1),
    cut: fc.nat(400),
    len: fc.nat(40),
    insert: fc.array(fc.constantFrom('[', ']', '(', ')', '"', "'", '`', ',', ':', '=', '\n', ' ', '-', '#', '/', '\\', '{', '}', 's', 'scope', 'scopes: [', 'https://www.googleapis.com/auth/', 'subject='), { maxLength: 12 }).map((a) => a.join('')),
  })
  .map(({ seed, cut, len, insert }) => {
    const t = SEEDS[seed];
    const at = cut % (t.length + 1);
    return { file: FILES[seed], text: t.slice(0, at) + insert + t.slice(Math.min(t.length, at + len)) };
  });

describe('oauth family: properties', function () {
  this.timeout(120000);

  it('the code reader and the tree readers never throw on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const text = `scopes: [${s}] scope=${s} https://www.googleapis.com/auth/${s} @slack/ msal octokit googleapis subject: ${s}`;
        oauth().oauthCode.readCode(text, 'x.gs');
        oauth().oauthCode.codeUses(text, 'x.gs');
        for (const tree of oauth().tree.treesOfText(s)) oauth().oauthReaders.readTree(s, tree, 'appsscript.json');
      }),
      { numRuns: 400, seed: 151 },
    );
  });

  it('on mutated real inputs analysis never throws, ranges stay in the text, and grants are as broad as their findings say', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async ({ file, text }) => {
        const r = await engine.analyze({ path: file, text });
        const idx = new engine.LineIndex(text);
        for (const f of r.findings.filter((x) => x.ruleId.startsWith('iam/oauth-'))) {
          const s = idx.offsetAt(f.range.start);
          const e = idx.offsetAt(f.range.end);
          assert.ok(s >= 0 && e <= text.length && s <= e, JSON.stringify(f.range));
        }
        const grants = r.facts.filter((x) => x.topic === 'iam/grant' && ['slack', 'google', 'microsoft', 'github'].includes(x.value.provider));
        const broadFinding = r.findings.some((x) => x.ruleId === 'iam/oauth-broad-scope');
        if (grants.some((g) => g.value.class === 'broad')) assert.ok(broadFinding, 'a broad OAuth grant has a finding');
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('removing any scope from a generated list keeps JSON, YAML and code lists parsing, and removes exactly that scope', async () => {
    const SLACK = ['chat:write', 'commands', 'users:read', 'files:read', 'channels:read', 'reactions:write', 'admin'];
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...SLACK), { minLength: 1, maxLength: 6 }), fc.constantFrom('json', 'yaml-block', 'yaml-flow'), fc.nat(5), async (scopes, shape, pick) => {
        const target = scopes[pick % scopes.length];
        let file;
        let text;
        if (shape === 'json') {
          file = '/ws/manifest.json';
          text = JSON.stringify({ display_information: { name: 'x' }, oauth_config: { scopes: { bot: scopes } } }, null, 2);
        } else if (shape === 'yaml-block') {
          file = '/ws/manifest.yml';
          text = `display_information:\n  name: x\noauth_config:\n  scopes:\n    bot:\n${scopes.map((s) => `      - ${s}\n`).join('')}`;
        } else {
          file = '/ws/manifest.yml';
          text = `display_information:\n  name: x\noauth_config:\n  scopes:\n    bot: [${scopes.join(', ')}]\n`;
        }
        const item = { start: text.indexOf(target) - (shape === 'json' ? 1 : 0), end: text.indexOf(target) + target.length + (shape === 'json' ? 1 : 0) };
        const edits = oauth().oauthEdits.removeItem(text, item, shape === 'json' ? 'json' : 'yaml');
        const fix = { changes: [{ path: file, edits: edits.map((e) => ({ range: new engine.LineIndex(text).range(e.start, e.end), newText: e.newText })) }] };
        const out = applyFix(fix, { [file]: text })[file];
        const parsed = shape === 'json' ? JSON.parse(out) : YAML.parse(out);
        const left = parsed.oauth_config.scopes.bot ?? [];
        assert.deepStrictEqual(left, scopes.filter((s) => s !== target), out);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
