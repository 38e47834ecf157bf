/**
 * A ballot of the fake-credentials mode (docs/spec.md §16.5, §16.7), byte-identical to
 * plebiscite.model.coercion.ballot and plebiscite.model.coercion.codec.
 *
 *   D           = Enc(g^σ; s) = (g^s, g^σ·K^s)                 (neither component the identity)
 *   A           = the voter's roll position and β − 1 others, drawn uniformly, increasing
 *   P           = R_a·(g^t, K^t)                                 (a re-encryption of roll entry a)
 *   ballot_stmt = H(CREDENTIAL_BALLOT_STATEMENT, election_ctx, district, [D.α, D.β], A,
 *                   [P.α, P.β], [[[α, β] per option] per question])
 *   pointer_proof: CDS disjunction over k ∈ A of log_g(P.α/ρ_k) = log_K(P.β/ϱ_k), context ballot_stmt
 *   credential_proof: knowledge of (s, σ) behind D, context ballot_stmt (it stands in for a signature)
 *   the option ciphertexts with their 0/1 and range proofs exactly as in the mode `revote`
 *
 * Nothing here tells a real credential from a fake one: any σ gives a ballot that
 * checkCredentialBallot accepts, and the pointer may name any roll entry. Randomness is drawn in
 * Python's order: the anonymity set, s, t, every option's r, the pointer proof (u, β simulated
 * challenges, β simulated responses), the questions' proofs, the credential proof (u_s, u_σ).
 *
 * The tracking hash of a ballot in this mode is H(TRACKING_HASH, ballot_stmt, {"pointer":
 * pointer_proof, "questions": proofs (§11.2), "credential": credential_proof}), the proofs as the
 * body carries them with bytes in place of hex; its identity is ballot_stmt itself (spec §16.5).
 */

import { toHex, typeName } from './encoding.js';
import { EncodingError, InputError, ParameterError, ProofError } from './errors.js';
import { ciphertextValue, decodeCiphertext, encodeCiphertext } from './elgamal.js';
import {
  G,
  N,
  div,
  encodePoint,
  encodeScalar,
  exp,
  expGSecret,
  expSecret,
  isIdentity,
  mod,
  mul,
  pointFromHex,
  pointToHex,
  randomNonzeroScalar,
  randomScalar,
  scalarFromHex,
  scalarToHex,
} from './group.js';
import { H } from './hashing.js';
import { challenge, checkElement, checkScalar, eqBit } from './proofs.js';
import { randBelow } from './rand.js';
import {
  CHALLENGE_QUESTION_FIELDS,
  asField,
  checkOpenings,
  checkPostedTracking,
  checkQuestionProofs,
  checkSelections,
  decodeDistrict,
  decodeQuestions,
  encryptChoices,
  fieldError,
  proofsValue,
  proveQuestions,
  postedTracking,
  questionsJson,
  requireFields,
  openedQuestionsJson,
  trackingHash,
} from './ballot.js';
import { CREDENTIAL_BALLOT_STATEMENT, CREDENTIAL_CHALLENGE, ROLL_POINTER_CHALLENGE } from './tags.js';

/** the largest anonymity set a ballot may name (a manifest's `anonymity` is at most this) */
export const MAX_ANONYMITY = 1024;
/** the anonymity-set size β of a manifest that names none */
export const DEFAULT_ANONYMITY = 64;
export const CREDENTIAL_BALLOT_FIELDS = Object.freeze([
  'district',
  'credential',
  'anonymity',
  'pointer',
  'pointer_proof',
  'questions',
  'credential_proof',
]);
/** A challenge of this mode: the ballot's fields and the tracking hash shown (record.md §6). */
export const CREDENTIAL_CHALLENGE_FIELDS = Object.freeze([...CREDENTIAL_BALLOT_FIELDS, 'tracking']);
const POINTER_PROOF_FIELDS = ['a', 'b', 'c', 'v'];
const CREDENTIAL_PROOF_FIELDS = ['a', 'b', 'vs', 'vsigma'];

function scalarOf(value, role) {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new ParameterError(`${role} must be an integer`);
}

// --------------------------------------------------------------------------- the credential

/** D = (g^s, g^σ·K^s) for a fresh s (a β that is the identity is drawn again): {credential, s}. */
export function encryptCredential(K, sigma, rng) {
  const sig = mod(scalarOf(sigma, 'encryptCredential: σ'));
  for (;;) {
    const s = randomNonzeroScalar(rng);
    const beta = mul(expGSecret(sig), expSecret(K, s));
    if (!isIdentity(beta)) return { credential: { alpha: expGSecret(s), beta }, s };
  }
}

function credentialChallenge(K, D, a, b, context) {
  const statement = { g: encodePoint(G), K: encodePoint(K), alpha: encodePoint(D.alpha), beta: encodePoint(D.beta) };
  return challenge(CREDENTIAL_CHALLENGE, context, statement, [encodePoint(a), encodePoint(b)]);
}

/** The credential proof: knowledge of s and σ behind D, bound to `context` (ballot_stmt). */
export function proveCredential(K, D, s, sigma, context, rng) {
  const uS = randomNonzeroScalar(rng);
  const uSigma = randomNonzeroScalar(rng);
  const a = expGSecret(uS);
  const b = mul(expGSecret(uSigma), expSecret(K, uS));
  const c = credentialChallenge(K, D, a, b, context);
  return { a, b, vs: mod(uS + c * mod(s)), vsigma: mod(uSigma + c * mod(scalarOf(sigma, 'σ'))) };
}

/** Verify a credential proof: g^vs = a·α^c and g^vσ·K^vs = b·β^c; throws ProofError. */
export function verifyCredential(K, D, proof, context) {
  const name = 'credential proof';
  checkElement(name, 'public key K', K, false);
  checkElement(name, 'credential alpha', D.alpha, false);
  checkElement(name, 'credential beta', D.beta, false);
  const a = checkElement(name, 'a', proof.a, false);
  const b = checkElement(name, 'b', proof.b, false);
  const vs = checkScalar(name, 'vs', proof.vs);
  const vsigma = checkScalar(name, 'vsigma', proof.vsigma);
  const c = credentialChallenge(K, D, a, b, context);
  if (!exp(G, vs).equals(mul(a, exp(D.alpha, c)))) {
    throw new ProofError(`${name}: the equation g^vs = a·α^c does not hold`);
  }
  if (!mul(exp(G, vsigma), exp(K, vs)).equals(mul(b, exp(D.beta, c)))) {
    throw new ProofError(`${name}: the equation g^vσ·K^vs = b·β^c does not hold`);
  }
  return true;
}

// ------------------------------------------------------------------------------ roll pointer

/** ct·(g^t, K^t) for a fresh t: {ciphertext, t}. */
export function reencrypt(K, ct, rng) {
  const t = randomNonzeroScalar(rng);
  return { ciphertext: { alpha: mul(ct.alpha, expGSecret(t)), beta: mul(ct.beta, expSecret(K, t)) }, t };
}

function setSize(rollSize, anonymity) {
  if (!Number.isSafeInteger(rollSize) || rollSize < 1) throw new ParameterError("a district's roll is empty");
  if (!Number.isSafeInteger(anonymity) || anonymity < 2 || anonymity > MAX_ANONYMITY) {
    throw new ParameterError(`the anonymity-set size must lie in [2, ${MAX_ANONYMITY}]`);
  }
  return Math.min(anonymity, rollSize);
}

/**
 * The voter's position and β − 1 other positions drawn uniformly without replacement, increasing
 * (the whole roll when it holds fewer than β entries), as Python's anonymity_set draws them.
 */
export function anonymitySet(rollSize, position, anonymity, rng) {
  const size = setSize(rollSize, anonymity);
  if (!Number.isSafeInteger(position) || position < 0 || position >= rollSize) {
    throw new InputError(`roll position ${position} is not on a roll of ${rollSize}`);
  }
  const chosen = new Set([position]);
  while (chosen.size < size) chosen.add(Number(randBelow(rng, BigInt(rollSize))));
  return [...chosen].sort((x, y) => x - y);
}

function branches(pointer, entries) {
  return entries.map((r) => [div(pointer.alpha, r.alpha), div(pointer.beta, r.beta)]);
}

function checkEntryCount(entries) {
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ANONYMITY) {
    throw new ParameterError(`an anonymity set holds 1 to ${MAX_ANONYMITY} roll entries`);
  }
}

function pointerChallenge(K, pointer, entries, a, b, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    P: ciphertextValue(pointer),
    entries: entries.map(ciphertextValue),
  };
  const commitments = a.map((x, k) => [encodePoint(x), encodePoint(b[k])]);
  return challenge(ROLL_POINTER_CHALLENGE, context, statement, commitments);
}

/**
 * Prove that `pointer` = entries[index]·(g^t, K^t). Every branch runs the same exponentiations;
 * the true one is selected by arithmetic on e_k = [k = index].
 */
export function proveRollPointer(K, pointer, entries, index, t, context, rng) {
  checkEntryCount(entries);
  if (!Number.isSafeInteger(index) || index < 0 || index >= entries.length) {
    throw new ParameterError(`the pointer's entry ${index} is not in the anonymity set`);
  }
  const u = randomNonzeroScalar(rng);
  const simC = entries.map(() => randomScalar(rng));
  const simV = entries.map(() => randomScalar(rng));
  const bits = entries.map((_, k) => eqBit(BigInt(index), BigInt(k)));
  const simSum = mod(bits.reduce((acc, e, k) => acc + (1n - e) * simC[k], 0n));
  const a = [];
  const b = [];
  branches(pointer, entries).forEach(([xk, yk], k) => {
    const e = bits[k];
    const x = mod(e * u + (1n - e) * simV[k]);
    const y = mod(-(1n - e) * simC[k]);
    a.push(mul(expGSecret(x), expSecret(xk, y)));
    b.push(mul(expSecret(K, x), expSecret(yk, y)));
  });
  const c = pointerChallenge(K, pointer, entries, a, b, context);
  const cList = bits.map((e, k) => mod(e * (c - simSum) + (1n - e) * simC[k]));
  const vList = bits.map((e, k) => mod(e * (u + cList[k] * mod(t)) + (1n - e) * simV[k]));
  return { a, b, c: cList, v: vList };
}

/** Verify a roll-pointer proof over `entries` (the roll entries of A, in A's order). */
export function verifyRollPointer(K, pointer, entries, proof, context) {
  const name = 'roll-pointer proof';
  checkEntryCount(entries);
  checkElement(name, 'public key K', K, false);
  checkElement(name, 'pointer alpha', pointer.alpha, false);
  checkElement(name, 'pointer beta', pointer.beta, false);
  entries.forEach((r, k) => {
    checkElement(name, `entry ${k} alpha`, r.alpha, false);
    checkElement(name, `entry ${k} beta`, r.beta, false);
  });
  const n = entries.length;
  const { a, b, c, v } = proof;
  if (![a, b, c, v].every((part) => Array.isArray(part) && part.length === n)) {
    throw new ProofError(`${name}: the proof does not have ${n} branches`);
  }
  for (let k = 0; k < n; k++) {
    checkElement(name, `a_${k}`, a[k], false);
    checkElement(name, `b_${k}`, b[k], false);
    checkScalar(name, `c_${k}`, c[k]);
    checkScalar(name, `v_${k}`, v[k]);
  }
  const total = pointerChallenge(K, pointer, entries, a, b, context);
  if (mod(c.reduce((acc, x) => acc + x, 0n)) !== total) {
    throw new ProofError(`${name}: the branch challenges do not sum to the challenge`);
  }
  branches(pointer, entries).forEach(([xk, yk], k) => {
    if (!exp(G, v[k]).equals(mul(a[k], exp(xk, c[k])))) {
      throw new ProofError(`${name}: the equation g^v = a·X^c of branch ${k} does not hold`);
    }
    if (!exp(K, v[k]).equals(mul(b[k], exp(yk, c[k])))) {
      throw new ProofError(`${name}: the equation K^v = b·Y^c of branch ${k} does not hold`);
    }
  });
  return true;
}

// ---------------------------------------------------------------------------------- ballots

/** ballot_stmt of this mode (32 bytes). */
export function credentialBallotStatement(params, district, credential, anonymity, pointer, ciphertexts) {
  const options = ciphertexts.map((row) => row.map(ciphertextValue));
  return H(
    CREDENTIAL_BALLOT_STATEMENT,
    params.electionCtx,
    district,
    ciphertextValue(credential),
    anonymity.map((x) => BigInt(x)),
    ciphertextValue(pointer),
    options,
  );
}

/** A roll as the board posts it: [{alpha, beta}] (hex) → ciphertexts, validated, no identity. */
export function decodeRoll(entries, role = 'roll') {
  if (!Array.isArray(entries) || entries.length === 0) throw new EncodingError(`${role}: expected a non-empty list`);
  return entries.map((e, j) => decodeCiphertext(e, `${role}[${j}]`, false));
}

/**
 * Encrypt `selections` for the credential σ (real or fake: the same steps), pointing at the roll
 * entry `position` of `district`'s roll (`roll`: its ciphertexts in roll order), over an anonymity
 * set drawn now. Returns the opened ballot {district, credential, anonymity, pointer,
 * pointerProof, questions, credentialProof, statement, tracking, identity, choices, randomness};
 * `credentialBallotBody` gives its JSON, `buildCredentialChallenge` the challenge opening it.
 */
export function castCredentialBallot(params, roll, district, sigma, position, selections, options = {}) {
  const { anonymity = DEFAULT_ANONYMITY, rng } = options;
  checkDistrict(params, district);
  checkSigma(sigma, 'castCredentialBallot');
  checkSelections(params, selections);
  const members = anonymitySet(roll.length, position, anonymity, rng);
  return encryptCredentialBallot(params, roll, district, sigma, position, members, selections, { rng });
}

function checkDistrict(params, district) {
  if (!params.districts.includes(district)) {
    throw new InputError(`district ${JSON.stringify(district)} is not a district of this election`);
  }
}

function checkSigma(sigma, role) {
  const sig = scalarOf(sigma, `${role}: σ`);
  if (sig <= 0n || sig >= N) throw new ParameterError(`${role}: σ must lie in [1, n)`);
  return sig;
}

/**
 * castCredentialBallot over a given anonymity set `members` (increasing roll positions that hold
 * `position`), as Python's encrypt_credential_ballot: the booth draws one set and keeps it across
 * a challenge and the ballot encrypted after it (spec §16.5), so that two sets drawn for one voter
 * cannot be intersected. Each call draws a fresh s, t and option randomness.
 */
export function encryptCredentialBallot(params, roll, district, sigma, position, members, selections, options = {}) {
  const { rng } = options;
  checkDistrict(params, district);
  const sig = checkSigma(sigma, 'encryptCredentialBallot');
  const choices = checkSelections(params, selections);
  if (
    !Array.isArray(members) ||
    members.some((a, k) => !Number.isSafeInteger(a) || a < 0 || a >= roll.length || (k > 0 && members[k - 1] >= a))
  ) {
    throw new ParameterError(`the anonymity set must be increasing positions of a roll of ${roll.length}`);
  }
  checkEntryCount(members);
  if (!members.includes(position)) throw new InputError(`roll position ${position} is not in the anonymity set`);
  const K = params.K;
  const { credential, s } = encryptCredential(K, sig, rng);
  const { ciphertext: pointer, t } = reencrypt(K, roll[position], rng);
  const { cts, rs } = encryptChoices(params, choices, rng);
  const statement = credentialBallotStatement(params, district, credential, members, pointer, cts);
  const entries = members.map((j) => roll[j]);
  const pointerProof = proveRollPointer(K, pointer, entries, members.indexOf(position), t, statement, rng);
  const questions = proveQuestions(params, statement, choices, cts, rs, rng);
  const credentialProof = proveCredential(K, credential, s, sig, statement, rng);
  return Object.freeze({
    ...named({ district, credential, anonymity: [...members], pointer, pointerProof, questions, credentialProof, statement }),
    choices,
    randomness: rs,
    toString: () => 'OpenedCredentialBallot(<secret>)',
  });
}

/**
 * The proofs a ballot of this mode's tracking hash covers (spec §16.5): {"pointer",
 * "questions", "credential"}, as the body carries them with bytes in place of hex.
 */
export function credentialProofsValue(pointerProof, questions, credentialProof) {
  return {
    pointer: {
      a: pointerProof.a.map(encodePoint),
      b: pointerProof.b.map(encodePoint),
      c: pointerProof.c.map(encodeScalar),
      v: pointerProof.v.map(encodeScalar),
    },
    questions: proofsValue(questions),
    credential: {
      a: encodePoint(credentialProof.a),
      b: encodePoint(credentialProof.b),
      vs: encodeScalar(credentialProof.vs),
      vsigma: encodeScalar(credentialProof.vsigma),
    },
  };
}

/** A ballot's parts with its tracking hash (H(TRACKING_HASH, ballot_stmt, its proofs)) and
 * identity (ballot_stmt itself), spec §16.5. */
function named(parts) {
  const { statement, pointerProof, questions, credentialProof } = parts;
  const tracking = trackingHash(statement, credentialProofsValue(pointerProof, questions, credentialProof));
  return { ...parts, tracking, identity: statement };
}

/** The `ballot` body of this mode (record.md §6): what the booth posts. */
export function credentialBallotBody(opened) {
  const pp = opened.pointerProof;
  const cp = opened.credentialProof;
  return {
    district: opened.district,
    credential: encodeCiphertext(opened.credential),
    anonymity: [...opened.anonymity],
    pointer: encodeCiphertext(opened.pointer),
    pointer_proof: {
      a: pp.a.map(pointToHex),
      b: pp.b.map(pointToHex),
      c: pp.c.map(scalarToHex),
      v: pp.v.map(scalarToHex),
    },
    questions: questionsJson(opened.questions),
    credential_proof: { a: pointToHex(cp.a), b: pointToHex(cp.b), vs: scalarToHex(cp.vs), vsigma: scalarToHex(cp.vsigma) },
  };
}

function hexList(obj, key, path, n, decode) {
  const items = obj[key];
  if (!Array.isArray(items)) throw fieldError(`${path}.${key}`, `expected an array, got ${typeName(items)}`);
  if (items.length !== n) throw fieldError(`${path}.${key}`, `expected ${n} entries, got ${items.length}`);
  return asField(() => items.map((x, i) => decode(x, `${path}.${key}[${i}]`)));
}

/**
 * Decode a body of this mode strictly (as plebiscite.model.coercion.codec): every field,
 * element and scalar; the statement recomputed. EncodingError / GroupElementError name the field.
 */
export function decodeCredentialBallot(params, body, fields = CREDENTIAL_BALLOT_FIELDS, questionFields = undefined) {
  requireFields(body, 'body', fields);
  const district = decodeDistrict(params, body);
  const members = body.anonymity;
  if (
    !Array.isArray(members) ||
    members.length < 1 ||
    members.length > MAX_ANONYMITY ||
    !members.every((a) => Number.isSafeInteger(a) && a >= 0)
  ) {
    throw fieldError('body.anonymity', `expected 1 to ${MAX_ANONYMITY} non-negative integers`);
  }
  const beta = members.length;
  requireFields(body.pointer_proof, 'body.pointer_proof', POINTER_PROOF_FIELDS);
  requireFields(body.credential_proof, 'body.credential_proof', CREDENTIAL_PROOF_FIELDS);
  const credential = asField(() => decodeCiphertext(body.credential, 'body.credential', false));
  const pointer = asField(() => decodeCiphertext(body.pointer, 'body.pointer', false));
  const pp = body.pointer_proof;
  const pointerProof = {
    a: hexList(pp, 'a', 'body.pointer_proof', beta, (x, role) => pointFromHex(x, role)),
    b: hexList(pp, 'b', 'body.pointer_proof', beta, (x, role) => pointFromHex(x, role)),
    c: hexList(pp, 'c', 'body.pointer_proof', beta, scalarFromHex),
    v: hexList(pp, 'v', 'body.pointer_proof', beta, scalarFromHex),
  };
  const cp = body.credential_proof;
  const credentialProof = asField(() => ({
    a: pointFromHex(cp.a, 'body.credential_proof.a'),
    b: pointFromHex(cp.b, 'body.credential_proof.b'),
    vs: scalarFromHex(cp.vs, 'body.credential_proof.vs'),
    vsigma: scalarFromHex(cp.vsigma, 'body.credential_proof.vsigma'),
  }));
  const questions = decodeQuestions(params, body, questionFields);
  const statement = credentialBallotStatement(
    params,
    district,
    credential,
    members,
    pointer,
    questions.map((q) => q.ciphertexts),
  );
  return named({ district, credential, anonymity: [...members], pointer, pointerProof, questions, credentialProof, statement });
}

function rethrowAt(field, f) {
  try {
    f();
  } catch (exc) {
    if (exc instanceof ProofError) throw new ProofError(`field ${field}: ${exc.message}`);
    throw exc;
  }
}

/**
 * Check a body of this mode against its district's roll as the board and check V12 do
 * (spec §16.5): strict decoding; the anonymity set (min(β, roll size) strictly increasing
 * positions of the roll); the pointer proof; the credential proof; every 0/1 and range proof.
 * Returns {district, statement, tracking, identity}; throws EncodingError or ProofError naming
 * the field. It cannot tell a real credential from a fake one, and does not try.
 */
export function checkCredentialBallot(params, roll, body, anonymity = DEFAULT_ANONYMITY) {
  const decoded = decodeCredentialBallot(params, body);
  checkAgainstRoll(params, roll, decoded, anonymity);
  const { district, statement, tracking, identity } = decoded;
  return { district, statement, tracking, identity, anonymity: decoded.anonymity };
}

/** A decoded ballot of this mode against its district's roll: the anonymity set, the pointer
 * proof, the credential proof and every 0/1 and range proof (ProofError naming the field). */
function checkAgainstRoll(params, roll, decoded, anonymity) {
  const size = setSize(roll.length, anonymity);
  const members = decoded.anonymity;
  if (members.length !== size || members.some((a, k) => a >= roll.length || (k > 0 && members[k - 1] >= a))) {
    throw fieldError('body.anonymity', `must be ${size} strictly increasing positions of a roll of ${roll.length}`);
  }
  const K = params.K;
  const { statement } = decoded;
  rethrowAt('body.pointer_proof', () =>
    verifyRollPointer(K, decoded.pointer, members.map((a) => roll[a]), decoded.pointerProof, statement),
  );
  rethrowAt('body.credential_proof', () => verifyCredential(K, decoded.credential, decoded.credentialProof, statement));
  checkQuestionProofs(params, statement, decoded.questions);
}

// ------------------------------------------------------------------------------- challenges

/**
 * The `challenge` body of this mode (record.md §6, spec §16.5): the ballot body, per option the
 * choice and the randomness r, and the tracking hash shown. It never carries s, σ or the
 * pointer's t: D hides the credential as a binding does in the mode `revote`, and opening it
 * would name the credential (σ = D.β / K^s); t would name the roll position.
 */
export function buildCredentialChallenge(opened) {
  return {
    ...credentialBallotBody(opened),
    questions: openedQuestionsJson(opened),
    tracking: toHex(opened.tracking),
  };
}

/**
 * Check a `challenge` body of this mode as V10 and the board do (spec §16.5), for the challenge
 * checker: strict decoding; every option re-encrypted from its revealed choice and randomness to
 * exactly the posted ciphertext and each question's number of choices within [min, max]; the
 * posted tracking hash equal to the recomputed one; then, against the district's roll, the
 * anonymity set, the pointer proof, the credential proof and every 0/1 and range proof.
 * `rollOf(district)` gives a district's roll (its ciphertexts in roll order), as Python's roll_of.
 * Returns {district, statement, tracking, identity, anonymity, choices, chosen}; throws
 * EncodingError, GroupElementError or ProofError naming the field. It proves which choices the
 * device encrypted, and nothing about the credential: real and fake pass alike.
 */
export function checkCredentialChallenge(params, rollOf, body, anonymity = DEFAULT_ANONYMITY) {
  const decoded = decodeCredentialChallenge(params, body);
  const posted = postedTracking(body);
  const { choices, chosen } = checkOpenings(params, decoded.questions, body);
  checkPostedTracking(posted, decoded.tracking);
  checkAgainstRoll(params, rollOf(decoded.district), decoded, anonymity);
  const { district, statement, tracking, identity } = decoded;
  return { district, statement, tracking, identity, anonymity: decoded.anonymity, choices, chosen };
}

/**
 * Decode a `challenge` body of this mode strictly (every field, element and scalar of its ballot,
 * each question with its choices and randomness; the statement and tracking hash recomputed from
 * the ballot), without checking the openings or any proof: what the tracking page recomputes.
 */
export function decodeCredentialChallenge(params, body) {
  return decodeCredentialBallot(params, body, CREDENTIAL_CHALLENGE_FIELDS, CHALLENGE_QUESTION_FIELDS);
}
