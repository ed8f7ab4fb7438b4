"""The hot queries find their rows by index, never by reading every stored change: a database
keeps years of history. The statements are the ones the code runs (traced), planned by SQLite
with EXPLAIN QUERY PLAN. No timings here: benchmarks/bench_history.py measures."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.history import AREAS, fill
from wikitrack import store
from wikitrack.app.reporting import report_from_store
from wikitrack.check.records import Change
from wikitrack.config import load_config
from wikitrack.corrections.workflow import read_audit_log as plan_audit
from wikitrack.mail.nightly import run_nightly
from wikitrack.watchlist.areas import Area

# "SCAN c" or "SCAN changes", with or without an index: every row (or index entry) is read.
FULL_SCAN = re.compile(r"\bSCAN (changes|c)\b")


def test_hot_queries_never_scan_all_changes(tmp_path: Path):
    now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    fill(tmp_path / "wikitrack.db", now, n_changes=20_000, n_lemmas=200, years=1)
    (tmp_path / "wikitrack.toml").write_text(
        '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
        '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n'
        "[backup]\nnightly = false\n"
    )
    config = load_config(tmp_path / "wikitrack.toml")
    db = store.open_db(config.db_path)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    day = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    month = (now - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    last_run = int(db.execute("SELECT max(id) FROM check_runs").fetchone()[0])

    report_from_store(db, config, since=day, now=now)  # report (last 24 h)
    list(store.iter_changes(db, since=month))  # changes --since
    list(store.iter_changes(db, since=month, area="gebied3"))
    plan_audit(db)
    areas = [Area(f"gebied{a}", f"Gebied {a}", contacts=(f"g{a}@almere.nl",)) for a in range(AREAS)]
    run_nightly(
        db, config, areas, last_run, send=lambda msg: None, now=now, api_url=config.wiki_url
    )
    store.save_page_revisions(  # what check does for every new revision
        db,
        page_id=1,
        run_id=last_run,
        revisions=[],
        changes=[(10_000_000, [Change("text_changed", {"words": []})], day)],
        reverts={},
        lemma_update={},
    )
    db.conn.set_trace_callback(None)

    on_changes = [s for s in statements if re.search(r"\b(FROM|JOIN|INTO|UPDATE) changes\b", s)]
    assert len(on_changes) >= 6, on_changes
    for sql in on_changes:
        if not sql.lstrip().upper().startswith(("SELECT", "DELETE", "UPDATE", "WITH")):
            continue
        plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()]
        assert not any(FULL_SCAN.search(step) for step in plan), (sql, plan)
