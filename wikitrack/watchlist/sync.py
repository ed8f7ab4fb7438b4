"""`watchlist sync`: resolve every listed title to a page ID and store area membership.

Identity is the page ID: a page keeps it when moved (MediaWiki's rule), so a lemma moved on the
wiki is found again under its new title, and `--fix-titles` writes that title into the file.
A redirect is not a move: a title that was a redirect at the last sync stays a redirect. No
sync writes a file that `watchlist validate` refuses: a new title already listed in the area is
reported and left to a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from sqlite_utils import Database

from wikitrack import store
from wikitrack.check.pipeline import EventLog
from wikitrack.files import write_atomically
from wikitrack.watchlist.areas import Area, AreaMember, CategoryRule, ResolvedTitle
from wikitrack.watchlist.lists import replace_titles
from wikitrack.wiki.identity import IdentityWiki, verify_wiki
from wikitrack.wiki.pages import PageInfo
from wikitrack.wiki.sitefacts import normalize_title

__all__ = [
    "SyncResult",
    "SyncRow",
    "SyncPlan",
    "sync_watchlists",
    "plan_sync",
    "lost_page_ids",
    "titles_to_trace",
    "WikiReader",
]


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


SyncStatus = Literal["ok", "redirect", "renamed", "missing", "invalid"]
Listed = tuple[str, str, str]  # (title, note, source) of one title on an area's list
Previous = dict[tuple[str, str], tuple[int, int | None]]  # (area, title) -> (page ID, via_redirect)


@dataclass(frozen=True)
class SyncRow:
    """What one listed title of an area is on the wiki today."""

    area: str
    listed_title: str
    page_id: int | None
    title: str
    status: SyncStatus
    source: str
    detail: str | None = None
    already_listed: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The row as `watchlist sync --json` shows it (detail only when there is one)."""
        row: dict[str, Any] = {
            "area": self.area,
            "listed_title": self.listed_title,
            "page_id": self.page_id,
            "title": self.title,
            "status": self.status,
            "source": self.source,
        }
        if self.detail is not None:
            row["detail"] = self.detail
        if self.already_listed:
            row["already_listed"] = True
        return row


@dataclass(frozen=True)
class SyncPlan:
    """What a sync stores: a row per listed title, the pages (ID -> title, namespace), each
    area's members, the pages that join the watch now, and the renames a file may take."""

    rows: tuple[SyncRow, ...]
    pages: dict[int, tuple[str, int]]
    members: dict[str, list[AreaMember]]
    joining: tuple[int, ...]
    renames: dict[str, dict[str, str]]  # watchlist file -> {listed title: new title}


@dataclass
class SyncResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    resolve_requests: int = 0
    watch_requests: int = 0
    requests: int = 0
    fixed_files: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)


def _status(
    r: ResolvedTitle, previous: tuple[int, int | None] | None, moved: PageInfo | None
) -> tuple[SyncStatus, int | None, str]:
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


def _listed(area: Area, members: dict[CategoryRule, list[str]]) -> list[Listed]:
    """The area's titles: its list, then its categories' members not listed already."""
    entries = [(w.title, w.note, "list") for w in area.lemmas]
    seen = {normalize_title(w.title) for w in area.lemmas}
    for rule in area.categories:
        for title in members[rule]:
            if normalize_title(title) not in seen:
                seen.add(normalize_title(title))
                entries.append((normalize_title(title), "", f"categorie:{rule.category}"))
    return entries


def lost_page_ids(previous: Previous, resolved: dict[str, ResolvedTitle]) -> set[int]:
    """Stored page IDs of titles gone from the wiki: pages moved without leaving a redirect
    are found again by them."""
    return {
        pid
        for (_, title), (pid, _) in previous.items()
        if title in resolved and resolved[title].page_id is None and not resolved[title].invalid
    }


def titles_to_trace(
    listed: dict[str, list[Listed]], resolved: dict[str, ResolvedTitle], previous: Previous
) -> set[str]:
    """Redirects whose past sync does not tell whether the page itself moved away from the
    listed title: the move log is asked about these."""
    out = set()
    for slug, entries in listed.items():
        for title, _, _ in entries:
            prev = previous.get((slug, title))
            status = _status(resolved[title], prev, None)[0]
            if status == "redirect" and (prev is None or prev[1] is None):
                out.add(title)
    return out


def plan_sync(
    areas: Sequence[Area],
    listed: dict[str, list[Listed]],
    resolved: dict[str, ResolvedTitle],
    previous: Previous,
    *,
    moved_info: dict[int, PageInfo],
    moved_away: set[str],
    watched_before: set[int],
) -> SyncPlan:
    """Every listed title's status, and the membership, pages and renames to store.

    `moved_info` is what the wiki says of lost page IDs, `moved_away` the redirects the move
    log shows to be moves. An area keeps its old membership for titles that could not be
    resolved this time, so a passing outage never drops a lemma silently.
    """
    rows: list[SyncRow] = []
    pages: dict[int, tuple[str, int]] = {}
    members: dict[str, list[AreaMember]] = {}
    renames: dict[str, dict[str, str]] = {}
    for area in areas:
        in_file = {normalize_title(w.title) for w in area.lemmas}
        by_page: dict[int, AreaMember] = {}
        for title, note, source in listed[area.slug]:
            row = _row(area.slug, title, source, resolved[title], previous, moved_info, moved_away)
            if row.status in ("renamed", "redirect") and normalize_title(row.title) in in_file:
                row = _already_listed(row)
            rows.append(row)
            if row.page_id is None:
                continue
            pages[row.page_id] = (row.title, resolved[title].namespace)
            member = AreaMember(row.page_id, title, note, source, int(row.status == "redirect"))
            # One membership per page and area; the title that names the page itself wins
            # over a redirect to it.
            known = by_page.get(row.page_id)
            if known is None or (known.via_redirect or 0) > (member.via_redirect or 0):
                by_page[row.page_id] = member
            if row.status == "renamed" and source == "list" and not row.already_listed:
                renames.setdefault(area.path, {})[title] = row.title
        members[area.slug] = list(by_page.values())
    _keep_unresolved(members, rows, previous)
    joining = tuple(pid for pid in pages if pid not in watched_before)
    return SyncPlan(tuple(rows), pages, members, joining, renames)


def _row(
    slug: str,
    title: str,
    source: str,
    r: ResolvedTitle,
    previous: Previous,
    moved_info: dict[int, PageInfo],
    moved_away: set[str],
) -> SyncRow:
    prev = previous.get((slug, title))
    status, page_id, current = _status(r, prev, moved_info.get(prev[0]) if prev else None)
    if status == "redirect" and (prev is None or prev[1] is None) and title in moved_away:
        status = "renamed"
    detail = None
    if status == "invalid":
        detail = r.invalid
    elif r.redirect_from is not None:
        detail = f"{r.redirect_from} → {r.title}"
    return SyncRow(slug, title, page_id, current, status, source, detail)


def _already_listed(row: SyncRow) -> SyncRow:
    """Both names on one list: the file needs a person, not an automatic rewrite."""
    detail = ((row.detail or "") + "; ").lstrip(
        "; "
    ) + f"'{row.title}' is already listed in this area: remove '{row.listed_title}'"
    return replace(row, detail=detail, already_listed=True)


def _keep_unresolved(
    members: dict[str, list[AreaMember]], rows: list[SyncRow], previous: Previous
) -> None:
    missing = {(r.area, r.listed_title) for r in rows if r.status == "missing"}
    for (slug, title), (pid, via_redirect) in previous.items():
        if (slug, title) in missing and slug in members:
            if pid not in {m.page_id for m in members[slug]}:
                # what it was stays known: a redirect kept through an outage must not come
                # back as a rename
                members[slug].append(AreaMember(pid, title, "", "kept", via_redirect))


def _moved_away(wiki: WikiReader, r: ResolvedTitle) -> bool:
    """Whether the move log says the page itself was moved away from the listed title (its
    redirect left behind)."""
    events = wiki.fetch_log_events(log_type="move", title=r.redirect_from or r.requested, limit=5)
    return any(e.page_id == r.page_id for e in events)


def sync_watchlists(
    db: Database, wiki: WikiReader, areas: Sequence[Area], *, fix_titles: bool = False
) -> SyncResult:
    result = SyncResult()
    start_requests = wiki.requests
    verify_wiki(db, wiki)  # page IDs of another wiki must never mix with this database's
    categories = {
        rule: list(wiki.iter_category_members(rule.category, rule.depth, rule.exclude))
        for area in areas
        for rule in area.categories
    }
    listed = {area.slug: _listed(area, categories) for area in areas}
    unique = sorted({t for entries in listed.values() for t, _, _ in entries})
    before = wiki.requests
    resolved = {r.requested: r for r in wiki.resolve_titles(unique)}
    result.resolve_requests = wiki.requests - before
    previous = store.area_memberships(db)
    lost = lost_page_ids(previous, resolved)
    plan = plan_sync(
        areas,
        listed,
        resolved,
        previous,
        moved_info=wiki.fetch_page_info(sorted(lost)) if lost else {},
        moved_away={
            t
            for t in sorted(titles_to_trace(listed, resolved, previous))
            if _moved_away(wiki, resolved[t])
        },
        watched_before={lemma.page_id for lemma in store.watched_lemmas(db)},
    )
    store.save_areas(db, areas)
    store.save_resolved_lemmas(db, plan.members, plan.pages, plan.joining)
    if getattr(wiki, "logged_in", False):
        # The account's watchlist lets `check` ask for all new revisions in a few requests;
        # MediaWiki watches a page's talk page with it.
        before = wiki.requests
        wiki.watch(sorted({title for title, _ in plan.pages.values()}))
        result.watch_requests = wiki.requests - before
    rows = list(plan.rows)
    if fix_titles:
        rows = _fix_titles(plan.renames, rows, result.fixed_files)
    result.rows = [row.as_dict() for row in rows]
    result.requests = wiki.requests - start_requests
    return result


def _fix_titles(
    renames: dict[str, dict[str, str]], rows: list[SyncRow], fixed_files: list[str]
) -> list[SyncRow]:
    """Write renamed lemmas' new titles into their files; a rename the file refuses (its new
    title is listed already) is said in its row instead."""
    for path, mapping in renames.items():
        p = Path(path)
        text, refused = replace_titles(p, p.read_text(encoding="utf-8"), mapping)
        rows = [
            replace(row, detail=refused[row.listed_title])
            if row.listed_title in refused and row.status == "renamed"
            else row
            for row in rows
        ]
        if set(mapping) - set(refused):
            write_atomically(p, text)
            fixed_files.append(path)
    return rows
