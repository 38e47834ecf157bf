"""The demonstration's verify step in a process of its own (:mod:`plebiscite.demo.verifying`):
the same report as ``verify_record`` in this process, its progress counted here, and a verifier's
process that ends without a report is an error naming its exit status."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from pathlib import Path

import pytest

from plebiscite.demo.verifying import VerifierProcessError, verify_apart
from plebiscite.model.record import INDEX_NAME
from plebiscite.verify.command import verify_record

from ._record import build, write_record
from .test_report_stable import _tampered_ciphertext


def test_the_report_and_the_progress_are_those_of_verify_record(tmp_path: Path) -> None:
    built = build()
    record = write_record(tmp_path / "record", built.entries, built.heads)
    counted: list[int] = []
    report = verify_apart(record, [], workers=1, batch_size=64, progress=counted.append)
    assert report.ok
    assert report.to_json() == verify_record(record).to_json()
    assert sum(counted) == report.entries == len(built.entries)


def test_a_failing_record_comes_back_with_its_failures(tmp_path: Path) -> None:
    tampered = _tampered_ciphertext(build())  # one ballot's two ciphertexts swapped
    record = write_record(tmp_path / "record", tampered.entries, tampered.heads)
    report = verify_apart(record, [], workers=2, batch_size=64)
    assert not report.ok
    assert {f.check for f in report.failures} == {f.check for f in verify_record(record).failures}
    assert "V5" in {f.check for f in report.failures}


def test_a_verifier_process_ended_without_a_report_is_an_error_with_its_status(
    tmp_path: Path,
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    os.mkfifo(record / INDEX_NAME)  # the verifier's process waits there until it is killed
    known = set(multiprocessing.active_children())

    def kill_the_verifier() -> None:
        for _ in range(1200):  # a minute at most: the verifier's process is started at once
            started = set(multiprocessing.active_children()) - known
            if started:
                process = started.pop()
                assert process.pid is not None
                os.kill(process.pid, signal.SIGKILL)
                return
            threading.Event().wait(0.05)
        raise AssertionError("no verifier process was started")

    killer = threading.Thread(target=kill_the_verifier)
    killer.start()
    with pytest.raises(VerifierProcessError) as raised:
        verify_apart(record, [], workers=1, batch_size=64)
    killer.join()
    assert raised.value.exitcode == -signal.SIGKILL
