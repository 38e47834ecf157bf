/**
 * Voters' secret credentials and the BIP-340 keys derived from them (docs/spec.md §8.1–§8.3),
 * as plebiscite.crypto.credential.
 *
 * A credential is 28 characters of Crockford base32 (alphabet 0123456789ABCDEFGHJKMNPQRSTVWXYZ):
 * 26 random and 2 check characters, making the 28-character base-32 value V ≡ T (mod 1021) with
 * T = int(H(CREDENTIAL_CHECKSUM, "crockford-mod-1021")) mod 1021. Parsing accepts lower case,
 * spaces, tabs and hyphens anywhere, I/L for 1 and O for 0.
 *
 *   salt = enc(CREDENTIAL_KEY) ‖ enc(election_id as 16 bytes)
 *   okm  = HKDF-SHA256(ikm = the 28 normalised characters (ASCII), salt,
 *                      info = enc(CREDENTIAL_KEY) ‖ enc("hkdf-sha256"), L = 48)   (hkdf-sha256)
 *        | scrypt(password = the same characters, salt, N, r, p = the manifest's, dkLen = 48)
 *   x    = int(okm) mod n      (x = 0 refused)
 *
 * The manifest's kdf names the derivation: {algorithm: 'hkdf-sha256'}, or
 * {algorithm: 'scrypt', n, r, p} for elections of the older kind ({n, r, p} alone means scrypt).
 *
 * Error messages never contain the credential or any part of it.
 */

import { hkdf } from '@noble/hashes/hkdf.js';
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { bigintToBytes, bytesToBigint, canonicalBytes } from './encoding.js';
import { InputError, ParameterError } from './errors.js';
import { N } from './group.js';
import { H } from './hashing.js';
import { signingKey } from './signatures.js';
import { CREDENTIAL_CHECKSUM, CREDENTIAL_KEY } from './tags.js';

export const CREDENTIAL_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CREDENTIAL_CHARS = 28;
export const ELECTION_ID_BYTES = 16;
const CHECK_MODULUS = 1021n;
const DERIVED_BYTES = 48;
export const HKDF_SHA256 = 'hkdf-sha256';
const IGNORED = new Set([' ', '-', '\t']);
const TYPED = new Map([...CREDENTIAL_ALPHABET].map((ch, i) => [ch, i]));
TYPED.set('I', 1);
TYPED.set('L', 1);
TYPED.set('O', 0);
// bounds of the election definition (plebiscite.model.definition): a hostile manifest cannot
// make the voter's device allocate without limit
const MAX_LOG2_N = 24;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 2 ** 31;

let checkTarget;

function target() {
  if (checkTarget === undefined) {
    checkTarget = bytesToBigint(H(CREDENTIAL_CHECKSUM, 'crockford-mod-1021')) % CHECK_MODULUS;
  }
  return checkTarget;
}

function value(chars) {
  let v = 0n;
  for (const ch of chars) v = v * 32n + BigInt(TYPED.get(ch));
  return v;
}

/**
 * `length` Crockford characters typed leniently (§8.1: either case, spaces, tabs and hyphens
 * anywhere, I/L for 1, O for 0), normalised, with §8.2's check; InputError naming `what` (never
 * echoing the text) otherwise. A credential and a sheet's share (spec §16.4) are read this way.
 */
export function normaliseChecked(text, length, what) {
  if (typeof text !== 'string') throw new InputError(`${what}: expected text`);
  const chars = [];
  for (const ch of text.toUpperCase()) {
    if (IGNORED.has(ch)) continue;
    const digit = TYPED.get(ch);
    if (digit === undefined) {
      throw new InputError(
        `${what}: character ${chars.length + 1} is not one of the ${what}'s letters and ` +
          'digits (0-9 and A-Z without U)',
      );
    }
    chars.push(CREDENTIAL_ALPHABET[digit]);
  }
  if (chars.length !== length) {
    throw new InputError(
      `${what}: expected ${length} letters and digits (spaces and hyphens aside), ` +
        `got ${chars.length}`,
    );
  }
  const normalised = chars.join('');
  if (value(normalised) % CHECK_MODULUS !== target()) {
    throw new InputError(`${what}: the check characters do not match; a character is mistyped`);
  }
  return normalised;
}

/** The base-32 integer of normalised Crockford characters (first most significant). */
export function crockfordValue(chars) {
  return value(chars);
}

function encodeBase32(v, width) {
  let out = '';
  let rest = v;
  for (let i = 0; i < width; i++) {
    out = CREDENTIAL_ALPHABET[Number(rest % 32n)] + out;
    rest /= 32n;
  }
  return out;
}

/** `v` as `width` Crockford characters followed by §8.2's two check characters. */
export function withCheck(v, width) {
  const body = encodeBase32(v, width);
  // V = body·32² + c must be ≡ T (mod 1021); c < 1021 < 32² fits in two characters
  const check = (((target() - value(body) * 1024n) % CHECK_MODULUS) + CHECK_MODULUS) % CHECK_MODULUS;
  return body + encodeBase32(check, 2);
}

/**
 * Normalise and check what a voter typed; returns a frozen credential object whose `text` is the
 * 28 normalised characters (secret) and whose toString hides them. Throws InputError.
 */
export function parseCredential(text) {
  const normalised = normaliseChecked(text, CREDENTIAL_CHARS, 'credential');
  const credential = { text: normalised };
  Object.defineProperty(credential, 'toString', { value: () => 'Credential(<secret>)' });
  Object.defineProperty(credential, 'toJSON', { value: () => 'Credential(<secret>)' });
  return Object.freeze(credential);
}

/** The credential in groups of four joined by hyphens, as printed. */
export function groupedCredential(credential) {
  return credential.text.match(/.{4}/g).join('-');
}

/**
 * Validate a credential derivation as the election definition does: {algorithm: 'hkdf-sha256'}
 * (no parameters), or scrypt's {algorithm: 'scrypt', n, r, p} ({n, r, p} alone means scrypt).
 * Returns a frozen copy.
 */
export function checkKdf(kdf, role = 'kdf') {
  if (kdf === null || typeof kdf !== 'object') {
    throw new ParameterError(`${role}: expected {algorithm} or {algorithm, n, r, p}`);
  }
  const algorithm = kdf.algorithm === undefined && 'n' in kdf ? 'scrypt' : kdf.algorithm;
  if (algorithm === HKDF_SHA256) {
    const extra = Object.keys(kdf).filter((key) => key !== 'algorithm');
    if (extra.length) throw new ParameterError(`${role}: hkdf-sha256 takes no ${extra.join(', ')}`);
    return Object.freeze({ algorithm });
  }
  if (algorithm !== 'scrypt') {
    throw new ParameterError(
      `${role}.algorithm: expected "hkdf-sha256" or "scrypt", got ${JSON.stringify(kdf.algorithm)}`,
    );
  }
  const { n, r, p } = kdf;
  for (const [name, v] of [['n', n], ['r', r], ['p', p]]) {
    if (!Number.isSafeInteger(v)) throw new ParameterError(`${role}.${name}: must be an integer`);
  }
  if (n < 2 || (n & (n - 1)) !== 0 || n > 2 ** MAX_LOG2_N) {
    throw new ParameterError(`${role}.n: must be a power of two in [2, 2^${MAX_LOG2_N}], got ${n}`);
  }
  if (r < 1 || r > MAX_R) throw new ParameterError(`${role}.r: must be in [1, ${MAX_R}], got ${r}`);
  if (p < 1 || p > MAX_P) throw new ParameterError(`${role}.p: must be in [1, ${MAX_P}], got ${p}`);
  if (128 * n * r > MAX_MEMORY) throw new ParameterError(`${role}: 128·n·r exceeds 2 GiB of memory`);
  return Object.freeze({ algorithm, n, r, p });
}

/** The derivation's salt: enc(CREDENTIAL_KEY) ‖ enc(election_id). */
export function credentialSalt(electionId) {
  if (!(electionId instanceof Uint8Array) || electionId.length !== ELECTION_ID_BYTES) {
    throw new ParameterError(`election_id: must be exactly ${ELECTION_ID_BYTES} bytes`);
  }
  return canonicalBytes(CREDENTIAL_KEY, electionId);
}

function keyFromOkm(okm) {
  const x = bytesToBigint(okm) % N;
  if (x === 0n) throw new ParameterError('credential key: derived scalar is zero; issue a new credential');
  return signingKey(bigintToBytes(x, 32));
}

function scryptOptions({ n, r, p }, extra) {
  return { N: n, r, p, dkLen: DERIVED_BYTES, maxmem: 128 * r * (n + p) + 4096, ...extra };
}

function hkdfOkm(credential, electionId) {
  const info = canonicalBytes(CREDENTIAL_KEY, HKDF_SHA256);
  return hkdf(sha256, password(credential), credentialSalt(electionId), info, DERIVED_BYTES);
}

function password(credential) {
  if (credential === null || typeof credential !== 'object' || typeof credential.text !== 'string') {
    throw new InputError('credential: expected a parsed credential');
  }
  return new TextEncoder().encode(credential.text);
}

/**
 * The credential's BIP-340 signing key for one election (async: scrypt yields to the page every
 * few milliseconds; `onProgress(fraction)` reports progress). Returns {secret, xonly}.
 */
export async function deriveSigningKey(credential, electionId, kdf, onProgress) {
  const checked = checkKdf(kdf);
  if (checked.algorithm === HKDF_SHA256) {
    const key = keyFromOkm(hkdfOkm(credential, electionId));
    if (onProgress) onProgress(1);
    return key;
  }
  const opts = scryptOptions(checked, onProgress ? { onProgress } : {});
  const okm = await scryptAsync(password(credential), credentialSalt(electionId), opts);
  return keyFromOkm(okm);
}

/** The same derivation, blocking (for workers and tests). */
export function deriveSigningKeySync(credential, electionId, kdf) {
  const checked = checkKdf(kdf);
  if (checked.algorithm === HKDF_SHA256) return keyFromOkm(hkdfOkm(credential, electionId));
  const okm = scrypt(password(credential), credentialSalt(electionId), scryptOptions(checked, {}));
  return keyFromOkm(okm);
}
