"""The board's count of ballots per credential (``plebiscite.board.revotes``): the same answers as
a dictionary, whether the credential is on the final roll or not, counted before the roll was
final or after, asked for one credential twice in a row (the place kept) or for others between."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.board.revotes import Revotes
from plebiscite.model import roll as roll_module

_KEYS = [bytes([i]) * 32 for i in range(8)]


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 8),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 10**12)), max_size=40),
    st.integers(0, 40),
)
def test_revotes_answer_as_a_dictionary(
    on_roll: int, ballots: list[tuple[int, int]], final_at: int
) -> None:
    keys = roll_module._KeyIndex()
    for i, key in enumerate(_KEYS[:on_roll]):
        keys.add(key, 1 + i)
    roll = keys.frozen()
    revotes, reference = Revotes(), dict[bytes, tuple[int, int]]()
    credentials = [*_KEYS, b"\xee" * 32, b"\xff" * 32]  # the last two never on the roll
    for step, (which, time) in enumerate(ballots):
        final = roll if step >= final_at else None  # ballots seen before the roll was final
        credential = credentials[which]
        # as the board asks: when it decides on the ballot, then when the ballot is on the chain
        assert revotes.get(credential, final) == reference.get(credential, (0, 0))
        count, _ = reference.get(credential, (0, 0))
        reference[credential] = (count + 1, time)
        revotes.add(credential, time, final)
        for other in credentials:
            assert revotes.get(other, final) == reference.get(other, (0, 0))
    for other in credentials:
        assert revotes.get(other, roll) == reference.get(other, (0, 0))
