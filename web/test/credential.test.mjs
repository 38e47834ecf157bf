// Credential parsing and key derivation equal Python's (HKDF-SHA256, and scrypt with small parameters).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, hex, vectors } from './helpers.mjs';

const { parseCredential, deriveSigningKey, deriveSigningKeySync, credentialSalt, fingerprint, toHex, InputError, ParameterError } = booth;
const v = vectors('js', 'credential.json');

test('typed credentials normalise as in Python', () => {
  assert.ok(v.valid.length >= 16);
  for (const item of v.valid) assert.equal(parseCredential(item.typed).text, item.normalised, item.typed);
});

test('what Python refuses is refused, without echoing the credential', () => {
  for (const item of v.invalid) {
    assert.throws(
      () => parseCredential(item.typed),
      (exc) => exc instanceof InputError && (item.typed.length < 4 || !exc.message.includes(item.typed.slice(0, 8))),
      item.reason,
    );
  }
  const credential = parseCredential(v.valid[0].typed);
  assert.ok(!String(credential).includes(credential.text));
  assert.ok(!JSON.stringify(credential).includes(credential.text));
});

test('HKDF-SHA256 and scrypt key derivations equal Python (salt, secret, x-only key, fingerprint)', async () => {
  for (const item of v.derive) {
    const credential = parseCredential(item.credential);
    const electionId = hex(item.election_id);
    assert.equal(toHex(credentialSalt(electionId)), item.salt);
    const key = await deriveSigningKey(credential, electionId, item.kdf);
    assert.equal(toHex(key.secret), item.secret);
    assert.equal(toHex(key.xonly), item.xonly);
    assert.equal(fingerprint(key.xonly), item.fingerprint);
    assert.equal(toHex(deriveSigningKeySync(credential, electionId, item.kdf).xonly), item.xonly);
  }
});

test('unusable KDF parameters and election ids are refused', async () => {
  const credential = parseCredential(v.derive[0].credential);
  const id = hex(v.derive[0].election_id);
  assert.ok(v.derive.some((item) => item.kdf.algorithm === 'hkdf-sha256'));
  assert.ok(v.derive.some((item) => item.kdf.algorithm === 'scrypt'));
  const refused = [
    { n: 1000, r: 8, p: 1 }, { n: 2 ** 25, r: 1, p: 1 }, { n: 1024, r: 0, p: 1 }, { n: 1024, r: 8, p: 17 },
    { n: 2 ** 24, r: 32, p: 1 }, { algorithm: 'argon2' }, { algorithm: 'hkdf-sha256', n: 1024 }, {},
  ];
  for (const kdf of refused) {
    await assert.rejects(deriveSigningKey(credential, id, kdf), ParameterError, JSON.stringify(kdf));
  }
  await assert.rejects(deriveSigningKey(credential, id.subarray(1), v.derive[0].kdf), ParameterError);
});
