"""The ``plebiscite`` command: a thin layer over the library.

Each area registers its own commands from its own module; this file only assembles them.
"""

from __future__ import annotations

import sys

import typer

from plebiscite import __version__
from plebiscite.errors import MissingExtraError

app = typer.Typer(
    name="plebiscite",
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


def _register() -> None:
    # one line per area; each module adds its commands to ``app``
    from plebiscite.forensics.command import register as register_forensics

    register_forensics(app)
    from plebiscite.demo.command import register as register_demo

    register_demo(app)
    from plebiscite.demo.core_command import register as register_demo_core

    register_demo_core(app)
    from plebiscite.credentials.command import register as register_credentials

    register_credentials(app)
    from plebiscite.election.command import register as register_election

    register_election(app)
    from plebiscite.ceremony.command import register as register_ceremony

    register_ceremony(app)
    from plebiscite.authority.command import register as register_counting

    register_counting(app)
    from plebiscite.booth.command import register as register_booth

    register_booth(app)
    from plebiscite.server.command import register as register_server

    register_server(app)
    from plebiscite.booth.bundle import register as register_bundle

    register_bundle(app)
    from plebiscite.observe.command import register as register_observe

    register_observe(app)
    from plebiscite.interop.command import register as register_interop
    from plebiscite.interop.command import run as verify_electionguard
    from plebiscite.verify.command import FORMATS
    from plebiscite.verify.command import register as register_verify

    FORMATS["electionguard"] = verify_electionguard
    register_verify(app)
    register_interop(app)


_register()


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
