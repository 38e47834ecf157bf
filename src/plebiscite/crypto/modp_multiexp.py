"""Multi-exponentiation modulo p on gmpy2 integers: Straus (interleaved sliding windows) for few
bases, Pippenger (buckets) for many, chosen by a cost model; used by
:class:`~plebiscite.crypto.modp.ModpGroup` for ``multi_exp`` and batched membership.

The bucket method splits the exponents' bit range into windows and, per window, multiplies each
base into the bucket of its digit, then combines the buckets (about 2·2^c products for a c-bit
window). A batch mixes exponent sizes: a proof batch's ciphertexts carry 256-bit exponents
beside 64-bit weights, a membership fold only 64-bit ones. So the windows are not all of one
width: :func:`window_plan` chooses them bit range by bit range, by dynamic programming over the
number of bases still active above each bit (the wide windows where every base takes part, the
narrow ones high up where a few long exponents remain), and each window visits only the bases
whose exponent reaches it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import gmpy2
from gmpy2 import mpz

__all__ = ["multi_exp_raw", "window_plan"]

_ONE: Final = mpz(1)
#: the widest bucket window considered (2^16 buckets)
MAX_WINDOW: Final = 16


def _straus_cost(lengths: Sequence[int], bits: int, w: int) -> float:
    """Multiplications of interleaved sliding windows: odd-power tables, one squaring chain.

    Weighted by 1.25: measured per multiplication, this method runs slower than the bucket
    method (more Python bookkeeping per product), which moves the crossover to ≈100 bases.
    """
    return 1.25 * (len(lengths) * (1 << (w - 1)) + sum(lengths) / (w + 1) + bits)


def _fixed_cost(lengths: Sequence[int], bits: int, c: int) -> float:
    """:func:`window_plan`'s cost of windows all ``c`` bits wide (taking every base as reaching
    every window: an upper bound, quick to compute)."""
    n = len(lengths)
    buckets = (1 << c) - 1
    return -(-bits // c) * (n - min(n, buckets) + 2 * buckets)


def window_plan(
    lengths: Sequence[int], widths: range = range(1, MAX_WINDOW + 1)
) -> tuple[float, list[tuple[int, int]]]:
    """The cheapest split of the bit range into bucket windows for exponents of bit lengths
    ``lengths`` (sorted longest first): its cost in multiplications and its windows
    ``(lowest bit, width)`` from the top down, each width in ``widths``.

    A window at bit ``lo`` of width c costs one product per base whose exponent reaches ``lo``,
    less the first base into each of its 2^c − 1 buckets (taken as it is), and 2·(2^c − 1) to
    combine its buckets; the squarings (one per bit) are the same for every split and not
    counted.
    """
    bits = lengths[0] if lengths else 0
    active = [0] * (bits + 1)  # active[b]: exponents with a bit at position ≥ b
    for length in lengths:
        active[length - 1] += 1
    for b in range(bits - 1, -1, -1):
        active[b] += active[b + 1]
    best: list[float] = [0.0] * (bits + 1)
    width: list[int] = [0] * (bits + 1)
    for lo in range(bits - 1, -1, -1):
        n = active[lo]
        choice = 1
        cost = float("inf")
        for c in widths:
            top = min(lo + c, bits)
            buckets = (1 << c) - 1
            here = n - min(n, buckets) + 2 * buckets + best[top]
            if here < cost:
                cost, choice = here, c
            if top == bits:
                break
        best[lo] = cost
        width[lo] = choice
    plan: list[tuple[int, int]] = []
    lo = 0
    while lo < bits:
        plan.append((lo, width[lo]))
        lo += width[lo]
    plan.reverse()
    return best[0] if bits else 0.0, plan


def multi_exp_raw(values: Sequence[mpz], exps: Sequence[int], p: mpz) -> mpz:
    """``∏ values[i]^exps[i] mod p`` for non-negative exponents, not reduced by any order.

    Also used on values not yet known to be in the subgroup (batched membership), so exponents
    are taken as they are.
    """
    pairs = [(v, e) for v, e in zip(values, exps, strict=True) if e]
    if not pairs:
        return _ONE
    if len(pairs) <= 2:
        acc = _ONE
        for v, e in pairs:
            acc = acc * gmpy2.powmod(v, e, p) % p
        return acc
    pairs.sort(key=lambda pair: pair[1].bit_length(), reverse=True)
    lengths = [e.bit_length() for _, e in pairs]
    bits = lengths[0]
    straus_w = min(range(1, 9), key=lambda w: _straus_cost(lengths, bits, w))
    fixed_c = min(range(1, MAX_WINDOW + 1), key=lambda c: _fixed_cost(lengths, bits, c))
    if _straus_cost(lengths, bits, straus_w) <= _fixed_cost(lengths, bits, fixed_c) + bits:
        return _straus(pairs, bits, straus_w, p)
    # the plan's widths near the fixed-width best: the planning stays a small part of the work
    near = range(max(1, fixed_c - 2), min(MAX_WINDOW, fixed_c + 2) + 1)
    return _pippenger_plan(pairs, lengths, window_plan(lengths, near)[1], p)


def _straus(pairs: Sequence[tuple[mpz, int]], bits: int, w: int, p: mpz) -> mpz:
    """Interleaved sliding windows: each exponent split into odd w-bit digits at bit positions."""
    events: list[list[mpz]] = [[] for _ in range(bits)]
    mask = (1 << w) - 1
    for v, e in pairs:
        odd = [v]  # v, v^3, v^5, ... up to v^(2^w − 1), computed as needed
        square: mpz | None = None
        pos = 0
        while e:
            if not e & 1:
                zeros = (e & -e).bit_length() - 1
                e >>= zeros
                pos += zeros
                continue
            d = e & mask
            while len(odd) <= d >> 1:
                if square is None:
                    square = v * v % p
                odd.append(odd[-1] * square % p)
            events[pos].append(odd[d >> 1])
            e >>= w
            pos += w
    acc: mpz | None = None
    for pos in range(bits - 1, -1, -1):
        if acc is not None:
            acc = acc * acc % p
        for x in events[pos]:
            acc = x if acc is None else acc * x % p
    return _ONE if acc is None else acc


def _pippenger(pairs: Sequence[tuple[mpz, int]], bits: int, c: int, p: mpz) -> mpz:
    """The bucket method with every window ``c`` bits wide (what the method was before the
    windows were planned; the tests run it for every width)."""
    plan = [(lo, c) for lo in range(0, bits, c)]
    plan.reverse()
    ordered = sorted(pairs, key=lambda pair: pair[1].bit_length(), reverse=True)
    return _pippenger_plan(ordered, [e.bit_length() for _, e in ordered], plan, p)


def _pippenger_plan(
    pairs: Sequence[tuple[mpz, int]],
    lengths: Sequence[int],
    plan: Sequence[tuple[int, int]],
    p: mpz,
) -> mpz:
    """The bucket method over the windows ``plan`` (``(lowest bit, width)``, top down, covering
    every bit below the longest exponent); ``pairs`` sorted longest exponent first, with their
    bit ``lengths``: each window visits only the pairs whose exponent reaches it."""
    acc: mpz | None = None
    reach = 0  # pairs[:reach] have an exponent reaching the current window
    count = len(pairs)
    for lo, c in plan:
        if acc is not None:
            for _ in range(c):
                acc = acc * acc % p
        while reach < count and lengths[reach] > lo:
            reach += 1
        mask = (1 << c) - 1
        buckets: list[mpz | None] = [None] * (mask + 1)
        for v, e in pairs if reach == count else pairs[:reach]:
            d = (e >> lo) & mask
            if d:
                held = buckets[d]
                buckets[d] = v if held is None else held * v % p
        running: mpz | None = None
        total: mpz | None = None
        for d in range(mask, 0, -1):
            held = buckets[d]
            if held is not None:
                running = held if running is None else running * held % p
            if running is not None:
                total = running if total is None else total * running % p
        if total is not None:
            acc = total if acc is None else acc * total % p
    return _ONE if acc is None else acc
