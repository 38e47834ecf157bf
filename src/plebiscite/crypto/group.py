"""The group interface every backend implements (written multiplicatively: ``g^x``, ``a·b``).

A :class:`Group` is an explicit object passed where it is needed; its arithmetic backend is fixed
when it is built. Elements are opaque objects of the backend's own :class:`Element` subclass;
scalars are Python ``int`` in ``[0, q)``.

Strict encodings (DESIGN §3, docs/spec.md §3):

* ``secp256k1``: an element is exactly 33 bytes, prefix 02/03 (compressed); the identity is the
  single byte 0x00. Uncompressed (04) and hybrid (06/07) forms are refused.
* ``modp4096``: an element is exactly 512 big-endian bytes of a value in the order-q subgroup,
  1 ≤ x < p; the identity is 1.
* scalars are exactly 32 big-endian bytes of a value below q.

``decode`` refuses the identity unless ``allow_identity=True`` (aggregates, partial decryptions and
decrypted values allow it; public keys, credential keys, ballot ciphertexts and proof commitments do
not). In JSON, elements and scalars are lowercase hex of their encodings; anything else is refused.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol, TypeVar

from plebiscite.crypto import rand
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.errors import EncodingError, GroupElementError, ParameterError

__all__ = [
    "CommitmentBatch",
    "Element",
    "Group",
    "MembershipBatch",
    "membership_folded",
    "strict_hex",
]

_T = TypeVar("_T")


def strict_hex(text: object, role: str, length: int | None = None) -> bytes:
    """Decode lowercase hex; refuse upper case, odd length, prefixes, whitespace, wrong length."""
    if not isinstance(text, str):
        raise EncodingError.of(role, f"expected a lowercase hex string, got {type(text).__name__}")
    # bytes.fromhex also reads upper case and whitespace: the round trip through hex() refuses
    # them (what the set of lowercase digits refused, without building a set per string)
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = None
    if raw is None or raw.hex() != text:
        raise EncodingError.of(role, "not lowercase hex of whole bytes")
    if length is not None and len(raw) != length:
        raise EncodingError.of(role, f"expected {length} bytes, got {len(raw)}")
    return raw


class Element(ABC):  # noqa: B024 - a marker base class; backends hold the representation
    """An element of one group. Compare with ``==``; hashable; immutable."""

    __slots__ = ()


class CommitmentBatch(Protocol):
    """A batch of proof equations that may vouch for its commitments' subgroup membership
    (:class:`~plebiscite.crypto.batch.BatchVerifier`; docs/spec.md §3.2, "Commitments'
    membership from the proof batch")."""

    def uncovered(self, commitments: Sequence[Element]) -> list[Element]:
        """The elements of ``commitments`` whose membership this batch does not vouch for."""
        ...


class MembershipBatch:
    """The subgroup-membership checks deferred by :meth:`Group.deferred_membership`.

    :meth:`holds` is True when every element decoded in the block is a member; this base class
    defers nothing (every element was checked when decoded), so it always holds.
    """

    def holds(self, batch: CommitmentBatch | None = None) -> bool:
        """Whether every deferred membership check holds. The proof commitments that
        :meth:`Group.decode_with_commitments` decoded in the block are folded with the rest,
        except those ``batch`` (the block's proof equations, already checked) vouches for."""
        return True


class Group(ABC):
    """A prime-order group with strict encodings. Subclasses fix their backend when built."""

    #: short name used in definitions and records: ``secp256k1``, ``modp4096``, ...
    name: str
    #: the prime order of the group
    q: int
    #: the exact length of an encoded non-identity element
    element_bytes: int
    #: the exact length of an encoded scalar
    scalar_bytes: int = 32

    # -- structure -------------------------------------------------------------------------------

    @abstractmethod
    def generator(self) -> Element:
        """The standard generator g."""

    @abstractmethod
    def identity(self) -> Element:
        """The identity element."""

    @abstractmethod
    def is_identity(self, a: Element) -> bool:
        """Whether ``a`` is the identity."""

    @abstractmethod
    def description(self) -> CanonicalValue:
        """The canonical description hashed into contexts (name and every parameter)."""

    # -- arithmetic ------------------------------------------------------------------------------

    @abstractmethod
    def mul(self, a: Element, b: Element) -> Element:
        """The group operation ``a·b``."""

    @abstractmethod
    def inv(self, a: Element) -> Element:
        """The inverse ``a⁻¹``."""

    def div(self, a: Element, b: Element) -> Element:
        """``a·b⁻¹``."""
        return self.mul(a, self.inv(b))

    @abstractmethod
    def exp(self, a: Element, k: int) -> Element:
        """``a^k`` for any integer k (reduced mod q). Variable time in k: public exponents only."""

    @abstractmethod
    def exp_g(self, k: int) -> Element:
        """``g^k`` (fixed base; tables where the backend has them)."""

    def exp_secret(self, a: Element, k: int) -> Element:
        """``a^k`` for a secret ``k``: constant-time where the backend allows it."""
        return self.exp(a, k)

    def exp_g_secret(self, k: int) -> Element:
        """``g^k`` for a secret ``k``: constant-time where the backend allows it."""
        return self.exp_g(k)

    @abstractmethod
    def multi_exp(self, bases: Sequence[Element], exps: Sequence[int]) -> Element:
        """``∏ bases[i]^exps[i]`` (public exponents)."""

    def prod(self, elements: Sequence[Element]) -> Element:
        """The product of ``elements`` (the identity for none)."""
        acc = self.identity()
        for e in elements:
            acc = self.mul(acc, e)
        return acc

    def hash_to_element(self, msg: bytes, dst: bytes) -> Element:
        """An element derived from ``msg`` whose logarithm nobody knows (docs/spec.md §15.1).

        Never the identity (:class:`~plebiscite.errors.ParameterError` in that negligible case).
        """
        raise ParameterError(f"group {self.name} has no hash to the group")

    def hash_to_elements(self, msgs: Sequence[bytes], dst: bytes) -> list[Element]:
        """:meth:`hash_to_element` of each message (backends may share work across them)."""
        return [self.hash_to_element(msg, dst) for msg in msgs]

    # -- encodings -------------------------------------------------------------------------------

    @abstractmethod
    def encode(self, a: Element) -> bytes:
        """The one canonical encoding of ``a``."""

    @abstractmethod
    def decode(self, data: bytes, role: str, *, allow_identity: bool = False) -> Element:
        """Parse and validate; raise :class:`GroupElementError` naming ``role`` if invalid."""

    def decode_many(
        self, datas: Sequence[bytes], role: str, *, allow_identity: bool = False
    ) -> list[Element]:
        """Decode many elements; backends may batch the membership check."""
        return [self.decode(d, role, allow_identity=allow_identity) for d in datas]

    def decode_with_commitments(
        self, datas: Sequence[bytes], role: str, *, commitments_from: int
    ) -> list[Element]:
        """:meth:`decode_many` (no identity) of a proof's values: ``datas[commitments_from:]``
        are proof commitments, each a term of exactly one of the proofs' group equations with
        exponent −1. Inside :meth:`deferred_membership` a group may leave their membership to
        the batch of those equations (:meth:`MembershipBatch.holds`); this one checks them as
        :meth:`decode_many` does."""
        return self.decode_many(datas, role)

    @contextmanager
    def deferred_membership(self) -> Iterator[MembershipBatch]:
        """A block in which :meth:`decode_many` may leave the subgroup-membership check of the
        elements it decodes to the batch this yields, to be folded with the other elements of
        the block into one check (see :class:`~plebiscite.crypto.modp.ModpGroup`).

        Everything else about an element is checked when it is decoded. Until
        :meth:`MembershipBatch.holds` returns True, nothing computed from the block's elements
        may be trusted: a caller whose batch does not hold discards that work and does it again
        outside such a block, where every element is checked as it is decoded. Groups whose
        membership check is cheap (secp256k1: the point's decompression) defer nothing.
        """
        yield MembershipBatch()

    def decode_validated(self, data: bytes, role: str, *, allow_identity: bool = False) -> Element:
        """Decode an encoding that this process has already decoded with :meth:`decode` (or
        :meth:`decode_many`) and kept: the format checks again, but not the subgroup
        membership, which an encoding cannot lose. Never for bytes read from outside."""
        return self.decode(data, role, allow_identity=allow_identity)

    def pack(self, elements: Sequence[Element]) -> bytes | None:
        """``elements`` in a form of this process's own scratch storage that reads back more
        cheaply than the encodings (:meth:`unpack`), or ``None`` where the group has none (the
        encodings are then kept and read back with :meth:`decode_validated`). Never for bytes
        that leave the process: the form is not the record's."""
        return None

    def unpack(self, data: bytes, role: str, *, encodings: bool = False) -> list[Element]:
        """The elements :meth:`pack` wrote into ``data``, each checked to be a group element
        (or the identity) again; :class:`GroupElementError` naming ``role`` otherwise. With
        ``encodings``, each element also keeps its encoding, derived from the packed form (for
        elements about to be hashed: no encoding computed again from the point)."""
        raise ParameterError(f"group {self.name} has no packed form")

    # -- the form a checker keeps ----------------------------------------------------------------

    @property
    def kept_bytes(self) -> int:
        """The bytes of one element in :meth:`keep`'s form."""
        return self.element_bytes

    def keep(self, elements: Sequence[Element]) -> bytes:
        """``elements``, decoded and checked in this run, in the form a checker keeps them to
        multiply them later (the counted ciphertexts of V6 and V7): :meth:`pack`'s where the group
        has one, so that reading them back (:meth:`kept`) takes no square root; else their
        encodings, read back with :meth:`decode_validated`. Each element takes
        :attr:`kept_bytes`. Like :meth:`pack`'s, never a record's form."""
        return b"".join([self.encode(e) for e in elements])

    def kept(self, data: bytes, role: str, *, allow_identity: bool = False) -> list[Element]:
        """The elements :meth:`keep` wrote into ``data``, each checked to be a group element
        again (but not its subgroup membership, which it cannot have lost: see
        :meth:`decode_validated`); :class:`GroupElementError` naming ``role`` otherwise."""
        size = self.kept_bytes
        if len(data) % size:
            raise GroupElementError.of(role, f"{len(data)} bytes: not whole elements of {size}")
        decode = self.decode_validated
        return [
            decode(data[at : at + size], role, allow_identity=allow_identity)
            for at in range(0, len(data), size)
        ]

    def kept_encoding(self, data: bytes) -> bytes:
        """The encoding of the one element that ``data`` holds in :meth:`keep`'s form, without
        reading the element (what a checker remembers an α by)."""
        return data

    def to_hex(self, a: Element) -> str:
        return self.encode(a).hex()

    def from_hex(self, text: object, role: str, *, allow_identity: bool = False) -> Element:
        return self.decode(strict_hex(text, role), role, allow_identity=allow_identity)

    def encode_scalar(self, k: int) -> bytes:
        """Exactly ``scalar_bytes`` big-endian bytes of ``k mod q``."""
        return (k % self.q).to_bytes(self.scalar_bytes, "big")

    def decode_scalar(self, data: bytes, role: str) -> int:
        """Parse a scalar: exactly ``scalar_bytes`` bytes, value below q."""
        if len(data) != self.scalar_bytes:
            raise EncodingError.of(
                role, f"scalar must be {self.scalar_bytes} bytes, got {len(data)}"
            )
        k = int.from_bytes(data, "big")
        if k >= self.q:
            raise EncodingError.of(role, "scalar is not below the group order")
        return k

    def scalar_to_hex(self, k: int) -> str:
        return self.encode_scalar(k).hex()

    def scalar_from_hex(self, text: object, role: str) -> int:
        return self.decode_scalar(strict_hex(text, role, self.scalar_bytes), role)

    def random_scalar(self, rng: rand.Random | None = None) -> int:
        """A uniform scalar in ``[0, q)`` (the OS CSPRNG unless ``rng`` is given)."""
        return rand.get(rng).randbelow(self.q)

    def random_nonzero_scalar(self, rng: rand.Random | None = None) -> int:
        """A uniform scalar in ``[1, q)``."""
        return 1 + rand.get(rng).randbelow(self.q - 1)

    def check_element(self, a: Element, role: str, *, allow_identity: bool = False) -> Element:
        """Refuse the identity where the role does not allow it; return ``a``."""
        if not allow_identity and self.is_identity(a):
            raise GroupElementError.of(role, "the identity element is not allowed here")
        return a

    def __repr__(self) -> str:
        return f"<Group {self.name}>"


def membership_folded(group: Group | None, run: Callable[[], _T]) -> _T:
    """``run()`` (a pure check or parse of some entries) inside a
    :meth:`Group.deferred_membership` block, so that the elements it decodes are checked by one
    fold, and its outcome when that fold holds. When the fold fails or ``run`` raises, ``run()``
    again outside such a block: its outcome (or error) is then exactly that of decoding element
    by element, which the first run's would not be if some element was not a member (on
    modp4096 a non-member passes decoding in the block and only the fold catches it). ``run``
    must keep nothing of the elements it decodes beyond what it returns."""
    if group is None or type(group).deferred_membership is Group.deferred_membership:
        return run()  # a group that defers nothing: one run says it all
    try:
        with group.deferred_membership() as members:
            outcome = run()
    except Exception:  # raised by the entries or by a non-member: see it as decoding would
        return run()
    return outcome if members.holds() else run()
