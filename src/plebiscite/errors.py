"""The one exception hierarchy of plebiscite.

::

    PlebisciteError                   base of everything raised on purpose
    ├── EncodingError                 bytes or text that are not the one canonical form
    │   └── GroupElementError         not an element of the group (or the identity where refused)
    ├── ProofError                    a proof or signature that does not verify
    │   └── ShuffleProofError         a proof of shuffle that does not verify (names the field)
    ├── ParameterError                bad parameters: a group, a key, a threshold, an index
    ├── DefinitionError               an election definition (TOML) that is not valid
    ├── RecordError                   a board entry or record that is malformed
    │   └── NestingError              JSON nested deeper than any parser here follows
    ├── BoardError                    the board refuses an append (with a reason)
    └── InputError                    other outside input (a CSV, a form, a file)

    MissingExtraError (an ImportError) an optional dependency is not installed: names the extra


Every error names what was wrong and where: the value's role, the file, line or field, the check ID.
The facts a caller acts on travel as attributes, set where they are known, never read back out of
the message: ``field`` (the field path or role of the value at fault), ``detail`` (the message
without its place) and ``reason`` (a short code: the board's refusal reason, when the raiser knows
it); :meth:`PlebisciteError.at` builds the usual ``where: field PATH: detail`` message from them.
"""

from __future__ import annotations

from typing import Any, Self

__all__ = [
    "BoardError",
    "CoercionTallyError",
    "DefinitionError",
    "EncodingError",
    "GroupElementError",
    "InputError",
    "MissingExtraError",
    "NestingError",
    "ParameterError",
    "PlebisciteError",
    "ProofError",
    "RecordError",
    "ShuffleProofError",
]


class PlebisciteError(Exception):
    """Base class of every error plebiscite raises on purpose.

    ``field``: the field path (or the role) of the value at fault, "" when the error is not about
    one value; ``detail``: the message without its place (the whole message when none was given);
    ``reason``: a short machine-readable code when the raiser knows one (None otherwise).
    """

    def __init__(
        self,
        message: str = "",
        *,
        field: str = "",
        detail: str | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.detail = message if detail is None else detail
        self.reason = reason

    @classmethod
    def at(cls, where: str, field: str, detail: str, *, reason: str | None = None) -> Self:
        """The error ``where: field FIELD: detail`` (``where: detail`` when ``field`` is "")."""
        message = f"{where}: field {field}: {detail}" if field else f"{where}: {detail}"
        return cls(message, field=field, detail=detail, reason=reason)

    @classmethod
    def of(cls, role: str, detail: str, *, reason: str | None = None) -> Self:
        """The error ``role: detail`` about the value named by ``role`` (a field path)."""
        return cls(f"{role}: {detail}", field=role, detail=detail, reason=reason)

    def placed(self, where: str) -> RecordError:
        """This error as a :class:`~plebiscite.errors.RecordError` at ``where`` (same field,
        detail and reason); for a value decoded inside an entry."""
        if self.field:
            return RecordError.at(where, self.field, self.detail, reason=self.reason)
        return RecordError.at(where, "", str(self), reason=self.reason)

    def __reduce__(self) -> tuple[Any, ...]:
        # every attribute travels (a subclass's own too), whatever its __init__ takes
        return (_rebuild, (type(self), str(self), dict(self.__dict__)))


def _rebuild(cls: type[PlebisciteError], message: str, state: dict[str, Any]) -> PlebisciteError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class EncodingError(PlebisciteError, ValueError):
    """A value is not in its one canonical encoding (wrong length, prefix, case, range)."""


class GroupElementError(EncodingError):
    """Not a valid group element for its role (off-curve, outside the subgroup, identity)."""


class ProofError(PlebisciteError):
    """A proof or signature failed to verify."""


class ShuffleProofError(ProofError):
    """A proof of shuffle that does not verify.

    ``field`` names the part that failed (``outputs``, ``c``, ``t4``, ``t_hat``, ``s_prime``, …),
    ``index`` the position within it (an item, a component) or ``None``, ``failures`` every
    failing equation as ``(field, index)`` when the equations were checked, and ``trustee`` the
    index of the trustee whose shuffle failed (``None`` where no trustee is at fault).
    """

    def __init__(
        self,
        message: str,
        field: str,
        index: int | None = None,
        failures: list[tuple[str, int | None]] | None = None,
        *,
        trustee: int | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.index = index
        self.failures = failures if failures is not None else []
        self.trustee = trustee


class BlindProofError(ProofError):
    """A blinding round of tags (docs/spec.md §16.6) that does not verify.

    ``trustee`` is the index of the blinding trustee at fault, ``field`` the part that failed
    (``commitment``, ``outputs``, ``a``, ``b``, ``v``, ``g^v = a·Z^c`` or ``A^v = b·A′^c``),
    ``index`` the position of a malformed output item where one is named (a wrong exponent on
    a well-formed item is caught by the proof, which names the trustee but not the item).
    """

    def __init__(self, message: str, field: str, *, trustee: int, index: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.trustee = trustee
        self.index = index


class CoercionTallyError(ProofError):
    """A step of a fake-credentials tally (docs/spec.md §16.5) that does not verify.

    ``check`` is the check ID (``V11`` … ``V16``), ``field`` the part at fault, ``trustee`` the
    trustee named where one is (None otherwise), ``index`` the position in the step's list where
    one is named.
    """

    def __init__(
        self,
        message: str,
        *,
        check: str,
        field: str,
        trustee: int | None = None,
        index: int | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.check = check
        self.trustee = trustee
        self.index = index


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

    reason: str

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}", detail=message, reason=reason)
        self.message = message


class InputError(PlebisciteError, ValueError):
    """Other outside input that cannot be used (a CSV row, a form field, a file)."""


class MissingExtraError(ImportError):
    """A command or store needs an optional dependency that is not installed.

    ``extra`` names the extra of the ``plebiscite`` package that provides it (``server``,
    ``postgres``, ``dask``, ``forensics``), ``what`` the command or feature that needs it and
    ``module`` the missing module. An ``ImportError``, not a :class:`PlebisciteError`: it is the
    installation that is incomplete, not the input; ``plebiscite`` prints it as one line.
    """

    def __init__(self, extra: str, what: str, module: str) -> None:
        super().__init__(
            f"{what} needs the {extra!r} extra: pip install 'plebiscite[{extra}]'", name=module
        )
        self.extra = extra
        self.what = what
        self.module = module
