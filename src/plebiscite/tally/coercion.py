"""Posting a fake-credentials tally of one district on a board (docs/spec.md §16.5 steps 2–4,
docs/record.md §6): the dedup round's ``tag_commit``, ``tag_blind``, ``tag_decrypt`` and the
authority's ``tag_dedup``; the mixnet's ``mix_chunk``/``mix`` entries of the ``kept`` list; the
match round's ``pet_blind``, ``pet_decrypt`` and the authority's ``pet_match``; each of the four
stages with a per-item list as its ``tally_chunk`` entries, then its closing entry.

:func:`post_district_tally` takes a tally played by
:func:`~plebiscite.model.coercion.tally.run_district_tally` over the district's ballots as the
board holds them (each with its board index) and posts every entry in the order the board's
checks (:mod:`plebiscite.rules.coercion_tally`, :mod:`plebiscite.rules.mixing`) require, each
signed by the trustee or the authority it belongs to. Every trustee is played in one process
from its signing key (for the demo, the tests and the benchmark).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from plebiscite.board.board import Appended
from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand
from plebiscite.crypto.group import Group
from plebiscite.crypto.shuffle import Item
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import CredentialBallot
from plebiscite.model.coercion.tally import DistrictTally
from plebiscite.model.coercion.tally_entries import (
    KEPT_LIST,
    PET_BLIND,
    PET_DECRYPT,
    PET_MATCH,
    TAG_BLIND,
    TAG_DECRYPT,
    TAG_DEDUP,
    Combined,
    TagCommit,
    TallyEntry,
    pet_items,
    sign_tally_entry,
    stage_entries,
)
from plebiscite.model.mix import MIX_KIND, ListRef, mix_bodies, sign_mix

__all__ = ["PostedTally", "kept_items", "post_district_tally"]


@dataclass(frozen=True)
class PostedTally:
    """What :func:`post_district_tally` posted: every entry, and the board indices of the kept
    ballots."""

    entries: tuple[Appended, ...]
    kept: tuple[int, ...]


def kept_items(ballots: Sequence[CredentialBallot]) -> list[Item]:
    """The tuples ``(D, P, options …)`` of the kept ballots, the first input of their mix."""
    return [(b.credential, b.pointer, *b.options()) for b in ballots]


def post_district_tally(
    board: BoardClient,
    group: Group,
    election_id: bytes,
    tally: DistrictTally,
    indices: Sequence[int],
    ballots: Sequence[CredentialBallot],
    trustee_keys: Mapping[int, SigningKey],
    authority: SigningKey,
    *,
    rng: rand.Random | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> PostedTally:
    """Post ``tally``, played over ``ballots`` (the district's ballots in board order, at the
    board ``indices``), as record.md §6's entries. ``progress(kind, 1)`` hears of each post."""
    posted: list[Appended] = []

    def post(kind: str, body: JSONObject) -> Appended:
        appended = board.post(kind, body)
        posted.append(appended)
        if progress is not None:
            progress(kind, 1)
        return appended

    def post_entry(key: SigningKey, entry: TallyEntry) -> None:
        post(*sign_tally_entry(key, group, election_id, entry, rng))

    d = tally.district
    for stage in tally.dedup_stages:
        post_entry(trustee_keys[stage.trustee], TagCommit(stage.trustee, d, stage.commitment))
    for stage in tally.dedup_stages:
        for entry in stage_entries(group, TAG_BLIND, stage.trustee, d, stage.outputs, stage.proof):
            post_entry(trustee_keys[stage.trustee], entry)
    for i, shares in sorted(tally.dedup_decryptions.items()):
        for entry in stage_entries(group, TAG_DECRYPT, i, d, shares):
            post_entry(trustee_keys[i], entry)
    kept = tuple(indices[p] for p in tally.kept)
    decrypting = tally.dedup_trustees or tuple(sorted(tally.dedup_decryptions))
    post_entry(authority, Combined(TAG_DEDUP, d, decrypting, kept))
    ref = ListRef(KEPT_LIST, d)
    inputs: Sequence[Item] = kept_items([ballots[p] for p in tally.kept])
    previous: int | None = None
    for mix in tally.mix_stages:
        bodies = mix_bodies(group, mix.trustee, ref, previous, inputs, mix.outputs, mix.proof)
        for kind, body in bodies:
            appended = post(kind, sign_mix(trustee_keys[mix.trustee], election_id, kind, body, rng))
            if kind == MIX_KIND:
                previous = appended.entry.index
        inputs = mix.outputs
    for pet in tally.pet_stages:
        for entry in stage_entries(group, PET_BLIND, pet.trustee, d, pet_items(pet)):
            post_entry(trustee_keys[pet.trustee], entry)
    for i, shares in sorted(tally.pet_decryptions.items()):
        for entry in stage_entries(group, PET_DECRYPT, i, d, shares):
            post_entry(trustee_keys[i], entry)
    matching = tally.match_trustees or tuple(sorted(tally.pet_decryptions))
    post_entry(authority, Combined(PET_MATCH, d, matching, tally.counted))
    return PostedTally(tuple(posted), kept)
