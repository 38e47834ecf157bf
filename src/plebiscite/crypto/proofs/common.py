"""What every proof shares: the challenge hash, element and scalar checks, the verdict."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Final, cast

from plebiscite.crypto import tags
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import H, hash_to_scalar
from plebiscite.errors import ProofError

__all__ = [
    "CHALLENGE_HEAD",
    "COMMITMENTS_4",
    "ELEMENT_TYPES",
    "MAX_RANGE_BRANCHES",
    "challenge_parts",
    "checked_element",
    "checked_scalar",
    "conclude",
    "eq_bit",
    "group_hash",
    "hash_challenge",
    "neg",
]


#: the most values a range proof may cover (hi − lo + 1): a question's choices, never more
MAX_RANGE_BRANCHES = 1024


# -- shared helpers --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def group_hash(group: Group) -> bytes:
    """``H(GROUP_DESCRIPTION, group.description())``: the group as bound into every challenge."""
    return H(tags.GROUP_DESCRIPTION, group.description())


def hash_challenge(
    group: Group,
    tag: str,
    context: CanonicalValue,
    statement: Mapping[str, CanonicalValue],
    commitments: Sequence[CanonicalValue],
) -> int:
    """A proof's challenge: ``hash_to_scalar(tag, q, {group, context, statement, commitments})``."""
    return hash_to_scalar(
        tag,
        group.q,
        {
            "group": group_hash(group),
            "context": context,
            "statement": statement,
            "commitments": commitments,
        },
    )


# The zero-one and range challenges are the hot path of ballot verification: their input, the
# canonical encoding of challenge's map, is assembled from pre-encoded parts. A map is encoded
# with its keys sorted, so the order is commitments, context, group, statement, and within the
# statement K, alpha, beta, g (then hi, lo for a range proof); tests/vectors pin the bytes.
CHALLENGE_HEAD: Final = b"D" + u32(4) + canonical_bytes("commitments")  # the map's 4 keys
COMMITMENTS_4: Final = CHALLENGE_HEAD + b"L" + u32(4)


@functools.lru_cache(maxsize=64)
def challenge_parts(group: Group, K: Element, statement_keys: int) -> tuple[bytes, bytes]:
    """The encoded parts of a zero-one (4 statement keys) or range (6) challenge that depend on
    the group and the key alone: ``group`` and the start of ``statement`` up to K, and g."""
    head = b"".join(
        (
            canonical_bytes("group", group_hash(group), "statement"),
            b"D" + u32(statement_keys),
            canonical_bytes("K", group.encode(K)),
        )
    )
    return head, canonical_bytes("g", group.encode(group.generator()))


def neg(group: Group, k: int) -> int:
    """``-k mod q``."""
    return (-k) % group.q


#: the concrete element classes seen so far (an exact type test is cheaper than the ABC's)
ELEMENT_TYPES: set[type] = set()


def checked_element(
    group: Group, proof: str, role: str, value: object, *, identity: bool
) -> Element:
    """Refuse a non-element, and the identity unless ``identity`` allows it."""
    if type(value) not in ELEMENT_TYPES:
        if not isinstance(value, Element):
            raise ProofError(f"{proof}: {role} is not a group element")
        ELEMENT_TYPES.add(type(value))
    element = cast(Element, value)
    if not identity and group.is_identity(element):
        raise ProofError(f"{proof}: {role} is the identity element")
    return element


def checked_scalar(group: Group, proof: str, role: str, value: object) -> int:
    """Refuse anything but a scalar in ``[0, q)``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < group.q:
        raise ProofError(f"{proof}: {role} is not a scalar in [0, q)")
    return value


def conclude(
    group: Group,
    proof: str,
    equations: Sequence[Equation],
    names: Sequence[str],
    batch: BatchVerifier | None,
    label: str | None,
) -> None:
    """Check a proof's group equations now, or add them to ``batch`` under ``label``."""
    if batch is not None:
        batch.add_equations(label if label is not None else proof, equations)
        return
    for eq, name in zip(equations, names, strict=True):
        if not equation_holds(group, eq):
            raise ProofError(f"{proof}: the equation {name} does not hold")


def eq_bit(q: int, a: int, b: int) -> int:
    """1 if ``a ≡ b (mod q)`` else 0, by arithmetic (no branch on the values)."""
    d = (a - b) % q
    return 1 - (d + q - 1) // q
