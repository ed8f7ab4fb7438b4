"""The context every use case gets: config, database and wiki, opened on first use.

The CLI builds one per invocation (tests build their own and pass it as `obj`); nothing here
imports click.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikitrack import store
from wikitrack.config import Config, load_config
from wikitrack.errors import EXIT_PARTIAL, ConfigError, InputError, WikiError, WikitrackError

if TYPE_CHECKING:  # the sandbox is imported when it is used
    from wikitrack.sandbox import Sandbox
    from wikitrack.wiki.ports import Wiki

if TYPE_CHECKING:  # lazy: keeps start-up free of rich (issue 27); only the types here
    from rich.console import Console
    from rich.progress import Progress
    from sqlite_utils import Database

__all__ = [
    "Context",
    "WikiTarget",
    "make_wiki",
    "resolve_config",
    "resolve_wiki_target",
    "wiki_api_url",
]


# Options whose values the log keeps as given; any other option is logged as "(given)".
_LOGGED_PARAMS = frozenset(
    {
        "area", "lemma", "titles", "since", "kind", "status", "method", "fmt", "by", "to",
        "editor", "correction_id", "request_id", "revid", "correction", "verbose", "fix_titles",
        "last_run", "format", "output", "directory", "source", "depth", "category", "yes",
        "dry_run", "host", "port", "mail_dir", "health", "events", "via", "sandbox", "force",
        "reset_db", "due", "username", "accept_warnings",
    }
)  # fmt: skip


@dataclass(frozen=True)
class WikiTarget:
    """The wiki the commands talk to, resolved once from `[wiki]`: a local sandbox becomes a
    plain API URL here, so nothing below the CLI tells it from any other wiki."""

    api_url: str
    user: str = ""
    pywikibot_dir: Path | None = None
    article_url: str = ""  # a page's URL is this plus its title
    index_url: str = ""  # index.php, for diff and history links
    unavailable: str = ""  # why it cannot be reached now; raised when the wiki is opened
    missing: str = ""  # why the config names no wiki (a ConfigError when it is opened)
    config_file: str = "the config"  # where [wiki] is set, for the hints of errors

    @classmethod
    def from_api_url(cls, api_url: str, **kwargs: Any) -> WikiTarget:
        from wikitrack.report.rendering import wiki_links

        index_url, article_url = wiki_links(api_url)
        return cls(api_url, article_url=article_url, index_url=index_url, **kwargs)


def resolve_wiki_target(config: Config) -> WikiTarget:
    """The configured wiki; for `url = "sandbox"`, the local sandbox's URL, team account and
    pywikibot dir (and why it cannot be used when it is not running). A config without
    `[wiki] url` gets a target that refuses to open: links only, never the live wiki."""
    where = str(config.path) if config.path else "the config"
    if not config.uses_sandbox:
        return WikiTarget.from_api_url(
            config.wiki_url,
            user=config.wiki_user,
            pywikibot_dir=config.pywikibot_dir,
            missing=config.wiki_missing,
            config_file=where,
        )
    from wikitrack.sandbox import TEAM_USER, Sandbox

    sandbox = Sandbox(config.sandbox_dir)
    return WikiTarget.from_api_url(
        sandbox.api_url,
        user=config.wiki_user or TEAM_USER,
        pywikibot_dir=sandbox.pywikibot_dir,
        config_file=where,
        unavailable=""
        if sandbox.is_running()
        else f"the sandbox in {config.sandbox_dir} is not running: 'wikitrack sandbox start'",
    )


def resolve_config(config: Config) -> tuple[Config, WikiTarget]:
    """The config with its wiki resolved (`wiki_url` an API URL), and the target itself."""
    target = resolve_wiki_target(config)
    resolved = replace(
        config, wiki_url=target.api_url, wiki_user=target.user, pywikibot_dir=target.pywikibot_dir
    )
    return resolved, target


def _stderr_console() -> Console:
    from rich.console import Console  # lazy: keeps start-up free of rich until a command runs

    return Console(stderr=True)


@dataclass
class Context:
    """What use cases and commands need: the config, the database and the wiki, each opened
    on first use; tests build their own (`wiki_factory` gives them another wiki, so it stays)."""

    config_path: Path | None = None
    quiet: bool = False
    _config: Config | None = None
    _db: Database | None = None
    _wiki: Wiki | None = None
    wiki_factory: Callable[[Config], Wiki] | None = None
    stderr: Console = field(default_factory=_stderr_console)
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("wikitrack"))
    command: str = ""  # set when the log starts: the command that touches config, wiki or db
    started: float = field(default_factory=time.monotonic)
    # The running command's name and parameters, for the log; the CLI sets it.
    describe_command: Callable[[], tuple[str, dict[str, Any]]] = lambda: ("wikitrack", {})
    _target: WikiTarget | None = None
    _logging: tuple[Path | None] | None = None  # (the log file,) once the log was opened

    @property
    def config(self) -> Config:
        """The config, its wiki resolved to a plain target (see `resolve_config`)."""
        if self._config is None:
            config = load_config(self.config_path)
            self._open_log(config)
            self._config, self._target = resolve_config(config)
        return self._config

    @property
    def wiki_target(self) -> WikiTarget:
        if self._target is None:
            _ = self.config
        assert self._target is not None
        return self._target

    @property
    def article_url(self) -> str:
        """Prefix of a page's URL on the wiki (append the title): for reports, web and health."""
        return self.wiki_target.article_url

    def reload(self) -> None:
        """Read the config again and forget the wiki (after `init` wrote it, or the sandbox
        moved to another port)."""
        self._config = self._target = self._wiki = None

    def _open_log(self, config: Config) -> None:
        """Start the log once the config names its file: every command that reads the config
        (and so may touch the wiki or the database) logs its start and its outcome."""
        from wikitrack.logfile import open_log

        self.log = open_log(config.log_file)
        self._logging = (config.log_file,)
        if not self.command:
            self.command, params = self.describe_command()
            given = {k: v for k, v in params.items() if v not in (None, (), False)}
            # Free text (a proposed correction, a reason) may hold personal data: the log
            # notes that it was given, not what it says.
            params = {k: v if k in _LOGGED_PARAMS else "(given)" for k, v in given.items()}
            self.log.info("%s: start %s", self.command, json.dumps(params, default=str))

    @property
    def db(self) -> Database:
        if self._db is None:
            from wikitrack.store import open_db

            self._db = open_db(self.config.db_path, backup_dir=self.config.backup.dir)
        return self._db

    def close_db(self) -> None:
        """Close the database (before it is replaced); the next use opens it again."""
        if self._db is not None:
            self._db.conn.close()
            self._db = None

    def sandbox(self) -> Sandbox:
        from wikitrack.sandbox import Sandbox

        return Sandbox(self.config.sandbox_dir)

    @property
    def wiki(self) -> Wiki:
        if self._wiki is None:
            if self.wiki_factory is not None:
                self._wiki = self.wiki_factory(self.config)
                if getattr(self._wiki, "on_wait", False) is None:
                    self._wiki.on_wait = self.say_waiting
            else:
                self._wiki = self.make_wiki()
        return self._wiki

    def use_account(self, user: str) -> None:
        """Reach the wiki through `user`'s account from now on: the applying person's own team
        account. Reads go through it too, so a process is logged in as one account only
        (pywikibot keeps one cookie jar per process)."""
        if self._wiki is not None and getattr(self._wiki, "user", None) == user:
            return
        self._target = replace(self.wiki_target, user=user)
        self._config = replace(self.config, wiki_user=user)
        self._wiki = None

    def make_wiki(self, *, login: bool = True) -> Wiki:
        """A WikiClient for the target (logged in when it has a user and `login`)."""
        return make_wiki(
            self.wiki_target, contact=self.config.contact, login=login, on_wait=self.say_waiting
        )

    def log_outcome(
        self, code: int, message: str = "", exc: BaseException | None = None
    ) -> Path | None:
        """Log how the command ended; returns the log file (None when nothing was logged:
        the command never read the config)."""
        if not self.command or self._logging is None:
            return None
        took = time.monotonic() - self.started
        if code == 0:
            self.log.info("%s: ok (%.1f s)", self.command, took)
        else:
            level = logging.ERROR if code != EXIT_PARTIAL else logging.WARNING
            self.log.log(
                level, "%s: exit %d (%.1f s) %s", self.command, code, took, message, exc_info=exc
            )
        return self._logging[0]

    def failed(self, error: Exception) -> tuple[int, str]:
        """Log a failed command; returns its exit code and the line for the terminal. Our own
        errors, a damaged database and a full disk say what to do; anything else is
        unexpected, its traceback in the log only."""
        failure = error if isinstance(error, WikitrackError) else None
        if isinstance(error, sqlite3.DatabaseError | OSError):
            failure = self.storage_failure(error)
        if failure is None:
            what = f"unexpected {type(error).__name__}: {error}"
            log_file = self.log_outcome(1, what, error)
            return 1, what + (f" (traceback in {log_file})" if log_file else "")
        # Refused input is expected: its message is enough, a traceback would repeat it.
        logged = failure.log_text() if isinstance(failure, InputError) else str(failure)
        self.log_outcome(failure.exit_code, logged, None if failure.exit_code == 2 else error)
        return failure.exit_code, str(failure)

    def storage_failure(self, error: BaseException) -> WikitrackError | None:
        """A damaged database or a full disk, named with the way back (the latest backup);
        None for other errors, or when there is no config to name the database."""
        from wikitrack.store.backups import storage_failure

        try:
            config = self.config
        except WikitrackError:
            return None
        return storage_failure(error, config.db_path, config.backup.dir)

    def say_waiting(self, message: str) -> None:
        """One line on a terminal when the wiki keeps us waiting; nothing under cron."""
        if not self.quiet and self.stderr.is_terminal:
            self.stderr.print(message, markup=False, highlight=False)

    def progress(self) -> Progress:
        # lazy: keeps start-up free of rich's progress bars (only check and health draw one)
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.stderr,
            transient=True,
            disable=self.quiet or not self.stderr.is_terminal,
        )


def make_wiki(
    target: WikiTarget,
    *,
    contact: str = "",
    login: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> Wiki:
    """A WikiClient for `target`; refused while the target is missing or unavailable."""
    from wikitrack.wiki.adapter import WikiClient

    if target.missing:
        raise ConfigError(target.missing)
    if target.unavailable:
        raise WikiError(target.unavailable)
    wiki = WikiClient(
        target.api_url,
        user=target.user,
        pywikibot_dir=target.pywikibot_dir,
        contact=contact,
        on_wait=on_wait,
        config_file=target.config_file,
    )
    if login and wiki.user:
        wiki.login()
    return wiki


def check_workers(config: Config, cores: int | None = None) -> int:
    """How many processes `check` diffs in: two, but one core is left to a wiki that runs on
    this machine (the sandbox, or any wiki at localhost). `check` diffs while the wiki answers
    its requests; on two cores, two diff processes slowed the wiki's answers more than they
    sped up the diff (inside check 3.7 s against 3.1 s, the mean of six runs each way on the
    10,000-lemma benchmark's wiki)."""
    from wikitrack.check.pool import usable_cores

    cores = cores or usable_cores()
    host = urllib.parse.urlsplit(config.wiki_url).hostname or ""
    local = config.uses_sandbox or host in ("localhost", "127.0.0.1", "::1")
    return max(1, min(2, cores - 1 if local else cores))


def wiki_api_url(config: Config) -> str:
    """The API URL of the configured wiki, the sandbox's resolved to its local address: what
    reports and mails link to (resolved here, at the edge, so no report knows the sandbox)."""
    if not config.uses_sandbox:
        return config.wiki_url
    from wikitrack.sandbox import Sandbox

    return Sandbox(config.sandbox_dir).api_url  # only the address: no "is it running?" request


def parse_since(since: str | None) -> str | None:
    """A --since date (YYYY-MM-DD, or an ISO time) as ISO UTC; ConfigError if it is none."""
    if not since:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(since, fmt).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    raise ConfigError(f"--since '{since}' is not a date (YYYY-MM-DD)")


def log_problems(ctx: Context, problems: Sequence[str]) -> None:
    """Each problem in the log (the CLI also shows them on stderr, what cron mails)."""
    for p in problems:
        ctx.log.error(p)


def load_areas(ctx: Context) -> list[Any]:
    """Every area of the watchlists directory (a broken file is an error)."""
    from wikitrack.watchlist.lists import load_watchlists

    return load_watchlists(ctx.config.watchlists_dir)


def usable_areas(ctx: Context) -> tuple[list[Any], list[str]]:
    """The areas whose files parse, and every problem (file:line): one broken watchlist must
    not stop the other areas' check and mail."""
    from wikitrack.watchlist.lists import validate_watchlists

    return validate_watchlists(ctx.config.watchlists_dir)


def require_known_area(ctx: Context, area: str) -> None:
    """InputError naming the known areas unless `area` is one: a watchlist file's, or one a
    sync stored (its history stays listable after its file went)."""
    from wikitrack.watchlist.lists import check_known_area

    files = {p.stem for p in ctx.config.watchlists_dir.glob("*.toml")}
    check_known_area(area, sorted(files | {slug for slug, _ in store.area_names(ctx.db)}))


def _require_area(areas: list[Any], problems: list[str], area: str) -> None:
    """InputError unless `area` is one of the readable areas (naming its file's problems)."""
    from wikitrack.watchlist.lists import find_area

    if area not in {a.slug for a in areas}:
        own = [p for p in problems if Path(p.split(":", 1)[0]).stem == area]
        if own:
            raise InputError(f"the watchlist of area '{area}' cannot be read", own)
    find_area(areas, area)


def verify_own_wiki(ctx: Context) -> None:
    """SiteMismatch (exit 2, with the fix) unless the configured wiki is the one this database
    describes: a correction approved against the training sandbox must never be applied to
    nl.wikipedia (nor the other way round), and the audit must read the database's own wiki."""
    from wikitrack.wiki.identity import verify_wiki

    verify_wiki(ctx.db, ctx.wiki)
