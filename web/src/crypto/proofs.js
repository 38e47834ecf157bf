/**
 * The ballot proofs, prover beside verifier, byte-identical to plebiscite.crypto.proofs
 * (docs/spec.md §6.1, §6.5, §6.6).
 *
 * The verifier recomputes every challenge as
 *   hashToScalar(TAG, n, {"group": groupHash, "context": context,
 *                         "statement": {...}, "commitments": [...]})
 * with every element as its encoded bytes, and checks `base^v = commitment·public^c`.
 *
 * Zero-one (Cramer–Damgård–Schoenmakers), carried {a0, b0, a1, b1, c0, v0, v1}:
 *   g^v0 = a0·α^c0    K^v0 = b0·β^c0    g^v1 = a1·α^c1    K^v1 = b1·(β/g)^c1,  c1 = c − c0
 * Range over j = lo … hi, carried {a: [N], b: [N], c: [N − 1], v: [N]}:
 *   g^v_j = a_j·α^c_j    K^v_j = b_j·(β/g^j)^c_j,  c_hi = c − Σ c_j
 *
 * Every verify runs in order: validate the elements (identity refused in K, commitments and,
 * for 0/1 proofs, the ciphertext) → check shapes and scalar ranges → recompute the challenge →
 * check the group equations. A failure throws ProofError naming the proof and the part.
 *
 * The prover draws, in order, the nonce u ∈ [1, n), one simulated challenge per branch and one
 * simulated response per branch (each in [0, n)), exactly as the Python prover does, so the same
 * randomness gives the same proof bytes. Both branches run the same operations; the true one is
 * selected by arithmetic on the bit.
 */

import { EncodingError, ParameterError, ProofError } from './errors.js';
import { typeName } from './encoding.js';
import {
  G,
  N,
  encodePoint,
  encodeScalar,
  exp,
  expGSecret,
  expSecret,
  groupHash,
  isIdentity,
  mod,
  pointFromHex,
  pointToHex,
  randomNonzeroScalar,
  randomScalar,
  scalarFromHex,
  scalarToHex,
} from './group.js';
import { hashToScalar } from './hashing.js';
import { DISJUNCTIVE_CHALLENGE, RANGE_CHALLENGE } from './tags.js';

/** the most values a range proof may cover (hi − lo + 1) */
export const MAX_RANGE_BRANCHES = 1024;

/** A proof's challenge: hashToScalar(tag, n, {group, context, statement, commitments}). */
export function challenge(tag, context, statement, commitments) {
  return hashToScalar(tag, N, {
    group: groupHash(),
    context,
    statement,
    commitments,
  });
}

/** 1n if a ≡ b (mod n) else 0n, by arithmetic. */
export function eqBit(a, b) {
  const d = mod(a - b);
  return 1n - (d + N - 1n) / N;
}

/** `value` as a group element of `proof` (the identity only where allowed); ProofError. */
export function checkElement(proof, role, value, allowIdentity) {
  if (value === null || typeof value !== 'object' || typeof value.is0 !== 'function') {
    throw new ProofError(`${proof}: ${role} is not a group element`);
  }
  if (!allowIdentity && isIdentity(value)) {
    throw new ProofError(`${proof}: ${role} is the identity element`);
  }
  return value;
}

/** `value` as a scalar in [0, n) of `proof`; ProofError. */
export function checkScalar(proof, role, value) {
  if (typeof value !== 'bigint' || value < 0n || value >= N) {
    throw new ProofError(`${proof}: ${role} is not a scalar in [0, n)`);
  }
  return value;
}

function toBigint(value, role) {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'bigint') return value;
  throw new ParameterError(`${role} must be an integer`);
}

/** g^v == a·α^c and K^v == b·(β/g^j)^c for one branch. */
function branchHolds(K, ct, j, a, b, c, v) {
  const left1 = exp(G, v);
  const right1 = a.add(exp(ct.alpha, c));
  if (!left1.equals(right1)) return 'g';
  const shifted = ct.beta.subtract(exp(G, j));
  const left2 = exp(K, v);
  const right2 = b.add(exp(shifted, c));
  if (!left2.equals(right2)) return 'K';
  return null;
}

function proveDisjunction(K, ct, values, m, r, makeChallenge, rng) {
  const u = randomNonzeroScalar(rng);
  const simC = values.map(() => randomScalar(rng));
  const simV = values.map(() => randomScalar(rng));
  const bits = values.map((j) => eqBit(m, j));
  let simSum = 0n;
  for (let i = 0; i < values.length; i++) simSum += (1n - bits[i]) * simC[i];
  simSum = mod(simSum);
  const single = values.length === 1;
  const gInv = G.negate();
  const a = [];
  const b = [];
  for (let i = 0; i < values.length; i++) {
    const e = bits[i];
    const y = (1n - e) * simC[i];
    const s = mod(e * u + (1n - e) * simV[i] - r * y);
    a.push(expGSecret(s));
    const kS = expSecret(K, s);
    if (single) {
      b.push(kS);
    } else {
      const gT1 = expGSecret(mod((values[i] - m) * y + 1n));
      b.push(kS.add(gT1).add(gInv));
    }
  }
  const c = makeChallenge(a, b);
  const cList = bits.map((e, i) => mod(e * (c - simSum) + (1n - e) * simC[i]));
  const vList = bits.map((e, i) => mod(e * (u + cList[i] * r) + (1n - e) * simV[i]));
  return { a, b, c: cList, v: vList };
}

// -- zero-one ----------------------------------------------------------------------------------

function zeroOneChallenge(K, ct, a, b, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    alpha: encodePoint(ct.alpha),
    beta: encodePoint(ct.beta),
  };
  const commitments = [a[0], b[0], a[1], b[1]].map(encodePoint);
  return challenge(DISJUNCTIVE_CHALLENGE, context, statement, commitments);
}

/** Prove that `ct` = Enc_K(m; r) with m ∈ {0, 1}. */
export function proveZeroOne(K, ct, m, r, context, rng) {
  const bit = toBigint(m, 'proveZeroOne: the message');
  if (bit !== 0n && bit !== 1n) throw new ParameterError('proveZeroOne: the message must be 0 or 1');
  const { a, b, c, v } = proveDisjunction(
    K,
    ct,
    [0n, 1n],
    bit,
    mod(r),
    (a, b) => zeroOneChallenge(K, ct, a, b, context),
    rng,
  );
  return { a0: a[0], b0: b[0], a1: a[1], b1: b[1], c0: c[0], v0: v[0], v1: v[1] };
}

/** Verify that the ballot ciphertext `ct` (no identity) encrypts 0 or 1; throws ProofError. */
export function verifyZeroOne(K, ct, proof, context) {
  const name = 'zero-one proof';
  checkElement(name, 'public key K', K, false);
  checkElement(name, 'ciphertext alpha', ct.alpha, false);
  checkElement(name, 'ciphertext beta', ct.beta, false);
  const a = [checkElement(name, 'commitment a0', proof.a0, false), checkElement(name, 'commitment a1', proof.a1, false)];
  const b = [checkElement(name, 'commitment b0', proof.b0, false), checkElement(name, 'commitment b1', proof.b1, false)];
  const c0 = checkScalar(name, 'challenge c0', proof.c0);
  const v0 = checkScalar(name, 'response v0', proof.v0);
  const v1 = checkScalar(name, 'response v1', proof.v1);
  const c = zeroOneChallenge(K, ct, a, b, context);
  const c1 = mod(c - c0);
  const first = branchHolds(K, ct, 0n, a[0], b[0], c0, v0);
  if (first !== null) {
    const eq = first === 'g' ? 'g^v0 = a0·α^c0' : 'K^v0 = b0·β^c0';
    throw new ProofError(`${name}: the equation ${eq} does not hold`);
  }
  const second = branchHolds(K, ct, 1n, a[1], b[1], c1, v1);
  if (second !== null) {
    const eq = second === 'g' ? 'g^v1 = a1·α^c1' : 'K^v1 = b1·(β/g)^c1';
    throw new ProofError(`${name}: the equation ${eq} does not hold`);
  }
  return true;
}

// -- range -------------------------------------------------------------------------------------

function checkBounds(name, lo, hi, ErrorType) {
  const l = toBigint(lo, `${name}: the lower bound`);
  const h = toBigint(hi, `${name}: the upper bound`);
  if (l < 0n || h < l || h - l + 1n > BigInt(MAX_RANGE_BRANCHES) || h >= N) {
    throw new ErrorType(`${name}: the range [${l}, ${h}] is empty or wider than ${MAX_RANGE_BRANCHES} values`);
  }
  return [l, h];
}

function rangeChallenge(K, ct, lo, hi, a, b, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    alpha: encodePoint(ct.alpha),
    beta: encodePoint(ct.beta),
    lo,
    hi,
  };
  const commitments = a.map((x, i) => [encodePoint(x), encodePoint(b[i])]);
  return challenge(RANGE_CHALLENGE, context, statement, commitments);
}

/** Prove that `ct` = Enc_K(m; r) with lo ≤ m ≤ hi. */
export function proveRange(K, ct, m, r, lo, hi, context, rng) {
  const name = 'proveRange';
  const [l, h] = checkBounds(name, lo, hi, ParameterError);
  const msg = toBigint(m, `${name}: the message`);
  if (msg < l || msg > h) throw new ParameterError(`${name}: the message is outside [${l}, ${h}]`);
  const values = [];
  for (let j = l; j <= h; j++) values.push(j);
  const { a, b, c, v } = proveDisjunction(
    K,
    ct,
    values,
    msg,
    mod(r),
    (a, b) => rangeChallenge(K, ct, l, h, a, b, context),
    rng,
  );
  return { a, b, c: c.slice(0, -1), v };
}

/** Verify that `ct` (a product of ciphertexts: identity allowed) encrypts some m in [lo, hi]. */
export function verifyRange(K, ct, lo, hi, proof, context) {
  const name = 'range proof';
  const [l, h] = checkBounds(name, lo, hi, ProofError);
  const n = Number(h - l + 1n);
  checkElement(name, 'public key K', K, false);
  checkElement(name, 'ciphertext alpha', ct.alpha, true);
  checkElement(name, 'ciphertext beta', ct.beta, true);
  const { a, b, c, v } = proof;
  if (
    !Array.isArray(a) || !Array.isArray(b) || !Array.isArray(c) || !Array.isArray(v) ||
    a.length !== n || b.length !== n || v.length !== n || c.length !== n - 1
  ) {
    throw new ProofError(`${name}: expected ${n} commitments a and b, ${n - 1} challenges and ${n} responses`);
  }
  a.forEach((x, j) => checkElement(name, `commitment a[${j}]`, x, false));
  b.forEach((x, j) => checkElement(name, `commitment b[${j}]`, x, false));
  c.forEach((x, j) => checkScalar(name, `challenge c[${j}]`, x));
  v.forEach((x, j) => checkScalar(name, `response v[${j}]`, x));
  const total = rangeChallenge(K, ct, l, h, a, b, context);
  const challenges = [...c, mod(total - c.reduce((s, x) => s + x, 0n))];
  for (let i = 0; i < n; i++) {
    const j = l + BigInt(i);
    const failed = branchHolds(K, ct, j, a[i], b[i], challenges[i], v[i]);
    if (failed !== null) {
      const eq = failed === 'g' ? 'g^v = a·α^c' : `K^v = b·(β/g^${j})^c`;
      throw new ProofError(`${name}: the equation ${eq} for the value ${j} does not hold`);
    }
  }
  return true;
}

// -- JSON and canonical forms ---------------------------------------------------------------------

function fields(obj, role, names) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new EncodingError(`${role}: a proof must be an object, got ${typeName(obj)}`);
  }
  const got = Object.keys(obj).sort();
  const want = [...names].sort();
  if (got.length !== want.length || got.some((k, i) => k !== want[i])) {
    throw new EncodingError(`${role}: expected exactly the fields ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  return obj;
}

function list(value, role) {
  if (!Array.isArray(value)) throw new EncodingError(`${role}: expected a list`);
  if (value.length > MAX_RANGE_BRANCHES) throw new EncodingError(`${role}: more than ${MAX_RANGE_BRANCHES} entries`);
  return value;
}

/** The JSON form of a 0/1 proof (lowercase hex). */
export function encodeZeroOne(p) {
  return {
    a0: pointToHex(p.a0),
    b0: pointToHex(p.b0),
    a1: pointToHex(p.a1),
    b1: pointToHex(p.b1),
    c0: scalarToHex(p.c0),
    v0: scalarToHex(p.v0),
    v1: scalarToHex(p.v1),
  };
}

/** The JSON form of a range proof. */
export function encodeRange(p) {
  return {
    a: p.a.map(pointToHex),
    b: p.b.map(pointToHex),
    c: p.c.map(scalarToHex),
    v: p.v.map(scalarToHex),
  };
}

/** A 0/1 proof as hashed: its JSON form with bytes in place of hex. */
export function zeroOneValue(p) {
  return {
    a0: encodePoint(p.a0),
    b0: encodePoint(p.b0),
    a1: encodePoint(p.a1),
    b1: encodePoint(p.b1),
    c0: encodeScalar(p.c0),
    v0: encodeScalar(p.v0),
    v1: encodeScalar(p.v1),
  };
}

/** A range proof as hashed. */
export function rangeValue(p) {
  return {
    a: p.a.map(encodePoint),
    b: p.b.map(encodePoint),
    c: p.c.map(encodeScalar),
    v: p.v.map(encodeScalar),
  };
}

/** Parse {"a0", "b0", "a1", "b1", "c0", "v0", "v1"} strictly (no identity in commitments). */
export function decodeZeroOne(obj, role) {
  const f = fields(obj, role, ['a0', 'b0', 'a1', 'b1', 'c0', 'v0', 'v1']);
  return {
    a0: pointFromHex(f.a0, `${role}.a0`),
    b0: pointFromHex(f.b0, `${role}.b0`),
    a1: pointFromHex(f.a1, `${role}.a1`),
    b1: pointFromHex(f.b1, `${role}.b1`),
    c0: scalarFromHex(f.c0, `${role}.c0`),
    v0: scalarFromHex(f.v0, `${role}.v0`),
    v1: scalarFromHex(f.v1, `${role}.v1`),
  };
}

/** Parse {"a": [...], "b": [...], "c": [...], "v": [...]} strictly. */
export function decodeRange(obj, role) {
  const f = fields(obj, role, ['a', 'b', 'c', 'v']);
  const lists = {};
  for (const key of ['a', 'b', 'c', 'v']) lists[key] = list(f[key], `${role}.${key}`);
  return {
    a: lists.a.map((x, i) => pointFromHex(x, `${role}.a[${i}]`)),
    b: lists.b.map((x, i) => pointFromHex(x, `${role}.b[${i}]`)),
    c: lists.c.map((x, i) => scalarFromHex(x, `${role}.c[${i}]`)),
    v: lists.v.map((x, i) => scalarFromHex(x, `${role}.v[${i}]`)),
  };
}
