"""The JSON forms of the proofs: encoded as the record writes them, decoded strictly."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from plebiscite.crypto.group import Group
from plebiscite.crypto.proofs.chaum_pedersen import ChaumPedersenProof
from plebiscite.crypto.proofs.common import MAX_RANGE_BRANCHES
from plebiscite.crypto.proofs.disjunction import RangeProof, ZeroOneProof
from plebiscite.crypto.proofs.schnorr import SchnorrProof
from plebiscite.errors import EncodingError

__all__ = [
    "decode_chaum_pedersen",
    "decode_range",
    "decode_schnorr",
    "decode_zero_one",
    "encode_proof",
]


# -- JSON forms ----------------------------------------------------------------------------------


def _fields(obj: object, role: str, names: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise EncodingError.of(role, "a proof must be an object")
    if set(obj) != set(names):
        raise EncodingError.of(
            role, f"expected exactly the fields {sorted(names)}, got {sorted(map(str, obj))}"
        )
    return obj


def _hex_list(obj: object, role: str) -> list[object]:
    if not isinstance(obj, list):
        raise EncodingError.of(role, "expected a list")
    return obj


def encode_proof(
    group: Group, proof: SchnorrProof | ChaumPedersenProof | ZeroOneProof | RangeProof
) -> dict[str, str | list[str]]:
    """The JSON form of a proof: elements and scalars as the group's strict lowercase hex."""
    el, sc = group.to_hex, group.scalar_to_hex
    if isinstance(proof, SchnorrProof):
        return {"h": el(proof.commitment), "v": sc(proof.response)}
    if isinstance(proof, ChaumPedersenProof):
        return {"a": el(proof.a), "b": el(proof.b), "v": sc(proof.response)}
    if isinstance(proof, ZeroOneProof):
        return {
            "a0": el(proof.a0),
            "b0": el(proof.b0),
            "a1": el(proof.a1),
            "b1": el(proof.b1),
            "c0": sc(proof.c0),
            "v0": sc(proof.v0),
            "v1": sc(proof.v1),
        }
    return {
        "a": [el(x) for x in proof.a],
        "b": [el(x) for x in proof.b],
        "c": [sc(x) for x in proof.c],
        "v": [sc(x) for x in proof.v],
    }


def decode_schnorr(group: Group, obj: object, role: str) -> SchnorrProof:
    """Parse ``{"h", "v"}`` strictly (the commitment may not be the identity)."""
    f = _fields(obj, role, ("h", "v"))
    return SchnorrProof(
        commitment=group.from_hex(f["h"], f"{role}.h"),
        response=group.scalar_from_hex(f["v"], f"{role}.v"),
    )


def decode_chaum_pedersen(group: Group, obj: object, role: str) -> ChaumPedersenProof:
    """Parse ``{"a", "b", "v"}`` strictly (``b`` may be the identity; the verifier decides)."""
    f = _fields(obj, role, ("a", "b", "v"))
    return ChaumPedersenProof(
        a=group.from_hex(f["a"], f"{role}.a"),
        b=group.from_hex(f["b"], f"{role}.b", allow_identity=True),
        response=group.scalar_from_hex(f["v"], f"{role}.v"),
    )


def decode_zero_one(group: Group, obj: object, role: str) -> ZeroOneProof:
    """Parse ``{"a0", "b0", "a1", "b1", "c0", "v0", "v1"}`` strictly."""
    f = _fields(obj, role, ("a0", "b0", "a1", "b1", "c0", "v0", "v1"))
    return ZeroOneProof(
        a0=group.from_hex(f["a0"], f"{role}.a0"),
        b0=group.from_hex(f["b0"], f"{role}.b0"),
        a1=group.from_hex(f["a1"], f"{role}.a1"),
        b1=group.from_hex(f["b1"], f"{role}.b1"),
        c0=group.scalar_from_hex(f["c0"], f"{role}.c0"),
        v0=group.scalar_from_hex(f["v0"], f"{role}.v0"),
        v1=group.scalar_from_hex(f["v1"], f"{role}.v1"),
    )


def decode_range(group: Group, obj: object, role: str) -> RangeProof:
    """Parse ``{"a": [...], "b": [...], "c": [...], "v": [...]}`` strictly."""
    f = _fields(obj, role, ("a", "b", "c", "v"))
    lists = {key: _hex_list(f[key], f"{role}.{key}") for key in ("a", "b", "c", "v")}
    for key, items in lists.items():
        if len(items) > MAX_RANGE_BRANCHES:
            raise EncodingError.of(f"{role}.{key}", f"more than {MAX_RANGE_BRANCHES} entries")
    return RangeProof(
        a=tuple(group.from_hex(x, f"{role}.a[{i}]") for i, x in enumerate(lists["a"])),
        b=tuple(group.from_hex(x, f"{role}.b[{i}]") for i, x in enumerate(lists["b"])),
        c=tuple(group.scalar_from_hex(x, f"{role}.c[{i}]") for i, x in enumerate(lists["c"])),
        v=tuple(group.scalar_from_hex(x, f"{role}.v[{i}]") for i, x in enumerate(lists["v"])),
    )
