"""V12 split over workers (docs/spec.md §16.5: ``--workers``/``--dask`` split the ballots' proofs
of V12 as they split V5): a record of the mode fake-credentials with real, fake, revoted and
hostile ballots gives, with one worker in this process, two local processes and a Dask
LocalCluster, at any chunk size, the JSON report of one checker fed entry by entry; a tampered
ballot is named at its entry and field under workers too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _builder import Chain
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.codec import ballot_json
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.verify.command import verify_record
from plebiscite.verify.parallel import in_process, local_pool, run_sharded

from ._record import write_record
from .test_tamper_v12_ballots import Voters, play


def _hostile(builder: Voters) -> None:
    """A credential ciphertext swapped in (bad pointer proof), a set off the roll, a replay."""
    body = ballot_json(builder.group, builder.cast["a0"])
    other = ballot_json(builder.group, builder.cast["a1"])
    builder.swapped_at = builder.post("ballot", {**body, "credential": other["credential"]}).index
    builder.off_roll_at = builder.post("ballot", {**body, "anonymity": [0, 3]}).index
    replay: JSONObject = ballot_json(builder.group, builder.cast["b0"])
    builder.post("ballot", replay)


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Voters]:
    builder = play(_hostile)
    assert isinstance(builder.board, Chain)
    path = write_record(tmp_path_factory.mktemp("v12"), builder.entries, builder.board.heads())
    return path, builder


def _json(report: Report) -> str:
    return json.dumps(report.to_json(), sort_keys=True)


def _sequential(path: Path) -> Report:
    checker = Checker()
    try:
        reader = RecordReader(path)
        checker.feed_all(reader.entries(check_hashes=False))
        for number, head in enumerate(reader.heads(), start=1):
            checker.feed_head(head, f"{reader.index.heads.file}:{number}")
        return checker.finish(str(path), in_progress=True)
    finally:
        checker.close()


def test_workers_give_the_sequential_report_and_name_the_tampered_ballot(
    record: tuple[Path, Voters],
) -> None:
    path, builder = record
    reference = _sequential(path)
    v12 = [(f.index, f.field) for f in reference.failures if f.check == "V12"]
    assert (builder.swapped_at, "body.pointer_proof") in v12
    assert (builder.off_roll_at, "body.anonymity") in v12
    assert len(v12) == 3 and reference.checked["V12"] == 8
    expected = _json(reference)
    for workers, chunk_size in ((1, 1), (1, 128), (2, 1), (2, 5)):
        report = verify_record(path, workers=workers, chunk_size=chunk_size, in_progress=True)
        assert _json(report) == expected, (workers, chunk_size)


def test_a_dask_cluster_gives_the_sequential_report(record: tuple[Path, Voters]) -> None:
    distributed = pytest.importorskip("distributed")
    path, _ = record
    expected = _json(_sequential(path))
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as cluster:
        report = verify_record(path, dask=cluster.scheduler_address, chunk_size=3, in_progress=True)
        assert _json(report) == expected


def _listed(checker: Checker) -> list[tuple[int, bytes]]:
    return [(j, b.statement) for d in ("a", "b") for j, b in checker.credential_ballots(d)]


def test_the_tally_s_input_is_the_same_when_v12_runs_on_workers(
    record: tuple[Path, Voters],
) -> None:
    """V13 reads the valid ballots decoded (:meth:`Checker.credential_ballots`): a ballot whose
    V12 verdict came from a worker is decoded again from its body, so the list is the same."""
    path, builder = record
    entries = list(RecordReader(path).entries(check_hashes=False))
    sequential = Checker()
    sequential.feed_all(entries)
    expected = _listed(sequential)
    sequential.close()
    assert sorted(j for j, _ in expected) == sorted(builder.cast_at.values())
    for submit in (in_process, lambda: local_pool(2)):
        checker = Checker()
        with submit() as run:
            run_sharded(checker, entries, run, chunk_size=2)
        assert _listed(checker) == expected
        checker.close()
