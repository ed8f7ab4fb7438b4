"""Load and validate wikitrack.toml.

Precedence is the usual one: command line > environment (WIKITRACK_CONFIG picks the file) > the
file > the defaults below. No secrets live here: wiki passwords sit in pywikibot's 0600 password
file, SMTP credentials in environment variables named by the config.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .wikifacts import MAINTENANCE_TEMPLATES, NOMINATION_TEMPLATES

__all__ = [
    "Config",
    "MailConfig",
    "HealthConfig",
    "TeamAccount",
    "BackupConfig",
    "Person",
    "ROLES",
    "find_person",
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

    nl.wikipedia wants one person per account, so several team accounts are normal.
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
    from .errors import InputError

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
    """Where backups go and how long they stay (see wikitrack/backup.py)."""

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
class Config:
    path: Path | None
    base_dir: Path
    db_path: Path
    watchlists_dir: Path
    wiki_url: str = NL_WIKIPEDIA_API
    wiki_user: str = ""
    pywikibot_dir: Path | None = None
    contact: str = ""
    sandbox_dir: Path = Path(".sandbox")
    log_file: Path | None = None
    language: str = "nl"
    team_accounts: tuple[TeamAccount, ...] = ()
    people: tuple[Person, ...] = ()
    # [guideline]: words added to the guideline check's lists (wikitrack/guideline.py)
    guideline: dict[str, tuple[str, ...]] = field(default_factory=dict)
    nomination_templates: tuple[str, ...] = NOMINATION_TEMPLATES
    maintenance_templates: tuple[str, ...] = MAINTENANCE_TEMPLATES
    parse_timeout: float = 30.0
    mail: MailConfig = field(default_factory=MailConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    health: HealthConfig = field(default_factory=HealthConfig)

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
    "people": {"name", "role", "areas"},
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


def load_config(path: Path | None = None, *, required: bool = False) -> Config:
    """Read the config at `path` (default ./wikitrack.toml); defaults when there is none.

    `required` makes a missing file an error (an explicit --config or WIKITRACK_CONFIG).
    """
    explicit = path is not None
    path = Path(path) if path else Path(DEFAULT_CONFIG_NAME)
    if not path.exists():
        if explicit or required:
            raise ConfigError(f"{path}: config file not found (create one with 'wikitrack init')")
        base = Path.cwd()
        return Config(
            path=None,
            base_dir=base,
            db_path=base / "wikitrack.db",
            watchlists_dir=base / "watchlists",
            sandbox_dir=base / ".sandbox",
            backup=BackupConfig(dir=base / "backups"),
            log_file=base / "wikitrack.log",
        )
    data, text = _parse_toml(path)
    problems = _check_keys(data, path, text)
    base = path.resolve().parent

    def get(table: str, key: str, default: Any, kind: type | tuple[type, ...]) -> Any:
        value = data.get(table, {}).get(key, default) if table else data.get(key, default)
        if not isinstance(value, kind):
            want = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            problems.append(f"{_where(path, text, key, table or None)}: '{key}' must be a {want}")
            return default
        return value

    def resolve(value: str) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    language = get("report", "language", "nl", str)
    if language not in LANGUAGES:
        problems.append(
            f"{_where(path, text, 'language', 'report')}: language must be one of "
            f"{', '.join(LANGUAGES)}, not '{language}'"
        )
    accounts = []
    raw_accounts = data.get("team_accounts", [])
    if not isinstance(raw_accounts, list):
        problems.append(f"{_where(path, text, 'team_accounts')}: use [[team_accounts]] tables")
        raw_accounts = []
    for entry in raw_accounts:
        if not isinstance(entry, dict):
            continue
        user, person = entry.get("user"), entry.get("person")
        if (
            not isinstance(user, str)
            or not user.strip()
            or not isinstance(person, str)
            or not person.strip()
        ):
            problems.append(
                f"{_where(path, text, 'team_accounts')}: every team account needs "
                "'user' (the wiki account) and 'person' (who answers for it)"
            )
            continue
        accounts.append(
            TeamAccount(user=user.strip(), person=person.strip(), role=str(entry.get("role", "")))
        )
    people = _load_people(data.get("people", []), path, text, problems)
    security = get("mail", "security", "none", str)
    if security not in ("none", "starttls", "ssl"):
        problems.append(
            f"{_where(path, text, 'security', 'mail')}: security must be none, "
            f"starttls or ssl, not '{security}'"
        )
    desk = get("mail", "desk", [], list)
    mail = MailConfig(
        host=get("mail", "host", "localhost", str),
        port=get("mail", "port", 25, int),
        security=security,
        sender=get("mail", "sender", "wikitrack@localhost", str),
        username_env=get("mail", "username_env", "WIKITRACK_SMTP_USER", str),
        password_env=get("mail", "password_env", "WIKITRACK_SMTP_PASSWORD", str),
        desk=tuple(str(d) for d in desk),
        send_empty=get("mail", "send_empty", False, bool),
        ca_file=str(resolve(ca)) if (ca := get("mail", "ca_file", "", str)) else "",
        configured="mail" in data,
        dir=str(resolve(d)) if (d := get("mail", "dir", "", str)) else "",
    )
    pwb_dir = get("wiki", "pywikibot_dir", "", str)
    log_file = get("", "log_file", "wikitrack.log", str)  # "" turns the log off
    config = Config(
        path=path,
        base_dir=base,
        db_path=resolve(get("database", "path", "wikitrack.db", str)),
        watchlists_dir=resolve(get("watchlists", "dir", "watchlists", str)),
        wiki_url=get("wiki", "url", NL_WIKIPEDIA_API, str),
        wiki_user=get("wiki", "user", "", str),
        pywikibot_dir=resolve(pwb_dir) if pwb_dir else None,
        contact=get("wiki", "contact", "", str),
        sandbox_dir=resolve(get("sandbox", "dir", ".sandbox", str)),
        log_file=resolve(log_file) if log_file else None,
        language=language,
        team_accounts=tuple(accounts),
        people=people,
        guideline={
            key: tuple(str(w) for w in get("guideline", key, [], list))
            for key in _SCHEMA["guideline"]
            if key in data.get("guideline", {})
        },
        nomination_templates=tuple(
            get("check", "nomination_templates", list(NOMINATION_TEMPLATES), list)
        ),
        maintenance_templates=tuple(
            get("check", "maintenance_templates", list(MAINTENANCE_TEMPLATES), list)
        ),
        parse_timeout=float(get("check", "parse_timeout", 30.0, (int, float))),
        mail=mail,
        backup=BackupConfig(
            dir=resolve(get("backup", "dir", "backups", str)),
            keep_daily=get("backup", "keep_daily", 7, int),
            keep_weekly=get("backup", "keep_weekly", 12, int),
            nightly=get("backup", "nightly", True, bool),
        ),
        health=_load_health(data, path, text, problems),
    )
    if config.backup.keep_daily < 1 or config.backup.keep_weekly < 0:
        problems.append(
            f"{_where(path, text, 'keep_daily', 'backup')}: keep_daily must be at least 1 and "
            "keep_weekly at least 0"
        )
    if not 0 < config.parse_timeout <= 600:
        problems.append(
            f"{_where(path, text, 'parse_timeout', 'check')}: parse_timeout must be between 0 "
            "and 600 seconds"
        )
    if config.wiki_user and config.pywikibot_dir is None and not config.uses_sandbox:
        problems.append(
            f"{_where(path, text, 'pywikibot_dir', 'wiki')}: [wiki] user is set but "
            "pywikibot_dir is empty: set it to the directory with user-config.py and the "
            "password file (see README), or empty user to read anonymously"
        )
    if config.wiki_url != "sandbox" and not config.wiki_url.startswith(("http://", "https://")):
        problems.append(
            f"{_where(path, text, 'url', 'wiki')}: url must be an API URL "
            f"(https://.../api.php) or 'sandbox', not '{config.wiki_url}'"
        )
    if problems:
        from .errors import InputError

        err = InputError(f"{path}: invalid configuration", problems)
        raise ConfigError(str(err))
    return config


def _array_table_lines(text: str, table: str) -> list[int]:
    """Line numbers (1-based) of each `[[table]]` header, in order."""
    header = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]\s*(#.*)?$")
    return [i + 1 for i, line in enumerate(text.splitlines()) if header.match(line)]


def _load_people(raw: Any, path: Path, text: str, problems: list[str]) -> tuple[Person, ...]:
    """[[people]] entries as Persons; each problem with the entry's file:line."""
    if not isinstance(raw, list):
        problems.append(f"{_where(path, text, 'people')}: use [[people]] tables")
        return ()
    headers = _array_table_lines(text, "people")
    people: list[Person] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        line = headers[i] if i < len(headers) else 0
        where = f"{path}:{line}" if line else str(path)
        if not isinstance(entry, dict):
            continue
        name, role, areas = entry.get("name"), entry.get("role"), entry.get("areas", [])
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{where}: every person needs a 'name'")
            continue
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
        key = _name_key(name)
        if key in seen:
            problems.append(f"{where}: '{name}' is listed twice (first at line {seen[key]})")
            continue
        seen[key] = line
        people.append(Person(name=name, role=str(role), areas=tuple(areas), line=line))
    return tuple(people)


def _load_health(data: dict[str, Any], path: Path, text: str, problems: list[str]) -> HealthConfig:
    from .health import KINDS

    table = data.get("health", {})
    if not isinstance(table, dict):
        return HealthConfig()  # reported by _check_keys
    numbers: dict[str, Any] = {}
    bounds = {
        "max_age_years": (0, 100),
        "talk_days": (1, 3650),
        "request_days": (1, 3650),
        "min_section_chars": (0, 100_000),
        "history_revisions": (1, 500),
        "mail_day": (0, 31),
    }
    for key, (low, high) in bounds.items():
        value = table.get(key, getattr(HealthConfig, key))
        integral = key != "max_age_years"
        if isinstance(value, bool) or not isinstance(value, int if integral else (int, float)):
            problems.append(f"{_where(path, text, key, 'health')}: '{key}' must be a number")
        elif not low <= value <= high:
            problems.append(
                f"{_where(path, text, key, 'health')}: '{key}' must be between {low} and {high}"
            )
        else:
            numbers[key] = value
    weights = table.get("weights", {})
    if not isinstance(weights, dict):
        problems.append(f"{_where(path, text, 'weights', 'health')}: use a [health.weights] table")
        weights = {}
    good = []
    for kind, weight in weights.items():
        if kind not in KINDS:
            problems.append(
                f"{_where(path, text, kind, 'health.weights')}: unknown kind '{kind}' "
                f"(one of {', '.join(KINDS)})"
            )
        elif isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            problems.append(
                f"{_where(path, text, kind, 'health.weights')}: weight of '{kind}' must be a "
                "number of 0 or more"
            )
        else:
            good.append((kind, float(weight)))
    return HealthConfig(**numbers, weights=tuple(good))


def render_starter_config(*, sandbox: bool) -> str:
    """The commented config that `wikitrack init` writes."""
    url = "sandbox" if sandbox else NL_WIKIPEDIA_API
    pwb = "" if sandbox else "pywikibot"
    user = "Anouk-GemeenteAlmere" if sandbox else ""
    # The sandbox's contacts are made up: its mails go to files, never to a server.
    mail_dir = (
        'dir = "mails"              # .eml files here instead of sending (the sandbox)'
        if sandbox
        else '# dir = "mails"            # .eml files here instead of sending (a preview)'
    )
    return f'''# wikitrack configuration. Relative paths are relative to this file.
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
maintenance = 20
outdated = 15
old_date = 15
talk_unanswered = 10
dead_link = 5
unreferenced_section = 3

# Accounts that edit for the municipality. nl.wikipedia wants personal accounts:
# one person each, disclosed on the user page.
[[team_accounts]]
user = "Anouk-GemeenteAlmere"
person = "Anouk de Vries (Redactie Eigen Media)"
role = "desk"

# Everyone who may act in the corrections log and the review requests; every --by, --editor
# and --to must name one of them. role = "desk": a desk editor (approves, applies, overrides,
# records; never their own proposal). role = "policy": policy staff, who propose corrections
# and ask for reviews for their own areas (the watchlist names under watchlists/).
[[people]]
name = "A. de Vries"
role = "desk"
areas = []

[[people]]
name = "J. Smit"
role = "policy"
areas = ["bestuur"]

# The guideline check on every correction's text has its word lists per language in
# wikitrack/guideline.py; words listed here are added to them.
[guideline]
# confidential = ["dienstgeheim"]        # hard stop: apply refuses
# confidential_exact = ["dienstnota"]    # hard stop, whole word only (no inflections)
# promotional = ["wereldstad"]           # warning: approve needs --accept-warnings
# first_person = []
# arguing = []
# functional_mail = ["wijkteam"]         # local parts of addresses that are no person's
'''
