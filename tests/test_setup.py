"""scripts/setup.sh says what it installs and how far it is, and the demo's set-up leaves out
Chromium. The script runs for real in a copy of the repository, with apt-get, dpkg-query and pip
replaced by recorders on PATH (no network, no root needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

RECORDER = '#!/bin/sh\necho "$(basename "$0") $*" >> "$CALLS"\n'


def run_setup(tmp_path: Path, *args: str) -> tuple[str, list[str]]:
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", repo / "scripts" / "setup.sh")
    stubs = tmp_path / "bin"
    venv = repo / ".venv" / "bin"
    for d in (stubs, venv):
        d.mkdir(parents=True)
    for name, where in (("apt-get", stubs), ("python", venv), ("pip", venv)):
        (where / name).write_text(RECORDER)
        (where / name).chmod(0o755)
    # dpkg-query: nothing is installed yet
    (stubs / "dpkg-query").write_text("#!/bin/sh\nexit 1\n")
    (stubs / "dpkg-query").chmod(0o755)
    calls = tmp_path / "calls"
    env = dict(os.environ, PATH=f"{stubs}:{os.environ['PATH']}", CALLS=str(calls))
    done = subprocess.run(
        ["bash", str(repo / "scripts" / "setup.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr, calls.read_text().splitlines()


@pytest.mark.parametrize("demo", [False, True], ids=["tests", "demo"])
def test_setup_shows_its_steps_and_the_demo_skips_chromium(tmp_path: Path, demo: bool):
    out, calls = run_setup(tmp_path, *(["--demo"] if demo else []))
    steps = [line for line in out.splitlines() if line.startswith("setup [")]
    assert [s[:11] for s in steps] == ["setup [1/3]", "setup [2/3]", "setup [3/3]"]
    assert "installing Debian packages: mediawiki" in out
    assert out.rstrip().splitlines()[-1].startswith("setup done in ")
    install = next(c for c in calls if c.startswith("apt-get") and " install " in c)
    assert ("chromium" in install) is not demo
    assert any(c.startswith("pip install") for c in calls)


def test_the_demo_runs_the_setup_without_chromium():
    demo = (ROOT / "scripts" / "demo.sh").read_text()
    assert "bash scripts/setup.sh --demo" in demo
