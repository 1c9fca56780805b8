'use strict';
// Fix-all applies the safe, preferred fixes that edit or create other files (a .gitignore entry), once each.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { engine, tmpWorkspace, fake } = require('../helpers');

describe('fix-all across files', () => {
  it('a committed .env: fix-all creates the .gitignore entry (another file), once', async () => {
    const dir = tmpWorkspace({ '.env': `API_TOKEN=${fake.token(24, 301)}\nOTHER_TOKEN=${fake.token(24, 302)}\n` });
    const file = path.join(dir, '.env');
    const text = fs.readFileSync(file, 'utf8');
    const ws = new engine.WorkspaceIndex(dir);
    const findings = await engine.analyzeDocument({ path: file, text }, { workspace: ws });
    assert.ok(findings.some((f) => f.ruleId === 'secret/dotenv-committed'));
    const changes = engine.fixAll({ path: file, text }, findings, { workspace: ws });
    assert.deepStrictEqual(changes.map((c) => [path.basename(c.path), !!c.create, c.edits.length]), [['.gitignore', true, 1]]);
    fs.writeFileSync(path.join(dir, '.gitignore'), engine.applyEdits('', changes[0].edits));
    const after = await engine.analyzeDocument({ path: file, text }, { workspace: new engine.WorkspaceIndex(dir) });
    assert.deepStrictEqual(after, [], 'a git-ignored .env is where local secrets belong');
  });

  it('an existing .gitignore is appended to, not replaced', async () => {
    const dir = tmpWorkspace({ '.gitignore': 'node_modules/', 'config/.env': `DB_PASSWORD=${'Xk9#mP2v'}L8qR!\n` });
    const file = path.join(dir, 'config', '.env');
    const text = fs.readFileSync(file, 'utf8');
    const ws = new engine.WorkspaceIndex(dir);
    const changes = engine.fixAll({ path: file, text }, await engine.analyzeDocument({ path: file, text }, { workspace: ws }), { workspace: ws });
    const gi = changes.find((c) => c.path.endsWith('.gitignore'));
    assert.ok(gi && !gi.create);
    assert.strictEqual(engine.applyEdits('node_modules/', gi.edits), 'node_modules/\n/config/.env\n');
  });
});
