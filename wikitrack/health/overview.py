"""Pure: stored health findings -> a health report per area -> text, Markdown, HTML or rows.

Like `report`, everything from the wiki is untrusted: HTML autoescapes, Markdown escapes,
plain text drops control characters. Dutch by default, English with [report] language = "en".
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wikitrack.health.assess import Finding, HealthRules, rank_lemmas
from wikitrack.health.stored import StoredFinding
from wikitrack.report.rendering import WikiLinks, _md, _plain, format_time, template_env
from wikitrack.texts import CORRECTION_STATUS, TEXTS, texts
from wikitrack.wiki.sitefacts import TALK_NAMESPACE

__all__ = [
    "HealthItem",
    "LemmaEntry",
    "AreaHealth",
    "HealthReport",
    "Solved",
    "build_health_report",
    "describe_finding",
    "render_health",
    "overview_rows",
    "HEALTH_STRINGS",
]

# The staff-facing strings, per language (texts.py holds them all).
HEALTH_STRINGS: dict[str, dict[str, str]] = {lang: texts(lang, "health") for lang in TEXTS}


@dataclass(frozen=True)
class HealthItem:
    kind: str
    text: str
    since: str
    url: str
    weight: float


@dataclass(frozen=True)
class LemmaEntry:
    rank: int
    title: str
    url: str
    score: float
    items: tuple[HealthItem, ...]


@dataclass(frozen=True)
class Solved:
    title: str
    text: str
    corrections: tuple[int, ...] = ()


@dataclass(frozen=True)
class AreaHealth:
    slug: str
    name: str
    lemmas: tuple[LemmaEntry, ...]
    open_count: int
    trend: str
    solved: tuple[Solved, ...] = ()
    solved_header: str = ""


@dataclass(frozen=True)
class HealthReport:
    lang: str
    title: str
    generated: str
    areas: tuple[AreaHealth, ...]
    strings: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(a.lemmas for a in self.areas)


def _day(timestamp: str, lang: str) -> str:
    """'2024-03-12T09:12:00Z' -> '12 mrt 2024' (the day in Europe/Amsterdam)."""
    text = format_time(timestamp, lang)
    return text.rsplit(" ", 1)[0] if text != timestamp else timestamp


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def describe_finding(kind: str, details: Mapping[str, Any], lang: str = "nl") -> str:
    """One finding in plain language: what is wrong and what to do about it."""
    s = HEALTH_STRINGS[lang]
    d = {k: _plain(v) if isinstance(v, str) else v for k, v in details.items()}
    reason = s["reason"].format(reason=d["reason"]) if d.get("reason") else ""
    if kind == "deleted":
        when = ""
        if d.get("date"):
            when = s["deleted_when"].format(
                date=_day(str(d["date"]), lang),
                user=d.get("user", ""),
                comment=d.get("comment", ""),
            )
        return s["deleted"].format(when=when)
    if kind in ("nomination", "maintenance", "outdated"):
        return s[kind].format(template=d.get("template", ""), reason=reason)
    if kind == "correction":
        todo = s.get(f"c_{d.get('status')}", "")
        what = _sentence(str(d.get("what", "")))
        status = CORRECTION_STATUS[lang].get(str(d.get("status")), str(d.get("status")))
        return s["correction"].format(
            todo=todo, id=d.get("id", ""), status=status.lower(), what=what
        )
    if kind == "review":
        due = s["review_due"].format(due=d["due"]) if d.get("due") else ""
        reason = _sentence(str(d.get("reason", "")))
        key = "review_assigned" if d.get("assignee") else "review"
        return s[key].format(id=d.get("id", ""), due=due, reason=reason, assignee=d.get("assignee"))
    if kind == "old_date":
        key = "old_date" if d.get("date_param") != d.get("param") else "old_date_inline"
        key = "old_date_ref" if d.get("date_param") == "<ref>" else key
        named = str(d.get("date_param", ""))
        # "met peildatum X" says it already; another name ("stand") is worth showing.
        shown = f" ({named})" if named.lower() != "peildatum" or lang != "nl" else ""
        return s[key].format(
            date_param=shown, **{k: d.get(k, "") for k in ("param", "value", "date")}
        )
    if kind in ("talk_unanswered", "own_request"):
        user = s["talk_by"].format(user=d["user"]) if d.get("user") else ""
        text = s[kind].format(section=d.get("section", ""), user=user)
        if d.get("correction"):  # the request of a logged correction
            text += " " + s["of_correction"].format(id=d["correction"])
        return text
    if kind == "dead_link":
        return s["dead_link"].format(url=d.get("url") or "?")
    if kind in ("fact", "fact_aged"):
        return _describe_fact(kind, d, s)
    if kind == "unreferenced_section":
        return s["unreferenced_section"].format(
            section=d.get("section", ""), chars=d.get("chars", 0)
        )
    return kind


def _describe_fact(kind: str, d: Mapping[str, Any], s: Mapping[str, str]) -> str:
    """A difference with our facts register, or our own figure that aged."""
    key = "fact_older" if kind == "fact" and d.get("status") == "older" else kind
    fields = ("where", "wiki", "wiki_date", "ours", "date", "source", "fact", "area", "months")
    return s[key].format(**{k: d.get(k, "") for k in fields})


def _item(f: Finding, weight: float, title: str, links: WikiLinks, lang: str) -> HealthItem:
    s = HEALTH_STRINGS[lang]
    url = links.page(title)
    if f.kind in ("talk_unanswered", "own_request"):
        url = links.page(f"{TALK_NAMESPACE}:{title}", str(f.details.get("section", "")))
    elif f.kind in ("nomination", "maintenance", "outdated"):
        url = links.query(title=title, action="history")
    since = ""
    if f.since and f.kind != "deleted":  # the text gives the deletion's date
        exact = f.details.get("since_exact", True)
        since = s["since" if exact else "at_least"].format(date=_day(f.since, lang))
    details = dict(f.details)
    if f.kind == "deleted" and f.since:
        details["date"] = f.since
    return HealthItem(f.kind, describe_finding(f.kind, details, lang), since, url, weight)


def _trend(n_now: int, before: Sequence[StoredFinding] | None, when: str, lang: str) -> str:
    s = HEALTH_STRINGS[lang]

    def noun(n: int) -> str:
        return s["problem"] if n == 1 else s["problems"]

    if before is None:
        return s["first"].format(n=n_now, noun=noun(n_now))
    delta = n_now - len(before)
    date = _day(when, lang)
    if delta < 0:
        return s["fewer"].format(n=-delta, noun=noun(-delta), date=date)
    if delta > 0:
        return s["more"].format(n=delta, noun=noun(delta), date=date)
    return s["same"].format(n=n_now, date=date)


def build_health_report(
    areas: Sequence[tuple[str, str]],
    rows: Mapping[str, Sequence[StoredFinding]],
    *,
    rules: HealthRules,
    api_url: str,
    lang: str = "nl",
    now: str = "",
    before: Mapping[str, tuple[str, Sequence[StoredFinding]]] | None = None,
    solving: Mapping[tuple[int, str], Sequence[int]] | None = None,
) -> HealthReport:
    """Rank each area's lemmas by the weights of their findings (`store.health_findings.health_rows`
    rows per area slug). `before`: per area, (started, rows) of the run to compare with;
    `solving`: corrections applied since then on the lemma of a solved finding."""
    s = HEALTH_STRINGS[lang]
    links = WikiLinks.from_api_url(api_url)
    out = []
    for slug, name in areas:
        area_rows = rows.get(slug, [])
        started, previous = (before or {}).get(slug, ("", None))  # type: ignore[assignment]
        out.append(
            AreaHealth(
                slug,
                name,
                _ranked(area_rows, rules, links, lang),
                len(area_rows),
                _trend(len(area_rows), previous, started, lang),
                _solved(area_rows, previous, solving or {}, lang),
                s["solved"].format(date=_day(started, lang)) if started else "",
            )
        )
    return HealthReport(
        lang=lang,
        title=s["title"],
        generated=format_time(now, lang) if now else "",
        areas=tuple(out),
        strings=s,
    )


def _ranked(
    area_rows: Sequence[StoredFinding], rules: HealthRules, links: WikiLinks, lang: str
) -> tuple[LemmaEntry, ...]:
    """An area's lemmas with findings, most urgent first."""
    by_page: dict[int, tuple[str, list[Finding]]] = {}
    for r in area_rows:
        title, found = by_page.setdefault(r.page_id, (r.title, []))
        found.append(Finding(r.kind, r.key, dict(r.details), r.since))
    ranked = rank_lemmas(((pid, t, f) for pid, (t, f) in by_page.items()), rules)
    return tuple(
        LemmaEntry(
            rank=i,
            title=lem.title,
            url=links.page(lem.title),
            score=lem.score,
            items=tuple(
                _item(f, rules.weight(f.kind), lem.title, links, lang) for f in lem.findings
            ),
        )
        for i, lem in enumerate(ranked, 1)
    )


def _solved(
    area_rows: Sequence[StoredFinding],
    previous: Sequence[StoredFinding] | None,
    solving: Mapping[tuple[int, str], Sequence[int]],
    lang: str,
) -> tuple[Solved, ...]:
    """What the earlier run found that this one does not, with the corrections that did it."""
    if previous is None:
        return ()
    now_keys = {(r.page_id, r.key) for r in area_rows}
    solved = []
    for r in previous:
        if (r.page_id, r.key) in now_keys:
            continue
        ids = tuple(solving.get((r.page_id, r.key), ()))
        text = describe_finding(r.kind, r.details, lang)
        if ids:
            text += " — " + HEALTH_STRINGS[lang]["solved_by"].format(
                ids=", ".join(f"#{i}" for i in ids)
            )
        solved.append(Solved(r.title, text, ids))
    return tuple(solved)


# -- renderers ----------------------------------------------------------------------------------


def render_health_text(report: HealthReport, *, heading: bool = True) -> str:
    s = report.strings
    out = [report.title, f"{s['generated']}: {report.generated}", s["intro"], ""] if heading else []
    for area in report.areas:
        out.append(f"== {area.name} ==")
        out.append(area.trend + ".")
        for lem in area.lemmas:
            out.append(
                f"{lem.rank}. {_plain(lem.title)}  <{lem.url}>  ({s['score']} {lem.score:g})"
            )
            for item in lem.items:
                since = f" [{item.since}]" if item.since else ""
                out.append(f"   - {item.text}{since}")
                if item.url != lem.url:
                    out.append(f"     {item.url}")
        if not area.lemmas:
            out.append(s["none"])
        if area.solved:
            out.append(f"{area.solved_header}:")
            out += [f"   + {_plain(x.title)}: {x.text}" for x in area.solved]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_health_markdown(report: HealthReport, *, heading: bool = True) -> str:
    s = report.strings
    out = [f"# {_md(report.title)}", "", _md(s["intro"]), ""] if heading else []
    for area in report.areas:
        out += [f"## {_md(area.name)}", "", _md(area.trend) + ".", ""]
        for lem in area.lemmas:
            out.append(
                f"{lem.rank}\\. [{_md(lem.title)}](<{lem.url}>) ({s['score']} {lem.score:g})"
            )
            for item in lem.items:
                since = f" \\[{_md(item.since)}\\]" if item.since else ""
                link = f" ([→](<{item.url}>))" if item.url != lem.url else ""
                out.append(f"   - {_md(item.text)}{since}{link}")
        if not area.lemmas:
            out.append(_md(s["none"]))
        if area.solved:
            out += ["", f"**{_md(area.solved_header)}**", ""]
            out += [f"- {_md(x.title)}: {_md(x.text)}" for x in area.solved]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_health_html(report: HealthReport, *, fragment: bool = False) -> str:
    """A self-contained page, or with `fragment` a section to put into another page."""
    template = template_env().get_template("health.html.j2")
    return template.render(r=report, s=report.strings, fragment=fragment)


def overview_rows(report: HealthReport) -> list[dict[str, Any]]:
    """One row per finding, for --json/--nl/--csv."""
    return [
        {
            "area": area.slug,
            "rank": lem.rank,
            "title": lem.title,
            "score": lem.score,
            "kind": item.kind,
            "weight": item.weight,
            "what": item.text,
            "since": item.since,
            "url": item.url,
            "lemma_url": lem.url,
        }
        for area in report.areas
        for lem in area.lemmas
        for item in lem.items
    ]


def render_health(
    report: HealthReport, fmt: str, *, heading: bool = True, empty_note: bool = False
) -> str:
    """The report in `fmt`; `heading` False gives a section to add to another report, and
    `empty_note` says in text that no area had findings."""
    if fmt == "text" and empty_note and not report.areas:
        return render_health_text(report, heading=heading) + report.strings["none"] + "\n"
    if fmt == "json":
        data = dataclasses.asdict(report)
        data.pop("strings")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_health_markdown(report, heading=heading)
    if fmt == "html":
        return render_health_html(report, fragment=not heading)
    return render_health_text(report, heading=heading)
