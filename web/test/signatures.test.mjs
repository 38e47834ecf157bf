// BIP-340 official vectors (tests/vectors/bip340.csv, bip340-varlen.csv) and tagged signatures.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, hex, readVectorText } from './helpers.mjs';

const { signingKey, signRaw, verifyRaw, toHex, checkXOnly, EncodingError } = booth;

function rows(name) {
  const lines = readVectorText(name).split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [index, secret, pub, aux, msg, sig, result, comment] = line.split(',');
    return { index, secret, pub, aux, msg, sig, ok: result === 'TRUE', comment };
  });
}

for (const file of ['bip340.csv', 'bip340-varlen.csv']) {
  test(`BIP-340 official vectors: ${file}`, () => {
    const items = rows(file);
    assert.ok(items.length >= 4);
    for (const r of items) {
      const label = `${file} row ${r.index} ${r.comment ?? ''}`;
      const message = hex(r.msg.toLowerCase());
      if (r.secret) {
        const key = signingKey(hex(r.secret.toLowerCase()));
        assert.equal(toHex(key.xonly), r.pub.toLowerCase(), label);
        if (message.length === 32) {
          assert.equal(toHex(signRaw(key, message, hex(r.aux.toLowerCase()))), r.sig.toLowerCase(), label);
        }
      }
      let pub;
      try {
        pub = hex(r.pub.toLowerCase());
      } catch {
        pub = new Uint8Array(0);
      }
      assert.equal(verifyRaw(pub, hex(r.sig.toLowerCase()), message), r.ok, label);
    }
  });
}

test('x-only keys are checked; a refused key never verifies', () => {
  assert.throws(() => checkXOnly(new Uint8Array(31)), EncodingError);
  assert.throws(() => checkXOnly(hex('ff'.repeat(32))), EncodingError);
  const key = signingKey(hex('00'.repeat(31) + '03'));
  const sig = signRaw(key, new Uint8Array(32), new Uint8Array(32));
  assert.equal(verifyRaw(key.xonly, sig, new Uint8Array(32)), true);
  assert.equal(verifyRaw(hex('ff'.repeat(32)), sig, new Uint8Array(32)), false);
  assert.equal(verifyRaw(key.xonly, sig.subarray(1), new Uint8Array(32)), false);
  assert.throws(() => signRaw(key, new Uint8Array(32), new Uint8Array(0)), EncodingError);
  assert.throws(() => signingKey(new Uint8Array(32)), EncodingError);
  assert.ok(!String(key).includes(toHex(key.secret)));
  assert.ok(!JSON.stringify(key).includes(toHex(key.secret)));
});
