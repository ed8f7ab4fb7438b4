"""Start-up follows the tree (issue 27): `--help`, a group's `--help` and the commands that
read only the store import none of pywikibot, mwparserfromhell, Jinja2 or Flask. Each runs in a
fresh interpreter the way the `wikitrack` script runs it, and writes at exit what it imported.
No timings here: benchmarks/bench_startup.py measures them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from wikitrack import store
from wikitrack.cli.commands import cli
from wikitrack.config import load_config

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pywikibot", "mwparserfromhell", "jinja2", "flask")

# A store-only command reads the config, the watchlists, the facts register and the SQLite
# file; it never talks to the wiki, renders HTML or serves (benchmarks/bench_startup.py times
# the same commands).
STORE_ONLY = [
    ["--help"],
    ["--version"],
    ["correction", "list"],
    ["correction", "list", "--json"],
    ["correction", "show", "1"],
    ["correction", "export"],
    ["changes"],
    ["changes", "--csv"],
    ["review", "list"],
    ["review", "show", "1"],
    ["worklist"],
    ["worklist", "show", "1"],
    ["watchlist", "list"],
    ["watchlist", "show", "bestuur"],
    ["watchlist", "validate"],
    ["facts", "list"],
    ["facts", "validate"],
    ["web-user", "list"],
    ["report"],
    ["report", "--format", "markdown"],
    ["report", "--format", "json"],
]
GROUP_HELP = [
    [name, "--help"] for name, c in sorted(cli.commands.items()) if isinstance(c, click.Group)
]
# The `wikitrack` script's body, writing the top-level packages of HEAVY it imported at exit.
WIKITRACK = """
import atexit, json, os, sys
def imported():
    found = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(os.environ["HEAVY"])))
    open(os.environ["HEAVY_TO"], "w").write(json.dumps(found))
atexit.register(imported)
if sys.argv[1:2] == ["--code"]:
    exec(sys.argv[2])
else:
    from wikitrack.cli.commands import cli
    sys.exit(cli(prog_name="wikitrack"))
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config, a fresh database, and the repository's watchlists and facts beside them."""
    root = tmp_path_factory.mktemp("startup")
    (root / "wikitrack.toml").write_text(
        '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
        '[[people]]\nname = "J. Smit"\nrole = "policy"\nareas = ["bestuur"]\n',
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "watchlists", root / "watchlists")
    shutil.copytree(ROOT / "facts", root / "facts")
    store.open_db(load_config(root / "wikitrack.toml").db_path).close()
    return root


def imported_heavy(
    home: Path, args: list[str]
) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """What of HEAVY `wikitrack ARGS`, run in `home`, imported; and how it ended."""
    out = home / "imported.json"
    out.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "WIKITRACK_CONFIG"}
    env |= {"PYTHONPATH": str(ROOT), "HEAVY": json.dumps(HEAVY), "HEAVY_TO": str(out)}
    done = subprocess.run(
        [sys.executable, "-c", WIKITRACK, *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.exists(), done.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8")), done


@pytest.mark.parametrize("args", STORE_ONLY + GROUP_HELP, ids=" ".join)
def test_a_store_only_command_imports_no_wiki_parser_template_or_web_library(
    home: Path, args: list[str]
) -> None:
    heavy, done = imported_heavy(home, args)
    assert done.returncode in (0, 2), done.stderr[-3000:]  # 2: no such ID, a clean usage error
    assert "Traceback" not in done.stderr
    assert heavy == [], f"wikitrack {' '.join(args)} imports {heavy}"


def test_the_check_sees_what_a_command_that_renders_html_imports(home: Path) -> None:
    """Not vacuous: the same wrapper sees Jinja2 where a command renders HTML."""
    heavy, done = imported_heavy(home, ["report", "--format", "html"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert heavy == ["jinja2"]


def test_the_check_sees_pywikibot_once_the_wiki_layer_starts_it(home: Path) -> None:
    """Not vacuous for pywikibot either: the wiki adapter imports it where a session starts
    (a real wiki command needs a wiki; the wiki tests run those)."""
    code = (
        "from wikitrack.wiki.adapter import WikiClient; "
        "WikiClient('http://127.0.0.1:9/w/api.php')._import_pywikibot()"
    )
    heavy, done = imported_heavy(home, ["--code", code])
    assert done.returncode == 0, done.stderr[-3000:]
    assert "pywikibot" in heavy
