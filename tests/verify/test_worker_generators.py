"""A V11 worker keeps the shuffle generators it derived (:func:`worker_generators`): the same
points as the derivation, derived once per context and range, within a bound of bytes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle import generator_range
from plebiscite.verify import mix_workers

CONTEXT = bytes(range(32))


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[int, int]]]:
    """The ranges the worker derives (by hashing to the group), in order."""
    calls: list[tuple[int, int]] = []

    def counted(group: Group, context: object, start: int, stop: int) -> list[Element]:
        calls.append((start, stop))
        return generator_range(group, context, start, stop)  # type: ignore[arg-type]

    monkeypatch.setattr(mix_workers, "generator_range", counted)
    mix_workers.clear_worker_generators()
    yield calls
    mix_workers.clear_worker_generators()


@pytest.mark.parametrize("group_name", ["secp256k1", "modp4096"])
def test_kept_generators_are_the_derived_ones(
    group_name: str, derivations: list[tuple[int, int]]
) -> None:
    group = get_group(group_name)
    want = generator_range(group, CONTEXT, 3, 7)
    first = mix_workers.worker_generators(group, CONTEXT, 3, 7)
    again = mix_workers.worker_generators(group, CONTEXT, 3, 7)
    assert [group.encode(e) for e in first] == [group.encode(e) for e in want]
    assert [group.encode(e) for e in again] == [group.encode(e) for e in want]
    assert derivations == [(3, 7)]  # read back the second time, not hashed again
    other = mix_workers.worker_generators(group, bytes(32), 3, 7)  # another context
    assert [group.encode(e) for e in other] != [group.encode(e) for e in want]
    assert derivations == [(3, 7), (3, 7)]


def test_the_oldest_range_goes_past_the_bound(
    monkeypatch: pytest.MonkeyPatch, derivations: list[tuple[int, int]]
) -> None:
    group = get_group("secp256k1")
    size = len(group.pack([group.generator()]) or b"")
    monkeypatch.setattr(mix_workers, "KEPT_GENERATOR_BYTES", 5 * size)  # room for 5 points
    mix_workers.worker_generators(group, CONTEXT, 0, 3)
    mix_workers.worker_generators(group, CONTEXT, 3, 5)
    mix_workers.worker_generators(group, CONTEXT, 0, 3)  # kept: now the newest
    mix_workers.worker_generators(group, CONTEXT, 5, 6)  # 6 points: (3, 5) goes
    assert derivations == [(0, 3), (3, 5), (5, 6)]
    mix_workers.worker_generators(group, CONTEXT, 0, 3)
    mix_workers.worker_generators(group, CONTEXT, 3, 5)
    assert derivations == [(0, 3), (3, 5), (5, 6), (3, 5)]


def test_a_corrupted_kept_point_is_refused(derivations: list[tuple[int, int]]) -> None:
    """A kept packed point is checked on the curve when read back, as the store's are."""
    from plebiscite.errors import GroupElementError

    group = get_group("secp256k1")
    mix_workers.worker_generators(group, CONTEXT, 0, 2)
    key = next(iter(mix_workers._KEPT))
    packed, size = mix_workers._KEPT[key]
    assert isinstance(packed, bytes)
    mix_workers._KEPT[key] = (packed[:-1] + bytes([packed[-1] ^ 1]), size)
    with pytest.raises(GroupElementError, match="kept generator"):
        mix_workers.worker_generators(group, CONTEXT, 0, 2)
