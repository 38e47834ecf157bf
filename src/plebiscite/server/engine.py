"""Which HTTP parser and event loop ``plebiscite serve`` runs on.

uvicorn parses HTTP with httptools (llhttp, compiled) or h11 (pure Python), and runs on uvloop
(libuv, compiled) or asyncio's own loop. The compiled pair is about twice as fast per request
and comes with the ``server`` extra; without it the service falls back to h11 and asyncio and
says so in one line. The request limits and deadlines (:mod:`plebiscite.server.limits`,
:mod:`plebiscite.server.timeouts`) apply with either parser.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Final, NamedTuple

from plebiscite.errors import ParameterError

__all__ = ["HTTP_CHOICES", "LOOP_CHOICES", "Engine", "choose_engine", "importable"]

#: ``--http``: the compiled parser if installed (auto), or the one named
HTTP_CHOICES: Final = ("auto", "httptools", "h11")
#: ``--loop``: the compiled loop if installed (auto), or the one named
LOOP_CHOICES: Final = ("auto", "uvloop", "asyncio")

#: the compiled choice (also the module that must import for it) and the pure-Python fallback
_HTTP: Final = ("httptools", "h11")
_LOOP: Final = ("uvloop", "asyncio")


def importable(module: str) -> bool:
    """Whether ``module`` imports in this interpreter."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


class Engine(NamedTuple):
    """The HTTP parser (``httptools`` or ``h11``) and event loop (``uvloop`` or ``asyncio``) to
    run on, and ``fallbacks``: one line for each compiled part asked for by ``auto`` that is not
    installed."""

    http: str
    loop: str
    fallbacks: tuple[str, ...] = ()


def _choose(
    option: str,
    asked: str,
    choices: tuple[str, ...],
    kinds: tuple[str, str],
    what: str,
    available: Callable[[str], bool],
) -> tuple[str, str | None]:
    compiled, fallback = kinds
    if asked not in choices:
        raise ParameterError(f"{option}: {asked!r} is none of {', '.join(choices)}")
    if asked == fallback:
        return fallback, None
    if available(compiled):
        return compiled, None
    if asked == compiled:
        raise ParameterError(
            f"{option} {compiled}: {compiled} is not installed (pip install 'plebiscite[server]')"
        )
    return fallback, (
        f"{compiled} is not installed: {what} {fallback} instead, which is slower "
        "(pip install 'plebiscite[server]')"
    )


def choose_engine(
    http: str = "auto", loop: str = "auto", *, available: Callable[[str], bool] = importable
) -> Engine:
    """The parser and loop for ``--http`` and ``--loop`` (:data:`HTTP_CHOICES`,
    :data:`LOOP_CHOICES`): ``auto`` takes the compiled one when ``available`` says its module
    imports, else falls back with a line in :attr:`Engine.fallbacks`; a compiled one asked for by
    name and not installed is a :class:`ParameterError`."""
    parser, note_http = _choose("--http", http, HTTP_CHOICES, _HTTP, "parsing HTTP with", available)
    runner, note_loop = _choose("--loop", loop, LOOP_CHOICES, _LOOP, "running on", available)
    notes = tuple(note for note in (note_http, note_loop) if note is not None)
    return Engine(parser, runner, notes)
