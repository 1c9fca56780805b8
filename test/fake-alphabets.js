'use strict';
// Alphabets and builders of fake credentials for the secretlint tests: every fake is assembled at run time from
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

module.exports = { DIGITS, HEX, LETTERS, ALNUM, B64, URLSAFE, UPPER_ALNUM, PRIV, pemArmor, derBody };
