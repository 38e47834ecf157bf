"""The board as an HTTP service (``plebiscite serve``) and its client.

:mod:`.app` builds the FastAPI app (:func:`~plebiscite.server.app.create_app`) around a
:class:`~plebiscite.server.service.BoardService`; :mod:`.routes` holds the endpoints,
:mod:`.limits` the body, depth and rate limits, :mod:`.policy` the signature checks of setup
entries posted over HTTP, :mod:`.monitor` the incremental checker over the service's own board,
and :mod:`.client` the HTTP client behind ``--board URL``.
"""

from __future__ import annotations

__all__: list[str] = []
