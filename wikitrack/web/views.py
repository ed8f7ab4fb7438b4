"""What the web view's pages show: a lemma, a request and its steps, a correction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WebLemma:
    """A watched page found by its title; a talk page names its article (`subject_title`)."""

    page_id: int
    title: str
    subject_id: int | None = None
    subject_title: str | None = None


@dataclass(frozen=True)
class WebRequestStep:
    """One step in a review request's trail; no `from_status` for the step that filed it."""

    at: str
    actor: str
    from_status: str | None
    to_status: str
    note: str = ""


@dataclass(frozen=True)
class WebRequest:
    """A review request with its trail; `overdue` is filled in by the page for today."""

    id: int
    title: str
    area: str
    requested_by: str
    reason: str
    due: str | None
    status: str
    assignee: str | None
    outcome: str | None
    created: str
    events: tuple[WebRequestStep, ...] = ()
    overdue: bool = False


@dataclass(frozen=True)
class WebCorrection:
    """A correction as a lemma page lists it; `guideline` holds the masked findings."""

    id: int
    status: str
    what: str
    updated: str
    guideline: tuple[dict[str, Any], ...] = ()
