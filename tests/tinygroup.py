"""A tiny group for fast algebra tests: the quadratic residues mod a 64-bit safe prime.

Test code only (never shipped): too small to be secure. It is a deliberately plain, independent
reference implementation of the :class:`~plebiscite.crypto.group.Group` interface in pure Python
ints, so the algebra (ElGamal, proofs, batching, threshold) can be exercised in milliseconds and
cross-checked against the production backends.
"""

from __future__ import annotations

from collections.abc import Sequence

from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.hashing import hash_to_field
from plebiscite.errors import GroupElementError, ParameterError

P = 18446744073709550147  # 2q + 1, prime, p ≡ 3 (mod 4)
Q = 9223372036854775073  # prime
G = 4  # a quadratic residue ≠ 1: generates the order-q subgroup


class TinyElement(Element):
    __slots__ = ("v",)

    def __init__(self, v: int) -> None:
        self.v = v

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TinyElement) and other.v == self.v

    def __hash__(self) -> int:
        return hash(("tiny", self.v))

    def __repr__(self) -> str:
        return f"TinyElement({self.v})"


class TinyGroup(Group):
    name = "tiny-test"
    q = Q
    element_bytes = 8
    scalar_bytes = 8

    def generator(self) -> Element:
        return TinyElement(G)

    def identity(self) -> Element:
        return TinyElement(1)

    def is_identity(self, a: Element) -> bool:
        return _v(a) == 1

    def description(self) -> CanonicalValue:
        return {"name": self.name, "p": P, "q": Q, "g": G}

    def mul(self, a: Element, b: Element) -> Element:
        return TinyElement(_v(a) * _v(b) % P)

    def inv(self, a: Element) -> Element:
        return TinyElement(pow(_v(a), -1, P))

    def exp(self, a: Element, k: int) -> Element:
        return TinyElement(pow(_v(a), k % Q, P))

    def exp_g(self, k: int) -> Element:
        return TinyElement(pow(G, k % Q, P))

    def multi_exp(self, bases: Sequence[Element], exps: Sequence[int]) -> Element:
        acc = 1
        for b, e in zip(bases, exps, strict=True):
            acc = acc * pow(_v(b), e % Q, P) % P
        return TinyElement(acc)

    def hash_to_element(self, msg: bytes, dst: bytes) -> Element:
        # hash to an integer mod P, then square into the order-q subgroup (P = 2q + 1)
        v = pow(hash_to_field(msg, dst, P)[0], 2, P)
        if v <= 1:
            raise ParameterError("tiny group: hashing to the group gave 0 or the identity")
        return TinyElement(v)

    def encode(self, a: Element) -> bytes:
        return _v(a).to_bytes(8, "big")

    def decode(self, data: bytes, role: str, *, allow_identity: bool = False) -> Element:
        if len(data) != 8:
            raise GroupElementError(f"{role}: expected 8 bytes, got {len(data)}")
        v = int.from_bytes(data, "big")
        if not 1 <= v < P or pow(v, Q, P) != 1:
            raise GroupElementError(f"{role}: not an element of the order-q subgroup")
        if v == 1 and not allow_identity:
            raise GroupElementError(f"{role}: the identity element is not allowed here")
        return TinyElement(v)


def _v(a: Element) -> int:
    if not isinstance(a, TinyElement):
        raise TypeError(f"not a tiny-group element: {a!r}")
    return a.v


TINY = TinyGroup()
