"""Shared set-up for the ceremony tests: the parties' directories and a five-trustee definition.

Secret files are written with the cheap test scrypt cost (``PLEBISCITE_INSECURE_TEST_KDF=1``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from plebiscite.board.client import DirectoryBoard
from plebiscite.election.setup import (
    init_authority,
    init_board,
    init_credential_authority,
    init_trustee,
)
from plebiscite.state.party import TEST_KDF_ENV, Party

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "referendum.toml"
TRUSTEE_IDS = ("observers", "bar", "university", "journalists", "opposition")
PASSPHRASE = "correct horse battery staple"
BOARD_PASSPHRASE = "board operator's passphrase"


def definition_text(fingerprints: dict[str, str]) -> str:
    """The example definition with the trustees' fingerprints replaced by ``fingerprints``."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for trustee_id in TRUSTEE_IDS:
        pattern = re.compile(
            rf'(id = "{trustee_id}"\nname = "[^"\n]*"\nfingerprint = ")[0-9a-f]{{64}}"'
        )
        text, count = pattern.subn(rf'\g<1>{fingerprints[trustee_id]}"', text)
        assert count == 1, trustee_id
    return text


@dataclass
class Parties:
    """Every party's directory for one election, created with the library."""

    root: Path
    board: Party
    authority: Party
    ca: Party
    trustees: dict[str, Party] = field(default_factory=dict)

    @property
    def definition(self) -> Path:
        return self.root / "referendum.toml"

    def link(self) -> DirectoryBoard:
        return DirectoryBoard(self.board.directory, lambda: BOARD_PASSPHRASE)


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    yield


def make_parties(root: Path) -> Parties:
    """Board, authority, credential authority and five trustees under ``root``."""
    parties = Parties(
        root,
        init_board(root / "board", BOARD_PASSPHRASE),
        init_authority(root / "authority", PASSPHRASE),
        init_credential_authority(root / "ca", PASSPHRASE),
    )
    for trustee_id in TRUSTEE_IDS:
        parties.trustees[trustee_id] = init_trustee(root / trustee_id, trustee_id, PASSPHRASE)
    fingerprints = {tid: p.fingerprint for tid, p in parties.trustees.items()}
    parties.definition.write_text(definition_text(fingerprints), encoding="utf-8")
    return parties


@pytest.fixture
def parties(tmp_path: Path, cheap_kdf: None) -> Parties:
    return make_parties(tmp_path)
