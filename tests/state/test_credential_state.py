"""The checker's per-credential state answers the same in memory and on disk: any sequence of
reads and writes, with copies between them, gives every answer and count that the in-memory
dictionaries give (spilled at once, part way, or never), also where every key's fingerprint and
home bucket in the disk tables collide (each answer then comes from the keys read on disk)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plebiscite.rules.hashfile import HashFile
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
    st.tuples(st.just("iter_counted")),
    st.tuples(st.just("expect"), st.integers(0, 300), st.integers(0, 300), st.integers(0, 300)),
    st.tuples(st.just("copy")),
)


COLLIDE = {
    "keyed hash": None,
    "one bucket, one fingerprint": lambda table, key: (0, 1),
    "a few buckets and fingerprints": lambda table, key: (key[0] % 3, key[0] % 2 + 1),
}


@pytest.fixture(params=list(COLLIDE))
def hashing(request: pytest.FixtureRequest) -> Iterator[None]:
    """The disk tables' hash as it is, or replaced by one under which keys collide."""
    forced = COLLIDE[request.param]
    if forced is None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HashFile, "_hash", forced)
        yield


def _apply(subject: CredentialState, op: tuple[object, ...]) -> tuple[CredentialState, object]:
    """Run ``op`` on ``subject``: the state to go on with and what the operation answered."""
    name, args = op[0], op[1:]
    if name == "copy":
        other = subject.copy()
        subject.close()
        return other, None
    if name == "iter_counted":
        return subject, sorted(subject.iter_counted())
    answer = getattr(subject, str(name))(*args)
    return subject, answer


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(operation, max_size=40), st.sampled_from([0, 1, 3]))
def test_disk_state_answers_as_the_memory_state(
    hashing: None, operations: list[tuple[object, ...]], spill_at: int
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
        assert sorted(disk.iter_counted()) == list(memory.iter_counted())
        assert [disk.seen(k) for k in KEYS] == [memory.seen(k) for k in KEYS]
        assert [disk.alpha_seen(k) for k in KEYS] == [memory.alpha_seen(k) for k in KEYS]
        assert not memory.on_disk
        assert disk.on_disk or spill_at > 0
    finally:
        memory.close()
        disk.close()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(["get", "put", "add"]), st.integers(0, 299), st.integers(0, 9)),
        max_size=400,
    ),
    st.integers(1, 33),
)
def test_a_hash_file_answers_as_a_dictionary(
    hashing: None, tmp_path: Path, operations: list[tuple[str, int, int]], width: int
) -> None:
    """Across the doublings of a table made for no rows (128 slots, doubled past 96 keys) and
    copies, keys of every allowed length, each answer is the dictionary's."""
    table = HashFile(str(tmp_path / "t"), 2)
    expected: dict[bytes, bytes] = {}
    try:
        for step, (name, number, value) in enumerate(operations):
            key = (
                number.to_bytes(2, "big").rjust(width, b"k")[-width:]
                if width > 1
                else bytes([number % 256])
            )
            data = bytes([value, step % 256])
            if name == "get":
                assert table.get(key) == expected.get(key)
            elif name == "put":
                assert table.put(key, data) == (key not in expected)
                expected[key] = data
            else:
                assert table.add(key, data) == (key not in expected)
                expected.setdefault(key, data)
            if step % 97 == 96:
                other = table.copy(str(tmp_path / f"t{step}"))
                table.close()
                table = other
        assert len(table) == len(expected)
        assert dict(table.items()) == expected
    finally:
        table.close()


def test_a_table_keeps_every_key_as_it_doubles(hashing: None, tmp_path: Path) -> None:
    """600 keys in a table made for none (doubled three times), each found with its value, also
    after the table is made larger for more."""
    table = HashFile(str(tmp_path / "t"), 4)
    try:
        for n in range(600):
            assert table.add(n.to_bytes(4, "big"), n.to_bytes(4, "little"))
            assert not table.add(n.to_bytes(4, "big"), b"none")
        assert table.slots == 1024
        assert all(table.get(n.to_bytes(4, "big")) == n.to_bytes(4, "little") for n in range(600))
        assert table.get((600).to_bytes(4, "big")) is None
        table.reserve(5000)  # made larger at once: the same answers
        assert table.slots >= 5000 * 4 // 3 and len(table) == 600
        assert all(table.get(n.to_bytes(4, "big")) == n.to_bytes(4, "little") for n in range(600))
        assert sorted(table.items()) == [
            (n.to_bytes(4, "big"), n.to_bytes(4, "little")) for n in range(600)
        ]
    finally:
        table.close()


def test_a_hash_file_refuses_a_key_or_value_of_the_wrong_size(tmp_path: Path) -> None:
    table = HashFile(str(tmp_path / "t"), 2)
    try:
        with pytest.raises(ValueError, match="a key of 34 bytes"):
            table.get(b"x" * 34)
        with pytest.raises(ValueError, match="a key of 0 bytes"):
            table.put(b"", b"ab")
        with pytest.raises(ValueError, match="a value of 3 bytes"):
            table.put(b"k", b"abc")
        assert len(table) == 0
    finally:
        table.close()


def test_a_copy_is_independent(tmp_path: Path) -> None:
    """A copy of the disk state (a checker's snapshot) changes neither with the original nor the
    original with it, and each leaves no file behind once closed."""
    state = CredentialState(spill_at=0, directory=str(tmp_path))
    state.add_seen(KEYS[0], KIND_BALLOT, 1)
    state.set_counted(KEYS[1], Counted("north", 1, b"abcd", 0))
    copy = state.copy()
    state.set_counted(KEYS[1], Counted("south", 2, b"efgh", 1))
    copy.add_alphas([KEYS[2]], 3)
    assert copy.counted(KEYS[1]) == Counted("north", 1, b"abcd", 0)
    assert state.counted(KEYS[1]) == Counted("south", 2, b"efgh", 1)
    assert state.alpha_seen(KEYS[2]) is None and copy.alpha_seen(KEYS[2]) == 3
    assert copy.seen(KEYS[0]) == state.seen(KEYS[0])
    state.close()
    copy.close()
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_kind_is_refused() -> None:
    state = CredentialState(spill_at=0)
    try:
        with pytest.raises(ValueError, match="unknown kind"):
            state.add_seen(KEYS[0], "vote", 1)
    finally:
        state.close()
