"""V4 in the mode fake-credentials (docs/spec.md §16.3, record.md §6 ``registrar_roll``): the
registrars' roll of a record played by the test builder passes V1–V4 and opens on its roots; each
hostile registrar or credential authority, whose entries are re-signed as the insider would, fails
V4 alone, at the entry and field named.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from _builder import Chain, ElectionBuilder, ElectionSpec, Phase
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.proofs.schnorr import SchnorrProof
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.registration import RegistrarEntry, check_sheet, combine_entries
from plebiscite.model.coercion.roll import REGISTRAR_ROLL_KIND, registrar_entry_at, roll_root
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.entry import Entry
from plebiscite.model.roll import chunk_bodies
from plebiscite.rules.coercion_roll import RegistrarRollChecker
from plebiscite.rules.setup import election_setup

from ._mode import only_check, verify_in_progress

SPEC = ElectionSpec(
    "registrar roll test",
    bytes(range(16)),
    {"a": 3, "b": 2},
    n=3,
    k=2,
    coercion="fake-credentials",
    registrars=2,
)


def play(builder_class: type[ElectionBuilder] = ElectionBuilder) -> ElectionBuilder:
    board = Chain(SPEC.key("board"), SPEC.election_id, 0)
    return builder_class(SPEC, board, seed="registrars", roll_chunk=2).play(until=Phase.OPEN)


def chunks(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.kind == REGISTRAR_ROLL_KIND]


def test_an_honest_registration_passes_and_opens_on_the_combined_roll() -> None:
    builder = play()
    entries = builder.entries
    report = verify_in_progress(entries)[0]
    assert report.ok, [str(f) for f in report.failures]
    # 2 registrars x (2 chunks for a's 3 voters + 1 chunk for b's 2)
    assert len(chunks(entries)) == 6
    setup = election_setup(entries)
    assert setup.ready, setup.problems
    checker = RegistrarRollChecker()
    for entry in entries:
        checker.observe(entry)
    group = builder.group
    for d in ("a", "b"):
        assert checker.roll(d) == builder.rolls[d]
        assert setup.roll is not None and setup.roll.roots()[d] == roll_root(
            group, d, builder.rolls[d]
        )
    # every voter's sheets check against their registrar's entry (spec §16.3's voter's check)
    ctx = ceremony_context(SPEC.election_id, builder.manifest_body, group, SPEC.n, SPEC.k)
    for (d, p), sheets in builder.sheets.items():
        V = group.exp_g(SPEC.designated_secret(d, p))
        assert [s.registrar for s in sheets] == [1, 2]
        for sheet in sheets:
            posted = registrar_entry_at(group, entries, sheet.registrar, d, p)
            assert posted is not None
            check_sheet(group, builder.joint_key(), V, ctx, sheet, posted)
    assert registrar_entry_at(group, entries, 1, "b", 2) is None


class BadProof(ElectionBuilder):
    """Registrar 2 posts, for voter 1 of district a, an entry whose Schnorr proof is another
    position's (its chunk re-signed by registrar 2: only the proof is wrong)."""

    def registrar_entry(
        self, district: str, registrar: int, position: int, entry: RegistrarEntry
    ) -> RegistrarEntry:
        if (district, registrar, position) == ("a", 2, 1):
            proof = entry.proof
            return RegistrarEntry(
                entry.ciphertext,
                SchnorrProof(proof.commitment, (proof.response + 1) % self.group.q),
            )
        return entry


def test_a_registrar_entry_with_a_bad_proof_fails_v4_at_its_entry() -> None:
    entries = play(BadProof).entries
    first_of_registrar_2 = next(
        e for e in chunks(entries) if e.body["registrar"] == 2 and e.body["district"] == "a"
    )
    report = verify_in_progress(entries)[0]
    only_check(report, "V4", first_of_registrar_2.index, "body.entries[1].proof")


class WrongSigner(ElectionBuilder):
    """Registrar 1's key signs a chunk that names registrar 2."""

    def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Entry:
        if kind == REGISTRAR_ROLL_KIND and body["registrar"] == 2 and body["district"] == "b":
            body = self.signed(self.spec.registrar_key(1), kind, body)
        return super().post(kind, body, step=step)


def test_a_chunk_not_signed_by_its_registrar_fails_v4_and_never_joins_the_roll() -> None:
    entries = play(WrongSigner).entries
    bad = [e for e in chunks(entries) if e.body["registrar"] == 2 and e.body["district"] == "b"]
    report = verify_in_progress(entries)[0]
    shown = [str(f) for f in report.failures]
    v4 = {(f.index, f.field) for f in report.failures if f.check == "V4"}
    final = next(e for e in entries if e.kind == "credential_roll_final")
    # the chunk never joined: registrar 2's count and b's root no longer hold at the final
    # entry, and the election context of ``open`` is not the one recomputed from the roots
    assert v4 == {
        (bad[0].index, "body.signature"),
        (final.index, "body.districts[1].count"),
        (final.index, "body.districts[1].root"),
    }, shown
    assert report.failed_checks == ["V2", "V4"], shown
    assert [f.field for f in report.failures if f.check == "V2"] == ["body.election_context"]


class ShortRoll(ElectionBuilder):
    """Registrar 1 leaves out district b's last voter; the CA's final entry states the roll as
    combined (re-signed), so only the registrar's count fails."""

    def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Entry:
        if kind == REGISTRAR_ROLL_KIND and body["registrar"] == 1 and body["district"] == "b":
            entries = body["entries"]
            assert isinstance(entries, list)
            body = self.signed(self.spec.registrar_key(1), kind, {**body, "entries": entries[:1]})
        return super().post(kind, body, step=step)

    def roll_final(self, listed: object) -> JSONObject:
        assert isinstance(listed, list)
        posted = self.issued[("b", 1)]
        second = self.issued[("b", 2)]
        roll = [combine_entries(self.group, [posted[0].ciphertext, second[0].ciphertext])]
        roll.append(second[1].ciphertext)  # only registrar 2's entry at position 1
        return super().roll_final([listed[0], ("b", 2, roll_root(self.group, "b", roll))])


def test_a_registrar_who_posts_too_few_entries_fails_v4_at_the_final_entry() -> None:
    entries = play(ShortRoll).entries
    final = next(e for e in entries if e.kind == "credential_roll_final")
    report = verify_in_progress(entries)[0]
    only_check(report, "V4", final.index, "body.districts[1].count")
    assert "registrar 1 posted 1 entries, 2 registered" in str(report.failures)


class WrongRoot(ElectionBuilder):
    """The CA states district a's root over a roll with its first entry replaced."""

    def roll_final(self, listed: object) -> JSONObject:
        assert isinstance(listed, list)
        d, count, _ = listed[0]
        forged = list(self.rolls[d])
        forged[0] = Ciphertext(forged[0].beta, forged[0].alpha)
        listed = [(d, count, roll_root(self.group, d, forged)), *listed[1:]]
        return super().roll_final(listed)


def test_a_final_entry_whose_root_is_not_the_combined_rolls_fails_v4() -> None:
    entries = play(WrongRoot).entries
    final = next(e for e in entries if e.kind == "credential_roll_final")
    report = verify_in_progress(entries)[0]
    shown = [str(f) for f in report.failures]
    assert "V4" in report.failed_checks, shown
    v4 = [f for f in report.failures if f.check == "V4"]
    assert [(f.index, f.field) for f in v4] == [(final.index, "body.districts[0].root")], shown


class KeyChunk(ElectionBuilder):
    """The CA posts a chunk of credential keys (the mode revote's roll) besides the registrars'."""

    def registration(self) -> None:
        (body,) = chunk_bodies(
            "a",
            [self.voter("a", 0).public.xonly],
            4,
            key=self.spec.key("ca"),
            election_id=self.election_id,
        )
        self.key_chunk = self.post("credential_roll", body).index
        super().registration()


def test_a_credential_key_chunk_in_this_mode_fails_v4() -> None:
    builder = play(KeyChunk)
    assert isinstance(builder, KeyChunk)
    only_check(verify_in_progress(builder.entries)[0], "V4", builder.key_chunk, "kind")


def test_a_registrar_roll_in_the_mode_revote_fails_v4() -> None:
    revote = replace(SPEC, coercion="revote")
    board = Chain(revote.key("board"), revote.election_id, 0)
    builder = ElectionBuilder(revote, board, seed="registrars").play(until=Phase.CREDENTIALS)
    fake = play().entries
    body = chunks(fake)[0].body
    index = builder.post(REGISTRAR_ROLL_KIND, body).index
    builder.play(until=Phase.OPEN)
    only_check(verify_in_progress(builder.entries)[0], "V4", index, "kind")


@pytest.mark.parametrize("move", ["repeat", "skip"])
def test_chunks_out_of_order_fail_v4(move: str) -> None:
    class Reordered(ElectionBuilder):
        def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Entry:
            if kind == REGISTRAR_ROLL_KIND and body["registrar"] == 1 and body["district"] == "a":
                position = body["position"]
                assert isinstance(position, int)
                if position == 1:
                    new = 0 if move == "repeat" else 2
                    body = self.signed(self.spec.registrar_key(1), kind, {**body, "position": new})
            return super().post(kind, body, step=step)

    entries = play(Reordered).entries
    second = [e for e in chunks(entries) if e.body["registrar"] == 1][1]
    report = verify_in_progress(entries)[0]
    only_check(report, "V4", second.index, "body.position")
    assert ("repeated" if move == "repeat" else "a gap") in str(report.failures)
