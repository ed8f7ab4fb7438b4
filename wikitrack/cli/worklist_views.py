"""The worklist commands' texts: items -> table, JSON, NL-JSON or CSV through `output`. Pure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wikitrack.cli.output import lines, render_fields, render_rows

if TYPE_CHECKING:  # lazy: keeps start-up free of the worklist's syncing (only types here)
    from wikitrack.worklist.core import Item
    from wikitrack.worklist.syncing import ItemStep, ItemTrail

__all__ = ["item_row", "show_items", "show_step", "show_trail", "show_worklist_export"]

_TABLE = ["id", "kind", "title", "areas", "state", "holder", "deadline", "appeared", "outcome"]


def item_row(item: Item) -> dict[str, Any]:
    """One item as the CLI, the mail and the web show it (the same fields everywhere)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "areas": ",".join(item.areas),
        "state": item.state,
        "holder": item.holder or "",
        "deadline": item.deadline or "",
        "appeared": item.appeared,
        "outcome": item.outcome_text,
        "verified": item.verified,
        "text": item.text,
        "source": item.source,
        "key": item.key,
        "diff": str(item.origin.get("diff", "")),
    }


def show_items(items: Sequence[Item], fmt: str) -> str:
    if fmt == "table" and not items:
        return "no worklist items\n"
    return render_rows([item_row(i) for i in items], fmt, table_columns=_TABLE)


def show_step(step: ItemStep) -> str:
    return lines(step.message)


def show_trail(trail: ItemTrail, fmt: str) -> str:
    events = _events(trail)
    if fmt != "table":
        return render_rows([{**item_row(trail.item), "trail": events}], fmt)
    return render_fields(item_row(trail.item)) + render_rows(events, "table")


def _events(trail: ItemTrail) -> list[dict[str, Any]]:
    return [
        {"at": e.at, "actor": e.actor, "action": e.action, "from": e.from_state,
         "to": e.to_state, "note": e.note}
        for e in trail.events
    ]  # fmt: skip


def show_worklist_export(
    corrections: str, trails: Sequence[ItemTrail], fmt: str, *, events: bool
) -> str:
    """`correction export --worklist`: JSON of the corrections (as rendered) and the worklist,
    every item with its trail, in one file; CSV of the worklist, one row per item (its trail a
    line per event) or, with `events`, per event."""
    if fmt == "json":
        worklist = [{**item_row(t.item), "trail": _events(t)} for t in trails]
        both = {"corrections": json.loads(corrections), "worklist": worklist}
        return json.dumps(both, ensure_ascii=False, indent=2) + "\n"
    if events:
        rows = [{"item": t.item.id, "title": t.item.title, **e} for t in trails for e in _events(t)]
        return render_rows(
            rows, "csv", columns=["item", "title", "at", "actor", "action", "from", "to", "note"]
        )
    lines_of = [
        "\n".join(f"{e['at']} {e['actor']}: {e['action']} {e['note']}".rstrip() for e in _events(t))
        for t in trails
    ]
    rows = [{**item_row(t.item), "trail": trail} for t, trail in zip(trails, lines_of, strict=True)]
    return render_rows(rows, "csv")
