'use strict';
// The manifest's data flows (infer.ts): a file is read with a flow rule's pattern only when it holds one of the rule's
// literal words, all found in one pass. The words must be necessary: every line a rule's pattern matches holds one.
const assert = require('assert');
const fc = require('fast-check');
const { internals } = require('../helpers').engine;
const { FLOW_RULES, flowWordsIn, inferFlows } = internals.manifest;

// Pieces of the patterns (their literals, separators and near misses), in any case, and random text between them.
const PIECES = [
  'app', 'router', 'server', 'api', 'fastify', 'bp', 'blueprint', '@', '.', '(', ')', "'", '"', '`', ' ', '\t', '/', ':', '_', '-',
  'get', 'post', 'put', 'patch', 'delete', 'all', 'route', 'event', 'command', 'message', 'action', 'shortcut', 'view',
  'http', 'createServer', 'export', 'async', 'function', 'GET', 'POST', 'webhooks', 'webhook', 'constructEvent', 'construct_event', 'Webhook',
  'spreadsheets', 'values', 'batchGet', 'get_all_records', 'get_all_values', 'worksheet', 'getSheetByName', 'append', 'update', 'batchUpdate',
  'append_row', 'update_cell', 'appendRow', 'ReceiveMessageCommand', 'receive_message', 'consumer', 'subscribe', 'consume',
  'cron', 'schedule', 'node-cron', '@Scheduled', 'APScheduler', 'apscheduler.schedulers', 'every', 'postgres', 'postgresql', '://', 'require', 'from', 'pg',
  'import', 'psycopg', 'psycopg2', 'connect', 'mysql', 'mysql2', 'mariadb', 'pymysql', 'mysql.connector', 'mongodb', '+srv', 'mongoose',
  'pymongo', 'redis', 'rediss', 'ioredis', 'sqlite', 'sqlite3', 'better-sqlite3', '@prisma/client', 'sequelize', 'typeorm', 'knex',
  'sqlalchemy', 'flask_sqlalchemy', 'SQLALCHEMY_DATABASE_URI', 'DynamoDBClient', 'dynamodb', 'aws_dynamodb_table', 'AWS::DynamoDB::Table',
  'firestore', 'PutObjectCommand', 'GetObjectCommand', 'putObject', 'put_object', 'upload_file', 'boto3', 'client', 'resource', 's3',
  'aws_s3_bucket', 'AWS::S3::Bucket', '@google-cloud/storage', 'google', 'cloud', 'storage', 'google_storage_bucket', 'BlobServiceClient',
  'azurerm_storage_account', 'chat', 'postMessage', 'chat_postMessage', 'hooks.slack.com', 'say', 'nodemailer', '@sendgrid/mail',
  'sendgrid', 'smtplib', 'SendEmailCommand', 'send_email',
];
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PIECES).chain((p) => fc.constantFrom(p, p.toUpperCase(), p.toLowerCase())) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);
const line = fc.array(piece, { maxLength: 14 }).map((a) => a.join(''));

describe('manifest: data flows read only files holding a rule\'s words', () => {
  it('every line a rule matches holds one of its words, read as the one-pass search finds them (property)', () => {
    fc.assert(
      fc.property(line, (l) => {
        const found = flowWordsIn(l);
        for (const r of FLOW_RULES) if (r.re.test(l)) assert.ok(r.words.some((w) => found.has(w)), `${r.name}: ${JSON.stringify(l)} (found ${[...found]})`);
      }),
      { numRuns: 20000 },
    );
  });

  it('every text a rule matches holds one of its words: texts generated from each rule\'s own pattern (property)', () => {
    // fast-check writes strings that match a pattern (without \\b, which it does not support: a space around them, and
    // only those the real pattern matches count), in the case the pattern writes or all upper or lower case.
    for (const r of FLOW_RULES) {
      const gen = fc.tuple(fc.stringMatching(new RegExp(r.re.source.replace(/\\b/g, ''))), fc.constantFrom('same', 'upper', 'lower'), fc.string({ maxLength: 6 }));
      fc.assert(
        fc.property(gen, ([core, casing, tail]) => {
          const body = casing === 'upper' ? core.toUpperCase() : casing === 'lower' ? core.toLowerCase() : core;
          const text = ` ${body} ${tail}`;
          if (!r.re.test(text)) return;
          const found = flowWordsIn(text);
          assert.ok(r.words.some((w) => found.has(w)), `${r.name}: ${JSON.stringify(text)} (found ${[...found]})`);
        }),
        { numRuns: 400 },
      );
    }
  });

  it('finds exactly the words a text holds, wherever they meet (property: the text lower-cased holds each word it finds, and no other)', () => {
    const words = [...new Set(FLOW_RULES.flatMap((r) => r.words))];
    const ascii = fc.array(piece, { maxLength: 20 }).map((a) => a.join('').replace(/[^\x00-\x7f]/g, ''));
    fc.assert(
      fc.property(ascii, (t) => {
        const lower = t.toLowerCase();
        assert.deepStrictEqual([...flowWordsIn(t)].sort(), words.filter((w) => lower.includes(w)).sort(), JSON.stringify(t));
      }),
      { numRuns: 20000 },
    );
  });

  it('words are lower case and none starts another (so the one-pass search misses none where two meet)', () => {
    const words = [...new Set(FLOW_RULES.flatMap((r) => r.words))];
    for (const w of words) assert.strictEqual(w, w.toLowerCase(), w);
    for (const a of words) for (const b of words) if (a !== b) assert.ok(!b.startsWith(a), `${a} starts ${b}`);
    // Words inside or right after another are found: "spreadsheets.values." then ".get(" at the dot it ends with.
    assert.deepStrictEqual([...flowWordsIn('sheets.spreadsheets.values.get(')].sort(), ['.get(', 'spreadsheets.values.']);
  });

  it('finds the flows of files that name them (the words are read in any case, the patterns as they are written)', () => {
    const files = [
      { path: 'src/app.js', text: "const { Pool } = require('pg');\napp.get('/x', h);\nawait s3.putObject({ Bucket: 'b' });\n" },
      { path: 'jobs/run.py', text: 'SCHEDULE.every(10)  # a constant, not the library\nschedule.every(10).minutes.do(job)\nimport smtplib\n' },
      { path: 'README.md', text: "require('pg')\n" },
    ];
    const flows = inferFlows(files);
    const names = (xs) => xs.map((x) => `${x.name}@${x.evidence.map((e) => `${e.file}:${e.line}`).join(',')}`).sort();
    assert.deepStrictEqual(names(flows.stores), ['Amazon S3@src/app.js:3', 'PostgreSQL@src/app.js:1']);
    assert.deepStrictEqual(names(flows.sources), ['HTTP handler@src/app.js:2', 'Scheduled job@jobs/run.py:2']);
    assert.deepStrictEqual(names(flows.sinks), ['Email@jobs/run.py:3']);
    // APScheduler as Python imports it (its package name is lower case).
    const py = inferFlows([{ path: 'worker/jobs.py', text: 'import os\nfrom apscheduler.schedulers.blocking import BlockingScheduler\n' }]);
    assert.deepStrictEqual(names(py.sources), ['Scheduled job@worker/jobs.py:2']);
  });
});
