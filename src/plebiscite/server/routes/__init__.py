"""The service's routes: reading the board (:mod:`.read`), posting to it (:mod:`.post`), and
its status (:mod:`.status`). Each module holds one :class:`fastapi.APIRouter`."""

from __future__ import annotations

__all__: list[str] = []
