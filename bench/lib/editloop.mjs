// The edit loop of the language-server bench (sections 2 and 7): opens a
// document, then alternately inserts a line with a fresh fake secret at a
// fixed place and removes it again, timing each edit until the diagnostics
// (pull response, or the push for that version) show the change.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { makeRng, secretMaker } from './corpus.mjs';

export const FRESH_KINDS = [
  { kind: 'slack', code: 'secretlint/slack', line: (sm) => `const slackBotToken = "${sm.slack()}";` },
  { kind: 'github', code: 'secretlint/github', line: (sm) => `const ghToken = '${sm.github()}';` },
  // secretlint's pattern needs a word character at the end of the 40-character key.
  { kind: 'aws-secret', code: 'secretlint/aws', line: (sm) => `const awsSecretAccessKey = "${sm.awsSecret().slice(0, 39)}Q";` },
  { kind: 'password', code: 'secret/generic-credential', line: (sm) => `const dbPassword = "${sm.password().replace(/['"`\\]/g, '')}";` },
];

export function hasAt(diags, line, code) {
  return diags.some((d) => d.range.start.line === line && d.code === code && d.source === 'microapp-guard');
}

/**
 * Opens `file` in `session`, then applies `edits` incremental changes that
 * alternately insert a line with a fresh fake secret at the middle and remove
 * it again, timing each until the diagnostics show the change.
 */
export async function editLoop(session, file, { lines, edits, seed, memoryAt = [], insertAt, kinds = FRESH_KINDS, languageId = 'typescript' }) {
  const uri = pathToFileURL(file).href;
  const text = fs.readFileSync(file, 'utf8');
  const sm = secretMaker(makeRng(seed));
  let version = 1;
  let resultId;
  const mid = insertAt ?? Math.floor(lines / 2);
  const mismatches = [];
  const memory = [];
  let retries = 0;

  const getDiags = async (v) => {
    if (session.mode === 'pull') {
      const { report, retries: r } = await session.pull(uri, resultId);
      retries += r;
      if (report.kind === 'unchanged') throw new Error(`pull for v${v} answered "unchanged" after an edit`);
      resultId = report.resultId;
      return report.items;
    }
    return (await session.waitForPush(uri, (p) => p.version === v)).diagnostics;
  };

  // Open: time to the first diagnostics.
  const openStart = performance.now();
  const pushed = session.mode === 'push' ? session.waitForPush(uri, (p) => p.version === 1) : null;
  session.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  const baseline = session.mode === 'pull' ? await getDiags(1) : (await pushed).diagnostics;
  const openMs = performance.now() - openStart;
  const base = baseline.length;

  const times = [];
  const sentAt = new Map(); // version -> performance.now() of its didChange
  const pushLogStart = session.pushLog.length;
  for (let i = 0; i < edits; i++) {
    const insert = i % 2 === 0;
    const fk = kinds[(i >> 1) % kinds.length];
    version++;
    const change = insert
      ? { range: { start: { line: mid, character: 0 }, end: { line: mid, character: 0 } }, text: fk.line(sm) + '\n' }
      : { range: { start: { line: mid, character: 0 }, end: { line: mid + 1, character: 0 } }, text: '' };
    const started = performance.now();
    sentAt.set(version, started);
    const waiter = session.mode === 'push' ? session.waitForPush(uri, (p) => p.version === version) : null;
    session.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const diags = session.mode === 'pull' ? await getDiags(version) : (await waiter).diagnostics;
    times.push(performance.now() - started);
    const ok = insert ? hasAt(diags, mid, fk.code) && diags.length === base + 1 : !hasAt(diags, mid, fk.code) && diags.length === base;
    if (!ok) {
      mismatches.push(
        `v${version} ${insert ? `insert ${fk.kind}` : `remove ${fk.kind}`}: expected ${insert ? `${base + 1} diagnostics incl. ${fk.code} on line ${mid + 1}` : `${base} diagnostics`}, got ${diags.length}: ${diags.map((d) => `${d.code}@${d.range.start.line + 1}`).join(', ')}`,
      );
    }
    if (memoryAt.includes(i + 1)) memory.push({ afterEdits: i + 1, ...session.memory(), afterGc: await session.heapAfterGc() });
  }
  let duplicatePushes = 0;
  let earlyPushes = 0;
  if (session.mode === 'push') {
    await new Promise((r) => setTimeout(r, 400)); // let stray pushes arrive before closing
    const seen = new Set();
    for (const p of session.pushLog.slice(pushLogStart)) {
      if (p.uri !== uri) continue;
      if (seen.has(p.version)) duplicatePushes++;
      seen.add(p.version);
      if (sentAt.has(p.version) && p.at - sentAt.get(p.version) < 150) earlyPushes++;
    }
  }
  session.notify('textDocument/didClose', { textDocument: { uri } });
  return { uri, openMs, baseline: base, times, mismatches, memory, retries, finalVersion: version, duplicatePushes, earlyPushes };
}
