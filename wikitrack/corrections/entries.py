"""Rows of the corrections log and of review requests, with their events (frozen, read by
attribute)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

CorrectionStatus = Literal[
    "proposed",
    "approved",
    "rejected",
    "withdrawn",
    "applied",
    "verified",
    "reverted",
    "overwritten",
]


ReviewStatus = Literal["open", "assigned", "done", "declined", "withdrawn"]


Route = Literal["article", "talk"]


class _Row:
    """What the rows of the log have in common: their fields as plain data, for JSON."""

    def as_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-ready data (tuples become lists), in column order."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Correction(_Row):
    """One entry of the corrections log, as stored (fields in the table's column order).

    `guideline` holds the last guideline check's findings, personal data masked."""

    id: int
    page_id: int
    title: str
    area: str
    proposed_by: str
    what: str
    find: str
    proposed: str
    sources: tuple[str, ...]
    via: Route
    base_revid: int | None
    status: CorrectionStatus
    override_reason: str | None
    override_by: str | None
    applied_revid: int | None
    applied_account: str | None
    talk_section: str | None
    created: str
    updated: str
    guideline: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class CorrectionEvent(_Row):
    """One step in a correction's append-only trail; `details` keeps what it changed."""

    id: int
    correction_id: int
    at: str
    actor: str
    from_status: str
    to_status: str
    note: str
    action: str | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReviewRequest(_Row):
    """Policy staff ask the desk to look at a lemma (fields in the table's column order)."""

    id: int
    page_id: int | None
    title: str
    area: str
    requested_by: str
    reason: str
    due: str | None
    status: ReviewStatus
    assignee: str | None
    outcome: str | None
    correction_id: int | None
    source: str
    created: str
    updated: str


@dataclass(frozen=True)
class ReviewEvent(_Row):
    """One step in a review request's append-only trail."""

    id: int
    request_id: int
    at: str
    actor: str
    from_status: str
    to_status: str
    note: str
