"""Health's data: the kinds of finding, their default weights, and one finding on a lemma."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Every kind of finding, most urgent first (the default weights follow this order).
KINDS = (
    "deleted",
    "nomination",
    "own_request",
    "correction",
    "review",
    "fact",
    "maintenance",
    "outdated",
    "old_date",
    "talk_unanswered",
    "fact_aged",
    "dead_link",
    "unreferenced_section",
)


# A deletion nomination outranks everything that can wait; set per kind in [health.weights].
DEFAULT_WEIGHTS: dict[str, float] = {
    "deleted": 100,
    "nomination": 80,
    "own_request": 40,
    "correction": 30,
    "review": 30,
    "fact": 25,  # the facts register: the page differs from our official figure
    "maintenance": 20,
    "outdated": 15,
    "old_date": 15,
    "talk_unanswered": 10,
    "fact_aged": 5,  # our own figure in the facts register needs an update
    "dead_link": 5,
    "unreferenced_section": 3,
}


@dataclass(frozen=True)
class Finding:
    """One problem on a lemma. `key` names it across runs (for the trend and for the age of
    a template found before); `since` is when it started, as far as known (ISO UTC)."""

    kind: str
    key: str
    details: dict[str, Any] = field(default_factory=dict)
    since: str = ""
