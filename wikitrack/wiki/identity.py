"""Is the wiki still the one the database describes?

A database is a record of one wiki: page IDs, revision IDs and their times mean nothing on
another. Pointing the config at another wiki, or reinstalling one (`sandbox reset`), would
otherwise turn every stored page ID into a phantom move, deletion or change. So before a check
or sync writes anything:

- the wiki's siteinfo (wikiid, the server's host) must match what was recorded at the first
  contact (the port may change: a sandbox restarts on a free one);
- revisions we stored must still be there, on the same page at the same time. On a wiki
  revisions never move or change their time (a deleted page's revisions vanish with it, and
  single revisions are deleted too, so a missing revision counts only when its ID is above
  the newest the wiki ever handed out). One odd page may be a history merge; two or more
  mean another or a reinstalled wiki.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

from sqlite_utils import Database

from wikitrack import store
from wikitrack.check.records import SeenRevision
from wikitrack.errors import SiteMismatch
from wikitrack.wiki.pages import PageInfo, Revision, SiteIdentity
from wikitrack.wiki.ports import IdentityWiki

__all__ = [
    "IdentityWiki",
    "SeenRevision",
    "site_problem",
    "history_conflicts",
    "verify_wiki",
    "RESET_HINT",
]

RESET_HINT = (
    "if this is the wiki you mean to watch now, start a fresh database for it with "
    "'wikitrack init --reset-db' (the old one is kept aside), then 'wikitrack watchlist sync'"
)


# Stored revisions compared with the wiki's before a check or sync: two contradicted pages
# prove another wiki, so the newest 50 (one request) are as good a proof as 500, and cheaper.
IDENTITY_SAMPLE = 50


def _host(server: str) -> str:
    return (
        urllib.parse.urlsplit(server if "//" in server else "//" + server).hostname or ""
    ).lower()


def site_problem(stored: SiteIdentity | None, current: SiteIdentity) -> str | None:
    """Why the wiki is not the recorded one, or None (also when nothing was recorded yet)."""
    if stored is None:
        return None
    if stored.wikiid != current.wikiid or _host(stored.server) != _host(current.server):
        return (
            f"this database describes the wiki '{stored.wikiid}' at {stored.server}, "
            f"but the configured wiki is '{current.wikiid}' at {current.server}"
        )
    return None


def history_conflicts(
    seen: Sequence[SeenRevision],
    found: dict[int, Revision],
    infos: dict[int, PageInfo],
    newest_revid: int | None = None,
) -> dict[int, str]:
    """Pages whose stored revisions the wiki contradicts: page ID -> what is wrong.

    A stored revision that is gone from a page that still exists proves little by itself:
    administrators delete single revisions (copyright violations, vandalism), and a deleted
    revision keeps its ID. It is evidence only above `newest_revid`, the newest revision ID
    anywhere on the wiki (IDs only grow): that ID was never handed out here.
    """
    out: dict[int, str] = {}
    for s in seen:
        if s.page_id in out:
            continue
        rev, info = found.get(s.revid), infos.get(s.page_id)
        if rev is not None and rev.page_id != s.page_id:
            out[s.page_id] = (
                f"revision {s.revid} was on '{s.title}' (page {s.page_id}), the wiki has it on "
                f"page {rev.page_id}"
            )
        elif rev is not None and s.timestamp and rev.timestamp != s.timestamp:
            out[s.page_id] = (
                f"revision {s.revid} of '{s.title}' was made at {s.timestamp}, the wiki says "
                f"{rev.timestamp}"
            )
        elif (
            rev is None
            and newest_revid is not None
            and s.revid > newest_revid
            and info is not None
            and not info.missing
            and info.last_revid is not None
            and info.last_revid < s.revid
        ):
            renamed = (
                f", and page {s.page_id} is now '{info.title}'" if info.title != s.title else ""
            )
            out[s.page_id] = (
                f"'{s.title}' had revision {s.revid}, but the wiki's latest revision of page "
                f"{s.page_id} is {info.last_revid}{renamed}"
            )
    return out


def verify_wiki(db: Database, wiki: IdentityWiki, infos: dict[int, PageInfo] | None = None) -> None:
    """Raise SiteMismatch (exit 2, with the fix) unless the wiki is the database's own;
    record the wiki's identity at the first contact. One request for the revisions."""
    current = wiki.site_identity()
    stored = store.get_site(db)
    problem = site_problem(stored, current)
    if problem:
        raise SiteMismatch(f"{problem}; {RESET_HINT}")
    seen = store.seen_revisions(db, min(IDENTITY_SAMPLE, wiki.batch_size))
    if seen:
        found = wiki.fetch_revisions_by_id([s.revid for s in seen])
        pages = sorted({s.page_id for s in seen})
        if infos is None or not set(pages) <= set(infos):
            infos = {**(infos or {}), **wiki.fetch_page_info(pages)}
        # The newest ID on the wiki is asked for only when a stored revision is missing.
        missing = any(s.revid not in found for s in seen)
        newest = wiki.newest_revid() if missing else None
        conflicts = history_conflicts(seen, found, infos, newest)
        if conflicts and len(conflicts) >= min(2, len(pages)):
            examples = "; ".join(list(conflicts.values())[:3])
            more = f" (and {len(conflicts) - 3} more pages)" if len(conflicts) > 3 else ""
            raise SiteMismatch(
                f"the wiki at {wiki.api_url} is not the one this database describes (another "
                f"wiki, or this one reinstalled or reset): {examples}{more}; {RESET_HINT}"
            )
    if stored is None:
        store.save_site(db, current, wiki.api_url)
