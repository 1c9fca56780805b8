'use strict';
// The code uses a file that declares OAuth scopes reads across the folder: tallied once per list of the model, the
// file's own published uses replaced by its text's. Fake data only.
const assert = require('assert');
const fc = require('fast-check');
const { engine, analyzeFolder } = require('../helpers');

const oauth = engine.internals.oauth;

const PATHS = ['/ws/a.js', '/ws/b.py', '/ws/c.js', '/ws/manifest.yml'];
const PLATFORMS = ['slack', 'google', 'microsoft', 'github'];
const use = fc.record({ platform: fc.constantFrom(...PLATFORMS), uses: fc.array(fc.constantFrom('chat.postMessage', 'users.info', 'drive.files', 'repos.get'), { maxLength: 3 }) });

describe('oauth: the folder code a declaring file reads', () => {
  it("is its own uses and every other file's, by platform; a platform without code is absent (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...PATHS), use), { maxLength: 16 }),
        fc.constantFrom(...PATHS),
        fc.array(use, { maxLength: 3 }),
        fc.subarray(PLATFORMS, { minLength: 1 }),
        (listed, path, own, declared) => {
          const folder = listed.map(([p, value]) => ({ path: p, value }));
          // The reference: its own uses (every platform), then the other files' of the declared platforms.
          const want = new Map();
          for (const u of [...own, ...folder.filter((f) => f.path !== path && declared.includes(f.value.platform)).map((f) => f.value)]) {
            const s = want.get(u.platform) ?? new Set();
            for (const x of u.uses) s.add(x);
            want.set(u.platform, s);
          }
          const got = oauth.usesIn(own, folder, path, new Set(declared));
          const plain = (m) => [...m].map(([p, s]) => [p, [...s].sort()]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
          assert.deepStrictEqual(plain(got), plain(want));
          // Asked again of the same list (its tally kept), by another file: that file's answer.
          const other = PATHS.find((p) => p !== path);
          const again = oauth.usesIn([], folder, other, new Set(declared));
          const wantOther = new Set(folder.filter((f) => f.path !== other && declared.includes(f.value.platform)).map((f) => f.value.platform));
          assert.deepStrictEqual([...again.keys()].sort(), [...wantOther].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  const manifest = `display_information:\n  name: Bot\noauth_config:\n  scopes:\n    bot:\n      - chat:write\n      - users:read\n`;
  const code = (method) => `const { App } = require('@slack/bolt');\nconst app = new App({ token: process.env.SLACK_BOT_TOKEN });\napp.command('/x', async ({ ack, client }) => {\n  await ack();\n  await client.${method}({ channel: 'C1', text: 'hi' });\n});\n`;
  async function unused(files, published = files) {
    const f = (await analyzeFolder({ '/ws/manifest.yml': files['/ws/manifest.yml'] }, published))['/ws/manifest.yml'];
    return f.filter((x) => x.ruleId === 'iam/oauth-unused-scope').map((x) => files['/ws/manifest.yml'].split('\n')[x.range.start.line].trim()).sort();
  }

  it("a manifest's scopes are used by the code of other files, as they are now", async () => {
    assert.deepStrictEqual(await unused({ '/ws/manifest.yml': manifest, '/ws/a.js': code('chat.postMessage') }), ['- users:read']);
    assert.deepStrictEqual(await unused({ '/ws/manifest.yml': manifest, '/ws/a.js': code('chat.postMessage'), '/ws/b.js': code('users.info') }), []);
  });

  it('a file that declares scopes and calls the API reads its own text, not what it published before', async () => {
    // A Bolt app with its scopes in its code: the model holds it as it was (calling users.info), its text calls
    // chat.postMessage only, and no other file has code.
    const app = (method) =>
      `const { App } = require('@slack/bolt');\nconst app = new App({ clientId: process.env.ID, clientSecret: process.env.SECRET, stateSecret: process.env.STATE, scopes: ['chat:write', 'users:read'] });\napp.command('/x', async ({ ack, client }) => {\n  await ack();\n  await client.${method}({ channel: 'C1', text: 'hi' });\n});\n`;
    const unusedIn = async (text, publishedText) => {
      const model = new engine.WorkspaceModel('/ws');
      model.update('/ws/app.js', engine.documentFacts(engine.documentContext({ path: '/ws/app.js', text: publishedText })));
      const f = (await engine.analyze({ path: '/ws/app.js', text }, { model })).findings;
      return f.filter((x) => x.ruleId === 'iam/oauth-unused-scope').map((x) => text.split('\n')[x.range.start.line].slice(x.range.start.character, x.range.end.character));
    };
    assert.deepStrictEqual(await unusedIn(app('chat.postMessage'), app('users.info')), ['users:read']);
    assert.deepStrictEqual(await unusedIn(app('users.info'), app('chat.postMessage')), ['chat:write']);
    assert.deepStrictEqual(await unusedIn(app('chat.postMessage'), app('chat.postMessage')), ['users:read']);
  });

  it('a file that declares scopes says it reads other files (the index checks it once every file is read)', () => {
    const doc = (path, text) => engine.documentContext({ path, text });
    assert.strictEqual(engine.readsOtherFiles(doc('/ws/manifest.yml', manifest)), true);
    assert.strictEqual(engine.readsOtherFiles(doc('/ws/a.js', code('chat.postMessage'))), false, 'code that declares nothing reads nothing');
    assert.strictEqual(engine.readsOtherFiles(doc('/ws/notes.yml', 'name: notes\nitems: [a, b]\n')), false);
  });
});

describe('oauth: the API calls code makes', () => {
  const cat = engine.internals.oauthCatalog;
  const hint = { slack: "require('@slack/web-api')", google: "require('googleapis')", microsoft: "require('@microsoft/microsoft-graph-client')", github: "require('@octokit/rest')" };
  it("every marker of every platform's catalogue is found in a call, whatever other platforms' markers it holds", () => {
    // Every platform's SDK in the file: a marker of one platform inside another's (Google's `.users` in Slack's
    // `client.users.info`) must not hide it.
    const head = Object.values(hint).join(';\n');
    const missed = [];
    for (const p of cat.PLATFORMS) {
      const markers = new Set(Object.values(cat.catalogue(p).scopes).flatMap((e) => e.uses ?? []));
      for (const m of markers) {
        const uses = engine.internals.oauthCode.codeUses(`${head};\nawait client.${m}({});\n`, 'app.js').find((u) => u.platform === p)?.uses ?? [];
        if (!uses.includes(m)) missed.push(`${p}: ${m}`);
      }
    }
    assert.deepStrictEqual(missed, []);
  });
});

describe('a family that cannot tell whether a document reads other files', () => {
  it('says yes (the check, run once every file is read, reports what stopped it) and the others are still asked', () => {
    const fam = {
      name: 'throwing-reader',
      category: 'iam',
      idPrefixes: ['throwing-reader/'],
      rules: [],
      appliesTo: (doc) => doc.path.endsWith('.throw'),
      readsOtherFiles: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
      check: async () => [],
    };
    engine.registerFamily(fam);
    try {
      assert.strictEqual(engine.readsOtherFiles(engine.documentContext({ path: '/ws/x.throw', text: 'a: 1\n' })), true);
      assert.strictEqual(engine.readsOtherFiles(engine.documentContext({ path: '/ws/x.txt', text: 'a: 1\n' })), false, 'not a document it looks at');
    } finally {
      const i = engine.FAMILIES.indexOf(fam);
      if (i >= 0) engine.FAMILIES.splice(i, 1);
    }
  });
});
