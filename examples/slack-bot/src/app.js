// Stand-up bot: reads yesterday's tickets and posts a summary to #standup.
// Example micro-app for Micro-App Guard. All credentials below are fake.
const { App } = require('@slack/bolt');
const { Client } = require('pg');

const slackToken = "xoxb-2048718287344-2048718287344-Nw6TJHbvfkm3xRqbq2uVsyZ3";
const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
const requestId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"; // a UUID, not a secret
const buildSha = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"; // a commit SHA, not a secret
const openaiKey = process.env.OPENAI_API_KEY; // read from the environment: fine
const adminPassword = "<your-admin-password>"; // placeholder: fine

const db = new Client({
  host: 'db.internal',
  user: 'standup',
  password: "Xk9#mP2vL8qR!",
});

const app = new App({ token: slackToken, signingSecret });

app.command('/standup', async ({ ack, say }) => {
  await ack();
  const { rows } = await db.query('select title from tickets where updated_at > now() - interval 1 day');
  await say(`Yesterday: ${rows.map((r) => r.title).join(', ')} (request ${requestId}, build ${buildSha})`);
});

(async () => {
  await db.connect();
  await app.start(process.env.PORT || 3000);
  console.log('stand-up bot running', Boolean(openaiKey), adminPassword.length);
})();
