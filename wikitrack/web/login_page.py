"""Logging in and out, and the session every other page needs (kept on the server,
`sessions.py`): a login lapses after two idle hours, after ten hours at most, on "Uitloggen",
and at once when it is disabled, removed or gets a new password.

Failed logins slow further tries from that client down (`access.logins.LoginThrottle`); a bounded
number of password checks run at once (`access.logins.HashGate`)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from wikitrack.access.logins import check_login, load_users
from wikitrack.app.browsing import list_area_names
from wikitrack.app.signins import log_out
from wikitrack.config import Person
from wikitrack.web import oidc
from wikitrack.web.common import Viewer, context, page, people, state, text
from wikitrack.web.sessions import IDLE_TIMEOUT, MAX_SESSION, ServerSession

__all__ = [
    "IDLE_TIMEOUT",
    "MAX_SESSION",
    "visible_areas",
    "require_login",
    "login",
    "logout",
    "safe_target",
    "start_session",
]


def visible_areas(person: Person, areas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(slug, name) of the areas a person sees: all for the desk, their own for policy staff."""
    return [(slug, name) for slug, name in areas if person.is_desk or slug in person.areas]


def _session_person(login: str) -> Person | None:
    """The person of this session's login while the login holds, else None (the session's
    own age is checked where it is read, `sessions.ServerSessions`). [[people]] as the config
    says it now; a session begun another way than the configured one (`[web] auth`) no longer
    holds."""
    user = load_users(state().users_file).get(login)
    if user is None or user.disabled or session.get("auth", "password") != state().config.web.auth:
        return None
    person = next((p for p in people() if p.name == user.person), None)
    if person is not None and person.is_desk and session.get("desk") is False:
        # single sign-on without the desk group: their own areas only, as policy staff
        person = dataclasses.replace(person, role="policy")
    return person


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
    return Viewer(login, person, tuple(visible_areas(person, list_area_names(context()))))


def require_login() -> Response | None:
    """Before every request: who is logged in; everyone else goes to the login page (a form
    sent without a session is refused outright)."""
    g.viewer = None
    if request.endpoint == "static":
        return None
    g.viewer = current_viewer()
    if g.viewer is None and request.endpoint not in ("login", *oidc.PUBLIC):
        if request.method != "GET":
            abort(403)
        return redirect(url_for("login", volgende=request.full_path.rstrip("?")))
    return None


def home() -> Response:
    return redirect(url_for("my_area"))


def safe_target(target: str) -> str:
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
    target = safe_target(request.values.get("volgende", ""))
    if g.viewer is not None and request.method == "GET":
        return redirect(target)
    if state().config.web.sso:  # no passwords here: the button to the provider
        return page("inloggen-sso.html", 200 if request.method == "GET" else 405, target=target)
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
        oidc.log_event("sign-in refused", repr(name[:80]), "password")
        return _refused("login_wrong", 401, name, target)
    user, person = found
    start_session(user.login, {})
    oidc.log_event("sign-in", person.name, f"password, login {user.login}")
    return redirect(target)


def start_session(login: str, data: dict[str, Any]) -> None:
    """A new session for a login that just signed in: a new ID (one fixed before the login is
    worth nothing), the login and `data` in it."""
    own = _server_session()
    own.renew(_now())
    own["login"] = login
    own.update(data)


def logout() -> Response:
    """Ends every session of this login, on this browser and any other; with single sign-on
    the browser then goes to the provider's logout, which comes back to the login page. The
    sessions end in the store (`app.signins.log_out`), so the old cookie opens nothing."""
    id_token = str(session.get("id_token", ""))
    log_out(context(), g.viewer.login)
    _server_session().renew(_now())
    oidc.log_event("sign-out", g.viewer.person.name, f"login {g.viewer.login}")
    flash(text("logged_out"))
    if state().config.web.sso:
        return oidc.provider_logout(id_token) or redirect(url_for("login"))
    return redirect(url_for("login"))
