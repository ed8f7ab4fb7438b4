"""Pure: stored changes -> a report model -> text, Markdown, HTML or JSON. No I/O.

Everything that comes from the wiki (titles, user names, edit summaries, wikitext) is
attacker-controlled: the HTML template autoescapes it, Markdown escapes it, and plain text drops
control characters (a summary could otherwise move a terminal's cursor or hide lines).
"""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader

from .describe import describe_change

__all__ = [
    "Entry",
    "LemmaReport",
    "AreaReport",
    "Priority",
    "Report",
    "build_report",
    "render_text",
    "render_markdown",
    "render_html",
    "render_json",
    "render",
    "FORMATS",
    "wiki_links",
    "guideline_summary",
    "TIMEZONE",
]

FORMATS = ("text", "markdown", "html", "json")
TIMEZONE = ZoneInfo("Europe/Amsterdam")  # whatever the machine's locale (cron: LANG=C)

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Wikipedia-wijzigingen",
        "window": "Periode",
        "generated": "Gemaakt op",
        "act_first": "Eerst bekijken",
        "no_changes": "Geen wijzigingen in deze periode.",
        "by": "door",
        "logged_out": "niet ingelogd",
        "temp": "tijdelijk account",
        "team": "teamaccount",
        "bot": "bot",
        "summary": "samenvatting",
        "diff": "verschil",
        "revision": "versie",
        "reverted": "teruggedraaid",
        "folded": "Bewerking van {user} is al teruggedraaid door {reverter}",
        "activity": "Activiteit per beleidsterrein, laatste 30 dagen",
        "changes": "wijzigingen",
        "change": "wijziging",
        "p_nomination": "Verwijdernominatie",
        "p_blanked": "Pagina leeggehaald, niet teruggedraaid",
        "p_large_removal": "Grote verwijdering, niet teruggedraaid",
        "p_fact": "Infobox-gegeven gewijzigd",
        "p_team": "Bewerking door een teamaccount zonder gelogde correctie",
        "p_talk": "Nieuwe overlegsectie",
        "p_overdue": "Reviewverzoek over de streefdatum",
        "p_problem": "Volglijst niet gelezen, herstel het bestand",
        "p_correction": "Correctie teruggedraaid of overschreven",
        "p_guideline": "Correctie wacht, met bevindingen van de richtlijncheck",
        "g_stop": "harde stop",
        "g_warning": "waarschuwing",
        "g_see": "bekijk met",
        "s_proposed": "voorgesteld",
        "s_approved": "goedgekeurd",
        "months": "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "more": "nog {n} {noun}, samengevat",
        "summarised": "Te veel voor één mail: {shown} van de {total} wijzigingen staan hier "
        "uitgeschreven, de rest per lemma geteld. Alles staat in 'wikitrack report "
        "--since {since}' en in de webweergave ('wikitrack serve').",
    },
    "en": {
        "title": "Wikipedia changes",
        "window": "Period",
        "generated": "Generated",
        "act_first": "Act on these first",
        "no_changes": "No changes in this period.",
        "by": "by",
        "logged_out": "logged out",
        "temp": "temporary account",
        "team": "team account",
        "bot": "bot",
        "summary": "summary",
        "diff": "diff",
        "revision": "revision",
        "reverted": "reverted",
        "folded": "Edit by {user} already reverted by {reverter}",
        "activity": "Activity per policy area, last 30 days",
        "changes": "changes",
        "change": "change",
        "p_nomination": "Deletion nomination",
        "p_blanked": "Page blanked, not reverted",
        "p_large_removal": "Large removal, not reverted",
        "p_fact": "Infobox fact changed",
        "p_team": "Edit by a team account without a logged correction",
        "p_talk": "New talk-page section",
        "p_overdue": "Review request past its due date",
        "p_problem": "Watchlist not read, fix the file",
        "p_correction": "Correction reverted or overwritten",
        "p_guideline": "Correction waiting, with guideline findings",
        "g_stop": "hard stop",
        "g_warning": "warning",
        "g_see": "see",
        "s_proposed": "proposed",
        "s_approved": "approved",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "more": "{n} more {noun}, summarised",
        "summarised": "Too much for one mail: {shown} of the {total} changes are written out "
        "here, the rest counted per lemma. Everything is in 'wikitrack report --since {since}' "
        "and in the web view ('wikitrack serve').",
    },
}
# The guideline check's rules (guideline.py) as staff read them. A report names the rule,
# never the words found: those may be exactly the personal data that must not travel by mail.
GUIDELINE_RULES: dict[str, dict[str, str]] = {
    "nl": {
        "bsn": "burgerservicenummer",
        "iban": "rekeningnummer",
        "phone": "mobiel nummer",
        "email": "persoonlijk e-mailadres",
        "confidential": "vertrouwelijk materiaal",
        "disclosure": "zegt niet namens wie",
        "first_person": "wij-vorm",
        "promotional": "wervende woorden",
        "unsourced_number": "getal zonder bron",
        "arguing": "betogende toon",
        "person_name": "naam van een persoon",
    },
    "en": {
        "bsn": "citizen service number",
        "iban": "bank account number",
        "phone": "mobile number",
        "email": "personal e-mail address",
        "confidential": "confidential material",
        "disclosure": "does not say on whose behalf",
        "first_person": "first person",
        "promotional": "promotional words",
        "unsourced_number": "number without a source",
        "arguing": "argumentative tone",
        "person_name": "name of a person",
    },
}
PRIORITY_ORDER = (
    "problem",
    "nomination",
    "blanked",
    "large_removal",
    "correction",
    "fact",
    "team",
    "talk",
    "guideline",
    "overdue",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Entry:
    """One revision or page event of a lemma, as people read it."""

    time: str
    user: str
    lines: tuple[str, ...]
    comment: str = ""
    anon: bool = False
    temp: bool = False
    team: bool = False
    bot: bool = False
    reverted: bool = False
    folded: bool = False
    words: tuple[dict[str, str], ...] = ()
    diff_url: str = ""
    rev_url: str = ""
    revid: int | None = None
    edits: int = 1  # revisions and page events this entry stands for (a folded revert: 2+)


@dataclass(frozen=True)
class LemmaReport:
    title: str
    url: str
    entries: tuple[Entry, ...]
    more: int = 0  # entries left out of a summarised report (see `summarise`)


@dataclass(frozen=True)
class AreaReport:
    slug: str
    name: str
    lemmas: tuple[LemmaReport, ...]

    @property
    def change_count(self) -> int:
        """Edits and page events, counted as the activity chart counts them: a folded revert
        is the edits it stands for, not one line."""
        return sum(e.edits for lem in self.lemmas for e in lem.entries) + sum(
            lem.more for lem in self.lemmas
        )


@dataclass(frozen=True)
class Priority:
    kind: str
    label: str
    title: str
    url: str
    text: str
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    window: str
    generated: str
    areas: tuple[AreaReport, ...]
    priorities: tuple[Priority, ...]
    activity: tuple[tuple[str, tuple[int, ...]], ...] = ()
    activity_days: tuple[str, ...] = ()
    strings: dict[str, str] = field(default_factory=dict)
    note: str = ""  # set by `summarise`: what was left out and where to read it all

    @property
    def empty(self) -> bool:
        return not any(a.lemmas for a in self.areas) and not self.priorities


def wiki_links(api_url: str) -> tuple[str, str]:
    """(index.php URL, article path prefix) for links from the API URL."""
    base = api_url.rsplit("/", 1)[0]
    return base + "/index.php", base + "/index.php?title="


def format_time(timestamp: str, lang: str, *, seconds: bool = False) -> str:
    """'2026-11-25T17:09:27Z' -> '25 nov 2026 18:09' in Europe/Amsterdam."""
    if not timestamp:
        return ""
    try:
        dt = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return timestamp
    local = dt.astimezone(TIMEZONE)
    month = STRINGS[lang]["months"].split()[local.month - 1]
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{local.day} {month} {local.year} {clock}"


def format_period(start: str, end: str, lang: str) -> str:
    """'24 nov 2026 05:30 – 25 nov 2026 05:30'; to the second when minutes would make a real
    period look zero-length; only the end when there is no start."""
    if not start:
        return format_time(end, lang)
    first, last = format_time(start, lang), format_time(end, lang)
    if first == last:
        first, last = format_time(start, lang, seconds=True), format_time(end, lang, seconds=True)
    return f"{first} – {last}"


def _url(index: str, **params: Any) -> str:
    return index + "?" + urllib.parse.urlencode(params)


def _entry_for(rows: list[dict[str, Any]], index: str, lang: str) -> Entry:
    first = rows[0]
    lines: list[str] = []
    words: list[dict[str, str]] = []
    for r in rows:
        lines.append(describe_change(r["kind"], r["details"], r["category"], lang))
        words.extend(r["details"].get("words", []) if isinstance(r["details"], dict) else [])
    revid = first["revid"]
    return Entry(
        time=format_time(first["timestamp"], lang),
        user=first["user"] or first["details"].get("user", ""),
        lines=tuple(lines),
        comment=first["comment"] or first["details"].get("comment", "") or "",
        anon=bool(first["anon"]),
        temp=bool(first["temp"]),
        team=bool(first["is_team"]),
        bot=bool(first["bot"]),
        reverted=bool(first["reverted_by"]),
        words=tuple(words[:8]),
        diff_url=_url(index, diff=revid, oldid=first["parent_id"])
        if revid and first["parent_id"]
        else "",
        rev_url=_url(index, oldid=revid) if revid else "",
        revid=revid,
    )


def _lemma_entries(rows: list[dict[str, Any]], index: str, lang: str) -> list[Entry]:
    """Entries of one lemma, oldest first; reverted vandalism folded into one line."""
    by_key: dict[Any, list[dict[str, Any]]] = {}
    for r in rows:
        by_key.setdefault(r["revid"] or f"log{r['log_id'] or r['id']}", []).append(r)
    revids = {r["revid"] for r in rows if r["revid"]}
    folded_away: set[int] = set()
    entries: list[Entry] = []
    s = STRINGS[lang]
    for key, group in by_key.items():
        reverts = json.loads(group[0].get("reverts") or "[]") if group[0]["revid"] else []
        if reverts and set(reverts) <= revids:
            undone = [by_key[r] for r in reverts if r in by_key]
            users = ", ".join(sorted({u[0]["user"] for u in undone}))
            undid = [
                describe_change(u["kind"], u["details"], u["category"], lang)
                for g in undone
                for u in g
            ][:2]
            # One line: what was undone belongs to the fold, not to the reverter's edit.
            folded = s["folded"].format(user=users, reverter=group[0]["user"])
            lines = [f"{folded}: {'; '.join(undid)}" if undid else folded]
            base = _entry_for(group, index, lang)
            entries.append(
                dataclasses.replace(
                    base, lines=tuple(lines), folded=True, words=(), edits=1 + len(undone)
                )
            )
            folded_away.update(reverts)
            folded_away.add(key)
    for key, group in by_key.items():
        if key in folded_away:
            continue
        entries.append(_entry_for(group, index, lang))
    entries.sort(key=lambda e: (e.revid or 0, e.time))
    return entries


def _priorities(
    rows: Iterable[dict[str, Any]],
    index: str,
    article: str,
    lang: str,
    logged_team_revids: set[int] | None,
) -> list[Priority]:
    s = STRINGS[lang]
    out: dict[tuple[str, Any], Priority] = {}

    def add(kind: str, r: dict[str, Any]) -> None:
        key = (kind, r["revid"] or r["id"])
        if key in out:
            return
        out[key] = Priority(
            kind=kind,
            label=s[f"p_{kind}"],
            title=r["title"],
            url=article + urllib.parse.quote(r["title"].replace(" ", "_")),
            text=describe_change(r["kind"], r["details"], r["category"], lang),
            areas=tuple(r["areas"]),
        )

    for r in rows:
        live = not r["reverted_by"]
        if r["kind"] == "template_added" and r["category"] == "nomination" and live:
            add("nomination", r)
        elif r["kind"] in ("blanked", "large_removal") and live:
            add(r["kind"], r)
        elif r["kind"] == "template_param_changed" and r["category"] == "fact" and live:
            add("fact", r)
        elif r["kind"] == "talk_section_added":
            add("talk", r)
        elif r["kind"] in ("correction_reverted", "correction_overwritten"):
            add("correction", r)
        if r["is_team"] and logged_team_revids is not None and r["revid"] not in logged_team_revids:
            add("team", r)
    return sorted(out.values(), key=lambda p: PRIORITY_ORDER.index(p.kind))


def build_report(
    rows: Sequence[dict[str, Any]],
    areas: Sequence[tuple[str, str]],
    *,
    api_url: str,
    lang: str = "nl",
    window: tuple[str, str] = ("", ""),
    now: str = "",
    activity: dict[str, list[int]] | None = None,
    logged_team_revids: set[int] | None = None,
    overdue: Sequence[dict[str, Any]] = (),
    notices: Sequence[str] = (),
    guideline: Sequence[dict[str, Any]] = (),
) -> Report:
    """Group stored changes (`store.iter_changes` rows) by area, then lemma, then revision.

    `areas` is (slug, display name) in the order to show; a row appears under every area that
    watches its lemma. `logged_team_revids`: team revisions that have a logged correction
    (None: do not flag team edits).
    """
    s = STRINGS[lang]
    index, article = wiki_links(api_url)
    names = dict(areas)
    per_area: dict[str, dict[str, list[dict[str, Any]]]] = {slug: {} for slug, _ in areas}
    for r in rows:
        for slug in r["areas"]:
            if slug in per_area:
                per_area[slug].setdefault(r["title"], []).append(r)
    area_reports = []
    for slug, _ in areas:
        lemmas = []
        for title in sorted(per_area[slug]):
            url = article + urllib.parse.quote(title.replace(" ", "_"))
            lemmas.append(
                LemmaReport(title, url, tuple(_lemma_entries(per_area[slug][title], index, lang)))
            )
        area_reports.append(AreaReport(slug, names[slug], tuple(lemmas)))
    wanted = {slug for slug, _ in areas}
    priorities = _priorities(
        [r for r in rows if wanted & set(r["areas"])], index, article, lang, logged_team_revids
    )
    priorities[:0] = [
        Priority(kind="problem", label=s["p_problem"], title=where, url="", text=what)
        for where, _, what in (n.partition(": ") for n in notices)
    ]
    for req in overdue:
        if req.get("area") in wanted:
            priorities.append(
                Priority(
                    kind="overdue",
                    label=s["p_overdue"],
                    title=req["title"],
                    url=article + urllib.parse.quote(req["title"].replace(" ", "_")),
                    text=f"#{req['id']}: {req.get('reason', '')} ({req.get('due', '')})",
                    areas=(req["area"],),
                )
            )
    priorities += [
        _guideline_priority(c, article, lang) for c in guideline if c.get("area") in wanted
    ]
    days: tuple[str, ...] = ()
    chart: tuple[tuple[str, tuple[int, ...]], ...] = ()
    if activity is not None:
        end = (
            datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            if now
            else datetime.now(UTC)
        )
        local_end = end.astimezone(TIMEZONE).date()
        days = tuple((local_end - timedelta(days=29 - i)).strftime("%d-%m") for i in range(30))
        chart = tuple(
            (names[slug], tuple(activity.get(slug, [0] * 30))) for slug, _ in areas if slug in names
        )
    start, end_ts = window
    return Report(
        lang=lang,
        title=s["title"],
        window=format_period(start, end_ts, lang),
        generated=format_time(now, lang) if now else "",
        areas=tuple(area_reports),
        priorities=tuple(priorities),
        activity=chart,
        activity_days=days,
        strings=s,
    )


def guideline_summary(correction: dict[str, Any], lang: str) -> str:
    """One line on a correction's guideline findings: its rules, never the words found."""
    s, labels = STRINGS[lang], GUIDELINE_RULES[lang]
    parts = []
    for level, label in (("stop", s["g_stop"]), ("warning", s["g_warning"])):
        rules = sorted({f["rule"] for f in correction["guideline"] if f["level"] == level})
        if rules:
            parts.append(f"{label}: {', '.join(labels.get(r, r) for r in rules)}")
    return "; ".join(parts)


def _guideline_priority(correction: dict[str, Any], article: str, lang: str) -> Priority:
    s = STRINGS[lang]
    status = s.get(f"s_{correction['status']}", correction["status"])
    return Priority(
        kind="guideline",
        label=s["p_guideline"],
        title=correction["title"],
        url=article + urllib.parse.quote(correction["title"].replace(" ", "_")),
        text=(
            f"#{correction['id']} ({status}): {guideline_summary(correction, lang)} "
            f"({s['g_see']} 'wikitrack correction check {correction['id']}')"
        ),
        areas=(correction["area"],),
    )


def summarise(report: Report, max_entries: int, since: str) -> Report:
    """The report with at most `max_entries` entries written out (in the report's order);
    beyond that each lemma only counts its changes, and a note says where all of it is.
    Keeps a mail readable and small whatever a night brings (a bot run, a mass revert)."""
    total = sum(len(lem.entries) for a in report.areas for lem in a.lemmas)
    if total <= max_entries:
        return report
    left = max_entries
    areas = []
    for area in report.areas:
        lemmas = []
        for lem in area.lemmas:
            kept, hidden = lem.entries[:left], lem.entries[left:]
            left -= len(kept)
            more = sum(e.edits for e in hidden)
            lemmas.append(dataclasses.replace(lem, entries=kept, more=more))
        areas.append(dataclasses.replace(area, lemmas=tuple(lemmas)))
    edits = sum(e.edits for a in report.areas for lem in a.lemmas for e in lem.entries)
    shown = edits - sum(lem.more for a in areas for lem in a.lemmas)
    note = report.strings["summarised"].format(shown=shown, total=edits, since=since)
    return dataclasses.replace(report, areas=tuple(areas), note=note)


def _more(lemma: LemmaReport, s: dict[str, str]) -> str:
    return s["more"].format(n=lemma.more, noun=s["change"] if lemma.more == 1 else s["changes"])


# -- renderers ----------------------------------------------------------------------------------


def _plain(text: Any) -> str:
    return _CONTROL.sub("", str(text))


def _who(e: Entry, s: dict[str, str]) -> str:
    flags = [
        s[k]
        for k, on in (("logged_out", e.anon), ("temp", e.temp), ("team", e.team), ("bot", e.bot))
        if on
    ]
    return e.user + (f" ({', '.join(flags)})" if flags else "")


def _by(e: Entry, s: dict[str, str], escape: Any) -> str:
    """' door NAME (flags)', or nothing when the actor is unknown (a hidden user, a page event
    without its log entry): never a dangling 'door'."""
    return f" {s['by']} {escape(_who(e, s))}" if e.user else ""


def render_text(report: Report) -> str:
    s = report.strings
    out = [f"{report.title}", f"{s['window']}: {report.window}", ""]
    if report.note:
        out += [report.note, ""]
    if report.priorities:
        out.append(f"{s['act_first']}:")
        for p in report.priorities:
            out.append(f"  ! {p.label}: {_plain(p.title)} — {_plain(p.text)}")
        out.append("")
    if report.empty:
        out.append(s["no_changes"])
    for area in report.areas:
        if not area.lemmas:
            continue
        noun = s["change"] if area.change_count == 1 else s["changes"]
        out.append(f"== {area.name} ({area.change_count} {noun}) ==")
        for lemma in area.lemmas:
            out.append(f"* {_plain(lemma.title)}  <{lemma.url}>")
            for e in lemma.entries:
                mark = f" [{s['reverted']}]" if e.reverted and not e.folded else ""
                out.append(f"  - {e.time}{_by(e, s, _plain)}{mark}")
                for line in e.lines:
                    out.append(f"      {_plain(line)}")
                if e.comment:
                    out.append(f"      {s['summary']}: {_plain(e.comment)}")
                if e.diff_url:
                    out.append(f"      {s['diff']}: {e.diff_url}")
            if lemma.more:
                out.append(f"  - {_more(lemma, s)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def _md(text: Any) -> str:
    """Markdown-escaped text; &, < and > as entities, so no HTML gets through either."""
    plain = _plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", plain)


def render_markdown(report: Report) -> str:
    s = report.strings
    out = [f"# {_md(report.title)}", "", f"{s['window']}: {_md(report.window)}", ""]
    if report.note:
        out += [f"*{_md(report.note)}*", ""]
    if report.priorities:
        out += [f"## {s['act_first']}", ""]
        for p in report.priorities:
            out.append(f"- **{_md(p.label)}**: [{_md(p.title)}](<{p.url}>) — {_md(p.text)}")
        out.append("")
    if report.empty:
        out.append(s["no_changes"])
    for area in report.areas:
        if not area.lemmas:
            continue
        out += [f"## {_md(area.name)}", ""]
        for lemma in area.lemmas:
            out += [f"### [{_md(lemma.title)}](<{lemma.url}>)", ""]
            for e in lemma.entries:
                link = f" ([{s['diff']}](<{e.diff_url}>))" if e.diff_url else ""
                out.append(f"- {_md(e.time)}{_by(e, s, _md)}{link}")
                for line in e.lines:
                    out.append(f"  - {_md(line)}")
                if e.comment:
                    out.append(f"  - *{s['summary']}*: {_md(e.comment)}")
            if lemma.more:
                out.append(f"- {_md(_more(lemma, s))}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_ENV = Environment(
    loader=PackageLoader("wikitrack", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: Report) -> str:
    """One self-contained file: inline CSS, no scripts, no external resources."""
    peak = max([max(values) for _, values in report.activity] + [1])
    return _ENV.get_template("report.html.j2").render(
        r=report, s=report.strings, peak=peak, who=_who, more=_more
    )


def render_json(report: Report) -> str:
    data = dataclasses.asdict(report)
    data.pop("strings")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(report: Report, fmt: str) -> str:
    return {
        "text": render_text,
        "markdown": render_markdown,
        "html": render_html,
        "json": render_json,
    }[fmt](report)
