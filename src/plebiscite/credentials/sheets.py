"""Printable credential sheets: one self-contained HTML file per district, one page per voter.

Each page shows the election's title, the district, the election id, the secret credential in large
grouped characters and short instructions (how to vote; that revoting is possible and only the last
ballot counts; that a revote is visible on the board as a revote; to keep the credential secret),
in each language of the definition that :mod:`~plebiscite.credentials.sheet_text` has (English,
Ukrainian, Russian; English when the definition names none of them).
Print CSS puts every voter on a page of her own. The files hold secrets: the directory is created
with mode 0700 and each file with mode 0600, written directly (no temporary file), and never
overwritten.
"""

from __future__ import annotations

import html
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from plebiscite.credentials.sheet_text import SHEET_TEXT, sheet_languages
from plebiscite.errors import InputError
from plebiscite.model.definition import Definition, District, Text
from plebiscite.state.files import write_new

__all__ = ["SHEET_SUFFIX", "prepare_sheets_dir", "render_sheets", "sheet_path", "write_sheet"]

SHEET_SUFFIX: Final = ".html"
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
    return "".join(f"<span>{html.escape(group)}</span>" for group in credential.split("-"))


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


def render_sheets(definition: Definition, district: District, credentials: Sequence[str]) -> str:
    """The HTML of one district's sheets, one page per credential (grouped credential text),
    in every language of the definition that the sheets have words for."""
    if definition.election_id is None:
        raise InputError("credential sheets: the definition has no election id")
    languages = sheet_languages(definition.title.languages)
    words = [SHEET_TEXT[language] for language in languages]
    title = _all(definition.title)
    name = _all(district.name)
    election = _election_id_grouped(definition.election_id)
    district_id = html.escape(district.id)
    several = len(languages) > 1
    body_class = ' class="several"' if several else ""
    instructions = "".join(
        (f'<h2 lang="{language}">{html.escape(text.name)}</h2>\n' if several else "")
        + f'<ol lang="{language}">'
        + "".join(f"<li>{step.format(district=district_id)}</li>" for step in text.instructions)
        + "</ol>\n"
        for language, text in zip(languages, words, strict=True)
    )
    secret = _joined([html.escape(text.banner) for text in words])
    district_label = _joined([html.escape(text.district) for text in words])
    election_label = _joined([html.escape(text.election) for text in words])
    total = len(credentials)
    pages = []
    for number, credential in enumerate(credentials, start=1):
        numbered = _joined(
            [text.number.format(number=number, total=total, district=district_id) for text in words]
        )
        pages.append(
            '<section class="sheet">\n'
            f'<p class="secret">{secret}</p>\n'
            f"<h1>{title}</h1>\n"
            f'<p class="meta">{district_label}: <b>{name}</b> (<code>{district_id}</code>)'
            "</p>\n"
            f'<p class="meta">{election_label}: <code>{election}</code></p>\n'
            f'<div class="credential">{_grouped_html(credential)}</div>\n'
            f"{instructions}"
            f'<p class="number">{numbered}</p>\n'
            "</section>\n"
        )
    return (
        "<!DOCTYPE html>\n"
        "<!-- SECRET: voters' credentials. Print, hand out, then destroy this file. -->\n"
        f'<html lang="{languages[0]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{secret} — {district_id}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body{body_class}>\n"
        + "".join(pages)
        + "</body>\n</html>\n"
    )


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


def write_sheet(path: Path, text: str) -> None:
    """Write ``text`` to a new file with mode 0600 (refusing an existing file) and fsync it."""
    write_new(path, text.encode("utf-8"), _FILE_MODE)
    if stat.S_IMODE(path.stat().st_mode) != _FILE_MODE:  # pragma: no cover - fchmod above
        raise InputError(f"{path}: could not restrict the sheet file to mode 0600")
