"""In the mode fake-credentials the counted set is what the tally's steps decided (spec §16.5
step 5): the authority's ``tally`` and ``result`` and a trustee's ``decrypt`` refuse a board whose
tag, mix or test entries fail V11, V13 or V14, or whose ballots no tag round has taken up yet,
naming the check and the entry, and post nothing.

The election is the mode's demonstration with 8 voters, played on its board up to each point;
the wrong entry is one a trustee signed (an insider) and the board appended without its own
checks, chained and under a signed head (a hostile board): only the parties' checks can catch
it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plebiscite.authority.counting import TallyRefused, close_voting, post_result, post_tally
from plebiscite.board.board import Board
from plebiscite.demo.fake_credentials import ModeRun
from plebiscite.demo.play import PASSPHRASE_FILE
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.tally_entries import TagCommit, sign_tally_entry
from plebiscite.model.tally import TALLY_KIND, sign
from plebiscite.state.party import TEST_KDF_ENV, open_party
from plebiscite.tally.count import count_board
from plebiscite.tally.decrypt import DecryptRefused, trustee_decrypt


def _passphrase(directory: Path) -> str:
    return (directory / PASSPHRASE_FILE).read_text(encoding="utf-8").strip()


def _hostile_append(run: ModeRun, kind: str, body: JSONObject) -> int:
    """Append ``(kind, body)`` as the board operator could: chained, under a signed head, without
    the board's checks. Returns its index."""
    directory = run.parties / "board"
    key = open_party(directory, "board").signing_key(_passphrase(directory))
    assert run.definition.election_id is not None
    with Board(run.board.store, run.definition.election_id, key, clock=run.clock) as hostile:
        appended = hostile.append(kind, body)  # the default policy accepts everything
    return appended.entry.index


def test_the_parties_refuse_to_count_over_unchecked_tag_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    run = ModeRun(8, 3, tmp_path / "demo", lambda _: None)
    try:
        run.setup()
        run.register()
        run.vote()
        run.clock.set(run.definition.window.closes_us + 60_000_000)
        close_voting(run.board, run.authority, clock=run.clock)
        before = run.board.store.count()
        # closed, but no tag round yet: the counted set is unknown
        with pytest.raises(TallyRefused) as untagged:
            post_tally(run.board, run.authority)
        assert [(f.check, f.index, f.field) for f in untagged.value.failures] == [
            ("V13", None, "tag_commit")
        ]
        assert "district 'north'" in str(untagged.value)
        assert run.board.store.count() == before
        run.tag()  # the honest steps, to pet_match
        # trustee 1 commits a second time; the board appends it unchecked
        trustee, passphrase = run.trustees[0]
        group = run.group
        eid = run.definition.election_id
        assert eid is not None
        kind, body = sign_tally_entry(
            trustee.signing_key(passphrase), group, eid, TagCommit(1, "north", group.exp_g(5))
        )
        wrong = _hostile_append(run, kind, body)
        before = run.board.store.count()
        with pytest.raises(TallyRefused) as refused:
            post_tally(run.board, run.authority)
        assert [(f.check, f.index) for f in refused.value.failures] == [("V13", wrong)]
        assert f"V13 entry {wrong}" in str(refused.value)
        with pytest.raises(TallyRefused):
            post_result(run.board, run.authority)
        assert run.board.store.count() == before
        # a hostile authority posts the tally anyway: no trustee decrypts over the wrong entry
        count = count_board(run.board.iter_entries(0))
        tally_body = sign(run.authority, eid, TALLY_KIND, count.tally.to_body(count.group))
        _hostile_append(run, TALLY_KIND, tally_body)
        before = run.board.store.count()
        with pytest.raises(DecryptRefused) as declined:
            trustee_decrypt(run.board, trustee, passphrase)
        assert [(f.check, f.index) for f in declined.value.failures] == [("V13", wrong)]
        assert run.board.store.count() == before
    finally:
        run.close()
