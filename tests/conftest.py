"""Test rig: one throwaway sandbox MediaWiki per test session (fresh temp dir, free port),
stopped at the end even when tests fail. pywikibot reads PYWIKIBOT_DIR once per process, so
every wiki test shares the sandbox's generated pywikibot dir."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wikitrack.cli.commands import App
from wikitrack.sandbox import MEDIAWIKI_DIR, Sandbox

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """WIKITRACK_TEST_DAYS_AHEAD=N runs the suite with the clock N days ahead (time-machine:
    `time`, `datetime` and `date` of this process; the monotonic clock, which timeouts and
    sleeps use, is left alone), so a test or example that only holds today fails now."""
    days = os.environ.get("WIKITRACK_TEST_DAYS_AHEAD")
    if days:
        import time_machine

        ahead = datetime.now(UTC) + timedelta(days=int(days))
        time_machine.travel(ahead, tick=True).start()


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    if not (MEDIAWIKI_DIR / "maintenance" / "install.php").exists():
        pytest.fail("MediaWiki is not installed: run scripts/setup.sh (apt-get install mediawiki)")
    root = Path(tempfile.mkdtemp(prefix="wikitrack-sandbox-"))
    sb = Sandbox(root / "wiki")
    try:
        sb.start()
        yield sb
    finally:
        sb.stop()
        shutil.rmtree(root, ignore_errors=True)


# The people of the corrections log: three desk editors (one also proposes for 'bestuur'; the
# first two have a team account of their own, S. Bouali has none) and policy staff of four
# areas.
PEOPLE = """
[[people]]
name = "A. de Vries"
role = "desk"
[[people]]
name = "B. Bos"
role = "desk"
areas = ["bestuur"]
[[people]]
name = "J. Smit"
role = "policy"
areas = ["bestuur"]
[[people]]
name = "K. Visser"
role = "policy"
areas = ["sport"]
[[people]]
name = "M. Jansen"
role = "policy"
areas = ["zorg"]
[[people]]
name = "L. Bakker"
role = "policy"
areas = ["wijken"]
[[people]]
name = "S. Bouali"
role = "desk"
"""


def write_config(directory: Path, sandbox_dir: Path, extra: str = "") -> Path:
    path = directory / "wikitrack.toml"
    path.write_text(
        f'[database]\npath = "wikitrack.db"\n[watchlists]\ndir = "watchlists"\n'
        f'[wiki]\nurl = "sandbox"\n[sandbox]\ndir = "{sandbox_dir}"\n'
        '[[team_accounts]]\nuser = "Anouk-GemeenteAlmere"\nperson = "A. de Vries"\n'
        '[[team_accounts]]\nuser = "Bram-GemeenteAlmere"\nperson = "B. Bos"\n' + PEOPLE + extra,
        encoding="utf-8",
    )
    return path


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    shutil.copytree(ROOT / "facts", tmp_path / "facts")  # the facts register, beside them
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def app(workdir: Path, sandbox: Sandbox) -> App:
    return App(config_path=write_config(workdir, sandbox.dir))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the sandbox, directly or through a fixture, is a `wiki` test, so
    `pytest -m "not wiki"` runs the pure suite without MediaWiki."""
    for item in items:
        if "sandbox" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.wiki)
