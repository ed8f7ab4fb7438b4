"""The context every use case gets: config, database and wiki, opened on first use.

The CLI builds one per invocation (tests build their own and pass it as `obj`); nothing here
imports click.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlite_utils import Database

from .config import Config, load_config
from .errors import WikiError

__all__ = ["Context", "make_wiki", "RichProgress", "wiki_api_url"]


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


@dataclass
class Context:
    """What use cases and commands need: the config, the database and the wiki, each opened
    on first use; tests build their own (`wiki_factory` gives them another wiki)."""

    config_path: Path | None = None
    quiet: bool = False
    _config: Config | None = None
    _db: Database | None = None
    _wiki: Any = None
    wiki_factory: Callable[[Config], Any] | None = None
    stderr: Console = field(default_factory=lambda: Console(stderr=True))
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("wikitrack"))
    command: str = ""  # set when the log starts: the command that touches config, wiki or db
    started: float = field(default_factory=time.monotonic)
    # The running command's name and parameters, for the log; the CLI sets it.
    describe_command: Callable[[], tuple[str, dict[str, Any]]] = lambda: ("wikitrack", {})

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
            self._open_log(self._config)
        return self._config

    def _open_log(self, config: Config) -> None:
        """Start the log once the config names its file: every command that reads the config
        (and so may touch the wiki or the database) logs its start and its outcome."""
        from .logfile import open_log

        self.log = open_log(config.log_file)
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
            from .store import open_db

            self._db = open_db(self.config.db_path, backup_dir=self.config.backup.dir)
        return self._db

    def sandbox(self) -> Any:
        from .sandbox import Sandbox

        return Sandbox(self.config.sandbox_dir)

    @property
    def wiki(self) -> Any:
        if self._wiki is None:
            if self.wiki_factory is not None:
                self._wiki = self.wiki_factory(self.config)
                if getattr(self._wiki, "on_wait", False) is None:
                    self._wiki.on_wait = self.say_waiting
            else:
                self._wiki = make_wiki(self.config, on_wait=self.say_waiting)
        return self._wiki

    def say_waiting(self, message: str) -> None:
        """One line on a terminal when the wiki keeps us waiting; nothing under cron."""
        if not self.quiet and self.stderr.is_terminal:
            self.stderr.print(message, markup=False, highlight=False)

    def progress(self) -> Progress:
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
    config: Config, *, login: bool = True, on_wait: Callable[[str], None] | None = None
) -> Any:
    """A WikiClient for the configured wiki; for the sandbox, its own pywikibot dir."""
    from .wiki import WikiClient

    if config.uses_sandbox:
        from .sandbox import TEAM_USER, Sandbox

        sandbox = Sandbox(config.sandbox_dir)
        if not sandbox.is_running():
            raise WikiError(
                f"the sandbox in {config.sandbox_dir} is not running: 'wikitrack sandbox start'"
            )
        wiki = WikiClient(
            sandbox.api_url,
            user=config.wiki_user or TEAM_USER,
            pywikibot_dir=sandbox.pywikibot_dir,
            contact=config.contact,
            on_wait=on_wait,
        )
    else:
        wiki = WikiClient(
            config.wiki_url,
            user=config.wiki_user,
            pywikibot_dir=config.pywikibot_dir,
            contact=config.contact,
            on_wait=on_wait,
        )
    if login and wiki.user:
        wiki.login()
    return wiki


class RichProgress:
    """check.Progress over a rich Progress."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.task: Any = None

    def start(self, total: int, label: str) -> None:
        self.task = self.progress.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)


def wiki_api_url(config: Config) -> str:
    """The API URL of the configured wiki, the sandbox's resolved to its local address: what
    reports and mails link to (resolved here, at the edge, so no report knows the sandbox)."""
    if config.uses_sandbox:
        from .sandbox import Sandbox

        return str(Sandbox(config.sandbox_dir).api_url)
    return config.wiki_url
