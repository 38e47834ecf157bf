"""The checker's per-credential state answers the same in memory and on disk: any sequence of
reads and writes, with prefetches, write-outs and copies between them, gives every answer and
count that the in-memory dictionaries give (spilled at once, part way, or never)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.rules import state as state_module
from plebiscite.rules.state import KIND_BALLOT, KIND_CHALLENGE, Counted, CredentialState

KEYS = [bytes([n]) * 32 for n in range(6)]
KINDS = [KIND_BALLOT, KIND_CHALLENGE]

key = st.sampled_from(KEYS)
counted = st.builds(
    Counted,
    st.sampled_from(["north", "south"]),
    st.integers(0, 50),
    st.binary(min_size=4, max_size=4),
    st.integers(0, 50),
)
operation = st.one_of(
    st.tuples(st.just("seen"), key),
    st.tuples(
        st.just("add_seen"), key, st.sampled_from([KIND_BALLOT, KIND_CHALLENGE]), st.integers(0, 50)
    ),
    st.tuples(st.just("alpha_seen"), key),
    st.tuples(st.just("add_alphas"), st.lists(key, max_size=3), st.integers(0, 50)),
    st.tuples(st.just("counted"), key),
    st.tuples(st.just("set_counted"), key, counted),
    st.tuples(st.just("prefetch"), st.lists(key), st.lists(key), st.lists(key)),
    st.tuples(st.just("iter_counted")),
    st.tuples(st.just("copy")),
)


@pytest.fixture(autouse=True)
def small_buffers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Write-outs every two rows and prefetch queries of two keys, so a short sequence
    crosses each of them many times."""
    monkeypatch.setattr(state_module, "_WRITE_BEHIND", 2)
    monkeypatch.setattr(state_module, "_PREFETCH_CHUNK", 2)
    yield


def _apply(subject: CredentialState, op: tuple[object, ...]) -> tuple[CredentialState, object]:
    """Run ``op`` on ``subject``: the state to go on with and what the operation answered."""
    name, args = op[0], op[1:]
    if name == "copy":
        other = subject.copy()
        subject.close()
        return other, None
    if name == "iter_counted":
        return subject, list(subject.iter_counted())
    answer = getattr(subject, str(name))(*args)
    return subject, answer


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, max_size=40), st.sampled_from([0, 1, 3]))
def test_disk_state_answers_as_the_memory_state(
    operations: list[tuple[object, ...]], spill_at: int
) -> None:
    memory = CredentialState(spill_at=10**9)
    disk = CredentialState(spill_at=spill_at)
    try:
        for op in operations:
            memory, expected = _apply(memory, op)
            disk, answer = _apply(disk, op)
            assert answer == expected, op
            assert (disk.seen_count, disk.counted_count) == (
                memory.seen_count,
                memory.counted_count,
            )
        assert list(disk.iter_counted()) == list(memory.iter_counted())
        assert [disk.seen(k) for k in KEYS] == [memory.seen(k) for k in KEYS]
        assert [disk.alpha_seen(k) for k in KEYS] == [memory.alpha_seen(k) for k in KEYS]
        assert not memory.on_disk
        assert disk.on_disk or spill_at > 0
    finally:
        memory.close()
        disk.close()


def test_a_prefetched_miss_is_forgotten_once_the_row_is_written() -> None:
    """A key prefetched as absent, then written and written out, is found (not the stale
    "not there" of the prefetch)."""
    disk = CredentialState(spill_at=0)
    try:
        identity, credential = KEYS[0], KEYS[1]
        disk.prefetch([identity], [identity], [credential])
        assert disk.seen(identity) is None and disk.counted(credential) is None
        disk.add_seen(identity, KIND_BALLOT, 7)
        disk.add_alphas([identity], 7)
        first = Counted("north", 7, b"abcd", 3)
        disk.set_counted(credential, first)
        disk.set_counted(credential, Counted("north", 9, b"efgh", 4))  # written out by now
        disk.prefetch([identity], [identity], [credential])
        assert disk.seen(identity) is not None and disk.seen(identity).index == 7  # type: ignore[union-attr]
        assert disk.alpha_seen(identity) == 7
        assert disk.counted(credential) == Counted("north", 9, b"efgh", 4)
        assert (disk.seen_count, disk.counted_count) == (1, 1)
    finally:
        disk.close()


def test_an_unknown_kind_is_refused() -> None:
    state = CredentialState(spill_at=0)
    try:
        with pytest.raises(ValueError, match="unknown kind"):
            state.add_seen(KEYS[0], "vote", 1)
    finally:
        state.close()
