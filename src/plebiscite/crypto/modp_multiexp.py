"""Multi-exponentiation modulo p on gmpy2 integers: Straus (interleaved sliding windows) for few
bases, Pippenger (buckets) for many, chosen by a cost model; used by
:class:`~plebiscite.crypto.modp.ModpGroup` for ``multi_exp`` and batched membership."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import gmpy2
from gmpy2 import mpz

__all__ = ["multi_exp_raw"]

_ONE: Final = mpz(1)


def _straus_cost(n: int, bits: int, w: int) -> float:
    """Multiplications of interleaved sliding windows: odd-power tables, one squaring chain.

    Weighted by 1.25: measured per multiplication, this method runs slower than the bucket
    method (more Python bookkeeping per product), which moves the crossover to ≈100 bases.
    """
    return 1.25 * (n * ((1 << (w - 1)) + bits / (w + 1)) + bits)


def _pippenger_cost(n: int, bits: int, c: int) -> float:
    """Multiplications of the bucket method: per window, n bucket products + 2·2^c to combine."""
    return -(-bits // c) * (n + 2 * ((1 << c) - 1)) + bits


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
    n = len(pairs)
    bits = max(e.bit_length() for _, e in pairs)
    straus_w = min(range(1, 9), key=lambda w: _straus_cost(n, bits, w))
    pip_c = min(range(1, 17), key=lambda c: _pippenger_cost(n, bits, c))
    if _straus_cost(n, bits, straus_w) <= _pippenger_cost(n, bits, pip_c):
        return _straus(pairs, bits, straus_w, p)
    return _pippenger(pairs, bits, pip_c, p)


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
    """The bucket method: per c-bit window, multiply each base into the bucket of its digit."""
    mask = (1 << c) - 1
    acc: mpz | None = None
    for window in range(-(-bits // c) - 1, -1, -1):
        if acc is not None:
            for _ in range(c):
                acc = acc * acc % p
        shift = window * c
        buckets: list[mpz | None] = [None] * (mask + 1)
        for v, e in pairs:
            d = (e >> shift) & mask
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
