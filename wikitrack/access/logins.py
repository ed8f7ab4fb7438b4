"""Logins of the web view: each belongs to a person of the config's [[people]].

web-users.json (mode 0600) maps a login name to the person's name, a password hash (werkzeug's
scrypt) and whether the login is disabled. The hashes never leave this file: the web view reads
it on every request and shows names only.

Also here: the password rules (length and zxcvbn's strength estimate), the login check (one
check of one kind for known and unknown logins), the throttle that slows guessing without
locking anyone out, and the gate that bounds how many password checks run at once.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import itertools
import json
import re
import secrets
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikitrack.config import Person, find_person
from wikitrack.errors import ConfigError, InputError
from wikitrack.files import write_atomically

__all__ = [
    "WebUser",
    "MIN_PASSWORD",
    "check_password",
    "load_users",
    "add_user",
    "set_password",
    "set_disabled",
    "remove_user",
    "check_login",
    "dummy_hash",
    "login_key",
    "address_key",
    "Delay",
    "LoginThrottle",
    "HashGate",
    "describe_users",
    "SsoMatch",
    "match_sso",
    "bind_sso",
]

MIN_PASSWORD = 10
MIN_STRENGTH = 3  # zxcvbn's score, 0-4: 3 is "safely unguessable" for an online attack
HASH_KINDS = ("scrypt:", "pbkdf2:")  # werkzeug's; anything else is from the Datasette release


@dataclass(frozen=True)
class WebUser:
    login: str
    person: str
    disabled: bool
    hash: str
    subject: str = ""  # single sign-on: "issuer subject-ID" of the provider's account

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
            subject=str(v.get("subject", "")),
        )
        for login, v in dict(data).items()
    }


def _save(path: Path, users: dict[str, WebUser]) -> None:
    data = {
        u.login: {"person": u.person, "hash": u.hash, "disabled": u.disabled}
        | ({"subject": u.subject} if u.subject else {})
        for u in sorted(users.values(), key=lambda u: u.login)
    }
    # in one step: the web view reads this file on every request, also while it is written
    write_atomically(path, json.dumps(data, indent=2) + "\n", mode=0o600)


def check_password(password: str, login: str, person: str) -> None:
    """Refuse a short password, and one that a list of breached and common passwords, common
    patterns (repeats, sequences, keyboard rows, dates) or the login and the person's name
    predict: zxcvbn's estimate, with the login and the name as words it knows."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password must be at least {MIN_PASSWORD} characters")
    from zxcvbn import zxcvbn

    # zxcvbn refuses more than 72 characters; a password that long is not guessed by its start
    words = [login, person, *person.replace(".", " ").split()]
    found = zxcvbn(password[:72], user_inputs=words)
    if found["score"] < MIN_STRENGTH:
        why = str(found["feedback"].get("warning") or "it is a common pattern").rstrip(".")
        raise InputError(
            f"the password is too easy to guess ({why}): choose a longer one of several "
            "uncommon words, without the login or the person's name"
        )


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
    check_password(password, login, who.name)
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
    check_password(password, login, user.person)
    users[login] = WebUser(login, user.person, user.disabled, _hash(password), user.subject)
    _save(path, users)


def set_disabled(path: Path, login: str, disabled: bool) -> None:
    users = load_users(path)
    user = _existing(users, login, path)
    users[login] = WebUser(login, user.person, disabled, user.hash, user.subject)
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
        if user.subject:
            state += "  (single sign-on)"
        elif not user.hash.startswith(HASH_KINDS):
            state += "  (password from the Datasette release: set one with web-user passwd)"
        lines.append(f"{user.login}\t{user.person}\t{who}{state}")
    return lines


def login_key(name: str) -> str:
    """A login name as the throttle counts it: case and spaces ignored (a login has none)."""
    return "".join(name.split()).casefold()


def address_key(address: str) -> str:
    """A client address as the throttle counts it: an IPv6 client by its /64 (one home or
    office holds a whole /64, so counting single addresses would count nothing)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@functools.cache
def dummy_hash() -> str:
    """A hash of a random password, made like every other: an unknown login is checked against
    it, so it costs what a known one costs."""
    return _hash(secrets.token_hex(16))


def check_login(
    users: dict[str, WebUser],
    people: list[Person] | tuple[Person, ...],
    login: str,
    password: str,
) -> tuple[WebUser, Person] | None:
    """The login and its person when the password is right, the login enabled and the person
    still in [[people]]; None otherwise (one answer for every reason: no hints). Exactly one
    password check of the same kind either way, so the time does not tell which logins exist."""
    user = users.get(login)
    usable = user is not None and user.hash.startswith(HASH_KINDS)
    right = _matches(user.hash if user is not None and usable else dummy_hash(), password)
    if user is None or not usable or not right or user.disabled:
        return None
    try:
        return user, find_person(people, user.person)
    except InputError:
        return None


@dataclass(frozen=True)
class Delay:
    """After `free` failures within the window, each further try waits 2**(n - free) seconds
    after the last failure (n failures so far), `cap` seconds at most."""

    free: int
    cap: float

    def remaining(self, failures: list[float], now: float) -> float:
        if len(failures) < self.free:
            return 0.0
        wait = min(2.0 ** (len(failures) - self.free), self.cap)
        return max(0.0, failures[-1] + wait - now)


class LoginThrottle:
    """Failed logins slow further tries down; nothing locks a person out.

    Counted per client address (guessing many names from one place) and per login name, case
    and spaces ignored (guessing one name from many places), over the last `window` seconds.
    A client address with no failures is not held back by the login's count: the person
    whose name is under attack still logs in with the right password from their own desk,
    and anyone else who mistyped waits a short, growing delay (a minute at most for a login,
    five for an address). Only when one name is guessed at from many places (`everyone`
    failures in the window, each address new) does the login's delay hold for every client:
    the attacker then gets one guess a minute at most, and the person waits that minute at
    most, never longer. Kept in memory (a restart forgets), shared by the server's threads,
    and bounded: at most `max_keys` names and addresses each, the oldest forgotten first."""

    def __init__(
        self,
        *,
        window: float = 900.0,
        per_address: Delay = Delay(free=10, cap=300.0),
        per_login: Delay = Delay(free=5, cap=60.0),
        everyone: int = 20,
        max_keys: int = 10_000,
    ) -> None:
        self.window = window
        self.per_address = per_address
        self.per_login = per_login
        self.everyone = everyone
        self.max_keys = max_keys
        self._addresses: dict[str, list[float]] = {}
        self._logins: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, table: dict[str, list[float]], key: str, now: float) -> list[float]:
        kept = [t for t in table.get(key, ()) if now - t < self.window]
        if kept:
            table[key] = kept
        else:
            table.pop(key, None)
        return kept

    def wait(self, login: str, address: str, now: float) -> float:
        """Seconds this client must still wait before it may try this login (0: try now)."""
        with self._lock:
            mine = self._recent(self._addresses, address_key(address), now)
            theirs = self._recent(self._logins, login_key(login), now)
            by_address = self.per_address.remaining(mine, now)
            held = bool(mine) or len(theirs) >= self.everyone
            return max(by_address, self.per_login.remaining(theirs, now) if held else 0.0)

    def failed(self, login: str, address: str, now: float) -> None:
        with self._lock:
            for table, key in (
                (self._addresses, address_key(address)),
                (self._logins, login_key(login)),
            ):
                kept = self._recent(table, key, now)
                table[key] = [*kept[-63:], now]
                if len(table) > self.max_keys:
                    self._forget_oldest(table, now)

    def _forget_oldest(self, table: dict[str, list[float]], now: float) -> None:
        for key in list(table):
            self._recent(table, key, now)
        if len(table) > self.max_keys:
            newest = sorted(table, key=lambda k: table[k][-1], reverse=True)
            for key in newest[self.max_keys * 3 // 4 :]:
                del table[key]


class HashGate:
    """At most `slots` password checks at once and `waiting` more queued for a slot: a further
    login is turned away at once (the page says to try again) instead of holding one of the
    server's few threads, so a flood of logins cannot starve the pages. The check is slow on
    purpose (scrypt); this bounds how many run, not how long one takes."""

    def __init__(self, slots: int = 1, waiting: int = 1, timeout: float = 5.0) -> None:
        self.timeout = timeout
        self._admitted = threading.BoundedSemaphore(slots + waiting)
        self._running = threading.BoundedSemaphore(slots)

    @contextlib.contextmanager
    def admit(self) -> Iterator[bool]:
        """True inside while this caller holds a slot; False at once when all are taken."""
        if not self._admitted.acquire(blocking=False):
            yield False
            return
        try:
            if not self._running.acquire(timeout=self.timeout):
                yield False
                return
            try:
                yield True
            finally:
                self._running.release()
        finally:
            self._admitted.release()


@dataclass(frozen=True)
class SsoMatch:
    """Whom a single sign-on names: the person and their login (None: nobody we know, with why
    in `refusal`, for the log only: the page says the same to everyone)."""

    person: Person | None
    login: WebUser | None
    refusal: str = ""


def _by_email(people: Sequence[Person], address: str) -> Person | None:
    key = address.strip().casefold()
    return next((p for p in people if key and p.email.casefold() == key), None)


def match_sso(
    users: dict[str, WebUser], people: Sequence[Person], subject: str, address: str
) -> SsoMatch:
    """The person of a signed-in account. A login that recorded this `subject` (issuer and the
    provider's stable ID) is that person's, whatever the e-mail now says; otherwise the person
    whose [[people]] email is `address`, unless their login is bound to another subject (an
    address handed on to someone else) or disabled."""
    bound = next((u for u in users.values() if subject and u.subject == subject), None)
    if bound is not None:
        who = next((p for p in people if p.name == bound.person), None)
        if who is None:
            return SsoMatch(None, bound, f"{bound.person} is no longer in [[people]]")
        return _usable(SsoMatch(who, bound))
    who = _by_email(people, address)
    if who is None:
        return SsoMatch(None, None, "no person of [[people]] has this e-mail address")
    login = next((u for u in users.values() if u.person == who.name), None)
    if login is not None and login.subject and login.subject != subject:
        return SsoMatch(None, login, f"{who.name}'s login belongs to another account")
    return _usable(SsoMatch(who, login))


def _usable(found: SsoMatch) -> SsoMatch:
    if found.login is not None and found.login.disabled:
        return SsoMatch(None, found.login, f"the login {found.login.login} is disabled")
    return found


_SSO_LOCK = threading.Lock()


def bind_sso(path: Path, person: Person, subject: str) -> WebUser | None:
    """The person's login with `subject` recorded: their existing login (a password-era one
    keeps its name; the password no longer counts with single sign-on) or a new one,
    `sso_` and their name. Recorded once; afterwards only that account signs in as them, so
    None when the login is already bound to another subject (two first sign-ins at once: the
    first wins, the other is refused, never moved over)."""
    with _SSO_LOCK:
        users = load_users(path)
        login = next((u for u in users.values() if u.person == person.name), None)
        if login is not None and login.subject == subject:
            return login
        if login is not None and login.subject:
            return None
        if login is None:
            stem = "sso_" + "_".join(re.findall(r"[a-z0-9]+", person.name.casefold()))
            name = next(
                f"{stem}{n or ''}" for n in itertools.count() if f"{stem}{n or ''}" not in users
            )
            login = WebUser(name, person.name, False, "")
        users[login.login] = WebUser(login.login, person.name, login.disabled, login.hash, subject)
        _save(path, users)
        return users[login.login]
