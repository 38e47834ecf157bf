"""The record entries of the fake-credentials tally (docs/record.md §6, spec §16.5 steps 2 and 4):
``tag_commit``, ``tag_blind``, ``tag_decrypt`` and ``tag_dedup`` (duplicates removed by blinded
tags), ``pet_blind``, ``pet_decrypt`` and ``pet_match`` (one equality test per mixed tuple), and
``tally_chunk``: the per-item lists of the four stages that hold one (``tag_blind``,
``tag_decrypt``, ``pet_blind``, ``pet_decrypt``) go in numbered chunks of at most
:func:`chunk_size` items, and the stage's own entry closes them with the constant part (the count,
the chunks, the digest of the items, and ``tag_blind``'s batched proof). :func:`stage_entries`
cuts a stage into its entries; :func:`items_digest` is the closing entry's digest.

Each is written as the record holds it and read back strictly (every field, element and scalar;
the element checks of the group). What the board must hold around them — the order, the inputs
recomputed, the proofs — is :mod:`plebiscite.rules.coercion_tally`. The mix between the two
rounds is the mixnet's ``mix_chunk``/``mix`` entries on the list kind :data:`KEPT_LIST`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from plebiscite.crypto import rand, tags
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes, u32
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.pet import PetStage
from plebiscite.crypto.proofs import ChaumPedersenProof, group_hash
from plebiscite.crypto.proofs.forms import decode_chaum_pedersen
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import EncodingError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body

__all__ = [
    "CHUNK_BUDGET",
    "CHUNK_ITEMS",
    "CHUNK_STAGES",
    "COERCION_TALLY_KINDS",
    "DEDUP_ROUND",
    "KEPT_LIST",
    "PET_BLIND",
    "PET_DECRYPT",
    "PET_MATCH",
    "TAG_BLIND",
    "TAG_COMMIT",
    "TAG_DECRYPT",
    "TAG_DEDUP",
    "TALLY_CHUNK",
    "ChunkItem",
    "Closing",
    "Combined",
    "Decrypt",
    "PetBlind",
    "PetItem",
    "Share",
    "TagBlind",
    "TagCommit",
    "TallyChunk",
    "TallyEntry",
    "chunk_count",
    "chunk_size",
    "encode",
    "items_digest",
    "parse_tally_entry",
    "pet_items",
    "sign_tally_entry",
    "stage_entries",
]

TAG_COMMIT: Final = "tag_commit"
TAG_BLIND: Final = "tag_blind"
TAG_DECRYPT: Final = "tag_decrypt"
TAG_DEDUP: Final = "tag_dedup"
PET_BLIND: Final = "pet_blind"
PET_DECRYPT: Final = "pet_decrypt"
PET_MATCH: Final = "pet_match"
TALLY_CHUNK: Final = "tally_chunk"
#: the stages posted in chunks: their closing entries' kinds, the ``stage`` of a ``tally_chunk``
CHUNK_STAGES: Final = (TAG_BLIND, TAG_DECRYPT, PET_BLIND, PET_DECRYPT)
#: the tally's entry kinds, in the order they are posted for a district (a stage's chunks before
#: its closing entry)
COERCION_TALLY_KINDS: Final = (
    TALLY_CHUNK,
    TAG_COMMIT,
    TAG_BLIND,
    TAG_DECRYPT,
    TAG_DEDUP,
    PET_BLIND,
    PET_DECRYPT,
    PET_MATCH,
)
#: the only blinding round (no roll value is ever tagged, spec §16.7)
DEDUP_ROUND: Final = "dedup"
#: the only list of the dedup round
BALLOTS_LIST: Final = "ballots"
#: the mix list kind of the kept ballots' tuples ``(D, P, options …)`` (record.md §4 ``mix``)
KEPT_LIST: Final = "kept"

#: a partial decryption and its proof
Share = tuple[Element, ChaumPedersenProof]
#: an item of ``pet_blind``: ``Z_(i,j)``, the output, and the proof's ``a_j``, ``b_j``, ``v_j``
PetItem = tuple[Element, Ciphertext, Element, Element, int]
#: an item of a chunked stage: a ciphertext (``tag_blind``), a share (``tag_decrypt``,
#: ``pet_decrypt``) or a :data:`PetItem` (``pet_blind``)
ChunkItem: TypeAlias = Ciphertext | Share | PetItem

#: the most items one ``tally_chunk`` holds
CHUNK_ITEMS = 1000
#: what the hex of one chunk's items may take, about (half the board service's default request
#: limit of 1 MiB, as a ``mix_chunk``)
CHUNK_BUDGET = 512 * 1024
#: per stage, the elements and scalars of one item (record.md §6 ``tally_chunk``)
_ITEM_SHAPE: Final = {
    TAG_BLIND: (2, 0),
    TAG_DECRYPT: (3, 1),
    PET_BLIND: (5, 1),
    PET_DECRYPT: (3, 1),
}


def chunk_size(group: Group, stage: str) -> int:
    """How many items each ``tally_chunk`` of ``stage`` holds (the last may hold fewer):
    ``min(CHUNK_ITEMS, max(1, ⌊CHUNK_BUDGET / b⌋))``, ``b = 2·(e·E + s·S) + 20·(e + s)`` with
    ``(e, s)`` the elements and scalars of one item and ``E``, ``S`` their encoded lengths."""
    e, s = _ITEM_SHAPE[stage]
    per_item = 2 * (e * group.element_bytes + s * group.scalar_bytes) + 20 * (e + s)
    return min(CHUNK_ITEMS, max(1, CHUNK_BUDGET // per_item))


def chunk_count(n: int, size: int) -> int:
    """How many chunks of ``size`` items hold ``n ≥ 1`` items."""
    return -(-n // size)


def _item_value(group: Group, stage: str, item: ChunkItem) -> CanonicalValue:
    enc = group.encode
    if stage == TAG_BLIND:
        assert isinstance(item, Ciphertext)
        return [enc(item.alpha), enc(item.beta)]
    if stage == PET_BLIND:
        z, out, a, b, v = item  # type: ignore[misc]
        return [enc(z), [enc(out.alpha), enc(out.beta)], enc(a), enc(b), v]
    partial, proof = item  # type: ignore[misc]
    return [enc(partial), enc(proof.a), enc(proof.b), proof.response]


def items_digest(
    group: Group, stage: str, trustee: int, n: int, chunks: Iterable[Sequence[ChunkItem]]
) -> bytes:
    """``H(plebiscite/v1/hash/tally-items, group_hash, stage, trustee, N, [item_j for j])`` of
    the ``n`` items given chunk by chunk (record.md §6): what a closing entry's ``digest`` is."""
    digest = hashlib.sha256(canonical_bytes(tags.TALLY_ITEMS, group_hash(group), stage, trustee, n))
    digest.update(b"L" + u32(n))
    seen = 0
    for chunk in chunks:
        seen += len(chunk)
        digest.update(canonical_bytes(*(_item_value(group, stage, item) for item in chunk)))
    if seen != n:
        raise ValueError(f"{seen} items given for a digest of {n}")
    return digest.digest()


@dataclass(frozen=True)
class TallyChunk:
    """``tally_chunk``: items ``position·chunk_size …`` of trustee i's ``stage``."""

    stage: str
    trustee: int
    district: str
    position: int
    items: tuple[ChunkItem, ...]


@dataclass(frozen=True)
class Closing:
    """What every closing entry states about its chunks: the items, the chunks, their digest."""

    count: int
    chunks: int
    digest: bytes


_SIG: Final = (SIGNATURE_FIELD,)
_TRUSTEE_FIELDS: Final = ("trustee", "district", "round")


@dataclass(frozen=True)
class TagCommit:
    """``tag_commit``: trustee i's commitment ``Z_i`` for the dedup round of a district."""

    trustee: int
    district: str
    commitment: Element


@dataclass(frozen=True)
class TagBlind:
    """``tag_blind``: the close of trustee i's blinded list of the dedup round (its outputs are
    its chunks' items) and the proof (spec §16.6)."""

    trustee: int
    district: str
    closing: Closing
    proof: ChaumPedersenProof


@dataclass(frozen=True)
class Decrypt:
    """``tag_decrypt`` or ``pet_decrypt``: the close of trustee i's partial decryptions of a
    round's last list (its chunks' items)."""

    kind: str
    trustee: int
    district: str
    closing: Closing


@dataclass(frozen=True)
class PetBlind:
    """``pet_blind``: the close of trustee i's per-item commitments, outputs and proof parts
    (its chunks' items, spec §16.7)."""

    trustee: int
    district: str
    closing: Closing


@dataclass(frozen=True)
class Combined:
    """``tag_dedup`` or ``pet_match``: the authority's combination of k decryptions — the kept
    board indices, or the counted positions of the mixed list."""

    kind: str
    district: str
    trustees: tuple[int, ...]
    positions: tuple[int, ...]


TallyEntry = TagCommit | TallyChunk | TagBlind | Decrypt | PetBlind | Combined


def stage_entries(
    group: Group,
    stage: str,
    trustee: int,
    district: str,
    items: Sequence[ChunkItem],
    proof: ChaumPedersenProof | None = None,
) -> list[TallyEntry]:
    """Trustee ``trustee``'s ``stage`` as it is posted: its ``tally_chunk`` entries, then the
    closing entry (``proof``: ``tag_blind``'s)."""
    size = chunk_size(group, stage)
    chunks = [tuple(items[p : p + size]) for p in range(0, len(items), size)]
    closing = Closing(
        len(items), len(chunks), items_digest(group, stage, trustee, len(items), chunks)
    )
    out: list[TallyEntry] = [
        TallyChunk(stage, trustee, district, p, chunk) for p, chunk in enumerate(chunks)
    ]
    if stage == TAG_BLIND:
        assert proof is not None
        out.append(TagBlind(trustee, district, closing, proof))
    elif stage == PET_BLIND:
        out.append(PetBlind(trustee, district, closing))
    else:
        out.append(Decrypt(stage, trustee, district, closing))
    return out


def pet_items(stage: PetStage) -> list[PetItem]:
    """The items of an equality-test stage, as its chunks hold them."""
    proof = stage.proof
    return list(zip(stage.commitments, stage.outputs, proof.a, proof.b, proof.v, strict=True))


def _cp(group: Group, proof: ChaumPedersenProof) -> JSONObject:
    return {
        "a": group.to_hex(proof.a),
        "b": group.to_hex(proof.b),
        "v": group.scalar_to_hex(proof.response),
    }


def _closing(closing: Closing) -> JSONObject:
    return {"count": closing.count, "chunks": closing.chunks, "digest": closing.digest.hex()}


def _encode_item(group: Group, stage: str, item: ChunkItem) -> JSONValue:
    if stage == TAG_BLIND:
        assert isinstance(item, Ciphertext)
        return dict(encode_ciphertext(group, item))
    if stage == PET_BLIND:
        z, out, a, b, v = item  # type: ignore[misc]
        return {
            "commitment": group.to_hex(z),
            "output": dict(encode_ciphertext(group, out)),
            "a": group.to_hex(a),
            "b": group.to_hex(b),
            "v": group.scalar_to_hex(v),
        }
    partial, proof = item  # type: ignore[misc]
    return {"partial": group.to_hex(partial), "proof": _cp(group, proof)}


def encode(group: Group, entry: TallyEntry) -> tuple[str, JSONObject]:
    """The kind and the unsigned body of ``entry`` (record.md §6)."""
    el = group.to_hex
    if isinstance(entry, TallyChunk):
        return TALLY_CHUNK, {
            "trustee": entry.trustee,
            "district": entry.district,
            "stage": entry.stage,
            "position": entry.position,
            "items": [_encode_item(group, entry.stage, item) for item in entry.items],
        }
    if isinstance(entry, TagCommit):
        return TAG_COMMIT, {
            "trustee": entry.trustee,
            "district": entry.district,
            "round": DEDUP_ROUND,
            "commitment": el(entry.commitment),
        }
    if isinstance(entry, TagBlind):
        return TAG_BLIND, {
            "trustee": entry.trustee,
            "district": entry.district,
            "round": DEDUP_ROUND,
            **_closing(entry.closing),
            "proof": _cp(group, entry.proof),
        }
    if isinstance(entry, Decrypt):
        head: JSONObject = {"trustee": entry.trustee, "district": entry.district}
        if entry.kind == TAG_DECRYPT:
            head["round"] = DEDUP_ROUND
        return entry.kind, {**head, **_closing(entry.closing)}
    if isinstance(entry, PetBlind):
        return PET_BLIND, {
            "trustee": entry.trustee,
            "district": entry.district,
            **_closing(entry.closing),
        }
    field = "kept" if entry.kind == TAG_DEDUP else "counted"
    return entry.kind, {
        "district": entry.district,
        "trustees": list(entry.trustees),
        field: list(entry.positions),
    }


def sign_tally_entry(
    key: SigningKey,
    group: Group,
    election_id: bytes,
    entry: TallyEntry,
    rng: rand.Random | None = None,
) -> tuple[str, JSONObject]:
    """The kind and the signed body of ``entry`` (by its trustee, or the authority)."""
    kind, body = encode(group, entry)
    return kind, sign_body(key, election_id, kind, body, rng)


# -- reading -------------------------------------------------------------------------------------


def _district(obj: Mapping[str, object], where: str, districts: Sequence[str]) -> str:
    district = require_str(obj, "district", where, "body")
    if district not in districts:
        raise RecordError.at(
            where, "body.district", f"{district!r} is not a district of the manifest"
        )
    return district


def _round(obj: Mapping[str, object], where: str) -> None:
    if require_str(obj, "round", where, "body") != DEDUP_ROUND:
        raise RecordError.at(where, "body.round", f"the only round is {DEDUP_ROUND!r}")


def _read_ct(group: Group, value: object, path: str) -> Ciphertext:
    return decode_ciphertext(group, value, path, allow_identity=True)


def _read_share(group: Group, raw: object, where: str, role: str) -> Share:
    share = require_object(raw, where, role)
    require_fields(share, where, role, ("partial", "proof"))
    partial = group.from_hex(share["partial"], f"{role}.partial", allow_identity=True)
    return partial, decode_chaum_pedersen(group, share["proof"], f"{role}.proof")


def _read_pet_item(group: Group, raw: object, where: str, role: str) -> PetItem:
    item = require_object(raw, where, role)
    require_fields(item, where, role, ("commitment", "output", "a", "b", "v"))
    return (
        group.from_hex(item["commitment"], f"{role}.commitment"),
        _read_ct(group, item["output"], f"{role}.output"),
        group.from_hex(item["a"], f"{role}.a"),
        group.from_hex(item["b"], f"{role}.b", allow_identity=True),
        group.scalar_from_hex(item["v"], f"{role}.v"),
    )


def _read_item(group: Group, stage: str, raw: object, where: str, role: str) -> ChunkItem:
    if stage == TAG_BLIND:
        return _read_ct(group, raw, role)
    if stage == PET_BLIND:
        return _read_pet_item(group, raw, where, role)
    return _read_share(group, raw, where, role)


def _read_closing(group: Group, stage: str, obj: Mapping[str, object], where: str) -> Closing:
    count = require_int(obj, "count", where, "body", minimum=1)
    chunks = require_int(obj, "chunks", where, "body", minimum=1)
    want = chunk_count(count, chunk_size(group, stage))
    if chunks != want:
        raise RecordError.at(where, "body.chunks", f"{chunks} chunks; {count} items fill {want}")
    return Closing(count, chunks, require_hex(obj, "digest", where, "body", 32))


def _increasing(obj: Mapping[str, object], key: str, where: str, minimum: int) -> tuple[int, ...]:
    values = require_list(obj, key, where, "body")
    out: list[int] = []
    for j, v in enumerate(values):
        if type(v) is not int or v < minimum or (out and v <= out[-1]):
            raise RecordError.at(
                where,
                f"body.{key}[{j}]",
                f"expected integers of at least {minimum}, strictly increasing",
            )
        out.append(v)
    return tuple(out)


def parse_tally_entry(
    group: Group, districts: Sequence[str], trustees: int, kind: str, body: object, where: str
) -> TallyEntry:
    """Read a body of one of :data:`COERCION_TALLY_KINDS` strictly (its signature required, not
    checked); ``districts`` the manifest's, ``trustees`` n. :class:`RecordError` names the field."""
    obj = require_object(body, where, "body")
    try:
        return _parse(group, districts, trustees, kind, obj, where)
    except EncodingError as exc:
        raise exc.placed(where) from None


def _parse_chunk(
    group: Group, districts: Sequence[str], n: int, obj: dict[str, object], where: str
) -> TallyChunk:
    require_fields(obj, where, "body", ("trustee", "district", "stage", "position", "items", *_SIG))
    trustee = require_int(obj, "trustee", where, "body", minimum=1, maximum=n)
    district = _district(obj, where, districts)
    stage = require_str(obj, "stage", where, "body")
    if stage not in CHUNK_STAGES:
        raise RecordError.at(where, "body.stage", f"expected one of {list(CHUNK_STAGES)}")
    position = require_int(obj, "position", where, "body")
    raw = require_list(obj, "items", where, "body")
    size = chunk_size(group, stage)
    if not 1 <= len(raw) <= size:
        raise RecordError.at(
            where, "body.items", f"{len(raw)} items, not 1 to {size}", reason="malformed"
        )
    items = tuple(
        _read_item(group, stage, value, where, f"body.items[{j}]") for j, value in enumerate(raw)
    )
    return TallyChunk(stage, trustee, district, position, items)


def _parse(
    group: Group,
    districts: Sequence[str],
    n: int,
    kind: str,
    obj: dict[str, object],
    where: str,
) -> TallyEntry:
    if kind == TALLY_CHUNK:
        return _parse_chunk(group, districts, n, obj, where)
    if kind in (TAG_DEDUP, PET_MATCH):
        field = "kept" if kind == TAG_DEDUP else "counted"
        require_fields(obj, where, "body", ("district", "trustees", field, *_SIG))
        district = _district(obj, where, districts)
        chosen = _increasing(obj, "trustees", where, 1)
        if not chosen or chosen[-1] > n:
            raise RecordError.at(where, "body.trustees", f"expected trustees among 1 … {n}")
        return Combined(kind, district, chosen, _increasing(obj, field, where, 0))
    closing = ("count", "chunks", "digest")
    fields: tuple[str, ...]
    if kind == TAG_COMMIT:
        fields = (*_TRUSTEE_FIELDS, "commitment")
    elif kind == TAG_BLIND:
        fields = (*_TRUSTEE_FIELDS, *closing, "proof")
    elif kind == TAG_DECRYPT:
        fields = (*_TRUSTEE_FIELDS, *closing)
    elif kind in (PET_BLIND, PET_DECRYPT):
        fields = ("trustee", "district", *closing)
    else:
        raise RecordError.at(where, "kind", f"not an entry of the fake-credentials tally: {kind}")
    require_fields(obj, where, "body", (*fields, *_SIG))
    trustee = require_int(obj, "trustee", where, "body", minimum=1, maximum=n)
    district = _district(obj, where, districts)
    if kind in (TAG_COMMIT, TAG_BLIND, TAG_DECRYPT):
        _round(obj, where)
    if kind == TAG_COMMIT:
        return TagCommit(trustee, district, group.from_hex(obj["commitment"], "body.commitment"))
    stated = _read_closing(group, kind, obj, where)
    if kind == TAG_BLIND:
        proof = decode_chaum_pedersen(group, obj["proof"], "body.proof")
        return TagBlind(trustee, district, stated, proof)
    if kind == PET_BLIND:
        return PetBlind(trustee, district, stated)
    return Decrypt(kind, trustee, district, stated)
