"""Review requests and their events.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from wikitrack.corrections.entries import ReviewEvent, ReviewRequest
from wikitrack.errors import InputError
from wikitrack.store.correction_log import _update_with_event
from wikitrack.store.db import write_transaction
from wikitrack.web.views import WebRequest, WebRequestStep
from wikitrack.wiki.sitefacts import normalize_title

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database


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
        with write_transaction(db):
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


def open_reviews_of(db: Database, title: str) -> list[ReviewRequest]:
    """The open and assigned requests on a lemma (its title as stored)."""
    return [
        ReviewRequest(**row)
        for row in db.query(
            f"SELECT * FROM review_requests WHERE title = ? AND {_OPEN} ORDER BY id",  # noqa: S608
            [title],
        )
    ]


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


# -- the web view ---------------------------------------------------------------------------------

_OPEN = "status IN ('open', 'assigned')"


def web_requests(
    db: Database,
    areas: Sequence[str],
    *,
    requested_by: str | None = None,
    title: str | None = None,
    closed_limit: int = -1,
) -> tuple[list[WebRequest], int]:
    """The review requests of `areas` (only those of `requested_by`, or on `title`, when given)
    with their trails: every open or assigned one, then the newest `closed_limit` closed ones
    (-1: all), each part newest first; and how many closed ones were left out."""
    marks = ", ".join("?" for _ in areas)
    where = f"area IN ({marks}) AND (? IS NULL OR requested_by = ?) AND (? IS NULL OR title = ?)"
    params = [*areas, requested_by, requested_by, title, title]
    columns = "id, title, area, requested_by, reason, due, status, assignee, outcome, created"
    sql = f"SELECT {columns} FROM review_requests WHERE {where} AND "  # noqa: S608 (marks)
    rows = db.execute(sql + f"{_OPEN} ORDER BY id DESC", params).fetchall()
    closed = db.execute(
        sql + f"NOT {_OPEN} ORDER BY id DESC LIMIT ?", [*params, closed_limit]
    ).fetchall()
    hidden = 0
    if closed_limit >= 0 and len(closed) == closed_limit:
        count = f"SELECT count(*) FROM review_requests WHERE {where} AND NOT {_OPEN}"  # noqa: S608
        hidden = int(db.execute(count, params).fetchone()[0]) - closed_limit
    steps = _web_steps(db, [r[0] for r in rows + closed])
    found = [WebRequest(*r) for r in rows + closed]
    return [replace(r, events=tuple(steps.get(r.id, ()))) for r in found], hidden


def web_request_page(
    db: Database,
    areas: Sequence[str],
    *,
    requested_by: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[WebRequest], int]:
    """One page of the review requests of `areas` (only those of `requested_by`, when given)
    with their trails: open and assigned ones first, each part newest first; and how many
    there are in all."""
    marks = ", ".join("?" for _ in areas)
    where = f"area IN ({marks}) AND (? IS NULL OR requested_by = ?)"
    params = [*areas, requested_by, requested_by]
    columns = "id, title, area, requested_by, reason, due, status, assignee, outcome, created"
    rows = db.execute(
        f"SELECT {columns} FROM review_requests WHERE {where} "  # noqa: S608 (marks)
        f"ORDER BY {_OPEN} DESC, id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    count = f"SELECT count(*) FROM review_requests WHERE {where}"  # noqa: S608 (marks)
    total = int(db.execute(count, params).fetchone()[0])
    steps = _web_steps(db, [r[0] for r in rows])
    found = [WebRequest(*r) for r in rows]
    return [replace(r, events=tuple(steps.get(r.id, ()))) for r in found], total


def _web_steps(db: Database, request_ids: Sequence[int]) -> dict[int, list[WebRequestStep]]:
    """The trails of the requests, in one query."""
    out: dict[int, list[WebRequestStep]] = {}
    marks = ", ".join("?" for _ in request_ids)
    sql = (
        "SELECT request_id, at, actor, from_status, to_status, note FROM review_events "  # noqa: S608
        f"WHERE request_id IN ({marks}) ORDER BY id"
    )
    for request_id, *step in db.execute(sql, list(request_ids)):
        out.setdefault(request_id, []).append(WebRequestStep(*step))
    return out
