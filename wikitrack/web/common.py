"""What every page shares: the app's state, the viewer, the database of this request and the
`Context` the app's use cases take, and rendering a template."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import current_app, g, render_template
from sqlite_utils import Database

from wikitrack.access.logins import HashGate, LoginThrottle
from wikitrack.app.browsing import make_page_context, open_page_database
from wikitrack.app.context import Context
from wikitrack.config import Config, Person, load_config
from wikitrack.errors import ConfigError
from wikitrack.logfile import LOGGER_NAME
from wikitrack.texts import say

__all__ = [
    "WebState",
    "Viewer",
    "PeopleFile",
    "state",
    "db",
    "context",
    "viewer",
    "people",
    "page",
    "text",
    "since_days",
]

CHANGES_DAYS = 30  # Mijn terrein and a lemma page show this many days


class PeopleFile:
    """[[people]] as the config file says it now: read again when the file changes (checked on
    every request), so someone removed from it is refused at once, without a restart. A file
    that no longer reads keeps the last good list, with a line in the log."""

    def __init__(self, config: Config) -> None:
        self._config = config
        self._people = config.people
        self._stamp = self._stat()
        self._lock = threading.Lock()

    def _stat(self) -> tuple[int, int] | None:
        path = self._config.path
        try:
            found = path.stat() if path is not None else None
        except OSError:
            return None
        return (found.st_mtime_ns, found.st_size) if found is not None else None

    def current(self) -> tuple[Person, ...]:
        stamp = self._stat()
        if stamp == self._stamp or self._config.path is None:
            return self._people
        with self._lock:
            try:
                self._people = load_config(self._config.path, required=True).people
            except ConfigError as e:
                logging.getLogger(LOGGER_NAME).warning("web: [[people]] not re-read: %s", e)
            self._stamp = stamp
            return self._people


@dataclass(frozen=True)
class WebState:
    """The app's own: the config, the logins file, the failed-login counter, the bound on
    password checks at once, and [[people]] as the config file says it now."""

    config: Config
    users_file: Path
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    gate: HashGate = field(default_factory=HashGate)
    people: PeopleFile | None = None


@dataclass(frozen=True)
class Viewer:
    """Who is logged in: the login, its person and the (slug, name) of the areas they see."""

    login: str
    person: Person
    areas: tuple[tuple[str, str], ...]

    @property
    def slugs(self) -> set[str]:
        return {slug for slug, _ in self.areas}


def state() -> WebState:
    found: WebState = current_app.extensions["wikitrack"]
    return found


def people() -> tuple[Person, ...]:
    """[[people]] as the config file says it at this request."""
    found = state().people
    return found.current() if found is not None else state().config.people


def db() -> Database:
    """The database for this request, opened once and closed when the request ends."""
    if "db" not in g:
        g.db = open_page_database(state().config)
    return g.db  # type: ignore[no-any-return]


def context() -> Context:
    """The Context of this request, for the app's use cases (the same the CLI calls): the
    web's config and this request's database."""
    if "context" not in g:
        g.context = make_page_context(db(), state().config)
    return g.context  # type: ignore[no-any-return]


def close_db(_: BaseException | None) -> None:
    g.pop("context", None)
    found = g.pop("db", None)
    if found is not None:
        found.conn.close()


def viewer() -> Viewer:
    found: Viewer = g.viewer
    return found


def text(key: str, **fields: object) -> str:
    """A string of the web's table (wikitrack/texts/) in the config's language."""
    return say(state().config.language, key, **fields)


def page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    return render_template(template, viewer=g.get("viewer"), **context), status


def since_days(days: int = CHANGES_DAYS) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
