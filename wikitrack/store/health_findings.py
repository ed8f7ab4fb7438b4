"""Storage of `wikitrack health` runs (tables of migration m008_health). Every function takes a
Database; none does network I/O."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from wikitrack.health.kinds import Finding
from wikitrack.health.stored import StoredFinding, StoredHealthRun, WatchedArticle
from wikitrack.store.db import write_transaction

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "watched_articles",
    "save_health_run",
    "known_since",
    "health_rows",
    "get_health_run",
    "latest_health_run",
    "comparison_run",
    "solving_corrections",
]

TREND_DAYS = 28  # "than last month": the newest earlier run at least this many days older


def watched_articles(
    db: Database, *, area: str | None = None, lemma_ids: Sequence[int] | None = None
) -> list[WatchedArticle]:
    """Watched articles (not talk pages) with their talk page's ID and their areas."""
    sql = (
        "SELECT l.page_id, l.title, l.talk_id, l.status, "
        "json_group_array(pa.area) AS areas FROM lemmas l "
        "JOIN page_areas pa ON pa.page_id = l.page_id WHERE l.namespace = 0 "
        "GROUP BY l.page_id ORDER BY l.title"
    )
    out = []
    for row in db.query(sql):
        areas = tuple(sorted(json.loads(row["areas"])))
        if area and area not in areas:
            continue
        if lemma_ids is not None and row["page_id"] not in lemma_ids:
            continue
        out.append(
            WatchedArticle(row["page_id"], row["title"], row["talk_id"], row["status"], areas)
        )
    return out


def save_health_run(db: Database, run: dict[str, Any], rows: Iterable[dict[str, Any]]) -> int:
    """The run and its finding rows, in one transaction; returns the run's ID."""
    with write_transaction(db):
        table = db.table("health_runs")
        table.insert(run)
        run_id = int(table.last_pk)  # type: ignore[arg-type]
        db.table("health_findings").insert_all(
            {**r, "run_id": run_id, "details": json.dumps(r["details"], ensure_ascii=False)}
            for r in rows
        )
    return run_id


def known_since(db: Database, page_ids: Sequence[int]) -> dict[tuple[int, str], Finding]:
    """The dated findings of the newest run that saw each page: {(page_id, key): finding}. A
    template that was there then still has the age found then, without a history look-up."""
    out: dict[tuple[int, str], Finding] = {}
    for pid in page_ids:
        row = db.execute(
            "SELECT max(run_id) FROM health_findings WHERE page_id = ?", [pid]
        ).fetchone()
        if not row or row[0] is None:
            continue
        for r in db.query(
            "SELECT kind, key, since, details FROM health_findings WHERE page_id = ? AND "
            "run_id = ? AND since != ''",
            [pid, row[0]],
        ):
            details = json.loads(r["details"])
            out[(pid, r["key"])] = Finding(r["kind"], r["key"], details, r["since"])
    return out


def health_rows(db: Database, run_id: int, area: str | None = None) -> list[StoredFinding]:
    """The findings of a run (of one area), in the order they were found."""
    rows = db.query(
        "SELECT * FROM health_findings WHERE run_id = ? AND (? IS NULL OR area = ?) ORDER BY id",
        [run_id, area, area],
    )
    return [_finding(r) for r in rows]


def _finding(row: dict[str, Any]) -> StoredFinding:
    return StoredFinding(
        page_id=row["page_id"],
        title=row["title"] or "",
        kind=row["kind"],
        key=row["key"],
        details=json.loads(row["details"] or "{}"),
        since=row["since"] or "",
        area=row["area"] or "",
        weight=row["weight"] or 0.0,
        run_id=row["run_id"],
        id=row["id"],
    )


def _run(row: dict[str, Any]) -> StoredHealthRun:
    return StoredHealthRun(
        id=row["id"],
        started=row["started"],
        finished=row["finished"] or "",
        scope=row["scope"],
        lemmas=row["lemmas"],
        findings=row["findings"],
        text_requests=row["text_requests"],
        history_requests=row["history_requests"],
        requests=row["requests"],
        seconds=row["seconds"],
    )


def get_health_run(db: Database, run_id: int) -> StoredHealthRun:
    """The stored run `run_id` (NotFoundError when there is none)."""
    return _run(dict(db.table("health_runs").get(run_id)))


def latest_health_run(
    db: Database, *, whole_areas: bool = False, covering: Sequence[str] | None = None
) -> StoredHealthRun | None:
    """The newest finished run; with `whole_areas`, the newest that covered whole areas; with
    `covering`, the newest that covered every one of those areas (a run over all areas, or
    over the one area asked for)."""
    scopes = ["all"] + ([f"area:{covering[0]}"] if covering and len(covering) == 1 else [])
    rows = list(
        db.query(
            "SELECT * FROM health_runs WHERE finished IS NOT NULL AND "
            "(:any OR scope NOT LIKE 'lemma:%') AND (:every OR scope IN (SELECT value FROM "
            "json_each(:scopes))) ORDER BY id DESC LIMIT 1",
            {
                "any": not (whole_areas or covering is not None),
                "every": covering is None,
                "scopes": json.dumps(scopes),
            },
        )
    )
    return _run(rows[0]) if rows else None


def comparison_run(db: Database, run: StoredHealthRun, area: str) -> StoredHealthRun | None:
    """The run to compare `run` with for `area`: the newest earlier run over the area that is
    at least a month older, else the oldest earlier one (a young installation)."""
    started = datetime.strptime(run.started, "%Y-%m-%dT%H:%M:%SZ")
    month_ago = (started - timedelta(days=TREND_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    candidates = list(
        db.query(
            "SELECT * FROM health_runs WHERE id < ? AND finished IS NOT NULL "
            "AND (scope = 'all' OR scope = ?) ORDER BY id DESC",
            [run.id, f"area:{area}"],
        )
    )
    older = [c for c in candidates if c["started"] <= month_ago]
    if older:
        return _run(older[0])
    return _run(candidates[-1]) if candidates else None


def solving_corrections(db: Database, page_id: int, since: str, until: str) -> list[int]:
    """Corrections on a page applied or verified in a period: what solved a finding."""
    return [
        r["id"]
        for r in db.query(
            "SELECT DISTINCT c.id FROM corrections c JOIN correction_events e "
            "ON e.correction_id = c.id WHERE c.page_id = ? AND e.to_status IN "
            "('applied', 'verified') AND e.at >= ? AND e.at <= ? ORDER BY c.id",
            [page_id, since, until],
        )
    ]
