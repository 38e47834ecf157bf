"""The checker's log of every entry's hash and time (:class:`plebiscite.rules.state.EntryLog`):
appends and reads of old rows interleaved, as V5.7 reads a named head's row between appends."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.rules.state import _RECENT, EntryLog


def _row(index: int) -> tuple[bytes, int]:
    return hashlib.sha256(index.to_bytes(8, "big")).digest(), 1_000_000 * index + 7


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=3 * _RECENT), min_size=1, max_size=40))
def test_rows_read_between_appends_are_the_rows_appended(reads: list[int]) -> None:
    """Each read (of a row old enough to be read from the file, or a recent one, or one past
    the end) comes between two appends; every row, and every later append, is as written."""
    log = EntryLog()
    try:
        count = 0
        for target in sorted(reads):
            while count <= target:
                log.append(count, *_row(count))
                count += 1
            old = max(0, target - 2 * _RECENT)
            assert log.get(old) == _row(old)
            assert log.get(target) == _row(target)
            assert log.get(count) is None
        copy = log.copy()
        log.append(count, *_row(count))
        copy.append(count, *_row(count))
        for index in range(count + 1):
            assert log.get(index) == _row(index) == copy.get(index)
        assert len(log) == len(copy) == count + 1
        copy.close()
    finally:
        log.close()
