"""V11 on the record path: what the mix entries add to the proof of shuffle itself.

Run: ``.venv/bin/python bench/mix_record.py`` (default: secp256k1, width 2, N = 2,500 and
10,000; ``--runs secp256k1:2:10000`` picks others). Each run, in a fresh child process on one core:

* builds a list of N width-w ciphertext tuples (public-exponent encryptions, not timed), shuffles
  and proves it (timed: ``shuffle + prove``) and cuts it into the signed ``mix_chunk`` and ``mix``
  bodies a trustee posts (``bodies``: the JSON encoding and the signatures);
* feeds those bodies, as a verifier does, to :class:`plebiscite.rules.mixing.MixRounds` (timed:
  ``V11``: strict decoding of every element, the signatures, the list digests, the assembly of the
  proof from its chunks and the proof of shuffle, generators included) and prints the verify time
  alone inside it (``of which verify``), so the record format's own cost is the difference;
* prints the chunk count, the bytes of the bodies (compact JSON) and the peak RSS.

The machine's CPU model and load average are printed first: figures taken while other work shares
the machine are provisional.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

from plebiscite.crypto import shuffle_verify
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle import Item, clear_generator_cache, prove_shuffle, shuffle
from plebiscite.model.codec import JSONObject, dumps_canonical
from plebiscite.model.mix import ListRef, mix_bodies, sign_mix
from plebiscite.rules.ceremony import CeremonyResult, TrusteeStatus

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from _builder import ElectionSpec

DEFAULT_RUNS = "secp256k1:2:2500,secp256k1:2:10000"
ELECTION_ID = bytes(range(16))
CONTEXT = bytes(32)


@dataclass
class _Board:
    """What V11 reads off a checker (:class:`plebiscite.rules.mixing.MixBoard`)."""

    definition: object
    group: Group
    election_id: bytes
    election_ctx: bytes
    ceremony: CeremonyResult
    close_index: int
    inputs: list[Item]

    def mix_input(self, ref: ListRef) -> list[Item]:
        return self.inputs


def _inputs(group: Group, key: Element, n: int, width: int) -> list[Item]:
    out: list[Item] = []
    for i in range(n):
        out.append(
            tuple(
                Ciphertext(
                    group.exp_g(i + 1 + k), group.mul(group.exp(key, i + 1 + k), group.exp_g(k))
                )
                for k in range(width)
            )
        )
    return out


def run_one(group_name: str, width: int, n: int) -> dict[str, object]:
    from plebiscite.rules.mixing import MixRounds

    group = get_group(group_name)
    spec = ElectionSpec("bench mix", ELECTION_ID, {"north": max(n, 1)}, n=1, k=1)
    trustee = spec.trustee_key(1)
    definition = spec.definition([trustee.public.fingerprint()])
    x = 123456789
    key = group.exp_g(x)
    inputs = _inputs(group, key, n, width)
    ceremony = CeremonyResult(qualified=(1,), joint_key=key)
    ceremony.trustees[1] = TrusteeStatus(1, "t1", trustee.public.fingerprint(), trustee.public)
    board = _Board(definition, group, ELECTION_ID, CONTEXT, ceremony, 0, inputs)

    started = time.process_time()
    outputs, secret = shuffle(group, key, inputs)
    proof = prove_shuffle(group, key, inputs, outputs, secret, CONTEXT, 1)
    proved = time.process_time() - started

    started = time.process_time()
    ref = ListRef("counted", "north")
    bodies = [
        (kind, sign_mix(trustee, ELECTION_ID, kind, body))
        for kind, body in mix_bodies(group, 1, ref, None, inputs, outputs, proof)
    ]
    encoded = sum(len(dumps_canonical(body)) for _, body in bodies)
    written = time.process_time() - started
    # the verifier reads the bodies from JSON text, not from the objects the prover made
    parsed: list[tuple[str, JSONObject]] = [(k, json.loads(dumps_canonical(b))) for k, b in bodies]

    clear_generator_cache()
    inner = 0.0
    original = shuffle_verify.verify_shuffle

    def timed(*args: object, **kwargs: object) -> None:
        nonlocal inner
        t = time.process_time()
        try:
            original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            inner += time.process_time() - t

    import plebiscite.rules.mixing as mixing

    mixing.verify_shuffle = timed  # type: ignore[assignment]
    failures: list[str] = []
    rounds = MixRounds()
    started = time.process_time()
    for index, (kind, body) in enumerate(parsed, start=1):
        rounds.feed(board, kind, body, index, lambda f, m: failures.append(f"{f}: {m}"))  # type: ignore[arg-type]
    checked = time.process_time() - started
    assert not failures, failures
    return {
        "run": f"{group_name}, w = {width}, N = {n:,}",
        "chunks": len(bodies) - 1,
        "bytes": encoded,
        "shuffle_prove_s": round(proved, 2),
        "bodies_s": round(written, 2),
        "v11_s": round(checked, 2),
        "verify_s": round(inner, 2),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default=DEFAULT_RUNS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        group_name, width, n = args.one.split(":")
        print(json.dumps(run_one(group_name, int(width), int(n))))
        return
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    for spec in args.runs.split(","):
        out = subprocess.run(
            ["taskset", "-c", "0", sys.executable, __file__, "--one", spec],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(json.loads(out.splitlines()[-1]))
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
