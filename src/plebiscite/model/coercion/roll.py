"""The roll of the fake-credentials mode on the board (docs/spec.md §16.3, record.md §6): the
``registrar_roll`` entries the registrars post, their strict decoding, and the district's roll
they combine into.

Registrar j posts, for district d, chunks of ``{"ciphertext": R_j, "proof": Schnorr of r_j}``,
chunk positions 0, 1, 2, … without gaps; entry k of a chunk is the roll entry of the voter at roll
position ``p`` = the entries of the registrar's earlier chunks of d plus k. The proofs' context is
:func:`~plebiscite.model.coercion.registration.registration_context` with the ceremony context in
the place of the election context (the roll's roots enter the election context, so it does not
exist yet). The voter's roll entry is the product over the registrars of their entries at her
position; the district's Merkle root is §8.4's tree over the leaves
``H(ROLL_LEAF, district, [enc(R.α), enc(R.β)])``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto import rand, tags
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.hashing import H
from plebiscite.crypto.proofs.schnorr import SchnorrProof
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import ParameterError, RecordError
from plebiscite.model.ballot.codec import as_record
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    require_fields,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.coercion.registration import RegistrarEntry
from plebiscite.model.entry import Entry
from plebiscite.model.roll import MAX_CHUNK_KEYS, MerkleAccumulator
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body

__all__ = [
    "MAX_CHUNK_ENTRIES",
    "REGISTRAR_ROLL_KIND",
    "RegistrarChunk",
    "RegistrarRollReader",
    "decode_registrar_chunk",
    "registrar_chunk_bodies",
    "registrar_entry_at",
    "roll_leaf",
    "roll_root",
]

REGISTRAR_ROLL_KIND: Final = "registrar_roll"
#: the most entries one ``registrar_roll`` chunk carries (as a ``credential_roll`` chunk)
MAX_CHUNK_ENTRIES: Final = MAX_CHUNK_KEYS
_MAX_ID: Final = 64
_FIELDS: Final = ("registrar", "district", "position", "entries", SIGNATURE_FIELD)
_ENTRY_FIELDS: Final = ("ciphertext", "proof")
_PROOF_FIELDS: Final = ("h", "v")


@dataclass(frozen=True, slots=True)
class RegistrarChunk:
    """A decoded ``registrar_roll`` body (its signature is checked by the caller)."""

    registrar: int
    district: str
    position: int
    entries: tuple[RegistrarEntry, ...]


def roll_leaf(group: Group, district: str, entry: Ciphertext) -> bytes:
    """``H(ROLL_LEAF, district, [enc(α), enc(β)])``: the leaf of one roll entry."""
    return H(tags.ROLL_LEAF, district, [group.encode(entry.alpha), group.encode(entry.beta)])


def roll_root(group: Group, district: str, entries: Sequence[Ciphertext]) -> bytes:
    """The Merkle root of a district's roll (§8.4's tree over :func:`roll_leaf`)."""
    acc = MerkleAccumulator(district)
    for entry in entries:
        acc.add_leaf(roll_leaf(group, district, entry))
    return acc.root()


def _entry_json(group: Group, entry: RegistrarEntry) -> JSONObject:
    return {
        "ciphertext": dict(encode_ciphertext(group, entry.ciphertext)),
        "proof": {
            "h": group.to_hex(entry.proof.commitment),
            "v": group.scalar_to_hex(entry.proof.response),
        },
    }


def registrar_chunk_bodies(
    group: Group,
    registrar: int,
    district: str,
    entries: Sequence[RegistrarEntry],
    key: SigningKey,
    election_id: bytes,
    *,
    chunk_size: int = MAX_CHUNK_ENTRIES,
    first_chunk: int = 0,
    rng: rand.Random | None = None,
) -> Iterator[JSONObject]:
    """The signed ``registrar_roll`` bodies posting ``entries`` (in roll order) of registrar
    ``registrar`` for ``district``, numbered from ``first_chunk`` (a registrar that posts as it
    issues passes the number of its chunks of the district already posted)."""
    if not 1 <= chunk_size <= MAX_CHUNK_ENTRIES:
        raise ParameterError(f"roll chunk size: {chunk_size} is not in [1, {MAX_CHUNK_ENTRIES}]")
    for position, start in enumerate(range(0, len(entries), chunk_size)):
        listed: list[JSONValue] = [
            _entry_json(group, e) for e in entries[start : start + chunk_size]
        ]
        body: JSONObject = {
            "registrar": registrar,
            "district": district,
            "position": first_chunk + position,
            "entries": listed,
        }
        yield sign_body(key, election_id, REGISTRAR_ROLL_KIND, body, rng)


def decode_registrar_chunk(group: Group, body: object, where: str) -> RegistrarChunk:
    """Decode a ``registrar_roll`` body strictly (every field, element and scalar; no identity in
    a ciphertext); :class:`RecordError` names the field. Proofs are checked by the caller."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", _FIELDS)
    registrar = require_int(obj, "registrar", where, "body", 1)
    district = require_str(obj, "district", where, "body", _MAX_ID)
    position = require_int(obj, "position", where, "body", 0)
    items = require_list(obj, "entries", where, "body")
    if not 1 <= len(items) <= MAX_CHUNK_ENTRIES:
        raise RecordError.at(
            where, "body.entries", f"{len(items)} entries; a chunk holds 1 to {MAX_CHUNK_ENTRIES}"
        )
    entries: list[RegistrarEntry] = []
    for i, item in enumerate(items):
        path = f"body.entries[{i}]"
        value = require_object(item, where, path)
        require_fields(value, where, path, _ENTRY_FIELDS)
        proof = require_object(value["proof"], where, f"{path}.proof")
        require_fields(proof, where, f"{path}.proof", _PROOF_FIELDS)
        with as_record(where):
            ciphertext = decode_ciphertext(
                group, value["ciphertext"], f"{path}.ciphertext", allow_identity=False
            )
            h = group.from_hex(proof["h"], f"{path}.proof.h")
            v = group.scalar_from_hex(proof["v"], f"{path}.proof.v")
        entries.append(RegistrarEntry(ciphertext, SchnorrProof(h, v)))
    return RegistrarChunk(registrar, district, position, tuple(entries))


def registrar_entry_at(
    group: Group, entries: Iterable[Entry], registrar: int, district: str, position: int
) -> Ciphertext | None:
    """Registrar ``registrar``'s posted ``R_j`` at roll ``position`` of ``district`` (what a
    voter's sheet j is checked against, spec §16.3), or None when it posted none there. Reads
    the chunks in board order as V4 does; a malformed chunk of that registrar raises
    :class:`RecordError` (V4 fails at it too). For many look-ups on one board,
    :class:`RegistrarRollReader` decodes each chunk once."""
    return RegistrarRollReader(group, entries).entry_at(registrar, district, position)


class RegistrarRollReader:
    """The registrars' ``registrar_roll`` chunks of one board, for look-ups by roll position:
    each chunk is decoded the first time a look-up reaches it (in board order, as
    :func:`registrar_entry_at` reads them) and kept, so that checking every voter's sheets
    decodes the roll once instead of once per sheet."""

    def __init__(self, group: Group, entries: Iterable[Entry]) -> None:
        self.group = group
        #: per (registrar, district): its chunks' entries in board order, not decoded yet
        self._posted: dict[tuple[object, object], list[Entry]] = {}
        for entry in entries:
            if entry.kind != REGISTRAR_ROLL_KIND:
                continue
            key = (entry.body.get("registrar"), entry.body.get("district"))
            if all(isinstance(v, int | float | str) for v in key):  # compared as ``==`` does
                self._posted.setdefault(key, []).append(entry)
        #: per (registrar, district): the chunks decoded so far, each with its first position
        self._decoded: dict[tuple[int, str], list[tuple[int, RegistrarChunk]]] = {}

    def entry_at(self, registrar: int, district: str, position: int) -> Ciphertext | None:
        """As :func:`registrar_entry_at` (the same value, or the same :class:`RecordError`)."""
        key = (registrar, district)
        posted = self._posted.get(key, [])
        decoded = self._decoded.setdefault(key, [])
        for start, chunk in decoded:
            if start <= position < start + len(chunk.entries):
                return chunk.entries[position - start].ciphertext
        start = decoded[-1][0] + len(decoded[-1][1].entries) if decoded else 0
        for entry in posted[len(decoded) :]:
            chunk = decode_registrar_chunk(self.group, entry.body, f"entry {entry.index}")
            decoded.append((start, chunk))
            if start <= position < start + len(chunk.entries):
                return chunk.entries[position - start].ciphertext
            start += len(chunk.entries)
        return None
