"""Signed entry bodies: one mechanism for every party that signs what it posts.

A signed body is a JSON object with a ``signature`` field (64-byte BIP-340, lowercase hex) over::

    H(ENTRY_SIGNATURE, election_id, kind, body without "signature")

where ``election_id`` is the 16-byte election id, ``kind`` the entry kind and the body is hashed in
its canonical encoding. Binding the election and the kind means a signature can never be replayed
into another election or another kind of entry. Who must have signed is the kind's rule (the
authority for ``manifest``/``open``/``close``/``result``, the credential authority for
``credential_roll_final``, the trustee named in the body for ``trustee_*``, ``liveness`` and
``partial_decryption``; docs/spec.md).
"""

from __future__ import annotations

from plebiscite.crypto import rand, tags
from plebiscite.crypto.signatures import SIGNATURE_BYTES, SigningKey, VerifyingKey
from plebiscite.errors import ProofError
from plebiscite.model.codec import JSONObject, require_hex

__all__ = ["SIGNATURE_FIELD", "sign_body", "unsigned_part", "verify_body_signature"]

SIGNATURE_FIELD = "signature"


def unsigned_part(body: JSONObject) -> JSONObject:
    """The body without its ``signature`` field: what the signature covers."""
    return {k: v for k, v in body.items() if k != SIGNATURE_FIELD}


def sign_body(
    key: SigningKey, election_id: bytes, kind: str, body: JSONObject, rng: rand.Random | None = None
) -> JSONObject:
    """Return ``body`` with a ``signature`` field added (any previous one replaced)."""
    unsigned = unsigned_part(body)
    signature = key.sign(tags.ENTRY_SIGNATURE, election_id, kind, unsigned, rng=rng)
    return {**unsigned, SIGNATURE_FIELD: signature.hex()}


def verify_body_signature(
    key: VerifyingKey, election_id: bytes, kind: str, body: JSONObject, where: str, role: str
) -> None:
    """Raise :class:`ProofError` naming ``where`` and ``role`` unless the body's signature is valid
    (its field ``body.signature``, its reason ``bad_signature``).

    A missing or malformed ``signature`` field is a :class:`RecordError`.
    """
    signature = require_hex(body, SIGNATURE_FIELD, where, "body", SIGNATURE_BYTES)
    if not key.verify(signature, tags.ENTRY_SIGNATURE, election_id, kind, unsigned_part(body)):
        raise ProofError.at(
            where, "body.signature", f"not a valid signature by the {role}", reason="bad_signature"
        )
