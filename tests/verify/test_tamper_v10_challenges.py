"""V10, challenged ballots: a challenge names no credential, and at most ``registered`` valid
challenges count per district (spec §11.6); the ``challenged`` figure is recounted (V9).

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject

from ._record import REGISTERED, Builder, Plan, build, voter
from ._reseal import only, sealed
from .test_checker import run

# -- 7. challenges per district are bounded (V10.3) ------------------------------------------------


def test_board_invented_challenges_beyond_the_bound_fail_v10() -> None:
    """The board invents valid challenges in south (3 registered) and appends them itself,
    re-sealing its heads: each opens a genuine encryption, so V10.1-2 and V6 pass; the first
    three are indistinguishable from voters' and count; the one beyond the bound fails V10 alone
    at ``body.district``, is not counted in ``challenged``, and leaves no α behind."""
    bound = REGISTERED["south"]

    def invent(b: Builder) -> None:
        for i in range(bound + 1):  # a key of its own: a challenge names none
            opened = encrypt_ballot(b.params, "south", voter("board", i).public.xonly, [[1, 0]])
            b.post("challenge", opened.challenge().to_json(b.group))
        b.named["beyond"] = len(b.entries) - 1

    built = sealed(build(Plan(before_close=invent)))
    report = run(built)
    only(report, "V10", built.ballots["beyond"], "body.district")
    assert "3 valid challenges" in report.failures[0].message
    # north-1's own challenge and the three the board made up: the figure counts entries
    assert report.figures["challenged"] == 1 + bound


def test_inflated_challenged_figure_fails_v9() -> None:
    """During the run: the authority signs a result with one more challenge in north (and in the
    total) than there are valid challenge entries: V9 alone, at the result."""

    def lie(body: JSONObject) -> JSONObject:
        for part in (body["districts"][0], body["total"]):  # type: ignore[index]
            assert isinstance(part, dict) and isinstance(part["challenged"], int)
            part["challenged"] += 1
        return body

    built = build(Plan(result_body=lie))
    only(run(built), "V9", len(built.entries) - 1, "body.districts[0].challenged")
