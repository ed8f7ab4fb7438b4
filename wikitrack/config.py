"""Load and validate wikitrack.toml.

Precedence is the usual one: command line > environment (WIKITRACK_CONFIG picks the file) > the
file > the defaults below. No secrets live here: wiki passwords sit in pywikibot's 0600 password
file, SMTP credentials in environment variables named by the config.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from wikitrack.errors import ConfigError
from wikitrack.wiki.sitefacts import MAINTENANCE_TEMPLATES, NOMINATION_TEMPLATES

__all__ = [
    "Config",
    "MailConfig",
    "HealthConfig",
    "TeamAccount",
    "BackupConfig",
    "Person",
    "ROLES",
    "find_person",
    "own_account",
    "DEFAULT_CONFIG_NAME",
    "NL_WIKIPEDIA_API",
    "load_config",
    "render_starter_config",
    "find_key_line",
]

DEFAULT_CONFIG_NAME = "wikitrack.toml"
NL_WIKIPEDIA_API = "https://nl.wikipedia.org/w/api.php"
LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class TeamAccount:
    """A wiki account that edits on behalf of the municipality, and the person who answers for it.

    nl.wikipedia wants one person per account, so several team accounts are normal: `person`
    names one person of [[people]], the only one who edits through it (`correction apply`).
    """

    user: str
    person: str
    role: str = ""


# A person's role: the desk (Redactie Eigen Media) approves, applies and overrides; policy
# staff propose corrections and ask for reviews within their own areas.
ROLES = ("desk", "policy")


@dataclass(frozen=True)
class Person:
    """Someone who may act in the corrections log or the review requests, from [[people]].

    `areas` are watchlist slugs: the areas a person proposes corrections and review requests
    for. `line` points back into the config file.
    """

    name: str
    role: str
    areas: tuple[str, ...] = ()
    line: int = 0
    email: str = ""  # what single sign-on matches on first (`[web] match_claim`)

    @property
    def is_desk(self) -> bool:
        return self.role == "desk"


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def find_person(people: Sequence[Person], name: str | None) -> Person:
    """The configured person called `name` (case and spacing ignored), or InputError.

    The one lookup for every `--by`, `--editor` and `--to`, and for the web view's logins.
    """
    key = _name_key(name or "")
    for person in people:
        if _name_key(person.name) == key:
            return person
    from wikitrack.errors import InputError

    if not people:
        raise InputError(
            f"unknown person '{name}': the config lists no people; add them as [[people]] "
            '(name, role = "desk" or "policy", areas)'
        )
    raise InputError(
        f"unknown person '{name}': not in [[people]] of the config "
        f"(known: {', '.join(p.name for p in people)})"
    )


@dataclass(frozen=True)
class MailConfig:
    host: str = "localhost"
    port: int = 25
    security: str = "none"  # none | starttls | ssl
    sender: str = "wikitrack@localhost"
    username_env: str = "WIKITRACK_SMTP_USER"
    password_env: str = "WIKITRACK_SMTP_PASSWORD"
    desk: tuple[str, ...] = ()
    send_empty: bool = False
    ca_file: str = ""  # a CA bundle for an internal mail relay; empty: the system's
    configured: bool = False  # a [mail] section exists; without one nothing is sent
    dir: str = ""  # write the mails as .eml files here instead of sending (the sandbox's way)


@dataclass(frozen=True)
class BackupConfig:
    """Where backups go and how long they stay (see wikitrack/store/backups.py)."""

    dir: Path = Path("backups")
    keep_daily: int = 7  # the newest backup of each of the last 7 days
    keep_weekly: int = 12  # and of each of the last 12 weeks
    nightly: bool = True  # `nightly` makes one after its check


@dataclass(frozen=True)
class HealthConfig:
    """[health]: what `wikitrack health` calls a problem, how heavy each kind is, and the day
    of the month the area mails carry the health section (0: never)."""

    max_age_years: float = 2.0
    talk_days: int = 30
    request_days: int = 14
    min_section_chars: int = 200
    history_revisions: int = 100
    mail_day: int = 1
    weights: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class WebConfig:
    """[web]: how the web view signs people in. `auth = "password"` (the default): logins of
    web-users.json; `"oidc"`: single sign-on with an OpenID Connect provider (the
    municipality's Entra ID or Keycloak), see wikitrack/web/oidc.py."""

    auth: str = "password"
    session_hours: float = 10.0  # a session lasts this long at most, however active
    url: str = ""  # public_url, the site's address (https://...): the redirect URI is url/sso/terug
    issuer: str = ""
    client_id: str = ""
    client_secret_env: str = "WIKITRACK_OIDC_SECRET"
    match_claim: tuple[str, ...] = ("email",)  # the first of these the token carries
    subject_claim: str = "sub"  # the provider's stable ID of a person (Entra ID: "oid")
    groups_claim: str = "groups"
    desk_group: str = ""  # when set, the desk role needs this group in the token too
    scopes: str = "openid email profile"
    contact: str = ""  # whom someone not in [[people]] should ask (default: the desk's address)

    @property
    def sso(self) -> bool:
        return self.auth == "oidc"

    @property
    def redirect_uri(self) -> str:
        return self.url.rstrip("/") + "/sso/terug"


@dataclass(frozen=True)
class Config:
    path: Path | None
    base_dir: Path
    db_path: Path
    watchlists_dir: Path
    wiki_url: str = NL_WIKIPEDIA_API
    # Why no wiki may be opened ("" when the file names one): without `[wiki] url` a tool
    # that edits must not fall back to the live nl.wikipedia.
    wiki_missing: str = ""
    wiki_user: str = ""
    pywikibot_dir: Path | None = None
    contact: str = ""
    sandbox_dir: Path = Path(".sandbox")
    log_file: Path | None = None
    language: str = "nl"
    team_accounts: tuple[TeamAccount, ...] = ()
    people: tuple[Person, ...] = ()
    # [guideline]: words added to the guideline check's lists (wikitrack/corrections/guideline.py)
    guideline: dict[str, tuple[str, ...]] = field(default_factory=dict)
    nomination_templates: tuple[str, ...] = NOMINATION_TEMPLATES
    maintenance_templates: tuple[str, ...] = MAINTENANCE_TEMPLATES
    parse_timeout: float = 30.0
    mail: MailConfig = field(default_factory=MailConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    health: HealthConfig = field(default_factory=HealthConfig)
    web: WebConfig = field(default_factory=WebConfig)
    # [web] public_url: the address staff open (behind a TLS proxy); a form is accepted from
    # there or from the address the request itself came to, never from another site
    web_url: str = ""
    # [worklist] unclaimed_days: an open item unclaimed longer than this is overdue in the mail
    worklist_unclaimed_days: int = 3

    @property
    def uses_sandbox(self) -> bool:
        return self.wiki_url == "sandbox"

    def team_user_names(self) -> frozenset[str]:
        return frozenset(a.user for a in self.team_accounts)


# Every key the file may hold, per table; anything else is reported as unknown.
_SCHEMA: dict[str, set[str]] = {
    "": {
        "database",
        "watchlists",
        "wiki",
        "sandbox",
        "report",
        "check",
        "mail",
        "team_accounts",
        "people",
        "guideline",
        "log_file",
        "backup",
        "health",
        "web",
        "worklist",
    },
    "database": {"path"},
    "watchlists": {"dir"},
    "wiki": {"url", "user", "pywikibot_dir", "contact"},
    "sandbox": {"dir"},
    "report": {"language"},
    "check": {"nomination_templates", "maintenance_templates", "parse_timeout"},
    "mail": {
        "dir",
        "ca_file",
        "host",
        "port",
        "security",
        "sender",
        "username_env",
        "password_env",
        "desk",
        "send_empty",
    },
    "team_accounts": {"user", "person", "role"},
    "backup": {"dir", "keep_daily", "keep_weekly", "nightly"},
    "people": {"name", "role", "areas", "email"},
    "web": {
        "public_url",
        "auth",
        "session_hours",
        "issuer",
        "client_id",
        "client_secret_env",
        "match_claim",
        "subject_claim",
        "groups_claim",
        "desk_group",
        "scopes",
        "contact",
    },
    "worklist": {"unclaimed_days"},
    "guideline": {
        "confidential",
        "confidential_exact",
        "first_person",
        "promotional",
        "arguing",
        "functional_mail",
    },
    "health": {
        "max_age_years",
        "talk_days",
        "request_days",
        "min_section_chars",
        "history_revisions",
        "mail_day",
        "weights",
    },
}


# The tables written as [[table]], once per entry; every other table is one [table].
_ARRAY_TABLES = frozenset({"team_accounts", "people"})


def find_key_line(text: str, key: str, table: str | None = None) -> int | None:
    """Line number (1-based) where `key = ...` or `[key]` first appears after `[table]`."""
    lines = text.splitlines()
    start = 0
    if table:
        pattern = re.compile(r"^\s*\[\[?\s*" + re.escape(table) + r"\s*\]\]?\s*(#.*)?$")
        for i, line in enumerate(lines):
            if pattern.match(line):
                start = i
                break
    key_re = re.compile(r"^\s*(\[\[?\s*)?\"?" + re.escape(key) + r"\"?\s*(=|\]|$)")
    for i in range(start, len(lines)):
        if key_re.match(lines[i]):
            return i + 1
    return None


def _where(path: Path, text: str, key: str, table: str | None = None) -> str:
    line = find_key_line(text, key, table)
    return f"{path}:{line}" if line else str(path)


def _parse_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror}") from e
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        loc = f"{path}:{m.group(1)}" if m else str(path)
        raise ConfigError(f"{loc}: malformed TOML: {e}") from e


def _check_keys(data: dict[str, Any], path: Path, text: str) -> list[str]:
    problems = []
    for key in data:
        if key not in _SCHEMA[""]:
            problems.append(f"{_where(path, text, key)}: unknown key '{key}'")
    for table, allowed in _SCHEMA.items():
        if not table or table not in data:
            continue
        value = data[table]
        if isinstance(value, list) and table not in _ARRAY_TABLES:
            problems.append(f"{_where(path, text, table)}: '{table}' must be a table")
            continue
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, dict):
                problems.append(f"{_where(path, text, table)}: '{table}' must be a table")
                continue
            for key in item:
                if key not in allowed:
                    problems.append(
                        f"{_where(path, text, key, table)}: unknown key '{key}' in [{table}]"
                    )
    return problems


@dataclass(frozen=True)
class _ConfigFile:
    """A parsed config file and the problems found in it so far: every value is read through
    `get`, so one run reports every problem, each with its file:line."""

    path: Path
    text: str
    data: dict[str, Any]
    base: Path  # relative paths in the file are relative to its directory
    problems: list[str]

    def where(self, key: str, table: str | None = None) -> str:
        return _where(self.path, self.text, key, table)

    def problem(self, key: str, table: str | None, message: str) -> None:
        self.problems.append(f"{self.where(key, table)}: {message}")

    def get(self, table: str, key: str, default: Any, kind: type | tuple[type, ...]) -> Any:
        """`key` of `[table]` ("" for the top level), or `default` when it is missing or (a
        problem) not of `kind`."""
        section = self.data.get(table, {}) if table else self.data
        if not isinstance(section, dict):
            section = {}  # `table = 3` or `[[table]]`: reported by _check_keys
        value = section.get(key, default)
        if not isinstance(value, kind):
            want = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            self.problem(key, table or None, f"'{key}' must be a {want}")
            return default
        return value

    def resolve(self, value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else self.base / p


def load_config(path: Path | None = None, *, required: bool = False) -> Config:
    """Read the config at `path` (default ./wikitrack.toml); defaults when there is none.

    `required` makes a missing file an error (an explicit --config or WIKITRACK_CONFIG).
    """
    explicit = path is not None
    path = Path(path) if path else Path(DEFAULT_CONFIG_NAME)
    if not path.exists():
        if explicit or required:
            raise ConfigError(f"{path}: config file not found (create one with 'wikitrack init')")
        return _default_config(Path.cwd())
    data, text = _parse_toml(path)
    file = _ConfigFile(path, text, data, path.resolve().parent, _check_keys(data, path, text))
    config = _build_config(file)
    _check_values(config, file)
    if file.problems:
        from wikitrack.errors import InputError

        err = InputError(f"{path}: invalid configuration", file.problems)
        raise ConfigError(str(err))
    return config


def _default_config(base: Path) -> Config:
    """The config without a file: everything in the working directory."""
    return Config(
        path=None,
        base_dir=base,
        db_path=base / "wikitrack.db",
        watchlists_dir=base / "watchlists",
        sandbox_dir=base / ".sandbox",
        backup=BackupConfig(dir=base / "backups"),
        log_file=base / "wikitrack.log",
        wiki_missing=f"no {DEFAULT_CONFIG_NAME} in {base}, so no wiki to talk to: "
        "'wikitrack init' writes one (or pass --config FILE)",
    )


def _build_config(file: _ConfigFile) -> Config:
    """The Config the file describes; what is wrong in it is added to `file.problems` (in the
    order of the file's tables) and replaced by the default."""
    language = _load_language(file)
    accounts = _load_accounts(file)
    people = _load_people(file)
    mail = _load_mail(file)
    pwb_dir = file.get("wiki", "pywikibot_dir", "", str)
    log_file = file.get("", "log_file", "wikitrack.log", str)  # "" turns the log off
    return Config(
        path=file.path,
        base_dir=file.base,
        db_path=file.resolve(file.get("database", "path", "wikitrack.db", str)),
        watchlists_dir=file.resolve(file.get("watchlists", "dir", "watchlists", str)),
        wiki_url=file.get("wiki", "url", NL_WIKIPEDIA_API, str),
        wiki_missing=_wiki_missing(file),
        wiki_user=file.get("wiki", "user", "", str),
        pywikibot_dir=file.resolve(pwb_dir) if pwb_dir else None,
        contact=file.get("wiki", "contact", "", str),
        sandbox_dir=file.resolve(file.get("sandbox", "dir", ".sandbox", str)),
        log_file=file.resolve(log_file) if log_file else None,
        language=language,
        team_accounts=accounts,
        people=people,
        guideline=_load_guideline(file),
        nomination_templates=tuple(
            file.get("check", "nomination_templates", list(NOMINATION_TEMPLATES), list)
        ),
        maintenance_templates=tuple(
            file.get("check", "maintenance_templates", list(MAINTENANCE_TEMPLATES), list)
        ),
        parse_timeout=float(file.get("check", "parse_timeout", 30.0, (int, float))),
        mail=mail,
        backup=_load_backup(file),
        web_url=(web_url := _load_web_url(file)),
        health=_load_health(file),
        web=_load_web(file, web_url),
        worklist_unclaimed_days=file.get("worklist", "unclaimed_days", 3, int),
    )


def _wiki_missing(file: _ConfigFile) -> str:
    """Why the file names no wiki ("" when it does): wikitrack edits, so it never assumes
    the live nl.wikipedia."""
    section = file.data.get("wiki")
    if isinstance(section, dict) and "url" in section:
        return ""
    what = "no [wiki] url" if isinstance(section, dict) else "no [wiki] section"
    return (
        f"{file.where('wiki')}: {what}, so no wiki to talk to (wikitrack never falls back to "
        f'a live wiki): add [wiki] url = "{NL_WIKIPEDIA_API}", or url = "sandbox" for the '
        "local sandbox"
    )


def _check_values(config: Config, file: _ConfigFile) -> None:
    """The rules between values, once each has its type."""
    if config.backup.keep_daily < 1 or config.backup.keep_weekly < 0:
        file.problem(
            "keep_daily", "backup", "keep_daily must be at least 1 and keep_weekly at least 0"
        )
    if config.worklist_unclaimed_days < 0:
        file.problem("unclaimed_days", "worklist", "unclaimed_days must be 0 or more")
    if not 0 < config.parse_timeout <= 600:
        file.problem("parse_timeout", "check", "parse_timeout must be between 0 and 600 seconds")
    if config.wiki_user and config.pywikibot_dir is None and not config.uses_sandbox:
        file.problem(
            "pywikibot_dir",
            "wiki",
            "[wiki] user is set but pywikibot_dir is empty: set it to the directory with "
            "user-config.py and the password file (see README), or empty user to read "
            "anonymously",
        )
    _check_account_owners(config, file)
    if config.wiki_url != "sandbox" and not config.wiki_url.startswith(("http://", "https://")):
        file.problem(
            "url",
            "wiki",
            f"url must be an API URL (https://.../api.php) or 'sandbox', not '{config.wiki_url}'",
        )


def _load_web(file: _ConfigFile, public_url: str) -> WebConfig:
    """[web], each value checked; single sign-on needs the issuer, client and public URL."""
    get = functools.partial(file.get, "web")
    auth = get("auth", "password", str)
    claim = get("match_claim", "email", (str, list))
    claims = tuple(str(c) for c in ([claim] if isinstance(claim, str) else claim) if c)
    web = WebConfig(
        auth=auth,
        session_hours=float(get("session_hours", 10, (int, float))),
        url=public_url,
        issuer=get("issuer", "", str).rstrip("/"),
        client_id=get("client_id", "", str),
        client_secret_env=get("client_secret_env", "WIKITRACK_OIDC_SECRET", str),
        match_claim=claims or ("email",),
        subject_claim=get("subject_claim", "sub", str),
        groups_claim=get("groups_claim", "groups", str),
        desk_group=get("desk_group", "", str),
        scopes=get("scopes", "openid email profile", str),
        contact=get("contact", "", str),
    )
    if auth not in ("password", "oidc"):
        file.problem("auth", "web", f'auth must be "password" or "oidc", not {auth!r}')
    if not 0 < web.session_hours <= 24:
        file.problem("session_hours", "web", "session_hours must be between 0 and 24")
    if web.sso:
        _check_sso(web, file)
    return web


def _check_sso(web: WebConfig, file: _ConfigFile) -> None:
    local = ("http://127.0.0.1", "http://localhost")  # a test provider or a proxy's own end
    for key, value in (("issuer", web.issuer), ("public_url", web.url)):
        if not value.startswith(("https://", *local)):
            file.problem(key, "web", f'auth = "oidc" needs {key} = "https://..." (got {value!r})')
    if not web.client_id:
        file.problem(
            "client_id", "web", 'auth = "oidc" needs the client_id of the app registration'
        )
    if "openid" not in web.scopes.split():
        file.problem("scopes", "web", "scopes must include openid")


def _check_account_owners(config: Config, file: _ConfigFile) -> None:
    """Each team account belongs to one person of [[people]], and a person has one account:
    accounts are personal on nl.wikipedia, so `apply` edits through the applier's own."""
    lines = _array_table_lines(file.text, "team_accounts")
    known = {_name_key(p.name) for p in config.people}
    owners: dict[str, str] = {}
    for i, account in enumerate(config.team_accounts):
        where = f"{file.path}:{lines[i]}" if i < len(lines) else str(file.path)
        key = _name_key(account.person)
        if key not in known:
            names = ", ".join(p.name for p in config.people) or "none"
            file.problems.append(
                f"{where}: team account '{account.user}' belongs to '{account.person}', who is "
                f"not in [[people]] (known: {names}); person names the one who edits through it"
            )
        elif key in owners:
            file.problems.append(
                f"{where}: '{account.person}' has two team accounts ({owners[key]} and "
                f"{account.user}); one personal account each"
            )
        owners.setdefault(key, account.user)


def own_account(config: Config, person: Person) -> TeamAccount | None:
    """The person's own team account, if they have one."""
    key = _name_key(person.name)
    return next((a for a in config.team_accounts if _name_key(a.person) == key), None)


def _load_language(file: _ConfigFile) -> str:
    language: str = file.get("report", "language", "nl", str)
    if language not in LANGUAGES:
        file.problem(
            "language",
            "report",
            f"language must be one of {', '.join(LANGUAGES)}, not '{language}'",
        )
    return language


def _load_accounts(file: _ConfigFile) -> tuple[TeamAccount, ...]:
    raw = file.data.get("team_accounts", [])
    if not isinstance(raw, list):
        file.problem("team_accounts", None, "use [[team_accounts]] tables")
        return ()
    accounts = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue  # reported by _check_keys
        user, person = entry.get("user"), entry.get("person")
        if not _is_text(user) or not _is_text(person):
            file.problem(
                "team_accounts",
                None,
                "every team account needs 'user' (the wiki account) and 'person' (who answers "
                "for it)",
            )
            continue
        accounts.append(
            TeamAccount(user=user.strip(), person=person.strip(), role=str(entry.get("role", "")))
        )
    return tuple(accounts)


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _load_mail(file: _ConfigFile) -> MailConfig:
    security = file.get("mail", "security", "none", str)
    if security not in ("none", "starttls", "ssl"):
        file.problem(
            "security", "mail", f"security must be none, starttls or ssl, not '{security}'"
        )
    desk = file.get("mail", "desk", [], list)
    return MailConfig(
        host=file.get("mail", "host", "localhost", str),
        port=file.get("mail", "port", 25, int),
        security=security,
        sender=file.get("mail", "sender", "wikitrack@localhost", str),
        username_env=file.get("mail", "username_env", "WIKITRACK_SMTP_USER", str),
        password_env=file.get("mail", "password_env", "WIKITRACK_SMTP_PASSWORD", str),
        desk=tuple(str(d) for d in desk),
        send_empty=file.get("mail", "send_empty", False, bool),
        ca_file=str(file.resolve(ca)) if (ca := file.get("mail", "ca_file", "", str)) else "",
        configured="mail" in file.data,
        dir=str(file.resolve(d)) if (d := file.get("mail", "dir", "", str)) else "",
    )


def _load_guideline(file: _ConfigFile) -> dict[str, tuple[str, ...]]:
    return {
        key: tuple(str(w) for w in file.get("guideline", key, [], list))
        for key in _SCHEMA["guideline"]
        if key in file.data.get("guideline", {})
    }


def _load_backup(file: _ConfigFile) -> BackupConfig:
    return BackupConfig(
        dir=file.resolve(file.get("backup", "dir", "backups", str)),
        keep_daily=file.get("backup", "keep_daily", 7, int),
        keep_weekly=file.get("backup", "keep_weekly", 12, int),
        nightly=file.get("backup", "nightly", True, bool),
    )


def _array_table_lines(text: str, table: str) -> list[int]:
    """Line numbers (1-based) of each `[[table]]` header, in order."""
    header = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]\s*(#.*)?$")
    return [i + 1 for i, line in enumerate(text.splitlines()) if header.match(line)]


def _load_people(file: _ConfigFile) -> tuple[Person, ...]:
    """[[people]] entries as Persons; each problem with the entry's file:line."""
    raw = file.data.get("people", [])
    if not isinstance(raw, list):
        file.problem("people", None, "use [[people]] tables")
        return ()
    headers = _array_table_lines(file.text, "people")
    people: list[Person] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        line = headers[i] if i < len(headers) else 0
        where = f"{file.path}:{line}" if line else str(file.path)
        if not isinstance(entry, dict):
            continue
        person = _parse_person(entry, line, where, file.problems)
        if person is None:
            continue
        key = _name_key(person.name)
        if key in seen:
            file.problems.append(
                f"{where}: '{person.name}' is listed twice (first at line {seen[key]})"
            )
            continue
        seen[key] = line
        address = person.email.casefold()
        if address and any(p.email.casefold() == address for p in people):
            file.problems.append(
                f"{where}: '{person.name}' has the email of another person ({person.email}); "
                "single sign-on matches a person by it"
            )
        people.append(person)
    return tuple(people)


def _parse_person(
    entry: dict[str, Any], line: int, where: str, problems: list[str]
) -> Person | None:
    """One [[people]] entry; None without a name. Its problems are added with `where`."""
    name, role, areas = entry.get("name"), entry.get("role"), entry.get("areas", [])
    email = entry.get("email", "")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: every person needs a 'name'")
        return None
    name = " ".join(name.split())
    if role not in ROLES:
        problems.append(
            f'{where}: role of \'{name}\' must be "desk" (desk editor) or "policy" '
            f"(policy staff), not {role!r}"
        )
    if not isinstance(areas, list) or not all(isinstance(a, str) and a for a in areas):
        problems.append(f"{where}: areas of '{name}' must be a list of area names")
        areas = []
    if role == "policy" and not areas:
        problems.append(f"{where}: '{name}' is policy staff without areas")
    if not isinstance(email, str) or (email and "@" not in email):
        problems.append(f"{where}: email of '{name}' must be an e-mail address")
        email = ""
    return Person(name=name, role=str(role), areas=tuple(areas), line=line, email=email.strip())


_HEALTH_BOUNDS = {
    "max_age_years": (0, 100),
    "talk_days": (1, 3650),
    "request_days": (1, 3650),
    "min_section_chars": (0, 100_000),
    "history_revisions": (1, 500),
    "mail_day": (0, 31),
}


def _load_health(file: _ConfigFile) -> HealthConfig:
    table = file.data.get("health", {})
    if not isinstance(table, dict):
        return HealthConfig()  # reported by _check_keys
    numbers = _health_numbers(table, file)
    return HealthConfig(**numbers, weights=_health_weights(table, file))


def _health_numbers(table: dict[str, Any], file: _ConfigFile) -> dict[str, Any]:
    numbers: dict[str, Any] = {}
    for key, (low, high) in _HEALTH_BOUNDS.items():
        value = table.get(key, getattr(HealthConfig, key))
        integral = key != "max_age_years"
        if isinstance(value, bool) or not isinstance(value, int if integral else (int, float)):
            file.problem(key, "health", f"'{key}' must be a number")
        elif not low <= value <= high:
            file.problem(key, "health", f"'{key}' must be between {low} and {high}")
        else:
            numbers[key] = value
    return numbers


def _health_weights(table: dict[str, Any], file: _ConfigFile) -> tuple[tuple[str, float], ...]:
    from wikitrack.health.kinds import KINDS

    weights = table.get("weights", {})
    if not isinstance(weights, dict):
        file.problem("weights", "health", "use a [health.weights] table")
        return ()
    good = []
    for kind, weight in weights.items():
        if kind not in KINDS:
            file.problem(
                kind, "health.weights", f"unknown kind '{kind}' (one of {', '.join(KINDS)})"
            )
        elif isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            file.problem(
                kind, "health.weights", f"weight of '{kind}' must be a number of 0 or more"
            )
        else:
            good.append((kind, float(weight)))
    return tuple(good)


def _load_web_url(file: _ConfigFile) -> str:
    url = file.get("web", "public_url", "", str).strip().rstrip("/")
    if url and not re.fullmatch(r"https?://[^/\s?#]+", url):
        file.problem(
            "public_url",
            "web",
            "public_url must be a site's address, e.g. https://wikitrack.almere.nl",
        )
        return ""
    return url


# What `wikitrack init` writes; render_starter_config fills in the wiki and the mail folder.
_STARTER_CONFIG = """# wikitrack configuration. Relative paths are relative to this file.
# No secrets here: wiki passwords live in pywikibot's password file (mode 0600),
# SMTP credentials in the environment variables named under [mail].

log_file = "wikitrack.log"

[database]
path = "wikitrack.db"

[watchlists]
dir = "watchlists"

[wiki]
# The MediaWiki API to watch, or "sandbox" for the local MediaWiki of `wikitrack sandbox start`.
url = "{url}"
# Account wikitrack logs in as (a BotPassword; see user-config.py.example). Empty: read anonymously.
user = "{user}"
# Directory with user-config.py and the password file (ignored for the sandbox).
pywikibot_dir = "{pwb}"
# Who to contact about wikitrack's requests; sent in the User-Agent.
contact = "redactie-eigen-media@almere.example"

[sandbox]
dir = ".sandbox"

[report]
# Language of reports and mails: "nl" or "en".
language = "nl"

[check]
# Seconds one revision's structural diff may take before the page is reported and retried.
parse_timeout = 30

[mail]
host = "localhost"
port = 25
security = "none"          # none | starttls | ssl
sender = "wikitrack@almere.example"
username_env = "WIKITRACK_SMTP_USER"
password_env = "WIKITRACK_SMTP_PASSWORD"
desk = ["redactie-eigen-media@almere.example"]
send_empty = false
{mail_dir}
# ca_file = "/etc/ssl/certs/internal-ca.pem"   # CA bundle of an internal mail relay

[backup]
# `wikitrack backup` and `nightly` write verified copies of the database, this file and the
# web users file here; kept: the newest of each of the last keep_daily days and keep_weekly weeks.
dir = "backups"
keep_daily = 7
keep_weekly = 12
nightly = true              # false: nightly makes no backup

[web]
# The address staff open when `wikitrack serve` runs behind a TLS proxy; forms are accepted
# from there and from the address a request came to, never from another site.
# public_url = "https://wikitrack.almere.example"
# Sign in with the municipality's accounts instead of web-users.json passwords (README,
# "Single sign-on"): each person of [[people]] then needs their email.
# auth = "oidc"
# issuer = "https://login.microsoftonline.com/TENANT-ID/v2.0"
# client_id = "APPLICATION-CLIENT-ID"
# client_secret_env = "WIKITRACK_OIDC_SECRET"
# match_claim = "email"
# subject_claim = "oid"
# session_hours = 10

[health]
# `wikitrack health`: a reference date (peildatum) older than this is reported.
max_age_years = 2
# Talk-page sections without a reply, and our own edit requests, waiting longer than this.
talk_days = 30
request_days = 14
# Sections with at least this many characters of text and no reference are reported.
min_section_chars = 200
# Revisions of history read per page to date a maintenance template.
history_revisions = 100
# Day of the month the area mails carry the health section (0: never; 31: the last day).
mail_day = 1

[health.weights]
# How much each kind of problem weighs when lemmas are ranked (higher first).
deleted = 100
nomination = 80
own_request = 40
correction = 30
review = 30
fact = 25
maintenance = 20
outdated = 15
old_date = 15
talk_unanswered = 10
fact_aged = 5
dead_link = 5
unreferenced_section = 3

[worklist]
# The nightly mail marks an open item overdue when nobody claimed it for longer than this.
unclaimed_days = 3

# Accounts that edit for the municipality. nl.wikipedia wants personal accounts:
# one person each, disclosed on the user page.
# Each belongs to one person of [[people]] below: `correction apply --by NAME` edits through
# NAME's own account (its BotPassword in pywikibot's password file), never a colleague's.
[[team_accounts]]
user = "Anouk-GemeenteAlmere"
person = "A. de Vries"
role = "desk"
{second_account}
# Everyone who may act in the corrections log and the review requests; every --by, --editor
# and --to must name one of them. role = "desk": a desk editor (approves, applies, overrides,
# records; never their own proposal). role = "policy": policy staff, who propose corrections
# and ask for reviews for their own areas (the watchlist names under watchlists/).
[[people]]
name = "A. de Vries"
role = "desk"
areas = []
{second_person}
[[people]]
name = "J. Smit"
role = "policy"
areas = ["bestuur"]

# The guideline check on every correction's text has its word lists per language in
# wikitrack/corrections/guideline.py; words listed here are added to them.
[guideline]
# confidential = ["dienstgeheim"]        # hard stop: apply refuses
# confidential_exact = ["dienstnota"]    # hard stop, whole word only (no inflections)
# promotional = ["wereldstad"]           # warning: approve needs --accept-warnings
# first_person = []
# arguing = []
# functional_mail = ["wijkteam"]         # local parts of addresses that are no person's
"""


def render_starter_config(*, sandbox: bool) -> str:
    """The commented config that `wikitrack init` writes."""
    # The sandbox's contacts are made up: its mails go to files, never to a server.
    mail_dir = (
        'dir = "mails"              # .eml files here instead of sending (the sandbox)'
        if sandbox
        else '# dir = "mails"            # .eml files here instead of sending (a preview)'
    )
    # The sandbox has a second desk editor with an account of their own (see sandbox/).
    second_account = (
        '\n[[team_accounts]]\nuser = "Bram-GemeenteAlmere"\nperson = "B. Bos"\nrole = "desk"\n'
        if sandbox
        else ""
    )
    second_person = '\n[[people]]\nname = "B. Bos"\nrole = "desk"\nareas = []\n' if sandbox else ""
    return _STARTER_CONFIG.format(
        second_account=second_account,
        second_person=second_person,
        url="sandbox" if sandbox else NL_WIKIPEDIA_API,
        user="Anouk-GemeenteAlmere" if sandbox else "",
        pwb="" if sandbox else "pywikibot",
        mail_dir=mail_dir,
    )
