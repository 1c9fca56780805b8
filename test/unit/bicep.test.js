'use strict';
// formats/bicep.ts: the resources of a Bicep file with their literal bodies as positioned trees, never throwing;
// and the oauth family's Entra app registrations declared with the Microsoft Graph Bicep extension.
const assert = require('assert');
const path = require('path');
const fc = require('fast-check');
const { engine, tmpWorkspace, applyFix } = require('../helpers');

const { bicepResources } = engine.internals.bicep;

const GRAPH = '00000003-0000-0000-c000-000000000000';
const DIRECTORY_RW_ALL_ROLE = '19dbc75e-c2e2-444c-a770-ec69d8559fc7';
const USER_READ_SCOPE = 'e1fe6dd8-ba31-4d61-89e7-88639da4683d';

const app = (audience, access) => `extension microsoftGraphV1

param appName string = 'standup-reports'

// The reporting micro-app
resource app 'Microsoft.Graph/applications@v1.0' = {
  displayName: appName
  uniqueName: 'standup-reports'
  signInAudience: '${audience}'
  requiredResourceAccess: [
    {
      resourceAppId: '${GRAPH}'
      resourceAccess: [
${access.map(([id, type]) => `        {\n          id: '${id}'\n          type: '${type}'\n        }`).join('\n')}
      ]
    }
  ]
}

resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = if (deploy) {
  name: 'st\${uniqueString(resourceGroup().id)}'
  properties: { supportsHttpsTrafficOnly: true, minimumTlsVersion: 'TLS1_2' }
}
`;

describe('formats/bicep: resources as positioned trees', () => {
  it('reads resources, literal values, interpolation and expressions as unknown, with exact ranges', () => {
    const text = app('AzureADMyOrg', [[USER_READ_SCOPE, 'Scope']]);
    const rs = bicepResources(text);
    assert.deepStrictEqual(rs.map((r) => [r.symbol, r.type, r.apiVersion]), [
      ['app', 'Microsoft.Graph/applications', 'v1.0'],
      ['sa', 'Microsoft.Storage/storageAccounts', '2023-01-01'],
    ]);
    const body = rs[0].body;
    const get = (o, k) => o.entries.find((e) => e.key === k)?.value;
    assert.strictEqual(get(body, 'displayName').type, 'unknown'); // a parameter reference
    const aud = get(body, 'signInAudience');
    assert.deepStrictEqual([aud.type, aud.value, text.slice(aud.start, aud.end)], ['string', 'AzureADMyOrg', "'AzureADMyOrg'"]);
    const access = get(get(body, 'requiredResourceAccess').items[0], 'resourceAccess').items[0];
    assert.strictEqual(get(access, 'id').value, USER_READ_SCOPE);
    const sa = rs[1].body;
    assert.strictEqual(get(sa, 'name').type, 'unknown', 'an interpolated string is not a literal');
    const props = get(sa, 'properties');
    assert.deepStrictEqual([get(props, 'supportsHttpsTrafficOnly').value, get(props, 'minimumTlsVersion').value], [true, 'TLS1_2']);
  });

  it('a comment after an expression ends it (a comma or a bracket in it neither drops nor cuts the resource)', () => {
    const get = (o, k) => o.entries.find((e) => e.key === k)?.value;
    for (const comment of ['// the name, shown to users', '/* shown } to users */']) {
      const text = `resource app 'Microsoft.Graph/applications@v1.0' = {\n  displayName: appName ${comment}\n  signInAudience: 'AzureADMultipleOrgs'\n}\n`;
      const rs = bicepResources(text);
      assert.strictEqual(rs.length, 1, comment);
      assert.strictEqual(text.slice(get(rs[0].body, 'displayName').start, get(rs[0].body, 'displayName').end), 'appName', comment);
      assert.strictEqual(get(rs[0].body, 'signInAudience')?.value, 'AzureADMultipleOrgs', comment);
    }
  });

  it('reads a resource loop whose body is an object literal', () => {
    const text = "resource apps 'Microsoft.Graph/applications@v1.0' = [for n in names: {\n  displayName: n\n  signInAudience: 'AzureADMultipleOrgs'\n}]\n";
    const rs = bicepResources(text);
    assert.deepStrictEqual(rs.map((r) => [r.symbol, r.body.entries.map((e) => e.key)]), [['apps', ['displayName', 'signInAudience']]]);
  });

  it('never throws, and every node it reads lies inside the text (fuzzed)', () => {
    const base = app('AzureADMultipleOrgs', [[DIRECTORY_RW_ALL_ROLE, 'Role']]);
    const walk = (n, text) => {
      assert.ok(n.start >= 0 && n.end <= text.length && n.start <= n.end, JSON.stringify(n).slice(0, 200));
      if (n.type === 'object') for (const e of n.entries) walk(e.value, text);
      if (n.type === 'array') for (const i of n.items) walk(i, text);
    };
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(60), fc.array(fc.constantFrom('{', '}', '[', ']', "'", "'''", '\n', ':', ',', '${', 'resource x ', "'A/b@1' = {", '//', '/*', 'x'), { maxLength: 10 }), (at, cut, ins) => {
        const text = base.slice(0, at) + ins.join('') + base.slice(Math.min(base.length, at + cut));
        for (const r of bicepResources(text)) walk(r.body, text);
      }),
      { numRuns: 400 },
    );
  });
});

describe('oauth family: Entra app registrations in Bicep', () => {
  it('an application permission to the whole directory and a multi-tenant audience are found, and fixed in place', async () => {
    const text = app('AzureADMultipleOrgs', [[DIRECTORY_RW_ALL_ROLE, 'Role'], [USER_READ_SCOPE, 'Scope']]);
    const dir = tmpWorkspace({ 'infra/app.bicep': text });
    const file = path.join(dir, 'infra', 'app.bicep');
    const r = await engine.analyze({ path: file, text });
    const ids = r.findings.filter((f) => f.ruleId.startsWith('iam/oauth-')).map((f) => `${f.ruleId}:${f.range.start.line + 1}`);
    assert.deepStrictEqual(ids.sort(), ['iam/oauth-broad-scope:15', 'iam/oauth-tenant-exposure:9']);
    const grants = r.facts.filter((f) => f.topic === 'iam/grant').map((f) => f.value);
    assert.deepStrictEqual(grants.map((g) => [g.provider, g.class]), [['microsoft', 'broad']]);
    // The audience: set to this organisation only, in Bicep's own quotes.
    const tenant = r.findings.find((f) => f.ruleId === 'iam/oauth-tenant-exposure');
    let fixes = engine.fixesForFinding({ path: file, text }, tenant);
    let out = applyFix(fixes.find((x) => x.isPreferred), { [file]: text })[file];
    assert.match(out, /signInAudience: 'AzureADMyOrg'/);
    // The permission: its preferred fix, applied; the file is still read, and the broad finding is gone.
    const broad = (await engine.analyze({ path: file, text: out })).findings.find((f) => f.ruleId === 'iam/oauth-broad-scope');
    fixes = engine.fixesForFinding({ path: file, text: out }, broad);
    out = applyFix(fixes.find((x) => x.isPreferred), { [file]: out })[file];
    assert.strictEqual(bicepResources(out).length, 2, out);
    const after = await engine.analyze({ path: file, text: out });
    assert.deepStrictEqual(after.findings.filter((f) => f.ruleId === 'iam/oauth-broad-scope' || f.ruleId === 'iam/oauth-tenant-exposure'), []);
  });

  it('removing the last permission of a one-line array leaves no trailing comma', async () => {
    const MAIL_RW_ALL = 'e2a3a72e-5f79-4c64-b1b1-878b674786c9';
    const text = app('AzureADMyOrg', []).replace(/resourceAccess: \[\n\s*\]/, `resourceAccess: [{ id: '${DIRECTORY_RW_ALL_ROLE}', type: 'Role' }, { id: '${MAIL_RW_ALL}', type: 'Role' }]`);
    assert.ok(text.includes(MAIL_RW_ALL), text);
    const file = '/ws/app.bicep';
    const f = (await engine.analyze({ path: file, text })).findings.filter((x) => x.ruleId === 'iam/oauth-broad-scope').pop();
    const fix = engine.fixesForFinding({ path: file, text }, f).find((x) => /^Remove/.test(x.title));
    const out = applyFix(fix, { [file]: text })[file];
    assert.match(out, /resourceAccess: \[\{ id: '[0-9a-f-]+', type: 'Role' \}\]/, out);
  });

  it('a Bicep file without a Graph application, and an app for this organisation with a delegated User.Read, are quiet', async () => {
    const quiet = app('AzureADMyOrg', [[USER_READ_SCOPE, 'Scope']]);
    const r = await engine.analyze({ path: '/ws/app.bicep', text: quiet });
    assert.deepStrictEqual(r.findings.filter((f) => f.ruleId.startsWith('iam/oauth-')), []);
    const storage = "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n}\n";
    assert.deepStrictEqual((await engine.analyze({ path: '/ws/st.bicep', text: storage })).findings.filter((f) => f.ruleId.startsWith('iam/')), []);
  });
});
