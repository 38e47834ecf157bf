"""The board's acceptance rules for ballots and challenges: each refusal, and the board unchanged.

Every refusal is checked for its reason code, a readable message, a signed refusal when asked
for one, and a byte-identical export of the board before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.authority.counting import close_voting
from plebiscite.board.board import UNSIGNED_REFUSALS
from plebiscite.cli import app
from plebiscite.crypto.elgamal import encrypt
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, InputError
from plebiscite.model import tally as mt
from plebiscite.model.ballot import EncryptedBallot, EncryptedQuestion, sign_ballot
from plebiscite.model.ballot.create import OpenedBallot, prove_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import SignedRefusal, submission_hash
from plebiscite.model.tally import Cosignature, sign
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.state.party import init_party
from plebiscite.tally.early_close import CosignRefused, read_cosignature, trustee_cosign_close

from ._election import CLOSES, HOUR, OPENS, PASSPHRASE, Election, LocalBoard, SimClock, key


def refuse(board: LocalBoard, tmp_path: Path, kind: str, body: JSONObject, reason: str) -> str:
    """Submit ``body``; assert the refusal's reason, its signature and the unchanged board."""
    run = tmp_path / f"refusal-{len(list(tmp_path.glob('refusal-*')))}"
    before = board.export(run / "before")
    if reason in UNSIGNED_REFUSALS:  # not a well-formed signed ballot: refused without a signature
        with pytest.raises(BoardError) as unsigned:
            board.board.append_or_refuse(kind, body)
        assert unsigned.value.reason == reason
    else:
        outcome = board.board.append_or_refuse(kind, body)
        assert isinstance(outcome, SignedRefusal), f"accepted: {outcome}"
        assert outcome.reason == reason
        assert outcome.verify(key("board").public)
        assert outcome.submission == submission_hash(kind, body)
    with pytest.raises(BoardError) as caught:
        board.post(kind, body)
    assert caught.value.reason == reason
    assert board.export(run / "after") == before
    return caught.value.message


def north(election: Election, i: int = 0) -> tuple[object, str]:
    return election.voters["north"][i], "north"


def test_a_valid_ballot_is_accepted_with_a_receipt(election: Election, board: LocalBoard) -> None:
    voter = election.voters["north"][0]
    appended = board.post("ballot", election.ballot(voter, "north", [1, 0]))
    assert appended.receipt.matches(appended.entry)
    assert appended.receipt.verify(key("board").public)
    assert appended.entry.time == OPENS + HOUR  # the time the policy decided on


def test_refused_credential_not_on_the_roll(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    stranger = key("stranger")
    message = refuse(
        board, tmp_path, "ballot", election.ballot(stranger, "north", [1, 0]), "not_on_roll"
    )
    assert "no district's roll" in message


def test_refused_another_districts_roll(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    voter = election.voters["south"][0]
    message = refuse(
        board, tmp_path, "ballot", election.ballot(voter, "north", [1, 0]), "wrong_district"
    )
    assert "'south'" in message


@pytest.mark.parametrize("when", [OPENS - 1, CLOSES, CLOSES + 24 * HOUR])
def test_refused_outside_the_window(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path, when: int
) -> None:
    body = election.ballot(election.voters["north"][0], "north", [0, 1])
    clock.now = when
    message = refuse(board, tmp_path, "ballot", body, "outside_window")
    assert "window" in message


def test_refused_before_open(election: Election, clock: SimClock, tmp_path: Path) -> None:
    board = election.board(tmp_path / "setup", clock, opened=False)
    try:
        body = election.ballot(election.voters["north"][0], "north", [1, 0])
        refuse(board, tmp_path, "ballot", body, "voting_not_open")
        refuse(board, tmp_path, "challenge", _challenge(election, 0, "x"), "voting_not_open")
    finally:
        board.close()


def _cosignatures(election: Election, board: LocalBoard, *trustees: int) -> list[Cosignature]:
    return [
        trustee_cosign_close(board, election.trustees[i - 1], PASSPHRASE).cosignature
        for i in trustees
    ]


def test_refused_after_close(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="--early"):
        close_voting(board, key("authority"), clock=clock)
    cosigned = _cosignatures(election, board, 3, 1)
    step = close_voting(board, key("authority"), early=True, cosignatures=cosigned, clock=clock)
    assert step.warnings and "EARLY" in step.warnings[0]
    assert step.appended is not None and step.appended.entry.body["early"] is True
    listed = step.appended.entry.body["cosignatures"]
    assert isinstance(listed, list)
    assert [c["trustee"] for c in listed if isinstance(c, dict)] == [1, 3]
    with pytest.raises(CosignRefused, match="already closed"):
        _cosignatures(election, board, 2)
    report = _verified(board)
    assert report.failed_checks == ["V7", "V9"]  # no tally and no result yet: nothing else
    assert any("closed EARLY" in note and "[1, 3]" in note for note in report.notes)
    body = election.ballot(election.voters["north"][0], "north", [1, 0])
    message = refuse(board, tmp_path, "ballot", body, "voting_closed")
    assert f"entry {step.index}" in message


def _drop_signature(body: JSONObject) -> JSONObject:
    return {k: v for k, v in body.items() if k != "signature"}


def _extra_field(body: JSONObject) -> JSONObject:
    return {**body, "note": "hello"}


def _bad_hex(body: JSONObject) -> JSONObject:
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    cts = questions[0]["ciphertexts"]
    assert isinstance(cts, list) and isinstance(cts[0], dict)
    alpha = cts[0]["alpha"]
    assert isinstance(alpha, str)
    bad = {**cts[0], "alpha": alpha.upper()}
    return {**body, "questions": [{**questions[0], "ciphertexts": [bad, *cts[1:]]}]}


@pytest.mark.parametrize("damage", [_drop_signature, _extra_field, _bad_hex])
def test_refused_malformed(
    election: Election,
    board: LocalBoard,
    tmp_path: Path,
    damage: Callable[[JSONObject], JSONObject],
) -> None:
    body = damage(election.ballot(election.voters["north"][0], "north", [1, 0]))
    message = refuse(board, tmp_path, "ballot", body, "malformed")
    assert "field" in message


def test_refused_bad_signature(election: Election, board: LocalBoard, tmp_path: Path) -> None:
    body = election.ballot(election.voters["north"][0], "north", [1, 0])
    signature = body["signature"]
    assert isinstance(signature, str)
    body["signature"] = ("1" if signature[0] == "0" else "0") + signature[1:]
    refuse(board, tmp_path, "ballot", body, "bad_signature")


def test_refused_bad_proof_under_a_valid_signature(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    voter = election.voters["north"][0]
    opened = election.opened(voter, "north", [1, 0])
    q = opened.encrypted.questions[0]
    swapped = EncryptedQuestion(q.ciphertexts, (q.proofs[1], q.proofs[0]), q.range_proof)
    params = election.params
    nonce = opened.encrypted.nonce or b""
    encrypted = EncryptedBallot.build(params, "north", voter.public.xonly, nonce, [swapped])
    body = sign_ballot(voter, params.group, encrypted, election.head).to_json(params.group)
    message = refuse(board, tmp_path, "ballot", body, "bad_proof")
    assert "proofs[0]" in message


def test_refused_replay_of_an_earlier_ballot_after_a_revote(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    voter = election.voters["north"][1]
    group = election.params.group
    opened = election.opened(voter, "north", [1, 0], "first")
    first = opened.cast(voter, election.params, election.head).to_json(group)
    board.post("ballot", first)
    clock.now += HOUR
    board.post("ballot", election.ballot(voter, "north", [0, 1], "second"))
    clock.now += HOUR
    message = refuse(board, tmp_path, "ballot", first, "replay")
    assert "replay" in message
    resigned = sign_ballot(voter, group, opened.encrypted, election.head).to_json(group)
    assert resigned["signature"] != first["signature"]
    refuse(board, tmp_path, "ballot", resigned, "replay")  # a fresh signature is the same ballot


def _challenge(election: Election, i: int, seed: str) -> JSONObject:
    opened = election.opened(election.voters["north"][i], "north", [1, 0], seed)
    return opened.challenge().to_json(election.params.group)


def _reproved(
    election: Election, opened: OpenedBallot, voter: SigningKey, district: str
) -> JSONObject:
    """``opened``'s ciphertexts proved afresh for ``voter`` (who knows their bits and randomness)
    and signed by her: a ballot whose ciphertexts are a copy."""
    cts = [list(q.ciphertexts) for q in opened.encrypted.questions]
    rng = DeterministicRandom("re-proved")
    nonce = rng.randbytes(32)
    copy = prove_ballot(
        election.params,
        district,
        voter.public.xonly,
        nonce,
        opened.choices,
        cts,
        opened.randomness,
        rng,
    )
    return copy.cast(voter, election.params, election.head).to_json(election.params.group)


def test_refused_copy_of_an_opened_challenge_under_another_credential(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    """A vote buyer re-proves a voter's opened challenge under his own credential (in another
    district even): every proof and the signature are valid, but the ciphertexts are on the
    board already (spec §11.4)."""
    opened = election.opened(election.voters["north"][3], "north", [0, 1], "to copy")
    posted = board.post("challenge", opened.challenge().to_json(election.params.group))
    copy = _reproved(election, opened, election.voters["south"][1], "south")
    message = refuse(board, tmp_path, "ballot", copy, "copied_ciphertext")
    assert "body.questions[0].ciphertexts[0].alpha" in message
    assert f"entry {posted.entry.index}" in message


def test_refused_ballot_whose_options_share_an_alpha(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    """Two options encrypted with the same randomness share their α: refused as a copy."""
    group, joint = election.params.group, election.params.joint_key
    r = 1 + DeterministicRandom("same r").randbelow(group.q - 1)
    cts = [[encrypt(group, joint, m, r=r)[0] for m in (1, 0)]]
    voter = election.voters["north"][4]
    nonce = bytes(32)
    same = prove_ballot(
        election.params, "north", voter.public.xonly, nonce, [[1, 0]], cts, [[r, r]]
    )
    body = same.cast(voter, election.params, election.head).to_json(group)
    message = refuse(board, tmp_path, "ballot", body, "copied_ciphertext")
    assert "ciphertexts[1].alpha" in message and "its own" in message


def test_refused_cast_of_a_challenged_ballot(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    voter = election.voters["north"][2]
    opened = election.opened(voter, "north", [1, 0], "shown")
    board.post("challenge", opened.challenge().to_json(election.params.group))
    cast = opened.cast(voter, election.params, election.head).to_json(election.params.group)
    message = refuse(board, tmp_path, "ballot", cast, "challenged_ballot")
    assert "challenged" in message
    refuse(
        board,
        tmp_path,
        "challenge",
        opened.challenge().to_json(election.params.group),
        "replay",
    )


def test_refused_challenge_of_a_cast_ballot(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    voter = election.voters["north"][3]
    opened = election.opened(voter, "north", [0, 1], "cast")
    board.post(
        "ballot", opened.cast(voter, election.params, election.head).to_json(election.params.group)
    )
    body = opened.challenge().to_json(election.params.group)
    refuse(board, tmp_path, "challenge", body, "already_cast")


def test_refused_challenge_that_does_not_open_its_ballot(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    body = _challenge(election, 4, "lie")
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    body["questions"] = [{**questions[0], "choices": [0, 1]}]
    refuse(board, tmp_path, "challenge", body, "bad_challenge")


def test_revote_rate_limit(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    voter = election.voters["south"][1]
    for i in range(50):
        board.post("ballot", election.ballot(voter, "south", [i % 2, 1 - i % 2], f"r{i}"))
        clock.now += 1_000_000
    body = election.ballot(voter, "south", [1, 0], "r50")
    message = refuse(board, tmp_path, "ballot", body, "rate_limited")
    assert "try again" in message
    clock.now += 5 * 60 * 1_000_000 - 1_000_000  # 5 minutes after the 50th ballot
    board.post("ballot", body)
    clock.now += 60 * 1_000_000
    refuse(
        board, tmp_path, "ballot", election.ballot(voter, "south", [0, 1], "r51"), "rate_limited"
    )
    # another credential is not limited
    board.post("ballot", election.ballot(election.voters["south"][2], "south", [1, 0]))


def test_a_window_spanning_days(election: Election, board: LocalBoard, clock: SimClock) -> None:
    days = [OPENS, OPENS + 30 * HOUR, OPENS + 3 * 24 * HOUR + 7, CLOSES - 1]
    for day, voter in zip(days, election.voters["north"], strict=False):
        clock.now = day
        entry = board.post("ballot", election.ballot(voter, "north", [1, 0], str(day))).entry
        assert entry.time == day
    clock.now = CLOSES
    step = close_voting(board, key("authority"), clock=clock)
    assert step.appended is not None
    assert step.appended.entry.body["early"] is False
    received = step.appended.entry.body["received"]
    assert received == [
        {"district": "north", "ballots": 4, "challenges": 0},
        {"district": "south", "ballots": 0, "challenges": 0},
    ]
    assert close_voting(board, key("authority"), clock=clock).appended is None  # idempotent


def test_setup_entries_refused_once_open(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    rng = DeterministicRandom("late key")
    from plebiscite.crypto.signatures import SigningKey

    late = SigningKey.generate(rng).public.xonly.hex()
    body: JSONObject = {"district": "north", "position": 2, "keys": [late]}
    refuse(board, tmp_path, "credential_roll", body, "voting_open")


def _verified(board: LocalBoard) -> Report:
    checker = Checker()
    try:
        checker.feed_all(board.entries())
        return checker.finish()
    finally:
        checker.close()


def _early_close_body(
    election: Election, board: LocalBoard, cosignatures: list[Cosignature]
) -> JSONObject:
    """An early close signed by the authority, with the board's received figures."""
    checker = Checker()
    try:
        checker.feed_all(board.entries())
        received = checker.figures().received
    finally:
        checker.close()
    body = mt.Close(True, received, tuple(cosignatures)).to_body()
    return sign(key("authority"), election.definition.election_id or b"", mt.CLOSE_KIND, body)


@pytest.mark.parametrize("trustees", [(), (2,)], ids=["no-trustee", "one-of-k"])
def test_early_close_without_k_trustees_is_refused(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path, trustees: tuple[int]
) -> None:
    """The authority alone (or with one trustee of k = 2) cannot close early: its own command
    refuses, and so does the board when the body is posted anyway."""
    cosigned = _cosignatures(election, board, *trustees)
    with pytest.raises(InputError, match="co-signed by"):
        close_voting(board, key("authority"), early=True, cosignatures=cosigned, clock=clock)
    body = _early_close_body(election, board, cosigned)
    message = refuse(board, tmp_path, mt.CLOSE_KIND, body, "early_close_not_cosigned")
    assert "body.cosignatures" in message


def test_early_close_with_a_forged_cosignature_is_refused(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    """A co-signature by a key that is not trustee 1's identity key is not trustee 1's."""
    real = _cosignatures(election, board, 2)[0]
    forged = mt.Cosignature(1, real.signature)
    body = _early_close_body(election, board, [forged, real])
    message = refuse(board, tmp_path, mt.CLOSE_KIND, body, "early_close_not_cosigned")
    assert "body.cosignatures[0].signature" in message


def test_trustees_cosign_through_the_cli_and_the_authority_closes_with_the_files(
    election: Election, board: LocalBoard, clock: SimClock, tmp_path: Path
) -> None:
    """``plebiscite trustee cosign-close`` writes a co-signature file; k of them, read back,
    let the authority close early; a file is never overwritten."""
    board_dir = tmp_path / "board-dir"
    init_party(board_dir, "board", PASSPHRASE)
    board.close()
    (board_dir / "board.sqlite").write_bytes(board.path.read_bytes())
    secret = tmp_path / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    files = []
    for i in (1, 2):
        out = tmp_path / f"cosign-{i}.json"
        args = ["trustee", "cosign-close", "--board", str(board_dir)]
        args += ["--state", str(election.trustees[i - 1].directory), "--out", str(out)]
        args += ["--passphrase-file", str(secret), "--board-passphrase-file", str(secret)]
        shown = CliRunner().invoke(app, args)
        assert shown.exit_code == 0, shown.output
        assert f"trustee {i}'s co-signature" in shown.output
        files.append(out)
    again = CliRunner().invoke(app, args)
    assert again.exit_code != 0 and "already exists" in again.output
    n = election.definition.trustees.n
    cosigned = [read_cosignature(path, n) for path in files]
    assert all(c.election_id == election.definition.election_id for c in cosigned)
    reopened = LocalBoard(board_dir / "board.sqlite", clock)
    try:
        cosignatures = [c.cosignature for c in cosigned]
        step = close_voting(
            reopened, key("authority"), early=True, cosignatures=cosignatures, clock=clock
        )
        assert step.appended is not None and step.appended.entry.body["early"] is True
    finally:
        reopened.close()


def test_refused_challenge_that_names_a_credential(
    election: Election, board: LocalBoard, tmp_path: Path
) -> None:
    """A challenge names no credential (spec §11.2): one carrying a credential key, as the earlier
    wire format did, is malformed whatever the key, and nothing about it reaches the roll."""
    voter = election.voters["north"][0]
    body = _challenge(election, 0, "named")
    named = {**body, "credential": voter.public.hex()}
    message = refuse(board, tmp_path, "challenge", named, "malformed")
    assert "credential" in message
    board.post("challenge", body)  # the same opened ballot, naming nobody, is accepted
