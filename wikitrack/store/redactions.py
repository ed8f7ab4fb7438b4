"""Redactions (AVG): find every stored value holding a text, and rewrite them in one
transaction so that the bytes are gone from the file too.

Every function takes a Database; none does network I/O. The rules are in `redaction.py`."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikitrack.corrections.erasures import Place, Redaction, mime_may_hold
from wikitrack.store.db import _json, now_iso, update_row, write_transaction

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "correction_places",
    "places_with",
    "places_named",
    "save_redaction",
    "redaction_ids",
    "corrections_holding",
    "file_redaction_ids",
]

# A correction's own values: (table, key column, text columns, JSON columns, its rows).
_OWN = (
    (
        "corrections",
        "id",
        ("what", "find", "proposed", "override_reason", "talk_section"),
        ("sources", "guideline"),
        "id = :cid",
    ),
    ("correction_events", "id", ("note",), ("details",), "correction_id = :cid"),
    ("changes", "id", (), ("details",), "id LIKE 'c' || :cid || ':%'"),
)
# Where the text may have travelled: the changes a check found in the applied edit, the edit
# summary as the wiki returned it, health findings, the mails that carried them, review
# requests (their reason, outcome and trail) and the worklist items that quote them. A mail's
# message is searched decoded (`_MAIL`).
_ELSEWHERE = (
    ("changes", "id", (), ("details",)),
    ("revisions", "revid", ("comment",), ()),
    ("health_findings", "id", (), ("details",)),
    ("mailings", "id", ("subject",), ()),
    ("review_requests", "id", ("reason", "outcome"), ()),
    ("review_events", "id", ("note",), ()),
    ("worklist_items", "id", ("text", "note"), ()),
)
_MAIL = ("mailings", "id", "message")


def _forms(text: str) -> dict[str, str]:
    """`text` as a column may hold it: raw, and inside JSON with non-ASCII kept or escaped as
    \\uXXXX (health findings were written so before)."""
    return {
        "raw": text,
        "escaped": json.dumps(text, ensure_ascii=False)[1:-1],
        "ascii": json.dumps(text)[1:-1],
    }


def _holds_sql(columns: Sequence[str]) -> str:
    return " OR ".join(
        f"instr({c}, :{f}) > 0" for c in columns for f in ("raw", "escaped", "ascii")
    )


def _places(
    row: dict[str, Any], table: str, key: str, texts: Sequence[str], jsons: Sequence[str]
) -> Iterator[Place]:
    for column in texts:
        if row[column]:
            yield Place(table, key, row[key], column, row[column])
    for column in jsons:
        if row[column]:
            yield Place(table, key, row[key], column, json.loads(row[column]), is_json=True)


def correction_places(db: Database, correction_id: int) -> list[Place]:
    """Every stored value of the correction, its events and its outcome changes."""
    found: list[Place] = []
    for table, key, texts, jsons, where in _OWN:
        sql = f"SELECT * FROM {table} WHERE {where}"  # noqa: S608 (constants only)
        for row in db.query(sql, {"cid": correction_id}):
            found += _places(row, table, key, texts, jsons)
    return found


def _mail_places(db: Database, where: str = "", params: Sequence[Any] = ()) -> Iterator[Place]:
    table, key, column = _MAIL
    sql = f"SELECT {key}, {column} FROM {table} WHERE coalesce({column}, '') != '' {where}"  # noqa: S608 (constants only)
    for row in db.query(sql, params):
        yield Place(table, key, row[key], column, row[column], is_mime=True)


def places_with(db: Database, correction_id: int, text: str) -> list[Place]:
    """Every value that holds `text`: the correction's own, and wherever it travelled. Mails
    are read decoded, every one (their encoding hides the text from a search in SQL)."""
    found = [p for p in correction_places(db, correction_id) if p.holds(text)]
    seen = {(p.table, p.key, p.column) for p in found}
    for table, key, texts, jsons in _ELSEWHERE:
        for column in (*texts, *jsons):
            sql = f"SELECT {key}, {column} FROM {table} WHERE {_holds_sql([column])}"  # noqa: S608 (constants only)
            for row in db.query(sql, _forms(text)):
                value = json.loads(row[column]) if column in jsons else row[column]
                place = Place(table, key, row[key], column, value, is_json=column in jsons)
                if (table, row[key], column) not in seen and place.holds(text):
                    seen.add((table, row[key], column))
                    found.append(place)
    mails = [p for p in _mail_places(db) if mime_may_hold(p.value, text) and p.holds(text)]
    return found + mails


def places_named(db: Database, names: Sequence[str]) -> list[Place]:
    """The current values of the places a redaction recorded (`Place.name`), those that
    still exist: where `restore` looks for its text again."""
    kinds = {
        (table, column): (key, column in jsons)
        for table, key, texts, jsons, *_ in (*_OWN, *_ELSEWHERE)
        for column in (*texts, *jsons)
    }
    found: list[Place] = []
    for name in names:
        table, _, rest = name.partition(" ")
        row_key, _, column = rest.rpartition(" ")
        if (table, "id", column) == _MAIL:
            found += _mail_places(db, "AND id = ?", [row_key])
        elif (table, column) in kinds:
            key, is_json = kinds[(table, column)]
            sql = f"SELECT {key}, {column} FROM {table} WHERE {key} = ?"  # noqa: S608 (constants only)
            for row in db.query(sql, [row_key]):
                if row[column]:
                    value = json.loads(row[column]) if is_json else row[column]
                    found.append(Place(table, key, row[key], column, value, is_json=is_json))
    return found


def corrections_holding(db: Database, text: str) -> list[int]:
    """The corrections whose own values or events hold `text` (an erasure request may concern
    several of them)."""
    own = [(t, texts + jsons, where) for t, _, texts, jsons, where in _OWN[:2]]
    found: set[int] = set()
    for table, columns, _ in own:
        owner = "id" if table == "corrections" else "correction_id"
        sql = f"SELECT DISTINCT {owner} AS cid FROM {table} WHERE {_holds_sql(columns)}"  # noqa: S608 (constants only)
        found |= {r["cid"] for r in db.query(sql, _forms(text))}
    return sorted(found)


def redaction_ids(db: Database) -> set[str]:
    return {r["id"] for r in db.query("SELECT id FROM redactions")}


def file_redaction_ids(path: Path) -> set[str]:
    """The redactions the database file at `path` records, read without migrating it (none
    before migration m015)."""
    from wikitrack.store.snapshot import connect_file  # lazy: keeps --help free of sqlite-utils

    with closing(connect_file(path)) as conn:
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'redactions'"
        ).fetchone():
            return set()
        return {row[0] for row in conn.execute("SELECT id FROM redactions")}


def save_redaction(
    db: Database, redaction: Redaction, rewritten: Sequence[Place], status: str
) -> bool:
    """Write the redacted values, the redaction and its event in one transaction; then
    rebuild the file and empty the WAL, so that no free page, no free space within a page
    and no old WAL frame keeps the removed bytes. False when a reader (the web view) kept
    the WAL from being emptied: its old frames go at the next checkpoint."""
    db.execute("PRAGMA secure_delete = ON")
    row = {**redaction.as_dict(), "places": _json(list(redaction.places)), "applying": 1}
    event = {
        "redaction": redaction.id,
        "hmac_sha256": redaction.digest,
        "salt": redaction.salt,
        "length": redaction.length,
        "places": list(redaction.places),
    }
    with write_transaction(db):
        db.table("redactions").insert(row)
        for place in rewritten:
            value = _json(place.value) if place.is_json else place.value
            update_row(db, place.table, place.key_column, place.key, {place.column: value})
        db.table("correction_events").insert(
            {
                "correction_id": redaction.correction_id,
                "at": redaction.at or now_iso(),
                "actor": redaction.actor,
                "from_status": status,
                "to_status": status,
                "note": f"redacted: {redaction.reason}",
                "action": "redact",
                "details": _json(event),
            }
        )
        db.execute("UPDATE redactions SET applying = 0 WHERE id = ?", [redaction.id])
    db.execute("VACUUM")
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return not busy
