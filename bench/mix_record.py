"""V11 on the record path: what the mix entries add to the proof of shuffle itself.

Run: ``.venv/bin/python bench/mix_record.py`` (default: secp256k1, width 2, N = 2,500 and
10,000; ``--runs secp256k1:2:10000`` picks others, ``--workers 1,2`` the verifier's processes).
Each run takes fresh child processes:

* the **prover** (pinned to one core with ``taskset``) builds a list of N width-w ciphertext tuples
  (public-exponent encryptions, not timed), shuffles and proves it (timed: ``shuffle + prove``,
  CPU seconds) and writes the signed ``mix_chunk`` and ``mix`` bodies a trustee posts to a JSON
  Lines file (``bodies``: the JSON and the signatures);
* the **verifier**, once per ``--workers`` value, in a process of its own (so that its peak RSS is
  V11's alone), reads that file line by line and feeds each body, as a verifier does, to
  :class:`plebiscite.rules.mixing.MixRounds` (timed: ``V11``: strict decoding, the signatures, the
  lists kept in memory or on disk, the digests, the proof of shuffle, generators included; CPU
  seconds with one worker; with several, wall seconds, and the CPU seconds of this process alone:
  the part that does not spread over the workers, since the wall clock of a shared machine says
  little). The
  input list is read item by item from a file the prover wrote (the encodings of its elements)
  and decoded as it is read, as a checker decodes the counted ballots it accepted (without a
  second subgroup check), never held whole.
  With one worker it then times, in the same process, the multi-exponentiations V11 must compute
  — the same number of terms with exponents of the same lengths, cut in the same chunks — and
  the derivation of the N generators, and prints ``V11 / multi-exp`` with and without the
  generators, and beside them the batching overhead proper: ``V11 less decoding and generators
  / multi-exp``, where the seconds V11 spends decoding the board's compressed points (one square
  root each on secp256k1) and deriving the generators are those of the ``--breakdown`` run.

``--trustees T`` (default 1) posts T shuffles of the list one after the other (trustee t mixes
trustee t − 1's output), as a round of T trustees does: they share the election context and so
the generators, which V11 derives once (and each ``--workers`` process once per range). The
multi-exponentiations are then T shuffles' worth.

With ``--measure-memory N1,N2,…`` it measures instead the prover of ``plebiscite trustee mix``
(:func:`plebiscite.tally.mix.input_list` and :func:`~plebiscite.tally.mix.prepare_shuffle`), each
N in a fresh process pinned to one core: the input list read item by item from a file of
encodings (as a checker reads the board), shuffled, proved, the entries signed and written to the
prepared file; it prints the CPU seconds, the peak RSS, whether the lists were on disk
(``--prover-spill-at``, default the command's) and the peak's ratio to the first N's.

``--breakdown`` adds, with one worker, where V11's CPU seconds go (each part's own time, what it
calls timed apart): decoding the board's elements (the ``mix_chunk`` / ``mix`` bodies and the
input list), the signatures, the lists' store (writing, reading back), the generators, the
challenges' hashing, the multi-exponentiations, and the rest (the Python around them). The
wrappers cost a little time of their own, so ``v11_s`` is measured without them.

The machine's CPU model and load average are printed first: figures taken while other work shares
the machine are provisional.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle import (
    Item,
    clear_generator_cache,
    list_digest_chunks,
    prove_shuffle,
    shuffle,
    shuffle_generators,
)
from plebiscite.crypto.shuffle_verify import FOLD_HERE
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.codec import JSONObject, dumps_canonical
from plebiscite.model.mix import ListRef, mix_bodies, sign_mix
from plebiscite.rules.ceremony import CeremonyResult, TrusteeStatus
from plebiscite.rules.mix_store import DEFAULT_MIX_SPILL_AT
from plebiscite.tally.mix import DEFAULT_PROVER_SPILL_AT, input_list, prepare_shuffle

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from _builder import ElectionSpec

DEFAULT_RUNS = "secp256k1:2:2500,secp256k1:2:10000"
ELECTION_ID = bytes(range(16))
CONTEXT = bytes(32)
SECRET = 123456789


@dataclass
class _Board:
    """What V11 reads off a checker (:class:`plebiscite.rules.mixing.MixBoard`)."""

    definition: object
    group: Group
    election_id: bytes
    election_ctx: bytes
    ceremony: CeremonyResult
    close_index: int
    n: int
    width: int

    inputs_path: str

    def mix_input(self, ref: ListRef) -> Iterator[Item]:
        """The input list read from the prover's file and decoded item by item (as a checker
        decodes the counted ballots from its state)."""
        group, width = self.group, self.width
        with open(self.inputs_path, "rb") as data:
            while line := data.readline():
                cells = bytes.fromhex(line.decode().strip())
                size = len(cells) // (2 * width)
                parts = [  # as the checker decodes the ballots it accepted (decode_validated)
                    group.decode_validated(cells[i : i + size], "input")
                    for i in range(0, len(cells), size)
                ]
                yield tuple(Ciphertext(parts[2 * k], parts[2 * k + 1]) for k in range(width))


def _inputs(group: Group, key: Element, n: int, width: int) -> Iterator[Item]:
    for i in range(n):
        yield tuple(
            Ciphertext(group.exp_g(i + 1 + k), group.mul(group.exp(key, i + 1 + k), group.exp_g(k)))
            for k in range(width)
        )


def _election(
    group: Group, n: int, trustees: int = 1
) -> tuple[list[SigningKey], object, CeremonyResult, Element]:
    spec = ElectionSpec("bench mix", ELECTION_ID, {"north": max(n, 1)}, n=trustees, k=1)
    keys = [spec.trustee_key(i) for i in range(1, trustees + 1)]
    definition = spec.definition([k.public.fingerprint() for k in keys])
    key = group.exp_g(SECRET)
    ceremony = CeremonyResult(qualified=tuple(range(1, trustees + 1)), joint_key=key)
    for i, k in enumerate(keys, start=1):
        ceremony.trustees[i] = TrusteeStatus(i, f"t{i}", k.public.fingerprint(), k.public)
    return keys, definition, ceremony, key


def prove_one(
    group_name: str, width: int, n: int, path: str, trustees: int = 1
) -> dict[str, object]:
    group = get_group(group_name)
    keys, _, _, key = _election(group, n, trustees)
    inputs = list(_inputs(group, key, n, width))
    with open(path + ".inputs", "w", encoding="utf-8") as out:
        for item in inputs:
            out.write(
                b"".join(group.encode(e) for ct in item for e in (ct.alpha, ct.beta)).hex() + "\n"
            )
    ref = ListRef("counted", "north")
    encoded = 0
    proved = written = 0.0
    previous: int | None = None
    lines = 0  # the bodies' board indices count from 1 (_feed)
    with open(path, "w", encoding="utf-8") as out:
        for trustee, signer in enumerate(keys, start=1):
            started = time.process_time()
            outputs, secret = shuffle(group, key, inputs)
            proof = prove_shuffle(group, key, inputs, outputs, secret, CONTEXT, trustee)
            proved += time.process_time() - started
            started = time.process_time()
            for kind, body in mix_bodies(group, trustee, ref, previous, inputs, outputs, proof):
                line = dumps_canonical(sign_mix(signer, ELECTION_ID, kind, body))
                encoded += len(line)
                out.write(json.dumps([kind, line]) + "\n")
                lines += 1
            written += time.process_time() - started
            previous, inputs = lines, list(outputs)
    return {
        "shuffle_prove_s": round(proved, 2),
        "bodies_s": round(written, 2),
        "bytes": encoded,
        "prover_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def _write_inputs(group: Group, key: Element, n: int, width: int, path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for item in _inputs(group, key, n, width):
            out.write(
                b"".join(group.encode(e) for ct in item for e in (ct.alpha, ct.beta)).hex() + "\n"
            )


def prover_memory(group_name: str, width: int, n: int, spill_at: int) -> dict[str, object]:
    """``trustee mix``'s prover on a list of ``n`` items read from a file (see the docstring)."""
    group = get_group(group_name)
    keys, definition, ceremony, key = _election(group, n)
    trustee = keys[0]
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        board = _Board(
            definition, group, ELECTION_ID, CONTEXT, ceremony, 0, n, width, tmp + "/inputs"
        )
        _write_inputs(group, key, n, width, board.inputs_path)
        ref = ListRef("counted", "north")
        prepared = state / "prepared.json"

        def sign(kind: str, body: JSONObject) -> JSONObject:
            return sign_mix(trustee, ELECTION_ID, kind, body)

        started = time.process_time()
        with input_list(group, board.mix_input(ref), state / "spill", spill_at) as (items, cols):
            digest = list_digest_chunks(group, width, n, items.encoded())
            prepare_shuffle(group, key, CONTEXT, 1, sign, ref, None, items, digest, cols, prepared)
        spent = time.process_time() - started
        size = prepared.stat().st_size
    return {
        "n": n,
        "on_disk": n > spill_at,
        "prover_s": round(spent, 2),
        "prepared_mib": round(size / (1 << 20), 1),
        "prover_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def verify_one(
    group_name: str,
    width: int,
    n: int,
    path: str,
    workers: int,
    spill_at: int,
    breakdown: bool = False,
    trustees: int = 1,
) -> dict[str, object]:
    from plebiscite.rules.mixing import MixRounds

    group = get_group(group_name)
    _, definition, ceremony, _ = _election(group, n, trustees)
    board = _Board(definition, group, ELECTION_ID, CONTEXT, ceremony, 0, n, width, path + ".inputs")
    failures: list[str] = []
    chunks = 0
    split: dict[str, float]
    clear_generator_cache()
    with tempfile.TemporaryDirectory() as tmp:
        if workers > 1:
            from plebiscite.verify.mix_workers import executor_folder
            from plebiscite.verify.parallel import local_executor

            with local_executor(workers) as pool:
                list(pool.map(abs, range(workers)))  # the workers started before the clock
                pids = list(getattr(pool, "_processes", {}))
                rounds = MixRounds(executor_folder(pool, 2 * workers), spill_at, tmp)
                workers_cpu = _cpu_of(pids)
                started = time.perf_counter()
                main_cpu = time.process_time()
                chunks = _feed(rounds, board, path, failures)
                checked = time.perf_counter() - started
                main_cpu = time.process_time() - main_cpu
                workers_cpu = _cpu_of(pids) - workers_cpu
            # (the workers are the forkserver's children, not this process's: their CPU time is
            # not in RUSAGE_CHILDREN but read from /proc; this process's own is the part that does
            # not spread)
            split = {"main_cpu_s": round(main_cpu, 2), "workers_cpu_s": round(workers_cpu, 2)}
        else:
            split = {}
            rounds = MixRounds(spill_at=spill_at, directory=tmp)
            started = time.process_time()
            chunks = _feed(rounds, board, path, failures)
            checked = time.process_time() - started
        on_disk = rounds.lists is not None and rounds.lists.on_disk
        rounds.close()
    assert not failures, failures
    out: dict[str, object] = {
        "workers": workers,
        "chunks": chunks,
        "v11_s": round(checked, 2),
        "on_disk": on_disk,
        "verifier_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        **split,
    }
    if workers == 1:
        raw = sum(_raw_multi_exp(group, n, width) for _ in range(trustees))
        clear_generator_cache()
        started = time.process_time()
        shuffle_generators(group, CONTEXT, n)
        generators = time.process_time() - started
        parts = _breakdown(group, board, path, spill_at)
        proper = checked - parts.get("decode board", 0.0) - parts.get("generators", 0.0)
        out |= {
            "multi_exp_s": round(raw, 2),
            "generators_s": round(generators, 2),
            "v11_per_multi_exp": round(checked / raw, 2),
            "v11_less_generators_per_multi_exp": round((checked - generators) / raw, 2),
            "v11_less_decoding_and_generators_per_multi_exp": round(proper / raw, 2),
        }
        if breakdown:
            out["breakdown_s"] = parts
    return out


def _cpu_of(pids: list[int]) -> float:
    """The CPU seconds (user and system) the processes ``pids`` have used so far (Linux)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


# where V11's time goes: (part, module[:class], function) of the functions timed, each exclusive
# of the timed functions it calls
_PARTS = (
    ("decode board", "plebiscite.rules.mixing", "parse_mix_chunk"),
    ("decode board", "plebiscite.rules.mixing", "parse_mix"),
    ("decode board", "plebiscite.rules.mixing", "_store_list"),  # the input list, decoded
    ("signatures", "plebiscite.rules.mixing", "verify_body_signature"),
    ("store write", "plebiscite.rules.mix_store:MixLists", "_store"),
    ("store read", "plebiscite.rules.mix_store:MixLists", "_read"),
    ("store read", "plebiscite.rules.mix_store:MixLists", "_decoded"),
    ("store read", "plebiscite.rules.mix_store:MixLists", "_elements"),
    ("store read", "plebiscite.rules.mix_store:MixLists", "_scalars"),
    ("store read", "plebiscite.rules.mix_store:PackedValues", "_all"),
    ("store read", "plebiscite.rules.mix_store:PackedValues", "__getitem__"),
    ("hashing", "plebiscite.rules.mix_store", "list_digest_chunks"),
    ("hashing", "plebiscite.crypto.shuffle_verify", "statement_digest_chunks"),
    ("hashing", "plebiscite.crypto.shuffle_verify", "commitments_digest_chunks"),
    ("hashing", "plebiscite.crypto.shuffle_verify", "final_challenge"),
    ("hashing", "plebiscite.crypto.shuffle_verify", "permutation_challenges"),
)


def _breakdown(group: Group, board: _Board, path: str, spill_at: int) -> dict[str, float]:
    """V11 run again with its parts' functions wrapped: CPU seconds per part (module docstring)."""
    import importlib
    from collections import defaultdict

    from plebiscite.rules.mixing import MixRounds

    spent: dict[str, float] = defaultdict(float)
    stack: list[float] = []  # per open timed call: the time its timed callees took

    def timed(part: str, function: Callable[..., object]) -> Callable[..., object]:
        def run(*args: object, **kwargs: object) -> object:
            stack.append(0.0)
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                took = time.process_time() - started
                spent[part] += took - stack.pop()
                if stack:
                    stack[-1] += took

        return run

    restore: list[tuple[object, str, object]] = []
    for part, where, name in _PARTS:
        module_name, _, class_name = where.partition(":")
        owner: object = importlib.import_module(module_name)
        owner = getattr(owner, class_name, None) if class_name else owner
        original = getattr(owner, name, None)
        if original is None:  # not in this version of the code
            continue
        restore.append((owner, name, original))
        setattr(owner, name, timed(part, original))
    for part, name in (
        ("generators", "hash_to_element"),
        ("generators", "hash_to_elements"),
        ("multi-exp", "multi_exp"),
        ("multi-exp", "prod"),
    ):
        if not hasattr(group, name):
            continue
        restore.append((group, name, None))
        setattr(group, name, timed(part, getattr(group, name)))
    clear_generator_cache()
    failures: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rounds = MixRounds(spill_at=spill_at, directory=tmp)
            total = timed("rest", lambda: _feed(rounds, board, path, failures))
            total()
            rounds.close()
    finally:
        for owner, name, original in reversed(restore):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
    assert not failures, failures
    return {part: round(seconds, 2) for part, seconds in sorted(spent.items())}


def _feed(rounds: object, board: _Board, path: str, failures: list[str]) -> int:
    count = 0
    with open(path, encoding="utf-8") as lines:
        for index, line in enumerate(lines, start=1):
            kind, text = json.loads(line)
            body: JSONObject = json.loads(text)
            rounds.feed(board, kind, body, index, lambda f, m: failures.append(f"{f}: {m}"))  # type: ignore[attr-defined]
            count += 1
    return count - 1


def _raw_multi_exp(group: Group, n: int, width: int) -> float:
    """CPU seconds of the multi-exponentiations V11 computes for one shuffle, on as many terms
    of the same exponent lengths, cut in the same chunks (the folder's): per chunk of m items,
    (1 + 2w) of m terms with 128-bit exponents, and one of (2w + 3)·m + 1 terms (full-length
    exponents but the m of t̂, 64-bit); then one of the constants and the chunks' shares."""
    size = FOLD_HERE.chunk_items
    pool = [
        group.exp_g(secrets.randbelow(group.q - 1) + 1) for _ in range((2 * width + 3) * size + 1)
    ]
    q = group.q
    spent = 0.0
    shares = 0
    for start in range(0, n, size):
        m = min(size, n - start)
        short = [secrets.randbits(128) for _ in range(m)]
        full = [secrets.randbelow(q) for _ in range((2 * width + 2) * m + 1)]
        small = [q - secrets.randbits(64) for _ in range(m)]
        started = time.process_time()
        for _ in range(1 + 2 * width):
            group.multi_exp(pool[:m], short)
        group.multi_exp(pool[: len(full) + m], full + small)
        spent += time.process_time() - started
        shares += 1
    constants = 9 + 6 * width + shares
    started = time.process_time()
    group.multi_exp(pool[:constants], [secrets.randbelow(q) for _ in range(constants)])
    return spent + time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=DEFAULT_RUNS)
    parser.add_argument("--workers", default="1", help="verifier processes, e.g. 1,2")
    parser.add_argument(
        "--spill-at",
        type=int,
        default=DEFAULT_MIX_SPILL_AT,
        help="items V11 keeps in memory before its lists go to disk",
    )
    parser.add_argument(
        "--measure-memory",
        metavar="N1,N2,...",
        help="measure trustee mix's prover at these N instead (group and width: --group, --width)",
    )
    parser.add_argument("--group", default="secp256k1", help="with --measure-memory")
    parser.add_argument("--width", type=int, default=2, help="with --measure-memory")
    parser.add_argument(
        "--prover-spill-at",
        type=int,
        default=DEFAULT_PROVER_SPILL_AT,
        help="items the prover keeps in memory before its lists go to disk",
    )
    parser.add_argument("--prover", help=argparse.SUPPRESS)
    parser.add_argument(
        "--breakdown", action="store_true", help="where V11's time goes (one worker)"
    )
    parser.add_argument(
        "--trustees", type=int, default=1, help="shuffles of the list, one per trustee"
    )
    parser.add_argument("--prove", help=argparse.SUPPRESS)
    parser.add_argument("--verify", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prover:
        group_name, width, n = args.prover.split(":", 2)
        print(json.dumps(prover_memory(group_name, int(width), int(n), args.prover_spill_at)))
        return
    if args.prove:
        group_name, width, n, path = args.prove.split(":", 3)
        print(json.dumps(prove_one(group_name, int(width), int(n), path, args.trustees)))
        return
    if args.verify:
        group_name, width, n, workers, path = args.verify.split(":", 4)
        result = verify_one(
            group_name,
            int(width),
            int(n),
            path,
            int(workers),
            args.spill_at,
            args.breakdown,
            args.trustees,
        )
        print(json.dumps(result))
        return
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        "unknown CPU",
    )
    print(f"{cpu}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    if args.measure_memory:
        first: int | None = None
        for n in args.measure_memory.split(","):
            spec = f"{args.group}:{args.width}:{n}"
            spill = ["--prover-spill-at", str(args.prover_spill_at)]
            result = _child(["taskset", "-c", "0"], ["--prover", spec, *spill])
            rss = int(str(result["prover_rss_mib"]))
            first = first or rss
            print(spec, result | {"rss_per_first": round(rss / first, 2)})
        print(f"load average {os.getloadavg()[0]:.2f}")
        return
    for spec in args.runs.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bodies.jsonl")
            trustees = ["--trustees", str(args.trustees)]
            print(spec, _child(["taskset", "-c", "0"], ["--prove", f"{spec}:{path}", *trustees]))
            for workers in args.workers.split(","):
                pin = ["taskset", "-c", "0"] if workers == "1" else []
                verify = ["--verify", f"{spec}:{workers}:{path}", "--spill-at", str(args.spill_at)]
                verify += trustees
                verify += ["--breakdown"] if args.breakdown and workers == "1" else []
                print(spec, _child(pin, verify))
    print(f"load average {os.getloadavg()[0]:.2f}")


def _child(prefix: list[str], arguments: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [*prefix, sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, object] = json.loads(out.splitlines()[-1])
    return result


if __name__ == "__main__":
    main()
