"""The pages as the board serves them (headers, what is and is not served, CORS), the standalone
bundle of ``plebiscite booth-bundle``, the booth hash, and the translation files."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from plebiscite.booth import bundle
from plebiscite.cli import app as cli
from plebiscite.errors import InputError
from plebiscite.server import pages

ROOT = Path(__file__).parents[2]
I18N = ROOT / "web" / "i18n"
PAGES_SRC = ROOT / "web" / "src" / "pages"
BOARD = "https://board.example.org:8443/referendum"


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    pages.install(app)
    return TestClient(app)


def test_pages_are_served_with_a_strict_policy(client: TestClient) -> None:
    for folder in ("booth", "tracking", "dashboard", "fake-sheet"):
        answer = client.get(f"/web/{folder}/")
        assert answer.status_code == 200, folder
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert answer.headers["content-security-policy"] == (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        )
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        html = answer.text
        assert "<script>" not in html and " style=" not in html, "no inline script or style"
        for src in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not src.startswith(("http:", "https:", "//")), f"{folder}: third party {src}"
    script = client.get("/web/booth/booth-crypto.js")
    assert script.status_code == 200
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert client.get("/web/vendor/chart.umd.min.js").status_code == 200
    redirect = client.get("/", follow_redirects=False)
    assert redirect.status_code == 307 and redirect.headers["location"] == "/web/dashboard/"


@pytest.mark.parametrize(
    "path",
    [
        "/web/challenge-checker/",
        "/web/challenge-checker/challenge-checker.js",
        "/web/booth/..%2f..%2fapp.py",
        "/web/booth/.hidden.js",
        "/web/booth/missing.js",
        "/web/static/",
        "/web/booth/index.py",
    ],
)
def test_what_is_not_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_board_answers_other_origins_without_credentials(client: TestClient) -> None:
    answer = client.options(
        "/ballots",
        headers={
            "Origin": "https://observers.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers


def test_bundle_points_at_the_board_and_keeps_the_booth_hash(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"board": BOARD + "/"}))
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["booth-bundle", str(out), "--config", str(config)])
    assert result.exit_code == 0, result.output
    digest = bundle.booth_digest()
    assert f"booth_hash: {digest}" in result.output
    assert bundle.booth_digest(out) == digest
    # the booth links to the fake-sheet page of the mode fake-credentials: it travels with it
    for page in ("booth/index.html", "challenge-checker/index.html", "fake-sheet/index.html"):
        html = (out / page).read_text()
        assert f'<meta name="plebiscite-board" content="{BOARD}">' in html
        assert f"connect-src 'self' {BOARD};" in html
    booth = (out / "booth/index.html").read_text()
    assert '<meta name="plebiscite-checker" content="../challenge-checker/">' in booth
    assert not (out / "dashboard").exists() and not (out / "tracking").exists()
    sums = dict(
        reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text().splitlines()
    )
    for name, value in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == value, name
    assert "booth/booth-crypto.js" in sums and "challenge-checker/challenge-checker.js" in sums
    assert "fake-sheet/fake-sheet.js" in sums
    again = CliRunner().invoke(cli, ["booth-bundle", str(out), "--config", str(config)])
    assert again.exit_code == 1 and "new or empty folder" in again.output


def test_a_changed_booth_changes_the_hash(tmp_path: Path) -> None:
    out = tmp_path / "site"
    bundle.write_bundle(out, BOARD)
    script = out / "booth" / "booth.js"
    script.write_text(script.read_text() + "\n// changed\n")
    assert bundle.booth_digest(out) != bundle.booth_digest()


@pytest.mark.parametrize(
    "board",
    [
        "ftp://board.example",
        "https://board.example/?x=1",
        "https://board.example/#top",
        "https://board.example/'; script-src *",
        'https://board.example/"><script>',
        "board.example",
        42,
    ],
)
def test_bundle_config_refuses_what_is_not_a_plain_url(tmp_path: Path, board: object) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"board": board}))
    with pytest.raises(InputError, match="field board"):
        bundle.read_config(config)


def test_bundle_config_refuses_unknown_fields(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"board": BOARD, "bord": BOARD}))
    with pytest.raises(InputError, match="unknown fields bord"):
        bundle.read_config(config)


def test_translations_cover_every_key_the_pages_use() -> None:
    tables = {lang: json.loads((I18N / f"{lang}.json").read_text()) for lang in ("en", "uk", "ru")}
    keys = set(tables["en"])
    for lang, table in tables.items():
        assert set(table) == keys, f"{lang}: keys differ from en"
        assert all(isinstance(v, str) and v.strip() for v in table.values()), lang
    used: set[str] = set()
    for source in PAGES_SRC.glob("*.js"):
        used |= set(re.findall(r"\bt\('([a-z_]+\.[A-Za-z0-9_]+)'", source.read_text()))
    static = ROOT / "src" / "plebiscite" / "server" / "static"
    for html in static.glob("*/index.html"):
        used |= set(re.findall(r'data-i18n(?:-[a-z]+)?="([^"]+)"', html.read_text()))
    assert used, "no translation key found in the pages"
    assert used <= keys, f"keys used but not translated: {sorted(used - keys)}"


#: the terms an observer or a voter reads, kept the same across every string: an English term
#: (matched in the English string) → the stem each translation must then use. A bulletin board's
#: "signed head" is its signed checkpoint (контрольна/контрольная точка), never a body part; a
#: "challenge" opens a ballot for checking (розкрити/вскрыть для перевірки/проверки), not an appeal
#: (оскаржити/оспорить); a credential is the voter's code (код виборця/избирателя).
GLOSSARY = {
    r"\bsigned heads?\b": {"uk": "контрольн", "ru": "контрольн"},
    r"\bchalleng": {"uk": "розкри", "ru": "вскр"},
    r"\bcredential": {"uk": "виборц", "ru": "избирател"},
    r"\bboard\b": {"uk": "дош", "ru": "доск"},
}
#: words that must not come back: a head as a body part, a challenge as an appeal, ad-hoc terms
FORBIDDEN = {
    "uk": ["голова", "голови", "оскарж", "обліков", "протокол", "орган влад"],
    "ru": ["голова", "головы", "оспор", "оспар", "учётн", "протокол", "орган влас"],
}


def test_translations_use_one_term_for_each_concept() -> None:
    tables = {lang: json.loads((I18N / f"{lang}.json").read_text()) for lang in ("en", "uk", "ru")}
    for key, english in tables["en"].items():
        for term, stems in GLOSSARY.items():
            if not re.search(term, english.lower()):
                continue
            for lang, stem in stems.items():
                text = tables[lang][key].lower().replace("\u00ad", "")
                assert stem in text, f"{lang} {key}: {term!r} must be said with {stem!r}: {text}"
    for lang, words in FORBIDDEN.items():
        for key, text in tables[lang].items():
            for word in words:
                assert word not in text.lower(), f"{lang} {key}: {word!r} in {text}"


#: docs/fake-credentials.md's sections in each language, after the English one
VOTER_DOC = ROOT / "docs" / "fake-credentials.md"
#: per language: the terms the pages use (the voter's code, a challenge, a district) and the words
#: that would name them otherwise (a polling station where the pages say district, an appeal)
DOC_TERMS = {
    "uk": ([r"\bкод\w* виборц", r"\bрозкри", r"\bокру[гз]"], ["дільниц", "оскарж"]),
    "ru": ([r"\bкод\w* избирател", r"\bвскр", r"\bокруг"], ["участк", "участок", "оспор"]),
}


def _doc_sections() -> dict[str, str]:
    text = VOTER_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## (English|Українська|Русский)\n", text, flags=re.MULTILINE)
    names = {"English": "en", "Українська": "uk", "Русский": "ru"}
    return {names[parts[i]]: parts[i + 1].lower() for i in range(1, len(parts), 2)}


def test_voter_doc_speaks_the_pages_terms() -> None:
    """docs/fake-credentials.md says what the pages say: its challenge paragraph in each language
    (what it proves, that it reveals nothing of the credential, that it is never counted), with
    the glossary's terms for the credential and a challenge, and a district is an округ."""
    sections = _doc_sections()
    assert sorted(sections) == ["en", "ru", "uk"]
    english = sections["en"]
    assert "challenge" in english and "never counted" in english
    assert "reveals nothing of your credential" in english
    for lang, (required, forbidden) in DOC_TERMS.items():
        for term in required:
            assert re.search(term, sections[lang]), f"{lang}: {term!r} missing"
        for word in forbidden:
            assert word not in sections[lang], f"{lang}: {word!r} in the voter text"
