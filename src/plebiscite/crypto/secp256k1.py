"""The secp256k1 election group (the default), on libsecp256k1 through coincurve's cffi bindings.

Written multiplicatively like every :class:`~plebiscite.crypto.group.Group`: ``mul`` is point
addition, ``inv`` is negation, ``exp`` is scalar multiplication and ``exp_g(k)`` is ``k·G``.

An element holds libsecp256k1's parsed ``secp256k1_pubkey`` struct, so arithmetic never re-parses
a point; its 33-byte compressed encoding is computed once, when first asked for, and is what
equality and hashing use. libsecp256k1 has no representation of the point at infinity, so the
identity is a separate element (:data:`IDENTITY_ENCODING` on the wire) that every operation
handles itself: the library's "the result is infinity" answers (``combine`` returning 0) become
the identity, and any other failure becomes an exception, never a value.

Exponentiation paths:

* ``exp`` (public exponent): ``secp256k1_ec_pubkey_tweak_mul``, libsecp256k1's variable-time
  ``ecmult`` in the coincurve 21 build (its cost grows with the exponent's length).
* ``exp_secret``: ``secp256k1_ecdh`` with a hash function that returns the raw shared point, which
  runs libsecp256k1's constant-time ``ecmult_const``.
* ``exp_g`` and ``exp_g_secret``: ``secp256k1_ec_pubkey_create``, the constant-time fixed-base
  ``ecmult_gen`` (blinded by the context's randomization).
* ``multi_exp``: a bucket (Pippenger) multi-exponentiation with signed digits; the points of each
  bucket are summed in one ``secp256k1_ec_pubkey_combine`` call over pointer arrays that numpy
  lays out, and the bucket sums are folded by a Horner pass over the bit positions, again one
  ``combine`` per position. Small inputs use one ``tweak_mul`` per term where that is cheaper;
  the choice follows a cost model calibrated on libsecp256k1's per-call and per-addition costs.
  Where ``make setup`` has built the optional C module ``_secp256k1_msm`` (``secp256k1_msm.c``,
  compiled with libsecp256k1's own source), every multi-exponentiation of two or more terms is
  the library's internal ``secp256k1_ecmult_multi_var`` instead (Strauss or Pippenger with the
  endomorphism, sums in Jacobian coordinates): the module reads this build's parsed points as
  they are, after :func:`_load_compiled` has checked that it reads them as this build does.
  The pure path is the reference it is tested equal to, and runs wherever the module is absent.

All calls go through this module's own libsecp256k1 context, whose "illegal argument" callback
records the event instead of aborting the process; any recorded event raises
:class:`Secp256k1LibraryError`, so a refused argument can never be read as a result.

The module stays whole (about 700 lines): the element, the multi-exponentiation and the group all
work on this module's one libsecp256k1 context, the element's cffi struct and the pointer arrays;
splitting them would pass those raw handles between modules, and one file keeps every call into
the C library in one place to audit.
"""

from __future__ import annotations

import importlib
import math
import os
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, NoReturn

from coincurve._libsecp256k1 import ffi, lib

from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.errors import GroupElementError, ParameterError

if TYPE_CHECKING:  # numpy is imported by the pure bucket path only, when it runs
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "G_COMPRESSED",
    "IDENTITY_ENCODING",
    "SECP256K1",
    "B",
    "N",
    "P",
    "Secp256k1Element",
    "Secp256k1Group",
    "Secp256k1LibraryError",
]

#: the field prime p
P: Final = 2**256 - 2**32 - 977
#: the curve coefficient b of y² = x³ + 7 (a = 0)
B: Final = 7
#: the group order n
N: Final = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
#: the standard generator G, compressed (SEC 2, §2.4.1)
G_COMPRESSED: Final = bytes.fromhex(
    "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
)
#: the one encoding of the identity (the point at infinity)
IDENTITY_ENCODING: Final = b"\x00"

_HALF_N: Final = N // 2
_ELEMENT_BYTES: Final = 33
_PUBKEY_BYTES: Final = 64  # sizeof(secp256k1_pubkey)
_EC_COMPRESSED: Final[int] = lib.SECP256K1_EC_COMPRESSED
_EC_UNCOMPRESSED: Final[int] = lib.SECP256K1_EC_UNCOMPRESSED
#: bytes per element in the packed form: 04 ‖ x ‖ y (65 zero bytes for the identity)
_PACKED_BYTES: Final = 65


class Secp256k1LibraryError(RuntimeError):
    """libsecp256k1 refused an argument as illegal or failed where it cannot fail: a defect."""


# -- the library context ---------------------------------------------------------------------------

_ILLEGAL: list[str] = []


def _record_illegal(message: Any, _data: Any) -> None:
    """libsecp256k1's illegal-argument callback: record the message (the default aborts)."""
    _ILLEGAL.append(ffi.string(message).decode("ascii", "replace"))


def _raw_point_hash(output: Any, x32: Any, y32: Any, _data: Any) -> int:
    """ECDH "hash" that returns the shared point itself: ``0x04 || x || y`` (65 bytes)."""
    output[0] = 4
    ffi.memmove(output + 1, x32, 32)
    ffi.memmove(output + 33, y32, 32)
    return 1


_on_illegal: Final = ffi.callback("void(char *, void *)", _record_illegal)
_raw_point: Final = ffi.callback(
    "int(unsigned char *, unsigned char *, unsigned char *, void *)", _raw_point_hash
)


def _make_context() -> Any:
    ctx = ffi.gc(
        lib.secp256k1_context_create(lib.SECP256K1_CONTEXT_NONE), lib.secp256k1_context_destroy
    )
    if not lib.secp256k1_context_randomize(ctx, os.urandom(32)):
        raise Secp256k1LibraryError("secp256k1_context_randomize failed")
    lib.secp256k1_context_set_illegal_callback(ctx, _on_illegal, ffi.NULL)
    return ctx


_CTX: Final = _make_context()
_combine = lib.secp256k1_ec_pubkey_combine
_negate = lib.secp256k1_ec_pubkey_negate
_tweak_mul = lib.secp256k1_ec_pubkey_tweak_mul
_create = lib.secp256k1_ec_pubkey_create
_serialize = lib.secp256k1_ec_pubkey_serialize
_parse = lib.secp256k1_ec_pubkey_parse
_ecdh = lib.secp256k1_ecdh
_new = ffi.new
_PK_T: Final = ffi.typeof("secp256k1_pubkey *")
_PK_ARRAY_T: Final = ffi.typeof("secp256k1_pubkey[]")
_PTR_ARRAY_T: Final = ffi.typeof("secp256k1_pubkey *[]")


def _load_compiled() -> Any:
    """The compiled multi-exponentiation (``secp256k1_msm.c``, built by ``make setup``), or
    ``None`` where it is not built or does not read and write this build's points as this build
    does (``3·G + 4·G = 7·G`` and ``(n − 1)·G + G = ∞``, compared on the structs themselves)."""
    try:
        module = importlib.import_module("plebiscite.crypto._secp256k1_msm")
    except ImportError:
        return None

    def multiple_of_g(k: int) -> bytes:
        point = _new(_PK_T)
        if not lib.secp256k1_ec_pubkey_create(_CTX, point, k.to_bytes(32, "big")):
            _library_failure("multiple of G")
        return bytes(ffi.buffer(point))

    g = multiple_of_g(1)
    out = module.ffi.new("unsigned char[64]")
    scalars = (3).to_bytes(32, "big") + (4).to_bytes(32, "big")
    if module.lib.plebiscite_msm(g + g, scalars, 2, out) != 1:
        return None
    if bytes(module.ffi.buffer(out)) != multiple_of_g(7):
        return None
    scalars = (N - 1).to_bytes(32, "big") + (1).to_bytes(32, "big")
    if module.lib.plebiscite_msm(g + g, scalars, 2, out) != 0:
        return None
    return module


#: the compiled multi-exponentiation, when built; ``None`` runs the pure path
_COMPILED: Any = _load_compiled()


def _check_library(operation: str) -> None:
    """Raise if libsecp256k1 reported an illegal argument since the last check."""
    if _ILLEGAL:
        messages = "; ".join(_ILLEGAL)
        _ILLEGAL.clear()
        raise Secp256k1LibraryError(f"{operation}: libsecp256k1 refused an argument: {messages}")


def _library_failure(operation: str) -> NoReturn:
    _check_library(operation)
    raise Secp256k1LibraryError(f"{operation}: libsecp256k1 failed on valid input")


# -- elements --------------------------------------------------------------------------------------


class Secp256k1Element(Element):
    """A point of secp256k1, or the identity. Immutable; ``==`` and ``hash`` follow the point.

    ``_pk`` is the parsed ``secp256k1_pubkey`` (``None`` for the identity) and is never written
    after construction: every library call that writes gets a fresh copy.
    """

    __slots__ = ("_enc", "_pk")

    _pk: Any
    _enc: bytes | None

    def __new__(cls, *args: object, **kwargs: object) -> Secp256k1Element:
        raise TypeError("secp256k1 elements come from SECP256K1 (decode, arithmetic)")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def encoding(self) -> bytes:
        """The strict encoding: 33 bytes 02/03 ‖ x, or the single byte 0x00 for the identity."""
        enc = self._enc
        if enc is None:
            out = _new("unsigned char[33]")
            size = _new("size_t *", _ELEMENT_BYTES)
            if not _serialize(_CTX, out, size, self._pk, _EC_COMPRESSED):
                _library_failure("serialize")
            enc = bytes(ffi.buffer(out, _ELEMENT_BYTES))
            _set_enc(self, enc)
        return enc

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secp256k1Element):
            return NotImplemented
        return self is other or self.encoding() == other.encoding()

    def __hash__(self) -> int:
        enc = self._enc  # cached once computed: most elements were decoded from it
        return hash(enc if enc is not None else self.encoding())

    def __repr__(self) -> str:
        if self._pk is None:
            return "Secp256k1Element(identity)"
        return f"Secp256k1Element({self.encoding().hex()})"

    def __reduce__(self) -> tuple[Callable[[bytes], Element], tuple[bytes]]:
        # the packed form (uncompressed): a worker unpickles it with no square root
        return (_restore, (SECP256K1.pack([self]),))

    def __copy__(self) -> Secp256k1Element:
        return self

    def __deepcopy__(self, memo: object) -> Secp256k1Element:
        return self


# the slots' own setters, which bypass the refusing __setattr__ (construction and the cache only)
_set_pk: Final = Secp256k1Element.__dict__["_pk"].__set__
_set_enc: Final = Secp256k1Element.__dict__["_enc"].__set__


def _element(pk: Any, enc: bytes | None = None) -> Secp256k1Element:
    """Wrap a valid, privately owned ``secp256k1_pubkey *`` (or ``None``: the identity)."""
    e = object.__new__(Secp256k1Element)
    _set_pk(e, pk)
    _set_enc(e, enc)
    return e


_IDENTITY: Final = _element(None, IDENTITY_ENCODING)


def _pk_of(a: Element) -> Any:
    """The ``secp256k1_pubkey *`` of ``a`` (``None`` for the identity)."""
    if type(a) is not Secp256k1Element:
        raise TypeError(f"not a secp256k1 element: {type(a).__name__}")
    return a._pk


def _scalar(k: int) -> int:
    if not isinstance(k, int):
        raise TypeError(f"an exponent must be an int, got {type(k).__name__}")
    return k % N


def _restore(data: bytes) -> Element:
    """Unpickle an element from its packed form (checked on the curve) or its encoding
    (validated like any outside input)."""
    if len(data) == _PACKED_BYTES:
        return SECP256K1.unpack(data, "pickled element")[0]
    return SECP256K1.decode(data, "pickled element", allow_identity=True)


def _copy(pk: Any) -> Any:
    return _new(_PK_T, pk[0])


def _tweak_mul_copy(pk: Any, k: int) -> Any:
    """``k·P`` for ``0 < k < n`` into a fresh struct; negates ``(n−k)·P`` when that is shorter."""
    out = _new(_PK_T, pk[0])
    if k > _HALF_N:
        if not _tweak_mul(_CTX, out, (N - k).to_bytes(32, "big")) or not _negate(_CTX, out):
            _library_failure("tweak_mul")
    elif not _tweak_mul(_CTX, out, k.to_bytes(32, "big")):
        _library_failure("tweak_mul")
    return out


def _combine_pks(pks: list[Any], operation: str) -> Secp256k1Element:
    """The sum of valid points (at least one); the identity when they cancel."""
    out = _new(_PK_T)
    ok = _combine(_CTX, out, _new(_PTR_ARRAY_T, pks), len(pks))
    _check_library(operation)
    return _element(out) if ok else _IDENTITY


# -- the multi-exponentiation ----------------------------------------------------------------------

# Modelled costs (µs) of the pure path, calibrated on libsecp256k1 through cffi: one mixed
# addition inside ``combine``; the cost of a bucket run as (one ``combine`` call: its field
# inversion and the Python loop around it; the run's fixed set-up; its per-window work; its
# per-point copies); one ``tweak_mul`` by a scalar of b bits (GLV halves the length) and the
# per-term work around it.
_COST_ADD: Final = 0.19
_COST_CALL: Final = 2.6
_PURE_COSTS: Final = (_COST_CALL, 100.0, 8.0, 0.9)
_COST_NAIVE_POINT: Final = 0.9
_MAX_WINDOW: Final = 16
#: below this many terms one ``tweak_mul`` per term is always the cheaper method
_NAIVE_BELOW: Final = 16


def _cost_tweak_mul(bits: int) -> float:
    return 3.7 + 18.3 * min(bits, 128) / 128


def _naive_cost(sorted_bits: list[int]) -> float:
    """Modelled cost of one ``tweak_mul`` per term (bit lengths sorted ascending)."""
    m = len(sorted_bits)
    long_terms = m - bisect_right(sorted_bits, 128)
    glv_bits = sum(sorted_bits[: m - long_terms]) + 128 * long_terms
    per_term = _cost_tweak_mul(0) + _COST_NAIVE_POINT + _COST_ADD
    return m * per_term + (_cost_tweak_mul(128) - _cost_tweak_mul(0)) * glv_bits / 128 + _COST_CALL


def _bucket_plan(sorted_bits: list[int]) -> tuple[float, int, int]:
    """The cheapest (modelled cost, window c, Horner radix bits s) of the pure bucket method for
    these sorted bit lengths, under :data:`_PURE_COSTS` (per call, fixed, per window, per point)."""
    cost_call, cost_fixed, cost_window, cost_point = _PURE_COSTS
    m = len(sorted_bits)
    top = sorted_bits[-1]
    # reach[t]: how many scalars have a bit at position t or above
    histogram = Counter(sorted_bits)
    reach = [0] * (top + 2)
    running = 0
    for t in range(top, -1, -1):
        running += histogram.get(t + 1, 0)
        reach[t] = running
    best = (math.inf, 0, 0)
    # windows wider than log2(m) + 2 leave most buckets empty, and windows narrower than
    # log2(m) − 8 make far more windows than buckets save: neither is ever the cheapest
    for c in range(max(1, m.bit_length() - 8), min(_MAX_WINDOW, m.bit_length() + 2) + 1):
        half = 1 << (c - 1)
        windows = top // c + 1
        fill_adds = 0
        fill_calls = 0.0
        for w in range(windows):
            # each point reaching window w lands in a nonzero bucket with probability ~1 − 2^−c
            r = reach[c * w]
            fill_adds += r
            fill_calls += half * -math.expm1(-r / half)
        fixed = (
            cost_fixed
            + cost_window * windows
            + cost_point * m
            + _COST_ADD * fill_adds
            + cost_call * fill_calls
        )
        for s in (1, 2, 3, 4):
            if c % s:
                continue
            steps = (windows * c) // s
            digit_weight = ((1 << s) - 1) / 2 * (c // s)
            agg_adds = fill_calls * digit_weight + steps * (1 << s)
            cost = fixed + _COST_ADD * agg_adds + cost_call * steps
            if cost < best[0]:
                best = (cost, c, s)
    return best


#: plans already made, by the shape :func:`_plan_key` gives (a batch of the same size and
#: exponent lengths as an earlier one gets the earlier plan instead of the cost model again)
_PLANS: dict[tuple[object, ...], tuple[float, int, int]] = {}
_PLANS_MAX = 4096
#: bit lengths at which :func:`_plan_key` counts the sorted lengths
_PLAN_MARKS = tuple(range(8, 257, 8))


def _plan_key(sorted_bits: list[int]) -> tuple[object, ...]:
    """A batch's shape for the plan cache: its longest exponent, and its size and how many
    exponents reach each multiple of 8 bits, each to within 1/16. Batches of one shape differ by
    less than that in what the cost model weighs, far less than the gap between neighbouring
    plans; a plan decides only the speed, never the result."""
    m = len(sorted_bits)
    return (
        _coarse(m),
        sorted_bits[-1],
        *(_coarse(m - bisect_left(sorted_bits, mark)) for mark in _PLAN_MARKS),
    )


def _coarse(count: int) -> int:
    """``count`` to its four leading bits (within 1/16 of itself)."""
    drop = max(0, count.bit_length() - 4)
    return (count >> drop) << drop


def _planned(sorted_bits: list[int]) -> tuple[float, int, int]:
    """:func:`_bucket_plan` for these sorted lengths, made once per batch shape."""
    key = _plan_key(sorted_bits)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _bucket_plan(sorted_bits)
        if len(_PLANS) >= _PLANS_MAX:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


def _address(cdata: Any) -> int:
    return int(ffi.cast("uintptr_t", cdata))


def _signed_digits(scalars: list[int], top_bits: int, c: int) -> npt.NDArray[np.int64]:
    """Signed base-2^c digits of each scalar, shape (len, windows), each in (−2^(c−1), 2^(c−1)]."""
    import numpy as np

    m = len(scalars)
    windows = top_bits // c + 1
    limbs_needed = (windows * c + 63) // 64 + 1
    raw = b"".join(k.to_bytes(limbs_needed * 8, "little") for k in scalars)
    limbs = np.frombuffer(raw, dtype="<u8").reshape(m, limbs_needed)
    mask = np.uint64((1 << c) - 1)
    half = 1 << (c - 1)
    digits = np.empty((m, windows), dtype=np.int64)
    carry = np.zeros(m, dtype=np.int64)
    for w in range(windows):
        offset = w * c
        limb, shift = divmod(offset, 64)
        value = limbs[:, limb] >> np.uint64(shift)
        if shift + c > 64:
            value = value | (limbs[:, limb + 1] << np.uint64(64 - shift))
        d = (value & mask).astype(np.int64) + carry
        carry = (d > half).astype(np.int64)
        digits[:, w] = d - (carry << c)
    # the top window holds fewer than c bits of any scalar, so it can never carry out
    if carry.any():
        raise Secp256k1LibraryError("signed-digit recoding overflowed its windows")
    return digits


def _compiled_multi_exp(pks: list[Any], scalars: list[int]) -> Secp256k1Element:
    """``Σ scalars[i]·pks[i]`` (each scalar in [1, n)) by libsecp256k1's ``ecmult_multi_var`` in
    the compiled module (the GIL released for the whole run)."""
    compiled = _COMPILED
    points = b"".join([ffi.buffer(pk)[:] for pk in pks])
    packed = b"".join([k.to_bytes(32, "big") for k in scalars])
    out = compiled.ffi.new("unsigned char[64]")
    status = compiled.lib.plebiscite_msm(points, packed, len(pks), out)
    if status == 0:
        return _IDENTITY
    if status == -1:
        raise MemoryError("multi_exp: the compiled multi-exponentiation ran out of memory")
    if status != 1:
        _library_failure("multi_exp")
    pk = _new(_PK_T)
    ffi.memmove(pk, compiled.ffi.buffer(out), _PUBKEY_BYTES)
    return _element(pk)


def _bucket_multi_exp(
    pks: list[Any], scalars: list[int], negated: list[bool], c: int, s: int
) -> Secp256k1Element:
    """``Σ ±scalars[i]·pks[i]`` by signed-digit buckets of c bits and a radix-2^s Horner pass.

    ``scalars`` are in ``[1, n/2]``; ``negated[i]`` says the term is ``scalars[i]·(−pks[i])``.
    """
    import numpy as np

    m = len(pks)
    # points and their negations as rows of 64 bytes: row i is +P_i, row m + i is −P_i
    store = _new(_PK_ARRAY_T, 2 * m)
    raw = b"".join([ffi.buffer(pk)[:] for pk in pks])
    ffi.memmove(store, raw, m * _PUBKEY_BYTES)
    ffi.memmove(store + m, raw, m * _PUBKEY_BYTES)
    negate, ctx = _negate, _CTX
    if not all([negate(ctx, store + i) for i in range(m, 2 * m)]):
        _library_failure("negate")
    rows_store = np.frombuffer(ffi.buffer(store), dtype=np.uint8).reshape(2 * m, _PUBKEY_BYTES)
    del raw

    top_bits = max(k.bit_length() for k in scalars)
    digits = _signed_digits(scalars, top_bits, c)
    windows = digits.shape[1]
    half = 1 << (c - 1)

    # bucket fill: each nonzero digit sends ±P_i to bucket (w, |d|); the points of one window
    # are copied in bucket order so that each combine reads its points sequentially
    rows, cols = np.nonzero(digits)
    values = digits[rows, cols]
    keys = cols * half + (np.abs(values) - 1)
    flip = np.asarray(negated, dtype=bool)[rows] ^ (values < 0)
    source_rows = rows + m * flip
    key_type = np.uint16 if windows * half <= 1 << 16 else np.uint32
    order = np.argsort(keys.astype(key_type), kind="stable")
    source_rows = source_rows[order]
    counts = np.bincount(keys, minlength=windows * half)
    ends = np.cumsum(counts)
    starts = ends - counts
    window_ends = ends[half - 1 :: half].tolist()

    buckets = _new(_PK_ARRAY_T, windows * half)
    valid = np.zeros(windows * half, dtype=bool)
    chunk_rows = np.empty(
        (int(counts.reshape(windows, half).sum(axis=1).max()), _PUBKEY_BYTES), np.uint8
    )
    chunk = ffi.cast("secp256k1_pubkey *", ffi.from_buffer(chunk_rows))
    chunk_base = _address(chunk)
    pointer_rows = np.uint64(chunk_base) + np.uint64(_PUBKEY_BYTES) * np.arange(
        chunk_rows.shape[0], dtype=np.uint64
    )
    pointers = ffi.cast("secp256k1_pubkey **", ffi.from_buffer(pointer_rows))
    combine = _combine
    lo = 0
    for w in range(windows):
        hi = window_ends[w]
        if hi == lo:
            continue
        np.take(rows_store, source_rows[lo:hi], axis=0, out=chunk_rows[: hi - lo])
        used = np.flatnonzero(counts[w * half : (w + 1) * half]) + w * half
        # 0 means the bucket's points cancel: it stays out of everything below
        valid[used] = [
            combine(ctx, buckets + key, pointers + start, count)
            for key, start, count in zip(
                used.tolist(), (starts[used] - lo).tolist(), counts[used].tolist(), strict=True
            )
        ]
        lo = hi
    _check_library("multi_exp")
    del pointers, chunk, store

    # aggregation: Σ_w 2^(cw) Σ_j j·B_{w,j} = Σ_u 2^(su) F_u, with F_u = Σ (digit u of j)·B_{w,j}
    # over radix-2^s digits of j placed at position u = (cw)/s + r; Horner: D ← 2^s·D + F_u.
    vkeys = np.flatnonzero(valid)
    if vkeys.size == 0:
        return _IDENTITY
    bucket_base = _address(buckets)
    vptr = np.uint64(bucket_base) + np.uint64(_PUBKEY_BYTES) * vkeys.astype(np.uint64)
    vwin = vkeys // half
    vj = vkeys % half + 1
    per_window = c // s
    radix_mask = (1 << s) - 1
    positions: list[npt.NDArray[np.int64]] = []
    reps: list[npt.NDArray[np.int64]] = []
    ptrs: list[npt.NDArray[np.uint64]] = []
    for r in range(per_window):  # j ≤ 2^(c−1) < 2^c: c/s radix digits
        digit = (vj >> (s * r)) & radix_mask
        keep = digit > 0
        if not keep.any():
            continue
        positions.append(vwin[keep] * per_window + r)
        reps.append(digit[keep])
        ptrs.append(vptr[keep])
    pos = np.concatenate(positions)
    rep = np.concatenate(reps)
    ptr = np.concatenate(ptrs)
    steps = int(pos.max()) + 1
    slots = 1 << s  # copies of D at the head of each step
    # each step u holds `slots` copies of D followed by its terms, each repeated digit times
    term_counts = np.bincount(pos, weights=rep, minlength=steps).astype(np.int64)
    seg_sizes = term_counts + slots
    seg_starts = np.concatenate(([0], np.cumsum(seg_sizes)[:-1]))
    order2 = np.argsort(pos, kind="stable")
    pos_sorted = pos[order2]
    rep_sorted = rep[order2]
    ptr_rep = np.repeat(ptr[order2], rep_sorted)
    pos_rep = np.repeat(pos_sorted, rep_sorted)
    term_starts = np.concatenate(([0], np.cumsum(term_counts)[:-1]))
    within = np.arange(pos_rep.size, dtype=np.int64) - term_starts[pos_rep]
    agg_array = np.zeros(int(seg_sizes.sum()), dtype=np.uint64)
    agg_array[seg_starts[pos_rep] + slots + within] = ptr_rep
    agg = ffi.cast("secp256k1_pubkey **", ffi.from_buffer(agg_array))

    acc = _new("secp256k1_pubkey[2]")
    acc_ptrs = (acc + 0, acc + 1)
    current = 0
    have = False  # whether D is a point (False: D is the identity)
    seg_list = seg_starts.tolist()
    count_list = term_counts.tolist()
    for u in range(steps - 1, -1, -1):
        start = seg_list[u]
        count = count_list[u]
        target = acc_ptrs[1 - current]
        if have:
            source = acc_ptrs[current]
            for slot in range(slots):
                agg[start + slot] = source
            ok = _combine(_CTX, target, agg + start, count + slots)
        elif count:
            ok = _combine(_CTX, target, agg + (start + slots), count)
        else:
            continue
        have = bool(ok)
        current = 1 - current
    _check_library("multi_exp")
    del agg
    if not have:
        return _IDENTITY
    return _element(_copy(acc_ptrs[current]))


# -- the group -------------------------------------------------------------------------------------


class Secp256k1Group(Group):
    """secp256k1 (SEC 2) as a prime-order group of order n with strict 33-byte encodings."""

    name = "secp256k1"
    q = N
    element_bytes = _ELEMENT_BYTES
    scalar_bytes = 32

    def __init__(self) -> None:
        self._generator = self.decode(G_COMPRESSED, "generator")

    def __reduce__(self) -> str:
        """Pickled as the module's :data:`SECP256K1`: a worker gets the one group of its
        process, as every other holder there (a check ``group is SECP256K1`` holds in both)."""
        return "SECP256K1"

    # -- structure -------------------------------------------------------------------------------

    def generator(self) -> Element:
        return self._generator

    def identity(self) -> Element:
        return _IDENTITY

    def is_identity(self, a: Element) -> bool:
        return _pk_of(a) is None

    def description(self) -> CanonicalValue:
        """Name, field prime p, curve coefficients a and b, G compressed, order n, cofactor h."""
        return {"name": self.name, "p": P, "a": 0, "b": B, "g": G_COMPRESSED, "n": N, "h": 1}

    # -- arithmetic ------------------------------------------------------------------------------

    def mul(self, a: Element, b: Element) -> Element:
        pa = _pk_of(a)
        pb = _pk_of(b)
        if pa is None:
            return b
        if pb is None:
            return a
        return _combine_pks([pa, pb], "mul")

    def inv(self, a: Element) -> Element:
        pa = _pk_of(a)
        if pa is None:
            return a
        out = _copy(pa)
        if not _negate(_CTX, out):
            _library_failure("inv")
        return _element(out)

    def div(self, a: Element, b: Element) -> Element:
        pa = _pk_of(a)
        pb = _pk_of(b)
        if pb is None:
            return a
        negated = _copy(pb)
        if not _negate(_CTX, negated):
            _library_failure("div")
        if pa is None:
            return _element(negated)
        return _combine_pks([pa, negated], "div")

    def exp(self, a: Element, k: int) -> Element:
        pa = _pk_of(a)
        k = _scalar(k)
        if pa is None or k == 0:
            return _IDENTITY
        return _element(_tweak_mul_copy(pa, k))

    def exp_g(self, k: int) -> Element:
        k = _scalar(k)
        if k == 0:
            return _IDENTITY
        out = _new(_PK_T)
        if not _create(_CTX, out, k.to_bytes(32, "big")):
            _library_failure("exp_g")
        return _element(out)

    def exp_g_secret(self, k: int) -> Element:
        """``k·G`` by libsecp256k1's constant-time, blinded ``ecmult_gen``."""
        return self.exp_g(k)

    def exp_secret(self, a: Element, k: int) -> Element:
        """``k·A`` by libsecp256k1's constant-time ``ecmult_const`` (inside ``secp256k1_ecdh``)."""
        pa = _pk_of(a)
        k = _scalar(k)
        if pa is None or k == 0:
            return _IDENTITY
        raw = _new("unsigned char[65]")
        if not _ecdh(_CTX, raw, pa, k.to_bytes(32, "big"), _raw_point, ffi.NULL):
            _library_failure("exp_secret")
        out = _new(_PK_T)
        if not _parse(_CTX, out, raw, 65):
            _library_failure("exp_secret")
        return _element(out)

    def multi_exp(self, bases: Sequence[Element], exps: Sequence[int]) -> Element:
        """``Σ exps[i]·bases[i]`` (public exponents); equal to the naive product on every input."""
        if len(bases) != len(exps):
            raise ParameterError(f"multi_exp: {len(bases)} bases but {len(exps)} exponents")
        pks: list[Any] = []
        scalars: list[int] = []
        element_type = Secp256k1Element
        for base, e in zip(bases, exps, strict=True):
            if type(base) is not element_type:
                raise TypeError(f"not a secp256k1 element: {type(base).__name__}")
            if type(e) is not int:
                e = _scalar(e)
            pk = base._pk
            k = e % N
            if pk is None or k == 0:
                continue
            pks.append(pk)
            scalars.append(k)
        m = len(pks)
        if m == 0:
            return _IDENTITY
        if m == 1:
            return _element(_tweak_mul_copy(pks[0], scalars[0]))
        if _COMPILED is not None:
            return _compiled_multi_exp(pks, scalars)
        if m < _NAIVE_BELOW:
            return self._naive_multi_exp(pks, scalars)
        # fold the sign into the point: k > n/2 becomes (n − k)·(−P), at most 255 bits
        negated = [k > _HALF_N for k in scalars]
        folded = [N - k if k > _HALF_N else k for k in scalars]
        bit_lengths = sorted([k.bit_length() for k in folded])
        bucket_cost, c, s = _planned(bit_lengths)
        if bucket_cost < _naive_cost(bit_lengths):
            return _bucket_multi_exp(pks, folded, negated, c, s)
        return self._naive_multi_exp(pks, scalars)

    def _naive_multi_exp(self, pks: list[Any], scalars: list[int]) -> Element:
        """One ``tweak_mul`` per term and one ``combine`` of all of them."""
        return _combine_pks(
            [_tweak_mul_copy(pk, k) for pk, k in zip(pks, scalars, strict=True)], "multi_exp"
        )

    def prod(self, elements: Sequence[Element]) -> Element:
        """The product of ``elements`` in one ``combine`` (the identity for none)."""
        present = [e for e in elements if _pk_of(e) is not None]
        if not present:
            return _IDENTITY
        if len(present) == 1:
            return present[0]
        return _combine_pks([_pk_of(e) for e in present], "prod")

    def hash_to_element(self, msg: bytes, dst: bytes) -> Element:
        """RFC 9380 ``hash_to_curve`` with the suite ``secp256k1_XMD:SHA-256_SSWU_RO_``."""
        return self.hash_to_elements([msg], dst)[0]

    def hash_to_elements(self, msgs: Sequence[bytes], dst: bytes) -> list[Element]:
        """:meth:`hash_to_element` of each message: the points built from the coordinates RFC
        9380's map computes (:func:`~plebiscite.crypto.hash_to_curve.hash_to_curve_many`, its
        inversions shared by the batch), with no compressed encoding to decompress."""
        from plebiscite.crypto.hash_to_curve import hash_to_curve_many

        return self.unpack(b"".join(hash_to_curve_many(msgs, dst)), "hash to the curve")

    # -- encodings -------------------------------------------------------------------------------

    def pack(self, elements: Sequence[Element]) -> bytes:
        """Each element as 65 bytes ``04 ‖ x ‖ y`` (65 zero bytes for the identity): read back
        by :meth:`unpack` with no square root, where a compressed encoding costs one."""
        m = len(elements)
        out = _new("unsigned char[]", _PACKED_BYTES * m)
        size = _new("size_t *")
        serialize, ctx = _serialize, _CTX
        for i, e in enumerate(elements):
            pk = _pk_of(e)
            if pk is None:
                continue  # the identity: the zero bytes ffi.new left
            size[0] = _PACKED_BYTES
            if not serialize(ctx, out + _PACKED_BYTES * i, size, pk, _EC_UNCOMPRESSED):
                _library_failure("pack")
        return bytes(ffi.buffer(out))

    def unpack(self, data: bytes, role: str, *, encodings: bool = False) -> list[Element]:
        """The elements :meth:`pack` wrote: each point parsed by ``secp256k1_ec_pubkey_parse``,
        which checks that ``(x, y)`` is on the curve (no root to take). With ``encodings``, each
        keeps its compressed encoding, 02/03 by the parity of ``y`` ‖ ``x``, taken from the
        bytes parsed."""
        if len(data) % _PACKED_BYTES:
            raise GroupElementError.of(
                role, f"packed points of {len(data)} bytes: not a whole length"
            )
        buffer = ffi.from_buffer(data)
        out: list[Element] = []
        append = out.append
        new, parse, ctx, pk_t = _new, _parse, _CTX, _PK_T
        make, set_pk, set_enc = object.__new__, _set_pk, _set_enc
        for at in range(0, len(data), _PACKED_BYTES):
            if data[at] == 0:
                if data[at : at + _PACKED_BYTES].count(0) != _PACKED_BYTES:
                    raise GroupElementError.of(role, f"packed point at byte {at} is malformed")
                append(_IDENTITY)
                continue
            pk = new(pk_t)
            if data[at] != 4 or not parse(ctx, pk, buffer + at, _PACKED_BYTES):
                _check_library("unpack")
                raise GroupElementError.of(role, f"packed point at byte {at} is not on the curve")
            e = make(Secp256k1Element)
            set_pk(e, pk)
            set_enc(
                e, bytes((2 | (data[at + 64] & 1),)) + data[at + 1 : at + 33] if encodings else None
            )
            append(e)
        return out

    @property
    def kept_bytes(self) -> int:
        return _PACKED_BYTES

    def keep(self, elements: Sequence[Element]) -> bytes:
        """:meth:`pack`: read back by :meth:`kept` with no square root."""
        return self.pack(elements)

    def kept(self, data: bytes, role: str, *, allow_identity: bool = False) -> list[Element]:
        """:meth:`unpack` (each point checked on the curve), the identity refused unless
        ``allow_identity``."""
        out = self.unpack(data, role)
        if not allow_identity and any(e is _IDENTITY for e in out):
            raise GroupElementError.of(role, "the identity element is not allowed here")
        return out

    def kept_encoding(self, data: bytes) -> bytes:
        """The compressed encoding of the packed point ``data``: 02/03 by the parity of ``y`` ‖
        ``x`` (:data:`IDENTITY_ENCODING` for the identity's zero bytes)."""
        if data[0] == 0:
            return IDENTITY_ENCODING
        return bytes((2 | (data[64] & 1),)) + data[1:33]

    def encode(self, a: Element) -> bytes:
        """33 bytes 02/03 ‖ x, or the single byte 0x00 for the identity."""
        if type(a) is not Secp256k1Element:
            raise TypeError(f"not a secp256k1 element: {type(a).__name__}")
        return a.encoding()

    def decode(self, data: bytes, role: str, *, allow_identity: bool = False) -> Element:
        """Parse a strict encoding; refuse anything else with :class:`GroupElementError`.

        A 33-byte string is first given to ``secp256k1_ec_pubkey_parse`` alone, which refuses a
        prefix other than 02/03, an x-coordinate not below p and an x of no point; what it
        refuses, and every other input, goes through :meth:`_decode_checked`, the reference,
        which checks each rule itself and names the one broken.
        """
        if type(data) is bytes and len(data) == _ELEMENT_BYTES:
            pk = _new(_PK_T)
            if _parse(_CTX, pk, data, _ELEMENT_BYTES):
                return _element(pk, data)
        return self._decode_checked(data, role, allow_identity)

    def from_xonly_key(self, parsed: Any, xonly: bytes) -> Element:
        """The even-y point of a BIP-340 key this build of libsecp256k1 has parsed
        (``parsed``: its ``secp256k1_xonly_pubkey *`` of the key ``xonly``), with no square root:
        the struct holds the point as a ``secp256k1_pubkey`` does (the library's own
        ``xonly_pubkey_load`` reads it as one). The copy must serialize to ``02 ‖ xonly``;
        otherwise the point is decoded from ``xonly``."""
        pk = _new(_PK_T)
        ffi.memmove(pk, parsed, _PUBKEY_BYTES)
        element = _element(pk)
        expected = b"\x02" + xonly
        if element.encoding() == expected:
            return element
        return self.decode(expected, "public key")

    def _decode_checked(self, data: bytes, role: str, allow_identity: bool) -> Element:
        """:meth:`decode` with every rule checked one by one (the reference; names the error)."""
        if not isinstance(data, bytes):
            if not isinstance(data, bytearray | memoryview):
                raise GroupElementError.of(
                    role, f"expected bytes for a secp256k1 point, got {type(data).__name__}"
                )
            data = bytes(data)
        if data == IDENTITY_ENCODING:
            if not allow_identity:
                raise GroupElementError.of(role, "the identity element is not allowed here")
            return _IDENTITY
        if len(data) != _ELEMENT_BYTES:
            raise GroupElementError.of(
                role,
                f"a secp256k1 point is exactly {_ELEMENT_BYTES} bytes "
                f"(or 0x00 for the identity), got {len(data)}",
            )
        prefix = data[0]
        if prefix not in (2, 3):
            raise GroupElementError.of(
                role, f"prefix 0x{prefix:02x} is not a compressed point (02 or 03)"
            )
        if int.from_bytes(data[1:], "big") >= P:
            raise GroupElementError.of(role, "x-coordinate is not below the field prime")
        pk = _new(_PK_T)
        if not _parse(_CTX, pk, data, _ELEMENT_BYTES):
            _check_library("decode")
            raise GroupElementError.of(role, "x-coordinate of no point on secp256k1")
        return _element(pk, data)

    def decode_many(
        self, datas: Sequence[bytes], role: str, *, allow_identity: bool = False
    ) -> list[Element]:
        """Decode many strict encodings: :meth:`decode`'s two paths in one loop of its own (no
        method call per point)."""
        out: list[Element] = []
        append = out.append
        new, parse, ctx, pk_t = _new, _parse, _CTX, _PK_T
        make, set_pk, set_enc = object.__new__, _set_pk, _set_enc
        for data in datas:
            if type(data) is bytes and len(data) == _ELEMENT_BYTES:
                pk = new(pk_t)
                if parse(ctx, pk, data, _ELEMENT_BYTES):
                    e = make(Secp256k1Element)
                    set_pk(e, pk)
                    set_enc(e, data)
                    append(e)
                    continue
            append(self._decode_checked(data, role, allow_identity))
        return out


#: the secp256k1 group, built once
SECP256K1: Final = Secp256k1Group()
