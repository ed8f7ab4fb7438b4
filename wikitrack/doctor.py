"""`wikitrack doctor`: each check says plainly what is wrong and how to fix it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from .config import Config
from .errors import WikitrackError

__all__ = ["run_doctor"]


def _row(check: str, ok: bool, message: str) -> dict[str, Any]:
    return {"check": check, "ok": ok, "message": message}


def run_doctor(config: Config, make_wiki_unlogged: Callable[[], Any]) -> list[dict[str, Any]]:
    from sqlite_utils import Database

    from .migrations import SCHEMA_VERSION, schema_version
    from .watchlist import validate_watchlists

    rows = [
        _row(
            "config",
            True,
            str(config.path)
            if config.path
            else "no wikitrack.toml; using defaults ('wikitrack init' writes one)",
        )
    ]
    if config.db_path.exists():
        db = Database(sqlite3.connect(str(config.db_path), timeout=30))
        have = schema_version(db)
        rows.append(
            _row(
                "database",
                have == SCHEMA_VERSION,
                f"{config.db_path}: schema {have} of {SCHEMA_VERSION}"
                + (
                    ""
                    if have == SCHEMA_VERSION
                    else " (any wikitrack command applies the migrations)"
                ),
            )
        )
    else:
        rows.append(_row("database", False, f"{config.db_path} missing: run 'wikitrack init'"))
    try:
        areas, problems = validate_watchlists(config.watchlists_dir)
        rows.append(
            _row(
                "watchlists",
                not problems,
                f"{len(areas)} areas"
                if not problems
                else f"{len(problems)} problem(s): run 'wikitrack watchlist validate'",
            )
        )
    except WikitrackError as e:
        rows.append(_row("watchlists", False, str(e)))
    rows.append(_mail_row(config))
    try:
        wiki = make_wiki_unlogged()
        from .wiki import probe_api

        info = probe_api(wiki.api_url, timeout=10, contact=config.contact)
        rows.append(
            _row("wiki", True, f"{wiki.api_url}: {info.get('sitename')} ({info.get('generator')})")
        )
    except WikitrackError as e:
        rows.append(_row("wiki", False, str(e)))
        return rows
    if not wiki.user:
        rows.append(
            _row(
                "login", True, "no account configured: reading anonymously (50 titles per request)"
            )
        )
    else:
        try:
            name = wiki.login()
            rows.append(_row("login", True, f"logged in as {name}; batch size {wiki.batch_size}"))
        except WikitrackError as e:
            rows.append(_row("login", False, str(e)))
    rows.append(
        _row(
            "team accounts",
            bool(config.team_accounts),
            ", ".join(f"{a.user} ({a.person})" for a in config.team_accounts)
            or "none configured: add [[team_accounts]] to the config",
        )
    )
    return rows


def _mail_row(config: Config) -> dict[str, Any]:
    """Connect, EHLO, STARTTLS/SSL and log in as nightly would, sending nothing."""
    from .mail import MailError, check_mail_server

    if not config.mail.configured:
        return _row(
            "mail",
            True,
            "mail not configured: add a [mail] section for nightly "
            "('wikitrack nightly --mail-dir DIR' writes the mails to files instead)",
        )
    try:
        return _row("mail", True, check_mail_server(config.mail))
    except MailError as e:
        return _row("mail", False, str(e))
