"""Areas, lemmas and the wiki the database belongs to.

Every function takes a Database; none does network I/O."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from wikitrack.check.records import Baseline, Lemma
from wikitrack.store.db import _json, now_iso, write_transaction
from wikitrack.watchlist.areas import Area, AreaMember
from wikitrack.web.views import WebLemma
from wikitrack.wiki.pages import PageInfo, SiteIdentity

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

# The baseline_at column holds the baseline's time, or this mark for Baseline.PENDING.
_PENDING = "pending"


def _lemma(row: dict[str, Any]) -> Lemma:
    """A lemmas row as a Lemma: the PENDING mark becomes an explicit state."""
    pending = row["baseline_at"] == _PENDING
    if pending:
        baseline = Baseline.PENDING
    else:
        baseline = Baseline.NONE if row["last_revid"] is None else Baseline.DONE
    return Lemma(
        page_id=row["page_id"],
        title=row["title"] or "",
        namespace=row["namespace"] or 0,
        status="deleted" if row["status"] == "deleted" else "ok",
        subject_id=row["subject_id"],
        talk_id=row["talk_id"],
        last_revid=row["last_revid"],
        baseline=baseline,
        baseline_at=None if pending else row["baseline_at"],
        checked_at=row["checked_at"],
        last_error=row["last_error"],
    )


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
    area_members: dict[str, list[AreaMember]],
    pages: dict[int, tuple[str, int]],
    joining: Iterable[int] = (),
) -> None:
    """Replace area membership with `area_members` and store the pages (ID -> title,
    namespace).

    Lemma rows keep their check state (last_revid, baseline) across syncs, and a talk page
    keeps its article (`subject_id`), so it stays watched with it when it leaves a list.
    Pages in `joining` (watched again after a time unwatched) start afresh from their
    current revision, with their talk pages: what happened while nobody watched is history
    (`check --since`), not news.
    """
    with write_transaction(db):
        for page_id, (title, namespace) in pages.items():
            existing = db.execute("SELECT 1 FROM lemmas WHERE page_id = ?", [page_id]).fetchone()
            row = {"title": title, "namespace": namespace}
            if existing:
                db.table("lemmas").update(page_id, row)
            else:
                db.table("lemmas").insert(
                    {"page_id": page_id, "status": "ok", **row, "subject_id": None}
                )
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
                [_member_row(area, m) for m in members], pk=("area", "page_id"), replace=True
            )


def _member_row(area: str, m: AreaMember) -> dict[str, Any]:
    return {
        "area": area,
        "page_id": m.page_id,
        "listed_title": m.listed_title,
        "note": m.note,
        "source": m.source,
        "via_redirect": m.via_redirect,
    }


def area_memberships(db: Database) -> dict[tuple[str, str], tuple[int, int | None]]:
    """(area, listed title) -> (page ID, whether it was reached through a redirect) of the
    last sync."""
    return {
        (area, listed_title): (page_id, via_redirect)
        for area, listed_title, page_id, via_redirect in db.execute(
            "SELECT area, listed_title, page_id, via_redirect FROM area_lemmas"
        ).fetchall()
    }


def area_members(db: Database, area: str) -> dict[str, tuple[int, str, str]]:
    """The area's listed titles as last synced: listed title -> (page ID, the page's current
    title, source)."""
    return {
        listed_title: (page_id, title, source)
        for listed_title, source, page_id, title in db.execute(
            "SELECT al.listed_title, al.source, l.page_id, l.title FROM area_lemmas al JOIN lemmas "
            "l ON l.page_id = al.page_id WHERE al.area = ?",
            [area],
        ).fetchall()
    }


# The watched pages: those with an area in the view of m014 (a talk page has its article's).
# One area's are looked up page by page (EXISTS): `page_id IN (... WHERE area = ?)` would
# have SQLite read every lemma for each page of the area.
_WATCHED = (
    "SELECT l.* FROM lemmas l WHERE l.page_id IN (SELECT page_id FROM page_areas) "
    "ORDER BY l.namespace, l.title"
)
_WATCHED_IN_AREA = (
    "SELECT l.* FROM lemmas l WHERE EXISTS (SELECT 1 FROM page_areas pa WHERE "
    "pa.page_id = l.page_id AND pa.area = ?) ORDER BY l.namespace, l.title"
)


def iter_lemmas(
    db: Database, area: str | None = None, *, include_talk: bool = True
) -> Iterator[Lemma]:
    """Watched pages, articles first; talk pages follow their article's areas."""
    sql = _WATCHED_IN_AREA if area else _WATCHED
    for row in db.query(sql, [area] if area else []):
        if include_talk or not row["subject_id"]:
            yield _lemma(row)


def watched_lemmas(db: Database, area: str | None = None) -> list[Lemma]:
    """Watched pages (of `area`) as Lemmas, articles first; talk pages follow their article."""
    return list(iter_lemmas(db, area))


def track_talk_page(db: Database, info: PageInfo, subject_id: int, *, pending: bool) -> Lemma:
    """Watch the talk page `info` with its article. A talk page followed before (listed itself
    until now) keeps its check state; one never seen starts PENDING (its revisions since the
    last run are news) when `pending`, else it is baselined at its next check."""
    with write_transaction(db):
        known = db.execute(
            "SELECT last_revid FROM lemmas WHERE page_id = ?", [info.page_id]
        ).fetchone()
        row: dict[str, Any] = {
            "page_id": info.page_id,
            "title": info.title,
            "namespace": info.namespace,
            "subject_id": subject_id,
            "status": "ok",
        }
        if known is None or known[0] is None:
            row["last_revid"] = None
            row["baseline_at"] = _PENDING if pending else None
        db.table("lemmas").upsert(row, pk="page_id")
        db.table("lemmas").update(subject_id, {"talk_id": info.page_id})
    return _lemma(dict(db.table("lemmas").get(info.page_id)))


def record_page_error(db: Database, page_id: int, error: str) -> None:
    """Why the last check of a page failed (it is retried at the next check)."""
    db.table("lemmas").update(page_id, {"last_error": error})


def lemma_by_title(db: Database, title: str) -> Lemma | None:
    """The watched page called `title` (normalised as the wiki does), or None."""
    from wikitrack.wiki.sitefacts import normalize_title

    rows = list(db.query("SELECT * FROM lemmas WHERE title = ?", [normalize_title(title)]))
    return _lemma(rows[0]) if rows else None


def area_counts(db: Database) -> dict[str, int]:
    return {
        r["area"]: r["n"]
        for r in db.query("SELECT area, count(*) AS n FROM area_lemmas GROUP BY area")
    }


def get_site(db: Database) -> SiteIdentity | None:
    """The identity of the wiki this database belongs to, recorded at the first contact."""
    row = db.execute("SELECT wikiid, server, sitename FROM site WHERE id = 1").fetchone()
    return SiteIdentity(row[0], row[1], row[2] or "") if row else None


def save_site(db: Database, site: SiteIdentity, api_url: str) -> None:
    """Record the identity of the wiki at the first contact (`get_site` reads it back)."""
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
    """Each lemma's areas, sorted: its own, and a talk page's article's (the view of m014)."""
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


# -- the web view ---------------------------------------------------------------------------------


def web_lemma(db: Database, title: str) -> WebLemma | None:
    """The watched page called `title` (normalised as the wiki does), with its article's title
    when it is a talk page."""
    from wikitrack.wiki.sitefacts import normalize_title

    row = db.execute(
        "SELECT l.page_id, l.title, l.subject_id, s.title FROM lemmas l "
        "LEFT JOIN lemmas s ON s.page_id = l.subject_id WHERE l.title = ?",
        [normalize_title(title)],
    ).fetchone()
    return WebLemma(*row) if row else None


def web_talk_titles(db: Database, page_id: int) -> list[str]:
    """The titles of the talk pages that follow the article `page_id`."""
    sql = "SELECT title FROM lemmas WHERE subject_id = ? ORDER BY title"
    return [title for (title,) in db.execute(sql, [page_id])]
