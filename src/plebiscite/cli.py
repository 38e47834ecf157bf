"""The ``plebiscite`` command: a thin layer over the library.

Each area registers its own commands from its own module; this file only names them. A command's
module is imported when that command runs (or when ``--help`` lists every command with its
help), so ``plebiscite verify`` loads the verifier and not the demo, the server or the forensics:
:class:`LazyGroup` asks :data:`COMMANDS` which module registers a name and imports only that one.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import typer
from typer.core import TyperGroup

from plebiscite import __version__
from plebiscite.errors import MissingExtraError

if TYPE_CHECKING:
    from plebiscite.observe.observer import FeedEntries

#: every command in the order ``--help`` lists them, with the module whose ``register(app)``
#: adds it (a module may add several)
COMMANDS: Final[dict[str, str]] = {
    "forensics": "plebiscite.forensics.command",
    "demo": "plebiscite.demo.command",
    "demo-core": "plebiscite.demo.core_command",
    "results": "plebiscite.authority.command",
    "vote": "plebiscite.booth.command",
    "check-challenge": "plebiscite.booth.command",
    "check-receipt": "plebiscite.booth.command",
    "serve": "plebiscite.server.command",
    "booth-bundle": "plebiscite.booth.bundle",
    "observe": "plebiscite.observe.command",
    "verify": "plebiscite.verify.launch",
    "verify-electionguard": "plebiscite.interop.command",
    "credentials": "plebiscite.credentials.command",
    "board": "plebiscite.election.command",
    "authority": "plebiscite.election.command",
    "trustee": "plebiscite.election.command",
    "election": "plebiscite.election.command",
    "ceremony": "plebiscite.ceremony.command",
}

#: modules that add commands to another module's groups when imported (``trustee decrypt``,
#: ``trustee mix``, ``trustee tag``, ``authority open`` … join the groups of
#: :mod:`plebiscite.election.command`): imported with that module, before it registers
EXTENDED_BY: Final[dict[str, tuple[str, ...]]] = {
    "plebiscite.election.command": ("plebiscite.authority.command",),
}


def _verify_electionguard(record: Path, as_json: bool) -> int:
    """``plebiscite verify --format electionguard``: the interop checker, imported when used."""
    from plebiscite.interop.command import run

    return run(record, as_json)


def _observer_feed(workers: int) -> AbstractContextManager[FeedEntries]:
    """``plebiscite observe --workers N``: the verifier's local processes, imported when used."""
    from plebiscite.verify.parallel import local_feed

    return local_feed(workers)


def _no_options() -> None:
    """The callback of an area's own group (never run: only its commands are kept)."""


class _LazyCommands(MutableMapping[str, Any]):
    """The root group's commands by name: every name of :data:`COMMANDS` is there, and its
    module is imported (and registers its commands) the first time one of them is read."""

    def __init__(self) -> None:
        self._loaded: dict[str, Any] = {}

    def _load(self, module_name: str) -> None:
        area = typer.Typer()
        area.callback()(_no_options)  # a group even when the module adds one command
        for extension in EXTENDED_BY.get(module_name, ()):
            importlib.import_module(extension)
        importlib.import_module(module_name).register(area)
        if module_name == "plebiscite.verify.launch":
            from plebiscite.verify.launch import FORMATS

            FORMATS["electionguard"] = _verify_electionguard
        if module_name == "plebiscite.observe.command":
            from plebiscite.observe.command import FEEDS

            FEEDS["local"] = _observer_feed
        group = typer.main.get_command(area)
        for name, command in getattr(group, "commands", {}).items():
            if COMMANDS.get(name) != module_name:
                raise RuntimeError(f"{module_name} registers {name!r}; COMMANDS names another")
            self._loaded.setdefault(name, command)

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            module_name = COMMANDS.get(name)
            if module_name is None:
                raise KeyError(name)
            self._load(module_name)
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(1 for name in self._loaded if name not in COMMANDS)


class LazyGroup(TyperGroup):
    """The root group: lists :data:`COMMANDS` and imports a command's module when it is read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lazy = _LazyCommands()
        for name, command in self.commands.items():
            lazy[name] = command
        self.commands = lazy

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


app = typer.Typer(
    name="plebiscite",
    cls=LazyGroup,
    help=(
        "Referendums that nobody has to take on trust.\n\n"
        "Run a verifiable referendum (definition, key ceremony, credentials, board, voting, "
        "tally), or check one: `plebiscite verify RECORD` re-derives every result from the "
        "public record; `plebiscite forensics RESULTS.csv` looks for statistical fingerprints "
        "of falsification in published polling-station results."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"plebiscite {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """plebiscite: run a verifiable referendum, or check one."""


def main(prog_name: str | None = None) -> None:
    """Entry point of the ``plebiscite`` console script (and of ``python -m plebiscite``).

    A command that needs an extra which is not installed ends with one line naming the extra
    and exit status 2, never a traceback.
    """
    try:
        app(prog_name=prog_name)
    except MissingExtraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
