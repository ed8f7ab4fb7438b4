"""`wikitrack doctor`: each check says plainly what is wrong and how to fix it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from wikitrack.check.describe import plural
from wikitrack.check.records import Check
from wikitrack.config import Config
from wikitrack.errors import WikitrackError
from wikitrack.store.state import DatabaseState
from wikitrack.wiki.ports import DoctorWiki

__all__ = ["run_doctor", "database_checks"]


def run_doctor(config: Config, make_wiki_unlogged: Callable[[], DoctorWiki]) -> list[Check]:
    """Config, database, watchlists, mail, the sign-in provider (with single sign-on), wiki
    and login, team accounts, in that order."""
    checks = [_config_check(config), *database_checks(config), _watchlists_check(config)]
    checks.append(_mail_check(config))
    if config.web.sso:
        from wikitrack.app.serving import provider_checks

        checks.extend(Check(*found) for found in provider_checks(config.web))
    try:
        wiki = make_wiki_unlogged()
        checks.append(_wiki_check(config, wiki))
    except WikitrackError as e:
        return [*checks, Check("wiki", False, str(e))]
    checks.append(_login_check(wiki))
    accounts = ", ".join(f"{a.user} ({a.person})" for a in config.team_accounts)
    checks.append(
        Check(
            "team accounts",
            bool(config.team_accounts),
            accounts or "none configured: add [[team_accounts]] to the config",
        )
    )
    return checks


def _config_check(config: Config) -> Check:
    if config.path:
        return Check("config", True, str(config.path))
    return Check("config", True, "no wikitrack.toml; using defaults ('wikitrack init' writes one)")


def database_checks(config: Config) -> list[Check]:
    """The database's schema and soundness, its latest check run, and the latest backup."""
    from wikitrack.store.backups import latest_backup
    from wikitrack.store.snapshot import inspect_database

    path = config.db_path
    if not path.exists():
        return [Check("database", False, f"{path} missing: run 'wikitrack init'")]
    try:
        checks = _state_checks(str(path), inspect_database(path))
    except sqlite3.DatabaseError as e:
        checks = [Check("database", False, f"{path}: unreadable: {e}")]
    latest = latest_backup(config.backup.dir)
    checks.append(
        Check(
            "backup",
            True,  # a new install has none yet: a warning, and the message says how to make one
            f"latest {latest.path} ({latest.taken:%Y-%m-%d %H:%M} UTC)"
            if latest
            else f"none yet in {config.backup.dir}: run 'wikitrack backup'",
            warning=latest is None,
        )
    )
    return checks


def _state_checks(path: str, state: DatabaseState) -> list[Check]:
    from wikitrack.store.migrations import SCHEMA_VERSION

    have = state.schema
    if state.problems:
        message = f"{path}: damaged: {'; '.join(state.problems[:3])}"
    elif state.newer:
        message = f"{path}: schema {have} is newer than this wikitrack's {SCHEMA_VERSION}"
    else:
        message = f"{path}: schema {have} of {SCHEMA_VERSION}, integrity ok" + (
            "" if have == SCHEMA_VERSION else " (any wikitrack command applies the migrations)"
        )
    run = state.latest_run
    latest = (
        f"#{run.id} started {run.started}, {run.status}"
        + (f", finished {run.finished}" if run.finished else "")
        if run
        else "no check run yet"
    )
    sound = Check("database", have == SCHEMA_VERSION and not state.problems, message)
    if state.run_unreadable:
        return [sound, Check("database", False, f"{path}: unreadable: {state.run_unreadable}")]
    # A failed or partial run is no broken set-up (the next run retries), but wants a look.
    unfinished = run is not None and run.status in ("failed", "partial")
    return [sound, Check("latest run", True, latest, warning=unfinished)]


def _watchlists_check(config: Config) -> Check:
    from wikitrack.watchlist.lists import validate_watchlists

    try:
        areas, problems = validate_watchlists(config.watchlists_dir)
    except WikitrackError as e:
        return Check("watchlists", False, str(e))
    if problems:
        return Check(
            "watchlists",
            False,
            f"{plural(len(problems), 'problem')}: run 'wikitrack watchlist validate'",
        )
    return Check("watchlists", True, f"{len(areas)} areas")


def _wiki_check(config: Config, wiki: DoctorWiki) -> Check:
    from wikitrack.wiki.adapter import probe_api

    where = str(config.path) if config.path else "the config"
    info = probe_api(wiki.api_url, timeout=10, contact=config.contact, config_file=where)
    return Check("wiki", True, f"{wiki.api_url}: {info.get('sitename')} ({info.get('generator')})")


def _login_check(wiki: DoctorWiki) -> Check:
    if not wiki.user:
        return Check(
            "login", True, "no account configured: reading anonymously (50 titles per request)"
        )
    try:
        name = wiki.login()
    except WikitrackError as e:
        return Check("login", False, str(e))
    return Check("login", True, f"logged in as {name}; batch size {wiki.batch_size}")


def _mail_check(config: Config) -> Check:
    """Connect, EHLO, STARTTLS/SSL and log in as nightly would, sending nothing."""
    from wikitrack.mail.messages import MailError, check_mail_server

    if not config.mail.configured:
        return Check(
            "mail",
            True,
            "mail not configured: add a [mail] section for nightly "
            "('wikitrack nightly --mail-dir DIR' writes the mails to files instead)",
        )
    if config.mail.dir:
        return Check(
            "mail", True, f"written as .eml files to {config.mail.dir} ([mail] dir), not sent"
        )
    try:
        return Check("mail", True, check_mail_server(config.mail))
    except MailError as e:
        return Check("mail", False, str(e))
