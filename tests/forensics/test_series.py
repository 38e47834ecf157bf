"""``plebiscite forensics --series``: several elections in one report, rendered in Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.forensics.series import region_key
from plebiscite.forensics.synthetic import synthetic_election

runner = CliRunner()
MAPPING = 'region = "region"\nstation = "station"\nregistered = "registered"\n'
MAPPING += 'issued = "issued"\nboxes = "boxes"\ninvalid = "invalid"\n'
MAPPING += 'options = ["yes", "option 2", "option 3"]\n'


def _files(tmp_path: Path) -> list[Path]:
    files = []
    for year, kwargs in (("2001", {}), ("2005", {"rounding": 0.2}), ("2009", {"stuffing": 0.3})):
        data = synthetic_election(1500, seed=int(year), **kwargs)  # type: ignore[arg-type]
        frame = data.stations.drop(columns="line").join(data.votes)
        path = tmp_path / f"{year}.csv"
        path.write_text(frame.to_csv(index=False), encoding="utf-8")
        files.append(path)
    return files


def test_region_names_match_across_years() -> None:
    assert region_key("98 Город Байконур  (Республика Казахстан)") == region_key(
        "Город Байконур (Республика Казахстан)"
    )
    assert region_key("Кемеровская область - Кузбасс") == region_key("Кемеровская область")


def test_series_report_renders_in_chromium(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    out = tmp_path / "out"
    args = ["forensics", "--series", *map(str, _files(tmp_path)), "--mapping", str(mapping)]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out / "series.html"
    text = page.read_text(encoding="utf-8")
    for label in ("2001", "2005", "2009"):
        assert f"<td>{label}</td>" in text
    assert text.count("data:image/png;base64,") == 2
    assert "http://" not in text and "https://" not in text

    executable = os.environ.get("PLEBISCITE_CHROMIUM") or shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: scripts/browser.sh installs it", pytrace=False)
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("PLEBISCITE_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            view = browser.new_page(viewport={"width": 1200, "height": 900})
            view.on("console", lambda m: m.type == "error" and errors.append(m.text))
            view.goto(page.as_uri())
            # both plots decode and have a size: the page is what an analyst sees
            sizes = view.eval_on_selector_all(
                "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
            )
            assert len(sizes) == 2 and all(ok and w > 400 and h > 200 for ok, w, h in sizes)
            heading = view.text_content("h1")
            assert heading is not None and "series of elections" in heading
            rows = view.eval_on_selector_all("table:first-of-type tr", "rows => rows.length")
            assert rows == 4  # a header and three elections
            view.screenshot(path=str(shots / "forensics-series.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert (shots / "forensics-series.png").stat().st_size > 10_000


def test_series_needs_two_files_or_one_without(tmp_path: Path) -> None:
    files = _files(tmp_path)
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    result = runner.invoke(
        app, ["forensics", *map(str, files[:2]), "--mapping", str(mapping), "--out", "x"]
    )
    assert result.exit_code == 2 and "--series" in result.output
