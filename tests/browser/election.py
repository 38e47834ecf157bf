"""What other parties do to the election the browser tests run against, played by the test
election builder over the service: other voters cast with the Python client; the authority
closes, the trustees decrypt, the result is posted."""

from __future__ import annotations

from pathlib import Path

from _builder import ElectionBuilder, Phase
from booth._opened import SPEC, TRUSTEE_PASSPHRASE
from plebiscite.board.http import HTTPBoard
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.model.definition import ChallengeChecker, Text
from plebiscite.rules.setup import election_setup
from plebiscite.state.party import open_party

#: the checker's name as each language shows it
CHECKER_NAMES = {
    "en": "Citizens' observers",
    "uk": "Громадські спостерігачі",
    "ru": "Гражданские наблюдатели",
}
#: independent challenge checkers the definition lists (shown by the booth)
CHECKERS = (
    ChallengeChecker(
        Text(tuple(CHECKER_NAMES.items())), "https://observers.example/challenge-checker/"
    ),
)

#: the python-cast ballots of other voters: (district, roll position, option bits)
OTHERS = [("north", 0, [1, 0]), ("north", 1, [0, 1]), ("north", 2, [1, 0]), ("south", 0, [0, 1])]


class _Others(ElectionBuilder):
    """The test election builder resumed on the served board after ``open``: its ballots are
    :data:`OTHERS`; the counting is the real parties' (the trustees of ``board``'s folder)."""

    def ballots(self) -> None:
        for district, i, bits in OTHERS:
            voter = self.voter(district, i)
            rng = DeterministicRandom(f"browser test ballot {district} {i}")
            self.post_ballot(voter, self.encrypt(district, voter, bits, rng))


def _builder(client: HTTPBoard, board: Path | None = None) -> _Others:
    definition = election_setup(client.entries()).definition
    assert definition is not None
    trustees = (
        [open_party(board.parent / f"trustee-{i}", "trustee") for i in (1, 2, 3)] if board else []
    )
    return _Others(
        SPEC,
        client,
        definition=definition,
        trustees=trustees,
        passphrase=TRUSTEE_PASSPHRASE,
        decrypting=(1, 2),
    )


def cast_others(url: str) -> None:
    """Other voters cast with the Python client (their keys are plain test keys)."""
    with HTTPBoard(url) as client:
        _builder(client).resume(Phase.OPEN).play(until=Phase.BALLOTS)


def count(url: str, board: Path) -> None:
    """Close early (co-signed by trustees 1 and 2), tally, decrypt with those two of the three
    trustees, post the result."""
    with HTTPBoard(url) as client:
        builder = _builder(client, board).resume(Phase.BALLOTS)
        builder.early = True
        builder.play()
