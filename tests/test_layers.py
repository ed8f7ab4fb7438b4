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


# -- the package rules (issue 27) ----------------------------------------------------------------

# Importable from anywhere: our exceptions, safe files, the config, the log, the texts, the facts
# about nl.wikipedia, and the data-class modules each subject keeps its frozen models in.
FOUNDATION = {
    "wikitrack.errors",
    "wikitrack.files",
    "wikitrack.config",
    "wikitrack.logfile",
    "wikitrack.texts",
    "wikitrack.wiki.sitefacts",
}
DATA_CLASSES = {
    "wikitrack.watchlist.areas",
    "wikitrack.wiki.pages",
    "wikitrack.check.records",
    "wikitrack.corrections.entries",
    "wikitrack.corrections.erasures",
    "wikitrack.store.state",
    "wikitrack.web.views",
    "wikitrack.mail.outbox",
    "wikitrack.health.kinds",
    "wikitrack.health.stored",
    "wikitrack.worklist.items",
}
# Lowest first: a package may import the packages before it in this list (and the foundation and
# data classes), never one after it. `cli` and `web` are two shells over `app`: neither imports
# the other.
LAYERS = [
    "store",
    "sandbox",
    "access",
    "wiki",
    "check",
    "watchlist",
    "report",
    "corrections",
    "facts",
    "health",
    "worklist",
    "mail",
    "app",
    "web",
    "cli",
]
PEERS = {("cli", "web"), ("web", "cli")}
# The web is a second shell over `app`, as the CLI is: its pages read and change things through
# the app's use cases, never through the store or the logic those use cases wrap (a data-class
# module of these stays importable).
WEB_ONLY_THROUGH_APP = (
    "wikitrack.store",
    "wikitrack.corrections.workflow",
    "wikitrack.facts.checking",
    "wikitrack.worklist.syncing",
    "wikitrack.health.sweep",
    "wikitrack.check.pipeline",
    "wikitrack.mail",
)


def _is_within(target: str, modules: tuple[str, ...]) -> bool:
    return any(target == m or target.startswith(m + ".") for m in modules)


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every wikitrack import, lazy ones inside functions included."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "wikitrack":
                found += [(node.lineno, f"wikitrack.{a.name}") for a in node.names]
            elif node.module.startswith("wikitrack."):
                for a in node.names:  # `from wikitrack.app import context` names a module
                    sub = f"{node.module}.{a.name}"
                    is_module = (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py")
                    found.append((node.lineno, sub if is_module.exists() else node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("wikitrack")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def wrong_imports(module: str, source: str) -> list[str]:
    """The imports of `module` (its source text) that break the package rules."""
    me = _package_of(module)
    wrong = []
    for line, target in _imported(ast.parse(source)):
        where = f"{module}:{line} imports {target}"
        if target.startswith("."):
            wrong.append(f"{where}: relative (the house writes every import absolute)")
            continue
        them = _package_of(target)
        if target in DATA_CLASSES or any(target.startswith(f) for f in FOUNDATION):
            if module in FOUNDATION | DATA_CLASSES and target in DATA_CLASSES - {module}:
                pass  # data classes may refer to each other's types
            continue
        if module in FOUNDATION | DATA_CLASSES and them != me:
            wrong.append(f"{where}: the foundation and data classes import no subject's logic")
        elif me == "web" and _is_within(target, WEB_ONLY_THROUGH_APP):
            wrong.append(f"{where}: the web goes through `app`'s use cases (WEB_ONLY_THROUGH_APP)")
        elif them == me or not me:
            continue
        elif (me, them) in PEERS or LAYERS.index(them) > LAYERS.index(me):
            wrong.append(f"{where}: `{me}` sits below `{them}` (tests/test_layers.py LAYERS)")
    return wrong


def test_every_package_is_in_the_layers_and_says_what_it_holds() -> None:
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert sorted(set(packages) - {"texts"}) == sorted(LAYERS)
    for name in packages:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert doc and len(doc) > 80, f"wikitrack/{name}/__init__.py says too little"


def test_the_top_level_holds_at_most_eight_modules() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= 8


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: _module_name(p))
def test_each_module_imports_only_what_its_layer_may(path: Path) -> None:
    assert not wrong_imports(_module_name(path), path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("wikitrack.store.changes", "from wikitrack.check.diff import diff_revisions"),
        ("wikitrack.check.pipeline", "def f():\n    from wikitrack.app.context import Context"),
        ("wikitrack.corrections.workflow", "from wikitrack.app import context"),
        ("wikitrack.web.content", "from wikitrack.cli.output import render_rows"),
        ("wikitrack.web.review_form", "def f():\n    from wikitrack.corrections.workflow import f"),
        ("wikitrack.web.sessions", "from wikitrack import store"),
        ("wikitrack.web.common", "from wikitrack.store.websessions import WebSession"),
        ("wikitrack.config", "from wikitrack.health.assess import KINDS"),
        (
            "wikitrack.report.rendering",
            "from wikitrack.corrections.workflow import overdue_reviews",
        ),
    ],
)
def test_a_wrong_import_is_caught(module: str, source: str) -> None:
    """The rule itself is tested: each of these breaks it (a lazy import too)."""
    assert wrong_imports(module, source)


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "web").glob("*.py")), ids=lambda p: _module_name(p)
)
def test_the_web_reaches_store_and_logic_only_through_app(path: Path) -> None:
    """Issue 27: the web pages call the CLI's use cases; lazy imports count too."""
    source = path.read_text(encoding="utf-8")
    inside = [
        f"{line} {target}"
        for line, target in _imported(ast.parse(source))
        if _is_within(target, WEB_ONLY_THROUGH_APP) and target not in DATA_CLASSES
    ]
    assert not inside, f"{_module_name(path)} imports {inside}"


def test_the_web_rule_lets_the_app_and_data_classes_through() -> None:
    allowed = (
        "from wikitrack.app.correcting import close_review\n"
        "from wikitrack.mail.outbox import Mailing\n"
        "from wikitrack.check.records import StoredChange\n"
    )
    assert not wrong_imports("wikitrack.web.content", allowed)
    # the rule is the web's own: the app still reaches the store
    assert not wrong_imports("wikitrack.app.browsing", "from wikitrack import store")


def test_no_two_modules_share_a_name() -> None:
    names: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = path.parent.name if path.name == "__init__.py" else path.stem
        names.setdefault(name, []).append(_module_name(path))
    assert not {n: m for n, m in names.items() if len(m) > 1 and n != "wikitrack"}


def test_no_two_public_functions_share_a_name() -> None:
    where: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(_module_name(path))
    assert not {n: m for n, m in where.items() if len(m) > 1}
