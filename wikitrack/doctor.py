"""`wikitrack doctor`: each check says plainly what is wrong and how to fix it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from .config import Config
from .describe import plural
from .errors import WikitrackError

__all__ = ["run_doctor", "database_rows"]


def _row(check: str, ok: bool, message: str) -> dict[str, Any]:
    return {"check": check, "ok": ok, "message": message}


def database_rows(config: Config) -> list[dict[str, Any]]:
    """The database's schema and soundness, its latest check run, and the latest backup."""
    from sqlite_utils import Database

    from .backup import check_integrity, latest_backup
    from .migrations import SCHEMA_VERSION, schema_version, unknown_migrations

    path = config.db_path
    if not path.exists():
        return [_row("database", False, f"{path} missing: run 'wikitrack init'")]
    rows = []
    db = Database(sqlite3.connect(str(path), timeout=30))
    try:
        have = schema_version(db)
        problems = check_integrity(db.conn)
        if problems:
            message = f"{path}: damaged: {'; '.join(problems[:3])}"
        elif unknown_migrations(db):
            message = f"{path}: schema {have} is newer than this wikitrack's {SCHEMA_VERSION}"
        else:
            message = f"{path}: schema {have} of {SCHEMA_VERSION}, integrity ok" + (
                "" if have == SCHEMA_VERSION else " (any wikitrack command applies the migrations)"
            )
        rows.append(_row("database", have == SCHEMA_VERSION and not problems, message))
        run = (
            db.execute(
                "SELECT id, started, finished, status FROM check_runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if db["check_runs"].exists()
            else None
        )
        rows.append(
            _row(
                "latest run",
                True,
                f"#{run[0]} started {run[1]}, {run[3]}" + (f", finished {run[2]}" if run[2] else "")
                if run
                else "no check run yet",
            )
        )
    except sqlite3.DatabaseError as e:
        rows.append(_row("database", False, f"{path}: unreadable: {e}"))
    finally:
        db.conn.close()
    latest = latest_backup(config.backup.dir)
    rows.append(
        _row(
            "backup",
            True,  # a new install has none yet; the message says how to make one
            f"latest {latest.path} ({latest.taken:%Y-%m-%d %H:%M} UTC)"
            if latest
            else f"none yet in {config.backup.dir}: run 'wikitrack backup'",
        )
    )
    return rows


def run_doctor(config: Config, make_wiki_unlogged: Callable[[], Any]) -> list[dict[str, Any]]:
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
    rows += database_rows(config)
    try:
        areas, problems = validate_watchlists(config.watchlists_dir)
        rows.append(
            _row(
                "watchlists",
                not problems,
                f"{len(areas)} areas"
                if not problems
                else f"{plural(len(problems), 'problem')}: run 'wikitrack watchlist validate'",
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
    if config.mail.dir:
        return _row(
            "mail", True, f"written as .eml files to {config.mail.dir} ([mail] dir), not sent"
        )
    try:
        return _row("mail", True, check_mail_server(config.mail))
    except MailError as e:
        return _row("mail", False, str(e))
