/**
 * The election key from the trustees' own commitments, byte-identical to
 * plebiscite.model.ceremony.commitment_hash and plebiscite.crypto.threshold (docs/spec.md §9):
 *
 *   commitment = H(POLYNOMIAL_COMMITMENTS, ceremony_ctx, i, [C_(i,0) … C_(i,k−1)])
 *   K          = ∏_(i ∈ QUAL) C_(i,0)
 *   VK_j       = ∏_(i ∈ QUAL) ∏_l C_(i,l)^(j^l mod n)
 *
 * The booth recomputes K and every VK from the commitments each QUAL trustee signed and revealed,
 * so a key the authority chose (and could decrypt single ballots with) is refused even though
 * the authority signed it. All values are public: variable-time arithmetic is fine here.
 */

import { ParameterError } from './errors.js';
import { N, encodePoint, exp, mul, prod } from './group.js';
import { H } from './hashing.js';
import { POLYNOMIAL_COMMITMENTS } from './tags.js';

/** H(POLYNOMIAL_COMMITMENTS, ceremony_ctx, i, [C_0 … C_(k−1)]): what trustee i's commit binds. */
export function commitmentHash(ceremonyCtx, trustee, commitments) {
  return H(POLYNOMIAL_COMMITMENTS, ceremonyCtx, trustee, commitments.map(encodePoint));
}

function dealers(commitments, qual) {
  if (qual.length === 0) throw new ParameterError('the qualified set is empty');
  return qual.map((i) => {
    const found = commitments.get(i);
    if (!found || found.length === 0) throw new ParameterError(`no commitments of trustee ${i}`);
    return found;
  });
}

/** K = ∏_(i ∈ qual) C_(i,0); `commitments` maps a trustee index to its points C_(i,0..k−1). */
export function jointKeyOf(commitments, qual) {
  return prod(dealers(commitments, qual).map((c) => c[0]));
}

/** VK_j = ∏_(i ∈ qual) ∏_l C_(i,l)^(j^l mod n). */
export function verificationKeyOf(commitments, j, qual) {
  if (!Number.isSafeInteger(j) || j < 1) throw new ParameterError(`trustee index ${j} is not ≥ 1`);
  let acc = null;
  for (const coefficients of dealers(commitments, qual)) {
    let power = 1n;
    for (const point of coefficients) {
      const term = exp(point, power);
      acc = acc === null ? term : mul(acc, term);
      power = (power * BigInt(j)) % N;
    }
  }
  return acc;
}
