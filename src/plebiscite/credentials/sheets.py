"""Printable credential sheets: one self-contained HTML file per district, one page per voter.

Each page shows the election's title, the district, the election id, the secret credential in large
grouped characters and short instructions (how to vote; that revoting is possible and only the last
ballot counts; that a revote is visible on the board as a revote; to keep the credential secret),
in each language of the definition that :mod:`~plebiscite.credentials.sheet_text` has (English,
Ukrainian, Russian; English when the definition names none of them).
Print CSS puts every voter on a page of her own. The files hold secrets: the directory is created
with mode 0700 and each file with mode 0600, written directly (no temporary file), and never
overwritten. :class:`SheetWriter` streams a district's pages as they are issued.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

from plebiscite.credentials.sheet_text import SHEET_TEXT, sheet_languages
from plebiscite.errors import InputError
from plebiscite.model.definition import Definition, District, Text
from plebiscite.state.files import NewFile

__all__ = [
    "SHEET_SUFFIX",
    "SheetWriter",
    "prepare_sheets_dir",
    "read_credentials",
    "render_sheets",
    "sheet_path",
]

SHEET_SUFFIX: Final = ".html"
#: a page's credential: its groups, each in a span, in one div on one line
_CREDENTIAL: Final = re.compile(rb'<div class="credential">((?:<span>[^<]*</span>)*)</div>\n')
_GROUP: Final = re.compile(rb"<span>([^<]*)</span>")
_READ_CHUNK: Final = 1 << 20  # bytes of a sheet file read at a time
_DIR_MODE: Final = 0o700
_FILE_MODE: Final = 0o600

_CSS: Final = """
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #000; background: #fff; margin: 0; }
.sheet { page-break-after: always; break-after: page; padding: 0 0 8mm 0; max-width: 180mm;
         margin: 0 auto; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
.secret { border: 2px solid #000; padding: 2mm 4mm; font-weight: bold; text-transform: uppercase;
          letter-spacing: .05em; font-size: 10pt; }
h1 { font-size: 17pt; margin: 6mm 0 2mm 0; }
.meta { font-size: 11pt; margin: 1mm 0; }
.meta code { font-size: 10pt; }
.credential { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 20pt;
              font-weight: bold; letter-spacing: .08em; text-align: center; white-space: nowrap;
              border: 3px double #000; padding: 7mm 2mm; margin: 8mm 0; }
.credential span { margin: 0 .25em; }
ol { font-size: 11pt; line-height: 1.45; padding-left: 6mm; margin: 1mm 0 3mm 0; }
h2 { font-size: 11pt; margin: 3mm 0 0 0; }
.several h1 { font-size: 14pt; margin: 4mm 0 1mm 0; }
.several .credential { margin: 5mm 0; padding: 5mm 2mm; }
.several ol { font-size: 8.5pt; line-height: 1.3; }
.several h2 { font-size: 9.5pt; margin: 2mm 0 0 0; }
.several .meta { font-size: 9.5pt; }
.number { font-size: 9pt; color: #333; text-align: right; }
@media screen { body { background: #ddd; }
  .sheet { background: #fff; margin: 10mm auto; padding: 12mm; box-shadow: 0 0 4px #888; } }
"""


def _all(text: Text) -> str:
    """Every translation of ``text``, the default first, joined with slashes, HTML-escaped."""
    seen: list[str] = []
    for _, value in text.translations:
        if value not in seen:
            seen.append(value)
    return " / ".join(html.escape(value) for value in seen)


def _grouped_html(credential: str) -> str:
    # escaping neither makes nor removes a hyphen: the same as escaping each group on its own
    return "<span>" + html.escape(credential).replace("-", "</span><span>") + "</span>"


def _election_id_grouped(election_id: bytes) -> str:
    text = election_id.hex()
    return " ".join(text[i : i + 8] for i in range(0, len(text), 8))


def _joined(values: Sequence[str]) -> str:
    """``values`` without repeats, joined with slashes (already HTML)."""
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return " / ".join(seen)


class _Layout:
    """The parts of one district's sheet file that do not depend on the credential, in every
    language of the definition that the sheets have words for."""

    def __init__(self, definition: Definition, district: District, total: int) -> None:
        if definition.election_id is None:
            raise InputError("credential sheets: the definition has no election id")
        languages = sheet_languages(definition.title.languages)
        self.language = languages[0]
        self.words = [SHEET_TEXT[language] for language in languages]
        self.district = html.escape(district.id)
        self.total = total
        several = len(languages) > 1
        self.body_class = ' class="several"' if several else ""
        steps = "".join(
            (f'<h2 lang="{language}">{html.escape(text.name)}</h2>\n' if several else "")
            + f'<ol lang="{language}">'
            + "".join(
                f"<li>{step.format(district=self.district)}</li>" for step in text.instructions
            )
            + "</ol>\n"
            for language, text in zip(languages, self.words, strict=True)
        )
        self.secret = _joined([html.escape(text.banner) for text in self.words])
        district_label = _joined([html.escape(text.district) for text in self.words])
        election_label = _joined([html.escape(text.election) for text in self.words])
        # each language's page number split around its {number}, the rest filled in once (a
        # district with a NUL in its name, which a manifest cannot have, formats every page)
        self._numbers = (
            None
            if "\0" in self.district
            else [
                text.number.format(number="\0", total=total, district=self.district).split("\0")
                for text in self.words
            ]
        )
        top = (
            '<section class="sheet">\n'
            f'<p class="secret">{self.secret}</p>\n'
            f"<h1>{_all(definition.title)}</h1>\n"
            f'<p class="meta">{district_label}: <b>{_all(district.name)}</b> '
            f"(<code>{self.district}</code>)</p>\n"
            f'<p class="meta">{election_label}: '
            f"<code>{_election_id_grouped(definition.election_id)}</code></p>\n"
        )
        self._top_bytes = (top + '<div class="credential">').encode("utf-8")
        self._steps_bytes = ("</div>\n" + steps + '<p class="number">').encode("utf-8")

    def head(self) -> str:
        return (
            "<!DOCTYPE html>\n"
            "<!-- SECRET: voters' credentials. Print, hand out, then destroy this file. -->\n"
            f'<html lang="{self.language}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="robots" content="noindex">\n'
            f"<title>{self.secret} — {self.district}</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body{self.body_class}>\n"
        )

    def _numbered(self, number: int) -> str:
        if self._numbers is None:
            return _joined(
                [
                    text.number.format(number=number, total=self.total, district=self.district)
                    for text in self.words
                ]
            )
        text = str(number)
        return _joined([text.join(parts) for parts in self._numbers])

    def pages(self, first: int, credentials: Sequence[str]) -> bytes:
        """The UTF-8 of a page for each credential, numbered from ``first``, concatenated (the
        parts without the credential and the number encoded once, not once a page)."""
        top, steps = self._top_bytes, self._steps_bytes
        parts: list[bytes] = []
        for number, credential in enumerate(credentials, start=first):
            parts.append(top)
            parts.append(_grouped_html(credential).encode("utf-8"))
            parts.append(steps)
            parts.append((self._numbered(number) + "</p>\n</section>\n").encode("utf-8"))
        return b"".join(parts)

    @staticmethod
    def tail() -> str:
        return "</body>\n</html>\n"


def render_sheets(definition: Definition, district: District, credentials: Sequence[str]) -> str:
    """The HTML of one district's sheets, one page per credential (grouped credential text),
    in every language of the definition that the sheets have words for."""
    layout = _Layout(definition, district, len(credentials))
    return layout.head() + layout.pages(1, credentials).decode("utf-8") + layout.tail()


class SheetWriter:
    """One district's sheet file written as credentials come, so memory stays flat.

    Opens a new file with mode 0600 (refusing an existing one), writes the head; :meth:`write`
    appends pages (numbered "Sheet k of ``total``"); :meth:`close` writes the tail and fsyncs,
    and refuses when fewer or more than ``total`` pages were written. Use as a context manager:
    an exception leaves the incomplete file, still 0600, for the operator to destroy.
    """

    def __init__(self, path: Path, definition: Definition, district: District, total: int) -> None:
        self.path = path
        self._layout = _Layout(definition, district, total)
        self._written = 0
        self._file = NewFile(path, _FILE_MODE)
        self._put(self._layout.head())

    def write(self, credentials: Sequence[str]) -> None:
        """Append one page per credential (grouped credential text)."""
        first = self._written + 1
        if self._written + len(credentials) > self._layout.total:
            raise InputError(f"{self.path}: more than {self._layout.total} credentials")
        self._written += len(credentials)
        self._file.write(self._layout.pages(first, credentials))

    def close(self) -> None:
        """Write the tail, fsync the file and its directory; refuses a file with a page
        missing (leaving it, still 0600, for the operator to destroy)."""
        if self._file.closed:
            return
        if self._written != self._layout.total:
            self._file.abandon()
            raise InputError(f"{self.path}: {self._written} of {self._layout.total} sheets written")
        self._put(self._layout.tail())
        self._file.commit()

    def _put(self, text: str) -> None:
        self._file.write(text.encode("utf-8"))

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self._file.abandon()


def prepare_sheets_dir(path: Path) -> Path:
    """Create the sheets directory with mode 0700; an existing one must be empty (never reused)."""
    try:
        path.mkdir(mode=_DIR_MODE, parents=True)
    except FileExistsError:
        if not path.is_dir():
            raise InputError(f"{path}: the sheets directory is a file") from None
        if any(path.iterdir()):
            raise InputError(
                f"{path}: the sheets directory is not empty; name a new one "
                "(sheets are never overwritten)"
            ) from None
    os.chmod(path, _DIR_MODE)
    return path


def sheet_path(directory: Path, district_id: str) -> Path:
    """Where the sheets of ``district_id`` go."""
    return directory / f"{district_id}{SHEET_SUFFIX}"


def read_credentials(path: Path) -> Iterator[str]:
    """The credentials printed on a sheet file, in page order, as a voter reads her own page.

    Reads the file a megabyte at a time and finds each page's credential line in the raw bytes
    (the pages are UTF-8, the credential line is ASCII), so reading back costs a few microseconds
    a page and memory stays flat at any number of pages.
    """
    with path.open("rb") as handle:
        rest = b""
        while True:
            block = handle.read(_READ_CHUNK)
            data = rest + block
            cut = len(data) if not block else data.rfind(b"\n") + 1  # whole lines only
            for found in _CREDENTIAL.finditer(data, 0, cut):
                groups = _GROUP.findall(found.group(1))
                yield "-".join(html.unescape(g.decode("utf-8")) for g in groups)
            if not block:
                return
            rest = data[cut:]
