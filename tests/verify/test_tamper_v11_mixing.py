"""V11, the mix rounds: an honest round passes and keeps the votes; each way a trustee can cheat
(re-signing its own entries, the record re-sealed) fails V11 alone, at the entry and field.

How the rounds are played: :mod:`tests.verify._mixing`.
"""

from __future__ import annotations

from collections import Counter

import pytest

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import ParameterError
from plebiscite.model.codec import JSONObject
from plebiscite.rules.report import Report

from . import _mixing, _record
from ._mixing import Board, mix, read, sealed
from ._reseal import only, verify


@pytest.fixture(scope="module")
def honest() -> _record.Built:
    return _record.build()


def _board(honest: _record.Built) -> Board:
    return read(honest)


def _passes(report: Report) -> None:
    assert report.failed_checks == [], [str(f) for f in report.failures]


def _fails(report: Report, index: int, field: str, *others: int) -> None:
    """V11 alone failed, at the mix entry ``index`` and ``field`` (a prefix for ``body.proof``),
    and maybe at ``others`` (its chunks); any other failure is the end of the record's (the round
    left below the quorum, the chunks left without their mix)."""
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == ["V11"], shown
    at = [f for f in report.failures if f.index is not None]
    assert at and all(f.index in (index, *others) for f in at), shown
    assert any(
        f.index == index and (f.field == field or f.field.startswith(field + ".")) for f in at
    ), shown


def test_a_record_without_mix_rounds_passes_v11_with_nothing_checked(honest: _record.Built) -> None:
    report = verify(honest)
    _passes(report)
    assert report.checked["V11"] == 0


def test_an_honest_round_of_two_trustees_passes_and_keeps_every_vote(
    honest: _record.Built,
) -> None:
    board = _board(honest)
    first, at = mix(board, 1)
    last, _ = mix(board, 3, inputs=first, previous=at)
    _passes(verify(sealed(board)))
    # the cross-check: decrypted with the joint key, the same votes before and after the mix
    group = board.group
    polys = _record.Builder(_record.Plan()).polynomials()
    secret = sum(p(0) for p in polys.values()) % group.q
    before = Counter(_mixing.decrypt_all(group, secret, board.counted["north"]))
    after = Counter(_mixing.decrypt_all(group, secret, last))
    assert before == after and len(last) == len(board.counted["north"]) == 6
    assert not set(last) & set(board.counted["north"])  # every ciphertext re-encrypted


def test_rounds_of_two_districts_pass(honest: _record.Built) -> None:
    board = _board(honest)
    north, at = mix(board, 1)
    mix(board, 2, inputs=north, previous=at)
    south, at_south = mix(board, 1, "south")
    mix(board, 3, "south", inputs=south, previous=at_south)
    report = verify(sealed(board))
    _passes(report)
    assert report.checked["V11"] == 4 * 2  # each shuffle: one chunk and one mix


# -- a trustee that cheats re-signs its own entries ----------------------------------------------


def _replace_output(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
    """The trustee swaps output item 2 for a fresh encryption of another vote (its digest in the
    mix recomputed, so that only the proof can catch it)."""
    from plebiscite.crypto.elgamal import encode_ciphertext
    from plebiscite.crypto.groups import get_group
    from plebiscite.crypto.shuffle import list_digest
    from plebiscite.crypto.shuffle_codec import decode_items

    group = get_group("secp256k1")
    _, chunk = bodies[0]
    items = decode_items(group, chunk["items"], "items")
    rng = DeterministicRandom("cheat")
    forged = Ciphertext(group.exp_g(group.random_nonzero_scalar(rng)), group.exp_g(7))
    items[2] = (forged, *items[2][1:])
    chunk["items"][2][0] = encode_ciphertext(group, forged)  # type: ignore[index]
    body = bodies[-1][1]
    body["output"] = list_digest(group, items).hex()
    return bodies


def test_a_replaced_output_item_fails_the_proof(honest: _record.Built) -> None:
    board = _board(honest)
    _, at = mix(board, 1, cheat=_replace_output)
    _fails(verify(sealed(board)), at, "body.proof")


def test_a_dropped_item_fails_on_the_count(honest: _record.Built) -> None:
    def drop(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
        for name in ("items", "c", "c_hat", "t_hat", "s_hat", "s_prime"):
            del bodies[0][1][name][-1]  # type: ignore[union-attr]
        bodies[-1][1]["count"] = 5
        return bodies

    board = _board(honest)
    _, at = mix(board, 1, cheat=drop)
    _fails(verify(sealed(board)), at, "body.count")


def test_a_shuffle_of_another_input_fails_on_the_input(honest: _record.Built) -> None:
    """Trustee 1 shuffles, with a valid proof, a list where one counted ballot is replaced by a
    copy of another (a duplicated ballot): the input is not the recomputed one."""
    board = _board(honest)
    inputs = list(board.counted["north"])
    inputs[0] = inputs[1]
    _, at = mix(board, 1, inputs=inputs)
    _fails(verify(sealed(board)), at, "body.input")


def test_an_unsigned_shuffle_fails_on_the_signature(honest: _record.Built) -> None:
    board = _board(honest)
    mix(board, 1, signer=2)
    report = verify(sealed(board))
    assert report.failed_checks == ["V11"]
    assert {f.field for f in report.failures if f.index is not None} == {"body.signature"}


def test_trustees_out_of_order_fail_on_the_trustee(honest: _record.Built) -> None:
    board = _board(honest)
    first, at = mix(board, 3)
    _, late = mix(board, 2, inputs=first, previous=at)
    _fails(verify(sealed(board)), late, "body.trustee", late - 1)


def test_a_second_shuffle_by_the_same_trustee_fails(honest: _record.Built) -> None:
    board = _board(honest)
    first, at = mix(board, 1)
    _, again = mix(board, 1, inputs=first, previous=at)
    mix(board, 2, inputs=first, previous=at)
    report = verify(sealed(board))
    assert report.failed_checks == ["V11"]
    assert any(f.index == again and f.field == "body.trustee" for f in report.failures)


def test_a_wrong_previous_fails(honest: _record.Built) -> None:
    board = _board(honest)
    first, _ = mix(board, 1)
    _, second = mix(board, 2, inputs=first, previous=None)
    _fails(verify(sealed(board)), second, "body.previous")


def test_a_round_below_the_quorum_fails_at_the_end(honest: _record.Built) -> None:
    board = _board(honest)
    mix(board, 1)
    report = verify(sealed(board))
    only(report, "V11", None, "mix")


def test_a_chunk_without_its_mix_fails_at_the_end(honest: _record.Built) -> None:
    board = _board(honest)
    first, at = mix(board, 1)
    mix(board, 2, inputs=first, previous=at)
    mix(board, 3, inputs=first, previous=at, cheat=lambda bodies: bodies[:-1])
    only(verify(sealed(board)), "V11", None, "mix_chunk")


def test_a_shuffle_before_close_fails(honest: _record.Built) -> None:
    board = _board(honest)
    close = next(i for i, e in enumerate(board.entries) if e.kind == "close")
    mix(board, 1, before=close)
    report = verify(sealed(board))
    assert "V11" in report.failed_checks
    assert {f.field for f in report.failures if f.check == "V11" and f.index is not None} == {
        "kind"
    }


def test_an_empty_list_cannot_be_mixed(honest: _record.Built) -> None:
    board = _board(honest)
    with pytest.raises(ParameterError, match="empty"):
        mix(board, 1, "empty")


def test_changed_mix_entries_never_make_the_checker_raise(honest: _record.Built) -> None:
    """Fields of a chunk and a mix set to odd values (not re-signed: the strict decoding runs
    first), re-sealed: V11 reports each, the checker never raises."""
    import random

    from plebiscite.model.entry import Entry

    from ._record import reseal
    from .test_checker_never_raises import _ODD_VALUES, _paths, _set

    board = _board(honest)
    first, at = mix(board, 1)
    mix(board, 3, inputs=first, previous=at)
    base = list(board.entries)
    rng = random.Random(15)
    trials = 0
    for n in (at - 1, at):
        entry = base[n]
        paths = [p for p in _paths(entry.body) if p]
        for path in rng.sample(paths, 12):
            body = _set(entry.body, path, rng.choice(_ODD_VALUES))
            if body == entry.body:
                continue
            entries = list(base)
            entries[n] = Entry.create(entry.index, entry.time, entry.kind, body, entry.prev)
            chain, heads = reseal(entries)
            report = verify(_record.Built(honest.definition, chain, heads, {}))
            assert "V11" in report.failed_checks, (entry.kind, path)
            trials += 1
    assert trials >= 20


def test_a_shuffle_by_a_trustee_outside_qual_fails() -> None:
    """Dealer 2 never posted its shares, so QUAL = {1, 3}; trustee 2 still mixes, signed with its
    own key, between trustees 1 and 3."""
    from ._reseal import CeremonyPlan, HostilePlan, build_hostile

    built = build_hostile(HostilePlan(ceremony=CeremonyPlan(no_shares=2)))
    board = read(built)
    first, at = mix(board, 1)
    _, outsider = mix(board, 2, inputs=first, previous=at)
    mix(board, 3, inputs=first, previous=at)
    _fails(verify(sealed(board)), outsider, "body.trustee", outsider - 1)


def test_a_chunk_beyond_what_the_input_fills_fails(honest: _record.Built) -> None:
    """Trustee 1 posts a second chunk (a copy of its first, position 1) where its 6 items fill one:
    refused at the chunk, so the board cannot be flooded with chunks."""

    def extra(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
        kind, chunk = bodies[0]
        return [bodies[0], (kind, {**chunk, "position": 1}), *bodies[1:]]

    board = _board(honest)
    first, at = mix(board, 1, cheat=extra)
    mix(board, 2, inputs=first, previous=at)
    report = verify(sealed(board))
    assert report.failed_checks == ["V11"], [str(f) for f in report.failures]
    assert [(f.index, f.field) for f in report.failures] == [(at - 1, "body.position")]


# -- the remaining sub-checks, each alone ------------------------------------------------------


def test_a_chunk_out_of_position_fails_on_the_position(honest: _record.Built) -> None:
    """The trustee's first (and only) chunk claims position 1: refused at the chunk, which then
    leaves the mix without its output."""

    def skip(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
        bodies[0][1]["position"] = 1
        return bodies

    board = _board(honest)
    _, at = mix(board, 1, cheat=skip)
    report = verify(sealed(board))
    assert report.failed_checks == ["V11"], [str(f) for f in report.failures]
    assert (at - 1, "body.position") in [(f.index, f.field) for f in report.failures]


def test_a_wrong_width_fails_on_the_width(honest: _record.Built) -> None:
    """The mix claims one component more, its proof's t4 and s4 padded to match (so that it
    decodes): refused on the width, before any proof is checked."""

    def wider(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
        body = bodies[-1][1]
        proof = body["proof"]
        assert isinstance(proof, dict)
        for name in ("t4", "s4"):
            parts = proof[name]
            assert isinstance(parts, list)
            parts.append(parts[-1])
        body["width"] = len(proof["t4"])  # type: ignore[arg-type]
        return bodies

    board = _board(honest)
    _, at = mix(board, 1, cheat=wider)
    _fails(verify(sealed(board)), at, "body.width", at - 1)


def test_chunks_that_do_not_hold_the_named_output_fail_on_the_output(
    honest: _record.Built,
) -> None:
    """Two output items swapped in the chunk after the mix named its digest: the proof would
    fail too, but the digest check names the output first."""

    def swap(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
        items = bodies[0][1]["items"]
        assert isinstance(items, list)
        items[0], items[1] = items[1], items[0]
        return bodies

    board = _board(honest)
    _, at = mix(board, 1, cheat=swap)
    _fails(verify(sealed(board)), at, "body.output", at - 1)


@pytest.mark.parametrize(("name", "equation"), [("s1", "t1"), ("s2", "t2"), ("s3", "t3")])
def test_a_changed_response_fails_on_its_equation(
    honest: _record.Built, name: str, equation: str
) -> None:
    """A response of the proof changed and re-signed: V11 names the equation it breaks."""
    from plebiscite.crypto.groups import get_group

    q = get_group("secp256k1").q

    def bump(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
        proof = bodies[-1][1]["proof"]
        assert isinstance(proof, dict)
        proof[name] = f"{(int(str(proof[name]), 16) + 1) % q:064x}"
        return bodies

    board = _board(honest)
    _, at = mix(board, 1, cheat=bump)
    report = verify(sealed(board))
    _fails(report, at, f"body.proof.{equation}")
