"""The corrections log: corrections, their events and their edits.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wikitrack.check.records import StoredRevision
from wikitrack.corrections.entries import Correction, CorrectionEvent
from wikitrack.store.db import _json, now_iso, write_transaction
from wikitrack.web.views import WebCorrection

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database


def _correction(row: dict[str, Any]) -> Correction:
    """A stored row as our Correction; the JSON columns are decoded here and nowhere else."""
    return Correction(
        **{
            **row,
            "sources": tuple(json.loads(row["sources"] or "[]")),
            "guideline": tuple(json.loads(row.get("guideline") or "[]")),
        }
    )


def _event(row: dict[str, Any]) -> CorrectionEvent:
    return CorrectionEvent(
        **{**row, "details": json.loads(row["details"]) if row.get("details") else None}
    )


def save_guideline_findings(db: Database, correction_id: int, findings: list[Any]) -> None:
    """The guideline check's latest findings on a correction (not a step: no event)."""
    db.table("corrections").update(correction_id, {"guideline": _json(findings)})


def insert_correction(
    db: Database, fields: dict[str, Any], *, actor: str, note: str = "", details: Any = None
) -> int:
    """A new correction and its first event, in one transaction."""
    now = now_iso()
    with write_transaction(db):
        table = db.table("corrections")
        table.insert(
            {
                **fields,
                "sources": _json(list(fields["sources"])),
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


def get_correction(db: Database, correction_id: int) -> Correction | None:
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
    with write_transaction(db):
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
        fields["sources"] = _json(list(fields["sources"]))
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
) -> Iterator[Correction]:
    sql = (
        "SELECT * FROM corrections WHERE (:status IS NULL OR status = :status) "
        "AND (:area IS NULL OR area = :area) ORDER BY id"
    )
    for row in db.query(sql, {"status": status, "area": area}):
        yield _correction(row)


def correction_events(db: Database, correction_id: int) -> list[CorrectionEvent]:
    return [
        _event(e)
        for e in db.query(
            "SELECT * FROM correction_events WHERE correction_id = ? ORDER BY id", [correction_id]
        )
    ]


def logged_team_revids(db: Database) -> set[int]:
    return {
        r["applied_revid"]
        for r in db.query("SELECT applied_revid FROM corrections WHERE applied_revid IS NOT NULL")
    }


def save_correction_change(
    db: Database,
    *,
    correction: Correction,
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
            "id": f"c{correction.id}:{kind}",
            "revid": None,
            "log_id": None,
            "page_id": correction.page_id,
            "seq": 0,
            "kind": kind,
            "category": "correction",
            "details": _json(
                {
                    "correction": correction.id,
                    "what": correction.what,
                    "revid": revid,
                    "user": user,
                }
            ),
            "timestamp": timestamp or now_iso(),
            "run_id": run_id,
        },
        pk="id",
    )


def lemma_titles(db: Database) -> list[str]:
    """Every stored page title: names the guideline check may read as public, not personal."""
    return [r["title"] for r in db.query("SELECT title FROM lemmas")]


def stored_revision(db: Database, revid: int | None) -> StoredRevision | None:
    """The revision as a check stored it; None when no check has seen it."""
    row = db.execute(
        "SELECT revid, user, timestamp, reverted_by FROM revisions WHERE revid = ?", [revid]
    ).fetchone()
    return StoredRevision(*row) if row else None


def latest_revid(db: Database, page_id: int) -> int | None:
    """The latest revision of a lemma as the last check saw it."""
    row = db.execute("SELECT last_revid FROM lemmas WHERE page_id = ?", [page_id]).fetchone()
    return row[0] if row else None


def watched_page_ids(db: Database) -> set[int]:
    """Every page on a watchlist, and the talk pages of those pages (the view of m014)."""
    return {page_id for (page_id,) in db.execute("SELECT DISTINCT page_id FROM page_areas")}


# -- the web view ---------------------------------------------------------------------------------


def web_corrections(db: Database, title: str, areas: Sequence[str]) -> list[WebCorrection]:
    """The corrections of the lemma `title` in `areas`, oldest first."""
    marks = ", ".join("?" for _ in areas)
    sql = (
        "SELECT id, status, what, updated, guideline FROM corrections "  # noqa: S608 (marks)
        f"WHERE title = ? AND area IN ({marks}) ORDER BY id"
    )
    return [
        WebCorrection(cid, status, what, updated, tuple(json.loads(guideline or "[]")))
        for cid, status, what, updated, guideline in db.execute(sql, [title, *areas])
    ]
