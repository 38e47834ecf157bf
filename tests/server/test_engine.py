"""Which HTTP parser and event loop ``plebiscite serve`` chooses (the compiled pair when it is
installed, else h11 and asyncio with a line saying so), and that each choice serves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app as cli
from plebiscite.errors import ParameterError
from plebiscite.server.engine import Engine, choose_engine, importable
from plebiscite.server.timeouts import timed_protocol
from plebiscite.state.party import BOARD_PASSPHRASE_ENV


def _only(*installed: str) -> Callable[[str], bool]:
    return lambda module: module in installed


def test_auto_takes_the_compiled_parser_and_loop_when_installed() -> None:
    engine = choose_engine(available=_only("httptools", "uvloop"))
    assert engine == Engine("httptools", "uvloop", ())


def test_auto_falls_back_and_says_so_for_each_part_missing() -> None:
    engine = choose_engine(available=_only())
    assert (engine.http, engine.loop) == ("h11", "asyncio")
    assert len(engine.fallbacks) == 2
    assert "httptools is not installed" in engine.fallbacks[0] and "h11" in engine.fallbacks[0]
    assert "uvloop is not installed" in engine.fallbacks[1] and "asyncio" in engine.fallbacks[1]
    half = choose_engine(available=_only("uvloop"))
    assert half == Engine("h11", "uvloop", (half.fallbacks[0],))
    assert "httptools" in half.fallbacks[0]


def test_a_part_named_is_taken_and_a_missing_compiled_one_is_an_error() -> None:
    assert choose_engine("h11", "asyncio", available=_only("httptools", "uvloop")) == Engine(
        "h11", "asyncio", ()
    )
    with pytest.raises(ParameterError, match="--http httptools: httptools is not installed"):
        choose_engine("httptools", available=_only("uvloop"))
    with pytest.raises(ParameterError, match="--loop uvloop: uvloop is not installed"):
        choose_engine(loop="uvloop", available=_only("httptools"))
    with pytest.raises(ParameterError, match="--http: 'h2' is none of"):
        choose_engine("h2")


def test_importable_tells_an_installed_module_from_a_missing_one() -> None:
    assert importable("json")
    assert not importable("plebiscite_no_such_module")


@pytest.mark.parametrize("http", ["h11", "httptools"])
def test_the_timed_protocol_is_the_parser_asked_for(http: str) -> None:
    protocol = timed_protocol(1.0, http)
    assert issubclass(protocol, asyncio.Protocol)
    assert (
        protocol.__name__
        == {"h11": "TimedH11Protocol", "httptools": "TimedHttpToolsProtocol"}[http]
    )


def test_serve_refuses_an_unknown_parser_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "board").mkdir()
    result = CliRunner().invoke(
        cli,
        ["serve", "--board", str(tmp_path / "board"), "--http", "h2"],
        env={BOARD_PASSPHRASE_ENV: "any passphrase"},
    )
    assert result.exit_code == 1
    assert "error: --http: 'h2' is none of auto, httptools, h11" in result.output
