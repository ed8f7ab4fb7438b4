"""The layers hold: only `store/` (and the schema in `migrations.py`) runs SQL, only `wiki.py`
imports pywikibot, only `cli.py` imports click."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wikitrack"
SQL_CALLS = {"execute", "executescript", "executemany", "query", "table", "atomic", "view"}
SQL_TEXT = re.compile(
    r"^\s*(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|(CREATE|DROP)\s+"
    r"(TABLE|INDEX|VIEW|TRIGGER)|ALTER\s+TABLE|PRAGMA\s|WITH\s+\w+\s+AS)"
)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "sandbox" not in p.parts)


def sql_uses(path: Path) -> list[str]:
    """Where `path` runs SQL: calls of sqlite-utils/sqlite3 methods that do, and SQL text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in SQL_CALLS and _on_database(node.func.value):
                found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
        elif isinstance(node, ast.Subscript) and _is_db(node.value):
            found.append(f"{path.name}:{node.lineno} db[...]")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL_TEXT.match(node.value):
                found.append(f"{path.name}:{node.lineno} SQL text")
    return found


def _is_db(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return name in {"db", "conn", "connection", "database"} or (
        isinstance(node, ast.Call) and _is_db(node.func)
    )


def _on_database(node: ast.AST) -> bool:
    return _is_db(node) or (isinstance(node, ast.Subscript) and _is_db(node.value))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_store_runs_sql(path: Path) -> None:
    rel = path.relative_to(PACKAGE)
    if rel.parts[0] == "store" or rel.name == "migrations.py":
        return
    uses = sql_uses(path)
    assert not uses, f"{rel} runs SQL outside store/: {uses}"


@pytest.mark.parametrize(
    ("library", "allowed"), [("pywikibot", {"wiki/adapter.py"}), ("click", {"cli/commands.py"})]
)
def test_one_module_imports_each_boundary_library(library: str, allowed: set[str]) -> None:
    importers = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(n == library or n.startswith(library + ".") for n in names):
                importers.add(str(path.relative_to(PACKAGE)))
    assert importers <= allowed, f"{library} imported by {sorted(importers - allowed)}"


def test_no_function_is_longer_than_sixty_lines() -> None:
    """Issue 13: a function that grows past 60 lines is split by meaning (fetch, plan, save;
    parse, validate, build). ruff holds the complexity to 12 (pyproject.toml)."""
    long = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({span} lines)"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (span := (node.end_lineno or node.lineno) - node.lineno + 1) > 60
    ]
    assert not long, long
