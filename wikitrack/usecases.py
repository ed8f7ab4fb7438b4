"""One function per command: what the command does, apart from parsing and rendering.

Each takes the `Context` (config, database, wiki opened on first use) and the command's
arguments as plain values, and returns a result object (a frozen dataclass or a list of
domain objects) that `cli.py` renders; none prints, and none imports click. Errors are our own
exceptions (`errors.py`), which the CLI turns into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import store, webusers, workflow
from .backup import BackupResult
from .context import Context, check_workers, wiki_api_url
from .corrections import AuditFinding, plan_audit_findings
from .errors import (
    EXIT_PARTIAL,
    CheckInterrupted,
    ConfigError,
    InputError,
    WikiError,
    WikitrackError,
)
from .guideline import Finding
from .health_report import HealthReport
from .health_run import HealthRun, HealthSection
from .models import (
    Area,
    Check,
    Correction,
    CorrectionEvent,
    ReviewEvent,
    ReviewRequest,
    StoredChange,
)
from .nightly import NightlyResult
from .redaction import Redaction, redactions_file
from .report import Report, wiki_links
from .store import health as health_store
from .wikifacts import typed_title

if TYPE_CHECKING:  # check imports the diff workers; only the type is needed here
    from .check import CheckResult

__all__ = [
    "Context",
    "list_changes",
    "ReportResult",
    "build_report",
    "HealthResult",
    "run_health",
    "NightlyOutcome",
    "nightly_run",
    "ChangeList",
    "find_changes",
    "WrittenReport",
    "write_report",
]


# -- set-up: init, doctor, backup, restore, sandbox, serve, web users ---------------------------


@dataclass(frozen=True)
class FreshDatabase:
    """A database started anew; the old one kept aside (None when there was none)."""

    path: Path
    kept: Path | None


@dataclass(frozen=True)
class InitResult:
    config_path: Path
    wrote: bool  # False: an existing config was kept
    fresh: FreshDatabase | None  # with --reset-db
    db_path: Path
    schema: int


def init_config(ctx: Context, *, sandbox: bool, force: bool, reset_db: bool) -> InitResult:
    """Write the starter config (unless one exists) and create or migrate the database."""
    from .config import render_starter_config
    from .migrations import schema_version

    path = ctx.config_path or Path("wikitrack.toml")
    wrote = force or not path.exists()
    if wrote:
        path.write_text(render_starter_config(sandbox=sandbox), encoding="utf-8")
    ctx.config_path = path
    ctx.reload()
    fresh = reset_database(ctx) if reset_db else None
    return InitResult(path, wrote, fresh, ctx.config.db_path, schema_version(ctx.db))


def reset_database(ctx: Context) -> FreshDatabase:
    """Move the database aside and create a fresh one (nothing is deleted)."""
    from .store import move_aside

    ctx.close_db()
    kept = move_aside(ctx.config.db_path)
    _ = ctx.db
    return FreshDatabase(ctx.config.db_path, kept)


def versions(config_path: Path | None) -> dict[str, str]:
    """Versions of wikitrack, its main libraries, SQLite, the schema and the database's schema
    (when the config can be read)."""
    from .backup import installed_versions
    from .config import load_config
    from .errors import WikitrackError

    try:
        db_path = load_config(config_path).db_path
    except WikitrackError:
        return installed_versions(None)
    return installed_versions(db_path)


@dataclass(frozen=True)
class DoctorResult:
    checks: list[Check]

    @property
    def exit_code(self) -> int:
        return 0 if all(c.ok for c in self.checks) else 1


def doctor_checks(ctx: Context) -> DoctorResult:
    from .doctor import run_doctor

    return DoctorResult(
        run_doctor(ctx.config, make_wiki_unlogged=partial(ctx.make_wiki, login=False))
    )


def backup_database(ctx: Context, directory: Path | None) -> BackupResult:
    from .backup import backup_configured

    return backup_configured(ctx.config, directory)


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    db_path: Path
    kept: list[Path]  # the replaced database, kept aside
    checks: list[Check]  # the restored database as doctor sees it
    redactions: int = 0  # redactions made after the backup, applied again
    not_redone: list[str] = field(default_factory=list)  # those that could not be, and why
    logins: Path | None = None  # the web users file, when a live one was kept
    logins_restored: bool = False  # the web users file came from the backup (none was live)


def restore_database(ctx: Context, source: Path) -> RestoreResult:
    """Restore a backup under the run lock. The backup's copy is migrated, gets the redactions
    made after the backup applied again (refused when their file was lost) and its web
    sessions ended before it replaces the live database. The live web users file is kept
    (it is not the database's history): a removed or disabled login, an old password, never
    comes back; the backup's is put back only when there is none."""
    from .backup import restore_backup
    from .check import check_lock
    from .doctor import database_checks

    config = ctx.config
    users = config.base_dir / "web-users.json"
    logins = users if users.exists() else None
    found: dict[str, Any] = {}

    def prepare(staged: Path) -> None:
        # migrated here, without a backup before the upgrade: the backup is that copy
        db = store.open_db(staged, backup_dir=config.backup.dir, upgrade_backup=False)
        try:
            found["done"], found["skipped"] = workflow.reapply_redactions(
                db, redactions_file(config.db_path)
            )
            # the backup's web sessions (ended since, perhaps) end: everyone logs in again
            store.end_all_web_sessions(db)
        finally:
            db.conn.close()

    with check_lock(config.db_path):
        if config.db_path.exists():
            workflow.check_redactions_file(ctx)
        ctx.close_db()
        kept = restore_backup(source, config.db_path, files=[users], prepare=prepare)
    return RestoreResult(
        source,
        config.db_path,
        kept,
        database_checks(config),
        len(found["done"]),
        found["skipped"],
        logins,
        logins is None and users.exists(),
    )


def start_sandbox(ctx: Context, say: Callable[[str], None]) -> tuple[str, bool]:
    """(URL, whether it was started now); the wiki target moves with the sandbox's port."""
    sandbox = ctx.sandbox()
    started = sandbox.start(say)
    ctx.reload()
    return sandbox.url, started


def reset_sandbox(ctx: Context, say: Callable[[str], None]) -> str:
    sandbox = ctx.sandbox()
    sandbox.reset(say)
    ctx.reload()
    return str(sandbox.url)


def sandbox_status(ctx: Context) -> dict[str, Any]:
    """URL, accounts and data dir of the sandbox (secrets stay in their 0600 file)."""
    st = ctx.sandbox().status()
    return {
        "running": st.running,
        "url": st.url if st.port else "",
        "api": st.api_url if st.port else "",
        "data_dir": str(st.data_dir),
        "accounts": ", ".join(f"{u} ({r})" for u, r in st.accounts.items()),
        "secrets": str(st.data_dir / "secrets.json") + " (mode 0600)",
    }


def simulate_sandbox(ctx: Context, day: int = 1) -> list[str]:
    """A realistic day of activity on the sandbox (day 2: the day after, which undoes some of
    day 1); one line per thing done."""
    sandbox = ctx.sandbox()
    if not sandbox.is_running():
        raise WikiError("the sandbox is not running: 'wikitrack sandbox start'")
    return list(sandbox.simulate(day))


def stop_sandbox(ctx: Context) -> bool:
    """Whether it was running (and is stopped now)."""
    return ctx.sandbox().stop()


def serve_web(ctx: Context, *, host: str, port: int, on_ready: Callable[[], None]) -> None:
    """Run the web view until it stops; the database is created and migrated first."""
    from .web import serve

    _ = ctx.db  # the server opens the database after this process has migrated it
    code = serve(ctx.config, host=host, port=port, on_ready=on_ready)
    if code != 0:
        raise WikitrackError(f"the web server stopped with exit code {code}")


@dataclass(frozen=True)
class WebUserStep:
    """A web login after one step: what was `done` to it, the file that keeps it."""

    login: str
    done: Literal["saved", "enabled", "disabled", "removed", "password"]
    path: Path
    person: str = ""


def web_users_file(ctx: Context) -> Path:
    return ctx.config.base_dir / "web-users.json"


def add_web_user(ctx: Context, login: str, name: str, password: str) -> WebUserStep:
    path = web_users_file(ctx)
    user = webusers.add_user(path, ctx.config.people, login, name, password)
    return WebUserStep(user.login, "saved", path, user.person)


def list_web_users(ctx: Context) -> list[str]:
    """One line per login: person, role, areas, disabled or not (never a hash)."""
    return webusers.describe_users(web_users_file(ctx), ctx.config.people)


def end_web_sessions(ctx: Context, login: str) -> int:
    """End every web session of a login (the web reads its sessions from the database on
    every request). No database yet: no sessions."""
    if not ctx.config.db_path.exists():
        return 0
    return store.end_web_sessions(ctx.db, login)


def disable_web_user(ctx: Context, login: str, *, enable: bool) -> WebUserStep:
    webusers.set_disabled(web_users_file(ctx), login, not enable)
    end_web_sessions(ctx, login)  # enabling again revives none
    return WebUserStep(login, "enabled" if enable else "disabled", web_users_file(ctx))


def remove_web_user(ctx: Context, login: str) -> WebUserStep:
    webusers.remove_user(web_users_file(ctx), login)
    end_web_sessions(ctx, login)
    return WebUserStep(login, "removed", web_users_file(ctx))


def set_web_user_password(ctx: Context, login: str, password: str) -> WebUserStep:
    webusers.set_password(web_users_file(ctx), login, password)
    end_web_sessions(ctx, login)
    return WebUserStep(login, "password", web_users_file(ctx))


# -- watchlists, check and sync ------------------------------------------------------------------

__all__ += ["CheckOnce", "check_once", "usable_areas", "load_areas", "parse_since", "log_problems"]


def parse_since(since: str | None) -> str | None:
    """A --since date (YYYY-MM-DD, or an ISO time) as ISO UTC; ConfigError if it is none."""
    if not since:
        return None
    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(since, fmt).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    raise ConfigError(f"--since '{since}' is not a date (YYYY-MM-DD)")


def log_problems(ctx: Context, problems: Sequence[str]) -> None:
    """Each problem in the log (the CLI also shows them on stderr, what cron mails)."""
    for p in problems:
        ctx.log.error(p)


def load_areas(ctx: Context) -> list[Any]:
    """Every area of the watchlists directory (a broken file is an error)."""
    from .watchlist import load_watchlists

    return load_watchlists(ctx.config.watchlists_dir)


def usable_areas(ctx: Context) -> tuple[list[Any], list[str]]:
    """The areas whose files parse, and every problem (file:line): one broken watchlist must
    not stop the other areas' check and mail."""
    from .watchlist import validate_watchlists

    return validate_watchlists(ctx.config.watchlists_dir)


@dataclass(frozen=True)
class CheckOnce:
    """A check run, the outcomes of corrections it changed (one line each) and the problems
    of watchlists that could not be read (the other areas were checked)."""

    result: CheckResult
    outcomes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    areas: tuple[Area, ...] = ()  # the areas whose files could be read

    @property
    def errors(self) -> list[str]:
        return [*self.problems, *self.result.errors]

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.errors else 0


def check_once(
    ctx: Context,
    *,
    area: str | None = None,
    since: str | None = None,
    use_watchlist: bool = True,
    whole_page: bool = False,
    lock: bool = True,
) -> CheckOnce:
    """Check the watched lemmas (of `area`) once with the configured rules, then update the
    outcomes of applied corrections from what it saw. Holds the check lock unless the caller
    holds it already (`lock=False`, as `nightly` does around check and mail); then the caller
    also logs the problems. `since`: as --since takes it."""
    from contextlib import nullcontext

    from .check import check_lock

    areas, problems = usable_areas(ctx)
    if area:
        _require_area(areas, problems, area)
    with check_lock(ctx.config.db_path) if lock else nullcontext():
        once = _check_and_update(ctx, area, parse_since(since), use_watchlist, whole_page)
    done = CheckOnce(once.result, once.outcomes, tuple(problems), tuple(areas))
    if lock:
        log_problems(ctx, done.errors)
    return done


def require_known_area(ctx: Context, area: str) -> None:
    """InputError naming the known areas unless `area` is one: a watchlist file's, or one a
    sync stored (its history stays listable after its file went)."""
    from .watchlist import check_known_area

    files = {p.stem for p in ctx.config.watchlists_dir.glob("*.toml")}
    check_known_area(area, sorted(files | {slug for slug, _ in store.area_names(ctx.db)}))


def _require_area(areas: list[Any], problems: list[str], area: str) -> None:
    """InputError unless `area` is one of the readable areas (naming its file's problems)."""
    from .errors import InputError
    from .watchlist import find_area

    if area not in {a.slug for a in areas}:
        own = [p for p in problems if Path(p.split(":", 1)[0]).stem == area]
        if own:
            raise InputError(f"the watchlist of area '{area}' cannot be read", own)
    find_area(areas, area)


def _check_and_update(
    ctx: Context, area: str | None, since: str | None, use_watchlist: bool, whole_page: bool
) -> CheckOnce:
    from .check import BoundedDiffer, run_check
    from .context import RichProgress
    from .diff import DiffRules
    from .workflow import update_outcomes

    config = ctx.config
    rules = DiffRules.from_lists(config.nomination_templates, config.maintenance_templates)
    if whole_page:  # the old way, for benchmarks/bench_check.py to compare
        rules = DiffRules(rules.nominations, rules.maintenance, whole_page=True)
    differ = BoundedDiffer(timeout=config.parse_timeout, workers=check_workers(config))
    try:
        with ctx.progress() as progress:
            result = run_check(
                ctx.db,
                ctx.wiki,
                team_users=config.team_user_names(),
                rules=rules,
                area=area,
                since=since,
                progress=RichProgress(progress),
                differ=differ,
                use_watchlist=use_watchlist,
            )
    except KeyboardInterrupt as e:
        # Ctrl-C while the wiki was being opened, before the run began: nothing was saved.
        raise e if isinstance(e, CheckInterrupted) else CheckInterrupted(0) from None
    finally:
        differ.close()
    try:
        outcomes = update_outcomes(ctx.db, result.latest_texts, result.run_id)
    except KeyboardInterrupt:  # the run itself is stored whole
        raise CheckInterrupted(result.saved) from None
    for line in outcomes:
        ctx.log.info("correction: %s", line)
    ctx.log.info("check run %s: %s", result.run_id, result.summary())
    sync_worklist_after_check(ctx, result.run_id)
    return CheckOnce(result, tuple(outcomes))


__all__ += [
    "AreaSummary",
    "ShownLemma",
    "ShownArea",
    "EditedList",
    "list_watchlists",
    "show_watchlist",
    "add_to_watchlist",
    "remove_from_watchlist",
    "import_category",
    "validate_all_watchlists",
    "sync_all_watchlists",
    "SyncDone",
]


@dataclass(frozen=True)
class AreaSummary:
    """A policy area with its lemma counts (listed in the file, synced to page IDs)."""

    area: str
    name: str
    listed: int
    categories: int
    synced: int
    contacts: str


def list_watchlists(ctx: Context) -> list[AreaSummary]:
    from .store import area_counts

    synced = area_counts(ctx.db)
    return [
        AreaSummary(
            a.slug,
            a.name,
            len(a.lemmas),
            len(a.categories),
            synced.get(a.slug, 0),
            ", ".join(a.contacts),
        )
        for a in load_areas(ctx)
    ]


@dataclass(frozen=True)
class ShownLemma:
    """A title of an area: listed in its file, or added by a category rule (or kept)."""

    title: str
    page_id: int | None
    current_title: str
    note: str
    unverified: bool
    source: str


@dataclass(frozen=True)
class ShownArea:
    slug: str
    name: str
    lemmas: tuple[ShownLemma, ...]


def show_watchlist(ctx: Context, area: str) -> ShownArea:
    """The area's listed titles with their page IDs, then the titles the sync added."""
    from .store import area_members
    from .watchlist import find_area

    a = find_area(load_areas(ctx), area)
    synced = area_members(ctx.db, a.slug)
    rows = []
    for w in a.lemmas:
        page_id, title, _ = synced.pop(w.title, (None, "", ""))
        rows.append(ShownLemma(w.title, page_id, title, w.note, w.unverified, "list"))
    for listed, (page_id, title, source) in synced.items():
        rows.append(ShownLemma(listed, page_id, title, "", False, source))
    return ShownArea(a.slug, a.name, tuple(rows))


@dataclass(frozen=True)
class EditedList:
    """Titles asked to be added to (or removed from) an area's file, and those skipped."""

    area: str
    titles: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    category: str = ""  # import-category: where the titles came from


def _edit_file(ctx: Context, area: str, edit: Any) -> list[str]:
    """Rewrite the area's file with `edit(path, text) -> (text, skipped)`, atomically."""
    from .files import write_atomically
    from .watchlist import find_area

    path = Path(find_area(load_areas(ctx), area).path)
    new, skipped = edit(path, path.read_text(encoding="utf-8"))
    write_atomically(path, new)
    return list(skipped)


def add_to_watchlist(ctx: Context, area: str, titles: Sequence[str], note: str) -> EditedList:
    """Add titles to the area's file, keeping its comments and order."""
    from .watchlist import add_titles

    skipped = _edit_file(ctx, area, lambda p, t: add_titles(p, t, titles, note))
    return EditedList(area, tuple(titles), tuple(skipped))


def remove_from_watchlist(ctx: Context, area: str, titles: Sequence[str]) -> EditedList:
    from .watchlist import remove_titles

    _edit_file(ctx, area, lambda p, t: remove_titles(p, t, titles))
    return EditedList(area, tuple(titles))


def import_category(ctx: Context, area: str, category: str, depth: int) -> EditedList:
    """Add the category's articles (`depth` levels of subcategories) to the area's file."""
    from .errors import InputError
    from .watchlist import add_titles, find_area

    find_area(load_areas(ctx), area)
    titles = list(ctx.wiki.iter_category_members(category, depth))
    if not titles:
        raise InputError(f"category '{category}' has no articles (or does not exist)")
    note = f"uit categorie {category}"
    skipped = _edit_file(ctx, area, lambda p, t: add_titles(p, t, titles, note))
    return EditedList(area, tuple(titles), tuple(skipped), category)


def validate_all_watchlists(ctx: Context) -> list[Any]:
    """Every area, when all files are valid; else InputError with every problem."""
    from .describe import plural
    from .errors import InputError

    areas, problems = usable_areas(ctx)
    if problems:
        raise InputError(
            f"{plural(len(problems), 'problem')} in {ctx.config.watchlists_dir}", problems
        )
    return areas


@dataclass(frozen=True)
class SyncDone:
    """A sync (`sync.SyncResult`), the wiki's batch size and whether to tell the requests."""

    result: Any
    batch_size: int
    verbose: bool = False


def sync_all_watchlists(
    ctx: Context, *, fix_titles: bool = False, verbose: bool = False
) -> SyncDone:
    """Resolve every area's titles and store the areas."""
    from .sync import sync_watchlists

    result = sync_watchlists(ctx.db, ctx.wiki, load_areas(ctx), fix_titles=fix_titles)
    statuses = {s: result.count(s) for s in sorted({r["status"] for r in result.rows})}
    ctx.log.info("sync: %d titles %s, %d requests", len(result.rows), statuses, result.requests)
    return SyncDone(result, ctx.wiki.batch_size, verbose)


# -- changes, reports, health and nightly --------------------------------------------------------

REPORT_DAYS = 1  # `wikitrack report` without --since or --last-run: the last 24 hours


def list_changes(
    ctx: Context, *, area: str | None = None, since: str | None = None, kind: str | None = None
) -> list[StoredChange]:
    """`wikitrack changes`: the stored changes, oldest first (`since`: ISO UTC)."""
    return list(store.iter_changes(ctx.db, area=area, since=since, kind=kind))


@dataclass(frozen=True)
class ChangeList:
    """Stored changes, and the language their rows are described in."""

    changes: list[StoredChange]
    language: str


def find_changes(
    ctx: Context, *, area: str | None, since: str | None, kind: str | None
) -> ChangeList:
    """`wikitrack changes` (`since` as --since takes it)."""
    found = list_changes(ctx, area=area, since=parse_since(since), kind=kind)
    return ChangeList(found, ctx.config.language)


@dataclass(frozen=True)
class ReportResult:
    """A change report, and the last health run's section when asked for."""

    report: Report
    health: HealthSection | None = None


def build_report(
    ctx: Context,
    *,
    since: str | None = None,
    last_run: bool = False,
    areas: Sequence[str] = (),
    with_health: bool = False,
    now: datetime | None = None,
) -> ReportResult:
    """`wikitrack report`: changes since `since` (ISO UTC), or of the last check run
    (`last_run`, not with `since`), or of the last REPORT_DAYS; `areas` must be known (every
    area when empty)."""
    from .health_run import latest_section
    from .reporting import make_report
    from .watchlist import find_area, load_watchlists

    known = load_watchlists(ctx.config.watchlists_dir) if areas else []
    for slug in areas:
        find_area(known, slug)
    runs = None
    if last_run:
        rid = store.last_run_id(ctx.db)
        if rid is None:
            raise InputError("no finished check run yet: run 'wikitrack check' first")
        runs = (rid, rid)
    now = now or datetime.now(UTC)
    if not runs and not since:
        since = (now - timedelta(days=REPORT_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    chosen = list(areas) or None
    api_url = wiki_api_url(ctx.config)
    report = make_report(
        ctx.db, ctx.config, since=since, runs=runs, areas=chosen, now=now, api_url=api_url
    )
    if not with_health:
        return ReportResult(report)
    section = latest_section(ctx.db, ctx.config, areas=chosen, api_url=api_url)
    if section is None:
        raise InputError("no stored health run yet: run 'wikitrack health' first")
    return ReportResult(report, section)


@dataclass(frozen=True)
class WrittenReport:
    """A rendered report, and the file it was written to (None: it goes to stdout)."""

    text: str
    path: Path | None


def write_report(
    ctx: Context, *, fmt: str, output: Path | None, since: str | None, **how: Any
) -> WrittenReport:
    """`wikitrack report`: `build_report` (`since` as --since takes it) in the format `fmt`,
    with the health section when asked, written atomically into `output` when given."""
    from .files import write_atomically
    from .report import render

    result = build_report(ctx, since=parse_since(since), **how)
    text = render(result.report, fmt)
    if result.health:
        text = result.health.attach(text, fmt)
    text = worklist_period(ctx, text, fmt, since=parse_since(since), **how)
    if output:
        write_atomically(output, text)
    return WrittenReport(text, output)


@dataclass(frozen=True)
class HealthResult:
    """A stored `wikitrack health` run and its report."""

    run: HealthRun
    report: HealthReport
    batch_size: int = 0
    verbose: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.run.errors else 0


def run_health(
    ctx: Context,
    *,
    area: str | None = None,
    lemma: str | None = None,
    on_page: Callable[[int], None] | None = None,
    verbose: bool = False,
) -> HealthResult:
    """`wikitrack health`: read the watched lemmas (of one area, or one lemma: not both) now,
    store what is wrong, and report it; without `on_page`, a terminal shows the progress."""
    from .health_run import make_health_report
    from .health_run import run_health as run
    from .watchlist import find_area, load_watchlists

    if area:
        find_area(load_watchlists(ctx.config.watchlists_dir), area)
    lemma = typed_title(lemma) if lemma else lemma
    verify_own_wiki(ctx)  # page IDs of another wiki name other pages
    with ctx.progress() as progress:
        task = progress.add_task("health", total=None)
        on_page = on_page or partial(progress.advance, task)
        result = run(ctx.db, ctx.wiki, ctx.config, area=area, lemma=lemma, on_page=on_page)
    sync_worklist_after_health(ctx, result.run_id)
    stored = health_store.get_health_run(ctx.db, result.run_id)
    report = make_health_report(ctx.db, ctx.config, stored, api_url=wiki_api_url(ctx.config))
    return HealthResult(result, report, ctx.wiki.batch_size, verbose)


@dataclass(frozen=True)
class NightlyOutcome:
    """A nightly run: its check, its mails, and every problem to report (exit code 3)."""

    check: CheckOnce
    mail: NightlyResult
    mail_dir: Path | None
    problems: tuple[str, ...]
    on_terminal: bool = False  # a summary line on stderr then

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.problems else 0


def _mail_sender(ctx: Context, mail_dir: Path | None) -> tuple[Callable[..., Any], Path | None]:
    """How nightly sends: .eml files in `mail_dir` (or [mail] dir), else the [mail] server."""
    from .mail import save_message, send_message

    config = ctx.config
    if mail_dir is None and config.mail.dir:
        mail_dir = Path(config.mail.dir)
    if mail_dir is None and not config.mail.configured:
        raise ConfigError(
            f"mail not configured: add a [mail] section to {config.path or 'wikitrack.toml'}, "
            "or write the mails to files with --mail-dir DIR"
        )
    send = partial(save_message, mail_dir) if mail_dir else partial(send_message, config.mail)
    return send, mail_dir


def nightly_run(ctx: Context, *, mail_dir: Path | None = None) -> NightlyOutcome:
    """`wikitrack nightly`: check (with the outcomes of corrections) and mail every area's
    contacts under one lock; mails go to .eml files in `mail_dir` (or [mail] dir) instead when
    given. A broken watchlist stops neither the other areas' check nor their mail."""
    from .check import check_lock
    from .nightly import run_nightly

    config = ctx.config
    send, mail_dir = _mail_sender(ctx, mail_dir)
    with check_lock(config.db_path):
        checked = check_once(ctx, lock=False)
        mail = run_nightly(
            ctx.db,
            config,
            list(checked.areas),
            checked.result.run_id,
            send=send,
            problems=list(checked.problems),
            api_url=wiki_api_url(config),
        )
    ctx.log.info(
        "nightly window %s: %d queued, %d sent, %d failed",
        *(mail.window, mail.queued, len(mail.sent), len(mail.failed)),
    )
    problems = checked.errors + mail.failed
    problems += [f"mail: interrupted while sending, not resent: {u}" for u in mail.uncertain]
    problems += [f"backup: {mail.backup_error}"] if mail.backup_error else []
    log_problems(ctx, problems)
    on_terminal = not ctx.quiet and ctx.stderr.is_terminal
    return NightlyOutcome(checked, mail, mail_dir, tuple(problems), on_terminal)


# -- corrections, reviews and audit --------------------------------------------------------------
# The commands `correction ...`, `review ...` and `audit`. The rules are in `corrections` and
# `reviews` (pure); `workflow` reads and writes the store and the wiki for them.


@dataclass(frozen=True)
class CorrectionStep:
    """A correction after one step: its status now and the guideline check's findings (the
    exact words, for the terminal only; the log keeps them masked)."""

    correction_id: int
    status: str
    findings: tuple[Finding, ...] = ()
    revid: int | None = None  # the revision of an applied or recorded edit
    same_as: tuple[int, ...] = ()  # open corrections that make the very same change


@dataclass(frozen=True)
class CorrectionTrail:
    """A correction with every step of its trail."""

    correction: Correction
    events: tuple[CorrectionEvent, ...]


@dataclass(frozen=True)
class ReviewStep:
    """A review request after one step."""

    request_id: int
    status: str
    assignee: str | None = None  # set by `assign`, to say to whom


def propose_correction(ctx: Context, proposal: workflow.Proposal) -> CorrectionStep:
    proposal = replace(proposal, lemma=typed_title(proposal.lemma))
    cid, findings, same = workflow.propose_correction(ctx, proposal)
    return CorrectionStep(cid, "proposed", tuple(findings), same_as=tuple(same))


def approve_correction(
    ctx: Context, correction_id: int, *, by: str, note: str = "", accept_warnings: bool = False
) -> CorrectionStep:
    findings = workflow.approve_correction(
        ctx,
        correction_id,
        by=by,
        note=note,
        accept_warnings=accept_warnings,
    )
    return CorrectionStep(correction_id, "approved", tuple(findings))


def transition_correction(
    ctx: Context, correction_id: int, action: str, *, by: str, note: str = ""
) -> CorrectionStep:
    """reject, withdraw: a step that needs nothing from the wiki."""
    new = workflow.transition(ctx.db, ctx.config, correction_id, action, by=by, note=note)
    return CorrectionStep(correction_id, new)


def verify_own_wiki(ctx: Context) -> None:
    """SiteMismatch (exit 2, with the fix) unless the configured wiki is the one this database
    describes: a correction approved against the training sandbox must never be applied to
    nl.wikipedia (nor the other way round), and the audit must read the database's own wiki."""
    from .identity import verify_wiki

    verify_wiki(ctx.db, ctx.wiki)


def check_correction(ctx: Context, correction_id: int) -> tuple[Finding, ...]:
    """The guideline check against the lemma's current text (exact words, terminal only)."""
    return tuple(workflow.guideline_of(ctx, correction_id))


def plan_rebase(ctx: Context, correction_id: int, *, by: str) -> workflow.PlannedRebase:
    """The lemma's edits since the base revision (read from the wiki), to confirm."""
    verify_own_wiki(ctx)
    return workflow.prepare_rebase(ctx, correction_id, by=by)


def rebase_correction(
    ctx: Context, plan: workflow.PlannedRebase, *, by: str, note: str = ""
) -> CorrectionStep:
    new = workflow.finish_rebase(ctx.db, ctx.config, plan, by=by, note=note)
    return CorrectionStep(plan.correction.id, new)


def edit_correction(
    ctx: Context, correction_id: int, *, by: str, note: str = "", **changes: Any
) -> CorrectionStep:
    new = workflow.edit_correction(ctx, correction_id, by=by, note=note, **changes)
    return CorrectionStep(correction_id, new)


def plan_apply(
    ctx: Context, correction_id: int, *, by: str, override_guideline: str | None = None
) -> workflow.PlannedEdit:
    """The edit `apply` would make, to show (and confirm) before it is made: through the
    applying person's own team account, which the wiki is reached as from here on."""
    if ctx.wiki_target.missing:  # a config without a wiki is refused before anything else
        raise ConfigError(ctx.wiki_target.missing)
    ctx.use_account(workflow.applying_account(ctx, correction_id, by=by).user)
    verify_own_wiki(ctx)
    return workflow.prepare_apply(ctx, correction_id, by=by, override_guideline=override_guideline)


def apply_correction(ctx: Context, plan: workflow.PlannedEdit, *, by: str) -> CorrectionStep:
    revid = workflow.finish_apply(ctx, plan, by=by)
    return CorrectionStep(plan.correction.id, "applied", revid=revid)


def record_correction(ctx: Context, correction_id: int, revid: int, *, by: str) -> CorrectionStep:
    verify_own_wiki(ctx)
    workflow.record_edit(ctx, correction_id, revid, by=by)
    return CorrectionStep(correction_id, "applied", revid=revid)


@dataclass(frozen=True)
class Redacted:
    """`correction redact`: where the text was replaced, whether the WAL was emptied, and
    how long older backups keep it (they expire by the retention rule)."""

    correction_id: int
    redaction: Redaction
    wal_emptied: bool
    backups: int  # backups the retention rule removes in time
    keep_weeks: int
    also_in: tuple[int, ...] = ()  # other corrections that hold the same text
    by_hand: tuple[Path, ...] = ()  # copies of the database nothing removes: by hand


def redact_correction(
    ctx: Context, correction_id: int, *, by: str, text: str, reason: str
) -> Redacted:
    from .backup import copies_kept_by_hand, list_backups

    redaction, emptied = workflow.redact_correction(
        ctx, correction_id, by=by, text=text, reason=reason
    )
    config = ctx.config
    by_hand = copies_kept_by_hand(config.db_path, config.backup.dir)
    pruned = [b for b in list_backups(config.backup.dir) if b.path not in by_hand]
    return Redacted(
        correction_id,
        redaction,
        emptied,
        len(pruned),
        config.backup.keep_weekly,
        tuple(store.corrections_holding(ctx.db, text)),
        tuple(by_hand),
    )


def list_corrections(
    ctx: Context, *, status: str | None = None, area: str | None = None
) -> list[Correction]:
    return list(store.iter_corrections(ctx.db, status=status, area=area))


def show_correction(ctx: Context, correction_id: int) -> CorrectionTrail:
    c = store.get_correction(ctx.db, correction_id)
    if c is None:
        raise InputError(f"no correction with ID {correction_id}")
    return CorrectionTrail(c, tuple(store.correction_events(ctx.db, correction_id)))


def export_corrections(ctx: Context) -> list[CorrectionTrail]:
    """Every correction with its trail, for accountability requests."""
    return [
        CorrectionTrail(c, tuple(store.correction_events(ctx.db, c.id)))
        for c in store.iter_corrections(ctx.db)
    ]


def audit_team_edits(ctx: Context, *, since: str | None) -> list[AuditFinding]:
    """Reconcile every contribution of every team account with the log: read the log, fetch
    the team's edits from the wiki, plan the findings (pure: `corrections.plan_audit_findings`)."""
    users = [a.user for a in ctx.config.team_accounts]
    if not users:
        raise InputError("no team accounts configured ([[team_accounts]] in the config)")
    verify_own_wiki(ctx)
    log = workflow.read_audit_log(ctx.db)
    edits = workflow.fetch_team_edits(ctx.wiki, users, since, list(log.logged))
    return plan_audit_findings(log, edits, users, wiki_links(ctx.wiki.api_url)[0])


@dataclass(frozen=True)
class GuidelineCheck:
    """`correction check`: the findings (exact words, terminal only) of one correction."""

    correction_id: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Audit:
    """The audit's findings; any finding makes the run partial (exit 3, so cron mails it)."""

    findings: list[AuditFinding]

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.findings else 0


def request_review(
    ctx: Context,
    *,
    lemma: str,
    area: str,
    by: str,
    reason: str,
    due: str | None,
    force: bool = False,
) -> ReviewStep:
    rid = workflow.request_review(
        ctx.db,
        ctx.config,
        lemma=typed_title(lemma),
        area=area,
        by=by,
        reason=reason,
        due=due,
        force=force,
    )
    return ReviewStep(rid, "open")


def list_reviews(
    ctx: Context, *, status: str | None = None, area: str | None = None
) -> list[ReviewRequest]:
    return list(store.iter_reviews(ctx.db, status=status, area=area))


@dataclass(frozen=True)
class ReviewTrail:
    """A review request with every step of its trail."""

    review: ReviewRequest
    events: tuple[ReviewEvent, ...]


def show_review(ctx: Context, request_id: int) -> ReviewTrail:
    r = store.get_review(ctx.db, request_id)
    if r is None:
        raise InputError(f"no review request with ID {request_id}")
    return ReviewTrail(r, tuple(store.review_events(ctx.db, request_id)))


def assign_review(ctx: Context, request_id: int, *, to: str, by: str | None) -> ReviewStep:
    """Assign to a desk editor; by default they take it themselves. The trail and the answer
    name the person as [[people]] writes them, not as typed."""
    from .config import find_person

    name = find_person(ctx.config.people, to).name
    new = workflow.review_transition(
        ctx.db,
        ctx.config,
        request_id,
        "assign",
        by=by or name,
        note=f"assigned to {name}",
        assignee=name,
    )
    return ReviewStep(request_id, new, assignee=name)


def close_review(
    ctx: Context,
    request_id: int,
    *,
    outcome: str,
    correction_id: int | None = None,
    declined: bool = False,
    by: str = "",
) -> ReviewStep:
    """Close as done or declined; by default its assignee closes it."""
    current = store.get_review(ctx.db, request_id)
    by = by or (current.assignee if current else "") or ""
    if current and not by:
        raise InputError(f"review request {request_id} has no assignee: say who closes it (--by)")
    new = workflow.review_transition(
        ctx.db,
        ctx.config,
        request_id,
        "decline" if declined else "close",
        by=by,
        note=outcome,
        outcome=outcome,
        correction_id=correction_id,
    )
    return ReviewStep(request_id, new)


# -- the facts register (issue 24) ---------------------------------------------------------------
# The use cases live in `facts.run`; these are the names the CLI calls.


def validate_facts(ctx: Context) -> list[Any]:
    from .facts.run import validate_register

    return validate_register(ctx)


def list_facts(ctx: Context, *, area: str | None = None, lemma: str | None = None) -> list[Any]:
    from .facts.run import list_facts as listed

    return listed(ctx, area=area, lemma=lemma)


def import_facts(ctx: Context, *, area: str, csv_path: Path) -> Any:
    from .facts.run import import_facts as imported

    return imported(ctx, area=area, csv_path=csv_path)


def check_facts(ctx: Context, *, area: str | None = None, lemma: str | None = None) -> Any:
    from .facts.run import check_facts as checked

    verify_own_wiki(ctx)  # page IDs of another wiki name other pages
    done = checked(ctx, area=area, lemma=lemma)
    sync_worklist_after_facts(ctx, done)
    return done


def propose_facts(
    ctx: Context,
    *,
    by: str,
    fact_id: str | None = None,
    area: str | None = None,
    via: str = "article",
) -> Any:
    from .facts.run import propose_facts as proposed

    verify_own_wiki(ctx)
    return proposed(ctx, by=by, fact_id=fact_id, area=area, via=via)


# -- the worklist (issue 25) ----------------------------------------------------------------------
# The use cases live in `worklist.run`; these are the names the CLI, the web and the other
# commands call. Items are synced at the end of check, health and facts check.


def sync_worklist_after_check(ctx: Context, run_id: int) -> None:
    from .worklist.run import sync_after_check

    synced = sync_after_check(ctx.db, run_id, wiki_api_url(ctx.config), ctx.config.language)
    ctx.log.info("%s", synced.summary())


def sync_worklist_after_health(ctx: Context, run_id: int) -> None:
    from .worklist.run import sync_after_health

    ctx.log.info("%s", sync_after_health(ctx.db, run_id).summary())


def sync_worklist_after_facts(ctx: Context, done: Any) -> None:
    from .worklist.run import sync_after_facts

    ctx.log.info("%s", sync_after_facts(ctx.db, done.results, done.differences).summary())


def list_worklist(ctx: Context, **how: Any) -> list[Any]:
    from .worklist.run import list_worklist as listed

    return listed(ctx, **how)


def claim_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from .worklist.run import claim

    return claim(ctx, item_id, **how)


def finish_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from .worklist.run import finish

    return finish(ctx, item_id, **how)


def reopen_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from .worklist.run import reopen

    return reopen(ctx, item_id, **how)


def reassign_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from .worklist.run import reassign

    return reassign(ctx, item_id, **how)


def show_worklist_item(ctx: Context, item_id: int) -> Any:
    from .worklist.run import show

    return show(ctx, item_id)


def export_worklist(ctx: Context) -> list[Any]:
    """Every worklist item with its trail, for `correction export --worklist`."""
    from .worklist.run import export

    return export(ctx)


def worklist_period(ctx: Context, text: str, fmt: str, *, since: str | None, **how: Any) -> str:
    """A rendered report with the worklist's figures of its period per area (nothing when no
    item came in, was claimed or was done in it)."""
    from .store import worklist as items_store
    from .worklist.period import WorklistPeriod, period_figures

    now = datetime.now(UTC)
    start = since or (now - timedelta(days=REPORT_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if how.get("last_run") and (rid := store.last_run_id(ctx.db)) is not None:
        start = store.run_window_start(ctx.db, rid) or start
    names = dict(store.area_names(ctx.db))
    areas = list(how.get("areas") or ()) or list(names)
    figures = period_figures(
        items_store.list_items(ctx.db), areas, start, now.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    return WorklistPeriod(tuple(figures), names, ctx.config.language).attach(text, fmt)
