"""The worklist's items and their trail (issue 25). All of its SQL; every write goes through
`write_transaction`, so a claim is one IMMEDIATE transaction: read and conditional update under
the write lock, and of two processes claiming at once exactly one wins."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from wikitrack.store.db import write_transaction
from wikitrack.worklist.items import Closing, Event, Item, Signal

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "add_items",
    "close_items",
    "list_items",
    "get_item",
    "item_events",
    "claim_item",
    "finish_item",
    "reopen_item",
    "reassign_item",
    "reverted_among",
    "nomination_removed",
    "lemma_of",
]

_ITEM_COLUMNS = (
    "i.id, i.key, i.kind, i.source, i.page_id, i.title, i.areas, i.text, i.weight, "
    "i.appeared, i.deadline, i.origin, i.state, i.holder, i.outcome, i.outcome_ref, i.note, "
    "i.claimed, i.done, i.updated, i.created, "
    "(i.outcome = 'correction' AND c.status = 'verified') AS verified"
)
_ITEM_FROM = (
    "FROM worklist_items i LEFT JOIN corrections c "
    "ON i.outcome = 'correction' AND c.id = i.outcome_ref"
)


def _item(row: dict[str, Any]) -> Item:
    return Item(
        **{
            **row,
            "areas": tuple(json.loads(row["areas"])),
            "origin": json.loads(row["origin"]),
            "verified": bool(row["verified"]),
        }
    )


def _event(
    db: Database,
    item_id: int,
    at: str,
    actor: str,
    action: str,
    states: tuple[str, str],
    note: str = "",
) -> None:
    db.execute(
        "INSERT INTO worklist_events (item_id, at, actor, action, from_state, to_state, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [item_id, at, actor, action, *states, note],
    )


def add_items(db: Database, signals: Iterable[Signal], now: str) -> list[int]:
    """Add the signals no item names yet (by key); an item the sync closed by itself whose
    signal is back opens again. The ids of new and reopened items."""
    out: list[int] = []
    with write_transaction(db):
        for s in signals:
            row = db.execute(
                "SELECT id, state, outcome FROM worklist_items WHERE key = ?", [s.key]
            ).fetchone()
            if row is None:
                cur = db.execute(
                    "INSERT INTO worklist_items (key, kind, source, page_id, title, areas, text, "
                    "weight, appeared, deadline, origin, created, updated) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        s.key, s.kind, s.source, s.page_id, s.title,
                        json.dumps(sorted(s.areas)), s.text, s.weight, s.appeared,
                        s.deadline, json.dumps(s.origin, sort_keys=True), now, now,
                    ],
                )  # fmt: skip
                item_id = int(cur.lastrowid or 0)
                _event(db, item_id, now, "wikitrack", "appeared", ("", "open"), s.text)
                out.append(item_id)
            elif row[1] == "done" and row[2] in ("undone", "solved"):
                _reopen(db, int(row[0]), now, "wikitrack", "seen again on the wiki")
                out.append(int(row[0]))
    return out


def close_items(db: Database, closings: Sequence[Closing], now: str) -> None:
    """Close items whose signal went away by itself, each with its outcome and why."""
    with write_transaction(db):
        for c in closings:
            row = db.execute(
                "SELECT state FROM worklist_items WHERE id = ?", [c.item_id]
            ).fetchone()
            if row is None or row[0] == "done":
                continue
            db.execute(
                "UPDATE worklist_items SET state = 'done', outcome = ?, outcome_ref = NULL, "
                "note = ?, done = ?, updated = ? WHERE id = ?",
                [c.outcome, c.note, now, now, c.item_id],
            )
            _event(db, c.item_id, now, "wikitrack", c.outcome, (row[0], "done"), c.note)


def list_items(
    db: Database, *, states: Sequence[str] = (), sources: Sequence[str] = ()
) -> list[Item]:
    """Items of these states and sources (every one when empty), in id order."""
    where, params = [], []
    if states:
        where.append(f"i.state IN ({', '.join('?' for _ in states)})")
        params += list(states)
    if sources:
        where.append(f"i.source IN ({', '.join('?' for _ in sources)})")
        params += list(sources)
    sql = (
        f"SELECT {_ITEM_COLUMNS} {_ITEM_FROM} "  # noqa: S608 (constants and placeholders)
        + ("WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY i.id"
    )
    return [_item(r) for r in db.query(sql, params)]


def get_item(db: Database, item_id: int) -> Item | None:
    rows = list(db.query(f"SELECT {_ITEM_COLUMNS} {_ITEM_FROM} WHERE i.id = ?", [item_id]))  # noqa: S608
    return _item(rows[0]) if rows else None


def item_events(db: Database, item_id: int) -> list[Event]:
    return [
        Event(**r)
        for r in db.query(
            "SELECT item_id, at, actor, action, from_state, to_state, note FROM worklist_events "
            "WHERE item_id = ? ORDER BY id",
            [item_id],
        )
    ]


def claim_item(
    db: Database, item_id: int, by: str, now: str, *, expected: str | None, note: str = ""
) -> str | None:
    """Claim the item for `by`, if it is still as the caller saw it (open, or held by
    `expected` for a take-over): one conditional UPDATE under the write lock. None when it
    worked; else who holds it now."""
    with write_transaction(db):
        cur = db.execute(
            "UPDATE worklist_items SET state = 'claimed', holder = ?, claimed = ?, updated = ? "
            "WHERE id = ? AND state != 'done' AND coalesce(holder, '') = ?",
            [by, now, now, item_id, expected or ""],
        )
        if cur.rowcount != 1:
            row = db.execute(
                "SELECT holder, state FROM worklist_items WHERE id = ?", [item_id]
            ).fetchone()
            if row is None:
                return "nobody (the item is gone)"
            return str(row[0]) if row[0] else f"nobody (it is {row[1]} now)"
        action = "take-over" if expected else "claim"
        _event(db, item_id, now, by, action, ("claimed" if expected else "open", "claimed"), note)
    return None


def finish_item(
    db: Database,
    item_id: int,
    by: str,
    now: str,
    *,
    outcome: str,
    ref: int | None,
    note: str,
    expected: str | None,
) -> bool:
    """Close the item with an outcome, if it is still as the caller saw it."""
    with write_transaction(db):
        cur = db.execute(
            "UPDATE worklist_items SET state = 'done', holder = ?, outcome = ?, outcome_ref = ?, "
            "note = ?, done = ?, updated = ? "
            "WHERE id = ? AND state != 'done' AND coalesce(holder, '') = ?",
            [by, outcome, ref, note, now, now, item_id, expected or ""],
        )
        if cur.rowcount != 1:
            return False
        from_state = "claimed" if expected else "open"
        what = outcome + (f" #{ref}" if ref is not None else "")
        _event(db, item_id, now, by, "done", (from_state, "done"), f"{what}: {note}".rstrip(": "))
    return True


def _reopen(db: Database, item_id: int, now: str, by: str, note: str) -> bool:
    """Open a done item again; False when it is no longer done (someone reopened it first)."""
    cur = db.execute(
        "UPDATE worklist_items SET state = 'open', holder = NULL, outcome = NULL, "
        "outcome_ref = NULL, claimed = NULL, done = NULL, updated = ? "
        "WHERE id = ? AND state = 'done'",
        [now, item_id],
    )
    if cur.rowcount != 1:
        return False
    _event(db, item_id, now, by, "reopen", ("done", "open"), note)
    return True


def reopen_item(db: Database, item_id: int, by: str, now: str, note: str) -> bool:
    with write_transaction(db):
        return _reopen(db, item_id, now, by, note)


def reassign_item(
    db: Database,
    item_id: int,
    by: str,
    to: str,
    now: str,
    *,
    state: str,
    holder: str | None,
    note: str,
) -> bool:
    """Give the item to `to`, if it is still as the caller saw it (its state and holder):
    False when it changed meanwhile, so a reassign never undoes a `done` that came first."""
    with write_transaction(db):
        cur = db.execute(
            "UPDATE worklist_items SET state = 'claimed', holder = ?, claimed = ?, updated = ? "
            "WHERE id = ? AND state = ? AND state != 'done' AND coalesce(holder, '') = ?",
            [to, now, now, item_id, state, holder or ""],
        )
        if cur.rowcount != 1:
            return False
        _event(db, item_id, now, by, f"reassign to {to}", (state, "claimed"), note)
    return True


def reverted_among(db: Database, revids: Sequence[int]) -> set[int]:
    """Those of these revisions that a later one reverted."""
    out: set[int] = set()
    ids = list(revids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = (
            "SELECT revid FROM revisions WHERE reverted_by IS NOT NULL AND reverted_by != 0 "  # noqa: S608 (placeholders)
            f"AND revid IN ({', '.join('?' for _ in chunk)})"
        )
        out |= {r["revid"] for r in db.query(sql, chunk)}
    return out


def nomination_removed(db: Database, page_id: int, template: str, after: str) -> bool:
    """Whether a nomination template was removed from the page after a time."""
    row = db.execute(
        "SELECT 1 FROM changes WHERE page_id = ? AND kind = 'template_removed' "
        "AND category = 'nomination' AND timestamp > ? "
        "AND (? = '' OR json_extract(details, '$.template') = ?) LIMIT 1",
        [page_id, after, template, template],
    ).fetchone()
    return row is not None


def lemma_of(db: Database, what: str, ref_id: int) -> str | None:
    """The lemma a correction or review request is about; None when there is no such one."""
    table = {"correction": "corrections", "review": "review_requests"}[what]
    row = db.execute(f"SELECT title FROM {table} WHERE id = ?", [ref_id]).fetchone()  # noqa: S608 (constants)
    return str(row[0]) if row else None
