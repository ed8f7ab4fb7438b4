"""The database file as a whole: copy it in one snapshot, verify it, and look inside it
without migrating it (for backups, restores and `doctor`).

These functions take paths or connections rather than a Database: they work on files that
`open_db` has not opened (and must not migrate), such as a backup or a damaged database."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlite_utils import Database

from wikitrack.check.records import RunSummary
from wikitrack.store.migrations import schema_version, unknown_migrations
from wikitrack.store.state import DatabaseState

__all__ = [
    "check_integrity",
    "connect_file",
    "copy_database",
    "copy_into",
    "file_schema",
    "inspect_database",
]


def connect_file(path: Path) -> sqlite3.Connection:
    # Read and write, even to only read: a read-only connection cannot open a WAL database
    # whose -shm file is missing.
    return sqlite3.connect(str(path), timeout=30)


def check_integrity(conn: sqlite3.Connection) -> list[str]:
    """Problems `PRAGMA integrity_check` finds; empty when the database is sound."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def copy_into(source: Path, target: Path) -> None:
    """Write the database `source` into `target` with SQLite's backup API, in one step (so from
    one read snapshot: copied in several steps, a write in between would restart the copy);
    a connection that has `target` open reads the new data."""
    with closing(connect_file(source)) as src, closing(connect_file(target)) as dest:
        src.backup(dest, pages=-1)


def copy_database(source: Path, target: Path) -> tuple[dict[str, int], list[str]]:
    """Copy `source` into the new file `target` in one snapshot as a self-contained file (no
    WAL side files); its row counts per table and the integrity problems of the copy."""
    copy_into(source, target)
    with closing(sqlite3.connect(str(target))) as dest:
        dest.execute("PRAGMA journal_mode = DELETE")
        problems = check_integrity(dest)
        if problems:
            return {}, problems
        names = [
            r[0]
            for r in dest.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        counts = {n: dest.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608 (names from sqlite_master)
    return counts, []


def file_schema(path: Path) -> tuple[list[str], list[str]]:
    """(integrity problems, migrations newer than this code) of the database file `path`."""
    with closing(connect_file(path)) as conn:
        problems = check_integrity(conn)
        return problems, [] if problems else unknown_migrations(
            Database(conn, execute_plugins=False)
        )


def inspect_database(path: Path) -> DatabaseState:
    """Schema, soundness and latest check run of the database at `path`, unmigrated.

    Raises sqlite3.DatabaseError when the file cannot be read as a database."""
    with closing(connect_file(path)) as conn:
        db = Database(conn, execute_plugins=False)
        schema, problems = schema_version(db), check_integrity(conn)
        newer = () if problems else tuple(unknown_migrations(db))
        try:
            run, unreadable = _latest_run(db), ""
        except sqlite3.DatabaseError as e:  # a damaged table: the rest is still worth showing
            run, unreadable = None, str(e)
        return DatabaseState(schema, tuple(problems), newer, run, unreadable)


def _latest_run(db: Database) -> RunSummary | None:
    if not db["check_runs"].exists():
        return None
    row = db.execute(
        "SELECT id, started, finished, status FROM check_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return RunSummary(row[0], row[1], row[2] or "", row[3]) if row else None
