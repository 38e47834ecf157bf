"""The verifier's JSON report is byte-for-byte what it was before its speed work.

Each case builds a record deterministically (:mod:`tests.verify._record`, every key and every
randomness from fixed seeds), runs ``verify_record`` and renders the report exactly as
``plebiscite verify --json`` writes it (the record's directory replaced by ``RECORD``, and the
entry hashes that messages quote by ``HASH``: the re-sealed records' partial decryptions carry
fresh signatures). The
expected texts in ``reports/`` were written by the verifier before the change that carries V5's
decoded ciphertexts into V7 (``rules.counting.aggregate``); on modp4096 that path decodes
without a second subgroup check, so its honest and its tampered records are among the cases.

To write the expected texts again after a deliberate change of the report:
``PLEBISCITE_WRITE_REPORTS=1 .venv/bin/python -m pytest tests/verify/test_report_stable.py``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body
from plebiscite.verify.command import verify_record

from ._record import ELECTION_ID, Built, build, key, reseal, write_record
from ._reseal import HostileBoard, HostilePlan, build_hostile

REPORTS = Path(__file__).parent / "reports"
_HASH = re.compile(r"\b[0-9a-f]{64}\b")


def _honest_secp() -> Built:
    return build()


def _honest_modp() -> Built:
    return build_hostile(HostilePlan(group="modp4096"))


def _swapped_aggregates(built: Built, group: str) -> Built:
    """Re-sealed: the authority swaps north's yes and no aggregates in the tally and re-signs it
    (V7 fails there; V8 and V9 follow from it)."""
    from plebiscite.crypto.rand import DeterministicRandom

    sealed = HostileBoard(built, group).seal()
    at = next(e.index for e in sealed.entries if e.kind == "tally")
    body: JSONObject = json.loads(json.dumps(sealed.entries[at].body))
    row = body["districts"][0]["aggregates"][0]  # type: ignore[index]
    row[0], row[1] = row[1], row[0]  # type: ignore[index]
    body = sign_body(key("authority"), ELECTION_ID, "tally", body, DeterministicRandom("swap"))
    entries = list(sealed.entries)
    entries[at] = Entry.create(at, entries[at].time, "tally", body, entries[at].prev)
    resealed, heads = reseal(entries)
    return Built(built.definition, resealed, heads, {})


def _tampered_ciphertext(built: Built) -> Built:
    """Re-sealed: the board swaps the two options' ciphertexts of one ballot (V5 fails there)."""
    board = HostileBoard(built)
    at = next(e.index for e in board.entries if e.kind == "ballot")
    body = board.body(at)
    question = body["questions"][0]  # type: ignore[index]
    cts = question["ciphertexts"]  # type: ignore[index]
    cts[0], cts[1] = cts[1], cts[0]  # type: ignore[index]
    board.replace(at, body)
    return board.seal()


CASES: dict[str, Callable[[], Built]] = {
    "secp256k1-honest": _honest_secp,
    "secp256k1-swapped-aggregates": lambda: _swapped_aggregates(_honest_secp(), "secp256k1"),
    "secp256k1-tampered-ciphertext": lambda: _tampered_ciphertext(_honest_secp()),
    "modp4096-honest": _honest_modp,
    "modp4096-swapped-aggregates": lambda: _swapped_aggregates(_honest_modp(), "modp4096"),
}


def report_text(built: Built, directory: Path) -> str:
    """The report of ``built`` as ``plebiscite verify --json`` prints it."""
    record = write_record(directory / "record", built.entries, built.heads)
    report = verify_record(record).to_json()
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    text = text.replace(json.dumps(str(record)), '"RECORD"')
    return _HASH.sub("HASH", text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_report_is_byte_identical(case: str, tmp_path: Path) -> None:
    text = report_text(CASES[case](), tmp_path)
    expected = REPORTS / f"{case}.json"
    if os.environ.get("PLEBISCITE_WRITE_REPORTS") == "1":
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert ('"ok": true' in text) == case.endswith("honest")
