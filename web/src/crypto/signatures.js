/**
 * BIP-340 Schnorr signatures on secp256k1 (@noble/curves), as plebiscite.crypto.signatures:
 * keys are 32-byte x-only keys, signatures 64 bytes, and what is signed is always the 32-byte
 * message H(tag, ...values), never raw text. Signing draws 32 bytes of auxiliary randomness
 * from the CSPRNG (or the injected test source). Verification accepts nothing on any failure.
 */

import { schnorr } from '@noble/curves/secp256k1.js';

import { bytesToBigint, strictHex, toHex } from './encoding.js';
import { EncodingError } from './errors.js';
import { N, P } from './group.js';
import { H } from './hashing.js';
import { randomBytes } from './rand.js';
import { KEY_FINGERPRINT } from './tags.js';

export const SIGNATURE_BYTES = 64;

/** Check a 32-byte x-only key (x < p, the x-coordinate of a point); returns it. */
export function checkXOnly(xonly, role = 'public key') {
  if (!(xonly instanceof Uint8Array) || xonly.length !== 32) {
    throw new EncodingError(`${role}: an x-only key must be exactly 32 bytes`);
  }
  if (bytesToBigint(xonly) >= P) throw new EncodingError(`${role}: x-coordinate is not below the field prime`);
  try {
    schnorr.utils.lift_x(bytesToBigint(xonly));
  } catch {
    throw new EncodingError(`${role}: not the x-coordinate of a secp256k1 point`);
  }
  return xonly;
}

/** An x-only key from 64 lowercase hex characters, checked. */
export function xonlyFromHex(text, role = 'public key') {
  return checkXOnly(strictHex(text, role, 32), role);
}

/** H(KEY_FINGERPRINT, "bip340", xonly) as lowercase hex. */
export function fingerprint(xonly) {
  return toHex(H(KEY_FINGERPRINT, 'bip340', checkXOnly(xonly)));
}

/**
 * A BIP-340 signing key from a 32-byte secret in [1, n). The returned object holds the secret
 * (`secret`, never to be logged) and its x-only public key (`xonly`); its toString hides the
 * secret.
 */
export function signingKey(secret) {
  if (!(secret instanceof Uint8Array) || secret.length !== 32) {
    throw new EncodingError('secret key: must be exactly 32 bytes');
  }
  const k = bytesToBigint(secret);
  if (k <= 0n || k >= N) throw new EncodingError('secret key: must be in [1, n)');
  const key = { secret: secret.slice(), xonly: schnorr.getPublicKey(secret) };
  Object.defineProperty(key, 'toString', { value: () => `SigningKey(public=${toHex(key.xonly)})` });
  Object.defineProperty(key, 'toJSON', { value: () => ({ public: toHex(key.xonly) }) });
  return Object.freeze(key);
}

/** BIP-340 signature over a raw 32-byte message with 32 bytes of aux randomness. */
export function signRaw(key, message32, aux) {
  if (!(message32 instanceof Uint8Array) || message32.length !== 32) {
    throw new EncodingError('message: BIP-340 signs exactly 32 bytes');
  }
  if (!(aux instanceof Uint8Array) || aux.length !== 32) {
    throw new EncodingError('aux randomness: BIP-340 takes exactly 32 bytes');
  }
  return schnorr.sign(message32, key.secret, aux);
}

/** BIP-340 verification over a raw message; false on any failure, never an exception. */
export function verifyRaw(xonly, signature, message) {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) return false;
  if (!(message instanceof Uint8Array)) return false;
  try {
    checkXOnly(xonly);
    return schnorr.verify(signature, message, xonly) === true;
  } catch {
    return false;
  }
}

/** BIP-340 signature over H(tag, ...values); aux from `rng` (the CSPRNG when undefined). */
export function signTagged(key, tag, values, rng) {
  return signRaw(key, H(tag, ...values), randomBytes(rng, 32));
}

/** Whether `signature` by `xonly` is valid over H(tag, ...values). */
export function verifyTagged(xonly, signature, tag, values) {
  return verifyRaw(xonly, signature, H(tag, ...values));
}
