"""``plebiscite demo`` (the cryptographic core end to end): the command and the library."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.crypto import rand
from plebiscite.crypto.secp256k1 import SECP256K1
from plebiscite.demo.core import OPTIONS, ballot_labels, run_core_demo
from plebiscite.errors import ParameterError
from tinygroup import TINY


def test_demo_command_runs_and_agrees() -> None:
    result = CliRunner().invoke(app, ["demo-core", "--ballots", "50"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Everything agrees." in result.output
    assert "The verifier would report: ballot " in result.output
    assert "zero-one proof is invalid" in result.output
    assert "DISAGREES" not in result.output


def test_demo_command_refuses_an_unknown_group() -> None:
    result = CliRunner().invoke(app, ["demo-core", "--group", "p256", "--ballots", "10"])
    assert result.exit_code != 0
    assert "unknown group" in result.output


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_planted_bad_proof_is_named_and_only_it(seed: int) -> None:
    result = run_core_demo(SECP256K1, 40, rng=rand.DeterministicRandom(seed))
    assert result.ok, [step for step in result.steps if not step.ok]
    assert result.reported == [result.planted]
    planted_ballot = next(b for b in range(40) if result.planted in ballot_labels(b))
    assert result.planted == ballot_labels(planted_ballot)[0]
    assert "does not hold" in result.verifier_message
    # the rejected ballot is left out of the count; the others are all counted
    assert sum(result.counts.values()) == 39
    assert result.counts == result.expected
    assert set(result.counts) == set(OPTIONS)
    assert len(set(result.quorums)) == 2
    assert all(result.absent_trustee not in quorum for quorum in result.quorums)


def test_the_demo_runs_on_the_tiny_group() -> None:
    result = run_core_demo(TINY, 20, rng=rand.DeterministicRandom("tiny"))
    assert result.ok
    assert len(result.steps) == 7


def test_a_disagreement_makes_the_demo_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # a tally that decrypts to the wrong count must be reported, not accepted
    import plebiscite.demo.core as demo_core

    original = demo_core.threshold.combine

    def off_by_one(*args: object, **kwargs: object) -> object:
        return SECP256K1.mul(original(*args, **kwargs), SECP256K1.generator())  # type: ignore[arg-type]

    monkeypatch.setattr(demo_core.threshold, "combine", off_by_one)
    result = run_core_demo(SECP256K1, 10, rng=rand.DeterministicRandom(9))
    assert not result.ok
    assert not result.steps[-1].ok
    assert "kept aside" in result.steps[-1].detail
    runner_result = CliRunner().invoke(app, ["demo-core", "--ballots", "10", "--seed", "9"])
    assert runner_result.exit_code == 1


def test_too_few_ballots_are_refused() -> None:
    with pytest.raises(ParameterError):
        run_core_demo(SECP256K1, 1)
