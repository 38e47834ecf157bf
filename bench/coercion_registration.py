"""Registration in the mode fake-credentials (docs/spec.md §16.3), per voter, against the mode
revote's credential issuing.

Run: ``.venv/bin/python bench/coercion_registration.py`` (200 and 1,000 voters; ``--voters``
changes them). Each size runs in a fresh child process, so its peak RSS is its own. The
election is the mode's demonstration (``plebiscite demo --coercion fake-credentials``: one
district, two registrars, three trustees, secp256k1), set up first and not measured; its parties'
keys are unlocked before the clock starts. Then, as the demo registers, each part is timed (wall
and CPU seconds):

* ``issue+post``: each registrar issues every voter's sheet (the share, its encryption under K,
  the designated-verifier and Schnorr proofs), writes it to its own file, and posts its
  ``registrar_roll`` chunks to the demo's board, which checks each chunk (V4) before it appends
  it (:func:`plebiscite.credentials.registrars.issue_registrar`);
* ``final``: the credential authority checks the registrars' roll (V4) and posts
  ``credential_roll_final`` (:func:`~plebiscite.credentials.registrars.close_roll`);
* ``V4``: the verifier's V4 over the board's entries alone (``RegistrarRollChecker``);
* ``voters' checks``: every voter checks each of her sheets against the board
  (:func:`~plebiscite.credentials.registrars.check_sheet_file` over one
  :class:`~plebiscite.credentials.registrars.SheetBoard`), and ``one voter`` what a single
  voter's check of one sheet costs on her own device (the board read afresh).

The ratio is registration's CPU per voter (issue+post, final and the voters' checks) over the
mode revote's issuing per credential, run in the same script (``bench/credentials.py``'s
``run_one`` at the same size: HKDF-SHA256, one process, nothing posted; the example referendum's
district minimum lowered so that 200 voters make a valid definition).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _timed(out: dict[str, Any], name: str, work: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    value = work()
    out[f"{name}_wall_s"] = time.perf_counter() - wall
    out[f"{name}_cpu_s"] = time.process_time() - cpu
    return value


def run_mode(voters: int) -> dict[str, Any]:
    """Registration of ``voters`` voters in the mode's demo election, in this process."""
    from plebiscite.credentials.registrars import (
        Election,
        SheetBoard,
        check_sheet_file,
        close_roll,
        issue_registrar,
        sheet_file_path,
    )
    from plebiscite.demo.fake_credentials import DISTRICT, ModeRun
    from plebiscite.rules.coercion_roll import RegistrarRollChecker

    out: dict[str, Any] = {"voters": voters}
    with tempfile.TemporaryDirectory() as tmp:
        run = ModeRun(voters, 2026, Path(tmp) / "demo", lambda _: None)
        try:
            run.setup()
            group = run.group
            designated = [group.exp_g(group.random_nonzero_scalar()) for _ in range(voters)]
            keys = [party.signing_key(passphrase) for party, passphrase in run.registrars]
            election = Election.from_board(run.board.entries())
            sheets = [Path(tmp) / f"sheets-r{j}" for j in range(1, len(keys) + 1)]
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

            def issue() -> int:
                posted = 0
                for key, directory in zip(keys, sheets, strict=True):
                    listed = {DISTRICT: designated}
                    posted += len(issue_registrar(election, key, listed, directory, run.board.post))
                return posted

            out["chunks"] = _timed(out, "issue_post", issue)
            _timed(
                out, "final", lambda: close_roll(run.board.entries(), run.ca_key, run.board.post)
            )
            entries = run.board.entries()

            def v4() -> None:
                checker = RegistrarRollChecker()
                for entry in entries:
                    checker.observe(entry)
                report = checker.report()
                assert not report.failures, report.failures

            _timed(out, "v4", v4)

            def checks() -> int:
                board = SheetBoard(entries)
                done = 0
                for p in range(voters):
                    for j, directory in enumerate(sheets, 1):
                        check_sheet_file(board, sheet_file_path(directory, DISTRICT, p, j))
                        done += 1
                return done

            out["sheets_checked"] = _timed(out, "checks", checks)
            last = sheet_file_path(sheets[-1], DISTRICT, voters - 1, len(sheets))
            _timed(out, "one_voter", lambda: check_sheet_file(entries, last))
            out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            out["rss_before_mib"] = rss_before / 1024
        finally:
            run.close()
    out["registration_cpu_s"] = out["issue_post_cpu_s"] + out["final_cpu_s"] + out["checks_cpu_s"]
    out["registration_wall_s"] = (
        out["issue_post_wall_s"] + out["final_wall_s"] + out["checks_wall_s"]
    )
    return out


def run_revote(voters: int) -> dict[str, Any]:
    """The mode revote's credential issuing of ``voters`` credentials, in this process."""
    spec = importlib.util.spec_from_file_location("bench_credentials", HERE / "credentials.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scaled = module._definition_text  # the example referendum's four districts, scaled

    def small(size: int, kdf: str) -> str:  # 200 voters make districts below its minimum
        return str(scaled(size, kdf)).replace(
            "min_district_size = 100", "min_district_size = 1\nallow_small_districts = true"
        )

    module._definition_text = small
    result: dict[str, Any] = module.run_one(voters, "hkdf-sha256", 1)
    return result


def _child(kind: str, voters: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", kind, str(voters)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--voters", default="200,1000", help="sizes, comma-separated")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "VOTERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, voters = args.one[0], int(args.one[1])
        print(json.dumps(run_mode(voters) if kind == "mode" else run_revote(voters)))
        return
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    print(
        f"{'voters':>7} {'issue+post':>11} {'final':>7} {'V4':>7} {'checks':>8} "
        f"{'one voter':>10} {'voters/s':>9} {'ms CPU/voter':>13} {'peak RSS':>9} "
        f"{'revote ms/cred':>15} {'ratio':>7}"
    )
    for voters in [int(v) for v in args.voters.split(",") if v]:
        mode = _child("mode", voters)
        revote = _child("revote", voters)
        per_voter = mode["registration_cpu_s"] / voters
        per_credential = revote["cpu_s"] / voters
        print(
            f"{voters:>7,} {mode['issue_post_cpu_s']:>10.2f}s {mode['final_cpu_s']:>6.2f}s "
            f"{mode['v4_cpu_s']:>6.2f}s {mode['checks_cpu_s']:>7.2f}s "
            f"{mode['one_voter_cpu_s'] * 1000:>8.1f}ms "
            f"{voters / mode['registration_wall_s']:>9.1f} {per_voter * 1000:>13.2f} "
            f"{mode['peak_rss_mib']:>7.0f}Mi {per_credential * 1000:>15.3f} "
            f"{per_voter / per_credential:>6.0f}x",
            flush=True,
        )
    print(
        "CPU seconds per part; voters/s over registration's wall time (issue+post, final, "
        "checks); ratio: registration's CPU per voter over the mode revote's issuing per "
        f"credential. Load average {os.getloadavg()[0]:.2f} at the end"
    )


if __name__ == "__main__":
    main()
