"""The booth as files: its hash (the manifest's ``booth_hash``) and the standalone bundle.

:func:`booth_digest` is the booth hash an election's manifest carries as ``booth_hash``: SHA-256
over the booth's files (``path\\n`` + SHA-256 of the content + ``\\n`` each, sorted), the HTML
taken with its configurable lines (the board and checker addresses, ``connect-src``) blanked, so
that a bundle pointing at another board has the same hash as the served booth.

:func:`write_bundle` (``plebiscite booth-bundle OUT --config CONFIG``) writes the booth and the
challenge checker (and the fake-sheet page the booth links to) as a standalone static folder
pointing at a board URL, for anyone to host. The board service serves the same files
(:mod:`plebiscite.server.pages`); nothing here needs a web framework, so that ``plebiscite
election init`` can hash the booth without one.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Annotated, Final
from urllib.parse import urlsplit

import typer

from plebiscite.errors import InputError

__all__ = [
    "BOOTH_FILES",
    "FILE_TYPES",
    "STATIC_DIR",
    "booth_digest",
    "read_config",
    "register",
    "write_bundle",
]

#: the pages' files, in the package (beside the service that serves them)
STATIC_DIR: Final = Path(__file__).resolve().parent.parent / "server" / "static"

#: the folders of the standalone bundle
BUNDLED: Final = ("booth", "challenge-checker", "common", "fake-sheet")
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

#: the file types of the pages, with the media type each is served as
FILE_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

_META_BOARD: Final = re.compile(r'<meta name="plebiscite-board" content="[^"]*">')
_META_CHECKER: Final = re.compile(r'<meta name="plebiscite-checker" content="[^"]*">')
_META_CSP: Final = re.compile(
    r"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*"
    r"connect-src 'self')([^;\"]*)"
)

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
            if not source.is_file() or source.suffix not in FILE_TYPES:
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
