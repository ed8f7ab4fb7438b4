"""What `doctor` and restore see of a database file without migrating it."""

from __future__ import annotations

from dataclasses import dataclass

from wikitrack.check.records import RunSummary


@dataclass(frozen=True)
class DatabaseState:
    """What the database file holds, read without migrating it."""

    schema: int
    problems: tuple[str, ...]  # from PRAGMA integrity_check; empty when sound
    newer: tuple[str, ...]  # migrations of a newer wikitrack
    latest_run: RunSummary | None
    run_unreadable: str = ""  # why the latest run could not be read (a damaged table)
