"""Combining any k valid partial decryptions into the counts, and the ``result`` body.

:func:`compute_result` takes the counted board (:func:`plebiscite.tally.count.count_board`),
chooses the k valid partial decryptions of the lowest trustee indices, combines each decrypted
aggregate with Lagrange coefficients at 0 and recovers each count by a bounded discrete logarithm
(:func:`plebiscite.model.tally.combine_counts` per district, :func:`combine_total
<plebiscite.model.tally.combine_total>` for the whole election), then builds the figures
(:func:`plebiscite.model.tally.build_result`): counts per district (null for a district the
disclosure rule withholds, decrypted only inside the total) and in total (null below the
minimum), counted, registered, turnout,
superseded and challenged.
"""

from __future__ import annotations

from plebiscite.errors import InputError
from plebiscite.model.tally import Result, build_result, combine_counts, combine_total
from plebiscite.tally.count import BoardCount

__all__ = ["compute_result"]


def compute_result(count: BoardCount) -> Result:
    """The result of the posted tally from k valid partial decryptions (:class:`InputError`
    when there is no tally or fewer than k)."""
    if count.posted_tally is None:
        problems = "".join(f"\n  {p}" for p in count.tally_problems)
        raise InputError("no valid tally is posted on the board yet" + problems)
    k = count.definition.trustees.k
    if len(count.partials) < k:
        problems = "".join(f"\n  {p}" for p in count.partial_problems)
        raise InputError(
            f"{len(count.partials)} valid partial decryption(s) from trustees "
            f"{sorted(count.partials)}; k = {k} are needed{problems}"
        )
    chosen = sorted(count.partials)[:k]
    tally_entry, tally = count.posted_tally
    partials = {i: count.partials[i] for i in chosen}
    counts = combine_counts(count.group, tally, partials, k)
    total = combine_total(count.group, tally, partials, k)
    return build_result(
        count.definition,
        tally,
        tally_entry.hash,
        counts,
        count.figures.superseded,
        count.figures.challenged,
        chosen,
        total_counts=total,
    )
