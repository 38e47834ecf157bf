"""Sharded verification gives the sequential verdict: local processes, a Dask cluster, any chunk.

The JSON reports of a valid record and of a record with many kinds of bad ballots (a broken proof
found only by the batch, a bad signature, a credential off the roll whose proof is also broken, a
replay, a cast challenged ballot, a malformed body, a ballot outside the window) are compared
whole: every failure, its order, every count and figure.
"""

from __future__ import annotations

import json
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.crypto import proofs as zk
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ballot import EncryptedBallot, EncryptedQuestion, NamedHead, sign_ballot
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry, SignedHead
from plebiscite.model.record import RecordReader
from plebiscite.rules.checker import BallotCheck, Checker
from plebiscite.rules.report import Report
from plebiscite.verify import parallel
from plebiscite.verify.cluster import dask_submit
from plebiscite.verify.command import verify_record
from plebiscite.verify.parallel import (
    HEADS_CHUNK,
    ChunkOutcome,
    ChunkWork,
    Line,
    PortableParams,
    StartingSubmit,
    check_chunk,
    check_work,
    check_work_here,
    in_process,
    local_pool,
    run_heads,
    run_sharded,
    sharded_chunk,
    tapered_chunk,
)

from ._record import Builder, Built, Plan, build, key, reseal, voter, write_record

SECP_P = 2**256 - 2**32 - 977


def broken_ballot(b: Builder, signer: SigningKey, district: str) -> JSONObject:
    """A signed ballot whose second 0/1 proof does not verify (only the group equations fail)."""
    opened = encrypt_ballot(b.params, district, signer.public.xonly, [[0, 1]], b.rng)
    q = opened.encrypted.questions[0]
    p = q.proofs[1]
    bad = zk.ZeroOneProof(p.a0, p.b0, p.a1, p.b1, p.c0, p.v0, (p.v1 + 1) % b.group.q)
    question = EncryptedQuestion(q.ciphertexts, (q.proofs[0], bad), q.range_proof)
    nonce = opened.encrypted.nonce or b""
    enc = EncryptedBallot.build(b.params, district, signer.public.xonly, nonce, [question])
    return sign_ballot(signer, b.group, enc, b.head()).to_json(b.group)


def _not_an_x() -> bytes:
    """The smallest x-coordinate of no secp256k1 point, as 32 bytes."""
    x = 1
    while pow(x**3 + 7, (SECP_P - 1) // 2, SECP_P) == 1:
        x += 1
    return x.to_bytes(32, "big")


def misbehave(b: Builder) -> None:
    """Bad ballots of every kind, posted before close."""
    b.post("ballot", broken_ballot(b, voter("south", 2), "south"))
    wrong_sig = dict(b.bodies["north-2"])
    wrong_sig["signature"] = b.bodies["north-3"]["signature"]
    b.post("ballot", wrong_sig)
    # a broken proof and another ballot's signature (a signature a batch refuses: the ballot is
    # checked again alone, and both are named as a check without batches names them)
    both = broken_ballot(b, voter("north", 5), "north")
    both["signature"] = b.bodies["north-3"]["signature"]
    b.post("ballot", both)
    # a signature whose r is the x-coordinate of no point (never folded: verified alone)
    signer = voter("south", 0)
    opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
    no_point = sign_ballot(signer, b.group, opened.encrypted, b.head()).to_json(b.group)
    no_point["signature"] = _not_an_x().hex() + str(no_point["signature"])[64:]
    b.post("ballot", no_point)
    b.post("ballot", broken_ballot(b, key("nobody"), "north"))  # off the roll, broken proof
    signer = voter("north", 4)
    again = encrypt_ballot(b.params, "north", signer.public.xonly, [[0, 1]], b.rng)
    fresh = sign_ballot(signer, b.group, again.encrypted, b.head()).to_json(b.group)
    b.post("ballot", fresh)  # a revote (recent: it names the latest head)
    b.post("ballot", fresh)  # its replay
    signer = voter("north", 3)
    opened = encrypt_ballot(b.params, "north", signer.public.xonly, [[1, 0]], b.rng)
    b.post("challenge", opened.challenge().to_json(b.group))
    b.post("ballot", sign_ballot(signer, b.group, opened.encrypted, b.head()).to_json(b.group))
    malformed = dict(b.bodies["north-1"])
    del malformed["signature"]
    b.post("ballot", malformed)
    b.cast("north-2 again", "north", 2, [0, 1])


@pytest.fixture(scope="module")
def records(honest: Built, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("parallel")
    bad = build(Plan(before_close=misbehave))
    # and a ballot after the window, re-sealed at the end of the chain
    last = bad.entries[-1]
    late = Entry.create(
        0, last.time, "ballot", dict(bad.entries[bad.ballots["north-3"]].body), last.hash
    )
    sealed, heads = reseal([*bad.entries, late])
    return {
        "honest": write_record(base / "honest", honest.entries, honest.heads),
        "tampered": write_record(base / "tampered", sealed, heads),
    }


def as_json(report: Report) -> str:
    return json.dumps(report.to_json(), sort_keys=True)


def sequential(record: Path) -> Report:
    """The record checked by one :class:`Checker` fed entry by entry, its own batch of 64
    ballots: the reference every sharded run must equal (``verify_record`` shards even with one
    worker, in this process)."""
    checker = Checker()
    try:
        reader = RecordReader(record)
        checker.feed_all(reader.entries(check_hashes=False))
        for number, head in enumerate(reader.heads(), start=1):
            checker.feed_head(head, f"{reader.index.heads.file}:{number}")
        return checker.finish(str(record))
    finally:
        checker.close()


def test_the_tampered_record_fails_in_many_places(records: dict[str, Path]) -> None:
    report = verify_record(records["tampered"])
    assert report.failed_checks == ["V5", "V6"]
    fields = {(f.check, f.field) for f in report.failures}
    assert ("V5", "body.questions[0].proofs[1]") in fields
    assert ("V5", "body.signature") in fields
    assert ("V5", "body.credential") in fields
    assert ("V5", "time") in fields
    assert sum(f.check == "V6" for f in report.failures) == 2
    by_index: dict[int, list[str]] = {}
    for f in report.failures:
        by_index.setdefault(f.index, []).append(f.field)
    signature_only = [i for i, found in by_index.items() if found == ["body.signature"]]
    assert len(signature_only) == 2  # another ballot's signature, an r of no point
    assert ["body.signature", "body.questions[0].proofs[1]"] in by_index.values()
    # the credential off the roll also has a broken proof: both are named, roll first
    (index,) = [f.index for f in report.failures if f.field == "body.credential"]
    off_roll = [f for f in report.failures if f.index == index]
    assert [f.field for f in off_roll] == ["body.credential", "body.questions[0].proofs[1]"]


@pytest.mark.parametrize("name", ["honest", "tampered"])
def test_local_processes_give_the_sequential_report(records: dict[str, Path], name: str) -> None:
    reference = as_json(sequential(records[name]))
    assert as_json(verify_record(records[name])) == reference
    for chunk_size in (1, 3, 200):
        assert as_json(verify_record(records[name], chunk_size=chunk_size)) == reference
    for chunk_size in (1, 4, 200):
        report = verify_record(records[name], workers=2, chunk_size=chunk_size)
        assert as_json(report) == reference, chunk_size


@pytest.mark.parametrize("name", ["honest", "tampered"])
def test_a_dask_cluster_gives_the_sequential_report(records: dict[str, Path], name: str) -> None:
    distributed = pytest.importorskip("distributed")
    reference = as_json(sequential(records[name]))
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as cluster:
        for chunk_size in (2, 64):
            report = verify_record(
                records[name], dask=cluster.scheduler_address, chunk_size=chunk_size
            )
            assert as_json(report) == reference, chunk_size


def test_cli_workers_and_json(records: dict[str, Path]) -> None:
    outputs = []
    for workers in ("1", "2"):
        result = CliRunner().invoke(
            app, ["verify", str(records["tampered"]), "--json", "--workers", workers]
        )
        assert result.exit_code == 1, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]["ok"] is False


def test_an_unreachable_dask_scheduler_is_named() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(InputError, match=r"tcp://127\.0\.0\.1:9: cannot reach"):
        with dask_submit("tcp://127.0.0.1:9", timeout=1):
            pass


def test_at_most_in_flight_chunks_are_held(records: dict[str, Path]) -> None:
    """Memory stays flat: the runner never holds more than ``in_flight`` chunks out at once."""
    outstanding = 0
    most = 0
    lock = threading.Lock()
    chunks: list[int] = []

    with ThreadPoolExecutor(max_workers=2) as pool:

        def submit(work: ChunkWork) -> Future[ChunkOutcome]:
            nonlocal outstanding, most
            with lock:
                outstanding += 1
                most = max(most, outstanding)
            chunks.append(len(work.ballots))
            return pool.submit(check_work, work)

        def applied(n: int) -> None:
            nonlocal outstanding
            with lock:
                outstanding = max(0, outstanding - 1)

        checker = Checker()
        entries = RecordReader(records["tampered"]).entries(check_hashes=False)
        run_sharded(checker, entries, submit, chunk_size=2, in_flight=2, progress=applied)
        report = checker.finish(str(records["tampered"]))
        checker.close()
    assert len([c for c in chunks if c]) >= 5  # the ballots did go out, in several chunks
    assert most <= 3
    reference = verify_record(records["tampered"])
    assert report.failures == reference.failures and report.figures == reference.figures


def test_tapered_chunks_shrink_toward_the_end() -> None:
    """A pool's chunk is an in-flight share of what is left, never above the largest nor below
    the mode's own size (a wrong count in the index, even negative, gives a valid size)."""
    largest = parallel.POOL_CHUNK_MAX
    assert tapered_chunk(128, 100_000, 4) == largest
    assert tapered_chunk(128, 4 * 300 + 3, 4) == 300
    assert tapered_chunk(128, 4 * 128 - 1, 4) == 128
    assert tapered_chunk(128, 0, 4) == 128
    assert tapered_chunk(128, -5_000, 4) == 128


def test_chunks_checked_here_are_larger_on_secp256k1() -> None:
    """``--workers 1`` checks its chunks in this process, where no worker waits on a large one:
    secp256k1 ballots of the mode revote go in :data:`LOCAL_CHUNK` s there (the size decides
    the speed only: the reports of this file are equal at every size)."""

    def params(group: str, anonymity: int = 0) -> PortableParams:
        return PortableParams(group, b"", b"", ((2, 0, 1),), ("north",), anonymity)

    assert sharded_chunk(params("secp256k1"), local=True) == parallel.LOCAL_CHUNK
    assert parallel.LOCAL_CHUNK > parallel.DEFAULT_CHUNK == sharded_chunk(params("secp256k1"))
    assert sharded_chunk(params("modp4096"), local=True) == parallel.MODP4096_CHUNK
    assert sharded_chunk(params("secp256k1", anonymity=4), local=True) == parallel.DEFAULT_CHUNK
    assert sharded_chunk(None, local=True) == parallel.DEFAULT_CHUNK


@pytest.mark.parametrize("total", ["right", "wrong"])
def test_tapered_chunks_give_the_sequential_report(
    records: dict[str, Path], monkeypatch: pytest.MonkeyPatch, total: str
) -> None:
    """With the record's size given, the chunks of ballots start large and shrink toward the end
    (sizes scaled down to this small record); the report is the sequential one, and a wrong size
    changes the chunks only."""
    monkeypatch.setattr(parallel, "DEFAULT_CHUNK", 2)
    monkeypatch.setattr(parallel, "POOL_CHUNK_MAX", 8)
    record = records["tampered"]
    reader = RecordReader(record)
    sizes: list[int] = []

    def submit(work: ChunkWork) -> Future[ChunkOutcome]:
        sizes.append(len(work.envelopes) + len(work.lines))
        return in_process_future(work)

    checker = Checker()
    lines = (Line(where, data, index) for where, data, index in reader.lines())
    count = reader.entry_count if total == "right" else 10 * reader.entry_count
    run_sharded(checker, lines, submit, in_flight=2, total=count)
    numbered = ((h, f"{reader.index.heads.file}:{n}") for n, h in enumerate(reader.heads(), 1))
    run_heads(checker, numbered, submit)
    report = checker.finish(str(record))
    checker.close()
    chunks = [size for size in sizes if size > 0]  # the heads' chunks carry no entries
    assert max(chunks) == 8
    after = chunks[chunks.index(8) :]
    assert after == sorted(after, reverse=True)  # from the first large chunk on, never larger
    if total == "right":
        assert 2 in after and after[-1] <= 2
    assert as_json(report) == as_json(sequential(record))


def in_process_future(work: ChunkWork) -> Future[ChunkOutcome]:
    """``work`` checked here as a worker checks it, as a finished future."""
    future: Future[ChunkOutcome] = Future()
    future.set_result(check_work(work))
    return future


T = TypeVar("T")


class _GatedPool(ThreadPoolExecutor):
    """Threads whose first task (the start probe of :class:`StartingSubmit`) waits for
    ``gate``: a pool still starting until the test opens it. Counts the chunks it checks."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.gate = threading.Event()
        self.chunks = 0

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        if fn is check_work:
            self.chunks += 1
            return super().submit(fn, *args, **kwargs)
        return super().submit(self.gate.wait)  # type: ignore[arg-type]


def test_chunks_are_checked_here_until_the_pool_has_started(records: dict[str, Path]) -> None:
    """Lines read while the workers start are checked in this process, the rest on the pool:
    the report is the sequential one."""
    record = records["tampered"]
    here = 0

    with _GatedPool() as pool:
        submit = StartingSubmit(pool)

        def applied(n: int) -> None:
            nonlocal here
            here += 1
            if here == 6:  # the pool starts after six chunks checked here
                assert pool.chunks == 0
                pool.gate.set()
                assert submit.ready.wait(30)

        checker = Checker()
        reader = RecordReader(record)
        lines = (Line(where, data, index) for where, data, index in reader.lines())
        run_sharded(checker, lines, submit, chunk_size=2, in_flight=2, progress=applied)
        numbered = ((h, f"{reader.index.heads.file}:{n}") for n, h in enumerate(reader.heads(), 1))
        run_heads(checker, numbered, submit)
        report = checker.finish(str(record))
        checker.close()
    assert pool.chunks >= 3  # the ballots after the start went to the pool
    assert as_json(report) == as_json(sequential(record))


def test_a_worker_outcome_carries_no_group_elements(honest: Built) -> None:
    """What comes back from a worker is plain bytes and text, and says the same as in-process."""
    checker = Checker()
    open_at = next(e.index for e in honest.entries if e.kind == "open")
    checker.feed_all(honest.entries[: open_at + 1])
    assert checker.params is not None
    ballots = [(e.index, e.body) for e in honest.entries if e.kind == "ballot"]
    outcomes = check_chunk(PortableParams.of(checker.params), ballots)
    checker.close()
    assert [o.index for o in outcomes] == [i for i, _ in ballots]
    for outcome in outcomes:
        assert outcome.ballot is None and outcome.encoded is not None
        assert outcome.passed and outcome.errors == () and outcome.failed_proofs == ()
        assert len(outcome.encoded) == 4 * checker.params.group.kept_bytes  # the counted form


def test_the_packed_forms_carry_every_field() -> None:
    """A chunk's heads and its outcomes cross as tuples of these fields in this order
    (``verify/parallel.py``): a field added to either class must be added there too."""
    assert [f.name for f in fields(BallotCheck)] == [
        "index",
        "ballot",
        "identity",
        "credential",
        "district",
        "errors",
        "encoded",
        "failed_proofs",
        "head",
    ]
    assert [f.name for f in fields(NamedHead)] == ["index", "hash"]
    assert [f.name for f in fields(SignedHead)] == [
        "election_id",
        "index",
        "entry_hash",
        "time",
        "signature",
    ]
    assert [f.name for f in fields(ChunkWork)] == [
        "params",
        "ballots",
        "envelopes",
        "challenges",
        "heads",
        "board_key",
        "lines",
    ]
    assert [f.name for f in fields(ChunkOutcome)] == [
        "hashes",
        "checks",
        "challenges",
        "signed",
        "line_hashes",
    ]


def test_chunks_and_outcomes_travel_as_they_are(honest: Built, records: dict[str, Path]) -> None:
    """A chunk and its outcome come out of pickle equal to what went in: the heads and the
    portable outcomes packed as tuples, an outcome with decoded ballots (in-process) as it is."""
    checker = Checker()
    open_at = next(e.index for e in honest.entries if e.kind == "open")
    checker.feed_all(honest.entries[: open_at + 1])
    assert checker.params is not None and checker.definition is not None
    portable = PortableParams.of(checker.params)
    checker.close()
    ballots = [(e.index, e.body) for e in honest.entries if e.kind == "ballot"]
    assert ballots
    heads = list(RecordReader(records["tampered"]).heads())
    board = checker.definition.keys.board
    assert board is not None
    work = ChunkWork(portable, ballots, [], [], heads, board.xonly)
    assert pickle.loads(pickle.dumps(work)) == work
    outcome = check_work(work)
    assert outcome.checks and all(c.head is not None for c in outcome.checks)
    assert outcome.signed == [True] * len(heads)
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    here = check_work_here(work)
    assert all(c.ballot is not None for c in here.checks)
    again = pickle.loads(pickle.dumps(here))
    assert [c.index for c in again.checks] == [c.index for c in here.checks]
    assert all(c.ballot is not None for c in again.checks)


@pytest.mark.parametrize("kind", ["ballot", "open"])
def test_a_hash_computed_on_a_worker_catches_an_edited_entry(
    honest: Built, tmp_path: Path, kind: str
) -> None:
    """V1's hash check runs on the workers: an entry whose content was edited after sealing
    (its stored hash, the chain's links and the heads left as they were) is named there, and the
    report is the sequential one."""
    entries = list(honest.entries)
    at = next(i for i, e in enumerate(entries) if e.kind == kind)
    edited = dict(entries[at].body)
    edited["district" if kind == "ballot" else "note"] = "elsewhere"
    original = entries[at]
    entries[at] = replace(original, body=edited)
    record = write_record(tmp_path / "edited", entries, honest.heads)
    reference = sequential(record)
    assert ("V1", at, "hash") in {(f.check, f.index, f.field) for f in reference.failures}
    for workers in (1, 2):
        assert as_json(verify_record(record, workers=workers, chunk_size=4)) == as_json(reference)


def test_a_broken_challenge_is_named_the_same_by_the_workers(honest: Built, tmp_path: Path) -> None:
    """V10's pure part runs on the workers: a challenge whose revealed randomness no longer
    re-encrypts its ciphertext (re-sealed, so no hash or signature check catches it) gives the
    sequential report with 1 and 2 workers."""
    entries = list(honest.entries)
    at = next(i for i, e in enumerate(entries) if e.kind == "challenge")
    body = json.loads(json.dumps(entries[at].body))
    randomness = body["questions"][0]["randomness"]
    randomness[0] = f"{(int(randomness[0], 16) + 1):064x}"
    entries[at] = replace(entries[at], body=body)
    sealed, heads = reseal(entries)
    record = write_record(tmp_path / "challenge", sealed, heads)
    reference = sequential(record)
    # V10 names it; the counts that included it then disagree with the posted ones (V8, V9)
    assert [f.index for f in reference.failures if f.check == "V10"] == [at]
    for workers in (1, 2):
        assert as_json(verify_record(record, workers=workers, chunk_size=3)) == as_json(reference)


def test_heads_signed_by_another_key_are_named_the_same_by_the_workers(
    honest: Built, tmp_path: Path
) -> None:
    """The record's heads are checked on the workers (their signatures, in chunks): heads signed
    by a key other than the board's, and one naming a hash the chain does not have (signed by
    the board), give the sequential report with 1 and 2 workers and chunks of any size."""
    heads = list(honest.heads)
    forged = [0, 3, len(heads) - 1]
    for i in forged:
        h = heads[i]
        heads[i] = SignedHead.for_entry(
            key("not the board"), h.election_id, honest.entries[h.index]
        )
    wrong = heads[1]
    heads[1] = SignedHead.sign(
        key("board"), wrong.election_id, wrong.index, b"\x07" * 32, wrong.time
    )
    record = write_record(tmp_path / "heads", honest.entries, heads)
    reference = sequential(record)
    v1 = [f for f in reference.failures if f.check == "V1"]
    assert len(v1) == len(forged) + 1
    for workers, chunk in ((1, 2), (2, 2), (2, HEADS_CHUNK)):
        with in_process() if workers == 1 else local_pool(workers) as submit:
            checker = Checker()
            try:
                run_sharded(checker, RecordReader(record).entries(check_hashes=False), submit)
                reader = RecordReader(record)
                numbered = [
                    (h, f"{reader.index.heads.file}:{n}")
                    for n, h in enumerate(reader.heads(), start=1)
                ]
                run_heads(checker, numbered, submit, chunk_size=chunk, in_flight=1)
                report = checker.finish(str(record))
            finally:
                checker.close()
        assert as_json(report) == as_json(reference), (workers, chunk)
    assert as_json(verify_record(record, workers=2)) == as_json(reference)
