"""The board's stores: :mod:`.base` the protocol every adapter implements, :mod:`.sqlite` the
embedded default, :mod:`.postgres` the server adapter and :mod:`.factory` :func:`open_store`."""

from __future__ import annotations

__all__: list[str] = []
