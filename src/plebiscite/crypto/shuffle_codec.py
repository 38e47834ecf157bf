"""The JSON forms of a shuffle's lists and proof (docs/spec.md §15.6), read strictly.

A list of N tuples of width w is ``[[{"alpha": E, "beta": E} × w] × N]``; a proof is the object of
:class:`~plebiscite.crypto.shuffle.ShuffleProof`'s fields. Decoding checks the exact fields, the
lengths and every element (proof commitments may not be the identity; list ciphertexts may) and
names the failing path, e.g. ``proof.t_hat[3]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from plebiscite.crypto.elgamal import decode_ciphertext, encode_ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.shuffle import Item, ShuffleProof
from plebiscite.errors import EncodingError

__all__ = ["decode_items", "decode_shuffle_proof", "encode_items", "encode_shuffle_proof"]

_PROOF_FIELDS = frozenset(
    ("c", "c_hat", "t1", "t2", "t3", "t4", "t_hat", "s1", "s2", "s3", "s4", "s_hat", "s_prime")
)


def encode_items(group: Group, items: Sequence[Item]) -> list[list[dict[str, str]]]:
    """``[[{"alpha", "beta"} for each component] for each item]`` in hex."""
    return [[encode_ciphertext(group, ct) for ct in item] for item in items]


def decode_items(group: Group, obj: object, role: str) -> list[Item]:
    """Parse a list of equally wide, non-empty tuples of ciphertexts (the identity allowed)."""
    rows = _list(obj, role)
    items: list[Item] = []
    width: int | None = None
    for i, row in enumerate(rows):
        cells = _list(row, f"{role}[{i}]")
        if width is None:
            width = len(cells)
        if not cells or len(cells) != width:
            raise EncodingError(f"{role}[{i}]: every tuple has the same width ≥ 1")
        items.append(
            tuple(
                decode_ciphertext(group, cell, f"{role}[{i}][{k}]", allow_identity=True)
                for k, cell in enumerate(cells)
            )
        )
    return items


def encode_shuffle_proof(group: Group, proof: ShuffleProof) -> dict[str, Any]:
    """The proof's JSON object (elements and scalars in hex)."""
    hexes = group.to_hex
    scalar = group.scalar_to_hex
    return {
        "c": [hexes(e) for e in proof.c],
        "c_hat": [hexes(e) for e in proof.c_hat],
        "t1": hexes(proof.t1),
        "t2": hexes(proof.t2),
        "t3": hexes(proof.t3),
        "t4": [encode_ciphertext(group, ct) for ct in proof.t4],
        "t_hat": [hexes(e) for e in proof.t_hat],
        "s1": scalar(proof.s1),
        "s2": scalar(proof.s2),
        "s3": scalar(proof.s3),
        "s4": [scalar(s) for s in proof.s4],
        "s_hat": [scalar(s) for s in proof.s_hat],
        "s_prime": [scalar(s) for s in proof.s_prime],
    }


def decode_shuffle_proof(group: Group, obj: object, role: str) -> ShuffleProof:
    """Parse a proof strictly: exact fields, valid non-identity elements, scalars below q."""
    if not isinstance(obj, Mapping) or set(obj) != _PROOF_FIELDS:
        got = sorted(map(str, obj)) if isinstance(obj, Mapping) else type(obj).__name__
        raise EncodingError(f"{role}: a shuffle proof has exactly {sorted(_PROOF_FIELDS)}: {got}")

    def element(value: object, where: str) -> Element:
        return group.from_hex(value, f"{role}.{where}")

    def elements(name: str) -> tuple[Element, ...]:
        return tuple(element(v, f"{name}[{i}]") for i, v in enumerate(_list(obj[name], name)))

    def scalars(name: str) -> tuple[int, ...]:
        return tuple(
            group.scalar_from_hex(v, f"{role}.{name}[{i}]")
            for i, v in enumerate(_list(obj[name], f"{role}.{name}"))
        )

    return ShuffleProof(
        c=elements("c"),
        c_hat=elements("c_hat"),
        t1=element(obj["t1"], "t1"),
        t2=element(obj["t2"], "t2"),
        t3=element(obj["t3"], "t3"),
        t4=tuple(
            decode_ciphertext(group, v, f"{role}.t4[{k}]", allow_identity=False)
            for k, v in enumerate(_list(obj["t4"], f"{role}.t4"))
        ),
        t_hat=elements("t_hat"),
        s1=group.scalar_from_hex(obj["s1"], f"{role}.s1"),
        s2=group.scalar_from_hex(obj["s2"], f"{role}.s2"),
        s3=group.scalar_from_hex(obj["s3"], f"{role}.s3"),
        s4=scalars("s4"),
        s_hat=scalars("s_hat"),
        s_prime=scalars("s_prime"),
    )


def _list(obj: object, role: str) -> list[object]:
    if not isinstance(obj, list):
        raise EncodingError(f"{role}: expected a list, got {type(obj).__name__}")
    return obj
