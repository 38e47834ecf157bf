"""V3 with the manifest's round deadlines (docs/spec.md §9): no trustee closes the commit round
early by revealing first, and the authority cannot cut the rounds short.

The records are built during the run by :class:`Timed`, the builder of :mod:`._record` whose
manifest carries ``ceremony_deadlines`` and whose trustees keep to them (or, in a test, do not).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from _builder import Chain
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import CeremonyDeadlines
from plebiscite.model.entry import Entry
from plebiscite.rules.ceremony import check_ceremony

from ._record import HOUR, OPENS, Builder, Built, Plan, reseal
from ._reseal import only, verify

SECOND = 1_000_000
#: the builder's ceremony starts at OPENS − 10 h and posts an entry a second
START = OPENS - 10 * HOUR
DEADLINES = CeremonyDeadlines(
    commit=START + 100 * SECOND,
    reveal=START + 200 * SECOND,
    shares=START + 300 * SECOND,
    complaints=START + 400 * SECOND,
)

#: decides the board time of an entry (kind, body) from the time the builder would give it
Timing = Callable[[str, JSONObject, int], int]


class Timed(Builder):
    """The honest builder with round deadlines in the manifest: reveals wait for the commit
    deadline and ``election_key`` for the complaints deadline, unless ``timing`` says otherwise."""

    def __init__(self, timing: Timing | None = None, with_deadlines: bool = True) -> None:
        super().__init__(Plan())
        if with_deadlines:
            self.definition = dataclasses.replace(self.definition, ceremony_deadlines=DEADLINES)
        self.timing = timing

    def post(self, kind: str, body: JSONObject, *, step: int = SECOND) -> Entry:
        assert isinstance(self.board, Chain)
        at = self.board.time + step
        if kind == "trustee_reveal":
            at = max(at, DEADLINES.commit)
        elif kind == "election_key":
            at = max(at, DEADLINES.complaints)
        if self.timing is not None:
            at = self.timing(kind, body, at)
        self.board.time = at - step
        return super().post(kind, body, step=step)


def build_timed(builder: Timed) -> Built:
    return builder.play().built()


def test_a_ceremony_that_keeps_its_deadlines_verifies() -> None:
    built = build_timed(Timed())
    assert built.entries[0].body["ceremony_deadlines"] == DEADLINES.to_json()
    report = verify(built)
    assert report.ok, [str(f) for f in report.failures]


def _lockout(with_deadlines: bool) -> tuple[Built, int, int]:
    """Trustee 1 posts a (valid, signed) reveal early, before trustee 3's commit: the entries
    are reordered during the run so that the early reveal sits between the commits."""
    builder = Timed(with_deadlines=with_deadlines)
    built = build_timed(builder)
    entries = list(built.entries)
    commits = [e for e in entries if e.kind == "trustee_commit"]
    reveal_1 = next(e for e in entries if e.kind == "trustee_reveal" and e.body["trustee"] == 1)
    late_commit = commits[-1]
    # trustee 1's reveal, posted a second time early, just before trustee 3's commit
    early = Entry.create(0, late_commit.time, "trustee_reveal", reveal_1.body, bytes(32))
    at = entries.index(late_commit)
    entries.insert(at, early)
    chain, heads = reseal(entries)
    return Built(built.definition, chain, heads, {}, {}), at, at + 1


def test_an_early_reveal_does_not_lock_out_a_late_commit_with_deadlines() -> None:
    """With deadlines the early reveal is ignored (a finding) and trustee 3's commit counts:
    QUAL holds all three trustees and K recomputes."""
    built, early, late = _lockout(with_deadlines=True)
    result = check_ceremony(built.entries)
    assert result.ok, [str(f) for f in result.failures]
    assert result.qualified == (1, 2, 3)
    assert any(
        f.index == early and "before the commit round's deadline" in f.message
        for f in result.findings
    )
    assert not any(f.index == late for f in result.findings)


def test_without_deadlines_the_first_reveal_closes_the_commit_round() -> None:
    """The hole the deadlines close: without them the early reveal closes the commit round and
    trustee 3's later commit is ignored, so trustee 3 is disqualified."""
    built, _, late = _lockout(with_deadlines=False)
    result = check_ceremony(built.entries)
    assert any(f.index == late and "commit round had closed" in f.message for f in result.findings)
    assert 3 not in result.qualified


def test_an_election_key_before_the_complaints_deadline_fails_v3() -> None:
    """During the run: the authority posts election_key before the complaints deadline (it
    would cut the rounds short). V3 fails there alone, at its time."""

    def early_key(kind: str, body: JSONObject, at: int) -> int:
        return DEADLINES.shares + SECOND if kind == "election_key" else at

    built = build_timed(Timed(early_key))
    index = next(e.index for e in built.entries if e.kind == "election_key")
    only(verify(built), "V3", index, "time")


def test_a_commit_after_its_deadline_is_ignored() -> None:
    """During the run: trustee 3 commits after the commit deadline; its commit is ignored (a
    finding), so it never joins QUAL."""

    def late_commit(kind: str, body: JSONObject, at: int) -> int:
        if kind == "trustee_commit" and body["trustee"] == 3:
            return DEADLINES.commit + SECOND
        return at

    built = build_timed(Timed(late_commit))
    result = check_ceremony(built.entries)
    commit_3 = next(
        e.index for e in built.entries if e.kind == "trustee_commit" and e.body["trustee"] == 3
    )
    assert any(f.index == commit_3 and "deadline" in f.message for f in result.findings)
    assert 3 not in result.qualified
