"""No import cycle in ``src/plebiscite``: between modules, or between the packages at any depth.

Read with ``ast`` from the source, independently of import-linter's contracts (``make lint``):
every import counts, at module level, under ``if TYPE_CHECKING:`` and inside functions alike.
An import names the most specific module it reaches (``from plebiscite.model import tally`` is
``plebiscite.model.tally`` when that is a module, else ``plebiscite.model``).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"
ROOT = "plebiscite"


@functools.cache
def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / ROOT).rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The modules of ``plebiscite`` that module ``name`` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets.update(f"{base}.{alias.name}" for alias in node.names)
            targets.add(base)
    found = set()
    for target in targets:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def _cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


@functools.cache
def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    """A type-only import, a relative one inside a function, a plain one; names resolved to the
    most specific module."""
    source = tmp_path / "here.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import plebiscite.crypto.rand\n"
        "if TYPE_CHECKING:\n"
        "    from plebiscite.model import codec, Entry\n"
        "def later() -> None:\n"
        "    from .sibling import helper\n",
        encoding="utf-8",
    )
    modules = dict.fromkeys(
        [
            "p.a.here",
            "p.a.sibling",
            "plebiscite.crypto.rand",
            "plebiscite.model",
            "plebiscite.model.codec",
        ],
        source,
    )
    assert _imports("p.a.here", source, modules) == {
        "p.a.sibling",
        "plebiscite.crypto.rand",
        "plebiscite.model",
        "plebiscite.model.codec",
    }
    assert len(_graph()) > 100


def test_no_cycle_between_modules() -> None:
    assert _cycles(_graph()) == []


def test_no_cycle_between_the_packages_at_any_depth() -> None:
    """Inside each package, its children (modules and subpackages, each with everything below
    it) import each other without a cycle."""
    graph = _graph()
    packages = {name for name, path in _modules().items() if path.name == "__init__.py"}
    for package in sorted(packages):
        depth = package.count(".") + 1

        def child(module: str, depth: int = depth, package: str = package) -> str | None:
            inside = module.startswith(package + ".")
            return ".".join(module.split(".")[: depth + 1]) if inside else None

        edges: dict[str, set[str]] = {}
        for module, targets in graph.items():
            source = child(module)
            if source is None:
                continue
            for target in map(child, targets):
                if target is not None and target != source:
                    edges.setdefault(source, set()).add(target)
        assert _cycles(edges) == [], package


def test_a_cycle_is_found() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
