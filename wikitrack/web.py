"""`wikitrack serve`: a Dutch web view of the database through Datasette.

Policy staff log in (datasette-auth-passwords; hashes in a 0600 file written by
`wikitrack web-user add`), read the changes per area, the open review requests and the
corrections, and file a review request through a form. Everything else is read-only: arbitrary
SQL is off, and the only write is the form's canned query, whose rules (a watched lemma of that
area, a reason, the requester from the login) live in database triggers.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from . import store
from .config import Config
from .errors import ConfigError
from .files import write_private

__all__ = [
    "build_metadata",
    "write_templates",
    "serve_command",
    "serve",
    "ensure_port_free",
    "add_web_user",
    "load_users",
]


def load_users(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise ConfigError(f"{path}: not valid JSON ({e})") from e
    return dict(data)


def add_web_user(path: Path, username: str, name: str, password: str) -> None:
    from datasette_auth_passwords.utils import hash_password

    if not username.isidentifier() or not username.isascii():
        raise ConfigError(f"web user name '{username}' must be letters, digits and '_' only")
    if len(password) < 10:
        raise ConfigError("the password must be at least 10 characters")
    users = load_users(path)
    users[username] = {"name": name or username, "hash": hash_password(password)}
    write_private(path, json.dumps(users, indent=2))


def _queries(db_name: str) -> dict[str, Any]:
    return {
        "wijzigingen": {
            "title": "Wijzigingen per beleidsterrein",
            "description": "Wat er op Wikipedia veranderde aan de lemma's op de volglijsten, "
            "nieuwste eerst. Laat 'terrein' leeg voor alle beleidsterreinen.",
            "sql": (
                "SELECT c.timestamp AS tijdstip, al.area AS terrein, l.title AS lemma, "
                "c.kind AS soort, c.category AS categorie, r.user AS gebruiker, "
                "r.comment AS samenvatting, c.revid AS versie "
                "FROM changes c JOIN lemmas l ON l.page_id = c.page_id "
                "JOIN area_lemmas al ON al.page_id = c.page_id OR al.page_id = l.subject_id "
                "LEFT JOIN revisions r ON r.revid = c.revid "
                "WHERE (:terrein = '' OR al.area = :terrein) "
                "ORDER BY c.timestamp DESC LIMIT 1000"
            ),
        },
        "reviewverzoeken": {
            "title": "Open reviewverzoeken",
            "description": "Verzoeken aan de redactie die nog niet zijn afgehandeld.",
            "sql": (
                "SELECT id AS nr, title AS lemma, area AS terrein, "
                "requested_by AS aangevraagd_door,"
                " reason AS reden, due AS streefdatum, status, assignee AS behandelaar, "
                "created AS aangemaakt FROM review_requests "
                "WHERE status IN ('open', 'assigned') ORDER BY id DESC"
            ),
        },
        "correcties": {
            "title": "Correcties per status",
            "description": "Het correctielog: voorgesteld, goedgekeurd, toegepast, geverifieerd.",
            "sql": (
                "SELECT status, id AS nr, title AS lemma, area AS terrein, "
                "proposed_by AS voorgesteld_door, what AS wat, applied_revid AS versie, "
                "updated AS bijgewerkt FROM corrections ORDER BY status, id DESC"
            ),
        },
        "review_aanvragen": {
            "title": "Review aanvragen",
            "sql": (
                "INSERT INTO review_requests (title, area, requested_by, reason, due, source) "
                "VALUES (:lemma, :terrein, :_actor_id, :reden, :streefdatum, 'web')"
            ),
            "write": True,
            "allow": {"id": "*"},
            "on_success_message": "Uw verzoek is ingediend. De redactie neemt het in behandeling.",
            "on_success_redirect": f"/{db_name}/reviewverzoeken",
        },
    }


def build_metadata(db_name: str, users: dict[str, dict[str, str]]) -> dict[str, Any]:
    plugin: dict[str, Any] = {f"{u}_password_hash": v["hash"] for u, v in users.items()}
    plugin["actors"] = {u: {"id": u, "name": v.get("name", u)} for u, v in users.items()}
    return {
        "title": "wikitrack – Gemeente Almere",
        "description_html": (
            "<p>Wikipedia-lemma's per beleidsterrein. "
            f'<a href="/{db_name}/review_aanvragen">Review aanvragen</a> · '
            f'<a href="/{db_name}/reviewverzoeken">Open reviewverzoeken</a> · '
            f'<a href="/{db_name}/wijzigingen">Wijzigingen per beleidsterrein</a> · '
            f'<a href="/{db_name}/correcties">Correcties per status</a></p>'
        ),
        # Only logged-in staff see anything; no anonymous reads, no anonymous writes.
        "allow": {"id": "*"},
        "databases": {
            db_name: {
                "allow_sql": False,
                "queries": _queries(db_name),
            }
        },
        "plugins": {"datasette-auth-passwords": plugin},
    }


def write_templates(directory: Path, db: Database, db_name: str) -> None:
    """The form template with proper Dutch labels, its areas and lemmas filled in (escaped)."""
    template = (resources.files("wikitrack") / "web" / "query-review_aanvragen.html").read_text(
        encoding="utf-8"
    )
    areas = "\n".join(
        f'    <option value="{html.escape(slug)}">{html.escape(name)}</option>'
        for slug, name in store.area_names(db)
    )
    lemmas = "\n".join(
        f'<option value="{html.escape(r["title"])}">'
        for r in db.query(
            "SELECT DISTINCT l.title FROM lemmas l JOIN area_lemmas al USING (page_id) "
            "WHERE l.namespace = 0 ORDER BY l.title"
        )
    )
    # Jinja syntax in a wiki title would be rendered by Datasette's template engine.
    lemmas = lemmas.replace("{", "&#123;").replace("}", "&#125;")
    areas = areas.replace("{", "&#123;").replace("}", "&#125;")
    text = template.replace("<!--AREA_OPTIONS-->", areas).replace("<!--LEMMA_OPTIONS-->", lemmas)
    (directory / f"query-{db_name}-review_aanvragen.html").write_text(text, encoding="utf-8")


def serve_command(
    config: Config,
    db: Database,
    *,
    host: str,
    port: int,
    users_file: Path,
    secret_file: Path,
    work: Path,
) -> tuple[list[str], dict[str, str]]:
    """The Datasette command line and environment, its files in `work`; the secret travels in
    the environment, never on the command line (visible in `ps`)."""
    users = load_users(users_file)
    if not users:
        raise ConfigError(
            f"no web users in {users_file}: add one with 'wikitrack web-user add NAME'"
        )
    if not secret_file.exists():
        write_private(secret_file, secrets.token_hex(32))
    db_name = config.db_path.stem
    write_private(work / "metadata.json", json.dumps(build_metadata(db_name, users)))
    (work / "templates").mkdir()
    write_templates(work / "templates", db, db_name)
    cmd = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(config.db_path),
        "--metadata",
        str(work / "metadata.json"),
        "--template-dir",
        str(work / "templates"),
        "--host",
        host,
        "--port",
        str(port),
    ]
    env = dict(os.environ, DATASETTE_SECRET=secret_file.read_text().strip())
    return cmd, env


def ensure_port_free(host: str, port: int) -> None:
    """Fail before anything says "serving" when the address cannot be bound."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise ConfigError(
                f"cannot serve on {host}:{port}: {e.strerror or e} (choose another --port)"
            ) from e


def serve(
    config: Config,
    db: Database,
    *,
    host: str,
    port: int,
    on_ready: Callable[[], None] = lambda: None,
) -> int:
    """Run Datasette until it stops, Ctrl-C or SIGTERM; returns its exit code (0 when stopped
    by a signal). The temporary folder with the metadata is removed on every way out."""
    base = config.base_dir
    work = Path(tempfile.mkdtemp(prefix="wikitrack-web-"))
    os.chmod(work, 0o700)
    previous = signal.getsignal(signal.SIGTERM)
    proc: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        cmd, env = serve_command(
            config,
            db,
            host=host,
            port=port,
            users_file=base / "web-users.json",
            secret_file=base / "web-secret",
            work=work,
        )
        ensure_port_free(host, port)
        signal.signal(signal.SIGTERM, stop)
        proc = subprocess.Popen(cmd, env=env)  # noqa: S603 (our own command line)
        on_ready()
        try:
            return proc.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work, ignore_errors=True)
