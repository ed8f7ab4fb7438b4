"""Review requests and their events.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from ..errors import InputError
from ..models import ReviewEvent, ReviewRequest
from ..wikifacts import normalize_title
from .corrections import _update_with_event


def insert_review(
    db: Database,
    *,
    title: str,
    area: str,
    by: str,
    reason: str,
    due: str | None,
    source: str = "cli",
) -> int:
    """A new review request, its title as the wiki stores it (`normalize_title`, the one title
    rule); the database's own triggers enforce the rules (a watched lemma of that area, a
    reason, a valid date) for the CLI and the web form alike."""
    try:
        with db.atomic():
            cur = db.execute(
                "INSERT INTO review_requests (title, area, requested_by, reason, due, source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [normalize_title(title), area, by, reason, due or "", source],
            )
            return int(cur.lastrowid or 0)
    except sqlite3.IntegrityError as e:
        raise InputError(f"review request refused: {e}") from None


def get_review(db: Database, request_id: int) -> ReviewRequest | None:
    rows = list(db.query("SELECT * FROM review_requests WHERE id = ?", [request_id]))
    return ReviewRequest(**rows[0]) if rows else None


def iter_reviews(
    db: Database, *, status: str | None = None, area: str | None = None
) -> Iterator[ReviewRequest]:
    for row in db.query(
        "SELECT * FROM review_requests WHERE (:status IS NULL OR status = :status) "
        "AND (:area IS NULL OR area = :area) ORDER BY id",
        {"status": status, "area": area},
    ):
        yield ReviewRequest(**row)


def update_review(
    db: Database,
    request_id: int,
    *,
    actor: str,
    from_status: str,
    to_status: str,
    note: str = "",
    **fields: Any,
) -> None:
    _update_with_event(
        db,
        "review_requests",
        "review_events",
        "request_id",
        request_id,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        fields=fields,
    )


def review_events(db: Database, request_id: int) -> list[ReviewEvent]:
    """A request's trail, oldest first (the web shows it under each request)."""
    return [
        ReviewEvent(**row)
        for row in db.query(
            "SELECT * FROM review_events WHERE request_id = ? ORDER BY id", [request_id]
        )
    ]
