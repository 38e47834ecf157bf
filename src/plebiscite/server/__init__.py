"""The board as an HTTP service (``plebiscite serve``).

:mod:`.app` builds the FastAPI app (:func:`~plebiscite.server.app.create_app`) around a
:class:`~plebiscite.server.service.BoardService`; :mod:`.routes` holds the endpoints,
:mod:`.limits` the body, depth and rate limits, :mod:`.monitor` the incremental checker over the
service's own board and :mod:`.pages` the web pages. The signature checks of setup entries posted
over HTTP (:mod:`plebiscite.board.policy`), the post paths (:mod:`plebiscite.board.routes`) and
the HTTP client behind ``--board URL`` (:mod:`plebiscite.board.http`) are in
:mod:`plebiscite.board`.
"""

from __future__ import annotations

__all__: list[str] = []
