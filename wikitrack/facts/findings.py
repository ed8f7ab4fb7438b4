"""The facts register in the lemma health findings: a difference (kind `fact`) and our own
figure that has aged (kind `fact_aged`: the register itself needs an update). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wikitrack.facts.classify import DIFFERENCES, FactResult
from wikitrack.facts.register import Fact
from wikitrack.health.kinds import Finding

__all__ = ["is_aged", "fact_findings"]


def is_aged(fact: Fact, today: date) -> bool:
    """Our reference date is more than the area's `max_age_months` before `today` (a date of
    year or month precision counts from its first day)."""
    ref = fact.reference_date
    months = (today.year - ref.year) * 12 + today.month - (ref.month or 1)
    if months == fact.max_age_months:
        return today.day > (ref.day or 1)
    return months > fact.max_age_months


def fact_findings(results: Iterable[FactResult], today: date) -> list[Finding]:
    """The health findings of one page's facts, in the order of the facts."""
    found = []
    for r in results:
        fact = r.fact
        details = {
            "fact": fact.id,
            "area": fact.area,
            "status": r.status,
            "ours": f"{fact.value} {fact.unit}".strip(),
            "wiki": r.wiki or r.wiki_text,
            "wiki_date": r.wiki_date,
            "date": fact.reference_date.iso(),
            "source": fact.source,
            "where": fact.where,
        }
        if r.status in DIFFERENCES:
            found.append(Finding("fact", f"fact:{fact.id}", details))
        if is_aged(fact, today):
            aged = {**details, "months": fact.max_age_months}
            found.append(Finding("fact_aged", f"fact_aged:{fact.id}", aged))
    return found
