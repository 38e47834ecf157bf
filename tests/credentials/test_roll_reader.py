"""Registration's per-voter costs in the mode fake-credentials (spec §16.3), without changing
what is read or posted: the voters' checks read the registrars' roll through
:class:`~plebiscite.model.coercion.roll.RegistrarRollReader` (each chunk decoded once for every
sheet, not once per sheet), and V4 checks a chunk's Schnorr proofs in one batch whose failures
are the ones, in the words and order, of checking them one at a time."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from _builder import Chain, ElectionBuilder, Phase
from plebiscite.crypto.proofs.schnorr import SchnorrProof, verify_schnorr
from plebiscite.errors import ProofError, RecordError
from plebiscite.model.coercion import roll
from plebiscite.model.coercion.registration import RegistrarEntry, registration_context
from plebiscite.model.coercion.roll import (
    REGISTRAR_ROLL_KIND,
    RegistrarRollReader,
    decode_registrar_chunk,
    registrar_entry_at,
)
from plebiscite.model.contexts import ceremony_context
from verify._mode import verify_in_progress
from verify.test_tamper_v4_registrars import SPEC


def _play(builder_class: type[ElectionBuilder] = ElectionBuilder) -> ElectionBuilder:
    board = Chain(SPEC.key("board"), SPEC.election_id, 0)
    return builder_class(SPEC, board, seed="reader", roll_chunk=2).play(until=Phase.OPEN)


def test_the_reader_finds_what_registrar_entry_at_finds_decoding_each_chunk_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builder = _play()
    entries, group = builder.entries, builder.group
    expected = {
        (j, d, p): registrar_entry_at(group, entries, j, d, p)
        for j in (1, 2, 3)
        for d, count in SPEC.registered.items()
        for p in range(count + 1)
    }
    assert sum(v is not None for v in expected.values()) == 2 * sum(SPEC.registered.values())
    decoded: list[int] = []

    def counted(group_: Any, body: object, where: str) -> roll.RegistrarChunk:
        decoded.append(int(where.removeprefix("entry ")))
        return decode_registrar_chunk(group_, body, where)

    monkeypatch.setattr(roll, "decode_registrar_chunk", counted)
    reader = RegistrarRollReader(group, entries)
    for (j, d, p), value in reversed(expected.items()):  # the last positions first
        assert reader.entry_at(j, d, p) == value, (j, d, p)
    for (j, d, p), value in expected.items():
        assert reader.entry_at(j, d, p) == value, (j, d, p)
    chunks = [e.index for e in entries if e.kind == REGISTRAR_ROLL_KIND]
    assert sorted(decoded) == chunks  # every chunk decoded, and once


def test_the_reader_raises_at_a_malformed_chunk_as_registrar_entry_at_does() -> None:
    builder = _play()
    entries, group = list(builder.entries), builder.group
    at = next(
        i
        for i, e in enumerate(entries)
        if e.kind == REGISTRAR_ROLL_KIND and e.body["registrar"] == 1 and e.body["district"] == "a"
    )
    body = dict(entries[at].body)
    body["entries"] = [{"ciphertext": {"alpha": "00", "beta": "00"}, "proof": {}}]
    entries[at] = replace(entries[at], body=body)
    reader = RegistrarRollReader(group, entries)
    for _ in range(2):  # a failing chunk is not kept as read
        with pytest.raises(RecordError) as found:
            reader.entry_at(1, "a", 0)
        with pytest.raises(RecordError) as expected:
            registrar_entry_at(group, entries, 1, "a", 0)
        assert (found.value.field, str(found.value)) == (expected.value.field, str(expected.value))
    assert reader.entry_at(2, "a", 0) == registrar_entry_at(group, entries, 2, "a", 0)


class TwoBadProofs(ElectionBuilder):
    """Registrar 1's chunk 0 of district a, re-signed by it, with the proofs of its entries 0 and
    2 wrong (a response off by one) and entry 1's right."""

    def registrar_entry(
        self, district: str, registrar: int, position: int, entry: RegistrarEntry
    ) -> RegistrarEntry:
        if (district, registrar) == ("a", 1) and position in (0, 2):
            proof = entry.proof
            bad = SchnorrProof(proof.commitment, (proof.response + 1) % self.group.q)
            return RegistrarEntry(entry.ciphertext, bad)
        return entry


def test_v4_batches_a_chunks_proofs_and_reports_each_failing_one_as_alone() -> None:
    board = Chain(SPEC.key("board"), SPEC.election_id, 0)
    builder = TwoBadProofs(SPEC, board, seed="reader", roll_chunk=3).play(until=Phase.OPEN)
    entries, group = builder.entries, builder.group
    chunk = next(
        e
        for e in entries
        if e.kind == REGISTRAR_ROLL_KIND and e.body["registrar"] == 1 and e.body["district"] == "a"
    )
    decoded = decode_registrar_chunk(group, chunk.body, "chunk")
    ctx = ceremony_context(SPEC.election_id, builder.manifest_body, group, SPEC.n, SPEC.k)
    words = []
    for p in (0, 2):  # what checking each proof alone says
        item = decoded.entries[p]
        with pytest.raises(ProofError) as alone:
            verify_schnorr(
                group, item.ciphertext.alpha, item.proof, registration_context(ctx, "a", 1, p)
            )
        words.append(alone.value.detail)
    report = verify_in_progress(entries)[0]
    v4 = [(f.index, f.field, f.message) for f in report.failures if f.check == "V4"]
    assert v4 == [
        (chunk.index, "body.entries[0].proof", words[0]),
        (chunk.index, "body.entries[2].proof", words[1]),
    ], [str(f) for f in report.failures]
