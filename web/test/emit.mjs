// Prints, as JSON, ballots and challenges built by the committed bundle for
// tests/test_booth_js.py to check with Python's check_ballot / check_challenge: fresh ballots
// from the system CSPRNG for every parameter set of tests/vectors/js/ballots.json, tampered
// copies, and a ballot whose simulated branch has c = v = 0 (an identity commitment). Each item
// carries the bundle's own verdict, which Python's must equal. Test code only.

import { booth, hex, paramsOf, scriptedRandom, vectors } from './helpers.mjs';

const data = vectors('js', 'ballots.json');
const items = [];

function verdict(check) {
  try {
    check();
    return { ok: true, error: null };
  } catch (exc) {
    if (!(exc instanceof booth.PlebisciteError)) throw exc;
    return { ok: false, error: `${exc.name}: ${exc.message}` };
  }
}

function add(paramsName, kind, label, body) {
  const p = paramsOf(data.params[paramsName]);
  const check = kind === 'ballot' ? () => booth.checkBallot(p, body) : () => booth.checkChallenge(p, body);
  items.push({ params: paramsName, kind, label, body, js: verdict(check) });
}

const clone = (x) => JSON.parse(JSON.stringify(x));

for (const c of data.cases) {
  const p = paramsOf(data.params[c.params]);
  const key = booth.signingKey(hex(c.secret));
  const opened = booth.encryptBallot(p, c.district, key.xonly, c.selections);
  const body = booth.castBallot(opened, key, booth.namedHead(c.head.index, hex(c.head.hash)));
  const challenge = booth.buildChallenge(opened);
  add(c.params, 'ballot', `${c.name}: fresh`, body);
  add(c.params, 'challenge', `${c.name}: fresh`, challenge);
  const tampers = {
    'alpha identity': (b) => { b.questions[0].ciphertexts[0].alpha = '00'; },
    'commitment identity': (b) => { b.questions[0].proofs[0].b0 = '00'; },
    'range commitment identity': (b) => { b.questions[0].range.a[0] = '00'; },
    'uncompressed point': (b) => { b.questions[0].proofs[0].a1 = '04' + b.questions[0].proofs[0].a1.slice(2) + '00'.repeat(32); },
    'x = p': (b) => { b.questions[0].ciphertexts[0].beta = '02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f'; },
    'upper-case hex': (b) => { b.questions[0].ciphertexts[0].alpha = b.questions[0].ciphertexts[0].alpha.toUpperCase(); },
    'binding changed': (b) => {
      if ('binding' in b) b.binding = 'ab'.repeat(32);
      else b.nonce = 'ab'.repeat(32);
    },
    'scalar not below n': (b) => { b.questions[0].range.v[0] = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'; },
    'response changed': (b) => {
      const v = b.questions[0].proofs[0].v0;
      b.questions[0].proofs[0].v0 = v.slice(0, -1) + (v.endsWith('0') ? '1' : '0');
    },
    'ciphertexts swapped': (b) => {
      const q = b.questions[0].ciphertexts;
      [q[0], q[q.length - 1]] = [q[q.length - 1], q[0]];
    },
  };
  for (const [label, change] of Object.entries(tampers)) {
    const b = clone(body);
    change(b);
    add(c.params, 'ballot', `${c.name}: ${label}`, b);
    const ch = clone(challenge);
    change(ch);
    add(c.params, 'challenge', `${c.name}: ${label}`, ch);
  }
  const headTampers = {
    'named head moved': (b) => { b.head.index += 1; },
    'named head of another board': (b) => { b.head.hash = 'ab'.repeat(32); },
    'named head not an integer': (b) => { b.head.index = String(b.head.index); },
    'named head missing': (b) => { delete b.head; },
  };
  for (const [label, change] of Object.entries(headTampers)) {
    const b = clone(body);
    change(b);
    add(c.params, 'ballot', `${c.name}: ${label}`, b);
  }
  const lied = clone(challenge);
  lied.questions[0].choices = lied.questions[0].choices.map((x) => 1 - x);
  add(c.params, 'challenge', `${c.name}: choices flipped`, lied);
}

{
  const c = data.cases.find((x) => x.name === 'yes');
  const p = paramsOf(data.params[c.params]);
  const zero = '00'.repeat(48);
  const key = booth.signingKey(hex(c.secret));
  const head = booth.namedHead(c.head.index, hex(c.head.hash));
  const body = booth.buildBallot(p, 'north', key, [[1, 0]], head, scriptedRandom('js/ballot/identity-commitment', { 10: zero, 12: zero }));
  add(c.params, 'ballot', 'identity commitment from c = v = 0', body);
}

process.stdout.write(JSON.stringify({ items }));
