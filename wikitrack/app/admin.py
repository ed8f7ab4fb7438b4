"""Use cases of setting up: init, doctor, backup, restore, the sandbox, serve and web users.

Each takes the `Context` and the command's arguments as plain values and returns a result
object that the CLI (and the web) render; none prints, none imports click."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wikitrack import store
from wikitrack.access import logins
from wikitrack.app.context import Context
from wikitrack.check.records import Check
from wikitrack.corrections import workflow
from wikitrack.corrections.redaction import redactions_file
from wikitrack.errors import (
    WikiError,
    WikitrackError,
)
from wikitrack.store.backups import BackupResult

if TYPE_CHECKING:  # check imports the diff workers; only the type is needed here
    pass


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
    from wikitrack.config import render_starter_config
    from wikitrack.store.migrations import schema_version

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
    from wikitrack.store import move_aside

    ctx.close_db()
    kept = move_aside(ctx.config.db_path)
    _ = ctx.db
    return FreshDatabase(ctx.config.db_path, kept)


def versions(config_path: Path | None) -> dict[str, str]:
    """Versions of wikitrack, its main libraries, SQLite, the schema and the database's schema
    (when the config can be read)."""
    from wikitrack.config import load_config
    from wikitrack.errors import WikitrackError
    from wikitrack.store.backups import installed_versions

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
    from wikitrack.app.doctor import run_doctor

    return DoctorResult(
        run_doctor(ctx.config, make_wiki_unlogged=partial(ctx.make_wiki, login=False))
    )


def backup_database(ctx: Context, directory: Path | None) -> BackupResult:
    from wikitrack.store.backups import backup_configured

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
    from wikitrack.app.doctor import database_checks
    from wikitrack.check.pipeline import check_lock
    from wikitrack.store.backups import restore_backup

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
    from wikitrack.app.serving import run_server

    _ = ctx.db  # the server opens the database after this process has migrated it
    code = run_server(ctx.config, host=host, port=port, on_ready=on_ready)
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
    user = logins.add_user(path, ctx.config.people, login, name, password)
    return WebUserStep(user.login, "saved", path, user.person)


def list_web_users(ctx: Context) -> list[str]:
    """One line per login: person, role, areas, disabled or not (never a hash)."""
    return logins.describe_users(web_users_file(ctx), ctx.config.people)


def end_web_sessions(ctx: Context, login: str) -> int:
    """End every web session of a login (the web reads its sessions from the database on
    every request). No database yet: no sessions."""
    if not ctx.config.db_path.exists():
        return 0
    return store.delete_login_sessions(ctx.db, login)


def disable_web_user(ctx: Context, login: str, *, enable: bool) -> WebUserStep:
    logins.set_disabled(web_users_file(ctx), login, not enable)
    end_web_sessions(ctx, login)  # enabling again revives none
    return WebUserStep(login, "enabled" if enable else "disabled", web_users_file(ctx))


def remove_web_user(ctx: Context, login: str) -> WebUserStep:
    logins.remove_user(web_users_file(ctx), login)
    end_web_sessions(ctx, login)
    return WebUserStep(login, "removed", web_users_file(ctx))


def set_web_user_password(ctx: Context, login: str, password: str) -> WebUserStep:
    logins.set_password(web_users_file(ctx), login, password)
    end_web_sessions(ctx, login)
    return WebUserStep(login, "password", web_users_file(ctx))
