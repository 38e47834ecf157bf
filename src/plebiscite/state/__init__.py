"""A party's state on disk, in one place.

- :mod:`.files`: the one durable write (:func:`~.files.write_atomic`: temporary file, fsync,
  rename, fsync of the directory) and the one bounded read (:func:`~.files.read_bounded`) of
  every state file: party state, secret files, voters' receipts, observers' state.
- :mod:`.secrets`: secret files, encrypted under a passphrase by
  :mod:`plebiscite.crypto.secretbox`, written 0600.
- :mod:`.mix_spill`: a trustee's shuffle with its lists in files (the secret ones sealed under
  a key held only in memory), so that ``trustee mix`` does not hold them.
- :mod:`.party`: a party's state directory (``party.json``, ``identity.secret``, other
  secrets), its passphrase, :func:`~.party.init_party` and :func:`~.party.open_party`.

This package sits above ``crypto`` and ``model`` and below the parties that use it (ceremony,
credentials, booth, tally, authority, election, observe, server); ``crypto`` never imports it.
"""

from __future__ import annotations

__all__: list[str] = []
