// Prints, as JSON, ballots and challenges of the fake-credentials mode built by the committed
// bundle for tests/test_booth_js.py to check with Python's decode_credential_ballot and
// check_credential_ballot, or check_credential_challenge: fresh ones from the system CSPRNG with
// real, fake and unrelated credentials in both districts of tests/vectors/js/coercion.json, and
// tampered copies. Each item carries the bundle's own verdict, which Python's must equal. Test
// code only.

import { booth, paramsOf, vectors } from './helpers.mjs';

const data = vectors('js', 'coercion.json');
const params = paramsOf(data.params);
const rolls = Object.fromEntries(Object.entries(data.rolls).map(([d, r]) => [d, booth.decodeRoll(r)]));
const items = [];
const clone = (x) => JSON.parse(JSON.stringify(x));
const sigmas = { real: data.voter.sigma, fake: data.voter.fake_sigma, other: data.other_sigma };

function add(label, district, anonymity, body, kind = 'ballot') {
  let js;
  try {
    if (kind === 'ballot') booth.checkCredentialBallot(params, rolls[district], body, anonymity);
    else booth.checkCredentialChallenge(params, (d) => rolls[d], body, anonymity);
    js = { ok: true, error: null };
  } catch (exc) {
    if (!(exc instanceof booth.PlebisciteError)) throw exc;
    js = { ok: false, error: `${exc.name}: ${exc.message}` };
  }
  items.push({ kind, label, district, anonymity, body, js });
}

const flip = (h) => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0');
const tampers = {
  'credential re-randomised': (b) => {
    const D = booth.decodeCiphertext(b.credential, 'D', false);
    b.credential = booth.encodeCiphertext(booth.aggregate([D, booth.encrypt(params.K, 0n).ciphertext]));
  },
  'pointer re-randomised': (b) => {
    const P = booth.decodeCiphertext(b.pointer, 'P', false);
    b.pointer = booth.encodeCiphertext(booth.aggregate([P, booth.encrypt(params.K, 0n).ciphertext]));
  },
  'anonymity member moved': (b) => { b.anonymity[b.anonymity.length - 1] -= 1; },
  'anonymity off the roll': (b) => { b.anonymity[b.anonymity.length - 1] = 99; },
  'pointer challenge changed': (b) => { b.pointer_proof.c[0] = flip(b.pointer_proof.c[0]); },
  'pointer response changed': (b) => { b.pointer_proof.v[1] = flip(b.pointer_proof.v[1]); },
  'credential response changed': (b) => { b.credential_proof.vsigma = flip(b.credential_proof.vsigma); },
  'credential commitment identity': (b) => { b.credential_proof.b = '00'; },
  'pointer commitment identity': (b) => { b.pointer_proof.a[0] = '00'; },
  'option response changed': (b) => { b.questions[0].proofs[0].v1 = flip(b.questions[0].proofs[0].v1); },
  'range response changed': (b) => { b.questions[1].range.v[0] = flip(b.questions[1].range.v[0]); },
  'upper-case hex': (b) => { b.pointer.beta = b.pointer.beta.toUpperCase(); },
  'scalar not below n': (b) => { b.credential_proof.vs = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'; },
  'anonymity not an integer': (b) => { b.anonymity[0] = String(b.anonymity[0]); },
  'missing field': (b) => { delete b.pointer_proof; },
};

const challengeTampers = {
  'a choice flipped': (b) => { b.questions[0].choices = b.questions[0].choices.map((x) => 1 - x); },
  'a randomness changed': (b) => { b.questions[1].randomness[0] = b.questions[1].randomness[1]; },
  'a choice of 2': (b) => { b.questions[0].choices[0] = 2; },
  'a choice as text': (b) => { b.questions[0].choices[0] = String(b.questions[0].choices[0]); },
  'randomness not below n': (b) => { b.questions[0].randomness[0] = 'ff'.repeat(32); },
  'tracking hash changed': (b) => { b.tracking = flip(b.tracking); },
  'tracking hash upper-case': (b) => { b.tracking = b.tracking.toUpperCase(); },
  'tracking hash missing': (b) => { delete b.tracking; },
  'credential secret added': (b) => { b.s = booth.scalarToHex(1n); },
  'too many choices, each re-encrypting': (b) => {
    const q = b.questions[1];
    q.choices = [1, 1, 1];
    q.ciphertexts = q.randomness.map((r) => booth.encodeCiphertext(booth.encrypt(params.K, 1n, undefined, booth.scalarFromHex(r, 'r')).ciphertext));
  },
};

for (const c of data.cases) {
  const opened = booth.castCredentialBallot(params, rolls[c.district], c.district, BigInt('0x' + sigmas[c.credential]), c.position, c.selections, {
    anonymity: c.anonymity,
  });
  const body = booth.credentialBallotBody(opened);
  add(`${c.name}: fresh`, c.district, c.anonymity, body);
  for (const [label, change] of Object.entries(tampers)) {
    const b = clone(body);
    change(b);
    add(`${c.name}: ${label}`, c.district, c.anonymity, b);
  }
  const other = data.cases.find((x) => x.name !== c.name);
  const swapped = clone(body);
  swapped.credential = clone(other.body.credential);
  swapped.credential_proof = clone(other.body.credential_proof);
  add(`${c.name}: credential and its proof copied from ${other.name}`, c.district, c.anonymity, swapped);

  const challenge = booth.buildCredentialChallenge(opened);
  const open = (label, b) => add(`${c.name} challenge: ${label}`, c.district, c.anonymity, b, 'challenge');
  open('fresh', challenge);
  for (const [label, change] of Object.entries({ ...tampers, ...challengeTampers })) {
    const b = clone(challenge);
    change(b);
    open(label, b);
  }
  open('posted as a ballot', clone(body));
}

process.stdout.write(JSON.stringify({ items }));
