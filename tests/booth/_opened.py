"""A real election, opened, on a board directory: what the voter's commands run against.

:func:`build` creates a board directory (:func:`plebiscite.election.setup.init_board`) and the
test election builder (``tests/_builder.py``) plays the whole setup through a
:class:`~plebiscite.board.client.DirectoryBoard`, the board's own acceptance policy and the
system clock, exactly as the commands of a deployment would: the signed manifest, the key
ceremony of three trustees (k = 2) with the real
:class:`~plebiscite.ceremony.trustee.TrusteeSession` rounds, the authority's ``election_key``,
every trustee's liveness drill, the credential roll (one voter's key derived from a credential,
the rest plain keys) with its signed ``credential_roll_final``, then the authority's ``open``.

The voting window opens a day before the build and closes four days after it, so a real
``plebiscite vote`` run (system clock) posts inside it. Secret files use the cheap test scrypt
cost (:data:`~plebiscite.state.party.TEST_KDF_ENV`), credentials the manifest's tiny test KDF.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from _builder import ElectionBuilder, ElectionSpec, Phase
from plebiscite.board.client import DirectoryBoard
from plebiscite.crypto.credential import derive_signing_key, parse_credential
from plebiscite.election.setup import init_board, init_trustee
from plebiscite.model.definition import ChallengeChecker, Definition
from plebiscite.state.party import TEST_KDF_ENV

ELECTION_ID = bytes.fromhex("7a3c0e5b91d24f68a0b7c3e2d1f40596")
BOARD_PASSPHRASE = "board passphrase for tests"
TRUSTEE_PASSPHRASE = "trustee passphrase for tests"
#: registered voters per district, in the definition's order
REGISTERED = {"north": 4, "south": 3}
#: the district, and the position in its roll, of the voter whose credential is given to build()
VOTER_DISTRICT, VOTER_POSITION = "south", 1
N, K = 3, 2
DAY_S = 24 * 3_600

#: the election of this suite (its window is set around the present by :func:`build`)
SPEC = ElectionSpec(
    "booth cli test key", ELECTION_ID, REGISTERED, title='"Booth test referendum"', n=N, k=K
)


#: a deterministic test key of the party ``name``
key = SPEC.key


@dataclass(frozen=True)
class OpenedElection:
    """The board directory of an opened election, and its definition."""

    board: Path
    definition: Definition

    def copy(self, target: Path) -> Path:
        """A copy of the board directory (key and chain) at ``target``, for one test to post to."""
        shutil.copytree(self.board, target)
        return target


def build(
    directory: Path,
    credential: str,
    *,
    opens_in_s: int = -DAY_S,
    open_it: bool = True,
    checkers: tuple[ChallengeChecker, ...] = (),
) -> OpenedElection:
    """Create the board directory ``directory/board`` and open the election on it; the roll of
    :data:`VOTER_DISTRICT` holds the key of ``credential``. The window opens ``opens_in_s``
    seconds from now (a day ago by default) and lasts five days; ``open_it`` False leaves the
    election ready but not open; ``checkers`` are the definition's independent challenge
    checkers."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(TEST_KDF_ENV, "1")
        party = init_board(directory / "board", BOARD_PASSPHRASE)
        trustees = [
            init_trustee(directory / f"trustee-{i}", f"t{i}", TRUSTEE_PASSPHRASE)
            for i in range(1, N + 1)
        ]
        now = int(time.time())
        spec = dataclasses.replace(
            SPEC, opens=now + opens_in_s, closes=now + opens_in_s + 5 * DAY_S
        )
        definition = spec.definition([t.fingerprint for t in trustees], board=party.public_key)
        definition = dataclasses.replace(definition, checkers=checkers)
        voter = derive_signing_key(
            parse_credential(credential), ELECTION_ID, definition.kdf.derivation()
        )
        builder = _Builder(
            spec,
            DirectoryBoard(party.directory, lambda: BOARD_PASSPHRASE),
            definition=definition,
            seed="booth test election",
            trustees=trustees,
            passphrase=TRUSTEE_PASSPHRASE,
            roll_chunk=2,
        )
        builder.voter_key = voter.public.xonly
        builder.play(until=Phase.OPEN if open_it else Phase.CREDENTIALS)
    return OpenedElection(party.directory, definition)


class _Builder(ElectionBuilder):
    """The roll lists :attr:`voter_key` as voter :data:`VOTER_POSITION` of
    :data:`VOTER_DISTRICT`."""

    voter_key = b""

    def roll_keys(self) -> dict[str, list[bytes]]:
        keys = super().roll_keys()
        keys[VOTER_DISTRICT][VOTER_POSITION] = self.voter_key
        return keys
