"""The two context hashes that bind every proof of an election to its statement (DESIGN §3).

``ceremony_ctx`` binds the key-ceremony messages (each proof also binds the trustee and the
coefficient index)::

    ceremony_ctx = H(CEREMONY_CONTEXT, election_id, manifest body, group description, n, k)

where the manifest body is the body of entry 0 exactly as posted (its ``signature`` included).

``election_ctx`` binds ballots, challenges and decryptions::

    election_ctx = H(ELECTION_CONTEXT, ceremony_ctx, K, [VK_i in index order], QUAL,
                     {district id: roll root}, board key, authority key, CA key)

with ``K`` and the verification keys in the group's strict encoding, ``QUAL`` the sorted list of
qualified trustee indices, the roll roots as 32-byte values by district id (posted later by the
credential authority: the caller supplies them) and the three keys as 32-byte x-only keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plebiscite.crypto import tags
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import ParameterError
from plebiscite.model.codec import JSONObject

__all__ = ["ceremony_context", "election_context"]

_ELECTION_ID_BYTES = 16
_ROOT_BYTES = 32


def ceremony_context(
    election_id: bytes, manifest: JSONObject, group: Group, n: int, k: int
) -> bytes:
    """``H(CEREMONY_CONTEXT, election_id, manifest, group.description(), n, k)``: 32 bytes."""
    if not isinstance(election_id, bytes) or len(election_id) != _ELECTION_ID_BYTES:
        raise ParameterError(f"ceremony context: election id must be {_ELECTION_ID_BYTES} bytes")
    if isinstance(n, bool) or isinstance(k, bool) or not 1 <= k <= n:
        raise ParameterError(f"ceremony context: need 1 ≤ k ≤ n, got n = {n}, k = {k}")
    return H(tags.CEREMONY_CONTEXT, election_id, manifest, group.description(), n, k)


def election_context(
    group: Group,
    ceremony_ctx: bytes,
    joint_key: Element,
    verification_keys: Mapping[int, Element],
    qualified: Sequence[int],
    roll_roots: Mapping[str, bytes],
    board_key: VerifyingKey,
    authority_key: VerifyingKey,
    ca_key: VerifyingKey,
) -> bytes:
    """The election context hash (see the module docstring); 32 bytes.

    ``verification_keys`` maps each qualified trustee index to its key; they are hashed in index
    order, and their indices must be exactly ``qualified``.
    """
    if len(ceremony_ctx) != 32:
        raise ParameterError("election context: the ceremony context must be 32 bytes")
    qual = sorted(qualified)
    if len(set(qual)) != len(qual) or sorted(verification_keys) != qual:
        raise ParameterError(
            "election context: the verification keys must be exactly those of QUAL "
            f"{qual}, got {sorted(verification_keys)}"
        )
    for district, root in roll_roots.items():
        if not isinstance(root, bytes) or len(root) != _ROOT_BYTES:
            raise ParameterError(f"election context: roll root of {district!r} is not 32 bytes")
    return H(
        tags.ELECTION_CONTEXT,
        ceremony_ctx,
        group.encode(joint_key),
        [group.encode(verification_keys[i]) for i in qual],
        list(qual),
        dict(roll_roots),
        board_key.xonly,
        authority_key.xonly,
        ca_key.xonly,
    )
