"""Logging in and out, and the session every other page needs: a login lapses after two idle
hours, after ten hours at most, and at once when it is disabled or gets a new password."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import abort, flash, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from .. import store
from ..config import Person
from ..webusers import check_login, load_users, password_stamp
from .common import Viewer, db, page, state, text

__all__ = ["IDLE_TIMEOUT", "MAX_SESSION", "visible_areas", "require_login", "login", "logout"]

IDLE_TIMEOUT = timedelta(hours=2)  # the cookie lapses after two idle hours
MAX_SESSION = timedelta(hours=10)  # and a login lasts one working day at most


def visible_areas(person: Person, areas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(slug, name) of the areas a person sees: all for the desk, their own for policy staff."""
    return [(slug, name) for slug, name in areas if person.is_desk or slug in person.areas]


def _session_person(login: str) -> Person | None:
    """The person of this session's login while the session holds, else None."""
    user = load_users(state().users_file).get(login)
    if (
        user is None
        or user.disabled
        or session.get("stamp") != password_stamp(user)
        or time.time() - float(session.get("since", 0)) > MAX_SESSION.total_seconds()
    ):
        return None
    return next((p for p in state().config.people if p.name == user.person), None)


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
    """Only a path of this site: never another host (`//...`) or a backslash trick."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("my_area")
    return target


def login() -> Any:
    target = _safe_target(request.values.get("volgende", ""))
    if g.viewer is not None and request.method == "GET":
        return redirect(target)
    if request.method != "POST":
        return page("inloggen.html", error="", name="", target=target)
    name = request.form.get("gebruikersnaam", "").strip()
    throttle = state().throttle
    if throttle.blocked(name, time.time()):
        error = text("login_blocked")
        return page("inloggen.html", 429, error=error, name=name, target=target)
    config = state().config
    users = load_users(state().users_file)
    found = check_login(users, config.people, name, request.form.get("wachtwoord", ""))
    if found is None:
        throttle.failed(name, time.time())
        return page("inloggen.html", 401, error=text("login_wrong"), name=name, target=target)
    user, _ = found
    throttle.succeeded(name)
    session.clear()
    session.permanent = True
    session.update(login=user.login, stamp=password_stamp(user), since=time.time())
    return redirect(target)


def logout() -> Response:
    session.clear()
    flash(text("logged_out"))
    return redirect(url_for("login"))
