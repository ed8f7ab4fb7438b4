"""SQLite through sqlite-utils. Every function takes a Database; none does network I/O.

Writes that belong together happen in one `db.atomic()` transaction, so a run killed at any
point leaves either all of a page's new revisions and changes, or none of them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from .backup import find_truncation, storage_error, storage_failure
from .errors import ConfigError, StorageError
from .migrations import (
    SCHEMA_VERSION,
    migrations,
    pending_migrations,
    schema_version,
    unknown_migrations,
)
from .models import Area, Change, LogEvent, Revision

__all__ = [
    "open_db",
    "migrate",
    "now_iso",
    "save_areas",
    "iter_lemmas",
    "lemma_by_title",
    "save_resolved_lemmas",
    "start_run",
    "finish_run",
    "save_page_revisions",
    "save_page_event",
    "iter_changes",
    "recent_revisions",
    "area_counts",
]

BUSY_TIMEOUT_S = 30.0  # cron and a person may write at once; sqlite's default is 5 s


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_db(path: Path, *, create: bool = True, backup_dir: Path | None = None) -> Database:
    """Open (and migrate) the database, in WAL mode with a long busy timeout.

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
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    db = Database(conn)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        migrate(db, path=path, backup_dir=backup_dir)
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
    unknown = unknown_migrations(db)
    if unknown:
        raise StorageError(
            f"{path or 'the database'}: schema {schema_version(db)} is newer than this wikitrack "
            f"(schema {SCHEMA_VERSION}; unknown migrations: {', '.join(unknown)}). Install the "
            "wikitrack version that made it, or restore a backup made with this version."
        )
    pending = pending_migrations(db)
    if pending and schema_version(db) and path is not None and backup_dir is not None:
        from .backup import UPGRADE_LABEL, make_backup

        make_backup(path, backup_dir, label=UPGRADE_LABEL)
    migrations.apply(db)
    return pending


def schema_status(db: Database) -> tuple[int, int]:
    return schema_version(db), SCHEMA_VERSION


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# -- areas and lemmas -------------------------------------------------------------------------


def save_areas(db: Database, areas: Sequence[Area]) -> None:
    db.table("areas").upsert_all(
        [
            {
                "slug": a.slug,
                "name": a.name,
                "description": a.description,
                "contacts": _json(list(a.contacts)),
                "path": a.path,
            }
            for a in areas
        ],
        pk="slug",
    )


def save_resolved_lemmas(
    db: Database,
    area_members: dict[str, list[dict[str, Any]]],
    pages: dict[int, dict[str, Any]],
    joining: Iterable[int] = (),
) -> None:
    """Replace area membership with `area_members` and upsert the lemma rows in `pages`.

    Lemma rows keep their check state (last_revid, baseline) across syncs, and a talk page
    keeps its article (`subject_id`), so it stays watched with it when it leaves a list.
    Pages in `joining` (watched again after a time unwatched) start afresh from their
    current revision, with their talk pages: what happened while nobody watched is history
    (`check --since`), not news.
    """
    with db.atomic():
        for page_id, row in pages.items():
            existing = db.execute("SELECT 1 FROM lemmas WHERE page_id = ?", [page_id]).fetchone()
            if existing:
                db.table("lemmas").update(
                    page_id, {k: v for k, v in row.items() if k != "subject_id"}
                )
            else:
                db.table("lemmas").insert({"page_id": page_id, "status": "ok", **row})
        joined = set(joining)
        stale = [
            r["page_id"]
            for r in db.query(
                "SELECT page_id, subject_id, talk_id FROM lemmas WHERE last_revid IS NOT NULL "
                "OR baseline_at IS NOT NULL"
            )
            if r["page_id"] in joined or r["subject_id"] in joined
        ]
        talks = [
            r["talk_id"]
            for r in db.query("SELECT page_id, talk_id FROM lemmas WHERE talk_id IS NOT NULL")
            if r["page_id"] in joined
        ]
        db.conn.executemany(
            "UPDATE lemmas SET last_revid = NULL, baseline_at = NULL WHERE page_id = ?",
            [(pid,) for pid in set(stale) | set(talks)],
        )
        for area, members in area_members.items():
            db.execute("DELETE FROM area_lemmas WHERE area = ?", [area])
            db.table("area_lemmas").insert_all(
                [{"area": area, **m} for m in members], pk=("area", "page_id"), replace=True
            )


def iter_lemmas(
    db: Database, area: str | None = None, *, include_talk: bool = True
) -> Iterator[dict[str, Any]]:
    """Watched pages, articles first; talk pages follow their article's areas."""
    if area:
        sql = (
            "SELECT l.* FROM lemmas l WHERE l.page_id IN (SELECT page_id FROM area_lemmas "
            "WHERE area = ?) OR l.subject_id IN (SELECT page_id FROM area_lemmas WHERE "
            "area = ?) ORDER BY l.namespace, l.title"
        )
        params: list[Any] = [area, area]
    else:
        sql = (
            "SELECT l.* FROM lemmas l WHERE l.page_id IN (SELECT page_id FROM area_lemmas) "
            "OR l.subject_id IN (SELECT page_id FROM area_lemmas) ORDER BY l.namespace, "
            "l.title"
        )
        params = []
    for row in db.query(sql, params):
        if include_talk or not row["subject_id"]:
            yield row


def lemma_by_title(db: Database, title: str) -> dict[str, Any] | None:
    from .wikifacts import normalize_title

    rows = list(db.query("SELECT * FROM lemmas WHERE title = ?", [normalize_title(title)]))
    return rows[0] if rows else None


def area_counts(db: Database) -> dict[str, int]:
    return {
        r["area"]: r["n"]
        for r in db.query("SELECT area, count(*) AS n FROM area_lemmas GROUP BY area")
    }


# -- the wiki this database describes ---------------------------------------------------------


def get_site(db: Database) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM site WHERE id = 1"))
    return rows[0] if rows else None


def save_site(db: Database, site: Any, api_url: str) -> None:
    db.table("site").upsert(
        {
            "id": 1,
            "wikiid": site.wikiid,
            "server": site.server,
            "sitename": site.sitename,
            "api_url": api_url,
            "since": now_iso(),
        },
        pk="id",
    )


def seen_revisions(db: Database, limit: int) -> list[dict[str, Any]]:
    """Up to `limit` revisions the database saw, newest first: stored revisions with their
    time, then lemmas' baseline revisions (no time known)."""
    out = [
        dict(r)
        for r in db.query(
            "SELECT revid, page_id, title, timestamp FROM revisions ORDER BY revid DESC LIMIT ?",
            [limit],
        )
    ]
    known = {r["revid"] for r in out}
    for r in db.query(
        "SELECT last_revid AS revid, page_id, title FROM lemmas WHERE last_revid IS NOT NULL "
        "ORDER BY last_revid DESC LIMIT ?",
        [limit],
    ):
        if len(out) >= limit:
            break
        if r["revid"] not in known:
            out.append({**dict(r), "timestamp": ""})
    return out


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


# -- check runs -----------------------------------------------------------------------------------


def start_run(db: Database, *, area: str | None, since: str | None, method: str) -> int:
    with db.atomic():
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
    db.table("check_runs").update(run_id, {"finished": now_iso(), **fields})


def mark_checked(
    db: Database, unchanged: Sequence[int], baseline: Sequence[tuple[int, int | None, str]]
) -> None:
    """Record a check of pages without new revisions, and the baseline of new ones."""
    now = now_iso()
    with db.atomic():
        db.conn.executemany(
            "UPDATE lemmas SET checked_at = ? WHERE page_id = ?", [(now, p) for p in unchanged]
        )
        if baseline:
            db.conn.executemany(
                "UPDATE lemmas SET last_revid = ?, baseline_at = ?, checked_at = ?, title = ? "
                "WHERE page_id = ?",
                [(rev, now, now, title, pid) for pid, rev, title in baseline],
            )


def last_finished_run(db: Database) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM check_runs WHERE status IN ('ok', 'partial') ORDER BY id DESC LIMIT 1"
        )
    )
    return rows[0] if rows else None


# -- revisions and changes ------------------------------------------------------------------------


def _revision_row(
    rev: Revision, *, title: str, size_delta: int, is_team: bool, bot: bool, run_id: int
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

    `revisions` are rows from `revision_row`; `changes` is (revid, [Change], timestamp);
    `reverts` maps a reverting revid to the revids it undid. Returns the number of changes.
    """
    count = 0
    with db.atomic():
        db.table("revisions").upsert_all(revisions, pk="revid")
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
            db.table("changes").upsert_all(rows, pk="id")
            count += len(rows)
        for reverting, undone in reverts.items():
            db.table("revisions").update(reverting, {"reverts": _json(undone)})
            for revid in undone:
                if db.execute("SELECT 1 FROM revisions WHERE revid = ?", [revid]).fetchone():
                    db.table("revisions").update(revid, {"reverted_by": reverting})
        db.table("lemmas").update(page_id, lemma_update)
    return count


def revision_row(
    rev: Revision, *, title: str, size_delta: int, is_team: bool, bot: bool, run_id: int
) -> dict[str, Any]:
    return _revision_row(
        rev, title=title, size_delta=size_delta, is_team=is_team, bot=bot, run_id=run_id
    )


def save_page_event(
    db: Database,
    *,
    event: LogEvent | None,
    page_id: int,
    kind: str,
    details: dict[str, Any],
    timestamp: str,
    run_id: int,
    lemma_update: dict[str, Any],
) -> None:
    """A move, deletion, restore or redirect: one change row keyed by its log entry."""
    key = f"l{event.log_id}" if event else f"p{page_id}:{kind}:{timestamp}"
    with db.atomic():
        db.table("changes").upsert(
            {
                "id": key,
                "revid": None,
                "log_id": event.log_id if event else None,
                "page_id": page_id,
                "seq": 0,
                "kind": kind,
                "category": "event",
                "details": _json(details),
                "timestamp": timestamp,
                "run_id": run_id,
            },
            pk="id",
        )
        db.table("lemmas").update(page_id, lemma_update)


def revision_users(db: Database, revids: Sequence[int]) -> dict[int, str]:
    """Who made each stored revision (hidden users are absent)."""
    out: dict[int, str] = {}
    for revid in set(revids):
        row = db.execute("SELECT user FROM revisions WHERE revid = ?", [revid]).fetchone()
        if row and row[0]:
            out[revid] = row[0]
    return out


def reverted_revids(db: Database, page_id: int) -> set[int]:
    """Stored revisions of a page that a later revision reverted."""
    return {
        r[0]
        for r in db.execute(
            "SELECT revid FROM revisions WHERE page_id = ? AND reverted_by IS NOT NULL", [page_id]
        ).fetchall()
    }


def known_sha1s(db: Database, page_id: int, limit: int = 15) -> list[tuple[int, str]]:
    return [
        (r["revid"], r["sha1"])
        for r in db.query(
            "SELECT revid, sha1 FROM revisions WHERE page_id = ? ORDER BY revid DESC LIMIT ?",
            [page_id, limit],
        )
    ]


def iter_changes(
    db: Database,
    *,
    area: str | None = None,
    since: str | None = None,
    kind: str | None = None,
    run_id: int | None = None,
    runs: tuple[int, int] | None = None,
) -> Iterator[dict[str, Any]]:
    """Stored changes with their revision and lemma, oldest first. Parameters only, never
    text pasted into SQL: titles and summaries come from the wiki."""
    where: list[str] = []
    if area:
        where.append(
            "(c.page_id IN (SELECT page_id FROM area_lemmas WHERE area = :area) OR "
            "l.subject_id IN (SELECT page_id FROM area_lemmas WHERE area = :area))"
        )
    if since:
        where.append("c.timestamp >= :since")
    if kind:
        where.append("c.kind = :kind")
    if run_id is not None:
        where.append("c.run_id = :run_id")
    if runs is not None:
        where.append("c.run_id BETWEEN :first_run AND :last_run")
    sql = (
        "SELECT c.id, c.timestamp, c.page_id, l.title, l.namespace, c.kind, c.category, "
        "c.details, c.revid, c.log_id, r.user, r.comment, r.anon, r.temp, r.bot, r.is_team, "
        "r.minor, r.size_delta, r.reverted_by, r.reverts, r.parent_id, r.tags "
        "FROM changes c JOIN lemmas l ON l.page_id = c.page_id "
        "LEFT JOIN revisions r ON r.revid = c.revid "
        + ("WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY c.timestamp, c.revid, c.seq"
    )
    named = {
        "area": area,
        "since": since,
        "kind": kind,
        "run_id": run_id,
        "first_run": runs[0] if runs else None,
        "last_run": runs[1] if runs else None,
    }
    areas = page_areas(db)  # one query for all rows, not one per row
    for row in db.query(sql, {k: v for k, v in named.items() if v is not None}):
        row = dict(row)
        row["details"] = json.loads(row["details"] or "{}")
        row["areas"] = list(areas.get(row["page_id"], ()))
        yield row


def page_areas(db: Database) -> dict[int, list[str]]:
    """Each lemma's areas, sorted: its own, and a talk page's subject's."""
    out: dict[int, list[str]] = {}
    for page_id, area in db.execute(
        "SELECT page_id, area FROM area_lemmas UNION ALL "
        "SELECT l.page_id, al.area FROM lemmas l JOIN area_lemmas al ON al.page_id = l.subject_id"
    ):
        out.setdefault(page_id, []).append(area)
    for areas in out.values():
        areas.sort()
    return out


def area_names(db: Database) -> list[tuple[str, str]]:
    return [(r["slug"], r["name"]) for r in db.query("SELECT slug, name FROM areas ORDER BY slug")]


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
    out: dict[str, list[int]] = {}
    sql = (
        "SELECT DISTINCT al.area, c.timestamp, coalesce(c.revid, -c.log_id, c.id) AS k "
        "FROM changes c JOIN lemmas l ON l.page_id = c.page_id "
        "JOIN area_lemmas al ON al.page_id = c.page_id OR al.page_id = l.subject_id "
        "WHERE c.timestamp >= ?"
    )
    for area, timestamp, _ in db.execute(sql, [since]):
        ts = datetime.fromisoformat(timestamp)  # ...Z: aware, in UTC
        day = (ts.astimezone(tz).date() - start).days
        if 0 <= day < days:
            out.setdefault(area, [0] * days)[day] += 1
    return out


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
    return int(row["id"]) if row else None


def recent_revisions(db: Database, page_id: int) -> Iterable[dict[str, Any]]:
    return db.query("SELECT * FROM revisions WHERE page_id = ? ORDER BY revid", [page_id])


# -- corrections ----------------------------------------------------------------------------------


def _correction(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    row["sources"] = json.loads(row["sources"] or "[]")
    row["guideline"] = json.loads(row.get("guideline") or "[]")
    return row


def save_guideline_findings(db: Database, correction_id: int, findings: list[Any]) -> None:
    """The guideline check's latest findings on a correction (not a step: no event)."""
    db.table("corrections").update(correction_id, {"guideline": _json(findings)})


def insert_correction(
    db: Database, fields: dict[str, Any], *, actor: str, note: str = "", details: Any = None
) -> int:
    """A new correction and its first event, in one transaction."""
    now = now_iso()
    with db.atomic():
        table = db.table("corrections")
        table.insert(
            {
                **fields,
                "sources": _json(fields["sources"]),
                "status": "proposed",
                "created": now,
                "updated": now,
            }
        )
        cid = int(table.last_pk or 0)
        db.table("correction_events").insert(
            {
                "correction_id": cid,
                "at": now,
                "actor": actor,
                "from_status": "",
                "to_status": "proposed",
                "note": note,
                "action": "propose",
                "details": _json(details) if details is not None else None,
            }
        )
    return cid


def get_correction(db: Database, correction_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM corrections WHERE id = ?", [correction_id]))
    return _correction(rows[0]) if rows else None


def _update_with_event(
    db: Database,
    table: str,
    events: str,
    key: str,
    row_id: int,
    *,
    actor: str,
    from_status: str,
    to_status: str,
    note: str,
    fields: dict[str, Any],
    event: dict[str, Any] | None = None,
) -> None:
    """Change a row's status and append the event to its trail, in one transaction."""
    now = now_iso()
    with db.atomic():
        db.table(table).update(row_id, {**fields, "status": to_status, "updated": now})
        db.table(events).insert(
            {
                key: row_id,
                "at": now,
                "actor": actor,
                "from_status": from_status,
                "to_status": to_status,
                "note": note,
                **(event or {}),
            }
        )


def update_correction(
    db: Database,
    correction_id: int,
    *,
    actor: str,
    from_status: str,
    to_status: str,
    note: str = "",
    action: str | None = None,
    details: Any = None,
    **fields: Any,
) -> None:
    """Change a correction and append its event: `action` names the step, `details` (JSON)
    keeps what it changed, such as an edit's before and after."""
    if "sources" in fields:
        fields["sources"] = _json(fields["sources"])
    _update_with_event(
        db,
        "corrections",
        "correction_events",
        "correction_id",
        correction_id,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        fields=fields,
        event={"action": action, "details": _json(details) if details is not None else None},
    )


def iter_corrections(
    db: Database, *, status: str | None = None, area: str | None = None
) -> Iterator[dict[str, Any]]:
    sql = (
        "SELECT * FROM corrections WHERE (:status IS NULL OR status = :status) "
        "AND (:area IS NULL OR area = :area) ORDER BY id"
    )
    for row in db.query(sql, {"status": status, "area": area}):
        yield _correction(row)


def correction_events(db: Database, correction_id: int) -> list[dict[str, Any]]:
    return [
        {**e, "details": json.loads(e["details"]) if e.get("details") else None}
        for e in db.query(
            "SELECT * FROM correction_events WHERE correction_id = ? ORDER BY id", [correction_id]
        )
    ]


def lemma_areas(db: Database, page_id: int) -> list[str]:
    return [
        r["area"]
        for r in db.query("SELECT area FROM area_lemmas WHERE page_id = ? ORDER BY area", [page_id])
    ]


def logged_team_revids(db: Database) -> set[int]:
    return {
        r["applied_revid"]
        for r in db.query("SELECT applied_revid FROM corrections WHERE applied_revid IS NOT NULL")
    }


def save_correction_change(
    db: Database,
    *,
    correction: dict[str, Any],
    kind: str,
    revid: int | None,
    run_id: int | None,
    user: str = "",
    timestamp: str | None = None,
) -> None:
    """A correction's outcome as a change row, so reports and `changes` show it. `user` is
    who undid it, when known (the reverting revision's author); empty otherwise."""
    db.table("changes").upsert(
        {
            "id": f"c{correction['id']}:{kind}",
            "revid": None,
            "log_id": None,
            "page_id": correction["page_id"],
            "seq": 0,
            "kind": kind,
            "category": "correction",
            "details": _json(
                {
                    "correction": correction["id"],
                    "what": correction["what"],
                    "revid": revid,
                    "user": user,
                }
            ),
            "timestamp": timestamp or now_iso(),
            "run_id": run_id,
        },
        pk="id",
    )


# -- review requests ------------------------------------------------------------------------------


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
    """A new review request; the database's own triggers enforce the rules (a watched lemma of
    that area, a reason, a valid date) for the CLI and the web form alike."""
    try:
        with db.atomic():
            cur = db.execute(
                "INSERT INTO review_requests (title, area, requested_by, reason, due, source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [title, area, by, reason, due or "", source],
            )
            return int(cur.lastrowid or 0)
    except sqlite3.IntegrityError as e:
        from .errors import InputError

        raise InputError(f"review request refused: {e}") from None


def get_review(db: Database, request_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM review_requests WHERE id = ?", [request_id]))
    return dict(rows[0]) if rows else None


def iter_reviews(
    db: Database, *, status: str | None = None, area: str | None = None
) -> Iterator[dict[str, Any]]:
    yield from db.query(
        "SELECT * FROM review_requests WHERE (:status IS NULL OR status = :status) "
        "AND (:area IS NULL OR area = :area) ORDER BY id",
        {"status": status, "area": area},
    )


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


def review_events(db: Database, request_id: int) -> list[dict[str, Any]]:
    return list(
        db.query("SELECT * FROM review_events WHERE request_id = ? ORDER BY id", [request_id])
    )
