/**
 * Domain-separated hashing and RFC 9380 hash-to-field, as plebiscite.crypto.hashing.
 *
 * H(tag, ...values) = SHA-256(enc(tag) ‖ enc(v1) ‖ … ‖ enc(vn)) over the canonical encoding.
 * Fiat–Shamir challenges use RFC 9380 expand_message_xmd (SHA-256) and hash_to_field with
 * k = 128 bits of security: the domain tag is the DST, the canonical encoding the message.
 */

import { sha256 } from '@noble/hashes/sha2.js';

import { bytesToBigint, canonicalBytes, concatBytes, utf8 } from './encoding.js';
import { ParameterError } from './errors.js';

const B_IN_BYTES = 32; // SHA-256 output
const S_IN_BYTES = 64; // SHA-256 block
const SECURITY_BITS = 128;

export { sha256 };

/** SHA-256 of the canonical encoding of `tag` (text) and `values`: 32 bytes. */
export function H(tag, ...values) {
  if (typeof tag !== 'string') throw new ParameterError('H: the tag must be text');
  return sha256(canonicalBytes(tag, ...values));
}

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-256. */
export function expandMessageXmd(msg, dst, lenInBytes) {
  if (!(msg instanceof Uint8Array) || !(dst instanceof Uint8Array)) {
    throw new ParameterError('expand_message_xmd: msg and DST must be bytes');
  }
  if (dst.length > 255) throw new ParameterError('expand_message_xmd: DST longer than 255 bytes');
  const ell = Math.ceil(lenInBytes / B_IN_BYTES);
  if (!Number.isInteger(lenInBytes) || ell > 255 || lenInBytes > 65535 || lenInBytes <= 0) {
    throw new ParameterError(`expand_message_xmd: cannot expand to ${lenInBytes} bytes`);
  }
  const dstPrime = concatBytes(dst, Uint8Array.of(dst.length));
  const msgPrime = concatBytes(
    new Uint8Array(S_IN_BYTES),
    msg,
    Uint8Array.of(lenInBytes >> 8, lenInBytes & 0xff, 0),
    dstPrime,
  );
  const b0 = sha256(msgPrime);
  let bi = sha256(concatBytes(b0, Uint8Array.of(1), dstPrime));
  const blocks = [bi];
  for (let i = 2; i <= ell; i++) {
    const mixed = new Uint8Array(B_IN_BYTES);
    for (let j = 0; j < B_IN_BYTES; j++) mixed[j] = b0[j] ^ bi[j];
    bi = sha256(concatBytes(mixed, Uint8Array.of(i), dstPrime));
    blocks.push(bi);
  }
  return concatBytes(...blocks).slice(0, lenInBytes);
}

function bitLength(n) {
  return n === 0n ? 0 : n.toString(2).length;
}

/** RFC 9380 §5.2 hash_to_field for the prime field of order `modulus` (m = 1): `count` bigints. */
export function hashToField(msg, dst, modulus, count = 1) {
  if (typeof modulus !== 'bigint' || modulus < 2n) {
    throw new ParameterError('hash_to_field: modulus must be a bigint of at least 2');
  }
  const length = Math.ceil((bitLength(modulus) + SECURITY_BITS) / 8);
  const uniform = expandMessageXmd(msg, dst, count * length);
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(bytesToBigint(uniform.subarray(i * length, (i + 1) * length)) % modulus);
  }
  return out;
}

/** A scalar mod `modulus` from the domain `tag` (the DST) and the canonical `values`. */
export function hashToScalar(tag, modulus, ...values) {
  return hashToField(canonicalBytes(...values), utf8(tag), modulus)[0];
}
