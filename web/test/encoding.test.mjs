// Canonical encoding, H, expand_message_xmd and hash_to_scalar against the frozen spec vectors
// (tests/vectors/spec) and the Python-generated ones (tests/vectors/js/hashing.json).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, fromTyped, hex, vectors } from './helpers.mjs';

const { canonicalBytes, H, expandMessageXmd, hashToScalar, toHex, utf8, EncodingError } = booth;
const MODP4096_Q = 2n ** 256n - 189n;

test('canonical encoding equals the spec vectors', () => {
  const { vectors: items } = vectors('spec', 'encoding.json');
  assert.ok(items.length > 10);
  for (const v of items) {
    const values = v.values ? fromTyped(v.values) : [fromTyped(v.value)];
    assert.equal(toHex(canonicalBytes(...values)), v.canonical, v.name);
  }
});

test('values without an encoding are refused', () => {
  for (const bad of [-1n, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, undefined, new Date(0), Symbol('s'), () => 0]) {
    assert.throws(() => canonicalBytes(bad), EncodingError, String(typeof bad));
  }
  assert.throws(() => canonicalBytes('\ud800'), EncodingError);
  assert.throws(() => canonicalBytes({ a: '\udc00x' }), EncodingError);
  assert.throws(() => utf8('a\ud83d'), EncodingError);
  assert.equal(toHex(canonicalBytes('\ud83d\ude00')), '5300000004f09f9880');
  // plain objects and Maps are the same map; numbers and bigints the same integer
  assert.deepEqual(canonicalBytes({ b: 2, a: 1n }), canonicalBytes(new Map([['a', 1], ['b', 2n]])));
  assert.notDeepEqual(canonicalBytes(Uint8Array.of(0x61)), canonicalBytes('a'));
});

test('H and hash_to_scalar equal the spec vectors', () => {
  const spec = vectors('spec', 'hashing.json');
  for (const v of spec.H) {
    const values = fromTyped(v.values);
    assert.equal(toHex(canonicalBytes(v.tag, ...values)), v.input);
    assert.equal(toHex(H(v.tag, ...values)), v.H, v.tag);
  }
  for (const v of spec.hash_to_scalar) {
    const q = v.group === 'secp256k1' ? booth.N : MODP4096_Q;
    const values = fromTyped(v.values);
    assert.equal(toHex(canonicalBytes(...values)), v.msg);
    assert.equal(hashToScalar(v.tag, q, ...values).toString(16).padStart(64, '0'), v.scalar);
  }
  for (const v of spec.expand_message_xmd) {
    assert.equal(toHex(expandMessageXmd(hex(v.msg), utf8(v.dst), v.len_in_bytes)), v.uniform_bytes);
  }
});

test('expand_message_xmd equals RFC 9380 appendix K.1 (all ten SHA-256 vectors)', () => {
  const { rfc9380 } = vectors('js', 'hashing.json');
  assert.equal(rfc9380.length, 10);
  for (const v of rfc9380) {
    assert.equal(toHex(expandMessageXmd(utf8(v.msg), utf8(v.dst), v.len_in_bytes)), v.uniform);
  }
});

test('expand_message_xmd and hash_to_scalar equal Python on plebiscite tags', () => {
  const { xmd, hash_to_scalar: scalars } = vectors('js', 'hashing.json');
  for (const v of xmd) {
    assert.equal(toHex(expandMessageXmd(hex(v.msg_hex), utf8(v.dst), v.len_in_bytes)), v.uniform);
  }
  for (const v of scalars) {
    const values = fromTyped(v.values);
    assert.equal(toHex(canonicalBytes(...values)), v.msg);
    assert.equal(hashToScalar(v.tag, booth.N, ...values).toString(16).padStart(64, '0'), v.scalar);
  }
  assert.throws(() => expandMessageXmd(new Uint8Array(0), new Uint8Array(256), 32), booth.ParameterError);
  assert.throws(() => expandMessageXmd(new Uint8Array(0), new Uint8Array(1), 255 * 32 + 1), booth.ParameterError);
});
