"""The record entries of the fake-credentials tally (docs/record.md §6, spec §16.5 steps 2 and 4):
``tag_commit``, ``tag_blind``, ``tag_decrypt`` and ``tag_dedup`` (duplicates removed by blinded
tags), ``pet_blind``, ``pet_decrypt`` and ``pet_match`` (one equality test per mixed tuple).

Each is written as the record holds it and read back strictly (every field, element and scalar;
the element checks of the group). What the board must hold around them — the order, the inputs
recomputed, the proofs — is :mod:`plebiscite.rules.coercion_tally`. The mix between the two
rounds is the mixnet's ``mix_chunk``/``mix`` entries on the list kind :data:`KEPT_LIST`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto import rand
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext, encode_ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.pet import PetProof
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.crypto.proofs.forms import decode_chaum_pedersen
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import EncodingError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    require_fields,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body

__all__ = [
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
    "Combined",
    "Decrypt",
    "PetBlind",
    "Share",
    "TagBlind",
    "TagCommit",
    "TallyEntry",
    "encode",
    "parse_tally_entry",
    "sign_tally_entry",
]

TAG_COMMIT: Final = "tag_commit"
TAG_BLIND: Final = "tag_blind"
TAG_DECRYPT: Final = "tag_decrypt"
TAG_DEDUP: Final = "tag_dedup"
PET_BLIND: Final = "pet_blind"
PET_DECRYPT: Final = "pet_decrypt"
PET_MATCH: Final = "pet_match"
#: the tally's entry kinds, in the order they are posted for a district
COERCION_TALLY_KINDS: Final = (
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
    """``tag_blind``: trustee i's blinded list of the dedup round and its proof (spec §16.6)."""

    trustee: int
    district: str
    outputs: tuple[Ciphertext, ...]
    proof: ChaumPedersenProof


@dataclass(frozen=True)
class Decrypt:
    """``tag_decrypt`` or ``pet_decrypt``: trustee i's partial decryptions of a round's last
    list."""

    kind: str
    trustee: int
    district: str
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class PetBlind:
    """``pet_blind``: trustee i's per-item commitments, outputs and proof (spec §16.7)."""

    trustee: int
    district: str
    commitments: tuple[Element, ...]
    outputs: tuple[Ciphertext, ...]
    proof: PetProof


@dataclass(frozen=True)
class Combined:
    """``tag_dedup`` or ``pet_match``: the authority's combination of k decryptions — the kept
    board indices, or the counted positions of the mixed list."""

    kind: str
    district: str
    trustees: tuple[int, ...]
    positions: tuple[int, ...]


TallyEntry = TagCommit | TagBlind | Decrypt | PetBlind | Combined


def _cts(group: Group, items: Sequence[Ciphertext]) -> list[JSONValue]:
    return [dict(encode_ciphertext(group, ct)) for ct in items]


def _cp(group: Group, proof: ChaumPedersenProof) -> JSONObject:
    return {
        "a": group.to_hex(proof.a),
        "b": group.to_hex(proof.b),
        "v": group.scalar_to_hex(proof.response),
    }


def _shares(group: Group, shares: Sequence[Share]) -> list[JSONValue]:
    out: list[JSONValue] = []
    for partial, proof in shares:
        out.append({"partial": group.to_hex(partial), "proof": _cp(group, proof)})
    return out


def encode(group: Group, entry: TallyEntry) -> tuple[str, JSONObject]:
    """The kind and the unsigned body of ``entry`` (record.md §6)."""
    el, sc = group.to_hex, group.scalar_to_hex
    if isinstance(entry, TagCommit):
        return TAG_COMMIT, {
            "trustee": entry.trustee,
            "district": entry.district,
            "round": DEDUP_ROUND,
            "commitment": el(entry.commitment),
        }
    if isinstance(entry, TagBlind):
        proof = _cp(group, entry.proof)
        return TAG_BLIND, {
            "trustee": entry.trustee,
            "district": entry.district,
            "round": DEDUP_ROUND,
            "lists": [
                {"list": BALLOTS_LIST, "outputs": _cts(group, entry.outputs), "proof": proof}
            ],
        }
    if isinstance(entry, Decrypt):
        if entry.kind == TAG_DECRYPT:
            return TAG_DECRYPT, {
                "trustee": entry.trustee,
                "district": entry.district,
                "round": DEDUP_ROUND,
                "lists": [{"list": BALLOTS_LIST, "shares": _shares(group, entry.shares)}],
            }
        return PET_DECRYPT, {
            "trustee": entry.trustee,
            "district": entry.district,
            "shares": _shares(group, entry.shares),
        }
    if isinstance(entry, PetBlind):
        return PET_BLIND, {
            "trustee": entry.trustee,
            "district": entry.district,
            "commitments": [el(z) for z in entry.commitments],
            "outputs": _cts(group, entry.outputs),
            "proof": {
                "a": [el(x) for x in entry.proof.a],
                "b": [el(x) for x in entry.proof.b],
                "v": [sc(x) for x in entry.proof.v],
            },
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


def _one_list(obj: Mapping[str, object], where: str, names: tuple[str, ...]) -> dict[str, object]:
    lists = require_list(obj, "lists", where, "body")
    if len(lists) != 1:
        raise RecordError.at(where, "body.lists", f"expected one list, got {len(lists)}")
    item = require_object(lists[0], where, "body.lists[0]")
    require_fields(item, where, "body.lists[0]", ("list", *names))
    if require_str(item, "list", where, "body.lists[0]") != BALLOTS_LIST:
        raise RecordError.at(where, "body.lists[0].list", f"the only list is {BALLOTS_LIST!r}")
    return item


def _nonempty(obj: Mapping[str, object], key: str, where: str, path: str) -> list[object]:
    items = require_list(obj, key, where, path)
    if not items:
        raise RecordError.at(where, f"{path}.{key}", "an empty list")
    return items


def _read_cts(group: Group, items: Sequence[object], path: str) -> tuple[Ciphertext, ...]:
    return tuple(
        decode_ciphertext(group, x, f"{path}[{j}]", allow_identity=True)
        for j, x in enumerate(items)
    )


def _read_shares(group: Group, items: Sequence[object], where: str, path: str) -> tuple[Share, ...]:
    out: list[Share] = []
    for j, raw in enumerate(items):
        role = f"{path}[{j}]"
        share = require_object(raw, where, role)
        require_fields(share, where, role, ("partial", "proof"))
        partial = group.from_hex(share["partial"], f"{role}.partial", allow_identity=True)
        out.append((partial, decode_chaum_pedersen(group, share["proof"], f"{role}.proof")))
    return tuple(out)


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


def _parse(
    group: Group,
    districts: Sequence[str],
    n: int,
    kind: str,
    obj: dict[str, object],
    where: str,
) -> TallyEntry:
    if kind in (TAG_DEDUP, PET_MATCH):
        field = "kept" if kind == TAG_DEDUP else "counted"
        require_fields(obj, where, "body", ("district", "trustees", field, *_SIG))
        district = _district(obj, where, districts)
        chosen = _increasing(obj, "trustees", where, 1)
        if not chosen or chosen[-1] > n:
            raise RecordError.at(where, "body.trustees", f"expected trustees among 1 … {n}")
        return Combined(kind, district, chosen, _increasing(obj, field, where, 0))
    fields: tuple[str, ...]
    if kind == TAG_COMMIT:
        fields = (*_TRUSTEE_FIELDS, "commitment")
    elif kind in (TAG_BLIND, TAG_DECRYPT):
        fields = (*_TRUSTEE_FIELDS, "lists")
    elif kind == PET_BLIND:
        fields = ("trustee", "district", "commitments", "outputs", "proof")
    elif kind == PET_DECRYPT:
        fields = ("trustee", "district", "shares")
    else:
        raise RecordError.at(where, "kind", f"not an entry of the fake-credentials tally: {kind}")
    require_fields(obj, where, "body", (*fields, *_SIG))
    trustee = require_int(obj, "trustee", where, "body", minimum=1, maximum=n)
    district = _district(obj, where, districts)
    if kind == TAG_COMMIT:
        _round(obj, where)
        return TagCommit(trustee, district, group.from_hex(obj["commitment"], "body.commitment"))
    if kind == TAG_BLIND:
        _round(obj, where)
        item = _one_list(obj, where, ("outputs", "proof"))
        outputs = _read_cts(
            group, _nonempty(item, "outputs", where, "body.lists[0]"), "body.lists[0].outputs"
        )
        proof = decode_chaum_pedersen(group, item["proof"], "body.lists[0].proof")
        return TagBlind(trustee, district, outputs, proof)
    if kind == TAG_DECRYPT:
        _round(obj, where)
        item = _one_list(obj, where, ("shares",))
        raw = _nonempty(item, "shares", where, "body.lists[0]")
        return Decrypt(kind, trustee, district, _read_shares(group, raw, where, "body.lists[0]"))
    if kind == PET_DECRYPT:
        raw = _nonempty(obj, "shares", where, "body")
        return Decrypt(kind, trustee, district, _read_shares(group, raw, where, "body.shares"))
    commitments = _nonempty(obj, "commitments", where, "body")
    outputs_raw = require_list(obj, "outputs", where, "body")
    proof_obj = require_object(obj["proof"], where, "body.proof")
    require_fields(proof_obj, where, "body.proof", ("a", "b", "v"))
    lists = {k: require_list(proof_obj, k, where, "body.proof") for k in ("a", "b", "v")}
    size = len(commitments)
    for key, items in (("outputs", outputs_raw), *((f"proof.{k}", v) for k, v in lists.items())):
        if len(items) != size:
            raise RecordError.at(
                where, f"body.{key}", f"{len(items)} entries for {size} commitments"
            )
    return PetBlind(
        trustee,
        district,
        tuple(group.from_hex(z, f"body.commitments[{j}]") for j, z in enumerate(commitments)),
        _read_cts(group, outputs_raw, "body.outputs"),
        PetProof(
            a=tuple(group.from_hex(x, f"body.proof.a[{j}]") for j, x in enumerate(lists["a"])),
            b=tuple(
                group.from_hex(x, f"body.proof.b[{j}]", allow_identity=True)
                for j, x in enumerate(lists["b"])
            ),
            v=tuple(
                group.scalar_from_hex(x, f"body.proof.v[{j}]") for j, x in enumerate(lists["v"])
            ),
        ),
    )
