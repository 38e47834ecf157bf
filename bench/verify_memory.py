"""The verifier's memory and time as the number of ballots grows for a FIXED roll.

Run: ``.venv/bin/python bench/verify_memory.py`` (records of 2,000 and 20,000 ballots);
``--large`` adds 200,000. Each record is one election of ``--credentials`` voters (2,000 by
default) in one district, who vote and revote until the record holds the number of ballots asked
(voter ``n mod credentials`` casts ballot ``n``): a complete record built from the library pieces
(manifest, key ceremony with 3 trustees and k = 2, roll, open, the ballots, close, tally, two
partial decryptions, result). Records are generated once into ``--cache`` (default
``~/.cache/plebiscite-bench``, outside the project) and reused.

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

from _builder import ElectionSpec
from plebiscite.crypto import threshold
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import prove_partial_decryption, prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model import tally as mt
from plebiscite.model.ballot import BallotParams, NamedHead, sign_ballot
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.ceremony import (
    Commit,
    ElectionKey,
    Liveness,
    Reveal,
    Shares,
    coefficient_context,
    commitment_hash,
    liveness_ciphertext,
    liveness_context,
    share_aad,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.contexts import ceremony_context, election_context
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead
from plebiscite.model.record import FileInfo, RecordIndex, ShardInfo
from plebiscite.model.roll import chunk_bodies, final_body, merkle_root
from plebiscite.model.signed import sign_body
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
    # every ballot names the open entry (they are made in parallel before they are posted)
    max_ballot_age=7 * 24 * 3600,
)


def key(name: str) -> SigningKey:
    return SPEC.key(name)


_Values = tuple[str, bytes, bytes, int, bytes]


def _params_values(params: BallotParams, head: Entry) -> _Values:
    joint = params.group.encode(params.joint_key)
    return params.group.name, joint, params.election_ctx, head.index, head.hash


def _ballots(
    values: _Values, credentials: int, numbers: Sequence[int]
) -> list[tuple[int, JSONObject, bytes, int]]:
    """Ballots ``numbers`` (voter ``n mod credentials``): body, encoded ciphertexts, choice;
    each names the head ``values`` gives (the open entry)."""
    name, joint, ctx, head_index, head_hash = values
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
        ballot = sign_ballot(signer, group, opened.encrypted, NamedHead(head_index, head_hash))
        cts = b"".join(
            group.encode(x)
            for ct in opened.encrypted.questions[0].ciphertexts
            for x in (ct.alpha, ct.beta)
        )
        out.append((voter, ballot.to_json(group), cts, choice))
    return out


class _Writer:
    """Appends entries to one shard and signs a head for each."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.board = (directory / "board-000000.jsonl").open("wb")
        self.heads = (directory / "heads.jsonl").open("wb")
        self.board_hash = hashlib.sha256()
        self.heads_hash = hashlib.sha256()
        self.count = 0
        self.prev = GENESIS_PREV
        self.time = OPENS - 10_000_000_000
        self.board_key = key("board")

    def post(self, kind: str, body: JSONObject, step: int = 1_000_000) -> Entry:
        self.time += step
        entry = Entry.create(self.count, self.time, kind, body, self.prev)
        line = (entry.to_line() + "\n").encode()
        self.board.write(line)
        self.board_hash.update(line)
        head = SignedHead.for_entry(self.board_key, ELECTION_ID, entry)
        head_line = (head.to_line() + "\n").encode()
        self.heads.write(head_line)
        self.heads_hash.update(head_line)
        self.count += 1
        self.prev = entry.hash
        return entry

    def close(self) -> None:
        self.board.close()
        self.heads.close()
        board = self.directory / "board-000000.jsonl"
        heads = self.directory / "heads.jsonl"
        index = RecordIndex(
            self.count,
            (ShardInfo(board.name, 0, self.count, board.stat().st_size, self.board_hash.digest()),),
            FileInfo(heads.name, self.count, heads.stat().st_size, self.heads_hash.digest()),
        )
        (self.directory / "record.json").write_text(index.to_text())


def build_record(
    directory: Path, group_name: str, credentials: int, ballots: int, workers: int = 1
) -> Path:
    """Write a complete valid record of ``ballots`` ballots by ``credentials`` voters."""
    group = get_group(group_name)
    rng = DeterministicRandom("bench record")
    spec = dataclasses.replace(SPEC, registered={"d": credentials}, group=group_name)
    definition = spec.definition()
    authority = key("authority")
    w = _Writer(directory)

    def signed(signer: SigningKey, kind: str, body: JSONObject) -> JSONObject:
        return sign_body(signer, ELECTION_ID, kind, body, rng)

    manifest = signed(authority, "manifest", definition.to_manifest())
    w.post("manifest", manifest)
    ctx = ceremony_context(ELECTION_ID, manifest, group, N, K)
    polys = {
        i: threshold.random_polynomial(group, K, DeterministicRandom(f"bench poly {i}"))
        for i in range(1, N + 1)
    }
    commitments = {i: threshold.commit(group, p) for i, p in polys.items()}
    tkeys = {i: key(f"trustee {i}") for i in range(1, N + 1)}
    for i in range(1, N + 1):
        body = Commit(i, tkeys[i].public, commitment_hash(group, ctx, i, commitments[i]))
        w.post("trustee_commit", signed(tkeys[i], "trustee_commit", body.to_body(group)))
    for i in range(1, N + 1):
        proofs = tuple(
            prove_schnorr(group, a, coefficient_context(ctx, i, pos), rng=rng)
            for pos, a in enumerate(polys[i].coefficients)
        )
        reveal = Reveal(i, commitments[i], proofs).to_body(group)
        w.post("trustee_reveal", signed(tkeys[i], "trustee_reveal", reveal))
    for i in range(1, N + 1):
        sealed = {
            j: seal_with_secret(
                tkeys[j].public, group.encode_scalar(polys[i](j)), share_aad(ctx, i, j), rng
            )[0]
            for j in range(1, N + 1)
            if j != i
        }
        w.post(
            "trustee_shares", signed(tkeys[i], "trustee_shares", Shares(i, sealed).to_body(group))
        )
    qual = tuple(range(1, N + 1))
    joint = threshold.joint_key(group, commitments, qual)
    vks = {j: threshold.verification_key(group, commitments, j, qual) for j in qual}
    test_ct = liveness_ciphertext(group, ctx, joint, vks, qual)
    ek = ElectionKey(ctx, qual, joint, vks, test_ct).to_body(group)
    w.post("election_key", signed(authority, "election_key", ek))
    secrets = {j: sum(polys[i](j) for i in qual) % group.q for j in qual}
    for j in qual:
        partial, proof = prove_partial_decryption(
            group, secrets[j], test_ct, liveness_context(ctx, j), rng=rng
        )
        w.post("liveness", signed(tkeys[j], "liveness", Liveness(j, partial, proof).to_body(group)))
    roll = [key(f"voter {i}").public.xonly for i in range(credentials)]
    for body in chunk_bodies("d", roll, key=key("ca"), election_id=ELECTION_ID, rng=rng):
        w.post("credential_roll", body)
    root = merkle_root("d", roll)
    w.post(
        "credential_roll_final", final_body(key("ca"), ELECTION_ID, [("d", len(roll), root)], rng)
    )
    keys = definition.keys
    assert keys.board and keys.authority and keys.credential_authority
    election_ctx = election_context(
        group,
        ctx,
        joint,
        vks,
        qual,
        {"d": root},
        keys.board,
        keys.authority,
        keys.credential_authority,
    )
    w.time = OPENS - 1_000_000
    opened = w.post("open", signed(authority, "open", mt.Open(election_ctx).to_body()))
    params = BallotParams.from_manifest(group, joint, election_ctx, [(2, 1, 1)], ["d"])
    values = _params_values(params, opened)
    last: dict[int, tuple[bytes, int]] = {}
    chunk = 200
    starts = range(0, ballots, chunk)
    jobs = [range(s, min(s + chunk, ballots)) for s in starts]
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        for done in pool.map(_ballots, [values] * len(jobs), [credentials] * len(jobs), jobs):
            for voter, body, cts, choice in done:
                w.post("ballot", body, step=STEP)
                last[voter] = (cts, choice)
    received = (mt.Received("d", ballots, 0),)
    w.time = max(w.time, definition.window.closes_us)
    w.post("close", signed(authority, "close", mt.Close(False, received).to_body()))
    counted = (
        (key_, Counted("d", 0, cts))
        for key_, (cts, _) in sorted((roll[v], item) for v, item in last.items())
    )
    tally = aggregate(group, definition, counted)
    tally_entry = w.post("tally", signed(authority, "tally", tally.to_body(group)))
    partials: dict[int, mt.PartialDecryption] = {}
    for i in DECRYPTING:
        partials[i] = mt.make_partial_decryption(
            group, i, secrets[i], tally, tally_entry.hash, election_ctx, rng
        )
        w.post(
            "partial_decryption", signed(tkeys[i], "partial_decryption", partials[i].to_body(group))
        )
    counts = mt.combine_counts(group, tally, partials, K)
    result = mt.build_result(
        definition, tally, tally_entry.hash, counts, {"d": ballots - len(last)}, {}, DECRYPTING
    )
    w.post("result", signed(authority, "result", result.to_body()))
    w.close()
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
