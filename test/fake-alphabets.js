'use strict';
// Alphabets and builders of fake credentials for the secretlint tests (preset and prefilter): every fake is assembled at run time from
// pieces and rand(), so the repository holds no literal secret.
const { rand } = require('./helpers');

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALNUM = LETTERS + DIGITS;
const B64 = ALNUM + '+/';
const URLSAFE = ALNUM + '_-';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const PRIV = 'PRIV' + 'ATE KEY';
const pemArmor = (label, body) =>
  [`-----BEGIN ${label}${PRIV}-----`, ...body.match(/.{1,64}/g), `-----END ${label}${PRIV}-----`].join('\n');
// A DER SEQUENCE starts with 0x30, i.e. "MI" in base64: secretlint's magic-byte check.
const derBody = (seed, n = 1180) => 'MI' + 'IEv' + rand(n, B64, seed);

/** A GCP service-account key file (the shape `gcloud iam service-accounts keys create` writes). */
function serviceAccountJson(projectId, privateKey, seed) {
  const email = `orders-api@${projectId}.iam.gserviceaccount.com`;
  const doc = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: rand(40, HEX, seed),
    private_key: privateKey,
    client_email: email,
    client_id: rand(21, DIGITS, seed + 1),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: 'googleapis.com',
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** A 1Password service-account token: "ops_" + base64 of a JSON object. */
function onePasswordToken(seed) {
  const payload = {
    email: rand(13, 'abcdefghijklmnopqrstuvwxyz0123456789', seed) + '@1passwordserviceaccounts.com',
    muk: { alg: 'A256GCM', ext: true, k: rand(43, URLSAFE, seed + 1), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
    secretKey: 'A3-' + [6, 6, 5, 5, 5, 5].map((n, i) => rand(n, 'ABCDEFGHJKLMNPQRSTVWXYZ23456789', seed + 2 + i)).join('-'),
    srpX: rand(64, HEX, seed + 9),
    signInAddress: 'acme.1password.com',
    userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: rand(22, URLSAFE, seed + 10) },
  };
  let json = JSON.stringify(payload);
  // secretlint wants the base64 to end in "fQ" (a final "}" alone in its 3-byte group).
  while (json.length % 3 !== 1) json = json.slice(0, -1) + ' }';
  return 'ops_' + Buffer.from(json).toString('base64');
}

module.exports = { DIGITS, HEX, LETTERS, ALNUM, B64, URLSAFE, UPPER_ALNUM, PRIV, pemArmor, derBody, serviceAccountJson, onePasswordToken };
