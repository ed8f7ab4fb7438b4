"""One function per command: what the command does, apart from parsing and rendering.

Each takes the `Context` (config, database, wiki opened on first use) and the command's
arguments as plain values, and returns a result object (a frozen dataclass or a list of
domain objects) that `cli.py` renders; none prints, and none imports click. Errors are our own
exceptions (`errors.py`), which the CLI turns into messages and exit codes.
"""

from __future__ import annotations

from .context import Context

__all__ = ["Context"]


# -- set-up: init, doctor, backup, restore, sandbox, serve, web users ---------------------------


# -- watchlists, check and sync ------------------------------------------------------------------


# -- changes, reports, health and nightly --------------------------------------------------------


# -- corrections, reviews and audit --------------------------------------------------------------
