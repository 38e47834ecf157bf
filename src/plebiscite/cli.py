"""The ``plebiscite`` command: a thin layer over the library.

Each area registers its own commands from its own module; this file only assembles them.
"""

from __future__ import annotations

import typer

from plebiscite import __version__

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
    from plebiscite.demo_core import demo as demo_core

    app.command("demo-core", help=demo_core.__doc__)(demo_core)
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
    from plebiscite.booth.bundle import register as register_pages

    register_pages(app)
    from plebiscite.observe.command import register as register_observe

    register_observe(app)
    from plebiscite.verify.command import register as register_verify

    register_verify(app)
    from plebiscite.interop.command import register as register_interop

    register_interop(app)


_register()


def main() -> None:
    """Entry point of the ``plebiscite`` console script."""
    app()
