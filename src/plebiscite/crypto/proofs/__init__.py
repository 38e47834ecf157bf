"""Zero-knowledge proofs in commitment form: each ``prove_*`` beside its ``verify_*``.

Every proof carries its commitments and responses; the verifier recomputes each challenge itself
as ``hash_to_scalar(TAG, q, {"group", "context", "statement", "commitments"})`` where ``group`` is
``H(GROUP_DESCRIPTION, group.description())``, ``context`` is the caller's canonical value (for a
ballot: the ballot statement hash with the (question, option) position; for a decryption: the
election context and the trustee), ``statement`` holds every base and public element and
``commitments`` every commitment, all in the group's strict encoding (byte strings):

===================  ============================  =============================================
proof                statement keys                commitments (in order)
===================  ============================  =============================================
Schnorr              g, X                          [h]
Chaum–Pedersen       g, A, B, C                    [a, b]
partial decryption   g, VK, alpha, beta, M         [a, b]
zero-one             g, K, alpha, beta             [a0, b0, a1, b1]
range                g, K, alpha, beta, lo, hi     [[a_lo, b_lo], …, [a_hi, b_hi]] (lo, hi: ints)
===================  ============================  =============================================

with the tags ``SCHNORR_CHALLENGE``, ``CHAUM_PEDERSEN_CHALLENGE``, ``DECRYPTION_CHALLENGE``,
``DISJUNCTIVE_CHALLENGE`` and ``RANGE_CHALLENGE`` of :mod:`plebiscite.crypto.tags`.

Sign convention (all proofs): the response is ``v = u + c·x mod q`` for the nonce ``u``, the
challenge ``c`` and the witness ``x``, so each check reads ``base^v = commitment·public^c``.

Every verifier runs, in order: validate the elements (the identity is refused in commitments and
statement keys) → check the shapes and ranges of the scalars → recompute the challenge → check
the group equations, directly or by adding them to a :class:`~plebiscite.crypto.batch.BatchVerifier`
(only the group equations are batched). A failure raises :class:`ProofError` naming the proof and
the failing part. The ``*_equations`` functions expose each proof's group equations for given
challenges, so a verifier with its own challenge hashes (ElectionGuard records) can reuse them.

The modules: :mod:`.common`, :mod:`.schnorr`, :mod:`.chaum_pedersen` (with the partial
decryption proof), :mod:`.disjunction` (0/1 and range) and :mod:`.forms` (JSON); this package
re-exports their public names.
"""

from __future__ import annotations

from plebiscite.crypto.proofs.chaum_pedersen import (
    ChaumPedersenProof,
    chaum_pedersen_equations,
    partial_decryption_equations,
    prove_chaum_pedersen,
    prove_partial_decryption,
    verify_chaum_pedersen,
    verify_partial_decryption,
)
from plebiscite.crypto.proofs.common import MAX_RANGE_BRANCHES, group_hash
from plebiscite.crypto.proofs.disjunction import (
    RangeProof,
    ZeroOneProof,
    prove_range,
    prove_zero_one,
    range_equations,
    verify_range,
    verify_range_of_product,
    verify_zero_one,
    zero_one_equations,
)
from plebiscite.crypto.proofs.forms import (
    decode_chaum_pedersen,
    decode_range,
    decode_schnorr,
    decode_zero_one,
    encode_proof,
)
from plebiscite.crypto.proofs.schnorr import (
    SchnorrProof,
    prove_schnorr,
    schnorr_equations,
    verify_schnorr,
)

__all__ = [
    "MAX_RANGE_BRANCHES",
    "ChaumPedersenProof",
    "RangeProof",
    "SchnorrProof",
    "ZeroOneProof",
    "chaum_pedersen_equations",
    "decode_chaum_pedersen",
    "decode_range",
    "decode_schnorr",
    "decode_zero_one",
    "encode_proof",
    "group_hash",
    "partial_decryption_equations",
    "prove_chaum_pedersen",
    "prove_partial_decryption",
    "prove_range",
    "prove_schnorr",
    "prove_zero_one",
    "range_equations",
    "schnorr_equations",
    "verify_chaum_pedersen",
    "verify_partial_decryption",
    "verify_range",
    "verify_range_of_product",
    "verify_schnorr",
    "verify_zero_one",
    "zero_one_equations",
]
