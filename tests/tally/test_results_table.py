"""``plebiscite results`` fits an 80-column terminal: no name or header cut short."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from plebiscite.authority.command import result_table
from plebiscite.model.authoring import definition_from_toml
from plebiscite.model.definition import Definition
from plebiscite.model.tally import Figures, Result

EXAMPLE = Path(__file__).parents[2] / "examples" / "referendum.toml"
LONG_NAME = "Zaporizhzhia oblast with the Vasylivka and Polohy raions"


def _result(definition: Definition, withheld: str | None = None) -> Result:
    districts: list[tuple[str, Figures]] = []
    for i, d in enumerate(definition.districts):
        yes, no = 123_456 + 1_111 * i, 98_765 - 999 * i
        counts = () if d.id == withheld else ((yes, no),)
        counted = yes + no
        figures = Figures(counts, counted, 400_000, 12_345, 678, withheld=d.id == withheld)
        districts.append((d.id, figures))
    total = Figures(
        (
            (
                sum(123_456 + 1_111 * i for i in range(len(districts))),
                sum(98_765 - 999 * i for i in range(len(districts))),
            ),
        ),
        sum(f.counted for _, f in districts),
        sum(f.registered for _, f in districts),
        sum(f.superseded for _, f in districts),
        sum(f.challenged for _, f in districts),
    )
    return Result(bytes(32), (1, 2, 3), tuple(districts), total)


def _render(definition: Definition, result: Result, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    for table in result_table(definition, result):
        console.print(table)
    return console.export_text()


def test_results_fit_80_columns_without_cutting_anything() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('en = "Zaporizhzhia"', f'en = "{LONG_NAME}"')
    definition = definition_from_toml(text, "example.toml")
    for withheld in (None, definition.districts[1].id):
        shown = _render(definition, _result(definition, withheld), 80)
        assert "…" not in shown
        assert max(len(line) for line in shown.splitlines()) <= 80
        words = shown.split()
        for header in ("district", "counted", "registered", "turnout", "superseded", "challenged"):
            assert header in words, header
        for district in definition.districts:
            for word in district.name.get().split():
                assert word in words, word
        for question in definition.questions:
            for option in question.options:
                assert option.label.get() in shown
        assert "123456" in words and "400000" in words
        assert ("withheld" in words) == (withheld is not None)
