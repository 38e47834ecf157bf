"""The board checks the entries of the fake-credentials tally before writing them (V13, V14,
:mod:`plebiscite.rules.coercion_tally`): an entry before ``close``, a second commitment of one
trustee, a blinding's chunk in a district with no ballot of the mode, or any entry of the tally
after the ``tally`` is refused with its reason, and nothing is written."""

from __future__ import annotations

import pytest

from plebiscite.authority.counting import close_voting, post_tally
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.tally_entries import (
    TAG_BLIND,
    TagCommit,
    sign_tally_entry,
    stage_entries,
)
from plebiscite.state.party import Party

from ._election import CLOSES, PASSPHRASE, Election, LocalBoard, SimClock, key


def _refused(board: LocalBoard, kind: str, body: JSONObject) -> str:
    before = len(board.entries())
    with pytest.raises(BoardError) as refused:
        board.post(kind, body)
    assert len(board.entries()) == before
    return refused.value.reason


def test_the_board_checks_the_tally_entries_before_writing_them(
    election: Election, board: LocalBoard, clock: SimClock
) -> None:
    group = election.params.group
    eid = election.definition.election_id
    assert eid is not None
    trustee: Party = election.trustees[0]
    trustee_key = trustee.signing_key(PASSPHRASE)
    commit = sign_tally_entry(trustee_key, group, eid, TagCommit(1, "north", group.exp_g(5)))
    assert _refused(board, *commit) == "voting_not_closed"
    clock.now = CLOSES
    close_voting(board, key("authority"), clock=clock)
    board.post(*commit)
    assert _refused(board, *commit) == "out_of_order"  # trustee 1 committed already
    one = group.exp_g(1)
    chunk, _ = stage_entries(
        group, TAG_BLIND, 1, "north", [Ciphertext(one, one)], ChaumPedersenProof(one, one, 1)
    )
    # an election of the mode revote has no ballot of the mode: nothing to blind
    assert _refused(board, *sign_tally_entry(trustee_key, group, eid, chunk)) == "wrong_input"
    forged = sign_tally_entry(election.trustees[1].signing_key(PASSPHRASE), group, eid, chunk)
    assert _refused(board, *forged) == "bad_signature"  # trustee 2's key, trustee 1's entry
    post_tally(board, key("authority"))
    late = sign_tally_entry(trustee_key, group, eid, TagCommit(1, "south", group.exp_g(6)))
    assert _refused(board, *late) == "after_tally"  # the counted set is fixed at the tally
