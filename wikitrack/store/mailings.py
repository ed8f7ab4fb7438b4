"""Nightly windows and their messages (tables of migrations m002 and m005).

Every function takes a Database; none does network I/O. A message goes pending -> sending ->
sent (or failed); one found in "sending" was interrupted mid-send and becomes "unknown", never
sent again; a backlog message that a wider one replaces becomes "superseded".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wikitrack.mail.outbox import Mailing, NewMailing
from wikitrack.store.db import now_iso, write_transaction

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "NewMailing",
    "last_window_run",
    "first_run_since",
    "recent_mailings",
    "told_guideline",
    "told_facts",
    "save_window",
    "mark_interrupted",
    "pending_mailings",
    "mark_sending",
    "mark_failed",
    "mark_sent",
    "mailed_identities",
]

_CHUNK = 500  # identities per query, well under SQLite's limit of bound parameters


def _mailing(row: dict[str, Any]) -> Mailing:
    plain = ("id", "created", "first_run", "last_run", "recipient", "status")
    return Mailing(
        **{k: row[k] for k in plain},
        subject=row["subject"] or "",
        areas=tuple(json.loads(row["areas"] or "[]")),
        message=row.get("message") or "",
        attempts=row["attempts"] or 0,
        error=row["error"] or "",
        reminders=tuple(json.loads(row["reminders"] or "[]")),
    )


_COLUMNS = (
    "id, created, first_run, last_run, recipient, subject, status, areas, attempts, error, "
    "reminders"
)


def last_window_run(db: Database) -> int | None:
    """The last check run of the newest nightly window (None before the first)."""
    row = db.execute("SELECT max(last_run) FROM nightly_windows").fetchone()
    return int(row[0]) if row and row[0] is not None else None


def first_run_since(db: Database, since: str) -> int | None:
    """The first check run started at or after `since`."""
    row = db.execute("SELECT min(id) FROM check_runs WHERE started >= ?", [since]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def recent_mailings(db: Database, recipient: str, day_start: str) -> list[Mailing]:
    """The recipient's undelivered messages and today's: years of sent mail are not read."""
    return [
        _mailing(r)
        for r in db.query(
            f"SELECT {_COLUMNS} FROM mailings "  # noqa: S608 (constants only)
            "WHERE recipient = ? AND status != 'superseded' "
            "AND (status IN ('pending', 'failed') OR created >= ?) ORDER BY id",
            [recipient, day_start],
        )
    ]


def told_guideline(db: Database, recipient: str) -> set[str]:
    """Which states of guideline findings (`guideline:...` keys) a recipient was ever told, in
    any delivered message: they are told once, however old the message."""
    rows = db.query(
        "SELECT reminders FROM mailings WHERE recipient = ? "
        "AND status NOT IN ('pending', 'failed', 'superseded') AND reminders LIKE ?",
        [recipient, '%"guideline:%'],
    )
    return {
        k for r in rows for k in json.loads(r["reminders"] or "[]") if k.startswith("guideline:")
    }


def told_facts(db: Database, recipient: str) -> list[str]:
    """The keys of fact states (`fact:...`, `fact_aged:...`) a recipient was told in any
    delivered message, oldest message first: the last one of a fact is its state as told."""
    rows = db.query(
        "SELECT reminders FROM mailings WHERE recipient = ? "
        "AND status NOT IN ('pending', 'failed', 'superseded') AND reminders LIKE ? ORDER BY id",
        [recipient, '%"fact%'],
    )
    return [
        k
        for r in rows
        for k in json.loads(r["reminders"] or "[]")
        if k.startswith(("fact:", "fact_aged:"))
    ]


def save_window(
    db: Database,
    window: tuple[int, int],
    messages: Sequence[NewMailing],
    superseded: Sequence[int],
) -> None:
    """The window, its messages (pending) and the backlog they replace, in one transaction."""
    created = now_iso()
    with write_transaction(db):
        db.table("nightly_windows").insert(
            {
                "created": created,
                "first_run": window[0],
                "last_run": window[1],
                "mailings": len(messages),
            }
        )
        for mid in superseded:
            db.table("mailings").update(mid, {"status": "superseded"})
        for m in messages:
            cur = db.execute(
                "INSERT INTO mailings (created, first_run, last_run, recipient, areas, subject, "
                "message, status, attempts, reminders) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)",
                [
                    created, m.first_run, window[1], m.recipient, json.dumps(list(m.areas)),
                    m.subject, m.message, json.dumps(list(m.reminders)),
                ],
            )  # fmt: skip
            db.conn.executemany(
                "INSERT OR IGNORE INTO mailed_changes (identity, mailing_id) VALUES (?, ?)",
                [(identity, cur.lastrowid) for identity in m.changes],
            )


def mailed_identities(db: Database, recipient: str, identities: Sequence[str]) -> set[str]:
    """Which of these change identities a message to `recipient` told of, one that went out
    (sent, or maybe sent: "sending", "unknown"); a message never delivered does not count."""
    found: set[str] = set()
    unique = sorted(set(identities))
    for i in range(0, len(unique), _CHUNK):
        chunk = unique[i : i + _CHUNK]
        found.update(
            identity
            for (identity,) in db.execute(
                "SELECT mc.identity FROM mailed_changes mc JOIN mailings m ON m.id = mc.mailing_id "  # noqa: S608 (placeholders only)
                f"WHERE mc.identity IN ({', '.join('?' for _ in chunk)}) AND m.recipient = ? "
                "AND m.status IN ('sent', 'sending', 'unknown')",
                [*chunk, recipient],
            )
        )
    return found


def mark_interrupted(db: Database) -> list[Mailing]:
    """Messages left in "sending" by a crash, now "unknown": reported, never sent again."""
    found = [
        _mailing(r)
        for r in db.query(
            f"SELECT {_COLUMNS} FROM mailings WHERE status = 'sending'"  # noqa: S608
        )
    ]
    with write_transaction(db):
        for m in found:
            db.table("mailings").update(m.id, {"status": "unknown"})
    return found


def pending_mailings(db: Database) -> list[Mailing]:
    """Messages to send (pending, or failed before), oldest first, with their text."""
    return [
        _mailing(r)
        for r in db.query(
            "SELECT * FROM mailings WHERE status IN ('pending', 'failed') ORDER BY id"
        )
    ]


def mark_sending(db: Database, mailing: Mailing) -> None:
    with write_transaction(db):
        db.table("mailings").update(
            mailing.id, {"status": "sending", "attempts": mailing.attempts + 1}
        )


def mark_failed(db: Database, ids: Sequence[int], error: str) -> None:
    with write_transaction(db):
        for mid in ids:
            db.table("mailings").update(mid, {"status": "failed", "error": error})


def mark_sent(db: Database, mailing_id: int) -> None:
    with write_transaction(db):
        db.table("mailings").update(
            mailing_id, {"status": "sent", "error": None, "sent_at": now_iso()}
        )
