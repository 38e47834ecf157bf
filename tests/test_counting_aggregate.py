"""V7's aggregate, which folds each district's ciphertexts in by one product per batch of
ballots, gives the products of the plain one-by-one multiplication."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from types import SimpleNamespace
from typing import cast

import pytest

from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import RecordError
from plebiscite.model.definition import Definition
from plebiscite.rules import counting
from plebiscite.rules.state import Counted


@pytest.mark.parametrize("fold", [1, 4, 512])
def test_aggregate_folded_equals_the_plain_product(
    group: Group, fold: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(counting, "_FOLD", fold)
    rng = DeterministicRandom(b"aggregate")
    points = [group.exp_g(group.random_nonzero_scalar(rng)) for _ in range(7)]
    definition = cast(
        Definition,
        SimpleNamespace(
            questions=(SimpleNamespace(options=(1, 2)), SimpleNamespace(options=(1,))),
            districts=tuple(SimpleNamespace(id=d) for d in ("a", "b", "empty")),
        ),
    )
    width = 3
    ballots: list[tuple[str, list[Element]]] = []
    for i in range(11):
        district = "a" if i % 4 else "b"
        ballots.append((district, [points[(i * 3 + k * k) % 7] for k in range(2 * width)]))
    counted = [
        (b"", Counted(d, i, group.keep(elements))) for i, (d, elements) in enumerate(ballots)
    ]
    tally = counting.aggregate(group, definition, counted)
    by_district = {agg.district: agg for agg in tally.districts}
    for district in ("a", "b", "empty"):
        want = [group.identity()] * (2 * width)
        for d, elements in ballots:
            if d == district:
                want = [group.mul(w, e) for w, e in zip(want, elements, strict=True)]
        agg = by_district[district]
        got = [x for row in agg.aggregates for ct in row for x in (ct.alpha, ct.beta)]
        assert got == want
        assert agg.counted == sum(1 for d, _ in ballots if d == district)


@pytest.mark.parametrize(("part", "in_flight"), [(1, 1), (3, 2), (2048, 4)])
def test_aggregate_in_parts_equals_the_aggregate_here(
    group: Group, part: int, in_flight: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """V7's products computed in parts elsewhere (``verify --workers``: each part decoded and
    multiplied by :func:`counting.aggregate_part`, the parts multiplied here) equal those
    computed here, whatever the part size and the number of parts out at once."""
    monkeypatch.setattr(counting, "AGGREGATE_PART", part)
    monkeypatch.setattr(counting, "get_group", lambda name: group)
    rng = DeterministicRandom(b"aggregate parts")
    points = [group.exp_g(group.random_nonzero_scalar(rng)) for _ in range(5)]
    definition = cast(
        Definition,
        SimpleNamespace(
            questions=(SimpleNamespace(options=(1, 2)), SimpleNamespace(options=(1,))),
            districts=tuple(SimpleNamespace(id=d) for d in ("a", "b", "empty")),
        ),
    )
    counted = [
        (
            b"",
            Counted(
                "a" if i % 3 else "b",
                i,
                group.keep([points[(i + k * k) % 5] for k in range(6)]),
            ),
        )
        for i in range(13)
    ]
    out: list[Future[object]] = []

    def submit(function: Callable[..., object], *args: object) -> Future[object]:
        future: Future[object] = Future()
        future.set_result(function(*args))
        out.append(future)
        return future

    here = counting.aggregate(group, definition, counted)
    parts = counting.aggregate(group, definition, counted, submit=submit, in_flight=in_flight)
    assert parts == here
    assert len(out) == -(-len(counted) // part)


def test_a_counted_row_of_another_length_or_district_is_refused(group: Group) -> None:
    """A counted row is read back many at a time: one of the wrong length would shift every
    element after it, and one of a district the manifest lacks would count nowhere. Both are
    refused, naming what is wrong."""
    definition = cast(
        Definition,
        SimpleNamespace(
            questions=(SimpleNamespace(options=(1,)),),
            districts=(SimpleNamespace(id="a"),),
        ),
    )
    two = group.keep([group.generator(), group.generator()])
    with pytest.raises(RecordError, match=r"counted ballot: \d+ bytes, not the \d+ of 1"):
        counting.aggregate(group, definition, [(b"", Counted("a", 0, two + two))])
    with pytest.raises(RecordError, match="district 'z': not in the manifest"):
        counting.aggregate(group, definition, [(b"", Counted("z", 0, two))])
    assert (
        counting.aggregate(group, definition, [(b"", Counted("a", 0, two))]).districts[0].counted
        == 1
    )
