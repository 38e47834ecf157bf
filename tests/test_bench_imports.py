"""The benchmark scripts import each other's names (``python bench/x.py`` puts ``bench/`` first on
the path): every such name must still be defined at the top level of the script it comes from,
so that moving a helper between scripts cannot leave one of them failing at its first line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(BENCH.glob("*.py"))


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_names_imported_from_other_benches_exist(script: Path) -> None:
    local = {p.stem: p for p in SCRIPTS}
    tree = ast.parse(script.read_text(encoding="utf-8"), filename=str(script))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in local and node.level == 0:
            source = local[node.module]
            defined = _top_level_names(ast.parse(source.read_text(encoding="utf-8")))
            missing = [a.name for a in node.names if a.name not in defined]
            assert not missing, f"{script.name}:{node.lineno} imports {missing} from {source.name}"


def test_the_check_sees_a_missing_name(tmp_path: Path) -> None:
    """The rule itself: a name the other script no longer defines is found missing."""
    tree = ast.parse("def cpu_model() -> str:\n    return ''\n")
    assert "cpu_model" in _top_level_names(tree)
    assert "_cpu_model" not in _top_level_names(tree)
