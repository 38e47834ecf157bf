// Ballots and challenges: JavaScript builds Python's ballots byte for byte from the same
// randomness (JSON body, ballot_stmt, tracking hash, identity, signature), checks them, and
// refuses the identity and non-canonical encodings where Python does.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, hex, paramsOf, scriptedRandom, vectors } from './helpers.mjs';

const { encryptBallot, castBallot, buildBallot, buildChallenge, checkBallot, checkChallenge } = booth;
const { formatTracking, parseTracking, signingKey, toHex, EncodingError, GroupElementError, ProofError, InputError } = booth;

const data = vectors('js', 'ballots.json');
const headOf = (c) => booth.namedHead(c.head.index, hex(c.head.hash));
const params = Object.fromEntries(Object.entries(data.params).map(([k, p]) => [k, paramsOf(p)]));

function build(c) {
  const key = signingKey(hex(c.secret));
  const rng = scriptedRandom(c.seed, c.overrides);
  const opened = encryptBallot(params[c.params], c.district, key.xonly, c.selections, rng);
  return { key, opened, body: castBallot(opened, key, headOf(c), rng) };
}

test('JavaScript ballots are byte-identical to Python ballots', () => {
  assert.ok(data.cases.length >= 8);
  for (const c of data.cases) {
    const { opened, body } = build(c);
    assert.equal(toHex(opened.nonce), c.nonce, c.name);
    assert.equal(toHex(opened.binding), c.binding, c.name);
    assert.equal(toHex(booth.ballotBinding(opened.credential, opened.nonce)), c.binding, c.name);
    assert.equal(toHex(opened.statement), c.statement, c.name);
    assert.equal(toHex(opened.tracking), c.tracking, c.name);
    assert.equal(formatTracking(opened.tracking), c.tracking_text, c.name);
    assert.equal(toHex(opened.identity), c.identity, c.name);
    assert.deepEqual(body, c.body, c.name);
    assert.deepEqual(booth.canonicalBytes(body), booth.canonicalBytes(c.body), c.name);
    assert.deepEqual(buildChallenge(opened), c.challenge, c.name);
  }
});

test('buildBallot in one step gives the same body', () => {
  const c = data.cases[0];
  const body = buildBallot(params[c.params], c.district, signingKey(hex(c.secret)), c.selections, headOf(c), scriptedRandom(c.seed, c.overrides));
  assert.deepEqual(body, c.body);
});

test("JavaScript checks Python's ballots and challenges", () => {
  for (const c of data.cases) {
    const p = params[c.params];
    const checked = checkBallot(p, c.body);
    assert.equal(checked.head.index, c.head.index);
    assert.equal(toHex(checked.head.hash), c.head.hash);
    assert.equal(toHex(checked.tracking), c.tracking);
    assert.equal(toHex(checked.identity), c.identity);
    const opened = checkChallenge(p, c.challenge);
    assert.deepEqual(opened.choices, c.selections);
    assert.equal(toHex(opened.identity), c.identity);
  }
});

function clone(x) {
  return JSON.parse(JSON.stringify(x));
}

test('the identity is refused in ciphertexts and commitments; bad encodings are refused', () => {
  const c = data.cases.find((x) => x.name === 'multi');
  const p = params[c.params];
  const gUncompressed = '04' + '79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' + '483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8';
  const tampers = [
    ['alpha identity', (b) => { b.questions[0].ciphertexts[0].alpha = '00'; }, GroupElementError],
    ['beta identity', (b) => { b.questions[1].ciphertexts[2].beta = '00'; }, GroupElementError],
    ['a0 identity', (b) => { b.questions[0].proofs[1].a0 = '00'; }, GroupElementError],
    ['b1 identity', (b) => { b.questions[0].proofs[0].b1 = '00'; }, GroupElementError],
    ['range a identity', (b) => { b.questions[1].range.a[0] = '00'; }, GroupElementError],
    ['uncompressed point', (b) => { b.questions[0].ciphertexts[0].alpha = gUncompressed; }, GroupElementError],
    ['upper-case hex', (b) => { b.questions[0].ciphertexts[0].alpha = b.questions[0].ciphertexts[0].alpha.toUpperCase(); }, EncodingError],
    ['scalar ≥ n', (b) => { b.questions[0].proofs[0].v0 = 'ff'.repeat(32); }, EncodingError],
    ['short scalar', (b) => { b.questions[0].proofs[0].c0 = b.questions[0].proofs[0].c0.slice(2); }, EncodingError],
    ['unknown field', (b) => { b.extra = 1; }, EncodingError],
    ['missing field', (b) => { delete b.signature; }, EncodingError],
    ['unknown district', (b) => { b.district = 'west'; }, EncodingError],
    ['extra option', (b) => { b.questions[0].ciphertexts.push(b.questions[0].ciphertexts[0]); }, EncodingError],
    ['range too short', (b) => { b.questions[1].range.v.pop(); }, EncodingError],
    ['bad credential', (b) => { b.credential = 'ff'.repeat(32); }, EncodingError],
    ['short nonce', (b) => { b.nonce = b.nonce.slice(2); }, EncodingError],
    ['another nonce', (b) => { b.nonce = '11'.repeat(32); }, ProofError],
    ['swapped ciphertexts', (b) => { const q = b.questions[1].ciphertexts; [q[0], q[1]] = [q[1], q[0]]; }, ProofError],
    ['another district', (b) => { b.district = 'south'; }, ProofError],
    ['named head moved', (b) => { b.head.index += 1; }, ProofError],
    ['named head of another board', (b) => { b.head.hash = 'ab'.repeat(32); }, ProofError],
    ['named head index not an integer', (b) => { b.head.index = -1; }, EncodingError],
    ['named head hash short', (b) => { b.head.hash = 'ab'; }, EncodingError],
    ['named head missing', (b) => { delete b.head; }, EncodingError],
    ['bad signature', (b) => { b.signature = b.signature.slice(0, -2) + (b.signature.endsWith('00') ? '01' : '00'); }, ProofError],
  ];
  for (const [label, change, error] of tampers) {
    const body = clone(c.body);
    change(body);
    assert.throws(() => checkBallot(p, body), error, label);
  }
  const challenge = clone(c.challenge);
  challenge.questions[1].choices = [1, 1, 0];
  assert.throws(() => checkChallenge(p, challenge), /does not re-encrypt/);
  const moved = clone(c.challenge);
  moved.tracking = '00'.repeat(32);
  assert.throws(() => checkChallenge(p, moved), /body.tracking/);
  const unsigned = clone(c.body);
  delete unsigned.signature;
  unsigned.tracking = c.tracking;
  assert.throws(() => checkChallenge(p, unsigned), EncodingError);
});

test('a zero simulated challenge and response build and check; c = v = 0 makes an identity commitment that is refused', () => {
  const base = data.cases.find((x) => x.name === 'yes');
  const p = params[base.params];
  const key = signingKey(hex(base.secret));
  const zero = '00'.repeat(48);
  const rng = scriptedRandom('js/ballot/identity-commitment', { 10: zero, 12: zero });
  const body = buildBallot(p, 'north', key, [[1, 0]], headOf(base), rng);
  assert.equal(body.questions[0].proofs[1].a1, '00');
  assert.throws(() => checkBallot(p, body), /proofs\[1\]\.a1: the identity element is not allowed/);
});

test('selections, districts and keys are checked before encrypting', () => {
  const c = data.cases[0];
  const p = params[c.params];
  const key = signingKey(hex(c.secret));
  assert.throws(() => encryptBallot(p, 'north', key.xonly, [[1, 1]]), InputError);
  assert.throws(() => encryptBallot(p, 'north', key.xonly, [[2, 0]]), InputError);
  assert.throws(() => encryptBallot(p, 'north', key.xonly, [[1]]), InputError);
  assert.throws(() => encryptBallot(p, 'north', key.xonly, []), InputError);
  assert.throws(() => encryptBallot(p, 'west', key.xonly, [[1, 0]]), InputError);
  assert.throws(() => encryptBallot(p, 'north', hex('ff'.repeat(32)), [[1, 0]]), EncodingError);
  const other = signingKey(hex('00'.repeat(31) + '07'));
  const opened = encryptBallot(p, 'north', key.xonly, [[1, 0]]);
  assert.throws(() => castBallot(opened, other, headOf(c)), booth.ParameterError);
  assert.throws(() => castBallot(opened, key, { index: -1, hash: hex(c.head.hash) }), booth.ParameterError);
  assert.throws(() => castBallot(opened, key), booth.ParameterError);
  assert.ok(!String(opened).includes('choices=[') && String(opened).includes('<secret>'));
});

test('fresh system randomness gives a different ballot that checks', () => {
  const c = data.cases[0];
  const p = params[c.params];
  const key = signingKey(hex(c.secret));
  const a = buildBallot(p, 'north', key, [[1, 0]], headOf(c));
  const b = buildBallot(p, 'north', key, [[1, 0]], headOf(c));
  assert.notDeepEqual(a, b);
  assert.equal(checkBallot(p, a).district, 'north');
  assert.equal(checkBallot(p, b).district, 'north');
});

test('without crypto.getRandomValues the booth refuses to encrypt or sign', () => {
  const c = data.cases[0];
  const p = params[c.params];
  const key = signingKey(hex(c.secret));
  const opened = encryptBallot(p, 'north', key.xonly, [[1, 0]]);
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
  try {
    // the booth's own draws and noble's blinding of secret multiplications both need it
    assert.throws(() => encryptBallot(p, 'north', key.xonly, [[1, 0]]), /getRandomValues/);
    assert.throws(() => castBallot(opened, key, headOf(c)), /getRandomValues/);
    assert.throws(() => booth.systemRandom.randomBytes(32), /no cryptographically secure random number generator/);
  } finally {
    Object.defineProperty(globalThis, 'crypto', saved);
  }
  assert.equal(typeof globalThis.crypto.getRandomValues, 'function');
});

test('tracking hashes format and parse as in Python', () => {
  const t = vectors('js', 'tracking.json');
  for (const c of t.cases) {
    assert.equal(formatTracking(hex(c.digest)), c.text);
    for (const typed of c.lenient) assert.equal(toHex(parseTracking(typed)), c.digest, typed);
  }
  for (const bad of t.invalid) assert.throws(() => parseTracking(bad), InputError, bad);
});

test('electionParamsFromManifest: the manifest ballot is byte-identical; modp4096 is refused', () => {
  const m = vectors('js', 'manifest.json');
  const p = booth.electionParamsFromManifest(m.manifest, m.joint_key, m.election_ctx);
  assert.deepEqual(p.districts, m.manifest.districts.map((d) => d.id));
  assert.deepEqual(p.questions[0].optionIds, ['yes', 'no']);
  assert.deepEqual({ ...p.kdf }, m.manifest.kdf);
  assert.equal(toHex(p.electionId), m.manifest.election_id);
  const key = signingKey(hex(m.voter_secret));
  const rng = scriptedRandom(m.seed);
  const body = buildBallot(p, m.district, key, m.selections, booth.namedHead(m.head.index, hex(m.head.hash)), rng);
  assert.deepEqual(body, m.body);
  const challenge = buildChallenge(encryptBallot(p, m.district, key.xonly, m.selections));
  assert.deepEqual(checkChallenge(p, challenge).chosen, [['no']]);
  assert.throws(
    () => booth.electionParamsFromManifest({ ...m.manifest, group: 'modp4096' }, m.joint_key, m.election_ctx),
    /supports only secp256k1/,
  );
  assert.throws(() => booth.electionParamsFromManifest(m.manifest, '00', m.election_ctx), GroupElementError);
  assert.throws(() => booth.electionParamsFromManifest(m.manifest, m.joint_key, 'ab'), EncodingError);
  const scrypt = { algorithm: 'scrypt', n: 1024, r: 8, p: 1, allow_weak: true };
  const older = booth.electionParamsFromManifest({ ...m.manifest, kdf: scrypt }, m.joint_key, m.election_ctx);
  assert.deepEqual({ ...older.kdf }, { algorithm: 'scrypt', n: 1024, r: 8, p: 1 });
  for (const kdf of [{ ...scrypt, n: 3 }, { algorithm: 'argon2' }, { algorithm: 'hkdf-sha256', n: 1024 }]) {
    const bad = { ...m.manifest, kdf };
    assert.throws(() => booth.electionParamsFromManifest(bad, m.joint_key, m.election_ctx), booth.ParameterError);
  }
});

test('a challenge names no credential: its binding, never the credential or the nonce', () => {
  for (const c of data.cases) {
    const { opened } = build(c);
    const challenge = buildChallenge(opened);
    assert.deepEqual(Object.keys(challenge).sort(), ['binding', 'district', 'questions', 'tracking']);
    const text = JSON.stringify(challenge);
    assert.ok(!text.includes(c.body.credential) && !text.includes(c.body.nonce), c.name);
    const checked = checkChallenge(params[c.params], challenge);
    assert.equal(toHex(checked.binding), c.binding);
    assert.ok(!('credential' in checked));
    const named = { ...clone(challenge), credential: c.body.credential };
    assert.throws(() => checkChallenge(params[c.params], named), EncodingError);
  }
});

test("a ballot moved under another credential fails its proofs, whatever nonce it names", () => {
  const c = data.cases.find((x) => x.name === 'multi');
  const p = params[c.params];
  const thief = signingKey(hex('00'.repeat(31) + '07'));
  for (const nonce of [c.body.nonce, '22'.repeat(32)]) {
    const moved = { ...clone(c.body), credential: toHex(thief.xonly), nonce };
    const decoded = checkBallotStatement(p, moved);
    const sig = booth.signTagged(thief, booth.tags.BALLOT_SIGNATURE, [decoded.statement, booth.proofsValue(decoded.questions)]);
    moved.signature = toHex(sig);
    assert.throws(() => checkBallot(p, moved), /body\.questions\[0\]\.proofs\[0\]/);
  }
});

/** The statement and questions of a ballot body as the verifier recomputes them (no checks). */
function checkBallotStatement(p, body) {
  const questions = body.questions.map((q) => ({
    ciphertexts: q.ciphertexts.map((x, j) => booth.decodeCiphertext(x, `ct${j}`, false)),
    proofs: q.proofs.map((x, j) => booth.decodeZeroOne(x, `p${j}`)),
    range: booth.decodeRange(q.range, 'r'),
  }));
  const binding = booth.ballotBinding(hex(body.credential), hex(body.nonce));
  const statement = booth.ballotStatement(p, body.district, binding, questions.map((q) => q.ciphertexts));
  return { statement, questions };
}
