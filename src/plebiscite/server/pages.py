"""The web pages: served by the board, and bundled for an observer organisation to host.

The board serves the booth, the tracking page and the observer dashboard (with the chart library
they use) under ``/web/``, each with a strict Content-Security-Policy and no third-party request;
``/`` leads to the dashboard. The challenge checker is never served by the board:
:func:`plebiscite.booth.bundle.write_bundle` (``plebiscite booth-bundle OUT --config CONFIG``)
writes the booth and the challenge checker as a standalone static folder pointing at a board URL,
for anyone to host.

The read and post routes answer cross-origin requests (CORS, no credentials) so that a booth or a
checker hosted elsewhere can use the board; the board is public and sets no cookie.

The booth hash (:func:`plebiscite.booth.bundle.booth_digest`) is computed over the same files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

from plebiscite.booth.bundle import FILE_TYPES, STATIC_DIR

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.responses import Response

__all__ = ["CSP", "install", "page_headers"]

#: the folders the board serves under /web/ (never the challenge checker)
SERVED: Final = ("booth", "common", "dashboard", "fake-sheet", "tracking", "vendor")
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

_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


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
    if path.suffix not in FILE_TYPES or not path.is_file():
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
    return FileResponse(path, media_type=FILE_TYPES[path.suffix], headers=page_headers())
