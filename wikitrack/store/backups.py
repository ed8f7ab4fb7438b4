"""Backups that outlive the server: consistent copies, verified, kept by age; and restore.

A backup is one directory `<backup dir>/<UTC date and time>/` (for example
`backups/2026-11-25T053012Z/`) holding `wikitrack.db`, the config and the web users file, plus a
`manifest.json` with the versions and row counts. The database is copied with SQLite's online
backup API, never as a file: the database runs in WAL mode, so a file copy taken while `check`
writes can miss the pages still in the `-wal` file, or catch a page half-written. The backup API
reads one consistent snapshot, and a reader does not block a writer in WAL mode, so a backup
taken during `check` holds every row committed before it started and delays nothing.

Each copy is verified with `PRAGMA integrity_check` before its directory gets its final name, so
a directory named by date is always a complete, verified backup.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from wikitrack.config import Config
from wikitrack.errors import StorageError, WikitrackError

__all__ = [
    "Backup",
    "Retention",
    "BACKUP_DB",
    "list_backups",
    "copies_kept_by_hand",
    "latest_backup",
    "select_expired",
    "make_backup",
    "backup_configured",
    "backed_up_files",
    "restore_backup",
    "describe_storage_error",
    "storage_failure",
    "find_truncation",
    "installed_versions",
]

BACKUP_DB = "wikitrack.db"
MANIFEST = "manifest.json"
# <UTC time>[-<n> when that second is taken][-<label>]
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{6}Z)(?:-(\d+))?(?:-[a-z][a-z-]*)?$")
UPGRADE_LABEL = "before-upgrade"  # made before migrating; never removed by the retention rule


@dataclass(frozen=True)
class Retention:
    """Keep the newest backup of each of the last `daily` days and of each of the last
    `weekly` ISO weeks; the newest backup of all, and those made before an upgrade, are
    always kept."""

    daily: int = 7
    weekly: int = 12


@dataclass(frozen=True)
class Backup:
    path: Path  # the backup's directory
    taken: datetime

    @property
    def db(self) -> Path:
        return self.path / BACKUP_DB


@dataclass
class BackupResult:
    backup: Backup
    tables: dict[str, int]
    removed: list[Backup] = field(default_factory=list)


def _parse_name(name: str) -> tuple[datetime, int] | None:
    m = _NAME.match(name)
    if not m:
        return None
    taken = datetime.strptime(m.group(1), "%Y-%m-%dT%H%M%SZ").replace(tzinfo=UTC)
    return taken, int(m.group(2) or 1)


def _order(backup: Backup) -> tuple[datetime, int]:
    return _parse_name(backup.path.name) or (backup.taken, 1)


def list_backups(directory: Path) -> list[Backup]:
    """Complete backups in `directory`, oldest first (half-made ones start with a dot)."""
    if not directory.is_dir():
        return []
    found = []
    for p in directory.iterdir():
        parsed = _parse_name(p.name)
        if parsed and (p / BACKUP_DB).is_file():
            found.append(Backup(p, parsed[0]))
    return sorted(found, key=_order)


def copies_kept_by_hand(db_path: Path, backup_dir: Path) -> list[Path]:
    """Copies of the database no retention rule removes: the backups made before an upgrade
    and, beside the database, what `restore` kept aside (`<db>.before-restore-*`) and what
    `init --reset-db` moved aside (`<db>.replaced-*`), with their WAL side files."""
    upgrades = [b.path for b in list_backups(backup_dir) if b.path.name.endswith(UPGRADE_LABEL)]
    beside = [
        p
        for pattern in (f"{db_path.name}.before-restore-*", f"{db_path.name}.replaced-*")
        for p in sorted(db_path.parent.glob(pattern))
    ]
    return upgrades + beside


def latest_backup(directory: Path) -> Backup | None:
    backups = list_backups(directory)
    return backups[-1] if backups else None


def select_expired(backups: Sequence[Backup], retention: Retention, today: date) -> list[Backup]:
    """The backups the retention rule lets go (pure)."""
    keep = {b.path for b in backups if b.path.name.endswith(UPGRADE_LABEL)}
    newest_first = sorted(backups, key=_order, reverse=True)
    if newest_first:
        keep.add(newest_first[0].path)
    first_day = today - timedelta(days=retention.daily - 1)
    this_monday = today - timedelta(days=today.weekday())
    first_week = this_monday - timedelta(weeks=retention.weekly - 1)
    seen_days: set[date] = set()
    seen_weeks: set[date] = set()
    for b in newest_first:
        day = b.taken.date()
        monday = day - timedelta(days=day.weekday())
        if day >= first_day and day not in seen_days:
            seen_days.add(day)
            keep.add(b.path)
        if monday >= first_week and monday not in seen_weeks:
            seen_weeks.add(monday)
            keep.add(b.path)
    return [b for b in backups if b.path not in keep]


# -- errors that name the file and the way back --------------------------------------------------


def describe_storage_error(error: BaseException) -> str | None:
    """What a damaged database or a full disk looks like in plain words; None for others."""
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
            return f"the database is damaged ({error})"
        if name == "SQLITE_FULL":
            return "the disk is full"
        if name.startswith("SQLITE_IOERR"):
            return f"the disk failed to read or write ({error})"
        return None
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full"
    return None


def way_back(backup_dir: Path) -> str:
    latest = latest_backup(backup_dir)
    if latest is None:
        return f"no backup found in {backup_dir}"
    return (
        f"latest backup: {latest.path} ({latest.taken:%Y-%m-%d %H:%M} UTC); "
        f"restore it with 'wikitrack restore {latest.db}'"
    )


def storage_error(path: Path, problem: str, backup_dir: Path) -> StorageError:
    return StorageError(f"{path}: {problem}. {way_back(backup_dir)}")


def storage_failure(error: BaseException, path: Path, backup_dir: Path) -> StorageError | None:
    """A StorageError for a damaged database or a full disk at `path`; None for other errors."""
    problem = describe_storage_error(error)
    if problem is None:
        return None
    where = Path(error.filename) if isinstance(error, OSError) and error.filename else path
    return storage_error(where, problem, backup_dir)


def find_truncation(path: Path) -> str | None:
    """A database file shorter than its own header says: cut short by a full disk or an
    interrupted copy. Reading 100 bytes finds it at once, where SQLite would only fail (or
    write on) when it reaches a missing page. The header's size counts only while its
    "version-valid-for" number equals the change counter (SQLite's file format, section 1.3)."""
    try:
        with path.open("rb") as f:
            header = f.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None  # empty (a new database) or not SQLite: SQLite itself says so
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[24:28] == header[92:96] and size < pages * page_size:
        return (
            f"the database is damaged: the file has {size} bytes where its header says "
            f"{pages * page_size} (cut short)"
        )
    return None


def installed_versions(db_path: Path | None = None) -> dict[str, str]:
    """Versions of wikitrack, the libraries whose changes matter most, SQLite and the schema."""
    from importlib.metadata import PackageNotFoundError, version

    from wikitrack.store.migrations import SCHEMA_VERSION

    found = {}
    for package in ("wikitrack", "pywikibot", "mwparserfromhell", "sqlite-utils"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    found["SQLite"] = sqlite3.sqlite_version
    found["schema"] = str(SCHEMA_VERSION)
    if db_path is not None and db_path.exists():
        from wikitrack.store.snapshot import inspect_database

        try:
            found[f"schema of {db_path}"] = str(inspect_database(db_path).schema)
        except sqlite3.Error as e:
            found[f"schema of {db_path}"] = f"unreadable ({e})"
    return found


# -- backup ---------------------------------------------------------------------------------------


def _copy_database(source: Path, target: Path) -> dict[str, int]:
    """Copy `source` into the new file `target` in one snapshot and verify it; row counts."""
    from wikitrack.store.snapshot import copy_database

    tables, problems = copy_database(source, target)
    if problems:
        raise StorageError("integrity check failed: " + "; ".join(problems[:5]))
    return tables


def _fsync(path: Path) -> None:
    """Flush a file or a directory's entries to the disk: a backup that a power cut turns
    into an empty file is no backup."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_name(directory: Path, now: datetime, label: str) -> str:
    base = now.strftime("%Y-%m-%dT%H%M%SZ")
    used = {_strip_label(p.name) for p in directory.iterdir()}
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    return f"{name}-{label}" if label else name


def _strip_label(name: str) -> str:
    m = _NAME.match(name)
    if not m:
        return name
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def make_backup(
    db_path: Path,
    directory: Path,
    *,
    files: Sequence[Path] = (),
    retention: Retention | None = None,
    now: datetime | None = None,
    versions: dict[str, str] | None = None,
    label: str = "",
) -> BackupResult:
    """Back up the database at `db_path` and `files` into a new dated directory.

    Then drop the backups the retention rule lets go. On any failure nothing is left behind
    but the older backups.
    """
    now = now or datetime.now(UTC)
    if not db_path.exists():
        raise StorageError(f"{db_path}: database not found, nothing to back up")
    if cut := find_truncation(db_path):
        raise storage_error(db_path, cut, directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        name = _new_name(directory, now, label)
    except OSError as e:
        raise StorageError(f"{directory}: cannot make a backup there ({e.strerror or e})") from e
    work = directory / f".{name}.partial"
    try:
        tables = _write_backup(work, db_path, files, versions or {}, now)
        os.replace(work, directory / name)
        _fsync(directory)
    except (sqlite3.Error, OSError, WikitrackError) as e:
        shutil.rmtree(work, ignore_errors=True)
        problem = describe_storage_error(e) or str(e)
        full = getattr(e, "sqlite_errorname", "") == "SQLITE_FULL"
        bad = directory if isinstance(e, OSError) or full else db_path  # the backup's disk
        raise storage_error(bad, f"backup failed: {problem}", directory) from e
    backup = Backup(directory / name, now)
    removed = []
    if retention is not None:
        for old in select_expired(list_backups(directory), retention, now.date()):
            shutil.rmtree(old.path, ignore_errors=True)
            removed.append(old)
    return BackupResult(backup, tables, removed)


def _write_backup(
    work: Path, db_path: Path, files: Sequence[Path], versions: dict[str, str], now: datetime
) -> dict[str, int]:
    """Fill the new directory `work`: the database, `files` and the manifest, all on disk."""
    work.mkdir(mode=0o700)
    tables = _copy_database(db_path, work / BACKUP_DB)
    for f in files:
        if f.is_file():
            shutil.copy2(f, work / f.name)  # keeps mode 0600 of the web users file
    manifest = {
        "taken": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "database": str(db_path),
        "files": [f.name for f in files if f.is_file()],
        "tables": tables,
        "versions": versions,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for p in [*work.iterdir(), work]:
        _fsync(p)
    return tables


def backed_up_files(config: Config) -> list[Path]:
    """What a backup holds besides the database: the config and the web users file (watchlists
    are in git; pywikibot's password file and the SMTP secrets stay where they are)."""
    return [p for p in (config.path, config.base_dir / "web-users.json") if p is not None]


def backup_configured(config: Config, directory: Path | None = None) -> BackupResult:
    """A backup as the config says: where, what, and how many to keep."""
    backup = config.backup
    return make_backup(
        config.db_path,
        directory or backup.dir,
        files=backed_up_files(config),
        retention=Retention(daily=backup.keep_daily, weekly=backup.keep_weekly),
        versions=installed_versions(),
    )


# -- restore --------------------------------------------------------------------------------------


def resolve_backup(path: Path) -> Path:
    """The database file of a backup, given its directory or the file itself."""
    db = path / BACKUP_DB if path.is_dir() else path
    if not db.is_file():
        raise StorageError(f"{path}: no backup database here (expected {BACKUP_DB})")
    return db


def _verify_backup(source: Path) -> None:
    """Refuse a backup that is unsound, or made by a newer wikitrack (this code could not open
    it afterwards), before anything is replaced."""
    from wikitrack.store.snapshot import file_schema

    if cut := find_truncation(source):
        raise StorageError(f"{source}: not a sound backup: {cut}")
    try:
        problems, newer = file_schema(source)
    except sqlite3.Error as e:
        problems, newer = [describe_storage_error(e) or str(e)], []
    if problems:
        raise StorageError(f"{source}: not a sound backup: {'; '.join(problems[:5])}")
    if newer:
        raise StorageError(
            f"{source}: made by a newer wikitrack (migrations {', '.join(newer)}); "
            "upgrade wikitrack first, then restore"
        )


def _keep_database_aside(db_path: Path, stamp: str) -> Path:
    """Copy the database to `<db>.before-restore-<stamp>` with the backup API, or move its
    files there as they are when it is too damaged to read."""
    aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
    try:
        _copy_database(db_path, aside)
    except (sqlite3.Error, StorageError):
        aside.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(db_path) + suffix)
            if part.exists():
                os.replace(part, str(aside) + suffix)
    return aside


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def restore_backup(
    source: Path,
    db_path: Path,
    *,
    files: Sequence[Path] = (),
    prepare: Callable[[Path], None] | None = None,
    now: datetime | None = None,
) -> list[Path]:
    """Replace the database at `db_path` with the backup `source`; returns what was kept aside.

    The caller holds the run lock. The backup is verified first, then copied to a temporary
    file beside the database, `<db>.restoring-<time>`, and `prepare` is run on that copy (it
    migrates it, applies the redactions again and ends the web sessions), so the live file
    never holds the backup's unredacted text or its old sessions; a failure there leaves the
    live database as it was. Then the current database is copied aside as
    `<db>.before-restore-<time>` (with the backup API, or as raw files when it is too damaged
    to read), and the prepared copy is written into it with the backup API, so a connection
    that has it open (the web view) reads the restored data. `files` (the web users file) are
    put back from the backup's directory only where they are missing: a live one is kept.
    """
    now = now or datetime.now(UTC)
    stamp = now.strftime("%Y-%m-%dT%H%M%SZ")
    from wikitrack.store.snapshot import copy_into

    source = resolve_backup(source)
    _verify_backup(source)
    staged = db_path.with_name(f"{db_path.name}.restoring-{stamp}")
    _remove_database(staged)
    try:
        _copy_database(source, staged)
        if prepare is not None:
            prepare(staged)
        kept = [_keep_database_aside(db_path, stamp)] if db_path.exists() else []
        copy_into(staged, db_path)
    finally:
        _remove_database(staged)
    for f in files:
        saved = source.parent / f.name
        if saved.is_file() and not f.exists():
            shutil.copy2(saved, f)
    return kept
