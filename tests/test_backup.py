"""Backups, restore, upgrades, a damaged database and a full disk."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.check.pipeline import check_lock
from wikitrack.cli.commands import App, cli
from wikitrack.errors import LockHeld
from wikitrack.sandbox import Sandbox
from wikitrack.store import open_db
from wikitrack.store.backups import Backup, Retention, list_backups, select_expired, storage_failure
from wikitrack.store.migrations import SCHEMA_VERSION

from .conftest import write_config

SCHEMA1 = Path(__file__).resolve().parent / "data" / "schema1.sql"
OLD_TABLES = ["_sqlite_migrations", "areas", "lemmas", "area_lemmas", "check_runs"]
OLD_TABLES += ["revisions", "changes"]


def invoke(app: App, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=app, input=input)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with closing(sqlite3.connect(str(path))) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}  # noqa: S608


def dated(directory: Path) -> list[Backup]:
    """Backups other than the one made before the upgrade of the fixture."""
    return [b for b in list_backups(directory) if not b.path.name.endswith("before-upgrade")]


def make_schema1_db(path: Path) -> None:
    with closing(sqlite3.connect(str(path))) as conn:
        conn.executescript(SCHEMA1.read_text(encoding="utf-8"))


@pytest.fixture
def offline(workdir: Path) -> App:
    """A config whose database is the first release's fixture; no wiki is needed."""
    make_schema1_db(workdir / "wikitrack.db")
    return App(config_path=write_config(workdir, workdir / ".sandbox"))


# -- retention ------------------------------------------------------------------------------------


def test_retention_keeps_a_week_of_days_and_months_of_weeks():
    today = date(2026, 11, 25)  # a Wednesday
    backups = []
    for days_ago in range(200):
        for hour in (5, 14):
            taken = datetime(2026, 11, 25, hour, tzinfo=UTC) - timedelta(days=days_ago)
            backups.append(Backup(Path(taken.strftime("%Y-%m-%dT%H%M%SZ")), taken))
    upgrade_taken = datetime(2026, 3, 1, 9, tzinfo=UTC)
    backups.append(Backup(Path("2026-03-01T090000Z-before-upgrade"), upgrade_taken))
    expired = {b.path for b in select_expired(backups, Retention(daily=7, weekly=12), today)}
    kept = sorted(b.taken for b in backups if b.path not in expired)
    daily = [t for t in kept if t.date() > today - timedelta(days=7)]
    assert [t.date() for t in daily] == [today - timedelta(days=d) for d in range(6, -1, -1)]
    assert all(t.hour == 14 for t in daily)  # the newest of each day
    weekly = [t for t in kept if t.date() <= today - timedelta(days=7)]
    # The newest (Sunday's) backup of each of the 12 weeks since Monday 7 September; the week
    # of 16 November ends in the last 7 days.
    sundays = [date(2026, 9, 13) + timedelta(weeks=w) for w in range(10)]
    assert weekly == [upgrade_taken] + [
        datetime(d.year, d.month, d.day, 14, tzinfo=UTC) for d in sundays
    ]
    assert select_expired(backups[:1], Retention(daily=1, weekly=0), date(2030, 1, 1)) == []


# -- backup during a running check ----------------------------------------------------------------

PAUSING_CHECK = """
import sys, time
from pathlib import Path
from wikitrack.check.pipeline import check_lock, run_check
from wikitrack.cli.commands import App
app = App(config_path=sys.argv[1])
paused, resume = Path(sys.argv[2]), Path(sys.argv[3])
saved = []
def pause(page_id):
    saved.append(page_id)
    if len(saved) == 3:
        paused.write_text("paused")
        deadline = time.monotonic() + 120
        while not resume.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
with check_lock(app.config.db_path):
    run_check(app.db, app.wiki, since="2000-01-01T00:00:00Z", on_page_saved=pause)
"""


def test_backup_during_a_running_check_holds_every_committed_row(
    app: App, sandbox: Sandbox, workdir: Path
):
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem not in ("zorg", "wonen"):
            f.unlink()
    assert invoke(app, "watchlist", "sync").exit_code == 0
    app.db.conn.close()
    paused, resume = workdir / "paused", workdir / "resume"
    check = subprocess.Popen(
        [sys.executable, "-c", PAUSING_CHECK, str(app.config_path), str(paused), str(resume)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not paused.exists() and check.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert paused.exists(), check.stderr.read() if check.stderr else ""
        with pytest.raises(LockHeld):  # the check is running
            with check_lock(app.config.db_path):
                pass
        committed = dump(workdir / "wikitrack.db")
        assert committed["revisions"] and committed["check_runs"][0][3] == "running"
        result = invoke(App(config_path=app.config_path), "backup", "--to", "kopie")
        assert result.exit_code == 0, result.output
        assert "integrity ok" in result.output
    finally:
        resume.write_text("go")
        _, err = check.communicate(timeout=300)
    assert check.returncode == 0, err
    (copy,) = list_backups(workdir / "kopie")
    with closing(sqlite3.connect(str(copy.db))) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert dump(copy.db) == committed
    after = dump(workdir / "wikitrack.db")
    assert len(after["revisions"]) > len(committed["revisions"])  # the check went on
    assert (copy.path / "wikitrack.toml").read_text() == app.config_path.read_text()
    manifest = json.loads((copy.path / "manifest.json").read_text())
    assert manifest["tables"]["revisions"] == len(committed["revisions"])


# -- restore drill --------------------------------------------------------------------------------


def test_restore_drill_back_up_change_restore_compare_every_table(offline: App, workdir: Path):
    request = ["review", "request", "Almere", "--area", "bestuur", "--by", "J. Smit"]
    assert invoke(offline, *request, "--reason", "inwonertal").exit_code == 0
    add_user = ["web-user", "add", "jsmit", "--name", "J. Smit", "--password-stdin"]
    assert invoke(offline, *add_user, input="geheim-wachtwoord-1\n").exit_code == 0
    made = invoke(offline, "backup")
    assert made.exit_code == 0, made.output
    (saved,) = dated(workdir / "backups")
    assert oct((saved.path / "web-users.json").stat().st_mode & 0o777) == "0o600"
    before = dump(workdir / "wikitrack.db")
    users_before = (workdir / "web-users.json").read_text()

    assert invoke(offline, *request, "--reason", "nog een").exit_code == 0
    assert invoke(offline, "review", "assign", "1", "--to", "A. de Vries").exit_code == 0
    assert (
        invoke(
            offline,
            "web-user",
            "add",
            "kees",
            "--name",
            "K. Visser",
            "--password-stdin",
            input="ander-wachtwoord-2\n",
        ).exit_code
        == 0
    )
    changed = dump(workdir / "wikitrack.db")
    assert changed != before

    with check_lock(offline.config.db_path):
        refused = invoke(App(config_path=offline.config_path), "restore", str(saved.path))
    assert refused.exit_code == 11 and "another wikitrack run holds" in refused.output
    assert dump(workdir / "wikitrack.db") == changed

    restored = invoke(App(config_path=offline.config_path), "restore", str(saved.path))
    assert restored.exit_code == 0, restored.output
    assert dump(workdir / "wikitrack.db") == before  # every table, every row
    # the live logins are kept (issue 28: no removed login or older password comes back)
    assert "kees" in (workdir / "web-users.json").read_text() != users_before
    assert f"[ok ] database: {workdir / 'wikitrack.db'}: schema {SCHEMA_VERSION} of " in (
        restored.output
    )
    assert "[warn] latest run: #2 started 2026-11-02T05:30:00Z, partial" in restored.output
    (aside,) = workdir.glob("wikitrack.db.before-restore-*")
    assert dump(aside) == changed  # the database it replaced is kept
    doctor_rows = invoke(App(config_path=offline.config_path), "doctor").output
    assert "latest run: #2" in doctor_rows and f"latest {saved.path}" in doctor_rows


# -- upgrades -------------------------------------------------------------------------------------


def test_first_release_database_upgrades_with_every_row_intact(offline: App, workdir: Path):
    db_path = workdir / "wikitrack.db"
    old = dump(db_path)
    assert [r[2] for r in old["_sqlite_migrations"]] == ["m001_initial"]
    version = invoke(offline, "--version")
    assert "schema 4" in version.output.replace(str(SCHEMA_VERSION), "4")
    assert f"schema of {db_path} 1" in version.output
    changes = invoke(offline, "changes", "--json")
    assert changes.exit_code == 0, changes.output
    assert {c["kind"] for c in json.loads(changes.output)} == {
        "template_param_changed",
        "section_added",
    }
    new = dump(db_path)
    for table in OLD_TABLES:
        if table != "_sqlite_migrations":
            # Later migrations may add columns (ALTER TABLE appends them): the old ones must hold.
            width = len(old[table][0]) if old[table] else 0
            new_rows = sorted((r[:width] for r in new[table]), key=repr)
            assert new_rows == old[table], table
    assert len(new["_sqlite_migrations"]) == SCHEMA_VERSION
    (before_upgrade,) = list_backups(workdir / "backups")
    assert before_upgrade.path.name.endswith("-before-upgrade")
    assert dump(before_upgrade.db) == old
    again = invoke(App(config_path=offline.config_path), "changes", "--json")
    assert again.exit_code == 0 and len(list_backups(workdir / "backups")) == 1
    assert f"schema of {db_path} {SCHEMA_VERSION}" in invoke(offline, "--version").output


def test_a_database_newer_than_the_code_is_refused_untouched(offline: App, workdir: Path):
    db_path = workdir / "wikitrack.db"
    with closing(sqlite3.connect(str(db_path))) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('wikitrack', 'm099_from_the_future', '2030-01-01')"
        )
    before = dump(db_path)
    result = invoke(offline, "changes")
    assert result.exit_code == 1
    assert f"{db_path}: schema 2 is newer than this wikitrack" in result.output
    assert "m099_from_the_future" in result.output
    assert dump(db_path) == before


def test_version_names_every_component():
    out = CliRunner().invoke(cli, ["--version"]).output
    for name in ("wikitrack 0.1.0", "pywikibot ", "mwparserfromhell ", "sqlite-utils "):
        assert name in out
    assert f"SQLite {sqlite3.sqlite_version}" in out and f"schema {SCHEMA_VERSION}" in out


# -- a damaged database ---------------------------------------------------------------------------


def _fill(db_path: Path, rows: int) -> None:
    db = open_db(db_path)
    db["changes"].insert_all(
        {"id": f"x{i}", "page_id": 11, "kind": "text_changed", "details": "x" * 200}
        for i in range(rows)
    )
    db.conn.close()  # the last connection checkpoints: every page is in the main file


def test_a_truncated_database_names_the_file_and_the_latest_backup(offline: App, workdir: Path):
    db_path = workdir / "wikitrack.db"
    _fill(db_path, 3000)
    assert invoke(offline, "backup").exit_code == 0
    (saved,) = dated(workdir / "backups")
    with db_path.open("r+b") as f:
        f.truncate(db_path.stat().st_size // 2)
    damaged = db_path.read_bytes()
    for args in (
        ["changes"],
        ["review", "request", "Almere", "--area", "bestuur", "--by", "X", "--reason", "y"],
        ["backup"],
    ):
        result = invoke(App(config_path=offline.config_path), *args)
        assert result.exit_code == 1, (args, result.output)
        assert f"Error: {db_path}: the database is damaged" in result.output
        assert f"latest backup: {saved.path}" in result.output
        assert f"wikitrack restore {saved.db}" in result.output
        assert db_path.read_bytes() == damaged  # nothing written
    assert dated(workdir / "backups") == [saved]
    assert not list((workdir / "backups").glob(".*"))
    doctor = invoke(App(config_path=offline.config_path), "doctor")
    assert "[FAIL] database" in doctor.output

    cut_copy = workdir / "cut-copy.db"
    cut_copy.write_bytes(saved.db.read_bytes()[: saved.db.stat().st_size // 2])
    refused = invoke(App(config_path=offline.config_path), "restore", str(cut_copy))
    assert refused.exit_code == 1 and f"{cut_copy}: not a sound backup" in refused.output
    assert db_path.read_bytes() == damaged

    restored = invoke(App(config_path=offline.config_path), "restore", str(saved.db))
    assert restored.exit_code == 0, restored.output
    assert dump(db_path) == dump(saved.db)
    (aside,) = workdir.glob("wikitrack.db.before-restore-*")  # too damaged to read: kept as is
    assert aside.read_bytes() == damaged


def test_a_damaged_page_is_reported_with_the_way_back(offline: App, workdir: Path):
    db_path = workdir / "wikitrack.db"
    db_path.unlink()  # a new database: no backup made before an upgrade
    _fill(db_path, 3000)
    with db_path.open("r+b") as f:  # scribble over pages in the middle, keep the length
        f.seek(db_path.stat().st_size // 2)
        f.write(b"\xff" * 40960)
    result = invoke(offline, "changes", "--json")
    assert result.exit_code == 1
    assert f"Error: {db_path}: the database is damaged" in result.output
    assert f"no backup found in {workdir / 'backups'}" in result.output
    assert "Traceback" not in result.output


# -- a full disk ----------------------------------------------------------------------------------


def _fill_disk(directory: Path, leave: int) -> None:
    free = os.statvfs(directory).f_bavail * os.statvfs(directory).f_frsize
    with (directory / "filler").open("wb") as f:
        f.write(b"\0" * max(0, free - leave))


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real 1 MiB filesystem (tmpfs); needs root, as CI and the developers' machines are."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_cleanly_with_nothing_half_written(
    tiny_disk: Path, workdir: Path, offline: App
):
    db_path = tiny_disk / "wikitrack.db"
    make_schema1_db(db_path)
    cfg = write_config(workdir, workdir / ".sandbox")
    cfg.write_text(
        cfg.read_text().replace('path = "wikitrack.db"', f'path = "{db_path}"')
        + '[backup]\ndir = "backups"\n'
    )
    assert invoke(App(config_path=cfg), "changes").exit_code == 0  # migrates
    assert invoke(App(config_path=cfg), "backup").exit_code == 0  # onto the big disk
    (saved,) = dated(workdir / "backups")
    before = dump(db_path)
    _fill_disk(tiny_disk, leave=0)
    # a reason of nearly the 2000 characters a reason may have: more than is free
    long_reason = "Het inwonertal klopt niet. " * 70
    request = ["review", "request", "Almere", "--area", "bestuur", "--by", "J. Smit"]
    result = invoke(App(config_path=cfg), *request, "--reason", long_reason)
    assert result.exit_code == 1, result.output
    assert f"Error: {db_path}: the disk is full" in result.output
    assert f"wikitrack restore {saved.db}" in result.output
    full_backup = invoke(App(config_path=cfg), "backup", "--to", str(tiny_disk / "backups"))
    assert full_backup.exit_code == 1
    assert f"{tiny_disk / 'backups'}: backup failed: the disk is full" in full_backup.output
    assert list_backups(tiny_disk / "backups") == []
    assert not list((tiny_disk / "backups").glob(".*"))
    (tiny_disk / "filler").unlink()
    assert dump(db_path) == before  # no half-written request, no event without its request
    with closing(sqlite3.connect(str(db_path))) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ok = invoke(App(config_path=cfg), *request, "--reason", long_reason)
    assert ok.exit_code == 0, ok.output


def test_sqlite_disk_full_is_named_without_a_mount(tmp_path: Path):
    """The same SQLITE_FULL from SQLite's own page limit (max_page_count), for machines where
    mounting a small filesystem is not allowed."""
    db_path = tmp_path / "wikitrack.db"
    db = open_db(db_path)
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as caught:
        with db.atomic():
            db["areas"].insert({"slug": "a", "name": "x" * 100_000})
    failure = storage_failure(caught.value, db_path, tmp_path / "backups")
    assert failure is not None and failure.exit_code == 1
    assert str(failure).startswith(f"{db_path}: the disk is full")
    assert db.execute("SELECT count(*) FROM areas").fetchone()[0] == 0


def test_nightly_backs_up_after_its_check_unless_configured_off(
    app: App, sandbox: Sandbox, workdir: Path
):
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem != "zorg":
            f.unlink()
    assert invoke(app, "watchlist", "sync").exit_code == 0
    result = invoke(app, "nightly", "--mail-dir", "mails")  # no [mail]: mails as files
    assert result.exit_code == 0, result.output
    (made,) = list_backups(workdir / "backups")
    runs = dump(made.db)["check_runs"]
    assert len(runs) == 1 and runs[0][3] == "ok"  # the backup holds the night's check
    off = write_config(workdir, sandbox.dir, extra="[backup]\nnightly = false\n")
    assert invoke(App(config_path=off), "nightly", "--mail-dir", "mails").exit_code == 0
    assert list_backups(workdir / "backups") == [made]


def test_a_backup_from_a_newer_wikitrack_is_refused_before_anything_is_replaced(
    offline: App, workdir: Path
):
    made = invoke(offline, "backup", "--to", str(workdir / "kopie"))
    assert made.exit_code == 0, made.output
    (backup,) = list_backups(workdir / "kopie")
    with closing(sqlite3.connect(str(backup.db))) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('wikitrack', 'm099_from_the_future', '2030-01-01')"
        )
    db_path = workdir / "wikitrack.db"
    before = dump(db_path)
    result = invoke(App(config_path=offline.config_path), "restore", str(backup.path))
    assert result.exit_code == 1
    assert "made by a newer wikitrack" in result.output and "m099_from_the_future" in result.output
    assert dump(db_path) == before and not list(workdir.glob("wikitrack.db.before-restore-*"))


def test_a_backup_directory_that_cannot_be_made_is_a_storage_error(offline: App, workdir: Path):
    (workdir / "bezet").write_text("a file where the backups should go")
    cfg = write_config(workdir, workdir / ".sandbox", extra='[backup]\ndir = "bezet"\n')
    result = invoke(App(config_path=cfg), "backup")
    assert result.exit_code == 1, result.output
    assert f"{workdir / 'bezet'}: cannot make a backup there" in result.output
