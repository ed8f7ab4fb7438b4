"""Check runs: when each ran, over what, and how it ended.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wikitrack.check.records import RunSummary
from wikitrack.store.db import _json, now_iso, write_transaction

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database


def start_run(db: Database, *, area: str | None, since: str | None, method: str) -> int:
    with write_transaction(db):
        table = db.table("check_runs")
        table.insert(
            {
                "started": now_iso(),
                "status": "running",
                "area": area or "",
                "since": since or "",
                "method": method,
                "lemmas": 0,
                "revisions": 0,
                "changes": 0,
                "requests": 0,
                "errors": "[]",
            }
        )
        return int(table.last_pk or 0)


def finish_run(db: Database, run_id: int, **fields: Any) -> None:
    if "errors" in fields:
        fields["errors"] = _json(fields["errors"])
    with write_transaction(db):
        db.table("check_runs").update(run_id, {"finished": now_iso(), **fields})


def mark_checked(
    db: Database,
    unchanged: Sequence[int],
    baseline: Sequence[tuple[int, int | None, str]],
    caught_up: Sequence[tuple[int, int | None, bool]] = (),
) -> None:
    """Record a check of pages without new revisions, and the baseline of new ones:
    `baseline` is (page ID, latest revid, title); `caught_up` is (page ID, latest revid,
    whether it was PENDING) of pages whose listing held nothing new."""
    now = now_iso()
    with write_transaction(db):
        db.conn.executemany(
            "UPDATE lemmas SET checked_at = ? WHERE page_id = ?", [(now, p) for p in unchanged]
        )
        db.conn.executemany(
            "UPDATE lemmas SET last_revid = ?, checked_at = ?, "
            "baseline_at = CASE WHEN ? THEN ? ELSE baseline_at END WHERE page_id = ?",
            [(rev, now, int(pending), now, pid) for pid, rev, pending in caught_up],
        )
        if baseline:
            db.conn.executemany(
                "UPDATE lemmas SET last_revid = ?, baseline_at = ?, checked_at = ?, title = ? "
                "WHERE page_id = ?",
                [(rev, now, now, title, pid) for pid, rev, title in baseline],
            )


def last_finished_run(db: Database) -> RunSummary | None:
    """The newest check run that ended ok or partial, or None."""
    row = db.execute(
        "SELECT id, started, finished, status FROM check_runs WHERE status IN ('ok', 'partial') "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return RunSummary(row[0], row[1], row[2] or "", row[3]) if row else None


def last_run_started(db: Database) -> str | None:
    """When the last finished (ok or partial) check run started, or None."""
    row = last_finished_run(db)
    return str(row.started) if row else None


def run_window_start(db: Database, first_run: int) -> str:
    """When the watching that check run `first_run` reports on began: the start of the
    finished run before it, or its own start when it is the first."""
    row = (
        db.execute(
            "SELECT started FROM check_runs WHERE id < ? AND status IN ('ok', 'partial') "
            "ORDER BY id DESC LIMIT 1",
            [first_run],
        ).fetchone()
        or db.execute("SELECT started FROM check_runs WHERE id = ?", [first_run]).fetchone()
    )
    return str(row[0]) if row else ""


def last_run_id(db: Database) -> int | None:
    row = last_finished_run(db)
    return int(row.id) if row else None
