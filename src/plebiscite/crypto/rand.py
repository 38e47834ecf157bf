"""The randomness seam: the OS CSPRNG by default, a deterministic source in tests.

Functions that need randomness take ``rng: Random | None``; ``None`` means :data:`SYSTEM`.
A deterministic source exists only for tests and known-answer vectors; nothing in the CLI or a
record can select one.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Protocol

__all__ = ["SYSTEM", "DeterministicRandom", "Random", "SystemRandom", "get"]


class Random(Protocol):
    """A source of uniformly random bytes."""

    def randbytes(self, n: int) -> bytes:
        """``n`` random bytes."""
        ...

    def randbelow(self, bound: int) -> int:
        """A uniform integer in ``[0, bound)``."""
        ...


class SystemRandom:
    """The operating system's CSPRNG (``secrets``)."""

    def randbytes(self, n: int) -> bytes:
        return secrets.token_bytes(n)

    def randbelow(self, bound: int) -> int:
        return secrets.randbelow(bound)


class DeterministicRandom:
    """SHA-256 in counter mode over a seed. For tests and known-answer vectors only."""

    def __init__(self, seed: bytes | str | int) -> None:
        if isinstance(seed, int):
            seed = seed.to_bytes(32, "big")
        elif isinstance(seed, str):
            seed = seed.encode()
        self._seed = hashlib.sha256(b"plebiscite/test-rng/" + seed).digest()
        self._counter = 0

    def randbytes(self, n: int) -> bytes:
        out = bytearray()
        while len(out) < n:
            out += hashlib.sha256(self._seed + self._counter.to_bytes(8, "big")).digest()
            self._counter += 1
        return bytes(out[:n])

    def randbelow(self, bound: int) -> int:
        if bound <= 0:
            raise ValueError("bound must be positive")
        nbytes = (bound.bit_length() + 7) // 8 + 16  # 128 extra bits: negligible bias
        return int.from_bytes(self.randbytes(nbytes), "big") % bound


SYSTEM: Random = SystemRandom()


def get(rng: Random | None) -> Random:
    """``rng`` or the system CSPRNG."""
    return SYSTEM if rng is None else rng
