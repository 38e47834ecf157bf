"""Prime-order subgroups of ℤ_p^* with gmpy2: :class:`ModpGroup` and the standard :data:`MODP4096`.

:data:`MODP4096` is ElectionGuard 1.0's standard group (a 4096-bit p, a 256-bit q, the cofactor
r = (p−1)/q and a generator g of the order-q subgroup), kept for interoperability with ElectionGuard
1.x records. Any other group is built from (p, q, g) and a name; its parameters are checked when it
is built (:class:`~plebiscite.errors.ParameterError` otherwise): p and q prime (gmpy2's Baillie–PSW
test plus Miller–Rabin rounds with random bases), q | p−1, and g of order exactly q.

Elements and encodings
    An element is an immutable :class:`ModpElement` holding an ``mpz`` value x with 1 ≤ x < p and
    x^q ≡ 1 (mod p); the identity is 1. It is encoded as exactly ``element_bytes`` (512 for
    modp4096) big-endian bytes. :meth:`ModpGroup.decode` checks the length, the range, the identity
    (refused unless ``allow_identity=True``) and membership in the order-q subgroup, and its
    :class:`~plebiscite.errors.GroupElementError` names the role and the reason.

Batched membership (:meth:`ModpGroup.decode_many`)
    Checking x^q ≡ 1 costs one 256-bit exponentiation per element (≈1.1 ms on modp4096). When the
    group has the structure p−1 = 2·q·r′ with r′ = (p−1)/(2q) prime (r′ ≠ q, r′ > 2^64) and
    p ≡ 3 (mod 4), decided once when the group is built and recorded in
    :attr:`ModpGroup.batched_membership`, many elements are checked at once instead:

    1. each xᵢ must have Jacobi symbol (xᵢ | p) = +1, i.e. lie in the index-2 subgroup of
       quadratic residues, of order q·r′;
    2. with fresh 64-bit weights wᵢ from :mod:`secrets` (never from a seed or from the input),
       (∏ xᵢ^wᵢ)^q ≡ 1 (mod p) must hold.

    Why the structure makes this sound: ℤ_p^* is cyclic of order 2·q·r′ with q and r′ distinct
    primes, so its only subgroup of small order is {±1}, and every quadratic residue factors
    uniquely as x = y·z with y in the order-q subgroup and z in the order-r′ subgroup. Step 1
    removes the order-2 component (the Jacobi symbol of −1 is −1 because p ≡ 3 (mod 4)). In step 2,
    (∏ xᵢ^wᵢ)^q = (∏ zᵢ^wᵢ)^q, which is 1 exactly when ∏ zᵢ^wᵢ = 1 (q is invertible mod r′).
    Writing zᵢ = h^eᵢ for a generator h of the order-r′ subgroup, that is Σ eᵢ·wᵢ ≡ 0 (mod r′).
    If some xⱼ is not a member then eⱼ ≢ 0, and for any fixed other weights at most one residue
    of wⱼ mod r′ satisfies the equation; as wⱼ is uniform on [0, 2^64) and r′ > 2^64, a bad batch
    passes with probability at most 2^−64. Without the structure, a small prime ℓ dividing
    (p−1)/(2q) would give elements of order ℓ that pass whenever ℓ | wⱼ (probability 1/ℓ); such
    groups are checked element by element. When a batch fails, every element is checked on its
    own so that the error names the first bad one (``role[index]``).

    Across many calls: inside :meth:`ModpGroup.deferred_membership`, ``decode_many`` (and
    ``decode``, one element at a time) checks the Jacobi symbols at once and adds the values to
    the block's batch instead of raising them to q; :meth:`MembershipBatch.holds` then runs
    step 2 once over every element of the block (the argument above holds for any number of
    elements). The verifier decodes a chunk of ballots in such a block, so one q-power serves
    hundreds of ballots instead of one per question, and so are the key ceremony's entries and
    each partial decryption (:func:`~plebiscite.crypto.group.membership_folded`); when the fold
    fails it checks them again without deferring, so the error names the element that a check
    at decoding would have named.

    Commitments' membership from the proof batch: :meth:`ModpGroup.decode_with_commitments`
    decodes a proof's values; inside the block, its commitments get their Jacobi symbols checked
    and are kept apart (:meth:`MembershipBatch.holds` takes the batch of the proofs' equations).
    Each commitment a is a term of exactly one equation, with exponent −1, so the batch raises it
    to −w with that equation's own fresh weight w: once the other bases are members, the batch's
    product has the order-r′ part ∏ z_a^(−w_a), 1 only when Σ eₐ·wₐ ≡ 0 (mod r′), which a
    non-member passes with probability at most 2^−64 by the argument above. So a commitment is
    vouched for when the batch's first evaluation, over all its equations, held and had that very
    object among its bases (:meth:`~plebiscite.crypto.batch.BatchVerifier.uncovered`); any other
    commitment is folded with the rest of the block (docs/spec.md §3.2).

    MODP4096 has the structure: p ≡ 3 (mod 4), (p−1)/(2q) is a 3840-bit prime (Baillie–PSW plus
    16 Miller–Rabin rounds), so its ``batched_membership`` is True. A group built on a safe prime
    p = 2q+1 has (p−1)/(2q) = 1 and is checked element by element.

Fixed-base tables
    :meth:`ModpGroup.exp_g` uses a table of g^(d·2^(w·i)) for every w-bit window i of the 256-bit
    exponent range and every digit d, built once :data:`G_TABLE_AFTER` exponentiations of g have
    been made with ``powmod`` (a verifier makes a dozen); an exponentiation is then one
    multiplication per non-zero window and no squaring. :meth:`ModpGroup.fixed_base` builds such a
    table for any other base (the joint key K, a trustee's key). Measured on modp4096 (256-bit q,
    gmpy2 2.3 / GMP 6.3, one core of a shared machine; provisional), against a plain ``powmod``
    at ≈1,070 µs (``powmod_sec`` ≈1,830 µs):

    ======  =======  ==========  ==========  ==========
    window  entries  table size  build time  µs per exp
    ======  =======  ==========  ==========  ==========
    4           960    0.5 MiB       4 ms       225
    6         2,709    1.4 MiB      11 ms       165
    8         8,160    4.4 MiB      32 ms       130
    10       26,598   14.2 MiB     106 ms       110
    ======  =======  ==========  ==========  ==========

    g uses window 8 (:data:`G_TABLE_WINDOW`); :meth:`ModpGroup.fixed_base` defaults to window 6
    (:data:`DEFAULT_TABLE_WINDOW`). Tables serve public exponents only: their memory access
    depends on the exponent. Secret exponents go through ``gmpy2.powmod_sec``
    (:meth:`ModpGroup.exp_secret`, :meth:`ModpGroup.exp_g_secret`).

Multi-exponentiation
    :meth:`ModpGroup.multi_exp` computes ∏ bᵢ^eᵢ exactly (exponents reduced mod q; equal bases
    merged; identity bases and zero exponents dropped; an exponent whose negation mod q is much
    shorter is applied to the inverse of a second product). One or two bases use ``powmod``;
    more use whichever of two methods a cost model (counted modular multiplications) prefers:
    interleaved sliding windows (Straus; one shared chain of squarings) for few bases, or buckets
    (Pippenger) for many. Measured on modp4096 against the naive product of ``powmod`` s
    (provisional, shared machine):

    =====  ========  ==============  =================
    bases  exponent  multi_exp (ms)  naive powmod (ms)
    =====  ========  ==============  =================
    10     64-bit          1.1              2.9
    100    64-bit          6.8             29
    1,000  64-bit         40              297
    10     256-bit         3.3             11
    100    256-bit        25              106
    1,000  256-bit       162            1,305
    =====  ========  ==============  =================

    Batched membership of 200 modp4096 elements takes about a twelfth of the time of 200
    separate checks (≈18 ms against ≈220 ms).
"""

from __future__ import annotations

import secrets
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

import gmpy2
from gmpy2 import mpz

from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import CommitmentBatch, Element, Group, MembershipBatch
from plebiscite.crypto.hashing import hash_to_field
from plebiscite.crypto.modp_multiexp import multi_exp_raw
from plebiscite.errors import GroupElementError, ParameterError

__all__ = [
    "DEFAULT_TABLE_WINDOW",
    "G_TABLE_AFTER",
    "G_TABLE_WINDOW",
    "MODP4096",
    "MODP4096_G",
    "MODP4096_P",
    "MODP4096_Q",
    "MODP4096_R",
    "PRIMALITY_REPS",
    "FixedBase",
    "ModpElement",
    "ModpGroup",
]

#: ``reps`` for ``gmpy2.is_prime``: GMP runs Baillie–PSW, then ``reps − 24`` Miller–Rabin rounds
#: with random bases (GMP ≥ 6.2), so 40 means Baillie–PSW plus 16 rounds.
PRIMALITY_REPS: Final = 40
#: the window (bits) of the table for the generator g
G_TABLE_WINDOW: Final = 8
#: how many ``exp_g`` calls use ``powmod`` before g's table is built (the table of window 8 costs
#: about 8,000 multiplications, some 30 plain exponentiations: a verifier needs a dozen)
G_TABLE_AFTER: Final = 32
#: the default window (bits) of :meth:`ModpGroup.fixed_base` tables
DEFAULT_TABLE_WINDOW: Final = 6
#: batch weights are uniform in [0, 2^WEIGHT_BITS)
WEIGHT_BITS: Final = 64

_ONE: Final = mpz(1)
_NOT_MEMBER: Final = "value is not in the order-q subgroup"


class _DeferredMembers(MembershipBatch):
    """Quadratic residues of one group whose q-power check :meth:`ModpGroup.decode_many` left
    to one fold over all of them (module docstring, "Batched membership"), and the proof
    commitments :meth:`ModpGroup.decode_with_commitments` left to their proofs' batch."""

    def __init__(self, group: ModpGroup) -> None:
        self.group = group
        self.values: list[mpz] = []
        self.commitments: list[Element] = []

    def holds(self, batch: CommitmentBatch | None = None) -> bool:
        values, self.values = self.values, []
        commitments, self.commitments = self.commitments, []
        if commitments:
            left = commitments if batch is None else batch.uncovered(commitments)
            values += map(self.group._v, left)
        return self.group._batch_holds(values)


#: the batch that :meth:`ModpGroup.decode_many` adds to inside ``deferred_membership``
_DEFERRED: ContextVar[_DeferredMembers | None] = ContextVar("modp_deferred", default=None)


class ModpElement(Element):
    """An element of a :class:`ModpGroup`: an immutable ``mpz`` value in the order-q subgroup.

    Elements are made by their group (decoding validates, arithmetic stays in the subgroup); an
    element does not carry its group, which is always passed explicitly.
    """

    __slots__ = ("_v",)
    _v: mpz

    def __init__(self, value: mpz) -> None:
        object.__setattr__(self, "_v", value)

    @property
    def value(self) -> int:
        """The element as a Python ``int`` in [1, p)."""
        return int(self._v)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("group elements are immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("group elements are immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModpElement):
            return NotImplemented
        return bool(self._v == other._v)

    def __hash__(self) -> int:
        return hash(self._v)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ModpElement, (self._v,))

    def __repr__(self) -> str:
        text = format(self._v, "x")
        short = text if len(text) <= 16 else f"{text[:8]}…{text[-8:]}"
        return f"ModpElement(0x{short})"


class FixedBase:
    """Precomputed powers of one base, for fast ``base^k`` with public exponents.

    The table holds base^(d·2^(w·i)) for every w-bit window i of the exponent range (the bit
    length of q) and every digit 1 ≤ d < 2^w; ``exp(k)`` multiplies one entry per non-zero window.
    Build one with :meth:`ModpGroup.fixed_base`. Memory access depends on the exponent: never use a
    table with a secret exponent.
    """

    __slots__ = ("_base", "_p", "_q", "_rows", "_window")

    def __init__(self, p: mpz, q: mpz, base: ModpElement, window: int) -> None:
        if not 1 <= window <= 12:
            raise ParameterError(f"fixed-base window must be 1..12 bits, got {window}")
        self._p = p
        self._q = q
        self._base = base
        self._window = window
        size = 1 << window
        rows: list[list[mpz]] = []
        unit = base._v  # base^(2^(w·i)) for the current row i
        for _ in range(-(-int(q).bit_length() // window)):
            row = [_ONE, unit]
            for _ in range(2, size):
                row.append(row[-1] * unit % p)
            rows.append(row)
            unit = row[-1] * unit % p
        self._rows = rows

    @property
    def base(self) -> ModpElement:
        """The base of the table."""
        return self._base

    @property
    def window(self) -> int:
        """The window width in bits."""
        return self._window

    @property
    def entries(self) -> int:
        """The number of stored powers (excluding the digit-0 entries, which are 1)."""
        return sum(len(row) - 1 for row in self._rows)

    def size_bytes(self) -> int:
        """The memory held by the table's values and lists, in bytes."""
        total = sys.getsizeof(self._rows)
        for row in self._rows:
            total += sys.getsizeof(row) + sum(sys.getsizeof(v) for v in row[1:])
        return total

    def exp(self, k: int) -> ModpElement:
        """``base^k`` for any integer ``k`` (reduced mod q). Public exponents only."""
        e = int(k % self._q)
        mask = (1 << self._window) - 1
        p = self._p
        acc: mpz | None = None
        for row in self._rows:
            if not e:
                break
            d = e & mask
            e >>= self._window
            if d:
                acc = row[d] if acc is None else acc * row[d] % p
        return ModpElement(_ONE if acc is None else acc)

    def __repr__(self) -> str:
        return f"<FixedBase window={self._window} entries={self.entries}>"


class ModpGroup(Group):
    """The order-q subgroup of ℤ_p^* generated by g, with gmpy2 arithmetic.

    Built from ``p``, ``q``, ``g`` and a ``name``; ``r`` (the cofactor (p−1)/q) is checked when
    given. Raises :class:`~plebiscite.errors.ParameterError` unless p and q are prime, q divides
    p−1 and g has order q. Whether the group allows batched membership checks is decided here and
    kept in :attr:`batched_membership` (see the module docstring).
    """

    #: whether (p−1)/(2q) is a prime r′ ≠ q above 2^64 and p ≡ 3 (mod 4)
    batched_membership: bool

    def __init__(
        self,
        p: int,
        q: int,
        g: int,
        *,
        name: str,
        r: int | None = None,
        primality_reps: int = PRIMALITY_REPS,
    ) -> None:
        if not name:
            raise ParameterError("a modp group needs a non-empty name")
        for label, value in (("p", p), ("q", q), ("g", g)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ParameterError(f"group {name}: {label} must be an integer")
        if primality_reps < 0 or (
            primality_reps == 0 and (p, q, g) != (MODP4096_P, MODP4096_Q, MODP4096_G)
        ):
            raise ParameterError(
                f"group {name}: primality_reps must be positive (0 is only for the standard "
                "modp4096 constants)"
            )
        tested = primality_reps > 0  # 0: the standard constants, tested by the test suite
        if q < 3 or (tested and not gmpy2.is_prime(q, primality_reps)):
            raise ParameterError(f"group {name}: q is not an odd prime")
        if p <= q or (tested and not gmpy2.is_prime(p, primality_reps)):
            raise ParameterError(f"group {name}: p is not a prime larger than q")
        if (p - 1) % q:
            raise ParameterError(f"group {name}: q does not divide p − 1")
        cofactor = (p - 1) // q
        if r is not None and r != cofactor:
            raise ParameterError(f"group {name}: r is not the cofactor (p − 1)/q")
        if not 1 < g < p:
            raise ParameterError(f"group {name}: g is not in the range 1 < g < p")
        if gmpy2.powmod(g, q, p) != 1:
            raise ParameterError(f"group {name}: g does not have order q (g^q ≢ 1 mod p)")

        self.name = name
        self.q = q
        self.p = p
        self.g = g
        self.r = cofactor
        self.element_bytes = (p.bit_length() + 7) // 8
        self.scalar_bytes = (q.bit_length() + 7) // 8
        self._p = mpz(p)
        self._q = mpz(q)
        self._g = ModpElement(mpz(g))
        self._primality_reps = primality_reps
        half, odd = divmod(cofactor, 2)
        self.batched_membership = bool(
            p % 4 == 3
            and odd == 0
            and half != q
            and half > 1 << WEIGHT_BITS
            and (not tested or gmpy2.is_prime(half, primality_reps))
        )
        self._g_table: FixedBase | None = None
        self._g_plain = 0  # exp_g calls served by powmod before the table is built
        self._g_lock = threading.Lock()

    def __reduce__(self) -> str | tuple[Any, ...]:
        if self is MODP4096:
            return "MODP4096"
        return (
            _rebuild,
            (self.p, self.q, self.g, self.name, self.r, self._primality_reps),
        )

    # -- structure -------------------------------------------------------------------------------

    def generator(self) -> Element:
        return self._g

    def identity(self) -> Element:
        return ModpElement(_ONE)

    def is_identity(self, a: Element) -> bool:
        return bool(self._v(a) == 1)

    def description(self) -> CanonicalValue:
        """``{"name", "p", "q", "g", "r"}`` with integer values."""
        return {"name": self.name, "p": self.p, "q": self.q, "g": self.g, "r": self.r}

    # -- arithmetic ------------------------------------------------------------------------------

    def mul(self, a: Element, b: Element) -> Element:
        return ModpElement(self._v(a) * self._v(b) % self._p)

    def inv(self, a: Element) -> Element:
        return ModpElement(gmpy2.invert(self._v(a), self._p))

    def exp(self, a: Element, k: int) -> Element:
        return ModpElement(gmpy2.powmod(self._v(a), k % self._q, self._p))

    def exp_g(self, k: int) -> Element:
        """``g^k``: by ``powmod`` for the first :data:`G_TABLE_AFTER` calls, then through the
        generator's fixed-base table (built then: it pays for itself after about as many)."""
        table = self._g_table
        if table is None and self._g_plain < G_TABLE_AFTER:
            self._g_plain += 1
            return ModpElement(gmpy2.powmod(self._g._v, k % self._q, self._p))
        return (table or self._generator_table()).exp(k)

    def exp_secret(self, a: Element, k: int) -> Element:
        """``a^k`` with ``gmpy2.powmod_sec`` (exponent k mod q + q, always positive)."""
        return ModpElement(gmpy2.powmod_sec(self._v(a), k % self._q + self._q, self._p))

    def exp_g_secret(self, k: int) -> Element:
        """``g^k`` with ``gmpy2.powmod_sec``; never through a table."""
        return self.exp_secret(self._g, k)

    def fixed_base(self, base: Element, *, window: int = DEFAULT_TABLE_WINDOW) -> FixedBase:
        """A table for fast ``base^k`` with public exponents (see the module docstring)."""
        if not isinstance(base, ModpElement):
            raise TypeError(f"{self.name}: not a modp group element: {type(base).__name__}")
        if base == self._g and window == G_TABLE_WINDOW:
            return self._generator_table()
        return FixedBase(self._p, self._q, base, window)

    def _generator_table(self) -> FixedBase:
        table = self._g_table
        if table is None:
            with self._g_lock:
                table = self._g_table
                if table is None:
                    table = FixedBase(self._p, self._q, self._g, G_TABLE_WINDOW)
                    self._g_table = table
        return table

    def prod(self, elements: Sequence[Element]) -> Element:
        acc = _ONE
        p = self._p
        for e in elements:
            acc = acc * self._v(e) % p
        return ModpElement(acc)

    def multi_exp(self, bases: Sequence[Element], exps: Sequence[int]) -> Element:
        """``∏ bases[i]^exps[i]`` (public exponents, reduced mod q; any sign)."""
        if len(bases) != len(exps):
            raise ParameterError(f"multi_exp: {len(bases)} bases but {len(exps)} exponents")
        q = int(self._q)
        merged: dict[mpz, int] = {}
        for b, k in zip(bases, exps, strict=True):
            v = self._v(b)
            if v != 1:
                merged[v] = (merged.get(v, 0) + k) % q
        terms = [(v, e) for v, e in merged.items() if e]
        p = self._p
        # an exponent near q is applied as the inverse of a power with its short negation, for
        # any number of terms: a proof batch's commitments are thus raised to exactly minus
        # their equations' weights (docs/spec.md §3.2, "Commitments' membership from the proof
        # batch"); multi_exp_raw takes one or two terms by powmod
        pos_v: list[mpz] = []
        pos_e: list[int] = []
        neg_v: list[mpz] = []
        neg_e: list[int] = []
        for v, e in terms:
            if (q - e).bit_length() + 16 < e.bit_length():
                neg_v.append(v)
                neg_e.append(q - e)
            else:
                pos_v.append(v)
                pos_e.append(e)
        acc = multi_exp_raw(pos_v, pos_e, p)
        if neg_v:
            acc = acc * gmpy2.invert(multi_exp_raw(neg_v, neg_e, p), p) % p
        return ModpElement(acc)

    def hash_to_element(self, msg: bytes, dst: bytes) -> Element:
        """``hash_to_field(msg, DST, p)^r mod p`` with the cofactor r: into the order-q subgroup."""
        x = hash_to_field(msg, dst, self.p)[0]
        h = gmpy2.powmod(x, self.r, self._p)
        if h <= 1:
            raise ParameterError(f"{self.name}: hashing to the group gave 0 or the identity")
        return ModpElement(h)

    # -- encodings -------------------------------------------------------------------------------

    def encode(self, a: Element) -> bytes:
        return bytes(self._v(a).to_bytes(self.element_bytes, "big"))

    def decode(self, data: bytes, role: str, *, allow_identity: bool = False) -> Element:
        """Parse exactly ``element_bytes`` big-endian bytes and check membership (inside
        :meth:`deferred_membership`: the Jacobi symbol now, the q-power in the block's fold)."""
        x = self._parse(data, role, allow_identity)
        deferred = _DEFERRED.get()
        if deferred is not None and deferred.group is self:
            if gmpy2.jacobi(x, self._p) != 1:
                raise GroupElementError.of(role, f"{_NOT_MEMBER}")
            deferred.values.append(x)
            return ModpElement(x)
        if gmpy2.powmod(x, self._q, self._p) != 1:
            raise GroupElementError.of(role, f"{_NOT_MEMBER}")
        return ModpElement(x)

    @contextmanager
    def deferred_membership(self) -> Iterator[MembershipBatch]:
        """With :attr:`batched_membership`, :meth:`decode` and :meth:`decode_many` check the
        Jacobi symbols at once and leave the q-power to one fold over every element decoded in
        the block (:meth:`MembershipBatch.holds`); otherwise nothing is deferred."""
        if not self.batched_membership:
            yield MembershipBatch()
            return
        deferred = _DeferredMembers(self)
        token = _DEFERRED.set(deferred)
        try:
            yield deferred
        finally:
            _DEFERRED.reset(token)

    def decode_validated(self, data: bytes, role: str, *, allow_identity: bool = False) -> Element:
        """Length, range and identity checks only: membership was checked when ``data`` was
        first decoded (see :meth:`Group.decode_validated`)."""
        return ModpElement(self._parse(data, role, allow_identity))

    def decode_many(
        self, datas: Sequence[bytes], role: str, *, allow_identity: bool = False
    ) -> list[Element]:
        """Decode many elements, naming a bad one as ``role[index]``.

        With :attr:`batched_membership`, membership is checked by Jacobi symbols and one batched
        q-power (module docstring); a failed batch is re-checked element by element.
        """
        return self._decode_many(datas, role, allow_identity, len(datas))

    def decode_with_commitments(
        self, datas: Sequence[bytes], role: str, *, commitments_from: int
    ) -> list[Element]:
        """:meth:`decode_many` of a proof's values, ``datas[commitments_from:]`` its commitments:
        inside :meth:`deferred_membership` (with :attr:`batched_membership`) their Jacobi symbols
        are checked at once and their q-part is left to the batch of the proofs' equations, or
        to the block's fold where that batch does not vouch for them (module docstring,
        "Commitments' membership from the proof batch")."""
        return self._decode_many(datas, role, False, commitments_from)

    def _decode_many(
        self, datas: Sequence[bytes], role: str, allow_identity: bool, commitments_from: int
    ) -> list[Element]:
        """:meth:`decode_many`, the values from ``commitments_from`` on left to the block's
        commitments (inside :meth:`deferred_membership`; elsewhere checked like the rest)."""
        if not self.batched_membership or len(datas) < 2:
            return [
                self.decode(d, f"{role}[{i}]", allow_identity=allow_identity)
                for i, d in enumerate(datas)
            ]
        p = self._p
        values: list[mpz] = []
        for i, d in enumerate(datas):
            try:
                x = self._parse(d, f"{role}[{i}]", allow_identity)
                if gmpy2.jacobi(x, p) != 1:
                    raise GroupElementError.of(f"{role}[{i}]", f"{_NOT_MEMBER}")
            except GroupElementError:
                self._check_batch(values, role)  # an earlier bad element is named first
                raise
            values.append(x)
        deferred = _DEFERRED.get()
        if deferred is None or deferred.group is not self:
            self._check_batch(values, role)
            return [ModpElement(x) for x in values]
        elements: list[Element] = [ModpElement(x) for x in values]
        deferred.values += values[:commitments_from]
        # the very objects the proofs' equations will hold: the batch knows them by identity
        deferred.commitments += elements[commitments_from:]
        return elements

    def _check_batch(self, values: Sequence[mpz], role: str) -> None:
        """One batched q-power over quadratic residues; on failure name the first bad element."""
        if self._batch_holds(values):
            return
        p, q = self._p, self._q
        for i, x in enumerate(values):
            if gmpy2.powmod(x, q, p) != 1:
                raise GroupElementError.of(f"{role}[{i}]", f"{_NOT_MEMBER}")
        raise GroupElementError.of(role, "the batched order-q subgroup check failed")

    def _batch_holds(self, values: Sequence[mpz]) -> bool:
        """``(∏ xᵢ^wᵢ)^q ≡ 1`` with fresh 64-bit weights, for quadratic residues ``values``."""
        if not values:
            return True
        p, q = self._p, self._q
        weights = [secrets.randbits(WEIGHT_BITS) for _ in values]
        return bool(gmpy2.powmod(multi_exp_raw(values, weights, p), q, p) == 1)

    def _parse(self, data: bytes, role: str, allow_identity: bool) -> mpz:
        """Length, range and identity checks (everything but subgroup membership)."""
        if not isinstance(data, bytes | bytearray | memoryview):
            raise GroupElementError.of(role, f"expected bytes, got {type(data).__name__}")
        if len(data) != self.element_bytes:
            raise GroupElementError.of(
                role, f"expected {self.element_bytes} bytes, got {len(data)}"
            )
        x = mpz.from_bytes(bytes(data), "big")
        if x == 0:
            raise GroupElementError.of(role, "value 0 is out of range (need 1 ≤ x < p)")
        if x >= self._p:
            raise GroupElementError.of(role, "value is out of range (need 1 ≤ x < p, got x ≥ p)")
        if x == 1 and not allow_identity:
            raise GroupElementError.of(role, "the identity element is not allowed here")
        return x

    def _v(self, a: Element) -> mpz:
        if not isinstance(a, ModpElement):
            raise TypeError(f"{self.name}: not a modp group element: {type(a).__name__}")
        return a._v


def _rebuild(p: int, q: int, g: int, name: str, r: int, reps: int) -> ModpGroup:
    """Unpickle a :class:`ModpGroup` (its parameters are checked again)."""
    return ModpGroup(p, q, g, name=name, r=r, primality_reps=reps)


# -- ElectionGuard 1.0's standard group --------------------------------------------------------

# The standard parameters of the ElectionGuard Specification v1.0 (Microsoft, 2020), copied from
# that specification: a 4096-bit prime p (its top 256 and bottom 64 bits are all ones),
# q = 2^256 − 189, the cofactor r = (p − 1)/q and the generator g = 2^r mod p of the order-q
# subgroup. tests/test_modp.py compares them with the ElectionGuard Python SDK's constants.json
# when ../shared is present.
MODP4096_P: Final = int(
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
    "93C467E37DB0C7A4D1BE3F810152CB56A1CECC3AF65CC0190C03DF34709AFFBD"
    "8E4B59FA03A9F0EED0649CCB621057D11056AE9132135A08E43B4673D74BAFEA"
    "58DEB878CC86D733DBE7BF38154B36CF8A96D1567899AAAE0C09D4C8B6B7B86F"
    "D2A1EA1DE62FF8643EC7C271827977225E6AC2F0BD61C746961542A3CE3BEA5D"
    "B54FE70E63E6D09F8FC28658E80567A47CFDE60EE741E5D85A7BD46931CED822"
    "0365594964B839896FCAABCCC9B31959C083F22AD3EE591C32FAB2C7448F2A05"
    "7DB2DB49EE52E0182741E53865F004CC8E704B7C5C40BF304C4D8C4F13EDF604"
    "7C555302D2238D8CE11DF2424F1B66C2C5D238D0744DB679AF2890487031F9C0"
    "AEA1C4BB6FE9554EE528FDF1B05E5B256223B2F09215F3719F9C7CCC69DDF172"
    "D0D6234217FCC0037F18B93EF5389130B7A661E5C26E54214068BBCAFEA32A67"
    "818BD3075AD1F5C7E9CC3D1737FB28171BAF84DBB6612B7881C1A48E439CD03A"
    "92BF52225A2B38E6542E9F722BCE15A381B5753EA842763381CCAE83512B3051"
    "1B32E5E8D80362149AD030AABA5F3A5798BB22AA7EC1B6D0F17903F4E22D8407"
    "34AA85973F79A93FFB82A75C47C03D43D2F9CA02D03199BACEDDD4533A52566A"
    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
    16,
)
MODP4096_Q: Final = int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF43", 16)
MODP4096_R: Final = int(
    "100000000000000000000000000000000000000000000000000000000000000B"
    "C93C467E37DB0C7A4D1BE3F810152CB56A1CECC3AF65CC0190C03DF34709B8AF"
    "6A64C0CEDCF2D559DA9D97F095C3076C686037619148D2C86C317102AFA21480"
    "31F04440AC0FF0C9A417A89212512E7607B2501DAA4D38A2C1410C4836149E2B"
    "DB8C8260E627C4646963EFFE9E16E495D48BD215C6D8EC9D1667657A2A1C8506"
    "F2113FFAD19A6B2BC7C45760456719183309F874BC9ACE570FFDA877AA2B23A2"
    "D6F291C1554CA2EB12F12CD009B8B8734A64AD51EB893BD891750B85162241D9"
    "08F0C9709879758E7E8233EAB3BF2D6AB53AFA32AA153AD6682E5A0648897C9B"
    "E18A0D50BECE030C3432336AD9163E33F8E7DAF498F14BB2852AFFA814841EB1"
    "8DD5F0E89516D557776285C16071D211194EE1C3F34642036AB886E3EC28882C"
    "E4003DEA335B4D935BAE4B58235B9FB2BAB713C8F705A1C7DE42220209D6BBCA"
    "CC467318601565272E4A63E38E2499754AE493AC1A8E83469EEF35CA27C271BC"
    "792EEE21156E617B922EA8F713C22CF282DC5D6385BB12868EB781278FA0AB2A"
    "8958FCCB5FFE2E5C361FC174420122B0163CA4A46308C8C46C91EA7457C136A7"
    "D9FD4A7F529FD4A7F529FD4A7F529FD4A7F529FD4A7F529FD4A7F529FD4A7F52"
    "A",
    16,
)
MODP4096_G: Final = int(
    "1D41E49C477E15EAEEF0C5E4AC08D4A46C268CD3424FC01D13769BDB43673218"
    "587BC86C4C1448D006A03699F3ABAE5FEB19E296F5D143CC5E4A3FC89088C9F4"
    "523D166EE3AE9D5FB03C0BDD77ADD5C017F6C55E2EC92C226FEF5C6C1DF2E7C3"
    "6D90E7EAADE098241D3409983BCCD2B5379E9391FBC62F9F8D939D1208B16036"
    "7C134264122189595EC85C8CDBE5F9D307F46912C04932F8C16815A76B4682BD"
    "6BDC0ED52B00D8D30F59C731D5A7FFAE8165D53CF96649AAC2B743DA56F14F19"
    "DACC5236F29B1AB9F9BEFC69697293D5DEAD8B5BF5DE9BAB6DE67C45719E5634"
    "4A3CBDF3609824B1B578E34EAEB6DD3190AB3571D6D671C512282C1DA7BD36B4"
    "251D2584FADEA80B9E141423074DD9B5FB83ACBDEAD4C87A58FFF517F977A830"
    "80370A3B0CF98A1BC2978C47AAC29611FD6C40E2F9875C35D50443A9AA3F4961"
    "1DCD3A0D6FF3CB3FACF31471BDB61860B92C594D4E46569BB39FEEADFF1FD64C"
    "836A6D6DB85C6BA7241766B7AB56BF739633B054147F7170921412E948D9E474"
    "02D15BB1C257318612C121C36B80EB8433C08E7D0B7149E3AB0A8735A92EDCE8"
    "FF943E28A2DCEACFCC69EC318909CB047BE1C5858844B5AD44F22EEB289E4CC5"
    "54F7A5E2F3DEA026877FF92851816071CE028EB868D965CCB2D2295A8C55BD1C"
    "070B39B09AE06B37D29343B9D8997DC244C468B980970731736EE018BBADB987",
    16,
)

#: ElectionGuard 1.0's standard group (DESIGN §3: ``modp4096``)
#: Built without primality tests (``primality_reps = 0``, allowed for these constants only): they
#: are fixed in this file and the test suite checks p, q and (p−1)/(2q) with
#: :data:`PRIMALITY_REPS` (Baillie–PSW plus 16 Miller–Rabin rounds); the tests took about a
#: tenth of a second of every process that imports the group. The cheap checks (q | p−1, the
#: cofactor, g^q ≡ 1) still run.
MODP4096: Final = ModpGroup(
    MODP4096_P, MODP4096_Q, MODP4096_G, name="modp4096", r=MODP4096_R, primality_reps=0
)
