"""The record's data model: the strict codec, board entries, signed heads and the record reader.

``model`` imports only :mod:`plebiscite.crypto` and :mod:`plebiscite.errors`, so that a verifier
can read and check a record without importing the code that produced it. Import from the
submodules: :mod:`~plebiscite.model.codec`, :mod:`~plebiscite.model.entry`,
:mod:`~plebiscite.model.record`.
"""

from __future__ import annotations

__all__: list[str] = []
