"""Areas, lemmas and the wiki the database belongs to.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from ..models import Area
from .db import _json, now_iso


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
    from ..wikifacts import normalize_title

    rows = list(db.query("SELECT * FROM lemmas WHERE title = ?", [normalize_title(title)]))
    return rows[0] if rows else None


def area_counts(db: Database) -> dict[str, int]:
    return {
        r["area"]: r["n"]
        for r in db.query("SELECT area, count(*) AS n FROM area_lemmas GROUP BY area")
    }


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


def page_areas(db: Database) -> dict[int, list[str]]:
    """Each lemma's areas, sorted: its own, and a talk page's article's (the view of m013)."""
    out: dict[int, list[str]] = {}
    for page_id, area in db.execute("SELECT DISTINCT page_id, area FROM page_areas ORDER BY area"):
        out.setdefault(page_id, []).append(area)
    return out


def area_names(db: Database) -> list[tuple[str, str]]:
    return [(r["slug"], r["name"]) for r in db.query("SELECT slug, name FROM areas ORDER BY slug")]


def lemma_areas(db: Database, page_id: int) -> list[str]:
    return [
        r["area"]
        for r in db.query("SELECT area FROM area_lemmas WHERE page_id = ? ORDER BY area", [page_id])
    ]
