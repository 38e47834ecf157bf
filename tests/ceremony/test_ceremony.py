"""The key ceremony through the library: five trustees, k = 3, a bad dealer and a false complaint.

Trustees in manifest order: 1 observers, 2 bar, 3 university, 4 journalists, 5 opposition.
``bar`` seals a wrong share to ``journalists`` (built here with the library), ``journalists``
complains, ``bar``'s answer shows the blob did not hold the share: ``bar`` is disqualified.
``opposition`` complains falsely against ``university``, whose answer dismisses it. The checker
recomputes QUAL = [1, 3, 4, 5], K and the verification keys; tampered records are caught.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from plebiscite.ceremony.authority import CeremonyFailed, post_election_key
from plebiscite.ceremony.trustee import CeremonySecrets, TrusteeSession, load_secret_share
from plebiscite.crypto import threshold
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import prove_schnorr, verify_schnorr
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey
from plebiscite.election.setup import create_election
from plebiscite.errors import BoardError, InputError, ProofError
from plebiscite.model.ceremony import (
    Complaint,
    ElectionKey,
    Shares,
    coefficient_context,
    liveness_ciphertext,
    share_aad,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.contexts import ceremony_context, election_context
from plebiscite.model.entry import GENESIS_PREV, Entry
from plebiscite.model.signed import sign_body
from plebiscite.rules.ceremony import CeremonyResult, check_ceremony
from plebiscite.state.party import TEST_KDF_ENV

from .conftest import PASSPHRASE, TRUSTEE_IDS, Parties, make_parties

BAR, UNIVERSITY, JOURNALISTS, OPPOSITION = 2, 3, 4, 5


def create(parties: Parties) -> SigningKey:
    key = parties.authority.signing_key(PASSPHRASE)
    create_election(
        parties.definition,
        parties.link(),
        parties.board,
        parties.authority,
        key,
        credential_authority=parties.ca,
    )
    return key


def sessions(parties: Parties) -> dict[int, TrusteeSession]:
    link = parties.link()
    out = {}
    for trustee_id in TRUSTEE_IDS:
        session = TrusteeSession(parties.trustees[trustee_id], PASSPHRASE, link)
        out[session.index] = session
    return out


def post_bad_shares(session: TrusteeSession, victim: int) -> None:
    """The dealer's shares, with ``f(victim) + 1`` sealed to ``victim`` (seal secrets kept)."""
    session.refresh()
    group, ctx, me = session.group, session.ctx, session.index
    name = f"ceremony-{session.election_id.hex()}"
    secrets = CeremonySecrets.from_bytes(group, session.party.read_secret(name, PASSPHRASE), "test")
    polynomial = secrets.polynomial(group)
    sealed, ephemeral = {}, {}
    for j, status in session.result.trustees.items():
        if j == me:
            continue
        value = threshold.share(group, polynomial, j) + (1 if j == victim else 0)
        assert status.key is not None
        sealed[j], ephemeral[j] = seal_with_secret(
            status.key, group.encode_scalar(value), share_aad(ctx, me, j)
        )
    session.party.write_secret(
        name, CeremonySecrets(me, secrets.coefficients, ephemeral).to_bytes(group), PASSPHRASE
    )
    body = sign_body(
        session.key, session.election_id, "trustee_shares", Shares(me, sealed).to_body(group)
    )
    session.board.post("trustee_shares", body)


def post_false_complaint(session: TrusteeSession, accused: int) -> None:
    body = Complaint(session.index, accused, "invalid_share").to_body(session.group)
    signed = sign_body(session.key, session.election_id, "trustee_complaint", body)
    session.board.post("trustee_complaint", signed)


@dataclass
class Run:
    parties: Parties
    authority_key: SigningKey
    sessions: dict[int, TrusteeSession]
    entries: list[Entry]
    result: CeremonyResult


def run_scenario(parties: Parties) -> Run:
    authority_key = create(parties)
    trustees = sessions(parties)
    for s in trustees.values():
        assert s.commit().posted
    for s in trustees.values():
        assert s.reveal().posted
    for i, s in trustees.items():
        if i == BAR:
            post_bad_shares(s, JOURNALISTS)
        else:
            assert s.shares().posted
    for s in trustees.values():
        s.complain()
    post_false_complaint(trustees[OPPOSITION], UNIVERSITY)
    for s in trustees.values():
        s.answer()
    _, appended = post_election_key(parties.link(), authority_key)
    assert appended is not None
    for i, s in trustees.items():
        if i == BAR:
            with pytest.raises(InputError, match="not in QUAL"):
                s.liveness()
        else:
            assert s.liveness().posted
    entries = parties.link().entries()
    return Run(parties, authority_key, trustees, entries, check_ceremony(entries))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(TEST_KDF_ENV, "1")
        yield run_scenario(make_parties(tmp_path_factory.mktemp("ceremony")))


# -- the honest outcome ----------------------------------------------------------------------------


def test_bad_dealer_is_disqualified_and_false_complaint_dismissed(run: Run) -> None:
    result = run.result
    assert result.ok, [str(f) for f in result.failures]
    assert result.qualified == (1, UNIVERSITY, JOURNALISTS, OPPOSITION)
    assert result.trustees[BAR].disqualified is not None
    assert "is not the share sealed for trustee 4" in result.trustees[BAR].disqualified
    by_pair = {(c.complainant, c.accused): c.status for c in result.complaints}
    assert by_pair == {(JOURNALISTS, BAR): "upheld", (OPPOSITION, UNIVERSITY): "dismissed"}
    reveal = [
        e for e in run.entries if e.kind == "trustee_share_reveal" and e.body["trustee"] == BAR
    ]
    assert any(f.index == reveal[0].index and f.field == "body.share" for f in result.findings)
    assert set(result.liveness) == set(result.qualified)


def test_joint_key_and_verification_keys_recomputed(run: Run) -> None:
    result = run.result
    group = result.group
    assert group is not None and result.joint_key is not None
    c0 = [result.commitments[i][0] for i in result.qualified]
    assert result.joint_key == group.prod(c0)
    assert result.joint_key != group.prod([*c0, result.commitments[BAR][0]])
    key_entry = run.entries[result.election_key_index or 0]
    assert key_entry.kind == "election_key"
    assert key_entry.body["joint_key"] == group.to_hex(result.joint_key)
    shares = {}
    for i in result.qualified:
        party = run.sessions[i].party
        index, share = load_secret_share(party, PASSPHRASE, run.sessions[i].election_id)
        assert index == i
        assert group.exp_g(share) == result.verification_keys[i]
        shares[i] = share
    # any k of the secret shares interpolate to the joint secret
    chosen = [1, JOURNALISTS, OPPOSITION]
    lam = threshold.lagrange_at_zero(group, chosen, 3)
    secret = sum(lam[i] * shares[i] for i in chosen) % group.q
    assert group.exp_g(secret) == result.joint_key


def test_rounds_are_idempotent_and_ordered(run: Run) -> None:
    s = run.sessions[1]
    for step in (s.commit, s.reveal, s.shares, s.liveness):
        outcome = step()
        assert not outcome.posted and outcome.existing
    for step in (s.complain, s.answer):
        with pytest.raises(InputError, match="closed with election_key"):
            step()
    _, again = post_election_key(run.parties.link(), run.authority_key)
    assert again is None
    assert len(run.parties.link().entries()) == len(run.entries)


def test_board_refuses_a_second_entry_of_a_round(run: Run) -> None:
    commit = next(e for e in run.entries if e.kind == "trustee_commit")
    with pytest.raises(BoardError, match="duplicate"):
        run.parties.link().post("trustee_commit", commit.body)


def test_out_of_order_rounds_refused(parties: Parties) -> None:
    create(parties)
    trustees = sessions(parties)
    with pytest.raises(InputError, match="run `commit` first"):
        trustees[1].reveal()
    trustees[1].commit()
    with pytest.raises(InputError, match=r"waiting for the commits of trustees \[2, 3, 4, 5\]"):
        trustees[1].reveal()
    with pytest.raises(InputError, match="run `reveal` first"):
        trustees[1].shares()
    with pytest.raises(InputError, match="run `shares` first"):
        trustees[1].complain()
    with pytest.raises(InputError, match="no election_key"):
        trustees[1].liveness()


def test_too_few_qualified_fails_loudly(parties: Parties) -> None:
    key = create(parties)
    trustees = sessions(parties)
    for i in (1, 2, 3):
        trustees[i].commit()
    for i in (1, 2, 3):
        trustees[i].reveal(allow_missing=True)
    for i in (1, 2):
        trustees[i].shares()
    with pytest.raises(InputError, match="still open"):
        post_election_key(parties.link(), key)
    with pytest.raises(CeremonyFailed, match="fewer than k = 3"):
        post_election_key(parties.link(), key, close_rounds=True)
    result = check_ceremony(parties.link().entries())
    assert not result.ok
    assert any("the ceremony failed" in str(f) for f in result.failures)


# -- tampered records (a hostile board re-seals the chain) --------------------------------------


def reseal(entries: list[Entry]) -> list[Entry]:
    out: list[Entry] = []
    for e in entries:
        prev = out[-1].hash if out else GENESIS_PREV
        out.append(Entry.create(len(out), e.time, e.kind, e.body, prev))
    return out


def edit(
    run: Run, pick: Callable[[Entry], bool], change: Callable[[JSONObject], JSONObject]
) -> tuple[list[Entry], int]:
    entries = list(run.entries)
    index = next(i for i, e in enumerate(entries) if pick(e))
    old = entries[index]
    entries[index] = Entry(
        old.index, old.time, old.kind, change(json.loads(json.dumps(old.body))), old.prev, old.hash
    )
    return reseal(entries), index


def resign(run: Run, trustee: int, kind: str, body: JSONObject) -> JSONObject:
    s = run.sessions[trustee]
    return sign_body(s.key, s.election_id, kind, body)


def failure_fields(result: CeremonyResult, index: int | None) -> set[str]:
    return {f.field for f in result.failures if f.index == index}


def test_disqualified_dealers_c0_in_joint_key_is_caught(run: Run) -> None:
    group = run.result.group
    assert group is not None
    everyone = {**run.result.commitments}
    wrong_k = threshold.joint_key(group, everyone, [*run.result.qualified, BAR])

    def change(body: JSONObject) -> JSONObject:
        body["joint_key"] = group.to_hex(wrong_k)
        return sign_body(run.authority_key, run.sessions[1].election_id, "election_key", body)

    entries, index = edit(run, lambda e: e.kind == "election_key", change)
    result = check_ceremony(entries)
    assert "body.joint_key" in failure_fields(result, index)
    assert check_ceremony(reseal(list(run.entries))).ok


def test_election_key_including_the_disqualified_dealer_is_caught(run: Run) -> None:
    group, ctx = run.result.group, run.result.ceremony_context
    assert group is not None and ctx is not None
    qual = (1, BAR, UNIVERSITY, JOURNALISTS, OPPOSITION)
    k = threshold.joint_key(group, run.result.commitments, qual)
    vks = {j: threshold.verification_key(group, run.result.commitments, j, qual) for j in qual}
    body = ElectionKey(ctx, qual, k, vks, liveness_ciphertext(group, ctx, k, vks, qual)).to_body(
        group
    )

    def change(_: JSONObject) -> JSONObject:
        return sign_body(run.authority_key, run.sessions[1].election_id, "election_key", body)

    entries, index = edit(run, lambda e: e.kind == "election_key", change)
    fields = failure_fields(check_ceremony(entries), index)
    assert {"body.qualified", "body.joint_key", "body.verification_keys"} <= fields


def test_copied_schnorr_proof_is_caught(run: Run) -> None:
    donor = next(e for e in run.entries if e.kind == "trustee_reveal" and e.body["trustee"] == 1)

    def change(body: JSONObject) -> JSONObject:
        body["proofs"][1] = donor.body["proofs"][1]  # type: ignore[index]
        return resign(run, UNIVERSITY, "trustee_reveal", body)

    entries, index = edit(
        run, lambda e: e.kind == "trustee_reveal" and e.body["trustee"] == UNIVERSITY, change
    )
    result = check_ceremony(entries)
    assert any(f.index == index and f.field == "body.proofs[1]" for f in result.findings)
    assert result.trustees[UNIVERSITY].disqualified is not None
    key_index = result.election_key_index
    assert "body.qualified" in failure_fields(result, key_index)


def test_proof_context_binds_trustee_and_coefficient(run: Run) -> None:
    group, ctx = run.result.group, run.result.ceremony_context
    assert group is not None and ctx is not None
    x = group.random_scalar()
    proof = prove_schnorr(group, x, coefficient_context(ctx, 1, 0))
    verify_schnorr(group, group.exp_g(x), proof, coefficient_context(ctx, 1, 0))
    for other in (coefficient_context(ctx, 3, 0), coefficient_context(ctx, 1, 1)):
        with pytest.raises(ProofError):
            verify_schnorr(group, group.exp_g(x), proof, other)


def test_unanswered_complaint_is_caught(run: Run) -> None:
    entries = reseal(
        [
            e
            for e in run.entries
            if not (e.kind == "trustee_share_reveal" and e.body["trustee"] == UNIVERSITY)
        ]
    )
    result = check_ceremony(entries)
    assert "unanswered" in (result.trustees[UNIVERSITY].disqualified or "")
    assert "body.qualified" in failure_fields(result, result.election_key_index)


def test_revealed_share_not_matching_commitments_is_caught(run: Run) -> None:
    group = run.result.group
    assert group is not None

    def change(body: JSONObject) -> JSONObject:
        share = group.scalar_from_hex(body["share"], "share")
        body["share"] = group.scalar_to_hex(share + 1)
        return resign(run, UNIVERSITY, "trustee_share_reveal", body)

    entries, index = edit(
        run, lambda e: e.kind == "trustee_share_reveal" and e.body["trustee"] == UNIVERSITY, change
    )
    result = check_ceremony(entries)
    assert any(f.index == index and f.field == "body.share" for f in result.findings)
    assert "body.qualified" in failure_fields(result, result.election_key_index)


def test_dealer_revealing_the_bad_share_itself_fails_the_commitment_check(run: Run) -> None:
    """``bar`` reveals exactly what it sealed (f(4) + 1): it opens, but fails check_share."""
    group = run.result.group
    assert group is not None

    def change(body: JSONObject) -> JSONObject:
        share = group.scalar_from_hex(body["share"], "share")
        body["share"] = group.scalar_to_hex(share + 1)
        return resign(run, BAR, "trustee_share_reveal", body)

    entries, _ = edit(
        run, lambda e: e.kind == "trustee_share_reveal" and e.body["trustee"] == BAR, change
    )
    result = check_ceremony(entries)
    assert result.ok
    assert "does not match trustee 2's commitments at 4" in (
        result.trustees[BAR].disqualified or ""
    )


def test_forged_liveness_is_caught(run: Run) -> None:
    group = run.result.group
    assert group is not None

    def change(body: JSONObject) -> JSONObject:
        body["partial"] = group.to_hex(group.exp_g(5))
        return resign(run, 1, "liveness", body)

    entries, index = edit(run, lambda e: e.kind == "liveness" and e.body["trustee"] == 1, change)
    result = check_ceremony(entries)
    assert "body.proof" in failure_fields(result, index)
    assert any(f.field == "liveness" for f in result.failures)  # trustee 1's drill is missing


def test_unsigned_entry_is_ignored_not_attributed(run: Run) -> None:
    """A board forging a bad reveal in a trustee's name cannot get it disqualified."""

    def change(body: JSONObject) -> JSONObject:
        body["proofs"][0] = body["proofs"][1]  # type: ignore[index]
        return body  # the old signature no longer covers it

    entries, index = edit(
        run, lambda e: e.kind == "trustee_reveal" and e.body["trustee"] == UNIVERSITY, change
    )
    result = check_ceremony(entries)
    assert any(f.index == index and f.field == "body.signature" for f in result.findings)
    assert "no valid trustee_reveal" in (result.trustees[UNIVERSITY].disqualified or "")


# -- contexts --------------------------------------------------------------------------------------


def test_contexts_bind_their_inputs(run: Run) -> None:
    definition = run.result.definition
    group = get_group("secp256k1")
    assert definition is not None and definition.election_id is not None
    manifest = run.entries[0].body
    base = ceremony_context(definition.election_id, manifest, group, 5, 3)
    assert base == run.result.ceremony_context
    assert ceremony_context(definition.election_id, manifest, group, 5, 2) != base
    assert ceremony_context(bytes(16), manifest, group, 5, 3) != base
    keys = definition.keys
    assert keys.board and keys.authority and keys.credential_authority
    r = run.result
    assert r.joint_key is not None
    args = (keys.board, keys.authority, keys.credential_authority)
    ctx = election_context(
        group, base, r.joint_key, r.verification_keys, r.qualified, {"a": bytes(32)}, *args
    )
    other = election_context(
        group, base, r.joint_key, r.verification_keys, r.qualified, {"a": b"\x01" * 32}, *args
    )
    assert ctx != other
    with pytest.raises(ValueError):
        election_context(group, base, r.joint_key, r.verification_keys, (1, 2, 3), {}, *args)


def test_state_files_hold_no_secret_in_clear(run: Run) -> None:
    party = run.sessions[1].party
    secret_hex = party.signing_key(PASSPHRASE).secret_bytes().hex()
    for path in Path(party.directory).iterdir():
        assert secret_hex not in path.read_text(encoding="utf-8", errors="replace")
    assert oct(os.stat(party.secret_path("identity")).st_mode & 0o777) == "0o600"


def test_a_session_unlocks_its_ceremony_secret_again_only_when_the_file_changed(
    parties: Parties, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session that plays every round reads its ceremony secret from disk (one passphrase
    derivation each) only when the file is not the one it last read or wrote: after its own
    commit, its reveal and shares read nothing; a file replaced behind it is read again."""
    create(parties)
    trustees = sessions(parties)
    reads: list[str] = []
    real_read = type(parties.trustees[TRUSTEE_IDS[0]]).read_secret

    def counted(self: object, name: str, passphrase: str) -> bytes:
        if name.startswith("ceremony-"):  # not the identity key, which the session keeps
            reads.append(name)
        return real_read(self, name, passphrase)  # type: ignore[arg-type]

    monkeypatch.setattr(type(parties.trustees[TRUSTEE_IDS[0]]), "read_secret", counted)
    for s in trustees.values():
        s.commit()
    for s in trustees.values():
        s.reveal()
    assert reads == []
    first = trustees[1]
    name = f"ceremony-{first.election_id.hex()}"
    kept = first.party.read_secret(name, PASSPHRASE)
    reads.clear()
    first.party.write_secret(name, kept, PASSPHRASE)  # the same secret, a new file
    assert first.shares().posted
    assert reads == [name]  # read again once: the file was replaced behind the session
    reads.clear()
    for s in list(trustees.values())[1:]:
        assert s.shares().posted
    assert reads == []
