/**
 * The secp256k1 election group on @noble/curves, with plebiscite's strict encodings
 * (docs/spec.md §3.1, §3.3–§3.5), written multiplicatively like plebiscite.crypto.group:
 * "g^x" is the point x·G, the identity is the point at infinity.
 *
 * - An element is exactly 33 bytes, 02/03 ‖ x, or the single byte 00 for the identity. The
 *   decoder refuses any other length, the prefixes 04/06/07 (uncompressed, hybrid), x ≥ p, an x
 *   of no curve point, and the identity unless the role allows it.
 * - A scalar is exactly 32 bytes big-endian, below n.
 * - Secret exponents go through noble's `multiply` (constant-time ladder with fake additions);
 *   public ones through `multiplyUnsafe`. JavaScript BigInt arithmetic itself is not
 *   constant-time: the provers avoid branches on the vote, but no timing guarantee is claimed.
 */

import { secp256k1 } from '@noble/curves/secp256k1.js';

import { bytesToBigint, bigintToBytes, strictHex, toHex } from './encoding.js';
import { GroupElementError, EncodingError, ParameterError } from './errors.js';
import { H } from './hashing.js';
import { randBelow } from './rand.js';
import { GROUP_DESCRIPTION } from './tags.js';

export const Point = secp256k1.Point;
/** the field prime p */
export const P = 2n ** 256n - 2n ** 32n - 977n;
/** the group order n (q) */
export const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** the generator G and the identity */
export const G = Point.BASE;
export const IDENTITY = Point.ZERO;
export const GROUP_NAME = 'secp256k1';
export const ELEMENT_BYTES = 33;
export const SCALAR_BYTES = 32;

/** x mod n in [0, n). */
export function mod(x) {
  const r = x % N;
  return r < 0n ? r + N : r;
}

export function isIdentity(a) {
  return a.is0();
}

/** The strict encoding: 33 bytes 02/03 ‖ x, or 0x00 for the identity. */
export function encodePoint(a) {
  if (!(a instanceof Point)) throw new ParameterError('encodePoint: not a secp256k1 point');
  if (a.is0()) return Uint8Array.of(0);
  return a.toBytes(true);
}

/** Parse a strict encoding; refuse anything else with GroupElementError naming `role`. */
export function decodePoint(data, role, allowIdentity = false) {
  if (!(data instanceof Uint8Array)) {
    throw new GroupElementError(`${role}: expected bytes for a secp256k1 point`);
  }
  if (data.length === 1 && data[0] === 0) {
    if (!allowIdentity) throw new GroupElementError(`${role}: the identity element is not allowed here`);
    return IDENTITY;
  }
  if (data.length !== ELEMENT_BYTES) {
    throw new GroupElementError(
      `${role}: a secp256k1 point is exactly ${ELEMENT_BYTES} bytes (or 0x00 for the identity), ` +
        `got ${data.length}`,
    );
  }
  const prefix = data[0];
  if (prefix !== 2 && prefix !== 3) {
    throw new GroupElementError(
      `${role}: prefix 0x${prefix.toString(16).padStart(2, '0')} is not a compressed point (02 or 03)`,
    );
  }
  if (bytesToBigint(data.subarray(1)) >= P) {
    throw new GroupElementError(`${role}: x-coordinate is not below the field prime`);
  }
  let point;
  try {
    point = Point.fromBytes(data);
    point.assertValidity();
  } catch {
    throw new GroupElementError(`${role}: x-coordinate of no point on secp256k1`);
  }
  if (point.is0()) throw new GroupElementError(`${role}: not a valid point`);
  return point;
}

export function pointToHex(a) {
  return toHex(encodePoint(a));
}

/** A point from lowercase hex of its strict encoding. */
export function pointFromHex(text, role, allowIdentity = false) {
  return decodePoint(strictHex(text, role), role, allowIdentity);
}

/** Exactly 32 big-endian bytes of k mod n. */
export function encodeScalar(k) {
  return bigintToBytes(mod(k), SCALAR_BYTES);
}

/** Parse a scalar: exactly 32 bytes, below n. */
export function decodeScalar(data, role) {
  if (!(data instanceof Uint8Array) || data.length !== SCALAR_BYTES) {
    throw new EncodingError(`${role}: scalar must be ${SCALAR_BYTES} bytes`);
  }
  const k = bytesToBigint(data);
  if (k >= N) throw new EncodingError(`${role}: scalar is not below the group order`);
  return k;
}

export function scalarToHex(k) {
  return toHex(encodeScalar(k));
}

export function scalarFromHex(text, role) {
  return decodeScalar(strictHex(text, role, SCALAR_BYTES), role);
}

/** g^k for a secret k (constant-time ladder; k ≡ 0 gives the identity). */
export function expGSecret(k) {
  const e = mod(k);
  return e === 0n ? IDENTITY : G.multiply(e);
}

/** a^k for a secret k. */
export function expSecret(a, k) {
  const e = mod(k);
  return e === 0n || a.is0() ? IDENTITY : a.multiply(e);
}

/** a^k for a public k (variable time). */
export function exp(a, k) {
  return a.multiplyUnsafe(mod(k));
}

export function mul(a, b) {
  return a.add(b);
}

export function div(a, b) {
  return a.subtract(b);
}

export function inv(a) {
  return a.negate();
}

/** The product of `elements` (the identity for none). */
export function prod(elements) {
  let acc = IDENTITY;
  for (const e of elements) acc = acc.add(e);
  return acc;
}

export function pointsEqual(a, b) {
  return a.equals(b);
}

/** A uniform scalar in [0, n). */
export function randomScalar(rng) {
  return randBelow(rng, N);
}

/** A uniform scalar in [1, n). */
export function randomNonzeroScalar(rng) {
  return 1n + randBelow(rng, N - 1n);
}

/** The group's description map, hashed into every challenge (docs/spec.md §3.1). */
export function description() {
  return { name: GROUP_NAME, p: P, a: 0n, b: 7n, g: encodePoint(G), n: N, h: 1n };
}

let cachedGroupHash;

/** H(GROUP_DESCRIPTION, description): the group as bound into every challenge. */
export function groupHash() {
  if (cachedGroupHash === undefined) cachedGroupHash = H(GROUP_DESCRIPTION, description());
  return cachedGroupHash.slice();
}
