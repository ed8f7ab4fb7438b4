"""Benchmark: start-up. The wall time of a whole process, from exec to exit, for `python -c
pass`, `sqlite-utils --help` and wikitrack's `--help`, a group's `--help` and the commands that
read only the store, all measured in the same run, one after the other in turn (so a busy
moment of the machine falls on all of them alike), best and median of `--runs`.

A store-only command reads the config, the watchlists, the facts register and the SQLite file;
it never talks to the wiki, renders HTML or serves, so it imports none of pywikibot,
mwparserfromhell, Jinja2 or Flask (issue 27: the target is 0.25 s). Each is run once more
with a wrapper that lists what it imported of those; `tests/test_startup.py` fails when one
of them does.

wikitrack runs from this checkout the way its `wikitrack` script does (`from
wikitrack.cli.commands import cli; cli()`), with its bytecode cached in a temporary directory
(`PYTHONPYCACHEPREFIX`, warmed once before timing) as an installed copy has it. `--compile`
runs every process with PYTHONDONTWRITEBYTECODE on a copy of the package without
`__pycache__` instead, so each compiles every module of wikitrack it imports again (the
libraries keep theirs): a checkout whose bytecode is never written, as where setup's
`compileall` did not run.
The database is a fresh one in a temporary directory, with the repository's watchlists and
facts beside it.

Usage: python benchmarks/bench_startup.py [--runs 10] [--compile]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wikitrack import store
from wikitrack.config import load_config

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.25
HEAVY = ("pywikibot", "mwparserfromhell", "jinja2", "flask")
# The commands timed: --help, a group's --help, and store-only commands (a selection of
# tests/test_startup.py's STORE_ONLY, where every one of them is held to its imports).
COMMANDS = [
    ["--help"],
    ["correction", "--help"],
    ["correction", "list"],
    ["changes"],
    ["review", "list"],
    ["worklist"],
    ["watchlist", "list"],
    ["facts", "list"],
    ["report", "--format", "json"],
]
CONFIG = (
    '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
    '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n'
    '[[people]]\nname = "J. Smit"\nrole = "policy"\nareas = ["bestuur"]\n'
)
# The `wikitrack` script's body; with HEAVY_TO set, it also writes what it imported of HEAVY.
WIKITRACK = """
import os, sys
if os.environ.get("HEAVY_TO"):
    import atexit, json
    def heavy():
        wanted = set(json.loads(os.environ["HEAVY"]))
        found = sorted({m.split(".")[0] for m in sys.modules} & wanted)
        open(os.environ["HEAVY_TO"], "w").write(json.dumps(found))
    atexit.register(heavy)
from wikitrack.cli.commands import cli
sys.exit(cli(prog_name="wikitrack"))
"""


def set_up(root: Path) -> None:
    """A config, a fresh database, and the repository's watchlists and facts beside them."""
    (root / "wikitrack.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(ROOT / "watchlists", root / "watchlists")
    shutil.copytree(ROOT / "facts", root / "facts")
    store.open_db(load_config(root / "wikitrack.toml").db_path).close()


def sqlite_utils_help() -> list[str]:
    """`sqlite-utils --help`: its script beside this interpreter, else its module."""
    script = Path(sys.executable).parent / "sqlite-utils"
    return (
        [str(script), "--help"]
        if script.exists()
        else [sys.executable, "-m", "sqlite_utils", "--help"]
    )


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{argv[-3:]} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return elapsed


def heavy_imports(args: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """What of HEAVY `wikitrack ARGS` imported, by the wrapper's list at exit."""
    out = cwd / "heavy.json"
    env = {**env, "HEAVY": json.dumps(HEAVY), "HEAVY_TO": str(out)}
    run_once([sys.executable, "-c", WIKITRACK, *args], cwd, env)
    return list(json.loads(out.read_text(encoding="utf-8")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--compile", action="store_true", help="no bytecode cache: compile each run")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="wikitrack-startup-"))
    try:
        set_up(root)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(root / "pycache")}
        if args.compile:  # the standard library keeps its own bytecode, as it does installed
            # A copy of the package without the `__pycache__` that setup compiles: there is no
            # bytecode of wikitrack to read, and none is written.
            shutil.copytree(
                ROOT / "wikitrack",
                root / "src" / "wikitrack",
                ignore=shutil.ignore_patterns("__pycache__"),
            )
            env |= {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(root / "src")}
            del env["PYTHONPYCACHEPREFIX"]
        env.pop("WIKITRACK_CONFIG", None)
        runs = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "sqlite-utils --help": sqlite_utils_help(),
            **{"wikitrack " + " ".join(c): [sys.executable, "-c", WIKITRACK, *c] for c in COMMANDS},
        }
        for argv in runs.values():  # warm: bytecode written, files in the page cache
            run_once(argv, root, env)
        times: dict[str, list[float]] = {label: [] for label in runs}
        for _ in range(args.runs):
            for label, argv in runs.items():
                times[label].append(run_once(argv, root, env))
        cache = "compiled in every run" if args.compile else "bytecode cached"
        print(
            f"start-up, whole process, {args.runs} runs each, {cache} (s); the target for "
            f"wikitrack (its median): {TARGET_S:.2f} s"
        )
        print(f"  {'':<30}{'best':>7}{'median':>8}  {'target':<8}imports of {', '.join(HEAVY)}")
        for label, argv in runs.items():
            best, median = min(times[label]), statistics.median(times[label])
            wikitrack = label.startswith("wikitrack")
            held = ("within" if median <= TARGET_S else "over") if wikitrack else ""
            heavy = ""
            if wikitrack:
                heavy = ", ".join(heavy_imports(argv[3:], root, env)) or "none"
            print(f"  {label:<30}{best:>7.3f}{median:>8.3f}  {held:<8}{heavy}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
