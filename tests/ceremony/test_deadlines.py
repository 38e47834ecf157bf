"""The trustee's client keeps to the manifest's round deadlines (docs/spec.md §9): it refuses a
round's step outside its round by its own clock, instead of posting an entry V3 would ignore."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from plebiscite.board.client import DirectoryBoard
from plebiscite.ceremony.trustee import TrusteeSession
from plebiscite.election.setup import create_election
from plebiscite.errors import InputError

from .conftest import BOARD_PASSPHRASE, PASSPHRASE, TRUSTEE_IDS, make_parties

DEADLINES = """
[ceremony_deadlines]
commit = 2026-09-20T08:00:00Z
reveal = 2026-09-21T08:00:00Z
shares = 2026-09-22T08:00:00Z
complaints = 2026-09-22T12:00:00Z
"""


def _at(text: str) -> int:
    moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1_000_000


def test_the_trustee_client_keeps_to_the_round_deadlines(tmp_path: Path) -> None:
    parties = make_parties(tmp_path)
    parties.definition.write_text(
        parties.definition.read_text(encoding="utf-8") + DEADLINES, encoding="utf-8"
    )
    key = parties.authority.signing_key(PASSPHRASE)
    now = {"t": _at("2026-09-20T07:00:00")}
    # the board dates entries by the same (simulated) clock as the trustees'
    link = DirectoryBoard(parties.board.directory, lambda: BOARD_PASSPHRASE, clock=lambda: now["t"])
    create_election(
        parties.definition,
        link,
        parties.board,
        parties.authority,
        key,
        credential_authority=parties.ca,
    )
    first, second = (
        TrusteeSession(parties.trustees[t], PASSPHRASE, link, clock=lambda: now["t"])
        for t in TRUSTEE_IDS[:2]
    )
    definition = first.result.definition
    assert definition is not None and definition.ceremony_deadlines is not None
    assert first.commit().posted
    with pytest.raises(InputError, match="commit round is open until 2026-09-20 08:00:00 UTC"):
        first.reveal()
    now["t"] = _at("2026-09-20T09:00:00")
    with pytest.raises(InputError, match="the commit round closed at 2026-09-20 08:00:00 UTC"):
        second.commit()
    # the round closed at its deadline, not when every trustee committed: reveal without waiting
    assert first.reveal().posted
    now["t"] = _at("2026-09-22T09:00:00")
    with pytest.raises(InputError, match="the shares round closed"):
        first.shares()
