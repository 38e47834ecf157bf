"""Peer benchmark: the same referendum through ElectionGuard's Python SDK and through plebiscite.

Run (after ``scripts/eg_peer_env.sh``)::

    .venv/bin/python bench/peer_electionguard.py [--ballots N] [--peer-python .peer-venv/bin/python]

The referendum: one yes/no question, four districts, N ballots, 3 trustees with quorum 2, one
absent at decryption. One run of this script, on one machine:

* the ElectionGuard half runs ``scripts/make_eg_fixtures.py`` with the peer's Python (the SDK
  1.4.0 imports only on Python 3.10) in a subprocess, on the standard 4096-bit group: it encrypts
  N ballots with ``EncryptionMediator``, verifies each with ``CiphertextBallot.is_valid_encryption``
  (two selections and the placeholder, each with a disjunctive proof, and the contest's constant
  proof), tallies, decrypts with guardian 3 absent (compensated shares) and exports its record;
* the plebiscite half runs here on secp256k1 and on modp4096, from plebiscite's primitives (not
  the voting pipeline): per ballot two ElGamal ciphertexts with 0/1 proofs, a range proof that
  they sum to 1, and a BIP-340 signature by the voter's credential over all of it; verification
  checks the signature and adds the proofs to one batch over all ballots; the tally multiplies
  the ciphertexts; decryption: trustees 1 and 2 of a 2-of-3 sharing (threshold polynomials) each
  give a partial decryption with its Chaum-Pedersen proof, which are verified and combined.

Printed per ballot: encryption time, verification time, gzip-compressed bytes of the published
ballots (the JSON each system publishes); for the run: tally and decryption time; each as a
plebiscite/ElectionGuard ratio labelled by plebiscite's group. secp256k1 is a different group from
ElectionGuard's; modp4096 is the same group. Figures taken on a shared machine are provisional.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from plebiscite.crypto import elgamal, tags, threshold
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import (
    RangeProof,
    ZeroOneProof,
    encode_proof,
    prove_range,
    prove_zero_one,
    verify_partial_decryption,
    verify_range,
    verify_zero_one,
)
from plebiscite.crypto.signatures import SigningKey

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = ("yes", "no")
DISTRICTS = 4
TRUSTEES = 3
QUORUM = 2


@dataclass(frozen=True)
class Ballot:
    """A yes/no ballot: two ciphertexts, their 0/1 proofs, the sum's range proof, a signature."""

    district: int
    cts: tuple[Ciphertext, Ciphertext]
    zero_one: tuple[ZeroOneProof, ZeroOneProof]
    total: RangeProof
    credential: bytes
    signature: bytes


def _ctx(b: int, part: str) -> list[str | int]:
    return ["peer-bench", b, part]


def _statement(
    group: Group, cts: list[Ciphertext], proofs: list[ZeroOneProof], rp: RangeProof
) -> list[bytes]:
    """What the signature covers: every ciphertext and proof commitment, encoded."""
    out = []
    for ct in cts:
        out += [group.encode(ct.alpha), group.encode(ct.beta)]
    for p in proofs:
        out += [group.encode(x) for x in (p.a0, p.b0, p.a1, p.b1)]
    out += [group.encode(x) for x in (*rp.a, *rp.b)]
    return out


def encrypt_ballot(group: Group, key: Element, sk: SigningKey, b: int, choice: int) -> Ballot:
    cts: list[Ciphertext] = []
    proofs: list[ZeroOneProof] = []
    total_r = 0
    for pos, option in enumerate(OPTIONS):
        m = int(pos == choice)
        ct, r = elgamal.encrypt(group, key, m)
        proofs.append(prove_zero_one(group, key, ct, m, r, _ctx(b, option)))
        cts.append(ct)
        total_r += r
    rp = prove_range(group, key, elgamal.aggregate(group, cts), 1, total_r, 1, 1, _ctx(b, "sum"))
    sig = sk.sign(tags.SIGNATURE_MESSAGE, _statement(group, cts, proofs, rp))
    return Ballot(
        b % DISTRICTS + 1,
        (cts[0], cts[1]),
        (proofs[0], proofs[1]),
        rp,
        sk.public.hex().encode(),
        sig,
    )


def verify_ballot(
    group: Group, key: Element, sk: SigningKey, b: int, ballot: Ballot, batch: BatchVerifier
) -> None:
    cts = list(ballot.cts)
    message = _statement(group, cts, list(ballot.zero_one), ballot.total)
    if not sk.public.verify(ballot.signature, tags.SIGNATURE_MESSAGE, message):
        raise AssertionError(f"ballot {b}: signature")
    for pos, option in enumerate(OPTIONS):
        verify_zero_one(
            group, key, cts[pos], ballot.zero_one[pos], _ctx(b, option), batch=batch, label=f"{b}"
        )
    total = elgamal.aggregate(group, cts)
    verify_range(group, key, total, 1, 1, ballot.total, _ctx(b, "sum"), batch=batch, label=f"{b}")


def ballot_json(group: Group, ballot: Ballot) -> dict[str, object]:
    """The ballot as published: ciphertexts, proofs, credential key, signature (hex)."""
    return {
        "district": ballot.district,
        "ciphertexts": [elgamal.encode_ciphertext(group, ct) for ct in ballot.cts],
        "proofs": [encode_proof(group, p) for p in ballot.zero_one],
        "sum_proof": encode_proof(group, ballot.total),
        "credential": ballot.credential.decode(),
        "signature": ballot.signature.hex(),
    }


def run_plebiscite(group_name: str, n: int) -> dict[str, float]:
    """The referendum through plebiscite's primitives on one group; seconds and bytes."""
    group = get_group(group_name)
    polys = {d: threshold.random_polynomial(group, QUORUM) for d in range(1, TRUSTEES + 1)}
    commitments = {d: threshold.commit(group, p) for d, p in polys.items()}
    key = threshold.joint_key(group, commitments)
    shares = {i: sum(polys[d](i) for d in polys) % group.q for i in range(1, TRUSTEES + 1)}
    credentials = [SigningKey.generate() for _ in range(min(n, 64))]
    group.exp_g(1)  # build the generator's table before timing
    t0 = time.perf_counter()
    ballots = [
        encrypt_ballot(group, key, credentials[b % len(credentials)], b, b % 3 == 2)
        for b in range(n)
    ]
    t1 = time.perf_counter()
    batch = BatchVerifier(group)
    for b, ballot in enumerate(ballots):
        verify_ballot(group, key, credentials[b % len(credentials)], b, ballot, batch)
    if batch.check():
        raise AssertionError("a ballot proof failed")
    t2 = time.perf_counter()
    totals = [
        elgamal.aggregate(group, [bl.cts[pos] for bl in ballots]) for pos in range(len(OPTIONS))
    ]
    t3 = time.perf_counter()
    dlog = DiscreteLog(group, n)
    present = [1, 2]  # trustee 3 is absent
    check = BatchVerifier(group)
    results = []
    for pos, ct in enumerate(totals):
        partials = {}
        for i in present:
            m_i, proof = threshold.partial_decrypt(
                group, shares[i], ct, ["peer-bench", "tally", pos, i]
            )
            vk = threshold.verification_key(group, commitments, i)
            verify_partial_decryption(
                group,
                vk,
                ct,
                m_i,
                proof,
                ["peer-bench", "tally", pos, i],
                batch=check,
                label=f"{pos}/{i}",
            )
            partials[i] = m_i
        results.append(dlog.solve(threshold.combine(group, ct, partials, QUORUM)))
    if check.check():
        raise AssertionError("a decryption proof failed")
    t4 = time.perf_counter()
    want_yes = sum(1 for b in range(n) if b % 3 != 2)
    if results != [want_yes, n - want_yes]:
        raise AssertionError(f"tally {results} is not {[want_yes, n - want_yes]}")
    published = b"".join(
        json.dumps(ballot_json(group, bl), sort_keys=True).encode() + b"\n" for bl in ballots
    )
    return {
        "encrypt_s": t1 - t0,
        "verify_s": t2 - t1,
        "tally_s": t3 - t2,
        "decrypt_s": t4 - t3,
        "ballot_gzip_bytes": len(gzip.compress(published, compresslevel=9)),
    }


def run_electionguard(peer_python: str, n: int) -> dict[str, float]:
    """The referendum through ElectionGuard's SDK (standard group), in the peer's Python."""
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "timings.json"
        subprocess.run(
            [
                peer_python,
                str(ROOT / "scripts" / "make_eg_fixtures.py"),
                "--ballots",
                str(n),
                "--out",
                str(Path(tmp) / "record"),
                "--timings",
                str(timings),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result: dict[str, float] = json.loads(timings.read_text())
        return result


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")), model
            )
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, {model}; Python {platform.python_version()}; "
        f"load average {load:.2f} at start"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=20, help="N, the same for both systems")
    parser.add_argument("--peer-python", default=str(ROOT / ".peer-venv" / "bin" / "python"))
    args = parser.parse_args(argv)
    n = args.ballots
    print(f"machine: {machine()}")
    print(
        f"referendum: 1 yes/no question, {DISTRICTS} districts, {n} ballots, "
        f"{TRUSTEES} trustees, quorum {QUORUM}, one absent"
    )
    eg = run_electionguard(args.peer_python, n)
    print(f"ElectionGuard: {eg['sdk']} on Python {eg['python']}, standard 4096-bit group")
    rows = [
        ("encryption per ballot (ms)", "encrypt_s", 1000 / n),
        ("verification per ballot (ms)", "verify_s", 1000 / n),
        ("gzip bytes per published ballot", "ballot_gzip_bytes", 1 / n),
        ("tally, whole run (ms)", "tally_s", 1000),
        ("decryption, whole run (ms)", "decrypt_s", 1000),
    ]
    results = {g: run_plebiscite(g, n) for g in ("secp256k1", "modp4096")}
    print(f"{'':34}{'ElectionGuard':>14}{'secp256k1':>12}{'ratio':>9}{'modp4096':>12}{'ratio':>9}")
    for label, key, scale in rows:
        e = eg[key] * scale
        line = f"{label:34}{e:14.2f}"
        for g in ("secp256k1", "modp4096"):
            p = results[g][key] * scale
            line += f"{p:12.2f}{p / e:9.4f}"
        print(line)
    print("ratio = plebiscite / ElectionGuard (below 1: plebiscite is faster or smaller)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
