"""`watchlist sync`: resolve every listed title to a page ID and store area membership.

Identity is the page ID: a page keeps it when moved (MediaWiki's rule), so a lemma moved on the
wiki is found again under its new title, and `--fix-titles` writes that title into the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from .files import write_atomically
from .models import Area, PageInfo, ResolvedTitle
from .store import save_areas, save_resolved_lemmas
from .watchlist import replace_titles
from .wikifacts import normalize_title

__all__ = ["SyncResult", "sync_watchlists", "WikiReader"]


class WikiReader(Protocol):
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


def _previous_ids(db: Database) -> dict[tuple[str, str], int]:
    return {
        (r["area"], r["listed_title"]): r["page_id"]
        for r in db.query("SELECT area, listed_title, page_id FROM area_lemmas")
    }


def sync_watchlists(
    db: Database, wiki: WikiReader, areas: Sequence[Area], *, fix_titles: bool = False
) -> SyncResult:
    result = SyncResult()
    start_requests = wiki.requests
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
    lost_ids = {
        pid
        for (area, title), pid in previous.items()
        if title in resolved and resolved[title].page_id is None
    }
    moved_info = wiki.fetch_page_info(sorted(lost_ids)) if lost_ids else {}

    pages: dict[int, dict[str, Any]] = {}
    members: dict[str, list[dict[str, Any]]] = {}
    renames: dict[str, dict[str, str]] = {}
    for area in areas:
        members[area.slug] = []
        for title, note, source in listed[area.slug]:
            r = resolved[title]
            old_id = previous.get((area.slug, title))
            row: dict[str, Any] = {
                "area": area.slug,
                "listed_title": title,
                "page_id": r.page_id,
                "title": r.title,
                "status": "ok",
                "source": source,
            }
            page_id = r.page_id
            if r.invalid:
                row["status"], row["detail"] = "invalid", r.invalid
            elif page_id is None and old_id in moved_info and not moved_info[old_id].missing:
                info = moved_info[old_id]
                page_id = info.page_id
                row.update(page_id=page_id, title=info.title, status="renamed")
            elif page_id is None:
                row["status"] = "missing"
            elif r.redirect_from is not None:
                row["status"] = "renamed" if old_id == page_id else "redirect"
                row["detail"] = f"{r.redirect_from} → {r.title}"
            if page_id is not None and row["status"] != "invalid":
                pages[page_id] = {
                    "title": r.title if row["status"] != "renamed" else row["title"],
                    "namespace": r.namespace,
                    "subject_id": None,
                }
                members[area.slug].append(
                    {"page_id": page_id, "listed_title": title, "note": note, "source": source}
                )
                if row["status"] == "renamed" and source == "list":
                    renames.setdefault(area.path, {})[title] = row["title"]
            result.rows.append(row)

    save_areas(db, areas)
    # An area keeps its old membership for titles that could not be resolved this time, so a
    # passing outage never drops a lemma silently.
    missing = {(r["area"], r["listed_title"]) for r in result.rows if r["status"] == "missing"}
    for (slug, title), pid in previous.items():
        if (slug, title) in missing and slug in members:
            if pid not in {m["page_id"] for m in members[slug]}:
                members[slug].append(
                    {"page_id": pid, "listed_title": title, "note": "", "source": "kept"}
                )
    save_resolved_lemmas(db, members, pages)
    if getattr(wiki, "logged_in", False):
        # The account's watchlist lets `check` ask for all new revisions in a few requests;
        # MediaWiki watches a page's talk page with it.
        before = wiki.requests
        wiki.watch(sorted({p["title"] for p in pages.values()}))
        result.watch_requests = wiki.requests - before
    if fix_titles:
        for path, mapping in renames.items():
            p = Path(path)
            write_atomically(p, replace_titles(p.read_text(encoding="utf-8"), mapping))
            result.fixed_files.append(path)
    result.requests = wiki.requests - start_requests
    return result
