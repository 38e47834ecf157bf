"""``plebiscite serve``: the board directory as an HTTP service (uvicorn on the app factory)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Final

import typer

from plebiscite.errors import PlebisciteError
from plebiscite.extras import needs_extra
from plebiscite.server.engine import HTTP_CHOICES, LOOP_CHOICES, choose_engine
from plebiscite.server.limits import DEFAULT_LIMITS, Limits
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, read_passphrase

__all__ = ["DEFAULT_WORKERS", "register", "serve"]

#: the service's verifier processes by default: one per core, at most four
DEFAULT_WORKERS: Final = min(4, os.cpu_count() or 1)


def serve(
    board: Annotated[
        Path, typer.Option("--board", help="The board directory.", file_okay=False, exists=True)
    ],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Another store for the board (postgresql://…); default: "
            "the directory's board.sqlite.",
        ),
    ] = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port.")] = 8000,
    passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--board-passphrase-file",
            help=f"The board key's passphrase (else ${BOARD_PASSPHRASE_ENV}, else a prompt).",
            dir_okay=False,
        ),
    ] = None,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1024, help="The largest request body, in bytes.")
    ] = DEFAULT_LIMITS.max_body,
    rate: Annotated[
        float, typer.Option("--rate", min=0, help="Posts per second on average (0: no limit).")
    ] = DEFAULT_LIMITS.rate,
    burst: Annotated[
        int, typer.Option("--burst", min=1, help="Posts accepted in a burst.")
    ] = DEFAULT_LIMITS.burst,
    client_rate: Annotated[
        float,
        typer.Option(
            "--client-rate", min=0, help="Posts per second from one client address (0: no limit)."
        ),
    ] = DEFAULT_LIMITS.client_rate,
    client_burst: Annotated[
        int, typer.Option("--client-burst", min=1, help="Posts one client may send in a burst.")
    ] = DEFAULT_LIMITS.client_burst,
    challenge_rate: Annotated[
        float,
        typer.Option(
            "--challenge-rate",
            min=0,
            help="Challenges per second from one client address (0: no limit).",
        ),
    ] = DEFAULT_LIMITS.challenge_rate,
    challenge_burst: Annotated[
        int,
        typer.Option("--challenge-burst", min=1, help="Challenges one client may send in a burst."),
    ] = DEFAULT_LIMITS.challenge_burst,
    header_timeout: Annotated[
        float,
        typer.Option(
            "--header-timeout",
            min=0.1,
            help="Seconds a request's line and headers may take; then the connection closes.",
        ),
    ] = DEFAULT_LIMITS.header_timeout,
    body_timeout: Annotated[
        float,
        typer.Option(
            "--body-timeout",
            min=0.1,
            help="Seconds a request's body may take after its headers; then 408 too_slow.",
        ),
    ] = DEFAULT_LIMITS.body_timeout,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            max=64,
            help="Worker processes that verify the ballots of each batch while the one writer "
            "commits (0: the service's own process verifies them).",
        ),
    ] = DEFAULT_WORKERS,
    http: Annotated[
        str,
        typer.Option(
            "--http",
            help=f"The HTTP parser, one of {', '.join(HTTP_CHOICES)}: auto takes httptools "
            "(compiled) if installed, else h11.",
        ),
    ] = "auto",
    loop: Annotated[
        str,
        typer.Option(
            "--loop",
            help=f"The event loop, one of {', '.join(LOOP_CHOICES)}: auto takes uvloop "
            "(compiled) if installed, else asyncio's.",
        ),
    ] = "auto",
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="The reverse proxies (comma-separated addresses or networks) whose "
            "X-Forwarded-For header names the client for the per-client rate limits; default "
            "none: every client is the connection's peer, and the header is ignored.",
        ),
    ] = "",
) -> None:
    """Serve the board over HTTP: read the chain and heads, post ballots and signed entries."""
    with needs_extra("server", "plebiscite serve"):
        import uvicorn

        from plebiscite.server.app import create_app, open_service
        from plebiscite.server.timeouts import timed_protocol

    try:
        passphrase = read_passphrase(passphrase_file, BOARD_PASSPHRASE_ENV, "Board passphrase: ")
        limits = Limits(
            max_body=max_body,
            rate=rate,
            burst=burst,
            client_rate=client_rate,
            client_burst=client_burst,
            challenge_rate=challenge_rate,
            challenge_burst=challenge_burst,
            header_timeout=header_timeout,
            body_timeout=body_timeout,
        )
        engine = choose_engine(http, loop)
        service = open_service(board, passphrase, db=db, verify_workers=workers)
    except PlebisciteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    app = create_app(service, limits=limits)
    for note in engine.fallbacks:
        typer.echo(f"note: {note}", err=True)
    typer.echo(
        f"serving the board of {board} on http://{host}:{port} (API at /docs; "
        f"{engine.http}, {engine.loop})",
        err=True,
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        http=timed_protocol(limits.header_timeout, engine.http),
        loop=engine.loop,
        timeout_keep_alive=5,
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: any local
        # process could then pick the address its posts are charged to
        proxy_headers=bool(forwarded_allow_ips),
        forwarded_allow_ips=forwarded_allow_ips or None,
    )


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command("serve")(serve)
