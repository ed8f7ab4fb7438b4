"""The virtualenv holds exactly what requirements.lock pins: no more, no other versions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            pins[_normalize(m.group(1))] = m.group(2)
    return pins


def test_lock_pins_every_package_with_hashes():
    text = LOCK.read_text(encoding="utf-8")
    pins = _pins(text.splitlines())
    for name in ("click", "pywikibot", "mwparserfromhell", "sqlite-utils", "pytest", "ruff"):
        assert name in pins, f"{name} is not in requirements.lock"
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n# WARNING")[0])
    assert all("--hash=sha256:" in e for e in entries if "==" in e)


def test_installed_packages_are_exactly_the_locked_ones():
    out = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    installed = _pins(out.splitlines())
    locked = _pins(LOCK.read_text(encoding="utf-8").splitlines())
    assert installed == locked, "run 'bash scripts/setup.sh' (or refresh the lock)"
