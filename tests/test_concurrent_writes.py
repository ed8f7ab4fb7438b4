"""The web, the CLI and cron write to one SQLite file at once: every write transaction takes the
write lock when it begins (`BEGIN IMMEDIATE`), so a writer waits for another instead of dying
with "database is locked" (a transaction that began as a read cannot wait: SQLite refuses its
upgrade at once when another process wrote in between).

Several processes write through the store's own functions, as check runs, review requests and
nightly mailings do, on a local file; none may fail and no row may be lost."""

from __future__ import annotations

import multiprocessing
import sqlite3
import traceback
from pathlib import Path

from sqlite_utils import Database

from wikitrack import store
from wikitrack.store import mailings
from wikitrack.store.db import write_transaction
from wikitrack.store.mailings import NewMailing

ROUNDS = 25
WRITERS = 4


def _setup(path: Path) -> None:
    db = store.open_db(path)
    db["areas"].insert({"slug": "cultuur", "name": "Cultuur"})
    db["lemmas"].insert({"page_id": 7, "title": "Élan vital", "namespace": 0})
    db["area_lemmas"].insert({"area": "cultuur", "page_id": 7})
    db.conn.close()


def _writer(path: str, who: int, start: object) -> list[str]:
    """One process: check runs, review requests and mail windows, in a bounded loop; the
    errors it met, as text."""
    db = store.open_db(Path(path), create=False)
    start.wait()  # type: ignore[attr-defined]
    errors = []
    for i in range(ROUNDS):
        try:
            run = store.start_run(db, area=None, since=None, method="batched")
            store.insert_review(
                db, title="Élan vital", area="cultuur", by=f"w{who}", reason=f"r{i}", due=None
            )
            message = NewMailing(f"w{who}-{i}@example.org", ("cultuur",), "s", "m", run, ())
            mailings.save_window(db, (run, run), [message], [])
            store.finish_run(db, run, status="ok", lemmas=1)
        except sqlite3.Error:
            errors.append(traceback.format_exc(limit=3))
    db.conn.close()
    return errors


def test_parallel_writers_from_several_processes_lose_nothing(tmp_path: Path):
    path = tmp_path / "wikitrack.db"
    _setup(path)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ctx.Pool(WRITERS) as pool:
            jobs = [pool.apply_async(_writer, (str(path), w, start)) for w in range(WRITERS)]
            start.set()
            errors = [e for job in jobs for e in job.get(timeout=300)]
    assert errors == []
    db = store.open_db(path, create=False)
    total = WRITERS * ROUNDS
    assert db["check_runs"].count_where("status = 'ok'") == total
    assert db["review_requests"].count == total
    assert db["mailings"].count == total
    assert db["nightly_windows"].count == total


def test_a_write_transaction_holds_the_write_lock_from_its_start(tmp_path: Path):
    path = tmp_path / "wikitrack.db"
    _setup(path)
    db = store.open_db(path, create=False)
    other = sqlite3.connect(path, timeout=0)
    with write_transaction(db):
        db.execute("SELECT count(*) FROM lemmas").fetchone()  # a read first: still the writer
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            assert "locked" in str(e)
        else:
            raise AssertionError("a second writer got the lock inside a write transaction")
    other.execute("BEGIN IMMEDIATE")
    other.rollback()
    assert db.journal_mode == "wal"


def test_sqlite_utils_writes_begin_immediate_too(tmp_path: Path):
    """sqlite-utils' own `atomic()` (under `table.insert`, `table.update`) says BEGIN: on our
    connection that takes the write lock at once as well."""
    path = tmp_path / "wikitrack.db"
    _setup(path)
    db: Database = store.open_db(path, create=False)
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    db["lemmas"].update(7, {"title": "Élan"})
    assert any(s.upper().startswith("BEGIN IMMEDIATE") for s in seen), seen
    assert not any(s.strip().upper() == "BEGIN" for s in seen), seen
