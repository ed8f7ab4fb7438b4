"""Logins of the web view: each belongs to a person of the config's [[people]].

web-users.json (mode 0600) maps a login name to the person's name, a password hash (werkzeug's
scrypt) and whether the login is disabled. The hashes never leave this file: the web view reads
it on every request and shows names only.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import Person, find_person
from .errors import ConfigError, InputError
from .files import write_private

__all__ = [
    "WebUser",
    "MIN_PASSWORD",
    "load_users",
    "add_user",
    "set_password",
    "set_disabled",
    "remove_user",
    "check_login",
    "password_stamp",
    "LoginThrottle",
    "describe_users",
]

MIN_PASSWORD = 10


@dataclass(frozen=True)
class WebUser:
    login: str
    person: str
    disabled: bool
    hash: str

    def public(self) -> dict[str, Any]:
        """What may be shown: never the hash."""
        return {"login": self.login, "person": self.person, "disabled": self.disabled}


# Werkzeug is imported when a password is hashed or checked, not with every command.
def _hash(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


def _matches(hashed: str, password: str) -> bool:
    from werkzeug.security import check_password_hash

    return check_password_hash(hashed, password)


def load_users(path: Path) -> dict[str, WebUser]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise ConfigError(f"{path}: not valid JSON ({e})") from e
    return {
        login: WebUser(
            login=login,
            # "name" is where the first release kept the person's name
            person=str(v.get("person") or v.get("name") or ""),
            disabled=bool(v.get("disabled", False)),
            hash=str(v.get("hash", "")),
        )
        for login, v in dict(data).items()
    }


def _save(path: Path, users: dict[str, WebUser]) -> None:
    data = {
        u.login: {"person": u.person, "hash": u.hash, "disabled": u.disabled}
        for u in sorted(users.values(), key=lambda u: u.login)
    }
    write_private(path, json.dumps(data, indent=2) + "\n")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password must be at least {MIN_PASSWORD} characters")


def _existing(users: dict[str, WebUser], login: str, path: Path) -> WebUser:
    if login not in users:
        known = ", ".join(sorted(users)) or "none"
        raise InputError(f"no web user '{login}' in {path.name} (known: {known})")
    return users[login]


def add_user(
    path: Path, people: list[Person] | tuple[Person, ...], login: str, person: str, password: str
) -> WebUser:
    """A new login for a person of [[people]] (their name as the config spells it)."""
    if not login.isidentifier() or not login.isascii():
        raise InputError(f"web user name '{login}' must be letters, digits and '_' only")
    who = find_person(people, person)
    _check_password(password)
    users = load_users(path)
    if login in users:
        raise InputError(f"web user '{login}' exists: use 'web-user passwd {login}'")
    taken = [u.login for u in users.values() if u.person == who.name]
    if taken:
        raise InputError(f"{who.name} already has the login '{taken[0]}'")
    users[login] = WebUser(login, who.name, False, _hash(password))
    _save(path, users)
    return users[login]


def set_password(path: Path, login: str, password: str) -> None:
    users = load_users(path)
    user = _existing(users, login, path)
    _check_password(password)
    users[login] = WebUser(login, user.person, user.disabled, _hash(password))
    _save(path, users)


def set_disabled(path: Path, login: str, disabled: bool) -> None:
    users = load_users(path)
    user = _existing(users, login, path)
    users[login] = WebUser(login, user.person, disabled, user.hash)
    _save(path, users)


def remove_user(path: Path, login: str) -> None:
    users = load_users(path)
    _existing(users, login, path)
    del users[login]
    _save(path, users)


def describe_users(path: Path, people: list[Person] | tuple[Person, ...]) -> list[str]:
    """One line per login: login, person, their role and areas, and what keeps it from
    logging in (disabled, a person no longer in [[people]], a Datasette-era hash). Never the
    hash itself."""
    lines = []
    for user in load_users(path).values():
        try:
            p = find_person(people, user.person)
            areas = "all areas" if p.is_desk else (", ".join(p.areas) or "no areas")
            who = f"{p.role}, {areas}"
        except InputError:
            who = "not in [[people]]: cannot log in"
        state = "  DISABLED" if user.disabled else ""
        if not user.hash.startswith(("scrypt:", "pbkdf2:")):
            state += "  (password from the Datasette release: set one with web-user passwd)"
        lines.append(f"{user.login}\t{user.person}\t{who}{state}")
    return lines


def password_stamp(user: WebUser) -> str:
    """A fingerprint of the hash for the session: a new password ends old sessions, and the
    cookie never carries the hash itself."""
    return hashlib.sha256(user.hash.encode()).hexdigest()[:16]


def check_login(
    users: dict[str, WebUser],
    people: list[Person] | tuple[Person, ...],
    login: str,
    password: str,
) -> tuple[WebUser, Person] | None:
    """The login and its person when the password is right, the login enabled and the person
    still in [[people]]; None otherwise (one answer for every reason: no hints)."""
    user = users.get(login)
    if user is None:
        # spend the same time as a real check, so timing does not tell which logins exist
        _matches(_hash("x"), password)
        return None
    if not _matches(user.hash, password) or user.disabled:
        return None
    try:
        return user, find_person(people, user.person)
    except InputError:
        return None


class LoginThrottle:
    """After `limit` failed logins for one name within `window` seconds, that name is refused
    until the window has passed, right password or not: guessing stays slow. Kept in memory
    (a restart forgets), shared by the server's threads."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        self._failures[key] = kept
        return kept

    def blocked(self, login: str, now: float) -> bool:
        with self._lock:
            return len(self._recent(login.casefold(), now)) >= self.limit

    def failed(self, login: str, now: float) -> None:
        with self._lock:
            self._recent(login.casefold(), now).append(now)

    def succeeded(self, login: str) -> None:
        with self._lock:
            self._failures.pop(login.casefold(), None)
