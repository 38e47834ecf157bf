"""Creating the parties and the election: board directory, authority, trustees, the manifest.

:func:`create_election` validates the definition, fills in the election id (128 fresh bits,
unless the definition has one), the board, authority and credential-authority keys (from
their state directories, or as written in the definition; the two must agree) and, for a
secp256k1 election without one, the ``booth_hash`` of the web booth this package serves
(:func:`plebiscite.booth.bundle.booth_digest`); signs the ``manifest`` body with the authority
key (:func:`plebiscite.model.signed.sign_body`) and posts it as entry 0. The definition file is
then updated in place with the id and the keys, its comments
kept (:func:`plebiscite.model.authoring.update_toml`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from plebiscite.board.board import Appended
from plebiscite.board.client import STORE_FILE, BoardClient
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.booth.bundle import booth_digest
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import DefinitionError, InputError
from plebiscite.model.authoring import update_toml, validate
from plebiscite.model.definition import Definition, new_election_id
from plebiscite.model.signed import sign_body
from plebiscite.state.party import Party, init_party

__all__ = [
    "Created",
    "create_election",
    "init_authority",
    "init_board",
    "init_credential_authority",
    "init_trustee",
]


def init_board(
    directory: str | os.PathLike[str], passphrase: str, rng: rand.Random | None = None
) -> Party:
    """A new board directory: the board's signing key and an empty SQLite board."""
    party = init_party(directory, "board", passphrase, rng=rng)
    SQLiteStore(party.directory / STORE_FILE).close()
    return party


def init_authority(
    directory: str | os.PathLike[str], passphrase: str, rng: rand.Random | None = None
) -> Party:
    """A new authority directory (signs ``manifest``, ``election_key``, ``open``, ``close``,
    ``result``)."""
    return init_party(directory, "authority", passphrase, rng=rng)


def init_credential_authority(
    directory: str | os.PathLike[str], passphrase: str, rng: rand.Random | None = None
) -> Party:
    """A new credential-authority directory (signs the roll)."""
    return init_party(directory, "credential_authority", passphrase, rng=rng)


def init_trustee(
    directory: str | os.PathLike[str],
    trustee_id: str,
    passphrase: str,
    rng: rand.Random | None = None,
) -> Party:
    """A new trustee directory for the trustee ``trustee_id`` (as the definition lists it)."""
    if not trustee_id or not all(c.islower() or c.isdigit() or c == "-" for c in trustee_id):
        raise InputError(f"trustee id {trustee_id!r}: lowercase letters, digits and - only")
    return init_party(directory, "trustee", passphrase, info={"trustee_id": trustee_id}, rng=rng)


@dataclass(frozen=True)
class Created:
    """A created election: its definition (id and keys filled in) and the manifest entry."""

    definition: Definition
    appended: Appended

    @property
    def election_id(self) -> bytes:
        assert self.definition.election_id is not None
        return self.definition.election_id


def _agree(role: str, from_state: VerifyingKey | None, written: VerifyingKey | None) -> None:
    if from_state is not None and written is not None and from_state != written:
        raise DefinitionError(
            f"keys.{role}: the definition lists {written.hex()}, but the {role}'s state "
            f"directory holds {from_state.hex()}"
        )


def create_election(
    definition_path: str | os.PathLike[str],
    board: BoardClient,
    board_party: Party | VerifyingKey,
    authority: Party,
    authority_key: SigningKey,
    *,
    credential_authority: Party | None = None,
    write_back: bool = True,
    rng: rand.Random | None = None,
) -> Created:
    """Validate the definition, fill in the id and keys, post the signed manifest as entry 0.

    ``board_party`` is the board operator's party, or the board's key (a board service's).
    """
    board_key = board_party if isinstance(board_party, VerifyingKey) else board_party.public_key
    path = Path(definition_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"{path}: cannot read the definition ({exc})") from None
    definition = validate(text, path).result()
    keys = definition.keys
    ca_key = credential_authority.public_key if credential_authority is not None else None
    _agree("board", board_key, keys.board)
    _agree("authority", authority.public_key, keys.authority)
    _agree("credential_authority", ca_key, keys.credential_authority)
    if ca_key is None and keys.credential_authority is None:
        raise DefinitionError(
            f"{path}: keys.credential_authority: missing; give the credential authority's "
            "directory or write its key in the definition"
        )
    if board.entries():
        raise InputError("the board already holds an election (its entry 0 exists)")
    definition = definition.with_keys(
        board=board_key, authority=authority.public_key, credential_authority=ca_key
    )
    if definition.election_id is None:
        definition = definition.with_election_id(new_election_id(rng))
    if definition.booth_hash is None and definition.group == "secp256k1":
        # the web booth this package serves (plebiscite.booth.bundle), for voters to compare
        definition = replace(definition, booth_hash=booth_digest())
    assert definition.election_id is not None
    manifest = definition.to_manifest()
    Definition.from_manifest(manifest)  # what verifiers will read must round-trip
    body = sign_body(authority_key, definition.election_id, "manifest", manifest, rng)
    appended = board.post("manifest", body)
    if write_back:
        updated = update_toml(text, election_id=definition.election_id, keys=definition.keys)
        path.write_text(updated, encoding="utf-8")
    return Created(definition, appended)
