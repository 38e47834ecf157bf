// The election key from the trustees' commitments: JavaScript recomputes what each commit binds,
// K and the verification keys over QUAL exactly as Python does (docs/spec.md §9).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { booth, hex, vectors } from './helpers.mjs';

const data = vectors('js', 'ceremony.json');
const ctx = hex(data.ceremony_ctx);
const commitments = new Map(
  data.trustees.map((t) => [t.trustee, t.commitments.map((c) => booth.pointFromHex(c, 'commitment'))]),
);

test("the commitment hash is Python's", () => {
  for (const t of data.trustees) {
    assert.equal(booth.toHex(booth.commitmentHash(ctx, t.trustee, commitments.get(t.trustee))), t.commitment);
  }
  const swapped = [...commitments.get(1)].reverse();
  assert.notEqual(booth.toHex(booth.commitmentHash(ctx, 1, swapped)), data.trustees[0].commitment);
});

test('K and the verification keys over QUAL are recomputed', () => {
  const qual = data.qualified;
  assert.equal(booth.pointToHex(booth.jointKeyOf(commitments, qual)), data.joint_key);
  for (const [j, vk] of Object.entries(data.verification_keys)) {
    assert.equal(booth.pointToHex(booth.verificationKeyOf(commitments, Number(j), qual)), vk);
  }
  // over every trustee the key is another one: QUAL matters
  assert.notEqual(booth.pointToHex(booth.jointKeyOf(commitments, [1, 2, 3])), data.joint_key);
  assert.throws(() => booth.jointKeyOf(commitments, []), booth.ParameterError);
  assert.throws(() => booth.jointKeyOf(commitments, [4]), booth.ParameterError);
  assert.throws(() => booth.verificationKeyOf(commitments, 0, qual), booth.ParameterError);
});
