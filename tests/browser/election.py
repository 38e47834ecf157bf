"""What other parties do to the election the browser tests run against: other voters cast with
the Python client; the authority closes, the trustees decrypt, the result is posted."""

from __future__ import annotations

from pathlib import Path

from booth._opened import TRUSTEE_PASSPHRASE, key
from plebiscite.authority.counting import close_voting, post_result, post_tally
from plebiscite.board.http import HTTPBoard
from plebiscite.booth.client import named_head
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.model.ballot import sign_ballot
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.definition import ChallengeChecker, Text
from plebiscite.rules.setup import election_setup
from plebiscite.state.party import open_party
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.early_close import trustee_cosign_close

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


def cast_others(url: str) -> None:
    """Other voters cast with the Python client (their keys are plain test keys)."""
    with HTTPBoard(url) as client:
        params = election_setup(list(client.entries())).ballot_params()
        group = get_group("secp256k1")
        for district, i, bits in OTHERS:
            voter = key(f"voter {district} {i}")
            rng = DeterministicRandom(f"browser test ballot {district} {i}")
            opened = encrypt_ballot(params, district, voter.public.xonly, [bits], rng)
            head = named_head(client.head(), None)
            body = sign_ballot(voter, group, opened.encrypted, head).to_json(group)
            client.post("ballot", body)


def count(url: str, board: Path) -> None:
    """Close early (co-signed by trustees 1 and 2), tally, decrypt with those two of the three
    trustees, post the result."""
    with HTTPBoard(url) as client:
        authority = key("authority")
        parties = [open_party(board.parent / f"trustee-{i}", "trustee") for i in (1, 2)]
        cosigned = [trustee_cosign_close(client, p, TRUSTEE_PASSPHRASE) for p in parties]
        close_voting(client, authority, early=True, cosignatures=[c.cosignature for c in cosigned])
        post_tally(client, authority)
        for party in parties:
            trustee_decrypt(client, party, TRUSTEE_PASSPHRASE)
        post_result(client, authority)
