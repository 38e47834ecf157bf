// Strict point and scalar encodings (docs/spec.md §3.1, §3.3): what Python accepts and refuses.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, hex, vectors } from './helpers.mjs';

const { decodePoint, encodePoint, pointFromHex, scalarFromHex, toHex, GroupElementError, EncodingError } = booth;
const v = vectors('js', 'points.json');

test('valid encodings decode and re-encode to the same bytes', () => {
  for (const item of v.valid) {
    const point = decodePoint(hex(item.hex), 'point', item.identity);
    assert.equal(toHex(encodePoint(point)), item.hex);
    assert.equal(point.is0(), item.identity);
  }
  assert.equal(toHex(encodePoint(booth.G)), '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
  assert.equal(toHex(encodePoint(booth.IDENTITY)), '00');
});

test('every encoding Python refuses is refused', () => {
  assert.ok(v.invalid.length >= 15);
  for (const item of v.invalid) {
    assert.throws(() => decodePoint(hex(item.hex), 'point', item.allow_identity), GroupElementError, item.reason);
    assert.throws(() => pointFromHex(item.hex, 'point', item.allow_identity), GroupElementError, item.reason);
  }
  for (const text of v.invalid_hex) {
    assert.throws(() => pointFromHex(text, 'point'), EncodingError, text);
  }
});

test('scalars: exactly 32 bytes below n', () => {
  for (const text of v.scalars_valid) assert.equal(booth.scalarToHex(scalarFromHex(text, 's')), text);
  for (const text of v.scalars_invalid) assert.throws(() => scalarFromHex(text, 's'), EncodingError, text);
});
