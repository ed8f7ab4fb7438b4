"""The only module that imports pywikibot. Batched API queries in, our own dataclasses out.

pywikibot is imported lazily and configured here: importing it reads PYWIKIBOT_DIR and executes
user-config.py, its properties hide network calls (`Page.text`), and its defaults retry an
unreachable wiki for about 22 minutes and prompt for a missing password. So this adapter:

- probes the API with a short timeout before pywikibot ever touches it;
- lowers pywikibot's retries and refuses to prompt (cron has no terminal);
- checks the password file before a login;
- counts every HTTP request, so callers can prove their request budget.

Pages are addressed by page ID wherever possible: a page keeps its ID when it is moved, not when
it is deleted and re-created (MediaWiki's rule), so an ID is the lemma's identity.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import stat
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from wikitrack.errors import ConfigError, WikiError
from wikitrack.watchlist.areas import ResolvedTitle
from wikitrack.wiki.pages import LogEvent, PageInfo, PageText, Revision, SiteIdentity
from wikitrack.wiki.sitefacts import invalid_title_reason

__all__ = ["WikiClient", "probe_api", "chunked", "USER_AGENT"]

USER_AGENT = "wikitrack/0.1 (Gemeente Almere, Redactie Eigen Media; {contact})"
NL_WIKIPEDIA_HOST = "nl.wikipedia.org"
# A wiki that is down is caught by `probe_api` before pywikibot; these bound what is left
# (maxlag, a passing 5xx) to well under a minute per request instead of pywikibot's ~22 minutes.
RETRY_SETTINGS = {"max_retries": 3, "retry_wait": 2, "retry_max": 20}
# A wait longer than this gets one line on a terminal saying what wikitrack waits for.
SLOW_AFTER = 3.0
# Wikimedia asks batch jobs for maxlag=5: when replicas lag, wait rather than add load.
READ_MAXLAG = 5
DELETION_LOG_MAX = 20_000  # deletions and restores one check reads (a day has hundreds)


def chunked(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@contextmanager
def announce_if_slow(on_wait: Callable[[str], None] | None, message: str) -> Iterator[None]:
    """Call `on_wait(message)` once if the block takes longer than SLOW_AFTER seconds, so a
    person at a terminal knows what the pause is."""
    timer = threading.Timer(SLOW_AFTER, on_wait, [message]) if on_wait else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.cancel()


def unreachable_hint(api_url: str, config_file: str = "the config") -> str:
    """What to do about a wiki that does not answer (`config_file`: where [wiki] is set)."""
    host = urllib.parse.urlsplit(api_url).hostname or ""
    hint = f"check [wiki] url in {config_file} and the network"
    if host in ("127.0.0.1", "localhost", "::1"):
        hint += ", or start the sandbox with 'wikitrack sandbox start'"
    return hint


def probe_api(
    api_url: str,
    *,
    timeout: float = 10.0,
    contact: str = "",
    on_wait: Callable[[str], None] | None = None,
    config_file: str = "the config",
) -> dict[str, Any]:
    """Ask the API for its site info with a short timeout; raise WikiError saying why not and
    what to do (`config_file`: where [wiki] is set).

    This runs before pywikibot, whose own retries against a dead wiki take minutes.
    """
    url = api_url + "?action=query&meta=siteinfo&format=json&formatversion=2"
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT.format(contact=contact)})
    waiting = f"waiting for the wiki at {api_url} to answer (at most {timeout:.0f} s)..."
    try:
        with (
            announce_if_slow(on_wait, waiting),
            urllib.request.urlopen(req, timeout=timeout) as resp,  # noqa: S310 (http/https only)
        ):
            body = resp.read(2_000_000)
    except urllib.error.HTTPError as e:
        raise WikiError(f"the wiki at {api_url} answered HTTP {e.code} ({e.reason})") from e
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        if isinstance(reason, OSError) and reason.strerror:
            reason = reason.strerror
        elif isinstance(reason, TimeoutError):
            reason = f"no answer within {timeout:.0f} s"
        hint = unreachable_hint(api_url, config_file)
        raise WikiError(f"the wiki at {api_url} is unreachable: {reason}; {hint}") from e
    try:
        data = json.loads(body)
        return dict(data["query"]["general"])
    except (ValueError, KeyError) as e:
        raise WikiError(f"{api_url} did not answer like a MediaWiki API") from e


def check_password_file(pywikibot_dir: Path, user: str) -> Path:
    """Make sure pywikibot will find a password for `user` without prompting.

    Returns the password file; raises ConfigError (exit 2) naming the file and the fix.
    """
    config = pywikibot_dir / "user-config.py"
    if not config.exists():
        raise ConfigError(f"{config} not found: copy user-config.py.example there and edit it")
    text = config.read_text(encoding="utf-8")
    name = "user-password.cfg"
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("password_file") and "=" in stripped:
            try:
                name = str(ast.literal_eval(stripped.split("=", 1)[1].strip()))
            except (ValueError, SyntaxError):
                pass
    pw_file = Path(name) if Path(name).is_absolute() else pywikibot_dir / name
    if not pw_file.exists():
        raise ConfigError(
            f"{pw_file} not found: add a line ('{user}', BotPassword('wikitrack', '...')) "
            "and chmod 600 it"
        )
    mode = stat.S_IMODE(pw_file.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(f"{pw_file} is readable by others (mode {mode:o}): chmod 600 {pw_file}")
    for lineno, line in enumerate(pw_file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "BotPassword" in line:
            line = line.replace("BotPassword(", "(")
        try:
            entry = ast.literal_eval(line.strip())
        except (ValueError, SyntaxError):
            raise ConfigError(f"{pw_file}:{lineno}: not a Python tuple") from None
        if isinstance(entry, tuple) and len(entry) >= 2 and entry[-2] == user:
            return pw_file
    raise ConfigError(f"{pw_file}: no password for '{user}' (add a BotPassword line for it)")


def _log_event(e: dict[str, Any]) -> LogEvent:
    """One entry of list=logevents as our dataclass."""
    return LogEvent(
        log_id=int(e["logid"]),
        type=e.get("type", ""),
        action=e.get("action", ""),
        page_id=int(e.get("logpage", 0) or e.get("pageid", 0)),
        title=e.get("title", ""),
        timestamp=e.get("timestamp", ""),
        user=e.get("user", ""),
        comment=e.get("comment", ""),
        params=dict(e.get("params", {})),
    )


class WikiClient:
    """A session with one wiki: read in batches, edit through a logged-in team account."""

    def __init__(
        self,
        api_url: str,
        *,
        user: str = "",
        pywikibot_dir: Path | None = None,
        contact: str = "",
        probe_timeout: float = 10.0,
        on_wait: Callable[[str], None] | None = None,
        config_file: str = "the config",
    ):
        self.api_url = api_url
        self.config_file = config_file  # where [wiki] is set: named in the hints of errors
        self.on_wait = on_wait  # told what a wait of more than SLOW_AFTER seconds is for
        self.user = user
        self.pywikibot_dir = pywikibot_dir
        self.contact = contact
        self.probe_timeout = probe_timeout
        self.requests = 0  # API requests this client made, including pywikibot's own
        self._site: Any = None
        self._rights: frozenset[str] | None = None
        self._logged_in = False

    # -- set-up -----------------------------------------------------------------------------

    def _import_pywikibot(self) -> Any:
        if self.pywikibot_dir is not None:
            os.environ["PYWIKIBOT_DIR"] = str(self.pywikibot_dir)
            if not (self.pywikibot_dir / "user-config.py").exists():
                os.environ["PYWIKIBOT_NO_USER_CONFIG"] = "2"
        else:
            os.environ.setdefault("PYWIKIBOT_NO_USER_CONFIG", "2")
        import pywikibot
        import pywikibot.comms.http as pwb_http

        for key, value in RETRY_SETTINGS.items():
            setattr(pywikibot.config, key, value)
        pywikibot.config.socket_timeout = (10, 60)
        pywikibot.config.read_maxlag = READ_MAXLAG
        pywikibot.config.user_agent_format = USER_AGENT.format(contact=self.contact or "-")
        import pywikibot.bot

        # pywikibot sets up its handlers lazily and resets the level then; do it first, so
        # "Logging in to ..." and the like stay out of cron mail.
        pywikibot.bot.init_handlers()
        logging.getLogger("pywiki").setLevel(logging.WARNING)

        def refuse_prompt(*args: Any, **kwargs: Any) -> Any:
            raise WikiError(
                "pywikibot asked for input; wikitrack never prompts (check the "
                "password file and user-config.py)"
            )

        pywikibot.input = refuse_prompt
        pywikibot.input_choice = refuse_prompt
        hooks = pwb_http.session.hooks.setdefault("response", [])
        if not any(getattr(h, "_wikitrack", False) for h in hooks):

            def count(response: Any, *args: Any, **kwargs: Any) -> None:
                _counter[0] += 1

            count._wikitrack = True  # type: ignore[attr-defined]
            hooks.append(count)
        return pywikibot

    @property
    def site(self) -> Any:
        if self._site is None:
            probe_api(
                self.api_url,
                timeout=self.probe_timeout,
                contact=self.contact,
                on_wait=self.on_wait,
                config_file=self.config_file,
            )
            pywikibot = self._import_pywikibot()
            try:
                if NL_WIKIPEDIA_HOST in self.api_url:
                    self._site = pywikibot.Site("nl", "wikipedia", user=self.user or None)
                else:
                    # pywikibot caches sites by family name: one name per API URL, so two
                    # wikis in one process (tests, a benchmark) never share a site.
                    name = "wikitrack" + hashlib.sha1(self.api_url.encode()).hexdigest()[:8]
                    pywikibot.config.family_files[name] = self.api_url
                    if self.user:
                        pywikibot.config.usernames[name]["*"] = self.user
                    self._site = pywikibot.Site(name, name, user=self.user or None)
                # pywikibot loads site info lazily on the first query that needs it; load it
                # now so the request budget of real queries is exact.
                before = _counter[0]
                _ = self._site.namespaces, self._site.siteinfo.get("extensions")
                self.requests += _counter[0] - before
            except Exception as e:  # pywikibot raises many kinds here
                raise WikiError(f"pywikibot could not open {self.api_url}: {e}") from e
        return self._site

    def login(self) -> str:
        """Log in as the configured account; return the user name the wiki knows us by."""
        if not self.user:
            raise ConfigError(f"no wiki account configured ([wiki] user in {self.config_file})")
        if self.pywikibot_dir is None:
            raise ConfigError("no pywikibot directory configured ([wiki] pywikibot_dir)")
        password_file = check_password_file(self.pywikibot_dir, self.user)
        site = self.site
        import pywikibot

        # pywikibot read user-config.py once per process; this client's file is the one to use.
        pywikibot.config.password_file = str(password_file)
        before = _counter[0]
        try:
            with announce_if_slow(self.on_wait, f"logging in to {self.api_url} as {self.user}..."):
                # pywikibot keeps one cookie jar per process and trusts the user info it
                # cached: ask the wiki again, so a session of another account is never taken
                # for this one's (its own cookies are loaded, or it logs in anew)
                _forget_user(site, self.api_url)
                site.login()
        except WikiError:
            raise
        except Exception as e:
            raise WikiError(f"login as '{self.user}' failed: {e}") from e
        finally:
            self.requests += _counter[0] - before
        if not site.logged_in():
            raise WikiError(f"login as '{self.user}' failed (check the BotPassword)")
        self._logged_in = True
        self.rights()  # pywikibot loads userinfo once; charge it to the login
        return str(site.username())

    @property
    def logged_in(self) -> bool:
        return self._logged_in

    def site_identity(self) -> SiteIdentity:
        """The wiki's wikiid and server, from the site info loaded with the site."""
        info = self.site.siteinfo
        return SiteIdentity(
            wikiid=str(info["wikiid"]), server=str(info["server"]), sitename=str(info["sitename"])
        )

    def rights(self) -> frozenset[str]:
        """The account's rights, from pywikibot's own (cached) userinfo."""
        if self._rights is None:
            site = self.site  # its own WikiError (unreachable, and what to do) passes as is
            before = _counter[0]
            try:
                self._rights = frozenset(site.userinfo.get("rights", []))
            except Exception as e:
                raise WikiError(f"could not read the account's rights: {e}") from e
            finally:
                self.requests += _counter[0] - before
        return self._rights

    @property
    def batch_size(self) -> int:
        """50 values per request, 500 for accounts with apihighlimits (bots, admins)."""
        return 500 if "apihighlimits" in self.rights() else 50

    # -- raw requests -------------------------------------------------------------------------

    def _api(self, **params: Any) -> dict[str, Any]:
        params.setdefault("formatversion", 2)
        site = self.site
        before = _counter[0]
        try:
            data = site.simple_request(**params).submit()
        except Exception as e:
            raise WikiError(f"API request {params.get('action')} failed: {e}") from e
        finally:
            self.requests += max(1, _counter[0] - before)
        return dict(data)

    def _query(self, **params: Any) -> Iterator[dict[str, Any]]:
        """One query with all its continuations (every key of `continue` is sent back)."""
        params["action"] = "query"
        cont: dict[str, Any] = {}
        while True:
            data = self._api(**params, **cont)
            yield data
            if "continue" not in data:
                return
            cont = data["continue"]

    # -- reads ----------------------------------------------------------------------------------

    def resolve_titles(self, titles: Sequence[str]) -> list[ResolvedTitle]:
        """Resolve titles to page IDs in batches, following redirects to their target."""
        out: dict[str, ResolvedTitle] = {}
        valid: list[str] = []
        for t in titles:
            reason = invalid_title_reason(t)
            if reason:
                out[t] = ResolvedTitle(requested=t, title=t, page_id=None, invalid=reason)
            else:
                valid.append(t)
        size = self.batch_size if valid else 50
        for batch in chunked(valid, size):
            pages: dict[str, dict[str, Any]] = {}
            normalized: dict[str, str] = {}
            redirects: dict[str, dict[str, Any]] = {}
            interwiki: set[str] = set()
            for data in self._query(titles="|".join(batch), redirects=1, prop="info"):
                q = data.get("query", {})
                for n in q.get("normalized", []):
                    normalized[n["from"]] = n["to"]
                for r in q.get("redirects", []):
                    redirects[r["from"]] = r
                interwiki.update(i.get("title", "") for i in q.get("interwiki", []))
                for p in q.get("pages", []):
                    pages[p["title"]] = p
            for requested in batch:
                title = normalized.get(requested, requested)
                redirect_from = None
                if title in redirects:
                    redirect_from, title = title, redirects[title]["to"]
                    if redirects[redirect_from].get("tointerwiki"):
                        interwiki.add(title)
                page = pages.get(title, {})
                invalid = _unwatchable(title, page, title in interwiki)
                page_id = None if page.get("missing") or invalid else page.get("pageid")
                out[requested] = ResolvedTitle(
                    requested=requested,
                    title=title,
                    page_id=page_id,
                    namespace=int(page.get("ns", 0)),
                    redirect_from=redirect_from,
                    invalid=invalid,
                )
        return [out[t] for t in titles]

    def fetch_page_info(self, page_ids: Sequence[int]) -> dict[int, PageInfo]:
        """`prop=info` for page IDs in batches: the cheapest "did it change?" question.

        Deleted IDs come back as {pageid, missing}; they are returned with missing=True.
        """
        out: dict[int, PageInfo] = {}
        for batch in chunked(list(page_ids), self.batch_size):
            for data in self._query(
                pageids="|".join(map(str, batch)), prop="info", inprop="talkid"
            ):
                for p in data.get("query", {}).get("pages", []):
                    pid = int(p["pageid"])
                    out[pid] = PageInfo(
                        page_id=pid,
                        title=p.get("title", ""),
                        namespace=int(p.get("ns", 0)),
                        last_revid=p.get("lastrevid"),
                        redirect=bool(p.get("redirect")),
                        missing=bool(p.get("missing")),
                        talk_id=p.get("talkid"),
                        length=int(p.get("length", 0)),
                    )
        for pid in page_ids:
            out.setdefault(
                pid, PageInfo(page_id=pid, title="", namespace=0, last_revid=None, missing=True)
            )
        return out

    def iter_revisions(self, page_id: int, per_request: int = 50) -> Iterator[Revision]:
        """Revisions of one page, newest first, fetched lazily: stop consuming and no further
        request is made. (`prop=revisions` with several pages gives only each page's latest
        revision, so history needs one page at a time.)"""
        for data in self._query(
            pageids=page_id,
            prop="revisions",
            rvdir="older",
            rvlimit=per_request,
            rvslots="main",
            rvprop="ids|timestamp|user|userid|flags|size|comment|tags|sha1",
        ):
            for page in data.get("query", {}).get("pages", []):
                for r in page.get("revisions", []):
                    yield _revision(page_id, r)

    def fetch_revision_texts(self, revids: Sequence[int]) -> dict[int, tuple[str | None, str]]:
        """(wikitext, sha1) of revisions of any pages, by revid, in batches of 50 (500 as a
        bot). Text is None where it was hidden or deleted."""
        out: dict[int, tuple[str | None, str]] = {}
        for batch in chunked(sorted(set(revids)), self.batch_size):
            # Responses are capped at 8 MiB; continuation fetches what did not fit.
            for data in self._query(
                revids="|".join(map(str, batch)),
                prop="revisions",
                rvprop="ids|content|sha1",
                rvslots="main",
            ):
                for page in data.get("query", {}).get("pages", []):
                    for r in page.get("revisions", []):
                        slot = r.get("slots", {}).get("main", {})
                        out[int(r["revid"])] = (slot.get("content"), r.get("sha1", ""))
        return out

    def fetch_current_texts(self, page_ids: Sequence[int]) -> dict[int, PageText]:
        """Current wikitext of pages by ID, in batches of 50 (500 as a bot): with several pages,
        `prop=revisions` gives each page's latest revision, which is what is wanted here.

        A response is capped at 8 MiB; the pages that did not fit come without revisions and
        follow in the continuation. Deleted IDs come back as {pageid, missing}. `talk_id` is the
        page's talk page, when it has one (`inprop=talkid`, in the same request).
        """
        out: dict[int, PageText] = {}
        talk_ids: dict[int, int] = {}  # info comes once, maybe not with the page's content
        for batch in chunked(sorted(set(page_ids)), self.batch_size):
            for data in self._query(
                pageids="|".join(map(str, batch)),
                prop="info|revisions",
                inprop="talkid",
                rvprop="ids|timestamp|content",
                rvslots="main",
            ):
                for page in data.get("query", {}).get("pages", []):
                    pid = int(page["pageid"])
                    revs = page.get("revisions", [])
                    if page.get("talkid"):
                        talk_ids[pid] = int(page["talkid"])
                    if page.get("missing") or page.get("invalid"):
                        out[pid] = PageText(pid, page.get("title", ""), 0, None, "", None, True)
                    elif revs:
                        r = revs[0]
                        out[pid] = PageText(
                            pid,
                            page.get("title", ""),
                            int(page.get("ns", 0)),
                            int(r["revid"]),
                            r.get("timestamp", ""),
                            r.get("slots", {}).get("main", {}).get("content"),
                        )
        for pid, talk_id in talk_ids.items():
            if pid in out:
                out[pid] = replace(out[pid], talk_id=talk_id)
        for pid in page_ids:
            out.setdefault(pid, PageText(pid, "", 0, None, "", None, True))
        return out

    def fetch_watchlist_revisions(self, since: str) -> list[Revision]:
        """Every revision since `since` to pages on the logged-in account's watchlist
        (`list=watchlist` with `wlallrev`): a few requests for the whole list, instead of one
        per changed page. Only as far back as the wiki's recent changes (30 days on Wikimedia).
        The SHA1 is not among the watchlist's fields; it comes with the content."""
        out = []
        for data in self._query(
            list="watchlist",
            wlallrev=1,
            wlstart=since,
            wldir="newer",
            wllimit="max",
            wltype="edit|new",
            wlprop="ids|title|flags|user|userid|comment|timestamp|sizes|tags",
        ):
            for r in data.get("query", {}).get("watchlist", []):
                # The watchlist names a revision's parent old_revid and its size newlen.
                out.append(
                    _revision(
                        int(r["pageid"]),
                        {**r, "parentid": r.get("old_revid", 0), "size": r.get("newlen", 0)},
                    )
                )
        return out

    def newest_revid(self) -> int | None:
        """The newest revision ID anywhere on the wiki (None on an empty wiki). One request.

        Revision IDs only grow and a deleted revision keeps its ID, so a revision we stored
        above this one was never made here."""
        data = self._api(action="query", list="allrevisions", arvlimit=1, arvprop="ids")
        for page in data.get("query", {}).get("allrevisions", []):
            for r in page.get("revisions", []):
                return int(r["revid"])
        return None

    def fetch_revisions_by_id(self, revids: Sequence[int]) -> dict[int, Revision]:
        """Metadata of revisions of any pages, by revid (missing ones are absent)."""
        out: dict[int, Revision] = {}
        for batch in chunked(sorted(set(revids)), self.batch_size):
            for data in self._query(
                revids="|".join(map(str, batch)),
                prop="revisions",
                rvprop="ids|timestamp|user|userid|flags|size|comment|sha1",
            ):
                for page in data.get("query", {}).get("pages", []):
                    for r in page.get("revisions", []):
                        out[int(r["revid"])] = _revision(int(page["pageid"]), r)
        return out

    def iter_user_contribs(
        self, users: Sequence[str], since: str | None = None
    ) -> Iterator[tuple[str, Revision]]:
        """(title, revision) of every edit by `users` since `since`, oldest first."""
        for batch in chunked(sorted(set(users)), 50):
            params: dict[str, Any] = {
                "list": "usercontribs",
                "ucuser": "|".join(batch),
                "uclimit": "max",
                "ucdir": "newer",
                "ucprop": "ids|title|timestamp|comment|size|flags",
            }
            if since:
                params["ucstart"] = since
            for data in self._query(**params):
                for r in data.get("query", {}).get("usercontribs", []):
                    yield r.get("title", ""), _revision(int(r["pageid"]), r)

    def text_of(self, page_id: int) -> tuple[str, int]:
        """(current wikitext, its revid) of one page."""
        data = self._api(
            action="query", pageids=page_id, prop="revisions", rvprop="ids|content", rvslots="main"
        )
        page = data["query"]["pages"][0]
        if page.get("missing"):
            raise WikiError(f"page {page_id} does not exist")
        rev = page["revisions"][0]
        return rev["slots"]["main"]["content"], int(rev["revid"])

    def fetch_log_events(
        self,
        *,
        log_type: str,
        title: str | None = None,
        page_id: int | None = None,
        since: str | None = None,
        limit: int = 50,
    ) -> list[LogEvent]:
        params: dict[str, Any] = {
            "list": "logevents",
            "letype": log_type,
            "lelimit": limit,
            "leprop": "ids|title|type|user|timestamp|comment|details",
        }
        if title:
            params["letitle"] = title
        if since:
            params["lestart"] = since
            params["ledir"] = "newer"
        out = []
        for data in self._query(**params):
            for e in data.get("query", {}).get("logevents", []):
                if page_id is not None and int(e.get("logpage", 0)) not in (page_id, 0):
                    continue
                out.append(_log_event(e))
            if len(out) >= limit:
                break
        return out

    def fetch_deletion_log(self, since: str, limit: int = DELETION_LOG_MAX) -> list[LogEvent]:
        """The wiki's deletions and restores (`letype=delete`: actions `delete`, `restore`)
        from `since` on, oldest first, in requests of the most entries allowed, at most
        `limit` entries. One or two requests a night on nl.wikipedia: how a check sees a page
        deleted and restored between two runs, which prop=info shows as unchanged."""
        params: dict[str, Any] = {
            "list": "logevents",
            "letype": "delete",
            "lelimit": "max",
            "lestart": since,
            "ledir": "newer",
            "leprop": "ids|title|type|user|timestamp|comment|details",
        }
        out: list[LogEvent] = []
        for data in self._query(**params):
            out += [
                _log_event(e)
                for e in data.get("query", {}).get("logevents", [])
                if e.get("action") in ("delete", "restore")
            ]
            if len(out) >= limit:
                break
        return out[:limit]

    def fetch_user_groups(self, users: Iterable[str]) -> dict[str, frozenset[str]]:
        names = sorted({u for u in users if u})
        out: dict[str, frozenset[str]] = {}
        for batch in chunked(names, 50):
            for data in self._query(list="users", ususers="|".join(batch), usprop="groups"):
                for u in data.get("query", {}).get("users", []):
                    out[u.get("name", "")] = frozenset(u.get("groups", []))
        return out

    def iter_category_members(
        self, category: str, depth: int = 0, exclude: Iterable[str] = ()
    ) -> Iterator[str]:
        """Titles of articles in a category, descending `depth` levels of subcategories."""
        from wikitrack.wiki.sitefacts import category_title, normalize_title

        excluded = {normalize_title(e) for e in exclude}
        seen_cats: set[str] = set()
        queue = [(category_title(category), 0)]
        seen_titles: set[str] = set()
        while queue:
            cat, level = queue.pop(0)
            if cat in seen_cats:
                continue
            seen_cats.add(cat)
            for data in self._query(
                list="categorymembers", cmtitle=cat, cmlimit="max", cmprop="title|type"
            ):
                for m in data.get("query", {}).get("categorymembers", []):
                    t = m["title"]
                    if normalize_title(t) in excluded:
                        continue
                    if m.get("type") == "subcat":
                        if level < depth:
                            queue.append((t, level + 1))
                    elif m.get("ns", 0) == 0 and t not in seen_titles:
                        seen_titles.add(t)
                        yield t

    # -- writes ---------------------------------------------------------------------------------

    def watch(self, titles: Sequence[str]) -> int:
        """Add titles to the logged-in account's watchlist, in batches (pywikibot's own
        `site.watch()` sends everything at once, which the API refuses over 50/500)."""
        token = self._api(action="query", meta="tokens", type="watch")["query"]["tokens"][
            "watchtoken"
        ]
        done = 0
        for batch in chunked(list(titles), self.batch_size):
            self._api(action="watch", titles="|".join(batch), token=token)
            done += len(batch)
        return done

    def _ensure_own_session(self) -> None:
        """Make sure the session edits as this client's account (one request): pywikibot
        shares its cookies between the sites of a process, so another account's login
        would otherwise make this edit in that person's name."""
        if not self.user:
            raise WikiError("no wiki account to edit with ([wiki] user)")
        site = self.site
        name = self._api(action="query", meta="userinfo")["query"]["userinfo"].get("name")
        if name != site.username():
            self.login()
            name = self._api(action="query", meta="userinfo")["query"]["userinfo"].get("name")
        if name != site.username():
            raise WikiError(f"the wiki session is {name!r}'s, not {self.user!r}'s: not edited")

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
        """Save `text` to `title` as the logged-in account; return the new revision ID.

        `base_revid` makes the wiki refuse the save when someone edited in between.
        """
        self._ensure_own_session()
        token = self._api(action="query", meta="tokens")["query"]["tokens"]["csrftoken"]
        params: dict[str, Any] = {
            "action": "edit",
            "title": title,
            "text": text,
            "summary": summary,
            "token": token,
        }
        if base_revid:
            params["baserevid"] = base_revid
        if minor:
            params["minor"] = 1
        if section is not None:
            params["section"] = section
        if section_title is not None:
            params["sectiontitle"] = section_title
        data = self._api(**params)
        result = data.get("edit", {})
        if result.get("result") != "Success":
            raise WikiError(f"edit of '{title}' failed: {result}")
        return int(result.get("newrevid") or result.get("oldrevid") or 0)


def _unwatchable(title: str, page: dict[str, Any], interwiki: bool) -> str | None:
    """Why the wiki's answer for `title` is no page to watch, or None when it is one (or
    simply does not exist yet)."""
    if interwiki:
        return "an interwiki link to another wiki, not a page of this wiki"
    if page.get("invalid"):
        return f"the wiki calls it invalid: {page.get('invalidreason', 'invalid title')}"
    if page.get("special") or int(page.get("ns", 0)) < 0:
        return "a special or media page, which has no history to watch"
    if page and not page.get("missing") and "pageid" not in page:
        return "the wiki answered without a page ID"
    return None


def _forget_user(site: Any, api_url: str) -> None:
    """Drop pywikibot's cached user info and this wiki's cookies, so that `login` loads the
    account's own cookies or logs in anew: MediaWiki refuses a login over another account's
    BotPassword session ("Cannot log in when using ... BotPasswordSessionProvider sessions")."""
    import pywikibot.comms.http as pwb_http

    if hasattr(site, "_userinfo"):
        del site.userinfo
    host = (urllib.parse.urlsplit(api_url).hostname or "").lower()
    jar = pwb_http.cookie_jar
    for cookie in list(jar):
        domain = cookie.domain.lstrip(".").lower()
        if host == domain or host.endswith("." + domain):
            jar.clear(cookie.domain, cookie.path, cookie.name)


_counter = [0]  # every HTTP request pywikibot sends, across clients (one process, one session)


def _revision(page_id: int, r: dict[str, Any]) -> Revision:
    return Revision(
        revid=int(r["revid"]),
        page_id=page_id,
        parent_id=int(r.get("parentid", 0) or 0),
        timestamp=r.get("timestamp", ""),
        user=r.get("user", ""),
        userid=int(r.get("userid", 0) or 0),
        anon=bool(r.get("anon")),
        temp=bool(r.get("temp")) or str(r.get("user", "")).startswith("~"),
        minor=bool(r.get("minor")),
        size=int(r.get("size", 0) or 0),
        comment=r.get("comment", ""),
        tags=tuple(r.get("tags", [])),
        sha1=r.get("sha1", ""),
        user_hidden=bool(r.get("userhidden")),
    )
