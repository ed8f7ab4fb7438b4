"""Use cases of the web's sessions, kept in the store (`web_sessions`): the web's session
interface reads one on every request and writes it back through here; logging out ends every
session of a login through `admin.end_web_sessions`, the use case the `web-user` commands
call too.

Each takes the `Context` of the request (`browsing.make_page_context`) and plain values."""

from __future__ import annotations

from wikitrack import store
from wikitrack.app.admin import end_web_sessions
from wikitrack.app.context import Context
from wikitrack.store.websessions import WebSession

__all__ = [
    "WebSession",
    "find_web_session",
    "begin_web_session",
    "record_web_session",
    "mark_web_session_seen",
    "forget_web_session",
    "forget_lapsed_sessions",
    "log_out",
]


def find_web_session(ctx: Context, key: str) -> WebSession | None:
    """The stored session of `key` (the SHA-256 of its cookie), None when it has no row."""
    return store.get_web_session(ctx.db, key)


def begin_web_session(ctx: Context, session: WebSession, *, replaces: str = "") -> None:
    """Write a new session; it replaces the row `replaces`, the ID it had before login."""
    store.save_web_session(ctx.db, session, replaces=replaces)


def record_web_session(ctx: Context, key: str, *, seen: float, data: str) -> None:
    """New data for a session that has a row (one ended meanwhile stays ended)."""
    store.update_web_session(ctx.db, key, seen=seen, data=data)


def mark_web_session_seen(ctx: Context, key: str, seen: float) -> None:
    store.touch_web_session(ctx.db, key, seen)


def forget_web_session(ctx: Context, key: str) -> None:
    """End one session: it lapsed, or was replaced by a new login's."""
    store.drop_web_session(ctx.db, key)


def forget_lapsed_sessions(ctx: Context, *, seen_before: float, created_before: float) -> int:
    """Forget the sessions idle too long or begun too long ago; how many there were."""
    return store.prune_web_sessions(ctx.db, seen_before=seen_before, created_before=created_before)


def log_out(ctx: Context, login: str) -> int:
    """End every session of a login, on this browser and any other (the web reads its sessions
    from the store on every request, so the old cookie gives access no more); how many."""
    return end_web_sessions(ctx, login)
