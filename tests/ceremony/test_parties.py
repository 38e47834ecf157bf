"""Party state directories and creating an election on the board."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.election.setup import create_election, init_authority
from plebiscite.errors import BoardError, DefinitionError, InputError, ParameterError
from plebiscite.model.ceremony import read_manifest
from plebiscite.state.party import (
    PASSPHRASE_ENV,
    TEST_KDF_ENV,
    Party,
    init_party,
    open_party,
    read_passphrase,
    secret_kdf,
)

from .conftest import PASSPHRASE, Parties


def test_party_round_trip_and_secrets(tmp_path: Path) -> None:
    party = init_party(tmp_path / "t", "trustee", PASSPHRASE, info={"trustee_id": "bar"})
    again = open_party(tmp_path / "t", "trustee")
    assert again.public_key == party.public_key and again.info == {"trustee_id": "bar"}
    assert again.signing_key(PASSPHRASE).public == party.public_key
    with pytest.raises(InputError, match="wrong passphrase"):
        again.signing_key("not the passphrase")
    with pytest.raises(InputError, match="belongs to a trustee, not a authority"):
        open_party(tmp_path / "t", "authority")
    with pytest.raises(InputError, match="already holds a party"):
        init_party(tmp_path / "t", "trustee", PASSPHRASE)
    party.write_secret("notes", b"kept", PASSPHRASE)
    assert party.read_secret("notes", PASSPHRASE) == b"kept"
    public = json.loads((tmp_path / "t" / "party.json").read_text())
    assert public["fingerprint"] == party.fingerprint and "kept" not in json.dumps(public)
    signing = party.signing_key(PASSPHRASE)
    assert signing.secret_bytes().hex() not in repr(signing) + repr(party)


def test_the_identity_key_is_unlocked_once_per_party_and_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that signs and also keys its saved check of the board pays the secret file's
    scrypt once; a wrong passphrase still fails, and a pickled party carries no key."""
    party = open_party(init_party(tmp_path / "t", "trustee", PASSPHRASE).directory, "trustee")
    reads: list[str] = []
    read = Party.read_secret

    def counted(self: Party, name: str, passphrase: str) -> bytes:
        reads.append(name)
        return read(self, name, passphrase)

    monkeypatch.setattr(Party, "read_secret", counted)
    key = party.signing_key(PASSPHRASE)
    assert party.signing_key(PASSPHRASE) is key and reads == ["identity"]
    with pytest.raises(InputError, match="wrong passphrase"):
        party.signing_key("not the passphrase")
    assert pickle.loads(pickle.dumps(party))._unlocked == {}


def test_tampered_public_file_is_refused(tmp_path: Path) -> None:
    init_party(tmp_path / "a", "authority", PASSPHRASE)
    path = tmp_path / "a" / "party.json"
    document = json.loads(path.read_text())
    document["fingerprint"] = "00" * 32
    path.write_text(json.dumps(document))
    with pytest.raises(InputError, match="fingerprint"):
        open_party(tmp_path / "a")


def test_passphrase_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "pass"
    file.write_text("from the file\nsecond line\n")
    monkeypatch.setenv(PASSPHRASE_ENV, "from the environment")
    assert read_passphrase(file) == "from the file"
    assert read_passphrase(None) == "from the environment"
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(InputError, match="first line is empty"):
        read_passphrase(tmp_path / "empty")


def test_test_kdf_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_KDF_ENV)
    assert secret_kdf().n == 1 << 17
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    assert secret_kdf().n < 1 << 10


@pytest.mark.parametrize(("value", "in_pytest"), [("1", False), ("yes", True), ("0", False)])
def test_test_kdf_is_refused_outside_the_test_suite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, in_pytest: bool
) -> None:
    """Outside a pytest run (or set to anything but 1) the variable is refused, loudly: no party
    is created with a weak secret file, through the library or the CLI."""
    monkeypatch.setenv(TEST_KDF_ENV, value)
    if not in_pytest:
        monkeypatch.delenv("PYTEST_CURRENT_TEST")
    with pytest.raises(ParameterError, match=f"{TEST_KDF_ENV} is set"):
        secret_kdf()
    with pytest.raises(ParameterError, match="only inside the test suite"):
        init_party(tmp_path / "a", "authority", PASSPHRASE)
    assert not (tmp_path / "a" / "party.json").exists()
    env: dict[str, str | None] = {TEST_KDF_ENV: value, PASSPHRASE_ENV: PASSPHRASE}
    if not in_pytest:
        env["PYTEST_CURRENT_TEST"] = None
    shown = CliRunner().invoke(app, ["authority", "init", str(tmp_path / "b")], env=env)
    assert shown.exit_code != 0 and TEST_KDF_ENV in shown.output, shown.output


def test_create_election_posts_signed_manifest(parties: Parties) -> None:
    key = parties.authority.signing_key(PASSPHRASE)
    link = parties.link()
    created = create_election(
        parties.definition,
        link,
        parties.board,
        parties.authority,
        key,
        credential_authority=parties.ca,
    )
    entries = link.entries()
    assert [e.kind for e in entries] == ["manifest"]
    definition, _ = read_manifest(entries)
    assert definition.election_id == created.election_id
    assert definition.keys.board == parties.board.public_key
    assert definition.keys.credential_authority == parties.ca.public_key
    text = parties.definition.read_text()
    assert created.election_id.hex() in text and parties.ca.public_key.hex() in text
    with pytest.raises(InputError, match="already holds an election"):
        create_election(parties.definition, link, parties.board, parties.authority, key)
    with pytest.raises(BoardError, match="manifest_exists"):
        link.post("manifest", entries[0].body)


def test_create_election_refuses_a_key_that_disagrees(parties: Parties, tmp_path: Path) -> None:
    other = init_authority(tmp_path / "other", PASSPHRASE)
    key = parties.authority.signing_key(PASSPHRASE)
    link = parties.link()
    create_election(
        parties.definition,
        link,
        parties.board,
        parties.authority,
        key,
        credential_authority=parties.ca,
        write_back=True,
    )
    with pytest.raises(DefinitionError, match=r"keys\.authority"):
        create_election(
            parties.definition, link, parties.board, other, other.signing_key(PASSPHRASE)
        )


def test_manifest_must_come_first(parties: Parties) -> None:
    with pytest.raises(BoardError, match="no_manifest"):
        parties.link().post("trustee_commit", {"trustee": 1})
