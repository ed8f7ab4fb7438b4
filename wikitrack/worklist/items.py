"""The worklist's data: a signal as one night sees it, an item as stored with its state and
trail, and what an item can come to. Frozen; the rules are in `core.py`, the SQL in
`store/worklist_items.py`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["STATES", "OUTCOMES", "CLOSING_OUTCOMES", "Signal", "Item", "Event", "Closing"]

STATES = ("open", "claimed", "done")
# What came of an item. The first four a desk editor chooses; the last two the sync sets when
# the signal went away by itself.
OUTCOMES: dict[str, str] = {
    "no_action": "no action needed",
    "answered": "answered on the talk page",
    "review": "review request",
    "correction": "correction",
    "undone": "undone on the wiki",
    "solved": "gone on the wiki",
}
CLOSING_OUTCOMES = ("no_action", "answered", "review", "correction")


@dataclass(frozen=True)
class Signal:
    """Something that asks for action, as one night sees it; `key` names it across nights."""

    key: str
    kind: str
    source: str  # change | health | guideline | review | facts
    title: str
    areas: tuple[str, ...]
    text: str
    appeared: str
    page_id: int | None = None
    weight: float = 0.0
    deadline: str | None = None
    origin: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """A worklist item as stored, with its state; `verified` for an item closed by a
    correction that check has verified."""

    id: int
    key: str
    kind: str
    source: str
    title: str
    areas: tuple[str, ...]
    text: str
    appeared: str
    page_id: int | None = None
    weight: float = 0.0
    deadline: str | None = None
    origin: dict[str, Any] = field(default_factory=dict)
    state: str = "open"
    holder: str | None = None
    outcome: str | None = None
    outcome_ref: int | None = None
    note: str = ""
    claimed: str | None = None
    done: str | None = None
    updated: str = ""
    verified: bool = False
    created: str = ""  # when the worklist took it in (not when the wiki's edit was made)

    @property
    def outcome_text(self) -> str:
        """The outcome as people read it: "correction #4 (verified)", "undone on the wiki"."""
        if not self.outcome:
            return ""
        text = OUTCOMES.get(self.outcome, self.outcome)
        if self.outcome_ref is not None:
            text += f" #{self.outcome_ref}"
        if self.outcome == "correction":
            text += " (verified)" if self.verified else " (not yet verified)"
        return text

    def as_dict(self) -> dict[str, Any]:
        row = asdict(self)
        row["areas"] = list(self.areas)
        row["outcome_text"] = self.outcome_text
        return row


@dataclass(frozen=True)
class Event:
    """One step of an item's trail."""

    item_id: int
    at: str
    actor: str
    action: str
    from_state: str
    to_state: str
    note: str = ""


@dataclass(frozen=True)
class Closing:
    """An item the sync closes by itself, and why."""

    item_id: int
    outcome: str
    note: str
