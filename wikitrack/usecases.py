"""One function per command: what the command does, apart from parsing and rendering.

Each takes the `Context` (config, database, wiki opened on first use) and the command's
arguments as plain values, and returns a result object (a frozen dataclass or a list of
domain objects) that `cli.py` renders; none prints, and none imports click. Errors are our own
exceptions (`errors.py`), which the CLI turns into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .backup import BackupResult
from .context import Context
from .errors import WikiError
from .models import Check

__all__ = ["Context"]


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
    kept: list[Path]  # the replaced database and web users file, kept aside
    checks: list[Check]  # the restored database as doctor sees it


def restore_database(ctx: Context, source: Path) -> RestoreResult:
    """Restore a backup under the run lock, then open (and so migrate) the database."""
    from .backup import restore_backup
    from .check import check_lock
    from .doctor import database_checks

    config = ctx.config
    with check_lock(config.db_path):
        ctx.close_db()
        kept = restore_backup(source, config.db_path, files=[config.base_dir / "web-users.json"])
        _ = ctx.db  # opening applies the migrations
    return RestoreResult(source, config.db_path, kept, database_checks(config))


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


def simulate_sandbox(ctx: Context) -> list[str]:
    """A realistic day of activity on the sandbox; one line per thing done."""
    sandbox = ctx.sandbox()
    if not sandbox.is_running():
        raise WikiError("the sandbox is not running: 'wikitrack sandbox start'")
    return list(sandbox.simulate())


# -- watchlists, check and sync ------------------------------------------------------------------


# -- changes, reports, health and nightly --------------------------------------------------------


# -- corrections, reviews and audit --------------------------------------------------------------
