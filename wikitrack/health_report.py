"""Pure: stored health findings -> a health report per area -> text, Markdown, HTML or rows.

Like `report`, everything from the wiki is untrusted: HTML autoescapes, Markdown escapes,
plain text drops control characters. Dutch by default, English with [report] language = "en".
"""

from __future__ import annotations

import dataclasses
import json
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .health import Finding, HealthRules, rank_lemmas
from .report import _ENV, _md, _plain, format_time, wiki_links

__all__ = [
    "HealthItem",
    "LemmaEntry",
    "AreaHealth",
    "HealthReport",
    "Solved",
    "build_health_report",
    "describe_finding",
    "render_health",
    "health_rows",
    "HEALTH_STRINGS",
]

HEALTH_STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Gezondheid van onze lemma's",
        "generated": "Gemaakt op",
        "intro": "Wat er nu mis is op onze lemma's, het dringendste eerst.",
        "none": "Geen open problemen gevonden.",
        "score": "gewicht",
        "fewer": "{n} open {noun} minder dan op {date}",
        "more": "{n} open {noun} meer dan op {date}",
        "same": "Evenveel open problemen als op {date} ({n})",
        "first": "Eerste meting: {n} open {noun}",
        "problem": "probleem",
        "problems": "problemen",
        "solved": "Opgelost sinds {date}",
        "solved_by": "opgelost door correctie {ids}",
        "since": "sinds {date}",
        "at_least": "minstens sinds {date}",
        "do": "Wat te doen",
        "history": "geschiedenis",
        "talk": "overleg",
        "deleted": "De pagina bestaat niet meer{when}. Haal het lemma van de volglijst, of vraag "
        "een moderator om terugplaatsing als het ten onrechte is verwijderd.",
        "deleted_when": " (verwijderd {date} door {user}: {comment})",
        "nomination": "Genomineerd voor verwijdering met {{{{{template}}}}}{reason}. Reageer op "
        "Wikipedia:Te beoordelen pagina's of verbeter het artikel binnen de termijn van twee "
        "weken.",
        "own_request": "Ons verzoek op de overlegpagina ('{section}') heeft nog geen antwoord. "
        "Vraag opnieuw aandacht in de sectie, of in Wikipedia:De kroeg.",
        "correction": "Correctie #{id} staat open ({status}): {what} {todo}",
        "c_proposed": "Beoordeel en keur haar goed of af.",
        "c_approved": "Voer haar uit met 'wikitrack correction apply'.",
        "c_reverted": "Ze is teruggedraaid: lees de samenvatting en het overleg.",
        "c_overwritten": "Ze is overschreven: kijk of het gegeven nog klopt.",
        "review": "Reviewverzoek #{id} staat open{due}: {reason} Neem het in behandeling.",
        "review_due": " (streefdatum {due})",
        "maintenance": "Onderhoudssjabloon {{{{{template}}}}}{reason}. Voeg een betrouwbare "
        "bron toe of stel een correctie voor.",
        "outdated": "Gemarkeerd als verouderd met {{{{{template}}}}}{reason}. Werk de gegevens "
        "bij met een actuele bron.",
        "old_date": "Infobox: {param} = {value} met peildatum {date}{date_param}. Stel een "
        "correctie voor met een recenter cijfer en bron.",
        "old_date_inline": "Infobox: {param} = {value}, een gegeven uit {date}. Stel een "
        "correctie voor met een recenter cijfer en bron.",
        "old_date_ref": "Infobox: {param} = {value}, volgens een bron van {date}. Stel een "
        "correctie voor met een recenter cijfer en bron.",
        "talk_unanswered": "Vraag op de overlegpagina ('{section}'{user}) zonder antwoord. "
        "Beantwoord haar als ze ons terrein raakt.",
        "talk_by": ", van {user}",
        "of_correction": "Het is het verzoek van correctie #{id}.",
        "dead_link": "Dode link: {url}. Zoek een werkende of gearchiveerde versie van de bron.",
        "unreferenced_section": "Sectie '{section}' ({chars} tekens) heeft geen enkele bron. "
        "Zoek bronnen voor wat er staat.",
        "reason": " ({reason})",
        "months": "jan feb mrt apr mei jun jul aug sep okt nov dec",
    },
    "en": {
        "title": "Health of our lemmas",
        "generated": "Generated",
        "intro": "What is wrong on our lemmas now, most urgent first.",
        "none": "No open problems found.",
        "score": "weight",
        "fewer": "{n} open {noun} fewer than on {date}",
        "more": "{n} open {noun} more than on {date}",
        "same": "As many open problems as on {date} ({n})",
        "first": "First measurement: {n} open {noun}",
        "problem": "problem",
        "problems": "problems",
        "solved": "Solved since {date}",
        "solved_by": "solved by correction {ids}",
        "since": "since {date}",
        "at_least": "at least since {date}",
        "do": "What to do",
        "history": "history",
        "talk": "talk",
        "deleted": "The page no longer exists{when}. Remove the lemma from the watchlist, or "
        "ask an administrator to restore it if it was deleted wrongly.",
        "deleted_when": " (deleted {date} by {user}: {comment})",
        "nomination": "Nominated for deletion with {{{{{template}}}}}{reason}. Respond on "
        "Wikipedia:Te beoordelen pagina's or improve the article within the two weeks.",
        "own_request": "Our request on the talk page ('{section}') has no answer yet. Ask for "
        "attention again in the section, or on Wikipedia:De kroeg.",
        "correction": "Correction #{id} is open ({status}): {what} {todo}",
        "c_proposed": "Review it and approve or reject it.",
        "c_approved": "Apply it with 'wikitrack correction apply'.",
        "c_reverted": "It was reverted: read the summary and the talk page.",
        "c_overwritten": "It was overwritten: check whether the fact still holds.",
        "review": "Review request #{id} is open{due}: {reason} Take it on.",
        "review_due": " (due {due})",
        "maintenance": "Maintenance template {{{{{template}}}}}{reason}. Add a reliable source "
        "or propose a correction.",
        "outdated": "Marked as outdated with {{{{{template}}}}}{reason}. Update the facts with a "
        "current source.",
        "old_date": "Infobox: {param} = {value}, reference date {date}{date_param}. Propose "
        "a correction with a recent figure and source.",
        "old_date_inline": "Infobox: {param} = {value}, a figure from {date}. Propose a "
        "correction with a recent figure and source.",
        "old_date_ref": "Infobox: {param} = {value}, from a source dated {date}. Propose a "
        "correction with a recent figure and source.",
        "talk_unanswered": "Talk-page question ('{section}'{user}) without an answer. Answer it "
        "if it concerns our area.",
        "talk_by": ", by {user}",
        "of_correction": "It is the request of correction #{id}.",
        "dead_link": "Dead link: {url}. Find a working or archived version of the source.",
        "unreferenced_section": "Section '{section}' ({chars} characters) has no reference at "
        "all. Find sources for what it says.",
        "reason": " ({reason})",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    },
}


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
        return s["correction"].format(
            todo=todo, id=d.get("id", ""), status=d.get("status"), what=what
        )
    if kind == "review":
        due = s["review_due"].format(due=d["due"]) if d.get("due") else ""
        reason = _sentence(str(d.get("reason", "")))
        return s["review"].format(id=d.get("id", ""), due=due, reason=reason)
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
    if kind == "unreferenced_section":
        return s["unreferenced_section"].format(
            section=d.get("section", ""), chars=d.get("chars", 0)
        )
    return kind


def _item(f: Finding, weight: float, title: str, api_url: str, lang: str) -> HealthItem:
    s = HEALTH_STRINGS[lang]
    index, article = wiki_links(api_url)
    page = title.replace(" ", "_")
    url = article + urllib.parse.quote(page)
    if f.kind in ("talk_unanswered", "own_request"):
        url = article + urllib.parse.quote("Overleg:" + page)
        url += "#" + urllib.parse.quote(str(f.details.get("section", "")).replace(" ", "_"))
    elif f.kind in ("nomination", "maintenance", "outdated"):
        url = index + "?" + urllib.parse.urlencode({"title": title, "action": "history"})
    since = ""
    if f.since and f.kind != "deleted":  # the text gives the deletion's date
        exact = f.details.get("since_exact", True)
        since = s["since" if exact else "at_least"].format(date=_day(f.since, lang))
    details = dict(f.details)
    if f.kind == "deleted" and f.since:
        details["date"] = f.since
    return HealthItem(f.kind, describe_finding(f.kind, details, lang), since, url, weight)


def _trend(n_now: int, before: Sequence[Mapping[str, Any]] | None, when: str, lang: str) -> str:
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
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    rules: HealthRules,
    api_url: str,
    lang: str = "nl",
    now: str = "",
    before: Mapping[str, tuple[str, Sequence[Mapping[str, Any]]]] | None = None,
    solving: Mapping[tuple[int, str], Sequence[int]] | None = None,
) -> HealthReport:
    """Rank each area's lemmas by the weights of their findings (`store.health.health_rows`
    rows per area slug). `before`: per area, (started, rows) of the run to compare with;
    `solving`: corrections applied since then on the lemma of a solved finding."""
    s = HEALTH_STRINGS[lang]
    _, article = wiki_links(api_url)
    out = []
    for slug, name in areas:
        area_rows = rows.get(slug, [])
        by_page: dict[int, tuple[str, list[Finding]]] = {}
        for r in area_rows:
            title, found = by_page.setdefault(r["page_id"], (r["title"], []))
            found.append(Finding(r["kind"], r["key"], dict(r["details"]), r["since"] or ""))
        ranked = rank_lemmas(((pid, t, f) for pid, (t, f) in by_page.items()), rules)
        lemmas = tuple(
            LemmaEntry(
                rank=i,
                title=lem.title,
                url=article + urllib.parse.quote(lem.title.replace(" ", "_")),
                score=lem.score,
                items=tuple(
                    _item(f, rules.weight(f.kind), lem.title, api_url, lang) for f in lem.findings
                ),
            )
            for i, lem in enumerate(ranked, 1)
        )
        started, previous = (before or {}).get(slug, ("", None))  # type: ignore[assignment]
        solved: list[Solved] = []
        if previous is not None:
            now_keys = {(r["page_id"], r["key"]) for r in area_rows}
            for r in previous:
                if (r["page_id"], r["key"]) in now_keys:
                    continue
                ids = tuple((solving or {}).get((r["page_id"], r["key"]), ()))
                text = describe_finding(r["kind"], r["details"], lang)
                if ids:
                    text += " — " + s["solved_by"].format(ids=", ".join(f"#{i}" for i in ids))
                solved.append(Solved(r["title"], text, ids))
        out.append(
            AreaHealth(
                slug,
                name,
                lemmas,
                len(area_rows),
                _trend(len(area_rows), previous, started, lang),
                tuple(solved),
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


# -- renderers ----------------------------------------------------------------------------------


def render_text(report: HealthReport, *, heading: bool = True) -> str:
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


def render_markdown(report: HealthReport, *, heading: bool = True) -> str:
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


def render_html(report: HealthReport, *, fragment: bool = False) -> str:
    """A self-contained page, or with `fragment` a section to put into another page."""
    return _ENV.get_template("health.html.j2").render(r=report, s=report.strings, fragment=fragment)


def health_rows(report: HealthReport) -> list[dict[str, Any]]:
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


def render_health(report: HealthReport, fmt: str, *, heading: bool = True) -> str:
    if fmt == "json":
        data = dataclasses.asdict(report)
        data.pop("strings")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(report, heading=heading)
    if fmt == "html":
        return render_html(report, fragment=not heading)
    return render_text(report, heading=heading)
