"""Mix rounds appended to the verifier's test record (:mod:`tests.verify._record`), honest or
played by a cheating trustee who re-signs its own entries (V11's tamper tests)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import Item, ShuffleProof, prove_shuffle, shuffle
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.mix import ListRef, mix_bodies
from plebiscite.model.signed import sign_body
from plebiscite.rules.checker import Checker

from ._record import ELECTION_ID, Built, definition, key, reseal

#: changes a trustee's ``(kind, body)`` list before it signs them (a cheating trustee)
Cheat = Callable[[list[tuple[str, JSONObject]]], list[tuple[str, JSONObject]]]


@dataclass
class Board:
    """The record's entries with what a mixing trustee reads off them."""

    group: Group
    entries: list[Entry]
    joint_key: Element
    election_ctx: bytes
    counted: dict[str, list[Item]]


def read(built: Built) -> Board:
    checker = Checker()
    try:
        checker.feed_all(built.entries)
        checker.finish()
        assert checker.ceremony is not None and checker.election_ctx is not None
        assert checker.ceremony.joint_key is not None
        counted = {d: checker.counted_list(d) for d in ("north", "south", "empty")}
        return Board(
            get_group("secp256k1"),
            list(built.entries),
            checker.ceremony.joint_key,
            checker.election_ctx,
            counted,
        )
    finally:
        checker.close()


def append(board: Board, kind: str, body: JSONObject, *, before: int | None = None) -> Entry:
    """Append (or insert at ``before``) an entry; the caller re-seals."""
    position = len(board.entries) if before is None else before
    time = board.entries[position - 1].time + 1_000
    entry = Entry.create(position, time, kind, body, bytes(32))
    board.entries.insert(position, entry)
    return entry


def shuffled(
    board: Board, trustee: int, inputs: Sequence[Item], seed: str
) -> tuple[list[Item], ShuffleProof]:
    rng = DeterministicRandom(f"mix {trustee} {seed}")
    outputs, secret = shuffle(board.group, board.joint_key, inputs, rng)
    proof = prove_shuffle(
        board.group,
        board.joint_key,
        inputs,
        outputs,
        secret,
        board.election_ctx,
        trustee,
        rng=rng,
    )
    return outputs, proof


def mix(
    board: Board,
    trustee: int,
    district: str = "north",
    *,
    inputs: Sequence[Item] | None = None,
    previous: int | None = None,
    cheat: Cheat | None = None,
    signer: int | None = None,
    before: int | None = None,
) -> tuple[list[Item], int]:
    """Trustee ``trustee`` shuffles ``inputs`` (default: the district's counted list) and posts
    its chunks and mix; returns its outputs and the mix's position."""
    items = list(inputs if inputs is not None else board.counted[district])
    outputs, proof = shuffled(board, trustee, items, district)
    ref = ListRef("counted", district)
    bodies = mix_bodies(board.group, trustee, ref, previous, items, outputs, proof)
    if cheat is not None:
        bodies = cheat(copy.deepcopy(bodies))
    who = key(f"trustee {signer if signer is not None else trustee}")
    rng = DeterministicRandom(f"sign {trustee}")
    position = before
    last = -1
    for kind, body in bodies:
        entry = append(board, kind, sign_body(who, ELECTION_ID, kind, body, rng), before=position)
        last = board.entries.index(entry)
        if position is not None:
            position += 1
    return outputs, last


def sealed(board: Board) -> Built:
    entries, heads = reseal(board.entries)
    return Built(definition(), entries, heads, {})


def decrypt_all(group: Group, secret: int, items: Sequence[Item]) -> list[tuple[Element, ...]]:
    """Every component of every item decrypted to its group element (``β / α^x``)."""
    return [
        tuple(group.mul(ct.beta, group.inv(group.exp(ct.alpha, secret))) for ct in item)
        for item in items
    ]


def reencrypt(group: Group, public: Element, ct: Ciphertext, r: int) -> Ciphertext:
    """``ct`` times ``Enc(0; r)`` under ``public``."""
    return Ciphertext(group.mul(ct.alpha, group.exp_g(r)), group.mul(ct.beta, group.exp(public, r)))
