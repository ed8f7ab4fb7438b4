"""The facts register where people see it: in the nightly mail of the area's contacts and on
the web view's lemma page and "Mijn terrein".

What is true of a fact tonight comes from two places, and neither costs a wiki request:

- a difference (`differs`, `older`) from the newest `wikitrack health` run over the area, which
  read every lemma's text and stored the register's findings with their details. No text is
  stored between runs and `check` reads only pages that changed, so nothing else knows;
- an aged figure from the register itself: its reference date against today, offline.

A recipient is told a fact's state once, and again only when it changes, as guideline findings:
each message records a key per state (`fact:AREA:ID:STATUS:DIGEST`, `fact_aged:AREA:ID:DATE`)
among its reminders. A difference told that a newer run over the area no longer finds, for a
fact still in the register, is one line of good news (`fact:AREA:ID:fixed`); a difference that
stays is not told again. Pure, but for `current_facts`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from wikitrack.facts.findings import is_aged
from wikitrack.facts.register import Fact
from wikitrack.health.stored import StoredFinding
from wikitrack.watchlist.areas import Area

__all__ = [
    "FactItem",
    "FactState",
    "FactsSection",
    "current_facts",
    "register_facts",
    "fact_items_of",
    "plan_fact_notices",
    "fact_text",
    "fact_html",
]

_HTTP = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class FactItem:
    """One fact finding as people read it: a difference (`fact`), our own figure that aged
    (`fact_aged`), or a difference that is gone (`fact_fixed`, mail only)."""

    kind: str
    fact: str
    area: str
    title: str
    status: str = ""
    ours: str = ""
    wiki: str = ""
    wiki_date: str = ""
    date: str = ""
    source: str = ""
    where: str = ""
    months: int = 0

    @property
    def source_url(self) -> str:
        """The source as a link target: only an http(s) URL, never `javascript:` and the like."""
        return self.source if _HTTP.match(self.source) else ""

    @property
    def key(self) -> str:
        """Names the fact's state: a mail tells it once, and again only when it changes."""
        if self.kind == "fact_aged":
            return f"fact_aged:{self.area}:{self.fact}:{self.date}"
        if self.kind == "fact_fixed":
            return f"fact:{self.area}:{self.fact}:fixed"
        seen = "\x1f".join((self.ours, self.wiki, self.wiki_date)).encode()
        return f"fact:{self.area}:{self.fact}:{self.status}:{hashlib.sha1(seen).hexdigest()[:12]}"


@dataclass(frozen=True)
class FactState:
    """The facts of some areas tonight: the items, and the areas a health run covered (only
    there can a difference be known to be gone)."""

    items: tuple[FactItem, ...] = ()
    covered: frozenset[str] = frozenset()
    register: dict[str, str] = field(default_factory=dict)  # fact ID -> lemma, in the register
    # facts whose value or reference date the register changed since the run: unknown tonight
    unknown: frozenset[str] = frozenset()

    def of(self, slugs: Collection[str] | None) -> FactState:
        if slugs is None:
            return self
        return FactState(
            tuple(i for i in self.items if i.area in slugs),
            frozenset(self.covered & set(slugs)),
            self.register,
            self.unknown,
        )


def _difference(row: StoredFinding) -> FactItem:
    d = row.details
    return FactItem(
        kind="fact",
        fact=str(d.get("fact", "")),
        area=str(d.get("area", "")),
        title=row.title,
        status=str(d.get("status", "")),
        ours=str(d.get("ours", "")),
        wiki=str(d.get("wiki", "")),
        wiki_date=str(d.get("wiki_date", "")),
        date=str(d.get("date", "")),
        source=str(d.get("source", "")),
        where=str(d.get("where", "")),
    )


def _aged(fact: Fact) -> FactItem:
    return FactItem(
        kind="fact_aged",
        fact=fact.id,
        area=fact.area,
        title=fact.lemma,
        ours=f"{fact.value} {fact.unit}".strip(),
        date=fact.reference_date.iso(),
        source=fact.source,
        where=fact.where,
        months=fact.max_age_months,
    )


def fact_items_of(
    rows: Mapping[str, Sequence[StoredFinding]], facts: Sequence[Fact], today: date
) -> FactState:
    """The state from each area's newest health run's finding rows ({area: rows}; an area
    without a run is left out) and the register as it is `today`."""
    ids = {f.id: f.lemma for f in facts}
    ours = {f.id: (f"{f.value} {f.unit}".strip(), f.reference_date.iso()) for f in facts}
    items: dict[str, FactItem] = {}
    unknown = set()
    for slug, found in rows.items():
        for row in found:
            item = _difference(row)
            if row.kind != "fact" or item.area != slug or item.fact not in ids:
                continue
            if ours[item.fact] != (item.ours, item.date):  # the register moved on since
                unknown.add(item.fact)
            else:
                items.setdefault(item.key, item)
    for fact in facts:
        if is_aged(fact, today):
            item = _aged(fact)
            items.setdefault(item.key, item)
    ordered = sorted(items.values(), key=lambda i: (i.area, i.title, i.kind, i.fact))
    return FactState(tuple(ordered), frozenset(rows), ids, frozenset(unknown))


def current_facts(
    db: Database, slugs: Sequence[str], facts: Sequence[Fact], today: date
) -> FactState:
    """The facts of the areas `slugs` tonight: differences from each area's newest health run,
    aged figures from `facts` (the register, read offline)."""
    from wikitrack.store import health_findings as health_store

    rows = {}
    for slug in slugs:
        run = health_store.latest_health_run(db, covering=[slug])
        if run is not None:
            rows[slug] = health_store.health_rows(db, run.id, slug)
    return fact_items_of(rows, [f for f in facts if f.area in slugs], today)


def register_facts(watchlists_dir: Path, areas: Sequence[Area] | None = None) -> list[Fact]:
    """The facts of the register that parse (a broken file is `facts validate`'s to report);
    none when there are no watchlists to check them against."""
    from wikitrack.errors import InputError
    from wikitrack.facts.register import facts_dir_for, validate_fact_files
    from wikitrack.watchlist.lists import validate_watchlists

    if areas is None:
        try:
            areas = validate_watchlists(watchlists_dir)[0]
        except InputError:  # the web view may run where only the database is
            return []
    return validate_fact_files(facts_dir_for(watchlists_dir), areas)[0]


def _last_told(told: Iterable[str]) -> dict[tuple[str, str, str], str]:
    """The last key told per (kind, area, fact), of keys oldest first."""
    last = {}
    for key in told:
        kind, _, rest = key.partition(":")
        area, _, rest = rest.partition(":")
        fact = rest.partition(":")[0]
        if kind in ("fact", "fact_aged") and fact:
            last[(kind, area, fact)] = key
    return last


def plan_fact_notices(state: FactState, told: Sequence[str]) -> list[FactItem]:
    """What to tell a recipient of `state` (their areas'), given the fact keys of the messages
    they were sent, oldest first: each state not the last one told, and a difference told
    that is gone."""
    last = _last_told(told)
    out = [i for i in state.items if last.get((i.kind, i.area, i.fact)) != i.key]
    differing = {(i.area, i.fact) for i in state.items if i.kind == "fact"}
    for (kind, area, fact), key in sorted(last.items()):
        gone = kind == "fact" and (area, fact) not in differing and not key.endswith(":fixed")
        known = fact in state.register and fact not in state.unknown
        if gone and known and area in state.covered:
            title = state.register[fact]
            out.append(FactItem(kind="fact_fixed", fact=fact, area=area, title=title))
    return out


# -- what people read ---------------------------------------------------------------------------

MAIL_MAX_FACTS = 100  # a mail's section; the rest is `facts check`'s to list


def _template(item: FactItem, lang: str) -> str:
    from wikitrack.texts import texts

    kind = "fact_older" if item.kind == "fact" and item.status == "older" else item.kind
    return str(texts(lang, "facts")[kind])


def _fields(item: FactItem) -> dict[str, Any]:
    """The fields of a line, each on one line (a page's value may hold a line break)."""
    names = ("title", "where", "wiki", "wiki_date", "ours", "date", "source", "fact", "area")
    return {name: " ".join(str(getattr(item, name)).split()) for name in names} | {
        "months": item.months
    }


def fact_text(item: FactItem, lang: str) -> str:
    """One item as a line of plain text (the source as it stands)."""
    return _template(item, lang).format(**_fields(item))


def fact_html(item: FactItem, lang: str, title_url: str = "") -> str:
    """One item as HTML: every field escaped, the source a link only when it is http(s), the
    lemma a link to `title_url` when given (the web view's lemma page)."""
    fields = {k: escape(str(v)) for k, v in _fields(item).items()}
    if title_url:
        fields["title"] = f'<a href="{escape(title_url)}">{fields["title"]}</a>'
    if item.source_url:
        url = escape(item.source_url)
        fields["source"] = f'<a href="{url}" rel="noreferrer noopener">{url}</a>'
    return escape(_template(item, lang), quote=False).format(**fields)


@dataclass(frozen=True)
class FactsSection:
    """The facts a message tells, to add to a change report (as `HealthSection`)."""

    items: tuple[FactItem, ...]
    lang: str
    more: int = 0

    @classmethod
    def of(cls, items: Sequence[FactItem], lang: str) -> FactsSection | None:
        if not items:
            return None
        shown = tuple(items[:MAIL_MAX_FACTS])
        return cls(shown, lang, len(items) - len(shown))

    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)

    def render(self, fmt: str) -> str:
        from wikitrack.texts import texts

        s = texts(self.lang, "facts")
        more = [s["more"].format(n=self.more)] if self.more else []
        if fmt == "html":
            lines = [f"<li>{fact_html(i, self.lang)}</li>" for i in self.items]
            tail = f"<p>{escape(more[0])}</p>" if more else ""
            return f"<h2>{escape(s['heading'])}</h2><ul>{''.join(lines)}</ul>{tail}"
        lines = [f"- {fact_text(i, self.lang)}" for i in self.items] + more
        return "\n".join([s["heading"], "", *lines]) + "\n"

    def attach(self, rendered: str, fmt: str) -> str:
        """`rendered` (a change report in `fmt`) with this section added at its end."""
        part = self.render(fmt)
        if fmt == "html":
            head, sep, tail = rendered.rpartition("</body>")
            return head + part + sep + tail if sep else rendered + part
        return rendered.rstrip("\n") + "\n\n" + part
