"""V11 under ``--workers`` and ``--dask``: the proofs of shuffle are folded chunk by chunk on
other processes, and the report is the one of a single process, honest or tampered (the failing
equation named at its item in the whole list)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plebiscite.model.codec import JSONObject
from plebiscite.rules.report import Report
from plebiscite.verify import mix_workers
from plebiscite.verify.command import verify_record

from . import _record
from ._mixing import mix, read, sealed
from ._record import write_record
from .test_tamper_v11_mixing import _replace_output

#: the item whose ŝ the cheating trustee changes (ŝ is not hashed: only t̂_4's equation fails)
BAD = 4


def _bad_s_hat(bodies: list[tuple[str, JSONObject]]) -> list[tuple[str, JSONObject]]:
    s_hat = bodies[0][1]["s_hat"]
    assert isinstance(s_hat, list)
    s_hat[BAD] = f"{(int(str(s_hat[BAD]), 16) + 1):064x}"
    return bodies


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out: dict[str, Path] = {}
    honest = _record.build()
    for name, cheat in (
        ("honest", None),
        ("tampered", _bad_s_hat),
        ("replaced", _replace_output),
    ):
        board = read(honest)
        first, at = mix(board, 1)
        mix(board, 3, inputs=first, previous=at, cheat=cheat)
        built = sealed(board)
        out[name] = write_record(tmp_path_factory.mktemp(name), built.entries, built.heads)
    return out


def _json(report: Report) -> str:
    return json.dumps(report.to_json(), sort_keys=True)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 2 items: the 6-item list is folded as 3 chunks on the workers."""
    monkeypatch.setattr(mix_workers, "FOLD_CHUNK_ITEMS", 2)


@pytest.mark.usefixtures("small_chunks")
def test_local_workers_give_the_single_process_report(records: dict[str, Path]) -> None:
    honest = verify_record(records["honest"])
    assert honest.failed_checks == [] and honest.checked["V11"] == 4
    assert _json(verify_record(records["honest"], workers=2)) == _json(honest)
    tampered = verify_record(records["tampered"])
    assert tampered.failed_checks == ["V11"]
    (failure,) = tampered.failures
    assert failure.field == f"body.proof.t_hat[{BAD}]"
    assert "trustee 3" in failure.message
    assert _json(verify_record(records["tampered"], workers=2)) == _json(tampered)
    # an output item swapped for another vote, its digest recomputed: only the proof catches it
    replaced = verify_record(records["replaced"])
    assert replaced.failed_checks == ["V11"]
    assert all(f.field.startswith("body.proof") for f in replaced.failures if f.index is not None)
    assert _json(verify_record(records["replaced"], workers=2)) == _json(replaced)


@pytest.mark.usefixtures("small_chunks")
def test_a_dask_cluster_gives_the_single_process_report(records: dict[str, Path]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as cluster:
        for name in ("honest", "tampered", "replaced"):
            report = verify_record(records[name], dask=cluster.scheduler_address)
            assert _json(report) == _json(verify_record(records[name])), name


def test_the_submit_folder_keeps_order_and_bounds_what_is_out() -> None:
    from concurrent.futures import Future

    from plebiscite.crypto.groups import get_group

    submitted: list[object] = []
    consumed = 0
    most = 0

    def submit(group_name: str, task: object) -> Future[object]:
        nonlocal most
        assert group_name == "secp256k1"
        submitted.append(task)
        most = max(most, len(submitted) - consumed)
        future: Future[object] = Future()
        future.set_result(task)  # the task stands for its fold
        return future

    folder = mix_workers.SubmitFolder(submit, in_flight=3)  # type: ignore[arg-type]
    for got in folder(get_group("secp256k1"), range(7)):  # type: ignore[arg-type]
        assert got == consumed
        consumed += 1
    assert consumed == 7 and most == 3


@pytest.mark.parametrize("name", ["honest", "tampered", "replaced"])
def test_lists_on_disk_give_the_in_memory_report(records: dict[str, Path], name: str) -> None:
    from plebiscite.model.record import RecordReader
    from plebiscite.rules.checker import Checker

    reader = RecordReader(records[name])
    reports = []
    for spill_at in (0, 3, 1_000):
        checker = Checker(mix_spill_at=spill_at)
        try:
            checker.feed_all(list(reader.entries()))
            for number, head in enumerate(reader.heads(), start=1):
                checker.feed_head(head, f"heads.jsonl:{number}")
            lists = checker.mixing.lists
            assert lists is not None and lists.on_disk == (spill_at < 12)
            reports.append(_json(checker.finish(str(records[name]))))
        finally:
            checker.close()
    assert reports[0] == reports[1] == reports[2]
