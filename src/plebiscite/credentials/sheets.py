"""Printable credential sheets: one self-contained HTML file per district, one page per voter.

Each page shows the election's title, the district, the election id, the secret credential in large
grouped characters and short instructions (how to vote; that revoting is possible and only the last
ballot counts; that a revote is visible on the board as a revote; to keep the credential secret).
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
.credential { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 26pt;
              font-weight: bold; letter-spacing: .08em; text-align: center; white-space: nowrap;
              border: 3px double #000; padding: 7mm 2mm; margin: 8mm 0; }
.credential span { margin: 0 .25em; }
ol { font-size: 11pt; line-height: 1.45; padding-left: 6mm; }
.number { font-size: 9pt; color: #333; text-align: right; }
@media screen { body { background: #ddd; }
  .sheet { background: #fff; margin: 10mm auto; padding: 12mm; box-shadow: 0 0 4px #888; } }
"""

_INSTRUCTIONS: Final = (
    "Keep this credential secret. Whoever holds it can vote in your name. Do not photograph it, "
    "send it, or show it to anyone, including officials.",
    "To vote, open the voting booth (the web booth or the <code>plebiscite</code> voter client), "
    "choose your district, <b>{district}</b>, and type the credential as printed (hyphens, "
    "spaces and upper or lower case do not matter).",
    "Before you choose, the booth shows a tracking code. You may challenge the ballot to check "
    "the device and then make a fresh ballot; a challenged ballot is never counted.",
    "You may vote again as often as you like while voting is open. Only your last ballot counts. "
    "A revote is visible on the public board as a revote of the same credential; how you voted "
    "is not.",
    "After voting closes, check on the public board that the last ballot of your credential is "
    "the one you cast.",
)


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


def render_sheets(definition: Definition, district: District, credentials: Sequence[str]) -> str:
    """The HTML of one district's sheets, one page per credential (grouped credential text)."""
    if definition.election_id is None:
        raise InputError("credential sheets: the definition has no election id")
    title = _all(definition.title)
    name = _all(district.name)
    election = _election_id_grouped(definition.election_id)
    steps = "".join(
        f"<li>{step.format(district=html.escape(district.id))}</li>" for step in _INSTRUCTIONS
    )
    total = len(credentials)
    pages = []
    for number, credential in enumerate(credentials, start=1):
        pages.append(
            '<section class="sheet">\n'
            '<p class="secret">Secret voting credential — keep it hidden</p>\n'
            f"<h1>{title}</h1>\n"
            f'<p class="meta">District: <b>{name}</b> (<code>{html.escape(district.id)}</code>)'
            "</p>\n"
            f'<p class="meta">Election id: <code>{election}</code></p>\n'
            f'<div class="credential">{_grouped_html(credential)}</div>\n'
            f"<ol>{steps}</ol>\n"
            f'<p class="number">Sheet {number} of {total}, district {html.escape(district.id)}'
            "</p>\n"
            "</section>\n"
        )
    return (
        "<!DOCTYPE html>\n"
        "<!-- SECRET: voters' credentials. Print, hand out, then destroy this file. -->\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>Credentials — {html.escape(district.id)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "".join(pages) + "</body>\n</html>\n"
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
