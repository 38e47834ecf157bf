"""V7's aggregate, which folds each district's ciphertexts in by one product per batch of
ballots, gives the products of the plain one-by-one multiplication."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest

from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.rand import DeterministicRandom
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
        (b"", Counted(d, i, b"".join(group.encode(e) for e in elements)))
        for i, (d, elements) in enumerate(ballots)
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
