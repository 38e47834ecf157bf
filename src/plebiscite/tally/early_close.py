"""An early close, co-signed by k trustees (spec §12.5).

:func:`trustee_cosign_close` is a trustee's consent: it reads the board up to ``open``, recomputes
the election context from the ceremony and the roll (so it signs nothing it has not checked), and
signs ``H(plebiscite/v1/sign/early-close, election_id, election_ctx)`` with its identity key. It
refuses (:class:`CosignRefused`) when the manifest does not allow an early close, when voting has
not opened or is already closed, when ``open`` names another context, or when the trustee is not
in QUAL. The co-signature travels as a small JSON file (:func:`write_cosignature`,
:func:`read_cosignature`) to the authority, whose ``close --early`` carries k of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand
from plebiscite.errors import InputError, RecordError
from plebiscite.model.codec import (
    loads_strict,
    require_fields,
    require_hex,
    require_object,
    require_str,
)
from plebiscite.model.entry import Entry
from plebiscite.model.tally import (
    CLOSE_KIND,
    OPEN_KIND,
    Cosignature,
    cosign_early_close,
    parse_cosignature,
    parse_open,
)
from plebiscite.rules.setup import election_setup
from plebiscite.state.party import Party

__all__ = [
    "COSIGNATURE_FORMAT",
    "CosignRefused",
    "Cosigned",
    "read_cosignature",
    "trustee_cosign_close",
    "write_cosignature",
]

#: the ``format`` field of a co-signature file
COSIGNATURE_FORMAT: Final = "plebiscite-early-close-cosignature-v1"


class CosignRefused(InputError):
    """The trustee will not co-sign an early close of this board; the message says why."""


@dataclass(frozen=True)
class Cosigned:
    """A trustee's co-signature of an early close, with the election it is for."""

    election_id: bytes
    cosignature: Cosignature


def trustee_cosign_close(
    board: BoardClient, party: Party, passphrase: str, rng: rand.Random | None = None
) -> Cosigned:
    """This trustee's co-signature of an early close of the election on ``board``."""
    before: list[Entry] = []
    opened: Entry | None = None
    for entry in board.iter_entries(0):
        if entry.kind == CLOSE_KIND:
            raise CosignRefused(f"voting is already closed (entry {entry.index})")
        if opened is None and entry.kind == OPEN_KIND:
            opened = entry
        elif opened is None:
            before.append(entry)
    setup = election_setup(before)
    definition = setup.definition
    if definition is None:
        raise CosignRefused("the board holds no valid manifest")
    if not definition.allow_early_close:
        raise CosignRefused(
            "the manifest does not allow an early close (allow_early_close is false): voting "
            "ends at the window's end"
        )
    if opened is None or setup.election_context is None:
        raise CosignRefused("voting has not opened: there is nothing to close")
    if parse_open(opened.body, f"entry {opened.index}").election_context != setup.election_context:
        raise CosignRefused(
            f"the open entry {opened.index} names another election context than the one "
            "recomputed from the ceremony and the roll"
        )
    members = definition.trustees.members
    mine = [i for i, m in enumerate(members, start=1) if m.fingerprint == party.fingerprint]
    if not mine:
        raise CosignRefused(f"{party.directory}: this trustee's key is not one of the manifest's")
    index = mine[0]
    if index not in setup.ceremony.qualified:
        raise CosignRefused(f"trustee {index} is not in QUAL {list(setup.ceremony.qualified)}")
    assert definition.election_id is not None
    key = party.signing_key(passphrase)
    cosignature = cosign_early_close(
        key, index, definition.election_id, setup.election_context, rng
    )
    return Cosigned(definition.election_id, cosignature)


def write_cosignature(cosigned: Cosigned) -> str:
    """The co-signature file's text (one JSON object and a newline)."""
    body = {
        "format": COSIGNATURE_FORMAT,
        "election_id": cosigned.election_id.hex(),
        **cosigned.cosignature.to_json(),
    }
    return json.dumps(body, sort_keys=True) + "\n"


def read_cosignature(path: Path, n: int) -> Cosigned:
    """Read a co-signature file strictly (``n`` the manifest's number of trustees); the
    signature itself is checked by the board and the verifier."""
    where = str(path)
    try:
        value = loads_strict(path.read_bytes(), where)
    except OSError as exc:
        raise InputError(f"{where}: cannot read the co-signature: {exc}") from None
    obj = require_object(value, where, "cosignature")
    require_fields(obj, where, "cosignature", ("format", "election_id", "trustee", "signature"))
    if require_str(obj, "format", where, "cosignature") != COSIGNATURE_FORMAT:
        raise RecordError(f"{where}: field cosignature.format: not {COSIGNATURE_FORMAT!r}")
    election_id = require_hex(obj, "election_id", where, "cosignature", 16)
    pair = {"trustee": obj["trustee"], "signature": obj["signature"]}
    return Cosigned(election_id, parse_cosignature(pair, where, "cosignature", n))
