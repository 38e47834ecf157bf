"""ElectionGuard 1.0's hashes, recomputed: ``hash_elems``, the manifest hash, the ballot hashes.

These are ElectionGuard's conventions (specification 1.0, Python SDK 1.x), not plebiscite's: they
hash TEXT, which plebiscite never does for its own records. They exist only to check records made
by ElectionGuard. ``docs/electionguard.md`` describes them in full; in short:

``hash_elems(q, x1, …, xn)``
    SHA-256 over the UTF-8 string ``"|" + s1 + "|" + s2 + "|" … + sn + "|"``, read as a big-endian
    integer and reduced mod q. Each ``si`` is: an element or a hash (``EGHex``) as uppercase hex
    with an even number of digits (at least two; ``0`` is ``"00"``); a string as itself; an int
    in decimal; ``None`` or an empty list as ``"null"``; a non-empty list as the hex of
    ``hash_elems`` of its items (recursively).

The manifest hash is ``hash_elems`` over the manifest's fields, each object of the manifest
replaced by the hex of its own hash (see :func:`manifest_hash`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from plebiscite.errors import RecordError

__all__ = [
    "EGHex",
    "HashItem",
    "ManifestHashes",
    "ballot_code",
    "ballot_hash",
    "contest_hash",
    "device_hash",
    "eg_hex",
    "hash_elems",
    "iso_utc",
    "manifest_hash",
    "placeholder_selection_hash",
    "selection_hash",
]


class EGHex(int):
    """An integer that ElectionGuard hashes as hex (an element of ℤ_p or ℤ_q, or a hash)."""

    __slots__ = ()


HashItem = EGHex | str | int | None | Sequence[Any]

_SEPARATOR: Final = "|"


def eg_hex(value: int) -> str:
    """ElectionGuard's hex form of a non-negative integer: uppercase, even length, at least 2."""
    if value < 0:
        raise ValueError("ElectionGuard hex is defined for non-negative integers only")
    text = format(value, "02X")
    return "0" + text if len(text) % 2 else text


def _item_text(q: int, item: object) -> str:
    if isinstance(item, bool):
        raise TypeError("hash_elems: booleans are not hashed by ElectionGuard records")
    if isinstance(item, EGHex):
        return eg_hex(int(item))
    if isinstance(item, str):
        return item
    if isinstance(item, int):
        return str(item)
    if item is None:
        return "null"
    if isinstance(item, Sequence):
        if not item:
            return "null"
        return eg_hex(hash_elems(q, *item))
    raise TypeError(f"hash_elems: cannot hash a {type(item).__name__}")


def hash_elems(q: int, *items: HashItem) -> EGHex:
    """ElectionGuard 1.0's ``hash_elems`` of ``items``, reduced mod ``q`` (see the module doc)."""
    h = hashlib.sha256(_SEPARATOR.encode())
    for item in items:
        h.update((_item_text(q, item) + _SEPARATOR).encode("utf-8"))
    return EGHex(int.from_bytes(h.digest(), "big") % q)


# -- the manifest ---------------------------------------------------------------------------------


def iso_utc(text: object, field: str) -> str:
    """A manifest date as ElectionGuard hashes it: UTC, whole seconds, ``YYYY-MM-DDTHH:MM:SSZ``."""
    if not isinstance(text, str):
        raise RecordError(f"manifest.json: {field} must be an ISO 8601 date string")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise RecordError(f"manifest.json: {field} is not an ISO 8601 date: {text!r}") from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _h(q: int, *items: HashItem) -> EGHex:
    return hash_elems(q, *items)


def _obj(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RecordError(f"manifest.json: {field} must be an object")
    return value


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(f"manifest.json: {field} must be a list")
    return value


def _text(q: int, value: object, field: str, *, default_empty: bool) -> EGHex | None:
    """An InternationalizedText: the hash of its list of (value, language) hashes.

    A missing text hashes as ``None`` where the SDK's field defaults to None, and as the hash of
    an empty text where it defaults to an empty ``InternationalizedText`` (names of parties and
    candidates).
    """
    if value is None:
        return _h(q, []) if default_empty else None
    obj = _obj(value, field)
    languages = [
        _h(q, lang.get("value"), lang.get("language", "en"))
        for lang in (_obj(x, f"{field}.text[]") for x in _list(obj.get("text"), f"{field}.text"))
    ]
    return _h(q, languages)


def _contact(q: int, value: object, field: str) -> EGHex | None:
    if value is None:
        return None
    obj = _obj(value, field)

    def annotated(key: str) -> list[EGHex] | None:
        items = obj.get(key)
        if items is None:
            return None
        return [
            _h(q, a.get("annotation", ""), a.get("value", ""))
            for a in (_obj(x, f"{field}.{key}[]") for x in _list(items, f"{field}.{key}"))
        ]

    return _h(q, obj.get("name"), obj.get("address_line"), annotated("email"), annotated("phone"))


def selection_description_hash(q: int, sel: Mapping[str, Any]) -> EGHex:
    """A selection description: ``H(object_id, sequence_order, candidate_id)``."""
    return _h(q, sel.get("object_id"), sel.get("sequence_order"), sel.get("candidate_id"))


def placeholder_selection_hash(q: int, contest_id: str, sequence_order: int) -> EGHex:
    """The description hash of the placeholder selection with ``sequence_order`` of a contest."""
    stem = f"{contest_id}-{sequence_order}"
    return _h(q, f"{stem}-placeholder", sequence_order, f"{stem}-candidate")


def contest_description_hash(q: int, c: Mapping[str, Any], field: str) -> EGHex:
    """A contest description (without its placeholders)."""
    selections = [
        selection_description_hash(q, _obj(s, f"{field}.ballot_selections[{i}]"))
        for i, s in enumerate(_list(c.get("ballot_selections"), f"{field}.ballot_selections"))
    ]
    return _h(
        q,
        c.get("object_id"),
        c.get("sequence_order"),
        c.get("electoral_district_id"),
        c.get("vote_variation"),
        _text(q, c.get("ballot_title"), f"{field}.ballot_title", default_empty=False),
        _text(q, c.get("ballot_subtitle"), f"{field}.ballot_subtitle", default_empty=False),
        c.get("name"),
        c.get("number_elected"),
        c.get("votes_allowed"),
        selections,
    )


class ManifestHashes:
    """The hashes a record's ballots refer to: contests, selections and their placeholders.

    ``contests[contest_id]`` is the contest's description hash; ``selections[contest_id]`` maps
    each selection id (placeholders included, named as the SDK names them) to its description hash
    and ``placeholders[contest_id]`` is the set of placeholder ids; ``number_elected[contest_id]``
    is the constant of the contest's proof.
    """

    def __init__(self, q: int, manifest: Mapping[str, Any]) -> None:
        self.contests: dict[str, EGHex] = {}
        self.selections: dict[str, dict[str, EGHex]] = {}
        self.placeholders: dict[str, set[str]] = {}
        self.number_elected: dict[str, int] = {}
        for i, raw in enumerate(_list(manifest.get("contests"), "contests")):
            field = f"contests[{i}]"
            c = _obj(raw, field)
            cid = c.get("object_id")
            elected = c.get("number_elected")
            if not isinstance(cid, str) or not isinstance(elected, int):
                raise RecordError(f"manifest.json: {field} needs object_id and number_elected")
            self.contests[cid] = contest_description_hash(q, c, field)
            self.number_elected[cid] = elected
            sels = {}
            orders = []
            for j, s in enumerate(_list(c.get("ballot_selections"), f"{field}.ballot_selections")):
                sel = _obj(s, f"{field}.ballot_selections[{j}]")
                sels[str(sel.get("object_id"))] = selection_description_hash(q, sel)
                order = sel.get("sequence_order")
                if isinstance(order, int):
                    orders.append(order)
            top = max(orders, default=-1)
            self.placeholders[cid] = set()
            for k in range(elected):
                order = top + 1 + k
                pid = f"{cid}-{order}-placeholder"
                sels[pid] = placeholder_selection_hash(q, cid, order)
                self.placeholders[cid].add(pid)
            self.selections[cid] = sels


def manifest_hash(q: int, manifest: Mapping[str, Any]) -> EGHex:
    """The manifest's ``crypto_hash`` as ElectionGuard 1.0 computes it (see the module doc)."""
    m = _obj(manifest, "manifest")
    units = [
        _h(
            q,
            u.get("object_id"),
            u.get("name"),
            u.get("type"),
            _contact(q, u.get("contact_information"), f"geopolitical_units[{i}].contact"),
        )
        for i, u in enumerate(
            _obj(x, "geopolitical_units[]")
            for x in _list(m.get("geopolitical_units"), "geopolitical_units")
        )
    ]
    parties = [
        _h(
            q,
            p.get("object_id"),
            _text(q, p.get("name"), f"parties[{i}].name", default_empty=True),
            p.get("abbreviation"),
            p.get("color"),
            p.get("logo_uri"),
        )
        for i, p in enumerate(_obj(x, "parties[]") for x in _list(m.get("parties"), "parties"))
    ]
    contests = [
        contest_description_hash(q, _obj(c, f"contests[{i}]"), f"contests[{i}]")
        for i, c in enumerate(_list(m.get("contests"), "contests"))
    ]
    styles = [
        _h(
            q,
            s.get("object_id"),
            s.get("geopolitical_unit_ids"),
            s.get("party_ids"),
            s.get("image_uri"),
        )
        for s in (
            _obj(x, "ballot_styles[]") for x in _list(m.get("ballot_styles"), "ballot_styles")
        )
    ]
    return _h(
        q,
        m.get("election_scope_id"),
        m.get("type"),
        iso_utc(m.get("start_date"), "start_date"),
        iso_utc(m.get("end_date"), "end_date"),
        _text(q, m.get("name"), "name", default_empty=False),
        _contact(q, m.get("contact_information"), "contact_information"),
        units,
        parties,
        contests,
        styles,
    )


# -- ballots and devices --------------------------------------------------------------------------


def selection_hash(q: int, object_id: str, description_hash: int, pad: int, data: int) -> EGHex:
    """An encrypted selection: ``H(object_id, description_hash, H(pad, data))``."""
    return _h(q, object_id, EGHex(description_hash), _h(q, EGHex(pad), EGHex(data)))


def contest_hash(
    q: int, object_id: str, description_hash: int, selection_hashes: Sequence[int]
) -> EGHex:
    """An encrypted contest: ``H(object_id, description_hash, *selection hashes by order)``."""
    return _h(q, object_id, EGHex(description_hash), *(EGHex(h) for h in selection_hashes))


def ballot_hash(q: int, object_id: str, manifest_hash: int, contest_hashes: Sequence[int]) -> EGHex:
    """An encrypted ballot: ``H(object_id, manifest_hash, *contest hashes by order)``."""
    return _h(q, object_id, EGHex(manifest_hash), *(EGHex(h) for h in contest_hashes))


def ballot_code(q: int, code_seed: int, timestamp: int, ballot_crypto_hash: int) -> EGHex:
    """A ballot's code (tracking code): ``H(code_seed, timestamp, ballot hash)``."""
    return _h(q, EGHex(code_seed), timestamp, EGHex(ballot_crypto_hash))


def device_hash(q: int, device: Mapping[str, Any]) -> EGHex:
    """An encryption device's starting hash: ``H(device_id, session_id, launch_code, location)``."""
    return _h(
        q,
        device.get("device_id"),
        device.get("session_id"),
        device.get("launch_code"),
        device.get("location"),
    )
