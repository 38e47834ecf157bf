"""Ballots and challenges: the wire format, the hashes that name them, and their checks (V5, V10).

**The ballot entry** (kind ``ballot``). Its body is exactly::

    {"district":   "<district id of the manifest>",
     "credential": "<the credential's x-only BIP-340 key, 64 lowercase hex>",
     "nonce":      "<32 random bytes, fresh per encryption, 64 lowercase hex>",
     "questions":  [                                  one per question, in the manifest's order
         {"ciphertexts": [{"alpha": E, "beta": E}, …],       one per option, in option order
          "proofs":      [{"a0": E, "b0": E, "a1": E, "b1": E,
                           "c0": S, "v0": S, "v1": S}, …],   one 0/1 proof per option
          "range":       {"a": [E, …], "b": [E, …],           the number of chosen options
                          "c": [S, …], "v": [S, …]}}, …],    is within [min, max]
     "head":       {"index": N, "hash": "<64 hex>"},      the head read just before signing
     "signature":  "<BIP-340 signature by the credential key, 128 lowercase hex>"}

where ``E`` is a group element and ``S`` a scalar in the group's strict lowercase hex
(:mod:`plebiscite.crypto.group`). Every field is required and no other is allowed; the identity is
refused in every ciphertext component and every proof commitment. The range proof is over the
product of the question's ciphertexts for ``lo = min``, ``hi = max``: ``max − min + 1`` entries in
``a``, ``b`` and ``v`` and ``max − min`` in ``c`` (:class:`~plebiscite.crypto.proofs.RangeProof`).

**Hashes** (``H`` is :func:`plebiscite.crypto.hashing.H`, over the canonical encoding)::

    binding     = H(BALLOT_BINDING, credential, nonce)
    ballot_stmt = H(BALLOT_STATEMENT, election_ctx, district, binding,
                    [[[alpha, beta] for each option] for each question])
    proofs      = [{"proofs": [{"a0": a0, "b0": b0, "a1": a1, "b1": b1,
                                "c0": c0, "v0": v0, "v1": v1} for each option],
                    "range":  {"a": [..], "b": [..], "c": [..], "v": [..]}} for each question]
    signature   = BIP-340 by the credential key over H(BALLOT_SIGNATURE, ballot_stmt, proofs,
                                                       head.index, head.hash)
    tracking    = H(TRACKING_HASH, ballot_stmt, proofs)
    identity    = H(BALLOT_IDENTITY, ballot_stmt)

``election_ctx`` is the 32-byte election context, ``district`` a string, ``credential`` the 32
key bytes, ``nonce`` and ``binding`` 32 bytes; in ``ballot_stmt`` and ``proofs`` every element
and scalar is its encoded bytes (the value ``proofs`` is the JSON form of the proofs with each hex
string replaced by its bytes). Each
0/1 proof's context is ``{"ballot": ballot_stmt, "question": i, "option": j}`` and each range
proof's context ``{"ballot": ballot_stmt, "question": i}`` (0-based positions).

**Tracking hash.** 256 bits, shown to the voter before she casts or challenges as 52 characters of
lowercase Crockford base32 (``0123456789abcdefghjkmnpqrstvwxyz``; the 256 bits followed by four
zero bits, most significant first) in 13 groups of four joined by hyphens
(:func:`format_tracking`). :func:`parse_tracking` reads it back leniently: either case, spaces and
hyphens anywhere, ``i``/``l`` for 1 and ``o`` for 0; 64 hex characters are accepted too.

**Identity** (replays, V6). Two ballots are *the same ballot* when their ``ballot_stmt`` are equal:
the same election, district, binding and ciphertexts. The identity leaves out the signature
(so a replay with a fresh signature is the same ballot) and also the proofs: whoever knows the
randomness of a challenged ballot can prove its ciphertexts afresh, and that ballot must still be
recognised as the challenged one. A challenge has the identity of the ballot it opened.

**The named head** (:class:`NamedHead`, spec §11.4) is signed with the ballot but is in neither
``ballot_stmt``, the tracking hash nor the identity: the booth shows the tracking hash before the
voter decides, and reads the head only when she casts. Whether the head is an earlier entry of the
board and recent enough is the caller's check (the board's acceptance rules, V5.7).

**The challenge entry** (kind ``challenge``): what the booth showed, opened. Never signed, and
naming no credential: the binding commits to it under a nonce that is never posted::

    {"district": …,                                     as in the ballot
     "binding":  "<the ballot's binding, 64 lowercase hex>",
     "questions": [{"ciphertexts": […], "proofs": […], "range": {…},
                    "choices":    [0 | 1, …],           the plaintext per option
                    "randomness": [S, …]}, …],           the ElGamal randomness per option
     "tracking":  "<the tracking hash shown, 64 lowercase hex>"}

:func:`check_challenge` (V10) decodes strictly, verifies every proof against the recomputed
statement, re-encrypts every option from its revealed choice and randomness to exactly the posted
ciphertext, checks that each question's choices are within [min, max] and that the tracking hash
recomputes to the one posted.

Errors are :class:`~plebiscite.errors.RecordError` (malformed) or
:class:`~plebiscite.errors.ProofError` (does not verify), each naming the entry (``where``) and the
field path, e.g. ``entry 12: field body.questions[0].proofs[1].v0: scalar is not below the group
order``. Roll membership, the voting window and replays are the caller's checks (the board's
acceptance rules, V5 and V6); this module gives them :attr:`EncryptedBallot.identity`.

The modules: :mod:`.content` (parameters, values, statement, hashes, tracking code, bodies),
:mod:`.create` (encryption with every proof, for the voter's booth), :mod:`.codec` (the bodies
decoded strictly) and :mod:`.check` (V5, V10); this package re-exports their public names.
"""

from __future__ import annotations

from plebiscite.model.ballot.check import (
    BallotVerdict,
    check_ballot,
    check_ballots,
    check_challenge,
    open_challenge_into,
)
from plebiscite.model.ballot.content import (
    BALLOT_FIELDS,
    CHALLENGE_FIELDS,
    CHALLENGE_QUESTION_FIELDS,
    QUESTION_FIELDS,
    TRACKING_ALPHABET,
    TRACKING_CHARS,
    Ballot,
    BallotParams,
    Challenge,
    EncryptedBallot,
    EncryptedQuestion,
    NamedHead,
    QuestionShape,
    ballot_binding,
    ballot_body,
    ballot_identity,
    ballot_statement,
    challenge_body,
    format_tracking,
    parse_tracking,
    proofs_value,
    range_context,
    sign_ballot,
    tracking_hash,
    zero_one_context,
)
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot, selections_from_choices

__all__ = [
    "BALLOT_FIELDS",
    "CHALLENGE_FIELDS",
    "CHALLENGE_QUESTION_FIELDS",
    "QUESTION_FIELDS",
    "TRACKING_ALPHABET",
    "TRACKING_CHARS",
    "Ballot",
    "BallotParams",
    "BallotVerdict",
    "Challenge",
    "EncryptedBallot",
    "EncryptedQuestion",
    "NamedHead",
    "OpenedBallot",
    "QuestionShape",
    "ballot_binding",
    "ballot_body",
    "ballot_identity",
    "ballot_statement",
    "challenge_body",
    "check_ballot",
    "check_ballots",
    "check_challenge",
    "encrypt_ballot",
    "format_tracking",
    "open_challenge_into",
    "parse_tracking",
    "proofs_value",
    "range_context",
    "selections_from_choices",
    "sign_ballot",
    "tracking_hash",
    "zero_one_context",
]
