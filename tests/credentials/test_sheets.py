"""Credential sheets speak the election's languages: the instructions, the banner and the labels
in every language of the definition's title that the sheets have words for (en, uk, ru), not
only English; English when the definition names none of them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from plebiscite.credentials import sheets
from plebiscite.credentials.sheet_text import SHEET_TEXT, sheet_languages
from plebiscite.credentials.sheets import SheetWriter, read_credentials, render_sheets
from plebiscite.crypto.credential import generate_credential
from plebiscite.model.definition import Text

from ._election import definition

TITLES = {
    "en": "Test referendum",
    "uk": "Тестовий референдум",
    "ru": "Тестовый референдум",
}


def _sheet(languages: tuple[str, ...]) -> str:
    d = definition()
    title = Text(tuple((lang, TITLES.get(lang.split("-")[0], "Referendum")) for lang in languages))
    d = replace(d, title=title)
    return render_sheets(d, d.districts[0], ["ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345"])


def test_every_language_of_the_definition_gets_the_instructions() -> None:
    page = _sheet(("uk", "en", "ru"))
    assert re.search(r'<html lang="uk">', page)
    blocks = re.findall(r'<ol lang="([a-z]+)">(.*?)</ol>', page, re.S)
    assert [lang for lang, _ in blocks] == ["uk", "en", "ru"]
    for lang, block in blocks:
        items = re.findall(r"<li>(.*?)</li>", block, re.S)
        assert len(items) == len(SHEET_TEXT[lang].instructions) == 5
        if lang != "en":
            # no English sentence left in a translated block
            assert not re.search(r"\b(the|your|ballot|credential)\b", block), (lang, block)
    assert "Секретний код виборця" in page and "Секретный код избирателя" in page
    assert "Аркуш 1 з 1" in page and "Лист 1 из 1" in page and "Sheet 1 of 1" in page
    assert "Українська" in page and "Русский" in page


@pytest.mark.parametrize(
    ("languages", "printed"),
    [(("uk",), ("uk",)), (("ru-RU", "de"), ("ru",)), (("und",), ("en",)), (("de", "fr"), ("en",))],
)
def test_the_sheet_languages_follow_the_definition(
    languages: tuple[str, ...], printed: tuple[str, ...]
) -> None:
    assert sheet_languages(languages) == printed
    page = _sheet(languages)
    assert [lang for lang in re.findall(r'<ol lang="([a-z]+)">', page)] == list(printed)
    assert f'<html lang="{printed[0]}">' in page
    if printed == ("uk",):
        assert "Only your last ballot counts" not in page
        assert "Враховується лише ваш останній бюлетень" in page


@pytest.mark.parametrize("chunk", [64, 1 << 20])
def test_credentials_read_back_from_a_sheet_file_in_page_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The pages are read back as written, whatever the file's reads cut through (a read of 64
    bytes ends inside most pages' credential line), in every language of the sheets."""
    monkeypatch.setattr(sheets, "_READ_CHUNK", chunk)
    d = definition()
    titles = Text(tuple((lang, TITLES[lang]) for lang in ("uk", "en", "ru")))
    d = replace(d, title=titles)
    printed = [generate_credential() for _ in range(40)]
    path = tmp_path / "sheet.html"
    with SheetWriter(path, d, d.districts[0], len(printed)) as writer:
        writer.write(printed[:25])
        writer.write(printed[25:])
    assert list(read_credentials(path)) == printed
    empty = tmp_path / "none.html"
    with SheetWriter(empty, d, d.districts[0], 0):
        pass
    assert list(read_credentials(empty)) == []


# the sheet of _PRINTED in uk, en, ru as the page-at-a-time rendering wrote it (each group escaped
# on its own, each page number formatted whole): the window's bytes must stay these
_PRINTED = ["63FR-Y088-GWH8-JF3Y-R64S-6MVM-D3BE", '<a&b>-"q"', "", "A-B"] * 3
_PRINTED_SHA256 = "8380bc9652c4d2a20153d4e23820817d152675b2ec9c3592ab66f9bda82c3e18"


def test_sheet_bytes_are_known_and_a_window_writes_the_same(tmp_path: Path) -> None:
    d = definition()
    d = replace(d, title=Text(tuple((lang, TITLES[lang]) for lang in ("uk", "en", "ru"))))
    text = render_sheets(d, d.districts[0], _PRINTED)
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == _PRINTED_SHA256
    path = tmp_path / "sheet.html"
    with SheetWriter(path, d, d.districts[0], len(_PRINTED)) as writer:
        writer.write(_PRINTED[:5])
        writer.write(_PRINTED[5:])
    assert path.read_bytes() == text.encode("utf-8")


def test_a_district_name_with_a_nul_is_numbered_whole() -> None:
    d = definition()
    district = replace(d.districts[0], id="a\0b")
    page = render_sheets(d, district, ["ABCD-EFGH"] * 2)
    assert "Sheet 2 of 2, district a\0b" in page
