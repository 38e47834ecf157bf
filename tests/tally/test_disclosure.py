"""The disclosure rule (spec §12.2): no published figure, nor any difference of published
figures, gives the counts of a group of fewer than the minimum district size."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from plebiscite.model.tally import DistrictAggregates, Tally, decrypted_districts, total_disclosed


def _tally(counted: list[int]) -> Tally:
    return Tally(tuple(DistrictAggregates(f"d{i}", c, ()) for i, c in enumerate(counted)))


@given(st.lists(st.integers(0, 30), min_size=1, max_size=7), st.integers(0, 12))
def test_no_group_below_the_minimum_can_be_computed(counted: list[int], minimum: int) -> None:
    """The published groups are the disclosed districts, the total when disclosed, and so the
    withheld remainder (total minus the disclosed districts): every sum of them holds 0 or at
    least m ballots; every district of at least m is disclosed but for at most one."""
    m = max(minimum, 1)
    tally = _tally(counted)
    shown = decrypted_districts(tally, minimum)
    total = sum(counted)
    assert all(d.counted >= m for d in shown)
    assert [d.district for d in shown] == [d.district for d in tally.districts if d in shown]
    assert total_disclosed(tally, minimum) == (total >= m)
    atoms = [d.counted for d in shown]
    if total_disclosed(tally, minimum):
        atoms.append(total - sum(atoms))  # the withheld group, by subtraction
    for size in range(1, len(atoms) + 1):
        for group in combinations(atoms, size):
            assert sum(group) == 0 or sum(group) >= m, (counted, minimum, group)
    big = [c for c in counted if c >= m]
    assert len(big) - len(shown) in (0, 1)


def test_the_smallest_district_at_the_minimum_joins_the_withheld_group() -> None:
    """Minimum 10: 12, 30 and 10 disclosed alone would leave 4 ballots for the last district;
    the smallest disclosed (10) joins it, the first of equals when there is a tie."""
    assert [d.district for d in decrypted_districts(_tally([12, 30, 10, 4]), 10)] == ["d0", "d1"]
    assert [d.district for d in decrypted_districts(_tally([11, 11, 3]), 10)] == ["d1"]
    assert [d.district for d in decrypted_districts(_tally([11, 11, 0]), 10)] == ["d0", "d1"]
    assert [d.district for d in decrypted_districts(_tally([11, 5, 6]), 10)] == ["d0"]
    assert decrypted_districts(_tally([11, 3]), 10) == [] and total_disclosed(_tally([11, 3]), 10)
    assert not total_disclosed(_tally([4, 3]), 10) and not total_disclosed(_tally([0]), 1)
