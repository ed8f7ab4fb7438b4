"""Opening, migrating and replacing the database file.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikitrack.errors import ConfigError, StorageError
from wikitrack.store.backups import find_truncation, storage_error, storage_failure

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27); opening imports it
    from sqlite_utils import Database

BUSY_TIMEOUT_S = 30.0  # cron and a person may write at once; sqlite's default is 5 s


_DEFERRED_BEGINS = frozenset(
    {"BEGIN", "BEGIN DEFERRED", "BEGIN TRANSACTION", "BEGIN DEFERRED TRANSACTION"}
)


class _ImmediateConnection(sqlite3.Connection):
    """A connection whose write transactions take the write lock when they begin.

    The web, the CLI and cron write to one file. A transaction begun DEFERRED reads first and
    asks for the write lock at its first write; when another process committed in between,
    SQLite refuses that upgrade at once ("database is locked"), whatever the busy timeout. So
    the `BEGIN` that sqlite-utils says around every write (`atomic()`, `insert`, `update`)
    becomes `BEGIN IMMEDIATE` here, and Python's implicit transactions are IMMEDIATE too
    (`isolation_level`): a writer then waits for the lock, up to the busy timeout."""

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if " ".join(sql.upper().replace(";", " ").split()) in _DEFERRED_BEGINS:
            sql = "BEGIN IMMEDIATE"
        return super().execute(sql, *args)


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the database file with writes that begin IMMEDIATE (see
    `_ImmediateConnection`) and a long busy timeout."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, factory=_ImmediateConnection)
    conn.isolation_level = "IMMEDIATE"
    return conn


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction, begun IMMEDIATE (holding the write lock from its first
    statement, reads included), committed at the end or rolled back on any error; inside
    another it is a savepoint of that one. Every write of the store goes through it."""
    if db.conn.in_transaction:
        with db.atomic():  # a savepoint of the transaction around it
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_db(
    path: Path,
    *,
    create: bool = True,
    backup_dir: Path | None = None,
    upgrade_backup: bool = True,
) -> Database:
    """Open (and migrate) the database, in WAL mode with a long busy timeout; an older one is
    backed up before it is migrated, unless `upgrade_backup` is False (a restored backup's
    copy: the backup itself is the copy from before the upgrade, and another would keep the
    text of every redaction made since).

    A damaged database or a full disk raises StorageError naming the file and the latest
    backup in `backup_dir` (default: `backups/` beside the database).
    """
    path = Path(path)
    if not create and not path.exists():
        raise ConfigError(f"{path}: database not found (run 'wikitrack init')")
    backup_dir = backup_dir or path.parent / "backups"
    if cut := find_truncation(path):
        raise storage_error(path, cut, backup_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    from sqlite_utils import Database

    conn = connect(path)
    # sqlite-utils' plugins are not ours to run (none is installed), and looking for them scans
    # the metadata of every installed package on each start (start-up, issue 27).
    db = Database(conn, execute_plugins=False)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        migrate(db, path=path, backup_dir=backup_dir if upgrade_backup else None)
    except sqlite3.DatabaseError as e:
        conn.close()
        failure = storage_failure(e, path, backup_dir)
        if failure is None:
            raise
        raise failure from e
    return db


def migrate(db: Database, *, path: Path | None = None, backup_dir: Path | None = None) -> list[str]:
    """Apply pending migrations; an older database is backed up first (when `path` and
    `backup_dir` are given), and a database newer than this code is refused untouched."""
    from wikitrack.store.migrations import (
        SCHEMA_VERSION,
        migrations,
        pending_migrations,
        schema_version,
        unknown_migrations,
    )

    unknown = unknown_migrations(db)
    if unknown:
        raise StorageError(
            f"{path or 'the database'}: schema {schema_version(db)} is newer than this wikitrack "
            f"(schema {SCHEMA_VERSION}; unknown migrations: {', '.join(unknown)}). Install the "
            "wikitrack version that made it, or restore a backup made with this version."
        )
    pending = pending_migrations(db)
    if pending and schema_version(db) and path is not None and backup_dir is not None:
        from wikitrack.store.backups import UPGRADE_LABEL, make_backup

        make_backup(path, backup_dir, label=UPGRADE_LABEL)
    migrations.apply(db)
    return pending


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def move_aside(path: Path) -> Path | None:
    """Rename the database (with its WAL files) to `<name>.replaced-<time>`; None when there is
    none. Nothing is deleted: the old record stays readable."""
    path = Path(path)
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.replaced-{stamp}")
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    path.rename(target)
    return target


def _names(*names: str) -> list[str]:
    """Table and column names for SQL text: our own identifiers only, never the wiki's."""
    if not all(n.isidentifier() for n in names):
        raise ValueError(f"not an SQL identifier: {names}")
    return [f"[{n}]" for n in names]


def upsert_rows(db: Database, table: str, rows: Sequence[dict[str, Any]], pk: str) -> None:
    """Insert or update rows that share their columns, with one prepared statement.

    sqlite-utils' `upsert_all` reads the table's schema on every call, which costs more than the
    writes themselves when a check saves hundreds of pages one by one. The values are bound
    parameters; the names are checked identifiers from our code (`_names`).
    """
    if not rows:
        return
    cols = list(rows[0])
    [name, key], quoted = _names(table, pk), _names(*cols)
    sets = ", ".join(f"{c} = excluded.{c}" for c in quoted if c != key)
    sql = (
        f"INSERT INTO {name} ({', '.join(quoted)}) VALUES ({', '.join('?' for _ in cols)}) "  # noqa: S608 (checked names)
        f"ON CONFLICT({key}) DO UPDATE SET {sets}"
    )
    db.conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])


def update_row(db: Database, table: str, pk: str, key: Any, fields: dict[str, Any]) -> None:
    """`UPDATE table SET fields WHERE pk = key` (nothing when `fields` is empty)."""
    if fields:
        [name, column], sets = _names(table, pk), _names(*fields)
        assignments = ", ".join(f"{c} = ?" for c in sets)
        sql = f"UPDATE {name} SET {assignments} WHERE {column} = ?"  # noqa: S608 (checked names)
        db.execute(sql, [*fields.values(), key])
