"""The test election builder: it stops after any phase, goes on from there, and what it plays
end to end is a record the verifier accepts, with the counts of the ballots cast."""

from __future__ import annotations

from _builder import Chain, ElectionBuilder, ElectionSpec, Phase
from plebiscite.model.tally import parse_result
from plebiscite.rules.checker import Checker

SPEC = ElectionSpec("builder test key", bytes(range(16)), {"a": 3, "b": 2}, n=3, k=2)

#: the kind of the last entry each phase posts
LAST_KIND = {
    Phase.DEFINITION: "manifest",
    Phase.CEREMONY: "liveness",
    Phase.CREDENTIALS: "credential_roll_final",
    Phase.OPEN: "open",
    Phase.BALLOTS: "ballot",
    Phase.CLOSE: "close",
    Phase.TALLY: "tally",
    Phase.DECRYPTION: "partial_decryption",
    Phase.RESULT: "result",
}


class ThreeVoters(ElectionBuilder):
    """Voters a0 and a1 vote yes, b0 votes no."""

    def ballots(self) -> None:
        for district, i, bits in (("a", 0, [1, 0]), ("a", 1, [1, 0]), ("b", 0, [0, 1])):
            voter = self.voter(district, i)
            self.post_ballot(voter, self.encrypt(district, voter, bits))


def test_the_builder_stops_after_each_phase_and_goes_on_to_a_verified_result() -> None:
    builder = ThreeVoters(SPEC, Chain(SPEC.key("board"), SPEC.election_id, 0), seed="builder")
    for phase in Phase:
        before = len(builder.entries)
        builder.play(until=phase)
        assert builder.done == phase
        assert len(builder.entries) > before and builder.entries[-1].kind == LAST_KIND[phase]
    assert [e.kind for e in builder.entries].count("partial_decryption") == SPEC.k
    builder.play()  # nothing left to play
    assert builder.entries[-1].kind == "result"
    checker = Checker()
    try:
        checker.feed_all(builder.entries)
        assert isinstance(builder.board, Chain)
        for number, head in enumerate(builder.board.heads(), start=1):
            checker.feed_head(head, f"heads.jsonl:{number}")
        report = checker.finish()
    finally:
        checker.close()
    assert report.ok, [str(f) for f in report.failures]
    result, _ = parse_result(builder.definition, builder.entries[-1].body, "result")
    assert [(d, figures.counts) for d, figures in result.districts] == [
        ("a", ((2, 0),)),
        ("b", ((0, 1),)),
    ]
