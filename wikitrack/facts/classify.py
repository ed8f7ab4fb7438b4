"""What a page says against what we know: matches, differs, older, not found or Wikidata; and
the text of the correction for a difference, written the way the page writes it. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from wikitrack.facts.locate import DATE_TEXT, NUMBER_TEXT, Located, locate_fact, page_templates
from wikitrack.facts.register import Fact
from wikitrack.facts.values import (
    FactDate,
    compare_values,
    format_date,
    format_number,
    parse_date,
    parse_number,
    unit_in,
)

__all__ = [
    "FactStatus",
    "FactResult",
    "classify",
    "classify_page",
    "Draft",
    "draft_correction",
    "DIFFERENCES",
]

FactStatus = Literal["matches", "differs", "older", "not_found", "wikidata"]
# The states a correction can fix.
DIFFERENCES: tuple[str, ...] = ("differs", "older")


@dataclass(frozen=True)
class FactResult:
    """One fact held against its page: `wiki` is how the page's value reads ('' when there is
    none), `wiki_text` the page's exact text, `wiki_date` the page's reference date (ISO)."""

    fact: Fact
    status: FactStatus
    wiki: str = ""
    wiki_text: str = ""
    wiki_date: str = ""
    detail: str = ""
    located: Located | None = None
    revid: int | None = None


def classify(fact: Fact, located: Located) -> FactResult:
    """The fact's state on the page. An empty parameter is Wikidata's value when the fact says
    its infobox takes one; otherwise it is not found, as a missing one is."""
    if located.status == "missing":
        return FactResult(fact, "not_found", detail=located.detail, located=located)
    if located.status == "empty":
        if fact.wikidata:
            return FactResult(fact, "wikidata", detail=located.detail, located=located)
        return FactResult(fact, "not_found", detail=located.detail, located=located)
    cmp = compare_values(fact.compare, fact.value, located.value, fact.tolerance)
    page_date = parse_date(located.date) if located.date else None
    shown_date = page_date.iso() if page_date else ""
    unit = unit_in(located.value) if fact.compare == "number" else None
    base = FactResult(fact, "matches", cmp.wiki, located.value, shown_date, cmp.reason, located)
    if unit is not None and fact.unit and unit not in (fact.unit, ""):
        return _with(base, "differs", f"the page gives the figure in {unit}, we in {fact.unit}")
    if cmp.equal:
        return base
    if page_date is not None and page_date.older_than(fact.reference_date):
        return _with(base, "older", f"the page's figure dates from {shown_date}")
    return _with(base, "differs", cmp.reason)


def classify_page(facts: tuple[Fact, ...], text: str) -> list[FactResult]:
    """Every fact of one page against its text, the page parsed once (run in a bounded
    worker, since a pathological page can hang or blow up mwparserfromhell)."""
    templates = page_templates(text) if any(f.template for f in facts) else []
    return [classify(fact, locate_fact(fact, text, templates)) for fact in facts]


def _with(result: FactResult, status: FactStatus, detail: str) -> FactResult:
    return FactResult(
        result.fact,
        status,
        result.wiki,
        result.wiki_text,
        result.wiki_date,
        detail,
        result.located,
        result.revid,
    )


# -- the correction's text ----------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A correction for one difference: replace `find` (exact page text, from the snippet)
    by `proposed`, because `what`."""

    find: str
    proposed: str
    what: str


_REF = re.compile(r"<ref\b[^>]*?/>|<ref\b[^>]*>.*?</ref\s*>", re.S | re.I)


def _new_value(fact: Fact, old: str) -> str:
    """Our value in the place of the page's `old` text, in the page's own notation; the
    markup around a figure or date (a unit, a link) stays."""
    if fact.compare == "number":
        number = parse_number(fact.value)
        m = re.search(NUMBER_TEXT, old)
        if number is not None and m:
            return old[: m.start()] + format_number(number, m.group(0)) + old[m.end() :]
    if fact.compare == "date":
        when = parse_date(fact.value)
        m = re.search(DATE_TEXT, old)
        if when is not None and m:
            return old[: m.start()] + format_date(when, m.group(0)) + old[m.end() :]
    if fact.compare == "name" and "[[" in old:
        return f"[[{fact.value}]]"
    return fact.value


def _new_date(ours: FactDate, old: str) -> str:
    m = re.search(DATE_TEXT, old)
    if not m:
        return format_date(ours, old)
    return old[: m.start()] + format_date(ours, m.group(0)) + old[m.end() :]


def citation(fact: Fact) -> str:
    """Our source as a reference, as nl.wikipedia writes one: Wikipedia reverts a changed
    figure without a source."""
    title = fact.note or urlsplit(fact.source).netloc
    return (
        "<ref>{{Citeer web|url="
        + _WIKI_SAFE_URL.sub(lambda m: f"%{ord(m.group()):02X}", fact.source)
        + "|titel="
        + _WIKI_UNSAFE_TEXT.sub("", title.replace("|", "-"))
        + "|datum="
        + fact.reference_date.iso()
        + "}}</ref>"
    )


# A '|', '{{', '}}', '[' or '<' in a template argument ends or breaks it: a URL takes them
# percent-encoded (as browsers send them), a title goes without them.
_WIKI_SAFE_URL = re.compile(r"[|{}\[\]<>\s]")
_WIKI_UNSAFE_TEXT = re.compile(r"[{}\[\]<>]")


def draft_correction(result: FactResult) -> Draft | None:
    """The correction for a difference, or None for a fact that is not one. The snippet's value
    gets our value (its own refs replaced by our source), its reference date ours."""
    located = result.located
    if result.status not in DIFFERENCES or located is None or located.status != "found":
        return None
    fact = result.fact
    snippet = located.snippet
    edits: list[tuple[int, int, str]] = []
    vs, ve = located.value_span
    value = _REF.sub("", snippet[vs:ve]).rstrip()
    new = _new_value(fact, value)
    if fact.template:
        new += citation(fact)
    edits.append((vs, ve, new))
    if located.date_span:
        ds, de = located.date_span
        edits.append((ds, de, _new_date(fact.reference_date, snippet[ds:de])))
    proposed = snippet
    for start, end, text in sorted(edits, reverse=True):
        proposed = proposed[:start] + text + proposed[end:]
    if not fact.template:
        proposed += citation(fact)
    label = fact.parameter or fact.section
    what = f"{label} bijgewerkt naar {fact.value} (peildatum {fact.reference_date.iso()})"
    return Draft(find=snippet, proposed=proposed, what=what)
