"""The worklist commands' texts: items -> table, JSON, NL-JSON or CSV through `output`. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..output import lines, render_fields, render_rows
from .core import Item
from .run import ItemStep, ItemTrail

__all__ = ["item_row", "show_items", "show_step", "show_trail"]

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
    events = [
        {"at": e.at, "actor": e.actor, "action": e.action, "from": e.from_state,
         "to": e.to_state, "note": e.note}
        for e in trail.events
    ]  # fmt: skip
    if fmt != "table":
        return render_rows([{**item_row(trail.item), "trail": events}], fmt)
    return render_fields(item_row(trail.item)) + render_rows(events, "table")
