// The fake-credentials mode (docs/spec.md §16.3–§16.7): JavaScript builds Python's ballots of the
// mode byte for byte from the same randomness (body, ballot_stmt, tracking hash), checks them
// against the roll and refuses tampered ones; sheets' shares read and write as Python's; the voter's
// fake sheet is Python's byte for byte and passes the same check as the real one.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, hex, paramsOf, scriptedRandom, vectors } from './helpers.mjs';

const data = vectors('js', 'coercion.json');
const params = paramsOf(data.params);
const rolls = Object.fromEntries(Object.entries(data.rolls).map(([d, r]) => [d, booth.decodeRoll(r)]));
const rollOf = (district) => rolls[district];
const { toHex, ProofError, EncodingError, GroupElementError, InputError } = booth;
const clone = (x) => JSON.parse(JSON.stringify(x));
const sigmaOf = (which) => BigInt('0x' + { real: data.voter.sigma, fake: data.voter.fake_sigma, other: data.other_sigma }[which]);

/** `call` throws an `ErrorType` whose message names `field`. */
function refusedNaming(label, call, ErrorType, field) {
  assert.throws(call, (exc) => {
    assert.ok(exc instanceof ErrorType, `${label}: ${exc.name}: ${exc.message}`);
    assert.ok(exc.message.includes(`field ${field}`), `${label}: ${exc.message}`);
    return true;
  });
}

function build(c, rng) {
  return booth.castCredentialBallot(params, rolls[c.district], c.district, sigmaOf(c.credential), c.position, c.selections, {
    anonymity: c.anonymity,
    rng,
  });
}

test('JavaScript ballots of the mode are byte-identical to Python ballots', () => {
  assert.ok(data.cases.length >= 6);
  for (const c of data.cases) {
    const opened = build(c, scriptedRandom(c.seed, c.overrides));
    assert.equal(toHex(opened.statement), c.statement, c.name);
    assert.equal(toHex(opened.identity), c.statement, c.name);
    assert.equal(toHex(opened.tracking), c.tracking, c.name);
    assert.equal(booth.formatTracking(opened.tracking), c.tracking_text, c.name);
    assert.deepEqual(booth.credentialBallotBody(opened), c.body, c.name);
  }
  const zero = data.cases.find((c) => c.name === 'sim-c-zero');
  assert.equal(zero.body.pointer_proof.c[0], '00'.repeat(32));
});

test("JavaScript checks Python's ballots of the mode against the roll", () => {
  for (const c of data.cases) {
    const checked = booth.checkCredentialBallot(params, rolls[c.district], c.body, c.anonymity);
    assert.equal(toHex(checked.statement), c.statement, c.name);
    assert.equal(toHex(checked.tracking), c.tracking, c.name);
    assert.deepEqual(checked.anonymity, c.body.anonymity, c.name);
  }
});

test('a real and a fake credential give ballots of the same form that pass the same checks', () => {
  const real = data.cases.find((c) => c.name === 'real');
  const fake = data.cases.find((c) => c.name === 'fake');
  assert.deepEqual(Object.keys(real.body).sort(), Object.keys(fake.body).sort());
  for (const c of [real, fake]) {
    const fresh = booth.credentialBallotBody(build(c));
    booth.checkCredentialBallot(params, rolls[c.district], fresh, c.anonymity);
    assert.equal(fresh.anonymity.length, c.anonymity);
    assert.ok(fresh.anonymity.includes(c.position));
  }
});

test('tampered ballots of the mode are refused, naming the field', () => {
  const c = data.cases.find((x) => x.name === 'real');
  const roll = rolls[c.district];
  const other = data.cases.find((x) => x.name === 'fake');
  const tampers = [
    ['credential swapped in from another ballot', (b) => { b.credential = clone(other.body.credential); }, ProofError, 'body.pointer_proof'],
    ['pointer swapped in from another ballot', (b) => { b.pointer = clone(other.body.pointer); }, ProofError, 'body.pointer_proof'],
    ['credential proof moved from another ballot', (b) => { b.credential_proof = clone(other.body.credential_proof); }, ProofError, 'body.credential_proof'],
    ['credential re-randomised', (b) => {
      const D = booth.decodeCiphertext(b.credential, 'D', false);
      const r = booth.encrypt(params.K, 0n, undefined).ciphertext;
      b.credential = booth.encodeCiphertext(booth.aggregate([D, r]));
    }, ProofError, 'body.pointer_proof'],
    ['anonymity set changed', (b) => { b.anonymity[0] = 1; }, ProofError, 'body.pointer_proof'],
    ['anonymity set not increasing', (b) => { b.anonymity = [b.anonymity[1], b.anonymity[0], ...b.anonymity.slice(2)]; }, EncodingError, 'body.anonymity'],
    ['anonymity set off the roll', (b) => { b.anonymity[3] = 6; }, EncodingError, 'body.anonymity'],
    ['anonymity set too short', (b) => {
      b.anonymity.pop();
      for (const k of ['a', 'b', 'c', 'v']) b.pointer_proof[k].pop();
    }, EncodingError, 'body.anonymity'],
    ['pointer proof branch missing', (b) => { b.pointer_proof.v.pop(); }, EncodingError, 'body.pointer_proof.v'],
    ['pointer identity', (b) => { b.pointer.alpha = '00'; }, GroupElementError, 'body.pointer.alpha'],
    ['credential beta identity', (b) => { b.credential.beta = '00'; }, GroupElementError, 'body.credential.beta'],
    ['credential proof a identity', (b) => { b.credential_proof.a = '00'; }, GroupElementError, 'body.credential_proof.a'],
    ['credential proof vs not below n', (b) => { b.credential_proof.vs = 'ff'.repeat(32); }, EncodingError, 'body.credential_proof.vs'],
    ['option ciphertexts swapped', (b) => {
      const q = b.questions[1].ciphertexts;
      [q[0], q[2]] = [q[2], q[0]];
    }, ProofError, 'body.pointer_proof'],
    ['option proof changed', (b) => { b.questions[0].proofs[0].v0 = b.questions[0].proofs[1].v0; }, ProofError, 'body.questions[0].proofs[0]'],
    ['district changed (its roll is shorter than the set)', (b) => { b.district = 'south'; }, EncodingError, 'body.anonymity'],
    ['unknown field', (b) => { b.signature = 'ab'; }, EncodingError, 'body'],
    ['a signature-mode field', (b) => { delete b.credential_proof; b.head = { index: 1, hash: 'ab'.repeat(32) }; }, EncodingError, 'body'],
  ];
  for (const [label, change, ErrorType, field] of tampers) {
    const b = clone(c.body);
    change(b);
    refusedNaming(label, () => booth.checkCredentialBallot(params, rolls[b.district] ?? roll, b, c.anonymity), ErrorType, field);
  }
});

test("JavaScript challenges of the mode and the ballot after them are Python's byte for byte", () => {
  for (const c of data.cases) {
    // cast_credential_ballot's draws; the same source goes on into the ballot encrypted after a
    // challenge, over the same anonymity set (spec §16.5)
    const rng = scriptedRandom(c.seed, c.overrides);
    const members = booth.anonymitySet(rolls[c.district].length, c.position, c.anonymity, rng);
    const args = [params, rolls[c.district], c.district, sigmaOf(c.credential), c.position, members, c.selections];
    const opened = booth.encryptCredentialBallot(...args, { rng });
    assert.deepEqual(booth.credentialBallotBody(opened), c.body, c.name);
    assert.deepEqual(booth.buildCredentialChallenge(opened), c.challenge, c.name);
    const again = booth.encryptCredentialBallot(...args, { rng });
    assert.deepEqual(booth.credentialBallotBody(again), c.again.body, c.name);
    assert.equal(toHex(again.tracking), c.again.tracking, c.name);
    assert.deepEqual(again.anonymity, c.body.anonymity, `${c.name}: the set is kept`);
    assert.notDeepEqual(again.credential, opened.credential, `${c.name}: a fresh D`);
  }
});

test("JavaScript checks Python's challenges of the mode, which carry neither σ, s nor t", () => {
  for (const c of data.cases) {
    const checked = booth.checkCredentialChallenge(params, rollOf, c.challenge, c.anonymity);
    assert.deepEqual(checked.choices, c.selections, c.name);
    assert.equal(toHex(checked.tracking), c.tracking, c.name);
    assert.equal(toHex(checked.identity), c.statement, c.name);
    assert.deepEqual(checked.anonymity, c.body.anonymity, c.name);
    assert.equal(toHex(booth.decodeCredentialChallenge(params, c.challenge).tracking), c.tracking, c.name);
    // exactly the ballot's fields and the tracking hash; per option only its choice and r
    assert.deepEqual(Object.keys(c.challenge).sort(), [...booth.CREDENTIAL_CHALLENGE_FIELDS].sort(), c.name);
    for (const key of booth.CREDENTIAL_BALLOT_FIELDS) {
      if (key !== 'questions') assert.deepEqual(c.challenge[key], c.body[key], `${c.name}: ${key}`);
    }
    c.challenge.questions.forEach((q, i) => {
      assert.deepEqual(Object.keys(q).sort(), ['choices', 'ciphertexts', 'proofs', 'randomness', 'range'], c.name);
      assert.deepEqual(q.ciphertexts, c.body.questions[i].ciphertexts, c.name);
    });
    // a challenge is not a ballot, nor a ballot a challenge
    assert.throws(() => booth.checkCredentialBallot(params, rolls[c.district], c.challenge, c.anonymity), EncodingError);
    assert.throws(() => booth.checkCredentialChallenge(params, rollOf, c.body, c.anonymity), EncodingError);
  }
  const real = data.cases.find((x) => x.name === 'real');
  const fake = data.cases.find((x) => x.name === 'fake');
  for (const c of [real, fake]) {
    const fresh = booth.buildCredentialChallenge(build(c));
    const checked = booth.checkCredentialChallenge(params, rollOf, fresh, c.anonymity);
    assert.deepEqual(checked.choices, c.selections, `${c.name}: a real and a fake credential's challenges pass alike`);
  }
});

test('tampered challenges of the mode are refused, naming the field', () => {
  const c = data.cases.find((x) => x.name === 'real');
  const other = data.cases.find((x) => x.name === 'fake');
  const reEncrypt = (b, i, j, m) => {
    const r = booth.scalarFromHex(b.questions[i].randomness[j], 'r');
    b.questions[i].choices[j] = Number(m);
    b.questions[i].ciphertexts[j] = booth.encodeCiphertext(booth.encrypt(params.K, m, undefined, r).ciphertext);
  };
  const tampers = [
    ['a choice flipped', (b) => { b.questions[0].choices = [0, 1]; }, ProofError, 'body.questions[0].ciphertexts[0]'],
    ['a randomness changed', (b) => { b.questions[1].randomness[2] = b.questions[1].randomness[1]; }, ProofError, 'body.questions[1].ciphertexts[2]'],
    ['a choice of 2', (b) => { b.questions[0].choices[0] = 2; }, EncodingError, 'body.questions[0].choices[0]'],
    ['a choice missing', (b) => { b.questions[1].choices.pop(); }, EncodingError, 'body.questions[1].choices'],
    ['too many choices, each re-encrypting', (b) => reEncrypt(b, 0, 1, 1n), ProofError, 'body.questions[0].choices'],
    ['the tracking hash of another ballot', (b) => { b.tracking = other.challenge.tracking; }, ProofError, 'body.tracking'],
    ['the tracking hash short', (b) => { b.tracking = b.tracking.slice(2); }, EncodingError, 'body.tracking'],
    ['the tracking hash missing', (b) => { delete b.tracking; }, EncodingError, 'body'],
    ['the credential secret added', (b) => { b.s = booth.scalarToHex(1n); }, EncodingError, 'body'],
    ['a binding in place of D', (b) => { delete b.credential; b.binding = 'ab'.repeat(32); }, EncodingError, 'body'],
    ['the credential swapped in from another ballot', (b) => { b.credential = clone(other.body.credential); }, ProofError, 'body.tracking'],
    ['the anonymity set changed', (b) => { b.anonymity[0] = 1; }, ProofError, 'body.tracking'],
    ['the pointer proof changed', (b) => { b.pointer_proof.v[1] = b.pointer_proof.v[2]; }, ProofError, 'body.tracking'],
    ['the credential proof changed', (b) => { b.credential_proof.vs = b.credential_proof.vsigma; }, ProofError, 'body.tracking'],
    ['the option proof changed', (b) => { b.questions[0].proofs[0].v0 = b.questions[0].proofs[1].v0; }, ProofError, 'body.tracking'],
  ];
  for (const [label, change, ErrorType, field] of tampers) {
    const b = clone(c.challenge);
    change(b);
    refusedNaming(label, () => booth.checkCredentialChallenge(params, rollOf, b, c.anonymity), ErrorType, field);
  }
});

test('a challenge whose tracking hash was re-sealed is refused by the proof it broke', () => {
  // the hostile insider recomputes the tracking hash after the change: only the proof catches it
  const c = data.cases.find((x) => x.name === 'real');
  const other = data.cases.find((x) => x.name === 'fake');
  const tampers = [
    ['the credential swapped in from another ballot', (b) => { b.credential = clone(other.body.credential); }, 'body.pointer_proof'],
    ['the anonymity set changed', (b) => { b.anonymity[0] = 1; }, 'body.pointer_proof'],
    ['the pointer proof changed', (b) => { b.pointer_proof.v[1] = b.pointer_proof.v[2]; }, 'body.pointer_proof'],
    ['the credential proof changed', (b) => { b.credential_proof.vs = b.credential_proof.vsigma; }, 'body.credential_proof'],
    ['the option proof changed', (b) => { b.questions[0].proofs[0].v0 = b.questions[0].proofs[1].v0; }, 'body.questions[0].proofs[0]'],
    ['the range proof changed', (b) => { b.questions[1].range.v[0] = b.questions[1].range.v[1]; }, 'body.questions[1].range'],
  ];
  for (const [label, change, field] of tampers) {
    const b = clone(c.challenge);
    change(b);
    const { tracking: _, ...ballotFields } = b;
    const ballot = { ...ballotFields, questions: b.questions.map(({ choices: _c, randomness: _r, ...q }) => q) };
    b.tracking = toHex(booth.decodeCredentialBallot(params, ballot).tracking);
    refusedNaming(label, () => booth.checkCredentialChallenge(params, rollOf, b, c.anonymity), ProofError, field);
  }
});

test('a ballot over a kept anonymity set refuses a set without the voter or off the roll', () => {
  const c = data.cases.find((x) => x.name === 'real');
  const roll = rolls[c.district];
  const sigma = sigmaOf(c.credential);
  const encrypt = (members) => booth.encryptCredentialBallot(params, roll, c.district, sigma, c.position, members, c.selections);
  assert.throws(() => encrypt([0, 1, 3]), InputError);
  assert.throws(() => encrypt([0, 2, 6]), booth.ParameterError);
  assert.throws(() => encrypt([2, 1]), booth.ParameterError);
  assert.deepEqual(encrypt([1, 2]).anonymity, [1, 2]);
});

test('the anonymity set is drawn as Python draws it and refuses what Python refuses', () => {
  const set = booth.anonymitySet(6, 2, 4, scriptedRandom('js/mode/ballot/sim-c-zero'));
  assert.deepEqual(set, data.cases.find((c) => c.name === 'sim-c-zero').body.anonymity);
  assert.deepEqual(booth.anonymitySet(3, 1, 64), [0, 1, 2]);
  assert.throws(() => booth.anonymitySet(3, 3, 4), InputError);
  assert.throws(() => booth.anonymitySet(3, 0, 1), booth.ParameterError);
  assert.throws(() => booth.anonymitySet(3, 0, 1025), booth.ParameterError);
});

test('shares read and write as Python writes them; bad shares are refused without echoing them', () => {
  for (const s of data.shares) {
    const sigma = BigInt('0x' + s.sigma);
    assert.equal(booth.encodeShare(sigma), s.text);
    for (const typed of [s.text, s.text.toLowerCase(), s.grouped, s.text.replaceAll('0', 'o').replaceAll('1', 'l')]) {
      assert.equal(booth.parseShare(typed), sigma);
    }
    assert.equal(booth.groupedShare(s.text), s.grouped);
  }
  assert.ok(data.invalid_shares.length >= 6);
  for (const bad of data.invalid_shares) {
    assert.throws(() => booth.parseShare(bad.text), (exc) => {
      assert.ok(exc instanceof InputError, bad.reason);
      assert.ok(!exc.message.includes(bad.text.slice(0, 12)), `${bad.reason}: the message echoes the share`);
      return true;
    });
  }
});

function sheetOf(raw) {
  const p = raw.proof;
  return {
    ...raw,
    proof: {
      a: booth.pointFromHex(p.a, 'a'),
      b: booth.pointFromHex(p.b, 'b'),
      h: booth.pointFromHex(p.h, 'h'),
      c1: booth.scalarFromHex(p.c1, 'c1'),
      v1: booth.scalarFromHex(p.v1, 'v1'),
      v2: booth.scalarFromHex(p.v2, 'v2'),
    },
  };
}

const sheetJson = (s) => ({
  ...s,
  proof: {
    a: booth.pointToHex(s.proof.a),
    b: booth.pointToHex(s.proof.b),
    h: booth.pointToHex(s.proof.h),
    c1: booth.scalarToHex(s.proof.c1),
    v1: booth.scalarToHex(s.proof.v1),
    v2: booth.scalarToHex(s.proof.v2),
  },
});

test("the voter's fake sheets are Python's byte for byte and pass the check the real ones pass", () => {
  const { voter } = data;
  const V = booth.pointFromHex(voter.V, 'V');
  const v = booth.scalarFromHex(voter.v, 'v');
  const ctx = hex(data.params.election_ctx);
  const entries = voter.entries.map((e, j) => booth.decodeCiphertext(e, `entry ${j}`, false));
  voter.sheets.forEach((raw, j) => {
    const real = sheetOf(raw);
    assert.equal(booth.checkSheet(params.K, V, ctx, real, entries[j]), true);
    const fake = booth.fakeSheet(params.K, v, ctx, real, entries[j], scriptedRandom(voter.fakes[j].seed));
    assert.deepEqual(sheetJson(fake), voter.fakes[j].sheet);
    assert.equal(booth.checkSheet(params.K, V, ctx, fake, entries[j]), true);
    const fresh = booth.fakeSheet(params.K, v, ctx, real, entries[j]);
    assert.equal(booth.checkSheet(params.K, V, ctx, fresh, entries[j]), true);
    assert.equal(fresh.share.length, booth.SHARE_CHARS);
    assert.notEqual(fresh.share, real.share);
    // the check binds the sheet to its entry, position and registrar
    assert.throws(() => booth.checkSheet(params.K, V, ctx, real, entries[1 - j]), ProofError);
    assert.throws(() => booth.checkSheet(params.K, V, ctx, { ...real, position: real.position + 1 }, entries[j]), ProofError);
    assert.throws(() => booth.checkSheet(params.K, V, ctx, { ...fake, share: real.share }, entries[j]), ProofError);
  });
  assert.equal(booth.credentialOf(voter.sheets), BigInt('0x' + voter.sigma));
  assert.equal(booth.credentialOf(voter.fakes.map((f) => f.sheet)), BigInt('0x' + voter.fake_sigma));
});

test('sheet files and key files read as Python writes them and refuse what is not theirs', () => {
  const { voter } = data;
  const electionId = hex('ab'.repeat(16));
  const V = booth.pointFromHex(voter.V, 'V');
  const file = booth.sheetFileJson({ electionId, designated: V, sheet: sheetOf(voter.sheets[0]) });
  assert.deepEqual(Object.keys(file), ['format', 'election_id', 'district', 'position', 'registrar', 'share', 'designated', 'proof']);
  assert.equal(file.format, booth.SHEET_FORMAT);
  const decoded = booth.decodeSheetFile(clone(file));
  assert.deepEqual(booth.sheetFileJson(decoded), file);
  assert.deepEqual(sheetJson(decoded.sheet), voter.sheets[0]);
  const key = { format: booth.DESIGNATED_FORMAT, group: 'secp256k1', secret: voter.v };
  assert.equal(booth.decodeDesignatedKey(key, decoded.designated), booth.scalarFromHex(voter.v, 'v'));
  const refused = [
    ['unknown field', (f) => { f.extra = 1; }],
    ['missing field', (f) => { delete f.designated; }],
    ['other format', (f) => { f.format = 'plebiscite-receipt-v1'; }],
    ['position not an integer', (f) => { f.position = '3'; }],
    ['registrar 0', (f) => { f.registrar = 0; }],
    ['designated key identity', (f) => { f.designated = '00'; }],
    ['proof scalar not below n', (f) => { f.proof.c1 = 'ff'.repeat(32); }],
    ['election id short', (f) => { f.election_id = 'ab'; }],
    ['district empty', (f) => { f.district = ''; }],
  ];
  for (const [label, change] of refused) {
    const f = clone(file);
    change(f);
    assert.throws(() => booth.decodeSheetFile(f), booth.PlebisciteError, label);
  }
  const mistyped = clone(file);
  mistyped.share = mistyped.share.slice(0, -1) + (mistyped.share.endsWith('0') ? '1' : '0');
  assert.throws(() => booth.decodeSheetFile(mistyped), (exc) => exc instanceof InputError && !exc.message.includes(mistyped.share.slice(0, 12)));
  assert.throws(() => booth.decodeDesignatedKey({ ...key, secret: booth.scalarToHex(2n) }, decoded.designated), EncodingError);
  assert.throws(() => booth.decodeDesignatedKey({ ...key, group: 'modp4096' }, decoded.designated), EncodingError);
  assert.throws(() => booth.decodeDesignatedKey({ ...key, format: 'x' }, decoded.designated), EncodingError);
});

test("sheet files: JavaScript reads Python's and writes them back key for key", () => {
  assert.equal(data.sheet_files.length, 4);
  for (const text of data.sheet_files) {
    const obj = JSON.parse(text);
    const file = booth.decodeSheetFile(obj);
    assert.equal(toHex(file.electionId), data.election_id);
    const back = booth.sheetFileJson(file);
    assert.deepEqual(back, obj);
    const sorted = (o) => (o !== null && typeof o === 'object' && !Array.isArray(o)
      ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])]))
      : o);
    assert.equal(JSON.stringify(sorted(back)) + '\n', text, 'the bytes credentials issue and fake write');
  }
});
