// 0/1 and range proofs: JavaScript reproduces Python's proofs byte for byte from the same
// randomness and verifies them, including responses v = 0 in simulated branches and a range
// proof over an aggregate whose α is the identity.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, fromTyped, hex, scriptedRandom, vectors } from './helpers.mjs';

const { pointFromHex, scalarFromHex, decodeCiphertext, decodeZeroOne, decodeRange, encodeZeroOne, encodeRange } = booth;
const { proveZeroOne, verifyZeroOne, proveRange, verifyRange, ProofError } = booth;

function contextOf(typed) {
  return fromTyped(typed);
}

const js = vectors('js', 'proofs.json');
const K = pointFromHex(js.joint_key, 'K');

test('the spec vectors: JavaScript reproduces and verifies the 0/1 and range proofs', () => {
  const spec = vectors('spec', 'proofs.json');
  let seen = 0;
  for (const v of spec.vectors) {
    if (v.kind !== 'zero_one' && v.kind !== 'range') continue;
    seen += 1;
    const st = fromTyped(v.statement);
    const key = booth.decodePoint(st.get('K'), 'K');
    const ct = { alpha: booth.decodePoint(st.get('alpha'), 'a', true), beta: booth.decodePoint(st.get('beta'), 'b', true) };
    const ctx = contextOf(v.context);
    const r = scalarFromHex(v.witness.r, 'r');
    const rng = scriptedRandom(v.rng_seed);
    if (v.kind === 'zero_one') {
      const proof = proveZeroOne(key, ct, v.witness.m, r, ctx, rng);
      assert.deepEqual(encodeZeroOne(proof), v.proof);
      assert.equal(verifyZeroOne(key, ct, decodeZeroOne(v.proof, 'p'), ctx), true);
    } else {
      const lo = st.get('lo');
      const hi = st.get('hi');
      const proof = proveRange(key, ct, v.witness.m, r, lo, hi, ctx, rng);
      assert.deepEqual(encodeRange(proof), v.proof);
      assert.equal(verifyRange(key, ct, lo, hi, decodeRange(v.proof, 'p'), ctx), true);
    }
  }
  assert.equal(seen, 3);
});

test("Python's proofs: reproduced byte for byte and verified, v = 0 in simulated branches included", () => {
  let zeroes = 0;
  for (const v of js.vectors) {
    const ct = decodeCiphertext(v.ciphertext, 'ct', true);
    const ctx = contextOf(v.context);
    const r = scalarFromHex(v.r, 'r');
    const rng = scriptedRandom(v.seed, v.overrides);
    if (v.kind === 'zero_one') {
      const proof = proveZeroOne(K, ct, v.m, r, ctx, rng);
      assert.deepEqual(encodeZeroOne(proof), v.proof, v.seed);
      const decoded = decodeZeroOne(v.proof, 'p');
      assert.equal(verifyZeroOne(K, ct, decoded, ctx), true);
      if (decoded.v0 === 0n || decoded.v1 === 0n) zeroes += 1;
    } else {
      const proof = proveRange(K, ct, v.m, r, v.lo, v.hi, ctx, rng);
      assert.deepEqual(encodeRange(proof), v.proof, v.seed);
      const decoded = decodeRange(v.proof, 'p');
      assert.equal(verifyRange(K, ct, v.lo, v.hi, decoded, ctx), true);
      if (decoded.v.includes(0n)) zeroes += 1;
      if (ct.alpha.is0()) assert.equal(v.seed, 'js/proofs/range/alpha-identity');
    }
  }
  assert.equal(zeroes, 3);
});

test('a proof fails on another context, statement or response', () => {
  const v = js.vectors.find((x) => x.kind === 'zero_one');
  const ct = decodeCiphertext(v.ciphertext, 'ct', false);
  const proof = decodeZeroOne(v.proof, 'p');
  const ctx = contextOf(v.context);
  ctx.set('option', 7n);
  assert.throws(() => verifyZeroOne(K, ct, proof, ctx), ProofError);
  const good = contextOf(v.context);
  assert.throws(() => verifyZeroOne(K, ct, { ...proof, v1: (proof.v1 + 1n) % booth.N }, good), ProofError);
  assert.throws(() => verifyZeroOne(K, { alpha: ct.beta, beta: ct.alpha }, proof, good), ProofError);
  assert.throws(() => verifyZeroOne(K, ct, { ...proof, c0: booth.N }, good), /challenge c0/);
  assert.throws(() => verifyZeroOne(K, ct, { ...proof, a0: booth.IDENTITY }, good), /commitment a0 is the identity/);
  assert.throws(() => verifyZeroOne(K, { ...ct, alpha: booth.IDENTITY }, proof, good), /ciphertext alpha is the identity/);
  assert.throws(() => verifyZeroOne(booth.IDENTITY, ct, proof, good), /public key K/);
  const rv = js.vectors.find((x) => x.kind === 'range');
  const rct = decodeCiphertext(rv.ciphertext, 'ct', true);
  const rp = decodeRange(rv.proof, 'p');
  const rctx = contextOf(rv.context);
  assert.throws(() => verifyRange(K, rct, rv.lo, rv.hi + 1, rp, rctx), ProofError);
  assert.throws(() => verifyRange(K, rct, rv.lo, rv.hi, { ...rp, b: [booth.IDENTITY, ...rp.b.slice(1)] }, rctx), /commitment b\[0\]/);
  assert.throws(() => proveZeroOne(K, rct, 2, 1n, rctx), booth.ParameterError);
  assert.throws(() => proveRange(K, rct, 5, 1n, 0, 3, rctx), booth.ParameterError);
});
