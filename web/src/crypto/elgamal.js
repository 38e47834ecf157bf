/**
 * Exponential ElGamal on secp256k1 (docs/spec.md §5), as plebiscite.crypto.elgamal.encrypt:
 * Enc(m; r) = (α, β) = (g^r, g^m·K^r) with r uniform in [1, n) unless given.
 * g^m is computed as g^(m+1)·g^(−1), so the exponent is never 0 and the bit is never branched on.
 */

import {
  G,
  IDENTITY,
  encodePoint,
  expGSecret,
  expSecret,
  inv,
  isIdentity,
  mod,
  mul,
  pointFromHex,
  pointToHex,
  randomNonzeroScalar,
} from './group.js';
import { EncodingError, ParameterError } from './errors.js';
import { typeName } from './encoding.js';

/** Encrypt the count `m` under `K`; returns `{ciphertext: {alpha, beta}, r}`. */
export function encrypt(K, m, rng, r) {
  const msg = typeof m === 'number' ? BigInt(m) : m;
  if (typeof msg !== 'bigint' || msg < 0n) {
    throw new ParameterError('encrypt: the message must be a non-negative integer');
  }
  if (isIdentity(K)) throw new ParameterError('encrypt: public key: the identity element is not allowed here');
  const rr = r === undefined ? randomNonzeroScalar(rng) : mod(r);
  const alpha = expGSecret(rr);
  const gm = mul(expGSecret(msg + 1n), inv(G));
  const beta = mul(gm, expSecret(K, rr));
  return { ciphertext: { alpha, beta }, r: rr };
}

/** The component-wise product of ciphertexts ((1, 1) for none). */
export function aggregate(ciphertexts) {
  let alpha = IDENTITY;
  let beta = IDENTITY;
  for (const ct of ciphertexts) {
    alpha = mul(alpha, ct.alpha);
    beta = mul(beta, ct.beta);
  }
  return { alpha, beta };
}

/** The JSON form {"alpha": hex, "beta": hex}. */
export function encodeCiphertext(ct) {
  return { alpha: pointToHex(ct.alpha), beta: pointToHex(ct.beta) };
}

/** The canonical value [α bytes, β bytes] of a ciphertext in ballot_stmt. */
export function ciphertextValue(ct) {
  return [encodePoint(ct.alpha), encodePoint(ct.beta)];
}

/** Parse {"alpha", "beta"} strictly (exactly those fields), validating both elements. */
export function decodeCiphertext(obj, role, allowIdentity) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new EncodingError(`${role}: a ciphertext must be an object with alpha and beta, got ${typeName(obj)}`);
  }
  const keys = Object.keys(obj).sort();
  if (keys.length !== 2 || keys[0] !== 'alpha' || keys[1] !== 'beta') {
    throw new EncodingError(
      `${role}: a ciphertext has exactly the fields alpha and beta, got ${JSON.stringify(keys)}`,
    );
  }
  return {
    alpha: pointFromHex(obj.alpha, `${role}.alpha`, allowIdentity),
    beta: pointFromHex(obj.beta, `${role}.beta`, allowIdentity),
  };
}
