"""Benchmark: years of history. A database with five years of synthetic history (500,000 stored
changes on 2,000 lemmas and their talk pages in 10 areas, a check run and a nightly window a day,
corrections and review requests with their events), then the commands that read it:

- `report` of the last 24 hours, in every format (the command in-process, with CliRunner);
- `changes --since` 30 days (the command in-process, JSON);
- rendering a report of about 1,100 stored changes (4 days) in every format;
- audit planning: what `audit` reads from the database before it asks the wiki for the team
  accounts' contributions (`workflow.plan_audit`; the wiki part is not timed here);
- nightly planning: the window, one report per recipient, rendering and queueing the mails
  (`nightly.run_nightly` after the check, writing .eml files);
- the web view's pages (Flask's test client, logged in, the whole request with rendering):
  Mijn terrein, Review aanvragen, Mijn verzoeken and a lemma page, for a policy officer of one
  area and for a desk editor who sees all ten.

The baseline runs the same on a copy of the database without migration m011's indices and with
`iter_changes` asking for each row's areas one query at a time (main before issue 15), measured
in the same run (the other fixes of issue 15, in nightly and the activity chart, are in both
columns; the web pages' baseline is today's web code on that database). Nightly makes no
backup here (`[backup] nightly = false`): copying the database is not planning.

Usage: python benchmarks/bench_history.py [--changes 500000] [--lemmas 2000] [--years 5]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.history import AREAS, fill  # noqa: E402
from wikitrack import store  # noqa: E402
from wikitrack.check.records import StoredChange  # noqa: E402
from wikitrack.cli.commands import cli  # noqa: E402
from wikitrack.config import load_config  # noqa: E402
from wikitrack.watchlist.areas import Area


def old_iter_changes(db: Any, **kwargs: Any) -> Iterator[StoredChange]:
    """iter_changes as on main before issue 15: one query per row for the row's areas."""
    for change in NEW_ITER_CHANGES(db, **kwargs):
        areas = [
            r["area"]
            for r in db.query(
                "SELECT area FROM area_lemmas WHERE page_id = ? OR page_id = "
                "(SELECT subject_id FROM lemmas WHERE page_id = ?) ORDER BY area",
                [change.page_id, change.page_id],
            )
        ]
        yield replace(change, areas=tuple(areas))


NEW_ITER_CHANGES = store.iter_changes


@contextmanager
def baseline(on: bool) -> Iterator[None]:
    store.iter_changes = old_iter_changes if on else NEW_ITER_CHANGES  # type: ignore[assignment]
    try:
        yield
    finally:
        store.iter_changes = NEW_ITER_CHANGES  # type: ignore[assignment]


def best_of(n: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def invoke(config: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def measure(root: Path, now: datetime) -> dict[str, float]:
    from wikitrack.corrections.workflow import read_audit_log as plan_audit
    from wikitrack.mail.nightly import run_nightly

    config_path = root / "wikitrack.toml"
    config = load_config(config_path)
    since_30 = (now - timedelta(days=30)).strftime("%Y-%m-%d")
    out: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for fmt in ("text", "markdown", "html", "json"):

        def report(fmt: str = fmt) -> None:
            sizes[fmt] = len(invoke(config_path, "report", "--format", fmt))

        out[f"report, last 24 h, {fmt}"] = best_of(3, report)
    out["changes --since 30 days --json"] = best_of(
        3, lambda: invoke(config_path, "changes", "--since", since_30, "--json")
    )
    db = store.open_db(config.db_path)
    from wikitrack.app.reporting import report_from_store
    from wikitrack.report.rendering import FORMATS, render

    since_4 = (now - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rep = report_from_store(db, config, since=since_4, now=now)  # about 1,100 stored changes
    n = len(list(store.iter_changes(db, since=since_4)))
    for fmt in FORMATS:
        out[f"render {n} changes (4 days), {fmt}"] = best_of(3, lambda f=fmt: render(rep, f))
    out["audit planning (database part)"] = best_of(3, lambda: plan_audit(db))
    areas = [
        Area(f"gebied{a}", f"Gebied {a}", contacts=(f"gebied{a}@almere.nl",)) for a in range(AREAS)
    ]
    last_run = int(db.execute("SELECT max(id) FROM check_runs").fetchone()[0])
    mail_dir = root / "mails"
    mail_dir.mkdir(exist_ok=True)

    def nightly() -> None:
        from functools import partial

        from wikitrack.mail.messages import save_message

        db.execute("DELETE FROM nightly_windows WHERE last_run = ?", [last_run])
        db.execute("DELETE FROM mailings WHERE last_run = ?", [last_run])
        db.conn.commit()
        run_nightly(
            db,
            config,
            areas,
            last_run,
            send=partial(save_message, mail_dir),
            now=now,
            api_url=config.wiki_url,
        )

    out["nightly planning (11 mails)"] = best_of(3, nightly)
    db.close()
    out.update(measure_web(root, config_path))
    return out


WEB_PEOPLE = {"jsmit": ("J. Smit", "policy, 1 area"), "avries": ("A. de Vries", "desk")}


def measure_web(root: Path, config_path: Path) -> dict[str, float]:
    """Each page of the web view, best of 3, for a policy officer and for the desk."""
    import re

    from wikitrack.access.logins import add_user
    from wikitrack.web.flask_app import create_app

    config = load_config(config_path)
    users = root / "web-users.json"
    password = "een-lang-wachtwoord"
    db = store.open_db(config.db_path)
    title = next(store.iter_lemmas(db, "gebied3", include_talk=False)).title
    db.close()
    out: dict[str, float] = {}
    for login, (name, who) in WEB_PEOPLE.items():
        add_user(users, config.people, login, name, password)
        client = create_app(config, "bench").test_client()
        form = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        data = {"csrf_token": token.group(1), "gebruikersnaam": login, "wachtwoord": password}
        assert client.post("/inloggen", data=data).status_code == 302
        for path in ("/mijn-terrein", "/review-aanvragen", "/mijn-verzoeken", f"/lemma/{title}"):

            def get(path: str = path, client: Any = client) -> None:
                assert client.get(path).status_code == 200, path

            page = "/lemma/..." if path.startswith("/lemma/") else path
            out[f"web {page} ({who})"] = best_of(3, get)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=500_000)
    ap.add_argument("--lemmas", type=int, default=2000)
    ap.add_argument("--years", type=int, default=5)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="wikitrack-history-"))
    try:
        now = datetime.now(UTC).replace(microsecond=0)
        (root / "wikitrack.toml").write_text(
            '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
            '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n'
            "[backup]\nnightly = false\n"
            '[[people]]\nname = "A. de Vries"\nrole = "desk"\n'
            '[[people]]\nname = "J. Smit"\nrole = "policy"\nareas = ["gebied3"]\n'
        )
        t0 = time.monotonic()
        fill(root / "wikitrack.db", now, args.changes, args.lemmas, args.years)
        size = (root / "wikitrack.db").stat().st_size / 1024**2
        print(
            f"set-up: {args.changes} changes, {args.lemmas} lemmas, {args.years} years, "
            f"{size:.0f} MiB, in {time.monotonic() - t0:.0f} s",
            flush=True,
        )
        old_root = root / "baseline"
        old_root.mkdir()
        shutil.copy(root / "wikitrack.db", old_root / "wikitrack.db")
        shutil.copy(root / "wikitrack.toml", old_root / "wikitrack.toml")
        with sqlite3.connect(old_root / "wikitrack.db") as conn:
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            ).fetchall():
                if name in M011_INDICES:
                    conn.execute(f"DROP INDEX [{name}]")  # noqa: S608
        with baseline(True):
            before = measure(old_root, now)
        after = measure(root, now)
        print()
        print(f"{'(seconds, best of 3)':44}{'baseline':>12}{'now':>12}")
        for key, value in after.items():
            print(f"{key:44}{before[key]:>12.3f}{value:>12.3f}")
        print()
        print("Target: each under 1 s; each web page under 0.3 s.")
    finally:
        shutil.rmtree(root, ignore_errors=True)


M011_INDICES = {
    "idx_changes_revid",
    "idx_changes_run_id",
    "idx_lemmas_title",
    "idx_lemmas_subject_id",
    "idx_corrections_status",
    "idx_review_requests_status",
}


if __name__ == "__main__":
    main()
