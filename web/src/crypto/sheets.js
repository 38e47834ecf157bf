/**
 * Sheets of the fake-credentials mode (docs/spec.md §16.3–§16.4), as
 * plebiscite.model.coercion.registration and plebiscite.crypto.proofs.designated.
 *
 * Sheet j holds the district, the voter's roll position p, registrar j's share σ_j as 54
 * Crockford characters (its 256 bits, four zero bits, then §8.2's two check characters) and a
 * designated-verifier proof that the posted R_j = (α, β) encrypts S_j = g^(σ_j):
 *
 *   "log_g α = log_K(β/S)" OR "I know v with V = g^v"      (a CDS disjunction)
 *   c = hashToScalar(DESIGNATED_CHALLENGE, n, {group, context, statement: {g, K, V, alpha, beta, S},
 *                    commitments: [a, b, h]}),   context {election, district, registrar, position}
 *   checks g^v1 = a·α^c1, K^v1 = b·(β/S)^c1, g^v2 = h·V^c2 with c2 = c − c1
 *
 * The voter, who holds v, can make an equally valid proof for any S′: fakeSheet writes a sheet of
 * the same form — a fresh uniform share, valid check characters, a simulated proof — that passes
 * checkSheet exactly as the real one does. Nothing public tells them apart. Errors never echo a
 * share.
 */

import { EncodingError, InputError, ParameterError, ProofError } from './errors.js';
import { decodeCiphertext, encodeCiphertext } from './elgamal.js';
import { strictHex, toHex } from './encoding.js';
import {
  G,
  N,
  div,
  encodePoint,
  exp,
  expGSecret,
  mod,
  mul,
  pointFromHex,
  pointToHex,
  randomNonzeroScalar,
  randomScalar,
  scalarFromHex,
  scalarToHex,
} from './group.js';
import { challenge, checkElement, checkScalar } from './proofs.js';
import { crockfordValue, normaliseChecked, withCheck } from './credential.js';
import { DESIGNATED_CHALLENGE } from './tags.js';

/** characters of a share on a sheet: 52 for 256 bits and four zero bits, then two check characters */
export const SHARE_CHARS = 54;
const BODY_CHARS = 52;
const NAME = 'designated-verifier proof';
const PAD_BITS = 4n;

/** σ_j as its 54 characters (§16.4). */
export function encodeShare(sigma) {
  if (typeof sigma !== 'bigint' || sigma < 0n || sigma >= 1n << 256n) {
    throw new ParameterError('a share is a 256-bit value');
  }
  return withCheck(sigma << PAD_BITS, BODY_CHARS);
}

/** Read a typed share leniently (§8.1's rules); InputError if its check characters, padding or range are wrong. */
export function parseShare(text) {
  const chars = normaliseChecked(text, SHARE_CHARS, 'sheet share');
  const value = crockfordValue(chars.slice(0, BODY_CHARS));
  const sigma = value >> PAD_BITS;
  if ((value & ((1n << PAD_BITS) - 1n)) !== 0n || sigma < 1n || sigma >= N) {
    throw new InputError("sheet share: not a share of this election's group");
  }
  return sigma;
}

/** A share in groups of six characters, as a sheet prints it. */
export function groupedShare(text) {
  return normaliseChecked(text, SHARE_CHARS, 'sheet share').match(/.{1,6}/g).join('-');
}

/** The context of registrar j's proofs: {election, district, registrar, position}. */
export function registrationContext(ceremonyCtx, district, registrar, position) {
  return { election: ceremonyCtx, district, registrar: BigInt(registrar), position: BigInt(position) };
}

function designatedChallenge(K, V, R, S, a, b, h, context) {
  const statement = {
    g: encodePoint(G),
    K: encodePoint(K),
    V: encodePoint(V),
    alpha: encodePoint(R.alpha),
    beta: encodePoint(R.beta),
    S: encodePoint(S),
  };
  return challenge(DESIGNATED_CHALLENGE, context, statement, [encodePoint(a), encodePoint(b), encodePoint(h)]);
}

/** Verify that R encrypts S for the holder of V (or that the prover knows v); throws ProofError. */
export function verifyDesignated(K, V, R, S, proof, context) {
  for (const [role, value] of [
    ['public key K', K],
    ['designated key V', V],
    ['roll alpha', R.alpha],
    ['roll beta', R.beta],
    ['S', S],
    ['a', proof.a],
    ['b', proof.b],
    ['h', proof.h],
  ]) {
    checkElement(NAME, role, value, false);
  }
  for (const role of ['c1', 'v1', 'v2']) checkScalar(NAME, role, proof[role]);
  const c = designatedChallenge(K, V, R, S, proof.a, proof.b, proof.h, context);
  const c2 = mod(c - proof.c1);
  if (!exp(G, proof.v1).equals(mul(proof.a, exp(R.alpha, proof.c1)))) {
    throw new ProofError('designated-verifier proof: the equation g^v1 = a·α^c1 does not hold');
  }
  if (!exp(K, proof.v1).equals(mul(proof.b, exp(div(R.beta, S), proof.c1)))) {
    throw new ProofError('designated-verifier proof: the equation K^v1 = b·(β/S)^c1 does not hold');
  }
  if (!exp(G, proof.v2).equals(mul(proof.h, exp(V, c2)))) {
    throw new ProofError('designated-verifier proof: the equation g^v2 = h·V^c2 does not hold');
  }
  return true;
}

/**
 * The voter's proof, with her secret v, that R encrypts S — for any S (the encryption branch
 * simulated): draws c1, v1 and then u, as Python's simulate_designated.
 */
export function simulateDesignated(K, v, R, S, context, rng) {
  const V = expGSecret(v);
  const c1 = randomScalar(rng);
  const v1 = randomScalar(rng);
  const a = mul(exp(G, v1), exp(R.alpha, mod(-c1)));
  const b = mul(exp(K, v1), exp(div(R.beta, S), mod(-c1)));
  const u = randomNonzeroScalar(rng);
  const h = expGSecret(u);
  const c = designatedChallenge(K, V, R, S, a, b, h, context);
  return { a, b, h, c1, v1, v2: mod(u + (c - c1) * mod(v)) };
}

/**
 * The voter's check of sheet j (`plebiscite credentials check`): the roll entry R_j posted at her
 * position encrypts the share on her sheet. `sheet`: {district, position, registrar, share, proof}.
 */
export function checkSheet(K, V, ceremonyCtx, sheet, entry) {
  const S = exp(G, parseShare(sheet.share));
  const context = registrationContext(ceremonyCtx, sheet.district, sheet.registrar, sheet.position);
  return verifyDesignated(K, V, entry, S, sheet.proof, context);
}

/**
 * A sheet of the same form as `sheet` (same district, position and registrar) with a fresh share
 * and a proof simulated with the voter's secret v: it passes checkSheet as the real one does.
 */
export function fakeSheet(K, v, ceremonyCtx, sheet, entry, rng) {
  const sigma = randomNonzeroScalar(rng);
  const context = registrationContext(ceremonyCtx, sheet.district, sheet.registrar, sheet.position);
  const proof = simulateDesignated(K, v, entry, exp(G, sigma), context, rng);
  return {
    district: sheet.district,
    position: sheet.position,
    registrar: sheet.registrar,
    share: encodeShare(sigma),
    proof,
  };
}

/** σ = Σ_j σ_j mod n from the voter's sheets (one per registrar). */
export function credentialOf(sheets) {
  if (!Array.isArray(sheets) || sheets.length === 0) throw new InputError('a credential needs at least one sheet');
  return mod(sheets.reduce((acc, s) => acc + parseShare(s.share), 0n));
}

// ------------------------------------------------------------------------------ sheet files

/** The `format` of a sheet file (spec §16.4: `plebiscite credentials issue` writes one per voter
 * and registrar, `credentials fake` and the fake-sheet page write fakes in the same form). */
export const SHEET_FORMAT = 'plebiscite-sheet-v1';
/** The `format` of the voter's designated-verifier key file (`credentials designated-key`). */
export const DESIGNATED_FORMAT = 'plebiscite-designated-v1';
const SHEET_FILE_FIELDS = ['format', 'election_id', 'district', 'position', 'registrar', 'share', 'designated', 'proof'];
const PROOF_FIELDS = ['a', 'b', 'h', 'c1', 'v1', 'v2'];
const MAX_DISTRICT_ID = 64;

function exactFields(obj, role, names) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new EncodingError(`${role}: expected a JSON object`);
  }
  const missing = names.filter((n) => !Object.hasOwn(obj, n));
  const unknown = Object.keys(obj).filter((k) => !names.includes(k));
  if (missing.length || unknown.length) {
    throw new EncodingError(`${role}: missing fields ${JSON.stringify(missing)}, unknown fields ${JSON.stringify(unknown)}`);
  }
  return obj;
}

function integer(value, low, role) {
  if (!Number.isSafeInteger(value) || value < low) throw new EncodingError(`${role}: expected an integer of at least ${low}`);
  return value;
}

/**
 * A sheet file read strictly, as plebiscite.model.coercion.registration.read_sheet_file:
 * {electionId (16 bytes), designated (V), sheet: {district, position, registrar, share, proof}}
 * with the proof as group elements and scalars; the share's check characters, padding and range
 * checked (InputError, never echoing it).
 */
export function decodeSheetFile(obj) {
  exactFields(obj, 'sheet file', SHEET_FILE_FIELDS);
  if (obj.format !== SHEET_FORMAT) throw new EncodingError(`sheet file: field format: expected ${SHEET_FORMAT}`);
  if (typeof obj.district !== 'string' || obj.district.length === 0 || [...obj.district].length > MAX_DISTRICT_ID) {
    throw new EncodingError('sheet file: field district: expected a district id');
  }
  const position = integer(obj.position, 0, 'sheet file: field position');
  const registrar = integer(obj.registrar, 1, 'sheet file: field registrar');
  if (typeof obj.share !== 'string') throw new EncodingError("sheet file: field share: expected the share's characters");
  parseShare(obj.share);
  const p = exactFields(obj.proof, 'sheet file: field proof', PROOF_FIELDS);
  return {
    electionId: strictHex(obj.election_id, 'sheet file: field election_id', 16),
    designated: pointFromHex(obj.designated, 'sheet file: field designated'),
    sheet: {
      district: obj.district,
      position,
      registrar,
      share: obj.share,
      proof: {
        a: pointFromHex(p.a, 'sheet file: field proof.a'),
        b: pointFromHex(p.b, 'sheet file: field proof.b'),
        h: pointFromHex(p.h, 'sheet file: field proof.h'),
        c1: scalarFromHex(p.c1, 'sheet file: field proof.c1'),
        v1: scalarFromHex(p.v1, 'sheet file: field proof.v1'),
        v2: scalarFromHex(p.v2, 'sheet file: field proof.v2'),
      },
    },
  };
}

/** The JSON object of a sheet file (real and fake sheets alike), as sheet_file_json. */
export function sheetFileJson({ electionId, designated, sheet }) {
  const p = sheet.proof;
  return {
    format: SHEET_FORMAT,
    election_id: toHex(electionId),
    district: sheet.district,
    position: sheet.position,
    registrar: sheet.registrar,
    share: sheet.share,
    designated: pointToHex(designated),
    proof: {
      a: pointToHex(p.a),
      b: pointToHex(p.b),
      h: pointToHex(p.h),
      c1: scalarToHex(p.c1),
      v1: scalarToHex(p.v1),
      v2: scalarToHex(p.v2),
    },
  };
}

/** The secret v of a designated-verifier key file (secp256k1), checked against the sheet's V. */
export function decodeDesignatedKey(obj, designated) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || obj.format !== DESIGNATED_FORMAT) {
    throw new EncodingError(`key file: not a designated-verifier key file (${DESIGNATED_FORMAT})`);
  }
  if (obj.group !== 'secp256k1') throw new EncodingError('key file: field group: this booth serves secp256k1 elections only');
  const v = scalarFromHex(obj.secret, 'key file: field secret');
  if (v === 0n || (designated !== undefined && !expGSecret(v).equals(designated))) {
    throw new EncodingError('key file: the designated-verifier secret is not the one this sheet was made for');
  }
  return v;
}
