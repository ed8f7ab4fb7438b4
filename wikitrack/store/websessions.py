"""The web view's sessions (table of migration m017): one row per logged-in browser.

Every function takes a Database; none does network I/O. A row is found by the SHA-256 of the
cookie's random ID (`key`), never by the ID itself. The web reads, writes and ends its own
rows; the `web-user` commands end every row of a login (disable, remove, passwd), and
`restore` every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wikitrack.store.db import write_transaction

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "WebSession",
    "get_web_session",
    "save_web_session",
    "update_web_session",
    "touch_web_session",
    "drop_web_session",
    "delete_login_sessions",
    "end_all_web_sessions",
    "prune_web_sessions",
]


@dataclass(frozen=True)
class WebSession:
    """A stored session: its login ("" before one), when it began and was last seen (Unix
    seconds), and the rest of its data as JSON (flash messages)."""

    key: str
    login: str
    created: float
    seen: float
    data: str


def get_web_session(db: Database, key: str) -> WebSession | None:
    row = db.execute(
        "SELECT id, login, created, seen, data FROM web_sessions WHERE id = ?", [key]
    ).fetchone()
    if row is None:
        return None
    return WebSession(row[0], row[1] or "", float(row[2]), float(row[3]), row[4] or "{}")


def save_web_session(db: Database, session: WebSession, *, replaces: str = "") -> None:
    """Write a new session (it replaces the row `replaces`, the ID it had before login)."""
    with write_transaction(db):
        if replaces and replaces != session.key:
            db.execute("DELETE FROM web_sessions WHERE id = ?", [replaces])
        db.execute(
            "INSERT OR REPLACE INTO web_sessions (id, login, created, seen, data) "
            "VALUES (?, ?, ?, ?, ?)",
            [session.key, session.login, session.created, session.seen, session.data],
        )


def update_web_session(db: Database, key: str, *, seen: float, data: str) -> None:
    """New data for a session that has a row: a row ended meanwhile (`web-user disable` while
    the request ran) stays ended."""
    with write_transaction(db):
        db.execute("UPDATE web_sessions SET seen = ?, data = ? WHERE id = ?", [seen, data, key])


def touch_web_session(db: Database, key: str, seen: float) -> None:
    with write_transaction(db):
        db.execute("UPDATE web_sessions SET seen = ? WHERE id = ?", [seen, key])


def drop_web_session(db: Database, key: str) -> None:
    with write_transaction(db):
        db.execute("DELETE FROM web_sessions WHERE id = ?", [key])


def delete_login_sessions(db: Database, login: str) -> int:
    """End every session of a login; how many there were."""
    with write_transaction(db):
        return db.execute("DELETE FROM web_sessions WHERE login = ?", [login]).rowcount


def end_all_web_sessions(db: Database) -> int:
    """End every session (a restored database: its sessions may have ended since)."""
    with write_transaction(db):
        return db.execute("DELETE FROM web_sessions").rowcount


def prune_web_sessions(db: Database, *, seen_before: float, created_before: float) -> int:
    """Forget the sessions that have lapsed (idle too long, or begun too long ago)."""
    with write_transaction(db):
        return db.execute(
            "DELETE FROM web_sessions WHERE seen < ? OR created < ?",
            [seen_before, created_before],
        ).rowcount
