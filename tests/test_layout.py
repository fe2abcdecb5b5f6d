"""The integration's layout stays livable: small modules, imports that go one way."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "custom_components" / "fajma"
MODULES = sorted(PACKAGE.glob("*.py"))
# About 500 lines (alerts.py is at 518 after the delivery work: its settings and dict helpers
# are the next candidates for a module of their own).
MAX_LINES = 520


def runtime_imports(path: Path) -> set[str]:
    """The package's own modules this one imports when it runs (not for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for stmt in node.body for child in ast.walk(stmt)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or not isinstance(node, ast.ImportFrom) or node.level != 1:
            continue
        if node.module:
            found.add(node.module.split(".")[0])
        else:  # from . import x
            found |= {alias.name for alias in node.names}
    return found - {"__init__"}


def test_there_are_modules() -> None:
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_no_module_over_about_500_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by responsibility"


def test_no_runtime_import_cycle() -> None:
    graph = {path.stem: runtime_imports(path) for path in MODULES}
    assert "alerts" in graph["button"]  # the graph is not empty
    assert "alerts" not in graph["coordinator"]  # types only, under TYPE_CHECKING
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as err:
        pytest.fail(f"import cycle: {' -> '.join(err.args[1])}")
