/**
 * The randomness seam. Every function that draws randomness takes `rng`: an object with a
 * method `randomBytes(n)` returning a Uint8Array of n bytes, or undefined for the platform's
 * CSPRNG (`crypto.getRandomValues`). Without a CSPRNG the booth refuses to run: nothing falls
 * back to Math.random. An explicit `rng` exists only so tests can reproduce Python's vectors.
 *
 * Integers below a bound are drawn as plebiscite.crypto.rand.DeterministicRandom.randbelow does:
 * byteLength(bound) + 16 random bytes, big-endian, reduced mod bound (bias below 2^-128), so a
 * source that yields the same bytes yields the same scalars as the Python client.
 */

import { bytesToBigint } from './encoding.js';
import { ParameterError } from './errors.js';

/** The platform CSPRNG; throws if the environment has none. */
export const systemRandom = Object.freeze({
  randomBytes(n) {
    const c = globalThis.crypto;
    if (!c || typeof c.getRandomValues !== 'function') {
      throw new Error(
        'no cryptographically secure random number generator (crypto.getRandomValues) is ' +
          'available: the booth cannot encrypt or sign safely here',
      );
    }
    const out = new Uint8Array(n);
    // getRandomValues fills at most 65,536 bytes per call
    for (let at = 0; at < n; at += 65536) c.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
    return out;
  },
});

/** `n` random bytes from `rng` (the system CSPRNG when undefined), length-checked. */
export function randomBytes(rng, n) {
  const source = rng === undefined || rng === null ? systemRandom : rng;
  const out = source.randomBytes(n);
  if (!(out instanceof Uint8Array) || out.length !== n) {
    throw new ParameterError(`randomness source: asked for ${n} bytes, got something else`);
  }
  return out;
}

/** A uniform integer in [0, bound) (bias below 2^-128). */
export function randBelow(rng, bound) {
  if (typeof bound !== 'bigint' || bound <= 0n) throw new ParameterError('bound must be positive');
  const nbytes = Math.ceil(bound.toString(2).length / 8) + 16;
  return bytesToBigint(randomBytes(rng, nbytes)) % bound;
}
