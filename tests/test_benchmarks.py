"""The benchmarks' figures come from runs by hand (README, "Benchmarks"); here every name they
import from wikitrack must exist and each runs to its end at a small size, so a change cannot
break them unnoticed."""

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


ROOT = Path(__file__).resolve().parent.parent

# Each benchmark at a small size: the README's commands run the same code on more data.
SMALL_RUNS = {
    "bench_check.py": (
        [
            "--lemmas",
            "40",
            "--changed",
            "0.1",
            "--revisions",
            "2",
            "--large",
            "1",
            "--large-kb",
            "40",
        ],
        ["identical: yes", "within bound", "the wiki alone"],
    ),
    "bench_facts.py": (["--lemmas", "40"], ["statuses as expected: yes", "= 1: yes"]),
    "bench_health.py": (["--lemmas", "40", "--history", "5"], []),
    "bench_history.py": (["--changes", "20000", "--lemmas", "100", "--years", "1"], []),
    "bench_login.py": (["--seconds", "0.5", "--tries", "2"], ["unknown / known", "baseline"]),
    "bench_startup.py": (
        ["--runs", "1"],
        ["the target for", "python -c pass", "sqlite-utils --help", "wikitrack --help"],
    ),
}
NO_WIKI = ("bench_history.py", "bench_login.py", "bench_startup.py")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=[] if name in NO_WIKI else [pytest.mark.wiki])
        for name in sorted(SMALL_RUNS)
    ],
)
def test_each_benchmark_runs_at_a_small_size(name: str) -> None:
    """bench_check and bench_health start a sandbox of their own (marked `wiki`)."""
    import subprocess
    import sys

    args, expected = SMALL_RUNS[name]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / name), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    for line in expected:
        assert line in proc.stdout, proc.stdout[-3000:]
