"""V11's input list of counted ballots (:meth:`Checker.counted_list`) is read back from the
checker's own encodings of the elements V5 checked: on modp4096 without a second subgroup check
(a full exponentiation per element), the same ciphertexts as a strict decoding gives."""

from __future__ import annotations

import pytest

from _builder import Phase
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.modp import ModpGroup
from plebiscite.rules.checker import Checker

from ._record import Builder, Plan


def test_counted_list_needs_no_second_subgroup_check(monkeypatch: pytest.MonkeyPatch) -> None:
    built = Builder(Plan(), group="modp4096").play(Phase.CLOSE).built()  # type: ignore[attr-defined]
    checker = Checker()
    try:
        checker.feed_all(built.entries)
        group = checker.group
        assert isinstance(group, ModpGroup)
        size = group.element_bytes
        strict: dict[str, list[tuple[Ciphertext, ...]]] = {}
        for _, counted in sorted(checker.state.iter_counted(), key=lambda kv: kv[1].index):
            data = counted.ciphertexts
            elements = [group.decode(data[i : i + size], "test") for i in range(0, len(data), size)]
            strict.setdefault(counted.district, []).append(
                tuple(Ciphertext(a, b) for a, b in zip(elements[::2], elements[1::2], strict=True))
            )
        assert strict

        def refused(*args: object, **kwargs: object) -> object:
            raise AssertionError("a counted ballot's element decoded with its subgroup check")

        monkeypatch.setattr(ModpGroup, "decode", refused)
        for district, items in strict.items():
            assert checker.counted_list(district) == items
    finally:
        checker.close()
