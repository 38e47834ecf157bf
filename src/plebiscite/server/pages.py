"""The web pages: served by the board, and bundled for an observer organisation to host.

The board serves the booth, the tracking page and the observer dashboard (with the chart library
they use) under ``/web/``, each with a strict Content-Security-Policy and no third-party request;
``/`` leads to the dashboard. The challenge checker is never served by the board:
:func:`write_bundle` (``plebiscite booth-bundle OUT --config CONFIG``) writes the booth and the
challenge checker as a standalone static folder pointing at a board URL, for anyone to host.

The read and post routes answer cross-origin requests (CORS, no credentials) so that a booth or a
checker hosted elsewhere can use the board; the board is public and sets no cookie.

:func:`booth_digest` is the booth hash an election's manifest carries as ``booth_hash``: SHA-256
over the booth's files (``path\\n`` + SHA-256 of the content + ``\\n`` each, sorted), the HTML
taken with its configurable lines (the board and checker addresses, ``connect-src``) blanked, so
that a bundle pointing at another board has the same hash as the served booth.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final
from urllib.parse import urlsplit

import typer

from plebiscite.errors import InputError

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.responses import Response

__all__ = [
    "BOOTH_FILES",
    "CSP",
    "STATIC_DIR",
    "booth_digest",
    "install",
    "page_headers",
    "register",
    "write_bundle",
]

#: the pages' files, in the package
STATIC_DIR: Final = Path(__file__).parent / "static"
#: the folders the board serves under /web/ (never the challenge checker)
SERVED: Final = ("booth", "common", "dashboard", "tracking", "vendor")
#: the folders of the standalone bundle
BUNDLED: Final = ("booth", "challenge-checker", "common")
#: the files the booth hash covers, relative to the static folder: every file the booth loads
BOOTH_FILES: Final = (
    "booth/booth-crypto.js",
    "booth/booth.js",
    "booth/index.html",
    "common/common.js",
    "common/page.css",
    "vendor/jsQR.js",
)
#: the third-party files the bundle's pages load, with their licences
BUNDLED_VENDOR: Final = ("vendor/jsQR.js", "vendor/jsqr-LICENSE.txt")

_DIRECTIVES: Final = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'{board}",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
)
#: the Content-Security-Policy of every page the board serves (the board is 'self')
CSP: Final = "; ".join(_DIRECTIVES).format(board="")

_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_META_BOARD: Final = re.compile(r'<meta name="plebiscite-board" content="[^"]*">')
_META_CHECKER: Final = re.compile(r'<meta name="plebiscite-checker" content="[^"]*">')
_META_CSP: Final = re.compile(
    r"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*"
    r"connect-src 'self')([^;\"]*)"
)


def page_headers(csp: str = CSP) -> dict[str, str]:
    """The headers of every page: the CSP, no sniffing, no referrer, no framing, no caching."""
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cache-Control": "no-cache",
    }


def _file(folder: str, name: str) -> Path | None:
    """The served file ``folder/name``, or None (only plain names directly in a served folder)."""
    if folder not in SERVED or not _NAME.fullmatch(name):
        return None
    path = STATIC_DIR / folder / name
    if path.suffix not in _TYPES or not path.is_file():
        return None
    return path


def install(app: FastAPI) -> None:
    """Add the pages (``/web/{booth,tracking,dashboard}/``, ``/`` → the dashboard) and CORS."""
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import RedirectResponse

    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        allow_credentials=False,
        max_age=600,
    )

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/web/dashboard/", status_code=307)

    @app.get("/web/{folder}", include_in_schema=False)
    def folder_only(folder: str) -> Response:
        if folder not in SERVED:
            return _missing()
        return RedirectResponse(f"/web/{folder}/", status_code=307)

    @app.get("/web/{folder}/", include_in_schema=False)
    def index(folder: str) -> Response:
        return _serve(folder, "index.html")

    @app.get("/web/{folder}/{name}", include_in_schema=False)
    def page_file(folder: str, name: str) -> Response:
        return _serve(folder, name)


def _missing() -> Response:
    from fastapi.responses import Response

    body = {"reason": "not_found", "detail": "no such page", "refusal": None}
    return Response(json.dumps(body), status_code=404, media_type="application/json")


def _serve(folder: str, name: str) -> Response:
    from fastapi.responses import FileResponse

    path = _file(folder, name)
    if path is None:
        return _missing()
    return FileResponse(path, media_type=_TYPES[path.suffix], headers=page_headers())


# ---------------------------------------------------------------------------------- the hash


def _normalised(path: str, data: bytes) -> bytes:
    """The bytes the booth hash takes for ``path``: HTML with its configurable lines blanked."""
    if not path.endswith(".html"):
        return data
    text = data.decode("utf-8")
    text = _META_BOARD.sub('<meta name="plebiscite-board" content="">', text)
    text = _META_CHECKER.sub('<meta name="plebiscite-checker" content="">', text)
    text = _META_CSP.sub(r"\1", text)
    return text.encode("utf-8")


def booth_digest(folder: Path = STATIC_DIR) -> str:
    """The booth hash (hex) of the booth under ``folder`` (the package's static folder, or a
    standalone bundle written by :func:`write_bundle`)."""
    outer = hashlib.sha256()
    for path in BOOTH_FILES:
        file = folder / path
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError(f"{file}: cannot read a file of the booth ({exc})") from None
        inner = hashlib.sha256(_normalised(path, data)).hexdigest()
        outer.update(f"{path}\n{inner}\n".encode())
    return outer.hexdigest()


# ------------------------------------------------------------------------------- the bundle


def _url(value: object, where: str, field: str) -> str:
    """An http(s) URL without query, fragment or characters that could break out of the CSP."""
    if not isinstance(value, str):
        raise InputError(f"{where}: field {field}: expected a URL as a string")
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or re.search(r"[\s\"';,<>\\]", value)
    ):
        raise InputError(
            f"{where}: field {field}: {value!r} is not an http(s) URL without query or fragment"
        )
    return value.rstrip("/")


def read_config(path: Path) -> tuple[str, str]:
    """The board URL and the challenge checker's address from a bundle's config JSON:
    ``{"board": "https://…", "checker": "https://…/challenge-checker/"}`` (``checker``
    optional: by default the bundle's own ``../challenge-checker/``)."""
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the bundle's config JSON ({exc})") from None
    if not isinstance(config, dict):
        raise InputError(f"{path}: expected a JSON object with a field board")
    unknown = sorted(set(config) - {"board", "checker"})
    if unknown:
        raise InputError(f"{path}: unknown fields {', '.join(unknown)} (known: board, checker)")
    board = _url(config.get("board"), str(path), "board")
    checker = "../challenge-checker/"
    if config.get("checker") is not None:
        checker = _url(config["checker"], str(path), "checker") + "/"
    return board, checker


def _configured(text: str, board: str, checker: str) -> str:
    """A page's HTML pointing at ``board`` (its meta tag and the CSP's connect-src)."""
    text, n_board = _META_BOARD.subn(f'<meta name="plebiscite-board" content="{board}">', text)
    text = _META_CHECKER.sub(f'<meta name="plebiscite-checker" content="{checker}">', text)
    text, n_csp = _META_CSP.subn(lambda m: f"{m.group(1)} {board}", text)
    if n_board != 1 or n_csp != 1:
        raise InputError("a page's HTML lacks its board meta tag or its CSP meta tag")
    return text


def write_bundle(out: Path, board: str, checker: str = "../challenge-checker/") -> str:
    """Write the booth and the challenge checker to ``out`` (a new or empty folder) as a static
    site pointing at ``board``; also ``config.json`` and ``SHA256SUMS``. Returns the booth hash."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(f"{out}: the bundle goes to a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for folder in BUNDLED:
        for source in sorted((STATIC_DIR / folder).iterdir()):
            if not source.is_file() or source.suffix not in _TYPES:
                continue
            target = out / folder / source.name
            target.parent.mkdir(exist_ok=True)
            if source.suffix == ".html":
                text = source.read_text(encoding="utf-8")
                target.write_text(_configured(text, board, checker), encoding="utf-8")
            else:
                shutil.copyfile(source, target)
            written.append(f"{folder}/{source.name}")
    for vendored in BUNDLED_VENDOR:
        (out / vendored).parent.mkdir(exist_ok=True)
        shutil.copyfile(STATIC_DIR / vendored, out / vendored)
        written.append(vendored)
    config = {"board": board, "checker": checker}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    written.append("config.json")
    sums = "".join(
        f"{hashlib.sha256((out / p).read_bytes()).hexdigest()}  {p}\n" for p in sorted(written)
    )
    (out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return booth_digest(out)


def booth_bundle(
    out: Annotated[Path, typer.Argument(help="A new or empty folder for the static site.")],
    config: Annotated[
        Path,
        typer.Option(
            "--config",
            help='JSON: {"board": "https://…", "checker": "https://…"} (checker optional).',
            dir_okay=False,
            exists=True,
        ),
    ],
) -> None:
    """Write the web booth and the challenge checker as a static site for any host."""
    try:
        board, checker = read_config(config)
        digest = write_bundle(out, board, checker)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"wrote the booth and the challenge checker to {out}, pointing at {board}")
    typer.echo(f"booth_hash: {digest}")


def register(app: typer.Typer) -> None:
    """Add ``plebiscite booth-bundle`` to ``app``."""
    app.command("booth-bundle")(booth_bundle)
