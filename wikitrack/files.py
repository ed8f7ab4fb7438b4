"""Writing files safely: secrets private from the first byte, edits atomic."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_private", "write_atomically"]


def write_private(path: Path, text: str) -> None:
    """Create `path` with mode 0600 before any secret is written into it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, 0o600)


def write_atomically(path: Path, text: str, *, mode: int = 0o644) -> None:
    """Replace `path` in one step (a temp file renamed over it): never half-written. The temp
    file is private (mkstemp's 0600) until `mode` is set."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
