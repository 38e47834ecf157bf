"""V8, the partial decryptions: from outside qual, twice, or missing from the result.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

from ._record import (
    key,
)
from ._reseal import (
    CeremonyPlan,
    HostileBuilder,
    HostilePlan,
    build_hostile,
    only,
    verify,
)

# -- V8: decryptions (during the run) ----------------------------------------------------------


def test_partial_decryption_from_outside_qual_fails_v8() -> None:
    """During the run: dealer 2 never posted its shares (so QUAL = {1, 3}, honestly posted);
    trustee 2 still posts a partial decryption, signed with its key."""
    from plebiscite.model import tally as mt

    posted: dict[str, int] = {}

    def outsider(b: HostileBuilder) -> None:
        tally_entry = next(e for e in b.entries if e.kind == "tally")
        checker_tally = mt.parse_tally(b.group, b.definition, tally_entry.body, "tally")
        partial = mt.make_partial_decryption(
            b.group, 2, 12345, checker_tally, tally_entry.hash, b.election_ctx, b.rng
        )
        body = b.signed(key("trustee 2"), "partial_decryption", partial.to_body(b.group))
        posted["index"] = b.post("partial_decryption", body).index

    built = build_hostile(HostilePlan(ceremony=CeremonyPlan(no_shares=2), after_partials=outsider))
    report = verify(built)
    only(report, "V8", posted["index"], "body.trustee")


def test_second_partial_decryption_of_a_trustee_fails_v8() -> None:
    """During the run: trustee 1 posts a second (valid) partial decryption."""
    from plebiscite.model import tally as mt

    posted: dict[str, int] = {}

    def again(b: HostileBuilder) -> None:
        tally_entry = next(e for e in b.entries if e.kind == "tally")
        tally = mt.parse_tally(b.group, b.definition, tally_entry.body, "tally")
        partial = mt.make_partial_decryption(
            b.group, 1, b.secrets[1], tally, tally_entry.hash, b.election_ctx, b.rng
        )
        body = b.signed(key("trustee 1"), "partial_decryption", partial.to_body(b.group))
        posted["index"] = b.post("partial_decryption", body).index

    built = build_hostile(HostilePlan(after_partials=again))
    report = verify(built)
    only(report, "V8", posted["index"], "body.trustee")
    assert "second" in report.failures[0].message


def test_result_combining_a_trustee_without_a_share_fails_v8() -> None:
    """During the run: the authority's result says it combined trustees 1 and 2, but trustee 2
    posted no partial decryption (1 and 3 did): a wrong combination."""
    built = build_hostile(HostilePlan(result_trustees=(1, 2)))
    report = verify(built)
    only(report, "V8", len(built.entries) - 1, "body.trustees")
