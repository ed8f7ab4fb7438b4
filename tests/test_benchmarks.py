"""The benchmarks are run by hand (README, "Benchmark"), not by CI: at least every name they
import from wikitrack must exist, so a reshape cannot break them unnoticed."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parent.parent / "benchmarks").glob("*.py"))


def _exists(module: object, name: str) -> bool:
    """A name of the module, or a submodule of the package (`from wikitrack import wiki`)."""
    try:
        return hasattr(module, name) or bool(
            importlib.import_module(f"{module.__name__}.{name}")  # type: ignore[attr-defined]
        )
    except ImportError:
        return False


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.name)
def test_every_name_a_benchmark_imports_from_wikitrack_exists(path: Path) -> None:
    missing = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wikitrack"):
            module = importlib.import_module(node.module or "")
            missing += [
                f"{node.module}.{a.name}" for a in node.names if not _exists(module, a.name)
            ]
    assert not missing, f"{path.name}:{missing}"
