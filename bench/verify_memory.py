"""The verifier's memory and time as the number of ballots grows for a FIXED roll.

Run: ``.venv/bin/python bench/verify_memory.py`` (records of 2,000 and 20,000 ballots);
``--large`` adds 200,000. Each record is one election of ``--credentials`` voters (2,000 by
default) in one district, who vote and revote until the record holds the number of ballots asked
(voter ``n mod credentials`` casts ballot ``n``): a complete record (manifest, key ceremony with 3
trustees and k = 2, roll, open, the ballots, close, tally, two partial decryptions, result)
played by the test election builder (``tests/_builder.py``). Records are generated once into
``--cache`` (default ``~/.cache/plebiscite-bench``, outside the project) and reused.

Each record is verified in a fresh subprocess (``plebiscite.verify.command.verify_record``); the
subprocess reports its peak resident set (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) and the
time. ``--spill-at`` sets the rows of per-credential and per-ballot state kept in memory before
they move to SQLite (the verifier's default is 200,000), ``--workers`` the local processes.

:func:`build_record` is also used by ``bench/verify.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the shared builder

from _builder import Chain, ElectionBuilder, ElectionSpec
from plebiscite.board.board import Appended
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model import tally as mt
from plebiscite.model.ballot import BallotParams, sign_ballot
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.record import FileInfo, RecordIndex, ShardInfo
from plebiscite.model.roll import MAX_CHUNK_KEYS
from plebiscite.rules.counting import aggregate
from plebiscite.rules.state import Counted

ELECTION_ID = bytes.fromhex("5e1ec7ab1e0000000000000000000001")
N, K = 3, 2
DECRYPTING = (1, 2)
OPENS = 1_893_484_800_000_000  # 2030-01-01T08:00:00Z
STEP = 1_000  # microseconds between ballots

#: the benchmark's election: one district, 30 days; the roll size and group set per record
SPEC = ElectionSpec(
    "bench key",
    ELECTION_ID,
    {"d": 1},
    title='"Verifier benchmark"',
    n=N,
    k=K,
    closes="2030-01-31T08:00:00Z",
    district_names={"d": "The district"},
)


#: a deterministic test key of the party ``name``
key = SPEC.key


def _params_values(params: BallotParams) -> tuple[str, bytes, bytes]:
    return params.group.name, params.group.encode(params.joint_key), params.election_ctx


def _ballots(
    values: tuple[str, bytes, bytes], credentials: int, numbers: Sequence[int]
) -> list[tuple[int, JSONObject, bytes, int]]:
    """Ballots ``numbers`` (voter ``n mod credentials``): body, encoded ciphertexts, choice."""
    name, joint, ctx = values
    group = get_group(name)
    params = BallotParams.from_manifest(
        group, group.decode(joint, "joint key"), ctx, [(2, 1, 1)], ["d"]
    )
    out = []
    for n in numbers:
        voter = n % credentials
        signer = key(f"voter {voter}")
        choice = n % 3 % 2  # not a constant, not alternating with the voter
        rng = DeterministicRandom(f"bench ballot {n}")
        opened = encrypt_ballot(params, "d", signer.public.xonly, [[1 - choice, choice]], rng)
        ballot = sign_ballot(signer, group, opened.encrypted)
        cts = b"".join(
            group.encode(x)
            for ct in opened.encrypted.questions[0].ciphertexts
            for x in (ct.alpha, ct.beta)
        )
        out.append((voter, ballot.to_json(group), cts, choice))
    return out


class _Writer(Chain):
    """A chain streamed to one shard and its heads file, not kept in memory."""

    def __init__(self, directory: Path) -> None:
        super().__init__(key("board"), ELECTION_ID, OPENS - 10_000_000_000)
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.board = (directory / "board-000000.jsonl").open("wb")
        self.heads_file = (directory / "heads.jsonl").open("wb")
        self.board_hash = hashlib.sha256()
        self.heads_hash = hashlib.sha256()

    def keep(self, appended: Appended) -> None:
        line = (appended.entry.to_line() + "\n").encode()
        self.board.write(line)
        self.board_hash.update(line)
        head_line = (appended.receipt.to_line() + "\n").encode()
        self.heads_file.write(head_line)
        self.heads_hash.update(head_line)

    def entries(self) -> list[Entry]:
        raise NotImplementedError("a streamed record keeps no entries in memory")

    def close(self) -> None:
        self.board.close()
        self.heads_file.close()
        board = self.directory / "board-000000.jsonl"
        heads = self.directory / "heads.jsonl"
        index = RecordIndex(
            self.count,
            (ShardInfo(board.name, 0, self.count, board.stat().st_size, self.board_hash.digest()),),
            FileInfo(heads.name, self.count, heads.stat().st_size, self.heads_hash.digest()),
        )
        (self.directory / "record.json").write_text(index.to_text())


class _Builder(ElectionBuilder):
    """The test election builder with the benchmark's voters (``voter <n>``), its ballots made
    in a process pool and streamed, and the counted set kept aside (no checker over the
    record: that is what is measured)."""

    def __init__(self, writer: _Writer, group_name: str, credentials: int, ballots: int) -> None:
        spec = dataclasses.replace(SPEC, registered={"d": credentials}, group=group_name)
        super().__init__(
            spec,
            writer,
            seed="bench record",
            poly_seed="bench poly",
            decrypting=DECRYPTING,
            roll_chunk=MAX_CHUNK_KEYS,
        )
        self.roll_size, self.ballot_count, self.workers = credentials, ballots, 1
        self.last: dict[int, tuple[bytes, int]] = {}

    def voter(self, district: str, i: int) -> SigningKey:
        return key(f"voter {i}")

    def ballots(self) -> None:
        """Ballot ``n`` by voter ``n mod credentials``, made 200 at a time in the pool."""
        assert self.params is not None
        values = _params_values(self.params)
        chunk, total = 200, self.ballot_count
        jobs = [range(s, min(s + chunk, total)) for s in range(0, total, chunk)]
        with ProcessPoolExecutor(max_workers=max(1, self.workers)) as pool:
            for done in pool.map(
                _ballots, [values] * len(jobs), [self.roll_size] * len(jobs), jobs
            ):
                for voter, body, cts, choice in done:
                    self.post("ballot", body, step=STEP)
                    self.last[voter] = (cts, choice)

    def received(self) -> tuple[mt.Received, ...]:
        return (mt.Received("d", self.ballot_count, 0),)

    def aggregates(self) -> mt.Tally:
        roll = self.roll_keys()["d"]
        counted = (
            (credential, Counted("d", 0, cts))
            for credential, (cts, _) in sorted((roll[v], item) for v, item in self.last.items())
        )
        return aggregate(self.group, self.definition, counted)

    def figures(self) -> tuple[dict[str, int], dict[str, int]]:
        return {"d": self.ballot_count - len(self.last)}, {}


def build_record(
    directory: Path, group_name: str, credentials: int, ballots: int, workers: int = 1
) -> Path:
    """Write a complete valid record of ``ballots`` ballots by ``credentials`` voters."""
    writer = _Writer(directory)
    builder = _Builder(writer, group_name, credentials, ballots)
    builder.workers = workers
    builder.play()
    writer.close()
    return directory


def cached_record(
    cache: Path, group_name: str, credentials: int, ballots: int, workers: int
) -> Path:
    """The record from the cache, built first when missing."""
    directory = cache / f"{group_name}-{credentials}c-{ballots}b"
    if not (directory / "record.json").is_file():
        started = time.perf_counter()
        partial = directory.with_name(directory.name + ".partial")
        if partial.exists():
            import shutil

            shutil.rmtree(partial)
        build_record(partial, group_name, credentials, ballots, workers)
        partial.rename(directory)
        print(f"  built {directory.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return directory


_CHILD = """
import json, resource, sys, time
from plebiscite.verify.command import verify_record
started = time.perf_counter()
report = verify_record(sys.argv[1], workers=int(sys.argv[2]), spill_at=int(sys.argv[3]))
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ok": report.ok, "seconds": elapsed, "peak_kib": peak,
                  "entries": report.entries, "failures": len(report.failures)}))
"""


def measure(record: Path, workers: int, spill_at: int) -> dict[str, object]:
    """Verify ``record`` in a fresh interpreter; its peak RSS (KiB) and time."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(record), str(workers), str(spill_at)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def baseline() -> int:
    """Peak RSS (KiB) of an interpreter that has only imported the verifier."""
    code = (
        "import resource, plebiscite.verify.command;"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=2_000)
    parser.add_argument("--large", action="store_true", help="add the 200,000-ballot record")
    parser.add_argument("--sizes", default=None, help="ballot counts, comma-separated")
    parser.add_argument("--group", default="secp256k1")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache/plebiscite-bench")
    parser.add_argument("--workers", type=int, default=1, help="local processes to verify with")
    parser.add_argument("--build-workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--spill-at", default="200000", help="state rows kept in memory (comma-separated runs)"
    )
    args = parser.parse_args()
    sizes = [2_000, 20_000] + ([200_000] if args.large else [])
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}"
    )
    print(f"roll: {args.credentials} credentials; group {args.group}; workers {args.workers}")
    base = baseline()
    print(f"interpreter with the verifier imported: peak RSS {base / 1024:.1f} MiB")
    print("ballots   spill_at   time (s)   per ballot (ms)   peak RSS (MiB)   ok")
    for ballots in sizes:
        record = cached_record(
            args.cache, args.group, args.credentials, ballots, args.build_workers
        )
        for spill in (int(s) for s in args.spill_at.split(",")):
            m = measure(record, args.workers, spill)
            seconds = float(str(m["seconds"]))
            peak = int(str(m["peak_kib"])) / 1024
            print(
                f"{ballots:>7}   {spill:>8}   {seconds:>8.1f}   {1000 * seconds / ballots:>15.3f}"
                f"   {peak:>14.1f}   {m['ok']}",
                flush=True,
            )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
