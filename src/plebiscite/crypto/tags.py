"""Domain-separation tags: one named constant per use of a hash (docs/spec.md lists them all).

Every tag starts with ``plebiscite/v1/``; no two uses share a tag.
"""

from __future__ import annotations

from typing import Final

__all__ = ["ALL_TAGS", "PREFIX"]

PREFIX: Final = "plebiscite/v1/"

# Fiat–Shamir challenges (hash_to_scalar DSTs)
SCHNORR_CHALLENGE: Final = PREFIX + "challenge/schnorr"
CHAUM_PEDERSEN_CHALLENGE: Final = PREFIX + "challenge/chaum-pedersen"
DISJUNCTIVE_CHALLENGE: Final = PREFIX + "challenge/zero-one"
RANGE_CHALLENGE: Final = PREFIX + "challenge/range"
DECRYPTION_CHALLENGE: Final = PREFIX + "challenge/partial-decryption"
SHUFFLE_CHALLENGE: Final = PREFIX + "challenge/shuffle"
SHUFFLE_PERMUTATION_CHALLENGE: Final = PREFIX + "challenge/shuffle-permutation"
BLIND_CHALLENGE: Final = PREFIX + "challenge/blind"
BLIND_WEIGHT: Final = PREFIX + "challenge/blind-weight"

# the verifiable shuffle (docs/spec.md §15)
SHUFFLE_GENERATORS: Final = PREFIX + "hash/shuffle-generators"
SHUFFLE_GENERATOR: Final = PREFIX + "hash-to-group/shuffle-generator"
SHUFFLE_STATEMENT: Final = PREFIX + "hash/shuffle-statement"
SHUFFLE_COMMITMENTS: Final = PREFIX + "hash/shuffle-commitments"
MIX_LIST: Final = PREFIX + "hash/mix-list"

# a party's saved check of a board (docs/spec.md §14.3)
CHECKED_STATE_KEY: Final = PREFIX + "derive/checked-state"

# blinded deterministic tags (docs/spec.md §16.6)
BLIND_STATEMENT: Final = PREFIX + "hash/blind-statement"
BLINDED_TAG: Final = PREFIX + "hash/blinded-tag"

# the fake-credentials mode's ballots and equality tests (docs/spec.md §16.5, §16.7)
CREDENTIAL_BALLOT_STATEMENT: Final = PREFIX + "hash/credential-ballot-statement"
CREDENTIAL_CHALLENGE: Final = PREFIX + "challenge/credential"
ROLL_POINTER_CHALLENGE: Final = PREFIX + "challenge/roll-pointer"
PET_STATEMENT: Final = PREFIX + "hash/pet-statement"
PET_WEIGHT: Final = PREFIX + "challenge/pet-weight"
PET_COMMITMENTS: Final = PREFIX + "hash/pet-commitments"
PET_CHALLENGE: Final = PREFIX + "challenge/pet"
TALLY_ITEMS: Final = PREFIX + "hash/tally-items"
DESIGNATED_CHALLENGE: Final = PREFIX + "challenge/designated-verifier"
BOOTH_ANONYMITY_SET: Final = PREFIX + "hash/booth-anonymity-set"

# derived scalars and keys
CREDENTIAL_KEY: Final = PREFIX + "derive/credential-key"
POLYNOMIAL_COMMITMENTS: Final = PREFIX + "hash/polynomial-commitments"
SEAL_KEY: Final = PREFIX + "derive/seal-key"
SEAL_AAD: Final = PREFIX + "aead/seal"
SECRET_FILE_AAD: Final = PREFIX + "aead/secret-file"
TRUSTEE_SHARE_AAD: Final = PREFIX + "aead/trustee-share"
LIVENESS_CIPHERTEXT: Final = PREFIX + "derive/liveness-ciphertext"

# contexts and identities (H)
GROUP_DESCRIPTION: Final = PREFIX + "hash/group"
CEREMONY_CONTEXT: Final = PREFIX + "hash/ceremony-context"
ELECTION_CONTEXT: Final = PREFIX + "hash/election-context"
BALLOT_BINDING: Final = PREFIX + "hash/ballot-binding"
BALLOT_STATEMENT: Final = PREFIX + "hash/ballot-statement"
TRACKING_HASH: Final = PREFIX + "hash/tracking"
BALLOT_IDENTITY: Final = PREFIX + "hash/ballot-identity"
BALLOT_SIGNATURE: Final = PREFIX + "sign/ballot"
ENTRY_HASH: Final = PREFIX + "hash/entry"
SIGNED_HEAD: Final = PREFIX + "sign/head"
ENTRY_SIGNATURE: Final = PREFIX + "sign/entry"
SIGNED_REFUSAL: Final = PREFIX + "sign/refusal"
EARLY_CLOSE_SIGNATURE: Final = PREFIX + "sign/early-close"
SUBMISSION_HASH: Final = PREFIX + "hash/submission"
ROLL_LEAF: Final = PREFIX + "hash/roll-leaf"
ROLL_NODE: Final = PREFIX + "hash/roll-node"
KEY_FINGERPRINT: Final = PREFIX + "hash/key-fingerprint"
SIGNATURE_MESSAGE: Final = PREFIX + "sign/message"
CREDENTIAL_CHECKSUM: Final = PREFIX + "hash/credential-checksum"

# every tag above; keep this last
ALL_TAGS: Final = tuple(
    value
    for name, value in sorted(globals().items())
    if name.isupper() and name != "PREFIX" and isinstance(value, str)
)
