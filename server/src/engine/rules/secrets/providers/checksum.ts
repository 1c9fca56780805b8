/** Checksums of token formats that carry one. */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) c = CRC_TABLE[(c ^ s.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62Decode(s: string): number {
  let v = 0;
  for (const ch of s) {
    const d = BASE62.indexOf(ch);
    if (d < 0) return -1;
    v = v * 62 + d;
  }
  return v;
}

/**
 * GitHub classic tokens (ghp_, gho_, ghu_, ghs_, ghr_) and npm tokens (npm_):
 * prefix, 30 random base62 characters, then the CRC-32 of those 30
 * characters in base62, zero-padded to 6.
 */
export function validCrc32Base62Suffix(token: string, prefixLength: number): boolean {
  const body = token.slice(prefixLength);
  if (body.length !== 36) return false;
  const random = body.slice(0, 30);
  const sum = base62Decode(body.slice(30));
  return sum >= 0 && sum === crc32(random);
}

// --- bech32 (age secret keys) ---
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk ^= GEN[i];
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

/** A bech32 string (case-insensitive, one case only) whose checksum holds. */
export function validBech32(s: string): boolean {
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) return false;
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) return false;
  const hrp = lower.slice(0, sep);
  const data: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const d = BECH32.indexOf(ch);
    if (d < 0) return false;
    data.push(d);
  }
  return polymod([...hrpExpand(hrp), ...data]) === 1;
}

/** Creates the 6 bech32 checksum characters (for tests and the benchmark). */
export function bech32Checksum(hrp: string, data: string): string {
  const values = [...hrpExpand(hrp.toLowerCase()), ...[...data.toLowerCase()].map((c) => BECH32.indexOf(c)), 0, 0, 0, 0, 0, 0];
  const mod = polymod(values) ^ 1;
  let out = '';
  for (let p = 0; p < 6; p++) out += BECH32[(mod >>> (5 * (5 - p))) & 31];
  return out;
}

/** Decoded JSON payload of a JWT-shaped string, or undefined. */
export function jwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
