'use strict';
// (f) the command behind the status bar item is registered and runs.

const assert = require('assert');
const vscode = require('vscode');
const { ensureActive } = require('./helpers');

const SHOW_OUTPUT = 'microappGuard.showOutput';

describe('Micro-App Guard: commands', function () {
  before(async function () {
    await ensureActive();
  });

  it(`registers ${SHOW_OUTPUT}`, async function () {
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(SHOW_OUTPUT)) {
      const related = commands.filter((c) => /microapp|guard/i.test(c)).sort();
      assert.fail(`command ${SHOW_OUTPUT} is not registered. Commands that look related: ${related.join(', ') || '(none)'}`);
    }
  });

  it(`runs ${SHOW_OUTPUT} without an error`, async function () {
    await vscode.commands.executeCommand(SHOW_OUTPUT);
  });
});
