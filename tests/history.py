"""A database with years of synthetic history, written straight into the tables (plain data):
used by tests/test_query_plans.py and benchmarks/bench_history.py."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from wikitrack import store
from wikitrack.watchlist.areas import Area

AREAS = 10
KINDS = [
    ("section_edited", "", {"section": "Geschiedenis", "words": [{"old": "1984", "new": "1985"}]}),
    (
        "template_param_changed",
        "fact",
        {"template": "Infobox", "param": "inwoners", "old": "1", "new": "2", "infobox": True},
    ),
    ("reference_added", "", {"reference": "Wijkinformatie — https://www.almere.nl/wijk"}),
    ("text_changed", "", {"section": "", "words": [{"old": "stad", "new": "gemeente"}]}),
    ("link_added", "", {"targets": ["Almere Haven"]}),
    ("category_added", "", {"categories": ["Wijk in Almere"]}),
    ("template_added", "maintenance", {"template": "Bron?", "wikitext": "{{Bron?}}"}),
    ("talk_reply", "", {"section": "Inwonertal", "text": "Klopt dit getal nog?"}),
]
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def fill(db_path: Path, now: datetime, n_changes: int, n_lemmas: int, years: int) -> None:
    rng = random.Random(15)
    db = store.open_db(db_path)
    areas = [
        Area(f"gebied{a}", f"Gebied {a}", contacts=(f"gebied{a}@almere.nl",)) for a in range(AREAS)
    ]
    store.save_areas(db, areas)
    conn = db.conn
    days = 365 * years
    start = now - timedelta(days=days)
    talk = 1_000_000
    conn.executemany(
        "INSERT INTO lemmas (page_id, title, namespace, subject_id, talk_id, status, last_revid, "
        "baseline_at, checked_at) VALUES (?, ?, ?, ?, ?, 'ok', 0, ?, ?)",
        [
            row
            for i in range(1, n_lemmas + 1)
            for row in (
                (i, f"Lemma {i}", 0, None, talk + i, start.strftime(STAMP), now.strftime(STAMP)),
                (
                    talk + i,
                    f"Overleg:Lemma {i}",
                    1,
                    i,
                    None,
                    start.strftime(STAMP),
                    now.strftime(STAMP),
                ),
            )
        ],
    )
    conn.executemany(
        "INSERT INTO area_lemmas (area, page_id, listed_title, source) VALUES (?, ?, ?, 'list')",
        [(f"gebied{i % AREAS}", i, f"Lemma {i}") for i in range(1, n_lemmas + 1)]
        + [
            (f"gebied{(1 + (i // 10) % 9) % AREAS}", i, f"Lemma {i}")
            for i in range(10, n_lemmas + 1, 10)
        ],
    )
    conn.executemany(
        "INSERT INTO check_runs (id, started, finished, status, method, lemmas, revisions, "
        "changes, requests, seconds, errors) "
        "VALUES (?, ?, ?, 'ok', 'batched', ?, 0, 0, 30, 3.0, '[]')",
        [
            (
                d + 1,
                (start + timedelta(days=d, hours=2)).strftime(STAMP),
                (start + timedelta(days=d, hours=2, seconds=3)).strftime(STAMP),
                n_lemmas * 2,
            )
            for d in range(days + 1)
        ],
    )
    conn.executemany(
        "INSERT INTO nightly_windows (id, created, first_run, last_run, mailings) "
        "VALUES (?, ?, ?, ?, 11)",
        [
            (d + 1, (start + timedelta(days=d, hours=2, minutes=5)).strftime(STAMP), d + 1, d + 1)
            for d in range(days)
        ],
    )
    conn.executemany(
        "INSERT INTO mailings (created, first_run, last_run, recipient, areas, subject, message, "
        "status, attempts, sent_at, reminders) "
        "VALUES (?, ?, ?, ?, ?, 'Wikipedia', ?, 'sent', 1, ?, '[]')",
        [
            (ts, d + 1, d + 1, f"gebied{a}@almere.nl", json.dumps([f"gebied{a}"]), "x" * 800, ts)
            for d in range(days)
            for ts in [(start + timedelta(days=d, hours=2, minutes=5)).strftime(STAMP)]
            for a in range(AREAS)
        ],
    )

    n_revisions = n_changes // 2
    span = (now - start).total_seconds()
    last: dict[int, int] = {}
    revisions, changes = [], []
    for j in range(n_revisions):
        revid = 10_000_000 + j
        page = rng.randint(1, n_lemmas) + (talk if rng.random() < 0.2 else 0)
        ts = start + timedelta(seconds=span * j / n_revisions)
        run = (ts - start).days + 2  # the next morning's check run
        stamp = ts.strftime(STAMP)
        team = rng.random() < 0.01
        user = "Gemeente Almere" if team else f"Gebruiker{rng.randint(1, 3000)}"
        revisions.append(
            (
                revid,
                page,
                last.get(page, 0),
                stamp,
                user,
                0,
                0,
                0,
                0,
                0,
                1000,
                rng.randint(-50, 200),
                f"bewerking {j}",
                "[]",
                f"{j:040x}",
                int(team),
                None,
                None,
                min(run, days + 1),
                f"Lemma {page % talk}",
                None,  # parent_sha1 (m019)
            )
        )
        last[page] = revid
        for seq in range(2):
            kind, category, details = KINDS[(j * 2 + seq) % len(KINDS)]
            changes.append(
                (
                    f"{revid}:{seq}",
                    revid,
                    None,
                    page,
                    seq,
                    kind,
                    category,
                    json.dumps(details),
                    stamp,
                    min(run, days + 1),
                )
            )
    conn.executemany("INSERT INTO revisions VALUES (" + "?, " * 20 + "?)", revisions)
    conn.executemany(
        "INSERT INTO changes (id, revid, log_id, page_id, seq, kind, category, details, timestamp, "
        "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        changes,
    )
    team_revids = [r[0] for r in revisions if r[15]]
    statuses = ["verified"] * 6 + ["applied", "approved", "proposed", "rejected", "reverted"]
    corrections, events = [], []
    for c in range(1, 3001):
        status = statuses[c % len(statuses)]
        page = rng.randint(1, n_lemmas)
        applied = (
            team_revids[c % len(team_revids)]
            if status in ("verified", "applied", "reverted")
            else None
        )
        ts = (start + timedelta(days=days * c / 3000)).strftime(STAMP)
        corrections.append(
            (
                c,
                page,
                f"Lemma {page}",
                f"gebied{page % AREAS}",
                "Ambtenaar",
                "inwoners",
                "1",
                "2",
                "[]",
                "direct",
                0,
                status,
                None,
                None,
                applied,
                "Gemeente Almere" if applied else None,
                None,
                ts,
                ts,
                "[]",
            )
        )
        events += [
            (c, ts, "Redactie", a, b, "", "", None)
            for a, b in (("", "proposed"), ("proposed", status))
        ]
    conn.executemany("INSERT INTO corrections VALUES (" + "?, " * 19 + "?)", corrections)
    conn.executemany(
        "INSERT INTO correction_events (correction_id, at, actor, from_status, to_status, note, "
        "action, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    reviews = []
    for r in range(1, 2001):
        page = rng.randint(1, n_lemmas)
        created = start + timedelta(days=days * r / 2000)
        status = "closed" if r < 1950 else "open"
        ts, due = created.strftime(STAMP), (created + timedelta(days=14)).strftime("%Y-%m-%d")
        reviews.append(
            (
                r,
                page,
                f"Lemma {page}",
                f"gebied{page % AREAS}",
                "Beleid",
                "klopt dit?",
                due,
                status,
                "Redactie",
                "ok" if status == "closed" else None,
                None,
                "cli",
                ts,
                ts,
            )
        )
    # Requests filed years ago had due dates that lie in the past now, which the insert
    # trigger refuses for new requests: set it aside while the history is written.
    (check,) = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'review_requests_check'"
    ).fetchone()
    conn.execute("DROP TRIGGER review_requests_check")
    conn.executemany("INSERT INTO review_requests VALUES (" + "?, " * 13 + "?)", reviews)
    conn.execute(check)
    conn.commit()
    conn.execute("ANALYZE")
    db.close()
