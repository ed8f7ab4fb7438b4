"""Revisions, structural changes and page events.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from wikitrack.check.records import (
    EDIT_FLAGS,
    Change,
    CheckedRevision,
    PageEvent,
    PageSave,
    SeenRevision,
    StoredChange,
    StoredHistory,
)
from wikitrack.store.db import _json, now_iso, update_row, upsert_rows, write_transaction
from wikitrack.wiki.pages import Revision

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database


def seen_revisions(db: Database, limit: int) -> list[SeenRevision]:
    """Up to `limit` revisions the database saw, newest first: stored revisions with their
    time, then lemmas' baseline revisions (no time known)."""
    out = [
        SeenRevision(*r)
        for r in db.execute(
            "SELECT revid, page_id, title, timestamp FROM revisions ORDER BY revid DESC LIMIT ?",
            [limit],
        ).fetchall()
    ]
    known = {r.revid for r in out}
    for revid, page_id, title in db.execute(
        "SELECT last_revid AS revid, page_id, title FROM lemmas WHERE last_revid IS NOT NULL "
        "ORDER BY last_revid DESC LIMIT ?",
        [limit],
    ).fetchall():
        if len(out) >= limit:
            break
        if revid not in known:
            out.append(SeenRevision(revid, page_id, title, ""))
    return out


def _revision_row(
    rev: Revision,
    *,
    title: str,
    size_delta: int,
    is_team: bool,
    bot: bool,
    run_id: int,
    parent_sha1: str = "",
) -> dict[str, Any]:
    return {
        "revid": rev.revid,
        "page_id": rev.page_id,
        "parent_id": rev.parent_id,
        "timestamp": rev.timestamp,
        "user": rev.user,
        "userid": rev.userid,
        "anon": int(rev.anon),
        "temp": int(rev.temp),
        "bot": int(bot),
        "minor": int(rev.minor),
        "size": rev.size,
        "size_delta": size_delta,
        "comment": rev.comment,
        "tags": _json(list(rev.tags)),
        "sha1": rev.sha1,
        "is_team": int(is_team),
        "reverts": "[]",
        "reverted_by": None,
        "run_id": run_id,
        "title": title,
        "parent_sha1": parent_sha1 or None,
    }


def save_page_revisions(
    db: Database,
    *,
    page_id: int,
    run_id: int,
    revisions: Sequence[dict[str, Any]],
    changes: Sequence[tuple[int, Sequence[Change], str]],
    reverts: dict[int, list[int]],
    lemma_update: dict[str, Any],
) -> int:
    """Store one page's new revisions, their changes and its new check state at once.

    `revisions` are rows of the revisions table (as `save_checked_pages` makes them);
    `changes` is (revid, [Change], timestamp); `reverts` maps a reverting revid to the revids
    it undid. Returns the number of changes.
    """
    count = 0
    with write_transaction(db):
        upsert_rows(db, "revisions", revisions, pk="revid")
        for revid, found, timestamp in changes:
            # A revision's changes are replaced as a whole: a re-run may describe it anew.
            db.execute("DELETE FROM changes WHERE revid = ?", [revid])
            rows = [
                {
                    "id": f"r{revid}:{seq}",
                    "revid": revid,
                    "log_id": None,
                    "page_id": page_id,
                    "seq": seq,
                    "kind": c.kind,
                    "category": c.category,
                    "details": _json(c.details),
                    "timestamp": timestamp,
                    "run_id": run_id,
                }
                for seq, c in enumerate(found)
            ]
            upsert_rows(db, "changes", rows, pk="id")
            count += len(rows)
        for reverting, undone in reverts.items():
            update_row(db, "revisions", "revid", reverting, {"reverts": _json(undone)})
            for revid in undone:
                update_row(db, "revisions", "revid", revid, {"reverted_by": reverting})
        update_row(db, "lemmas", "page_id", page_id, lemma_update)
    return count


def save_checked_pages(db: Database, pages: Sequence[PageSave], run_id: int) -> int:
    """Store checked pages in one transaction: each page's new revisions, their changes and
    its new check state (so a page is all there or not at all). Returns the changes stored."""
    now = now_iso()
    with write_transaction(db):  # each page nested in a savepoint
        return sum(
            save_page_revisions(
                db,
                page_id=page.page_id,
                run_id=run_id,
                revisions=[_checked_row(r, run_id) for r in page.revisions],
                changes=page.changes,
                reverts=page.reverts,
                lemma_update={
                    "last_revid": page.last_revid,
                    "checked_at": now,
                    "title": page.title,
                    "last_error": None,
                    "baseline_at": page.baseline_at,
                    "redirect_target": None,
                },
            )
            for page in pages
        )


def _checked_row(r: CheckedRevision, run_id: int) -> dict[str, Any]:
    return _revision_row(
        r.revision,
        title=r.title,
        size_delta=r.size_delta,
        is_team=r.is_team,
        bot=r.bot,
        run_id=run_id,
        parent_sha1=r.parent_sha1,
    )


def save_page_event(db: Database, event: PageEvent, run_id: int) -> None:
    """A move, deletion, restore or redirect: one change row keyed by its log entry, and the
    lemma's new status or title."""
    log = event.log
    key = f"l{log.log_id}" if log else f"p{event.page_id}:{event.kind}:{event.timestamp}"
    update: dict[str, Any] = {"status": event.status, "title": event.title}
    update = {k: v for k, v in update.items() if v is not None}
    if event.checked:
        update["checked_at"] = now_iso()
    with write_transaction(db):
        db.table("changes").upsert(
            {
                "id": key,
                "revid": None,
                "log_id": log.log_id if log else None,
                "page_id": event.page_id,
                "seq": 0,
                "kind": event.kind,
                "category": "event",
                "details": _json(event.details),
                "timestamp": event.timestamp,
                "run_id": run_id,
            },
            pk="id",
        )
        db.table("lemmas").update(event.page_id, update)


def known_log_ids(db: Database, log_ids: Sequence[int]) -> set[int]:
    """Which of these log entries a stored page event holds already (looked up by the
    event's row ID, `l<log ID>` as `save_page_event` keys it, along the primary key)."""
    found: set[int] = set()
    keys = sorted({f"l{log_id}" for log_id in log_ids})
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT log_id FROM changes WHERE id IN ({marks})"  # noqa: S608 (placeholders)
        found.update(int(log_id) for (log_id,) in db.execute(sql, chunk))
    return found


def page_history(
    db: Database, page_id: int, limit: int = 15, parent: int | None = None
) -> StoredHistory:
    """The page's `limit` latest stored revisions (and `parent`, the revision before the
    new ones) with their users, and its stored revisions that were reverted."""
    found = db.execute(
        "SELECT revid, sha1, user, parent_id, parent_sha1 FROM revisions WHERE page_id = ? "
        "ORDER BY revid DESC LIMIT ?",
        [page_id, limit],
    ).fetchall()
    rows = [(revid, sha1, user) for revid, sha1, user, _, _ in found]
    # The parents check read but never stored (a baseline's revision): a revert to their text
    # on a later day is a revert too.
    stored_ids = {r[0] for r in rows}
    parents = [(p, s) for *_, p, s in found if p and s and p not in stored_ids]
    users = {revid: user for revid, _, user in rows if user}
    if parent and parent not in {r[0] for r in rows}:
        row = db.execute("SELECT user FROM revisions WHERE revid = ?", [parent]).fetchone()
        if row and row[0]:
            users[parent] = row[0]
    return StoredHistory(
        sha1s=tuple((revid, sha1) for revid, sha1, _ in rows) + tuple(parents),
        users=users,
        reverted=frozenset(reverted_revids(db, page_id)),
    )


def reverted_revids(db: Database, page_id: int) -> set[int]:
    """Stored revisions of a page that a later revision reverted."""
    return {
        r[0]
        for r in db.execute(
            "SELECT revid FROM revisions WHERE page_id = ? AND reverted_by IS NOT NULL", [page_id]
        ).fetchall()
    }


# Each change's areas are its page's, through the view of migration m014 (the one statement
# of the rule), looked up by page in the same query: the query stays driven by its own
# filter's index (since, runs), with no query per row and no reading of every lemma.
_AREAS = (
    "(SELECT group_concat(area, char(31)) FROM (SELECT DISTINCT area FROM page_areas pa "
    "WHERE pa.page_id = c.page_id ORDER BY area))"
)
_SEP = "\x1f"  # between a page's areas in `_AREAS` (char(31)): never in a slug
_FILTERS = {
    "area": "c.page_id IN (SELECT page_id FROM page_areas WHERE area = :area)",
    "since": "c.timestamp >= :since",
    "kind": "c.kind = :kind",
    "run_id": "c.run_id = :run_id",
    "first_run": "c.run_id BETWEEN :first_run AND :last_run",
}


def _json_tuple(text: str | None) -> tuple[Any, ...]:
    """A JSON list column as a tuple; most are empty, and cost no parsing."""
    return tuple(json.loads(text)) if text and text != "[]" else ()


_AS_STORED = (
    "id", "timestamp", "page_id", "title", "namespace", "kind", "revid", "log_id", "parent_id",
    "size_delta", "reverted_by",
)  # fmt: skip


def _stored_change(row: dict[str, Any]) -> StoredChange:
    """A row of `iter_changes`' query as our own dataclass: JSON columns decoded, flags named,
    and a page event's missing revision columns as empty values."""
    return StoredChange(
        **{k: row[k] for k in _AS_STORED},
        category=row["category"] or "",
        details=json.loads(row["details"] or "{}"),
        user=row["user"] or "",
        comment=row["comment"] or "",
        flags=tuple(f for f in EDIT_FLAGS if row["is_team" if f == "team" else f]),
        reverts=_json_tuple(row["reverts"]),
        tags=_json_tuple(row["tags"]),
        areas=tuple(row["areas"].split(_SEP)) if row["areas"] else (),
    )


def iter_changes(
    db: Database,
    *,
    area: str | None = None,
    since: str | None = None,
    kind: str | None = None,
    run_id: int | None = None,
    runs: tuple[int, int] | None = None,
) -> Iterator[StoredChange]:
    """Stored changes with their revision, lemma and areas, oldest first, in one query.
    Parameters only, never text pasted into SQL: titles and summaries come from the wiki."""
    named = {
        "area": area,
        "since": since,
        "kind": kind,
        "run_id": run_id,
        "first_run": runs[0] if runs else None,
        "last_run": runs[1] if runs else None,
    }
    given = {k: v for k, v in named.items() if v is not None}
    where = [sql for key, sql in _FILTERS.items() if key in given]
    sql = (
        "SELECT c.id, c.timestamp, c.page_id, l.title, l.namespace, "  # noqa: S608 (constants)
        "c.kind, c.category, c.details, c.revid, c.log_id, r.user, r.comment, r.anon, "
        "r.temp, r.bot, r.is_team, r.minor, r.size_delta, r.reverted_by, r.reverts, "
        "r.parent_id, r.tags, "
        + _AREAS
        + " AS areas FROM changes c JOIN lemmas l ON l.page_id = c.page_id "
        "LEFT JOIN revisions r ON r.revid = c.revid "
        + ("WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.timestamp, c.revid, c.seq"
    )
    for row in db.query(sql, given):
        yield _stored_change(row)


def iter_area_changes(db: Database, area: str, since: str | None = None) -> Iterator[StoredChange]:
    """The changes of one area (its lemmas and their talk pages), since a time, oldest first."""
    return iter_changes(db, area=area, since=since)


def activity_by_area(
    db: Database, *, now: datetime, days: int = 30, tz: Any = None
) -> dict[str, list[int]]:
    """Revisions and page events per area per local day, the last `days` days up to `now`."""
    tz = tz or UTC
    end = now.astimezone(tz).date()
    start = end - timedelta(days=days - 1)
    since = (
        (datetime.combine(start, datetime.min.time(), tz) - timedelta(days=1))
        .astimezone(UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    # A revision with several changes counts once per area (`seen`).
    sql = (
        "SELECT c.timestamp, coalesce(c.revid, -c.log_id, c.id) AS k, "  # noqa: S608 (constants)
        + _AREAS
        + " AS areas FROM changes c WHERE c.timestamp >= ?"
    )
    out: dict[str, list[int]] = {}
    seen: set[tuple[str, str, Any]] = set()
    for timestamp, key, areas in db.execute(sql, [since]):
        ts = datetime.fromisoformat(timestamp)  # ...Z: aware, in UTC
        day = (ts.astimezone(tz).date() - start).days
        for area in areas.split(_SEP) if areas else ():
            if 0 <= day < days and (area, timestamp, key) not in seen:
                seen.add((area, timestamp, key))
                out.setdefault(area, [0] * days)[day] += 1
    return out


# -- the web view ---------------------------------------------------------------------------------


def web_changes_cutoff(db: Database, area: str, since: str, newest: int) -> str | None:
    """Where the newest `newest` changes of `area` since `since` begin (their oldest time), or
    None when the area has no more than that: the web view shows changes from there on, so a
    page stays small after years of history. Read backwards along the timestamp index."""
    rows = db.execute(
        "SELECT c.timestamp FROM changes c WHERE c.timestamp >= ? AND EXISTS (SELECT 1 FROM "
        "page_areas pa WHERE pa.page_id = c.page_id AND pa.area = ?) "
        "ORDER BY c.timestamp DESC LIMIT 2 OFFSET ?",
        [since, area, max(newest - 1, 0)],
    ).fetchall()
    return str(rows[0][0]) if len(rows) == 2 else None
