"""Sessions kept on the server: the cookie holds a random ID and nothing readable, the session
itself is a row of `web_sessions` (store/websessions.py) that every request reads, through the
app's use cases (`app.signins`).

A visitor who never logged in has an ID but no row: their CSRF token is derived from the ID
and the secret, so an unknown visitor writes nothing to the database (an ID whose row has
ended is such a visitor's: logged in as nobody). Logging in starts a new
ID (a session fixed before login is worth nothing); logging out, and the `web-user` commands
disable, remove and passwd, delete every row of that login. A session lapses after two idle
hours and after ten hours at most, whatever the cookie says.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, Request, request
from flask.sessions import SecureCookieSession, SessionInterface
from werkzeug.wrappers import Response

from wikitrack.app.signins import (
    WebSession,
    begin_web_session,
    find_web_session,
    forget_lapsed_sessions,
    forget_web_session,
    mark_web_session_seen,
    record_web_session,
)
from wikitrack.web.common import context

__all__ = [
    "IDLE_TIMEOUT",
    "MAX_SESSION",
    "TOUCH_EVERY",
    "ServerSession",
    "ServerSessions",
    "session_key",
]

IDLE_TIMEOUT = timedelta(hours=2)  # a session lapses after two idle hours
MAX_SESSION = timedelta(hours=10)  # and a login lasts one working day at most
TOUCH_EVERY = 60.0  # seconds: how stale "last seen" may get before a request writes it
_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
_SERVER_ONLY = ("csrf_token", "login")  # never stored as data: derived, or a column of its own


def session_key(sid: str) -> str:
    """What the table keeps of a session ID: its SHA-256, so a copy of the database (a backup)
    does not hold the cookies themselves."""
    return hashlib.sha256(sid.encode()).hexdigest()


class ServerSession(SecureCookieSession):
    """A session dict (Flask tracks `modified`) with its ID, whether a row holds it, and when
    it began and was last seen."""

    def __init__(
        self, sid: str, data: dict[str, Any], *, stored: bool, created: float, seen: float
    ) -> None:
        super().__init__(data)
        self.sid = sid
        self.stored = stored
        self.created = created
        self.seen = seen
        self.replaces = ""  # the ID this session had before `renew`

    def renew(self, now: float) -> None:
        """A new ID for a new login (the old one ends); the data is cleared."""
        self.clear()
        self.replaces = self.sid if self.stored else ""
        self.sid = secrets.token_urlsafe(32)
        self.stored = False
        self.created = self.seen = now


class ServerSessions(SessionInterface):
    """Flask's session interface over the `web_sessions` table. `clock` is the time in Unix
    seconds (tests move it); `max_session` how long a session lasts at most (`[web]
    session_hours`)."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        max_session: timedelta = MAX_SESSION,
    ) -> None:
        self.clock = clock
        self.max_session = max_session

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure whenever the browser reached the server over HTTPS: through the TLS proxy the
        README asks for (waitress trusts its X-Forwarded-Proto from 127.0.0.1 only), or
        directly. Over plain http it is not: browsers refuse a Secure cookie from a plain http
        site other than localhost, and `serve` on 127.0.0.1 is reached that way too."""
        return request.is_secure

    def _csrf(self, app: Flask, sid: str) -> str:
        return hmac.new(str(app.secret_key).encode(), sid.encode(), hashlib.sha256).hexdigest()

    def _lapsed(self, row: WebSession, now: float) -> bool:
        return (
            now - row.seen > IDLE_TIMEOUT.total_seconds()
            or now - row.created > self.max_session.total_seconds()
        )

    def _fresh(self, now: float) -> ServerSession:
        return ServerSession(secrets.token_urlsafe(32), {}, stored=False, created=now, seen=now)

    def _load(self, sid: str, now: float) -> ServerSession | None:
        row = find_web_session(context(), session_key(sid))
        if row is None:
            return None
        if self._lapsed(row, now):
            forget_web_session(context(), row.key)
            return None
        data = dict(json.loads(row.data), login=row.login) if row.login else json.loads(row.data)
        return ServerSession(sid, data, stored=True, created=row.created, seen=row.seen)

    def open_session(self, app: Flask, req: Request) -> ServerSession | None:
        now = self.clock()
        if req.path.startswith(f"{app.static_url_path}/"):
            return None  # static files: no session (Flask hands them a null one)
        sid = req.cookies.get(self.get_cookie_name(app), "")
        if not _ID.fullmatch(sid):
            session = self._fresh(now)
        else:  # a visitor's ID without a row is theirs still, logged in as nobody
            session = self._load(sid, now) or ServerSession(
                sid, {}, stored=False, created=now, seen=now
            )
        # The CSRF token follows from the ID (flask-wtf keeps its raw token in the session)
        dict.__setitem__(session, "csrf_token", self._csrf(app, session.sid))
        return session

    def _save_row(self, session: ServerSession, now: float) -> None:
        data = {k: v for k, v in session.items() if k not in _SERVER_ONLY}
        keep = bool(session.get("login") or data)
        key = session_key(session.sid)
        if not keep:
            if session.stored or session.replaces:
                forget_web_session(context(), key)
                if session.replaces:
                    forget_web_session(context(), session_key(session.replaces))
            return
        if not session.stored:  # a new row: forget the lapsed ones first
            idle, most = IDLE_TIMEOUT.total_seconds(), self.max_session.total_seconds()
            forget_lapsed_sessions(context(), seen_before=now - idle, created_before=now - most)
            row = WebSession(
                key, str(session.get("login", "")), session.created, now, json.dumps(data)
            )
            replaces = session_key(session.replaces) if session.replaces else ""
            begin_web_session(context(), row, replaces=replaces)
        elif session.modified:
            record_web_session(context(), key, seen=now, data=json.dumps(data))
        elif now - session.seen > TOUCH_EVERY:
            mark_web_session_seen(context(), key, now)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if not isinstance(session, ServerSession):
            return
        now = self.clock()
        self._save_row(session, now)
        response.vary.add("Cookie")
        response.set_cookie(
            self.get_cookie_name(app),
            session.sid,
            max_age=int(IDLE_TIMEOUT.total_seconds()),
            httponly=self.get_cookie_httponly(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            path=self.get_cookie_path(app),
            domain=self.get_cookie_domain(app),
        )
