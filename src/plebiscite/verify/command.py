"""``plebiscite verify RECORD``: run every check over a record directory and report.

:func:`verify_record` is the library entry point (streams the record with
:class:`~plebiscite.model.record.RecordReader`, feeds the
:class:`~plebiscite.rules.checker.Checker`, then the record's heads and any heads or receipts
kept outside); :mod:`plebiscite.verify.launch` is the thin command over it, which imports this
module only once its options are read. The exit status is 0 only when every check passed and at
least the chain was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Final

from rich.table import Table

from plebiscite.errors import RecordError
from plebiscite.model.codec import loads_strict
from plebiscite.model.entry import SignedHead, parse_head
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import DEFAULT_BATCH, Checker
from plebiscite.rules.report import Report
from plebiscite.rules.state import DEFAULT_SPILL_AT
from plebiscite.verify.cluster import client_folder, dask_client, submit_to
from plebiscite.verify.mix_workers import executor_folder
from plebiscite.verify.parallel import (
    Line,
    NotAHead,
    StartingSubmit,
    Submit,
    in_process,
    local_executor,
    run_heads,
    run_sharded,
)

__all__ = ["NOT_THIS_MODE", "state_line", "summary_table", "verify_record"]

#: chunks out on a Dask cluster at once
_IN_FLIGHT_DASK = 64


def _lines(reader: RecordReader) -> Iterator[Line]:
    for where, data, index in reader.lines():
        yield Line(where, data, index)


def _unreadable(checker: Checker) -> Callable[[RecordError], None]:
    def fail(exc: RecordError) -> None:
        checker.fail("V1", None, "record", f"the record cannot be read further: {exc}")

    return fail


def _record_heads(checker: Checker, reader: RecordReader, submit: Submit, in_flight: int) -> None:
    """The record's signed heads, in order, their signatures checked through ``submit``; a
    heads file that cannot be read further is a V1 failure after the heads read before it."""
    file = reader.index.heads.file
    try:
        numbered = ((head, f"{file}:{n}") for n, head in enumerate(reader.heads(), start=1))
        run_heads(checker, numbered, submit, in_flight=in_flight)
    except RecordError as exc:
        checker.fail("V1", None, file, str(exc))


def verify_record(
    record: str | Path,
    heads: Sequence[str | Path] = (),
    *,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    dask: str | None = None,
    chunk_size: int | None = None,
    spill_at: int = DEFAULT_SPILL_AT,
    in_progress: bool = False,
) -> Report:
    """Check the record directory ``record`` and the heads files ``heads`` (JSON Lines of signed
    heads or receipts kept outside); every failure is in the report, nothing is raised for what
    the record contains.

    ``workers`` > 1 checks the ballots' proofs and signatures on that many local processes,
    ``dask`` (a scheduler address) on a Dask cluster instead, ``chunk_size`` entries at a time
    (:mod:`plebiscite.verify.parallel`; None: the election's size,
    :func:`~plebiscite.verify.parallel.sharded_chunk`), and folds the chunks of V11's proofs of
    shuffle there too (:mod:`plebiscite.verify.mix_workers`); the report is the same however it
    runs.
    ``spill_at`` is the number of rows of per-credential state kept in memory before it moves to
    disk.
    ``in_progress`` checks an election still running: what its state does not have yet (open,
    close, tally, result) is reported as the state, not as failures.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    checker = Checker(batch_size=batch_size, spill_at=spill_at)
    try:
        try:
            reader = RecordReader(record)
        except (RecordError, OSError) as exc:
            checker.fail("V1", None, "record", str(exc))
            return checker.finish(str(record), in_progress=in_progress)
        entries = _lines(reader)
        if dask is not None:
            with dask_client(dask) as client:
                checker.mixing.folder = client_folder(client, _IN_FLIGHT_DASK)
                checker.coercion.submit = partial(client.submit, pure=False)
                checker.coercion.in_flight = _IN_FLIGHT_DASK
                checker.aggregate_submit = partial(client.submit, pure=False)
                checker.aggregate_in_flight = _IN_FLIGHT_DASK
                run_sharded(
                    checker,
                    entries,
                    submit_to(client),
                    chunk_size=chunk_size,
                    in_flight=_IN_FLIGHT_DASK,
                    progress=progress,
                    unreadable=_unreadable(checker),
                )
                checker.coercion.wait()
                _record_heads(checker, reader, submit_to(client), _IN_FLIGHT_DASK)
                checker.prepare_aggregates()
                _outside_heads(checker, heads, submit_to(client), _IN_FLIGHT_DASK)
            checker.aggregate_submit = None  # the cluster is gone: later products are made here
        elif workers > 1:
            with local_executor(workers) as pool:
                checker.mixing.folder = executor_folder(pool, 2 * workers)
                checker.coercion.submit, checker.coercion.in_flight = pool.submit, 2 * workers
                checker.aggregate_submit, checker.aggregate_in_flight = pool.submit, 2 * workers
                submit: Submit = StartingSubmit(pool)
                run_sharded(
                    checker,
                    entries,
                    submit,
                    chunk_size=chunk_size,
                    in_flight=2 * workers,
                    progress=progress,
                    unreadable=_unreadable(checker),
                    total=reader.entry_count,
                )
                checker.coercion.wait()
                _record_heads(checker, reader, submit, 2 * workers)
                checker.prepare_aggregates()
                _outside_heads(checker, heads, submit, 2 * workers)
            checker.aggregate_submit = None  # the pool is gone: later products are made here
        else:
            with in_process() as submit:
                run_sharded(
                    checker,
                    entries,
                    submit,
                    chunk_size=chunk_size,
                    in_flight=2 * workers,
                    progress=progress,
                    unreadable=_unreadable(checker),
                    scan=False,  # parsed once, here, either way
                    local=True,
                )
                _record_heads(checker, reader, submit, 2 * workers)
                checker.prepare_aggregates()
                _outside_heads(checker, heads, submit, 2 * workers)
        return checker.finish(str(record), in_progress=in_progress)
    finally:
        checker.close()


#: the voter client's receipt file: one JSON object per line with the signed head under "head"
RECEIPT_FORMAT = "plebiscite-receipt-v1"


def _head_files(path: Path) -> list[Path]:
    """``path`` itself, or what a directory holds of heads: the ``heads.jsonl`` files (an
    observer's state directory) and the receipt files under ``receipts/`` (a voter's state
    directory), in a stable order."""
    if not path.is_dir():
        return [path]
    found = [p for p in path.rglob("*") if p.is_file()]
    return sorted(
        p
        for p in found
        if p.name == "heads.jsonl" or (p.suffix == ".json" and p.parent.name == "receipts")
    )


def _outside_heads(
    checker: Checker, paths: Sequence[str | Path], submit: Submit, in_flight: int
) -> None:
    """Feed every signed head found in ``paths``: JSON Lines of signed heads (an observer's
    ``heads.jsonl``, a record's heads), voters' receipt files, or directories holding them,
    their signatures checked through ``submit``. A file or line that is not a head signed by the
    board's key is rejected input (a warning naming it), never a failure of the record (spec §13
    V1.6). The files are read line by line: a million receipts take no more memory than ten."""
    for path in paths:
        run_heads(checker, _outside_lines(Path(path)), submit, outside=True, in_flight=in_flight)


def _outside_lines(path: Path) -> Iterator[tuple[SignedHead | NotAHead, str]]:
    """The heads of :func:`_outside_heads`'s ``path``, each with its file and line (numbered as
    ``bytes.splitlines`` numbers them), or what makes a line or a file not one."""
    for file in _head_files(path):
        number = 0
        try:
            with file.open("rb") as lines:
                for read in lines:
                    for line in read.splitlines():
                        number += 1
                        if line.strip():
                            yield _outside_head(line, f"{file}:{number}")
        except OSError as exc:
            yield NotAHead(f"cannot read the heads file: {exc}"), str(file)


def _outside_head(line: bytes, where: str) -> tuple[SignedHead | NotAHead, str]:
    """One line of a heads or receipts file: its signed head, or why it is none."""
    try:
        value = loads_strict(line, where)
        if isinstance(value, dict) and value.get("format") == RECEIPT_FORMAT:
            value = value.get("head")
        return parse_head(value, where), where
    except RecordError as exc:  # the place is the line's own, named once by the caller
        what = f"field {exc.field}: {exc.detail}" if exc.field else exc.detail
        return NotAHead(f"not a signed head or receipt: {what}"), where


#: the summary's "checked" cell of a check that has nothing to check in the record's mode
NOT_THIS_MODE: Final = "not this election's mode"


def summary_table(report: Report, title: str = "plebiscite verify: summary") -> Table:
    """The human summary: per check what it covers, the items checked (or
    :data:`NOT_THIS_MODE` for a check of the other coercion mode that checked nothing) and the
    failures. The JSON report is unchanged by it."""
    table = Table(title=title)
    table.add_column("check")
    table.add_column("what it covers")
    table.add_column("checked", justify="right")
    table.add_column("failures", justify="right")
    for line in report.summary():
        style = "green" if line.passed else "bold red"
        checked = f"{line.checked:,}"
        if not line.applies and line.checked == 0:
            checked = f"[dim]{NOT_THIS_MODE}[/dim]"
        table.add_row(line.check, line.title, checked, f"[{style}]{line.failures}[/{style}]")
    return table


_STATES = {
    "empty": "no manifest",
    "setup": "voting has not opened",
    "open": "voting is open",
    "closed": "voting is closed; no result yet",
    "complete": "the result is posted",
}


def state_line(report: Report) -> str:
    """The report's state in words (and whether it was checked as an election in progress)."""
    line = f"state: {report.state} ({_STATES.get(report.state, report.state)})"
    if report.in_progress:
        line += "; checked as an election in progress: what is not posted yet is no failure"
    return line
