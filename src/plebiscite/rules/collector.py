"""The cyclic garbage collector of a process that checks entries (the verifier's processes, the
board's verifier workers)."""

from __future__ import annotations

import gc
from typing import Final

__all__ = ["YOUNG_THRESHOLD", "tune_collector"]

#: objects allocated (net) before the youngest generation is collected, in a checking process
YOUNG_THRESHOLD: Final = 100_000


def tune_collector() -> None:
    """Set this process's cyclic garbage collector for checking entries: what start-up made is
    collected once and frozen (never scanned again), and the youngest generation is collected
    after :data:`YOUNG_THRESHOLD` net allocations instead of 700. Checking allocates and frees
    millions of short-lived objects and keeps few: at the default threshold the collector ran
    about 700 times over a 10,000-voter record, some 6 % of the CPU, nearly all of it scanning
    objects that were alive anyway. Cyclic garbage is still collected, at most that many objects
    later."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, 20, 100)
