"""The facts commands' texts: results -> table, JSON, NL-JSON or CSV through `output`. Pure."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from wikitrack.check.describe import plural
from wikitrack.cli.output import Part, Text, lines, render_rows

if TYPE_CHECKING:  # lazy: keeps start-up free of mwparserfromhell (facts check parses pages)
    from wikitrack.facts.checking import FactsCheck, ImportedFacts, ProposedFacts
    from wikitrack.facts.classify import FactResult
    from wikitrack.facts.register import Fact

__all__ = [
    "fact_row",
    "result_row",
    "show_facts_validated",
    "show_facts",
    "show_facts_imported",
    "show_facts_check",
    "show_facts_proposed",
]

_FACT_TABLE = ["id", "area", "lemma", "where", "value", "unit", "reference_date", "compare"]
_CHECK_TABLE = ["id", "lemma", "status", "ours", "wiki", "our_date", "wiki_date", "detail"]


def fact_row(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "area": fact.area,
        "lemma": fact.lemma,
        "where": fact.where,
        "value": fact.value,
        "unit": fact.unit,
        "reference_date": fact.reference_date.iso(),
        "compare": fact.compare,
        "source": fact.source,
        "note": fact.note,
        "file": f"{fact.path}:{fact.line}",
    }


def result_row(result: FactResult, today: date | None = None) -> dict[str, Any]:
    """One checked fact, ours and the wiki's side by side; `aged` when our own figure is older
    than its area's max_age_months on `today`."""
    from wikitrack.facts.findings import is_aged  # lazy: keeps start-up free of mwparserfromhell

    fact = result.fact
    return {
        "id": fact.id,
        "area": fact.area,
        "lemma": fact.lemma,
        "status": result.status,
        "ours": f"{fact.value} {fact.unit}".strip(),
        "wiki": result.wiki,
        "wiki_text": result.wiki_text,
        "our_date": fact.reference_date.iso(),
        "wiki_date": result.wiki_date,
        "where": fact.where,
        "source": fact.source,
        "revid": result.revid,
        "detail": result.detail,
        "aged": is_aged(fact, today) if today else False,
    }


def show_facts_validated(facts: Sequence[Fact]) -> str:
    areas = len({f.area for f in facts})
    return f"{plural(len(facts), 'fact')} in {plural(areas, 'area')}: all valid\n"


def show_facts(facts: Sequence[Fact], fmt: str) -> str:
    rows = [fact_row(f) for f in facts]
    return render_rows(rows, fmt, table_columns=_FACT_TABLE)


def show_facts_imported(done: ImportedFacts) -> str:
    return f"{done.path}: {done.added} added, {done.updated} updated\n"


def show_facts_check(done: FactsCheck, fmt: str) -> str | list[Part]:
    """JSON: the rows with the request count; --nl/--csv: the rows; a terminal: the table and a
    count per status, the cost on stderr."""
    rows = [result_row(r, done.today) for r in done.results]
    if fmt == "json":
        payload = {
            "facts": rows,
            "pages": done.pages,
            "requests": done.requests,
            "seconds": round(done.seconds, 3),
            "parse_seconds": round(done.parse_seconds, 3),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        return render_rows(rows, fmt)
    counts = Counter(r.status for r in done.results)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no facts"
    cost = (
        f"{plural(done.pages, 'page')} read in {plural(done.requests, 'request')}, "
        f"{done.seconds:.2f} s"
    )
    table = render_rows(rows, fmt, table_columns=_CHECK_TABLE) if rows else ""
    return [Part(table), Part(lines(summary)), Part(lines(cost), err=True, chatter=True)]


def show_facts_proposed(done: ProposedFacts) -> Text | str:
    out = []
    for p in done.facts:
        if p.correction_id is not None:
            out.append(f"{p.fact.id}: proposed correction #{p.correction_id} ({p.fact.lemma})")
            out += [f"  {f.line()}" for f in p.findings]
        elif p.status == "refused":
            out.append(f"{p.fact.id}: refused: {p.skipped}")
        else:
            out.append(f"{p.fact.id}: not proposed: {p.skipped}")
    made = sum(1 for p in done.facts if p.correction_id is not None)
    return Text(lines(out), lines(f"{plural(made, 'correction')} proposed"))
