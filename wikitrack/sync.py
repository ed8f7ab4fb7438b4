"""`watchlist sync`: resolve every listed title to a page ID and store area membership.

Identity is the page ID: a page keeps it when moved (MediaWiki's rule), so a lemma moved on the
wiki is found again under its new title, and `--fix-titles` writes that title into the file.
A redirect is not a move: a title that was a redirect at the last sync stays a redirect. No
sync writes a file that `watchlist validate` refuses: a new title already listed in the area is
reported and left to a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from .check import EventLog
from .files import write_atomically
from .identity import IdentityWiki, verify_wiki
from .models import Area, PageInfo, ResolvedTitle
from .store import iter_lemmas, save_areas, save_resolved_lemmas
from .watchlist import replace_titles
from .wikifacts import normalize_title

__all__ = ["SyncResult", "sync_watchlists", "WikiReader"]


class WikiReader(IdentityWiki, EventLog, Protocol):
    requests: int

    @property
    def logged_in(self) -> bool: ...

    def watch(self, titles: Sequence[str]) -> int: ...

    def resolve_titles(self, titles: Sequence[str]) -> list[ResolvedTitle]: ...

    def fetch_page_info(self, page_ids: Sequence[int]) -> dict[int, PageInfo]: ...

    def iter_category_members(
        self, category: str, depth: int = 0, exclude: Sequence[str] = ()
    ) -> Any: ...


@dataclass
class SyncResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    resolve_requests: int = 0
    watch_requests: int = 0
    requests: int = 0
    fixed_files: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)


def _previous_ids(db: Database) -> dict[tuple[str, str], tuple[int, int | None]]:
    """(area, listed title) -> (page ID, whether it was reached through a redirect)."""
    return {
        (r["area"], r["listed_title"]): (r["page_id"], r["via_redirect"])
        for r in db.query("SELECT area, listed_title, page_id, via_redirect FROM area_lemmas")
    }


def _status(
    r: ResolvedTitle, previous: tuple[int, int | None] | None, moved: PageInfo | None
) -> tuple[str, int | None, str]:
    """(status, page ID, current title) of one listed title.

    A rename is a page move: the same page ID under a new title. The listed title then either
    no longer exists (moved without a redirect: its stored ID tells) or has become a redirect
    to that same ID, where at the last sync it was the page itself. A title that was a
    redirect at the last sync stays a redirect, whatever its target's ID.
    """
    if r.invalid:
        return "invalid", None, r.title
    if r.page_id is None:
        if moved is not None and not moved.missing:
            return "renamed", moved.page_id, moved.title
        return "missing", None, r.title
    if r.redirect_from is None:
        return "ok", r.page_id, r.title
    was_the_page = previous is not None and previous[0] == r.page_id and previous[1] == 0
    return ("renamed" if was_the_page else "redirect"), r.page_id, r.title


def _moved_away(wiki: WikiReader, r: ResolvedTitle) -> bool:
    """Whether the move log says the page itself was moved away from the listed title (its
    redirect left behind): asked only for a redirect whose past sync does not tell."""
    events = wiki.fetch_log_events(log_type="move", title=r.redirect_from or r.requested, limit=5)
    return any(e.page_id == r.page_id for e in events)


def sync_watchlists(
    db: Database, wiki: WikiReader, areas: Sequence[Area], *, fix_titles: bool = False
) -> SyncResult:
    result = SyncResult()
    start_requests = wiki.requests
    verify_wiki(db, wiki)  # page IDs of another wiki must never mix with this database's
    listed: dict[str, list[tuple[str, str, str]]] = {}  # area -> [(title, note, source)]
    for area in areas:
        entries = [(w.title, w.note, "list") for w in area.lemmas]
        seen = {normalize_title(w.title) for w in area.lemmas}
        for rule in area.categories:
            for title in wiki.iter_category_members(rule.category, rule.depth, rule.exclude):
                if normalize_title(title) not in seen:
                    seen.add(normalize_title(title))
                    entries.append((normalize_title(title), "", f"categorie:{rule.category}"))
        listed[area.slug] = entries

    unique = sorted({t for entries in listed.values() for t, _, _ in entries})
    before = wiki.requests
    resolved = {r.requested: r for r in wiki.resolve_titles(unique)}
    result.resolve_requests = wiki.requests - before

    # Titles gone from the wiki may be pages moved without leaving a redirect: their stored
    # page ID tells.
    previous = _previous_ids(db)
    watched_before = {lem["page_id"] for lem in iter_lemmas(db)}
    lost_ids = {
        pid
        for (area, title), (pid, _) in previous.items()
        if title in resolved and resolved[title].page_id is None and not resolved[title].invalid
    }
    moved_info = wiki.fetch_page_info(sorted(lost_ids)) if lost_ids else {}

    pages: dict[int, dict[str, Any]] = {}
    members: dict[str, list[dict[str, Any]]] = {}
    renames: dict[str, dict[str, str]] = {}
    for area in areas:
        by_page: dict[int, dict[str, Any]] = {}
        in_file = {normalize_title(w.title) for w in area.lemmas}
        for title, note, source in listed[area.slug]:
            r = resolved[title]
            prev = previous.get((area.slug, title))
            status, page_id, current = _status(r, prev, moved_info.get(prev[0]) if prev else None)
            if status == "redirect" and (prev is None or prev[1] is None) and _moved_away(wiki, r):
                status = "renamed"
            row: dict[str, Any] = {
                "area": area.slug,
                "listed_title": title,
                "page_id": page_id,
                "title": current,
                "status": status,
                "source": source,
            }
            if status == "invalid":
                row["detail"] = r.invalid
            elif r.redirect_from is not None:
                row["detail"] = f"{r.redirect_from} → {r.title}"
            if status in ("renamed", "redirect") and normalize_title(current) in in_file:
                # Both names on one list: the file needs a person, not an automatic rewrite.
                row["detail"] = (row.get("detail", "") + "; ").lstrip(
                    "; "
                ) + f"'{current}' is already listed in this area: remove '{title}'"
                row["already_listed"] = True
            result.rows.append(row)
            if page_id is None:
                continue
            pages[page_id] = {"title": current, "namespace": r.namespace, "subject_id": None}
            member = {
                "page_id": page_id,
                "listed_title": title,
                "note": note,
                "source": source,
                "via_redirect": int(status == "redirect"),
            }
            # One membership per page and area; the title that names the page itself wins
            # over a redirect to it.
            if page_id not in by_page or by_page[page_id]["via_redirect"] > member["via_redirect"]:
                by_page[page_id] = member
            if status == "renamed" and source == "list" and not row.get("already_listed"):
                renames.setdefault(area.path, {})[title] = current
        members[area.slug] = list(by_page.values())

    save_areas(db, areas)
    # An area keeps its old membership for titles that could not be resolved this time, so a
    # passing outage never drops a lemma silently.
    missing = {(r["area"], r["listed_title"]) for r in result.rows if r["status"] == "missing"}
    for (slug, title), (pid, via_redirect) in previous.items():
        if (slug, title) in missing and slug in members:
            if pid not in {m["page_id"] for m in members[slug]}:
                members[slug].append(
                    {
                        "page_id": pid,
                        "listed_title": title,
                        "note": "",
                        "source": "kept",
                        # what it was stays known: a redirect kept through an outage must not
                        # come back as a rename
                        "via_redirect": via_redirect,
                    }
                )
    joining = [pid for pid in pages if pid not in watched_before]
    save_resolved_lemmas(db, members, pages, joining)
    if getattr(wiki, "logged_in", False):
        # The account's watchlist lets `check` ask for all new revisions in a few requests;
        # MediaWiki watches a page's talk page with it.
        before = wiki.requests
        wiki.watch(sorted({p["title"] for p in pages.values()}))
        result.watch_requests = wiki.requests - before
    if fix_titles:
        for path, mapping in renames.items():
            p = Path(path)
            text, refused = replace_titles(p, p.read_text(encoding="utf-8"), mapping)
            for row in result.rows:
                if row["listed_title"] in refused and row["status"] == "renamed":
                    row["detail"] = refused[row["listed_title"]]
            if set(mapping) - set(refused):
                write_atomically(p, text)
                result.fixed_files.append(path)
    result.requests = wiki.requests - start_requests
    return result
