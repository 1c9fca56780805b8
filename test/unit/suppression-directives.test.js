'use strict';
// A suppression directive counts only inside a comment, and only over the text it covers.
const assert = require('assert');
const { analyze, fake } = require('../helpers');

describe('suppression: a directive counts only inside a comment, only where it applies', () => {
  const slack = fake.slack();
  it('prose mentioning a directive does not suppress', async () => {
    for (const [file, text] of [
      ['/ws/a.js', `// Do not use secretlint-disable here\nconst t = "${slack}";\n`],
      ['/ws/README.md', `Suppress with \`secretlint-disable\` and \`secretlint-enable\`.\n\nSLACK=${slack}\n`],
    ]) {
      assert.strictEqual((await analyze(text, file)).length, 1, text);
    }
  });
  it('directive-like prose does not suppress (Markdown, bullets, inline code, YAML strings)', async () => {
    for (const [file, text] of [
      ['/ws/README.md', `Put \`# secretlint-disable\` above a block.\n\nSLACK=${slack}\n`],
      ['/ws/README.md', `* secretlint-disable: turns checks off\n\nSLACK=${slack}\n`],
      ['/ws/notes.txt', `Use \`# secretlint-disable\` sparingly.\nSLACK=${slack}\n`],
    ]) {
      assert.strictEqual((await analyze(text, file)).length, 1, text);
    }
  });
  it('disable and enable on one line cover only what is between them', async () => {
    const text = `/* secretlint-disable */ const a = "${slack}"; /* secretlint-enable */\nconst b = "${slack}";\n`;
    assert.deepStrictEqual((await analyze(text, '/ws/a.js')).map((f) => f.range.start.line), [1]);
  });
});
