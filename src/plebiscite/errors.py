"""The one exception hierarchy of plebiscite.

::

    PlebisciteError                   base of everything raised on purpose
    ├── EncodingError                 bytes or text that are not the one canonical form
    │   └── GroupElementError         not an element of the group (or the identity where refused)
    ├── ProofError                    a proof or signature that does not verify
    ├── ParameterError                bad parameters: a group, a key, a threshold, an index
    ├── DefinitionError               an election definition (TOML) that is not valid
    ├── RecordError                   a board entry or record that is malformed
    │   └── NestingError              JSON nested deeper than any parser here follows
    ├── BoardError                    the board refuses an append (with a reason)
    └── InputError                    other outside input (a CSV, a form, a file)

Every error names what was wrong and where: the value's role, the file, line or field, the check ID.
"""

from __future__ import annotations

__all__ = [
    "BoardError",
    "DefinitionError",
    "EncodingError",
    "GroupElementError",
    "InputError",
    "NestingError",
    "ParameterError",
    "PlebisciteError",
    "ProofError",
    "RecordError",
]


class PlebisciteError(Exception):
    """Base class of every error plebiscite raises on purpose."""


class EncodingError(PlebisciteError, ValueError):
    """A value is not in its one canonical encoding (wrong length, prefix, case, range)."""


class GroupElementError(EncodingError):
    """Not a valid group element for its role (off-curve, outside the subgroup, identity)."""


class ProofError(PlebisciteError):
    """A proof or signature failed to verify."""


class ParameterError(PlebisciteError, ValueError):
    """Parameters that cannot be used: an unknown group, a bad threshold, duplicate indices."""


class DefinitionError(PlebisciteError, ValueError):
    """An election definition that is not valid; the message names the line and the field."""


class RecordError(PlebisciteError, ValueError):
    """A board entry or a record that is malformed; the message names the entry and the field."""


class NestingError(RecordError):
    """JSON nested deeper than the parser follows (far deeper than any record value)."""


class BoardError(PlebisciteError):
    """The board refused an append; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message


class InputError(PlebisciteError, ValueError):
    """Other outside input that cannot be used (a CSV row, a form field, a file)."""
