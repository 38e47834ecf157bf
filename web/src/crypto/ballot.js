/**
 * Ballots, tracking hashes and challenges, byte-identical to plebiscite.model.ballot and the
 * Python voter client plebiscite.booth.encrypt (docs/spec.md §11).
 *
 *   binding     = H(BALLOT_BINDING, credential, nonce)         (nonce: 32 fresh random bytes)
 *   ballot_stmt = H(BALLOT_STATEMENT, election_ctx, district, binding,
 *                   [[[α, β] for each option] for each question])
 *   proofs      = [{"proofs": [{a0, b0, a1, b1, c0, v0, v1} per option],
 *                   "range": {a, b, c, v}} per question]            (bytes in place of hex)
 *   signature   = BIP-340 by the credential key over H(BALLOT_SIGNATURE, ballot_stmt, proofs,
 *                                                       head.index, head.hash)
 *   tracking    = H(TRACKING_HASH, ballot_stmt, proofs)
 *   identity    = H(BALLOT_IDENTITY, ballot_stmt)
 *
 * The 0/1 proof of (question i, option j) has context {"ballot": ballot_stmt, "question": i,
 * "option": j}; the range proof of question i {"ballot": ballot_stmt, "question": i}, over the
 * product of the question's ciphertexts with lo = min, hi = max.
 *
 * The booth's flow: encryptBallot (a fresh nonce and randomness; the tracking hash is shown) →
 * castBallot (sign with the credential key naming the board's latest signed head, read just
 * before: the `ballot` body, with the credential, the nonce and the head; spec §11.4) or
 * buildChallenge (the `challenge` body with the binding, the plaintexts and randomness, never
 * signed and naming no credential; then encrypt afresh). checkChallenge is the
 * separate challenge checker; checkBallot checks a cast body as V5 does (without the roll, the
 * window and replays).
 */

import { bigintToBytes, bytesEqual, bytesToBigint, strictHex, toHex, typeName } from './encoding.js';
import { EncodingError, InputError, ParameterError, PlebisciteError, ProofError } from './errors.js';
import { aggregate, ciphertextValue, decodeCiphertext, encodeCiphertext, encrypt } from './elgamal.js';
import { G, Point, exp, isIdentity, mod, pointFromHex, scalarFromHex, scalarToHex } from './group.js';
import { H } from './hashing.js';
import {
  MAX_RANGE_BRANCHES,
  decodeRange,
  decodeZeroOne,
  encodeRange,
  encodeZeroOne,
  proveRange,
  proveZeroOne,
  rangeValue,
  verifyRange,
  verifyZeroOne,
  zeroOneValue,
} from './proofs.js';
import { SIGNATURE_BYTES, checkXOnly, signTagged, verifyTagged } from './signatures.js';
import { ELECTION_ID_BYTES, HKDF_SHA256, checkKdf } from './credential.js';
import { randomBytes } from './rand.js';
import { BALLOT_BINDING, BALLOT_IDENTITY, BALLOT_SIGNATURE, BALLOT_STATEMENT, TRACKING_HASH } from './tags.js';

export const TRACKING_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const TRACKING_CHARS = 52;
const TRACKING_GROUP = 4;
const HASH_BYTES = 32;
const MAX_DISTRICT_ID = 64;
const NONCE_BYTES = 32;
const BALLOT_FIELDS = ['credential', 'district', 'head', 'nonce', 'questions', 'signature'];
const HEAD_FIELDS = ['hash', 'index'];
const QUESTION_FIELDS = ['ciphertexts', 'proofs', 'range'];
const CHALLENGE_FIELDS = ['binding', 'district', 'questions', 'tracking'];
export const CHALLENGE_QUESTION_FIELDS = ['choices', 'ciphertexts', 'proofs', 'randomness', 'range'];

// -------------------------------------------------------------------------------- parameters

function checkShape(q, role) {
  for (const name of ['options', 'min', 'max']) {
    if (!Number.isSafeInteger(q[name])) throw new ParameterError(`${role}: ${name} must be an integer`);
  }
  if (q.options < 1 || !(0 <= q.min && q.min <= q.max && q.max <= q.options)) {
    throw new ParameterError(
      `${role}: need 0 ≤ min ≤ max ≤ options and options ≥ 1, got options = ${q.options}, ` +
        `min = ${q.min}, max = ${q.max}`,
    );
  }
  if (q.max - q.min + 1 > MAX_RANGE_BRANCHES) {
    throw new ParameterError(`${role}: max − min + 1 exceeds ${MAX_RANGE_BRANCHES} range branches`);
  }
}

/**
 * The values a ballot is built and checked against: the joint key K (a point, not the identity),
 * the 32-byte election context, the questions as {options, min, max} (manifest order; `id`,
 * `optionIds`, `text` and `labels` optional) and the district ids. `extra` may add `electionId`
 * (16 bytes) and `kdf` ({algorithm: 'hkdf-sha256'} or {algorithm: 'scrypt', n, r, p}).
 */
export function ballotParams(jointKey, electionCtx, questions, districts, extra = {}) {
  if (!(electionCtx instanceof Uint8Array) || electionCtx.length !== HASH_BYTES) {
    throw new ParameterError(`ballot parameters: election_ctx must be ${HASH_BYTES} bytes`);
  }
  if (jointKey === null || typeof jointKey !== 'object' || typeof jointKey.is0 !== 'function' || isIdentity(jointKey)) {
    throw new ParameterError('ballot parameters: the joint key must be a non-identity point');
  }
  if (!Array.isArray(questions) || questions.length === 0) {
    throw new ParameterError('ballot parameters: an election has at least one question');
  }
  if (!Array.isArray(districts) || districts.length === 0) {
    throw new ParameterError('ballot parameters: an election has at least one district');
  }
  const qs = questions.map((q, i) => {
    const shape = Array.isArray(q) ? { options: q[0], min: q[1], max: q[2] } : { ...q };
    checkShape(shape, `question ${i}`);
    return Object.freeze(shape);
  });
  // K is raised to a power for every option and branch: keep a window table for it
  const K = Point.fromAffine(jointKey.toAffine()).precompute(8, false);
  return Object.freeze({
    group: 'secp256k1',
    K,
    electionCtx: electionCtx.slice(),
    questions: Object.freeze(qs),
    districts: Object.freeze([...districts]),
    ...extra,
  });
}

function requireObject(value, role) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ParameterError(`${role}: expected an object, got ${typeName(value)}`);
  }
  return value;
}

/**
 * Ballot parameters from the manifest (the body of entry 0), the joint key K (hex, from the
 * `election_key` entry) and the election context (hex, as in the `open` entry). The web booth
 * serves secp256k1 elections only: a modp4096 election is refused (use the CLI voter client).
 */
export function electionParamsFromManifest(manifest, jointKeyHex, electionCtxHex) {
  requireObject(manifest, 'manifest');
  if (manifest.group !== 'secp256k1') {
    throw new ParameterError(
      `manifest.group: the web booth supports only secp256k1 elections, this one uses ` +
        `${JSON.stringify(manifest.group)}; use the CLI voter client`,
    );
  }
  const electionId = strictHex(manifest.election_id, 'manifest.election_id', ELECTION_ID_BYTES);
  const kdfObj = requireObject(manifest.kdf, 'manifest.kdf');
  if (kdfObj.algorithm !== HKDF_SHA256 && kdfObj.algorithm !== 'scrypt') {
    throw new ParameterError(
      `manifest.kdf.algorithm: expected "hkdf-sha256" or "scrypt", got ${JSON.stringify(kdfObj.algorithm)}`,
    );
  }
  const kdf = checkKdf(
    kdfObj.algorithm === HKDF_SHA256
      ? { ...kdfObj }
      : { algorithm: 'scrypt', n: kdfObj.n, r: kdfObj.r, p: kdfObj.p },
    'manifest.kdf',
  );
  if (!Array.isArray(manifest.questions)) throw new ParameterError('manifest.questions: expected an array');
  const questions = manifest.questions.map((q, i) => {
    const role = `manifest.questions[${i}]`;
    requireObject(q, role);
    if (!Array.isArray(q.options)) throw new ParameterError(`${role}.options: expected an array`);
    const optionIds = q.options.map((o, j) => {
      requireObject(o, `${role}.options[${j}]`);
      if (typeof o.id !== 'string') throw new ParameterError(`${role}.options[${j}].id: expected a string`);
      return o.id;
    });
    return {
      id: q.id,
      text: q.text,
      options: optionIds.length,
      optionIds,
      labels: q.options.map((o) => o.label),
      min: q.min,
      max: q.max,
    };
  });
  if (!Array.isArray(manifest.districts)) throw new ParameterError('manifest.districts: expected an array');
  const districts = manifest.districts.map((d, i) => {
    requireObject(d, `manifest.districts[${i}]`);
    if (typeof d.id !== 'string') throw new ParameterError(`manifest.districts[${i}].id: expected a string`);
    return d.id;
  });
  const K = pointFromHex(jointKeyHex, 'joint key K');
  const electionCtx = strictHex(electionCtxHex, 'election_ctx', HASH_BYTES);
  return ballotParams(K, electionCtx, questions, districts, { electionId, kdf });
}

// ------------------------------------------------------------------------------------ hashing

/** H(BALLOT_BINDING, credential, nonce): the commitment to the credential key (32 bytes each). */
export function ballotBinding(credential, nonce) {
  if (credential.length !== 32 || nonce.length !== NONCE_BYTES) {
    throw new ParameterError('ballot binding: the credential key and the nonce are 32 bytes each');
  }
  return H(BALLOT_BINDING, credential, nonce);
}

/** ballot_stmt over the election, district, binding (32 bytes) and every ciphertext. */
export function ballotStatement(params, district, binding, ciphertexts) {
  const cts = ciphertexts.map((question) => question.map(ciphertextValue));
  return H(BALLOT_STATEMENT, params.electionCtx, district, binding, cts);
}

/** The proofs of a ballot as hashed (questions: [{proofs, range}]). */
export function proofsValue(questions) {
  return questions.map((q) => ({ proofs: q.proofs.map(zeroOneValue), range: rangeValue(q.range) }));
}

/** H(TRACKING_HASH, ballot_stmt, proofs): 32 bytes (the signature is not covered). */
export function trackingHash(statement, proofs) {
  return H(TRACKING_HASH, statement, proofs);
}

/** H(BALLOT_IDENTITY, ballot_stmt): equal for a ballot, its replays and its challenge. */
export function ballotIdentity(statement) {
  return H(BALLOT_IDENTITY, statement);
}

export function zeroOneContext(statement, question, option) {
  return { ballot: statement, question, option };
}

export function rangeContext(statement, question) {
  return { ballot: statement, question };
}

// ------------------------------------------------------------------------------ tracking text

/** A 32-byte tracking hash as 13 hyphen-joined groups of 4 lowercase Crockford characters. */
export function formatTracking(digest) {
  if (!(digest instanceof Uint8Array) || digest.length !== HASH_BYTES) {
    throw new ParameterError(`tracking hash: expected ${HASH_BYTES} bytes`);
  }
  const value = bytesToBigint(digest) << 4n;
  let text = '';
  for (let i = 0; i < TRACKING_CHARS; i++) {
    text += TRACKING_ALPHABET[Number((value >> BigInt(5 * (TRACKING_CHARS - 1 - i))) & 31n)];
  }
  return text.match(/.{4}/g).join('-');
}

const TRACKING_TYPED = new Map([...TRACKING_ALPHABET].map((ch, i) => [ch, i]));
TRACKING_TYPED.set('i', 1);
TRACKING_TYPED.set('l', 1);
TRACKING_TYPED.set('o', 0);

/** Read a tracking hash as typed: either case, spaces/hyphens anywhere, i/l → 1, o → 0, or hex. */
export function parseTracking(text) {
  if (typeof text !== 'string') throw new InputError('tracking hash: expected text');
  const compact = [...text.trim().toLowerCase()].filter((ch) => ch !== ' ' && ch !== '-' && ch !== '\t').join('');
  if (compact.length === 2 * HASH_BYTES && /^[0-9a-f]*$/.test(compact)) return strictHex(compact, 'tracking hash');
  if ([...compact].length !== TRACKING_CHARS) {
    const got = [...compact].length;
    throw new InputError(
      `tracking hash: expected ${TRACKING_CHARS} characters (hyphens aside) or 64 hex digits, got ${got}`,
      { reason: 'length', got, expected: TRACKING_CHARS },
    );
  }
  let value = 0n;
  let position = 0;
  for (const ch of compact) {
    position += 1;
    const digit = TRACKING_TYPED.get(ch);
    if (digit === undefined) {
      throw new InputError(`tracking hash: character ${position} ('${ch}') is not base32`, {
        reason: 'character',
        position,
        character: ch,
      });
    }
    value = value * 32n + BigInt(digit);
  }
  if ((value & 15n) !== 0n) {
    throw new InputError('tracking hash: the last character is not one a tracking hash ends with', {
      reason: 'ending',
    });
  }
  return bigintToBytes(value >> 4n, HASH_BYTES);
}

// ------------------------------------------------------------------------------------ building

/** The voter's selections checked against the questions' shapes (a copy); InputError. */
export function checkSelections(params, selections) {
  if (!Array.isArray(selections) || selections.length !== params.questions.length) {
    const got = Array.isArray(selections) ? selections.length : 0;
    throw new InputError(`selections: ${got} questions answered, the election has ${params.questions.length}`);
  }
  return selections.map((bits, i) => {
    const shape = params.questions[i];
    if (!Array.isArray(bits) || bits.length !== shape.options) {
      const got = Array.isArray(bits) ? bits.length : 0;
      throw new InputError(`question ${i}: ${got} option bits, the question has ${shape.options} options`);
    }
    if (bits.some((b) => b !== 0 && b !== 1)) throw new InputError(`question ${i}: every option bit must be 0 or 1`);
    const chosen = bits.reduce((s, b) => s + b, 0);
    if (chosen < shape.min || chosen > shape.max) {
      throw new InputError(`question ${i}: ${chosen} options chosen; choose between ${shape.min} and ${shape.max}`);
    }
    return bits.slice();
  });
}

/**
 * Every option of the checked `choices` encrypted under K, question after question:
 * {cts: [[ciphertext]], rs: [[r]]} (a ballot of either mode draws them in this order).
 */
export function encryptChoices(params, choices, rng) {
  const cts = [];
  const rs = [];
  for (const bits of choices) {
    const rowCt = [];
    const rowR = [];
    for (const m of bits) {
      const { ciphertext, r } = encrypt(params.K, BigInt(m), rng);
      rowCt.push(ciphertext);
      rowR.push(r);
    }
    cts.push(rowCt);
    rs.push(rowR);
  }
  return { cts, rs };
}

/**
 * Every question's 0/1 proofs and range proof bound to `statement` (spec §11.2's contexts), as
 * plebiscite.model.ballot.create.prove_questions: [{ciphertexts, proofs, range}] per question.
 */
export function proveQuestions(params, statement, choices, cts, rs, rng) {
  const K = params.K;
  return choices.map((bits, i) => {
    const shape = params.questions[i];
    const proofs = bits.map((m, j) => proveZeroOne(K, cts[i][j], m, rs[i][j], zeroOneContext(statement, i, j), rng));
    const total = aggregate(cts[i]);
    const sumM = bits.reduce((s, b) => s + b, 0);
    const sumR = mod(rs[i].reduce((s, r) => s + r, 0n));
    const range = proveRange(K, total, sumM, sumR, shape.min, shape.max, rangeContext(statement, i), rng);
    return Object.freeze({ ciphertexts: cts[i], proofs, range });
  });
}

/**
 * Encrypt `selections` (per question, a 0/1 bit per option) for the credential's x-only key
 * (32 bytes). Returns the opened ballot: {district, credential, nonce, binding, questions:
 * [{ciphertexts, proofs, range}], statement, tracking, identity, choices, randomness}. The nonce
 * (drawn first), the choices and the randomness are the booth's secret until the voter casts
 * (the nonce) or challenges (the choices and the randomness).
 */
export function encryptBallot(params, district, credential, selections, rng) {
  if (!params.districts.includes(district)) {
    throw new InputError(`district ${JSON.stringify(district)} is not a district of this election`);
  }
  checkXOnly(credential, 'credential key');
  const choices = checkSelections(params, selections);
  const nonce = randomBytes(rng, NONCE_BYTES);
  const binding = ballotBinding(credential, nonce);
  const { cts, rs } = encryptChoices(params, choices, rng);
  const statement = ballotStatement(params, district, binding, cts);
  const questions = proveQuestions(params, statement, choices, cts, rs, rng);
  const tracking = trackingHash(statement, proofsValue(questions));
  return Object.freeze({
    district,
    credential: credential.slice(),
    nonce,
    binding,
    questions,
    statement,
    tracking,
    identity: ballotIdentity(statement),
    choices,
    randomness: rs,
    toString: () => `OpenedBallot(tracking=${formatTracking(tracking)}, choices=<secret>)`,
  });
}

/** The questions of a ballot body in their JSON form. */
export function questionsJson(questions) {
  return questions.map((q) => ({
    ciphertexts: q.ciphertexts.map(encodeCiphertext),
    proofs: q.proofs.map(encodeZeroOne),
    range: encodeRange(q.range),
  }));
}

/** The head a ballot names: {index: safe integer ≥ 0, hash: 32 bytes} (of a signed head). */
export function namedHead(index, hash) {
  if (!Number.isSafeInteger(index) || index < 0) throw new ParameterError('named head: the index must be an integer ≥ 0');
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_BYTES) {
    throw new ParameterError(`named head: the hash must be ${HASH_BYTES} bytes`);
  }
  return { index, hash };
}

function signedMessage(statement, questions, head) {
  return [statement, proofsValue(questions), head.index, head.hash];
}

/**
 * The `ballot` body: the opened ballot signed by the credential key naming `head` (namedHead:
 * the board's latest signed head, read just before), aux randomness from rng.
 */
export function castBallot(opened, key, head, rng) {
  if (!bytesEqual(key.xonly, opened.credential)) {
    throw new ParameterError("castBallot: the key is not the ballot's credential key");
  }
  const named = namedHead(head?.index, head?.hash);
  const signature = signTagged(key, BALLOT_SIGNATURE, signedMessage(opened.statement, opened.questions, named), rng);
  return {
    district: opened.district,
    credential: toHex(opened.credential),
    nonce: toHex(opened.nonce),
    questions: questionsJson(opened.questions),
    head: { index: named.index, hash: toHex(named.hash) },
    signature: toHex(signature),
  };
}

/** Encrypt and sign in one step: the exact `ballot` body Python's check_ballot accepts. */
export function buildBallot(params, district, key, selections, head, rng) {
  return castBallot(encryptBallot(params, district, key.xonly, selections, rng), key, head, rng);
}

/**
 * The `challenge` body: the ballot opened, with its binding, plaintexts, randomness and tracking
 * hash; no credential and no nonce (docs/spec.md §11.2: an opened ballot names nobody).
 */
export function buildChallenge(opened) {
  return {
    district: opened.district,
    binding: toHex(opened.binding),
    questions: openedQuestionsJson(opened),
    tracking: toHex(opened.tracking),
  };
}

/** The questions of a challenge (either mode): each with its choices and randomness revealed. */
export function openedQuestionsJson(opened) {
  return questionsJson(opened.questions).map((q, i) => ({
    ...q,
    choices: opened.choices[i].slice(),
    randomness: opened.randomness[i].map(scalarToHex),
  }));
}

// ------------------------------------------------------------------------------------ checking

export function fieldError(path, message) {
  return new EncodingError(`field ${path}: ${message}`);
}

export function requireFields(obj, path, names) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw fieldError(path, `expected an object, got ${typeName(obj)}`);
  }
  const keys = Object.keys(obj);
  const missing = names.filter((n) => !Object.hasOwn(obj, n));
  const unknown = keys.filter((k) => !names.includes(k));
  if (missing.length || unknown.length) {
    throw fieldError(path, `missing fields ${JSON.stringify(missing)}, unknown fields ${JSON.stringify(unknown)}`);
  }
  return obj;
}

export function exactList(obj, key, path, length, what) {
  const value = obj[key];
  if (!Array.isArray(value)) throw fieldError(`${path}.${key}`, `expected an array, got ${typeName(value)}`);
  if (value.length !== length) throw fieldError(`${path}.${key}`, `expected ${length} ${what}, got ${value.length}`);
  return value;
}

/** Run `f`; an EncodingError or GroupElementError is raised again as "field <path>: …". */
export function asField(f) {
  try {
    return f();
  } catch (exc) {
    if (!(exc instanceof PlebisciteError) || exc instanceof ProofError) throw exc;
    throw new exc.constructor(`field ${exc.message}`);
  }
}

/** The body's `district`: a string of at most 64 characters naming a district of the election. */
export function decodeDistrict(params, body) {
  const district = body.district;
  if (typeof district !== 'string') throw fieldError('body.district', `expected a string, got ${typeName(district)}`);
  if ([...district].length > MAX_DISTRICT_ID) throw fieldError('body.district', `longer than ${MAX_DISTRICT_ID} characters`);
  if (!params.districts.includes(district)) throw fieldError('body.district', `unknown district ${JSON.stringify(district)}`);
  return district;
}

/**
 * The body's `questions`, one per question, each with exactly `questionFields`, strictly decoded
 * (a ballot of either mode): [{ciphertexts, proofs, range}]; EncodingError naming the field.
 */
export function decodeQuestions(params, body, questionFields = QUESTION_FIELDS) {
  const rawQuestions = exactList(body, 'questions', 'body', params.questions.length, 'questions (one per question)');
  return rawQuestions.map((item, i) => {
    const path = `body.questions[${i}]`;
    const shape = params.questions[i];
    requireFields(item, path, questionFields);
    const rawCts = exactList(item, 'ciphertexts', path, shape.options, 'ciphertexts (one per option)');
    const rawProofs = exactList(item, 'proofs', path, shape.options, '0/1 proofs (one per option)');
    return asField(() => {
      const ciphertexts = rawCts.map((x, j) => decodeCiphertext(x, `${path}.ciphertexts[${j}]`, false));
      const proofs = rawProofs.map((x, j) => decodeZeroOne(x, `${path}.proofs[${j}]`));
      const range = decodeRange(item.range, `${path}.range`);
      const branches = shape.max - shape.min + 1;
      if (!(range.a.length === branches && range.b.length === branches && range.v.length === branches && range.c.length === branches - 1)) {
        throw new EncodingError(
          `${path}.range: for [min, max] = [${shape.min}, ${shape.max}] expected ${branches} entries ` +
            `in a, b and v and ${branches - 1} in c`,
        );
      }
      return { ciphertexts, proofs, range };
    });
  });
}

function decodeBody(params, body, fields, questionFields) {
  requireFields(body, 'body', fields);
  const district = decodeDistrict(params, body);
  let credential = null;
  let binding;
  if (fields.includes('binding')) {
    binding = asField(() => strictHex(body.binding, 'body.binding', HASH_BYTES));
  } else {
    credential = asField(() => checkXOnly(strictHex(body.credential, 'body.credential', 32), 'body.credential'));
    const nonce = asField(() => strictHex(body.nonce, 'body.nonce', NONCE_BYTES));
    binding = ballotBinding(credential, nonce);
  }
  const questions = decodeQuestions(params, body, questionFields);
  const statement = ballotStatement(params, district, binding, questions.map((q) => q.ciphertexts));
  const tracking = trackingHash(statement, proofsValue(questions));
  return { district, credential, binding, questions, statement, tracking, identity: ballotIdentity(statement) };
}

/** Every question's 0/1 and range proofs against `statement`; ProofError naming the field. */
export function checkQuestionProofs(params, statement, questions) {
  const { K } = params;
  questions.forEach((q, i) => {
    q.ciphertexts.forEach((ct, j) => {
      try {
        verifyZeroOne(K, ct, q.proofs[j], zeroOneContext(statement, i, j));
      } catch (exc) {
        if (exc instanceof ProofError) throw new ProofError(`field body.questions[${i}].proofs[${j}]: ${exc.message}`);
        throw exc;
      }
    });
    const shape = params.questions[i];
    try {
      verifyRange(K, aggregate(q.ciphertexts), shape.min, shape.max, q.range, rangeContext(statement, i));
    } catch (exc) {
      if (exc instanceof ProofError) throw new ProofError(`field body.questions[${i}].range: ${exc.message}`);
      throw exc;
    }
  });
}

/**
 * Check a `ballot` body as V5 does (without the roll, the window and replays): strict decoding,
 * the district, every proof, the credential's signature. Returns {district, credential, binding,
 * statement, tracking, identity}; throws EncodingError or ProofError naming the field.
 */
export function checkBallot(params, body) {
  const decoded = decodeBody(params, body, BALLOT_FIELDS, QUESTION_FIELDS);
  const head = decodeHead(body.head);
  checkQuestionProofs(params, decoded.statement, decoded.questions);
  const signature = asField(() => strictHex(body.signature, 'body.signature', SIGNATURE_BYTES));
  const message = signedMessage(decoded.statement, decoded.questions, head);
  if (!verifyTagged(decoded.credential, signature, BALLOT_SIGNATURE, message)) {
    throw new ProofError(
      'field body.signature: not a valid signature by the credential body.credential over the ballot statement, proofs and named head',
    );
  }
  const { district, credential, binding, statement, tracking, identity } = decoded;
  return { district, credential, binding, statement, tracking, identity, head };
}

function decodeHead(value) {
  requireFields(value, 'body.head', HEAD_FIELDS);
  const { index } = value;
  if (!Number.isSafeInteger(index) || index < 0) {
    throw fieldError('body.head.index', `expected an integer ≥ 0, got ${typeName(index)}`);
  }
  return { index, hash: asField(() => strictHex(value.hash, 'body.head.hash', HASH_BYTES)) };
}

/**
 * Check a `challenge` body (V10), for the challenge checker: strict decoding; every option
 * re-encrypted from its revealed choice and randomness to exactly the posted ciphertext; each
 * question's number of choices within [min, max]; the posted tracking hash equal to the
 * recomputed one; every proof. Returns {district, binding, statement, tracking, identity,
 * choices, chosen} where `chosen[i]` lists the chosen option ids of question i (when the
 * parameters carry them) for the voter to compare with what she chose.
 */
export function checkChallenge(params, body) {
  const decoded = decodeBody(params, body, CHALLENGE_FIELDS, CHALLENGE_QUESTION_FIELDS);
  const posted = postedTracking(body);
  const { choices, chosen } = checkOpenings(params, decoded.questions, body);
  checkPostedTracking(posted, decoded.tracking);
  checkQuestionProofs(params, decoded.statement, decoded.questions);
  const { district, binding, statement, tracking, identity } = decoded;
  return { district, binding, statement, tracking, identity, choices, chosen };
}

/**
 * The openings of a challenge (either mode): every option of `questions` (decoded from `body`)
 * re-encrypted from the body's revealed choice and randomness to exactly the posted ciphertext,
 * each question's number of choices within [min, max]. Returns {choices, chosen}; throws
 * EncodingError or ProofError naming the field.
 */
export function checkOpenings(params, questions, body) {
  const { K } = params;
  const choices = [];
  const chosen = [];
  questions.forEach((q, i) => {
    const path = `body.questions[${i}]`;
    const shape = params.questions[i];
    const item = body.questions[i];
    const bits = exactList(item, 'choices', path, shape.options, 'choices (one per option)');
    bits.forEach((b, j) => {
      if (b !== 0 && b !== 1) throw fieldError(`${path}.choices[${j}]`, 'expected 0 or 1');
    });
    const rawR = exactList(item, 'randomness', path, shape.options, 'scalars');
    const rs = asField(() => rawR.map((x, j) => scalarFromHex(x, `${path}.randomness[${j}]`)));
    q.ciphertexts.forEach((ct, j) => {
      const alpha = exp(G, rs[j]);
      const beta = exp(G, BigInt(bits[j])).add(exp(K, rs[j]));
      if (!alpha.equals(ct.alpha) || !beta.equals(ct.beta)) {
        throw new ProofError(
          `field ${path}.ciphertexts[${j}]: does not re-encrypt from ${path}.choices[${j}] and ${path}.randomness[${j}]`,
        );
      }
    });
    const count = bits.reduce((s, b) => s + b, 0);
    if (count < shape.min || count > shape.max) {
      throw new ProofError(`field ${path}.choices: ${count} options chosen, outside [${shape.min}, ${shape.max}]`);
    }
    choices.push(bits.slice());
    chosen.push(shape.optionIds ? shape.optionIds.filter((_, j) => bits[j] === 1) : null);
  });
  return { choices, chosen };
}

/** The tracking hash a challenge posts (`body.tracking`, 32 bytes of hex). */
export function postedTracking(body) {
  return asField(() => strictHex(body.tracking, 'body.tracking', HASH_BYTES));
}

/** The tracking hash a challenge posts equals the one its ballot recomputes to (ProofError). */
export function checkPostedTracking(posted, tracking) {
  if (!bytesEqual(posted, tracking)) {
    throw new ProofError(`field body.tracking: ${toHex(posted)} but the ballot's tracking hash is ${toHex(tracking)}`);
  }
}
