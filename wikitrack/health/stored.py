"""Health as the store keeps it: a run, the articles a run reads, and each finding of a run for
one area of its lemma (tables of migration m008_health). Frozen, read by attribute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class WatchedArticle:
    """A watched article (not a talk page) as a health run reads it: its talk page's ID, when
    a check has met it, and its areas, sorted."""

    page_id: int
    title: str
    talk_id: int | None
    status: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class StoredHealthRun:
    """One `wikitrack health` run; `scope` is "all", "area:X" or "lemma:T"."""

    id: int
    started: str
    finished: str  # "" while it runs
    scope: str
    lemmas: int = 0
    findings: int = 0
    text_requests: int = 0
    history_requests: int = 0
    requests: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class StoredFinding:
    """One finding of a stored run, for one area of its lemma. `key` names it across runs (the
    trend, what was solved, the age of a template found before)."""

    page_id: int
    title: str
    kind: str
    key: str
    details: dict[str, Any] = field(default_factory=dict)
    since: str = ""
    area: str = ""
    weight: float = 0.0
    run_id: int = 0
    id: int = 0
