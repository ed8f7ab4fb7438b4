"""Make schema1.sql: a database of wikitrack's first release (schema 1, commit 69e6e11), for the
upgrade test. Run from the repository root: python tests/data/make_schema1.py

It runs that release's own migrations.py, taken from git, not today's, then adds rows the way
that release stored them, and dumps the database as SQL (readable, and diffable in review).
"""

from __future__ import annotations

import json
import subprocess
import types
from pathlib import Path

from sqlite_utils import Database

FIRST_RELEASE = "69e6e11"
OUT = Path(__file__).with_name("schema1.sql")

source = subprocess.run(
    ["git", "show", f"{FIRST_RELEASE}:wikitrack/migrations.py"],
    capture_output=True,
    text=True,
    check=True,
).stdout
old = types.ModuleType("first_release_migrations")
exec(compile(source, "first_release_migrations.py", "exec"), old.__dict__)  # noqa: S102

db = Database(memory=True)
old.migrations.apply(db)
db["areas"].insert_all(
    [
        {
            "slug": "bestuur",
            "name": "Bestuur & organisatie",
            "description": "Gemeenteraad, college en stadsdelen.",
            "contacts": json.dumps(["bestuur@almere.example"]),
            "path": "watchlists/bestuur.toml",
        },
        {
            "slug": "verkeer",
            "name": "Verkeer & vervoer",
            "description": "Spoor, wegen — en bruggen.",
            "contacts": json.dumps(["verkeer@almere.example", "desk@almere.example"]),
            "path": "watchlists/verkeer.toml",
        },
    ]
)
db["lemmas"].insert_all(
    [
        {
            "page_id": 11,
            "title": "Almere",
            "namespace": 0,
            "talk_id": 12,
            "status": "ok",
            "last_revid": 1003,
            "baseline_at": "2026-11-01T05:30:00Z",
            "checked_at": "2026-11-02T05:30:00Z",
        },
        {
            "page_id": 12,
            "title": "Overleg:Almere",
            "namespace": 1,
            "subject_id": 11,
            "status": "ok",
            "last_revid": 1004,
            "baseline_at": "2026-11-01T05:30:00Z",
        },
        {
            "page_id": 21,
            "title": "Station Almere Centrum",
            "namespace": 0,
            "status": "missing",
            "last_error": "pagina 'Station Almere Centrum' bestaat niet",
        },
    ]
)
db["area_lemmas"].insert_all(
    [
        {"area": "bestuur", "page_id": 11, "listed_title": "Almere", "note": "", "source": "list"},
        {
            "area": "verkeer",
            "page_id": 21,
            "listed_title": "Station Almere Centrum",
            "note": "why we watch it",
            "source": "list",
        },
    ]
)
db["check_runs"].insert_all(
    [
        {
            "id": 1,
            "started": "2026-11-01T05:30:00Z",
            "finished": "2026-11-01T05:30:04Z",
            "status": "ok",
            "method": "batched",
            "lemmas": 3,
            "revisions": 0,
            "changes": 0,
            "requests": 3,
            "seconds": 4.2,
            "errors": "[]",
        },
        {
            "id": 2,
            "started": "2026-11-02T05:30:00Z",
            "finished": "2026-11-02T05:30:02Z",
            "status": "partial",
            "method": "watchlist",
            "lemmas": 3,
            "revisions": 2,
            "changes": 2,
            "requests": 4,
            "seconds": 1.9,
            "errors": json.dumps(["Station Almere Centrum: missing"]),
            "window_start": "2026-11-01T05:30:00Z",
        },
    ]
)
db["revisions"].insert_all(
    [
        {
            "revid": 1003,
            "page_id": 11,
            "parent_id": 1001,
            "timestamp": "2026-11-01T21:14:03Z",
            "user": "Pieter Bakker",
            "userid": 4,
            "anon": 0,
            "temp": 0,
            "bot": 0,
            "minor": 0,
            "size": 18211,
            "size_delta": 12,
            "comment": "inwoners: 220.000 → 226.786 (CBS)",
            "tags": "[]",
            "sha1": "5b0c1d1f4a9f0c1e8d6c2b7a3e4f5a6b7c8d9e0f",
            "is_team": 0,
            "run_id": 2,
            "title": "Almere",
        },
        {
            "revid": 1004,
            "page_id": 12,
            "parent_id": 1002,
            "timestamp": "2026-11-01T22:40:00Z",
            "user": "192.0.2.7",
            "userid": 0,
            "anon": 1,
            "temp": 0,
            "bot": 0,
            "minor": 1,
            "size": 512,
            "size_delta": -3,
            "comment": "",
            "tags": json.dumps(["mobile edit"]),
            "sha1": "0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e",
            "is_team": 0,
            "run_id": 2,
            "title": "Overleg:Almere",
        },
    ]
)
db["changes"].insert_all(
    [
        {
            "id": "1003:0",
            "revid": 1003,
            "page_id": 11,
            "seq": 0,
            "kind": "template_param_changed",
            "category": "fact",
            "details": json.dumps(
                {
                    "template": "Infobox plaats in Nederland",
                    "param": "inwoners",
                    "old": "220.000",
                    "new": "226.786",
                },
                ensure_ascii=False,
            ),
            "timestamp": "2026-11-01T21:14:03Z",
            "run_id": 2,
        },
        {
            "id": "1004:0",
            "revid": 1004,
            "page_id": 12,
            "seq": 0,
            "kind": "section_added",
            "category": "talk",
            "details": json.dumps({"section": "Inwonertal <script>"}),
            "timestamp": "2026-11-01T22:40:00Z",
            "run_id": 2,
        },
    ]
)
lines = [
    "-- A database of wikitrack's first release (schema 1, commit 69e6e11), made by that",
    "-- release's own migrations: python tests/data/make_schema1.py. Used by tests/test_backup.py.",
]
lines += list(db.conn.iterdump())
OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {OUT}")
