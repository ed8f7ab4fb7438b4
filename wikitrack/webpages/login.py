"""Logging in and out, and the session every other page needs (kept on the server,
`sessions.py`): a login lapses after two idle hours, after ten hours at most, on "Uitloggen",
and at once when it is disabled, removed or gets a new password.

Failed logins slow further tries from that client down (`webusers.LoginThrottle`); a bounded
number of password checks run at once (`webusers.HashGate`)."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from .. import store
from ..config import Person
from ..webusers import check_login, load_users
from .common import Viewer, db, page, state, text
from .sessions import IDLE_TIMEOUT, MAX_SESSION, ServerSession

__all__ = ["IDLE_TIMEOUT", "MAX_SESSION", "visible_areas", "require_login", "login", "logout"]


def visible_areas(person: Person, areas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(slug, name) of the areas a person sees: all for the desk, their own for policy staff."""
    return [(slug, name) for slug, name in areas if person.is_desk or slug in person.areas]


def _session_person(login: str) -> Person | None:
    """The person of this session's login while the login holds, else None (the session's
    own age is checked where it is read, `sessions.ServerSessions`)."""
    user = load_users(state().users_file).get(login)
    if user is None or user.disabled:
        return None
    return next((p for p in state().config.people if p.name == user.person), None)


def _server_session() -> ServerSession:
    found = session._get_current_object()  # type: ignore[attr-defined]
    assert isinstance(found, ServerSession)
    return found


def _now() -> float:
    return float(current_app.session_interface.clock())  # type: ignore[attr-defined]


def current_viewer() -> Viewer | None:
    """Who is logged in; a session that no longer holds is ended (a visitor who never logged
    in keeps theirs: it carries the login form's CSRF token)."""
    login = session.get("login")
    if not login:
        return None
    person = _session_person(login)
    if person is None:
        session.clear()
        return None
    return Viewer(login, person, tuple(visible_areas(person, store.area_names(db()))))


def require_login() -> Response | None:
    """Before every request: who is logged in; everyone else goes to the login page (a form
    sent without a session is refused outright)."""
    g.viewer = None
    if request.endpoint == "static":
        return None
    g.viewer = current_viewer()
    if g.viewer is None and request.endpoint != "login":
        if request.method != "GET":
            abort(403)
        return redirect(url_for("login", volgende=request.full_path.rstrip("?")))
    return None


def home() -> Response:
    return redirect(url_for("my_area"))


def _safe_target(target: str) -> str:
    """Only a path of this site, never another host. Browsers drop tabs and line breaks from
    an address and read a backslash as a slash, so "/", a tab, "/evil.example" is
    "//evil.example" to them: a backslash or any control character is refused, and so is
    anything that parses with a scheme or a host."""
    if "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return url_for("my_area")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("my_area")
    return target


def _refused(key: str, status: int, name: str, target: str, wait: float = 0.0) -> Any:
    """The login page again with why; the same answer whether the login exists or not."""
    seconds = max(1, math.ceil(wait))
    body, _ = page("inloggen.html", error=text(key, seconds=seconds), name=name, target=target)
    headers = {"Retry-After": str(seconds)} if status in (429, 503) else {}
    return body, status, headers


def login() -> Any:
    target = _safe_target(request.values.get("volgende", ""))
    if g.viewer is not None and request.method == "GET":
        return redirect(target)
    if request.method != "POST":
        return page("inloggen.html", error="", name="", target=target)
    name = request.form.get("gebruikersnaam", "").strip()
    address = request.remote_addr or ""
    throttle = state().throttle
    wait = throttle.wait(name, address, _now())
    if wait > 0:
        return _refused("login_blocked", 429, name, target, wait)
    users = load_users(state().users_file)
    with state().gate.admit() as admitted:
        if not admitted:
            return _refused("login_busy", 503, name, target, 5)
        found = check_login(users, state().config.people, name, request.form.get("wachtwoord", ""))
    if found is None:
        throttle.failed(name, address, _now())
        return _refused("login_wrong", 401, name, target)
    user, _ = found
    own = _server_session()
    own.renew(_now())  # a new ID: one fixed before the login is worth nothing
    own["login"] = user.login
    return redirect(target)


def logout() -> Response:
    """Ends every session of this login, on this browser and any other."""
    store.end_web_sessions(db(), g.viewer.login)
    _server_session().renew(_now())
    flash(text("logged_out"))
    return redirect(url_for("login"))
