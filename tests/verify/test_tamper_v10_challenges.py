"""V10, challenged ballots: a challenge names no credential, and at most ``registered`` valid
challenges count per district (spec §11.6); the ``challenged`` figure is recounted (V9).

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

from plebiscite.model.ballot import proofs_value, tracking_hash
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject

from ._record import REGISTERED, Builder, Built, Plan, build, voter
from ._reseal import only, sealed
from .test_checker import run

# -- 7. challenges per district are bounded (V10.3) ------------------------------------------------


def test_board_invented_challenges_beyond_the_bound_fail_v10() -> None:
    """The board invents valid challenges in south (3 registered) and appends them itself,
    re-sealing its heads: each opens a genuine encryption, so V10.1-2 and V6 pass; the first
    three are indistinguishable from voters' and count; the one beyond the bound fails V10 alone
    at ``body.district``, is not counted in ``challenged``, and leaves no α behind."""
    bound = REGISTERED["south"]

    def invent(b: Builder) -> None:
        for i in range(bound + 1):  # a key of its own: a challenge names none
            opened = encrypt_ballot(b.params, "south", voter("board", i).public.xonly, [[1, 0]])
            b.post("challenge", opened.challenge().to_json(b.group))
        b.named["beyond"] = len(b.entries) - 1

    built = sealed(build(Plan(before_close=invent)))
    report = run(built)
    only(report, "V10", built.ballots["beyond"], "body.district")
    assert "3 valid challenges" in report.failures[0].message
    # north-1's own challenge and the three the board made up: the figure counts entries
    assert report.figures["challenged"] == 1 + bound


def test_inflated_challenged_figure_fails_v9() -> None:
    """During the run: the authority signs a result with one more challenge in north (and in the
    total) than there are valid challenge entries: V9 alone, at the result."""

    def lie(body: JSONObject) -> JSONObject:
        for part in (body["districts"][0], body["total"]):  # type: ignore[index]
            assert isinstance(part, dict) and isinstance(part["challenged"], int)
            part["challenged"] += 1
        return body

    built = build(Plan(result_body=lie))
    only(run(built), "V9", len(built.entries) - 1, "body.districts[0].challenged")


# -- 8. a challenge's binding is what its proofs were made under (V10.2) ---------------------------


def test_challenge_rebound_to_a_chosen_credential_fails_v10(honest: Built) -> None:
    """Re-sealed by the board with the credential authority's help: to make north-1's opened
    ballot look like hers (and so expose how she voted), they put a binding of her credential
    key under a nonce of their own on her challenge, recompute its tracking hash and re-seal the
    chain. The proofs were made under the real binding: V10 alone, at the challenge, at its first
    proof."""
    from plebiscite.crypto.encoding import canonical_bytes
    from plebiscite.model.ballot import ballot_binding, ballot_statement, check_challenge
    from plebiscite.rules.setup import election_setup

    from ._reseal import HostileBoard, verify

    index = honest.ballots["north-1 challenge"]
    params = election_setup(honest.entries).ballot_params()
    opened = check_challenge(params, honest.entries[index].body, "c")
    board = HostileBoard(honest)
    body = board.body(index)
    binding = ballot_binding(voter("north", 1).public.xonly, bytes(range(32)))
    body["binding"] = binding.hex()
    cts = [q.ciphertexts for q in opened.encrypted.questions]
    statement = ballot_statement(params, "north", binding, cts)
    proofs = proofs_value(params.group, opened.encrypted.questions)
    body["tracking"] = tracking_hash(statement, proofs).hex()
    assert canonical_bytes(body) != canonical_bytes(honest.entries[index].body)
    board.replace(index, body)
    report = verify(board.seal())
    only(report, "V10", index, "body.questions[0].proofs[0]")
