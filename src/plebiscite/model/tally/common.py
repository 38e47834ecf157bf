"""The counting entries' kinds and what their modules share: the signature, the district order."""

from __future__ import annotations

from typing import Final

from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import ParameterError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    field_path,
    require_object,
)
from plebiscite.model.definition import Definition
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body

__all__ = [
    "CLOSE_KIND",
    "COUNTING_KINDS",
    "HASH_BYTES",
    "OPEN_KIND",
    "PARTIAL_KIND",
    "PPM",
    "RESULT_KIND",
    "SIG",
    "TALLY_KIND",
    "districts_in_order",
    "fail",
    "sign",
]


OPEN_KIND: Final = "open"
CLOSE_KIND: Final = "close"
TALLY_KIND: Final = "tally"
PARTIAL_KIND: Final = "partial_decryption"
RESULT_KIND: Final = "result"
#: the counting entries, in the order an election posts them
COUNTING_KINDS: Final = (OPEN_KIND, CLOSE_KIND, TALLY_KIND, PARTIAL_KIND, RESULT_KIND)
#: turnout is written in parts per million
PPM: Final = 1_000_000
#: the length of an entry hash (the ``tally`` field of later entries)
HASH_BYTES: Final = 32
#: the field every counting body ends with
SIG: Final = (SIGNATURE_FIELD,)


def fail(where: str, path: str, message: str) -> RecordError:
    """The :class:`RecordError` for the field ``path`` of the entry ``where``."""
    return RecordError.at(where, path, message)


def sign(
    key: SigningKey,
    election_id: bytes,
    kind: str,
    body: JSONObject,
    rng: rand.Random | None = None,
) -> JSONObject:
    """``body`` signed for the entry ``kind`` (:func:`plebiscite.model.signed.sign_body`)."""
    if kind not in COUNTING_KINDS:
        raise ParameterError(f"sign: {kind!r} is not a counting entry kind")
    return sign_body(key, election_id, kind, body, rng)


def districts_in_order(
    definition: Definition, items: list[object], where: str, path: str, key: str = "id"
) -> list[dict[str, object]]:
    """The listed district objects, refusing any other list than the manifest's ids (under
    ``key``) in order."""
    expected = [d.id for d in definition.districts]
    if len(items) != len(expected):
        raise fail(where, path, f"{len(items)} districts listed; the manifest has {len(expected)}")
    out: list[dict[str, object]] = []
    for pos, (item, want) in enumerate(zip(items, expected, strict=True)):
        here = field_path(path, pos)
        obj = require_object(item, where, here)
        got = obj.get(key)
        if got != want:
            raise fail(
                where, here, f"district {got!r} where {want!r} (manifest order) was expected"
            )
        out.append(obj)
    return out
