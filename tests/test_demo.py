"""``plebiscite demo``: the referendum end to end through the CLI, at a small size.

One run of 60 voters is shared by the module: its exit status and output, every attack refused
with its reason, the record verified again with ``plebiscite verify``, the layout of the parties'
directories, and a scan of every file a secret must never reach (the board, the record, the
receipts, the log, the definition and the parties' public files) for credentials, derived keys,
trustee shares, polynomial coefficients and the parties' identity keys. The scenario's planning
and definition are tested without a run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import multiprocessing
import re
import stat
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import plebiscite.demo.command as demo_command
import plebiscite.demo.scenario as scenario_module
from plebiscite.ceremony.trustee import CeremonySecrets
from plebiscite.cli import app
from plebiscite.credentials.sheets import read_credentials
from plebiscite.crypto.credential import derive_signing_key, parse_credential
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import SigningKey
from plebiscite.demo.clock import SimulatedClock
from plebiscite.demo.outcome import DemoOutcome
from plebiscite.demo.play import PASSPHRASE_FILE, play
from plebiscite.demo.scenario import (
    ABSENT_TRUSTEE,
    ATTACKS,
    DEMO_KDF_N,
    DISTRICTS,
    TRUSTEES,
    Plan,
    Scenario,
    plan,
)
from plebiscite.errors import ParameterError
from plebiscite.model.authoring import definition_from_toml, load_definition
from plebiscite.state.party import IDENTITY_SECRET, PUBLIC_FILE, TEST_KDF_ENV, open_party

VOTERS = 60
EXAMPLE = Path(__file__).parents[1] / "examples" / "referendum.toml"


@dataclass
class Run:
    """The shared demonstration: where it wrote, what it printed, what it found."""

    out: Path
    exit_code: int
    output: str
    outcome: DemoOutcome


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """One demonstration of 60 voters (the parties' secret files under the tests' cheap scrypt)."""
    out = tmp_path_factory.mktemp("demo") / "out"
    found: list[DemoOutcome] = []

    def keep(*args: Any, **kwargs: Any) -> DemoOutcome:
        outcome = play(*args, **kwargs)
        found.append(outcome)
        return outcome

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TEST_KDF_ENV, "1")
        patch.setattr(demo_command, "play", keep)
        result = CliRunner().invoke(
            app, ["demo", "--voters", str(VOTERS), "--out", str(out), "--workers", "2", "--mix"]
        )
    assert found, result.output
    yield Run(out, result.exit_code, result.output, found[0])


# ------------------------------------------------------------------------------ the run


def test_the_demo_exits_0_and_everything_agrees(run: Run) -> None:
    assert run.exit_code == 0, run.output
    assert "Everything agrees" in run.output
    assert "DISAGREES" not in run.output and "PROBLEM" not in run.output
    outcome = run.outcome
    assert outcome.ok and not outcome.problems and not outcome.disagreements()
    assert outcome.result is not None
    assert outcome.result.total.registered == VOTERS
    assert outcome.result.total.counted == outcome.expected_total().counted > 0
    # four of five trustees came; the result used k = 3 of them
    assert len(outcome.result.trustees) == 3
    assert {s.name for s in outcome.steps} >= {
        "parties",
        "key ceremony",
        "credentials",
        "voting",
        "close",
        "tally",
        "mixing",
        "decryption",
        "result",
        "record",
        "verify",
    }


def test_the_trustees_partial_decryptions_come_in_their_order_two_hours_apart(run: Run) -> None:
    # the four trustees check the board at once, in processes of their own; their entries are
    # still posted one by one in the trustees' order, as sequential trustees would post them
    from plebiscite.model.record import RecordReader

    partials = [
        e for e in RecordReader(run.out / "record").entries() if e.kind == "partial_decryption"
    ]
    present = [i for i, (tid, _) in enumerate(TRUSTEES, start=1) if tid != ABSENT_TRUSTEE]
    assert [e.body["trustee"] for e in partials] == present == [1, 2, 3, 5]
    assert [b.time - a.time for a, b in itertools.pairwise(partials)] == [2 * 3600 * 10**6] * 3


def test_the_trustees_follow_the_board_while_it_is_open(run: Run) -> None:
    # each trustee's process checked every voter's entry before the close, so what it checks
    # after is the counting entries only (close, tally, the mix round's)
    outcome = run.outcome
    assert len(outcome.trustees_followed) == len(outcome.trustees_checked_after) == 4
    assert min(outcome.trustees_followed) > outcome.receipts > 0
    assert max(outcome.trustees_checked_after) < outcome.receipts


def test_the_authority_follows_the_board_in_a_process_of_its_own(run: Run) -> None:
    # the authority's process checked every entry up to the close (every voter's among them);
    # its close, tally and result come back signed and are posted in the board's order
    from plebiscite.model.record import RecordReader

    outcome = run.outcome
    assert outcome.authority_followed > outcome.receipts > 0
    kinds = [e.kind for e in RecordReader(run.out / "record").entries()]
    counting = [k for k in kinds if k in ("close", "tally", "result")]
    assert counting == ["close", "tally", "result"]
    assert kinds.index("close") < kinds.index("tally") < kinds.index("partial_decryption")
    assert kinds[-1] == "result"
    assert outcome.authority_followed == kinds.index("close")  # every entry before it


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="Linux's /proc only")
def test_each_step_gives_the_memory_it_keeps_below_the_peak(run: Run) -> None:
    steps = run.outcome.steps
    assert steps and all(0 < s.rss_mb <= s.peak_rss_mb for s in steps)
    assert "memory after" in run.output


def test_every_attack_is_refused_with_its_reason(run: Run) -> None:
    names = [a.attack.name for a in run.outcome.attacks]
    assert sorted(names) == sorted(a.name for a in ATTACKS)
    for found in run.outcome.attacks:
        assert found.refused, found
        assert found.reason == found.attack.reason, found
        assert found.message
        assert found.reason in run.output
    assert "ACCEPTED" not in run.output


def test_the_record_verifies_with_plebiscite_verify(run: Run) -> None:
    result = CliRunner().invoke(
        app,
        ["verify", str(run.out / "record"), "--heads", str(run.out / "receipts.jsonl")],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert "every check passed" in result.output
    assert run.outcome.report is not None and run.outcome.report.ok
    receipts = (run.out / "receipts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(receipts) == run.outcome.receipts > run.outcome.expected_total().counted


def test_turnout_is_reported_day_by_day(run: Run) -> None:
    days = run.outcome.days
    assert len(days) == 5
    assert sum(d.first_ballots for d in days) == run.outcome.expected_total().counted
    assert sum(d.revotes for d in days) == run.outcome.expected_total().superseded
    assert sum(d.challenges for d in days) == run.outcome.expected_total().challenged
    assert "voting, day by day" in run.output


def test_each_party_has_its_own_state_directory(run: Run) -> None:
    parties = run.out / "parties"
    roles = {
        "board": "board",
        "authority": "authority",
        "credential-authority": "credential_authority",
        **{f"trustee-{t}": "trustee" for t, _ in TRUSTEES},
    }
    assert {p.name for p in parties.iterdir()} == set(roles)
    for name, role in roles.items():
        party = open_party(parties / name, role)
        assert (party.directory / PASSPHRASE_FILE).is_file()
    assert (parties / "board" / "board.sqlite").is_file()
    sheets = run.out / "sheets"
    assert stat.S_IMODE(sheets.stat().st_mode) == 0o700
    assert sorted(p.name for p in sheets.iterdir()) == sorted(f"{d.id}.html" for d in DISTRICTS)
    assert (run.out / "record" / "record.json").is_file()
    assert "Everything agrees" in (run.out / "demo.log").read_text(encoding="utf-8")
    definition = load_definition(run.out / "referendum.toml")
    assert definition.election_id is not None and definition.keys.board is not None


# ------------------------------------------------------------------------------ secrets


def _secrets(out: Path) -> tuple[list[bytes], list[str]]:
    """Every secret the run made: raw values (bytes) and texts (credentials, lowercased)."""
    definition = load_definition(out / "referendum.toml")
    assert definition.election_id is not None
    group = get_group(definition.group)
    kdf = definition.kdf.derivation()
    raw: list[bytes] = []
    texts: list[str] = []
    for district in definition.districts:
        credentials = list(read_credentials(out / "sheets" / f"{district.id}.html"))
        assert len(credentials) == district.registered
        for printed in credentials:
            credential = parse_credential(printed)
            texts += [printed.lower(), credential.text.lower()]
            key = derive_signing_key(credential, definition.election_id, kdf)
            raw.append(key.secret_bytes())
    for directory in sorted((out / "parties").iterdir()):
        party = open_party(directory)
        passphrase = (directory / PASSPHRASE_FILE).read_text(encoding="utf-8").strip()
        raw.append(SigningKey(party.read_secret(IDENTITY_SECRET, passphrase)).secret_bytes())
        if party.role != "trustee":
            continue
        eid = definition.election_id.hex()
        data = party.read_secret(f"ceremony-{eid}", passphrase)
        secrets = CeremonySecrets.from_bytes(group, data, str(directory))
        raw += [group.encode_scalar(a) for a in secrets.coefficients]
        raw += list(secrets.ephemeral.values())
        share = json.loads(party.read_secret(f"share-{eid}", passphrase))
        raw.append(group.encode_scalar(int(share["share"], 16)))
    return raw, texts


def _public_files(out: Path) -> list[Path]:
    """Every file but the sheets, the secret files and the passphrase files."""
    found = []
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.is_relative_to(out / "sheets"):
            continue
        if path.suffix == ".secret" or path.name == PASSPHRASE_FILE:
            continue
        found.append(path)
    return found


def _leaks(files: list[Path], raw: list[bytes], texts: list[str]) -> list[str]:
    """Where a secret appears: raw, as hex in either case, or a credential in any grouping
    (hyphens, spaces, markup between its groups) and either case."""
    leaks = []
    needles = [(r, r.hex()) for r in raw]
    credentials = {t.replace("-", "").encode() for t in texts}
    for path in files:
        data = path.read_bytes()
        lowered = data.lower()
        squeezed = re.sub(rb"<[^>]*>|[-\s]", b"", lowered)
        for value, hexed in needles:
            if value in data or hexed.encode() in lowered:
                leaks.append(f"{path}: {hexed[:8]}…")
        leaks += [f"{path}: a credential" for c in sorted(credentials) if c in squeezed]
    return leaks


def test_no_secret_reaches_the_board_the_record_the_logs_or_public_state(run: Run) -> None:
    raw, texts = _secrets(run.out)
    assert len(raw) > VOTERS + 5 * 3 and len(texts) == 2 * VOTERS
    files = _public_files(run.out)
    names = {p.name for p in files}
    assert {"board.sqlite", "record.json", "receipts.jsonl", "demo.log", PUBLIC_FILE} <= names
    assert _leaks(files, raw, texts) == []
    assert not any(text in run.output.lower() for text in texts)


def test_the_scan_finds_a_secret_where_one_is(run: Run, tmp_path: Path) -> None:
    raw, texts = _secrets(run.out)
    sheets = sorted((run.out / "sheets").iterdir())
    # the sheets do hold every credential, each found once
    assert len(_leaks(sheets, raw, texts)) == VOTERS
    planted = tmp_path / "demo.log"
    planted.write_text(f"share {raw[-1].hex().upper()}\n", encoding="utf-8")
    assert _leaks([planted], raw, texts) == [f"{planted}: {raw[-1].hex()[:8]}…"]
    planted.write_text(f"typed: {texts[0].upper().replace('-', ' ')}\n", encoding="utf-8")
    assert _leaks([planted], raw, texts) == [f"{planted}: a credential"]
    planted.write_bytes(b"blob " + raw[0] + b" end")
    assert _leaks([planted], raw, texts) == [f"{planted}: {raw[0].hex()[:8]}…"]


# ------------------------------------------------------------------------------ exit status


def test_a_disagreement_exits_1(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {
        d: dataclasses.replace(e, counts=list(e.counts)) for d, e in run.outcome.expected.items()
    }
    wrong = dataclasses.replace(run.outcome, expected=expected)
    first = next(iter(wrong.expected.values()))
    first.counts[0] += 1
    assert run.outcome.ok
    assert not wrong.ok and wrong.disagreements()
    monkeypatch.setattr(demo_command, "play", lambda *a, **k: wrong)
    result = CliRunner().invoke(
        app, ["demo", "--voters", "8", "--out", str(run.out.parent / "unused")]
    )
    assert result.exit_code == 1
    assert "DISAGREES" in result.output
    assert "kept aside" in result.output


def test_an_accepted_attack_fails_the_demo(run: Run) -> None:
    wrong = dataclasses.replace(run.outcome, attacks=list(run.outcome.attacks))
    attack = wrong.attacks[0]
    wrong.attacks[0] = type(attack)(attack.attack, False, "ACCEPTED", "entry 99")
    assert not wrong.ok


def test_an_output_directory_in_use_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo", "--voters", "8", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "must be new or empty" in result.output
    result = CliRunner().invoke(app, ["demo", "--voters", "8", "--out", str(tmp_path), "--fresh"])
    assert result.exit_code == 2
    assert "not a previous demonstration's output" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# ------------------------------------------------------------------------------ the scenario


def test_the_plan_is_the_one_the_seed_always_gave() -> None:
    # known answers: the plans of seeds 7 and 2026 as the demo has always played them (each
    # voter's choices from her own seeded generator), voter by voter; a Plan iterated twice
    # gives the same voters, drawing nothing again
    opens, closes = 1_000 * 86_400_000_000, 1_005 * 86_400_000_000
    pinned = {
        (500, 7): "fd8a2f4b9d0d1d72ddc7b2efa8228e829c4695ecdb4bfd59592de1bf258a3855",
        (2000, 2026): "28a23077ab6011024170a46087f8e9f4392580a716d62583b3f6e010371ac45c",
    }
    for (voters, seed), expected in pinned.items():
        planned = Plan(Scenario(voters=voters, seed=seed), opens, closes)
        for _ in range(2):
            digest = hashlib.sha256()
            for voter in planned:
                digest.update(repr(dataclasses.astuple(voter)).encode())
            assert digest.hexdigest() == expected
        assert planned.turnout == sum(v.votes for v in planned)
    # drawn in pieces by other processes (as the demo's voters' processes draw it): the same
    with (
        pytest.MonkeyPatch.context() as patch,
        ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        patch.setattr(scenario_module, "_DRAWN_AT_ONCE", 97)
        planned = Plan(Scenario(voters=500, seed=7), opens, closes, mapper=pool.map)
        digest = hashlib.sha256()
        for voter in planned:
            digest.update(repr(dataclasses.astuple(voter)).encode())
        assert digest.hexdigest() == pinned[(500, 7)]


def test_the_plan_brings_every_voter_once_in_arrival_order() -> None:
    scenario = Scenario(voters=500, seed=7)
    opens, closes = 1_000 * 86_400_000_000, 1_005 * 86_400_000_000
    voters = list(plan(scenario, opens, closes))
    assert len(voters) == 500
    registered = scenario.registered()
    assert sum(registered) == 500
    for d, count in enumerate(registered):
        assert sorted(v.number for v in voters if v.district == d) == list(range(count))
    arrivals = [v.arrival_us for v in voters if v.votes]
    assert arrivals == sorted(arrivals)
    assert opens <= arrivals[0] and arrivals[-1] < closes
    for v in voters:
        if v.revotes:
            assert v.arrival_us < v.revote_us < closes
        else:
            assert v.first == v.final and v.revote_us == 0
    # more voters on the first and last days than in the middle
    per_day = [sum(1 for a in arrivals if (a - opens) // 86_400_000_000 == d) for d in range(5)]
    assert per_day[0] > per_day[2] and per_day[4] > per_day[2]
    assert any(v.challenges for v in voters) and any(v.revotes for v in voters)
    assert any(not v.votes for v in voters)
    assert list(plan(scenario, opens, closes)) == voters  # the seed decides


def test_the_definition_is_the_example_referendum() -> None:
    example = load_definition(EXAMPLE)
    scenario = Scenario(voters=2_100)
    fingerprints = [f"{i:02x}" * 32 for i in range(1, 6)]
    ours = definition_from_toml(scenario.definition_text(fingerprints), "demo")
    assert ours.title == example.title
    assert ours.questions == example.questions
    assert ours.window == example.window
    assert [(d.id, d.name, d.registered) for d in ours.districts] == [
        (d.id, d.name, d.registered) for d in example.districts
    ]
    assert [t.id for t in ours.trustees.members] == [t.id for t in example.trustees.members]
    assert (ours.trustees.n, ours.trustees.k) == (example.trustees.n, example.trustees.k)
    assert ours.min_district_size == example.min_district_size
    assert ours.kdf.algorithm == "hkdf-sha256" and scenario.kdf_n is None
    assert not any("scrypt" in w for w in ours.warnings())
    older = definition_from_toml(Scenario(kdf_n=DEMO_KDF_N).definition_text(fingerprints), "d")
    assert (older.kdf.algorithm, older.kdf.n, older.kdf.allow_weak) == ("scrypt", DEMO_KDF_N, True)
    assert any("scrypt n" in w for w in older.warnings())
    small = definition_from_toml(Scenario(voters=60).definition_text(fingerprints), "demo")
    assert small.allow_small_districts and small.min_district_size == 1


def test_scenario_parameters_are_checked() -> None:
    with pytest.raises(ParameterError, match="at least 4"):
        Scenario(voters=3)
    with pytest.raises(ParameterError, match="power of two"):
        Scenario(kdf_n=1000)
    with pytest.raises(ParameterError, match="group: 'p256' is not one of secp256k1, modp4096"):
        Scenario(group="p256")
    with pytest.raises(ParameterError, match="between 0 and 1"):
        Scenario(revote_rate=1.5)


def test_the_simulated_clock_never_goes_back() -> None:
    clock = SimulatedClock(100)
    clock.set(50)
    assert clock() == 100
    clock.set(200)
    clock.advance(5)
    assert clock.now == 205
    with pytest.raises(ParameterError):
        clock.advance(-1)


def test_the_demo_plays_a_modp4096_election_with_its_attacks(tmp_path: Path) -> None:
    """``--group modp4096`` (ElectionGuard's group): the whole election, every attack refused
    for its own reason (the malformed ballot carries a value not below p), the verifier passing
    every check. Twenty voters, the fewest whose plan has a revote to replay: a modp4096 ballot
    costs tens of times a secp256k1 one."""
    out = tmp_path / "out"
    found: list[DemoOutcome] = []

    def keep(*args: Any, **kwargs: Any) -> DemoOutcome:
        outcome = play(*args, **kwargs)
        found.append(outcome)
        return outcome

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TEST_KDF_ENV, "1")
        patch.setattr(demo_command, "play", keep)
        command = ["demo", "--voters", "20", "--group", "modp4096", "--out", str(out)]
        result = CliRunner().invoke(app, [*command, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "Everything agrees" in result.output
    (outcome,) = found
    assert outcome.ok and outcome.result is not None
    assert load_definition(out / "referendum.toml").group == "modp4096"
    # without --mix the trustees shuffle nothing: no mixing step, no mix entry in the record
    assert "mixing" not in {step.name for step in outcome.steps}
    shards = (out / "record").rglob("*.jsonl")
    assert not any('"kind":"mix' in line for shard in shards for line in shard.open())
    assert {a.attack.name for a in outcome.attacks} == {a.name for a in ATTACKS}
    assert all(a.as_expected for a in outcome.attacks), [
        (a.attack.name, a.reason) for a in outcome.attacks
    ]
    # the authority's step after the close keeps its check of the modp4096 board (its elements
    # and the group's tables pickled and read back): the second run reads it back
    parties = out / "parties"
    step = [
        "authority",
        "result",
        "--board",
        str(parties / "board"),
        "--state",
        str(parties / "authority"),
        "--passphrase-file",
        str(parties / "authority" / PASSPHRASE_FILE),
        "--board-passphrase-file",
        str(parties / "board" / PASSPHRASE_FILE),
    ]
    for _ in range(2):
        said = CliRunner().invoke(app, step)
        assert said.exit_code == 0 and "note:" not in said.output, said.output
        assert "already on the board: result is entry" in said.output
        assert (parties / "authority" / "checked" / "seal.json").is_file()
