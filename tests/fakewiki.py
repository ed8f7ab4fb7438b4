"""`FakeWiki`: our own wiki interface over in-memory pages, for tests that need no MediaWiki.

It implements the whole port `wiki.ports.Wiki` that `wiki.WikiClient` fills, and so each
narrower one the core asks for (`check.CheckWiki`, `sync.WikiReader`, `ports.IdentityWiki`,
`ports.CorrectionsWiki`, `ports.HealthWiki`, ...), returning our dataclasses from
`wiki.pages`. It fakes our interface, never pywikibot's internals (as
llm's test fakes do): a test builds a small wiki with `create` / `edit` / `move` / `delete`,
or through `actor(name)`, which has the sandbox actor's methods, so a scenario reads the same
against both.

It keeps MediaWiki's rules that the core depends on: a page keeps its ID when moved, a
deleted page's ID is gone (and its revisions with it) and comes back when restored, revision
IDs only grow, `prop=revisions` over several pages gives each page's latest revision only,
the watchlist has no SHA1s, a hidden revision's text is None. Requests are counted like the
client counts them (one per batch of `batch_size` values), and every call is recorded in
`calls`; `fail(method)` makes the next call of a method raise a WikiError.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from math import ceil
from typing import Any

from wikitrack.errors import WikiError
from wikitrack.watchlist.areas import ResolvedTitle
from wikitrack.wiki.pages import LogEvent, PageInfo, PageText, Revision, SiteIdentity
from wikitrack.wiki.sitefacts import REDIRECT_WORDS, invalid_title_reason, normalize_title

__all__ = ["FakeWiki", "FakeActor", "FakePage"]

# Namespace prefixes of nl.wikipedia the fake knows (number -> name); odd numbers are talk.
NAMESPACES: dict[int, str] = {
    1: "Overleg",
    2: "Gebruiker",
    3: "Overleg gebruiker",
    4: "Wikipedia",
    5: "Overleg Wikipedia",
    6: "Bestand",
    7: "Overleg bestand",
    10: "Sjabloon",
    11: "Overleg sjabloon",
    14: "Categorie",
    15: "Overleg categorie",
}
_BY_NAME = {name.lower(): ns for ns, name in NAMESPACES.items()} | {"category": 14, "talk": 1}
_CATEGORY_LINK = re.compile(r"\[\[\s*(?:Categorie|Category)\s*:\s*([^|\]]+)", re.IGNORECASE)
_REDIRECT = re.compile(r"^\s*#\S+\s*\[\[([^|\]]+)", re.IGNORECASE)


def split_namespace(title: str) -> tuple[int, str]:
    """(namespace, title normalised as the wiki stores it)."""
    title = normalize_title(title)
    prefix, colon, rest = title.partition(":")
    ns = _BY_NAME.get(prefix.lower()) if colon else None
    if ns is None:
        return 0, title
    return ns, f"{NAMESPACES[ns]}:{normalize_title(rest)}"


def talk_title(title: str) -> str | None:
    """The talk page's title of a subject page (None for a talk page)."""
    ns, full = split_namespace(title)
    if ns % 2:
        return None
    if ns == 0:
        return f"Overleg:{full}"
    return f"{NAMESPACES[ns + 1]}:{full.split(':', 1)[1]}"


def sha1_of(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class FakeRevision:
    revision: Revision
    text: str
    hidden: bool = False  # text hidden by an administrator (revision deletion)


@dataclass
class FakePage:
    page_id: int
    title: str
    namespace: int
    revisions: list[FakeRevision] = field(default_factory=list)  # oldest first
    deleted: bool = False

    @property
    def latest(self) -> FakeRevision:
        return self.revisions[-1]

    @property
    def text(self) -> str:
        return self.latest.text

    @property
    def redirect_target(self) -> str | None:
        m = _REDIRECT.match(self.text)
        if m and self.text.lstrip().lower().startswith(REDIRECT_WORDS):
            return normalize_title(m[1])
        return None


class FakeWiki:
    """An in-memory wiki behind our own wiki interface (see the module docstring)."""

    def __init__(
        self,
        *,
        user: str = "Anouk-GemeenteAlmere",
        logged_in: bool = True,
        batch_size: int = 50,
        wikiid: str = "fakewiki",
        server: str = "http://fake.example",
        now: datetime | None = None,
    ):
        self.api_url = f"{server}/api.php"
        self.user = user
        self._logged_in = logged_in
        self._batch_size = batch_size
        self.identity = SiteIdentity(wikiid=wikiid, server=server, sitename="Fake")
        self.clock = now or datetime.now(UTC).replace(microsecond=0)
        self.pages: dict[int, FakePage] = {}
        self.log: list[LogEvent] = []
        self.groups: dict[str, frozenset[str]] = {}
        self.watched: set[str] = set()
        self.interwiki: set[str] = set()
        self.requests = 0
        self.calls: list[tuple[str, Any]] = []
        self.failures: dict[str, list[Exception]] = {}
        self._page_ids = itertools.count(1)
        self._revids = itertools.count(1)
        self._log_ids = itertools.count(1)
        self.on_wait: Callable[[str], None] | None = None

    # -- building the wiki (what editors and administrators do) -------------------------------

    def tick(self) -> str:
        """The wiki's clock: one second per action, never behind the real clock."""
        self.clock = max(
            self.clock + timedelta(seconds=1), datetime.now(UTC).replace(microsecond=0)
        )
        return self.clock.strftime("%Y-%m-%dT%H:%M:%SZ")

    def actor(self, user: str | None = None, *, ip: str | None = None) -> FakeActor:
        return FakeActor(self, ip or user or "Pieter Bakker", anon=ip is not None)

    def page(self, title: str) -> FakePage | None:
        """The existing page with this title, or None."""
        _, full = split_namespace(title)
        return next((p for p in self.pages.values() if p.title == full and not p.deleted), None)

    def save(
        self,
        title: str,
        text: str,
        summary: str = "",
        *,
        user: str = "Pieter Bakker",
        anon: bool = False,
        minor: bool = False,
        tags: Sequence[str] = (),
    ) -> int:
        """Save `text` as `user` (creating the page); the new revid, 0 when nothing changed."""
        page = self.page(title)
        if page is None:
            ns, full = split_namespace(title)
            page = FakePage(next(self._page_ids), full, ns)
            self.pages[page.page_id] = page
        elif page.text == text:
            return 0
        parent = page.latest.revision if page.revisions else None
        rev = Revision(
            revid=next(self._revids),
            page_id=page.page_id,
            parent_id=parent.revid if parent else 0,
            timestamp=self.tick(),
            user=user,
            userid=0 if anon else 1000 + sum(map(ord, user)),
            anon=anon,
            temp=user.startswith("~"),
            minor=minor,
            size=len(text.encode("utf-8")),
            comment=summary,
            tags=tuple(tags),
            sha1=sha1_of(text),
        )
        page.revisions.append(FakeRevision(rev, text))
        return rev.revid

    def move(self, old: str, new: str, reason: str = "", *, user: str = "Beheerder") -> None:
        """Move a page (and its talk page), leaving a redirect, as MediaWiki does."""
        page = self._existing(old)
        old_title = page.title
        moves = [(old_title, new), (talk_title(old_title), talk_title(new))]
        for subject, target in moves:
            moving = self.page(subject) if subject else None
            if moving is None or subject is None or target is None:
                continue
            _, moving.title = split_namespace(target)
            self._log("move", "move", moving, subject, user, reason, target_title=moving.title)
            if subject in self.watched:
                self.watched.add(moving.title)
            self.save(subject, f"#DOORVERWIJZING [[{moving.title}]]", reason, user=user)

    def delete(self, title: str, reason: str = "", *, user: str = "Beheerder") -> None:
        page = self._existing(title)
        page.deleted = True
        self._log("delete", "delete", page, page.title, user, reason)

    def undelete(self, title: str, reason: str = "", *, user: str = "Beheerder") -> None:
        """Restore a deleted page. MediaWiki 1.39 gives it back its old page ID."""
        _, full = split_namespace(title)
        page = next(p for p in self.pages.values() if p.title == full and p.deleted)
        page.deleted = False
        self._log("delete", "restore", page, page.title, user, reason)

    def hide_text(self, revid: int) -> None:
        """Revision deletion: the revision stays, its text is hidden."""
        for page in self.pages.values():
            for r in page.revisions:
                if r.revision.revid == revid:
                    r.hidden = True

    def fail(self, method: str, error: Exception | None = None, times: int = 1) -> None:
        """The next `times` calls of `method` raise `error` (a WikiError by default)."""
        error = error or WikiError(f"API request {method} failed: simulated outage")
        self.failures.setdefault(method, []).extend([error] * times)

    def _existing(self, title: str) -> FakePage:
        page = self.page(title)
        if page is None:
            raise WikiError(f"page '{title}' does not exist")
        return page

    def _log(
        self,
        type_: str,
        action: str,
        page: FakePage,
        title: str,
        user: str,
        comment: str,
        **params: Any,
    ) -> None:
        self.log.append(
            LogEvent(
                log_id=next(self._log_ids),
                type=type_,
                action=action,
                page_id=page.page_id,
                title=title,
                timestamp=self.tick(),
                user=user,
                comment=comment,
                params=params,
            )
        )

    # -- bookkeeping of calls ----------------------------------------------------------------

    def _call(self, method: str, args: Any = None, values: int = 1, per: int | None = None) -> None:
        """Record a call, count its requests, and raise a queued failure."""
        self.calls.append((method, args))
        self.requests += max(1, ceil(values / (per or self._batch_size)))
        queued = self.failures.get(method)
        if queued:
            raise queued.pop(0)

    def _live(self, page_id: int) -> FakePage | None:
        page = self.pages.get(page_id)
        return page if page is not None and not page.deleted else None

    def _revisions(self) -> Iterator[tuple[FakePage, FakeRevision]]:
        for page in self.pages.values():
            if not page.deleted:
                for r in page.revisions:
                    yield page, r

    # -- the account -------------------------------------------------------------------------

    @property
    def logged_in(self) -> bool:
        return self._logged_in

    @property
    def batch_size(self) -> int:
        return self._batch_size

    def login(self) -> str:
        self._logged_in = True
        return self.user

    def rights(self) -> frozenset[str]:
        return frozenset({"apihighlimits"} if self._batch_size >= 500 else set())

    def site_identity(self) -> SiteIdentity:
        return self.identity

    # -- reads -------------------------------------------------------------------------------

    def resolve_titles(self, titles: Sequence[str]) -> list[ResolvedTitle]:
        self._call("resolve_titles", list(titles), len(titles))
        return [self._resolve(t) for t in titles]

    def _resolve(self, requested: str) -> ResolvedTitle:
        reason = invalid_title_reason(requested)
        if reason:
            return ResolvedTitle(requested=requested, title=requested, page_id=None, invalid=reason)
        ns, title = split_namespace(requested)
        page = self.page(title)
        redirect_from = None
        if page is not None and page.redirect_target is not None:
            redirect_from, title = page.title, page.redirect_target
            ns, _ = split_namespace(title)
            page = self.page(title)
        if title.split(":", 1)[0].lower() in self.interwiki:
            return ResolvedTitle(
                requested, title, None, ns, redirect_from, "an interwiki link to another wiki"
            )
        return ResolvedTitle(
            requested=requested,
            title=page.title if page else title,
            page_id=page.page_id if page else None,
            namespace=page.namespace if page else ns,
            redirect_from=redirect_from,
        )

    def fetch_page_info(self, page_ids: Sequence[int]) -> dict[int, PageInfo]:
        self._call("fetch_page_info", list(page_ids), len(page_ids))
        out = {}
        for pid in page_ids:
            page = self._live(pid)
            if page is None:
                out[pid] = PageInfo(
                    page_id=pid, title="", namespace=0, last_revid=None, missing=True
                )
                continue
            talk = talk_title(page.title)
            talk_page = self.page(talk) if talk else None
            out[pid] = PageInfo(
                page_id=pid,
                title=page.title,
                namespace=page.namespace,
                last_revid=page.latest.revision.revid,
                redirect=page.redirect_target is not None,
                talk_id=talk_page.page_id if talk_page else None,
                length=page.latest.revision.size,
            )
        return out

    def iter_revisions(self, page_id: int, per_request: int = 50) -> Iterator[Revision]:
        """Newest first, lazily: a request per `per_request` revisions consumed."""
        page = self._live(page_id)
        revisions = list(reversed(page.revisions)) if page else []
        for start in range(0, max(1, len(revisions)), per_request):
            self._call("iter_revisions", (page_id, start), per=per_request)
            for r in revisions[start : start + per_request]:
                yield r.revision

    def fetch_revision_texts(self, revids: Sequence[int]) -> dict[int, tuple[str | None, str]]:
        wanted = set(revids)
        self._call("fetch_revision_texts", sorted(wanted), len(wanted))
        return {
            r.revision.revid: (None if r.hidden else r.text, r.revision.sha1)
            for _, r in self._revisions()
            if r.revision.revid in wanted
        }

    def fetch_revisions_by_id(self, revids: Sequence[int]) -> dict[int, Revision]:
        wanted = set(revids)
        self._call("fetch_revisions_by_id", sorted(wanted), len(wanted))
        return {
            r.revision.revid: r.revision for _, r in self._revisions() if r.revision.revid in wanted
        }

    def fetch_current_texts(self, page_ids: Sequence[int]) -> dict[int, PageText]:
        self._call("fetch_current_texts", list(page_ids), len(set(page_ids)))
        out = {}
        for pid in page_ids:
            page = self._live(pid)
            if page is None:
                out[pid] = PageText(pid, "", 0, None, "", None, True)
                continue
            talk = talk_title(page.title)
            talk_page = self.page(talk) if talk else None
            latest = page.latest
            out[pid] = PageText(
                pid,
                page.title,
                page.namespace,
                latest.revision.revid,
                latest.revision.timestamp,
                None if latest.hidden else latest.text,
                talk_id=talk_page.page_id if talk_page else None,
            )
        return out

    def text_of(self, page_id: int) -> tuple[str, int]:
        self._call("text_of", page_id)
        page = self._live(page_id)
        if page is None:
            raise WikiError(f"page {page_id} does not exist")
        return page.text, page.latest.revision.revid

    def fetch_watchlist_revisions(self, since: str) -> list[Revision]:
        """Every revision since `since` of the watched pages, oldest first, without SHA1s
        (the watchlist does not have them)."""
        self._call("fetch_watchlist_revisions", since, per=1)
        found = [
            replace(r.revision, sha1="")
            for page, r in self._revisions()
            if page.title in self.watched and r.revision.timestamp >= since
        ]
        return sorted(found, key=lambda r: (r.timestamp, r.revid))

    def newest_revid(self) -> int | None:
        self._call("newest_revid")
        return max(
            (r.revision.revid for p in self.pages.values() for r in p.revisions), default=None
        )

    def iter_user_contribs(
        self, users: Sequence[str], since: str | None = None
    ) -> Iterator[tuple[str, Revision]]:
        """(title, revision) of every edit by `users` since `since`, oldest first (the
        contributions list has neither SHA1s nor tags)."""
        self._call("iter_user_contribs", (list(users), since), len(set(users)), per=50)
        wanted = set(users)
        found = [
            (page.title, replace(r.revision, sha1="", tags=()))
            for page, r in self._revisions()
            if r.revision.user in wanted and (not since or r.revision.timestamp >= since)
        ]
        yield from sorted(found, key=lambda tr: (tr[1].timestamp, tr[1].revid))

    def fetch_log_events(
        self,
        *,
        log_type: str,
        title: str | None = None,
        page_id: int | None = None,
        since: str | None = None,
        limit: int = 50,
    ) -> list[LogEvent]:
        """Log entries of a type, newest first (oldest first from `since` on)."""
        self._call("fetch_log_events", (log_type, title, page_id, since), per=limit)
        wanted = split_namespace(title)[1] if title else None
        events = [
            e
            for e in self.log
            if e.type == log_type
            and (wanted is None or e.title == wanted)
            and (page_id is None or e.page_id in (page_id, 0))
            and (since is None or e.timestamp >= since)
        ]
        events.sort(key=lambda e: e.log_id, reverse=since is None)
        return events[:limit]

    def fetch_deletion_log(self, since: str, limit: int = 20_000) -> list[LogEvent]:
        """Deletions and restores from `since` on, oldest first."""
        self._call("fetch_deletion_log", since, per=500)
        events = [
            e
            for e in self.log
            if e.type == "delete" and e.action in ("delete", "restore") and e.timestamp >= since
        ]
        return sorted(events, key=lambda e: e.log_id)[:limit]

    def fetch_user_groups(self, users: Iterable[str]) -> dict[str, frozenset[str]]:
        names = sorted({u for u in users if u})
        self._call("fetch_user_groups", names, len(names), per=50)
        return {u: self.groups.get(u, frozenset()) for u in names}

    def iter_category_members(
        self, category: str, depth: int = 0, exclude: Iterable[str] = ()
    ) -> Iterator[str]:
        """Articles whose current text puts them in the category, `depth` levels down."""
        excluded = {normalize_title(e) for e in exclude}
        queue = [(split_namespace(category if ":" in category else f"Categorie:{category}")[1], 0)]
        seen: set[str] = set()
        while queue:
            cat, level = queue.pop(0)
            self._call("iter_category_members", cat, per=500)
            name = normalize_title(cat.split(":", 1)[1])
            for page in sorted(self.pages.values(), key=lambda p: p.title):
                if page.deleted or page.title in excluded or page.title in seen:
                    continue
                if name not in {normalize_title(c) for c in _CATEGORY_LINK.findall(page.text)}:
                    continue
                seen.add(page.title)
                if page.namespace == 14 and level < depth:
                    queue.append((page.title, level + 1))
                elif page.namespace == 0:
                    yield page.title

    # -- writes as the account ---------------------------------------------------------------

    def watch(self, titles: Sequence[str]) -> int:
        """Watch the titles and their talk pages, as MediaWiki does."""
        self._call("watch", list(titles), len(titles))
        for t in titles:
            _, full = split_namespace(t)
            self.watched.add(full)
            talk = talk_title(full)
            if talk:
                self.watched.add(talk)
        return len(titles)

    def edit(
        self,
        title: str,
        text: str,
        summary: str,
        *,
        base_revid: int | None = None,
        minor: bool = False,
        section: str | None = None,
        section_title: str | None = None,
    ) -> int:
        """Save as the logged-in account; `base_revid` refuses an edit over someone else's."""
        self._call("edit", title)
        page = self.page(title)
        if base_revid and page is not None and page.latest.revision.revid != base_revid:
            raise WikiError(f"edit of '{title}' failed: {{'code': 'editconflict'}}")
        if section == "new":
            text = (page.text if page else "") + f"\n\n== {section_title or ''} ==\n{text}"
        revid = self.save(title, text, summary, user=self.user, minor=minor)
        return revid or (page.latest.revision.revid if page else 0)


class FakeActor:
    """Someone editing the fake wiki, with the sandbox `Actor`'s methods."""

    def __init__(self, wiki: FakeWiki, user: str, anon: bool = False):
        self.wiki, self.user, self.anon = wiki, user, anon

    def text(self, title: str) -> str:
        return self.wiki._existing(title).text

    def edit(
        self,
        title: str,
        text: str | None = None,
        summary: str = "",
        *,
        append: str | None = None,
        section: str | None = None,
        sectiontitle: str | None = None,
        minor: bool = False,
    ) -> int:
        page = self.wiki.page(title)
        old = page.text if page else ""
        new = old + append if append is not None else text or ""
        if section == "new":
            new = old + f"\n\n== {sectiontitle or ''} ==\n{text or ''}"
        return self.wiki.save(title, new, summary, user=self.user, anon=self.anon, minor=minor)

    def move(self, old: str, new: str, reason: str = "") -> None:
        self.wiki.move(old, new, reason, user=self.user)

    def delete(self, title: str, reason: str = "") -> None:
        self.wiki.delete(title, reason, user=self.user)

    def undelete(self, title: str, reason: str = "") -> None:
        self.wiki.undelete(title, reason, user=self.user)

    def page_id(self, title: str) -> int | None:
        page = self.wiki.page(title)
        return page.page_id if page else None

    def last_revid(self, title: str) -> int:
        page = self.wiki.page(title)
        return page.latest.revision.revid if page else 0
